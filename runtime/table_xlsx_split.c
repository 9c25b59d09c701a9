/* runtime/table_xlsx_split.c: an XLSX sheet's rows read on several threads: its inflated XML cut into slices after a </row>, each tokenised by a part. */
#include "table_impl.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"

/*
** Why: the hour sheet's tokenising, its cells' way into the rows and the
** typing and judging of the rows were all on the main thread, the longest by
** far once inflating got cheap (runtime/table_inflate.c). With the queue of
** slices of runtime/eval_threads.c, every thread tokenises and judges slices.
**
** The main reader, at its header, cuts the rest of the part as it inflates
** it: a slice ends just after its last "</row>". Each part starts its slice
** as the single reader would be after a row: the elements open between rows
** (worksheet, sheetData), the line and offset of its first byte (for the
** positions of XML errors), and the number of the row before (for rows
** without r="…" and rows out of order, numbered from the one before). That
** number is guessed by the main thread from the last <row r="N" of the slice
** before, and checked: a part has ended between rows only when its tokenizer
** holds no pending byte, is between rows, and its last row is the one
** guessed for the next slice. Otherwise (a "</row>" inside a comment or a
** CDATA section, a row longer than a slice, a row number out of order) the
** part reads on into the next slice and the reading of that slice is thrown
** away (eval_threads.c), so the rows, their numbers and every error are the
** single reader's, whatever the cut. A part that met </sheetData> before
** its last slice reads on too, to the end, and gives no more rows.
**
** The inflated bytes are still read and counted by the main thread (bomb
** limits, every error at the same byte): the slice a failed read leaves is
** still given, so that the XML errors of the bytes before come first, as
** with one reader. A slice's CRC and line feeds are counted by its reader:
** its line (for the positions of XML errors) is a guess until the merge
** places it, in order (table_xlsx_slice_place); a part that read with a
** wrong guess is set right before it reads on, and read again before its
** error is said (runtime/eval_threads.c). A part reads its slice where it lies, and
** never writes in it (the part before may read it again). Memory: the
** slices of the ring (at most a MiB each), the carry (what follows the last
** cut: less than a row, or a slice), and each part's own buffer (what a
** slice leaves pending: mostly nothing).
*/

/* ---- the main reader: cutting ------------------------------------------------------------- */

bool table_xlsx_can_split(const TableReader *r)
{
    const TableSheet *s = r->sheet;
    return s && !r->part && !r->finished && !say_is_set(r->fatal.msg) && s->xml.scanning && !s->scan.shared_strings
           && s->header_done && s->in_data && !s->in_row && !s->in_cell && !s->depth_skip && !s->xml.eof
           && !s->scan.after_cr && s->scan.depth <= (int)(sizeof s->split.name_off / sizeof s->split.name_off[0]);
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
    /* The slices' threads are the cores' work now: the main thread inflates
    ** into the slices itself, without the read-ahead thread's copy. */
    if (s->xml.ahead)
        table_ahead_detach(s->xml.ahead);
    TableScan *sc = &s->scan;
    table_xml_scan_compact(sc);
    z->carry_cap = sc->len > 4096 ? sc->len : 4096;
    z->carry = malloc(z->carry_cap);
    if (!z->carry) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    memcpy(z->carry, sc->buf, sc->len);
    z->carry_len = sc->len;
    z->offset = sc->offset;
    z->line = sc->line;
    z->line_start = sc->line_start;
    z->placed_line = z->line;
    z->placed_line_start = z->line_start;
    z->row = s->row_num;
    z->done = sc->input_done;   /* the whole part was in the buffer */
    sc->pos = sc->len = 0;
    table_sheet_crc_begin(s);
    return true;
}

long table_xlsx_split_bytes_left(TableReader *r)
{
    const TableSheet *s = r->sheet;
    split_begin(r);
    unsigned long long at = s->split.offset + s->split.carry_len;
    return s->xml.size > at ? (long)(s->xml.size - at) : (long)s->split.carry_len;
}

/* Where a slice ends: just after the last "</row>" of bytes[0..len), or 0. */
static size_t split_cut(const char *bytes, size_t len)
{
    for (size_t end = len; end >= 6;) {
        const char *gt = memrchr(bytes, '>', end);
        if (!gt)
            return 0;
        size_t at = (size_t)(gt - bytes);
        if (at >= 5 && memcmp(gt - 5, "</row", 5) == 0)
            return at + 1;
        end = at;
    }
    return 0;
}

