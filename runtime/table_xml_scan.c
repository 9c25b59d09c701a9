/* runtime/table_xml_scan.c: an XLSX sheet's XML read without expat: a streaming tokenizer of the XML a sheet is, with no DTD and no entity but XML's five and character references. */
#include "table_impl.h"

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
#define TABLE_SCAN_MAX_ENTITY  32

typedef enum { SCAN_OK, SCAN_MORE, SCAN_BAD } ScanStatus;

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

/* Drops the bytes before pos, keeping the line count and offsets right. */
static void scan_compact(TableScan *sc)
{
    const char *p = sc->buf, *end = sc->buf + sc->pos, *nl;
    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        sc->line++;
        sc->line_start = sc->offset + (unsigned long long)(nl - sc->buf) + 1;
        p = nl + 1;
    }
    memmove(sc->buf, sc->buf + sc->pos, sc->len - sc->pos);
    sc->offset += sc->pos;
    sc->len -= sc->pos;
    sc->pos = 0;
}

/* More bytes after the pending ones; false after a fatal error (a token past
** the limit, a damaged zip, a bomb). At the end of the part, input_done. */
static bool scan_fill(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    scan_compact(sc);
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
    size_t got;
    if (!table_zip_read(r, s, sc->buf + sc->len, sc->cap - sc->len, &got))
        return false;
    sc->len += got;
    sc->buf[sc->len] = '\0';
    if (got == 0)
        sc->input_done = true;
    return true;
}

/* ---- characters and references --------------------------------------------------------------- */

