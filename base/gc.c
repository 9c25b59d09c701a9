/* base/gc.c: allocation through libgc, or through calloc in the sanitizer/fuzzer build. */
#include "gc.h"

#include <gmp.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef CHARTE_NO_GC
#include <gc.h>
#endif

void rt_out_of_memory(void)
{
    fputs("charte: mémoire épuisée / out of memory\n", stderr);
    exit(2);
}

static void *rt_check(void *p)
{
    if (!p)
        rt_out_of_memory();
    return p;
}

#ifdef CHARTE_NO_GC

#if defined(__SANITIZE_ADDRESS__)
/* The no-GC build never frees (the GC build has no frees to make), so leak
** reports are noise; and a collector-free build still runs with the options
** that a libgc build needs. Anyone running build/san/charte by hand gets them. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0:detect_stack_use_after_return=0";
}
#endif

void rt_init(void) { }
void rt_long_running(void) { }
void rt_expect_heap(size_t bytes) { (void)bytes; }
void rt_expect_heap_filled(size_t bytes) { (void)bytes; }
void rt_keeping_begin(size_t expected) { (void)expected; }
void rt_keeping_end(void) { }
void rt_stress_pause(void) { }
void *rt_alloc(size_t size) { return rt_check(calloc(1, size ? size : 1)); }
void *rt_alloc_atomic(size_t size) { return rt_check(calloc(1, size ? size : 1)); }
void *rt_alloc_bytes(size_t size) { return rt_check(malloc(size ? size : 1)); }
void *rt_realloc(void *p, size_t size) { return rt_check(realloc(p, size ? size : 1)); }
void *rt_alloc_root(size_t size) { return rt_check(calloc(1, size ? size : 1)); }
void *rt_realloc_root(void *p, size_t size) { return rt_check(realloc(p, size ? size : 1)); }
void rt_free_root(void *p) { free(p); }
size_t rt_size(const void *p) { return malloc_usable_size((void *)p); }

static void *rt_gmp_alloc(size_t n) { return rt_check(malloc(n)); }
static void *rt_gmp_realloc(void *p, size_t old, size_t n) { (void)old; return rt_check(realloc(p, n)); }
/* Numbers live as long as the process: freeing would need ownership that the
** GC build does not have; the sanitizer build runs with leak detection off. */
static void rt_gmp_free(void *p, size_t n) { (void)n; free(p); }

#else

#ifdef CHARTE_GC_STRESS
/*
** The stress build (make gcstress): a full collection every 16 allocations
** of each thread, so that a GC pointer held where the collector
** does not look (malloc'd memory, a thread's argument before it registers,
** an atomic block) is reclaimed, and its block handed out again cleared,
** within a few allocations instead of once in a hundred runs. The count is
** the thread's own: no lock, and a helper's allocations collect too.
*/
static _Thread_local unsigned rt_stress_count;
/* CHARTE_GC_STRESS_EVERY in the environment sets another count (1: a
** collection at every allocation); set once, before any thread. 16: on the
** commit before f2dbf07, tests/cli/explain.sh crashed on 4 runs of 4 with 16,
** on none of 5 with 64. */
static unsigned rt_stress_every = 16;
static unsigned rt_stress_pause_us = 2000;   /* CHARTE_GC_STRESS_PAUSE_US, likewise */
static void rt_stress_collect(void)
{
    if (++rt_stress_count % rt_stress_every == 0)
        GC_gcollect();
}
static void rt_stress_init(void)
{
    const char *every = getenv("CHARTE_GC_STRESS_EVERY");
    if (every && atoi(every) > 0)
        rt_stress_every = (unsigned)atoi(every);
    const char *pause = getenv("CHARTE_GC_STRESS_PAUSE_US");
    if (pause && atoi(pause) > 0)
        rt_stress_pause_us = (unsigned)atoi(pause);
}
/* Threads start late: the window between a thread's creation and its first
** step (its registration, for a crew's helper) is where its argument is the
** kernel's alone. Up to 2 ms (dozens of the caller's collections), drawn from
** the clock: a fixed pause would skip the windows shorter than it (a helper
** that wakes only after the process has exited finds nothing amiss). */
void rt_stress_pause(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    (void)usleep((useconds_t)((unsigned long)now.tv_nsec / 1000 % rt_stress_pause_us));
}
#else
static inline void rt_stress_collect(void) { }
static inline void rt_stress_init(void) { }
void rt_stress_pause(void) { }
#endif