/* The number of the last row that starts in bytes[0..len) as <row r="N"…;
** -1 when there is none of that shape (the parts then read on). */
static long split_last_row(const char *bytes, size_t len)
{
    for (size_t end = len; end > 0;) {
        const char *lt = memrchr(bytes, '<', end);
        if (!lt)
            return -1;
        size_t at = (size_t)(lt - bytes), left = len - at;
        if (left > 9 && memcmp(lt, "<row r=\"", 8) == 0) {
            long n = 0;
            size_t i = 8;
            while (i < left && i < 16 && lt[i] >= '0' && lt[i] <= '9')
                n = n * 10 + (lt[i++] - '0');
            return i > 8 && i < left && lt[i] == '"' ? n : -1;
        }
        if (left > 4 && memcmp(lt, "<row", 4) == 0)
            return -1;
        end = at;
    }
    return -1;
}

/* A slice's line feeds, and where the line after the last one starts: by
** its reader. On the cutting thread this memchr of every byte was 2 ms of
** medium.xlsx's 198 MB, on the thread whose inflating is the hour phase's
** critical path. */
static void split_count_lines(TableSlice *sl)
{
    const char *p = sl->bytes, *end = sl->bytes + sl->len, *nl;
    sl->lfs = 0;
    sl->lf_end = 0;
    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        sl->lfs++;
        sl->lf_end = (unsigned long long)sl->offset + (unsigned long long)(nl - sl->bytes) + 1;
        p = nl + 1;
    }
}

bool table_xlsx_slice_place(TableReader *r, TableSlice *sl)
{
    TableSheetSplit *z = &r->sheet->split;
    if (sl->placed)
        return false;
    bool guessed = sl->line_guessed;
    sl->line = z->placed_line;
    sl->line_start = z->placed_line_start;
    sl->line_guessed = false;
    sl->placed = true;
    z->placed_line += sl->lfs;
    if (sl->lfs > 0)
        z->placed_line_start = sl->lf_end;
    return guessed;
}

/* A sheet's slot about to take its next slice (XLSX or ODS): the slice it held
** was merged, so its CRC joins the sheet's sum; its buffer, and whether the
** ring lent it, are kept for the next slice, the rest cleared. */
void table_sheet_slice_reuse(TableSheet *s, TableSlice *sl)
{
    table_sheet_crc_reuse(s, sl);
    char *bytes = sl->bytes;
    size_t cap = bytes ? sl->cap : 0;
    bool lent = bytes && sl->lent;
    memset(sl, 0, sizeof *sl);
    sl->bytes = bytes;
    sl->cap = cap;
    sl->lent = lent;
}

/* A slice lent its slot in the ring (eval_threads.c) is never grown in place:
** it moves, with what it holds, to a buffer of its own. */
bool table_sheet_split_room(TableReader *r, TableSlice *sl, size_t need)
{
    if (sl->cap >= need)
        return true;
    char *grown = sl->lent ? malloc(need) : realloc(sl->bytes, need);
    if (!grown) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    if (sl->lent)
        memcpy(grown, sl->bytes, sl->cap);
    sl->bytes = grown;
    sl->cap = need;
    sl->lent = false;
    return true;
}

/* The carry's first bytes, then inflated bytes, up to size in all (or the part's end). */
bool table_sheet_split_fill(TableReader *r, TableSlice *sl, size_t size, size_t *len)
{
    TableSheet *s = r->sheet;
    TableSheetSplit *z = &s->split;
    size_t want = size;
    if (!table_sheet_split_room(r, sl, want + 1))   /* and the NUL after the cut */
        return false;
    size_t take = z->carry_len < want ? z->carry_len : want;
    memcpy(sl->bytes, z->carry, take);
    memmove(z->carry, z->carry + take, z->carry_len - take);
    z->carry_len -= take;
    *len = take;
    while (*len < want && !z->done && !z->failed) {
        size_t got;
        if (!table_sheet_crc_read(r, z->offset, sl->bytes, *len, sl->bytes + *len, want - *len, &got)) {
            z->failed = true;   /* said by table_next once the slices are read */
            break;
        }
        *len += got;
        z->done = got == 0;
    }
    return true;
}

/* The bytes after a slice's cut go back in front of the carry. */
bool table_sheet_split_keep_carry(TableReader *r, const char *bytes, size_t n)
{
    TableSheetSplit *z = &r->sheet->split;
    if (z->carry_len + n > z->carry_cap) {
        char *grown = realloc(z->carry, z->carry_len + n);
        if (!grown) {
            table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
            return false;
        }
        z->carry = grown;
        z->carry_cap = z->carry_len + n;
    }
    memmove(z->carry + n, z->carry, z->carry_len);
    memcpy(z->carry, bytes, n);
    z->carry_len += n;
    return true;
}

