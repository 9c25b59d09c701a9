/* cli/main.c: the charte command line: dispatches to check, eval and test. */
#include "cli.h"
#include "gc.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#define CHARTE_VERSION "0.1.0"

static void main_help(FILE *out, SayLang lang)
{
    if (lang == SAY_EN)
        fputs("Usage: charte COMMAND [OPTION]... FILE...\n"
              "Check a local insertion charter and evaluate contract data against it.\n"
              "\n"
              "Commands:\n"
              "  check [--strict] [--format text|json] [--lang fr|en] FILE...\n"
              "        parse and check charters (names, types and units, national floors,\n"
              "        conflicts, gaps, amendments, ANRU governance obligations)\n"
              "  eval CHARTER --donnees DIR [--au DATE] [--format text|json|csv] [-o FILE]\n"
              "        evaluate the contracts, participants and hour lines of DIR\n"
              "  test FILE...\n"
              "        run the charters' examples; ends with 'N passed, N failed'\n"
              "\n"
              "Options:\n"
              "  --lang fr|en    language of messages (default: $CHARTE_LANG, else fr)\n"
              "  --help          show this help\n"
              "  --version       show the version\n"
              "\n"
              "Exit status: 0 clean, 1 findings (errors in a charter, failed examples),\n"
              "2 usage or I/O error.\n"
              "Language reference: docs/langage.md; error codes: docs/erreurs/.\n", out);
    else
        fputs("Usage : charte COMMANDE [OPTION]... FICHIER...\n"
              "Vérifie une charte locale d'insertion et évalue des données de marchés.\n"
              "\n"
              "Commandes :\n"
              "  check [--strict] [--format text|json] [--lang fr|en] FICHIER...\n"
              "        lit et vérifie des chartes (noms, types et unités, planchers nationaux,\n"
              "        conflits, lacunes, avenants, obligations de gouvernance de l'ANRU)\n"
              "  eval CHARTE --donnees DOSSIER [--au DATE] [--format text|json|csv] [-o FICHIER]\n"
              "        évalue les marchés, participants et heures de DOSSIER\n"
              "  test FICHIER...\n"
              "        exécute les exemples des chartes ; finit par « N passed, N failed »\n"
              "\n"
              "Options :\n"
              "  --lang fr|en    langue des messages (défaut : $CHARTE_LANG, sinon fr)\n"
              "  --help          affiche cette aide\n"
              "  --version       affiche la version\n"
              "\n"
              "Code de sortie : 0 sans problème, 1 constats (erreurs dans une charte,\n"
              "exemples en échec), 2 erreur d'usage ou d'entrée-sortie.\n"
              "Référence du langage : docs/langage.md ; codes d'erreur : docs/erreurs/.\n", out);
}

/* --lang may appear anywhere; it decides the language of the help too. */
static SayLang main_lang(int argc, char **argv)
{
    SayLang lang = cli_default_lang();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            cli_parse_lang(argv[i + 1], &lang);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            cli_parse_lang(argv[i] + 7, &lang);
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
    /* fmt has its own --help. */
    bool own_help = argc > 1 && (strcmp(argv[1], "fmt") == 0 || strcmp(argv[1], "formater") == 0);
    for (int i = 1; i < argc; i++) {
        if (!own_help && (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)) {
            main_help(stdout, lang);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("charte " CHARTE_VERSION "\n");
            return CLI_OK;
        }
    }
    if (argc < 2) {
        main_help(stderr, lang);
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
    cli_error(lang, SAYF(("commande inconnue « %s » (check, eval ou test ; voir charte --help)", cmd),
              ("unknown command « %s » (check, eval or test; see charte --help)", cmd)));
    return CLI_ERROR;
}
