/* runtime/eval_threads.c: the hour lines read, typed and judged on several threads, merged in file order. */
#include "eval_impl.h"

#include <pthread.h>
#include <string.h>

#include "gc.h"
#include "pages.h"

/*
** The threads start once per table and take slices from a queue, so that a
** fast core reads more of them than a slow one (the cores of a virtual
** machine often differ): nothing waits for the slowest thread but the end.
**
** The queue is a ring of slots, each with its slice of the file (cut just
** after a line feed), the reader that reads it, and the share its rows go
** into (EvalHoursPart: sums per contract and month, counts, rejected rows;
** a part of the table for the spellings met), touching nothing of the run.
** Slices are numbered as they are cut; slot k % depth holds slice k. The
** main thread cuts slices into free slots, merges the slices read in their
** order (their rejected rows to the run) and frees their slots, and reads a
** slice itself when it has nothing else to do; the other threads read, and
** add the rest of each share they read (sums, counts: no order shows in
** them) to a total of their own once it is merged. A slot is cut into again
** once its share is added (its reader does it, or the main thread when it
** needs the slot first).
**
** A slice usually starts a row. Before its share is kept, the main thread
** checks that the reader of the slice ended between two rows; if not (a
** quoted field holding a line feed), the next slice's reading is thrown
** away and the reader before reads on into it. Sums are exact (scaled
** integers, rationals past 64 bits), so their order does not change them;
** everything whose order shows (rejected rows, the first fatal error) is
** added in file order, and the spellings the parts met are said to the
** table in that order once the threads are done (the table's maps are read
** by every thread meanwhile). So the result is the single-threaded one,
** byte for byte, whatever the threads and however fast each one is.
**
** Memory is bounded by the ring: at most `depth` slices of at most
** EVAL_SLICE_MAX bytes (less when many threads share EVAL_RING_BYTES, or
** when the table is shorter than the ring: slice_cap_for).
*/

/* Bytes of a slice: a slice costs a few microseconds to hand over and
** merge, so up to a MiB; smaller towards the end of the table (a share of
** what is left), so that the last slices end close together on cores of
** unequal speed. */
enum {
    EVAL_SLICE_MIN = 16 * 1024,
    EVAL_SLICE_MAX = 1024 * 1024,
    EVAL_RING_BYTES = 8 * 1024 * 1024,
    EVAL_SLOT_PAD = 64,   /* a sheet's slot beyond its slice: the bytes its cutter writes after the cut */
};

/* A merged slot's share, to be added to its reader's total (under mutex). */
typedef enum { FOLD_NONE, FOLD_DUE, FOLD_BUSY } EvalFold;

typedef struct EvalSlot {
    TableSlice slice;
    TableReader *reader;    /* reused from slice to slice */
    DataTable *part;        /* this slice's: kept until the spellings are said */
    EvalHoursPart *share;   /* reused: emptied when added to a total */
    int by;                 /* the crew's part that read it: its total takes the share */
    EvalFold fold;
    bool failed;
    DataError err;
} EvalSlot;

typedef struct EvalSlices {
    EvalRun *e;
    DataTable *table;
    TableReader *main;
    EvalSlot *slots;
    EvalHoursPart **totals; /* per crew part: the shares it read and folded */
    char *ring;             /* the slots' buffers, one region (lend_ring), or NULL */
    size_t ring_bytes;
    bool *read;             /* per slot: its slice is read (under mutex) */
    int depth;
    int threads;
    long left;              /* bytes of the file not yet cut */
    size_t max_bytes;
    /* Slice numbers: merged <= taken <= cut <= merged + depth. cut and merged
    ** move on the main thread only, taken on any (under mutex). */
    long cut, taken, merged;
    void (*first)(void *arg);   /* work before the reading (EvalState.hours_first): claimed under mutex */
    void *first_arg;
    bool end;               /* nothing more to cut */
    bool stop;              /* the readers stop taking slices */
    DataTable **kept;       /* the parts of the slices kept, in order */
    long nkept;
    bool ok;
    DataError *err;
    pthread_mutex_t mutex;
    pthread_cond_t work;    /* a slice to take, or the end */
    pthread_cond_t done;    /* a slice read */
} EvalSlices;

