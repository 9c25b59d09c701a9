/* cli/cmd_check.c: `charte check`: parse and check charters, print diagnostics, exit 0, 1 or 2. */
#include "check.h"
#include "cli.h"
#include "gc.h"
#include "parse.h"

#include <stdio.h>
#include <string.h>

typedef struct CheckArgs {
    bool strict, json, dump_ast;
    SayLang lang;
    const char **files;
    int nfiles;
} CheckArgs;

static bool check_parse_args(int argc, char **argv, CheckArgs *a)
{
    a->lang = cli_default_lang();
    a->files = rt_alloc(sizeof(char *) * (size_t)argc);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *val = NULL;
        if (strcmp(s, "--strict") == 0)
            a->strict = true;
        else if (strcmp(s, "--json") == 0)
            a->json = true;
        else if (strcmp(s, "--dump-ast") == 0)
            a->dump_ast = true;
        else if (strcmp(s, "--format") == 0 || strncmp(s, "--format=", 9) == 0) {
            val = s[8] == '=' ? s + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (val && strcmp(val, "json") == 0)
                a->json = true;
            else if (!val || (strcmp(val, "text") != 0 && strcmp(val, "texte") != 0)) {
                cli_error(a->lang, say("--format attend text ou json", "--format expects text or json"));
                return false;
            }
        } else if (strcmp(s, "--lang") == 0 || strncmp(s, "--lang=", 7) == 0) {
            val = s[6] == '=' ? s + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!val || !cli_parse_lang(val, &a->lang)) {
                cli_error(a->lang, say("--lang attend fr ou en", "--lang expects fr or en"));
                return false;
            }
        } else if (s[0] == '-' && s[1] != '\0') {
            cli_error(a->lang, SAYF(("option inconnue « %s » (voir charte --help)", s),
                                    ("unknown option « %s » (see charte --help)", s)));
            return false;
        } else
            a->files[a->nfiles++] = s;
    }
    if (a->nfiles == 0) {
        cli_error(a->lang, say("check : aucun fichier à vérifier", "check: no file to check"));
        return false;
    }
    return true;
}

int cmd_check(int argc, char **argv)
{
    CheckArgs a = { 0 };
    if (!check_parse_args(argc, argv, &a))
        return CLI_ERROR;
    DiagList *dl = diag_list_new();
    bool io_error = false;
    CheckOptions opts = { .english = a.lang == SAY_EN };
    for (int i = 0; i < a.nfiles; i++) {
        Source *src;
        SourceStatus st = source_read_file(a.files[i], a.files[i], &src);
        if (st != SOURCE_OK) {
            cli_error(a.lang, SAYF(("%s : %s", a.files[i], source_status_message(st, a.lang == SAY_EN)),
                                   ("%s: %s", a.files[i], source_status_message(st, a.lang == SAY_EN))));
            io_error = true;
            continue;
        }
        if (a.dump_ast) {
            AstCharter *c = parse_charter(src, dl);
            ast_dump(c, stdout);
            continue;
        }
        check_program(src, dl, &opts);
    }
    if (a.strict)
        diag_promote_warnings(dl);
    diag_sort(dl);
    if (a.json)
        diag_print_json(dl, a.lang, stdout);
    else
        diag_print_text(dl, a.lang, stderr);
    if (io_error)
        return CLI_ERROR;
    return dl->errors ? CLI_FINDINGS : CLI_OK;
}