/* When nothing is left after a slice, whether the part has more: a slice
** that ends it must say so (its part then reads the part's end: the root
** element closed or not), and only a read that gives nothing tells. */
static void split_peek(TableReader *r, const char *cut_bytes, size_t cut)
{
    TableSheetSplit *z = &r->sheet->split;
    if (z->carry_len || z->done || z->failed)
        return;
    size_t want = 64 * 1024, got;
    if (z->carry_cap < want) {
        char *grown = realloc(z->carry, want);
        if (!grown) {
            table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
            z->failed = true;
            return;
        }
        z->carry = grown;
        z->carry_cap = want;
    }
    if (!table_sheet_crc_read(r, z->offset, cut_bytes, cut, z->carry, want, &got)) {
        z->failed = true;   /* said by table_next once the slices are read */
        return;
    }
    z->carry_len = got;
    z->done = got == 0;
}

bool table_xlsx_split_next(TableReader *r, TableSlice *sl, size_t size)
{
    TableSheet *s = r->sheet;
    TableSheetSplit *z = &s->split;
    size_t len = 0;
    table_sheet_slice_reuse(s, sl);
    if (!split_begin(r) || (say_is_set(r->fatal.msg) && !z->failed))
        return false;
    if (z->failed && z->carry_len == 0)
        return false;
    if (!table_sheet_split_fill(r, sl, size, &len))
        return false;
    if (len == 0) {
        s->xml.eof = true;   /* the main reader reads nothing more itself */
        return false;
    }
    bool last = z->done && !z->failed && z->carry_len == 0;
    size_t cut = last || (z->failed && z->carry_len == 0) ? len : split_cut(sl->bytes, len);
    if (cut == 0)
        cut = len;   /* no row ends here: the part reads on into the next slice */
    if (!table_sheet_split_keep_carry(r, sl->bytes + cut, len - cut))
        return false;
    sl->bytes[cut] = '\0';   /* a part reads the slice where it lies, as its scanner's buffer */
    split_peek(r, sl->bytes, cut);
    last = last || (z->done && !z->failed && z->carry_len == 0);
    sl->len = cut;
    sl->offset = (long)z->offset;
    sl->line = z->line;   /* the first slice's; a guess for the others */
    sl->line_start = z->line_start;
    sl->line_guessed = z->cut_once;
    z->cut_once = true;
    sl->row_before = z->row;
    sl->row_after = last ? -1 : split_last_row(sl->bytes, cut);
    sl->last = last;
    sl->clean = true;
    table_sheet_crc_cut(s, sl);
    z->offset += cut;
    z->row = sl->row_after;
    if (last)
        s->xml.eof = true;
    return true;
}

/* ---- the parts: one thread's reader of slices ----------------------------------------- */

void table_sheet_split_restore_names(TableScan *sc, const TableSheetSplit *z)
{
    sc->depth = z->depth;
    sc->names_len = z->names_len;
    memcpy(sc->names, z->names, z->names_len);
    for (int i = 0; i < z->depth; i++) {
        sc->name_off[i] = z->name_off[i];
        sc->name_len[i] = z->name_len[i];
    }
}

TableReader *table_sheet_part_new(const TableReader *r, TableSource source)
{
    const TableSheet *m = r->sheet;
    TableReader *p = RT_NEW(TableReader);
    p->info = r->info;
    p->source = source;
    p->part = true;
    p->col_read = r->col_read;
    table_set_store_cap(p, r->info.ncols);
    TableSheet *s = RT_NEW(TableSheet);
    p->sheet = s;
    s->book = m->book;
    s->table = m->table;
    s->name = m->name;
    s->header_done = true;
    s->scan.names = rt_alloc_atomic(TABLE_SCAN_MAX_NAMES);
    return p;
}

