/* tests/unit/test_num.c: unit tests of exact number reading, rounding and display (base/num.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gc.h"
#include "num.h"

#include <limits.h>
#include <string.h>

#define NBSP   "\xC2\xA0"
#define NNBSP  "\xE2\x80\xAF"
#define MINUS  "\xE2\x88\x92"

static NumStatus parse(mpq_t q, const char *s) { return num_parse(q, s, strlen(s)); }

/* Parses s, expecting NUM_OK and the rational given as text ("2401/2"). */
static void assert_parses_to(const char *s, const char *expected)
{
    mpq_t got, want;
    mpq_inits(got, want, NULL);
    NumStatus st = parse(got, s);
    if (st != NUM_OK)
        fail_msg("\"%s\": status %d", s, (int)st);
    assert_int_equal(mpq_set_str(want, expected, 10), 0);
    mpq_canonicalize(want);
    if (!mpq_equal(got, want))
        fail_msg("\"%s\": got %s, want %s", s, mpq_get_str(NULL, 10, got), expected);
    mpq_clears(got, want, NULL);
}

static void assert_parse_fails(const char *s, NumStatus expected)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, 42, 1);
    NumStatus st = parse(q, s);
    if (st != expected)
        fail_msg("\"%s\": status %d, want %d", s, (int)st, (int)expected);
    /* A failed parse leaves the target alone. */
    assert_int_equal(mpq_cmp_si(q, 42, 1), 0);
    mpq_clear(q);
}

static void set_q(mpq_t q, const char *text)
{
    assert_int_equal(mpq_set_str(q, text, 10), 0);
    mpq_canonicalize(q);
}

static void test_parse_plain(void **state)
{
    assert_parses_to("0", "0");
    assert_parses_to("4800", "4800");
    assert_parses_to("007", "7");
    assert_parses_to("12,5", "25/2");
    assert_parses_to("12.5", "25/2");
    assert_parses_to("1234.50", "2469/2");
    assert_parses_to("0,1", "1/10");
    assert_parses_to("0.001", "1/1000");
    assert_parses_to("  731,5\t", "1463/2");
    /* 0.1 is exactly 1/10: no binary floating point anywhere. */
    assert_parses_to("0.30000000000000000000000000000000001", "30000000000000000000000000000000001/100000000000000000000000000000000000");
}

static void test_parse_signs(void **state)
{
    assert_parses_to("-3", "-3");
    assert_parses_to("+3", "3");
    assert_parses_to(MINUS "12,5", "-25/2");
    assert_parses_to("-0", "0");
    assert_parses_to("-0,25", "-1/4");
    assert_parse_fails("--3", NUM_SYNTAX);
    assert_parse_fails("+-3", NUM_SYNTAX);
    assert_parse_fails("- 3", NUM_SYNTAX);
    assert_parse_fails("3-", NUM_SYNTAX);
    assert_parse_fails("-", NUM_SYNTAX);
    assert_parse_fails(MINUS, NUM_SYNTAX);
}

static void test_parse_grouping(void **state)
{
    assert_parses_to("1 200,5", "2401/2");
    assert_parses_to("1 234 567", "1234567");
    assert_parses_to("1" NBSP "234,50", "2469/2");
    assert_parses_to("1" NNBSP "234" NNBSP "567.25", "4938269/4");
    assert_parses_to("12 345", "12345");
    assert_parses_to("123 456", "123456");
    assert_parses_to("-1 000", "-1000");
    assert_parses_to(MINUS "1" NNBSP "000", "-1000");
    assert_parse_fails("1 23", NUM_GROUPING);
    assert_parse_fails("12 3456", NUM_GROUPING);
    assert_parse_fails("1234 567", NUM_GROUPING);
    assert_parse_fails("1 234 56", NUM_GROUPING);
    assert_parse_fails("1 2345", NUM_GROUPING);
    assert_parse_fails("1  234", NUM_GROUPING);
    assert_parse_fails("1 23,5", NUM_GROUPING);
    assert_parse_fails("1" NBSP, NUM_SYNTAX);
    assert_parse_fails("1 234 €", NUM_SYNTAX);
    /* No grouping in the decimals, and ',' is never a thousands separator. */
    assert_parse_fails("1,234 567", NUM_SYNTAX);
    assert_parse_fails("1,234,567", NUM_SYNTAX);
    /* Not a number at all beats a grouping mistake in the message. */
    assert_parse_fails("5 1-2.99", NUM_SYNTAX);
    assert_parse_fails("1  234x", NUM_SYNTAX);
    assert_parse_fails("12 3 €", NUM_SYNTAX);
    assert_parse_fails("1 23,5,", NUM_SYNTAX);
    /* Grouping is judged before length. */
    assert_parse_fails("1 23456789012345678901234567890123456789012345678901234567890123", NUM_GROUPING);
    /* A tab is trimmed at the ends, not a separator. */
    assert_parse_fails("1\t234", NUM_SYNTAX);
}

