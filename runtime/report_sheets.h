/* runtime/report_sheets.h: the report laid out as sheets of typed cells, which the XLSX and ODS writers only serialise. */
#ifndef CHARTE_REPORT_SHEETS_H
#define CHARTE_REPORT_SHEETS_H

#include "report.h"

/*
** One sheet per section of the report (docs/sortie.md, "Classeurs"):
** Synthèse (the header block: charter, version hash, evaluation date; then
** the totals), Marchés, Objectifs mutualisés (when there are pools),
** Embauches (when there are hires: the JSON's "embauches"), Agrégats par famille / périmètre / maître d'ouvrage,
** Indicateurs, Lignes non comptées et rejetées. Row 1 of every sheet is its
** column header (frozen by the writers). Figures are the JSON report's,
** cell for cell: numbers as the same exact decimals (num_to_decimal, 2
** digits where not finite), percentages as the fraction (the JSON's
** percentage ÷ 100, still exact), secret cells as the text "secret".
*/

typedef enum {
    SHEET_EMPTY,
    SHEET_TEXT,      /* text */
    SHEET_NUMBER,    /* text: an exact decimal ("731.5") */
    SHEET_INTEGER,   /* integer */
    SHEET_PERCENT,   /* text: the fraction as an exact decimal ("0.05" is 5 %) */
    SHEET_DATE,      /* date */
    SHEET_BOOL,      /* integer: 0 or 1 */
} SheetCellKind;

typedef struct SheetCell {
    SheetCellKind kind;
    const char *text;
    long integer;
    Date date;
} SheetCell;

typedef struct Sheet {
    const char *name;        /* at most 31 characters, none of []:*?/\ */
    int ncols;
    const char **header;     /* ncols labels */
    int *widths;             /* ncols widths, in characters */
    SheetCell *cells;        /* nrows × ncols, row by row */
    int nrows;
} Sheet;

typedef struct SheetBook {
    Sheet *sheets;
    int nsheets;
} SheetBook;

SheetBook *report_sheets(const EvalRun *e, const ReportOptions *o);

/* Number formats the writers give each kind. */
#define SHEET_FORMAT_NUMBER  "#,##0.##"
#define SHEET_FORMAT_WHOLE   "#,##0"

/* Whether a SHEET_NUMBER's decimal text has no fraction: such a number takes
** SHEET_FORMAT_WHOLE, as the spreadsheets show SHEET_FORMAT_NUMBER's decimal
** separator even with no decimal after it (200 as « 200, »). */
bool report_sheets_is_whole(const char *decimal);
#define SHEET_FORMAT_PERCENT "0.00%"
#define SHEET_FORMAT_DATE    "dd/mm/yyyy"

/* Both libraries write to a named file: a private temporary one (NULL, with a
** message, when none can be made), then copied to out and removed. */
char *report_sheets_temp(const ReportOptions *o);
bool report_sheets_deliver(char *path, bool written, FILE *out, const ReportOptions *o, const char *what,
                           const char *lib_why);

#endif
