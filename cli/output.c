/* cli/output.c: the report file of -o, checked before any work and given its name only when complete, whatever signal comes meanwhile. */
#include "output.h"

#include "cli.h"
#include "gc.h"
#include "path.h"
#include "regular_file.h"
#include "sys_errors.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the named temporary's signal handler -------------------------------------------------- */

/*
** Where the file system has no O_TMPFILE, each report goes to a named
** temporary that a signal must not leave behind (eval writes up to
** OUTPUT_MAX of them in one run). A handler can reach only static storage,
** so this is the one piece of mutable state outside a struct: a slot per
** temporary, its folder and name prepared before its flag is set, and the
** handler installed while any slot is taken. The handler does only
** async-signal-safe work: unlinkat, then the default action again and raise.
*/
static volatile sig_atomic_t output_pending[OUTPUT_MAX];
static int output_pending_dir[OUTPUT_MAX];
static char output_pending_name[OUTPUT_MAX][NAME_MAX + 1];
static int output_watched;
static const int output_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define OUTPUT_NSIGNALS (sizeof output_signals / sizeof output_signals[0])
static struct sigaction output_saved[OUTPUT_NSIGNALS];

static void output_on_signal(int sig)
{
    for (int i = 0; i < OUTPUT_MAX; i++) {
        if (output_pending[i])
            (void)unlinkat(output_pending_dir[i], output_pending_name[i], 0);
        output_pending[i] = 0;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void output_install_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = output_on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < OUTPUT_NSIGNALS; i++)
        sigaddset(&sa.sa_mask, output_signals[i]);
    for (size_t i = 0; i < OUTPUT_NSIGNALS; i++) {
        /* A signal ignored from the start (nohup, a background job) stays ignored. */
        sigaction(output_signals[i], NULL, &output_saved[i]);
        if (output_saved[i].sa_handler != SIG_IGN)
            sigaction(output_signals[i], &sa, NULL);
    }
}

/* o's named temporary in a free slot (OUTPUT_MAX outputs at most are
** prepared at once, so one is free), the handler installed with the first. */
static void output_watch(Output *o)
{
    int slot = 0;
    while (slot < OUTPUT_MAX - 1 && output_pending[slot])
        slot++;
    output_pending_dir[slot] = o->dir_fd;
    memcpy(output_pending_name[slot], o->tmp_name, sizeof output_pending_name[slot]);
    output_pending[slot] = 1;
    o->slot = slot;
    if (output_watched++ == 0)
        output_install_handler();
}

static void output_unwatch(Output *o)
{
    if (o->slot < 0)
        return;
    output_pending[o->slot] = 0;
    o->slot = -1;
    if (--output_watched == 0)
        for (size_t i = 0; i < OUTPUT_NSIGNALS; i++)
            sigaction(output_signals[i], &output_saved[i], NULL);
}

/* The three signals held off while the finished file gets its name, so that
** none comes between the link and the rename. */
static void output_block_signals(bool block, sigset_t *saved)
{
    if (block) {
        sigset_t set;
        sigemptyset(&set);
        for (size_t i = 0; i < OUTPUT_NSIGNALS; i++)
            sigaddset(&set, output_signals[i]);
        sigprocmask(SIG_BLOCK, &set, saved);
    } else {
        sigprocmask(SIG_SETMASK, saved, NULL);
    }
}

/* ---- checks before any work ---------------------------------------------------------------- */

/* The file named by its option, as the user wrote it (-o, or fmt's -w). */
static bool output_fail(const Output *o, SayLang lang, const char *fr, const char *en)
{
    cli_error(lang, CLI_CODE_OUTPUT, SAYF(("%s « %s » : %s", o->option, o->path, fr), ("%s %s: %s", o->option, say_q_en(o->path), en)));
    return false;
}

static bool output_refused(const Output *o, SayLang lang, RegularFileStatus status)
{
    Say why = regular_file_refusal(status);
    return output_fail(o, lang, why.fr, why.en);
}

