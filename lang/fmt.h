/* lang/fmt.h: the canonical layout of a charter (charte fmt): text in, text out, same meaning. */
#ifndef CHARTE_FMT_H
#define CHARTE_FMT_H

#include "diag.h"
#include "source.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    FMT_OK,          /* *out holds the canonical text */
    FMT_SYNTAX,      /* the charter does not parse: the diagnostics are in dl */
    FMT_MEANING      /* the layout would read differently: refused (a formatter bug) */
} FmtStatus;

/* A file's line ends, as fmt keeps them: its first line's end decides (CRLF: true). */
bool fmt_text_crlf(const char *text, size_t len);
/* text (rt-allocated copy) in a file's own form: a byte order mark first (bom), and
** each '\n' written CRLF (crlf). */
char *fmt_file_form(const char *text, size_t len, bool bom, bool crlf, size_t *out_len);

/*
** Rewrites src in the canonical layout: keywords in their canonical spelling
** (lang/vocab.def) in the charter's own language, numbers as "40 000 €" and
** "12,5 %", strings in « », one space between words, tables aligned, two
** spaces of indentation per level, one blank line before each article, every
** comment kept on its line. Works on the token stream, never on the tree, so
** nothing the parser skips is lost; the result is re-read and compared with
** the input (fmt_same_meaning and fmt_same_tree) before FMT_OK is returned. *out is GC memory.
*/
FmtStatus fmt_charter(Source *src, DiagList *dl, char **out, size_t *out_len);

/*
** true when both texts parse without error to the same sequence of tokens,
** compared by value (a number by its digits and unit, a string by its
** decoded text, a keyword by what it stands for), and hold the same
** comments in the same order. The grammar is a function of that sequence
** alone, so both give the same syntax tree up to positions and spellings.
*/
bool fmt_same_meaning(Source *a, Source *b);

/*
** true when both texts give the same --dump-ast outline (lang/ast.c), numbers
** compared by their digits ("40 000" and "40000", "12,5" and "12.5"): the
** tree itself, as a second opinion that fmt_charter also asks.
*/
bool fmt_same_tree(Source *a, Source *b);

#endif
