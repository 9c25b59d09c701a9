/* runtime/table_zip_ahead.c: a workbook sheet inflated on a thread of its own, a few buffers ahead of the tokenizer that reads it. */
#include "table_impl.h"

#include <pthread.h>
#include <string.h>

#include "gc.h"

/*
** Why: inflating a sheet and checking its CRC (zlib, through libzip) is a
** quarter of the workbook path's instructions, and a different core can do
** it while the main thread tokenises the bytes inflated before. The thread
** only calls table_inflate_read on the part's stream, which the main thread no
** longer touches, into TABLE_AHEAD_SLOTS buffers in turn; the main thread
** copies them out in order (table_zip_read), counts them against the bomb
** limits and reports errors as the single-threaded read does, at the same
** byte. So what is read, and every error, is the same whatever the threads;
** the thread is at most TABLE_AHEAD_SLOTS buffers ahead, so memory stays
** bounded, and stops as soon as the main thread releases the part.
** The thread allocates nothing from the collector and holds no pointer to
** its memory but this struct and its buffers, which the TableSheet keeps
** alive until the thread is joined: it need not be known to the collector.
*/

#define TABLE_AHEAD_SLOTS 4
#define TABLE_AHEAD_BYTES (256 * 1024)
/* A slot's bytes after its inflated ones: the NUL the XLSX tokenizer reads
** after a buffer lent to it (table_ahead_lend), and the words it reads up to
** 8 bytes past a token's end. */
#define TABLE_AHEAD_PAD 64

struct TableAhead {
    pthread_t thread;
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    TableInflate *zf;
    char *buf[TABLE_AHEAD_SLOTS];
    zip_int64_t got[TABLE_AHEAD_SLOTS];  /* < 0: the read failed; 0: the part's end */
    int head, count;                     /* the oldest full slot, how many are full */
    size_t used;                         /* bytes of the head slot already taken */
    bool lent;                           /* the head slot is lent (table_ahead_lend) until the next read */
    bool stop;                           /* the main thread wants no more */
    bool detached;                       /* the thread is joined: the main thread reads zf itself */
};

static void *ahead_inflate(void *arg)
{
    TableAhead *a = arg;
    int tail = 0;
    rt_stress_pause();
    for (;;) {
        pthread_mutex_lock(&a->mutex);
        while (a->count == TABLE_AHEAD_SLOTS && !a->stop)
            pthread_cond_wait(&a->changed, &a->mutex);
        bool stop = a->stop;
        pthread_mutex_unlock(&a->mutex);
        if (stop)
            return NULL;
        zip_int64_t n = table_inflate_read(a->zf, a->buf[tail], TABLE_AHEAD_BYTES);
        a->buf[tail][n > 0 ? n : 0] = '\0';
        pthread_mutex_lock(&a->mutex);
        a->got[tail] = n;
        a->count++;
        pthread_cond_signal(&a->changed);
        pthread_mutex_unlock(&a->mutex);
        if (n <= 0)
            return NULL;   /* the end or an error: nothing more to read */
        tail = (tail + 1) % TABLE_AHEAD_SLOTS;
    }
}

void table_read_ahead(TableReader *r)
{
    TableSheet *s = r->sheet;
    if (!s || !s->xml.scanning || !s->xml.zf || s->xml.ahead || s->scan.input_done)
        return;
    TableAhead *a = rt_alloc(sizeof *a);
    a->zf = s->xml.zf;
    for (int i = 0; i < TABLE_AHEAD_SLOTS; i++)
        a->buf[i] = rt_alloc_atomic(TABLE_AHEAD_BYTES + TABLE_AHEAD_PAD);
    pthread_mutex_init(&a->mutex, NULL);
    pthread_cond_init(&a->changed, NULL);
    if (pthread_create(&a->thread, NULL, ahead_inflate, a) != 0) {
        pthread_mutex_destroy(&a->mutex);
        pthread_cond_destroy(&a->changed);
        return;   /* no thread: the main thread inflates, as with --threads 1 */
    }
    s->xml.ahead = a;
}

/* The head slot read to its end: given back to the thread. */
static void ahead_next_slot(TableAhead *a, int h)
{
    a->used = 0;
    pthread_mutex_lock(&a->mutex);
    a->head = (h + 1) % TABLE_AHEAD_SLOTS;
    a->count--;
    pthread_cond_signal(&a->changed);
    pthread_mutex_unlock(&a->mutex);
}

/* A slot lent is the reader's until its next read, which gives it back. */
static void ahead_end_loan(TableAhead *a)
{
    if (!a->lent)
        return;
    a->lent = false;
    ahead_next_slot(a, a->head);
}

/* The head slot, once the thread has filled it. */
static int ahead_head(TableAhead *a)
{
    pthread_mutex_lock(&a->mutex);
    while (a->count == 0)
        pthread_cond_wait(&a->changed, &a->mutex);
    int h = a->head;
    pthread_mutex_unlock(&a->mutex);
    return h;
}

zip_int64_t table_ahead_read_to(TableAhead *a, char *buf, size_t cap, const char *until)
{
    ahead_end_loan(a);
    if (a->detached && a->count == 0)
        return table_inflate_read(a->zf, buf, cap);
    int h = ahead_head(a);
    zip_int64_t n = a->got[h];
    if (n <= 0)
        return n;   /* the slot stays: every later read says the same */
    size_t k = (size_t)n - a->used < cap ? (size_t)n - a->used : cap;
    const char *from = a->buf[h] + a->used;
    const char *at = until ? memmem(from, k, until, strlen(until)) : NULL;
    if (at)
        k = (size_t)(at - from) + strlen(until);
    memcpy(buf, from, k);
    a->used += k;
    if (a->used == (size_t)n)
        ahead_next_slot(a, h);
    return (zip_int64_t)k;
}

zip_int64_t table_ahead_read(TableAhead *a, char *buf, size_t cap)
{
    return table_ahead_read_to(a, buf, cap, NULL);
}

const char *table_ahead_lend(TableAhead *a, size_t *n)
{
    ahead_end_loan(a);
    if (a->detached && a->count == 0)
        return NULL;
    int h = ahead_head(a);
    zip_int64_t got = a->got[h];
    if (got <= 0)
        return NULL;   /* the end or an error: the copying read says which */
    *n = (size_t)got - a->used;   /* (a slot read to its end is given back at once: never 0) */
    a->lent = true;
    return a->buf[h] + a->used;
}

/* The thread stops and is joined; what it inflated stays to be read. */
static void ahead_join(TableAhead *a)
{
    if (a->detached)
        return;
    pthread_mutex_lock(&a->mutex);
    a->stop = true;
    pthread_cond_signal(&a->changed);
    pthread_mutex_unlock(&a->mutex);
    pthread_join(a->thread, NULL);
    a->detached = true;
}

void table_ahead_detach(TableAhead *a)
{
    ahead_join(a);
}

void table_ahead_stop(TableAhead *a)
{
    ahead_join(a);
    pthread_mutex_destroy(&a->mutex);
    pthread_cond_destroy(&a->changed);
}
