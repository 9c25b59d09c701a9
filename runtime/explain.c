/* runtime/explain.c: the derivation of a contract and of a pool, step by step from the evaluation's results, each step with its source. */
#include "explain_impl.h"

#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- small words ------------------------------------------------------------------------------ */

static Say date_say(Date d)
{
    if (d == DATE_NONE)
        return say("—", "—");
    return say(date_to_french(d), date_to_iso(d));
}

/* "nettoyage 10 %, seuil 40 000 € à l'échelle amp (13 Habitat), à partir du 01/01/2023". */
static Say rule_words(const Model *m, const MRule *r)
{
    const char *fam = r->family >= 0 ? m->families[r->family].id : r->nature ? r->nature : "?";
    Say target = say("", ""), threshold = say("", ""), owner = say("", ""), from = say("", "");
    if (r->has_target) {
        Say v = r->kind == M_TARGET_FIXED_HOURS ? SAYF(("%s h", explain_figure(r->target).fr), ("%s h", explain_figure(r->target).en))
                                                : explain_percent(r->target);
        target = r->kind == M_TARGET_SHARE_HIRES ? SAYF((" %s des embauches", v.fr), (" %s of hires", v.en))
               : r->kind == M_TARGET_FIXED_HOURS ? SAYF((" %s", v.fr), (" %s", v.en))
                                                : SAYF((" %s des heures", v.fr), (" %s of hours", v.en));
    }
    if (r->has_threshold)
        threshold = SAYF((", seuil %s €", explain_figure(r->threshold).fr), (", threshold %s €", explain_figure(r->threshold).en));
    if (r->owner)
        owner = SAYF((" (maître d'ouvrage %s)", r->owner), (" (owner %s)", r->owner));
    if (r->from != DATE_NONE)
        from = SAYF((", marchés notifiés à partir du %s", date_to_french(r->from)),
                    (", contracts notified from %s", date_to_iso(r->from)));
    const char *scope = m->scopes[r->scope].id;
    return SAYF(("%s : %s%s%s à l'échelle %s%s%s", model_prov_label(&r->prov, false), fam, target.fr, threshold.fr,
                 scope, owner.fr, from.fr),
                ("%s: %s%s%s at scope %s%s%s", model_prov_label(&r->prov, true), fam, target.en, threshold.en, scope,
                 owner.en, from.en));
}

/* ---- the contract ----------------------------------------------------------------------------- */

static ExplainNode *contract_root(const EvalRun *e, const EvalContract *c)
{
    const Model *m = e->model;
    const char *fam = c->family >= 0 ? m->families[c->family].id : "—";
    const char *scope = c->scope >= 0 ? m->scopes[c->scope].id : "—";
    Say amount = explain_figure(c->amount);
    Say notified = date_say(c->notified);
    ExplainNode *root = explain_node(NULL, "marche",
        SAYF(("marché %s%s%s%s : famille %s, périmètre %s, maître d'ouvrage %s, notifié le %s, montant %s €", c->id,
              c->label ? " « " : "", c->label ? c->label : "", c->label ? " »" : "", fam, scope, c->owner ? c->owner : "—",
              notified.fr, amount.fr),
             ("contract %s%s%s%s: family %s, scope %s, owner %s, notified on %s, amount %s €", c->id,
              c->label ? " “" : "", c->label ? c->label : "", c->label ? "”" : "", fam, scope, c->owner ? c->owner : "—",
              notified.en, amount.en)));
    root->source = explain_row_source(e, M_TABLE_MARCHES, c->line);
    return root;
}

/* The scopes a rule may be written at: the contract's and those containing it. */
static void scope_chain(const EvalRun *e, int scope, ExplainNode *root)
{
    const Model *m = e->model;
    if (scope < 0)
        return;
    const char *chain = m->scopes[scope].id;
    for (int s = m->scopes[scope].parent; s >= 0; s = m->scopes[s].parent)
        chain = rt_sprintf("%s ⊂ %s", chain, m->scopes[s].id);
    ExplainNode *n = explain_node(root, "perimetres",
        SAYF(("périmètres parcourus : %s", chain), ("scopes walked: %s", chain)));
    for (int s = scope; s >= 0; s = m->scopes[s].parent) {
        const MScope *sc = &m->scopes[s];
        ExplainNode *k = explain_node(n, "perimetre",
            SAYF(("%s « %s »", sc->id, sc->name ? sc->name : sc->id), ("%s “%s”", sc->id, sc->name ? sc->name : sc->id)));
        k->source = explain_prov_source(&sc->prov);
    }
}

static bool rule_is(const MRule *r, const MRule *a, const MRule *b) { return r == a || r == b; }

