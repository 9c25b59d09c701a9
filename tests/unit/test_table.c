/* tests/unit/test_table.c: the raw CSV/JSON table reader of runtime/table*.c, on real files in a temp dir. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <iconv.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "encoding.h"
#include "gc.h"
#include "table.h"

/* ---- fixtures --------------------------------------------------------------------- */

#include "temp_dir.h"

/* Rows copied out of the reader (its row memory is reused from one row to the next). */
#define MAX_ROWS 64
#define MAX_CELLS 8
typedef struct Rows {
    long n;
    long line[MAX_ROWS];
    const char *error[MAX_ROWS];
    const char *cell[MAX_ROWS][MAX_CELLS];
    TableError err;
} Rows;

static void read_rows(TableReader *r, Rows *out)
{
    memset(out, 0, sizeof *out);
    TableRow row;
    int ncols = table_info(r)->ncols;
    while (table_next(r, &row, &out->err)) {
        if (out->n < MAX_ROWS) {
            out->line[out->n] = row.line;
            out->error[out->n] = row.error.fr;
            for (int i = 0; i < ncols && i < MAX_CELLS; i++)
                out->cell[out->n][i] = row.cells[i].text ? rt_strndup(row.cells[i].text, row.cells[i].len) : NULL;
        }
        out->n++;
    }
}

static TableReader *open_ok(const char *path)
{
    TableError err = { 0 };
    TableReader *r = table_open_file(path, &err);
    if (!r)
        fail_msg("%s: %s", path, err.msg.fr);
    return r;
}

static TableError open_fails(const char *path)
{
    TableError err = { 0 };
    TableReader *r = table_open_file(path, &err);
    assert_null(r);
    assert_non_null(err.msg.fr);
    assert_non_null(err.msg.en);
    return err;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle))
        fail_msg("« %s » does not contain « %s »", haystack ? haystack : "(null)", needle);
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void test_csv_semicolon(void **state)
{
    const char *p = write_text(state, "marches.csv",
                               "marche;Montant HT;date_notification\n"
                               "M1;1 234,50;2024-03-31\n"
                               "M2;;31/03/2024\n");
    TableReader *r = open_ok(p);
    const TableInfo *info = table_info(r);
    assert_int_equal(info->format, TABLE_CSV);
    assert_int_equal(info->separator, ';');
    assert_string_equal(info->encoding, "UTF-8");
    assert_false(say_is_set(info->note));
    assert_string_equal(info->file, "marches.csv");
    assert_int_equal(info->ncols, 3);
    assert_string_equal(info->columns[1], "Montant HT");
    assert_string_equal(info->keys[1], "montantht");
    assert_string_equal(info->keys[2], "datenotification");
    Rows rows;
    read_rows(r, &rows);
    assert_null(rows.err.msg.fr);
    assert_int_equal(rows.n, 2);
    assert_int_equal(rows.line[0], 2);
    assert_int_equal(rows.line[1], 3);
    assert_string_equal(rows.cell[0][0], "M1");
    assert_string_equal(rows.cell[0][1], "1 234,50");
    assert_string_equal(rows.cell[1][1], ""); /* empty, not absent */
    assert_null(rows.error[0]);
    table_close(r);
}

static void test_csv_comma_and_tab(void **state)
{
    TableReader *r = open_ok(write_text(state, "a.csv", "a,b,c\n1,\"2,5\",3\n"));
    assert_int_equal(table_info(r)->separator, ',');
    Rows rows;
    read_rows(r, &rows);
    assert_int_equal(rows.n, 1);
    assert_string_equal(rows.cell[0][1], "2,5");
    table_close(r);

    r = open_ok(write_text(state, "t.csv", "a\tb\n1\t2\n"));
    assert_int_equal(table_info(r)->separator, '\t');
    read_rows(r, &rows);
    assert_string_equal(rows.cell[0][1], "2");

    /* a tie goes to ';', a comma inside quotes does not count */
    r = open_ok(write_text(state, "tie.csv", "a;b,c\n1;2,3\n"));
    assert_int_equal(table_info(r)->separator, ';');
    assert_int_equal(table_info(r)->ncols, 2);
    r = open_ok(write_text(state, "q.csv", "\"a,b,c\";d\n"));
    assert_int_equal(table_info(r)->separator, ';');

    /* no separator at all: one column */
    r = open_ok(write_text(state, "one.csv", "participant\nP1\nP2\n"));
    assert_int_equal(table_info(r)->separator, ';');
    assert_int_equal(table_info(r)->ncols, 1);
    read_rows(r, &rows);
    assert_int_equal(rows.n, 2);
    assert_string_equal(rows.cell[1][0], "P2");
}

static void test_csv_quoted_multiline(void **state)
{
    TableReader *r = open_ok(write_text(state, "q.csv",
                                        "id;texte;n\r\n"
                                        "1;\"a;b\";x\r\n"
                                        "2;\"ligne 1\r\nligne 2\r\nligne 3\";y\r\n"
                                        "3;\"il dit \"\"oui\"\"\";z\r\n"
                                        "4;plain;w\r\n"));
    Rows rows;
    read_rows(r, &rows);
    assert_null(rows.err.msg.fr);
    assert_int_equal(rows.n, 4);
    assert_string_equal(rows.cell[0][1], "a;b");
    assert_string_equal(rows.cell[1][1], "ligne 1\r\nligne 2\r\nligne 3");
    assert_string_equal(rows.cell[2][1], "il dit \"oui\"");
    assert_int_equal(rows.line[0], 2);
    assert_int_equal(rows.line[1], 3);
    assert_int_equal(rows.line[2], 6); /* after the three-line field */
    assert_int_equal(rows.line[3], 7);
    assert_null(rows.error[3]);
}

static void test_csv_bom(void **state)
{
    TableReader *r = open_ok(write_text(state, "b.csv", "\xEF\xBB\xBFmarche;montant\nM1;5\n"));
    const TableInfo *info = table_info(r);
    assert_string_equal(info->encoding, "UTF-8 avec BOM");
    assert_string_equal(info->columns[0], "marche");
    assert_string_equal(info->keys[0], "marche");
    Rows rows;
    read_rows(r, &rows);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.line[0], 2);
}

static void test_csv_windows_1252(void **state)
{
    const char data[] = "nom;montant;\x9C" "uvre\r\ncaf\xE9;5 \x80;ma\xEEtre d\x92ouvrage\r\n";
    TableReader *r = open_ok(write_bytes(state, "w.csv", data, sizeof data - 1));
    const TableInfo *info = table_info(r);
    assert_string_equal(info->encoding, "Windows-1252");
    assert_string_equal(info->note.fr, "fichier lu en Windows-1252 (converti en UTF-8)");
    assert_non_null(info->note.en);
    assert_string_equal(info->columns[2], "\xC5\x93uvre");
    assert_string_equal(info->keys[2], "oeuvre");
    Rows rows;
    read_rows(r, &rows);
    assert_int_equal(rows.n, 1);
    assert_string_equal(rows.cell[0][0], "caf\xC3\xA9");
    assert_string_equal(rows.cell[0][1], "5 \xE2\x82\xAC");
    assert_string_equal(rows.cell[0][2], "ma\xC3\xAEtre d\xE2\x80\x99ouvrage");
    assert_int_equal(rows.line[0], 2);
}

static void test_csv_line_ends(void **state)
{
    Rows rows;
    /* lone CR */
    read_rows(open_ok(write_text(state, "cr.csv", "a;b\r1;2\r3;4\r")), &rows);
    assert_int_equal(rows.n, 2);
    assert_int_equal(rows.line[0], 2);
    assert_int_equal(rows.line[1], 3);
    assert_string_equal(rows.cell[1][1], "4");
    /* mixed, last line without end */
    read_rows(open_ok(write_text(state, "mix.csv", "a;b\r\n1;2\n3;4\r5;6")), &rows);
    assert_int_equal(rows.n, 3);
    assert_int_equal(rows.line[0], 2);
    assert_int_equal(rows.line[1], 3);
    assert_int_equal(rows.line[2], 4);
    assert_string_equal(rows.cell[2][1], "6");
}

static void test_csv_blank_lines(void **state)
{
    Rows rows;
    TableReader *r = open_ok(write_text(state, "bl.csv",
                                        "\n  \r\n"
                                        "a;b\n"
                                        "\n"
                                        "1;2\n"
                                        "   \n"
                                        "\r\n"
                                        "3;\"x\n\ny\"\n"
                                        "\n"
                                        "  5;6\n"));
    assert_int_equal(table_info(r)->ncols, 2);
    read_rows(r, &rows);
    assert_int_equal(rows.n, 3);
    assert_int_equal(rows.line[0], 5);
    assert_int_equal(rows.line[1], 8);
    assert_string_equal(rows.cell[1][1], "x\n\ny");
    assert_int_equal(rows.line[2], 12);
    assert_string_equal(rows.cell[2][0], "5");
}

static void test_csv_field_counts(void **state)
{
    Rows rows;
    read_rows(open_ok(write_text(state, "n.csv", "a;b\n1;2;3\n4\n5;6\n;\n")), &rows);
    assert_int_equal(rows.n, 4);
    assert_string_equal(rows.error[0], "3 champs au lieu de 2 (en-tête)");
    assert_int_equal(rows.line[0], 2);
    assert_null(rows.error[1]);
    assert_string_equal(rows.cell[1][0], "4");
    assert_null(rows.cell[1][1]); /* missing: absent */
    assert_null(rows.error[2]);
    assert_string_equal(rows.cell[3][0], "");
    assert_string_equal(rows.cell[3][1], "");
}

static void test_csv_stray_quote(void **state)
{
    Rows rows;
    read_rows(open_ok(write_text(state, "sq.csv", "a;b\n1;x\"y\n2;\"ok\"z;w\n3;\"fine\"\n")), &rows);
    assert_null(rows.err.msg.fr);
    assert_int_equal(rows.n, 3);
    assert_contains(rows.error[0], "guillemet mal placé ligne 2");
    assert_int_equal(rows.line[0], 2);
    assert_contains(rows.error[1], "guillemet mal placé ligne 3");
    assert_int_equal(rows.line[2], 4);
    assert_null(rows.error[2]);
    assert_string_equal(rows.cell[2][1], "fine");
}