static EvalSlot *slot_of(EvalSlices *q, long k) { return &q->slots[k % q->depth]; }
static bool *read_of(EvalSlices *q, long k) { return &q->read[k % q->depth]; }

static size_t slice_bytes(const EvalSlices *q)
{
    long share = q->left / (4L * q->threads);
    return share < EVAL_SLICE_MIN ? EVAL_SLICE_MIN : (size_t)share > q->max_bytes ? q->max_bytes : (size_t)share;
}

/*
** A slice's bytes at most, for a table of `left` bytes read in a ring of
** `depth` slots: no more than the table's share of the ring. The slices
** cut are the same (slice_bytes never asks a slot for more than
** left / (4 * threads), which is at most left / depth since depth is
** 2 * threads + 2), but a short table's ring is as short as it. The
** sanitizer build mallocs its ring, and ASan poisons it whole: every
** threaded evaluation of a test's small file allocated 6 to 8 MiB (the
** demo at two threads: 2 511 page faults, 2 166 with this bound). A mapped
** ring only touches what is cut into it: there only its size changes. A
** lowered bound makes the ring longer than the table (depth times more
** than left / depth), so it stays in small pages, as a table shorter than
** the full ring always did (lend_ring).
*/
static size_t slice_cap_for(size_t max_bytes, long left, int depth)
{
    size_t share = left > 0 ? (size_t)left / (size_t)depth + 1 : 0;
    if (share < EVAL_SLICE_MIN)
        share = EVAL_SLICE_MIN;
    return share < max_bytes ? share : max_bytes;
}

/* Reads the rows the slot's reader is fed into the slot's share. */
static void read_rows(EvalRun *e, EvalSlot *s)
{
    for (;;) {
        DataRow row;
        DataStatus st = data_next(s->part, &row, &s->err);
        if (st == DATA_END)
            return;
        if (st == DATA_FAILED) {
            s->failed = true;
            return;
        }
        s->share->read++;
        if (st == DATA_ROW_REJECTED)
            eval_hours_reader_reject(e, s->share, row.line, row.reason);
        else
            eval_hours_add_to(e, s->share, &row);
    }
}

/* Reads what the slot's reader is fed, then counts the lines it held: the
** share is whole for the merge (its rejected rows) and the fold. */
static void read_all(EvalRun *e, EvalSlot *s)
{
    read_rows(e, s);
    if (!s->failed)
        eval_hours_part_settle(e, s->share);
}

/* One slice's work, on whichever thread took it. Feeding converts a
** Windows-1252 slice: on the reading thread too. */
static void read_slot(EvalSlices *q, long k, int me)
{
    EvalSlot *s = slot_of(q, k);
    s->failed = false;
    s->by = me;
    table_part_feed(s->reader, &s->slice, true);
    read_all(q->e, s);
    pthread_mutex_lock(&q->mutex);
    *read_of(q, k) = true;
    pthread_cond_signal(&q->done);
    pthread_mutex_unlock(&q->mutex);
}

/* A merged slot whose share part `me` read and has not added to its total yet. */
static EvalSlot *fold_due(EvalSlices *q, int me)
{
    for (int i = 0; i < q->depth; i++)
        if (q->slots[i].fold == FOLD_DUE && q->slots[i].by == me)
            return &q->slots[i];
    return NULL;
}

/* Adds a claimed slot's share to part me's total, and frees the slot.
** Called and returns with the mutex held. */
static void fold_slot(EvalSlices *q, EvalSlot *s, int me)
{
    s->fold = FOLD_BUSY;
    pthread_mutex_unlock(&q->mutex);
    eval_hours_fold(q->e, s->share, q->totals[me]);
    pthread_mutex_lock(&q->mutex);
    s->fold = FOLD_NONE;
    pthread_cond_signal(&q->done);   /* the main thread may wait to cut into it */
}

