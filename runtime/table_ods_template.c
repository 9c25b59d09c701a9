/* runtime/table_ods_template.c: an ODS sheet's row templates: the last row read whole kept as runs and holes, the next row compared with it, and the row read as the row before with other values. */
#include "table_ods_scan_impl.h"

#include <stdlib.h>
#include <string.h>

#include "idmap.h"   /* idmap_copy_bytes: a short value copied over the row before's */

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
** table_ods_template_row_32, compiled for AVX2 (not always_inline: the other
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
unsigned char table_ods_template_blocks(void)
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

/* The row at the tokenizer's place, len bytes, its cols cells put in the
** row's text (text_len bytes) by a template or ods_same_row, given as
** table_ods_row_end gives a data row: table_ods_row_start, the cells put
** (those of columns past them set by the row before emptied), then the row
** given. plain: its text is known to be plain (ods_same_holes), else it is
** checked; what it is, kept for the next row (OdsSame.plain). */
static inline __attribute__((always_inline)) void ods_row_give(TableReader *r, TableSheet *s, int col,
                                                               size_t text_len, size_t len, bool plain)
{
    OdsTemplates *m = &s->ods->rows;
    TableCell *cells = r->cells;
    table_sheet_begin_row_uncleared(r, s->row_num + 1);
    plain = plain || !ods_row_text_unplain(s->row_text, text_len);
    r->row_plain = r->row_ascii = m->same.plain = plain;
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
    ods_row_give(r, s, col, text_len, len, false);
    return col;
}

int table_ods_template_row_1(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    return ods_template_row_in(r, s, t, ODS_BLOCKS_1);
}

#if defined(__SSE2__)
int table_ods_template_row_16(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    return ods_template_row_in(r, s, t, ODS_BLOCKS_16);
}
#endif

#if defined(ODS_AVX2)
__attribute__((target("avx2"))) int table_ods_template_row_32(TableReader *r, TableSheet *s, const OdsTemplate *t)
{
    return ods_template_row_in(r, s, t, ODS_BLOCKS_32);
}
#endif

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

#if defined(ODS_AVX2)
/* The bytes of v[0..32) that are not plain text (ods_plain_short), one bit each. */
static inline __attribute__((target("avx2"))) uint32_t ods_unplain_32(const char *v)
{
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)v);
    __m256i bad = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('<')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('&'))),
        _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(']')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8(0x7F))));
    return (uint32_t)_mm256_movemask_epi8(bad) | ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(x, _mm256_set1_epi8(' ')));
}
#endif

#if defined(__SSE2__)
/* The same of v[0..32) in two 16-byte blocks. */
static inline __attribute__((always_inline)) uint32_t ods_unplain_16(const char *v)
{
    uint32_t bits = 0;
    for (int k = 0; k < 2; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(v + 16 * k));
        __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('<')), _mm_cmpeq_epi8(x, _mm_set1_epi8('&'))),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(']')), _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))));
        uint32_t half = (uint32_t)_mm_movemask_epi8(bad) | (~(uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(x, _mm_set1_epi8(' '))) & 0xFFFF);
        bits |= half << (16 * k);
    }
    return bits;
}
#endif

/* Whether the bytes of v that want has bits of (a hole's: at most 32, 32
** bytes readable) are plain text: above the space and below DEL but '<',
** '&' and ']'. Each is text (ODS_TEXT), so a hole's text of its old
** length, followed by the next run's '<', ends where ods_plain_text_end
** would end it, and its value holds no byte that makes a row not plain.
** Any other text (a blank, a TAB, UTF-8, a reference) is read by
** ods_plain_text_end. */
static inline __attribute__((always_inline)) bool ods_plain_short(const char *v, uint32_t want, OdsBlocks blocks)
{
#if defined(ODS_AVX2)
    if (blocks == ODS_BLOCKS_32)
        return !(ods_unplain_32(v) & want);
#endif
#if defined(__SSE2__)
    if (blocks == ODS_BLOCKS_16)
        return !(ods_unplain_16(v) & want);
#endif
    uint32_t bad = 0;
    for (int i = 0; i < 32; i++) {
        unsigned char c = (unsigned char)v[i];
        bad |= (uint32_t)(c <= ' ' || c >= 0x7F || c == '<' || c == '&' || c == ']') << i;
    }
    return !(bad & want);
}

