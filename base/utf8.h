/* base/utf8.h: UTF-8 decoding and validation, NFC, and the accent/case-blind keys used to match names. */
#ifndef CHARTE_UTF8_H
#define CHARTE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n); returns its length in bytes (1..4), or
** 0 for an invalid/overlong/surrogate/truncated sequence (then *cp = 0xFFFD). */
size_t utf8_decode(const char *s, size_t n, int32_t *cp);
/* Offset of the first invalid byte in s[0..n), or n when all valid. */
size_t utf8_invalid_at(const char *s, size_t n);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t n);
/* Terminal columns of cp as a text output shows it (base/visible.h): 2 for a wide
** character (East-Asian ideographs, most emoji), 0 for a combining mark or
** another zero-width one, 1 for the rest, a control (shown as its one-column
** picture, a tab counted as one) among them. */
int utf8_columns(int32_t cp);
/* Terminal columns of s[0..n), by utf8_columns (an invalid byte, shown as U+FFFD:
** one). A caret under a source line is placed with it, never by code points. */
size_t utf8_width(const char *s, size_t n);
/* NFC form of valid UTF-8 (GC string). */
char *utf8_nfc(const char *s, size_t n);
/* Matching key: NFKC, case-folded, accents stripped, and spaces, '_', '-',
** apostrophes (' and U+2019) removed; "Montant HT" and "montant_ht" give
** "montantht", "Date d'entrée" gives "datedentree". GC string. */
char *utf8_key(const char *s, size_t n);
/* utf8_key once per distinct text: owners repeat on every contract and hire, and
** a non-ASCII key costs thousands of instructions. */
typedef struct Utf8Keys Utf8Keys;
Utf8Keys *utf8_keys_new(void);
/* utf8_key(s, n), kept by the memo (the same string for the same text). */
const char *utf8_keys_get(Utf8Keys *memo, const char *s, size_t n);
/* true when cp is a letter or a combining mark (identifier material). */
bool utf8_is_letter(int32_t cp);
/* Encodes cp; returns bytes written (1..4) into out[4]. */
size_t utf8_encode(int32_t cp, char out[4]);

/* Edit distance in code points (the first 256 of each), capped: returns limit + 1
** when larger. Suggestions of names and keywords use it. */
int utf8_edit_distance(const char *a, const char *b, int limit);

#endif
