/* tests/unit/test_gc.c: the one way arrays grow (RT_GROW in base/gc.h): room, doubling, zeroed new elements, pointers the collector still sees. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gc.h>
#include <string.h>

#include "gc.h"

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

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_room_for_each_push_with_doubling),
        cmocka_unit_test(test_new_elements_are_zero),
        cmocka_unit_test(test_reserve_gives_the_room_asked),
        cmocka_unit_test(test_a_stack_keeps_its_block),
        cmocka_unit_test(test_collector_sees_every_element),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
