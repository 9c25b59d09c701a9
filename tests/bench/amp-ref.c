/* tests/bench/amp-ref.c: independent, hand-written evaluation of the AMP reference charter (test oracle and benchmark baseline for `charte eval`). */
/*
 * This program shares no code with the interpreter on purpose: it encodes
 * examples/amp/REFERENCE.md directly in C so that a disagreement between
 * the two points at a bug in one of them.  It streams the hour lines (one pass,
 * bounded memory) and keeps exact arithmetic: hours are summed as int64 scaled
 * by 10^6 with overflow checks, falling back to GMP rationals per contract.
 */
#include <errno.h>
#include <fcntl.h>
#include <gmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ====================================================================== */
/* The AMP charter, hard-coded                                            */
/* ====================================================================== */

enum { F_NETTOYAGE, F_ESPACES_VERTS, F_GARDIENNAGE, F_ENCOMBRANTS, F_TRAVAUX, F_INGENIERIE, N_FAM };
static const char *const FAM_NAME[N_FAM] = {"nettoyage",   "espaces_verts", "gardiennage",
                                            "encombrants", "travaux",       "ingenierie"};
static const int FAM_SHARE_PCT[N_FAM] = {80, 60, 85, 50, 35, 60};
static const int FAM_COST[N_FAM] = {25, 30, 28, 30, 40, 60};

enum { S_AMP, S_MARSEILLE, S_AIX, S_AIR_BEL, S_SAINT_BARTHELEMY, S_ENCAGNANE, N_SCOPE };
static const char *const SCOPE_NAME[N_SCOPE] = {"amp",     "marseille",        "aix",
                                                "air_bel", "saint_barthelemy", "encagnane"};
static const int SCOPE_PARENT[N_SCOPE] = {-1, S_AMP, S_AMP, S_MARSEILLE, S_MARSEILLE, S_AIX};

enum { M_EMBAUCHE_DIRECTE, M_ETTI, M_AI, M_GEIQ, M_EI, M_ACI, M_FORMATION, N_MOD };
static const char *const MOD_NAME[N_MOD] = {"embauche_directe", "etti", "ai", "geiq", "ei", "aci", "formation"};

/* A rule sets the target (percent) and/or the threshold (euros) of one family at one scope,
 * in force for contracts notified on or after `from` (yyyymmdd, 0 = since always). */
typedef struct {
    int scope, fam;
    long from;
    int taux_pct; /* -1: not set by this rule */
    long seuil;   /* -1: not set by this rule */
} Rule;

static const Rule RULES[] = {
    {S_AMP, F_NETTOYAGE, 0, 10, 40000},
    {S_AMP, F_ESPACES_VERTS, 0, 10, 40000},
    {S_AMP, F_GARDIENNAGE, 0, 10, 40000},
    {S_AMP, F_ENCOMBRANTS, 0, 10, 40000},
    {S_AMP, F_TRAVAUX, 0, 5, 100000},
    {S_AMP, F_INGENIERIE, 0, 5, 100000},
    {S_MARSEILLE, F_GARDIENNAGE, 0, 12, -1},
    {S_AIR_BEL, F_NETTOYAGE, 0, 15, -1},
    {S_ENCAGNANE, F_TRAVAUX, 0, 8, 50000},
    {S_AMP, F_ESPACES_VERTS, 20230101, 12, -1},       /* avenant 1 */
    {S_SAINT_BARTHELEMY, F_ENCOMBRANTS, 20240701, 15, -1}, /* avenant 2 */
};

#define ELIGIBILITY_MONTHS 24
#define TRAINING_CAP_DIVISOR 5 /* 20 % of the target hours */

/* Each field is taken from the most specific scope that sets it; at one scope the rule in
 * force with the latest date wins (an amendment replaces the earlier rule). */
static void rule_resolve(int fam, int scope, long notif, int *taux_pct, long *seuil)
{
    *taux_pct = -1;
    *seuil = -1;
    for (int s = scope; s >= 0 && (*taux_pct < 0 || *seuil < 0); s = SCOPE_PARENT[s]) {
        long best_t = -1, best_s = -1;
        int t = -1;
        long th = -1;
        for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
            const Rule *r = &RULES[i];
            if (r->scope != s || r->fam != fam || r->from > notif)
                continue;
            if (r->taux_pct >= 0 && r->from > best_t) {
                best_t = r->from;
                t = r->taux_pct;
            }
            if (r->seuil >= 0 && r->from > best_s) {
                best_s = r->from;
                th = r->seuil;
            }
        }
        if (*taux_pct < 0 && t >= 0)
            *taux_pct = t;
        if (*seuil < 0 && th >= 0)
            *seuil = th;
    }
}

/* ====================================================================== */
/* Small utilities                                                        */
/* ====================================================================== */

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "amp-ref: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory", NULL);
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory", NULL);
    return p;
}

static bool is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
    static const int D[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : D[m - 1];
}

typedef struct {
    int y, m, d;
} Date;

static long date_key(Date d)
{
    return (long)d.y * 10000 + d.m * 100 + d.d;
}

static long month_index(int y, int m)
{
    return (long)y * 12 + (m - 1);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* A run of 1 or 2 digits ending at '/', its value in *v; the length, or 0. */
static size_t short_field(const char *s, size_t n, int *v)
{
    size_t k = 0;
    while (k < n && k < 3 && s[k] >= '0' && s[k] <= '9')
        k++;
    if (k == 0 || k > 2 || k >= n || s[k] != '/')
        return 0;
    *v = digits_value(s, k);
    return k;
}

/* `2024-03-31`, `31/03/2024`, or `1/3/2024` as typed by hand. */
static bool parse_date(const char *s, size_t n, Date *out)
{
    int y, m, d;
    size_t a, b;
    if (n == 10 && s[4] == '-' && s[7] == '-' && all_digits(s, 4) && all_digits(s + 5, 2) && all_digits(s + 8, 2)) {
        y = digits_value(s, 4);
        m = digits_value(s + 5, 2);
        d = digits_value(s + 8, 2);
    } else if ((a = short_field(s, n, &d)) && (b = short_field(s + a + 1, n - a - 1, &m)) &&
               n - a - b - 2 == 4 && all_digits(s + a + b + 2, 4)) {
        y = digits_value(s + a + b + 2, 4);
    } else {
        return false;
    }
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    out->y = y;
    out->m = m;
    out->d = d;
    return true;
}

/* `2024-03`, `03/2024` or `3/2024`, as a month index. */
static bool parse_month(const char *s, size_t n, long *out)
{
    int y, m;
    size_t a;
    if (n == 7 && s[4] == '-' && all_digits(s, 4) && all_digits(s + 5, 2)) {
        y = digits_value(s, 4);
        m = digits_value(s + 5, 2);
    } else if ((a = short_field(s, n, &m)) && n - a - 1 == 4 && all_digits(s + a + 1, 4)) {
        y = digits_value(s + a + 1, 4);
    } else {
        return false;
    }
    if (y < 1 || m < 1 || m > 12)
        return false;
    *out = month_index(y, m);
    return true;
}

/* Full years from birth to `at`; someone born on 29 February has their birthday on
 * 1 March in non-leap years. */
static int age_at(Date birth, Date at)
{
    int bm = birth.m, bd = birth.d;
    if (bm == 2 && bd == 29 && !is_leap(at.y)) {
        bm = 3;
        bd = 1;
    }
    int age = at.y - birth.y;
    if (at.m < bm || (at.m == bm && at.d < bd))
        age--;
    return age;
}

/* ====================================================================== */
/* Exact decimals                                                         */
/* ====================================================================== */

/* value = ±digits × 10^exp, digits without leading zeros (empty = 0). */
typedef struct {
    bool neg;
    char *dig;
    size_t nd, cap;
    long exp;
} Dec;

static void dec_push(Dec *d, char c)
{
    if (d->nd == 0 && c == '0')
        return; /* leading zero */
    if (d->nd + 2 > d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->dig = xrealloc(d->dig, d->cap);
    }
    d->dig[d->nd++] = c;
    d->dig[d->nd] = '\0';
}

static void dec_reset(Dec *d)
{
    d->neg = false;
    d->nd = 0;
    d->exp = 0;
    if (d->dig)
        d->dig[0] = '\0';
}

static bool dec_is_zero(const Dec *d)
{
    return d->nd == 0;
}

enum { UNIT_NONE, UNIT_EUR, UNIT_H };

/* Length of a thousands separator at s (space, U+00A0, U+202F), 0 if none. */
static size_t group_sep_len(const char *s, size_t n)
{
    if (n >= 1 && s[0] == ' ')
        return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF)
        return 3;
    return 0;
}

/* Numbers as exports write them: `1234.5`, `1234,5`, `1 234,50`, groups of three separated by a
 * space, U+00A0 or U+202F, then an optional unit suffix (`€` for amounts, `h` for hours). */
