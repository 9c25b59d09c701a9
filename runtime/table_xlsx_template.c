/* runtime/table_xlsx_template.c: an XLSX sheet's row template: the row read in the shape of the one before (its cells in one loop), the row read whole kept as runs and holes, and the next row compared with it as one thing (table_xml_scan_row). */
#include "table_xml_scan_impl.h"

#include <string.h>

#include "gc.h"

/* The days of the date cells met, as months (TableScan.days): a serial's
** day is table_sheet_serial_day's arithmetic, some 200 instructions, and a
** participant's row has two. Within a month the serials are consecutive
** and so are its days (table_sheet_serial_day's origin changes at serial
** 60, a day it refuses, between February and March 1900), so a range of
** serials known to lie in one month, lo to hi, and the day of lo give the
** day of every serial between them. The ranges are found by the serial's
** block of 16 days (which lies in at most two months: two ranges a block),
** and grown from the days that table_sheet_serial_day writes. */
#define SCAN_DAYS_BITS 11
typedef struct ScanMonth {
    int32_t lo, hi;      /* hi < lo: none */
    int32_t day_lo;      /* lo's day of the month */
    char month[8];       /* `YYYY-MM-` */
} ScanMonth;

struct TableScanDays {
    ScanMonth block[1 << SCAN_DAYS_BITS][2];
};

/* The serial of days (its digits at v, n of them) found in its block's months. */
static inline bool scan_month_day(const ScanMonth *m, long days, char out[11])
{
    for (int k = 0; k < 2; k++)
        if (days >= m[k].lo && days <= m[k].hi) {
            long d = m[k].day_lo + (days - m[k].lo);
            memcpy(out, m[k].month, 8);
            memcpy(out + 8, table_two_digits + 2 * d, 2);
            out[10] = '\0';
            return true;
        }
    return false;
}

/* The day just written (out) for the serial of days kept in its block:
** in the range of its month there, grown to it, or as the block's newest
** range. */
static void scan_month_keep(ScanMonth *m, long days, const char out[11])
{
    int day = (out[8] - '0') * 10 + (out[9] - '0');
    for (int k = 0; k < 2; k++)
        if (m[k].hi >= m[k].lo && memcmp(m[k].month, out, 8) == 0) {
            if (days < m[k].lo) {
                m[k].lo = (int32_t)days;
                m[k].day_lo = day;
            } else if (days > m[k].hi) {
                m[k].hi = (int32_t)days;
            }
            return;
        }
    m[1] = m[0];
    m[0] = (ScanMonth){ .lo = (int32_t)days, .hi = (int32_t)days, .day_lo = day };
    memcpy(m[0].month, out, 8);
}

/* The day (out: 10 bytes and a NUL, as table_sheet_serial_day writes it)
** of the serial whose digits are at v (end - v >= 9), and where they end;
** NULL when they are no whole day's serial that table_sheet_serial_day
** reads (no digit, more than 7, a day out of its range). The caller checks
** that `</v></c>` follows. */
static const char *scan_date_day(TableSheet *s, const char *v, char out[11])
{
    TableScan *sc = &s->scan;
    long days;
    const char *e = scan_fast_number(v, &days);
    size_t n = (size_t)(e - v);
    if (n == 0 || n > 7)
        return NULL;   /* table_sheet_serial_day's refusal */
    if (!sc->days) {
        sc->days = rt_alloc_atomic(sizeof *sc->days);
        for (size_t b = 0; b < sizeof sc->days->block / sizeof sc->days->block[0]; b++)
            for (int k = 0; k < 2; k++)
                sc->days->block[b][k] = (ScanMonth){ .lo = 1, .hi = 0 };
    }
    ScanMonth *m = sc->days->block[((unsigned long)days >> 4) & ((1u << SCAN_DAYS_BITS) - 1)];
    if (scan_month_day(m, days, out))
        return e;
    if (!table_sheet_serial_day(v, n, s->date1904, out))
        return NULL;
    scan_month_keep(m, days, out);
    return e;
}