/* Why a rule of the family does or does not decide for this contract. */
static void rule_verdict(const EvalRun *e, const EvalContract *c, const MRule *r, ExplainNode *n)
{
    const Model *m = e->model;
    const EvalResolution *res = c->res;
    Say why;
    n->verdict = "ecartee";
    switch (eval_rules_fit(m, r, c->family, c->scope, c->owner, c->notified)) {
    case EVAL_RULE_OTHER_FAMILY:
        return;
    case EVAL_RULE_OUT_OF_SCOPE:
        n->reason = "hors_perimetre";
        why = SAYF(("%s n'est pas sur la chaîne des périmètres du marché", m->scopes[r->scope].id),
                   ("%s is not on the contract's scope chain", m->scopes[r->scope].id));
        break;
    case EVAL_RULE_OTHER_OWNER:
        n->reason = "autre_maitre_ouvrage";
        why = SAYF(("réservée au maître d'ouvrage %s", r->owner), ("restricted to owner %s", r->owner));
        break;
    case EVAL_RULE_NOT_IN_FORCE:
        n->reason = "pas_en_vigueur";
        why = c->notified == DATE_NONE
            ? say("marché sans date de notification", "contract without a notification date")
            : SAYF(("marché notifié le %s, avant le %s", date_to_french(c->notified), date_to_french(r->from)),
                   ("contract notified on %s, before %s", date_to_iso(c->notified), date_to_iso(r->from)));
        break;
    default:
        if (rule_is(r, res->conflict[0], res->conflict[1])) {
            n->verdict = "conflit";
            n->reason = res->conflict_on_threshold ? "conflit_seuil" : "conflit_objectif";
            why = say("en conflit avec une règle de même rang", "in conflict with a rule of equal rank");
        } else if (r == res->target && r == res->threshold) {
            n->verdict = "retenue";
            why = say("fixe l'objectif et le seuil", "sets the target and the threshold");
        } else if (r == res->target) {
            n->verdict = "retenue";
            why = say("fixe l'objectif", "sets the target");
        } else if (r == res->threshold) {
            n->verdict = "retenue";
            why = say("fixe le seuil", "sets the threshold");
        } else if (model_rule_is_hires(r)) {
            n->verdict = "a_part";
            n->reason = "objectif_embauches";
            why = say("objectif en part des embauches, évalué à part", "target as a share of hires, assessed apart");
        } else {
            n->reason = "supplantee";
            why = say("une règle plus précise ou plus récente fixe ses champs",
                      "a more specific or later rule sets its fields");
        }
    }
    n->text = SAYF(("%s — %s", n->text.fr, why.fr), ("%s — %s", n->text.en, why.en));
}

static void rules_considered(const EvalRun *e, const EvalContract *c, ExplainNode *root)
{
    const Model *m = e->model;
    if (c->family < 0)
        return;
    ExplainNode *n = explain_node(root, "regles",
        SAYF(("règles de la famille %s", m->families[c->family].id), ("rules of family %s", m->families[c->family].id)));
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (r->family != c->family)
            continue;
        ExplainNode *k = explain_node(n, "regle", rule_words(m, r));
        k->source = explain_prov_source(&r->prov);
        rule_verdict(e, c, r, k);
    }
}

static void fields(const EvalRun *e, const EvalContract *c, ExplainNode *root)
{
    const EvalResolution *res = c->res;
    if (res->target && c->rate && c->kind == M_TARGET_SHARE_HOURS) {
        ExplainNode *n = explain_node(root, "taux",
            SAYF(("taux : %s des heures, fixé par %s", explain_percent(c->rate).fr, model_prov_label(&res->target->target_prov, false)),
                 ("rate: %s of hours, set by %s", explain_percent(c->rate).en, model_prov_label(&res->target->target_prov, true))));
        n->value = c->rate;
        n->percent = true;
        n->source = explain_prov_source(&res->target->target_prov);
    } else if (res->target && c->fixed) {
        ExplainNode *n = explain_node(root, "objectif_fixe",
            SAYF(("objectif fixe : %s h, fixé par %s", explain_figure(c->fixed).fr, model_prov_label(&res->target->target_prov, false)),
                 ("fixed target: %s h, set by %s", explain_figure(c->fixed).en, model_prov_label(&res->target->target_prov, true))));
        n->value = c->fixed;
        n->source = explain_prov_source(&res->target->target_prov);
    }
    if (res->threshold && c->threshold) {
        ExplainNode *n = explain_node(root, "seuil",
            SAYF(("seuil : %s €, fixé par %s", explain_figure(c->threshold).fr, model_prov_label(&res->threshold->threshold_prov, false)),
                 ("threshold: %s €, set by %s", explain_figure(c->threshold).en, model_prov_label(&res->threshold->threshold_prov, true))));
        n->value = c->threshold;
        n->source = explain_prov_source(&res->threshold->threshold_prov);
        if (c->amount) {
            bool below = mpq_cmp(c->amount, c->threshold) < 0;
            ExplainNode *k = explain_node(n, "soumission",
                below ? SAYF(("montant %s € < seuil %s € : marché non soumis", explain_figure(c->amount).fr, explain_figure(c->threshold).fr),
                             ("amount %s € < threshold %s €: contract not subject", explain_figure(c->amount).en, explain_figure(c->threshold).en))
                      : SAYF(("montant %s € ≥ seuil %s € : marché soumis", explain_figure(c->amount).fr, explain_figure(c->threshold).fr),
                             ("amount %s € ≥ threshold %s €: contract subject", explain_figure(c->amount).en, explain_figure(c->threshold).en)));
            k->verdict = below ? "non_soumis" : "soumis";
            k->value = c->amount;
            k->source = explain_row_source(e, M_TABLE_MARCHES, c->line);
        }
    }
}

