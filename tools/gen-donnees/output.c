/* tools/gen-donnees/output.c: the table writers (CSV in every dialect, Windows-1252, JSON) and the formatting of one value per output format. */
#include "gen-donnees.h"

/* ====================================================================== */
/* Formats and output                                                     */
/* ====================================================================== */

void gen_die(const char *msg, const char *arg)
{
    fprintf(stderr, "gen-donnees: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

void *gen_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        gen_die("out of memory", NULL);
    return p;
}

static void line_put(Out *o, const char *s, size_t n)
{
    if (o->len + n + 4 > o->cap) {
        while (o->len + n + 4 > o->cap)
            o->cap = o->cap ? o->cap * 2 : 4096;
        o->line = realloc(o->line, o->cap);
        o->enc = realloc(o->enc, o->cap);
        if (!o->line || !o->enc)
            gen_die("out of memory", NULL);
    }
    memcpy(o->line + o->len, s, n);
    o->len += n;
}

static void line_puts(Out *o, const char *s)
{
    line_put(o, s, strlen(s));
}

static const uint16_t CP1252_HIGH[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
    0x017E, 0x0178};

/* UTF-8 → Windows-1252; every character the generator writes has a code there. */
static size_t to_cp1252(const char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)in[i];
        unsigned cp;
        if (c < 0x80) {
            cp = c;
            i += 1;
        } else if ((c & 0xE0) == 0xC0) {
            cp = ((c & 0x1Fu) << 6) | ((unsigned char)in[i + 1] & 0x3Fu);
            i += 2;
        } else {
            cp = ((c & 0x0Fu) << 12) | (((unsigned char)in[i + 1] & 0x3Fu) << 6) | ((unsigned char)in[i + 2] & 0x3Fu);
            i += 3;
        }
        int b = -1;
        if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
            b = (int)cp;
        else
            for (int k = 0; k < 32; k++)
                if (CP1252_HIGH[k] == cp)
                    b = 0x80 + k;
        if (b < 0)
            gen_die("internal error: character not in Windows-1252", NULL);
        out[o++] = (char)b;
    }
    return o;
}

static void line_flush(Out *o)
{
    if (o->fmt == FMT_CSV_1252) {
        size_t n = to_cp1252(o->line, o->len, o->enc);
        fwrite(o->enc, 1, n, o->f);
    } else {
        fwrite(o->line, 1, o->len, o->f);
    }
    o->len = 0;
}

bool gen_is_french(int fmt)
{
    return fmt == FMT_CSV_FR || fmt == FMT_CSV_1252;
}

static char separator(int fmt)
{
    return gen_is_french(fmt) ? ';' : ',';
}

static const char *eol(int fmt)
{
    return gen_is_french(fmt) ? "\r\n" : "\n";
}

static void csv_field(Out *o, const char *s)
{
    char sep = separator(o->fmt);
    if (!strchr(s, sep) && !strchr(s, '"') && !strchr(s, '\n') && !strchr(s, '\r')) {
        line_puts(o, s);
        return;
    }
    line_put(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            line_put(o, "\"", 1);
        line_put(o, p, 1);
    }
    line_put(o, "\"", 1);
}

static void json_string(Out *o, const char *s)
{
    line_put(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            line_put(o, "\\", 1);
            line_put(o, p, 1);
        } else if (*p == '\n') {
            line_put(o, "\\n", 2);
        } else {
            line_put(o, p, 1);
        }
    }
    line_put(o, "\"", 1);
}

void gen_out_open(Out *o, const char *dir, int table, int fmt)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, TABLE_FILE[table], fmt == FMT_JSON ? "json" : "csv");
    memset(o, 0, sizeof *o);
    o->f = fopen(path, "wb");
    if (!o->f)
        gen_die(strerror(errno), path);
    setvbuf(o->f, NULL, _IOFBF, 1 << 20);
    o->fmt = fmt;
    o->table = table;
    if (fmt == FMT_JSON) {
        line_puts(o, "[");
    } else {
        if (fmt == FMT_CSV_FR)
            line_puts(o, "\xEF\xBB\xBF");
        for (int c = 0; c < NCOLS[table]; c++) {
            if (c)
                line_put(o, &(char){separator(fmt)}, 1);
            csv_field(o, gen_is_french(fmt) ? HEADERS_FR[table][c] : KEYS[table][c]);
        }
        line_puts(o, eol(fmt));
    }
    line_flush(o);
}

