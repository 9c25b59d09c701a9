/* tests/unit/test_table_json.c: the streamed JSON reader against the whole-document one, across chunk ends, and on hostile files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gc.h"
#include "table_impl.h"

#include "temp_dir.h"

static void assert_same_say(Say a, Say b)
{
    assert_int_equal(say_is_set(a), say_is_set(b));
    if (say_is_set(a)) {
        assert_string_equal(a.fr, b.fr);
        assert_string_equal(a.en, b.en);
    }
}

static void assert_same_error(const TableError *a, const TableError *b)
{
    assert_same_say(a->msg, b->msg);
    if (say_is_set(a->msg)) {
        assert_string_equal(a->code, b->code);
        assert_int_equal(a->line, b->line);
    }
}

/*
** Reads the file with table_open_file (the streamed reader whenever the file
** is in its subset) and with the whole-document reader alone, row by row:
** the columns, each row's line, cells and error, and the final error must be
** the same. Returns whether the streamed reader took the file, and the
** number of rows in *nrows.
*/
static bool read_both(const char *path, long *nrows)
{
    TableError ea = { 0 }, eb = { 0 };
    TableReader *a = table_open_file(path, &ea);
    TableReader *b = table_new(path, TABLE_SOURCE_JSON);
    bool whole_ok = table_json_open_whole(b);
    *nrows = 0;
    if (!whole_ok) {
        assert_null(a);
        assert_same_error(&ea, &b->fatal);
        table_close(b);
        return false;
    }
    assert_non_null(a);
    bool streamed = a->jstream != NULL;
    const TableInfo *ia = table_info(a), *ib = table_info(b);
    assert_int_equal(ia->ncols, ib->ncols);
    assert_string_equal(ia->encoding, ib->encoding);
    for (int i = 0; i < ia->ncols; i++) {
        assert_string_equal(ia->columns[i], ib->columns[i]);
        assert_string_equal(ia->keys[i], ib->keys[i]);
    }
    for (;;) {
        TableRow ra, rb;
        bool more_a = table_next(a, &ra, &ea), more_b = table_next(b, &rb, &eb);
        assert_int_equal(more_a, more_b);
        if (!more_a)
            break;
        ++*nrows;
        assert_int_equal(ra.line, rb.line);
        assert_same_say(ra.error, rb.error);
        for (int i = 0; i < ia->ncols; i++) {
            assert_int_equal(ra.cells[i].text == NULL, rb.cells[i].text == NULL);
            if (ra.cells[i].text) {
                assert_int_equal(ra.cells[i].len, rb.cells[i].len);
                assert_memory_equal(ra.cells[i].text, rb.cells[i].text, ra.cells[i].len);
                assert_int_equal(ra.cells[i].text[ra.cells[i].len], '\0');
            }
        }
    }
    assert_same_error(&ea, &eb);
    table_close(a);
    table_close(b);
    return streamed;
}

static void assert_streams_alike(const char *path, long rows)
{
    long n;
    assert_true(read_both(path, &n));
    assert_int_equal(n, rows);
}

/* ---- valid files: the same rows ------------------------------------------------------ */

static void test_examples_alike(void **state)
{
    const char *names[] = { "marches", "participants", "heures", "embauches" };
    for (int i = 0; i < 4; i++) {
        long n;
        assert_true(read_both(rt_sprintf("examples/amp/donnees-json/%s.json", names[i]), &n));
        assert_true(n > 0);
    }
}

static void test_tricky_values_alike(void **state)
{
    assert_streams_alike(write_text(state, "t.json",
                                    "\xEF\xBB\xBF[\r\n"
                                    "{\"a\":1,\"b\":\"x\"},\r"
                                    "{ \"b\" : \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\", \"a\" : -0.5e+3 },\n"
                                    "\t{\"a\\u0062\": true, \"c\": false, \"a\": null},\n\n"
                                    "{\"a\": \"\\u0000\", \"b\": [1, {\"x\": [], \"y\": {}}], \"c\": {\"a\": 1, \"b\": 2}},\n"
                                    "{},   42, \"s\", [], null, true,\n"
                                    "{\"d\\\"e\": \"late column\", \"\": \"empty key\", \"\xC3\xA9t\xC3\xA9\": \"\xE2\x82\xAC\"},\n"
                                    "{\"a\": 12345678901234567890.125, \"b\": \"\"}, {\"a\": 0}, {\"a\": 1E5}\n"
                                    "]\r\n"),
                         14);
}

/* A column first met after the template was learnt: the template's rows,
** read by table_next's shortcut, have no cell there (not the cell of the row
** before, which the shortcut once left in place). The fast paths leave the
** file's last 64 bytes to the general reader: rows enough to pass them. */
static void test_template_before_late_column(void **state)
{
    assert_streams_alike(write_text(state, "late.json",
                                    "[\n{\"a\": \"1\", \"b\": \"x\"},\n{\"a\": \"2\", \"b\": \"y\"},\n"
                                    "{\"a\": \"3\", \"b\": \"z\", \"c\": \"late\"},\n{\"a\": \"4\", \"b\": \"w\"},\n"
                                    "{\"a\": \"5\", \"b\": \"v\"},\n{\"a\": \"6\", \"b\": \"u\"},\n"
                                    "{\"a\": \"7\", \"b\": \"t\"},\n{\"a\": \"8\", \"b\": \"s\"}\n]\n"),
                         8);
}

