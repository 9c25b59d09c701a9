/* runtime/table.c: the table reader's shared half: errors, the row being built, lines, keys, the API of table.h. */
#include "table_impl.h"

#include "num.h"
#include "sys_errors.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "encoding.h"
#include "gc.h"
#include "headers.h"
#include "path.h"
#include "regular_file.h"
#include "utf8.h"

/* ---- errors ------------------------------------------------------------------- */

static void table_error(TableError *err, const char *path, long line, const char *code, Say msg)
{
    err->path = path;
    err->line = line;
    err->code = code;
    err->msg = msg;
}

void table_fatal(TableReader *r, const char *code, long line, Say msg)
{
    if (say_is_set(r->fatal.msg))
        return;
    table_error(&r->fatal, r->info.path, line, code, msg);
    r->finished = true;
}

Say table_strerror(int e)
{
    Say why = sys_errors_say(e);
    return SAYF(("illisible : %s", why.fr), ("unreadable: %s", why.en));
}

/* The first reason found is the one reported. */
void table_row_error(TableReader *r, Say msg)
{
    if (!say_is_set(r->row_err))
        r->row_err = msg;
}

bool table_column_read(const TableReader *r, int col)
{
    return !r->col_read || col < 0 || col >= r->info.ncols || r->col_read[col];
}

void table_columns_read(TableReader *r, const bool *read)
{
    if (r->info.ncols <= 0)
        return;
    r->col_read = rt_alloc_atomic((size_t)r->info.ncols);
    memcpy(r->col_read, read, (size_t)r->info.ncols);
}

Say table_column_named(const char *name)
{
    if (!headers_key(name, strlen(name))[0])
        return say("la colonne sans nom", "the unnamed column");
    return say(say_q_fr(name), say_q_en(name));
}

/* A column said by its header's name, or by its number when its header cell
** is empty (never an empty « »). */
static const char *table_column_label(const TableReader *r, long index, bool french)
{
    if (r->info.columns && index < r->info.ncols && r->info.keys && r->info.keys[index][0])
        return french ? say_q_fr(r->info.columns[index]) : say_q_en(r->info.columns[index]);
    return rt_sprintf(french ? "n° %ld" : "#%ld", index + 1);
}

void table_field_too_long(TableReader *r, long index)
{
    table_row_error(r,
                    SAYF(("champ de plus de %s octets (colonne %s) : ligne rejetée",
                          num_count_to_reader(TABLE_MAX_FIELD_BYTES, false), table_column_label(r, index, true)),
                         ("field longer than %s bytes (column %s): row rejected",
                          num_count_to_reader(TABLE_MAX_FIELD_BYTES, true), table_column_label(r, index, false))));
    r->want_skip = true;
}

void table_row_too_long(TableReader *r)
{
    table_row_error(r, SAYF(("ligne de plus de %s octets : ligne rejetée", num_count_to_reader(TABLE_MAX_ROW_BYTES, false)),
                            ("row longer than %s bytes: row rejected", num_count_to_reader(TABLE_MAX_ROW_BYTES, true))));
    r->want_skip = true;
}

Say table_sheet_too_long(void)
{
    return SAYF(("feuille de plus de %s lignes", num_count_to_reader(TABLE_MAX_SHEET_ROWS, false)),
                ("sheet of more than %s rows", num_count_to_reader(TABLE_MAX_SHEET_ROWS, true)));
}

bool table_cell_fits(TableReader *r, long index, size_t len)
{
    r->row_bytes += len + 1;
    if (len > TABLE_MAX_FIELD_BYTES) {
        table_field_too_long(r, index);
        return false;
    }
    if (r->row_bytes > TABLE_MAX_ROW_BYTES) {
        table_row_too_long(r);
        return false;
    }
    return true;
}

/* ---- the row being built ------------------------------------------------------ */

