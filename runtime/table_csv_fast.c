/* runtime/table_csv_fast.c: the CSV fast path: plain rows cut without libcsv, sixteen bytes at a time with SSE2. */
#include "table_impl.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Ends a row read by table_csv_fast_row or table_csv_fast_row_sse2: s[i]
** ends the line (CR, LF, or the CR of a CRLF); nf >= 1 fields, their cells
** set and NUL-terminated but the last one. */
static inline __attribute__((always_inline)) void table_csv_fast_finish(TableReader *r, unsigned char *s, size_t i,
                                                                         long nf)
{
    size_t avail = r->len - r->pos;
    int ncols = r->info.ncols;
    TableCell *cells = r->cells;
    r->row_line = r->line++;
    r->prev_cr = false;
    bool cr = s[i] == '\r';
    if (nf <= ncols)   /* the last cell ends at s[i], or before when trimmed */
        ((char *)cells[nf - 1].text)[cells[nf - 1].len] = '\0';
    if (i++, cr) {
        if (i < avail && s[i] == '\n')
            i++;
        else if (i == avail)
            r->prev_cr = true;
    }
    for (long k = nf; k < ncols; k++) {
        cells[k].text = NULL;
        cells[k].len = 0;
    }
    r->nfields = nf;
    r->pos += i;
    r->row_ready = true;
    r->row_direct = true;
}

/* The common row, read without libcsv: one line inside the chunk, shorter
** than a field's limit, without quote or NUL. Cells are cut and trimmed as
** libcsv does (spaces and tabs around an unquoted field are not part of it)
** and NUL-terminated in place, in our own chunk buffer. false, with nothing
** consumed or changed: the line is libcsv's (quotes, blank line, line cut by
** the end of the chunk, NUL…). */
static bool table_csv_fast_row(TableReader *r)
{
    unsigned char *s = (unsigned char *)r->buf + r->pos;
    const unsigned char *cls = r->byte_class;
    size_t avail = r->len - r->pos;
    size_t n = avail < TABLE_MAX_FIELD_BYTES ? avail : TABLE_MAX_FIELD_BYTES;
    int ncols = r->info.ncols;
    TableCell *cells = r->cells;
    long nf = 0;
    size_t i = 0;
    unsigned char c;
    for (;;) {
        while (i < n && cls[s[i]] == TABLE_BYTE_SPACE)
            i++;
        size_t start = i, end = i;
        while (i < n && (c = cls[s[i]]) <= TABLE_BYTE_SPACE) {
            i++;
            if (c == TABLE_BYTE_TEXT)
                end = i;
        }
        if (i >= n)
            return false;
        c = cls[s[i]];
        if (c == TABLE_BYTE_UNUSUAL || (c == TABLE_BYTE_LINE_END && nf == 0 && end == start))
            return false;
        if (nf < ncols) {
            cells[nf].text = (const char *)s + start;
            cells[nf].len = end - start;
        }
        nf++;
        if (c == TABLE_BYTE_LINE_END)
            break;
        i++;
    }
    for (long k = 0; k + 1 < nf && k < ncols; k++)
        ((char *)cells[k].text)[cells[k].len] = '\0';
    table_csv_fast_finish(r, s, i, nf);
    return true;
}

#if defined(__SSE2__)
/* The separators after the first nf cells of a row given up, put back in
** place of the NULs that ended them. */
static void table_csv_fast_unend(TableReader *r, long nf, unsigned char sep)
{
    for (long k = 0; k < nf && k < r->info.ncols; k++)
        ((char *)r->cells[k].text)[r->cells[k].len] = (char)sep;
}

