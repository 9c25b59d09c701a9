/* tests/fuzz/fuzz_literals.c: libFuzzer harness for the literal readers: numbers, quantities, dates, months, UTF-8 keys, header keys. */
#include "fuzz.h"

#include "date.h"
#include "gc.h"
#include "headers.h"
#include "num.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rt_init();
    return 0;
}

/* Whatever num_parse accepts, the exact text charte writes back must read
** back as the same rational: reports and CSV outputs are read again by the
** same code (and by people). */
static void check_number_round_trip(const mpq_t x, const char *how, char *(*show)(const mpq_t, int))
{
    char *text = show(x, NUM_MAX_DIGITS);
    mpq_t back;
    mpq_init(back);
    NumStatus st = num_parse(back, text, strlen(text));
    if (st != NUM_OK)
        fuzz_fail("%s a écrit « %s », que num_parse refuse (%s)", how, text,
                  num_status_message(st, false));
    if (!mpq_equal(x, back))
        fuzz_fail("%s a écrit « %s », relu comme un autre nombre", how, text);
}

static void fuzz_numbers(const char *s, size_t n)
{
    static const char *const units[] = {"€", "h", NULL};
    mpq_t x;
    mpq_init(x);
    NumStatus st = num_parse(x, s, n);
    (void)num_status_message(st, false);
    (void)num_status_message(st, true);
    if (st == NUM_OK) {
        check_number_round_trip(x, "num_to_decimal", num_to_decimal);
        check_number_round_trip(x, "num_to_french", num_to_french);
        check_number_round_trip(x, "num_to_plain_french", num_to_plain_french);
    }

    mpq_t q;
    mpq_init(q);
    if (num_parse_quantity(q, s, n, units) == NUM_OK)
        check_number_round_trip(q, "num_to_decimal (quantité)", num_to_decimal);

    /* The scientific form is a decimal: written back exactly. */
    mpq_t e;
    mpq_init(e);
    if (num_parse_scientific(e, s, n) == NUM_OK) {
        if (!num_is_decimal(e))
            fuzz_fail("num_parse_scientific a lu un nombre sans écriture décimale finie");
        check_number_round_trip(e, "num_to_decimal (scientifique)", num_to_decimal);
    }
}

static void fuzz_dates(const char *s, size_t n)
{
    Date d, plain;
    bool has_time, midnight;
    if (date_parse_with_time(s, n, &d, &has_time, &midnight)) {
        if (!has_time && (!date_parse(s, n, &plain) || plain != d))
            fuzz_fail("date_parse_with_time sans heure diffère de date_parse");
        if (has_time && date_parse(s, n, &plain))
            fuzz_fail("une date avec heure que date_parse accepte aussi");
    } else if (date_parse(s, n, &plain)) {
        fuzz_fail("date_parse accepte ce que date_parse_with_time refuse");
    }
    if (date_parse(s, n, &d)) {
        const char *iso = date_to_iso(d), *fr = date_to_french(d);
        Date back;
        if (!date_parse(iso, strlen(iso), &back) || back != d)
            fuzz_fail("date_to_iso a écrit « %s », qui ne se relit pas en la même date", iso);
        if (!date_parse(fr, strlen(fr), &back) || back != d)
            fuzz_fail("date_to_french a écrit « %s », qui ne se relit pas en la même date", fr);
    }
    Month m;
    if (month_parse(s, n, &m)) {
        const char *iso = month_to_iso(m), *fr = month_to_french(m);
        Month back;
        if (!month_parse(iso, strlen(iso), &back) || back != m)
            fuzz_fail("month_to_iso a écrit « %s », qui ne se relit pas en le même mois", iso);
        if (!month_parse(fr, strlen(fr), &back) || back != m)
            fuzz_fail("month_to_french a écrit « %s », qui ne se relit pas en le même mois", fr);
    }
}

static void fuzz_text(const char *s, size_t n)
{
    (void)utf8_key(s, n);
    /* A header key is made of words: valid UTF-8, no ASCII punctuation or space. */
    const char *hk = headers_key(s, n);
    size_t hn = strlen(hk);
    if (utf8_invalid_at(hk, hn) != hn)
        fuzz_fail("headers_key a rendu de l'UTF-8 invalide");
    for (size_t i = 0; i < hn; i++)
        if ((unsigned char)hk[i] < 0x80 && !((hk[i] >= 'a' && hk[i] <= 'z') || (hk[i] >= '0' && hk[i] <= '9')))
            fuzz_fail("headers_key a gardé « %c »", hk[i]);
    (void)utf8_count(s, n);
    char *nfc = utf8_nfc(s, n);
    size_t len = strlen(nfc);
    if (utf8_invalid_at(nfc, len) != len)
        fuzz_fail("utf8_nfc a rendu de l'UTF-8 invalide");
    if (utf8_invalid_at(s, n) == n && memchr(s, '\0', n) == NULL) {
        char *again = utf8_nfc(nfc, len);
        if (strcmp(again, nfc) != 0)
            fuzz_fail("utf8_nfc n'est pas idempotent");
    }
}

