/* runtime/report_text.c: the evaluation as a report for people, in French or English, with aligned tables. */
#include "report.h"

#include "gc.h"
#include "num.h"
#include "utf8.h"
#include "visible.h"

#include <string.h>

#define TEXT_FRAC 2

/* ---- aligned tables ------------------------------------------------------------------------ */

typedef struct TextTable {
    int ncols;
    const char **head;
    bool *right;              /* right-aligned column (numbers) */
    const char ***rows;
    int nrows;
} TextTable;

static TextTable *table_new_text(int ncols, const char *const *head, const char *align)
{
    TextTable *t = RT_NEW(TextTable);
    t->ncols = ncols;
    t->head = RT_NEW_ARRAY(const char *, ncols);
    t->right = rt_alloc_atomic(sizeof(bool) * (size_t)ncols);
    for (int i = 0; i < ncols; i++) {
        t->head[i] = head[i];
        t->right[i] = align[i] == 'r';
    }
    return t;
}

/* A value on one line: a line break or a tab in it (in a label, an id, a
** quoted cell) becomes a space, so that data cannot forge lines of the
** report; other control characters are made visible by the stream that
** report_text writes through (base/visible.h). */
static const char *one_line(const char *s)
{
    if (!s || !strpbrk(s, "\t\r\n"))
        return s;
    char *c = rt_strdup(s);
    for (char *p = c; *p; p++)
        if (*p == '\t' || *p == '\r' || *p == '\n')
            *p = ' ';
    return c;
}

static const char **table_add_row(TextTable *t)
{
    RT_GROW(t->rows, t->nrows);
    const char **row = RT_NEW_ARRAY(const char *, t->ncols);
    t->rows[t->nrows++] = row;
    return row;
}

/* A right-aligned column inserted at `at`, one cell a row: a period's
** figures (--depuis) beside the cumulative ones they come from. */
static void table_insert_column(TextTable *t, int at, const char *head, const char *const *cells)
{
    int n = t->ncols + 1;
    const char **h = RT_NEW_ARRAY(const char *, n);
    bool *right = rt_alloc_atomic(sizeof(bool) * (size_t)n);
    for (int i = 0, j = 0; i < n; i++) {
        h[i] = i == at ? head : t->head[j];
        right[i] = i == at ? true : t->right[j];
        j += i != at;
    }
    for (int r = 0; r < t->nrows; r++) {
        const char **row = RT_NEW_ARRAY(const char *, n);
        for (int i = 0, j = 0; i < n; i++) {
            row[i] = i == at ? cells[r] : t->rows[r][j];
            j += i != at;
        }
        t->rows[r] = row;
    }
    t->head = h;
    t->right = right;
    t->ncols = n;
}

/* Room for a cell of the period a row of n, NULL without a period. */
static const char **period_cells(const EvalRun *e, int n)
{
    return e->since != DATE_NONE ? RT_NEW_ARRAY(const char *, n + 1) : NULL;
}

