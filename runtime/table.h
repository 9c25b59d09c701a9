/* runtime/table.h: raw data tables (CSV or JSON) read as text rows, streaming, with every row located. */
#ifndef CHARTE_TABLE_H
#define CHARTE_TABLE_H

#include "say.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
** A TableReader yields the rows of one data table as text cells, in file
** order, without holding the file in memory (a 10-million-line hour table
** streams through a fixed buffer). Typing the cells (numbers, dates…) is the
** job of runtime/data*.c; this layer only deals with bytes, encodings,
** separators, quoting, JSON and physical line numbers.
**
** Finding the file: DIR/NAME.csv, else DIR/NAME.json; both present is an
** error (ambiguous); neither is an error (a missing table is never an empty
** one).
**
** CSV: UTF-8 with or without BOM, or Windows-1252 (any invalid UTF-8
** sequence in a file without BOM means Windows-1252, converted with iconv,
** and a note says so). The file is read once: the decision is taken at its
** first byte above 0x7F by looking at the rest once, so TableInfo.encoding and
** .note are final only when the table has been read. UTF-16/32 BOMs are refused. Separator ';'
** or ',' (or TAB) chosen from the header line (outside quotes); RFC 4180
** quoting; CRLF, LF or lone CR. Blank lines are not rows. The header is line 1
** (the first non-blank line). A row with more fields than the header is
** flagged (row.error); fewer fields: the missing cells are absent.
**
** Workbooks (.xlsx, .ods): DIR may be a workbook, whose sheets are the
** tables (a sheet's name matches a table's as a header matches a column:
** "Heures" is heures; hidden sheets are not read), or a folder holding
** workbooks. A row is located by its sheet and row number: the file is
** "book.xlsx:Heures", the line the row's number in the sheet (header
** included), and table_location() writes "book.xlsx:Heures!A1253". The
** header is the first row with a value; empty rows are not rows. Cells keep
** the value a user sees, typed as text the way a CSV export writes it:
** numbers as exact decimals ("1.5E-3" is "0.0015"), dates (a number with a
** date format, or an ODS date) as yyyy-mm-dd, booleans as vrai/faux, a
** formula's last computed value; a cell holding an error value (#N/A)
** rejects its row when its column is read (table_columns_read). See runtime/table_zip.c for the limits.
**
** JSON: an array of objects. Numbers keep their exact decimal text (never a
** double). Columns are the keys in order of first appearance. A nested value
** flags the row when its column is read (table_columns_read). The line of a row is the line of its '{'.
*/

typedef enum { TABLE_CSV, TABLE_JSON, TABLE_XLSX, TABLE_ODS } TableFormat;

/* "csv", "json", "xlsx", "ods": what reports call the format. */
const char *table_format_name(TableFormat f);

typedef struct TableCell {
    const char *text;     /* UTF-8, NUL-terminated; NULL when absent, "" when empty */
    size_t len;
} TableCell;

typedef struct TableRow {
    long line;            /* physical line where the row starts (header = line 1) */
    TableCell *cells;     /* one per column, aligned with TableReader.columns */
    Say error;            /* set: the row is malformed (rejected), why */
    bool plain;           /* every cell present holds only bytes above the space (no blank to trim) */
    bool ascii;           /* every cell present holds only bytes below 0x80 (false: maybe not) */
} TableRow;

typedef struct TableReader TableReader;

typedef struct TableInfo {
    const char *path;       /* DIR/NAME.csv as opened */
    const char *file;       /* "heures.csv": what reports show */
    TableFormat format;
    const char *encoding;   /* "UTF-8", "UTF-8 avec BOM", "Windows-1252" */
    char separator;         /* CSV only */
    int ncols;
    const char **columns;   /* header names as written (UTF-8) */
    const char **keys;      /* the same, as headers_key() matching keys */
    Say note;               /* set: something to tell the user (conversion) */
} TableInfo;