static void test_parse_rejects(void **state)
{
    assert_parse_fails("", NUM_EMPTY);
    assert_parse_fails("   ", NUM_EMPTY);
    assert_parse_fails(" \t ", NUM_EMPTY);
    assert_parse_fails("1e5", NUM_SYNTAX);
    assert_parse_fails("1E5", NUM_SYNTAX);
    assert_parse_fails("1.5e-3", NUM_SYNTAX);
    assert_parse_fails("1.234,5", NUM_SYNTAX);
    assert_parse_fails("1,234.5", NUM_SYNTAX);
    assert_parse_fails("1.2.3", NUM_SYNTAX);
    assert_parse_fails("1,,2", NUM_SYNTAX);
    assert_parse_fails("12,", NUM_SYNTAX);
    assert_parse_fails(",5", NUM_SYNTAX);
    assert_parse_fails(".5", NUM_SYNTAX);
    assert_parse_fails("abc", NUM_SYNTAX);
    assert_parse_fails("12a", NUM_SYNTAX);
    assert_parse_fails("0x10", NUM_SYNTAX);
    assert_parse_fails("12 €", NUM_SYNTAX);
    assert_parse_fails("12h", NUM_SYNTAX);
    assert_parse_fails("inf", NUM_SYNTAX);
    assert_parse_fails("NaN", NUM_SYNTAX);
    assert_parse_fails(NBSP "12", NUM_SYNTAX);
}

static void test_parse_respects_length(void **state)
{
    /* s is not NUL-terminated at n: only n bytes are read. */
    mpq_t q;
    mpq_init(q);
    assert_int_equal(num_parse(q, "12345", 2), NUM_OK);
    assert_int_equal(mpq_cmp_si(q, 12, 1), 0);
    assert_int_equal(num_parse(q, "1 234", 3), NUM_GROUPING);
    assert_int_equal(num_parse(q, "-5", 1), NUM_SYNTAX);
    assert_int_equal(num_parse(q, "1" NNBSP "234", 2), NUM_SYNTAX);
    mpq_clear(q);
}

static void test_parse_too_long(void **state)
{
    char digits[NUM_MAX_DIGITS + 2];
    memset(digits, '9', NUM_MAX_DIGITS);
    digits[NUM_MAX_DIGITS] = '\0';
    mpq_t q;
    mpq_init(q);
    assert_int_equal(parse(q, digits), NUM_OK);
    assert_string_equal(num_to_decimal(q, 2), digits);

    digits[NUM_MAX_DIGITS] = '9';
    digits[NUM_MAX_DIGITS + 1] = '\0';
    assert_int_equal(parse(q, digits), NUM_TOO_LONG);

    /* The limit counts decimals too. */
    char mixed[NUM_MAX_DIGITS + 3];
    memset(mixed, '1', sizeof mixed);
    mixed[30] = ',';
    mixed[NUM_MAX_DIGITS + 2] = '\0';
    assert_int_equal(parse(q, mixed), NUM_TOO_LONG);
    mixed[NUM_MAX_DIGITS + 1] = '\0';
    assert_int_equal(parse(q, mixed), NUM_OK);

    /* Syntax comes first: a long text with a letter is not a number at all. */
    char junk[200];
    memset(junk, '5', sizeof junk);
    junk[198] = 'x';
    junk[199] = '\0';
    assert_int_equal(parse(q, junk), NUM_SYNTAX);
    mpq_clear(q);
}

/* The scientific form is held to the same limit as its decimal writing, which
** the reports write and num_parse must read back: 5E-59 is 0,(58 zeros)5, 60
** digits; 5E-60, 1E+60 and 9,99E+60 are 61 or more (found by the literals fuzzer, F11). */
static void test_scientific_too_long(void **state)
{
    (void)state;
    mpq_t q;
    mpq_init(q);
    mpq_set_ui(q, 7, 1);
    static const char *const refused[] = { "5E-60", "1E+60", "1,5E-59", "9,99E+60", "0,5E-60" };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        assert_int_equal(num_parse_scientific(q, refused[i], strlen(refused[i])), NUM_TOO_LONG);
        assert_string_equal(num_to_decimal(q, 0), "7");   /* out left unchanged */
    }
    static const struct { const char *sci, *decimal; } kept[] = {
        { "5E-59", "0.00000000000000000000000000000000000000000000000000000000005" },
        { "1E+59", "100000000000000000000000000000000000000000000000000000000000" },
        { "1,5E-58", "0.00000000000000000000000000000000000000000000000000000000015" },
        { "1,50E+00", "1.5" },
        { "0E+60", "0" },
        { "1,2300E-57", "0.00000000000000000000000000000000000000000000000000000000123" },
    };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        assert_int_equal(num_parse_scientific(q, kept[i].sci, strlen(kept[i].sci)), NUM_OK);
        const char *back = num_to_decimal(q, 70);
        assert_string_equal(back, kept[i].decimal);
        mpq_t r;
        mpq_init(r);
        assert_int_equal(parse(r, back), NUM_OK);
        assert_true(mpq_equal(q, r));
        mpq_clear(r);
    }
    mpq_clear(q);
}

static NumStatus parse_qty(mpq_t q, const char *s)
{
    static const char *const units[] = { "€", "h", NULL };
    return num_parse_quantity(q, s, strlen(s), units);
}

