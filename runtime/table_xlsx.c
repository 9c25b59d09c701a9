/* runtime/table_xlsx.c: the XLSX reader: the workbook's sheets, shared strings and date styles, then one sheet's rows, streamed. */
#include "table_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "utf8.h"

#define XLSX_IS(local, n, lit) ((n) == sizeof(lit) - 1 && memcmp((local), (lit), sizeof(lit) - 1) == 0)

/* ---- workbook.xml: the sheets and the date system -------------------------------------- */

static void XMLCALL xlsx_book_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    TableReader *r = user;
    TableSheet *s = r->sheet;
    const char *local = table_xml_local(name);
    if (strcmp(local, "workbookPr") == 0) {
        const char *v = table_xml_attr(attrs, "date1904");
        s->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(local, "sheet") == 0) {
        const char *sheet = table_xml_attr(attrs, "name"), *state = table_xml_attr(attrs, "state");
        const char *rid = NULL;
        for (int i = 0; attrs[i]; i += 2)
            if (strcmp(table_xml_local(attrs[i]), "id") == 0 && table_xml_ns_has(attrs[i], "relationships"))
                rid = attrs[i + 1];
        if (!sheet || !rid)
            return;
        int n = s->nsheet_list++;
        RT_GROW(s->sheet_names, n);
        RT_GROW(s->sheet_rids, n);
        RT_GROW_ATOMIC(s->sheet_hidden, n);
        s->sheet_names[n] = rt_strdup(sheet);
        s->sheet_rids[n] = rt_strdup(rid);
        s->sheet_hidden[n] = state && strcmp(state, "visible") != 0;
    }
}

static void XMLCALL xlsx_rels_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    TableSheet *s = ((TableReader *)user)->sheet;
    if (strcmp(table_xml_local(name), "Relationship") != 0)
        return;
    const char *id = table_xml_attr(attrs, "Id"), *target = table_xml_attr(attrs, "Target");
    const char *type = table_xml_attr(attrs, "Type");
    if (!id || !target)
        return;
    int n = s->nrels++;
    RT_GROW(s->rel_ids, n);
    RT_GROW(s->rel_targets, n);
    RT_GROW(s->rel_types, n);
    s->rel_ids[n] = rt_strdup(id);
    s->rel_targets[n] = rt_strdup(target);
    s->rel_types[n] = rt_strdup(type ? type : "");
}

static void XMLCALL xlsx_no_end(void *user, const XML_Char *name)
{
}

static void XMLCALL xlsx_no_text(void *user, const XML_Char *text, int len)
{
}

/* A relationship's target as a part name: relative to xl/, or absolute. */
static const char *xlsx_part(const char *target)
{
    if (target[0] == '/')
        return target + 1;
    return rt_sprintf("xl/%s", target);
}

static const char *xlsx_rel(const TableSheet *s, const char *id, const char *type_suffix)
{
    for (int i = 0; i < s->nrels; i++) {
        if (id && strcmp(s->rel_ids[i], id) == 0)
            return xlsx_part(s->rel_targets[i]);
        size_t tl = strlen(s->rel_types[i]), sl = type_suffix ? strlen(type_suffix) : 0;
        if (!id && tl >= sl && strcmp(s->rel_types[i] + tl - sl, type_suffix) == 0)
            return xlsx_part(s->rel_targets[i]);
    }
    return NULL;
}

/* ---- styles.xml: which cell styles show a date --------------------------------------------- */

/* A number format shows a date when it has a day or a year outside quotes and brackets. */
static bool xlsx_format_is_date(const char *code)
{
    bool quoted = false, bracket = false;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (*p == '\\' && p[1])
            p++;
        else if (*p == '[')
            bracket = true;
        else if (*p == ']')
            bracket = false;
        else if (!bracket && (*p == 'd' || *p == 'D' || *p == 'y' || *p == 'Y'))
            return true;
    }
    return false;
}

static bool xlsx_builtin_date(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void XMLCALL xlsx_styles_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    TableSheet *s = ((TableReader *)user)->sheet;
    const char *local = table_xml_local(name);
    if (strcmp(local, "numFmt") == 0) {
        const char *id = table_xml_attr(attrs, "numFmtId"), *code = table_xml_attr(attrs, "formatCode");
        long n = id ? strtol(id, NULL, 10) : -1;
        if (n >= 0 && n < 4096 && code) {
            if (!s->fmt_codes)
                s->fmt_codes = RT_NEW_ARRAY(char *, 4096);
            s->fmt_codes[n] = rt_strdup(code);
        }
    } else if (strcmp(local, "cellXfs") == 0) {
        s->in_xfs = true;
    } else if (s->in_xfs && strcmp(local, "xf") == 0) {
        const char *id = table_xml_attr(attrs, "numFmtId");
        long n = id ? strtol(id, NULL, 10) : 0;
        bool date = xlsx_builtin_date(n) || (n >= 0 && n < 4096 && s->fmt_codes && s->fmt_codes[n] &&
                                            xlsx_format_is_date(s->fmt_codes[n]));
        RT_GROW_ATOMIC(s->xf_date, s->nxf);
        s->xf_date[s->nxf++] = date;
    }
}

