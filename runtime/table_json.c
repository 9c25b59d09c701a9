/* runtime/table_json.c: the JSON reader: the streamed reader first, else the whole document parsed with jansson (columns, rows, its messages). */
#include "table_impl.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "gc.h"
#include "utf8.h"

/* ---- JSON: opening ----------------------------------------------------------------------- */

/* Malformed JSON (C0807), placed at its line and column. */
static bool table_json_fatal_at(TableReader *r, const char *text, size_t at, Say msg)
{
    long line, col;
    table_line_col(text, at, &line, &col);
    table_fatal(r, "C0807", line, SAYF(("%s (ligne %ld, colonne %ld)", msg.fr, line, col),
                                       ("%s (line %ld, column %ld)", msg.en, line, col)));
    return false;
}

/* Reads the whole file (malloc'ed, NUL-terminated); NULL and a fatal error on failure. */
static char *table_json_slurp(TableReader *r, size_t *len)
{
    FILE *fp = table_fopen_regular(r);
    if (!fp)
        return NULL;
    size_t cap = 65536, n = 0;
    char *data = malloc(cap + 1);
    while (data) {
        if (n == cap) {
            if (cap > (size_t)TABLE_MAX_JSON_BYTES)
                break;
            cap *= 2;
            char *p = realloc(data, cap + 1);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
        }
        size_t got = fread(data + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int e = ferror(fp) ? errno : 0;
    fclose(fp);
    if (!data) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return NULL;
    }
    if (e) {
        free(data);
        table_fatal(r, "C0802", 0, table_strerror(e));
        return NULL;
    }
    if (n > (size_t)TABLE_MAX_JSON_BYTES) {
        free(data);
        table_fatal(r, "C0808", 0, say(rt_sprintf("fichier JSON de plus de %ld octets : trop gros", TABLE_MAX_JSON_BYTES),
                        rt_sprintf("JSON file larger than %ld bytes: too big", TABLE_MAX_JSON_BYTES)));
        return NULL;
    }
    data[n] = '\0';
    *len = n;
    return data;
}

/* Checks that the text is UTF-8 without NUL; returns the offset where JSON starts. */
static bool table_json_check_text(TableReader *r, const char *data, size_t n, size_t *start)
{
    const char *unsupported;
    size_t bom = encoding_bom((const unsigned char *)data, n, &unsupported);
    if (unsupported) {
        table_fatal(r, "C0804", 0, say(rt_sprintf("fichier en %s (marque BOM) : le JSON doit être en UTF-8", unsupported),
                        rt_sprintf("%s file (BOM): JSON must be UTF-8", unsupported)));
        return false;
    }
    if (bom)
        r->info.encoding = encoding_name(ENCODING_UTF8_BOM);
    const char *nul = memchr(data, '\0', n);
    if (nul) {
        long line, col;
        table_line_col(data, (size_t)(nul - data), &line, &col);
        table_fatal(r, "C0804", line, say(rt_sprintf("octet nul ligne %ld : ce n'est pas un fichier texte", line),
                        rt_sprintf("NUL byte on line %ld: not a text file", line)));
        return false;
    }
    size_t bad = utf8_invalid_at(data + bom, n - bom);
    if (bad != n - bom) {
        long line, col;
        table_line_col(data, bom + bad, &line, &col);
        table_fatal(r, "C0804", line,
                    say(rt_sprintf("octet non UTF-8 ligne %ld : un fichier JSON doit être en UTF-8", line),
                        rt_sprintf("non-UTF-8 byte on line %ld: a JSON file must be UTF-8", line)));
        return false;
    }
    *start = bom;
    return true;
}

/* jansson's message without its " near '...'" part, which would show our rewriting. */
static const char *table_jansson_text(const json_error_t *jerr)
{
    const char *near = strstr(jerr->text, " near ");
    size_t len = near ? (size_t)(near - jerr->text) : strlen(jerr->text);
    return rt_strndup(jerr->text, len);
}

static bool table_json_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool table_json_parse_error(TableReader *r, const char *text, size_t n, const json_error_t *jerr)
{
    const char *what = table_jansson_text(jerr);
    const char *fr = rt_sprintf("JSON invalide : %s", what);
    if (strcmp(what, "duplicate object key") == 0)
        fr = "JSON invalide : clé en double dans un même objet";
    const char *en = rt_sprintf("invalid JSON: %s", what);
    if (jerr->position <= 0) {
        table_fatal(r, "C0807", jerr->line > 0 ? jerr->line : 0, say(fr, en));
        return false;
    }
    TableJsonScan map = { .in = text, .n = n, .mapping = true, .map_to = (size_t)jerr->position - 1 };
    table_json_scan(&map);
    size_t at = map.found ? map.mapped : n;
    /* jansson stops after the offending word ("tru"): point at its start. */
    while (at > 0 && at <= n && table_json_word_char(text[at - 1]) && (at == n || table_json_word_char(text[at])))
        at--;
    /* ...or after the offending string: point at its opening quote (the
    ** quotes inside a string are always escaped). */
    if (at < n && text[at] == '"') {
        size_t open = at;
        while (open > 0 && !(text[open - 1] == '"' && (open < 2 || text[open - 2] != '\\')))
            open--;
        if (open > 0)
            at = open - 1;
    }
    return table_json_fatal_at(r, text, at, say(fr, en));
}

static bool table_json_columns(TableReader *r)
{
    r->colmap = json_object();
    if (!r->colmap) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    const char **columns = RT_NEW_ARRAY(const char *, 1); /* NULL-terminated, like the CSV header's */
    int ncols = 0;
    for (size_t i = 0; i < r->nelem; i++) {
        json_t *obj = json_array_get(r->root, i);
        const char *key;
        json_t *value;
        if (!json_is_object(obj))
            continue;
        json_object_foreach(obj, key, value) {
            if (json_object_get(r->colmap, key))
                continue;
            if (ncols == TABLE_MAX_COLUMNS) {
                long line = i < r->nelem_line ? r->elem_line[i] : 0;
                table_fatal(r, "C0808", line, say(rt_sprintf("plus de %d colonnes (clés différentes)", TABLE_MAX_COLUMNS),
                                rt_sprintf("more than %d columns (distinct keys)", TABLE_MAX_COLUMNS)));
                return false;
            }
            RT_GROW(columns, ncols + 1);
            columns[ncols] = rt_strdup(key);
            json_object_set_new(r->colmap, key, json_integer(ncols));
            ncols++;
        }
    }
    r->info.columns = columns;
    r->info.ncols = ncols;
    return table_make_keys(r, 0);
}

/* The whole-document reader: a file outside the streamed reader's subset
** (malformed, or over one of its limits), read as it always was, so that its
** rows and messages stay what they were. */
bool table_json_open_whole(TableReader *r)
{
    r->info.separator = 0;
    size_t n, start;
    char *data = table_json_slurp(r, &n);
    if (!data)
        return false;
    if (!table_json_check_text(r, data, n, &start)) {
        free(data);
        return false;
    }
    const char *text = data + start;
    n -= start;
    TableJsonScan sc = { .in = text, .n = n };
    if (!table_json_scan(&sc)) {
        free(sc.out);
        table_json_fatal_at(r, text, sc.err_at, sc.err);
        free(data);
        return false;
    }
    r->elem_line = sc.lines;
    r->nelem_line = sc.nlines;
    json_error_t jerr;
    r->root = json_loadb(sc.out ? sc.out : "", sc.out_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    free(sc.out);
    if (!r->root) {
        table_json_parse_error(r, text, n, &jerr);
        free(data);
        return false;
    }
    free(data);
    if (!json_is_array(r->root)) {
        table_fatal(r, "C0807", 1, say("le fichier JSON doit contenir un tableau d'objets : [ {…}, {…} ]",
                        "the JSON file must hold an array of objects: [ {…}, {…} ]"));
        return false;
    }
    r->nelem = json_array_size(r->root);
    if (!table_json_columns(r))
        return false;
    table_set_store_cap(r, r->info.ncols);
    return true;
}

bool table_json_open(TableReader *r)
{
    r->info.separator = 0;
    bool whole;
    if (table_json_stream_open(r, &whole))
        return true;
    return whole && table_json_open_whole(r);
}

void table_json_release(TableReader *r)
{
    table_json_stream_release(r);
    if (r->root) {
        json_decref(r->root);
        r->root = NULL;
    }
    if (r->colmap) {
        json_decref(r->colmap);
        r->colmap = NULL;
    }
}

/* Rows rejected for a cell's value, as both JSON readers say them. */
void table_json_nul_cell(TableReader *r, int index, const char *key)
{
    if (!table_column_read(r, index))
        return;
    Say col = table_column_named(key);
    table_row_error(r, SAYF(("texte contenant un caractère nul (\\u0000) dans %s", col.fr),
                            ("text containing a NUL character (\\u0000) in %s", col.en)));
}

void table_json_nested_cell(TableReader *r, int index, const char *key)
{
    if (!table_column_read(r, index))
        return;
    Say col = table_column_named(key);
    table_row_error(r, SAYF(("valeur imbriquée (objet ou tableau) dans %s : une cellule doit être un texte, un nombre "
                             "ou un booléen",
                             col.fr),
                            ("nested value (object or array) in %s: a cell must be text, a number or a boolean",
                             col.en)));
}

static void table_json_cell(TableReader *r, int index, const char *key, json_t *value)
{
    switch (json_typeof(value)) {
    case JSON_STRING: {
        const char *s = json_string_value(value);
        size_t len = json_string_length(value);
        if (len >= 2 && s[0] == '\0' && s[1] == '#') {
            s += 2, len -= 2;
            /* "1.5e3" is exact decimal text too: runtime/data.c expands it,
            ** with a bounded exponent. */
        } else if (memchr(s, '\0', len)) {
            table_json_nul_cell(r, index, key);
            return;
        }
        if (!table_cell_fits(r, index, len))
            return;
        table_store(r, index, s, len);
        return;
    }
    case JSON_TRUE:
        table_store(r, index, "true", 4);
        return;
    case JSON_FALSE:
        table_store(r, index, "false", 5);
        return;
    case JSON_NULL:
        return;
    case JSON_OBJECT:
    case JSON_ARRAY:
        table_json_nested_cell(r, index, key);
        return;
    case JSON_INTEGER:
    case JSON_REAL:
        break;
    }
    /* Every number went through the pre-scan; a double here would be inexact. */
    Say col = table_column_named(key);
    table_row_error(r, SAYF(("nombre illisible dans %s", col.fr), ("unreadable number in %s", col.en)));
}

bool table_json_next(TableReader *r, TableRow *row)
{
    if (r->jstream)
        return table_json_stream_next(r, row);
    if (r->next_elem >= r->nelem) {
        table_json_release(r);
        return false;
    }
    size_t i = r->next_elem++;
    table_row_reset(r);
    r->row_line = i < r->nelem_line ? r->elem_line[i] : 0;
    json_t *obj = json_array_get(r->root, i);
    if (!json_is_object(obj)) {
        table_row_error(r, say(rt_sprintf("l'élément n° %zu du tableau n'est pas un objet { … }", i + 1),
                            rt_sprintf("array element %zu is not an object { … }", i + 1)));
    } else {
        const char *key;
        json_t *value;
        json_object_foreach(obj, key, value) {
            json_t *index = json_object_get(r->colmap, key);
            if (index)
                table_json_cell(r, (int)json_integer_value(index), key, value);
        }
    }
    table_row_output(r, row);
    /* The row is copied out: let jansson free the element now. */
    json_array_set_new(r->root, i, json_null());
    return true;
}