/* The row's digits where a cell's reference has them (bytes 7 to 14 of its
** first 16: `<c r="B` before them), to be taken out of those 16 bytes
** (xor) before they are compared with a prefix, whose digits are zeros. */
static inline TableScanPair scan_prefix_digits(uint64_t digits)
{
    return (TableScanPair){ digits << 56, digits >> 8 };
}

/* Whether the 32 bytes at p (lo, with the row's digits taken out, and hi)
** are the shape's cell up to its value. */
static inline bool scan_prefix_is(const TableScanShape *sh, TableScanPair lo, TableScanPair hi)
{
    TableScanPair diff = ((lo ^ sh->want[0]) & sh->need[0]) | ((hi ^ sh->want[1]) & sh->need[1]);
    return (diff[0] | diff[1]) == 0;
}

/* The row template's cell of column col in the column's shape before its
** last (shape_alt): when the bytes (lo with the row's digits taken out,
** hi) are that cell's, the two shapes swap and true. */
static bool scan_template_alt(TableScan *sc, int col, size_t dlen, TableScanPair lo, TableScanPair hi)
{
    TableScanShape *alt = &sc->shape_alt[col];
    if (!alt->len || (alt->dlen != dlen && !table_xml_scan_prefix_build(alt, col, dlen)) || !scan_prefix_is(alt, lo, hi))
        return false;
    TableScanShape last = sc->shape[col];
    sc->shape[col] = *alt;
    *alt = last;
    return true;
}

/* ---- the row in the shape of the one before ------------------------------------------------ */

