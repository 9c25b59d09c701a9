/* runtime/table_ods_scan.c: an ODS's content.xml read without expat from its first sheet on: a strict tokenizer that hands the part back to expat, from the last safe place it read, at anything it does not take. */
#include "table_impl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"   /* idmap_copy_bytes: a short value copied over the row before's */
#include "utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ODS_AVX2 1   /* a row template's runs may be compared 32 bytes at a time, when the processor can */
#endif

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

#define ODS_SCAN_READ       (256 * 1024)
#define ODS_SCAN_MAX_BUFFER (4 * 1024 * 1024)
#define ODS_SCAN_MAX_ATTRS  24
#define ODS_SCAN_MAX_REF    32
/* Bytes after the buffer's end (a NUL, then zeros): a word may be loaded at any byte before len. */
#define ODS_SCAN_PAD        16

typedef enum { ODS_OK, ODS_MORE, ODS_REFUSE, ODS_EVENT } OdsStep;

enum {
    ODS_TEXT = 1,        /* stands for itself in text: printable ASCII but < & ], TAB, LF */
    ODS_VALUE = 2,       /* the same in an attribute value: printable ASCII but < & " ' */
    ODS_NAME = 4,        /* continues a name (no ':', which the name loop sees itself) */
    ODS_NAME_START = 8,
    ODS_SPACE = 16,      /* space, TAB, LF: CR is XML's to rewrite */
};

/* The handlers' state where expat can take over: the end of a tag outside any
** row (or of the sheet's start tag, at the handover). Past it the handlers
** only add to the sheet list and the hidden styles, so counts restore them. */
typedef struct OdsSafe {
    unsigned long long at;
    bool after_start;    /* at ends a start tag: expat takes over from its start event */
    long row_num;
    int table_depth, data_depth, nsheet_list, nhidden_styles;
    const char *cur_style;
    bool found, in_data;
} OdsSafe;

/* Attribute names already read, by their last byte (the name is followed by '='). */
#define ODS_NAME_MEMOS    16
#define ODS_NAME_MEMO_LEN 32
typedef struct OdsNameMemo {
    size_t len, colon;
    int binding;
    char text[ODS_NAME_MEMO_LEN];
} OdsNameMemo;

typedef struct OdsBinding {
    const char *prefix;  /* NULL: the default namespace */
    size_t len;
    uint64_t word, mask; /* its first 8 bytes as a word, and the mask of its own bytes */
    const char *uri;
    int uri_id;          /* the first binding of the same URI (set at the handover) */
    bool calcext;        /* its URI holds ":calcext:" (LibreOffice's own value types) */
} OdsBinding;

/* An attribute of the tag being read: where its name and value are in the buffer. */
typedef struct OdsAttr {
    const char *name, *value;
    size_t len, colon, vlen;
    int binding;         /* -1: no prefix */
    bool has_ref;
} OdsAttr;

/*
** A data row of the sheet as literal runs and holes (ods_template_row): the
** bytes of the last row read whole by ods_fast_row, which gave it, its
** values taken out. Each hole is preceded by its literal run; the tail run
** closes the row after the last hole.
*/
#define ODS_TEMPLATE_CELLS 16
#define ODS_TEMPLATE_HOLES (2 * ODS_TEMPLATE_CELLS)
#define ODS_TEMPLATE_BYTES 1024

typedef enum {
    ODS_HOLE_TEXT,       /* a string's paragraph, up to its '<': the column's text */
    ODS_HOLE_VALUE,      /* a float's office:value, up to its '"': the column's text when a plain decimal */
    ODS_HOLE_PARA,       /* a float's paragraph: checked as text, not put (the value is) */
} OdsHoleKind;

/* A literal run, lit[off..off + len), as its blocks are compared: nfull
** blocks from its start, then the one at last (the run's last sixteen
** bytes, or its first when shorter: ignore, the mask of the bytes past it).
** In 32-byte blocks (ods_run_is_32): three, at at[0..2], none read past the
** run's end (a run is at most 96 bytes: those the usual cells make are), and
** a run shorter than 32 bytes is compared from 32 bytes before its end, its
** row's bytes before it masked (ignore32): every run but the first has at
** least 32 bytes of the row before it, the first run (a row's and a cell's
** start tags) being longer than that. */
#define ODS_RUN_MAX 96
typedef struct OdsRun {
    unsigned short off, len, last, ignore;
    unsigned char nfull;
    short at[3];
    unsigned ignore32;
} OdsRun;

typedef struct OdsHole {
    OdsRun run;                /* the literal run before the hole */
    unsigned char kind;        /* OdsHoleKind */
} OdsHole;

typedef struct OdsTemplate {
    int nholes;            /* 0: none */
    int ncells;            /* the cells it puts, from the first column */
    OdsRun tail;           /* the run after the last hole, to the row's end tag */
    OdsHole hole[ODS_TEMPLATE_HOLES];
    char lit[ODS_TEMPLATE_BYTES + 16];   /* 16: a block may be read past a run's end */
} OdsTemplate;

/* How a template's runs are compared: a byte at a time (memcmp, the twin of
** the others), in SSE2's 16-byte blocks, or in AVX2's 32-byte blocks. */
typedef enum { ODS_BLOCKS_1 = 1, ODS_BLOCKS_16 = 16, ODS_BLOCKS_32 = 32 } OdsBlocks;

/* The last row given by a template or by ods_same_row, as it lay: where it
** starts in the part, its length, and where each of its template's holes
** lies in it and in the row's text, for the next row to be compared with it
** whole (ods_same_row). Only rows of at most ODS_SAME_BYTES whose holes are
** at most 32 bytes each are kept (a hole's bits then lie in two words of
** the comparison's mask). */
#define ODS_SAME_BYTES 1024
#define ODS_SAME_WORDS (ODS_SAME_BYTES / 32)
typedef struct OdsSame {
    int tpl;                  /* the template that read it (OdsTemplates.t); -1: none kept */
    unsigned len;             /* its bytes, from its start tag to its end tag's '>' */
    unsigned long long at;    /* its start's offset in the part (TableScan.offset + pos) */
    size_t text_len;          /* its row text's bytes, the values and their NULs */
    bool masks;               /* the masks below are this row's (ods_same_masks) */
    struct OdsSameHole {
        unsigned short at, len;    /* its place in the row, its length */
        unsigned char kind;        /* OdsHoleKind */
        signed char col;           /* its cell's column (made by ods_same_masks) */
        uint32_t ignore;           /* the bits of its block past its bytes (made by ods_same_masks) */
    } hole[ODS_TEMPLATE_HOLES];
    uint32_t in_hole[ODS_SAME_WORDS + 1];   /* bit b of word w: byte 32 w + b lies in a hole */
    uint32_t in_hole_last;                  /* the same of the row's last 32 bytes */
} OdsSame;

