/* runtime/table_zip.c: what both workbook readers share: the zip container, expat with no DTD and counted inflation, a sheet's rows. */
#include "table_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gmp.h>

#include "date.h"
#include "headers.h"
#include "path.h"
#include "gc.h"
#include "utf8.h"
#include "zip_errors.h"

/* ---- the container -------------------------------------------------------------- */

/* The first bytes of the file say what it is when it is not a zip. */
static Say table_zip_not_zip(const unsigned char *head, size_t n, const char **code)
{
    static const unsigned char cfb[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
    if (n >= 8 && memcmp(head, cfb, 8) == 0) {
        /* An encrypted OOXML workbook is a Compound File holding the encrypted
        ** package; so is an old .xls: neither can be read. */
        *code = "C0831";
        return say("classeur protégé par un mot de passe (ou au format .xls d'avant 2007) : enregistrez-le sans mot "
                   "de passe, au format .xlsx ou .ods",
                   "workbook protected by a password (or in the pre-2007 .xls format): save it without a password, "
                   "as .xlsx or .ods");
    }
    *code = "C0830";
    if (n == 0)
        /* Nothing to say "not a zip" of: a copy or a download cut short, or a file made empty. */
        return say("fichier vide (0 octet) : ce n'est pas un classeur .xlsx ou .ods",
                   "empty file (0 bytes): not an .xlsx or .ods workbook");
    bool text = true;
    for (size_t i = 0; i < n; i++)
        if (head[i] < 0x09 || (head[i] > 0x0D && head[i] < 0x20))
            text = false;
    if (text)
        return say("ce fichier n'est pas un classeur mais du texte (un CSV renommé ?) : donnez-lui l'extension .csv",
                   "this file is not a workbook but text (a renamed CSV?): give it the .csv extension");
    return say("ce fichier n'est pas un classeur .xlsx ou .ods (ce n'est pas une archive zip)",
               "this file is not an .xlsx or .ods workbook (it is not a zip archive)");
}

bool table_zip_open(TableReader *r, TableSheet *s)
{
    FILE *fp = table_fopen_regular(r);
    if (!fp)
        return false;
    unsigned char head[512];
    size_t n = fread(head, 1, sizeof head, fp);
    if (n < sizeof head && ferror(fp)) {
        /* A read that failed is no file of another kind (C0830). */
        table_fatal(r, "C0802", 0, table_strerror(errno));
        fclose(fp);
        return false;
    }
    int fd = dup(fileno(fp));
    fclose(fp);
    if (fd < 0 || fstat(fd, &s->book_stat) != 0) {
        table_fatal(r, "C0802", 0, table_strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    if (n < 4 || memcmp(head, "PK\x03\x04", 4) != 0) {
        close(fd);
        const char *code = "C0832";
        Say why = n >= 4 && memcmp(head, "PK\x05\x06", 4) == 0
                      ? say("classeur vide (archive zip sans contenu)", "empty workbook (a zip archive with nothing in it)")
                      : table_zip_not_zip(head, n, &code);
        table_fatal(r, code, 0, why);
        return false;
    }
    if (!zip_lib_ready()) {
        close(fd);
        table_fatal(r, "C0802", 0,
                    SAYF(("libzip inutilisable : classeurs illisibles (%s)", zip_lib_why()),
                         ("libzip unusable: workbooks cannot be read (%s)", zip_lib_why())));
        return false;
    }
    int zerr = 0;
    s->zip = zip_fdopen(fd, ZIP_RDONLY, &zerr);
    if (!s->zip) {
        close(fd);
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        Say what = zip_errors_say(zerr, 0, zip_error_strerror(&ze));
        table_fatal(r, "C0832", 0,
                    SAYF(("classeur endommagé ou tronqué : %s", what.fr), ("damaged or truncated workbook: %s", what.en)));
        zip_error_fini(&ze);
        return false;
    }
    return true;
}

static bool table_zip_fatal_file(TableReader *r, TableInflate *zf, const char *entry)
{
    Say what = table_inflate_error(zf);
    table_fatal(r, "C0832", 0,
                SAYF(("classeur endommagé ou tronqué (partie %s) : %s", entry, what.fr),
                     ("damaged or truncated workbook (part %s): %s", entry, what.en)));
    return false;
}

static TableInflate *table_zip_fopen(TableReader *r, TableSheet *s, const char *entry, unsigned long long *csize,
                                     unsigned long long *size, bool *absent)
{
    zip_stat_t st;
    *absent = false;
    if (zip_stat(s->zip, entry, 0, &st) != 0) {
        *absent = true;
        return NULL;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        table_fatal(r, "C0831", 0, say("classeur protégé par un mot de passe : enregistrez-le sans mot de passe",
                                       "workbook protected by a password: save it without a password"));
        return NULL;
    }
    *csize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if (size)
        *size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    TableInflate *zf = table_inflate_open(s->zip, entry, &st);
    if (!zf) {
        zip_error_t *e = zip_get_error(s->zip);
        Say what = zip_errors_say(zip_error_code_zip(e), zip_error_code_system(e), zip_strerror(s->zip));
        table_fatal(r, "C0832", 0,
                    SAYF(("classeur illisible (partie %s) : %s", entry, what.fr),
                         ("unreadable workbook (part %s): %s", entry, what.en)));
    }
    return zf;
}

/* Counts n more inflated bytes of a part; false, with C0833, past a limit. */
static bool table_zip_count(TableReader *r, const char *entry, unsigned long long *inflated,
                            unsigned long long compressed, unsigned long long limit, size_t n)
{
    *inflated += n;
    bool bomb = *inflated > TABLE_BOMB_AFTER && *inflated / TABLE_BOMB_RATIO > (compressed ? compressed : 1);
    if (*inflated <= limit && !bomb)
        return true;
    table_fatal(r, "C0833", 0,
                bomb ? SAYF(("la partie %s du classeur se décompresse plus de %d fois sa taille : refusée (bombe zip ?)",
                             entry, TABLE_BOMB_RATIO),
                            ("part %s of the workbook inflates to more than %d times its size: refused (zip bomb?)", entry,
                             TABLE_BOMB_RATIO))
                     : SAYF(("la partie %s du classeur dépasse %llu octets une fois décompressée : refusée", entry, limit),
                            ("part %s of the workbook is larger than %llu bytes once inflated: refused", entry, limit)));
    return false;
}

char *table_zip_read_small(TableReader *r, TableSheet *s, const char *entry, size_t *len, bool *absent)
{
    unsigned long long csize = 0, inflated = 0;
    TableInflate *zf = table_zip_fopen(r, s, entry, &csize, NULL, absent);
    if (!zf)
        return NULL;
    char *text = NULL;
    size_t n = 0;
    for (;;) {
        RT_GROW_ATOMIC(text, n + TABLE_XML_CHUNK);
        zip_int64_t got = table_inflate_read(zf, text + n, TABLE_XML_CHUNK);
        if (got < 0) {
            table_zip_fatal_file(r, zf, entry);
            table_inflate_close(zf);
            return NULL;
        }
        if (got == 0)
            break;
        if (!table_zip_count(r, entry, &inflated, csize, TABLE_MAX_SMALL_PART, (size_t)got)) {
            table_inflate_close(zf);
            return NULL;
        }
        n += (size_t)got;
    }
    table_inflate_close(zf);
    text[n] = '\0';
    *len = n;
    return text;
}

/* ---- XML ---------------------------------------------------------------------------------- */

const char *table_xml_local(const char *name)
{
    const char *sp = strrchr(name, ' ');
    return sp ? sp + 1 : name;
}

bool table_xml_ns_has(const char *name, const char *part)
{
    const char *sp = strrchr(name, ' ');
    if (!sp)
        return false;
    size_t n = strlen(part);
    for (const char *p = name; p + n <= sp; p++)
        if (memcmp(p, part, n) == 0)
            return true;
    return false;
}

const char *table_xml_attr(const char **attrs, const char *local)
{
    for (int i = 0; attrs[i]; i += 2)
        if (strcmp(table_xml_local(attrs[i]), local) == 0)
            return attrs[i + 1];
    return NULL;
}

void table_xml_abort(TableReader *r, const char *code, Say why)
{
    TableSheet *s = r->sheet;
    if (!say_is_set(s->xml.stop)) {
        s->xml.stop = why;
        s->xml.stop_code = code;
    }
    if (s->xml.parser)
        XML_StopParser(s->xml.parser, XML_FALSE);
}

void table_xml_refuse_doctype(TableReader *r)
{
    table_xml_abort(r, "C0834",
                    say("déclaration DOCTYPE dans une partie du classeur : refusée (un classeur n'en contient jamais ; "
                        "les entités XML ne sont pas développées)",
                        "DOCTYPE declaration in a part of the workbook: refused (a workbook never has one; XML "
                        "entities are not expanded)"));
}

/* No DTD at all: no entity can be declared, so none is ever expanded. */
static void XMLCALL table_xml_doctype(void *user, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                                      int has_internal_subset)
{
    table_xml_refuse_doctype(user);
}

static XML_Parser table_xml_parser(void *user, XML_StartElementHandler start, XML_EndElementHandler end,
                                   XML_CharacterDataHandler chars)
{
    XML_Parser p = XML_ParserCreateNS("UTF-8", ' ');
    if (!p)
        return NULL;
    XML_SetUserData(p, user);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    XML_SetStartDoctypeDeclHandler(p, table_xml_doctype);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    return p;
}

static bool table_xml_failed(TableReader *r, TableSheet *s, XML_Parser p, const char *entry)
{
    if (say_is_set(s->xml.stop)) {
        table_fatal(r, s->xml.stop_code, 0, s->xml.stop);
        return false;
    }
    const char *what = XML_ErrorString(XML_GetErrorCode(p));
    unsigned long line = XML_GetCurrentLineNumber(p), col = XML_GetCurrentColumnNumber(p);
    table_fatal(r, "C0832", 0,
                SAYF(("classeur endommagé : XML invalide dans %s (ligne %lu, colonne %lu) : %s", entry, line, col + 1, what),
                     ("damaged workbook: invalid XML in %s (line %lu, column %lu): %s", entry, line, col + 1, what)));
    return false;
}

bool table_xml_parse_small(TableReader *r, TableSheet *s, const char *entry, const char *text, size_t len,
                           void *user, XML_StartElementHandler start, XML_EndElementHandler end,
                           XML_CharacterDataHandler chars)
{
    XML_Parser p = table_xml_parser(user, start, end, chars);
    if (!p) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    XML_Parser saved = s->xml.parser;
    s->xml.parser = p;
    enum XML_Status st = XML_Parse(p, text, (int)len, XML_TRUE);
    bool ok = st == XML_STATUS_OK || table_xml_failed(r, s, p, entry);
    s->xml.parser = saved;
    XML_ParserFree(p);
    return ok && !say_is_set(r->fatal.msg);
}

bool table_xml_open_part(TableReader *r, TableSheet *s, const char *entry)
{
    table_xml_release(s);
    bool absent;
    s->xml.entry = entry;
    s->xml.zf = table_zip_fopen(r, s, entry, &s->xml.compressed, &s->xml.size, &absent);
    if (!s->xml.zf && absent)
        table_fatal(r, "C0832", 0, SAYF(("classeur incomplet : la partie %s manque", entry),
                                        ("incomplete workbook: part %s is missing", entry)));
    return s->xml.zf != NULL;
}

bool table_zip_read_to(TableReader *r, TableSheet *s, char *buf, size_t cap, const char *until, size_t *got)
{
    TableXml *x = &s->xml;
    zip_int64_t n = x->ahead ? table_ahead_read_to(x->ahead, buf, cap, until) : table_inflate_read(x->zf, buf, cap);
    if (n < 0)
        return table_zip_fatal_file(r, x->zf, x->entry);
    *got = (size_t)n;
    return table_zip_count(r, x->entry, &x->inflated, x->compressed, TABLE_MAX_PART_BYTES, (size_t)n);
}

bool table_zip_read(TableReader *r, TableSheet *s, char *buf, size_t cap, size_t *got)
{
    return table_zip_read_to(r, s, buf, cap, NULL, got);
}

bool table_zip_lend(TableReader *r, TableSheet *s, const char **bytes, size_t *n)
{
    TableXml *x = &s->xml;
    *bytes = x->ahead ? table_ahead_lend(x->ahead, n) : NULL;
    return !*bytes || table_zip_count(r, x->entry, &x->inflated, x->compressed, TABLE_MAX_PART_BYTES, *n);
}

/* Bytes of the rest a read takes at most: the read-ahead thread's slot. */
#define TABLE_REST_CHUNK (256 * 1024)

bool table_zip_read_rest(TableReader *r, TableSheet *s)
{
    if (!s->xml.zf)
        return true;
    char *buf = malloc(TABLE_REST_CHUNK);   /* dropped at once: not the collector's */
    if (!buf) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    size_t got = 1;
    bool ok = true;
    while (ok && got > 0)
        ok = table_zip_read(r, s, buf, TABLE_REST_CHUNK, &got);
    free(buf);
    return ok;
}

bool table_xml_start(TableReader *r, TableSheet *s, const char *entry, XML_StartElementHandler start,
                     XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    if (!table_xml_open_part(r, s, entry))
        return false;
    s->xml.parser = table_xml_parser(r, start, end, text);
    if (!s->xml.parser) {
        table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
        return false;
    }
    return true;
}

bool table_xml_pump(TableReader *r, TableSheet *s)
{
    if (s->xml.scanning)
        return table_xml_scan_pump(r, s);
    TableXml *x = &s->xml;
    x->row_ready = false;
    while (!x->eof) {
        XML_ParsingStatus ps;
        XML_GetParsingStatus(x->parser, &ps);
        enum XML_Status st;
        bool last = false;
        if (ps.parsing == XML_SUSPENDED) {
            st = XML_ResumeParser(x->parser);
            last = ps.finalBuffer;
        } else if (ps.parsing == XML_FINISHED) {
            x->eof = true;
            break;
        } else {
            void *buf = XML_GetBuffer(x->parser, TABLE_XML_CHUNK);
            if (!buf) {
                table_fatal(r, "C0808", 0, say("mémoire épuisée", "out of memory"));
                return false;
            }
            size_t got;
            if (!table_zip_read(r, s, buf, TABLE_XML_CHUNK, &got))
                return false;
            last = got == 0;
            st = XML_ParseBuffer(x->parser, (int)got, last);
        }
        if (st == XML_STATUS_ERROR)
            return table_xml_failed(r, s, x->parser, x->entry);
        if (say_is_set(r->fatal.msg))
            return false;
        if (st == XML_STATUS_SUSPENDED)
            return true;
        if (last)
            x->eof = true;
    }
    return true;
}

void table_xml_release(TableSheet *s)
{
    if (s->xml.parser)
        XML_ParserFree(s->xml.parser);
    if (s->xml.ahead)
        table_ahead_stop(s->xml.ahead);
    table_inflate_close(s->xml.zf);
    s->xml = (TableXml){ 0 };
}

void table_sheet_release(TableReader *r)
{
    TableSheet *s = r->sheet;
    if (!s)
        return;
    table_xml_release(s);
    if (s->zip)
        zip_discard(s->zip);
    s->zip = NULL;
    free(s->split.carry);
    s->split.carry = NULL;
    s->split.carry_len = s->split.carry_cap = 0;
}

/* ---- a sheet's rows ------------------------------------------------------------------------- */

void table_sheet_cell_text(TableSheet *s, const char *text, size_t len)
{
    size_t room = TABLE_MAX_FIELD_BYTES + 1 - s->cell_len;
    if (len > room) {
        len = room;
        s->cell_over = true;
    }
    if (!s->cell)
        s->cell = rt_alloc_atomic(TABLE_MAX_FIELD_BYTES + 2);
    memcpy(s->cell + s->cell_len, text, len);
    s->cell_len += len;
    s->cell[s->cell_len] = '\0';
}

/* A column index's letters ("C", "AB"), in out. */
static void cell_letters(int col, char out[8])
{
    char letters[8];
    int n = 0;
    for (long c = (long)col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = letters[n - 1 - i];
    out[n] = '\0';
}

char *table_sheet_cell_ref(int col, long row)
{
    char letters[8];
    cell_letters(col, letters);
    return rt_sprintf("%s%ld", letters, row);
}

/*
** The reference of a cell of the row being read. A part that counts its
** rows from 0 (an ODS slice, its first row's number known at the merge)
** leaves the row blank, for table_sheet_refs_fill to write once it is known:
** without it the merge would read the slice again for its reasons' sake,
** on the main thread (a sheet with a row in 500 rejected this way was slower
** with two threads than with one).
*/
static const char *reason_ref(const TableSheet *s, int col)
{
    if (!s->split.row_guessed)
        return table_sheet_cell_ref(col, s->row_num);
    char letters[8];
    cell_letters(col, letters);
    return rt_sprintf("%s%.*s", letters, TABLE_REF_ROW_BLANK, "#######");
}

/* The row's reason (every one names the cell first: its reference is found
** whole in each text), its blank noted when the row is left so. */
static void ref_error(TableReader *r, const char *ref, char *fr, char *en)
{
    TableSheet *s = r->sheet;
    table_row_error(r, say(fr, en));
    if (!s->split.row_guessed)
        return;
    TableSheetSplit *z = &s->split;
    size_t blank = strlen(ref) - TABLE_REF_ROW_BLANK;
    RT_GROW(z->refs, z->nrefs);
    z->refs[z->nrefs++] = (TableSheetRef){ { fr, en },
                                           { (size_t)(strstr(fr, ref) - fr) + blank, (size_t)(strstr(en, ref) - en) + blank },
                                           s->row_num };
}

void table_sheet_refs_fill(TableSheet *s, long shift)
{
    TableSheetSplit *z = &s->split;
    for (long k = 0; k < z->nrefs; k++) {
        const TableSheetRef *f = &z->refs[k];
        char digits[24];
        int n = snprintf(digits, sizeof digits, "%ld", f->row + shift);
        for (int i = 0; i < 2; i++) {
            char *at = f->text[i] + f->at[i];
            memcpy(at, digits, (size_t)n);
            memmove(at + n, at + TABLE_REF_ROW_BLANK, strlen(at + TABLE_REF_ROW_BLANK) + 1);
        }
    }
    z->nrefs = 0;
}

/* A data row's cells are set in place (r->row_direct): a shared string is
** pointed at, other values are copied into s->row_text, not into r->text. */
/* Room for need bytes of values; the values already copied move with them. */
static void table_sheet_grow_row_text(TableReader *r, size_t need)
{
    TableSheet *s = r->sheet;
    size_t cap = s->row_text_cap ? s->row_text_cap * 2 : 4096;
    while (cap < need)
        cap *= 2;
    char *text = rt_alloc_atomic(cap);
    if (s->row_text_len)
        memcpy(text, s->row_text, s->row_text_len);
    uintptr_t from = (uintptr_t)s->row_text, to = from + s->row_text_len;
    for (int i = 0; i < r->info.ncols; i++) {
        uintptr_t at = (uintptr_t)r->cells[i].text;
        if (r->cells[i].text && at >= from && at < to)
            r->cells[i].text = text + (at - from);
    }
    s->row_text = text;
    s->row_text_cap = cap;
}

static void table_sheet_keep(TableReader *r, int col, const char *text, size_t len, TableCellKind kind)
{
    TableSheet *s = r->sheet;
    if (kind != TABLE_CELL_SHARED) {
        if (s->row_text_len + len + 1 > s->row_text_cap)
            table_sheet_grow_row_text(r, s->row_text_len + len + 1);
        text = table_sheet_copy_text(s, text, len);
    }
    r->cells[col] = (TableCell){ text, len };
}

void table_sheet_begin_row(TableReader *r, long row_num)
{
    table_sheet_begin_row_uncleared(r, row_num);
    table_sheet_clear_cells(r, 0);
}

void table_sheet_put_cell(TableReader *r, int col, const char *text, size_t len, TableCellKind kind)
{
    TableSheet *s = r->sheet;
    if (kind == TABLE_CELL_EMPTY || (kind != TABLE_CELL_ERROR && len == 0))
        return;
    s->row_has_value = true;
    if (col > s->max_col)
        s->max_col = col;
    const char *ref = NULL;
    if (!s->header_done) {
        if (col >= TABLE_MAX_COLUMNS) {
            table_xml_abort(r, "C0808", SAYF(("en-tête de plus de %d colonnes", TABLE_MAX_COLUMNS),
                                             ("header of more than %d columns", TABLE_MAX_COLUMNS)));
            return;
        }
        table_store(r, col, text, len);
        return;
    }
    if (col >= r->info.ncols) {
        if (say_is_set(r->row_err))   /* the first reason is the one said */
            return;
        ref = reason_ref(s, col);
        ref_error(r, ref, rt_sprintf("cellule %s remplie hors des colonnes de l'en-tête : ligne rejetée", ref),
                  rt_sprintf("cell %s filled outside the header's columns: row rejected", ref));
        return;
    }
    if (kind == TABLE_CELL_ERROR) {
        if (!table_column_read(r, col) || say_is_set(r->row_err))
            return;
        ref = reason_ref(s, col);
        if (len == 0) {
            ref_error(r, ref,
                      rt_sprintf("cellule %s (colonne « %s ») : formule sans valeur calculée (le classeur n'a "
                                 "jamais été recalculé : ouvrez-le et enregistrez-le dans le tableur) : ligne rejetée",
                                 ref, r->info.columns[col]),
                      rt_sprintf("cell %s (column \"%s\"): formula with no computed value (the workbook was never "
                                 "recalculated: open it and save it in the spreadsheet): row rejected",
                                 ref, r->info.columns[col]));
            return;
        }
        const char *shown = rt_strndup(text, len > 40 ? 40 : len);
        ref_error(r, ref,
                  rt_sprintf("cellule %s (colonne « %s ») en erreur : %s (une formule sans résultat) : ligne rejetée",
                             ref, r->info.columns[col], shown),
                  rt_sprintf("cell %s (column \"%s\") holds an error: %s (a formula without a result): row rejected",
                             ref, r->info.columns[col], shown));
        return;
    }
    if (table_cell_fits(r, col, len))
        table_sheet_keep(r, col, text, len, kind);
}

/* The header row names the columns; an empty name (an empty or merged-over
** cell) matches no column, as in a CSV. */
static void table_sheet_header(TableReader *r)
{
    TableSheet *s = r->sheet;
    int n = s->max_col + 1;
    const char **cols = RT_NEW_ARRAY(const char *, n + 1);
    for (int i = 0; i < n; i++)
        cols[i] = r->cell_off[i] != TABLE_ABSENT ? rt_strndup(r->text + r->cell_off[i], r->cell_len[i]) : "";
    r->info.ncols = n;
    r->info.columns = cols;
    if (!table_make_keys(r, s->row_num)) {
        if (s->xml.parser)
            XML_StopParser(s->xml.parser, XML_FALSE);
        return;
    }
    table_set_store_cap(r, n);
    s->header_done = true;
}

void table_sheet_end_row(TableReader *r)
{
    TableSheet *s = r->sheet;
    if (!s->row_has_value || say_is_set(s->xml.stop))
        return;
    if (!s->header_done && r->header_skip > 0) {
        r->header_skip--;   /* a row above the header (table_header_candidates) */
        table_keep_above(r, s->row_num, s->max_col + 1);
        return;
    }
    if (!s->header_done)
        table_sheet_header(r);
    else
        s->xml.row_ready = true;
    if (say_is_set(r->fatal.msg))
        return;
    if (s->xml.parser)
        XML_StopParser(s->xml.parser, XML_TRUE);
    else
        s->xml.paused = true;
}


/* ---- values ------------------------------------------------------------------------------------ */

char *table_sheet_decimal(const char *s)
{
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    char digits[64];
    int nd = 0, point = -1;
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
        if (*p == '.') {
            if (point >= 0)
                return NULL;
            point = nd;
        } else if (nd < 40) {
            digits[nd++] = *p;
        } else {
            return NULL;
        }
    }
    if (nd == 0)
        return NULL;
    if (point < 0)
        point = nd;
    long exp = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        bool eneg = *p == '-';
        if (*p == '-' || *p == '+')
            p++;
        if (*p < '0' || *p > '9')
            return NULL;
        for (; *p >= '0' && *p <= '9'; p++)
            if ((exp = exp * 10 + (*p - '0')) > 400)
                return NULL;
        if (eneg)
            exp = -exp;
    }
    if (*p)
        return NULL;
    long at = point + exp;    /* digits before the decimal point */
    char *out = rt_alloc_atomic((size_t)(nd + labs(exp) + 8));
    char *o = out;
    if (neg)
        *o++ = '-';
    if (at <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (long i = at; i < 0; i++)
            *o++ = '0';
        for (int i = 0; i < nd; i++)
            *o++ = digits[i];
    } else {
        for (long i = 0; i < at; i++)
            *o++ = i < nd ? digits[i] : '0';
        if (at < nd) {
            *o++ = '.';
            for (long i = at; i < nd; i++)
                *o++ = digits[i];
        }
    }
    *o = '\0';
    /* Trailing zeros after the point, and leading zeros before it, say nothing. */
    char *dot = strchr(out, '.');
    if (dot) {
        char *end = o;
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    char *q = out + (neg ? 1 : 0);
    while (q[0] == '0' && q[1] >= '0' && q[1] <= '9')
        memmove(q, q + 1, strlen(q));
    if (strcmp(out, "-0") == 0)
        return rt_strdup("0");
    return out;
}

bool table_sheet_decimal_is_plain(const char *s)
{
    const char *end = table_sheet_plain_decimal_end(s);
    return end && *end == '\0';
}

/* Plain digits only: a whole day, which needs no decimal rewriting. */
static bool table_sheet_all_digits(const char *s)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > s && *p == '\0';
}

/* "YYYY-MM-DD" (y 1 to 9999): most dates of a sheet, written without
** vsnprintf, which was a third of the instructions of reading the
** participants' sheet (two dates a row). */
static char *table_sheet_iso_day(int y, int m, int d)
{
    char *out = rt_alloc_atomic(11);
    const int parts[3] = { y, m, d };
    const int widths[3] = { 4, 2, 2 };
    char *o = out;
    for (int i = 0; i < 3; i++) {
        if (i)
            *o++ = '-';
        for (int k = widths[i] - 1, v = parts[i]; k >= 0; k--, v /= 10)
            o[k] = (char)('0' + v % 10);
        o += widths[i];
    }
    *o = '\0';
    return out;
}

char *table_sheet_serial_date(const char *num, bool date1904)
{
    const char *dec = table_sheet_all_digits(num) ? num : table_sheet_decimal(num);
    if (!dec || dec[0] == '-')
        return NULL;
    const char *dot = strchr(dec, '.');
    long days = 0;
    for (const char *p = dec; *p && p != dot; p++)
        if ((days = days * 10 + (*p - '0')) > 3000000)
            return NULL;
    if (days < 1 && !date1904)
        return NULL;
    if (!date1904 && days == 60)
        return NULL; /* 29/02/1900: a day Excel counts that never was */
    /* 1900 system: serial 1 is 1900-01-01 and Excel counts a 29/02/1900, so
    ** from serial 61 on the origin is 1899-12-30. 1904 system: 0 is 1904-01-01. */
    Date origin;
    if (date1904)
        date_from_ymd(1904, 1, 1, &origin);
    else
        date_from_ymd(1899, 12, days < 60 ? 31 : 30, &origin);
    long d = (long)origin + days;
    int y, m, dd;
    date_to_ymd((Date)d, &y, &m, &dd);
    if (y < 1 || y > 9999)
        return NULL;
    long secs = 0;
    if (dot) {
        /* the fraction of a day, to the nearest second */
        mpq_t f;
        mpq_init(f);
        const char *frac = dot + 1;
        char *numtxt = rt_sprintf("%s/1%0*d", frac, (int)strlen(frac), 0);
        if (mpq_set_str(f, numtxt, 10) == 0) {
            mpq_canonicalize(f);
            mpz_t t;
            mpz_init(t);
            mpz_mul_ui(t, mpq_numref(f), 86400 * 2);
            mpz_add(t, t, mpq_denref(f));
            mpz_fdiv_q(t, t, mpq_denref(f));
            mpz_fdiv_q_ui(t, t, 2);
            secs = mpz_get_si(t);
            mpz_clear(t);
        }
        mpq_clear(f);
    }
    if (secs >= 86400)
        secs = 86399;
    if (secs == 0)
        return table_sheet_iso_day(y, m, dd);
    return rt_sprintf("%04d-%02d-%02dT%02ld:%02ld:%02ld", y, m, dd, secs / 3600, secs / 60 % 60, secs % 60);
}

/* Day numbers (days since 1970-01-01, base/date.h) of the serial systems'
** origins: the 1900 system's serial 0 is 1899-12-31 up to its day 59, and
** 1899-12-30 from its day 61 on (Excel counts a 29/02/1900); the 1904
** system's is 1904-01-01 (tests/unit/test_workbook.c checks them). */
enum { TABLE_SERIAL_1900_EARLY = -25568, TABLE_SERIAL_1900 = -25569, TABLE_SERIAL_1904 = -24107 };

const char table_two_digits[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                   "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                   "8081828384858687888990919293949596979899";

bool table_sheet_serial_day(const char *num, size_t len, bool date1904, char out[11])
{
    if (len == 0 || len > 7)
        return false;
    long days = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned dg = (unsigned)(num[i] - '0');
        if (dg > 9)
            return false;
        days = days * 10 + (long)dg;
    }
    if (days > 3000000 || (!date1904 && (days < 1 || days == 60)))
        return false;
    long origin = date1904 ? TABLE_SERIAL_1904 : days < 60 ? TABLE_SERIAL_1900_EARLY : TABLE_SERIAL_1900;
    int y, m, d;
    date_to_ymd((Date)(origin + days), &y, &m, &d);
    if (y < 1 || y > 9999)
        return false;
    memcpy(out, table_two_digits + 2 * (y / 100), 2);
    memcpy(out + 2, table_two_digits + 2 * (y % 100), 2);
    out[4] = '-';
    memcpy(out + 5, table_two_digits + 2 * m, 2);
    out[7] = '-';
    memcpy(out + 8, table_two_digits + 2 * d, 2);
    out[10] = '\0';
    return true;
}

bool table_sheet_name_matches(const char *sheet, const char *table)
{
    return strcmp(headers_key(sheet, strlen(sheet)), headers_key(table, strlen(table))) == 0;
}

void table_sheet_name_reader(TableReader *r, const char *sheet)
{
    TableSheet *s = r->sheet;
    s->name = rt_strdup(sheet);
    r->info.path = rt_sprintf("%s:%s", s->book, sheet);
    r->info.file = rt_sprintf("%s:%s", path_base(s->book), sheet);
}

/* Says which sheets there are, so that a misnamed one is found at once. */
bool table_xml_to_header(TableReader *r, TableSheet *s)
{
    while (!s->header_done && !s->xml.eof)
        if (!table_xml_pump(r, s))
            return false;
    return true;
}

bool table_xml_header_read(TableReader *r, TableSheet *s)
{
    if (s->header_done)
        return true;
    table_fatal(r, "C0805", 0, SAYF(("la feuille « %s » est vide : pas de ligne d'en-tête", s->name),
                                    ("sheet \"%s\" is empty: no header row", s->name)));
    return false;
}

void table_sheet_missing(TableReader *r)
{
    TableSheet *s = r->sheet;
    for (int i = 0; i < s->nsheet_list; i++)
        if (s->sheet_hidden[i] && table_sheet_name_matches(s->sheet_names[i], s->table)) {
            const char *n = s->sheet_names[i];
            table_fatal(r, "C0835", 0,
                        SAYF(("la feuille « %s » est masquée : affichez-la dans le tableur pour qu'elle soit lue", n),
                             ("sheet \"%s\" is hidden: show it in the spreadsheet for it to be read", n)));
            return;
        }
    const char *list = "";
    for (int i = 0; i < s->nsheet_list && i < 12; i++)
        list = rt_sprintf("%s%s« %s »", list, i ? ", " : "", s->sheet_names[i]);
    const char *list_en = "";
    for (int i = 0; i < s->nsheet_list && i < 12; i++)
        list_en = rt_sprintf("%s%s\"%s\"", list_en, i ? ", " : "", s->sheet_names[i]);
    table_fatal(r, "C0835", 0,
                SAYF(("pas de feuille « %s » dans ce classeur (feuilles : %s)", s->table, s->nsheet_list ? list : "aucune"),
                     ("no sheet \"%s\" in this workbook (sheets: %s)", s->table, s->nsheet_list ? list_en : "none")));
}

bool table_sheet_choose(TableReader *r)
{
    TableSheet *s = r->sheet;
    for (int i = 0; i < s->nsheet_list; i++)
        if (!s->sheet_hidden[i] && table_sheet_name_matches(s->sheet_names[i], s->table)) {
            table_sheet_name_reader(r, s->sheet_names[i]);
            return true;
        }
    table_sheet_missing(r);
    return false;
}
