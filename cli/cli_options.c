/* cli/cli_options.c: the options every command but lsp and fmt reads alike (the data folder, the date, the format, the output file, --lang) and their parse loop: a value missing, an unknown option, the operands. */
#include "cli_options.h"

#include "eval.h"

#include <string.h>

/* The spellings of each option, NULL-terminated; the tag after each names the
** CliOptions field of the commands that take it (tests/cli/help.sh reads them
** to compare each command's help with what it accepts). */
static const char *const spellings_data[] = { "--donnees", "--data", NULL };        /* .data_dir */
static const char *const spellings_as_of[] = { "--au", "--as-of", NULL };           /* .au */
static const char *const spellings_since[] = { "--depuis", "--since", NULL };       /* .since */
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

Say cli_date_expects(const char *option, const char *v)
{
    return SAYF(("%s attend une date (jj/mm/aaaa ou aaaa-mm-jj), %s", option, cli_value_said(v, SAY_FR)),
                ("%s expects a date (dd/mm/yyyy or yyyy-mm-dd), %s", option, cli_value_said(v, SAY_EN)));
}

bool cli_date_read(const char *v, Date *out)
{
    return v && date_parse(v, strlen(v), out);
}

/* --format's value refused, or missing (v NULL): the command's formats. */
static Say format_expects(const CliOptions *o, const char *v)
{
    return SAYF(("%s (%s)", o->format_expects.fr, cli_value_said(v, SAY_FR)),
                ("%s (%s)", o->format_expects.en, cli_value_said(v, SAY_EN)));
}

/* --donnees given last with no value: what it expects. */
static Say data_expects(const char *as)
{
    return SAYF(("%s attend le dossier des tables ou un classeur .xlsx ou .ods (%s)", as, cli_value_said(NULL, SAY_FR)),
                ("%s expects the folder of the tables or an .xlsx or .ods workbook (%s)", as, cli_value_said(NULL, SAY_EN)));
}