/* Two templates, for a sheet whose rows come in two shapes (medium's: the
** hours a number, or a text in one row of ten). They stand while the last
** row begun by the sheet by is row, given by ods_fast_row, its cells those
** of the columns before set and none other. */
typedef struct OdsTemplates {
    const TableSheet *by;  /* NULL: none stands */
    long row;
    int set;
    int first;             /* the template tried first */
    bool second_last;      /* the last row given matched the other one */
    unsigned char blocks;  /* OdsBlocks, chosen once for the reader (ods_blocks) */
    OdsSame same;          /* the row given, kept while it is the one at row */
    OdsTemplate t[2];
} OdsTemplates;

struct TableOdsScan {
    bool off;            /* expat reads the rest of the part: nothing to watch or take over */
    /* expat's phase */
    char **open;         /* raw names of the elements expat has open */
    int nopen;
    OdsBinding *bind;    /* namespace bindings in scope, innermost last */
    int nbind;
    char *rest;          /* at the first sheet's start: the bytes expat had not parsed yet */
    size_t rest_len;
    unsigned long long rest_at;  /* and their offset in the part */
    bool noted;
    /* the tokenizer's */
    int base;            /* expat's open elements not yet closed */
    OdsSafe safe;        /* the last place read where expat can take over */
    const TableSheet *safe_by;  /* the sheet whose state safe holds (NULL: another reader's, given) */
    bool last_start;     /* the last tag read is a start tag (not empty) */
    char *tmp;           /* names and values handed to the handlers */
    size_t tmp_len, tmp_cap;
    int prefix_hit[8];   /* by the prefix's length: the binding last found, + 1 */
    bool fast_cells;     /* the prefixes table and text are bound: ods_fast_cell may read */
    bool office_plain;   /* the prefix office is bound, not to calcext's URI: ods_literal_attrs may read */
    OdsNameMemo names_seen[ODS_NAME_MEMOS];
    unsigned char cls[256];
    /* a part's (runtime/table_ods_split.c) */
    int split_base;      /* base between rows, restored at each slice */
    unsigned long long slice_at;  /* offset of the slice being read */
    bool refused;        /* stopped for good where expat must take over */
    bool ended;          /* met the sheet's end tag */
    TableOdsEnd *end;    /* what the reading of the last slice says, for the main reader */
    OdsTemplates rows;   /* the rows last read whole, for the next ones (ods_template_row) */
};

/* What the reading of the last slice cut says, for the main reader to go on
** from: written by each part when it stops, under the mutex, and kept from
** the slice of the highest offset. The last slice's last writer is the
** reading kept (the queue lets a reader read on into a slice only after
** that slice's own reading ended), and the main thread reads it once the
** threads are joined. */
struct TableOdsEnd {
    pthread_mutex_t mutex;
    long long at;        /* offset of the slice that was being read; -1: none */
    bool between, refused, ended;
    unsigned long long stop;   /* offset where the reading stopped */
    long row_num;
    OdsSafe safe;
};

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
static unsigned char ods_blocks(void);

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
    o->rows.blocks = ods_blocks();
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

/* The 8 bytes at p as one word, in memory order. */
static uint64_t ods_word(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* p[0..n) == lit[0..n), a word at a time (p has ODS_SCAN_PAD bytes of room after the data); past
** eight bytes, the last word overlaps the one before rather than being compared byte by byte. */
static inline __attribute__((always_inline)) bool ods_same(const char *p, const char *lit, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        if (ods_word(p + i) != ods_word(lit + i))
            return false;
    if (i < n && n >= 8)
        return ods_word(p + n - 8) == ods_word(lit + n - 8);
    for (; i < n; i++)
        if (p[i] != lit[i])
            return false;
    return true;
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
        return memcmp(l, "display", 7) == 0;
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
    *c = (TableOdsCell){ 1, 0, NULL, false };
    for (int i = 0; i < n; i++) {
        if (!repeat && ods_attr_is(&a[i], "number-columns-repeated", 23))
            repeat = &a[i];
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

#define ODS_CELL_OPEN   "<table:table-cell"
#define ODS_CELL_TEXT   "<text:p>"
#define ODS_CELL_CLOSE  "</text:p></table:table-cell>"

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
    *c = (TableOdsCell){ 1, l.type, NULL, false };
    if (reads && l.value) {
        o->tmp_len = 0;
        size_t at = ods_tmp_text(o, "", 0, l.value, l.vlen, false);   /* o->tmp may move: read it after */
        c->value = o->tmp + at;
    }
    *q = l.close;
    return true;
}

/* The first byte from p that does not stand for itself in text (ODS_TEXT),
** sixteen at a time: '<', '&', ']', DEL, and a signed compare below the space
** (controls, TAB and LF, bytes from 0x80) stop the block; the table decides
** for the byte found. The buffer's NUL after its bytes stops it, and its pad
** holds the block read past them. */
static inline __attribute__((always_inline)) const char *ods_text_end(const unsigned char *cls, const char *p)
{
#if defined(__SSE2__)
    const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), bracket = _mm_set1_epi8(']'),
                  del = _mm_set1_epi8(0x7F), space = _mm_set1_epi8(' ');
    for (;;) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(x, space), _mm_cmpeq_epi8(x, lt)),
                                    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, bracket)),
                                                 _mm_cmpeq_epi8(x, del)));
        unsigned bits = (unsigned)_mm_movemask_epi8(stop);
        if (!bits) {
            p += 16;
            continue;
        }
        p += __builtin_ctz(bits);
        if (!(cls[(unsigned char)*p] & ODS_TEXT))
            return p;
        p++;   /* TAB or LF */
    }
#else
    while (cls[(unsigned char)*p] & ODS_TEXT)
        p++;
    return p;
#endif
}

