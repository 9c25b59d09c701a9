/* runtime/report_sheets.c: the report laid out as sheets of typed cells, the same figures as the JSON report. */
#include "report_sheets.h"

#include "diag.h"
#include "gc.h"
#include "num.h"
#include "sys_errors.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHEETS_FRAC 2

typedef struct SheetBuilder {
    Sheet *s;
    int col;
} SheetBuilder;

#define TR(o, fr, en) ((o)->english ? (en) : (fr))

static Sheet *sheet_new(SheetBook *b, const char *name, int ncols, const char *const *header)
{
    RT_GROW(b->sheets, b->nsheets);
    Sheet *s = &b->sheets[b->nsheets++];
    s->name = name;
    s->ncols = ncols;
    s->header = RT_NEW_ARRAY(const char *, ncols);
    s->widths = rt_alloc_atomic(sizeof(int) * (size_t)ncols);
    for (int i = 0; i < ncols; i++) {
        s->header[i] = header[i];
        s->widths[i] = (int)utf8_count(header[i], strlen(header[i])) + 2;
    }
    return s;
}

static SheetCell *sheet_row(Sheet *s)
{
    RT_GROW(s->cells, (size_t)(s->nrows + 1) * (size_t)s->ncols);
    return &s->cells[(size_t)s->nrows++ * (size_t)s->ncols];
}

static void sheet_width(Sheet *s, int col, const char *text)
{
    int w = (int)utf8_count(text, strlen(text)) + 2;
    if (w > 60)
        w = 60;
    if (w > s->widths[col])
        s->widths[col] = w;
}

static void put_text(Sheet *s, SheetCell *row, int col, const char *text)
{
    if (!text)
        return;
    row[col] = (SheetCell){ .kind = SHEET_TEXT, .text = text };
    sheet_width(s, col, text);
}

static void put_num(Sheet *s, SheetCell *row, int col, mpq_srcptr q)
{
    if (!q)
        return;
    const char *t = num_to_decimal(q, SHEETS_FRAC);
    row[col] = (SheetCell){ .kind = SHEET_NUMBER, .text = t };
    sheet_width(s, col, t);
}

static void put_int(Sheet *s, SheetCell *row, int col, long n)
{
    row[col] = (SheetCell){ .kind = SHEET_INTEGER, .integer = n };
    sheet_width(s, col, rt_sprintf("%ld", n));
}

/* The JSON's percentage (rounded as the JSON rounds it), divided by 100:
** still a finite decimal, so written exactly ("33.33" -> "0.3333"). */
static const char *fraction_text(mpq_srcptr q)
{
    const char *pct = report_percent(q, SHEETS_FRAC, false, false);
    mpq_t f;
    mpq_init(f);
    num_parse(f, pct, strlen(pct));
    mpz_mul_ui(mpq_denref(f), mpq_denref(f), 100);
    mpq_canonicalize(f);
    const char *out = num_to_decimal(f, SHEETS_FRAC + 2);
    mpq_clear(f);
    return out;
}

static void put_percent(Sheet *s, SheetCell *row, int col, mpq_srcptr q)
{
    if (!q)
        return;
    row[col] = (SheetCell){ .kind = SHEET_PERCENT, .text = fraction_text(q) };
    sheet_width(s, col, "100,00 %");
}

/* Columns of a sheet: its last `period` ones (a period's figures, --depuis) only with a period. */
static int columns_with_period(const EvalRun *e, int n, int period)
{
    return e->since != DATE_NONE ? n : n - period;
}

/* ---- Synthèse ----------------------------------------------------------------------- */

static void summary_line(Sheet *s, const char *label, SheetCell value)
{
    SheetCell *row = sheet_row(s);
    put_text(s, row, 0, label);
    row[1] = value;
    if (value.kind == SHEET_TEXT || value.kind == SHEET_NUMBER)
        sheet_width(s, 1, value.text);
}

