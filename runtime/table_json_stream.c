/* runtime/table_json_stream.c: the streamed JSON reader: one row object at a time, in bounded memory, once the survey (table_json_survey.c) has found the file's columns. */
#include "table_json_stream_impl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "encoding.h"
#include "gc.h"
#include "utf8.h"

/*
** The file is read twice, a chunk at a time, by one hand tokenizer. The
** survey (first read) checks that the whole document is in the subset this
** reader takes: strict JSON with an array at the top, nesting within
** TABLE_MAX_JSON_DEPTH, valid UTF-8 and no NUL byte, no key twice in one
** object, no NUL in a key, keys within TABLE_MAX_FIELD_BYTES, at most
** TABLE_MAX_COLUMNS distinct keys in the row objects. It collects the columns
** (those keys, in order of first appearance), which the caller needs before
** the first row. The second read gives the rows, one element of the top-level
** array at a time; its memory is a chunk and one row, whatever the file. The
** survey sums each region between two cuts by CRC-32 and the rows check the
** bytes they read against it (table_json_crc.c): a file changed between the
** two reads is found by its bytes, and the template rows of a region found
** unchanged are read by their delimiters, without the grammar.
**
** Every valid table file is in the subset. One outside it is malformed (or
** over a limit): table_json.c then reads it whole, as it always did, so that
** each message stays the one the whole-document reader words (jansson's, at
** its position). Past TABLE_MAX_JSON_BYTES, which that reader refuses, the
** survey words the problem itself (table_json_stream_refuse).
*/

/* Bytes read at a time. A token may span chunks: only escapes and UTF-8
** sequences need a few bytes of look-ahead. */
#define TABLE_JSON_CHUNK    (256 * 1024)
/* The keys of the nested objects open at once (for duplicate keys), in bytes. */
#define TABLE_JSON_MAX_NESTED_KEYS (16 * 1024 * 1024)

typedef enum { TABLE_JSON_STRING, TABLE_JSON_NUMBER, TABLE_JSON_TRUE, TABLE_JSON_FALSE, TABLE_JSON_NULL } TableJsonScalar;


/* ---- input ------------------------------------------------------------------------------ */

/* More bytes at buf[len]; the bytes not read yet move to buf[0]. false at the end or on an error. */
static bool table_json_fill(TableJsonStream *s)
{
    if (s->eof)
        return false;
    if (s->pos > 0) {
        if (!s->rows && s->cuts)
            table_json_crc_sum(&s->crc, s->buf, s->base, s->base + (long long)s->pos);
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->base += (long long)s->pos;
        s->len -= s->pos;
        s->pos = 0;
    }
    size_t got;
    if (s->fp) {
        got = fread(s->buf + s->len, 1, s->cap - s->len, s->fp);
        if (got == 0 && ferror(s->fp))
            s->read_errno = errno ? errno : EIO;
    } else {
        size_t want = s->cap - s->len;
        long long left = s->limit - (s->base + (long long)s->len);
        if (left < (long long)want)
            want = left > 0 ? (size_t)left : 0;
        ssize_t n = 0;
        while (want > 0 && (n = pread(s->fd, s->buf + s->len, want, (off_t)(s->base + (long long)s->len))) < 0
               && errno == EINTR)
            continue;
        if (n < 0)
            s->read_errno = errno ? errno : EIO;
        got = n > 0 ? (size_t)n : 0;
    }
    if (got == 0) {
        s->eof = true;
        return false;
    }
    if (s->rows && s->cuts)
        table_json_crc_check(&s->crc, s->cuts, s->buf + s->len, got);
    s->len += got;
    return true;
}

/* At least n bytes at buf[pos], when the file still has them. */
static bool table_json_have(TableJsonStream *s, size_t n)
{
    while (s->len - s->pos < n)
        if (!table_json_fill(s))
            return false;
    return true;
}


/* The first reason is kept: in the survey, why the file goes to the whole
** reader (or, when too big for it, the message); in the rows, C0850. */
static bool table_json_fail(TableJsonStream *s, const char *code, Say why)
{
    if (!s->failed) {
        s->failed = true;
        s->fail_at = table_json_stream_offset(s);
        s->fail_code = code;
        s->fail = why;
    }
    return false;
}

static bool table_json_syntax(TableJsonStream *s, const char *fr, const char *en)
{
    return table_json_fail(s, "C0807", say(rt_sprintf("JSON invalide : %s", fr), rt_sprintf("invalid JSON: %s", en)));
}

static bool table_json_unexpected(TableJsonStream *s)
{
    if (s->pos >= s->len)
        return table_json_syntax(s, "fin de fichier inattendue", "unexpected end of file");
    if (s->buf[s->pos] == '\0')
        return table_json_fail(s, "C0804", say("octet nul : ce n'est pas un fichier texte", "NUL byte: not a text file"));
    return table_json_syntax(s, "caractère inattendu", "unexpected character");
}

/* table_json_peek's way through white space and chunk ends. */
static int table_json_peek_slow(TableJsonStream *s)
{
    for (;;) {
        const char *b = s->buf;
        size_t i = s->pos, n = s->len;
        while (i < n) {
            char c = b[i];
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '\n') {
                if (!s->prev_cr)
                    s->line++;
                s->prev_cr = false;
                i++;
            } else if (c == '\r') {
                s->line++;
                s->prev_cr = true;
                i++;
            } else {
                s->prev_cr = false;
                s->pos = i;
                return (unsigned char)c;
            }
        }
        s->pos = i;
        if (!table_json_fill(s))
            return -1;
    }
}

/* Skips white space, counting lines as table_count_byte does; the next byte,
** or -1 at the end. Most tokens follow another directly, or after one space
** or one line feed. */
static inline int table_json_peek(TableJsonStream *s)
{
    /* prev_cr is already false here: the slow way clears it at every byte
    ** that is not white space, and only white space comes before. */
    size_t i = s->pos;
    if (i + 1 < s->len) {
        unsigned char c = (unsigned char)s->buf[i];
        if (c > ' ')
            return c;
        unsigned char d = (unsigned char)s->buf[i + 1];
        if (c == ' ' && d > ' ') {
            s->pos = i + 1;
            return d;
        }
        /* one row a line: ",\n{" (a LF not after a CR ends a line) */
        if (c == '\n' && d > ' ') {
            s->line++;
            s->pos = i + 1;
            return d;
        }
    }
    return table_json_peek_slow(s);
}

/* The next non-blank byte must be c: taken. */
static bool table_json_take(TableJsonStream *s, char c)
{
    if (table_json_peek(s) != (unsigned char)c)
        return table_json_unexpected(s);
    s->pos++;
    return true;
}

/* ---- tokens ------------------------------------------------------------------------------ */

static void table_json_keep(TableJsonStream *s, const char *p, size_t n)
{
    s->text_full += n;
    size_t room = TABLE_MAX_FIELD_BYTES + 1 - s->text_len;
    if (n > room)
        n = room;
    memcpy(s->text + s->text_len, p, n);
    s->text_len += n;
}