static void XMLCALL xlsx_styles_end(void *user, const XML_Char *name)
{
    TableSheet *s = ((TableReader *)user)->sheet;
    if (strcmp(table_xml_local(name), "cellXfs") == 0)
        s->in_xfs = false;
}

/* ---- sharedStrings.xml ------------------------------------------------------------------------ */

/* Read by table_xml_scan as a sheet is (expat's general machinery cost a
** quarter of a billion instructions for the 1.2 MB of a large workbook's
** table, and every table read opens the workbook again). */

void table_xlsx_sst_start(TableReader *r, const char *local, size_t n)
{
    TableSheet *s = r->sheet;
    if (XLSX_IS(local, n, "si")) {
        s->in_si = true;
        s->cell_len = 0;
        s->cell_over = false;
    } else if (XLSX_IS(local, n, "rPh")) {
        s->depth_skip++;   /* phonetic reading: not the text */
    } else if (s->in_si && !s->depth_skip && XLSX_IS(local, n, "t")) {
        s->in_text = true;
    }
}

static char *xlsx_unescape(const char *s, size_t n, size_t *outlen);

/* Whether every byte of text is above the space and below 0x80
** (TableSheet.sst_off), sixteen bytes at a time: as signed bytes, both
** kinds of byte refused are below '!'. */
static bool xlsx_text_plain(const char *text, size_t len)
{
    const __m128i bang = _mm_set1_epi8('!');
    size_t i = 0;
    for (; i + 16 <= len; i += 16)
        if (_mm_movemask_epi8(_mm_cmplt_epi8(_mm_loadu_si128((const __m128i *)(text + i)), bang)))
            return false;
    for (; i < len; i++)
        if ((unsigned char)text[i] <= ' ' || (unsigned char)text[i] >= 0x80)
            return false;
    return true;
}

/*
** Room for one more string of len bytes. The arrays double, their room kept
** in the sheet: RT_GROW asked the collector for each array's block size, three
** times a string (28 000 strings in medium.xlsx: 3.6 M instructions of the
** 19 M of its table's parse, on the thread the main one waits for).
*/
static void xlsx_sst_room(TableSheet *s, size_t len)
{
    /* a byte beyond the last NUL, as RT_GROW left */
    if (s->sst_len + TABLE_TEXT_KEY_BYTES + len + 1 >= s->sst_cap) {
        size_t cap = s->sst_cap ? s->sst_cap : 4096;
        while (cap <= s->sst_len + TABLE_TEXT_KEY_BYTES + len + 1)
            cap *= 2;
        s->sst = rt_reserve(s->sst, cap, 1, 1);
        s->sst_cap = cap;
    }
    if (s->nsst == s->nsst_cap) {
        size_t n = s->nsst_cap ? 2 * s->nsst_cap : 1024;
        s->sst_off = rt_reserve(s->sst_off, n, sizeof *s->sst_off, 1);
        s->nsst_cap = n;
    }
}

/* A shared string's text (unescaped), the table's next; plain: xlsx_text_plain's answer.
** Its key (1 + its index) lies before it (TableTexts). */
static void xlsx_sst_add(TableReader *r, const char *text, size_t len, bool plain)
{
    TableSheet *s = r->sheet;
    if (s->sst_len + TABLE_TEXT_KEY_BYTES + len + 1 > TABLE_MAX_SHARED_BYTES) {
        table_xml_abort(r, "C0833",
                        SAYF(("les textes partagés du classeur dépassent %lu octets : refusés", TABLE_MAX_SHARED_BYTES),
                             ("the workbook's shared strings exceed %lu bytes: refused", TABLE_MAX_SHARED_BYTES)));
        return;
    }
    xlsx_sst_room(s, len);
    uint32_t key = (uint32_t)s->nsst + 1;   /* at most TABLE_MAX_SHARED_BYTES / 5 strings */
    memcpy(s->sst + s->sst_len, &key, TABLE_TEXT_KEY_BYTES);
    s->sst_len += TABLE_TEXT_KEY_BYTES;
    memcpy(s->sst + s->sst_len, text, len);
    s->sst[s->sst_len + len] = '\0';
    s->sst_off[s->nsst++] = (uint32_t)s->sst_len | (plain ? 0 : TABLE_SST_NOT_PLAIN);
    s->sst_len += len + 1;
}

