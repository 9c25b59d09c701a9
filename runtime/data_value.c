/* runtime/data_value.c: a cell's text read as its column's value, the general way (data_parse_value, data_parse_bool), which words what is wrong. */
#include "data_impl.h"

#include "gc.h"
#include "num.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* Code points that are NFC whatever surrounds them: they have no
** decomposition, do not combine and are never the second half of a
** composition (checked against Unicode 14 for every one of them). Below
** U+0300 that is all of them; above, the punctuation of French labels
** (’ – « » …, U+2010-U+205E) and €. */
static bool stays_nfc(int32_t cp)
{
    return cp < 0x300 || (cp >= 0x2010 && cp <= 0x205E) || cp == 0x20AC;
}

/* True when s is NFC without asking utf8proc (French text usually is). */
static bool known_nfc(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0 || !stays_nfc(cp))
            return false;
        i += len;
    }
    return true;
}

/* Text values are NFC; plain ASCII is NFC already and needs no copy when the
** cell is exactly the text (the common case on the hot path). The cell
** itself or a copy, never a pointer within the cell: data_text_key. */
static const char *text_value(const char *s, size_t n, bool whole_cell, size_t *out_len)
{
    if (data_is_ascii(s, n) || known_nfc(s, n)) {
        *out_len = n;
        return whole_cell ? s : rt_strndup(s, n);
    }
    const char *nfc = utf8_nfc(s, n);
    *out_len = strlen(nfc);
    return nfc;
}

static bool equal_bytes(const char *a, const char *s, size_t n)
{
    return strlen(a) == n && memcmp(a, s, n) == 0;
}

/* Index of the id that s names exactly (ids are codes: "ETTI" is not "etti",
** as the reference implementation has it); -1 when none. */
static int match_name(const char *const *ids, int count, size_t stride, const char *s, size_t n)
{
    for (int i = 0; i < count; i++)
        if (equal_bytes(data_id_at(ids, stride, i), s, n))
            return i;
    return -1;
}

/* The index of the id that s names once case, accents, spaces, '_', '-' and
** apostrophes are set aside ("Formation", "Embauche directe"); -1 when none,
** or when two ids would fit (then only the exact spelling tells them apart). */
static int near_name(const char *const *ids, int count, size_t stride, const char *s, size_t n)
{
    const char *key = utf8_key(s, n);
    if (!*key)
        return -1;
    int found = -1;
    for (int i = 0; i < count; i++) {
        const char *id = data_id_at(ids, stride, i);
        if (strcmp(utf8_key(id, strlen(id)), key) == 0) {
            if (found >= 0)
                return -1;
            found = i;
        }
    }
    return found;
}

/* The bytes of s[0..n) (1 to 5) as one integer, its capitals lowered all at
** once, and n in the top byte: French exports write their booleans non, Non,
** N, vrai (six a participant row), and a loop over the bytes made
** data_parse_bool 63 instructions a cell (now 43). Every byte whose low
** seven bits reach 'A' (plus 0x3F, they reach 0x80) gains 0x20: the capitals
** become lower case, and no other byte becomes one of the words' letters or
** digits ('[' to '_' become '{' to DEL, lower case letters already have that
** bit, a byte of 0x80 or more keeps its high bit); those below 'A' stay (DLE
** would become '0'). */
static inline uint64_t bool_word_key(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t w;
    if (n >= 4) {
        uint32_t head;
        memcpy(&head, u, 4);
        w = head | (n == 5 ? (uint64_t)u[4] << 32 : 0);
    } else {
        w = u[0] | (n >= 2 ? (uint64_t)u[1] << 8 : 0) | (n == 3 ? (uint64_t)u[2] << 16 : 0);
    }
    uint64_t low7 = w & UINT64_C(0x0000007F7F7F7F7F);
    uint64_t from_a = (low7 + UINT64_C(0x0000003F3F3F3F3F)) & UINT64_C(0x0000008080808080);
    return (w | from_a >> 2) | (uint64_t)n << 56;
}

/* The lowered bytes of a word of at most 5 bytes and its length, as one integer. */
#define BOOL_WORD(n, a, b, c, d, e) \
    ((uint64_t)(n) << 56 | (uint64_t)(e) << 32 | (uint64_t)(d) << 24 | (uint64_t)(c) << 16 | (uint64_t)(b) << 8 | (uint64_t)(a))

