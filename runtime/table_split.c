/* runtime/table_split.c: a CSV table's rows cut into slices at line feeds, and the readers that read them on several threads (a workbook sheet's: table_xlsx_split.c, table_ods_split.c). */
#include "table_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "gc.h"

/*
** A slice ends just after a line feed, which ends a row unless it lies inside
** a quoted field: the reader of the slice before tells (table_part_between_rows),
** and when it does not end between rows, it reads on into the next slice
** itself (runtime/eval_threads.c). Line numbers are counted here, as the
** slices are cut, so that each slice's reader starts at its true line.
*/

bool table_can_split(const TableReader *r)
{
    if (r->source == TABLE_SOURCE_JSON)
        return table_json_can_split(r);
    if (r->source == TABLE_SOURCE_XLSX)
        return table_xlsx_can_split(r);
    if (r->source == TABLE_SOURCE_ODS)
        return table_ods_can_split(r);
    return r->source == TABLE_SOURCE_CSV && !r->part && !r->finished && !say_is_set(r->fatal.msg) && r->fp
           && !r->skipping && r->csv.pstate == TABLE_LIBCSV_ROW_NOT_BEGUN;
}

/* What one pass over a slice tells: whether every byte is plain ASCII text
** (1 to 127: no NUL, nothing to decode), whether a CR is there, and its
** line feeds, or (table_split_scan_ends) its line ends. The main thread cuts
** every byte of the table while the other cores read: one pass here instead
** of four (the NUL, the encoding, the CR looked for, the line feeds counted),
** each over a MiB. */
typedef struct TableSliceScan {
    bool plain, cr;
    long lfs, ends;
} TableSliceScan;

#if defined(__SSE2__)
/* -1 in each byte of x that ends a line: a CR, or a LF whose byte before (in
** `before`, the bytes loaded one byte earlier) is not a CR. */
static inline __m128i table_split_ends16(__m128i x, __m128i before)
{
    const __m128i v_lf = _mm_set1_epi8('\n'), v_cr = _mm_set1_epi8('\r');
    return _mm_or_si128(_mm_cmpeq_epi8(x, v_cr), _mm_andnot_si128(_mm_cmpeq_epi8(before, v_cr), _mm_cmpeq_epi8(x, v_lf)));
}
#endif

/* Line ends (CR, LF, CRLF once) of s[0..n) after *prev_cr, which it updates,
** and the plain test, in one pass (`cr` is not looked for). Exports from
** Windows (French CSV, every Windows-1252 file) end their lines with CRLF:
** the LF-only scan below finds the CR and a second pass counted them, and a
** BOM's checks made two more (48 M instructions on medium-csv-fr's hour
** table, on the main thread). Sixty-four bytes a step, as in the scan below,
** each tested against the same bytes shifted by one, and summed in byte
** counters (no popcount, which without -mpopcnt is a libgcc call). */
static TableSliceScan table_split_scan_ends(const unsigned char *s, size_t n, bool *prev_cr)
{
    TableSliceScan scan = { true, false, 0, 0 };
    size_t i = 0;
    if (n > 0) {   /* after the bytes before s */
        scan.plain = s[0] >= 1 && s[0] < 0x80;
        table_count_byte(&scan.ends, prev_cr, s[i++]);
    }
#if defined(__SSE2__)
    if (i + 64 <= n) {
        const __m128i zero = _mm_setzero_si128();
        __m128i high = zero, low = _mm_set1_epi8(-1);   /* bytes OR-ed; their minimum */
        while (i + 64 <= n) {
            __m128i acc = zero;
            /* A byte counter gains at most four a step: emptied every 63 steps, before 255. */
            for (int step = 0; step < 63 && i + 64 <= n; step++, i += 64) {
                const unsigned char *p = s + i;
                __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
                __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
                __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
                __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));
                __m128i ab = _mm_add_epi8(table_split_ends16(a, _mm_loadu_si128((const __m128i *)(const void *)(p - 1))),
                                          table_split_ends16(b, _mm_loadu_si128((const __m128i *)(const void *)(p + 15))));
                __m128i cd = _mm_add_epi8(table_split_ends16(c, _mm_loadu_si128((const __m128i *)(const void *)(p + 31))),
                                          table_split_ends16(d, _mm_loadu_si128((const __m128i *)(const void *)(p + 47))));
                acc = _mm_sub_epi8(acc, _mm_add_epi8(ab, cd));
                high = _mm_or_si128(high, _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)));
                low = _mm_min_epu8(low, _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d)));
            }
            __m128i sum = _mm_sad_epu8(acc, zero);
            scan.ends += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
        }
        scan.plain &= _mm_movemask_epi8(high) == 0 && _mm_movemask_epi8(_mm_cmpeq_epi8(low, zero)) == 0;
        *prev_cr = s[i - 1] == '\r';
    }