/* A data row is nearly always the row before with other digits: each cell
** the next column's, with the row's digits, its column's last shape, a
** shared string or a plain number that is no date, handed over as it is.
** Those cells are read here in one loop whose state stays in registers
** (where the row's text, its byte count and the cells are), each cell
** checked by the comparisons scan_fast_cell makes on its first path (the
** reference and the shape as words, the value, `</v></c>`, the room of the
** row), without its call, its attribute loop's set-up and its stores per
** cell. The first cell that differs in any of them is left where it starts,
** untouched but for its column's memo (which scan_fast_cell would update
** the same way), and scan_fast_cell reads it as before: so nothing is read
** here that scan_fast_cell would read otherwise. Two things more than
** scan_fast_cell's first path, which the other sheets' rows need (a
** participant's row has two dates and one column in two empty): a cell of
** a later column (one letter; its prefix, compared as any, holds it),
** the columns between left empty as the general path leaves them; a
** number in a date style that is a whole day's serial, written as
** xlsx_cell_value writes it (table_sheet_serial_day; any other value in a
** date style is left to it). Returns the cells read; *plain is left true
** only when every cell read is plain ASCII (TableSheet.sst_off; a plain
** decimal and a day always are), *in_order only when each is the column
** after the one before and none is a date (what the row template,
** table_xlsx_template_learn, can learn). */
__attribute__((noinline)) int table_xlsx_template_cells(TableReader *r, TableSheet *s, bool *plain, bool *in_order)
{
    TableScan *sc = &s->scan;
    const char *buf = sc->buf, *end = buf + sc->len, *p = buf + sc->pos;
    const uint64_t digits = sc->row_digits, digits_mask = sc->row_digits_mask;
    const size_t digits_len = sc->row_digits_len;
    const uint64_t closing = scan_word("</v></c>");
    const int last_col = (r->info.ncols < TABLE_SCAN_MEMO ? r->info.ncols : TABLE_SCAN_MEMO) - 1;
    TableCell *cells = r->cells;
    size_t row_bytes = r->row_bytes;
    const int first = s->col;
    int col = first, shape_col = -1;
    bool all_plain = true, all_in_order = true;
    if (!s->header_done || !digits_mask)
        return 0;
    const TableScanPair row_digits = scan_prefix_digits(digits);
    /* 56 bytes hold a cell's every read up to a shared string's end (the
    ** prefix's 32 bytes, the index's nine digits, `</v></c>`); a number's
    ** end is checked apart */
    while (col < last_col && end - p >= 56) {
        int next = col + 1;
        if ((unsigned char)p[6] != 'A' + next) {
            /* a later column's, or no cell this loop reads */
            unsigned at = (unsigned char)p[6] - 'A';
            if (at <= (unsigned)next || at > (unsigned)last_col)
                break;
            next = (int)at;
        }
        if (next >= TABLE_SCAN_MEMO)
            __builtin_unreachable();   /* last_col < TABLE_SCAN_MEMO: the memo's own checks go */
        /* the next column's reference with the row's digits, then the
        ** column's last shape (scan_fast_cell's comparisons on its first
        ** path, as 32 bytes built for the row's digit count) */
        if (sc->shape[next].dlen != digits_len && !table_xml_scan_prefix_build(&sc->shape[next], next, digits_len))
            break;
        TableScanPair lo, hi;
        memcpy(&lo, p, 16);
        memcpy(&hi, p + 16, 16);
        lo ^= row_digits;
        TableScanPair diff = ((lo ^ sc->shape[next].want[0]) & sc->shape[next].need[0]) |
                             ((hi ^ sc->shape[next].want[1]) & sc->shape[next].need[1]);
        if ((diff[0] | diff[1]) != 0 && !scan_template_alt(sc, next, digits_len, lo, hi))
            break;
        const char *v = p + sc->shape[next].plen;
        const char *text;
        size_t len;
        if (sc->shape[next].type == 's') {
            unsigned odd;
            if (!scan_fast_shared(s, next, &v, &text, &len, &odd) || scan_word(v) != closing ||
                len - 1 >= TABLE_MAX_FIELD_BYTES || row_bytes + len + 1 > TABLE_MAX_ROW_BYTES)
                break;
            all_plain &= !(odd & TABLE_SCAN_NOT_PLAIN);
        } else if (sc->shape[next].style >= 0 && (size_t)sc->shape[next].style < s->nxf &&
                   s->xf_date[sc->shape[next].style]) {
            /* a date: its serial's digits, written as their day (10 bytes and a NUL;
            ** the row's text is made at the first row that needs it: no pointer before) */
            if (row_bytes + 11 > TABLE_MAX_ROW_BYTES || s->row_text_len + 11 > s->row_text_cap)
                break;
            char *day = s->row_text + s->row_text_len;
            const char *e = scan_date_day(s, v, day);
            if (!e || scan_word(e) != closing)
                break;
            s->row_text_len += 11;
            len = 10;
            text = day;
            v = e;
            all_in_order = false;
        } else {
            const char *e = table_xml_scan_plain_decimal_end(sc, v);
            if (!e || e - v > SCAN_FAST_VALUE)
                break;
            len = (size_t)(e - v);
            if (end - e < 8 || scan_word(e) != closing || row_bytes + len + 1 > TABLE_MAX_ROW_BYTES ||
                s->row_text_len + len + 1 > s->row_text_cap)
                break;
            if (len <= 8 && s->row_text_len + 9 <= s->row_text_cap) {
                /* a short number (the hours) as one word: 8 bytes lie after it (`</v></c>`) */
                char *copy = s->row_text + s->row_text_len;
                memcpy(copy, v, 8);
                copy[len] = '\0';
                s->row_text_len += len + 1;
                text = copy;
            } else {
                text = table_sheet_copy_text(s, v, len);
            }
            v = e;
        }
        if (next != col + 1) {
            for (int k = col + 1; k < next; k++)
                cells[k] = (TableCell){ NULL, 0 };
            all_in_order = false;
        }
        cells[next] = (TableCell){ text, len };
        row_bytes += len + 1;
        col = next;
        shape_col = next;
        p = v + 8;
    }
    if (col == first)
        return 0;
    *plain &= all_plain;
    *in_order &= all_in_order;
    sc->pos = (size_t)(p - buf);
    r->row_bytes = row_bytes;
    s->col = col;
    if (col > s->max_col)
        s->max_col = col;
    s->row_has_value = true;
    s->cell_type = sc->shape[shape_col].type;
    s->cell_style = sc->shape[shape_col].style;
    return col - first;
}

/* ---- the row template ---------------------------------------------------------------------------- */

