/* runtime/table_ods_scan.c: an ODS's content.xml read without expat from its first sheet on: a strict tokenizer that hands the part back to expat, from the last safe place it read, at anything it does not take. */
#include "table_impl.h"
#include "table_ods_scan_impl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "utf8.h"

/*
** Why: an ODS cell is verbose (`<table:table-cell office:value-type="float"
** office:value="2401"><text:p>2401</text:p></table:table-cell>`), the medium
** data's content.xml is 515 MB, and expat with namespaces spent about 125
** instructions a byte on it, 86 % of the run. Expat still reads content.xml
** up to the start of its first sheet (the namespaces, the styles that hide
** sheets: the small part); from there this tokenizer reads the sheets and
** calls the very handlers expat calls (table_ods_start, table_ods_end,
** table_ods_text), with the names and attributes expat would give them.
**
** It takes only a strict subset of XML, what a spreadsheet writes in a
** table's rows: elements and attributes whose prefixes expat had bound at
** the handover (no xmlns attribute), no duplicate attribute, values and text of
** valid UTF-8 characters that XML allows, with XML's five entities and
** character references (never another entity: there is no DTD), and neither
** CR, TAB or LF in an attribute value nor "]]>" in text (both of which XML
** would rewrite or refuse), every tag closed by its own name. Anything else
** (a comment, a processing instruction, CDATA, a DOCTYPE, a malformed tag, the
** part ending inside the table, a token longer than ODS_SCAN_MAX_BUFFER) is
** not an error here: the part is given back to expat, which parses it again
** from its start without handlers up to the last safe place the tokenizer
** read (OdsSafe), then with them. So every error, with its line and column,
** and every case this subset leaves out, is expat's own, as before.
**
** How the handover is found: expat's handlers note the raw names of the open
** elements (from expat's input context) and the namespace bindings; at the
** start of the first sheet they note where expat is in the part and the
** bytes of its buffer not parsed yet, which the tokenizer starts with, and
** suspend it.
*/

/* ---- expat's phase ---------------------------------------------------------------------------------- */

static void XMLCALL ods_bind(void *user, const XML_Char *prefix, const XML_Char *uri)
{
    TableOdsScan *o = ((TableReader *)user)->sheet->ods;
    size_t len = prefix ? strlen(prefix) : 0;
    char *copy = NULL;
    if (prefix) {
        copy = rt_alloc_atomic(len + 8);   /* zeros after it: read a word at a time (ods_prefix) */
        memcpy(copy, prefix, len);
    }
    char mask[8] = { 0 };
    memset(mask, 0xFF, len < 8 ? len : 8);
    RT_GROW(o->bind, o->nbind);
    OdsBinding *b = &o->bind[o->nbind++];
    *b = (OdsBinding){ copy, len, 0, 0, rt_strdup(uri ? uri : ""), 0, uri && strstr(uri, ":calcext:") != NULL };
    memcpy(&b->mask, mask, 8);
    if (copy)
        memcpy(&b->word, copy, 8);
}

static void XMLCALL ods_unbind(void *user, const XML_Char *prefix)
{
    TableOdsScan *o = ((TableReader *)user)->sheet->ods;
    for (int i = o->nbind - 1; i >= 0; i--) {
        const char *p = o->bind[i].prefix;
        if ((p == NULL) == (prefix == NULL) && (!p || strcmp(p, prefix) == 0)) {
            memmove(o->bind + i, o->bind + i + 1, (size_t)(o->nbind - i - 1) * sizeof *o->bind);
            o->nbind--;
            return;
        }
    }
}

/* The ODS reader stays with expat when asked (CHARTE_ODS_EXPAT set: the
** tests compare both readers) or when expat gives no input context. */
void table_ods_scan_watch(TableReader *r)
{
    TableSheet *s = r->sheet;
    const char *only_expat = getenv("CHARTE_ODS_EXPAT");
    if (only_expat && *only_expat)
        return;
    s->ods = rt_alloc(sizeof *s->ods);
    XML_SetNamespaceDeclHandler(s->xml.parser, ods_bind, ods_unbind);
}

static bool ods_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

void table_ods_scan_note_start(TableReader *r)
{
    TableOdsScan *o = r->sheet->ods;
    if (o->off || r->sheet->xml.scanning)
        return;
    int off, size;
    const char *buf = XML_GetInputContext(r->sheet->xml.parser, &off, &size);
    if (!buf || off < 0 || off >= size || buf[off] != '<') {
        o->off = true;
        return;
    }
    const char *name = buf + off + 1, *end = buf + size, *p = name;
    while (p < end && ods_name_char(*p))
        p++;
    RT_GROW(o->open, o->nopen);
    o->open[o->nopen++] = rt_strndup(name, (size_t)(p - name));
}

void table_ods_scan_note_end(TableReader *r)
{
    TableOdsScan *o = r->sheet->ods;
    if (!o->off && !r->sheet->xml.scanning && o->nopen > 0)
        o->nopen--;
}

void table_ods_scan_note_sheet(TableReader *r)
{
    TableSheet *s = r->sheet;
    TableOdsScan *o = s->ods;
    if (o->off || s->xml.scanning)
        return;
    XML_Parser p = s->xml.parser;
    int off, size;
    const char *buf = XML_GetInputContext(p, &off, &size);
    int count = XML_GetCurrentByteCount(p);
    XML_Index at = XML_GetCurrentByteIndex(p);
    if (!buf || count < 2 || at < 0 || off + count > size) {
        o->off = true;
        return;
    }
    if (buf[off + count - 2] == '/')
        return;   /* <table:table …/>: its end is expat's, the next sheet is the tokenizer's */
    size_t n = (size_t)(size - off - count);
    o->rest_at = (unsigned long long)at + (unsigned long long)count;
    if (o->rest_at + n != s->xml.inflated) {   /* not the buffer thought: stay with expat */
        o->off = true;
        return;
    }
    o->rest = rt_alloc_atomic(n + 1);
    memcpy(o->rest, buf + off + count, n);
    o->rest_len = n;
    o->noted = true;
    XML_StopParser(p, XML_TRUE);
}

static int ods_prefix(TableOdsScan *o, const char *p, size_t n);

/* ---- the handover ------------------------------------------------------------------------------------ */

static void ods_classes(unsigned char cls[256])
{
    for (int c = 0; c < 256; c++) {
        bool printable = c >= 0x20 && c < 0x7F;
        bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        cls[c] = (unsigned char)(((printable && c != '<' && c != '&' && c != ']') || c == '\t' || c == '\n' ? ODS_TEXT : 0)
                                 | (printable && c != '<' && c != '&' && c != '"' && c != '\'' ? ODS_VALUE : 0)
                                 | (start || (c >= '0' && c <= '9') || c == '-' || c == '.' ? ODS_NAME : 0)
                                 | (start ? ODS_NAME_START : 0) | (c == ' ' || c == '\t' || c == '\n' ? ODS_SPACE : 0));
    }
}

void table_ods_scan_begin(TableReader *r)
{
    TableSheet *s = r->sheet;
    TableOdsScan *o = s->ods;
    if (!o || o->off || !o->noted || s->xml.eof || say_is_set(s->xml.stop))
        return;
    TableScan *sc = &s->scan;
    *sc = (TableScan){ 0 };
    sc->cap = o->rest_len > ODS_SCAN_READ ? o->rest_len : ODS_SCAN_READ;
    sc->buf = rt_alloc_atomic(sc->cap + ODS_SCAN_PAD);
    memcpy(sc->buf, o->rest, o->rest_len);
    sc->len = o->rest_len;
    sc->buf[sc->len] = '\0';
    sc->offset = o->rest_at;
    sc->names = rt_alloc_atomic(TABLE_SCAN_MAX_NAMES);
    o->rest = NULL;
    o->noted = false;
    o->last_start = true;   /* the sheet's start tag: the first safe place */
    o->base = o->nopen;
    ods_classes(o->cls);
    o->rows.blocks = table_ods_template_blocks();
    o->rows.same.tpl = -1;
    for (int i = 0; i < o->nbind; i++) {
        o->bind[i].uri_id = i;
        for (int j = 0; j < i && o->bind[i].uri_id == i; j++)
            if (strcmp(o->bind[i].uri, o->bind[j].uri) == 0)
                o->bind[i].uri_id = j;
    }
    o->fast_cells = ods_prefix(o, "table", 5) >= 0 && ods_prefix(o, "text", 4) >= 0;
    int office = ods_prefix(o, "office", 6);
    o->office_plain = office >= 0 && !o->bind[office].calcext;
    XML_ParserFree(s->xml.parser);
    s->xml.parser = NULL;
    s->xml.scanning = true;
}

