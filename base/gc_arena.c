/* base/gc_arena.c: bump allocation of many small blocks that live and die together (a syntax tree), in chunks of collected memory. */
#include "gc.h"

#include <stdint.h>
#include <string.h>

/*
** Why: a 50 000-line charter makes 225 000 tree nodes and 200 000 token
** texts, each a GC_malloc of about 200 instructions, rounded up by the
** collector to its size classes plus the byte it adds for interior pointers
** (an 80-byte AstExpr took 96). Here a node is a few instructions and takes
** its own size. The collector sees a chunk as one block: a pointer to any
** node inside keeps the whole chunk alive, which is right for a tree whose
** nodes are all reachable from its root as long as any is.
**
** The sanitizer build allocates every block on its own, so that
** AddressSanitizer keeps a redzone around each node.
*/

enum {
    /* Chunks double from the first to the largest: a small charter (a language
    ** server's buffer, the stdlib) does not keep the unused tail of a large
    ** chunk per tree (0.9 MiB more over the server's soak). */
    ARENA_FIRST_CHUNK = 2 * 1024,
    ARENA_CHUNK = 64 * 1024,
    /* A block larger than this gets a block of its own: it would waste most of a chunk's tail. */
    ARENA_LARGE = ARENA_FIRST_CHUNK / 2,
};

#ifdef CHARTE_NO_GC

void *rt_arena_alloc(RtArena *a, size_t size, size_t align) { (void)a; (void)align; return rt_alloc(size); }
char *rt_arena_strndup(RtArena *a, const char *s, size_t n) { (void)a; return rt_strndup(s, n); }

#else

/* size bytes at a multiple of align from the chunk [*next, *end), or from a
** new chunk (its start aligned for anything) when that one has not the room. */
static void *bump(char **next, char **end, size_t *chunk, size_t size, size_t align,
                  void *(*alloc)(size_t))
{
    uintptr_t at = ((uintptr_t)*next + align - 1) & ~(uintptr_t)(align - 1);
    if (!*next || at > (uintptr_t)*end || size > (uintptr_t)*end - at) {
        *chunk = !*chunk ? ARENA_FIRST_CHUNK : *chunk < ARENA_CHUNK ? 2 * *chunk : ARENA_CHUNK;
        *next = alloc(*chunk);
        *end = *next + *chunk;
        at = (uintptr_t)*next;
    }
    *next = (char *)at + size;
    return (char *)at;
}

/* Each block aligned as its type asks, not to max_align_t's 16: a 40-byte
** AstField would take 48. */
void *rt_arena_alloc(RtArena *a, size_t size, size_t align)
{
    if (!a || size > ARENA_LARGE)
        return rt_alloc(size);
    /* rt_alloc clears the chunk: its blocks start zeroed. */
    return bump(&a->next, &a->end, &a->chunk, size ? size : 1, align, rt_alloc);
}

char *rt_arena_strndup(RtArena *a, const char *s, size_t n)
{
    if (!a || n >= ARENA_LARGE)
        return rt_strndup(s, n);
    char *d = bump(&a->text_next, &a->text_end, &a->text_chunk, n + 1, 1, rt_alloc_bytes);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

#endif