typedef struct TableError {
    const char *path;
    long line;              /* 0 when not about a line */
    const char *code;       /* C08xx: its page is docs/erreurs/C08xx.md */
    Say msg;
} TableError;

/* Limits (each with its own error). */
#define TABLE_MAX_FIELD_BYTES  (64 * 1024)
#define TABLE_MAX_ROW_BYTES    (1024 * 1024)
#define TABLE_MAX_COLUMNS      256
#define TABLE_MAX_JSON_DEPTH   64
#define TABLE_MAX_JSON_BYTES   (512L * 1024 * 1024)

/* Opens DIR/NAME.csv or DIR/NAME.json. NULL and *err filled on failure. */
TableReader *table_open(const char *dir, const char *name, TableError *err);
/* The workbooks whose sheets one run reads (runtime/table_books.c): each
** XLSX workbook's shared strings are parsed at its first open and handed to
** the readers of its other sheets, as long as the file is the same one
** (device, inode, size, modification time). Used by one thread at a time. */
typedef struct TableBooks TableBooks;
TableBooks *table_books_new(void);
/* Closes what the shelf still holds open (a sheet found present, never opened after). */
void table_books_close(TableBooks *books);
/* The threads a table opened through books may use while it opens (a large
** JSON table's survey in parts, runtime/table_json_survey.c); 1 unless said. */
void table_books_set_threads(TableBooks *books, int threads);
/* table_open and table_present, sharing what books holds (books may be NULL). */
TableReader *table_open_in(TableBooks *books, const char *dir, const char *name, TableError *err);
bool table_present_in(TableBooks *books, const char *dir, const char *name);
/*
** The table name, looked for in the workbook dir after the sheet r reads: an
** ODS has one content.xml, and the reader of a sheet after r's would read all
** of r's sheet again to reach its own. When r reads that sheet to its end
** without error, it hands the part on where it stops, lent to r's shelf as
** table_present_in would lend it (table_books_lend), and the table_present_in
** and table_open_in of name that follow read on from there. What they say is
** what they would say had they read the part from its start, so this is only
** done when it is sure to be (true): r is the tokenizer's reader of an ODS sheet
** of dir itself, no sheet before it is named like name, and the part is
** still the tokenizer's at the sheet's end (else the reader of name reads the
** part from its start). A table_present_in of name made before r's sheet is
** read would read it all: ask after.
*/
bool table_carry_on_to(TableReader *r, const char *dir, const char *name);
/*
** Whether the sheet of table name, if the ODS workbook dir has it, comes after
** the sheets of all n readers: each is a reader of an ODS sheet of dir, at its
** header, that met no sheet named like name before its own (true). Then their
** shelves are told that a later sheet will be read, so that each, at its
** sheet's end, leaves the rest of the part to that sheet's reader (its CRC
** checked there), and name may be opened through another shelf, on another
** thread, while they are read. False: nothing is told.
*/
bool table_sheet_after(TableReader *const *readers, int n, const char *dir, const char *name);
/* A row below the header read as a header would be: for the hint of a header
** that lacks required columns (an export's title above it, data_header.c). */
typedef struct TableHeaderCandidate {
    long line;              /* its line, or sheet row */
    int ncols;
    const char **columns;   /* its cells as written ("" when empty) */
    const char **keys;      /* the same, as headers_key() matching keys */
} TableHeaderCandidate;
/* The next n rows with a value below r's header, each read as a header, into
** out; how many (fewer at the table's end, 0 for JSON or when the table
** cannot be opened again). The table is opened once more, whatever n: a
** workbook's shared strings are read once. */
int table_header_candidates(const TableReader *r, int n, TableHeaderCandidate *out);
/* Opens an explicit file (format from its extension, .csv or .json). */
TableReader *table_open_file(const char *path, TableError *err);
/* Rows from memory, already split (used by `charte test` for examples). */
TableReader *table_open_rows(const char *file, int ncols, const char **columns,
                             long nrows, TableRow *rows);

