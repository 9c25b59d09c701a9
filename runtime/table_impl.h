/* runtime/table_impl.h: what the table reader's files (runtime/table*.c) share; no other module includes it. */
#ifndef CHARTE_TABLE_IMPL_H
#define CHARTE_TABLE_IMPL_H

#include <csv.h>
#include <expat.h>
#include <jansson.h>
#include "zip_lib.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

typedef enum { TABLE_SOURCE_ROWS, TABLE_SOURCE_CSV, TABLE_SOURCE_JSON, TABLE_SOURCE_XLSX, TABLE_SOURCE_ODS } TableSource;

typedef struct TableSheet TableSheet;
typedef struct TableOdsScan TableOdsScan;
typedef struct TableOdsEnd TableOdsEnd;
typedef struct TableJsonStream TableJsonStream;

/* The one read decides the encoding as it goes (docs/performance-journal.md, "One
** read"): a file without BOM is plain ASCII until its first other byte; from
** there the rest of the file is looked at once, and it is UTF-8 when all of it
** is valid, Windows-1252 otherwise, before any of those bytes is parsed. */
typedef enum {
    TABLE_ENC_ASCII,        /* no BOM, every byte so far below 0x80 */
    TABLE_ENC_UTF8,         /* no BOM, the rest of the file was found valid */
    TABLE_ENC_BOM,          /* a UTF-8 BOM: an invalid byte is an error */
    TABLE_ENC_CP1252        /* converted through iconv */
} TableEncoding;

/* A row this long at most, whose line end lies inside the chunk, is read by
** table_csv_fast_next's masks of 64 bits; the cells kept are at least this
** many (table_set_store_cap), so that its loop need not bound them. */
#define TABLE_FAST_ROW_BYTES 64
/* A longer plain row, this long at most, is read by table_csv_fast_long_row
** in groups of 64 bytes; the cells kept are at least this many too. */
#define TABLE_FAST_LONG_ROW_BYTES 256

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
    bool *col_read;         /* per header column: read by the caller; NULL: all are (table_columns_read) */
    bool row_ready;
    bool row_direct;        /* cells[] already point at the row (fast reader) */
    bool row_plain;         /* TableRow.plain */
    bool row_ascii;         /* TableRow.ascii */
    TableCell *cells;

    /* Rows given in memory. */
    TableRow *mem_rows;
    long mem_nrows, mem_next;

    /* CSV */
    FILE *fp;
    struct csv_parser csv;
    bool csv_live;
    TableEncoding enc;      /* what the file's bytes are known to be so far */
    EncodingUtf8Stream utf8; /* a file with a UTF-8 BOM: the exact check, across chunks */
    long raw_offset;        /* file offset of the next byte to read */
    bool chunk_clean;       /* the chunk in buf is whole valid UTF-8 sequences */
    bool verify_fields;     /* a field may hold bytes of a chunk that was not clean */
    bool fast_rows;         /* header read: plain rows may skip libcsv */
    bool fast_again;        /* the last row was table_csv_fast_next's: only pos has moved since it checked the reader */
    unsigned char byte_class[256];
    unsigned char separator16[16];   /* info.separator sixteen times: the short plain reader's vector, one load (table_csv_fast_byte_classes) */
    EncodingConverter *conv;
    char *raw, *converted;
    size_t raw_bytes;       /* raw's mapping (table_csv_raw_new) */
    size_t bom_len;
    char *buf;              /* decoded chunk being parsed (ours: the fast reader writes NULs in it) */
    size_t pos, len;
    bool first_chunk, input_done;
    long line;              /* physical line of buf[pos] */
    bool prev_cr;
    long seg_line;
    bool skipping, want_skip;
    TableSkip skip;

    /* Slices (runtime/table_split.c): the main reader cuts them, parts read them. */
    bool splitting, split_done;
    long split_offset, split_line;
    bool split_prev_cr;
    bool split_crlf;        /* the last slice's lines ended with CRLF (a guess): the next one's line ends are counted as it is scanned */
    bool part;              /* a reader of slices, for one thread */
    bool part_last;         /* its slice ends the file */
    bool part_wants;        /* it has read its slice: the next one continues its rows */
    bool mid_row;           /* it stopped inside a row: the next pump must not forget it */
    size_t converted_cap;

    /* JSON: streamed (table_json_stream.c), or whole when outside its subset */
    int open_threads;       /* threads its opening may use: the survey in parts */
    int header_skip;        /* rows with a value passed before the header (table_header_candidates) */
    TableHeaderCandidate *kept; /* set: the rows passed are kept there (table_header_candidates) */
    int nkept, kept_cap;
    long header_line;       /* the header's line or sheet row (0: JSON) */
    long long open_part_bytes; /* the fewest bytes of a part (0: TABLE_JSON_SURVEY_PART_MIN) */
    TableJsonStream *jstream;
    json_t *root, *colmap;
    size_t next_elem, nelem;
    long *elem_line;
    size_t nelem_line;

    /* Workbooks (XLSX, ODS): one sheet, streamed */
    TableSheet *sheet;
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

/*
** Workbooks. The container is a zip (libzip); its XML parts are parsed by
** expat, a chunk at a time, with no DTD at all (so no entity is ever
** expanded) and every inflated byte counted against a limit, so that a zip
** bomb stops with C0833 after a bounded amount of work and memory. The sheet
** parser suspends expat at the end of each row: the reader holds one row and
** one chunk, never the sheet.
*/
#define TABLE_XML_CHUNK         (64 * 1024)
/* Most bytes one part may inflate to (a sheet of 1 048 576 rows fits). */
#define TABLE_MAX_PART_BYTES    (4096ULL * 1024 * 1024)
/* Past this many inflated bytes, a part that inflates more than this ratio is a bomb. */
#define TABLE_BOMB_AFTER        (64ULL * 1024 * 1024)
#define TABLE_BOMB_RATIO        500
/* Parts read whole (workbook.xml, relationships, styles). */
#define TABLE_MAX_SMALL_PART    (16 * 1024 * 1024)
/* The shared strings of an XLSX workbook, all together. */
#define TABLE_MAX_SHARED_BYTES  (512UL * 1024 * 1024)
/* Rows of a sheet (Excel's own limit). */
#define TABLE_MAX_SHEET_ROWS    1048576L
/* C0808's words for a sheet past TABLE_MAX_SHEET_ROWS, in both readers of sheets. */
Say table_sheet_too_long(void);

/* A part read as a stream (table_inflate.c): deflated parts inflated by ISA-L,
** the CRC checked; NULL from open when libzip cannot open it (zip_strerror).
** A read gives up to cap bytes, 0 at the end, -1 on an error (its wording:
** table_inflate_error, in the user's words: zip_errors.h). */
typedef struct TableInflate TableInflate;
TableInflate *table_inflate_open(zip_t *zip, const char *entry, const zip_stat_t *st);
zip_int64_t table_inflate_read(TableInflate *f, char *buf, size_t cap);
Say table_inflate_error(const TableInflate *f);
void table_inflate_close(TableInflate *f);
/* The CRC of the bytes after the ones given so far (*from) is the caller's
** from now on: a read gives 0 at the end without checking it until
** table_inflate_resume_crc gives it back (the CRC of bytes [*from, upto),
** upto being all the bytes given). false: not deflated, or already ended. */
bool table_inflate_defer_crc(TableInflate *f, unsigned long long *from);
void table_inflate_resume_crc(TableInflate *f, uint32_t crc, unsigned long long upto);
/* CRC-32 (ISA-L's) of n more bytes; of a then b, b's being of blen bytes. */
uint32_t table_inflate_crc_of(uint32_t crc, const void *bytes, size_t n);
uint32_t table_inflate_crc_join(uint32_t a, uint32_t b, unsigned long long blen);

/* A sheet inflated on a thread of its own (table_zip_ahead.c). */
typedef struct TableAhead TableAhead;

typedef struct TableXml {
    XML_Parser parser;      /* NULL while table_xml_scan reads the part */
    bool scanning;          /* the part is read by a tokenizer: table_xml_scan (XLSX), table_ods_scan (ODS) */
    bool paused;            /* table_xml_scan: a row ended, give it */
    TableInflate *zf;
    TableAhead *ahead;      /* when set, zf is read by that thread, not by this one */
    const char *entry;
    unsigned long long inflated, compressed;
    unsigned long long size;    /* the part's inflated size, as its zip entry says */
    bool eof;
    bool row_ready;         /* the parser is suspended at the end of a row */
    Say stop;               /* set by a handler that stopped the parser: why */
    const char *stop_code;
} TableXml;

