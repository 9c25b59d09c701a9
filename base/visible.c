/* base/visible.c: text that came from a file, written for people: control characters shown as visible symbols, never sent raw to a terminal. */
#include "visible.h"

#include "gc.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char VISIBLE_REPLACEMENT[] = "\xEF\xBF\xBD";

/* Writes into out the picture of a control (NUL-terminated UTF-8); false when cp is shown as is. */
static bool visible_picture(int32_t cp, unsigned flags, char out[5])
{
    if ((cp == '\t' && (flags & VISIBLE_KEEP_TAB)) || (cp == '\n' && (flags & VISIBLE_KEEP_NEWLINE)))
        return false;
    if (cp < 0x20 || cp == 0x7F) {
        int32_t pic = cp == 0x7F ? 0x2421 : 0x2400 + cp;
        size_t k = utf8_encode(pic, out);
        out[k] = '\0';
        return true;
    }
    if (cp >= 0x80 && cp <= 0x9F) {
        memcpy(out, VISIBLE_REPLACEMENT, 4);
        return true;
    }
    return false;
}

/* Writes the longest prefix of s[0..n) that does not end inside a UTF-8
** sequence cut short by the end of the buffer; returns its length. With
** final, everything is written (a cut sequence is then invalid). */
static size_t visible_write_upto(FILE *out, const char *s, size_t n, unsigned flags, bool final)
{
    size_t i = 0, run = 0;   /* s[run..i) is plain text not yet written */
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x20 && b < 0x7F) {
            i++;
            continue;
        }
        int32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0 && !final && b >= 0xC2 && b <= 0xF4 && n - i < 4) {
            /* Possibly a sequence cut by the buffer: keep it for the next write
            ** when every byte after the lead is a continuation byte. */
            size_t need = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4, j = i + 1;
            while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
                j++;
            if (j == n && n - i < need)
                break;
        }
        char pic[5];
        if (k == 0 || visible_picture(cp, flags, pic)) {
            fwrite(s + run, 1, i - run, out);
            fputs(k == 0 ? VISIBLE_REPLACEMENT : pic, out);
            i += k ? k : 1;
            run = i;
        } else {
            i += k;
        }
    }
    fwrite(s + run, 1, i - run, out);
    return i;
}

void visible_write(FILE *out, const char *s, size_t n, unsigned flags)
{
    visible_write_upto(out, s, n, flags, true);
}

typedef struct VisibleCookie {
    FILE *out;
    unsigned flags;
    char held[4];     /* the start of a UTF-8 sequence cut between two writes */
    size_t nheld;
} VisibleCookie;

static ssize_t visible_cookie_write(void *cookie, const char *buf, size_t size)
{
    VisibleCookie *c = cookie;
    size_t done = 0;
    while (c->nheld && done < size) {
        /* Complete the held sequence byte by byte, then go on from there. */
        c->held[c->nheld++] = buf[done++];
        size_t used = visible_write_upto(c->out, c->held, c->nheld, c->flags, c->nheld == 4);
        memmove(c->held, c->held + used, c->nheld - used);
        c->nheld -= used;
    }
    if (done < size) {
        size_t used = visible_write_upto(c->out, buf + done, size - done, c->flags, false);
        c->nheld = size - done - used;
        memcpy(c->held, buf + done + used, c->nheld);
    }
    return ferror(c->out) ? -1 : (ssize_t)size;
}

static int visible_cookie_close(void *cookie)
{
    VisibleCookie *c = cookie;
    visible_write_upto(c->out, c->held, c->nheld, c->flags, true);
    int failed = ferror(c->out) || fflush(c->out) != 0;
    free(c);
    return failed ? EOF : 0;
}

FILE *visible_stream(FILE *out, unsigned flags)
{
    /* malloc, not the collector: stdio keeps the cookie where the collector
    ** does not look. */
    VisibleCookie *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->out = out;
    c->flags = flags;
    cookie_io_functions_t io = { .write = visible_cookie_write, .close = visible_cookie_close };
    FILE *f = fopencookie(c, "w", io);
    if (!f)
        free(c);
    return f;
}

typedef struct VisibleName {
    int32_t cp;
    const char *fr, *en;
} VisibleName;

static const VisibleName VISIBLE_INVISIBLES[] = {
    { 0x00AD, "trait d'union conditionnel", "soft hyphen" },
    { 0x200B, "espace sans chasse", "zero width space" },
    { 0x200C, "antiliant sans chasse", "zero width non-joiner" },
    { 0x200D, "liant sans chasse", "zero width joiner" },
    { 0x200E, "marque gauche-à-droite", "left-to-right mark" },
    { 0x200F, "marque droite-à-gauche", "right-to-left mark" },
    { 0x2060, "gluon de mots", "word joiner" },
    { 0xFEFF, "marque d'ordre des octets", "byte order mark" },
};

static const VisibleName *visible_invisible(int32_t cp)
{
    for (size_t i = 0; i < sizeof VISIBLE_INVISIBLES / sizeof VISIBLE_INVISIBLES[0]; i++)
        if (VISIBLE_INVISIBLES[i].cp == cp)
            return &VISIBLE_INVISIBLES[i];
    return NULL;
}

char *visible_named(const char *s, size_t n, bool english)
{
    char *out = rt_strndup("", 0);
    size_t from = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        const VisibleName *name = k ? visible_invisible(cp) : NULL;
        if (!name) {
            i += k ? k : 1;
            continue;
        }
        out = rt_sprintf("%s%.*s[U+%04X (%s)]", out, (int)(i - from), s + from, (unsigned)cp,
                         english ? name->en : name->fr);
        i += k;
        from = i;
    }
    return from ? rt_sprintf("%s%.*s", out, (int)(n - from), s + from) : rt_strndup(s, n);
}
