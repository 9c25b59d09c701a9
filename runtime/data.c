/* runtime/data.c: typing the raw rows of a data table against the charter's schema (cells, rejections, rows, parts); the header's matching is data_header.c's. */
#include "data_impl.h"

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"
#include "checker.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* The plan of anru's hour table, which hour_row types step by step:
** contract, participant, month, hours (scaled only), modality. */
enum { DATA_HOUR_STEPS = 5 };
static const DataStepKind data_hour_plan[DATA_HOUR_STEPS] = {
    DATA_STEP_TEXT, DATA_STEP_TEXT, DATA_STEP_MONTH, DATA_STEP_HOURS_SCALED, DATA_STEP_NAMED,
};

/* Spellings listed per column in a note, and remembered for the fast path. */
enum { DATA_MAX_LISTED = 12, DATA_MAX_REMEMBERED = 1000 };

/* ---- cells -------------------------------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void trim(const char **s, size_t *n)
{
    if (*n > 0 && !is_blank((*s)[0]) && !is_blank((*s)[*n - 1]))
        return;
    while (*n > 0 && is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_blank((*s)[*n - 1]))
        (*n)--;
}

static inline bool is_ascii(const char *s, size_t n)
{
    const uint64_t high = UINT64_C(0x8080808080808080);
    uint64_t w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & high)
            return false;
    }
    if (n - i >= 4) {
        /* The last 4 to 7 bytes, in two loads that may overlap. */
        uint32_t a, b;
        memcpy(&a, s + i, 4);
        memcpy(&b, s + n - 4, 4);
        return ((a | b) & 0x80808080u) == 0;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

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
** cell is exactly the text (the common case on the hot path). */
static const char *text_value(const char *s, size_t n, bool whole_cell, size_t *out_len)
{
    if (is_ascii(s, n) || known_nfc(s, n)) {
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

static const char *id_at(const char *const *ids, size_t stride, int i)
{
    return *(const char *const *)((const char *)ids + (size_t)i * stride);
}

/* Index of the id that s names exactly (ids are codes: "ETTI" is not "etti",
** as the reference implementation has it); -1 when none. */
static int match_name(const char *const *ids, int count, size_t stride, const char *s, size_t n)
{
    for (int i = 0; i < count; i++)
        if (equal_bytes(id_at(ids, stride, i), s, n))
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
        const char *id = id_at(ids, stride, i);
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
    trim(&s, &n);
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
static __attribute__((noinline)) bool scaled_before_unit(const char *s, size_t n, const char *const *units,
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
    if (num_scaled_parse(s, n, &info->num) || scaled_before_unit(s, n, units, &info->num)) {
        num_scaled_to_mpq(q, info->num);
        info->scaled = true;
        return true;
    }
    NumStatus st = units ? num_parse_quantity(q, s, n, units) : num_parse(q, s, n);
    if (st == NUM_SYNTAX && num_parse_scientific(q, s, n) == NUM_OK)
        st = NUM_OK;
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
            *why = say(rt_sprintf("entier entre %s et %s attendu", num_to_decimal(col->min, 0),
                               num_to_decimal(col->max, 0)),
                    rt_sprintf("whole number between %s and %s expected", num_to_decimal(col->min, 0),
                               num_to_decimal(col->max, 0)));
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
        out = rt_sprintf("%s%s%s", out, i ? ", " : "", id_at(ids, stride, i));
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
        *out = val_text(id_at(ids, stride, i));
        info->choice = i;
        info->len = strlen(out->as.text);
        return true;
    }
    const char *list = list_ids(ids, count, stride);
    *why = SAYF(("%s parmi : %s", what.fr, list), ("%s expected, one of: %s", what.en, list));
    return false;
}

/* The ids a choice, family or scope column takes, as parse_named reads them. */
static bool named_ids(const Model *m, const MColumn *col, const char *const **ids, int *count, size_t *stride)
{
    switch (col->type) {
    case M_COL_CHOICE:
        *ids = col->choices;
        *count = col->nchoices;
        *stride = sizeof(const char *);
        return true;
    case M_COL_FAMILY:
        *ids = m->nfamilies ? &m->families[0].id : NULL;
        *count = m->nfamilies;
        *stride = sizeof(MFamily);
        return true;
    case M_COL_SCOPE:
        *ids = m->nscopes ? &m->scopes[0].id : NULL;
        *count = m->nscopes;
        *stride = sizeof(MScope);
        return true;
    default:
        return false;
    }
}

/* s[0..8), s[0..7) (the rest zero) and s[0..2) as little-endian words, without reading further. */
static uint64_t load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    return w;
}

static inline uint64_t load7(const char *s)
{
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + 3, 4);
    return a | (uint64_t)b << 24;   /* byte 3 twice, the same */
}

static uint64_t load2(const char *s)
{
    uint16_t a;
    memcpy(&a, s, 2);
    return a;
}

/* Every byte of w where mask has 0xFF is an ASCII digit: a digit is
** 0x30-0x39, whose high nibble stays 3 when 6 is added (no carry crosses a
** byte once the first test holds). Every hour line has a month. */
static bool digits_at(uint64_t w, uint64_t mask)
{
    uint64_t hi = UINT64_C(0xF0F0F0F0F0F0F0F0) & mask, three = UINT64_C(0x3030303030303030) & mask,
             six = UINT64_C(0x0606060606060606) & mask;
    return (w & hi) == three && ((w + six) & hi) == three;
}

/* The digit at byte i of w (digits_at said it is one). */
static int digit(uint64_t w, int i)
{
    return (int)((w >> (8 * i)) & 0xF);
}

/* The number written by the 2 digits at byte i of w. */
static int two_digits(uint64_t w, int i)
{
    return digit(w, i) * 10 + digit(w, i + 1);
}

