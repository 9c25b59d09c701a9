/* base/gc.h: the one place that knows how interpreter memory is allocated (libgc or plain). */
#ifndef CHARTE_GC_H
#define CHARTE_GC_H

#include <stddef.h>

/*
** All interpreter memory comes from here. The normal build uses the Boehm
** collector; the build with -DCHARTE_NO_GC uses calloc and never frees, so
** that AddressSanitizer and the fuzzers see every object with its redzones.
**
** Rules that keep the collector honest:
**  - rt_alloc memory is scanned for pointers; rt_alloc_atomic memory is not
**    (strings, GMP limbs);
**  - a GC pointer must never live only in malloc'd memory (bison's grown
**    stack, flex buffers, libcsv, jansson): such memory comes from
**    rt_alloc_root, which the collector scans and never reclaims by itself;
**  - nor only in a thread's argument before the thread registers (the crew,
**    base/gc_threads.c), nor in thread-local storage (never scanned);
**  - a thread started with the system's pthread_create, unknown to the
**    collector (runtime/table_zip_ahead.c), allocates nothing from here, and
**    what it touches is kept by scanned memory until it is joined; the one
**    that makes a keeping phase's heap resident (base/gc.c) touches no byte
**    of it, only asks the kernel for its pages.
** make gcstress builds a binary that collects every few allocations and
** starts every thread late, to find the breaches (docs/fiabilite.md, 11).
**
** Arrays grow one way only, RT_GROW (below): no capacity is kept beside a
** count, and the growth doubles.
*/

void  rt_init(void);                       /* once, before any allocation */
void  rt_long_running(void);               /* a process that checks again and again (charte lsp): fewer collections, more memory */
void  rt_expect_heap(size_t bytes);        /* a run that will keep about this much: the heap starts that large */
/* The same, for a run that will fill that heap soon (an evaluation): its pages
** asked for 2 MiB at a time where the kernel gives them on request. */
void  rt_expect_heap_filled(size_t bytes);
/* A phase that keeps what it allocates (reading and checking a charter: the
** tree, the model): a collection during it only marks the growing tree again
** and frees next to nothing. rt_keeping_begin grows the heap at once to
** `expected` bytes (what the phase will keep, as far as the caller knows),
** its new pages asked for 2 MiB at a time as rt_expect_heap_filled does, and
** collects no more until rt_keeping_end; the heap grows as the phase needs.
** Only for a phase whose allocations are bounded by its input and mostly kept
** (not for one that evaluates). Nests. */
void  rt_keeping_begin(size_t expected);
void  rt_keeping_end(void);
_Noreturn void rt_out_of_memory(void);     /* says so and exits 2 */
void *rt_alloc(size_t size);               /* zeroed, scanned */
void *rt_alloc_atomic(size_t size);        /* zeroed, not scanned */
void *rt_alloc_bytes(size_t size);         /* not zeroed, not scanned: bytes the caller writes whole */
void *rt_realloc(void *p, size_t size);    /* keeps the kind of p */
void *rt_alloc_root(size_t size);          /* uncollectable, scanned */
void *rt_realloc_root(void *p, size_t size);
void  rt_free_root(void *p);
size_t rt_size(const void *p);             /* bytes of a block usable (and scanned): >= the whole words asked */
/* rt_alloc (atomic: rt_alloc_atomic) of `size` bytes that share no cache
** line, nor the pair of lines a core fetches together, with any other
** allocation: for the state a thread writes on every row (the slices' readers
** of runtime/eval_threads.c), which, packed beside the state of the slice
** that another thread reads, would bounce between the cores at each write. */
void *rt_alloc_apart(size_t size, int atomic);
/* The stress build (-DCHARTE_GC_STRESS, make gcstress): a collection every
** few allocations of a thread, and this pause, at the start of every thread
** the program starts, before it registers; elsewhere it does nothing. */
void  rt_stress_pause(void);
char *rt_strndup(const char *s, size_t n); /* atomic, NUL-terminated */
char *rt_strdup(const char *s);
char *rt_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *rt_join(const char *const *items, int n, const char *sep); /* the n items with sep between */