/* Where a paragraph's plain text from t ends (at its '<', or at the byte
** that stops it: the caller checks), its UTF-8 checked; NULL when a sequence
** is not valid or is cut by the buffer's end (the general path's). */
static inline __attribute__((always_inline)) const char *ods_plain_text_end(const TableScan *sc,
                                                                          const unsigned char *cls, const char *t,
                                                                          const char *end)
{
    for (;;) {
        t = ods_text_end(cls, t);
        if ((unsigned char)*t < 0x80 || t >= end)
            return t;
        bool more;
        size_t k = table_xml_scan_utf8(sc, t, end, &more);
        if (!k)
            return NULL;
        t += k;
    }
}

/* p[0..n) == q[0..n), both with sixteen bytes readable: one compare when n <= 16. */
static inline __attribute__((always_inline)) bool ods_same_short(const char *p, const char *q, size_t n)
{
#if defined(__SSE2__)
    if (n <= 16) {
        unsigned eq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p),
                                                                 _mm_loadu_si128((const __m128i *)(const void *)q)));
        unsigned want = (1u << n) - 1;
        return (eq & want) == want;
    }
#endif
    return memcmp(p, q, n) == 0;
}

/* The two shapes of nearly every cell of an hour sheet, each compared whole
** as one remembered string: ODS_USUAL_STRING then the paragraph's text, and
** ODS_USUAL_FLOAT, the value, ODS_USUAL_TEXT, then the paragraph repeating
** the value (as spreadsheets write it); then ODS_CELL_CLOSE. What they say is
** what ods_literal_attrs reads from them. */
#define ODS_USUAL_STRING "<table:table-cell office:value-type=\"string\"><text:p>"
#define ODS_USUAL_FLOAT  "<table:table-cell office:value-type=\"float\" office:value=\""
#define ODS_USUAL_TEXT   "\"><text:p>"

/* A float's paragraph at text that repeats its value (value[0..vlen), of
** bytes both a value and text may hold: valid text, read already): where it
** ends; else the general reading of it. */
static inline __attribute__((always_inline)) const char *ods_float_text_end(const TableScan *sc, const unsigned char *cls, const char *value, size_t vlen,
                                      bool value_is_text, const char *text, const char *end)
{
    if (value_is_text && (size_t)(end - text) > vlen && ods_same_short(text, value, vlen))
        return text + vlen;
    return ods_plain_text_end(sc, cls, text, end);
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

/* A cell of a usual shape, as read: where it ends, its paragraph's text, and
** a float's value (NULL for a string). */
typedef struct OdsUsual {
    const char *next, *text, *value;
    size_t len, vlen;
} OdsUsual;

/* The cell of a usual shape at p (nothing done), the prefix office bound as
** ods_literal_attrs reads it (TableOdsScan.office_plain, the caller's to
** check), cls the tokenizer's classes; false for any other shape, which
** ods_fast_cell reads with the same result. */
static inline __attribute__((always_inline)) bool ods_usual_shape(const TableScan *sc, const unsigned char *cls,
                                                                  const char *p, const char *end, OdsUsual *u)
{
    size_t ls = sizeof ODS_USUAL_STRING - 1, lf = sizeof ODS_USUAL_FLOAT - 1, lt = sizeof ODS_USUAL_TEXT - 1,
           lc = sizeof ODS_CELL_CLOSE - 1;
    if ((size_t)(end - p) < lf + lt + lc)
        return false;
    const char *text, *t, *value = NULL;
    size_t vlen = 0;
    if (table_same_wide(p, ODS_USUAL_STRING, ls)) {
        text = p + ls;
        t = ods_plain_text_end(sc, cls, text, end);
    } else if (table_same_wide(p, ODS_USUAL_FLOAT, lf)) {
        const char *e = value = p + lf;
        unsigned both = ODS_VALUE | ODS_TEXT;
        while (cls[(unsigned char)*e] & ODS_VALUE)
            both &= cls[(unsigned char)*e++];
        vlen = (size_t)(e - value);
        if ((size_t)(end - e) < lt + lc || !ods_same(e, ODS_USUAL_TEXT, lt))
            return false;
        text = e + lt;
        t = ods_float_text_end(sc, cls, value, vlen, both & ODS_TEXT, text, end);
    } else {
        return false;
    }
    if (!t || *t != '<' || (size_t)(end - t) < lc || !table_same_wide(t, ODS_CELL_CLOSE, lc))
        return false;
    *u = (OdsUsual){ t + lc, text, value, (size_t)(t - text), vlen };
    return true;
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

/*
** A data row's state while its usual cells are put, in locals: each cell's
** copy into the row's text is a store through a char pointer, which may alias
** any field of the reader and the sheet, so the put read them all again at
** every cell (about a quarter of a cell). Loaded before a run of cells,
** stored after it.
*/
typedef struct OdsRowPut {
    char *text;
    size_t text_len, text_cap, bytes;
    TableCell *cells;
    long col;
    int ncols, max_col;
    bool has_value;
} OdsRowPut;

/* The cell's text or plain decimal value put as table_ods_text_cell puts it
** when table_ods_put_short takes it (1 to 15 bytes, in a column of the
** header, with sixteen bytes of room in the row's text, within the row's
** limit): the same stores. false, nothing done, for every other cell, which
** the handlers' put reads. (The row's limit is a second guard: a row not
** rejected has as many bytes as its text, whose room is at most the limit.) */
static inline __attribute__((always_inline)) bool ods_row_put_short(OdsRowPut *w, const char *text, size_t len)
{
#if defined(__SSE2__)
    if (len - 1 >= 15 || w->col >= w->ncols || w->text_len + 16 > w->text_cap ||
        w->bytes + len + 1 > TABLE_MAX_ROW_BYTES)
        return false;
    char *copy = w->text + w->text_len;
    _mm_storeu_si128((__m128i *)(void *)copy, _mm_loadu_si128((const __m128i *)(const void *)text));
    copy[len] = '\0';
    w->cells[w->col] = (TableCell){ copy, len };
    if (w->col > w->max_col)
        w->max_col = (int)w->col;
    w->col++;
    w->bytes += len + 1;
    w->text_len += len + 1;
    w->has_value = true;
    return true;
#else
    (void)w, (void)text, (void)len;
    return false;
#endif
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
    if (!ods_literal_shape(cls, p + lo, end, &l) || l.type != 'd' || l.vlen > 10 ||
        (size_t)(end - l.close) < 1 + lt + lc || !ods_same(l.close + 1, ODS_CELL_TEXT, lt))
        return NULL;
    const char *t = ods_plain_text_end(sc, cls, l.close + 1 + lt, end);
    if (!t || *t != '<' || (size_t)(end - t) < lc || !ods_same(t, ODS_CELL_CLOSE, lc) ||
        !ods_row_put_short(w, l.value, l.vlen))
        return NULL;
    return t + lc;
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
#define ODS_ROW_OPEN  "<table:table-row>"
#define ODS_ROW_CLOSE "</table:table-row>"
#define ODS_ROW_NAME  "table:table-row"

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

/* ---- the row template ------------------------------------------------------------------------------- */

/*
** Why: a generated or exported sheet writes every row with the same tags and
** attributes, only the values changing, and reading a row cell by cell (the
** shapes tried, the row's state loaded and stored, the row begun and its
** cells cleared) cost about 1 500 instructions where its bytes are 450. So
** the last row read whole by ods_fast_row, and given, is kept as literal runs
** and holes (OdsTemplate), and the next row is compared with it: the runs
** sixteen bytes at a time, each hole read to its delimiter on the conditions
** the usual cells put on it. A row that differs anywhere is read as before,
** from its start, nothing done, and becomes the template if it can.
**
** What a matched row means: its tags and attributes are the learnt row's,
** byte for byte, so they say what they said there (the value types, no
** number-columns-repeated, no style, no covered cell, the row not repeated),
** and the learnt row was made only of the two usual cells (ods_usual_shape),
** string or float, each put in its column as it lies (checked when learnt:
** the row's cells are the holes' bytes in column order, none after). So the
** matched row's cells go to the same columns, put as ods_row_put_short and
** table_sheet_put_fast put them, with the same checks (length, the row's
** text room and byte limit); a hole that fails one makes the row differ.
**
** Its cells are not cleared: the template stands only while the row it was
** learnt from, or one matched since, is the last row begun by its sheet
** (OdsTemplates.row), whose cells are those of OdsTemplates.set columns and
** none other.
*/

/* p[0..len) == the run's bytes, both with sixteen bytes readable past them:
** the blocks' equalities ANDed and tested once. */
static inline __attribute__((always_inline)) bool ods_run_is_16(const char *p, const char *lit, const OdsRun *u)
{
#if defined(__SSE2__)
    const char *q = lit + u->off;
    __m128i eq = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + u->last)),
                                _mm_loadu_si128((const __m128i *)(const void *)(q + u->last)));
#pragma GCC unroll 2
    for (unsigned k = 0; k < u->nfull; k++)
        eq = _mm_and_si128(eq, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k)),
                                              _mm_loadu_si128((const __m128i *)(const void *)(q + 16 * k))));
    return ((unsigned)_mm_movemask_epi8(eq) | u->ignore) == 0xFFFF;
