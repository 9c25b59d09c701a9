/* runtime/encoding.h: deciding whether a data file is UTF-8 or Windows-1252, and converting the latter to UTF-8. */
#ifndef CHARTE_ENCODING_H
#define CHARTE_ENCODING_H

#include "say.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { ENCODING_UTF8, ENCODING_UTF8_BOM, ENCODING_CP1252 } EncodingKind;

/* "UTF-8", "UTF-8 avec BOM" or "Windows-1252" (what TableInfo.encoding shows). */
const char *encoding_name(EncodingKind kind);

/* Length of a UTF-8 BOM at s[0..n) (3 or 0). When s starts with a UTF-16 or
** UTF-32 BOM, returns 0 and sets *unsupported to its name. */
size_t encoding_bom(const unsigned char *s, size_t n, const char **unsupported);

/* How many bytes at the start of s[0..n) are ASCII (below 0x80): the one
** skip that the UTF-8 check, the Windows-1252 conversion and the reader's
** encoding decision all make first, since data files are mostly ASCII. */
size_t encoding_ascii_prefix(const char *s, size_t n);

/* How many bytes at the end of s[0..n) are ASCII: where a Windows-1252
** chunk's last byte to convert lies (its accents are often in its header). */
size_t encoding_ascii_suffix(const char *s, size_t n);

/* Validates UTF-8: returns how many bytes at the start of s[0..n) are whole
** valid sequences. *invalid is set when the scan stopped on an invalid one;
** otherwise the bytes left (fewer than 4) start a sequence that the next
** chunk may complete. */
size_t encoding_utf8_prefix(const char *s, size_t n, bool *invalid);

/* Validates a stream of pieces (chunks of a file) as UTF-8: returns the
** offset in s[0..n) of the first byte that makes it invalid (0 when the
** sequence left pending by the previous piece is invalid), or n. A sequence
** cut by the end of s is kept pending in st: at the end of the stream, a
** pending sequence (st->npending > 0) is invalid. */
typedef struct EncodingUtf8Stream {
    unsigned char pending[4];
    size_t npending;
} EncodingUtf8Stream;
size_t encoding_utf8_stream(EncodingUtf8Stream *st, const char *s, size_t n);

/* The one read's look-ahead: is the file fd valid UTF-8 from byte `from` to
** its end (*valid)? Its first nheld bytes are the caller's, held[0..nheld)
** (what it has read already: checked there, not read again); the rest is
** read with pread through buf[cap], so the caller's own position does not
** move. false on a read error (errno set). */
bool encoding_utf8_rest(int fd, const char *held, size_t nheld, long from, char *buf, size_t cap, bool *valid);

/* The offset of the first NUL byte of fd from byte `from` on, or -1 (pread, as above). */
long encoding_nul_from(int fd, long from, char *buf, size_t cap);

/* Physical line (1-based; CR, LF and CRLF each end one) holding byte offset
** `offset` of fp, re-read through buf[cap]. fp is left at an unspecified position. */
long encoding_line_at(FILE *fp, char *buf, size_t cap, long offset);

/* Windows-1252 to UTF-8, by a table (the same bytes as iconv's
** "WINDOWS-1252", tests/unit/test_table.c checks every byte). Every input
** byte gives at most ENCODING_CP1252_GROWTH output bytes; the five bytes that
** Windows-1252 leaves undefined give U+FFFD. */
#define ENCODING_CP1252_GROWTH 3
typedef struct EncodingConverter EncodingConverter;
EncodingConverter *encoding_cp1252_open(void);
/* Converts in[0..n) into out (room for n * ENCODING_CP1252_GROWTH bytes);
** returns the bytes written. Chunks may be cut anywhere: the code is single-byte. */
size_t encoding_cp1252_convert(EncodingConverter *conv, const char *in, size_t n, char *out);
void encoding_close(EncodingConverter *conv);

#endif
