/* runtime/explain_hires.c: the derivation of a target of hires: its rules by date, each hire row counted or not (and why), the target they add up to, its status and what it lacks. */
#include "explain_impl.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"

const char *explain_hires_id(const EvalRun *e, const EvalHiresTarget *h)
{
    const char *scope = e->model->scopes[h->scope].id;
    return h->owner ? rt_sprintf("%s/%s/%s", scope, h->nature, h->owner) : rt_sprintf("%s/%s", scope, h->nature);
}

static const EvalHiresTarget *find(const EvalRun *e, const char *id)
{
    for (int i = 0; i < e->nhires; i++)
        if (strcmp(explain_hires_id(e, &e->hires[i]), id) == 0)
            return &e->hires[i];
    return NULL;
}

/*
** The evaluator folds each hire into its targets' sums and keeps no row: the
** embauches table is read once more, and each row of the target judged by
** eval_hires_judge (the evaluator's own tests) against the verdicts the run
** kept (rejections, participants' eligibility and entry month).
*/

typedef struct HireRows {
    const EvalRun *e;
    int k;                       /* the target, in e->hires */
    long *rejected;              /* lines of the embauches rows the run rejected, sorted */
    const EvalReject **why;      /* beside each: its rejection */
    long nrejected;
    ExplainNode *into;
    long counted, eligible, not_counted, rejects;
} HireRows;

static int compare_rejects(const void *a, const void *b)
{
    const EvalReject *x = *(const EvalReject *const *)a, *y = *(const EvalReject *const *)b;
    return (x->line > y->line) - (x->line < y->line);
}

static void collect_rejects(HireRows *h)
{
    const EvalRun *e = h->e;
    const char *file = e->state->files[M_TABLE_EMBAUCHES];
    h->why = RT_NEW_ARRAY(const EvalReject *, e->nrejects + 1);
    for (long i = 0; i < e->nrejects; i++)
        if (file && e->rejects[i].file == file)
            h->why[h->nrejected++] = &e->rejects[i];
    qsort(h->why, (size_t)h->nrejected, sizeof *h->why, compare_rejects);
}