/* table_xml_scan's limits: a tag, comment or CDATA section; nesting; the open elements' names. */
#define TABLE_SCAN_MAX_TOKEN    (1024 * 1024)
#define TABLE_SCAN_MAX_DEPTH    256
#define TABLE_SCAN_MAX_NAMES    (64 * 1024)
#define TABLE_SCAN_MEMO         16   /* columns whose last shared string is remembered */

/* 16 bytes as two words, compared in one SSE2 operation on x86-64 (the
** compiler's generic vectors: plain words where there is no such unit). */
typedef uint64_t TableScanPair __attribute__((vector_size(16)));

/* A column's cell shape (TableScan.shape). */
typedef struct TableScanShape {
    uint64_t word[2], mask[2];
    TableScanPair want[2], need[2];
    long style;
    size_t len, dlen, plen;
    char type;
} TableScanShape;

/* A shared string met in a sheet, by its index's digits (TableScan.cache). */
#define TABLE_SCAN_CACHE_BITS   10
#define TABLE_SCAN_CACHE        (1 << TABLE_SCAN_CACHE_BITS)
#define TABLE_SCAN_NUMBERS_BITS 8
typedef struct TableScanCached {
    /* the digits (at most 7) and the `<` after them, as the low 7 bits of
    ** its byte, in memory order (key), and the mask of those bits; 0: none */
    uint64_t key, mask;
    const char *text;
    size_t len;
    unsigned char ndigits;
    unsigned char odd;      /* TABLE_SCAN_NOT_*: its plainness (TableSheet.sst_off) and its length, as the cells' checks take them */
} TableScanCached;
#define TABLE_SCAN_NOT_PLAIN 1u   /* not plain ASCII (TableSheet.sst_off) */
#define TABLE_SCAN_NOT_FIELD 2u   /* empty, or longer than a field may be */

/* table_xml_scan's state: the inflated bytes not yet read, and where they are. */
typedef struct TableScan {
    char *buf;              /* cap + 1 bytes; buf[pos..len) pending */
    size_t pos, len, cap;
    bool input_done;
    unsigned long long offset;      /* of buf[0] in the part */
    long line;                      /* line of buf[0], 1-based */
    unsigned long long line_start;  /* offset in the part where that line starts */
    char *names;            /* the open elements' names, each NUL-terminated */
    size_t names_len;
    size_t name_off[TABLE_SCAN_MAX_DEPTH];
    size_t name_len[TABLE_SCAN_MAX_DEPTH];
    int depth;
    bool root_closed;
    bool after_cr;          /* collected text ended with CR: a LF next is its pair */
    bool shared_strings;    /* the part is an XLSX shared-strings table, not a sheet */
    /* The row's number as its <row r="…"> wrote it (1 to 8 digits, little-endian
    ** in a word, and the mask of those bytes): its cells' references end with
    ** it. row_digits_mask is 0 when not known (the row took the general path). */
    uint64_t row_digits, row_digits_mask;
    size_t row_digits_len;
    long row_digits_num;    /* their value: the next row's number is nearly always one more */
    unsigned char cls[256]; /* what each byte is to the tokenizer (table_xml_scan.c) */
    /* A part reads its slice where it lies, when nothing is pending: buf is
    ** then the slice's (NUL-terminated too), and the scanner's own buffer
    ** waits in own, for the bytes a slice leaves pending. */
    bool lent;
    char *own;
    size_t own_cap;
    /* A part's slice read to its end without a pending byte: its lines are
    ** not counted again (a memchr of every byte, which its feed made for
    ** the merge: table_xlsx_split.c); if the part reads on, the next slice,
    ** placed, says where it starts.
    ** lines_later: the part's slice is not the last (set by its feed). */
    bool lines_later, lines_unknown;
    /* The shared strings met, by their index's digits, TABLE_SCAN_CACHE of
    ** them, each at a place the digits say (allocated when the scanner
    ** starts or a part is made): a column's string that is not the row
    ** before's is nearly always one met before (the hour sheet's month, a
    ** new one every row among some 75; its kind of hours), found without
    ** reading its index as a number and looking that up. memo: the entry
    ** of each of the first columns' string in the row before (NULL: none);
    ** most hour lines repeat the contract, participant and kind of the
    ** line before, and the same digits are the same string: one comparison
    ** of a word. (An entry taken since by other digits says so by its key:
    ** a memo is never wrong, only missed.) */
    TableScanCached *cache;
    const TableScanCached *memo[TABLE_SCAN_MEMO];
    /* The plain decimals met (table_sheet_plain_decimal_end), TABLE_SCAN_NUMBERS
    ** of them, each as the bytes up to its `<` (a key as TableScanCached's)
    ** at a place they say: the hours of an hour sheet are a few hundred
    ** values, each checked once. 0: none. */
    uint64_t *numbers;
    /* The bytes between the reference and the value (`" t="s"><v>`,
    ** `"><v>`: at most 16, two words and their masks) of each of the first
    ** columns' last cell read by the fast path, and what they said: a row is
    ** nearly always the shape of the one before, so the next cell of the
    ** column compares two words instead of reading its attributes. len 0:
    ** none. */
    /* want, need: the whole cell up to its value for rows of dlen digits
    ** (`<c r="B`, the digits, `"`, the shape: plen bytes, at most 32 with
    ** 8 digits and 16 bytes of shape), as two pairs of words and the masks
    ** of the bytes that must match (not the digits, compared with the row's
    ** apart); dlen 0: not built since the shape was kept. */
    TableScanShape shape[TABLE_SCAN_MEMO];
    /* The shape each column had before its last, kept with its built prefix:
    ** a column whose cells change between two shapes (the hour sheet's hours,
    ** a number or, one row in ten, a shared string) swaps them instead of
    ** leaving the row template and building the prefix again. len 0: none. */
    TableScanShape shape_alt[TABLE_SCAN_MEMO];
    /* The last data row read whole in the columns' shapes, as literal bytes
    ** and holes (table_xlsx_template.c: the row template); NULL: none learnt. */
    struct TableScanRow *row;
    /* The months of the date cells met (table_xlsx_template.c, scan_date_day);
    ** NULL until a date is met. */
    struct TableScanDays *days;
} TableScan;

/* Slices of an XLSX sheet (table_xlsx_split.c). The main reader: the bytes
** after the last slice's cut, and where the next slice starts. A part: the
** scanner's state between rows, restored for each slice, and the row number
** its slice should end with. */
typedef struct TableSheetSplit {
    bool begun, done, failed;
    char *carry;            /* malloc'ed */
    size_t carry_len, carry_cap;
    unsigned long long offset, line_start;
    long line, row;
    int depth;              /* the part's: the open elements between rows */
    size_t names_len;
    char *names;
    size_t name_off[8], name_len[8];
    long row_after;
    const char *entry;
    /* XLSX: the main reader's line at the next slice to place (the merge's
    ** front), and whether a slice was cut (the next is a guess); a part's
    ** guess for its slice's start line, fixed when it reads on. */
    unsigned long long placed_line_start, guess_line_start;
    long placed_line, guess_line;
    bool cut_once;
    /* ODS (runtime/table_ods_split.c): the cutter stopped (sheet_end: before
    ** the sheet's end tag, which the carry starts with), the fatal error of a
    ** failed read held until the slices are read, what the reading of the
    ** last slice said, and the main reader taken up again after the slices. */
    bool cut_done, sheet_end, resumed;
    /* A part's: its slice cut inside a row; the row its reading started
    ** after, and whether it counts from 0 (not yet placed: table_ods_slice_place);
    ** meanwhile, the cells' references in its rejected rows' reasons, their
    ** rows left blank until the merge writes them (table_sheet_refs_fill). */
    bool cut_in_row, row_guessed;
    long row_start;
    struct TableSheetRef *refs;
    long nrefs;
    TableError kept;
    TableOdsEnd *end;
    int table_depth, data_depth;
    const TableSheet *main;     /* a part's: the main reader's sheet */
    /* The stream's CRC while its readers compute their slices'
    ** (table_sheet_crc.c): crc is of the part's bytes [crc_from, crc_upto);
    ** the slices cut whose CRC is not joined yet wait in order. */
    bool crc_deferred;
    uint32_t crc;
    unsigned long long crc_from, crc_upto;
    struct TableSheetCrcWait *crc_wait;
    long crc_wait_head, crc_wait_len;
} TableSheetSplit;

