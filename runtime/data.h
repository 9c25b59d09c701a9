/* runtime/data.h: typing the raw rows of a data table against the charter's schema (values, header matching, rejections). */
#ifndef CHARTE_DATA_H
#define CHARTE_DATA_H

#include "model.h"
#include "num.h"
#include "table.h"
#include "value.h"

#include <stdbool.h>

/*
** A DataTable wraps a TableReader for one of the Model's tables. At open it
** matches the file's header to the declared columns (by utf8_key, so
** "Montant HT" is montant_ht); a required column missing from the file is a
** table-level error (the whole file is unusable: data_open fails, the caller
** exits 2), file columns that no declaration names are ignored and said so
** once in a note.
**
** Each row is then typed cell by cell (see data_parse_value) into one Value
** per declared column: an empty or absent cell takes the column's default,
** or is VAL_NULL when optional, or rejects the row when required. The row
** either comes out typed (DATA_ROW_OK) or rejected with a reason in French
** and in English (DATA_ROW_REJECTED), which names every invalid cell, in the
** order of the file's columns. References to other tables (ids) are
** left as text: resolving them is the evaluator's job.
**
** Reasons never quote a participant's value: for a column of the
** participants table, or a reference to a participant, the reason names the
** column and what was expected; for other columns it quotes the offending
** value (truncated) so that the user can find it.
*/

typedef struct DataError {
    const char *file;        /* the path of the file (or folder), NULL when none */
    long line;               /* 0 when not about a line */
    const char *code;        /* C08xx, with its page in docs/erreurs/ */
    Say msg;                 /* without the file name */
    struct DataError *next;  /* data_open: the file's other errors (every missing column), NULL when none */
} DataError;

typedef enum { DATA_ROW_OK, DATA_ROW_REJECTED, DATA_END, DATA_FAILED } DataStatus;

/* What typing learnt about a cell besides its Value, for consumers on a hot path. */
typedef struct DataCellInfo {
    size_t len;              /* VAL_TEXT: the text's length in bytes */
    int choice;              /* choice, family or scope column: index of the id in its list; -1 when unknown */
    bool scaled;             /* VAL_NUM: `num` is the same number, exactly (no GMP needed to add it) */
    bool normalised;         /* choice, family or scope: matched case- and accent-blind, not as written */
    bool late_time;          /* date: written with a time of day other than midnight (dropped) */
    NumScaled num;
} DataCellInfo;

typedef struct DataRow {
    long line;               /* physical line where the row starts */
    Value *values;           /* one per MTable column; valid until the next data_next */
    const DataCellInfo *info;   /* one per MTable column, beside values; same lifetime */
    Say reason;              /* DATA_ROW_REJECTED: why (each invalid cell, joined by " — ") */
    const char *id;          /* the id cell as written (trimmed), even when rejected; NULL if none */
    size_t id_len;
} DataRow;

typedef struct DataTable DataTable;

/* Opens DIR/NAME.csv or DIR/NAME.json for table index (M_TABLE_…). NULL and
** *err filled on failure (missing or unreadable file, missing column…). */
DataTable *data_open(const Model *m, int table, const char *dir, DataError *err);
/* true when DIR holds NAME.csv or NAME.json (of any kind: data_open says what is wrong). */
bool data_table_present(const char *dir, const char *name);
/* The same two, the run's tables sharing what one workbook's readers can (table_open_in). */
DataTable *data_open_in(TableBooks *books, const Model *m, int table, const char *dir, DataError *err);
bool data_table_present_in(TableBooks *books, const char *dir, const char *name);
/* data_open_in's end, for a file that table_open_in opened before the model was
** known: its reader r, or NULL and te, why it could not be opened. */
DataTable *data_open_opened(const Model *m, int table, TableReader *r, const TableError *te, DataError *err);
/* The table name is looked for after t's rows are read, where t's reader stops
** (table_carry_on_to): false when that is not sure to say the same. */
bool data_table_carry_on(DataTable *t, const char *dir, const char *name);
/* Whether table name's sheet comes after those of the n tables in the ODS workbook dir (table_sheet_after). */
bool data_tables_sheet_after(DataTable *const *tables, int n, const char *dir, const char *name);
/* Same over a reader already open (files given explicitly, examples). */
DataTable *data_open_reader(const Model *m, int table, TableReader *r, DataError *err);

const TableInfo *data_info(const DataTable *t);
const MTable *data_schema(const DataTable *t);
/* The file's table of texts (TableTexts: an XLSX workbook's shared strings), zeroed when none. */
TableTexts data_texts(const DataTable *t);
/* The key of a text value in the file's table (1 + its number: the same key
** is the same text, so the same value), 0 when none. A text value (an id,
** a text, a reference) is always the cell's text as the reader gave it, or
** a copy of its own (trimmed, or put in NFC: data_value.c's text_value),
** never a pointer moved within the cell: so it lies in the table only where
** it is a text of it, whose key lies before it. */
static inline uint32_t data_text_key(const TableTexts *tx, const char *text)
{
    return table_text_key(tx, text);
}
/* Things to tell the user once about this file (encoding converted, columns ignored). */
const Say *data_notes(const DataTable *t, int *count);

/* Reads and types the next row. DATA_FAILED: a fatal read error (*err filled). */
DataStatus data_next(DataTable *t, DataRow *row, DataError *err);
void data_close(DataTable *t);
/*
** For a reader that adds hours from DataCellInfo.num (the evaluator): an
** hours cell read on the fast path as a scaled integer (info.scaled) is not
** also made a rational; its Value is VAL_NUM with as.num NULL. Other cells,
** and hours read on the slow path, are as before. Set before data_part_new.
*/
void data_hours_scaled_only(DataTable *t);

/*
** Types one cell as docs/donnees.md says: numbers with a decimal comma or point and
** space / U+00A0 / U+202F thousands separators, "€" after an amount, "h"
** after hours, "%" after a rate; dates dd/mm/yyyy or yyyy-mm-dd; months
** MM/YYYY or YYYY-MM; booleans oui/non, vrai/faux, o/n, 1/0, true/false,
** yes/no in any case; choices, families and scopes by their id, exactly or
** case-, accent- and space-blind. text[0..len) is not empty (the caller
** handles empty cells). Numbers are written into scratch (mpq_init'ed) and
** out points to it. false: *why says what was expected (without quoting
** the value).
*/
bool data_parse_value(const Model *m, const MColumn *col, const char *text, size_t len,
                      mpq_ptr scratch, Value *out, Say *why);
bool data_parse_bool(const char *s, size_t n, bool *out);

/*
** Several threads (runtime/eval_threads.c). A part types the rows of the
** slices its TableReader part is fed (table_part_feed), into its own values,
** for one thread; data_next returns DATA_END when the slice is read. What a
** row read changes in the table itself (the spellings read case- and
** accent-blind, dates with a time) is kept in the part and said to the table,
** in order, by data_part_merge (from one thread, once no thread reads the table);
** data_part_forget throws it away (a slice read from a wrong start).
*/
DataTable *data_part_new(DataTable *t, TableReader *part);
void data_part_merge(DataTable *part);
void data_part_forget(DataTable *part);
TableReader *data_reader(const DataTable *t);

#endif
