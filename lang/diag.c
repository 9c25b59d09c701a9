/* lang/diag.c: collecting diagnostics, sorting them, and printing them with the source line and a caret; every file-less "charte: error[…]" line of a run. */
#include "diag.h"

#include "gc.h"
#include "num.h"
#include "utf8.h"
#include "visible.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

DiagList *diag_list_new(void)
{
    return RT_NEW(DiagList);
}

Diag *diag_add(DiagList *dl, DiagSeverity sev, const char *code, Source *src, Span span, Say msg)
{
    Diag *d = RT_NEW(Diag);
    d->code = code;
    d->severity = sev;
    d->src = src;
    d->span = span;
    d->msg = msg;
    d->seq = dl->len;
    RT_GROW(dl->items, dl->len);
    dl->items[dl->len++] = d;
    if (sev == DIAG_ERROR)
        dl->errors++;
    else if (sev == DIAG_WARNING)
        dl->warnings++;
    return d;
}

Diag *diag_add_in_file(DiagList *dl, DiagSeverity sev, const char *code, const char *file, long line,
                       Say msg)
{
    Diag *d = diag_add(dl, sev, code, NULL, (Span){ 0, 0 }, msg);
    d->file = file;
    d->line = file ? line : 0;
    return d;
}

Diag *diag_add_copy(DiagList *dl, const Diag *d)
{
    Diag *c = diag_add(dl, d->severity, d->code, d->src, d->span, d->msg);
    c->file = d->file;
    c->line = d->line;
    c->notes = d->notes;
    if (d->accepted)
        diag_accept(dl, c, d->accepted);
    return c;
}

void diag_note(Diag *d, Source *src, Span span, Say msg)
{
    DiagNote *n = RT_NEW(DiagNote);
    n->msg = msg;
    n->src = src;
    n->span = span;
    DiagNote **tail = &d->notes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = n;
}

static int diag_compare(const void *pa, const void *pb)
{
    const Diag *a = *(const Diag *const *)pa, *b = *(const Diag *const *)pb;
    if (!a->src != !b->src)
        return a->src ? 1 : -1;
    if (a->src && b->src && a->src != b->src) {
        int c = strcmp(a->src->name, b->src->name);
        if (c)
            return c;
    }
    if (a->src && a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(DiagList *dl)
{
    if (dl->len > 1)
        qsort(dl->items, dl->len, sizeof(Diag *), diag_compare);
}

void diag_accept(DiagList *dl, Diag *d, const DiagAcceptance *a)
{
    if (d->severity != DIAG_WARNING || d->accepted)
        return;
    d->accepted = a;
    dl->warnings--;
    dl->accepted++;
}

void diag_promote_warnings(DiagList *dl)
{
    for (unsigned i = 0; i < dl->len; i++)
        if (dl->items[i]->severity == DIAG_WARNING && !dl->items[i]->accepted) {
            dl->items[i]->severity = DIAG_ERROR;
            dl->warnings--;
            dl->errors++;
        }
}

void diag_drop_notes(DiagList *dl)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < dl->len; i++)
        if (dl->items[i]->severity != DIAG_NOTE)
            dl->items[kept++] = dl->items[i];
    dl->len = kept;
}


DiagSeverity diag_told_severity(const Diag *d)
{
    return d->accepted ? DIAG_NOTE : d->severity;
}

const char *diag_severity_name(DiagSeverity sev, SayLang lang)
{
    /* The GNU keywords stay in English in both languages: editors and CI
    ** problem matchers look for them. */
    (void)lang;
    switch (sev) {
    case DIAG_ERROR: return "error";
    case DIAG_WARNING: return "warning";
    default: return "note";
    }
}

/* Writes s[0..n) with control characters made visible (base/visible.h) and
** tabs kept, so that a hostile source cannot garble the terminal and the
** caret, placed in terminal columns (utf8_columns), stays under its span. */
static void diag_put_clean(FILE *out, const char *s, size_t n)
{
    visible_write(out, s, n, VISIBLE_KEEP_TAB);
}

#define DIAG_SHOWN_LINE_BYTES 200   /* longer lines are shown as a window around the span */

