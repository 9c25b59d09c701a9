/* runtime/eval_indicators.c: indicators over participants, and statistical secrecy of their small cells. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- indicators and statistical secrecy ---------------------------------------------------------- */

/*
** Suppression (docs/evaluation.md): a cell of fewer than k persons is secret
** (primary); a total under k is secret and so is every cell under it; when a
** breakdown shown with its total has exactly one secret cell, the smallest
** other cell is made secret too (secondary), so that no subtraction recovers
** the first one.
*/
static void suppress(EvalCell *cells, int n, EvalCell *total, long k)
{
    if (total->count < k)
        total->secret = true;
    int secret = 0;
    for (int i = 0; i < n; i++) {
        if (cells[i].count < k || total->secret)
            cells[i].secret = true;
        secret += cells[i].secret;
    }
    if (total->secret || secret != 1)
        return;
    int smallest = -1;
    for (int i = 0; i < n; i++)
        if (!cells[i].secret && (smallest < 0 || cells[i].count < cells[smallest].count))
            smallest = i;
    if (smallest >= 0)
        cells[smallest].secret = true;
}

static mpq_ptr ratio(long num, long den)
{
    if (den <= 0)
        return NULL;
    mpq_ptr q = eval_new_num();
    mpq_set_si(q, num, (unsigned long)den);
    mpq_canonicalize(q);
    return q;
}

typedef struct Category {
    const char *label;
    const char *name;
    int public_index;       /* -1 for a column category */
} Category;

static int compare_labels(const void *a, const void *b)
{
    const Category *x = a, *y = b;
    if (!x->label || !y->label)
        return (x->label == NULL) - (y->label == NULL);   /* "not given" last */
    return strcmp(x->label, y->label);
}

/* The categories of a breakdown, in a stable order: publics and choices as
** declared, booleans oui/non, other values sorted, "not given" last. */
static Category *categories_of(const EvalRun *e, int ind, int *count, bool *declared)
{
    const Model *m = e->model;
    const MIndicator *d = &m->indicators[ind];
    Category *cats;
    int n = 0;
    *declared = true;
    if (d->by_column < 0) {
        cats = RT_NEW_ARRAY(Category, m->npublics + 1);
        for (int i = 0; i < m->npublics; i++)
            cats[n++] = (Category){ m->publics[i].id, m->publics[i].name, i };
        *count = n;
        return cats;
    }
    const MColumn *col = &m->tables[M_TABLE_PARTICIPANTS].columns[d->by_column];
    bool has_null = false;
    for (int i = 0; i < e->nparticipants; i++) {
        const EvalParticipant *p = e->participants[i];
        if ((p->activity & EVAL_ACTIVE) && p->where[ind] && !p->by_label[ind])
            has_null = true;
    }
    if (col->type == M_COL_CHOICE || col->type == M_COL_BOOL) {
        int nc = col->type == M_COL_BOOL ? 2 : col->nchoices;
        cats = RT_NEW_ARRAY(Category, nc + 2);
        for (int i = 0; i < nc; i++)
            cats[n++] = (Category){ col->type == M_COL_BOOL ? (i ? "non" : "oui") : col->choices[i], NULL, -1 };
    } else {
        /* Free values: only those met, and they are data, so a secret one is never named. */
        *declared = false;
        IdMap *seen = idmap_new(16);
        cats = RT_NEW_ARRAY(Category, e->nparticipants + 2);
        for (int i = 0; i < e->nparticipants; i++) {
            const EvalParticipant *p = e->participants[i];
            const char *l = p->by_label[ind];
            int dummy;
            if ((p->activity & EVAL_ACTIVE) && p->where[ind] && l && !idmap_get(seen, l, strlen(l), &dummy)) {
                idmap_put(seen, l, strlen(l), 0);
                cats[n++] = (Category){ l, NULL, -1 };
            }
        }
        eval_sort(cats, (size_t)n, sizeof(Category), compare_labels);
    }
    if (has_null)
        cats[n++] = (Category){ NULL, NULL, -1 };
    *count = n;
    return cats;
}