/* The commonest row of all (no quote and no byte up to the space but its
** line end, as exports and the generator write them: a plain row, whose
** cells need no trimming), sixteen bytes at a time: one mask of
** separators, one of line ends and one of the bytes that send a row to the
** other readers; only the separators are then visited one by one, each
** replaced by the NUL that ends its cell. false, with nothing consumed or
** changed (the separators put back): table_csv_fast_row decides. Inlined
** in its two callers: the row loop's entry (table_csv_fast_next) is the
** hot one. */
static inline __attribute__((always_inline)) bool table_csv_fast_row_sse2(TableReader *r)
{
    unsigned char *s = (unsigned char *)r->buf + r->pos;
    unsigned char sep = (unsigned char)r->info.separator;
    size_t avail = r->len - r->pos;
    size_t n = avail < TABLE_MAX_FIELD_BYTES ? avail : TABLE_MAX_FIELD_BYTES;
    int ncols = r->info.ncols;
    TableCell *cells = r->cells;
    const __m128i v_sep = _mm_set1_epi8((char)sep), v_lf = _mm_set1_epi8('\n'), v_cr = _mm_set1_epi8('\r'),
                  v_quote = _mm_set1_epi8('"'), v_space = _mm_set1_epi8(' ');
    long nf = 0;
    size_t start = 0;
    for (size_t base = 0; base + 16 <= n; base += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + base));
        unsigned seps = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, v_sep));
        unsigned ends = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, v_lf), _mm_cmpeq_epi8(x, v_cr)));
        /* Bytes up to the space (NUL, tab, space, controls; and the line
        ** ends, which are not the row's) as unsigned: min(x, ' ') == x. */
        unsigned low = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, v_space), x));
        unsigned odd = (low & ~seps) | (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, v_quote));   /* a tab may separate */
        /* Only the bytes before the line's end are the row's. */
        unsigned mine = ends ? (ends & -ends) - 1 : 0xFFFFu;
        if (odd & mine) {
            table_csv_fast_unend(r, nf, sep);
            return false;
        }
        for (unsigned bits = seps & mine; bits; bits &= bits - 1) {
            size_t j = base + (size_t)__builtin_ctz(bits);
            if (nf < ncols) {
                cells[nf].text = (const char *)s + start;
                cells[nf].len = j - start;
                s[j] = '\0';
            }
            nf++;
            start = j + 1;
        }
        if (ends) {
            size_t j = base + (size_t)__builtin_ctz(ends);
            if (nf == 0 && j == start)
                return false;   /* a blank line, or the LF of a CRLF cut by the chunk */
            if (nf < ncols) {
                cells[nf].text = (const char *)s + start;
                cells[nf].len = j - start;
            }
            table_csv_fast_finish(r, s, j, nf + 1);
            r->row_plain = true;
            return true;
        }
    }
    table_csv_fast_unend(r, nf, sep);
    return false;
}
#endif

#if defined(__SSE2__)
/* A row read by table_csv_fast_short_row with nf fields, not the header's
** count: with fewer, the missing cells are absent; with more, the row is
** rejected as table_csv_next rejects it (the NULs written after its cells
** past the header's stay: a row's bytes are not read again once it is
** read). The row's error. */
static __attribute__((noinline)) Say table_csv_fast_other_width(TableReader *r, long nf)
{
    for (long k = nf; k < r->info.ncols; k++) {
        r->cells[k].text = NULL;
        r->cells[k].len = 0;
    }
    r->nfields = nf;
    r->row_err = SAY_NONE;
    table_csv_check_width(r);
    return r->row_err;
}

/* The byte s[j] that stopped a plain row (the first quote or byte up to
** the space but a separator, or a space for table_csv_fast_long_row) ends
** it when it is a CR or LF and the row is not empty (j == 0: a blank line,
** or the LF of a CRLF cut by the chunk); *used: the row's bytes with its
** line end. false, with nothing changed: the row is another reader's. */
static inline __attribute__((always_inline)) bool table_csv_fast_line_end(TableReader *r, const unsigned char *s,
                                                                          size_t j, size_t avail, size_t *used)
{
    unsigned char end = s[j];
    *used = j + 1;
    if (j == 0) {
        return false;
    } else if (end == '\n') {
        r->prev_cr = false;
    } else if (end == '\r') {
        /* (a CR ending the chunk: the LF that may start the next is its line's) */
        r->prev_cr = *used == avail;
        if (*used < avail && s[*used] == '\n')
            (*used)++;
    } else {
        return false;
    }
    return true;
}