/* The two month forms of exports, 2024-03 and 03/2024 (7 bytes), read in
** place from w, their bytes as a word (the eighth byte not read); false for
** anything else, which month_parse then decides on. */
static inline __attribute__((always_inline)) bool month_fast_word(uint64_t w, Month *out)
{
    int y, mo;
    /* 2024-03: the dash as a whole byte, the digits as in digits_at */
    if ((w & UINT64_C(0x00F0F0FFF0F0F0F0)) == UINT64_C(0x0030302D30303030)
        && ((w + UINT64_C(0x0006060006060606)) & UINT64_C(0x00F0F000F0F0F0F0)) == UINT64_C(0x0030300030303030)) {
        /* Every pair of digits at once: byte k becomes digit k * 10 +
        ** digit k + 1 (at most 99: no carry), so bytes 0 and 2 are the
        ** year's pairs and byte 5 the month. */
        uint64_t d = w & UINT64_C(0x000F0F000F0F0F0F), pairs = d * 10 + (d >> 8);
        y = (int)((pairs & 0xFF) * 100 + ((pairs >> 16) & 0xFF));
        mo = (int)((pairs >> 40) & 0xFF);
    } else if ((w & UINT64_C(0x00F0F0F0F0FFF0F0)) == UINT64_C(0x00303030302F3030)
               && ((w + UINT64_C(0x0006060606000606)) & UINT64_C(0x00F0F0F0F000F0F0)) == UINT64_C(0x0030303030003030)) {
        /* 03/2024 (French exports): the same pairs, bytes 0, 3 and 5 */
        uint64_t d = w & UINT64_C(0x000F0F0F0F000F0F), pairs = d * 10 + (d >> 8);
        mo = (int)(pairs & 0xFF);
        y = (int)(((pairs >> 24) & 0xFF) * 100 + ((pairs >> 40) & 0xFF));
    } else {
        return false;
    }
    if (y < 1 || mo < 1 || mo > 12)
        return false;
    *out = month_make(y, mo);
    return true;
}

/* month_fast_word of s[0..7), read without going further; inline: every
** hour line has a month. Not one load of eight bytes though a table's
** cell has a NUL to read there: the reader has just written that NUL (a
** byte store), and a load that spans a pending smaller store waits for it
** to reach the cache (store forwarding fails): a third of data_next's time
** on medium (perf), for one load fewer (callgrind). */
static inline __attribute__((always_inline)) bool month_fast(const char *s, Month *out)
{
    return month_fast_word(load7(s), out);
}

/* 2024-03-31 and 31/03/2024 (10 bytes), read in place; false for anything
** else, which date_parse then decides on. The first 8 bytes and the last 2. */
static bool date_fast(const char *s, Date *out)
{
    uint64_t w = load8(s), tail = load2(s + 8);
    int y, mo, d;
    if (!digits_at(tail, 0xFFFF))
        return false;
    /* 2024-03-31: the dashes as whole bytes, the digits' pairs at once (month_fast_word) */
    if ((w & UINT64_C(0xFFF0F0FFF0F0F0F0)) == UINT64_C(0x2D30302D30303030)
        && ((w + UINT64_C(0x0006060006060606)) & UINT64_C(0x00F0F000F0F0F0F0)) == UINT64_C(0x0030300030303030)) {
        uint64_t dg = w & UINT64_C(0x000F0F000F0F0F0F), pairs = dg * 10 + (dg >> 8);
        y = (int)((pairs & 0xFF) * 100 + ((pairs >> 16) & 0xFF));
        mo = (int)((pairs >> 40) & 0xFF);
        d = two_digits(tail, 0);
    } else if (s[2] == '/' && s[5] == '/' && digits_at(w, UINT64_C(0xFFFF00FFFF00FFFF))) {
        d = two_digits(w, 0);
        mo = two_digits(w, 3);
        y = two_digits(w, 6) * 100 + two_digits(tail, 0);
    } else {
        return false;
    }
    return date_from_ymd(y, mo, d, out);
}

/* true and false as exports write them (lower case, nothing around): one
** load of four bytes each; anything else is data_parse_bool's. */
static inline bool bool_fast(const char *s, size_t n, bool *out)
{
    if (n != 4 && n != 5)
        return false;
    uint32_t w, yes, no;
    memcpy(&w, s, 4);
    memcpy(&yes, "true", 4);
    memcpy(&no, "fals", 4);
    if (n == 4 && w == yes) {
        *out = true;
        return true;
    }
    if (n == 5 && w == no && s[4] == 'e') {
        *out = false;
        return true;
    }
    return false;
}

/* The units an amount or hours cell may end with. */
static const char *const data_units_euro[] = { "€", NULL };
static const char *const data_units_hour[] = { "h", "H", NULL };

