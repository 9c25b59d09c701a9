/* runtime/diff_data.c: both versions evaluated on the same rows: the contracts, pools and hires targets whose figures differ (with their causes), totals per family and scope, rows counted. */
#include "diff_impl.h"

#include "gc.h"

#include <string.h>

static bool same_num(mpq_srcptr a, mpq_srcptr b) { return a == b || (a && b && mpq_equal(a, b)); }

static bool same_figures(const DiffFigures *a, const DiffFigures *b)
{
    return a->present == b->present && (!a->present || !b->present
        || (!strcmp(a->status, b->status) && same_num(a->rate, b->rate) && same_num(a->threshold, b->threshold)
            && same_num(a->target, b->target) && same_num(a->counted, b->counted)));
}

static DiffFigures contract_figures(const EvalContract *c)
{
    if (!c)
        return (DiffFigures){ 0 };
    return (DiffFigures){ .present = true, .status = eval_status_id(c->status),
                          .status_words = say(eval_status_label(c->status, false), eval_status_label(c->status, true)),
                          .rate = c->rate, .threshold = c->threshold, .target = c->target_hours, .counted = c->counted };
}

static DiffFigures pool_figures(const EvalPool *p)
{
    if (!p)
        return (DiffFigures){ 0 };
    return (DiffFigures){ .present = true, .status = eval_status_id(p->status),
                          .status_words = say(eval_status_label(p->status, false), eval_status_label(p->status, true)),
                          .target = p->target_hours, .counted = p->counted };
}

static DiffFigures hires_figures(const EvalHiresTarget *h)
{
    if (!h)
        return (DiffFigures){ 0 };
    mpq_ptr eligible = val_new_num();
    mpq_set_si(eligible, h->eligible, 1);
    return (DiffFigures){ .present = true, .status = eval_hires_status_id(h->status),
                          .status_words = say(eval_hires_status_label(h->status, false), eval_hires_status_label(h->status, true)),
                          .rate = h->rate, .target = h->target, .counted = eligible };
}

static DiffItem *add_item(DiffItem **items, int *n, DiffItem it)
{
    if (same_figures(&it.old, &it.new_))
        return NULL;
    RT_GROW(*items, *n);
    (*items)[*n] = it;
    return &(*items)[(*n)++];
}

/* Both lists sorted by id (bytewise): a merge. */
static void contracts(DiffReport *d, const EvalRun *o, const EvalRun *n)
{
    int i = 0, j = 0;
    while (i < o->ncontracts || j < n->ncontracts) {
        const EvalContract *a = i < o->ncontracts ? o->contracts[i] : NULL, *b = j < n->ncontracts ? n->contracts[j] : NULL;
        int c = !a ? 1 : !b ? -1 : strcmp(a->id, b->id);
        const EvalContract *x = c <= 0 ? a : NULL, *y = c >= 0 ? b : NULL;
        const EvalContract *any = y ? y : x;
        const Model *m = y ? n->model : o->model;
        d->contracts_compared++;
        DiffItem *it = add_item(&d->contracts, &d->ncontracts,
                                (DiffItem){ .id = any->id, .family = any->family >= 0 ? m->families[any->family].id : NULL,
                                            .scope = any->scope >= 0 ? m->scopes[any->scope].id : NULL,
                                            .old = contract_figures(x), .new_ = contract_figures(y) });
        if (it)
            diff_causes(d, o, n, x, y, it);
        i += x != NULL;
        j += y != NULL;
    }
}

static void pools(DiffReport *d, const EvalRun *o, const EvalRun *n)
{
    for (int i = 0; i < o->npools; i++)
        if (!eval_pool(n, o->pools[i]->id))
            add_item(&d->pools, &d->npools, (DiffItem){ .id = o->pools[i]->id, .old = pool_figures(o->pools[i]) });
    for (int i = 0; i < n->npools; i++) {
        const EvalPool *po = eval_pool(o, n->pools[i]->id);
        DiffItem *it = add_item(&d->pools, &d->npools, (DiffItem){ .id = n->pools[i]->id, .old = pool_figures(po),
                                                                   .new_ = pool_figures(n->pools[i]) });
        if (it)
            diff_causes_pool(d, o, n, po, n->pools[i], it);
    }
}

