/* runtime/table_ods_split.c: an ODS sheet's rows read on several threads: content.xml cut into slices after a </table:table-row>, each tokenised by a part. */
#include "table_impl.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ODS_SPLIT_AVX2 1   /* the sheet's end looked for 64 bytes at a time, when the processor can */
#endif

#include "gc.h"

/*
** Why: once ISA-L inflated content.xml in 0.05 s, the tokenising of the hour
** sheet on the main thread was the ODS run's floor (docs/performance-journal.md).
** With the queue of slices of runtime/eval_threads.c every thread tokenises
** and judges slices, as for an XLSX sheet (table_xlsx_split.c).
**
** The main reader, at its header, between rows where expat could take over,
** cuts the rest of content.xml as it inflates it: a slice ends just after its
** last "</table:table-row>", and the last one before the first
** "</table:table>", the sheet's end tag, where the cutting stops. Each part
** starts its slice as the single reader is after the row before (the open
** elements); an ODS row has no number of its own, and the first row's number
** of a slice but the first is known only once the slices before are read:
** the part counts from 0 and the merge sets its numbers right (see
** table_ods_slice_place). A part has ended between rows only when its
** tokenizer holds no pending byte and stands between rows with the same
** elements open. Otherwise (a row longer than a slice, a nested table's
** rows) it reads on into the next slice and that slice's own reading is
** thrown away: the rows, their numbers and rejected rows' locations are the
** single reader's.
**
** A part does not give the part to expat: where its tokenizer refuses
** (a comment, bad XML…) it stops for good and reads on without reading. Once
** the slices are read, the main reader goes on from where the reading of the
** last slice stopped (table_ods_scan_resume): with its tokenizer, at the
** sheet's end tag, when that reading ended between rows there (the hires'
** reader then carries on as before); else by giving the part to expat from
** that reading's last safe place, as the single reader would have; or with
** the inflate's error. So every error is said as today, whatever the threads.
**
** The inflated bytes are read and counted by the main thread (bomb limits,
** CRC). Memory: the ring's slices, the carry (less than a row, or a slice),
** and a part's own buffer when a token spans two slices.
*/

/* Bytes after a slice's cut: its NUL and zeros (the tokenizer's pad). */
#define ODS_SPLIT_PAD 32
/* A slice's bytes at most, whatever the queue asks: some 2 000 rows of
** content.xml. At 256 KiB, medium.ods made 1 853 slices, and their merges
** on the cutting thread cost 8–9 ms; a MiB makes 465 (the peak the same
** within 0.3 MB: 27.1–27.4 MB). */
#define ODS_SPLIT_MAX (1024 * 1024)

static const char ods_row_end[] = "</table:table-row";
static const char ods_sheet_end[] = "</table:table>";

/* ---- the main reader: cutting ------------------------------------------------------------- */

bool table_ods_can_split(const TableReader *r)
{
    const TableSheet *s = r->sheet;
    return s && !r->part && !r->finished && !say_is_set(r->fatal.msg) && table_ods_scan_can_split(s) && s->header_done &&
           s->found && s->in_data && !s->in_row && !s->in_cell && !s->depth_skip && s->repeat_left == 0 && !s->xml.eof &&
           !s->split.begun && s->scan.depth <= (int)(sizeof s->split.name_off / sizeof s->split.name_off[0]);
}

/* From here on the main reader's rows are the slices': the bytes it holds
** become the carry, the first slice's first bytes. */
static bool split_begin(TableReader *r)
{
    TableSheet *s = r->sheet;
    TableSheetSplit *z = &s->split;
    if (z->begun)
        return true;
    z->begun = true;
    if (s->xml.ahead)
        table_ahead_detach(s->xml.ahead);   /* the main thread inflates into the slices */
    TableScan *sc = &s->scan;
    size_t left = sc->len - sc->pos;
    z->carry_cap = left > 4096 ? left : 4096;
    z->carry = malloc(z->carry_cap);
    if (!z->carry) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    memcpy(z->carry, sc->buf + sc->pos, left);
    z->carry_len = left;
    z->offset = sc->offset + sc->pos;
    z->row = s->row_num;
    z->done = sc->input_done;
    z->end = table_ods_scan_end_new(s);
    /* The elements open between rows, for the parts. */
    z->depth = sc->depth;
    z->names_len = sc->names_len;
    z->names = rt_alloc_atomic(sc->names_len + 1);
    memcpy(z->names, sc->names, sc->names_len);
    for (int i = 0; i < z->depth; i++) {
        z->name_off[i] = sc->name_off[i];
        z->name_len[i] = sc->name_len[i];
    }
    z->table_depth = s->table_depth;
    z->data_depth = s->data_depth;
    sc->pos = sc->len;
    table_sheet_crc_begin(s);
    return true;
}

