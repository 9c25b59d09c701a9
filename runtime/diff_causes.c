/* runtime/diff_causes.c: why a contract's figures differ between two versions: the changes of the rules section that apply to it, with the rule in force for it in each version, and the other inputs of its figures that differ. */
#include "diff_impl.h"

#include "eval_impl.h"
#include "gc.h"

#include <string.h>

/*
** A contract's figures are computed from a few inputs (runtime/eval_results.c):
** the rules in force for it (target, threshold, level of assessment), the
** charter's period, its base hours, the hours counted before caps, the caps,
** the rounding of target hours and the national floor. Each input is compared
** between the two versions for this contract; each that differs is a cause.
** An input outside targets and thresholds is tied to the listed change of its
** declaration (the cap, the rounding, the family's parameters, the period, the
** floor); the hours counted before caps, which several declarations make
** together, are said by their kind only.
**
** A rule field that differs is attributed to the changes of the rules section
** (diff_rules.c) whose family × scope × owner contains the contract (its scope
** or one enclosing it, no owner or its owner) and resolves, at its
** notification date, to the very rule the contract has in each version: the
** class's change is then exactly the contract's move. When none does (an
** owner's rule at a wider scope now rivals a deeper general one), the changes
** whose class resolves to the contract's rule, or to one of its two
** conflicting rules, in one version are named. Of several, the class where the
** contract's rule is written is kept (a class that only inherits it restates
** the same change). When none, the cause says that no change of the rules
** section names it, and never guesses one.
*/

enum { F_TARGET, F_THRESHOLD, F_LEVEL, NFIELDS };

/* The fields of the listed changes (diff_decls.c, diff_counting.c) that each input outside the rules comes from. */
#define PERIOD_FIELDS ((const char *const[]){ "debut", "fin", NULL })
#define BASE_FIELDS ((const char *const[]){ "part_mo", "cout_horaire", NULL })
#define CAP_FIELDS ((const char *const[]){ "plafond", NULL })
#define ROUNDING_FIELDS ((const char *const[]){ "arrondi", NULL })
#define FLOOR_FIELDS ((const char *const[]){ "plancher", NULL })

static const char *const field_ids[NFIELDS] = { "objectif", "seuil", "niveau" };

/* The rule(s) that set field f in a resolution: one, or both of a conflict, or none. */
static void field_rules(const EvalResolution *r, int f, const MRule *out[2])
{
    out[0] = out[1] = NULL;
    bool target_conflict = r->conflict[0] && !r->conflict_on_threshold;
    if (f == F_THRESHOLD ? r->conflict_on_threshold : target_conflict) {
        out[0] = r->conflict[0];
        out[1] = r->conflict[1];
    } else if (f == F_THRESHOLD) {
        out[0] = r->threshold;
    } else if (!target_conflict) {
        out[0] = r->target;
    }
}

static bool same_q(mpq_srcptr a, mpq_srcptr b) { return a == b || (a && b && mpq_equal(a, b)); }

/* What field f is worth under these rules: the figures it gives a contract. */
static bool same_field(int f, const MRule *const a[2], const MRule *const b[2])
{
    if ((a[1] != NULL) != (b[1] != NULL))
        return false;
    if (a[1])
        return true;   /* a conflict either side: nothing in force either side */
    if (!a[0] || !b[0])
        return !a[0] && !b[0];
    if (f == F_THRESHOLD)
        return same_q(a[0]->threshold, b[0]->threshold);
    if (f == F_LEVEL)
        return a[0]->pool == b[0]->pool;
    return a[0]->kind == b[0]->kind && same_q(a[0]->target, b[0]->target);
}

static bool same_rules(const MRule *const a[2], const MRule *const b[2]) { return a[0] == b[0] && a[1] == b[1]; }

/* A rule of a (one, or one of a conflict) is among b's. */
static bool shares_rule(const MRule *const a[2], const MRule *const b[2])
{
    for (int i = 0; i < 2; i++)
        if (a[i] && (a[i] == b[0] || a[i] == b[1]))
            return true;
    return false;
}

static const Prov *field_prov(int f, const MRule *r)
{
    if (!r)
        return NULL;
    if (f == F_THRESHOLD)
        return &r->threshold_prov;
    if (f == F_LEVEL && r->pool != AST_POOL_NONE)
        return &r->pool_prov;
    return &r->target_prov;
}

static bool covers(const DiffChange *c, Date t)
{
    if (t == DATE_NONE)   /* eval_resolve then takes the rules in force from the start */
        return c->from == DATE_NONE;
    return (c->from == DATE_NONE || t >= c->from) && (c->to == DATE_NONE || t <= c->to);
}

/* The rules of field f for class c of a change, in model m at date t. */
static void class_rules(const Model *m, const DiffChange *c, int f, Date t, const MRule *out[2])
{
    out[0] = out[1] = NULL;
    int family = model_family_index(m, c->family), scope = model_scope_index(m, c->scope);
    if (family < 0 || scope < 0)
        return;
    EvalResolution r = eval_resolve(m, family, scope, c->owner, t);
    field_rules(&r, f, out);
}

