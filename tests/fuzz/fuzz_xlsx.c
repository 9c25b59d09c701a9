/* tests/fuzz/fuzz_xlsx.c: libFuzzer harness for the workbook readers: the input becomes the parts of an XLSX or ODS zip (or the zip itself), then every row of one sheet is read. */
#include "fuzz.h"

#include "gc.h"
#include "table.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

/*
** A zip's CRCs make almost every mutation of its bytes a mere "damaged
** workbook": so the first byte chooses. Its low two bits: 0, the rest of the
** input is the workbook file as is (the container: truncation, bombs,
** encryption flags); 1, XLSX parts; 2, ODS parts; 3, XLSX with a 1904 date
** system and hidden sheets. In the part modes the rest is split on NUL
** bytes: the sheet's XML, then shared strings, styles and workbook.xml (XLSX;
** defaults when absent), or content.xml then the manifest (ODS). The zip is
** built with libzip, stored or deflated by the second bit. With the fifth
** bit (16), the sheet is also read as charte eval reads a workbook's tables,
** through one TableBooks: asked for (table_present_in), opened (the reader
** is lent), opened again (the shared strings handed over); each read must
** give exactly the rows, or the error, of a plain table_open, and so must a
** read with the read-ahead thread (its buffers lent to the tokenizer). An ODS in
** part mode is also read by expat alone, which must give the same, and its
** sheet "embauches" after the hour sheet's reader carried on (read_carried).
** With the
** sixth bit (32), the sheet is also read in slices of 16, 64, 256 or 1024
** bytes (the two high bits), as the threads of charte eval read it
** (read_sliced).
*/

static const char DEFAULT_BOOK[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Heures\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char DEFAULT_BOOK_1904[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><workbookPr date1904=\"1\"/><sheets>"
    "<sheet name=\"Feuil1\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
    "<sheet name=\"HEURES\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"/xl/worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rt_init();
    return 0;
}

/* What a read gives: an FNV-1a digest of every row (line, cells, error), or the error. */
static void digest_bytes(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ b[i]) * 0x100000001b3ULL;
}

/* What a row's cells give, to put (a digest, or bytes held). */
static void row_bytes(const TableRow *row, int ncols, void (*put)(void *to, const void *p, size_t n), void *to)
{
    for (int i = 0; i < ncols; i++) {
        const TableCell *c = &row->cells[i];
        put(to, &c->len, sizeof c->len);
        if (c->text)
            put(to, c->text, c->len);
    }
}

/* A row's reason, in both languages: digested once its slice is merged (an
** ODS part writes a cell reference's row into the text then). */
static void digest_reason(uint64_t *h, Say why)
{
    if (why.fr)
        digest_bytes(h, why.fr, strlen(why.fr));
    if (why.en)
        digest_bytes(h, why.en, strlen(why.en));
}

static void digest_put(void *h, const void *p, size_t n)
{
    digest_bytes(h, p, n);
}

static void digest_row(uint64_t *h, const TableRow *row, int ncols)
{
    digest_bytes(h, &row->line, sizeof row->line);
    row_bytes(row, ncols, digest_put, h);
    digest_reason(h, row->error);
}

static uint64_t digest_read(TableReader *r, const TableError *open_err)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    if (!r) {
        digest_bytes(&h, open_err->code, strlen(open_err->code));
        digest_bytes(&h, open_err->msg.fr, strlen(open_err->msg.fr));
        return h;
    }
    TableRow row;
    TableError err;
    memset(&err, 0, sizeof err);
    int ncols = table_info(r)->ncols;
    while (table_next(r, &row, &err))
        digest_row(&h, &row, ncols);
    if (err.msg.fr)
        digest_bytes(&h, err.msg.fr, strlen(err.msg.fr));
    table_close(r);
    return h;
}

static uint64_t digest_open_sheet(TableBooks *books, const char *path, const char *name)
{
    TableError err;
    memset(&err, 0, sizeof err);
    TableReader *r = books ? table_open_in(books, path, name, &err) : table_open(path, name, &err);
    return digest_read(r, &err);
}

static uint64_t digest_open(TableBooks *books, const char *path)
{
    return digest_open_sheet(books, path, "heures");
}

