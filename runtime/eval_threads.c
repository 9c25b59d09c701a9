/* runtime/eval_threads.c: the hour lines read, typed and judged on several threads, merged in file order. */
#include "eval_impl.h"

#include <string.h>

#include "gc.h"

/*
** The main reader cuts the rest of the hour table into slices (a few MB each,
** just after a line feed); a batch gives one slice to each reading thread
** (while the main thread cuts the next batch), which reads, types and
** judges its rows into its own share (EvalHoursPart: sums
** per contract and month, counts, rejected rows, spellings), touching nothing
** of the run. Between batches, one thread checks, slice after slice, that the
** reader of the slice before ended between two rows: then that share is added
** to the run, in file order; if not (a quoted field holding a line feed), the
** next slice's reading is thrown away and the reader before reads on into it.
** Sums are exact (scaled integers, rationals past 64 bits), so their order
** does not change them; everything whose order shows (rejected rows, the
** spellings of a note, the first fatal error) is added in file order. So the
** result is the single-threaded one, byte for byte, whatever the threads.
*/

/* Bytes of a slice: large enough that a batch costs little to start and
** merge, small enough that a few of them in memory do not show; a small
** table still gives every thread several slices. */
enum { EVAL_SLICE_MIN = 16 * 1024, EVAL_SLICE_MAX = 1024 * 1024 };

static size_t slice_bytes(TableReader *r, int threads)
{
    long share = table_split_bytes_left(r) / (4L * threads);
    return share < EVAL_SLICE_MIN ? EVAL_SLICE_MIN : share > EVAL_SLICE_MAX ? EVAL_SLICE_MAX : (size_t)share;
}

typedef struct EvalThreads {
    EvalRun *e;
    TableReader *main;
    int n;
    TableReader **readers;
    DataTable **parts;
    EvalHoursPart **shares;
    TableSlice *slices;     /* the batch being read */
    int nslices;
    TableSlice *next;       /* the batch the main thread cuts meanwhile */
    int nnext;
    size_t size;
    bool carry;             /* the first slice's part reads on from the batch before */
    bool *failed;
    DataError *errs;
} EvalThreads;

/* Reads the rows of part i's slice into its share (one thread's work). */
static void read_share(EvalThreads *th, int i)
{
    EvalHoursPart *hp = th->shares[i];
    for (;;) {
        DataRow row;
        DataStatus s = data_next(th->parts[i], &row, &th->errs[i]);
        if (s == DATA_END)
            return;
        if (s == DATA_FAILED) {
            th->failed[i] = true;
            return;
        }
        hp->read++;
        if (s == DATA_ROW_REJECTED)
            eval_hours_part_reject(hp, row.line, row.reason);
        else
            eval_hours_add_to(th->e, hp, &row);
    }
}

static void keep_share(EvalThreads *th, int i)
{
    data_part_merge(th->parts[i]);
    eval_hours_drain(th->e, th->shares[i], true);
}

static void swap_parts(EvalThreads *th, int a, int b)
{
    TableReader *r = th->readers[a];
    th->readers[a] = th->readers[b];
    th->readers[b] = r;
    DataTable *p = th->parts[a];
    th->parts[a] = th->parts[b];
    th->parts[b] = p;
    EvalHoursPart *h = th->shares[a];
    th->shares[a] = th->shares[b];
    th->shares[b] = h;
}

/* Adds the batch's shares in file order; *carry: the last reader stopped
** inside a row, and reads on into the next batch's first slice. false: a
** fatal error (*err). */
static bool merge_batch(EvalThreads *th, bool *carry, DataError *err)
{
    int cur = 0;
    for (int k = 1; k < th->nslices; k++) {
        if (th->failed[cur]) {
            *err = th->errs[cur];
            return false;
        }
        if (table_part_between_rows(th->readers[cur])) {
            keep_share(th, cur);
            cur = k;
            continue;
        }
        /* Slice k started inside a row: its reading is thrown away. */
        data_part_forget(th->parts[k]);
        eval_hours_drain(th->e, th->shares[k], false);
        if (!table_slice_reload(th->main, &th->slices[k])) {
            *err = (DataError){ .file = table_info(th->main)->path, .code = "C0802",
                                .msg = say("illisible pendant la lecture", "unreadable while being read") };
            return false;
        }
        table_part_feed(th->readers[cur], &th->slices[k], false);
        read_share(th, cur);
    }
    if (th->failed[cur]) {
        *err = th->errs[cur];
        return false;
    }
    *carry = !table_part_between_rows(th->readers[cur]);
    if (!*carry)
        keep_share(th, cur);
    else if (cur != 0)
        swap_parts(th, 0, cur);
    return true;
}

/* Up to one slice per reading thread, cut from the main reader. */
static int cut_batch(EvalThreads *th, TableSlice *slices)
{
    int k = 0;
    while (k < th->n && table_split_next(th->main, &slices[k], th->size))
        k++;
    return k;
}

/* A batch on n + 1 threads: the main thread (0) cuts the next batch while
** the others read this one's slices, so that every slice is read on a
** thread that does nothing else and the cutting is off the critical path.
** The main reader is touched by the main thread alone; the readers of the
** parts were made from it before and read only their slices. */
static void batch_work(void *arg, int i)
{
    EvalThreads *th = arg;
    if (i == 0) {
        th->nnext = cut_batch(th, th->next);
        return;
    }
    /* Feeding converts a Windows-1252 slice: on the reading thread too. */
    int k = i - 1;
    th->failed[k] = false;
    table_part_feed(th->readers[k], &th->slices[k], !(k == 0 && th->carry));
    read_share(th, k);
}

bool eval_threads_load_hours(EvalRun *e, DataTable *t, DataError *err)
{
    int n = e->threads;
    EvalThreads th = { .e = e, .n = n, .main = data_reader(t) };
    th.readers = RT_NEW_ARRAY(TableReader *, n);
    th.parts = RT_NEW_ARRAY(DataTable *, n);
    th.shares = RT_NEW_ARRAY(EvalHoursPart *, n);
    th.slices = rt_alloc_atomic(sizeof *th.slices * (size_t)n);
    th.next = rt_alloc_atomic(sizeof *th.next * (size_t)n);
    th.failed = rt_alloc_atomic(sizeof *th.failed * (size_t)n);
    th.errs = RT_NEW_ARRAY(DataError, n);
    TableReader *main_reader = data_reader(t);
    for (int i = 0; i < n; i++) {
        th.readers[i] = table_part_new(main_reader);
        th.parts[i] = data_part_new(t, th.readers[i]);
        th.shares[i] = eval_hours_part_new(e);
    }
    th.size = slice_bytes(main_reader, n);
    bool ok = true;
    th.nslices = cut_batch(&th, th.slices);
    while (ok && th.nslices > 0) {
        th.nnext = 0;
        rt_run_threads(th.nslices + 1, batch_work, &th);
        ok = merge_batch(&th, &th.carry, err);
        TableSlice *read = th.slices;
        th.slices = th.next;
        th.next = read;
        th.nslices = th.nnext;
    }
    for (int i = 0; i < n; i++) {
        table_part_release(th.readers[i]);
        table_slice_free(&th.slices[i]);
        table_slice_free(&th.next[i]);
    }
    return ok;
}