static void diag_print_excerpt(FILE *out, Source *src, Span span)
{
    uint32_t line, col, end_line, end_col;
    source_position(src, span.start, &line, &col);
    source_position(src, span.end > span.start ? span.end : span.start, &end_line, &end_col);
    size_t len;
    const char *text = source_line(src, line, &len);
    size_t from = 0, to = len;
    /* A span may start before its line's text: a byte order mark is not shown
    ** as part of line 1, but a token glued to it starts on it. */
    uint32_t line_at = (uint32_t)(text - src->text);
    size_t start_byte = span.start > line_at ? span.start - line_at : 0;
    if (start_byte > len)
        start_byte = len;
    if (len > DIAG_SHOWN_LINE_BYTES) {
        /* The window's edges step off a character's continuation bytes, three at most: in
        ** invalid text a longer run of them would take the window away from the span (a
        ** fuzzed line of 550 bytes: the span at 497, the window ending at 456). */
        from = start_byte > DIAG_SHOWN_LINE_BYTES / 2 ? start_byte - DIAG_SHOWN_LINE_BYTES / 2 : 0;
        for (int k = 0; k < 3 && from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80; k++)
            from--;
        to = from + DIAG_SHOWN_LINE_BYTES < len ? from + DIAG_SHOWN_LINE_BYTES : len;
        for (int k = 0; k < 3 && to < len && ((unsigned char)text[to] & 0xC0) == 0x80; k++)
            to++;
    }
    fprintf(out, "%5u | ", line);
    if (from > 0)
        fputs("…", out);
    diag_put_clean(out, text + from, to - from);
    fputs(to < len ? "…\n" : "\n", out);
    fputs("      | ", out);
    if (from > 0)
        fputs(" ", out);
    /* Keep the tabs of the line so that the caret lands under the span; the rest
    ** is padded in terminal columns, not code points: an emoji or an ideograph takes
    ** two, a combining accent none (the column number of the head stays in code
    ** points, as docs/langage.md defines it). */
    for (size_t i = from; i < start_byte;) {
        int32_t cp;
        size_t k = utf8_decode(text + i, len - i, &cp);
        if (cp == '\t')
            fputc('\t', out);
        else
            for (int c = utf8_columns(cp); c > 0; c--)
                fputc(' ', out);
        i += k ? k : 1;
    }
    size_t width = 1;
    if (end_line == line && end_col > col) {
        size_t end_byte = span.end > line_at ? span.end - line_at : 0;
        size_t stop = end_byte < to ? end_byte : to;
        width = utf8_width(text + start_byte, stop > start_byte ? stop - start_byte : 0);
    } else if (end_line != line)
        width = utf8_width(text + start_byte, to > start_byte ? to - start_byte : 0);
    if (width == 0)
        width = 1;
    if (width > DIAG_SHOWN_LINE_BYTES)
        width = DIAG_SHOWN_LINE_BYTES;
    fputc('^', out);
    for (size_t i = 1; i < width; i++)
        fputc('~', out);
    fputc('\n', out);
}

static void diag_print_head(FILE *out, Source *src, Span span, const char *file, long file_line,
                            const char *severity, const char *code, const char *msg, bool excerpt)
{
    if (src) {
        uint32_t line, col;
        source_position(src, span.start, &line, &col);
        diag_put_clean(out, src->name, strlen(src->name));
        fprintf(out, ":%u:%u: ", line, col);
    } else if (file) {
        diag_put_clean(out, file, strlen(file));
        if (file_line > 0)
            fprintf(out, ":%ld", file_line);
        fputs(": ", out);
    } else {
        fputs("charte: ", out);
    }
    if (code)
        fprintf(out, "%s[%s]: ", severity, code);
    else
        fprintf(out, "%s: ", severity);
    diag_put_clean(out, msg, strlen(msg));
    fputc('\n', out);
    if (src && excerpt)
        diag_print_excerpt(out, src, span);
}

void diag_print_run_error(FILE *out, SayLang lang, const char *code, Say msg)
{
    const char *text = say_in(msg, lang);
    diag_print_head(out, NULL, (Span){ 0 }, NULL, 0, diag_severity_name(DIAG_ERROR, lang), code, text ? text : "",
                    true);
}

