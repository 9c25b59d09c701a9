/* tests/fuzz/fuzz_json.c: libFuzzer harness for the JSON readers: bytes written to x.json, every row read, and the streamed reader checked against the whole-document one and against its slices read by a part (as eval's threads do), the file surveyed on one thread and in parts on three. */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "gc.h"
#include "table_impl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rt_init();
    return 0;
}

static void fuzz_json_columns(FILE *fp, const TableInfo *info)
{
    fprintf(fp, "%d %s\n", info->ncols, info->encoding);
    for (int i = 0; i < info->ncols; i++)
        fprintf(fp, "%zu:%s\n", strlen(info->columns[i]), info->columns[i]);
}

/* Each row's line, error and cells (lengths first, so that no two readings
** write the same text); the error that ended the rows in *err. */
static void fuzz_json_rows(FILE *fp, TableReader *r, int ncols, TableError *err)
{
    TableRow row;
    while (table_next(r, &row, err)) {
        fprintf(fp, "%ld %s\n", row.line, row.error.fr ? row.error.fr : "-");
        for (int i = 0; i < ncols; i++) {
            if (!row.cells[i].text) {
                fputs("absent\n", fp);
                continue;
            }
            fprintf(fp, "%zu:", row.cells[i].len);
            fwrite(row.cells[i].text, 1, row.cells[i].len, fp);
            fputc('\n', fp);
        }
    }
}

static void fuzz_json_error(FILE *fp, TableError err)
{
    fprintf(fp, "%s %ld %s / %s\n", err.code ? err.code : "-", err.line, err.msg.fr ? err.msg.fr : "-",
            err.msg.en ? err.msg.en : "-");
}

/* Everything a reader gives, as one text: columns, rows, the final error. */
static char *fuzz_json_reading(TableReader *r, TableError err)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    if (!fp)
        fuzz_fail("open_memstream");
    if (r) {
        fuzz_json_columns(fp, table_info(r));
        fuzz_json_rows(fp, r, table_info(r)->ncols, &err);
        table_close(r);
    }
    fuzz_json_error(fp, err);
    fclose(fp);
    return out;
}

/* The same, with the rows read from slices of one cut each (the smallest,
** runtime/table_json_split.c) by one part reader, as the threads of eval
** read them, when the table can be sliced; the file surveyed on `threads`
** threads, in parts of a byte or more (its columns, cuts and errors joined
** from the parts', runtime/table_json_survey.c). */
static char *fuzz_json_sliced(const char *path, int threads)
{
    TableError err = { 0 };
    TableReader *r = table_open_file_with(path, threads, 1, &err);
    if (!r || !table_can_split(r))
        return fuzz_json_reading(r, err);
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    if (!fp)
        fuzz_fail("open_memstream");
    int ncols = table_info(r)->ncols;
    fuzz_json_columns(fp, table_info(r));
    TableReader *part = table_part_new(r);
    TableSlice slice = { 0 };
    bool failed = false;
    while (!failed && table_split_next(r, &slice, 1)) {
        table_part_feed(part, &slice, true);
        fuzz_json_rows(fp, part, ncols, &err);
        failed = table_part_failed(part, &err);
        if (!table_part_between_rows(part))
            fuzz_fail("tranche JSON finie au milieu d'une ligne");
    }
    TableRow row;
    if (!failed && table_next(r, &row, &err))
        fuzz_fail("le lecteur principal donne une ligne après les tranches");
    table_part_release(part);
    table_slice_free(&slice);
    table_close(r);
    fuzz_json_error(fp, err);
    fclose(fp);
    return out;
}

/* The streamed reader (table_open_file) and the whole one alone read the same. */
static void fuzz_json_compare(const char *path)
{
    TableError err = { 0 };
    char *streamed = fuzz_json_reading(table_open_file(path, &err), err);
    TableReader *w = table_new(path, TABLE_SOURCE_JSON);
    TableError werr = { 0 };
    if (!table_json_open_whole(w)) {
        werr = w->fatal;
        table_close(w);
        w = NULL;
    }
    char *whole = fuzz_json_reading(w, werr);
    if (strcmp(streamed, whole) != 0)
        fuzz_fail("lecture en flux et lecture entière différentes :\n%s\n---\n%s", streamed, whole);
    for (int threads = 1; threads <= 3; threads += 2) {
        char *sliced = fuzz_json_sliced(path, threads);
        if (strcmp(streamed, sliced) != 0)
            fuzz_fail("lecture en flux et lecture par tranches (survol sur %d fils) différentes :\n%s\n---\n%s", threads,
                      streamed, sliced);
        free(sliced);
    }
    free(streamed);
    free(whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4352];
    const char *file = fuzz_write_temp("x.json", data, size, path, sizeof path);
    fuzz_read_table(file);
    fuzz_json_compare(file);
    fuzz_alloc_release();
    return 0;
}
