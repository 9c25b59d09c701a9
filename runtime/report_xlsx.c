/* runtime/report_xlsx.c: the report's sheets as an XLSX workbook (libxlsxwriter), numbers written so that their decimal text is exact. */
#include "report_sheets.h"

#include "gc.h"
#include "xlsx_lib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
** libxlsxwriter takes a double and writes it with "%.16G", which does not
** give back every decimal of 15 digits (652.993 comes out 652.9930000000001,
** 0.07 as 0.07000000000000001). A figure of at most 15 significant digits
** goes in as a number: preferably one of the doubles nearest to it that is
** written as exactly its decimal, otherwise the nearest double, provided
** the double a reader parses back from the 16 digits shows, at the 15
** digits a spreadsheet shows, exactly the figure (a rate of 7 % left as
** text would be no number to sum or sort). A figure of more digits, which
** no double carries, goes in as text holding the exact decimal. The tests
** read each cell back, compare it with the JSON report, and find no figure
** of 15 digits or fewer in a text cell.
*/

/* Digits and the power of ten of their last one: "652.99300" -> 652993, -3. */
static bool xlsx_canon(const char *s, char *digits, size_t cap, long *exp10, bool *neg)
{
    *neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    size_t n = 0;
    long frac = 0;
    bool point = false, any = false;
    long e = 0;
    for (; *s; s++) {
        if (*s == '.') {
            point = true;
        } else if (*s >= '0' && *s <= '9') {
            any = true;
            if (n == 0 && *s == '0') {
                if (point)
                    frac++;
                continue;
            }
            if (n + 1 >= cap)
                return false;
            digits[n++] = *s;
            if (point)
                frac++;
        } else if (*s == 'e' || *s == 'E') {
            e = strtol(s + 1, NULL, 10);
            break;
        } else {
            return false;
        }
    }
    if (!any)
        return false;
    while (n > 0 && digits[n - 1] == '0') {
        n--;
        frac--;
    }
    digits[n] = '\0';
    *exp10 = n ? e - frac : 0;
    if (!n)
        *neg = false;
    return true;
}

static bool xlsx_same_decimal(const char *a, const char *b)
{
    char da[64], db[64];
    long ea, eb;
    bool na, nb;
    return xlsx_canon(a, da, sizeof da, &ea, &na) && xlsx_canon(b, db, sizeof db, &eb, &nb) && strcmp(da, db) == 0 &&
           ea == eb && na == nb;
}

/* Whether the double a reader parses from x's "%.16G" shows, at a
** spreadsheet's 15 significant digits, exactly the decimal dec. */
static bool xlsx_shown_as(double x, const char *dec, double *out)
{
    char written[64], shown[64];
    snprintf(written, sizeof written, "%.16G", x);
    snprintf(shown, sizeof shown, "%.15G", strtod(written, NULL));
    if (!xlsx_same_decimal(shown, dec))
        return false;
    *out = x;
    return true;
}

static bool xlsx_exact_double(const char *dec, double *out)
{
    char digits[64];
    long e;
    bool neg;
    if (!xlsx_canon(dec, digits, sizeof digits, &e, &neg) || strlen(digits) > 15)
        return false;
    double x = strtod(dec, NULL);
    double tries[5] = { x, nextafter(x, 1e308), nextafter(x, -1e308), 0, 0 };
    tries[3] = nextafter(tries[1], 1e308);
    tries[4] = nextafter(tries[2], -1e308);
    for (int i = 0; i < 5; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.16G", tries[i]);
        if (xlsx_same_decimal(buf, dec)) {
            *out = tries[i];
            return true;
        }
    }
    return xlsx_shown_as(x, dec, out);
}

typedef struct XlsxFormats {
    lxw_format *header, *number, *whole, *integer, *percent, *date, *text;
} XlsxFormats;

/* Excel's day number of a date (1900 system, as Excel counts it from 1 March 1900 on). */
static double xlsx_serial(Date d)
{
    Date origin;
    date_from_ymd(1899, 12, 30, &origin);
    return (double)(d - origin);
}

static void xlsx_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const SheetCell *cell, const XlsxFormats *f)
{
    double x;
    switch (cell->kind) {
    case SHEET_EMPTY:
        break;
    case SHEET_TEXT:
        worksheet_write_string(ws, r, c, cell->text, f->text);
        break;
    case SHEET_NUMBER:
    case SHEET_PERCENT:
        if (xlsx_exact_double(cell->text, &x))
            worksheet_write_number(ws, r, c, x, cell->kind == SHEET_PERCENT ? f->percent
                                                : report_sheets_is_whole(cell->text) ? f->whole
                                                                                     : f->number);
        else
            worksheet_write_string(ws, r, c, cell->text, f->text);
        break;
    case SHEET_INTEGER:
        worksheet_write_number(ws, r, c, (double)cell->integer, f->integer);
        break;
    case SHEET_DATE:
        worksheet_write_number(ws, r, c, xlsx_serial(cell->date), f->date);
        break;
    case SHEET_BOOL:
        worksheet_write_boolean(ws, r, c, (int)cell->integer, NULL);
        break;
    }
}

static void xlsx_sheet(lxw_workbook *wb, const Sheet *s, const XlsxFormats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
    if (!ws)
        return;
    for (int c = 0; c < s->ncols; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, s->widths[c], NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, s->header[c], f->header);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (int r = 0; r < s->nrows; r++)
        for (int c = 0; c < s->ncols; c++)
            xlsx_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &s->cells[(size_t)r * (size_t)s->ncols + (size_t)c], f);
}

bool report_xlsx(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    SheetBook *book = report_sheets(e, o);
    /* libxlsxwriter writes to a named file: a private temporary one, copied to out. */
    char *path = report_sheets_temp(o);
    if (!path)
        return false;
    lxw_workbook_options opts = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
    lxw_workbook *wb = xlsx_lib_ready() ? workbook_new_opt(path, &opts) : NULL;
    bool ok = wb != NULL;
    if (ok) {
        /* A fixed creation date (the evaluation's), so that the same run gives the same bytes. */
        lxw_doc_properties props = { .title = (char *)e->model->title, .created = 0 };
        if (e->au != DATE_NONE)
            props.created = (time_t)e->au * 86400;
        workbook_set_properties(wb, &props);
        XlsxFormats f = { workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb),
                          workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb), NULL };
        format_set_bold(f.header);
        format_set_bg_color(f.header, 0xDDE7F0);
        format_set_num_format(f.number, SHEET_FORMAT_NUMBER);
        format_set_num_format(f.whole, SHEET_FORMAT_WHOLE);
        format_set_num_format(f.integer, "0");
        format_set_num_format(f.percent, SHEET_FORMAT_PERCENT);
        format_set_num_format(f.date, SHEET_FORMAT_DATE);
        for (int i = 0; i < book->nsheets; i++)
            xlsx_sheet(wb, &book->sheets[i], &f);
        ok = workbook_close(wb) == LXW_NO_ERROR;
    }
    return report_sheets_deliver(path, ok, out, o, "XLSX", xlsx_lib_ready() ? NULL : xlsx_lib_why());
}
