/* runtime/table_ods.c: the ODS reader: content.xml streamed to the sheet asked for, its rows with repeated rows and cells unfolded. */
#include "table_impl.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"

long table_ods_count(const char *v)
{
    long n = v ? strtol(v, NULL, 10) : 1;
    return n < 1 ? 1 : n > TABLE_MAX_SHEET_ROWS * 16 ? TABLE_MAX_SHEET_ROWS * 16 : n;
}

static long ods_count_attr(const char **attrs, const char *local)
{
    return table_ods_count(table_xml_attr(attrs, local));
}

static void ods_table_start(TableReader *r, const char **attrs)
{
    TableSheet *s = r->sheet;
    s->table_depth++;
    if (s->table_depth != 1)
        return;
    const char *name = table_xml_attr(attrs, "name"), *style = table_xml_attr(attrs, "style-name");
    if (!name)
        name = "";
    bool hidden = false;
    for (int i = 0; style && i < s->nhidden_styles; i++)
        if (strcmp(s->hidden_styles[i], style) == 0)
            hidden = true;
    int n = s->nsheet_list++;
    RT_GROW(s->sheet_names, n);
    RT_GROW_ATOMIC(s->sheet_hidden, n);
    s->sheet_names[n] = rt_strdup(name);
    s->sheet_hidden[n] = hidden;
    if (!s->found && !hidden && table_sheet_name_matches(name, s->table)) {
        s->found = true;
        s->found_at = n;
        s->in_data = true;
        s->data_depth = s->table_depth;
        table_sheet_name_reader(r, name);
    }
}

char table_ods_value_kind(const char *type, const char **value_name)
{
    if (strcmp(type, "float") == 0 || strcmp(type, "percentage") == 0 || strcmp(type, "currency") == 0) {
        *value_name = "value";
        return 'f';
    }
    if (strcmp(type, "date") == 0) {
        *value_name = "date-value";
        return 'd';
    }
    if (strcmp(type, "boolean") == 0) {
        *value_name = "boolean-value";
        return 'b';
    }
    *value_name = "string-value";
    return 's';
}

static void ods_cell_begin(TableReader *r, const TableOdsCell *c)
{
    TableSheet *s = r->sheet;
    s->in_cell = true;
    s->cell_len = 0;
    s->cell_over = false;
    s->paragraphs = 0;
    s->col_repeat = c->repeat;
    s->cell_error = c->error;
    s->cell_type = c->type;
    s->value_attr = (char *)c->value;
    s->cell_formula = c->formula && !c->type;
}

static void ods_cell_start(TableReader *r, const char **attrs)
{
    TableOdsCell c = { ods_count_attr(attrs, "number-columns-repeated"), 0, NULL, false, false };
    const char *type = NULL;
    for (int i = 0; attrs[i]; i += 2) {
        const char *local = table_xml_local(attrs[i]);
        if (strcmp(local, "value-type") == 0) {
            if (table_xml_ns_has(attrs[i], ":calcext:"))
                c.error = strcmp(attrs[i + 1], "error") == 0;
            else
                type = attrs[i + 1];
        } else if (strcmp(local, "formula") == 0) {
            c.formula = true;
        }
    }
    if (type) {
        const char *value_name;
        c.type = table_ods_value_kind(type, &value_name);
        c.value = table_xml_attr(attrs, value_name);
        if (c.value)
            c.value = rt_strdup(c.value);   /* expat's attributes last as long as the handler */
    }
    ods_cell_begin(r, &c);
}

/* table_sheet_begin_row's two inline halves called here, not through it: a
** call less on every row. */
void table_ods_row_start(TableReader *r, long repeat)
{
    TableSheet *s = r->sheet;
    table_sheet_begin_row_uncleared(r, s->row_num + 1);
    table_sheet_clear_cells(r, 0);
    s->row_repeat = repeat;
    s->in_row = true;
    s->next_col = 0;
}

/* table_sheet_end_row for a data row with a value, nothing stopped, read by
** the tokenizer (no parser to suspend): the row given, the reading paused.
** Every other row takes table_sheet_end_row (the header, an empty row, a
** stop, expat's reading). Its call and saved registers were most of a row's
** end. */
static inline void ods_end_row(TableReader *r, TableSheet *s)
{
    if (s->row_has_value && s->header_done && !say_is_set(s->xml.stop) && !say_is_set(r->fatal.msg) &&
        !s->xml.parser) {
        s->xml.row_ready = true;
        s->xml.paused = true;
        return;
    }
    table_sheet_end_row(r);
}

void table_ods_row_end(TableReader *r)
{
    TableSheet *s = r->sheet;
    s->in_row = false;
    ods_end_row(r, s);
    if (s->xml.row_ready)
        s->repeat_left = s->row_repeat - 1;
    else if (s->row_repeat > 1)
        s->row_num += s->row_repeat - 1;
}

