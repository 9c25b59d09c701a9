/* tests/fuzz/fuzz_alloc.c: base/gc.h for the fuzz harnesses: calloc, remembered, all freed after each input. */
#include "fuzz.h"
#include "gc.h"

#include <gmp.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** The live set is an open-addressing hash set of block addresses (linear
** probing, tombstones). It is plain malloc memory of the harness, never
** handed to the code under test. A mutable global is unavoidable here: the
** rt_* interface has no context argument. A lock keeps it whole when the
** code under test allocates on threads of its own (a JSON survey in parts).
*/
#define TOMBSTONE ((void *)1)

typedef struct LiveSet {
    void **slots;
    size_t cap, used, tombs;
} LiveSet;

static LiveSet live;
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;

void rt_out_of_memory(void)
{
    fputs("charte: mémoire épuisée / out of memory\n", stderr);
    exit(2);
}

static size_t live_hash(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x & (cap - 1);
}

static void live_insert_slot(void **slots, size_t cap, void *p)
{
    size_t i = live_hash(p, cap);
    while (slots[i] && slots[i] != TOMBSTONE)
        i = (i + 1) & (cap - 1);
    slots[i] = p;
}

static void live_grow(void)
{
    size_t cap = live.cap ? live.cap * 2 : 4096;
    if (live.used * 4 < live.cap)
        cap = live.cap; /* mostly tombstones: rehash at the same size */
    void **slots = calloc(cap, sizeof *slots);
    if (!slots)
        rt_out_of_memory();
    for (size_t i = 0; i < live.cap; i++)
        if (live.slots[i] && live.slots[i] != TOMBSTONE)
            live_insert_slot(slots, cap, live.slots[i]);
    free(live.slots);
    live.slots = slots;
    live.cap = cap;
    live.tombs = 0;
}

static void live_add(void *p)
{
    pthread_mutex_lock(&live_lock);
    if ((live.used + live.tombs + 1) * 2 > live.cap)
        live_grow();
    live_insert_slot(live.slots, live.cap, p);
    live.used++;
    pthread_mutex_unlock(&live_lock);
}

static void live_remove(void *p)
{
    pthread_mutex_lock(&live_lock);
    if (!live.cap)
        abort();
    size_t i = live_hash(p, live.cap);
    while (live.slots[i] != p) {
        if (!live.slots[i])
            fuzz_fail("fuzz_alloc: bloc inconnu libéré ou réalloué (%p)", p);
        i = (i + 1) & (live.cap - 1);
    }
    live.slots[i] = TOMBSTONE;
    live.used--;
    live.tombs++;
    pthread_mutex_unlock(&live_lock);
}

static void *tracked(void *p)
{
    if (!p)
        rt_out_of_memory();
    live_add(p);
    return p;
}

static void *tracked_realloc(void *p, size_t size)
{
    if (!p)
        return tracked(calloc(1, size ? size : 1));
    live_remove(p);
    return tracked(realloc(p, size ? size : 1));
}

void fuzz_alloc_release(void)
{
    for (size_t i = 0; i < live.cap; i++) {
        if (live.slots[i] && live.slots[i] != TOMBSTONE)
            free(live.slots[i]);
        live.slots[i] = NULL;
    }
    live.used = live.tombs = 0;
}

void *rt_alloc(size_t size) { return tracked(calloc(1, size ? size : 1)); }
void *rt_alloc_atomic(size_t size) { return tracked(calloc(1, size ? size : 1)); }
void *rt_alloc_bytes(size_t size) { return tracked(malloc(size ? size : 1)); }
/* No threads here: nothing to keep apart. */
void *rt_alloc_apart(size_t size, int atomic) { return atomic ? rt_alloc_atomic(size) : rt_alloc(size); }
void *rt_realloc(void *p, size_t size) { return tracked_realloc(p, size); }
void *rt_alloc_root(size_t size) { return tracked(calloc(1, size ? size : 1)); }
void *rt_realloc_root(void *p, size_t size) { return tracked_realloc(p, size); }

void rt_free_root(void *p)
{
    if (!p)
        return;
    live_remove(p);
    free(p);
}

size_t rt_size(const void *p) { return malloc_usable_size((void *)p); }
/* No collector here: nothing to tune while a charter is checked. */
void rt_keeping_begin(size_t expected) { (void)expected; }
void rt_keeping_end(void) { }
void rt_stress_pause(void) { }

static void *fuzz_gmp_alloc(size_t n) { return rt_alloc_atomic(n); }
static void *fuzz_gmp_realloc(void *p, size_t old, size_t n) { (void)old; return tracked_realloc(p, n); }
static void fuzz_gmp_free(void *p, size_t n) { (void)n; rt_free_root(p); }

void rt_init(void)
{
    mp_set_memory_functions(fuzz_gmp_alloc, fuzz_gmp_realloc, fuzz_gmp_free);
}