static void base_hours(const EvalRun *e, const EvalContract *c, ExplainNode *root)
{
    const Model *m = e->model;
    if (!c->base) {
        explain_node(root, "heures_base", say("heures de base inconnues : ni déclarées ni estimables",
                                              "base hours unknown: neither reported nor estimable"));
        return;
    }
    if (!c->base_estimated) {
        ExplainNode *n = explain_node(root, "heures_base",
            SAYF(("heures de base : %s h, déclarées par le marché", explain_figure(c->base).fr),
                 ("base hours: %s h, reported by the contract", explain_figure(c->base).en)));
        n->value = c->base;
        n->source = explain_row_source(e, M_TABLE_MARCHES, c->line);
        return;
    }
    const MFamily *f = &m->families[c->family];
    ExplainNode *n = explain_node(root, "heures_base",
        SAYF(("heures de base : %s h, estimées : montant %s € × part de main-d'œuvre %s ÷ coût horaire %s €/h (famille %s, %s)",
              explain_figure(c->base).fr, explain_figure(c->amount).fr, explain_percent(f->part_mo).fr,
              explain_figure(f->cout_horaire).fr, f->id, model_prov_label(&f->prov, false)),
             ("base hours: %s h, estimated: amount %s € × labour share %s ÷ hourly cost %s €/h (family %s, %s)",
              explain_figure(c->base).en, explain_figure(c->amount).en, explain_percent(f->part_mo).en,
              explain_figure(f->cout_horaire).en, f->id, model_prov_label(&f->prov, true))));
    n->value = c->base;
    n->source = explain_prov_source(&f->prov);
}

static Say rounding_words(const Model *m)
{
    switch (m->rounding) {
    case AST_ROUND_UP:   return say("arrondies à l'heure supérieure", "rounded up to the hour");
    case AST_ROUND_DOWN: return say("arrondies à l'heure inférieure", "rounded down to the hour");
    default:             return say("arrondies à l'heure la plus proche", "rounded to the nearest hour");
    }
}

/* Under target hours (a contract's or a pool's): the national floor when it bound, the rounding. */
static void floor_and_rounding(const Model *m, bool floor_applied, Say note, int family, ExplainNode *target)
{
    if (floor_applied) {
        ExplainNode *k = explain_node(target, "plancher", note);
        k->source = explain_prov_source(eval_floors_prov(m, family));
    }
    if (m->has_rounding) {
        ExplainNode *k = explain_node(target, "arrondi", rounding_words(m));
        k->source = explain_prov_source(&m->rounding_prov);
    }
}

/* Target hours: the product or the fixed hours, the floor when it binds, the rounding. */
static void target_hours(const EvalRun *e, const EvalContract *c, ExplainNode *root)
{
    const Model *m = e->model;
    if (!c->target_hours || c->status == EVAL_NON_SOUMIS || c->status == EVAL_HORS_PERIODE)
        return;
    Say how;
    if (c->rate && c->base) {
        mpq_ptr raw = eval_new_num();
        mpq_mul(raw, c->rate, c->base);
        how = SAYF(("%s × %s h = %s h", explain_percent(c->rate).fr, explain_figure(c->base).fr, explain_figure(raw).fr),
                   ("%s × %s h = %s h", explain_percent(c->rate).en, explain_figure(c->base).en, explain_figure(raw).en));
    } else {
        how = SAYF(("objectif fixe %s h", explain_figure(c->fixed).fr), ("fixed target %s h", explain_figure(c->fixed).en));
    }
    ExplainNode *n = explain_node(root, "heures_objectif",
        SAYF(("heures objectif : %s h (%s)", explain_figure(c->target_hours).fr, how.fr),
             ("target hours: %s h (%s)", explain_figure(c->target_hours).en, how.en)));
    n->value = c->target_hours;
    floor_and_rounding(m, c->floor_applied, c->note, c->family, n);
}

static const char *cap_modality(const Model *m, int k) { return m->caps[k].modality; }