static bool parse_num_text(const char *s, size_t n, int unit, Dec *d)
{
    size_t i = 0;
    dec_reset(d);
    if (i < n && s[i] == '-') {
        d->neg = true;
        i++;
    }
    size_t ndig = 0, group = 0, ngroups = 1;
    bool grouped = false;
    for (;;) {
        if (i < n && s[i] >= '0' && s[i] <= '9') {
            dec_push(d, s[i++]);
            ndig++;
            group++;
            continue;
        }
        size_t g = i < n ? group_sep_len(s + i, n - i) : 0;
        if (g && ndig && i + g < n && s[i + g] >= '0' && s[i + g] <= '9') {
            if (ngroups == 1 ? (group < 1 || group > 3) : group != 3)
                return false;
            grouped = true;
            ngroups++;
            group = 0;
            i += g;
            continue;
        }
        break;
    }
    if (!ndig || (grouped && group != 3))
        return false;
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        i++;
        size_t nf = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            dec_push(d, s[i++]);
            nf++;
        }
        if (!nf)
            return false;
        d->exp = -(long)nf;
    }
    if (i < n && unit != UNIT_NONE) {
        size_t g;
        while (i < n && (g = group_sep_len(s + i, n - i)) != 0)
            i += g;
        if (unit == UNIT_EUR && n - i >= 3 && memcmp(s + i, "\xE2\x82\xAC", 3) == 0)
            i += 3;
        else if (unit == UNIT_H && n - i >= 1 && (s[i] == 'h' || s[i] == 'H'))
            i += 1;
        else
            return false;
    }
    return i == n;
}

/* A JSON number token, exactly (RFC 8259 grammar). */
static bool parse_num_json(const char *s, size_t n, Dec *d)
{
    size_t i = 0;
    dec_reset(d);
    if (i < n && s[i] == '-') {
        d->neg = true;
        i++;
    }
    if (i >= n || s[i] < '0' || s[i] > '9')
        return false;
    if (s[i] == '0' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
        return false;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        dec_push(d, s[i++]);
    long nf = 0;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            dec_push(d, s[i++]);
            nf++;
        }
        if (!nf)
            return false;
    }
    long e = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        if (i >= n || s[i] < '0' || s[i] > '9')
            return false;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            e = e * 10 + (s[i++] - '0');
            if (e > 100000)
                return false; /* keeps memory bounded; no real export writes such exponents */
        }
        if (eneg)
            e = -e;
    }
    d->exp = e - nf;
    return i == n;
}

static void dec_to_mpq(const Dec *d, mpq_t q)
{
    if (dec_is_zero(d)) {
        mpq_set_ui(q, 0, 1);
        return;
    }
    mpz_set_str(mpq_numref(q), d->dig, 10);
    mpz_set_ui(mpq_denref(q), 1);
    if (d->exp > 0) {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, (unsigned long)d->exp);
        mpz_mul(mpq_numref(q), mpq_numref(q), p);
        mpz_clear(p);
    } else if (d->exp < 0) {
        mpz_ui_pow_ui(mpq_denref(q), 10, (unsigned long)-d->exp);
    }
    if (d->neg)
        mpz_neg(mpq_numref(q), mpq_numref(q));
    mpq_canonicalize(q);
}

#define HOUR_SCALE_DIGITS 6
#define HOUR_SCALE 1000000LL

/* The value × 10^6 as int64 when exact and in range (the fast path for hour lines). */
static bool dec_to_scaled(const Dec *d, int64_t *out)
{
    size_t nd = d->nd;
    long e = d->exp;
    while (nd > 0 && d->dig[nd - 1] == '0') {
        nd--;
        e++;
    }
    if (nd == 0) {
        *out = 0;
        return true;
    }
    long k = e + HOUR_SCALE_DIGITS;
    if (k < 0 || (long)nd + k > 18)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < nd; i++)
        v = v * 10 + (d->dig[i] - '0');
    for (long i = 0; i < k; i++)
        v *= 10;
    *out = d->neg ? -v : v;
    return true;
}

/* ====================================================================== */
/* Byte source: UTF-8 (validated) or Windows-1252 (converted to UTF-8)    */
/* ====================================================================== */

#define CHUNK (1u << 20)

typedef struct {
    int fd; /* -1: in-memory reader */
    bool cp1252;
    bool bad_utf8; /* UTF-8 mode met an invalid sequence: the caller restarts in cp1252 */
    bool first, eof;
    unsigned char *raw, *dec;
    size_t carry, carry_off; /* incomplete UTF-8 sequence left at the end of the last chunk */
    const unsigned char *p, *end;
    long line;
} Reader;

static const uint16_t CP1252_HIGH[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static size_t cp1252_to_utf8(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = in[i];
        if (c < 0x80) {
            out[o++] = (unsigned char)c;
            continue;
        }
        unsigned cp = c < 0xA0 ? CP1252_HIGH[c - 0x80] : c;
        if (cp < 0x800) {
            out[o++] = (unsigned char)(0xC0 | (cp >> 6));
            out[o++] = (unsigned char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (unsigned char)(0xE0 | (cp >> 12));
            out[o++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (unsigned char)(0x80 | (cp & 0x3F));
        }
    }
    return o;
}

/* Length of the longest prefix made of complete, valid UTF-8 sequences; *bad is set when an
 * invalid sequence is met (an incomplete one at the very end is not invalid yet). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n, bool *bad)
{
    size_t i = 0;
    *bad = false;
    while (i < n) {
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else {
            *bad = true;
            return i;
        }
        for (size_t k = 1; k < len; k++) {
            if (i + k >= n)
                return i; /* incomplete so far: wait for more bytes */
            unsigned b = s[i + k];
            unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
            if (b < l || b > h) {
                *bad = true;
                return i;
            }
        }
        i += len;
    }
    return i;
}

static void rd_open(Reader *r, const char *path, bool cp1252)
{
    memset(r, 0, sizeof *r);
    r->fd = open(path, O_RDONLY);
    if (r->fd < 0)
        die(strerror(errno), path);
    r->cp1252 = cp1252;
    r->first = true;
    r->raw = xmalloc(CHUNK + 8);
    r->dec = cp1252 ? xmalloc(3 * (size_t)CHUNK + 8) : NULL;
    r->line = 1;
}

static void rd_memory(Reader *r, const char *s, size_t n)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    r->eof = true;
    r->p = (const unsigned char *)s;
    r->end = r->p + n;
    r->line = 1;
}

static void rd_close(Reader *r)
{
    if (r->fd >= 0)
        close(r->fd);
    free(r->raw);
    free(r->dec);
    r->raw = r->dec = NULL;
}

static bool rd_refill(Reader *r)
{
    for (;;) {
        if (r->fd < 0 || r->eof)
            return false;
        if (r->carry)
            memmove(r->raw, r->raw + r->carry_off, r->carry);
        ssize_t k;
        do
            k = read(r->fd, r->raw + r->carry, CHUNK);
        while (k < 0 && errno == EINTR);
        if (k < 0)
            die(strerror(errno), "read");
        if (k == 0) {
            r->eof = true;
            if (r->carry)
                r->bad_utf8 = true; /* truncated sequence at end of file */
            return false;
        }
        size_t n = r->carry + (size_t)k, start = 0;
        r->carry = 0;
        if (r->first) {
            r->first = false;
            if (n >= 3 && r->raw[0] == 0xEF && r->raw[1] == 0xBB && r->raw[2] == 0xBF)
                start = 3;
        }
        if (r->cp1252) {
            size_t o = cp1252_to_utf8(r->raw + start, n - start, r->dec);
            r->p = r->dec;
            r->end = r->dec + o;
        } else {
            bool bad;
            size_t ok = utf8_valid_prefix(r->raw + start, n - start, &bad);
            if (bad) {
                r->bad_utf8 = true;
                r->eof = true;
                return false;
            }
            r->p = r->raw + start;
            r->end = r->p + ok;
            r->carry = n - start - ok;
            r->carry_off = start + ok;
        }
        if (r->p < r->end)
            return true;
    }
}

static inline int rd_get(Reader *r)
{
    if (r->p == r->end && !rd_refill(r))
        return -1;
    return *r->p++;
}

static inline int rd_peek(Reader *r)
{
    if (r->p == r->end && !rd_refill(r))
        return -1;
    return *r->p;
}

/* ====================================================================== */
/* Rows                                                                   */
/* ====================================================================== */

enum { K_TEXT, K_JSON_NUM, K_COMPOSITE };

/* One parsed row: fields (CSV) or key/value pairs (JSON) stored in one buffer. */
typedef struct {
    char *buf;
    size_t len, cap;
    size_t *off, *n, *koff, *kn;
    unsigned char *kind, *quoted;
    size_t nf, fcap;
} Row;

static void row_clear(Row *w)
{
    w->len = 0;
    w->nf = 0;
}

static void row_reserve(Row *w, size_t extra)
{
    if (w->len + extra + 1 > w->cap) {
        while (w->len + extra + 1 > w->cap)
            w->cap = w->cap ? w->cap * 2 : 4096;
        w->buf = xrealloc(w->buf, w->cap);
    }
}

static inline void row_put(Row *w, int c)
{
    if (w->len + 2 > w->cap)
        row_reserve(w, 1);
    w->buf[w->len++] = (char)c;
}

