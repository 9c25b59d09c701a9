/* base/gc_grow.c: the one way an array grows (RT_GROW), doubling, for every allocator behind base/gc.h. */
#include "gc.h"

#include <stdint.h>
#include <string.h>

/* A copy of p's `have` elements into a block of `cap`, the rest zero. */
static void *copy_into_larger(void *p, size_t have, size_t cap, size_t size, int atomic)
{
    if (cap > (SIZE_MAX - sizeof(void *)) / size)
        rt_out_of_memory();
    /* Whole words asked for, so that rt_size gives them all back. */
    size_t bytes = (cap * size + sizeof(void *) - 1) / sizeof(void *) * sizeof(void *);
    /* rt_alloc clears the bytes asked for; an atomic block is cleared here
    ** past the copy only. */
    char *q = atomic ? rt_alloc_bytes(bytes) : rt_alloc(bytes);
    /* A copy, not realloc: realloc frees the old block, and a pointer taken
    ** into it before the growth (an element being filled in) must stay valid. */
    size_t kept = have * size;
    if (kept)
        memcpy(q, p, kept);
    /* The capacity counts the slack past the size asked for, which no allocator promises to clear. */
    size_t clear_from = atomic ? kept : bytes;
    memset(q + clear_from, 0, rt_size(q) - clear_from);
    return q;
}

void *rt_grow(void *p, size_t n, size_t size, int atomic)
{
    size_t have = p ? rt_size(p) / size : 0;
    if (n < have)
        return p;
    size_t cap = have >= 4 ? have * 2 : 8;
    while (cap <= n) {
        if (cap > SIZE_MAX / 2)
            rt_out_of_memory();
        cap *= 2;
    }
    return copy_into_larger(p, have, cap, size, atomic);
}

void *rt_reserve(void *p, size_t n, size_t size, int atomic)
{
    size_t have = p ? rt_size(p) / size : 0;
    return n <= have ? p : copy_into_larger(p, have, n, size, atomic);
}
