/* lang/fmt.c: the canonical layout of a charter: re-spells and re-spaces its tokens line by line, aligns its tables, keeps its comments. */
#include "fmt.h"

#include "expr.h"
#include "gc.h"
#include "governance.h"
#include "num.h"
#include "parse.h"
#include "parser.h"
#include "vocab.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** Why tokens and not the tree: the charter is line-oriented (a line break
** ends a declaration, a blank line ends a table), and every comment sits on
** a line. Keeping the source's lines and only rewriting what is on them
** keeps comments where they were and cannot reorder anything; the grammar
** sees the same tokens, so the tree is the same (fmt_same_meaning checks
** it on every run).
**
** The layout, line by line:
**   - depth 0: `charte`, `utilise`, `article`, `avenant`, `exemple`;
**     depth 1: every other declaration; depth 2: the columns of a
**     `données … { }` block; a line that continues a declaration: one more.
**   - a comment-only line takes the depth of the code line below it;
**   - runs of blank lines become one; one blank line before each item
**     (before the comments just above it); none at either end;
**   - a run of table lines is aligned: each column as wide as its widest
**     cell, in display columns (« and é are one column); so are the ':' of
**     the columns of a données block.
*/

enum { FMT_INDENT = 2 };

typedef struct FmtTok {
    const ParseToken *t;
    bool starts;             /* first token of a declaration (after a line break token) */
    bool ends;               /* a line break token follows it */
} FmtTok;

typedef struct FmtLine {
    int first, count;        /* its tokens: toks[first .. first+count) */
    const char *comment;     /* "-- …" without trailing blanks, or NULL */
    int depth;
    bool blank_before;       /* one blank line goes before it */
    bool table;              /* a row or rule of a table, on one line */
    bool item;               /* utilise / article / avenant / exemple */
    bool column;             /* a column of a données block, on one line */
    int colon_at;            /* column: its first ':' (a token index) */
    int head_width;          /* column: what goes before the ':' is padded to this */
} FmtLine;

typedef struct Fmt {
    Source *src;
    bool english;            /* keywords in the charter's English spellings */
    bool age_word;           /* `age` and `âge` are the built-in: written in the charter's language */
    FmtTok *toks;
    int ntoks;
    FmtLine *lines;
    int nlines;
} Fmt;

typedef struct FmtBuf {
    char *data;
    size_t len, cap;
} FmtBuf;

static void fmt_put(FmtBuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *bigger = rt_alloc_atomic(cap);
        if (b->len)
            memcpy(bigger, b->data, b->len);
        b->data = bigger;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void fmt_puts(FmtBuf *b, const char *s) { fmt_put(b, s, strlen(s)); }

static void fmt_spaces(FmtBuf *b, int n)
{
    for (int i = 0; i < n; i++)
        fmt_put(b, " ", 1);
}

/* ---- spelling of one token ------------------------------------------------------------------ */

/* "40000" → "40 000", "12.5" → "12,5" (English: "12.5"); digits are never changed.
** Only numbers with a unit are re-spelled (see fmt_token_text). */
static const char *fmt_number_text(const char *text, bool english)
{
    char ip[80], fp[80];
    size_t ni = 0, nf = 0;
    bool frac = false;
    for (const char *p = text; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (frac && nf < sizeof fp - 1)
                fp[nf++] = *p;
            else if (!frac && ni < sizeof ip - 1)
                ip[ni++] = *p;
        } else if (*p == ',' || *p == '.')
            frac = true;
    }
    FmtBuf b = { 0 };
    for (size_t i = 0; i < ni; i++) {
        if (ni >= 4 && i > 0 && (ni - i) % 3 == 0)
            fmt_put(&b, " ", 1);
        fmt_put(&b, &ip[i], 1);
    }
    if (frac) {
        fmt_put(&b, english ? "." : ",", 1);
        fmt_put(&b, fp, nf);
    }
    return b.data ? b.data : "";
}

