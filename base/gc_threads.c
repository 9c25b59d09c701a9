/* base/gc_threads.c: running one function on several threads at once, each known to the collector (on threads of their own, or a crew's kept between runs), and counting the cores. */
#include "gc.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef CHARTE_NO_GC
/* A thread that allocates must be one the collector stops and scans:
** libgc's pthread_create registers it (GC_THREADS redirects the call). */
#define GC_THREADS
#include <gc.h>
#endif

typedef struct RtThread {
    void (*fn)(void *arg, int i);
    void *arg;
    int i;
} RtThread;

static void *rt_thread_main(void *p)
{
    RtThread *t = p;
    rt_stress_pause();
    t->fn(t->arg, t->i);
    return NULL;
}

bool rt_run_threads(int n, void (*fn)(void *arg, int i), void *arg)
{
    enum { MAX = 256 };
    if (n > MAX)
        n = MAX;
    pthread_t ids[MAX];
    /* Scanned memory: arg may be the only pointer to what the threads use. */
    RtThread *t = rt_alloc(sizeof *t * (size_t)(n > 0 ? n : 1));
    int started = 1;
    for (int i = 0; i < n; i++)
        t[i] = (RtThread){ fn, arg, i };
    for (; started < n; started++)
        if (pthread_create(&ids[started], NULL, rt_thread_main, &t[started]) != 0)
            break;
    if (n > 0)
        fn(arg, 0);
    for (int i = 1; i < started; i++)
        pthread_join(ids[i], NULL);
    /* A thread that could not start: its share runs here, after the others. */
    for (int i = started; i < n; i++)
        fn(arg, i);
    return started == n;
}

int rt_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* ---- a crew: helpers kept from one run to the next ------------------------------------------- */

/*
** libgc's pthread_create returns only once the new thread has registered:
** when the other core is busy (another process), the calling thread sleeps
** until the new one gets a core, then until it gets its own back. An
** evaluation started threads five times (its files opened, contracts and
** participants, the hour lines, the results, the aggregates), and a trace
** at load 2 saw 0.1 to 5 ms lost at each start. A crew's helpers are
** started once, register themselves (the caller goes on at once) and wait
** between runs; a run hands them its parts, and the calling thread starts
** its own without waiting for any of them.
*/

/* The system's own calls (gc.h names libgc's, which wait for the registration). */
#undef pthread_create

struct RtHelper {
    RtCrew *crew;
};

struct RtCrew {
    pthread_mutex_t mutex;
    pthread_cond_t go;          /* a new run, or the end */
    pthread_cond_t done;        /* the helpers' parts of a run are finished */
    struct RtHelper helpers[RT_CREW_MAX];   /* each helper's argument: kept alive by the crew */
    int nhelpers;
    long run;                   /* runs handed out so far */
    void (*fn)(void *arg, int i);
    void *arg;
    int next, parts;            /* the run's parts next .. parts - 1 are not claimed yet */
    int running;                /* parts claimed by helpers, not finished */
    int holders;                /* the owner (until rt_crew_end) and each helper started */
    bool end;
};

/*
** The crew is the one thing a helper touches before it is registered, and
** the one thing it locks after rt_crew_end: its owner may drop it, and a
** collection reclaim it, while a helper started by the last run has not yet
** had a core (its argument, inside the crew, is then held only by the
** kernel's copy, which the collector never sees). So the crew is
** uncollectable, and freed by whichever of its holders lets go last.
*/
/* The mutex held; released here. */
static void rt_crew_let_go(RtCrew *c)
{
    bool last = --c->holders == 0;
    pthread_mutex_unlock(&c->mutex);
    if (!last)
        return;
    pthread_cond_destroy(&c->go);
    pthread_cond_destroy(&c->done);
    pthread_mutex_destroy(&c->mutex);
    rt_free_root(c);
}

/* The next part of the run not claimed yet (the mutex held); false when none is left. */
static bool rt_crew_claim(RtCrew *c, int *i)
{
    if (c->next >= c->parts)
        return false;
    *i = c->next++;
    return true;
}

