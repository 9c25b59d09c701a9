/* base/regular_file.h: opening a path for reading only when it names a regular file, never blocking on a FIFO or touching a device, and the words that refuse a folder or a FIFO. */
#ifndef CHARTE_REGULAR_FILE_H
#define CHARTE_REGULAR_FILE_H

#include "say.h"

#include <sys/stat.h>

typedef enum {
    REGULAR_FILE_OK = 0,
    REGULAR_FILE_NOT_FOUND,     /* ENOENT, or a path through a file (ENOTDIR) */
    REGULAR_FILE_IS_DIRECTORY,
    REGULAR_FILE_NOT_REGULAR,   /* a FIFO, a socket, a device */
    REGULAR_FILE_UNREADABLE     /* any other failure; errno says which */
} RegularFileStatus;

/*
** Opens path read-only (close-on-exec) when it is a regular file, and fills *st
** from the open descriptor. A FIFO is refused before any open (opening one for
** reading blocks until a writer comes), and the open itself is non-blocking and
** checked again with fstat, so that a FIFO swapped in between the two is refused
** too. Returns the descriptor, or -1 with *status saying why (errno kept).
*/
int regular_file_open(const char *path, struct stat *st, RegularFileStatus *status);

/* Why a folder or a FIFO, a socket, a device is refused, said the same by
** every reader and writer (charter, data, -o): "est un dossier, pas un
** fichier", "n'est pas un fichier ordinaire (tube, socket ou périphérique)".
** Only for REGULAR_FILE_IS_DIRECTORY and REGULAR_FILE_NOT_REGULAR. */
Say regular_file_refusal(RegularFileStatus status);

#endif
