/* runtime/data_header.c: a data table's header matched to the charter's columns (names, exports' aliases, duplicates), with "did you mean" for a missing one and the row below a title that seems to be the header. */
#include "data_impl.h"

#include "utf8.h"

#include <limits.h>
#include <string.h>

/* The header's cells but those with skip[j] (none when NULL), quoted as each
** language quotes. A cell with no name (a title's trailing separators, a
** column left unnamed) has nothing to quote: each run of them is counted in
** its place, "« Mois », 2 colonnes sans nom", never an empty « ». */
static Say header_listed(const TableInfo *info, const bool *skip)
{
    const char *fr = "", *en = "";
    for (int j = 0; j < info->ncols;) {
        if (skip && skip[j]) {
            j++;
            continue;
        }
        if (info->keys[j][0]) {
            fr = rt_sprintf("%s%s« %s »", fr, *fr ? ", " : "", info->columns[j]);
            en = rt_sprintf("%s%s%s", en, *en ? ", " : "", say_q_en(info->columns[j]));
            j++;
            continue;
        }
        int run = 0;
        for (; j < info->ncols && !info->keys[j][0] && !(skip && skip[j]); j++)
            run++;
        fr = run == 1 ? rt_sprintf("%s%sune colonne sans nom", fr, *fr ? ", " : "")
                      : rt_sprintf("%s%s%d colonnes sans nom", fr, *fr ? ", " : "", run);
        en = run == 1 ? rt_sprintf("%s%san unnamed column", en, *en ? ", " : "")
                      : rt_sprintf("%s%s%d unnamed columns", en, *en ? ", " : "", run);
    }
    return say(fr, en);
}

/* Every problem of a header is reported in one run: the first in *err, the
** others chained after it. */
static void header_error(DataError *err, const char *code, Say msg)
{
    if (!err->code) {
        err->code = code;
        err->msg = msg;
        return;
    }
    DataError *e = RT_NEW(DataError);
    e->file = err->file;
    e->code = code;
    e->msg = msg;
    DataError *last = err;
    while (last->next)
        last = last->next;
    last->next = e;
}

/* The column col answers to header key k: its own name or one of the
** export's names the charter gives it (colonne « … »). */
static bool column_named(const MColumn *col, const char *k)
{
    if (!*k)
        return false;
    if (!strcmp(col->key, k))
        return true;
    for (int h = 0; h < col->nheaders; h++)
        if (!strcmp(col->header_keys[h], k))
            return true;
    return false;
}

/* How far header key k is from what col is called, or INT_MAX when too far
** to be a likely misspelling: a few letters off, or one name inside the other
** ("Montant" for montant_ht, "Nb heures" for heures). */
static int header_distance(const MColumn *col, const char *k)
{
    enum { LIMIT = 64 };
    int best = INT_MAX;
    for (int h = -1; h < col->nheaders; h++) {
        const char *name = h < 0 ? col->key : col->header_keys[h];
        size_t ln = strlen(name), lk = strlen(k);
        int d = utf8_edit_distance(name, k, LIMIT);
        int close = (int)(ln > lk ? ln : lk) / 3;
        bool inside = (ln >= 3 && strstr(k, name)) || (lk >= 3 && strstr(name, k));
        if ((d <= (close > 2 ? close : 2) || inside) && d < best)
            best = d;
    }
    return best;
}

/* Whether cell j of a header row is an export's title rather than a column's
** name ("Heures du 1er trimestre" alone in A1): text of several words, alone
** in its row. A title is never offered as "did you mean": a column name
** inside it ("heures") does not make it that column. The caller has already
** found that it names no column. */
static bool header_is_title(const TableInfo *info, int j)
{
    const char *text = info->columns[j];
    if (!strpbrk(text, " \t") && !strstr(text, "\xC2\xA0"))
        return false;
    for (int k = 0; k < info->ncols; k++)
        if (k != j && info->keys[k][0])
            return false;
    return true;
}

