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
        if (p->active && p->where[ind] && !p->by_label[ind])
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
            if (p->active && p->where[ind] && l && !idmap_get(seen, l, strlen(l), &dummy)) {
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

/* Free-valued categories that are secret are folded into one unnamed cell. */
static void fold_secret_cells(EvalIndicator *ind)
{
    int w = 0;
    bool folded = false;
    long folded_count = 0;
    for (int i = 0; i < ind->ncells; i++) {
        if (ind->cells[i].secret) {
            folded = true;
            folded_count += ind->cells[i].count;
            continue;
        }
        ind->cells[w++] = ind->cells[i];
    }
    if (folded)
        ind->cells[w++] = (EvalCell){ .label = NULL, .count = folded_count, .secret = true };
    ind->ncells = w;
}

void eval_indicators_evaluate(EvalRun *e, int i, EvalIndicator *out)
{
    const Model *m = e->model;
    const MIndicator *d = &m->indicators[i];
    long k = m->secrecy_k > 0 ? m->secrecy_k : 1;
    long population = 0, matching = 0;
    for (int j = 0; j < e->nparticipants; j++) {
        const EvalParticipant *p = e->participants[j];
        if (!p->active)
            continue;
        population++;
        matching += p->where[i];
    }
    out->decl = d;
    bool share = d->kind == AST_IND_SHARE;
    bool breakdown = d->by && (d->by_column >= 0 || strcmp(d->by, "public") == 0);
    out->total = (EvalCell){ .count = matching, .base = population };
    if (share)
        out->total.share = ratio(matching, population);
    /* The population is printed: a filter's complement is a cell too. */
    if (matching < k || (d->where && population - matching < k) || population < k)
        out->total.secret = true;
    if (breakdown) {
        bool declared;
        Category *cats = categories_of(e, i, &out->ncells, &declared);
        out->cells = RT_NEW_ARRAY(EvalCell, out->ncells + 1);
        for (int c = 0; c < out->ncells; c++) {
            EvalCell *cell = &out->cells[c];
            cell->label = cats[c].label;
            cell->name = cats[c].name;
            long in = 0, base = 0;
            for (int j = 0; j < e->nparticipants; j++) {
                const EvalParticipant *p = e->participants[j];
                if (!p->active || !in_category(p, i, &cats[c]))
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
        EvalCell total = out->total;
        total.secret = out->total.secret;
        bool *preset = rt_alloc_atomic(sizeof(bool) * (size_t)(out->ncells + 1));
        for (int c = 0; c < out->ncells; c++)
            preset[c] = out->cells[c].secret;
        suppress(out->cells, out->ncells, &total, k);
        for (int c = 0; c < out->ncells; c++)
            out->cells[c].secret = out->cells[c].secret || preset[c];
        if (!declared)
            fold_secret_cells(out);
    }
    if (d->has_target && !out->total.secret) {
        out->has_target = true;
        if (share)
            out->target_met = out->total.share && mpq_cmp(out->total.share, d->target) >= 0;
        else {
            mpq_t count;
            mpq_init(count);
            mpq_set_si(count, matching, 1);
            out->target_met = mpq_cmp(count, d->target) >= 0;
        }
    } else {
        out->has_target = d->has_target;
    }
}
