/* runtime/table_csv.c: the CSV reader: libcsv callbacks, skipping rejected rows, feeding libcsv, the header. */
#include "table_impl.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "encoding.h"
#include "gc.h"
#include "pages.h"
#include "utf8.h"

/* Room before a chunk in r->raw, where the UTF-8 of a Windows-1252 chunk's
** first bytes is written when its other bytes are ASCII (table_csv_converted). */
enum { TABLE_CHUNK_ROOM = 4096, TABLE_RAW_BYTES = TABLE_CHUNK_ROOM + TABLE_CHUNK };

/* ---- CSV: libcsv callbacks ------------------------------------------------------ */

static void table_csv_field(void *data, size_t len, void *ctx)
{
    TableReader *r = ctx;
    const char *s = data ? data : "";
    if (r->row_line == 0)
        r->row_line = r->seg_line;
    long index = r->nfields++;
    if (!table_cell_fits(r, index, len))
        return;
    if (say_is_set(r->row_err) || r->nstored >= r->store_cap)
        return;
    if (r->verify_fields && utf8_invalid_at(s, len) != len) {
        /* Only when the file changed between the two passes. */
        table_row_error(r, say("texte non UTF-8 (le fichier a-t-il changé pendant la lecture ?)",
                            "non-UTF-8 text (did the file change while being read?)"));
        return;
    }
    table_store(r, r->nstored++, s, len);
}

static void table_csv_row(int c, void *ctx)
{
    TableReader *r = ctx;
    r->row_ready = true;
}

/* Forgets libcsv's partial row, keeping its buffer (what csv_fini does last). */
static void table_csv_reset(TableReader *r)
{
    r->csv.pstate = TABLE_LIBCSV_ROW_NOT_BEGUN;
    r->csv.quoted = 0;
    r->csv.spaces = 0;
    r->csv.entry_pos = 0;
    r->csv.status = 0;
}

void table_csv_release(TableReader *r)
{
    if (r->fp) {
        fclose(r->fp);
        r->fp = NULL;
    }
    if (r->csv_live) {
        csv_free(&r->csv);
        r->csv_live = false;
    }
    encoding_close(r->conv);
    r->conv = NULL;
    pages_unmap(r->raw, r->raw_bytes);
    free(r->converted);
    r->raw = r->converted = NULL;
    r->converted_cap = 0;
    r->buf = NULL;
    r->pos = r->len = 0;
}

/* ---- CSV: skipping a rejected row -------------------------------------------------- */

static void table_csv_begin_skip(TableReader *r, TableSkip from)
{
    r->skipping = true;
    r->skip = from;
    table_csv_reset(r);
}

static void table_csv_skip_from_libcsv(TableReader *r)
{
    TableSkip from;
    switch (r->csv.pstate) {
    case TABLE_LIBCSV_FIELD_BEGUN:
        from = r->csv.quoted ? TABLE_SKIP_QUOTED : TABLE_SKIP_UNQUOTED;
        break;
    case TABLE_LIBCSV_FIELD_MIGHT_HAVE_ENDED:
        from = TABLE_SKIP_QUOTE_SEEN;
        break;
    case TABLE_LIBCSV_FIELD_NOT_BEGUN:
        from = TABLE_SKIP_FIELD_START;
        break;
    default:
        table_csv_reset(r);
        r->row_ready = true;
        return;
    }
    table_csv_begin_skip(r, from);
}

static void table_nul_byte(TableReader *r)
{
    table_fatal(r, "C0804", r->line,
                say(rt_sprintf("octet nul ligne %ld : ce n'est pas un fichier texte (ou il est en UTF-16)", r->line),
                    rt_sprintf("NUL byte on line %ld: not a text file (or it is UTF-16)", r->line)));
}