/* The file's header, not yet matched, that col was probably meant to be; NULL when none is close. */
static const char *closest_header(const TableInfo *info, const bool *used, const MColumn *col)
{
    const char *best = NULL;
    int best_d = INT_MAX;
    for (int j = 0; j < info->ncols; j++) {
        if (used[j] || !info->keys[j][0] || header_is_title(info, j))
            continue;
        int d = header_distance(col, info->keys[j]);
        if (d < best_d) {
            best_d = d;
            best = info->columns[j];
        }
    }
    return best;
}

static void missing_column(DataError *err, const TableInfo *info, const bool *used, const MColumn *col)
{
    const char *near = closest_header(info, used, col);
    if (near)
        header_error(err, "C0806",
                     SAYF(("colonne obligatoire « %s » absente ; vouliez-vous dire « %s » ?", col->name, near),
                          ("required column %s is missing; did you mean %s?", say_q_en(col->name), say_q_en(near))));
    else if (info->ncols == 0)
        /* A JSON array with no key in it ([] or [{}]): no list to give. */
        header_error(err, "C0806",
                     SAYF(("colonne obligatoire « %s » absente (aucune colonne lue)", col->name),
                          ("required column %s is missing (no column read)", say_q_en(col->name))));
    else {
        Say cells = header_listed(info, NULL);
        header_error(err, "C0806",
                     SAYF(("colonne obligatoire « %s » absente (colonnes lues : %s)", col->name, cells.fr),
                          ("required column %s is missing (columns read: %s)", say_q_en(col->name), cells.en)));
    }
}

/* Rows below the header looked at for the real one: an export's title, its
** date, a blank row or two above its columns. */
enum { HEADER_LOOKAHEAD = 5 };

/* Whether a header of keys names col. */
static bool header_names(int ncols, const char *const *keys, const MColumn *col)
{
    for (int j = 0; j < ncols; j++)
        if (column_named(col, keys[j]))
            return true;
    return false;
}

/* How many required columns of s a header of keys names. */
static int required_named(int ncols, const char *const *keys, const MTable *s)
{
    int n = 0;
    for (int c = 0; c < s->ncolumns; c++)
        n += s->columns[c].required && header_names(ncols, keys, &s->columns[c]);
    return n;
}

/* Among the next HEADER_LOOKAHEAD rows, the one that names the most required
** columns (the first of equals), when it names more than half of them and
** more than the header does: the real header under an export's title, even
** with a column renamed besides (said by a title row's hint, never passed
** silently: the header is the first row with a value). Its index in rows,
** -1 when none. */
static int header_below(const DataTable *t, const TableHeaderCandidate *rows, int nrows)
{
    int required = 0;
    for (int c = 0; c < t->schema->ncolumns; c++)
        required += t->schema->columns[c].required;
    int best = -1, most = required_named(t->info->ncols, t->info->keys, t->schema);
    for (int i = 0; i < nrows; i++) {
        int n = required_named(rows[i].ncols, rows[i].keys, t->schema);
        if (n > most) {
            most = n;
            best = i;
        }
    }
    return best >= 0 && 2 * most > required ? best : -1;
}

/* The required columns the row below still lacks, each with the cell it was
** probably meant to be: "« heures » (vouliez-vous dire « Nb heures » ?)". */
static Say header_below_lacks(const MTable *s, const TableHeaderCandidate *row)
{
    TableInfo info = { .ncols = row->ncols, .columns = row->columns, .keys = row->keys };
    bool *used = rt_alloc_atomic((size_t)row->ncols + 1);
    for (int j = 0; j < row->ncols; j++) {
        used[j] = false;
        for (int c = 0; c < s->ncolumns && !used[j]; c++)
            used[j] = column_named(&s->columns[c], row->keys[j]);
    }
    const char *fr = "", *en = "";
    for (int c = 0; c < s->ncolumns; c++) {
        const MColumn *col = &s->columns[c];
        if (!col->required || header_names(row->ncols, row->keys, col))
            continue;
        const char *near = closest_header(&info, used, col);
        fr = near ? rt_sprintf("%s%s« %s » (vouliez-vous dire « %s » ?)", fr, *fr ? ", " : "", col->name, near)
                  : rt_sprintf("%s%s« %s »", fr, *fr ? ", " : "", col->name);
        en = near ? rt_sprintf("%s%s%s (did you mean %s?)", en, *en ? ", " : "", say_q_en(col->name), say_q_en(near))
                  : rt_sprintf("%s%s%s", en, *en ? ", " : "", say_q_en(col->name));
    }
    return say(fr, en);
}