static bool in_category(const EvalParticipant *p, int ind, const Category *c)
{
    if (c->public_index >= 0)
        return p->publics[c->public_index];
    const char *l = p->by_label[ind];
    if (!c->label || !l)
        return !c->label && !l;
    return l == c->label || strcmp(l, c->label) == 0;
}

/* Which participants an indicator counts: those whose activity, of these bits
** (mask), is value. Those active (a counted line), those active in the
** period, or those active before it only (the difference of the two, never
** published: secrecy_across_tables). One test in the loops over participants. */
typedef struct Population {
    unsigned char mask, value;
} Population;

static const Population POP_ALL = { EVAL_ACTIVE, EVAL_ACTIVE };
static const Population POP_PERIOD = { EVAL_ACTIVE_IN_PERIOD, EVAL_ACTIVE_IN_PERIOD };
static const Population POP_BEFORE = { EVAL_ACTIVE | EVAL_ACTIVE_IN_PERIOD, EVAL_ACTIVE };

static inline bool in_population(const EvalParticipant *p, Population pop)
{
    return (p->activity & pop.mask) == pop.value;
}

/* Secret cells of a free-valued breakdown (mask: which) folded into one unnamed cell. */
static int fold_cells(EvalCell *cells, int n, const bool *mask)
{
    int w = 0;
    bool folded = false;
    long folded_count = 0;
    for (int i = 0; i < n; i++) {
        if (mask[i]) {
            folded = true;
            folded_count += cells[i].count;
            continue;
        }
        cells[w++] = cells[i];
    }
    if (folded)
        cells[w++] = (EvalCell){ .label = NULL, .count = folded_count, .secret = true };
    return w;
}

/* An indicator's total and cells (cats: its breakdown's, NULL without) over
** one population, each secrecy rule applied but the folding; the
** population's size. */
static long count_cells(const EvalRun *e, int i, const Category *cats, int ncats, Population pop, EvalCell *total,
                        EvalCell *cells)
{
    const Model *m = e->model;
    const MIndicator *d = &m->indicators[i];
    long k = m->secrecy_k > 0 ? m->secrecy_k : 1;
    long population = 0, matching = 0;
    for (int j = 0; j < e->nparticipants; j++) {
        const EvalParticipant *p = e->participants[j];
        if (!in_population(p, pop))
            continue;
        population++;
        matching += p->where[i];
    }
    bool share = d->kind == AST_IND_SHARE;
    *total = (EvalCell){ .count = matching, .base = population };
    if (share)
        total->share = ratio(matching, population);
    /* The population is printed: a filter's complement is a cell too. */
    if (matching < k || (d->where && population - matching < k) || population < k)
        total->secret = true;
    if (!cats)
        return population;
    for (int c = 0; c < ncats; c++) {
        EvalCell *cell = &cells[c];
        *cell = (EvalCell){ .label = cats[c].label, .name = cats[c].name };
        long in = 0, base = 0;
        for (int j = 0; j < e->nparticipants; j++) {
            const EvalParticipant *p = e->participants[j];
            if (!in_population(p, pop) || !in_category(p, i, &cats[c]))
                continue;
            base++;
            in += p->where[i];
        }
        cell->count = in;
        if (share && d->where) {
            /* Share of the filter within the category: its complement is a cell too. */
            cell->base = base;
            cell->share = ratio(in, base);
            cell->secret = base - in < k;
        } else if (share) {
            cell->base = matching;
            cell->share = ratio(in, matching);
        }
    }
    EvalCell shown = *total;   /* suppress marks the cells under a secret total, the total itself as printed */
    suppress(cells, ncats, &shown, k);
    return population;
}