/* A slice cut whose CRC is not joined yet: its bytes (the slice's buffer,
** which moves with the slice when a slot's slices are swapped), where they
** lie in the part, and its reader's CRC once known. */
typedef struct TableSheetCrcWait {
    const char *bytes;
    unsigned long long at;
    size_t n;
    uint32_t crc;
    bool known;
} TableSheetCrcWait;

/* TABLE_CELL_SHARED: text that stays valid, NUL-terminated, as long as the
** reader (a shared string): a data row points at it rather than copy it. */
typedef enum { TABLE_CELL_EMPTY, TABLE_CELL_TEXT, TABLE_CELL_SHARED, TABLE_CELL_ERROR } TableCellKind;

struct TableSheet {
    zip_t *zip;
    const char *book;       /* the workbook's path */
    struct stat book_stat;  /* the workbook as opened (table_zip_open): which file it is */
    TableBooks *shelf;      /* what the run's other readers of workbooks share; NULL: nothing */
    const char *table;      /* the table asked for ("heures") */
    const char *name;       /* the sheet's own name */
    TableXml xml;
    TableScan scan;

    /* XLSX: shared strings, styles that show dates, the 1904 date system;
    ** sst holds each string after its key (TableTexts). Per string, sst_off
    ** holds where its text starts in sst (below TABLE_MAX_SHARED_BYTES) and
    ** TABLE_SST_NOT_PLAIN unless every byte is above the space and below 0x80,
    ** so that a row of such cells is TableRow.plain and .ascii (data.c then
    ** types it without looking for blanks or other bytes): 4 bytes a string,
    ** one load where a string met far apart is read (table_xlsx_sst_string) */
    char *sst;
    size_t sst_len;
    uint32_t *sst_off;
    size_t nsst;
    /* the room of sst and of sst_off, while xlsx_sst_add fills them (0 for a
    ** table a shelf lent: never added to) */
    size_t sst_cap, nsst_cap;
    unsigned char *xf_date;
    size_t nxf;
    bool date1904;

    /* the sheet being parsed */
    bool header_done;
    int depth_skip;         /* > 0 inside an element whose text is not a value (annotations, phonetics) */
    bool in_data;           /* XLSX: inside sheetData; ODS: inside the table asked for */
    bool in_row, in_cell, in_text;
    long row_num;           /* of the row being read (1-based, as the spreadsheet shows it) */
    long row_repeat;        /* ODS: number-rows-repeated of the row being read */
    long repeat_left;       /* ODS: copies of the last row still to give */
    int col;                /* 0-based column of the cell being read */
    long col_repeat;
    char cell_type;         /* XLSX t attribute: 's', 'i' (inlineStr), 'b', 'e', 'n', 'S' (str), 'd' */
    long cell_style;
    char *value_attr;       /* ODS: office:value / date-value / boolean-value */
    bool cell_error;
    bool cell_date;
    char *cell;             /* the cell's text, at most TABLE_MAX_FIELD_BYTES + 1 bytes kept */
    size_t cell_len;
    bool cell_over;
    bool cell_formula;      /* XLSX: the cell has an <f>; ODS: a table:formula and no value type */
    int paragraphs;
    bool row_has_value;
    int max_col;            /* highest column with a value in the row, -1 when none */
    char *row_text;         /* a data row's values that are not shared strings, each NUL-terminated */
    size_t row_text_len, row_text_cap;
    Say row_err;
    /* ODS: the names of table styles that hide a sheet */
    const char **hidden_styles;
    int nhidden_styles;
    /* the workbook's sheets in order, and (XLSX) its relationships */
    const char **sheet_names;
    const char **sheet_rids;
    unsigned char *sheet_hidden;
    int nsheet_list;
    const char **rel_ids, **rel_targets, **rel_types;
    int nrels;
    bool in_xfs, in_si, in_is;
    char **fmt_codes;       /* XLSX custom number formats, by id (ids up to 4096) */
    bool found;             /* ODS: the sheet was met in content.xml */
    const char *cur_style;  /* ODS: the automatic style being read */
    int table_depth, data_depth;
    long next_col;
    bool hidden;
    int nsheets_seen;
    TableOdsScan *ods;      /* ODS: content.xml's tokenizer and what it takes over from expat; NULL: expat alone */
    const char *carry_to;   /* ODS: the table whose reader takes the part on at this sheet's end (table_carry_on_to) */
    bool carried;           /* ODS: handed the part by the reader of the sheet before, not opened yet */
    int found_at;           /* ODS: the sheet's place among content.xml's sheets, from 0 (once found) */
    TableSheetSplit split;
};

/* Whether p[0..n) == lit[0..n), n at least 16, both readable there: the
** first sixteen bytes and the last (overlapping the ones before), then the
** blocks between, their equalities ANDed and tested once (a row template's
** run, an ODS cell's usual shape: one branch where word compares took one a
** word; the first and last blocks first: most runs are 16 to 32 bytes). */
static inline __attribute__((always_inline)) bool table_same_wide(const char *p, const char *lit, size_t n)
{
#if defined(__SSE2__)
    const __m128i *a = (const __m128i *)(const void *)p, *b = (const __m128i *)(const void *)lit;
    __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(a), _mm_loadu_si128(b)),
                               _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + n - 16)),
                                              _mm_loadu_si128((const __m128i *)(const void *)(lit + n - 16))));
    for (size_t i = 1; 16 * (i + 1) < n; i++)
        eq = _mm_and_si128(eq, _mm_cmpeq_epi8(_mm_loadu_si128(a + i), _mm_loadu_si128(b + i)));
    return _mm_movemask_epi8(eq) == 0xFFFF;
#else
    return memcmp(p, lit, n) == 0;
#endif
}

/* table_zip.c */
bool table_zip_open(TableReader *r, TableSheet *s);
/* A part read whole into GC memory (NUL-terminated); NULL when absent (*absent) or on a fatal error. */
char *table_zip_read_small(TableReader *r, TableSheet *s, const char *entry, size_t *len, bool *absent);
/* Starts streaming `entry` through a new expat parser with these handlers (user data: r). */
bool table_xml_start(TableReader *r, TableSheet *s, const char *entry, XML_StartElementHandler start,
                     XML_EndElementHandler end, XML_CharacterDataHandler text);
/* Opens a part for streaming (s->xml.zf): false, with C0832 when absent, on error. */
bool table_xml_open_part(TableReader *r, TableSheet *s, const char *entry);
/* Up to cap more inflated bytes of the streamed part into buf (*got: 0 at its
** end), every byte counted against the limits; false on a fatal error. */
bool table_zip_read(TableReader *r, TableSheet *s, char *buf, size_t cap, size_t *got);
/* table_zip_read for the XLSX tokenizer, which reads the read-ahead thread's
** bytes where they lie (table_zip_lend) once it holds nothing pending: its
** copy (bytes pending before) ends past the first `until` of the thread's. */
bool table_zip_read_to(TableReader *r, TableSheet *s, char *buf, size_t cap, const char *until, size_t *got);
/* The read-ahead thread's next bytes lent (*bytes, *n; NULL when it has none
** to lend: table_zip_read says why); false after a fatal error (a bomb). */
bool table_zip_lend(TableReader *r, TableSheet *s, const char **bytes, size_t *n);
/* The rest of the streamed part inflated, counted and dropped, to its end,
** where its CRC and size are checked; false on a fatal error (C0832, C0833). */
bool table_zip_read_rest(TableReader *r, TableSheet *s);
/* Parses until a handler suspends the parser (true, xml.row_ready), or to the end (true, xml.eof), or a fatal error (false). */
bool table_xml_pump(TableReader *r, TableSheet *s);
/* Reads the sheet's XML up to its header row (or its end); false when reading failed. */
bool table_xml_to_header(TableReader *r, TableSheet *s);
/* true when the header row was read; C0805 (an empty sheet) otherwise. */
bool table_xml_header_read(TableReader *r, TableSheet *s);
/* Parses a part held in memory, whole, with the same protections. */
bool table_xml_parse_small(TableReader *r, TableSheet *s, const char *entry, const char *text, size_t len,
                           void *user, XML_StartElementHandler start, XML_EndElementHandler end,
                           XML_CharacterDataHandler chars);
