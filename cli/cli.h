/* cli/cli.h: what the subcommands share: exit codes, language of messages, safe output files. */
#ifndef CHARTE_CLI_H
#define CHARTE_CLI_H

#include "diag.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes, documented in charte --help. */
enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_ERROR = 2 };

typedef struct CliOutput {
    FILE *fp;                /* where to write */
    const char *final_path;  /* NULL for stdout */
    char *tmp_path;          /* written here, renamed on success */
} CliOutput;

/* Opens -o FILE (or stdout when path is NULL or "-"): writes go to a temporary
** file in the same folder, renamed over FILE only by cli_output_commit, so a
** failed run never leaves a half-written FILE. Returns false with a message
** printed on failure. */
bool cli_output_open(CliOutput *o, const char *path, SayLang lang);
/* Flushes, checks for write errors (a full disk), renames. false on error
** (message printed, temporary removed). */
bool cli_output_commit(CliOutput *o, SayLang lang);
void cli_output_abort(CliOutput *o);

/* Prints "charte: message" in the user's language to stderr. */
void cli_error(SayLang lang, Say msg);

/* Parses a --lang value ("fr", "en"); false when unknown. The default comes
** from CHARTE_LANG, else fr. */
bool cli_parse_lang(const char *s, SayLang *out);
SayLang cli_default_lang(void);

int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_fmt(int argc, char **argv);

#endif