static void sheet_summary(SheetBook *b, const EvalRun *e, const ReportOptions *o)
{
    const Model *m = e->model;
    const char *digest = model_digest(m);
    const char *header[] = { TR(o, "Rubrique", "Item"), TR(o, "Valeur", "Value") };
    Sheet *s = sheet_new(b, TR(o, "Synthèse", "Summary"), 2, header);
    summary_line(s, TR(o, "Charte", "Charter"), (SheetCell){ .kind = SHEET_TEXT, .text = m->title ? m->title : "" });
    summary_line(s, TR(o, "Version de la charte (empreinte)", "Charter version (digest)"),
                 (SheetCell){ .kind = digest ? SHEET_TEXT : SHEET_EMPTY, .text = digest });
    summary_line(s, TR(o, "Évaluée au", "Evaluated as of"),
                 (SheetCell){ .kind = e->au != DATE_NONE ? SHEET_DATE : SHEET_EMPTY, .date = e->au });
    summary_line(s, TR(o, "Marchés", "Contracts"), (SheetCell){ .kind = SHEET_INTEGER, .integer = e->ncontracts });
    for (int st = 0; st < EVAL_NSTATUS; st++)
        summary_line(s, rt_sprintf(TR(o, "%s : %s", "%s: %s"), TR(o, "Marchés", "Contracts"), eval_status_label(st, o->english)),
                     (SheetCell){ .kind = SHEET_INTEGER, .integer = e->by_status[st] });
    SheetCell *row = sheet_row(s);
    put_text(s, row, 0, TR(o, "Heures objectif (marchés soumis)", "Target hours (subject contracts)"));
    put_num(s, row, 1, e->all.target_hours);
    row = sheet_row(s);
    put_text(s, row, 0, TR(o, "Heures réalisées (marchés soumis)", "Counted hours (subject contracts)"));
    put_num(s, row, 1, e->all.counted_hours);
    row = sheet_row(s);
    put_text(s, row, 0, report_rate_label(o->english));
    put_percent(s, row, 1, e->all.rate);
    if (e->since != DATE_NONE) {
        summary_line(s, TR(o, "Période depuis le", "Period from"), (SheetCell){ .kind = SHEET_DATE, .date = e->since });
        row = sheet_row(s);
        put_text(s, row, 0, TR(o, "Heures réalisées dans la période (marchés soumis)", "Counted hours in the period (subject contracts)"));
        put_num(s, row, 1, e->all.period_hours);
    }
    row = sheet_row(s);
    put_text(s, row, 0, TR(o, "Participants (heures comptées)", "Participants (hours counted)"));
    if (e->active_participants < m->secrecy_k)
        put_text(s, row, 1, "secret");
    else
        put_int(s, row, 1, e->active_participants);
    if (e->since != DATE_NONE) {
        row = sheet_row(s);
        put_text(s, row, 0, TR(o, "Participants (heures comptées dans la période)", "Participants (hours counted in the period)"));
        if (eval_period_participants_secret(e))
            put_text(s, row, 1, "secret");
        else
            put_int(s, row, 1, e->period_participants);
    }
    summary_line(s, TR(o, "Secret statistique (effectif minimal)", "Statistical secrecy (smallest count shown)"),
                 (SheetCell){ .kind = SHEET_INTEGER, .integer = m->secrecy_k });
    /* What reading changed or left out, as the other formats say it: a workbook
    ** is often the only report a comité opens. */
    for (int i = 0; i < e->nnotes; i++)
        summary_line(s, "Note", (SheetCell){ .kind = SHEET_TEXT, .text = report_note(e, i, o->english) });
}

/* ---- Marchés ------------------------------------------------------------------------ */

static void sheet_contracts(SheetBook *b, const EvalRun *e, const ReportOptions *o)
{
    const Model *m = e->model;
    const char *header[] = {
        TR(o, "Marché", "Contract"), TR(o, "Intitulé", "Title"), TR(o, "Famille", "Family"),
        TR(o, "Périmètre", "Scope"), TR(o, "Maître d'ouvrage", "Owner"), TR(o, "Montant HT", "Amount excl. VAT"),
        TR(o, "Date de notification", "Notification date"), TR(o, "Statut", "Status"), TR(o, "Taux", "Rate"),
        TR(o, "Seuil", "Threshold"), TR(o, "Heures de base", "Base hours"),
        TR(o, "Base estimée", "Base estimated"), TR(o, "Objectif fixe", "Fixed target"),
        TR(o, "Heures objectif", "Target hours"), TR(o, "Heures réalisées", "Counted hours"), TR(o, "Écart", "Gap"),
        TR(o, "Articles", "Articles"), TR(o, "Note", "Note"), TR(o, "Heures de la période", "Period hours"),
    };
    Sheet *s = sheet_new(b, TR(o, "Marchés", "Contracts"), columns_with_period(e, 19, 1), header);
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        SheetCell *row = sheet_row(s);
        put_text(s, row, 0, c->id);
        put_text(s, row, 1, c->label);
        put_text(s, row, 2, c->family >= 0 ? m->families[c->family].id : NULL);
        put_text(s, row, 3, c->scope >= 0 ? m->scopes[c->scope].id : NULL);
        put_text(s, row, 4, c->owner);
        put_num(s, row, 5, c->amount);
        if (c->notified != DATE_NONE) {
            row[6] = (SheetCell){ .kind = SHEET_DATE, .date = c->notified };
            sheet_width(s, 6, "00/00/0000");
        }
        put_text(s, row, 7, eval_status_id(c->status));
        put_percent(s, row, 8, c->rate);
        put_num(s, row, 9, c->threshold);
        put_num(s, row, 10, c->base);
        row[11] = (SheetCell){ .kind = SHEET_BOOL, .integer = c->base_estimated };
        put_num(s, row, 12, c->fixed);
        put_num(s, row, 13, c->target_hours);
        put_num(s, row, 14, c->counted);
        put_num(s, row, 15, c->gap);
        put_text(s, row, 16, report_articles(c->articles, c->narticles, o));
        if (say_is_set(c->note))
            put_text(s, row, 17, say_english(c->note, o->english));
        put_num(s, row, 18, c->period);
    }
}

