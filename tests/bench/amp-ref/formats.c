/* tests/bench/amp-ref/formats.c: CSV and JSON files read into rows of cells, and one table read whole, restarted in Windows-1252 when it is not UTF-8. */
#include "amp-ref.h"

typedef void (*RowFn)(Ctx *, Cell *, long, const char *);
static const RowFn ROW_FN[N_TABLE] = {amp_marche_row, amp_participant_row, amp_heures_row, amp_embauche_row};

/* ====================================================================== */
/* File readers                                                           */
/* ====================================================================== */

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static void set_cell(Cell *cell, const char *s, size_t n, int kind)
{
    trim(&s, &n);
    cell->s = s;
    cell->n = n;
    cell->kind = kind;
    cell->present = n > 0 || kind == K_COMPOSITE;
}

/* The separator is whichever of ';' and ',' occurs more often, outside quotes, in the header line. */
static int detect_separator(const char *s, size_t n)
{
    size_t semi = 0, comma = 0;
    bool q = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && s[i] == ';')
            semi++;
        else if (!q && s[i] == ',')
            comma++;
    }
    return semi > comma ? ';' : ',';
}

/* Collects the raw bytes of the header record (up to its line end outside quotes). */
static void read_header_bytes(Reader *r, Row *raw)
{
    amp_row_clear(raw);
    bool q = false;
    for (;;) {
        int c = amp_rd_get(r);
        if (c < 0)
            return;
        if (c == '"')
            q = !q;
        if (!q && (c == '\n' || c == '\r')) {
            r->line++;
            if (c == '\r' && amp_rd_peek(r) == '\n')
                r->p++;
            bool blank = true;
            for (size_t i = 0; i < raw->len; i++)
                if (raw->buf[i] != ' ' && raw->buf[i] != '\t')
                    blank = false;
            if (!blank)
                return;
            amp_row_clear(raw); /* blank lines before the header are skipped */
            continue;
        }
        if (c == '\n' || c == '\r')
            r->line++;
        amp_row_put(raw, c);
    }
}

static void read_csv(Ctx *x, int table, Reader *r)
{
    Row raw = {0}, w = {0};
    Cell cells[MAX_COLS];
    read_header_bytes(r, &raw);
    if (r->bad_utf8) {
        amp_row_free(&raw);
        return;
    }
    int sep = detect_separator(raw.buf ? raw.buf : "", raw.len);
    Reader hr;
    amp_rd_memory(&hr, raw.buf ? raw.buf : "", raw.len);
    long line;
    bool unterminated;
    int *colmap = NULL;
    size_t ncolmap = 0;
    if (amp_csv_read_row(&hr, sep, &w, &line, &unterminated)) {
        ncolmap = w.nf;
        colmap = amp_xmalloc(ncolmap * sizeof *colmap);
        for (size_t f = 0; f < w.nf; f++) {
            const char *s = w.buf + w.off[f];
            size_t n = w.n[f];
            trim(&s, &n);
            int col = amp_column_of(table, s, n);
            for (size_t g = 0; g < f; g++)
                if (colmap[g] == col)
                    col = -1; /* the first of two equal headers is the column */
            colmap[f] = col;
        }
    }
    while (amp_csv_read_row(r, sep, &w, &line, &unterminated)) {
        if (r->bad_utf8)
            break;
        if (amp_row_is_blank(&w) && !unterminated)
            continue;
        for (int k = 0; k < NCOLS[table]; k++)
            cells[k] = (Cell){"", 0, K_TEXT, false};
        for (size_t f = 0; f < w.nf && f < ncolmap; f++)
            if (colmap[f] >= 0)
                set_cell(&cells[colmap[f]], w.buf + w.off[f], w.n[f], K_TEXT);
        ROW_FN[table](x, cells, line, unterminated ? "guillemet non fermé" : NULL);
    }
    free(colmap);
    amp_row_free(&raw);
    amp_row_free(&w);
}

/* ---------- JSON: an array of flat objects ---------- */

static int json_ws(Json *j)
{
    for (;;) {
        int c = amp_rd_peek(j->r);
        if (c == '\n')
            j->r->line++;
        else if (c != ' ' && c != '\t' && c != '\r')
            return c;
        j->r->p++;
    }
}

