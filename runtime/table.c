/* runtime/table.c: raw data tables (CSV or JSON) read as text rows, streaming, with every row located. */
#include "table.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "encoding.h"
#include "gc.h"
#include "regular_file.h"
#include "utf8.h"

/* Bytes read from the file at a time: the reader's memory does not grow with
** the file. The header line must fit in the first chunk. */
#define TABLE_CHUNK (1024 * 1024)
/* Most bytes handed to libcsv between two checks of the field and row
** limits: libcsv's own field buffer can exceed a limit by this much at most. */
#define TABLE_SEGMENT (16 * 1024)

/* libcsv 3.0.3 parser states: csv.h exposes csv_parser.pstate but not the
** names (they live in libcsv.c). We read them to know where a row starts and
** what a skipped row's quoting is. */
enum {
    TABLE_LIBCSV_ROW_NOT_BEGUN = 0,
    TABLE_LIBCSV_FIELD_NOT_BEGUN = 1,
    TABLE_LIBCSV_FIELD_BEGUN = 2,
    TABLE_LIBCSV_FIELD_MIGHT_HAVE_ENDED = 3,
};

/* Quoting state while skipping the rest of a rejected row ourselves. */
typedef enum { TABLE_SKIP_FIELD_START, TABLE_SKIP_UNQUOTED, TABLE_SKIP_QUOTED, TABLE_SKIP_QUOTE_SEEN } TableSkip;

typedef enum { TABLE_SOURCE_ROWS, TABLE_SOURCE_CSV, TABLE_SOURCE_JSON } TableSource;

/* What a byte means to the fast row reader (table_csv_fast_row). */
enum { TABLE_BYTE_TEXT, TABLE_BYTE_SPACE, TABLE_BYTE_SEPARATOR, TABLE_BYTE_LINE_END, TABLE_BYTE_UNUSUAL };

#define TABLE_ABSENT SIZE_MAX

struct TableReader {
    TableInfo info;
    TableSource source;
    bool finished;          /* no more rows: end of data, fatal error or closed */
    TableError fatal;       /* msg_fr non-NULL after a fatal error */

    /* The row being built: cell bytes, each NUL-terminated, in `text`. */
    char *text;
    size_t text_len, text_cap;
    size_t *cell_off;       /* TABLE_ABSENT: no value */
    size_t *cell_len;
    int cell_cap;           /* entries allocated in cell_off/cell_len, grown on demand */
    int store_cap;          /* cells kept: ncols, or TABLE_MAX_COLUMNS + 1 for the header */
    int nstored;
    int ndirty;             /* cell_off entries written since the last reset */
    long nfields;
    size_t row_bytes;
    long row_line;
    const char *row_err_fr, *row_err_en;
    bool row_ready;
    bool row_direct;        /* cells[] already point at the row (fast reader) */
    TableCell *cells;

    /* Rows given in memory. */
    TableRow *mem_rows;
    long mem_nrows, mem_next;

    /* CSV */
    FILE *fp;
    struct csv_parser csv;
    bool csv_live;
    bool check_utf8;        /* the bytes are the file's own, not iconv's output */
    bool chunk_clean;       /* the chunk in buf is whole valid UTF-8 sequences */
    bool verify_fields;     /* a field may hold bytes of a chunk that was not clean */
    bool fast_rows;         /* header read: plain rows may skip libcsv */
    unsigned char byte_class[256];
    EncodingConverter *conv;
    char *raw, *converted;
    size_t bom_len;
    char *buf;              /* decoded chunk being parsed (ours: the fast reader writes NULs in it) */
    size_t pos, len;
    bool first_chunk, input_done;
    long line;              /* physical line of buf[pos] */
    bool prev_cr;
    long seg_line;
    bool skipping, want_skip;
    TableSkip skip;

    /* JSON */
    json_t *root, *colmap;
    size_t next_elem, nelem;
    long *elem_line;
    size_t nelem_line;
};

/* ---- errors ------------------------------------------------------------------- */

static void table_error(TableError *err, const char *path, long line, const char *fr, const char *en)
{
    err->path = path;
    err->line = line;
    err->msg_fr = fr;
    err->msg_en = en;
}

static void table_fatal(TableReader *r, long line, const char *fr, const char *en)
{
    if (r->fatal.msg_fr)
        return;
    table_error(&r->fatal, r->info.path, line, fr, en);
    r->finished = true;
}

static const char *table_strerror_fr(int e)
{
    return rt_sprintf("illisible : %s", strerror(e));
}

static const char *table_strerror_en(int e)
{
    return rt_sprintf("unreadable: %s", strerror(e));
}

/* The first reason found is the one reported. */
static void table_row_error(TableReader *r, const char *fr, const char *en)
{
    if (!r->row_err_fr) {
        r->row_err_fr = fr;
        r->row_err_en = en;
    }
}

static const char *table_column_label(const TableReader *r, long index, bool french)
{
    if (r->info.columns && index < r->info.ncols)
        return rt_sprintf(french ? "« %s »" : "\"%s\"", r->info.columns[index]);
    return rt_sprintf(french ? "n° %ld" : "#%ld", index + 1);
}

static void table_field_too_long(TableReader *r, long index)
{
    table_row_error(r,
                    rt_sprintf("champ de plus de %d octets (colonne %s) : ligne rejetée", TABLE_MAX_FIELD_BYTES,
                               table_column_label(r, index, true)),
                    rt_sprintf("field longer than %d bytes (column %s): row rejected", TABLE_MAX_FIELD_BYTES,
                               table_column_label(r, index, false)));
    r->want_skip = true;
}

static void table_row_too_long(TableReader *r)
{
    table_row_error(r, rt_sprintf("ligne de plus de %d octets : ligne rejetée", TABLE_MAX_ROW_BYTES),
                    rt_sprintf("row longer than %d bytes: row rejected", TABLE_MAX_ROW_BYTES));
    r->want_skip = true;
}

/* ---- the row being built ------------------------------------------------------ */

/* rt_realloc(NULL, …) would hand out scanned memory: start atomic, it stays so. */
static void *table_grow_atomic(void *p, size_t size)
{
    if (!p)
        return rt_alloc_atomic(size);
    return rt_realloc(p, size);
}

static void table_set_store_cap(TableReader *r, int cap)
{
    r->store_cap = cap;
    r->cells = RT_NEW_ARRAY(TableCell, cap + 1);
}

static void table_grow_cells(TableReader *r, int index)
{
    int cap = r->cell_cap ? r->cell_cap : 8;
    while (cap <= index)
        cap *= 2;
    r->cell_off = table_grow_atomic(r->cell_off, sizeof(size_t) * (size_t)cap);
    r->cell_len = table_grow_atomic(r->cell_len, sizeof(size_t) * (size_t)cap);
    for (int i = r->cell_cap; i < cap; i++)
        r->cell_off[i] = TABLE_ABSENT;
    r->cell_cap = cap;
}

