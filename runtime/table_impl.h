/* runtime/table_impl.h: what the table reader's files (runtime/table*.c) share; no other module includes it. */
#ifndef CHARTE_TABLE_IMPL_H
#define CHARTE_TABLE_IMPL_H

#include <csv.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "encoding.h"
#include "table.h"


/* Bytes read from the file at a time: the reader's memory does not grow with
** the file. The header line must fit in the first chunk. */
#define TABLE_CHUNK (1024 * 1024)
/* Most bytes handed to libcsv between two checks of the field and row
** limits: libcsv's own field buffer can exceed a limit by this much at most. */
#define TABLE_SEGMENT (16 * 1024)

/* libcsv 3.0.3 parser states: csv.h exposes csv_parser.pstate but not the
** names (they live in libcsv.c). We read them to know where a row starts and
** what a skipped row's quoting is. */
enum {
    TABLE_LIBCSV_ROW_NOT_BEGUN = 0,
    TABLE_LIBCSV_FIELD_NOT_BEGUN = 1,
    TABLE_LIBCSV_FIELD_BEGUN = 2,
    TABLE_LIBCSV_FIELD_MIGHT_HAVE_ENDED = 3,
};

/* Quoting state while skipping the rest of a rejected row ourselves. */
typedef enum { TABLE_SKIP_FIELD_START, TABLE_SKIP_UNQUOTED, TABLE_SKIP_QUOTED, TABLE_SKIP_QUOTE_SEEN } TableSkip;

typedef enum { TABLE_SOURCE_ROWS, TABLE_SOURCE_CSV, TABLE_SOURCE_JSON } TableSource;

/* What a byte means to the fast row reader (table_csv_fast_row). */
enum { TABLE_BYTE_TEXT, TABLE_BYTE_SPACE, TABLE_BYTE_SEPARATOR, TABLE_BYTE_LINE_END, TABLE_BYTE_UNUSUAL };

#define TABLE_ABSENT SIZE_MAX

struct TableReader {
    TableInfo info;
    TableSource source;
    bool finished;          /* no more rows: end of data, fatal error or closed */
    TableError fatal;       /* msg set after a fatal error */

    /* The row being built: cell bytes, each NUL-terminated, in `text`. */
    char *text;
    size_t text_len;
    size_t *cell_off;       /* TABLE_ABSENT: no value */
    size_t *cell_len;
    int store_cap;          /* cells kept: ncols, or TABLE_MAX_COLUMNS + 1 for the header */
    int nstored;
    int ndirty;             /* cell_off entries written since the last reset */
    long nfields;
    size_t row_bytes;
    long row_line;
    Say row_err;
    bool row_ready;
    bool row_direct;        /* cells[] already point at the row (fast reader) */
    TableCell *cells;

    /* Rows given in memory. */
    TableRow *mem_rows;
    long mem_nrows, mem_next;

    /* CSV */
    FILE *fp;
    struct csv_parser csv;
    bool csv_live;
    bool check_utf8;        /* the bytes are the file's own, not iconv's output */
    bool chunk_clean;       /* the chunk in buf is whole valid UTF-8 sequences */
    bool verify_fields;     /* a field may hold bytes of a chunk that was not clean */
    bool fast_rows;         /* header read: plain rows may skip libcsv */
    unsigned char byte_class[256];
    EncodingConverter *conv;
    char *raw, *converted;
    size_t bom_len;
    char *buf;              /* decoded chunk being parsed (ours: the fast reader writes NULs in it) */
    size_t pos, len;
    bool first_chunk, input_done;
    long line;              /* physical line of buf[pos] */
    bool prev_cr;
    long seg_line;
    bool skipping, want_skip;
    TableSkip skip;

    /* JSON */
    json_t *root, *colmap;
    size_t next_elem, nelem;
    long *elem_line;
    size_t nelem_line;
};

/*
** jansson turns every real into a double. Before it sees the text, each
** number token becomes a string holding a NUL marker, '#' and the number as
** written ("731.5" -> "\u0000#731.5"); a genuine string containing NUL gets
** "\u0000!" in front so that it can never pass for a number. The same walk
** records the line of each element of the top-level array and bounds the
** nesting depth. Run again with `map_to` set, it only translates an offset of
** the rewritten text back to the original, for jansson's error positions.
*/
typedef struct TableJsonScan {
    const char *in;
    size_t n;
    char *out;              /* malloc'ed; NULL when only mapping */
    size_t out_len, out_cap;
    long *lines;            /* line of each top-level element */
    size_t nlines;
    bool mapping;
    size_t map_to, mapped;
    bool found;
    size_t err_at;
    Say err;
} TableJsonScan;

/* table.c */
void table_fatal(TableReader *r, const char *code, long line, Say msg);
Say table_strerror(int e);
/* fopen for reading, but only of a regular file: the path was checked by
** table_open_file, and is checked again on the descriptor, so that a FIFO put
** in its place meanwhile is refused instead of blocking the run for ever.
** NULL after a fatal error. */
FILE *table_fopen_regular(TableReader *r);
void table_row_error(TableReader *r, Say msg);
void table_field_too_long(TableReader *r, long index);
void table_row_too_long(TableReader *r);
/* Counts a cell of len bytes (column index) into the row; false, with the row
** rejected, when the cell or the row passes its limit. CSV and JSON cells go
** through it alike, so both readers enforce the same limits. */
bool table_cell_fits(TableReader *r, long index, size_t len);
void table_set_store_cap(TableReader *r, int cap);
void table_row_reset(TableReader *r);
void table_store(TableReader *r, int index, const char *s, size_t len);
void table_row_output(TableReader *r, TableRow *row);
void table_count_byte(long *line, bool *prev_cr, unsigned char c);
void table_line_col(const char *s, size_t offset, long *line, long *col);
bool table_make_keys(TableReader *r, long line);

/* table_csv.c */
void table_csv_release(TableReader *r);
bool table_csv_open(TableReader *r);
bool table_csv_next(TableReader *r, TableRow *row);

/* table_csv_fast.c */
bool table_csv_fast_plain_row(TableReader *r);
void table_csv_fast_byte_classes(TableReader *r);

/* table_json_scan.c */
bool table_json_scan(TableJsonScan *sc);

/* table_json.c */
bool table_json_open(TableReader *r);
void table_json_release(TableReader *r);
bool table_json_next(TableReader *r, TableRow *row);

#endif
