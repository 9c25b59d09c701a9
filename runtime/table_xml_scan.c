/* runtime/table_xml_scan.c: an XLSX sheet's XML (and its shared-strings table) read without expat: a streaming tokenizer of the XML a sheet is, with no DTD and no entity but XML's five and character references. */
#include "table_impl.h"
#include "table_xml_scan_impl.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "utf8.h"

/*
** Why not expat for the sheet: a sheet is hundreds of megabytes of six tiny
** elements a row (`<row r="2"><c r="A2" t="s"><v>79</v></c>…`), and expat's
** general machinery (namespace names built for every element, attribute
** arrays, a call per token, a suspension per row) cost ten times the whole
** CSV path. This tokenizer does what a sheet needs and no more, in one pass
** over the inflated bytes (memchr for '<', the element names compared by
** length), and keeps every defence of the expat path:
**   - no DTD: `<!DOCTYPE` stops the read with C0834, so no entity can be
**     declared; the only references are &lt; &gt; &amp; &apos; &quot; and
**     character references to characters XML allows; any other is malformed;
**   - well-formedness where it matters: every tag closed by its own name,
**     quotes closed, characters valid UTF-8 and allowed by XML (no control
**     character, no NUL: cells stay NUL-terminated text), nothing but
**     markup and spaces outside the root element;
**   - bounded memory: a token (tag, comment, CDATA section) must fit in
**     TABLE_SCAN_MAX_TOKEN bytes, the nesting in TABLE_SCAN_MAX_DEPTH
**     levels; text streams through, so a cell's length is bounded only by the
**     field limit that table_sheet_cell_text enforces, as before;
**   - the inflated bytes are counted by table_zip_read (the zip-bomb limits).
** It is more lenient than expat on what a sheet reader never looks at: the
** XML declaration's content, duplicate attributes, undeclared prefixes (a
** prefixed name is read by its local part, as the expat path did).
** Errors are told as expat told them: C0832 with the part, line, column and
** expat's own wording of the fault.
*/

#define TABLE_SCAN_READ        (256 * 1024)
/* A part's first read: the header row is in its first KiB, and the four
** sheets' readers are opened one after the other on one thread before any is
** read, each inflating its first 256 KiB there (6 M instructions on the bench
** workbook); the rest is inflated by the thread that reads the sheet. (The
** buffer keeps its size: grown from 16 KiB over the next fills, its new
** blocks brought the collector's work onto the participants' thread.) */
#define TABLE_SCAN_FIRST       (16 * 1024)
#define TABLE_SCAN_MAX_ENTITY  32

/* SCAN_EVENT: a tag whose handlers ran (and may have stopped the read);
** SCAN_QUIET: a data row's cell, whose handlers cannot stop it (a bad value
** rejects the row, no more); SCAN_NONE: nothing read, not tried (the
** pump's first step, scan_expected_row). */
typedef enum { SCAN_OK, SCAN_QUIET, SCAN_EVENT, SCAN_MORE, SCAN_BAD, SCAN_NONE } ScanStatus;

/* The attributes a sheet element can use (values decoded, truncated: a longer
** value is no reference, type or style anyway). */
typedef struct ScanAttrs {
    char r[32], t[16], s[24];
    bool has_r, has_t, has_s;
} ScanAttrs;

/* ---- errors and positions ---------------------------------------------------------------- */

/* Line and column (both 1-based) of buf[at], counting from the part's start. */
static void scan_position(const TableScan *sc, size_t at, unsigned long *line, unsigned long *col)
{
    unsigned long l = (unsigned long)sc->line;
    unsigned long long line_start = sc->line_start;
    const char *p = sc->buf, *end = sc->buf + at;
    const char *nl;
    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        l++;
        line_start = sc->offset + (unsigned long long)(nl - sc->buf) + 1;
        p = nl + 1;
    }
    *line = l;
    *col = (unsigned long)(sc->offset + at - line_start) + 1;
}

static ScanStatus scan_fail_at(TableReader *r, TableSheet *s, size_t at, const char *what)
{
    unsigned long line, col;
    scan_position(&s->scan, at, &line, &col);
    const char *entry = s->xml.entry;
    table_fatal(r, "C0832", 0,
                SAYF(("classeur endommagé : XML invalide dans %s (ligne %lu, colonne %lu) : %s", entry, line, col, what),
                     ("damaged workbook: invalid XML in %s (line %lu, column %lu): %s", entry, line, col, what)));
    return SCAN_BAD;
}

static ScanStatus scan_fail(TableReader *r, TableSheet *s, const char *what)
{
    return scan_fail_at(r, s, s->scan.pos, what);
}

/* ---- the buffer ------------------------------------------------------------------------------ */

/* The line count and offsets moved past the bytes before pos (read). */
static void scan_pass(TableScan *sc)
{
    const char *p = sc->buf, *end = sc->buf + sc->pos, *nl;
    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        sc->line++;
        sc->line_start = sc->offset + (unsigned long long)(nl - sc->buf) + 1;
        p = nl + 1;
    }
    sc->offset += sc->pos;
}

/* Drops the bytes before pos, keeping the line count and offsets right. */
void table_xml_scan_compact(TableScan *sc)
{
    scan_row_disarm(sc);
    scan_pass(sc);
    memmove(sc->buf, sc->buf + sc->pos, sc->len - sc->pos);
    sc->len -= sc->pos;
    sc->pos = 0;
}

/* A part's slice read where it lies (table_xlsx_split.c) when nothing is
** pending, as nearly every slice starts: copying it into the scanner's
** buffer was a memcpy of every byte of the sheet, on the reading threads.
** false when the slice is read. */
static void scan_read_in_place(TableScan *sc, const char *bytes, size_t n)
{
    if (!sc->lent) {
        sc->own = sc->buf;
        sc->own_cap = sc->cap;
        sc->lent = true;
    }
    sc->buf = (char *)bytes;   /* read only: a slice may be read again (eval_threads.c) */
    sc->len = sc->cap = n;
    sc->pos = 0;
}

static bool scan_borrow(TableReader *r, TableScan *sc)
{
    size_t n;
    const char *bytes = table_xlsx_part_lend(r, &n);
    if (!bytes)
        return false;
    scan_read_in_place(sc, bytes, n);
    return true;
}

/*
** The read-ahead thread's buffer read where it lies (table_zip_lend) when
** nothing is pending, as a part reads its slice: copying it was a memcpy of
** every byte of the sheet on the thread that reads it (the participants'
** 7.8 MB of medium.xlsx, 7.8 M instructions of the 97 M of their load, on
** the thread the main one waits for). A buffer lent ends anywhere, in a row
** nearly always: the pending bytes are then copied with the next buffer's
** bytes up to its first `</row>` only (SCAN_CUT_ROW), so that the tokenizer
** reads them to their end and the rest is lent again. A `</row>` that ends
** no row (in a comment, a value) leaves bytes pending, copied with the next
** piece: up to SCAN_CUT_ROW pending bytes, after which the copy is whole, so
** that a sheet made of them is read by pieces of that size at least.
*/
#define SCAN_CUT_ROW 4096

static bool scan_lend_ahead(TableReader *r, TableSheet *s, bool *lent)
{
    const char *bytes;
    size_t n;
    *lent = false;
    if (!table_zip_lend(r, s, &bytes, &n))
        return false;
    if (bytes) {
        scan_read_in_place(&s->scan, bytes, n);
        *lent = true;
    }
    return true;
}

