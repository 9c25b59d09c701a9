/* runtime/encoding.c: deciding whether a data file is UTF-8 or Windows-1252, and converting the latter to UTF-8. */
#include "encoding.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "gc.h"
#include "utf8.h"

struct EncodingConverter {
    bool open;
};

const char *encoding_name(EncodingKind kind)
{
    switch (kind) {
    case ENCODING_UTF8_BOM: return "UTF-8 avec BOM";
    case ENCODING_CP1252: return "Windows-1252";
    case ENCODING_UTF8: break;
    }
    return "UTF-8";
}

size_t encoding_bom(const unsigned char *s, size_t n, const char **unsupported)
{
    *unsupported = NULL;
    /* UTF-32LE first: its BOM starts with the UTF-16LE one. */
    if (n >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0)
        *unsupported = "UTF-32";
    else if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)
        *unsupported = "UTF-32";
    else if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        *unsupported = "UTF-16";
    else if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3;
    return 0;
}

/* Could s[0..n) (n < 4) still become a valid sequence with more bytes? */
static bool encoding_utf8_may_continue(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4;
    else
        return false;
    if (n >= need)
        return false;
    for (size_t i = 1; i < n; i++) {
        unsigned char lo = 0x80, hi = 0xBF;
        if (i == 1) {
            if (c == 0xE0) lo = 0xA0;         /* overlong */
            else if (c == 0xED) hi = 0x9F;    /* surrogates */
            else if (c == 0xF0) lo = 0x90;    /* overlong */
            else if (c == 0xF4) hi = 0x8F;    /* beyond U+10FFFF */
        }
        if (s[i] < lo || s[i] > hi)
            return false;
    }
    return true;
}

size_t encoding_ascii_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
#if defined(__SSE2__)
    /* Sixty-four bytes a test while all are ASCII, then sixteen to find the first that is not. */
    for (; i + 64 <= n; i += 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))))
            break;
    }
    for (; i + 16 <= n; i += 16) {
        unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i)));
        if (high)
            return i + (size_t)__builtin_ctz(high);
    }
#else
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
#endif
    while (i < n && u[i] < 0x80)
        i++;
    return i;
}

size_t encoding_ascii_suffix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = n;   /* u[i..n) is ASCII */
#if defined(__SSE2__)
    for (; i >= 16; i -= 16) {
        unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i - 16)));
        if (high)
            return n - (i - 16 + (size_t)(31 - __builtin_clz(high)) + 1);
    }
#endif
    while (i > 0 && u[i - 1] < 0x80)
        i--;
    return n - i;
}

size_t encoding_utf8_prefix(const char *s, size_t n, bool *invalid)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    *invalid = false;
    while (i < n) {
        i += encoding_ascii_prefix(s + i, n - i);
        if (i >= n)
            break;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            if (n - i < 4 && encoding_utf8_may_continue(u + i, n - i))
                return i;
            *invalid = true;
            return i;
        }
        i += len;
    }
    return i;
}

long encoding_line_at(FILE *fp, char *buf, size_t cap, long offset)
{
    long line = 1, pos = 0;
    bool prev_cr = false;
    if (fseek(fp, 0, SEEK_SET) != 0)
        return 0;
    while (pos < offset) {
        size_t got = fread(buf, 1, cap, fp);
        if (got == 0)
            break;
        for (size_t i = 0; i < got && pos < offset; i++, pos++) {
            if (buf[i] == '\r') {
                line++;
                prev_cr = true;
            } else {
                if (buf[i] == '\n' && !prev_cr)
                    line++;
                prev_cr = false;
            }
        }
    }
    return line;
}

/* The first byte (after the start of s) where s stops being valid UTF-8, or
** n. A sequence cut by the end of s is left pending in st. */
size_t encoding_utf8_stream(EncodingUtf8Stream *st, const char *s, size_t n)
{
    size_t k = 0;
    if (st->npending) {
        /* Complete the sequence that the previous piece cut, one byte at a time. */
        while (k < n && st->npending < 4) {
            st->pending[st->npending++] = (unsigned char)s[k++];
            int32_t cp;
            if (utf8_decode((const char *)st->pending, st->npending, &cp) > 0)
                break;
            if (!encoding_utf8_may_continue(st->pending, st->npending))
                return 0;
        }
        int32_t cp;
        if (utf8_decode((const char *)st->pending, st->npending, &cp) == 0) {
            if (k == n && encoding_utf8_may_continue(st->pending, st->npending))
                return n;
            return 0;
        }
        st->npending = 0;
    }
    bool invalid;
    size_t ok = k + encoding_utf8_prefix(s + k, n - k, &invalid);
    if (invalid)
        return ok;
    st->npending = n - ok;
    memcpy(st->pending, s + ok, st->npending);
    return n;
}

bool encoding_utf8_rest(int fd, const char *held, size_t nheld, long from, char *buf, size_t cap, bool *valid)
{
    EncodingUtf8Stream st = { 0 };
    *valid = encoding_utf8_stream(&st, held, nheld) == nheld;
    if (!*valid)
        return true;
    from += (long)nheld;
    for (;;) {
        ssize_t got = pread(fd, buf, cap, (off_t)from);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (got == 0)
            break;
        if (encoding_utf8_stream(&st, buf, (size_t)got) != (size_t)got) {
            *valid = false;
            return true;
        }
        from += (long)got;
    }
    *valid = st.npending == 0;
    return true;
}

long encoding_nul_from(int fd, long from, char *buf, size_t cap)
{
    for (;;) {
        ssize_t got = pread(fd, buf, cap, (off_t)from);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        const char *nul = memchr(buf, '\0', (size_t)got);
        if (nul)
            return from + (long)(nul - buf);
        from += (long)got;
    }
}

/* Windows-1252's 0x80-0x9F; 0xA0-0xFF are Latin-1 (the same code point).
** 0 marks the five bytes it leaves undefined, which become U+FFFD. */
static const uint16_t encoding_cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

EncodingConverter *encoding_cp1252_open(void)
{
    /* A table, not iconv: a call per chunk through iconv cost 35 instructions a byte. */
    EncodingConverter *conv = RT_NEW(EncodingConverter);
    conv->open = true;
    return conv;
}

size_t encoding_cp1252_convert(EncodingConverter *conv, const char *in, size_t n, char *out)
{
    (void)conv;
    const unsigned char *u = (const unsigned char *)in;
    unsigned char *o = (unsigned char *)out;
    size_t i = 0;
    while (i < n) {
        size_t ascii = encoding_ascii_prefix(in + i, n - i);
        memcpy(o, u + i, ascii);
        o += ascii, i += ascii;
        if (i >= n)
            break;
        unsigned c = u[i++];
        if (c < 0x80) {
            *o++ = (unsigned char)c;
            continue;
        }
        unsigned cp = c >= 0xA0 ? c : encoding_cp1252_high[c - 0x80];
        if (cp == 0)
            cp = 0xFFFD;
        if (cp < 0x800) {
            *o++ = (unsigned char)(0xC0 | (cp >> 6));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
        } else {
            *o++ = (unsigned char)(0xE0 | (cp >> 12));
            *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
        }
    }
    return (size_t)(o - (unsigned char *)out);
}

void encoding_close(EncodingConverter *conv)
{
    if (conv)
        conv->open = false;
}
