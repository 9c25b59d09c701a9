/* runtime/table_json_survey.c: the streamed JSON reader's survey, a first read of the file for its columns, cuts and template rows, in parts on several threads when large. */
#include "table_json_stream_impl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gc.h"

/* ---- the survey ---------------------------------------------------------------------------- */

/* The room a shaped row needs after its start: its shape's bytes, then the
** fast paths' margin, which the template matcher would want there too (a row
** it gives up near the buffer's end is read by the other paths, which
** count its region untrusted: so is it without the shapes). */
#define TABLE_JSON_SHAPE_ROOM (TABLE_JSON_SHAPE_BYTES + TABLE_JSON_FAST_MARGIN)

/* The survey's row at pos when it fits one of the shapes learnt (pos then past it). */
static inline bool table_json_survey_shaped_row(TableJsonStream *s)
{
    TableJsonShapes *t = s->shapes;
    if (!t || s->pos + TABLE_JSON_SHAPE_ROOM > s->len)
        return false;
    const unsigned char *row = (const unsigned char *)s->buf + s->pos;
    const TableJsonShape *sh = t->last;
    if (!sh || !table_json_shape_fits(sh, row)) {
        int nl = table_json_shape_newline(row);
        if (nl < 0)
            return false;
        TableJsonShape *w = t->way[nl % TABLE_JSON_SHAPE_SETS];
        if (w[0].len && w[0].len + 1 == (uint32_t)nl && table_json_shape_fits(&w[0], row))
            sh = &w[0];
        else if (w[1].len && w[1].len + 1 == (uint32_t)nl && table_json_shape_fits(&w[1], row))
            sh = &w[1];
        else
            return false;
        t->last = sh;
    }
    s->pos += sh->len;
    return true;
}

/* The survey's template matcher accepted the row at row_at (pos past it):
** its layout kept as a shape, in its set's first way (the one there before
** moved to the second), when the room is there to read it. */
static void table_json_survey_learn_shape(TableJsonStream *s, size_t row_at)
{
    if (row_at + TABLE_JSON_SHAPE_ROOM > s->len || s->pos - row_at + 2 > TABLE_JSON_SHAPE_BYTES)
        return;
    const char *row = s->buf + row_at;
    int nl = table_json_shape_newline((const unsigned char *)row);
    if (nl != (int)(s->pos - row_at) + 1)
        return;   /* not a row of one line followed by ",\n" */
    if (!s->shapes)
        s->shapes = rt_alloc_atomic(sizeof *s->shapes);   /* zeroed: no shape (gc.h) */
    uint32_t lit_len[TABLE_JSON_TEMPLATE_COLUMNS + 1];
    for (int k = 0; k <= s->tpl.n; k++)
        lit_len[k] = s->tpl.lit[k].len;
    TableJsonShape *w = s->shapes->way[nl % TABLE_JSON_SHAPE_SETS];
    w[1] = w[0];
    s->shapes->last = NULL;
    if (!table_json_shape_learn(&w[0], row, lit_len, s->tpl.n))
        w[0].len = 0;
}

/* The survey's rows after ",\n" whose bytes around their values are the
** template's, one after the other: what table_json_stream_element does for such a
** row (the comma, the line, the cut noted, the element counted, the
** template matched), without its peeks and tests. It stops, with nothing of
** the row consumed, at anything else, and where the next part may start:
** table_json_stream_element takes the row from there, as it takes every row
** without this. */
static void table_json_survey_template_rows(TableJsonStream *s)
{
    if (s->tpl.n <= 0 || s->rows || s->done || s->slice_start || s->elem == 0)
        return;
    TableJsonCuts *cuts = s->cuts;
    /* the offset from which an element is a cut (table_json_cuts_note) */
    long long next_cut = !cuts ? LLONG_MAX : cuts->n == 0 ? LLONG_MIN : cuts->at[cuts->n - 1].off + cuts->step;
    for (;;) {
        size_t at = s->pos;
        if (at + 3 > s->len || s->buf[at] != ',' || s->buf[at + 1] != '\n' || s->buf[at + 2] != '{')
            return;
        long long off = s->base + (long long)(at + 2);
        if (off >= s->stop_at)
            return;
        s->pos = at + 2;
        if (table_json_survey_shaped_row(s)) {
            /* the row fitted a shape: the template matcher's row, read */
        } else if (table_json_stream_survey_template(s)) {
            table_json_survey_learn_shape(s, at + 2);
        } else {
            s->pos = at;
            return;
        }
        s->line++;
        if (off >= next_cut) {
            table_json_crc_cut(&s->crc, cuts, s->buf, s->base, off, s->line, s->elem);
            next_cut = off + cuts->step;
        }
        s->elem++;
    }
}