/* The cells of the header read that have a value, quoted: what the user sees
** in that row. A row of separators alone (";;", an empty row exported) is the
** first non-blank line of a CSV: it is said to hold empty cells, not "()". */
static Say header_cells(const TableInfo *info)
{
    bool *unnamed = rt_alloc_atomic((size_t)info->ncols + 1);
    for (int j = 0; j < info->ncols; j++)
        unnamed[j] = !info->keys[j][0];
    Say cells = header_listed(info, unnamed);
    return *cells.fr ? cells : say("cellules vides", "empty cells");
}

/* When a row below the header seems to be the real one (an export's title
** above it), says so, naming what the header read holds, and what that row
** still lacks: true. The required columns the header read lacks are then
** not each reported: they are all the title's consequence, and the errors
** would bury the one that says what to do (and offer the title as a
** column's "did you mean"). */
static bool header_hint(DataTable *t, DataError *err)
{
    TableHeaderCandidate rows[HEADER_LOOKAHEAD];
    int nrows = table_header_candidates(t->reader, HEADER_LOOKAHEAD, rows);
    int i = header_below(t, rows, nrows);
    if (i < 0)
        return false;
    long line = rows[i].line, read = table_header_line(t->reader);
    Say cells = header_cells(t->info);
    Say lacks = header_below_lacks(t->schema, &rows[i]);
    Say hint = SAYF(("la ligne %ld semble être l'en-tête, et non la ligne %ld (%s) : supprimez les lignes au-dessus",
                     line, read, cells.fr),
                    ("line %ld looks like the header, not line %ld (%s): delete the rows above it", line, read,
                     cells.en));
    if (*lacks.fr)
        hint = SAYF(("%s ; il y manque encore %s", hint.fr, lacks.fr), ("%s; it still lacks %s", hint.en, lacks.en));
    header_error(err, "C0806", hint);
    return true;
}

bool data_header_match(DataTable *t, DataError *err)
{
    const TableInfo *info = t->info;
    const MTable *s = t->schema;
    bool *used = rt_alloc_atomic((size_t)info->ncols + 1);
    memset(used, 0, (size_t)info->ncols + 1);
    bool *missing = rt_alloc_atomic((size_t)s->ncolumns + 1);
    for (int c = 0; c < s->ncolumns; c++) {
        const MColumn *col = &s->columns[c];
        t->file_col[c] = -1;
        missing[c] = false;
        for (int j = 0; j < info->ncols; j++) {
            if (!column_named(col, info->keys[j]))
                continue;
            used[j] = true;
            if (t->file_col[c] >= 0) {
                header_error(err, "C0806",
                             SAYF(("les colonnes « %s » et « %s » désignent toutes deux « %s »",
                                   info->columns[t->file_col[c]], info->columns[j], col->name),
                                  ("columns %s and %s both name %s", say_q_en(info->columns[t->file_col[c]]),
                                   say_q_en(info->columns[j]), say_q_en(col->name))));
                continue;
            }
            t->file_col[c] = j;
        }
        missing[c] = t->file_col[c] < 0 && col->required;
    }
    bool any_missing = false;
    for (int c = 0; c < s->ncolumns; c++)
        any_missing |= missing[c];
    /* Suggestions come from the headers nothing matched, once all are matched. */
    if (any_missing && !header_hint(t, err))
        for (int c = 0; c < s->ncolumns; c++)
            if (missing[c])
                missing_column(err, info, used, &s->columns[c]);
    if (err->code)
        return false;
    table_columns_read(t->reader, used);
    Say ignored = header_listed(info, used);
    if (*ignored.fr)
        data_add_note(t, SAYF(("%s : colonnes ignorées (aucune déclaration ne les nomme) : %s", data_file_name(info), ignored.fr),
                         ("%s: columns ignored (no declaration names them): %s", data_file_name(info), ignored.en)));
    return true;
}
