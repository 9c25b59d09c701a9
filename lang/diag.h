/* lang/diag.h: diagnostics (code, severity, span, French and English message) and how they are printed. */
#ifndef CHARTE_DIAG_H
#define CHARTE_DIAG_H

#include "say.h"
#include "source.h"

#include <stdbool.h>
#include <stdio.h>

/*
** Every diagnostic has a stable code (C0001…) with a page in
** docs/erreurs/CXXXX.md, a severity, a primary span, a message in French and
** in English, and optional notes (each with its own span, possibly in
** another source, e.g. the national floor in stdlib/anru.charte).
**
** Codes are grouped: C00xx lexical, C01xx syntax, C02xx names and imports,
** C03xx types and units, C04xx charter rules (floors, conflicts, gaps,
** amendments), C05xx governance, C06xx data schema and examples,
** C07xx limits, C08xx I/O (data files), C09xx evaluation.
*/

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagSeverity;

typedef struct DiagNote {
    Source *src;              /* may be NULL: a note with no location */
    Span span;
    Say msg;
    struct DiagNote *next;
} DiagNote;

/* Where and why the charter accepts a warning (`avertissement accepté CODE : « raison »`,
** lang/accept.c): the warning stays a warning, told as accepted, and fails no run. */
typedef struct DiagAcceptance {
    Source *src;              /* the acceptance's line */
    Span span;
    const char *reason;       /* the text of « raison », as written */
    Say said;                 /* "avertissement accepté à l'article 3 « Objectifs » : « … »" */
} DiagAcceptance;

typedef struct Diag {
    const char *code;         /* "C0104" */
    DiagSeverity severity;
    Source *src;              /* NULL: no location in a text at hand (e.g. a missing file) */
    Span span;
    const char *file;         /* src NULL: the file it is about (a data file), or NULL */
    long line;                /* with file: its line, 0 when not about a line */
    Say msg;
    DiagNote *notes;
    unsigned seq;             /* order of emission, to keep sorting stable */
    const DiagAcceptance *accepted;  /* a warning the charter accepts, or NULL */
} Diag;

/* Limit on printed diagnostics; past it one line says how many more there were. */
#define DIAG_MAX_PRINTED 50
#define DIAG_MAX_JSON 1000      /* --format json: past it, "omitted" says how many */

typedef struct DiagList {
    Diag **items;
    unsigned len;
    unsigned errors, warnings;   /* warnings: those not accepted */
    unsigned accepted;           /* warnings the charter accepts (diag_accept) */
} DiagList;

DiagList *diag_list_new(void);

/* Adds a diagnostic (build msg with say or SAYF, which check formats). */
Diag *diag_add(DiagList *dl, DiagSeverity sev, const char *code, Source *src, Span span, Say msg);
/* A diagnostic about a file whose text is not kept (a data file): printed
** "file:line: error[C0801]: …", without column or excerpt; line 0 when it is
** about the whole file. */
Diag *diag_add_in_file(DiagList *dl, DiagSeverity sev, const char *code, const char *file, long line,
                       Say msg);
/* Appends to dl a diagnostic of another list, as it is (file, line, notes, acceptance). */
Diag *diag_add_copy(DiagList *dl, const Diag *d);
/* Appends a note to d (kept in order). */
void diag_note(Diag *d, Source *src, Span span, Say msg);

/* Marks the warning d as accepted by a: counted in dl->accepted instead of dl->warnings. */
void diag_accept(DiagList *dl, Diag *d, const DiagAcceptance *a);

/* Stable order: by source name, then offset, then emission order; diagnostics
** without a source come first. */
void diag_sort(DiagList *dl);

/* Removes the diagnostics that are notes (not the notes attached to an error or a warning):
** what `check` tells a charter's writer, which runs of the charter do not repeat. */
void diag_drop_notes(DiagList *dl);

/* Turns warnings into errors (check --strict), but those the charter accepts. */
void diag_promote_warnings(DiagList *dl);

/* GNU format: "file:line:col: error[C0104]: message", the source line, a caret
** line under the span; notes the same with "note:". An accepted warning is
** headed "note[CODE]" (so that editors and CI problem matchers do not count it),
** and its acceptance follows in one "file:line:col: note: avertissement accepté …"
** line without excerpt. */
void diag_print_text(const DiagList *dl, SayLang lang, FILE *out);
/* A run's own error, about no place in a file (a bad command line, a report
** that cannot be written): "charte: error[C0007]: …", printed as
** diag_print_text prints a diagnostic without a file. The one printer of
** these lines, for every layer above this one. */
void diag_print_run_error(FILE *out, SayLang lang, const char *code, Say msg);
/* {"diagnostics":[{"code","severity","file","line","column","end_line",
** "end_column","message","notes":[…],"accepted"?:{"reason","message","file","line",…}}],
** "errors":N, "warnings":N, "accepted":N} */
void diag_print_json(const DiagList *dl, SayLang lang, FILE *out);
/* The same document as a jansson object, for outputs that wrap it. */
struct json_t;
struct json_t *diag_json(const DiagList *dl, SayLang lang);
/* A JSON string of s, any invalid UTF-8 replaced by U+FFFD (jansson refuses it). */
struct json_t *diag_json_text(const char *s);

const char *diag_severity_name(DiagSeverity sev, SayLang lang);
/* The severity d is told with: a warning the charter accepts is told as a note,
** which no reader counts as a problem (text, JUnit, GitHub, the language server). */
DiagSeverity diag_told_severity(const Diag *d);

#endif
