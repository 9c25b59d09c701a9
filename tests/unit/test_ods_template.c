/* tests/unit/test_ods_template.c: the ODS row template's block widths (runtime/table_ods_template.c: 1, 16 and 32 bytes, CHARTE_ODS_BLOCKS) read the rows expat reads, rows damaged at every byte, rows near the buffer's end and rows of two shapes compared some rows back included. */
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

unsigned char table_ods_template_blocks(void);   /* runtime/table_ods_scan_impl.h, which only the reader includes */

static const char *const WIDTHS[] = { "1", "16", "32" };
enum { NWIDTHS = sizeof WIDTHS / sizeof WIDTHS[0] };

/* An hour row as a spreadsheet writes it (medium's shape): four texts, a
** float and its paragraph, a text; its value a plain decimal (no trailing 0). */
static char *hour_row(long i, const char *modality)
{
    return rt_sprintf("<table:table-row><table:table-cell office:value-type=\"string\"><text:p>M%04ld</text:p>"
                      "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>P%05ld</text:p>"
                      "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>%02ld/2025</text:p>"
                      "</table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"%ld.%ld\">"
                      "<text:p>%ld,%ld</text:p></table:table-cell><table:table-cell office:value-type=\"string\">"
                      "<text:p>%s</text:p></table:table-cell></table:table-row>",
                      i / 40 % 10, i / 12 % 100, i % 12 + 1, i / 7 % 3 * 100 + 7, i % 9 + 1, i / 7 % 3 * 100 + 7, i % 9 + 1,
                      modality);
}

/* The same row with its hours a text (medium's other shape: one row in ten). */
static char *hour_text_row(long i, const char *hours, const char *modality)
{
    return rt_sprintf("<table:table-row><table:table-cell office:value-type=\"string\"><text:p>M%04ld</text:p>"
                      "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>P%05ld</text:p>"
                      "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>%02ld/2025</text:p>"
                      "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>%s</text:p>"
                      "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>%s</text:p>"
                      "</table:table-cell></table:table-row>",
                      i / 40 % 10, i / 12 % 100, i % 12 + 1, hours, modality);
}

/* The workbook path whose sheet "heures" holds the header, then rows;
** written with libzip. */
static char *write_book(const char *dir, const char *name, const char *rows)
{
    char *header = rt_sprintf("<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Marché</text:p>"
                              "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>Participant"
                              "</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>Mois"
                              "</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>Heures"
                              "</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>"
                              "Modalité</text:p></table:table-cell></table:table-row>");
    char *content = rt_sprintf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
        "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
        "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
        "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.2\"><office:body>"
        "<office:spreadsheet><table:table table:name=\"heures\">%s%s</table:table></office:spreadsheet></office:body>"
        "</office:document-content>",
        header, rows);
    static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";
    char *path = rt_sprintf("%s/%s", dir, name);
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(za);
    zip_source_t *m = zip_source_buffer(za, mimetype, sizeof mimetype - 1, 0);
    assert_true(zip_file_add(za, "mimetype", m, ZIP_FL_OVERWRITE) >= 0);
    zip_source_t *c = zip_source_buffer(za, content, strlen(content), 0);
    assert_true(zip_file_add(za, "content.xml", c, ZIP_FL_OVERWRITE) >= 0);
    assert_int_equal(zip_close(za), 0);
    return path;
}

/* Every row of the book's sheet read in blocks of width bytes, or by expat
** (width NULL: CHARTE_ODS_EXPAT), its lines and cells, then its error, as
** one text (malloc'd). */
static char *rows_in(const char *book, const char *width)
{
    setenv(width ? "CHARTE_ODS_BLOCKS" : "CHARTE_ODS_EXPAT", width ? width : "1", 1);
    TableError err = { 0 };
    TableReader *r = table_open(book, "heures", &err);
    unsetenv("CHARTE_ODS_BLOCKS");
    unsetenv("CHARTE_ODS_EXPAT");
    assert_non_null(r);
    char *all;
    size_t size;
    FILE *out = open_memstream(&all, &size);
    TableRow row;
    int ncols = table_info(r)->ncols;
    while (table_next(r, &row, &err)) {
        fprintf(out, "%ld|%s|", row.line, row.error.fr ? row.error.fr : "");
        for (int i = 0; i < ncols; i++)
            fprintf(out, "%s;", row.cells[i].text ? row.cells[i].text : "(absent)");
        fputc('\n', out);
    }
    fprintf(out, "error %s line %ld: %s\n", err.code ? err.code : "-", err.line, err.msg.fr ? err.msg.fr : "-");
    fclose(out);
    table_close(r);
    return all;
}