static size_t width_of(const char *s)
{
    s = one_line(s);
    return s ? utf8_count(s, strlen(s)) : 0;
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

static void print_cells(FILE *out, const TextTable *t, const char *const *cells, const size_t *w)
{
    fputs("  ", out);
    for (int c = 0; c < t->ncols; c++) {
        const char *s = cells[c] ? one_line(cells[c]) : "";
        size_t sw = width_of(s);
        bool last = c == t->ncols - 1;
        if (t->right[c])
            pad(out, w[c] - sw);
        fputs(s, out);
        if (!last) {
            if (!t->right[c])
                pad(out, w[c] - sw);
            fputs("  ", out);
        }
    }
    fputc('\n', out);
}

static void table_print(FILE *out, const TextTable *t)
{
    size_t *w = rt_alloc_atomic(sizeof(size_t) * (size_t)t->ncols);
    for (int c = 0; c < t->ncols; c++) {
        w[c] = width_of(t->head[c]);
        for (int r = 0; r < t->nrows; r++)
            if (width_of(t->rows[r][c]) > w[c])
                w[c] = width_of(t->rows[r][c]);
    }
    print_cells(out, t, t->head, w);
    for (int r = 0; r < t->nrows; r++)
        print_cells(out, t, t->rows[r], w);
}

/* ---- figures --------------------------------------------------------------------------------- */

#define TR(o, fr, en) ((o)->english ? (en) : (fr))

static const char *number(const ReportOptions *o, mpq_srcptr q)
{
    if (!q)
        return "—";
    return num_to_reader(q, TEXT_FRAC, o->english);
}

static const char *signed_number(const ReportOptions *o, mpq_srcptr q)
{
    if (!q)
        return "—";
    const char *s = number(o, q);
    return mpq_sgn(q) > 0 ? rt_sprintf("+%s", s) : s;
}

static const char *percent(const ReportOptions *o, mpq_srcptr q, int frac)
{
    if (!q)
        return "—";
    return rt_sprintf("%s %%", report_percent(q, frac, !o->english, true));
}

/* A count of rows, contracts or people, grouped as the reader's language groups every other
** figure of the report ("5 003", "5,003"): a count beside hours read the same way. */
static const char *count(const ReportOptions *o, long n) { return num_count_to_reader(n, o->english); }

static const char *date_text(const ReportOptions *o, Date d)
{
    if (d == DATE_NONE)
        return "—";
    return o->english ? date_to_iso(d) : date_to_french(d);
}

/* ---- sections ------------------------------------------------------------------------------ */

static void section(FILE *out, const char *title)
{
    fprintf(out, "\n%s\n", title);
    size_t n = width_of(title);
    while (n--)
        fputs("─", out);
    fputc('\n', out);
}

/* A section that says how many it lists: « Marchés (5 003) », "Contracts (5,003)". */
static void counted_section(FILE *out, const ReportOptions *o, const char *title, long n)
{
    section(out, rt_sprintf("%s (%s)", title, count(o, n)));
}

static void print_header(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const Model *m = e->model;
    fprintf(out, "%s\n", m->title ? one_line(m->title) : TR(o, "(charte sans titre)", "(untitled charter)"));
    const char *version = report_version_line(m, o->english);
    if (version)
        fprintf(out, "%s\n", version);
    fprintf(out, "%s %s\n", TR(o, "Évaluation au", "Evaluation as of"), date_text(o, e->au));
    if (e->since != DATE_NONE)
        fprintf(out, o->english ? "Period from %s to %s: its columns give the evaluation as of %s less the evaluation "
                                  "as of %s\n"
                                : "Période du %s au %s : ses colonnes donnent l'évaluation au %s moins l'évaluation "
                                  "au %s\n",
                date_text(o, e->since), date_text(o, e->au), date_text(o, e->au), date_text(o, e->since - 1));
    if (o->data_dir)
        fprintf(out, "%s %s\n", TR(o, "Données lues dans", "Data read from"), one_line(o->data_dir));
    for (int t = 0; t < M_NTABLES; t++) {
        const TableInfo *info = e->files[t].info;
        if (!info)
            continue;
        const char *file = one_line(info->file ? info->file : info->path);
        const char *encoding = info->encoding ? info->encoding : "UTF-8";
        /* The reader names encodings in French (they also go into notes). */
        if (o->english && strcmp(encoding, "UTF-8 avec BOM") == 0)
            encoding = "UTF-8 with BOM";
        const char *sep = info->separator == '\t' ? TR(o, "tabulation", "tab") : rt_sprintf("%c", info->separator);
        if (info->format == TABLE_JSON)
            fprintf(out, o->english ? "  %s: JSON, %s\n" : "  %s : JSON, %s\n", file, encoding);
        else if (info->format == TABLE_XLSX || info->format == TABLE_ODS)
            /* A sheet of a workbook has neither separator nor encoding of its own. */
            fprintf(out, o->english ? "  %s: %s workbook\n" : "  %s : classeur %s\n", file,
                    info->format == TABLE_XLSX ? "XLSX" : "ODS");
        else if (o->english)
            fprintf(out, "  %s: CSV, %s, separator %s\n", file, encoding, say_q_en(sep));
        else
            fprintf(out, "  %s : CSV, %s, séparateur « %s »\n", file, encoding, sep);
    }
    for (int i = 0; i < e->nnotes; i++)
        fprintf(out, "  %s %s\n", TR(o, "Note :", "Note:"), one_line(report_note(e, i, o->english)));
}

static void print_contracts(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const Model *m = e->model;
    counted_section(out, o, TR(o, "Marchés", "Contracts"), e->ncontracts);
    if (e->ncontracts == 0) {
        fprintf(out, "  %s\n", TR(o, "Aucun marché valide.", "No valid contract."));
        return;
    }
    const char *head[] = {
        TR(o, "Marché", "Contract"), TR(o, "Famille", "Family"), TR(o, "Périmètre", "Scope"),
        TR(o, "Statut", "Status"), TR(o, "Taux", "Rate"), TR(o, "Objectif h", "Target h"),
        TR(o, "Réalisé h", "Counted h"), TR(o, "Écart h", "Gap h"), "Articles",
    };
    TextTable *t = table_new_text(9, head, "llllrrrrl");
    const char **period = period_cells(e, e->ncontracts);
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        if (period)
            period[i] = number(o, c->period);
        const char **r = table_add_row(t);
        r[0] = c->id;
        r[1] = c->family >= 0 ? m->families[c->family].id : "?";
        r[2] = c->scope >= 0 ? m->scopes[c->scope].id : "?";
        r[3] = eval_status_label(c->status, o->english);
        r[4] = c->rate ? percent(o, c->rate, TEXT_FRAC) : c->fixed ? TR(o, "fixe", "fixed") : "—";
        r[5] = number(o, c->target_hours);
        r[6] = number(o, c->counted);
        r[7] = signed_number(o, c->gap);
        r[8] = report_articles(c->articles, c->narticles, o);
    }
    if (period)
        table_insert_column(t, 7, TR(o, "Période h", "Period h"), period);
    table_print(out, t);
    bool any_note = false;
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        if (c->base_estimated || say_is_set(c->note)) {
            if (!any_note)
                fputc('\n', out);
            any_note = true;
        }
        if (say_is_set(c->note))
            fprintf(out, o->english ? "  %s: %s\n" : "  %s : %s\n", one_line(c->id),
                    one_line(say_english(c->note, o->english)));
    }
    long estimated = 0;
    for (int i = 0; i < e->ncontracts; i++)
        estimated += e->contracts[i]->base_estimated;
    if (estimated)
        fprintf(out, "  %s\n",
                o->english ? rt_sprintf("%s %s without reported hours: base hours estimated "
                                        "as amount × labour share ÷ hourly cost.", count(o, estimated),
                                        report_agree(estimated, true, "contract", "contracts"))
                           : rt_sprintf("%s %s sans heures déclarées : heures de base estimées "
                                        "par montant HT × part de main-d'œuvre ÷ coût horaire.", count(o, estimated),
                                        report_agree(estimated, false, "marché", "marchés")));
}