/* Each cap: the hours of its modality counted, the limit, the hours it removed. */
static void caps(const EvalRun *e, mpq_ptr const *capped, mpq_srcptr target, ExplainNode *root)
{
    const Model *m = e->model;
    for (int k = 0; k < m->ncaps; k++) {
        mpq_ptr retained = eval_new_num(), removed = eval_new_num(), limit = eval_new_num();
        eval_results_cap(m, k, capped[k], target, retained);
        mpq_sub(removed, capped[k], retained);
        mpq_mul(limit, m->caps[k].share, target);
        ExplainNode *n = explain_node(root, "plafond",
            SAYF(("plafond %s : %s h comptées, limite %s × %s h = %s h, %s h retirées", cap_modality(m, k),
                  explain_figure(capped[k]).fr, explain_percent(m->caps[k].share).fr, explain_figure(target).fr,
                  explain_figure(limit).fr, explain_figure(removed).fr),
                 ("cap on %s: %s h counted, limit %s × %s h = %s h, %s h removed", cap_modality(m, k),
                  explain_figure(capped[k]).en, explain_percent(m->caps[k].share).en, explain_figure(target).en,
                  explain_figure(limit).en, explain_figure(removed).en)));
        n->value = removed;
        n->source = explain_prov_source(&m->caps[k].prov);
    }
}

/* What a target not met still needs: the gap to the hundredth above, and how
** much of it a capped modality may still bring (the cap's own function says). */
static ExplainWhyNot *why_not(const Model *m, mpq_srcptr target, mpq_srcptr counted, mpq_ptr const *capped)
{
    ExplainWhyNot *w = RT_NEW(ExplainWhyNot);
    w->missing = eval_new_num();
    mpq_sub(w->missing, target, counted);
    mpq_t hundredth;
    mpq_init(hundredth);
    mpq_set_ui(hundredth, 1, 100);
    num_round_to(w->missing, w->missing, hundredth, NUM_ROUND_UP);
    mpq_clear(hundredth);
    w->ncaps = m->ncaps;
    w->training = RT_NEW_ARRAY(mpq_ptr, m->ncaps + 1);
    for (int k = 0; k < m->ncaps; k++) {
        mpq_ptr before = eval_new_num(), more = eval_new_num();
        eval_results_cap(m, k, capped[k], target, before);
        mpq_add(more, capped[k], w->missing);
        w->training[k] = eval_new_num();
        eval_results_cap(m, k, more, target, w->training[k]);
        mpq_sub(w->training[k], w->training[k], before);
    }
    return w;
}

static void why_not_node(const Model *m, const ExplainWhyNot *w, ExplainNode *root)
{
    ExplainNode *n = explain_node(root, "pourquoi_pas",
        SAYF(("pour l'atteindre : %s h de participants éligibles, comptées, manquent", explain_figure(w->missing).fr),
             ("to meet it: %s counted hours of eligible participants are missing", explain_figure(w->missing).en)));
    n->value = w->missing;
    for (int k = 0; k < w->ncaps; k++) {
        ExplainNode *t = explain_node(n, "dont_plafonnees",
            SAYF(("dont au plus %s h en %s (au-delà, le plafond les retire)", explain_figure(w->training[k]).fr, cap_modality(m, k)),
                 ("of which at most %s h of %s (beyond that, the cap removes them)", explain_figure(w->training[k]).en,
                  cap_modality(m, k))));
        t->value = w->training[k];
        t->source = explain_prov_source(&m->caps[k].prov);
    }
}

static void status_node(EvalStatus status, mpq_srcptr counted, mpq_srcptr target, mpq_srcptr gap, Say note, ExplainNode *root)
{
    Say figures = say("", "");
    if (target && gap && (status == EVAL_ATTEINT || status == EVAL_NON_ATTEINT))
        figures = SAYF((" : %s h retenues %s %s h objectif, écart %s%s h", explain_figure(counted).fr,
                        status == EVAL_ATTEINT ? "≥" : "<", explain_figure(target).fr, mpq_sgn(gap) > 0 ? "+" : "",
                        explain_figure(gap).fr),
                       (": %s h counted %s %s h target, gap %s%s h", explain_figure(counted).en,
                        status == EVAL_ATTEINT ? "≥" : "<", explain_figure(target).en, mpq_sgn(gap) > 0 ? "+" : "",
                        explain_figure(gap).en));
    ExplainNode *n = explain_node(root, "statut",
        SAYF(("statut : %s%s", eval_status_label(status, false), figures.fr),
             ("status: %s%s", eval_status_label(status, true), figures.en)));
    n->verdict = eval_status_id(status);
    n->value = gap ? (mpq_ptr)gap : NULL;
    if (say_is_set(note) && status != EVAL_ATTEINT && status != EVAL_NON_ATTEINT)
        explain_node(n, "note", note);
}