/* A reading thread: the shares it read once merged, and slices in the
** order they were cut, until there are no more. */
static void reader_loop(EvalSlices *q, int me)
{
    pthread_mutex_lock(&q->mutex);
    for (;;) {
        EvalSlot *due = fold_due(q, me);
        if (due) {
            fold_slot(q, due, me);
            continue;
        }
        if (q->stop || (q->end && q->taken == q->cut))
            break;
        if (q->taken == q->cut) {
            pthread_cond_wait(&q->work, &q->mutex);
            continue;
        }
        long k = q->taken++;
        pthread_mutex_unlock(&q->mutex);
        read_slot(q, k, me);
        pthread_mutex_lock(&q->mutex);
    }
    pthread_mutex_unlock(&q->mutex);
}

/* ---- the main thread ---------------------------------------------------------------------- */

static void fail(EvalSlices *q, DataError err)
{
    *q->err = err;
    q->ok = false;
}

/* Cuts the next slice into the free slot after the last one cut; false at the end. */
static bool cut_slice(EvalSlices *q)
{
    EvalSlot *s = slot_of(q, q->cut);
    size_t size = slice_bytes(q);
    if (!table_split_next(q->main, &s->slice, size))
        return false;
    q->left -= (long)s->slice.len;
    s->part = data_part_new(q->table, s->reader);
    return true;
}

/* The head slot's rejected rows are the run's now, and its share is its
** reader's total's: added here when this thread read it (its lines are in
** this core's cache), else by its reader (due: merge_slot). Its part's
** spellings are said later. true: the share is still to be added. */
static bool keep_head(EvalSlices *q)
{
    EvalSlot *h = slot_of(q, q->merged);
    eval_hours_take_rejects(q->e, h->share);
    table_part_kept(q->main, h->reader);
    bool due = h->by != 0;
    if (!due)
        eval_hours_fold(q->e, h->share, q->totals[0]);
    RT_GROW(q->kept, q->nkept);
    q->kept[q->nkept++] = h->part;
    h->part = NULL;
    return due;
}

/* The head failed, read with a guessed line (its reader counted the line
** feeds of its own slice only): read again now that its line is known, so
** that its error says where it is. The reading is the same; its share and
** part go with the failed run. */
static void read_again(EvalSlices *q, EvalSlot *h)
{
    h->failed = false;
    table_part_feed(h->reader, &h->slice, true);
    read_all(q->e, h);
}

/* The head's rows were counted from 0 by its reader (an ODS sheet's slice,
** runtime/table_ods_split.c), its first row's number known only now that it
** is placed: their numbers moved on (a reason's cell reference is written
** by its reader then), or the slice read again from there when a number
** cannot be moved (a fatal error's, the sheet's row limit near). Its reader
** may fail then (the sheet's row limit). */
static void set_rows_right(EvalSlices *q, EvalSlot *h)
{
    long shift;
    if (table_part_rows_shift(h->reader, &h->slice, &shift)) {
        if (shift != 0)
            eval_hours_shift_rejects(h->share, shift);
        return;
    }
    data_part_forget(h->part);
    eval_hours_drain(q->e, h->share, false);
    read_again(q, h);
}

/* The head, read with a guessed line when `guessed`, set right before it is
** kept or reads on. false: it failed (the run with it). */
static bool head_set_right(EvalSlices *q, EvalSlot *h, bool guessed)
{
    if (guessed)
        set_rows_right(q, h);
    if (h->failed) {
        fail(q, h->err);
        return false;
    }
    return true;
}