const TableInfo *table_info(const TableReader *r);

/* A reader's table of texts (an XLSX workbook's shared strings): each text
** lies in `bytes` after its key, 1 + its number in the table, as
** TABLE_TEXT_KEY_BYTES bytes; a cell whose text is one of the table's
** points at its first byte. The same key is the same text all the table
** long. Zeroed: the reader has no such table (every other format). */
#define TABLE_TEXT_KEY_BYTES 4
typedef struct TableTexts {
    const char *bytes;
    size_t len;        /* of bytes */
    size_t count;      /* texts: every key is at most this */
} TableTexts;
TableTexts table_texts(const TableReader *r);

/* The key of text when it is a text of the table as a row's cell gave it
** (not a copy, not moved within it), else 0: the caller knows which (a
** text within the table but moved, trimmed say, would read another's bytes). */
static inline uint32_t table_text_key(const TableTexts *tx, const char *text)
{
    uintptr_t at = (uintptr_t)text - (uintptr_t)tx->bytes;
    if (!tx->bytes || at < TABLE_TEXT_KEY_BYTES || at >= tx->len)
        return 0;
    uint32_t key;
    memcpy(&key, text - TABLE_TEXT_KEY_BYTES, sizeof key);
    return key;
}
/* The header's line, or sheet row; 0 for JSON. */
long table_header_line(const TableReader *r);
/* Where a row is, for people: "heures.csv:12", or "book.xlsx:Heures!A12"
** for a row of a workbook's sheet (file as in TableInfo.file). */
char *table_location(const char *file, long line);
/* The workbook files of a folder (.xlsx, .ods), sorted; NULL-terminated. */
const char **table_workbooks_in(const char *dir);
/* true when table name can be read from dir: its CSV or JSON file, or a sheet of
** the workbook dir or of a workbook in the folder dir (optional tables use it). */
bool table_present(const char *dir, const char *name);
bool table_is_workbook(const char *path);
/* Whether file, a name in a data folder, is named after table yet is no file
** that opening the table reads: its name before its last dot opens, as
** header matching reads names, with the table's (heures-2025-T1.csv,
** Heures 2025.csv, heures.csv.bak), and it is neither NAME.csv, NAME.json
** nor a workbook (whose sheets are read). */
bool table_file_named_after(const char *file, const char *table);
/* The names of dir's entries named after one of the tables (table_file_named_after),
** sorted, NULL-terminated; none when dir is no folder. */
const char **table_files_named_after(const char *dir, const char *const *tables, int ntables);
/* Which of the header's columns the caller reads (read[j] for column j, one
** per column): a workbook cell holding an error value (#N/A) rejects its row
** only in one of them, since a column nobody reads must not reject a row; so
** does a JSON object or array, or a JSON text holding a NUL. CSV has no error
** cells: nothing changes for it. */
void table_columns_read(TableReader *r, const bool *read);
/* Next row; false at the end or on a fatal error (then *err is filled and
** err->msg is set; after true, *err means nothing). The row's memory is
** valid until the next call. */
bool table_next(TableReader *r, TableRow *row, TableError *err);
void table_close(TableReader *r);
/* A workbook sheet's rest inflated on a second thread, ahead of its rows
** (runtime/table_zip_ahead.c); the rows and errors are the same. Nothing for
** other tables, or when no thread can start. */
void table_read_ahead(TableReader *r);