/* data_parse_value on a cell already trimmed; whole: s[0..n) is the whole
** cell, NUL-terminated at n, so a text value may point into it. */
static bool parse_trimmed(const Model *m, const MColumn *col, const char *s, size_t n, bool whole,
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
        named_ids(m, col, &ids, &count, &stride);
        return parse_named(ids, count, stride, s, n, out, info, say("valeur attendue", "value"), why);
    case M_COL_FAMILY:
        named_ids(m, col, &ids, &count, &stride);
        return parse_named(ids, count, stride, s, n, out, info, say("famille attendue", "family"), why);
    case M_COL_SCOPE:
        named_ids(m, col, &ids, &count, &stride);
        return parse_named(ids, count, stride, s, n, out, info, say("périmètre attendu", "scope"), why);
    case M_COL_DATE: {
        Date d;
        /* Exports write 31/03/2024 or 2024-03-31; a hand-typed cell may read 1/3/2024. */
        bool has_time = false, midnight = true;
        if (n < 8 || !((n == 10 && date_fast(s, &d)) || (n <= 10 && date_parse(s, n, &d))
                       || (n > 10 && date_parse_with_time(s, n, &d, &has_time, &midnight)))) {
            *why = say("date attendue (jj/mm/aaaa ou aaaa-mm-jj)",
                    "date expected (dd/mm/yyyy or yyyy-mm-dd)");
            return false;
        }
        /* The rules use the date: a time is dropped, and a time other than midnight said once. */
        info->late_time = !midnight;
        *out = val_date(d);
        return true;
    }
    case M_COL_MONTH: {
        Month mo;
        if (n < 6 || n > 7 || !((n == 7 && month_fast(s, &mo)) || month_parse(s, n, &mo))) {
            *why = say("mois attendu (mm/aaaa ou aaaa-mm)",
                    "month expected (mm/yyyy or yyyy-mm)");
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
        if (!parse_nonnegative(scratch, s, n, data_units_hour, info, why))
            return false;
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
    trim(&s, &n);
    DataCellInfo info = { .choice = -1 };
    return parse_trimmed(m, col, s, n, s == text && n == len, scratch, out, &info, why);
}

/* ---- rejection reasons -------------------------------------------------------------- */

/* A participant's values are personal: a reason names the column, never the value. */
static bool may_quote(const DataTable *t, const MColumn *col)
{
    if (col->personal || t->table == M_TABLE_PARTICIPANTS)
        return false;
    return !(col->type == M_COL_REF && col->ref_table == M_TABLE_PARTICIPANTS);
}

/* The value as a reason may quote it: at most 40 code points, control
** characters shown as '?', so that a hostile cell cannot flood or garble the report. */
static const char *quoted_value(const char *s, size_t n)
{
    enum { MAX_POINTS = 40 };
    char *out = rt_alloc_atomic(n + 8);
    size_t o = 0, points = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (points == MAX_POINTS) {
            memcpy(out + o, "…", 3);
            o += 3;
            break;
        }
        if (len == 0 || cp < 0x20 || cp == 0x7F) {
            out[o++] = '?';
            i += len ? len : 1;
        } else {
            memcpy(out + o, s + i, len);
            o += len;
            i += len;
        }
        points++;
    }
    out[o] = '\0';
    return out;
}

static void reject_missing(const MColumn *col, DataRow *row)
{
    row->reason = SAYF(("colonne « %s » : valeur manquante", col->name), ("column '%s': missing value", col->name));
}

static void reject_invalid(const DataTable *t, const MColumn *col, const char *s, size_t n,
                           Say why, DataRow *row)
{
    if (may_quote(t, col)) {
        const char *v = quoted_value(s, n);
        row->reason = SAYF(("colonne « %s » : « %s » invalide ; %s", col->name, v, why.fr),
                           ("column '%s': invalid value '%s'; %s", col->name, v, why.en));
    } else {
        row->reason = SAYF(("colonne « %s » : valeur invalide ; %s", col->name, why.fr),
                           ("column '%s': invalid value; %s", col->name, why.en));
    }
}

/* heures.heures is "strictly positive" (docs/donnees.md): a line of 0 h is an input mistake. */
static bool hours_line_positive(const DataTable *t, int c)
{
    if (c != t->hours_col)
        return true;
    Value v = t->values[c];
    return v.kind != VAL_NUM || mpq_sgn(v.as.num) > 0;
}

/* ---- opening ------------------------------------------------------------------------ */

/* Choice, family and scope ids found by one hash lookup rather than a walk
** through the list (the first of equal ids wins, as in match_name). */
static IdMap *index_names(const Model *m, const MColumn *col)
{
    const char *const *ids;
    int count;
    size_t stride;
    if (!named_ids(m, col, &ids, &count, &stride))
        return NULL;
    IdMap *map = idmap_new((size_t)count);
    for (int i = 0; i < count; i++) {
        const char *id = id_at(ids, stride, i);
        int first;
        if (!idmap_get(map, id, strlen(id), &first))
            idmap_put(map, id, strlen(id), i);
    }
    return map;
}

static unsigned data_code_slot(const char *s, size_t n)
{
    return ((unsigned char)s[0] + (unsigned)n * 7) & (DATA_CODE_SLOTS - 1);
}

/* The slots of a column's codes (the first of equal ids wins, as in
** match_name: a slot keeps its first code). */
static DataCode *slot_codes(const Model *m, const MColumn *col)
{
    const char *const *ids;
    int count;
    size_t stride;
    if (!named_ids(m, col, &ids, &count, &stride))
        return NULL;
    DataCode *slots = RT_NEW_ARRAY(DataCode, DATA_CODE_SLOTS);
    for (int i = 0; i < count; i++) {
        const char *id = id_at(ids, stride, i);
        size_t n = strlen(id);
        if (n == 0)
            continue;
        DataCode *slot = &slots[data_code_slot(id, n)];
        if (slot->len == 0)
            *slot = (DataCode){ id, n, i };
    }
    return slots;
}

/* The step that types a column's cells. */
static DataStepKind step_kind(const DataTable *t, int c, const MColumn *col)
{
    switch (col->type) {
    case M_COL_BOOL:   return DATA_STEP_BOOL;
    case M_COL_INT:    return DATA_STEP_INT;
    case M_COL_ID:
    case M_COL_TEXT:
    case M_COL_REF:    return DATA_STEP_TEXT;
    case M_COL_CHOICE:
    case M_COL_FAMILY:
    case M_COL_SCOPE:  return t->named[c] ? DATA_STEP_NAMED : DATA_STEP_SLOW;
    case M_COL_MONTH:  return DATA_STEP_MONTH;
    case M_COL_DATE:   return DATA_STEP_DATE;
    case M_COL_NUMBER: return DATA_STEP_NUMBER;
    case M_COL_HOURS:
    case M_COL_AMOUNT:
        if (c != t->hours_col)
            return DATA_STEP_QUANTITY;
        return t->hours_scaled_only ? DATA_STEP_HOURS_SCALED : DATA_STEP_HOURS;
    default:           return DATA_STEP_SLOW;
    }
}

/* The info of a row's cells before any is read: fast_step leaves a cell's
** choice as it was for the kinds that have none, so it starts unknown. */
static DataCellInfo *new_cell_info(int n)
{
    DataCellInfo *info = rt_alloc_apart(sizeof(DataCellInfo) * (size_t)(n + 1), 0);   /* see data_part_new */
    for (int c = 0; c <= n; c++)
        info[c].choice = -1;
    return info;
}

/* A bound as a whole number of 64 bits; false when it is not one. */
static bool whole_bound(mpq_srcptr bound, int64_t *out)
{
    if (mpz_cmp_ui(mpq_denref(bound), 1) != 0 || !mpz_fits_slong_p(mpq_numref(bound)))
        return false;
    *out = mpz_get_si(mpq_numref(bound));
    return true;
}

/* The whole numbers an integer column's fast step accepts, worked out once:
** inside its declared bounds, or not negative without a lower one, as
** parse_int_cell accepts them; none (lo > hi) when a bound is not a whole
** number of 64 bits, which parse_int_cell then judges. */
static void int_step_bounds(DataStep *step)
{
    const MColumn *col = step->col;
    step->int_lo = 0;
    step->int_hi = INT64_MAX;
    if ((col->has_min && !whole_bound(col->min, &step->int_lo)) || (col->has_max && !whole_bound(col->max, &step->int_hi))) {
        step->int_lo = 1;
        step->int_hi = 0;
    }
}

static void make_plan(DataTable *t)
{
    int n = t->schema->ncolumns;
    t->ncolumns = n;
    t->id_file_col = t->schema->id_column >= 0 ? t->file_col[t->schema->id_column] : -1;
    t->plan = RT_NEW_ARRAY(DataStep, n + 1);
    for (int c = 0; c < n; c++) {
        const MColumn *col = &t->schema->columns[c];
        t->plan[c] = (DataStep){ step_kind(t, c, col), c, t->file_col[c], col, 0, 0 };
        if (t->plan[c].kind == DATA_STEP_INT)
            int_step_bounds(&t->plan[c]);
    }
    t->nfast = 0;
    while (t->nfast < n && t->plan[t->nfast].file_col >= 0)
        t->nfast++;
    t->hour_plan = n == DATA_HOUR_STEPS && t->nfast == n;
    for (int c = 0; c < n && t->hour_plan; c++)
        t->hour_plan = t->plan[c].kind == data_hour_plan[c];
    t->hour_in_order = t->hour_plan;
    for (int c = 0; c < n && t->hour_in_order; c++)
        t->hour_in_order = t->plan[c].file_col == c;
}

DataTable *data_open_reader(const Model *m, int table, TableReader *r, DataError *err)
{
    DataTable *t = RT_NEW(DataTable);
    t->model = m;
    t->table = table;
    t->schema = &m->tables[table];
    t->reader = r;
    t->info = table_info(r);
    int n = t->schema->ncolumns;
    t->file_col = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    t->values = RT_NEW_ARRAY(Value, n + 1);
    t->scratch = RT_NEW_ARRAY(mpq_ptr, n + 1);
    for (int c = 0; c < n; c++)
        t->scratch[c] = val_new_num();
    t->cell_info = new_cell_info(n);
    t->named = RT_NEW_ARRAY(IdMap *, n + 1);
    t->last_named = rt_alloc_atomic(sizeof *t->last_named * (size_t)(n + 1));
    t->codes = RT_NEW_ARRAY(DataCode *, n + 1);
    for (int c = 0; c < n; c++) {
        t->named[c] = index_names(m, &t->schema->columns[c]);
        t->codes[c] = t->named[c] ? slot_codes(m, &t->schema->columns[c]) : NULL;
    }
    t->hours_col = table == M_TABLE_HEURES ? m->std.h_hours : -1;
    t->late_time = rt_alloc_atomic((size_t)n + 1);
    memset(t->late_time, 0, (size_t)n + 1);
    t->normalised = RT_NEW_ARRAY(const char **, n + 1);
    t->nnormalised = RT_NEW_ARRAY(int, n + 1);
    t->normalised_more = RT_NEW_ARRAY(long, n + 1);
    memset(err, 0, sizeof *err);
    err->file = t->info->path ? t->info->path : data_file_name(t->info);
    if (!data_header_match(t, err)) {
        table_close(r);
        return NULL;
    }
    make_plan(t);
    return t;
}

DataTable *data_open(const Model *m, int table, const char *dir, DataError *err)
{
    return data_open_in(NULL, m, table, dir, err);
}

DataTable *data_open_in(TableBooks *books, const Model *m, int table, const char *dir, DataError *err)
{
    TableError te = { 0 };
    TableReader *r = table_open_in(books, dir, m->tables[table].name, &te);
    return data_open_opened(m, table, r, &te, err);
}

DataTable *data_open_opened(const Model *m, int table, TableReader *r, const TableError *te, DataError *err)
{
    if (!r) {
        memset(err, 0, sizeof *err);
        err->file = te->path;
        err->line = te->line;
        err->code = te->code;
        err->msg = te->msg;
        return NULL;
    }
    return data_open_reader(m, table, r, err);
}

bool data_table_present(const char *dir, const char *name)
{
    return table_present(dir, name);
}

bool data_table_present_in(TableBooks *books, const char *dir, const char *name)
{
    return table_present_in(books, dir, name);
}

bool data_table_carry_on(DataTable *t, const char *dir, const char *name)
{
    return t && table_carry_on_to(t->reader, dir, name);
}

bool data_tables_sheet_after(DataTable *const *tables, int n, const char *dir, const char *name)
{
    TableReader **readers = rt_alloc(sizeof *readers * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        if (!tables[i])
            return false;
        readers[i] = tables[i]->reader;
    }
    return table_sheet_after(readers, n, dir, name);
}

const TableInfo *data_info(const DataTable *t) { return t->info; }
const MTable *data_schema(const DataTable *t) { return t->schema; }

const Say *data_notes(const DataTable *t, int *count)
{
    *count = t->nnotes;
    return t->notes;
}

/* ---- JSON numbers ------------------------------------------------------------------- */

static bool is_numeric(MColType t)
{
    return t == M_COL_INT || t == M_COL_AMOUNT || t == M_COL_HOURS || t == M_COL_NUMBER;
}

/* A JSON number with an exponent ("1.5e3") as the plain decimal it denotes
** ("1500"), exactly; NULL when s is not such a number. The exponent is
** bounded, so a hostile "1e999999999" cannot ask for a gigabyte of zeros. */
static const char *expand_exponent(const char *s, size_t n)
{
    enum { MAX_EXP = 200 };
    size_t i = 0;
    bool neg = i < n && s[i] == '-';
    i += neg;
    size_t int_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t int_len = i - int_start;
    if (int_len == 0)
        return NULL;
    size_t frac_start = i, frac_len = 0;
    if (i < n && s[i] == '.') {
        frac_start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        frac_len = i - frac_start;
        if (frac_len == 0)
            return NULL;
    }
    if (i >= n || (s[i] != 'e' && s[i] != 'E'))
        return NULL;
    i++;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        eneg = s[i++] == '-';
    long e = 0;
    size_t exp_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        e = e * 10 + (s[i++] - '0');
        if (e > MAX_EXP)
            return NULL;
    }
    if (i != n || i == exp_start)
        return NULL;
    /* digits = int part + fraction; the point sits after int_len + e digits. */
    size_t nd = int_len + frac_len;
    char *digits = rt_alloc_atomic(nd + 1);
    memcpy(digits, s + int_start, int_len);
    memcpy(digits + int_len, s + frac_start, frac_len);
    long point = (long)int_len + (eneg ? -e : e);
    size_t room = nd + MAX_EXP + 4;
    char *out = rt_alloc_atomic(room);
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    if (point <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (long k = 0; k < -point; k++)
            out[o++] = '0';
        memcpy(out + o, digits, nd);
        o += nd;
    } else if ((size_t)point >= nd) {
        memcpy(out + o, digits, nd);
        o += nd;
        for (size_t k = nd; k < (size_t)point; k++)
            out[o++] = '0';
    } else {
        memcpy(out + o, digits, (size_t)point);
        o += (size_t)point;
        out[o++] = '.';
        memcpy(out + o, digits + point, nd - (size_t)point);
        o += nd - (size_t)point;
    }
    out[o] = '\0';
    return out;
}

