/* tests/fuzz/fuzz_util.c: temp files, the table-reading loop and invariant failures for the fuzz harnesses. */
#include "fuzz.h"

#include "table.h"
#include "utf8.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The process's temp folder, made on first use and removed at exit (a crash
** leaves it behind: it is small and named after the pid). */
static char temp_dir[4096];

static void fuzz_remove_temp_dir(void)
{
    DIR *d = opendir(temp_dir);
    if (!d)
        return;
    struct dirent *e;
    char path[sizeof temp_dir + 256];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", temp_dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(temp_dir);
}

static const char *fuzz_temp_dir(void)
{
    if (temp_dir[0])
        return temp_dir;
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    snprintf(temp_dir, sizeof temp_dir, "%s/charte-fuzz-XXXXXX", base);
    if (!mkdtemp(temp_dir))
        fuzz_fail("fuzz: impossible de créer %s", temp_dir);
    atexit(fuzz_remove_temp_dir);
    return temp_dir;
}

const char *fuzz_write_temp(const char *name, const uint8_t *data, size_t size,
                            char *buf, size_t bufsize)
{
    snprintf(buf, bufsize, "%s/%s", fuzz_temp_dir(), name);
    FILE *fp = fopen(buf, "wb");
    if (!fp)
        fuzz_fail("fuzz: impossible d'écrire %s", buf);
    bool ok = fwrite(data, 1, size, fp) == size;
    if (fclose(fp) != 0 || !ok)
        fuzz_fail("fuzz: écriture incomplète de %s", buf);
    return buf;
}

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: invariant violé : ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* What table.h promises about every cell: UTF-8, NUL-terminated at len. */
static void fuzz_check_cell(const TableCell *cell, long line, int col)
{
    if (!cell->text)
        return;
    if (cell->text[cell->len] != '\0')
        fuzz_fail("ligne %ld, colonne %d : cellule non terminée par NUL à len", line, col);
    if (utf8_invalid_at(cell->text, cell->len) != cell->len)
        fuzz_fail("ligne %ld, colonne %d : cellule en UTF-8 invalide", line, col);
}

static void fuzz_check_info(const TableInfo *info)
{
    if (info->ncols < 0 || info->ncols > TABLE_MAX_COLUMNS)
        fuzz_fail("%d colonnes (limite %d)", info->ncols, TABLE_MAX_COLUMNS);
    if (!info->encoding || !info->file)
        fuzz_fail("TableInfo sans encodage ou sans nom de fichier");
    for (int i = 0; i < info->ncols; i++) {
        if (!info->columns[i] || !info->keys[i])
            fuzz_fail("colonne %d sans nom ou sans clé", i);
        size_t len = strlen(info->columns[i]);
        if (utf8_invalid_at(info->columns[i], len) != len)
            fuzz_fail("nom de colonne %d en UTF-8 invalide", i);
    }
}

/* The rows below the header read as headers (C0806's hint, one more opening
** of the same file): at most as many as asked, each on a later line than the
** last, with its cells and their keys. */
static void fuzz_check_header_candidates(const TableReader *r)
{
    enum { ASKED = 5 };
    TableHeaderCandidate below[ASKED];
    int n = table_header_candidates(r, ASKED, below);
    if (n < 0 || n > ASKED || (table_info(r)->format == TABLE_JSON && n != 0))
        fuzz_fail("lignes sous l'en-tête : nombre hors bornes");
    long last = 0;
    for (int k = 0; k < n; k++) {
        if (below[k].line <= last || below[k].ncols < 0 || below[k].ncols > TABLE_MAX_COLUMNS + 1)
            fuzz_fail("ligne sous l'en-tête : ligne ou largeur fausse");
        last = below[k].line;
        for (int j = 0; j < below[k].ncols; j++)
            if (!below[k].columns[j] || !below[k].keys[j])
                fuzz_fail("ligne sous l'en-tête : cellule sans texte ou sans clé");
    }
}