/* The survey from where s stands to the file's end, or to stop_at when an
** element starts there (s->stopped): is it in the subset, what are its columns? */
static bool table_json_survey_on(TableJsonStream *s)
{
    long line;
    while (table_json_survey_template_rows(s), table_json_stream_element(s, NULL, &line))
        continue;
    if (s->stopped) {
        table_json_crc_close(&s->crc, s->cuts, s->buf, s->base, s->stop_at);
        return !s->failed;
    }
    if (s->failed || !table_json_stream_end(s))
        return false;
    s->cuts->end = table_json_stream_offset(s);
    table_json_crc_close(&s->crc, s->cuts, s->buf, s->base, s->cuts->end);
    return true;
}

/* ---- the survey in parts -------------------------------------------------------------------- */

/*
** With several threads, a large file is surveyed in parts at once: the
** survey is a whole pass over the file before the first row, a third of a
** one-thread run's instructions on medium, while the other cores wait.
** Part i > 0 starts at a '{' that opens a line near i / n of the file: a
** line feed is never inside a valid string, so it is likely an element of
** the top-level array. It reads on as the serial survey would from an
** element (no comma before it), counting lines and elements from there, with
** its own columns, cuts and template; part i - 1 stops there when an element
** of its own starts exactly there (table_json_stream_element). The findings are
** then joined in file order: a part's new columns after those before, its
** cuts' lines and elements moved by the parts before. Anything else (a part
** that failed or read past its end, a start that was not an element, more
** columns together than the limit) and the survey reads on from that part's
** start itself, in the state the serial survey has there: what it finds,
** every failure included, is the serial survey's, byte for byte.
*/
#define TABLE_JSON_SURVEY_PARTS 8
/* The fewest bytes per part: a thread costs well under a millisecond to
** start and its findings to join, a MiB of survey about four. */
#define TABLE_JSON_SURVEY_PART_MIN (1024LL * 1024)
/* Bytes looked through, from a part's guessed start, for a line that opens an object. */
#define TABLE_JSON_SURVEY_LOOK (64 * 1024)

typedef struct TableJsonSurveyParts {
    int n;
    long long from[TABLE_JSON_SURVEY_PARTS];       /* part i's first byte, for i > 0 */
    TableJsonStream *s[TABLE_JSON_SURVEY_PARTS];   /* s[0]: the main stream */
    bool ok[TABLE_JSON_SURVEY_PARTS];
} TableJsonSurveyParts;

/* The first '{' from `at` on that opens a line (after a line feed and
** blanks); -1 when there is none within TABLE_JSON_SURVEY_LOOK bytes. */
static long long table_json_line_object(int fd, long long at)
{
    char *look = rt_alloc_atomic(TABLE_JSON_SURVEY_LOOK);
    ssize_t got = pread(fd, look, TABLE_JSON_SURVEY_LOOK, (off_t)at);
    for (ssize_t i = 0; i < got; i++) {
        if (look[i] != '\n')
            continue;
        ssize_t j = i + 1;
        while (j < got && (look[j] == ' ' || look[j] == '\t' || look[j] == '\r' || look[j] == '\n'))
            j++;
        if (j < got && look[j] == '{')
            return at + j;
        i = j - 1;
    }
    return -1;
}

/* Where the parts start: as many as threads, each of part_min bytes at least. */
static void table_json_survey_plan(TableJsonStream *s, int threads, long long part_min, TableJsonSurveyParts *ps)
{
    ps->n = 1;
    ps->s[0] = s;
    struct stat st;
    if (threads < 2 || fstat(fileno(s->fp), &st) != 0)
        return;
    long long size = (long long)st.st_size - s->start;
    long long n = threads < TABLE_JSON_SURVEY_PARTS ? threads : TABLE_JSON_SURVEY_PARTS;
    if (size / n < part_min)
        n = size / part_min;
    for (long long i = 1; i < n; i++) {
        long long from = table_json_line_object(fileno(s->fp), s->start + size * i / n);
        if (from > (ps->n > 1 ? ps->from[ps->n - 1] : s->start))
            ps->from[ps->n++] = from;
    }
}