void XMLCALL table_ods_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    TableReader *r = user;
    TableSheet *s = r->sheet;
    const char *local = table_xml_local(name);
    if (s->ods)
        table_ods_scan_note_start(r);
    if (s->depth_skip) {
        s->depth_skip++;
        return;
    }
    if (!s->in_data) {
        if (strcmp(local, "style") == 0) {
            s->cur_style = table_xml_attr(attrs, "name");
            s->cur_style = s->cur_style ? rt_strdup(s->cur_style) : NULL;
        } else if (strcmp(local, "table-properties") == 0 && s->cur_style) {
            const char *d = table_xml_attr(attrs, "display");
            if (d && strcmp(d, "false") == 0) {
                RT_GROW(s->hidden_styles, s->nhidden_styles);
                s->hidden_styles[s->nhidden_styles++] = s->cur_style;
            }
        } else if (strcmp(local, "table") == 0) {
            ods_table_start(r, attrs);
            if (s->ods && s->table_depth == 1)
                table_ods_scan_note_sheet(r);
        }
        return;
    }
    if (strcmp(local, "table") == 0) {
        s->table_depth++;   /* a table inside a cell: its text is not the cell's */
        s->depth_skip++;
    } else if (strcmp(local, "annotation") == 0) {
        s->depth_skip++;
    } else if (strcmp(local, "table-row") == 0) {
        table_ods_row_start(r, ods_count_attr(attrs, "number-rows-repeated"));
    } else if (s->in_row && (strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0)) {
        ods_cell_start(r, attrs);
    } else if (s->in_cell && strcmp(local, "p") == 0) {
        if (s->paragraphs++)
            table_sheet_cell_text(s, "\n", 1);
        s->in_text = true;
    } else if (s->in_text && strcmp(local, "s") == 0) {
        long n = ods_count_attr(attrs, "c");
        for (long i = 0; i < n && i <= TABLE_MAX_FIELD_BYTES; i++)
            table_sheet_cell_text(s, " ", 1);
    } else if (s->in_text && strcmp(local, "tab") == 0) {
        table_sheet_cell_text(s, "\t", 1);
    } else if (s->in_text && strcmp(local, "line-break") == 0) {
        table_sheet_cell_text(s, "\n", 1);
    }
}

static void ods_cell_done(TableReader *r)
{
    TableSheet *s = r->sheet;
    const char *text = s->cell ? s->cell : "";
    size_t len = s->cell_len;
    TableCellKind kind = TABLE_CELL_TEXT;
    if (s->cell_error) {
        kind = TABLE_CELL_ERROR;
    } else if (s->cell_formula && len == 0 && !s->cell_over) {
        /* A formula with no value type and no text (a workbook written by a
        ** program that does not compute, never opened in a spreadsheet): what
        ** the spreadsheet would show is unknown, never an empty cell. An error
        ** cell of no text says so (table_zip.c). */
        kind = TABLE_CELL_ERROR;
    } else if (s->cell_type == 'f' && s->value_attr) {
        const char *v = table_sheet_decimal_is_plain(s->value_attr) ? s->value_attr : table_sheet_decimal(s->value_attr);
        text = v ? v : s->value_attr;
        len = strlen(text);
    } else if (s->cell_type == 'd' && s->value_attr) {
        text = s->value_attr;
        len = strlen(text);
        if (len > 10 && strspn(text + 10, "T0:.") == len - 10)
            len = 10;
    } else if (s->cell_type == 'b' && s->value_attr) {
        text = strcmp(s->value_attr, "true") == 0 ? "vrai" : "faux";
        len = strlen(text);
    } else if (s->cell_type == 's' && s->value_attr) {
        text = s->value_attr;
        len = strlen(text);
    } else if (s->cell_over) {
        len = TABLE_MAX_FIELD_BYTES + 1;
    }
    long n = s->col_repeat;
    long col = s->next_col;
    s->next_col = col + n;
    if (kind == TABLE_CELL_TEXT && len == 0)
        return;
    for (long i = 0; i < n && i < TABLE_ODS_MAX_REPEAT_FILL && col + i < TABLE_ODS_MAX_REPEAT_FILL + TABLE_MAX_COLUMNS; i++)
        table_sheet_put_cell(r, (int)(col + i), text, len, kind);
}

void table_ods_cell(TableReader *r, const TableOdsCell *c, const char *text, size_t len)
{
    TableSheet *s = r->sheet;
    ods_cell_begin(r, c);
    s->paragraphs = 1;
    if (len)
        table_sheet_cell_text(s, text, len);
    s->in_cell = false;
    s->in_text = false;
    ods_cell_done(r);
}