/* ---- giving the part back to expat --------------------------------------------------------------------- */

/* Expat's handlers while it parses again what the tokenizer read: at the
** safe place, the real handlers take over. */
static void ods_replay_check(TableSheet *s, bool start)
{
    XML_Parser p = s->xml.parser;
    const OdsSafe *safe = &s->ods->safe;
    XML_Index at = XML_GetCurrentByteIndex(p);
    if (start != safe->after_start || at < 0 ||
        (unsigned long long)at + (unsigned long long)XML_GetCurrentByteCount(p) != safe->at)
        return;
    XML_SetElementHandler(p, table_ods_start, table_ods_end);
    XML_SetCharacterDataHandler(p, table_ods_text);
}

static void XMLCALL ods_replay_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    ods_replay_check(((TableReader *)user)->sheet, true);
}

static void XMLCALL ods_replay_end(void *user, const XML_Char *name)
{
    ods_replay_check(((TableReader *)user)->sheet, false);
}

static void ods_safe_point(TableSheet *s)
{
    TableOdsScan *o = s->ods;
    o->safe = (OdsSafe){ s->scan.offset + s->scan.pos, o->last_start, s->row_num, s->table_depth, s->data_depth,
                         s->nsheet_list, s->nhidden_styles, s->cur_style, s->found, s->in_data };
    o->safe_by = s;
}

/*
** The safe place already noted here by this sheet, as it stands: the pump
** noted it at the end of the row it gave, and what may change before it is
** called again without the tokenizer moving is the row number (a repeated
** row given by table_ods_next). The sheet's other fields that the safe place
** keeps move only with a tag read (the place moves on, never back) or where
** the safe place is noted or given anew (a part's slice, the resume, which
** clears safe_by). Noting it again was a call on every row.
*/
static bool ods_safe_noted(const TableSheet *s)
{
    const TableOdsScan *o = s->ods;
    return o->safe_by == s && o->safe.at == s->scan.offset + s->scan.pos && o->safe.row_num == s->row_num;
}

/* The state at the safe place, from which expat goes on; a row begun since is
** begun again. */
static bool ods_replay(TableReader *r, TableSheet *s)
{
    TableOdsScan *o = s->ods;
    const OdsSafe *safe = &o->safe;
    o->off = true;
    s->in_row = s->in_cell = s->in_text = false;
    s->depth_skip = 0;
    s->row_num = safe->row_num;
    s->table_depth = safe->table_depth;
    s->data_depth = safe->data_depth;
    s->nsheet_list = safe->nsheet_list;
    s->nhidden_styles = safe->nhidden_styles;
    s->cur_style = safe->cur_style;
    s->found = safe->found;
    s->in_data = safe->in_data;
    s->scan = (TableScan){ 0 };
    if (!table_xml_start(r, s, "content.xml", ods_replay_start, ods_replay_end, NULL))
        return false;
    return table_xml_pump(r, s);
}

/* ---- the buffer ---------------------------------------------------------------------------------------- */

/* More bytes after the pending ones: 1 (at the part's end, input_done), 0
** when a token would not fit in ODS_SCAN_MAX_BUFFER (expat's to read), -1 on
** a fatal error (a damaged zip, a bomb). */
static int ods_fill(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    memmove(sc->buf, sc->buf + sc->pos, sc->len - sc->pos);
    sc->offset += sc->pos;
    sc->len -= sc->pos;
    sc->pos = 0;
    if (sc->cap - sc->len < ODS_SCAN_READ / 2) {
        if (sc->cap >= ODS_SCAN_MAX_BUFFER)
            return 0;
        char *buf = rt_alloc_atomic(sc->cap * 2 + ODS_SCAN_PAD);
        memcpy(buf, sc->buf, sc->len);
        sc->buf = buf;
        sc->cap *= 2;
    }
    size_t got;
    if (!table_zip_read(r, s, sc->buf + sc->len, sc->cap - sc->len, &got))
        return -1;
    sc->len += got;
    sc->buf[sc->len] = '\0';
    if (got == 0)
        sc->input_done = true;
    return 1;
}

/* ---- characters ------------------------------------------------------------------------------------------ */

/* The reference at p: ODS_OK with its text, ODS_MORE when the buffer cuts it, ODS_REFUSE. */
static OdsStep ods_reference(const TableScan *sc, const char *p, const char *end, char out[4], size_t *outlen,
                             size_t *used)
{
    if (table_xml_scan_reference(p, (size_t)(end - p), out, outlen, used) == NULL)
        return ODS_OK;
    bool cut = !sc->input_done && end - p < ODS_SCAN_MAX_REF && !memchr(p, ';', (size_t)(end - p));
    return cut ? ODS_MORE : ODS_REFUSE;
}

/* Character data up to the next '<' (or as far as the buffer goes), checked,
** references resolved, given to the cell when it collects its text. */
static OdsStep ods_text(TableSheet *s)
{
    TableScan *sc = &s->scan;
    const unsigned char *cls = s->ods->cls;
    const char *start = sc->buf + sc->pos, *p = start, *run = p, *end = sc->buf + sc->len;
    bool collect = s->in_text && s->in_cell && !s->depth_skip;
    for (;;) {
        while (cls[(unsigned char)*p] & ODS_TEXT)
            p++;
        if (p >= end || *p == '<')
            break;
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            bool more;
            size_t k = table_xml_scan_utf8(sc, p, end, &more);
            if (more)
                break;
            if (!k)
                return ODS_REFUSE;
            p += k;
            continue;
        }
        if (c == ']') {
            if (end - p < 3 && !sc->input_done)
                break;
            if (end - p >= 3 && p[1] == ']' && p[2] == '>')
                return ODS_REFUSE;
            p++;
            continue;
        }
        if (c != '&')
            return ODS_REFUSE;   /* CR, a control character, NUL */
        char out[4];
        size_t outlen, used;
        OdsStep st = ods_reference(sc, p, end, out, &outlen, &used);
        if (st == ODS_REFUSE)
            return st;
        if (st == ODS_MORE)
            break;
        if (collect) {
            if (p > run)
                table_sheet_cell_text(s, run, (size_t)(p - run));
            table_sheet_cell_text(s, out, outlen);
        }
        p += used;
        run = p;
    }
    if (collect && p > run)
        table_sheet_cell_text(s, run, (size_t)(p - run));
    sc->pos = (size_t)(p - sc->buf);
    return p > start ? ODS_OK : ODS_MORE;
}

/* ---- tags ------------------------------------------------------------------------------------------------ */

/* The name at p, of ASCII name characters with at most one ':' between two
** parts: its length and where its ':' is (0: none). 0 when p starts no such
** name: *more when the buffer ends first. buf[len] is a NUL, which no class
** holds: the loops need no bound. */
static size_t ods_name(const unsigned char *cls, const char *p, const char *end, size_t *colon, bool *more)
{
    const char *q = p;
    *colon = 0;
    *more = false;
    for (;;) {
        if (!(cls[(unsigned char)*q] & ODS_NAME_START)) {
            *more = q >= end;
            return 0;
        }
        while (cls[(unsigned char)*q] & ODS_NAME)
            q++;
        if (*q != ':' || *colon)
            break;
        *colon = (size_t)(q - p);
        q++;
    }
    if (q >= end) {
        *more = true;
        return 0;
    }
    return (size_t)(q - p);
}

/* The binding of a prefix in scope, innermost first; -1 when unbound (expat's error). */
static int ods_prefix(TableOdsScan *o, const char *p, size_t n)
{
    /* the bindings do not change while the tokenizer reads (an xmlns
    ** attribute is expat's): a prefix found stays found */
    int *hit = &o->prefix_hit[n % 8];
    if (*hit > 0 && o->bind[*hit - 1].len == n) {
        const OdsBinding *b = &o->bind[*hit - 1];
        if (n <= 8 ? ((ods_word(p) ^ b->word) & b->mask) == 0 : ods_same(p, b->prefix, n))
            return *hit - 1;
    }
    if (n == 3 && memcmp(p, "xml", 3) == 0)
        return -2;   /* bound by XML itself */
    for (int i = o->nbind - 1; i >= 0; i--)
        if (o->bind[i].len == n && o->bind[i].prefix && memcmp(o->bind[i].prefix, p, n) == 0) {
            *hit = i + 1;
            return i;
        }
    return -1;
}