static void table_json_survey_part(void *arg, int i)
{
    TableJsonSurveyParts *ps = arg;
    TableJsonStream *s = ps->s[i];
    s->stop_at = i + 1 < ps->n ? ps->from[i + 1] : LLONG_MAX;
    if (i == 0) {
        ps->ok[0] = table_json_stream_begin(s) && table_json_survey_on(s);
        return;
    }
    table_json_stream_resume(s, ps->from[i], 1, 0);
    s->crc = (TableJsonCrc){ .upto = ps->from[i] };
    ps->ok[i] = s->row && table_json_survey_on(s) && !s->read_errno;
}

/* Two templates learnt alike (the same bytes around the same number of values). */
static bool table_json_same_template(const TableJsonTemplate *a, const TableJsonTemplate *b)
{
    return a->n > 0 && a->n == b->n && memcmp(a->lit, b->lit, sizeof a->lit[0] * (size_t)(a->n + 1)) == 0;
}

/* Part p's findings after those of the parts before it, which end at its
** start (that line, after elem elements); false when its columns and those
** before are more than the limit together. */
static bool table_json_survey_join(TableJsonStream *s, const TableJsonStream *p, long line, size_t elem)
{
    int added = 0;
    for (int c = 0; c < p->ncols; c++)
        added += table_json_stream_column_named(s, p->cols[c], p->col_len[c], c, false) < 0;
    if (s->ncols + added > TABLE_MAX_COLUMNS)
        return false;
    for (int c = 0; c < p->ncols; c++)
        table_json_stream_column_named(s, p->cols[c], p->col_len[c], c, true);
    /* A region is trusted by the template that read it: the rows read with the main stream's. */
    bool same = table_json_same_template(&s->tpl, &p->tpl);
    for (size_t k = 0; k < p->cuts->n; k++) {
        TableJsonCut c = p->cuts->at[k];
        c.line = line + c.line - 1;
        c.elem = elem + c.elem;
        c.tpl = c.tpl && same;
        table_json_cuts_add(s->cuts, c);
    }
    s->crc = p->crc;   /* its last region, summed to its end: a survey reading on goes on summing it */
    return true;
}

/* The parts' findings joined in file order, or the survey read on from the first part not taken. */
static bool table_json_survey_joined(TableJsonStream *s, const TableJsonSurveyParts *ps)
{
    s->parts_joined = 1;
    if (!ps->ok[0] || !s->stopped)
        return ps->ok[0];   /* it failed, or no element started at part 1's start: it read on to the end */
    long line = s->line;
    size_t elem = s->elem;
    int i = 1;
    for (; i < ps->n; i++) {
        const TableJsonStream *p = ps->s[i];
        if (!ps->ok[i] || !table_json_survey_join(s, p, line, elem))
            break;
        s->parts_joined++;
        if (!p->stopped) {
            s->cuts->end = p->cuts->end;
            s->stopped = false;
            return true;
        }
        line += p->line - 1;
        elem += p->elem;
    }
    if (i == ps->n || fseek(s->fp, (long)ps->from[i], SEEK_SET) != 0) {
        s->read_errno = i < ps->n ? errno : EIO;
        return false;
    }
    s->stop_at = LLONG_MAX;
    table_json_stream_resume(s, ps->from[i], line, elem);
    return table_json_survey_on(s);
}

/* A part's stream: the main one's file, by pread; its own columns, cuts and template. */
static TableJsonStream *table_json_survey_part_new(const TableJsonStream *s)
{
    TableJsonStream *p = table_json_stream_new(NULL);
    p->fd = fileno(s->fp);
    p->start = s->start;
    p->cuts = RT_NEW(TableJsonCuts);
    p->cuts->step = s->cuts->step;
    return p;
}

/* Reads the whole file once, in parts on up to r's open_threads threads when
** it is large: is it in the subset, and what are its columns? */
bool table_json_survey(TableJsonStream *s, const TableReader *r)
{
    TableJsonSurveyParts *ps = RT_NEW(TableJsonSurveyParts);
    table_json_survey_plan(s, r->open_threads, r->open_part_bytes > 0 ? r->open_part_bytes : TABLE_JSON_SURVEY_PART_MIN, ps);
    for (int i = 1; i < ps->n; i++)
        ps->s[i] = table_json_survey_part_new(s);
    if (ps->n > 1)
        rt_run_threads(ps->n, table_json_survey_part, ps);
    else
        table_json_survey_part(ps, 0);
    bool ok = table_json_survey_joined(s, ps);
    for (int i = 1; i < ps->n; i++)
        free(ps->s[i]->row);
    s->stop_at = LLONG_MAX;
    return ok;
}