/* A data row read whole by the fast paths (its start, every cell by
** table_xlsx_template_cells in its column's shape, its `</row>` right after) is
** kept as the row template: runs of literal bytes and the holes between
** them. A cell's run is the bytes before its value (the row's tag, or the
** cell before's `</v></c>`, then the cell up to its `<v>`), with the row's
** number where the tag and the reference write it; the holes are the
** values. The next row is compared with it as one thing
** (table_xml_scan_row): the digits of the number after the row before's
** written into each run, each run compared 16 bytes at a time, each
** value read as table_xlsx_template_cells reads it (a shared string's index by
** the column's memo or the cache, a plain decimal by the table of numbers,
** the same limits), `</v></c></row>` last; the row is then handed over as
** scan_row_rest hands it over, without the pump, its dispatch and the
** row's start and end. On any difference nothing is read: the pump reads
** the row as before, and the row it reads whole becomes the template.
**
** A run's bytes are the row tag's and the cells' attributes as written, so
** a row that matches them means what the row learnt from meant: the same
** cells in the same columns, each of the same type and style as the shape
** that table_xlsx_template_cells read there (a date style never: the cell
** template reads a date, but a row with one, or with an empty column, is
** not learnt: table_xlsx_template_cells' in_order), the same other
** attributes of the row (spans and the like, which nothing reads). A
** column whose cells change between two shapes (the hours: a number, one
** row in ten a shared string) keeps both runs, as TableScan.shape_alt
** keeps both shapes. */

/* Whether the run's len bytes (16 or more) lie at p, with the row's digits
** where it has them (written into its holes first). */
static inline __attribute__((always_inline)) bool scan_run_same(const char *p, ScanRowRun *run, uint64_t digits)
{
    uint64_t w0 = run->around[0] | digits, w1 = run->around[1] | digits;
    memcpy(run->bytes + run->hole[0], &w0, sizeof w0);
    memcpy(run->bytes + run->hole[1], &w1, sizeof w1);
    return table_same_wide(p, run->bytes, run->len);
}

/* The row's digits where a cell's run has them (bytes 15 to 21: the cell
** before's `</v></c>` and `<c r="B` before them), made once a row as the
** two halves of 32 bytes: each cell's run is then compared without its
** digits written into it (two stores and their loads a run, 40 M of the
** bench's run). */
static inline void scan_run_digits(uint64_t digits, TableScanPair *d0, TableScanPair *d1)
{
    *d0 = (TableScanPair){ 0, digits << 56 };
    *d1 = (TableScanPair){ digits >> 8, 0 };
}

/* Whether a cell's run (ScanRowRun.cell) lies at p, whose 32 bytes are
** readable, with the row's digits (d0, d1: scan_run_digits) at its hole. */
static inline __attribute__((always_inline)) bool scan_run_cell_same(const char *p, const ScanRowRun *run,
                                                                      TableScanPair d0, TableScanPair d1)
{
    TableScanPair in0, in1, t0, t1;
    memcpy(&in0, p, 16);
    memcpy(&in1, p + 16, 16);
    memcpy(&t0, run->bytes, 16);
    memcpy(&t1, run->bytes + 16, 16);
    TableScanPair diff = (in0 ^ d0 ^ t0) | (((in1 ^ d1) & run->need) ^ t1);
    return (diff[0] | diff[1]) == 0;
}

/* Whether column A's run of the usual tag (ScanRowRun.tag) lies at p,
** with the row's digits at its holes: three blocks of 16 bytes, at 0 and
** at each hole's word less 8 (run->at, and after it), so that each hole is
** the second half of a block and the row's digits, one pair d, are xored
** into both (d made once a row). scan_run_same writes the digits into the
** run's bytes and reads them back in 16-byte loads that its two 8-byte
** stores cannot be forwarded to (a stall natively, every row, that
** callgrind does not count). */
static inline __attribute__((always_inline)) bool scan_run_tag_same(const char *p, const ScanRowRun *run,
                                                                     TableScanPair d)
{
    TableScanPair in0, in1, in2, t0, t1, t2;
    const size_t at = run->at;
    memcpy(&in0, p, 16);
    memcpy(&in1, p + at, 16);
    memcpy(&in2, p + at + 16, 16);
    memcpy(&t0, run->bytes, 16);
    memcpy(&t1, run->bytes + at, 16);
    memcpy(&t2, run->bytes + at + 16, 16);
    TableScanPair diff = (in0 ^ d ^ t0) | (in1 ^ d ^ t1) | ((in2 & run->need) ^ t2);
    return (diff[0] | diff[1]) == 0;
}

