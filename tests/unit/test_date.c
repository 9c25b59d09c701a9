/* tests/unit/test_date.c: unit tests of civil dates and months (base/date.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "date.h"
#include "gc.h"

#include <string.h>
#include <time.h>

static Date ymd(int y, int m, int d)
{
    Date out = DATE_NONE;
    if (!date_from_ymd(y, m, d, &out))
        fail_msg("%04d-%02d-%02d is not a date", y, m, d);
    return out;
}

static bool parse(const char *s, Date *out) { return date_parse(s, strlen(s), out); }
static bool parse_month(const char *s, Month *out) { return month_parse(s, strlen(s), out); }

static void assert_parses_to(const char *s, int y, int m, int d)
{
    Date got = DATE_NONE;
    if (!parse(s, &got))
        fail_msg("\"%s\" rejected", s);
    assert_int_equal(got, ymd(y, m, d));
}

static void assert_rejected(const char *s)
{
    Date got = 12345;
    if (parse(s, &got))
        fail_msg("\"%s\" accepted as %s", s, date_to_iso(got));
    assert_int_equal(got, 12345);
}

static void test_epoch_and_known_days(void **state)
{
    assert_int_equal(ymd(1970, 1, 1), 0);
    assert_int_equal(ymd(1970, 1, 2), 1);
    assert_int_equal(ymd(1969, 12, 31), -1);
    assert_int_equal(ymd(2000, 3, 1), 11017);
    assert_int_equal(ymd(2024, 3, 31), 19813);
    /* The bounds of the supported range. */
    assert_int_equal(ymd(1, 1, 1), -719162);
    assert_int_equal(ymd(9999, 12, 31), 2932896);
}

static void test_leap_years(void **state)
{
    assert_true(date_is_leap_year(2024));
    assert_true(date_is_leap_year(2000));
    assert_true(date_is_leap_year(1600));
    assert_false(date_is_leap_year(1900));
    assert_false(date_is_leap_year(2100));
    assert_false(date_is_leap_year(2023));
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(2023, 4), 30);
    assert_int_equal(date_days_in_month(2023, 12), 31);
    assert_int_equal(date_days_in_month(2023, 0), 0);
    assert_int_equal(date_days_in_month(2023, 13), 0);
    /* 29 February exists only in leap years. */
    Date d;
    assert_true(date_from_ymd(2024, 2, 29, &d));
    assert_false(date_from_ymd(2023, 2, 29, &d));
    assert_false(date_from_ymd(1900, 2, 29, &d));
    assert_true(date_from_ymd(2000, 2, 29, &d));
}

static void test_from_ymd_rejects(void **state)
{
    Date d = 7;
    assert_false(date_from_ymd(0, 1, 1, &d));
    assert_false(date_from_ymd(10000, 1, 1, &d));
    assert_false(date_from_ymd(-5, 1, 1, &d));
    assert_false(date_from_ymd(2024, 0, 1, &d));
    assert_false(date_from_ymd(2024, 13, 1, &d));
    assert_false(date_from_ymd(2024, 1, 0, &d));
    assert_false(date_from_ymd(2024, 1, 32, &d));
    assert_false(date_from_ymd(2024, 4, 31, &d));
    assert_int_equal(d, 7);
}

/* Day d, y-m-dd, is the day after py-pm-pd in the calendar. */
static void assert_day_after(Date d, int py, int pm, int pd, int y, int m, int dd)
{
    bool next_day = y == py && m == pm && dd == pd + 1;
    bool next_month = y == py && m == pm + 1 && dd == 1 && pd == date_days_in_month(py, pm);
    bool next_year = y == py + 1 && m == 1 && dd == 1 && pm == 12 && pd == 31;
    if (!(next_day || next_month || next_year))
        fail_msg("day %d is %d-%02d-%02d after %d-%02d-%02d", d, y, m, dd, py, pm, pd);
}