void table_xml_release(TableSheet *s);
void table_sheet_release(TableReader *r);
/* The local part of an expat name ("URI local" with namespaces). */
const char *table_xml_local(const char *name);
/* Is this name in a namespace whose URI contains `part` (":calcext:")? */
bool table_xml_ns_has(const char *name, const char *part);
const char *table_xml_attr(const char **attrs, const char *local);
/* A handler stops the whole parse, for good, with this error. */
void table_xml_abort(TableReader *r, const char *code, Say why);
/* A DOCTYPE met: the parse stops with C0834 (no DTD, so no entity, ever). */
void table_xml_refuse_doctype(TableReader *r);
/* The shared row machinery of both sheet readers. */
void table_sheet_cell_text(TableSheet *s, const char *text, size_t len);
void table_sheet_begin_row(TableReader *r, long row_num);
/* A row's state emptied before it is read (every format). Inline, with the
** two below: an XLSX hour row's start was three calls across three files,
** some 50 instructions a row. */
static inline void table_row_reset(TableReader *r)
{
    r->text_len = 0;
    r->nstored = 0;
    r->nfields = 0;
    r->row_bytes = 0;
    r->row_line = 0;
    r->row_err = SAY_NONE;
    r->row_ready = false;
    r->row_direct = false;
    r->row_plain = false;
    r->row_ascii = false;
    r->want_skip = false;
    for (int i = 0; i < r->ndirty; i++)
        r->cell_off[i] = TABLE_ABSENT;
    r->ndirty = 0;
}
/* The same as table_sheet_begin_row but for the clearing of a data row's
** cells, which the caller makes with table_sheet_clear_cells before any
** cell is put, but for the first ones put in order from the first column
** (the XLSX row template). A data row's text is emptied (its cells are set
** in place: r->row_direct). */
static inline void table_sheet_begin_row_uncleared(TableReader *r, long row_num)
{
    TableSheet *s = r->sheet;
    table_row_reset(r);
    if (s->header_done) {
        s->row_text_len = 0;
        r->row_direct = true;
    }
    r->row_line = row_num;
    s->row_num = row_num;
    s->row_has_value = false;
    s->max_col = -1;
    if (row_num > TABLE_MAX_SHEET_ROWS)
        table_xml_abort(r, "C0808",
                        table_sheet_too_long());
}
/* A data row's cells from the column from on emptied (a call of a few
** stores where the loop was 33 instructions a row). */
static inline void table_sheet_clear_cells(TableReader *r, int from)
{
    if (r->sheet->header_done && from < r->info.ncols)
        memset(r->cells + from, 0, sizeof *r->cells * (size_t)(r->info.ncols - from));
}
void table_sheet_put_cell(TableReader *r, int col, const char *text, size_t len, TableCellKind kind);
/* The common case of table_sheet_put_cell, inline for the XLSX fast path: a
** value of a data row, not empty, in a header column, within the limits:
** pointed at when shared (a shared string), else copied into the row's text
** when it has the room. false, with nothing done, in every other case. */
/* Appends text and its NUL to the row's text, which has the room; the copy. */
static inline const char *table_sheet_copy_text(TableSheet *s, const char *text, size_t len)
{
    char *copy = s->row_text + s->row_text_len;
    memcpy(copy, text, len);
    copy[len] = '\0';
    s->row_text_len += len + 1;
    return copy;
}

static inline bool table_sheet_put_fast(TableReader *r, int col, const char *text, size_t len, bool shared)
{
    TableSheet *s = r->sheet;
    if (!s->header_done || len == 0 || len > TABLE_MAX_FIELD_BYTES || col >= r->info.ncols ||
        r->row_bytes + len + 1 > TABLE_MAX_ROW_BYTES || (!shared && s->row_text_len + len + 1 > s->row_text_cap))
        return false;
    s->row_has_value = true;
    if (col > s->max_col)
        s->max_col = col;
    r->row_bytes += len + 1;
    if (!shared)
        text = table_sheet_copy_text(s, text, len);
    r->cells[col] = (TableCell){ text, len };
    return true;
}
void table_sheet_end_row(TableReader *r);
/* "C12": a column index (0-based) and a row number as a spreadsheet writes them. */
char *table_sheet_cell_ref(int col, long row);
/* A cell's reference in a rejected row's reason, written by a part that
** counts its rows from 0 (an ODS slice not yet placed): the row's digits are
** TABLE_REF_ROW_BLANK bytes left blank at text[i] + at[i] (French, English),
** `row` the part's own count. table_sheet_refs_fill writes them, at the
** merge, in place: the reason held by the rejected row is the same text. */
#define TABLE_REF_ROW_BLANK 7
_Static_assert(TABLE_MAX_SHEET_ROWS < 10000000L, "a row's digits fit the blank");
typedef struct TableSheetRef {
    char *text[2];
    size_t at[2];
    long row;
} TableSheetRef;
/* Part s's references' rows written, its count moved on by shift (the rows
** before its slice); none left after. */
void table_sheet_refs_fill(TableSheet *s, long shift);
/* An exact decimal from a workbook's number text ("1.5E-3" -> "0.0015"); NULL when it is not a number. */
char *table_sheet_decimal(const char *s);
/* The plain decimal at v, what table_sheet_decimal would leave as it is
** ("6.56", "-0.5", "12", "0"; not "-0", "1.50", "01", ".5", nor more than 40
** digits): where it ends, for the caller to check that the value ends there
** (a NUL, or the tokenizer's "</v>"); NULL when it is none. Inline: the XLSX
** tokenizer calls it for every numeric cell. */
static inline const char *table_sheet_plain_decimal_end(const char *v)
{
    const char *p = v;
    if (*p == '-')
        p++;
    const char *digits = p;
    if (*p == '0') {
        p++;
        if (*p != '.')
            return v[0] == '-' ? NULL : p;   /* "0", but not "-0" */
    } else {
        if ((unsigned)(*p - '1') >= 9)
            return NULL;
        while ((unsigned)(*p - '0') < 10)
            p++;
    }
    if (*p == '.') {
        const char *frac = ++p;
        while ((unsigned)(*p - '0') < 10)
            p++;
        if (p == frac || p[-1] == '0')
            return NULL;
    }
    return p - digits <= 40 ? p : NULL;
}
/* true when s is already what table_sheet_decimal would make of it ("21.67",
** "-0.5", "0"), which most numbers of a sheet are: no copy to make. */
bool table_sheet_decimal_is_plain(const char *s);
/* A date from a serial number (1900 or 1904 system), as ISO text; a time of day other than midnight is kept. */
char *table_sheet_serial_date(const char *num, bool date1904);
/* The same for most date cells, a whole day's plain serial ("45292", len
** bytes), written into out as YYYY-MM-DD without an allocation; false for
** anything else (a fraction, an exponent, a sign, more than 7 digits, a day
** that is none), which table_sheet_serial_date then reads. */
bool table_sheet_serial_day(const char *num, size_t len, bool date1904, char out[11]);
/* "00" to "99", two bytes each: a day, month or year's digits written without a division's loop. */
extern const char table_two_digits[201];
/* Sheet names match table names as headers match columns. */
bool table_sheet_name_matches(const char *sheet, const char *table);

/* Picks the first visible sheet named like the table, from sheet_names;
** names the reader after it ("book.xlsx:Heures"). C0835 when none. */
bool table_sheet_choose(TableReader *r);
void table_sheet_name_reader(TableReader *r, const char *sheet);
void table_sheet_missing(TableReader *r);

/* table_xlsx.c */
bool table_xlsx_open(TableReader *r);
/* A sheet element's start (its local name; its r, t and s attributes, NULL
** when absent) and end, from table_xml_scan. */
void table_xlsx_sheet_start(TableReader *r, const char *local, size_t n, const char *ref, const char *type,
                            const char *style);