static void table_row_reset(TableReader *r)
{
    r->text_len = 0;
    r->nstored = 0;
    r->nfields = 0;
    r->row_bytes = 0;
    r->row_line = 0;
    r->row_err_fr = r->row_err_en = NULL;
    r->row_ready = false;
    r->row_direct = false;
    r->want_skip = false;
    for (int i = 0; i < r->ndirty; i++)
        r->cell_off[i] = TABLE_ABSENT;
    r->ndirty = 0;
}

static void table_store(TableReader *r, int index, const char *s, size_t len)
{
    if (index < 0 || index >= r->store_cap)
        return;
    if (index >= r->cell_cap)
        table_grow_cells(r, index);
    if (r->text_len + len + 1 > r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap : 256;
        while (cap < r->text_len + len + 1)
            cap *= 2;
        r->text = table_grow_atomic(r->text, cap);
        r->text_cap = cap;
    }
    memcpy(r->text + r->text_len, s, len);
    r->text[r->text_len + len] = '\0';
    if (index >= r->ndirty)
        r->ndirty = index + 1;
    r->cell_off[index] = r->text_len;
    r->cell_len[index] = len;
    r->text_len += len + 1;
}

static void table_row_output(TableReader *r, TableRow *row)
{
    for (int i = 0; i < r->info.ncols && !r->row_direct; i++) {
        if (i < r->cell_cap && r->cell_off[i] != TABLE_ABSENT) {
            r->cells[i].text = r->text + r->cell_off[i];
            r->cells[i].len = r->cell_len[i];
        } else {
            r->cells[i].text = NULL;
            r->cells[i].len = 0;
        }
    }
    row->line = r->row_line;
    row->cells = r->cells;
    row->error_fr = r->row_err_fr;
    row->error_en = r->row_err_en;
}

/* ---- physical lines ------------------------------------------------------------ */

/* CR, LF and CRLF each end one line. */
static void table_count_byte(long *line, bool *prev_cr, unsigned char c)
{
    if (c == '\r') {
        ++*line;
        *prev_cr = true;
    } else {
        if (c == '\n' && !*prev_cr)
            ++*line;
        *prev_cr = false;
    }
}

/* Line and column (in code points, 1-based) of byte `offset` of s. */
static void table_line_col(const char *s, size_t offset, long *line, long *col)
{
    long l = 1;
    bool prev_cr = false;
    size_t start = 0;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)s[i];
        table_count_byte(&l, &prev_cr, c);
        if (c == '\r' || c == '\n')
            start = i + 1;
    }
    *line = l;
    *col = (long)utf8_count(s + start, offset - start) + 1;
}

/* ---- CSV: libcsv callbacks ------------------------------------------------------ */

static void table_csv_field(void *data, size_t len, void *ctx)
{
    TableReader *r = ctx;
    const char *s = data ? data : "";
    if (r->row_line == 0)
        r->row_line = r->seg_line;
    long index = r->nfields++;
    r->row_bytes += len + 1;
    if (len > TABLE_MAX_FIELD_BYTES) {
        table_field_too_long(r, index);
        return;
    }
    if (r->row_bytes > TABLE_MAX_ROW_BYTES) {
        table_row_too_long(r);
        return;
    }
    if (r->row_err_fr || r->nstored >= r->store_cap)
        return;
    if (r->verify_fields && utf8_invalid_at(s, len) != len) {
        /* Only when the file changed between the two passes. */
        table_row_error(r, "texte non UTF-8 (le fichier a-t-il changé pendant la lecture ?)",
                        "non-UTF-8 text (did the file change while being read?)");
        return;
    }
    table_store(r, r->nstored++, s, len);
}

static void table_csv_row(int c, void *ctx)
{
    TableReader *r = ctx;
    r->row_ready = true;
}

/* Forgets libcsv's partial row, keeping its buffer (what csv_fini does last). */
static void table_csv_reset(TableReader *r)
{
    r->csv.pstate = TABLE_LIBCSV_ROW_NOT_BEGUN;
    r->csv.quoted = 0;
    r->csv.spaces = 0;
    r->csv.entry_pos = 0;
    r->csv.status = 0;
}

static void table_csv_release(TableReader *r)
{
    if (r->fp) {
        fclose(r->fp);
        r->fp = NULL;
    }
    if (r->csv_live) {
        csv_free(&r->csv);
        r->csv_live = false;
    }
    encoding_close(r->conv);
    r->conv = NULL;
    free(r->raw);
    free(r->converted);
    r->raw = r->converted = NULL;
    r->buf = NULL;
    r->pos = r->len = 0;
}

/* ---- CSV: skipping a rejected row -------------------------------------------------- */

static void table_csv_begin_skip(TableReader *r, TableSkip from)
{
    r->skipping = true;
    r->skip = from;
    table_csv_reset(r);
}

static void table_csv_skip_from_libcsv(TableReader *r)
{
    TableSkip from;
    switch (r->csv.pstate) {
    case TABLE_LIBCSV_FIELD_BEGUN:
        from = r->csv.quoted ? TABLE_SKIP_QUOTED : TABLE_SKIP_UNQUOTED;
        break;
    case TABLE_LIBCSV_FIELD_MIGHT_HAVE_ENDED:
        from = TABLE_SKIP_QUOTE_SEEN;
        break;
    case TABLE_LIBCSV_FIELD_NOT_BEGUN:
        from = TABLE_SKIP_FIELD_START;
        break;
    default:
        table_csv_reset(r);
        r->row_ready = true;
        return;
    }
    table_csv_begin_skip(r, from);
}

static void table_nul_byte(TableReader *r)
{
    table_fatal(r, r->line,
                rt_sprintf("octet nul ligne %ld : ce n'est pas un fichier texte (ou il est en UTF-16)", r->line),
                rt_sprintf("NUL byte on line %ld: not a text file (or it is UTF-16)", r->line));
}

/* Walks to the end of the row with the same quoting rules as libcsv, without
** keeping any byte: a 100 MB line costs time, not memory. */
static void table_csv_skip(TableReader *r)
{
    const unsigned char *s = (const unsigned char *)r->buf;
    unsigned char sep = (unsigned char)r->info.separator;
    TableSkip st = r->skip;
    for (size_t i = r->pos; i < r->len; i++) {
        unsigned char c = s[i];
        if (c == 0) {
            r->pos = i;
            table_nul_byte(r);
            return;
        }
        table_count_byte(&r->line, &r->prev_cr, c);
        if ((c == '\r' || c == '\n') && st != TABLE_SKIP_QUOTED) {
            r->pos = i + 1;
            r->skipping = false;
            r->row_ready = true;
            return;
        }
        switch (st) {
        case TABLE_SKIP_FIELD_START:
            if (c == '"')
                st = TABLE_SKIP_QUOTED;
            else if (c != sep && c != ' ' && c != '\t')
                st = TABLE_SKIP_UNQUOTED;
            break;
        case TABLE_SKIP_UNQUOTED:
            if (c == sep)
                st = TABLE_SKIP_FIELD_START;
            break;
        case TABLE_SKIP_QUOTED:
            if (c == '"')
                st = TABLE_SKIP_QUOTE_SEEN;
            break;
        case TABLE_SKIP_QUOTE_SEEN:
            st = c == '"' ? TABLE_SKIP_QUOTED : c == sep ? TABLE_SKIP_FIELD_START : TABLE_SKIP_UNQUOTED;
            break;
        }
    }
    r->skip = st;
    r->pos = r->len;
}

