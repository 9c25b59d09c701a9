/* runtime/eval_pools.c: pooled targets (objectif mutualisé): members, one target per pool rounded once, caps on the pool, status and gap. */
#include "eval_impl.h"

#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/*
** A member keeps the rate of the rule in force at its own notification date
** (an amendment changes the rate of later contracts only); its contribution
** is rate × base hours, exact. The pool adds them, takes the national floor
** against its own base hours when that is higher, and rounds once. A
** fixed-hours pool counts the fixed hours of the rule in force at the
** evaluation date once, whatever the number of members.
*/

static const char *owner_key(const char *owner)
{
    return owner ? utf8_key(owner, strlen(owner)) : "";
}

/* Rules of one pool share scope, owner restriction, family and level; a
** per-owner pool adds the owner of its contracts. */
static const char *pool_key(const MRule *r, const EvalContract *c)
{
    return rt_sprintf("%d\x1f%s\x1f%d\x1f%d\x1f%s", r->scope, owner_key(r->owner), r->family, (int)r->pool,
                      r->pool == AST_POOL_OWNER ? owner_key(c->owner) : "");
}

void eval_pools_join(EvalRun *e, EvalContract *c, const MRule *tr)
{
    c->status = EVAL_MUTUALISE;
    c->counted = eval_results_uncapped_total(e->model, c);
    if (tr->kind == M_TARGET_SHARE_HOURS) {
        c->contribution = eval_new_num();
        mpq_mul(c->contribution, tr->target, c->base);
    }
}

static bool same_pool_rule(const MRule *a, const MRule *b)
{
    return a->scope == b->scope && a->family == b->family && a->pool == b->pool
           && strcmp(owner_key(a->owner), owner_key(b->owner)) == 0;
}

/* The fixed hours of a pool: those of its rule in force at the evaluation date. */
static const MRule *rule_at(const Model *m, const MRule *like, Date au)
{
    const MRule *best = NULL;
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (!r->has_target || !same_pool_rule(r, like))
            continue;
        if (r->from != DATE_NONE && (au == DATE_NONE || r->from > au))
            continue;
        if (!best || (best->from == DATE_NONE && r->from != DATE_NONE)
            || (r->from != DATE_NONE && r->from > best->from))
            best = r;
    }
    return best;
}

static void add_article(EvalPool *p, const Prov *prov, bool english)
{
    eval_results_add_article(&p->articles, &p->narticles, prov, english);
}

static EvalPool *pool_new(EvalRun *e, const EvalContract *c, const MRule *tr)
{
    const Model *m = e->model;
    EvalPool *p = RT_NEW(EvalPool);
    p->family = tr->family;
    p->scope = tr->scope;
    p->level = tr->pool;
    p->owner = tr->pool == AST_POOL_OWNER ? c->owner : tr->owner;
    p->rule = tr;
    p->id = p->owner ? rt_sprintf("%s/%s/%s", m->scopes[p->scope].id, m->families[p->family].id, p->owner)
                     : rt_sprintf("%s/%s", m->scopes[p->scope].id, m->families[p->family].id);
    return p;
}

/* counted = free hours + each capped modality up to its share of target_hours;
** from the members' sums (from 0), or their earlier ones (from 1 + ncaps: a period's, eval_period.c). */
static mpq_ptr pool_counted(const Model *m, const EvalPool *p, mpq_srcptr target_hours, int from)
{
    mpq_ptr t = eval_new_num();
    mpq_ptr retained = eval_new_num(), capped = eval_new_num();
    for (int i = 0; i < p->nmembers; i++)
        mpq_add(t, t, eval_period_sum_of(m, p->members[i], from));
    for (int k = 0; k < m->ncaps; k++) {
        mpq_set_ui(capped, 0, 1);
        for (int i = 0; i < p->nmembers; i++)
            mpq_add(capped, capped, eval_period_sum_of(m, p->members[i], from + 1 + k));
        eval_results_cap(m, k, capped, target_hours, retained);
        mpq_add(t, t, retained);
    }
    return t;
}

