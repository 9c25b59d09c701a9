/* runtime/zip_lib.c: libzip, opened by the first workbook read or written (zip_lib.h). */
#include "zip_lib.h"

#include "dynlib.h"

#ifndef CHARTE_ZIP_SONAME
#define CHARTE_ZIP_SONAME "libzip.so"   /* the Makefile names the one built against */
#endif

DYNLIB_DEFINE(zip_lib, ZipLib, ZIP_LIB_FUNCTIONS, CHARTE_ZIP_SONAME)