/* The cells kept per row are known before any row (the columns, or all a
** header may have): their offsets are allocated here, once, and never grow. */
void table_set_store_cap(TableReader *r, int cap)
{
    r->store_cap = cap;
    /* Written at every row; the slices' readers are used by several threads at once. */
    int ncells = cap < TABLE_FAST_LONG_ROW_BYTES ? TABLE_FAST_LONG_ROW_BYTES : cap;
    r->cells = rt_alloc_apart(sizeof(TableCell) * (size_t)(ncells + 1), 0);
    r->cell_off = rt_alloc_apart(sizeof(size_t) * (size_t)(cap + 1), 1);
    r->cell_len = rt_alloc_apart(sizeof(size_t) * (size_t)(cap + 1), 1);
    for (int i = 0; i <= cap; i++)
        r->cell_off[i] = TABLE_ABSENT;
    r->ndirty = 0;
}

void table_store(TableReader *r, int index, const char *s, size_t len)
{
    if (index < 0 || index >= r->store_cap)
        return;
    RT_GROW_ATOMIC(r->text, r->text_len + len); /* and its NUL */
    memcpy(r->text + r->text_len, s, len);
    r->text[r->text_len + len] = '\0';
    if (index >= r->ndirty)
        r->ndirty = index + 1;
    r->cell_off[index] = r->text_len;
    r->cell_len[index] = len;
    r->text_len += len + 1;
}

void table_row_output(TableReader *r, TableRow *row)
{
    for (int i = 0; i < r->info.ncols && !r->row_direct; i++) {
        if (r->cell_off[i] != TABLE_ABSENT) {
            r->cells[i].text = r->text + r->cell_off[i];
            r->cells[i].len = r->cell_len[i];
        } else {
            r->cells[i].text = NULL;
            r->cells[i].len = 0;
        }
    }
    table_row_hand(r, row);
}

/* ---- physical lines ------------------------------------------------------------ */

/* CR, LF and CRLF each end one line. */
void table_count_byte(long *line, bool *prev_cr, unsigned char c)
{
    if (c == '\r') {
        ++*line;
        *prev_cr = true;
    } else {
        if (c == '\n' && !*prev_cr)
            ++*line;
        *prev_cr = false;
    }
}

/* Line and column (in code points, 1-based) of byte `offset` of s. */
void table_line_col(const char *s, size_t offset, long *line, long *col)
{
    long l = 1;
    bool prev_cr = false;
    size_t start = 0;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)s[i];
        table_count_byte(&l, &prev_cr, c);
        if (c == '\r' || c == '\n')
            start = i + 1;
    }
    *line = l;
    *col = (long)utf8_count(s + start, offset - start) + 1;
}

/* ---- keys ---------------------------------------------------------------------------- */

/* Two columns of one name (case, accents, spaces, '_', '-' and apostrophes
** aside) would make every lookup ambiguous. Columns that only the looser
** header rule joins ("Date" and "Date (2)") are left to data_header.c, which says so
** when they both name a declared column. Empty keys (unnamed columns, often
** trailing separators) match nothing. */
bool table_make_keys(TableReader *r, long line)
{
    r->header_line = line;
    int n = r->info.ncols;
    const char **matching = RT_NEW_ARRAY(const char *, n + 1);
    const char **keys = RT_NEW_ARRAY(const char *, n + 1);
    for (int i = 0; i < n; i++) {
        matching[i] = headers_key(r->info.columns[i], strlen(r->info.columns[i]));
        keys[i] = utf8_key(r->info.columns[i], strlen(r->info.columns[i]));
    }
    r->info.keys = matching;
    for (int i = 0; i < n; i++) {
        if (!keys[i][0])
            continue;
        for (int j = 0; j < i; j++) {
            if (strcmp(keys[i], keys[j]) == 0) {
                const char *a = r->info.columns[j], *b = r->info.columns[i];
                table_fatal(r, "C0806", line,
                            say(rt_sprintf("colonnes en double : « %s » (colonne %d) et « %s » (colonne %d) désignent la "
                                       "même donnée",
                                       a, j + 1, b, i + 1),
                                rt_sprintf("duplicate columns: %s (column %d) and %s (column %d) name the same "
                                           "data",
                                           say_q_en(a), j + 1, say_q_en(b), i + 1)));
                return false;
            }
        }
    }
    return true;
}