/* What the pool's target adds up at date `at`: its members notified by then. */
typedef struct PoolSum {
    int members;
    mpq_ptr base, target;      /* known base hours; contributions, and the fixed hours once */
    int base_unknown;
    const MRule *fixed;        /* the rule whose fixed hours count, NULL when none */
} PoolSum;

static PoolSum pool_sum(const EvalRun *e, const EvalPool *p, Date at)
{
    PoolSum s = { 0, eval_new_num(), eval_new_num(), 0, NULL };
    bool fixed = false;
    for (int i = 0; i < p->nmembers; i++) {
        const EvalContract *c = p->members[i];
        if (c->notified != DATE_NONE && c->notified > at)
            continue;
        s.members++;
        if (c->base)
            mpq_add(s.base, s.base, c->base);
        else
            s.base_unknown++;
        if (c->contribution)
            mpq_add(s.target, s.target, c->contribution);
        else
            fixed = true;
    }
    const MRule *r = fixed ? rule_at(e->model, p->rule, at) : NULL;
    if (r && r->kind == M_TARGET_FIXED_HOURS) {
        mpq_add(s.target, s.target, r->target);
        s.fixed = r;
    }
    return s;
}

/* The pool's period hours: its counted hours less those the evaluation at the
** day before the period gives it (its members notified by then, its rule in
** force then, its floor on their base hours, their hours before the period). */
static void pool_period(EvalRun *e, EvalPool *p)
{
    const Model *m = e->model;
    PoolSum s = pool_sum(e, p, e->since - 1);
    mpq_ptr earlier = eval_new_num();
    if (s.members > 0) {
        eval_floors_raise(m, p->family, s.base, s.target);
        eval_results_round_target(m, s.target);
        earlier = pool_counted(m, p, s.target, 1 + m->ncaps);
    }
    p->before_members = s.members;
    p->before_target = s.target;
    p->before_counted = earlier;
    p->period = eval_new_num();
    mpq_sub(p->period, p->counted, earlier);
}

/* A member without base hours leaves the pool's floor checked on part of its
** base only: said, like the floor that cannot be checked on one contract. */
static Say unknown_base_note(const EvalPool *p)
{
    const char *plural = p->base_unknown > 1 ? "s" : "";
    Say unknown = SAYF(("heures de base inconnues de %s membre%s : le plancher national n'est vérifié que sur les heures de base connues",
                        num_count_to_reader(p->base_unknown, false), plural),
                       ("base hours unknown for %s member%s: the national floor is checked on the known base hours only",
                        num_count_to_reader(p->base_unknown, true), plural));
    if (!say_is_set(p->note))
        return unknown;
    return say(rt_sprintf("%s ; %s", say_in(p->note, SAY_FR), unknown.fr),
               rt_sprintf("%s; %s", say_in(p->note, SAY_EN), unknown.en));
}

static void pool_close(EvalRun *e, EvalPool *p)
{
    const Model *m = e->model;
    for (int i = 0; i < p->nmembers; i++)
        add_article(p, &p->members[i]->res->target->target_prov, e->english);
    PoolSum s = pool_sum(e, p, e->au);
    p->base = s.base;
    p->base_unknown = s.base_unknown;
    p->target_hours = s.target;
    if (s.fixed) {
        p->rule = s.fixed;
        add_article(p, &s.fixed->target_prov, e->english);
    }
    mpq_ptr local = eval_copy_num(p->target_hours);
    if (eval_floors_raise(m, p->family, p->base, p->target_hours)) {
        p->floor_applied = true;
        p->note = eval_floors_note(m, p->family, p->base, local);
        add_article(p, eval_floors_prov(m, p->family), e->english);
    }
    if (p->base_unknown && eval_floors_prov(m, p->family))
        p->note = unknown_base_note(p);
    p->unrounded = eval_copy_num(p->target_hours);
    eval_results_round_target(m, p->target_hours);
    p->counted = pool_counted(m, p, p->target_hours, 0);
    p->gap = eval_new_num();
    mpq_sub(p->gap, p->counted, p->target_hours);
    p->status = mpq_cmp(p->counted, p->target_hours) >= 0 ? EVAL_ATTEINT : EVAL_NON_ATTEINT;
    if (e->since != DATE_NONE)
        pool_period(e, p);
}