/* "1 jour", "1,5 an", "2 jours": the noun agrees with the number as render
** says it (num_takes_plural; the scanner takes both forms). */
static const char *fmt_unit_text(LexUnit unit, const char *number, bool english)
{
    mpq_t q;
    mpq_init(q);
    bool one = num_parse(q, number, strlen(number)) == NUM_OK && !num_takes_plural(q, english);
    mpq_clear(q);
    switch (unit) {
    case LEX_UNIT_PERCENT: return vocab_in(VOCAB_UNIT_PERCENT, english);
    case LEX_UNIT_EUR: return vocab_in(VOCAB_UNIT_EUR, english);
    case LEX_UNIT_EUR_PER_HOUR: return vocab_in(VOCAB_UNIT_EUR_PER_HOUR, english);
    case LEX_UNIT_HOUR: return vocab_in(VOCAB_UNIT_HOUR, english);
    case LEX_UNIT_DAY: return one ? (english ? "day" : "jour") : vocab_in(VOCAB_UNIT_DAY, english);
    case LEX_UNIT_WEEK: return one ? (english ? "week" : "semaine") : vocab_in(VOCAB_UNIT_WEEK, english);
    case LEX_UNIT_MONTH: return one && english ? "month" : vocab_in(VOCAB_UNIT_MONTH, english);
    case LEX_UNIT_YEAR: return one ? (english ? "year" : "an") : vocab_in(VOCAB_UNIT_YEAR, english);
    case LEX_UNIT_NONE: break;
    }
    return NULL;
}

/* A string goes in « » when « » can say it: one line, no », no blank at
** either end (the scanner trims those inside « »), no control character. */
static bool fmt_fits_guillemets(const char *s)
{
    size_t n = strlen(s);
    if (strstr(s, "\xC2\xBB"))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return false;
    if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
        return false;
    static const char *const edge_blanks[] = { "\xC2\xA0", "\xE2\x80\xAF" };
    for (int k = 0; k < 2; k++) {
        size_t m = strlen(edge_blanks[k]);
        if (n >= m && (memcmp(s, edge_blanks[k], m) == 0 || memcmp(s + n - m, edge_blanks[k], m) == 0))
            return false;
    }
    return true;
}

/* "…" with escapes, for what « » cannot hold. */
static const char *fmt_quoted(const char *s)
{
    FmtBuf b = { 0 };
    fmt_put(&b, "\"", 1);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            fmt_put(&b, "\\", 1);
            fmt_put(&b, p, 1);
        } else if (c == '\n')
            fmt_puts(&b, "\\n");
        else if (c == '\t')
            fmt_puts(&b, "\\t");
        else if (c < 0x20 || c == 0x7F)
            fmt_puts(&b, rt_sprintf("\\u{%X}", c));
        else
            fmt_put(&b, p, 1);
    }
    fmt_put(&b, "\"", 1);
    return b.data;
}

static const char *fmt_string_text(const ParseToken *t)
{
    const char *s = t->value.text ? t->value.text : "";
    if (fmt_fits_guillemets(s))
        return *s ? rt_sprintf("« %s »", s) : "« »";
    return fmt_quoted(s);
}

/* A number that names something: an article ("article 8.2", "modifie
** l'article 8.2") or an example's contract or participant ("marché 1234").
** Its text is its identity, so it is never re-spelled. */
static bool fmt_number_is_name(int prev_kind)
{
    switch (prev_kind) {
    case TOK_ARTICLE: case TOK_AVENANT: case TOK_MODIFIE: case TOK_MARCHE: case TOK_PARTICIPANT:
    case TOK_ATTENDU:
        return true;
    default:
        return false;
    }
}

/* Token i is a number that names something: after a keyword that names, or after the word
** that starts an example's row of another table ("embauche 0012 : …"). */
static bool fmt_names(const Fmt *f, int i)
{
    if (i == 0)
        return false;
    const FmtTok *prev = &f->toks[i - 1];
    return fmt_number_is_name(prev->t->kind) || (prev->starts && prev->t->kind == TOK_IDENT);
}

/* Whether token i is one of the words of a table cell of several words, every one
** a name or a keyword: a header of several words ("Famille abc", "family abc" in
** a French charter), which the parser keeps as written, one space between its
** words, and by which the checker names its column. A keyword re-spelt there
** would change the header, and fmt refused the charter; as written, nothing
** changes. (A cell of an expression made of words only, `a et b`, keeps its
** keywords as written too: the same tokens.) */
static bool fmt_in_cell_of_words(const Fmt *f, int i)
{
    int from = i, to = i;
    while (from > 0 && !f->toks[from].starts && f->toks[from - 1].t->kind != TOK_PIPE)
        from--;
    while (to + 1 < f->ntoks && !f->toks[to].ends && f->toks[to + 1].t->kind != TOK_PIPE)
        to++;
    if (from == 0 || f->toks[from - 1].t->kind != TOK_PIPE || to + 1 >= f->ntoks
        || f->toks[to + 1].t->kind != TOK_PIPE || to == from)
        return false;
    for (int k = from; k <= to; k++)
        if (f->toks[k].t->kind != TOK_IDENT && !vocab_by_token(f->toks[k].t->kind))
            return false;
    return true;
}