/* Every day of the supported range goes to y/m/d and back, and y/m/d steps by one day. */
static void test_round_trip_whole_range(void **state)
{
    Date first = ymd(1, 1, 1), last = ymd(9999, 12, 31);
    int py = 0, pm = 12, pd = 31;
    for (Date d = first; d <= last; d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_day_after(d, py, pm, pd, y, m, dd);
        Date back;
        assert_true(date_from_ymd(y, m, dd, &back));
        assert_int_equal(back, d);
        py = y;
        pm = m;
        pd = dd;
    }
    assert_int_equal(py, 9999);
}

/* Days far outside years 1..9999 (reached by date arithmetic, never by
** parsing) leave the 32-bit conversions for the wide ones: the calendar
** steps by one day across both limits, and 2^29 days after the epoch is
** where the two meet. */
static void assert_steps_by_one_day(Date from, Date to)
{
    int py, pm, pd;
    date_to_ymd(from, &py, &pm, &pd);
    for (Date d = from + 1; d <= to; d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_day_after(d, py, pm, pd, y, m, dd);
        py = y;
        pm = m;
        pd = dd;
    }
}

static void test_conversions_meet_at_their_limits(void **state)
{
    Date fast_max = (Date)1 << 29, fast_min = -(719468 + 146097 * 82);
    assert_steps_by_one_day(fast_max - 800, fast_max + 800);
    assert_steps_by_one_day(fast_min - 800, fast_min + 800);
    int y, m, d;
    date_to_ymd(fast_min, &y, &m, &d);    /* 82 eras of 400 years before 0000-03-01 */
    assert_int_equal(y, -32800);
    assert_int_equal(m, 3);
    assert_int_equal(d, 1);
    date_to_ymd(-719468, &y, &m, &d);
    assert_int_equal(y, 0);
    assert_int_equal(m, 3);
    assert_int_equal(d, 1);
}

static void test_parse_iso(void **state)
{
    assert_parses_to("2024-03-31", 2024, 3, 31);
    assert_parses_to("  2024-03-31\t", 2024, 3, 31);
    assert_parses_to("2024-02-29", 2024, 2, 29);
    assert_parses_to("0001-01-01", 1, 1, 1);
    assert_parses_to("9999-12-31", 9999, 12, 31);
    assert_rejected("2023-02-29");
    assert_rejected("1900-02-29");
    assert_rejected("2024-02-30");
    assert_rejected("2024-04-31");
    assert_rejected("2024-13-01");
    assert_rejected("2024-00-10");
    assert_rejected("2024-01-00");
    assert_rejected("0000-01-01");
    assert_rejected("2024-3-31");
    assert_rejected("2024-03-1");
    assert_rejected("24-03-31");
    assert_rejected("12024-03-31");
    assert_rejected("2024-03-31T00:00");
    assert_rejected("2024-03-31 12:00");
    assert_rejected("2024-03-31x");
    assert_rejected("2024/03/31");
    assert_rejected("2024-03");
    assert_rejected("-2024-03-31");
}

static void test_parse_french(void **state)
{
    assert_parses_to("31/03/2024", 2024, 3, 31);
    assert_parses_to("1/3/2024", 2024, 3, 1);
    assert_parses_to("01/3/2024", 2024, 3, 1);
    assert_parses_to("1/03/2024", 2024, 3, 1);
    assert_parses_to(" 29/02/2024 ", 2024, 2, 29);
    assert_parses_to("31/12/9999", 9999, 12, 31);
    assert_rejected("31/02/2024");
    assert_rejected("29/02/2023");
    assert_rejected("31/04/2024");
    assert_rejected("32/01/2024");
    assert_rejected("0/01/2024");
    assert_rejected("01/13/2024");
    assert_rejected("01/03/24");
    assert_rejected("01/03/024");
    assert_rejected("001/03/2024");
    assert_rejected("01/003/2024");
    assert_rejected("01/03/20245");
    assert_rejected("01/03/0000");
    assert_rejected("01-03-2024");
    assert_rejected("01.03.2024");
    assert_rejected("01/03/2024 10:00");
    assert_rejected("/03/2024");
    assert_rejected("03/2024");
}