/* The first cell of a summary row: its key, indented by depth (scopes), or "(not given)". */
static const char *aggregate_label(const ReportOptions *o, const char *key, int depth)
{
    const char *label = key && *key ? key : TR(o, "(non renseigné)", "(not given)");
    if (depth <= 0)
        return label;
    char *ind = rt_alloc_atomic((size_t)depth * 2 + 1);
    memset(ind, ' ', (size_t)depth * 2);
    return rt_sprintf("%s%s", ind, label);
}

static void print_aggregates(const EvalRun *e, const ReportOptions *o, FILE *out, const char *title,
                             const char *first, const EvalAggregate *a, int n, bool indent)
{
    if (n == 0)
        return;
    section(out, title);
    const char *head[] = {
        first, TR(o, "Marchés", "Contracts"), TR(o, "Soumis", "Subject"), TR(o, "Atteints", "Met"),
        TR(o, "Objectif h", "Target h"), TR(o, "Réalisé h", "Counted h"), report_rate_label(o->english),
    };
    TextTable *t = table_new_text(7, head, "lrrrrrr");
    const char **period = period_cells(e, n);
    for (int i = 0; i < n; i++) {
        if (period)
            period[i] = number(o, a[i].period_hours);
        const char **r = table_add_row(t);
        r[0] = aggregate_label(o, a[i].key, indent ? a[i].depth : 0);
        r[1] = count(o, a[i].contracts);
        r[2] = count(o, a[i].subject);
        r[3] = count(o, a[i].met);
        r[4] = number(o, a[i].target_hours);
        r[5] = number(o, a[i].counted_hours);
        r[6] = percent(o, a[i].rate, 1);
    }
    if (period)
        table_insert_column(t, 6, TR(o, "Période h", "Period h"), period);
    table_print(out, t);
}