static void test_parse_quantity(void **state)
{
    mpq_t q, want;
    mpq_inits(q, want, NULL);
    assert_int_equal(parse_qty(q, "1 234,50 €"), NUM_OK);
    set_q(want, "2469/2");
    assert_true(mpq_equal(q, want));
    assert_int_equal(parse_qty(q, "1" NBSP "234,50" NBSP "€"), NUM_OK);
    assert_true(mpq_equal(q, want));
    assert_int_equal(parse_qty(q, "1" NNBSP "234,5" NNBSP "€  "), NUM_OK);
    assert_true(mpq_equal(q, want));
    assert_int_equal(parse_qty(q, "1234.5€"), NUM_OK);
    assert_true(mpq_equal(q, want));
    assert_int_equal(parse_qty(q, "12h"), NUM_OK);
    assert_int_equal(mpq_cmp_si(q, 12, 1), 0);
    assert_int_equal(parse_qty(q, " 7,5 h "), NUM_OK);
    set_q(want, "15/2");
    assert_true(mpq_equal(q, want));
    assert_int_equal(parse_qty(q, "40000"), NUM_OK);
    assert_int_equal(mpq_cmp_si(q, 40000, 1), 0);

    mpq_set_si(q, 42, 1);
    assert_int_equal(parse_qty(q, ""), NUM_EMPTY);
    assert_int_equal(parse_qty(q, "€"), NUM_SYNTAX);
    assert_int_equal(parse_qty(q, " " NBSP "h"), NUM_SYNTAX);
    assert_int_equal(parse_qty(q, "12 h h"), NUM_SYNTAX);
    assert_int_equal(parse_qty(q, "12hh"), NUM_SYNTAX);
    assert_int_equal(parse_qty(q, "€12"), NUM_SYNTAX);
    assert_int_equal(parse_qty(q, "12 $"), NUM_SYNTAX);
    assert_int_equal(parse_qty(q, "1 23 €"), NUM_GROUPING);
    assert_int_equal(mpq_cmp_si(q, 42, 1), 0);

    /* No suffix list: a plain number. */
    assert_int_equal(num_parse_quantity(q, "12 €", 4, NULL), NUM_SYNTAX);
    assert_int_equal(num_parse_quantity(q, "12", 2, NULL), NUM_OK);
    mpq_clears(q, want, NULL);
}

static void test_status_messages(void **state)
{
    assert_string_equal(num_status_message(NUM_SYNTAX, false), "nombre attendu");
    assert_string_equal(num_status_message(NUM_GROUPING, false), "groupement des milliers incorrect");
    assert_string_equal(num_status_message(NUM_SYNTAX, true), "number expected");
    for (int st = NUM_OK; st <= NUM_TOO_LONG; st++) {
        const char *fr = num_status_message((NumStatus)st, false);
        const char *en = num_status_message((NumStatus)st, true);
        assert_non_null(fr);
        assert_non_null(en);
        assert_true(strlen(fr) > 0 && strlen(en) > 0);
        assert_string_not_equal(fr, en);
    }
}

/* round(x, step, mode) == expected, all given as rational texts. */
static void assert_rounds(const char *x, const char *step, NumRounding mode, const char *expected)
{
    mpq_t qx, qs, got, want;
    mpq_inits(qx, qs, got, want, NULL);
    set_q(qx, x);
    set_q(qs, step);
    set_q(want, expected);
    num_round_to(got, qx, qs, mode);
    if (!mpq_equal(got, want))
        fail_msg("round(%s, %s, %d) = %s, want %s", x, step, (int)mode, mpq_get_str(NULL, 10, got), expected);
    /* out may alias x. */
    num_round_to(qx, qx, qs, mode);
    assert_true(mpq_equal(qx, want));
    mpq_clears(qx, qs, got, want, NULL);
}

static void test_round_up(void **state)
{
    /* The domain case: target hours 833.33… are rounded up to 834. */
    assert_rounds("2500/3", "1", NUM_ROUND_UP, "834");
    assert_rounds("83333/100", "1", NUM_ROUND_UP, "834");
    assert_rounds("720", "1", NUM_ROUND_UP, "720");
    assert_rounds("7201/10", "1", NUM_ROUND_UP, "721");
    assert_rounds("0", "1", NUM_ROUND_UP, "0");
    assert_rounds("-5/2", "1", NUM_ROUND_UP, "-2");
    assert_rounds("-1/3", "1", NUM_ROUND_UP, "0");
    assert_rounds("1/3", "1/100", NUM_ROUND_UP, "17/50");
    assert_rounds("101", "5", NUM_ROUND_UP, "105");
    assert_rounds("1/7", "1/2", NUM_ROUND_UP, "1/2");
}

static void test_round_down(void **state)
{
    assert_rounds("2500/3", "1", NUM_ROUND_DOWN, "833");
    assert_rounds("-5/2", "1", NUM_ROUND_DOWN, "-3");
    assert_rounds("-1/3", "1", NUM_ROUND_DOWN, "-1");
    assert_rounds("2/3", "1/100", NUM_ROUND_DOWN, "33/50");
    assert_rounds("104", "5", NUM_ROUND_DOWN, "100");
    assert_rounds("100", "5", NUM_ROUND_DOWN, "100");
}

static void test_round_nearest(void **state)
{
    assert_rounds("5/2", "1", NUM_ROUND_NEAREST, "3");
    assert_rounds("-5/2", "1", NUM_ROUND_NEAREST, "-3");
    assert_rounds("7/2", "1", NUM_ROUND_NEAREST, "4");
    assert_rounds("-7/2", "1", NUM_ROUND_NEAREST, "-4");
    assert_rounds("12/5", "1", NUM_ROUND_NEAREST, "2");
    assert_rounds("-12/5", "1", NUM_ROUND_NEAREST, "-2");
    assert_rounds("1/3", "1", NUM_ROUND_NEAREST, "0");
    assert_rounds("-1/3", "1", NUM_ROUND_NEAREST, "0");
    assert_rounds("2/3", "1/100", NUM_ROUND_NEAREST, "67/100");
    assert_rounds("-2/3", "1/100", NUM_ROUND_NEAREST, "-67/100");
    assert_rounds("1/200", "1/100", NUM_ROUND_NEAREST, "1/100");
    assert_rounds("-1/200", "1/100", NUM_ROUND_NEAREST, "-1/100");
    assert_rounds("125", "50", NUM_ROUND_NEAREST, "150");
    assert_rounds("124", "50", NUM_ROUND_NEAREST, "100");
}