#define RT_NEW(T)        ((T *)rt_alloc(sizeof(T)))
#define RT_NEW_ARRAY(T, n) ((T *)rt_alloc(sizeof(T) * (size_t)(n)))

/*
** The one way an array grows. RT_GROW(p, n) leaves room for element n of p
** (p NULL, or a block from this allocator, with elements of sizeof *p
** bytes): p stays when it has the room; else it becomes a copy about twice
** as large (8 elements at least), whose new elements are zero. The capacity
** is the allocator's own size of the block, so none is stored beside the
** count. RT_GROW's array is scanned for pointers; RT_GROW_ATOMIC's is not
** (no GC pointer may be stored in it). The old block is left as it was:
** a pointer into it taken before the growth still reads what it read.
*/
void *rt_grow(void *p, size_t n, size_t size, int atomic);
/* RT_RESERVE(p, n): room for n elements of p, not rounded up to a power of
** two: for a count known beforehand (the rules of 25 000 target lines), where
** the doubling's slack would be megabytes cleared for nothing. */
void *rt_reserve(void *p, size_t n, size_t size, int atomic);
/*
** An arena (base/gc_arena.c): blocks of a structure whose parts live and die
** together (a syntax tree), cut from chunks of collected memory: a few
** instructions a block instead of the collector's allocation, and no
** rounding up. A pointer into a chunk keeps all of it alive. A zeroed
** RtArena is empty; a NULL arena allocates each block on its own. Blocks of
** rt_arena_alloc are zeroed and scanned; texts of rt_arena_strndup are not
** scanned. Never rt_grow, rt_size or rt_realloc an arena block.
*/
typedef struct RtArena {
    char *next, *end;              /* the chunk of scanned blocks being cut */
    char *text_next, *text_end;    /* the chunk of texts being cut */
    size_t chunk, text_chunk;      /* the size of each's last chunk */
} RtArena;
void *rt_arena_alloc(RtArena *a, size_t size, size_t align);   /* align: a power of two, at most 16 */
char *rt_arena_strndup(RtArena *a, const char *s, size_t n);
#define RT_ARENA_NEW(a, T) ((T *)rt_arena_alloc((a), sizeof(T), _Alignof(T)))

/*
** Threads (base/gc_threads.c). rt_run_threads runs fn(arg, 0) on the calling
** thread and fn(arg, i), 0 < i < n, each on a thread of its own, created so
** that the collector knows it (it may allocate), and returns when all are
** done; false when some thread could not start (its share then ran on the
** calling thread, after the others). rt_cores: the cores this process may
** run on (its affinity), at least 1.
*/
#include <stdbool.h>
bool rt_run_threads(int n, void (*fn)(void *arg, int i), void *arg);
int rt_cores(void);
/*
** A crew: helper threads kept from one run to the next, for a command that
** runs several steps on threads. rt_crew_run runs fn(arg, i) once for each
** 0 <= i < n and returns when all are done, as rt_run_threads does; but
** part 0 starts at once on the calling thread, without waiting for any
** helper to start or wake, and each part i > 0 runs on whichever thread
** claims it first: one of the crew's helpers (started by the first run that
** needs them, n - 1 at most RT_CREW_MAX, so that every part can run at the
** same time as the others), or the calling thread once part 0 is done.
** false when some helper could not start. A NULL crew: rt_run_threads.
** rt_crew_end lets the helpers go (without waiting for them); the crew is
** not run after.
*/
enum { RT_CREW_MAX = 255 };
typedef struct RtCrew RtCrew;
RtCrew *rt_crew_new(void);
bool rt_crew_run(RtCrew *c, int n, void (*fn)(void *arg, int i), void *arg);
void rt_crew_end(RtCrew *c);

#define RT_GROW(p, n)        ((p) = rt_grow((p), (size_t)(n), sizeof *(p), 0))
#define RT_GROW_ATOMIC(p, n) ((p) = rt_grow((p), (size_t)(n), sizeof *(p), 1))
#define RT_RESERVE(p, n)     ((p) = rt_reserve((p), (size_t)(n), sizeof *(p), 0))

#endif
