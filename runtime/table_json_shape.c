/* runtime/table_json_shape.c: the shapes of a JSON table's template rows: each byte's class by its place, learnt from a row the template matcher accepted. */
#include "table_impl.h"

#include <string.h>

/*
** Why: the survey validates every row of the file before the first is
** given. Its template matcher (table_json_stream.c) compares the bytes
** around a row's values with the template's and reads each value by the
** grammar: some 320 instructions a row, the most of the survey's. Rows
** written by one program mostly repeat a few layouts (the bench's hour
** table: ten, by the lengths of its values), so a layout seen once is kept
** as a class per byte, and the rows that fit it are checked by ranges,
** sixteen bytes at once (table_json_shape_fits, table_impl.h). A shape
** only ever accepts what the matcher does: its literals are the matcher's,
** byte for byte; a string's text is bytes 0x20 to 0x7F but the quote and
** the backslash, which the matcher's run reads as plain; a number keeps its
** signs, point and exponent's letter in place, and digits where digits
** were, nonzero first when its integer part has more than one digit (the
** number's grammar then reads the same path); a word keeps its letters.
** So the row is the matcher's, with the same end, and every byte of it is
** checked (plain ASCII: valid UTF-8). Anything else (another layout, an
** escape, a byte from 0x80) fits no shape and goes to the matcher.
*/

static void shape_exact(TableJsonShape *sh, size_t i, unsigned char c)
{
    sh->lo[i] = c;
    sh->span[i] = 0;
}

static void shape_range(TableJsonShape *sh, size_t i, unsigned char lo, unsigned char hi)
{
    sh->lo[i] = lo;
    sh->span[i] = (unsigned char)(hi - lo);
}

static bool number_byte(char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

/* The number at row[i] (its grammar the matcher's): its end. */
static size_t shape_number(TableJsonShape *sh, const char *row, size_t i)
{
    size_t end = i;
    while (end < TABLE_JSON_SHAPE_BYTES && number_byte(row[end]))
        end++;
    size_t first = i + (row[i] == '-');   /* the integer part's first digit */
    size_t digits = 0;
    while (first + digits < end && row[first + digits] >= '0' && row[first + digits] <= '9')
        digits++;
    for (size_t k = i; k < end; k++) {
        if (row[k] < '0' || row[k] > '9')
            shape_exact(sh, k, (unsigned char)row[k]);
        else if (k == first && digits > 1)
            shape_range(sh, k, '1', '9');   /* a leading zero would end the number there */
        else
            shape_range(sh, k, '0', '9');
    }
    return end;
}

/* The string at row[i], its opening quote: its end, past the closing quote. */
static size_t shape_string(TableJsonShape *sh, const char *row, size_t i)
{
    shape_exact(sh, i++, '"');
    while (i < TABLE_JSON_SHAPE_BYTES && row[i] != '"') {
        shape_range(sh, i, 0x20, 0x7F);
        sh->text[i++] = 0xFF;
    }
    if (i >= TABLE_JSON_SHAPE_BYTES)
        return i;
    shape_exact(sh, i, '"');
    return i + 1;
}

/* The value at row[i]: its end (TABLE_JSON_SHAPE_BYTES or more when it is cut there). */
static size_t shape_value(TableJsonShape *sh, const char *row, size_t i)
{
    if (row[i] == '"')
        return shape_string(sh, row, i);
    if (row[i] == '-' || (row[i] >= '0' && row[i] <= '9'))
        return shape_number(sh, row, i);
    size_t n = row[i] == 'f' ? 5 : 4;   /* true, false, null */
    for (size_t k = i; k < i + n && k < TABLE_JSON_SHAPE_BYTES; k++)
        shape_exact(sh, k, (unsigned char)row[k]);
    return i + n;
}

bool table_json_shape_learn(TableJsonShape *sh, const char *row, const uint32_t *lit_len, int n)
{
    memset(sh->lo, 0, sizeof sh->lo);
    memset(sh->span, 0xFF, sizeof sh->span);
    memset(sh->text, 0, sizeof sh->text);
    sh->len = 0;
    size_t i = 0;
    for (int k = 0;; k++) {
        if (i + lit_len[k] > TABLE_JSON_SHAPE_BYTES)
            return false;
        for (uint32_t j = 0; j < lit_len[k]; j++, i++)
            shape_exact(sh, i, (unsigned char)row[i]);
        if (k == n)
            break;
        i = shape_value(sh, row, i);
        if (i >= TABLE_JSON_SHAPE_BYTES)
            return false;
    }
    if (i + 2 > TABLE_JSON_SHAPE_BYTES || row[i] != ',' || row[i + 1] != '\n')
        return false;
    shape_exact(sh, i, ',');
    shape_exact(sh, i + 1, '\n');
    sh->len = (uint32_t)i;
    sh->blocks = (uint32_t)(i + 2 + 15) / 16;
    return true;
}

bool table_json_shape_fits_bytes(const TableJsonShape *sh, const unsigned char *p)
{
    for (size_t i = 0; i < 16 * (size_t)sh->blocks; i++) {
        if ((unsigned char)(p[i] - sh->lo[i]) > sh->span[i])
            return false;
        if (sh->text[i] && (p[i] == '"' || p[i] == '\\'))
            return false;
    }
    return true;
}

int table_json_shape_newline(const unsigned char *p)
{
#if defined(__SSE2__)
    for (int b = 0; b < TABLE_JSON_SHAPE_BYTES; b += 16) {
        unsigned bits = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + b)), _mm_set1_epi8('\n')));
        if (bits)
            return b + __builtin_ctz(bits);
    }
    return -1;
#else
    const unsigned char *nl = memchr(p, '\n', TABLE_JSON_SHAPE_BYTES);
    return nl ? (int)(nl - p) : -1;
#endif
}
