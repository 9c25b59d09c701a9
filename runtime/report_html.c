/* runtime/report_html.c: the evaluation as one self-contained HTML page for a steering committee: summary, SVG charts, contracts, indicators, rows. */
#include "report.h"

#include "gc.h"
#include "html_style.h"
#include "num.h"
#include "svg.h"

#include <string.h>

/*
** One file to open, print and mail: inline CSS and SVG, no script, no
** external URL or font. Every figure comes from the EvalRun as it is (the
** same model the JSON and CSV writers read); this file only lays figures out
** and counts contracts into the bins of the gap chart. Every figure shown in
** a table cell carries data-j, the path of the same figure in the JSON
** report (tests/browser compares them). Text that comes from the charter or
** the data is escaped; statistical secrecy is kept as the other writers
** keep it (a secret cell is the word "secret" and no bar).
**
** Above HTML_OPEN_DETAILS contracts, the contracts table and the per-contract
** details are grouped by scope in closed <details> (a link to a contract still
** opens its group), so that the page of a large territory opens on its summary.
*/

#define HTML_FRAC 2
#define HTML_OPEN_DETAILS 200
#define HTML_REJECT_LINES 20     /* locations listed per reason before "… and N more" */
#define NNBSP "\xE2\x80\xAF"     /* narrow no-break space: 1 234,5 h, 12 % */

#define TR(o, fr, en) ((o)->english ? (en) : (fr))

typedef struct Html {
    FILE *out;
    const EvalRun *e;
    const ReportOptions *o;
    int nfigures;
} Html;

/* ---- figures in words -------------------------------------------------------------------------- */

static const char *number(const Html *h, mpq_srcptr q)
{
    if (!q)
        return "—";
    return num_to_reader(q, HTML_FRAC, h->o->english);
}

static const char *hours(const Html *h, mpq_srcptr q)
{
    return q ? rt_sprintf("%s" NNBSP "h", number(h, q)) : "—";
}

static const char *signed_hours(const Html *h, mpq_srcptr q)
{
    if (!q)
        return "—";
    return mpq_sgn(q) > 0 ? rt_sprintf("+%s", hours(h, q)) : hours(h, q);
}

static const char *percent(const Html *h, mpq_srcptr q, int frac)
{
    if (!q)
        return "—";
    return rt_sprintf("%s" NNBSP "%%", report_percent(q, frac, !h->o->english, true));
}

static const char *count(const Html *h, long n)
{
    return num_count_to_reader(n, h->o->english);
}

static const char *contracts_noun(const Html *h, long n)
{
    return report_agree(n, h->o->english, TR(h->o, "marché", "contract"), TR(h->o, "marchés", "contracts"));
}

static const char *date_text(const Html *h, Date d)
{
    if (d == DATE_NONE)
        return "—";
    return h->o->english ? date_to_iso(d) : date_to_french(d);
}

static const char *month_text(const Html *h, Month m) { return h->o->english ? month_to_iso(m) : month_to_french(m); }

static const char *or_dash(const char *s) { return s && *s ? s : "—"; }

/* ---- markup ---------------------------------------------------------------------------------- */

static void put(Html *h, const char *s) { fputs(s, h->out); }
static void esc(Html *h, const char *s) { svg_escape(h->out, s); }

/* <tag attrs>escaped text</tag> */
static void element(Html *h, const char *open, const char *text, const char *close)
{
    put(h, open);
    esc(h, text);
    put(h, close);
}

/* A fragment for href: bytes other than letters, digits, - _ . percent-encoded. */
static void fragment(Html *h, const char *id)
{
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_.", *p))
            fputc(*p, h->out);
        else
            fprintf(h->out, "%%%02X", *p);
    }
}

/* A figure cell: class num, data-j = its path in the JSON report (NULL: none). */
static void num_cell(Html *h, const char *json_path, const char *text)
{
    put(h, "<td class=\"num\"");
    if (json_path) {
        put(h, " data-j=\"");
        esc(h, json_path);
        put(h, "\"");
    }
    put(h, ">");
    esc(h, text);
    put(h, "</td>");
}

static void text_cell(Html *h, const char *text) { element(h, "<td>", text, "</td>"); }

static void head_row(Html *h, const char *const *head, int n, const char *align)
{
    put(h, "<thead><tr>");
    for (int i = 0; i < n; i++)
        element(h, align[i] == 'r' ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">", head[i], "</th>");
    put(h, "</tr></thead>\n");
}

/* A head row whose columns from `at` on, `period` of them, are a period's
** figures (--depuis): left out without a period. */
static void head_row_period(Html *h, const char *const *head, int n, const char *align, int at, int period)
{
    if (h->e->since != DATE_NONE) {
        head_row(h, head, n, align);
        return;
    }
    const char **kept = RT_NEW_ARRAY(const char *, n);
    char *kept_align = rt_alloc_atomic((size_t)n + 1);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (i < at || i >= at + period) {
            kept[k] = head[i];
            kept_align[k++] = align[i];
        }
    kept_align[k] = 0;
    head_row(h, kept, k, kept_align);
}

/* A period's figure cell, nothing without a period. */
static void period_cell(Html *h, const char *json_path, const char *text)
{
    if (h->e->since != DATE_NONE)
        num_cell(h, json_path, text);
}

static void status_cell(Html *h, EvalStatus s)
{
    fprintf(h->out, "<td class=\"st st-%s\">", eval_status_id(s));
    esc(h, eval_status_label(s, h->o->english));
    put(h, "</td>");
}

/* ---- the page around ---------------------------------------------------------------------- */

static void page_head(Html *h)
{
    const Model *m = h->e->model;
    const char *title = m->title ? m->title : TR(h->o, "Charte sans titre", "Untitled charter");
    fprintf(h->out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            h->o->english ? "en" : "fr");
    esc(h, rt_sprintf("%s — %s %s", title, TR(h->o, "évaluation au", "evaluation as of"), date_text(h, h->e->au)));
    put(h, "</title>\n<style>\n");
    put(h, html_style_css);
    put(h, "</style>\n</head>\n<body>\n<header>\n");
    element(h, "<h1>", title, "</h1>\n");
    put(h, "<p class=\"meta\">");
    if (m->main && m->main->territory) {
        esc(h, m->main->territory);
        put(h, " · ");
    }
    esc(h, rt_sprintf("%s %s", TR(h->o, "Évaluation au", "Evaluation as of"), date_text(h, h->e->au)));
    if (h->e->since != DATE_NONE)
        esc(h, h->o->english ? rt_sprintf(" · period from %s to %s", date_text(h, h->e->since), date_text(h, h->e->au))
                             : rt_sprintf(" · période du %s au %s", date_text(h, h->e->since), date_text(h, h->e->au)));
    if (m->valid_from != DATE_NONE && m->valid_to != DATE_NONE)
        esc(h, h->o->english ? rt_sprintf(" · charter in force from %s to %s", date_text(h, m->valid_from), date_text(h, m->valid_to))
                             : rt_sprintf(" · charte en vigueur du %s au %s", date_text(h, m->valid_from), date_text(h, m->valid_to)));
    if (h->o->data_dir)
        esc(h, rt_sprintf(" · %s %s", TR(h->o, "données lues dans", "data read from"), h->o->data_dir));
    const char *digest = model_digest(m);
    if (digest)
        fprintf(h->out, " · %s <span title=\"SHA-256 %s\">%s</span>",
                TR(h->o, "version de la charte", "charter version"), digest, model_version(digest));
    put(h, "</p>\n</header>\n");
}

/* The sections that only some reports have: hours waived by thresholds, contracts not evaluated,
** hires. */
static void page_nav_hires(Html *h)
{
    if (h->e->nforgone > 0)
        fprintf(h->out, "<li><a href=\"#exemptions-seuils\">%s</a></li>",
                TR(h->o, "Heures exemptées par les seuils", "Hours waived by thresholds"));
    if (h->e->nlate > 0)
        fprintf(h->out, "<li><a href=\"#non-evalues\">%s</a></li>", TR(h->o, "Marchés non évalués", "Contracts not evaluated"));
    if (report_has_hires(h->e))
        fprintf(h->out, "<li><a href=\"#embauches\">%s</a></li>", TR(h->o, "Objectifs d'embauches", "Targets of hires"));
}