/* The book read in each width: the same text, which expat's reading gives (malloc'd). */
static char *read_alike(const char *book)
{
    char *want = rows_in(book, NULL);
    for (int w = 0; w < NWIDTHS; w++) {
        char *got = rows_in(book, WIDTHS[w]);
        if (strcmp(got, want) != 0)
            fail_msg("%s read in %s-byte blocks differs from expat's reading:\n%s\n%s", book, WIDTHS[w],
                     want + strlen(want) - 200, got + strlen(got) - 200);
        free(got);
    }
    return want;
}

/* A reading (read_alike's) that gave nrows rows, then no error. */
static void assert_all_read(const char *got, size_t nrows)
{
    size_t lines = 0;
    for (const char *c = got; (c = strchr(c, '\n')); c++)
        lines++;
    assert_int_equal(lines, nrows + 1);
    assert_non_null(strstr(got, "error - line 0: -\n"));
}

/* The rows before, then row with one byte changed into '<' at each of its
** bytes in turn (its own '<' left), then the rows after: each width reads
** the same rows as expat and stops with the same error. */
static void assert_damaged_alike(const Fixture *f, const char *before, const char *row, const char *after)
{
    size_t len = strlen(row);
    for (size_t at = 0; at < len; at++) {
        if (row[at] == '<')
            continue;
        char *bad = rt_strdup(row);
        bad[at] = '<';
        char *got = read_alike(write_book(f->dir, "abime.ods", rt_sprintf("%s%s%s", before, bad, after)));
        assert_null(strstr(got, "error - line 0"));   /* every damage is seen */
        free(got);
    }
}

/* Each width asked is the one a reader gets where this processor has it:
** the tests below read with each. */
static void test_widths_chosen(void **state)
{
    (void)state;
    for (int w = 0; w < NWIDTHS; w++) {
        setenv("CHARTE_ODS_BLOCKS", WIDTHS[w], 1);
        unsigned got = table_ods_template_blocks();
        unsigned want = (unsigned)atoi(WIDTHS[w]);
        if (want == 32 && !__builtin_cpu_supports("avx2"))
            want = 16;   /* the widest there: read twice */
        assert_int_equal(got, want);
    }
    unsetenv("CHARTE_ODS_BLOCKS");
}

