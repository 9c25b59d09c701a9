/* runtime/table_json_split.c: a JSON table's rows cut into slices at the element starts its survey saw, and the readers of those slices. */
#include "table_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gc.h"

/*
** The streamed reader's survey (runtime/table_json_survey.c) reads the whole
** file before the first row and checks that it is valid JSON of its subset:
** the starts of the top-level array's elements it passes are exact places to
** cut, with their lines and element numbers, found for one compare per
** element. So no second scanner has to guess where a row starts (a '{' may
** be in a string, and a string may hold escaped quotes). A slice runs from
** one such start to the first one at least `size` bytes on, or to the end of
** the file: it never starts or ends inside a row, so the reader of a slice
** always ends between rows (runtime/eval_threads.c never makes it read on),
** and the rows, their lines, their element numbers and their errors are the
** serial reader's. A slice is only where to read: its reader reads its bytes
** again from the file, a chunk at a time (table_json_stream_feed), and
** checks them against the survey's CRC of each region
** (runtime/table_json_crc.c): a file changed since the survey fails as in
** the serial reader (C0850).
*/

/* The room is kept beside the cuts: RT_GROW asks the collector the block's
** size at each call, and medium-json's survey adds 25 000 cuts, half of them
** twice with two threads (the second part's, then the join's): 1.3 M
** instructions with one thread, 1.9 M with two. */
void table_json_cuts_add(TableJsonCuts *c, TableJsonCut cut)
{
    if (c->n >= c->cap) {
        RT_GROW_ATOMIC(c->at, c->n);
        c->cap = rt_size(c->at) / sizeof *c->at;
    }
    c->at[c->n++] = cut;
}

bool table_json_cuts_find(const TableJsonCuts *c, long long off, size_t *index)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->at[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == c->n || c->at[lo].off != off)
        return false;
    *index = lo;
    return true;
}

/* The most bytes between two cuts: a slice holds them all. */
static long long table_json_widest_gap(const TableJsonCuts *c)
{
    long long widest = c->end - c->at[c->n - 1].off;
    for (size_t i = 1; i < c->n; i++)
        if (c->at[i].off - c->at[i - 1].off > widest)
            widest = c->at[i].off - c->at[i - 1].off;
    return widest;
}

bool table_json_can_split(const TableReader *r)
{
    const TableJsonCuts *c = table_json_stream_cuts(r);
    if (!c || c->n == 0 || r->part || r->finished || say_is_set(r->fatal.msg) || !table_json_stream_unread(r))
        return false;
    /* The slices start at the first cut: the bytes before it are checked by the main reader's first chunk. */
    if (!table_json_stream_head_same(r))
        return false;
    /* A slice holds whole rows: a table with a huge row is read by the
    ** streamed reader alone, whose memory is a chunk and one row. */
    return table_json_widest_gap(c) <= TABLE_JSON_SLICE_MAX;
}

bool table_json_split_next(TableReader *r, TableSlice *s, size_t size)
{
    char *bytes = s->bytes;
    size_t cap = bytes ? s->cap : 0;
    memset(s, 0, sizeof *s);
    s->bytes = bytes;
    s->cap = cap;
    TableJsonCuts *c = table_json_stream_cuts(r);
    if (!c || r->split_done || say_is_set(r->fatal.msg))
        return false;
    table_json_stream_split(r);
    if (c->next >= c->n) {
        r->split_done = true;
        return false;
    }
    size_t i = c->next, j = i + 1;
    while (j < c->n && c->at[j].off - c->at[i].off < (long long)size)
        j++;
    bool last = j == c->n;
    long long from = c->at[i].off, to = last ? c->end : c->at[j].off;
    /* no bytes: the slice's reader reads them (table_json_stream_feed) */
    s->len = (size_t)(to - from);
    s->offset = (long)from;
    s->line = c->at[i].line;
    s->last = last;
    s->clean = true;
    c->next = j;
    r->split_done = last;
    return true;
}

long table_json_split_bytes_left(TableReader *r)
{
    const TableJsonCuts *c = table_json_stream_cuts(r);
    if (!c || c->next >= c->n)
        return 0;
    return (long)(c->end - c->at[c->next].off);
}

/* A JSON slice's reader reads its bytes from the file itself, each time it is fed. */
bool table_json_slice_reload(const TableReader *r, TableSlice *s)
{
    (void)r, (void)s;
    return true;
}

TableReader *table_json_part_new(const TableReader *r)
{
    TableReader *p = RT_NEW(TableReader);
    p->info = r->info;
    p->source = TABLE_SOURCE_JSON;
    p->part = true;
    p->col_read = r->col_read;
    table_set_store_cap(p, r->info.ncols);
    table_json_stream_part(p, r);
    return p;
}

void table_json_part_feed(TableReader *p, TableSlice *s)
{
    p->finished = false;
    p->fatal = (TableError){ 0 };
    p->part_last = s->last;
    p->part_wants = false;
    table_row_reset(p);
    if (!p->jstream)
        table_fatal(p, "C0808", s->line, say("mémoire épuisée", "out of memory"));
    else if (!table_json_stream_feed(p, s))
        table_fatal(p, "C0850", s->line, say("le fichier a changé pendant sa lecture", "the file changed while it was read"));
}

void table_json_part_release(TableReader *p)
{
    table_json_stream_part_free(p);
    p->finished = true;
}