static void page_nav(Html *h)
{
    static const struct { const char *id, *fr, *en; } parts[] = {
        { "synthese", "Synthèse", "Summary" },
        { "graphiques", "Graphiques", "Charts" },
        { "marches", "Marchés par périmètre", "Contracts by scope" },
        { "indicateurs", "Indicateurs", "Indicators" },
        { "lignes", "Lignes lues, non comptées, rejetées", "Rows read, not counted, rejected" },
        { "details", "Détail des marchés", "Contract details" },
    };
    element(h, "<nav aria-label=\"", TR(h->o, "Sommaire", "Contents"), "\"><ol>");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        fprintf(h->out, "<li><a href=\"#%s\">%s</a></li>", parts[i].id, TR(h->o, parts[i].fr, parts[i].en));
        if (strcmp(parts[i].id, "marches") == 0)
            page_nav_hires(h);
    }
    put(h, "</ol></nav>\n<main>\n");
}

/* ---- summary -------------------------------------------------------------------------------- */

static const char *families_of_category(const Html *h, int category)
{
    const Model *m = h->e->model;
    const char **ids = RT_NEW_ARRAY(const char *, m->nfamilies + 1);
    int n = 0;
    for (int f = 0; f < m->nfamilies; f++)
        if (category < 0 || m->families[f].category == category)
            ids[n++] = m->families[f].id;
    return rt_join(ids, n, " ");
}

/* One row of the aggregate tables; json_path NULL when the JSON report has no such aggregate. */
static void aggregate_row(Html *h, const EvalAggregate *a, const char *label, int indent, const char *json_path,
                          const char *families)
{
    put(h, "<tr");
    if (families) {
        put(h, " data-families=\"");
        esc(h, families);
        put(h, "\"");
    }
    put(h, "><th scope=\"row\"");
    if (indent)
        fprintf(h->out, " style=\"padding-left:%dpx\"", 8 + 16 * indent);
    put(h, ">");
    esc(h, label);
    put(h, "</th>");
#define PATH(k) (json_path ? rt_sprintf("%s.%s", json_path, k) : NULL)
    num_cell(h, PATH("marches"), count(h, a->contracts));
    num_cell(h, PATH("soumis"), count(h, a->subject));
    num_cell(h, PATH("atteints"), count(h, a->met));
    num_cell(h, PATH("heures_objectif"), hours(h, a->target_hours));
    num_cell(h, PATH("heures_realisees"), hours(h, a->counted_hours));
    period_cell(h, PATH("heures_realisees_periode"), hours(h, a->period_hours));
    num_cell(h, PATH("taux_realisation"), percent(h, a->rate, 1));
#undef PATH
    put(h, "</tr>\n");
}

static void aggregate_head(Html *h, const char *first)
{
    const char *head[] = {
        first, TR(h->o, "Marchés", "Contracts"), TR(h->o, "Soumis", "Subject"), TR(h->o, "Atteints", "Met"),
        TR(h->o, "Objectif", "Target"), TR(h->o, "Réalisé", "Counted"), TR(h->o, "Période", "Period"),
        report_rate_label(h->o->english),
    };
    head_row_period(h, head, 8, "lrrrrrrr", 6, 1);
}

static const char *scope_label(const Html *h, const EvalAggregate *a)
{
    return a->name ? rt_sprintf("%s (%s)", a->name, a->key) : or_dash(a->key);
}

static const char *owner_label(const Html *h, const char *key)
{
    return key && *key ? key : TR(h->o, "(non renseigné)", "(not given)");
}

static void key_figure(Html *h, const char *label, const char *value, const char *detail)
{
    put(h, "<li>");
    esc(h, label);
    element(h, "<strong>", value, "</strong>");
    if (detail)
        esc(h, detail);
    put(h, "</li>");
}

static void rows_table(Html *h);

static void summary(Html *h)
{
    const EvalRun *e = h->e;
    const Model *m = e->model;
    element(h, "<section id=\"synthese\" aria-labelledby=\"synthese-h\">\n<h2 id=\"synthese-h\">",
            TR(h->o, "Synthèse", "Summary"), "</h2>\n");
    put(h, "<ul class=\"keys\">");
    key_figure(h, TR(h->o, "Heures d'insertion réalisées", "Insertion hours counted"), hours(h, e->all.counted_hours),
               rt_sprintf("%s %s", TR(h->o, "pour un objectif de", "against a target of"), hours(h, e->all.target_hours)));
    key_figure(h, report_rate_label(h->o->english), percent(h, e->all.rate, 1),
               TR(h->o, "des heures objectif des marchés soumis", "over contracts subject to a target"));
    if (e->since != DATE_NONE)
        key_figure(h, TR(h->o, "Heures réalisées dans la période", "Hours counted in the period"),
                   hours(h, e->all.period_hours),
                   h->o->english ? rt_sprintf("from %s to %s", date_text(h, e->since), date_text(h, e->au))
                                 : rt_sprintf("du %s au %s", date_text(h, e->since), date_text(h, e->au)));
    key_figure(h, TR(h->o, "Marchés atteints", "Contracts met"),
               rt_sprintf("%s / %s", count(h, e->by_status[EVAL_ATTEINT]), count(h, e->all.subject)),
               rt_sprintf("%s %s", count(h, e->by_status[EVAL_NON_ATTEINT]), TR(h->o, "non atteints", "not met")));
    key_figure(h, TR(h->o, "Marchés évalués", "Contracts evaluated"), count(h, e->ncontracts),
               rt_sprintf("%s %s", count(h, e->by_status[EVAL_NON_SOUMIS]), TR(h->o, "non soumis (sous le seuil)", "not subject (below threshold)")));
    put(h, "</ul>\n");

    element(h, "<h3>", TR(h->o, "Objectif et réalisé, en tout et par catégorie", "Target and counted, overall and per category"), "</h3>\n");
    put(h, "<table>");
    aggregate_head(h, TR(h->o, "Catégorie", "Category"));
    put(h, "<tbody>");
    aggregate_row(h, &e->all, TR(h->o, "Ensemble", "All contracts"), 0, NULL, families_of_category(h, -1));
    for (int i = 0; i < e->nby_category; i++) {
        const EvalAggregate *a = &e->by_category[i];
        int k = -1;
        for (int c = 0; c < m->ncategories; c++)
            if (strcmp(m->categories[c].id, a->key) == 0)
                k = c;
        aggregate_row(h, a, a->name ? rt_sprintf("%s (%s)", a->name, a->key) : a->key, 1, NULL, families_of_category(h, k));
    }
    put(h, "</tbody></table>\n");
    element(h, "<p>", TR(h->o,
        "Seuls les marchés soumis à un objectif (atteints ou non atteints) entrent dans les heures objectif et réalisées ; "
        "un marché sous son seuil, en conflit de règles ou sans objectif est compté dans « Marchés » seulement.",
        "Only contracts subject to a target (met or not met) enter target and counted hours; a contract below its "
        "threshold, with conflicting rules or without a target counts in “Contracts” only."), "</p>\n");
    rows_table(h);
    put(h, "</section>\n");
}

/* ---- charts ------------------------------------------------------------------------------- */

static void figure_open(Html *h, const char *id, const char *title, const char *desc)
{
    h->nfigures++;
    fprintf(h->out, "<figure id=\"%s\" aria-labelledby=\"%s-c\">\n<figcaption id=\"%s-c\">", id, id, id);
    esc(h, rt_sprintf("%s %d. %s", TR(h->o, "Figure", "Figure"), h->nfigures, title));
    put(h, "</figcaption>\n<p class=\"desc\">");
    esc(h, desc);
    put(h, "</p>\n");
}