/* ---- hires ---------------------------------------------------------------------------------- */

static const char *hires_scope_label(const EvalRun *e, const EvalHiresTarget *h, const ReportOptions *o)
{
    const char *scope = e->model->scopes[h->scope].id;
    if (!h->owner)
        return scope;
    return rt_sprintf(o->english ? "%s, owner “%s”" : "%s, maître d'ouvrage « %s »", scope, one_line(h->owner));
}

static void print_hires_targets(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    counted_section(out, o, TR(o, "Objectifs d'embauches", "Targets of hires"), e->nhires);
    fprintf(out, "  %s\n",
            TR(o, "Part des embauches du périmètre (et des périmètres qu'il contient), de la nature et de la "
                  "période, allée à un participant éligible à la date d'embauche.",
               "Share of the hires of the scope (and the scopes inside it), nature and period that went to a "
               "participant eligible at the hire date."));
    if (e->nhires == 0) {
        fprintf(out, "  %s\n", TR(o, "La charte ne fixe aucun objectif d'embauches.", "The charter sets no target of hires."));
        return;
    }
    const char *head[] = {
        TR(o, "Périmètre", "Scope"), "Nature", TR(o, "Statut", "Status"), TR(o, "Taux", "Rate"),
        TR(o, "Embauches", "Hires"), TR(o, "Éligibles", "Eligible"), TR(o, "Objectif", "Target"),
        TR(o, "Écart", "Gap"), "Articles",
    };
    TextTable *t = table_new_text(9, head, "lllrrrrrl");
    const char **hires = period_cells(e, e->nhires), **eligible = period_cells(e, e->nhires);
    const char **target = period_cells(e, e->nhires);
    for (int i = 0; i < e->nhires; i++) {
        const EvalHiresTarget *h = &e->hires[i];
        if (hires) {
            hires[i] = count(o, h->period_hires);
            eligible[i] = count(o, h->period_eligible);
            target[i] = number(o, h->period_target);
        }
        const char **r = table_add_row(t);
        r[0] = hires_scope_label(e, h, o);
        r[1] = h->nature;
        r[2] = eval_hires_status_label(h->status, o->english);
        r[3] = h->rate ? percent(o, h->rate, TEXT_FRAC) : "—";
        r[4] = count(o, h->hires);
        r[5] = count(o, h->eligible);
        r[6] = number(o, h->target);
        r[7] = signed_number(o, h->gap);
        r[8] = report_articles(h->articles, h->narticles, o);
    }
    if (hires) {
        table_insert_column(t, 8, TR(o, "Objectif période", "Period target"), target);
        table_insert_column(t, 8, TR(o, "Éligibles période", "Period eligible"), eligible);
        table_insert_column(t, 8, TR(o, "Embauches période", "Period hires"), hires);
    }
    table_print(out, t);
}

