/* tests/bench/inflate-time.c: an LD_PRELOAD library that says how much CPU a run spent inside ISA-L's isal_inflate, on which threads, for how many bytes. */
/*
** Why: a workbook's hour sheet is one deflate stream, inflated on one thread,
** so that thread's inflation time bounds the run; whether it costs the same
** in a run of one thread and of two (where the other core reads the slices)
** cannot be read from a profile's percentages, and valgrind hides the
** processor's own paths. Wrapping the library's entry gives the figure
** directly: each call's thread CPU time (CLOCK_THREAD_CPUTIME_ID, so a
** thread descheduled in a call is not counted) and its wall time.
**
**   gcc -O2 -shared -fPIC -o build/inflate-time.so tests/bench/inflate-time.c -ldl
**   LD_PRELOAD=build/inflate-time.so build/charte eval ... --threads 2 > /dev/null
**
** prints on stderr at exit, e.g.
**   inflate-time: 301 calls, 208963078 bytes out, 96.0 ms of CPU, 96.1 ms of wall, 2 threads
** A measurement tool, not part of charte: nothing in the build links it.
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include <isa-l/igzip_lib.h>

static atomic_ulong calls, bytes_out, cpu_ns, wall_ns;
static atomic_uint threads_seen;
static _Thread_local int seen_here;

static unsigned long clock_ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (unsigned long)t.tv_sec * 1000000000ul + (unsigned long)t.tv_nsec;
}

int isal_inflate(struct inflate_state *s)
{
    static int (*real)(struct inflate_state *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "isal_inflate");
    if (!seen_here) {
        seen_here = 1;
        atomic_fetch_add(&threads_seen, 1);
    }
    unsigned before = s->avail_out;
    unsigned long c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID), w0 = clock_ns(CLOCK_MONOTONIC);
    int r = real(s);
    atomic_fetch_add(&cpu_ns, clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0);
    atomic_fetch_add(&wall_ns, clock_ns(CLOCK_MONOTONIC) - w0);
    atomic_fetch_add(&bytes_out, (unsigned long)(before - s->avail_out));
    atomic_fetch_add(&calls, 1);
    return r;
}

__attribute__((destructor)) static void inflate_time_report(void)
{
    fprintf(stderr, "inflate-time: %lu calls, %lu bytes out, %.1f ms of CPU, %.1f ms of wall, %u threads\n",
            (unsigned long)calls, (unsigned long)bytes_out, (double)cpu_ns / 1e6, (double)wall_ns / 1e6,
            (unsigned)threads_seen);
}
