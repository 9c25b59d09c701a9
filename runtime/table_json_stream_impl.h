/* runtime/table_json_stream_impl.h: what the streamed JSON reader's files (table_json_stream.c, table_json_survey.c) share: the stream and its template; no other module includes it. */
#ifndef CHARTE_TABLE_JSON_STREAM_IMPL_H
#define CHARTE_TABLE_JSON_STREAM_IMPL_H

#include <stdio.h>

#include "table_impl.h"

/* Open-addressing slots for the columns' names: more than twice their most. */
#define TABLE_JSON_SLOTS    1024

/* The template's most columns: a row of more is never learnt. */
#define TABLE_JSON_TEMPLATE_COLUMNS 32

/* The template's longest literal: a row with a longer one is never learnt. */
#define TABLE_JSON_LITERAL_MAX 32

/* A literal of the template, in place (no pointer to follow), NUL-padded. */
typedef struct TableJsonLiteral {
    unsigned char bytes[TABLE_JSON_LITERAL_MAX];
    uint32_t mask;          /* one bit per byte of it */
    uint32_t len;
} TableJsonLiteral;

/* The bytes of a common row around its n values (keys, colons, commas, the
** braces, white space): lit[0] from the '{' to the first value, lit[n] from
** the last value to the '}' included. n is 0 until one is learnt, -1 when
** the row that would have been was not fit for it. */
typedef struct TableJsonTemplate {
    int n;
    TableJsonLiteral lit[TABLE_JSON_TEMPLATE_COLUMNS + 1];
} TableJsonTemplate;

struct TableJsonStream {
    FILE *fp;
    int fd;                 /* without fp: the file read by pread from base (a part of the survey, a slice's reader) */
    long long limit;        /* a slice's reader: the file offset where its slice ends (LLONG_MAX: the file's end) */
    char *buf;              /* cap bytes; buf[pos..len) not read yet */
    size_t pos, len, cap;
    bool eof;
    int read_errno;
    long long base;         /* file offset of buf[0] */
    long long start;        /* file offset where the JSON starts (after a BOM) */
    long line;              /* line of buf[pos]: lines end only in white space, never in a valid string */
    bool prev_cr;
    bool rows;              /* the second read: rows are given */
    bool done;              /* the top-level array is closed */
    size_t elem;            /* elements of the top-level array begun */
    /* why the document is outside the subset (survey) or changed (rows) */
    bool failed;
    long long fail_at;
    const char *fail_code;
    Say fail;
    /* the row's cells, decoded one after the other (each NUL-terminated); the
    ** text of the last string or number is at its end, at most
    ** TABLE_MAX_FIELD_BYTES + 1 bytes of it kept */
    char *row;
    size_t row_len;
    char *text;
    size_t text_len, text_full;
    bool text_nul;
    unsigned char plain[256];   /* bytes a string holds as they are */
    unsigned char number[256];  /* bytes of a run the whole reader takes for a number */
    /* table_json_number_step as a table; state 9 (for -1) is a dead end */
    unsigned char number_next[10][256];
    /* the columns */
    const char **cols;
    size_t *col_len;
    bool *col_raw;          /* the name has no byte a JSON string must escape */
    const char **col_quoted; /* "name", as a key written without escapes */
    int ncols;
    short slot[TABLE_JSON_SLOTS];   /* column index + 1; 0: empty */
    size_t *col_seen;       /* element (1-based) that last had each column: a key twice in a row object */
    /* the keys of the nested objects open, each object's from obj_first[depth] */
    char *keys;
    size_t keys_len;
    size_t *key_off, *key_len;
    size_t nkeys;
    size_t obj_first[TABLE_MAX_JSON_DEPTH + 1];
    TableJsonTemplate tpl;  /* learnt by the survey; the rows and the parts use it as it is */
    TableJsonShapes *shapes; /* the survey's: layouts of its template rows (table_json_shape.c); NULL: none yet */
    /* slices (runtime/table_json_split.c) */
    TableJsonCuts *cuts;    /* the main reader's: where the survey saw elements start */
    TableJsonCrc crc;       /* its regions' CRCs: summed by the survey, checked by the rows */
    bool split;             /* the main reader's rows are the slices' now */
    bool slice;             /* a part's stream: buf is one slice of the file, read whole */
    bool slice_start;       /* the next element opens the slice: no comma before it */
    bool slice_last;        /* the slice ends the file */
    bool slice_end;         /* the slice is read: the comma after its last element ended it */
    /* the survey in parts (table_json_survey_parts) */
    long long stop_at;      /* where the next part starts, if an element starts there; LLONG_MAX: none */
    bool stopped;           /* the survey stopped there: the element at pos is the next part's */
    int parts_joined;       /* the parts whose findings the survey took (1: it read the file alone) */
};

/* Bytes the fast paths leave unread at the buffer's end. */
#define TABLE_JSON_FAST_MARGIN 64

static inline long long table_json_stream_offset(const TableJsonStream *s)
{
    return s->base + (long long)s->pos;
}

/* table_json_stream.c, for the survey */
TableJsonStream *table_json_stream_new(FILE *fp);
bool table_json_stream_begin(TableJsonStream *s);
bool table_json_stream_element(TableJsonStream *s, TableReader *r, long *line);
bool table_json_stream_end(TableJsonStream *s);
void table_json_stream_resume(TableJsonStream *s, long long at, long line, size_t elem);
bool table_json_stream_survey_template(TableJsonStream *s);
int table_json_stream_column_named(TableJsonStream *s, const char *key, size_t n, int guess, bool add);

/* table_json_survey.c: reads the whole file once (in parts on up to r's open_threads threads
** when it is large): is it in the subset, and what are its columns? */
bool table_json_survey(TableJsonStream *s, const TableReader *r);

#endif
