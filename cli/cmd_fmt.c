/* cli/cmd_fmt.c: `charte fmt`: print a charter in its canonical layout, rewrite it in place (-w) or say which would change (--check). */
#include "cli.h"
#include "fmt.h"
#include "gc.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef enum { FMT_MODE_PRINT, FMT_MODE_WRITE, FMT_MODE_CHECK } FmtMode;

typedef struct FmtArgs {
    FmtMode mode;
    SayLang lang;
    const char **files;
    int nfiles;
} FmtArgs;

static void fmt_help(FILE *out, SayLang lang)
{
    if (lang == SAY_EN)
        fputs("Usage: charte fmt [-w | --check] [--lang fr|en] FILE...\n"
              "Print charters in the canonical layout: keywords in their canonical spelling,\n"
              "numbers as 40 000 € and 12,5 %, strings in « », aligned tables, two spaces of\n"
              "indentation, one blank line before each article; comments stay where they are.\n"
              "The result is read again and must mean the same as the file, or nothing is written.\n"
              "\n"
              "  -w, --ecrire    rewrite each file in place (only when it changes)\n"
              "  --check         write nothing; name each file that would change\n"
              "  --lang fr|en    language of messages (the charter keeps its own language)\n"
              "\n"
              "Exit status: 0 done (--check: every file already formatted), 1 (--check) a file\n"
              "would change, 2 a file does not parse or cannot be read or written.\n"
              "See docs/en/fmt.md.\n", out);
    else
        fputs("Usage : charte fmt [-w | --check] [--lang fr|en] FICHIER...\n"
              "Affiche des chartes dans leur mise en forme canonique : mots-clés dans leur\n"
              "graphie canonique, nombres en 40 000 € et 12,5 %, chaînes entre « », tables\n"
              "alignées, retrait de deux espaces, une ligne vide avant chaque article ; les\n"
              "commentaires restent à leur place. Le résultat est relu et doit dire la même\n"
              "chose que le fichier, sinon rien n'est écrit.\n"
              "\n"
              "  -w, --ecrire    réécrit chaque fichier sur place (seulement s'il change)\n"
              "  --check         n'écrit rien ; nomme chaque fichier qui changerait\n"
              "  --lang fr|en    langue des messages (la charte garde sa propre langue)\n"
              "\n"
              "Code de sortie : 0 fait (--check : tout est déjà en forme), 1 (--check) un\n"
              "fichier changerait, 2 un fichier illisible, qui ne se lit pas ou ne s'écrit pas.\n"
              "Voir docs/fmt.md.\n", out);
}

static bool fmt_is_option(const char *s, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(s, *names) == 0)
            return true;
    return false;
}

/* 0 parsed, 1 --help shown, 2 usage error (message printed). --lang is
** read first, wherever it is, so that every message follows it. */
static int fmt_parse_args(int argc, char **argv, FmtArgs *a)
{
    static const char *const write_names[] = { "-w", "--write", "--ecrire", "--écrire", NULL };
    static const char *const check_names[] = { "--check", "--verifier", "--vérifier", NULL };
    a->lang = cli_default_lang();
    a->files = rt_alloc(sizeof(char *) * (size_t)argc);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--lang") == 0 || strncmp(s, "--lang=", 7) == 0) {
            const char *val = s[6] == '=' ? s + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!cli_parse_lang(val, &a->lang)) {
                cli_error(a->lang, say("--lang attend fr ou en", "--lang expects fr or en"));
                return 2;
            }
        }
    }
    bool write = false, check = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--lang") == 0)
            i++;
        else if (strncmp(s, "--lang=", 7) == 0)
            continue;
        else if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            fmt_help(stdout, a->lang);
            return 1;
        } else if (fmt_is_option(s, write_names))
            write = true;
        else if (fmt_is_option(s, check_names))
            check = true;
        else if (s[0] == '-' && s[1] != '\0') {
            cli_error(a->lang, SAYF(("option inconnue « %s » (voir charte fmt --help)", s),
                                    ("unknown option « %s » (see charte fmt --help)", s)));
            return 2;
        } else
            a->files[a->nfiles++] = s;
    }
    if (write && check) {
        cli_error(a->lang, say("fmt : -w et --check s'excluent", "fmt: -w and --check exclude each other"));
        return 2;
    }
    a->mode = write ? FMT_MODE_WRITE : check ? FMT_MODE_CHECK : FMT_MODE_PRINT;
    if (a->nfiles == 0) {
        cli_error(a->lang, say("fmt : aucun fichier à mettre en forme", "fmt: no file to format"));
        return 2;
    }
    return 0;
}