void table_ods_plain_cell(TableReader *r, const char *value, const char *text, size_t len)
{
    if (!value) {
        table_ods_text_cell(r, text, len);
        return;
    }
    TableSheet *s = r->sheet;
    long col = s->next_col++;
    text = table_sheet_decimal_is_plain(value) ? value : table_sheet_decimal(value);
    text = text ? text : value;
    len = strlen(text);
    if (len == 0 || col >= TABLE_ODS_MAX_REPEAT_FILL + TABLE_MAX_COLUMNS)
        return;
    if (!table_sheet_put_fast(r, (int)col, text, len, false))
        table_sheet_put_cell(r, (int)col, text, len, TABLE_CELL_TEXT);
}

void XMLCALL table_ods_end(void *user, const XML_Char *name)
{
    TableReader *r = user;
    TableSheet *s = r->sheet;
    const char *local = table_xml_local(name);
    if (s->ods)
        table_ods_scan_note_end(r);
    if (s->depth_skip) {
        s->depth_skip--;
        if (strcmp(local, "table") == 0)
            s->table_depth--;
        return;
    }
    if (strcmp(local, "style") == 0) {
        s->cur_style = NULL;
    } else if (strcmp(local, "table") == 0) {
        bool ours = s->in_data && s->table_depth == s->data_depth;
        s->table_depth--;
        if (ours) {
            s->in_data = false;
            s->xml.eof = true;
            if (s->xml.parser)
                XML_StopParser(s->xml.parser, XML_TRUE);
        }
    } else if (!s->in_data) {
        return;
    } else if (strcmp(local, "table-row") == 0 && s->in_row) {
        table_ods_row_end(r);
    } else if ((strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0) && s->in_cell) {
        s->in_cell = false;
        s->in_text = false;
        ods_cell_done(r);
    } else if (strcmp(local, "p") == 0) {
        s->in_text = false;
    }
}

void XMLCALL table_ods_text(void *user, const XML_Char *text, int len)
{
    TableSheet *s = ((TableReader *)user)->sheet;
    if (s->in_text && s->in_cell && !s->depth_skip)
        table_sheet_cell_text(s, text, (size_t)len);
}

/* An encrypted ODS keeps its manifest in clear and says so there. */
static bool ods_check_manifest(TableReader *r)
{
    size_t len;
    bool absent;
    char *text = table_zip_read_small(r, r->sheet, "META-INF/manifest.xml", &len, &absent);
    if (!text)
        return absent && !say_is_set(r->fatal.msg);
    if (strstr(text, "encryption-data")) {
        table_fatal(r, "C0831", 0, say("classeur protégé par un mot de passe : enregistrez-le sans mot de passe",
                                       "workbook protected by a password: save it without a password"));
        return false;
    }
    return true;
}

static bool ods_read_to_header(TableReader *r);

bool table_ods_carry_on_to(TableReader *r, const char *name)
{
    TableSheet *s = r->sheet;
    if (!s->found || !s->in_data || r->finished || say_is_set(r->fatal.msg) || !table_ods_scan_reading(s))
        return false;
    for (int i = 0; i < s->nsheet_list; i++)
        if (!s->sheet_hidden[i] && table_sheet_name_matches(s->sheet_names[i], name))
            return false;   /* name's reader would stop before this sheet */
    s->carry_to = rt_strdup(name);
    return true;
}

/*
** The sheet read to its end tag by the tokenizer: the part, where it stands,
** goes to a new reader of sheet carry_to, lent to the shelf. That reader is
** where a reader of carry_to opened from the part's start would be after the
** same end tag: not in its sheet, no row read, the same sheets and hiding
** styles met, the same bytes inflated and counted; and its first safe place
** (where expat would take over) is that end tag, as it would be for that
** reader. Only the stream moves: this reader has nothing left to release.
*/
static void ods_carry_on(TableReader *r)
{
    TableSheet *s = r->sheet;
    if (!s->carry_to || s->in_data || s->depth_skip || !table_ods_scan_reading(s) || say_is_set(r->fatal.msg))
        return;
    TableReader *n = table_sheet_reader_new(s->shelf, s->book, s->carry_to, TABLE_SOURCE_ODS);
    TableSheet *c = n->sheet;
    c->zip = s->zip;
    c->book_stat = s->book_stat;
    c->xml = s->xml;
    c->xml.eof = c->xml.row_ready = c->xml.paused = false;
    c->scan = s->scan;
    c->ods = s->ods;
    c->hidden_styles = s->hidden_styles;
    c->nhidden_styles = s->nhidden_styles;
    c->sheet_names = s->sheet_names;
    c->sheet_hidden = s->sheet_hidden;
    c->nsheet_list = s->nsheet_list;
    c->cur_style = s->cur_style;
    c->table_depth = s->table_depth;
    c->carried = true;   /* its first pump takes the end tag as its safe place, with its own state */
    s->zip = NULL;
    s->xml = (TableXml){ 0 };
    s->scan = (TableScan){ 0 };
    s->ods = NULL;
    table_books_lend(s->shelf, n, s->book, s->carry_to);
}