/* ---- CSV: feeding libcsv one physical line (or TABLE_SEGMENT bytes) at a time ---- */

static void table_csv_check_limits(TableReader *r)
{
    long index = r->nfields;
    if (r->csv.entry_pos > TABLE_MAX_FIELD_BYTES)
        table_field_too_long(r, index);
    else if (r->row_bytes + r->csv.entry_pos > TABLE_MAX_ROW_BYTES)
        table_row_too_long(r);
}

static void table_csv_stray_quote(TableReader *r, size_t used)
{
    long line = r->seg_line;
    table_row_error(
        r,
        rt_sprintf("guillemet mal placé ligne %ld : un champ qui contient des guillemets doit être entre "
                   "guillemets, et ses guillemets doublés (\"\")",
                   line),
        rt_sprintf("misplaced quote on line %ld: a field containing quotes must be quoted, with its quotes "
                   "doubled (\"\")",
                   line));
    if (r->row_line == 0)
        r->row_line = line;
    /* libcsv stopped on the offending byte, never a line end: read the rest
    ** of the field as plain text, as lenient readers do. */
    r->prev_cr = false;
    r->pos += used + 1;
    table_csv_begin_skip(r, TABLE_SKIP_UNQUOTED);
}

static void table_csv_feed_segment(TableReader *r)
{
    const char *s = r->buf + r->pos;
    size_t n = r->len - r->pos, k = 0;
    if (n > TABLE_SEGMENT)
        n = TABLE_SEGMENT;
    bool ends_line = false;
    while (k < n) {
        unsigned char c = (unsigned char)s[k];
        if (c == '\n' || c == '\r') {
            k++;
            ends_line = true;
            break;
        }
        if (c == 0) {
            r->pos += k;
            table_nul_byte(r);
            return;
        }
        k++;
    }
    r->seg_line = r->line;
    size_t used = csv_parse(&r->csv, s, k, table_csv_field, table_csv_row, r);
    if (used < k) {
        if (csv_error(&r->csv) == CSV_EPARSE) {
            table_csv_stray_quote(r, used);
        } else {
            table_fatal(r, r->seg_line, "mémoire épuisée pendant la lecture", "out of memory while reading");
        }
        return;
    }
    if (k > (ends_line ? 1u : 0u))
        r->prev_cr = false;
    if (ends_line)
        table_count_byte(&r->line, &r->prev_cr, (unsigned char)s[k - 1]);
    r->pos += k;
    if (r->row_ready)
        return;
    if (r->row_line == 0 && r->csv.pstate != TABLE_LIBCSV_ROW_NOT_BEGUN)
        r->row_line = r->seg_line;
    table_csv_check_limits(r);
    if (r->want_skip)
        table_csv_skip_from_libcsv(r);
}

/* The first pass found the file valid UTF-8; checking each chunk again, in
** one tight loop, only guards against a file that changed since. A field
** lies in at most two chunks (it is shorter than one), so fields are checked
** one by one only near a chunk that is not clean. */
static void table_csv_check_chunk(TableReader *r)
{
    bool previous_clean = r->chunk_clean;
    if (r->check_utf8) {
        bool invalid;
        r->chunk_clean = encoding_utf8_prefix(r->buf, r->len, &invalid) == r->len;
    } else {
        r->chunk_clean = true;
    }
    r->verify_fields = !r->chunk_clean || !previous_clean;
}

/* Ends a row read by table_csv_fast_row or table_csv_fast_row_sse2: s[i]
** ends the line (CR, LF, or the CR of a CRLF); nf fields, their cells set. */
static void table_csv_fast_finish(TableReader *r, unsigned char *s, size_t i, long nf)
{
    size_t avail = r->len - r->pos;
    int ncols = r->info.ncols;
    TableCell *cells = r->cells;
    r->row_line = r->line++;
    r->prev_cr = false;
    if (s[i++] == '\r') {
        if (i < avail && s[i] == '\n')
            i++;
        else if (i == avail)
            r->prev_cr = true;
    }
    for (long k = 0; k < nf && k < ncols; k++)
        ((char *)cells[k].text)[cells[k].len] = '\0';
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
    table_csv_fast_finish(r, s, i, nf);
    return true;
}

#if defined(__SSE2__)
/* The commonest row of all (no space, tab, quote or NUL, as exports and the
** generator write them), sixteen bytes at a time: a compare per special byte
** finds every separator and the line end at once. false, with nothing
** consumed or changed: table_csv_fast_row decides. */
static bool table_csv_fast_row_sse2(TableReader *r)
{
    unsigned char *s = (unsigned char *)r->buf + r->pos;
    unsigned char sep = (unsigned char)r->info.separator;
    size_t avail = r->len - r->pos;
    size_t n = avail < TABLE_MAX_FIELD_BYTES ? avail : TABLE_MAX_FIELD_BYTES;
    int ncols = r->info.ncols;
    TableCell *cells = r->cells;
    const __m128i v_sep = _mm_set1_epi8((char)sep), v_lf = _mm_set1_epi8('\n'), v_cr = _mm_set1_epi8('\r'),
                  v_quote = _mm_set1_epi8('"'), v_nul = _mm_setzero_si128(), v_space = _mm_set1_epi8(' '),
                  v_tab = _mm_set1_epi8('\t');
    long nf = 0;
    size_t start = 0;
    for (size_t base = 0; base < n && avail - base >= 16; base += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + base));
        __m128i ends = _mm_or_si128(_mm_cmpeq_epi8(x, v_lf), _mm_cmpeq_epi8(x, v_cr));
        __m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, v_quote), _mm_cmpeq_epi8(x, v_nul)),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, v_space), _mm_cmpeq_epi8(x, v_tab)));
        __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, v_sep), ends), odd);
        unsigned bits = (unsigned)_mm_movemask_epi8(special);
        while (bits) {
            size_t j = base + (size_t)__builtin_ctz(bits);
            bits &= bits - 1;
            if (j >= n)
                return false;
            unsigned char c = s[j];
            bool line_end = c == '\n' || c == '\r';
            if (c != sep && (!line_end || (nf == 0 && j == start)))
                return false;
            if (nf < ncols) {
                cells[nf].text = (const char *)s + start;
                cells[nf].len = j - start;
            }
            nf++;
            if (line_end) {
                table_csv_fast_finish(r, s, j, nf);
                return true;
            }
            start = j + 1;
        }
    }
    return false;
}
#endif