/* A folder where a file is wanted (-o D, -o D/.): the fix is a file's name inside it. */
static bool output_is_folder(const Output *o, SayLang lang)
{
    return output_fail(o, lang, "est un dossier, pas un fichier : donnez un nom de fichier dans ce dossier",
                       "is a folder, not a file: give a file name inside it");
}

static bool output_fail_errno(const Output *o, SayLang lang, int err)
{
    Say why = sys_errors_say(err);
    return output_fail(o, lang, why.fr, why.en);
}

/* A device or a FIFO, even behind a link (/dev/stdout on a pipe, whose
** target has no path): written in place, since renaming over /dev/null
** would replace the device itself. */
static bool output_open_in_place(Output *o, SayLang lang)
{
    struct stat st;
    if (stat(o->path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return true;
    o->exists = true;
    o->dev = st.st_dev;
    o->ino = st.st_ino;
    o->fp = fopen(o->path, "w");
    if (!o->fp)
        return output_fail_errno(o, lang, errno);
    return true;
}

/* A symbolic link is followed: its target is what gets replaced. */
static bool output_resolve(Output *o, SayLang lang)
{
    struct stat lst;
    o->target = o->path;
    if (lstat(o->path, &lst) != 0 || !S_ISLNK(lst.st_mode))
        return true;
    char *real = realpath(o->path, NULL);
    if (!real)
        return output_fail(o, lang,
                           "lien symbolique vers un fichier absent ou inaccessible : donnez le chemin du fichier",
                           "symbolic link to a missing or unreachable file: give the file's own path");
    o->target = rt_strdup(real);
    free(real);
    return true;
}

static bool output_open_folder(Output *o, SayLang lang)
{
    const char *dir = path_dir(o->target);
    o->name = path_base(o->target);
    if (o->name[0] == '\0' || strcmp(o->name, ".") == 0 || strcmp(o->name, "..") == 0)
        return output_is_folder(o, lang);
    o->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->dir_fd < 0) {
        int err = errno;
        if (err == ENOENT)   /* charte creates no folder: a typo there would scatter reports */
            return output_fail(o, lang, rt_sprintf("dossier introuvable (« %s ») : créez-le d'abord", dir),
                               rt_sprintf("no such folder (%s): create it first", say_q_en(dir)));
        if (err == ENOTDIR)
            return output_fail(o, lang, "le chemin passe par un fichier qui n'est pas un dossier",
                               "the path goes through a file that is not a folder");
        return output_fail_errno(o, lang, err);
    }
    long max = fpathconf(o->dir_fd, _PC_NAME_MAX);
    if (max > 0 && strlen(o->name) > (size_t)max)
        return output_fail(o, lang,
                           rt_sprintf("nom trop long (%zu octets ; ce système de fichiers en accepte %ld)",
                                      strlen(o->name), max),
                           rt_sprintf("name too long (%zu bytes; this file system takes %ld)",
                                      strlen(o->name), max));
    return true;
}

/* What is already at the target: a directory is refused, a read-only file
** too (a device was taken by output_open_in_place; one that appears since is
** refused). */
static bool output_check_existing(Output *o, SayLang lang)
{
    struct stat st;
    if (fstatat(o->dir_fd, o->name, &st, 0) != 0) {
        if (errno == ENOENT)
            return true;
        return output_fail_errno(o, lang, errno);
    }
    if (S_ISDIR(st.st_mode))
        return output_is_folder(o, lang);
    o->exists = true;
    o->dev = st.st_dev;
    o->ino = st.st_ino;
    o->mode = st.st_mode & 07777;
    if (!S_ISREG(st.st_mode))
        return output_refused(o, lang, REGULAR_FILE_NOT_REGULAR);
    /* Permission bits, not access(): root may write anything, but a file
    ** someone made read-only is not for charte to replace. */
    if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0
        || faccessat(o->dir_fd, o->name, W_OK, AT_EACCESS) != 0)
        return output_fail(o, lang, "fichier en lecture seule : charte ne le remplace pas",
                           "read-only file: charte does not replace it");
    return true;
}