/* Walks to the end of the row with the same quoting rules as libcsv, without
** keeping any byte: a 100 MB line costs time, not memory. */
static void table_csv_skip(TableReader *r)
{
    const unsigned char *s = (const unsigned char *)r->buf;
    unsigned char sep = (unsigned char)r->info.separator;
    TableSkip st = r->skip;
    for (size_t i = r->pos; i < r->len; i++) {
        unsigned char c = s[i];
        if (c == 0) {
            r->pos = i;
            table_nul_byte(r);
            return;
        }
        table_count_byte(&r->line, &r->prev_cr, c);
        if ((c == '\r' || c == '\n') && st != TABLE_SKIP_QUOTED) {
            r->pos = i + 1;
            r->skipping = false;
            r->row_ready = true;
            return;
        }
        switch (st) {
        case TABLE_SKIP_FIELD_START:
            if (c == '"')
                st = TABLE_SKIP_QUOTED;
            else if (c != sep && c != ' ' && c != '\t')
                st = TABLE_SKIP_UNQUOTED;
            break;
        case TABLE_SKIP_UNQUOTED:
            if (c == sep)
                st = TABLE_SKIP_FIELD_START;
            break;
        case TABLE_SKIP_QUOTED:
            if (c == '"')
                st = TABLE_SKIP_QUOTE_SEEN;
            break;
        case TABLE_SKIP_QUOTE_SEEN:
            st = c == '"' ? TABLE_SKIP_QUOTED : c == sep ? TABLE_SKIP_FIELD_START : TABLE_SKIP_UNQUOTED;
            break;
        }
    }
    r->skip = st;
    r->pos = r->len;
}

/* ---- CSV: feeding libcsv one physical line (or TABLE_SEGMENT bytes) at a time ---- */

static void table_csv_check_limits(TableReader *r)
{
    long index = r->nfields;
    if (r->csv.entry_pos > TABLE_MAX_FIELD_BYTES)
        table_field_too_long(r, index);
    else if (r->row_bytes + r->csv.entry_pos > TABLE_MAX_ROW_BYTES)
        table_row_too_long(r);
}

static void table_csv_stray_quote(TableReader *r, size_t used)
{
    long line = r->seg_line;
    table_row_error(
        r,
        say(rt_sprintf("guillemet mal placé ligne %ld : un champ qui contient des guillemets doit être entre "
                   "guillemets, et ses guillemets doublés (\"\")",
                   line),
            rt_sprintf("misplaced quote on line %ld: a field containing quotes must be quoted, with its quotes "
                       "doubled (\"\")",
                       line)));
    if (r->row_line == 0)
        r->row_line = line;
    /* libcsv stopped on the offending byte, never a line end: read the rest
    ** of the field as plain text, as lenient readers do. */
    r->prev_cr = false;
    r->pos += used + 1;
    table_csv_begin_skip(r, TABLE_SKIP_UNQUOTED);
}

static void table_csv_feed_segment(TableReader *r)
{
    const char *s = r->buf + r->pos;
    size_t n = r->len - r->pos, k = 0;
    if (n > TABLE_SEGMENT)
        n = TABLE_SEGMENT;
    bool ends_line = false;
    while (k < n) {
        unsigned char c = (unsigned char)s[k];
        if (c == '\n' || c == '\r') {
            k++;
            ends_line = true;
            break;
        }
        if (c == 0) {
            r->pos += k;
            table_nul_byte(r);
            return;
        }
        k++;
    }
    r->seg_line = r->line;
    size_t used = csv_parse(&r->csv, s, k, table_csv_field, table_csv_row, r);
    if (used < k) {
        if (csv_error(&r->csv) == CSV_EPARSE) {
            table_csv_stray_quote(r, used);
        } else {
            table_fatal(r, "C0808", r->seg_line, say("mémoire épuisée pendant la lecture", "out of memory while reading"));
        }
        return;
    }
    if (k > (ends_line ? 1u : 0u))
        r->prev_cr = false;
    if (ends_line)
        table_count_byte(&r->line, &r->prev_cr, (unsigned char)s[k - 1]);
    r->pos += k;
    if (r->row_ready)
        return;
    if (r->row_line == 0 && r->csv.pstate != TABLE_LIBCSV_ROW_NOT_BEGUN)
        r->row_line = r->seg_line;
    table_csv_check_limits(r);
    if (r->want_skip)
        table_csv_skip_from_libcsv(r);
}

/* The bytes of a file that is not Windows-1252 are parsed as they are: a
** chunk whose every sequence is whole and valid is "clean", and its fields
** need no further check. A field lies in at most two chunks (it is shorter
** than one), so fields are checked one by one only near a chunk that is not
** clean: one cut a sequence, or (TABLE_ENC_UTF8) the file changed since the
** look-ahead found it valid. */
static void table_csv_mark_clean(TableReader *r, bool clean)
{
    bool previous_clean = r->chunk_clean;
    r->chunk_clean = clean;
    r->verify_fields = !clean || !previous_clean;
}

