/* lang/parse.h: turning a Source into a syntax tree (lexer + grammar), reporting every syntax error. */
#ifndef CHARTE_PARSE_H
#define CHARTE_PARSE_H

#include "ast.h"
#include "diag.h"
#include "lex.h"

/* Limits of the front end, each with its own diagnostic. */
#define PARSE_MAX_ERRORS      25        /* syntax errors reported before giving up */
#define PARSE_MAX_DEPTH       200       /* nesting of expressions and parentheses */
#define PARSE_MAX_LINE_BYTES  (64 * 1024)
#define PARSE_MAX_NAME_BYTES  256       /* identifiers */
#define PARSE_MAX_NUMBER_CHARS 64       /* a number literal's digits and group separators */
#define PARSE_MAX_STRING_BYTES (16 * 1024)

/*
** Parses a whole charter. Never returns NULL: on syntax errors the tree holds
** what could be recovered (AST_D_ERROR / AST_E_ERROR nodes) and the errors are
** in dl. The caller decides whether to check a tree that had errors (charte
** check does not).
*/
AstCharter *parse_charter(Source *src, DiagList *dl);

/* true, with C0011 at 1:1, when text (src's, or the Markdown around its
** blocks) ends a line with a lone carriage return (classic Mac line ends). */
bool parse_lone_cr(Source *src, const char *text, size_t len, DiagList *dl);

/*
** The first token of text (blanks and comments skipped), with the byte offset
** where it ends and, for a number, its unit; 0 at the end of the text. For
** tools that ask what a word is: the vocabulary test, a language server.
*/
int parse_first_token(const char *text, size_t len, size_t *end, LexUnit *unit);

/* One token as the grammar sees it: its kind (TOK_… of the generated
** parser.h), its span, and its value (LexTok: NFC text, decoded string,
** number text and unit). */
typedef struct ParseToken {
    int kind;
    Span span;
    LexTok value;
} ParseToken;

/*
** Every token of src in order, line breaks (TOK_NL) and table breaks
** included, exactly as parse_charter's grammar receives them; comments are
** pushed to *comments. For a token-level tool (the formatter): the grammar
** is a function of this sequence alone. Lexical errors go to dl. Returns the
** number of tokens; *out is a GC array.
*/
int parse_tokens(Source *src, DiagList *dl, ParseToken **out, AstList *comments);

/* The words of span in src's text with one space between them, whatever blanks
** separate them there (spaces, tabs, no-break spaces): the word of a table's
** header of several words, which fmt must give back as it is. */
char *parse_one_spaced(const Source *src, Span span);

#endif
