/* runtime/zip_errors.c: libzip's error codes said in the user's words, French and English (libzip's own English text only for a code not known here). */
#include "zip_errors.h"

#include <string.h>
#include <zip.h>

/* Why: libzip's zip_strerror is English only ("Not a zip archive", "CRC
** error"), and a French report said "classeur endommagé ou tronqué : Not a
** zip archive". The codes a damaged, truncated or protected workbook gives
** are said here in both languages; a code added by a later libzip still says
** something (its own text). */
static Say zip_errors_known(int code)
{
    switch (code) {
    case ZIP_ER_NOZIP:
        return say("ce n'est pas une archive zip", "not a zip archive");
    case ZIP_ER_CRC:
        return say("somme de contrôle (CRC) fausse : le contenu est altéré",
                   "checksum (CRC) mismatch: the content is altered");
    case ZIP_ER_INCONS:
        return say("archive zip incohérente", "inconsistent zip archive");
    case ZIP_ER_EOF:
        return say("fin de fichier prématurée", "premature end of file");
    case ZIP_ER_READ:
        return say("erreur de lecture", "read error");
    case ZIP_ER_SEEK:
    case ZIP_ER_TELL:
        return say("erreur de positionnement dans le fichier", "seek error in the file");
    case ZIP_ER_OPEN:
        return say("impossible d'ouvrir le fichier", "cannot open the file");
    case ZIP_ER_NOENT:
        return say("partie absente de l'archive", "part missing from the archive");
    case ZIP_ER_MULTIDISK:
        return say("archive en plusieurs volumes, non prise en charge", "multi-volume archive, not supported");
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
        return say("classeur protégé par un mot de passe : enregistrez-le sans mot de passe",
                   "workbook protected by a password: save it without a password");
    case ZIP_ER_COMPNOTSUPP:
        return say("méthode de compression non prise en charge : enregistrez le classeur à nouveau dans le tableur",
                   "compression method not supported: save the workbook again in the spreadsheet");
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA:
        return say("données compressées invalides", "invalid compressed data");
    case ZIP_ER_MEMORY:
        return say("mémoire insuffisante", "out of memory");
    default:
        return SAY_NONE;
    }
}

Say zip_errors_say(int code, int sys, const char *libzip_text)
{
    Say s = zip_errors_known(code);
    if (!say_is_set(s))
        return libzip_text && *libzip_text ? say(libzip_text, libzip_text)
                                           : SAYF(("erreur de libzip n° %d", code), ("libzip error %d", code));
    if (sys != 0 && (code == ZIP_ER_READ || code == ZIP_ER_SEEK || code == ZIP_ER_TELL || code == ZIP_ER_OPEN))
        return SAYF(("%s (%s)", s.fr, strerror(sys)), ("%s (%s)", s.en, strerror(sys)));
    return s;
}