/* The sheet read with its read-ahead thread (table_read_ahead), as charte eval
** reads a table with two threads: the thread's buffers lent to the tokenizer. */
static uint64_t digest_read_ahead(const char *path)
{
    TableError err;
    memset(&err, 0, sizeof err);
    TableReader *r = table_open(path, "heures", &err);
    if (r)
        table_read_ahead(r);
    return digest_read(r, &err);
}

static void read_shared(const char *path)
{
    TableError err;
    memset(&err, 0, sizeof err);
    TableReader *plain = table_open(path, "heures", &err);
    bool absent = !plain && strcmp(err.code, "C0835") == 0;
    uint64_t want = digest_read(plain, &err);
    TableBooks *books = table_books_new();
    if (table_present_in(books, path, "heures") == absent)
        fuzz_fail("table_present_in dit %s", absent ? "présente" : "absente");
    if (digest_open(books, path) != want || digest_open(books, path) != want)
        fuzz_fail("lecture par un TableBooks différente de table_open");
    if (digest_read_ahead(path) != want)
        fuzz_fail("lecture avec le fil d'avance différente de table_open");
    table_books_close(books);
}

/* ODS: the sheet "embauches" read as charte eval reads the hires after the
** hour lines: the hour sheet's reader told to carry on (table_carry_on_to),
** read to its end, then "embauches" asked for and opened through the same
** TableBooks (from the part's start when that reading failed, as eval does).
** It must be found exactly when a plain table_open finds it, and give
** exactly its rows, or its error. */
static void read_carried(const char *path)
{
    TableError err;
    memset(&err, 0, sizeof err);
    TableReader *plain = table_open(path, "embauches", &err);
    bool absent = !plain && strcmp(err.code, "C0835") == 0;
    uint64_t want = digest_read(plain, &err);
    TableBooks *books = table_books_new();
    TableReader *hours = table_open_in(books, path, "heures", &err);
    if (!hours)
        return;
    table_carry_on_to(hours, path, "embauches");
    TableRow row;
    memset(&err, 0, sizeof err);
    while (table_next(hours, &row, &err))
        continue;
    table_close(hours);
    if (err.msg.fr)
        table_books_close(books);
    if (table_present_in(books, path, "embauches") == absent)
        fuzz_fail("embauches après les heures : table_present_in dit %s", absent ? "présente" : "absente");
    if (!absent && digest_open_sheet(books, path, "embauches") != want)
        fuzz_fail("embauches après les heures : lecture différente de table_open");
    table_books_close(books);
}

/* ODS: the tokenizer that reads content.xml from its first sheet on and
** expat alone (CHARTE_ODS_EXPAT, runtime/table_ods_scan.c) give exactly the
** same rows, or the same error at the same line and column. */
static void compare_ods_readers(const char *path)
{
    uint64_t scanned = digest_open(NULL, path);
    setenv("CHARTE_ODS_EXPAT", "1", 1);
    uint64_t expat = digest_open(NULL, path);
    unsetenv("CHARTE_ODS_EXPAT");
    if (scanned != expat)
        fuzz_fail("ODS : la lecture sans expat diffère de celle d'expat");
}

/* A part's rows not yet merged: what digest_row would digest of each, its
** line and reason apart (an ODS slice's rows are counted from 0 until it is
** placed, and a reason's cell reference written then). The reasons are held
** where the collector sees them. */
typedef struct Pending {
    long *lines;
    size_t *ends;
    char *bytes;
    Say *whys;
    size_t n, cap, len, bytes_cap;
} Pending;

static void pending_put(void *to, const void *b, size_t n)
{
    Pending *pd = to;
    if (pd->len + n > pd->bytes_cap) {
        pd->bytes_cap = (pd->len + n) * 2 + 256;
        pd->bytes = realloc(pd->bytes, pd->bytes_cap);
        if (!pd->bytes)
            fuzz_fail("mémoire");
    }
    memcpy(pd->bytes + pd->len, b, n);
    pd->len += n;
}

static void pending_row(Pending *pd, const TableRow *row, int ncols)
{
    if (pd->n == pd->cap) {
        pd->cap = pd->cap * 2 + 64;
        pd->lines = realloc(pd->lines, pd->cap * sizeof *pd->lines);
        pd->ends = realloc(pd->ends, pd->cap * sizeof *pd->ends);
        if (!pd->lines || !pd->ends)
            fuzz_fail("mémoire");
    }
    RT_GROW(pd->whys, pd->n);
    pd->whys[pd->n] = row->error;
    pd->lines[pd->n] = row->line;
    row_bytes(row, ncols, pending_put, pd);
    pd->ends[pd->n++] = pd->len;
}