void table_xlsx_sst_end(TableReader *r, const char *local, size_t n)
{
    TableSheet *s = r->sheet;
    if (XLSX_IS(local, n, "t")) {
        s->in_text = false;
    } else if (XLSX_IS(local, n, "rPh")) {
        s->depth_skip--;
    } else if (XLSX_IS(local, n, "si")) {
        s->in_si = false;
        size_t len;
        char *text = xlsx_unescape(s->cell ? s->cell : "", s->cell_len, &len);
        xlsx_sst_add(r, text, len, xlsx_text_plain(text, len));
        s->cell_len = 0;
    }
}

bool table_xlsx_sst_plain(TableReader *r, const char *text, size_t len)
{
    const TableSheet *s = r->sheet;
    if (s->in_si || s->in_text || s->depth_skip || memchr(text, '_', len))
        return false;   /* _xHHHH_ to unescape, or not between two strings */
    xlsx_sst_add(r, text, len, xlsx_text_plain(text, len));
    return true;
}

void table_xlsx_sst_add_plain(TableReader *r, const char *text, size_t len)
{
    xlsx_sst_add(r, text, len, true);
}

/* Excel writes a character XML cannot hold as _xHHHH_. */
static char *xlsx_unescape(const char *s, size_t n, size_t *outlen)
{
    char *out = rt_alloc_atomic(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned cp;
        if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_' &&
            sscanf(s + i + 2, "%4x", &cp) == 1 && strspn(s + i + 2, "0123456789abcdefABCDEF") >= 4) {
            if (cp == 0)
                cp = 0xFFFD;
            char buf[4];
            size_t k = utf8_encode((int32_t)cp, buf);
            memcpy(out + o, buf, k);
            o += k;
            i += 6;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

/* ---- the sheet ------------------------------------------------------------------------------------ */

/* "AB12" -> column 27 (0-based); -1 when not a reference. */
static int xlsx_ref_col(const char *ref)
{
    long col = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++)
        if ((col = col * 26 + (*p - 'A' + 1)) > 100000)
            return -1;
    return p == ref ? -1 : (int)(col - 1);
}

/* strtol's value of the plain digits a sheet writes ("1253"), without its
** general machinery; anything else goes to strtol itself. */
static long xlsx_long(const char *v)
{
    long n = 0;
    const char *p = v;
    while (*p >= '0' && *p <= '9' && p - v < 18)
        n = n * 10 + (*p++ - '0');
    return *p == '\0' && p > v ? n : strtol(v, NULL, 10);
}

static char xlsx_cell_type(const char *t)
{
    return !t || strcmp(t, "n") == 0 ? 'n' : strcmp(t, "s") == 0 ? 's' : strcmp(t, "inlineStr") == 0 ? 'i'
           : strcmp(t, "str") == 0 ? 'S' : strcmp(t, "b") == 0 ? 'b' : strcmp(t, "e") == 0 ? 'e'
           : strcmp(t, "d") == 0 ? 'd' : 'S';
}

void table_xlsx_sheet_start(TableReader *r, const char *local, size_t n, const char *ref, const char *type,
                            const char *style)
{
    TableSheet *s = r->sheet;
    if (XLSX_IS(local, n, "sheetData")) {
        s->in_data = true;
    } else if (!s->in_data) {
        return;
    } else if (XLSX_IS(local, n, "row")) {
        table_xlsx_row_start(r, ref ? xlsx_long(ref) : s->row_num + 1, false);
    } else if (s->in_row && XLSX_IS(local, n, "c")) {
        int col = ref ? xlsx_ref_col(ref) : -1;
        s->col = col > s->col ? col : s->col + 1;
        s->cell_type = xlsx_cell_type(type);
        s->cell_style = style ? xlsx_long(style) : 0;
        s->in_cell = true;
        s->cell_len = 0;
        s->cell_over = false;
        s->cell_formula = false;
    } else if (s->in_cell && XLSX_IS(local, n, "f")) {
        s->cell_formula = true;
    } else if (s->in_cell && XLSX_IS(local, n, "v")) {
        s->in_text = s->cell_type != 'i';
    } else if (s->in_cell && XLSX_IS(local, n, "rPh")) {
        s->depth_skip++;
    } else if (s->in_cell && s->cell_type == 'i' && XLSX_IS(local, n, "t")) {
        s->in_text = true;
    }
}

static bool xlsx_style_is_date(const TableSheet *s, long style)
{
    return style >= 0 && (size_t)style < s->nxf && s->xf_date[style];
}

/* A cell's value (text: len bytes, NUL-terminated; over: longer than kept)
** read as its type and style say, into the row at column s->col. */
static void xlsx_cell_value(TableReader *r, const char *text, size_t len, bool over)
{
    TableSheet *s = r->sheet;
    TableCellKind kind = TABLE_CELL_TEXT;
    char day[11];   /* a date cell's day, until put_cell copies it */
    switch (s->cell_type) {
    case 's': {
        char *end = (char *)text;
        unsigned long i = 0;
        while (*end >= '0' && *end <= '9' && end - text < 18)
            i = i * 10 + (unsigned long)(*end++ - '0');
        if (*end)
            i = strtoul(text, &end, 10);
        if (len == 0 || *end || i >= s->nsst) {
            const char *ref = table_sheet_cell_ref(s->col, s->row_num);
            table_row_error(r, SAYF(("cellule %s : texte partagé n° %s absent du classeur", ref, text),
                                    ("cell %s: shared string #%s missing from the workbook", ref, text)));
            return;
        }
        text = table_xlsx_sst_text(s, i, &len);
        kind = TABLE_CELL_SHARED;
        break;
    }
    case 'i':
    case 'S':
        text = xlsx_unescape(text, len, &len);
        break;
    case 'b':
        text = len && text[0] == '1' ? "vrai" : len ? "faux" : "";
        len = strlen(text);
        break;
    case 'e':
        kind = TABLE_CELL_ERROR;
        break;
    case 'd':
        if (len > 10 && strcmp(text + 10, "T00:00:00") == 0)
            len = 10;
        break;
    default: {
        if (len == 0)
            break;
        bool date = xlsx_style_is_date(s, s->cell_style);
        if (date && table_sheet_serial_day(text, len, s->date1904, day)) {
            text = day;   /* put_cell copies it */
            len = 10;
            break;
        }
        const char *v = date                             ? table_sheet_serial_date(text, s->date1904)
                        : table_sheet_decimal_is_plain(text) ? text
                                                             : table_sheet_decimal(text);
        if (v) {
            text = v;
            len = strlen(v);
        }
    }
    }
    if (over && kind != TABLE_CELL_ERROR)
        len = TABLE_MAX_FIELD_BYTES + 1;
    table_sheet_put_cell(r, s->col, text, len, kind);
}

static void xlsx_cell_done(TableReader *r)
{
    TableSheet *s = r->sheet;
    /* A formula with no cached value (a workbook written by a program that
    ** does not compute, never opened in a spreadsheet): what the spreadsheet
    ** would show is unknown, never an empty cell. Only a text formula may
    ** give the empty text. An error cell of no text says so (table_zip.c). */
    if (s->cell_formula && s->cell_len == 0 && s->cell_type != 'S') {
        table_sheet_put_cell(r, s->col, "", 0, TABLE_CELL_ERROR);
        return;
    }
    /* An empty cell's buffer still holds the last text put in it (a shared
    ** string's, when the table was parsed by this reader): not its text. */
    xlsx_cell_value(r, s->cell && s->cell_len ? s->cell : "", s->cell_len, s->cell_over);
}

void table_xlsx_cell(TableReader *r, int col, char type, long style, const char *value, size_t len)
{
    TableSheet *s = r->sheet;
    s->col = col > s->col ? col : s->col + 1;
    s->cell_type = type;
    s->cell_style = style;
    /* most cells of a sheet: a number that is no date and needs no rewriting */
    if (type == 'n' && !xlsx_style_is_date(s, style) && table_sheet_decimal_is_plain(value) && table_sheet_put_fast(r, s->col, value, len, false))
        return;
    xlsx_cell_value(r, value, len, false);
}

void table_xlsx_sheet_end(TableReader *r, const char *local, size_t n)
{
    TableSheet *s = r->sheet;
    if (!s->in_data)
        return;
    if (XLSX_IS(local, n, "sheetData")) {
        s->in_data = false;
        s->xml.eof = true;   /* nothing after the data is read */
    } else if (XLSX_IS(local, n, "row") && s->in_row) {
        /* (a row's end when none is open closes a row that held another,
        ** whose end the inner one's was: the inner row is not given twice) */
        s->in_row = false;
        table_sheet_end_row(r);
    } else if (XLSX_IS(local, n, "c") && s->in_cell) {
        s->in_cell = false;
        xlsx_cell_done(r);
    } else if (XLSX_IS(local, n, "v") || XLSX_IS(local, n, "t")) {
        s->in_text = false;
    } else if (XLSX_IS(local, n, "rPh") && s->depth_skip > 0) {
        s->depth_skip--;
    }
}

/* ---- opening ------------------------------------------------------------------------------------- */

static bool xlsx_parse_part(TableReader *r, const char *entry, bool required, XML_StartElementHandler start,
                            XML_EndElementHandler end)
{
    size_t len;
    bool absent;
    char *text = table_zip_read_small(r, r->sheet, entry, &len, &absent);
    if (!text) {
        if (absent && required)
            table_fatal(r, "C0832", 0, SAYF(("classeur incomplet : la partie %s manque", entry),
                                            ("incomplete workbook: part %s is missing", entry)));
        return !required && absent && !say_is_set(r->fatal.msg);
    }
    return table_xml_parse_small(r, r->sheet, entry, text, len, r, start, end, xlsx_no_text);
}

bool table_xlsx_open(TableReader *r)
{
    TableSheet *s = r->sheet;
    if (!table_zip_open(r, s))
        return false;
    if (zip_name_locate(s->zip, "content.xml", 0) >= 0 && zip_name_locate(s->zip, "xl/workbook.xml", 0) < 0) {
        table_fatal(r, "C0830", 0, say("ce classeur est au format OpenDocument : donnez-lui l'extension .ods",
                                       "this workbook is in the OpenDocument format: give it the .ods extension"));
        return false;
    }
    if (!xlsx_parse_part(r, "xl/workbook.xml", true, xlsx_book_start, xlsx_no_end) ||
        !xlsx_parse_part(r, "xl/_rels/workbook.xml.rels", true, xlsx_rels_start, xlsx_no_end))
        return false;
    if (!table_sheet_choose(r))
        return false;
    int chosen = -1;
    for (int i = 0; i < s->nsheet_list && chosen < 0; i++)
        if (strcmp(s->sheet_names[i], s->name) == 0)
            chosen = i;
    const char *part = xlsx_rel(s, s->sheet_rids[chosen], NULL);
    if (!part) {
        table_fatal(r, "C0832", 0, SAYF(("classeur endommagé : la feuille « %s » n'a pas de partie", s->name),
                                        ("damaged workbook: sheet \"%s\" has no part", s->name)));
        return false;
    }
    const char *styles = xlsx_rel(s, NULL, "/styles");
    if (styles && !xlsx_parse_part(r, styles, false, xlsx_styles_start, xlsx_styles_end))
        return false;
    const char *sst = xlsx_rel(s, NULL, "/sharedStrings");
    if (sst && zip_name_locate(s->zip, sst, 0) >= 0 && !table_books_strings(s->shelf, s, sst)) {
        if (!table_xml_scan_start(r, s, sst, true))
            return false;
        while (!s->xml.eof)
            if (!table_xml_pump(r, s))
                return false;
        table_xml_release(s);
        table_books_keep(s->shelf, s, sst);
    }
    if (!table_xml_scan_start(r, s, part, false))
        return false;
    return table_xml_to_header(r, s) && table_xml_header_read(r, s);
}

/* (inline in both callers: a call and its registers per row) */
static inline __attribute__((always_inline)) bool xlsx_next(TableReader *r, TableRow *row)
{
    TableSheet *s = r->sheet;
    /* the row in the template's shape, read as one thing; any other by the pump */
    if (s->scan.row && table_xml_scan_row(r, s)) {
        table_row_hand(r, row);   /* its cells in place */
        return true;
    }
    while (!s->xml.eof) {
        if (!(s->xml.scanning ? table_xml_scan_pump(r, s) : table_xml_pump(r, s)))
            return false;
        if (s->xml.row_ready) {
            table_row_output(r, row);
            return true;
        }
    }
    return false;
}

bool table_xlsx_next(TableReader *r, TableRow *row)
{
    return xlsx_next(r, row);
}

/* table_next of an XLSX sheet: table_next_row's work without what a row
** read needs not (the row's and the error's clearing: table_row_output
** sets every field of a row given; the switch on the format). */
bool table_xlsx_fast_next(TableReader *r, TableRow *row, TableError *err)
{
    if (r->finished || say_is_set(r->fatal.msg))
        return table_next_row(r, row, err);
    r->fast_again = false;
    if (xlsx_next(r, row))
        return true;
    *err = (TableError){ .path = r->info.path, .msg = SAY_NONE };
    memset(row, 0, sizeof *row);
    return table_next_none(r, err);
}