/* Naming an unnamed file at the end needs /proc (or a privilege for
** AT_EMPTY_PATH): known now, so that the end cannot fail for want of it. */
static bool output_can_link(int fd)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    return access(proc, F_OK) == 0;
}

/* ---- the temporary's name, and those that SIGKILL left ------------------------------------ */

/*
** A named temporary says what it is and which run made it:
** .charte-PID-NAME.XXXXXX, NAME the file it becomes (cut to fit the folder's
** name length). Its writer holds an flock on it while it lives; the lock goes
** with the process, however it dies. SIGKILL (or a machine that stops)
** leaves the file, which no handler can remove: the next write of the same
** NAME removes it only when it is provably ours and abandoned — our name's
** exact form, a regular file of our user with one link, no process of that
** number here, and its lock free. Anything else is left alone.
*/
enum { OUTPUT_RANDOM = 6 };   /* mkostemp's XXXXXX */

/* NAME as the temporary carries it: whole when it fits, else cut at a character. */
static size_t output_name_part(const Output *o, size_t pid_digits)
{
    long max = fpathconf(o->dir_fd, _PC_NAME_MAX);
    size_t fixed = strlen(".charte--.") + pid_digits + OUTPUT_RANDOM, whole = max > 0 ? (size_t)max : NAME_MAX;
    size_t room = whole > fixed ? whole - fixed : 0, len = strlen(o->name);
    if (len <= room)
        return len;
    while (room > 0 && ((unsigned char)o->name[room] & 0xC0) == 0x80)
        room--;
    return room;
}

/* The temporary's name for this run, its last six characters `last`. */
static const char *output_temp_name(const Output *o, const char *last)
{
    long pid = (long)getpid();
    int digits = snprintf(NULL, 0, "%ld", pid);
    return rt_sprintf(".charte-%ld-%.*s.%s", pid, (int)output_name_part(o, (size_t)digits), o->name, last);
}

/* The run that left `entry`, when entry is a temporary of this output's NAME; 0 when not. */
static long output_stale_pid(const Output *o, const char *entry)
{
    if (strncmp(entry, ".charte-", 8) != 0)
        return 0;
    const char *p = entry + 8;
    long pid = 0;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 10)
        pid = pid * 10 + (*p++ - '0'), digits++;
    if (digits == 0 || *p++ != '-' || pid <= 0)
        return 0;
    size_t part = output_name_part(o, digits);
    if (strncmp(p, o->name, part) != 0 || p[part] != '.')
        return 0;
    p += part + 1;
    for (int i = 0; i < OUTPUT_RANDOM; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z')))
            return 0;
    return p[OUTPUT_RANDOM] == '\0' ? pid : 0;
}

/* entry, a temporary of this output's NAME, removed when abandoned (above). */
static void output_remove_if_abandoned(const Output *o, const char *entry, long pid)
{
    struct stat st, opened;
    if (pid == (long)getpid() || fstatat(o->dir_fd, entry, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)
        || st.st_uid != geteuid() || st.st_nlink != 1)
        return;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
        return;   /* that number is a process here: perhaps its writer */
    int fd = openat(o->dir_fd, entry, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &opened) == 0 && opened.st_dev == st.st_dev
        && opened.st_ino == st.st_ino)
        (void)unlinkat(o->dir_fd, entry, 0);
    close(fd);
}

static void output_remove_stale(const Output *o)
{
    int fd = dup(o->dir_fd);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return;
    }
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        long pid = output_stale_pid(o, e->d_name);
        if (pid > 0)
            output_remove_if_abandoned(o, e->d_name, pid);
    }
    closedir(dir);
}

