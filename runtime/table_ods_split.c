/* runtime/table_ods_split.c: an ODS sheet's rows read on several threads: content.xml cut into slices after a </table:table-row>, each tokenised by a part. */
#include "table_impl.h"

#include <stdlib.h>
#include <string.h>

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
** "</table:table>", the sheet's end tag, where the cutting stops. An ODS row
** has no number of its own: the cutter counts the "<table:table-row" starts
** and their number-rows-repeated, so that each part starts its slice as the
** single reader is after the row before (the open elements, the row's
** number). The count is checked: a part has ended between rows only when its
** tokenizer holds no pending byte, stands between rows with the same elements
** open, and its last row is the one counted. Otherwise (a row longer than a
** slice, a nested table's rows, a row tag written otherwise) it reads on into
** the next slice and that slice's own reading is thrown away: the rows, their
** numbers and rejected rows' locations are the single reader's.
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

static const char ods_row_start[] = "<table:table-row";
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

/* The rows a row's start tag at p stands for: its number-rows-repeated
** (table_ods_count), 1 without it. A value the cutter reads otherwise than
** the handlers (a reference in it, a tag past the bytes) only makes the
** count wrong, which the parts' check finds. */
static long split_row_count(const char *p, const char *end)
{
    if (*p == '>')
        return 1;
    const char *gt = memchr(p, '>', (size_t)(end - p));
    if (!gt)
        return 1;
    static const char attr[] = "number-rows-repeated=";
    const char *a = memmem(p, (size_t)(gt - p), attr, sizeof attr - 1);
    if (!a)
        return 1;
    a += sizeof attr - 1;
    char quote = *a++, value[24];
    size_t n = 0;
    while (a < gt && *a != quote && n + 1 < sizeof value)
        value[n++] = *a++;
    value[n] = '\0';
    return table_ods_count(value);
}

/* The sheet's end tag at p, after spaces (the bytes end at end): where it starts, or NULL. */
static const char *split_sheet_end_at(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
        p++;
    size_t n = sizeof ods_sheet_end - 1;
    return (size_t)(end - p) >= n && memcmp(p, ods_sheet_end, n) == 0 ? p : NULL;
}

/* Rows started in bytes[from..to), and where the sheet's end tag is in it
** (*sheet_end; to when not found). A 'w' is found in content.xml in the
** row tags and hardly anywhere else (not in a cell's tags, types or
** usual text): memchr finds them (a vector compare of every byte cost the
** main thread 0.49 G instructions on medium.ods, this a fifth of it), and
** each is compared whole. The sheet's end is looked for where it follows
** a row's end tag (or starts the bytes: the cut was one); elsewhere (after a
** row group's end, an empty row tag) the cutter goes on past it, and the
** part that meets it ends the reading (table_ods_scan_resume). A row's end
** tag is mostly followed by the next row's start tag, whose 'w' is then taken
** where it lies: a memchr call a row instead of two (the 'w's met are the
** same, in the same order: none lies between the two). */
static long split_scan(const char *bytes, size_t from, size_t to, size_t len, size_t *sheet_end)
{
    long rows = 0;
    const char *all = bytes + len, *stop = bytes + (to + 16 < len ? to + 16 : len);
    size_t lr = sizeof ods_row_start - 1, le = sizeof ods_row_end - 1;
    *sheet_end = to;
    const char *e = from == 0 ? split_sheet_end_at(bytes, all) : NULL;
    if (e && (size_t)(e - bytes) < to) {
        *sheet_end = (size_t)(e - bytes);
        return rows;
    }
    for (const char *w = bytes + from, *next; w < stop && (*w == 'w' || (w = memchr(w, 'w', (size_t)(stop - w))));
         w = next) {
        size_t at = (size_t)(w - bytes);
        next = w + 1;
        if (at >= lr - 1 && w[1 - (long)lr] == '<' && memcmp(w + 1 - lr, ods_row_start, lr) == 0) {
            char after = w[1];
            if (at + 1 - lr >= from && at + 1 - lr < to &&
                (after == '>' || after == '/' || after == ' ' || after == '\t' || after == '\n' || after == '\r'))
                rows += split_row_count(w + 1, all);
        } else if (w[1] == '>' && at >= le - 1 && memcmp(w + 1 - le, ods_row_end, le) == 0) {
            if ((size_t)(all - w) > lr + 2 && memcmp(w + 2, ods_row_start, lr) == 0 && w[2 + lr] == '>') {
                /* The next row's start tag as written, nearly always: not the sheet's end, one row,
                ** counted here rather than at its 'w' (a call and a turn of the loop less a row). */
                size_t start = at + 2;
                if (start >= from && start < to)
                    rows++;
                next = w + 3 + lr;
                continue;
            }
            e = split_sheet_end_at(w + 2, all);
            if (e && (size_t)(e - bytes) < to) {
                *sheet_end = (size_t)(e - bytes);
                return rows;
            }
            if ((size_t)(all - w) > lr + 1 && memcmp(w + 2, ods_row_start, lr) == 0)
                next = w + 1 + lr;   /* the next row's 'w' */
        }
    }
    return rows;
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
    size_t end;
    long rows = split_scan(sl->bytes, 0, len, len, &end);
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
    if (cut < end) {
        size_t none;
        rows -= split_scan(sl->bytes, cut, end, len, &none);
    }
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
    sl->row_before = z->row;
    /* A slice cut where no row ended never ends between rows: the next one,
    ** which does not start after a tag, where expat could take over, is
    ** read by this slice's reader. */
    sl->row_after = forced ? -1 : z->row + rows;
    sl->last = last;
    sl->clean = true;
    table_sheet_crc_cut(s, sl);
    z->offset += cut;
    z->row += rows;
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
    p->sheet->split.row_after = sl->row_after;
    p->part_last = sl->last;
    p->part_wants = false;
}

bool table_ods_part_between_rows(const TableReader *p)
{
    if (say_is_set(p->fatal.msg))
        return true;
    return table_ods_scan_part_between(p) && p->sheet->row_num == p->sheet->split.row_after;
}

void table_ods_part_release(TableReader *p)
{
    p->finished = true;
}