static const char *ods_skip_spaces(const unsigned char *cls, const char *p)
{
    while (cls[(unsigned char)*p] & ODS_SPACE)
        p++;
    return p;
}

/* The attribute value opened by the quote at q: its closing quote in *close. */
static OdsStep ods_value(const TableSheet *s, const char *q, const char *end, const char **close, bool *has_ref)
{
    const TableScan *sc = &s->scan;
    const unsigned char *cls = s->ods->cls;
    const char *p = q + 1;
    *has_ref = false;
    for (;;) {
        while (cls[(unsigned char)*p] & ODS_VALUE)
            p++;
        if (p >= end)
            return ODS_MORE;
        unsigned char c = (unsigned char)*p;
        if (c == (unsigned char)*q) {
            *close = p;
            return ODS_OK;
        }
        if (c == '"' || c == '\'') {
            p++;
        } else if (c >= 0x80) {
            bool more;
            size_t k = table_xml_scan_utf8(sc, p, end, &more);
            if (!k)
                return more ? ODS_MORE : ODS_REFUSE;
            p += k;
        } else if (c == '&') {
            char out[4];
            size_t outlen, used;
            OdsStep st = ods_reference(sc, p, end, out, &outlen, &used);
            if (st != ODS_OK)
                return st;
            *has_ref = true;
            p += used;
        } else {
            return ODS_REFUSE;   /* '<', TAB, LF, CR (XML rewrites them), a control character */
        }
    }
}

/* Room for n more bytes in the side buffer: its offset. */
static size_t ods_tmp_take(TableOdsScan *o, size_t n)
{
    if (o->tmp_len + n > o->tmp_cap) {
        size_t cap = (o->tmp_len + n) * 2 + 256;
        char *tmp = rt_alloc_atomic(cap);
        if (o->tmp_len)
            memcpy(tmp, o->tmp, o->tmp_len);
        o->tmp = tmp;   /* the old block stays alive while pointers into it are on the stack */
        o->tmp_cap = cap;
    }
    size_t at = o->tmp_len;
    o->tmp_len += n;
    return at;
}

/* Text with its references resolved into the side buffer, NUL-terminated: its offset. */
static size_t ods_tmp_text(TableOdsScan *o, const char *prefix, size_t pl, const char *v, size_t n, bool has_ref)
{
    size_t at = ods_tmp_take(o, pl + n + 1);
    char *out = o->tmp + at;
    memcpy(out, prefix, pl);
    size_t k = pl;
    for (size_t i = 0; i < n;) {
        if (has_ref && v[i] == '&') {
            size_t len, used;
            table_xml_scan_reference(v + i, n - i, out + k, &len, &used);
            k += len;
            i += used;
        } else {
            out[k++] = v[i++];
        }
    }
    out[k] = '\0';
    o->tmp_len = at + k + 1;
    return at;
}

/* Two attributes with the same local name in the same namespace: expat's error. */
static bool ods_duplicates(const TableOdsScan *o, const OdsAttr *a, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            size_t li = a[i].len - a[i].colon, lj = a[j].len - a[j].colon;
            if (li != lj || !ods_same(a[i].name + a[i].colon, a[j].name + a[j].colon, li))
                continue;
            if (a[i].binding == a[j].binding ||
                (a[i].binding >= 0 && a[j].binding >= 0 && o->bind[a[i].binding].uri_id == o->bind[a[j].binding].uri_id))
                return true;
        }
    return false;
}

/* A new attribute name at p: its length, prefix binding and local part in t,
** remembered for the next tags. */
static OdsStep ods_attr_name(TableOdsScan *o, const char *p, const char *end, OdsAttr *t)
{
    bool more;
    t->len = ods_name(o->cls, p, end, &t->colon, &more);
    if (!t->len)
        return more ? ODS_MORE : ODS_REFUSE;
    if (t->len >= 5 && memcmp(p, "xmlns", 5) == 0 && (t->len == 5 || t->colon == 5))
        return ODS_REFUSE;   /* a binding: expat keeps them */
    t->binding = -1;
    if (t->colon && (t->binding = ods_prefix(o, p, t->colon)) == -1)
        return ODS_REFUSE;
    if (t->colon)
        t->colon++;   /* from here: where the local name starts */
    if (t->len <= ODS_NAME_MEMO_LEN) {
        OdsNameMemo *m = &o->names_seen[(unsigned char)p[t->len - 1] % ODS_NAME_MEMOS];
        *m = (OdsNameMemo){ .len = t->len, .colon = t->colon, .binding = t->binding, .text = { 0 } };
        memcpy(m->text, p, t->len);
    }
    return ODS_OK;
}

/* An attribute name met before (a cell has the same few): t filled without
** reading it again. The bindings do not change while the tokenizer reads. */
static bool ods_name_known(const TableOdsScan *o, const char *p, const char *end, OdsAttr *t)
{
    const char *eq = memchr(p, '=', (size_t)(end - p) < ODS_NAME_MEMO_LEN + 1 ? (size_t)(end - p) : ODS_NAME_MEMO_LEN + 1);
    if (!eq || eq == p)
        return false;
    size_t len = (size_t)(eq - p);
    const OdsNameMemo *m = &o->names_seen[(unsigned char)p[len - 1] % ODS_NAME_MEMOS];
    if (m->len != len || !ods_same(p, m->text, len))
        return false;
    t->len = len;
    t->colon = m->colon;
    t->binding = m->binding;
    return true;
}

/* The attributes of the tag at p, up to its '>' or "/>": *q at that '>', *empty. */
static OdsStep ods_attrs(TableSheet *s, const char *p, const char *end, OdsAttr *a, int *n, const char **q,
                         bool *empty)
{
    TableOdsScan *o = s->ods;
    const unsigned char *cls = o->cls;
    *n = 0;
    *empty = false;
    for (;;) {
        const char *at = ods_skip_spaces(cls, p);
        if (at >= end)
            return ODS_MORE;
        if (*at == '>' || *at == '/') {
            if (*at == '/' && at + 1 >= end)
                return ODS_MORE;
            if (*at == '/' && at[1] != '>')
                return ODS_REFUSE;
            *empty = *at == '/';
            *q = at + (*empty ? 1 : 0);
            return ODS_OK;
        }
        if (at == p || *n == ODS_SCAN_MAX_ATTRS)
            return ODS_REFUSE;
        OdsAttr *t = &a[(*n)++];
        t->name = at;
        if (!ods_name_known(o, at, end, t)) {
            OdsStep st = ods_attr_name(o, at, end, t);
            if (st != ODS_OK)
                return st;
        }
        const char *e = ods_skip_spaces(cls, at + t->len);
        if (e >= end)
            return ODS_MORE;
        if (*e != '=')
            return ODS_REFUSE;
        e = ods_skip_spaces(cls, e + 1);
        if (e >= end)
            return ODS_MORE;
        if (*e != '"' && *e != '\'')
            return ODS_REFUSE;
        const char *close;
        OdsStep st = ods_value(s, e, end, &close, &t->has_ref);
        if (st != ODS_OK)
            return st;
        t->value = e + 1;
        t->vlen = (size_t)(close - t->value);
        p = close + 1;
    }
}

/* The elements the handlers act on, by local name as they compare them. */
typedef enum {
    ODS_EL_OTHER, ODS_EL_TABLE, ODS_EL_ROW, ODS_EL_CELL, ODS_EL_P, ODS_EL_S, ODS_EL_TAB, ODS_EL_LINE_BREAK,
    ODS_EL_ANNOTATION, ODS_EL_STYLE, ODS_EL_TABLE_PROPERTIES
} OdsElement;

static OdsElement ods_element(const char *l, size_t n)
{
    switch (n) {
    case 1:
        return *l == 'p' ? ODS_EL_P : *l == 's' ? ODS_EL_S : ODS_EL_OTHER;
    case 3:
        return memcmp(l, "tab", 3) == 0 ? ODS_EL_TAB : ODS_EL_OTHER;
    case 5:
        return memcmp(l, "table", 5) == 0 ? ODS_EL_TABLE : memcmp(l, "style", 5) == 0 ? ODS_EL_STYLE : ODS_EL_OTHER;
    case 9:
        return memcmp(l, "table-row", 9) == 0 ? ODS_EL_ROW : ODS_EL_OTHER;
    case 10:
        return memcmp(l, "table-cell", 10) == 0   ? ODS_EL_CELL
             : memcmp(l, "annotation", 10) == 0 ? ODS_EL_ANNOTATION
             : memcmp(l, "line-break", 10) == 0 ? ODS_EL_LINE_BREAK
                                                : ODS_EL_OTHER;
    case 16:
        return memcmp(l, "table-properties", 16) == 0 ? ODS_EL_TABLE_PROPERTIES : ODS_EL_OTHER;
    case 18:
        return memcmp(l, "covered-table-cell", 18) == 0 ? ODS_EL_CELL : ODS_EL_OTHER;
    default:
        return ODS_EL_OTHER;
    }
}