static void test_csv_unclosed_quote(void **state)
{
    TableReader *r = open_ok(write_text(state, "uq.csv", "a;b\n1;2\n3;\"never\nclosed\n"));
    Rows rows;
    read_rows(r, &rows);
    assert_int_equal(rows.n, 1);
    assert_non_null(rows.err.msg.fr);
    assert_contains(rows.err.msg.fr, "guillemet jamais fermé");
    assert_int_equal(rows.err.line, 3);
    /* a second call reports the same error */
    TableRow row;
    TableError err;
    assert_false(table_next(r, &row, &err));
    assert_non_null(err.msg.fr);
    table_close(r);
}

static void test_csv_refused_encodings(void **state)
{
    TableError err = open_fails(write_bytes(state, "u16.csv", "\xFF\xFE" "a\0;\0b\0", 8));
    assert_contains(err.msg.fr, "UTF-16");
    err = open_fails(write_bytes(state, "u16be.csv", "\xFE\xFF\0a", 4));
    assert_contains(err.msg.fr, "UTF-16");
    err = open_fails(write_bytes(state, "u32.csv", "\xFF\xFE\0\0a\0\0\0", 8));
    assert_contains(err.msg.fr, "UTF-32");
    err = open_fails(write_bytes(state, "nul.csv", "a;b\n1;2\r\n3;\0\n", 13));
    assert_contains(err.msg.fr, "octet nul ligne 3");
    assert_int_equal(err.line, 3);
    err = open_fails(write_text(state, "mixed.csv", "\xEF\xBB\xBF" "a;b\n\n1;caf\xE9\n"));
    assert_contains(err.msg.fr, "ligne 3");
    err = open_fails(write_text(state, "empty.csv", ""));
    assert_contains(err.msg.fr, "fichier vide");
    err = open_fails(write_text(state, "blank.csv", "\n \r\n\n"));
    assert_contains(err.msg.fr, "fichier vide");
    /* only a BOM */
    err = open_fails(write_text(state, "bom.csv", "\xEF\xBB\xBF"));
    assert_contains(err.msg.fr, "fichier vide");
}

static void test_csv_header_errors(void **state)
{
    TableError err = open_fails(write_text(state, "dup.csv", "marche;Montant HT;montant_ht\n"));
    assert_contains(err.msg.fr, "« Montant HT » (colonne 2)");
    assert_contains(err.msg.fr, "« montant_ht » (colonne 3)");
    assert_int_equal(err.line, 1);
    /* empty names match nothing, so two of them are no conflict */
    TableReader *r = open_ok(write_text(state, "trail.csv", "a;b;;\n1;2;;\n"));
    assert_int_equal(table_info(r)->ncols, 4);
    assert_string_equal(table_info(r)->keys[2], "");

    char *wide = rt_alloc_atomic(8 * (TABLE_MAX_COLUMNS + 1) + 2);
    size_t n = 0;
    for (int i = 0; i <= TABLE_MAX_COLUMNS; i++)
        n += (size_t)sprintf(wide + n, "c%d;", i) - (i == TABLE_MAX_COLUMNS ? 1 : 0);
    wide[n++] = '\n';
    err = open_fails(write_bytes(state, "wide.csv", wide, n));
    assert_contains(err.msg.fr, "257 colonnes");

    /* exactly the maximum is fine */
    n = 0;
    for (int i = 0; i < TABLE_MAX_COLUMNS; i++)
        n += (size_t)sprintf(wide + n, "c%d;", i);
    wide[n - 1] = '\n';
    r = open_ok(write_bytes(state, "max.csv", wide, n));
    assert_int_equal(table_info(r)->ncols, TABLE_MAX_COLUMNS);
}

static char *repeat(char c, size_t n)
{
    char *s = rt_alloc_atomic(n + 1);
    memset(s, c, n);
    return s;
}

static void test_csv_long_field(void **state)
{
    size_t big = TABLE_MAX_FIELD_BYTES + 5000;
    const char *text = rt_sprintf("a;b\n1;%s\n2;\"%s\n%s\";x\n3;ok\n4;\"x\"\"%s\"\n5;end\n", repeat('z', big),
                                  repeat('q', big / 2), repeat('q', big / 2), repeat('y', big));
    Rows rows;
    read_rows(open_ok(write_text(state, "long.csv", text)), &rows);
    assert_null(rows.err.msg.fr);
    assert_int_equal(rows.n, 5);
    assert_contains(rows.error[0], "champ de plus de 65\xE2\x80\xAF" "536 octets (colonne « b »)");
    assert_int_equal(rows.line[0], 2);
    assert_contains(rows.error[1], "champ de plus de");
    assert_int_equal(rows.line[1], 3);
    assert_null(rows.error[2]);
    assert_int_equal(rows.line[2], 5);
    assert_string_equal(rows.cell[2][1], "ok");
    assert_contains(rows.error[3], "champ de plus de");
    assert_null(rows.error[4]);
    assert_int_equal(rows.line[4], 7);
    assert_string_equal(rows.cell[4][1], "end");
}

static void test_csv_long_row(void **state)
{
    /* many short fields: the row limit, not the field limit */
    size_t nfields = TABLE_MAX_ROW_BYTES / 2 + 10;
    char *line = rt_alloc_atomic(nfields * 2 + 1);
    for (size_t i = 0; i < nfields; i++)
        line[2 * i] = 'x', line[2 * i + 1] = ';';
    const char *text = rt_sprintf("a;b\n%s\n2;ok\n", line);
    Rows rows;
    read_rows(open_ok(write_text(state, "row.csv", text)), &rows);
    assert_int_equal(rows.n, 2);
    assert_contains(rows.error[0], "ligne de plus de");
    assert_null(rows.error[1]);
    assert_int_equal(rows.line[1], 3);
}

static void test_csv_huge_line(void **state)
{
    /* one 40 MB line in the middle of a file: bounded memory, one rejected row */
    const char *p = path_in(state, "huge.csv");
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs("a;b\n1;2\n", fp);
    char *block = repeat('w', 1 << 20);
    for (int i = 0; i < 40; i++)
        fwrite(block, 1, 1 << 20, fp);
    fputs("\n3;4\n", fp);
    fclose(fp);
    Rows rows;
    read_rows(open_ok(p), &rows);
    assert_null(rows.err.msg.fr);
    assert_int_equal(rows.n, 3);
    assert_null(rows.error[0]);
    assert_contains(rows.error[1], "champ de plus de");
    assert_int_equal(rows.line[1], 3);
    assert_int_equal(rows.line[2], 4);
    assert_string_equal(rows.cell[2][1], "4");

    /* the same line as the header: a clear refusal */
    fp = fopen(p, "wb");
    for (int i = 0; i < 3; i++)
        fwrite(block, 1, 1 << 20, fp);
    fclose(fp);
    TableError err = open_fails(p);
    assert_contains(err.msg.fr, "en-tête");
}

/* Rows across the 1 MiB chunk boundary: a CRLF cut in two, an 'é' cut in two. */
/* ---- slices (runtime/table_split.c) -------------------------------------------------- */

/* A CSV table read in slices of about `size` bytes by one part, as the
** threads of eval read it: the next row, or false at its end (*err says why
** when a slice or the table failed). */
typedef struct SlicedReader {
    TableReader *main, *part;
    TableSlice slice;
    size_t size;
    bool more;
} SlicedReader;

static void sliced_open(SlicedReader *s, const char *path, size_t size)
{
    memset(s, 0, sizeof *s);
    s->main = open_ok(path);
    assert_true(table_can_split(s->main));
    s->part = table_part_new(s->main);
    s->size = size;
    s->more = table_split_next(s->main, &s->slice, size);
    if (s->more)
        table_part_feed(s->part, &s->slice, true);
}

static bool sliced_next(SlicedReader *s, TableRow *row, TableError *err)
{
    while (s->more) {
        if (table_next(s->part, row, err))
            return true;
        if (table_part_failed(s->part, err))
            return false;
        s->more = table_split_next(s->main, &s->slice, s->size);
        if (s->more) {
            assert_true(table_part_between_rows(s->part));
            table_part_feed(s->part, &s->slice, true);
        }
    }
    return table_next(s->main, row, err);   /* the cut's fatal error, if any */
}

static void sliced_close(SlicedReader *s)
{
    table_part_release(s->part);
    table_slice_free(&s->slice);
    table_close(s->main);
}

/* The file read in slices of `size` reads as in one piece: every row's line,
** reason and cells, and the error that ends them (code and line). */
static void assert_slices_read_alike(const char *path, size_t size, const char *what)
{
    TableReader *one = open_ok(path);
    SlicedReader s;
    sliced_open(&s, path, size);
    int ncols = table_info(one)->ncols;
    TableError e1 = { 0 }, e2 = { 0 };
    for (long k = 0;; k++) {
        TableRow a, b;
        bool more1 = table_next(one, &a, &e1), more2 = sliced_next(&s, &b, &e2);
        /* A fatal error ends the rows at the buffer or the slice it is in,
        ** which differ: the rows before it are not compared. */
        while (more1 && !more2 && e2.code)
            more1 = table_next(one, &a, &e1);
        while (more2 && !more1 && e1.code)
            more2 = sliced_next(&s, &b, &e2);
        if (more1 != more2)
            fail_msg("%s: row %ld: %s in one piece, %s in slices", what, k, more1 ? "read" : "none", more2 ? "read" : "none");
        if (!more1)
            break;
        if (a.line != b.line || !a.error.fr != !b.error.fr || (a.error.fr && strcmp(a.error.fr, b.error.fr) != 0))
            fail_msg("%s: row %ld: line %ld (%s) in one piece, %ld (%s) in slices", what, k, a.line,
                     a.error.fr ? a.error.fr : "-", b.line, b.error.fr ? b.error.fr : "-");
        for (int i = 0; i < ncols && !a.error.fr; i++)
            if (!a.cells[i].text != !b.cells[i].text
                || (a.cells[i].text && (a.cells[i].len != b.cells[i].len || memcmp(a.cells[i].text, b.cells[i].text, a.cells[i].len) != 0)))
                fail_msg("%s: row %ld (line %ld), cell %d differs", what, k, a.line, i);
    }
    if (!e1.code != !e2.code || (e1.code && (strcmp(e1.code, e2.code) != 0 || e1.line != e2.line)))
        fail_msg("%s: %s line %ld in one piece, %s line %ld in slices", what, e1.code ? e1.code : "no error", e1.line,
                 e2.code ? e2.code : "no error", e2.line);
    sliced_close(&s);
    table_close(one);
}