/* The cells of a row from `from` on, whose separators are the bits of m
** (bit k: base[k]), each replaced by the NUL that ends its cell; the
** cell after the last one (the row's last) is returned, its text set. */
static inline __attribute__((always_inline)) TableCell *table_csv_fast_cells(TableCell *cell, char *base, uint64_t m,
                                                                             char *from)
{
    for (; m; m &= m - 1) {
        char *at = base + __builtin_ctzll(m);
        cell->text = from;
        cell->len = (size_t)(at - from);
        *at = '\0';
        from = at + 1;
        cell++;
    }
    cell->text = from;
    return cell;
}

/* Gives the row read by a short or long plain reader: its cells from
** `cells` (r->cells, as loaded before they were written: the NULs written
** may alias it for the compiler) to `last` (its text set), which ends at
** s[j], the line end; `used` bytes are the row's; ASCII when no byte of
** `bytes` (every byte read) has its high bit set; its width checked as
** table_csv_next checks it. Inlined in both readers at no cost to the
** short one, the hot path (callgrind: the same instructions as its own copy). */
static inline __attribute__((always_inline)) void table_csv_fast_give(TableReader *r, TableRow *row, TableCell *cells,
                                                                       TableCell *last, unsigned char *s, size_t j,
                                                                       size_t used, bool plain, __m128i bytes)
{
    last->len = (size_t)((char *)s + j - last->text);
    long nf = last - cells + 1;
    s[j] = '\0';
    if (nf == r->info.ncols)
        row->error = SAY_NONE;
    else
        row->error = table_csv_fast_other_width(r, nf);
    row->line = r->line++;
    row->cells = cells;
    row->plain = plain;
    row->ascii = _mm_movemask_epi8(bytes) == 0;
    r->pos += used;
}

/* Sixteen bytes of a row: the mask of its separators (*seps), its bytes
** or'ed into *bytes, and returned, the mask of the bytes that stop a plain
** row: quotes, and bytes up to the space as unsigned (min(x, ' ') == x) but
** a tab that separates. */
static inline __attribute__((always_inline)) unsigned table_csv_fast_block(const unsigned char *p, __m128i v_sep,
                                                                           unsigned *seps, __m128i *bytes)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    *bytes = _mm_or_si128(*bytes, x);
    __m128i is_sep = _mm_cmpeq_epi8(x, v_sep);
    __m128i low = _mm_andnot_si128(is_sep, _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(' ')), x));
    *seps = (unsigned)_mm_movemask_epi8(is_sep);
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(low, _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))));
}

/* The bytes a long plain row is read by, at most: a participant's, a
** contract's or a hire's row (up to 160 bytes in exports) in three groups. */
enum { TABLE_FAST_LONG_GROUPS = TABLE_FAST_LONG_ROW_BYTES / 64 };

/* table_csv_fast_block for table_csv_fast_long_row: the space is not a
** stop byte but has its mask (*spaces). */
static inline __attribute__((always_inline)) unsigned table_csv_fast_block_spaced(const unsigned char *p, __m128i v_sep,
                                                                                  unsigned *seps, unsigned *spaces,
                                                                                  __m128i *bytes)
{
    const __m128i v_space = _mm_set1_epi8(' ');
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    *bytes = _mm_or_si128(*bytes, x);
    __m128i is_sep = _mm_cmpeq_epi8(x, v_sep), is_space = _mm_cmpeq_epi8(x, v_space);
    __m128i low = _mm_andnot_si128(_mm_or_si128(is_sep, is_space), _mm_cmpeq_epi8(_mm_min_epu8(x, v_space), x));
    *seps = (unsigned)_mm_movemask_epi8(is_sep);
    *spaces = (unsigned)_mm_movemask_epi8(is_space);
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(low, _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))));
}