/* Whether table_ods_start would do anything for this element now (its
** branches, in its order); when not, the tokenizer does not call it. */
static bool ods_start_acts(const TableSheet *s, OdsElement e)
{
    if (s->depth_skip)
        return true;
    if (!s->in_data)
        return e == ODS_EL_TABLE || e == ODS_EL_STYLE || e == ODS_EL_TABLE_PROPERTIES;
    switch (e) {
    case ODS_EL_TABLE:
    case ODS_EL_ANNOTATION:
    case ODS_EL_ROW:
        return true;
    case ODS_EL_CELL:
        return s->in_row;
    case ODS_EL_P:
        return s->in_cell;
    case ODS_EL_S:
    case ODS_EL_TAB:
    case ODS_EL_LINE_BREAK:
        return s->in_text;
    default:
        return false;
    }
}

/* The same for table_ods_end. */
static bool ods_end_acts(const TableSheet *s, OdsElement e)
{
    return s->depth_skip || e == ODS_EL_STYLE || e == ODS_EL_TABLE ||
           (s->in_data && (e == ODS_EL_ROW || e == ODS_EL_CELL || e == ODS_EL_P));
}

/* The attributes the handlers read (table_xml_attr and the value-type loop
** take the first, or every, attribute of a local name: the others can go). */
static bool ods_attr_read(const char *l, size_t n)
{
    switch (n) {
    case 1:
        return *l == 'c';
    case 4:
        return memcmp(l, "name", 4) == 0;
    case 5:
        return memcmp(l, "value", 5) == 0;
    case 7:
        return memcmp(l, "display", 7) == 0 || memcmp(l, "formula", 7) == 0;
    case 10:
        return memcmp(l, "style-name", 10) == 0 || memcmp(l, "value-type", 10) == 0 ||
               memcmp(l, "date-value", 10) == 0;
    case 12:
        return memcmp(l, "string-value", 12) == 0;
    case 13:
        return memcmp(l, "boolean-value", 13) == 0;
    case 20:
        return memcmp(l, "number-rows-repeated", 20) == 0;
    case 23:
        return memcmp(l, "number-columns-repeated", 23) == 0;
    default:
        return false;
    }
}

/* The attributes as expat gives them: "local" (no namespace, or not
** LibreOffice's own), ":calcext: local" (the only URI the handlers ask about);
** only those the handlers read. */
static void ods_expat_attrs(TableOdsScan *o, const OdsAttr *a, int n, const char **out)
{
    size_t off[2 * ODS_SCAN_MAX_ATTRS];
    int k = 0;
    for (int i = 0; i < n; i++) {
        const char *local = a[i].name + a[i].colon;
        size_t len = a[i].len - a[i].colon;
        if (!ods_attr_read(local, len))
            continue;
        bool calcext = a[i].binding >= 0 && o->bind[a[i].binding].calcext;
        off[k++] = ods_tmp_text(o, ":calcext: ", calcext ? 10 : 0, local, len, false);
        off[k++] = ods_tmp_text(o, "", 0, a[i].value, a[i].vlen, a[i].has_ref);
    }
    for (int i = 0; i < k; i++)
        out[i] = o->tmp + off[i];
    out[k] = NULL;
}

static bool ods_push(TableScan *sc, const char *name, size_t n)
{
    if (sc->depth >= TABLE_SCAN_MAX_DEPTH || sc->names_len + n > TABLE_SCAN_MAX_NAMES)
        return false;
    sc->name_len[sc->depth] = n;
    sc->name_off[sc->depth++] = sc->names_len;
    memcpy(sc->names + sc->names_len, name, n);
    sc->names_len += n;
    return true;
}

/* <name attr="v"…> or <name…/> at pos. */
static OdsStep ods_start_tag(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    const char *p = sc->buf + sc->pos + 1, *end = sc->buf + sc->len;
    size_t colon;
    bool more;
    size_t n = ods_name(o->cls, p, end, &colon, &more);
    if (!n)
        return more ? ODS_MORE : ODS_REFUSE;
    if (colon && ods_prefix(o, p, colon) == -1)
        return ODS_REFUSE;
    OdsAttr a[ODS_SCAN_MAX_ATTRS];
    int na;
    const char *q;
    bool empty;
    OdsStep st = ods_attrs(s, p + n, end, a, &na, &q, &empty);
    if (st != ODS_OK)
        return st;
    if (ods_duplicates(o, a, na) || (!empty && !ods_push(sc, p, n)))
        return ODS_REFUSE;
    sc->pos = (size_t)(q + 1 - sc->buf);
    o->last_start = !empty;
    const char *lname = p + (colon ? colon + 1 : 0);
    size_t ln = n - (colon ? colon + 1 : 0);
    OdsElement e = ods_element(lname, ln);
    bool starts = ods_start_acts(s, e);
    if (!starts && !(empty && ods_end_acts(s, e)))
        return ODS_EVENT;
    o->tmp_len = 0;
    const char *attrs[2 * ODS_SCAN_MAX_ATTRS + 1] = { NULL };
    if (starts)
        ods_expat_attrs(o, a, na, attrs);
    size_t at = ods_tmp_text(o, "", 0, lname, ln, false);
    const char *local = o->tmp + at;
    if (starts)
        table_ods_start(r, local, attrs);
    if (empty && ods_end_acts(s, e))
        table_ods_end(r, local);
    return ODS_EVENT;
}

/* </name> at pos, closing the innermost open element (the tokenizer's, or
** below them those expat had open at the handover). */
static OdsStep ods_end_tag(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    const char *p = sc->buf + sc->pos + 2, *end = sc->buf + sc->len;
    size_t colon;
    bool more;
    size_t n = ods_name(o->cls, p, end, &colon, &more);
    if (!n)
        return more ? ODS_MORE : ODS_REFUSE;
    const char *q = ods_skip_spaces(o->cls, p + n);
    if (q >= end)
        return ODS_MORE;
    if (*q != '>')
        return ODS_REFUSE;
    if (sc->depth > 0) {
        if (sc->name_len[sc->depth - 1] != n || !ods_same(p, sc->names + sc->name_off[sc->depth - 1], n))
            return ODS_REFUSE;
        sc->names_len = sc->name_off[--sc->depth];
    } else {
        if (o->base == 0 || strlen(o->open[o->base - 1]) != n || memcmp(o->open[o->base - 1], p, n) != 0)
            return ODS_REFUSE;
        o->base--;
    }
    sc->pos = (size_t)(q + 1 - sc->buf);
    o->last_start = false;
    const char *lname = p + (colon ? colon + 1 : 0);
    size_t ln = n - (colon ? colon + 1 : 0);
    if (!ods_end_acts(s, ods_element(lname, ln)))
        return ODS_EVENT;
    o->tmp_len = 0;
    size_t at = ods_tmp_text(o, "", 0, lname, ln, false);
    table_ods_end(r, o->tmp + at);
    return ODS_EVENT;
}

/* Nearly every cell is `<table:table-cell …><text:p>2401</text:p></table:table-cell>`:
** such a cell, whole in the buffer, with plain text (no reference, no "]"),
** is read here in one pass, its attributes as the general path reads them,
** and given to table_ods_cell when the handlers would read it (a row's cell),
** or only stepped over (a cell of another sheet). Any other shape, or a cell
** anywhere else, answers ODS_MORE and the general path reads it. */
static bool ods_attr_is(const OdsAttr *a, const char *local, size_t n)
{
    return a->len - a->colon == n && ods_same(a->name + a->colon, local, n);
}

/* An attribute's value, references resolved, NUL-terminated, in the side buffer. */
static const char *ods_attr_text(TableOdsScan *o, const OdsAttr *a)
{
    size_t at = ods_tmp_text(o, "", 0, a->value, a->vlen, a->has_ref);
    return o->tmp + at;
}