#else
    return memcmp(p, lit + u->off, u->len) == 0;
#endif
}

#if defined(ODS_AVX2)
/* The same in 32-byte blocks, three of them whatever the run's length (most
** runs are 32 to 96 bytes; a shorter one compares one block three times):
** no loop, whose count and branch cost what the blocks saved. Inlined only into
** ods_template_row_32, compiled for AVX2 (not always_inline: the other
** variants' dead calls to it would not compile). */
static inline __attribute__((target("avx2"))) __m256i ods_block_eq_32(const char *p, const char *q, ptrdiff_t at)
{
    return _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + at)),
                             _mm256_loadu_si256((const __m256i *)(const void *)(q + at)));
}

static inline __attribute__((target("avx2"))) bool ods_run_is_32(const char *p, const char *lit, const OdsRun *u)
{
    const char *q = lit + u->off;
    __m256i eq = _mm256_and_si256(_mm256_and_si256(ods_block_eq_32(p, q, u->at[0]), ods_block_eq_32(p, q, u->at[1])),
                                  ods_block_eq_32(p, q, u->at[2]));
    return ((unsigned)_mm256_movemask_epi8(eq) | u->ignore32) == 0xFFFFFFFFu;
}
#endif

/* A run compared in blocks of the size given (a constant where inlined). */
static inline __attribute__((always_inline)) bool ods_run_is(const char *p, const char *lit, const OdsRun *u,
                                                             OdsBlocks blocks)
{
#if defined(ODS_AVX2)
    if (blocks == ODS_BLOCKS_32)
        return ods_run_is_32(p, lit, u);
#endif
    if (blocks == ODS_BLOCKS_16)
        return ods_run_is_16(p, lit, u);
    return memcmp(p, lit + u->off, u->len) == 0;
}

/* The widest blocks this build and processor compare a template's runs in,
** or the size CHARTE_ODS_BLOCKS asks for (1, 16 or 32) when they can: the
** tests read the same rows with each. Decided once a reader, not a row. */
static unsigned char ods_blocks(void)
{
    long widest = ODS_BLOCKS_1;
#if defined(__SSE2__)
    widest = ODS_BLOCKS_16;
#endif
#if defined(ODS_AVX2)
    if (__builtin_cpu_supports("avx2"))
        widest = ODS_BLOCKS_32;
#endif
    const char *asked = getenv("CHARTE_ODS_BLOCKS");
    long n = asked && *asked ? strtol(asked, NULL, 10) : widest;
    return (unsigned char)((n == ODS_BLOCKS_1 || n == ODS_BLOCKS_16 || n == ODS_BLOCKS_32) && n <= widest ? n : widest);
}

/* The literal run [from, to) appended, before a hole of kind (or as the tail when kind < 0). */
static bool ods_template_run(OdsTemplate *t, size_t *used, const char *from, const char *to, int kind)
{
    size_t n = (size_t)(to - from);
    /* second guards: 32 bytes before a short run (the first run holds a row's
    ** and a cell's start tags), and three blocks enough (ods_run_is_32) */
    if (*used + n > ODS_TEMPLATE_BYTES || (kind >= 0 && t->nholes == ODS_TEMPLATE_HOLES) || *used + n < 32 ||
        n > ODS_RUN_MAX)
        return false;
    memcpy(t->lit + *used, from, n);
    memset(t->lit + *used + n, 0, 16);   /* a short run's block is read past it */
    OdsRun u = { (unsigned short)*used, (unsigned short)n, (unsigned short)(n < 16 ? 0 : n - 16),
                 (unsigned short)(n < 16 ? 0xFFFF & ~((1u << n) - 1) : 0), (unsigned char)(n < 16 ? 0 : (n - 1) / 16),
                 { (short)(n < 32 ? (int)n - 32 : 0), (short)(n < 32 ? (int)n - 32 : n < 64 ? (int)n - 32 : 32),
                   (short)((int)n - 32) },
                 n < 32 ? 0xFFFFFFFFu >> n : 0 };
    if (kind >= 0)
        t->hole[t->nholes++] = (OdsHole){ u, (unsigned char)kind };
    else
        t->tail = u;
    *used += n;
    return true;
}