/* Sixty-four bytes of a row (four blocks): the masks of its separators
** (*seps) and spaces (*spaces), its bytes or'ed into *bytes, and returned,
** the mask of the bytes that stop a long plain row: quotes, and bytes up to
** the space as unsigned but a separating tab and the space. */
static inline __attribute__((always_inline)) uint64_t table_csv_fast_group(const unsigned char *p, __m128i v_sep,
                                                                           uint64_t *seps, uint64_t *spaces,
                                                                           __m128i *bytes)
{
    unsigned sep0, sep1, sep2, sep3, space0, space1, space2, space3;
    /* (written out: a loop's shifts by a variable cost a fifth of a row) */
    uint64_t stop = table_csv_fast_block_spaced(p, v_sep, &sep0, &space0, bytes);
    stop |= (uint64_t)table_csv_fast_block_spaced(p + 16, v_sep, &sep1, &space1, bytes) << 16;
    stop |= (uint64_t)table_csv_fast_block_spaced(p + 32, v_sep, &sep2, &space2, bytes) << 32;
    stop |= (uint64_t)table_csv_fast_block_spaced(p + 48, v_sep, &sep3, &space3, bytes) << 48;
    *seps = sep0 | (uint64_t)sep1 << 16 | (uint64_t)sep2 << 32 | (uint64_t)sep3 << 48;
    *spaces = space0 | (uint64_t)space1 << 16 | (uint64_t)space2 << 32 | (uint64_t)space3 << 48;
    return stop;
}

/* A space of group g (spaces) next to a cell's end: the row's first byte,
** or a byte after or before a separator or the line end (the bits of
** bound, group g's, whose next group's first bit is next0). libcsv trims
** such spaces, which a long plain row does not. */
static inline uint64_t table_csv_fast_edge_spaces(uint64_t spaces, uint64_t bound, uint64_t before0, uint64_t next0)
{
    return spaces & ((bound << 1 | before0) | (bound >> 1 | next0 << 63));
}

static bool table_csv_fast_long_row_after(TableReader *r, TableRow *row, int first, uint64_t seps0, __m128i bytes);

/* A plain row longer than table_csv_fast_short_row's, or with spaces inside
** its cells ("Métropole AMP"): read as that one does, by groups of 64 bytes
** (table_csv_fast_group) up to the first that holds a stop byte, at most
** TABLE_FAST_LONG_GROUPS and all inside the chunk; that byte must be its
** line end. A space is allowed inside a cell, not at its start or end
** (libcsv's trimming); a row with spaces is not plain (TableRow.plain).
** Its fields are fewer than TABLE_FAST_LONG_ROW_BYTES, the cells kept
** (table_set_store_cap), so that its loop need not bound them.
** false, with nothing changed: the row is another reader's. */
static __attribute__((noinline)) bool table_csv_fast_long_row(TableReader *r, TableRow *row)
{
    return table_csv_fast_long_row_after(r, row, 0, 0, _mm_setzero_si128());
}

