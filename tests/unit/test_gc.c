/* tests/unit/test_gc.c: the one way arrays grow (RT_GROW in base/gc.h): room, doubling, zeroed new elements, pointers the collector still sees; arenas (base/gc_arena.c): aligned, zeroed, apart, kept alive by any node; a crew's runs (base/gc_threads.c): each part once, claimed by a helper or the caller, all at once when they wait for one another, the helpers' stacks scanned, the crew kept until its last helper lets go; a keeping phase's heap in 2 MiB pages, its bytes untouched by the thread that makes them resident; and a region made resident at once (base/pages.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gc.h"
#include "pages.h"

#include <sys/mman.h>
#include <unistd.h>

typedef struct List {
    long **items;
    int len;
} List;

/* Every element pushed is still there, and the array was copied only
** when it was full: a handful of times for a thousand pushes. */
static void test_room_for_each_push_with_doubling(void **state)
{
    long *a = NULL;
    int moves = 0;
    for (long i = 0; i < 1000; i++) {
        long *before = a;
        RT_GROW_ATOMIC(a, i);
        if (a != before)
            moves++;
        a[i] = i * 7;
    }
    for (long i = 0; i < 1000; i++)
        assert_int_equal(a[i], i * 7);
    assert_in_range(moves, 7, 10);
    assert_true(rt_size(a) >= 1000 * sizeof(long));
}

/* New elements are zero, in scanned and in atomic arrays alike, also after
** a jump past the capacity (a buffer reserved for a long cell). */
static void test_new_elements_are_zero(void **state)
{
    char *text = NULL;
    RT_GROW_ATOMIC(text, 5);
    memset(text, 'x', 6);
    RT_GROW_ATOMIC(text, 5000);
    for (size_t i = 6; i < rt_size(text); i++)
        if (text[i] != 0)
            fail_msg("byte %zu is %d, not 0", i, text[i]);
    const char **names = NULL;
    for (int i = 0; i < 100; i++) {
        RT_GROW(names, i);
        assert_null(names[i]);
        names[i] = "nom";
    }
}

/* RT_RESERVE gives room for exactly the count asked (not the next power of
** two), keeps the elements and zeroes the new ones; a count it already has
** room for keeps the block; RT_GROW goes on from there. */
static void test_reserve_gives_the_room_asked(void **state)
{
    long *a = NULL;
    for (long i = 0; i < 10; i++) {
        RT_GROW(a, i);
        a[i] = i + 1;
    }
    RT_RESERVE(a, 25000);
    assert_in_range(rt_size(a), 25000 * sizeof(long), 25000 * sizeof(long) + 64);
    for (long i = 0; i < 10; i++)
        assert_int_equal(a[i], i + 1);
    for (size_t i = 10; i < rt_size(a) / sizeof(long); i++)
        if (a[i] != 0)
            fail_msg("element %zu is %ld, not 0", i, a[i]);
    long *block = a;
    RT_RESERVE(a, 100);
    RT_GROW(a, 24999);
    assert_ptr_equal(a, block);
    RT_GROW(a, 25000 + 16);
    assert_ptr_not_equal(a, block);
    assert_int_equal(a[9], 10);
}

/* A stack that pops and pushes again keeps its block. */
static void test_a_stack_keeps_its_block(void **state)
{
    int *stack = NULL;
    int n = 0;
    for (; n < 20; n++) {
        RT_GROW_ATOMIC(stack, n);
        stack[n] = n;
    }
    int *block = stack;
    for (int round = 0; round < 100; round++) {
        n--;
        RT_GROW_ATOMIC(stack, n);
        stack[n++] = round;
    }
    assert_ptr_equal(stack, block);
    assert_int_equal(stack[19], 99);
}