static void put_utf8(Row *w, unsigned cp)
{
    if (cp < 0x80) {
        amp_row_put(w, (int)cp);
    } else if (cp < 0x800) {
        amp_row_put(w, (int)(0xC0 | (cp >> 6)));
        amp_row_put(w, (int)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        amp_row_put(w, (int)(0xE0 | (cp >> 12)));
        amp_row_put(w, (int)(0x80 | ((cp >> 6) & 0x3F)));
        amp_row_put(w, (int)(0x80 | (cp & 0x3F)));
    } else {
        amp_row_put(w, (int)(0xF0 | (cp >> 18)));
        amp_row_put(w, (int)(0x80 | ((cp >> 12) & 0x3F)));
        amp_row_put(w, (int)(0x80 | ((cp >> 6) & 0x3F)));
        amp_row_put(w, (int)(0x80 | (cp & 0x3F)));
    }
}

static bool json_hex4(Json *j, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int c = amp_rd_get(j->r);
        if (c >= '0' && c <= '9')
            v = v * 16 + (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v = v * 16 + (unsigned)(c - 'A' + 10);
        else
            return false;
    }
    *out = v;
    return true;
}

/* A string (the opening quote already read), decoded into the row buffer. */
static bool json_string(Json *j)
{
    for (;;) {
        int c = amp_rd_get(j->r);
        if (c < 0)
            return false;
        if (c == '"')
            return true;
        if (c == '\n')
            j->r->line++;
        if (c != '\\') {
            amp_row_put(j->w, c);
            continue;
        }
        c = amp_rd_get(j->r);
        unsigned cp;
        switch (c) {
        case '"': case '\\': case '/': amp_row_put(j->w, c); break;
        case 'b': amp_row_put(j->w, '\b'); break;
        case 'f': amp_row_put(j->w, '\f'); break;
        case 'n': amp_row_put(j->w, '\n'); break;
        case 'r': amp_row_put(j->w, '\r'); break;
        case 't': amp_row_put(j->w, '\t'); break;
        case 'u':
            if (!json_hex4(j, &cp))
                return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (amp_rd_get(j->r) != '\\' || amp_rd_get(j->r) != 'u' || !json_hex4(j, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return false;
            }
            put_utf8(j->w, cp);
            break;
        default:
            return false;
        }
    }
}

static bool json_literal(Json *j, const char *word)
{
    for (const char *p = word; *p; p++)
        if (amp_rd_get(j->r) != *p)
            return false;
    return true;
}

/* Skips a nested object or array (its opening bracket already read). */
static bool json_skip_nested(Json *j)
{
    long depth = 1;
    size_t mark = j->w->len;
    while (depth > 0) {
        int c = json_ws(j);
        if (c < 0)
            return false;
        j->r->p++;
        if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']')
            depth--;
        else if (c == '"') {
            if (!json_string(j))
                return false;
            j->w->len = mark;
        }
    }
    return true;
}

static bool json_value(Json *j)
{
    Row *w = j->w;
    int c = json_ws(j);
    size_t f = w->nf - 1;
    if (c == '"') {
        j->r->p++;
        if (!json_string(j))
            return false;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        w->kind[f] = K_JSON_NUM;
        while ((c = amp_rd_peek(j->r)) >= 0 && (c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' ||
                                            (c >= '0' && c <= '9'))) {
            amp_row_put(w, c);
            j->r->p++;
        }
    } else if (c == 't') {
        if (!json_literal(j, "true"))
            return false;
        amp_row_append(w, "true", 4);
    } else if (c == 'f') {
        if (!json_literal(j, "false"))
            return false;
        amp_row_append(w, "false", 5);
    } else if (c == 'n') {
        if (!json_literal(j, "null"))
            return false;
    } else if (c == '{' || c == '[') {
        j->r->p++;
        w->kind[f] = K_COMPOSITE;
        return json_skip_nested(j);
    } else {
        return false;
    }
    return true;
}

/* One object (its '{' already read) into key/value fields. */
static bool json_object(Json *j)
{
    Row *w = j->w;
    amp_row_clear(w);
    int c = json_ws(j);
    if (c == '}') {
        j->r->p++;
        return true;
    }
    for (;;) {
        if (json_ws(j) != '"')
            return false;
        j->r->p++;
        amp_row_new_field(w);
        size_t f = w->nf - 1;
        w->koff[f] = w->len;
        if (!json_string(j))
            return false;
        w->kn[f] = w->len - w->koff[f];
        if (json_ws(j) != ':')
            return false;
        j->r->p++;
        w->off[f] = w->len;
        if (!json_value(j))
            return false;
        w->n[f] = w->len - w->off[f];
        c = json_ws(j);
        if (c < 0)
            return false;
        j->r->p++;
        if (c == '}')
            return true;
        if (c != ',')
            return false;
    }
}

static int json_column(int table, KeyCache *cache, size_t *ncache, const char *k, size_t n)
{
    for (size_t i = 0; i < *ncache; i++)
        if (cache[i].n == n && memcmp(cache[i].key, k, n) == 0)
            return cache[i].col;
    int col = amp_column_of(table, k, n);
    if (*ncache < 64) {
        cache[*ncache].key = amp_xmalloc(n + 1);
        memcpy(cache[*ncache].key, k, n);
        cache[*ncache].n = n;
        cache[*ncache].col = col;
        (*ncache)++;
    }
    return col;
}

static bool read_json(Ctx *x, int table, Reader *r)
{
    Row w = {0};
    Json j = {r, &w};
    Cell cells[MAX_COLS];
    KeyCache cache[64];
    size_t ncache = 0;
    bool ok = false;
    if (json_ws(&j) != '[')
        goto out;
    r->p++;
    if (json_ws(&j) == ']') {
        r->p++;
        ok = json_ws(&j) < 0;
        goto out;
    }
    for (;;) {
        if (json_ws(&j) != '{')
            goto out;
        long line = r->line;
        r->p++;
        if (!json_object(&j))
            goto out;
        for (int k = 0; k < NCOLS[table]; k++)
            cells[k] = (Cell){"", 0, K_TEXT, false};
        bool seen[MAX_COLS] = {false};
        for (size_t f = 0; f < w.nf; f++) {
            int col = json_column(table, cache, &ncache, w.buf + w.koff[f], w.kn[f]);
            if (col < 0 || seen[col])
                continue;
            seen[col] = true;
            set_cell(&cells[col], w.buf + w.off[f], w.n[f], w.kind[f]);
        }
        ROW_FN[table](x, cells, line, NULL);
        int c = json_ws(&j);
        if (c < 0)
            goto out;
        r->p++;
        if (c == ']')
            break;
        if (c != ',')
            goto out;
    }
    ok = json_ws(&j) < 0;
out:
    for (size_t i = 0; i < ncache; i++)
        free(cache[i].key);
    amp_row_free(&w);
    return ok || r->bad_utf8;
}

/* ---------- one table, restarted in Windows-1252 when the file is not valid UTF-8 ---------- */

static void reset_table(Ctx *x, int table, size_t nrej_before)
{
    x->nrej = nrej_before;
    x->count[table] = (Counts){0, 0, 0, 0};
    if (table == T_MARCHES) {
        for (size_t i = 0; i < x->nct; i++) {
            mpq_clears(x->ct[i].montant, x->ct[i].ht, NULL);
            if (x->ct[i].big)
                mpq_clears(x->ct[i].hours_q[0], x->ct[i].hours_q[1], NULL);
        }
        x->nct = 0;
        amp_map_free(&x->contracts);
    } else if (table == T_PARTICIPANTS) {
        amp_map_free(&x->participants);
        x->npt = 0;
    } else if (table == T_EMBAUCHES) {
        Ctx fresh = *x;
        amp_hires_free(&fresh);
        x->hire_owner = NULL;
        x->nhire_owner = x->caphire_owner = 0;
        memset(&x->hire_ids, 0, sizeof x->hire_ids);
        memset(x->nc_embauches, 0, sizeof x->nc_embauches);
        amp_hires_init(x);
    } else {
        memset(x->nc_heures, 0, sizeof x->nc_heures);
        for (size_t i = 0; i < x->npt; i++)
            x->pt[i].active = false;
        for (size_t i = 0; i < x->nct; i++) {
            Contract *k = &x->ct[i];
            k->hours[0] = k->hours[1] = 0;
            if (k->big) {
                mpq_clears(k->hours_q[0], k->hours_q[1], NULL);
                k->big = false;
            }
        }
    }
}

void amp_read_table(Ctx *x, int table)
{
    char csv[4096], json[4096];
    snprintf(csv, sizeof csv, "%s/%s.csv", x->dir, TABLE_NAME[table]);
    snprintf(json, sizeof json, "%s/%s.json", x->dir, TABLE_NAME[table]);
    struct stat st;
    bool has_csv = stat(csv, &st) == 0, has_json = stat(json, &st) == 0;
    if (has_csv && has_json)
        amp_die("both .csv and .json exist for table", TABLE_NAME[table]);
    if (!has_csv && !has_json && table == T_EMBAUCHES)
        return; /* no hires */
    if (!has_csv && !has_json)
        amp_die("missing table (neither .csv nor .json)", csv);
    x->has_hires |= table == T_EMBAUCHES;
    snprintf(x->file[table], sizeof x->file[table], "%s.%s", TABLE_NAME[table], has_csv ? "csv" : "json");
    size_t nrej_before = x->nrej;
    for (int attempt = 0; attempt < 2; attempt++) {
        Reader r;
        amp_rd_open(&r, has_csv ? csv : json, attempt == 1);
        bool ok = true;
        if (has_csv)
            read_csv(x, table, &r);
        else
            ok = read_json(x, table, &r);
        bool restart = r.bad_utf8;
        long line = r.line;
        amp_rd_close(&r);
        if (!restart) {
            if (!ok) {
                fprintf(stderr, "amp-ref: %s:%ld: malformed JSON (expected an array of flat objects)\n",
                        x->file[table], line);
                exit(2);
            }
            return;
        }
        reset_table(x, table, nrej_before);
    }
}
