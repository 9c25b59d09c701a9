/* runtime/zip_errors.c: libzip's error codes said in the user's words, French and English (libzip's own English text only for a code not known here). */
#include "zip_errors.h"

#include "sys_errors.h"

#include <zip.h>

/* Why: libzip's zip_strerror is English only ("Not a zip archive", "CRC
** error"), and a French report said "classeur endommagé ou tronqué : Not a
** zip archive". The codes a damaged, truncated or protected workbook gives
** are said here in both languages; a code added by a later libzip still says
** something (its own text). */
#define ZIP_ERRORS_PASSWORD_FR "classeur protégé par un mot de passe : enregistrez-le sans mot de passe"
#define ZIP_ERRORS_PASSWORD_EN "workbook protected by a password: save it without a password"

typedef struct ZipErrorWords {
    int code;
    const char *fr, *en;
} ZipErrorWords;

static const ZipErrorWords zip_errors_words[] = {
    { ZIP_ER_NOZIP, "ce n'est pas une archive zip", "not a zip archive" },
    { ZIP_ER_CRC, "somme de contrôle (CRC) fausse : le contenu est altéré", "checksum (CRC) mismatch: the content is altered" },
    { ZIP_ER_INCONS, "archive zip incohérente", "inconsistent zip archive" },
    { ZIP_ER_EOF, "fin de fichier prématurée", "premature end of file" },
    { ZIP_ER_READ, "erreur de lecture", "read error" },
    { ZIP_ER_SEEK, "erreur de positionnement dans le fichier", "seek error in the file" },
    { ZIP_ER_TELL, "erreur de positionnement dans le fichier", "seek error in the file" },
    { ZIP_ER_OPEN, "impossible d'ouvrir le fichier", "cannot open the file" },
    { ZIP_ER_NOENT, "partie absente de l'archive", "part missing from the archive" },
    { ZIP_ER_MULTIDISK, "archive en plusieurs volumes, non prise en charge", "multi-volume archive, not supported" },
    { ZIP_ER_WRONGPASSWD, ZIP_ERRORS_PASSWORD_FR, ZIP_ERRORS_PASSWORD_EN },
    { ZIP_ER_NOPASSWD, ZIP_ERRORS_PASSWORD_FR, ZIP_ERRORS_PASSWORD_EN },
    { ZIP_ER_ENCRNOTSUPP, ZIP_ERRORS_PASSWORD_FR, ZIP_ERRORS_PASSWORD_EN },
    { ZIP_ER_COMPNOTSUPP, "méthode de compression non prise en charge : enregistrez le classeur à nouveau dans le tableur",
      "compression method not supported: save the workbook again in the spreadsheet" },
    { ZIP_ER_ZLIB, "données compressées invalides", "invalid compressed data" },
    { ZIP_ER_COMPRESSED_DATA, "données compressées invalides", "invalid compressed data" },
    { ZIP_ER_MEMORY, "mémoire insuffisante", "out of memory" },
};

static Say zip_errors_known(int code)
{
    for (size_t i = 0; i < sizeof zip_errors_words / sizeof zip_errors_words[0]; i++)
        if (zip_errors_words[i].code == code)
            return say(zip_errors_words[i].fr, zip_errors_words[i].en);
    return SAY_NONE;
}

Say zip_errors_say(int code, int sys, const char *libzip_text)
{
    Say s = zip_errors_known(code);
    if (!say_is_set(s))
        return libzip_text && *libzip_text ? say(libzip_text, libzip_text)
                                           : SAYF(("erreur de libzip n° %d", code), ("libzip error %d", code));
    if (sys != 0 && (code == ZIP_ER_READ || code == ZIP_ER_SEEK || code == ZIP_ER_TELL || code == ZIP_ER_OPEN)) {
        Say why = sys_errors_say(sys);
        return SAYF(("%s : %s", s.fr, why.fr), ("%s: %s", s.en, why.en));
    }
    return s;
}