/*
** Several threads (runtime/table_split.c). The main reader of a CSV table,
** between rows, cuts the rest of its file into slices that end just after a
** line feed (and counts their lines); a part reads the rows of the slices it
** is fed with table_next, which returns false (no error) when its slice is
** read. A slice usually starts a row; when the part of the slice before did
** not end between rows (a quoted field holding a line feed), that part reads
** on into the next slice and the next part's reading is thrown away.
*/
typedef struct TableSlice {
    char *bytes;          /* malloc'ed, kept for the next slice: table_slice_free */
    size_t cap, len;
    /* bytes (a CSV slice's) lent by the caller, who frees them: never freed
    ** nor grown in place; a slice that needs more room copies them to a
    ** buffer of its own (eval_threads.c's ring, whose slots share one region) */
    bool lent;
    long offset;          /* file offset of bytes[0] */
    long line;            /* physical line of bytes[0] */
    bool prev_cr;         /* bytes[0] follows a CR */
    bool last;            /* the file ends with it */
    bool clean;           /* whole valid UTF-8 sequences */
    bool convert;         /* Windows-1252, to convert */
    /* An XLSX sheet's slice (runtime/table_xlsx_split.c): where the line of
    ** bytes[0] starts in the part, the row number before its first row, and
    ** the one its last row should have (-1: not known). */
    unsigned long long line_start;
    long row_before, row_after;
    /* An ODS sheet's slice: cut where no row ended (its reader never ends
    ** between rows). Its row_before is 0, the row its reader counts from,
    ** until the merge places it (line_guessed: table_slice_place). */
    bool cut_in_row;
    /* Its line feeds are counted by its reader, not by the cutting thread:
    ** line and line_start are a guess until the merge, in the slices'
    ** order, places it (table_slice_place); lfs and lf_end (the part's
    ** offset after the last one) are what its reader counted. */
    bool line_guessed, placed;
    long lfs;
    unsigned long long lf_end;
    /* A sheet's slice whose CRC its reader computes (runtime/table_sheet_crc.c):
    ** of bytes[crc_from..len), the bytes before being counted already. */
    bool crc_wanted, crc_known;
    size_t crc_from;
    uint32_t crc;
} TableSlice;

/* A CSV reader whose next row starts a line, or an XLSX sheet's between rows, not yet split. */
bool table_can_split(const TableReader *r);
/* The next slice of about `size` bytes, into s (whose buffer is reused); false at the end or after a fatal error (table_next says it). */
bool table_split_next(TableReader *r, TableSlice *s, size_t size);
void table_slice_free(TableSlice *s);
/* In the slices' order, on the reader that cut them: the slice's line, for
** the positions of its errors (an XLSX slice's is counted by its reader);
** true when the slice was read with a guessed line (read it again, or
** table_part_rebase, before its errors are said). */
bool table_slice_place(TableReader *r, TableSlice *s);
/* Part p, which read slice s before s was placed: its line set right. */
void table_part_rebase(TableReader *p, const TableSlice *s);
/* Part p read slice s (placed, and read with a guess) counting its rows
** from 0 (an ODS sheet's): true with what its rows' numbers are off by,
** its own state and its rejected rows' cell references set right; false
** when s must be read again (a fatal error, the sheet's row limit near, a
** row left half read). Any other source: true, 0. */
bool table_part_rows_shift(TableReader *p, const TableSlice *s, long *shift);
/* Part p's reading of its slice is kept, in the slices' order (r: the reader that cut them). */
void table_part_kept(TableReader *r, const TableReader *p);
/* Bytes of the file from the reader's next row to its end; the reader's rows are the slices' from then on. */
long table_split_bytes_left(TableReader *r);
/* Reads the slice's bytes again (a part's reading writes NULs into them). false: the file cannot be read. */
bool table_slice_reload(const TableReader *r, TableSlice *s);
TableReader *table_part_new(const TableReader *r);
/* fresh: the slice starts a row; otherwise it continues the part's rows. */
void table_part_feed(TableReader *p, TableSlice *s, bool fresh);
/* The part's slice was read to the end of a row (or to the end of the file, or a fatal error). */
bool table_part_between_rows(const TableReader *p);
/* The part's fatal error, when it met one (true). */
bool table_part_failed(const TableReader *p, TableError *err);
void table_part_release(TableReader *p);

#endif