/* Hour rows, most matched whole against the row before (their months,
** hours and participants change; one in five has a last text of another
** length): read alike in each width. The scan's buffer is filled from the
** row it stopped at to 256 KiB past it, so its second end lies at a place
** among the rows that a row of the first 256 KiB, pad bytes longer (0 to
** 63), moves: the last rows compared before that end end at 64 places
** against it (117 to 180 bytes before it, counted once by hand: the scan
** stops short of a buffer's end before the comparison could come closer;
** at the part's end, its closing tags are 72 bytes). */
static void test_rows_alike_near_buffer_ends(void **state)
{
    Fixture *f = *state;
    enum { SPACER = 300 };   /* a row past the buffer's first fill (64 KiB), within its second */
    char *head, *tail;
    size_t size, nrows = 0;
    FILE *out = open_memstream(&head, &size);
    for (; nrows < SPACER; nrows++)
        fputs(hour_row((long)nrows, nrows % 5 == 4 ? "aci" : "ei"), out);
    fclose(out);
    out = open_memstream(&tail, &size);
    for (nrows++; ftell(out) < 450 * 1024; nrows++)
        fputs(hour_row((long)nrows, nrows % 5 == 4 ? "aci" : "ei"), out);
    fclose(out);
    for (int pad = 0; pad < 64; pad++) {
        char *spacer = hour_row(SPACER, rt_sprintf("ei%.*s", pad, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"));
        char *got = read_alike(write_book(f->dir, "heures.ods", rt_sprintf("%s%s%s", head, spacer, tail)));
        assert_all_read(got, nrows);
        free(got);
    }
    free(head);
    free(tail);
}

/* A row of the same layout as the row before, with one byte changed into
** '<' (bad XML outside its values; a value cut inside one), at each of its
** bytes in turn: the first and last of each 32-byte block (and of each
** 64-byte one), the row's last block, its holes. Each width reads the same
** rows as expat and stops with the same error; with the same last text and
** with one of another length (ods_same_row_last's path); and a text row
** like the last text row, four rows back, so damaged (far). */
static void test_rows_damaged_at_every_byte_alike(void **state)
{
    Fixture *f = *state;
    for (int far = 0; far < 2; far++) {
        for (int last = 0; last < 2; last++) {
            const char *modality = last ? "aci" : "ei";
            char *before = rt_strdup("");
            for (long i = 0; i < 12; i++)
                before = rt_sprintf("%s%s", before, far && i % 5 == 3 ? hour_text_row(i, "0.75", "ei") : hour_row(i, "ei"));
            if (far)
                assert_damaged_alike(f, rt_sprintf("%s%s", before, hour_row(12, "ei")), hour_text_row(13, "0.50", modality),
                                     rt_sprintf("%s%s", hour_row(14, "ei"), hour_text_row(15, "0.25", "ei")));
            else
                assert_damaged_alike(f, before, hour_row(12, modality),
                                     rt_sprintf("%s%s", hour_row(13, "ei"), hour_row(14, "ei")));
        }
    }
}

/* Hour rows of two shapes (the hours a float, or a text): alternating
** shapes, runs of text rows, a text row some rows back, and one more than
** the scan's buffer back, its modality or its hours of another length, its
** month or hours of two-byte UTF-8 of the same length (its text checked),
** a third shape met once (its template learnt over one of the two), texts
** not numbers: read alike in each width, every row read. (The rows a path
** comparing a row with the last row of its own shape, some rows back,
** would take and leave: ods16's, in the performance journal.) */
static void test_shapes_far_alike(void **state)
{
    Fixture *f = *state;
    char *rows;
    size_t size;
    long n = 0;
    FILE *out = open_memstream(&rows, &size);
#define FLOAT(m) fputs(hour_row(n++, m), out)
#define TEXT(h, m) fputs(hour_text_row(n++, h, m), out)
    for (int k = 0; k < 6; k++)   /* alternating, the same lengths */
        FLOAT("ei"), TEXT("0.88", "ei");
    for (int k = 0; k < 4; k++)   /* runs of text rows, then of floats */
        TEXT("0.94", "ei"), TEXT("1.25", "ei"), TEXT("3.50", "aci"), FLOAT("ei"), FLOAT("ei"), FLOAT("aci");
    for (int k = 0; k < 5; k++)   /* a text row some rows back */
        FLOAT("ei"), FLOAT("ei"), FLOAT("ei"), FLOAT("aci"), TEXT("2.75", k % 2 ? "formation" : "ei");
    TEXT("12.5", "ei"), FLOAT("ei"), TEXT("7", "ei"), FLOAT("ei"), TEXT("7.25", "ei");   /* hours of other lengths */
    TEXT("\u00e9.5", "ei"), FLOAT("ei"), TEXT("9.25", "\u00e9i"), FLOAT("ei"), TEXT("8.25", "ei");   /* UTF-8 */
    /* a third shape: no modality (four cells), learnt over one template */
    fputs(rt_sprintf("<table:table-row><table:table-cell office:value-type=\"string\"><text:p>M0001</text:p>"
                     "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>P00001</text:p>"
                     "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>01/2025</text:p>"
                     "</table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"4.5\">"
                     "<text:p>4,5</text:p></table:table-cell></table:table-row>"), out), n++;
    FLOAT("ei"), TEXT("8.25", "ei"), FLOAT("ei"), TEXT("8.50", "ei"), FLOAT("ei"), FLOAT("ei"), TEXT("8.75", "ei");
    TEXT("abcd", "ei"), FLOAT("ei"), TEXT("9]99", "ei"), FLOAT("ei"), TEXT("5.00", "ei");   /* texts not numbers */
    while (ftell(out) < 300 * 1024)   /* the last text row out of the scan's buffer */
        fputs(hour_row(n, n % 5 == 4 ? "aci" : "ei"), out), n++;
    TEXT("6.25", "ei"), FLOAT("ei"), TEXT("6.50", "ei"), FLOAT("ei"), TEXT("6.75", "aci");
    long lines = n;
#undef FLOAT
#undef TEXT
    fclose(out);
    char *got = read_alike(write_book(f->dir, "formes.ods", rows));
    assert_all_read(got, (size_t)lines);
    assert_non_null(strstr(got, "|M0000;P00000;02/2025;0.88;ei;\n"));
    free(got);
    free(rows);
}

int main(void)
{
    rt_init();
    if (!zip_lib_ready()) {
        printf("libzip absent (%s): nothing to test\n", zip_lib_why());
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_chosen),
        cmocka_unit_test_setup_teardown(test_rows_alike_near_buffer_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_damaged_at_every_byte_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shapes_far_alike, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