/* Rows of every kind, each offset by a different amount, so that the ends
** of the 256 KiB chunks fall inside every kind of token at least once. */
static void test_chunk_ends_alike(void **state)
{
    size_t cap = 3 * 1024 * 1024, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "[\n");
    const char *bodies[] = {
        "{\"marche\": \"M1\", \"pad\": \"%s\", \"heures\": 6.56, \"ok\": true}",
        "{\"marche\": \"M\\u00e9\\ud83d\\ude00\\n\", \"pad\": \"%s\", \"heures\": -1.5e-3, \"ok\": false}",
        "{\"pad\": \"%s\", \"marche\": \"caf\xC3\xA9 \xF0\x9F\x98\x80\", \"heures\": null, \"nested\": [1, {\"k\": \"v\"}]}",
        "{\"marche\"  :  \"M2\"  ,\r\n \"pad\":\"%s\",\"heures\":123456789012345678901234567890}",
        "[\"not an object\", \"%s\"]",
    };
    for (int i = 0; len + 600 < cap; i++) {
        char pad[128];
        int n = i % 97;
        memset(pad, 'x', (size_t)n);
        pad[n] = '\0';
        char row[512];
        strcpy(row, bodies[i % 5]);
        char *at = strstr(row, "%s");
        memmove(at + n, at + 2, strlen(at + 2) + 1);
        memcpy(at, pad, (size_t)n);
        len += (size_t)snprintf(text + len, cap - len, "%s", row);
        len += (size_t)snprintf(text + len, cap - len, ",%s", i % 3 ? "\n" : " ");
    }
    len += (size_t)snprintf(text + len, cap - len, "{\"marche\": \"last\"}\n]\n");
    long n;
    assert_true(read_both(write_bytes(state, "chunks.json", text, len), &n));
    assert_true(n > 10000);
    free(text);
}

/* Rows of the template (the survey learns it from the first one) one a line,
** which table_next reads by its JSON shortcut, among rows it leaves to the
** general path: other spacing or line ends, nested values, escapes, a NUL
** (a rejected row), a key missing or out of order, elements that are not
** objects. Values of 0 to 40 bytes (a short one is moved by sixteen bytes),
** numbers, words and null, across the ends of the 256 KiB chunks. */
static void test_template_rows_alike(void **state)
{
    size_t cap = 3 * 1024 * 1024, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "[\n");
    const char *numbers[] = { "6.56", "-0.5e3", "0", "12345678901234567890123", "1E+2", "7" };
    const char *words[] = { "true", "false", "null" };
    const char *odd[] = {
        "{\"marche\":\"M\",\"participant\":\"P\",\"heures\":1,\"ok\":true}",               /* other spacing */
        "{\"marche\": \"M\\u00e9\", \"participant\": \"P\", \"heures\": 1, \"ok\": true}", /* an escape */
        "{\"marche\": \"M\", \"participant\": [1, {\"a\": 2}], \"heures\": 1, \"ok\": true}", /* nested */
        "{\"marche\": \"\\u0000\", \"participant\": \"P\", \"heures\": 1, \"ok\": true}", /* a NUL: rejected */
        "{\"participant\": \"P\", \"marche\": \"M\", \"heures\": 1, \"ok\": true}",        /* order */
        "{\"marche\": \"M\", \"heures\": 2, \"ok\": false}",                                /* a key missing */
        "42",
        "{\"marche\": \"caf\xC3\xA9\", \"participant\": \"P\", \"heures\": 1, \"ok\": true}", /* UTF-8 */
        "{\"marche\":  \"M\", \"participant\": \"P\", \"heures\": 1, \"ok\": true}",       /* two spaces */
        "{\"marche\": \"M\\\"q\", \"participant\": \"P\", \"heures\": 1, \"ok\": true}",  /* an escaped quote */
        "{\"marche\":\t\"M\", \"participant\": \"P\", \"heures\": 1, \"ok\": true}",     /* a tab */
        "{\"marche\": \"M\" , \"participant\": \"P\", \"heures\": 1, \"ok\": true}",     /* a space before a comma */
        "{\"marche\": \"M\", \"participant\": \"P\", \"heures\": \"1.5\", \"ok\": true}", /* a number as a string */
        "{\"m\\u0061rche\": \"M\", \"participant\": \"P\", \"heures\": 1, \"ok\": true}", /* an escaped key */
        "{\"marche\": null, \"participant\": null, \"heures\": null, \"ok\": null}",        /* nulls */
        "{}",
    };
    char pad[64];
    memset(pad, 'x', sizeof pad);
    for (int i = 0; len + 600 + 20 * (TABLE_MAX_FIELD_BYTES + 200) < cap; i++) {
        int n = i % 41, m = (i * 7) % 23;
        if (i % 53 == 52) {
            len += (size_t)snprintf(text + len, cap - len, "%s", odd[(i / 53) % (int)(sizeof odd / sizeof odd[0])]);
        } else {
            len += (size_t)snprintf(text + len, cap - len,
                                    "{\"marche\": \"M%.*s\", \"participant\": \"%.*s\", \"heures\": %s, \"ok\": %s}",
                                    n, pad, m, pad, numbers[i % 6], words[i % 3]);
        }
        /* mostly ",\n"; now and then a separator the shortcut leaves */
        const char *sep = i % 31 == 30 ? ", " : i % 37 == 36 ? ",\r\n" : i % 43 == 42 ? " ,\n" : ",\n";
        len += (size_t)snprintf(text + len, cap - len, "%s", sep);
    }
    /* Template rows near the limits, which the template leaves to the other
    ** paths past TABLE_MAX_FIELD_BYTES from the row's start: a cell of the
    ** field's limit, one over it (rejected), two cells under it together
    ** over it, and a row just under it. */
    size_t longs[][2] = { { TABLE_MAX_FIELD_BYTES, 1 }, { TABLE_MAX_FIELD_BYTES + 1, 1 }, { 40000, 40000 },
                          { TABLE_MAX_FIELD_BYTES - 200, 10 } };
    for (int i = 0; i < 4 * 4; i++) {   /* four times over: at different places in the chunks */
        size_t *cell = longs[i % 4];
        len += (size_t)snprintf(text + len, cap - len, "{\"marche\": \"");
        memset(text + len, 'y', cell[0]);
        len += cell[0];
        len += (size_t)snprintf(text + len, cap - len, "\", \"participant\": \"");
        memset(text + len, 'z', cell[1]);
        len += cell[1];
        len += (size_t)snprintf(text + len, cap - len, "\", \"heures\": 1, \"ok\": true},\n");
    }
    len += (size_t)snprintf(text + len, cap - len, "{\"marche\": \"last\", \"participant\": \"P\", \"heures\": 3, \"ok\": null}\n]\n");
    long n;
    assert_true(read_both(write_bytes(state, "template.json", text, len), &n));
    assert_true(n > 10000);
    free(text);
}

