/* runtime/diff_causes.c: why a contract's, a pooled target's or a hires target's figures differ between two versions: the changes of the rules section that apply to it, with the rule in force for it in each version, and the other inputs of its figures that differ. */
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
** section names it, and never guesses one. A family with no hours target but
** a share of its hires: that rule is the contract's target, and the hires
** target's change of the family (its nature) is one of the rules section.
*/

enum { F_TARGET, F_THRESHOLD, F_LEVEL, NFIELDS };

/* The fields of the listed changes (diff_decls.c, diff_counting.c) that each input outside the rules comes from. */
#define PERIOD_FIELDS ((const char *const[]){ "debut", "fin", NULL })
#define BASE_FIELDS ((const char *const[]){ "part_mo", "cout_horaire", NULL })
#define CAP_FIELDS ((const char *const[]){ "plafond", NULL })
#define ROUNDING_FIELDS ((const char *const[]){ "arrondi", NULL })
#define FLOOR_FIELDS ((const char *const[]){ "plancher", NULL })

static const char *const field_ids[NFIELDS] = { "objectif", "seuil", "niveau" };
/* diff_rules.c's field of a hires target's change ("embauches"): with no hours target, it sets a contract's rate. */
#define HIRES_FIELD "objectif_embauches"

/* A change of field f that can set a contract's rules: the rules section's own field, and for the target the
** hires target of the contract's family (its nature). */
static bool change_of_field(const DiffChange *c, int f, const char *family)
{
    if (!strcmp(c->subject, "regle"))
        return !strcmp(c->field, field_ids[f]) && !strcmp(c->family, family);
    return f == F_TARGET && !strcmp(c->subject, "embauches") && !strcmp(c->field, HIRES_FIELD) && !strcmp(c->nature, family);
}

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
        /* With no hours target, a share of the family's hires sets the contract's rate (eval_results.c). */
        out[0] = f == F_TARGET && !r->target ? r->hires : r->target;
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

/* What the rules are compared for: a contract, or a pool's own fixed hours at the evaluation date; the
** resolution of its rules in each version, its family, scope and owner (new version) and its date. */
typedef struct Subject {
    const EvalResolution *old, *new_;
    int family, scope;
    const char *owner;
    Date at;
} Subject;

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
    int family = model_family_index(m, c->family ? c->family : c->nature), scope = model_scope_index(m, c->scope);
    if (family < 0 || scope < 0)
        return;
    EvalResolution r = eval_resolve(m, family, scope, c->owner, t);
    field_rules(&r, f, out);
}

/* The class of change c contains the subject: its scope encloses the subject's, its owner is none or the subject's. */
static bool class_contains(const Model *m, const DiffChange *c, const Subject *y)
{
    if (c->owner && !(y->owner && model_same_owner(c->owner, y->owner)))
        return false;
    int s = model_scope_index(m, c->scope);
    for (int k = y->scope; k >= 0; k = m->scopes[k].parent)
        if (k == s)
            return true;
    return false;
}