/* Back to the scanner's own buffer, with the bytes the slice left pending
** (a token or a reference that it cuts: the next slice's bytes follow). */
static void scan_give_back(TableScan *sc)
{
    if (!sc->lent)
        return;
    if (sc->pos == sc->len && sc->lines_later) {
        sc->offset += sc->pos;
        sc->lines_unknown = true;
    } else {
        scan_pass(sc);
    }
    size_t n = sc->len - sc->pos;
    if (n > sc->own_cap) {
        size_t cap = sc->own_cap;
        while (cap < n)
            cap *= 2;
        sc->own = rt_alloc_atomic(cap + 1);
        sc->own_cap = cap;
    }
    memcpy(sc->own, sc->buf + sc->pos, n);
    sc->own[n] = '\0';
    sc->buf = sc->own;
    sc->cap = sc->own_cap;
    sc->len = n;
    sc->pos = 0;
    sc->lent = false;
}

/* More bytes after the pending ones; false after a fatal error (a token past
** the limit, a damaged zip, a bomb), or, for a part (one thread's reader of
** slices, table_xlsx_split.c), when its slice is read and the part's end is
** in another. At the end of the part, input_done. */
static bool scan_fill_upto(TableReader *r, TableSheet *s, size_t most)
{
    TableScan *sc = &s->scan;
    scan_give_back(sc);
    table_xml_scan_compact(sc);
    if (r->part && sc->len == 0 && scan_borrow(r, sc))
        return true;
    if (!r->part && sc->len == 0 && s->xml.ahead && most == SIZE_MAX) {
        bool lent;
        if (!scan_lend_ahead(r, s, &lent))
            return false;
        if (lent)
            return true;
    }
    if (sc->cap - sc->len < TABLE_SCAN_READ / 2) {
        if (sc->cap >= TABLE_SCAN_MAX_TOKEN) {
            scan_fail(r, s, "token too long");
            return false;
        }
        size_t cap = sc->cap * 2;
        char *buf = rt_alloc_atomic(cap + 1);
        memcpy(buf, sc->buf, sc->len);
        sc->buf = buf;
        sc->cap = cap;
    }
    size_t got, room = sc->cap - sc->len < most ? sc->cap - sc->len : most;
    if (r->part)
        got = table_xlsx_part_take(r, sc->buf + sc->len, room);
    else if (!table_zip_read_to(r, s, sc->buf + sc->len, room, sc->len <= SCAN_CUT_ROW ? "</row>" : NULL, &got))
        return false;
    sc->len += got;
    sc->buf[sc->len] = '\0';
    if (got == 0 && r->part && !r->part_last) {
        r->part_wants = true;   /* a slice read: the rest, if any, is the next one's */
        return false;
    }
    if (got == 0)
        sc->input_done = true;
    return true;
}

static bool scan_fill(TableReader *r, TableSheet *s)
{
    return scan_fill_upto(r, s, SIZE_MAX);
}

void table_xml_scan_empty(TableScan *sc)
{
    scan_row_disarm(sc);
    if (sc->lent) {
        sc->buf = sc->own;   /* the slice it was lent may be gone: not read */
        sc->cap = sc->own_cap;
        sc->lent = false;
    }
    sc->pos = sc->len = 0;
    sc->buf[0] = '\0';
}

/* ---- characters and references --------------------------------------------------------------- */

