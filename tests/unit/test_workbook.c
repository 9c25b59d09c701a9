/* tests/unit/test_workbook.c: the workbook readers' value conversions (runtime/table_zip.c): exact decimals from number text, Excel serial dates in both systems, row locations; what a run's readers of one workbook share (runtime/table_books.c); a sliced sheet's CRC joined from its slices' (runtime/table_inflate.c); a slice lent the ring's slot moved, not grown, when it needs more room (runtime/table_xlsx_split.c); an ODS sheet read in slices, its rejected rows' cell references written at the merge, no slice read twice (runtime/table_ods_split.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "table_impl.h"
#include "temp_dir.h"
#include "zip_lib.h"

static void expect_decimal(const char *in, const char *out)
{
    const char *got = table_sheet_decimal(in);
    if (!out) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, out);
}

/* A number cell's text becomes the exact decimal it denotes: never through a double. */
static void test_decimal(void **state)
{
    expect_decimal("731.5", "731.5");
    expect_decimal("1.2E+2", "120");
    expect_decimal("1.5E-3", "0.0015");
    expect_decimal("-2.50", "-2.5");
    expect_decimal("0.30000000000000004", "0.30000000000000004");
    expect_decimal("1E+20", "100000000000000000000");
    expect_decimal("007", "7");
    expect_decimal("-0", "0");
    expect_decimal("12", "12");
    expect_decimal("1e999", NULL);   /* past 10^400: not a figure anyone enters */
    expect_decimal("1.2.3", NULL);
    expect_decimal("abc", NULL);
    expect_decimal("", NULL);
    expect_decimal("1E", NULL);
}

static void expect_date(const char *serial, bool date1904, const char *out)
{
    const char *got = table_sheet_serial_date(serial, date1904);
    if (!out) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, out);
}

/* Excel's 1900 system counts a 29/02/1900 that never was (serial 60); 1904 starts at 0. */
static void test_serial_dates(void **state)
{
    expect_date("1", false, "1900-01-01");
    expect_date("59", false, "1900-02-28");
    expect_date("60", false, NULL);
    expect_date("61", false, "1900-03-01");
    expect_date("44562", false, "2022-01-01");
    expect_date("44635", false, "2022-03-15");
    expect_date("44635.5", false, "2022-03-15T12:00:00");
    expect_date("44635.999999999", false, "2022-03-15T23:59:59");
    expect_date("0", false, NULL);
    expect_date("-3", false, NULL);
    expect_date("0", true, "1904-01-01");
    expect_date("43173", true, "2022-03-15");
    expect_date("4.4635E+4", false, "2022-03-15");
    expect_date("99999999", false, NULL);
    expect_date("2958465", false, "9999-12-31");   /* the last day written by hand, each digit */
    expect_date("2958466", false, NULL);
    expect_date("40000", false, "2009-07-06");
}

/* The allocation-free day (table_sheet_serial_day) says what the general
** conversion says for every whole serial of both systems up to the last day
** and past it, and declines (leaving it to the general one) everything else. */
static void test_serial_days(void **state)
{
    char day[11];
    for (int sys = 0; sys < 2; sys++)
        for (long n = 0; n <= 2958470; n += n < 2000 ? 1 : n > 2958300 ? 1 : 997) {
            char num[24];   /* any long: -O1 (the GC stress build) checks the full range */
            snprintf(num, sizeof num, "%ld", n);
            const char *general = table_sheet_serial_date(num, sys == 1);
            bool fast = table_sheet_serial_day(num, strlen(num), sys == 1, day);
            assert_int_equal(fast, general != NULL);
            if (fast)
                assert_string_equal(day, general);
        }
    const char *declined[] = { "", "60", "0", "-3", "+5", "44635.5", "4.4635E+4", "044635x", "12345678",
                               "2958466", "99999999", " 44635", "44635 " };
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++)
        assert_false(table_sheet_serial_day(declined[i], strlen(declined[i]), false, day));
    assert_true(table_sheet_serial_day("0044635", 7, false, day));   /* leading zeros, as the general path */
    assert_string_equal(day, "2022-03-15");
    assert_true(table_sheet_serial_day("4463599", 5, false, day));   /* len bytes only */
    assert_string_equal(day, "2022-03-15");
    assert_true(table_sheet_serial_day("59", 2, false, day));
    assert_string_equal(day, "1900-02-28");
    assert_true(table_sheet_serial_day("61", 2, false, day));
    assert_string_equal(day, "1900-03-01");
    assert_true(table_sheet_serial_day("0", 1, true, day));
    assert_string_equal(day, "1904-01-01");
}