static void table_csv_nul_fatal(TableReader *r, long offset)
{
    long line = encoding_line_at(r->fp, r->raw, TABLE_CHUNK, offset);
    table_fatal(r, "C0804", line,
                say(rt_sprintf("octet nul ligne %ld : ce n'est pas un fichier texte (ou il est en UTF-16)", line),
                    rt_sprintf("NUL byte on line %ld: not a text file (or it is UTF-16)", line)));
}

/* A file marked UTF-8 by its BOM holds an invalid byte at `offset`. A NUL
** byte anywhere after it says more (the file is not text at all), as it
** did when the whole file was checked before parsing. */
static void table_csv_bom_invalid(TableReader *r, long chunk_offset, long offset)
{
    long nul = encoding_nul_from(fileno(r->fp), chunk_offset, r->raw, TABLE_CHUNK);
    if (nul >= 0) {
        table_csv_nul_fatal(r, nul);
        return;
    }
    long line = encoding_line_at(r->fp, r->raw, TABLE_CHUNK, offset);
    table_fatal(r, "C0804", line,
                say(rt_sprintf("fichier marqué UTF-8 (BOM) mais octet non UTF-8 ligne %ld : encodages mélangés ?", line),
                    rt_sprintf("file marked UTF-8 (BOM) but a non-UTF-8 byte on line %ld: mixed encodings?", line)));
}

static bool table_csv_start_cp1252(TableReader *r)
{
    r->enc = TABLE_ENC_CP1252;
    r->conv = encoding_cp1252_open();
    if (!r->conv) {
        table_fatal(r, "C0804", 0, say("fichier en Windows-1252, mais la conversion iconv est indisponible",
                        "Windows-1252 file, but iconv cannot convert it"));
        return false;
    }
    r->converted = malloc((size_t)TABLE_CHUNK * ENCODING_CP1252_GROWTH);
    if (!r->converted) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    r->info.encoding = encoding_name(ENCODING_CP1252);
    r->info.note = say("fichier lu en Windows-1252 (converti en UTF-8)",
                       "file read as Windows-1252 (converted to UTF-8)");
    return true;
}

/* A file without BOM met its first byte above 0x7F at file offset `from`,
** held[0..nheld) being the bytes from there to the end of the chunk read:
** the rest of the file, looked at once, decides between UTF-8 and
** Windows-1252, before any of it is parsed. The chunk's bytes are checked
** where they lie and only the file after them is read again, through a
** buffer small enough for malloc's arena: reading from `from` through a
** fresh 256 KiB mapping cost 64 page faults a file and copied the chunk
** a second time (medium's participants: 117 faults, 1 MB copied). */
static bool table_csv_look_ahead(TableReader *r, const char *held, size_t nheld, long from)
{
    enum { LOOK_AHEAD_BUFFER = 64 * 1024 };
    char *buf = malloc(LOOK_AHEAD_BUFFER);
    if (!buf) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    bool valid;
    bool read = encoding_utf8_rest(fileno(r->fp), held, nheld, from, buf, LOOK_AHEAD_BUFFER, &valid);
    int e = errno;
    free(buf);
    if (!read) {
        table_fatal(r, "C0802", r->line, table_strerror(e));
        return false;
    }
    if (valid) {
        r->enc = TABLE_ENC_UTF8;
        return true;
    }
    return table_csv_start_cp1252(r);
}

/* Decides what a raw chunk p[0..n) (at file offset `at`) is, as the one read goes. */
bool table_csv_decide(TableReader *r, const char *p, size_t n, long at)
{
    /* A NUL byte says the file is not text, whatever its encoding; said
    ** before any row of its chunk, at its line. */
    const char *nul = memchr(p, '\0', n);
    if (nul) {
        table_csv_nul_fatal(r, at + (long)(nul - p));
        return false;
    }
    if (r->enc == TABLE_ENC_ASCII) {
        size_t i = encoding_ascii_prefix(p, n);
        if (i == n) {
            table_csv_mark_clean(r, true);
            return true;
        }
        if (!table_csv_look_ahead(r, p + i, n - i, at + (long)i))
            return false;
    }
    switch (r->enc) {
    case TABLE_ENC_BOM: {
        size_t bad = encoding_utf8_stream(&r->utf8, p, n);
        if (bad != n) {
            table_csv_bom_invalid(r, at, at + (long)bad);
            return false;
        }
        table_csv_mark_clean(r, r->utf8.npending == 0);
        return true;
    }
    case TABLE_ENC_UTF8: {
        bool invalid;
        table_csv_mark_clean(r, encoding_utf8_prefix(p, n, &invalid) == n);
        return true;
    }
    default:
        table_csv_mark_clean(r, true);
        return true;
    }
}