static bool scan_xml_char(int32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* What a byte is to the tokenizer's loops (TableScan.cls): most bytes of a
** sheet are in a class whose loop only steps over them. */
enum {
    SCAN_TEXT = 1,        /* stands for itself in text: ASCII, printable or TAB/LF, not '<', '&' */
    SCAN_VALUE = 2,       /* the same in an attribute value, CR too, not a quote */
    SCAN_NAME = 4,        /* may continue a name */
    SCAN_NAME_START = 8,  /* may start a name */
    SCAN_SPACE = 16,
    SCAN_NUMBER = 32,     /* may be in a number's text: digits, . + - E e */
};

static void scan_classes(unsigned char cls[256])
{
    for (int c = 0; c < 256; c++) {
        bool printable = c >= 0x20 && c < 0x7F;
        bool name_start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        cls[c] = (unsigned char)(((printable || c == '\t' || c == '\n') && c != '<' && c != '&' ? SCAN_TEXT : 0)
                                 | ((printable || c == '\t' || c == '\n' || c == '\r') && c != '<' && c != '&' && c != '"'
                                            && c != '\''
                                        ? SCAN_VALUE
                                        : 0)
                                 | (name_start || (c >= '0' && c <= '9') || c == '-' || c == '.' ? SCAN_NAME : 0)
                                 | (name_start ? SCAN_NAME_START : 0) | (space ? SCAN_SPACE : 0)
                                 | ((c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == 'E' || c == 'e'
                                        ? SCAN_NUMBER
                                        : 0));
    }
}

/* (table_impl.h) */
size_t table_xml_scan_utf8(const TableScan *sc, const char *p, const char *end, bool *more)
{
    unsigned char c = (unsigned char)*p;
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    *more = (size_t)(end - p) < need && !sc->input_done;
    if (*more)
        return 0;
    int32_t cp;
    size_t k = utf8_decode(p, (size_t)(end - p), &cp);
    return k && scan_xml_char(cp) ? k : 0;
}

/* Offset of the first byte of p[0..n) that is not a character XML allows
** (markup characters are the caller's), or n. */
static size_t scan_bad_char(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if ((c >= 0x20 && c < 0x80) || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        if (c < 0x80)
            return i;
        int32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (k == 0 || !scan_xml_char(cp))
            return i;
        i += k;
    }
    return n;
}

/* The reference at p[0] == '&' (at most n bytes): its UTF-8 in out, its length
** in *used; NULL, with expat's wording, when it is not one XML defines. */
static const char *scan_reference(const char *p, size_t n, char out[4], size_t *outlen, size_t *used)
{
    size_t lim = n < TABLE_SCAN_MAX_ENTITY ? n : TABLE_SCAN_MAX_ENTITY;
    const char *semi = memchr(p + 1, ';', lim > 1 ? lim - 1 : 0);
    if (!semi)
        return "not well-formed (invalid token)";
    const char *name = p + 1;
    size_t len = (size_t)(semi - name);
    *used = len + 2;
    *outlen = 1;
    if (len == 2 && memcmp(name, "lt", 2) == 0)
        out[0] = '<';
    else if (len == 2 && memcmp(name, "gt", 2) == 0)
        out[0] = '>';
    else if (len == 3 && memcmp(name, "amp", 3) == 0)
        out[0] = '&';
    else if (len == 4 && memcmp(name, "apos", 4) == 0)
        out[0] = '\'';
    else if (len == 4 && memcmp(name, "quot", 4) == 0)
        out[0] = '"';
    else if (len >= 2 && name[0] == '#') {
        bool hex = name[1] == 'x';
        size_t i = hex ? 2 : 1;
        if (i == len)
            return "not well-formed (invalid token)";
        long cp = 0;
        for (; i < len; i++) {
            char c = name[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                  : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                return "not well-formed (invalid token)";
            cp = cp * (hex ? 16 : 10) + d;
            if (cp > 0x10FFFF)
                return "reference to invalid character number";
        }
        if (!scan_xml_char((int32_t)cp))
            return "reference to invalid character number";
        *outlen = utf8_encode((int32_t)cp, out);
    } else {
        return "undefined entity";
    }
    return NULL;
}

/* Text to the cell being read when it collects (in_text, outside phonetic
** readings), checked either way. XML reads a CR LF pair, or a CR alone, as LF. */
static void scan_collect(TableSheet *s, const char *p, size_t n)
{
    if (!s->in_text || s->depth_skip)
        return;
    TableScan *sc = &s->scan;
    if (n && sc->after_cr && *p == '\n') {
        p++;
        n--;
    }
    sc->after_cr = false;
    const char *cr;
    while (n && (cr = memchr(p, '\r', n))) {
        size_t k = (size_t)(cr - p);
        if (k)
            table_sheet_cell_text(s, p, k);
        table_sheet_cell_text(s, "\n", 1);
        p = cr + 1;
        n -= k + 1;
        if (n == 0) {
            sc->after_cr = true;   /* its LF may start the next piece */
            return;
        }
        if (*p == '\n') {
            p++;
            n--;
        }
    }
    if (n)
        table_sheet_cell_text(s, p, n);
}

/* Text before the root element or after it: spaces only. */
static ScanStatus scan_outside_root(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    size_t i = sc->pos;
    while (i < sc->len && sc->buf[i] != '<') {
        if (!(sc->cls[(unsigned char)sc->buf[i]] & SCAN_SPACE))
            return scan_fail_at(r, s, i, sc->root_closed ? "junk after document element" : "syntax error");
        i++;
    }
    bool moved = i > sc->pos;
    sc->pos = i;
    return moved ? SCAN_OK : SCAN_MORE;
}

/* Character data from pos to the next '<' (or as far as the buffer goes),
** in one pass: each byte checked, references resolved, CR LF read as LF, and
** given to the cell when it collects. Stops short of a reference or a UTF-8
** sequence that the buffer cuts, to take it whole after the next fill. */
static ScanStatus scan_text(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    if (sc->depth == 0)
        return scan_outside_root(r, s);
    const unsigned char *cls = sc->cls;
    const char *start = sc->buf + sc->pos, *p = start, *end = sc->buf + sc->len;
    bool collect = s->in_text && !s->depth_skip;
    if (sc->after_cr && p < end && *p == '\n')
        p++;
    sc->after_cr = false;
    const char *run = p;
    for (;;) {
        while (p < end && (cls[(unsigned char)*p] & SCAN_TEXT))
            p++;
        if (p == end || *p == '<')
            break;
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            bool more;
            size_t k = table_xml_scan_utf8(sc, p, end, &more);
            if (more)
                break;
            if (!k)
                return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
            p += k;
            continue;
        }
        if (collect && p > run)
            table_sheet_cell_text(s, run, (size_t)(p - run));
        if (c == '&') {
            char out[4];
            size_t outlen, used;
            const char *why = scan_reference(p, (size_t)(end - p), out, &outlen, &used);
            if (why && !sc->input_done && end - p < TABLE_SCAN_MAX_ENTITY && !memchr(p, ';', (size_t)(end - p))) {
                run = p;
                break;   /* cut by the buffer: whole after the next fill */
            }
            if (why)
                return scan_fail_at(r, s, (size_t)(p - sc->buf), why);
            if (collect)
                table_sheet_cell_text(s, out, outlen);
            p += used;
        } else if (c == '\r') {
            if (collect)
                table_sheet_cell_text(s, "\n", 1);
            p++;
            if (p < end && *p == '\n')
                p++;
            else if (p == end)
                sc->after_cr = true;   /* its LF, if any, starts the next piece */
        } else {
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        }
        run = p;
    }
    if (collect && p > run)
        table_sheet_cell_text(s, run, (size_t)(p - run));
    sc->pos = (size_t)(p - sc->buf);
    return p > start ? SCAN_OK : SCAN_MORE;
}

/* ---- markup ------------------------------------------------------------------------------------ */

/* The name at p (end of the buffer at end): its length, 0 when p starts no
** name; *more when the buffer ends inside it. */
static size_t scan_name(const TableScan *sc, const char *p, const char *end, bool *more)
{
    const char *q = p;
    *more = false;
    if (q < end && !(sc->cls[(unsigned char)*q] & SCAN_NAME_START))
        return 0;
    while (q < end && (sc->cls[(unsigned char)*q] & SCAN_NAME))
        q++;
    if (q == end)
        *more = true;
    return (size_t)(q - p);
}

/* The element name of a tag, at p: its length in *n. */
static ScanStatus scan_tag_name(TableReader *r, TableSheet *s, const char *p, const char *end, size_t *n)
{
    bool more;
    *n = scan_name(&s->scan, p, end, &more);
    if (more)
        return SCAN_MORE;
    if (*n == 0)
        return scan_fail_at(r, s, (size_t)(p - s->scan.buf), "not well-formed (invalid token)");
    return SCAN_OK;
}

/* The local part of a name (after its prefix). */
static const char *scan_local(const char *name, size_t n, size_t *local_len)
{
    /* names are a few bytes: a loop beats a call to memchr */
    size_t i = n;
    while (i > 0 && name[i - 1] != ':')
        i--;
    *local_len = n - i;
    return name + i;
}

/* An attribute's value decoded into out (cap bytes, NUL-terminated, cut short). */
static void scan_keep_value(const char *v, size_t n, bool has_ref, char *out, size_t cap)
{
    if (!has_ref) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(out, v, k);
        out[k] = '\0';
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap;) {
        if (v[i] == '&') {
            char ch[4];
            size_t len, used;
            if (scan_reference(v + i, n - i, ch, &len, &used))
                break;
            for (size_t k = 0; k < len && o + 1 < cap; k++)
                out[o++] = ch[k];
            i += used;
        } else {
            out[o++] = v[i++];
        }
    }
    out[o] = '\0';
}

static void scan_attr(ScanAttrs *a, const char *name, size_t nlen, const char *v, size_t vlen, bool has_ref)
{
    if (nlen >= 5 && memcmp(name, "xmlns", 5) == 0 && (nlen == 5 || name[5] == ':'))
        return;   /* a namespace declaration, not an attribute */
    size_t ln;
    const char *local = scan_local(name, nlen, &ln);
    if (ln != 1)
        return;
    if (*local == 'r' && !a->has_r) {
        a->has_r = true;
        scan_keep_value(v, vlen, has_ref, a->r, sizeof a->r);
    } else if (*local == 't' && !a->has_t) {
        a->has_t = true;
        scan_keep_value(v, vlen, has_ref, a->t, sizeof a->t);
    } else if (*local == 's' && !a->has_s) {
        a->has_s = true;
        scan_keep_value(v, vlen, has_ref, a->s, sizeof a->s);
    }
}

/* The attribute value opened by the quote at q: its closing quote in *close
** (SCAN_MORE when the buffer ends first), every character checked, *has_ref
** when it holds a reference. */
static ScanStatus scan_value(TableReader *r, TableSheet *s, const char *q, const char *end, const char **close,
                             bool *has_ref)
{
    TableScan *sc = &s->scan;
    const unsigned char *cls = sc->cls;
    char quote = *q;
    const char *p = q + 1;
    *has_ref = false;
    for (;;) {
        while (p < end && (cls[(unsigned char)*p] & SCAN_VALUE))
            p++;
        if (p == end)
            return SCAN_MORE;
        unsigned char c = (unsigned char)*p;
        if (c == (unsigned char)quote) {
            *close = p;
            return SCAN_OK;
        }
        if (c == '"' || c == '\'') {
            p++;
        } else if (c >= 0x80) {
            bool more;
            size_t k = table_xml_scan_utf8(sc, p, end, &more);
            if (more)
                return SCAN_MORE;
            if (!k)
                return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
            p += k;
        } else if (c == '&') {
            char out[4];
            size_t outlen, used;
            const char *why = scan_reference(p, (size_t)(end - p), out, &outlen, &used);
            if (why && !sc->input_done && !memchr(p, ';', (size_t)(end - p)))
                return SCAN_MORE;
            if (why)
                return scan_fail_at(r, s, (size_t)(p - sc->buf), why);
            *has_ref = true;
            p += used;
        } else {
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        }
    }
}

/* (inlined: a row's push, a name of constant length, is then a few stores, not
** a call and a call to memcpy, for every row of a sheet) */
static inline __attribute__((always_inline)) bool scan_push(TableScan *sc, const char *name, size_t n)
{
    if (sc->depth >= TABLE_SCAN_MAX_DEPTH || sc->names_len + n + 1 > TABLE_SCAN_MAX_NAMES)
        return false;
    sc->name_len[sc->depth] = n;
    sc->name_off[sc->depth++] = sc->names_len;
    memcpy(sc->names + sc->names_len, name, n);
    sc->names_len += n;
    sc->names[sc->names_len++] = '\0';
    return true;
}

static void scan_end_event(TableReader *r, const TableScan *sc, const char *local, size_t n)
{
    if (sc->shared_strings)
        table_xlsx_sst_end(r, local, n);
    else
        table_xlsx_sheet_end(r, local, n);
}

/* <name attr="v"…> or <name…/> at pos. */
static ScanStatus scan_start_tag(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *start = sc->buf + sc->pos, *end = sc->buf + sc->len, *p = start + 1;
    size_t nlen;
    ScanStatus st = scan_tag_name(r, s, p, end, &nlen);
    if (st != SCAN_OK)
        return st;
    bool more;
    const char *name = p;
    p += nlen;
    ScanAttrs attrs = { .has_r = false };
    bool empty = false;
    for (;;) {
        bool spaced = false;
        while (p < end && (sc->cls[(unsigned char)*p] & SCAN_SPACE)) {
            p++;
            spaced = true;
        }
        if (p >= end)
            return SCAN_MORE;
        if (*p == '>')
            break;
        if (*p == '/') {
            if (p + 1 >= end)
                return SCAN_MORE;
            if (p[1] != '>')
                return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
            empty = true;
            p++;
            break;
        }
        const char *aname = p;
        size_t alen = scan_name(sc, p, end, &more);
        if (more)
            return SCAN_MORE;
        if (alen == 0 || !spaced)
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        p += alen;
        while (p < end && (sc->cls[(unsigned char)*p] & SCAN_SPACE))
            p++;
        if (p >= end)
            return SCAN_MORE;
        if (*p != '=')
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        p++;
        while (p < end && (sc->cls[(unsigned char)*p] & SCAN_SPACE))
            p++;
        if (p >= end)
            return SCAN_MORE;
        if (*p != '"' && *p != '\'')
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        const char *close = NULL;
        bool has_ref;
        st = scan_value(r, s, p, end, &close, &has_ref);
        if (st != SCAN_OK)
            return st;
        const char *v = p + 1;
        scan_attr(&attrs, aname, alen, v, (size_t)(close - v), has_ref);
        p = close + 1;
    }
    if (sc->depth == 0 && sc->root_closed)
        return scan_fail_at(r, s, sc->pos, "junk after document element");
    sc->row_digits_mask = 0;   /* a row read here: its number is not in row_digits */
    sc->pos = (size_t)(p + 1 - sc->buf);
    s->scan.after_cr = false;
    if (!empty && !scan_push(sc, name, nlen))
        return scan_fail_at(r, s, (size_t)(start - sc->buf), "element nested too deep");
    size_t ln;
    const char *local = scan_local(name, nlen, &ln);
    if (sc->shared_strings)
        table_xlsx_sst_start(r, local, ln);
    else
        table_xlsx_sheet_start(r, local, ln, attrs.has_r ? attrs.r : NULL, attrs.has_t ? attrs.t : NULL,
                               attrs.has_s ? attrs.s : NULL);
    if (empty) {
        if (sc->depth == 0)
            sc->root_closed = true;
        scan_end_event(r, sc, local, ln);
    }
    return SCAN_EVENT;
}

/* </name> at pos: the name of the element it closes. */
static ScanStatus scan_end_tag(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *end = sc->buf + sc->len, *p = sc->buf + sc->pos + 2;
    size_t nlen;
    ScanStatus st = scan_tag_name(r, s, p, end, &nlen);
    if (st != SCAN_OK)
        return st;
    const char *name = p;
    p += nlen;
    while (p < end && (sc->cls[(unsigned char)*p] & SCAN_SPACE))
        p++;
    if (p >= end)
        return SCAN_MORE;
    if (*p != '>')
        return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
    if (sc->depth == 0)
        return scan_fail_at(r, s, sc->pos, "not well-formed (invalid token)");
    const char *open = sc->names + sc->name_off[sc->depth - 1];
    if (sc->name_len[sc->depth - 1] != nlen || memcmp(open, name, nlen) != 0)
        return scan_fail_at(r, s, sc->pos, "mismatched tag");
    sc->names_len = sc->name_off[--sc->depth];
    if (sc->depth == 0)
        sc->root_closed = true;
    sc->pos = (size_t)(p + 1 - sc->buf);
    s->scan.after_cr = false;
    size_t ln;
    const char *local = scan_local(name, nlen, &ln);
    scan_end_event(r, sc, local, ln);
    return SCAN_EVENT;
}

/* Skips to just past `close` (a comment, a processing instruction); what it
** skips must still be characters XML allows. */
static ScanStatus scan_skip_to(TableReader *r, TableSheet *s, size_t from, const char *close)
{
    TableScan *sc = &s->scan;
    size_t cl = strlen(close);
    const char *p = sc->buf + sc->pos + from, *end = sc->buf + sc->len;
    const char *hit = end - p >= (long)cl ? memmem(p, (size_t)(end - p), close, cl) : NULL;
    if (!hit)
        return SCAN_MORE;
    size_t bad = scan_bad_char(p, (size_t)(hit - p));
    if (bad < (size_t)(hit - p))
        return scan_fail_at(r, s, (size_t)(p - sc->buf) + bad, "not well-formed (invalid token)");
    sc->pos = (size_t)(hit + cl - sc->buf);
    return SCAN_OK;
}

static bool scan_starts(const char *p, const char *end, const char *lit, bool *more)
{
    size_t n = strlen(lit), have = (size_t)(end - p);
    *more = have < n && memcmp(p, lit, have) == 0;
    return have >= n && memcmp(p, lit, n) == 0;
}

/* <!-- comment -->, <![CDATA[ text ]]>, <!DOCTYPE (refused). */
static ScanStatus scan_markup(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len;
    bool more;
    if (scan_starts(p, end, "<!--", &more))
        return scan_skip_to(r, s, 4, "-->");
    if (more)
        return SCAN_MORE;
    if (scan_starts(p, end, "<![CDATA[", &more)) {
        if (sc->depth == 0)
            return scan_fail(r, s, "not well-formed (invalid token)");
        const char *body = p + 9;
        const char *hit = memmem(body, (size_t)(end - body), "]]>", 3);
        if (!hit)
            return SCAN_MORE;
        size_t n = (size_t)(hit - body);
        size_t bad = scan_bad_char(body, n);
        if (bad < n)
            return scan_fail_at(r, s, (size_t)(body - sc->buf) + bad, "not well-formed (invalid token)");
        scan_collect(s, body, n);
        sc->pos = (size_t)(hit + 3 - sc->buf);
        return SCAN_OK;
    }
    if (more)
        return SCAN_MORE;
    if (scan_starts(p, end, "<!DOCTYPE", &more)) {
        table_xml_refuse_doctype(r);
        return SCAN_BAD;
    }
    if (more)
        return SCAN_MORE;
    return scan_fail(r, s, "not well-formed (invalid token)");
}

/* ---- the common cell ----------------------------------------------------------------------------- */

/* Nearly every cell of a sheet is `<c r="B2" t="s"><v>79</v></c>` or
** `<c r="D2" s="1"><v>6.56</v></c>`: such a cell, whole in the buffer, is
** read here in one pass, without the general tag loop, the element stack or a
** copy of its value. It is exactly the XML the general path would accept and
** gives the same events' result (table_xlsx_cell); any other shape (another
** attribute, spaces, a prefix, a reference, an empty or long value, a cell
** cut by the buffer) answers SCAN_MORE and the general path reads it. */

/* The loops below need no bound: buf[len] is a NUL (scan_fill), which no
** loop steps over, and the bytes compared after a loop are checked to lie
** before len. */

/* `"…"` of plain digits at *pp: their value (at most 9 digits). */
static bool scan_fast_digits(const char **pp, const char *end, long *value)
{
    const char *p = *pp;
    if (*p != '"')
        return false;
    const char *d = ++p;
    long v = 0;
    while ((unsigned)(*p - '0') < 10 && p - d < 9)
        v = v * 10 + (*p++ - '0');
    if (p == d || p >= end || *p != '"')
        return false;
    *value = v;
    *pp = p + 1;
    return true;
}

/* `r="AB12"`: the column of the reference (letters A to Z, then digits). The
** digits are nearly always the row's own (sc->row_digits): one comparison of
** a word then stands for the loop over them. */
static bool scan_fast_ref(const TableScan *sc, const char **pp, const char *end, int *col)
{
    const char *p = *pp;
    if (end - p < 4 || p[1] != '=' || p[2] != '"')
        return false;
    p += 3;
    int c = 0;
    const char *letters = p;
    while ((unsigned)(*p - 'A') < 26 && p - letters < 3)
        c = c * 26 + (*p++ - 'A' + 1);
    const char *digits = p;
    if (end - p >= 8 && ((scan_word(p) ^ sc->row_digits) & sc->row_digits_mask) == 0 && sc->row_digits_mask &&
        p[sc->row_digits_len] == '"')
        p += sc->row_digits_len;
    while ((unsigned)(*p - '0') < 10)
        p++;
    if (digits == letters || p == digits || p >= end || *p != '"')
        return false;
    *col = c - 1;
    *pp = p + 1;
    return true;
}

/* (table_xml_scan_impl.h) */
__attribute__((noinline)) const char *table_xml_scan_plain_decimal_end(TableScan *sc, const char *v)
{
    return scan_plain_decimal_end_inline(sc, v);
}

/* The column's last shape (sc->shape) at *pp, right after the reference's
** closing quote (end - *pp >= 16 checked here): its type and style, and *pp
** moved to the value; false when the bytes differ or none is kept. The same
** bytes read by the attributes' loop would give the same. */
static inline bool scan_fast_shape(const TableScan *sc, int col, const char **pp, const char *end, char *type,
                                   long *style)
{
    const char *p = *pp;
    if (col >= TABLE_SCAN_MEMO || !sc->shape[col].len || end - p < 16 ||
        ((scan_word(p) ^ sc->shape[col].word[0]) & sc->shape[col].mask[0]) != 0 ||
        ((scan_word(p + 8) ^ sc->shape[col].word[1]) & sc->shape[col].mask[1]) != 0)
        return false;
    *type = sc->shape[col].type;
    *style = sc->shape[col].style;
    *pp = p + sc->shape[col].len;
    return true;
}

/* Keeps the bytes from attrs (after the reference's quote) to value (after
** `<v>`) as the column's shape, with what the loop read of them. */
static void scan_keep_shape(TableScan *sc, int col, const char *attrs, const char *value, const char *end, char type,
                            long style)
{
    size_t n = (size_t)(value - attrs);
    if (col >= TABLE_SCAN_MEMO || n > 16 || end - attrs < 16)
        return;
    uint64_t lo = n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
    uint64_t hi = n <= 8 ? 0 : n == 16 ? ~0ULL : (1ULL << (8 * (n - 8))) - 1;
    uint64_t w0 = scan_word(attrs) & lo, w1 = scan_word(attrs + 8) & hi;
    TableScanShape *alt = &sc->shape_alt[col];
    TableScanShape old = sc->shape[col];
    if (alt->len == n && alt->word[0] == w0 && alt->word[1] == w1) {
        /* the shape before the last, back: the same bytes say the same
        ** type and style, and its prefix is built already */
        sc->shape[col] = *alt;
        *alt = old;
        return;
    }
    if (old.len)
        *alt = old;
    TableScanShape *sh = &sc->shape[col];
    sh->mask[0] = lo;
    sh->mask[1] = hi;
    sh->word[0] = w0;
    sh->word[1] = w1;
    sh->type = type;
    sh->style = style;
    sh->len = n;
    sh->dlen = 0;
}

/* The column's whole cell up to its value (`<c r="B12" t="s"><v>`, the
** digits as zeros, which the row's own fill: scan_prefix_digits) for rows
** of dlen digits (1 to 8), built from its shape once per shape and digit
** count: the row's template then compares 32 bytes in two operations where
** it compared the reference's words, the quote, the digits and the shape's
** words apart.
** false when the column has no shape. */
bool table_xml_scan_prefix_build(TableScanShape *sh, int col, size_t dlen)
{
    size_t len = sh->len, plen = 8 + dlen + len;
    if (!len || dlen == 0 || plen > 32)
        return false;
    char want[32] = { 0 }, need[32] = { 0 }, shape[16];
    memcpy(want, "<c r=\"", 6);
    want[6] = (char)('A' + col);
    want[7 + dlen] = '"';
    memcpy(shape, sh->word, sizeof shape);   /* the words hold the bytes in memory order */
    memcpy(want + 8 + dlen, shape, len);
    memset(need, 0xFF, plen);
    for (int i = 0; i < 2; i++) {
        memcpy(&sh->need[i], need + 16 * i, 16);
        memcpy(&sh->want[i], want + 16 * i, 16);
        sh->want[i] &= sh->need[i];
    }
    sh->plen = plen;
    sh->dlen = dlen;
    return true;
}

static ScanStatus scan_fast_cell(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos + 2, *end = sc->buf + sc->len;
    int col = -1;
    char type = 'n';
    long style = 0;
    bool has_r = false, has_t = false, has_s = false;
    /* The reference is nearly always the next column's (one letter) with the
    ** row's digits: `<c r="` and the letter as one word, the digits as the
    ** row's word (sc->row_digits), instead of scan_fast_ref's byte loops. A
    ** longer reference fails one of the two comparisons or the quote after. */
    int next = s->col + 1;
    const char *c = p - 2;
    if ((unsigned)next < 26 && sc->row_digits_mask && end - c >= 24 &&
        ((scan_word(c) ^ (scan_word("<c r=\"A\"") + ((uint64_t)next << 48))) & 0x00FFFFFFFFFFFFFFULL) == 0 &&
        ((scan_word(c + 7) ^ sc->row_digits) & sc->row_digits_mask) == 0 && c[7 + sc->row_digits_len] == '"') {
        col = next;
        has_r = true;
        p = c + 8 + sc->row_digits_len;
        if (scan_fast_shape(sc, col, &p, end, &type, &style))
            goto value;
    }
    const char *attrs = has_r ? p : NULL;
    while (*p == ' ') {
        p++;
        if (*p == 'r' && !has_r) {
            if (!scan_fast_ref(sc, &p, end, &col))
                return SCAN_MORE;
            has_r = true;
        } else if (p[0] == 't' && p[1] == '=' && p[2] == '"' && (p[3] == 's' || p[3] == 'n') && p[4] == '"' && !has_t) {
            type = p[3];
            has_t = true;
            p += 5;
        } else if (p[0] == 's' && p[1] == '=' && !has_s) {
            p += 2;
            if (!scan_fast_digits(&p, end, &style))
                return SCAN_MORE;
            has_s = true;
        } else {
            return SCAN_MORE;
        }
    }
    if (p[0] != '>' || p[1] != '<' || p[2] != 'v' || p[3] != '>')
        return SCAN_MORE;
    p += 4;
    if (attrs)
        scan_keep_shape(sc, col, attrs, p, end, type, style);
value:;
    const char *value = p, *v = value;
    if (type == 's') {
        /* an index into the shared strings, handed over as its string (a
        ** missing one is the general path's error) */
        if (end - v < 8)
            return SCAN_MORE;
        const char *text;
        size_t len;
        unsigned odd;
        if (!scan_fast_shared(s, col, &v, &text, &len, &odd) || end - v < 8 || memcmp(v, "</v></c>", 8) != 0)
            return SCAN_MORE;
        sc->pos = (size_t)(v + 8 - sc->buf);
        table_xlsx_shared_cell(r, col, style, text, len);
        return s->header_done ? SCAN_QUIET : SCAN_EVENT;
    }
    /* most numbers need no rewriting: handed over where they lie */
    v = table_sheet_plain_decimal_end(value);
    if (v && v - value <= SCAN_FAST_VALUE && end - v >= 8 && memcmp(v, "</v></c>", 8) == 0 &&
        table_xlsx_plain_number_cell(r, col, style, value, (size_t)(v - value))) {
        sc->pos = (size_t)(v + 8 - sc->buf);
        return s->header_done ? SCAN_QUIET : SCAN_EVENT;
    }
    v = value;
    while ((sc->cls[(unsigned char)*v] & SCAN_NUMBER) && v - value < SCAN_FAST_VALUE)
        v++;
    if (v == value || end - v < 8 || memcmp(v, "</v></c>", 8) != 0)
        return SCAN_MORE;
    size_t len = (size_t)(v - value);
    char text[SCAN_FAST_VALUE + 1];
    memcpy(text, value, len);
    text[len] = '\0';
    sc->pos = (size_t)(v + 8 - sc->buf);
    table_xlsx_cell(r, col, type, style, text, len);
    return s->header_done ? SCAN_QUIET : SCAN_EVENT;
}

/* The cells that follow one another in a row, read without going back to
** the pump: a cell read by the fast path changes none of the state that
** scan_step checks before it (the open elements, in_row, in_cell,
** depth_skip), and the pump carries on after it whatever it put. The first
** cell of another shape goes back to scan_step, which tries it again. */
static ScanStatus scan_fast_cells(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    bool plain = true, in_order = true;   /* not used: the row's flags are scan_row_rest's, when the template read it all */
    if (!table_xlsx_template_cells(r, s, &plain, &in_order)) {
        ScanStatus st = scan_fast_cell(r, s);
        if (st != SCAN_QUIET)
            return st;
    }
    while (sc->len - sc->pos >= 2 && sc->buf[sc->pos] == '<' && sc->buf[sc->pos + 1] == 'c' &&
           (table_xlsx_template_cells(r, s, &plain, &in_order) || scan_fast_cell(r, s) == SCAN_QUIET))
        ;
    return SCAN_QUIET;
}

/* ---- the common shared string ------------------------------------------------------------------ */

/* Nearly every shared string is `<si><t>text</t></si>` or, as Excel writes
** them, `<si><t xml:space="preserve">text</t></si>`: read here in one pass
** (the general path, a tag at a time with its attributes, cost some 1 500
** instructions a string, on the main thread before any table is read). Text
** of plain bytes and valid UTF-8 only; any other shape (a reference, a CR,
** rich text, a string cut by the buffer) answers SCAN_MORE and the general
** path reads it. */

#define SCAN_FAST_SI_TEXT 4096

/* The opening of a common shared string at p (end - p > 28): its length,
** 0 for none. */
static inline size_t scan_si_opening(const char *p, const char *end)
{
    /* The openings compared by words of four or eight bytes, which the
    ** compiler makes inline: memcmp of 7 and 28 bytes was a call each
    ** (medium.xlsx's 28 000 strings all take the second opening). */
    if (end - p > 7 && memcmp(p, "<si>", 4) == 0 && memcmp(p + 3, "><t>", 4) == 0)
        return 7;
    if (end - p > 28 && memcmp(p, "<si><t x", 8) == 0 && memcmp(p + 8, "ml:space", 8) == 0 &&
        memcmp(p + 16, "=\"preser", 8) == 0 && memcmp(p + 20, "eserve\">", 8) == 0)
        return 28;   /* <si><t xml:space="preserve"> */
    return 0;
}

/* Where the bytes from p stop being those of text that is plain and needs
** nothing done (the plain shared strings' bytes, '!' to '~', but '<', '&' and
** '_', which a reference or an escape _xHHHH_ may start), 16 at a time
** while 16 lie before end: the first other byte, or end. */
static inline const char *scan_si_plain_end(const char *p, const char *end)
{
    const __m128i bang = _mm_set1_epi8('!'), del = _mm_set1_epi8(0x7F), lt = _mm_set1_epi8('<'),
                  amp = _mm_set1_epi8('&'), under = _mm_set1_epi8('_');
    for (; end - p >= 16; p += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, bang), _mm_cmpeq_epi8(v, del)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, lt),
                                                 _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, under))));
        int m = _mm_movemask_epi8(stop);
        if (m)
            return p + __builtin_ctz((unsigned)m);
    }
    for (; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < '!' || c >= 0x7F || c == '<' || c == '&' || c == '_')
            return p;
    }
    return p;
}