static void test_locations(void **state)
{
    assert_string_equal(table_location("heures.csv", 12), "heures.csv:12");
    assert_string_equal(table_location("donnees.xlsx:Heures", 1253), "donnees.xlsx:Heures!A1253");
    assert_string_equal(table_location("d.ods:Marchés", 3), "d.ods:Marchés!A3");
    assert_string_equal(table_location("a:b.csv", 3), "a:b.csv:3");
    assert_string_equal(table_sheet_cell_ref(0, 5), "A5");
    assert_string_equal(table_sheet_cell_ref(25, 1), "Z1");
    assert_string_equal(table_sheet_cell_ref(26, 1), "AA1");
    assert_string_equal(table_sheet_cell_ref(16383, 1048576), "XFD1048576");
}

static void test_sheet_names(void **state)
{
    assert_true(table_sheet_name_matches("Marchés", "marches"));
    assert_true(table_sheet_name_matches("HEURES", "heures"));
    assert_false(table_sheet_name_matches("Heures travaillées", "heures"));
    assert_false(table_sheet_name_matches("Feuil1", "heures"));
}

/* Every row of a reader (lines, cells, errors) as one text (malloc'ed); the
** reader is closed. Written to a stream: appending to a copy of the text so far
** for every cell made this test take seconds on the example's sheets. */
static char *rows_of(TableReader *r)
{
    assert_non_null(r);
    char *all;
    size_t len;
    FILE *out = open_memstream(&all, &len);
    assert_non_null(out);
    TableRow row;
    TableError err = { 0 };
    int ncols = table_info(r)->ncols;
    while (table_next(r, &row, &err)) {
        fprintf(out, "%ld|%s|", row.line, row.error.fr ? row.error.fr : "");
        for (int i = 0; i < ncols; i++)
            fprintf(out, "%s;", row.cells[i].text ? row.cells[i].text : "(absent)");
        fputc('\n', out);
    }
    assert_null(err.msg.fr);
    table_close(r);
    fclose(out);
    return all;
}

/* Through one TableBooks, the second table of a workbook gets the shared
** strings the first parsed (the same memory), the sheet table_present_in
** opened is the reader table_open_in returns, and every row is what a plain
** table_open reads. */
static void test_books_share(void **state)
{
    static const char *book = "examples/amp/donnees.xlsx";
    TableError err = { 0 };
    char *want_marches = rows_of(table_open(book, "marches", &err));
    char *want_participants = rows_of(table_open(book, "participants", &err));
    assert_true(strlen(want_participants) > 1000);

    TableBooks *books = table_books_new();
    TableReader *marches = table_open_in(books, book, "marches", &err);
    assert_non_null(marches);
    assert_true(table_present_in(books, book, "participants"));
    TableReader *participants = table_open_in(books, book, "participants", &err);
    assert_non_null(participants);
    assert_non_null(marches->sheet->sst);
    assert_ptr_equal(participants->sheet->sst, marches->sheet->sst);
    assert_string_equal(rows_of(marches), want_marches);
    assert_string_equal(rows_of(participants), want_participants);
    /* nothing lent is left: a new open parses again, and still reads the same */
    assert_false(table_present_in(books, book, "absente"));
    table_books_close(books);
    assert_string_equal(rows_of(table_open_in(books, book, "participants", &err)), want_participants);
}

/* The lent reader is the one the open returns; one nobody takes is closed. */
static void test_books_lend(void **state)
{
    static const char *book = "examples/amp/donnees.xlsx";
    TableError err = { 0 };
    TableBooks *books = table_books_new();
    assert_true(table_present_in(books, book, "heures"));
    TableReader *kept = table_books_take(books, book, "heures");
    assert_non_null(kept);
    assert_null(table_books_take(books, book, "heures"));
    table_books_lend(books, kept, book, "heures");
    assert_null(table_books_take(books, book, "marches"));
    assert_ptr_equal(table_open_in(books, book, "heures", &err), kept);
    assert_true(table_present_in(books, book, "marches"));
    table_books_close(books);
    assert_null(table_books_take(books, book, "marches"));
    assert_true(strlen(rows_of(kept)) > 100);
}