static int32_t table_json_hex4(const char *p)
{
    int32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A \u escape at buf[pos] (a surrogate pair is two of them), decoded; false on a bad one. */
static bool table_json_unicode(TableJsonStream *s, int32_t *cp, size_t *used)
{
    const char *p = s->buf + s->pos;
    size_t avail = s->len - s->pos;
    *cp = avail >= 6 ? table_json_hex4(p + 2) : -1;
    *used = 6;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF)
        return false;
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
        int32_t low = avail >= 12 && p[6] == '\\' && p[7] == 'u' ? table_json_hex4(p + 8) : -1;
        if (low < 0xDC00 || low > 0xDFFF)
            return false;
        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (low - 0xDC00);
        *used = 12;
    }
    return *cp >= 0;
}

/* An escape at buf[pos]: decoded into the text. */
static bool table_json_escape(TableJsonStream *s, bool keep)
{
    table_json_have(s, 12);
    if (s->len - s->pos < 2)
        return table_json_syntax(s, "texte non terminé", "unterminated string");
    char out[4];
    size_t olen = 1, used = 2;
    switch (s->buf[s->pos + 1]) {
    case '"': out[0] = '"'; break;
    case '\\': out[0] = '\\'; break;
    case '/': out[0] = '/'; break;
    case 'b': out[0] = '\b'; break;
    case 'f': out[0] = '\f'; break;
    case 'n': out[0] = '\n'; break;
    case 'r': out[0] = '\r'; break;
    case 't': out[0] = '\t'; break;
    case 'u': {
        int32_t cp;
        if (!table_json_unicode(s, &cp, &used))
            return table_json_syntax(s, "échappement \\u invalide", "invalid \\u escape");
        if (cp == 0)
            s->text_nul = true;
        olen = utf8_encode(cp, out);
        break;
    }
    default:
        return table_json_syntax(s, "échappement invalide", "invalid escape");
    }
    s->pos += used;
    if (keep)
        table_json_keep(s, out, olen);
    else
        s->text_full += olen;
    return true;
}

/* A UTF-8 sequence at buf[pos], checked as the whole-file check would (utf8_decode). */
static bool table_json_utf8(TableJsonStream *s, bool keep)
{
    table_json_have(s, 4);
    size_t avail = s->len - s->pos;
    int32_t cp;
    size_t n = utf8_decode(s->buf + s->pos, avail < 4 ? avail : 4, &cp);
    if (n == 0)
        return table_json_fail(s, "C0804", say("octet non UTF-8 : un fichier JSON doit être en UTF-8",
                                               "non-UTF-8 byte: a JSON file must be UTF-8"));
    if (keep)
        table_json_keep(s, s->buf + s->pos, n);
    else
        s->text_full += n;
    s->pos += n;
    return true;
}

#if defined(__SSE2__)
/* One bit for each of the sixteen bytes at p that ends a run of plain bytes (table_json_plain_run_to). */
static inline __attribute__((always_inline)) unsigned table_json_special_bits(const unsigned char *p, bool stop_at_space)
{
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(stop_at_space ? ' ' + 1 : ' ');
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* a signed compare: bytes from 0x80 are below the space too */
    __m128i special = _mm_or_si128(_mm_cmplt_epi8(x, space),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
    return (unsigned)_mm_movemask_epi8(special);
}

/* One bit for each of the sixteen bytes at p that is a quote or a space. */
static inline __attribute__((always_inline)) unsigned table_json_quote_space_bits(const unsigned char *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8(' '))));
}
#endif