/* The head's reader stopped inside a row: the next slice, read from a wrong
** start, is read again by it, and the head's payload moves to the next
** slot, so that the head's slot is the one freed. `guessed`: the head was
** read with a guessed line, set right before it reads on. false: a fatal error. */
static bool head_reads_on(EvalSlices *q, bool guessed)
{
    EvalSlot *h = slot_of(q, q->merged), *n = slot_of(q, q->merged + 1);
    if (!head_set_right(q, h, guessed))
        return false;
    data_part_forget(n->part);
    eval_hours_drain(q->e, n->share, false);
    if (!table_slice_reload(q->main, &n->slice)) {
        fail(q, (DataError){ .file = table_info(q->main)->path, .code = "C0802",
                             .msg = say("illisible pendant la lecture", "unreadable while being read") });
        return false;
    }
    table_slice_place(q->main, &n->slice);
    if (guessed)
        table_part_rebase(h->reader, &h->slice);
    /* The head's reader now reads the next slot's bytes: they go with it. */
    TableSlice bytes = h->slice;
    h->slice = n->slice;
    n->slice = bytes;
    table_part_feed(h->reader, &h->slice, false);
    read_all(q->e, h);
    /* Under the mutex: the readers look at every slot's fold (fold_due). */
    pthread_mutex_lock(&q->mutex);
    EvalSlot head = *h;
    *h = *n;
    *n = head;
    pthread_mutex_unlock(&q->mutex);
    return true;
}

/* What the main thread does next, decided under the mutex. */
typedef enum { LEAD_MERGE, LEAD_CUT, LEAD_FOLD, LEAD_READ, LEAD_WAIT, LEAD_DONE } LeadStep;

static LeadStep next_step(EvalSlices *q)
{
    if (q->merged < q->cut && *read_of(q, q->merged)) {
        EvalSlot *h = slot_of(q, q->merged);
        if (h->failed || table_part_between_rows(h->reader) || (q->end && q->merged + 1 == q->cut))
            return LEAD_MERGE;
        if (q->merged + 1 < q->cut && *read_of(q, q->merged + 1))
            return LEAD_MERGE;
    }
    if (!q->end && q->cut - q->merged < q->depth) {
        /* The slot to cut into: its share added first, by its reader (it
        ** is in that core's cache) when this thread has a slice to read
        ** meanwhile, else here; a reader adding it says when done. */
        EvalFold f = slot_of(q, q->cut)->fold;
        if (f == FOLD_NONE)
            return LEAD_CUT;
        if (f == FOLD_DUE && q->taken == q->cut)
            return LEAD_FOLD;
    }
    if (q->taken < q->cut)
        return LEAD_READ;
    if (q->end && q->merged == q->cut)
        return LEAD_DONE;
    return LEAD_WAIT;
}

/* Adds the head slice's share to the run and frees its slot; or, when its
** reader stopped inside a row, lets it read on into the next slice, which
** becomes the head. false: a fatal error. */
static bool merge_slot(EvalSlices *q)
{
    EvalSlot *h = slot_of(q, q->merged);
    bool guessed = table_slice_place(q->main, &h->slice);
    if (h->failed) {
        if (guessed)
            read_again(q, h);
        fail(q, h->err);
        return false;
    }
    bool due = false;
    if (table_part_between_rows(h->reader) || q->merged + 1 == q->cut) {
        if (!head_set_right(q, h, guessed))
            return false;
        due = keep_head(q);
    } else if (!head_reads_on(q, guessed))
        return false;
    pthread_mutex_lock(&q->mutex);
    if (due)
        h->fold = FOLD_DUE;
    *read_of(q, q->merged) = false;
    q->merged++;
    pthread_mutex_unlock(&q->mutex);
    return true;
}

/* Cuts the next slice, or says that there is none, to the readers. */
static void publish_cut(EvalSlices *q)
{
    bool more = cut_slice(q);
    pthread_mutex_lock(&q->mutex);
    if (more)
        q->cut++;
    else
        q->end = true;
    pthread_cond_broadcast(&q->work);
    pthread_mutex_unlock(&q->mutex);
}

/*
** The work given before the reading (the hires): the second thread's first,
** while the main thread reads; but the main thread takes it when it has
** nothing else to do first (a table with no slice, or a second thread not
** yet given a core: the hour lines all read, the hires would wait for it).
** Whoever comes first runs it, once. Called without the mutex held.
*/
static void run_first(EvalSlices *q)
{
    pthread_mutex_lock(&q->mutex);
    void (*first)(void *arg) = q->first;
    q->first = NULL;
    pthread_mutex_unlock(&q->mutex);
    if (first)
        first(q->first_arg);
}