/* The slices' scans read rows of 16 bytes, which put a line end in the same
** byte of every block, so that a counter gains its most in each step. The
** bytes past the first MiB, which the table's opening read and checked:
** 65 536 + 1 203 rows, slices of 8192 bytes (128 steps), the last of 2864
** (44 steps and a tail of 48). */
enum { SCAN_ROWS = 65536 + 1203, SCAN_ROW = 16, SCAN_SLICE = 8192, SCAN_NEAR = 128, SCAN_TAIL = 48 };

/* Where the first slice of data[0..n) that starts past byte `past` starts. */
static size_t slice_start_past(void **state, const char *data, size_t n, size_t past)
{
    SlicedReader s;
    sliced_open(&s, write_bytes(state, "unplanted.csv", data, n), SCAN_SLICE);
    while (s.more && (size_t)s.slice.offset <= past)
        s.more = table_split_next(s.main, &s.slice, s.size);
    assert_true(s.more);
    size_t at = (size_t)s.slice.offset;
    sliced_close(&s);
    return at;
}

/* Copies of data[0..n) (SCAN_ROWS rows after `head` bytes, each ended by
** `end_len` bytes) with `planted` (len bytes) in place of a row's line end
** (line_end) or in a row's cells at every fifth byte (each byte of a block,
** over the four blocks), over the two steps from the first byte of the
** first slice past the first MiB (which the table's opening read and
** checked), and over the last slice's tail: each read in slices as in one
** piece. */
static void assert_plants_read_alike(void **state, const char *data, size_t n, size_t head, size_t end_len,
                                     const char *planted, size_t len, bool line_end, const char *what)
{
    char *copy = rt_alloc_atomic(n + 8);
    size_t stride = line_end ? SCAN_ROW : 5, near = slice_start_past(state, data, n, 1 << 20);
    for (size_t k = 0; k < SCAN_NEAR + SCAN_TAIL; k += stride) {
        size_t pos = k < SCAN_NEAR ? near + k : n - (SCAN_NEAR + SCAN_TAIL - k);
        size_t in_row = (pos - head) % SCAN_ROW, m = n;
        if (line_end) {
            pos += SCAN_ROW - end_len - in_row;
            memcpy(copy, data, pos);
            memcpy(copy + pos, planted, len);
            memcpy(copy + pos + len, data + pos + end_len, n - pos - end_len);
            m = n + len - end_len;
        } else {
            if (in_row + len > SCAN_ROW - end_len)
                continue;   /* not over the line end */
            memcpy(copy, data, n);
            memcpy(copy + pos, planted, len);
        }
        char at[160];
        snprintf(at, sizeof at, "%s at byte %zu", what, pos);
        const char *path = write_bytes(state, "planted.csv", copy, m);
        assert_slices_read_alike(path, SCAN_SLICE, at);
        remove(path);   /* 1 MiB each */
    }
}

/* The slice's scan (the line feeds counted sixty-four bytes a step, in byte
** counters emptied every 63 steps; plain ASCII, a NUL, a CR): a NUL, a UTF-8
** letter, a Windows-1252 byte, a CRLF and a lone CR planted. */
static void test_csv_slices_scanned(void **state)
{
    size_t head = strlen("id,texte\n"), n = head + (size_t)SCAN_ROWS * SCAN_ROW;
    char *data = rt_alloc_atomic(n + 8);
    memcpy(data, "id,texte\n", head);
    for (int k = 0; k < SCAN_ROWS; k++)
        sprintf(data + head + (size_t)k * SCAN_ROW, "%06d,abcdefgh\n", k);   /* 16 bytes */
    assert_slices_read_alike(write_bytes(state, "plain.csv", data, n), SCAN_SLICE, "plain");
    static const char *const planted[] = { "\0", "\xC3\xA9", "\xE9", "\r\n", "\r" };
    static const char *const names[] = { "NUL", "UTF-8", "Windows-1252", "CRLF", "lone CR" };
    for (size_t kind = 0; kind < sizeof planted / sizeof *planted; kind++)
        assert_plants_read_alike(state, data, n, head, 1, planted[kind], kind == 0 ? 1 : strlen(planted[kind]), kind >= 3,
                                 names[kind]);
}

/* Rows of 16 bytes after `head`: "NNNNN,abcdefgh\r\n" from row `crlf_from` to
** row `crlf_to`, "NNNNNN,abcdefgh\n" elsewhere. */
static size_t rows_ending(char *data, const char *head, size_t head_len, int rows, int crlf_from, int crlf_to)
{
    memcpy(data, head, head_len);
    for (int k = 0; k < rows; k++) {
        char row[24];
        if (k >= crlf_from && k < crlf_to)
            snprintf(row, sizeof row, "%05d,abcdefgh\r\n", k % 100000);
        else
            snprintf(row, sizeof row, "%06d,abcdefgh\n", k);
        memcpy(data + head_len + (size_t)k * SCAN_ROW, row, SCAN_ROW);
    }
    return head_len + (size_t)rows * SCAN_ROW;
}

/* The scan of a slice after one whose lines ended with CRLF, as exports
** from Windows write them (French CSV, Windows-1252): its line ends counted
** (a CR, or a LF not after a CR) and the plain test in one pass, sixty-four
** bytes a step, the counters emptied every 63 steps; a plain slice takes no
** encoding check, a Windows-1252 one is read in place. In a file without
** BOM, with a BOM, in Windows-1252: a NUL, a UTF-8 letter, a Windows-1252
** byte, a LF alone and a lone CR in place of a row's CRLF planted; a file
** whose lines go from CRLF to LF and back, and from LF to CRLF. */
static void test_csv_slices_crlf_scanned(void **state)
{
    static const char *const heads[] = { "id,texte\r\n", "\xEF\xBB\xBFid,texte\r\n", "id,t\xE9xte\r\n" };
    static const char *const encodings[] = { "no BOM", "BOM", "Windows-1252" };
    static const char *const planted[] = { "\0", "\xC3\xA9", "\xE9", "\n", "\r" };
    static const char *const names[] = { "NUL", "UTF-8", "Windows-1252", "LF alone", "lone CR" };
    char *data = rt_alloc_atomic((size_t)SCAN_ROWS * SCAN_ROW + 64);
    for (size_t e = 0; e < sizeof heads / sizeof *heads; e++) {
        size_t head = strlen(heads[e]), n = rows_ending(data, heads[e], head, SCAN_ROWS, 0, SCAN_ROWS);
        char what[128];
        snprintf(what, sizeof what, "CRLF, %s", encodings[e]);
        assert_slices_read_alike(write_bytes(state, "crlf.csv", data, n), SCAN_SLICE, what);
        for (size_t kind = 0; kind < sizeof planted / sizeof *planted; kind++) {
            snprintf(what, sizeof what, "CRLF, %s: %s", encodings[e], names[kind]);
            assert_plants_read_alike(state, data, n, head, 2, planted[kind], kind == 0 ? 1 : strlen(planted[kind]),
                                     kind >= 3, what);
        }
        /* CRLF, then LF from a row inside a slice, then CRLF again; and LF then CRLF */
        n = rows_ending(data, heads[e], head, SCAN_ROWS, 0, 40000 + 100);
        for (int k = 60000 + 7; k < SCAN_ROWS; k++)
            memcpy(data + head + (size_t)k * SCAN_ROW + 14, "\r\n", 2);
        snprintf(what, sizeof what, "CRLF, LF, CRLF, %s", encodings[e]);
        assert_slices_read_alike(write_bytes(state, "crlf-lf.csv", data, n), SCAN_SLICE, what);
        n = rows_ending(data, heads[e], head, SCAN_ROWS, 30000 + 100, SCAN_ROWS);
        snprintf(what, sizeof what, "LF, CRLF, %s", encodings[e]);
        assert_slices_read_alike(write_bytes(state, "lf-crlf.csv", data, n), SCAN_SLICE, what);
    }
}

/* A file with a BOM whose first MiB, which the table's opening reads and
** checks, ends inside a character: the slices, which start again at the row
** after the header, check that character whole (they once took its first
** byte as pending before their own first byte: an invalid byte on line 2). */
static void test_csv_slices_bom_character_cut(void **state)
{
    static const char head[] = "\xEF\xBB\xBFid,texte\r\n";
    char *data = rt_alloc_atomic((size_t)SCAN_ROWS * SCAN_ROW + 64);
    size_t n = rows_ending(data, head, strlen(head), SCAN_ROWS, 0, SCAN_ROWS);
    char *copy = rt_alloc_atomic(n + 64);
    for (size_t shift = 0; shift < 3; shift++) {   /* "€" cut after its first byte, its second, not cut */
        size_t pos = (1 << 20) - 1 - shift;
        assert_true((pos - strlen(head)) % SCAN_ROW + 3 <= SCAN_ROW - 2);   /* inside a row's cells */
        memcpy(copy, data, n);
        memcpy(copy + pos, "\xE2\x82\xAC", 3);
        char what[64];
        snprintf(what, sizeof what, "BOM, a character at byte %zu", pos);
        assert_slices_read_alike(write_bytes(state, "bom-cut.csv", copy, n), 8192, what);
        assert_slices_read_alike(write_bytes(state, "bom-cut.csv", copy, n), 1 << 20, what);
    }
}

