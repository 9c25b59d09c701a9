/* tests/unit/test_value.c: unit tests of run-time values, their equality and order (base/value.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gc.h"
#include "value.h"

#include <string.h>

static Value num_of(const char *text)
{
    mpq_t q;
    mpq_init(q);
    assert_int_equal(mpq_set_str(q, text, 10), 0);
    mpq_canonicalize(q);
    Value v = val_num(q);
    mpq_clear(q);
    return v;
}

static void test_constructors(void **state)
{
    assert_int_equal(val_null().kind, VAL_NULL);
    assert_true(VAL_IS_NULL(val_null()));
    assert_false(VAL_IS_NULL(val_bool(false)));

    Value b = val_bool(true);
    assert_int_equal(b.kind, VAL_BOOL);
    assert_true(b.as.b);

    Value d = val_date(19813);
    assert_int_equal(d.kind, VAL_DATE);
    assert_int_equal(d.as.date, 19813);

    Value m = val_month(month_make(2024, 3));
    assert_int_equal(m.kind, VAL_MONTH);
    assert_int_equal(m.as.month, month_make(2024, 3));

    Value t = val_text("Air Bel");
    assert_int_equal(t.kind, VAL_TEXT);
    assert_string_equal(t.as.text, "Air Bel");

    Value n = val_num_si(-42);
    assert_int_equal(n.kind, VAL_NUM);
    assert_int_equal(mpq_cmp_si(n.as.num, -42, 1), 0);

    mpq_ptr fresh = val_new_num();
    assert_int_equal(mpq_sgn(fresh), 0);
    assert_int_equal(mpz_cmp_ui(mpq_denref(fresh), 1), 0);
}

static void test_val_num_copies(void **state)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, 5, 2);
    Value v = val_num(q);
    assert_true(v.as.num != q);
    mpq_set_si(q, 7, 1);    /* changing the source leaves the value alone */
    assert_int_equal(mpq_cmp_si(v.as.num, 5, 2), 0);
    mpq_clear(q);

    Value a = val_num_si(1), b = val_num_si(1);
    assert_true(a.as.num != b.as.num);
}

static void test_equal(void **state)
{
    assert_true(val_equal(num_of("1/2"), num_of("2/4")));
    assert_true(val_equal(num_of("-0"), val_num_si(0)));
    assert_false(val_equal(num_of("1/3"), num_of("333/1000")));
    assert_true(val_equal(val_bool(true), val_bool(true)));
    assert_false(val_equal(val_bool(true), val_bool(false)));
    assert_true(val_equal(val_date(10), val_date(10)));
    assert_false(val_equal(val_date(10), val_date(11)));
    assert_true(val_equal(val_month(month_make(2024, 3)), val_month(month_make(2024, 3))));
    assert_false(val_equal(val_month(month_make(2024, 3)), val_month(month_make(2024, 4))));

    /* Texts by bytes, not by pointer, and without any normalisation. */
    char buf[] = "nettoyage";
    assert_true(val_equal(val_text("nettoyage"), val_text(buf)));
    assert_false(val_equal(val_text("Nettoyage"), val_text("nettoyage")));
    assert_false(val_equal(val_text("e\xCC\x81"), val_text("\xC3\xA9")));

    /* Different kinds are never equal, whatever the payload. */
    assert_false(val_equal(val_date(0), val_month(0)));
    assert_false(val_equal(val_bool(false), val_num_si(0)));
    assert_false(val_equal(val_text("1"), val_num_si(1)));
}

static void test_null_equals_nothing(void **state)
{
    assert_false(val_equal(val_null(), val_null()));
    assert_false(val_equal(val_null(), val_num_si(0)));
    assert_false(val_equal(val_num_si(0), val_null()));
    assert_false(val_equal(val_null(), val_text("")));
    assert_false(val_equal(val_bool(false), val_null()));
}

static void test_compare(void **state)
{
    assert_int_equal(val_compare(num_of("1/3"), num_of("1/2")), -1);
    assert_int_equal(val_compare(num_of("1/2"), num_of("1/3")), 1);
    assert_int_equal(val_compare(num_of("3/6"), num_of("1/2")), 0);
    assert_int_equal(val_compare(num_of("-1000000000000000000000000"), val_num_si(-1)), -1);
    assert_int_equal(val_compare(num_of("100000000000000000000000000000001/100000000000000000000000000000000"),
                                 val_num_si(1)), 1);
    assert_int_equal(val_compare(val_date(-719162), val_date(2932896)), -1);
    assert_int_equal(val_compare(val_date(5), val_date(5)), 0);
    assert_int_equal(val_compare(val_month(month_make(2025, 1)), val_month(month_make(2024, 12))), 1);
    assert_int_equal(val_compare(val_bool(false), val_bool(true)), -1);
    assert_int_equal(val_compare(val_bool(true), val_bool(true)), 0);
    /* Bytewise, with the sign normalised whatever strcmp returns. */
    assert_int_equal(val_compare(val_text("a"), val_text("b")), -1);
    assert_int_equal(val_compare(val_text("abc"), val_text("ab")), 1);
    assert_int_equal(val_compare(val_text("M0002"), val_text("M0010")), -1);
    assert_int_equal(val_compare(val_text("Z"), val_text("a")), -1);
    assert_int_equal(val_compare(val_text("\xC3\xA9"), val_text("z")), 1);    /* é after z */
    assert_int_equal(val_compare(val_text(""), val_text("")), 0);
}

static void test_compare_extreme_ints(void **state)
{
    /* No overflow from subtracting far-apart integers. */
    assert_int_equal(val_compare(val_date(INT32_MIN + 1), val_date(INT32_MAX)), -1);
    assert_int_equal(val_compare(val_date(INT32_MAX), val_date(INT32_MIN + 1)), 1);
    assert_int_equal(val_compare(val_month(INT32_MAX), val_month(-1)), 1);
}

static void test_compare_is_antisymmetric(void **state)
{
    Value vs[] = { val_null(), val_bool(false), val_bool(true), val_num_si(-1), num_of("1/3"),
                   val_num_si(2), val_date(0), val_date(3), val_month(100), val_text("a"),
                   val_text("b") };
    size_t n = sizeof vs / sizeof vs[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int ij = val_compare(vs[i], vs[j]), ji = val_compare(vs[j], vs[i]);
            assert_int_equal(ij, -ji);
            assert_true(ij >= -1 && ij <= 1);
            if (i == j)
                assert_int_equal(ij, 0);
        }
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constructors),
        cmocka_unit_test(test_val_num_copies),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_null_equals_nothing),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_compare_extreme_ints),
        cmocka_unit_test(test_compare_is_antisymmetric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
