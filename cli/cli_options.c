/* cli/cli_options.c: the options eval, explain, diff and render read alike (the data folder, the date, the format, the output file, --lang) and their parse loop: a value missing, an unknown option, the operands. */
#include "cli_options.h"

#include <string.h>

/* The spellings of each option, NULL-terminated; the tag after each names the
** CliOptions field of the commands that take it (tests/cli/help.sh reads them
** to compare each command's help with what it accepts). */
static const char *const spellings_data[] = { "--donnees", "--data", NULL };        /* .data_dir */
static const char *const spellings_as_of[] = { "--au", "--as-of", NULL };           /* .au */
static const char *const spellings_output[] = { "-o", "--output", "--sortie", NULL }; /* .output */
static const char *const spellings_format[] = { "--format", NULL };                 /* always */

/* The value of argv[*i] when it is one of the spellings (cli_option_value),
** and the spelling the user wrote (*as, when as is not NULL). */
static const char *spelled_as(int argc, char **argv, int *i, const char *const *names, bool *missing, const char **as)
{
    for (const char *const *n = names; *n; n++) {
        const char *v = cli_option_value(argc, argv, i, *n, missing);
        if (v || *missing) {
            if (as)
                *as = *n;
            return v;
        }
    }
    return NULL;
}

static const char *spelled(int argc, char **argv, int *i, const char *const *names, bool *missing)
{
    return spelled_as(argc, argv, i, names, missing, NULL);
}

/* The option of the output as the user wrote it, where the command keeps it. */
static void output_written_as(const CliOptions *o, const char *as)
{
    if (o->output_option)
        *o->output_option = as;
}

static bool told(const CliOptions *o, Say msg)
{
    o->usage(o->cmd, msg);
    return false;
}

/* --au's value refused, or missing (v NULL): what it expects. */
static Say au_expects(const char *v)
{
    return SAYF(("--au attend une date (jj/mm/aaaa ou aaaa-mm-jj), %s", cli_value_said(v, SAY_FR)),
                ("--au expects a date (dd/mm/yyyy or yyyy-mm-dd), %s", cli_value_said(v, SAY_EN)));
}

/* --format's value refused, or missing (v NULL): the command's formats. */
static Say format_expects(const CliOptions *o, const char *v)
{
    return SAYF(("%s (%s)", o->format_expects.fr, cli_value_said(v, SAY_FR)),
                ("%s (%s)", o->format_expects.en, cli_value_said(v, SAY_EN)));
}

static bool is_spelling(const char *s, const char *const *names)
{
    for (const char *const *n = names; *n; n++)
        if (strcmp(s, *n) == 0)
            return true;
    return false;
}

/* The option s given last on the line, with no value: what it expects, for
** the options every command reads alike; the others only that they expect one. */
static Say missing_value(const CliOptions *o, const char *s)
{
    if (is_spelling(s, spellings_format))
        return format_expects(o, NULL);
    if (o->au && is_spelling(s, spellings_as_of))
        return au_expects(NULL);
    if (o->data_dir && is_spelling(s, spellings_data))
        return SAYF(("%s attend le dossier des tables ou un classeur .xlsx ou .ods (%s)", s, cli_value_said(NULL, SAY_FR)),
                    ("%s expects the folder of the tables or an .xlsx or .ods workbook (%s)", s, cli_value_said(NULL, SAY_EN)));
    if (o->output && is_spelling(s, spellings_output))
        return SAYF(("%s attend un nom de fichier, ou - pour la sortie standard (%s)", s, cli_value_said(NULL, SAY_FR)),
                    ("%s expects a file name, or - for standard output (%s)", s, cli_value_said(NULL, SAY_EN)));
    return SAYF(("l'option %s attend une valeur", s), ("option %s expects a value", s));
}