/* Pointers stored in grown arrays keep their objects alive through
** collections: every slot of a block handed out must be one the collector
** scans (libgc does not scan an object's last word). */
static void test_collector_sees_every_element(void **state)
{
    List *lists = RT_NEW_ARRAY(List, 500);
    for (int round = 0; round < 40; round++) {
        for (int k = 0; k < 500; k++) {
            List *l = &lists[k];
            RT_GROW(l->items, l->len);
            long *o = rt_alloc(2 * sizeof(long));
            o[0] = k * 1000L + l->len;
            l->items[l->len++] = o;
        }
        if (round % 5 == 0)
            GC_gcollect();
        /* Garbage of the same size, to reuse whatever was wrongly freed. */
        for (int g = 0; g < 2000; g++)
            ((long *)rt_alloc(2 * sizeof(long)))[0] = -1;
    }
    GC_gcollect();
    for (int g = 0; g < 50000; g++)
        ((long *)rt_alloc(2 * sizeof(long)))[0] = -1;
    for (int k = 0; k < 500; k++)
        for (int i = 0; i < lists[k].len; i++)
            if (lists[k].items[i][0] != k * 1000L + i)
                fail_msg("list %d, element %d: %ld", k, i, lists[k].items[i][0]);
}

/* Arena blocks (base/gc_arena.c) of every size, small and past a chunk's
** share, at every alignment: each aligned as asked, zeroed, and apart from
** the others (each filled, all checked at the end); texts too, and a NULL
** arena's blocks. */
static void test_arena_blocks_are_aligned_zeroed_and_apart(void **state)
{
    RtArena arena = { 0 };
    enum { N = 6000 };
    static unsigned char *blocks[N];
    static size_t sizes[N];
    static char *texts[N];
    char src[3000];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (char)('a' + i % 26);
    for (int i = 0; i < N; i++) {
        size_t align = (size_t)1 << (i % 5), size = (size_t)(i * 37) % (i % 50 == 0 ? 2500 : 300);
        RtArena *a = i % 97 == 0 ? NULL : &arena;
        blocks[i] = rt_arena_alloc(a, size, align);
        sizes[i] = size;
        assert_int_equal((uintptr_t)blocks[i] % align, 0);
        for (size_t k = 0; k < size; k++)
            if (blocks[i][k] != 0)
                fail_msg("block %d, byte %zu is %d, not 0", i, k, blocks[i][k]);
        memset(blocks[i], i & 0xff, size);
        size_t n = (size_t)(i * 13) % (i % 40 == 0 ? sizeof src : 40);
        texts[i] = rt_arena_strndup(a, src + i % 7, n);
        assert_int_equal(strlen(texts[i]), n);
    }
    for (int i = 0; i < N; i++) {
        for (size_t k = 0; k < sizes[i]; k++)
            if (blocks[i][k] != (i & 0xff))
                fail_msg("block %d, byte %zu overwritten (%d)", i, k, blocks[i][k]);
        size_t n = (size_t)(i * 13) % (i % 40 == 0 ? sizeof src : 40);
        assert_memory_equal(texts[i], src + i % 7, n);
    }
}

typedef struct ArenaNode {
    struct ArenaNode *next;
    const char *text;
    long value;
} ArenaNode;

/* A tree cut from an arena lives as long as a pointer to any of its nodes:
** the collector sees each chunk as one block. A list of 20 000 nodes (many
** chunks), held by its first node only, then by a node in its middle, once
** the arena itself is forgotten, survives collections and reuse. */
static void test_arena_nodes_keep_their_chunks_alive(void **state)
{
    RtArena *arena = RT_NEW(RtArena);
    ArenaNode *head = NULL;
    for (long i = 0; i < 20000; i++) {
        ArenaNode *n = RT_ARENA_NEW(arena, ArenaNode);
        char digits[24];
        int len = snprintf(digits, sizeof digits, "%ld", i);
        n->text = rt_arena_strndup(arena, digits, (size_t)len);
        n->value = i;
        n->next = head;
        head = n;
    }
    arena = NULL;
    ArenaNode *middle = head;
    for (int i = 0; i < 10000; i++)
        middle = middle->next;
    for (int round = 0; round < 2; round++) {
        GC_gcollect();
        for (int g = 0; g < 50000; g++)
            ((long *)rt_alloc(3 * sizeof(long)))[0] = -1;
        long want = round == 0 ? 19999 : 9999;
        for (ArenaNode *n = round == 0 ? head : middle; n; n = n->next, want--) {
            char digits[24];
            snprintf(digits, sizeof digits, "%ld", want);
            if (n->value != want || strcmp(n->text, digits) != 0)
                fail_msg("node %ld reads %ld \"%s\"", want, n->value, n->text);
        }
        assert_int_equal(want, -1);
        head = NULL;
    }
}

