/* runtime/table_slice_pass.c: a sheet slice's one pass before its tokenizer, its CRC-32 and line feeds taken a chunk ahead of the reader. */
#include "table_impl.h"

#include <string.h>

/*
** Why: a slice (up to a MiB) was written by the inflating thread, on the
** other core; its reader summed its CRC over the whole slice, then (XLSX)
** counted its line feeds over the whole slice again, then tokenized it. With
** an L2 of a MiB a core, the slice's first bytes had left the reader's cache
** by the time the tokenizer came to them: each byte came from beyond L2
** twice or three times. Here a chunk is summed and counted while the
** tokenizer is still reading the chunk before, so that each byte comes from
** afar once, and the tokenizer finds it in L1 or L2.
**
** The sums are those of the whole slice, in order, whoever takes them: the
** pass has one cursor (pass_at) that only moves forward over bytes it sums.
** Its reader takes the chunks as it goes (table_slice_pass_ahead, at each
** row); a reader that stops inside its slice (an error, the sheet's end
** before the slice's, a slice read from a wrong start and thrown away)
** leaves the rest to table_slice_pass_finish, called by the cutter's thread
** where the sums are used (table_sheet_crc_reuse, table_xlsx_slice_place),
** once the slice is read: no other thread touches the pass meanwhile.
*/

enum {
    /* a chunk summed at a time: with the tokenizer's lead below, well within
    ** an L1 of 48 KiB; a slice of a MiB is 32 calls of the CRC */
    PASS_CHUNK = 32 * 1024,
    /* the next chunk is taken when the tokenizer is this near the pass's end */
    PASS_LEAD = 8 * 1024,
};

/* The line feeds of bytes[from..upto): how many, and the part's offset after the last. */
static void pass_count_lfs(TableSlice *sl, size_t from, size_t upto)
{
    const char *p = sl->bytes + from, *end = sl->bytes + upto, *nl;
    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        sl->lfs++;
        sl->lf_end = (unsigned long long)sl->offset + (unsigned long long)(nl - sl->bytes) + 1;
        p = nl + 1;
    }
}

/* The bytes from pass_at to upto passed: counted and summed, in order. */
static void pass_upto(TableSlice *sl, size_t upto)
{
    size_t from = sl->pass_at;
    if (sl->count_lfs)
        pass_count_lfs(sl, from, upto);
    if (sl->crc_wanted) {
        size_t c = from > sl->crc_from ? from : sl->crc_from;   /* the bytes before crc_from are the stream's */
        if (upto > c)
            sl->crc = table_inflate_crc_of(sl->crc, sl->bytes + c, upto - c);
    }
    sl->pass_at = upto;
    sl->passed = upto == sl->len;
}

/* Where the tokenizer's place calls the next chunk: PASS_LEAD before the pass's end. */
static void pass_arm(TableScan *sc, TableSlice *sl)
{
    if (!sl || sl->passed) {
        sc->pass = NULL;
        sc->pass_due = UINTPTR_MAX;
        return;
    }
    sc->pass = sl;
    sc->pass_due = (uintptr_t)sl->bytes + sl->pass_at - (sl->pass_at < PASS_LEAD ? sl->pass_at : PASS_LEAD);
}

static size_t pass_next_end(const TableSlice *sl, size_t from)
{
    return sl->len - from > PASS_CHUNK ? from + PASS_CHUNK : sl->len;
}

void table_slice_pass_begin(TableSlice *sl, TableScan *sc, bool count_lfs)
{
    if (!sl->passed) {   /* read again (its line placed since): passed whole already */
        sl->pass_at = 0;
        sl->crc = 0;
        sl->lfs = 0;
        sl->lf_end = 0;
        sl->count_lfs = count_lfs;
        pass_upto(sl, pass_next_end(sl, 0));
    }
    pass_arm(sc, sl);
}

void table_slice_pass_on(TableScan *sc)
{
    TableSlice *sl = sc->pass;
    if (!sl || sl->passed) {
        pass_arm(sc, NULL);
        return;
    }
    uintptr_t base = (uintptr_t)sl->bytes, at = (uintptr_t)sc->buf + sc->pos;
    size_t upto;
    if (at < base || at > base + sl->len) {
        upto = sl->len;   /* the tokenizer left the slice (its pending bytes copied): the rest at once */
    } else {
        size_t from = at - base > sl->pass_at ? at - base : sl->pass_at;   /* a row longer than the lead */
        upto = pass_next_end(sl, from);
    }
    pass_upto(sl, upto);
    pass_arm(sc, sl);
}

void table_slice_pass_finish(TableSlice *sl)
{
    if (!sl->passed)
        pass_upto(sl, sl->len);
}