long table_ods_split_bytes_left(TableReader *r)
{
    const TableSheet *s = r->sheet;
    if (!split_begin(r))
        return 0;
    unsigned long long at = s->split.offset + s->split.carry_len;
    return s->xml.size > at ? (long)(s->xml.size - at) : (long)s->split.carry_len;
}

/* Whether bytes[q] == 'e' and bytes[q + 1] == '>' close the sheet's end tag
** where the cutter takes it: at the bytes' start or after a row's end tag,
** spaces aside. */
static bool split_sheet_end_is(const char *bytes, size_t q)
{
    size_t n = sizeof ods_sheet_end - 1, le = sizeof ods_row_end;   /* "</table:table-row>" */
    if (q + 2 < n || memcmp(bytes + q + 2 - n, ods_sheet_end, n) != 0)
        return false;
    size_t j = q + 2 - n;
    while (j > 0 && (bytes[j - 1] == ' ' || bytes[j - 1] == '\n' || bytes[j - 1] == '\t' || bytes[j - 1] == '\r'))
        j--;
    return j == 0 || (j >= le && bytes[j - 1] == '>' && memcmp(bytes + j - le, ods_row_end, le - 1) == 0);
}

/* The pairs "e>" of bytes[from..to) one at a time, 16 bytes a step (SSE2)
** or a byte at a time: the sheet's end tag's start, or len. */
static size_t split_sheet_end_narrow(const char *bytes, size_t from, size_t len)
{
    size_t i = from;
#if defined(__SSE2__)
    const __m128i e = _mm_set1_epi8('e'), gt = _mm_set1_epi8('>');
    for (; i < len; i += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(bytes + i)), b = _mm_loadu_si128((const __m128i *)(bytes + i + 1));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, e), _mm_cmpeq_epi8(b, gt)));
        for (; m; m &= m - 1) {
            size_t q = i + (size_t)__builtin_ctz(m);
            if (q + 1 < len && split_sheet_end_is(bytes, q))
                return q + 2 - (sizeof ods_sheet_end - 1);
        }
    }
#else
    for (; i + 1 < len; i++)
        if (bytes[i] == 'e' && bytes[i + 1] == '>' && split_sheet_end_is(bytes, i))
            return i + 2 - (sizeof ods_sheet_end - 1);
#endif
    return len;
}

#if defined(ODS_SPLIT_AVX2)
/* The same, 64 bytes a step while they are all the slice's, then narrower. */
static __attribute__((target("avx2"))) size_t split_sheet_end_avx2(const char *bytes, size_t len)
{
    const __m256i e = _mm256_set1_epi8('e'), gt = _mm256_set1_epi8('>');
    size_t i = 0;
    for (; i + 64 <= len; i += 64) {
        const char *p = bytes + i;
        __m256i a0 = _mm256_loadu_si256((const __m256i *)p), b0 = _mm256_loadu_si256((const __m256i *)(p + 1));
        __m256i a1 = _mm256_loadu_si256((const __m256i *)(p + 32)), b1 = _mm256_loadu_si256((const __m256i *)(p + 33));
        __m256i m0 = _mm256_and_si256(_mm256_cmpeq_epi8(a0, e), _mm256_cmpeq_epi8(b0, gt));
        __m256i m1 = _mm256_and_si256(_mm256_cmpeq_epi8(a1, e), _mm256_cmpeq_epi8(b1, gt));
        if (_mm256_testz_si256(_mm256_or_si256(m0, m1), _mm256_or_si256(m0, m1)))
            continue;
        size_t at = split_sheet_end_narrow(bytes, i, i + 64 < len ? i + 65 : len);
        if (at != (i + 64 < len ? i + 65 : len))
            return at;
    }
    return split_sheet_end_narrow(bytes, i, len);
}
#endif

