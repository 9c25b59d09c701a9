/* runtime/eval_results.c: per-contract results: estimated base, target, counted and capped hours, status, articles. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- per-contract results ---------------------------------------------------------------------- */

static void add_label(const char ***articles, int *n, const char *label)
{
    if (!label)
        return;
    for (int i = 0; i < *n; i++)
        if (strcmp((*articles)[i], label) == 0)
            return;
    RT_GROW(*articles, *n);
    (*articles)[(*n)++] = label;
}

/* Appends the label of p to a list of articles, once. */
void eval_results_add_article(const char ***articles, int *n, const Prov *p, bool english)
{
    add_label(articles, n, p ? model_prov_label(p, english) : NULL);
}

/* The label of a rule's provenance, formatted once per run: every contract of
** a resolution class names the same rules (two labels a contract, 1 100
** instructions each through rt_sprintf). Keyed by the Prov's address. */
static const char *prov_label(EvalRun *e, const Prov *p)
{
    if (!p)
        return NULL;
    EvalState *st = e->state;
    char key[sizeof p];
    memcpy(key, &p, sizeof p);
    int i;
    if (idmap_get(st->prov_labels, key, sizeof key, &i))
        return st->prov_label_texts[i];
    RT_GROW(st->prov_label_texts, st->nprov_labels);
    st->prov_label_texts[st->nprov_labels] = model_prov_label(p, e->english);
    idmap_put(st->prov_labels, key, sizeof key, st->nprov_labels);
    return st->prov_label_texts[st->nprov_labels++];
}

static void add_article(EvalRun *e, EvalContract *c, const Prov *p)
{
    add_label(&c->articles, &c->narticles, prov_label(e, p));
}

/* montant HT × part de main-d'œuvre ÷ coût horaire, exact. */
mpq_ptr eval_results_estimated_base(const Model *m, const EvalContract *c)
{
    if (c->family < 0 || !c->amount)
        return NULL;
    const MFamily *f = &m->families[c->family];
    if (!f->has_estimate || mpq_sgn(f->cout_horaire) == 0)
        return NULL;
    mpq_ptr b = eval_new_num();
    eval_rationals_mul(b, c->amount, f->part_mo);
    eval_rationals_div(b, b, f->cout_horaire);
    return b;
}

static NumRounding rounding_of(AstRounding r)
{
    switch (r) {
    case AST_ROUND_UP:   return NUM_ROUND_UP;
    case AST_ROUND_DOWN: return NUM_ROUND_DOWN;
    default:             return NUM_ROUND_NEAREST;
    }
}

/* x rounded to a whole number as num_round_to rounds it to a step of 1, in
** native integers when x's terms fit (a target almost always does); false
** otherwise. num_round_to divides and multiplies rationals: 3 300 instructions
** a contract. */
static bool round_whole_small(mpq_ptr x, NumRounding mode)
{
    if (!mpz_fits_slong_p(mpq_numref(x)) || !mpz_fits_slong_p(mpq_denref(x)))
        return false;
    long n = mpz_get_si(mpq_numref(x)), d = mpz_get_si(mpq_denref(x));    /* d > 0 */
    long q = n / d, r = n % d;    /* q truncated toward 0 */
    switch (mode) {
    case NUM_ROUND_UP:   q += r > 0; break;
    case NUM_ROUND_DOWN: q -= r < 0; break;
    case NUM_ROUND_NEAREST: {
        /* halves away from zero: |r| ≥ d - |r| */
        long a = r < 0 ? -r : r;
        if (a >= d - a)
            q += n < 0 ? -1 : 1;
        break;
    }
    }
    mpq_set_si(x, q, 1);
    return true;
}

/* Target hours rounded to the whole hour as the charter declares (unchanged when it does not). */
void eval_results_round_target(const Model *m, mpq_ptr target)
{
    if (!m->has_rounding || round_whole_small(target, rounding_of(m->rounding)))
        return;
    mpq_t one;
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    num_round_to(target, target, one, rounding_of(m->rounding));
}

/* Sum of every counted hour, capped modalities in full (when no target exists to cap them by). */
mpq_ptr eval_results_uncapped_total(const Model *m, const EvalContract *c)
{
    mpq_ptr t = eval_copy_num(c->free_hours);
    for (int k = 0; k < m->ncaps; k++)
        eval_rationals_add(t, t, c->capped[k]);
    return t;
}

/* The hours of cap k's modality that count, out of `hours`, against target hours: at most share × target. */
void eval_results_cap(const Model *m, int k, mpq_srcptr hours, mpq_srcptr target_hours, mpq_ptr retained)
{
    eval_rationals_mul(retained, m->caps[k].share, target_hours);
    if (mpq_cmp(hours, retained) < 0)
        mpq_set(retained, hours);
}

mpq_ptr eval_results_capped_total(const Model *m, const EvalContract *c, mpq_srcptr target_hours)
{
    mpq_ptr t = eval_copy_num(c->free_hours);
    mpq_t retained;
    mpq_init(retained);
    for (int k = 0; k < m->ncaps; k++) {
        eval_results_cap(m, k, c->capped[k], target_hours, retained);
        eval_rationals_add(t, t, retained);
    }
    mpq_clear(retained);
    return t;
}

static void set_note(EvalContract *c, Say note)
{
    c->note = note;
}

static void decide_without_target(const Model *m, EvalContract *c, EvalStatus status)
{
    c->status = status;
    c->counted = eval_results_uncapped_total(m, c);
}

