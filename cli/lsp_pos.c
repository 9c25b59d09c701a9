/* cli/lsp_pos.c: LSP positions (line, UTF-16 code unit) to and from byte offsets of a Source, and the word under a position. */
#include "lsp_pos.h"

#include "utf8.h"

#include <string.h>

/* Bytes of the UTF-8 sequence that starts with byte c (1 for a stray byte). */
static size_t pos_seq_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

uint32_t lsp_pos_offset(Source *src, long line, long character)
{
    if (line < 0)
        return 0;
    size_t len;
    source_position(src, 0, &(uint32_t){ 0 }, &(uint32_t){ 0 });   /* computes the line table */
    if ((uint32_t)line >= src->nlines)
        return (uint32_t)src->len;
    const char *p = source_line(src, (uint32_t)line + 1, &len);
    size_t i = 0;
    for (long units = 0; i < len && units < character;) {
        size_t k = pos_seq_len((unsigned char)p[i]);
        if (i + k > len)
            k = len - i;
        units += k == 4 ? 2 : 1;
        i += k;
    }
    return (uint32_t)(p - src->text + i);
}

json_t *lsp_pos_position(Source *src, uint32_t offset)
{
    if (offset > src->len)
        offset = (uint32_t)src->len;
    uint32_t line, col;
    source_position(src, offset, &line, &col);
    size_t len;
    const char *p = source_line(src, line, &len);
    size_t upto = src->text + offset < p ? 0 : (size_t)(src->text + offset - p);   /* a BOM is no column */
    long units = 0;
    for (size_t i = 0; i < upto && i < len;) {
        size_t k = pos_seq_len((unsigned char)p[i]);
        units += k == 4 ? 2 : 1;
        i += k;
    }
    return json_pack("{s:I,s:I}", "line", (json_int_t)line - 1, "character", (json_int_t)units);
}

json_t *lsp_pos_range(Source *src, Span span)
{
    return json_pack("{s:o,s:o}", "start", lsp_pos_position(src, span.start),
                     "end", lsp_pos_position(src, span.end < span.start ? span.start : span.end));
}

/* The code point at s[i] is a letter, a digit or _ (the scanner's {LD}). */
static bool pos_word_char(const char *s, size_t n, size_t i, size_t *k)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *k = 1;
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    int32_t cp;
    *k = utf8_decode(s + i, n - i, &cp);
    if (*k == 0) {
        *k = 1;
        return false;
    }
    return utf8_is_letter(cp);
}

/* ' or ’ or - with a word character on both sides joins two parts of one name. */
static size_t pos_joiner(const char *s, size_t n, size_t i)
{
    if (s[i] == '\'' || s[i] == '-')
        return 1;
    if (i + 3 <= n && memcmp(s + i, "\xE2\x80\x99", 3) == 0)
        return 3;
    return 0;
}

static bool pos_char_before(const char *s, size_t i, size_t *start)
{
    size_t j = i;
    while (j > 0 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return false;
    *start = j - 1;
    return true;
}

bool lsp_pos_word(const Source *src, uint32_t offset, Span *out)
{
    const char *s = src->text;
    size_t n = src->len, k, at = offset, prev;
    if (at > n)
        return false;
    /* On the character under the cursor, or just after a word (cursor at its end). */
    if (at == n || !pos_word_char(s, n, at, &k)) {
        if (!pos_char_before(s, at, &prev) || !pos_word_char(s, n, prev, &k))
            return false;
        at = prev;
    }
    size_t start = at;
    for (;;) {
        if (pos_char_before(s, start, &prev) && pos_word_char(s, n, prev, &k)) {
            start = prev;
            continue;
        }
        size_t j;
        if (pos_char_before(s, start, &prev) && pos_joiner(s, n, prev) && pos_char_before(s, prev, &j)
            && pos_word_char(s, n, j, &k)) {
            start = j;
            continue;
        }
        break;
    }
    size_t end = at;
    for (;;) {
        if (end < n && pos_word_char(s, n, end, &k)) {
            end += k;
            continue;
        }
        size_t jl = end < n ? pos_joiner(s, n, end) : 0;
        if (jl && end + jl < n && pos_word_char(s, n, end + jl, &k)) {
            end += jl;
            continue;
        }
        break;
    }
    *out = (Span){ (uint32_t)start, (uint32_t)end };
    return true;
}