static void row_append(Row *w, const void *s, size_t n)
{
    row_reserve(w, n);
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void row_new_field(Row *w)
{
    if (w->nf == w->fcap) {
        w->fcap = w->fcap ? w->fcap * 2 : 32;
        w->off = xrealloc(w->off, w->fcap * sizeof *w->off);
        w->n = xrealloc(w->n, w->fcap * sizeof *w->n);
        w->koff = xrealloc(w->koff, w->fcap * sizeof *w->koff);
        w->kn = xrealloc(w->kn, w->fcap * sizeof *w->kn);
        w->kind = xrealloc(w->kind, w->fcap);
        w->quoted = xrealloc(w->quoted, w->fcap);
    }
    w->off[w->nf] = w->len;
    w->n[w->nf] = 0;
    w->koff[w->nf] = w->kn[w->nf] = 0;
    w->kind[w->nf] = K_TEXT;
    w->quoted[w->nf] = 0;
    w->nf++;
}

static void row_end_field(Row *w)
{
    w->n[w->nf - 1] = w->len - w->off[w->nf - 1];
}

static void row_free(Row *w)
{
    free(w->buf);
    free(w->off);
    free(w->n);
    free(w->koff);
    free(w->kn);
    free(w->kind);
    free(w->quoted);
    memset(w, 0, sizeof *w);
}

/* Reads one CSV record (RFC 4180, CRLF/LF/CR).  Returns false at end of input.  A record may
 * span several physical lines inside quotes; *line gets the line where it starts. */
static bool csv_read_row(Reader *r, int sep, Row *w, long *line, bool *unterminated)
{
    row_clear(w);
    *unterminated = false;
    if (rd_peek(r) < 0)
        return false;
    *line = r->line;
    for (;;) {
        row_new_field(w);
        int c = rd_peek(r);
        if (c == '"') {
            r->p++;
            w->quoted[w->nf - 1] = 1;
            for (;;) {
                c = rd_get(r);
                if (c < 0) {
                    *unterminated = true;
                    break;
                }
                if (c == '"') {
                    if (rd_peek(r) == '"') {
                        r->p++;
                        row_put(w, '"');
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                    r->line++;
                else if (c == '\r') {
                    r->line++;
                    if (rd_peek(r) == '\n') {
                        row_put(w, '\r');
                        c = rd_get(r);
                    }
                }
                row_put(w, c);
            }
        }
        /* Unquoted text (or stray text after a closing quote, kept as is). */
        for (;;) {
            if (r->p == r->end && !rd_refill(r))
                break;
            const unsigned char *q = r->p;
            while (q < r->end && *q != sep && *q != '\n' && *q != '\r')
                q++;
            row_append(w, r->p, (size_t)(q - r->p));
            r->p = q;
            if (q < r->end)
                break;
        }
        row_end_field(w);
        c = rd_get(r);
        if (c == sep)
            continue;
        if (c == '\r') {
            r->line++;
            if (rd_peek(r) == '\n')
                r->p++;
        } else if (c == '\n') {
            r->line++;
        }
        return true;
    }
}

/* A line made only of spaces and separators is what spreadsheets write for an empty row. */
static bool row_is_blank(const Row *w)
{
    for (size_t f = 0; f < w->nf; f++) {
        if (w->quoted[f])
            return false;
        for (size_t i = 0; i < w->n[f]; i++) {
            char c = w->buf[w->off[f] + i];
            if (c != ' ' && c != '\t')
                return false;
        }
    }
    return true;
}

/* ====================================================================== */
/* Header names                                                           */
/* ====================================================================== */

/* Key of a header name: lower case, accents removed, spaces/underscores/dashes/apostrophes dropped. */
static size_t header_key(const char *s, size_t n, char *out, size_t cap)
{
    static const struct {
        unsigned cp;
        const char *base;
    } FOLD[] = {
        {0xC0, "a"},  {0xC1, "a"}, {0xC2, "a"}, {0xC3, "a"}, {0xC4, "a"}, {0xC5, "a"},  {0xC6, "ae"},
        {0xC7, "c"},  {0xC8, "e"}, {0xC9, "e"}, {0xCA, "e"}, {0xCB, "e"}, {0xCC, "i"},  {0xCD, "i"},
        {0xCE, "i"},  {0xCF, "i"}, {0xD1, "n"}, {0xD2, "o"}, {0xD3, "o"}, {0xD4, "o"},  {0xD5, "o"},
        {0xD6, "o"},  {0xD9, "u"}, {0xDA, "u"}, {0xDB, "u"}, {0xDC, "u"}, {0xDD, "y"},  {0xE0, "a"},
        {0xE1, "a"},  {0xE2, "a"}, {0xE3, "a"}, {0xE4, "a"}, {0xE5, "a"}, {0xE6, "ae"}, {0xE7, "c"},
        {0xE8, "e"},  {0xE9, "e"}, {0xEA, "e"}, {0xEB, "e"}, {0xEC, "i"}, {0xED, "i"},  {0xEE, "i"},
        {0xEF, "i"},  {0xF1, "n"}, {0xF2, "o"}, {0xF3, "o"}, {0xF4, "o"}, {0xF5, "o"},  {0xF6, "o"},
        {0xF9, "u"},  {0xFA, "u"}, {0xFB, "u"}, {0xFC, "u"}, {0xFD, "y"}, {0xFF, "y"},  {0x152, "oe"},
        {0x153, "oe"}, {0x178, "y"},
    };
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp;
        size_t len;
        if (c < 0x80) {
            cp = c;
            len = 1;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
            cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            len = 2;
        } else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
            cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) | ((unsigned char)s[i + 2] & 0x3Fu);
            len = 3;
        } else {
            cp = 0xFFFD;
            len = (c & 0xF8) == 0xF0 ? 4 : 1;
            if (i + len > n)
                len = n - i;
        }
        const char *app = NULL;
        char one[2] = {0, 0};
        if (cp == ' ' || cp == '_' || cp == '-' || cp == '\'' || cp == '\t' || cp == 0xA0 || cp == 0x202F ||
            cp == 0x2019) {
            app = "";
        } else if (cp < 0x80) {
            one[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            app = one;
        } else {
            for (size_t k = 0; k < sizeof FOLD / sizeof FOLD[0]; k++)
                if (FOLD[k].cp == cp) {
                    app = FOLD[k].base;
                    break;
                }
        }
        if (app) {
            size_t l = strlen(app);
            if (o + l < cap) {
                memcpy(out + o, app, l);
                o += l;
            }
        } else if (o + len < cap) {
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    out[o] = '\0';
    return o;
}

/* ====================================================================== */
/* Tables                                                                 */
/* ====================================================================== */

enum { T_MARCHES, T_PARTICIPANTS, T_HEURES, N_TABLE };
static const char *const TABLE_NAME[N_TABLE] = {"marches", "participants", "heures"};

enum { MC_MARCHE, MC_INTITULE, MC_FAMILLE, MC_MAITRE, MC_PERIMETRE, MC_MONTANT, MC_NOTIF, MC_HEURES, N_MC };
enum { PC_ID, PC_SEXE, PC_NAISSANCE, PC_QPV, PC_ENTREE, PC_MOIS_INSCR, PC_RSA, PC_ASS, PC_AAH, PC_RQTH,
       PC_NIVEAU, PC_PASS_IAE, N_PC };
enum { HC_MARCHE, HC_PARTICIPANT, HC_MOIS, HC_HEURES, HC_MODALITE, N_HC };
#define MAX_COLS 12

static const char *const COLS[N_TABLE][MAX_COLS] = {
    {"marche", "intitule", "famille", "maitre_ouvrage", "perimetre", "montant_ht", "date_notification",
     "heures_travaillees"},
    {"participant", "sexe", "date_naissance", "qpv", "date_entree", "mois_inscription", "rsa", "ass", "aah",
     "rqth", "niveau", "pass_iae"},
    {"marche", "participant", "mois", "heures", "modalite"},
};
static const int NCOLS[N_TABLE] = {N_MC, N_PC, N_HC};

static int column_of(int table, const char *s, size_t n)
{
    char key[256], want[64];
    header_key(s, n, key, sizeof key);
    for (int c = 0; c < NCOLS[table]; c++) {
        header_key(COLS[table][c], strlen(COLS[table][c]), want, sizeof want);
        if (strcmp(key, want) == 0)
            return c;
    }
    return -1;
}

typedef struct {
    const char *s;
    size_t n;
    int kind;
    bool present; /* present and not empty */
} Cell;

/* ---------- string → int32 hash map over an arena ---------- */

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, cap;
    char data[];
} ArenaBlock;

typedef struct {
    uint64_t h;
    const char *k;
    uint32_t n;
    int32_t v;
} Slot;

/* Hour lines come in runs for one contract and one participant, so each map remembers its
 * last hit. */
#define MAP_LAST_MAX 32

typedef struct {
    Slot *s;
    size_t cap, len;
    ArenaBlock *arena;
    char last[MAP_LAST_MAX];
    size_t last_n; /* 0: no last hit */
    int32_t last_v;
} Map;

static char *arena_dup(ArenaBlock **a, const char *s, size_t n)
{
    if (!*a || (*a)->used + n + 1 > (*a)->cap) {
        size_t cap = n + 1 > 65536 ? n + 1 : 65536;
        ArenaBlock *b = xmalloc(sizeof *b + cap);
        b->next = *a;
        b->used = 0;
        b->cap = cap;
        *a = b;
    }
    char *p = (*a)->data + (*a)->used;
    memcpy(p, s, n);
    p[n] = '\0';
    (*a)->used += n + 1;
    return p;
}

static void arena_free(ArenaBlock **a)
{
    while (*a) {
        ArenaBlock *n = (*a)->next;
        free(*a);
        *a = n;
    }
}

static inline uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return false;
        a += 8;
        b += 8;
        n -= 8;
    }
    while (n--)
        if (*a++ != *b++)
            return false;
    return true;
}

