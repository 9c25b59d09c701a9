/* runtime/table_ods_scan_impl.h: what the ODS tokenizer (table_ods_scan.c) and its row template (table_ods_template.c) share: the tokenizer's state, the usual cells' readers, the template's entry; no other module includes it. */
#ifndef CHARTE_TABLE_ODS_SCAN_IMPL_H
#define CHARTE_TABLE_ODS_SCAN_IMPL_H

#include "table_impl.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ODS_AVX2 1   /* a row template's runs may be compared 32 bytes at a time, when the processor can */
#endif

/* ---- the tokenizer's state (table_ods_scan.c), which the template reads and writes ---- */

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
    bool plain;               /* its row text held no blank nor byte from 0x80 (TableRow.plain) */
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
    int differ;            /* the first hole whose run differs between the two, -1: none known (ods_templates_differ) */
    unsigned char unlearnt;  /* rows read whole in a row that no template could be learnt from (ods_templates_learn) */
    unsigned char blocks;  /* OdsBlocks, chosen once for the reader (table_ods_template_blocks) */
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
    /* the part that wrote it, whose rows were counted from 0 (guessed):
    ** row_num and safe's are set right when its slice is placed */
    const TableSheet *by;
    bool guessed;
};

/* ---- the usual cells' readers, inline in both files as they were in one ---- */

/* The 8 bytes at p as one word, in memory order. */
static inline uint64_t ods_word(const char *p)
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

#define ODS_CELL_OPEN   "<table:table-cell"
#define ODS_CELL_TEXT   "<text:p>"
#define ODS_CELL_CLOSE  "</text:p></table:table-cell>"

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

/* A row's tags as a spreadsheet writes them (ods_fast_row; a template's runs hold them). */
#define ODS_ROW_OPEN  "<table:table-row>"
#define ODS_ROW_CLOSE "</table:table-row>"
#define ODS_ROW_NAME  "table:table-row"

/* ---- the row template (table_ods_template.c) ---- */

/* Its rows read in blocks of 1, 16 or 32 bytes: out of line as they were,
** each compiled for its blocks; the choice among them is inline below. */
int table_ods_template_row_1(TableReader *r, TableSheet *s, const OdsTemplate *t);
bool table_ods_template_same_1(TableReader *r, TableSheet *s);
#if defined(__SSE2__)
int table_ods_template_row_16(TableReader *r, TableSheet *s, const OdsTemplate *t);
bool table_ods_template_same_16(TableReader *r, TableSheet *s);
#endif
#if defined(ODS_AVX2)
__attribute__((target("avx2"))) int table_ods_template_row_32(TableReader *r, TableSheet *s, const OdsTemplate *t);
__attribute__((target("avx2"))) bool table_ods_template_same_32(TableReader *r, TableSheet *s);
#endif
/* The row at the tokenizer's place, not the row kept with other values, read by a template. */
bool table_ods_templates_read(TableReader *r, TableSheet *s);
/* The widest blocks this build and processor compare runs in (or CHARTE_ODS_BLOCKS's). */
unsigned char table_ods_template_blocks(void);

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

/* The row read by template t in the reader's blocks (OdsTemplates.blocks). */
static inline __attribute__((always_inline)) int ods_template_row(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    unsigned char blocks = s->ods->rows.blocks;
#if defined(ODS_AVX2)
    if (blocks == ODS_BLOCKS_32)
        return table_ods_template_row_32(r, s, t);
#endif
#if defined(__SSE2__)
    if (blocks == ODS_BLOCKS_16)
        return table_ods_template_row_16(r, s, t);
#endif
    return table_ods_template_row_1(r, s, t);
}

/* The row read as the row before with other values, in the reader's blocks. */
static inline __attribute__((always_inline)) bool ods_same_row(TableReader *r, TableSheet *s)
{
    unsigned char blocks = s->ods->rows.blocks;
#if defined(ODS_AVX2)
    if (blocks == ODS_BLOCKS_32)
        return table_ods_template_same_32(r, s);
#endif
#if defined(__SSE2__)
    if (blocks == ODS_BLOCKS_16)
        return table_ods_template_same_16(r, s);
#endif
    return table_ods_template_same_1(r, s);
}