/* Whether column A's run lies at p: by its blocks (the usual tag), else
** with the digits written into it. */
static inline __attribute__((always_inline)) bool scan_run_first_same(const char *p, ScanRowRun *run, uint64_t digits,
                                                                       TableScanPair d)
{
    return run->tag ? scan_run_tag_same(p, run, d) : scan_run_same(p, run, digits);
}

/* Whether the run lies at p, by the comparison its kind takes. */
static inline __attribute__((always_inline)) bool scan_run_at(const char *p, ScanRowRun *run, uint64_t digits,
                                                               TableScanPair d0, TableScanPair d1)
{
    return run->cell ? scan_run_cell_same(p, run, d0, d1)
                     : scan_run_first_same(p, run, digits, (TableScanPair){ 0, digits });
}

/* A run learnt (fresh, with the row's digits) kept as its cell's first:
** one kept already with the same bytes but for the digits becomes the
** first; else the first becomes the other. */
static void scan_run_keep(struct TableScanRow *t, int col, const ScanRowRun *fresh, uint64_t digits)
{
    TableScanPair d0, d1;
    scan_run_digits(digits, &d0, &d1);
    for (int k = 0; k < 2; k++) {
        ScanRowRun *run = k ? t->other[col] : t->first[col];
        if (!run || run->len != fresh->len || run->cell != fresh->cell || run->tag != fresh->tag || run->hole[0] != fresh->hole[0] ||
            run->hole[1] != fresh->hole[1] || !scan_run_at(fresh->bytes, run, digits, d0, d1))
            continue;
        if (k) {
            t->other[col] = t->first[col];
            t->first[col] = run;
        }
        return;
    }
    ScanRowRun *slot = t->first[col] == &t->run[col][0] ? &t->run[col][1] : &t->run[col][0];
    *slot = *fresh;
    if (slot->cell || slot->tag)
        for (int h = 0; h < 2; h++)
            memcpy(slot->bytes + slot->hole[h], &slot->around[h], sizeof slot->around[h]);   /* its digits zeros */
    t->other[col] = t->first[col];
    t->first[col] = slot;
}

/* The row just read whole (its tag from row, its cells from rest, ncells
** of them, each in its column's shape) kept as the template. */
void table_xlsx_template_learn(TableScan *sc, const char *row, const char *rest, int ncells)
{
    struct TableScanRow *t = sc->row;
    if (!t) {
        t = sc->row = rt_alloc_atomic(sizeof *t);   /* its pointers are into itself */
        memset(t, 0, sizeof *t);
    }
    size_t dlen = sc->row_digits_len;
    if (t->ncells != ncells || t->dlen != dlen) {
        for (int j = 0; j < TABLE_SCAN_MEMO; j++)
            t->first[j] = t->other[j] = NULL;
        t->dlen = dlen;
    }
    t->ncells = 0;
    if (dlen == 0 || dlen > 7 || ncells > TABLE_SCAN_MEMO)
        return;
    const char *q = rest;
    size_t need = 14 + 16;   /* `</v></c></row>`, and room to spare */
    for (int j = 0; j < ncells; j++) {
        const TableScanShape *sh = &sc->shape[j];
        size_t head = j == 0 ? (size_t)(rest - row) : 8;
        if (head + sh->plen > SCAN_ROW_RUN)
            return;
        ScanRowRun fresh = { .len = head + sh->plen, .type = sh->type, .style = sh->style };
        memcpy(fresh.bytes, j == 0 ? row : "</v></c>", head);
        memcpy(fresh.bytes + head, q, sh->plen);
        fresh.hole[0] = j == 0 ? 8 : head + 7;   /* `<row r="` and `<c r="X` before them */
        fresh.hole[1] = head + 7;
        for (int h = 0; h < 2; h++)
            fresh.around[h] = scan_word(fresh.bytes + fresh.hole[h]) & ~sc->row_digits_mask;
        if (j > 0 && fresh.len <= 32) {
            /* (fresh's bytes past len are zeros: its initializer) */
            unsigned char care[16] = { 0 };
            memset(care, 0xFF, fresh.len - 16);
            memcpy(&fresh.need, care, sizeof care);
            fresh.cell = true;
        } else if (j == 0 && fresh.hole[1] + 8 <= fresh.len && fresh.len <= fresh.hole[1] + 24 &&
                   fresh.hole[1] + 24 <= sizeof fresh.bytes) {
            /* (hole[0] is 8 and the tag's `">` lies between the holes: the
            ** block at `at` holds no digit of hole[0]; the third block ends
            ** within bytes, a long tag's too) */
            unsigned char care[16] = { 0 };
            memset(care, 0xFF, fresh.len - (fresh.hole[1] + 8));
            memcpy(&fresh.need, care, sizeof care);
            fresh.at = fresh.hole[1] - 8;
            fresh.tag = true;
        }
        scan_run_keep(t, j, &fresh, sc->row_digits);
        size_t a = t->first[j]->len, b = t->other[j] ? t->other[j]->len : 0;
        need += (a > b ? a : b) + SCAN_FAST_VALUE;
        const char *v = q + sh->plen;
        while (*v != '<')
            v++;   /* the value the template read: its `</v></c>` follows */
        q = v + 8;
    }
    t->need = need;
    t->by_cell = true;
    for (int j = 1; j < ncells; j++)
        t->by_cell &= t->first[j]->cell && (!t->other[j] || t->other[j]->cell);
    t->ncells = ncells;
}