void *rt_alloc(size_t size) { rt_stress_collect(); return rt_check(GC_MALLOC(size)); }
void *rt_alloc_atomic(size_t size)
{
    rt_stress_collect();
    void *p = rt_check(GC_MALLOC_ATOMIC(size));
    memset(p, 0, size);
    return p;
}
/* A copy's bytes are all written: clearing them first was a tenth of a large check's memset. */
void *rt_alloc_bytes(size_t size) { rt_stress_collect(); return rt_check(GC_MALLOC_ATOMIC(size)); }
void *rt_realloc(void *p, size_t size) { rt_stress_collect(); return rt_check(GC_REALLOC(p, size)); }
void *rt_alloc_root(size_t size) { rt_stress_collect(); return rt_check(GC_MALLOC_UNCOLLECTABLE(size)); }
void *rt_realloc_root(void *p, size_t size)
{
    rt_stress_collect();
    /* GC_REALLOC keeps the object kind, so an uncollectable block stays one. */
    return rt_check(GC_REALLOC(p, size));
}
void rt_free_root(void *p) { GC_FREE(p); }
/* With interior pointers recognised (the default), libgc adds a byte to
** every object and does not scan the object's last word: that word is no
** place for a pointer, nor for anything RT_GROW hands out. */
size_t rt_size(const void *p) { return GC_size(p) - sizeof(void *); }

static void *rt_gmp_alloc(size_t n) { rt_stress_collect(); return rt_check(GC_MALLOC_ATOMIC(n)); }
static void *rt_gmp_realloc(void *p, size_t old, size_t n) { (void)old; rt_stress_collect(); return rt_check(GC_REALLOC(p, n)); }
static void rt_gmp_free(void *p, size_t n) { (void)p; (void)n; }

/* Collect when as much has been allocated since the last collection as the
** heap holds, not a third of it: each check of an editor's buffer allocates
** about as much as it keeps, so this halves the collections (and a fifth of a
** re-check's time) for a heap at most one check larger. */
void rt_long_running(void) { GC_set_free_space_divisor(1); }

/* A heap that grows from 64 KiB to what a run keeps collects at each step of
** the growth (libgc collects before it grows), and an evaluation frees almost
** nothing while it loads: medium's contracts and participants (9 MB kept) cost
** nine collections, 46 M instructions of marking what is all still live.
** Pages of the heap count in the resident memory only once used. */
void rt_expect_heap(size_t bytes)
{
    size_t have = GC_get_heap_size();
    if (bytes > have)
        (void)GC_expand_hp(bytes - have);    /* on failure the heap just grows as before */
}

enum { RT_HUGE_PAGE = 2 << 20 };

/*
** A page's first touch costs a fault, about 2.3 us here: medium's run touched
** 2 000 pages of its 12 MB heap, one fault each, on whichever thread first
** wrote there (the participants' loading, the hour shares, the results) while
** the other core often waited. Where transparent huge pages are given on
** request (the "madvise" mode, the usual default), the heap's section asks for
** them: one fault and one clearing per 2 MiB. libgc says nothing of where its
** section lies, so the section is allocated whole, once, advised, and handed
** back: its blocks then serve the small objects as before. Pages not asked for
** by the run become resident with their 2 MiB (medium: +1.4 MB of peak RSS of
** 21). Without huge pages, madvise fails and nothing changes. The range
** advised is left in [*lo, *hi), empty when nothing was.
*/
static void rt_heap_grow_huge(size_t bytes, uintptr_t *lo, uintptr_t *hi)
{
    enum { SPARE = 256 << 10 };
    size_t have = GC_get_heap_size();
    *lo = *hi = 0;
    rt_expect_heap(bytes);
    /* What the heap grew by when that is less than asked: libgc rounds the
    ** growth down to its 4 KiB blocks (a check's 16 bytes per byte of text is
    ** rarely a multiple), and a section a few bytes short of the request is
    ** still the new one. No more than asked otherwise, as before (eval's). */
    size_t grown = GC_get_heap_size() - have, asked = bytes > have ? bytes - have : 0;
    size_t room = grown < asked ? grown : asked;
    if (room <= SPARE)
        return;
    size_t len = room - SPARE;   /* within the new section: the old one holds less */
    char *p = GC_MALLOC_ATOMIC(len);
    if (!p)
        return;
    uintptr_t a = ((uintptr_t)p + RT_HUGE_PAGE - 1) & ~(uintptr_t)(RT_HUGE_PAGE - 1);
    uintptr_t b = ((uintptr_t)p + len) & ~(uintptr_t)(RT_HUGE_PAGE - 1);
    if (b > a && madvise((void *)a, b - a, MADV_HUGEPAGE) == 0) {
        *lo = a;
        *hi = b;
    }
    GC_FREE(p);
}

