/* cli/cli.h: what the subcommands share: exit codes, language of messages, messages to the user. */
#ifndef CHARTE_CLI_H
#define CHARTE_CLI_H

#include "diag.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes, documented in charte --help. */
enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_ERROR = 2 };

/* Codes of the diagnostics about the run itself rather than a charter's
** text (docs/erreurs/C000N.md). */
#define CLI_CODE_UNREADABLE "C0006"   /* a charter file that cannot be read */
#define CLI_CODE_USAGE "C0007"        /* a command line that cannot be obeyed */
#define CLI_CODE_OUTPUT "C0008"       /* an output file refused or that cannot be written */
#define CLI_CODE_FMT_MEANING "C0009"  /* charte fmt would change what a charter means */
#define CLI_CODE_PROTOCOL "C0010"     /* charte lsp: a message of the protocol that cannot be read */

/* printf to out and a line break, the control characters of the formatted
** text made visible (base/visible.h): for a line that quotes files. */
void cli_print_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "charte: error[code]: message", the message in the user's language,
** to stderr: a run error with no file and line to name, printed by
** diag_print_run_error, the one printer of such lines in every layer. */
void cli_error(SayLang lang, const char *code, Say msg);

/* "--opt value" or "--opt=value" at argv[*i]: the value (*i moved past it),
** or NULL when argv[*i] is not this option; *missing when the value is. */
const char *cli_option_value(int argc, char **argv, int *i, const char *name, bool *missing);

/* The language option at argv[*i], --langue or --lang, "--lang=en" too (cli_option_value's
** contract): every command's parser, help's topic and main read it through this one. */
const char *cli_lang_value(int argc, char **argv, int *i, bool *missing);
/* Parses a --lang value ("fr", "en"); false when unknown. The default comes
** from CHARTE_LANG, else fr. */
bool cli_parse_lang(const char *s, SayLang *out);
SayLang cli_default_lang(void);
/* The usage error of a --lang value cli_parse_lang refused (NULL: none given), naming it. */
Say cli_lang_refused(char **argv, int i, const char *value);
/* An option as the user wrote it, without "=value" (for messages). */
const char *cli_option_spelled(const char *arg);
/* The end of a refused option value's message: « pas « v » », « pas une valeur
** vide » (v ""), or, v NULL (the option last on the line), that nothing was
** given; in lang. */
const char *cli_value_said(const char *v, SayLang lang);

/* A command's reader of --format values (an adapter over out_parse_format or
** report_parse_format): true when value names one of its formats, then set in *format. */
typedef bool CliFormatParser(const char *value, void *format);

/* The options every command reads before the others, because they decide how
** the other errors are told (language, and format: text on stderr or a
** document): *lang starts at the default and takes each valid --lang; each
** --format value parse accepts lands in *format (with json_flag, a bare
** --json too, check's older spelling). Invalid values are left for the
** command's full parse to report. */
void cli_read_early(int argc, char **argv, SayLang *lang, CliFormatParser *parse, void *format, bool json_flag);

int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_lsp(int argc, char **argv);

#endif
