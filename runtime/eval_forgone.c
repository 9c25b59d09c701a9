/* runtime/eval_forgone.c: what thresholds waive: the target hours of non-subject contracts, per family and scope. */
#include "eval_impl.h"

#include "gc.h"

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
        mpq_mul(t, tr->target, c->base);
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
static void scope_order(const Model *m, int s, int *order, int *n)
{
    order[(*n)++] = s;
    for (int child = 0; child < m->nscopes; child++)
        if (m->scopes[child].parent == s && child != s)
            scope_order(m, child, order, n);
}

void eval_forgone_build(EvalRun *e)
{
    const Model *m = e->model;
    size_t cells = (size_t)m->nfamilies * (size_t)m->nscopes;
    EvalForgone **grid = RT_NEW_ARRAY(EvalForgone *, cells + 1);
    int nused = 0;
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        if (c->status != EVAL_NON_SOUMIS || c->family < 0 || c->scope < 0)
            continue;
        EvalForgone **slot = &grid[(size_t)c->family * (size_t)m->nscopes + (size_t)c->scope];
        if (!*slot) {
            *slot = RT_NEW(EvalForgone);
            **slot = (EvalForgone){ c->family, c->scope, 0, eval_new_num(), eval_new_num(), 0, eval_new_num() };
            nused++;
        }
        add_contract(*slot, c);
    }
    if (nused == 0)
        return;
    int *order = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1)), n = 0;
    for (int s = 0; s < m->nscopes; s++)
        if (m->scopes[s].parent < 0)
            scope_order(m, s, order, &n);
    e->forgone = RT_NEW_ARRAY(EvalForgone, nused);
    for (int f = 0; f < m->nfamilies; f++)
        for (int k = 0; k < n; k++) {
            EvalForgone *g = grid[(size_t)f * (size_t)m->nscopes + (size_t)order[k]];
            if (g)
                e->forgone[e->nforgone++] = *g;
        }
}
