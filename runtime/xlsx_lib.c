/* runtime/xlsx_lib.c: libxlsxwriter, opened by the first XLSX report written (xlsx_lib.h). */
#include "xlsx_lib.h"

#include "dynlib.h"

#ifndef CHARTE_XLSX_SONAME
#define CHARTE_XLSX_SONAME "libxlsxwriter.so"   /* the Makefile names the one built against */
#endif

DYNLIB_DEFINE(xlsx_lib, XlsxLib, XLSX_LIB_FUNCTIONS, CHARTE_XLSX_SONAME)