/* The end of the run of plain bytes (not '"', '\\', a control or non-ASCII
** byte, nor a space when stop_at_space, a constant in each caller) from buf[i]. */
static inline __attribute__((always_inline)) size_t table_json_plain_run_to(const TableJsonStream *s, size_t i,
                                                                            bool stop_at_space)
{
    const unsigned char *b = (const unsigned char *)s->buf;
    size_t n = s->len;
#if defined(__SSE2__)
    while (i + 16 <= n) {
        unsigned bits = table_json_special_bits(b + i, stop_at_space);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#endif
    while (i < n && s->plain[b[i]] && !(stop_at_space && b[i] == ' '))
        i++;
    return i;
}

static inline size_t table_json_plain_run(const TableJsonStream *s, size_t i)
{
    return table_json_plain_run_to(s, i, false);
}

/* A string from its opening quote at buf[pos]; its decoded text kept when asked (keys, cells). */
static bool table_json_string(TableJsonStream *s, bool keep)
{
    s->pos++;
    s->text = s->row + s->row_len;
    s->text_len = s->text_full = 0;
    s->text_nul = false;
    for (;;) {
        const unsigned char *b = (const unsigned char *)s->buf;
        size_t i = table_json_plain_run(s, s->pos), n = s->len;
        if (keep)
            table_json_keep(s, s->buf + s->pos, i - s->pos);
        else
            s->text_full += i - s->pos;
        s->pos = i;
        if (i == n) {
            if (!table_json_fill(s))
                return table_json_syntax(s, "texte non terminé", "unterminated string");
            continue;
        }
        unsigned char c = b[i];
        if (c == '"') {
            s->pos++;
            return true;
        }
        if (c == '\\') {
            if (!table_json_escape(s, keep))
                return false;
        } else if (c >= 0x80) {
            if (!table_json_utf8(s, keep))
                return false;
        } else if (c == 0) {
            return table_json_fail(s, "C0804", say("octet nul : ce n'est pas un fichier texte", "NUL byte: not a text file"));
        } else {
            return table_json_syntax(s, "caractère de contrôle dans un texte", "control character in a string");
        }
    }
}


/* JSON's number grammar, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, a byte at a time (-1: not a number). */
static int table_json_number_step(int st, char c)
{
    bool digit = c >= '0' && c <= '9', exp = c == 'e' || c == 'E';
    switch (st) {
    case 0: return c == '-' ? 1 : c == '0' ? 2 : digit ? 3 : -1;
    case 1: return c == '0' ? 2 : digit ? 3 : -1;
    case 2: return c == '.' ? 4 : exp ? 6 : -1;
    case 3: return digit ? 3 : c == '.' ? 4 : exp ? 6 : -1;
    case 4: return digit ? 5 : -1;
    case 5: return digit ? 5 : exp ? 6 : -1;
    case 6: return c == '+' || c == '-' ? 7 : digit ? 8 : -1;
    case 7: return digit ? 8 : -1;
    case 8: return digit ? 8 : -1;
    default: return -1;
    }
}

/* A number: the whole run of number characters, as the pre-scan of the whole reader takes it, kept as written. */
static bool table_json_number(TableJsonStream *s, bool keep)
{
    s->text = s->row + s->row_len;
    s->text_len = s->text_full = 0;
    s->text_nul = false;
    int st = 0;
    for (;;) {
        size_t i = s->pos, n = s->len;
        while (i < n && s->number[(unsigned char)s->buf[i]]) {
            st = s->number_next[st][(unsigned char)s->buf[i]];
            i++;
        }
        if (keep)
            table_json_keep(s, s->buf + s->pos, i - s->pos);
        else
            s->text_full += i - s->pos;
        s->pos = i;
        if (i < n || !table_json_fill(s))
            break;
    }
    if (st != 2 && st != 3 && st != 5 && st != 8)
        return table_json_syntax(s, "nombre invalide", "invalid number");
    return true;
}

/* A scalar value at buf[pos], whose first byte is c (white space skipped). */
static bool table_json_scalar(TableJsonStream *s, int c, bool keep, TableJsonScalar *kind)
{
    if (c == '"') {
        *kind = TABLE_JSON_STRING;
        return table_json_string(s, keep);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        *kind = TABLE_JSON_NUMBER;
        return table_json_number(s, keep);
    }
    table_json_have(s, 5);
    const char *p = s->buf + s->pos;
    size_t avail = s->len - s->pos;
    if (avail >= 4 && memcmp(p, "true", 4) == 0) {
        *kind = TABLE_JSON_TRUE;
        s->pos += 4;
    } else if (avail >= 5 && memcmp(p, "false", 5) == 0) {
        *kind = TABLE_JSON_FALSE;
        s->pos += 5;
    } else if (avail >= 4 && memcmp(p, "null", 4) == 0) {
        *kind = TABLE_JSON_NULL;
        s->pos += 4;
    } else {
        return table_json_unexpected(s);
    }
    return true;
}

/* ---- nested values ------------------------------------------------------------------------ */

/* A key of a nested object: kept while its object is open, for duplicates. */
static bool table_json_nested_key(TableJsonStream *s)
{
    if (table_json_peek(s) != '"')
        return table_json_unexpected(s);
    if (!table_json_string(s, true))
        return false;
    if (s->text_nul || s->text_full > TABLE_MAX_FIELD_BYTES)
        return table_json_syntax(s, "clé avec un caractère nul ou trop longue", "key with a NUL character or too long");
    if (s->rows)
        return table_json_take(s, ':');
    if (s->keys_len + s->text_len > TABLE_JSON_MAX_NESTED_KEYS)
        return table_json_fail(s, "C0808", say("trop de clés dans les objets imbriqués", "too many keys in nested objects"));
    RT_GROW_ATOMIC(s->keys, s->keys_len + s->text_len);
    memcpy(s->keys + s->keys_len, s->text, s->text_len);
    RT_GROW_ATOMIC(s->key_off, s->nkeys);
    RT_GROW_ATOMIC(s->key_len, s->nkeys);
    s->key_off[s->nkeys] = s->keys_len;
    s->key_len[s->nkeys] = s->text_len;
    s->keys_len += s->text_len;
    s->nkeys++;
    return table_json_take(s, ':');
}

typedef struct {
    const char *p;
    size_t len;
} TableJsonKey;

static int table_json_key_cmp(const void *a, const void *b)
{
    const TableJsonKey *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* A nested object closes: no key twice in it (the survey); its keys are dropped. */
static bool table_json_close_object(TableJsonStream *s, int depth)
{
    size_t first = s->obj_first[depth], n = s->nkeys - first;
    bool dup = false;
    if (!s->rows && n > 1) {
        TableJsonKey *k = rt_alloc_atomic(n * sizeof *k);
        for (size_t i = 0; i < n; i++)
            k[i] = (TableJsonKey){ s->keys + s->key_off[first + i], s->key_len[first + i] };
        qsort(k, n, sizeof *k, table_json_key_cmp);
        for (size_t i = 1; i < n && !dup; i++)
            dup = table_json_key_cmp(&k[i - 1], &k[i]) == 0;
    }
    if (first < s->nkeys)
        s->keys_len = s->key_off[first];
    s->nkeys = first;
    if (dup)
        return table_json_syntax(s, "clé en double dans un même objet", "duplicate object key");
    return true;
}

/* A whole value inside `depth` open containers, checked and not kept. */
static bool table_json_skip_value(TableJsonStream *s, int depth)
{
    char open[TABLE_MAX_JSON_DEPTH + 1];
    int top = 0;
    bool want_value = true;
    for (;;) {
        if (want_value) {
            int c = table_json_peek(s);
            if (c == '[' || c == '{') {
                if (depth + top + 1 > TABLE_MAX_JSON_DEPTH)
                    return table_json_syntax(s, "trop imbriqué", "nested too deeply");
                s->pos++;
                open[top++] = (char)c;
                s->obj_first[depth + top] = s->nkeys;
                int next = table_json_peek(s);
                if (next == (c == '[' ? ']' : '}')) {
                    s->pos++;
                    if (c == '{' && !table_json_close_object(s, depth + top))
                        return false;
                    top--;
                    want_value = false;
                } else if (c == '{' && !table_json_nested_key(s)) {
                    return false;
                }
                continue;
            }
            TableJsonScalar kind;
            if (!table_json_scalar(s, c, false, &kind))
                return false;
            want_value = false;
        }
        if (top == 0)
            return true;
        int c = table_json_peek(s);
        bool object = open[top - 1] == '{';
        if (c == ',') {
            s->pos++;
            if (object && !table_json_nested_key(s))
                return false;
            want_value = true;
        } else if (c == (object ? '}' : ']')) {
            s->pos++;
            if (object && !table_json_close_object(s, depth + top))
                return false;
            top--;
        } else {
            return table_json_unexpected(s);
        }
    }
}

/* ---- columns ------------------------------------------------------------------------------ */

static size_t table_json_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

/* The column named key[0..n), trying `guess` first (rows repeat their keys
** in one order); a new column when add; -1 when there is none. */
int table_json_stream_column_named(TableJsonStream *s, const char *key, size_t n, int guess, bool add)
{
    if (guess < s->ncols && s->col_len[guess] == n && memcmp(s->cols[guess], key, n) == 0)
        return guess;
    size_t at = table_json_hash(key, n) & (TABLE_JSON_SLOTS - 1);
    for (; s->slot[at]; at = (at + 1) & (TABLE_JSON_SLOTS - 1)) {
        int c = s->slot[at] - 1;
        if (s->col_len[c] == n && memcmp(s->cols[c], key, n) == 0)
            return c;
    }
    if (!add)
        return -1;
    if (s->ncols == TABLE_MAX_COLUMNS) {
        table_json_fail(s, "C0808", say(rt_sprintf("plus de %d colonnes (clés différentes)", TABLE_MAX_COLUMNS),
                                        rt_sprintf("more than %d columns (distinct keys)", TABLE_MAX_COLUMNS)));
        return -1;
    }
    int c = s->ncols++;
    s->cols[c] = rt_strndup(key, n);
    s->col_len[c] = n;
    s->col_raw[c] = true;
    char *quoted = rt_alloc_atomic(n + 3);
    quoted[0] = '"';
    memcpy(quoted + 1, key, n);
    quoted[n + 1] = '"';
    s->col_quoted[c] = quoted;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)key[i] < 0x20 || key[i] == '"' || key[i] == '\\')
            s->col_raw[c] = false;
    s->slot[at] = (short)(c + 1);
    return c;
}

/* The column of the key in the text; a new column in the survey. */
static int table_json_column(TableJsonStream *s, int guess)
{
    return table_json_stream_column_named(s, s->text, s->text_len, guess, !s->rows);
}

/* ---- rows ---------------------------------------------------------------------------------- */