/*
** The strings after one that scan_fast_si read, as nearly every string of a
** table a program wrote: its opening, text that is plain and needs nothing
** done (scan_si_plain_end), `</t></si>`, each appended as it is
** (table_xlsx_sst_add_plain), in one loop: the pump's step and dispatch, the
** text's loop a byte at a time, its search for `_` and its test of
** plainness were some 200 instructions a string of medium.xlsx's 28 000 (of
** 6 bytes on average), parsed while the main thread waits for them. Any
** other string is left where it starts, to the pump.
*/
static void scan_fast_si_run(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len;
    for (size_t open; (open = scan_si_opening(p, end)) != 0 && !say_is_set(s->xml.stop);) {
        const char *text = p + open, *e = scan_si_plain_end(text, end);
        if (end - e < 10 || memcmp(e, "</t></si", 8) != 0 || e[8] != '>')
            return;
        table_xlsx_sst_add_plain(r, text, (size_t)(e - text));
        p = e + 9;
        sc->pos = (size_t)(p - sc->buf);
    }
}

static ScanStatus scan_fast_si(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len;
    size_t open = scan_si_opening(p, end);
    if (!open)
        return SCAN_MORE;
    p += open;
    const char *text = p;
    const unsigned char *cls = sc->cls;
    while (p < end && p - text <= SCAN_FAST_SI_TEXT) {
        while (cls[(unsigned char)*p] & SCAN_TEXT)
            p++;
        if ((unsigned char)*p < 0x80)
            break;
        bool more;
        size_t k = table_xml_scan_utf8(sc, p, end, &more);
        if (!k)
            return SCAN_MORE;   /* cut, or not a character: the general path says which */
        p += k;
    }
    if (p - text > SCAN_FAST_SI_TEXT || end - p < 10 || memcmp(p, "</t></si", 8) != 0 || p[8] != '>')
        return SCAN_MORE;
    if (!table_xlsx_sst_plain(r, text, (size_t)(p - text)))
        return SCAN_MORE;
    sc->pos = (size_t)(p + 9 - sc->buf);
    scan_fast_si_run(r, s);
    return SCAN_EVENT;
}

