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

typedef enum { REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_HTML, REPORT_XLSX, REPORT_ODS } ReportFormat;

typedef struct ReportOptions {
    ReportFormat format;
    bool english;
    const char *data_dir;     /* as given on the command line, NULL when none */
    int max_rejects_text;     /* rejected rows listed in text before "… and N more" */
    const struct ExplainLines *derivations;  /* json: every contract's derivation (eval --derivations); NULL */
    bool json_head_written;   /* json: the document up to its contracts is written (report_json_head) */
} ReportOptions;

enum { REPORT_NFORMATS = REPORT_ODS + 1 };

/* One format as the user meets it: its name for --format, the extensions
** of -o that ask for it, what it is for. The one table of runtime/report.c
** (report_format_info) is read by --format, by -o's extensions, by eval's
** usage messages and by its help (hence the man pages and the completions);
** docs/sortie.md's table is compared with it by tests/cli/sortie-fichier.sh. */
typedef struct ReportFormatInfo {
    const char *name;          /* --format's value, as the help lists it */
    const char *alias;         /* another spelling --format takes, or NULL */
    const char *ext[2];        /* the extensions that ask for it (any case); ext[1] NULL when one */
    Say what;                  /* what the report is, for the help */
} ReportFormatInfo;

const ReportFormatInfo *report_format_info(ReportFormat f);
bool report_parse_format(const char *s, ReportFormat *out);
/* The format a file's name asks for by its extension (the table's, in any
** case); false for any other name. */
bool report_format_of_path(const char *path, ReportFormat *out);
/* The extension of a file's name (".gz" of "r.csv.gz"), NULL when it has none
** (a leading dot starts a name, not an extension: ".json" has none). */
const char *report_extension(const char *path);
/* The formats' names, or their extensions, joined by sep ("|":
** "text|json|csv|html|xlsx|ods"), or with sep NULL as alternatives of each
** language, "text, json, csv, html, xlsx ou ods" / "… or ods". */
Say report_format_names(const char *sep);
Say report_format_extensions(const char *sep);
/* false when a workbook could not be made (a message says why). */
bool report_write(const EvalRun *e, const ReportOptions *o, FILE *out);
/* xlsx and ods: binary files, never for a terminal. */
bool report_is_binary(ReportFormat f);

void report_text(const EvalRun *e, const ReportOptions *o, FILE *out);
void report_json(const EvalRun *e, const ReportOptions *o, FILE *out);
/* The JSON document up to its contracts (the list "marches") included: it
** reads only the finished contracts, so it can be written beside the run's
** aggregates, on the second core (eval_finish_beside); report_json, with
** json_head_written, writes the rest. */
void report_json_head(const EvalRun *e, const ReportOptions *o, FILE *out);
void report_csv(const EvalRun *e, const ReportOptions *o, FILE *out);
/* One self-contained page with charts, for people who read rather than compute (docs/rapport-html.md). */
void report_html(const EvalRun *e, const ReportOptions *o, FILE *out);
/* Workbooks, one sheet per section of the report (runtime/report_sheets.h, docs/sortie.md). */
bool report_xlsx(const EvalRun *e, const ReportOptions *o, FILE *out);
bool report_ods(const EvalRun *e, const ReportOptions *o, FILE *out);

/* Shared by the three writers. */
/* fraction × 100, exact, or rounded half-up to max_frac digits when not a finite decimal.
** grouped: for people, thousands grouped as the language writes them (num_to_reader);
** otherwise the plain number of a machine output or a spreadsheet cell. */
char *report_percent(mpq_srcptr fraction, int max_frac, bool french, bool grouped);
/* Note i of the run (data_notes: encoding, ignored columns, values read
** differently from how they were written) in the report's language: every
** writer prints the same notes. */
const char *report_note(const EvalRun *e, int i, bool english);
/* true when the report has a section of hires: an embauches file was read, or the charter sets hires targets. */
bool report_has_hires(const EvalRun *e);
/* The tables a report lists: the standard three, and embauches when its file was read. */
int report_ntables(const EvalRun *e);
/* The name of counted hours over target hours (JSON "taux_realisation"), one for every writer's
** column, summary line and key figure: « Taux de réalisation » / "Achievement rate". */
const char *report_rate_label(bool english);
/* one or many, agreed with the count n as the language does: French 0 and 1 singular, English 1 only
** (never "marché(s)" / "contract(s)"). */
const char *report_agree(long n, bool english, const char *one, const char *many);
/* The statistical secrecy's threshold k as every report and render say it: "moins de 11 personnes",
** "moins d'une personne" / "fewer than 11 persons", "fewer than one person". */
const char *report_fewer_than_persons(long k, bool english);
/* The line that names the charter's version in a text for people, « Version de la charte
** e21c380021dc » / "Charter version e21c380021dc", without its line break; NULL when the
** charter has no text to digest. eval's text report and explain's text both print it, so
** that the two name the same text in the same words. */
const char *report_version_line(const Model *m, bool english);
/* A semicolon between two items of a list, as each language spaces it: " ; " (French, a space
** before), "; " (English): the articles of a rule, the reasons rows were not counted, diff's lists. */
const char *report_semicolon(bool english);
/* The articles that set a rule, as each language separates them: "article 4 ; avenant 1" /
** "article 4; amendment 1" (a report's text, HTML and workbook cells). */
char *report_articles(const char *const *articles, int n, const ReportOptions *o);

#endif
