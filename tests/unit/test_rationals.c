/* tests/unit/test_rationals.c: the native paths of runtime/eval_rationals.c and of report_percent give GMP's results, canonical, on small figures, on terms and results at the edge of 63 bits (which go back to GMP), past 64 bits, and when the result is an operand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "eval_impl.h"
#include "num.h"
#include "report.h"

static unsigned long next(unsigned long *seed)
{
    *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
    return *seed >> 33;
}

/* A figure as contracts have them, or a term near 2^31, 2^62, 2^63, or past 2^64. */
static void random_rational(unsigned long *seed, mpq_ptr q)
{
    static const char *const edges[] = { "9223372036854775807", "-9223372036854775807", "-9223372036854775808",
                                         "4611686018427387904", "3037000499", "3037000500", "2147483648",
                                         "18446744073709551617", "-340282366920938463463374607431768211457" };
    mpz_ptr num = mpq_numref(q), den = mpq_denref(q);
    switch (next(seed) % 6) {
    case 0:
        mpz_set_str(num, edges[next(seed) % 9], 10);
        mpz_set_ui(den, 1 + next(seed) % 400);
        break;
    case 1:
        mpz_set_si(num, (long)(next(seed) % 2000) - 1000);
        mpz_set_str(den, edges[next(seed) % 7], 10);
        mpz_abs(den, den);
        break;
    case 2:
        mpz_set_ui(num, 0);
        mpz_set_ui(den, 1);
        break;
    default:
        /* 10 %, 80 %, 25 €/h, 100 000 €, 1 444.5 h… */
        mpz_set_si(num, (long)(next(seed) % 2000001) - 1000000);
        mpz_set_ui(den, (unsigned long[]){ 1, 2, 4, 5, 10, 100, 3, 7, 1000 }[next(seed) % 9]);
        break;
    }
    mpq_canonicalize(q);
}

typedef void (*Op)(mpq_ptr, mpq_srcptr, mpq_srcptr);

static void assert_same(mpq_srcptr got, mpq_srcptr want, const char *op, mpq_srcptr a, mpq_srcptr b)
{
    /* equal terms, so the same canonical form (mpq_equal assumes canonical operands) */
    if (mpz_cmp(mpq_numref(got), mpq_numref(want)) != 0 || mpz_cmp(mpq_denref(got), mpq_denref(want)) != 0)
        fail_msg("%s: %s and %s give %s, GMP %s", op, mpq_get_str(NULL, 10, a), mpq_get_str(NULL, 10, b),
                 mpq_get_str(NULL, 10, got), mpq_get_str(NULL, 10, want));
}

static void check(Op native, Op gmp, const char *name, mpq_srcptr a, mpq_srcptr b)
{
    mpq_t got, want, alias;
    mpq_inits(got, want, alias, NULL);
    gmp(want, a, b);
    native(got, a, b);
    assert_same(got, want, name, a, b);
    mpq_set(alias, a);
    native(alias, alias, b);
    assert_same(alias, want, name, a, b);
    mpq_clears(got, want, alias, NULL);
}

static void test_as_gmp(void **state)
{
    static const struct { Op native, gmp; const char *name; } ops[] = {
        { eval_rationals_mul, mpq_mul, "×" }, { eval_rationals_div, mpq_div, "÷" },
        { eval_rationals_add, mpq_add, "+" }, { eval_rationals_sub, mpq_sub, "−" },
    };
    unsigned long seed = 2026;
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    long checked = 0;
    for (int i = 0; i < 40000; i++) {
        random_rational(&seed, a);
        random_rational(&seed, b);
        for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
            if (ops[k].gmp == mpq_div && mpq_sgn(b) == 0)
                continue;
            check(ops[k].native, ops[k].gmp, ops[k].name, a, b);
            checked++;
        }
    }
    assert_true(checked > 150000);
    mpq_clears(a, b, NULL);
}

/* A rate as a percentage, in every form the reports write it. */
static void test_percent_as_gmp(void **state)
{
    unsigned long seed = 15;
    mpq_t q, pct;
    mpq_inits(q, pct, NULL);
    for (int i = 0; i < 20000; i++) {
        random_rational(&seed, q);
        mpq_set(pct, q);
        mpz_mul_ui(mpq_numref(pct), mpq_numref(pct), 100);
        mpq_canonicalize(pct);
        int frac = (int)(next(&seed) % 4);
        assert_string_equal(report_percent(q, frac, false, false), num_to_decimal(pct, frac));
        assert_string_equal(report_percent(q, frac, true, true), num_to_french(pct, frac));
        assert_string_equal(report_percent(q, frac, true, false), num_to_plain_french(pct, frac));
    }
    mpq_clears(q, pct, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_as_gmp),
        cmocka_unit_test(test_percent_as_gmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