/* The word after `bilan` is a name to the grammar, but a word of the language to its reader:
** « bilan annual » in a French charter is written « bilan annuel », as its keywords are. NULL
** for any other name. */
static const char *fmt_rhythm_word(const ParseToken *t, int prev_kind, bool english)
{
    if (t->kind != TOK_IDENT || prev_kind != TOK_BILAN || !t->value.text)
        return NULL;
    int r = governance_rhythm_of(t->value.text);
    return r < 0 ? NULL : governance_rhythm(r, english);
}

/* Tokens beside which a name is an operand of a condition (« âge < 26 ans »). */
static bool fmt_is_operator(int kind)
{
    switch (kind) {
    case TOK_LT: case TOK_LE: case TOK_GT: case TOK_GE: case TOK_EQ: case TOK_NE:
    case TOK_PLUS: case TOK_MINUS: case TOK_STAR: case TOK_SLASH:
        return true;
    default:
        return false;
    }
}

/* The participant's age is « âge » in French and « age » in English (expr_is_age): a word of
** the language to its reader, which fmt writes in the charter's language as it does its
** keywords. To the checker it is a name, the built-in only when nothing declares that name,
** and fmt sees this file alone: it re-spells only when every `age` or `âge` of the file stands
** beside an operator (a declaration, a table's cell or a column never does) and the file
** imports no charter of its own (`utilise « … »`, which could declare one). */
static bool fmt_age_is_word(const ParseToken *toks, int n)
{
    for (int i = 0; i < n; i++) {
        if (toks[i].kind == TOK_UTILISE && i + 1 < n && toks[i + 1].kind == TOK_STRING)
            return false;
        if (toks[i].kind != TOK_IDENT || !toks[i].value.text || !expr_is_age(toks[i].value.text))
            continue;
        if (!(i > 0 && fmt_is_operator(toks[i - 1].kind)) && !(i + 1 < n && fmt_is_operator(toks[i + 1].kind)))
            return false;
    }
    return true;
}

/* The spelling fmt writes for a name that is a word of the language: the rhythm after `bilan`,
** the age when it is the word (age_word), each in the given language; NULL for any other name.
** fmt writes it in the charter's language, and its meaning check compares it in French. */
static const char *fmt_name_respelt(const ParseToken *t, int prev_kind, bool age_word, bool english)
{
    const char *rhythm = fmt_rhythm_word(t, prev_kind, english);
    if (rhythm)
        return rhythm;
    if (age_word && t->kind == TOK_IDENT && t->value.text && expr_is_age(t->value.text))
        return english ? "age" : "âge";
    return NULL;
}

static const char *fmt_token_text(const Fmt *f, int i)
{
    const ParseToken *t = f->toks[i].t;
    switch (t->kind) {
    case TOK_NUMBER: {
        /* A bare number may be a name ("article 8.2", "marché 1234"): as written. */
        if (t->value.unit == LEX_UNIT_NONE || fmt_names(f, i))
            return fmt_names(f, i) ? source_text(f->src, t->span) : t->value.text;
        const char *num = fmt_number_text(t->value.text, f->english);
        if (strlen(num) > 64)          /* the scanner's limit on a number's length */
            num = t->value.text;
        return rt_sprintf("%s %s", num, fmt_unit_text(t->value.unit, num, f->english));
    }
    case TOK_STRING: return fmt_string_text(t);
    case TOK_IDENT: {
        const char *respelt = fmt_name_respelt(t, i > 0 ? f->toks[i - 1].t->kind : 0, f->age_word, f->english);
        return respelt ? respelt : t->value.text;
    }
    case TOK_AU:
        /* « au 30/06/2024 » at the head of an example line is "as of", elsewhere "to". */
        return vocab_in(f->toks[i].starts ? VOCAB_AU_DATE : VOCAB_AU, f->english);
    case TOK_MUTUALISE:
        /* « objectifs mutualisés » agrees with its noun. */
        if (!f->english && i > 0 && f->toks[i - 1].t->kind == TOK_OBJECTIFS)
            return "mutualisés";
        return vocab_in(VOCAB_MUTUALISE, f->english);
    default: {
        const VocabWord *w = vocab_by_token(t->kind);
        if (w && fmt_in_cell_of_words(f, i))
            return parse_one_spaced(f->src, t->span);
        if (w)
            return f->english ? w->en : w->fr;
        return source_text(f->src, t->span);   /* punctuation, operators, dates: as written */
    }
    }
}

/* ---- spacing ------------------------------------------------------------------------------- */

