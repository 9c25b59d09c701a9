/* runtime/encoding.h: deciding whether a data file is UTF-8 or Windows-1252, and converting the latter to UTF-8. */
#ifndef CHARTE_ENCODING_H
#define CHARTE_ENCODING_H

#include "say.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { ENCODING_UTF8, ENCODING_UTF8_BOM, ENCODING_CP1252 } EncodingKind;

typedef struct EncodingResult {
    EncodingKind kind;
    size_t bom_len;         /* bytes to skip at the start of the file */
    long error_line;        /* physical line of the error, 0 when not about a line */
    const char *error_code; /* C0802 (unreadable) or C0804 (not text, wrong encoding) */
    Say error;              /* set: the file cannot be read as text, why */
} EncodingResult;

/* "UTF-8", "UTF-8 avec BOM" or "Windows-1252" (what TableInfo.encoding shows). */
const char *encoding_name(EncodingKind kind);

/* Length of a UTF-8 BOM at s[0..n) (3 or 0). When s starts with a UTF-16 or
** UTF-32 BOM, returns 0 and sets *unsupported to its name. */
size_t encoding_bom(const unsigned char *s, size_t n, const char **unsupported);

/* Validates UTF-8: returns how many bytes at the start of s[0..n) are whole
** valid sequences. *invalid is set when the scan stopped on an invalid one;
** otherwise the bytes left (fewer than 4) start a sequence that the next
** chunk may complete. */
size_t encoding_utf8_prefix(const char *s, size_t n, bool *invalid);

/* The whole first pass: reads fp from its start to its end through buf[cap]
** (cap >= 16) and decides the encoding; refuses UTF-16/32, NUL bytes (with
** their line) and a UTF-8 BOM followed by invalid UTF-8. false and
** res->error set on refusal. fp is left at an unspecified position. */
bool encoding_detect(FILE *fp, char *buf, size_t cap, EncodingResult *res);

/* Physical line (1-based; CR, LF and CRLF each end one) holding byte offset
** `offset` of fp, re-read through buf[cap]. fp is left at an unspecified position. */
long encoding_line_at(FILE *fp, char *buf, size_t cap, long offset);

/* Windows-1252 to UTF-8 through iconv. Every input byte gives at most
** ENCODING_CP1252_GROWTH output bytes; the five bytes that Windows-1252 leaves
** undefined give U+FFFD. */
#define ENCODING_CP1252_GROWTH 3
typedef struct EncodingConverter EncodingConverter;
/* NULL when iconv cannot convert from Windows-1252 (gconv modules missing). */
EncodingConverter *encoding_cp1252_open(void);
/* Converts in[0..n) into out (room for n * ENCODING_CP1252_GROWTH bytes);
** returns the bytes written. Chunks may be cut anywhere: the code is single-byte. */
size_t encoding_cp1252_convert(EncodingConverter *conv, const char *in, size_t n, char *out);
void encoding_close(EncodingConverter *conv);

#endif