/* The rows merged, in order: digested as digest_row does. */
static void pending_flush(uint64_t *h, Pending *pd)
{
    for (size_t k = 0, from = 0; k < pd->n; from = pd->ends[k++]) {
        digest_bytes(h, &pd->lines[k], sizeof pd->lines[k]);
        digest_bytes(h, pd->bytes + from, pd->ends[k] - from);
        digest_reason(h, pd->whys[k]);
    }
    pd->n = pd->len = 0;
}

static void pending_shift(Pending *pd, long shift)
{
    for (size_t k = 0; k < pd->n; k++)
        pd->lines[k] += shift;
}

/* Rows of a part until its slice is read (true) or a fatal error (false,
** *err); the rows kept have their keys checked against the main reader's
** table of texts (keys: NULL for rows thrown away). */
static bool digest_part(Pending *pd, TableReader *p, int ncols, FuzzKeys *keys, TableError *err)
{
    TableRow row;
    while (table_next(p, &row, err))
        if (keys) {
            pending_row(pd, &row, ncols);
            fuzz_keys_check(keys, &row, ncols);
        }
    return !table_part_failed(p, err);
}

/* The head placed with a guess: its rows' numbers set right (an ODS
** slice's, counted from 0), or its slice read again from its true first
** row, as runtime/eval_threads.c's set_rows_right does. false: it failed. */
static bool set_rows_right(TableReader *head, TableSlice *a, Pending *pd, int ncols, FuzzKeys *keys, TableError *err)
{
    long shift;
    if (table_part_rows_shift(head, a, &shift)) {
        pending_shift(pd, shift);
        return true;
    }
    pd->n = pd->len = 0;
    table_part_feed(head, a, true);
    return digest_part(pd, head, ncols, keys, err);
}

/* The sheet read as charte eval reads it on several threads (bit 32), one
** slice after the other, slices of `size` bytes so that the cuts fall
** everywhere: each slice also read by a fresh part, whose rows are kept
** when the part before ended between rows and thrown away otherwise (the
** part before then reads on into it), each slice placed as it is merged
** (its line, an ODS slice's first row number) and its rows' numbers set
** right, as runtime/eval_threads.c does. The rows and the error must be
** exactly those of a plain table_open. */
static void read_sliced(const char *path, size_t size)
{
    TableError err;
    memset(&err, 0, sizeof err);
    uint64_t want = digest_open(NULL, path);
    TableReader *m = table_open(path, "heures", &err);
    if (!m || !table_can_split(m)) {
        if (m)
            table_close(m);
        return;
    }
    int ncols = table_info(m)->ncols;
    uint64_t h = 0xcbf29ce484222325ULL;
    Pending pd = { 0 };
    FuzzKeys keys;
    fuzz_keys_begin(&keys, m);
    TableReader *head = table_part_new(m), *next = table_part_new(m);
    TableSlice a = { 0 }, b = { 0 };
    bool more = table_split_next(m, &a, size), ok = true;
    if (more)
        table_part_feed(head, &a, true);
    while (more && (ok = digest_part(&pd, head, ncols, &keys, &err))) {
        more = table_split_next(m, &b, size);
        /* The head merged: placed, in order (an XLSX slice's line and an ODS slice's rows are a guess until then). */
        bool guessed = table_slice_place(m, &a);
        if (guessed && !(ok = set_rows_right(head, &a, &pd, ncols, &keys, &err)))
            break;
        if (!more || table_part_between_rows(head)) {
            pending_flush(&h, &pd);
            table_part_kept(m, head);
            if (!more)
                break;
            table_part_feed(next, &b, true);
            TableReader *t = head;
            head = next;
            next = t;
        } else {
            table_part_feed(next, &b, true);
            TableError wrong;
            memset(&wrong, 0, sizeof wrong);
            Pending none = { 0 };
            digest_part(&none, next, ncols, NULL, &wrong);   /* read from a wrong start: thrown away */
            if (!table_slice_reload(m, &b))
                fuzz_fail("table_slice_reload");
            table_slice_place(m, &b);
            if (guessed)
                table_part_rebase(head, &a);
            table_part_feed(head, &b, false);
        }
        TableSlice s = a;
        a = b;
        b = s;
    }
    if (!ok) {
        if (table_slice_place(m, &a)) {
            /* Failed with a guess: read again from its own line and first row. */
            memset(&err, 0, sizeof err);
            pd.n = pd.len = 0;
            table_part_feed(head, &a, true);
            digest_part(&pd, head, ncols, &keys, &err);
        }
        pending_flush(&h, &pd);
    }
    if (ok) {
        /* An ODS sheet's main reader goes on from where the last slice's
        ** reading stopped (expat from its safe place, or its sheet's end). */
        bool ods = strstr(path, ".ods") != NULL;
        memset(&err, 0, sizeof err);
        TableRow row;
        while (table_next(m, &row, &err))
            if (ods)
                digest_row(&h, &row, ncols);
            else
                fuzz_fail("une ligne lue par le lecteur principal après les tranches");
    }
    if (err.msg.fr)
        digest_bytes(&h, err.msg.fr, strlen(err.msg.fr));
    fuzz_keys_end(&keys, m);
    free(pd.lines);
    free(pd.ends);
    free(pd.bytes);
    table_part_release(head);
    table_part_release(next);
    table_slice_free(&a);
    table_slice_free(&b);
    table_close(m);
    if (h != want)
        fuzz_fail("lecture en tranches de %zu octets différente de table_open", size);
}