void table_xlsx_sheet_end(TableReader *r, const char *local, size_t n);
/* A <row> of the sheet's data, numbered num (its r attribute, or the one
** after the last); its cells left for the caller to clear when
** clear_later (table_sheet_begin_row_uncleared). */
static inline void table_xlsx_row_start(TableReader *r, long num, bool clear_later)
{
    TableSheet *s = r->sheet;
    if (num <= s->row_num)
        num = s->row_num + 1;   /* rows out of order: counted on */
    if (clear_later)
        table_sheet_begin_row_uncleared(r, num);
    else
        table_sheet_begin_row(r, num);
    s->in_row = true;
    s->col = -1;
}
/* The same for the shared-strings table. */
void table_xlsx_sst_start(TableReader *r, const char *local, size_t n);
void table_xlsx_sst_end(TableReader *r, const char *local, size_t n);
/* A whole <c> of the common shape (column col from its reference or -1, type
** 's' or 'n', style, the <v> text: len bytes, NUL-terminated), as the start,
** text and end events of it would have read it. */
void table_xlsx_cell(TableReader *r, int col, char type, long style, const char *value, size_t len);
/* A whole <si> of one plain <t>, its text as read (len bytes, no markup, no
** reference, no CR): appended to the shared strings when it needs no
** unescaping and no string is open (true), else false with nothing done. */
bool table_xlsx_sst_plain(TableReader *r, const char *text, size_t len);
/* The same for text known to be plain (TableSheet.sst_off) and to hold no
** `_`, with no string open: appended. */
void table_xlsx_sst_add_plain(TableReader *r, const char *text, size_t len);
#define TABLE_SST_NOT_PLAIN (UINT32_C(1) << 31)
_Static_assert(TABLE_MAX_SHARED_BYTES <= TABLE_SST_NOT_PLAIN, "a shared string's offset leaves sst_off's top bit free");
/* Shared string index (< nsst): its text, *len bytes (then a NUL; the next
** string's key after it, TableTexts), and whether it is plain (sst_off). */
static inline const char *table_xlsx_sst_string(const TableSheet *s, size_t index, size_t *len, bool *plain)
{
    uint32_t at = s->sst_off[index];
    size_t from = at & ~TABLE_SST_NOT_PLAIN;
    size_t to = index + 1 < s->nsst ? (s->sst_off[index + 1] & ~TABLE_SST_NOT_PLAIN) - TABLE_TEXT_KEY_BYTES : s->sst_len;
    *len = to - from - 1;
    *plain = !(at & TABLE_SST_NOT_PLAIN);
    return s->sst + from;
}
/* The same, its text only. */
static inline const char *table_xlsx_sst_text(const TableSheet *s, size_t index, size_t *len)
{
    bool plain;
    return table_xlsx_sst_string(s, index, len, &plain);
}
/* The same for a shared string that is there: its text, as table_xlsx_sst_text
** gives it. Inline: four cells of five of an hour line (a call each was a
** tenth of a cell's instructions). */
static inline void table_xlsx_shared_cell(TableReader *r, int col, long style, const char *text, size_t len)
{
    TableSheet *s = r->sheet;
    s->col = col > s->col ? col : s->col + 1;
    s->cell_type = 's';
    s->cell_style = style;
    if (!table_sheet_put_fast(r, s->col, text, len, true))
        table_sheet_put_cell(r, s->col, text, len, TABLE_CELL_SHARED);
}

/* The same for a numeric cell whose text (len bytes where it lies, not
** NUL-terminated) is a plain decimal (table_sheet_decimal_is_plain) and whose
** style is no date: put as table_xlsx_cell would put it, without the copy to
** a NUL-terminated buffer and the call; false with nothing done when the
** style is a date's or the value does not fit (table_xlsx_cell then). */
static inline bool table_xlsx_plain_number_cell(TableReader *r, int col, long style, const char *value, size_t len)
{
    TableSheet *s = r->sheet;
    int at = col > s->col ? col : s->col + 1;
    if ((style >= 0 && (size_t)style < s->nxf && s->xf_date[style]) || !table_sheet_put_fast(r, at, value, len, false))
        return false;
    s->col = at;
    s->cell_type = 'n';
    s->cell_style = style;
    return true;
}

/* table_xml_scan.c: drops the bytes before pos, the line and offsets kept right. */
void table_xml_scan_compact(TableScan *sc);
/* Nothing pending, in the scanner's own buffer (a part starting a slice). */
void table_xml_scan_empty(TableScan *sc);

/* table_xlsx_split.c: an XLSX sheet's rows on several threads, as
** table_split.c's functions of the same names for CSV (table.h). */
bool table_xlsx_can_split(const TableReader *r);
bool table_xlsx_split_next(TableReader *r, TableSlice *sl, size_t size);
long table_xlsx_split_bytes_left(TableReader *r);
TableReader *table_xlsx_part_new(const TableReader *r);
void table_xlsx_part_feed(TableReader *p, TableSlice *sl, bool fresh);
/* The slice's line, in the slices' order (the main reader r counts them); true when its reader read it with a guess. */
bool table_xlsx_slice_place(TableReader *r, TableSlice *sl);
/* Part p read its slice sl with a guessed line, and sl is placed: its scanner's line set right. */
void table_xlsx_part_rebase(TableReader *p, const TableSlice *sl);
bool table_xlsx_part_between_rows(const TableReader *p);
void table_xlsx_part_release(TableReader *p);
/* Up to cap more bytes of the part's slice (0: the slice is read). */
size_t table_xlsx_part_take(TableReader *p, char *buf, size_t cap);
/* The rest of the part's slice, to be read where it lies (*n bytes, then a
** NUL), taken: NULL when the slice is read. */
const char *table_xlsx_part_lend(TableReader *p, size_t *n);
/* The cutting both sheet readers share: the carry's bytes then inflated
** ones into sl, up to size (false: out of memory; a failed read sets
** split.failed); sl's buffer of at least need bytes; bytes put back in
** front of the carry. */
bool table_sheet_split_fill(TableReader *r, TableSlice *sl, size_t size, size_t *len);
bool table_sheet_split_room(TableReader *r, TableSlice *sl, size_t need);
/* A sheet slot cleared for its next slice, its buffer kept, the CRC of the one it held joined. */
void table_sheet_slice_reuse(TableSheet *s, TableSlice *sl);
bool table_sheet_split_keep_carry(TableReader *r, const char *bytes, size_t n);
/* A part of r (source: its sheet's format): a reader of r's columns and a
** sheet of r's book, table and columns read, its header done, its
** tokenizer's names buffer made; the format's own fields are the caller's. */
TableReader *table_sheet_part_new(const TableReader *r, TableSource source);
/* A part's tokenizer at a slice's start: the elements open between rows,
** as the cutter kept them in z. */
void table_sheet_split_restore_names(TableScan *sc, const TableSheetSplit *z);
/* The stream's CRC left to the slices' readers (table_sheet_crc.c): begun at
** the split's start; a slice cut, its reader's CRC computed, a slot's slice
** joined when its buffer is cut into again; the bytes not in the slices waiting
** (tail, at the part's offset tail_at) joined and the sum given back to the
** stream when it ends or the cutting stops; a read for the cutter that says
** the CRC's error at the stream's end, where the stream itself said it. */
void table_sheet_crc_begin(TableSheet *s);
void table_sheet_crc_cut(TableSheet *s, TableSlice *sl);
void table_sheet_crc_compute(TableSlice *sl);
void table_sheet_crc_reuse(TableSheet *s, TableSlice *sl);
void table_sheet_crc_resolve(TableSheet *s, unsigned long long tail_at, const char *tail, size_t tail_len);
bool table_sheet_crc_read(TableReader *r, unsigned long long tail_at, const char *tail, size_t tail_len, char *buf,
                          size_t cap, size_t *got);

/* table_books.c: true, with s->sst… set, when the shelf holds the shared
** strings of this workbook's part; after a parse, keeps them there. */
bool table_books_strings(TableBooks *shelf, TableSheet *s, const char *part);
void table_books_keep(TableBooks *shelf, const TableSheet *s, const char *part);
/* A reader of sheet name of book, open without error at its header, lent to
** the next table_open of the same sheet (table_books_take: NULL when none). */
void table_books_lend(TableBooks *shelf, TableReader *r, const char *book, const char *name);
TableReader *table_books_take(TableBooks *shelf, const char *book, const char *name);
/* An ODS reader of book's sheet at place `at` of content.xml, at its header;
** whether another reader of the run reads a later sheet of that part (with
** no shelf, none is known: false). */
void table_books_note_sheet(TableBooks *shelf, const char *book, int at);
bool table_books_read_past(const TableBooks *shelf, const char *book, int at);
/* The threads set for the opening (1 when books is NULL or none were). */
int table_books_threads(const TableBooks *books);
/* table_open_file, with threads for its opening (TableReader.open_threads),
** and the fewest bytes of a part of a JSON survey (0: the reader's own; the
** tests and the fuzz harness make small files' surveys in parts). */
TableReader *table_open_file_with(const char *path, int threads, long long part_bytes, TableError *err);

/* table_zip_ahead.c: the next inflated bytes of the part (as zip_fread),
** and the thread stopped and joined. */
zip_int64_t table_ahead_read(TableAhead *a, char *buf, size_t cap);
/* table_ahead_read, ending the copy just past the first `until` in it. */
zip_int64_t table_ahead_read_to(TableAhead *a, char *buf, size_t cap, const char *until);
/* The head slot's bytes not yet read, lent where they lie (*n of them, a NUL
** after them) until the next read or loan, or NULL: none are ready to lend
** (the part's end, an error, the thread joined with nothing left), which a
** copying read then says. */
const char *table_ahead_lend(TableAhead *a, size_t *n);
void table_ahead_stop(TableAhead *a);
/* The thread stopped and joined, the part still open: the buffers it filled
** are read first, then the main thread inflates the rest itself (the sheet's
** slices, cut by a thread that inflates straight into them). */
void table_ahead_detach(TableAhead *a);

