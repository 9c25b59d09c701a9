/* runtime/report.h: writing an evaluation as a report: text for people, JSON and CSV for programs. */
#ifndef CHARTE_REPORT_H
#define CHARTE_REPORT_H

#include "eval.h"

#include <stdbool.h>
#include <stdio.h>

/*
** Four formats (docs/evaluation.md): text (a French or English report for a
** terminal), json (examples/amp/REFERENCE.md's shape, with more keys), csv (one row
** per contract, for a spreadsheet), html (a page with charts to print and
** mail). All four print only aggregates about
** participants, and print everything in a sorted, stable order, so that the
** same inputs give the same bytes.
*/

typedef enum { REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_HTML } ReportFormat;

typedef struct ReportOptions {
    ReportFormat format;
    bool english;
    const char *data_dir;     /* as given on the command line, NULL when none */
    int max_rejects_text;     /* rejected rows listed in text before "… and N more" */
} ReportOptions;

bool report_parse_format(const char *s, ReportFormat *out);
void report_write(const EvalRun *e, const ReportOptions *o, FILE *out);

void report_text(const EvalRun *e, const ReportOptions *o, FILE *out);
void report_json(const EvalRun *e, const ReportOptions *o, FILE *out);
void report_csv(const EvalRun *e, const ReportOptions *o, FILE *out);
/* One self-contained page with charts, for people who read rather than compute (docs/rapport-html.md). */
void report_html(const EvalRun *e, const ReportOptions *o, FILE *out);

/* Shared by the three writers. */
/* fraction × 100, exact, or rounded half-up to max_frac digits when not a finite decimal. */
char *report_percent(mpq_srcptr fraction, int max_frac, bool french, bool grouped);
/* true when the report has a section of hires: an embauches file was read, or the charter sets hires targets. */
bool report_has_hires(const EvalRun *e);
/* The tables a report lists: the standard three, and embauches when its file was read. */
int report_ntables(const EvalRun *e);
/* The articles of a contract joined by sep. */
char *report_join(const char *const *items, int n, const char *sep);

#endif