/* Tokens after which a '-' is a subtraction, not a sign. */
static bool fmt_ends_operand(int kind)
{
    switch (kind) {
    case TOK_NUMBER: case TOK_IDENT: case TOK_STRING: case TOK_DATE: case TOK_MONTH:
    case TOK_RPAREN: case TOK_VRAI: case TOK_FAUX: case TOK_RENSEIGNE: case TOK_NATIONAL:
    case TOK_INTERCOMMUNAL: case TOK_COMMUNE: case TOK_PROJET:
        return true;
    default:
        return false;
    }
}

/* In an example line (`attendu X : écart -1 h`), a field's name is followed by its value:
** a name just after the ':' or a ',' is that name, not an operand. */
static bool fmt_is_example_field_name(const Fmt *f, int i)
{
    if (i < 1 || (f->toks[i - 1].t->kind != TOK_COLON && f->toks[i - 1].t->kind != TOK_COMMA))
        return false;
    int first = i;
    while (first > 0 && !f->toks[first].starts)
        first--;
    switch (f->toks[first].t->kind) {
    case TOK_MARCHE: case TOK_PARTICIPANT: case TOK_HEURES: case TOK_ATTENDU:
        return true;
    default:
        return false;
    }
}

static bool fmt_is_sign(const Fmt *f, int i)
{
    return f->toks[i].t->kind == TOK_MINUS
        && (i == 0 || !fmt_ends_operand(f->toks[i - 1].t->kind) || fmt_is_example_field_name(f, i - 1));
}

/* The blank between tokens i-1 and i on one line: none before ',' and ')',
** none after '(' and a sign (but "- -1": "--" would open a comment). */
static bool fmt_space_before(const Fmt *f, int i, const char *text)
{
    int kind = f->toks[i].t->kind, prev = f->toks[i - 1].t->kind;
    if (kind == TOK_COMMA || kind == TOK_RPAREN || prev == TOK_LPAREN)
        return false;
    if (fmt_is_sign(f, i - 1))
        return text[0] == '-';
    /* Two words of a header glued in the text (« part de main-d'œuvrex »: a keyword phrase,
    ** then a name) stay glued, as parse_one_spaced keeps them: a space would change the header. */
    if (f->toks[i - 1].t->span.end == f->toks[i].t->span.start && fmt_in_cell_of_words(f, i))
        return false;
    return true;
}

/* Tokens [from, to) on one line, canonically spelled and spaced. */
static const char *fmt_tokens(const Fmt *f, int from, int to)
{
    FmtBuf b = { 0 };
    for (int i = from; i < to; i++) {
        const char *text = fmt_token_text(f, i);
        if (i > from && fmt_space_before(f, i, text))
            fmt_put(&b, " ", 1);
        fmt_puts(&b, text);
    }
    return b.data ? b.data : "";
}

/* Display columns: « and é are one, a combining accent none, a CJK ideogram two
** (the same count as the caret under a diagnostic's source line). */
static int fmt_width(const char *s)
{
    return (int)utf8_width(s, strlen(s));
}

/* ---- lines --------------------------------------------------------------------------------- */

static bool fmt_opens_item(int kind)
{
    return kind == TOK_UTILISE || kind == TOK_ARTICLE || kind == TOK_AVENANT || kind == TOK_EXEMPLE;
}

static const char *fmt_comment_text(const Source *src, Span sp)
{
    uint32_t end = sp.end;
    while (end > sp.start && (src->text[end - 1] == ' ' || src->text[end - 1] == '\t' || src->text[end - 1] == '\r'))
        end--;
    return source_text(src, (Span){ sp.start, end });
}

/* The tokens the layout works on (line breaks become flags) and the source
** lines they sit on. */
static void fmt_split_lines(Fmt *f, const ParseToken *all, int nall, const AstList *comments)
{
    f->nlines = 0;
    for (size_t i = 0; i < f->src->len; i++)
        f->nlines += f->src->text[i] == '\n';
    f->lines = RT_NEW_ARRAY(FmtLine, f->nlines + 1);
    f->toks = RT_NEW_ARRAY(FmtTok, nall + 1);
    bool starts = true;
    int line = 0;
    uint32_t line_end = 0;
    while (line_end < f->src->len && f->src->text[line_end] != '\n')
        line_end++;
    for (int i = 0; i < nall; i++) {
        const ParseToken *t = &all[i];
        if (t->kind == TOK_NL) {
            starts = true;
            if (f->ntoks > 0)
                f->toks[f->ntoks - 1].ends = true;
            continue;
        }
        if (t->kind == TOK_TABLE_BREAK)
            continue;
        while (t->span.start > line_end && line < f->nlines - 1) {
            line++;
            line_end++;
            while (line_end < f->src->len && f->src->text[line_end] != '\n')
                line_end++;
        }
        FmtLine *l = &f->lines[line];
        if (l->count == 0)
            l->first = f->ntoks;
        l->count++;
        f->toks[f->ntoks++] = (FmtTok){ t, starts, false };
        starts = false;
    }
    for (int i = 0; i < comments->len; i++) {
        Span sp = AST_AT(*comments, AstComment, i)->span;
        uint32_t ln, col;
        source_position(f->src, sp.start, &ln, &col);
        if (ln >= 1 && (int)ln <= f->nlines)
            f->lines[ln - 1].comment = fmt_comment_text(f->src, sp);
    }
}