/* What the cell's attributes say, read as ods_cell_start (table_ods.c) reads
** expat's: the first number-columns-repeated, the last value-type (calcext's
** apart), the first attribute of the value that type reads. */
static void ods_cell_attrs(TableOdsScan *o, const OdsAttr *a, int n, TableOdsCell *c)
{
    const OdsAttr *repeat = NULL, *type = NULL;
    o->tmp_len = 0;
    *c = (TableOdsCell){ 1, 0, NULL, false, false };
    for (int i = 0; i < n; i++) {
        if (!repeat && ods_attr_is(&a[i], "number-columns-repeated", 23))
            repeat = &a[i];
        else if (ods_attr_is(&a[i], "formula", 7))
            c->formula = true;
        else if (ods_attr_is(&a[i], "value-type", 10) && a[i].binding >= 0 && o->bind[a[i].binding].calcext)
            c->error = strcmp(ods_attr_text(o, &a[i]), "error") == 0;
        else if (ods_attr_is(&a[i], "value-type", 10))
            type = &a[i];
    }
    if (repeat)
        c->repeat = table_ods_count(ods_attr_text(o, repeat));
    if (!type)
        return;
    const char *value_name;
    c->type = table_ods_value_kind(ods_attr_text(o, type), &value_name);
    size_t vn = strlen(value_name);
    for (int i = 0; i < n && !c->value; i++)
        if (ods_attr_is(&a[i], value_name, vn))
            c->value = ods_attr_text(o, &a[i]);
}

/* The attribute lists a spreadsheet writes on nearly every cell, as they are
** written: ` office:value-type="string">`, ` office:value-type="float"
** office:value="…">` and ` office:value-type="date" office:date-value="…">`
** with a value of printable ASCII, each maybe after ` table:style-name="…"`
** (a date's usual style; a name of printable ASCII). What they say is what
** ods_cell_attrs reads from them (distinct names, office not calcext's, the
** style read by no handler): *q at the '>', c filled (its value in the side
** buffer when reads: a cell no handler reads keeps none). false for anything
** else, which the general path reads. */
#define ODS_STYLE_ATTR  " table:style-name=\""
#define ODS_TYPE_ATTR   " office:value-type=\""
#define ODS_TYPE_STRING "string\">"
#define ODS_TYPE_FLOAT  "float\" office:value=\""
#define ODS_TYPE_DATE   "date\" office:date-value=\""

/* The end of an attribute value of printable ASCII from p (at its '"', or at
** the byte that stops it: the caller checks). */
static inline __attribute__((always_inline)) const char *ods_plain_value_end(const unsigned char *cls, const char *p)
{
    while (cls[(unsigned char)*p] & ODS_VALUE)
        p++;
    return p;
}

/* A cell's attributes of those lists, as written: its type ('s', 'f', 'd'),
** its value where it lies (NULL for a string), *q at the '>'. */
typedef struct OdsLiteral {
    char type;
    const char *value, *close;
    size_t vlen;
} OdsLiteral;

static inline __attribute__((always_inline)) bool ods_literal_shape(const unsigned char *cls, const char *p,
                                                                    const char *end, OdsLiteral *l)
{
    size_t lst = sizeof ODS_STYLE_ATTR - 1, la = sizeof ODS_TYPE_ATTR - 1, ls = sizeof ODS_TYPE_STRING - 1,
           lf = sizeof ODS_TYPE_FLOAT - 1, ld = sizeof ODS_TYPE_DATE - 1;
    if ((size_t)(end - p) > lst && ods_same(p, ODS_STYLE_ATTR, lst)) {
        p = ods_plain_value_end(cls, p + lst);   /* the buffer's NUL stops it */
        if (*p != '"')
            return false;
        p++;
    }
    if ((size_t)(end - p) < la + ld || !ods_same(p, ODS_TYPE_ATTR, la))
        return false;
    p += la;
    if (ods_same(p, ODS_TYPE_STRING, ls)) {
        *l = (OdsLiteral){ 's', NULL, p + ls - 1, 0 };
        return true;
    }
    char type;
    if (ods_same(p, ODS_TYPE_FLOAT, lf))
        type = 'f', p += lf;
    else if (ods_same(p, ODS_TYPE_DATE, ld))
        type = 'd', p += ld;
    else
        return false;
    const char *e = ods_plain_value_end(cls, p);
    if (e + 1 >= end || e[0] != '"' || e[1] != '>')
        return false;
    *l = (OdsLiteral){ type, p, e + 1, (size_t)(e - p) };
    return true;
}

static bool ods_literal_attrs(TableOdsScan *o, const char *p, const char *end, const char **q, TableOdsCell *c,
                              bool reads)
{
    OdsLiteral l;
    if (!o->office_plain || !ods_literal_shape(o->cls, p, end, &l))
        return false;
    *c = (TableOdsCell){ 1, l.type, NULL, false, false };
    if (reads && l.value) {
        o->tmp_len = 0;
        size_t at = ods_tmp_text(o, "", 0, l.value, l.vlen, false);   /* o->tmp may move: read it after */
        c->value = o->tmp + at;
    }
    *q = l.close;
    return true;
}

/* The float's value, put as table_ods_plain_cell puts it: a plain decimal
** where it lies (no copy to the side buffer), anything else NUL-terminated. */
static void ods_usual_float(TableReader *r, TableOdsScan *o, const char *value, size_t vlen, const char *text,
                            size_t len)
{
    if (table_sheet_plain_decimal_end(value) == value + vlen && vlen > 0) {
        table_ods_text_cell(r, value, vlen);
        return;
    }
    o->tmp_len = 0;
    size_t at = ods_tmp_text(o, "", 0, value, vlen, false);
    table_ods_plain_cell(r, o->tmp + at, text, len);
}

/* A cell of a usual shape at p, read whole, the conditions of ods_fast_cell
** holding (reads: a row's cell, for the handlers); ODS_MORE for any other
** shape, which ods_fast_cell reads with the same result. */
static inline __attribute__((always_inline)) OdsStep ods_usual_cell(TableReader *r, TableSheet *s, const char *p, const char *end, bool reads)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    OdsUsual u;
    if (!o->office_plain || !ods_usual_shape(sc, o->cls, p, end, &u))
        return ODS_MORE;
    sc->pos = (size_t)(u.next - sc->buf);
    o->last_start = false;
    if (reads && u.value)
        ods_usual_float(r, o, u.value, u.vlen, u.text, u.len);
    else if (reads)
        table_ods_text_cell(r, u.text, u.len);
    return ODS_EVENT;
}

/* The rest of a cell whose attributes ods_literal_shape read (l): its
** paragraph of plain text and its end tags; where the cell ends, NULL for
** any other shape. */
static inline __attribute__((always_inline)) const char *ods_literal_cell_end(const TableScan *sc,
                                                                               const unsigned char *cls,
                                                                               const OdsLiteral *l, const char *end)
{
    size_t lt = sizeof ODS_CELL_TEXT - 1, lc = sizeof ODS_CELL_CLOSE - 1;
    if ((size_t)(end - l->close) < 1 + lt + lc || !ods_same(l->close + 1, ODS_CELL_TEXT, lt))
        return NULL;
    const char *t = ods_plain_text_end(sc, cls, l->close + 1 + lt, end);
    if (!t || *t != '<' || (size_t)(end - t) < lc || !ods_same(t, ODS_CELL_CLOSE, lc))
        return NULL;
    return t + lc;
}

/* The other cells of a participant's row at p, read whole: an empty cell,
** a column passed, and a date of at most ten bytes (`YYYY-MM-DD`: no time
** for ods_cell_done to drop) after its style (ods_literal_shape), its
** paragraph of plain text, put as ods_cell_done puts a date's value, when
** ods_row_put_short takes it. Where the cell ends; NULL, nothing done, for
** any other. */
static inline __attribute__((always_inline)) const char *ods_usual_other(const TableScan *sc,
                                                                          const unsigned char *cls, const char *p,
                                                                          const char *end, OdsRowPut *w)
{
    size_t lo = sizeof ODS_CELL_OPEN - 1, lt = sizeof ODS_CELL_TEXT - 1, lc = sizeof ODS_CELL_CLOSE - 1;
    OdsLiteral l;
    if ((size_t)(end - p) < lo + lt + lc || !ods_same(p, ODS_CELL_OPEN, lo))
        return NULL;
    if (p[lo] == '/' && p[lo + 1] == '>') {
        w->col++;
        return p + lo + 2;
    }
    if (!ods_literal_shape(cls, p + lo, end, &l) || l.type != 'd' || l.vlen > 10)
        return NULL;
    const char *next = ods_literal_cell_end(sc, cls, &l, end);
    if (!next || !ods_row_put_short(w, l.value, l.vlen))
        return NULL;
    return next;
}