/* The hours of the counted lines among ls (of one side of the period, or all when side is NULL),
** before any cap, and their count. */
static mpq_ptr counted_lines(ExplainNode *const *ls, int n, const char *side, long *count)
{
    mpq_ptr hours = eval_new_num();
    *count = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(ls[i]->verdict, "comptee") != 0 || (side && (!ls[i]->period || strcmp(ls[i]->period, side) != 0)))
            continue;
        ++*count;
        if (ls[i]->value)
            mpq_add(hours, hours, ls[i]->value);
    }
    return hours;
}

static void lines(const ExplainLines *l, const EvalRun *e, const EvalContract *c, ExplainNode *root)
{
    int n;
    ExplainNode **ls = explain_lines_of(l, c, &n);
    long counted, not_counted = 0, rejected = 0;
    /* The hours of the counted lines, before any cap: the figure a reader adds the lines up to,
    ** and from which the caps' removals lead to the hours counted. */
    mpq_ptr hours = counted_lines(ls, n, NULL, &counted);
    for (int i = 0; i < n; i++) {
        not_counted += strcmp(ls[i]->verdict, "non_comptee") == 0;
        rejected += strcmp(ls[i]->verdict, "rejetee") == 0;
    }
    ExplainNode *k = explain_node(root, "lignes",
        SAYF(("lignes d'heures du marché : %s (comptées : %s pour %s h, non comptées : %s, rejetées : %s)",
              explain_count(n).fr, explain_count(counted).fr, explain_figure(hours).fr, explain_count(not_counted).fr,
              explain_count(rejected).fr),
             ("hour lines of the contract: %s (counted: %s for %s h, not counted: %s, rejected: %s)",
              explain_count(n).en, explain_count(counted).en, explain_figure(hours).en, explain_count(not_counted).en,
              explain_count(rejected).en)));
    k->value = hours;
    k->source = e->state->files[M_TABLE_HEURES];
    for (int i = 0; i < n; i++) {
        RT_GROW(k->children, k->nchildren);
        k->children[k->nchildren++] = ls[i];
    }
}

/* ---- the period ------------------------------------------------------------------------------- */

/* "période du 01/01/2025 au 31/12/2025 : 30 h retenues dans la période = 60 h au 31/12/2025 − 30 h au
** 31/12/2024": eval's period figure, as the difference it is. */
static ExplainNode *period_node(const EvalRun *e, mpq_srcptr period, mpq_srcptr counted, mpq_srcptr before,
                                ExplainNode *root)
{
    Say span = explain_period_span(e);
    ExplainNode *n = explain_node(root, "periode",
        SAYF(("période %s : %s h retenues dans la période = %s h au %s − %s h au %s, veille de la période", span.fr,
              explain_figure(period).fr, explain_figure(counted).fr, date_to_french(e->au), explain_figure(before).fr,
              date_to_french(e->since - 1)),
             ("period %s: %s h counted in the period = %s h as of %s − %s h as of %s, the day before the period",
              span.en, explain_figure(period).en, explain_figure(counted).en, date_to_iso(e->au),
              explain_figure(before).en, date_to_iso(e->since - 1))));
    n->value = (mpq_ptr)period;
    return n;
}

/* The counted lines of the months before the period (under its day before) or of its months,
** before caps: those a reader adds up; with the caps at both dates, they lead to its figure. */
static void side_lines(ExplainNode *parent, bool before, long nlines, mpq_srcptr hours)
{
    Say months = before ? say("des mois d'avant la période", "of the months before the period")
                        : say("des mois de la période", "of the period's months");
    ExplainNode *k = explain_node(parent, before ? "periode_lignes_avant" : "periode_lignes",
        SAYF(("lignes comptées %s : %s pour %s h, avant plafonds", months.fr, explain_count(nlines).fr,
              explain_figure(hours).fr),
             ("counted lines %s: %s for %s h, before caps", months.en, explain_count(nlines).en,
              explain_figure(hours).en)));
    k->value = (mpq_ptr)hours;
}

/* The figure at the evaluation date, then the counted lines of the period's months. */
static void period_end_and_lines(const EvalRun *e, mpq_srcptr counted, long nlines, mpq_srcptr hours, ExplainNode *n)
{
    ExplainNode *at = explain_node(n, "periode_au",
        SAYF(("au %s : %s h retenues", date_to_french(e->au), explain_figure(counted).fr),
             ("as of %s: %s h counted", date_to_iso(e->au), explain_figure(counted).en)));
    at->value = (mpq_ptr)counted;
    side_lines(n, false, nlines, hours);
}