/* O_TMPFILE where the file system has it, else a named temporary watched
** by the signal handler. Either way in the target's folder, so that naming
** it at the end is a link or a rename, never a copy. */
static bool output_open_temporary(Output *o, SayLang lang)
{
    output_remove_stale(o);
    int fd = openat(o->dir_fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd >= 0 && !getenv("CHARTE_OUTPUT_NO_TMPFILE") && output_can_link(fd)) {
        o->unnamed = true;
        (void)flock(fd, LOCK_EX | LOCK_NB);   /* held when it is linked under a name at the end */
    } else {
        if (fd >= 0)
            close(fd);
        else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
            return output_fail_errno(o, lang, errno);
        const char *dir = path_dir(o->target);
        char *tmpl = rt_sprintf("%s/%s", dir, output_temp_name(o, "XXXXXX"));
        fd = mkostemp(tmpl, O_CLOEXEC);
        if (fd < 0)
            return output_fail_errno(o, lang, errno);
        (void)flock(fd, LOCK_EX | LOCK_NB);   /* where locks are not kept, the process check alone guards it */
        snprintf(o->tmp_name, sizeof o->tmp_name, "%s", path_base(tmpl));
        output_watch(o);
        /* mkstemp creates 0600; the report should look like any file the user writes. */
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    if (o->exists)
        (void)fchmod(fd, o->mode);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        int err = errno;
        close(fd);
        output_abort(o);
        return output_fail_errno(o, lang, err);
    }
    return true;
}

bool output_prepare_as(Output *o, const char *option, const char *path, SayLang lang)
{
    memset(o, 0, sizeof *o);
    o->dir_fd = -1;
    o->slot = -1;
    o->option = option;
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return true;
    }
    o->path = path;
    if (path[0] == '\0')
        return output_fail(o, lang, "nom de fichier vide", "empty file name");
    if (!output_open_in_place(o, lang))
        return false;
    if (o->fp)
        return true;
    if (!output_resolve(o, lang) || !output_open_folder(o, lang) || !output_check_existing(o, lang)) {
        output_abort(o);
        return false;
    }
    return output_open_temporary(o, lang);
}

bool output_is_not_input(const Output *o, const char *input_path, SayLang lang)
{
    struct stat st;
    if (!o->exists || !input_path || stat(input_path, &st) != 0)
        return true;
    if (st.st_dev != o->dev || st.st_ino != o->ino)
        return true;
    cli_error(lang, CLI_CODE_OUTPUT, SAYF(("%s « %s » est aussi une entrée de la commande (« %s ») : l'écrire la détruirait",
                          o->option, o->path, input_path),
                         ("%s %s is also an input of the command (%s): writing it would destroy it",
                          o->option, say_q_en(o->path), say_q_en(input_path))));
    return false;
}

/* ---- giving the finished file its name ----------------------------------------------------- */

/* Links the unnamed file at name in dir_fd: through /proc/self/fd, or with
** AT_EMPTY_PATH where /proc is missing (that one needs privileges). */
static int output_link_unnamed(const Output *o, const char *name)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(o->fp));
    if (linkat(AT_FDCWD, proc, o->dir_fd, name, AT_SYMLINK_FOLLOW) == 0)
        return 0;
    if (errno != ENOENT)
        return -1;
    return linkat(fileno(o->fp), "", o->dir_fd, name, AT_EMPTY_PATH);
}