/* table_csv_fast_long_row once its first `first` groups (0 or 1) are read:
** the first one's separators seps0, neither space nor stop byte in it (what
** table_csv_fast_short_row found of a longer row), bytes its bytes. */
static __attribute__((noinline)) bool table_csv_fast_long_row_after(TableReader *r, TableRow *row, int first,
                                                                      uint64_t seps0, __m128i bytes)
{
    size_t avail = r->len - r->pos;
    unsigned char *s = (unsigned char *)r->buf + r->pos;
    const __m128i v_sep = _mm_set1_epi8(r->info.separator);
    uint64_t seps[TABLE_FAST_LONG_GROUPS] = { seps0 }, spaces[TABLE_FAST_LONG_GROUPS] = { 0 }, stops = 0;
    int g = first;
    for (;; g++) {
        if (g == TABLE_FAST_LONG_GROUPS || (size_t)(g + 1) * 64 > avail)
            return false;
        if ((stops = table_csv_fast_group(s + 64 * g, v_sep, &seps[g], &spaces[g], &bytes)))
            break;
    }
    unsigned jg = (unsigned)__builtin_ctzll(stops);
    size_t j = (size_t)g * 64 + jg, used;
    uint64_t below = ((uint64_t)1 << jg) - 1;
    seps[g] &= below;
    spaces[g] &= below;
    uint64_t any_space = 0;
    for (int k = 0; k <= g; k++)
        any_space |= spaces[k];
    if (any_space) {
        for (int k = 0; k <= g; k++) {
            uint64_t bound = k < g ? seps[k] : seps[k] | (uint64_t)1 << jg;
            uint64_t before0 = k == 0 ? 1 : seps[k - 1] >> 63;
            uint64_t next0 = k == g ? 0 : k + 1 < g ? seps[k + 1] & 1 : (seps[k + 1] & 1) | (jg == 0);
            if (table_csv_fast_edge_spaces(spaces[k], bound, before0, next0))
                return false;
        }
    }
    if (!table_csv_fast_line_end(r, s, j, avail, &used))
        return false;
    TableCell *cells = r->cells, *cell = cells;
    char *from = (char *)s;
    for (int k = 0; k <= g; k++) {
        cell = table_csv_fast_cells(cell, (char *)s + 64 * k, seps[k], from);
        from = (char *)cell->text;
    }
    table_csv_fast_give(r, row, cells, cell, s, j, used, !any_space, bytes);
    return true;
}

/* The commonest row of all, short and plain: its line end is among the
** chunk's next TABLE_FAST_ROW_BYTES bytes, and is the first of them that is
** a quote or a byte up to the space other than the separator. Masks of 64
** bits (separators, and the bytes that stop a plain row) are built sixteen
** bytes at a time up to the block of that byte (table_csv_fast_block); the
** separators before it are then visited with no bound to test (the cells
** kept are at least TABLE_FAST_ROW_BYTES), each replaced by the NUL that
** ends its cell, as is the line end. The row's reader state is not touched: the general path
** resets it before its own rows (table_csv_pump). false, with nothing
** changed: the row is another reader's (longer, or near the chunk's end, or
** not plain, or a blank line). */
static inline __attribute__((always_inline)) bool table_csv_fast_short_row(TableReader *r, TableRow *row)
{
    size_t avail = r->len - r->pos;
    if (avail < TABLE_FAST_ROW_BYTES)
        return false;
    unsigned char *s = (unsigned char *)r->buf + r->pos;
    const __m128i v_sep = _mm_loadu_si128((const __m128i *)(const void *)r->separator16);
    /* every byte read, the row's and those after it in its last block: no
    ** byte above 0x7F among them says the row is ASCII */
    __m128i bytes = _mm_setzero_si128();
    unsigned sep0, sep1, sep2, sep3, stop;
    uint64_t seps, stops;
    /* (four blocks written out: the loop's shifts and tests cost a tenth of a row) */
    if ((stop = table_csv_fast_block(s, v_sep, &sep0, &bytes))) {
        seps = sep0;
        stops = stop;
    } else if ((stop = table_csv_fast_block(s + 16, v_sep, &sep1, &bytes))) {
        seps = sep0 | (uint64_t)sep1 << 16;
        stops = (uint64_t)stop << 16;
    } else if ((stop = table_csv_fast_block(s + 32, v_sep, &sep2, &bytes))) {
        seps = sep0 | (uint64_t)sep1 << 16 | (uint64_t)sep2 << 32;
        stops = (uint64_t)stop << 32;
    } else if ((stop = table_csv_fast_block(s + 48, v_sep, &sep3, &bytes))) {
        seps = sep0 | (uint64_t)sep1 << 16 | (uint64_t)sep2 << 32 | (uint64_t)sep3 << 48;
        stops = (uint64_t)stop << 48;
    } else {
        /* a longer row (a participant's): its first 64 bytes are read */
        return table_csv_fast_long_row_after(r, row, 1,
                                             sep0 | (uint64_t)sep1 << 16 | (uint64_t)sep2 << 32 | (uint64_t)sep3 << 48,
                                             bytes);
    }
    unsigned j = (unsigned)__builtin_ctzll(stops);
    size_t used;
    if (!table_csv_fast_line_end(r, s, j, avail, &used))
        return false;
    TableCell *cells = r->cells;
    TableCell *last = table_csv_fast_cells(cells, (char *)s, seps & (((uint64_t)1 << j) - 1), (char *)s);
    table_csv_fast_give(r, row, cells, last, s, j, used, true, bytes);
    return true;
}