/* Whether the reader's state lets the row template read the next row:
** scan_expected_row's and scan_row_rest's checks, and the template's own. */
static bool scan_row_state_ok(const TableReader *r, const TableSheet *s, const struct TableScanRow *t)
{
    const TableScan *sc = &s->scan;
    return t->ncells && sc->row_digits_mask && sc->row_digits_len == t->dlen && !s->xml.eof && s->header_done &&
           s->in_data && !s->in_row && !s->in_cell && !s->depth_skip && sc->depth + 3 <= TABLE_SCAN_MAX_DEPTH &&
           sc->names_len + 8 <= TABLE_SCAN_MAX_NAMES && !say_is_set(s->xml.stop) && !say_is_set(r->fatal.msg) &&
           !s->xml.paused && !s->xml.parser;
}

/* What table_xml_scan_row has read of a row: where it is, the row's text
** and byte count, whether every cell is plain, the last cell's run. */
typedef struct ScanRowRead {
    const char *p;
    TableCell *cells;
    char *row_text;
    size_t text_cap, text_len, row_bytes;
    unsigned odd;   /* the strings' TABLE_SCAN_NOT_*, or'ed */
    const ScanRowRun *run;
} ScanRowRead;

/* How a cell's run is compared: column A's (the row's tag: its digits
** written into it), a cell's by its pair (every run of the template is a
** ScanRowRun.cell: TableScanRow.by_cell), or either by its kind. */
typedef enum { SCAN_RUN_TAG, SCAN_RUN_CELL, SCAN_RUN_EITHER } ScanRunHow;

/* Cell j of a row compared with the template's run (the first, else the
** other, which becomes the first) and its value read as
** table_xlsx_template_cells reads it, into cells[j]; false on any difference.
** Inline with a constant how: the run's comparison chosen once a row. */
static inline __attribute__((always_inline)) bool scan_row_cell(TableSheet *s, struct TableScanRow *t, int j,
                                                                 ScanRowRead *rd, uint64_t digits, TableScanPair d0,
                                                                 TableScanPair d1, ScanRunHow how)
{
    TableScan *sc = &s->scan;
    const char *p = rd->p;
    ScanRowRun *first = t->first[j];
    bool same = how == SCAN_RUN_TAG    ? scan_run_first_same(p, first, digits, (TableScanPair){ 0, digits })
                : how == SCAN_RUN_CELL ? scan_run_cell_same(p, first, d0, d1)
                                       : scan_run_at(p, first, digits, d0, d1);
    if (!same) {
        ScanRowRun *other = t->other[j];
        if (!other)
            return false;
        same = how == SCAN_RUN_TAG    ? scan_run_first_same(p, other, digits, (TableScanPair){ 0, digits })
               : how == SCAN_RUN_CELL ? scan_run_cell_same(p, other, d0, d1)
                                      : scan_run_at(p, other, digits, d0, d1);
        if (!same)
            return false;
        t->other[j] = first;
        t->first[j] = first = other;
    }
    rd->run = first;
    const char *v = p + first->len, *text;
    size_t len;
    if (first->type == 's') {
        unsigned odd;
        if (!scan_fast_shared(s, j, &v, &text, &len, &odd))
            return false;
        rd->odd |= odd;
    } else {
        const char *e = scan_plain_decimal_end_inline(sc, v);
        if (!e || e - v > SCAN_FAST_VALUE)
            return false;
        len = (size_t)(e - v);
        size_t text_len = rd->text_len;
        if (text_len + len + 1 > rd->text_cap)
            return false;
        char *copy = rd->row_text + text_len;
        if (len <= 8 && text_len + 9 <= rd->text_cap)
            memcpy(copy, v, 8);   /* a short number as one word: 8 bytes lie after it (`</v></c>`) */
        else
            memcpy(copy, v, len);
        copy[len] = '\0';
        rd->text_len = text_len + len + 1;
        text = copy;
        v = e;
    }
    rd->cells[j] = (TableCell){ text, len };
    rd->row_bytes += len + 1;
    rd->p = v;
    return true;
}