/* The holes before hole upto of the row at p read, those that differ from
** the row before's (before) on the template's conditions, each copied
** over its old value in the row's text; false when one is not what the
** template would read. *plain, true when the row before's text was plain,
** stays true while each value read is known plain (a plain decimal, or
** plain text: ods_plain_short). */
static inline __attribute__((always_inline)) bool ods_same_holes(TableReader *r, TableSheet *s, const OdsSame *q,
                                                                 int upto, const char *p, const char *before,
                                                                 OdsBlocks blocks, bool *plain)
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
        } else if (ods_plain_short(v, ~h->ignore, blocks)) {
            e = v + h->len;
        } else {
            /* a text, or a float's paragraph: valid text (a paragraph repeating its
            ** value is a plain decimal's bytes, valid text too) */
            e = ods_plain_text_end(sc, cls, v, end);
            *plain = false;   /* not known: the row's text is checked */
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
    bool plain = false;   /* the last text of another length: the row's text is checked */
    if (same != ~0u || !ods_same_holes(r, s, q, last, p, before, blocks, &plain))
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
    ods_row_give(r, s, t->ncells, q->text_len, len2, false);
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
    bool plain = q->plain;
    if (same != ~0u || !ods_same_holes(r, s, q, t->nholes, p, before, blocks, &plain))
        return false;
    q->at += len;
    ods_row_give(r, s, t->ncells, q->text_len, len, plain);
    return true;
}

bool table_ods_template_same_1(TableReader *r, TableSheet *s)
{
    return ods_same_row_in(r, s, ODS_BLOCKS_1);
}

#if defined(__SSE2__)
bool table_ods_template_same_16(TableReader *r, TableSheet *s)
{
    return ods_same_row_in(r, s, ODS_BLOCKS_16);
}
#endif

#if defined(ODS_AVX2)
__attribute__((target("avx2"))) bool table_ods_template_same_32(TableReader *r, TableSheet *s)
{
    return ods_same_row_in(r, s, ODS_BLOCKS_32);
}
#endif

/*
** Why: medium's hour rows come in two shapes (the hours a float, or a text
** in one row of ten), and a row of the shape other than the row before's
** was tried first by the wrong template about half the time, which read its
** first three cells before its run of the hours differed (48 k failed tries,
** some 300 instructions each). So when the row kept (OdsSame) was read by a
** template and the row after it is not that row with other values, the
** run where the two templates first differ is looked at in the new row
** where it lay in the row kept: when it is not the kept template's (its
** last sixteen bytes or fewer), the other template is tried first. A row
** whose first cells changed length only has its templates tried in the
** other order; which template reads a row never changes what it gives.
*/

/* Whether the row at p (avail bytes) may be of template t's shape, the row
** before (q, read by t) laid out as it was: the last sixteen bytes of t's
** run before hole d, where they lay in q's row (a shorter run: may). */
static bool ods_template_may_be(const OdsTemplate *t, const OdsSame *q, int d, const char *p, size_t avail)
{
    const OdsRun *u = &t->hole[d].run;
    size_t at = q->hole[d].at;
    return u->len < 16 || at > avail || memcmp(p + at - 16, t->lit + u->off + u->len - 16, 16) == 0;
}

/* The row at the tokenizer's place, not the row kept with other values,
** read by the template tried first, else by the other (which is tried first
** from its second row in a row on, or when the row does not look like the
** kept row's template: see above); the caller checked that they may. */
bool table_ods_templates_read(TableReader *r, TableSheet *s)
{
    OdsTemplates *m = &s->ods->rows;
    int kept = m->same.tpl, a = m->first;   /* the row kept as ods_same_row left it: -1, a layout not kept */
    if (kept >= 0 && m->differ >= 0 &&
        !ods_template_may_be(&m->t[kept], &m->same, m->differ, s->scan.buf + s->scan.pos, s->scan.len - s->scan.pos))
        a = 1 - kept;
    /* the templates write the row's cells, its text and the places of its
    ** holes as they read: the row kept is no longer the one they hold, until
    ** one reads the row whole */
    m->same.tpl = -1;
    int got = -1;
    if (ods_template_row(r, s, &m->t[a])) {
        got = a;
    } else {
        if (m->t[a].ncells > m->set)
            m->set = m->t[a].ncells;   /* the cells it may have written: emptied if the other reads fewer */
        if (!m->t[1 - a].nholes || !ods_template_row(r, s, &m->t[1 - a]))
            return false;
        got = 1 - a;
    }
    if (got == m->first) {
        m->second_last = false;
        return true;
    }
    if (m->second_last)
        m->first = 1 - m->first;
    m->second_last = !m->second_last;
    return true;
}