/* A cell of the row, as the whole reader stores it (table_json.c,
** table_json_cell), but in place: the row's cells point into s->row. */
static void table_json_stream_cell(TableReader *r, TableJsonStream *s, int col, TableJsonScalar kind)
{
    switch (kind) {
    case TABLE_JSON_STRING:
        if (s->text_nul) {
            table_json_nul_cell(r, col, s->cols[col]);
            return;
        }
        /* fall through */
    case TABLE_JSON_NUMBER:
        if (table_cell_fits(r, col, s->text_full)) {
            s->text[s->text_len] = '\0';
            r->cells[col] = (TableCell){ s->text, s->text_len };
            s->row_len += s->text_len + 1;
        }
        return;
    case TABLE_JSON_TRUE:
        r->cells[col] = (TableCell){ "true", 4 };
        return;
    case TABLE_JSON_FALSE:
        r->cells[col] = (TableCell){ "false", 5 };
        return;
    case TABLE_JSON_NULL:
        return;
    }
}

/* a[0..n) == b[0..n), for short n (a key): words, no call to memcmp. */
static inline bool table_json_same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    if (n < 8) {
        uint32_t u, v;
        if (n < 4)
            return memcmp(a, b, n) == 0;
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        if (u != v)
            return false;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return u == v;
    }
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return false;
    }
    memcpy(&x, a + n - 8, 8); /* the last word, overlapping the one before */
    memcpy(&y, b + n - 8, 8);
    return x == y;
}

/* The key at buf[pos] written exactly as column `guess` (no escape in
** either): taken without decoding. Rows repeat their keys in one order. */
static bool table_json_same_key(TableJsonStream *s, int guess)
{
    if (guess >= s->ncols || !s->col_raw[guess])
        return false;
    size_t n = s->col_len[guess];
    if (s->len - s->pos < n + 2 && !table_json_have(s, n + 2))
        return false;
    if (!table_json_same_bytes(s->buf + s->pos, s->col_quoted[guess], n + 2))
        return false;
    s->pos += n + 2;
    return true;
}

/* An object of the top-level array from its '{': its keys are columns; in the rows, its cells. */
static bool table_json_row_object(TableJsonStream *s, TableReader *r)
{
    s->pos++;
    if (table_json_peek(s) == '}') {
        s->pos++;
        return true;
    }
    int col = -1;
    for (;;) {
        if (table_json_peek(s) != '"')
            return table_json_unexpected(s);
        if (table_json_same_key(s, col + 1)) {
            col++;
        } else {
            if (!table_json_string(s, true))
                return false;
            if (s->text_nul || s->text_full > TABLE_MAX_FIELD_BYTES)
                return table_json_syntax(s, "clé avec un caractère nul ou trop longue",
                                         "key with a NUL character or too long");
            col = table_json_column(s, col + 1);
            if (col < 0)
                return table_json_fail(s, "C0850", SAY_NONE);
        }
        if (s->col_seen[col] == s->elem && !s->rows)
            return table_json_syntax(s, "clé en double dans un même objet", "duplicate object key");
        s->col_seen[col] = s->elem;
        if (s->pos < s->len && s->buf[s->pos] == ':')
            s->pos++;
        else if (!table_json_take(s, ':'))
            return false;
        int c = table_json_peek(s);
        if (c == '{' || c == '[') {
            if (!table_json_skip_value(s, 2))
                return false;
            if (s->rows)
                table_json_nested_cell(r, col, s->cols[col]);
        } else {
            TableJsonScalar kind;
            if (!table_json_scalar(s, c, s->rows, &kind))
                return false;
            if (s->rows)
                table_json_stream_cell(r, s, col, kind);
        }
        c = table_json_peek(s);
        if (c != ',' && c != '}')
            return table_json_unexpected(s);
        s->pos++;
        if (c == '}')
            return true;
    }
}


static inline bool table_json_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number of the fast paths at p, read by JSON's grammar directly: the run
** of number characters must end where it does, so this is what
** the slow reader takes, without two table loads a byte. Bytes up
** to end + 2 are readable. Its end, or NULL when not a number. */
static inline const char *table_json_number_fast(const TableJsonStream *s, const char *p, const char *end)
{
    const char *q = p + (*p == '-');
    if (*q == '0') {
        q++;
    } else if (*q >= '1' && *q <= '9') {
        for (q++; q < end && table_json_digit(*q); q++)
            continue;
    } else {
        return NULL;
    }
    if (*q == '.') {
        if (!table_json_digit(*++q))
            return NULL;
        for (q++; q < end && table_json_digit(*q); q++)
            continue;
    }
    if (*q == 'e' || *q == 'E') {
        q++;
        q += *q == '+' || *q == '-';
        if (!table_json_digit(*q))
            return NULL;
        for (q++; q < end && table_json_digit(*q); q++)
            continue;
    }
    return s->number[(unsigned char)*q] ? NULL : q;
}

/* A value's len bytes at v copied to the row at out, a short one by one
** sixteen-byte move without a call: the fast paths leave at least
** TABLE_JSON_FAST_MARGIN bytes after a value in the buffer, and the row
** has TABLE_MAX_FIELD_BYTES + 8 bytes of room after its limit. */
static inline void table_json_copy_value(char *out, const char *v, size_t len)
{
#if defined(__SSE2__)
    _Static_assert(TABLE_JSON_FAST_MARGIN >= 16 && TABLE_MAX_FIELD_BYTES + 8 >= 16, "a short value is moved by 16 bytes");
    if (len < 16) {
        _mm_storeu_si128((__m128i *)(void *)out, _mm_loadu_si128((const __m128i *)(const void *)v));
        return;
    }
#endif
    memcpy(out, v, len);
}

/* table_json_plain_run_to from v for the fast paths, which stop before end
** (TABLE_JSON_FAST_MARGIN bytes before the buffer's end): a sixteen-byte
** load needs no test of its own, and a run that passes end is given up
** there (end returned), as the callers give up a run that ends past it. */
static inline __attribute__((always_inline)) const char *table_json_fast_run(const TableJsonStream *s, const char *v,
                                                                             const char *end, bool stop_at_space,
                                                                             bool trusted)
{
#if defined(__SSE2__)
    _Static_assert(TABLE_JSON_FAST_MARGIN >= 16, "a run's load before end is inside the buffer");
    for (; v < end; v += 16) {
        /* trusted (the survey saw a plain string here): only its quote and spaces end it */
        unsigned bits = trusted ? table_json_quote_space_bits((const unsigned char *)v)
                                : table_json_special_bits((const unsigned char *)v, stop_at_space);
        if (bits)
            return v + __builtin_ctz(bits);
    }
    return end;
#else
    return s->buf + table_json_plain_run_to(s, (size_t)(v - s->buf), stop_at_space);
#endif
}