/* The class of change c contains the contract: its scope encloses the contract's, its owner is none or the contract's. */
static bool class_contains(const Model *m, const DiffChange *c, const EvalContract *y)
{
    if (c->owner && !(y->owner && model_same_owner(c->owner, y->owner)))
        return false;
    int s = model_scope_index(m, c->scope);
    for (int k = y->scope; k >= 0; k = m->scopes[k].parent)
        if (k == s)
            return true;
    return false;
}

static void add_cause(DiffItem *it, DiffCause c)
{
    RT_GROW(it->causes, it->ncauses);
    it->causes[it->ncauses++] = c;
}

static DiffCause rule_cause(int f, int change, const MRule *const o[2], const MRule *const n[2])
{
    return (DiffCause){ .kind = "regle", .change = change, .field = field_ids[f],
                        .old_rule = { field_prov(f, o[0]), field_prov(f, o[1]) },
                        .new_rule = { field_prov(f, n[0]), field_prov(f, n[1]) } };
}

/* The change's class is where rule r is written (its scope, its owner). */
static bool class_is_rule(const Model *m, const DiffChange *c, const MRule *r)
{
    return r && !strcmp(m->scopes[r->scope].id, c->scope) && model_same_owner(r->owner, c->owner);
}

static int class_depth(const Model *m, const DiffChange *c)
{
    int s = model_scope_index(m, c->scope);
    return s < 0 ? -1 : m->scopes[s].depth;
}

/* Of the candidates, those whose class is where the contract's rule is written in either version; else the
** deepest ones: a class that merely inherits the rule (air_bel under amp) restates the change of the class
** that writes it. */
static int keep_nearest(const DiffReport *d, const Model *om, const Model *nm, const MRule *const o[2],
                        const MRule *const n[2], int *cand, int k)
{
    int w = 0;
    for (int i = 0; i < k; i++) {
        const DiffChange *c = &d->changes[cand[i]];
        if (class_is_rule(om, c, o[0]) || class_is_rule(om, c, o[1]) || class_is_rule(nm, c, n[0]) || class_is_rule(nm, c, n[1]))
            cand[w++] = cand[i];
    }
    if (w)
        return w;
    int deepest = -1;
    for (int i = 0; i < k; i++)
        if (class_depth(nm, &d->changes[cand[i]]) > deepest)
            deepest = class_depth(nm, &d->changes[cand[i]]);
    for (int i = 0; i < k; i++)
        if (class_depth(nm, &d->changes[cand[i]]) == deepest)
            cand[w++] = cand[i];
    return w;
}

/* Field f moved for this contract: the changes of the rules section that say so (see the head of the file). */
static void rule_causes(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const EvalContract *x,
                        const EvalContract *y, int f, DiffItem *it)
{
    const MRule *o[2], *n[2];
    field_rules(x->res, f, o);
    field_rules(y->res, f, n);
    const char *family = nn->model->families[y->family].id;
    int *cand = rt_alloc_atomic(sizeof(int) * (size_t)(d->nchanges + 1));
    for (int pass = 0; pass < 2; pass++) {
        int k = 0;
        for (int i = 0; i < d->nchanges; i++) {
            const DiffChange *c = &d->changes[i];
            if (strcmp(c->subject, "regle") || strcmp(c->field, field_ids[f]) || strcmp(c->family, family)
                || !covers(c, y->notified) || !class_contains(nn->model, c, y))
                continue;
            const MRule *co[2], *cn[2];
            class_rules(on->model, c, f, y->notified, co);
            class_rules(nn->model, c, f, y->notified, cn);
            if (pass == 0 ? same_rules(co, o) && same_rules(cn, n) : shares_rule(co, o) || shares_rule(cn, n))
                cand[k++] = i;
        }
        k = keep_nearest(d, on->model, nn->model, o, n, cand, k);
        for (int i = 0; i < k; i++)
            add_cause(it, rule_cause(f, cand[i], o, n));
        if (k)
            return;
    }
    add_cause(it, rule_cause(f, -1, o, n));
}

static bool among(const char *field, const char *const *fields)
{
    for (; *fields; fields++)
        if (!strcmp(field, *fields))
            return true;
    return false;
}

/* An input outside the targets and thresholds: tied to each listed change of it (its subject, one of its fields,
** its name: NULL for any name), or said by its kind alone when the report lists none (the hours counted before
** caps depend on several declarations together: their kind only, subject NULL). */
static void add_outside(const DiffReport *d, DiffItem *it, DiffCause c, const char *subject, const char *const *fields,
                        const char *name)
{
    bool tied = false;
    for (int i = 0; subject && i < d->nchanges; i++) {
        const DiffChange *ch = &d->changes[i];
        if (strcmp(ch->subject, subject) || !among(ch->field, fields) || (name && (!ch->name || strcmp(ch->name, name))))
            continue;
        c.change = i;
        add_cause(it, c);
        tied = true;
    }
    if (!tied) {
        c.change = -1;
        add_cause(it, c);
    }
}

static bool outside_period(const EvalContract *c) { return c->status == EVAL_HORS_PERIODE; }