/* Rewrites path with text: a temporary file in the same folder renamed over
** it, with the file's own mode; never a symbolic link or a device, whose
** replacement by a plain file would not be what the user asked. */
static bool fmt_write_in_place(const char *path, const char *text, size_t len, SayLang lang)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        cli_error(lang, SAYF(("%s : pas un fichier ordinaire, laissé tel quel (-w n'écrit que des fichiers)", path),
                             ("%s: not a regular file, left as it is (-w writes only files)", path)));
        return false;
    }
    CliOutput o;
    if (!cli_output_open(&o, path, lang))
        return false;
    (void)fchmod(fileno(o.fp), st.st_mode & 07777);
    if (fwrite(text, 1, len, o.fp) != len) {
        cli_output_abort(&o);
        cli_error(lang, SAYF(("%s : écriture impossible", path), ("%s: cannot write", path)));
        return false;
    }
    return cli_output_commit(&o, lang);
}

/* One file: CLI_OK, CLI_FINDINGS (--check: it would change) or CLI_ERROR. */
static int fmt_one(const FmtArgs *a, const char *path, DiagList *dl)
{
    Source *src;
    SourceStatus st = source_read_file(path, path, &src);
    if (st != SOURCE_OK) {
        cli_error(a->lang, SAYF(("%s : %s", path, source_status_message(st, a->lang == SAY_EN)),
                                ("%s: %s", path, source_status_message(st, a->lang == SAY_EN))));
        return CLI_ERROR;
    }
    char *text;
    size_t len;
    FmtStatus fs = fmt_charter(src, dl, &text, &len);
    if (fs == FMT_SYNTAX)
        return CLI_ERROR;
    if (fs == FMT_MEANING) {
        cli_error(a->lang, SAYF(("%s : la mise en forme changerait le sens de la charte ; rien n'est écrit "
                                 "(c'est un défaut de charte fmt : merci de le signaler avec ce fichier)", path),
                                ("%s: formatting would change what the charter means; nothing written "
                                 "(this is a bug in charte fmt: please report it with this file)", path)));
        return CLI_ERROR;
    }
    /* source_read_file ends the text with '\n'; the output always does. */
    bool same = len == src->len && memcmp(text, src->text, len) == 0;
    switch (a->mode) {
    case FMT_MODE_PRINT:
        fwrite(text, 1, len, stdout);
        return CLI_OK;
    case FMT_MODE_CHECK:
        if (same)
            return CLI_OK;
        printf("%s\n", path);
        return CLI_FINDINGS;
    case FMT_MODE_WRITE:
        if (same)
            return CLI_OK;
        return fmt_write_in_place(path, text, len, a->lang) ? CLI_OK : CLI_ERROR;
    }
    return CLI_ERROR;
}

int cmd_fmt(int argc, char **argv)
{
    FmtArgs a = { 0 };
    int r = fmt_parse_args(argc, argv, &a);
    if (r == 1)
        return CLI_OK;
    if (r == 2)
        return CLI_ERROR;
    int status = CLI_OK;
    for (int i = 0; i < a.nfiles; i++) {
        DiagList *dl = diag_list_new();
        int one = fmt_one(&a, a.files[i], dl);
        if (dl->errors) {
            diag_sort(dl);
            diag_print_text(dl, a.lang, stderr);
        }
        if (one > status)
            status = one;
    }
    if (a.mode == FMT_MODE_CHECK && status == CLI_FINDINGS)
        fprintf(stderr, a.lang == SAY_EN ? "charte fmt: files above are not formatted (charte fmt -w FILE)\n"
                                         : "charte fmt : les fichiers ci-dessus ne sont pas en forme (charte fmt -w FICHIER)\n");
    return status;
}
