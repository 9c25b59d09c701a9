/* base/num.h: exact rational numbers (GMP mpq) as people write them in France, and their display. */
#ifndef CHARTE_NUM_H
#define CHARTE_NUM_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
** Every figure charte computes is an mpq_t: no binary floating point in any
** result. The functions here read the decimal forms found in charters and in
** spreadsheet exports, and write exact decimals.
**
** Reading (num_parse): optional sign ('-' or U+2212), digits with optional
** thousands groups separated by ' ', U+00A0 or U+202F (groups of exactly
** three digits after the first), an optional decimal part after ',' or '.'.
** Leading/trailing ASCII spaces are ignored. Anything else is an error.
** Exponents, "1.234,5" mixes, "1,234" with comma groups, empty text: errors.
*/

typedef enum {
    NUM_OK = 0,
    NUM_EMPTY,          /* nothing but spaces */
    NUM_SYNTAX,         /* not a number */
    NUM_GROUPING,       /* bad thousands grouping, e.g. "1 23" */
    NUM_TOO_LONG        /* more than NUM_MAX_DIGITS digits */
} NumStatus;

#define NUM_MAX_DIGITS 60

/* Parse s[0..n) into out (already mpq_init'ed). */
NumStatus num_parse(mpq_t out, const char *s, size_t n);
/* Like num_parse, with an optional unit after the number: one of the
** NULL-terminated suffixes (e.g. {"€", "h", NULL}), possibly preceded by
** spaces, U+00A0 or U+202F ("1 234,50 €", "12h"). A unit alone is NUM_SYNTAX.
** On any error, out is left unchanged (so is it for num_parse). */
NumStatus num_parse_quantity(mpq_t out, const char *s, size_t n, const char *const *suffixes);
/* The length of s[0..n) without the unit (one of suffixes) that ends it and
** the spaces before the unit; n when no unit ends it. */
size_t num_unit_stripped_len(const char *s, size_t n, const char *const *suffixes);
/* The scientific form of spreadsheets, "1,2345E+03" or "1.5e-2": one digit
** before the decimal mark (',' or '.'), which is how a spreadsheet writes it,
** so that no thousands separator can be mistaken for it; an exponent of at
** most NUM_MAX_EXPONENT; optional '-' in front. Anything else is NUM_SYNTAX;
** a number whose decimal writing would have more than NUM_MAX_DIGITS digits
** ("5E-60", "1E+60") is NUM_TOO_LONG, as num_parse says of that writing. On
** either, out is left unchanged. */
#define NUM_MAX_EXPONENT 60
NumStatus num_parse_scientific(mpq_t out, const char *s, size_t n);
/* A short French message for a status, and its English twin. */
const char *num_status_message(NumStatus st, bool english);

/*
** The fast path of data files: a decimal that 64 bits hold exactly, as the
** integer mant scaled down by 10^scale ("86.67" is 8667 and 2). Reading it
** costs no GMP; sums of them stay exact as long as they do not overflow
** (callers check, and fall back to mpq).
*/
typedef struct NumScaled {
    int64_t mant;
    int scale;
} NumScaled;

#define NUM_SCALED_MAX_DIGITS 18

/* num_scaled_parse's body; terminated: s[n] is a byte that is not a digit
** (a NUL-terminated cell), so the digit loops need not test the end. */
static inline __attribute__((always_inline)) bool num_scaled_parse_from(const char *s, size_t n, bool terminated,
                                                                        NumScaled *out)
{
    /* Every hours cell comes here: digits are summed in unsigned 64 bits
    ** without a bound in the loops; a number of more than 18 digits (which
    ** may have wrapped) is refused after, so the result is exact. */
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    bool negative = p < end && *p == '-';
    p += negative;
    const unsigned char *int_start = p;
    uint64_t v = 0;
    unsigned d;
    while ((terminated || p < end) && (d = (unsigned)*p - '0') <= 9) {
        v = v * 10 + d;
        p++;
    }
    size_t digits = (size_t)(p - int_start);
    if (digits == 0)
        return false;
    int scale = 0;
    if ((terminated || p < end) && (*p == ',' || *p == '.')) {
        const unsigned char *frac_start = ++p;
        while ((terminated || p < end) && (d = (unsigned)*p - '0') <= 9) {
            v = v * 10 + d;
            p++;
        }
        scale = (int)(p - frac_start);
        if (scale == 0)
            return false;
        digits += (size_t)scale;
    }
    /* 18 digits are below 10^18 < 2^63. */
    if (p != end || digits > NUM_SCALED_MAX_DIGITS)
        return false;
    out->mant = negative ? -(int64_t)v : (int64_t)v;
    out->scale = scale;
    return true;
}

/* Reads s[0..n) when it is a plain decimal: an optional '-', digits, and
** optionally ',' or '.' and more digits, NUM_SCALED_MAX_DIGITS digits at
** most, nothing else (no space, group, unit or '+'). Such text means the same
** to num_parse. false: not that form, and num_parse is the one to decide.
** Inline: every hours cell is read by it, and the call cost a fifth of it. */
static inline bool num_scaled_parse(const char *s, size_t n, NumScaled *out)
{
    return num_scaled_parse_from(s, n, false, out);
}

/* The same for a NUL-terminated s[0..n) (a table's cell): the same result,
** fewer tests. */
static inline bool num_scaled_parse_cell(const char *s, size_t n, NumScaled *out)
{
    return num_scaled_parse_from(s, n, true, out);
}