void diag_print_text(const DiagList *dl, SayLang lang, FILE *out)
{
    unsigned shown = 0;
    for (unsigned i = 0; i < dl->len; i++) {
        const Diag *d = dl->items[i];
        if (shown == DIAG_MAX_PRINTED) {
            fprintf(out, lang == SAY_EN ? "charte: %s more diagnostics not shown\n"
                                              : "charte: %s autres diagnostics non affichés\n",
                    num_count_to_reader((long)(dl->len - i), lang == SAY_EN));
            break;
        }
        shown++;
        diag_print_head(out, d->src, d->span, d->file, d->line, diag_severity_name(diag_told_severity(d), lang),
                        d->code, say_in(d->msg, lang), true);
        for (const DiagNote *n = d->notes; n; n = n->next)
            diag_print_head(out, n->src, n->span, NULL, 0, "note", NULL, say_in(n->msg, lang), true);
        if (d->accepted)
            diag_print_head(out, d->accepted->src, d->accepted->span, NULL, 0, "note", NULL,
                            say_in(d->accepted->said, lang), false);
    }
}

/* jansson refuses invalid UTF-8: make any text safe first. */
json_t *diag_json_text(const char *s)
{
    size_t n = strlen(s);
    if (utf8_invalid_at(s, n) == n)
        return json_stringn(s, n);
    char *clean = rt_alloc_atomic(n * 3 + 1);
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            memcpy(clean + j, "\xEF\xBF\xBD", 3);
            j += 3;
            i++;
        } else {
            memcpy(clean + j, s + i, k);
            j += k;
            i += k;
        }
    }
    return json_stringn(clean, j);
}

static void diag_json_location(json_t *obj, Source *src, Span span)
{
    if (!src)
        return;
    uint32_t line, col, end_line, end_col;
    source_position(src, span.start, &line, &col);
    source_position(src, span.end, &end_line, &end_col);
    json_object_set_new(obj, "file", diag_json_text(src->name));
    json_object_set_new(obj, "line", json_integer(line));
    json_object_set_new(obj, "column", json_integer(col));
    json_object_set_new(obj, "end_line", json_integer(end_line));
    json_object_set_new(obj, "end_column", json_integer(end_col));
}

json_t *diag_json(const DiagList *dl, SayLang lang)
{
    json_t *root = json_object(), *arr = json_array();
    unsigned shown = dl->len < DIAG_MAX_JSON ? dl->len : DIAG_MAX_JSON;
    for (unsigned i = 0; i < shown; i++) {
        const Diag *d = dl->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(d->code ? d->code : ""));
        json_object_set_new(o, "severity", json_string(diag_severity_name(d->severity, lang)));
        diag_json_location(o, d->src, d->span);
        if (!d->src && d->file) {
            json_object_set_new(o, "file", diag_json_text(d->file));
            if (d->line > 0)
                json_object_set_new(o, "line", json_integer(d->line));
        }
        json_object_set_new(o, "message", diag_json_text(say_in(d->msg, lang)));
        json_t *notes = json_array();
        for (const DiagNote *n = d->notes; n; n = n->next) {
            json_t *no = json_object();
            diag_json_location(no, n->src, n->span);
            json_object_set_new(no, "message", diag_json_text(say_in(n->msg, lang)));
            json_array_append_new(notes, no);
        }
        json_object_set_new(o, "notes", notes);
        if (d->accepted) {
            json_t *acc = json_object();
            diag_json_location(acc, d->accepted->src, d->accepted->span);
            json_object_set_new(acc, "reason", diag_json_text(d->accepted->reason));
            json_object_set_new(acc, "message", diag_json_text(say_in(d->accepted->said, lang)));
            json_object_set_new(o, "accepted", acc);
        }
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "diagnostics", arr);
    json_object_set_new(root, "errors", json_integer(dl->errors));
    /* "warnings" counts the diagnostics of severity warning, as it always has; "accepted"
    ** says how many of them the charter accepts. */
    json_object_set_new(root, "warnings", json_integer(dl->warnings + dl->accepted));
    json_object_set_new(root, "accepted", json_integer(dl->accepted));
    json_object_set_new(root, "omitted", json_integer(dl->len - shown));
    return root;
}

void diag_print_json(const DiagList *dl, SayLang lang, FILE *out)
{
    json_t *root = diag_json(dl, lang);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}