static const char *hires_id(const EvalRun *e, const EvalHiresTarget *h)
{
    const char *id = rt_sprintf("%s/%s", e->model->scopes[h->scope].id, h->nature);
    return h->owner ? rt_sprintf("%s/%s", id, h->owner) : id;
}

static const EvalHiresTarget *hires_of(const EvalRun *e, const char *id)
{
    for (int i = 0; i < e->nhires; i++)
        if (strcmp(hires_id(e, &e->hires[i]), id) == 0)
            return &e->hires[i];
    return NULL;
}

static void hires(DiffReport *d, const EvalRun *o, const EvalRun *n)
{
    for (int i = 0; i < o->nhires; i++) {
        const char *id = hires_id(o, &o->hires[i]);
        if (!hires_of(n, id))
            add_item(&d->hires, &d->nhires, (DiffItem){ .id = id, .old = hires_figures(&o->hires[i]) });
    }
    for (int i = 0; i < n->nhires; i++) {
        const char *id = hires_id(n, &n->hires[i]);
        const EvalHiresTarget *ho = hires_of(o, id);
        DiffItem *it = add_item(&d->hires, &d->nhires, (DiffItem){ .id = id, .old = hires_figures(ho), .new_ = hires_figures(&n->hires[i]) });
        if (it)
            diff_causes_hires(d, o, n, ho, &n->hires[i], it);
    }
}

static mpq_ptr zero(void) { return val_new_num(); }

static DiffTotal total_of(const char *key, const char *name, const EvalAggregate *o, const EvalAggregate *n)
{
    return (DiffTotal){ .key = key, .name = name, .present_old = o != NULL, .present_new = n != NULL,
                        .contracts_old = o ? o->contracts : 0, .contracts_new = n ? n->contracts : 0,
                        .met_old = o ? o->met : 0, .met_new = n ? n->met : 0,
                        .target_old = o ? o->target_hours : zero(), .target_new = n ? n->target_hours : zero(),
                        .counted_old = o ? o->counted_hours : zero(), .counted_new = n ? n->counted_hours : zero() };
}

static bool total_differs(const DiffTotal *t)
{
    return t->present_old != t->present_new || t->contracts_old != t->contracts_new || t->met_old != t->met_new
        || !mpq_equal(t->target_old, t->target_new) || !mpq_equal(t->counted_old, t->counted_new);
}

static const EvalAggregate *aggregate_of(const EvalAggregate *a, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(a[i].key, key) == 0)
            return &a[i];
    return NULL;
}

/* The new version's order, then what only the old one has. */
static void totals(DiffTotal **out, int *nout, const EvalAggregate *o, int no, const EvalAggregate *n, int nn)
{
    for (int i = 0; i < nn; i++) {
        DiffTotal t = total_of(n[i].key, n[i].name, aggregate_of(o, no, n[i].key), &n[i]);
        if (total_differs(&t)) {
            RT_GROW(*out, *nout);
            (*out)[(*nout)++] = t;
        }
    }
    for (int i = 0; i < no; i++)
        if (!aggregate_of(n, nn, o[i].key)) {
            RT_GROW(*out, *nout);
            (*out)[(*nout)++] = total_of(o[i].key, o[i].name, &o[i], NULL);
        }
}

void diff_data(DiffReport *d, const EvalRun *o, const EvalRun *n, const char *data_dir)
{
    d->has_data = true;
    d->data_dir = data_dir;
    d->au = n->au;
    contracts(d, o, n);
    pools(d, o, n);
    hires(d, o, n);
    d->all = total_of("", NULL, &o->all, &n->all);
    totals(&d->families, &d->nfamilies, o->by_family, o->nby_family, n->by_family, n->nby_family);
    totals(&d->scopes, &d->nscopes, o->by_scope, o->nby_scope, n->by_scope, n->nby_scope);
    for (int t = 0; t < M_NTABLES; t++) {
        d->counts_old[t] = o->counts[t];
        d->counts_new[t] = n->counts[t];
        d->counts_differ |= memcmp(&o->counts[t], &n->counts[t], sizeof o->counts[t]) != 0;
    }
}

bool diff_data_changed(const DiffReport *d)
{
    return d->has_data && (d->ncontracts || d->npools || d->nhires || d->nfamilies || d->nscopes || d->counts_differ
                           || total_differs(&d->all));
}