#endif
    for (; i < n; i++) {
        scan.plain &= s[i] >= 1 && s[i] < 0x80;
        table_count_byte(&scan.ends, prev_cr, s[i]);
    }
    return scan;
}

/* Sixty-four bytes a step, as four blocks: a block's plain test is its bytes
** OR-ed (a byte of 0x80 and up sets the sign bit) and their minimum (a NUL
** makes it 0), two instructions where a signed compare with 1 took three and
** a copy; the loop's test and the counters' emptying are paid once for four
** blocks. 37 M instructions on medium's hour table became 20 M. */
static TableSliceScan table_split_scan(const unsigned char *s, size_t n)
{
    TableSliceScan scan = { true, false, 0, 0 };
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i v_lf = _mm_set1_epi8('\n'), v_cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
    __m128i high = zero, low = _mm_set1_epi8(-1), crs = zero;   /* bytes OR-ed; their minimum; CRs */
    while (i + 64 <= n) {
        __m128i acc = zero;
        /* A byte counter gains at most four a step: emptied every 63 steps, before 255. */
        for (int steps = 0; steps < 63 && i + 64 <= n; steps++, i += 64) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
            __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 32));
            __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 48));
            acc = _mm_sub_epi8(acc, _mm_add_epi8(_mm_add_epi8(_mm_cmpeq_epi8(a, v_lf), _mm_cmpeq_epi8(b, v_lf)),
                                                 _mm_add_epi8(_mm_cmpeq_epi8(c, v_lf), _mm_cmpeq_epi8(d, v_lf))));
            high = _mm_or_si128(high, _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)));
            low = _mm_min_epu8(low, _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d)));
            crs = _mm_or_si128(crs, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, v_cr), _mm_cmpeq_epi8(b, v_cr)),
                                                 _mm_or_si128(_mm_cmpeq_epi8(c, v_cr), _mm_cmpeq_epi8(d, v_cr))));
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        scan.lfs += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
    }
    scan.plain = _mm_movemask_epi8(high) == 0 && _mm_movemask_epi8(_mm_cmpeq_epi8(low, zero)) == 0;
    scan.cr = _mm_movemask_epi8(crs) != 0;
#endif
    for (; i < n; i++) {
        scan.lfs += s[i] == '\n';
        scan.plain &= s[i] >= 1 && s[i] < 0x80;
        scan.cr |= s[i] == '\r';
    }
    return scan;
}

/* The checks table_csv_decide makes of a slice, and its lines counted, from
** one pass when the slice is plain ASCII: its bytes are valid as they are,
** whatever the encoding (no sequence is pending at a slice's start: the
** slice before ended at a line end, or where the slices began). A slice after one whose last line
** ended with a CR is scanned with its line ends counted; another is scanned
** for LFs, and counted again only if it holds a CR. *plain: the slice is
** plain ASCII. false: a fatal error, said in r. */
static bool table_split_check(TableReader *r, const char *bytes, size_t cut, long *lines, bool *plain)
{
    const unsigned char *s = (const unsigned char *)bytes;
    TableSliceScan scan;
    if (r->split_crlf) {
        scan = table_split_scan_ends(s, cut, &r->split_prev_cr);
        scan.cr = cut >= 2 && s[cut - 2] == '\r';
    } else {
        scan = table_split_scan(s, cut);
        if (scan.cr)
            scan.ends = table_split_scan_ends(s, cut, &r->split_prev_cr).ends;
        else {   /* the line ends are the LFs, less one that ends a CRLF begun before */
            scan.ends = scan.lfs - (r->split_prev_cr && s[0] == '\n');
            r->split_prev_cr = false;
        }
    }
    r->split_crlf = scan.cr;   /* a guess about the next slice, which only chooses its scan */
    *lines = scan.ends;
    *plain = scan.plain;
    if (!scan.plain)
        return table_csv_decide(r, bytes, cut, r->split_offset);
    /* as table_csv_decide marks a clean chunk */
    r->verify_fields = !r->chunk_clean;
    r->chunk_clean = true;
    return true;
}

