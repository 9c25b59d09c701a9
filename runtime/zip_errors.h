/* runtime/zip_errors.h: libzip's error codes said in the user's words, French and English (libzip's own English text only for a code not known here). */
#ifndef CHARTE_ZIP_ERRORS_H
#define CHARTE_ZIP_ERRORS_H

#include "say.h"

/* A libzip error (ZIP_ER_…; sys: the system's errno for a read, seek or open
** error, 0 when none) in both languages; libzip_text, libzip's English
** wording, said as it is only for a code this list does not know. */
Say zip_errors_say(int code, int sys, const char *libzip_text);

#endif
