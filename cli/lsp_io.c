/* cli/lsp_io.c: the protocol's framing on a file descriptor: Content-Length headers, bodies split across reads, a bound on size. */
#include "lsp_io.h"

#include "gc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Reads more bytes into the buffer (moving what is left of it to the front
** first: once per fill, not once per message); false at end of stream or on
** an error. */
static bool io_fill(LspReader *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->len - r->start);
        r->len -= r->start;
        r->start = 0;
    }
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 65536;
        char *b = realloc(r->buf, cap + 1);
        if (!b)
            rt_out_of_memory();
        r->buf = b;
        r->cap = cap;
    }
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
        if (n > 0) {
            r->len += (size_t)n;
            return true;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return false;
    }
}

static size_t io_pending(const LspReader *r)
{
    return r->len - r->start;
}

static void io_consume(LspReader *r, size_t n)
{
    r->start += n;
}

/* The header block ends at the first blank line; its length with the blank line. */
static size_t io_header_end(const LspReader *r)
{
    const char *p = r->buf + r->start;
    for (size_t i = 0; i + 3 < io_pending(r); i++)
        if (memcmp(p + i, "\r\n\r\n", 4) == 0)
            return i + 4;
    return 0;
}

/* Content-Length from the header block; -1 when absent or not a number. */
static long long io_content_length(const char *h, size_t n)
{
    static const char name[] = "content-length:";
    for (size_t i = 0; i < n;) {
        size_t eol = i;
        while (eol < n && h[eol] != '\r')
            eol++;
        if (eol - i > sizeof name - 1 && strncasecmp(h + i, name, sizeof name - 1) == 0) {
            const char *p = h + i + sizeof name - 1;
            while (*p == ' ' || *p == '\t')
                p++;
            long long v = 0;
            if (*p < '0' || *p > '9')
                return -1;
            for (; *p >= '0' && *p <= '9'; p++) {
                if (v > (long long)1 << 50)
                    return (long long)1 << 50;
                v = v * 10 + (*p - '0');
            }
            return v;
        }
        i = eol + 2;
    }
    return -1;
}

/* Drops n bytes of the stream, holding at most one buffer of them. */
static LspIoStatus io_skip(LspReader *r, long long n)
{
    while (n > 0) {
        if (io_pending(r) == 0 && !io_fill(r))
            return LSP_IO_BAD_HEADER;
        size_t k = io_pending(r) < (unsigned long long)n ? io_pending(r) : (size_t)n;
        io_consume(r, k);
        n -= (long long)k;
    }
    return LSP_IO_TOO_LARGE;
}

LspIoStatus lsp_io_read(LspReader *r, char **body, size_t *len)
{
    if (r->restore) {
        r->buf[r->start] = r->saved;
        r->restore = false;
    }
    size_t end;
    while ((end = io_header_end(r)) == 0) {
        if (io_pending(r) > LSP_IO_MAX_HEADER)
            return LSP_IO_BAD_HEADER;
        if (!io_fill(r))
            return io_pending(r) == 0 ? LSP_IO_EOF : LSP_IO_BAD_HEADER;
    }
    long long n = io_content_length(r->buf + r->start, end);
    if (n < 0)
        return LSP_IO_BAD_HEADER;
    io_consume(r, end);
    if ((unsigned long long)n > LSP_IO_MAX_MESSAGE)
        return io_skip(r, n);
    while (io_pending(r) < (size_t)n)
        if (!io_fill(r))
            return LSP_IO_BAD_HEADER;
    /* The byte after the body is the next header's (or spare room: cap + 1
    ** bytes are allocated); it is put back on the next call. */
    *body = r->buf + r->start;
    *len = (size_t)n;
    io_consume(r, (size_t)n);
    r->saved = r->buf[r->start];
    r->buf[r->start] = '\0';
    r->restore = true;
    return LSP_IO_OK;
}

void lsp_io_reader_free(LspReader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->start = r->len = r->cap = 0;
}

static bool io_write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

int lsp_io_write(int fd, json_t *msg)
{
    char *text = json_dumps(msg, JSON_COMPACT);
    if (!text)
        rt_out_of_memory();
    size_t n = strlen(text);
    char head[64];
    int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    bool ok = io_write_all(fd, head, (size_t)h) && io_write_all(fd, text, n);
    free(text);
    return ok;
}