/* Rounding to a multiple of step: up is the ceiling, down the floor, nearest
** takes halves away from zero (base/num.h). */
static void check_rounding(const mpq_t x, const mpq_t step)
{
    static const NumRounding modes[] = { NUM_ROUND_UP, NUM_ROUND_DOWN, NUM_ROUND_NEAREST };
    mpq_t out, gap, half, quotient, abs_out, abs_x;
    mpq_init(abs_out);
    mpq_init(abs_x);
    mpq_abs(abs_x, x);
    mpq_init(out);
    mpq_init(gap);
    mpq_init(half);
    mpq_init(quotient);
    mpq_set_ui(half, 1, 2);
    mpq_mul(half, half, step);
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        num_round_to(out, x, step, modes[i]);
        mpq_div(quotient, out, step);
        if (mpz_cmp_ui(mpq_denref(quotient), 1) != 0)
            fuzz_fail("num_round_to (mode %d) : %s n'est pas un multiple de %s", (int)modes[i],
                      num_to_decimal(out, 80), num_to_decimal(step, 80));
        mpq_sub(gap, out, x); /* out - x */
        bool ok;
        switch (modes[i]) {
        case NUM_ROUND_UP:
            ok = mpq_sgn(gap) >= 0 && mpq_cmp(gap, step) < 0;
            break;
        case NUM_ROUND_DOWN:
            mpq_neg(gap, gap);
            ok = mpq_sgn(gap) >= 0 && mpq_cmp(gap, step) < 0;
            break;
        default:
            mpq_abs(gap, gap);
            mpq_abs(abs_out, out);
            ok = mpq_cmp(gap, half) < 0 ||
                 (mpq_equal(gap, half) && mpq_cmp(abs_out, abs_x) > 0); /* a half: away from zero */
            break;
        }
        if (!ok)
            fuzz_fail("num_round_to (mode %d) de %s au pas de %s a donné %s", (int)modes[i],
                      num_to_decimal(x, 80), num_to_decimal(step, 80), num_to_decimal(out, 80));
    }
}

/* a + k months, where k = date_months_between(a, b): the last such date not
** after b (b >= a), or the first not before b (b < a). */
static void check_months_between(Date a, Date b)
{
    int k = date_months_between(a, b);
    Date at = date_add_months(a, k);
    Date next = date_add_months(a, b >= a ? k + 1 : k - 1);
    bool ok = b >= a ? k >= 0 && at != DATE_NONE && at <= b && (next == DATE_NONE || next > b)
                     : k <= 0 && at != DATE_NONE && at >= b && (next == DATE_NONE || next < b);
    if (!ok)
        fuzz_fail("date_months_between(%s, %s) = %d", date_to_iso(a), date_to_iso(b), k);
    int y, m, d;
    date_to_ymd(a, &y, &m, &d);
    /* Whole years are whole months / 12, except for those born on 29
    ** February, whose birthday is 1 March (not 28 February) in other years. */
    if (b >= a && !(m == 2 && d == 29) && date_age_years(a, b) != k / 12)
        fuzz_fail("date_age_years(%s, %s) = %d, mais %d mois", date_to_iso(a), date_to_iso(b),
                  date_age_years(a, b), k);
}

static void check_add_months(Date d, long n)
{
    Date r = date_add_months(d, (int)n);
    int64_t target = (int64_t)date_month(d) + n;
    bool in_range = target >= (int64_t)month_make(1, 1) && target <= (int64_t)month_make(9999, 12);
    if (!in_range) {
        if (r != DATE_NONE)
            fuzz_fail("date_add_months(%s, %ld) hors des années 1 à 9999 : %s", date_to_iso(d), n,
                      date_to_iso(r));
        return;
    }
    int y, m, dd, ry, rm, rd;
    date_to_ymd(d, &y, &m, &dd);
    if (r == DATE_NONE)
        fuzz_fail("date_add_months(%s, %ld) = DATE_NONE", date_to_iso(d), n);
    date_to_ymd(r, &ry, &rm, &rd);
    int last = date_days_in_month(ry, rm);
    if (date_month(r) != (Month)target || rd != (dd < last ? dd : last))
        fuzz_fail("date_add_months(%s, %ld) = %s", date_to_iso(d), n, date_to_iso(r));
}

/* Inputs "A|B" also tie two literals together: two dates, a date and a
** number of months, a number and a rounding step. */
static void fuzz_pairs(const char *s, size_t n)
{
    const char *bar = memchr(s, '|', n);
    if (!bar)
        return;
    size_t an = (size_t)(bar - s), bn = n - an - 1;
    const char *b = bar + 1;

    Date da, db;
    bool a_is_date = date_parse(s, an, &da);
    if (a_is_date && date_parse(b, bn, &db))
        check_months_between(da, db);
    if (a_is_date && bn > 0 && bn < 12) {
        char digits[12];
        memcpy(digits, b, bn);
        digits[bn] = '\0';
        char *end;
        long months = strtol(digits, &end, 10);
        if (*end == '\0')
            check_add_months(da, months);
    }

    mpq_t x, step;
    mpq_init(x);
    mpq_init(step);
    if (num_parse(x, s, an) == NUM_OK && num_parse(step, b, bn) == NUM_OK && mpq_sgn(step) > 0)
        check_rounding(x, step);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Not NUL-terminated on purpose: libFuzzer and replay_main.c hand over a
    ** block of exactly size bytes, so ASan sees any read past the end. */
    const char *s = (const char *)data;
    fuzz_numbers(s, size);
    fuzz_dates(s, size);
    fuzz_text(s, size);
    fuzz_pairs(s, size);
    fuzz_alloc_release();
    return 0;
}
