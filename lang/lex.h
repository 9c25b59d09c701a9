/* lang/lex.h: the scanner's per-file state, shared by lang/lexer.l and the driver in lang/parser.y. */
#ifndef CHARTE_LEX_H
#define CHARTE_LEX_H

#include "ast.h"
#include "diag.h"
#include "source.h"

#include <stdbool.h>
#include <stdint.h>

/* The value of a token: its text (identifiers in NFC, strings decoded) and,
** for a number, the unit written after it. The span is the token location. */
typedef struct LexTok {
    const char *text;
    LexUnit unit;
} LexTok;

/*
** Why the scanner tracks the previous token: a line break is a token (one
** declaration per line), except inside parentheses, after a token that
** cannot end a line (',', an operator, `et`, `ou`, `non`), and on blank or
** comment-only lines. Comments are collected beside the tree for a
** formatter.
*/
typedef struct LexState {
    Source *src;
    DiagList *dl;
    uint32_t offset;         /* byte offset of the next token */
    int paren_depth;
    int brace_depth;
    Span brace_open;         /* the last '{' not yet closed, for "unterminated block" */
    Span paren_open;         /* the outermost '(' not yet closed: it joins the lines after it */
    int last;                /* kind of the last token returned, 0 at start */
    bool continues;          /* the last token asks for the line to go on */
    bool eof_nl_sent;
    bool fatal;              /* a limit was hit: stop the parse now */
    /* A blank line between two table lines ends the first table (as in
    ** Markdown): the scanner says so with a TABLE_BREAK token. */
    bool line_has_token, line_has_comment, blank_seen, prev_line_table, break_sent;
    AstList *comments;
    unsigned errors;         /* lexical errors reported */
    /* The two last tokens the parser read, for syntax errors that name a run of
    ** words (the parser's reader fills them). */
    int read_prev;
    Span read_prev_span, read_last_span;
    /* The tree's nodes and the tokens' texts are cut from here (base/gc.h):
    ** they live as long as the tree. */
    RtArena arena;
    /* The text not yet handed to flex, which reads it a buffer at a time
    ** (YY_INPUT): a whole copy for flex cost 3.6 MB of fresh pages for the
    ** largest charters. */
    const char *input;
    size_t input_left;
} LexState;

#endif