static bool fmt_line_is_blank(const FmtLine *l) { return l->count == 0 && !l->comment; }
static bool fmt_line_is_comment(const FmtLine *l) { return l->count == 0 && l->comment; }

/* Depths, items and table rows, from the declarations the lines start. */
static void fmt_plan_depths(Fmt *f)
{
    int stmt_depth = 0;
    bool in_block = false;
    for (int n = 0; n < f->nlines; n++) {
        FmtLine *l = &f->lines[n];
        if (l->count == 0)
            continue;
        const FmtTok *first = &f->toks[l->first], *last = &f->toks[l->first + l->count - 1];
        int kind = first->t->kind;
        if (first->starts) {
            if (kind == TOK_CHARTE || fmt_opens_item(kind))
                stmt_depth = 0;
            else if (kind == TOK_RBRACE)
                stmt_depth = 1;
            else
                stmt_depth = in_block ? 2 : 1;
            l->depth = stmt_depth;
            l->item = fmt_opens_item(kind);
            l->table = (kind == TOK_PIPE || kind == TOK_TABLE_RULE) && last->ends;
            l->column = in_block && kind != TOK_RBRACE && last->ends;
        } else
            l->depth = stmt_depth + 1;
        for (int i = l->first; i < l->first + l->count; i++) {
            if (f->toks[i].t->kind == TOK_LBRACE)
                in_block = true;
            else if (f->toks[i].t->kind == TOK_RBRACE)
                in_block = false;
        }
    }
    int below = 0;
    for (int n = f->nlines - 1; n >= 0; n--) {
        FmtLine *l = &f->lines[n];
        if (l->count > 0)
            below = l->depth;
        else if (l->comment)
            l->depth = below;
    }
}

/* The ':' of consecutive columns of a données block line up (comment lines
** between them do not break the run, a blank line does). */
static void fmt_plan_columns(Fmt *f)
{
    for (int n = 0; n < f->nlines;) {
        if (!f->lines[n].column) {
            n++;
            continue;
        }
        int end = n, widest = 0;
        while (end < f->nlines && (f->lines[end].column || fmt_line_is_comment(&f->lines[end]))) {
            FmtLine *l = &f->lines[end++];
            if (!l->column)
                continue;
            l->colon_at = -1;
            for (int i = l->first; i < l->first + l->count && l->colon_at < 0; i++)
                if (f->toks[i].t->kind == TOK_COLON)
                    l->colon_at = i;
            if (l->colon_at > l->first) {
                int w = fmt_width(fmt_tokens(f, l->first, l->colon_at));
                widest = w > widest ? w : widest;
            }
        }
        for (int k = n; k < end; k++)
            f->lines[k].head_width = widest;
        n = end;
    }
}

/* A blank line wherever the source has one or more, and before each item
** with the comments right above it. */
static void fmt_plan_blanks(Fmt *f)
{
    bool seen_code = false, blank = false;
    for (int n = 0; n < f->nlines; n++) {
        FmtLine *l = &f->lines[n];
        if (fmt_line_is_blank(l)) {
            blank = true;
            continue;
        }
        l->blank_before = blank && seen_code;
        seen_code = true;
        blank = false;
    }
    for (int n = 0; n < f->nlines; n++) {
        if (!f->lines[n].item)
            continue;
        int top = n;
        while (top > 0 && fmt_line_is_comment(&f->lines[top - 1]))
            top--;
        bool anything_above = false;
        for (int k = 0; k < top && !anything_above; k++)
            anything_above = !fmt_line_is_blank(&f->lines[k]);
        f->lines[top].blank_before = anything_above;
    }
}

/* ---- output -------------------------------------------------------------------------------- */

static void fmt_emit_comment(FmtBuf *b, const FmtLine *l, bool after_code)
{
    if (!l->comment)
        return;
    if (after_code)
        fmt_spaces(b, 2);
    fmt_puts(b, l->comment);
}

