/* cli/cmd_fmt.c: `charte fmt`: print a charter in its canonical layout, rewrite it in place (-w) or say which would change (--check). */
#include "cli.h"
#include "fmt.h"
#include "gc.h"
#include "literate.h"
#include "output.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef enum { FMT_MODE_PRINT, FMT_MODE_WRITE, FMT_MODE_CHECK } FmtMode;

typedef struct FmtArgs {
    FmtMode mode;
    SayLang lang;
    const char **files;
    int nfiles;
    const char *write_as, *check_as;   /* -w and --check as the user wrote them, for messages */
} FmtArgs;

/* The spelling of names that s is, NULL when none. */
static const char *fmt_is_option(const char *s, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(s, *names) == 0)
            return *names;
    return NULL;
}

/* 0 parsed, 2 usage error (message printed); --help is answered by main from
** cli/help.c. --lang is
** read first, wherever it is, so that every message follows it. */
static int fmt_parse_args(int argc, char **argv, FmtArgs *a)
{
    static const char *const write_names[] = { "-w", "--write", "--ecrire", "--écrire", NULL };
    static const char *const check_names[] = { "--check", "--verifier", "--vérifier", NULL };
    a->lang = cli_default_lang();
    a->files = rt_alloc(sizeof(char *) * (size_t)argc);
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *val = cli_lang_value(argc, argv, &i, &missing);
        if (val || missing) {
            if (!cli_parse_lang(val, &a->lang)) {
                cli_error(a->lang, CLI_CODE_USAGE, cli_lang_refused(argv, i, val));
                return 2;
            }
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *as;
        bool missing = false;
        if (cli_lang_value(argc, argv, &i, &missing) || missing)
            continue;
        else if ((as = fmt_is_option(s, write_names)))
            a->write_as = as;
        else if ((as = fmt_is_option(s, check_names)))
            a->check_as = as;
        else if (s[0] == '-' && s[1] != '\0') {
            cli_error(a->lang, CLI_CODE_USAGE, SAYF(("option inconnue « %s » (voir charte help fmt)", s),
                                    ("unknown option %s (see charte help fmt)", say_q_en(s))));
            return 2;
        } else
            a->files[a->nfiles++] = s;
    }
    if (a->write_as && a->check_as) {
        cli_error(a->lang, CLI_CODE_USAGE, SAYF(("fmt : %s et %s s'excluent", a->write_as, a->check_as),
                                                ("fmt: %s and %s exclude each other", a->write_as, a->check_as)));
        return 2;
    }
    a->mode = a->write_as ? FMT_MODE_WRITE : a->check_as ? FMT_MODE_CHECK : FMT_MODE_PRINT;
    if (a->nfiles == 0) {
        cli_error(a->lang, CLI_CODE_USAGE, say("fmt : aucun fichier à mettre en forme", "fmt: no file to format"));
        return 2;
    }
    return 0;
}

/* Rewrites path with text: a temporary file in the same folder renamed over
** it, with the file's own mode; never a symbolic link or a device, whose
** replacement by a plain file would not be what the user asked. */
static bool fmt_write_in_place(const FmtArgs *a, const char *path, const char *text, size_t len)
{
    SayLang lang = a->lang;
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        cli_error(lang, CLI_CODE_OUTPUT, SAYF(("%s : pas un fichier ordinaire, laissé tel quel (%s n'écrit que des fichiers)", path,
                                               a->write_as),
                                              ("%s: not a regular file, left as it is (%s writes only files)", path, a->write_as)));
        return false;
    }
    /* cli/output.c keeps the file's mode and leaves nothing behind on a signal. */
    Output o;
    if (!output_prepare_as(&o, a->write_as, path, lang))
        return false;
    if (fwrite(text, 1, len, o.fp) != len) {
        output_abort(&o);
        cli_error(lang, CLI_CODE_OUTPUT, SAYF(("%s : écriture impossible", path), ("%s: cannot write", path)));
        return false;
    }
    return output_commit(&o, lang);
}

/* The line of text at *at (without its line end, CR included), moving *at past it;
** NULL at the end of the text. */
static const char *fmt_next_line(const char *text, size_t len, size_t *at)
{
    if (*at >= len)
        return NULL;
    const char *start = text + *at, *nl = memchr(start, '\n', len - *at);
    size_t n = nl ? (size_t)(nl - start) : len - *at;
    *at += n + (nl != NULL);
    if (n > 0 && start[n - 1] == '\r')
        n--;
    return rt_strndup(start, n);
}

static const char *fmt_line_said(const char *line, bool english)
{
    if (!line)
        return english ? "(end of file)" : "(fin du fichier)";
    return *line ? line : english ? "(blank line)" : "(ligne vide)";
}