/* The row when table_csv_fast_short_row does not take it: the SSE2 reader
** of any plain row of the chunk, else (and at the chunk's end, or once the
** reader has no buffer) the general path. */
static __attribute__((noinline)) bool table_csv_fast_long_next(TableReader *r, TableRow *row, TableError *err)
{
    if (r->pos >= r->len)
        return table_next_row(r, row, err);
    if (table_csv_fast_long_row(r, row))
        return true;
    r->row_err = SAY_NONE;
    if (!table_csv_fast_row_sse2(r))
        return table_next_row(r, row, err);
    if (r->nfields > r->info.ncols)
        table_csv_check_width(r);
    row->line = r->row_line;
    row->cells = r->cells;
    row->error = r->row_err;
    row->plain = true;
    row->ascii = false;
    r->fast_again = true;
    return true;
}
#endif

/* The next row when it is a plain one of the chunk, as table_csv_pump and
** table_csv_next would give it, without their bookkeeping: the reader is
** between rows (no row begun, none being skipped, no error), its chunk
** clean and not read to its end. After a row read here, nothing but the
** position can have changed when the next call comes (r->fast_again: the
** general path, and feeding a part, clear it), so only the chunk's end is
** tested. Otherwise, with nothing changed, the general path
** (table_next_row) reads the row, and tries the fast readers itself. A row
** given leaves err as it was (table.h). */
bool table_csv_fast_next(TableReader *r, TableRow *row, TableError *err)
{
#if defined(__SSE2__)
    if (!r->fast_again) {
        if (!r->fast_rows || !r->chunk_clean || r->mid_row || r->skipping || r->finished
            || r->csv.pstate != TABLE_LIBCSV_ROW_NOT_BEGUN)
            return table_next_row(r, row, err);
        /* What table_row_reset clears and this row reads: the cells written by
        ** libcsv's last row, when it had some. */
        if (r->ndirty)
            table_row_reset(r);
        r->fast_again = true;
    }
    /* (at the chunk's end, the long path hands over to table_next_row) */
    if (table_csv_fast_short_row(r, row))
        return true;
    return table_csv_fast_long_next(r, row, err);
#else
    return table_next_row(r, row, err);
#endif
}

/* The fast readers, most specific first; false: the line is libcsv's. */
bool table_csv_fast_plain_row(TableReader *r)
{
#if defined(__SSE2__)
    if (table_csv_fast_row_sse2(r))
        return true;
#endif
    return table_csv_fast_row(r);
}
void table_csv_fast_byte_classes(TableReader *r)
{
    memset(r->byte_class, TABLE_BYTE_TEXT, sizeof r->byte_class);
    r->byte_class[' '] = r->byte_class['\t'] = TABLE_BYTE_SPACE;
    r->byte_class['\r'] = r->byte_class['\n'] = TABLE_BYTE_LINE_END;
    r->byte_class['"'] = r->byte_class[0] = TABLE_BYTE_UNUSUAL;
    r->byte_class[(unsigned char)r->info.separator] = TABLE_BYTE_SEPARATOR;
    memset(r->separator16, (unsigned char)r->info.separator, sizeof r->separator16);
    r->fast_rows = true;
}