/* The fast readers, most specific first; false: the line is libcsv's. */
static bool table_csv_plain_row(TableReader *r)
{
#if defined(__SSE2__)
    if (table_csv_fast_row_sse2(r))
        return true;
#endif
    return table_csv_fast_row(r);
}

static bool table_csv_read_chunk(TableReader *r)
{
    size_t got = fread(r->raw, 1, TABLE_CHUNK, r->fp);
    if (got == 0) {
        int e = errno;
        if (ferror(r->fp))
            table_fatal(r, r->line, table_strerror_fr(e), table_strerror_en(e));
        return false;
    }
    char *p = r->raw;
    if (r->first_chunk) {
        size_t bom = r->bom_len < got ? r->bom_len : got;
        p += bom;
        got -= bom;
        r->first_chunk = false;
    }
    if (r->conv) {
        r->len = encoding_cp1252_convert(r->conv, p, got, r->converted);
        r->buf = r->converted;
    } else {
        r->len = got;
        r->buf = p;
    }
    r->pos = 0;
    table_csv_check_chunk(r);
    return true;
}

static void table_csv_finish(TableReader *r)
{
    r->input_done = true;
    if (r->skipping) {
        /* The file ended inside the rejected row. */
        r->skipping = false;
        r->row_ready = true;
    } else if (csv_fini(&r->csv, table_csv_field, table_csv_row, r) != 0) {
        long line = r->row_line ? r->row_line : r->line;
        table_fatal(r, line,
                    rt_sprintf("guillemet jamais fermé : le champ ouvert dans la ligne %ld court jusqu'à la fin "
                               "du fichier",
                               line),
                    rt_sprintf("unclosed quote: the field opened in the row of line %ld runs to the end of the file",
                               line));
    }
    table_csv_release(r);
}

/* Runs the parser until one row is complete; false at the end or on a fatal error. */
static bool table_csv_pump(TableReader *r)
{
    table_row_reset(r);
    while (!r->row_ready) {
        if (r->fatal.msg_fr)
            return false;
        if (r->pos >= r->len) {
            if (r->input_done)
                return false;
            if (!table_csv_read_chunk(r) && !r->fatal.msg_fr)
                table_csv_finish(r);
            continue;
        }
        if (r->skipping)
            table_csv_skip(r);
        else if (!(r->fast_rows && r->chunk_clean && r->nfields == 0 && r->csv.pstate == TABLE_LIBCSV_ROW_NOT_BEGUN
                   && table_csv_plain_row(r)))
            table_csv_feed_segment(r);
    }
    return !r->fatal.msg_fr;
}

/* ---- CSV: opening ---------------------------------------------------------------- */

/* The separator is whichever of ';', ',' and TAB the header line (outside
** quotes) uses most, ';' on ties: a French export with one ',' inside a
** column name still has more ';'. false when the header line does not end
** within s[0..n) and more data follows. */
static bool table_csv_separator(const char *s, size_t n, bool whole_file, char *sep)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\r' || s[i] == '\n'))
        i++;
    long semicolons = 0, commas = 0, tabs = 0;
    bool quoted = false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\r' || c == '\n')
            break;
        else if (c == ';')
            semicolons++;
        else if (c == ',')
            commas++;
        else if (c == '\t')
            tabs++;
    }
    if (i >= n && !whole_file)
        return false;
    *sep = ';';
    if (commas > semicolons && commas >= tabs)
        *sep = ',';
    else if (tabs > semicolons && tabs > commas)
        *sep = '\t';
    return true;
}

static bool table_csv_header(TableReader *r)
{
    if (!table_csv_pump(r)) {
        if (!r->fatal.msg_fr)
            table_fatal(r, 0, "fichier vide : pas de ligne d'en-tête", "empty file: no header line");
        return false;
    }
    if (r->row_err_fr) {
        table_fatal(r, r->row_line, rt_sprintf("en-tête illisible : %s", r->row_err_fr),
                    rt_sprintf("unreadable header: %s", r->row_err_en));
        return false;
    }
    if (r->nfields > TABLE_MAX_COLUMNS) {
        table_fatal(r, r->row_line,
                    rt_sprintf("en-tête de %ld colonnes : au plus %d", r->nfields, TABLE_MAX_COLUMNS),
                    rt_sprintf("header with %ld columns: at most %d", r->nfields, TABLE_MAX_COLUMNS));
        return false;
    }
    int ncols = (int)r->nfields;
    const char **columns = RT_NEW_ARRAY(const char *, ncols + 1);
    for (int i = 0; i < ncols; i++)
        columns[i] = i < r->cell_cap && r->cell_off[i] != TABLE_ABSENT
                         ? rt_strndup(r->text + r->cell_off[i], r->cell_len[i])
                         : "";
    r->info.columns = columns;
    r->info.ncols = ncols;
    return true;
}

/* ---- keys ---------------------------------------------------------------------------- */

/* Two columns that match the same name would make every lookup ambiguous.
** Empty keys (unnamed columns, often trailing separators) match nothing. */
static bool table_make_keys(TableReader *r, long line)
{
    int n = r->info.ncols;
    const char **keys = RT_NEW_ARRAY(const char *, n + 1);
    for (int i = 0; i < n; i++)
        keys[i] = utf8_key(r->info.columns[i], strlen(r->info.columns[i]));
    r->info.keys = keys;
    for (int i = 0; i < n; i++) {
        if (!keys[i][0])
            continue;
        for (int j = 0; j < i; j++) {
            if (strcmp(keys[i], keys[j]) == 0) {
                const char *a = r->info.columns[j], *b = r->info.columns[i];
                table_fatal(r, line,
                            rt_sprintf("colonnes en double : « %s » (colonne %d) et « %s » (colonne %d) désignent la "
                                       "même donnée",
                                       a, j + 1, b, i + 1),
                            rt_sprintf("duplicate columns: \"%s\" (column %d) and \"%s\" (column %d) name the same "
                                       "data",
                                       a, j + 1, b, i + 1));
                return false;
            }
        }
    }
    return true;
}

static TableReader *table_new(const char *path, TableSource source)
{
    TableReader *r = RT_NEW(TableReader);
    r->source = source;
    r->info.path = rt_strdup(path);
    const char *slash = strrchr(path, '/');
    r->info.file = rt_strdup(slash ? slash + 1 : path);
    r->info.format = source == TABLE_SOURCE_JSON ? TABLE_JSON : TABLE_CSV;
    r->info.encoding = encoding_name(ENCODING_UTF8);
    r->info.separator = ';';
    r->line = 1;
    r->chunk_clean = true;
    return r;
}