static Slot *map_find(Map *m, const char *k, size_t n, uint64_t h)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        Slot *s = &m->s[i];
        if (!s->k)
            return s;
        if (s->h == h && s->n == n && same_bytes(s->k, k, n))
            return s;
    }
}

static void map_grow(Map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 1024;
    Slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        die("out of memory", NULL);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->s[i].k)
            continue;
        size_t j = (size_t)m->s[i].h & (ncap - 1);
        while (ns[j].k)
            j = (j + 1) & (ncap - 1);
        ns[j] = m->s[i];
    }
    free(m->s);
    m->s = ns;
    m->cap = ncap;
}

/* Lookup; returns false when absent. */
static bool map_get(Map *m, const char *k, size_t n, int32_t *v)
{
    if (n == m->last_n && same_bytes(m->last, k, n)) {
        *v = m->last_v;
        return true;
    }
    Slot *s = map_find(m, k, n, hash_bytes(k, n));
    if (!s || !s->k)
        return false;
    *v = s->v;
    if (n > 0 && n <= MAP_LAST_MAX) {
        memcpy(m->last, k, n);
        m->last_n = n;
        m->last_v = s->v;
    }
    return true;
}

static void map_set(Map *m, const char *k, size_t n, int32_t v)
{
    m->last_n = 0;
    if ((m->len + 1) * 2 > m->cap)
        map_grow(m);
    uint64_t h = hash_bytes(k, n);
    Slot *s = map_find(m, k, n, h);
    if (!s->k) {
        s->k = arena_dup(&m->arena, k, n);
        s->n = (uint32_t)n;
        s->h = h;
        m->len++;
    }
    s->v = v;
}

static void map_free(Map *m)
{
    free(m->s);
    arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

/* ---------- evaluation state ---------- */

#define REJECTED (-1)

typedef struct {
    const char *id, *maitre;
    int fam, scope;
    long notif; /* yyyymmdd */
    mpq_t montant, ht;
    bool has_ht;
    int64_t hours[2]; /* [0] other modalities, [1] formation: counted hours × 10^6 */
    bool big;         /* some hours went to the exact fallback below */
    mpq_t hours_q[2];
} Contract;

typedef struct {
    long lues, comptees, non_comptees, rejetees;
} Counts;

/* What the indicators need of one valid participant; never printed one by one. */
enum { P_DELD, P_MINIMA, P_RQTH, P_JEUNE, P_SENIOR, P_IAE, N_PUBLIC };
static const char *const PUBLIC_NAME[N_PUBLIC] = {"deld", "minima_sociaux", "rqth", "jeune", "senior", "iae"};

typedef struct {
    long entry_month;
    bool eligible, female, under26, active;
    bool pub[N_PUBLIC];
} Participant;

/* Why a valid hour line is not counted, in the order the rules are tried. */
enum { NC_APRES_AU, NC_NON_ELIGIBLE, NC_AVANT_ENTREE, NC_HORS_PERIODE, N_NC };
static const char *const NC_CODE[N_NC] = {"apres_date_evaluation", "participant_non_eligible", "avant_entree",
                                          "hors_periode_eligibilite"};

typedef struct {
    int table;
    long line;
    const char *reason;
} Rejection;

typedef struct {
    const char *dir;
    Date au;
    long au_month;
    char file[N_TABLE][32];
    Contract *ct;
    size_t nct, capct;
    ArenaBlock *texts;
    Map contracts;    /* id → contract index, or REJECTED */
    Map participants; /* id → index in pt, or REJECTED */
    Participant *pt;
    size_t npt, cappt;
    long nc_heures[N_NC];
    Counts count[N_TABLE];
    Rejection *rej;
    size_t nrej, caprej;
    Dec dec;
    mpq_t q;
} Ctx;

static void reject(Ctx *x, int table, long line, const char *reason)
{
    if (x->nrej == x->caprej) {
        x->caprej = x->caprej ? x->caprej * 2 : 256;
        x->rej = xrealloc(x->rej, x->caprej * sizeof *x->rej);
    }
    x->rej[x->nrej++] = (Rejection){table, line, reason};
    x->count[table].rejetees++;
}

static int enum_index(const char *const *names, int n, const Cell *c)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == c->n && memcmp(names[i], c->s, c->n) == 0)
            return i;
    return -1;
}

static bool cell_number(Ctx *x, const Cell *c, int unit)
{
    return c->kind == K_JSON_NUM ? parse_num_json(c->s, c->n, &x->dec) : parse_num_text(c->s, c->n, unit, &x->dec);
}

static bool cell_date(const Cell *c, Date *d)
{
    return c->kind == K_TEXT && parse_date(c->s, c->n, d);
}