TableReader *table_new(const char *path, TableSource source)
{
    TableReader *r = RT_NEW(TableReader);
    r->source = source;
    r->info.path = rt_strdup(path);
    r->info.file = rt_strdup(path_base(path));
    r->info.format = source == TABLE_SOURCE_JSON ? TABLE_JSON : source == TABLE_SOURCE_XLSX ? TABLE_XLSX
                   : source == TABLE_SOURCE_ODS ? TABLE_ODS : TABLE_CSV;
    r->info.encoding = encoding_name(ENCODING_UTF8);
    r->info.separator = ';';
    r->line = 1;
    r->chunk_clean = true;
    return r;
}

/* ---- public API ---------------------------------------------------------------------------- */

static bool table_has_extension(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* Exists as something (file, folder…); false when absent, with *e set on other failures. */
static bool table_exists(const char *path, int *e)
{
    struct stat st;
    *e = 0;
    if (stat(path, &st) == 0)
        return true;
    if (errno != ENOENT && errno != ENOTDIR)
        *e = errno;
    return false;
}

FILE *table_fopen_regular(TableReader *r)
{
    struct stat st;
    RegularFileStatus why;
    int fd = regular_file_open(r->info.path, &st, &why);
    FILE *fp = fd < 0 ? NULL : fdopen(fd, "rb");
    if (fp)
        return fp;
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (why == REGULAR_FILE_NOT_REGULAR || why == REGULAR_FILE_IS_DIRECTORY)
        table_fatal(r, "C0802", 0, regular_file_refusal(why));
    else
        table_fatal(r, "C0802", 0, table_strerror(e));
    return NULL;
}

/* A workbook given as the data itself (not a folder named like one). */
static bool table_is_workbook_file(const char *path)
{
    struct stat st;
    return table_is_workbook(path) && stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

bool table_is_workbook(const char *path)
{
    return table_has_extension(path, ".xlsx") || table_has_extension(path, ".ods");
}

/* One sheet of a workbook; NULL and *err filled when it cannot be read. */
TableReader *table_sheet_reader_new(TableBooks *shelf, const char *book, const char *name, TableSource source)
{
    TableReader *r = table_new(book, source);
    r->sheet = RT_NEW(TableSheet);
    r->sheet->book = r->info.path;
    r->sheet->shelf = shelf;
    r->sheet->table = rt_strdup(name);
    table_set_store_cap(r, TABLE_MAX_COLUMNS + 1);
    return r;
}

static TableReader *table_open_sheet(TableBooks *shelf, const char *book, const char *name, TableError *err)
{
    TableReader *r = table_books_take(shelf, book, name);
    if (r && !r->sheet->carried)
        return r;
    TableSource source = table_has_extension(book, ".ods") ? TABLE_SOURCE_ODS : TABLE_SOURCE_XLSX;
    if (!r)
        r = table_sheet_reader_new(shelf, book, name, source);
    bool ok = r->sheet->carried ? table_ods_open_carried(r) : source == TABLE_SOURCE_ODS ? table_ods_open(r) : table_xlsx_open(r);
    if (!ok) {
        *err = r->fatal;
        table_close(r);
        return NULL;
    }
    return r;
}

static int table_compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **table_workbooks_in(const char *dir)
{
    const char **list = NULL;
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *de; d && (de = readdir(d));) {
        if (de->d_name[0] == '.' || !table_is_workbook(de->d_name))
            continue;
        RT_GROW(list, n + 1);
        list[n++] = path_join(dir, de->d_name);
    }
    if (d)
        closedir(d);
    RT_GROW(list, n);
    list[n] = NULL;
    qsort(list, (size_t)n, sizeof *list, table_compare_names);
    return list;
}

bool table_file_named_after(const char *file, const char *table)
{
    const char *dot = strrchr(file, '.');
    size_t n = strlen(table);
    if (file[0] == '.' || !dot || table_is_workbook(file) ||
        (strncmp(file, table, n) == 0 && (strcmp(file + n, ".csv") == 0 || strcmp(file + n, ".json") == 0)))
        return false;
    const char *key = headers_key(file, (size_t)(dot - file)), *table_key = headers_key(table, n);
    return strncmp(key, table_key, strlen(table_key)) == 0;
}

const char **table_files_named_after(const char *dir, const char *const *tables, int ntables)
{
    const char **list = NULL;
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *de; d && (de = readdir(d));)
        for (int t = 0; t < ntables; t++)
            if (table_file_named_after(de->d_name, tables[t])) {
                RT_GROW(list, n + 1);
                list[n++] = rt_strdup(de->d_name);
                break;
            }
    if (d)
        closedir(d);
    RT_GROW(list, n);
    list[n] = NULL;
    qsort(list, (size_t)n, sizeof *list, table_compare_names);
    return list;
}