/* A value of the fast paths at p: a plain ASCII string, a number or a word,
** well inside the chunk (before end); its cell kept in the rows (copied to
** *out), within the limits (*row_bytes) when `limits` (a constant in each
** caller: the template's rows are within them by their end). A string
** holding a space sets *spaced when spaced is not NULL (a constant in each
** caller). Its end, or NULL to give up. */
static inline __attribute__((always_inline)) const char *table_json_fast_value(TableJsonStream *s, TableReader *r, bool rows, bool limits,
                                                int col, const char *p, const char *end, char **out, size_t *row_bytes,
                                                bool *spaced)
{
    const char *v = p, *v_end;
    char c = *p;
    if (c == '"') {
        v = p + 1;
        /* with spaced, the run stops at a space too: the rest read as usual */
        v_end = table_json_fast_run(s, v, end, spaced != NULL, false);
        if (v_end >= end || *v_end != '"') {
            if (!spaced || v_end >= end || *v_end != ' ')
                return NULL;
            *spaced = true;
            v_end = table_json_fast_run(s, v_end, end, false, false);
            if (v_end >= end || *v_end != '"')
                return NULL;
        }
        p = v_end + 1;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        v_end = table_json_number_fast(s, p, end);
        if (!v_end || v_end >= end)
            return NULL;
        p = v_end;
    } else if (p + 5 >= end) {
        return NULL;   /* every value ends before end, as strings and numbers do */
    } else if (memcmp(p, "true", 4) == 0 || memcmp(p, "null", 4) == 0) {
        v_end = p = p + 4;
    } else if (memcmp(p, "false", 5) == 0) {
        v_end = p = p + 5;
    } else {
        return NULL;
    }
    size_t len = (size_t)(v_end - v);
    if (c == '"' || c == '-' || (c >= '0' && c <= '9')) {
        if (limits) {
            *row_bytes += len + 1;
            if (len > TABLE_MAX_FIELD_BYTES || *row_bytes > TABLE_MAX_ROW_BYTES)
                return NULL;
        }
        if (rows) {
            table_json_copy_value(*out, v, len);
            (*out)[len] = '\0';
            r->cells[col] = (TableCell){ *out, len };
            *out += len + 1;
        }
    } else if (rows) {
        /* null: no cell (the template's rows have their cells set by it alone) */
        r->cells[col] = c == 't' ? (TableCell){ "true", 4 } : c == 'f' ? (TableCell){ "false", 5 } : (TableCell){ NULL, 0 };
    }
    return p;
}

/* A value of a trusted template row at p (table_json_crc.c): the survey read
** it by the template in these very bytes, so a string ends at its quote (a
** space before it sets *spaced), a number where its run of number bytes
** does, a word is known by its first byte: no grammar. Its cell points into
** the buffer, NUL-terminated there (the byte after it, a quote or the next
** literal's first, is read no more unless the row gives up:
** table_json_trusted_give_up). Its end, or NULL past end, where the other
** paths give up too. */
static inline __attribute__((always_inline)) const char *table_json_trusted_value(const TableJsonStream *s, char *buf,
                                                                                  TableCell *cells, int col,
                                                                                  const char *p, const char *end,
                                                                                  bool *spaced)
{
    const char *v = p, *v_end;
    char c = *p;
    if (c == '"') {
        v = p + 1;
        v_end = table_json_fast_run(s, v, end, true, true);
        if (v_end < end && *v_end == ' ') {
            *spaced = true;
            v_end = table_json_fast_run(s, v_end, end, false, false);
        }
        if (v_end >= end)
            return NULL;
        p = v_end + 1;
    } else if (c == 't' || c == 'f' || c == 'n') {
        if (p + 5 >= end)
            return NULL;
        cells[col] = c == 't' ? (TableCell){ "true", 4 } : c == 'f' ? (TableCell){ "false", 5 } : (TableCell){ NULL, 0 };
        return p + (c == 'f' ? 5 : 4);
    } else {
        for (v_end = p + 1; v_end < end && s->number[(unsigned char)*v_end]; v_end++)
            continue;
        if (v_end >= end)
            return NULL;
        p = v_end;
    }
    buf[v_end - buf] = '\0';
    cells[col] = (TableCell){ v, (size_t)(v_end - v) };
    return p;
}

/* The fast paths gave up: the row's cells read so far (up to col) are forgotten. */
static bool table_json_fast_give_up(TableJsonStream *s, TableReader *r, int col)
{
    if (s->rows)
        for (int i = 0; i <= col; i++)
            r->cells[i] = (TableCell){ NULL, 0 };
    return false;
}

/* A trusted template row gave up at its value k: the bytes its cells'
** NULs replaced are put back (a string's closing quote, after a number the
** next literal's first byte), then the cells are forgotten. */
static bool table_json_trusted_give_up(TableJsonStream *s, TableReader *r, int k)
{
    for (int i = 0; i < k; i++) {
        const char *v = r->cells[i].text;
        if (v && v >= s->buf && v < s->buf + s->len)
            s->buf[v + r->cells[i].len - s->buf] = v[-1] == '"' ? '"' : (char)s->tpl.lit[i + 1].bytes[0];
    }
    return table_json_fast_give_up(s, r, k);
}

/* The bytes around the values of a row that the fast path read, kept as the
** stream's template (table_json_row_template): rows written by one program
** repeat them. */
static void table_json_learn(TableJsonStream *s, const char *row, const char *const *tok, int ntok, const char *stop)
{
    TableJsonTemplate *t = &s->tpl;
    const char *from = row;
    for (int k = 0; k <= ntok; k++) {
        const char *to = k < ntok ? tok[2 * k] : stop;
        size_t n = (size_t)(to - from);
        if (n > TABLE_JSON_LITERAL_MAX) {
            t->n = -1;
            return;
        }
        TableJsonLiteral *l = &t->lit[k];
        memset(l->bytes, 0, sizeof l->bytes);
        memcpy(l->bytes, from, n);
        l->len = (uint32_t)n;
        l->mask = n == 32 ? UINT32_MAX : (UINT32_C(1) << n) - 1;
        if (k < ntok)
            from = tok[2 * k + 1];
    }
    t->n = ntok;
}

/*
** The commonest row object, with every pointer in registers: keys in the
** columns' order and written as they are, one space at most between tokens,
** values that are plain ASCII strings, numbers or words, all well inside the
** chunk. Anything else (an escape, a byte from 0x80, a line end, a nested
** value, a limit, the chunk's end near) and it gives up with nothing
** consumed: table_json_row_object reads the object instead. Keys strictly
** in column order cannot repeat. The first row it reads with every column
** is learnt as the template.
*/
static bool table_json_row_fast(TableJsonStream *s, TableReader *r)
{
    const char *row = s->buf + s->pos, *p = row + 1;
    const char *end = s->buf + s->len - TABLE_JSON_FAST_MARGIN;
    const char *tok[2 * TABLE_JSON_TEMPLATE_COLUMNS];
    char *out = s->row;
    size_t row_bytes = 0;
    int col = -1;
    bool learn = s->tpl.n == 0 && s->ncols <= TABLE_JSON_TEMPLATE_COLUMNS;
    if (p >= end)
        return false;
    p += *p == ' ';
    for (;;) {
        int g = col + 1;
        if (*p != '"' || g >= s->ncols || !s->col_raw[g])
            return table_json_fast_give_up(s, r, col);
        size_t n = s->col_len[g];
        if (p + n + 2 >= end || !table_json_same_bytes(p, s->col_quoted[g], n + 2))
            return table_json_fast_give_up(s, r, col);
        col = g;
        p += n + 2;
        if (*p != ':')
            return table_json_fast_give_up(s, r, col);
        p++;
        p += *p == ' ';
        const char *v = p;
        if (!(p = table_json_fast_value(s, r, s->rows, true, col, p, end, &out, &row_bytes, NULL)))
            return table_json_fast_give_up(s, r, col);
        if (learn) {
            tok[2 * col] = v;
            tok[2 * col + 1] = p;
        }
        p += *p == ' ';
        if (*p == '}')
            break;
        if (*p != ',')
            return table_json_fast_give_up(s, r, col);
        p++;
        p += *p == ' ';
    }
    s->pos = (size_t)(p + 1 - s->buf);
    if (s->rows)
        r->row_bytes = row_bytes;
    if (learn && col + 1 == s->ncols)
        table_json_learn(s, row, tok, s->ncols, p + 1);
    return true;
}

