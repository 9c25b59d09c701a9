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

/* The next row when it is a plain one of the chunk, as table_csv_pump and
** table_csv_next would give it, without their bookkeeping: the reader is
** between rows (no row begun, none being skipped, no error), its chunk
** clean and not read to its end. Otherwise, with nothing changed, the
** general path (table_next_row) reads the row, and tries the fast readers
** itself. A row given leaves err as it was (table.h). */
bool table_csv_fast_next(TableReader *r, TableRow *row, TableError *err)
{
#if defined(__SSE2__)
    if (!r->fast_rows || !r->chunk_clean || r->mid_row || r->skipping || r->pos >= r->len || r->finished
        || r->csv.pstate != TABLE_LIBCSV_ROW_NOT_BEGUN)
        return table_next_row(r, row, err);
    /* What table_row_reset clears and this row reads: the cells written by
    ** libcsv's last row, when it had some, and the row's error. */
    if (r->ndirty)
        table_row_reset(r);
    r->row_err = SAY_NONE;
    if (!table_csv_fast_row_sse2(r))
        return table_next_row(r, row, err);
    if (r->nfields > r->info.ncols)
        table_csv_check_width(r);
    row->line = r->row_line;
    row->cells = r->cells;
    row->error = r->row_err;
    row->plain = true;
    return true;
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
    r->fast_rows = true;
}
