/* runtime/explain_lines.c: the hour lines of the contracts explained, each counted or not and why, in one more pass over the data; which condition a participant failed. */
#include "explain_impl.h"

#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"

/*
** The evaluator keeps no hour line: it folds each into its contract's sums.
** This pass reads the heures table again, keeps the lines of the contracts
** asked, and judges each with the evaluator's own eval_hours_decide against
** the verdicts the run kept (the participant's eligibility and entry month).
** A participant not eligible is then looked up in its row, once, to say
** which part of the eligibility condition failed: the charter's words are
** kept, the row's values are not.
*/

struct ExplainLines {
    const EvalRun *e;
    bool *selected;              /* per e->contracts index */
    ExplainNode ***lines;        /* per contract index: its lines, in file order */
    int *nlines;
    ExplainNode ***waiting;      /* per participant index: lines whose participant is not eligible */
    int **waiting_contract;      /* beside each: the line's contract index */
    int *nwaiting;
    const char *unknown;         /* the one id asked, when no contract has it */
    long unknown_lines;          /* the hour lines that name it (rejected: contract unknown) */
    long unknown_first;          /* the first one's line */
};

ExplainLines *explain_lines_new(const EvalRun *e, const char *const *ids, int nids, bool all)
{
    ExplainLines *l = RT_NEW(ExplainLines);
    l->e = e;
    l->selected = rt_alloc_atomic(sizeof(bool) * (size_t)(e->ncontracts + 1));
    memset(l->selected, 0, sizeof(bool) * (size_t)(e->ncontracts + 1));
    l->lines = RT_NEW_ARRAY(ExplainNode **, e->ncontracts + 1);
    l->nlines = rt_alloc_atomic(sizeof(int) * (size_t)(e->ncontracts + 1));
    memset(l->nlines, 0, sizeof(int) * (size_t)(e->ncontracts + 1));
    l->waiting = RT_NEW_ARRAY(ExplainNode **, e->nparticipants + 1);
    l->waiting_contract = RT_NEW_ARRAY(int *, e->nparticipants + 1);
    l->nwaiting = rt_alloc_atomic(sizeof(int) * (size_t)(e->nparticipants + 1));
    memset(l->nwaiting, 0, sizeof(int) * (size_t)(e->nparticipants + 1));
    for (int i = 0; i < e->ncontracts; i++)
        l->selected[i] = all;
    for (int k = 0; k < nids; k++) {
        int i;
        if (ids[k] && idmap_get(e->state->contract_ids, ids[k], strlen(ids[k]), &i))
            l->selected[i] = true;
        else if (nids == 1)
            l->unknown = ids[k];
    }
    return l;
}

ExplainNode **explain_lines_of(const ExplainLines *l, const EvalContract *c, int *n)
{
    int i;
    *n = 0;
    if (!l || !idmap_get(l->e->state->contract_ids, c->id, strlen(c->id), &i))
        return NULL;
    *n = l->nlines[i];
    return l->lines[i];
}

/* ---- one line ---------------------------------------------------------------------------------- */

/* Why a line is not counted, with the rule that says so; never a value of the participant's row. */
static void not_counted(const EvalRun *e, EvalReasonCode why, Month month, const EvalContract *c, const char *modality,
                        ExplainNode *n)
{
    const Model *m = e->model;
    Say text = eval_reason_text(why);
    const Prov *rule = NULL;
    switch (why) {
    case EVAL_R_AFTER_AU:
        text = SAYF(("%s (%s)", text.fr, date_to_french(e->au)), ("%s (%s)", text.en, date_to_iso(e->au)));
        break;
    case EVAL_R_BEFORE_NOTIFICATION:
        text = SAYF(("%s (%s)", text.fr, date_to_french(c->notified)), ("%s (%s)", text.en, date_to_iso(c->notified)));
        break;
    case EVAL_R_BEFORE_ENTRY:
    case EVAL_R_AFTER_PERIOD:
        text = SAYF(("%s (éligibilité valable %d mois)", text.fr, m->elig_months),
                    ("%s (eligibility lasts %d months)", text.en, m->elig_months));
        rule = &m->elig_prov;
        break;
    case EVAL_R_MODALITY:
        text = SAYF(("modalité %s non retenue", modality), ("modality %s not counted", modality));
        rule = &m->modalities_prov;
        break;
    default:
        break;
    }
    (void)month;
    n->verdict = "non_comptee";
    n->reason = eval_reason_id(why);
    n->text = SAYF(("%s : non comptée, %s", n->text.fr, text.fr), ("%s: not counted, %s", n->text.en, text.en));
    if (rule) {
        ExplainNode *k = explain_node(n, "regle_comptage", explain_article(rule));
        k->source = explain_prov_source(rule);
    }
}