bool data_parse_bool(const char *s, size_t n, bool *out)
{
    /* oui vrai o 1 true yes / non faux n 0 false no, in any case. A participant
    ** row has six such cells: each is one integer, matched by a switch. */
    data_trim(&s, &n);
    if (n == 0 || n > 5)
        return false;
    switch (bool_word_key(s, n)) {
    case BOOL_WORD(3, 'o', 'u', 'i', 0, 0): case BOOL_WORD(4, 'v', 'r', 'a', 'i', 0):
    case BOOL_WORD(1, 'o', 0, 0, 0, 0):     case BOOL_WORD(1, '1', 0, 0, 0, 0):
    case BOOL_WORD(4, 't', 'r', 'u', 'e', 0): case BOOL_WORD(3, 'y', 'e', 's', 0, 0):
        *out = true;
        return true;
    case BOOL_WORD(3, 'n', 'o', 'n', 0, 0): case BOOL_WORD(4, 'f', 'a', 'u', 'x', 0):
    case BOOL_WORD(1, 'n', 0, 0, 0, 0):     case BOOL_WORD(1, '0', 0, 0, 0, 0):
    case BOOL_WORD(5, 'f', 'a', 'l', 's', 'e'): case BOOL_WORD(2, 'n', 'o', 0, 0, 0):
        *out = false;
        return true;
    default:
        return false;
    }
}

/* A plain decimal followed by one of units (see num_parse_quantity), once
** the plain decimal alone was not: out of line, since most cells are plain
** decimals and the test of every one of them stays as short as it was. */
__attribute__((noinline)) bool data_scaled_before_unit(const char *s, size_t n, const char *const *units,
                                                         NumScaled *out)
{
    size_t kept = units ? num_unit_stripped_len(s, n, units) : n;
    return kept < n && num_scaled_parse(s, kept, out);
}

static bool parse_number_with(mpq_ptr q, const char *s, size_t n, const char *const *units, DataCellInfo *info,
                              Say *why)
{
    /* Most cells are plain decimals ("86.67"), or with their unit ("9,48 h",
    ** as French exports write hours): read without GMP, and kept as scaled
    ** integers for the evaluator's sums. */
    if (num_scaled_parse(s, n, &info->num) || data_scaled_before_unit(s, n, units, &info->num)) {
        num_scaled_to_mpq(q, info->num);
        info->scaled = true;
        return true;
    }
    NumStatus st = units ? num_parse_quantity(q, s, n, units) : num_parse(q, s, n);
    if (st == NUM_SYNTAX) {
        NumStatus sci = num_parse_scientific(q, s, n);   /* "1,2345E+03", as a spreadsheet writes it */
        if (sci != NUM_SYNTAX)
            st = sci;
    }
    if (st != NUM_OK) {
        *why = say(num_status_message(st, false), num_status_message(st, true));
        return false;
    }
    return true;
}

static bool parse_int_cell(const MColumn *col, mpq_ptr q, const char *s, size_t n, DataCellInfo *info,
                           Say *why)
{
    if (!parse_number_with(q, s, n, NULL, info, why))
        return false;
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0) {
        *why = say("nombre entier attendu", "whole number expected");
        return false;
    }
    /* Data integers count things (months, levels): without a declared lower
    ** bound, a negative one is an input mistake. */
    if (!col->has_min && mpq_sgn(q) < 0) {
        *why = say("entier positif ou nul attendu", "non-negative whole number expected");
        return false;
    }
    if ((col->has_min && mpq_cmp(q, col->min) < 0) || (col->has_max && mpq_cmp(q, col->max) > 0)) {
        if (col->has_min && col->has_max)
            *why = SAYF(("entier entre %s et %s attendu", num_to_reader(col->min, 0, false),
                         num_to_reader(col->max, 0, false)),
                        ("whole number between %s and %s expected", num_to_reader(col->min, 0, true),
                         num_to_reader(col->max, 0, true)));
        else
            *why = say("entier hors des bornes déclarées",
                    "whole number outside the declared bounds");
        return false;
    }
    return true;
}

