/* cli/cli.c: what the subcommands share: messages to the user, --lang, and output files written safely (temporary file, then rename). */
#include "cli.h"

#include "gc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((format(printf, 2, 0)))
static void print_error_in(DiagLang lang, const char *fmt, va_list ap)
{
    fputs(lang == DIAG_LANG_EN ? "charte: error: " : "charte: erreur : ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(DiagLang lang, const char *fr, const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    if (lang == DIAG_LANG_EN)
        print_error_in(lang, en, ap);
    else
        print_error_in(lang, fr, ap);
    va_end(ap);
}

const char *cli_option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *s = argv[*i];
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0 || (s[n] != '=' && s[n] != '\0'))
        return NULL;
    if (s[n] == '=')
        return s + n + 1;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

bool cli_parse_lang(const char *s, DiagLang *out)
{
    if (!s)
        return false;
    if (strcasecmp(s, "fr") == 0) {
        *out = DIAG_LANG_FR;
        return true;
    }
    if (strcasecmp(s, "en") == 0) {
        *out = DIAG_LANG_EN;
        return true;
    }
    return false;
}

DiagLang cli_default_lang(void)
{
    DiagLang lang;
    const char *env = getenv("CHARTE_LANG");
    return cli_parse_lang(env, &lang) ? lang : DIAG_LANG_FR;
}

static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rt_strdup(".");
    if (slash == path)
        return rt_strdup("/");
    return rt_strndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* mkstemp creates 0600; the result should look like any file the user writes. */
static void give_usual_mode(int fd)
{
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
}

static bool open_temporary(CliOutput *o, const char *path, DiagLang lang)
{
    o->tmp_path = rt_sprintf("%s/.%s.XXXXXX", folder_of(path), base_of(path));
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        cli_error(lang, "impossible de créer un fichier temporaire pour « %s » : %s",
                  "cannot create a temporary file for '%s': %s", path, strerror(errno));
        o->tmp_path = NULL;
        return false;
    }
    give_usual_mode(fd);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        cli_error(lang, "impossible d'écrire « %s » : %s", "cannot write '%s': %s", path,
                  strerror(errno));
        close(fd);
        unlink(o->tmp_path);
        o->tmp_path = NULL;
        return false;
    }
    return true;
}

bool cli_output_open(CliOutput *o, const char *path, DiagLang lang)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return true;
    }
    o->final_path = path;
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            cli_error(lang, "« %s » est un dossier, pas un fichier", "'%s' is a directory, not a file",
                      path);
            return false;
        }
        if (!S_ISREG(st.st_mode)) {
            /* A device or a pipe (/dev/null, /dev/full, a FIFO): renaming over it
            ** would replace the device itself, so write to it directly. */
            o->fp = fopen(path, "w");
            if (!o->fp) {
                cli_error(lang, "impossible d'écrire « %s » : %s", "cannot write '%s': %s", path,
                          strerror(errno));
                return false;
            }
            return true;
        }
    }
    return open_temporary(o, path, lang);
}

static void report_write_error(const CliOutput *o, DiagLang lang, int err)
{
    const char *name = o->final_path ? o->final_path
                     : lang == DIAG_LANG_EN ? "(standard output)" : "(sortie standard)";
    if (err)
        cli_error(lang, "écriture de « %s » impossible : %s", "cannot write '%s': %s", name, strerror(err));
    else
        /* The stream failed during an earlier write, whose errno is gone. */
        cli_error(lang, "écriture de « %s » incomplète (disque plein ?)", "incomplete write to '%s' (disk full?)",
                  name);
}

bool cli_output_commit(CliOutput *o, DiagLang lang)
{
    if (!o->fp)
        return false;
    errno = 0;
    bool ok = fflush(o->fp) == 0 && !ferror(o->fp);
    int err = errno;
    if (o->fp == stdout) {
        o->fp = NULL;
        if (!ok)
            report_write_error(o, lang, err);
        return ok;
    }
    if (ok && o->tmp_path && fsync(fileno(o->fp)) != 0 && errno != EINVAL) {
        ok = false;
        err = errno;
    }
    errno = 0;
    if (fclose(o->fp) != 0 && ok) {
        ok = false;
        err = errno;
    }
    o->fp = NULL;
    if (ok && o->tmp_path && rename(o->tmp_path, o->final_path) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        report_write_error(o, lang, err);
        if (o->tmp_path)
            unlink(o->tmp_path);
    }
    o->tmp_path = NULL;
    return ok;
}

void cli_output_abort(CliOutput *o)
{
    if (o->fp && o->fp != stdout)
        fclose(o->fp);
    else if (o->fp == stdout)
        fflush(stdout);
    o->fp = NULL;
    if (o->tmp_path)
        unlink(o->tmp_path);
    o->tmp_path = NULL;
}