static int compare_pools(const void *a, const void *b)
{
    return strcmp((*(const EvalPool *const *)a)->id, (*(const EvalPool *const *)b)->id);
}

/* After the contracts are finished and sorted: members join their pools in id order. */
void eval_pools_build(EvalRun *e)
{
    IdMap *index = idmap_new(16);
    for (int i = 0; i < e->ncontracts; i++) {
        EvalContract *c = e->contracts[i];
        if (c->status != EVAL_MUTUALISE)
            continue;
        const MRule *tr = c->res->target;
        const char *key = pool_key(tr, c);
        int k;
        if (!idmap_get(index, key, strlen(key), &k)) {
            k = e->npools;
            idmap_put(index, key, strlen(key), k);
            RT_GROW(e->pools, e->npools);
            e->pools[e->npools++] = pool_new(e, c, tr);
        }
        EvalPool *p = e->pools[k];
        /* The pool's rule: the latest a member has, until the evaluation date decides (pool_close). */
        if (tr->from != DATE_NONE && (p->rule->from == DATE_NONE || tr->from > p->rule->from))
            p->rule = tr;
        RT_GROW(p->members, p->nmembers);
        p->members[p->nmembers++] = c;
        c->pool = p;
    }
    for (int k = 0; k < e->npools; k++)
        pool_close(e, e->pools[k]);
    eval_sort(e->pools, (size_t)e->npools, sizeof(EvalPool *), compare_pools);
}

/* ---- pools in the summaries ------------------------------------------------------------------- */

/* A pool counts, with its members as subject contracts, wherever its figures
** belong whole: everywhere (the total), its family and category, its own scope
** and those containing it, and its owner when it has one. */
static void fold(EvalAggregate *a, const EvalPool *p, const char *owner)
{
    if (!a)
        return;
    /* Under an owner, the members of that owner (any spelling) count as its contracts. */
    int members = 0;
    for (int i = 0; i < p->nmembers; i++)
        members += !owner || strcmp(owner_key(p->members[i]->owner), owner_key(owner)) == 0;
    a->subject += members;
    a->met += p->status == EVAL_ATTEINT ? members : 0;
    mpq_add(a->target_hours, a->target_hours, p->target_hours);
    mpq_add(a->counted_hours, a->counted_hours, p->counted);
    if (a->period_hours && p->period)
        mpq_add(a->period_hours, a->period_hours, p->period);
    if (mpq_sgn(a->target_hours) > 0) {
        if (!a->rate)
            a->rate = eval_new_num();
        mpq_div(a->rate, a->counted_hours, a->target_hours);
    }
}

static EvalAggregate *find(EvalAggregate *a, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (a[i].key && key && strcmp(a[i].key, key) == 0)
            return &a[i];
    return NULL;
}

/* Owners are grouped whatever their spelling (runtime/eval_aggregates.c). */
static EvalAggregate *find_owner(EvalAggregate *a, int n, const char *owner)
{
    for (int i = 0; i < n; i++)
        if (a[i].key && strcmp(owner_key(a[i].key), owner_key(owner)) == 0)
            return &a[i];
    return NULL;
}

void eval_pools_fold_aggregates(EvalRun *e)
{
    const Model *m = e->model;
    for (int k = 0; k < e->npools; k++) {
        const EvalPool *p = e->pools[k];
        fold(&e->all, p, NULL);
        int cat = m->families[p->family].category;
        if (cat >= 0)
            fold(find(e->by_category, e->nby_category, m->categories[cat].id), p, NULL);
        fold(find(e->by_family, e->nby_family, m->families[p->family].id), p, NULL);
        for (int s = p->scope; s >= 0; s = m->scopes[s].parent)
            fold(find(e->by_scope, e->nby_scope, m->scopes[s].id), p, NULL);
        if (p->owner)
            fold(find_owner(e->by_owner, e->nby_owner, p->owner), p, p->owner);
    }
}
