/* cli/out.h: the machine-readable outputs of check and test (JSON, SARIF, GitHub workflow commands, JUnit XML) and what they share. */
#ifndef CHARTE_OUT_H
#define CHARTE_OUT_H

#include "cli.h"
#include "diag.h"

#include <stdbool.h>
#include <stdio.h>

/* Every JSON document carries this; it changes when a field changes meaning
** or disappears (added fields do not change it). See docs/schemas/. */
#define OUT_FORMAT_VERSION 1

/* In the order the messages list them. */
typedef enum { OUT_TEXT, OUT_JSON, OUT_SARIF, OUT_JUNIT, OUT_GITHUB } OutFormat;

/* Parses a --format value among those of `allowed` (a mask of 1 << OutFormat). */
bool out_parse_format(const char *s, unsigned allowed, OutFormat *out);
/* What --format expects among those of `allowed`: "--format attend text, json ou sarif". */
Say out_format_expects(unsigned allowed);

/* Adds a run diagnostic (unreadable file, bad usage) to dl; file may be NULL. */
void out_run_error(DiagList *dl, const char *code, const char *file, Say msg);
/* A charter that cannot be read: said on stderr and kept in dl as C0006. */
void out_unreadable(DiagList *dl, SayLang lang, const char *path, SourceStatus st);
bool out_is_run_error(const Diag *d);

/* Whether d makes the run fail: an error, or a warning under --strict that the charter does not accept. */
bool out_fails(const Diag *d, bool strict);

/* The document of a run that failed before its report (eval): head and diagnostics. */
void out_json_failure(const char *command, const DiagList *dl, SayLang lang, int exit_code, FILE *out);

/* ---- check -------------------------------------------------------------------------------- */

typedef struct OutCheck {
    const DiagList *dl;    /* sorted; warnings keep their severity under --strict */
    SayLang lang;
    bool strict;
    int exit_code;
    int nfiles;
} OutCheck;

void out_json_check(const OutCheck *c, FILE *out);
void out_sarif_check(const OutCheck *c, FILE *out);
void out_github_check(const OutCheck *c, FILE *out);

/* ---- test ---------------------------------------------------------------------------------- */

typedef struct OutFailure {
    unsigned line, column;
    const char *message;
} OutFailure;

typedef struct OutExample {
    const char *name;      /* the example's title, unique within its charter */
    unsigned line;
    OutFailure *failures;
    int nfailures;
} OutExample;

typedef struct OutCharter {
    const char *file;
    bool loaded;           /* false: unreadable, or errors in the charter */
    bool no_examples_fail; /* --strict and no example */
    DiagList *dl;          /* what checking it said (run errors included) */
    OutExample *examples;
    int nexamples;
} OutCharter;

typedef struct OutTest {
    OutCharter *charters;
    int ncharters;
    DiagList *usage;       /* usage errors, not tied to a charter */
    int passed, failed;
    bool strict;
    int exit_code;
    SayLang lang;
} OutTest;

void out_json_test(const OutTest *t, FILE *out);
void out_junit_test(const OutTest *t, FILE *out);
void out_github_test(const OutTest *t, FILE *out);

/* ---- shared by the writers ------------------------------------------------------------------- */

/* A relative URI reference for a file name as given on the command line
** (percent-encoded; an absolute path under the current folder is made
** relative); NULL for a source that is not a file ("<stdlib>/anru.charte"). */
const char *out_uri(const char *name);
void out_position(Source *src, Span span, unsigned *line, unsigned *col, unsigned *end_line,
                  unsigned *end_col);
/* The URL of the page of a code, in the language of the run (CHARTE_DOCS_URL overrides the base). */
const char *out_help_uri(const char *code, SayLang lang);

#endif
