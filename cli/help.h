/* cli/help.h: the help of every command, in French and English, from one table (`charte help`, `charte COMMAND --help`). */
#ifndef CHARTE_HELP_H
#define CHARTE_HELP_H

#include "diag.h"

#include <stdbool.h>
#include <stdio.h>

/* The canonical name of a command ("check") from any of its spellings
** ("check", "verifier", "vérifier"), or NULL when it is not a command. */
const char *help_command_name(const char *spelling);

/* The list of commands and the options they share: `charte help`, `charte --help`. */
void help_print_overview(FILE *out, SayLang lang);

/* The help of one command (synopsis, options, exit codes, examples); false,
** printing nothing, when name is not a command. */
bool help_print_command(FILE *out, const char *name, SayLang lang);

/* `charte help [COMMAND]`: argv[0] is "help"; options (--lang) are skipped.
** Returns the exit code. */
int help_main(int argc, char **argv, SayLang lang);

/* true when argv[1..] asks for help (--help or -h). */
bool help_requested(int argc, char **argv);

#endif