static void test_csv_chunk_boundaries(void **state)
{
    const size_t chunk = 1024 * 1024;
    for (int variant = 0; variant < 2; variant++) {
        char *data = rt_alloc_atomic(chunk * 2 + 100);
        size_t n = 0;
        n += (size_t)sprintf(data, "id;texte\r\n");
        long rows_written = 0;
        /* rows "NNNNNN;xxxx\r\n" until just before the boundary */
        while (n + 40 < chunk) {
            n += (size_t)sprintf(data + n, "%06ld;abc\r\n", rows_written++);
        }
        /* a row whose end straddles the boundary */
        size_t prefix = (size_t)sprintf(data + n, "%06ld;", rows_written++);
        n += prefix;
        if (variant == 0) {
            /* CR is the last byte of the first chunk, LF the first of the next */
            while (n < chunk - 1)
                data[n++] = 'p';
            data[n++] = '\r';
            data[n++] = '\n';
        } else {
            /* 'é' (C3 A9) split by the boundary */
            while (n < chunk - 1)
                data[n++] = 'p';
            data[n++] = '\xC3';
            data[n++] = '\xA9';
            data[n++] = '\r';
            data[n++] = '\n';
        }
        n += (size_t)sprintf(data + n, "%06ld;last\r\n", rows_written++);
        TableReader *r = open_ok(write_bytes(state, "chunks.csv", data, n));
        assert_string_equal(table_info(r)->encoding, "UTF-8");
        TableRow row;
        TableError err;
        long count = 0;
        const char *last = NULL;
        while (table_next(r, &row, &err)) {
            if (row.line != count + 2 || row.error.fr)
                fail_msg("row %ld: line %ld, error %s", count, row.line, row.error.fr ? row.error.fr : "-");
            last = rt_strdup(row.cells[1].text);
            count++;
        }
        assert_null(err.msg.fr);
        assert_int_equal(count, rows_written);
        assert_string_equal(last, "last");
        table_close(r);
    }
}

/* Plain rows skip libcsv (runtime/table_csv_fast.c): whether a row is plain or not
** (spaces, quotes, a separator inside quotes, a long row, a control byte), its
** cells, line and field count are libcsv's; TableRow.plain says a row has no
** byte up to the space in any cell (data_next then checks no cell for blanks). */
static void test_csv_plain_rows_read_as_libcsv_does(void **state)
{
    static const char *const seps = ";,\t";
    for (int k = 0; k < 3; k++) {
        char sep = seps[k];
        char *text = rt_strdup(
            "a|b|c\r\n"
            "M0001|P00001|86.67\r\n"                          /* plain */
            " M0001 |\tP00001|86.67  \r\n"                    /* spaces around cells */
            "\"M0001\"|P00001|\"86.67\"\n"                      /* quoted cells */
            "M0001|P00001|\"86|67\"\n"                         /* a separator inside quotes */
            "M0001|P000000000000000000000000000001|86.67\r"     /* longer than 16 bytes */
            "M0001|P000000000000000000000000000001|86 67\n"     /* a space after 16 bytes */
            "M0001||\n"                                        /* empty cells */
            "M0001\n"                                            /* fewer fields */
            "M0001|P1|1|extra\n"                               /* more fields */
            "M0001|P00\00101|86.67\n"                          /* a control byte: not plain */
            "M0001|P000000000000000000000000\037|86.67\n"       /* the same past 16 bytes */
            "   \n"                                              /* blank: not a row */
            "M0001|P00001|86.67");                              /* no line end */
        for (char *p = text; *p; p++) {
            if (*p == '\t' && sep == '\t')
                *p = ' ';   /* a tab around a cell is a separator there */
            if (*p == '|')
                *p = sep;
        }
        TableReader *r = open_ok(write_text(state, rt_sprintf("plain%d.csv", k), text));
        assert_int_equal(table_info(r)->separator, sep);
        TableRow row;
        TableError err;
        static const long lines[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14 };
        static const bool plain[] = { true, false, false, false, true, false, true, true, true, false, false, false };
        static const char *const want[][3] = {
            { "M0001", "P00001", "86.67" },
            { "M0001", "P00001", "86.67" },
            { "M0001", "P00001", "86.67" },
            { "M0001", "P00001", "86?67" },
            { "M0001", "P000000000000000000000000000001", "86.67" },
            { "M0001", "P000000000000000000000000000001", "86 67" },
            { "M0001", "", "" },
            { "M0001", NULL, NULL },
            { "M0001", "P1", "1" },
            { "M0001", "P00\00101", "86.67" },
            { "M0001", "P000000000000000000000000\037", "86.67" },
            { "M0001", "P00001", "86.67" },
        };
        int n = 0;
        while (table_next(r, &row, &err)) {
            assert_true(n < 12);
            assert_int_equal(row.line, lines[n]);
            assert_int_equal(row.plain, plain[n]);
            for (int c = 0; c < 3; c++) {
                const char *w = want[n][c];
                if (w && strchr(w, '?'))
                    w = rt_sprintf("86%c67", sep);
                if (!w) {
                    assert_null(row.cells[c].text);
                    continue;
                }
                assert_non_null(row.cells[c].text);
                assert_int_equal(strlen(row.cells[c].text), row.cells[c].len);
                assert_string_equal(row.cells[c].text, w);
            }
            if (n == 8)
                assert_non_null(row.error.fr);   /* 4 fields instead of 3 */
            else
                assert_null(row.error.fr);
            n++;
        }
        assert_null(err.msg.fr);
        assert_int_equal(n, 12);
        table_close(r);
    }
}

static void test_csv_windows_1252_large(void **state)
{
    /* the only non-UTF-8 byte far after the first chunk still decides */
    const size_t chunk = 1024 * 1024;
    char *data = rt_alloc_atomic(chunk * 3);
    size_t n = (size_t)sprintf(data, "nom;ville\n");
    long rows = 0;
    while (n < 2 * chunk + 500) {
        n += (size_t)sprintf(data + n, "nom%ld;Paris\n", rows++);
    }
    n += (size_t)sprintf(data + n, "fin;Orl\xE9" "ans\n");
    rows++;
    TableReader *r = open_ok(write_bytes(state, "w.csv", data, n));
    /* The one read decides when it meets the first byte above 0x7F. */
    assert_string_equal(table_info(r)->encoding, "UTF-8");
    TableRow row;
    TableError err;
    long count = 0;
    const char *last = NULL;
    while (table_next(r, &row, &err)) {
        count++;
        last = rt_strdup(row.cells[1].text);
        assert_int_equal(row.line, count + 1);
    }
    assert_int_equal(count, rows);
    assert_string_equal(last, "Orl\xC3\xA9" "ans");
    assert_string_equal(table_info(r)->encoding, "Windows-1252");
    assert_string_equal(table_info(r)->note.fr, "fichier lu en Windows-1252 (converti en UTF-8)");
}

/* The one read: a row with valid UTF-8 ("é" as C3 A9) before a byte that is
** not UTF-8 two chunks later: the look-ahead at the first byte above 0x7F
** sees the whole rest, so the file is Windows-1252 from its first row, as
** when it was read twice. A BOM file with a bad byte late, and a NUL byte
** after it, says the NUL byte (the file is not text). */
static void test_csv_one_read_decides_before_parsing(void **state)
{
    const size_t chunk = 1024 * 1024;
    char *data = rt_alloc_atomic(chunk * 3);
    size_t n = (size_t)sprintf(data, "nom;ville\nd\xC3\xA9" "but;Paris\n");
    while (n < 2 * chunk + 500)
        n += (size_t)sprintf(data + n, "nom;Paris\n");
    n += (size_t)sprintf(data + n, "fin;Orl\xE9" "ans\n");
    TableReader *r = open_ok(write_bytes(state, "mixed.csv", data, n));
    TableRow row;
    TableError err;
    assert_true(table_next(r, &row, &err));
    assert_string_equal(row.cells[0].text, "d\xC3\x83\xC2\xA9" "but");
    assert_string_equal(table_info(r)->encoding, "Windows-1252");
    /* BOM, then a bad byte in the third chunk, then a NUL */
    memcpy(data, "\xEF\xBB\xBF", 3);
    memcpy(data + n - 4, "\0\n", 2);
    r = open_ok(write_bytes(state, "bom.csv", data, n));
    long rows = 0;
    while (table_next(r, &row, &err))
        rows++;
    assert_true(rows > 1000);
    assert_contains(err.msg.fr, "octet nul ligne");
    assert_string_equal(err.code, "C0804");
    /* the same without the NUL: the bad byte, at its line */
    memcpy(data + n - 4, "ns\n", 3);
    r = open_ok(write_bytes(state, "bom2.csv", data, n));
    while (table_next(r, &row, &err))
        ;
    assert_contains(err.msg.fr, "fichier marqué UTF-8 (BOM) mais octet non UTF-8 ligne");
    long lines = 1;
    for (size_t i = 0; i < n - 5; i++)
        lines += data[i] == '\n';
    assert_int_equal(err.line, lines);
}