/* Aggregates against their targets: key figures in words, the bars, the table. */
static void aggregate_figure(Html *h, const char *id, const char *title, const char *first, const char *json_key,
                             const EvalAggregate *a, int n, bool scopes)
{
    if (n == 0)
        return;
    SvgBar *bars = RT_NEW_ARRAY(SvgBar, n);
    const char **behind = RT_NEW_ARRAY(const char *, n);
    int nbehind = 0;
    for (int i = 0; i < n; i++) {
        const char *label = scopes ? (a[i].name ? a[i].name : a[i].key) : owner_label(h, a[i].key);
        bars[i] = (SvgBar){ label, scopes ? a[i].depth : 0, a[i].counted_hours, a[i].target_hours,
                            rt_sprintf("%s / %s", hours(h, a[i].counted_hours), hours(h, a[i].target_hours)),
                            rt_sprintf("agregats.%s.%d", json_key, i) };
        if (a[i].rate && mpq_cmp_ui(a[i].rate, 1, 1) < 0)
            behind[nbehind++] = rt_sprintf("%s (%s)", label, percent(h, a[i].rate, 1));
    }
    const char *desc = h->o->english
        ? rt_sprintf("Counted hours (bar) against target hours (red mark), over contracts subject to a target. "
                     "Overall: %s counted for %s targeted (%s). Below target: %s.",
                     hours(h, h->e->all.counted_hours), hours(h, h->e->all.target_hours), percent(h, h->e->all.rate, 1),
                     nbehind ? rt_join(behind, nbehind, ", ") : "none")
        : rt_sprintf("Heures réalisées (barre) face aux heures objectif (trait rouge), sur les marchés soumis à un objectif. "
                     "En tout : %s réalisées pour %s d'objectif (%s). Sous l'objectif : %s.",
                     hours(h, h->e->all.counted_hours), hours(h, h->e->all.target_hours), percent(h, h->e->all.rate, 1),
                     nbehind ? rt_join(behind, nbehind, ", ") : "aucun");
    figure_open(h, id, title, desc);
    SvgChart chart = { id, title, desc, TR(h->o, "heures réalisées", "counted hours"), TR(h->o, "objectif", "target"),
                       bars, n, 1 };
    svg_hbars(h->out, &chart);
    put(h, "<table>");
    aggregate_head(h, first);
    put(h, "<tbody>");
    for (int i = 0; i < n; i++)
        aggregate_row(h, &a[i], scopes ? scope_label(h, &a[i]) : owner_label(h, a[i].key), scopes ? a[i].depth : 0,
                      rt_sprintf("agregats.%s.%d", json_key, i), NULL);
    put(h, "</tbody></table>\n</figure>\n");
}