/* What the row's reading put in column col is text[0..len), a value. */
static bool ods_template_put_was(const TableReader *r, int col, const char *text, size_t len)
{
    const TableCell *c = &r->cells[col];
    return len > 0 && len <= TABLE_MAX_FIELD_BYTES && c->text && c->len == len && memcmp(c->text, text, len) == 0;
}

/* Template t learnt from the data row [row, row_end) just given, read by
** ods_fast_row in one step (its bytes lie whole in the buffer): its number
** of cells, each put in its column as it lies; 0 (none) when it is not made
** of usual cells only. */
static int ods_template_learn(TableReader *r, TableSheet *s, OdsTemplate *t, const char *row, const char *row_end)
{
    TableOdsScan *o = s->ods;
    t->nholes = 0;
    if (!o->office_plain || say_is_set(r->row_err))
        return 0;
    const char *close = row_end - (sizeof ODS_ROW_CLOSE - 1), *p = row + sizeof ODS_ROW_OPEN - 1, *lit = row;
    size_t used = 0;
    int col = 0;
    OdsUsual u;
    while (p < close) {
        if (col == ODS_TEMPLATE_CELLS || col >= r->info.ncols || !ods_usual_shape(&s->scan, o->cls, p, row_end, &u))
            break;
        if (u.value) {
            if (table_sheet_plain_decimal_end(u.value) != u.value + u.vlen ||
                !ods_template_put_was(r, col, u.value, u.vlen) ||
                !ods_template_run(t, &used, lit, u.value, ODS_HOLE_VALUE) ||
                !ods_template_run(t, &used, u.value + u.vlen, u.text, ODS_HOLE_PARA))
                break;
        } else if (!ods_template_put_was(r, col, u.text, u.len) || !ods_template_run(t, &used, lit, u.text, ODS_HOLE_TEXT)) {
            break;
        }
        lit = u.text + u.len;
        p = u.next;
        col++;
    }
    bool rest_empty = true;
    for (int c = col; c < r->info.ncols; c++)
        rest_empty &= !r->cells[c].text;
    if (p != close || col == 0 || s->max_col != col - 1 || !rest_empty || !ods_template_run(t, &used, lit, row_end, -1)) {
        t->nholes = 0;
        return 0;
    }
    t->ncells = col;
    return col;
}

/* The data row [row, row_end) just given by ods_fast_row, which no template
** read: the template of the other shape (of the first while there is none). */
static void ods_templates_learn(TableReader *r, TableSheet *s, const char *row, const char *row_end)
{
    OdsTemplates *m = &s->ods->rows;
    if (m->by != s)
        m->t[0].nholes = m->t[1].nholes = 0, m->first = 0;
    int slot = m->t[m->first].nholes ? 1 - m->first : m->first;
    m->same.tpl = -1;   /* the row read is not a template's */
    int n = ods_template_learn(r, s, &m->t[slot], row, row_end);
    m->by = n ? s : NULL;
    m->row = s->row_num;
    m->set = n;
    m->second_last = false;
}

/* A hole's value put in the row's text at *text_len, its room cap, and in
** *cell: ods_row_put_short's store, or a copy sixteen bytes at a time; the
** conditions of table_sheet_put_fast (the row's byte limit checked on the
** row's whole text, its bytes, by the caller), and sixteen bytes of room. */
static inline __attribute__((always_inline)) bool ods_template_put(char *text, size_t *text_len, size_t cap,
                                                                   TableCell *cell, const char *v, size_t len)
{
    if (len - 1 >= TABLE_MAX_FIELD_BYTES || *text_len + len + 16 > cap)
        return false;
    char *copy = text + *text_len;
#if defined(__SSE2__)
    _mm_storeu_si128((__m128i *)(void *)copy, _mm_loadu_si128((const __m128i *)(const void *)v));
    for (size_t i = 16; i < len; i += 16)   /* v has sixteen bytes readable past each block: the pad */
        _mm_storeu_si128((__m128i *)(void *)(copy + i), _mm_loadu_si128((const __m128i *)(const void *)(v + i)));
#else
    memcpy(copy, v, len);
#endif
    copy[len] = '\0';
    *cell = (TableCell){ copy, len };
    *text_len += len + 1;
    return true;
}

/* Whether the row's text text[0..len) (its values, each ended by its NUL;
** sixteen bytes readable past it) may hold a byte not above the space, or
** from 0x80 (a signed compare), but the NULs: TableRow.plain and .ascii are
** the rows whose values hold none, which data.c types as a plain CSV row's.
** (No value holds a NUL: the texts' scan stops at it, the run after it then
** differs.) */
static inline __attribute__((always_inline)) bool ods_row_text_unplain(const char *text, size_t len)
{
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' '), zero = _mm_setzero_si128();
    for (size_t i = 0; i < len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
        unsigned ok = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpgt_epi8(x, space), _mm_cmpeq_epi8(x, zero)));
        size_t first = (size_t)__builtin_ctz(~ok);   /* the first byte not ok, 16 for none */
        if (first < 16 && first < len - i)
            return true;
    }
    return false;
#else
    (void)text, (void)len;
    return true;
#endif
}