/* The look-ahead checks the chunk's bytes where they lie and reads only
** the file after the chunk: a bad byte after a valid "é" inside the chunk
** (a small file, and one of half a chunk, read into a 2 MiB page) still
** makes the file Windows-1252; a valid "é" cut in two by the chunk's end
** (C3 its last byte, A9 the file's next) keeps it UTF-8. */
static void test_csv_look_ahead_held_then_read(void **state)
{
    const char small[] = "nom;ville\nd\xC3\xA9" "but;Orl\xE9" "ans\n";
    TableReader *r = open_ok(write_bytes(state, "small.csv", small, sizeof small - 1));
    TableRow row;
    TableError err;
    assert_true(table_next(r, &row, &err));
    assert_string_equal(row.cells[0].text, "d\xC3\x83\xC2\xA9" "but");
    assert_string_equal(table_info(r)->encoding, "Windows-1252");

    const size_t chunk = 1024 * 1024;
    char *data = rt_alloc_atomic(chunk * 2);
    size_t n = (size_t)sprintf(data, "nom;ville\nd\xC3\xA9" "but;Paris\n");
    while (n < chunk / 2 + 1000)
        n += (size_t)sprintf(data + n, "nom;Paris\n");
    n += (size_t)sprintf(data + n, "fin;Orl\xE9" "ans\n");
    r = open_ok(write_bytes(state, "half.csv", data, n));
    assert_true(table_next(r, &row, &err));
    assert_string_equal(row.cells[0].text, "d\xC3\x83\xC2\xA9" "but");
    assert_string_equal(table_info(r)->encoding, "Windows-1252");

    n = (size_t)sprintf(data, "nom;ville\nd\xC3\xA9" "but;Paris\n");
    long rows = 1;
    while (n + 10 <= chunk - 6) {
        n += (size_t)sprintf(data + n, "nom;Paris\n");
        rows++;
    }
    while (n < chunk - 6)
        data[n++] = 'x';            /* the row's first cell reaches the chunk's end */
    memcpy(data + n, "x;Orl", 5);
    n += 5;
    assert_int_equal(n, chunk - 1);
    n += (size_t)sprintf(data + n, "\xC3\xA9" "ans\nfin;fin\n");
    rows += 2;
    r = open_ok(write_bytes(state, "cut.csv", data, n));
    assert_string_equal(table_info(r)->encoding, "UTF-8");
    Rows got;
    read_rows(r, &got);
    assert_null(got.err.msg.fr);
    assert_int_equal(got.n, rows);
    assert_string_equal(table_info(r)->encoding, "UTF-8");
    assert_string_equal(got.cell[0][0], "d\xC3\xA9" "but");
}

/* A file read through each kind of chunk buffer: smaller than half a chunk
** (its pages made resident), half a chunk to a chunk (a 2 MiB page), and
** longer (the 2 MiB page read again): every row and its last cell. */
static void test_csv_read_through_each_chunk_buffer(void **state)
{
    const size_t chunk = 1024 * 1024;
    const size_t sizes[] = { 100, chunk / 2 - 20, chunk / 2 + 20, chunk - 3, chunk + 7, 2 * chunk + 11 };
    char *data = rt_alloc_atomic(3 * chunk);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = (size_t)sprintf(data, "n;v\n");
        long rows = 0;
        while (n + 20 < sizes[k])
            n += (size_t)sprintf(data + n, "%09ld;abcdefgh\n", rows++);
        n += (size_t)sprintf(data + n, "last;%ld\n", (long)sizes[k]);
        rows++;
        TableReader *r = open_ok(write_bytes(state, "sized.csv", data, n));
        TableRow row;
        TableError err = { 0 };
        long count = 0;
        char last[32] = "";
        while (table_next(r, &row, &err)) {
            count++;
            snprintf(last, sizeof last, "%.*s", (int)row.cells[1].len, row.cells[1].text);
        }
        assert_null(err.msg.fr);
        assert_int_equal(count, rows);
        char want[32];
        snprintf(want, sizeof want, "%ld", (long)sizes[k]);
        assert_string_equal(last, want);
        table_close(r);
    }
}

/* A Windows-1252 table read as its UTF-8 twin (iconv's) is: the same
** columns, rows, lines and cells. */
static void assert_reads_as_utf8_twin(void **state, const char *data, size_t n, const char *what)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1)
        skip();
    size_t cap = n * 3 + 1, in_left = n, out_left = cap;
    char *twin = rt_alloc_atomic(cap), *in = (char *)data, *out = twin;
    assert_true(iconv(cd, &in, &in_left, &out, &out_left) != (size_t)-1);
    iconv_close(cd);
    TableReader *r = open_ok(write_bytes(state, "w1252.csv", data, n));
    TableReader *u = open_ok(write_bytes(state, "twin.csv", twin, cap - out_left));
    assert_string_equal(table_info(r)->encoding, "Windows-1252");
    for (int i = 0; i < table_info(u)->ncols; i++)
        if (strcmp(table_info(r)->columns[i], table_info(u)->columns[i]) != 0)
            fail_msg("%s: column %d « %s », UTF-8 « %s »", what, i, table_info(r)->columns[i], table_info(u)->columns[i]);
    Rows a, b;
    read_rows(r, &a);
    read_rows(u, &b);
    if (a.n != b.n)
        fail_msg("%s: %ld rows, UTF-8 %ld", what, a.n, b.n);
    for (long k = 0; k < a.n && k < MAX_ROWS; k++)
        for (int i = 0; i < 2; i++)
            if (a.line[k] != b.line[k] || !a.cell[k][i] || !b.cell[k][i] || strcmp(a.cell[k][i], b.cell[k][i]) != 0)
                fail_msg("%s: row %ld (line %ld), cell %d: « %s », UTF-8 « %s »", what, k, a.line[k], i,
                         a.cell[k][i] ? a.cell[k][i] : "-", b.cell[k][i] ? b.cell[k][i] : "-");
}

/* A Windows-1252 chunk whose bytes past its first 2 KiB are ASCII has only
** those converted, into the room before the chunk (4 KiB: at most two more
** bytes each), the rest read where it lies: the accents in the header
** only; "€" (three bytes in UTF-8) in every row to the byte before 2048, and
** to 2048 (the whole chunk converted); in every row of the file (2 700
** bytes: converted in front, they would need more than the room). */
static void test_csv_cp1252_converted_in_front(void **state)
{
    enum { ROWS = 60, TEXT = 40 };
    static const long accents_to[] = { 0, 2047, 2048, 1 << 20 };
    char *data = rt_alloc_atomic(64 + ROWS * (TEXT + 8));
    for (size_t c = 0; c < sizeof accents_to / sizeof *accents_to; c++) {
        size_t n = (size_t)sprintf(data, "id;libell\xE9\r\n");
        long last = -1;
        for (int k = 0; k < ROWS; k++) {
            n += (size_t)sprintf(data + n, "%02d;", k);
            for (int i = 0; i < TEXT; i++, n++) {
                bool accent = (long)n <= accents_to[c];
                data[n] = accent ? '\x80' : 'a';
                last = accent ? (long)n : last;
            }
            n += (size_t)sprintf(data + n, "\r\n");
        }
        assert_true(c == 0 || c == 3 || last == accents_to[c]);   /* the last "€" where meant */
        char what[64];
        snprintf(what, sizeof what, "Windows-1252, \xE2\x82\xAC to byte %ld", last);
        assert_reads_as_utf8_twin(state, data, n, what);
    }
}

/* The table converter gives iconv's bytes for every byte (U+FFFD where
** Windows-1252 defines nothing and iconv refuses). */
static void test_cp1252_table_is_iconv(void **state)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1)
        skip();
    EncodingConverter *conv = encoding_cp1252_open();
    for (int b = 0; b < 256; b++) {
        char in[1] = { (char)b }, ours[4], theirs[4] = "\xEF\xBF\xBD";
        size_t n = encoding_cp1252_convert(conv, in, 1, ours);
        char *ip = in, *op = theirs;
        size_t il = 1, ol = sizeof theirs;
        size_t expected = iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ? 3 : (size_t)(op - theirs);
        assert_int_equal(n, expected);
        assert_memory_equal(ours, theirs, n);
    }
    iconv_close(cd);
    encoding_close(conv);
}

static void test_csv_undefined_cp1252_bytes(void **state)
{
    Rows rows;
    read_rows(open_ok(write_text(state, "u.csv", "a;b\nx\x81;\xE9\n")), &rows);
    assert_string_equal(rows.cell[0][0], "x\xEF\xBF\xBD");
    assert_string_equal(rows.cell[0][1], "\xC3\xA9");
}

/* ---- finding files ---------------------------------------------------------------------- */

static void test_open_errors(void **state)
{
    Fixture *f = *state;
    TableError err = { 0 };
    assert_null(table_open(f->dir, "heures", &err));
    assert_contains(err.msg.fr, "fichier introuvable");
    assert_contains(err.msg.fr, "heures.csv");
    assert_contains(err.msg.fr, "heures.json");

    err = open_fails(path_in(state, "absent.csv"));
    assert_string_equal(err.msg.fr, "fichier introuvable");
    assert_string_equal(err.path, path_in(state, "absent.csv"));

    assert_int_equal(mkdir(path_in(state, "dossier.csv"), 0700), 0);
    err = open_fails(path_in(state, "dossier.csv"));
    assert_string_equal(err.msg.fr, "est un dossier, pas un fichier");
    assert_null(table_open(f->dir, "dossier", &err));
    assert_string_equal(err.msg.fr, "est un dossier, pas un fichier");

    err = open_fails(write_text(state, "notes.txt", "a;b\n"));
    assert_contains(err.msg.fr, "extension");

    write_text(state, "heures.csv", "a\n1\n");
    write_text(state, "heures.json", "[]");
    assert_null(table_open(f->dir, "heures", &err));
    assert_string_equal(err.msg.fr, "les deux fichiers heures.csv et heures.json existent : lequel lire ? "
                                    "Retirez l'un des deux");

    assert_null(table_open(path_in(state, "nowhere"), "heures", &err));
    assert_contains(err.msg.fr, "dossier");

    if (geteuid() != 0) {
        const char *p = write_text(state, "secret.csv", "a\n");
        chmod(p, 0);
        err = open_fails(p);
        assert_contains(err.msg.fr, "illisible : ");
    }
}

static void test_open_by_name(void **state)
{
    Fixture *f = *state;
    write_text(state, "participants.json", "[{\"participant\": \"P1\"}]");
    write_text(state, "marches.csv", "marche\nM1\n");
    TableError err = { 0 };
    TableReader *r = table_open(f->dir, "participants", &err);
    assert_non_null(r);
    assert_int_equal(table_info(r)->format, TABLE_JSON);
    table_close(r);
    r = table_open(rt_sprintf("%s/", f->dir), "marches", &err);
    assert_non_null(r);
    assert_string_equal(table_info(r)->file, "marches.csv");
    table_close(r);
}