void rt_expect_heap_filled(size_t bytes)
{
    uintptr_t lo, hi;
    rt_heap_grow_huge(bytes, &lo, &hi);
}

/*
** The first touch of each 2 MiB page of the check's heap costs the kernel a
** clearing of 2 MiB: about a fifth of the check of 50 000 lines, on the one
** core that parses, while the other waits. A thread of its own asks the
** kernel to make the pages resident first (MADV_POPULATE_WRITE, Linux 5.14),
** 2 MiB at a time from the start of the section, where libgc hands out the
** blocks first: the parser then finds them cleared. Populating changes no
** byte (a page already written stays as it is, a new one is zeroes, as its
** first touch would give), so the thread and the allocating one share
** nothing but the kernel's page tables; the thread holds an address range,
** no object, touches no byte of it, and allocates nothing from here: it need
** not be known to the collector, and it ends by itself (the range is a heap
** section, which libgc never gives back during the phase; a failed madvise,
** on an older kernel or a range libgc has since unmapped, stops it).
*/
typedef struct RtPrefault {
    uintptr_t lo, hi;
} RtPrefault;

static void *rt_prefault_main(void *arg)
{
    RtPrefault r = *(RtPrefault *)arg;
    free(arg);
    for (uintptr_t at = r.lo; at < r.hi; at += RT_HUGE_PAGE)
        if (madvise((void *)at, RT_HUGE_PAGE, MADV_POPULATE_WRITE) != 0)
            break;
    return NULL;
}

static void rt_prefault_start(uintptr_t lo, uintptr_t hi)
{
    pthread_attr_t attr;
    RtPrefault *r = malloc(sizeof *r);
    if (!r || hi - lo < 2 * RT_HUGE_PAGE || rt_cores() < 2 || pthread_attr_init(&attr) != 0) {
        free(r);
        return;
    }
    r->lo = lo;
    r->hi = hi;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t id;
    if (pthread_create(&id, &attr, rt_prefault_main, r) != 0)
        free(r);
    pthread_attr_destroy(&attr);
}

void rt_keeping_begin(size_t expected)
{
    /* The whole heap marked for 4 KB freed: the one collection left in the
    ** check of 50 000 lines once the heap was grown beforehand (35 ms).
    ** The phase fills what it asked for: in 2 MiB pages, the check of 50 000
    ** lines takes 1 800 page faults instead of 12 700 (26 ms of system time
    ** of 38). */
    uintptr_t lo, hi;
    rt_heap_grow_huge(expected, &lo, &hi);
    /* What came before is collected first (a language server's previous
    ** check: without this, its garbage and the new tree were both kept and
    ** the server's memory doubled); on a fresh process the heap is nearly
    ** empty and this costs a fraction of a millisecond. */
    GC_gcollect();
#ifndef CHARTE_GC_STRESS
    GC_disable();    /* the stress build collects in these phases too */
#endif
    /* Not the whole section: the check of 50 000 lines fills about three
    ** quarters of what it asks for (40 MB of 52), and a page populated for
    ** nothing is 2 MiB more resident. */
    if (hi > lo)
        rt_prefault_start(lo, lo + (hi - lo) / 4 * 3);
}

void rt_keeping_end(void)
{
#ifndef CHARTE_GC_STRESS
    GC_enable();
#endif
}

void rt_init(void)
{
    GC_INIT();
}

#endif

/* GMP limbs hold no pointers: atomic GC memory is right for them. */
static void rt_init_gmp(void) __attribute__((constructor));
static void rt_init_gmp(void)
{
#ifndef CHARTE_NO_GC
    GC_INIT();
    rt_stress_init();
#endif
    mp_set_memory_functions(rt_gmp_alloc, rt_gmp_realloc, rt_gmp_free);
}

enum { RT_APART = 128 };   /* two 64-byte lines: the adjacent-line prefetcher moves them in pairs */

/* The block is RT_APART bytes longer on each side than asked, less the start
** moved up to the next boundary: the lines the caller writes are the
** block's alone. An interior pointer keeps the block alive (libgc
** recognises them, and the plain build never frees). */
void *rt_alloc_apart(size_t size, int atomic)
{
    size_t whole = size + 2 * RT_APART;
    char *p = atomic ? rt_alloc_atomic(whole) : rt_alloc(whole);
    return p + (RT_APART - (uintptr_t)p % RT_APART);
}