/* ---- rows --------------------------------------------------------------------------- */

static void take_default(DataTable *t, const MColumn *col, int c)
{
    t->values[c] = col->has_default ? col->default_value : val_null();
    if (t->values[c].kind == VAL_TEXT)
        t->cell_info[c].len = strlen(t->values[c].as.text);
}

/* fast_named's cell when it is not its column's last hit: the column's map
** of ids and of the spellings remembered. Out of line: a modality repeats
** over a run of lines, and the hit costs no call. */
static __attribute__((noinline)) bool fast_named_lookup(DataTable *t, int c, const char *s, size_t n,
                                                        DataCellInfo *info)
{
    const MColumn *col = t->plan[c].col;   /* (the step of schema column c: read here, off the hit's path) */
    Value *out = &t->values[c];
    DataLastName *last = &t->last_named[c];
    int i;
    bool exact = idmap_get(t->named[c], s, n, &i);
    if (!exact) {
        int k;
        if (!t->met || !t->met[c] || !idmap_get(t->met[c], s, n, &k))
            return false;
        t->spellings[k].count++;
        i = t->spellings[k].choice;
    }
    const char *const *ids = NULL;
    int count = 0;
    size_t stride = 0;
    named_ids(t->model, col, &ids, &count, &stride);
    *out = (Value){ .kind = VAL_TEXT, .as.text = id_at(ids, stride, i) };
    info->choice = i;
    /* n when found as written (the id is the cell's text), else the length of
    ** the id a spelling note_normalised remembered stands for */
    info->len = exact ? n : strlen(out->as.text);
    if (exact && n <= sizeof last->text) {
        idmap_copy_bytes(last->text, s, n);
        last->len = n;
        last->index = i;
        last->id = out->as.text;
        last->id_len = info->len;
    }
    return true;
}