/* What the parts of a crew's run saw: which thread ran each part, how many times. */
typedef struct CrewRun {
    pthread_t by[16];
    int times[16];
    pthread_mutex_t mutex;
    bool collect;          /* part 0 collects while the others build lists held on their stacks only */
    bool slow_first;       /* part 0 takes a while: the helpers claim the others */
    int started;           /* parts started, for the parts that wait for all of them */
    int bad;
} CrewRun;

typedef struct Node {
    struct Node *next;
    long value;
} Node;

static void crew_lists(CrewRun *r, int i)
{
    if (i == 0) {
        for (int k = 0; k < 20; k++)
            GC_gcollect();
        return;
    }
    Node *head = NULL;
    for (long k = 0; k < 20000; k++) {
        Node *n = rt_alloc(sizeof *n);
        *n = (Node){ head, i * 100000L + k };
        head = n;
        ((long *)rt_alloc(sizeof(Node)))[0] = -1;   /* garbage of the same size, reused if a node was freed */
    }
    for (long k = 19999; k >= 0; k--, head = head->next)
        if (!head || head->value != i * 100000L + k) {
            pthread_mutex_lock(&r->mutex);
            r->bad++;
            pthread_mutex_unlock(&r->mutex);
            return;
        }
}

static void crew_part(void *arg, int i)
{
    CrewRun *r = arg;
    pthread_mutex_lock(&r->mutex);
    r->by[i] = pthread_self();
    r->times[i]++;
    r->started++;
    pthread_mutex_unlock(&r->mutex);
    if (i == 0 && r->slow_first) {
        struct timespec pause = { 0, 5 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    if (r->collect)
        crew_lists(r, i);
}

/* Runs of 1 to 9 parts on one crew, growing and shrinking, and on no crew:
** every part runs once, part 0 on the calling thread; the helpers allocate,
** and what only their stacks hold outlives collections made meanwhile by
** the caller. A part is claimed by a helper (part 0 slow) or by the caller
** (the parts tiny, the caller claims the others before the helpers wake):
** both happen over the runs. */
static void test_crew_runs_each_part_once(void **state)
{
    static const int sizes[] = { 1, 2, 3, 2, 5, 1, 9, 4, 9, 2 };
    RtCrew *crew = rt_crew_new();
    int by_helper = 0, by_caller = 0;
    for (int round = 0; round < 40; round++) {
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            for (int with_crew = 0; with_crew < 2; with_crew++) {
                int n = sizes[s];
                CrewRun *r = rt_alloc(sizeof *r);
                pthread_mutex_init(&r->mutex, NULL);
                r->collect = round < 2 && s % 3 == 1;
                r->slow_first = round % 8 == 1;
                assert_true(rt_crew_run(with_crew ? crew : NULL, n, crew_part, r));
                assert_int_equal(r->bad, 0);
                for (int i = 0; i < n; i++)
                    assert_int_equal(r->times[i], 1);
                assert_int_equal(r->times[n], 0);
                assert_true(pthread_equal(r->by[0], pthread_self()));
                for (int i = 1; i < n && with_crew; i++) {
                    by_caller += pthread_equal(r->by[i], pthread_self());
                    by_helper += !pthread_equal(r->by[i], pthread_self());
                }
                pthread_mutex_destroy(&r->mutex);
            }
        }
    }
    assert_true(by_helper > 0);
    assert_true(by_caller > 0);
    rt_crew_end(crew);
    rt_crew_end(NULL);
}

/* Parts that wait for one another (as the hour slices' readers wait for
** their lead) have a thread each: every part waits until all have started. */
static void crew_part_waiting(void *arg, int i)
{
    CrewRun *r = arg;
    pthread_mutex_lock(&r->mutex);
    r->times[i]++;
    r->started++;
    pthread_mutex_unlock(&r->mutex);
    for (int spins = 0; spins < 5000; spins++) {
        pthread_mutex_lock(&r->mutex);
        int started = r->started;
        pthread_mutex_unlock(&r->mutex);
        if (started == 9)
            return;
        struct timespec pause = { 0, 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    pthread_mutex_lock(&r->mutex);
    r->bad++;
    pthread_mutex_unlock(&r->mutex);
}

static void test_crew_parts_run_at_once(void **state)
{
    RtCrew *crew = rt_crew_new();
    for (int round = 0; round < 3; round++) {
        CrewRun *r = rt_alloc(sizeof *r);
        pthread_mutex_init(&r->mutex, NULL);
        assert_true(rt_crew_run(crew, 9, crew_part_waiting, r));
        assert_int_equal(r->bad, 0);
        for (int i = 0; i < 9; i++)
            assert_int_equal(r->times[i], 1);
        pthread_mutex_destroy(&r->mutex);
    }
    rt_crew_end(crew);
}

static void crew_part_nothing(void *arg, int i)
{
    (void)arg;
    (void)i;
}

/* A crew dropped at once after its run, collected and its memory handed out
** again, while the helper that run started has perhaps not had a core yet:
** the helper must still find its crew (the fault seen in `charte explain`,
** where the helper read a crew already reclaimed and zeroed). Each round
** fills the blocks of a crew's size that a collection freed. */
static void test_crew_outlives_its_owner(void **state)
{
    for (int round = 0; round < 300; round++) {
        RtCrew *crew = rt_crew_new();
        assert_true(rt_crew_run(crew, 3, crew_part_nothing, NULL));
        rt_crew_end(crew);
        crew = NULL;
        GC_gcollect();
        for (int k = 0; k < 64; k++)
            memset(rt_alloc(2048 + (size_t)k * 16), 0, 2048);
    }
}

/* Whether some mapping of this process was advised for 2 MiB pages ("hg"
** among its VmFlags in /proc/self/smaps). */
static bool some_mapping_asks_huge_pages(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    bool found = false;
    if (!f)
        return false;
    while (!found && fgets(line, sizeof line, f))
        found = strncmp(line, "VmFlags:", 8) == 0 && strstr(line, " hg") != NULL;
    fclose(f);
    return found;
}

/* A keeping phase asks for 2 MiB pages for the heap it grows, also when the
** size it expects is no multiple of libgc's 4 KiB blocks (libgc rounds the
** growth down: the section was then taken for too small and never advised),
** and the thread that makes the pages resident meanwhile changes no byte
** that the phase writes. */
static void test_keeping_phase_heap_in_huge_pages_unchanged(void **state)
{
    char mode[128] = "";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        if (!fgets(mode, sizeof mode, f))
            mode[0] = '\0';
        fclose(f);
    }
    if (!strstr(mode, "[madvise]") && !strstr(mode, "[always]"))
        skip();   /* no transparent huge pages here: nothing is advised */
    assert_false(some_mapping_asks_huge_pages());
    enum { BLOCK = 4000, BLOCKS = 6000 };   /* 24 MB, a third of the phase's heap */
    rt_keeping_begin((size_t)64 * 1000 * 1000 + 1234);
    assert_true(some_mapping_asks_huge_pages());
    unsigned char **blocks = rt_alloc(sizeof *blocks * BLOCKS);
    for (int i = 0; i < BLOCKS; i++) {
        blocks[i] = rt_alloc_bytes(BLOCK);
        memset(blocks[i], (i % 251) + 1, BLOCK);
    }
    struct timespec pause = { 0, 20 * 1000 * 1000 };   /* the populating thread's time to end */
    nanosleep(&pause, NULL);
    for (int i = 0; i < BLOCKS; i++)
        for (int k = 0; k < BLOCK; k += 97)
            assert_int_equal(blocks[i][k], (i % 251) + 1);
    rt_keeping_end();
}

/* A region made resident at once (an inflated part's raw buffer, table_inflate.c):
** every page is in memory before any is written, reads as zeros, and keeps
** what is written. Without MADV_POPULATE_WRITE (before Linux 5.14) the
** pages come as they are touched: only the bytes are checked then. */
static void test_resident_region_is_resident_and_zero(void **state)
{
    (void)state;
    enum { BYTES = 1024 * 1024 + 100 };   /* not a whole number of pages */
    unsigned char *p = pages_map_resident(BYTES);
    assert_non_null(p);
    long page = sysconf(_SC_PAGESIZE);
    size_t pages = (BYTES + (size_t)page - 1) / (size_t)page;
    unsigned char *in = malloc(pages);
    bool populating = madvise(p, (size_t)page, MADV_POPULATE_WRITE) == 0;
    if (populating && mincore(p, BYTES, in) == 0)
        for (size_t i = 0; i < pages; i++)
            assert_true(in[i] & 1);
    free(in);
    for (size_t i = 0; i < BYTES; i++)
        assert_int_equal(p[i], 0);
    memset(p, 0x5a, BYTES);
    assert_int_equal(p[BYTES - 1], 0x5a);
    pages_unmap(p, BYTES);
}

/* A region's first part made resident by one call, the rest left
** unmapped (a small file's chunk buffer: its peak must not grow), and no
** byte changed by it: the part already written keeps its bytes. */
static void test_region_made_resident_in_part(void **state)
{
    (void)state;
    long page = sysconf(_SC_PAGESIZE);
    size_t pages = 64, bytes = pages * (size_t)page;
    unsigned char *p = pages_map(bytes, false);
    assert_non_null(p);
    p[0] = 7;
    /* from the middle of the first page to the middle of the tenth */
    pages_make_resident(p + page / 2, 9 * (size_t)page);
    unsigned char in[64];
    bool populating = madvise(p, (size_t)page, MADV_POPULATE_WRITE) == 0;
    if (populating && mincore(p, bytes, in) == 0)
        for (size_t i = 0; i < pages; i++)
            assert_int_equal(in[i] & 1, i < 10);
    assert_int_equal(p[0], 7);
    for (size_t i = 1; i < bytes; i++)
        assert_int_equal(p[i], 0);
    pages_unmap(p, bytes);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_room_for_each_push_with_doubling),
        cmocka_unit_test(test_new_elements_are_zero),
        cmocka_unit_test(test_reserve_gives_the_room_asked),
        cmocka_unit_test(test_a_stack_keeps_its_block),
        cmocka_unit_test(test_collector_sees_every_element),
        cmocka_unit_test(test_arena_blocks_are_aligned_zeroed_and_apart),
        cmocka_unit_test(test_arena_nodes_keep_their_chunks_alive),
        cmocka_unit_test(test_crew_runs_each_part_once),
        cmocka_unit_test(test_crew_parts_run_at_once),
        cmocka_unit_test(test_crew_outlives_its_owner),
        cmocka_unit_test(test_keeping_phase_heap_in_huge_pages_unchanged),
        cmocka_unit_test(test_resident_region_is_resident_and_zero),
        cmocka_unit_test(test_region_made_resident_in_part),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
