/* runtime/eval_forgone.c: what thresholds waive: the target hours of non-subject contracts, per family and scope. */
#include "eval_impl.h"

#include "gc.h"
#include "idmap.h"

#include <string.h>

/* The target a non-subject contract would have had without its threshold:
** rate × base (rounded as declared when assessed per contract, exact when it
** would have joined a pool), or its fixed hours with the floor under them.
** A fixed-hours pool's target does not depend on its members: nothing. */
mpq_ptr eval_forgone_target(const Model *m, const EvalContract *c, const MRule *tr)
{
    mpq_ptr t = eval_new_num();
    if (tr->kind == M_TARGET_SHARE_HOURS) {
        if (!c->base)
            return NULL;
        eval_rationals_mul(t, tr->target, c->base);
    } else if (tr->kind == M_TARGET_FIXED_HOURS && tr->pool == AST_POOL_NONE) {
        mpq_set(t, tr->target);
        eval_floors_raise(m, c->family, c->base, t);
    } else {
        return t;
    }
    if (tr->pool == AST_POOL_NONE)
        eval_results_round_target(m, t);
    return t;
}

static void add_contract(EvalForgone *f, const EvalContract *c)
{
    f->contracts++;
    if (c->amount)
        mpq_add(f->amount, f->amount, c->amount);
    if (c->base)
        mpq_add(f->base, f->base, c->base);
    else
        f->base_unknown++;
    if (c->forgone)
        mpq_add(f->target_hours, f->target_hours, c->forgone);
}

/* Scopes in tree order (each followed by those inside it), as the summaries are. */
static void scope_order(const Model *m, int s, int *rank, int *n)
{
    rank[s] = (*n)++;
    for (int child = 0; child < m->nscopes; child++)
        if (m->scopes[child].parent == s && child != s)
            scope_order(m, child, rank, n);
}

/* Where an entry goes: family order, then scope tree order. */
typedef struct ForgoneOrder {
    int family, rank, index;
} ForgoneOrder;

static int compare_order(const void *a, const void *b)
{
    const ForgoneOrder *x = a, *y = b;
    if (x->family != y->family)
        return (x->family > y->family) - (x->family < y->family);
    return (x->rank > y->rank) - (x->rank < y->rank);
}

void eval_forgone_build(EvalRun *e)
{
    const Model *m = e->model;
    IdMap *cells = idmap_new(16);
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        if (c->status != EVAL_NON_SOUMIS || c->family < 0 || c->scope < 0)
            continue;
        const char *key = rt_sprintf("%d/%d", c->family, c->scope);
        int k;
        if (!idmap_get(cells, key, strlen(key), &k)) {
            k = e->nforgone++;
            idmap_put(cells, key, strlen(key), k);
            RT_GROW(e->forgone, k);
            e->forgone[k] = (EvalForgone){ c->family, c->scope, 0, eval_new_num(), eval_new_num(), 0, eval_new_num() };
        }
        add_contract(&e->forgone[k], c);
    }
    if (e->nforgone == 0)
        return;
    int *rank = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1)), n = 0;
    for (int s = 0; s < m->nscopes; s++)
        if (m->scopes[s].parent < 0)
            scope_order(m, s, rank, &n);
    ForgoneOrder *order = rt_alloc_atomic(sizeof(ForgoneOrder) * (size_t)e->nforgone);
    for (int k = 0; k < e->nforgone; k++)
        order[k] = (ForgoneOrder){ e->forgone[k].family, rank[e->forgone[k].scope], k };
    eval_sort(order, (size_t)e->nforgone, sizeof(ForgoneOrder), compare_order);
    EvalForgone *sorted = RT_NEW_ARRAY(EvalForgone, e->nforgone);
    for (int k = 0; k < e->nforgone; k++)
        sorted[k] = e->forgone[order[k].index];
    e->forgone = sorted;
}