/* A choice, family or scope cell (not empty) through its code's slot, then
** the column's last hit, then its map (fast_named_lookup). */
static inline __attribute__((always_inline)) bool fast_named(DataTable *t, int c, const char *s, size_t n,
                                                             DataCellInfo *info)
{
    const DataCode *code = &t->codes[c][data_code_slot(s, n)];
    if (n == code->len && idmap_same_bytes(s, code->id, n)) {
        t->values[c] = (Value){ .kind = VAL_TEXT, .as.text = code->id };
        info->choice = code->index;
        info->len = n;
        return true;
    }
    const DataLastName *last = &t->last_named[c];
    if (n == last->len && idmap_same_bytes(s, last->text, n)) {
        /* The previous cell of the column, written the same way. */
        t->values[c] = (Value){ .kind = VAL_TEXT, .as.text = last->id };
        info->choice = last->index;
        info->len = last->id_len;
        return true;
    }
    return fast_named_lookup(t, c, s, n, info);
}

/* The cells of exports in their commonest forms (ASCII ids, plain
** decimals, 2024-03, 2024-03-31…), with nothing to trim, typed without the
** general machinery into the same values; false: parse_trimmed decides,
** and says what is wrong. */
/* A quantity step's cell with its unit ("9,48 h"), the plain decimal having failed. */
static __attribute__((noinline)) bool step_scaled_before_unit(const DataStep *step, const char *s, size_t n,
                                                              NumScaled *out)
{
    if (step->kind == DATA_STEP_NUMBER)
        return false;
    const char *const *units = step->col->type == M_COL_HOURS    ? data_units_hour
                               : step->col->type == M_COL_AMOUNT ? data_units_euro
                                                                 : NULL;
    return scaled_before_unit(s, n, units, out);
}