/* Over the limits: the rows are rejected, the reading goes on, in bounded memory. */
static void test_limits_alike(void **state)
{
    size_t big = 3 * 1024 * 1024;
    char *text = malloc(big + 256);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "[{\"a\": \"");
    memset(text + len, 'y', big);
    len += big;
    len += (size_t)sprintf(text + len, "\"},\n {\"a\": 1, \"b\": \"%s\"}]", "z");
    assert_streams_alike(write_bytes(state, "long.json", text, len), 2);

    /* a row of 20 cells of 60 000 bytes: past the row limit, not the field limit */
    len = (size_t)sprintf(text, "[{");
    for (int i = 0; i < 20; i++) {
        len += (size_t)sprintf(text + len, "%s\"c%d\": \"", i ? ", " : "", i);
        memset(text + len, 'q', 60000);
        len += 60000;
        len += (size_t)sprintf(text + len, "\"");
    }
    len += (size_t)sprintf(text + len, "}, {\"c1\": 2}]");
    assert_streams_alike(write_bytes(state, "row.json", text, len), 2);

    /* keys beyond the streamed subset (a key longer than a field) still read, by the whole reader */
    len = (size_t)sprintf(text, "[{\"");
    memset(text + len, 'k', 70000);
    len += 70000;
    len += (size_t)sprintf(text + len, "\": 1}]");
    long n;
    assert_false(read_both(write_bytes(state, "key.json", text, len), &n));
    assert_int_equal(n, 1);
    free(text);
}

/* ---- malformed and hostile files: the whole reader's messages ------------------------- */

static TableError fails_alike(void **state, const char *name, const char *data, size_t n)
{
    const char *path = write_bytes(state, name, data, n);
    long rows;
    assert_false(read_both(path, &rows));
    TableError err = { 0 };
    assert_null(table_open_file(path, &err));
    return err;
}

static TableError fails_text(void **state, const char *name, const char *text)
{
    return fails_alike(state, name, text, strlen(text));
}