/* ---- Objectifs mutualisés ----------------------------------------------------------- */

/* A pool's row (member NULL), or one of its members' rows: the same columns,
** each filled from whichever the row is about. */
static void pool_row(Sheet *s, const Model *m, const EvalPool *p, const EvalContract *c, const ReportOptions *o)
{
    SheetCell *row = sheet_row(s);
    put_text(s, row, 0, p->id);
    put_text(s, row, 1, c ? c->id : NULL);
    put_text(s, row, 2, m->families[p->family].id);
    put_text(s, row, 3, !c ? m->scopes[p->scope].id : c->scope >= 0 ? m->scopes[c->scope].id : NULL);
    put_text(s, row, 4, c ? c->owner : p->owner);
    put_text(s, row, 5, eval_status_id(c ? c->status : p->status));
    put_num(s, row, 6, c ? c->base : p->base);
    put_num(s, row, 7, c ? NULL : p->target_hours);
    put_num(s, row, 8, c ? c->contribution : NULL);
    put_num(s, row, 9, c ? c->counted : p->counted);
    put_num(s, row, 10, c ? NULL : p->gap);
    put_num(s, row, 13, c ? c->period : p->period);
    if (c)
        return;
    put_text(s, row, 11, report_articles(p->articles, p->narticles, o));
    if (say_is_set(p->note))
        put_text(s, row, 12, say_english(p->note, o->english));
}

/* One row per pool, then one per member (its contribution and counted hours
** before the pool's caps), so that a pool's figures are read off its own rows. */
static void sheet_pools(SheetBook *b, const EvalRun *e, const ReportOptions *o)
{
    const Model *m = e->model;
    const char *header[] = {
        TR(o, "Objectif mutualisé", "Pooled target"), TR(o, "Marché", "Contract"), TR(o, "Famille", "Family"),
        TR(o, "Périmètre", "Scope"), TR(o, "Maître d'ouvrage", "Owner"), TR(o, "Statut", "Status"),
        TR(o, "Heures de base", "Base hours"), TR(o, "Heures objectif", "Target hours"),
        TR(o, "Contribution", "Contribution"), TR(o, "Heures réalisées", "Counted hours"), TR(o, "Écart", "Gap"),
        TR(o, "Articles", "Articles"), TR(o, "Note", "Note"),
        TR(o, "Heures de la période", "Period hours"),
    };
    Sheet *s = sheet_new(b, TR(o, "Objectifs mutualisés", "Pooled targets"), columns_with_period(e, 14, 1), header);
    for (int i = 0; i < e->npools; i++) {
        pool_row(s, m, e->pools[i], NULL, o);
        for (int k = 0; k < e->pools[i]->nmembers; k++)
            pool_row(s, m, e->pools[i], e->pools[i]->members[k], o);
    }
}

/* ---- Embauches ---------------------------------------------------------------------- */