/* The encoding's BOM, on the first chunk: a UTF-8 one is skipped, UTF-16
** and UTF-32 are refused. */
static bool table_csv_bom(TableReader *r, char **p, size_t *got, long *at)
{
    const char *unsupported;
    size_t bom = encoding_bom((const unsigned char *)*p, *got, &unsupported);
    if (unsupported) {
        table_fatal(r, "C0804", 0,
                    say(rt_sprintf("fichier en %s (marque BOM) : enregistrez-le en UTF-8 ou en CSV Windows", unsupported),
                        rt_sprintf("%s file (BOM): save it as UTF-8 or Windows CSV", unsupported)));
        return false;
    }
    if (bom) {
        r->enc = TABLE_ENC_BOM;
        r->info.encoding = encoding_name(ENCODING_UTF8_BOM);
    }
    *p += bom;
    *got -= bom;
    *at += (long)bom;
    return true;
}

void table_csv_decide_end(TableReader *r, long end)
{
    table_csv_bom_invalid(r, end, end - (long)r->utf8.npending);
}

/* The bytes of a Windows-1252 chunk p[0..*n) as UTF-8, and their length.
** The bytes after its last one above 0x7F are the same in both: when those
** before it are few (the header's accents, in most exports), they alone are
** converted, into the room before the chunk, where the rest follows them as
** it lies. Converting the whole chunk wrote a MiB of fresh memory, each page
** cleared by the kernel at its first touch, for every table (the hour table's
** and the participants' in the bench's Windows-1252 data: some 460 faults). */
static char *table_csv_converted(TableReader *r, char *p, size_t *n)
{
    size_t front = *n - encoding_ascii_suffix(p, *n);
    if (front * (ENCODING_CP1252_GROWTH - 1) <= TABLE_CHUNK_ROOM) {
        size_t len = encoding_cp1252_convert(r->conv, p, front, r->converted);
        memcpy(p + front - len, r->converted, len);
        *n += len - front;
        return p + front - len;
    }
    *n = encoding_cp1252_convert(r->conv, p, *n, r->converted);
    return r->converted;
}

static bool table_csv_read_chunk(TableReader *r)
{
    size_t got = fread(r->raw + TABLE_CHUNK_ROOM, 1, TABLE_CHUNK, r->fp);
    if (got == 0) {
        int e = errno;
        if (ferror(r->fp))
            table_fatal(r, "C0802", r->line, table_strerror(e));
        else if (r->enc == TABLE_ENC_BOM && r->utf8.npending)
            table_csv_decide_end(r, r->raw_offset);
        return false;
    }
    char *p = r->raw + TABLE_CHUNK_ROOM;
    long at = r->raw_offset;
    r->raw_offset += (long)got;
    if (r->first_chunk) {
        r->first_chunk = false;
        if (!table_csv_bom(r, &p, &got, &at))
            return false;
    }
    if (!table_csv_decide(r, p, got, at))
        return false;
    /* A chunk of ASCII bytes only is the same in Windows-1252 and UTF-8: parsed where it lies. */
    if (r->conv && encoding_ascii_prefix(p, got) != got)
        p = table_csv_converted(r, p, &got);
    r->len = got;
    r->buf = p;
    r->pos = 0;
    return true;
}

static void table_csv_finish(TableReader *r)
{
    r->input_done = true;
    if (r->skipping) {
        /* The file ended inside the rejected row. */
        r->skipping = false;
        r->row_ready = true;
    } else if (csv_fini(&r->csv, table_csv_field, table_csv_row, r) != 0) {
        long line = r->row_line ? r->row_line : r->line;
        table_fatal(r, "C0807", line,
                    say(rt_sprintf("guillemet jamais fermé : le champ ouvert dans la ligne %ld court jusqu'à la fin "
                               "du fichier",
                               line),
                        rt_sprintf("unclosed quote: the field opened in the row of line %ld runs to the end of the file",
                                   line)));
    }
    table_csv_release(r);
}

