/* runtime/table_sheet_crc.c: a sliced sheet's CRC-32 computed by the readers of its slices and joined in order by the cutter. */
#include "table_impl.h"

#include <string.h>

#include "gc.h"

/*
** Why: once a sheet is cut into slices, the thread that cuts is the one that
** inflates its one deflate stream, which no other thread can share; the
** CRC-32 of every inflated byte was computed there too (4 ms of the XLSX
** hour sheet's 198 MB, 12 ms of the ODS content.xml's 515 MB). Each slice's
** reader computes its slice's CRC before it tokenises it (table_part_feed),
** and the cutter joins them in the slices' order (crc32_combine's algebra,
** table_inflate_crc_join): a slice's CRC is taken when its buffer is cut
** into again (its slot merged, so read: its reader's CRC is known; the
** buffer, not the slot, names it, since slots' slices are swapped), and, at
** the stream's end or where the cutting stops, the slices still in the ring
** (their CRC computed there: a reader may be at it) and the bytes not cut. The sum goes back
** to the stream, which checks it where it always did: the read after the
** last byte fails with libzip's "CRC error", at the same place of the
** cutting as before, so every error is said as today. Bytes left out or
** counted twice (a slice out of order) fail the check rather than pass it.
** Memory: the ring's slices are the queue's; here, a few words per slice
** not joined yet (the room of the joined ones reused).
*/

void table_sheet_crc_begin(TableSheet *s)
{
    TableSheetSplit *z = &s->split;
    unsigned long long from;
    if (!s->xml.zf || !table_inflate_defer_crc(s->xml.zf, &from))
        return;
    z->crc_deferred = true;
    z->crc = 0;
    z->crc_from = z->crc_upto = from;
}

/* Joins bytes that follow the ones joined; a gap or an overlap breaks the sum. */
static void crc_join(TableSheetSplit *z, unsigned long long at, uint32_t crc, size_t n)
{
    if (n == 0)
        return;
    if (at != z->crc_upto) {
        z->crc = ~z->crc;
        z->crc_upto = ~0ULL;   /* never the stream's length: the check fails */
        return;
    }
    z->crc = table_inflate_crc_join(z->crc, crc, n);
    z->crc_upto += n;
}

/* Bytes at the part's offset at, less those joined already (the first slice's carry). */
static void crc_join_bytes(TableSheetSplit *z, unsigned long long at, const char *bytes, size_t n)
{
    if (at < z->crc_upto && z->crc_upto != ~0ULL) {
        size_t skip = z->crc_upto - at < n ? (size_t)(z->crc_upto - at) : n;
        bytes += skip;
        n -= skip;
        at += skip;
    }
    if (n)
        crc_join(z, at, table_inflate_crc_of(0, bytes, n), n);
}

void table_sheet_crc_cut(TableSheet *s, TableSlice *sl)
{
    TableSheetSplit *z = &s->split;
    sl->crc_wanted = sl->crc_known = false;
    if (!z->crc_deferred)
        return;
    unsigned long long at = (unsigned long long)sl->offset;
    sl->crc_wanted = true;
    sl->crc_from = z->crc_from > at ? (size_t)(z->crc_from - at < sl->len ? z->crc_from - at : sl->len) : 0;
    if (sl->crc_from == sl->len) {
        /* all its bytes were inflated before the cutting began (the read-ahead's
        ** buffers, up to a MiB, may hold more than a slice): the stream's CRC has them */
        sl->crc_wanted = false;
        return;
    }
    if (z->crc_wait_head > 64 && z->crc_wait_head * 2 > z->crc_wait_len) {   /* the joined ones' room, reused */
        z->crc_wait_len -= z->crc_wait_head;
        memmove(z->crc_wait, z->crc_wait + z->crc_wait_head, sizeof *z->crc_wait * (size_t)z->crc_wait_len);
        z->crc_wait_head = 0;
    }
    RT_GROW_ATOMIC(z->crc_wait, z->crc_wait_len);
    z->crc_wait[z->crc_wait_len++] = (TableSheetCrcWait){ .bytes = sl->bytes + sl->crc_from,
                                                          .at = at + sl->crc_from, .n = sl->len - sl->crc_from };
}

void table_sheet_crc_compute(TableSlice *sl)
{
    if (!sl->crc_wanted)
        return;
    sl->crc = table_inflate_crc_of(0, sl->bytes + sl->crc_from, sl->len - sl->crc_from);
    sl->crc_known = true;
}

void table_sheet_crc_reuse(TableSheet *s, TableSlice *sl)
{
    TableSheetSplit *z = &s->split;
    if (!z->crc_deferred || !sl->crc_wanted)
        return;
    /* Its buffer is about to hold the next slice: its CRC is taken now (its
    ** reader's, as it was merged; else computed here), then the ones known
    ** from the oldest on are joined. */
    const char *bytes = sl->bytes + sl->crc_from;
    for (long i = z->crc_wait_head; i < z->crc_wait_len; i++) {
        TableSheetCrcWait *w = &z->crc_wait[i];
        if (w->bytes == bytes && !w->known) {
            if (!sl->crc_known)
                table_sheet_crc_compute(sl);
            w->crc = sl->crc;
            w->known = true;
            break;
        }
    }
    while (z->crc_wait_head < z->crc_wait_len && z->crc_wait[z->crc_wait_head].known) {
        const TableSheetCrcWait *w = &z->crc_wait[z->crc_wait_head++];
        crc_join(z, w->at, w->crc, w->n);
    }
    if (z->crc_wait_head == z->crc_wait_len)
        z->crc_wait_head = z->crc_wait_len = 0;
}

void table_sheet_crc_resolve(TableSheet *s, unsigned long long tail_at, const char *tail, size_t tail_len)
{
    TableSheetSplit *z = &s->split;
    if (!z->crc_deferred)
        return;
    /* The slices not cut into again still hold their bytes (a reader may be
    ** computing their CRC: it is computed here too). */
    for (long i = z->crc_wait_head; i < z->crc_wait_len; i++) {
        const TableSheetCrcWait *w = &z->crc_wait[i];
        crc_join(z, w->at, w->known ? w->crc : table_inflate_crc_of(0, w->bytes, w->n), w->n);
    }
    z->crc_wait_head = z->crc_wait_len = 0;
    crc_join_bytes(z, tail_at, tail, tail_len);
    z->crc_deferred = false;
    table_inflate_resume_crc(s->xml.zf, z->crc, z->crc_upto);
}

bool table_sheet_crc_read(TableReader *r, unsigned long long tail_at, const char *tail, size_t tail_len, char *buf,
                          size_t cap, size_t *got)
{
    TableSheet *s = r->sheet;
    if (!table_zip_read(r, s, buf, cap, got))
        return false;
    if (*got > 0 || !s->split.crc_deferred)
        return true;
    /* The stream's end: every byte is inflated, the check is the stream's again. */
    table_sheet_crc_resolve(s, tail_at, tail, tail_len);
    return table_zip_read(r, s, buf, cap, got);
}