static void test_hostile_messages(void **state)
{
    TableError err = fails_text(state, "trunc.json", "[{\"a\": 1},\n {\"a\": \"x");
    assert_string_equal(err.code, "C0807");
    assert_int_equal(err.line, 2);
    err = fails_text(state, "trunc2.json", "[{\"a\": 1},\n {\"a\"");
    assert_string_equal(err.code, "C0807");
    err = fails_text(state, "utf8.json", "[{\"a\": 1},\n {\"a\": \"caf\xE9\"}]");
    assert_string_equal(err.code, "C0804");
    assert_int_equal(err.line, 2);
    err = fails_text(state, "utf8key.json", "[{\"\xC3\": 1}]");
    assert_string_equal(err.code, "C0804");
    err = fails_text(state, "dup.json", "[{\"a\": 1},\n {\"b\": 1, \"a\": 2, \"b\": 3}]");
    assert_string_equal(err.code, "C0807");
    assert_non_null(strstr(err.msg.fr, "clé en double"));
    err = fails_text(state, "dupesc.json", "[{\"a\": 1, \"\\u0061\": 2}]");
    assert_non_null(strstr(err.msg.fr, "clé en double"));
    err = fails_text(state, "dupnested.json", "[{\"a\": {\"x\": 1, \"y\": [{\"z\": 1, \"z\": 2}]}}]");
    assert_non_null(strstr(err.msg.fr, "clé en double"));
    err = fails_text(state, "nulkey.json", "[{\"a\": 1, \"b\\u0000\": 2}]");
    assert_string_equal(err.code, "C0807");
    err = fails_text(state, "lone.json", "[{\"a\": \"\\ud800x\"}]");
    assert_string_equal(err.code, "C0807");
    err = fails_text(state, "ctrl.json", "[{\"a\": \"tab\there\"}]");
    assert_string_equal(err.code, "C0807");
    err = fails_text(state, "num.json", "[{\"a\": 1.5.2}]");
    assert_non_null(strstr(err.msg.fr, "nombre JSON invalide"));
    err = fails_text(state, "trail.json", "[{\"a\": 1}] {}");
    assert_string_equal(err.code, "C0807");
    err = fails_text(state, "object.json", "{\"a\": 1}");
    assert_non_null(strstr(err.msg.fr, "tableau d'objets"));
    err = fails_alike(state, "nul.json", "[{\"a\": 1},\n\0]", 13);
    assert_string_equal(err.code, "C0804");
    /* rows of the template (its second literal 17 bytes long), then one
    ** whose literals differ from it only past their sixteenth byte */
    const char *tpl = "{\"m\": \"M\", \"participant\": \"P\", \"h\": 1},\n";
    for (int bad = 16; bad <= 17; bad++) {
        char rows[1024];
        size_t n = (size_t)sprintf(rows, "[\n%s%s", tpl, tpl);
        n += (size_t)sprintf(rows + n, bad == 16 ? "{\"m\": \"M\", \"participant\":x\"P\", \"h\": 1},\n"
                                                 : "{\"m\": \"M\", \"participant\": \"P\"x \"h\": 1},\n");
        for (int i = 0; i < 4; i++)
            n += (size_t)sprintf(rows + n, "%s", tpl);
        n += (size_t)sprintf(rows + n, "{\"m\": \"last\", \"participant\": \"P\", \"h\": 2}\n]\n");
        err = fails_alike(state, "literal.json", rows, n);
        assert_string_equal(err.code, "C0807");
        assert_int_equal(err.line, 4);
    }

    /* nesting: inside a row, one level past the limit */
    char deep[256];
    size_t len = (size_t)sprintf(deep, "[{\"a\": ");
    for (int i = 0; i < TABLE_MAX_JSON_DEPTH - 1; i++)
        deep[len++] = '[';
    for (int i = 0; i < TABLE_MAX_JSON_DEPTH - 1; i++)
        deep[len++] = ']';
    len += (size_t)sprintf(deep + len, "}]");
    err = fails_alike(state, "deep.json", deep, len);
    assert_non_null(strstr(err.msg.fr, "trop imbriqué"));
    /* one level less is a nested value: the row is rejected */
    long n;
    assert_true(read_both(write_bytes(state, "deep-ok.json", "[{\"a\": [[1]]}]", 14), &n));
}

/* ---- what only the streamed reader can meet --------------------------------------------- */

/* A table of about 600 KB, more than two chunks, whose last row has key `last`. */
static const char *write_long(void **state, const char *last, long *lines)
{
    size_t cap = 700 * 1024, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)sprintf(text, "[");
    long i = 0;
    for (; len < 600 * 1024; i++)
        len += (size_t)sprintf(text + len, "{\"a\": %ld},\n", i);
    len += (size_t)sprintf(text + len, "{\"%s\": 0}]", last);
    *lines = i + 1;
    const char *path = write_bytes(state, "long.json", text, len);
    free(text);
    return path;
}

/* The file changes between the survey and the rows (beyond what the rows
** have buffered): C0850, never rows of two files. */
static void test_changed_file(void **state)
{
    long lines;
    const char *path = write_long(state, "a", &lines);
    TableError err = { 0 };
    TableReader *r = table_open_file(path, &err);
    assert_non_null(r);
    write_long(state, "b", &lines);
    TableRow row;
    long n = 0;
    while (table_next(r, &row, &err))
        n++;
    assert_int_equal(n, lines - 1);
    assert_string_equal(err.code, "C0850");
    assert_int_equal(err.line, lines);
    assert_non_null(strstr(err.msg.fr, "a changé pendant sa lecture"));
    assert_non_null(strstr(err.msg.en, "changed while it was read"));
    table_close(r);

    /* cut short */
    path = write_long(state, "a", &lines);
    r = table_open_file(path, &err);
    assert_non_null(r);
    assert_int_equal(truncate(path, 400 * 1024), 0);
    while (table_next(r, &row, &err))
        continue;
    assert_string_equal(err.code, "C0850");
    table_close(r);
}

/* Past the whole reader's size, which it refuses: the streamed reader words
** the error itself. A sparse file: its NUL bytes take no disk. */
static void test_huge_malformed(void **state)
{
    const char *path = write_text(state, "huge.json", "[\n {\"a\": 1},\n ");
    assert_int_equal(truncate(path, TABLE_MAX_JSON_BYTES + 1024), 0);
    TableError err = { 0 };
    assert_null(table_open_file(path, &err));
    assert_string_equal(err.code, "C0804");
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg.fr, "(ligne 3, colonne 2)"));
    assert_non_null(strstr(err.msg.en, "(line 3, column 2)"));
}

/* ---- the survey in parts (runtime/table_json_survey.c) -------------------------------- */