/* A row of the hires sheet: what every kind of row has (the first columns as
** the row's kind says, then hires, eligible and their share). */
static SheetCell *hires_row(const EvalRun *e, Sheet *s, const char *category, const char *scope, const char *owner,
                            const char *name, const EvalHiresAggregate *a)
{
    long hires = a->hires, eligible = a->eligible;
    mpq_srcptr share = a->share;
    SheetCell *row = sheet_row(s);
    put_text(s, row, 0, category);
    put_text(s, row, 1, scope);
    put_text(s, row, 2, owner);
    put_text(s, row, 4, name);
    put_int(s, row, 7, hires);
    put_int(s, row, 8, eligible);
    put_percent(s, row, 9, share);
    if (e->since != DATE_NONE) {
        put_int(s, row, 13, a->period_hires);
        put_int(s, row, 14, a->period_eligible);
    }
    return row;
}

/* The JSON's "embauches": each target of hires, the total, then the hires by
** scope and by owner; one kind of row after the other, said in column A. */
static void sheet_hires(SheetBook *b, const EvalRun *e, const ReportOptions *o)
{
    const Model *m = e->model;
    const char *header[] = {
        TR(o, "Catégorie", "Category"), TR(o, "Périmètre", "Scope"), TR(o, "Maître d'ouvrage", "Owner"),
        TR(o, "Nature", "Nature"), TR(o, "Nom", "Name"), TR(o, "Statut", "Status"), TR(o, "Taux", "Rate"),
        TR(o, "Embauches", "Hires"), TR(o, "Éligibles", "Eligible"), TR(o, "Part", "Share"),
        TR(o, "Objectif", "Target"), TR(o, "Écart", "Gap"), TR(o, "Articles", "Articles"),
        TR(o, "Embauches de la période", "Period hires"), TR(o, "Éligibles de la période", "Period eligible"),
        TR(o, "Objectif de la période", "Period target"),
    };
    Sheet *s = sheet_new(b, TR(o, "Embauches", "Hires"), columns_with_period(e, 16, 3), header);
    for (int i = 0; i < e->nhires; i++) {
        const EvalHiresTarget *h = &e->hires[i];
        EvalHiresAggregate counts = { .hires = h->hires, .eligible = h->eligible, .share = h->share,
                                      .period_hires = h->period_hires, .period_eligible = h->period_eligible };
        SheetCell *row = hires_row(e, s, "objectif", m->scopes[h->scope].id, h->owner, NULL, &counts);
        put_text(s, row, 3, h->nature);
        put_text(s, row, 5, eval_hires_status_id(h->status));
        put_percent(s, row, 6, h->rate);
        put_num(s, row, 10, h->target);
        put_num(s, row, 11, h->gap);
        put_text(s, row, 12, report_articles(h->articles, h->narticles, o));
        put_num(s, row, 15, h->period_target);
    }
    hires_row(e, s, "total", NULL, NULL, NULL, &e->hires_all);
    for (int i = 0; i < e->nhires_by_scope; i++) {
        const EvalHiresAggregate *a = &e->hires_by_scope[i];
        hires_row(e, s, "perimetre", a->key, NULL, a->name, a);
    }
    for (int i = 0; i < e->nhires_by_owner; i++) {
        const EvalHiresAggregate *a = &e->hires_by_owner[i];
        hires_row(e, s, "maitre_ouvrage", NULL, a->key, a->name, a);
    }
}

/* ---- Agrégats ----------------------------------------------------------------------- */

static void sheet_aggregates(SheetBook *b, const EvalRun *e, const ReportOptions *o, const char *name,
                             const char *key_label, const EvalAggregate *a, int n, bool named)
{
    const char *header[] = {
        key_label, TR(o, "Nom", "Name"), TR(o, "Marchés", "Contracts"), TR(o, "Soumis", "Subject"),
        TR(o, "Atteints", "Met"), TR(o, "Heures objectif", "Target hours"),
        TR(o, "Heures réalisées", "Counted hours"), report_rate_label(o->english),
        TR(o, "Heures de la période", "Period hours"),
    };
    Sheet *s = sheet_new(b, name, columns_with_period(e, 9, 1), header);
    for (int i = 0; i < n; i++) {
        SheetCell *row = sheet_row(s);
        put_text(s, row, 0, a[i].key);
        if (named)
            put_text(s, row, 1, a[i].name);
        put_int(s, row, 2, a[i].contracts);
        put_int(s, row, 3, a[i].subject);
        put_int(s, row, 4, a[i].met);
        put_num(s, row, 5, a[i].target_hours);
        put_num(s, row, 6, a[i].counted_hours);
        put_percent(s, row, 7, a[i].rate);
        put_num(s, row, 8, a[i].period_hours);
    }
}

/* ---- Heures exemptées par les seuils ------------------------------------------------- */