/* Inlined in its callers: mixed_row's loop, and hour_row, where each
** call's kind is a constant and the switch goes. */
static inline __attribute__((always_inline)) bool fast_cell(DataTable *t, const DataStep *step, int c,
                                                            DataStepKind kind, const char *s, size_t n,
                                                            bool ascii_row)
{
    Value *out = &t->values[c];
    DataCellInfo *info = &t->cell_info[c];
    switch (kind) {
    case DATA_STEP_BOOL:
        /* six per participant row, mostly true or false as exports write them */
        if (!bool_fast(s, n, &out->as.b) && !data_parse_bool(s, n, &out->as.b))
            return false;
        out->kind = VAL_BOOL;
        return true;
    case DATA_STEP_INT:
        /* counts (mois_inscription): a whole number inside the column's bounds */
        if (!num_scaled_parse(s, n, &info->num) || info->num.scale != 0 || info->num.mant < step->int_lo
            || info->num.mant > step->int_hi)
            return false;
        num_scaled_to_mpq(t->scratch[c], info->num);
        info->scaled = true;
        *out = (Value){ .kind = VAL_NUM, .as.num = t->scratch[c] };
        return true;
    case DATA_STEP_TEXT:
        /* (ascii_row: TableRow.ascii, which the reader found at no cost) */
        if (!ascii_row && !is_ascii(s, n))
            return false;
        *out = (Value){ .kind = VAL_TEXT, .as.text = s };
        info->len = n;
        return true;
    case DATA_STEP_NAMED:
        return fast_named(t, c, s, n, info);
    case DATA_STEP_MONTH:
        if (n != 7 || !month_fast(s, &out->as.month))
            return false;
        out->kind = VAL_MONTH;
        return true;
    case DATA_STEP_DATE:
        if (n != 10 || !date_fast(s, &out->as.date))
            return false;
        out->kind = VAL_DATE;
        return true;
    case DATA_STEP_NUMBER:
    case DATA_STEP_QUANTITY:
    case DATA_STEP_HOURS:
    case DATA_STEP_HOURS_SCALED:
        /* Negative amounts and hours, and 0 h, are left to the checks that word the reason. */
        if (!(num_scaled_parse_two_decimals(s, n, &info->num) || num_scaled_parse_one_decimal(s, n, &info->num)
              || num_scaled_parse_cell(s, n, &info->num)
              || step_scaled_before_unit(step, s, n, &info->num))
            || (kind != DATA_STEP_NUMBER && info->num.mant < 0)
            || (kind >= DATA_STEP_HOURS && info->num.mant == 0))
            return false;
        info->scaled = true;
        if (kind == DATA_STEP_HOURS_SCALED) {
            *out = (Value){ .kind = VAL_NUM, .as.num = NULL };
            return true;
        }
        num_scaled_to_mpq(t->scratch[c], info->num);
        *out = (Value){ .kind = VAL_NUM, .as.num = t->scratch[c] };
        return true;
    default:
        return false;
    }
}

/* A code read case- and accent-blind ("Formation" for formation): listed
** once for the note, and remembered so that the next cell written the same
** way takes the fast path. A participant's spelling is never quoted: only
** the code it was read as. */
static void note_normalised(DataTable *t, int c, const MColumn *col, const char *s, size_t n, int choice)
{
    if (t->main) {
        /* A part: the spelling is said to the table when the part is merged. */
        int k;
        if (!t->met[c])
            t->met[c] = idmap_new(8);
        if (idmap_get(t->met[c], s, n, &k)) {
            t->spellings[k].count++;
            return;
        }
        RT_GROW(t->spellings, t->nspellings);
        t->spellings[t->nspellings] = (DataSpelling){ c, choice, rt_strndup(s, n), n, 1 };
        idmap_put(t->met[c], s, n, t->nspellings++);
        return;
    }
    const char *const *ids = NULL;
    int count = 0;
    size_t stride = 0;
    named_ids(t->model, col, &ids, &count, &stride);
    const char *id = id_at(ids, stride, choice);
    const char *entry = may_quote(t, col) ? rt_sprintf("« %s » → %s", quoted_value(s, n), id) : id;
    if (t->named[c] && idmap_count(t->named[c]) < DATA_MAX_REMEMBERED)
        idmap_put(t->named[c], s, n, choice);
    for (int i = 0; i < t->nnormalised[c]; i++)
        if (!strcmp(t->normalised[c][i], entry))
            return;
    if (t->nnormalised[c] == DATA_MAX_LISTED) {
        t->normalised_more[c]++;
        return;
    }
    RT_GROW(t->normalised[c], t->nnormalised[c]);
    t->normalised[c][t->nnormalised[c]++] = entry;
}

/* A spelling a part met `count` times, said to the table as reading the
** rows one by one would have: once remembered, the next ones take the fast
** path and say nothing; not remembered (the memory is full), each says it again. */
static void replay_spelling(DataTable *t, const DataSpelling *sp)
{
    const MColumn *col = &t->schema->columns[sp->column];
    int i;
    for (long k = 0; k < sp->count; k++) {
        if (idmap_get(t->named[sp->column], sp->text, sp->len, &i))
            return;
        note_normalised(t, sp->column, col, sp->text, sp->len, sp->choice);
    }
}

/* The notes of what reading changed in the values, once the whole file is read. */
static void note_values(DataTable *t)
{
    if (t->values_noted)
        return;
    t->values_noted = true;
    const char *file = data_file_name(t->info);
    /* The reader's own note (Windows-1252) comes first: the one read may
    ** decide the encoding only when it meets the first byte above 0x7F. */
    if (say_is_set(t->info->note)) {
        data_add_note(t, SAY_NONE);
        memmove(t->notes + 1, t->notes, sizeof *t->notes * (size_t)(t->nnotes - 1));
        t->notes[0] = SAYF(("%s : %s", file, t->info->note.fr), ("%s: %s", file, say_in(t->info->note, SAY_EN)));
    }
    for (int c = 0; c < t->schema->ncolumns; c++) {
        const char *name = t->schema->columns[c].name;
        if (t->late_time[c])
            data_add_note(t, SAYF(("%s : colonne « %s » : des dates portent une heure autre que minuit ; l'heure est "
                              "ignorée, seule la date compte", file, name),
                             ("%s: column '%s': some dates carry a time other than midnight; the time is ignored, "
                              "only the date counts", file, name)));
        if (t->nnormalised[c] == 0)
            continue;
        const char *list = "";
        for (int i = 0; i < t->nnormalised[c]; i++)
            list = rt_sprintf("%s%s%s", list, i ? ", " : "", t->normalised[c][i]);
        long more = t->normalised_more[c];
        const char *more_fr = more ? rt_sprintf(" et %ld autres", more) : "";
        const char *more_en = more ? rt_sprintf(" and %ld more", more) : "";
        data_add_note(t, SAYF(("%s : colonne « %s » : codes lus sans tenir compte de la casse ni des accents : %s%s",
                          file, name, list, more_fr),
                         ("%s: column '%s': codes read regardless of case and accents: %s%s", file, name,
                          list, more_en)));
    }
}

