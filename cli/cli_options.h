/* cli/cli_options.h: the options every command but lsp and fmt reads alike (the data folder, the date, the format, the output file, --lang) and their parse loop: a value missing, an unknown option, the operands. */
#ifndef CHARTE_CLI_OPTIONS_H
#define CHARTE_CLI_OPTIONS_H

#include "cli.h"
#include "date.h"
#include "output.h"

#include <stdbool.h>

/* A command's usage error: said (and kept, for a JSON document) by the command. */
typedef void CliUsage(void *cmd, Say msg);
/* The command's own options at argv[*i]: CLI_OWN_READ (*i past its value),
** CLI_OWN_BAD (told through the usage: a refused value, or one given last
** with no value, saying what the option expects), CLI_OWN_NOT. */
typedef enum { CLI_OWN_NOT, CLI_OWN_READ, CLI_OWN_BAD } CliOwn;
typedef CliOwn CliOwnOption(void *cmd, int argc, char **argv, int *i);
/* An operand (the charter, a contract…); false when there is one too many (told). */
typedef bool CliOperand(void *cmd, const char *s);

/* -o given several times (eval: one report per file): each path in order, and
** the option as the user wrote it, for messages. */
typedef struct CliOutputs {
    const char *path[OUTPUT_MAX];
    const char *option[OUTPUT_MAX];
    int n;
} CliOutputs;

/*
** What a command takes, each field where the command keeps the value: NULL
** for an option it does not take (--lang and --format it always takes).
** Each value lands in its field as it is read, so that an error is told in
** the language already read.
*/
typedef struct CliOptions {
    SayLang *lang;
    const char **data_dir;        /* --donnees, --data */
    Date *au;                     /* --au, --as-of: DATE_NONE when not given */
    Date *since;                  /* --depuis, --since: a period's first day, DATE_NONE when not given */
    const char **since_option;    /* which of the two the user wrote, for messages (with since) */
    const char *name;             /* the command, as its messages start ("eval"): with since */
    const char **output;          /* -o, --output, --sortie */
    const char **output_option;   /* which of the three the user wrote, for messages; may be NULL */
    CliOutputs *outputs;          /* every -o, when the command takes several (else NULL: -o once) */
    CliFormatParser *parse_format;
    void *format;                 /* what parse_format sets */
    Say format_expects;           /* the message of a --format value it refuses */
    bool json_flag;               /* --json is --format json (check): read early as --format is */
    const char *help;             /* where an unknown option is sent: "charte help render" */
    Say output_twice;             /* said after "-o is given twice (“a” and “b”)"; may be empty */
    void *cmd;                    /* the command's arguments, given to the three below */
    CliUsage *usage;
    CliOwnOption *own;            /* NULL when the command has none */
    CliOperand *operand;
} CliOptions;

/* Reads argv: first --lang and --format (cli_read_early: they decide how the
** other errors are told) and -o (a failed run writes its JSON document on
** stdout only when no file is named), then every argument in order. false
** after a usage error. */
bool cli_options_parse(const CliOptions *o, int argc, char **argv);

/* The period --depuis starts (cli_period_valid), checked once every option is
** read: false after a usage error saying which rule it breaks. */
bool cli_period_valid(const CliOptions *o);

/* A date option's value (--au, --depuis), as --au reads it: false when v is NULL or no date. */
bool cli_date_read(const char *v, Date *out);
/* A date option's value refused, or missing (v NULL): what it expects. */
Say cli_date_expects(const char *option, const char *v);

#endif