static void test_parse_empty_and_junk(void **state)
{
    assert_rejected("");
    assert_rejected("   ");
    assert_rejected("demain");
    assert_rejected("2024-03-31\xC2\xA0");
    /* Only n bytes are read. */
    Date d;
    assert_true(date_parse("2024-03-31 garbage", 10, &d));
    assert_int_equal(d, ymd(2024, 3, 31));
    assert_false(date_parse("2024-03-31", 9, &d));
}

static void test_month_parse(void **state)
{
    Month mo = 0;
    assert_true(parse_month("2024-03", &mo));
    assert_int_equal(mo, month_make(2024, 3));
    assert_true(parse_month("03/2024", &mo));
    assert_int_equal(mo, month_make(2024, 3));
    assert_true(parse_month("3/2024", &mo));
    assert_int_equal(mo, month_make(2024, 3));
    assert_true(parse_month(" 12/2025 ", &mo));
    assert_int_equal(mo, month_make(2025, 12));
    assert_true(parse_month("0001-01", &mo));
    assert_true(parse_month("9999-12", &mo));
    assert_int_equal(mo, month_make(9999, 12));

    mo = 77;
    static const char *const bad[] = { "", "2024-3", "2024-13", "2024-00", "13/2024", "0/2024",
                                       "03/24", "003/2024", "0000-01", "2024-03-01", "01/03/2024",
                                       "2024/03", "03-2024", "2024-03x", "mars 2024" };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        if (parse_month(bad[k], &mo))
            fail_msg("\"%s\" accepted as a month", bad[k]);
    assert_int_equal(mo, 77);
}

static void test_month_arithmetic(void **state)
{
    assert_int_equal(month_make(2024, 1) - month_make(2023, 12), 1);
    assert_int_equal(month_make(2026, 3) - month_make(2024, 3), 24);
    int y, m;
    month_to_ym(month_make(2024, 12), &y, &m);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 12);
    month_to_ym(month_make(2025, 1), &y, &m);
    assert_int_equal(y, 2025);
    assert_int_equal(m, 1);
    month_to_ym(month_make(2024, 3) + 24, &y, &m);
    assert_int_equal(y, 2026);
    assert_int_equal(m, 3);
    assert_int_equal(date_month(ymd(2024, 3, 31)), month_make(2024, 3));
    assert_int_equal(date_month(ymd(2024, 3, 1)), month_make(2024, 3));
    assert_int_equal(date_month(ymd(1, 1, 1)), month_make(1, 1));
    assert_true(date_month(ymd(2024, 2, 29)) < date_month(ymd(2024, 3, 1)));
}

static void test_age(void **state)
{
    Date born = ymd(1990, 6, 15);
    assert_int_equal(date_age_years(born, ymd(2016, 6, 14)), 25);
    assert_int_equal(date_age_years(born, ymd(2016, 6, 15)), 26);
    assert_int_equal(date_age_years(born, ymd(2016, 12, 31)), 26);
    assert_int_equal(date_age_years(born, born), 0);
    assert_int_equal(date_age_years(born, ymd(1991, 6, 14)), 0);
    assert_int_equal(date_age_years(born, ymd(1991, 6, 15)), 1);
    assert_int_equal(date_age_years(born, ymd(1980, 1, 1)), 0);    /* at before birth */
    assert_int_equal(date_age_years(ymd(1, 1, 1), ymd(9999, 12, 31)), 9998);
}