/* The main thread: merges first (it frees slots), then cuts (it feeds the
** readers), then reads a slice rather than wait. */
static void lead_loop(EvalSlices *q)
{
    bool going = true;
    while (going) {
        pthread_mutex_lock(&q->mutex);
        LeadStep step;
        while ((step = next_step(q)) == LEAD_WAIT) {
            if (q->first) {
                pthread_mutex_unlock(&q->mutex);
                run_first(q);
                pthread_mutex_lock(&q->mutex);
                continue;
            }
            pthread_cond_wait(&q->done, &q->mutex);
        }
        if (step == LEAD_FOLD) {
            fold_slot(q, slot_of(q, q->cut), 0);
            pthread_mutex_unlock(&q->mutex);
            continue;
        }
        long k = step == LEAD_READ ? q->taken++ : -1;
        pthread_mutex_unlock(&q->mutex);
        if (step == LEAD_MERGE)
            going = merge_slot(q);
        else if (step == LEAD_CUT)
            publish_cut(q);
        else if (step == LEAD_READ)
            read_slot(q, k, 0);
        else
            going = false;
    }
    pthread_mutex_lock(&q->mutex);
    q->stop = true;
    pthread_cond_broadcast(&q->work);
    pthread_mutex_unlock(&q->mutex);
}

/* Thread 0 is the main thread, the others only read; the second one first
** does the work it was given (run_first), while the main thread reads. */
static void slices_work(void *arg, int i)
{
    EvalSlices *q = arg;
    if (i == 0) {
        lead_loop(q);
        run_first(q);
        return;
    }
    if (i == 1)
        run_first(q);
    reader_loop(q, i);
}

/*
** The slots' first slices (medium: six of a MiB) were read into six fresh
** malloc'ed buffers: 1 536 page faults on the main thread, 3.5 ms, while
** it cut the first slices ahead (the participants loading on the other
** core, but no longer for long). A CSV table's slots are lent one region
** instead, in 2 MiB pages when the ring will be filled whole (three faults
** for medium's ring); smaller tables keep small pages, so that a short
** table does not make 2 MiB resident. A slice that needs more than its slot
** (a row longer than the slice) moves to a buffer of its own.
**
** An XLSX sheet's slices were still malloc'ed: ISA-L inflated the six first
** into fresh pages, some 1 500 faults on the main thread of a two-thread
** run that a one-thread run never takes. They are lent the ring too, each
** slot EVAL_SLOT_PAD bytes longer than a slice, for the NUL its cutter
** writes after it. So are an ODS sheet's (its cutter writes 32 zeros after
** the cut, and keeps `lent` since both cutters clear a slot alike,
** table_sheet_slice_reuse): their 1 450 faults, on the one thread that
** inflates the hour sheet, took 15 to 20 ms of medium.ods's run on the ninth
** run's machine, where a fault costs 10 to 16 µs.
*/
static void lend_ring(EvalSlices *q)
{
    TableFormat f = data_info(q->table)->format;
    if (f == TABLE_JSON)
        return;
    size_t stride = q->max_bytes + (f == TABLE_CSV ? 0 : EVAL_SLOT_PAD);
    size_t bytes = stride * (size_t)q->depth;
    q->ring = pages_map(bytes, q->left >= (long)bytes);
    if (!q->ring)
        return;
    q->ring_bytes = bytes;
    for (int i = 0; i < q->depth; i++)
        q->slots[i].slice = (TableSlice){ .bytes = q->ring + stride * (size_t)i, .cap = stride, .lent = true };
}