/* table_xml_scan.c */
/* The reference at p[0] == '&' (at most n bytes): its UTF-8 in out, its length
** in *used; NULL when it is one XML defines, else what is wrong (expat's words). */
const char *table_xml_scan_reference(const char *p, size_t n, char out[4], size_t *outlen, size_t *used);
/* The length of the UTF-8 character at p, checked (a character XML allows);
** 0 when invalid; when the buffer ends inside it before the part does, *more. */
size_t table_xml_scan_utf8(const TableScan *sc, const char *p, const char *end, bool *more);
/* Starts reading an XLSX sheet part, or the shared-strings table, with the
** scanner (s->xml.scanning). */
bool table_xml_scan_start(TableReader *r, TableSheet *s, const char *entry, bool shared_strings);
/* table_xml_pump's work for a scanned part. */
bool table_xml_scan_pump(TableReader *r, TableSheet *s);
/* table_xlsx_template.c: the next data row read whole by the row template, when its bytes are
** the template's with the row's number and values in its holes: the row
** ready (s->xml.row_ready); false with nothing read otherwise. */
bool table_xml_scan_row(TableReader *r, TableSheet *s);
bool table_xlsx_next(TableReader *r, TableRow *row);
bool table_xlsx_fast_next(TableReader *r, TableRow *row, TableError *err);

/* table_ods.c */
bool table_ods_open(TableReader *r);
bool table_ods_next(TableReader *r, TableRow *row);
bool table_ods_fast_next(TableReader *r, TableRow *row, TableError *err);
/* table_carry_on_to's second half: the reader the sheet read before handed its
** stream to (TableSheet.carried), read on to its own sheet's header as
** table_ods_open reads a new one; false with r->fatal as that open's. */
bool table_ods_open_carried(TableReader *r);
/* table_carry_on_to for a reader of a sheet of the workbook dir. */
bool table_ods_carry_on_to(TableReader *r, const char *name);
/* content.xml's handlers (expat's, and table_ods_scan's: names and attribute
** names given as expat gives them, "URI local" or the local name alone). */
void XMLCALL table_ods_start(void *user, const XML_Char *name, const XML_Char **attrs);
void XMLCALL table_ods_end(void *user, const XML_Char *name);
void XMLCALL table_ods_text(void *user, const XML_Char *text, int len);
/* What a cell's attributes say: number-columns-repeated (table_ods_count),
** its value type ('f', 'd', 'b', 's'; 0: none) and the value of the attribute
** that type reads (NULL: absent), calcext's error type, and whether it has a
** table:formula (with no value type: a formula never computed). */
typedef struct TableOdsCell {
    long repeat;
    char type;
    const char *value;
    bool error;
    bool formula;
} TableOdsCell;
/* A repetition count from its attribute's value (NULL: absent), bounded. */
long table_ods_count(const char *v);
/* The kind of a value-type, and the attribute that holds its value. */
char table_ods_value_kind(const char *type, const char **value_name);
/* A whole cell of a row read (not inside an annotation or a nested table) of
** one paragraph of plain text, `<table:table-cell …><text:p>text</text:p>
** </table:table-cell>`: what its five events do, in one call (c->value
** needs to last only as long as the call). */
void table_ods_cell(TableReader *r, const TableOdsCell *c, const char *text, size_t len);
/* The same for a cell of one value or none (repeat 1, no error): a float's
** value, NULL for a string, whose text is the paragraph's. The cell's own
** fields (TableSheet.cell…) are left as they are: no handler reads them
** before the next cell sets them again. Without a value, text lies in the
** tokenizer's buffer with sixteen bytes readable from its start (the cell's
** end tags follow it). */
void table_ods_plain_cell(TableReader *r, const char *value, const char *text, size_t len);
/* Most columns one repeated cell may fill: past the header's columns a value is an error anyway. */
#define TABLE_ODS_MAX_REPEAT_FILL (TABLE_MAX_COLUMNS + 1)

/* A short text (the usual cell's: a code, a month, a number) put as
** table_sheet_put_fast puts it, its copy made sixteen bytes at once where
** the row's text has the room (the bytes past its NUL are free room): the
** text lies in the tokenizer's buffer, followed by the cell's end tags. */
static inline bool table_ods_put_short(TableReader *r, int col, const char *text, size_t len)
{
#if defined(__SSE2__)
    TableSheet *s = r->sheet;
    if (len >= 16 || s->row_text_len + 16 > s->row_text_cap)
        return false;
    char *copy = s->row_text + s->row_text_len;
    _mm_storeu_si128((__m128i *)(void *)copy, _mm_loadu_si128((const __m128i *)(const void *)text));
    if (!table_sheet_put_fast(r, col, copy, len, true))
        return false;
    copy[len] = '\0';
    s->row_text_len += len + 1;
    return true;
#else
    (void)r, (void)col, (void)text, (void)len;
    return false;
#endif
}

/* table_ods_plain_cell without a value, inline: the tokenizer calls it for
** most cells (a call and its saved registers cost a fifth of the cell). */
static inline void table_ods_text_cell(TableReader *r, const char *text, size_t len)
{
    TableSheet *s = r->sheet;
    long col = s->next_col++;
    if (len > TABLE_MAX_FIELD_BYTES + 1)
        len = TABLE_MAX_FIELD_BYTES + 1;   /* what the cell's text buffer keeps */
    if (len == 0 || col >= TABLE_ODS_MAX_REPEAT_FILL + TABLE_MAX_COLUMNS)
        return;
    if (!table_ods_put_short(r, (int)col, text, len) && !table_sheet_put_fast(r, (int)col, text, len, false))
        table_sheet_put_cell(r, (int)col, text, len, TABLE_CELL_TEXT);
}
/* What the handlers do for a row of the sheet read (in it, not inside an
** annotation or a nested table): its start, with its number-rows-repeated
** (table_ods_count), and its end when it was begun. */
void table_ods_row_start(TableReader *r, long repeat);
void table_ods_row_end(TableReader *r);

/* table_ods_scan.c: from the first sheet on, content.xml is read by a
** tokenizer rather than expat; anything it does not take goes back to expat,
** from the last element end it read (docs/performance-journal.md). */
/* Watches expat's parse of content.xml up to the first sheet (its open
** elements, its namespace bindings); not when the reader is to stay with expat. */
void table_ods_scan_watch(TableReader *r);
/* Expat met an element's start or end (its handlers call these). */
void table_ods_scan_note_start(TableReader *r);
void table_ods_scan_note_end(TableReader *r);
/* Expat met a sheet's start: where it is in content.xml is kept, and it is
** suspended, for the tokenizer to take over. */
void table_ods_scan_note_sheet(TableReader *r);
/* The tokenizer takes over (s->xml.scanning) when expat was suspended there. */
void table_ods_scan_begin(TableReader *r);
/* table_xml_pump's work while the tokenizer reads content.xml. */
bool table_ods_scan_pump(TableReader *r, TableSheet *s);
/* The next row read whole by the tokenizer's row template, given (row_ready); false, nothing done, when it cannot be. */
bool table_ods_scan_row(TableReader *r, TableSheet *s);
/* The tokenizer reads the part (expat has not taken it back). */
bool table_ods_scan_reading(const TableSheet *s);
/* Slices of the sheet read (runtime/table_ods_split.c): the main reader
** stands between rows where expat could take over (its safe place). */
bool table_ods_scan_can_split(const TableSheet *s);
/* What the reading of the last slice says, as the main reader stands now (no slice read). */
TableOdsEnd *table_ods_scan_end_new(const TableSheet *s);
/* A part's tokenizer: the main reader's, between rows, telling end. */
TableOdsScan *table_ods_scan_part(const TableSheet *m, TableOdsEnd *end);
/* A part starts a slice where it lies (NUL and zeros after it), at offset at of content.xml. */
void table_ods_scan_part_start(TableSheet *s, const char *bytes, size_t len, unsigned long long at);
/* A part reads on into the next slice: after the bytes its slice left pending, or not at all
** once it stopped for good (expat's to read, or past the sheet's end). */
void table_ods_scan_part_more(TableReader *p, const char *bytes, size_t len, unsigned long long at);
/* The part stopped between rows (whether its slice was cut inside a row is for the caller to check). */
bool table_ods_scan_part_between(const TableReader *p);
/* The part stopped between rows, or for good: no row of its own is left half read. */
bool table_ods_scan_part_stopped(const TableReader *p);
/* A part met the sheet's end tag. */
void table_ods_scan_part_ended(TableReader *p);
/* A part's row numbers moved on by shift: its safe place's, and what it told the main reader last if still its word. */
void table_ods_scan_end_shift(TableSheet *s, long shift);
/* After the slices: the main reader goes on as the single reader would from
** where the last slice's reading stopped. false: a fatal error (r->fatal). */
bool table_ods_scan_resume(TableReader *r, TableSheet *s);