/* oui/non, vrai/faux, o/n, 1/0, true/false, yes/no, any case; absent = default (non). */
static bool cell_bool(const Cell *c, bool *out)
{
    static const char *const YES[] = {"oui", "vrai", "o", "1", "true", "yes"};
    static const char *const NO[] = {"non", "faux", "n", "0", "false", "no"};
    *out = false;
    if (!c->present)
        return true;
    if (c->kind == K_COMPOSITE || c->n > 5)
        return false;
    char low[8];
    for (size_t i = 0; i < c->n; i++)
        low[i] = (char)(c->s[i] >= 'A' && c->s[i] <= 'Z' ? c->s[i] + 32 : c->s[i]);
    low[c->n] = '\0';
    for (int i = 0; i < 6; i++) {
        if (strcmp(low, YES[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(low, NO[i]) == 0)
            return true;
    }
    return false;
}

/* A whole number (any accepted number form whose value is an integer) in [lo, hi]. */
static bool cell_whole(Ctx *x, const Cell *c, long lo, long hi, long *out)
{
    if (!cell_number(x, c, UNIT_NONE))
        return false;
    int64_t v;
    if (!dec_to_scaled(&x->dec, &v) || v % HOUR_SCALE != 0)
        return false;
    v /= HOUR_SCALE;
    if (v < lo || v > hi)
        return false;
    *out = (long)v;
    return true;
}

static const char *missing_required(const Cell *cells, const int *req, size_t nreq)
{
    for (size_t i = 0; i < nreq; i++)
        if (!cells[req[i]].present)
            return "cellule obligatoire vide";
    return NULL;
}

static const char *composite_cell(const Cell *cells, int n)
{
    for (int i = 0; i < n; i++)
        if (cells[i].present && cells[i].kind == K_COMPOSITE)
            return "valeur composée (objet ou tableau)";
    return NULL;
}

/* ---------- marches ---------- */

static const char *marche_invalid(Ctx *x, const Cell *c, Contract *k)
{
    static const int REQ[] = {MC_MARCHE, MC_FAMILLE, MC_MAITRE, MC_PERIMETRE, MC_MONTANT, MC_NOTIF};
    const char *why = missing_required(c, REQ, sizeof REQ / sizeof REQ[0]);
    if (why || (why = composite_cell(c, N_MC)))
        return why;
    if ((k->fam = enum_index(FAM_NAME, N_FAM, &c[MC_FAMILLE])) < 0)
        return "famille inconnue";
    if ((k->scope = enum_index(SCOPE_NAME, N_SCOPE, &c[MC_PERIMETRE])) < 0)
        return "périmètre inconnu";
    if (!cell_number(x, &c[MC_MONTANT], UNIT_EUR))
        return "montant invalide";
    if (x->dec.neg && !dec_is_zero(&x->dec))
        return "montant négatif";
    dec_to_mpq(&x->dec, k->montant);
    Date d;
    if (!cell_date(&c[MC_NOTIF], &d))
        return "date de notification invalide";
    k->notif = date_key(d);
    k->has_ht = c[MC_HEURES].present;
    if (k->has_ht) {
        if (!cell_number(x, &c[MC_HEURES], UNIT_H))
            return "heures travaillées invalides";
        if (x->dec.neg && !dec_is_zero(&x->dec))
            return "heures travaillées négatives";
        dec_to_mpq(&x->dec, k->ht);
    }
    return NULL;
}

static void marche_row(Ctx *x, Cell *c, long line, const char *row_err)
{
    x->count[T_MARCHES].lues++;
    if (x->nct == x->capct) {
        x->capct = x->capct ? x->capct * 2 : 256;
        x->ct = xrealloc(x->ct, x->capct * sizeof *x->ct);
    }
    Contract *k = &x->ct[x->nct];
    memset(k, 0, sizeof *k);
    mpq_inits(k->montant, k->ht, NULL);
    const char *why = row_err ? row_err : marche_invalid(x, c, k);
    int32_t v;
    bool known = c[MC_MARCHE].present && map_get(&x->contracts, c[MC_MARCHE].s, c[MC_MARCHE].n, &v);
    if (!why && known && v != REJECTED)
        why = "identifiant de marché en double";
    if (why) {
        mpq_clears(k->montant, k->ht, NULL);
        reject(x, T_MARCHES, line, why);
        if (c[MC_MARCHE].present && !known)
            map_set(&x->contracts, c[MC_MARCHE].s, c[MC_MARCHE].n, REJECTED);
        return;
    }
    k->id = arena_dup(&x->texts, c[MC_MARCHE].s, c[MC_MARCHE].n);
    k->maitre = arena_dup(&x->texts, c[MC_MAITRE].s, c[MC_MAITRE].n);
    map_set(&x->contracts, c[MC_MARCHE].s, c[MC_MARCHE].n, (int32_t)x->nct);
    x->nct++;
    x->count[T_MARCHES].comptees++;
}

/* ---------- participants ---------- */

static const char *participant_invalid(Ctx *x, const Cell *c, Participant *p)
{
    static const int REQ[] = {PC_ID, PC_SEXE, PC_NAISSANCE, PC_ENTREE};
    const char *why = missing_required(c, REQ, sizeof REQ / sizeof REQ[0]);
    if (why || (why = composite_cell(c, N_PC)))
        return why;
    if (c[PC_SEXE].n != 1 || (c[PC_SEXE].s[0] != 'F' && c[PC_SEXE].s[0] != 'H'))
        return "sexe invalide (F ou H)";
    Date birth, entry;
    if (!cell_date(&c[PC_NAISSANCE], &birth))
        return "date de naissance invalide";
    if (!cell_date(&c[PC_ENTREE], &entry))
        return "date d'entrée invalide";
    long mois = 0, niveau = 0;
    if (c[PC_MOIS_INSCR].present && !cell_whole(x, &c[PC_MOIS_INSCR], 0, 1000000, &mois))
        return "mois d'inscription invalide";
    bool niveau_known = c[PC_NIVEAU].present;
    if (niveau_known && !cell_whole(x, &c[PC_NIVEAU], 1, 8, &niveau))
        return "niveau invalide (1 à 8)";
    bool rsa, ass, aah, rqth, iae;
    if (!cell_bool(&c[PC_RSA], &rsa) || !cell_bool(&c[PC_ASS], &ass) || !cell_bool(&c[PC_AAH], &aah) ||
        !cell_bool(&c[PC_RQTH], &rqth) || !cell_bool(&c[PC_PASS_IAE], &iae))
        return "booléen invalide";
    int age = age_at(birth, entry);
    bool deld = mois >= 12;
    bool minima = rsa || ass || aah;
    bool jeune = age < 26 && niveau_known && niveau <= 3;
    bool senior = age >= 50 && mois >= 1;
    p->eligible = c[PC_QPV].present && (deld || minima || rqth || jeune || senior || iae);
    p->entry_month = month_index(entry.y, entry.m);
    p->female = c[PC_SEXE].s[0] == 'F';
    p->under26 = age < 26;
    const bool pub[N_PUBLIC] = {deld, minima, rqth, jeune, senior, iae};
    memcpy(p->pub, pub, sizeof pub);
    return NULL;
}

static void participant_row(Ctx *x, Cell *c, long line, const char *row_err)
{
    x->count[T_PARTICIPANTS].lues++;
    Participant p;
    memset(&p, 0, sizeof p);
    const char *why = row_err ? row_err : participant_invalid(x, c, &p);
    int32_t v;
    bool known = c[PC_ID].present && map_get(&x->participants, c[PC_ID].s, c[PC_ID].n, &v);
    if (!why && known && v != REJECTED)
        why = "identifiant de participant en double";
    if (why) {
        reject(x, T_PARTICIPANTS, line, why);
        if (c[PC_ID].present && !known)
            map_set(&x->participants, c[PC_ID].s, c[PC_ID].n, REJECTED);
        return;
    }
    if (x->npt == x->cappt) {
        x->cappt = x->cappt ? x->cappt * 2 : 256;
        x->pt = xrealloc(x->pt, x->cappt * sizeof *x->pt);
    }
    x->pt[x->npt] = p;
    map_set(&x->participants, c[PC_ID].s, c[PC_ID].n, (int32_t)x->npt++);
    if (p.eligible)
        x->count[T_PARTICIPANTS].comptees++;
    else
        x->count[T_PARTICIPANTS].non_comptees++;
}

/* ---------- heures (the hot path) ---------- */

static void add_hours(Ctx *x, Contract *k, int formation)
{
    int64_t v, sum;
    if (dec_to_scaled(&x->dec, &v) && !__builtin_add_overflow(k->hours[formation], v, &sum)) {
        k->hours[formation] = sum;
        return;
    }
    if (!k->big) {
        k->big = true;
        mpq_inits(k->hours_q[0], k->hours_q[1], NULL);
    }
    dec_to_mpq(&x->dec, x->q);
    mpq_add(k->hours_q[formation], k->hours_q[formation], x->q);
}

static void heures_row(Ctx *x, Cell *c, long line, const char *row_err)
{
    static const int REQ[] = {HC_MARCHE, HC_PARTICIPANT, HC_MOIS, HC_HEURES, HC_MODALITE};
    x->count[T_HEURES].lues++;
    const char *why = row_err;
    if (!why)
        why = missing_required(c, REQ, N_HC);
    if (!why)
        why = composite_cell(c, N_HC);
    int32_t ci = REJECTED, pv = REJECTED;
    if (!why && !map_get(&x->contracts, c[HC_MARCHE].s, c[HC_MARCHE].n, &ci))
        why = "marché inconnu";
    if (!why && ci == REJECTED)
        why = "marché rejeté";
    if (!why && !map_get(&x->participants, c[HC_PARTICIPANT].s, c[HC_PARTICIPANT].n, &pv))
        why = "participant inconnu";
    if (!why && pv == REJECTED)
        why = "participant rejeté";
    long month = 0;
    if (!why && (c[HC_MOIS].kind != K_TEXT || !parse_month(c[HC_MOIS].s, c[HC_MOIS].n, &month)))
        why = "mois invalide";
    if (!why && !cell_number(x, &c[HC_HEURES], UNIT_H))
        why = "heures invalides";
    if (!why && (x->dec.neg || dec_is_zero(&x->dec)))
        why = "heures non positives";
    int mod = -1;
    if (!why && (mod = enum_index(MOD_NAME, N_MOD, &c[HC_MODALITE])) < 0)
        why = "modalité inconnue";
    if (why) {
        reject(x, T_HEURES, line, why);
        return;
    }
    Participant *p = &x->pt[pv];
    int nc = month > x->au_month                               ? NC_APRES_AU
             : !p->eligible                                     ? NC_NON_ELIGIBLE
             : month < p->entry_month                           ? NC_AVANT_ENTREE
             : month >= p->entry_month + ELIGIBILITY_MONTHS     ? NC_HORS_PERIODE
                                                                : -1;
    if (nc >= 0) {
        x->count[T_HEURES].non_comptees++;
        x->nc_heures[nc]++;
        return;
    }
    x->count[T_HEURES].comptees++;
    p->active = true;
    add_hours(x, &x->ct[ci], mod == M_FORMATION);
}

typedef void (*RowFn)(Ctx *, Cell *, long, const char *);
static const RowFn ROW_FN[N_TABLE] = {marche_row, participant_row, heures_row};

/* ====================================================================== */
/* File readers                                                           */
/* ====================================================================== */

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static void set_cell(Cell *cell, const char *s, size_t n, int kind)
{
    trim(&s, &n);
    cell->s = s;
    cell->n = n;
    cell->kind = kind;
    cell->present = n > 0 || kind == K_COMPOSITE;
}

/* The separator is whichever of ';' and ',' occurs more often, outside quotes, in the header line. */
static int detect_separator(const char *s, size_t n)
{
    size_t semi = 0, comma = 0;
    bool q = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && s[i] == ';')
            semi++;
        else if (!q && s[i] == ',')
            comma++;
    }
    return semi > comma ? ';' : ',';
}

/* Collects the raw bytes of the header record (up to its line end outside quotes). */
static void read_header_bytes(Reader *r, Row *raw)
{
    row_clear(raw);
    bool q = false;
    for (;;) {
        int c = rd_get(r);
        if (c < 0)
            return;
        if (c == '"')
            q = !q;
        if (!q && (c == '\n' || c == '\r')) {
            r->line++;
            if (c == '\r' && rd_peek(r) == '\n')
                r->p++;
            bool blank = true;
            for (size_t i = 0; i < raw->len; i++)
                if (raw->buf[i] != ' ' && raw->buf[i] != '\t')
                    blank = false;
            if (!blank)
                return;
            row_clear(raw); /* blank lines before the header are skipped */
            continue;
        }
        if (c == '\n' || c == '\r')
            r->line++;
        row_put(raw, c);
    }
}