/* The literal l at p, which has TABLE_JSON_LITERAL_MAX bytes readable: one
** compare of sixteen bytes, and a second for a literal longer than that
** (the same ones on every row: a branch the processor learns). */
static inline bool table_json_literal_at(const TableJsonLiteral *l, const char *p)
{
#if defined(__SSE2__)
    const __m128i *a = (const __m128i *)(const void *)p, *b = (const __m128i *)(const void *)l->bytes;
    uint32_t lo = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(a), _mm_loadu_si128(b)));
    if ((lo & l->mask & 0xFFFFu) != (l->mask & 0xFFFFu))
        return false;
    if (l->len <= 16)
        return true;
    uint32_t hi = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(a + 1), _mm_loadu_si128(b + 1)));
    return (hi & l->mask >> 16) == l->mask >> 16;
#else
    return memcmp(p, l->bytes, l->len) == 0;
#endif
}

/* A row object whose bytes around its values are the template's: only its
** values are read (kept when rows, a constant in each copy: the survey's
** has no store, so the template stays in registers). Anything else and it
** gives up with nothing consumed. The row must end within
** TABLE_MAX_FIELD_BYTES of its start: then no cell is over the field's
** limit nor all of them over the row's (a cell a byte or more of the row,
** and its NUL; the template has at most TABLE_JSON_TEMPLATE_COLUMNS), and
** the values' bytes are not counted; a longer row is the other paths'.
** A string value holding a space sets *spaced (when not NULL).
** r->row_bytes is not set: nothing reads it before the next row's reset.
** Only the first literal is tested against end: a value ends before it
** (table_json_fast_value), so the literal after it, of at most
** TABLE_JSON_LITERAL_MAX bytes, is inside the margin (the row's end too).
** When trusted (a constant in each copy, rows only), the survey read this
** row by the template in the same bytes (table_json_crc.c): the literals
** are stepped over, not compared, and the values found by their delimiters
** (table_json_trusted_value); a value past end still gives up, as it does
** untrusted. */
static inline __attribute__((always_inline)) bool table_json_row_template_as(TableJsonStream *s, TableReader *r, bool rows,
                                                                             bool *spaced, bool trusted)
{
    _Static_assert(TABLE_MAX_FIELD_BYTES + TABLE_JSON_TEMPLATE_COLUMNS < TABLE_MAX_ROW_BYTES,
                   "a template row shorter than a field's limit is within the row's");
    const TableJsonTemplate *t = &s->tpl;
    const char *p = s->buf + s->pos;
    const char *end = s->buf + s->len - TABLE_JSON_FAST_MARGIN;
    if (end - p > TABLE_MAX_FIELD_BYTES)
        end = p + TABLE_MAX_FIELD_BYTES;
    _Static_assert(TABLE_JSON_LITERAL_MAX <= TABLE_JSON_FAST_MARGIN / 2, "a literal after a value is read in the margin");
    char *out = s->row;
    if (p >= end)
        return false;
    /* A trusted value's NUL is a char store, which may alias anything: these
    ** in locals are not loaded again after each value. */
    const int n = t->n;
    char *const buf = s->buf;
    TableCell *const cells = trusted ? r->cells : NULL;
    int k = 0;
    for (;; k++) {
        const TableJsonLiteral *l = &t->lit[k];
        if (!trusted && !table_json_literal_at(l, p))
            return table_json_fast_give_up(s, r, k - 1);
        p += l->len;
        if (k == n)
            break;
        if (trusted) {
            if (!(p = table_json_trusted_value(s, buf, cells, k, p, end, spaced)))
                return table_json_trusted_give_up(s, r, k);
        } else if (!(p = table_json_fast_value(s, r, rows, false, k, p, end, &out, NULL, spaced))) {
            return table_json_fast_give_up(s, r, k);
        }
    }
    s->pos = (size_t)(p - s->buf);
    return true;
}

static bool table_json_row_template(TableJsonStream *s, TableReader *r)
{
    return s->rows ? table_json_row_template_as(s, r, true, NULL, false) : table_json_row_template_as(s, r, false, NULL, false);
}

/* The survey's template matcher (table_json_row_template_as without a reader), out of line for
** table_json_survey.c. */
bool table_json_stream_survey_template(TableJsonStream *s)
{
    return table_json_row_template_as(s, NULL, false, NULL, false);
}

/* The survey: an element at off is a cut when the last is a step before (a 1024th of the file, at most 4 KiB). */
static inline void table_json_note_cut(TableJsonStream *s, long long off)
{
    TableJsonCuts *c = s->cuts;
    if (c->n == 0 || off - c->at[c->n - 1].off >= c->step)
        table_json_crc_cut(&s->crc, c, s->buf, s->base, off, s->line, s->elem);
}

/* The next element of the top-level array (its line in *line); false at its end or on a failure. */
bool table_json_stream_element(TableJsonStream *s, TableReader *r, long *line)
{
    if (s->done)
        return false;
    int c = table_json_peek(s);
    if (s->slice_start) {
        s->slice_start = false;
    } else if (s->elem > 0) {
        if (c == ']') {
            s->pos++;
            s->done = true;
            return false;
        }
        if (c != ',')
            return table_json_unexpected(s);
        s->pos++;
        c = table_json_peek(s);
        if (c < 0 && s->slice && !s->slice_last) {
            s->slice_end = true;
            return false;
        }
    } else if (c == ']') {
        s->pos++;
        s->done = true;
        return false;
    }
    if (!s->rows) {
        long long at = table_json_stream_offset(s);
        if (at >= s->stop_at) {
            if (at == s->stop_at) {
                s->stopped = true;
                return false;
            }
            s->stop_at = LLONG_MAX;   /* no element starts there: this survey reads on to the end */
        }
        if (s->cuts)
            table_json_note_cut(s, at);
    } else if (table_json_stream_offset(s) >= s->crc.bad_end) {
        return table_json_fail(s, "C0850", SAY_NONE);   /* the reading passed a region whose bytes differ */
    }
    s->elem++;
    *line = s->line;
    if (c == '{') {
        if (s->tpl.n > 0 && table_json_row_template(s, r))
            return true;
        if (!s->rows)
            table_json_crc_untrusted(s->cuts);
        return table_json_row_fast(s, r) || table_json_row_object(s, r);
    }
    if (!s->rows)
        table_json_crc_untrusted(s->cuts);
    if (!table_json_skip_value(s, 1))
        return false;
    if (s->rows)
        table_row_error(r, say(rt_sprintf("l'élément n° %zu du tableau n'est pas un objet { … }", s->elem),
                            rt_sprintf("array element %zu is not an object { … }", s->elem)));
    return true;
}