/* Every row of r given to on_row, then the error that ends them in *err;
** from slices of one cut each read by a part when sliced. */
static void each_row(TableReader *r, TableError *err, size_t slice_bytes, void (*on_row)(const TableRow *, void *),
                     void *arg)
{
    TableReader *from = r;
    TableSlice slice = { 0 };
    bool more = true, sliced = slice_bytes > 0;
    if (sliced) {
        assert_true(table_can_split(r));
        from = table_part_new(r);
        more = table_split_next(r, &slice, slice_bytes);
        if (more)
            table_part_feed(from, &slice, true);
    }
    while (more) {
        TableRow row;
        while (table_next(from, &row, err))
            on_row(&row, arg);
        more = sliced && !table_part_failed(from, err) && table_split_next(r, &slice, slice_bytes);
        if (more) {
            assert_true(table_part_between_rows(from));
            table_part_feed(from, &slice, true);
        }
    }
    if (sliced) {
        table_part_release(from);
        table_slice_free(&slice);
    }
}

typedef struct {
    FILE *fp;
    int ncols;
} RowsOut;

static void print_row(const TableRow *row, void *arg)
{
    RowsOut *o = arg;
    fprintf(o->fp, "%ld %s\n", row->line, row->error.fr ? row->error.fr : "-");
    for (int i = 0; i < o->ncols; i++)
        fprintf(o->fp, "%s|", row->cells[i].text ? row->cells[i].text : "(absent)");
    fputc('\n', o->fp);
}

/* Every row of r (its line, error and cells) and the error that ends them,
** appended to out; from slices of slice_bytes or more (1: one cut each) read
** by a part when slice_bytes is not 0. */
static void append_rows(char **out, size_t *len, TableReader *r, TableError err, size_t slice_bytes)
{
    FILE *fp = open_memstream(out, len);
    assert_non_null(fp);
    const TableInfo *info = table_info(r);
    for (int i = 0; i < info->ncols; i++)
        fprintf(fp, "%s\n", info->columns[i]);
    RowsOut o = { fp, info->ncols };
    each_row(r, &err, slice_bytes, print_row, &o);
    fprintf(fp, "%s %ld %s\n", err.code ? err.code : "-", err.line, err.msg.fr ? err.msg.fr : "-");
    fclose(fp);
}

/* The file surveyed on 2, 3 and 7 threads, in parts of part_bytes or more,
** reads as on one: the same columns, and the rows of its slices (cut where
** the parts saw elements start, with their lines and numbers) those of the
** serial reader; or the same error, code, line and message. Returns the
** serial reading's error code ("-" when none); the most parts joined in
** *joined when not NULL. */
static const char *assert_parts_alike(const char *path, long long part_bytes, int *joined)
{
    TableError err1 = { 0 };
    TableReader *one = table_open_file(path, &err1);
    char *serial = NULL;
    size_t len = 0;
    if (one) {
        append_rows(&serial, &len, one, err1, 0);
        table_close(one);
    }
    for (int threads = 2; threads <= 7; threads += threads == 3 ? 4 : 1) {
        TableError err = { 0 };
        TableReader *r = table_open_file_with(path, threads, part_bytes, &err);
        assert_int_equal(r == NULL, one == NULL);
        if (!r) {
            assert_same_error(&err, &err1);
            continue;
        }
        if (joined && table_json_stream_parts_joined(r) > *joined)
            *joined = table_json_stream_parts_joined(r);
        char *parted = NULL;
        append_rows(&parted, &len, r, err, table_can_split(r));
        assert_string_equal(parted, serial);
        free(parted);
        table_close(r);
    }
    /* slices of 600 KiB, each read by its reader in several chunks */
    TableError err = { 0 };
    TableReader *r = table_open_file_with(path, 2, part_bytes, &err);
    if (r && table_can_split(r)) {
        char *wide = NULL;
        append_rows(&wide, &len, r, err, 600 * 1024);
        assert_string_equal(wide, serial);
        free(wide);
    }
    if (r)
        table_close(r);
    free(serial);
    return one ? (say_is_set(err1.msg) ? err1.code : "-") : err1.code;
}

/* n template rows one a line, with a comment column whose text looks like
** JSON (a part never starts in a string), elements that are not objects,
** nested values on lines of their own (a '{' opening a line inside a row:
** not a part's start), and columns first met late, each only in one third. */
static char *parts_rows(size_t n, size_t *len)
{
    size_t cap = n * 200 + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    *len = (size_t)sprintf(text, "[\n");
    for (size_t i = 0; i < n; i++) {
        const char *sep = i + 1 < n ? ",\n" : "\n]\n";
        if (i % 97 == 40)
            *len += (size_t)sprintf(text + *len, "[\"pas un objet\", %zu]%s", i, sep);
        else if (i % 89 == 30)
            *len += (size_t)sprintf(text + *len, "{\"marche\": \"M%zu\", \"detail\":\n{\"a\":\n  {\"b\": \"}, {\"}\n}}%s", i, sep);
        else if (i % 61 == 7)
            *len += (size_t)sprintf(text + *len, "{\"marche\": \"M%zu\", \"note\": \"},\\n{\\\"x\\\": 1\", \"heures\": %zu.5}%s", i, i,
                                    sep);
        else
            *len += (size_t)sprintf(text + *len, "{\"marche\": \"M%zu\", \"participant\": \"P%zu\", \"heures\": %zu}%s", i % 50,
                                    i % 700, i % 13, sep);
        if (i == n / 2 + 3 || i == n - 5)
            *len += (size_t)sprintf(text + *len, "{\"marche\": \"M\", \"tardive_%zu\": true},\n", i);
    }
    return text;
}