static void fmt_emit_line(const Fmt *f, FmtBuf *b, const FmtLine *l)
{
    fmt_spaces(b, l->depth * FMT_INDENT);
    if (l->column && l->colon_at > l->first) {
        const char *head = fmt_tokens(f, l->first, l->colon_at);
        fmt_puts(b, head);
        fmt_spaces(b, l->head_width - fmt_width(head) + 1);
        fmt_puts(b, fmt_tokens(f, l->colon_at, l->first + l->count));
    } else if (l->count)
        fmt_puts(b, fmt_tokens(f, l->first, l->first + l->count));
    fmt_emit_comment(b, l, l->count > 0);
    fmt_put(b, "\n", 1);
}

typedef struct FmtRow {
    const char **cells;
    int ncells;
    bool rule;
    bool *colon_left, *colon_right;   /* a rule's alignment marks */
} FmtRow;

/* "|:---|---:|" → its segments and their colons. */
static FmtRow fmt_rule_row(const char *text)
{
    FmtRow r = { 0 };
    r.rule = true;
    int n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '|';
    r.cells = RT_NEW_ARRAY(const char *, n);
    r.colon_left = RT_NEW_ARRAY(bool, n);
    r.colon_right = RT_NEW_ARRAY(bool, n);
    const char *p = text + 1;
    while (*p) {
        const char *bar = strchr(p, '|');
        if (!bar)
            break;
        const char *a = p, *z = bar;
        while (a < z && (*a == ' ' || *a == '\t'))
            a++;
        while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
            z--;
        r.colon_left[r.ncells] = a < z && *a == ':';
        r.colon_right[r.ncells] = z > a + 1 && z[-1] == ':';
        r.cells[r.ncells++] = "";
        p = bar + 1;
    }
    return r;
}

/* A row's cells: the tokens between its pipes. */
static FmtRow fmt_cell_row(const Fmt *f, const FmtLine *l)
{
    FmtRow r = { 0 };
    r.cells = RT_NEW_ARRAY(const char *, l->count + 1);
    int start = l->first + 1, end = l->first + l->count;
    for (int i = start; i <= end; i++) {
        if (i == end || f->toks[i].t->kind == TOK_PIPE) {
            if (i == end && i == start)
                break;
            r.cells[r.ncells++] = fmt_tokens(f, start, i);
            start = i + 1;
        }
    }
    return r;
}

static void fmt_emit_rule_cell(FmtBuf *b, const FmtRow *r, int c, int width)
{
    int dashes = width + 2 - r->colon_left[c] - r->colon_right[c];
    if (r->colon_left[c])
        fmt_put(b, ":", 1);
    for (int k = 0; k < dashes; k++)
        fmt_put(b, "-", 1);
    if (r->colon_right[c])
        fmt_put(b, ":", 1);
    fmt_put(b, "|", 1);
}