static void test_round_huge(void **state)
{
    /* Far beyond 64 bits: 10^40 + 1/2 rounds exactly. */
    assert_rounds("20000000000000000000000000000000000000001/2", "1", NUM_ROUND_UP,
                  "10000000000000000000000000000000000000001");
    assert_rounds("20000000000000000000000000000000000000001/2", "1", NUM_ROUND_DOWN,
                  "10000000000000000000000000000000000000000");
    assert_rounds("-20000000000000000000000000000000000000001/2", "1", NUM_ROUND_NEAREST,
                  "-10000000000000000000000000000000000000001");
}

static void test_round_bad_step(void **state)
{
    mpq_t x, step, out;
    mpq_inits(x, step, out, NULL);
    set_q(x, "7/3");
    num_round_to(out, x, step, NUM_ROUND_UP);      /* step 0: x unchanged, no crash */
    assert_true(mpq_equal(out, x));
    mpq_set_si(step, -1, 1);
    num_round_to(out, x, step, NUM_ROUND_NEAREST);
    assert_true(mpq_equal(out, x));
    mpq_clears(x, step, out, NULL);
}

typedef char *(*Formatter)(const mpq_t, int);

static void assert_formats(Formatter f, const char *x, int max_frac, const char *expected)
{
    mpq_t q;
    mpq_init(q);
    set_q(q, x);
    char *got = f(q, max_frac);
    if (strcmp(got, expected) != 0)
        fail_msg("%s at %d: got \"%s\", want \"%s\"", x, max_frac, got, expected);
    mpq_clear(q);
}

static void test_to_decimal_exact(void **state)
{
    assert_formats(num_to_decimal, "4800", 2, "4800");
    assert_formats(num_to_decimal, "1463/2", 2, "731.5");
    assert_formats(num_to_decimal, "1/4", 2, "0.25");
    assert_formats(num_to_decimal, "-1/4", 2, "-0.25");
    assert_formats(num_to_decimal, "-3", 2, "-3");
    assert_formats(num_to_decimal, "0", 2, "0");
    assert_formats(num_to_decimal, "23/2", 2, "11.5");
    /* Exact even when that needs more digits than max_frac. */
    assert_formats(num_to_decimal, "1/8", 2, "0.125");
    assert_formats(num_to_decimal, "1/8", 0, "0.125");
    assert_formats(num_to_decimal, "-1/1024", 2, "-0.0009765625");
    assert_formats(num_to_decimal, "1/100000", 2, "0.00001");
    assert_formats(num_to_decimal, "3/20", 2, "0.15");
    assert_formats(num_to_decimal, "1000000", 2, "1000000");
}

static void test_to_decimal_rounded(void **state)
{
    assert_formats(num_to_decimal, "1/3", 2, "0.33");
    assert_formats(num_to_decimal, "2/3", 2, "0.67");
    assert_formats(num_to_decimal, "-2/3", 2, "-0.67");
    assert_formats(num_to_decimal, "-1/3", 2, "-0.33");
    assert_formats(num_to_decimal, "2500/3", 2, "833.33");
    assert_formats(num_to_decimal, "1/3", 0, "0");
    assert_formats(num_to_decimal, "2/3", 0, "1");
    assert_formats(num_to_decimal, "-2/3", 0, "-1");
    assert_formats(num_to_decimal, "1/3", -4, "0");
    assert_formats(num_to_decimal, "1/3", 6, "0.333333");
    /* Trailing zeros go: 1/300 at 2 is 0.00, written "0". */
    assert_formats(num_to_decimal, "1/300", 2, "0");
    assert_formats(num_to_decimal, "-1/300", 2, "0");         /* never "-0" */
    assert_formats(num_to_decimal, "301/3", 2, "100.33");
    assert_formats(num_to_decimal, "29999/3", 2, "9999.67");
    assert_formats(num_to_decimal, "59999/6", 2, "9999.83");
    assert_formats(num_to_decimal, "1/6", 1, "0.2");
    assert_formats(num_to_decimal, "2999/3", 0, "1000");        /* 999.67 → carry */
    assert_formats(num_to_decimal, "1/7", 2, "0.14");
    /* A rational without a finite expansion is never exactly halfway, so
    ** "half away from zero" only shows as symmetry: 1/600 = 0.001666… */
    assert_formats(num_to_decimal, "1/600", 3, "0.002");
    assert_formats(num_to_decimal, "-1/600", 3, "-0.002");
    assert_formats(num_to_decimal, "100/3", 1, "33.3");
    assert_formats(num_to_decimal, "200/3", 1, "66.7");
}

