/* base/gc_threads.c: running one function on several threads at once, each known to the collector, and counting the cores. */
#include "gc.h"

#include <pthread.h>
#include <sched.h>
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