/* Per family and scope, the contracts below their threshold and the target they would have
** had: the JSON's exemptions_seuils, one row each. */
static void sheet_forgone(SheetBook *b, const EvalRun *e, const ReportOptions *o)
{
    const Model *m = e->model;
    const char *header[] = {
        TR(o, "Famille", "Family"), TR(o, "Périmètre", "Scope"), TR(o, "Marchés", "Contracts"),
        TR(o, "Montant HT", "Amount"), TR(o, "Heures de base", "Base hours"),
        TR(o, "Bases inconnues", "Unknown bases"), TR(o, "Heures objectif exemptées", "Target hours waived"),
    };
    Sheet *s = sheet_new(b, TR(o, "Heures exemptées par les seuils", "Hours waived by thresholds"), 7, header);
    for (int i = 0; i < e->nforgone; i++) {
        const EvalForgone *f = &e->forgone[i];
        SheetCell *row = sheet_row(s);
        put_text(s, row, 0, m->families[f->family].id);
        put_text(s, row, 1, m->scopes[f->scope].id);
        put_int(s, row, 2, f->contracts);
        put_num(s, row, 3, f->amount);
        put_num(s, row, 4, f->base);
        put_int(s, row, 5, f->base_unknown);
        put_num(s, row, 6, f->target_hours);
    }
}

/* ---- Indicateurs ------------------------------------------------------------------- */

static void put_indicator_value(Sheet *s, SheetCell *row, int col, const EvalCell *c, bool share)
{
    if (c->secret)
        put_text(s, row, col, "secret");
    else if (share)
        put_percent(s, row, col, c->share);
    else
        put_int(s, row, col, c->count);
}

static void sheet_indicators(SheetBook *b, const EvalRun *e, const ReportOptions *o)
{
    const char *header[] = {
        TR(o, "Indicateur", "Indicator"), TR(o, "Nom", "Name"), TR(o, "Type", "Type"),
        TR(o, "Catégorie", "Category"), TR(o, "Valeur", "Value"), TR(o, "Objectif", "Target"),
        TR(o, "Objectif atteint", "Target met"), TR(o, "Valeur de la période", "Value in the period"),
        TR(o, "Objectif atteint dans la période", "Target met in the period"),
    };
    Sheet *s = sheet_new(b, TR(o, "Indicateurs", "Indicators"), columns_with_period(e, 9, 2), header);
    for (int i = 0; i < e->nindicators; i++) {
        const EvalIndicator *ind = &e->indicators[i];
        bool share = ind->decl->kind == AST_IND_SHARE;
        SheetCell *row = sheet_row(s);
        put_text(s, row, 0, ind->decl->id);
        put_text(s, row, 1, ind->decl->name);
        put_text(s, row, 2, share ? "part" : "nombre");
        put_text(s, row, 3, TR(o, "total", "total"));
        put_indicator_value(s, row, 4, &ind->total, share);
        if (ind->decl->has_target) {
            if (share)
                put_percent(s, row, 5, ind->decl->target);
            else
                put_num(s, row, 5, ind->decl->target);
            if (!ind->total.secret)
                row[6] = (SheetCell){ .kind = SHEET_BOOL, .integer = ind->target_met };
            if (e->since != DATE_NONE && !ind->period_total.secret)
                row[8] = (SheetCell){ .kind = SHEET_BOOL, .integer = ind->period_target_met };
        }
        if (e->since != DATE_NONE)
            put_indicator_value(s, row, 7, &ind->period_total, share);
        for (int c = 0; c < ind->ncells; c++) {
            const EvalCell *cell = &ind->cells[c];
            row = sheet_row(s);
            put_text(s, row, 0, ind->decl->id);
            put_text(s, row, 1, ind->decl->name);
            put_text(s, row, 2, share ? "part" : "nombre");
            put_text(s, row, 3, cell->label ? cell->label : cell->secret ? "autres" : "non_renseigne");
            put_indicator_value(s, row, 4, cell, share);
            if (ind->period_cells)
                put_indicator_value(s, row, 7, &ind->period_cells[c], share);
        }
    }
}

/* ---- Lignes ------------------------------------------------------------------------ */