static void rt_crew_serve(RtCrew *c)
{
    long seen = 0;
    pthread_mutex_lock(&c->mutex);
    for (;;) {
        while (!c->end && c->run == seen)
            pthread_cond_wait(&c->go, &c->mutex);
        if (c->end)
            break;
        seen = c->run;
        int i;
        while (rt_crew_claim(c, &i)) {
            void (*fn)(void *arg, int i) = c->fn;
            void *arg = c->arg;
            c->running++;
            pthread_mutex_unlock(&c->mutex);
            fn(arg, i);
            pthread_mutex_lock(&c->mutex);
            if (--c->running == 0)
                pthread_cond_signal(&c->done);
        }
    }
    rt_crew_let_go(c);
}

static void *rt_helper_main(void *p)
{
    struct RtHelper *me = p;
    rt_stress_pause();
#ifndef CHARTE_NO_GC
    /* Until registered, it touches no collected memory but the crew, which it holds. */
    struct GC_stack_base sb;
    if (GC_get_stack_base(&sb) != GC_SUCCESS || GC_register_my_thread(&sb) != GC_SUCCESS)
        abort();
#endif
    rt_crew_serve(me->crew);
#ifndef CHARTE_NO_GC
    GC_unregister_my_thread();
#endif
    return NULL;
}

RtCrew *rt_crew_new(void)
{
#ifndef CHARTE_NO_GC
    GC_allow_register_threads();
#endif
    RtCrew *c = rt_alloc_root(sizeof *c);
    c->holders = 1;
    pthread_mutex_init(&c->mutex, NULL);
    pthread_cond_init(&c->go, NULL);
    pthread_cond_init(&c->done, NULL);
    return c;
}

/* Helpers up to `want`, started detached (rt_crew_end does not wait for them). */
static void rt_crew_grow(RtCrew *c, int want)
{
    pthread_attr_t attr;
    if (c->nhelpers >= want || pthread_attr_init(&attr) != 0)
        return;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    while (c->nhelpers < want) {
        struct RtHelper *me = &c->helpers[c->nhelpers];
        me->crew = c;
        pthread_t id;
        pthread_mutex_lock(&c->mutex);
        c->holders++;
        pthread_mutex_unlock(&c->mutex);
        if (pthread_create(&id, &attr, rt_helper_main, me) != 0) {
            pthread_mutex_lock(&c->mutex);
            c->holders--;
            pthread_mutex_unlock(&c->mutex);
            break;
        }
        c->nhelpers++;
    }
    pthread_attr_destroy(&attr);
}

/*
** Part 0 runs on the calling thread; the others are claimed, in order, by
** whichever thread comes first: a helper woken by the run, or the calling
** thread once its own part is done. So a helper that a busy machine leaves
** without a core delays nothing: its part runs on the caller. A helper for
** each part is started, so that parts that wait for one another (the hour
** slices' readers and their lead) have threads to run on.
*/
bool rt_crew_run(RtCrew *c, int n, void (*fn)(void *arg, int i), void *arg)
{
    if (!c)
        return rt_run_threads(n, fn, arg);
    if (n > RT_CREW_MAX + 1)
        n = RT_CREW_MAX + 1;
    if (n <= 0)
        return true;
    rt_crew_grow(c, n - 1);
    pthread_mutex_lock(&c->mutex);
    c->fn = fn;
    c->arg = arg;
    c->next = 1;
    c->parts = n;
    c->run++;
    if (n > 1)
        pthread_cond_broadcast(&c->go);
    pthread_mutex_unlock(&c->mutex);
    fn(arg, 0);
    pthread_mutex_lock(&c->mutex);
    int i;
    while (rt_crew_claim(c, &i)) {
        pthread_mutex_unlock(&c->mutex);
        fn(arg, i);
        pthread_mutex_lock(&c->mutex);
    }
    while (c->running > 0)
        pthread_cond_wait(&c->done, &c->mutex);
    c->arg = NULL;              /* the crew is a root: it would keep the run's data alive */
    pthread_mutex_unlock(&c->mutex);
    return c->nhelpers >= n - 1;
}

void rt_crew_end(RtCrew *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mutex);
    c->end = true;
    pthread_cond_broadcast(&c->go);
    rt_crew_let_go(c);
}