/* Small rationals are written without GMP, big ones with it: both paths must write
** the same digits. Adding 2^70 sends p/q down the GMP path and changes only the
** integer part (and its sign stays), so each small result, with 2^70 added to its
** integer part, is the GMP path's result. */
static void test_to_decimal_small_as_big(void **state)
{
    mpq_t small, big, shift;
    mpz_t integer;
    mpq_inits(small, big, shift, NULL);
    mpz_init(integer);
    mpq_set_ui(shift, 1, 1);
    mpz_mul_2exp(mpq_numref(shift), mpq_numref(shift), 70);
    for (unsigned long q = 1; q <= 400; q++)
        for (unsigned long p = 0; p <= 1200; p += 1 + p / 50)
            for (int max_frac = 0; max_frac <= 3; max_frac++) {
                mpq_set_ui(small, p, q);
                mpq_canonicalize(small);
                mpq_add(big, small, shift);
                char *got = num_to_decimal(small, max_frac);
                char *point = strchr(got, '.');
                mpz_set_str(integer, point ? rt_strndup(got, (size_t)(point - got)) : got, 10);
                mpz_add(integer, integer, mpq_numref(shift));
                char *want = num_to_decimal(big, max_frac);
                char *expected = rt_sprintf("%s%s", mpz_get_str(NULL, 10, integer), point ? point : "");
                if (strcmp(want, expected) != 0)
                    fail_msg("%lu/%lu at %d: small path \"%s\", GMP path \"%s\"", p, q, max_frac, got, want);
            }
    mpq_clears(small, big, shift, NULL);
    mpz_clear(integer);
}

static void test_to_decimal_huge(void **state)
{
    assert_formats(num_to_decimal, "123456789012345678901234567890123456789012345678901234567890", 2,
                   "123456789012345678901234567890123456789012345678901234567890");
    assert_formats(num_to_decimal, "-1/1267650600228229401496703205376", 2,   /* 2^-100 */
                   "-0.0000000000000000000000000000007888609052210118054117285652827862296732064351090230047702789306640625");
    assert_formats(num_to_decimal, "10000000000000000000000000000000000000000/3", 2,
                   "3333333333333333333333333333333333333333.33");
    assert_formats(num_to_french, "10000000000000000000000000000000000000000/3", 2,
                   "3" NNBSP "333" NNBSP "333" NNBSP "333" NNBSP "333" NNBSP "333" NNBSP "333" NNBSP "333"
                   NNBSP "333" NNBSP "333" NNBSP "333" NNBSP "333" NNBSP "333" NNBSP "333,33");
}

static void test_to_french(void **state)
{
    assert_formats(num_to_french, "4800", 2, "4" NNBSP "800");
    assert_formats(num_to_french, "1463/2", 2, "731,5");
    assert_formats(num_to_french, "25/2", 2, "12,5");
    assert_formats(num_to_french, "999", 2, "999");
    assert_formats(num_to_french, "1000", 2, "1" NNBSP "000");
    assert_formats(num_to_french, "-1000", 2, "-1" NNBSP "000");
    assert_formats(num_to_french, "40000", 2, "40" NNBSP "000");
    assert_formats(num_to_french, "100000", 2, "100" NNBSP "000");
    assert_formats(num_to_french, "1234567", 2, "1" NNBSP "234" NNBSP "567");
    assert_formats(num_to_french, "-123456789/100", 2, "-1" NNBSP "234" NNBSP "567,89");
    assert_formats(num_to_french, "-2/3", 2, "-0,67");
    assert_formats(num_to_french, "1/8", 2, "0,125");
    assert_formats(num_to_french, "2500/3", 2, "833,33");
    assert_formats(num_to_french, "0", 2, "0");
    /* Fraction digits are never grouped. */
    assert_formats(num_to_french, "1/1024", 2, "0,0009765625");
}

static void test_to_english(void **state)
{
    /* value, its English form: thousands grouped by commas, never the fraction digits */
    static const char *const cases[][2] = {
        { "4800", "4,800" }, { "1463/2", "731.5" }, { "999", "999" }, { "-999", "-999" },
        { "1000", "1,000" }, { "-1000", "-1,000" }, { "1514481/2", "757,240.5" },
        { "-123456789/100", "-1,234,567.89" }, { "2500/3", "833.33" }, { "0", "0" },
        { "1/1024", "0.0009765625" },
        { "10000000000000000000000000000000000000000/3",
          "3,333,333,333,333,333,333,333,333,333,333,333,333,333.33" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        assert_formats(num_to_english, cases[k][0], 2, cases[k][1]);
}

/* The reader's form is the French or the English one, and only the separators differ from the
** exact decimal: the same digits, the same rounding. */
static void test_to_reader(void **state)
{
    static const char *const values[] = { "4800", "1463/2", "-1/4", "2401/2", "-123456789/100", "1/3",
                                          "1/1024", "98765432109876543210", "0", "999", "1000" };
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        mpq_t q;
        mpq_init(q);
        set_q(q, values[k]);
        assert_string_equal(num_to_reader(q, 2, false), num_to_french(q, 2));
        assert_string_equal(num_to_reader(q, 2, true), num_to_english(q, 2));
        const char *en = num_to_english(q, 2), *plain = num_to_decimal(q, 2);
        char *stripped = rt_alloc_atomic(strlen(en) + 1), *p = stripped;
        for (const char *s = en; *s; s++)
            if (*s != ',')
                *p++ = *s;
        *p = '\0';
        assert_string_equal(stripped, plain);
        mpq_clear(q);
    }
}

/* A count is read as the same integer through num_to_reader would be: grouped from 1 000 on,
** both languages, negative and at the ends of a long. */
static void test_count_to_reader(void **state)
{
    static const long counts[] = { 0, 7, 999, 1000, -1000, 5003, 1048576, -1234567, LONG_MAX, LONG_MIN };
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        mpq_t q;
        mpq_init(q);
        mpq_set_si(q, counts[k], 1);
        assert_string_equal(num_count_to_reader(counts[k], false), num_to_reader(q, 0, false));
        assert_string_equal(num_count_to_reader(counts[k], true), num_to_reader(q, 0, true));
        mpq_clear(q);
    }
    assert_string_equal(num_count_to_reader(5003, false), "5" NNBSP "003");
    assert_string_equal(num_count_to_reader(5003, true), "5,003");
    assert_string_equal(num_count_to_reader(999, true), "999");
    assert_string_equal(num_count_to_reader(-1234567, true), "-1,234,567");
}