/* The commonest shape of an hours or amount cell, "6.56" or "1250,00": 1 to
** 16 digits, a decimal mark, two digits; read as num_scaled_parse reads it,
** with fewer tests. false: another shape, for num_scaled_parse. */
static inline bool num_scaled_parse_two_decimals(const char *s, size_t n, NumScaled *out)
{
    if (n == 4) {
        /* "6.56", nine hours cells in ten: the four bytes as one word (byte
        ** k of w is s[k]), tested as runtime/data_impl.h tests a month's digits (a digit's
        ** high nibble is 3 and stays 3 when 6 is added); the mark is the
        ** byte that is ',' (0x2C) once bit 1 is cleared. */
        uint32_t w;
        memcpy(&w, s, 4);
        if ((w & 0xF0F0FDF0u) == 0x30302C30u && ((w + 0x06060006u) & 0xF0F000F0u) == 0x30300030u) {
            out->mant = (int64_t)((w & 0xF) * 100 + ((w >> 16) & 0xF) * 10 + ((w >> 24) & 0xF));
            out->scale = 2;
            return true;
        }
        return false;
    }
    if (n < 4 || n > 19)
        return false;
    const unsigned char *p = (const unsigned char *)s, *mark = p + n - 3;
    unsigned d1 = (unsigned)mark[1] - '0', d2 = (unsigned)mark[2] - '0';
    /* ',' (0x2C) and '.' (0x2E) are the two bytes that are '.' once bit 1 is set */
    if ((*mark | 2) != '.' || d1 > 9 || d2 > 9)
        return false;
    uint64_t v = 0;
    for (; p < mark; p++) {
        unsigned d = (unsigned)*p - '0';
        if (d > 9)
            return false;
        v = v * 10 + d;
    }
    out->mant = (int64_t)(v * 100 + d1 * 10 + d2);
    out->scale = 2;
    return true;
}

/* "7.5" (or "7,5"): a digit, a decimal mark, a digit, as num_scaled_parse
** reads it (mant 75, scale 1), in one test of the three bytes; false:
** another shape, for num_scaled_parse. */
static inline bool num_scaled_parse_one_decimal(const char *s, size_t n, NumScaled *out)
{
    if (n != 3)
        return false;
    uint16_t a;
    memcpy(&a, s, 2);
    uint32_t w = a | (uint32_t)(unsigned char)s[2] << 16;
    if ((w & 0xF0FDF0u) == 0x302C30u && ((w + 0x060006u) & 0xF000F0u) == 0x300030u) {
        out->mant = (int64_t)((w & 0xF) * 10 + ((w >> 16) & 0xF));
        out->scale = 1;
        return true;
    }
    return false;
}

/* out = x, canonical; x.scale in 0..NUM_SCALED_MAX_DIGITS. */
void num_scaled_to_mpq(mpq_t out, NumScaled x);
/* 10^k for k in 0..NUM_SCALED_MAX_DIGITS. */
int64_t num_pow10(int k);

typedef enum { NUM_ROUND_UP, NUM_ROUND_DOWN, NUM_ROUND_NEAREST } NumRounding;

/* out = x rounded to a multiple of step (step > 0) in the given direction;
** NEAREST rounds halves away from zero. out may alias x. */
void num_round_to(mpq_t out, const mpq_t x, const mpq_t step, NumRounding mode);

/* true when x has a finite decimal expansion (denominator = 2^a 5^b). */
bool num_is_decimal(const mpq_t x);

/* Exact decimal text of x ("731.5", "-0.25", "4800"), or, when x has no
** finite expansion, x rounded half-up (away from zero) to max_frac digits,
** trailing zeros removed. Never exponent form. Result is GC memory. */
char *num_to_decimal(const mpq_t x, int max_frac);

/* French display: "4 800", "731,5", "12,5" with U+202F between groups of
** three digits and ',' as decimal mark; same rounding rule as above. */
char *num_to_french(const mpq_t x, int max_frac);

/* English display: "4,800", "731.5", "1,234,567.25": ',' between groups of
** three digits and '.' as decimal mark, as English style guides write figures;
** same rounding rule as num_to_decimal. For people only: never read back. */
char *num_to_english(const mpq_t x, int max_frac);

/* A figure as a reader of the language reads it: num_to_english or
** num_to_french. Every text, Markdown and HTML writer and every message that
** quotes a figure goes through it; machine outputs (JSON, CSV, workbooks) use
** num_to_decimal or num_to_plain_french. */
char *num_to_reader(const mpq_t x, int max_frac, bool english);

/* A count (rows, contracts, diagnostics, bytes) as a reader of the language reads
** it, the same form as num_to_reader ("5 003", "5,003"), without a rational: every
** message and report that tells a reader how many goes through it; positions
** (line, column, byte offset), article numbers and years stay plain. */
char *num_count_to_reader(long n, bool english);

/* Like num_to_french without thousands separators ("4800,5"): for CSV cells,
** where a separator inside a number confuses spreadsheets. */
char *num_to_plain_french(const mpq_t x, int max_frac);

/* true when num_to_decimal(x, max_frac) is x exactly. */
bool num_is_exact_at(const mpq_t x, int max_frac);
/* Whether x of a counted unit takes the plural noun: in French from 2 on
** (« 0 an », « 1,5 an », « 2 ans »), in English for all but exactly one
** ("0 years", "1 year", "1.5 years"). The formatter and the renderer say
** durations by this one rule. */
bool num_takes_plural(const mpq_t x, bool english);

#endif