static void table_csv_byte_classes(TableReader *r)
{
    memset(r->byte_class, TABLE_BYTE_TEXT, sizeof r->byte_class);
    r->byte_class[' '] = r->byte_class['\t'] = TABLE_BYTE_SPACE;
    r->byte_class['\r'] = r->byte_class['\n'] = TABLE_BYTE_LINE_END;
    r->byte_class['"'] = r->byte_class[0] = TABLE_BYTE_UNUSUAL;
    r->byte_class[(unsigned char)r->info.separator] = TABLE_BYTE_SEPARATOR;
    r->fast_rows = true;
}

/* fopen for reading, but only of a regular file: the path was checked by
** table_open_file, and is checked again on the descriptor, so that a FIFO put
** in its place meanwhile is refused instead of blocking the run for ever. */
static FILE *table_fopen_regular(TableReader *r)
{
    struct stat st;
    RegularFileStatus why;
    int fd = regular_file_open(r->info.path, &st, &why);
    FILE *fp = fd < 0 ? NULL : fdopen(fd, "rb");
    if (fp)
        return fp;
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (why == REGULAR_FILE_NOT_REGULAR || why == REGULAR_FILE_IS_DIRECTORY)
        table_fatal(r, 0, "n'est pas un fichier ordinaire", "is not a regular file");
    else
        table_fatal(r, 0, table_strerror_fr(e), table_strerror_en(e));
    return NULL;
}

static bool table_csv_open(TableReader *r)
{
    r->fp = table_fopen_regular(r);
    if (!r->fp)
        return false;
    /* malloc, not the collector: the chunk buffers hold no pointers, and
    ** freeing them at the end keeps the no-GC (fuzzing) build from growing
    ** by megabytes per file. */
    r->raw = malloc(TABLE_CHUNK);
    if (!r->raw) {
        table_fatal(r, 0, "mémoire épuisée", "out of memory");
        return false;
    }
    EncodingResult enc;
    if (!encoding_detect(r->fp, r->raw, TABLE_CHUNK, &enc)) {
        table_fatal(r, enc.error_line, enc.error_fr, enc.error_en);
        return false;
    }
    r->info.encoding = encoding_name(enc.kind);
    r->bom_len = enc.bom_len;
    r->check_utf8 = enc.kind != ENCODING_CP1252;
    if (enc.kind == ENCODING_CP1252) {
        r->conv = encoding_cp1252_open();
        if (!r->conv) {
            table_fatal(r, 0, "fichier en Windows-1252, mais la conversion iconv est indisponible",
                        "Windows-1252 file, but iconv cannot convert it");
            return false;
        }
        r->converted = malloc((size_t)TABLE_CHUNK * ENCODING_CP1252_GROWTH);
        if (!r->converted) {
            table_fatal(r, 0, "mémoire épuisée", "out of memory");
            return false;
        }
        r->info.note_fr = "fichier lu en Windows-1252 (converti en UTF-8)";
        r->info.note_en = "file read as Windows-1252 (converted to UTF-8)";
    }
    if (fseek(r->fp, 0, SEEK_SET) != 0) {
        int e = errno;
        table_fatal(r, 0, table_strerror_fr(e), table_strerror_en(e));
        return false;
    }
    csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_realloc_func(&r->csv, realloc);
    csv_set_free_func(&r->csv, free);
    csv_set_blk_size(&r->csv, 4096);
    r->csv_live = true;
    r->first_chunk = true;
    if (!table_csv_read_chunk(r)) {
        if (!r->fatal.msg_fr)
            table_fatal(r, 0, "fichier vide : pas de ligne d'en-tête", "empty file: no header line");
        return false;
    }
    int peek = getc(r->fp);
    bool whole_file = peek == EOF;
    if (!whole_file)
        ungetc(peek, r->fp);
    if (!table_csv_separator(r->buf, r->len, whole_file, &r->info.separator)) {
        table_fatal(r, 1, "pas de fin de ligne d'en-tête dans le premier Mio du fichier (ligne trop longue ?)",
                    "no end of the header line in the first MiB of the file (line too long?)");
        return false;
    }
    csv_set_delim(&r->csv, (unsigned char)r->info.separator);
    r->store_cap = TABLE_MAX_COLUMNS + 1; /* header cells are read, never output */
    if (!table_csv_header(r))
        return false;
    long header_line = r->row_line;
    table_set_store_cap(r, r->info.ncols);
    table_csv_byte_classes(r);
    return table_make_keys(r, header_line);
}

static bool table_csv_next(TableReader *r, TableRow *row)
{
    if (!table_csv_pump(r))
        return false;
    if (r->nfields > r->info.ncols)
        table_row_error(r,
                        rt_sprintf("%ld champs au lieu de %d (en-tête)", r->nfields, r->info.ncols),
                        rt_sprintf("%ld fields instead of %d (header)", r->nfields, r->info.ncols));
    table_row_output(r, row);
    return true;
}

/* ---- JSON: the pre-scan that keeps numbers exact ---------------------------------------- */

/*
** jansson turns every real into a double. Before it sees the text, each
** number token becomes a string holding a NUL marker, '#' and the number as
** written ("731.5" -> "\u0000#731.5"); a genuine string containing NUL gets
** "\u0000!" in front so that it can never pass for a number. The same walk
** records the line of each element of the top-level array and bounds the
** nesting depth. Run again with `map_to` set, it only translates an offset of
** the rewritten text back to the original, for jansson's error positions.
*/
typedef struct TableJsonScan {
    const char *in;
    size_t n;
    char *out;              /* malloc'ed; NULL when only mapping */
    size_t out_len, out_cap;
    long *lines;            /* line of each top-level element */
    size_t nlines, lines_cap;
    bool mapping;
    size_t map_to, mapped;
    bool found;
    size_t err_at;
    const char *err_fr, *err_en;
} TableJsonScan;

static bool table_json_reserve(TableJsonScan *sc, size_t more)
{
    if (sc->out_len + more <= sc->out_cap)
        return true;
    size_t cap = sc->out_cap ? sc->out_cap : 4096;
    while (cap < sc->out_len + more) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *p = realloc(sc->out, cap);
    if (!p)
        return false;
    sc->out = p;
    sc->out_cap = cap;
    return true;
}

/* Bytes of our own, which all map back to the original offset `at`. */
static bool table_json_insert(TableJsonScan *sc, size_t at, const char *s, size_t len)
{
    if (sc->mapping) {
        if (!sc->found && sc->out_len + len > sc->map_to) {
            sc->found = true;
            sc->mapped = at;
        }
        sc->out_len += len;
        return true;
    }
    if (!table_json_reserve(sc, len))
        return false;
    memcpy(sc->out + sc->out_len, s, len);
    sc->out_len += len;
    return true;
}

/* Bytes of the original from offset `at`, copied as they are. */
static bool table_json_copy(TableJsonScan *sc, size_t at, size_t len)
{
    if (sc->mapping) {
        if (!sc->found && sc->out_len + len > sc->map_to) {
            sc->found = true;
            sc->mapped = at + (sc->map_to - sc->out_len);
        }
        sc->out_len += len;
        return true;
    }
    return table_json_insert(sc, at, sc->in + at, len);
}

