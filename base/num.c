/* base/num.c: exact decimal reading into GMP rationals, rounding to a step, and exact decimal display. */
#include "num.h"

#include "blank.h"
#include "gc.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

/* ---- reading ------------------------------------------------------------------------ */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool has_bytes_at(const char *s, size_t n, size_t i, const char *lit)
{
    size_t len = strlen(lit);
    return i <= n && n - i >= len && memcmp(s + i, lit, len) == 0;
}

/* Length of the thousands separator at s[i] (' ', U+00A0, U+202F), or 0. */
static size_t thousands_separator_at(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == ' ')
        return 1;
    if (has_bytes_at(s, n, i, "\xC2\xA0"))
        return 2;
    if (has_bytes_at(s, n, i, "\xE2\x80\xAF"))
        return 3;
    return 0;
}


/* Digits seen so far; only the first NUM_MAX_DIGITS are kept, the count goes on
** so that an over-long number is reported as such once its syntax is known good. */
typedef struct {
    char digits[NUM_MAX_DIGITS + 1];
    size_t count;
} DigitBuffer;

static void push_digit(DigitBuffer *buf, char c)
{
    if (buf->count < NUM_MAX_DIGITS)
        buf->digits[buf->count] = c;
    buf->count++;
}

/* Integer part: one run of digits, or groups "1 234 567". Advances *i. The
** shape is checked to the end before the grouping, so that "5 1-2" is reported
** as not a number rather than as a grouping mistake. */
static NumStatus read_integer_part(const char *s, size_t n, size_t *i, DigitBuffer *buf)
{
    if (*i >= n || !is_digit(s[*i]))
        return NUM_SYNTAX;
    size_t group_len = 0, separators = 0;
    bool bad_grouping = false;
    for (;;) {
        while (*i < n && is_digit(s[*i])) {
            push_digit(buf, s[*i]);
            group_len++;
            (*i)++;
        }
        size_t sep = thousands_separator_at(s, n, *i);
        if (sep == 0)
            break;
        bool first = separators == 0;
        if (first ? group_len > 3 : group_len != 3)
            bad_grouping = true;
        separators++;
        *i += sep;
        group_len = 0;
        for (size_t more; (more = thousands_separator_at(s, n, *i)) != 0; *i += more)
            bad_grouping = true;
        if (*i >= n || !is_digit(s[*i]))
            return NUM_SYNTAX;
    }
    if (separators > 0 && group_len != 3)
        bad_grouping = true;
    return bad_grouping ? NUM_GROUPING : NUM_OK;
}

/* Optional ",5" / ".25". Returns the number of fraction digits through *frac. */
static NumStatus read_fraction_part(const char *s, size_t n, size_t *i, DigitBuffer *buf, size_t *frac)
{
    *frac = 0;
    if (*i >= n || (s[*i] != ',' && s[*i] != '.'))
        return NUM_OK;
    (*i)++;
    if (*i >= n || !is_digit(s[*i]))
        return NUM_SYNTAX;
    while (*i < n && is_digit(s[*i])) {
        push_digit(buf, s[*i]);
        (*frac)++;
        (*i)++;
    }
    return NUM_OK;
}

/* Reads an optional sign; returns true for a minus. */
static bool read_sign(const char *s, size_t n, size_t *i)
{
    if (*i < n && s[*i] == '-') {
        (*i)++;
        return true;
    }
    if (*i < n && s[*i] == '+') {
        (*i)++;
        return false;
    }
    if (has_bytes_at(s, n, *i, "\xE2\x88\x92")) {
        *i += 3;
        return true;
    }
    return false;
}

NumStatus num_parse(mpq_t out, const char *s, size_t n)
{
    blank_trim(&s, &n);
    if (n == 0)
        return NUM_EMPTY;

    size_t i = 0, frac = 0;
    DigitBuffer buf = { .count = 0 };
    bool negative = read_sign(s, n, &i);
    NumStatus integer = read_integer_part(s, n, &i, &buf);
    if (integer == NUM_SYNTAX)
        return NUM_SYNTAX;
    if (read_fraction_part(s, n, &i, &buf, &frac) != NUM_OK || i != n)
        return NUM_SYNTAX;
    if (integer != NUM_OK)
        return integer;
    if (buf.count > NUM_MAX_DIGITS)
        return NUM_TOO_LONG;

    buf.digits[buf.count] = '\0';
    mpz_set_str(mpq_numref(out), buf.digits, 10);
    mpz_ui_pow_ui(mpq_denref(out), 10, (unsigned long)frac);
    mpq_canonicalize(out);
    if (negative)
        mpq_neg(out, out);
    return NUM_OK;
}

