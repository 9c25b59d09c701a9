/* base/headers.c: the one normalised form of a column header or a sheet name, so that exports' spellings match declared names. */
#include "headers.h"

#include "gc.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static bool headers_opens(int32_t cp) { return cp == '(' || cp == '[' || cp == '{'; }
static bool headers_closes(int32_t cp) { return cp == ')' || cp == ']' || cp == '}'; }
static bool headers_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC; }

static bool headers_word_char(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || utf8_is_letter(cp);
}

/* s[0..n) without its bracketed parts (nested brackets count); an unclosed
** bracket runs to the end. */
static char *headers_unbracketed(const char *s, size_t n)
{
    char *out = rt_alloc_atomic(n + 1);
    size_t o = 0;
    int depth = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0)
            len = 1;
        if (headers_opens(cp)) {
            depth++;
        } else if (headers_closes(cp) && depth > 0) {
            depth--;
            out[o++] = ' ';    /* "HT(€)x" is two words */
        } else if (depth == 0) {
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    out[o] = '\0';
    return out;
}

static bool headers_joining(const char *word, bool before_apostrophe)
{
    return !strcmp(word, "de") || !strcmp(word, "du") || !strcmp(word, "des")
        || (before_apostrophe && !strcmp(word, "d"));
}

/* The words of s folded and joined; joining words dropped when `drop`. */
static char *headers_join(const char *s, size_t n, bool drop)
{
    char *key = rt_strdup("");
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0)
            len = 1;
        if (!headers_word_char(cp)) {
            i += len;
            continue;
        }
        size_t start = i;
        while (i < n) {
            len = utf8_decode(s + i, n - i, &cp);
            if (len == 0 || !headers_word_char(cp))
                break;
            i += len;
        }
        const char *word = utf8_key(s + start, i - start);
        bool before_apostrophe = i < n && utf8_decode(s + i, n - i, &cp) && headers_apostrophe(cp);
        if (!drop || !headers_joining(word, before_apostrophe))
            key = rt_sprintf("%s%s", key, word);
    }
    return key;
}

char *headers_key(const char *s, size_t n)
{
    const char *text = headers_unbracketed(s, n);
    char *key = headers_join(text, strlen(text), true);
    if (!*key)
        key = headers_join(text, strlen(text), false);
    if (!*key)
        key = headers_join(s, n, false);
    return key;
}