static void read_csv(Ctx *x, int table, Reader *r)
{
    Row raw = {0}, w = {0};
    Cell cells[MAX_COLS];
    read_header_bytes(r, &raw);
    if (r->bad_utf8) {
        row_free(&raw);
        return;
    }
    int sep = detect_separator(raw.buf ? raw.buf : "", raw.len);
    Reader hr;
    rd_memory(&hr, raw.buf ? raw.buf : "", raw.len);
    long line;
    bool unterminated;
    int *colmap = NULL;
    size_t ncolmap = 0;
    if (csv_read_row(&hr, sep, &w, &line, &unterminated)) {
        ncolmap = w.nf;
        colmap = xmalloc(ncolmap * sizeof *colmap);
        for (size_t f = 0; f < w.nf; f++) {
            const char *s = w.buf + w.off[f];
            size_t n = w.n[f];
            trim(&s, &n);
            int col = column_of(table, s, n);
            for (size_t g = 0; g < f; g++)
                if (colmap[g] == col)
                    col = -1; /* the first of two equal headers is the column */
            colmap[f] = col;
        }
    }
    while (csv_read_row(r, sep, &w, &line, &unterminated)) {
        if (r->bad_utf8)
            break;
        if (row_is_blank(&w) && !unterminated)
            continue;
        for (int k = 0; k < NCOLS[table]; k++)
            cells[k] = (Cell){"", 0, K_TEXT, false};
        for (size_t f = 0; f < w.nf && f < ncolmap; f++)
            if (colmap[f] >= 0)
                set_cell(&cells[colmap[f]], w.buf + w.off[f], w.n[f], K_TEXT);
        ROW_FN[table](x, cells, line, unterminated ? "guillemet non fermé" : NULL);
    }
    free(colmap);
    row_free(&raw);
    row_free(&w);
}

/* ---------- JSON: an array of flat objects ---------- */

typedef struct {
    Reader *r;
    Row *w;
} Json;

static int json_ws(Json *j)
{
    for (;;) {
        int c = rd_peek(j->r);
        if (c == '\n')
            j->r->line++;
        else if (c != ' ' && c != '\t' && c != '\r')
            return c;
        j->r->p++;
    }
}

