/* tests/fuzz/fuzz_json.c: libFuzzer harness for the JSON readers: bytes written to x.json, every row read, and the streamed reader checked against the whole-document one. */
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

/* Everything a reader gives, as one text: columns, each row's line, error and
** cells (lengths first, so that no two readings write the same text), the
** final error. */
static char *fuzz_json_reading(TableReader *r, TableError err)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    if (!fp)
        fuzz_fail("open_memstream");
    if (r) {
        const TableInfo *info = table_info(r);
        fprintf(fp, "%d %s\n", info->ncols, info->encoding);
        for (int i = 0; i < info->ncols; i++)
            fprintf(fp, "%zu:%s\n", strlen(info->columns[i]), info->columns[i]);
        TableRow row;
        while (table_next(r, &row, &err)) {
            fprintf(fp, "%ld %s\n", row.line, row.error.fr ? row.error.fr : "-");
            for (int i = 0; i < info->ncols; i++) {
                if (!row.cells[i].text) {
                    fputs("absent\n", fp);
                    continue;
                }
                fprintf(fp, "%zu:", row.cells[i].len);
                fwrite(row.cells[i].text, 1, row.cells[i].len, fp);
                fputc('\n', fp);
            }
        }
        table_close(r);
    }
    fprintf(fp, "%s %ld %s / %s\n", err.code ? err.code : "-", err.line, err.msg.fr ? err.msg.fr : "-",
            err.msg.en ? err.msg.en : "-");
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