static void test_survey_parts_alike(void **state)
{
    size_t len;
    char *text = parts_rows(20000, &len);
    const char *path = write_bytes(state, "parts.json", text, len);
    int joined = 0;
    for (long long bytes = 1; bytes <= 200000; bytes *= 447)
        assert_string_equal(assert_parts_alike(path, bytes, &joined), "-");
    assert_int_equal(joined, 7);
    /* parts of the default size: the file is smaller, one survey alone */
    joined = 0;
    assert_string_equal(assert_parts_alike(path, 0, &joined), "-");
    assert_int_equal(joined, 1);
    /* the same with CRLF line ends, and on one line (no part finds a start: serial) */
    char *crlf = malloc(2 * len);
    assert_non_null(crlf);
    size_t n = 0, flat = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = text[i];
    }
    joined = 0;
    assert_string_equal(assert_parts_alike(write_bytes(state, "crlf.json", crlf, n), 1000, &joined), "-");
    assert_int_equal(joined, 7);
    for (size_t i = 0; i < len; i++)
        if (text[i] != '\n')
            crlf[flat++] = text[i];
    joined = 0;
    assert_string_equal(assert_parts_alike(write_bytes(state, "flat.json", crlf, flat), 1000, &joined), "-");
    assert_int_equal(joined, 1);
    free(crlf);
    free(text);
}

/* A file outside the subset wherever its fault lies (in the first part, at a
** part's start, in the middle, in the last part, after the array): the
** serial survey's failure, which the whole reader words. */
static void test_survey_parts_failures(void **state)
{
    size_t len;
    char *text = parts_rows(20000, &len);
    char *bad = malloc(len + 64);
    assert_non_null(bad);
    const char *faults[] = { "\"caf\xE9\"", "{\"a\": 1, \"a\": 2}", "{\"a\": 01}", "{\"a\": \"x\x01\"}" };
    const double where[] = { 0.001, 1.0 / 3, 0.5, 2.0 / 3, 0.999 };
    for (int f = 0; f < 4; f++)
        for (int w = 0; w < 5; w++) {
            /* the fault replaces the row at that place (a whole row: the line opens an object) */
            size_t at = (size_t)((double)len * where[w]);
            while (text[at] != '\n')
                at++;
            size_t end = at + 1;
            while (text[end] != '\n')
                end++;
            size_t n = at + 1;
            memcpy(bad, text, n);
            n += (size_t)sprintf(bad + n, f == 0 ? "{\"marche\": %s}," : "%s,", faults[f]);
            memcpy(bad + n, text + end, len - end);
            n += len - end;
            const char *code = assert_parts_alike(write_bytes(state, "fault.json", bad, n), 1, NULL);
            assert_string_equal(code, f == 0 ? "C0804" : "C0807");
        }
    /* after the closing bracket; cut short in the last part */
    memcpy(bad, text, len);
    memcpy(bad + len, "{}\n", 3);
    assert_string_equal(assert_parts_alike(write_bytes(state, "after.json", bad, len + 3), 1, NULL), "C0807");
    assert_string_equal(assert_parts_alike(write_bytes(state, "short.json", text, len - len / 10), 1, NULL), "C0807");
    free(bad);
    free(text);
}

/* More columns than the limit together, not in any part alone: the join
** refuses, the survey reads on from that part, and fails as the serial one. */
static void test_survey_parts_columns(void **state)
{
    size_t cap = 64 * 1024, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)sprintf(text, "[\n");
    for (int i = 0; i < 2 * TABLE_MAX_COLUMNS - 20; i++)
        len += (size_t)sprintf(text + len, "{\"k%d\": %d},\n", i, i);
    len += (size_t)sprintf(text + len, "{\"fin\": 0}\n]\n");
    const char *path = write_bytes(state, "cols.json", text, len);
    assert_string_equal(assert_parts_alike(path, 1, NULL), "C0808");
    assert_string_equal(assert_parts_alike(path, 4096, NULL), "C0808");
    free(text);
}

/* ---- a file changed between the survey and the rows: found by its bytes (table_json_crc.c) ---- */

/* n template rows one a line (the rows read by their delimiters once their region is checked). */
static char *template_table(size_t n, size_t *len)
{
    char *text = malloc(n * 120 + 64);
    assert_non_null(text);
    *len = (size_t)sprintf(text, "[\n");
    for (size_t i = 0; i < n; i++)
        *len += (size_t)sprintf(text + *len, "{\"marche\": \"M%zu\", \"participant\": \"P%zu\", \"heures\": %zu.5, \"ok\": %s}%s",
                                i % 50, i % 700, i % 13, i % 3 ? "true" : "null", i + 1 < n ? ",\n" : "\n]\n");
    return text;
}

static void count_row(const TableRow *row, void *arg)
{
    (void)row;
    ++*(long *)arg;
}