/* Runs the parser until one row is complete; false at the end or on a fatal error. */
static bool table_csv_pump(TableReader *r)
{
    if (r->mid_row)
        r->mid_row = false;
    else
        table_row_reset(r);
    while (!r->row_ready) {
        if (say_is_set(r->fatal.msg))
            return false;
        if (r->pos >= r->len) {
            if (r->input_done)
                return false;
            if (r->part && !r->part_last) {
                /* The slice is read: the next one is fed, or another reader starts it. */
                r->part_wants = true;
                r->mid_row = true;
                return false;
            }
            if (r->part)
                table_csv_finish(r);
            else if (!table_csv_read_chunk(r) && !say_is_set(r->fatal.msg))
                table_csv_finish(r);
            continue;
        }
        if (r->skipping)
            table_csv_skip(r);
        else if (!(r->fast_rows && r->chunk_clean && r->nfields == 0 && r->csv.pstate == TABLE_LIBCSV_ROW_NOT_BEGUN
                   && table_csv_fast_plain_row(r)))
            table_csv_feed_segment(r);
    }
    return !say_is_set(r->fatal.msg);
}

/* ---- CSV: opening ---------------------------------------------------------------- */

/* The separators of the first line with a value of s[0..n) (outside quotes);
** false when that line does not end within s[0..n). */
typedef struct TableCsvSeparators {
    long semicolons, commas, tabs;
} TableCsvSeparators;

static bool table_csv_count_separators(const char *s, size_t n, TableCsvSeparators *k)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\r' || s[i] == '\n'))
        i++;
    *k = (TableCsvSeparators){ 0 };
    bool quoted = false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\r' || c == '\n')
            return true;
        else if (c == ';')
            k->semicolons++;
        else if (c == ',')
            k->commas++;
        else if (c == '\t')
            k->tabs++;
    }
    return false;
}

/* The separator is whichever of ';', ',' and TAB the header line (outside
** quotes) uses most, ';' on ties: a French export with one ',' inside a
** column name still has more ';'. false when the header line does not end
** within s[0..n) and more data follows. */
static bool table_csv_separator(const char *s, size_t n, bool whole_file, char *sep)
{
    TableCsvSeparators k;
    if (!table_csv_count_separators(s, n, &k) && !whole_file)
        return false;
    *sep = ';';
    if (k.commas > k.semicolons && k.commas >= k.tabs)
        *sep = ',';
    else if (k.tabs > k.semicolons && k.tabs > k.commas)
        *sep = '\t';
    return true;
}

/* Where the header is guessed to start when n lines with a value are passed
** above it (table_header_candidates): its separator is guessed there. */
static size_t table_csv_after_lines(const char *s, size_t len, int n)
{
    size_t i = 0;
    for (int k = 0; k < n && i < len; k++) {
        while (i < len && (s[i] == ' ' || s[i] == '\r' || s[i] == '\n'))
            i++;
        while (i < len && s[i] != '\n')
            i++;
    }
    return i;
}

/* Of the lines with a value after the first, up to the n-th, the one with the
** most separators: a header kept by table_header_candidates is likeliest
** there, so its separator is guessed there. */
static size_t table_csv_widest_line(const char *s, size_t len, int n)
{
    size_t best = table_csv_after_lines(s, len, 1);
    long most = -1;
    for (int k = 1; k < n; k++) {
        size_t from = table_csv_after_lines(s, len, k);
        TableCsvSeparators c;
        table_csv_count_separators(s + from, len - from, &c);
        if (c.semicolons + c.commas + c.tabs > most) {
            most = c.semicolons + c.commas + c.tabs;
            best = from;
        }
    }
    return best;
}

static bool table_csv_header(TableReader *r)
{
    for (int k = 0; k < r->header_skip; k++) {
        if (!table_csv_pump(r))
            break;
        table_keep_above(r, r->row_line, (int)r->nfields);
    }
    if (!table_csv_pump(r)) {
        if (!say_is_set(r->fatal.msg))
            table_fatal(r, "C0805", 0, say("fichier vide : pas de ligne d'en-tête", "empty file: no header line"));
        return false;
    }
    if (say_is_set(r->row_err)) {
        table_fatal(r, "C0805", r->row_line, SAYF(("en-tête illisible : %s", r->row_err.fr),
                                                  ("unreadable header: %s", r->row_err.en)));
        return false;
    }
    if (r->nfields > TABLE_MAX_COLUMNS) {
        table_fatal(r, "C0808", r->row_line,
                    say(rt_sprintf("en-tête de %ld colonnes : au plus %d", r->nfields, TABLE_MAX_COLUMNS),
                        rt_sprintf("header with %ld columns: at most %d", r->nfields, TABLE_MAX_COLUMNS)));
        return false;
    }
    int ncols = (int)r->nfields;
    const char **columns = RT_NEW_ARRAY(const char *, ncols + 1);
    for (int i = 0; i < ncols; i++)
        columns[i] = r->cell_off[i] != TABLE_ABSENT
                         ? rt_strndup(r->text + r->cell_off[i], r->cell_len[i])
                         : "";
    r->info.columns = columns;
    r->info.ncols = ncols;
    return true;
}