/* A cell the fast path left (or trimmed): typed by the general machinery,
** which says what is wrong. */
static bool slow_cell(DataTable *t, const DataStep *step, const char *ts, size_t tn, bool whole, DataRow *row)
{
    int c = step->column;
    const MColumn *col = step->col;
    DataCellInfo *info = &t->cell_info[c];
    Say why = SAY_NONE;
    const char *ps = ts;
    size_t pn = tn;
    if (t->info->format == TABLE_JSON && is_numeric(col->type)) {
        const char *plain = expand_exponent(ts, tn);
        if (plain) {
            ps = plain;
            pn = strlen(plain);
            whole = true;
        }
    }
    info->normalised = info->late_time = false;
    if (!parse_trimmed(t->model, col, ps, pn, whole, t->scratch[c], &t->values[c], info, &why)) {
        reject_invalid(t, col, ts, tn, why, row);
        return false;
    }
    if (info->normalised)
        note_normalised(t, c, col, ts, tn, info->choice);
    if (info->late_time)
        t->late_time[c] = true;
    if (!hours_line_positive(t, c)) {
        reject_invalid(t, col, ts, tn, say("nombre d'heures strictement positif attendu",
                                           "a strictly positive number of hours expected"), row);
        return false;
    }
    return true;
}

/* Types cell step->file_col of raw, whatever it holds (blank around, empty,
** absent): the general path, which the fast rows leave for it. */
static bool type_cell(DataTable *t, const DataStep *step, const TableRow *raw, DataRow *row)
{
    int c = step->column;
    DataCellInfo *info = &t->cell_info[c];
    info->choice = -1;
    info->scaled = false;
    const char *s = NULL;
    size_t n = 0;
    if (step->file_col >= 0) {
        s = raw->cells[step->file_col].text;
        n = raw->cells[step->file_col].len;
    }
    const char *ts = s;
    size_t tn = n;
    if (ts)
        trim(&ts, &tn);
    if (!ts || tn == 0) {
        const MColumn *col = step->col;
        take_default(t, col, c);
        if (!col->has_default && col->required) {
            reject_missing(col, row);
            return false;
        }
        return true;
    }
    /* The fast forms are a part of what parse_trimmed reads, into the same values. */
    return slow_cell(t, step, ts, tn, ts == s && tn == n, row);
}

/* Step k of mixed_row or hour_row (for schema column k: make_plan's
** order), its cell typed when in its fast form with nothing to trim.
** Choice and scaled are left as the last typing of the column left them:
** only the kinds that set them (fast_cell) change them, and type_cell
** resets them. */
static inline __attribute__((always_inline)) bool fast_step(DataTable *t, int k, DataStepKind kind,
                                                            const TableRow *raw, bool plain)
{
    const DataStep *step = &t->plan[k];
    const TableCell *cell = &raw->cells[step->file_col];
    const char *s = cell->text;
    size_t len = cell->len;
    /* A cell that starts or ends with a blank (or another byte up to the
    ** space) takes the general path, which trims it; a plain row
    ** (TableRow.plain) has none, only empty cells. */
    return len != 0 && (plain || (s && (unsigned char)s[0] > ' ' && (unsigned char)s[len - 1] > ' '))
           && fast_cell(t, step, k, kind, s, len, raw->ascii);
}

/* Step k of hour_row_in_order: cell k of a plain row (nothing to trim),
** typed when in its fast form. */
static inline __attribute__((always_inline)) bool plain_step(DataTable *t, int k, DataStepKind kind,
                                                             const TableCell *cells, bool ascii)
{
    const char *s = cells[k].text;
    size_t len = cells[k].len;
    return len != 0 && fast_cell(t, &t->plan[k], k, kind, s, len, ascii);
}

/* hour_row of a plain row whose file has the hour plan's columns first, in
** its order (t->hour_in_order, as exports write them): each cell at a place
** known here, with no blank to look for. */
static int hour_row_in_order(DataTable *t, const TableCell *cells, bool ascii)
{
    if (!plain_step(t, 0, DATA_STEP_TEXT, cells, ascii))
        return 0;
    if (!plain_step(t, 1, DATA_STEP_TEXT, cells, ascii))
        return 1;
    if (!plain_step(t, 2, DATA_STEP_MONTH, cells, ascii))
        return 2;
    if (!plain_step(t, 3, DATA_STEP_HOURS_SCALED, cells, ascii))
        return 3;
    if (!plain_step(t, 4, DATA_STEP_NAMED, cells, ascii))
        return 4;
    return 5;
}

/* mixed_row's fast steps for the hour table's plan (t->hour_plan), step by step: each
** step's kind known here, a million cells of each are typed without the
** loop and its switch. The rows hour_row_in_order does not take: not
** plain, or a file with the plan's columns in another order. */
static int hour_row(DataTable *t, const TableRow *raw)
{
    bool plain = raw->plain;
    _Static_assert(DATA_HOUR_STEPS == 5, "hour_row types the five steps of data_hour_plan");
    if (!fast_step(t, 0, DATA_STEP_TEXT, raw, plain))
        return 0;
    if (!fast_step(t, 1, DATA_STEP_TEXT, raw, plain))
        return 1;
    if (!fast_step(t, 2, DATA_STEP_MONTH, raw, plain))
        return 2;
    if (!fast_step(t, 3, DATA_STEP_HOURS_SCALED, raw, plain))
        return 3;
    if (!fast_step(t, 4, DATA_STEP_NAMED, raw, plain))
        return 4;
    return 5;
}