/* The queue of table t's slices, its ring's readers ready, nothing cut yet;
** the shares come later (they are sized by the participants). */
static EvalSlices *slices_new(EvalRun *e, DataTable *t)
{
    EvalSlices *q = RT_NEW(EvalSlices);
    q->e = e;
    q->table = t;
    q->main = data_reader(t);
    q->threads = e->threads;
    q->depth = 2 * e->threads + 2;
    q->left = table_split_bytes_left(q->main);
    size_t ring_share = EVAL_RING_BYTES / (size_t)q->depth;
    q->max_bytes = ring_share < EVAL_SLICE_MAX ? (ring_share > EVAL_SLICE_MIN ? ring_share : EVAL_SLICE_MIN) : EVAL_SLICE_MAX;
    q->max_bytes = slice_cap_for(q->max_bytes, q->left, q->depth);
    q->slots = RT_NEW_ARRAY(EvalSlot, q->depth);
    q->read = rt_alloc_atomic(sizeof *q->read * (size_t)q->depth);
    memset(q->read, 0, sizeof *q->read * (size_t)q->depth);
    for (int i = 0; i < q->depth; i++)
        q->slots[i].reader = table_part_new(q->main);
    lend_ring(q);
    q->ok = true;
    pthread_mutex_init(&q->mutex, NULL);
    pthread_cond_init(&q->work, NULL);
    pthread_cond_init(&q->done, NULL);
    return q;
}

static void slices_free(EvalSlices *q)
{
    pthread_cond_destroy(&q->done);
    pthread_cond_destroy(&q->work);
    pthread_mutex_destroy(&q->mutex);
    for (int i = 0; i < q->depth; i++) {
        table_part_release(q->slots[i].reader);
        table_slice_free(&q->slots[i].slice);
    }
    pages_unmap(q->ring, q->ring_bytes);
}

/*
** Cutting a slice is the main thread's work while the others read (a read
** of a MiB, its NUL and encoding checks, its line ends counted) and, for
** each slot's first slice, the page faults of its fresh buffer: 63 slices
** and some 1 500 faults on medium, all on the main thread. The first
** `depth` of them need nothing but the hour table and the contracts
** (eval_hours_prepare): they are cut while the participants load on the
** other thread, when this one would wait. The cut is the one the queue
** would make (same sizes, same checks, same order), so a failure is found
** at the same slice, and said when the hour lines are loaded, as before.
*/
void eval_threads_cut_ahead(EvalRun *e, DataTable *t)
{
    EvalState *st = e->state;
    eval_hours_prepare(e, data_texts(t));
    data_hours_scaled_only(t);
    EvalSlices *q = slices_new(e, t);
    while (!q->end && q->cut - q->merged < q->depth)
        publish_cut(q);
    st->hours_ahead = q;
}

void eval_threads_drop_ahead(EvalRun *e)
{
    EvalState *st = e->state;
    if (!st->hours_ahead)
        return;
    slices_free(st->hours_ahead);
    st->hours_ahead = NULL;
}

bool eval_threads_load_hours(EvalRun *e, DataTable *t, DataError *err)
{
    EvalState *st = e->state;
    EvalSlices *q = st->hours_ahead && st->hours_ahead->table == t ? st->hours_ahead : slices_new(e, t);
    st->hours_ahead = NULL;
    for (int i = 0; i < q->depth; i++)
        q->slots[i].share = eval_hours_part_new(e);
    q->totals = RT_NEW_ARRAY(EvalHoursPart *, e->threads);
    for (int i = 0; i < e->threads; i++)
        q->totals[i] = eval_hours_part_new(e);
    q->err = err;
    q->first = st->hours_first;
    q->first_arg = st->hours_first_arg;
    st->hours_first = NULL;
    rt_crew_run(e->crew, e->threads, slices_work, q);
    /* The shares merged but not folded (their reader had stopped), then the
    ** totals: to the run, now that every thread is done. */
    for (int i = 0; i < q->depth; i++)
        if (q->slots[i].fold == FOLD_DUE)
            eval_hours_drain(e, q->slots[i].share, true);
    for (int i = 0; i < e->threads; i++)
        eval_hours_drain(e, q->totals[i], true);
    /* The spellings the kept slices met, said to the table in file order. */
    for (long k = 0; k < q->nkept; k++)
        data_part_merge(q->kept[k]);
    slices_free(q);
    return q->ok;
}