/* ---- the common row -------------------------------------------------------------------------------- */

/* `<row r="12">`, or with more attributes after r (`spans="1:5"`,
** `x14ac:dyDescent="0.25"`): plain names, values of plain characters in double
** quotes, one space before each. The general path reads the first r and
** ignores the others; so does this. Any other shape (r not first, spaces,
** single quotes, a reference, an empty row `<row …/>`, more than 9 digits, a
** tag cut by the buffer) answers SCAN_MORE and the general path reads it. */
static bool scan_fast_attrs(const TableScan *sc, const char **pp, const char *end)
{
    const unsigned char *cls = sc->cls;
    const char *p = *pp;
    while (*p == ' ') {
        p++;
        if (!(cls[(unsigned char)*p] & SCAN_NAME_START))
            return false;
        while (cls[(unsigned char)*p] & SCAN_NAME)
            p++;
        if (p[0] != '=' || p[1] != '"')
            return false;
        p += 2;
        while (cls[(unsigned char)*p] & SCAN_VALUE)
            p++;
        if (p >= end || *p != '"')
            return false;
        p++;
    }
    *pp = p;
    return p < end;
}

/* `</row>` closing the row the stack has open. */
static ScanStatus scan_fast_row_end(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos;
    int top = sc->depth - 1;
    if (sc->len - sc->pos < 6 || memcmp(p + 2, "row>", 4) != 0 || top < 0 || sc->name_len[top] != 3 ||
        memcmp(sc->names + sc->name_off[top], "row", 3) != 0)
        return SCAN_MORE;
    sc->names_len = sc->name_off[--sc->depth];
    sc->pos += 6;
    sc->after_cr = false;
    /* table_xlsx_sheet_end's "row" (the callers checked in_data), without its comparisons */
    s->in_row = false;
    table_sheet_end_row(r);
    return SCAN_EVENT;
}