static int output_name_unnamed(Output *o)
{
    if (output_link_unnamed(o, o->name) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    /* link() does not replace: link a short name, then rename it over the
    ** target, atomically. The signals are held off in between. */
    snprintf(o->tmp_name, sizeof o->tmp_name, "%s", output_temp_name(o, "linked"));
    (void)unlinkat(o->dir_fd, o->tmp_name, 0);
    if (output_link_unnamed(o, o->tmp_name) != 0)
        return -1;
    if (renameat(o->dir_fd, o->tmp_name, o->dir_fd, o->name) != 0) {
        int err = errno;
        (void)unlinkat(o->dir_fd, o->tmp_name, 0);
        errno = err;
        return -1;
    }
    return 0;
}

static void output_write_error(const Output *o, SayLang lang, int err)
{
    const char *name = o->path ? o->path : lang == SAY_EN ? "(standard output)" : "(sortie standard)";
    if (err)
        cli_error(lang, CLI_CODE_OUTPUT, SAYF(("écriture de « %s » impossible : %s", name, sys_errors_say(err).fr),
                             ("cannot write %s: %s", say_q_en(name), sys_errors_say(err).en)));
    else
        /* The stream failed during an earlier write, whose errno is gone. */
        cli_error(lang, CLI_CODE_OUTPUT, SAYF(("écriture de « %s » incomplète (disque plein ?)", name),
                             ("incomplete write to %s (disk full?)", say_q_en(name))));
}

/* Flushes and syncs: a write error (a full disk) comes out here, said,
** before any file of the run gets its name. */
static bool output_flush(Output *o, SayLang lang)
{
    if (!o->fp)
        return false;
    errno = 0;
    bool ok = fflush(o->fp) == 0 && !ferror(o->fp);
    int err = errno;
    if (ok && o->fp != stdout && o->dir_fd >= 0 && fsync(fileno(o->fp)) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok)
        output_write_error(o, lang, err);
    return ok;
}

/* The flushed file named (a link or a rename, the signals held off in
** between) and closed; false, said, when it could not be. */
static bool output_name(Output *o, SayLang lang)
{
    if (o->fp == stdout) {
        o->fp = NULL;
        return true;
    }
    bool ok = true;
    int err = 0;
    if (o->dir_fd >= 0) {
        sigset_t saved;
        output_block_signals(true, &saved);
        int rc = o->unnamed ? output_name_unnamed(o) : renameat(o->dir_fd, o->tmp_name, o->dir_fd, o->name);
        if (rc != 0) {
            ok = false;
            err = errno;
        } else if (!o->unnamed) {
            output_unwatch(o);    /* renamed: nothing left to remove */
        }
        output_block_signals(false, &saved);
        if (ok)
            (void)fsync(o->dir_fd);
    }
    errno = 0;
    if (fclose(o->fp) != 0 && ok) {
        ok = false;
        err = errno;
    }
    o->fp = NULL;
    if (!ok)
        output_write_error(o, lang, err);
    output_abort(o);
    return ok;
}

bool output_commit(Output *o, SayLang lang)
{
    if (output_flush(o, lang) && output_name(o, lang))
        return true;
    output_abort(o);
    return false;
}

void output_abort(Output *o)
{
    if (o->fp == stdout)
        fflush(stdout);
    else if (o->fp)
        fclose(o->fp);
    o->fp = NULL;
    if (o->dir_fd >= 0) {
        if (o->slot >= 0)
            (void)unlinkat(o->dir_fd, o->tmp_name, 0);
        output_unwatch(o);
        close(o->dir_fd);
        o->dir_fd = -1;
    }
}

/* A report goes to a file in pieces of up to 16 KiB (report_json's), which
** stdio's buffer of a block (4 KiB) wrote as two write(2) calls each: 132
** calls for medium's 1 MB report. A file's stream gets a buffer of 64 KiB
** (a terminal or a pipe keeps stdio's own, for its reader's sake). */
enum { OUTPUT_BUFFER = 64 * 1024 };

static void output_buffer(Output *o)
{
    struct stat st;
    if (fstat(fileno(o->fp), &st) != 0 || !S_ISREG(st.st_mode))
        return;
    o->buffer = malloc(OUTPUT_BUFFER);
    if (o->buffer && setvbuf(o->fp, o->buffer, _IOFBF, OUTPUT_BUFFER) != 0) {
        free(o->buffer);
        o->buffer = NULL;
    }
}

/* Two outputs that are one file (the same folder and name, through a
** link or a path written otherwise, or the same device): one report would
** overwrite the other. */
static bool output_same_file(const Output *a, const Output *b)
{
    if (!a->path || !b->path)
        return !a->path && !b->path;
    if (a->dir_fd < 0 || b->dir_fd < 0)
        return a->exists && b->exists && a->dev == b->dev && a->ino == b->ino;
    struct stat da, db;
    return fstat(a->dir_fd, &da) == 0 && fstat(b->dir_fd, &db) == 0 && da.st_dev == db.st_dev
        && da.st_ino == db.st_ino && strcmp(a->name, b->name) == 0;
}

static bool output_prepare_all(Output *outs, const char *const *paths, const char *const *options, int n,
                               SayLang lang)
{
    for (int i = 0; i < n; i++) {
        if (!output_prepare_as(&outs[i], options[i] ? options[i] : "-o", paths[i], lang)) {
            while (i-- > 0)
                output_abort(&outs[i]);
            return false;
        }
        for (int j = 0; j < i; j++)
            if (output_same_file(&outs[j], &outs[i])) {
                cli_error(lang, CLI_CODE_OUTPUT,
                          SAYF(("%s « %s » et %s « %s » sont le même fichier : un rapport y écraserait l'autre",
                                outs[j].option, outs[j].path ? outs[j].path : "-", outs[i].option,
                                outs[i].path ? outs[i].path : "-"),
                               ("%s %s and %s %s are the same file: one report would overwrite the other",
                                outs[j].option, say_q_en(outs[j].path ? outs[j].path : "-"), outs[i].option,
                                say_q_en(outs[i].path ? outs[i].path : "-"))));
                for (int k = 0; k <= i; k++)
                    output_abort(&outs[k]);
                return false;
            }
        output_buffer(&outs[i]);
    }
    return true;
}

/* Every file flushed before any is named: a full disk met by the last
** report leaves none of them, and the files they replace, as they were. The
** signals are held off while they get their names, so that a signal meets
** either none of them named or all. */
static bool output_commit_all(Output *outs, int n, SayLang lang)
{
    bool ok = true;
    for (int i = 0; i < n && ok; i++)
        ok = output_flush(&outs[i], lang);
    sigset_t saved;
    output_block_signals(true, &saved);
    for (int i = 0; i < n; i++) {
        if (ok)
            ok = output_name(&outs[i], lang);
        else
            output_abort(&outs[i]);
    }
    output_block_signals(false, &saved);
    return ok;
}

int output_run_each(const char *const *paths, const char *const *options, int n, SayLang lang,
                    bool findings_written, OutputsBody *body, void *cmd)
{
    Output outs[OUTPUT_MAX];
    if (n < 1 || n > OUTPUT_MAX || !output_prepare_all(outs, paths, options, n, lang))
        return CLI_ERROR;
    int status = body(cmd, outs, n);
    bool ok = true;
    if (status != CLI_OK && !(findings_written && status == CLI_FINDINGS)) {
        for (int i = 0; i < n; i++)
            output_abort(&outs[i]);
    } else {
        ok = output_commit_all(outs, n, lang);
    }
    /* stdout's buffer stays its own until the process ends (exit flushes it
    ** again); a file's stream is closed by now. */
    for (int i = 0; i < n; i++)
        if (paths[i] && strcmp(paths[i], "-") != 0)
            free(outs[i].buffer);
    return !ok ? CLI_ERROR : status;
}

/* One output: the body sees it alone. */
typedef struct OutputOne {
    OutputBody *body;
    void *cmd;
} OutputOne;

static int output_one(void *arg, Output *outs, int n)
{
    (void)n;
    OutputOne *one = arg;
    return one->body(one->cmd, &outs[0]);
}

int output_run(const char *path, const char *option, SayLang lang, bool findings_written, OutputBody *body, void *cmd)
{
    OutputOne one = { body, cmd };
    return output_run_each(&path, &option, 1, lang, findings_written, output_one, &one);
}
