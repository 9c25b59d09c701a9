/* tests/unit/test_idmap.c: the id map (base/idmap.c): exact keys of every length, growth, stable copies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"

static void assert_value(const IdMap *m, const char *key, size_t len, int want)
{
    int got = -1;
    if (!idmap_get(m, key, len, &got))
        fail_msg("\"%.*s\" (%zu bytes) absent", (int)len, key, len);
    assert_int_equal(got, want);
}

static void assert_absent(const IdMap *m, const char *key, size_t len)
{
    int got;
    if (idmap_get(m, key, len, &got))
        fail_msg("\"%.*s\" (%zu bytes) present, value %d", (int)len, key, len, got);
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

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_of_every_length),
        cmocka_unit_test(test_keys_inside_a_buffer),
        cmocka_unit_test(test_growth_keeps_every_key),
        cmocka_unit_test(test_put_replaces_the_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
