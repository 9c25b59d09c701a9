/* tests/fuzz/fuzz.h: what the fuzz harnesses share: libFuzzer's entry points, the per-input memory release, temp files. */
#ifndef CHARTE_FUZZ_H
#define CHARTE_FUZZ_H

#include "table.h"

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points; replay_main.c calls them the same way. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
** The harnesses link tests/fuzz/fuzz_alloc.c instead of base/gc.c: the
** same calloc-based allocator as the -DCHARTE_NO_GC build, except that it
** remembers every block so that fuzz_alloc_release() can free them all at
** the end of each input. Without it a never-freeing process reaches
** libFuzzer's RSS limit after a few minutes; with it, ASan also catches any
** pointer that survives from one input to the next.
*/
void fuzz_alloc_release(void);

/* Writes data to NAME inside a temp folder private to this process and
** returns the file's path (in buf). Aborts if the file cannot be written:
** a harness that silently tests nothing is worse than one that stops. */
const char *fuzz_write_temp(const char *name, const uint8_t *data, size_t size,
                            char *buf, size_t bufsize);

/* Opens PATH with table_open_file, reads every row to the end and checks
** what runtime/table.h promises (UTF-8 cells, increasing lines, messages in
** both languages); fuzz_fail()s when a promise is broken. */
void fuzz_read_table(const char *path);

/* The same, for the sheet of TABLE in the workbook BOOK (table_open). */
void fuzz_read_sheet(const char *book, const char *table);

/* The keys a reader's cells carry into its table of texts (table_text_key:
** an XLSX workbook's shared strings), the table taken once after the
** opening as the evaluator takes it (eval_hours_prepare): every key a cell
** carries must be one of the table's, and the same key the same text at the
** same place all the read long, whichever reader gave the cell (a slice's
** part too): the evaluator's memo by key counts on it. */
typedef struct FuzzKeys {
    TableTexts tx;
    const char **at;   /* per key, the first cell's text seen with it (NULL: too many keys to follow) */
    size_t *len;
} FuzzKeys;
void fuzz_keys_begin(FuzzKeys *k, const TableReader *r);
void fuzz_keys_check(FuzzKeys *k, const TableRow *row, int ncols);
/* The reader's table unchanged since fuzz_keys_begin; k's memory freed. */
void fuzz_keys_end(FuzzKeys *k, const TableReader *r);

/* Prints why a harness invariant broke, then abort()s, so that libFuzzer
** and the replay both report the input. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