static void print_hires_aggregates(const EvalRun *e, const ReportOptions *o, FILE *out, const char *title,
                                   const char *first, const EvalHiresAggregate *a, int n, bool indent)
{
    if (n == 0)
        return;
    section(out, title);
    const char *head[] = { first, TR(o, "Embauches", "Hires"), TR(o, "Éligibles", "Eligible"), TR(o, "Part", "Share") };
    TextTable *t = table_new_text(4, head, "lrrr");
    const char **hires = period_cells(e, n), **eligible = period_cells(e, n);
    for (int i = 0; i < n; i++) {
        if (hires) {
            hires[i] = count(o, a[i].period_hires);
            eligible[i] = count(o, a[i].period_eligible);
        }
        const char **r = table_add_row(t);
        r[0] = aggregate_label(o, a[i].key ? one_line(a[i].key) : NULL, indent ? a[i].depth : 0);
        r[1] = count(o, a[i].hires);
        r[2] = count(o, a[i].eligible);
        r[3] = percent(o, a[i].share, 1);
    }
    if (hires) {
        table_insert_column(t, 4, TR(o, "Éligibles période", "Period eligible"), eligible);
        table_insert_column(t, 4, TR(o, "Embauches période", "Period hires"), hires);
    }
    table_print(out, t);
}

static void print_hires(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    if (!report_has_hires(e))
        return;
    print_hires_targets(e, o, out);
    if (!e->files[M_TABLE_EMBAUCHES].info) {
        fprintf(out, "  %s\n", TR(o, "Aucun fichier embauches dans le dossier de données : objectifs non évalués.",
                                  "No embauches file in the data folder: targets not evaluated."));
        return;
    }
    print_hires_aggregates(e, o, out, TR(o, "Embauches par périmètre (une embauche compte aussi pour les périmètres qui la contiennent)",
                                      "Hires by scope (a hire also counts for the scopes that contain it)"),
                           TR(o, "Périmètre", "Scope"), e->hires_by_scope, e->nhires_by_scope, true);
    print_hires_aggregates(e, o, out, TR(o, "Embauches par maître d'ouvrage", "Hires by owner"),
                           TR(o, "Maître d'ouvrage", "Owner"), e->hires_by_owner, e->nhires_by_owner, false);
}

/* Contracts notified after the evaluation date are not evaluated: listed, nothing more. */
static void print_late(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    if (e->nlate == 0)
        return;
    counted_section(out, o, TR(o, "Marchés notifiés après la date d'évaluation, non évalués",
                               "Contracts notified after the evaluation date, not evaluated"), e->nlate);
    for (int i = 0; i < e->nlate; i++)
        fprintf(out, o->english ? "  %s: notified on %s (line %ld)\n" : "  %s : notifié le %s (ligne %ld)\n",
                one_line(e->late[i].id), date_text(o, e->late[i].notified), e->late[i].line);
}

static const char *cell_value(const ReportOptions *o, const EvalCell *c, bool share)
{
    if (c->secret)
        return "secret";
    return share ? percent(o, c->share, 1) : count(o, c->count);
}

/* " (objectif 30 : atteint)" after an indicator's value, or its period's " (objectif : atteint)". */
static void print_target(const ReportOptions *o, const EvalIndicator *ind, const EvalCell *total, bool met,
                         bool with_target, FILE *out)
{
    if (!ind->decl->has_target)
        return;
    bool share = ind->decl->kind == AST_IND_SHARE;
    const char *verdict = total->secret ? "—" : met ? TR(o, "atteint", "met") : TR(o, "non atteint", "not met");
    if (!with_target) {
        fprintf(out, o->english ? " (target: %s)" : " (objectif : %s)", verdict);
        return;
    }
    const char *target = share ? percent(o, ind->decl->target, 1) : number(o, ind->decl->target);
    fprintf(out, o->english ? " (target %s: %s)" : " (objectif %s : %s)", target, verdict);
}