static void test_to_plain_french(void **state)
{
    assert_formats(num_to_plain_french, "9601/2", 2, "4800,5");
    assert_formats(num_to_plain_french, "1234567", 2, "1234567");
    assert_formats(num_to_plain_french, "-2/3", 2, "-0,67");
    assert_formats(num_to_plain_french, "-3", 2, "-3");
}

static void test_display_parses_back(void **state)
{
    static const char *const values[] = { "4800", "1463/2", "-1/4", "2401/2", "-123456789/100",
                                          "1/1024", "98765432109876543210", "0" };
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        mpq_t q, back;
        mpq_inits(q, back, NULL);
        set_q(q, values[k]);
        Formatter forms[] = { num_to_decimal, num_to_french, num_to_plain_french };
        for (size_t f = 0; f < 3; f++) {
            char *text = forms[f](q, 2);
            assert_int_equal(num_parse(back, text, strlen(text)), NUM_OK);
            if (!mpq_equal(q, back))
                fail_msg("%s written \"%s\" does not read back", values[k], text);
        }
        mpq_clears(q, back, NULL);
    }
}

static void test_is_decimal(void **state)
{
    mpq_t q;
    mpq_init(q);
    static const char *const yes[] = { "0", "-7", "1/2", "1/8", "3/20", "-1/1024", "7/1000000" };
    static const char *const no[] = { "1/3", "2/3", "-1/6", "1/7", "2500/3", "1/30" };
    for (size_t k = 0; k < sizeof yes / sizeof yes[0]; k++) {
        set_q(q, yes[k]);
        assert_true(num_is_decimal(q));
        assert_true(num_is_exact_at(q, 0));
        assert_true(num_is_exact_at(q, 2));
    }
    for (size_t k = 0; k < sizeof no / sizeof no[0]; k++) {
        set_q(q, no[k]);
        assert_false(num_is_decimal(q));
        assert_false(num_is_exact_at(q, 2));
        assert_false(num_is_exact_at(q, 50));
    }
    mpq_clear(q);
}

/* ---- the 64-bit fast path ------------------------------------------------------------ */

/* s is read by num_scaled_parse as mant/10^scale, and means what num_parse reads. */
static void assert_scaled(const char *s, int64_t mant, int scale)
{
    NumScaled x;
    if (!num_scaled_parse(s, strlen(s), &x))
        fail_msg("\"%s\": not read", s);
    if (x.mant != mant || x.scale != scale)
        fail_msg("\"%s\": %lld/10^%d, want %lld/10^%d", s, (long long)x.mant, x.scale, (long long)mant, scale);
    mpq_t fast, slow;
    mpq_inits(fast, slow, NULL);
    num_scaled_to_mpq(fast, x);
    assert_int_equal(parse(slow, s), NUM_OK);
    if (!mpq_equal(fast, slow))
        fail_msg("\"%s\": %s, num_parse says %s", s, mpq_get_str(NULL, 10, fast), mpq_get_str(NULL, 10, slow));
    /* Canonical, as mpq_canonicalize would leave it. */
    mpq_set(slow, fast);
    mpq_canonicalize(slow);
    assert_int_equal(mpz_cmp(mpq_numref(fast), mpq_numref(slow)), 0);
    assert_int_equal(mpz_cmp(mpq_denref(fast), mpq_denref(slow)), 0);
    mpq_clears(fast, slow, NULL);
}

static void assert_not_scaled(const char *s)
{
    NumScaled x;
    if (num_scaled_parse(s, strlen(s), &x))
        fail_msg("\"%s\": read as %lld/10^%d", s, (long long)x.mant, x.scale);
}

static void test_scaled_reads_plain_decimals(void **state)
{
    assert_scaled("0", 0, 0);
    assert_scaled("-0", 0, 0);
    assert_scaled("-0,00", 0, 2);
    assert_scaled("86.67", 8667, 2);
    assert_scaled("86,60", 8660, 2);
    assert_scaled("007", 7, 0);
    assert_scaled("-12.5", -125, 1);
    assert_scaled("4800", 4800, 0);
    assert_scaled("0.00000000000000001", 1, 17);
    assert_scaled("999999999999999999", INT64_C(999999999999999999), 0);
    assert_scaled("-99999999.9999999999", INT64_C(-999999999999999999), 10);
    assert_scaled("1.048576", 1048576, 6);
    assert_scaled("390625.0000", INT64_C(3906250000), 4);
}