static const char *category_of(const Model *m, int family)
{
    int k = m->families[family].category;
    return k >= 0 ? m->categories[k].id : NULL;
}

/* eval_results.c leaves the base hours unset outside the period and in a conflict: no figure to compare there. */
static bool base_decided(const EvalContract *c) { return c->status != EVAL_HORS_PERIODE && c->status != EVAL_CONFLIT; }

static int cap_of(const Model *m, const char *modality)
{
    for (int k = 0; k < m->ncaps; k++)
        if (!strcmp(m->caps[k].modality, modality))
            return k;
    return -1;
}

/* The hours of a modality that count in model m against target hours t: all of them when m does not cap it. */
static void retained_under(const Model *m, int k, mpq_srcptr hours, mpq_srcptr t, mpq_ptr out)
{
    if (k < 0)
        mpq_set(out, hours);
    else
        eval_results_cap(m, k, hours, t, out);
}

/* A cap is a cause when, with the new version's hours and target hours, the old cap would retain another figure. */
static void cap_causes(const DiffReport *d, const Model *om, const Model *nm, const EvalContract *x, const EvalContract *y,
                       DiffItem *it)
{
    if (!x->target_hours || !y->target_hours || x->pool || y->pool)
        return;
    const Model *ms[2] = { om, nm };
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < ms[v]->ncaps; k++) {
            const char *modality = ms[v]->caps[k].modality;
            if (v == 1 && cap_of(om, modality) >= 0)
                continue;   /* seen from the old version */
            int ko = cap_of(om, modality), kn = cap_of(nm, modality);
            mpq_srcptr hours = kn >= 0 ? y->capped[kn] : x->capped[ko];
            mpq_t a, b;
            mpq_inits(a, b, NULL);
            retained_under(om, ko, hours, y->target_hours, a);
            retained_under(nm, kn, hours, y->target_hours, b);
            if (!mpq_equal(a, b))
                add_outside(d, it, (DiffCause){ .kind = "plafond", .name = modality }, "comptage", CAP_FIELDS, modality);
            mpq_clears(a, b, NULL);
        }
}

/* The rounding is a cause when the new unrounded target hours round otherwise under the old charter. */
static bool rounding_moved(const Model *om, const Model *nm, const EvalContract *y)
{
    if (!y->target_hours || y->pool || y->status == EVAL_NON_SOUMIS || y->floor_applied)
        return false;
    mpq_ptr raw = eval_new_num();
    if (y->rate && y->base)
        eval_rationals_mul(raw, y->rate, y->base);
    else if (y->fixed)
        mpq_set(raw, y->fixed);
    else
        return false;
    mpq_ptr a = eval_copy_num(raw), b = eval_copy_num(raw);
    eval_results_round_target(om, a);
    eval_results_round_target(nm, b);
    return !mpq_equal(a, b);
}

void diff_causes(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const EvalContract *x, const EvalContract *y,
                 DiffItem *it)
{
    if (!x || !y || !x->res || !y->res || y->family < 0 || y->scope < 0)
        return;   /* a contract of one version only: its presence is the cause */
    const Model *om = on->model, *nm = nn->model;
    if (outside_period(x) != outside_period(y))
        add_outside(d, it, (DiffCause){ .kind = "periode" }, "charte", PERIOD_FIELDS, NULL);
    /* A conflict on the target decides nothing else (eval_results.c): its change says it all, as in diff_rules.c. */
    bool target_conflict = (x->res->conflict[0] && !x->res->conflict_on_threshold)
                        || (y->res->conflict[0] && !y->res->conflict_on_threshold);
    for (int f = 0; f < NFIELDS; f++) {
        const MRule *o[2], *n[2];
        field_rules(x->res, f, o);
        field_rules(y->res, f, n);
        bool compared = f == F_TARGET || (!target_conflict && (f != F_LEVEL || (o[0] && n[0] && !o[1] && !n[1])));
        if (compared && !same_field(f, o, n))
            rule_causes(d, on, nn, x, y, f, it);
    }
    if (base_decided(x) && base_decided(y) && !same_q(x->base, y->base))
        add_outside(d, it, (DiffCause){ .kind = "heures_base", .name = nm->families[y->family].id }, "famille",
                    BASE_FIELDS, nm->families[y->family].id);
    if (!mpq_equal(eval_results_uncapped_total(om, x), eval_results_uncapped_total(nm, y)))
        add_outside(d, it, (DiffCause){ .kind = "heures_comptees" }, NULL, NULL, NULL);
    cap_causes(d, om, nm, x, y, it);
    if (rounding_moved(om, nm, y))
        add_outside(d, it, (DiffCause){ .kind = "arrondi" }, "comptage", ROUNDING_FIELDS, NULL);
    if (x->target_hours && y->target_hours
        && (x->floor_applied != y->floor_applied || (x->floor_applied && !same_q(x->target_hours, y->target_hours))))
        add_outside(d, it, (DiffCause){ .kind = "plancher" }, "categorie", FLOOR_FIELDS, category_of(nm, y->family));
    if (!it->ncauses)
        add_outside(d, it, (DiffCause){ .kind = "autre" }, NULL, NULL, NULL);
}