/* table_ods_split.c: the sheet's rows read on several threads, content.xml
** cut into slices after a </table:table-row>, each tokenised by a part. */
bool table_ods_can_split(const TableReader *r);
bool table_ods_split_next(TableReader *r, TableSlice *sl, size_t size);
long table_ods_split_bytes_left(TableReader *r);
TableReader *table_ods_part_new(const TableReader *r);
void table_ods_part_feed(TableReader *p, TableSlice *sl, bool fresh);
bool table_ods_part_between_rows(const TableReader *p);
void table_ods_part_release(TableReader *p);
/* In the slices' order, on the main reader r: the slice's first row number; true when its reader counted from 0. */
bool table_ods_slice_place(TableReader *r, TableSlice *sl);
/* Part p read placed slice sl counting from 0: true with what to add to its
** rows' numbers (set right in p), false when it must read sl again. */
bool table_ods_part_rows_shift(TableReader *p, const TableSlice *sl, long *shift);
/* Part p's reading is kept: the next slice's first row follows its last. */
void table_ods_part_kept(TableReader *r, const TableReader *p);

/* table.c */
/* table_next's general path, for every source. */
bool table_next_row(TableReader *r, TableRow *row, TableError *err);
/* table_next_row's end when the format's reader gave no row: the reader
** finished (but for a part that wants its next slice), its fatal error in
** *err. Always false. */
bool table_next_none(TableReader *r, TableError *err);
/* Whether a format's shortcut of table_next may read the next row: not when
** the reader finished or has its fatal error, which table_next_row says. */
static inline bool table_fast_next_may(TableReader *r)
{
    if (r->finished || say_is_set(r->fatal.msg))
        return false;
    r->fast_again = false;   /* whatever this reads, table_csv_fast_next checks the reader again */
    return true;
}
/* table_next_none after a format's shortcut of table_next gave no row: the row
** and the error cleared first, as table_next_row clears them. */
bool table_next_none_cleared(TableReader *r, TableRow *row, TableError *err);
/* A reader of the file at path, not opened yet. */
TableReader *table_new(const char *path, TableSource source);
/* A reader of sheet name of the workbook book, not opened yet. */
TableReader *table_sheet_reader_new(TableBooks *shelf, const char *book, const char *name, TableSource source);
void table_fatal(TableReader *r, const char *code, long line, Say msg);
Say table_strerror(int e);
/* fopen for reading, but only of a regular file: the path was checked by
** table_open_file, and is checked again on the descriptor, so that a FIFO put
** in its place meanwhile is refused instead of blocking the run for ever.
** NULL after a fatal error. */
FILE *table_fopen_regular(TableReader *r);
void table_row_error(TableReader *r, Say msg);
/* Whether the caller reads column col: a cell nobody reads rejects nothing
** (a workbook's error value, a JSON object or array, a NUL in a JSON text). */
bool table_column_read(const TableReader *r, int col);
void table_field_too_long(TableReader *r, long index);
/* A JSON key or a header cell as a message names its column: quoted, or
** "la colonne sans nom" when it is empty (never an empty « »). */
Say table_column_named(const char *name);
/* A JSON row rejected for a cell holding a NUL, or an object or an array. */
void table_json_nul_cell(TableReader *r, int index, const char *key);
void table_json_nested_cell(TableReader *r, int index, const char *key);
void table_row_too_long(TableReader *r);
/* Counts a cell of len bytes (column index) into the row; false, with the row
** rejected, when the cell or the row passes its limit. CSV and JSON cells go
** through it alike, so both readers enforce the same limits. */
bool table_cell_fits(TableReader *r, long index, size_t len);
void table_set_store_cap(TableReader *r, int cap);
void table_store(TableReader *r, int index, const char *s, size_t len);
/* The row just read, of ncells cells (r->cell_off), kept as a header
** candidate when r keeps the rows above its header (table_header_candidates). */
void table_keep_above(TableReader *r, long line, int ncells);
void table_row_output(TableReader *r, TableRow *row);
/* table_row_output's handing over of a row whose cells are in place
** (row_direct): inline where such a row is read (the XLSX row template: a
** call a row). */
static inline void table_row_hand(const TableReader *r, TableRow *row)
{
    row->line = r->row_line;
    row->cells = r->cells;
    row->error = r->row_err;
    row->plain = r->row_plain;
    row->ascii = r->row_ascii;
}
void table_count_byte(long *line, bool *prev_cr, unsigned char c);
void table_line_col(const char *s, size_t offset, long *line, long *col);
bool table_make_keys(TableReader *r, long line);

/* table_csv.c */
void table_csv_release(TableReader *r);
bool table_csv_open(TableReader *r);
bool table_csv_next(TableReader *r, TableRow *row);
/* A row with more fields than the header: rejected, and why. */
void table_csv_check_width(TableReader *r);

/* The one read's decision on raw bytes p[0..n) at file offset `at`; false after a fatal error. */
bool table_csv_decide(TableReader *r, const char *p, size_t n, long at);
/* The end of a BOM file that cuts a UTF-8 sequence (file offset of the end): a fatal error. */
void table_csv_decide_end(TableReader *r, long end);

/* table_csv_fast.c */
bool table_csv_fast_plain_row(TableReader *r);
/* table_next for a CSV reader: a plain row of a clean chunk read at once,
** any other row by table_next_row. */
bool table_csv_fast_next(TableReader *r, TableRow *row, TableError *err);
void table_csv_fast_byte_classes(TableReader *r);

/* table_json_scan.c */
bool table_json_scan(TableJsonScan *sc);

/* table_json_stream.c */
/* Opens the streamed reader (r->jstream) after a survey of the whole file;
** false with *whole set when the file is outside the subset it reads and the
** whole-document reader must take it (and word its error), false alone after
** a fatal error. */
bool table_json_stream_open(TableReader *r, bool *whole);
bool table_json_stream_next(TableReader *r, TableRow *row);
/* table_next for a JSON reader: a row of the stream's template, one a line,
** read at once; any other row by table_next_row. */
bool table_json_stream_fast_next(TableReader *r, TableRow *row, TableError *err);
void table_json_stream_release(TableReader *r);

/* table_json_split.c: a JSON table's rows cut into slices at the starts of
** elements of its top-level array, which the survey of the streamed reader
** saw (one every TABLE_JSON_CUT_STEP bytes or so, a 1024th of a smaller
** file, so that small tables are cut finely too); table_split.c's functions
** hand a JSON reader to these. A slice always starts an element and ends
** after the comma that follows the last of its own, or ends the file. */
#define TABLE_JSON_CUT_STEP (4 * 1024)
/* A table with more bytes than this between two cuts (one huge row) is not sliced. */
#define TABLE_JSON_SLICE_MAX (4L * 1024 * 1024)
typedef struct TableJsonCut {
    long long off;          /* file offset of the element's first byte */
    long line;              /* its line */
    size_t elem;            /* elements before it */
    uint32_t crc;           /* CRC-32 of its region: its bytes up to the next cut's (the last: to end) */
    bool tpl;               /* the survey read every element of its region by the stream's template */
} TableJsonCut;
typedef struct TableJsonCuts {
    TableJsonCut *at;
    size_t n;
    size_t cap;             /* the cuts `at` has room for (table_json_cuts_add) */
    size_t next;            /* the first cut not in a slice yet */
    long long step;         /* bytes from one cut to the next, at least */
    long long end;          /* the file's size as the survey read it */
    uint32_t head_crc;      /* CRC-32 of the bytes before the first cut (after a BOM) */
} TableJsonCuts;
void table_json_cuts_add(TableJsonCuts *c, TableJsonCut cut);
/* The index of the cut at off; false when no cut is there. */
bool table_json_cuts_find(const TableJsonCuts *c, long long off, size_t *index);