static bool parse_nonnegative(mpq_ptr q, const char *s, size_t n, const char *const *units, DataCellInfo *info,
                              Say *why)
{
    if (!parse_number_with(q, s, n, units, info, why))
        return false;
    if (mpq_sgn(q) < 0) {
        *why = say("valeur négative", "negative value");
        return false;
    }
    return true;
}

static const char *list_ids(const char *const *ids, int count, size_t stride)
{
    char *out = rt_strdup("");
    for (int i = 0; i < count; i++) {
        if (i == 12) {
            out = rt_sprintf("%s, …", out);
            break;
        }
        out = rt_sprintf("%s%s%s", out, i ? ", " : "", data_id_at(ids, stride, i));
    }
    return out;
}

static bool parse_named(const char *const *ids, int count, size_t stride, const char *s, size_t n,
                        Value *out, DataCellInfo *info, Say what, Say *why)
{
    int i = match_name(ids, count, stride, s, n);
    if (i < 0) {
        i = near_name(ids, count, stride, s, n);
        info->normalised = i >= 0;
    }
    if (i >= 0) {
        *out = val_text(data_id_at(ids, stride, i));
        info->choice = i;
        info->len = strlen(out->as.text);
        return true;
    }
    const char *list = list_ids(ids, count, stride);
    *why = SAYF(("%s parmi : %s", what.fr, list), ("%s expected, one of: %s", what.en, list));
    return false;
}

/* The units an amount or hours cell may end with. */
const char *const data_units_euro[] = { "€", NULL };
const char *const data_units_hour[] = { "h", "H", NULL };

/* A spreadsheet turns 04/2022 typed in a cell into the date 01/04/2022, shown as
** a month by the cell's format: a month column takes the first day of a month as
** that month (2022-04-01, 01/04/2022), never another day. */
static bool month_from_first_day(const char *s, size_t n, Month *out)
{
    Date d;
    int y, m, day;
    if (n < 8 || n > 10 || !date_parse(s, n, &d))
        return false;
    date_to_ymd(d, &y, &m, &day);
    if (day != 1)
        return false;
    *out = month_make(y, m);
    return true;
}

/* Why a date or a month cell is refused: a bare number of five digits
** is the serial number a spreadsheet keeps behind a date whose column lost its
** date format (44986 is 01/03/2023): said so, with what to do. */
static Say date_refusal(const char *s, size_t n, Say expected)
{
    size_t digits = 0;
    while (digits < n && s[digits] >= '0' && s[digits] <= '9')
        digits++;
    if (digits != n || n != 5)
        return expected;
    return SAYF(("%s ; un nombre seul est le numéro de série qu'un tableur garde derrière une date : donnez à la "
                 "colonne le format date avant d'exporter",
                 expected.fr),
                ("%s; a bare number is the serial number a spreadsheet keeps behind a date: give the column the "
                 "date format before exporting",
                 expected.en));
}

/* Hours written as hours and minutes (7 h 30, 7h30, 7:30): refused, since 7 h 30
** is not 7,30; said so rather than "number expected". */
static bool hours_and_minutes(const char *s, size_t n)
{
    size_t i = 0, d = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0)
        return false;
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n || (s[i] != 'h' && s[i] != 'H' && s[i] != ':'))
        return false;
    i++;
    while (i < n && s[i] == ' ')
        i++;
    while (i + d < n && s[i + d] >= '0' && s[i + d] <= '9')
        d++;
    return d >= 1 && d <= 2 && i + d == n;
}