/* "; période : 12" after a figure, with a period: the same over its participants. */
static void print_period_cell(const ReportOptions *o, const EvalCell *c, bool share, FILE *out)
{
    if (c)
        fprintf(out, o->english ? "; period: %s" : " ; période : %s", cell_value(o, c, share));
}

static void print_indicators(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const Model *m = e->model;
    if (e->nindicators == 0)
        return;
    section(out, TR(o, "Indicateurs", "Indicators"));
    long k = m->secrecy_k;
    fprintf(out, o->english ? "  %s: %s\n" : "  %s : %s\n",
            TR(o, "Participants ayant au moins une heure retenue", "Participants with at least one counted hour"),
            e->active_participants < k ? "secret" : count(o, e->active_participants));
    bool period = e->since != DATE_NONE;
    if (period)
        fprintf(out, o->english ? "  %s: %s\n" : "  %s : %s\n",
                TR(o, "dont ayant au moins une heure retenue dans la période", "of whom with at least one counted hour in the period"),
                eval_period_participants_secret(e) ? "secret" : count(o, e->period_participants));
    fprintf(out, "  %s\n\n",
            o->english ? rt_sprintf("Statistical secrecy: a figure about %s is shown as “secret”.", report_fewer_than_persons(k, true))
                       : rt_sprintf("Secret statistique : un chiffre portant sur %s est affiché « secret ».",
                                    report_fewer_than_persons(k, false)));
    for (int i = 0; i < e->nindicators; i++) {
        const EvalIndicator *ind = &e->indicators[i];
        bool share = ind->decl->kind == AST_IND_SHARE;
        fprintf(out, o->english ? "  %s: %s" : "  %s : %s", one_line(ind->decl->name ? ind->decl->name : ind->decl->id),
                cell_value(o, &ind->total, share));
        print_target(o, ind, &ind->total, ind->target_met, true, out);
        if (period) {
            print_period_cell(o, &ind->period_total, share, out);
            print_target(o, ind, &ind->period_total, ind->period_target_met, false, out);
        }
        fputc('\n', out);
        for (int c = 0; c < ind->ncells; c++) {
            const EvalCell *cell = &ind->cells[c];
            const char *label = cell->label ? cell->label
                              : cell->secret ? TR(o, "autres valeurs", "other values")
                                             : TR(o, "non renseigné", "not given");
            if (cell->name)
                label = rt_sprintf("%s (%s)", label, cell->name);
            fprintf(out, o->english ? "      %s: %s" : "      %s : %s", one_line(label), cell_value(o, cell, share));
            print_period_cell(o, ind->period_cells ? &ind->period_cells[c] : NULL, share, out);
            fputc('\n', out);
        }
    }
}

/* One reason rows were not counted for, its count after it and in lines: a
** count before the reason read as a count of what the reason names ("3
** participant non éligible" for three hour lines of one participant), and a
** comma between reasons read as one within a reason ("…, non évalué"). */
static void print_reason(const ReportOptions *o, const EvalReason *why, bool first, FILE *out)
{
    const char *lines = report_agree(why->count, o->english, TR(o, "ligne", "line"), TR(o, "lignes", "lines"));
    fprintf(out, "%s%s (%s %s)", first ? " " : report_semicolon(o->english),
            one_line(say_english(why->text, o->english)), count(o, why->count), lines);
}

