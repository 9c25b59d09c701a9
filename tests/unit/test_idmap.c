/* tests/unit/test_idmap.c: the one string map (base/idmap.c): exact keys of every length (by idmap_get and by the prefetch's hash), growth, stable copies, zeroed maps, first-wins adds, iteration. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"

/* key's hash as idmap_prefetch gives it, which must not depend on the map:
** taken from an empty map and checked against m's. */
static uint64_t hash_of(const IdMap *m, const char *key, size_t len)
{
    IdMap empty = { 0 };
    uint64_t h = idmap_prefetch(&empty, key, len);
    assert_true(idmap_prefetch(m, key, len) == h);
    return h;
}

/* By idmap_get and by idmap_get_hashed (the held hour lines' lookup). */
static void assert_value(const IdMap *m, const char *key, size_t len, int want)
{
    int got = -1, hashed = -1;
    if (!idmap_get(m, key, len, &got))
        fail_msg("\"%.*s\" (%zu bytes) absent", (int)len, key, len);
    assert_int_equal(got, want);
    if (!idmap_get_hashed(m, key, len, hash_of(m, key, len), &hashed))
        fail_msg("\"%.*s\" (%zu bytes) absent by its hash", (int)len, key, len);
    assert_int_equal(hashed, want);
}

static void assert_absent(const IdMap *m, const char *key, size_t len)
{
    int got;
    if (idmap_get(m, key, len, &got))
        fail_msg("\"%.*s\" (%zu bytes) present, value %d", (int)len, key, len, got);
    if (idmap_get_hashed(m, key, len, hash_of(m, key, len), &got))
        fail_msg("\"%.*s\" (%zu bytes) present by its hash, value %d", (int)len, key, len, got);
}

/* Short keys are compared as one word: every length up to and past 8 and 16
** bytes, and keys that differ in one byte only, anywhere. */
static void test_keys_of_every_length(void **state)
{
    IdMap *m = idmap_new(4);
    char key[41];
    for (size_t len = 0; len <= 40; len++) {
        memset(key, 'a', len);
        idmap_put(m, key, len, (int)len);
    }
    for (size_t len = 0; len <= 40; len++) {
        memset(key, 'a', len);
        assert_value(m, key, len, (int)len);
        for (size_t i = 0; i < len; i++) {
            key[i] = 'b';
            assert_absent(m, key, len);
            key[i] = 'a';
        }
    }
    assert_int_equal(idmap_count(m), 41);
}

/* The inline copy and compare of the last-hit caches: every length up to
** and past 16 bytes, nothing written past the copy, one differing byte
** anywhere seen. */
static void test_copy_and_compare_short_keys(void **state)
{
    char src[32], dst[40];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (char)('A' + i);
    for (size_t n = 0; n <= 24; n++) {
        memset(dst, '#', sizeof dst);
        idmap_copy_bytes(dst + 4, src, n);
        assert_memory_equal(dst + 4, src, n);
        for (size_t i = 0; i < 4; i++)
            assert_int_equal(dst[i], '#');
        for (size_t i = 4 + n; i < sizeof dst; i++)
            assert_int_equal(dst[i], '#');
        assert_true(idmap_same_bytes(dst + 4, src, n));
        for (size_t i = 0; i < n; i++) {
            dst[4 + i] = '?';
            assert_false(idmap_same_bytes(dst + 4, src, n));
            dst[4 + i] = src[i];
        }
    }
}

/* The key bytes only: no NUL needed after them, and none read past them. */
static void test_keys_inside_a_buffer(void **state)
{
    const char *row = "M0001;P00001;2024-03;86.67;etti";
    IdMap *m = idmap_new(4);
    idmap_put(m, row, 5, 1);
    idmap_put(m, row + 6, 6, 2);
    idmap_put(m, row + 27, 4, 3);
    assert_value(m, "M0001", 5, 1);
    assert_value(m, "P00001", 6, 2);
    assert_value(m, "etti", 4, 3);
    assert_absent(m, "M0001;", 6);
    assert_absent(m, "P0000", 5);
    assert_string_equal(idmap_key(m, row + 6, 6), "P00001");
}

static void test_growth_keeps_every_key(void **state)
{
    IdMap *m = idmap_new(0);
    const char **copies = RT_NEW_ARRAY(const char *, 50000);
    char key[32];
    for (int i = 0; i < 50000; i++) {
        /* Ids that differ in their last digits, short and long ones. */
        int len = snprintf(key, sizeof key, i % 3 ? "P%05d" : "contrat-numero-%08d", i);
        idmap_put(m, key, (size_t)len, i);
        copies[i] = idmap_key(m, key, (size_t)len);
    }
    assert_int_equal(idmap_count(m), 50000);
    for (int i = 0; i < 50000; i++) {
        int len = snprintf(key, sizeof key, i % 3 ? "P%05d" : "contrat-numero-%08d", i);
        assert_value(m, key, (size_t)len, i);
        /* The map's copy of a key does not move when the map grows. */
        assert_ptr_equal(idmap_key(m, key, (size_t)len), copies[i]);
        assert_string_equal(copies[i], key);
    }
    assert_absent(m, "P50000", 6);
    assert_null(idmap_key(m, "P50000", 6));
}