static bool table_json_fail(TableJsonScan *sc, size_t at, const char *fr, const char *en)
{
    sc->err_at = at;
    sc->err_fr = fr;
    sc->err_en = en;
    return false;
}

static bool table_json_record_line(TableJsonScan *sc, long line)
{
    if (sc->mapping)
        return true;
    if (sc->nlines == sc->lines_cap) {
        size_t cap = sc->lines_cap ? sc->lines_cap * 2 : 256;
        sc->lines = table_grow_atomic(sc->lines, cap * sizeof(long));
        sc->lines_cap = cap;
    }
    sc->lines[sc->nlines++] = line;
    return true;
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool table_json_number_ok(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n)
        return false;
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    } else {
        return false;
    }
    if (i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    return i == n;
}

static bool table_json_number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* A string token from the opening quote at i; returns the offset after it. */
static bool table_json_string(TableJsonScan *sc, size_t i, size_t *next, long *line, bool *prev_cr)
{
    const char *s = sc->in;
    size_t j = i + 1;
    bool has_nul = false;
    while (j < sc->n && s[j] != '"') {
        if (s[j] == '\\') {
            if (j + 5 < sc->n && s[j + 1] == 'u' && memcmp(s + j + 2, "0000", 4) == 0)
                has_nul = true;
            j += j + 1 < sc->n ? 2 : 1;
            continue;
        }
        table_count_byte(line, prev_cr, (unsigned char)s[j]);
        j++;
    }
    if (j < sc->n)
        j++; /* closing quote; an unclosed string is left for jansson to report */
    *next = j;
    if (has_nul)
        return table_json_insert(sc, i, "\"\\u0000!", 8) && table_json_copy(sc, i + 1, j - i - 1);
    return table_json_copy(sc, i, j - i);
}

static bool table_json_scan(TableJsonScan *sc)
{
    const char *s = sc->in;
    long line = 1;
    bool prev_cr = false, expect_elem = false, seen_value = false;
    int depth = 0;
    size_t i = 0;
    while (i < sc->n) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            table_count_byte(&line, &prev_cr, (unsigned char)c);
            if (!table_json_copy(sc, i, 1))
                return table_json_fail(sc, i, "mémoire épuisée", "out of memory");
            i++;
            continue;
        }
        prev_cr = false;
        if (depth == 1 && expect_elem && c != ']' && c != ',') {
            table_json_record_line(sc, line);
            expect_elem = false;
        }
        bool ok = true;
        if (c == '"') {
            size_t next;
            ok = table_json_string(sc, i, &next, &line, &prev_cr);
            i = next;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i;
            while (j < sc->n && table_json_number_char(s[j]))
                j++;
            if (!table_json_number_ok(s + i, j - i))
                return table_json_fail(sc, i, rt_sprintf("nombre JSON invalide « %.*s »", (int)(j - i), s + i),
                                       rt_sprintf("invalid JSON number \"%.*s\"", (int)(j - i), s + i));
            ok = table_json_insert(sc, i, "\"\\u0000#", 8) && table_json_copy(sc, i, j - i) &&
                 table_json_insert(sc, j - 1, "\"", 1);
            i = j;
        } else {
            if (c == '[' || c == '{') {
                if (++depth > TABLE_MAX_JSON_DEPTH)
                    return table_json_fail(
                        sc, i, rt_sprintf("JSON trop imbriqué : plus de %d niveaux", TABLE_MAX_JSON_DEPTH),
                        rt_sprintf("JSON nested too deeply: more than %d levels", TABLE_MAX_JSON_DEPTH));
                if (depth == 1 && c == '[' && !seen_value)
                    expect_elem = true;
                seen_value = true;
            } else if (c == ']' || c == '}') {
                if (depth > 0)
                    depth--;
            } else if (c == ',' && depth == 1) {
                expect_elem = true;
            }
            ok = table_json_copy(sc, i, 1);
            i++;
        }
        if (!ok)
            return table_json_fail(sc, i, "mémoire épuisée", "out of memory");
    }
    return true;
}

/* ---- JSON: opening ----------------------------------------------------------------------- */

static bool table_json_fatal_at(TableReader *r, const char *text, size_t at, const char *fr, const char *en)
{
    long line, col;
    table_line_col(text, at, &line, &col);
    table_fatal(r, line, rt_sprintf("%s (ligne %ld, colonne %ld)", fr, line, col),
                rt_sprintf("%s (line %ld, column %ld)", en, line, col));
    return false;
}