static void test_age_born_29_february(void **state)
{
    Date born = ymd(2000, 2, 29);
    assert_int_equal(date_age_years(born, ymd(2018, 2, 28)), 17);
    assert_int_equal(date_age_years(born, ymd(2018, 3, 1)), 18);
    assert_int_equal(date_age_years(born, ymd(2004, 2, 28)), 3);
    assert_int_equal(date_age_years(born, ymd(2004, 2, 29)), 4);
    assert_int_equal(date_age_years(born, ymd(2004, 3, 1)), 4);
    assert_int_equal(date_age_years(born, ymd(2001, 2, 28)), 0);
    assert_int_equal(date_age_years(born, ymd(2001, 3, 1)), 1);
    /* 2100 is not a leap year. */
    assert_int_equal(date_age_years(born, ymd(2100, 2, 28)), 99);
    assert_int_equal(date_age_years(born, ymd(2100, 3, 1)), 100);
    /* Someone born on 1 March is not affected. */
    assert_int_equal(date_age_years(ymd(2000, 3, 1), ymd(2018, 2, 28)), 17);
    assert_int_equal(date_age_years(ymd(2000, 3, 1), ymd(2018, 3, 1)), 18);
    /* Nor someone born on 28 February. */
    assert_int_equal(date_age_years(ymd(2000, 2, 28), ymd(2018, 2, 28)), 18);
}

static void assert_added(int y, int m, int d, int n, int ey, int em, int ed)
{
    Date got = date_add_months(ymd(y, m, d), n);
    Date want = ymd(ey, em, ed);
    if (got != want)
        fail_msg("%04d-%02d-%02d + %d months = %s, want %s", y, m, d, n,
                 got == DATE_NONE ? "none" : date_to_iso(got), date_to_iso(want));
}

static void test_add_months(void **state)
{
    assert_added(2024, 3, 15, 0, 2024, 3, 15);
    assert_added(2024, 3, 15, 1, 2024, 4, 15);
    assert_added(2024, 3, 15, 24, 2026, 3, 15);
    assert_added(2024, 11, 30, 2, 2025, 1, 30);
    assert_added(2024, 1, 31, 1, 2024, 2, 29);
    assert_added(2023, 1, 31, 1, 2023, 2, 28);
    assert_added(2024, 3, 31, 1, 2024, 4, 30);
    assert_added(2024, 3, 31, -1, 2024, 2, 29);
    assert_added(2024, 2, 29, 12, 2025, 2, 28);
    assert_added(2024, 2, 29, 48, 2028, 2, 29);
    assert_added(2024, 1, 15, -1, 2023, 12, 15);
    assert_added(2024, 1, 15, -25, 2021, 12, 15);
    assert_added(1, 1, 1, 0, 1, 1, 1);
    assert_added(9999, 11, 30, 1, 9999, 12, 30);
    assert_int_equal(date_add_months(ymd(9999, 12, 1), 1), DATE_NONE);
    assert_int_equal(date_add_months(ymd(1, 1, 31), -1), DATE_NONE);
    assert_int_equal(date_add_months(ymd(2024, 1, 1), 2147483647), DATE_NONE);
    assert_int_equal(date_add_months(ymd(2024, 1, 1), -2147483647 - 1), DATE_NONE);
    assert_int_equal(date_add_months(DATE_NONE, 1), DATE_NONE);
}