/* table_json_crc.c: the CRC-32 of each cut's region, summed by the survey
** as it reads, checked by the rows' reading (the serial stream's chunks, a
** slice's bytes) as they are read. A region whose bytes are the survey's
** and whose elements the survey all read by the template is "trusted": its
** template rows are read by their delimiters, without the grammar. A
** region whose bytes differ is failed (C0850) once the reading passes it. */
typedef struct TableJsonCrc {
    uint32_t crc;           /* of the current region's bytes before upto */
    long long upto;         /* the file offset of the next byte to sum */
    /* the rows' reading */
    long cut;               /* the region being checked (-1: the bytes before the first cut) */
    long bad;               /* the first region whose bytes differ (LONG_MAX: none; n: bytes past the end) */
    long long bad_end;      /* where the reading fails: that region's end (LLONG_MAX: none) */
    long trust_cut;         /* the region of the last row asked about */
    long long trust_hi;     /* its end: rows before it are asked no more */
    bool trusted;           /* its rows may be read by their delimiters */
} TableJsonCrc;
/* The survey: the bytes from k->upto to upto, which are bytes[upto - at…]
** (bytes[0] at file offset at), added to the current region's CRC. */
void table_json_crc_sum(TableJsonCrc *k, const char *bytes, long long at, long long upto);
/* The survey: a cut at off (its element's line, elements before it): the
** region before it summed and closed, a trusted region begun. */
void table_json_crc_cut(TableJsonCrc *k, TableJsonCuts *c, const char *bytes, long long at, long long off, long line,
                        size_t elem);
/* The survey stops at upto (a part's end, the file's end): the last region summed to there. */
void table_json_crc_close(TableJsonCrc *k, TableJsonCuts *c, const char *bytes, long long at, long long upto);
/* The survey read an element of the last cut's region another way than by the template. */
static inline void table_json_crc_untrusted(TableJsonCuts *c)
{
    if (c && c->n)
        c->at[c->n - 1].tpl = false;
}
/* The rows: their reading starts at region cut (-1: the file's start, at). */
void table_json_crc_rows_from(TableJsonCrc *k, const TableJsonCuts *c, long cut, long long at);
/* The rows: the next n bytes read (from k->upto), checked region by region. */
void table_json_crc_check(TableJsonCrc *k, const TableJsonCuts *c, const char *bytes, size_t n);
/* The rows: the region of the row at off (a file offset, never before the
** last one asked about) and whether it is trusted (k->trusted, up to
** k->trust_hi); false when the reading has passed a region that differs. */
bool table_json_crc_trust(TableJsonCrc *k, const TableJsonCuts *c, long long off);
/* The rows end here (last: at the file's end): every byte read was the survey's, and whole regions. */
bool table_json_crc_clean(const TableJsonCrc *k, const TableJsonCuts *c, bool last);
bool table_json_can_split(const TableReader *r);
bool table_json_split_next(TableReader *r, TableSlice *s, size_t size);
long table_json_split_bytes_left(TableReader *r);
bool table_json_slice_reload(const TableReader *r, TableSlice *s);
TableReader *table_json_part_new(const TableReader *r);
/* A slice always starts an element: there is no slice to read on into. */
void table_json_part_feed(TableReader *p, TableSlice *s);
void table_json_part_release(TableReader *p);

/* table_json_stream.c, for the slices: the survey's cuts (NULL unless the
** reader is a streamed main one whose survey passed); whether it has given
** no row yet; the main reader gives no more rows
** (they are the slices'); a part's stream, copied from the main one's
** (p->jstream NULL when out of memory), fed a slice (false: it does not
** start at a cut), and freed. */
TableJsonCuts *table_json_stream_cuts(const TableReader *r);
bool table_json_stream_unread(const TableReader *r);
/* The bytes before the first cut, read by the main reader, are the survey's. */
bool table_json_stream_head_same(const TableReader *r);
/* The parts of its survey whose findings a streamed reader took (1: the survey read the file alone). */
int table_json_stream_parts_joined(const TableReader *r);
void table_json_stream_split(TableReader *r);
void table_json_stream_part(TableReader *p, const TableReader *main);
bool table_json_stream_feed(TableReader *p, const TableSlice *s);
void table_json_stream_part_free(TableReader *p);

/* table_json_shape.c: the shapes of a JSON table's template rows, for the
** survey. A shape is a row the template matcher accepted, seen as a class of
** bytes per position: the literals and quotes and words as they are, each
** byte of a string's text plain ASCII (not a quote nor a backslash), each
** digit of a number a digit (a nonzero one where the number's grammar asks
** for it). A row whose bytes fit a shape, 16 at a time, is one the template
** matcher accepts, with the same end: the survey validates it without the
** literal compares and the grammar, every byte still checked. */
#define TABLE_JSON_SHAPE_BYTES 128
typedef struct TableJsonShape {
    _Alignas(16) unsigned char lo[TABLE_JSON_SHAPE_BYTES];  /* each byte c of the row: c - lo, unsigned, */
    _Alignas(16) unsigned char span[TABLE_JSON_SHAPE_BYTES]; /* at most span; past the row: anything */
    _Alignas(16) unsigned char text[TABLE_JSON_SHAPE_BYTES]; /* 0xFF in a string's text: no quote, no backslash */
    uint32_t len;           /* the row's bytes, '{' to '}'; its ",\n" are checked too; 0: no shape */
    uint32_t blocks;        /* sixteen-byte blocks of len + 2 bytes */
} TableJsonShape;
/* Two shapes for each first line feed's place modulo 16 (a row's length + 1). */
#define TABLE_JSON_SHAPE_SETS 16
typedef struct TableJsonShapes {
    TableJsonShape way[TABLE_JSON_SHAPE_SETS][2];
    const TableJsonShape *last;     /* the last that fitted, tried first */
} TableJsonShapes;
/* The shape of the row at row (TABLE_JSON_SHAPE_BYTES readable), which the
** template matcher accepted: n values between n + 1 literals of lit_len[k]
** bytes; followed by ",\n". false when it is longer than a shape holds. */
bool table_json_shape_learn(TableJsonShape *sh, const char *row, const uint32_t *lit_len, int n);
/* Do the TABLE_JSON_SHAPE_BYTES bytes at p fit sh? Byte by byte: the twin
** of table_json_shape_fits, and what a build without SSE2 runs. */
bool table_json_shape_fits_bytes(const TableJsonShape *sh, const unsigned char *p);
/* The place of the first line feed in the TABLE_JSON_SHAPE_BYTES bytes at p; -1: none. */
int table_json_shape_newline(const unsigned char *p);
/* Do the TABLE_JSON_SHAPE_BYTES bytes at p fit sh? Sixteen at a time. */
#if defined(__SSE2__)
/* The bytes of the block at p + at that do not fit sh: nonzero lanes. */
static inline __attribute__((always_inline)) __m128i table_json_shape_misfits(const TableJsonShape *sh, const unsigned char *p,
                                                                           uint32_t at)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + at));
    /* c - lo above span (unsigned): a saturating subtraction that stays nonzero */
    __m128i out = _mm_subs_epu8(_mm_sub_epi8(x, _mm_load_si128((const __m128i *)(const void *)(sh->lo + at))),
                                _mm_load_si128((const __m128i *)(const void *)(sh->span + at)));
    __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
    return _mm_or_si128(out, _mm_and_si128(stop, _mm_load_si128((const __m128i *)(const void *)(sh->text + at))));
}
#endif

/* Do the TABLE_JSON_SHAPE_BYTES bytes at p fit sh? Sixteen at a time, the
** last block first: shapes of one template differ by their values'
** lengths, so a row of another shape is mostly told there, at once. */
static inline __attribute__((always_inline)) bool table_json_shape_fits(const TableJsonShape *sh, const unsigned char *p)
{
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    uint32_t last = 16 * (sh->blocks - 1);
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(table_json_shape_misfits(sh, p, last), zero)) != 0xFFFF)
        return false;
    __m128i bad = zero;
    for (uint32_t at = 0; at < last; at += 16)
        bad = _mm_or_si128(bad, table_json_shape_misfits(sh, p, at));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(bad, zero)) == 0xFFFF;
#else
    return table_json_shape_fits_bytes(sh, p);
#endif
}

/* table_json.c */
bool table_json_open(TableReader *r);
/* The whole-document reader alone (a reader from table_new): what a file
** outside the streamed subset gets; tests compare the two readers with it. */
bool table_json_open_whole(TableReader *r);
void table_json_release(TableReader *r);
bool table_json_next(TableReader *r, TableRow *row);

#endif