/* Where to cut bytes[0..len): just after its last line feed, or after its
** last lone CR (old Mac files); 0 when neither is there. A CR that ends the
** bytes may be the first half of a CRLF: it is not a place to cut. */
static size_t table_split_cut(const char *bytes, size_t len)
{
    const char *lf = memrchr(bytes, '\n', len);
    if (lf)
        return (size_t)(lf - bytes) + 1;
    for (size_t i = len - 1; i > 0; i--)
        if (bytes[i - 1] == '\r')
            return i;
    return 0;
}

/* Characters of s[0..n), converted from Windows-1252 and so valid UTF-8:
** the bytes that do not continue a sequence. The main thread counts those
** of its whole first buffer (a MiB) before any thread starts: sixteen bytes
** at once (utf8_count decodes each character, some 20 instructions a byte). */
static size_t table_split_count_chars(const unsigned char *s, size_t n)
{
    size_t continuing = 0, i = 0;
#if defined(__SSE2__)
    const __m128i lead = _mm_set1_epi8((char)0xC0), zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i acc = zero;
        /* A byte counter gains at most one a block: emptied before 255. */
        for (int blocks = 0; blocks < 255 && i + 16 <= n; blocks++, i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* 0x80..0xBF are, as signed bytes, those below 0xC0 */
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(x, lead));
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        continuing += (size_t)(_mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8)));
    }
#endif
    for (size_t k = i; k < n; k++)
        continuing += (s[k] & 0xC0) == 0x80;
    return n - continuing;
}

/* The raw offset in the file of the main reader's next byte. */
static long table_split_start(const TableReader *r)
{
    size_t left = r->len - r->pos;
    if (r->conv)
        return r->raw_offset - (long)table_split_count_chars((const unsigned char *)r->buf + r->pos, left);
    return r->raw_offset - (long)left;
}

/* From here on, the main reader's rows are the slices'. Its buffer's bytes
** not yet parsed go back to the file: for a converted buffer that means
** counting its characters, so it is done once. */
static void table_split_begin(TableReader *r)
{
    if (r->splitting)
        return;
    r->splitting = true;
    /* The slices check again, from the row the main reader stopped at, the
    ** bytes of its buffer that a BOM file's check had passed to the buffer's
    ** end: a character that end cut in two is the slices' to check whole,
    ** not a sequence pending before the first of them (which read as an
    ** invalid byte on line 2 of a valid file). */
    r->utf8 = (EncodingUtf8Stream){ 0 };
    r->split_offset = table_split_start(r);
    r->split_line = r->line;
    r->split_prev_cr = r->prev_cr;
    r->buf = NULL;
    r->pos = r->len = 0;
    r->input_done = true;   /* the main reader reads nothing more itself */
}

bool table_split_next(TableReader *r, TableSlice *s, size_t size)
{
    if (r->source == TABLE_SOURCE_JSON)
        return table_json_split_next(r, s, size);
    if (r->source == TABLE_SOURCE_XLSX)
        return table_xlsx_split_next(r, s, size);
    if (r->source == TABLE_SOURCE_ODS)
        return table_ods_split_next(r, s, size);
    /* The slice's buffer is kept from one slice to the next (page faults
    ** on a fresh buffer each time cost more than the copy). */
    char *bytes = s->bytes;
    size_t cap = bytes ? s->cap : 0, want = size, len = 0;
    bool lent = bytes && s->lent;
    memset(s, 0, sizeof *s);
    s->bytes = bytes;
    s->cap = cap;
    s->lent = lent;
    table_split_begin(r);
    if (r->split_done || say_is_set(r->fatal.msg))
        return false;
    bool eof = false;
    /* Read until a line feed ends what was read (or the file does). */
    for (;;) {
        if (s->cap < want) {
            char *grown = s->lent ? malloc(want) : realloc(bytes, want);
            if (!grown) {
                table_fatal(r, "C0808", r->split_line, say("mémoire épuisée", "out of memory"));
                return false;
            }
            if (s->lent)
                memcpy(grown, bytes, len);
            s->bytes = bytes = grown;
            s->cap = want;
            s->lent = false;
        }
        ssize_t got = pread(fileno(r->fp), bytes + len, want - len, (off_t)(r->split_offset + (long)len));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            table_fatal(r, "C0802", r->split_line, table_strerror(e));
            return false;
        }
        len += (size_t)got;
        if (got == 0) {
            eof = true;
            break;
        }
        if (len == want && table_split_cut(bytes, len) > 0)
            break;
        if (len == want)
            want *= 2;
    }
    size_t cut = eof ? len : table_split_cut(bytes, len);
    if (cut == 0) {
        r->split_done = true;
        /* The end of a BOM file cutting a sequence. */
        if (r->enc == TABLE_ENC_BOM && r->utf8.npending)
            table_csv_decide_end(r, r->split_offset);
        return false;
    }
    bool prev_cr = r->split_prev_cr;
    long lines;
    bool plain;
    if (!table_split_check(r, bytes, cut, &lines, &plain))
        return false;
    *s = (TableSlice){ .bytes = bytes, .cap = s->cap, .lent = s->lent, .len = cut, .offset = r->split_offset, .line = r->split_line, .prev_cr = prev_cr,
                       .last = eof && cut == len, .clean = r->chunk_clean, .convert = r->enc == TABLE_ENC_CP1252 && !plain };
    r->split_line += lines;
    r->split_offset += (long)cut;
    if (s->last) {
        r->split_done = true;
        if (r->enc == TABLE_ENC_BOM && r->utf8.npending) {
            table_csv_decide_end(r, r->split_offset);
            return false;
        }
    }
    return true;
}