TableReader *table_xlsx_part_new(const TableReader *r)
{
    const TableSheet *m = r->sheet;
    TableReader *p = table_sheet_part_new(r, TABLE_SOURCE_XLSX);
    TableSheet *s = p->sheet;
    s->split.entry = m->xml.entry;
    s->sst = m->sst;
    s->sst_len = m->sst_len;
    s->sst_off = m->sst_off;
    s->nsst = m->nsst;
    s->xf_date = m->xf_date;
    s->nxf = m->nxf;
    s->date1904 = m->date1904;
    TableScan *sc = &s->scan;
    /* It reads its slices where they lie: its own buffer holds only what a
    ** slice leaves pending, and grows when that is more. */
    sc->cap = 4096;
    sc->buf = rt_alloc_atomic(sc->cap + 1);
    sc->cache = rt_alloc(sizeof *sc->cache * TABLE_SCAN_CACHE);
    sc->numbers = rt_alloc_atomic(sizeof *sc->numbers << TABLE_SCAN_NUMBERS_BITS);
    memset(sc->numbers, 0, sizeof *sc->numbers << TABLE_SCAN_NUMBERS_BITS);
    memcpy(sc->cls, m->scan.cls, sizeof sc->cls);
    /* The elements open between rows, restored for each slice. */
    TableSheetSplit *z = &s->split;
    z->depth = m->scan.depth;
    z->names_len = m->scan.names_len;
    z->names = rt_alloc_atomic(m->scan.names_len + 1);
    memcpy(z->names, m->scan.names, m->scan.names_len);
    for (int i = 0; i < z->depth; i++) {
        z->name_off[i] = m->scan.name_off[i];
        z->name_len[i] = m->scan.name_len[i];
    }
    return p;
}

/* The part as the single reader is after the row before the slice. */
static void part_restart(TableReader *p, const TableSlice *sl)
{
    TableSheet *s = p->sheet;
    TableScan *sc = &s->scan;
    const TableSheetSplit *z = &s->split;
    table_xml_scan_empty(sc);
    sc->input_done = false;
    sc->offset = (unsigned long long)sl->offset;
    sc->line = sl->line;
    sc->line_start = sl->line_start;
    table_sheet_split_restore_names(sc, z);
    sc->root_closed = false;
    sc->after_cr = false;
    sc->row_digits = sc->row_digits_mask = 0;
    sc->row_digits_len = 0;
    /* (a finished part's TableXml was released by table_next) */
    s->xml = (TableXml){ .scanning = true, .entry = z->entry };
    s->in_data = true;
    s->in_row = s->in_cell = s->in_text = false;
    s->depth_skip = 0;
    s->row_num = sl->row_before;
    s->col = -1;
    p->finished = false;
    p->fatal = (TableError){ 0 };
    table_row_reset(p);
}

void table_xlsx_part_feed(TableReader *p, TableSlice *sl, bool fresh)
{
    TableScan *sc = &p->sheet->scan;
    if (fresh) {
        table_sheet_crc_compute(sl);
        split_count_lines(sl);
        part_restart(p, sl);
        p->sheet->split.guess_line = sl->line;
        p->sheet->split.guess_line_start = sl->line_start;
    } else if (sc->lines_unknown) {
        /* the slice before was read to its end: this one starts where it ended */
        sc->line = sl->line;
        sc->line_start = sl->line_start;
    }
    sc->lines_unknown = false;
    sc->lines_later = !sl->last;
    p->sheet->split.row_after = sl->row_after;
    p->buf = sl->bytes;
    p->pos = 0;
    p->len = sl->len;
    p->part_last = sl->last;
    p->part_wants = false;
}

void table_xlsx_part_rebase(TableReader *p, const TableSlice *sl)
{
    TableScan *sc = &p->sheet->scan;
    const TableSheetSplit *z = &p->sheet->split;
    if (sc->lines_unknown)
        return;   /* read to its slice's end: the next slice, placed, says its line */
    long seen = sc->line - z->guess_line;   /* line feeds passed since the slice's start */
    sc->line = sl->line + seen;
    if (seen == 0)
        sc->line_start = sl->line_start;
}

size_t table_xlsx_part_take(TableReader *p, char *buf, size_t cap)
{
    size_t n = p->len - p->pos < cap ? p->len - p->pos : cap;
    memcpy(buf, p->buf + p->pos, n);
    p->pos += n;
    return n;
}

const char *table_xlsx_part_lend(TableReader *p, size_t *n)
{
    *n = p->len - p->pos;
    if (*n == 0)
        return NULL;
    const char *bytes = p->buf + p->pos;
    p->pos = p->len;
    return bytes;
}

bool table_xlsx_part_between_rows(const TableReader *p)
{
    const TableSheet *s = p->sheet;
    const TableScan *sc = &s->scan;
    if (say_is_set(p->fatal.msg))
        return true;
    if (p->finished)
        return p->part_last;   /* past </sheetData>: only at the part's end */
    return sc->pos == sc->len && sc->depth == s->split.depth && s->in_data && !s->in_row && !s->depth_skip &&
           !sc->after_cr && !s->xml.eof && s->row_num == s->split.row_after;
}

void table_xlsx_part_release(TableReader *p)
{
    p->finished = true;
    p->buf = NULL;
}