/*
** Secrecy across the two tables (docs/evaluation.md §6): the period's
** participants are some of the cumulative ones, so a cumulative cell less its
** period twin counts the persons active before the period only. That
** difference is a cell too: where it would be secret (the same rules over
** that population) and both figures would be shown, the period's is made
** secret, then its breakdown's secondary rule applied again. An empty
** before-only population (a first year) reveals no one: no rule then. A
** free value folded in the cumulative table is folded in the period's too:
** its label is never named.
*/
static void secrecy_across_tables(const EvalRun *e, EvalIndicator *out, const EvalCell *before_total,
                                  const EvalCell *before, long before_population, bool declared)
{
    long k = e->model->secrecy_k > 0 ? e->model->secrecy_k : 1;
    if (before_population > 0) {
        if (!out->total.secret && before_total->secret)
            out->period_total.secret = true;
        for (int c = 0; c < out->ncells; c++)
            if (!out->cells[c].secret && before[c].secret)
                out->period_cells[c].secret = true;
    }
    for (int c = 0; c < out->ncells; c++)
        if (!declared && out->cells[c].secret)
            out->period_cells[c].secret = true;
    EvalCell shown = out->period_total;
    suppress(out->period_cells, out->ncells, &shown, k);
}

static bool target_met(const MIndicator *d, const EvalCell *total)
{
    if (d->kind == AST_IND_SHARE)
        return total->share && mpq_cmp(total->share, d->target) >= 0;
    mpq_t count;
    mpq_init(count);
    mpq_set_si(count, total->count, 1);
    bool met = mpq_cmp(count, d->target) >= 0;
    mpq_clear(count);
    return met;
}

/* The indicator over the period's participants, beside the cumulative one (cells still unfolded). */
static void count_period(EvalRun *e, int i, EvalIndicator *out, const Category *cats, bool declared)
{
    int n = out->ncells;
    out->period_cells = cats ? RT_NEW_ARRAY(EvalCell, n + 1) : NULL;
    count_cells(e, i, cats, n, POP_PERIOD, &out->period_total, out->period_cells);
    EvalCell before_total;
    EvalCell *before = cats ? RT_NEW_ARRAY(EvalCell, n + 1) : NULL;
    long before_population = count_cells(e, i, cats, n, POP_BEFORE, &before_total, before);
    secrecy_across_tables(e, out, &before_total, before, before_population, declared);
    out->period_target_met = out->decl->has_target && !out->period_total.secret && target_met(out->decl, &out->period_total);
}

void eval_indicators_evaluate(EvalRun *e, int i, EvalIndicator *out)
{
    const Model *m = e->model;
    const MIndicator *d = &m->indicators[i];
    out->decl = d;
    bool breakdown = d->by && (d->by_column >= 0 || strcmp(d->by, "public") == 0);
    bool declared = true;
    Category *cats = NULL;
    if (breakdown) {
        cats = categories_of(e, i, &out->ncells, &declared);
        out->cells = RT_NEW_ARRAY(EvalCell, out->ncells + 1);
    }
    count_cells(e, i, cats, out->ncells, POP_ALL, &out->total, out->cells);
    if (e->since != DATE_NONE)
        count_period(e, i, out, cats, declared);
    if (!declared) {
        bool *mask = rt_alloc_atomic(sizeof(bool) * (size_t)(out->ncells + 1));
        for (int c = 0; c < out->ncells; c++)
            mask[c] = out->cells[c].secret;
        if (out->period_cells)
            fold_cells(out->period_cells, out->ncells, mask);
        out->ncells = fold_cells(out->cells, out->ncells, mask);
    }
    out->has_target = d->has_target;
    out->target_met = d->has_target && !out->total.secret && target_met(d, &out->total);
}

/* The period's count of participants is printed beside the cumulative one:
** secret when under k, or when their difference (those active before the
** period only) is (secrecy_across_tables). */
bool eval_period_participants_secret(const EvalRun *e)
{
    long k = e->model->secrecy_k;
    long before = e->active_participants - e->period_participants;
    return e->period_participants < k || (e->active_participants >= k && before > 0 && before < k);
}
