/* tests/bench/amp-ref/input.c: errors and memory, dates, exact decimals, the buffered byte reader (UTF-8 or Windows-1252), CSV rows and header keys of the AMP oracle. */
#include "amp-ref.h"

void amp_die(const char *msg, const char *arg)
{
    fprintf(stderr, "amp-ref: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

void *amp_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        amp_die("out of memory", NULL);
    return p;
}

void *amp_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        amp_die("out of memory", NULL);
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

long amp_date_key(Date d)
{
    return (long)d.y * 10000 + d.m * 100 + d.d;
}

long amp_month_index(int y, int m)
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
bool amp_parse_date(const char *s, size_t n, Date *out)
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
bool amp_parse_month(const char *s, size_t n, long *out)
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
    *out = amp_month_index(y, m);
    return true;
}

/* Full years from birth to `at`; someone born on 29 February has their birthday on
 * 1 March in non-leap years. */
int amp_age_at(Date birth, Date at)
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

static void dec_push(Dec *d, char c)
{
    if (d->nd == 0 && c == '0')
        return; /* leading zero */
    if (d->nd + 2 > d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->dig = amp_xrealloc(d->dig, d->cap);
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

bool amp_dec_is_zero(const Dec *d)
{
    return d->nd == 0;
}

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
bool amp_parse_num_text(const char *s, size_t n, int unit, Dec *d)
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
bool amp_parse_num_json(const char *s, size_t n, Dec *d)
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

void amp_dec_to_mpq(const Dec *d, mpq_t q)
{
    if (amp_dec_is_zero(d)) {
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

/* The value × 10^6 as int64 when exact and in range (the fast path for hour lines). */
bool amp_dec_to_scaled(const Dec *d, int64_t *out)
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

void amp_rd_open(Reader *r, const char *path, bool cp1252)
{
    memset(r, 0, sizeof *r);
    r->fd = open(path, O_RDONLY);
    if (r->fd < 0)
        amp_die(strerror(errno), path);
    r->cp1252 = cp1252;
    r->first = true;
    r->raw = amp_xmalloc(CHUNK + 8);
    r->dec = cp1252 ? amp_xmalloc(3 * (size_t)CHUNK + 8) : NULL;
    r->line = 1;
}

void amp_rd_memory(Reader *r, const char *s, size_t n)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    r->eof = true;
    r->p = (const unsigned char *)s;
    r->end = r->p + n;
    r->line = 1;
}

void amp_rd_close(Reader *r)
{
    if (r->fd >= 0)
        close(r->fd);
    free(r->raw);
    free(r->dec);
    r->raw = r->dec = NULL;
}

bool amp_rd_refill(Reader *r)
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
            amp_die(strerror(errno), "read");
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

/* ====================================================================== */
/* Rows                                                                   */
/* ====================================================================== */

void amp_row_clear(Row *w)
{
    w->len = 0;
    w->nf = 0;
}

void amp_row_reserve(Row *w, size_t extra)
{
    if (w->len + extra + 1 > w->cap) {
        while (w->len + extra + 1 > w->cap)
            w->cap = w->cap ? w->cap * 2 : 4096;
        w->buf = amp_xrealloc(w->buf, w->cap);
    }
}

void amp_row_append(Row *w, const void *s, size_t n)
{
    amp_row_reserve(w, n);
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

void amp_row_new_field(Row *w)
{
    if (w->nf == w->fcap) {
        w->fcap = w->fcap ? w->fcap * 2 : 32;
        w->off = amp_xrealloc(w->off, w->fcap * sizeof *w->off);
        w->n = amp_xrealloc(w->n, w->fcap * sizeof *w->n);
        w->koff = amp_xrealloc(w->koff, w->fcap * sizeof *w->koff);
        w->kn = amp_xrealloc(w->kn, w->fcap * sizeof *w->kn);
        w->kind = amp_xrealloc(w->kind, w->fcap);
        w->quoted = amp_xrealloc(w->quoted, w->fcap);
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

void amp_row_free(Row *w)
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
bool amp_csv_read_row(Reader *r, int sep, Row *w, long *line, bool *unterminated)
{
    amp_row_clear(w);
    *unterminated = false;
    if (amp_rd_peek(r) < 0)
        return false;
    *line = r->line;
    for (;;) {
        amp_row_new_field(w);
        int c = amp_rd_peek(r);
        if (c == '"') {
            r->p++;
            w->quoted[w->nf - 1] = 1;
            for (;;) {
                c = amp_rd_get(r);
                if (c < 0) {
                    *unterminated = true;
                    break;
                }
                if (c == '"') {
                    if (amp_rd_peek(r) == '"') {
                        r->p++;
                        amp_row_put(w, '"');
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                    r->line++;
                else if (c == '\r') {
                    r->line++;
                    if (amp_rd_peek(r) == '\n') {
                        amp_row_put(w, '\r');
                        c = amp_rd_get(r);
                    }
                }
                amp_row_put(w, c);
            }
        }
        /* Unquoted text (or stray text after a closing quote, kept as is). */
        for (;;) {
            if (r->p == r->end && !amp_rd_refill(r))
                break;
            const unsigned char *q = r->p;
            while (q < r->end && *q != sep && *q != '\n' && *q != '\r')
                q++;
            amp_row_append(w, r->p, (size_t)(q - r->p));
            r->p = q;
            if (q < r->end)
                break;
        }
        row_end_field(w);
        c = amp_rd_get(r);
        if (c == sep)
            continue;
        if (c == '\r') {
            r->line++;
            if (amp_rd_peek(r) == '\n')
                r->p++;
        } else if (c == '\n') {
            r->line++;
        }
        return true;
    }
}

/* A line made only of spaces and separators is what spreadsheets write for an empty row. */
bool amp_row_is_blank(const Row *w)
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
size_t amp_header_key(const char *s, size_t n, char *out, size_t cap)
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