/* Reserved on a zeroed map and again on a filled one: the table is sized
** once (no growth while the reserved keys go in) and keeps what it held. */
static void test_reserve_sizes_once_and_keeps_keys(void **state)
{
    IdMap m = { 0 };
    idmap_reserve(&m, 1000);
    size_t slots = idmap_slots(&m);
    assert_true(slots * 3 >= 1000 * 4);
    char key[32];
    for (int i = 0; i < 1000; i++) {
        int len = snprintf(key, sizeof key, "f%d", i);
        assert_int_equal(idmap_add(&m, key, (size_t)len, i), -1);
    }
    assert_int_equal(idmap_slots(&m), slots);
    const char *copy = idmap_key(&m, "f7", 2);
    idmap_reserve(&m, 20000);
    assert_true(idmap_slots(&m) * 3 >= 20000 * 4);
    idmap_reserve(&m, 10);      /* never shrinks */
    assert_true(idmap_slots(&m) * 3 >= 20000 * 4);
    assert_int_equal(idmap_count(&m), 1000);
    for (int i = 0; i < 1000; i++) {
        int len = snprintf(key, sizeof key, "f%d", i);
        assert_value(&m, key, (size_t)len, i);
    }
    assert_ptr_equal(idmap_key(&m, "f7", 2), copy);
    assert_absent(&m, "f1000", 5);
}

static void test_put_replaces_the_value(void **state)
{
    IdMap *m = idmap_new(8);
    idmap_put(m, "etti", 4, 1);
    const char *copy = idmap_key(m, "etti", 4);
    idmap_put(m, "etti", 4, 7);
    assert_value(m, "etti", 4, 7);
    assert_ptr_equal(idmap_key(m, "etti", 4), copy);
    assert_int_equal(idmap_count(m), 1);
}

/* A zeroed map (a checker's namespace, a local) is empty and grows on first use. */
static void test_zeroed_map_is_empty_and_usable(void **state)
{
    IdMap m = { 0 };
    assert_absent(&m, "scope", 5);
    assert_int_equal(idmap_index(&m, "scope"), -1);
    assert_null(idmap_key(&m, "scope", 5));
    assert_int_equal(idmap_count(&m), 0);
    assert_int_equal(idmap_slots(&m), 0);
    char key[16];
    for (int i = 0; i < 100; i++) {
        int len = snprintf(key, sizeof key, "nom-%d", i);
        idmap_put(&m, key, (size_t)len, i);
    }
    assert_int_equal(idmap_count(&m), 100);
    assert_int_equal(idmap_index(&m, "nom-42"), 42);
    assert_int_equal(idmap_index(&m, "nom-100"), -1);
}

/* add keeps the first value and says which one it was: the checker reports a
** second declaration against the first. */
static void test_add_keeps_the_first_value(void **state)
{
    IdMap m = { 0 };
    assert_int_equal(idmap_add(&m, "QPV Nord", 8, 3), -1);
    assert_int_equal(idmap_add(&m, "QPV Nord", 8, 9), 3);
    assert_int_equal(idmap_add(&m, "QPV Nord et Sud", 15, 0), -1);
    assert_int_equal(idmap_add(&m, "QPV Nord et Sud", 15, 5), 0);
    assert_int_equal(idmap_index(&m, "QPV Nord"), 3);
    assert_int_equal(idmap_index(&m, "QPV Nord et Sud"), 0);
    assert_int_equal(idmap_count(&m), 2);
}

/* Every key once through the slots (the checker's "did you mean" walks them). */
static void test_slots_list_every_key_once(void **state)
{
    IdMap *m = idmap_new(0);
    char key[32];
    for (int i = 0; i < 1000; i++) {
        int len = snprintf(key, sizeof key, i % 2 ? "c%d" : "a-longer-name-%d", i);
        idmap_put(m, key, (size_t)len, i);
    }
    int *seen = RT_NEW_ARRAY(int, 1000);
    size_t found = 0;
    for (size_t s = 0; s < idmap_slots(m); s++) {
        const char *k = idmap_key_at(m, s);
        if (!k)
            continue;
        int v = idmap_index(m, k);
        assert_in_range(v, 0, 999);
        assert_int_equal(seen[v]++, 0);
        found++;
    }
    assert_int_equal(found, 1000);
    assert_null(idmap_key_at(m, idmap_slots(m)));
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_of_every_length),
        cmocka_unit_test(test_keys_inside_a_buffer),
        cmocka_unit_test(test_copy_and_compare_short_keys),
        cmocka_unit_test(test_growth_keeps_every_key),
        cmocka_unit_test(test_reserve_sizes_once_and_keeps_keys),
        cmocka_unit_test(test_put_replaces_the_value),
        cmocka_unit_test(test_zeroed_map_is_empty_and_usable),
        cmocka_unit_test(test_add_keeps_the_first_value),
        cmocka_unit_test(test_slots_list_every_key_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