void gen_out_row(Out *o, const Val *v)
{
    if (o->fmt == FMT_JSON) {
        line_puts(o, o->rows ? ",\n{" : "\n{");
        bool first = true;
        for (int c = 0; c < NCOLS[o->table]; c++) {
            if (v[c].kind == V_OMIT)
                continue;
            if (!first)
                line_puts(o, ", ");
            first = false;
            json_string(o, KEYS[o->table][c]);
            line_puts(o, ": ");
            if (v[c].kind == V_STR)
                json_string(o, v[c].s);
            else if (v[c].kind == V_NULL)
                line_puts(o, "null");
            else
                line_puts(o, v[c].s);
        }
        line_puts(o, "}");
    } else {
        for (int c = 0; c < NCOLS[o->table]; c++) {
            if (c)
                line_put(o, &(char){separator(o->fmt)}, 1);
            if (v[c].kind != V_NULL && v[c].kind != V_OMIT)
                csv_field(o, v[c].s);
        }
        line_puts(o, eol(o->fmt));
    }
    o->rows++;
    line_flush(o);
}

/* Blank lines are not rows; JSON has no such thing. */
void gen_out_blank(Out *o)
{
    if (o->fmt == FMT_JSON)
        return;
    line_puts(o, eol(o->fmt));
    line_flush(o);
}

void gen_out_close(Out *o)
{
    if (o->fmt == FMT_JSON) {
        line_puts(o, o->rows ? "\n]\n" : "]\n");
        line_flush(o);
    }
    if (fclose(o->f) != 0)
        gen_die("cannot write", TABLE_FILE[o->table]);
    free(o->line);
    free(o->enc);
}

/* ---------- value formatting ---------- */

void gen_val_text(Val *v, const char *s)
{
    v->kind = V_STR;
    snprintf(v->s, sizeof v->s, "%s", s);
}

void gen_val_null(Val *v)
{
    v->kind = V_NULL;
    v->s[0] = '\0';
}

void gen_val_date(Val *v, int fmt, Date t)
{
    v->kind = V_STR;
    if (gen_is_french(fmt))
        snprintf(v->s, sizeof v->s, "%02d/%02d/%04d", t.d, t.m, t.y);
    else
        snprintf(v->s, sizeof v->s, "%04d-%02d-%02d", t.y, t.m, t.d);
}

void gen_val_month(Val *v, int fmt, long month)
{
    int y = (int)(month / 12), m = (int)(month % 12) + 1;
    v->kind = V_STR;
    if (gen_is_french(fmt))
        snprintf(v->s, sizeof v->s, "%02d/%04d", m, y);
    else
        snprintf(v->s, sizeof v->s, "%04d-%02d", y, m);
}

/* Integer part with thousands groups separated by `group` (NULL: none). */
static size_t put_grouped(char *out, uint64_t v, const char *group)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0, gl = group ? strlen(group) : 0;
    for (int i = 0; i < n; i++) {
        if (group && i > 0 && (n - i) % 3 == 0) {
            memcpy(out + o, group, gl);
            o += gl;
        }
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return o;
}

/* A value in hundredths (cents or hundredths of an hour), as this format writes it.
 * French styles: `group` between thousands, `keep_zero_cents` writes ",00", `suffix` appended. */
void gen_val_hundredths(Val *v, int fmt, int64_t x, const char *group, bool keep_zero_cents, const char *suffix)
{
    bool neg = x < 0;
    uint64_t a = (uint64_t)(neg ? -x : x), ip = a / 100, fp = a % 100;
    char *o = v->s;
    if (neg)
        *o++ = '-';
    bool fr = gen_is_french(fmt);
    o += put_grouped(o, ip, fr ? group : NULL);
    char mark = fr ? ',' : '.';
    if (fp != 0 && (fr && keep_zero_cents))
        o += sprintf(o, "%c%02u", mark, (unsigned)fp);
    else if (fp != 0 && fp % 10 == 0)
        o += sprintf(o, "%c%u", mark, (unsigned)(fp / 10));
    else if (fp != 0)
        o += sprintf(o, "%c%02u", mark, (unsigned)fp);
    else if (fr && keep_zero_cents)
        o += sprintf(o, "%c00", mark);
    if (fr && suffix)
        o += sprintf(o, "%s", suffix);
    *o = '\0';
    v->kind = fmt == FMT_JSON ? V_NUM : V_STR;
}

/* Each boolean column has its own French spelling, as different exports write them. */
void gen_val_bool(Val *v, int fmt, int col, bool b)
{
    static const char *const FR[5][2] = {{"non", "oui"}, {"N", "O"}, {"faux", "vrai"}, {"0", "1"}, {"Non", "Oui"}};
    if (fmt == FMT_JSON) {
        v->kind = V_BOOL;
        snprintf(v->s, sizeof v->s, "%s", b ? "true" : "false");
    } else {
        v->kind = V_STR;
        snprintf(v->s, sizeof v->s, "%s", gen_is_french(fmt) ? FR[col][b] : (b ? "true" : "false"));
    }
}

void gen_val_int(Val *v, int fmt, long x)
{
    v->kind = fmt == FMT_JSON ? V_NUM : V_STR;
    snprintf(v->s, sizeof v->s, "%ld", x);
}