/* The usual cells at the tokenizer's place put while their put is
** ods_row_put_short's (a string, or a float of a plain decimal value: an
** empty one is not short), and the participants' others (ods_usual_other),
** in a data row whose header is read; it stops before any other cell, for
** the handlers' put. None of these cells changes what the caller checked. */
static void ods_usual_run(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len, *from = p;
    const unsigned char *cls = s->ods->cls;   /* a local: the puts' stores may alias s->ods */
    if (!s->ods->office_plain)
        return;
    OdsRowPut w = { s->row_text, s->row_text_len, s->row_text_cap, r->row_bytes, r->cells, s->next_col,
                    r->info.ncols, s->max_col, s->row_has_value };
    OdsUsual u;
    const char *other;
    while (p[0] == '<' && p[1] == 't') {
        if (!ods_usual_shape(sc, cls, p, end, &u)) {
            if (!(other = ods_usual_other(sc, cls, p, end, &w)))
                break;
            p = other;
        } else if (u.value ? table_sheet_plain_decimal_end(u.value) == u.value + u.vlen &&
                                 ods_row_put_short(&w, u.value, u.vlen)
                           : ods_row_put_short(&w, u.text, u.len)) {
            p = u.next;
        } else {
            break;
        }
    }
    if (p == from)
        return;
    s->row_text_len = w.text_len;
    r->row_bytes = w.bytes;
    s->next_col = w.col;
    s->max_col = w.max_col;
    s->row_has_value = w.has_value;
    sc->pos = (size_t)(p - sc->buf);
    s->ods->last_start = false;
}

static OdsStep ods_fast_cell(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len;
    size_t lo = sizeof ODS_CELL_OPEN - 1, lt = sizeof ODS_CELL_TEXT - 1, lc = sizeof ODS_CELL_CLOSE - 1;
    bool reads = s->in_data && s->in_row && !s->in_cell;
    if (!o->fast_cells || s->depth_skip || (s->in_data && !reads) || sc->depth + 2 > TABLE_SCAN_MAX_DEPTH ||
        sc->names_len + lo + lt > TABLE_SCAN_MAX_NAMES || (size_t)(end - p) < lo + lt + lc ||
        !ods_same(p, ODS_CELL_OPEN, lo))
        return ODS_MORE;
    if (p[lo] == '/' && p[lo + 1] == '>') {
        /* <table:table-cell/>: what the handlers do for it, a column passed (ods_cell_done puts no empty text) */
        sc->pos += lo + 2;
        o->last_start = false;
        if (reads)
            s->next_col++;
        return ODS_EVENT;
    }
    if (ods_usual_cell(r, s, p, end, reads) == ODS_EVENT)
        return ODS_EVENT;
    OdsAttr a[ODS_SCAN_MAX_ATTRS];
    int na = -1;
    const char *q;
    bool empty;
    TableOdsCell cell;
    if (!ods_literal_attrs(o, p + lo, end, &q, &cell, reads) &&
        (ods_attrs(s, p + lo, end, a, &na, &q, &empty) != ODS_OK || empty || ods_duplicates(o, a, na)))
        return ODS_MORE;
    if ((size_t)(end - q) < 1 + lt + lc || !ods_same(q + 1, ODS_CELL_TEXT, lt))
        return ODS_MORE;
    const char *text = q + 1 + lt, *t = ods_plain_text_end(sc, o->cls, text, end);
    if (!t || *t != '<' || (size_t)(end - t) < lc || !ods_same(t, ODS_CELL_CLOSE, lc))
        return ODS_MORE;
    sc->pos = (size_t)(t + lc - sc->buf);
    o->last_start = false;
    if (reads && na < 0 && cell.type != 'd') {
        table_ods_plain_cell(r, cell.value, text, (size_t)(t - text));
    } else if (reads) {
        if (na >= 0)
            ods_cell_attrs(o, a, na, &cell);
        table_ods_cell(r, &cell, text, (size_t)(t - text));
    }
    return ODS_EVENT;
}

/* A tag starting with t at the tokenizer's place (a cell's, maybe). */
static inline __attribute__((always_inline)) bool ods_at_t(const TableScan *sc)
{
    return sc->buf[sc->pos] == '<' && sc->buf[sc->pos + 1] == 't';
}

/* The cells after one read by ods_fast_cell: in a data row no cell stops the
** reading, gives the row or moves the safe place, so the pump's checks between
** them are left out while nothing is set. The conditions ods_fast_cell checked
** before the first cell hold for the next ones (no cell of these changes
** them): a usual cell is tried without them. And a usual cell of a data row
** (header read) changes none of the loop's conditions either: its text or
** value goes into the row, or the row is rejected (table_sheet_put_cell),
** never the reading stopped. So the usual cells after one are read checking
** only that a tag follows, where the loop's loads and compares were a sixth
** of a cell. */
static void ods_usual_cells(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    while (s->header_done && s->in_data && s->in_row && !say_is_set(s->xml.stop) && !say_is_set(r->fatal.msg) &&
           ods_at_t(sc)) {
        ods_usual_run(r, s);
        if (ods_at_t(sc) && ods_usual_cell(r, s, sc->buf + sc->pos, sc->buf + sc->len, true) != ODS_EVENT &&
            ods_fast_cell(r, s) != ODS_EVENT)
            return;
    }
}

/* Cells read by ods_fast_cell one after the other. Outside the sheet read
** no handler acts on a cell (nor stops, gives or pauses), so the pump's
** steps between them would only note a safe place after each: the cells
** that follow are read in this step, the safe place noted after the last
** (expat, should it take over, reads them again with handlers that do
** nothing for them). */
static OdsStep ods_fast_cells(TableReader *r, TableSheet *s)
{
    OdsStep st = ods_fast_cell(r, s);
    if (st != ODS_EVENT)
        return st;
    if (!s->in_data) {
        while (ods_at_t(&s->scan) && ods_fast_cell(r, s) == ODS_EVENT)
            ;
        return ODS_EVENT;
    }
    ods_usual_cells(r, s);
    return ODS_EVENT;
}

/* A row's tags as a spreadsheet writes them, `<table:table-row>` and
** `</table:table-row>` (closing the one open), in the sheet read: what
** ods_start_tag and ods_end_tag do for them, without their general steps.
** ODS_MORE for anything else, which they read. */

/* `</table:table-row>` at pos, closing the row open: ODS_MORE for anything else. */
static inline __attribute__((always_inline)) OdsStep ods_fast_row_end(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *p = sc->buf + sc->pos;
    size_t avail = sc->len - sc->pos, lo = sizeof ODS_ROW_OPEN - 1, ln = sizeof ODS_ROW_NAME - 1;
    if (avail < lo + 1 || p[1] != '/' || sc->depth == 0 || sc->name_len[sc->depth - 1] != ln ||
        !ods_same(p, ODS_ROW_CLOSE, lo + 1) || !ods_same(sc->names + sc->name_off[sc->depth - 1], ODS_ROW_NAME, ln))
        return ODS_MORE;
    sc->names_len = sc->name_off[--sc->depth];
    sc->pos += lo + 1;
    s->ods->last_start = false;
    if (s->in_row)
        table_ods_row_end(r);
    return ODS_EVENT;
}

/* A row begun: its cells and its end read in the same step when they are the
** usual ones, where the pump would have done nothing between them but check
** for an error (the safe place moves only between rows, the row is given only
** at its end). */
static void ods_fast_row_body(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    if (say_is_set(s->xml.stop) || say_is_set(r->fatal.msg))
        return;
    /* The row's first cell: of ods_fast_cell's conditions, ods_fast_row's
    ** hold, and the row just begun leaves these to check; then
    ** ods_usual_cells reads it as the cells after a first. */
    bool usual = s->header_done && !s->in_cell && sc->depth + 2 <= TABLE_SCAN_MAX_DEPTH &&
                 sc->names_len + sizeof ODS_CELL_OPEN - 1 + sizeof ODS_CELL_TEXT - 1 <= TABLE_SCAN_MAX_NAMES;
    if (!usual && ods_fast_cell(r, s) != ODS_EVENT)
        return;
    ods_usual_cells(r, s);
    if (!say_is_set(s->xml.stop) && !say_is_set(r->fatal.msg))
        ods_fast_row_end(r, s);
}

