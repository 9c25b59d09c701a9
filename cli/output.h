/* cli/output.h: the report file of -o, checked before any work and given its name only when complete, whatever signal comes meanwhile. */
#ifndef CHARTE_OUTPUT_H
#define CHARTE_OUTPUT_H

#include "diag.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/*
** -o FILE, decided in docs/fiabilite.md ("Output files"):
**   - every error about FILE comes before any work: its folder missing or not
**     a folder, not writable, the name too long, FILE a directory, read-only,
**     or one of the run's inputs (same device and inode, through links);
**   - the report is written into an unnamed file in FILE's folder (O_TMPFILE)
**     that gets its name, atomically, only when complete: a signal, even
**     SIGKILL, leaves nothing behind. Where the file system has no O_TMPFILE,
**     a named temporary (.charte-PID-NAME.XXXXXX: the run, the file it
**     becomes) is used and removed by a handler of SIGINT, SIGTERM and
**     SIGHUP; SIGKILL leaves it, and the next write of the same file
**     removes it once provably ours and abandoned (output_remove_stale);
**   - a symbolic link is followed: its target is replaced, the link stays;
**   - a file replaced keeps its permission bits; a read-only one is refused;
**   - a device or a FIFO (/dev/null, /dev/stdout) is written in place.
*/
/* The reports one run may write (eval's -o, given several times). */
enum { OUTPUT_MAX = 8 };

typedef struct Output {
    FILE *fp;                /* where to write; stdout when no -o */
    const char *path;        /* as given; NULL for stdout */
    const char *option;      /* the option that gave it, as the user wrote it: "-o", "--sortie", fmt's "--write" */
    const char *target;      /* the file that will be replaced or created */
    const char *name;        /* its last component, inside dir_fd */
    int dir_fd;              /* its folder, -1 for stdout and in-place writes */
    bool unnamed;            /* fp is an O_TMPFILE file */
    bool exists;             /* target exists: dev, ino and mode are its own */
    dev_t dev;
    ino_t ino;
    mode_t mode;
    char tmp_name[NAME_MAX + 1];   /* the named temporary, when not unnamed */
    int slot;                /* its place in the signal handler's list, -1 when none */
    char *buffer;            /* fp's, when it is a regular file (output_run) */
} Output;

/* Checks PATH (NULL or "-": standard output), given by option as the user
** wrote it (-o, --sortie, fmt's --write…: messages name it so), and opens the
** file to write, before any work. false with a message printed (exit 2). */
bool output_prepare_as(Output *o, const char *option, const char *path, SayLang lang);

/* false, with a message, when the output is the file at input_path (the
** charter, an import, a data file): writing would destroy an input. An
** input that does not exist is not the output. */
bool output_is_not_input(const Output *o, const char *input_path, SayLang lang);

/* Flushes, checks for write errors (a full disk), syncs and names the file.
** false on error (message printed, nothing left behind). */
bool output_commit(Output *o, SayLang lang);

/* Drops the unfinished file: nothing is left behind. */
void output_abort(Output *o);

/* What a command writes into the prepared output; its exit status. */
typedef int OutputBody(void *cmd, Output *out);

/* -o's whole life in a command: prepared (every error about the file comes
** before any work), body run, the file committed when body's status is
** CLI_OK, or CLI_FINDINGS too with findings_written (diff's changes), else
** dropped. body's status, or CLI_ERROR when the file cannot be prepared or
** committed. option: how the user wrote -o (NULL: "-o"), for its messages. */
int output_run(const char *path, const char *option, SayLang lang, bool findings_written, OutputBody *body, void *cmd);

/* Several outputs of one run (eval's -o, each with its report): all
** prepared before any work, two that are one file refused; committed only
** when body succeeds, and then every file flushed (a full disk said) before
** any gets its name, so that a failure leaves none of them written. */
typedef int OutputsBody(void *cmd, Output *outs, int n);
int output_run_each(const char *const *paths, const char *const *options, int n, SayLang lang,
                    bool findings_written, OutputsBody *body, void *cmd);

#endif