static bool same_text(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static bool same_cause(const DiffCause *a, const DiffCause *b)
{
    return !strcmp(a->kind, b->kind) && a->change == b->change && same_text(a->field, b->field) && same_text(a->name, b->name)
        && a->old_rule[0] == b->old_rule[0] && a->old_rule[1] == b->old_rule[1] && a->new_rule[0] == b->new_rule[0]
        && a->new_rule[1] == b->new_rule[1];
}

/* Once each: a pool's members often move for the same change. */
static void add_cause(DiffItem *it, DiffCause c)
{
    for (int i = 0; i < it->ncauses; i++)
        if (same_cause(&it->causes[i], &c))
            return;
    RT_GROW(it->causes, it->ncauses);
    it->causes[it->ncauses++] = c;
}

static bool hires_rule(const MRule *const r[2]) { return r[0] && model_rule_is_hires(r[0]); }

static DiffCause rule_cause(int f, int change, const MRule *const o[2], const MRule *const n[2])
{
    /* A share of hires in either version: the field is the hires target (its words, its JSON id). */
    const char *field = f == F_TARGET && (hires_rule(o) || hires_rule(n)) ? HIRES_FIELD : field_ids[f];
    return (DiffCause){ .kind = "regle", .change = change, .field = field,
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

/* Field f moved for this subject: the changes of the rules section that say so (see the head of the file). */
static void rule_causes(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const Subject *y, int f, DiffItem *it)
{
    const MRule *o[2], *n[2];
    field_rules(y->old, f, o);
    field_rules(y->new_, f, n);
    const char *family = nn->model->families[y->family].id;
    int *cand = rt_alloc_atomic(sizeof(int) * (size_t)(d->nchanges + 1));
    for (int pass = 0; pass < 2; pass++) {
        int k = 0;
        for (int i = 0; i < d->nchanges; i++) {
            const DiffChange *c = &d->changes[i];
            if (!c->has_period || !change_of_field(c, f, family) || !covers(c, y->at) || !class_contains(nn->model, c, y))
                continue;
            const MRule *co[2], *cn[2];
            class_rules(on->model, c, f, y->at, co);
            class_rules(nn->model, c, f, y->at, cn);
            if (pass == 0 ? same_rules(co, o) && same_rules(cn, n) : shares_rule(co, o) || shares_rule(cn, n))
                cand[k++] = i;
        }
        k = keep_nearest(d, on->model, nn->model, o, n, cand, k);
        for (int i = 0; i < k; i++) {
            DiffCause c = rule_cause(f, cand[i], o, n);
            c.field = d->changes[cand[i]].field;   /* the hours target, or the share of hires, that the change is */
            add_cause(it, c);
        }
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

/* A cap is a cause when, with the new version's hours and target hours, the old cap would retain another figure.
** The hours of each capped modality, before its cap, in each version (indexed by that version's caps): a contract's,
** or the sum of a pool's members'. */
static void cap_causes(const DiffReport *d, const Model *om, const Model *nm, mpq_ptr const *old_hours,
                       mpq_ptr const *new_hours, mpq_srcptr target, DiffItem *it)
{
    const Model *ms[2] = { om, nm };
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < ms[v]->ncaps; k++) {
            const char *modality = ms[v]->caps[k].modality;
            if (v == 1 && cap_of(om, modality) >= 0)
                continue;   /* seen from the old version */
            int ko = cap_of(om, modality), kn = cap_of(nm, modality);
            mpq_srcptr hours = kn >= 0 ? new_hours[kn] : old_hours[ko];
            mpq_t a, b;
            mpq_inits(a, b, NULL);
            retained_under(om, ko, hours, target, a);
            retained_under(nm, kn, hours, target, b);
            if (!mpq_equal(a, b))
                add_outside(d, it, (DiffCause){ .kind = "plafond", .name = modality }, "comptage", CAP_FIELDS, modality);
            mpq_clears(a, b, NULL);
        }
}

/* The rounding is a cause when the new unrounded target hours round otherwise under the old charter. */
static bool rounds_otherwise(const Model *om, const Model *nm, mpq_srcptr raw)
{
    mpq_ptr a = eval_copy_num(raw), b = eval_copy_num(raw);
    eval_results_round_target(om, a);
    eval_results_round_target(nm, b);
    return !mpq_equal(a, b);
}

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
    return rounds_otherwise(om, nm, raw);
}

/* The national floor gave the target in one version only, or gave it in both at another figure. */
static bool floor_moved(bool old_applied, bool new_applied, mpq_srcptr old_target, mpq_srcptr new_target)
{
    return old_applied != new_applied || (old_applied && !same_q(old_target, new_target));
}

static void floor_cause(const DiffReport *d, const Model *nm, int family, DiffItem *it)
{
    add_outside(d, it, (DiffCause){ .kind = "plancher" }, "categorie", FLOOR_FIELDS, category_of(nm, family));
}

static void other_cause(const DiffReport *d, DiffItem *it)
{
    if (!it->ncauses)
        add_outside(d, it, (DiffCause){ .kind = "autre" }, NULL, NULL, NULL);
}

/* The causes of a contract evaluated in both versions, but the ones its own target hours make (caps, rounding,
** floor: a pool's members have none, the pool has its own). */
static void contract_inputs(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const EvalContract *x,
                            const EvalContract *y, DiffItem *it)
{
    const Model *om = on->model, *nm = nn->model;
    if (outside_period(x) != outside_period(y))
        add_outside(d, it, (DiffCause){ .kind = "periode" }, "charte", PERIOD_FIELDS, NULL);
    /* A conflict on the target decides nothing else (eval_results.c): its change says it all, as in diff_rules.c. */
    bool target_conflict = (x->res->conflict[0] && !x->res->conflict_on_threshold)
                        || (y->res->conflict[0] && !y->res->conflict_on_threshold);
    Subject sub = { .old = x->res, .new_ = y->res, .family = y->family, .scope = y->scope, .owner = y->owner, .at = y->notified };
    for (int f = 0; f < NFIELDS; f++) {
        const MRule *o[2], *n[2];
        field_rules(x->res, f, o);
        field_rules(y->res, f, n);
        bool compared = f == F_TARGET || (!target_conflict && (f != F_LEVEL || (o[0] && n[0] && !o[1] && !n[1])));
        if (compared && !same_field(f, o, n))
            rule_causes(d, on, nn, &sub, f, it);
    }
    if (base_decided(x) && base_decided(y) && !same_q(x->base, y->base))
        add_outside(d, it, (DiffCause){ .kind = "heures_base", .name = nm->families[y->family].id }, "famille",
                    BASE_FIELDS, nm->families[y->family].id);
    if (!mpq_equal(eval_results_uncapped_total(om, x), eval_results_uncapped_total(nm, y)))
        add_outside(d, it, (DiffCause){ .kind = "heures_comptees" }, NULL, NULL, NULL);
}

static bool compared_contract(const EvalContract *x, const EvalContract *y)
{
    return x && y && x->res && y->res && y->family >= 0 && y->scope >= 0;
}

void diff_causes(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const EvalContract *x, const EvalContract *y,
                 DiffItem *it)
{
    if (!compared_contract(x, y))
        return;   /* a contract of one version only: its presence is the cause */
    const Model *om = on->model, *nm = nn->model;
    contract_inputs(d, on, nn, x, y, it);
    if (x->target_hours && y->target_hours && !x->pool && !y->pool)
        cap_causes(d, om, nm, x->capped, y->capped, y->target_hours, it);
    if (rounding_moved(om, nm, y))
        add_outside(d, it, (DiffCause){ .kind = "arrondi" }, "comptage", ROUNDING_FIELDS, NULL);
    if (x->target_hours && y->target_hours && floor_moved(x->floor_applied, y->floor_applied, x->target_hours, y->target_hours))
        floor_cause(d, nm, y->family, it);
    other_cause(d, it);
}

/* ---- pooled targets ---------------------------------------------------------------------------- */

/*
** A pool's target is the sum of its members' contributions (rate × base hours, each member under the rule in force
** at its notification date), or the fixed hours of its rule in force at the evaluation date, raised to the floor
** and rounded once; its counted hours are its members', its caps applied to the pool (runtime/eval_pools.c). So a
** pool moves for: a member that joins or leaves it (the causes of that member's own move: its rules, the period,
** its base hours), a member's rate, base hours or hours counted before caps, the fixed hours of its rule, its
** floor, its rounding, its caps. Each is said as for a contract, the same change once.
*/

static bool member_of(const EvalContract *c, const EvalPool *p) { return c && c->pool == p; }

/* The causes of member x → y that move pool figures: what moved it in or out of the pool, or for a member of
** both, its rate (its rule's target), its base hours (its contribution, or the pool's floor) and its hours. */
static void member_causes(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const EvalContract *x,
                          const EvalContract *y, bool in_both, bool floor, DiffItem *pool)
{
    if (!compared_contract(x, y))
        return;
    DiffItem own = { 0 };
    contract_inputs(d, on, nn, x, y, &own);
    for (int i = 0; i < own.ncauses; i++) {
        const DiffCause *c = &own.causes[i];
        bool keep = !strcmp(c->kind, "heures_base") ? !in_both || floor || (x->contribution && y->contribution)
                  : !strcmp(c->kind, "heures_comptees") ? in_both
                  : !strcmp(c->kind, "periode") ? !in_both
                  : !in_both || !strcmp(c->field, field_ids[F_TARGET]) || !strcmp(c->field, HIRES_FIELD);
        if (keep)
            add_cause(pool, *c);
    }
}

/* The fixed hours a pool counts once (eval_pools.c's pool_close): its rule's, when a member has no contribution. */
static const MRule *fixed_rule(const EvalPool *p)
{
    if (p->rule->kind != M_TARGET_FIXED_HOURS)
        return NULL;
    for (int i = 0; i < p->nmembers; i++)
        if (!p->members[i]->contribution)
            return p->rule;
    return NULL;
}

/* The hours of each capped modality of a pool's members, before the pool's caps. */
static mpq_ptr *members_capped(const Model *m, const EvalPool *p)
{
    mpq_ptr *h = RT_NEW_ARRAY(mpq_ptr, m->ncaps + 1);
    for (int k = 0; k < m->ncaps; k++) {
        h[k] = eval_new_num();
        for (int i = 0; i < p->nmembers; i++)
            mpq_add(h[k], h[k], p->members[i]->capped[k]);
    }
    return h;
}

void diff_causes_pool(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const EvalPool *po, const EvalPool *pn,
                      DiffItem *it)
{
    if (!po || !pn)
        return;   /* a pool of one version only: its presence is the cause */
    const Model *om = on->model, *nm = nn->model;
    bool floor = po->floor_applied || pn->floor_applied;
    /* Members by id, in either version's pool (both sorted by id): each contract once. */
    const EvalPool *ps[2] = { po, pn };
    for (int v = 0; v < 2; v++)
        for (int i = 0; i < ps[v]->nmembers; i++) {
            const char *id = ps[v]->members[i]->id;
            const EvalContract *x = eval_contract(on, id), *y = eval_contract(nn, id);
            if (v == 1 && member_of(x, po))
                continue;   /* seen from the old pool */
            member_causes(d, on, nn, x, y, member_of(x, po) && member_of(y, pn), floor, it);
        }
    const MRule *fo = fixed_rule(po), *fn = fixed_rule(pn);
    if (fo || fn) {
        EvalResolution ro = { .target = fo }, rn = { .target = fn };
        const MRule *o[2] = { fo, NULL }, *n[2] = { fn, NULL };
        Subject sub = { .old = &ro, .new_ = &rn, .family = pn->family, .scope = pn->scope, .owner = pn->owner, .at = nn->au };
        if (!same_field(F_TARGET, o, n))
            rule_causes(d, on, nn, &sub, F_TARGET, it);
    }
    cap_causes(d, om, nm, members_capped(om, po), members_capped(nm, pn), pn->target_hours, it);
    if (!pn->floor_applied && pn->unrounded && rounds_otherwise(om, nm, pn->unrounded))
        add_outside(d, it, (DiffCause){ .kind = "arrondi" }, "comptage", ROUNDING_FIELDS, NULL);
    if (floor_moved(po->floor_applied, pn->floor_applied, po->target_hours, pn->target_hours))
        floor_cause(d, nm, pn->family, it);
    other_cause(d, it);
}

/* ---- hires targets ----------------------------------------------------------------------------- */

/* The rule of a hires target in force at t: the latest of its rules by date (eval_hires.c's rule_at). */
static const Prov *hires_rule_at(const EvalHiresTarget *h, Date t)
{
    const MRule *best = NULL;
    for (int i = 0; i < h->nrules; i++)
        if (h->rules[i]->from == DATE_NONE || h->rules[i]->from <= t)
            best = h->rules[i];
    return best ? &best->target_prov : NULL;
}

static bool period_differs(const Model *om, const Model *nm)
{
    return om->valid_from != nm->valid_from || om->valid_to != nm->valid_to;
}

/*
** A hires target is assessed at its own scope, owner and nature (not inherited), over the hires of the period up
** to the evaluation date, each hire at the rate in force at its date. Its rate and target hires move with the
** changes of exactly its class (diff_rules.c's "embauches") that take effect by the evaluation date; the hires
** assessed with the charter's period; the eligible ones, when the same hires are assessed, with eligibility
** (several declarations together: said by their kind).
*/
void diff_causes_hires(const DiffReport *d, const EvalRun *on, const EvalRun *nn, const EvalHiresTarget *ho,
                       const EvalHiresTarget *hn, DiffItem *it)
{
    if (!ho || !hn)
        return;   /* a target of one version only: its presence is the cause */
    Date au = nn->au;
    if (!same_q(ho->rate, hn->rate) || !same_q(ho->target, hn->target)) {
        const char *scope = nn->model->scopes[hn->scope].id;
        int named = 0;
        for (int i = 0; i < d->nchanges; i++) {
            const DiffChange *c = &d->changes[i];
            if (strcmp(c->subject, "embauches") || strcmp(c->field, HIRES_FIELD) || strcmp(c->nature, hn->nature)
                || strcmp(c->scope, scope) || !model_same_owner(c->owner, hn->owner) || (c->from != DATE_NONE && c->from > au))
                continue;
            Date t = c->to != DATE_NONE && c->to < au ? c->to : au;
            add_cause(it, (DiffCause){ .kind = "regle", .change = i, .field = HIRES_FIELD,
                                       .old_rule = { hires_rule_at(ho, t) }, .new_rule = { hires_rule_at(hn, t) } });
            named++;
        }
        if (!named)
            add_cause(it, (DiffCause){ .kind = "regle", .change = -1, .field = HIRES_FIELD,
                                       .old_rule = { hires_rule_at(ho, au) }, .new_rule = { hires_rule_at(hn, au) } });
    }
    if (ho->hires != hn->hires && period_differs(on->model, nn->model))
        add_outside(d, it, (DiffCause){ .kind = "periode" }, "charte", PERIOD_FIELDS, NULL);
    if (ho->eligible != hn->eligible && ho->hires == hn->hires)
        add_outside(d, it, (DiffCause){ .kind = "embauches_eligibles" }, NULL, NULL, NULL);
    other_cause(d, it);
}
