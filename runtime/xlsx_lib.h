/* runtime/xlsx_lib.h: libxlsxwriter, opened by the first XLSX report written (base/dynlib.h); its functions called by their own names. */
#ifndef CHARTE_XLSX_LIB_H
#define CHARTE_XLSX_LIB_H

#include <stdbool.h>
#include <xlsxwriter.h>

#define XLSX_LIB_FUNCTIONS(X) \
    X(format_set_bg_color) X(format_set_bold) X(format_set_num_format) X(workbook_add_format) \
    X(workbook_add_worksheet) X(workbook_close) X(workbook_new_opt) X(workbook_set_properties) \
    X(worksheet_freeze_panes) X(worksheet_set_column) X(worksheet_write_boolean) X(worksheet_write_number) \
    X(worksheet_write_string)

#define XLSX_LIB_FIELD(f) __typeof__(f) *f;
typedef struct XlsxLib {
    XLSX_LIB_FUNCTIONS(XLSX_LIB_FIELD)
} XlsxLib;

/* Opens libxlsxwriter once; false when it cannot be (xlsx_lib_why says why). */
bool xlsx_lib_ready(void);
/* Why it cannot be (the loader's reason), for the caller's error. */
const char *xlsx_lib_why(void);
/* Its functions; opened on first use. */
const XlsxLib *xlsx_lib(void);

/* Every call below goes through the table: the program is not linked with
** libxlsxwriter (Makefile: CHARTE_LIBS). */
#define format_set_bg_color(...) (xlsx_lib()->format_set_bg_color(__VA_ARGS__))
#define format_set_bold(...) (xlsx_lib()->format_set_bold(__VA_ARGS__))
#define format_set_num_format(...) (xlsx_lib()->format_set_num_format(__VA_ARGS__))
#define workbook_add_format(...) (xlsx_lib()->workbook_add_format(__VA_ARGS__))
#define workbook_add_worksheet(...) (xlsx_lib()->workbook_add_worksheet(__VA_ARGS__))
#define workbook_close(...) (xlsx_lib()->workbook_close(__VA_ARGS__))
#define workbook_new_opt(...) (xlsx_lib()->workbook_new_opt(__VA_ARGS__))
#define workbook_set_properties(...) (xlsx_lib()->workbook_set_properties(__VA_ARGS__))
#define worksheet_freeze_panes(...) (xlsx_lib()->worksheet_freeze_panes(__VA_ARGS__))
#define worksheet_set_column(...) (xlsx_lib()->worksheet_set_column(__VA_ARGS__))
#define worksheet_write_boolean(...) (xlsx_lib()->worksheet_write_boolean(__VA_ARGS__))
#define worksheet_write_number(...) (xlsx_lib()->worksheet_write_number(__VA_ARGS__))
#define worksheet_write_string(...) (xlsx_lib()->worksheet_write_string(__VA_ARGS__))

#endif