static const EvalReject *rejection_of(const HireRows *h, long line)
{
    long lo = 0, hi = h->nrejected;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (h->why[mid]->line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < h->nrejected && h->why[lo]->line == line ? h->why[lo] : NULL;
}

/* Why a counted hire's participant is not eligible at its date: no participant
** (or one the run does not know), not eligible (judged at entry), or the hire
** outside the eligibility period. */
static void not_eligible(const EvalRun *e, int participant, const char *pid, ExplainNode *n)
{
    const Model *m = e->model;
    n->verdict = "comptee";
    if (participant < 0) {
        n->reason = "sans_participant";
        n->text = SAYF(("%s : comptée, %s", n->text.fr, pid ? "participant inconnu" : "sans participant"),
                       ("%s: counted, %s", n->text.en, pid ? "unknown participant" : "no participant"));
    } else if (!e->state->hot[participant].eligible) {
        n->reason = "participant_non_eligible";
        n->text = SAYF(("%s : comptée, participant non éligible", n->text.fr), ("%s: counted, participant not eligible", n->text.en));
        ExplainNode *p = explain_node(n, "participant",
            SAYF(("participant %s non éligible à sa date d'entrée", pid), ("participant %s not eligible at entry", pid)));
        p->source = explain_row_source(e, M_TABLE_PARTICIPANTS, e->participants[participant]->line);
    } else {
        n->reason = "hors_periode_eligibilite";
        n->text = SAYF(("%s : comptée, embauche hors de la période d'éligibilité (éligibilité valable %d mois)", n->text.fr,
                        m->elig_months),
                       ("%s: counted, hire outside the eligibility period (eligibility lasts %d months)", n->text.en,
                        m->elig_months));
        explain_node(n, "article", explain_article(&m->elig_prov))->source = explain_prov_source(&m->elig_prov);
    }
}

static void hire_row(void *rows, const DataRow *row)
{
    HireRows *h = rows;
    const EvalRun *e = h->e;
    const MStdColumns *sc = &e->model->std;
    const Value *v = row->values;
    const MRule *rule = NULL;
    int participant = -1;
    EvalHireVerdict verdict = eval_hires_judge(e, h->k, row, &rule, &participant);
    if (verdict == EVAL_HIRE_OTHER)
        return;
    const char *pid = sc->e_participant >= 0 ? eval_text_or_null(v[sc->e_participant]) : NULL;
    Date d = v[sc->e_date].as.date;
    const char *side = explain_period_side_of_day(e, d);
    Say when = explain_period_words(side);
    ExplainNode *n = explain_node(h->into, "embauche",
        SAYF(("%s, %s%s, %s, %s%s%s", v[sc->e_id].as.text, date_to_french(d), when.fr, v[sc->e_scope].as.text,
              v[sc->e_owner].as.text, pid ? ", " : "", pid ? pid : ""),
             ("%s, %s%s, %s, %s%s%s", v[sc->e_id].as.text, date_to_iso(d), when.en, v[sc->e_scope].as.text,
              v[sc->e_owner].as.text, pid ? ", " : "", pid ? pid : "")));
    n->period = side;
    n->source = explain_row_source(e, M_TABLE_EMBAUCHES, row->line);
    const EvalReject *r = rejection_of(h, row->line);
    if (r) {
        h->rejects++;
        n->verdict = "rejetee";
        n->reason = "ligne_rejetee";
        n->text = SAYF(("%s : rejetée, %s", n->text.fr, r->why.fr), ("%s: rejected, %s", n->text.en, say_english(r->why, true)));
    } else if (verdict == EVAL_HIRE_AFTER_AU || verdict == EVAL_HIRE_OUT_OF_PERIOD || verdict == EVAL_HIRE_NO_RULE) {
        h->not_counted++;
        n->verdict = "non_comptee";
        const Model *m = e->model;
        if (verdict == EVAL_HIRE_AFTER_AU) {
            n->reason = "apres_date_evaluation";
            n->text = SAYF(("%s : non comptée, embauche après la date d'évaluation (%s)", n->text.fr, date_to_french(e->au)),
                           ("%s: not counted, hire after the evaluation date (%s)", n->text.en, date_to_iso(e->au)));
        } else if (verdict == EVAL_HIRE_OUT_OF_PERIOD) {
            n->reason = "hors_periode_charte";
            n->text = SAYF(("%s : non comptée, embauche hors de la période de la charte (%s – %s)", n->text.fr,
                            m->valid_from != DATE_NONE ? date_to_french(m->valid_from) : "…",
                            m->valid_to != DATE_NONE ? date_to_french(m->valid_to) : "…"),
                           ("%s: not counted, hire outside the charter's period (%s – %s)", n->text.en,
                            m->valid_from != DATE_NONE ? date_to_iso(m->valid_from) : "…",
                            m->valid_to != DATE_NONE ? date_to_iso(m->valid_to) : "…"));
        } else {
            n->reason = "pas_en_vigueur";
            n->text = SAYF(("%s : non comptée, aucune règle de l'objectif en vigueur à cette date", n->text.fr),
                           ("%s: not counted, no rule of the target in force at that date", n->text.en));
        }
    } else {
        h->counted++;
        n->value = eval_copy_num(rule->target);
        n->percent = true;
        if (verdict == EVAL_HIRE_ELIGIBLE) {
            h->eligible++;
            n->verdict = "comptee";
            n->reason = "eligible";
            n->text = SAYF(("%s : comptée, participant éligible à la date d'embauche", n->text.fr),
                           ("%s: counted, participant eligible at the hire date", n->text.en));
        } else {
            not_eligible(e, participant, pid, n);
        }
        /* What the hire adds to the target, and where that rate is written. */
        ExplainNode *t = explain_node(n, "taux",
            SAYF(("+ %s à l'objectif (%s)", explain_percent(rule->target).fr, model_prov_label(&rule->target_prov, false)),
                 ("+ %s to the target (%s)", explain_percent(rule->target).en, model_prov_label(&rule->target_prov, true))));
        t->source = explain_prov_source(&rule->target_prov);
    }
}

/* A target not met: how many more hires, to eligible participants and dated
** at the evaluation date, meet it. Each adds one eligible hire and the rate in
** force to the target, so n(1 − rate) ≥ −gap: n = ⌈−gap ÷ (1 − rate)⌉. None
** when no rule is in force at that date or the rate is 100 % (only hires
** already counted going to eligible participants would close the gap). */
static void why_not(const EvalRun *e, const EvalHiresTarget *h, ExplainNode *root)
{
    if (h->status != EVAL_HIRES_NON_ATTEINT || !h->rate || mpq_cmp_si(h->rate, 1, 1) >= 0)
        return;
    mpq_t per, q;
    mpq_inits(per, q, NULL);
    mpq_set_si(per, 1, 1);
    mpq_sub(per, per, h->rate);
    mpq_neg(q, h->gap);
    mpq_div(q, q, per);
    mpz_t n;
    mpz_init(n);
    mpz_cdiv_q(n, mpq_numref(q), mpq_denref(q));
    long missing = mpz_get_si(n);
    mpz_clear(n);
    mpq_clears(per, q, NULL);
    ExplainNode *w = explain_node(root, "pour_atteindre",
        SAYF(("pour l'atteindre : %s embauche%s de plus, au %s, de participants éligibles (chacune ajoute 1 embauche "
              "éligible et %s à l'objectif)", explain_count(missing).fr, missing > 1 ? "s" : "", date_to_french(e->au),
              explain_percent(h->rate).fr),
             ("to meet it: %s more hire%s, dated %s, of eligible participants (each adds 1 eligible hire and %s to the target)",
              explain_count(missing).en, missing > 1 ? "s" : "", date_to_iso(e->au), explain_percent(h->rate).en)));
    w->value = eval_new_num();
    mpq_set_si(w->value, missing, 1);
}

/* One figure of the period: the hires dated in it, as the difference of the figures at both dates. */
static void period_figure(const EvalRun *e, const char *step, Say what, mpq_srcptr period, mpq_srcptr total, ExplainNode *into)
{
    mpq_ptr before = eval_new_num();
    mpq_sub(before, total, period);
    ExplainNode *n = explain_node(into, step,
        SAYF(("%s : %s = %s au %s − %s au %s", what.fr, explain_figure(period).fr, explain_figure(total).fr,
              date_to_french(e->au), explain_figure(before).fr, date_to_french(e->since - 1)),
             ("%s: %s = %s as of %s − %s as of %s", what.en, explain_figure(period).en, explain_figure(total).en,
              date_to_iso(e->au), explain_figure(before).en, date_to_iso(e->since - 1))));
    n->value = (mpq_ptr)period;
}

static mpq_ptr count_num(long n)
{
    mpq_ptr q = eval_new_num();
    mpq_set_si(q, n, 1);
    return q;
}

/* With a period: the rows dated in it (each row says its side), their count, those to eligible
** participants and their part of the target, each the figure at the evaluation date less the one
** at the day before the period. */
static void hires_period(const EvalRun *e, const EvalHiresTarget *h, ExplainNode *root)
{
    if (e->since == DATE_NONE || !h->period_target)
        return;
    Say span = explain_period_span(e);
    ExplainNode *n = explain_node(root, "periode",
        SAYF(("période %s : les embauches datées de la période", span.fr), ("period %s: the hires dated in it", span.en)));
    period_figure(e, "periode_embauches", say("embauches de la période", "hires of the period"), count_num(h->period_hires),
                  count_num(h->hires), n);
    period_figure(e, "periode_eligibles", say("dont à des participants éligibles", "of which to eligible participants"),
                  count_num(h->period_eligible), count_num(h->eligible), n);
    if (h->target)
        period_figure(e, "periode_objectif", say("objectif de la période", "target of the period"), h->period_target,
                      h->target, n);
}

bool explain_hires(const EvalRun *e, const char *id, const char *dir, Explanation **out, DataError *err)
{
    const EvalHiresTarget *h = find(e, id);
    *out = NULL;
    if (!h)
        return true;
    const Model *m = e->model;
    Explanation *x = RT_NEW(Explanation);
    x->object = EXPLAIN_HIRES;
    x->id = explain_hires_id(e, h);
    x->status = eval_hires_status_id(h->status);
    const char *scope = m->scopes[h->scope].id;
    ExplainNode *root = x->root = explain_node(NULL, "embauches",
        SAYF(("objectif d'embauches %s : nature %s, périmètre %s et ceux qu'il contient%s%s", x->id, h->nature, scope,
              h->owner ? ", maître d'ouvrage " : "", h->owner ? h->owner : ""),
             ("hires target %s: nature %s, scope %s and those inside it%s%s", x->id, h->nature, scope,
              h->owner ? ", owner " : "", h->owner ? h->owner : "")));
    ExplainNode *rules = explain_node(root, "regles",
        say("règles, chacune pour les embauches datées à partir de son entrée en vigueur",
            "rules, each for the hires dated from the day it is in force"));
    for (int i = 0; i < h->nrules; i++) {
        const MRule *r = h->rules[i];
        Say from = r->from == DATE_NONE ? say("dès le début de la charte", "from the charter's start")
                                        : SAYF(("à partir du %s", date_to_french(r->from)), ("from %s", date_to_iso(r->from)));
        ExplainNode *n = explain_node(rules, "regle",
            SAYF(("%s : %s des embauches, %s", model_prov_label(&r->target_prov, false), explain_percent(r->target).fr, from.fr),
                 ("%s: %s of hires, %s", model_prov_label(&r->target_prov, true), explain_percent(r->target).en, from.en)));
        n->value = eval_copy_num(r->target);
        n->percent = true;
        n->source = explain_prov_source(&r->target_prov);
        n->verdict = "retenue";
    }
    *out = x;
    if (h->status == EVAL_HIRES_SANS_DONNEES) {
        explain_node(root, "statut", say("statut : sans fichier embauches", "status: no hires file"))->verdict = x->status;
        return true;
    }
    HireRows rows = { .e = e, .k = (int)(h - e->hires), .into = explain_node(NULL, "embauches_lignes", say("", "")) };
    collect_rejects(&rows);
    /* Every row of the target, in file order. */
    if (!explain_each_row(e->model, dir, M_TABLE_EMBAUCHES, hire_row, &rows, err)) {
        *out = NULL;
        return false;
    }
    ExplainNode *lines = explain_node(root, "embauches_lignes",
        SAYF(("lignes d'embauches de l'objectif : %s (comptées : %s dont %s éligibles, non comptées : %s, rejetées : %s)",
              explain_count(rows.into->nchildren).fr, explain_count(rows.counted).fr, explain_count(rows.eligible).fr,
              explain_count(rows.not_counted).fr, explain_count(rows.rejects).fr),
             ("hire rows of the target: %s (counted: %s of which %s eligible, not counted: %s, rejected: %s)",
              explain_count(rows.into->nchildren).en, explain_count(rows.counted).en, explain_count(rows.eligible).en,
              explain_count(rows.not_counted).en, explain_count(rows.rejects).en)));
    lines->source = e->state->files[M_TABLE_EMBAUCHES];
    lines->children = rows.into->children;
    lines->nchildren = rows.into->nchildren;
    ExplainNode *n = explain_node(root, "embauches_comptees",
        SAYF(("embauches de la période jusqu'au %s : %s, dont %s à des participants éligibles à la date d'embauche",
              date_to_french(e->au), explain_count(h->hires).fr, explain_count(h->eligible).fr),
             ("hires of the period up to %s: %s, of which %s to participants eligible at the hire date",
              date_to_iso(e->au), explain_count(h->hires).en, explain_count(h->eligible).en)));
    n->source = e->state->files[M_TABLE_EMBAUCHES];
    if (h->target) {
        ExplainNode *t = explain_node(root, "objectif",
            SAYF(("objectif : %s embauches éligibles (le taux en vigueur à la date de chaque embauche, additionné)",
                  explain_figure(h->target).fr),
                 ("target: %s eligible hires (the rate in force at each hire's date, added up)", explain_figure(h->target).en)));
        t->value = h->target;
    }
    Say gap = explain_figure(h->gap);
    ExplainNode *s = explain_node(root, "statut",
        h->gap ? SAYF(("statut : %s, écart %s%s", eval_hires_status_label(h->status, false), h->gap && mpq_sgn(h->gap) > 0 ? "+" : "", gap.fr),
                      ("status: %s, gap %s%s", eval_hires_status_label(h->status, true), h->gap && mpq_sgn(h->gap) > 0 ? "+" : "", gap.en))
               : SAYF(("statut : %s", eval_hires_status_label(h->status, false)), ("status: %s", eval_hires_status_label(h->status, true))));
    s->verdict = x->status;
    s->value = h->gap;
    why_not(e, h, root);
    hires_period(e, h, root);
    return true;
}