void table_slice_free(TableSlice *s)
{
    if (!s->lent)
        free(s->bytes);
    *s = (TableSlice){ 0 };
}

TableReader *table_part_new(const TableReader *r)
{
    if (r->source == TABLE_SOURCE_JSON)
        return table_json_part_new(r);
    if (r->source == TABLE_SOURCE_XLSX)
        return table_xlsx_part_new(r);
    if (r->source == TABLE_SOURCE_ODS)
        return table_ods_part_new(r);
    TableReader *p = rt_alloc_apart(sizeof(TableReader), 0);   /* read from on another thread than its neighbours */
    p->info = r->info;
    p->source = TABLE_SOURCE_CSV;
    p->part = true;
    p->enc = r->enc;
    memcpy(p->byte_class, r->byte_class, sizeof p->byte_class);
    memcpy(p->separator16, r->separator16, sizeof p->separator16);
    p->fast_rows = r->fast_rows;
    table_set_store_cap(p, r->info.ncols);
    csv_init(&p->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_realloc_func(&p->csv, realloc);
    csv_set_free_func(&p->csv, free);
    csv_set_blk_size(&p->csv, 4096);
    csv_set_delim(&p->csv, (unsigned char)r->info.separator);
    p->csv_live = true;
    p->chunk_clean = true;
    return p;
}

/* The slice's bytes as the part reads them: converted from Windows-1252 into
** the part's own buffer, or the slice's own. A Windows-1252 slice of ASCII
** bytes only (most of an export: its accents lie in the header and in a few
** names) is already UTF-8 and is read in place: copying it cost each thread
** a memcpy of every byte, and a buffer of a MiB per slot. false: out of memory. */
static bool table_part_take_bytes(TableReader *p, TableSlice *s)
{
    if (!s->convert || encoding_ascii_prefix(s->bytes, s->len) == s->len) {
        p->buf = s->bytes;
        p->len = s->len;
        return true;
    }
    if (!p->conv)
        p->conv = encoding_cp1252_open();
    size_t need = s->len * ENCODING_CP1252_GROWTH + 1;
    if (need > p->converted_cap) {
        free(p->converted);
        p->converted = malloc(need);
        p->converted_cap = p->converted ? need : 0;
    }
    if (!p->conv || !p->converted)
        return false;
    p->len = encoding_cp1252_convert(p->conv, s->bytes, s->len, p->converted);
    p->buf = p->converted;
    return true;
}

void table_part_feed(TableReader *p, TableSlice *s, bool fresh)
{
    if (p->source == TABLE_SOURCE_JSON) {
        table_json_part_feed(p, s);
        return;
    }
    if (p->source == TABLE_SOURCE_XLSX) {
        table_xlsx_part_feed(p, s, fresh);
        return;
    }
    if (p->source == TABLE_SOURCE_ODS) {
        table_ods_part_feed(p, s, fresh);
        return;
    }
    if (fresh) {
        if (p->csv_live) {
            p->csv.pstate = TABLE_LIBCSV_ROW_NOT_BEGUN;
            p->csv.quoted = 0;
            p->csv.spaces = 0;
            p->csv.entry_pos = 0;
            p->csv.status = 0;
        }
        p->skipping = false;
        p->want_skip = false;
        p->line = s->line;
        p->prev_cr = s->prev_cr;
        p->finished = false;
        p->fatal = (TableError){ 0 };
        p->chunk_clean = true;
        p->mid_row = false;
        table_row_reset(p);
    }
    p->fast_again = false;   /* a new buffer, maybe not clean */
    p->pos = 0;
    p->input_done = false;
    p->part_last = s->last;
    p->part_wants = false;
    if (!table_part_take_bytes(p, s)) {
        table_fatal(p, "C0808", p->line, say("mémoire épuisée", "out of memory"));
        return;
    }
    bool previous_clean = p->chunk_clean;
    p->chunk_clean = s->convert || s->clean;
    p->verify_fields = !p->chunk_clean || !previous_clean;
}

bool table_part_between_rows(const TableReader *p)
{
    if (p->source == TABLE_SOURCE_JSON)
        return true;   /* its slices end between rows (runtime/table_json_split.c) */
    if (p->source == TABLE_SOURCE_XLSX)
        return table_xlsx_part_between_rows(p);
    if (p->source == TABLE_SOURCE_ODS)
        return table_ods_part_between_rows(p);
    return say_is_set(p->fatal.msg) || (!p->skipping
           && (p->finished || (p->csv_live && p->csv.pstate == TABLE_LIBCSV_ROW_NOT_BEGUN && p->nfields == 0)));
}

void table_part_release(TableReader *p)
{
    if (p->source == TABLE_SOURCE_JSON) {
        table_json_part_release(p);
        return;
    }
    if (p->source == TABLE_SOURCE_XLSX) {
        table_xlsx_part_release(p);
        return;
    }
    if (p->source == TABLE_SOURCE_ODS) {
        table_ods_part_release(p);
        return;
    }
    table_csv_release(p);
    free(p->converted);
    p->converted = NULL;
    p->converted_cap = 0;
    p->finished = true;
}

bool table_part_failed(const TableReader *p, TableError *err)
{
    if (!say_is_set(p->fatal.msg))
        return false;
    *err = p->fatal;
    return true;
}

bool table_slice_place(TableReader *r, TableSlice *s)
{
    if (r->source == TABLE_SOURCE_ODS)
        return table_ods_slice_place(r, s);
    return r->source == TABLE_SOURCE_XLSX && table_xlsx_slice_place(r, s);
}

bool table_part_rows_shift(TableReader *p, const TableSlice *s, long *shift)
{
    if (p->source == TABLE_SOURCE_ODS)
        return table_ods_part_rows_shift(p, s, shift);
    *shift = 0;
    return true;
}

void table_part_kept(TableReader *r, const TableReader *p)
{
    if (r->source == TABLE_SOURCE_ODS)
        table_ods_part_kept(r, p);
}

void table_part_rebase(TableReader *p, const TableSlice *s)
{
    if (p->source == TABLE_SOURCE_XLSX)
        table_xlsx_part_rebase(p, s);
}

bool table_slice_reload(const TableReader *r, TableSlice *s)
{
    if (r->source == TABLE_SOURCE_JSON)
        return table_json_slice_reload(r, s);
    if (r->source == TABLE_SOURCE_XLSX || r->source == TABLE_SOURCE_ODS)
        return true;   /* a sheet's parts read their slices without writing in them: the bytes are as cut */
    for (size_t got = 0; got < s->len;) {
        ssize_t n = pread(fileno(r->fp), s->bytes + got, s->len - got, (off_t)(s->offset + (long)got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    return true;
}

long table_split_bytes_left(TableReader *r)
{
    if (r->source == TABLE_SOURCE_JSON)
        return table_json_split_bytes_left(r);
    if (r->source == TABLE_SOURCE_XLSX)
        return table_xlsx_split_bytes_left(r);
    if (r->source == TABLE_SOURCE_ODS)
        return table_ods_split_bytes_left(r);
    struct stat st;
    if (!r->fp || fstat(fileno(r->fp), &st) != 0)
        return 0;
    table_split_begin(r);
    return (long)st.st_size > r->split_offset ? (long)st.st_size - r->split_offset : 0;
}