static void contract_period(const ExplainLines *l, const EvalRun *e, const EvalContract *c, bool capped, ExplainNode *root)
{
    if (e->since == DATE_NONE)
        return;
    const Model *m = e->model;
    int n;
    ExplainNode **ls = explain_lines_of(l, c, &n);
    long before_lines, period_lines;
    mpq_ptr before_hours = counted_lines(ls, n, "avant", &before_lines);
    mpq_ptr period_hours = counted_lines(ls, n, "periode", &period_lines);
    ExplainNode *p = period_node(e, c->period, c->counted, c->before, root);
    bool notified_after = c->notified != DATE_NONE && c->notified >= e->since;
    ExplainNode *eve = explain_node(p, "periode_veille",
        notified_after
            ? SAYF(("au %s : marché notifié le %s, dans la période, non évalué ce jour-là : 0 h",
                    date_to_french(e->since - 1), date_to_french(c->notified)),
                   ("as of %s: contract notified on %s, in the period, not evaluated that day: 0 h",
                    date_to_iso(e->since - 1), date_to_iso(c->notified)))
            : SAYF(("au %s : %s h retenues%s", date_to_french(e->since - 1), explain_figure(c->before).fr,
                    capped && m->ncaps ? ", plafonds appliqués" : ""),
                   ("as of %s: %s h counted%s", date_to_iso(e->since - 1), explain_figure(c->before).en,
                    capped && m->ncaps ? ", caps applied" : "")));
    if (!notified_after)
        side_lines(eve, true, before_lines, before_hours);
    eve->value = c->before;
    /* The contract's target is the same at both dates (rules at its notification date): only the
    ** hours its caps apply to differ. */
    if (capped && !notified_after)
        caps(e, c->earlier + 1, c->target_hours, eve);
    period_end_and_lines(e, c->counted, period_lines, period_hours, p);
}

static void counted_node(const EvalContract *c, ExplainNode *root, bool capped)
{
    ExplainNode *n = explain_node(root, "heures_retenues",
        capped ? SAYF(("heures retenues, plafonds appliqués : %s h", explain_figure(c->counted).fr),
                      ("hours counted, caps applied: %s h", explain_figure(c->counted).en))
               : SAYF(("heures retenues : %s h", explain_figure(c->counted).fr), ("hours counted: %s h", explain_figure(c->counted).en)));
    n->value = c->counted;
}

/* A contract notified after the evaluation date is read but not evaluated: it says so. */
static Explanation *explain_late_contract(const EvalRun *e, const char *id)
{
    const EvalLateContract *late = explain_late(e, id);
    if (!late)
        return NULL;
    Explanation *x = RT_NEW(Explanation);
    x->object = EXPLAIN_CONTRACT;
    x->id = late->id;
    x->status = "non_evalue";
    x->root = explain_node(NULL, "marche",
        SAYF(("marché %s : notifié le %s, après la date d'évaluation (%s) : non évalué", late->id,
              date_to_french(late->notified), date_to_french(e->au)),
             ("contract %s: notified on %s, after the evaluation date (%s): not evaluated", late->id,
              date_to_iso(late->notified), date_to_iso(e->au))));
    x->root->source = explain_row_source(e, M_TABLE_MARCHES, late->line);
    x->root->verdict = "non_evalue";
    return x;
}

Explanation *explain_contract(const EvalRun *e, const char *id, const ExplainLines *l)
{
    const EvalContract *c = eval_contract(e, id);
    if (!c)
        return explain_late_contract(e, id);
    const Model *m = e->model;
    Explanation *x = RT_NEW(Explanation);
    x->object = EXPLAIN_CONTRACT;
    x->id = c->id;
    x->status = eval_status_id(c->status);
    ExplainNode *root = x->root = contract_root(e, c);
    scope_chain(e, c->scope, root);
    rules_considered(e, c, root);
    if (c->status == EVAL_HORS_PERIODE) {
        lines(l, e, c, root);
        counted_node(c, root, false);
        status_node(c->status, c->counted, NULL, NULL, c->note, root);
        contract_period(l, e, c, false, root);
        return x;
    }
    fields(e, c, root);
    /* A conflict stops the evaluator before base hours: none to show. */
    if (c->status != EVAL_CONFLIT)
        base_hours(e, c, root);
    target_hours(e, c, root);
    lines(l, e, c, root);
    /* The evaluator caps a non-subject contract too, against its target of 0 h
    ** (eval_results.c): the caps are shown wherever they were applied. */
    bool capped = c->status == EVAL_ATTEINT || c->status == EVAL_NON_ATTEINT || c->status == EVAL_NON_SOUMIS;
    if (capped)
        caps(e, c->capped, c->target_hours, root);
    counted_node(c, root, capped && m->ncaps > 0);
    if (c->pool) {
        ExplainNode *n = explain_node(root, "mutualisation",
            SAYF(("objectif mutualisé : voir charte explain --mutualisation %s", c->pool->id),
                 ("pooled target: see charte explain --pool %s", c->pool->id)));
        n->value = c->contribution;
        if (c->contribution)
            n->text = SAYF(("%s ; contribution du marché : %s h", n->text.fr, explain_figure(c->contribution).fr),
                           ("%s; the contract's contribution: %s h", n->text.en, explain_figure(c->contribution).en));
    }
    status_node(c->status, c->counted, c->target_hours, c->gap, c->note, root);
    if (c->status == EVAL_NON_ATTEINT) {
        x->why_not = why_not(m, c->target_hours, c->counted, c->capped);
        why_not_node(m, x->why_not, root);
    }
    contract_period(l, e, c, capped, root);
    return x;
}