/* The row's number: nearly always the one after the row before's, whose
** digits are compared as a word, or read by scan_fast_number. 0 digits: none. */
static inline const char *scan_row_number(const TableScan *sc, const char *digits, const char *end, long *num)
{
    uint64_t after;
    if (sc->row_digits_mask && sc->row_digits_len < 8 && end - digits >= 8 &&
        scan_digits_after(sc->row_digits, sc->row_digits_len, &after) &&
        ((scan_word(digits) ^ after) & sc->row_digits_mask) == 0 && digits[sc->row_digits_len] == '"') {
        *num = sc->row_digits_num + 1;
        return digits + sc->row_digits_len;
    }
    return end - digits >= 8 ? scan_fast_number(digits, num) : digits;
}

/* After a row's start, the rest of the row in the same call when it is the
** common one: its cells (scan_fast_cells) and its end, as the pump's next
** steps would read them: only when the row's start stopped nothing, and
** with scan_step's own checks. The row's element is not pushed yet: a row
** read to its `</row>` here leaves the stack as it found it, without the
** push and scan_fast_row_end's pop and checks of the name (a few dozen
** instructions a row); a row left open anywhere is pushed before the pump
** goes on, as scan_start_tag would have, and its cells read here touched
** the stack not (the room checks below count the row's entry). Either way
** the answer is the row start's, SCAN_EVENT, or the row end's, SCAN_EVENT
** too. A row read whole by the template (row: its tag's `<`) becomes the
** row template. */
static ScanStatus scan_row_rest(TableReader *r, TableSheet *s, const char *row)
{
    TableScan *sc = &s->scan;
    const char *rest = sc->buf + sc->pos;
    if (!s->header_done || say_is_set(s->xml.stop) || say_is_set(r->fatal.msg) || s->xml.paused) {
        table_sheet_clear_cells(r, 0);
        scan_push(sc, "row", 3);
        return SCAN_EVENT;
    }
    /* The row's cells were not cleared (table_xlsx_row_start): the template
    ** puts the first ones in order from the first column, then the others
    ** are cleared, before any other path puts a cell (always at a later
    ** column); a row read whole by the template clears none. */
    /* plain: the row's cells all read by the template, each plain ASCII */
    bool plain = false, whole = false, in_order = false;
    if (sc->len - sc->pos >= 2 && sc->buf[sc->pos] == '<' && sc->buf[sc->pos + 1] == 'c' && s->in_row &&
        !s->in_cell && !s->depth_skip && sc->depth + 3 <= TABLE_SCAN_MAX_DEPTH &&
        sc->names_len + 8 <= TABLE_SCAN_MAX_NAMES) {
        plain = in_order = true;
        whole = table_xlsx_template_cells(r, s, &plain, &in_order) > 0;
        if (!whole)
            plain = false;
        table_sheet_clear_cells(r, s->col + 1);
        if (sc->len - sc->pos >= 2 && sc->buf[sc->pos] == '<' && sc->buf[sc->pos + 1] == 'c') {
            plain = whole = false;
            scan_fast_cells(r, s);   /* SCAN_QUIET, or SCAN_MORE for the pump's next step */
        }
    } else {
        table_sheet_clear_cells(r, 0);
    }
    const char *p = sc->buf + sc->pos;
    uint32_t head = 0;   /* `</ro` as a word (memcmp was a call), read once the 6 bytes are known there */
    if (sc->len - sc->pos >= 6)
        memcpy(&head, p, sizeof head);
    if (sc->len - sc->pos >= 6 && memcmp(&head, "</ro", 4) == 0 && p[4] == 'w' && p[5] == '>' && s->in_row &&
        s->in_data) {
        /* scan_fast_row_end without the pop of the row not pushed; then
        ** table_sheet_end_row's common case (a data row with a value, the
        ** read going on) without its call */
        sc->pos += 6;
        sc->after_cr = false;
        s->in_row = false;
        if (s->row_has_value && !say_is_set(s->xml.stop) && !say_is_set(r->fatal.msg) && !s->xml.parser) {
            s->xml.row_ready = s->xml.paused = true;
            r->row_plain = r->row_ascii = plain;
            if (whole && in_order)
                table_xlsx_template_learn(sc, row, rest, s->col + 1);
        } else
            table_sheet_end_row(r);
        return SCAN_EVENT;
    }
    scan_push(sc, "row", 3);
    return SCAN_EVENT;
}