/* (table_impl.h) The checks are those that the pump's path to this row
** would make: scan_expected_row's and scan_row_rest's on the state (once
** after the pump: TableScanRow.armed), the cells' (table_xlsx_template_cells')
** on each value and the row's room. */
bool table_xml_scan_row(TableReader *r, TableSheet *s)
{
    TableScan *sc = &s->scan;
    struct TableScanRow *t = sc->row;
    if (sc->len - sc->pos < t->need || (!t->armed && !scan_row_state_ok(r, s, t)))
        return false;
    uint64_t digits;
    long num = sc->row_digits_num + 1;
    if (!scan_digits_after(sc->row_digits, t->dlen, &digits) || num <= s->row_num || num > TABLE_MAX_SHEET_ROWS)
        return false;
    TableScanPair d0, d1;
    scan_run_digits(digits, &d0, &d1);
    ScanRowRead rd = { .p = sc->buf + sc->pos, .cells = r->cells, .row_text = s->row_text, .text_cap = s->row_text_cap };
    const int ncells = t->ncells;
    if (!scan_row_cell(s, t, 0, &rd, digits, d0, d1, SCAN_RUN_TAG))
        return false;
    if (t->by_cell) {
        for (int j = 1; j < ncells; j++)
            if (!scan_row_cell(s, t, j, &rd, digits, d0, d1, SCAN_RUN_CELL))
                return false;
    } else {
        for (int j = 1; j < ncells; j++)
            if (!scan_row_cell(s, t, j, &rd, digits, d0, d1, SCAN_RUN_EITHER))
                return false;
    }
    const char *p = rd.p;
    const size_t row_bytes = rd.row_bytes, text_len = rd.text_len;
    const bool plain = !(rd.odd & TABLE_SCAN_NOT_PLAIN);
    const ScanRowRun *run = rd.run;
    /* the row's room checked once: its cells were put nowhere else yet */
    if ((rd.odd & TABLE_SCAN_NOT_FIELD) || row_bytes > TABLE_MAX_ROW_BYTES || scan_word(p) != scan_word("</v></c>") ||
        scan_word(p + 6) != scan_word("c></row>"))
        return false;
    /* the row read: its state as the pump's path leaves it (table_xlsx_row_start, scan_row_rest) */
    table_row_reset(r);
    r->row_direct = true;
    r->row_line = num;
    r->row_bytes = row_bytes;
    r->row_plain = r->row_ascii = plain;
    s->row_text_len = text_len;
    s->row_num = num;
    s->row_has_value = true;
    s->col = s->max_col = ncells - 1;
    s->cell_type = run->type;
    s->cell_style = run->style;
    if (ncells < r->info.ncols)
        table_sheet_clear_cells(r, ncells);
    s->xml.row_ready = true;
    sc->pos = (size_t)(p + 14 - sc->buf);
    sc->after_cr = false;
    sc->row_digits = digits;
    sc->row_digits_num = num;
    t->armed = true;
    return true;
}