/* The id of a row (t->id_file_col >= 0), even a malformed one: the
** evaluator remembers rejected ids so that the lines pointing to them say
** "rejected" rather than "unknown". */
static void note_row_id(const DataTable *t, const TableRow *raw, DataRow *row)
{
    int j = t->id_file_col;
    if (!raw->cells[j].text)
        return;
    const char *s = raw->cells[j].text;
    size_t n = raw->cells[j].len;
    trim(&s, &n);
    if (n == 0)
        return;
    row->id = s;
    row->id_len = n;
}

/* data_next when table_next gave no row: the end of the table (or of a
** part's slice), or a fatal error. Out of line: once a table. */
static __attribute__((noinline)) DataStatus no_more_rows(DataTable *t, const TableError *te, DataError *err)
{
    if (t->main && !say_is_set(te->msg))
        return DATA_END;    /* a part: its slice is read */
    if (say_is_set(te->msg)) {
        memset(err, 0, sizeof *err);
        err->file = te->path ? te->path : t->info->path;
        err->line = te->line;
        err->code = te->code;
        err->msg = te->msg;
        return DATA_FAILED;
    }
    note_values(t);
    return DATA_END;
}

/* The cells from k on, the general way (type_cell); false when one rejects
** the row. Every cell is typed even after a bad one: the first reason is kept. */
static bool type_rest(DataTable *t, int k, const TableRow *raw, DataRow *row)
{
    bool ok = true;
    DataRow later;   /* where the reasons after the first one go */
    for (; k < t->ncolumns; k++)
        if (!type_cell(t, &t->plan[k], raw, ok ? row : &later))
            ok = false;
    return ok;
}

/* The hour row's status once its first k cells are typed the fast way. */
static inline __attribute__((always_inline)) DataStatus row_status(DataTable *t, int k, const TableRow *raw,
                                                                   DataRow *row)
{
    return k == t->ncolumns || type_rest(t, k, raw, row) ? DATA_ROW_OK : DATA_ROW_REJECTED;
}

/* The other tables' rows (participants, contracts, hires): each cell the
** fast way when it can be, else the general way (type_cell) alone, the
** cells after it the fast way again: an empty optional cell (a participant
** without QPV or level) costs its default, not the rest of the row's
** general typing. The fast forms are a part of what type_cell reads, into
** the same values, and reject nothing: the first reason is the general
** way's, the cells after a bad one still typed. false when one rejects the row. */
static bool mixed_row(DataTable *t, const TableRow *raw, DataRow *row)
{
    bool ok = true, plain = raw->plain;
    DataRow later;   /* where the reasons after the first one go */
    for (int k = 0; k < t->ncolumns; k++) {
        const DataStep *step = &t->plan[k];
        if (step->file_col >= 0 && fast_step(t, k, step->kind, raw, plain))
            continue;
        if (!type_cell(t, step, raw, ok ? row : &later))
            ok = false;
    }
    return ok;
}

DataStatus data_next(DataTable *t, DataRow *row, DataError *err)
{
    TableRow raw;
    TableError te;   /* table_next sets it */
    if (!table_next(t->reader, &raw, &te)) {
        memset(row, 0, sizeof *row);
        return no_more_rows(t, &te, err);
    }
    *row = (DataRow){ .line = raw.line, .values = t->values, .info = t->cell_info };
    if (t->id_file_col >= 0)
        note_row_id(t, &raw, row);
    if (say_is_set(raw.error)) {
        row->reason = raw.error;
        return DATA_ROW_REJECTED;
    }
    if (t->hour_in_order && raw.plain)
        return row_status(t, hour_row_in_order(t, raw.cells, raw.ascii), &raw, row);
    if (t->hour_plan)
        return row_status(t, hour_row(t, &raw), &raw, row);
    return mixed_row(t, &raw, row) ? DATA_ROW_OK : DATA_ROW_REJECTED;
}

void data_close(DataTable *t)
{
    if (t && t->reader) {
        table_close(t->reader);
        t->reader = NULL;
    }
}

/* ---- parts: one thread's rows ----------------------------------------------------------- */

void data_hours_scaled_only(DataTable *t)
{
    t->hours_scaled_only = true;
    make_plan(t);
}

DataTable *data_part_new(DataTable *t, TableReader *part)
{
    /* A part types rows on one thread while the part allocated just before
    ** or after it types rows on another: what each row writes is apart. */
    DataTable *p = rt_alloc_apart(sizeof(DataTable), 0);
    *p = *t;
    int n = t->schema->ncolumns;
    p->main = t;
    p->reader = part;
    p->values = rt_alloc_apart(sizeof(Value) * (size_t)(n + 1), 0);
    p->scratch = RT_NEW_ARRAY(mpq_ptr, n + 1);
    for (int c = 0; c < n; c++)
        p->scratch[c] = val_new_num();
    p->cell_info = new_cell_info(n);
    p->late_time = rt_alloc_atomic((size_t)n + 1);
    p->notes = NULL;
    p->nnotes = 0;
    p->spellings = NULL;
    p->nspellings = 0;
    p->met = RT_NEW_ARRAY(IdMap *, n + 1);
    p->last_named = rt_alloc_apart(sizeof *p->last_named * (size_t)(n + 1), 1);
    return p;
}

void data_part_forget(DataTable *p)
{
    int n = p->schema->ncolumns;
    memset(p->late_time, 0, (size_t)n + 1);
    p->spellings = NULL;
    p->nspellings = 0;
    for (int c = 0; c < n; c++)
        p->met[c] = NULL;
}

void data_part_merge(DataTable *p)
{
    DataTable *t = p->main;
    for (int c = 0; c < t->schema->ncolumns; c++)
        t->late_time[c] = t->late_time[c] || p->late_time[c];
    for (int k = 0; k < p->nspellings; k++)
        replay_spelling(t, &p->spellings[k]);
    data_part_forget(p);
}

TableReader *data_reader(const DataTable *t)
{
    return t->reader;
}