static void participant_unknown(const EvalRun *e, const char *pid, ExplainNode *n)
{
    const EvalState *st = e->state;
    int line;
    const char *file = st->files[M_TABLE_PARTICIPANTS];
    const char *fr = eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, &line, file, false, false, false);
    const char *en = eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, &line, file, false, false, true);
    n->verdict = "rejetee";
    n->reason = idmap_get(st->participant_rejected, pid, strlen(pid), &line) ? "participant_rejete" : "participant_inconnu";
    n->text = SAYF(("%s : rejetée, %s", n->text.fr, fr), ("%s: rejected, %s", n->text.en, en));
}

static void add_line(ExplainLines *l, int ci, const DataRow *row)
{
    const EvalRun *e = l->e;
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    const EvalState *st = e->state;
    const EvalContract *c = e->contracts[ci];
    const Value *v = row->values;
    const char *pid = v[sc->h_participant].as.text;
    Month month = v[sc->h_month].as.month;
    int choice = eval_hours_choice(m, row);
    const char *modality = choice >= 0 ? m->tables[M_TABLE_HEURES].columns[sc->h_modality].choices[choice]
                         : sc->h_modality >= 0 && v[sc->h_modality].kind == VAL_TEXT ? v[sc->h_modality].as.text : NULL;
    Say hours = explain_figure(v[sc->h_hours].as.num);
    const char *side = explain_period_side_of_month(e, month);
    Say when = explain_period_words(side);
    ExplainNode *n = explain_node(NULL, "ligne",
        SAYF(("%s, %s%s, %s h%s%s", pid, month_to_french(month), when.fr, hours.fr, modality ? ", " : "", modality ? modality : ""),
             ("%s, %s%s, %s h%s%s", pid, month_to_iso(month), when.en, hours.en, modality ? ", " : "", modality ? modality : "")));
    n->period = side;
    n->value = eval_copy_num(v[sc->h_hours].as.num);
    n->source = explain_row_source(e, M_TABLE_HEURES, row->line);
    RT_GROW(l->lines[ci], l->nlines[ci]);
    l->lines[ci][l->nlines[ci]++] = n;
    int pi;
    if (!idmap_get(st->participant_ids, pid, strlen(pid), &pi)) {
        participant_unknown(e, pid, n);
        return;
    }
    EvalReasonCode why = eval_hours_decide(e, eval_notified_month(c->notified), &st->hot[pi], month, choice);
    if (why != EVAL_R_COUNT) {
        not_counted(e, why, month, c, modality, n);
        if (why == EVAL_R_HOURS_NOT_ELIGIBLE) {
            RT_GROW(l->waiting[pi], l->nwaiting[pi]);
            RT_GROW_ATOMIC(l->waiting_contract[pi], l->nwaiting[pi]);
            l->waiting_contract[pi][l->nwaiting[pi]] = ci;
            l->waiting[pi][l->nwaiting[pi]++] = n;
        }
        return;
    }
    int cap = choice >= 0 && st->cap_of_choice ? st->cap_of_choice[choice] : -1;
    n->verdict = "comptee";
    n->text = cap >= 0 ? SAYF(("%s : comptée, modalité plafonnée", n->text.fr), ("%s: counted, capped modality", n->text.en))
                       : SAYF(("%s : comptée", n->text.fr), ("%s: counted", n->text.en));
}

/* A line of a contract asked for: kept and judged. */
static void hours_row(void *lines, const DataRow *row)
{
    ExplainLines *l = lines;
    const char *cid = row->values[l->e->model->std.h_contract].as.text;
    int ci;
    if (idmap_get(l->e->state->contract_ids, cid, strlen(cid), &ci)) {
        if (l->selected[ci])
            add_line(l, ci, row);
    } else if (l->unknown && strcmp(cid, l->unknown) == 0 && l->unknown_lines++ == 0) {
        l->unknown_first = row->line;
    }
}

long explain_lines_of_unknown(const ExplainLines *l, long *first)
{
    *first = l ? l->unknown_first : 0;
    return l ? l->unknown_lines : 0;
}

/* ---- the condition a participant failed -------------------------------------------------------- */

static bool holds(EvalSubject *s, const AstExpr *x)
{
    return eval_conditions_is_true(eval_conditions_value(s, eval_conditions_compile(x)));
}

