/* base/sys_errors.c: the system's error numbers (errno) said in the user's words, French and English, never in the C library's own language. */
#include "sys_errors.h"

#include "gc.h"

#include <errno.h>
#include <string.h>

/* Why: strerror speaks the C library's language (English here, whatever
** CHARTE_LANG says), and a French message read "erreur de lecture
** (Input/output error)". The errnos that opening, reading, seeking or
** writing a file can give are said here. */
typedef struct SysErrorWords {
    int e;
    const char *name, *fr, *en;
} SysErrorWords;

static const SysErrorWords sys_errors_words[] = {
    { EIO, "EIO", "erreur d'entrée-sortie", "input/output error" },
    { ENOENT, "ENOENT", "fichier ou dossier introuvable", "no such file or folder" },
    { ENOTDIR, "ENOTDIR", "un élément du chemin n'est pas un dossier", "a component of the path is not a folder" },
    { EISDIR, "EISDIR", "est un dossier, pas un fichier", "is a folder, not a file" },
    { EACCES, "EACCES", "permission refusée", "permission denied" },
    { EPERM, "EPERM", "opération non permise", "operation not permitted" },
    { ENOMEM, "ENOMEM", "mémoire insuffisante", "out of memory" },
    { EFBIG, "EFBIG", "fichier trop gros", "file too large" },
    { EOVERFLOW, "EOVERFLOW", "fichier trop gros pour être lu ici", "file too large to be read here" },
    { ENAMETOOLONG, "ENAMETOOLONG", "nom de fichier trop long", "file name too long" },
    { ELOOP, "ELOOP", "trop de liens symboliques en chaîne", "too many levels of symbolic links" },
    { EMFILE, "EMFILE", "trop de fichiers ouverts par le programme", "too many files open in the program" },
    { ENFILE, "ENFILE", "trop de fichiers ouverts sur le système", "too many files open in the system" },
    { ENXIO, "ENXIO", "périphérique absent", "no such device" },
    { ENODEV, "ENODEV", "périphérique absent", "no such device" },
    { ESTALE, "ESTALE", "fichier réseau devenu inaccessible", "stale network file handle" },
    { ETIMEDOUT, "ETIMEDOUT", "délai dépassé", "timed out" },
    { EAGAIN, "EAGAIN", "ressource momentanément indisponible", "resource temporarily unavailable" },
    { EINTR, "EINTR", "lecture interrompue", "interrupted" },
    { EINVAL, "EINVAL", "argument invalide", "invalid argument" },
    { EBADF, "EBADF", "descripteur de fichier invalide", "bad file descriptor" },
    { ENOSPC, "ENOSPC", "plus de place sur le disque", "no space left on the disk" },
    { EDQUOT, "EDQUOT", "quota de disque dépassé", "disk quota exceeded" },
    { EROFS, "EROFS", "système de fichiers en lecture seule", "read-only file system" },
    { ETXTBSY, "ETXTBSY", "fichier occupé", "file busy" },
};

Say sys_errors_say(int e)
{
    for (size_t i = 0; i < sizeof sys_errors_words / sizeof sys_errors_words[0]; i++) {
        const SysErrorWords *w = &sys_errors_words[i];
        if (w->e == e)
            return SAYF(("%s (%s)", w->fr, w->name), ("%s (%s)", w->en, w->name));
    }
    const char *name = strerrorname_np(e);
    if (name)
        return SAYF(("erreur système %s (n° %d)", name, e), ("system error %s (no. %d)", name, e));
    return SAYF(("erreur système n° %d", e), ("system error no. %d", e));
}