/* ---- the 64-bit fast path ------------------------------------------------------------ */

static const int64_t pow10_table[NUM_SCALED_MAX_DIGITS + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
    10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
    1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
};

int64_t num_pow10(int k) { return pow10_table[k]; }

void num_scaled_to_mpq(mpq_t out, NumScaled x)
{
    uint64_t m = x.mant < 0 ? -(uint64_t)x.mant : (uint64_t)x.mant;
    if (m == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    /* The denominator 10^scale = 2^scale 5^scale: cancelling the 2s and 5s
    ** that m shares with it leaves the canonical fraction, without a gcd. */
    int twos = x.scale, fives = x.scale;
    while (twos > 0 && (m & 1) == 0) {
        m >>= 1;
        twos--;
    }
    while (fives > 0 && m % 5 == 0) {
        m /= 5;
        fives--;
    }
    uint64_t den = 1;
    for (int k = 0; k < fives; k++)
        den *= 5;
    den <<= twos;
    if (m <= ULONG_MAX && den <= ULONG_MAX) {
        mpz_set_ui(mpq_numref(out), (unsigned long)m);
        mpz_set_ui(mpq_denref(out), (unsigned long)den);
    } else {
        mpz_import(mpq_numref(out), 1, 1, sizeof m, 0, 0, &m);
        mpz_import(mpq_denref(out), 1, 1, sizeof den, 0, 0, &den);
    }
    if (x.mant < 0)
        mpz_neg(mpq_numref(out), mpq_numref(out));
}

/* Length of a unit suffix that ends s[0..n), the longest one that matches. */
static size_t matching_suffix_len(const char *s, size_t n, const char *const *suffixes)
{
    size_t best = 0;
    for (size_t k = 0; suffixes && suffixes[k]; k++) {
        size_t len = strlen(suffixes[k]);
        if (len > best && len <= n && memcmp(s + n - len, suffixes[k], len) == 0)
            best = len;
    }
    return best;
}

/* Length of the separator (blank, U+00A0, U+202F) that ends s[0..n), or 0. */
static size_t trailing_space_len(const char *s, size_t n)
{
    if (n >= 1 && blank_is(s[n - 1]))
        return 1;
    if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0)
        return 2;
    if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

size_t num_unit_stripped_len(const char *s, size_t n, const char *const *suffixes)
{
    size_t suffix = matching_suffix_len(s, n, suffixes);
    if (suffix == 0)
        return n;
    n -= suffix;
    for (size_t sp; (sp = trailing_space_len(s, n)) != 0;)
        n -= sp;
    return n;
}

NumStatus num_parse_quantity(mpq_t out, const char *s, size_t n, const char *const *suffixes)
{
    blank_trim(&s, &n);
    size_t kept = num_unit_stripped_len(s, n, suffixes);
    if (kept == n)
        return num_parse(out, s, n);
    /* "€" alone is a unit without its number, not an empty cell. */
    size_t rest = kept;
    blank_trim(&s, &rest);
    if (rest == 0)
        return NUM_SYNTAX;
    return num_parse(out, s, kept);
}

const char *num_status_message(NumStatus st, bool english)
{
    switch (st) {
    case NUM_OK:       return english ? "valid number" : "nombre valide";
    case NUM_EMPTY:    return english ? "empty value" : "valeur vide";
    case NUM_SYNTAX:   return english ? "number expected" : "nombre attendu";
    case NUM_GROUPING: return english ? "bad thousands grouping" : "groupement des milliers incorrect";
    case NUM_TOO_LONG: return english ? "number too long (more than 60 digits)"
                                      : "nombre trop long (plus de 60 chiffres)";
    }
    return english ? "unknown number status" : "statut de nombre inconnu";
}

/* ---- rounding ----------------------------------------------------------------------- */

/* q = round(num/den), halves away from zero: sign(num) * floor((2|num| + den) / 2den). */
static void div_round_half_away(mpz_t q, const mpz_t num, const mpz_t den)
{
    mpz_t twice, twice_den;
    mpz_inits(twice, twice_den, NULL);
    mpz_abs(twice, num);
    mpz_mul_2exp(twice, twice, 1);
    mpz_add(twice, twice, den);
    mpz_mul_2exp(twice_den, den, 1);
    mpz_fdiv_q(q, twice, twice_den);
    if (mpz_sgn(num) < 0)
        mpz_neg(q, q);
    mpz_clears(twice, twice_den, NULL);
}

void num_round_to(mpq_t out, const mpq_t x, const mpq_t step, NumRounding mode)
{
    if (mpq_sgn(step) <= 0) {
        /* A precondition breach: leave the figure as it is rather than divide by 0. */
        mpq_set(out, x);
        return;
    }
    mpq_t ratio;
    mpz_t multiple;
    mpq_init(ratio);
    mpz_init(multiple);
    mpq_div(ratio, x, step);
    switch (mode) {
    case NUM_ROUND_UP:      mpz_cdiv_q(multiple, mpq_numref(ratio), mpq_denref(ratio)); break;
    case NUM_ROUND_DOWN:    mpz_fdiv_q(multiple, mpq_numref(ratio), mpq_denref(ratio)); break;
    case NUM_ROUND_NEAREST: div_round_half_away(multiple, mpq_numref(ratio), mpq_denref(ratio)); break;
    }
    mpq_set_z(ratio, multiple);
    mpq_mul(out, ratio, step);
    mpq_clear(ratio);
    mpz_clear(multiple);
}

/* ---- display ------------------------------------------------------------------------ */

/* Number of decimal digits after the point in x's exact expansion, or -1 when
** x has none (its denominator has a prime factor other than 2 and 5). */
static long exact_fraction_digits(const mpq_t x)
{
    mpz_t rest, prime;
    mpz_init_set(rest, mpq_denref(x));
    mpz_init_set_ui(prime, 2);
    mp_bitcnt_t twos = mpz_remove(rest, rest, prime);
    mpz_set_ui(prime, 5);
    mp_bitcnt_t fives = mpz_remove(rest, rest, prime);
    bool finite = mpz_cmp_ui(rest, 1) == 0;
    mpz_clears(rest, prime, NULL);
    if (!finite)
        return -1;
    return (long)(twos > fives ? twos : fives);
}

bool num_is_decimal(const mpq_t x) { return exact_fraction_digits(x) >= 0; }

/* Every number num_to_decimal can write exactly is written exactly, so "exact
** at max_frac" does not depend on max_frac. */
bool num_is_exact_at(const mpq_t x, int max_frac) { return num_is_decimal(x); }

bool num_takes_plural(const mpq_t x, bool english)
{
    mpq_t a;
    mpq_init(a);
    mpq_abs(a, x);
    bool plural = english ? mpq_cmp_ui(a, 1, 1) != 0 : mpq_cmp_ui(a, 2, 1) >= 0;
    mpq_clear(a);
    return plural;
}

/* |x| as the integer |x| * 10^frac (exact or rounded), with frac reduced so
** that the last fraction digit is not 0. */
typedef struct {
    char *digits;     /* at least frac + 1 digits: there is always an integer digit */
    size_t frac;
    bool negative;
} DecimalText;

/* Digits of v into t, padded with zeros to frac + 1 digits. */
static void decimal_digits(DecimalText *t, uint64_t v, unsigned long frac)
{
    char tmp[24];
    size_t len = 0;
    do {
        tmp[len++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    size_t total = len < frac + 1 ? frac + 1 : len;
    char *raw = rt_alloc_atomic(total + 1);
    memset(raw, '0', total - len);
    for (size_t k = 0; k < len; k++)
        raw[total - 1 - k] = tmp[k];
    raw[total] = '\0';
    t->digits = raw;
    t->frac = frac;
}

/* decimal_text without GMP when numerator and denominator fit in 64 bits and so
** does the scaled result: reports print thousands of such figures (hours, rates,
** amounts), at a few thousand instructions each through mpz. false otherwise. */
static bool decimal_text_small(const mpq_t x, int max_frac, DecimalText *t)
{
    if (!mpz_fits_ulong_p(mpq_denref(x)) || mpz_sizeinbase(mpq_numref(x), 2) > 63)
        return false;
    uint64_t den = mpz_get_ui(mpq_denref(x)), num = mpz_get_ui(mpq_numref(x)), rest = den;
    /* mpz_get_ui gives |numerator| */
    unsigned long twos = 0, fives = 0;
    while (rest % 2 == 0)
        rest /= 2, twos++;
    while (rest % 5 == 0)
        rest /= 5, fives++;
    bool exact = rest == 1;
    unsigned long frac = exact ? (twos > fives ? twos : fives) : (max_frac > 0 ? (unsigned long)max_frac : 0);
    uint64_t power = 1;
    for (unsigned long k = 0; k < frac; k++)
        if (__builtin_mul_overflow(power, 10, &power))
            return false;
    uint64_t scaled;
    if (exact) {
        /* den divides 10^frac: |x| * 10^frac = num * (10^frac / den) */
        if (__builtin_mul_overflow(num, power / den, &scaled))
            return false;
    } else {
        uint64_t product;
        if (__builtin_mul_overflow(num, power, &product))
            return false;
        scaled = product / den;
        if (product % den >= den - product % den)    /* half away from zero: 2r >= den */
            scaled++;
    }
    while (frac > 0 && scaled % 10 == 0)
        scaled /= 10, frac--;
    t->negative = mpq_sgn(x) < 0 && scaled != 0;
    decimal_digits(t, scaled, frac);
    return true;
}

static DecimalText decimal_text(const mpq_t x, int max_frac)
{
    DecimalText small;
    if (decimal_text_small(x, max_frac, &small))
        return small;
    long exact = exact_fraction_digits(x);
    unsigned long frac = exact >= 0 ? (unsigned long)exact : (max_frac > 0 ? (unsigned long)max_frac : 0);

    mpz_t scaled, power;
    mpz_inits(scaled, power, NULL);
    mpz_ui_pow_ui(power, 10, frac);
    mpz_abs(scaled, mpq_numref(x));
    mpz_mul(scaled, scaled, power);
    if (exact >= 0)
        mpz_divexact(scaled, scaled, mpq_denref(x));
    else
        div_round_half_away(scaled, scaled, mpq_denref(x));
    while (frac > 0 && mpz_divisible_ui_p(scaled, 10)) {
        mpz_divexact_ui(scaled, scaled, 10);
        frac--;
    }

    DecimalText t = { .frac = frac, .negative = mpq_sgn(x) < 0 && mpz_sgn(scaled) != 0 };
    size_t room = mpz_sizeinbase(scaled, 10) + 2;
    if (room < frac + 2)
        room = frac + 2;
    char *raw = rt_alloc_atomic(room);
    mpz_get_str(raw, 10, scaled);
    size_t len = strlen(raw);
    if (len < frac + 1) {
        /* 0.05 is "5" scaled by 10^2: pad to "005" so there is an integer digit. */
        size_t pad = frac + 1 - len;
        memmove(raw + pad, raw, len + 1);
        memset(raw, '0', pad);
    }
    t.digits = raw;
    mpz_clears(scaled, power, NULL);
    return t;
}

/* Writes t with the given separator between thousands groups ("" for none) and decimal mark. */
static char *format_decimal(DecimalText t, const char *group_sep, char mark)
{
    size_t total = strlen(t.digits);
    size_t int_len = total - t.frac;
    size_t sep_len = strlen(group_sep);
    bool grouped = sep_len > 0 && int_len >= 4;
    size_t groups = grouped ? (int_len - 1) / 3 : 0;
    char *out = rt_alloc_atomic(1 + total + groups * sep_len + 1 + 1);
    char *p = out;
    if (t.negative)
        *p++ = '-';
    for (size_t k = 0; k < int_len; k++) {
        if (grouped && k > 0 && (int_len - k) % 3 == 0) {
            memcpy(p, group_sep, sep_len);
            p += sep_len;
        }
        *p++ = t.digits[k];
    }
    if (t.frac > 0) {
        *p++ = mark;
        memcpy(p, t.digits + int_len, t.frac);
        p += t.frac;
    }
    *p = '\0';
    return out;
}

char *num_to_decimal(const mpq_t x, int max_frac)
{
    return format_decimal(decimal_text(x, max_frac), "", '.');
}

/* The one place that says how each language groups and marks a figure for a reader. */
static char *format_for_reader(DecimalText t, bool english)
{
    return english ? format_decimal(t, ",", '.') : format_decimal(t, "\xE2\x80\xAF", ',');
}

char *num_to_french(const mpq_t x, int max_frac)
{
    return format_for_reader(decimal_text(x, max_frac), false);
}

char *num_to_english(const mpq_t x, int max_frac)
{
    return format_for_reader(decimal_text(x, max_frac), true);
}

char *num_to_reader(const mpq_t x, int max_frac, bool english)
{
    return format_for_reader(decimal_text(x, max_frac), english);
}

char *num_count_to_reader(long n, bool english)
{
    DecimalText t = { .negative = n < 0 };
    /* 0 - (unsigned long)n: the magnitude of LONG_MIN too, without overflow. */
    decimal_digits(&t, n < 0 ? 0 - (uint64_t)(unsigned long)n : (uint64_t)n, 0);
    return format_for_reader(t, english);
}

char *num_to_plain_french(const mpq_t x, int max_frac)
{
    return format_decimal(decimal_text(x, max_frac), "", ',');
}

/* How many digits the decimal writing of digits × 10^shift has (as
** num_to_decimal writes it: no leading zero but the units', no trailing zero
** after the mark), so that the scientific form is held to num_parse's limit:
** "5E-60" is 0,000…05, a decimal of 61 digits that num_parse refuses, and a
** number read from a cell must be one the report can write back and read. */
static size_t scientific_decimal_digits(const char *digits, size_t nd, long shift)
{
    size_t lead = 0;
    while (lead < nd && digits[lead] == '0')
        lead++;
    size_t len = nd - lead;
    if (len == 0)
        return 1;
    if (shift >= 0)
        return len + (size_t)shift;
    size_t k = (size_t)-shift;
    while (k > 0 && digits[lead + len - 1] == '0')
        len--, k--;
    if (k == 0)
        return len;
    return (len > k ? len - k : 1) + k;
}

NumStatus num_parse_scientific(mpq_t out, const char *s, size_t n)
{
    while (n > 0 && s[0] == ' ')
        s++, n--;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    size_t i = 0;
    bool neg = i < n && s[i] == '-';
    i += neg;
    if (i >= n || s[i] < '0' || s[i] > '9')
        return NUM_SYNTAX;
    char digits[NUM_MAX_DIGITS + 2];
    size_t nd = 0;
    digits[nd++] = s[i++];
    int frac = 0;
    if (i < n && (s[i] == ',' || s[i] == '.')) {
        i++;
        size_t start = i;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (nd == NUM_MAX_DIGITS)
                return NUM_SYNTAX;
            digits[nd++] = s[i];
            frac++;
        }
        if (i == start)
            return NUM_SYNTAX;
    }
    if (i >= n || (s[i] != 'e' && s[i] != 'E'))
        return NUM_SYNTAX;
    i++;
    bool eneg = i < n && s[i] == '-';
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t estart = i;
    int e = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        e = e * 10 + (s[i] - '0');
        if (e > NUM_MAX_EXPONENT)
            return NUM_SYNTAX;
    }
    if (i == estart || i != n)
        return NUM_SYNTAX;
    digits[nd] = '\0';
    /* digits × 10^(±e - frac), exactly. */
    long shift = (eneg ? -e : e) - frac;
    if (scientific_decimal_digits(digits, nd, shift) > NUM_MAX_DIGITS)
        return NUM_TOO_LONG;
    mpz_t num, pow;
    mpz_inits(num, pow, NULL);
    mpz_set_str(num, digits, 10);
    mpz_ui_pow_ui(pow, 10, (unsigned long)(shift < 0 ? -shift : shift));
    if (neg)
        mpz_neg(num, num);
    if (shift >= 0) {
        mpz_mul(num, num, pow);
        mpq_set_z(out, num);
    } else {
        mpq_set_num(out, num);
        mpq_set_den(out, pow);
        mpq_canonicalize(out);
    }
    mpz_clears(num, pow, NULL);
    return NUM_OK;
}