/* ---- the pool --------------------------------------------------------------------------------- */

/* The pool at the day before the period: its members then, its target then, its caps against it. */
static void pool_period(const ExplainLines *l, const EvalRun *e, const EvalPool *p, ExplainNode *root)
{
    if (e->since == DATE_NONE)
        return;
    const Model *m = e->model;
    long before_lines = 0, period_lines = 0;
    mpq_ptr before_hours = eval_new_num(), period_hours = eval_new_num();
    mpq_ptr *earlier = RT_NEW_ARRAY(mpq_ptr, m->ncaps + 1);
    for (int k = 0; k < m->ncaps; k++)
        earlier[k] = eval_new_num();
    for (int i = 0; i < p->nmembers; i++) {
        const EvalContract *c = p->members[i];
        int n;
        long nb, np;
        ExplainNode **ls = explain_lines_of(l, c, &n);
        mpq_add(before_hours, before_hours, counted_lines(ls, n, "avant", &nb));
        mpq_add(period_hours, period_hours, counted_lines(ls, n, "periode", &np));
        before_lines += nb;
        period_lines += np;
        for (int k = 0; k < m->ncaps; k++)
            mpq_add(earlier[k], earlier[k], c->earlier[1 + k]);
    }
    ExplainNode *pn = period_node(e, p->period, p->counted, p->before_counted, root);
    Say day = say(date_to_french(e->since - 1), date_to_iso(e->since - 1));
    ExplainNode *eve = explain_node(pn, "periode_veille",
        p->before_members == 0
            ? SAYF(("au %s : aucun membre notifié, 0 h", day.fr), ("as of %s: no member notified, 0 h", day.en))
            : SAYF(("au %s : %s membre%s notifié%s au plus tard ce jour-là, heures objectif %s h, %s h retenues%s", day.fr,
                    explain_count(p->before_members).fr, p->before_members > 1 ? "s" : "", p->before_members > 1 ? "s" : "",
                    explain_figure(p->before_target).fr, explain_figure(p->before_counted).fr,
                    m->ncaps ? ", plafonds appliqués au périmètre" : ""),
                   ("as of %s: %s member%s notified by that day, target hours %s h, %s h counted%s", day.en,
                    explain_count(p->before_members).en, p->before_members > 1 ? "s" : "",
                    explain_figure(p->before_target).en, explain_figure(p->before_counted).en,
                    m->ncaps ? ", caps applied to the pool" : "")));
    if (p->before_members > 0)
        side_lines(eve, true, before_lines, before_hours);
    eve->value = p->before_counted;
    if (p->before_members > 0)
        caps(e, earlier, p->before_target, eve);
    period_end_and_lines(e, p->counted, period_lines, period_hours, pn);
}