/* The first hole whose run differs between the two templates (kind,
** length or bytes), -1 when there are not two or none does. */
static inline int ods_templates_differ(const OdsTemplates *m)
{
    const OdsTemplate *a = &m->t[0], *b = &m->t[1];
    if (!a->nholes || !b->nholes)
        return -1;
    for (int i = 0; i < a->nholes && i < b->nholes; i++) {
        const OdsRun *u = &a->hole[i].run, *w = &b->hole[i].run;
        if (a->hole[i].kind != b->hole[i].kind || u->len != w->len || memcmp(a->lit + u->off, b->lit + w->off, u->len) != 0)
            return i;
    }
    return -1;
}

/* The row read as the row before with other values, else by the templates
** (table_ods_templates_read, out of line: the common path keeps its
** registers, 10 M instructions of medium's). */
static inline __attribute__((always_inline)) bool ods_templates_row(TableReader *r, TableSheet *s)
{
    if (s->ods->rows.same.tpl >= 0 && ods_same_row(r, s))
        return true;
    return table_ods_templates_read(r, s);
}

/* The template learnt from a row read whole: inline in ods_fast_row, its
** only caller, as it was in one file (out of line, its call cost 2 M of
** the medium ODS run's 2 486 M instructions). */

/* The literal run [from, to) appended, before a hole of kind (or as the tail when kind < 0). */
static inline bool ods_template_run(OdsTemplate *t, size_t *used, const char *from, const char *to, int kind)
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
static inline bool ods_template_put_was(const TableReader *r, int col, const char *text, size_t len)
{
    const TableCell *c = &r->cells[col];
    return len > 0 && len <= TABLE_MAX_FIELD_BYTES && c->text && c->len == len && memcmp(c->text, text, len) == 0;
}

/* Template t learnt from the data row [row, row_end) just given, read by
** ods_fast_row in one step (its bytes lie whole in the buffer): its number
** of cells, each put in its column as it lies; 0 (none) when it is not made
** of usual cells only. */
static inline int ods_template_learn(TableReader *r, TableSheet *s, OdsTemplate *t, const char *row, const char *row_end)
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

/*
** Rows no template can be learnt from (a participant's or a hire's: a date
** cell after a style, an empty cell) are tried all the same, each read again
** up to the cell that stops it and its runs copied, then dropped: 11 M
** instructions of medium's 20 000 participants, on the thread the pair waits
** for. After ODS_UNLEARNT_MAX such rows in a row, one row in
** ODS_UNLEARNT_EVERY is tried; one learnt, every row again. Which rows are
** tried changes only which path reads the next ones, never what they give.
*/
enum { ODS_UNLEARNT_MAX = 8, ODS_UNLEARNT_EVERY = 64 };

static inline bool ods_template_unlearnt(const OdsTemplates *m, long row_num)
{
    return m->unlearnt >= ODS_UNLEARNT_MAX && row_num % ODS_UNLEARNT_EVERY != 0;
}

/* The data row [row, row_end) just given by ods_fast_row, which no template
** read: the template of the other shape (of the first while there is none). */
static inline void ods_templates_learn(TableReader *r, TableSheet *s, const char *row, const char *row_end)
{
    OdsTemplates *m = &s->ods->rows;
    if (m->by != s)
        m->t[0].nholes = m->t[1].nholes = 0, m->first = 0;
    int slot = m->t[m->first].nholes ? 1 - m->first : m->first;
    m->same.tpl = -1;   /* the row read is not a template's */
    int n = 0;
    if (!ods_template_unlearnt(m, s->row_num))
        n = ods_template_learn(r, s, &m->t[slot], row, row_end);
    else
        m->t[slot].nholes = 0;   /* as a learning that failed leaves it */
    if (n)
        m->unlearnt = 0;
    else if (m->unlearnt < ODS_UNLEARNT_MAX)
        m->unlearnt++;
    m->by = n ? s : NULL;
    m->row = s->row_num;
    m->set = n;
    m->second_last = false;
    m->differ = ods_templates_differ(m);
}

#endif
