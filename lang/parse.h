/* lang/parse.h: turning a Source into a syntax tree (lexer + grammar), reporting every syntax error. */
#ifndef CHARTE_PARSE_H
#define CHARTE_PARSE_H

#include "ast.h"
#include "diag.h"

/* Limits of the front end, each with its own diagnostic. */
#define PARSE_MAX_ERRORS      25        /* syntax errors reported before giving up */
#define PARSE_MAX_DEPTH       200       /* nesting of expressions and parentheses */
#define PARSE_MAX_LINE_BYTES  (64 * 1024)
#define PARSE_MAX_NAME_BYTES  256       /* identifiers */
#define PARSE_MAX_STRING_BYTES (16 * 1024)

/*
** Parses a whole charter. Never returns NULL: on syntax errors the tree holds
** what could be recovered (AST_D_ERROR / AST_E_ERROR nodes) and the errors are
** in dl. The caller decides whether to check a tree that had errors (charte
** check does not).
*/
AstCharter *parse_charter(Source *src, DiagList *dl);

/*
** The first token of text (blanks and comments skipped), with the byte offset
** where it ends and, for a number, its unit; 0 at the end of the text. For
** tools that ask what a word is: the vocabulary test, a language server.
*/
int parse_first_token(const char *text, size_t len, size_t *end, LexUnit *unit);

#endif
