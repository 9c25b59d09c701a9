/* runtime/eval_aggregates.c: aggregates of contract results by family, scope and owner. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- aggregates ------------------------------------------------------------------------------- */

static void aggregate_init(const EvalRun *e, EvalAggregate *a, const char *key)
{
    a->key = key;
    a->target_hours = eval_new_num();
    a->counted_hours = eval_new_num();
    if (e->since != DATE_NONE)
        a->period_hours = eval_new_num();
}

/* sum += x. Target hours are whole numbers once rounded, and so is a sum of
** them: integers are added as integers (mpq_add takes gcds, 500 instructions
** an addition, five aggregates per contract). */
static void add_to(mpq_ptr sum, mpq_srcptr x)
{
    if (mpz_cmp_ui(mpq_denref(sum), 1) == 0 && mpz_cmp_ui(mpq_denref(x), 1) == 0)
        mpz_add(mpq_numref(sum), mpq_numref(sum), mpq_numref(x));
    else
        mpq_add(sum, sum, x);
}

static void aggregate_add(EvalAggregate *a, const EvalContract *c)
{
    a->contracts++;
    if (c->status != EVAL_ATTEINT && c->status != EVAL_NON_ATTEINT)
        return;
    a->subject++;
    a->met += c->status == EVAL_ATTEINT;
    add_to(a->target_hours, c->target_hours);
    add_to(a->counted_hours, c->counted);
    if (a->period_hours)
        mpq_add(a->period_hours, a->period_hours, c->period);
}

static void aggregate_close(EvalAggregate *a)
{
    if (mpq_sgn(a->target_hours) > 0) {
        a->rate = eval_new_num();
        mpq_div(a->rate, a->counted_hours, a->target_hours);
    }
}

void eval_aggregates_all(EvalRun *e)
{
    aggregate_init(e, &e->all, "");
    for (int i = 0; i < e->ncontracts; i++) {
        aggregate_add(&e->all, e->contracts[i]);
        e->by_status[e->contracts[i]->status]++;
    }
    aggregate_close(&e->all);
}

void eval_aggregates_by_category(EvalRun *e)
{
    const Model *m = e->model;
    EvalAggregate *all = RT_NEW_ARRAY(EvalAggregate, m->ncategories + 1);
    for (int k = 0; k < m->ncategories; k++) {
        aggregate_init(e, &all[k], m->categories[k].id);
        all[k].name = m->categories[k].name;
    }
    for (int i = 0; i < e->ncontracts; i++) {
        int f = e->contracts[i]->family;
        int k = f >= 0 ? m->families[f].category : -1;
        if (k >= 0 && k < m->ncategories)
            aggregate_add(&all[k], e->contracts[i]);
    }
    e->by_category = RT_NEW_ARRAY(EvalAggregate, m->ncategories + 1);
    for (int k = 0; k < m->ncategories; k++)
        if (all[k].contracts > 0) {
            aggregate_close(&all[k]);
            e->by_category[e->nby_category++] = all[k];
        }
}

void eval_aggregates_by_family(EvalRun *e)
{
    const Model *m = e->model;
    EvalAggregate *all = RT_NEW_ARRAY(EvalAggregate, m->nfamilies + 1);
    for (int f = 0; f < m->nfamilies; f++)
        aggregate_init(e, &all[f], m->families[f].id);
    for (int i = 0; i < e->ncontracts; i++)
        if (e->contracts[i]->family >= 0)
            aggregate_add(&all[e->contracts[i]->family], e->contracts[i]);
    e->by_family = RT_NEW_ARRAY(EvalAggregate, m->nfamilies + 1);
    for (int f = 0; f < m->nfamilies; f++)
        if (all[f].contracts > 0) {
            aggregate_close(&all[f]);
            e->by_family[e->nby_family++] = all[f];
        }
}

void eval_aggregates_by_scope(EvalRun *e)
{
    const Model *m = e->model;
    EvalAggregate *all = RT_NEW_ARRAY(EvalAggregate, m->nscopes + 1);
    for (int s = 0; s < m->nscopes; s++) {
        aggregate_init(e, &all[s], m->scopes[s].id);
        all[s].name = m->scopes[s].name;
        all[s].depth = m->scopes[s].depth;
    }
    for (int i = 0; i < e->ncontracts; i++) {
        /* A contract counts for its scope and every scope it lies inside. */
        int guard = 0;
        for (int s = e->contracts[i]->scope; s >= 0 && guard <= m->nscopes; s = m->scopes[s].parent, guard++)
            aggregate_add(&all[s], e->contracts[i]);
    }
    e->by_scope = RT_NEW_ARRAY(EvalAggregate, m->nscopes + 1);
    int *order = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    int n = model_scopes_in_tree_order(m, order);
    for (int k = 0; k < n; k++)
        if (all[order[k]].contracts > 0) {
            aggregate_close(&all[order[k]]);
            e->by_scope[e->nby_scope++] = all[order[k]];
        }
}

static int compare_aggregates(const void *a, const void *b)
{
    return strcmp(((const EvalAggregate *)a)->key, ((const EvalAggregate *)b)->key);
}

/* Owners are grouped as rules match them, case- and accent-blind: "13 Habitat"
** and "13 HABITAT" are one owner, shown under the spelling of its first contract
** in data order (deterministic for a given data set). */
void eval_aggregates_by_owner(EvalRun *e)
{
    IdMap *owners = idmap_new(64);
    Utf8Keys *keys = utf8_keys_new();
    e->by_owner = RT_NEW_ARRAY(EvalAggregate, e->ncontracts + 1);
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        const char *owner = c->owner ? c->owner : "";
        const char *key = utf8_keys_get(keys, owner, strlen(owner));
        int k;
        if (!idmap_get(owners, key, strlen(key), &k)) {
            k = e->nby_owner++;
            idmap_put(owners, key, strlen(key), k);
            aggregate_init(e, &e->by_owner[k], owner);
        }
        aggregate_add(&e->by_owner[k], c);
    }
    for (int k = 0; k < e->nby_owner; k++)
        aggregate_close(&e->by_owner[k]);
    eval_sort(e->by_owner, (size_t)e->nby_owner, sizeof(EvalAggregate), compare_aggregates);
}