/* -o given last with no value: what it expects. */
static Say output_expects(const char *as)
{
    return SAYF(("%s attend un nom de fichier, ou - pour la sortie standard (%s)", as, cli_value_said(NULL, SAY_FR)),
                ("%s expects a file name, or - for standard output (%s)", as, cli_value_said(NULL, SAY_EN)));
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

/* -o's value: one more report, or the only one (given twice: told). */
static bool output_read(const CliOptions *o, const char *v, const char *as, const char **output_seen)
{
    if (o->outputs) {
        if (!outputs_add(o, v, as))
            return false;
    } else if (*output_seen) {
        Say more = o->output_twice.fr ? o->output_twice : say("", "");
        const char *first = o->output_option ? *o->output_option : "-o";
        return told(o, SAYF(("la sortie est donnée deux fois (%s %s et %s %s)%s", first, say_q_fr(*output_seen), as,
                             say_q_fr(v), more.fr),
                            ("the output is given twice (%s %s and %s %s)%s", first, say_q_en(*output_seen), as,
                             say_q_en(v), more.en)));
    }
    *o->output = *output_seen = v;
    output_written_as(o, as);
    return true;
}

/* A shared option at argv[*i]: read (true, *i past its value), or not one
** (false, *bad false), or a bad one or one given last with no value (false,
** *bad: told, saying what the option expects). */
static bool shared_option(const CliOptions *o, int argc, char **argv, int *i, const char **output_seen, bool *bad)
{
    const char *v, *as = argv[*i];
    bool missing = false;
    *bad = false;
    if (o->data_dir && ((v = spelled(argc, argv, i, spellings_data, &missing)) || missing)) {
        if (v)
            *o->data_dir = v;
        else
            *bad = !told(o, data_expects(as));
    } else if (o->au && ((v = spelled(argc, argv, i, spellings_as_of, &missing)) || missing)) {
        if (!cli_date_read(v, o->au))
            *bad = !told(o, cli_date_expects("--au", v));
    } else if (o->since && ((v = spelled_as(argc, argv, i, spellings_since, &missing, &as)) || missing)) {
        *o->since_option = as;
        if (!cli_date_read(v, o->since))
            *bad = !told(o, cli_date_expects(as, v));
    } else if ((v = spelled(argc, argv, i, spellings_format, &missing)) || missing) {
        if (!v || !o->parse_format(v, o->format))
            *bad = !told(o, format_expects(o, v));
    } else if (o->output && ((v = spelled_as(argc, argv, i, spellings_output, &missing, &as)) || missing)) {
        if (!v)
            *bad = !told(o, output_expects(as));
        else
            *bad = !output_read(o, v, as, output_seen);
    } else if ((v = cli_lang_value(argc, argv, i, &missing)) || missing) {
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
    if (o->since)
        *o->since = DATE_NONE;
    cli_read_early(argc, argv, o->lang, o->parse_format, o->format, o->json_flag);
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
        bool bad;
        CliOwn own = o->own ? o->own(o->cmd, argc, argv, &i) : CLI_OWN_NOT;
        if (own == CLI_OWN_BAD)
            return false;
        if (own == CLI_OWN_READ || shared_option(o, argc, argv, &i, &output_seen, &bad))
            continue;
        if (bad)
            return false;
        if (s[0] == '-' && s[1] != '\0')
            return told(o, SAYF(("option inconnue « %s » (voir %s)", s, o->help), ("unknown option %s (see %s)", say_q_en(s), o->help)));
        if (!o->operand(o->cmd, s))
            return false;
    }
    return true;
}

/*
** A period runs from --depuis to --au, both given: the period's figures are
** the evaluation at --au less the evaluation at the day before --depuis, so
** that day must be the last of a month (hour lines are by month: a period
** cut inside one would have to split its hours, which the data cannot), and
** a day there is (dates start on 01/01/0001: a period starting then would
** subtract an evaluation at a day no date can name).
*/
bool cli_period_valid(const CliOptions *o)
{
    Date since = *o->since, au = *o->au;
    const char *cmd = o->name, *opt = *o->since_option;
    if (since == DATE_NONE)
        return true;
    if (au == DATE_NONE)
        return told(o, SAYF(("%s : %s va avec --au DATE, la fin de la période (une période jusqu'à aujourd'hui "
                             "changerait d'un jour à l'autre)", cmd, opt),
                            ("%s: %s goes with --au DATE, the period's end (a period up to today would change "
                             "from one day to the next)", cmd, opt)));
    int y, m, d;
    date_to_ymd(since, &y, &m, &d);
    Date first, next;
    date_from_ymd(y, m, 1, &first);
    next = date_add_months(first, 1);
    if (!eval_since_valid(since))
        return told(o, SAYF(("%s : %s %s : une période commence le premier jour d'un mois, les heures étant "
                             "déclarées par mois (donnez %s ou %s)", cmd, opt, date_to_french(since),
                             date_to_french(first), date_to_french(next)),
                            ("%s: %s %s: a period starts on the first day of a month, as hours are reported "
                             "by month (give %s or %s)", cmd, opt, date_to_iso(since), date_to_iso(first),
                             date_to_iso(next))));
    if (!eval_since_has_eve(since))
        return told(o, SAYF(("%s : %s %s : une période se compte depuis l'évaluation de la veille de son premier jour, "
                             "et les dates commencent le %s (donnez %s au plus tôt)", cmd, opt, date_to_french(since),
                             date_to_french(since), date_to_french(next)),
                            ("%s: %s %s: a period is counted from the evaluation of the day before its first day, "
                             "and dates start on %s (give %s at the earliest)", cmd, opt, date_to_iso(since),
                             date_to_iso(since), date_to_iso(next))));
    if (since > au)
        return told(o, SAYF(("%s : %s %s est après --au %s : la période serait vide", cmd, opt,
                             date_to_french(since), date_to_french(au)),
                            ("%s: %s %s is after --au %s: the period would be empty", cmd, opt,
                             date_to_iso(since), date_to_iso(au))));
    return true;
}