/* ---- JSON --------------------------------------------------------------------------------- */

static void test_json_exact_numbers(void **state)
{
    TableReader *r = open_ok(write_text(state, "h.json",
                                        "[\n"
                                        "  {\"marche\": \"M1\", \"heures\": 0.1, \"montant\": 731.5},\n"
                                        "  {\"marche\": \"M2\", \"heures\": 12345678901234567890.123,\n"
                                        "   \"montant\": -0, \"rsa\": true, \"qpv\": null},\n"
                                        "  {\"montant\": 10, \"marche\": \"M3\", \"rsa\": false, \"extra\": \"\"}\n"
                                        "]\n"));
    const TableInfo *info = table_info(r);
    assert_int_equal(info->format, TABLE_JSON);
    assert_int_equal(info->ncols, 6);
    assert_string_equal(info->columns[0], "marche");
    assert_string_equal(info->columns[1], "heures");
    assert_string_equal(info->columns[2], "montant");
    assert_string_equal(info->columns[3], "rsa");
    assert_string_equal(info->columns[4], "qpv");
    assert_string_equal(info->columns[5], "extra");
    Rows rows;
    read_rows(r, &rows);
    assert_null(rows.err.msg.fr);
    assert_int_equal(rows.n, 3);
    assert_int_equal(rows.line[0], 2);
    assert_int_equal(rows.line[1], 3);
    assert_int_equal(rows.line[2], 5);
    assert_string_equal(rows.cell[0][1], "0.1");
    assert_string_equal(rows.cell[0][2], "731.5");
    assert_null(rows.cell[0][3]);
    assert_string_equal(rows.cell[1][1], "12345678901234567890.123");
    assert_string_equal(rows.cell[1][2], "-0");
    assert_string_equal(rows.cell[1][3], "true");
    assert_null(rows.cell[1][4]);
    assert_string_equal(rows.cell[2][0], "M3");
    assert_string_equal(rows.cell[2][2], "10");
    assert_string_equal(rows.cell[2][3], "false");
    assert_string_equal(rows.cell[2][5], "");
    for (int i = 0; i < 3; i++)
        assert_null(rows.error[i]);
}

static void test_json_row_errors(void **state)
{
    Rows rows;
    read_rows(open_ok(write_text(state, "e.json",
                                 "[{\"a\": 1e3, \"b\": \"x\"},\n"
                                 " {\"a\": {\"nested\": 1}},\n"
                                 " {\"a\": [1, 2]},\n"
                                 " 42,\n"
                                 " \"text\",\n"
                                 " {\"a\": \"\\u0000#5\"},\n"
                                 " {\"a\": \"x\\u0000y\"},\n"
                                 " {\"a\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\u0000\"},\n"
                                 " {\"a\": 2.5E-3}]")),
              &rows);
    assert_null(rows.err.msg.fr);
    assert_int_equal(rows.n, 9);
    /* exponents are exact decimal text too: passed through for data.c to expand */
    assert_null(rows.error[0]);
    assert_string_equal(rows.cell[0][0], "1e3");
    assert_contains(rows.error[1], "valeur imbriquée");
    assert_contains(rows.error[2], "valeur imbriquée");
    assert_contains(rows.error[3], "n'est pas un objet");
    assert_int_equal(rows.line[3], 4);
    assert_contains(rows.error[4], "n'est pas un objet");
    /* a string that looks like our number marker is not a number */
    assert_contains(rows.error[5], "caractère nul");
    assert_contains(rows.error[6], "caractère nul");
    assert_null(rows.error[7]);
    assert_string_equal(rows.cell[7][0], "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\u0000");
    assert_null(rows.error[8]);
    assert_string_equal(rows.cell[8][0], "2.5E-3");
    for (int i = 0; i < 9; i++)
        assert_int_equal(rows.line[i], i + 1);
}

static void test_json_fatal_errors(void **state)
{
    TableError err = open_fails(write_text(state, "dup.json", "[\n {\"a\": 1,\n  \"a\": 2}\n]"));
    assert_contains(err.msg.fr, "clé en double");
    assert_int_equal(err.line, 3);

    err = open_fails(write_text(state, "obj.json", "{\"a\": 1}"));
    assert_contains(err.msg.fr, "tableau d'objets");

    err = open_fails(write_text(state, "syntax.json", "[\n  {\"a\": 1.5,\n   \"b\": tru}\n]"));
    assert_contains(err.msg.fr, "JSON invalide");
    assert_int_equal(err.line, 3);
    assert_contains(err.msg.fr, "colonne 9");
    assert_null(strstr(err.msg.fr, "u0000"));

    err = open_fails(write_text(state, "num.json", "[{\"a\": 01}]"));
    assert_contains(err.msg.fr, "nombre JSON invalide");
    err = open_fails(write_text(state, "num2.json", "[{\"a\": -}]"));
    assert_contains(err.msg.fr, "nombre JSON invalide");
    err = open_fails(write_text(state, "num3.json", "[{\"a\": 1.}]"));
    assert_contains(err.msg.fr, "nombre JSON invalide");

    /* depth bomb: the limit, with a line, long before jansson's own */
    size_t depth = 100000;
    char *bomb = rt_alloc_atomic(depth * 2 + 1);
    memset(bomb, '[', depth);
    memset(bomb + depth, ']', depth);
    err = open_fails(write_bytes(state, "bomb.json", bomb, depth * 2));
    assert_contains(err.msg.fr, "trop imbriqué");
    assert_int_equal(err.line, 1);
    /* exactly at the limit is only a nested value */
    size_t ok_depth = TABLE_MAX_JSON_DEPTH;
    char *deep = rt_alloc_atomic(ok_depth * 2 + 8);
    memset(deep, '[', ok_depth);
    memset(deep + ok_depth, ']', ok_depth);
    TableReader *r = open_ok(write_bytes(state, "deep.json", deep, ok_depth * 2));
    Rows rows;
    read_rows(r, &rows);
    assert_int_equal(rows.n, 1);
    assert_contains(rows.error[0], "n'est pas un objet");

    err = open_fails(write_text(state, "key.json", "[{\"a\\u0000\": 1}]"));
    assert_contains(err.msg.fr, "JSON invalide");
    err = open_fails(write_text(state, "cp.json", "[{\"a\": \"caf\xE9\"}]"));
    assert_contains(err.msg.fr, "UTF-8");
    err = open_fails(write_bytes(state, "nul.json", "[\n{\"a\": \"\0\"}]", 12));
    assert_contains(err.msg.fr, "octet nul ligne 2");
    err = open_fails(write_text(state, "empty.json", ""));
    assert_contains(err.msg.fr, "JSON invalide");
    err = open_fails(write_text(state, "trunc.json", "[{\"a\": \"x"));
    assert_contains(err.msg.fr, "JSON invalide");
    err = open_fails(write_text(state, "trail.json", "[] x"));
    assert_contains(err.msg.fr, "JSON invalide");
}

static void test_json_keys_and_bom(void **state)
{
    TableReader *r = open_ok(write_text(state, "k.json",
                                        "\xEF\xBB\xBF[{\"Montant HT\": \"5\"}, {\"Date d\xE2\x80\x99" "entr\xC3\xA9" "e\": "
                                        "\"2024-01-01\"}]"));
    const TableInfo *info = table_info(r);
    assert_string_equal(info->encoding, "UTF-8 avec BOM");
    assert_int_equal(info->ncols, 2);
    assert_string_equal(info->keys[0], "montantht");
    assert_string_equal(info->keys[1], "dateentree");
    Rows rows;
    read_rows(r, &rows);
    assert_int_equal(rows.n, 2);
    assert_string_equal(rows.cell[0][0], "5");
    assert_null(rows.cell[0][1]);
    assert_null(rows.cell[1][0]);

    TableError err = open_fails(write_text(state, "kd.json", "[{\"Montant HT\": 1}, {\"montant_ht\": 2}]"));
    assert_contains(err.msg.fr, "colonnes en double");

    r = open_ok(write_text(state, "none.json", " [ ] "));
    assert_int_equal(table_info(r)->ncols, 0);
    read_rows(r, &rows);
    assert_int_equal(rows.n, 0);
    assert_null(rows.err.msg.fr);
}

/* ---- rows from memory --------------------------------------------------------------------- */

static void test_rows_in_memory(void **state)
{
    const char *columns[] = { "Participant", "Date d'entrée" };
    TableCell c1[] = { { "P1", 2 }, { "2024-01-01", 10 } };
    TableCell c2[] = { { "P2", 2 }, { NULL, 0 } };
    TableRow rows[] = { { 12, c1, SAY_NONE, false, false }, { 13, c2, { "bad", "bad" }, false, false } };
    TableReader *r = table_open_rows("amp.charte", 2, columns, 2, rows);
    const TableInfo *info = table_info(r);
    assert_int_equal(info->ncols, 2);
    assert_string_equal(info->keys[1], "dateentree");
    assert_string_equal(info->file, "amp.charte");
    TableRow row;
    TableError err;
    assert_true(table_next(r, &row, &err));
    assert_int_equal(row.line, 12);
    assert_string_equal(row.cells[1].text, "2024-01-01");
    assert_true(table_next(r, &row, &err));
    assert_string_equal(row.error.fr, "bad");
    assert_false(table_next(r, &row, &err));
    assert_null(err.msg.fr);
    table_close(r);
}

/* ---- the encoding pass on its own ---------------------------------------------------------- */

static void test_encoding_prefix(void **state)
{
    bool bad;
    assert_int_equal(encoding_utf8_prefix("ab\xC3", 3, &bad), 2);
    assert_false(bad);
    assert_int_equal(encoding_utf8_prefix("ab\xE2\x82", 4, &bad), 2);
    assert_false(bad);
    assert_int_equal(encoding_utf8_prefix("ab\xED\xA0", 4, &bad), 2); /* surrogate start */
    assert_true(bad);
    assert_int_equal(encoding_utf8_prefix("ab\xE9z", 4, &bad), 2);
    assert_true(bad);
    assert_int_equal(encoding_utf8_prefix("ab\xC3\xA9", 4, &bad), 4);
    assert_false(bad);
}