/* A sliced sheet's CRC is joined from its slices' (runtime/table_sheet_crc.c):
** the join of crc(a) and crc(b) is crc(a then b), for lengths of every bit
** up to 2^21 and odd ones, as ISA-L computes them over the whole. */
static void test_crc_join(void **state)
{
    (void)state;
    enum { MAX = (1 << 21) + 777 };
    unsigned char *bytes = malloc(MAX);
    assert_non_null(bytes);
    uint32_t x = 12345;
    for (size_t i = 0; i < MAX; i++) {
        x = x * 1103515245u + 12345u;
        bytes[i] = (unsigned char)(x >> 16);
    }
    const size_t cuts[] = { 0, 1, 7, 8, 9, 1000, 65536, 65537 };
    const size_t tails[] = { 0, 1, 2, 3, 7, 64, 255, 4096, 65535, 262144, (1 << 20) + 1, (1 << 21) + 777 - 65537 };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        for (size_t j = 0; j < sizeof tails / sizeof tails[0]; j++) {
            size_t a = cuts[i], b = tails[j];
            if (a + b > MAX)
                continue;
            uint32_t whole = table_inflate_crc_of(0, bytes, a + b);
            uint32_t ca = table_inflate_crc_of(0, bytes, a), cb = table_inflate_crc_of(0, bytes + a, b);
            assert_int_equal(table_inflate_crc_join(ca, cb, b), whole);
        }
    free(bytes);
}

/* A sheet's slice lent a slot of the ring (eval_threads.c: the slots share
** one region) is never grown in place nor freed: when it needs more room
** than the slot holds, what it holds moves to a buffer of its own. The
** cutter never asks for more than a slot today, so no run reaches this: the
** slot here is a region of the test's own, as the ring's is of its. */
static void test_split_room_lent(void **state)
{
    (void)state;
    static char ring[64];
    memcpy(ring, "0123456789abcdef", 16);
    memcpy(ring + 16, "next slot", 10);
    TableReader r;
    memset(&r, 0, sizeof r);
    TableSlice sl;
    memset(&sl, 0, sizeof sl);
    sl.bytes = ring;
    sl.cap = 16;
    sl.lent = true;

    assert_true(table_sheet_split_room(&r, &sl, 16));   /* room enough: nothing moves */
    assert_ptr_equal(sl.bytes, ring);
    assert_true(sl.lent);

    assert_true(table_sheet_split_room(&r, &sl, 100));
    assert_ptr_not_equal(sl.bytes, ring);
    assert_false(sl.lent);
    assert_int_equal(sl.cap, 100);
    assert_memory_equal(sl.bytes, "0123456789abcdef", 16);   /* what it held came along */
    assert_memory_equal(ring, "0123456789abcdef", 16);       /* the slot untouched */
    assert_string_equal(ring + 16, "next slot");

    /* Its own buffer now: grown in place from here on, its bytes kept. */
    memcpy(sl.bytes + 16, "ghij", 4);
    assert_true(table_sheet_split_room(&r, &sl, 4096));
    assert_false(sl.lent);
    assert_int_equal(sl.cap, 4096);
    assert_memory_equal(sl.bytes, "0123456789abcdefghij", 20);
    free(sl.bytes);
}

/* ---- an ODS sheet in slices: the rows' numbers set at the merge -------------------------- */