static void put_utf8(Row *w, unsigned cp)
{
    if (cp < 0x80) {
        row_put(w, (int)cp);
    } else if (cp < 0x800) {
        row_put(w, (int)(0xC0 | (cp >> 6)));
        row_put(w, (int)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        row_put(w, (int)(0xE0 | (cp >> 12)));
        row_put(w, (int)(0x80 | ((cp >> 6) & 0x3F)));
        row_put(w, (int)(0x80 | (cp & 0x3F)));
    } else {
        row_put(w, (int)(0xF0 | (cp >> 18)));
        row_put(w, (int)(0x80 | ((cp >> 12) & 0x3F)));
        row_put(w, (int)(0x80 | ((cp >> 6) & 0x3F)));
        row_put(w, (int)(0x80 | (cp & 0x3F)));
    }
}

static bool json_hex4(Json *j, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int c = rd_get(j->r);
        if (c >= '0' && c <= '9')
            v = v * 16 + (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v = v * 16 + (unsigned)(c - 'A' + 10);
        else
            return false;
    }
    *out = v;
    return true;
}

/* A string (the opening quote already read), decoded into the row buffer. */
static bool json_string(Json *j)
{
    for (;;) {
        int c = rd_get(j->r);
        if (c < 0)
            return false;
        if (c == '"')
            return true;
        if (c == '\n')
            j->r->line++;
        if (c != '\\') {
            row_put(j->w, c);
            continue;
        }
        c = rd_get(j->r);
        unsigned cp;
        switch (c) {
        case '"': case '\\': case '/': row_put(j->w, c); break;
        case 'b': row_put(j->w, '\b'); break;
        case 'f': row_put(j->w, '\f'); break;
        case 'n': row_put(j->w, '\n'); break;
        case 'r': row_put(j->w, '\r'); break;
        case 't': row_put(j->w, '\t'); break;
        case 'u':
            if (!json_hex4(j, &cp))
                return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (rd_get(j->r) != '\\' || rd_get(j->r) != 'u' || !json_hex4(j, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return false;
            }
            put_utf8(j->w, cp);
            break;
        default:
            return false;
        }
    }
}

static bool json_literal(Json *j, const char *word)
{
    for (const char *p = word; *p; p++)
        if (rd_get(j->r) != *p)
            return false;
    return true;
}

/* Skips a nested object or array (its opening bracket already read). */
static bool json_skip_nested(Json *j)
{
    long depth = 1;
    size_t mark = j->w->len;
    while (depth > 0) {
        int c = json_ws(j);
        if (c < 0)
            return false;
        j->r->p++;
        if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']')
            depth--;
        else if (c == '"') {
            if (!json_string(j))
                return false;
            j->w->len = mark;
        }
    }
    return true;
}

static bool json_value(Json *j)
{
    Row *w = j->w;
    int c = json_ws(j);
    size_t f = w->nf - 1;
    if (c == '"') {
        j->r->p++;
        if (!json_string(j))
            return false;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        w->kind[f] = K_JSON_NUM;
        while ((c = rd_peek(j->r)) >= 0 && (c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' ||
                                            (c >= '0' && c <= '9'))) {
            row_put(w, c);
            j->r->p++;
        }
    } else if (c == 't') {
        if (!json_literal(j, "true"))
            return false;
        row_append(w, "true", 4);
    } else if (c == 'f') {
        if (!json_literal(j, "false"))
            return false;
        row_append(w, "false", 5);
    } else if (c == 'n') {
        if (!json_literal(j, "null"))
            return false;
    } else if (c == '{' || c == '[') {
        j->r->p++;
        w->kind[f] = K_COMPOSITE;
        return json_skip_nested(j);
    } else {
        return false;
    }
    return true;
}

/* One object (its '{' already read) into key/value fields. */
static bool json_object(Json *j)
{
    Row *w = j->w;
    row_clear(w);
    int c = json_ws(j);
    if (c == '}') {
        j->r->p++;
        return true;
    }
    for (;;) {
        if (json_ws(j) != '"')
            return false;
        j->r->p++;
        row_new_field(w);
        size_t f = w->nf - 1;
        w->koff[f] = w->len;
        if (!json_string(j))
            return false;
        w->kn[f] = w->len - w->koff[f];
        if (json_ws(j) != ':')
            return false;
        j->r->p++;
        w->off[f] = w->len;
        if (!json_value(j))
            return false;
        w->n[f] = w->len - w->off[f];
        c = json_ws(j);
        if (c < 0)
            return false;
        j->r->p++;
        if (c == '}')
            return true;
        if (c != ',')
            return false;
    }
}

typedef struct {
    char *key;
    size_t n;
    int col;
} KeyCache;

static int json_column(int table, KeyCache *cache, size_t *ncache, const char *k, size_t n)
{
    for (size_t i = 0; i < *ncache; i++)
        if (cache[i].n == n && memcmp(cache[i].key, k, n) == 0)
            return cache[i].col;
    int col = column_of(table, k, n);
    if (*ncache < 64) {
        cache[*ncache].key = xmalloc(n + 1);
        memcpy(cache[*ncache].key, k, n);
        cache[*ncache].n = n;
        cache[*ncache].col = col;
        (*ncache)++;
    }
    return col;
}

static bool read_json(Ctx *x, int table, Reader *r)
{
    Row w = {0};
    Json j = {r, &w};
    Cell cells[MAX_COLS];
    KeyCache cache[64];
    size_t ncache = 0;
    bool ok = false;
    if (json_ws(&j) != '[')
        goto out;
    r->p++;
    if (json_ws(&j) == ']') {
        r->p++;
        ok = json_ws(&j) < 0;
        goto out;
    }
    for (;;) {
        if (json_ws(&j) != '{')
            goto out;
        long line = r->line;
        r->p++;
        if (!json_object(&j))
            goto out;
        for (int k = 0; k < NCOLS[table]; k++)
            cells[k] = (Cell){"", 0, K_TEXT, false};
        bool seen[MAX_COLS] = {false};
        for (size_t f = 0; f < w.nf; f++) {
            int col = json_column(table, cache, &ncache, w.buf + w.koff[f], w.kn[f]);
            if (col < 0 || seen[col])
                continue;
            seen[col] = true;
            set_cell(&cells[col], w.buf + w.off[f], w.n[f], w.kind[f]);
        }
        ROW_FN[table](x, cells, line, NULL);
        int c = json_ws(&j);
        if (c < 0)
            goto out;
        r->p++;
        if (c == ']')
            break;
        if (c != ',')
            goto out;
    }
    ok = json_ws(&j) < 0;
out:
    for (size_t i = 0; i < ncache; i++)
        free(cache[i].key);
    row_free(&w);
    return ok || r->bad_utf8;
}

/* ---------- one table, restarted in Windows-1252 when the file is not valid UTF-8 ---------- */

static void reset_table(Ctx *x, int table, size_t nrej_before)
{
    x->nrej = nrej_before;
    x->count[table] = (Counts){0, 0, 0, 0};
    if (table == T_MARCHES) {
        for (size_t i = 0; i < x->nct; i++) {
            mpq_clears(x->ct[i].montant, x->ct[i].ht, NULL);
            if (x->ct[i].big)
                mpq_clears(x->ct[i].hours_q[0], x->ct[i].hours_q[1], NULL);
        }
        x->nct = 0;
        map_free(&x->contracts);
    } else if (table == T_PARTICIPANTS) {
        map_free(&x->participants);
        x->npt = 0;
    } else {
        memset(x->nc_heures, 0, sizeof x->nc_heures);
        for (size_t i = 0; i < x->npt; i++)
            x->pt[i].active = false;
        for (size_t i = 0; i < x->nct; i++) {
            Contract *k = &x->ct[i];
            k->hours[0] = k->hours[1] = 0;
            if (k->big) {
                mpq_clears(k->hours_q[0], k->hours_q[1], NULL);
                k->big = false;
            }
        }
    }
}

static void read_table(Ctx *x, int table)
{
    char csv[4096], json[4096];
    snprintf(csv, sizeof csv, "%s/%s.csv", x->dir, TABLE_NAME[table]);
    snprintf(json, sizeof json, "%s/%s.json", x->dir, TABLE_NAME[table]);
    struct stat st;
    bool has_csv = stat(csv, &st) == 0, has_json = stat(json, &st) == 0;
    if (has_csv && has_json)
        die("both .csv and .json exist for table", TABLE_NAME[table]);
    if (!has_csv && !has_json)
        die("missing table (neither .csv nor .json)", csv);
    snprintf(x->file[table], sizeof x->file[table], "%s.%s", TABLE_NAME[table], has_csv ? "csv" : "json");
    size_t nrej_before = x->nrej;
    for (int attempt = 0; attempt < 2; attempt++) {
        Reader r;
        rd_open(&r, has_csv ? csv : json, attempt == 1);
        bool ok = true;
        if (has_csv)
            read_csv(x, table, &r);
        else
            ok = read_json(x, table, &r);
        bool restart = r.bad_utf8;
        long line = r.line;
        rd_close(&r);
        if (!restart) {
            if (!ok) {
                fprintf(stderr, "amp-ref: %s:%ld: malformed JSON (expected an array of flat objects)\n",
                        x->file[table], line);
                exit(2);
            }
            return;
        }
        reset_table(x, table, nrej_before);
    }
}

/* ====================================================================== */
/* Evaluation and output                                                  */
/* ====================================================================== */

/* Exact decimal with ',' as the mark and no trailing zeros; a value that is not a finite
 * decimal is rounded half-up to 2 decimals (only heures_base can be one). */
static void put_decimal(FILE *out, const mpq_t v)
{
    mpz_t den, f, n;
    mpz_inits(den, f, n, NULL);
    mpz_set(den, mpq_denref(v));
    mpz_set_ui(f, 2);
    unsigned long twos = mpz_remove(den, den, f);
    mpz_set_ui(f, 5);
    unsigned long fives = mpz_remove(den, den, f);
    unsigned long k;
    if (mpz_cmp_ui(den, 1) == 0) {
        k = twos > fives ? twos : fives;
        mpz_ui_pow_ui(f, 10, k);
        mpz_mul(n, mpq_numref(v), f);
        mpz_divexact(n, n, mpq_denref(v));
    } else {
        k = 2; /* floor(v × 100 + 1/2) */
        mpz_mul_ui(n, mpq_numref(v), 200);
        mpz_add(n, n, mpq_denref(v));
        mpz_mul_ui(f, mpq_denref(v), 2);
        mpz_fdiv_q(n, n, f);
    }
    while (k > 0 && mpz_divisible_ui_p(n, 10)) {
        mpz_divexact_ui(n, n, 10);
        k--;
    }
    if (mpz_sgn(n) < 0) {
        fputc('-', out);
        mpz_neg(n, n);
    }
    char *s = mpz_get_str(NULL, 10, n);
    size_t len = strlen(s);
    if (k == 0) {
        fputs(s, out);
    } else if (len > k) {
        fwrite(s, 1, len - k, out);
        fputc(',', out);
        fputs(s + len - k, out);
    } else {
        fputs("0,", out);
        for (size_t i = len; i < k; i++)
            fputc('0', out);
        fputs(s, out);
    }
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    gmp_free(s, len + 1);
    mpz_clears(den, f, n, NULL);
}

/* A text field of the output CSV, quoted only when it has to be. */
static void put_text(FILE *out, const char *s)
{
    if (!strpbrk(s, ";\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void mpz_set_i64(mpz_t z, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    mpz_set_str(z, buf, 10);
}

static void hours_total(const Contract *k, int formation, mpq_t out)
{
    mpz_set_i64(mpq_numref(out), k->hours[formation]);
    mpz_set_ui(mpq_denref(out), (unsigned long)HOUR_SCALE);
    mpq_canonicalize(out);
    if (k->big)
        mpq_add(out, out, k->hours_q[formation]);
}

enum { ST_ATTEINT, ST_NON_ATTEINT, ST_NON_SOUMIS };

/* What the aggregates need of one evaluated contract. */
typedef struct {
    int status;
    mpq_t obj, real;
} Result;

static void evaluate_and_print(FILE *out, const Contract *k, Result *res)
{
    mpq_t base, obj, cap, other, training, real, ecart, taux_q;
    mpq_inits(base, obj, cap, other, training, real, ecart, taux_q, NULL);
    int taux;
    long seuil;
    rule_resolve(k->fam, k->scope, k->notif, &taux, &seuil);
    if (k->has_ht) {
        mpq_set(base, k->ht);
    } else {
        mpq_set_ui(base, (unsigned long)FAM_SHARE_PCT[k->fam], 100UL * (unsigned long)FAM_COST[k->fam]);
        mpq_canonicalize(base);
        mpq_mul(base, base, k->montant);
    }
    mpq_set_ui(taux_q, (unsigned long)seuil, 1);
    bool soumis = mpq_cmp(k->montant, taux_q) >= 0;
    if (soumis) {
        mpq_set_ui(taux_q, (unsigned long)taux, 100);
        mpq_canonicalize(taux_q);
        mpq_mul(obj, taux_q, base);
        mpz_cdiv_q(mpq_numref(obj), mpq_numref(obj), mpq_denref(obj));
        mpz_set_ui(mpq_denref(obj), 1);
    }
    mpq_set_ui(cap, 1, TRAINING_CAP_DIVISOR);
    mpq_mul(cap, cap, obj);
    hours_total(k, 0, other);
    hours_total(k, 1, training);
    mpq_set(real, other);
    mpq_add(real, real, mpq_cmp(training, cap) < 0 ? training : cap);
    mpq_sub(ecart, real, obj);
    const char *statut = !soumis ? "non_soumis" : mpq_cmp(real, obj) >= 0 ? "atteint" : "non_atteint";

    put_text(out, k->id);
    fprintf(out, ";%s;%s;", FAM_NAME[k->fam], SCOPE_NAME[k->scope]);
    put_text(out, k->maitre);
    fprintf(out, ";%s;%d;%ld;", statut, taux, seuil);
    put_decimal(out, base);
    fputc(';', out);
    put_decimal(out, obj);
    fputc(';', out);
    put_decimal(out, real);
    fputc(';', out);
    put_decimal(out, ecart);
    fputc('\n', out);
    res->status = !soumis ? ST_NON_SOUMIS : mpq_cmp(real, obj) >= 0 ? ST_ATTEINT : ST_NON_ATTEINT;
    mpq_set(res->obj, obj);
    mpq_set(res->real, real);
    mpq_clears(base, obj, cap, other, training, real, ecart, taux_q, NULL);
}

/* ---------- --complet: aggregates, reasons, indicators (docs/evaluation.md §5, §6) ---------- */

#define SECRET_K 11

typedef struct {
    long marches, soumis, atteints;
    mpq_t obj, real;
} Agg;

static void agg_add(Agg *a, const Result *r)
{
    a->marches++;
    if (r->status == ST_NON_SOUMIS)
        return;
    a->soumis++;
    a->atteints += r->status == ST_ATTEINT;
    mpq_add(a->obj, a->obj, r->obj);
    mpq_add(a->real, a->real, r->real);
}

/* num ÷ den in percent; nothing when den is 0. */
static void put_percent(FILE *out, const mpq_t num, const mpq_t den)
{
    if (mpq_sgn(den) == 0)
        return;
    mpq_t q;
    mpq_init(q);
    mpq_div(q, num, den);
    mpz_mul_ui(mpq_numref(q), mpq_numref(q), 100);
    mpq_canonicalize(q);
    put_decimal(out, q);
    mpq_clear(q);
}

static void agg_print(const char *axis, const char *key, const Agg *a)
{
    printf("agregat;%s;", axis);
    put_text(stdout, key);
    printf(";%ld;%ld;%ld;", a->marches, a->soumis, a->atteints);
    put_decimal(stdout, a->obj);
    putchar(';');
    put_decimal(stdout, a->real);
    putchar(';');
    put_percent(stdout, a->real, a->obj);
    putchar('\n');
}

static void print_aggregates(const Ctx *x, const size_t *by_owner, const Result *res)
{
    Agg fam[N_FAM], scope[N_SCOPE], national, owner;
    Agg *all[] = {&national, &owner};
    for (int f = 0; f < N_FAM; f++)
        mpq_inits(fam[f].obj, fam[f].real, NULL);
    for (int s = 0; s < N_SCOPE; s++)
        mpq_inits(scope[s].obj, scope[s].real, NULL);
    for (size_t i = 0; i < 2; i++)
        mpq_inits(all[i]->obj, all[i]->real, NULL);
    for (int f = 0; f < N_FAM; f++)
        fam[f].marches = fam[f].soumis = fam[f].atteints = 0;
    for (int s = 0; s < N_SCOPE; s++)
        scope[s].marches = scope[s].soumis = scope[s].atteints = 0;
    national.marches = national.soumis = national.atteints = 0;
    for (size_t i = 0; i < x->nct; i++) {
        agg_add(&fam[x->ct[i].fam], &res[i]);
        agg_add(&national, &res[i]);
        for (int s = x->ct[i].scope; s >= 0; s = SCOPE_PARENT[s])
            agg_add(&scope[s], &res[i]);
    }
    puts("agregat;axe;cle;marches;soumis;atteints;heures_objectif;heures_realisees;taux_realisation");
    for (int f = 0; f < N_FAM; f++)
        if (fam[f].marches)
            agg_print("familles", FAM_NAME[f], &fam[f]);
    if (national.marches)
        agg_print("perimetres", "national", &national);
    static const int TREE[N_SCOPE] = {S_AMP, S_MARSEILLE, S_AIR_BEL, S_SAINT_BARTHELEMY, S_AIX, S_ENCAGNANE};
    for (int t = 0; t < N_SCOPE; t++)
        if (scope[TREE[t]].marches)
            agg_print("perimetres", SCOPE_NAME[TREE[t]], &scope[TREE[t]]);
    for (size_t i = 0; i < x->nct;) {
        const char *name = x->ct[by_owner[i]].maitre;
        owner.marches = owner.soumis = owner.atteints = 0;
        mpq_set_ui(owner.obj, 0, 1);
        mpq_set_ui(owner.real, 0, 1);
        for (; i < x->nct && strcmp(x->ct[by_owner[i]].maitre, name) == 0; i++)
            agg_add(&owner, &res[by_owner[i]]);
        agg_print("maitres_ouvrage", name, &owner);
    }
    for (int f = 0; f < N_FAM; f++)
        mpq_clears(fam[f].obj, fam[f].real, NULL);
    for (int s = 0; s < N_SCOPE; s++)
        mpq_clears(scope[s].obj, scope[s].real, NULL);
    for (size_t i = 0; i < 2; i++)
        mpq_clears(all[i]->obj, all[i]->real, NULL);
}

static void print_reasons(const Ctx *x)
{
    puts("non_comptees;table;motif;lignes");
    if (x->count[T_PARTICIPANTS].non_comptees)
        printf("non_comptees;participants;non_eligible;%ld\n", x->count[T_PARTICIPANTS].non_comptees);
    static const int BY_CODE[N_NC] = {NC_APRES_AU, NC_AVANT_ENTREE, NC_HORS_PERIODE, NC_NON_ELIGIBLE};
    for (int i = 0; i < N_NC; i++)
        if (x->nc_heures[BY_CODE[i]])
            printf("non_comptees;heures;%s;%ld\n", NC_CODE[BY_CODE[i]], x->nc_heures[BY_CODE[i]]);
}

static void put_count(long n, bool secret)
{
    if (secret)
        fputs("secret", stdout);
    else
        printf("%ld", n);
}

/* The AMP indicators: a count, two filtered shares, a count by public. */
static void print_indicators(const Ctx *x)
{
    long active = 0, female = 0, under26 = 0, pub[N_PUBLIC] = {0};
    for (size_t i = 0; i < x->npt; i++) {
        const Participant *p = &x->pt[i];
        if (!p->active)
            continue;
        active++;
        female += p->female;
        under26 += p->under26;
        for (int k = 0; k < N_PUBLIC; k++)
            pub[k] += p->pub[k];
    }
    bool total_secret = active < SECRET_K;
    printf("indicateurs;secret_statistique;%d\nindicateurs;participants;", SECRET_K);
    put_count(active, total_secret);
    fputs("\nindicateur;nombre_participants;", stdout);
    put_count(active, total_secret);
    putchar('\n');
    const char *share_id[2] = {"femmes", "moins_de_26_ans"};
    long share_n[2] = {female, under26};
    mpq_t num, den;
    mpq_inits(num, den, NULL);
    for (int i = 0; i < 2; i++) {
        printf("indicateur;%s;", share_id[i]);
        /* The complement is a cell too: the number of participants is printed. */
        if (share_n[i] < SECRET_K || active - share_n[i] < SECRET_K || total_secret) {
            fputs("secret", stdout);
        } else {
            mpq_set_si(num, share_n[i], 1);
            mpq_set_si(den, active, 1);
            put_percent(stdout, num, den);
        }
        putchar('\n');
    }
    mpq_clears(num, den, NULL);
    fputs("indicateur;publics;", stdout);
    put_count(active, total_secret);
    putchar('\n');
    bool secret[N_PUBLIC];
    int nsecret = 0;
    for (int k = 0; k < N_PUBLIC; k++) {
        secret[k] = total_secret || pub[k] < SECRET_K;
        nsecret += secret[k];
    }
    if (!total_secret && nsecret == 1) {
        int smallest = -1;
        for (int k = 0; k < N_PUBLIC; k++)
            if (!secret[k] && (smallest < 0 || pub[k] < pub[smallest]))
                smallest = k;
        if (smallest >= 0)
            secret[smallest] = true;
    }
    for (int k = 0; k < N_PUBLIC; k++) {
        printf("case;publics;%s;", PUBLIC_NAME[k]);
        put_count(pub[k], secret[k]);
        putchar('\n');
    }
}

static int by_owner(const void *a, const void *b, void *ct)
{
    const Contract *c = ct;
    int d = strcmp(c[*(const size_t *)a].maitre, c[*(const size_t *)b].maitre);
    return d ? d : (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static int by_id(const void *a, const void *b, void *ct)
{
    const Contract *c = ct;
    return strcmp(c[*(const size_t *)a].id, c[*(const size_t *)b].id);
}

static int by_file_line(const void *a, const void *b, void *ctx)
{
    const Ctx *x0 = ctx;
    const Rejection *x = a, *y = b;
    int c = strcmp(x0->file[x->table], x0->file[y->table]);
    if (c)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

static void usage(void)
{
    fputs("usage: amp-ref --donnees DIR --au YYYY-MM-DD [--complet]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    Ctx x;
    memset(&x, 0, sizeof x);
    const char *au = NULL;
    bool complete = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--donnees") == 0 && i + 1 < argc)
            x.dir = argv[++i];
        else if (strcmp(argv[i], "--au") == 0 && i + 1 < argc)
            au = argv[++i];
        else if (strcmp(argv[i], "--complet") == 0)
            complete = true;
        else
            usage();
    }
    if (!x.dir || !au)
        usage();
    if (!parse_date(au, strlen(au), &x.au))
        die("invalid --au date", au);
    x.au_month = month_index(x.au.y, x.au.m);
    mpq_init(x.q);

    for (int t = 0; t < N_TABLE; t++)
        read_table(&x, t);

    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    fputs("marche;famille;perimetre;maitre_ouvrage;statut;taux;seuil;heures_base;heures_objectif;"
          "heures_realisees;ecart\n",
          stdout);
    size_t *order = xmalloc(x.nct * sizeof *order);
    for (size_t i = 0; i < x.nct; i++)
        order[i] = i;
    if (x.nct)
        qsort_r(order, x.nct, sizeof *order, by_id, x.ct);
    Result *res = xmalloc((x.nct + 1) * sizeof *res);
    for (size_t i = 0; i < x.nct; i++) {
        mpq_inits(res[order[i]].obj, res[order[i]].real, NULL);
        evaluate_and_print(stdout, &x.ct[order[i]], &res[order[i]]);
    }
    fputs("lignes;table;lues;comptees;non_comptees;rejetees\n", stdout);
    for (int t = 0; t < N_TABLE; t++)
        printf("lignes;%s;%ld;%ld;%ld;%ld\n", TABLE_NAME[t], x.count[t].lues, x.count[t].comptees,
               x.count[t].non_comptees, x.count[t].rejetees);
    if (x.nrej)
        qsort_r(x.rej, x.nrej, sizeof *x.rej, by_file_line, &x);
    for (size_t i = 0; i < x.nrej; i++)
        printf("rejet;%s;%ld;%s\n", x.file[x.rej[i].table], x.rej[i].line, x.rej[i].reason);
    if (complete) {
        for (size_t i = 0; i < x.nct; i++)
            order[i] = i;
        if (x.nct)
            qsort_r(order, x.nct, sizeof *order, by_owner, x.ct);
        print_aggregates(&x, order, res);
        print_reasons(&x);
        print_indicators(&x);
    }
    if (fflush(stdout) != 0)
        die("cannot write the output", NULL);

    for (size_t i = 0; i < x.nct; i++) {
        mpq_clears(x.ct[i].montant, x.ct[i].ht, NULL);
        if (x.ct[i].big)
            mpq_clears(x.ct[i].hours_q[0], x.ct[i].hours_q[1], NULL);
    }
    for (size_t i = 0; i < x.nct; i++)
        mpq_clears(res[i].obj, res[i].real, NULL);
    free(res);
    free(x.pt);
    free(order);
    free(x.ct);
    free(x.rej);
    free(x.dec.dig);
    map_free(&x.contracts);
    map_free(&x.participants);
    arena_free(&x.texts);
    mpq_clear(x.q);
    return 0;
}