/* The file holds `text` at the survey and `changed` at the rows' reading,
** on one thread or (slice_bytes not 0) on 2 in slices of slice_bytes or
** more (1: one cut each): the rows' last error code ("-": none), and the
** rows given in *rows. */
static const char *changed_code(void **state, const char *text, size_t len, const char *changed, size_t changed_len,
                                size_t slice_bytes, long *rows)
{
    const char *path = write_bytes(state, "changed.json", text, len);
    TableError err = { 0 };
    TableReader *r = table_open_file_with(path, slice_bytes ? 2 : 1, 4096, &err);
    assert_non_null(r);
    write_bytes(state, "changed.json", changed, changed_len);
    *rows = 0;
    each_row(r, &err, slice_bytes, count_row, rows);
    const char *code = say_is_set(err.msg) ? err.code : "-";
    table_close(r);
    return code;
}

/* Changes the rows' grammar accepts (a value, a blank, the bytes after the
** last row) past the first chunk, which the rows read at the opening: the
** old check read them as rows; the regions' CRCs fail the reading, on one
** thread and in slices. */
static void test_changed_bytes(void **state)
{
    enum { N = 12000 };
    size_t len;
    char *text = template_table(N, &len);
    char *changed = malloc(len + 8);
    assert_non_null(changed);
    long rows;
    /* serially, in slices of one cut, in slices of 400 KiB (each read by its reader in chunks) */
    const size_t slicings[] = { 0, 1, 400 * 1024 };
    for (int k = 0; k < 3; k++) {
        size_t sliced = slicings[k];
        /* the same bytes written again: nothing changed */
        assert_string_equal(changed_code(state, text, len, text, len, sliced, &rows), "-");
        assert_int_equal(rows, N);
        /* a digit of a number, a letter of a string, a blank made a tab, past the first chunk */
        const char *finds[] = { "\"heures\": 7.5", "\"P4", "\"ok\": true" };
        const double where[] = { 0.4, 0.7, 0.99 };
        for (int f = 0; f < 3; f++)
            for (int w = 0; w < 3; w++) {
                memcpy(changed, text, len);
                char *at = strstr(changed + (size_t)((double)len * where[w]), finds[f]);
                assert_non_null(at);
                if (f == 0)
                    at[10] = '8';
                else if (f == 1)
                    at[1] = 'Q';
                else
                    at[5] = '\t';
                assert_string_equal(changed_code(state, text, len, changed, len, sliced, &rows), "C0850");
            }
        /* before the first row ("[\n" made "[ "): read at the opening with the first chunk, before the change */
        memcpy(changed, text, len);
        changed[1] = ' ';
        assert_string_equal(changed_code(state, text, len, changed, len, sliced, &rows), "-");
        assert_int_equal(rows, N);
        /* after the last: a blank more, a blank less, the line feed made a space */
        memcpy(changed, text, len);
        changed[len] = '\n';
        assert_string_equal(changed_code(state, text, len, changed, len + 1, sliced, &rows), "C0850");
        assert_string_equal(changed_code(state, text, len, changed, len - 1, sliced, &rows), "C0850");
        changed[len - 1] = ' ';
        assert_string_equal(changed_code(state, text, len, changed, len, sliced, &rows), "C0850");
    }
    free(changed);
    free(text);
}

/* Blanks before the first row, past the rows' first chunk: those bytes are
** checked as they are read (a change fails the first row), and the table is
** not sliced until the main reader has checked them all (the slices start
** at the first row). */
static void test_changed_head(void **state)
{
    enum { N = 3000, BLANKS = 300 * 1024 };
    size_t len;
    char *rows = template_table(N, &len);
    char *text = malloc(len + BLANKS), *changed = malloc(len + BLANKS);
    assert_non_null(text);
    assert_non_null(changed);
    text[0] = '[';
    memset(text + 1, ' ', BLANKS);
    memcpy(text + 1 + BLANKS, rows + 1, len - 1);
    len += BLANKS;
    long n;
    assert_string_equal(changed_code(state, text, len, text, len, 0, &n), "-");
    assert_int_equal(n, N);
    memcpy(changed, text, len);
    changed[BLANKS - 10] = '\t';
    assert_string_equal(changed_code(state, text, len, changed, len, 0, &n), "C0850");
    assert_int_equal(n, 0);
    TableError err = { 0 };
    TableReader *r = table_open_file_with(write_bytes(state, "head.json", text, len), 2, 4096, &err);
    assert_non_null(r);
    assert_false(table_can_split(r));
    table_close(r);
    free(changed);
    free(text);
    free(rows);
}

/* The survey in parts: a part that learnt another template (its rows
** written without blanks) trusts its regions by that one, not by the main
** stream's: the rows are read as on one thread. */
static void test_survey_parts_templates(void **state)
{
    size_t len;
    char *text = template_table(8000, &len);
    char *mixed = malloc(len);
    assert_non_null(mixed);
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (!(i > len / 2 && text[i] == ' '))
            mixed[n++] = text[i];
    int joined = 0;
    assert_string_equal(assert_parts_alike(write_bytes(state, "mixed.json", mixed, n), 4096, &joined), "-");
    assert_true(joined > 1);
    free(mixed);
    free(text);
}

/* ---- the survey's shapes (table_json_shape.c) ---------------------------------------- */