static void print_rows(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    section(out, TR(o, "Lignes lues", "Rows read"));
    const char *head[] = {
        "Table", TR(o, "Lues", "Read"), TR(o, "Comptées", "Counted"),
        TR(o, "Non comptées", "Not counted"), TR(o, "Rejetées", "Rejected"),
    };
    TextTable *t = table_new_text(5, head, "lrrrr");
    for (int i = 0; i < report_ntables(e); i++) {
        const EvalCounts *k = &e->counts[i];
        const char **r = table_add_row(t);
        r[0] = e->files[i].table;
        r[1] = count(o, k->read);
        r[2] = count(o, k->counted);
        r[3] = count(o, k->not_counted);
        r[4] = count(o, k->rejected);
    }
    table_print(out, t);
    for (int i = 0; i < report_ntables(e); i++) {
        if (e->nreasons[i] == 0)
            continue;
        fprintf(out, o->english ? "  Not counted, %s:" : "  Non comptées, %s :", e->files[i].table);
        for (int r = 0; r < e->nreasons[i]; r++)
            print_reason(o, &e->reasons[i][r], r == 0, out);
        fputc('\n', out);
    }
}

static void print_rejects(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    if (e->nrejects == 0)
        return;
    section(out, rt_sprintf("%s (%s)", TR(o, "Lignes rejetées", "Rejected rows"), count(o, e->nrejects)));
    long shown = o->max_rejects_text > 0 && e->nrejects > o->max_rejects_text ? o->max_rejects_text : e->nrejects;
    for (long i = 0; i < shown; i++) {
        const EvalReject *r = &e->rejects[i];
        fprintf(out, o->english ? "  %s: %s\n" : "  %s : %s\n", one_line(table_location(r->file, r->line)),
                one_line(say_english(r->why, o->english)));
    }
    if (shown < e->nrejects)
        fprintf(out, "  %s\n",
                o->english ? rt_sprintf("… and %s more (all of them with --format json)", count(o, e->nrejects - shown))
                           : rt_sprintf("… et %s autres (toutes avec --format json)", count(o, e->nrejects - shown)));
}

/* ---- pools and thresholds -------------------------------------------------------------------- */

static void print_pool_members(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const char *head[] = {
        TR(o, "Mutualisation", "Pool"), TR(o, "Marché", "Contract"), TR(o, "Taux", "Rate"),
        TR(o, "Base h", "Base h"), TR(o, "Contribution h", "Contribution h"),
        TR(o, "Réalisé h avant plafonds", "Counted h before caps"),
    };
    TextTable *t = table_new_text(6, head, "llrrrr");
    for (int k = 0; k < e->npools; k++) {
        const EvalPool *p = e->pools[k];
        for (int i = 0; i < p->nmembers; i++) {
            const EvalContract *c = p->members[i];
            const char **r = table_add_row(t);
            r[0] = p->id;
            r[1] = c->id;
            r[2] = c->rate ? percent(o, c->rate, TEXT_FRAC) : c->fixed ? TR(o, "fixe", "fixed") : "—";
            r[3] = number(o, c->base);
            r[4] = number(o, c->contribution);
            r[5] = number(o, c->counted);
        }
    }
    fputc('\n', out);
    table_print(out, t);
}

