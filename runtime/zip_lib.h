/* runtime/zip_lib.h: libzip, opened by the first workbook read or written (base/dynlib.h); its functions called by their own names. */
#ifndef CHARTE_ZIP_LIB_H
#define CHARTE_ZIP_LIB_H

#include <stdbool.h>
#include <zip.h>

#define ZIP_LIB_FUNCTIONS(X) \
    X(zip_close) X(zip_discard) X(zip_error_code_system) X(zip_error_code_zip) X(zip_error_fini) \
    X(zip_error_init_with_code) X(zip_error_strerror) X(zip_fclose) X(zip_fdopen) X(zip_file_add) \
    X(zip_file_get_error) X(zip_file_set_mtime) X(zip_file_strerror) X(zip_fopen) X(zip_get_error) \
    X(zip_fread) X(zip_name_locate) X(zip_open) X(zip_set_file_compression) X(zip_source_buffer) \
    X(zip_source_free) X(zip_stat) X(zip_strerror)

#define ZIP_LIB_FIELD(f) __typeof__(f) *f;
typedef struct ZipLib {
    ZIP_LIB_FUNCTIONS(ZIP_LIB_FIELD)
} ZipLib;

/* Opens libzip once; false when it cannot be (zip_lib_why says why). Before any
** workbook is read or written: a reader or writer that fails says why. */
bool zip_lib_ready(void);
/* Why it cannot be (the loader's reason), for the caller's error. */
const char *zip_lib_why(void);
/* Its functions; opened on first use. */
const ZipLib *zip_lib(void);

/* Every call below goes through the table: the program is not linked with
** libzip (Makefile: CHARTE_LIBS). */
#define zip_close(...) (zip_lib()->zip_close(__VA_ARGS__))
#define zip_discard(...) (zip_lib()->zip_discard(__VA_ARGS__))
#define zip_error_code_system(...) (zip_lib()->zip_error_code_system(__VA_ARGS__))
#define zip_error_code_zip(...) (zip_lib()->zip_error_code_zip(__VA_ARGS__))
#define zip_error_fini(...) (zip_lib()->zip_error_fini(__VA_ARGS__))
#define zip_error_init_with_code(...) (zip_lib()->zip_error_init_with_code(__VA_ARGS__))
#define zip_error_strerror(...) (zip_lib()->zip_error_strerror(__VA_ARGS__))
#define zip_fclose(...) (zip_lib()->zip_fclose(__VA_ARGS__))
#define zip_fdopen(...) (zip_lib()->zip_fdopen(__VA_ARGS__))
#define zip_file_add(...) (zip_lib()->zip_file_add(__VA_ARGS__))
#define zip_file_get_error(...) (zip_lib()->zip_file_get_error(__VA_ARGS__))
#define zip_file_set_mtime(...) (zip_lib()->zip_file_set_mtime(__VA_ARGS__))
#define zip_file_strerror(...) (zip_lib()->zip_file_strerror(__VA_ARGS__))
#define zip_fopen(...) (zip_lib()->zip_fopen(__VA_ARGS__))
#define zip_fread(...) (zip_lib()->zip_fread(__VA_ARGS__))
#define zip_get_error(...) (zip_lib()->zip_get_error(__VA_ARGS__))
#define zip_name_locate(...) (zip_lib()->zip_name_locate(__VA_ARGS__))
#define zip_open(...) (zip_lib()->zip_open(__VA_ARGS__))
#define zip_set_file_compression(...) (zip_lib()->zip_set_file_compression(__VA_ARGS__))
#define zip_source_buffer(...) (zip_lib()->zip_source_buffer(__VA_ARGS__))
#define zip_source_free(...) (zip_lib()->zip_source_free(__VA_ARGS__))
#define zip_stat(...) (zip_lib()->zip_stat(__VA_ARGS__))
#define zip_strerror(...) (zip_lib()->zip_strerror(__VA_ARGS__))

#endif
