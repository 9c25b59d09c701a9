/* lang/diag.h: diagnostics (code, severity, span, French and English message) and how they are printed. */
#ifndef CHARTE_DIAG_H
#define CHARTE_DIAG_H

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
typedef enum { DIAG_LANG_FR, DIAG_LANG_EN } DiagLang;

typedef struct DiagNote {
    Source *src;              /* may be NULL: a note with no location */
    Span span;
    const char *msg_fr, *msg_en;
    struct DiagNote *next;
} DiagNote;

typedef struct Diag {
    const char *code;         /* "C0104" */
    DiagSeverity severity;
    Source *src;              /* NULL: no location (e.g. a missing file) */
    Span span;
    const char *msg_fr, *msg_en;
    DiagNote *notes;
    unsigned seq;             /* order of emission, to keep sorting stable */
} Diag;

/* Limit on printed diagnostics; past it one line says how many more there were. */
#define DIAG_MAX_PRINTED 50
#define DIAG_MAX_JSON 1000      /* --format json: past it, "omitted" says how many */

typedef struct DiagList {
    Diag **items;
    unsigned len;
    unsigned errors, warnings;
} DiagList;

DiagList *diag_list_new(void);

/* Adds a diagnostic; fr and en are printf formats with the same arguments. */
__attribute__((format(printf, 6, 8), format(printf, 7, 8)))
Diag *diag_add(DiagList *dl, DiagSeverity sev, const char *code, Source *src, Span span,
               const char *fr, const char *en, ...);
/* Same, messages already formatted. */
Diag *diag_add_text(DiagList *dl, DiagSeverity sev, const char *code, Source *src, Span span,
                    const char *msg_fr, const char *msg_en);
/* Appends a note to d (kept in order). */
__attribute__((format(printf, 4, 6), format(printf, 5, 6)))
void diag_note(Diag *d, Source *src, Span span, const char *fr, const char *en, ...);
/* Same, messages already formatted. */
void diag_note_text(Diag *d, Source *src, Span span, const char *msg_fr, const char *msg_en);

/* Stable order: by source name, then offset, then emission order; diagnostics
** without a source come first. */
void diag_sort(DiagList *dl);

/* Turns warnings into errors (check --strict). */
void diag_promote_warnings(DiagList *dl);

/* GNU format: "file:line:col: error[C0104]: message", the source line, a caret
** line under the span; notes the same with "note:". */
void diag_print_text(const DiagList *dl, DiagLang lang, FILE *out);
/* {"diagnostics":[{"code","severity","file","line","column","end_line",
** "end_column","message","notes":[…]}], "errors":N, "warnings":N} */
void diag_print_json(const DiagList *dl, DiagLang lang, FILE *out);
/* The same document as a jansson object, for outputs that wrap it. */
struct json_t;
struct json_t *diag_json(const DiagList *dl, DiagLang lang);
/* A JSON string of s, any invalid UTF-8 replaced by U+FFFD (jansson refuses it). */
struct json_t *diag_json_text(const char *s);

const char *diag_severity_name(DiagSeverity sev, DiagLang lang);

#endif