static void test_scaled_leaves_the_rest_to_num_parse(void **state)
{
    assert_not_scaled("");
    assert_not_scaled("-");
    assert_not_scaled("1.");
    assert_not_scaled(".5");
    assert_not_scaled("+1");
    assert_not_scaled(" 1");
    assert_not_scaled("1 ");
    assert_not_scaled("1 000");
    assert_not_scaled("1" NBSP "000");
    assert_not_scaled(MINUS "1");
    assert_not_scaled("12h");
    assert_not_scaled("1e3");
    assert_not_scaled("1,2,3");
    assert_not_scaled("1.2.3");
    /* 19 digits and more may not fit in 63 bits. */
    assert_not_scaled("1000000000000000000");
    assert_not_scaled("9223372036854775807");
    assert_not_scaled("99999999999999999999999");
    assert_not_scaled("0.000000000000000001");
    assert_not_scaled("123456789.0123456789");
    /* Digits are summed without a bound in the loops: 2^64 wraps to 0, and is refused by its count. */
    assert_not_scaled("18446744073709551616");
    assert_not_scaled("1.8446744073709551616");
    assert_not_scaled("-0.000000000000000000018446744073709551616");
}

/* What num_scaled_parse reads, written the plain way: [-] digits [(,|.) digits], 18 digits at most. */
static bool reference_scaled(const char *s, size_t n, NumScaled *out)
{
    size_t i = 0, digits = 0;
    bool negative = n > 0 && s[0] == '-';
    i += negative;
    int64_t v = 0;
    int scale = -1;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (++digits > NUM_SCALED_MAX_DIGITS)
                return false;
            v = v * 10 + (s[i] - '0');
            if (scale >= 0)
                scale++;
        } else if ((s[i] == '.' || s[i] == ',') && scale < 0 && digits > 0 && i + 1 < n) {
            scale = 0;
        } else {
            return false;
        }
    }
    if (digits == 0)
        return false;
    out->mant = negative ? -v : v;
    out->scale = scale < 0 ? 0 : scale;
    return true;
}

/* num_scaled_parse (and num_scaled_parse_cell) agrees with the plain reading on every text of 1 to 6
** bytes over digits, both points, a sign, a letter, a blank, the colon and
** slash around the digits, and a UTF-8 byte; longer ones (7 to 10 bytes)
** from a fixed walk, a third of them digits only. */
static void test_scaled_agrees_with_a_plain_reading(void **state)
{
    static const char alphabet[] = "0159.,-a /:\xC3";
    const size_t k = sizeof alphabet - 1;
    char s[16];
    for (size_t n = 1; n <= 10; n++) {
        size_t total = 1;
        for (size_t i = 0; i < n; i++)
            total *= k;
        uint64_t state_ = 12345;
        size_t count = n <= 6 ? total : 400000;
        for (size_t c = 0; c < count; c++) {
            size_t x = c;
            if (n > 6) {
                state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
                x = (size_t)(state_ >> 17);
            }
            for (size_t i = 0; i < n; i++, x /= k)
                s[i] = alphabet[x % k];
            /* Digits only, now and then, so that long valid cells are met too. */
            if (n > 6 && c % 3 == 0)
                for (size_t i = 0; i < n; i++)
                    if (s[i] < '0' || s[i] > '9')
                        s[i] = (char)('0' + (i * 7 + c) % 10);
            NumScaled got = { 0, 0 }, want = { 0, 0 }, cell = { 0, 0 };
            bool g = num_scaled_parse(s, n, &got), w = reference_scaled(s, n, &want);
            if (g != w || (g && (got.mant != want.mant || got.scale != want.scale)))
                fail_msg("\"%.*s\": %d %lld/10^%d, want %d %lld/10^%d", (int)n, s, g, (long long)got.mant,
                         got.scale, w, (long long)want.mant, want.scale);
            /* The cell's variant, on the same text NUL-terminated (as a table's cell is). */
            s[n] = '\0';
            bool gc = num_scaled_parse_cell(s, n, &cell);
            if (gc != w || (gc && (cell.mant != want.mant || cell.scale != want.scale)))
                fail_msg("cell \"%s\": %d %lld/10^%d, want %d", s, gc, (long long)cell.mant, cell.scale, w);
            /* The two decimals' shortcut: the same reading, of every unsigned text with two decimals. */
            NumScaled two = { 0, 0 };
            bool g2 = num_scaled_parse_two_decimals(s, n, &two);
            if (g2 ? !w || two.mant != want.mant || two.scale != want.scale : w && want.scale == 2 && s[0] != '-')
                fail_msg("two decimals \"%s\": %d %lld/10^%d, want %d", s, g2, (long long)two.mant, two.scale, w);
            /* The one decimal's shortcut ("7.5"): the same reading, of every three-byte text with one decimal. */
            NumScaled one = { 0, 0 };
            bool g1 = num_scaled_parse_one_decimal(s, n, &one);
            if (g1 ? !w || one.mant != want.mant || one.scale != want.scale
                   : w && want.scale == 1 && n == 3 && s[0] != '-')
                fail_msg("one decimal \"%s\": %d %lld/10^%d, want %d", s, g1, (long long)one.mant, one.scale, w);
        }
    }
}