static bool scan_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool scan_xml_char(int32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Offset of the first byte of p[0..n) that is not a character XML allows as
** itself in text or a value ('<' and '&' are the caller's), or n. */
static size_t scan_bad_char(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r') {
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

/* Character data p[0..n) (no '<' in it): references resolved, every
** character checked; outside the root element only spaces may stand. */
static ScanStatus scan_chars(TableReader *r, TableSheet *s, const char *p, size_t n)
{
    TableScan *sc = &s->scan;
    if (sc->depth == 0) {
        for (size_t i = 0; i < n; i++)
            if (!scan_is_space((unsigned char)p[i]))
                return scan_fail_at(r, s, (size_t)(p - sc->buf) + i,
                                    sc->root_closed ? "junk after document element" : "syntax error");
        return SCAN_OK;
    }
    while (n) {
        const char *amp = memchr(p, '&', n);
        size_t run = amp ? (size_t)(amp - p) : n;
        size_t bad = scan_bad_char(p, run);
        if (bad < run)
            return scan_fail_at(r, s, (size_t)(p - sc->buf) + bad, "not well-formed (invalid token)");
        if (run)
            scan_collect(s, p, run);
        p += run;
        n -= run;
        if (!amp)
            break;
        char out[4];
        size_t outlen, used;
        const char *why = scan_reference(p, n, out, &outlen, &used);
        if (why)
            return scan_fail_at(r, s, (size_t)(p - sc->buf), why);
        if (s->in_text && !s->depth_skip) {
            s->scan.after_cr = false;
            table_sheet_cell_text(s, out, outlen);
        }
        p += used;
        n -= used;
    }
    return SCAN_OK;
}

/* Text from pos to the next '<'; when none is in the buffer yet, the part of
** it that ends neither inside a reference nor inside a UTF-8 sequence. */
static ScanStatus scan_text(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos;
    size_t avail = sc->len - sc->pos;
    const char *lt = memchr(p, '<', avail);
    size_t n = lt ? (size_t)(lt - p) : avail;
    if (!lt && !sc->input_done) {
        size_t tail = n < TABLE_SCAN_MAX_ENTITY ? n : TABLE_SCAN_MAX_ENTITY;
        const char *amp = memchr(p + n - tail, '&', tail);
        if (amp)
            n = (size_t)(amp - p);
        size_t k = 0;
        while (n > 0 && k < 3 && ((unsigned char)p[n - 1] & 0xC0) == 0x80) {
            n--;
            k++;
        }
        if (n > 0 && (unsigned char)p[n - 1] >= 0xC0)
            n--;
        else if (k)
            n += k;
        if (n == 0)
            return SCAN_MORE;
    }
    ScanStatus st = scan_chars(r, s, p, n);
    sc->pos += n;
    return st;
}

/* ---- markup ------------------------------------------------------------------------------------ */

static bool scan_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

static bool scan_name_char(unsigned char c)
{
    return scan_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* The name at p (end of the buffer at end): its length, 0 when p starts no
** name; *more when the buffer ends inside it. */
static size_t scan_name(const char *p, const char *end, bool *more)
{
    const char *q = p;
    *more = false;
    if (q < end && !scan_name_start((unsigned char)*q))
        return 0;
    while (q < end && scan_name_char((unsigned char)*q))
        q++;
    if (q == end)
        *more = true;
    return (size_t)(q - p);
}

/* The element name of a tag, at p: its length in *n. */
static ScanStatus scan_tag_name(TableReader *r, TableSheet *s, const char *p, const char *end, size_t *n)
{
    bool more;
    *n = scan_name(p, end, &more);
    if (more)
        return SCAN_MORE;
    if (*n == 0)
        return scan_fail_at(r, s, (size_t)(p - s->scan.buf), "not well-formed (invalid token)");
    return SCAN_OK;
}

/* The local part of a name (after its prefix). */
static const char *scan_local(const char *name, size_t n, size_t *local_len)
{
    const char *colon = memchr(name, ':', n);
    if (!colon) {
        *local_len = n;
        return name;
    }
    *local_len = n - (size_t)(colon + 1 - name);
    return colon + 1;
}

/* An attribute's value decoded into out (cap bytes, NUL-terminated, cut short). */
static void scan_keep_value(const char *v, size_t n, char *out, size_t cap)
{
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

static void scan_attr(ScanAttrs *a, const char *name, size_t nlen, const char *v, size_t vlen)
{
    if (nlen >= 5 && memcmp(name, "xmlns", 5) == 0 && (nlen == 5 || name[5] == ':'))
        return;   /* a namespace declaration, not an attribute */
    size_t ln;
    const char *local = scan_local(name, nlen, &ln);
    if (ln != 1)
        return;
    if (*local == 'r' && !a->has_r) {
        a->has_r = true;
        scan_keep_value(v, vlen, a->r, sizeof a->r);
    } else if (*local == 't' && !a->has_t) {
        a->has_t = true;
        scan_keep_value(v, vlen, a->t, sizeof a->t);
    } else if (*local == 's' && !a->has_s) {
        a->has_s = true;
        scan_keep_value(v, vlen, a->s, sizeof a->s);
    }
}

/* Checks an attribute value p[0..n): characters, references, no '<'. */
static ScanStatus scan_value(TableReader *r, TableSheet *s, const char *p, size_t n)
{
    const char *end = p + n;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        size_t run = amp ? (size_t)(amp - p) : (size_t)(end - p);
        const char *lt = memchr(p, '<', run);
        if (lt)
            return scan_fail_at(r, s, (size_t)(lt - s->scan.buf), "not well-formed (invalid token)");
        size_t bad = scan_bad_char(p, run);
        if (bad < run)
            return scan_fail_at(r, s, (size_t)(p - s->scan.buf) + bad, "not well-formed (invalid token)");
        p += run;
        if (!amp)
            break;
        char out[4];
        size_t outlen, used;
        const char *why = scan_reference(p, (size_t)(end - p), out, &outlen, &used);
        if (why)
            return scan_fail_at(r, s, (size_t)(p - s->scan.buf), why);
        p += used;
    }
    return SCAN_OK;
}

static bool scan_push(TableScan *sc, const char *name, size_t n)
{
    if (sc->depth >= TABLE_SCAN_MAX_DEPTH || sc->names_len + n + 1 > TABLE_SCAN_MAX_NAMES)
        return false;
    sc->name_off[sc->depth++] = sc->names_len;
    memcpy(sc->names + sc->names_len, name, n);
    sc->names_len += n;
    sc->names[sc->names_len++] = '\0';
    return true;
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
        while (p < end && scan_is_space((unsigned char)*p)) {
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
        size_t alen = scan_name(p, end, &more);
        if (more)
            return SCAN_MORE;
        if (alen == 0 || !spaced)
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        p += alen;
        while (p < end && scan_is_space((unsigned char)*p))
            p++;
        if (p >= end)
            return SCAN_MORE;
        if (*p != '=')
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        p++;
        while (p < end && scan_is_space((unsigned char)*p))
            p++;
        if (p >= end)
            return SCAN_MORE;
        if (*p != '"' && *p != '\'')
            return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
        const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
        if (!close)
            return SCAN_MORE;
        const char *v = p + 1;
        size_t vlen = (size_t)(close - v);
        if (scan_value(r, s, v, vlen) == SCAN_BAD)
            return SCAN_BAD;
        scan_attr(&attrs, aname, alen, v, vlen);
        p = close + 1;
    }
    if (sc->depth == 0 && sc->root_closed)
        return scan_fail_at(r, s, sc->pos, "junk after document element");
    sc->pos = (size_t)(p + 1 - sc->buf);
    s->scan.after_cr = false;
    if (!empty && !scan_push(sc, name, nlen))
        return scan_fail_at(r, s, (size_t)(start - sc->buf), "element nested too deep");
    size_t ln;
    const char *local = scan_local(name, nlen, &ln);
    table_xlsx_sheet_start(r, local, ln, attrs.has_r ? attrs.r : NULL, attrs.has_t ? attrs.t : NULL,
                           attrs.has_s ? attrs.s : NULL);
    if (empty) {
        if (sc->depth == 0)
            sc->root_closed = true;
        table_xlsx_sheet_end(r, local, ln);
    }
    return SCAN_OK;
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
    while (p < end && scan_is_space((unsigned char)*p))
        p++;
    if (p >= end)
        return SCAN_MORE;
    if (*p != '>')
        return scan_fail_at(r, s, (size_t)(p - sc->buf), "not well-formed (invalid token)");
    if (sc->depth == 0)
        return scan_fail_at(r, s, sc->pos, "not well-formed (invalid token)");
    const char *open = sc->names + sc->name_off[sc->depth - 1];
    if (strlen(open) != nlen || memcmp(open, name, nlen) != 0)
        return scan_fail_at(r, s, sc->pos, "mismatched tag");
    sc->names_len = sc->name_off[--sc->depth];
    if (sc->depth == 0)
        sc->root_closed = true;
    sc->pos = (size_t)(p + 1 - sc->buf);
    s->scan.after_cr = false;
    size_t ln;
    const char *local = scan_local(name, nlen, &ln);
    table_xlsx_sheet_end(r, local, ln);
    return SCAN_OK;
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
        return scan_end_tag(r, s);
    case '?':
        return scan_skip_to(r, s, 2, "?>");
    case '!':
        return scan_markup(r, s);
    default:
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

bool table_xml_scan_start(TableReader *r, TableSheet *s, const char *entry)
{
    if (!table_xml_open_part(r, s, entry))
        return false;
    TableScan *sc = &s->scan;
    *sc = (TableScan){ 0 };
    sc->cap = TABLE_SCAN_READ;
    sc->buf = rt_alloc_atomic(sc->cap + 1);
    sc->names = rt_alloc_atomic(TABLE_SCAN_MAX_NAMES);
    sc->line = 1;
    s->xml.scanning = true;
    /* A UTF-8 byte order mark says nothing more than UTF-8. */
    if (!scan_fill(r, s))
        return false;
    if (sc->len >= 3 && memcmp(sc->buf, "\xEF\xBB\xBF", 3) == 0)
        sc->pos = 3;
    return true;
}

bool table_xml_scan_pump(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    s->xml.row_ready = false;
    while (!s->xml.eof) {
        ScanStatus st = scan_step(r, s);
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
    return true;
}