/*
** Where the sheet's end tag is in bytes[0..len) (len when not there): found
** where it follows a row's end tag (or starts the bytes: the cut was one);
** elsewhere (after a row group's end, an empty row tag) the cutter goes on
** past it, and the part that meets it ends the reading
** (table_ods_scan_resume). The cutter looks for nothing else: a row's
** number is counted by the part that reads it (table_ods_slice_place). A
** tag's "e>" is hardly ever anywhere else in content.xml (5 times in
** medium.ods's 515 MB: its element names end otherwise, its attributes with
** a quote), so the pairs are looked for 64 bytes at a time, each one found
** checked whole. The bytes are followed by ODS_SPLIT_PAD zeros.
*/
static size_t split_sheet_end(const char *bytes, size_t len)
{
#if defined(ODS_SPLIT_AVX2)
    if (__builtin_cpu_supports("avx2"))
        return split_sheet_end_avx2(bytes, len);
#endif
    return split_sheet_end_narrow(bytes, 0, len);
}

/* Where a slice ends: just after the last "</table:table-row>" of bytes[0..len), or 0. */
static size_t split_cut(const char *bytes, size_t len)
{
    size_t n = sizeof ods_row_end - 1;
    for (size_t end = len; end > n;) {
        const char *gt = memrchr(bytes, '>', end);
        if (!gt)
            return 0;
        size_t at = (size_t)(gt - bytes);
        if (at >= n && memcmp(gt - n, ods_row_end, n) == 0)
            return at + 1;
        end = at;
    }
    return 0;
}

/* A read that failed: its error is said once the slices are read, and only
** when the sheet did not end before it (table_ods_scan_resume). */
static void split_keep_failure(TableReader *r)
{
    TableSheetSplit *z = &r->sheet->split;
    if (z->failed && say_is_set(r->fatal.msg) && !say_is_set(z->kept.msg)) {
        z->kept = r->fatal;
        r->fatal = (TableError){ 0 };
    }
}

bool table_ods_split_next(TableReader *r, TableSlice *sl, size_t size)
{
    TableSheet *s = r->sheet;
    TableSheetSplit *z = &s->split;
    size_t len = 0;
    table_sheet_slice_reuse(s, sl);
    if (!split_begin(r) || z->cut_done || say_is_set(r->fatal.msg))
        return false;
    if (size > ODS_SPLIT_MAX)
        size = ODS_SPLIT_MAX;
    bool filled = table_sheet_split_fill(r, sl, size, &len);
    split_keep_failure(r);
    if (!filled || !table_sheet_split_room(r, sl, len + ODS_SPLIT_PAD))
        return false;
    memset(sl->bytes + len, 0, ODS_SPLIT_PAD);
    size_t end = split_sheet_end(sl->bytes, len);
    bool at_end = (z->done || z->failed) && z->carry_len == 0;
    size_t cut = split_cut(sl->bytes, end);
    bool last = end < len || at_end;
    if (end < len)
        z->sheet_end = true;
    else if (at_end)
        cut = len;
    bool forced = !last && cut == 0;
    if (forced)   /* no row ends here: the part reads on; an end tag is not cut in two */
        cut = len > 2 * sizeof ods_sheet_end ? len - sizeof ods_sheet_end : len;
    if (last)
        z->cut_done = true;
    if (!table_sheet_split_keep_carry(r, sl->bytes + cut, len - cut))
        return false;
    if (cut == 0) {
        /* the sheet ends before any row does: the main reader goes on itself, the stream checking its CRC */
        table_sheet_crc_resolve(s, z->offset, z->carry, z->carry_len);
        return false;
    }
    memset(sl->bytes + cut, 0, ODS_SPLIT_PAD);   /* a part reads the slice where it lies */
    sl->len = cut;
    sl->offset = (long)z->offset;
    /* The first slice's first row number is the main reader's; the next
    ** ones' are known only once the slices before are read: their readers
    ** count from 0, and the merge sets them right (table_ods_slice_place). */
    sl->row_before = z->cut_once ? 0 : z->row;
    sl->line_guessed = z->cut_once;
    z->cut_once = true;
    /* A slice cut where no row ended never ends between rows: the next one,
    ** which does not start after a tag, where expat could take over, is
    ** read by this slice's reader. */
    sl->cut_in_row = forced;
    sl->last = last;
    sl->clean = true;
    table_sheet_crc_cut(s, sl);
    z->offset += cut;
    if (last)   /* the main reader takes the carry and reads on: the stream checks the CRC again */
        table_sheet_crc_resolve(s, z->offset, z->carry, z->carry_len);
    return true;
}

/* ---- the parts: one thread's reader of slices ----------------------------------------- */

TableReader *table_ods_part_new(const TableReader *r)
{
    TableReader *p = table_sheet_part_new(r, TABLE_SOURCE_ODS);
    p->sheet->found = true;
    p->sheet->split.main = r->sheet;
    return p;
}