/* The file a user meant for table name when neither name.csv nor name.json
** is there: a link to nothing under that very name, or a name the sheet rule
** gives the table (Heures.CSV, Marchés.csv, heures.txt, heures.xls), told
** with what to do; "" when the folder holds none. Only on this error path. */
static Say table_near_file(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    const char *best = NULL;
    for (struct dirent *de; d && (de = readdir(d));) {
        const char *dot = strrchr(de->d_name, '.');
        if (de->d_name[0] == '.' || !dot || table_is_workbook(de->d_name))
            continue;
        char *stem = rt_strndup(de->d_name, (size_t)(dot - de->d_name));
        if (table_sheet_name_matches(stem, name) && (!best || strcmp(de->d_name, best) < 0))
            best = rt_strdup(de->d_name);
    }
    if (d)
        closedir(d);
    const char *export = best ? NULL : table_files_named_after(dir, &name, 1)[0];
    if (export)
        return SAYF((" ; %s y est, mais une table n'est lue que de son fichier, %s.csv ou %s.json : mettez-y ses "
                     "exports bout à bout, sous un seul en-tête",
                     say_q_fr(export), name, name),
                    ("; %s is there, but a table is read only from its file, %s.csv or %s.json: put its exports "
                     "end to end in it, under one header",
                     say_q_en(export), name, name));
    if (!best)
        return say("", "");
    const char *ext = strrchr(best, '.') + 1;
    bool csv = strcasecmp(ext, "csv") == 0, json = strcasecmp(ext, "json") == 0;
    const char *want = rt_sprintf("%s.%s", name, json ? "json" : "csv");
    if (strcmp(best, want) == 0) {   /* there, yet not found: a symbolic link to nothing */
        char target[PATH_MAX];
        ssize_t n = readlink(path_join(dir, best), target, sizeof target - 1);
        const char *to = n > 0 ? rt_strndup(target, (size_t)n) : "?";
        return SAYF((" ; %s est un lien symbolique vers %s, qui n'existe pas", say_q_fr(best), say_q_fr(to)),
                    ("; %s is a symbolic link to %s, which does not exist", say_q_en(best), say_q_en(to)));
    }
    if (csv || json)
        return SAYF((" ; %s y est : renommez-le %s", say_q_fr(best), want),
                    ("; %s is there: rename it %s", say_q_en(best), want));
    return SAYF((" ; %s y est, mais seuls les fichiers .csv et .json et les classeurs .xlsx et .ods sont lus : "
                 "enregistrez-le sous le nom %s.csv",
                 say_q_fr(best), name),
                ("; %s is there, but only .csv and .json files and .xlsx and .ods workbooks are read: save it as "
                 "%s.csv",
                 say_q_en(best), name));
}

