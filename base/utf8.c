/* base/utf8.c: UTF-8 decoding and validation, NFC, and the accent/case-blind keys used to match names. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "gc.h"
#include "idmap.h"

#define UTF8_REPLACEMENT 0xFFFD

size_t utf8_decode(const char *s, size_t n, int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    *cp = UTF8_REPLACEMENT;
    if (n == 0)
        return 0;
    unsigned char c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0; /* continuation byte, C0/C1 overlong lead, or beyond U+10FFFF */
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0)
            return i;
        i += len;
    }
    return n;
}

/* The sum of per(cp) over the code points of s[0..n) (an invalid byte: one U+FFFD). */
static size_t utf8_sum(const char *s, size_t n, int (*per)(int32_t))
{
    size_t sum = 0, i = 0;
    while (i < n) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        i += len ? len : 1;
        sum += (size_t)per(cp);
    }
    return sum;
}

static int utf8_one(int32_t cp)
{
    (void)cp;
    return 1;
}

size_t utf8_count(const char *s, size_t n)
{
    return utf8_sum(s, n, utf8_one);
}

int utf8_columns(int32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return 1;
    return utf8proc_charwidth(cp);
}

size_t utf8_width(const char *s, size_t n)
{
    return utf8_sum(s, n, utf8_columns);
}

size_t utf8_encode(int32_t cp, char out[4])
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* utf8proc refuses the whole string on one bad byte; callers may hand us
** anything (fuzzed headers), so bad bytes become U+FFFD instead. Returns s
** itself when it is already valid. */
static const char *utf8_repair(const char *s, size_t n, size_t *out_len)
{
    size_t bad = utf8_invalid_at(s, n);
    if (bad == n) {
        *out_len = n;
        return s;
    }
    char *d = rt_alloc_atomic(n * 3 + 1);
    size_t o = 0, i = 0;
    while (i < n) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            o += utf8_encode(UTF8_REPLACEMENT, d + o);
            i++;
        } else {
            memcpy(d + o, s + i, len);
            o += len;
            i += len;
        }
    }
    d[o] = '\0';
    *out_len = o;
    return d;
}

/* Runs utf8proc_map and moves its malloc'ed result into GC memory. NULL when
** utf8proc fails (only on memory exhaustion once the input is repaired). */
static char *utf8_map(const char *s, size_t n, utf8proc_option_t options, size_t *out_len)
{
    size_t len;
    const char *valid = utf8_repair(s, n, &len);
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)valid, (utf8proc_ssize_t)len, &dst,
                                      options);
    if (r < 0) {
        free(dst);
        return NULL;
    }
    char *copy = rt_strndup((const char *)dst, (size_t)r);
    free(dst);
    *out_len = (size_t)r;
    return copy;
}

static bool is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

char *utf8_nfc(const char *s, size_t n)
{
    if (is_ascii(s, n))
        return rt_strndup(s, n);    /* ASCII is its own NFC: most names, without utf8proc */
    size_t len;
    char *r = utf8_map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE, &len);
    if (r)
        return r;
    size_t vlen;
    const char *valid = utf8_repair(s, n, &vlen);
    return rt_strndup(valid, vlen);
}

/* Characters that people use interchangeably inside a column name, or not at
** all: "Montant HT", "montant_ht" and "montant-ht" are one column. */
static bool utf8_key_ignored(int32_t cp)
{
    switch (cp) {
    case '_': case '-': case '\'': case 0x2019: case 0x2018: case 0x2010: case 0x2011:
    case '\t': case '\n': case '\r': case '\v': case '\f':
        return true;
    default:
        return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
    }
}

/* The key of an ASCII text without utf8proc: case folding is then A-Z to a-z, and
** nothing else of the mapping touches ASCII. Ids, families and most owners are
** ASCII, and the evaluator keys one per data row (tests/unit/test_utf8.c checks
** every ASCII byte against the general path). NULL when s is not all ASCII. */
static char *ascii_key(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!is_ascii(s, n))
        return NULL;
    char *key = rt_alloc_atomic(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = u[i];
        if (c == ' ' || c == '_' || c == '-' || c == '\'' || (c >= '\t' && c <= '\r'))
            continue;    /* utf8_key_ignored's ASCII */
        key[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    key[o] = '\0';
    return key;
}

char *utf8_key(const char *s, size_t n)
{
    char *ascii = ascii_key(s, n);
    if (ascii)
        return ascii;
    size_t len;
    const char *folded = utf8_map(s, n,
                            UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
                            &len);
    if (!folded)
        folded = utf8_repair(s, n, &len);
    /* Ligatures are spelt both ways in French exports ("œuvre"/"oeuvre");
    ** each grows by at most one byte, hence the factor 2. */
    char *key = rt_alloc_atomic(len * 2 + 1);
    size_t o = 0, i = 0;
    while (i < len) {
        int32_t cp;
        size_t l = utf8_decode(folded + i, len - i, &cp);
        if (l == 0)
            l = 1;
        if (cp == 0x0153) {
            key[o++] = 'o', key[o++] = 'e';
        } else if (cp == 0x00E6) {
            key[o++] = 'a', key[o++] = 'e';
        } else if (!utf8_key_ignored(cp)) {
            memcpy(key + o, folded + i, l);
            o += l;
        }
        i += l;
    }
    key[o] = '\0';
    return key;
}

struct Utf8Keys {
    IdMap texts;           /* text → index in keys */
    const char **keys;
    int nkeys;
};

Utf8Keys *utf8_keys_new(void) { return RT_NEW(Utf8Keys); }

const char *utf8_keys_get(Utf8Keys *memo, const char *s, size_t n)
{
    int k;
    if (idmap_get(&memo->texts, s, n, &k))
        return memo->keys[k];
    RT_GROW(memo->keys, memo->nkeys);
    memo->keys[memo->nkeys] = utf8_key(s, n);
    idmap_put(&memo->texts, s, n, memo->nkeys);
    return memo->keys[memo->nkeys++];
}

bool utf8_is_letter(int32_t cp)
{
    if (cp < 0 || cp > 0x10FFFF)
        return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return true;
    default:
        return false;
    }
}

#define MAX_CODEPOINTS 256

static int utf8_decode_all(const char *s, int32_t *out)
{
    size_t n = strlen(s), i = 0;
    int k = 0;
    while (i < n && k < MAX_CODEPOINTS) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        i += len ? len : 1;
        out[k++] = cp;
    }
    return k;
}

int utf8_edit_distance(const char *a, const char *b, int limit)
{
    int32_t ca[MAX_CODEPOINTS], cb[MAX_CODEPOINTS];
    int la = utf8_decode_all(a, ca), lb = utf8_decode_all(b, cb);
    if (la - lb > limit || lb - la > limit)
        return limit + 1;
    int prev[MAX_CODEPOINTS + 1], cur[MAX_CODEPOINTS + 1];
    for (int j = 0; j <= lb; j++)
        prev[j] = j;
    for (int i = 1; i <= la; i++) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (row_min > limit)
            return limit + 1;
        memcpy(prev, cur, sizeof(int) * (size_t)(lb + 1));
    }
    return prev[lb] > limit ? limit + 1 : prev[lb];
}