static ScanStatus scan_fast_row(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len;
    if (end - p < 11 || memcmp(p + 1, "row r=\"", 7) != 0)
        return SCAN_MORE;
    const char *digits = p + 8;
    long num = 0;
    const char *q = scan_row_number(sc, digits, end, &num);
    size_t ndigits = (size_t)(q - digits);
    if (ndigits == 0 || *q != '"')
        return SCAN_MORE;
    q++;
    if (!scan_fast_attrs(sc, &q, end) || *q != '>')
        return SCAN_MORE;
    sc->pos = (size_t)(q + 1 - sc->buf);
    sc->after_cr = false;
    /* The digits' word and mask from the word already read (eight bytes lie
    ** there: scan_fast_number read them), with shifts: built bytewise on the
    ** stack, the word was read back before its bytes were written (a stalled
    ** store forwarding, the tokenizer's costliest line). Little-endian, as
    ** scan_fast_number. */
    uint64_t mask = ndigits >= 8 ? ~0ULL : (1ULL << (8 * ndigits)) - 1;
    sc->row_digits_mask = ndigits <= 8 ? mask : 0;
    sc->row_digits = scan_word(digits) & sc->row_digits_mask;
    sc->row_digits_len = ndigits;
    sc->row_digits_num = num;
    table_xlsx_row_start(r, num, true);
    return scan_row_rest(r, s, p);
}