/* Whether a row at the tokenizer's place may be read by a template: what
** ods_fast_row and its body check for a data row's usual cells, and what
** table_ods_row_start and ods_end_row check for a row given. (The
** bindings, ods_fast_row's and office_plain, do not change in a sheet: the
** tokenizer reads no xmlns attribute.) */
static inline __attribute__((always_inline)) bool ods_template_may(const TableReader *r, const TableSheet *s)
{
    const TableScan *sc = &s->scan;
    return s->header_done && !s->in_row && !s->in_cell && !say_is_set(s->xml.stop) && !say_is_set(r->fatal.msg) &&
           !s->xml.parser && s->row_num < TABLE_MAX_SHEET_ROWS && sc->depth + 3 <= TABLE_SCAN_MAX_DEPTH &&
           sc->names_len + sizeof ODS_ROW_NAME - 1 + sizeof ODS_CELL_OPEN - 1 + sizeof ODS_CELL_TEXT - 1 <=
               TABLE_SCAN_MAX_NAMES;
}

/* The row at the tokenizer's place, len bytes, its cols cells put in the
** row's text (text_len bytes) by a template or ods_same_row, given as
** table_ods_row_end gives a data row: table_ods_row_start, the cells put
** (those of columns past them set by the row before emptied), then the row
** given. */
static inline __attribute__((always_inline)) void ods_row_give(TableReader *r, TableSheet *s, int col,
                                                               size_t text_len, size_t len)
{
    OdsTemplates *m = &s->ods->rows;
    TableCell *cells = r->cells;
    table_sheet_begin_row_uncleared(r, s->row_num + 1);
    r->row_plain = r->row_ascii = !ods_row_text_unplain(s->row_text, text_len);
    for (int c = col; c < m->set; c++)
        cells[c] = (TableCell){ NULL, 0 };
    m->set = col;
    m->row = s->row_num;
    s->row_text_len = text_len;
    r->row_bytes = text_len;   /* every value's bytes and NUL, as in the row's text */
    s->next_col = col;
    s->max_col = col - 1;
    s->row_has_value = true;
    s->row_repeat = 1;
    s->repeat_left = 0;
    s->xml.row_ready = s->xml.paused = true;
    s->scan.pos += len;
    s->ods->last_start = false;
}

/* The row at the tokenizer's place read by template t, given as
** table_ods_row_end gives a data row: its number of cells; 0, nothing done
** but in the row's cells and free text room, when it differs from the
** template anywhere, or is cut by the buffer's end. Its runs compared in
** blocks of the size given: one body, compiled once for each. */
static inline __attribute__((always_inline)) int ods_template_row_in(TableReader *r, TableSheet *s,
                                                                     const OdsTemplate *t, OdsBlocks blocks)
{
    TableScan *sc = &s->scan;
    const unsigned char *cls = s->ods->cls;
    const char *p = sc->buf + sc->pos, *end = sc->buf + sc->len, *value = p;
    /* The cells are written as they are read: a row that then differs is
    ** read by the other template, which empties those past its own
    ** (OdsTemplates.set), or by ods_fast_row from its start tag (which the
    ** template's first run matched), whose row start clears them all. */
    TableCell *cells = r->cells;
    char *text = s->row_text;
    size_t text_len = 0, cap = s->row_text_cap, vlen = 0;
    const char *row = p;
    OdsSame *q = &s->ods->rows.same;   /* where each hole lies, for the next row (ods_same_row) */
    int col = 0;
    for (int i = 0; i < t->nholes; i++) {
        const OdsHole *h = &t->hole[i];
        if ((size_t)(end - p) < h->run.len || !ods_run_is(p, t->lit, &h->run, blocks))
            return 0;
        p += h->run.len;
        q->hole[i].at = (unsigned short)(p - row);
        const char *e;
        if (h->kind == ODS_HOLE_TEXT) {
            e = ods_plain_text_end(sc, cls, p, end);   /* its '<' is the next run's */
        } else if (h->kind == ODS_HOLE_VALUE) {
            e = table_sheet_plain_decimal_end(p);   /* its '"' is the next run's */
            value = p;
            vlen = e ? (size_t)(e - p) : 0;
        } else {
            /* the paragraph repeating the value is text already read (a plain decimal's bytes) */
            const char *from = p;
            if ((size_t)(end - p) > vlen && ods_same_short(p, value, vlen) && p[vlen] == '<')
                p += vlen;
            else if (!(p = ods_plain_text_end(sc, cls, p, end)))
                return 0;
            q->hole[i].len = (unsigned short)(p - from);
            continue;
        }
        if (!e || !ods_template_put(text, &text_len, cap, &cells[col], p, (size_t)(e - p)))
            return 0;
        q->hole[i].len = (unsigned short)(e - p);
        col++;
        p = e;
    }
    if ((size_t)(end - p) < t->tail.len || !ods_run_is(p, t->lit, &t->tail, blocks) ||
        text_len > TABLE_MAX_ROW_BYTES)
        return 0;
    OdsTemplates *m = &s->ods->rows;
    size_t len = (size_t)(p + t->tail.len - row);
    q->tpl = (int)(t - m->t);
    q->len = len > ODS_SAME_BYTES ? 0 : (unsigned)len;   /* not kept (ods_same_masks) */
    q->at = sc->offset + sc->pos;
    q->text_len = text_len;
    q->masks = false;
    ods_row_give(r, s, col, text_len, len);
    return col;
}

static int ods_template_row_1(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    return ods_template_row_in(r, s, t, ODS_BLOCKS_1);
}

#if defined(__SSE2__)
static int ods_template_row_16(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    return ods_template_row_in(r, s, t, ODS_BLOCKS_16);
}
#endif

#if defined(ODS_AVX2)
static __attribute__((target("avx2"))) int ods_template_row_32(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    return ods_template_row_in(r, s, t, ODS_BLOCKS_32);
}
#endif

/* The row read by template t in the reader's blocks (OdsTemplates.blocks). */
static inline __attribute__((always_inline)) int ods_template_row(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    unsigned char blocks = s->ods->rows.blocks;
#if defined(ODS_AVX2)
    if (blocks == ODS_BLOCKS_32)
        return ods_template_row_32(r, s, t);
#endif
#if defined(__SSE2__)
    if (blocks == ODS_BLOCKS_16)
        return ods_template_row_16(r, s, t);
#endif
    return ods_template_row_1(r, s, t);
}