/* One more -o of a command that writes several reports; false past OUTPUT_MAX (told). */
static bool outputs_add(const CliOptions *o, const char *path, const char *as)
{
    CliOutputs *outs = o->outputs;
    if (outs->n == OUTPUT_MAX)
        return told(o, SAYF(("au plus %d rapports par évaluation (%s « %s » en serait un de plus)", OUTPUT_MAX, as, path),
                            ("at most %d reports per evaluation (%s %s would be one more)", OUTPUT_MAX, as,
                             say_q_en(path))));
    outs->path[outs->n] = path;
    outs->option[outs->n++] = as;
    return true;
}

/* A shared option at argv[*i]: read (true, *i past its value), or not one
** (false, *bad false), or a bad one (false, *bad: told). */
static bool shared_option(const CliOptions *o, int argc, char **argv, int *i, bool *missing, const char **output_seen,
                          bool *bad)
{
    const char *v, *as = NULL;
    bool lang_missing = false;   /* said by cli_lang_refused, as every command says it */
    *bad = false;
    if (o->data_dir && (v = spelled(argc, argv, i, spellings_data, missing))) {
        *o->data_dir = v;
    } else if (o->au && (v = spelled(argc, argv, i, spellings_as_of, missing))) {
        if (!date_parse(v, strlen(v), o->au))
            *bad = !told(o, au_expects(v));
    } else if ((v = spelled(argc, argv, i, spellings_format, missing))) {
        if (!o->parse_format(v, o->format))
            *bad = !told(o, format_expects(o, v));
    } else if (o->output && (v = spelled_as(argc, argv, i, spellings_output, missing, &as))) {
        if (o->outputs) {
            *bad = !outputs_add(o, v, as);
        } else if (*output_seen) {
            Say more = o->output_twice.fr ? o->output_twice : say("", "");
            const char *first = o->output_option ? *o->output_option : "-o";
            *bad = !told(o, SAYF(("la sortie est donnée deux fois (%s %s et %s %s)%s", first, say_q_fr(*output_seen), as,
                                  say_q_fr(v), more.fr),
                                 ("the output is given twice (%s %s and %s %s)%s", first, say_q_en(*output_seen), as,
                                  say_q_en(v), more.en)));
        }
        *o->output = *output_seen = v;
        output_written_as(o, as);
    } else if ((v = cli_lang_value(argc, argv, i, &lang_missing)) || lang_missing) {
        if (!cli_parse_lang(v, o->lang))   /* NULL too: cli_lang_refused says none was given */
            *bad = !told(o, cli_lang_refused(argv, *i, v));
    } else {
        return false;
    }
    return !*bad;
}

static void read_early(const CliOptions *o, int argc, char **argv)
{
    if (o->au)
        *o->au = DATE_NONE;
    cli_read_early(argc, argv, o->lang, o->parse_format, o->format, false);
    for (int i = 1; o->output && i < argc; i++) {
        bool missing = false;
        const char *as = NULL;
        const char *v = spelled_as(argc, argv, &i, spellings_output, &missing, &as);
        if (v) {
            *o->output = v;
            output_written_as(o, as);
        }
    }
}

bool cli_options_parse(const CliOptions *o, int argc, char **argv)
{
    read_early(o, argc, argv);
    const char *output_seen = NULL;   /* -o once only: the early read kept the last */
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        bool missing = false, bad;
        CliOwn own = o->own ? o->own(o->cmd, argc, argv, &i, &missing) : CLI_OWN_NOT;
        if (own == CLI_OWN_BAD)
            return false;
        if (own == CLI_OWN_READ || shared_option(o, argc, argv, &i, &missing, &output_seen, &bad))
            continue;
        if (bad)
            return false;
        if (missing)
            return told(o, missing_value(o, s));
        if (s[0] == '-' && s[1] != '\0')
            return told(o, SAYF(("option inconnue « %s » (voir %s)", s, o->help), ("unknown option %s (see %s)", say_q_en(s), o->help)));
        if (!o->operand(o->cmd, s))
            return false;
    }
    return true;
}