/* The row that nearly always comes next at a pump's start, after a row read
** by scan_fast_row: `<row r="…">` with the number after the row before's,
** compared as two words, then read as scan_fast_row reads it (its number,
** its digits kept, the row's start and rest), with scan_step's and
** scan_fast_row's checks, without scan_step's dispatch and scan_fast_row's
** reading of the number and the attributes (some 75 instructions a row).
** SCAN_NONE, with nothing read, when the bytes or the state differ: the
** pump's step reads them. */
static ScanStatus scan_expected_row(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos;
    size_t len = sc->row_digits_len;
    uint64_t after;
    /* 16 bytes: scan_fast_row's reading of the number wants 8 after `r="` */
    if (!sc->row_digits_mask || len > 6 || sc->len - sc->pos < 16 || !s->in_data || s->in_row ||
        sc->depth + 1 > TABLE_SCAN_MAX_DEPTH || sc->names_len + 4 > TABLE_SCAN_MAX_NAMES ||
        !scan_digits_after(sc->row_digits, len, &after))
        return SCAN_NONE;
    /* the digits, then `">`, in the second word (len <= 6) */
    uint64_t tail = after | ((uint64_t)('"' | ('>' << 8)) << (8 * len));
    uint64_t tail_mask = ~0ULL >> (64 - 8 * (len + 2));   /* 3 to 8 bytes: no shift by 64 */
    if (scan_word(p) != scan_word("<row r=\"") || ((scan_word(p + 8) ^ tail) & tail_mask) != 0)
        return SCAN_NONE;
    sc->after_cr = false;
    sc->pos += 8 + len + 2;
    sc->row_digits = after;
    long num = ++sc->row_digits_num;
    table_xlsx_row_start(r, num, true);
    return scan_row_rest(r, s, p);
}

static ScanStatus scan_step(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos;
    size_t avail = sc->len - sc->pos;
    if (avail == 0)
        return SCAN_MORE;
    if (*p != '<')
        return scan_text(r, s);
    if (avail < 2)
        return SCAN_MORE;
    s->scan.after_cr = false;
    switch (p[1]) {
    case '/':
        if (p[2] == 'r' && s->in_row && s->in_data) {
            ScanStatus st = scan_fast_row_end(r, s);
            if (st != SCAN_MORE)
                return st;
        }
        return scan_end_tag(r, s);
    case '?':
        return scan_skip_to(r, s, 2, "?>");
    case '!':
        return scan_markup(r, s);
    default:
        /* room for <si> and <t> on the stack, as the general path would check */
        if (p[1] == 's' && sc->shared_strings && sc->depth >= 1 && sc->depth + 2 <= TABLE_SCAN_MAX_DEPTH &&
            sc->names_len + 6 <= TABLE_SCAN_MAX_NAMES) {
            ScanStatus st = scan_fast_si(r, s);
            if (st != SCAN_MORE)
                return st;
        }
        /* room for <c> and <v> on the stack, as the general path would check */
        if (p[1] == 'c' && s->in_row && !s->in_cell && !s->depth_skip && sc->depth + 2 <= TABLE_SCAN_MAX_DEPTH &&
            sc->names_len + 4 <= TABLE_SCAN_MAX_NAMES) {
            ScanStatus st = scan_fast_cells(r, s);
            if (st != SCAN_MORE)
                return st;
        }
        if (p[1] == 'r' && s->in_data && !s->in_row && sc->depth + 1 <= TABLE_SCAN_MAX_DEPTH &&
            sc->names_len + 4 <= TABLE_SCAN_MAX_NAMES) {
            ScanStatus st = scan_fast_row(r, s);
            if (st != SCAN_MORE)
                return st;
        }
        return scan_start_tag(r, s);
    }
}

/* The end of the part: fine after the root element, an error before. */
static bool scan_at_end(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    if (sc->pos < sc->len) {
        scan_fail(r, s, "unclosed token");
        return false;
    }
    if (!sc->root_closed) {
        scan_fail(r, s, "no element found");
        return false;
    }
    s->xml.eof = true;
    return true;
}

/* ---- the reader's side ------------------------------------------------------------------------- */

bool table_xml_scan_start(TableReader *r, TableSheet *s, const char *entry, bool shared_strings)
{
    if (!table_xml_open_part(r, s, entry))
        return false;
    TableScan *sc = &s->scan;
    *sc = (TableScan){ 0 };
    sc->cap = TABLE_SCAN_READ;
    sc->buf = rt_alloc_atomic(sc->cap + 1);
    sc->names = rt_alloc_atomic(TABLE_SCAN_MAX_NAMES);
    sc->line = 1;
    sc->shared_strings = shared_strings;
    sc->cache = rt_alloc(sizeof *sc->cache * TABLE_SCAN_CACHE);
    sc->numbers = rt_alloc_atomic(sizeof *sc->numbers << TABLE_SCAN_NUMBERS_BITS);
    memset(sc->numbers, 0, sizeof *sc->numbers << TABLE_SCAN_NUMBERS_BITS);
    scan_classes(sc->cls);
    s->xml.scanning = true;
    /* A UTF-8 byte order mark says nothing more than UTF-8. */
    if (!scan_fill_upto(r, s, TABLE_SCAN_FIRST))
        return false;
    if (sc->len >= 3 && memcmp(sc->buf, "\xEF\xBB\xBF", 3) == 0)
        sc->pos = 3;
    return true;
}

/* After the sheet's data, the rest of the part is inflated but not read:
** libzip checks a part's CRC when its last byte is inflated, so a damaged
** part is told even when the damage is past the rows (C0832). */
static bool scan_drain(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    while (!sc->input_done) {
        sc->pos = sc->len;
        if (!scan_fill(r, s))
            return false;
    }
    return true;
}

bool table_xml_scan_pump(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    s->xml.row_ready = false;
    scan_row_disarm(sc);
    /* the first step: the row expected after the one before, or scan_step's */
    for (ScanStatus st = s->xml.eof ? SCAN_NONE : scan_expected_row(r, s); !s->xml.eof; st = SCAN_NONE) {
        if (st == SCAN_NONE)
            st = scan_step(r, s);
        if (st == SCAN_MORE) {
            if (sc->input_done) {
                if (!scan_at_end(r, s))
                    return false;
                break;
            }
            if (!scan_fill(r, s))
                return false;
            continue;
        }
        if (st == SCAN_OK || st == SCAN_QUIET)
            continue;   /* text, a comment, a data cell: nothing stopped the read */
        if (say_is_set(s->xml.stop)) {
            if (!say_is_set(r->fatal.msg))
                table_fatal(r, s->xml.stop_code, 0, s->xml.stop);
            return false;
        }
        if (st == SCAN_BAD || say_is_set(r->fatal.msg))
            return false;
        if (s->xml.paused) {
            s->xml.paused = false;
            return true;
        }
    }
    return scan_drain(r, s);
}

/* ---- for the ODS tokenizer (table_ods_scan.c) --------------------------------------------------- */

const char *table_xml_scan_reference(const char *p, size_t n, char out[4], size_t *outlen, size_t *used)
{
    return scan_reference(p, n, out, outlen, used);
}