static void test_months_between(void **state)
{
    assert_int_equal(date_months_between(ymd(2024, 3, 15), ymd(2024, 3, 15)), 0);
    assert_int_equal(date_months_between(ymd(2024, 3, 15), ymd(2024, 4, 14)), 0);
    assert_int_equal(date_months_between(ymd(2024, 3, 15), ymd(2024, 4, 15)), 1);
    assert_int_equal(date_months_between(ymd(2024, 3, 15), ymd(2026, 3, 14)), 23);
    assert_int_equal(date_months_between(ymd(2024, 3, 15), ymd(2026, 3, 15)), 24);
    /* Clamping: 31 January + 1 month is 29 February 2024. */
    assert_int_equal(date_months_between(ymd(2024, 1, 31), ymd(2024, 2, 28)), 0);
    assert_int_equal(date_months_between(ymd(2024, 1, 31), ymd(2024, 2, 29)), 1);
    assert_int_equal(date_months_between(ymd(2024, 1, 31), ymd(2024, 3, 30)), 1);
    assert_int_equal(date_months_between(ymd(2024, 1, 31), ymd(2024, 3, 31)), 2);
    assert_int_equal(date_months_between(ymd(1, 1, 1), ymd(9999, 12, 31)), 9998 * 12 + 11);
    /* Backwards: negative, truncated toward 0. */
    assert_int_equal(date_months_between(ymd(2024, 4, 15), ymd(2024, 3, 15)), -1);
    assert_int_equal(date_months_between(ymd(2024, 4, 15), ymd(2024, 3, 16)), 0);
    assert_int_equal(date_months_between(ymd(2024, 4, 15), ymd(2024, 3, 14)), -1);
    assert_int_equal(date_months_between(ymd(2024, 3, 31), ymd(2024, 2, 29)), -1);
    assert_int_equal(date_months_between(ymd(2024, 3, 31), ymd(2024, 3, 1)), 0);
}

/* The header's definition, checked by brute force over a few years of pairs. */
static void test_months_between_matches_definition(void **state)
{
    Date start = ymd(2023, 1, 1);
    for (Date a = start; a < start + 800; a += 7) {
        for (Date b = a; b < a + 800; b += 3) {
            int k = date_months_between(a, b);
            assert_true(k >= 0);
            assert_true(date_add_months(a, k) <= b);
            assert_true(date_add_months(a, k + 1) > b);
        }
    }
}

static void test_text_forms(void **state)
{
    Date d = ymd(2024, 3, 1);
    assert_string_equal(date_to_iso(d), "2024-03-01");
    assert_string_equal(date_to_french(d), "01/03/2024");
    assert_string_equal(date_to_iso(ymd(1, 1, 1)), "0001-01-01");
    assert_string_equal(date_to_french(ymd(9999, 12, 31)), "31/12/9999");
    assert_string_equal(month_to_iso(month_make(2024, 3)), "2024-03");
    assert_string_equal(month_to_french(month_make(2024, 3)), "03/2024");
    assert_string_equal(month_to_iso(month_make(7, 12)), "0007-12");
    /* What is written reads back. */
    Date back;
    Month mback;
    char *iso = date_to_iso(ymd(2000, 2, 29));
    assert_true(date_parse(iso, strlen(iso), &back));
    assert_int_equal(back, ymd(2000, 2, 29));
    char *fr = date_to_french(ymd(2000, 2, 29));
    assert_true(date_parse(fr, strlen(fr), &back));
    assert_int_equal(back, ymd(2000, 2, 29));
    char *mfr = month_to_french(month_make(2025, 11));
    assert_true(month_parse(mfr, strlen(mfr), &mback));
    assert_int_equal(mback, month_make(2025, 11));
}

static void test_today(void **state)
{
    time_t now = time(NULL);
    struct tm local;
    assert_non_null(localtime_r(&now, &local));
    Date today = date_today();
    assert_int_not_equal(today, DATE_NONE);
    /* Allow for midnight passing between the two readings. */
    Date expected = ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    assert_true(today == expected || today == expected + 1);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_epoch_and_known_days),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_from_ymd_rejects),
        cmocka_unit_test(test_round_trip_whole_range),
        cmocka_unit_test(test_conversions_meet_at_their_limits),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_parse_french),
        cmocka_unit_test(test_parse_empty_and_junk),
        cmocka_unit_test(test_month_parse),
        cmocka_unit_test(test_month_arithmetic),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_age_born_29_february),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_months_between),
        cmocka_unit_test(test_months_between_matches_definition),
        cmocka_unit_test(test_text_forms),
        cmocka_unit_test(test_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