/*
** Why: from one hour row to the next, usually only the month changes, and
** the hours now and then, each keeping its length. So the next row is first
** compared whole with the bytes of the row before (OdsSame, still in the
** buffer just before it), 32 bytes at a time, each block's differing bytes
** one bit of a mask: when they all lie in the row before's holes, the row is
** that row's tags and attributes with other values of the same lengths in
** the same places, so what the template read there it reads here (the same
** runs, each hole's end at its delimiter, which is a literal byte of the
** row). Only the holes with a differing byte are read, on the template's
** conditions: a text by ods_plain_text_end, a value by
** table_sheet_plain_decimal_end, each to exactly its old end, and copied
** over the old value in the row's text (the same length, the same place);
** the cells of the others are as the row before left them, unchanged since
** (the row before is the last begun by the sheet, OdsTemplates.row). A row
** whose last value, a text, has another length (medium's modality) is read
** so up to it, then that text and the template's tail (ods_same_row_last).
** Any other row is read by the templates, which write every cell again, and
** the places of their holes as they go: the row kept is dropped before they
** are tried (a failed template left it wrong).
*/

/* The bytes of p[0..32) equal to q[0..32), one bit each, compared in
** blocks of the size given (a constant where inlined). */
#if defined(ODS_AVX2)
static inline __attribute__((target("avx2"))) uint32_t ods_equal_32(const char *p, const char *q)
{
    return (uint32_t)_mm256_movemask_epi8(ods_block_eq_32(p, q, 0));
}
#endif

static inline __attribute__((always_inline)) uint32_t ods_equal(const char *p, const char *q, OdsBlocks blocks)
{
#if defined(ODS_AVX2)
    if (blocks == ODS_BLOCKS_32)
        return ods_equal_32(p, q);
#endif
#if defined(__SSE2__)
    if (blocks == ODS_BLOCKS_16) {
        uint32_t lo = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p),
                                                                 _mm_loadu_si128((const __m128i *)(const void *)q)));
        uint32_t hi = (uint32_t)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)),
                           _mm_loadu_si128((const __m128i *)(const void *)(q + 16))));
        return lo | hi << 16;
    }
#endif
    uint32_t eq = 0;
    for (int i = 0; i < 32; i++)
        eq |= (uint32_t)(p[i] == q[i]) << i;
    return eq;
}

/* OdsSame.in_hole_last of the row's length. */
static inline void ods_same_mask_last(OdsSame *q)
{
    size_t from = q->len - 32;
    q->in_hole_last = (uint32_t)((q->in_hole[from >> 5] | (uint64_t)q->in_hole[(from >> 5) + 1] << 32) >> (from & 31));
}

/* The bits of n bytes (at most 32) from bit 0. */
static inline uint64_t ods_same_bits(unsigned n)
{
    return n ? (2ull << (n - 1)) - 1 : 0;
}

/* The holes' masks of the row kept, made once a row layout; false, the row
** not kept, when it is shorter than a block, or a hole longer than 32
** bytes or with fewer than 32 bytes of the row from its start (its block
** is read whole). */
static bool ods_same_masks(OdsSame *q, const OdsTemplate *t)
{
    size_t len = q->len;
    q->masks = true;
    if (len < 32) {
        q->tpl = -1;
        return false;
    }
    memset(q->in_hole, 0, sizeof q->in_hole);
    int col = 0;
    for (int i = 0; i < t->nholes; i++) {
        struct OdsSameHole *h = &q->hole[i];
        unsigned a = h->at, n = h->len;
        if (n > 32 || a + 32 > len) {
            q->tpl = -1;
            return false;
        }
        uint64_t bits = ods_same_bits(n);
        h->kind = t->hole[i].kind;
        h->col = (signed char)(h->kind == ODS_HOLE_PARA ? -1 : col++);
        h->ignore = ~(uint32_t)bits;
        bits <<= a & 31;
        q->in_hole[a >> 5] |= (uint32_t)bits;
        q->in_hole[(a >> 5) + 1] |= (uint32_t)(bits >> 32);
    }
    ods_same_mask_last(q);
    return true;
}

/* The holes before hole upto of the row at p read, those that differ from
** the row before's (before) on the template's conditions, each copied
** over its old value in the row's text; false when one is not what the
** template would read. */
static inline __attribute__((always_inline)) bool ods_same_holes(TableReader *r, TableSheet *s, const OdsSame *q,
                                                                 int upto, const char *p, const char *before,
                                                                 OdsBlocks blocks)
{
    const TableScan *sc = &s->scan;
    const unsigned char *cls = s->ods->cls;
    const char *end = sc->buf + sc->len;
    for (const struct OdsSameHole *h = q->hole, *last = h + upto; h < last; h++) {
        const char *v = p + h->at, *e;
        if ((ods_equal(v, before + h->at, blocks) | h->ignore) == ~0u)
            continue;
        if (h->kind == ODS_HOLE_VALUE) {
            e = table_sheet_plain_decimal_end(v);
        } else {
            /* a text, or a float's paragraph: valid text (a paragraph repeating its
            ** value is a plain decimal's bytes, valid text too) */
            e = ods_plain_text_end(sc, cls, v, end);
        }
        if (e != v + h->len)
            return false;
        if (h->col >= 0) {
            const TableCell *c = &r->cells[h->col];
            idmap_copy_bytes(s->row_text + (c->text - s->row_text), v, h->len);
        }
    }
    return true;
}