/* At its first slice (the cutting has begun): the elements open between
** rows, the depths and the tokenizer, from the main reader, whose thread
** writes only other fields of its split meanwhile. */
static void part_first(TableSheet *s)
{
    const TableSheet *m = s->split.main;
    const TableSheetSplit *mz = &m->split;
    TableSheetSplit *z = &s->split;
    z->depth = mz->depth;
    z->names_len = mz->names_len;
    z->names = mz->names;   /* read only */
    for (int i = 0; i < mz->depth; i++) {
        z->name_off[i] = mz->name_off[i];
        z->name_len[i] = mz->name_len[i];
    }
    z->table_depth = mz->table_depth;
    z->data_depth = mz->data_depth;
    s->ods = table_ods_scan_part(m, mz->end);
}

/* The part as the single reader is after the row before the slice. */
static void part_restart(TableReader *p, const TableSlice *sl)
{
    TableSheet *s = p->sheet;
    if (!s->ods)
        part_first(s);
    s->xml = (TableXml){ .scanning = true };
    s->in_data = true;
    s->in_row = s->in_cell = s->in_text = false;
    s->depth_skip = 0;
    s->repeat_left = 0;
    s->table_depth = s->split.table_depth;
    s->data_depth = s->split.data_depth;
    s->row_num = sl->row_before;
    s->split.row_start = sl->row_before;
    s->split.row_guessed = sl->line_guessed;
    s->split.nrefs = 0;
    p->finished = false;
    p->fatal = (TableError){ 0 };
    table_row_reset(p);
    table_ods_scan_part_start(s, sl->bytes, sl->len, (unsigned long long)sl->offset);
}

void table_ods_part_feed(TableReader *p, TableSlice *sl, bool fresh)
{
    if (fresh) {
        table_sheet_crc_compute(sl);
        part_restart(p, sl);
    } else {
        table_ods_scan_part_more(p, sl->bytes, sl->len, (unsigned long long)sl->offset);
    }
    p->sheet->split.cut_in_row = sl->cut_in_row;
    p->part_last = sl->last;
    p->part_wants = false;
}

bool table_ods_part_between_rows(const TableReader *p)
{
    if (say_is_set(p->fatal.msg))
        return true;
    return table_ods_scan_part_between(p) && !p->sheet->split.cut_in_row;
}

/* ---- the merge, in file order: the rows' numbers --------------------------------------- */

/*
** Why: the cutter counted the rows of each slice, the "<table:table-row"
** tags and their number-rows-repeated, in a pass of its own over content.xml
** on the thread that inflates it, the run's critical path (16 to 22 ms of
** medium.ods's). A part now reads a slice but the first from row 0 and
** counts its rows itself; once the slices before are merged, the slice's
** first row number is known (the main reader's `row`, moved on by each
** slice kept), and the part's numbers are set right: its rejected rows'
** (by the merge, eval_threads.c) and what the main reader goes on from
** (TableOdsEnd), and the cells' references in its rejected rows' reasons
** ("D10"), written with their rows left blank (table_zip.c) and filled in
** now. A number that is not only a field cannot be moved: a fatal error, or
** the rows reaching the sheet's limit, which the single reader would meet at
** other rows; the slice is then read again from its true first row. So is one
** whose reader stopped inside a row and reads on into the next slice (its
** row's state holds numbers). Every number said is then the single reader's.
*/
bool table_ods_slice_place(TableReader *r, TableSlice *sl)
{
    if (sl->placed)
        return false;
    bool guessed = sl->line_guessed;
    sl->row_before = r->sheet->split.row;
    sl->line_guessed = false;
    sl->placed = true;
    return guessed;
}

bool table_ods_part_rows_shift(TableReader *p, const TableSlice *sl, long *shift)
{
    TableSheet *s = p->sheet;
    TableSheetSplit *z = &s->split;
    *shift = 0;
    if (!z->row_guessed)
        return true;
    long rows = s->row_num - z->row_start;
    if (say_is_set(p->fatal.msg) || sl->row_before + rows >= TABLE_MAX_SHEET_ROWS || !table_ods_scan_part_stopped(p))
        return false;
    *shift = sl->row_before - z->row_start;
    table_sheet_refs_fill(s, *shift);
    s->row_num += *shift;
    z->row_start = sl->row_before;
    z->row_guessed = false;
    table_ods_scan_end_shift(s, *shift);
    return true;
}

void table_ods_part_kept(TableReader *r, const TableReader *p)
{
    r->sheet->split.row = p->sheet->row_num;
}

void table_ods_part_release(TableReader *p)
{
    p->finished = true;
}