/* data_parse_value on a cell already trimmed; whole: s[0..n) is the whole
** cell, NUL-terminated at n, so a text value may point into it. */
bool data_parse_trimmed(const Model *m, const MColumn *col, const char *s, size_t n, bool whole,
                          mpq_ptr scratch, Value *out, DataCellInfo *info, Say *why)
{
    static const char *const percent[] = { "%", NULL };
    const char *const *ids = NULL;
    int count = 0;
    size_t stride = 0;
    switch (col->type) {
    case M_COL_ID:
    case M_COL_TEXT:
    case M_COL_REF:
        *out = val_text(text_value(s, n, whole, &info->len));
        return true;
    case M_COL_CHOICE:
        data_named_ids(m, col, &ids, &count, &stride);
        return parse_named(ids, count, stride, s, n, out, info, say("valeur attendue", "value"), why);
    case M_COL_FAMILY:
        data_named_ids(m, col, &ids, &count, &stride);
        return parse_named(ids, count, stride, s, n, out, info, say("famille attendue", "family"), why);
    case M_COL_SCOPE:
        data_named_ids(m, col, &ids, &count, &stride);
        return parse_named(ids, count, stride, s, n, out, info, say("périmètre attendu", "scope"), why);
    case M_COL_DATE: {
        Date d;
        /* Exports write 31/03/2024 or 2024-03-31; a hand-typed cell may read 1/3/2024. */
        bool has_time = false, midnight = true;
        if (n < 8 || !((n == 10 && data_date_fast(s, &d)) || (n <= 10 && date_parse(s, n, &d))
                       || (n > 10 && date_parse_with_time(s, n, &d, &has_time, &midnight)))) {
            *why = date_refusal(s, n, say("date attendue (jj/mm/aaaa ou aaaa-mm-jj)",
                                          "date expected (dd/mm/yyyy or yyyy-mm-dd)"));
            return false;
        }
        /* The rules use the date: a time is dropped, and a time other than midnight said once. */
        info->late_time = !midnight;
        *out = val_date(d);
        return true;
    }
    case M_COL_MONTH: {
        Month mo;
        if (!((n == 7 && data_month_fast(s, &mo)) || ((n == 6 || n == 7) && month_parse(s, n, &mo))
              || month_from_first_day(s, n, &mo))) {
            *why = date_refusal(s, n, say("mois attendu (mm/aaaa ou aaaa-mm)", "month expected (mm/yyyy or yyyy-mm)"));
            return false;
        }
        *out = val_month(mo);
        return true;
    }
    case M_COL_BOOL: {
        bool b;
        if (!data_parse_bool(s, n, &b)) {
            *why = say("booléen attendu (oui/non, vrai/faux, 1/0)",
                    "boolean expected (yes/no, true/false, 1/0)");
            return false;
        }
        *out = val_bool(b);
        return true;
    }
    case M_COL_INT:
        if (!parse_int_cell(col, scratch, s, n, info, why))
            return false;
        break;
    case M_COL_AMOUNT:
        if (!parse_nonnegative(scratch, s, n, data_units_euro, info, why))
            return false;
        break;
    case M_COL_HOURS:
        if (!parse_nonnegative(scratch, s, n, data_units_hour, info, why)) {
            if (hours_and_minutes(s, n))
                *why = say("heures en décimales attendues : 7 h 30 s'écrit 7,5 (les minutes divisées par 60)",
                           "hours expected in decimals: 7 h 30 is written 7.5 (the minutes divided by 60)");
            return false;
        }
        break;
    case M_COL_NUMBER:
        if (!parse_number_with(scratch, s, n, NULL, info, why))
            return false;
        break;
    case M_COL_RATE:
        if (!parse_number_with(scratch, s, n, percent, info, why))
            return false;
        info->scaled = false;
        if (n > 0 && s[n - 1] == '%') {
            mpz_mul_ui(mpq_denref(scratch), mpq_denref(scratch), 100);
            mpq_canonicalize(scratch);
            break;
        }
        /* Without %, the number is the fraction a spreadsheet stores behind
        ** "12 %" (0,12); above 1 it is more likely a percentage typed
        ** without its sign (12): ambiguous, so refused. */
        if (mpq_sgn(scratch) < 0 || mpq_cmp_ui(scratch, 1, 1) > 0) {
            *why = say("taux attendu : 12 % avec son signe, ou la fraction 0,12",
                    "rate expected: 12 % with its sign, or the fraction 0.12");
            return false;
        }
        break;
    }
    *out = (Value){ .kind = VAL_NUM, .as.num = scratch };
    return true;
}

bool data_parse_value(const Model *m, const MColumn *col, const char *text, size_t len,
                      mpq_ptr scratch, Value *out, Say *why)
{
    const char *s = text;
    size_t n = len;
    data_trim(&s, &n);
    DataCellInfo info = { .choice = -1 };
    return data_parse_trimmed(m, col, s, n, s == text && n == len, scratch, out, &info, why);
}