/*
** The rows of a sheet not read (an opener on its way to its own sheet: the
** hour sheet's passes the contracts' and the participants' 25 MB of medium,
** on the thread the participants' loading shares the cores with): no handler
** acts on a row or a cell there, so the pump's steps between their tags would
** only note a safe place after each. `<table:table-row>`, its cells
** (ods_fast_cell's) and `</table:table-row>` are read in this step, row after
** row, the safe place noted after the last; a row begun and not ended here
** (another cell, another tag) is left where it stands, as ods_fast_cells
** leaves its cells, for the general steps (expat, should it take over, reads
** them again from a place outside the rows, with handlers that do nothing
** for them). ODS_MORE when nothing was read.
*/
/* A cell of a row passed, of the shapes ods_fast_cell reads without its
** general attributes: an empty cell, a usual one, one whose attributes
** ods_literal_shape reads (a date after its style); where it ends, NULL for
** any other (ods_fast_cell's, or the general steps'). The caller checked
** what ods_fast_cell checks of the tags and the prefixes. */
static inline __attribute__((always_inline)) const char *ods_cell_passed(const TableScan *sc,
                                                                          const unsigned char *cls, const char *p,
                                                                          const char *end)
{
    size_t lo = sizeof ODS_CELL_OPEN - 1, lt = sizeof ODS_CELL_TEXT - 1, lc = sizeof ODS_CELL_CLOSE - 1;
    OdsUsual u;
    OdsLiteral l;
    if ((size_t)(end - p) < lo + lt + lc || !ods_same(p, ODS_CELL_OPEN, lo))
        return NULL;
    if (p[lo] == '/' && p[lo + 1] == '>')
        return p + lo + 2;
    if (ods_usual_shape(sc, cls, p, end, &u))
        return u.next;
    if (!ods_literal_shape(cls, p + lo, end, &l))
        return NULL;
    return ods_literal_cell_end(sc, cls, &l, end);
}

/* The cells of a row passed: read by their shapes in a loop, where the
** pump's call of ods_fast_cell and its checks were a third of a cell; any
** other shape by ods_fast_cell, which reads these the same way. */
static void ods_cells_passed(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    size_t lo = sizeof ODS_CELL_OPEN - 1, lt = sizeof ODS_CELL_TEXT - 1;
    if (o->office_plain && sc->depth + 2 <= TABLE_SCAN_MAX_DEPTH && sc->names_len + lo + lt <= TABLE_SCAN_MAX_NAMES) {
        const unsigned char *cls = o->cls;
        const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len, *next;
        while (p[0] == '<' && p[1] == 't' && (next = ods_cell_passed(sc, cls, p, end)))
            p = next;
        if (p != sc->buf + sc->pos) {
            sc->pos = (size_t)(p - sc->buf);
            o->last_start = false;
        }
    }
    while (ods_at_t(sc) && ods_fast_cell(r, s) == ODS_EVENT)
        ;
}

static OdsStep ods_rows_passed(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    size_t lo = sizeof ODS_ROW_OPEN - 1, ln = sizeof ODS_ROW_NAME - 1;
    size_t from = sc->pos;
    for (;;) {
        const char *p = sc->buf + sc->pos;
        if (sc->len - sc->pos < lo || p[0] != '<')
            break;
        if (p[1] == '/') {
            if (ods_fast_row_end(r, s) != ODS_EVENT)
                break;
            continue;
        }
        if (!ods_same(p, ODS_ROW_OPEN, lo) || !ods_push(sc, p + 1, ln))
            break;
        sc->pos += lo;
        o->last_start = true;
        ods_cells_passed(r, s);
    }
    return sc->pos != from ? ODS_EVENT : ODS_MORE;
}

static OdsStep ods_fast_row(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    const char *p = sc->buf + sc->pos;
    size_t avail = sc->len - sc->pos, lo = sizeof ODS_ROW_OPEN - 1, ln = sizeof ODS_ROW_NAME - 1;
    if (!o->fast_cells || s->depth_skip)
        return ODS_MORE;
    if (!s->in_data)
        return ods_rows_passed(r, s);
    if (p[1] == '/')
        return ods_fast_row_end(r, s);
    if (o->rows.by == s && o->rows.row == s->row_num && ods_template_may(r, s) && ods_templates_row(r, s))
        return ODS_EVENT;
    if (avail < lo || !ods_same(p, ODS_ROW_OPEN, lo) || !ods_push(sc, p + 1, ln))
        return ODS_MORE;
    bool data = s->header_done;
    sc->pos += lo;
    o->last_start = true;
    table_ods_row_start(r, 1);
    ods_fast_row_body(r, s);
    if (data && s->xml.row_ready && !s->in_row)
        ods_templates_learn(r, s, p, sc->buf + sc->pos);
    return ODS_EVENT;
}

/* The next row read by a template where the pump gave the row before it
** (table_ods_next's first try): what the pump's step and ods_fast_row do,
** without them. false, nothing done, for the pump to read it. */
bool table_ods_scan_row(TableReader *r, TableSheet *s)
{
    TableOdsScan *o = s->ods;
    TableScan *sc = &s->scan;
    /* The safe place noted where the row before ended (the pump notes it
    ** there): no tag read since, so what ods_template_may checks of the
    ** tags (in a data row, a cell, the depths) is as it was when that row
    ** was given; what may have changed since is checked. */
    if (o->rows.by != s || o->rows.row != s->row_num || !ods_safe_noted(s) || o->off ||
        (r->part && (o->refused || o->ended)) || say_is_set(s->xml.stop) || say_is_set(r->fatal.msg) ||
        s->row_num >= TABLE_MAX_SHEET_ROWS || !ods_templates_row(r, s))
        return false;
    /* the pump's safe place after a row given: the place and the row number
    ** move, the other fields it keeps move only with other tags */
    o->safe.at = sc->offset + sc->pos;
    o->safe.row_num = s->row_num;
    o->safe.after_start = false;
    s->xml.paused = false;
    return true;
}

/* After the root element: spaces, then the part's end (anything else is expat's). */
static OdsStep ods_after_root(TableSheet *s)
{
    TableScan *sc = &s->scan;
    const char *from = sc->buf + sc->pos, *p = ods_skip_spaces(s->ods->cls, from);
    if (p < sc->buf + sc->len)
        return ODS_REFUSE;
    sc->pos = sc->len;
    if (sc->input_done) {
        s->xml.eof = true;
        return ODS_OK;
    }
    return p > from ? ODS_OK : ODS_MORE;
}

static OdsStep ods_step(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    if (sc->depth == 0 && s->ods->base == 0)
        return ods_after_root(s);
    const char *p = sc->buf + sc->pos;
    size_t avail = sc->len - sc->pos;
    if (avail == 0)
        return ODS_MORE;
    if (*p != '<')
        return ods_text(s);
    if (avail < 2)
        return ODS_MORE;
    if (p[2] == 't' || p[1] == 't') {
        OdsStep st = ods_fast_row(r, s);
        if (st != ODS_MORE)
            return st;
    }
    if (p[1] == '/')
        return ods_end_tag(r, s);
    if (p[1] == '!' || p[1] == '?')
        return ODS_REFUSE;   /* comments, CDATA, processing instructions, DOCTYPE: expat's */
    if (p[1] == 't') {
        OdsStep st = ods_fast_cells(r, s);
        if (st != ODS_MORE)
            return st;
    }
    return ods_start_tag(r, s);
}

/* ---- slices: a part's tokenizer, and where the main reader goes on ---------------------------------------- */

bool table_ods_scan_part_between(const TableReader *p)
{
    const TableSheet *s = p->sheet;
    const TableScan *sc = &s->scan;
    const TableOdsScan *o = s->ods;
    const TableSheetSplit *z = &s->split;
    return !o->refused && !o->ended && !say_is_set(p->fatal.msg) && sc->pos == sc->len && s->in_data && !s->in_row &&
           !s->in_cell && !s->depth_skip && s->repeat_left == 0 && o->base == o->split_base && sc->depth == z->depth &&
           sc->names_len == z->names_len && memcmp(sc->names, z->names, z->names_len) == 0;
}