void fuzz_keys_begin(FuzzKeys *k, const TableReader *r)
{
    k->tx = table_texts(r);
    k->at = NULL;
    k->len = NULL;
    if (k->tx.count == 0 || k->tx.count > (1u << 22))
        return;
    k->at = calloc(k->tx.count + 1, sizeof *k->at);
    k->len = calloc(k->tx.count + 1, sizeof *k->len);
    if (!k->at || !k->len)
        fuzz_fail("mémoire");
}

void fuzz_keys_check(FuzzKeys *k, const TableRow *row, int ncols)
{
    for (int i = 0; i < ncols; i++) {
        const TableCell *c = &row->cells[i];
        uint32_t key = c->text ? table_text_key(&k->tx, c->text) : 0;
        if (key == 0)
            continue;
        if (key > k->tx.count || c->text + c->len >= k->tx.bytes + k->tx.len)
            fuzz_fail("ligne %ld, colonne %d : clé %u hors de la table de %zu textes", row->line, i, key, k->tx.count);
        if (!k->at)
            continue;
        if (!k->at[key]) {
            k->at[key] = c->text;
            k->len[key] = c->len;
        } else if (k->at[key] != c->text || k->len[key] != c->len)
            fuzz_fail("ligne %ld, colonne %d : la clé %u désigne deux textes", row->line, i, key);
    }
}

void fuzz_keys_end(FuzzKeys *k, const TableReader *r)
{
    TableTexts now = table_texts(r);
    if (now.bytes != k->tx.bytes || now.len != k->tx.len || now.count != k->tx.count)
        fuzz_fail("la table de textes a changé pendant la lecture");
    free(k->at);
    free(k->len);
    k->at = NULL;
    k->len = NULL;
}

static void fuzz_read_opened(TableReader *r, TableError err);

void fuzz_read_table(const char *path)
{
    TableError err;
    memset(&err, 0, sizeof err);
    fuzz_read_opened(table_open_file(path, &err), err);
}

void fuzz_read_sheet(const char *book, const char *table)
{
    TableError err;
    memset(&err, 0, sizeof err);
    fuzz_read_opened(table_open(book, table, &err), err);
}

static void fuzz_read_opened(TableReader *r, TableError err)
{
    if (!r) {
        if (!err.msg.fr || !err.msg.en)
            fuzz_fail("l'ouverture a échoué sans message");
        if (!err.code || strncmp(err.code, "C08", 3) != 0)
            fuzz_fail("l'ouverture a échoué sans code C08xx");
        return;
    }
    const TableInfo *info = table_info(r);
    fuzz_check_info(info);
    fuzz_check_header_candidates(r);
    TableRow row;
    long last_line = 0;
    FuzzKeys keys;
    fuzz_keys_begin(&keys, r);
    while (table_next(r, &row, &err)) {
        /* A CSV row starts on a line of its own, a sheet's row on its own row; JSON rows may share one. */
        bool csv = info->format != TABLE_JSON;
        if (row.line < 1 || row.line < last_line || (csv && row.line == last_line))
            fuzz_fail("ligne %ld après la ligne %ld", row.line, last_line);
        last_line = row.line;
        if ((row.error.fr == NULL) != (row.error.en == NULL))
            fuzz_fail("ligne %ld : erreur dans une seule langue", row.line);
        for (int i = 0; i < info->ncols; i++)
            fuzz_check_cell(&row.cells[i], row.line, i);
        fuzz_keys_check(&keys, &row, info->ncols);
    }
    fuzz_keys_end(&keys, r);
    if ((err.msg.fr == NULL) != (err.msg.en == NULL))
        fuzz_fail("erreur fatale dans une seule langue");
    if (err.msg.fr && (!err.code || strncmp(err.code, "C08", 3) != 0))
        fuzz_fail("erreur fatale sans code C08xx : %s", err.msg.fr);
    table_close(r);
}