static void add(zip_t *za, const char *name, const uint8_t *data, size_t n, bool store)
{
    zip_source_t *src = zip_source_buffer(za, data, n, 0);
    zip_int64_t i = src ? zip_file_add(za, name, src, ZIP_FL_OVERWRITE) : -1;
    if (i < 0) {
        zip_source_free(src);
        fuzz_fail("zip_file_add : %s", zip_strerror(za));
    }
    if (store)
        zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* The next part of data (up to a NUL), or NULL when there is none. */
static const uint8_t *next_part(const uint8_t **p, const uint8_t *end, size_t *n)
{
    if (*p > end)
        return NULL;
    const uint8_t *start = *p;
    const uint8_t *nul = memchr(start, 0, (size_t)(end - start));
    *n = (size_t)((nul ? nul : end) - start);
    *p = (nul ? nul : end) + 1;
    return start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int mode = data[0] & 3;
    bool store = data[0] & 4;
    bool ods = mode == 2;
    char path[4352];
    if (mode == 0) {
        fuzz_read_sheet(fuzz_write_temp(data[0] & 8 ? "x.ods" : "x.xlsx", data + 1, size - 1, path, sizeof path), "heures");
        fuzz_alloc_release();
        return 0;
    }
    fuzz_write_temp(ods ? "x.ods" : "x.xlsx", (const uint8_t *)"", 0, path, sizeof path);
    int zerr;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za)
        fuzz_fail("zip_open : %d", zerr);
    const uint8_t *p = data + 1, *end = data + size;
    size_t n;
    const uint8_t *sheet = next_part(&p, end, &n);
    size_t nsheet = n;
    if (ods) {
        add(za, "mimetype", (const uint8_t *)"application/vnd.oasis.opendocument.spreadsheet", 46, true);
        add(za, "content.xml", sheet, nsheet, store);
        const uint8_t *manifest = next_part(&p, end, &n);
        if (manifest)
            add(za, "META-INF/manifest.xml", manifest, n, store);
    } else {
        add(za, "xl/worksheets/sheet1.xml", sheet, nsheet, store);
        add(za, "xl/_rels/workbook.xml.rels", (const uint8_t *)RELS, strlen(RELS), store);
        const char *names[] = { "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml" };
        bool have_book = false;
        for (int i = 0; i < 3; i++) {
            const uint8_t *part = next_part(&p, end, &n);
            if (!part)
                break;
            add(za, names[i], part, n, store);
            have_book = i == 2;
        }
        if (!have_book) {
            const char *book = mode == 3 ? DEFAULT_BOOK_1904 : DEFAULT_BOOK;
            add(za, "xl/workbook.xml", (const uint8_t *)book, strlen(book), store);
        }
    }
    if (zip_close(za) != 0)
        fuzz_fail("zip_close : %s", zip_strerror(za));
    fuzz_read_sheet(path, "heures");
    if (data[0] & 16)
        read_shared(path);
    if (ods) {
        compare_ods_readers(path);
        read_carried(path);
    }
    if (data[0] & 32)
        read_sliced(path, (size_t)16 << (2 * ((data[0] >> 6) & 3)));
    fuzz_alloc_release();
    return 0;
}