/* The parts of x that do not hold, down to a public or a comparison: an
** "et" fails by its parts that fail, an "ou" by every part. A public is named
** with its condition as the charter writes it; a participant's value never is. */
static void failed_parts(EvalSubject *s, const AstExpr *x, Source *src, ExplainNode *into)
{
    const Model *m = s->m;
    if (holds(s, x))
        return;
    if (x->kind == AST_E_BINARY && (x->u.op.op == AST_OP_AND || x->u.op.op == AST_OP_OR)) {
        failed_parts(s, x->u.op.lhs, src, into);
        failed_parts(s, x->u.op.rhs, src, into);
        return;
    }
    if (x->kind == AST_E_NAME && x->ref == AST_REF_PUBLIC && x->ref_index >= 0 && x->ref_index < m->npublics) {
        const MPublic *p = &m->publics[x->ref_index];
        const char *cond = source_text(p->prov.src, p->pred->span);
        ExplainNode *n = explain_node(into, "public",
            SAYF(("public %s « %s » : %s — non rempli", p->id, p->name ? p->name : p->id, cond),
                 ("public %s “%s”: %s — not met", p->id, p->name ? p->name : p->id, cond)));
        n->verdict = "non_rempli";
        n->source = explain_span_source(p->prov.src, p->pred->span);
        return;
    }
    const char *cond = source_text(src, x->span);
    ExplainNode *n = explain_node(into, "condition", SAYF(("%s — non rempli", cond), ("%s — not met", cond)));
    n->verdict = "non_rempli";
    n->source = explain_span_source(src, x->span);
}

static ExplainNode *failed_eligibility(const ExplainLines *l, const Value *values)
{
    const EvalRun *e = l->e;
    const Model *m = e->model;
    EvalSubject s = eval_participants_subject(e, values);
    ExplainNode *n = explain_node(NULL, "eligibilite",
        SAYF(("condition d'éligibilité non remplie à la date d'entrée (%s)", model_prov_label(&m->eligible_prov, false)),
             ("eligibility condition not met at the entry date (%s)", model_prov_label(&m->eligible_prov, true))));
    n->source = explain_prov_source(&m->eligible_prov);
    n->verdict = "non_rempli";
    if (m->eligible)
        failed_parts(&s, m->eligible, m->eligible_prov.src, n);
    return n;
}

/* The row of a participant some kept line found not eligible: which condition failed. */
static void participant_row(void *lines, const DataRow *row)
{
    const ExplainLines *l = lines;
    const EvalRun *e = l->e;
    const char *pid = row->values[e->model->std.p_id].as.text;
    int pi;
    /* The row the run judged: a later duplicate was rejected. */
    if (!idmap_get(e->state->participant_ids, pid, strlen(pid), &pi) || l->nwaiting[pi] == 0
        || e->participants[pi]->line != row->line)
        return;
    ExplainNode *why = failed_eligibility(l, row->values);
    const char *row_source = explain_row_source(e, M_TABLE_PARTICIPANTS, row->line);
    /* Said in full at the participant's first line of each contract, recalled at the others. */
    for (int k = 0; k < l->nwaiting[pi]; k++) {
        int first = 0;
        while (l->waiting_contract[pi][first] != l->waiting_contract[pi][k])
            first++;
        ExplainNode *line = l->waiting[pi][k];
        ExplainNode *p = explain_node(line, "participant",
            first == k ? SAYF(("participant %s non éligible", pid), ("participant %s not eligible", pid))
                       : SAYF(("participant %s non éligible (voir %s)", pid, l->waiting[pi][first]->source),
                              ("participant %s not eligible (see %s)", pid, l->waiting[pi][first]->source)));
        p->source = row_source;
        if (first == k) {
            RT_GROW(p->children, p->nchildren);
            p->children[p->nchildren++] = why;
        }
    }
}

/* Reads every row of table in dir through fn; rows rejected on reading have
** cells not all typed, and cannot be told whose they are (eval lists them). */
bool explain_each_row(const Model *m, const char *dir, int table, ExplainRowFn *fn, void *ctx, DataError *err)
{
    DataTable *t = data_open(m, table, dir, err);
    if (!t)
        return false;
    for (;;) {
        DataRow row;
        DataStatus s = data_next(t, &row, err);
        if (s == DATA_END || s == DATA_FAILED) {
            data_close(t);
            return s == DATA_END;
        }
        if (s == DATA_ROW_OK)
            fn(ctx, &row);
    }
}

bool explain_lines_read(ExplainLines *l, const char *dir, DataError *err)
{
    if (!explain_each_row(l->e->model, dir, M_TABLE_HEURES, hours_row, l, err))
        return false;
    /* The participants' rows only when a kept line's participant is not eligible. */
    for (int i = 0; i < l->e->nparticipants; i++)
        if (l->nwaiting[i])
            return explain_each_row(l->e->model, dir, M_TABLE_PARTICIPANTS, participant_row, l, err);
    return true;
}