/* From the file's start (after a BOM) to its '['. */
bool table_json_stream_begin(TableJsonStream *s)
{
    if (fseek(s->fp, (long)s->start, SEEK_SET) != 0) {
        s->read_errno = errno;
        return false;
    }
    s->base = s->start;
    s->pos = s->len = 0;
    s->eof = false;
    s->line = 1;
    s->prev_cr = false;
    s->done = false;
    s->elem = 0;
    if (s->rows)
        table_json_crc_rows_from(&s->crc, s->cuts, -1, s->start);
    else
        s->crc = (TableJsonCrc){ .upto = s->start };
    return table_json_take(s, '[');
}

/* After the top-level array: nothing but white space. */
bool table_json_stream_end(TableJsonStream *s)
{
    if (table_json_peek(s) >= 0)
        return table_json_syntax(s, "fin de fichier attendue", "end of file expected");
    return true;
}

/* From `at`, an element's start with no comma before it, at that line, after
** elem elements, nothing buffered: where a survey's part starts or resumes,
** and (table_json_stream_feed, which then gives the slice's bytes) where a
** slice's reading starts. */
void table_json_stream_resume(TableJsonStream *s, long long at, long line, size_t elem)
{
    s->base = at;
    s->pos = s->len = 0;
    s->eof = false;
    s->line = line;
    s->prev_cr = false;
    s->done = false;
    s->elem = elem;
    s->slice_start = true;
    s->stopped = false;
}

/* ---- opening (the survey: table_json_survey.c) ----------------------------------------------- */

TableJsonStream *table_json_stream_new(FILE *fp)
{
    TableJsonStream *s = RT_NEW(TableJsonStream);
    s->fp = fp;
    s->fd = -1;
    s->limit = LLONG_MAX;
    s->stop_at = LLONG_MAX;
    s->cap = TABLE_JSON_CHUNK;
    s->buf = rt_alloc_atomic(s->cap);
    /* A row's cells pass its limit before they fill this (table_cell_fits).
    ** malloc'ed, not collected: its pages count only once a row reaches them. */
    s->row = malloc(TABLE_MAX_ROW_BYTES + TABLE_MAX_FIELD_BYTES + 8);
    s->text = s->row;
    s->cols = RT_NEW_ARRAY(const char *, TABLE_MAX_COLUMNS + 1);
    s->col_len = rt_alloc_atomic(sizeof(size_t) * (TABLE_MAX_COLUMNS + 1));
    s->col_quoted = RT_NEW_ARRAY(const char *, TABLE_MAX_COLUMNS + 1);
    s->col_raw = rt_alloc_atomic(sizeof(bool) * (TABLE_MAX_COLUMNS + 1));
    s->col_seen = rt_alloc_atomic(sizeof(size_t) * (TABLE_MAX_COLUMNS + 1));
    for (int c = 0x20; c < 0x80; c++)
        s->plain[c] = c != '"' && c != '\\';
    for (const char *c = "0123456789+-.eE"; *c; c++)
        s->number[(unsigned char)*c] = 1;
    for (int st = 0; st < 10; st++)
        for (int c = 0; c < 256; c++) {
            int next = table_json_number_step(st, (char)c);
            s->number_next[st][c] = (unsigned char)(next < 0 ? 9 : next);
        }
    return s;
}

/* Line and column (in code points) of a file offset, read again: only for a message. */
static void table_json_locate(TableJsonStream *s, long long at, long *line, long *col)
{
    *line = 1;
    *col = 1;
    if (fseek(s->fp, (long)s->start, SEEK_SET) != 0)
        return;
    bool prev_cr = false;
    char chunk[65536];
    long long off = s->start;
    while (off < at) {
        size_t want = (size_t)(at - off < (long long)sizeof chunk ? at - off : (long long)sizeof chunk);
        size_t got = fread(chunk, 1, want, s->fp);
        if (got == 0)
            return;
        for (size_t i = 0; i < got; i++) {
            unsigned char c = (unsigned char)chunk[i];
            table_count_byte(line, &prev_cr, c);
            if (c == '\r' || c == '\n')
                *col = 1;
            else if ((c & 0xC0) != 0x80)
                ++*col;
        }
        off += (long long)got;
    }
}

/* A file outside the subset and too big for the whole reader: the survey's own message. */
static void table_json_stream_refuse(TableReader *r, TableJsonStream *s)
{
    long line, col;
    table_json_locate(s, s->fail_at, &line, &col);
    table_fatal(r, s->fail_code, line, SAYF(("%s (ligne %ld, colonne %ld)", s->fail.fr, line, col),
                                            ("%s (line %ld, column %ld)", s->fail.en, line, col)));
}

static bool table_json_read_failed(TableReader *r, TableJsonStream *s)
{
    if (!s->read_errno)
        return false;
    table_fatal(r, "C0802", 0, table_strerror(s->read_errno));
    return true;
}


/* A 1024th of the file, at most TABLE_JSON_CUT_STEP: the cuts' memory stays
** small, and a small file still has many places to cut. */
static long long table_json_cut_step(FILE *fp)
{
    struct stat st;
    long long step = fstat(fileno(fp), &st) == 0 ? (long long)st.st_size / 1024 : TABLE_JSON_CUT_STEP;
    return step < 1 ? 1 : step > TABLE_JSON_CUT_STEP ? TABLE_JSON_CUT_STEP : step;
}

bool table_json_stream_open(TableReader *r, bool *whole)
{
    *whole = false;
    FILE *fp = table_fopen_regular(r);
    if (!fp)
        return false;
    TableJsonStream *s = table_json_stream_new(fp);
    s->cuts = RT_NEW(TableJsonCuts);
    s->cuts->step = table_json_cut_step(fp);
    r->jstream = s;
    if (!s->row) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    unsigned char head[4];
    size_t n = fread(head, 1, sizeof head, fp);
    const char *unsupported;
    size_t bom = encoding_bom(head, n, &unsupported);
    if (!unsupported) {
        s->start = (long long)bom;
        bool ok = table_json_survey(s, r);
        if (table_json_read_failed(r, s))
            return false;
        if (ok) {
            if (bom)
                r->info.encoding = encoding_name(ENCODING_UTF8_BOM);
            r->info.columns = s->cols;
            r->info.ncols = s->ncols;
            if (!table_make_keys(r, 0))
                return false;
            table_set_store_cap(r, s->ncols);
            s->rows = true;
            if (table_json_stream_begin(s))
                return true;
            if (!table_json_read_failed(r, s))
                table_fatal(r, "C0850", 0, say("le fichier a changé pendant sa lecture", "the file changed while it was read"));
            return false;
        }
    }
    struct stat st;
    if (unsupported || fstat(fileno(fp), &st) != 0 || st.st_size <= TABLE_MAX_JSON_BYTES) {
        table_json_stream_release(r);
        *whole = true;
        return false;
    }
    table_json_stream_refuse(r, s);
    return false;
}

