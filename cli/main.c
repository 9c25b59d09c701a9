/* cli/main.c: the charte command line: dispatches to check, eval, explain, test, fmt, render, diff and help. */
#include "cli.h"
#include "gc.h"
#include "help.h"
#include "version.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>


/* --lang may appear anywhere; it decides the language of the help too. */
static SayLang main_lang(int argc, char **argv)
{
    SayLang lang = cli_default_lang();
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v = cli_lang_value(argc, argv, &i, &missing);
        if (v)
            cli_parse_lang(v, &lang);
    }
    return lang;
}

int main(int argc, char **argv)
{
    /* Only the character type follows the locale; numbers are formatted by
    ** charte itself, never by printf's locale. */
    setlocale(LC_CTYPE, "");
    rt_init();
    SayLang lang = main_lang(argc, argv);
    const char *command = argc >= 2 ? help_command_name(argv[1]) : NULL;
    if (command && help_requested(argc - 1, argv + 1)) {
        help_print_command(stdout, argv[1], lang);
        return CLI_OK;
    }
    if (command && strcmp(command, "help") == 0)
        return help_main(argc - 1, argv + 1, lang);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            help_print_overview(stdout, lang);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("charte %s (stdlib %s)\n", VERSION_CHARTE, version_stdlib());
            return CLI_OK;
        }
    }
    if (argc < 2) {
        help_print_overview(stderr, lang);
        return CLI_ERROR;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "check") == 0 || strcmp(cmd, "verifier") == 0 || strcmp(cmd, "vérifier") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0 || strcmp(cmd, "evaluer") == 0 || strcmp(cmd, "évaluer") == 0)
        return cmd_eval(argc - 1, argv + 1);
    if (strcmp(cmd, "test") == 0 || strcmp(cmd, "tester") == 0)
        return cmd_test(argc - 1, argv + 1);
    if (strcmp(cmd, "fmt") == 0 || strcmp(cmd, "formater") == 0)
        return cmd_fmt(argc - 1, argv + 1);
    if (strcmp(cmd, "render") == 0 || strcmp(cmd, "rendu") == 0 || strcmp(cmd, "rendre") == 0)
        return cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0 || strcmp(cmd, "comparer") == 0)
        return cmd_diff(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0 || strcmp(cmd, "expliquer") == 0)
        return cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "lsp") == 0)
        return cmd_lsp(argc - 1, argv + 1);
    cli_error(lang, CLI_CODE_USAGE, SAYF(("commande inconnue « %s » (check, eval, explain, test, fmt, render, diff, lsp ou help ; voir charte help)", cmd),
                         ("unknown command %s (check, eval, explain, test, fmt, render, diff, lsp or help; see charte help)", say_q_en(cmd))));
    return CLI_ERROR;
}