/* --check: where the file first departs from its layout, the line as it is and as fmt
** writes it, so that a pipeline's log says what to change without running fmt. The
** lines are paired by number: past an added or removed blank line they no longer match,
** which is why only the first one is said. */
static void fmt_say_first_change(const FmtArgs *a, const char *path, const char *read, size_t read_len,
                                 const char *text, size_t len)
{
    bool en = a->lang == SAY_EN;
    size_t at_read = 0, at_text = 0;
    for (unsigned line = 1;; line++) {
        const char *was = fmt_next_line(read, read_len, &at_read), *is = fmt_next_line(text, len, &at_text);
        if (!was && !is)
            return;    /* only the line ends differ: not said by line */
        if (was && is && strcmp(was, is) == 0)
            continue;
        cli_print_line(stderr, en ? "%s:%u: first line to lay out" : "%s:%u: première ligne à mettre en forme", path, line);
        cli_print_line(stderr, en ? "  before: %s" : "  avant : %s", fmt_line_said(was, en));
        cli_print_line(stderr, en ? "  after:  %s" : "  après : %s", fmt_line_said(is, en));
        return;
    }
}

/* One file: CLI_OK, CLI_FINDINGS (--check: it would change) or CLI_ERROR. */
static int fmt_one(const FmtArgs *a, const char *path, DiagList *dl)
{
    Source *src;
    SourceStatus st = source_read_file(path, path, &src);
    if (st != SOURCE_OK) {
        cli_error(a->lang, CLI_CODE_UNREADABLE, SAYF(("%s : %s", path, source_status_message(st, a->lang == SAY_EN)),
                                ("%s: %s", path, source_status_message(st, a->lang == SAY_EN))));
        return CLI_ERROR;
    }
    char *text;
    size_t len;
    /* A literate charter (.md): only its ```charte blocks are laid out. */
    FmtStatus fs = src->markdown ? literate_format(src, dl, &text, &len) : fmt_charter(src, dl, &text, &len);
    if (fs == FMT_SYNTAX)
        return CLI_ERROR;
    if (fs == FMT_MEANING) {
        cli_error(a->lang, CLI_CODE_FMT_MEANING, SAYF(("%s : la mise en forme changerait le sens de la charte ; rien n'est écrit "
                                 "(c'est un défaut de charte fmt : merci de le signaler avec ce fichier)", path),
                                ("%s: formatting would change what the charter means; nothing written "
                                 "(this is a bug in charte fmt: please report it with this file)", path)));
        return CLI_ERROR;
    }
    /* source_read_file ends the text with '\n'; the output always does. */
    const char *as_read = source_written(src);
    bool same = len == src->len && memcmp(text, as_read, len) == 0;
    switch (a->mode) {
    case FMT_MODE_PRINT:
        fwrite(text, 1, len, stdout);
        return CLI_OK;
    case FMT_MODE_CHECK:
        if (same)
            return CLI_OK;
        printf("%s\n", path);
        fflush(stdout);    /* the name before what stderr says of it, when both go to one log */
        fmt_say_first_change(a, path, as_read, src->len, text, len);
        return CLI_FINDINGS;
    case FMT_MODE_WRITE:
        if (same)
            return CLI_OK;
        return fmt_write_in_place(a, path, text, len) ? CLI_OK : CLI_ERROR;
    }
    return CLI_ERROR;
}

/* A file name as a shell reads it back into the same argument: as is when
** every byte is plain (letters, digits, non-ASCII, _./-+,:@%=), else in single
** quotes. (A name that starts with '-' cannot get here: fmt takes it for an
** option, so the user wrote "./-x.charte".) */
static void fmt_put_shell_word(FILE *out, const char *s)
{
    bool plain = *s != '\0';
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        plain &= *p >= 0x80 || isalnum(*p) || strchr("_./-+,:@%=", *p) != NULL;
    if (plain) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", out);   /* close, an escaped quote, open again */
        else
            fputc(*p, out);
    }
    fputc('\'', out);
}

/* After --check found files to lay out: the command that lays them out, to copy. */
static void fmt_say_fix(const FmtArgs *a, const bool *unformatted)
{
    fputs(a->lang == SAY_EN ? "charte fmt: files above are not formatted; to format them: charte fmt -w"
                            : "charte fmt : les fichiers ci-dessus ne sont pas en forme ; pour les y mettre : charte fmt -w",
          stderr);
    for (int i = 0; i < a->nfiles; i++)
        if (unformatted[i]) {
            fputc(' ', stderr);
            fmt_put_shell_word(stderr, a->files[i]);
        }
    fputc('\n', stderr);
}

int cmd_fmt(int argc, char **argv)
{
    FmtArgs a = { 0 };
    if (fmt_parse_args(argc, argv, &a) != 0)
        return CLI_ERROR;
    int status = CLI_OK;
    bool *unformatted = rt_alloc_atomic(sizeof(bool) * (size_t)(a.nfiles + 1)), any = false;
    for (int i = 0; i < a.nfiles; i++) {
        DiagList *dl = diag_list_new();
        int one = fmt_one(&a, a.files[i], dl);
        if (dl->errors) {
            diag_sort(dl);
            diag_print_text(dl, a.lang, stderr);
        }
        unformatted[i] = a.mode == FMT_MODE_CHECK && one == CLI_FINDINGS;
        any |= unformatted[i];
        if (one > status)
            status = one;
    }
    if (any)   /* beside a file in error too: the others can be laid out */
        fmt_say_fix(&a, unformatted);
    return status;
}
