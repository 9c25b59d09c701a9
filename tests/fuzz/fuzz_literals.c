/* tests/fuzz/fuzz_literals.c: libFuzzer harness for the literal readers: numbers, quantities, dates, months, UTF-8 keys. */
#include "fuzz.h"

#include "date.h"
#include "gc.h"
#include "num.h"
#include "utf8.h"

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
}

static void fuzz_dates(const char *s, size_t n)
{
    Date d;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Not NUL-terminated on purpose: libFuzzer and replay_main.c hand over a
    ** block of exactly size bytes, so ASan sees any read past the end. */
    const char *s = (const char *)data;
    fuzz_numbers(s, size);
    fuzz_dates(s, size);
    fuzz_text(s, size);
    fuzz_alloc_release();
    return 0;
}