/* Reads the whole file (malloc'ed, NUL-terminated); NULL and a fatal error on failure. */
static char *table_json_slurp(TableReader *r, size_t *len)
{
    FILE *fp = table_fopen_regular(r);
    if (!fp)
        return NULL;
    size_t cap = 65536, n = 0;
    char *data = malloc(cap + 1);
    while (data) {
        if (n == cap) {
            if (cap > (size_t)TABLE_MAX_JSON_BYTES)
                break;
            cap *= 2;
            char *p = realloc(data, cap + 1);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
        }
        size_t got = fread(data + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int e = ferror(fp) ? errno : 0;
    fclose(fp);
    if (!data) {
        table_fatal(r, 0, "mémoire épuisée", "out of memory");
        return NULL;
    }
    if (e) {
        free(data);
        table_fatal(r, 0, table_strerror_fr(e), table_strerror_en(e));
        return NULL;
    }
    if (n > (size_t)TABLE_MAX_JSON_BYTES) {
        free(data);
        table_fatal(r, 0, rt_sprintf("fichier JSON de plus de %ld octets : trop gros", TABLE_MAX_JSON_BYTES),
                    rt_sprintf("JSON file larger than %ld bytes: too big", TABLE_MAX_JSON_BYTES));
        return NULL;
    }
    data[n] = '\0';
    *len = n;
    return data;
}

/* Checks that the text is UTF-8 without NUL; returns the offset where JSON starts. */
static bool table_json_check_text(TableReader *r, const char *data, size_t n, size_t *start)
{
    const char *unsupported;
    size_t bom = encoding_bom((const unsigned char *)data, n, &unsupported);
    if (unsupported) {
        table_fatal(r, 0, rt_sprintf("fichier en %s (marque BOM) : le JSON doit être en UTF-8", unsupported),
                    rt_sprintf("%s file (BOM): JSON must be UTF-8", unsupported));
        return false;
    }
    if (bom)
        r->info.encoding = encoding_name(ENCODING_UTF8_BOM);
    const char *nul = memchr(data, '\0', n);
    if (nul) {
        long line, col;
        table_line_col(data, (size_t)(nul - data), &line, &col);
        table_fatal(r, line, rt_sprintf("octet nul ligne %ld : ce n'est pas un fichier texte", line),
                    rt_sprintf("NUL byte on line %ld: not a text file", line));
        return false;
    }
    size_t bad = utf8_invalid_at(data + bom, n - bom);
    if (bad != n - bom) {
        long line, col;
        table_line_col(data, bom + bad, &line, &col);
        table_fatal(r, line,
                    rt_sprintf("octet non UTF-8 ligne %ld : un fichier JSON doit être en UTF-8", line),
                    rt_sprintf("non-UTF-8 byte on line %ld: a JSON file must be UTF-8", line));
        return false;
    }
    *start = bom;
    return true;
}

/* jansson's message without its " near '...'" part, which would show our rewriting. */
static const char *table_jansson_text(const json_error_t *jerr)
{
    const char *near = strstr(jerr->text, " near ");
    size_t len = near ? (size_t)(near - jerr->text) : strlen(jerr->text);
    return rt_strndup(jerr->text, len);
}

static bool table_json_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool table_json_parse_error(TableReader *r, const char *text, size_t n, const json_error_t *jerr)
{
    const char *what = table_jansson_text(jerr);
    const char *fr = rt_sprintf("JSON invalide : %s", what);
    if (strcmp(what, "duplicate object key") == 0)
        fr = "JSON invalide : clé en double dans un même objet";
    const char *en = rt_sprintf("invalid JSON: %s", what);
    if (jerr->position <= 0) {
        table_fatal(r, jerr->line > 0 ? jerr->line : 0, fr, en);
        return false;
    }
    TableJsonScan map = { .in = text, .n = n, .mapping = true, .map_to = (size_t)jerr->position - 1 };
    table_json_scan(&map);
    size_t at = map.found ? map.mapped : n;
    /* jansson stops after the offending word ("tru"): point at its start. */
    while (at > 0 && at <= n && table_json_word_char(text[at - 1]) && (at == n || table_json_word_char(text[at])))
        at--;
    /* ...or after the offending string: point at its opening quote (the
    ** quotes inside a string are always escaped). */
    if (at < n && text[at] == '"') {
        size_t open = at;
        while (open > 0 && !(text[open - 1] == '"' && (open < 2 || text[open - 2] != '\\')))
            open--;
        if (open > 0)
            at = open - 1;
    }
    return table_json_fatal_at(r, text, at, fr, en);
}

static bool table_json_columns(TableReader *r)
{
    r->colmap = json_object();
    if (!r->colmap) {
        table_fatal(r, 0, "mémoire épuisée", "out of memory");
        return false;
    }
    size_t cap = 16;
    const char **columns = RT_NEW_ARRAY(const char *, cap);
    int ncols = 0;
    for (size_t i = 0; i < r->nelem; i++) {
        json_t *obj = json_array_get(r->root, i);
        const char *key;
        json_t *value;
        if (!json_is_object(obj))
            continue;
        json_object_foreach(obj, key, value) {
            if (json_object_get(r->colmap, key))
                continue;
            if (ncols == TABLE_MAX_COLUMNS) {
                long line = i < r->nelem_line ? r->elem_line[i] : 0;
                table_fatal(r, line, rt_sprintf("plus de %d colonnes (clés différentes)", TABLE_MAX_COLUMNS),
                            rt_sprintf("more than %d columns (distinct keys)", TABLE_MAX_COLUMNS));
                return false;
            }
            if ((size_t)ncols + 1 >= cap) {
                cap *= 2;
                columns = rt_realloc(columns, cap * sizeof *columns);
            }
            columns[ncols] = rt_strdup(key);
            json_object_set_new(r->colmap, key, json_integer(ncols));
            ncols++;
        }
    }
    r->info.columns = columns;
    r->info.ncols = ncols;
    return table_make_keys(r, 0);
}

static bool table_json_open(TableReader *r)
{
    r->info.separator = 0;
    size_t n, start;
    char *data = table_json_slurp(r, &n);
    if (!data)
        return false;
    if (!table_json_check_text(r, data, n, &start)) {
        free(data);
        return false;
    }
    const char *text = data + start;
    n -= start;
    TableJsonScan sc = { .in = text, .n = n };
    if (!table_json_scan(&sc)) {
        free(sc.out);
        table_json_fatal_at(r, text, sc.err_at, sc.err_fr, sc.err_en);
        free(data);
        return false;
    }
    r->elem_line = sc.lines;
    r->nelem_line = sc.nlines;
    json_error_t jerr;
    r->root = json_loadb(sc.out ? sc.out : "", sc.out_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    free(sc.out);
    if (!r->root) {
        table_json_parse_error(r, text, n, &jerr);
        free(data);
        return false;
    }
    free(data);
    if (!json_is_array(r->root)) {
        table_fatal(r, 1, "le fichier JSON doit contenir un tableau d'objets : [ {…}, {…} ]",
                    "the JSON file must hold an array of objects: [ {…}, {…} ]");
        return false;
    }
    r->nelem = json_array_size(r->root);
    if (!table_json_columns(r))
        return false;
    table_set_store_cap(r, r->info.ncols);
    return true;
}

static void table_json_release(TableReader *r)
{
    if (r->root) {
        json_decref(r->root);
        r->root = NULL;
    }
    if (r->colmap) {
        json_decref(r->colmap);
        r->colmap = NULL;
    }
}

static void table_json_cell(TableReader *r, int index, const char *key, json_t *value)
{
    const char *col = rt_sprintf("« %s »", key);
    const char *col_en = rt_sprintf("\"%s\"", key);
    switch (json_typeof(value)) {
    case JSON_STRING: {
        const char *s = json_string_value(value);
        size_t len = json_string_length(value);
        if (len >= 2 && s[0] == '\0' && s[1] == '#') {
            s += 2, len -= 2;
            /* "1.5e3" is exact decimal text too: runtime/data.c expands it,
            ** with a bounded exponent. */
        } else if (memchr(s, '\0', len)) {
            table_row_error(r, rt_sprintf("texte contenant un caractère nul (\\u0000) dans %s", col),
                            rt_sprintf("text containing a NUL character (\\u0000) in %s", col_en));
            return;
        }
        r->row_bytes += len + 1;
        if (len > TABLE_MAX_FIELD_BYTES) {
            table_field_too_long(r, index);
            return;
        }
        if (r->row_bytes > TABLE_MAX_ROW_BYTES) {
            table_row_too_long(r);
            return;
        }
        table_store(r, index, s, len);
        return;
    }
    case JSON_TRUE:
        table_store(r, index, "true", 4);
        return;
    case JSON_FALSE:
        table_store(r, index, "false", 5);
        return;
    case JSON_NULL:
        return;
    case JSON_OBJECT:
    case JSON_ARRAY:
        table_row_error(r, rt_sprintf("valeur imbriquée (objet ou tableau) dans %s : une cellule doit être un texte, "
                                      "un nombre ou un booléen",
                                      col),
                        rt_sprintf("nested value (object or array) in %s: a cell must be text, a number or a "
                                   "boolean",
                                   col_en));
        return;
    case JSON_INTEGER:
    case JSON_REAL:
        break;
    }
    /* Every number went through the pre-scan; a double here would be inexact. */
    table_row_error(r, rt_sprintf("nombre illisible dans %s", col), rt_sprintf("unreadable number in %s", col_en));
}

static bool table_json_next(TableReader *r, TableRow *row)
{
    if (r->next_elem >= r->nelem) {
        table_json_release(r);
        return false;
    }
    size_t i = r->next_elem++;
    table_row_reset(r);
    r->row_line = i < r->nelem_line ? r->elem_line[i] : 0;
    json_t *obj = json_array_get(r->root, i);
    if (!json_is_object(obj)) {
        table_row_error(r, rt_sprintf("l'élément n° %zu du tableau n'est pas un objet { … }", i + 1),
                        rt_sprintf("array element %zu is not an object { … }", i + 1));
    } else {
        const char *key;
        json_t *value;
        json_object_foreach(obj, key, value) {
            json_t *index = json_object_get(r->colmap, key);
            if (index)
                table_json_cell(r, (int)json_integer_value(index), key, value);
        }
    }
    table_row_output(r, row);
    /* The row is copied out: let jansson free the element now. */
    json_array_set_new(r->root, i, json_null());
    return true;
}

/* ---- public API ---------------------------------------------------------------------------- */

static bool table_has_extension(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* Exists as something (file, folder…); false when absent, with *e set on other failures. */
static bool table_exists(const char *path, int *e)
{
    struct stat st;
    *e = 0;
    if (stat(path, &st) == 0)
        return true;
    if (errno != ENOENT && errno != ENOTDIR)
        *e = errno;
    return false;
}

TableReader *table_open(const char *dir, const char *name, TableError *err)
{
    size_t dlen = strlen(dir);
    const char *sep = dlen == 0 || dir[dlen - 1] == '/' ? "" : "/";
    const char *csv = rt_sprintf("%s%s%s.csv", dir, sep, name);
    const char *json = rt_sprintf("%s%s%s.json", dir, sep, name);
    int e_csv, e_json;
    bool has_csv = table_exists(csv, &e_csv), has_json = table_exists(json, &e_json);
    if (e_csv || e_json) {
        int e = e_csv ? e_csv : e_json;
        table_error(err, e_csv ? csv : json, 0, table_strerror_fr(e), table_strerror_en(e));
        return NULL;
    }
    if (has_csv && has_json) {
        table_error(err, csv, 0,
                    rt_sprintf("les deux fichiers %s.csv et %s.json existent : lequel lire ? Retirez l'un des deux",
                               name, name),
                    rt_sprintf("both %s.csv and %s.json exist: which one should be read? Remove one of them", name,
                               name));
        return NULL;
    }
    struct stat st;
    if (!has_csv && !has_json && dlen && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        table_error(err, rt_strdup(dir), 0, "dossier de données introuvable", "data folder not found");
        return NULL;
    }
    if (!has_csv && !has_json) {
        table_error(err, dlen ? rt_strdup(dir) : ".", 0,
                    rt_sprintf("fichier introuvable : ni %s.csv ni %s.json dans ce dossier", name, name),
                    rt_sprintf("file not found: neither %s.csv nor %s.json in this folder", name, name));
        return NULL;
    }
    return table_open_file(has_csv ? csv : json, err);
}

TableReader *table_open_file(const char *path, TableError *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            table_error(err, rt_strdup(path), 0, "fichier introuvable", "file not found");
        else
            table_error(err, rt_strdup(path), 0, table_strerror_fr(e), table_strerror_en(e));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        table_error(err, rt_strdup(path), 0, "est un dossier, pas un fichier", "is a folder, not a file");
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        table_error(err, rt_strdup(path), 0, "n'est pas un fichier ordinaire", "is not a regular file");
        return NULL;
    }
    TableSource source;
    if (table_has_extension(path, ".csv")) {
        source = TABLE_SOURCE_CSV;
    } else if (table_has_extension(path, ".json")) {
        source = TABLE_SOURCE_JSON;
    } else {
        table_error(err, rt_strdup(path), 0, "extension inconnue : .csv ou .json attendu",
                    "unknown extension: .csv or .json expected");
        return NULL;
    }
    if (source == TABLE_SOURCE_JSON && st.st_size > TABLE_MAX_JSON_BYTES) {
        table_error(err, rt_strdup(path), 0,
                    rt_sprintf("fichier JSON de plus de %ld octets : trop gros", TABLE_MAX_JSON_BYTES),
                    rt_sprintf("JSON file larger than %ld bytes: too big", TABLE_MAX_JSON_BYTES));
        return NULL;
    }
    TableReader *r = table_new(path, source);
    bool ok = source == TABLE_SOURCE_CSV ? table_csv_open(r) : table_json_open(r);
    if (!ok) {
        *err = r->fatal;
        table_close(r);
        return NULL;
    }
    return r;
}

TableReader *table_open_rows(const char *file, int ncols, const char **columns, long nrows, TableRow *rows)
{
    TableReader *r = table_new(file ? file : "", TABLE_SOURCE_ROWS);
    if (ncols < 0)
        ncols = 0;
    r->info.ncols = ncols;
    const char **cols = RT_NEW_ARRAY(const char *, ncols + 1);
    const char **keys = RT_NEW_ARRAY(const char *, ncols + 1);
    for (int i = 0; i < ncols; i++) {
        cols[i] = columns && columns[i] ? columns[i] : "";
        keys[i] = utf8_key(cols[i], strlen(cols[i]));
    }
    r->info.columns = cols;
    r->info.keys = keys;
    r->mem_rows = rows;
    r->mem_nrows = rows && nrows > 0 ? nrows : 0;
    return r;
}

const TableInfo *table_info(const TableReader *r)
{
    return &r->info;
}

bool table_next(TableReader *r, TableRow *row, TableError *err)
{
    table_error(err, r->info.path, 0, NULL, NULL);
    memset(row, 0, sizeof *row);
    if (r->fatal.msg_fr) {
        *err = r->fatal;
        return false;
    }
    if (r->finished)
        return false;
    bool ok = false;
    switch (r->source) {
    case TABLE_SOURCE_ROWS:
        if (r->mem_next < r->mem_nrows) {
            *row = r->mem_rows[r->mem_next++];
            ok = true;
        }
        break;
    case TABLE_SOURCE_CSV:
        ok = table_csv_next(r, row);
        break;
    case TABLE_SOURCE_JSON:
        ok = table_json_next(r, row);
        break;
    }
    if (!ok) {
        r->finished = true;
        table_csv_release(r);
        table_json_release(r);
        if (r->fatal.msg_fr)
            *err = r->fatal;
    }
    return ok;
}

void table_close(TableReader *r)
{
    if (!r)
        return;
    table_csv_release(r);
    table_json_release(r);
    r->finished = true;
}