Explanation *explain_pool(const EvalRun *e, const char *id, const ExplainLines *l)
{
    const EvalPool *p = eval_pool(e, id);
    if (!p)
        return NULL;
    const Model *m = e->model;
    Explanation *x = RT_NEW(Explanation);
    x->object = EXPLAIN_POOL;
    x->id = p->id;
    x->status = eval_status_id(p->status);
    ExplainNode *root = x->root = explain_node(NULL, "mutualisation",
        SAYF(("objectif mutualisé %s : famille %s, périmètre %s%s%s, %s marché%s", p->id, m->families[p->family].id,
              m->scopes[p->scope].id, p->owner ? ", maître d'ouvrage " : "", p->owner ? p->owner : "",
              explain_count(p->nmembers).fr, p->nmembers > 1 ? "s" : ""),
             ("pooled target %s: family %s, scope %s%s%s, %s contract%s", p->id, m->families[p->family].id,
              m->scopes[p->scope].id, p->owner ? ", owner " : "", p->owner ? p->owner : "",
              explain_count(p->nmembers).en, p->nmembers > 1 ? "s" : "")));
    root->source = explain_prov_source(&p->rule->pool_prov);
    ExplainNode *rule = explain_node(root, "regle", rule_words(m, p->rule));
    rule->source = explain_prov_source(&p->rule->prov);
    rule->verdict = "retenue";
    mpq_ptr *capped = RT_NEW_ARRAY(mpq_ptr, m->ncaps + 1);
    for (int k = 0; k < m->ncaps; k++)
        capped[k] = eval_new_num();
    ExplainNode *members = explain_node(root, "membres",
        SAYF(("marchés membres : %s, heures de base %s h", explain_count(p->nmembers).fr, explain_figure(p->base).fr),
             ("member contracts: %s, base hours %s h", explain_count(p->nmembers).en, explain_figure(p->base).en)));
    members->value = p->base;
    for (int i = 0; i < p->nmembers; i++) {
        const EvalContract *c = p->members[i];
        Say contribution = c->contribution
            ? SAYF(("taux %s, contribution %s h", explain_percent(c->rate).fr, explain_figure(c->contribution).fr),
                   ("rate %s, contribution %s h", explain_percent(c->rate).en, explain_figure(c->contribution).en))
            : say("heures fixes de la mutualisation", "the pool's fixed hours");
        ExplainNode *n = explain_node(members, "membre",
            SAYF(("%s : %s (%s), base %s h, %s h comptées", c->id, contribution.fr,
                  model_prov_label(&c->res->target->target_prov, false), explain_figure(c->base).fr,
                  explain_figure(c->counted).fr),
                 ("%s: %s (%s), base %s h, %s h counted", c->id, contribution.en,
                  model_prov_label(&c->res->target->target_prov, true), explain_figure(c->base).en,
                  explain_figure(c->counted).en)));
        n->value = c->contribution;
        n->source = explain_row_source(e, M_TABLE_MARCHES, c->line);
        for (int k = 0; k < m->ncaps; k++)
            mpq_add(capped[k], capped[k], c->capped[k]);
        lines(l, e, c, n);
    }
    ExplainNode *t = explain_node(root, "heures_objectif",
        SAYF(("heures objectif du périmètre : %s h (somme des contributions%s)", explain_figure(p->target_hours).fr,
              p->rule->kind == M_TARGET_FIXED_HOURS ? ", heures fixes comptées une fois" : ""),
             ("target hours of the pool: %s h (sum of the contributions%s)", explain_figure(p->target_hours).en,
              p->rule->kind == M_TARGET_FIXED_HOURS ? ", fixed hours counted once" : "")));
    t->value = p->target_hours;
    floor_and_rounding(m, p->floor_applied, p->note, p->family, t);
    caps(e, capped, p->target_hours, root);
    ExplainNode *n = explain_node(root, "heures_retenues",
        SAYF(("heures retenues des membres, plafonds appliqués au périmètre : %s h", explain_figure(p->counted).fr),
             ("members' hours counted, caps applied to the pool: %s h", explain_figure(p->counted).en)));
    n->value = p->counted;
    status_node(p->status, p->counted, p->target_hours, p->gap, p->note, root);
    if (p->status == EVAL_NON_ATTEINT) {
        x->why_not = why_not(m, p->target_hours, p->counted, capped);
        why_not_node(m, x->why_not, root);
    }
    pool_period(l, e, p, root);
    return x;
}

/* ---- lookups ---------------------------------------------------------------------------------- */

const EvalReject *explain_rejected(const EvalRun *e, const char *id)
{
    int line;
    if (!idmap_get(e->state->contract_rejected, id, strlen(id), &line))
        return NULL;
    const char *file = e->state->files[M_TABLE_MARCHES];
    for (long i = 0; i < e->nrejects; i++)
        if (e->rejects[i].line == line && e->rejects[i].file == file)
            return &e->rejects[i];
    return NULL;
}

const EvalLateContract *explain_late(const EvalRun *e, const char *id)
{
    for (int i = 0; i < e->nlate; i++)
        if (strcmp(e->late[i].id, id) == 0)
            return &e->late[i];
    return NULL;
}

/* An id that differs only in case or accents ("m1" for "M1") is the nearest there is, even when too short for
** the allowance of a typo: ids are matched exactly, so it is the user's slip, not another contract. */
static const char *nearest_of(const char *id, const char *best, int *best_d, const char *cand)
{
    bool same_key = strcmp(utf8_key(id, strlen(id)), utf8_key(cand, strlen(cand))) == 0;
    int d = same_key ? 0 : utf8_edit_distance(id, cand, *best_d);
    if (d < *best_d) {
        *best_d = d;
        return cand;
    }
    return best;
}

const char *explain_nearest(const EvalRun *e, ExplainObject object, const char *id)
{
    const char *best = NULL;
    int best_d = (int)(strlen(id) / 3) + 1;   /* a typo or two, not any id */
    if (object == EXPLAIN_CONTRACT)
        for (int i = 0; i < e->ncontracts; i++)
            best = nearest_of(id, best, &best_d, e->contracts[i]->id);
    else if (object == EXPLAIN_POOL)
        for (int i = 0; i < e->npools; i++)
            best = nearest_of(id, best, &best_d, e->pools[i]->id);
    else
        for (int i = 0; i < e->nhires; i++)
            best = nearest_of(id, best, &best_d, explain_hires_id(e, &e->hires[i]));
    return best;
}