static void print_pools(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const Model *m = e->model;
    if (e->npools == 0)
        return;
    counted_section(out, o, TR(o, "Objectifs mutualisés", "Pooled targets"), e->npools);
    const char *head[] = {
        TR(o, "Mutualisation", "Pool"), TR(o, "Statut", "Status"), TR(o, "Membres", "Members"),
        TR(o, "Base h", "Base h"), TR(o, "Objectif h", "Target h"), TR(o, "Réalisé h", "Counted h"),
        TR(o, "Écart h", "Gap h"), "Articles",
    };
    TextTable *t = table_new_text(8, head, "llrrrrrl");
    const char **period = period_cells(e, e->npools);
    for (int k = 0; k < e->npools; k++) {
        const EvalPool *p = e->pools[k];
        if (period)
            period[k] = number(o, p->period);
        const char **r = table_add_row(t);
        r[0] = p->id;
        r[1] = eval_status_label(p->status, o->english);
        r[2] = count(o, p->nmembers);
        r[3] = number(o, p->base);
        r[4] = number(o, p->target_hours);
        r[5] = number(o, p->counted);
        r[6] = signed_number(o, p->gap);
        r[7] = report_articles(p->articles, p->narticles, o);
    }
    if (period)
        table_insert_column(t, 6, TR(o, "Période h", "Period h"), period);
    table_print(out, t);
    print_pool_members(e, o, out);
    fputc('\n', out);
    for (int k = 0; k < e->npools; k++)
        if (say_is_set(e->pools[k]->note))
            fprintf(out, o->english ? "  %s: %s\n" : "  %s : %s\n", one_line(e->pools[k]->id),
                    one_line(say_english(e->pools[k]->note, o->english)));
    fprintf(out, "  %s\n", TR(o, "Un membre est « mutualisé » : sa conformité est celle de sa mutualisation ; "
                                 "objectif = Σ taux × heures de base (ou les heures fixes une fois), "
                                 "arrondi une fois, plafonds appliqués à la mutualisation.",
                                 "A member is “pooled”: its compliance is its pool's; target = Σ rate × base "
                                 "hours (or the fixed hours once), rounded once, caps applied to the pool."));
    (void)m;
}

static void print_forgone(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const Model *m = e->model;
    if (e->nforgone == 0)
        return;
    section(out, TR(o, "Heures exemptées par les seuils (marchés non soumis)",
                    "Hours waived by thresholds (contracts not subject)"));
    const char *head[] = {
        TR(o, "Famille", "Family"), TR(o, "Périmètre", "Scope"), TR(o, "Marchés", "Contracts"),
        TR(o, "Montant HT €", "Amount €"), TR(o, "Base h", "Base h"), TR(o, "Objectif h exempté", "Target h waived"),
    };
    TextTable *t = table_new_text(6, head, "llrrrr");
    for (int i = 0; i < e->nforgone; i++) {
        const EvalForgone *f = &e->forgone[i];
        const char **r = table_add_row(t);
        r[0] = m->families[f->family].id;
        r[1] = m->scopes[f->scope].id;
        r[2] = count(o, f->contracts);
        r[3] = number(o, f->amount);
        r[4] = f->base_unknown ? rt_sprintf("%s (+%s ?)", number(o, f->base), count(o, f->base_unknown)) : number(o, f->base);
        r[5] = number(o, f->target_hours);
    }
    table_print(out, t);
}

static void report_text_sections(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    print_header(e, o, out);
    print_contracts(e, o, out);
    print_pools(e, o, out);
    print_aggregates(e, o, out, TR(o, "Synthèse par famille", "Summary by family"), TR(o, "Famille", "Family"),
                     e->by_family, e->nby_family, false);
    print_aggregates(e, o, out,
                     TR(o, "Synthèse par périmètre (un marché compte aussi pour les périmètres qui le contiennent)",
                        "Summary by scope (a contract also counts for the scopes that contain it)"),
                     TR(o, "Périmètre", "Scope"), e->by_scope, e->nby_scope, true);
    print_aggregates(e, o, out, TR(o, "Synthèse par maître d'ouvrage", "Summary by owner"),
                     TR(o, "Maître d'ouvrage", "Owner"), e->by_owner, e->nby_owner, false);
    print_forgone(e, o, out);
    print_late(e, o, out);
    print_hires(e, o, out);
    print_indicators(e, o, out);
    print_rows(e, o, out);
    print_rejects(e, o, out);
}

/* Always filtered, to a terminal or to a file: a report written with -o is
** read in a terminal later (docs/fiabilite.md, "Text from files"). */
void report_text(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    FILE *shown = visible_stream(out, VISIBLE_KEEP_NEWLINE);
    report_text_sections(e, o, shown ? shown : out);
    /* A failed write is out's own error (its error flag is set), which the
    ** caller checks; the filter has nothing more to say. */
    if (shown)
        (void)fclose(shown);
}
