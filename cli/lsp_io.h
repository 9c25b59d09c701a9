/* cli/lsp_io.h: the protocol's framing on a file descriptor: Content-Length headers, bodies split across reads, a bound on size. */
#ifndef CHARTE_LSP_IO_H
#define CHARTE_LSP_IO_H

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
    LSP_IO_BAD_HEADER    /* no Content-Length, or a header that cannot be read: the stream is lost */
} LspIoStatus;

typedef struct LspReader {
    int fd;
    char *buf;           /* malloc'd: bytes [start, len) are read and not yet used */
    size_t start, len, cap;
    char saved;          /* the byte the last body's NUL stands on */
    bool restore;
} LspReader;

/* Reads one message; on LSP_IO_OK *body points to its *len bytes, followed
** by a NUL, inside the reader's buffer: valid until the next call. */
LspIoStatus lsp_io_read(LspReader *r, char **body, size_t *len);
void lsp_io_reader_free(LspReader *r);

/* Writes msg with its header; false when the client is gone. */
int lsp_io_write(int fd, json_t *msg);

#endif
