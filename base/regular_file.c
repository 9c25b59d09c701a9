/* base/regular_file.c: opening a path for reading only when it names a regular file, never blocking on a FIFO or touching a device, and the words that refuse a folder or a FIFO. */
#include "regular_file.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static RegularFileStatus regular_file_kind(const struct stat *st)
{
    if (S_ISDIR(st->st_mode))
        return REGULAR_FILE_IS_DIRECTORY;
    return S_ISREG(st->st_mode) ? REGULAR_FILE_OK : REGULAR_FILE_NOT_REGULAR;
}

static RegularFileStatus regular_file_errno_status(int err)
{
    return err == ENOENT || err == ENOTDIR ? REGULAR_FILE_NOT_FOUND : REGULAR_FILE_UNREADABLE;
}

int regular_file_open(const char *path, struct stat *st, RegularFileStatus *status)
{
    if (stat(path, st) != 0) {
        *status = regular_file_errno_status(errno);
        return -1;
    }
    if ((*status = regular_file_kind(st)) != REGULAR_FILE_OK)
        return -1;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *status = regular_file_errno_status(errno);
        return -1;
    }
    if (fstat(fd, st) != 0 || (*status = regular_file_kind(st)) != REGULAR_FILE_OK) {
        int err = errno;
        if (*status == REGULAR_FILE_OK)
            *status = REGULAR_FILE_UNREADABLE;
        close(fd);
        errno = err;
        return -1;
    }
    /* Reads of a regular file never block; the flag goes so that nothing
    ** downstream ever sees EAGAIN. */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

Say regular_file_refusal(RegularFileStatus status)
{
    if (status == REGULAR_FILE_IS_DIRECTORY)
        return say("est un dossier, pas un fichier", "is a folder, not a file");
    return say("n'est pas un fichier ordinaire (tube, socket ou périphérique)",
               "not a regular file (a pipe, a socket or a device)");
}