/* Two layouts of template rows (words, signs, an exponent, a number whose
** first digit may not be a zero, strings and numbers across the 16-byte
** blocks: each number runs over the block edge at byte 80) and a third
** that is the first's with a longer last string. */
static const char *const shape_rows[] = {
    "{\"marche\": \"M141234\", \"participant\": \"P129423\", \"mois\": \"2021-08\", \"heures\": 16.56, \"texte\": \"a b~c\", \"ok\": true}",
    "{\"marche\": \"M1414\", \"participant\": \"P123\", \"mois\": \"2021-08-01\", \"heures\": -0.5e+3, \"texte\": \"\", \"ok\": null}",
    "{\"marche\": \"M141234\", \"participant\": \"P129423\", \"mois\": \"2021-08\", \"heures\": 16.56, \"texte\": \"a b~cdefghijk\", \"ok\": false}",
};

/* Rows of the three layouts, then `probe` (a row and its separator), then
** more rows: the probe is read by the survey where its layout's shape is
** learnt and tried first. */
static size_t shaped_table(char *text, size_t cap, const char *probe, size_t probe_len, int layout)
{
    size_t len = (size_t)snprintf(text, cap, "[\n");
    for (int i = 0; i < 16; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s,\n", shape_rows[i % 7 == 6 ? 2 : i % 5 == 4 ? 1 : 0]);
    len += (size_t)snprintf(text + len, cap - len, "%s,\n", shape_rows[layout]);
    memcpy(text + len, probe, probe_len);
    len += probe_len;
    for (int i = 0; i < 4; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s%s", i ? ",\n" : "", shape_rows[i % 3]);
    len += (size_t)snprintf(text + len, cap - len, "\n]\n");
    return len;
}

/* Every byte of a template row, its ",\n" included, made each of the bytes
** that leave a shape's classes or stay in them: a quote, a backslash, bytes
** from 0x80 (a UTF-8 lead, a continuation, 0xFF), control bytes, a digit in
** a string or a letter in a number, a zero first in a number, signs and
** points. The streamed reader (its survey through the shapes) reads each
** file as the whole-document reader does, and a shape learnt from the row
** says the same with its sixteen-byte check and its byte-by-byte twin: a
** probe fits exactly when the whole reader takes the file and the row still
** reads as one of the layout. */
static void test_shaped_rows_alike(void **state)
{
    const unsigned char bytes[] = { '"', '\\', 0x80, 0xC3, 0xFF, 0x00, 0x1F, '\n', ' ', 0x7F, '0', '9', 'a', '-', '.', '}' };
    size_t cap = 64 * 1024;
    char *text = malloc(cap);
    assert_non_null(text);
    long fitted = 0, refused = 0;
    for (int layout = 0; layout < 3; layout++) {
        const char *base = shape_rows[layout];
        size_t row_len = strlen(base);
        /* the row and its ",\n", padded as the survey's buffer is (TABLE_JSON_SHAPE_BYTES readable) */
        char row[TABLE_JSON_SHAPE_BYTES + 16];
        memset(row, '#', sizeof row);
        memcpy(row, base, row_len);
        memcpy(row + row_len, ",\n", 2);
        uint32_t lit_len[8];
        int n = 0;
        /* the template's literals: from a value's end to the next value's start (keys, ": ", ", ") */
        const char *p = base, *lit = base;
        for (;;) {
            const char *colon = strstr(p, "\": ");
            if (!colon)
                break;
            const char *v = colon + 3;
            lit_len[n] = (uint32_t)(v - lit);
            const char *e = v;
            if (*v == '"')
                e = strchr(v + 1, '"') + 1;
            else
                while (*e != ',' && *e != '}')
                    e++;
            n++;
            lit = p = e;
        }
        lit_len[n] = (uint32_t)(base + row_len - lit);
        TableJsonShape shape, *sh = &shape;
        assert_true(table_json_shape_learn(sh, row, lit_len, n));
        assert_int_equal(sh->len, row_len);
        assert_true(table_json_shape_fits(sh, (const unsigned char *)row));
        assert_true(table_json_shape_fits_bytes(sh, (const unsigned char *)row));
        for (size_t i = 0; i < row_len + 2; i++)
            for (size_t b = 0; b < sizeof bytes; b++) {
                if ((unsigned char)row[i] == bytes[b])
                    continue;
                char probe[sizeof row];
                memcpy(probe, row, sizeof row);
                probe[i] = (char)bytes[b];
                bool fits = table_json_shape_fits(sh, (const unsigned char *)probe);
                assert_int_equal(fits, table_json_shape_fits_bytes(sh, (const unsigned char *)probe));
                size_t len = shaped_table(text, cap, probe, row_len + 2, layout);
                long rows;
                bool streamed = read_both(write_bytes(state, "shaped.json", text, len), &rows);
                if (fits) {
                    /* only a value's byte for another of its class: the file still reads */
                    assert_true(streamed);
                    assert_int_equal(rows, 22);
                    fitted++;
                } else {
                    refused++;
                }
            }
    }
    /* both ways taken, many times */
    assert_true(fitted > 100);
    assert_true(refused > 1000);
    free(text);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_examples_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tricky_values_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_template_before_late_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chunk_ends_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_template_rows_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survey_parts_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survey_parts_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survey_parts_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survey_parts_templates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_head, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shaped_rows_alike, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
