/* runtime/table_json_scan.c: the JSON pre-scan that keeps numbers exact before jansson sees the text. */
#include "table_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"

/* ---- JSON: the pre-scan that keeps numbers exact ---------------------------------------- */

/*
** jansson turns every real into a double. Before it sees the text, each
** number token becomes a string holding a NUL marker, '#' and the number as
** written ("731.5" -> "\u0000#731.5"); a genuine string containing NUL gets
** "\u0000!" in front so that it can never pass for a number. The same walk
** records the line of each element of the top-level array and bounds the
** nesting depth. Run again with `map_to` set, it only translates an offset of
** the rewritten text back to the original, for jansson's error positions.
*/
static bool table_json_reserve(TableJsonScan *sc, size_t more)
{
    if (sc->out_len + more <= sc->out_cap)
        return true;
    size_t cap = sc->out_cap ? sc->out_cap : 4096;
    while (cap < sc->out_len + more) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *p = realloc(sc->out, cap);
    if (!p)
        return false;
    sc->out = p;
    sc->out_cap = cap;
    return true;
}

/* Bytes of our own, which all map back to the original offset `at`. */
static bool table_json_insert(TableJsonScan *sc, size_t at, const char *s, size_t len)
{
    if (sc->mapping) {
        if (!sc->found && sc->out_len + len > sc->map_to) {
            sc->found = true;
            sc->mapped = at;
        }
        sc->out_len += len;
        return true;
    }
    if (!table_json_reserve(sc, len))
        return false;
    memcpy(sc->out + sc->out_len, s, len);
    sc->out_len += len;
    return true;
}

/* Bytes of the original from offset `at`, copied as they are. */
static bool table_json_copy(TableJsonScan *sc, size_t at, size_t len)
{
    if (sc->mapping) {
        if (!sc->found && sc->out_len + len > sc->map_to) {
            sc->found = true;
            sc->mapped = at + (sc->map_to - sc->out_len);
        }
        sc->out_len += len;
        return true;
    }
    return table_json_insert(sc, at, sc->in + at, len);
}

static bool table_json_fail(TableJsonScan *sc, size_t at, Say msg)
{
    sc->err_at = at;
    sc->err = msg;
    return false;
}

static bool table_json_record_line(TableJsonScan *sc, long line)
{
    if (sc->mapping)
        return true;
    RT_GROW_ATOMIC(sc->lines, sc->nlines);
    sc->lines[sc->nlines++] = line;
    return true;
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool table_json_number_ok(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n)
        return false;
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    } else {
        return false;
    }
    if (i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    return i == n;
}

static bool table_json_number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* A string token from the opening quote at i; returns the offset after it. */
static bool table_json_string(TableJsonScan *sc, size_t i, size_t *next, long *line, bool *prev_cr)
{
    const char *s = sc->in;
    size_t j = i + 1;
    bool has_nul = false;
    while (j < sc->n && s[j] != '"') {
        if (s[j] == '\\') {
            if (j + 5 < sc->n && s[j + 1] == 'u' && memcmp(s + j + 2, "0000", 4) == 0)
                has_nul = true;
            j += j + 1 < sc->n ? 2 : 1;
            continue;
        }
        table_count_byte(line, prev_cr, (unsigned char)s[j]);
        j++;
    }
    if (j < sc->n)
        j++; /* closing quote; an unclosed string is left for jansson to report */
    *next = j;
    if (has_nul)
        return table_json_insert(sc, i, "\"\\u0000!", 8) && table_json_copy(sc, i + 1, j - i - 1);
    return table_json_copy(sc, i, j - i);
}

bool table_json_scan(TableJsonScan *sc)
{
    const char *s = sc->in;
    long line = 1;
    bool prev_cr = false, expect_elem = false, seen_value = false;
    int depth = 0;
    size_t i = 0;
    while (i < sc->n) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            table_count_byte(&line, &prev_cr, (unsigned char)c);
            if (!table_json_copy(sc, i, 1))
                return table_json_fail(sc, i, say("mémoire épuisée", "out of memory"));
            i++;
            continue;
        }
        prev_cr = false;
        if (depth == 1 && expect_elem && c != ']' && c != ',') {
            table_json_record_line(sc, line);
            expect_elem = false;
        }
        bool ok = true;
        if (c == '"') {
            size_t next;
            ok = table_json_string(sc, i, &next, &line, &prev_cr);
            i = next;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i;
            while (j < sc->n && table_json_number_char(s[j]))
                j++;
            if (!table_json_number_ok(s + i, j - i))
                return table_json_fail(sc, i, say(rt_sprintf("nombre JSON invalide « %.*s »", (int)(j - i), s + i),
                                           rt_sprintf("invalid JSON number \"%.*s\"", (int)(j - i), s + i)));
            ok = table_json_insert(sc, i, "\"\\u0000#", 8) && table_json_copy(sc, i, j - i) &&
                 table_json_insert(sc, j - 1, "\"", 1);
            i = j;
        } else {
            if (c == '[' || c == '{') {
                if (++depth > TABLE_MAX_JSON_DEPTH)
                    return table_json_fail(
                        sc, i, say(rt_sprintf("JSON trop imbriqué : plus de %d niveaux", TABLE_MAX_JSON_DEPTH),
                            rt_sprintf("JSON nested too deeply: more than %d levels", TABLE_MAX_JSON_DEPTH)));
                if (depth == 1 && c == '[' && !seen_value)
                    expect_elem = true;
                seen_value = true;
            } else if (c == ']' || c == '}') {
                if (depth > 0)
                    depth--;
            } else if (c == ',' && depth == 1) {
                expect_elem = true;
            }
            ok = table_json_copy(sc, i, 1);
            i++;
        }
        if (!ok)
            return table_json_fail(sc, i, say("mémoire épuisée", "out of memory"));
    }
    return true;
}