static void ods_end_note(TableReader *r, TableSheet *s)
{
    TableOdsScan *o = s->ods;
    TableOdsEnd *v = o->end;
    bool between = table_ods_scan_part_between(r);
    pthread_mutex_lock(&v->mutex);
    if ((long long)o->slice_at >= v->at) {
        v->at = (long long)o->slice_at;
        v->ended = o->ended;
        v->refused = o->refused && !o->ended;
        v->between = between;
        v->stop = s->scan.offset + s->scan.pos;
        v->row_num = s->row_num;
        v->safe = o->safe;
        v->by = s;
        v->guessed = s->split.row_guessed;
    }
    pthread_mutex_unlock(&v->mutex);
}

bool table_ods_scan_part_stopped(const TableReader *p)
{
    const TableOdsScan *o = p->sheet->ods;
    return table_ods_scan_part_between(p) || o->ended || o->refused;
}

void table_ods_scan_end_shift(TableSheet *s, long shift)
{
    TableOdsScan *o = s->ods;
    TableOdsEnd *v = o->end;
    o->safe.row_num += shift;
    if (o->rows.by == s)
        o->rows.row += shift;
    pthread_mutex_lock(&v->mutex);
    if (v->by == s && v->guessed && v->at == (long long)o->slice_at) {
        v->row_num += shift;
        v->safe.row_num += shift;
        v->guessed = false;
    }
    pthread_mutex_unlock(&v->mutex);
}

static bool ods_part_stop(TableReader *r, TableSheet *s)
{
    r->part_wants = true;
    ods_end_note(r, s);
    return false;
}

void table_ods_scan_part_ended(TableReader *p)
{
    p->sheet->ods->ended = true;
    ods_end_note(p, p->sheet);
}

bool table_ods_scan_can_split(const TableSheet *s)
{
    const TableOdsScan *o = s->ods;
    return o && !o->off && s->xml.scanning && o->fast_cells && !o->last_start && !o->safe.after_start &&
           o->safe.at == s->scan.offset + s->scan.pos;
}

/* (its mutex is a default one, which holds nothing to destroy) */
TableOdsEnd *table_ods_scan_end_new(const TableSheet *s)
{
    TableOdsEnd *v = rt_alloc(sizeof *v);
    pthread_mutex_init(&v->mutex, NULL);
    v->at = -1;
    v->between = true;
    v->stop = s->scan.offset + s->scan.pos;
    v->row_num = s->row_num;
    v->safe = s->ods->safe;
    return v;
}

TableOdsScan *table_ods_scan_part(const TableSheet *m, TableOdsEnd *end)
{
    TableOdsScan *o = rt_alloc(sizeof *o);
    *o = *m->ods;   /* the bindings, expat's open elements: read only, shared */
    o->tmp = NULL;
    o->tmp_len = o->tmp_cap = 0;
    o->split_base = m->ods->base;
    o->end = end;
    o->rows.by = NULL;
    o->rows.same.tpl = -1;
    return o;
}

void table_ods_scan_part_start(TableSheet *s, const char *bytes, size_t len, unsigned long long at)
{
    TableOdsScan *o = s->ods;
    TableScan *sc = &s->scan;
    const TableSheetSplit *z = &s->split;
    sc->buf = (char *)bytes;   /* read where it lies, never written */
    sc->len = sc->cap = len;
    sc->pos = 0;
    sc->offset = at;
    sc->input_done = false;
    table_sheet_split_restore_names(sc, z);
    o->base = o->split_base;
    o->refused = o->ended = false;
    o->last_start = false;   /* a slice starts after a row's end tag */
    o->slice_at = at;
    o->rows.by = NULL;   /* its row number is the cutter's: the last row given is not the template's */
    o->rows.same.tpl = -1;
    ods_safe_point(s);
}

void table_ods_scan_part_more(TableReader *p, const char *bytes, size_t len, unsigned long long at)
{
    TableSheet *s = p->sheet;
    TableOdsScan *o = s->ods;
    TableScan *sc = &s->scan;
    o->slice_at = at;
    if (o->ended) {   /* past the sheet's end (its reader released): nothing more to read */
        ods_end_note(p, s);
        return;
    }
    if (o->refused)
        return;   /* its pump says so again */
    size_t pending = sc->len - sc->pos;
    if (pending + len > ODS_SCAN_MAX_BUFFER) {
        o->refused = true;   /* a token the single reader would give to expat too */
        return;
    }
    char *buf = rt_alloc_atomic(pending + len + ODS_SCAN_PAD);
    memcpy(buf, sc->buf + sc->pos, pending);
    memcpy(buf + pending, bytes, len);
    memset(buf + pending + len, 0, ODS_SCAN_PAD);
    sc->offset += sc->pos;
    sc->buf = buf;
    sc->len = sc->cap = pending + len;
    sc->pos = 0;
}

/* The carry (from the last slice's end) as the main reader's buffer. */
static bool ods_take_carry(TableReader *r, TableSheet *s)
{
    TableSheetSplit *z = &s->split;
    TableScan *sc = &s->scan;
    size_t cap = z->carry_len > ODS_SCAN_READ ? z->carry_len : ODS_SCAN_READ;
    sc->buf = rt_alloc_atomic(cap + ODS_SCAN_PAD);
    memcpy(sc->buf, z->carry, z->carry_len);
    memset(sc->buf + z->carry_len, 0, ODS_SCAN_PAD);
    sc->cap = cap;
    sc->len = z->carry_len;
    sc->pos = 0;
    sc->offset = z->offset;
    sc->input_done = z->done || z->failed;
    free(z->carry);
    z->carry = NULL;
    z->carry_len = z->carry_cap = 0;
    return true;
}

bool table_ods_scan_resume(TableReader *r, TableSheet *s)
{
    TableSheetSplit *z = &s->split;
    const TableOdsEnd *v = z->end;
    TableOdsScan *o = s->ods;
    z->resumed = true;
    o->rows.by = NULL;   /* the row number is the parts' */
    o->rows.same.tpl = -1;
    s->xml.row_ready = false;   /* (the header's, given before the slices) */
    s->row_num = v->row_num;
    if (v->ended) {   /* a part met the sheet's end tag: the cutter did not see it */
        s->xml.eof = true;
        s->carry_to = NULL;   /* the next sheet's reader opens the part anew */
        return true;
    }
    if (!v->refused && v->between && z->sheet_end && v->stop == z->offset && v->safe.at == v->stop) {
        if (z->failed)
            s->carry_to = NULL;   /* the stream failed after the sheet: the next reader meets it anew */
        o->safe = v->safe;
        o->safe_by = NULL;
        o->last_start = false;
        return ods_take_carry(r, s);
    }
    if (!v->refused && say_is_set(z->kept.msg)) {
        r->fatal = z->kept;   /* the read failed before the sheet's end, as for the single reader */
        return false;
    }
    o->safe = v->safe;
    o->safe_by = NULL;
    return ods_replay(r, s);
}

/* ---- the reader's side ------------------------------------------------------------------------------- */

bool table_ods_scan_reading(const TableSheet *s)
{
    return s->xml.scanning && s->ods && !s->ods->off;
}

bool table_ods_scan_pump(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    s->xml.row_ready = false;
    if (r->part && o->refused)
        return ods_part_stop(r, s);
    /* The handover, or the end of the row last given; a part that read on
    ** into its next slice may stand after text, not where expat can take over. */
    if (!s->in_row && (!r->part || sc->offset + sc->pos == o->safe.at) && !ods_safe_noted(s))
        ods_safe_point(s);
    while (!s->xml.eof) {
        OdsStep st = ods_step(r, s);
        if (st == ODS_MORE) {
            if (r->part)
                return ods_part_stop(r, s);   /* its slice is read */
            int got = sc->input_done ? 0 : ods_fill(r, s);
            if (got < 0)
                return false;
            if (got == 0)
                return ods_replay(r, s);
            continue;
        }
        if (st == ODS_REFUSE && r->part) {
            o->refused = true;   /* the main reader gives it to expat once the slices are read */
            return ods_part_stop(r, s);
        }
        if (st == ODS_REFUSE)
            return ods_replay(r, s);
        if (st == ODS_OK)
            continue;
        if (say_is_set(s->xml.stop)) {
            if (!say_is_set(r->fatal.msg))
                table_fatal(r, s->xml.stop_code, 0, s->xml.stop);
            return false;
        }
        if (say_is_set(r->fatal.msg))
            return false;
        if (!s->in_row && !s->depth_skip)
            ods_safe_point(s);
        if (s->xml.paused) {
            s->xml.paused = false;
            return true;
        }
    }
    return true;
}