/* ods_same_row_in's row when its end differs from the row before's: the
** row before's up to its last hole, a text (medium's modality: "ei",
** "aci"), then that text of another length, then the template's tail. The
** text is the last value in the row's text: written there at its new
** length, and the row kept with it (its masks moved). */
static inline __attribute__((always_inline)) bool ods_same_row_last(TableReader *r, TableSheet *s, OdsBlocks blocks)
{
    TableScan *sc = &s->scan;
    OdsTemplates *m = &s->ods->rows;
    OdsSame *q = &m->same;
    const OdsTemplate *t = &m->t[q->tpl];
    int last = t->nholes - 1;
    struct OdsSameHole *h = &q->hole[last];
    size_t a = h->at, n = h->len, len = q->len;
    const char *p = sc->buf + sc->pos, *before = p - len, *end = sc->buf + sc->len;
    if (h->kind != ODS_HOLE_TEXT || (size_t)(end - p) < a + 32)
        return false;
    /* the text, then the tail first: a row of another shape fails here */
    const char *v = p + a, *e = ods_plain_text_end(sc, s->ods->cls, v, end);
    size_t n2 = e ? (size_t)(e - v) : 0, at = q->text_len - n - 1;   /* its place in the row's text */
    if (n2 - 1 >= 32 || (size_t)(end - e) < t->tail.len || !ods_run_is(e, t->lit, &t->tail, blocks) ||
        at + n2 + 16 > s->row_text_cap)
        return false;
    if (!q->masks && !ods_same_masks(q, t))
        return false;
    /* every byte before the last hole equal, or in a hole */
    uint32_t same = ~0u;
    size_t k = 0;
    for (; k < a / 32; k++)
        same &= ods_equal(p + 32 * k, before + 32 * k, blocks) | q->in_hole[k];
    if (a % 32)
        same &= ods_equal(p + 32 * k, before + 32 * k, blocks) | q->in_hole[k] | ~0u << (a % 32);
    if (same != ~0u || !ods_same_holes(r, s, q, last, p, before, blocks))
        return false;
    TableCell *c = &r->cells[h->col];
    char *dst = s->row_text + at;
    idmap_copy_bytes(dst, v, n2);
    dst[n2] = '\0';
    *c = (TableCell){ dst, n2 };
    size_t len2 = a + n2 + t->tail.len;
    q->at += len;
    q->text_len = at + n2 + 1;
    if (len2 > ODS_SAME_BYTES || a + 32 > len2) {
        q->tpl = -1;   /* not kept: ods_same_masks's conditions */
    } else {
        uint64_t old_bits = ods_same_bits((unsigned)n) << (a & 31), bits = ods_same_bits((unsigned)n2) << (a & 31);
        q->in_hole[a >> 5] = (q->in_hole[a >> 5] & ~(uint32_t)old_bits) | (uint32_t)bits;
        q->in_hole[(a >> 5) + 1] = (q->in_hole[(a >> 5) + 1] & ~(uint32_t)(old_bits >> 32)) | (uint32_t)(bits >> 32);
        h->len = (unsigned short)n2;
        h->ignore = ~(uint32_t)ods_same_bits((unsigned)n2);
        q->len = (unsigned)len2;
        ods_same_mask_last(q);
    }
    ods_row_give(r, s, t->ncells, q->text_len, len2);
    return true;
}

/* The row at the tokenizer's place read as the row before with some of its
** values changed (see above), given; false, nothing done but in the
** changed values' bytes in the row's text (which the templates write
** again), when it is not. Its blocks compared in the size given: one body,
** compiled once for each. */
static inline __attribute__((always_inline)) bool ods_same_row_in(TableReader *r, TableSheet *s, OdsBlocks blocks)
{
    TableScan *sc = &s->scan;
    OdsTemplates *m = &s->ods->rows;
    OdsSame *q = &m->same;
    size_t len = q->len;
    /* the row starts where the row before ended, whose bytes are still in the buffer before it */
    if (sc->offset + sc->pos != q->at + len || sc->pos < len || sc->len - sc->pos < len)
        return false;
    const char *p = sc->buf + sc->pos, *before = p - len;
    /* a row of another length, most often: its end tag elsewhere (the last
    ** sixteen bytes are the end tag's, never a hole's) */
    if (!ods_same(p + len - 16, before + len - 16, 16))
        return ods_same_row_last(r, s, blocks);
    const OdsTemplate *t = &m->t[q->tpl];
    if (!q->masks && !ods_same_masks(q, t))
        return false;
    /* every byte equal, or in a hole; the last block ends with the row */
    uint32_t same = ods_equal(p + len - 32, before + len - 32, blocks) | q->in_hole_last;
#pragma GCC unroll 2
    for (size_t k = 0, full = (len - 1) / 32; k < full; k++)
        same &= ods_equal(p + 32 * k, before + 32 * k, blocks) | q->in_hole[k];
    if (same != ~0u || !ods_same_holes(r, s, q, t->nholes, p, before, blocks))
        return false;
    q->at += len;
    ods_row_give(r, s, t->ncells, q->text_len, len);
    return true;
}

static bool ods_same_row_1(TableReader *r, TableSheet *s)
{
    return ods_same_row_in(r, s, ODS_BLOCKS_1);
}

#if defined(__SSE2__)
static bool ods_same_row_16(TableReader *r, TableSheet *s)
{
    return ods_same_row_in(r, s, ODS_BLOCKS_16);
}
#endif

#if defined(ODS_AVX2)
static __attribute__((target("avx2"))) bool ods_same_row_32(TableReader *r, TableSheet *s)
{
    return ods_same_row_in(r, s, ODS_BLOCKS_32);
}
#endif

/* The row read as the row before with other values, in the reader's blocks. */
static inline __attribute__((always_inline)) bool ods_same_row(TableReader *r, TableSheet *s)
{
    unsigned char blocks = s->ods->rows.blocks;
#if defined(ODS_AVX2)
    if (blocks == ODS_BLOCKS_32)
        return ods_same_row_32(r, s);
#endif
#if defined(__SSE2__)
    if (blocks == ODS_BLOCKS_16)
        return ods_same_row_16(r, s);
#endif
    return ods_same_row_1(r, s);
}

/* The row at the tokenizer's place read by the template tried first, else
** by the other (which is tried first from its second row in a row on); the
** caller checked that they may. */
static inline __attribute__((always_inline)) bool ods_templates_row(TableReader *r, TableSheet *s)
{
    OdsTemplates *m = &s->ods->rows;
    if (m->same.tpl >= 0 && ods_same_row(r, s))
        return true;
    /* the templates write the row's cells, its text and the places of its
    ** holes as they read: the row kept is no longer the one they hold, until
    ** one reads the row whole */
    m->same.tpl = -1;
    if (ods_template_row(r, s, &m->t[m->first])) {
        m->second_last = false;
        return true;
    }
    if (m->t[m->first].ncells > m->set)
        m->set = m->t[m->first].ncells;   /* the cells it may have written: emptied if the other reads fewer */
    if (!m->t[1 - m->first].nholes || !ods_template_row(r, s, &m->t[1 - m->first]))
        return false;
    if (m->second_last)
        m->first = 1 - m->first;
    m->second_last = !m->second_last;
    return true;
}

static OdsStep ods_fast_row(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    TableOdsScan *o = s->ods;
    const char *p = sc->buf + sc->pos;
    size_t avail = sc->len - sc->pos, lo = sizeof ODS_ROW_OPEN - 1, ln = sizeof ODS_ROW_NAME - 1;
    if (!o->fast_cells || !s->in_data || s->depth_skip)
        return ODS_MORE;
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