/* The shared ASCII skip: the first byte above 0x7F found wherever it lies
** against the 64- and 16-byte steps, in buffers of every length up to 200,
** and the Windows-1252 conversion that uses it keeps the ASCII around it. */
static void test_encoding_ascii_prefix(void **state)
{
    (void)state;
    char buf[208];
    for (size_t n = 0; n <= 200; n++) {
        memset(buf, 'a', n);
        assert_int_equal(encoding_ascii_prefix(buf, n), n);
        for (size_t at = 0; at < n; at += (n > 40 ? 7 : 1)) {
            memset(buf, 'a', n);
            buf[at] = (char)(0x80 + at % 128);
            if (at + 1 < n)
                buf[n - 1] = (char)0xE9;   /* a later one does not count */
            assert_int_equal(encoding_ascii_prefix(buf, n), at);
            memset(buf, 'a', n);
            buf[at] = (char)(0x80 + at % 128);
            if (at > 0)
                buf[0] = (char)0xE9;   /* an earlier one does not count */
            assert_int_equal(encoding_ascii_suffix(buf, n), n - at - 1);
        }
        assert_int_equal(encoding_ascii_suffix(buf, 0), 0);
        memset(buf, 'a', n);
        assert_int_equal(encoding_ascii_suffix(buf, n), n);
    }
    EncodingConverter *conv = encoding_cp1252_open();
    char out[400];
    const char *in = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\xe9t\xe9 \x80 fin";
    size_t len = encoding_cp1252_convert(conv, in, strlen(in), out);
    const char *want = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\xc3\xa9t\xc3\xa9 \xe2\x82\xac fin";
    assert_int_equal(len, strlen(want));
    assert_memory_equal(out, want, len);
    encoding_close(conv);
}

/* table_next's shortcut for plain rows (table_csv_fast_next) and the
** general path, row after row: a plain row after a rejected one (more
** fields than the header) is not rejected, after a row read by libcsv
** (quotes) its cells are its own, and the rows whose line end is in the
** file's last sixteen bytes (the fast reader's block) are read by the
** others. */
static void test_csv_fast_rows_after_other_rows(void **state)
{
    TableReader *r = open_ok(write_text(state, "alt.csv",
                                        "marche,participant,heures\n"
                                        "M0001,P00001,86.67,extra\n"      /* plain, rejected */
                                        "M0002,P00002,12.50\n"            /* plain */
                                        "\"M0003\",P00003,1.25,x\n"       /* libcsv, rejected */
                                        "M0004,P00004,2.75\n"             /* plain */
                                        "M0005,P00005,3,x,y\n"            /* plain, rejected */
                                        "M0006,P00006,\"3,5\"\n"          /* libcsv */
                                        "M0007,P00007,4.00\n"             /* plain, but its line end */
                                        "M8,P8,5\n"));                    /* and this one are in the last 16 bytes */
    static const char *const want[][3] = {
        { "M0001", "P00001", "86.67" }, { "M0002", "P00002", "12.50" }, { "M0003", "P00003", "1.25" },
        { "M0004", "P00004", "2.75" },  { "M0005", "P00005", "3" },     { "M0006", "P00006", "3,5" },
        { "M0007", "P00007", "4.00" },  { "M8", "P8", "5" },
    };
    static const bool rejected[] = { true, false, true, false, true, false, false, false };
    static const bool plain[] = { true, true, false, true, true, false, false, false };
    TableRow row;
    TableError err;
    int n = 0;
    while (table_next(r, &row, &err)) {
        assert_true(n < 8);
        assert_int_equal(row.line, n + 2);
        if (row.plain != plain[n] || (row.error.fr != NULL) != rejected[n])
            fail_msg("row %d: plain %d, rejected %d", n, row.plain, row.error.fr != NULL);
        for (int c = 0; c < 3; c++) {
            assert_int_equal(strlen(row.cells[c].text), row.cells[c].len);
            assert_string_equal(row.cells[c].text, want[n][c]);
        }
        n++;
    }
    assert_null(err.msg.fr);
    assert_int_equal(n, 8);
    table_close(r);
}

/* A row of a case copied out of the reader. */
typedef struct CaseRow {
    long line;
    bool plain, ascii;
    const char *error;
    const char *cell[4];
    size_t len[4];
} CaseRow;

static int read_case_rows(TableReader *r, CaseRow *out, int max)
{
    TableRow row;
    TableError err;
    int n = 0;
    while (table_next(r, &row, &err)) {
        assert_true(n < max);
        out[n] = (CaseRow){ .line = row.line, .plain = row.plain, .ascii = row.ascii, .error = row.error.fr };
        for (int c = 0; c < 4; c++) {
            out[n].cell[c] = row.cells[c].text ? rt_strndup(row.cells[c].text, row.cells[c].len) : NULL;
            out[n].len[c] = row.cells[c].len;
            if (row.cells[c].text)
                assert_int_equal(strlen(row.cells[c].text), row.cells[c].len);   /* NUL-terminated */
        }
        n++;
    }
    assert_null(err.msg.fr);
    table_close(r);
    return n;
}

/* Each case (rows after the header a|b|c|d, '|' standing for the
** separator) read alone at the end of a file, by the readers that take a
** row near its end, and followed by filler, which puts it in reach of the
** fast readers: the same rows, lines, cells, rejections and plainness. The
** first nascii cases' first row is said ASCII, which only the fast readers
** say. */
static void compare_with_the_other_readers(void **state, const char *const *cases, size_t ncases,
                                           const char *filler, size_t nascii)
{
    static const char *const seps = ";,\t";
    for (int k = 0; k < 3; k++) {
        char sep = seps[k];
        for (size_t i = 0; i < ncases; i++) {
            char *text = rt_sprintf("a|b|c|d\n%s", cases[i]);
            for (char *p = text; *p; p++) {
                if (*p == '\t' && sep == '\t')
                    *p = ' ';
                if (*p == '|')
                    *p = sep;
            }
            char *fill = rt_strdup(filler);
            for (char *p = fill; *p; p++)
                if (*p == '|')
                    *p = sep;
            CaseRow alone[4], followed[5];
            int na = read_case_rows(open_ok(write_text(state, "alone.csv", text)), alone, 4);
            int nf = read_case_rows(open_ok(write_text(state, "followed.csv", rt_sprintf("%s%s", text, fill))),
                                    followed, 5);
            if (nf != na + 1)
                fail_msg("case %zu, separator %d: %d rows alone, %d followed", i, sep, na, nf);
            long lines = 1;   /* the line of the row after the case */
            for (const char *p = text; *p; p++)
                lines += *p == '\n' || (*p == '\r' && p[1] != '\n');
            if (followed[na].line != lines || followed[na].error)
                fail_msg("case %zu, separator %d: the row after on line %ld, not %ld", i, sep, followed[na].line, lines);
            if (i == 0 && !(followed[0].plain && followed[0].ascii))
                fail_msg("separator %d: the plain row is not read as one", sep);
            if (i < nascii && !followed[0].ascii)
                fail_msg("case %zu, separator %d: not read by the fast readers (not said ASCII)", i, sep);
            for (int n = 0; n < na; n++) {
                const CaseRow *a = &alone[n], *f = &followed[n];
                /* plain is a promise when true (a row the readers near the
                ** end give libcsv is not said plain): kept by the short rows,
                ** and true of the cells */
                if (a->line != f->line || (a->plain && !f->plain) || (a->error == NULL) != (f->error == NULL)
                    || (a->error && strcmp(a->error, f->error) != 0))
                    fail_msg("case %zu, separator %d, row %d: line %ld/%ld, plain %d/%d, error %s/%s", i, sep, n,
                             a->line, f->line, a->plain, f->plain, a->error ? a->error : "-",
                             f->error ? f->error : "-");
                for (int c = 0; c < 4; c++) {
                    for (size_t b = 0; f->cell[c] && b < f->len[c]; b++)
                        if ((f->plain && (unsigned char)f->cell[c][b] <= ' ')
                            || ((a->ascii || f->ascii) && (unsigned char)f->cell[c][b] >= 0x80))
                            fail_msg("case %zu, separator %d, row %d: plain %d, ascii %d, with byte %d", i, sep, n,
                                     f->plain, f->ascii, f->cell[c][b]);
                    if ((a->cell[c] == NULL) != (f->cell[c] == NULL)
                        || (a->cell[c] && (a->len[c] != f->len[c] || memcmp(a->cell[c], f->cell[c], a->len[c]) != 0)))
                        fail_msg("case %zu, separator %d, row %d, cell %d: '%s' / '%s'", i, sep, n, c,
                                 a->cell[c] ? a->cell[c] : "(absent)", f->cell[c] ? f->cell[c] : "(absent)");
                }
            }
        }
    }
}