/* The rows read again differ from the survey's: the file is being written. */
static void table_json_changed(TableReader *r, TableJsonStream *s)
{
    if (table_json_read_failed(r, s))
        return;
    table_fatal(r, "C0850", s->line,
                SAYF(("le fichier a changé pendant sa lecture (ligne %ld) : relancez quand il ne sera plus modifié",
                      s->line),
                     ("the file changed while it was read (line %ld): run again once it is no longer being written",
                      s->line)));
}

bool table_json_stream_next(TableReader *r, TableRow *row)
{
    TableJsonStream *s = r->jstream;
    if (s->split)
        return false;
    table_row_reset(r);
    r->row_direct = true;
    for (int i = 0; i < r->info.ncols; i++)
        r->cells[i] = (TableCell){ NULL, 0 };
    s->row_len = 0;
    long line = 0;
    if (!table_json_stream_element(s, r, &line)) {
        /* Every byte read the survey's, whole regions to the slice's or the file's end. */
        if (s->slice_end && table_json_crc_clean(&s->crc, s->cuts, false))
            r->part_wants = true;
        else if (s->slice_end || s->failed || !s->done || !table_json_stream_end(s)
                 || !table_json_crc_clean(&s->crc, s->cuts, true))
            table_json_changed(r, s);
        else if (s->slice)
            r->part_wants = true;   /* the end of the last slice: the part is kept until released */
        return false;
    }
    r->row_line = line;
    table_row_output(r, row);
    return true;
}

/* The next row when it follows a row after ",\n" and its bytes around its
** values are the template's: table_json_stream_element and table_json_stream_next
** without their bookkeeping (the white space peeked, the row reset, its
** cells cleared one by one: the template sets them all). Otherwise, with
** nothing changed, the general path (table_next_row) reads the row. A row
** given leaves err as it was (table.h). */
bool table_json_stream_fast_next(TableReader *r, TableRow *row, TableError *err)
{
    TableJsonStream *s = r->jstream;
    if (!s || s->tpl.n <= 0 || !s->rows || s->split || s->done || s->slice_start || s->elem == 0 || r->finished
        || r->ndirty || say_is_set(r->fatal.msg))
        return table_next_row(r, row, err);
    size_t at = s->pos;
    if (at + 3 > s->len || s->buf[at] != ',' || s->buf[at + 1] != '\n' || s->buf[at + 2] != '{')
        return table_next_row(r, row, err);
    /* past a region whose bytes differ: table_json_stream_element fails there */
    long long off = s->base + (long long)at + 2;
    if (off >= s->crc.trust_hi && !table_json_crc_trust(&s->crc, s->cuts, off))
        return table_next_row(r, row, err);
    r->row_err = SAY_NONE;
    s->pos = at + 2;
    bool spaced = false;
    if (!(s->crc.trusted ? table_json_row_template_as(s, r, true, &spaced, true)
                         : table_json_row_template_as(s, r, true, &spaced, false))) {
        s->pos = at;
        return table_next_row(r, row, err);
    }
    /* A template learnt before the file's last columns were met sets only
    ** its own cells: the others would still point into the row before. */
    for (int i = s->tpl.n; i < r->info.ncols; i++)
        r->cells[i] = (TableCell){ NULL, 0 };
    s->elem++;
    r->row_line = ++s->line;
    row->line = r->row_line;
    row->cells = r->cells;
    row->error = SAY_NONE;
    /* The template's values are ASCII strings without a control byte,
    ** numbers and words (table_json_fast_value): no byte from 0x80, and
    ** none up to the space unless a string holds one. */
    row->plain = !spaced;
    row->ascii = true;
    return true;
}

void table_json_stream_release(TableReader *r)
{
    /* A part's stream lives as long as the part: table_json_stream_part_free. */
    if (!r->jstream || r->jstream->slice)
        return;
    if (r->jstream->fp)
        fclose(r->jstream->fp);
    free(r->jstream->row);
    r->jstream = NULL;
}

/* ---- slices (runtime/table_json_split.c) ---------------------------------------------------- */

TableJsonCuts *table_json_stream_cuts(const TableReader *r)
{
    const TableJsonStream *s = r->jstream;
    return s && !s->slice && s->rows && s->fp ? s->cuts : NULL;
}

bool table_json_stream_unread(const TableReader *r)
{
    const TableJsonStream *s = r->jstream;
    return s && !s->slice && !s->split && s->rows && s->elem == 0 && !s->done && !s->failed;
}

bool table_json_stream_head_same(const TableReader *r)
{
    const TableJsonStream *s = r->jstream;
    return s && s->crc.cut >= 0 && s->crc.bad > 0;
}

int table_json_stream_parts_joined(const TableReader *r)
{
    return r->jstream ? r->jstream->parts_joined : 0;
}

void table_json_stream_split(TableReader *r)
{
    if (r->jstream)
        r->jstream->split = true;
}

/* A copy of the main stream's columns and tables; its own row, keys and
** chunk, into which it reads its slices from the file itself, a chunk at a
** time as the serial reader does: the bytes it parses are those it has
** just copied, in its own core's cache, and the main thread copies none.
** The columns and the cuts are only read from then on, by every part. */
void table_json_stream_part(TableReader *p, const TableReader *main)
{
    TableJsonStream *s = RT_NEW(TableJsonStream);
    *s = *main->jstream;
    s->fp = NULL;
    s->fd = main->jstream->fp ? fileno(main->jstream->fp) : -1;   /* none: a slice fails its read (C0802) */
    s->cap = TABLE_JSON_CHUNK;
    s->buf = rt_alloc_atomic(s->cap);
    s->pos = s->len = 0;
    s->eof = true;
    s->split = false;
    s->slice = true;
    s->keys = NULL;
    s->key_off = s->key_len = NULL;
    s->keys_len = s->nkeys = 0;
    s->col_seen = rt_alloc_atomic(sizeof(size_t) * (TABLE_MAX_COLUMNS + 1));
    memset(s->col_seen, 0, sizeof(size_t) * (TABLE_MAX_COLUMNS + 1));
    s->row = malloc(TABLE_MAX_ROW_BYTES + TABLE_MAX_FIELD_BYTES + 8);
    s->text = s->row;
    p->jstream = s->row ? s : NULL;
}

bool table_json_stream_feed(TableReader *p, const TableSlice *sl)
{
    TableJsonStream *s = p->jstream;
    size_t cut;
    if (!table_json_cuts_find(s->cuts, sl->offset, &cut))
        return false;
    table_json_stream_resume(s, sl->offset, sl->line, s->cuts->at[cut].elem);
    table_json_crc_rows_from(&s->crc, s->cuts, (long)cut, sl->offset);
    /* the last slice reads on to the file's real end: bytes written after the survey's end fail its check */
    s->limit = sl->last ? LLONG_MAX : sl->offset + (long long)sl->len;
    s->read_errno = 0;
    s->rows = true;
    s->failed = false;
    s->slice_last = sl->last;
    s->slice_end = false;
    s->row_len = 0;
    return true;
}

void table_json_stream_part_free(TableReader *p)
{
    if (!p->jstream)
        return;
    free(p->jstream->row);
    p->jstream->row = NULL;
    p->jstream = NULL;
}
