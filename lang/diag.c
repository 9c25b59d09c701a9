/* lang/diag.c: collecting diagnostics, sorting them, and printing them with the source line and a caret. */
#include "diag.h"

#include "gc.h"
#include "utf8.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

DiagList *diag_list_new(void)
{
    return RT_NEW(DiagList);
}

__attribute__((format(printf, 1, 0)))
static char *diag_vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return rt_strdup(fmt);
    char *s = rt_alloc_atomic((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

Diag *diag_add_text(DiagList *dl, DiagSeverity sev, const char *code, Source *src, Span span,
                    const char *msg_fr, const char *msg_en)
{
    Diag *d = RT_NEW(Diag);
    d->code = code;
    d->severity = sev;
    d->src = src;
    d->span = span;
    d->msg_fr = msg_fr;
    d->msg_en = msg_en ? msg_en : msg_fr;
    d->seq = dl->len;
    RT_GROW(dl->items, dl->len);
    dl->items[dl->len++] = d;
    if (sev == DIAG_ERROR)
        dl->errors++;
    else if (sev == DIAG_WARNING)
        dl->warnings++;
    return d;
}

/* The French and English formats take the same arguments, so the argument
** list is walked twice. */
Diag *diag_add(DiagList *dl, DiagSeverity sev, const char *code, Source *src, Span span,
               const char *fr, const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    char *msg_fr = diag_vformat(fr, ap);
    va_end(ap);
    va_start(ap, en);
    char *msg_en = diag_vformat(en ? en : fr, ap);
    va_end(ap);
    return diag_add_text(dl, sev, code, src, span, msg_fr, msg_en);
}

void diag_note_text(Diag *d, Source *src, Span span, const char *msg_fr, const char *msg_en)
{
    DiagNote *n = RT_NEW(DiagNote);
    n->msg_fr = msg_fr;
    n->msg_en = msg_en ? msg_en : msg_fr;
    n->src = src;
    n->span = span;
    DiagNote **tail = &d->notes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = n;
}

void diag_note(Diag *d, Source *src, Span span, const char *fr, const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    char *msg_fr = diag_vformat(fr, ap);
    va_end(ap);
    va_start(ap, en);
    char *msg_en = diag_vformat(en ? en : fr, ap);
    va_end(ap);
    diag_note_text(d, src, span, msg_fr, msg_en);
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

void diag_promote_warnings(DiagList *dl)
{
    for (unsigned i = 0; i < dl->len; i++)
        if (dl->items[i]->severity == DIAG_WARNING) {
            dl->items[i]->severity = DIAG_ERROR;
            dl->warnings--;
            dl->errors++;
        }
}

const char *diag_severity_name(DiagSeverity sev, DiagLang lang)
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

static const char *diag_msg(const char *fr, const char *en, DiagLang lang)
{
    return lang == DIAG_LANG_EN && en ? en : fr;
}

/* Writes s[0..n) replacing invalid UTF-8 and control characters other than
** tab, so that a hostile source cannot garble the terminal. */
static void diag_put_clean(FILE *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            fputs("\xEF\xBF\xBD", out);
            i++;
        } else if ((cp < 0x20 && cp != '\t') || cp == 0x7F) {
            fputc('?', out);
            i += k;
        } else {
            fwrite(s + i, 1, k, out);
            i += k;
        }
    }
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
    size_t start_byte = span.start - (uint32_t)(text - src->text);
    if (start_byte > len)
        start_byte = len;
    if (len > DIAG_SHOWN_LINE_BYTES) {
        from = start_byte > DIAG_SHOWN_LINE_BYTES / 2 ? start_byte - DIAG_SHOWN_LINE_BYTES / 2 : 0;
        while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
            from--;
        to = from + DIAG_SHOWN_LINE_BYTES < len ? from + DIAG_SHOWN_LINE_BYTES : len;
        while (to < len && ((unsigned char)text[to] & 0xC0) == 0x80)
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
    /* Keep the tabs of the line so that the caret lands under the span. */
    for (size_t i = from; i < start_byte;) {
        int32_t cp;
        size_t k = utf8_decode(text + i, len - i, &cp);
        fputc(cp == '\t' ? '\t' : ' ', out);
        i += k ? k : 1;
    }
    size_t width = 1;
    if (end_line == line && end_col > col)
        width = end_col - col;
    else if (end_line != line)
        width = utf8_count(text + start_byte, to > start_byte ? to - start_byte : 0);
    if (width == 0)
        width = 1;
    if (width > DIAG_SHOWN_LINE_BYTES)
        width = DIAG_SHOWN_LINE_BYTES;
    fputc('^', out);
    for (size_t i = 1; i < width; i++)
        fputc('~', out);
    fputc('\n', out);
}

static void diag_print_head(FILE *out, Source *src, Span span, const char *severity,
                            const char *code, const char *msg)
{
    if (src) {
        uint32_t line, col;
        source_position(src, span.start, &line, &col);
        diag_put_clean(out, src->name, strlen(src->name));
        fprintf(out, ":%u:%u: ", line, col);
    } else {
        fputs("charte: ", out);
    }
    if (code)
        fprintf(out, "%s[%s]: ", severity, code);
    else
        fprintf(out, "%s: ", severity);
    diag_put_clean(out, msg, strlen(msg));
    fputc('\n', out);
    if (src)
        diag_print_excerpt(out, src, span);
}

void diag_print_text(const DiagList *dl, DiagLang lang, FILE *out)
{
    unsigned shown = 0;
    for (unsigned i = 0; i < dl->len; i++) {
        const Diag *d = dl->items[i];
        if (shown == DIAG_MAX_PRINTED) {
            fprintf(out, lang == DIAG_LANG_EN ? "charte: %u more diagnostics not shown\n"
                                              : "charte: %u autres diagnostics non affichés\n",
                    dl->len - i);
            break;
        }
        shown++;
        diag_print_head(out, d->src, d->span, diag_severity_name(d->severity, lang), d->code,
                        diag_msg(d->msg_fr, d->msg_en, lang));
        for (const DiagNote *n = d->notes; n; n = n->next)
            diag_print_head(out, n->src, n->span, "note", NULL, diag_msg(n->msg_fr, n->msg_en, lang));
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

json_t *diag_json(const DiagList *dl, DiagLang lang)
{
    json_t *root = json_object(), *arr = json_array();
    unsigned shown = dl->len < DIAG_MAX_JSON ? dl->len : DIAG_MAX_JSON;
    for (unsigned i = 0; i < shown; i++) {
        const Diag *d = dl->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(d->code ? d->code : ""));
        json_object_set_new(o, "severity", json_string(diag_severity_name(d->severity, lang)));
        diag_json_location(o, d->src, d->span);
        json_object_set_new(o, "message", diag_json_text(diag_msg(d->msg_fr, d->msg_en, lang)));
        json_t *notes = json_array();
        for (const DiagNote *n = d->notes; n; n = n->next) {
            json_t *no = json_object();
            diag_json_location(no, n->src, n->span);
            json_object_set_new(no, "message", diag_json_text(diag_msg(n->msg_fr, n->msg_en, lang)));
            json_array_append_new(notes, no);
        }
        json_object_set_new(o, "notes", notes);
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "diagnostics", arr);
    json_object_set_new(root, "errors", json_integer(dl->errors));
    json_object_set_new(root, "warnings", json_integer(dl->warnings));
    json_object_set_new(root, "omitted", json_integer(dl->len - shown));
    return root;
}

void diag_print_json(const DiagList *dl, DiagLang lang, FILE *out)
{
    json_t *root = diag_json(dl, lang);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}