/* The two decimals' shortcut at its length bounds: 16 digits before the
** mark are read, 17 are left to num_scaled_parse (which refuses 19 digits). */
static void test_scaled_two_decimals_bounds(void **state)
{
    NumScaled x = { 0, 0 };
    assert_true(num_scaled_parse_two_decimals("9999999999999999.99", 19, &x));
    assert_true(x.mant == INT64_C(999999999999999999) && x.scale == 2);
    assert_false(num_scaled_parse_two_decimals("12345678901234567.89", 20, &x));
    assert_false(num_scaled_parse("12345678901234567.89", 20, &x));
    assert_true(num_scaled_parse_two_decimals("0,05", 4, &x));
    assert_true(x.mant == 5 && x.scale == 2);
    assert_false(num_scaled_parse_two_decimals(".05", 3, &x));
    assert_false(num_scaled_parse_two_decimals("1/05", 4, &x));
    assert_false(num_scaled_parse_two_decimals("1-05", 4, &x));
    /* the four bytes' word: each byte next to a digit's range, and the marks */
    assert_true(num_scaled_parse_two_decimals("9,99", 4, &x));
    assert_true(x.mant == 999 && x.scale == 2);
    assert_false(num_scaled_parse_two_decimals(":.00", 4, &x));
    assert_false(num_scaled_parse_two_decimals("0.:0", 4, &x));
    assert_false(num_scaled_parse_two_decimals("0.0:", 4, &x));
    assert_false(num_scaled_parse_two_decimals("/.00", 4, &x));
    assert_false(num_scaled_parse_two_decimals("0-00", 4, &x));
    assert_false(num_scaled_parse_two_decimals("0/00", 4, &x));
    assert_false(num_scaled_parse_two_decimals("0\xAE" "00", 4, &x));
    assert_false(num_scaled_parse_two_decimals("12.5", 4, &x));
    assert_true(num_scaled_parse_one_decimal("7.5", 3, &x));
    assert_true(x.mant == 75 && x.scale == 1);
    assert_true(num_scaled_parse_one_decimal("0,9", 3, &x));
    assert_true(x.mant == 9 && x.scale == 1);
    assert_false(num_scaled_parse_one_decimal(":.5", 3, &x));
    assert_false(num_scaled_parse_one_decimal("7.:", 3, &x));
    assert_false(num_scaled_parse_one_decimal("7\xAE" "5", 3, &x));
    assert_false(num_scaled_parse_one_decimal("7-5", 3, &x));
    assert_false(num_scaled_parse_one_decimal("75", 2, &x));
    assert_false(num_scaled_parse_one_decimal("7.50", 4, &x));
}

static void test_scaled_powers(void **state)
{
    /* The power is computed before it is compared, never past the last one:
    ** 10 × 10^18 overflows int64_t (UBSan stopped the loop's final step). */
    int64_t p = 1;
    for (int k = 0; k <= NUM_SCALED_MAX_DIGITS; k++) {
        assert_true(num_pow10(k) == p);
        if (k < NUM_SCALED_MAX_DIGITS)
            p *= 10;
    }
}

/* A duration's noun: French singular below 2, English singular for exactly 1;
** the sign aside (fmt and render say "-1,5 an" as "1,5 an"). */
static void test_takes_plural(void **state)
{
    (void)state;
    static const struct { const char *q; bool fr, en; } cases[] = {
        { "0", false, true }, { "1", false, false }, { "3/2", false, true }, { "199/100", false, true },
        { "2", true, true }, { "-3/2", false, true }, { "-1", false, false }, { "-2", true, true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mpq_t q;
        mpq_init(q);
        set_q(q, cases[i].q);
        if (num_takes_plural(q, false) != cases[i].fr || num_takes_plural(q, true) != cases[i].en)
            fail_msg("%s: plural fr %d en %d, want %d %d", cases[i].q, num_takes_plural(q, false),
                     num_takes_plural(q, true), cases[i].fr, cases[i].en);
        mpq_clear(q);
    }
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_plain),
        cmocka_unit_test(test_parse_signs),
        cmocka_unit_test(test_parse_grouping),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_respects_length),
        cmocka_unit_test(test_parse_too_long),
        cmocka_unit_test(test_scientific_too_long),
        cmocka_unit_test(test_parse_quantity),
        cmocka_unit_test(test_status_messages),
        cmocka_unit_test(test_round_up),
        cmocka_unit_test(test_round_down),
        cmocka_unit_test(test_round_nearest),
        cmocka_unit_test(test_round_huge),
        cmocka_unit_test(test_round_bad_step),
        cmocka_unit_test(test_to_decimal_exact),
        cmocka_unit_test(test_to_decimal_rounded),
        cmocka_unit_test(test_to_decimal_small_as_big),
        cmocka_unit_test(test_to_decimal_huge),
        cmocka_unit_test(test_to_french),
        cmocka_unit_test(test_to_english),
        cmocka_unit_test(test_to_reader),
        cmocka_unit_test(test_count_to_reader),
        cmocka_unit_test(test_to_plain_french),
        cmocka_unit_test(test_display_parses_back),
        cmocka_unit_test(test_is_decimal),
        cmocka_unit_test(test_scaled_reads_plain_decimals),
        cmocka_unit_test(test_scaled_leaves_the_rest_to_num_parse),
        cmocka_unit_test(test_scaled_agrees_with_a_plain_reading),
        cmocka_unit_test(test_scaled_two_decimals_bounds),
        cmocka_unit_test(test_scaled_powers),
        cmocka_unit_test(test_takes_plural),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