static void status_figure(Html *h)
{
    const EvalRun *e = h->e;
    SvgBar *bars = RT_NEW_ARRAY(SvgBar, EVAL_NSTATUS);
    mpq_ptr *values = RT_NEW_ARRAY(mpq_ptr, EVAL_NSTATUS);
    const char **parts = RT_NEW_ARRAY(const char *, EVAL_NSTATUS);
    int n = 0;
    for (int s = 0; s < EVAL_NSTATUS; s++) {
        if (e->by_status[s] == 0)
            continue;
        values[n] = val_new_num();
        mpq_set_si(values[n], e->by_status[s], 1);
        bars[n] = (SvgBar){ eval_status_label(s, h->o->english), 0, values[n], NULL, count(h, e->by_status[s]),
                            rt_sprintf("statut:%s", eval_status_id(s)) };
        parts[n] = rt_sprintf("%s %s", count(h, e->by_status[s]), eval_status_label(s, h->o->english));
        n++;
    }
    if (n == 0)
        return;
    const char *title = TR(h->o, "Marchés par statut", "Contracts by status");
    const char *desc = rt_sprintf("%s %s : %s.", count(h, e->ncontracts), TR(h->o, "marchés", "contracts"),
                                  rt_join(parts, n, ", "));
    if (h->o->english)
        desc = rt_sprintf("%s contracts: %s.", count(h, e->ncontracts), rt_join(parts, n, ", "));
    figure_open(h, "fig-statuts", title, desc);
    SvgChart chart = { "fig-statuts", title, desc, TR(h->o, "marchés", "contracts"), NULL, bars, n, 1 };
    svg_hbars(h->out, &chart);
    put(h, "<table>");
    const char *head[] = { TR(h->o, "Statut", "Status"), TR(h->o, "Marchés", "Contracts") };
    head_row(h, head, 2, "lr");
    put(h, "<tbody>");
    for (int s = 0; s < EVAL_NSTATUS; s++) {
        if (e->by_status[s] == 0)
            continue;
        fprintf(h->out, "<tr data-status=\"%s\">", eval_status_id(s));
        status_cell(h, (EvalStatus)s);
        num_cell(h, NULL, count(h, e->by_status[s]));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n</figure>\n");
}

static void month_figure(Html *h)
{
    const EvalRun *e = h->e;
    if (e->nby_month == 0)
        return;
    SvgBar *bars = RT_NEW_ARRAY(SvgBar, e->nby_month);
    int peak = 0;
    for (int i = 0; i < e->nby_month; i++) {
        const EvalMonthHours *mh = &e->by_month[i];
        int y, mo;
        month_to_ym(mh->month, &y, &mo);
        /* Years under their first month: a column per month is too narrow for its name. */
        const char *label = i == 0 || mo == 1 ? rt_sprintf("%d", y) : NULL;
        bars[i] = (SvgBar){ label, 0, mh->hours, NULL, hours(h, mh->hours), rt_sprintf("mois:%s", month_to_iso(mh->month)) };
        if (mpq_cmp(mh->hours, e->by_month[peak].hours) > 0)
            peak = i;
    }
    const char *title = TR(h->o, "Heures retenues par mois", "Counted hours per month");
    const char *first = month_text(h, e->by_month[0].month), *last = month_text(h, e->by_month[e->nby_month - 1].month);
    const char *peak_m = month_text(h, e->by_month[peak].month), *peak_h = hours(h, e->by_month[peak].hours);
    const char *desc = h->o->english
        ? rt_sprintf("Hours of the counted hour lines, by month of work, from %s to %s (%d months), before the caps by "
                     "modality, which apply to a contract's total. Peak: %s in %s. Quarterly or half-yearly reporting "
                     "shows as regular peaks.", first, last, e->nby_month, peak_h, peak_m)
        : rt_sprintf("Heures des lignes retenues, par mois de travail, de %s à %s (%d mois), avant les plafonds par "
                     "modalité, qui s'appliquent au total d'un marché. Maximum : %s en %s. Des déclarations "
                     "trimestrielles ou semestrielles se voient en pics réguliers.", first, last, e->nby_month, peak_h, peak_m);
    figure_open(h, "fig-mois", title, desc);
    SvgChart chart = { "fig-mois", title, desc, TR(h->o, "heures retenues", "counted hours"), NULL, bars, e->nby_month, 1 };
    svg_columns(h->out, &chart);
    put(h, "<details><summary>");
    esc(h, TR(h->o, "Données du graphique, mois par mois", "Chart data, month by month"));
    put(h, "</summary><table>");
    const char *head[] = { TR(h->o, "Mois", "Month"), TR(h->o, "Heures retenues", "Counted hours"), TR(h->o, "Lignes", "Lines") };
    head_row(h, head, 3, "lrr");
    put(h, "<tbody>");
    for (int i = 0; i < e->nby_month; i++) {
        fprintf(h->out, "<tr data-key=\"mois:%s\">", month_to_iso(e->by_month[i].month));
        text_cell(h, month_text(h, e->by_month[i].month));
        num_cell(h, NULL, hours(h, e->by_month[i].hours));
        num_cell(h, NULL, count(h, e->by_month[i].lines));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table></details>\n</figure>\n");
}

/* Bins of the hours missing to contracts not met: [bounds[i], bounds[i+1]), the last one open. */
static const long gap_bounds[] = { 0, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000 };
#define GAP_BINS ((int)(sizeof gap_bounds / sizeof gap_bounds[0]))

static void gap_figure(Html *h)
{
    const EvalRun *e = h->e;
    long counts[GAP_BINS] = { 0 };
    int used = 0;
    mpq_t missing, bound;
    mpq_inits(missing, bound, NULL);
    long nmissing = 0;
    const EvalContract *worst = NULL;
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        if (c->status != EVAL_NON_ATTEINT || !c->gap)
            continue;
        mpq_neg(missing, c->gap);
        int b = GAP_BINS - 1;
        for (int k = 1; k < GAP_BINS; k++) {
            mpq_set_si(bound, gap_bounds[k], 1);
            if (mpq_cmp(missing, bound) < 0) {
                b = k - 1;
                break;
            }
        }
        counts[b]++;
        nmissing++;
        if (b + 1 > used)
            used = b + 1;
        if (!worst || mpq_cmp(c->gap, worst->gap) < 0)
            worst = c;
    }
    mpq_clears(missing, bound, NULL);
    if (nmissing == 0)
        return;
    SvgBar *bars = RT_NEW_ARRAY(SvgBar, used);
    const char **labels = RT_NEW_ARRAY(const char *, used);
    const char *dash = "–";
    for (int b = 0; b < used; b++) {
        mpq_ptr v = val_new_num();
        mpq_set_si(v, counts[b], 1);
        mpq_t lo, hi;
        mpq_inits(lo, hi, NULL);
        mpq_set_si(lo, gap_bounds[b], 1);
        if (b + 1 < GAP_BINS)
            mpq_set_si(hi, gap_bounds[b + 1], 1);
        labels[b] = b + 1 < GAP_BINS ? rt_sprintf("%s%s%s", number(h, lo), dash, number(h, hi))
                                      : rt_sprintf("≥ %s", number(h, lo));
        mpq_clears(lo, hi, NULL);
        bars[b] = (SvgBar){ labels[b], 0, v, NULL, count(h, counts[b]), rt_sprintf("ecart:%d", b) };
    }
    const char *title = TR(h->o, "Heures manquantes aux marchés non atteints", "Hours missing from contracts not met");
    const char *desc = h->o->english
        ? rt_sprintf("%s contracts not met, counted by the hours they miss (target − counted), in hour bands. "
                     "The largest gap: %s (%s).", count(h, nmissing), worst->id, signed_hours(h, worst->gap))
        : rt_sprintf("%s marchés non atteints, comptés selon les heures qui leur manquent (objectif − réalisé), par "
                     "tranche d'heures. Le plus grand écart : %s (%s).", count(h, nmissing), worst->id,
                     signed_hours(h, worst->gap));
    figure_open(h, "fig-ecarts", title, desc);
    SvgChart chart = { "fig-ecarts", title, desc, TR(h->o, "marchés non atteints", "contracts not met"), NULL, bars, used, 1 };
    svg_columns(h->out, &chart);
    put(h, "<table>");
    const char *head[] = { TR(h->o, "Heures manquantes", "Hours missing"), TR(h->o, "Marchés", "Contracts") };
    head_row(h, head, 2, "lr");
    put(h, "<tbody>");
    for (int b = 0; b < used; b++) {
        fprintf(h->out, "<tr data-bin-min=\"%ld\"", gap_bounds[b]);
        if (b + 1 < GAP_BINS)
            fprintf(h->out, " data-bin-max=\"%ld\"", gap_bounds[b + 1]);
        put(h, ">");
        element(h, "<th scope=\"row\">", rt_sprintf("%s" NNBSP "h", labels[b]), "</th>");
        num_cell(h, NULL, count(h, counts[b]));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n</figure>\n");
}

static void charts(Html *h)
{
    const EvalRun *e = h->e;
    element(h, "<section id=\"graphiques\" aria-labelledby=\"graphiques-h\">\n<h2 id=\"graphiques-h\">",
            TR(h->o, "Graphiques", "Charts"), "</h2>\n");
    aggregate_figure(h, "fig-familles", TR(h->o, "Objectif et réalisé par famille de marchés", "Target and counted by contract family"),
                     TR(h->o, "Famille", "Family"), "familles", e->by_family, e->nby_family, false);
    aggregate_figure(h, "fig-perimetres",
                     TR(h->o, "Objectif et réalisé par périmètre (un marché compte aussi pour les périmètres qui le contiennent)",
                        "Target and counted by scope (a contract also counts for the scopes that contain it)"),
                     TR(h->o, "Périmètre", "Scope"), "perimetres", e->by_scope, e->nby_scope, true);
    aggregate_figure(h, "fig-maitres", TR(h->o, "Objectif et réalisé par maître d'ouvrage", "Target and counted by owner"),
                     TR(h->o, "Maître d'ouvrage", "Owner"), "maitres_ouvrage", e->by_owner, e->nby_owner, false);
    status_figure(h);
    month_figure(h);
    gap_figure(h);
    put(h, "</section>\n");
}

/* ---- contracts ------------------------------------------------------------------------------- */

static const char *family_id(const Html *h, const EvalContract *c)
{
    return c->family >= 0 ? h->e->model->families[c->family].id : "?";
}

static const char *scope_name(const Html *h, int s)
{
    const MScope *sc = &h->e->model->scopes[s];
    return sc->name ? rt_sprintf("%s (%s)", sc->name, sc->id) : sc->id;
}

/* The scopes that hold contracts of their own, in tree order. */
static int *scopes_with_contracts(const Html *h, int *n)
{
    const EvalRun *e = h->e;
    const Model *m = e->model;
    int *out = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    int *own = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    memset(own, 0, sizeof(int) * (size_t)(m->nscopes + 1));
    for (int i = 0; i < e->ncontracts; i++)
        if (e->contracts[i]->scope >= 0)
            own[e->contracts[i]->scope]++;
    *n = 0;
    for (int i = 0; i < e->nby_scope; i++) {
        int s = model_scope_index(m, e->by_scope[i].key);
        if (s >= 0 && own[s] > 0)
            out[(*n)++] = s;
    }
    return out;
}

static void contract_row(Html *h, const EvalContract *c, int json_index)
{
    put(h, "<tr><th scope=\"row\"><a href=\"#m-");
    fragment(h, c->id);
    put(h, "\">");
    esc(h, c->id);
    put(h, "</a></th>");
    text_cell(h, family_id(h, c));
    text_cell(h, owner_label(h, c->owner));
    status_cell(h, c->status);
#define PATH(k) rt_sprintf("marches.%d.%s", json_index, k)
    num_cell(h, PATH("heures_objectif"), hours(h, c->target_hours));
    num_cell(h, PATH("heures_realisees"), hours(h, c->counted));
    period_cell(h, PATH("heures_realisees_periode"), hours(h, c->period));
    num_cell(h, PATH("ecart"), signed_hours(h, c->gap));
#undef PATH
    text_cell(h, report_articles(c->articles, c->narticles, h->o));
    put(h, "</tr>\n");
}

static void contracts(Html *h)
{
    const EvalRun *e = h->e;
    element(h, "<section id=\"marches\" aria-labelledby=\"marches-h\">\n<h2 id=\"marches-h\">",
            rt_sprintf("%s (%s)", TR(h->o, "Marchés par périmètre", "Contracts by scope"), count(h, e->ncontracts)), "</h2>\n");
    if (e->ncontracts == 0) {
        element(h, "<p>", TR(h->o, "Aucun marché valide.", "No valid contract."), "</p>\n</section>\n");
        return;
    }
    element(h, "<p>", TR(h->o,
        "Chaque marché est rangé sous son propre périmètre ; son identifiant mène à son détail (chiffres et provenance). "
        "L'écart est réalisé − objectif ; « Articles » nomme les articles et avenants qui fixent sa règle.",
        "Each contract is listed under its own scope; its id links to its details (figures and provenance). The gap is "
        "counted − target; “Articles” names the articles and amendments that set its rule."), "</p>\n");
    /* Small: one table, a row group per scope. Large: a folded table per scope, so that the
    ** page opens on its summary instead of laying out every contract. */
    bool folded = e->ncontracts > HTML_OPEN_DETAILS;
    const char *head[] = {
        TR(h->o, "Marché", "Contract"), TR(h->o, "Famille", "Family"), TR(h->o, "Maître d'ouvrage", "Owner"),
        TR(h->o, "Statut", "Status"), TR(h->o, "Objectif", "Target"), TR(h->o, "Réalisé", "Counted"),
        TR(h->o, "Période", "Period"), TR(h->o, "Écart", "Gap"), "Articles",
    };
    int ncols = e->since != DATE_NONE ? 9 : 8;
    if (!folded) {
        put(h, "<table class=\"contracts\">");
        head_row_period(h, head, 9, "llllrrrrl", 6, 1);
    }
    int nscopes;
    int *scopes = scopes_with_contracts(h, &nscopes);
    for (int k = 0; k < nscopes; k++) {
        int s = scopes[k], n = 0;
        for (int i = 0; i < e->ncontracts; i++)
            n += e->contracts[i]->scope == s;
        const char *group = rt_sprintf("%s — %s %s", scope_name(h, s), count(h, n), contracts_noun(h, n));
        if (folded) {
            element(h, "<details><summary>", group, "</summary>\n<table class=\"contracts\">");
            head_row_period(h, head, 9, "llllrrrrl", 6, 1);
            put(h, "<tbody>");
        } else {
            element(h, rt_sprintf("<tbody><tr><th colspan=\"%d\" scope=\"rowgroup\" class=\"group\">", ncols), group,
                    "</th></tr>\n");
        }
        for (int i = 0; i < e->ncontracts; i++)
            if (e->contracts[i]->scope == s)
                contract_row(h, e->contracts[i], i);
        put(h, folded ? "</tbody></table></details>\n" : "</tbody>\n");
    }
    put(h, folded ? "</section>\n" : "</table>\n</section>\n");
}

/* Pooled targets: one row per pool, its members named; only when the charter pools a target. */
static void pools(Html *h)
{
    const EvalRun *e = h->e;
    if (e->npools == 0)
        return;
    element(h, "<section id=\"mutualisations\" aria-labelledby=\"mutualisations-h\">\n<h2 id=\"mutualisations-h\">",
            rt_sprintf("%s (%s)", TR(h->o, "Objectifs mutualisés", "Pooled targets"), count(h, e->npools)), "</h2>\n");
    element(h, "<p>", TR(h->o,
        "Un objectif mutualisé est évalué sur l'ensemble de ses marchés membres : objectif = Σ taux × heures de base "
        "(ou les heures fixes une fois), arrondi une fois ; les plafonds s'appliquent à la mutualisation.",
        "A pooled target is assessed over all its member contracts: target = Σ rate × base hours (or the fixed hours "
        "once), rounded once; caps apply to the pool."), "</p>\n");
    const char *head[] = {
        TR(h->o, "Mutualisation", "Pool"), TR(h->o, "Membres", "Members"), TR(h->o, "Statut", "Status"),
        TR(h->o, "Base", "Base"), TR(h->o, "Objectif", "Target"), TR(h->o, "Réalisé", "Counted"),
        TR(h->o, "Période", "Period"), TR(h->o, "Écart", "Gap"), "Articles",
    };
    put(h, "<table class=\"contracts\">");
    head_row_period(h, head, 9, "lllrrrrrl", 6, 1);
    put(h, "<tbody>");
    for (int k = 0; k < e->npools; k++) {
        const EvalPool *p = e->pools[k];
        const char *members = "";
        for (int i = 0; i < p->nmembers; i++)
            members = rt_sprintf("%s%s%s", members, i ? ", " : "", p->members[i]->id);
        element(h, "<tr><th scope=\"row\">", p->id, "</th>");
        text_cell(h, members);
        status_cell(h, p->status);
#define PATH(key) rt_sprintf("mutualisations.%d.%s", k, key)
        num_cell(h, PATH("heures_base"), hours(h, p->base));
        num_cell(h, PATH("heures_objectif"), hours(h, p->target_hours));
        num_cell(h, PATH("heures_realisees"), hours(h, p->counted));
        period_cell(h, PATH("heures_realisees_periode"), hours(h, p->period));
        num_cell(h, PATH("ecart"), signed_hours(h, p->gap));
#undef PATH
        text_cell(h, report_articles(p->articles, p->narticles, h->o));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n");
    for (int k = 0; k < e->npools; k++)
        if (say_is_set(e->pools[k]->note))
            element(h, "<p>", rt_sprintf("%s%s%s", e->pools[k]->id, TR(h->o, " : ", ": "),
                                         say_english(e->pools[k]->note, h->o->english)), "</p>\n");
    put(h, "</section>\n");
}

static void detail_item(Html *h, const char *term, const char *value)
{
    element(h, "<dt>", term, "</dt>");
    element(h, "<dd>", value, "</dd>");
}

static const char *base_text(const Html *h, const EvalContract *c)
{
    if (!c->base)
        return TR(h->o, "non déclarées, non estimables", "not reported, cannot be estimated");
    if (!c->base_estimated)
        return rt_sprintf("%s (%s)", hours(h, c->base), TR(h->o, "déclarées", "reported"));
    const MFamily *f = &h->e->model->families[c->family];
    return h->o->english
        ? rt_sprintf("%s, estimated: amount %s € × labour share %s ÷ hourly cost %s €/h", hours(h, c->base),
                     number(h, c->amount), percent(h, f->part_mo, 2), number(h, f->cout_horaire))
        : rt_sprintf("%s, estimées : montant %s € × part de main-d'œuvre %s ÷ coût horaire %s €/h", hours(h, c->base),
                     number(h, c->amount), percent(h, f->part_mo, 2), number(h, f->cout_horaire));
}

static void contract_detail(Html *h, const EvalContract *c)
{
    const Model *m = h->e->model;
    put(h, "<section class=\"contract\" id=\"m-");
    esc(h, c->id);
    put(h, "\">");
    element(h, "<h4>", c->label ? rt_sprintf("%s — %s", c->id, c->label) : c->id, "</h4><dl>");
    put(h, "<dt>");
    esc(h, TR(h->o, "Statut", "Status"));
    fprintf(h->out, "</dt><dd class=\"st st-%s\">", eval_status_id(c->status));
    esc(h, eval_status_label(c->status, h->o->english));
    put(h, "</dd>");
    detail_item(h, TR(h->o, "Maître d'ouvrage", "Owner"), owner_label(h, c->owner));
    const char *family = family_id(h, c);
    int category = c->family >= 0 ? m->families[c->family].category : -1;
    if (category >= 0 && category < m->ncategories)
        family = rt_sprintf("%s (%s)", family, m->categories[category].id);
    detail_item(h, TR(h->o, "Famille", "Family"), family);
    detail_item(h, TR(h->o, "Périmètre", "Scope"), c->scope >= 0 ? scope_name(h, c->scope) : "?");
    detail_item(h, TR(h->o, "Montant HT", "Amount excl. VAT"), c->amount ? rt_sprintf("%s" NNBSP "€", number(h, c->amount)) : "—");
    detail_item(h, TR(h->o, "Notifié le", "Notified on"), date_text(h, c->notified));
    detail_item(h, TR(h->o, "Heures de base", "Base hours"), base_text(h, c));
    const char *rule = c->rate ? rt_sprintf("%s %s", percent(h, c->rate, 2), TR(h->o, "des heures", "of hours"))
                     : c->fixed ? rt_sprintf("%s %s", hours(h, c->fixed), TR(h->o, "fixées", "fixed"))
                                : "—";
    detail_item(h, TR(h->o, "Objectif", "Target"), rule);
    detail_item(h, TR(h->o, "Seuil", "Threshold"), c->threshold ? rt_sprintf("%s" NNBSP "€", number(h, c->threshold)) : "—");
    detail_item(h, TR(h->o, "Heures objectif", "Target hours"), hours(h, c->target_hours));
    detail_item(h, TR(h->o, "Heures retenues", "Counted hours"),
                rt_sprintf("%s (%s %s)", hours(h, c->counted), count(h, c->lines_counted), TR(h->o, "lignes", "lines")));
    detail_item(h, TR(h->o, "Écart", "Gap"), signed_hours(h, c->gap));
    if (say_is_set(c->note))
        detail_item(h, "Note", say_english(c->note, h->o->english));
    detail_item(h, TR(h->o, "Règle fixée par", "Rule set by"), c->narticles ? report_articles(c->articles, c->narticles, h->o) : "—");
    const char *file = h->e->files[M_TABLE_MARCHES].info && h->e->files[M_TABLE_MARCHES].info->file
                     ? h->e->files[M_TABLE_MARCHES].info->file : "marches";
    detail_item(h, TR(h->o, "Source", "Source"), rt_sprintf("%s, %s %ld", file, TR(h->o, "ligne", "line"), c->line));
    put(h, "</dl></section>\n");
}

static void details(Html *h)
{
    const EvalRun *e = h->e;
    if (e->ncontracts == 0)
        return;
    element(h, "<section id=\"details\" aria-labelledby=\"details-h\">\n<h2 id=\"details-h\">",
            TR(h->o, "Détail des marchés", "Contract details"), "</h2>\n");
    bool open = e->ncontracts <= HTML_OPEN_DETAILS;
    if (!open)
        element(h, "<p>", TR(h->o, "Les détails sont regroupés par périmètre : ouvrez un groupe, ou suivez le lien d'un marché.",
                              "Details are grouped by scope: open a group, or follow a contract's link."), "</p>\n");
    int nscopes;
    int *scopes = scopes_with_contracts(h, &nscopes);
    for (int k = 0; k < nscopes; k++) {
        int s = scopes[k], n = 0;
        for (int i = 0; i < e->ncontracts; i++)
            n += e->contracts[i]->scope == s;
        put(h, open ? "<details open><summary>" : "<details><summary>");
        esc(h, rt_sprintf("%s — %s %s", scope_name(h, s), count(h, n), contracts_noun(h, n)));
        put(h, "</summary>\n");
        for (int i = 0; i < e->ncontracts; i++)
            if (e->contracts[i]->scope == s)
                contract_detail(h, e->contracts[i]);
        put(h, "</details>\n");
    }
    put(h, "</section>\n");
}

/* ---- indicators ----------------------------------------------------------------------------- */

static const char *cell_text(const Html *h, const EvalCell *c, bool share)
{
    if (c->secret)
        return "secret";
    return share ? percent(h, c->share, 1) : count(h, c->count);
}

static const char *cell_label(const Html *h, const EvalCell *c)
{
    const char *label = c->label ? c->label : c->secret ? TR(h->o, "autres valeurs", "other values")
                                                         : TR(h->o, "non renseigné", "not given");
    return c->name ? rt_sprintf("%s (%s)", label, c->name) : label;
}

/* The figure's text alternative: the total, and how many cells secrecy keeps out of the
** drawing, or that none is kept (« 0 case secrète, non dessinée » would describe nothing). */
static const char *breakdown_description(Html *h, const EvalIndicator *ind, const char *name, const char *total,
                                         int nsecret)
{
    bool en = h->o->english;
    const char *by = ind->decl->by;
    if (nsecret == 0)
        return en ? rt_sprintf("%s (broken down by %s): total %s; no category kept secret.", name, by, total)
                  : rt_sprintf("%s (ventilé par %s) : total %s ; aucune case secrète.", name, by, total);
    const char *fewer = report_fewer_than_persons(h->e->model->secrecy_k, en);
    if (en)
        return rt_sprintf("%s (broken down by %s): total %s; %d categor%s kept secret (%s, or needed to hide one), not drawn.",
                          name, by, total, nsecret, report_agree(nsecret, true, "y", "ies"), fewer);
    return rt_sprintf("%s (ventilé par %s) : total %s ; %d %s (%s, ou nécessaire pour en cacher une), %s.", name, by, total,
                      nsecret, report_agree(nsecret, false, "case secrète", "cases secrètes"), fewer,
                      report_agree(nsecret, false, "non dessinée", "non dessinées"));
}

static void indicator_breakdown(Html *h, const EvalIndicator *ind, int index)
{
    bool share = ind->decl->kind == AST_IND_SHARE;
    SvgBar *bars = RT_NEW_ARRAY(SvgBar, ind->ncells + 1);
    int nsecret = 0;
    for (int c = 0; c < ind->ncells; c++) {
        const EvalCell *cell = &ind->cells[c];
        mpq_ptr v = NULL;
        if (!cell->secret) {
            v = val_new_num();
            if (share)
                mpq_set(v, cell->share);
            else
                mpq_set_si(v, cell->count, 1);
        }
        nsecret += cell->secret;
        bars[c] = (SvgBar){ cell_label(h, cell), 0, v, NULL, cell_text(h, cell, share),
                            rt_sprintf("indicateurs.liste.%d.cases.%d", index, c) };
    }
    const char *name = ind->decl->name ? ind->decl->name : ind->decl->id;
    const char *id = rt_sprintf("fig-ind-%d", index);
    const char *desc = breakdown_description(h, ind, name, cell_text(h, &ind->total, share), nsecret);
    figure_open(h, id, name, desc);
    SvgChart chart = { id, name, desc, share ? TR(h->o, "part", "share") : TR(h->o, "participants", "participants"), NULL,
                       bars, ind->ncells, 1 };
    svg_hbars(h->out, &chart);
    put(h, "<table>");
    const char *head[] = { TR(h->o, "Catégorie", "Category"), share ? TR(h->o, "Part", "Share") : TR(h->o, "Participants", "Participants"),
                           TR(h->o, "Période", "Period") };
    head_row_period(h, head, 3, "lrr", 2, 1);
    put(h, "<tbody>");
    for (int c = 0; c < ind->ncells; c++) {
        put(h, "<tr>");
        element(h, "<th scope=\"row\">", cell_label(h, &ind->cells[c]), "</th>");
        num_cell(h, rt_sprintf("indicateurs.liste.%d.cases.%d.valeur", index, c), cell_text(h, &ind->cells[c], share));
        if (ind->period_cells)
            period_cell(h, rt_sprintf("indicateurs.liste.%d.cases.%d.valeur_periode", index, c),
                        cell_text(h, &ind->period_cells[c], share));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n</figure>\n");
}

static const char *verdict(const Html *h, const EvalCell *total, bool met)
{
    return total->secret ? "—" : met ? TR(h->o, "atteint", "met") : TR(h->o, "non atteint", "not met");
}

static void indicators(Html *h)
{
    const EvalRun *e = h->e;
    long k = e->model->secrecy_k;
    element(h, "<section id=\"indicateurs\" aria-labelledby=\"indicateurs-h\">\n<h2 id=\"indicateurs-h\">",
            TR(h->o, "Indicateurs", "Indicators"), "</h2>\n");
    element(h, "<p>", h->o->english
        ? rt_sprintf("Statistical secrecy: a figure about %s is shown as “secret”, and so is the "
                     "smallest other cell when one alone would be recovered by subtraction.", report_fewer_than_persons(k, true))
        : rt_sprintf("Secret statistique : un chiffre portant sur %s est affiché « secret », ainsi "
                     "que la plus petite autre case quand une seule le serait (sinon une soustraction la révélerait).",
                     report_fewer_than_persons(k, false)), "</p>\n");
    put(h, "<table>");
    const char *head[] = { TR(h->o, "Indicateur", "Indicator"), TR(h->o, "Valeur", "Value"), TR(h->o, "Objectif", "Target"),
                           TR(h->o, "Verdict", "Verdict"), TR(h->o, "Période", "Period"),
                           TR(h->o, "Verdict de la période", "Period verdict") };
    head_row_period(h, head, 6, "lrrlrl", 4, 2);
    bool period = e->since != DATE_NONE;
    put(h, "<tbody><tr>");
    element(h, "<th scope=\"row\">", TR(h->o, "Participants ayant au moins une heure retenue",
                                         "Participants with at least one counted hour"), "</th>");
    num_cell(h, "indicateurs.participants", e->active_participants < k ? "secret" : count(h, e->active_participants));
    put(h, "<td></td><td></td>");
    if (period) {
        num_cell(h, "indicateurs.participants_periode",
                 eval_period_participants_secret(e) ? "secret" : count(h, e->period_participants));
        put(h, "<td></td>");
    }
    put(h, "</tr>\n");
    for (int i = 0; i < e->nindicators; i++) {
        const EvalIndicator *ind = &e->indicators[i];
        bool share = ind->decl->kind == AST_IND_SHARE;
        put(h, "<tr>");
        element(h, "<th scope=\"row\">", ind->decl->name ? ind->decl->name : ind->decl->id, "</th>");
        num_cell(h, rt_sprintf("indicateurs.liste.%d.valeur", i), cell_text(h, &ind->total, share));
        if (ind->decl->has_target) {
            num_cell(h, rt_sprintf("indicateurs.liste.%d.objectif", i),
                     share ? percent(h, ind->decl->target, 1) : number(h, ind->decl->target));
            text_cell(h, verdict(h, &ind->total, ind->target_met));
        } else {
            put(h, "<td></td><td></td>");
        }
        if (period) {
            num_cell(h, rt_sprintf("indicateurs.liste.%d.valeur_periode", i), cell_text(h, &ind->period_total, share));
            text_cell(h, ind->decl->has_target ? verdict(h, &ind->period_total, ind->period_target_met) : "");
        }
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n");
    for (int i = 0; i < e->nindicators; i++)
        if (e->indicators[i].ncells > 0)
            indicator_breakdown(h, &e->indicators[i], i);
    put(h, "</section>\n");
}

/* ---- rows read --------------------------------------------------------------------------------- */

static void rejects_by_reason(Html *h)
{
    const EvalRun *e = h->e;
    if (e->nrejects == 0)
        return;
    element(h, "<h3>", rt_sprintf("%s (%s)", TR(h->o, "Lignes rejetées, par motif", "Rejected rows, by reason"),
                                  count(h, e->nrejects)), "</h3>\n<table>");
    const char *head[] = { TR(h->o, "Fichier", "File"), TR(h->o, "Motif", "Reason"), TR(h->o, "Lignes", "Rows"),
                           TR(h->o, "Où", "Where") };
    head_row(h, head, 4, "llrl");
    put(h, "<tbody>");
    /* Rejects are sorted by file then line; a reason is its message, gathered in order of first line. */
    bool *done = rt_alloc_atomic(sizeof(bool) * (size_t)(e->nrejects + 1));
    memset(done, 0, sizeof(bool) * (size_t)(e->nrejects + 1));
    for (long i = 0; i < e->nrejects; i++) {
        if (done[i])
            continue;
        const EvalReject *r = &e->rejects[i];
        const char *msg = say_english(r->why, h->o->english);
        long n = 0;
        for (long j = i; j < e->nrejects && strcmp(or_dash(e->rejects[j].file), or_dash(r->file)) == 0; j++)
            n += strcmp(say_english(e->rejects[j].why, h->o->english), msg) == 0;
        put(h, "<tr>");
        text_cell(h, or_dash(r->file));
        text_cell(h, msg);
        num_cell(h, NULL, count(h, n));
        put(h, "<td>");
        long shown = 0;
        for (long j = i; j < e->nrejects && strcmp(or_dash(e->rejects[j].file), or_dash(r->file)) == 0; j++) {
            if (strcmp(say_english(e->rejects[j].why, h->o->english), msg) != 0)
                continue;
            done[j] = true;
            if (shown < HTML_REJECT_LINES)
                esc(h, rt_sprintf("%s%s\xC2\xA0%ld", shown ? ", " : "", TR(h->o, "ligne", "line"), e->rejects[j].line));
            shown++;
        }
        if (shown > HTML_REJECT_LINES)
            esc(h, rt_sprintf(TR(h->o, " … et %s autres (toutes avec --format json)", " … and %s more (all of them with --format json)"),
                              count(h, shown - HTML_REJECT_LINES)));
        put(h, "</td></tr>\n");
    }
    put(h, "</tbody></table>\n");
}

/* Rows per table, read = counted + not counted + rejected: in the summary, since a figure is
** only as good as the rows behind it. */
static void rows_table(Html *h)
{
    const EvalRun *e = h->e;
    element(h, "<h3>", TR(h->o, "Données lues", "Data read"), "</h3>\n");
    element(h, "<p>", TR(h->o, "Chaque ligne lue est comptée, non comptée ou rejetée, avec son motif (voir « Lignes lues, non comptées, rejetées ») : les trois s'additionnent.",
                         "Each row read is counted, not counted or rejected, with its reason (see “Rows read, not counted, rejected”): the three add up."), "</p>\n");
    put(h, "<table>");
    const char *head[] = { "Table", TR(h->o, "Fichier", "File"), TR(h->o, "Lues", "Read"), TR(h->o, "Comptées", "Counted"),
                           TR(h->o, "Non comptées", "Not counted"), TR(h->o, "Rejetées", "Rejected") };
    head_row(h, head, 6, "llrrrr");
    put(h, "<tbody>");
    for (int t = 0; t < report_ntables(e); t++) {
        const EvalCounts *k = &e->counts[t];
        const TableInfo *info = e->files[t].info;
        const char *table = e->files[t].table;
        put(h, "<tr>");
        element(h, "<th scope=\"row\">", table, "</th>");
        text_cell(h, info ? (info->file ? info->file : info->path) : "—");
        num_cell(h, rt_sprintf("lignes.%s.lues", table), count(h, k->read));
        num_cell(h, rt_sprintf("lignes.%s.comptees", table), count(h, k->counted));
        num_cell(h, rt_sprintf("lignes.%s.non_comptees", table), count(h, k->not_counted));
        num_cell(h, rt_sprintf("lignes.%s.rejetees", table), count(h, k->rejected));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n");
}

static void rows(Html *h)
{
    const EvalRun *e = h->e;
    element(h, "<section id=\"lignes\" aria-labelledby=\"lignes-h\">\n<h2 id=\"lignes-h\">",
            TR(h->o, "Lignes lues, non comptées, rejetées", "Rows read, not counted, rejected"), "</h2>\n");
    element(h, "<p>", TR(h->o, "Les lignes de chaque table sont comptées dans la synthèse (« Données lues ») ; voici pourquoi certaines ne le sont pas.",
                         "The rows of each table are counted in the summary (“Data read”); here is why some are not counted."), "</p>\n");
    bool any = false;
    for (int t = 0; t < report_ntables(e); t++)
        any |= e->nreasons[t] > 0;
    if (any) {
        element(h, "<h3>", TR(h->o, "Lignes non comptées, par motif", "Rows not counted, by reason"), "</h3>\n<table>");
        const char *rhead[] = { "Table", TR(h->o, "Motif", "Reason"), TR(h->o, "Lignes", "Rows") };
        head_row(h, rhead, 3, "llr");
        put(h, "<tbody>");
        for (int t = 0; t < report_ntables(e); t++)
            for (int r = 0; r < e->nreasons[t]; r++) {
                const EvalReason *why = &e->reasons[t][r];
                put(h, "<tr>");
                text_cell(h, e->files[t].table);
                text_cell(h, say_english(why->text, h->o->english));
                num_cell(h, rt_sprintf("non_comptees.%s.%s", e->files[t].table, why->code), count(h, why->count));
                put(h, "</tr>\n");
            }
        put(h, "</tbody></table>\n");
    }
    rejects_by_reason(h);
    for (int i = 0; i < e->nnotes; i++)
        element(h, "<p>", rt_sprintf("%s %s", TR(h->o, "Note :", "Note:"), report_note(e, i, h->o->english)), "</p>\n");
    put(h, "</section>\n");
}

/* ---- hours waived by thresholds ----------------------------------------------------------------- */

/* Per family and scope, the contracts that a threshold left without a target, and the hours
** their targets would have been: what a threshold costs, said beside the targets. */
static void forgone(Html *h)
{
    const EvalRun *e = h->e;
    const Model *m = e->model;
    if (e->nforgone == 0)
        return;
    element(h, "<section id=\"exemptions-seuils\" aria-labelledby=\"exemptions-seuils-h\">\n<h2 id=\"exemptions-seuils-h\">",
            TR(h->o, "Heures exemptées par les seuils (marchés non soumis)", "Hours waived by thresholds (contracts not subject)"),
            "</h2>\n");
    element(h, "<p>", TR(h->o,
        "Les marchés sous le seuil de leur famille n'ont pas d'objectif ; l'objectif exempté est celui qu'ils auraient eu "
        "sans seuil (taux × heures de base). Les heures de base inconnues ne sont pas comptées.",
        "Contracts below their family's threshold have no target; the target waived is the one they would have had "
        "without the threshold (rate × base hours). Unknown base hours are not counted."), "</p>\n<table>");
    const char *head[] = {
        TR(h->o, "Famille", "Family"), TR(h->o, "Périmètre", "Scope"), TR(h->o, "Marchés", "Contracts"),
        TR(h->o, "Montant HT", "Amount"), TR(h->o, "Heures de base", "Base hours"),
        TR(h->o, "Bases inconnues", "Unknown bases"), TR(h->o, "Objectif exempté", "Target waived"),
    };
    head_row(h, head, 7, "llrrrrr");
    put(h, "<tbody>");
    for (int i = 0; i < e->nforgone; i++) {
        const EvalForgone *f = &e->forgone[i];
        element(h, "<tr><th scope=\"row\">", m->families[f->family].id, "</th>");
        text_cell(h, scope_name(h, f->scope));
#define PATH(key) rt_sprintf("exemptions_seuils.%d.%s", i, key)
        num_cell(h, PATH("marches"), count(h, f->contracts));
        num_cell(h, PATH("montant_ht"), rt_sprintf("%s" NNBSP "€", number(h, f->amount)));
        num_cell(h, PATH("heures_base"), hours(h, f->base));
        num_cell(h, PATH("heures_base_inconnues"), count(h, f->base_unknown));
        num_cell(h, PATH("heures_objectif"), hours(h, f->target_hours));
#undef PATH
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n</section>\n");
}

/* ---- contracts not evaluated, hires ---------------------------------------------------------- */

static void late_contracts(Html *h)
{
    const EvalRun *e = h->e;
    if (e->nlate == 0)
        return;
    element(h, "<section id=\"non-evalues\" aria-labelledby=\"non-evalues-h\">\n<h2 id=\"non-evalues-h\">",
            rt_sprintf("%s (%s)", TR(h->o, "Marchés notifiés après la date d'évaluation, non évalués",
                                     "Contracts notified after the evaluation date, not evaluated"), count(h, e->nlate)), "</h2>\n<table>");
    const char *head[] = { TR(h->o, "Marché", "Contract"), TR(h->o, "Notifié le", "Notified on"), TR(h->o, "Ligne", "Line") };
    head_row(h, head, 3, "llr");
    put(h, "<tbody>");
    for (int i = 0; i < e->nlate; i++) {
        put(h, "<tr>");
        element(h, "<th scope=\"row\">", e->late[i].id, "</th>");
        text_cell(h, date_text(h, e->late[i].notified));
        num_cell(h, rt_sprintf("marches_non_evalues.%d.ligne", i), count(h, e->late[i].line));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n</section>\n");
}

static void hires_status_cell(Html *h, EvalHiresStatus s)
{
    fprintf(h->out, "<td class=\"st st-%s\">", eval_hires_status_id(s));
    esc(h, eval_hires_status_label(s, h->o->english));
    put(h, "</td>");
}

static void hires_aggregates(Html *h, const char *title, const char *first, const char *json_key,
                             const EvalHiresAggregate *a, int n)
{
    if (n == 0)
        return;
    element(h, "<h3>", title, "</h3>\n<table>");
    const char *head[] = { first, TR(h->o, "Embauches", "Hires"), TR(h->o, "Éligibles", "Eligible"), TR(h->o, "Part", "Share"),
                           TR(h->o, "Embauches de la période", "Period hires"),
                           TR(h->o, "Éligibles de la période", "Period eligible") };
    head_row_period(h, head, 6, "lrrrrr", 4, 2);
    put(h, "<tbody>");
    for (int i = 0; i < n; i++) {
        put(h, "<tr>");
        element(h, "<th scope=\"row\">", a[i].name ? rt_sprintf("%s (%s)", a[i].name, a[i].key) : owner_label(h, a[i].key), "</th>");
        num_cell(h, rt_sprintf("embauches.%s.%d.embauches", json_key, i), count(h, a[i].hires));
        num_cell(h, rt_sprintf("embauches.%s.%d.eligibles", json_key, i), count(h, a[i].eligible));
        num_cell(h, rt_sprintf("embauches.%s.%d.part", json_key, i), a[i].share ? percent(h, a[i].share, 1) : "—");
        period_cell(h, rt_sprintf("embauches.%s.%d.embauches_periode", json_key, i), count(h, a[i].period_hires));
        period_cell(h, rt_sprintf("embauches.%s.%d.eligibles_periode", json_key, i), count(h, a[i].period_eligible));
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n");
}

static void hires(Html *h)
{
    const EvalRun *e = h->e;
    if (!report_has_hires(e))
        return;
    element(h, "<section id=\"embauches\" aria-labelledby=\"embauches-h\">\n<h2 id=\"embauches-h\">",
            rt_sprintf("%s (%s)", TR(h->o, "Objectifs d'embauches", "Targets of hires"), count(h, e->nhires)), "</h2>\n");
    element(h, "<p>", TR(h->o, "Part des embauches du périmètre (et des périmètres qu'il contient), de la nature et de la période, allée à un participant éligible à la date d'embauche.",
                         "Share of the hires of the scope (and the scopes inside it), nature and period that went to a participant eligible at the hire date."), "</p>\n");
    if (!e->files[M_TABLE_EMBAUCHES].info)
        element(h, "<p>", TR(h->o, "Aucun fichier embauches dans le dossier de données : objectifs non évalués.",
                             "No embauches file in the data folder: targets not evaluated."), "</p>\n");
    if (e->nhires > 0) {
        put(h, "<table>");
        const char *head[] = { TR(h->o, "Périmètre", "Scope"), "Nature", TR(h->o, "Statut", "Status"), TR(h->o, "Taux", "Rate"),
                               TR(h->o, "Embauches", "Hires"), TR(h->o, "Éligibles", "Eligible"), TR(h->o, "Objectif", "Target"),
                               TR(h->o, "Écart", "Gap"), TR(h->o, "Embauches de la période", "Period hires"),
                               TR(h->o, "Éligibles de la période", "Period eligible"),
                               TR(h->o, "Objectif de la période", "Period target"), "Articles" };
        head_row_period(h, head, 12, "lllrrrrrrrrl", 8, 3);
        put(h, "<tbody>");
        for (int i = 0; i < e->nhires; i++) {
            const EvalHiresTarget *t = &e->hires[i];
            const char *scope = e->model->scopes[t->scope].id;
            put(h, "<tr>");
            element(h, "<th scope=\"row\">", t->owner ? rt_sprintf("%s, %s", scope, t->owner) : scope, "</th>");
            text_cell(h, t->nature);
            hires_status_cell(h, t->status);
#define PATH(k) rt_sprintf("embauches.objectifs.%d.%s", i, k)
            num_cell(h, PATH("taux"), t->rate ? percent(h, t->rate, 2) : "—");
            num_cell(h, PATH("embauches"), count(h, t->hires));
            num_cell(h, PATH("eligibles"), count(h, t->eligible));
            num_cell(h, PATH("objectif"), number(h, t->target));
            num_cell(h, PATH("ecart"), t->gap ? number(h, t->gap) : "—");
            period_cell(h, PATH("embauches_periode"), count(h, t->period_hires));
            period_cell(h, PATH("eligibles_periode"), count(h, t->period_eligible));
            period_cell(h, PATH("objectif_periode"), number(h, t->period_target));
#undef PATH
            text_cell(h, report_articles(t->articles, t->narticles, h->o));
            put(h, "</tr>\n");
        }
        put(h, "</tbody></table>\n");
    }
    hires_aggregates(h, TR(h->o, "Embauches par périmètre", "Hires by scope"), TR(h->o, "Périmètre", "Scope"), "perimetres",
                     e->hires_by_scope, e->nhires_by_scope);
    hires_aggregates(h, TR(h->o, "Embauches par maître d'ouvrage", "Hires by owner"), TR(h->o, "Maître d'ouvrage", "Owner"),
                     "maitres_ouvrage", e->hires_by_owner, e->nhires_by_owner);
    put(h, "</section>\n");
}

void report_html(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    Html h = { out, e, o, 0 };
    page_head(&h);
    page_nav(&h);
    summary(&h);
    charts(&h);
    contracts(&h);
    pools(&h);
    forgone(&h);
    late_contracts(&h);
    hires(&h);
    indicators(&h);
    rows(&h);
    details(&h);
    put(&h, "</main>\n<footer>");
    esc(&h, TR(o, "Rapport écrit par charte eval --format html ; les mêmes chiffres sont dans --format json.",
                  "Report written by charte eval --format html; the same figures are in --format json."));
    put(&h, "</footer>\n</body>\n</html>\n");
}
