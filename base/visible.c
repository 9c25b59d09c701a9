/* base/visible.c: text that came from a file, written for people: control characters shown as visible symbols, never sent raw to a terminal. */
#include "visible.h"

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