/* Lines [from, to): table rows and the comment lines between them. */
static void fmt_emit_table(const Fmt *f, FmtBuf *b, int from, int to)
{
    FmtRow *rows = RT_NEW_ARRAY(FmtRow, to - from);
    int ncols = 0;
    for (int n = from; n < to; n++) {
        const FmtLine *l = &f->lines[n];
        if (!l->table)
            continue;
        const ParseToken *t = f->toks[l->first].t;
        rows[n - from] = t->kind == TOK_TABLE_RULE ? fmt_rule_row(source_text(f->src, t->span))
                                                   : fmt_cell_row(f, l);
        if (rows[n - from].ncells > ncols)
            ncols = rows[n - from].ncells;
    }
    int *width = RT_NEW_ARRAY(int, ncols + 1);
    for (int n = 0; n < to - from; n++) {
        for (int c = 0; c < rows[n].ncells; c++) {
            int w = rows[n].rule ? rows[n].colon_left[c] + rows[n].colon_right[c] - 1 : fmt_width(rows[n].cells[c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (int n = from; n < to; n++) {
        const FmtLine *l = &f->lines[n];
        const FmtRow *r = &rows[n - from];
        if (l->blank_before)
            fmt_put(b, "\n", 1);
        fmt_spaces(b, l->depth * FMT_INDENT);
        if (l->table) {
            fmt_put(b, "|", 1);
            for (int c = 0; c < r->ncells; c++) {
                if (r->rule) {
                    fmt_emit_rule_cell(b, r, c, width[c]);
                    continue;
                }
                fmt_put(b, " ", 1);
                fmt_puts(b, r->cells[c]);
                fmt_spaces(b, width[c] - fmt_width(r->cells[c]) + 1);
                fmt_put(b, "|", 1);
            }
        }
        fmt_emit_comment(b, l, l->table);
        fmt_put(b, "\n", 1);
    }
}

/* The table that starts at line n ends before the first line that is
** neither a row nor a comment between rows, or that has a blank above it. */
static int fmt_table_end(const Fmt *f, int n)
{
    int end = n + 1, last_row = n;
    while (end < f->nlines && !f->lines[end].blank_before && !fmt_line_is_blank(&f->lines[end]) &&
           (f->lines[end].table || fmt_line_is_comment(&f->lines[end]))) {
        if (f->lines[end].table)
            last_row = end;
        end++;
    }
    return last_row + 1;
}

static char *fmt_render(const Fmt *f, size_t *len)
{
    FmtBuf b = { 0 };
    for (int n = 0; n < f->nlines;) {
        const FmtLine *l = &f->lines[n];
        if (fmt_line_is_blank(l)) {
            n++;
            continue;
        }
        if (l->table) {
            int end = fmt_table_end(f, n);
            fmt_emit_table(f, &b, n, end);
            n = end;
            continue;
        }
        if (l->blank_before)
            fmt_put(&b, "\n", 1);
        fmt_emit_line(f, &b, l);
        n++;
    }
    if (!b.data)
        fmt_put(&b, "", 0);
    *len = b.len;
    return b.data;
}

/* ---- meaning ------------------------------------------------------------------------------- */

/* What the grammar makes of a token: its kind and, for a literal, its value. */
static const char *fmt_token_value(const Source *src, const ParseToken *t, int prev_kind, bool age_word)
{
    switch (t->kind) {
    case TOK_NUMBER:
        if (fmt_number_is_name(prev_kind))
            return source_text(src, t->span);
        if (t->value.unit == LEX_UNIT_NONE)
            return t->value.text;
        return rt_sprintf("%s|%d", fmt_number_text(t->value.text, false), (int)t->value.unit);
    case TOK_IDENT: {
        const char *respelt = fmt_name_respelt(t, prev_kind, age_word, false);
        if (respelt)
            return respelt;
    }
        /* fall through */
    case TOK_STRING: case TOK_DATE: case TOK_MONTH:
        return t->value.text ? t->value.text : "";
    default:
        return "";
    }
}

typedef struct FmtRead {
    ParseToken *toks;
    int ntoks;
    AstList comments;
    bool english;
    bool age_word;           /* fmt_age_is_word of its tokens */
} FmtRead;

/* Reads src as parse_charter does; false when it does not parse cleanly. */
static bool fmt_read(Source *src, DiagList *dl, FmtRead *r)
{
    unsigned before = dl->errors;
    AstCharter *c = parse_charter(src, dl);
    if (dl->errors != before)
        return false;
    r->english = c->english;
    DiagList *again = diag_list_new();
    r->ntoks = parse_tokens(src, again, &r->toks, &r->comments);
    r->age_word = fmt_age_is_word(r->toks, r->ntoks);
    return again->errors == 0;
}

bool fmt_same_meaning(Source *a, Source *b)
{
    FmtRead ra = { 0 }, rb = { 0 };
    if (!fmt_read(a, diag_list_new(), &ra) || !fmt_read(b, diag_list_new(), &rb))
        return false;
    if (ra.english != rb.english || ra.ntoks != rb.ntoks || ra.comments.len != rb.comments.len)
        return false;
    for (int i = 0; i < ra.ntoks; i++) {
        if (ra.toks[i].kind != rb.toks[i].kind ||
            strcmp(fmt_token_value(a, &ra.toks[i], i ? ra.toks[i - 1].kind : 0, ra.age_word),
                   fmt_token_value(b, &rb.toks[i], i ? rb.toks[i - 1].kind : 0, rb.age_word)) != 0)
            return false;
    }
    for (int i = 0; i < ra.comments.len; i++) {
        const char *ca = fmt_comment_text(a, AST_AT(ra.comments, AstComment, i)->span);
        const char *cb = fmt_comment_text(b, AST_AT(rb.comments, AstComment, i)->span);
        if (strcmp(ca, cb) != 0)
            return false;
    }
    return true;
}

/* The rhythms as fmt_rhythm_word writes them, so that « bilan annual » and the « bilan annuel »
** fmt writes for it have one outline. */
static void fmt_outline_rhythms(AstCharter *c)
{
    for (int i = 0; i < c->items.len; i++) {
        AstItem *it = AST_AT(c->items, AstItem, i);
        for (int k = 0; k < it->decls.len; k++) {
            AstDecl *d = AST_AT(it->decls, AstDecl, k);
            int r = d->kind == AST_D_REPORTING && d->name ? governance_rhythm_of(d->name) : -1;
            if (r >= 0)
                d->name = governance_rhythm(r, false);
        }
    }
}

static bool fmt_name_byte(unsigned char c)
{
    return c >= 0x80 || c == '_' || c == '\'' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The --dump-ast outline of src, numbers by their digits: "40 000" → "40000", "12,5" → "12.5",
** and the name « âge » as « age », its other spelling, which fmt may write for it
** (fmt_age_is_word; the token comparison holds the two apart everywhere else). */
static char *fmt_outline(Source *src)
{
    char *raw = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&raw, &n);
    if (!mem)
        return NULL;
    AstCharter *c = parse_charter(src, diag_list_new());
    fmt_outline_rhythms(c);
    ast_dump(c, mem);
    fclose(mem);
    char *out = rt_alloc_atomic(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 4 <= n && !memcmp(raw + i, "\xC3\xA2ge", 4) && !(o > 0 && fmt_name_byte((unsigned char)out[o - 1])) &&
            !(i + 4 < n && fmt_name_byte((unsigned char)raw[i + 4]))) {
            memcpy(out + o, "age", 3);
            o += 3;
            i += 3;
            continue;
        }
        bool digit_before = o > 0 && out[o - 1] >= '0' && out[o - 1] <= '9';
        size_t sep = raw[i] == ' ' || raw[i] == ',' || raw[i] == '.' ? 1
                   : (unsigned char)raw[i] == 0xC2 && i + 1 < n && (unsigned char)raw[i + 1] == 0xA0 ? 2
                   : (unsigned char)raw[i] == 0xE2 && i + 2 < n && (unsigned char)raw[i + 1] == 0x80 &&
                     (unsigned char)raw[i + 2] == 0xAF ? 3 : 0;
        if (digit_before && sep && i + sep < n && raw[i + sep] >= '0' && raw[i + sep] <= '9') {
            if (raw[i] == ',' || raw[i] == '.')
                out[o++] = '.';
            i += sep - 1;
            continue;
        }
        out[o++] = raw[i];
    }
    free(raw);
    return out;
}

bool fmt_same_tree(Source *a, Source *b)
{
    const char *ta = fmt_outline(a), *tb = fmt_outline(b);
    return ta && tb && strcmp(ta, tb) == 0;
}

/* A charter saved with Windows line ends keeps them, or `fmt --check` would call every line of
** a Windows checkout changed; the first line's end decides for the whole file, as editors do. */
bool fmt_text_crlf(const char *text, size_t len)
{
    const char *nl = memchr(text, '\n', len);
    return nl && nl > text && nl[-1] == '\r';
}

/* Likewise a byte order mark that opens the file (Notepad's "UTF-8 with BOM"): the scanner
** skips it, so the layout never holds it; dropped, `--check` would call such a file changed
** whatever its layout and -w would take the mark away. */
static bool fmt_source_bom(const Source *src)
{
    return src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0;
}

char *fmt_file_form(const char *text, size_t len, bool bom, bool crlf, size_t *out_len)
{
    size_t lines = 0;
    for (size_t i = 0; crlf && i < len; i++)
        lines += text[i] == '\n';
    char *out = rt_alloc_atomic(3 + len + lines + 1);
    size_t k = 0;
    if (bom) {
        memcpy(out, "\xEF\xBB\xBF", 3);
        k = 3;
    }
    for (size_t i = 0; i < len; i++) {
        if (crlf && text[i] == '\n')
            out[k++] = '\r';
        out[k++] = text[i];
    }
    out[k] = '\0';
    *out_len = k;
    return out;
}

FmtStatus fmt_charter(Source *src, DiagList *dl, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    FmtRead r = { 0 };
    if (!fmt_read(src, dl, &r))
        return FMT_SYNTAX;
    Fmt f = { .src = src, .english = r.english, .age_word = r.age_word };
    fmt_split_lines(&f, r.toks, r.ntoks, &r.comments);
    fmt_plan_depths(&f);
    fmt_plan_columns(&f);
    fmt_plan_blanks(&f);
    size_t len;
    char *text = fmt_render(&f, &len);
    Source *again = source_from_memory(src->name, text, len);
    if (!fmt_same_meaning(src, again) || !fmt_same_tree(src, again))
        return FMT_MEANING;
    bool bom = fmt_source_bom(src), crlf = fmt_text_crlf(src->text, src->len);
    if (bom || crlf)
        text = fmt_file_form(text, len, bom, crlf, &len);
    *out = text;
    *out_len = len;
    return FMT_OK;
}