/* The table's sheet among the folder's workbooks: exactly one may have it. */
static TableReader *table_open_in_workbooks(TableBooks *shelf, const char *dir, const char *name,
                                            const char *found_file, TableError *err)
{
    const char **books = table_workbooks_in(dir);
    TableReader *chosen = NULL;
    const char *first = found_file;
    for (int i = 0; books[i]; i++) {
        TableError e;
        TableReader *r = table_open_sheet(shelf, books[i], name, &e);
        if (!r) {
            if (strcmp(e.code, "C0835") != 0) {
                *err = e;
                table_close(chosen);
                return NULL;
            }
            continue;
        }
        if (first) {
            table_error(err, rt_strdup(dir), 0, "C0803",
                        SAYF(("la table %s est à la fois dans %s et dans %s : laquelle lire ? Retirez l'une des deux", name,
                              first, r->info.file),
                             ("table %s is both in %s and in %s: which one should be read? Remove one of them", name, first,
                              r->info.file)));
            table_close(r);
            table_close(chosen);
            return NULL;
        }
        first = r->info.file;
        chosen = r;
    }
    if (!chosen && !found_file && books[0]) {
        Say hint = table_near_file(dir, name);
        table_error(err, rt_strdup(dir), 0, "C0801",
                    SAYF(("fichier introuvable : ni %s.csv ni %s.json dans ce dossier, ni feuille « %s » dans ses "
                          "classeurs%s", name, name, name, hint.fr),
                         ("file not found: neither %s.csv nor %s.json in this folder, nor a sheet \"%s\" in its "
                          "workbooks%s", name, name, name, hint.en)));
    }
    return chosen;
}

/* true when the sheet is there, or when the workbook cannot be read at all:
** then opening the table reports why, rather than the table seeming absent. */
static bool table_sheet_present(TableBooks *shelf, const char *book, const char *name)
{
    TableError err;
    TableReader *r = table_open_sheet(shelf, book, name, &err);
    if (r && shelf)
        table_books_lend(shelf, r, book, name);
    else if (r)
        table_close(r);
    return r || strcmp(err.code, "C0835") != 0;
}

bool table_carry_on_to(TableReader *r, const char *dir, const char *name)
{
    return r && r->source == TABLE_SOURCE_ODS && r->sheet && r->sheet->shelf && table_is_workbook_file(dir) &&
           strcmp(r->sheet->book, dir) == 0 && table_ods_carry_on_to(r, name);
}

/* Whether r, an ODS reader of the workbook dir, met no sheet named like name. */
static bool table_sheet_not_met(const TableReader *r, const char *dir, const char *name)
{
    if (!r || r->source != TABLE_SOURCE_ODS || !r->sheet || !r->sheet->shelf || !table_is_workbook_file(dir) ||
        strcmp(r->sheet->book, dir) != 0 || !r->sheet->found)
        return false;
    const TableSheet *s = r->sheet;
    for (int i = 0; i < s->nsheet_list; i++)
        if (table_sheet_name_matches(s->sheet_names[i], name))
            return false;   /* before r's (or r's own), hidden or not */
    return true;
}

bool table_sheet_after(TableReader *const *readers, int n, const char *dir, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!table_sheet_not_met(readers[i], dir, name))
            return false;
    for (int i = 0; i < n; i++)
        table_books_note_sheet(readers[i]->sheet->shelf, readers[i]->sheet->book, INT_MAX);
    return true;
}

bool table_present(const char *dir, const char *name)
{
    return table_present_in(NULL, dir, name);
}

bool table_present_in(TableBooks *shelf, const char *dir, const char *name)
{
    if (table_is_workbook_file(dir))
        return table_sheet_present(shelf, dir, name);
    struct stat st;
    if (lstat(path_join(dir, rt_sprintf("%s.csv", name)), &st) == 0
        || lstat(path_join(dir, rt_sprintf("%s.json", name)), &st) == 0)
        return true;
    for (const char **b = table_workbooks_in(*dir ? dir : "."); *b; b++)
        if (table_sheet_present(shelf, *b, name))
            return true;
    return false;
}

