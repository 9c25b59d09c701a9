/* runtime/table_json_crc.c: a JSON table's regions (from one cut to the next) summed by CRC-32 in the survey and checked by the rows' reading. */
#include "table_impl.h"

#include <limits.h>

/*
** Why: the streamed reader reads a JSON table twice, the survey (which
** checks the whole file against the grammar) and the rows. A file changed
** between the two used to be found by the rows' reading repeating the
** grammar, which found a change only where it broke the syntax. The survey
** now sums each region's bytes (one CRC-32 per cut, as a workbook's slices
** are summed, runtime/table_sheet_crc.c) and the rows sum what they read:
** a region whose bytes differ is found by its bytes, whatever they are.
** Its rows are read as before (so a change the grammar sees fails where it
** always did), and the reading fails (C0850) once it passes that region's
** end, or at its own end when it did not read whole regions to the file's
** end. A region whose bytes are checked, and whose every element the survey
** read by the template, is "trusted": the rows read its template rows by
** their delimiters (the survey saw the literals and the values' grammar in
** those very bytes). A row is never read by its delimiters before its
** whole region is checked.
** Memory: a CRC and a flag per cut (a 1024th of the file, at most one every
** 4 KiB); the bytes are summed where they are read, never kept.
*/

static long long region_start(const TableJsonCuts *c, long i)
{
    return i < (long)c->n ? c->at[i].off : c->end;
}

static long long region_end(const TableJsonCuts *c, long i)
{
    return i + 1 < (long)c->n ? c->at[i + 1].off : c->end;
}

void table_json_crc_sum(TableJsonCrc *k, const char *bytes, long long at, long long upto)
{
    if (upto <= k->upto)
        return;
    k->crc = table_inflate_crc_of(k->crc, bytes + (k->upto - at), (size_t)(upto - k->upto));
    k->upto = upto;
}

/* The region being summed, closed: its CRC where the rows will look for it. */
static void store(TableJsonCrc *k, TableJsonCuts *c)
{
    if (c->n)
        c->at[c->n - 1].crc = k->crc;
    else
        c->head_crc = k->crc;
}

void table_json_crc_cut(TableJsonCrc *k, TableJsonCuts *c, const char *bytes, long long at, long long off, long line,
                        size_t elem)
{
    table_json_crc_sum(k, bytes, at, off);
    store(k, c);
    k->crc = 0;
    table_json_cuts_add(c, (TableJsonCut){ .off = off, .line = line, .elem = elem, .tpl = true });
}

void table_json_crc_close(TableJsonCrc *k, TableJsonCuts *c, const char *bytes, long long at, long long upto)
{
    /* Not reset: a survey that reads on from here (table_json_survey_joined)
    ** goes on summing the same region. */
    table_json_crc_sum(k, bytes, at, upto);
    store(k, c);
}

void table_json_crc_rows_from(TableJsonCrc *k, const TableJsonCuts *c, long cut, long long at)
{
    *k = (TableJsonCrc){ .upto = at, .cut = cut, .bad = LONG_MAX, .bad_end = LLONG_MAX,
                         .trust_cut = cut < 0 ? 0 : cut, .trust_hi = LLONG_MIN };
}

/* Region i's bytes differ (i == n: bytes past the survey's end): the reading fails at `end`. */
static void differs(TableJsonCrc *k, long i, long long end)
{
    if (i >= k->bad)
        return;
    k->bad = i;
    k->bad_end = end;
}

void table_json_crc_check(TableJsonCrc *k, const TableJsonCuts *c, const char *bytes, size_t n)
{
    long long at = k->upto, to = at + (long long)n;
    k->upto = to;
    while (at < to) {
        if (k->cut >= (long)c->n) {
            differs(k, (long)c->n, c->end);   /* more bytes than the survey read */
            return;
        }
        long long end = k->cut < 0 ? region_start(c, 0) : region_end(c, k->cut);
        size_t take = (size_t)((to < end ? to : end) - at);
        k->crc = table_inflate_crc_of(k->crc, bytes, take);
        bytes += take;
        at += (long long)take;
        if (at < end)
            return;
        if (k->crc != (k->cut < 0 ? c->head_crc : c->at[k->cut].crc))
            differs(k, k->cut < 0 ? 0 : k->cut, end);   /* the head's: at the first element */
        k->cut++;
        k->crc = 0;
    }
}

bool table_json_crc_trust(TableJsonCrc *k, const TableJsonCuts *c, long long off)
{
    if (off >= k->bad_end)
        return false;
    long i = k->trust_cut;
    while (i + 1 < (long)c->n && c->at[i + 1].off <= off)
        i++;
    k->trust_cut = i;
    k->trust_hi = region_end(c, i);
    k->trusted = i < (long)c->n && c->at[i].off <= off && i < k->cut && i < k->bad && c->at[i].tpl;
    return true;
}

bool table_json_crc_clean(const TableJsonCrc *k, const TableJsonCuts *c, bool last)
{
    if (k->bad != LONG_MAX || k->cut < 0)
        return false;
    return last ? k->cut == (long)c->n && k->upto == c->end : k->upto == region_start(c, k->cut);
}
