/* runtime/table.h: raw data tables (CSV or JSON) read as text rows, streaming, with every row located. */
#ifndef CHARTE_TABLE_H
#define CHARTE_TABLE_H

#include "say.h"

#include <stdbool.h>
#include <stddef.h>

/*
** A TableReader yields the rows of one data table as text cells, in file
** order, without holding the file in memory (a 10-million-line hour table
** streams through a fixed buffer). Typing the cells (numbers, dates…) is the
** job of runtime/data.c; this layer only deals with bytes, encodings,
** separators, quoting, JSON and physical line numbers.
**
** Finding the file: DIR/NAME.csv, else DIR/NAME.json; both present is an
** error (ambiguous); neither is an error (a missing table is never an empty
** one).
**
** CSV: UTF-8 with or without BOM, or Windows-1252 (decided by reading the
** whole file once: any invalid UTF-8 sequence means Windows-1252, converted
** with iconv, and a note says so). UTF-16/32 BOMs are refused. Separator ';'
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
** rejects its row. See runtime/table_zip.c for the limits.
**
** JSON: an array of objects. Numbers keep their exact decimal text (never a
** double). Columns are the keys in order of first appearance. A nested value
** flags the row. The line of a row is the line of its '{'.
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
/* Opens an explicit file (format from its extension, .csv or .json). */
TableReader *table_open_file(const char *path, TableError *err);
/* Rows from memory, already split (used by `charte test` for examples). */
TableReader *table_open_rows(const char *file, int ncols, const char **columns,
                             long nrows, TableRow *rows);

const TableInfo *table_info(const TableReader *r);
/* Where a row is, for people: "heures.csv:12", or "book.xlsx:Heures!A12"
** for a row of a workbook's sheet (file as in TableInfo.file). */
char *table_location(const char *file, long line);
/* The workbook files of a folder (.xlsx, .ods), sorted; NULL-terminated. */
const char **table_workbooks_in(const char *dir);
/* true when table name can be read from dir: its CSV or JSON file, or a sheet of
** the workbook dir or of a workbook in the folder dir (optional tables use it). */
bool table_present(const char *dir, const char *name);
bool table_is_workbook(const char *path);
/* Next row; false at the end or on a fatal error (then *err is filled and
** err->msg is set). The row's memory is valid until the next call. */
bool table_next(TableReader *r, TableRow *row, TableError *err);
void table_close(TableReader *r);

#endif