char *table_location(const char *file, long line)
{
    const char *colon = file ? strrchr(file, ':') : NULL;
    if (colon && colon > file) {
        const char *book = rt_strndup(file, (size_t)(colon - file));
        if (table_is_workbook(book))
            return rt_sprintf("%s!A%ld", file, line);
    }
    return rt_sprintf("%s:%ld", file ? file : "", line);
}

const char *table_format_name(TableFormat f)
{
    switch (f) {
    case TABLE_JSON: return "json";
    case TABLE_XLSX: return "xlsx";
    case TABLE_ODS:  return "ods";
    case TABLE_CSV:  break;
    }
    return "csv";
}

/* Why the data given, not a folder, holds no table: missing (st NULL), or a
** file given for the folder (heures.csv itself: "data folder not found" was
** said of a file that was there). A missing workbook is named one: "data
** folder not found" sent its user looking for a folder. */
static Say table_not_folder(const char *dir, const struct stat *st)
{
    if (!st && table_is_workbook(dir))
        return say("classeur introuvable", "workbook not found");
    if (!st)
        return say("dossier de données introuvable", "data folder not found");
    if (S_ISREG(st->st_mode))
        return say("est un fichier, pas un dossier : donnez le dossier des tables marches, participants et heures, "
                   "ou un classeur .xlsx ou .ods",
                   "is a file, not a folder: give the folder of the tables marches, participants and heures, "
                   "or an .xlsx or .ods workbook");
    return say("n'est pas un dossier : donnez le dossier des tables marches, participants et heures, "
               "ou un classeur .xlsx ou .ods",
               "is not a folder: give the folder of the tables marches, participants and heures, "
               "or an .xlsx or .ods workbook");
}

TableReader *table_open(const char *dir, const char *name, TableError *err)
{
    return table_open_in(NULL, dir, name, err);
}

TableReader *table_open_in(TableBooks *shelf, const char *dir, const char *name, TableError *err)
{
    size_t dlen = strlen(dir);
    if (table_is_workbook_file(dir))
        return table_open_sheet(shelf, dir, name, err);
    const char *csv = path_join(dir, rt_sprintf("%s.csv", name));
    const char *json = path_join(dir, rt_sprintf("%s.json", name));
    int e_csv, e_json;
    bool has_csv = table_exists(csv, &e_csv), has_json = table_exists(json, &e_json);
    if (e_csv || e_json) {
        int e = e_csv ? e_csv : e_json;
        table_error(err, e_csv ? csv : json, 0, "C0802", table_strerror(e));
        return NULL;
    }
    if (has_csv && has_json) {
        table_error(err, csv, 0, "C0803",
                    say(rt_sprintf("les deux fichiers %s.csv et %s.json existent : lequel lire ? Retirez l'un des deux",
                               name, name),
                        rt_sprintf("both %s.csv and %s.json exist: which one should be read? Remove one of them", name,
                                   name)));
        return NULL;
    }
    struct stat st;
    bool exists = dlen && stat(dir, &st) == 0;
    if (!has_csv && !has_json && dlen && (!exists || !S_ISDIR(st.st_mode))) {
        table_error(err, rt_strdup(dir), 0, "C0801", table_not_folder(dir, exists ? &st : NULL));
        return NULL;
    }
    const char *found = has_csv ? rt_sprintf("%s.csv", name) : has_json ? rt_sprintf("%s.json", name) : NULL;
    TableError werr = { 0 };
    TableReader *book = table_open_in_workbooks(shelf, dlen ? dir : ".", name, found, &werr);
    if (book)
        return book;
    if (say_is_set(werr.msg)) {
        *err = werr;
        return NULL;
    }
    if (!has_csv && !has_json) {
        Say hint = table_near_file(dlen ? dir : ".", name);
        table_error(err, dlen ? rt_strdup(dir) : ".", 0, "C0801",
                    SAYF(("fichier introuvable : ni %s.csv ni %s.json dans ce dossier%s", name, name, hint.fr),
                         ("file not found: neither %s.csv nor %s.json in this folder%s", name, name, hint.en)));
        return NULL;
    }
    return table_open_file_with(has_csv ? csv : json, table_books_threads(shelf), 0, err);
}

