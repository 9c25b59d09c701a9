/* runtime/table_xml_scan_impl.h: what the XLSX sheet tokenizer (table_xml_scan.c) and its row template (table_xlsx_template.c) share: the common cell's word readers, the row template's runs; no other module includes it. */
#ifndef CHARTE_TABLE_XML_SCAN_IMPL_H
#define CHARTE_TABLE_XML_SCAN_IMPL_H

#include "table_impl.h"

#include <stdint.h>
#include <string.h>

/* The common cell's readers, inline in both files as they were in one:
** the tokenizer's cell and the template's loops call them per cell. */

#define SCAN_FAST_VALUE 40   /* longer values (never a number or an index) take the general path */

/* The 8 bytes at p as one word, in memory order. */
static inline uint64_t scan_word(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* The plain digits at p (at most 9; end - p >= 8): their value, and where
** they end. Eight bytes are tested and read as one word (a shared string's
** index, a row's number: most have four or five digits, which the loop
** read one by one): a byte is a digit when its high nibble is 3 and stays
** 3 once 6 is added; the digits, moved to the word's top so that the
** missing ones read as leading zeros, are summed in pairs, fours, eights. */
static inline __attribute__((always_inline)) const char *scan_fast_number(const char *p, long *value)
{
    const uint64_t threes = 0x3030303030303030ULL, high = 0xF0F0F0F0F0F0F0F0ULL;
    uint64_t w = scan_word(p);
    uint64_t other = ((w & high) ^ threes) | (((w + 0x0606060606060606ULL) & high) ^ threes);
    int n = other ? __builtin_ctzll(other) / 8 : 8;
    if (n == 0)
        return p;
    uint64_t x = (w - threes) << (8 * (8 - n));
    x = ((x & 0x0F0F0F0F0F0F0F0FULL) * 2561) >> 8;
    x = ((x & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
    long v = (long)(((x & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32);
    const char *q = p + n;
    if (n == 8 && (unsigned)(*q - '0') < 10)
        v = v * 10 + (*q++ - '0');
    *value = v;
    return q;
}

/* The bytes of a word up to its first '<' as a key (TableScanCached.key):
** those bits of the word below the first '<' byte's top bit, found exact by
** the classic test for a zero byte (its false hits lie above the first);
** 0, with no mask, when the word holds no '<'. */
static inline uint64_t scan_key(uint64_t word, uint64_t *mask)
{
    const uint64_t ones = 0x0101010101010101ULL, lt = 0x3C3C3C3C3C3C3C3CULL;
    uint64_t x = word ^ lt, zero = (x - ones) & ~x & 0x8080808080808080ULL;
    *mask = (zero & -zero) - 1;
    return zero ? word & *mask : 0;
}

/* Where a key lies in a table of 2^bits places. */
static inline size_t scan_key_place(uint64_t key, unsigned bits)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

/* table_sheet_plain_decimal_end(v) for the template's numbers, by the
** bytes up to '<' when a plain decimal was read there before
** (TableScan.numbers); one that ends at a '<' is kept so. Inline in the
** row template (its call was ~10 instructions of an hour row's ~60 for
** its number); called by the cell template, which spilled more with it
** inline (xlsx10). */
static inline __attribute__((always_inline)) const char *scan_plain_decimal_end_inline(TableScan *sc, const char *v)
{
    uint64_t mask, key = scan_key(scan_word(v), &mask);
    uint64_t *slot = key ? &sc->numbers[scan_key_place(key, TABLE_SCAN_NUMBERS_BITS)] : NULL;
    if (slot && *slot == key)
        return v + __builtin_ctzll(mask + 1) / 8;   /* its bit 8n + 7: n bytes */
    const char *e = table_sheet_plain_decimal_end(v);
    if (slot && e && *e == '<')
        *slot = key;   /* the bytes up to e, with the '<' after them */
    return e;
}

/* The shared string whose index is the digits at *vp (end - *vp >= 8), and
** where they end; false when they are no index there is. The digits of the
** column's string in the row before, met again, are that string (its
** memo); others met lately are in the cache: either is one comparison of a
** word, without reading the number or looking it up (both in a chain of
** dependent loads, per cell). The caller checks that `</v></c>` follows. */
static inline __attribute__((always_inline)) bool scan_fast_shared(TableSheet *s, int col, const char **vp,
                                                                    const char **text, size_t *len, unsigned *odd)
{
    TableScan *sc = &s->scan;
    const char *v = *vp;
    uint64_t w = scan_word(v);
    const TableScanCached *e = col >= 0 && col < TABLE_SCAN_MEMO ? sc->memo[col] : NULL;
    if (!e || ((w ^ e->key) & e->mask) != 0) {
        uint64_t mask, key = scan_key(w, &mask);
        TableScanCached *slot = key && sc->cache ? &sc->cache[scan_key_place(key, TABLE_SCAN_CACHE_BITS)] : NULL;
        if (slot && slot->key == key) {
            e = slot;
        } else {
            long index = 0;
            const char *q = scan_fast_number(v, &index);
            size_t ndigits = (size_t)(q - v);
            if (ndigits == 0 || (size_t)index >= s->nsst)
                return false;
            size_t n;
            bool plain;
            const char *t = table_xlsx_sst_string(s, (size_t)index, &n, &plain);
            /* data.c reads the text once the row is read: a string met lately may
            ** have left the cache (the hour lines' participants lie all over the table) */
            __builtin_prefetch(t);
            unsigned string_odd = (plain ? 0 : TABLE_SCAN_NOT_PLAIN) |
                                  (n - 1 >= TABLE_MAX_FIELD_BYTES ? TABLE_SCAN_NOT_FIELD : 0);
            if (!slot) {
                /* 8 digits or more: read, not kept */
                *text = t;
                *len = n;
                *odd = string_odd;
                *vp = q;
                return true;
            }
            /* only an index read here is kept, under the key of the bytes
            ** up to the first '<' (others find nothing); when they are not
            ** its digits alone, its ndigits does not reach the '<' and the
            ** caller's `</v></c>` fails, as it failed here */
            *slot = (TableScanCached){ key, mask, t, n, (unsigned char)ndigits, (unsigned char)string_odd };
            e = slot;
        }
        if (col >= 0 && col < TABLE_SCAN_MEMO)
            sc->memo[col] = e;
    }
    *text = e->text;
    *len = e->len;
    *odd = e->odd;
    *vp = v + e->ndigits;
    return true;
}

/* The digits of the number after the row's (a word and its length, as
** row_digits), for the row that nearly always follows: false when the
** number needs one digit more (9, 99, …). */
static inline bool scan_digits_after(uint64_t word, size_t len, uint64_t *after)
{
    for (size_t i = len; i-- > 0;) {
        unsigned shift = 8 * (unsigned)i;
        if (((word >> shift) & 0xFF) != '9') {
            *after = word + (1ULL << shift);
            return true;
        }
        word = (word & ~(0xFFULL << shift)) | ((uint64_t)'0' << shift);
    }
    return false;
}

/* The row template's runs (table_xlsx_template.c), kept in TableScan.row:
** here because the tokenizer disarms it (scan_row_disarm) at every pump
** and every move of its buffer. */

#define SCAN_ROW_RUN 120   /* a run's bytes at most: the row's tag and a cell's first 32 */

typedef struct ScanRowRun {
    /* a cell's run of at most 32 bytes (the usual; not column A's, which
    ** holds the row's tag): compared by scan_run_cell_same, its bytes
    ** zeros where the row's digits lie and past len, need the bytes 16 to
    ** 31 that count (a tag's: see tag) */
    bool cell;
    TableScanPair need;
    /* column A's run whose bytes after its second hole's word are at most
    ** 16 (the usual tag, `<row r="N">`, and cell): compared by
    ** scan_run_tag_same as three blocks, at 0, at (the second hole less
    ** 8) and after it, its bytes zeros at both holes and past len, need
    ** the bytes of the third block that count */
    bool tag;
    size_t at;
    size_t len;                    /* at least 16 */
    size_t hole[2];                /* where the row's digits lie (a cell's run: the same twice) */
    uint64_t around[2];            /* the 8 bytes at each hole, the digits' bytes zeros */
    char type;                     /* the cell's: 's' or 'n' */
    long style;
    char bytes[SCAN_ROW_RUN + 8];  /* with the digits of the row last compared (8 more: a hole's word) */
} ScanRowRun;

struct TableScanRow {
    /* The state that the checks of table_xml_scan_row's first row found
    ** (in the data, between rows, no stop, room on the stack, the row's
    ** digits the template's) is the state it leaves, and only the pump, a
    ** compaction of the buffer or its emptying (a slice's part restarted)
    ** change it: true from a row read here to the next of those, which
    ** clear it (scan_row_disarm), so that the rows in between are compared
    ** without those checks. */
    bool armed;
    int ncells;                    /* 0: nothing to compare */
    size_t dlen;                   /* the row number's digits: a row of another count is not compared */
    size_t need;                   /* the most bytes a matching row spans: compared only when they are there */
    bool by_cell;                  /* every run after column A's a ScanRowRun.cell */
    /* each cell's run compared first and the other (NULL: none), in run[] */
    ScanRowRun *first[TABLE_SCAN_MEMO], *other[TABLE_SCAN_MEMO];
    ScanRowRun run[TABLE_SCAN_MEMO][2];
};

/* The state may change: table_xml_scan_row checks it again. */
static inline void scan_row_disarm(TableScan *sc)
{
    if (sc->row)
        sc->row->armed = false;
}

/* table_xml_scan.c: the template's number end out of line (its cell path,
** which spilled more with it inline), and a column's cell up to its value
** as 32 bytes built for dlen digits. */
const char *table_xml_scan_plain_decimal_end(TableScan *sc, const char *v);
bool table_xml_scan_prefix_build(TableScanShape *sh, int col, size_t dlen);

/* table_xlsx_template.c: the row in the shape of the one before (its cells
** read in one loop), the row just read whole learnt as the template. */
int table_xlsx_template_cells(TableReader *r, TableSheet *s, bool *plain, bool *in_order);
void table_xlsx_template_learn(TableScan *sc, const char *row, const char *rest, int ncells);

#endif