/*
** The chunk buffer, not the collector's: it holds no pointers, and freed at
** the end it keeps the no-GC (fuzzing) build from growing by megabytes per
** file. Fresh small pages are dear on the bench's virtual machine: read()'s
** copy into each costs a fault (10 to 16 us) and, even once the page is
** mapped, the hypervisor's first write from the kernel's side (about 5 us).
** A file that fills half the chunk or more is read into a 2 MiB page of its
** own (the "madvise" mode of transparent huge pages): one fault and one
** clearing for the whole chunk, 0.2 ms a MiB read against 3.3 (medium's
** participants and hour table: some 510 faults, the first read beside the
** check while the main thread waits for it), for at most 1.5 MiB more of
** peak memory a file. A smaller file's pages that the first read fills are
** made resident by one call (about half their faults' time), the others
** left unmapped, so that its peak does not grow.
*/
static char *table_csv_raw_new(FILE *fp, size_t *bytes)
{
    enum { HUGE_PAGE = 2 << 20 };
    struct stat st;
    size_t first = fstat(fileno(fp), &st) == 0 && st.st_size > 0
                       ? (st.st_size < TABLE_CHUNK ? (size_t)st.st_size : TABLE_CHUNK) : 0;
    if (first >= TABLE_CHUNK / 2) {
        char *raw = pages_map(HUGE_PAGE, true);
        if (raw) {
            *bytes = HUGE_PAGE;
            return raw;
        }
    }
    char *raw = pages_map(TABLE_RAW_BYTES, false);
    *bytes = TABLE_RAW_BYTES;
    if (raw)
        pages_make_resident(raw + TABLE_CHUNK_ROOM, first);
    return raw;
}

bool table_csv_open(TableReader *r)
{
    r->fp = table_fopen_regular(r);
    if (!r->fp)
        return false;
    r->raw = table_csv_raw_new(r->fp, &r->raw_bytes);
    if (!r->raw) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_realloc_func(&r->csv, realloc);
    csv_set_free_func(&r->csv, free);
    csv_set_blk_size(&r->csv, 4096);
    r->csv_live = true;
    r->first_chunk = true;
    if (!table_csv_read_chunk(r)) {
        if (!say_is_set(r->fatal.msg))
            table_fatal(r, "C0805", 0, say("fichier vide : pas de ligne d'en-tête", "empty file: no header line"));
        return false;
    }
    int peek = getc(r->fp);
    bool whole_file = peek == EOF;
    if (!whole_file)
        ungetc(peek, r->fp);
    size_t from = r->kept ? table_csv_widest_line(r->buf, r->len, r->header_skip)
                          : table_csv_after_lines(r->buf, r->len, r->header_skip);
    if (!table_csv_separator(r->buf + from, r->len - from, whole_file, &r->info.separator)) {
        table_fatal(r, "C0808", 1, say("pas de fin de ligne d'en-tête dans le premier Mio du fichier (ligne trop longue ?)",
                        "no end of the header line in the first MiB of the file (line too long?)"));
        return false;
    }
    csv_set_delim(&r->csv, (unsigned char)r->info.separator);
    table_set_store_cap(r, TABLE_MAX_COLUMNS + 1); /* header cells are read, never output */
    if (!table_csv_header(r))
        return false;
    long header_line = r->row_line;
    table_set_store_cap(r, r->info.ncols);
    table_csv_fast_byte_classes(r);
    return table_make_keys(r, header_line);
}

void table_csv_check_width(TableReader *r)
{
    if (r->nfields > r->info.ncols)
        table_row_error(r,
                        say(rt_sprintf("%ld champs au lieu de %d (en-tête)", r->nfields, r->info.ncols),
                            rt_sprintf("%ld fields instead of %d (header)", r->nfields, r->info.ncols)));
}

bool table_csv_next(TableReader *r, TableRow *row)
{
    if (!table_csv_pump(r))
        return false;
    table_csv_check_width(r);
    table_row_output(r, row);
    return true;
}