void table_keep_above(TableReader *r, long line, int ncells)
{
    if (!r->kept || r->nkept >= r->kept_cap)
        return;
    int n = ncells < r->store_cap ? ncells : r->store_cap;
    TableHeaderCandidate *c = &r->kept[r->nkept++];
    c->line = line;
    c->ncols = n > 0 ? n : 0;
    c->columns = RT_NEW_ARRAY(const char *, c->ncols + 1);
    c->keys = RT_NEW_ARRAY(const char *, c->ncols + 1);
    for (int i = 0; i < c->ncols; i++) {
        c->columns[i] = r->cell_off[i] != TABLE_ABSENT ? rt_strndup(r->text + r->cell_off[i], r->cell_len[i]) : "";
        c->keys[i] = headers_key(c->columns[i], strlen(c->columns[i]));
    }
}

int table_header_candidates(const TableReader *r, int n, TableHeaderCandidate *out)
{
    TableReader *o;
    if (r->source == TABLE_SOURCE_CSV && r->info.path) {
        o = table_new(r->info.path, TABLE_SOURCE_CSV);
        o->open_threads = 1;
    } else if ((r->source == TABLE_SOURCE_XLSX || r->source == TABLE_SOURCE_ODS) && r->sheet) {
        o = table_sheet_reader_new(NULL, r->sheet->book, r->sheet->name, r->source);
    } else {
        return 0;
    }
    /* The header and the n rows below it are passed as rows above a header
    ** that is never reached, and kept: one opening, whatever n. Its failure
    ** (the table ends first) is expected. */
    o->header_skip = n + 1;
    o->kept = RT_NEW_ARRAY(TableHeaderCandidate, n + 1);
    o->kept_cap = n + 1;
    if (o->source == TABLE_SOURCE_CSV)
        (void)table_csv_open(o);
    else
        (void)(o->source == TABLE_SOURCE_ODS ? table_ods_open(o) : table_xlsx_open(o));
    int got = o->nkept > 1 ? o->nkept - 1 : 0;
    memcpy(out, o->kept + 1, sizeof *out * (size_t)got);
    table_close(o);
    return got;
}

TableReader *table_open_file(const char *path, TableError *err)
{
    return table_open_file_with(path, 1, 0, err);
}

TableReader *table_open_file_with(const char *path, int threads, long long part_bytes, TableError *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            table_error(err, rt_strdup(path), 0, "C0801", say("fichier introuvable", "file not found"));
        else
            table_error(err, rt_strdup(path), 0, "C0802", table_strerror(e));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        table_error(err, rt_strdup(path), 0, "C0802", regular_file_refusal(REGULAR_FILE_IS_DIRECTORY));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        table_error(err, rt_strdup(path), 0, "C0802", regular_file_refusal(REGULAR_FILE_NOT_REGULAR));
        return NULL;
    }
    TableSource source;
    if (table_has_extension(path, ".csv")) {
        source = TABLE_SOURCE_CSV;
    } else if (table_has_extension(path, ".json")) {
        source = TABLE_SOURCE_JSON;
    } else {
        table_error(err, rt_strdup(path), 0, "C0803", say("extension inconnue : .csv ou .json attendu",
                        "unknown extension: .csv or .json expected"));
        return NULL;
    }
    TableReader *r = table_new(path, source);
    r->open_threads = threads;
    r->open_part_bytes = part_bytes;
    bool ok = source == TABLE_SOURCE_CSV ? table_csv_open(r) : table_json_open(r);
    if (!ok) {
        *err = r->fatal;
        table_close(r);
        return NULL;
    }
    return r;
}

