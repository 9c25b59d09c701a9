/* cli/lsp_io.c: the protocol's framing on a file descriptor: Content-Length headers, bodies split across reads, a bound on size. */
#include "lsp_io.h"

#include "gc.h"
#include "num.h"

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
        r->base += r->start;
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

static unsigned long long io_offset(const LspReader *r)
{
    return r->base + r->start;
}

static LspIoStatus io_fault(LspReader *r, LspIoFault fault, unsigned long long at)
{
    r->fault = fault;
    r->fault_at = at;
    return fault == LSP_IO_FAULT_TOO_LARGE ? LSP_IO_TOO_LARGE : LSP_IO_BAD_HEADER;
}

/* The value's first bytes for the message, each unprintable one as '?'. */
static void io_keep_length_text(LspReader *r, const char *p, size_t n)
{
    size_t k = n < sizeof r->length_text - 1 ? n : sizeof r->length_text - 1;
    for (size_t i = 0; i < k; i++)
        r->length_text[i] = p[i] >= 0x20 && p[i] < 0x7F ? p[i] : '?';
    r->length_text[k] = '\0';
}

/* Content-Length from the header block: -1 when absent, -2 when its value is not
** digits alone (r->length_text holds it). */
static long long io_content_length(LspReader *r, const char *h, size_t n)
{
    static const char name[] = "content-length:";
    for (size_t i = 0; i < n;) {
        size_t eol = i;
        while (eol < n && h[eol] != '\r')
            eol++;
        if (eol - i > sizeof name - 1 && strncasecmp(h + i, name, sizeof name - 1) == 0) {
            const char *p = h + i + sizeof name - 1, *end = h + eol;
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            const char *digits = p;
            long long v = 0;
            for (; p < end && *p >= '0' && *p <= '9'; p++)
                if (v <= (long long)1 << 50)
                    v = v * 10 + (*p - '0');
            const char *last = p;
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            if (last == digits || p < end) {
                io_keep_length_text(r, digits, (size_t)(end - digits));
                return -2;
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
    unsigned long long at = io_offset(r);
    r->announced = (unsigned long long)n;
    while (n > 0) {
        if (io_pending(r) == 0 && !io_fill(r)) {
            r->received = r->announced - (unsigned long long)n;
            return io_fault(r, LSP_IO_FAULT_BODY_CUT, at);
        }
        size_t k = io_pending(r) < (unsigned long long)n ? io_pending(r) : (size_t)n;
        io_consume(r, k);
        n -= (long long)k;
    }
    return io_fault(r, LSP_IO_FAULT_TOO_LARGE, at);
}

LspIoStatus lsp_io_read(LspReader *r, char **body, size_t *len)
{
    if (r->restore) {
        r->buf[r->start] = r->saved;
        r->restore = false;
    }
    r->fault = LSP_IO_FAULT_NONE;
    size_t end;
    while ((end = io_header_end(r)) == 0) {
        if (io_pending(r) > LSP_IO_MAX_HEADER)
            return io_fault(r, LSP_IO_FAULT_HEADER_LONG, io_offset(r));
        if (!io_fill(r))
            return io_pending(r) == 0 ? LSP_IO_EOF : io_fault(r, LSP_IO_FAULT_HEADER_CUT, io_offset(r));
    }
    long long n = io_content_length(r, r->buf + r->start, end);
    if (n < 0)
        return io_fault(r, n == -1 ? LSP_IO_FAULT_NO_LENGTH : LSP_IO_FAULT_BAD_LENGTH, io_offset(r));
    io_consume(r, end);
    if ((unsigned long long)n > LSP_IO_MAX_MESSAGE)
        return io_skip(r, n);
    while (io_pending(r) < (size_t)n)
        if (!io_fill(r)) {
            r->announced = (unsigned long long)n;
            r->received = io_pending(r);
            return io_fault(r, LSP_IO_FAULT_BODY_CUT, io_offset(r));
        }
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

unsigned long long lsp_io_body_offset(const LspReader *r, size_t len)
{
    return io_offset(r) - len;
}

/* A size in bytes, grouped as every count a reader reads ("8 192", "8,192"); the byte offsets
** beside it stay plain, as positions (line numbers, columns) do: they are looked up, not read.
** Sizes fit a long: io_content_length stops growing a length past 2^54. */
static const char *bytes(unsigned long long n, bool english)
{
    return num_count_to_reader((long)n, english);
}

Say lsp_io_fault_message(const LspReader *r)
{
    unsigned long long at = r->fault_at;
    switch (r->fault) {
    case LSP_IO_FAULT_HEADER_LONG:
        return SAYF(("en-tête de message sans ligne vide dans ses %s premiers octets, à l'octet %llu du flux ; "
                     "la session s'arrête", bytes(LSP_IO_MAX_HEADER, false), at),
                    ("message header with no blank line within its first %s bytes, at byte %llu of the stream; "
                     "the session ends", bytes(LSP_IO_MAX_HEADER, true), at));
    case LSP_IO_FAULT_HEADER_CUT:
        return SAYF(("le flux s'arrête au milieu d'un en-tête de message, commencé à l'octet %llu", at),
                    ("the stream ends inside a message header, started at byte %llu", at));
    case LSP_IO_FAULT_NO_LENGTH:
        return SAYF(("en-tête de message sans Content-Length, à l'octet %llu du flux ; la session s'arrête", at),
                    ("message header without Content-Length, at byte %llu of the stream; the session ends", at));
    case LSP_IO_FAULT_BAD_LENGTH:
        return SAYF(("Content-Length %s n'est pas un nombre d'octets, dans l'en-tête à l'octet %llu du flux ; "
                     "la session s'arrête", say_q_fr(r->length_text), at),
                    ("Content-Length %s is not a number of bytes, in the header at byte %llu of the stream; "
                     "the session ends", say_q_en(r->length_text), at));
    case LSP_IO_FAULT_BODY_CUT:
        return SAYF(("le flux s'arrête au milieu d'un message : %s octets reçus sur les %s annoncés par "
                     "Content-Length, corps commencé à l'octet %llu", bytes(r->received, false), bytes(r->announced, false), at),
                    ("the stream ends inside a message: %s bytes received of the %s announced by "
                     "Content-Length, body started at byte %llu", bytes(r->received, true), bytes(r->announced, true), at));
    case LSP_IO_FAULT_TOO_LARGE:
        return SAYF(("message de %s octets refusé (limite : %s), corps à l'octet %llu du flux ; la session continue",
                     bytes(r->announced, false), bytes(LSP_IO_MAX_MESSAGE, false), at),
                    ("message of %s bytes refused (limit: %s), body at byte %llu of the stream; the session goes on",
                     bytes(r->announced, true), bytes(LSP_IO_MAX_MESSAGE, true), at));
    case LSP_IO_FAULT_NONE:
        break;
    }
    return say("", "");
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