static void sheet_rows(SheetBook *b, const EvalRun *e, const ReportOptions *o)
{
    const char *header[] = {
        TR(o, "Table", "Table"), TR(o, "Catégorie", "Category"), TR(o, "Nombre", "Count"),
        TR(o, "Fichier", "File"), TR(o, "Ligne", "Line"), TR(o, "Emplacement", "Location"),
        TR(o, "Motif", "Reason"),
    };
    Sheet *s = sheet_new(b, TR(o, "Lignes non comptées et rejetées", "Rows not counted and rejected"), 7, header);
    static const char *const kinds[] = { "lues", "comptees", "non_comptees", "rejetees" };
    for (int t = 0; t < report_ntables(e); t++) {
        const EvalCounts *k = &e->counts[t];
        long n[4] = { k->read, k->counted, k->not_counted, k->rejected };
        for (int i = 0; i < 4; i++) {
            SheetCell *row = sheet_row(s);
            put_text(s, row, 0, e->files[t].table);
            put_text(s, row, 1, kinds[i]);
            put_int(s, row, 2, n[i]);
        }
        for (int i = 0; i < e->nreasons[t]; i++) {
            SheetCell *row = sheet_row(s);
            put_text(s, row, 0, e->files[t].table);
            put_text(s, row, 1, rt_sprintf("non_comptee:%s", e->reasons[t][i].code));
            put_int(s, row, 2, e->reasons[t][i].count);
            put_text(s, row, 6, say_english(e->reasons[t][i].text, o->english));
        }
    }
    for (long i = 0; i < e->nrejects; i++) {
        const EvalReject *r = &e->rejects[i];
        SheetCell *row = sheet_row(s);
        put_text(s, row, 1, "rejetee");
        put_int(s, row, 2, 1);
        put_text(s, row, 3, r->file);
        put_int(s, row, 4, r->line);
        put_text(s, row, 5, table_location(r->file, r->line));
        put_text(s, row, 6, say_english(r->why, o->english));
    }
}

SheetBook *report_sheets(const EvalRun *e, const ReportOptions *o)
{
    SheetBook *b = RT_NEW(SheetBook);
    sheet_summary(b, e, o);
    sheet_contracts(b, e, o);
    if (e->npools)
        sheet_pools(b, e, o);
    if (report_has_hires(e))
        sheet_hires(b, e, o);
    sheet_aggregates(b, e, o, TR(o, "Agrégats par famille", "By family"), TR(o, "Famille", "Family"), e->by_family,
                     e->nby_family, false);
    sheet_aggregates(b, e, o, TR(o, "Agrégats par périmètre", "By scope"), TR(o, "Périmètre", "Scope"), e->by_scope,
                     e->nby_scope, true);
    sheet_aggregates(b, e, o, TR(o, "Agrégats par maître d'ouvrage", "By owner"), TR(o, "Maître d'ouvrage", "Owner"),
                     e->by_owner, e->nby_owner, false);
    if (e->nforgone)
        sheet_forgone(b, e, o);
    sheet_indicators(b, e, o);
    sheet_rows(b, e, o);
    return b;
}

bool report_sheets_is_whole(const char *decimal)
{
    return strpbrk(decimal, ".eE") == NULL;
}

char *report_sheets_temp(const ReportOptions *o)
{
    const char *tmpdir = getenv("TMPDIR");
    char *path = rt_sprintf("%s/charte-classeur-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        int e = errno;
        const char *dir = tmpdir && *tmpdir ? tmpdir : "/tmp";
        Say why = sys_errors_say(e);
        diag_print_run_error(stderr, o->english ? SAY_EN : SAY_FR, "C0836",
                             SAYF(("impossible de créer un fichier temporaire dans %s : %s", dir, why.fr),
                                  ("cannot create a temporary file in %s: %s", dir, why.en)));
        return NULL;
    }
    close(fd);
    return path;
}

bool report_sheets_deliver(char *path, bool written, FILE *out, const ReportOptions *o, const char *what,
                           const char *lib_why)
{
    FILE *in = written ? fopen(path, "rb") : NULL;
    bool ok = in != NULL;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in) {
        ok = ok && !ferror(in);
        fclose(in);
    }
    unlink(path);
    if (!ok) {
        /* The loader's reason names a file found on the library path: shown, not obeyed. */
        Say msg = lib_why ? SAYF(("le classeur %s n'a pas pu être écrit : bibliothèque inutilisable (%s)", what, lib_why),
                                 ("the %s workbook could not be written: unusable library (%s)", what, lib_why))
                          : SAYF(("le classeur %s n'a pas pu être écrit", what), ("the %s workbook could not be written", what));
        diag_print_run_error(stderr, o->english ? SAY_EN : SAY_FR, "C0836", msg);
    }
    return ok;
}