TableReader *table_open_rows(const char *file, int ncols, const char **columns, long nrows, TableRow *rows)
{
    TableReader *r = table_new(file ? file : "", TABLE_SOURCE_ROWS);
    if (ncols < 0)
        ncols = 0;
    r->info.ncols = ncols;
    const char **cols = RT_NEW_ARRAY(const char *, ncols + 1);
    const char **keys = RT_NEW_ARRAY(const char *, ncols + 1);
    for (int i = 0; i < ncols; i++) {
        cols[i] = columns && columns[i] ? columns[i] : "";
        keys[i] = headers_key(cols[i], strlen(cols[i]));
    }
    r->info.columns = cols;
    r->info.keys = keys;
    r->mem_rows = rows;
    r->mem_nrows = rows && nrows > 0 ? nrows : 0;
    return r;
}

const TableInfo *table_info(const TableReader *r)
{
    return &r->info;
}

TableTexts table_texts(const TableReader *r)
{
    const TableSheet *s = r->source == TABLE_SOURCE_XLSX ? r->sheet : NULL;
    if (!s || !s->nsst)
        return (TableTexts){ NULL, 0, 0 };
    return (TableTexts){ s->sst, s->sst_len, s->nsst };
}

long table_header_line(const TableReader *r)
{
    return r->header_line;
}

bool table_next(TableReader *r, TableRow *row, TableError *err)
{
    /* A CSV, JSON or workbook row goes to its format's shortcut first, which calls
    ** table_next_row for the others (a call in tail position). */
    if (r->source == TABLE_SOURCE_CSV)
        return table_csv_fast_next(r, row, err);
    if (r->source == TABLE_SOURCE_JSON)
        return table_json_stream_fast_next(r, row, err);
    if (r->source == TABLE_SOURCE_XLSX)
        return table_xlsx_fast_next(r, row, err);
    if (r->source == TABLE_SOURCE_ODS)
        return table_ods_fast_next(r, row, err);
    return table_next_row(r, row, err);
}

bool table_next_row(TableReader *r, TableRow *row, TableError *err)
{
    r->fast_again = false;   /* whatever this reads, table_csv_fast_next checks the reader again */
    table_error(err, r->info.path, 0, NULL, SAY_NONE);
    memset(row, 0, sizeof *row);
    if (say_is_set(r->fatal.msg)) {
        *err = r->fatal;
        return false;
    }
    if (r->finished)
        return false;
    bool ok = false;
    switch (r->source) {
    case TABLE_SOURCE_ROWS:
        if (r->mem_next < r->mem_nrows) {
            *row = r->mem_rows[r->mem_next++];
            ok = true;
        }
        break;
    case TABLE_SOURCE_CSV:
        ok = table_csv_next(r, row);
        break;
    case TABLE_SOURCE_JSON:
        ok = table_json_next(r, row);
        break;
    case TABLE_SOURCE_XLSX:
        ok = table_xlsx_next(r, row);
        break;
    case TABLE_SOURCE_ODS:
        ok = table_ods_next(r, row);
        break;
    }
    return ok || table_next_none(r, err);
}

bool table_next_none_cleared(TableReader *r, TableRow *row, TableError *err)
{
    *err = (TableError){ .path = r->info.path, .msg = SAY_NONE };
    memset(row, 0, sizeof *row);
    return table_next_none(r, err);
}

bool table_next_none(TableReader *r, TableError *err)
{
    if (r->part && r->part_wants)
        return false;
    r->finished = true;
    table_csv_release(r);
    table_json_release(r);
    table_sheet_release(r);
    if (say_is_set(r->fatal.msg))
        *err = r->fatal;
    return false;
}

void table_close(TableReader *r)
{
    if (!r)
        return;
    table_csv_release(r);
    table_json_release(r);
    table_sheet_release(r);
    r->finished = true;
}