/* table_csv_fast_next's short rows (a line end among the chunk's next 64
** bytes) against the readers that take a row near the end of the file (the
** SSE2 row by blocks, the byte classes, libcsv): each case alone at the end
** of a file, and the same followed by a row of 100 bytes, which puts it in
** reach of the short rows; every separator, and rows of 62 to 65 bytes around
** the masks' width. The same rows, lines, cells, rejections and plainness. */
static void test_csv_short_rows_read_as_the_others_do(void **state)
{
    static const char *const cases[] = {
        "M0001|P00001|2024-03|86.67\n",
        "M0001|P00001|2024-03|86.67\r\n",
        "M0001|P00001|2024-03|86.67\r",
        "M0001||\n",
        "|||\n",
        "M0001\n",
        "M0001|P1|1|2|extra\n",
        "1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24\n",
        "|||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||\n",   /* 63 separators */
        "\"M0001\"|P00001|2024-03|86.67\n",
        "M0001|P00001|2024-03|86.67\"\n",
        "M0001|P00001|\"2024|03\"|86.67\n",
        " M0001|P00001|2024-03|86.67\n",
        "M0001 |P00001|2024-03|86.67\n",
        "M0001|P00001|2024-03|86 67\n",
        "M0001|P00001|2024-03|86.67 \n",
        "M0001|P00\001001|2024-03|86.67\n",
        "M0001|P00001|2024-03|86.67\tx\n",
        "M\xC3\xA9|P00001|2024-03|86.67\n",
        "M0001|P00001|2024-03|86.67\nM\xC3\xA9|P00001|2024-03|86.67\n",
        "\n\nM0001|P00001|2024-03|86.67\n",
        "\r\n\r\nM0001|P00001|2024-03|86.67\r\n",
        "   \nM0001|P00001|2024-03|86.67\n",
        "M0001|P00001|2024-03|86.67\nM0002|P00002|2024-04|1.5\r\n",
        "M0001|P00001|2024-03|86.67\nM0002|P2\r\n",   /* fewer fields after more: absent, not the last row's */
        /* line ends at bytes 61 to 64 of the row (its last separator at 40) */
        "M000000000000000001|P0000000000000000001|2024-03|86.670000000\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.6700000000\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.67000000000\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.670000000000\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.6700000000\r\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.67000000000\r\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.670000000000\r\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.6700000000000000|x\n",
        "M000000000000000001|P0000000000000000001|2024-03|86.670000000000|\"x\"\n",
    };
    const char *filler = "M9999999999999999999999999|P9999999999999999999999999999|2025-12|"
                         "1.0000000000000000000000000000000\n";
    compare_with_the_other_readers(state, cases, sizeof cases / sizeof cases[0], filler, 1);
}

/* n bytes of c, NUL-terminated. */
static char *bytes_of(char c, size_t n)
{
    char *s = rt_alloc_atomic(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* A row of the four cells a, b, c and d, the last one padded with digits so
** that the row, its line end `end` included, has `len` bytes. */
static const char *row_of(const char *a, const char *b, const char *c, const char *end, size_t len)
{
    size_t used = strlen(a) + strlen(b) + strlen(c) + 3 + strlen(end);
    return rt_sprintf("%s|%s|%s|%s%s", a, b, c, bytes_of('7', len > used ? len - used : 0), end);
}

/* table_csv_fast_long_row's rows (up to 256 bytes, spaces inside cells)
** against the readers that take a row near the end of a file: rows of 65
** to 300 bytes, spaces inside cells, and next to a separator, the row's
** start or its line end on either side of the groups' edges (bytes 63 and
** 64, 127 and 128), separators at those bytes, quotes, tabs, control and
** non-ASCII bytes, CR and CRLF, more than 64 fields. */
static void test_csv_long_rows_read_as_the_others_do(void **state)
{
    const char *m62 = bytes_of('m', 62), *m63 = bytes_of('m', 63), *m64 = bytes_of('m', 64);
    const char *cases[] = {
        row_of("M0001", "P00001", "2024-03-31", "\n", 100),
        "Mission propre des pieds d immeubles|Metropole AMP|2024-03-31|1 000 euros hors taxes\n",
        row_of("M0001", "P00001", "2024-03-31", "\n", 64),
        row_of("M0001", "P00001", "2024-03-31", "\n", 65),
        row_of("M0001", "P00001", "2024-03-31", "\n", 128),
        row_of("M0001", "P00001", "2024-03-31", "\n", 129),
        row_of("M0001", "P00001", "2024-03-31", "\n", 256),
        row_of("M0001", "P00001", "2024-03-31", "\n", 257),
        row_of("M0001", "P00001", "2024-03-31", "\n", 300),
        row_of("M0001", "P00001", "2024-03-31", "\r\n", 100),
        row_of("M0001", "P00001", "2024-03-31", "\r\n", 256),
        row_of("M0001", "P00001", "2024-03-31", "\r", 100),
        row_of(" M0001", "P00001", "2024-03-31", "\n", 100),
        row_of("M0001 ", "P00001", "2024-03-31", "\n", 100),
        row_of("M0001", " P00001", "2024-03-31", "\n", 100),
        row_of("M0001", "P00001", "2024-03-31", " \n", 100),
        row_of("M0001", "P00001", "2024-03-31", " \r\n", 128),
        row_of("M0001", "P00001", "2024-03-31", " \n", 129),
        row_of("M0001", "P00001", "2024-03-31", "  x\n", 130),
        /* a separator at byte 63 or 64, a space before or after it */
        row_of(m63, "P00001", "x", "\n", 100),
        row_of(m64, "P00001", "x", "\n", 100),
        row_of(m62, " P00001", "x", "\n", 100),
        rt_sprintf("%s |P00001|x|y\n", m62),
        rt_sprintf("%s |P00001|x|y\n", m63),
        rt_sprintf("%s| P00001|x|y\n", m63),
        rt_sprintf("%s| P00001|x|y\n", m64),
        rt_sprintf("%s|%s |x|y\n", m63, m62),
        rt_sprintf("%s|%s| x|y\n", m63, m63),
        rt_sprintf("%s|%s|a b|y\n", m63, m63),
        rt_sprintf("%s|%s|x|%s \n", m63, m63, m64),
        rt_sprintf("%s|%s|x|y \n", m63, m62),
        rt_sprintf("%s|%s|x|y z\n", m63, m62),
        /* the line end at byte 63, 64, 127 or 128 after spaces inside */
        rt_sprintf("a b|%s|c|d\n", bytes_of('m', 63 - 10)),
        rt_sprintf("a b|%s|c|d\n", bytes_of('m', 64 - 10)),
        rt_sprintf("a b|%s|c|d\n", bytes_of('m', 127 - 10)),
        rt_sprintf("a b|%s|c|d\n", bytes_of('m', 128 - 10)),
        rt_sprintf("a b|%s|c|d \n", bytes_of('m', 128 - 11)),
        row_of("M0001", "P00\"001", "2024-03-31", "\n", 100),
        row_of("\"M0001\"", "P00001", "2024-03-31", "\n", 100),
        row_of("M0001", "P00001", "2024-03-31", "\tx\n", 100),
        row_of("M0001", "P00\001001", "2024-03-31", "\n", 100),
        row_of("M0001", "P00\xC3\xA9", "2024-03-31", "\n", 100),
        row_of("M0001", "P00001", "", "\n", 100),
        rt_sprintf("M0001|P1\n%s", row_of("M0002", "P00002", "2024-03-31", "\n", 100)),
        rt_sprintf("%s%s", row_of("M0001", "P00001", "2024-03-31", "\n", 100),
                   row_of("M0002", "P00002", "2024-03-31", "\n", 200)),
        rt_sprintf("%s|x\n", bytes_of('|', 100)),
        rt_sprintf("%s|x\n", bytes_of('|', 200)),
        rt_sprintf("%s|x\n", bytes_of('|', 254)),
        rt_sprintf("%s|x\n", bytes_of('|', 300)),
    };
    const char *filler = row_of("M9999", "P9999", "2025-12", "\n", 320);
    compare_with_the_other_readers(state, cases, sizeof cases / sizeof cases[0], filler, 2);
}

/* A CR that is the last byte of a chunk ends a short row whose first byte
** lies 64 bytes before it (the masks' last byte): the LF that starts the next
** chunk is the same line's. */
static void test_csv_short_row_cr_at_chunk_end(void **state)
{
    const size_t chunk = 1024 * 1024;
    char *data = rt_alloc_atomic(chunk + 100);
    size_t n = (size_t)sprintf(data, "id;texte\r\n");
    long rows_written = 0;
    while (n + 40 + 64 < chunk)
        n += (size_t)sprintf(data + n, "%06ld;abc\r\n", rows_written++);
    /* a row up to chunk - 64 exactly */
    size_t room = chunk - 64 - n;
    n += (size_t)sprintf(data + n, "%06ld;", rows_written++);
    memset(data + n, 'q', room - 9);
    n += room - 9;
    data[n++] = '\r';
    data[n++] = '\n';
    assert_int_equal(n, chunk - 64);
    /* 64 bytes: its CR is the chunk's last byte */
    n += (size_t)sprintf(data + n, "%06ld;", rows_written++);
    memset(data + n, 'p', 56);
    n += 56;
    data[n++] = '\r';
    assert_int_equal(n, chunk);
    data[n++] = '\n';
    n += (size_t)sprintf(data + n, "%06ld;last\r\n", rows_written++);
    TableReader *r = open_ok(write_bytes(state, "cr_end.csv", data, n));
    TableRow row;
    TableError err;
    long count = 0;
    while (table_next(r, &row, &err)) {
        if (row.line != count + 2 || row.error.fr || row.cells[1].len == 0)
            fail_msg("row %ld: line %ld, error %s", count, row.line, row.error.fr ? row.error.fr : "-");
        if (count == rows_written - 2)
            assert_int_equal(row.cells[1].len, 56);
        if (count == rows_written - 1)
            assert_string_equal(row.cells[1].text, "last");
        count++;
    }
    assert_null(err.msg.fr);
    assert_int_equal(count, rows_written);
    table_close(r);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_semicolon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_comma_and_tab, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_quoted_multiline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_windows_1252, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_line_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_blank_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_field_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_stray_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_unclosed_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_refused_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_header_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_long_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_long_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_huge_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_chunk_boundaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_slices_scanned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_slices_crlf_scanned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_slices_bom_character_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_cp1252_converted_in_front, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_plain_rows_read_as_libcsv_does, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_fast_rows_after_other_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_short_rows_read_as_the_others_do, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_short_row_cr_at_chunk_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_long_rows_read_as_the_others_do, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_windows_1252_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_one_read_decides_before_parsing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_look_ahead_held_then_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_read_through_each_chunk_buffer, setup, teardown),
        cmocka_unit_test(test_cp1252_table_is_iconv),
        cmocka_unit_test_setup_teardown(test_csv_undefined_cp1252_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_exact_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_row_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_fatal_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_keys_and_bom, setup, teardown),
        cmocka_unit_test(test_rows_in_memory),
        cmocka_unit_test(test_encoding_prefix),
        cmocka_unit_test(test_encoding_ascii_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