/* A fixed target below floor × base hours: the national floor binds the owner. */
static void apply_floor(EvalRun *e, EvalContract *c)
{
    const Model *m = e->model;
    if (!c->base) {
        if (eval_floors_prov(m, c->family))
            set_note(c, say("heures de base inconnues : le plancher national ne peut pas être vérifié",
                            "base hours unknown: the national floor cannot be checked"));
        return;
    }
    mpq_ptr local = eval_copy_num(c->target_hours);
    if (!eval_floors_raise(m, c->family, c->base, c->target_hours))
        return;
    c->floor_applied = true;
    add_article(e, c, eval_floors_prov(m, c->family));
    set_note(c, eval_floors_note(m, c->family, c->base, local));
}

/* The charter binds the contracts notified in its period only. */
static bool outside_period(const Model *m, const EvalContract *c)
{
    if (c->notified == DATE_NONE)
        return false;
    return model_period_side(m, c->notified) != MODEL_IN_PERIOD;
}

void eval_results_finish_contract(EvalRun *e, EvalContract *c)
{
    const Model *m = e->model;
    const EvalResolution *res = c->res;
    if (outside_period(m, c)) {
        set_note(c, model_period_side(m, c->notified) == MODEL_BEFORE_PERIOD
            ? SAYF(("notifié le %s, avant le début de la charte (%s) : non soumis", date_to_french(c->notified),
                    date_to_french(m->valid_from)),
                   ("notified on %s, before the charter's start (%s): not subject", date_to_iso(c->notified),
                    date_to_iso(m->valid_from)))
            : SAYF(("notifié le %s, après la fin de la charte (%s) : non soumis", date_to_french(c->notified),
                    date_to_french(m->valid_to)),
                   ("notified on %s, after the charter's end (%s): not subject", date_to_iso(c->notified),
                    date_to_iso(m->valid_to))));
        c->target_hours = eval_new_num();
        decide_without_target(m, c, EVAL_HORS_PERIODE);
        return;
    }
    if (res->conflict[0]) {
        add_article(e, c, &res->conflict[0]->prov);
        add_article(e, c, &res->conflict[1]->prov);
        set_note(c, say(res->conflict_on_threshold ? "deux règles de même rang fixent le seuil"
                                                   : "deux règles de même rang fixent l'objectif",
                     res->conflict_on_threshold ? "two rules of equal rank set the threshold"
                                                : "two rules of equal rank set the target"));
        decide_without_target(m, c, EVAL_CONFLIT);
        return;
    }
    const MRule *tr = res->target, *sr = res->threshold;
    if (tr) {
        c->kind = tr->kind;
        add_article(e, c, &tr->target_prov);
        if (tr->kind == M_TARGET_FIXED_HOURS)
            c->fixed = eval_copy_num(tr->target);
        else
            c->rate = eval_copy_num(tr->target);
    }
    if (sr) {
        c->threshold = eval_copy_num(sr->threshold);
        add_article(e, c, &sr->threshold_prov);
    }
    c->base = c->hours_worked ? eval_copy_num(c->hours_worked) : eval_results_estimated_base(m, c);
    c->base_estimated = !c->hours_worked && c->base;

    if (c->threshold && c->amount && mpq_cmp(c->amount, c->threshold) < 0) {
        c->status = EVAL_NON_SOUMIS;
        c->target_hours = eval_new_num();
        c->forgone = tr ? eval_forgone_target(m, c, tr) : NULL;
    } else if (!tr && res->hires) {
        /* The family's target is a share of hires: the hires section assesses it. */
        add_article(e, c, &res->hires->target_prov);
        c->kind = M_TARGET_SHARE_HIRES;
        c->rate = eval_copy_num(res->hires->target);
        set_note(c, say("objectif en part des embauches : non évaluable sur les heures",
                     "target as a share of hires: cannot be evaluated from hours"));
        decide_without_target(m, c, EVAL_SANS_OBJECTIF);
        return;
    } else if (!tr) {
        set_note(c, say("aucune règle ne fixe d'objectif pour ce marché",
                     "no rule sets a target for this contract"));
        decide_without_target(m, c, EVAL_SANS_OBJECTIF);
        return;
    } else if (tr->kind == M_TARGET_SHARE_HOURS && !c->base) {
        set_note(c, say("heures travaillées non déclarées et famille sans paramètres d'estimation",
                     "hours worked not reported and the family has no estimate parameters"));
        decide_without_target(m, c, EVAL_SANS_BASE);
        return;
    } else if (tr->pool != AST_POOL_NONE) {
        eval_pools_join(e, c, tr);
        return;
    } else {
        c->target_hours = eval_new_num();
        if (tr->kind == M_TARGET_FIXED_HOURS) {
            mpq_set(c->target_hours, tr->target);
            apply_floor(e, c);
        } else {
            eval_rationals_mul(c->target_hours, tr->target, c->base);
        }
        eval_results_round_target(m, c->target_hours);
    }
    c->counted = eval_results_capped_total(m, c, c->target_hours);
    c->gap = eval_new_num();
    eval_rationals_sub(c->gap, c->counted, c->target_hours);
    if (c->status != EVAL_NON_SOUMIS)
        c->status = mpq_cmp(c->counted, c->target_hours) >= 0 ? EVAL_ATTEINT : EVAL_NON_ATTEINT;
}

int eval_results_compare_contracts(const void *a, const void *b)
{
    const EvalContract *x = *(const EvalContract *const *)a, *y = *(const EvalContract *const *)b;
    return strcmp(x->id, y->id);
}

int eval_results_compare_rejects(const void *a, const void *b)
{
    const EvalReject *x = a, *y = b;
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    if (c)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

int eval_results_compare_reasons(const void *a, const void *b)
{
    return strcmp(((const EvalReason *)a)->code, ((const EvalReason *)b)->code);
}