/*
** A slice's reader but the first counts its rows from 0 (runtime/table_ods_split.c):
** a reason that names a cell (« cellule D12 remplie hors des colonnes ») is
** written with its row left blank, and the merge writes it once the slice's
** first row is known. Before, such a slice was read a second time on the
** main thread: a sheet with a row in 500 rejected so ran slower on two
** threads than on one. The sheet here has such rows in every slice (cells
** past the header's, formulas never computed, error cells; some rows
** repeated, their reason naming their first row), and is read as
** eval_threads.c reads it: each slice by a part, placed in order, its rows'
** numbers set right (table_part_rows_shift), or read again when they cannot
** be (counted). Every row, line and reason in both languages must be the
** single reader's, and with slices that hold whole rows none is read again.
*/
static const char ODS_HEAD[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\" office:version=\"1.2\">"
    "<office:body><office:spreadsheet><table:table table:name=\"Heures\"><table:table-row>"
    "<table:table-cell office:value-type=\"string\"><text:p>marche</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>heures</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>note</text:p></table:table-cell></table:table-row>";
static const char ODS_TAIL[] = "</table:table></office:spreadsheet></office:body></office:document-content>";

/* content.xml of `rows` data rows, the rejected ones in every stretch of a few hundred bytes (malloc'ed). */
static char *ods_refs_content(int rows)
{
    char *xml;
    size_t len;
    FILE *out = open_memstream(&xml, &len);
    assert_non_null(out);
    fputs(ODS_HEAD, out);
    for (int i = 1; i <= rows; i++) {
        const char *repeat = i % 17 == 0 ? " table:number-rows-repeated=\"3\"" : "";
        const char *hours = i % 11 == 0   ? "<table:table-cell table:formula=\"of:=[.B1]*2\"/>"
                            : i % 13 == 0 ? "<table:table-cell table:formula=\"of:=1/0\" office:value-type=\"string\" "
                                            "calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell>"
                                          : rt_sprintf("<table:table-cell office:value-type=\"float\" office:value=\"%d\">"
                                                       "<text:p>%d</text:p></table:table-cell>", i, i);
        const char *past = i % 7 == 0 ? "<table:table-cell table:number-columns-repeated=\"2\"/><table:table-cell "
                                         "office:value-type=\"float\" office:value=\"7\"><text:p>7</text:p></table:table-cell>"
                                       : "";
        fprintf(out, "<table:table-row%s><table:table-cell office:value-type=\"string\"><text:p>M%04d</text:p>"
                     "</table:table-cell>%s<table:table-cell office:value-type=\"string\"><text:p>ligne %d</text:p>"
                     "</table:table-cell>%s</table:table-row>",
                repeat, i, hours, i, past);
    }
    fputs(ODS_TAIL, out);
    fclose(out);
    return xml;
}

static void write_ods(const char *path, const char *content)
{
    static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";
    assert_true(zip_lib_ready());
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(za);
    zip_source_t *m = zip_source_buffer(za, mimetype, sizeof mimetype - 1, 0);
    zip_int64_t i = zip_file_add(za, "mimetype", m, ZIP_FL_OVERWRITE);
    assert_true(i >= 0);
    zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    zip_source_t *c = zip_source_buffer(za, content, strlen(content), 0);
    assert_true(zip_file_add(za, "content.xml", c, ZIP_FL_OVERWRITE) >= 0);
    assert_int_equal(zip_close(za), 0);
}

/* A row as one line of text: its number, its reason in both languages, its cells. */
static void row_text(FILE *all, long line, Say why, const char *cells)
{
    fprintf(all, "%ld|%s|%s|%s\n", line, why.fr ? why.fr : "", why.en ? why.en : "", cells);
}

static char *cells_text(const TableRow *row, int ncols)
{
    char *cells = rt_strdup("");
    for (int i = 0; i < ncols; i++)
        cells = rt_sprintf("%s%s;", cells, row->cells[i].text ? row->cells[i].text : "(absent)");
    return cells;
}

/* A part's rows until its slice is merged: their reasons are the texts the merge writes into. */
typedef struct HeldRow {
    long line;
    Say why;
    const char *cells;
} HeldRow;
typedef struct Held {
    HeldRow *rows;
    long n;
} Held;

static void hold_rows(Held *h, TableReader *p, int ncols)
{
    TableRow row;
    TableError err = { 0 };
    while (table_next(p, &row, &err)) {
        RT_GROW(h->rows, h->n);
        h->rows[h->n++] = (HeldRow){ row.line, row.error, cells_text(&row, ncols) };
    }
    assert_false(table_part_failed(p, &err));
}

static void held_text(FILE *all, Held *h)
{
    for (long k = 0; k < h->n; k++)
        row_text(all, h->rows[k].line, h->rows[k].why, h->rows[k].cells);
    h->n = 0;
}

/* Every row of the sheet as one reader reads it (malloc'ed). */
static char *ods_rows_whole(const char *path)
{
    TableError err = { 0 };
    TableReader *r = table_open(path, "heures", &err);
    assert_non_null(r);
    int ncols = table_info(r)->ncols;
    char *text;
    size_t len;
    FILE *all = open_memstream(&text, &len);
    TableRow row;
    while (table_next(r, &row, &err))
        row_text(all, row.line, row.error, cells_text(&row, ncols));
    assert_null(err.msg.fr);
    table_close(r);
    fclose(all);
    return text;
}

/* Slice a, read by part p, placed: its rows' numbers set right, or the
** slice read again when they cannot be (counted in *again). */
static void place_read(TableReader *m, TableReader *p, TableSlice *a, Held *held, int ncols, int *again)
{
    long shift;
    if (!table_slice_place(m, a))
        return;
    if (table_part_rows_shift(p, a, &shift)) {
        for (long k = 0; k < held->n; k++)
            held->rows[k].line += shift;
        return;
    }
    ++*again;
    held->n = 0;
    table_part_feed(p, a, true);
    hold_rows(held, p, ncols);
}

/* The same, in slices of `size` bytes merged as eval_threads.c merges them,
** one part reading them in turn; *again: the slices read a second time
** (malloc'ed). */
static char *ods_rows_sliced(const char *path, size_t size, int *again)
{
    TableError err = { 0 };
    TableReader *m = table_open(path, "heures", &err);
    assert_non_null(m);
    assert_true(table_can_split(m));
    int ncols = table_info(m)->ncols;
    char *text;
    size_t len;
    FILE *all = open_memstream(&text, &len);
    Held held = { 0 };
    TableReader *p = table_part_new(m);
    TableSlice a = { 0 }, b = { 0 };
    *again = 0;
    bool more = table_split_next(m, &a, size);
    if (more)
        table_part_feed(p, &a, true);
    while (more) {
        hold_rows(&held, p, ncols);
        more = table_split_next(m, &b, size);
        place_read(m, p, &a, &held, ncols, again);
        bool between = !more || table_part_between_rows(p);
        if (between) {
            held_text(all, &held);
            table_part_kept(m, p);
        } else {
            table_slice_place(m, &b);   /* p stopped inside a row: it reads on into b, its rows numbered right */
        }
        if (more)
            table_part_feed(p, &b, between);
        TableSlice s = a;
        a = b;
        b = s;
    }
    TableRow row;
    while (table_next(m, &row, &err))   /* the main reader goes on from where the slices ended */
        row_text(all, row.line, row.error, cells_text(&row, ncols));
    assert_null(err.msg.fr);
    table_part_release(p);
    table_slice_free(&a);
    table_slice_free(&b);
    table_close(m);
    fclose(all);
    return text;
}

static void test_ods_slices_refs_written_at_merge(void **state)
{
    const char *path = path_in(state, "refs.ods");
    char *content = ods_refs_content(3000);
    write_ods(path, content);
    free(content);
    char *whole = ods_rows_whole(path);
    assert_non_null(strstr(whole, "\n8|cellule F8 remplie hors des colonnes de l'en-tête"));
    assert_non_null(strstr(whole, "\n3349|cellule F3349 remplie hors des colonnes de l'en-tête : ligne rejetée|cell F3349 filled outside"));
    assert_non_null(strstr(whole, "\n2901|cellule B2901 (colonne « heures ») : formule sans valeur calculée"));
    assert_non_null(strstr(whole, "|cell B2892 (column \"heures\") holds an error: #DIV/0! (a formula"));
    /* a repeated row's copies: their reason names the first copy's cell, as one reader says it */
    assert_non_null(strstr(whole, "\n3326|cellule F3324 remplie"));
    const size_t sizes[] = { 2048, 8192, 65536 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int again = -1;
        char *sliced = ods_rows_sliced(path, sizes[i], &again);
        assert_string_equal(sliced, whole);
        assert_int_equal(again, 0);
        free(sliced);
    }
    /* slices shorter than a row: a part reads on into the next slice, and a
    ** slice whose reader stopped inside a row is read again; the same rows */
    int again = 0;
    char *sliced = ods_rows_sliced(path, 256, &again);
    assert_string_equal(sliced, whole);
    free(sliced);
    free(whole);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_serial_dates),
        cmocka_unit_test(test_serial_days),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_books_share),
        cmocka_unit_test(test_books_lend),
        cmocka_unit_test(test_crc_join),
        cmocka_unit_test(test_split_room_lent),
        cmocka_unit_test_setup_teardown(test_ods_slices_refs_written_at_merge, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
