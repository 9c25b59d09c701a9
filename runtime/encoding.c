/* runtime/encoding.c: deciding whether a data file is UTF-8 or Windows-1252, and converting the latter to UTF-8. */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "gc.h"
#include "utf8.h"

struct EncodingConverter {
    iconv_t cd;
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

size_t encoding_utf8_prefix(const char *s, size_t n, bool *invalid)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    *invalid = false;
    while (i < n) {
        /* Data files are mostly ASCII: test eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
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

static bool encoding_fail(EncodingResult *res, const char *code, long line, Say msg)
{
    res->error_code = code;
    res->error_line = line;
    res->error = msg;
    return false;
}

static bool encoding_read_error(EncodingResult *res, int err)
{
    return encoding_fail(res, "C0802", 0, SAYF(("illisible : %s", strerror(err)), ("unreadable: %s", strerror(err))));
}

bool encoding_detect(FILE *fp, char *buf, size_t cap, EncodingResult *res)
{
    memset(res, 0, sizeof *res);
    res->kind = ENCODING_UTF8;
    if (fseek(fp, 0, SEEK_SET) != 0)
        return encoding_read_error(res, errno);
    long offset = 0;   /* file offset of buf[0] */
    size_t carry = 0;  /* unfinished UTF-8 sequence kept at the front of buf */
    bool first = true, invalid = false;
    long invalid_at = 0;
    for (;;) {
        size_t got = fread(buf + carry, 1, cap - carry, fp);
        if (got == 0) {
            if (ferror(fp))
                return encoding_read_error(res, errno);
            break;
        }
        size_t n = carry + got, start = 0;
        if (first) {
            const char *unsupported;
            start = encoding_bom((const unsigned char *)buf, n, &unsupported);
            if (unsupported)
                return encoding_fail(res, "C0804", 0,
                    say(rt_sprintf("fichier en %s (marque BOM) : enregistrez-le en UTF-8 ou en CSV Windows",
                                   unsupported),
                        rt_sprintf("%s file (BOM): save it as UTF-8 or Windows CSV", unsupported)));
            if (start) {
                res->kind = ENCODING_UTF8_BOM;
                res->bom_len = start;
            }
            first = false;
        }
        const char *nul = memchr(buf + carry, '\0', got);
        if (nul) {
            long line = encoding_line_at(fp, buf, cap, offset + (long)(nul - buf));
            return encoding_fail(res, "C0804", line,
                say(rt_sprintf("octet nul ligne %ld : ce n'est pas un fichier texte (ou il est en UTF-16)", line),
                    rt_sprintf("NUL byte on line %ld: not a text file (or it is UTF-16)", line)));
        }
        if (invalid) {
            offset += (long)n;
            carry = 0;
            continue;
        }
        bool bad;
        size_t ok = start + encoding_utf8_prefix(buf + start, n - start, &bad);
        if (bad) {
            invalid = true;
            invalid_at = offset + (long)ok;
            offset += (long)n;
            carry = 0;
        } else {
            carry = n - ok;
            memmove(buf, buf + ok, carry);
            offset += (long)ok;
        }
    }
    if (!invalid && carry > 0) {
        invalid = true;
        invalid_at = offset;
    }
    if (!invalid)
        return true;
    if (res->kind == ENCODING_UTF8_BOM) {
        long line = encoding_line_at(fp, buf, cap, invalid_at);
        return encoding_fail(res, "C0804", line,
            say(rt_sprintf("fichier marqué UTF-8 (BOM) mais octet non UTF-8 ligne %ld : encodages mélangés ?", line),
                rt_sprintf("file marked UTF-8 (BOM) but a non-UTF-8 byte on line %ld: mixed encodings?", line)));
    }
    res->kind = ENCODING_CP1252;
    return true;
}

EncodingConverter *encoding_cp1252_open(void)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1)
        return NULL;
    EncodingConverter *conv = RT_NEW(EncodingConverter);
    conv->cd = cd;
    conv->open = true;
    return conv;
}

size_t encoding_cp1252_convert(EncodingConverter *conv, const char *in, size_t n, char *out)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = n * ENCODING_CP1252_GROWTH;
    while (il > 0) {
        if (iconv(conv->cd, &ip, &il, &op, &ol) != (size_t)-1)
            break;
        if (errno != EILSEQ && errno != EINVAL)
            break; /* E2BIG cannot happen: every byte has its three output bytes */
        /* 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in Windows-1252. */
        memcpy(op, replacement, 3);
        op += 3, ol -= 3;
        ip++, il--;
    }
    return (size_t)(op - out);
}

void encoding_close(EncodingConverter *conv)
{
    if (conv && conv->open) {
        iconv_close(conv->cd);
        conv->open = false;
    }
}
