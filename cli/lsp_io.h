/* cli/lsp_io.h: the protocol's framing on a file descriptor: Content-Length headers, bodies split across reads, a bound on size. */
#ifndef CHARTE_LSP_IO_H
#define CHARTE_LSP_IO_H

#include "say.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* A message larger than this is refused: its body is read and dropped, never
** held (an open document is at most SOURCE_MAX_BYTES, JSON-escaped). */
#define LSP_IO_MAX_MESSAGE (64u * 1024u * 1024u)
#define LSP_IO_MAX_HEADER 8192u

typedef enum {
    LSP_IO_OK,
    LSP_IO_EOF,          /* the client closed the stream between messages */
    LSP_IO_TOO_LARGE,    /* Content-Length over the bound: the body was skipped */
    LSP_IO_BAD_HEADER    /* a frame that cannot be read (r->fault says why): the stream is lost */
} LspIoStatus;

/* What was wrong with the last frame that was not LSP_IO_OK (or EOF). */
typedef enum {
    LSP_IO_FAULT_NONE,
    LSP_IO_FAULT_HEADER_LONG,    /* no blank line within LSP_IO_MAX_HEADER bytes */
    LSP_IO_FAULT_HEADER_CUT,     /* the stream ended inside a header */
    LSP_IO_FAULT_NO_LENGTH,      /* a header without Content-Length */
    LSP_IO_FAULT_BAD_LENGTH,     /* a Content-Length that is not a number */
    LSP_IO_FAULT_BODY_CUT,       /* the stream ended before the body's last byte */
    LSP_IO_FAULT_TOO_LARGE       /* LSP_IO_TOO_LARGE */
} LspIoFault;

typedef struct LspReader {
    int fd;
    char *buf;           /* malloc'd: bytes [start, len) are read and not yet used */
    size_t start, len, cap;
    unsigned long long base;     /* the stream's byte count before buf[0] */
    char saved;          /* the byte the last body's NUL stands on */
    bool restore;
    /* The last fault, where its frame starts in the stream (its header, or its body
    ** for BODY_CUT), the Content-Length announced and the bytes of the body received. */
    LspIoFault fault;
    unsigned long long fault_at, announced, received;
    char length_text[33];        /* BAD_LENGTH: the value's first bytes, printable */
} LspReader;

/* Reads one message; on LSP_IO_OK *body points to its *len bytes, followed
** by a NUL, inside the reader's buffer: valid until the next call. */
LspIoStatus lsp_io_read(LspReader *r, char **body, size_t *len);
/* The stream offset of the last body read (LSP_IO_OK): a JSON error's position is from it. */
unsigned long long lsp_io_body_offset(const LspReader *r, size_t len);
/* One line for the editor's log: what r->fault was, at which byte of the stream. */
Say lsp_io_fault_message(const LspReader *r);
void lsp_io_reader_free(LspReader *r);

/* Writes msg with its header; false when the client is gone. */
int lsp_io_write(int fd, json_t *msg);

#endif