/*
** The sheet read, the part kept (not carried on): the reader stops at the
** sheet's end tag, so the part's CRC, checked at its end, would not be
** checked at all, and a byte damaged after that tag, or in a sheet not read,
** would go unnoticed. When no other reader of the run reads a later sheet
** (table_books_read_past), the rest of content.xml is inflated to its end,
** counted against the bomb limits and dropped, and the CRC and size checked
** there (C0832 naming the part): every byte the run's readers inflated is a
** prefix of this reader's. Whatever the threads, the same reader (the
** sheet's, on the main thread) does it, at the same place of the run. A
** stream whose CRC the slices still hold failed already (table_sheet_crc.c).
*/
static void ods_read_rest(TableReader *r)
{
    TableSheet *s = r->sheet;
    if (r->part || !s->xml.zf || !s->found || say_is_set(r->fatal.msg) || s->split.crc_deferred ||
        table_books_read_past(s->shelf, s->book, s->found_at))
        return;
    table_zip_read_rest(r, s);
}

bool table_ods_open(TableReader *r)
{
    TableSheet *s = r->sheet;
    if (!table_zip_open(r, s))
        return false;
    if (zip_name_locate(s->zip, "xl/workbook.xml", 0) >= 0 && zip_name_locate(s->zip, "content.xml", 0) < 0) {
        table_fatal(r, "C0830", 0, say("ce classeur est au format XLSX : donnez-lui l'extension .xlsx",
                                       "this workbook is in the XLSX format: give it the .xlsx extension"));
        return false;
    }
    if (!ods_check_manifest(r) || !table_xml_start(r, s, "content.xml", table_ods_start, table_ods_end, table_ods_text))
        return false;
    table_ods_scan_watch(r);
    return ods_read_to_header(r);
}

bool table_ods_open_carried(TableReader *r)
{
    r->sheet->carried = false;
    return ods_read_to_header(r);
}

/* content.xml, opened, read on to the header of the sheet asked for. */
static bool ods_read_to_header(TableReader *r)
{
    TableSheet *s = r->sheet;
    while (!s->header_done && !s->xml.eof) {
        if (!s->xml.scanning)
            table_ods_scan_begin(r);
        if (!(s->xml.scanning ? table_ods_scan_pump(r, s) : table_xml_pump(r, s)))
            return false;
    }
    if (!s->found) {
        table_sheet_missing(r);
        return false;
    }
    if (!table_xml_header_read(r, s))
        return false;
    table_books_note_sheet(s->shelf, s->book, s->found_at);
    return true;
}

/* (inline in both callers: a call and its registers per row) */
static inline __attribute__((always_inline)) bool ods_next(TableReader *r, TableRow *row)
{
    TableSheet *s = r->sheet;
    if (s->split.begun && !r->part && !s->split.resumed) {
        /* The slices are read: on from where their reading stopped (expat may give a row at once). */
        if (!table_ods_scan_resume(r, s))
            return false;
        if (s->xml.row_ready) {
            table_row_output(r, row);
            return true;
        }
    }
    if (s->repeat_left > 0) {
        s->repeat_left--;
        s->row_num++;
        r->row_line = s->row_num;
        if (s->row_num > TABLE_MAX_SHEET_ROWS) {
            table_fatal(r, "C0808", 0, table_sheet_too_long());
            return false;
        }
        table_row_output(r, row);
        return true;
    }
    if (!s->xml.eof && s->xml.scanning && table_ods_scan_row(r, s)) {
        table_row_hand(r, row);   /* a template's row: its cells in place (row_direct) */
        return true;
    }
    while (!s->xml.eof) {
        if (!(s->xml.scanning ? table_ods_scan_pump(r, s) : table_xml_pump(r, s)))
            return false;
        if (s->xml.row_ready) {
            table_row_output(r, row);
            return true;
        }
    }
    if (r->part)
        table_ods_scan_part_ended(r);
    ods_carry_on(r);
    ods_read_rest(r);
    return false;
}

/* table_next of an ODS sheet: table_next_row's work without what a row
** read needs not (the row's and the error's clearing: a row given sets
** every field of the row; the switch on the format), as for XLSX. */
bool table_ods_fast_next(TableReader *r, TableRow *row, TableError *err)
{
    if (!table_fast_next_may(r))
        return table_next_row(r, row, err);
    return ods_next(r, row) || table_next_none_cleared(r, row, err);
}

bool table_ods_next(TableReader *r, TableRow *row)
{
    return ods_next(r, row);
}
