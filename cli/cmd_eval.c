/* cli/cmd_eval.c: `charte eval`: check the charter, load the three tables, evaluate, write the report; exit 0, 1 or 2. */
#include "check.h"
#include "cli.h"
#include "cmd_eval.h"
#include "data.h"
#include "eval.h"
#include "gc.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

/*
** Exit codes: 0 the evaluation ran and its report is written (contracts not
** met and rejected rows are findings about the data, reported, not failures
** of the run); 1 the charter has errors (nothing evaluated); 2 bad usage, a
** data file missing, unreadable or unusable (a required column missing), or
** the report could not be written.
*/

typedef struct EvalArgs {
    const char *charter, *data_dir, *output;
    Date au;
    ReportFormat format;
    SayLang lang;
} EvalArgs;

/* "--opt value" or "--opt=value"; NULL when s is not this option. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *s = argv[*i];
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0)
        return NULL;
    if (s[n] == '=')
        return s + n + 1;
    if (s[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static bool eval_parse_args(int argc, char **argv, EvalArgs *a)
{
    a->lang = cli_default_lang();
    a->format = REPORT_TEXT;
    a->au = DATE_NONE;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            cli_parse_lang(argv[i + 1], &a->lang);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            cli_parse_lang(argv[i] + 7, &a->lang);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v;
        bool missing = false;
        if ((v = option_value(argc, argv, &i, "--donnees", &missing))
            || (v = option_value(argc, argv, &i, "--data", &missing))) {
            a->data_dir = v;
        } else if ((v = option_value(argc, argv, &i, "--au", &missing))
                   || (v = option_value(argc, argv, &i, "--as-of", &missing))) {
            if (!date_parse(v, strlen(v), &a->au)) {
                cli_error(a->lang, SAYF(("--au attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas « %s »", v),
                          ("--au expects a date (dd/mm/yyyy or yyyy-mm-dd), not '%s'", v)));
                return false;
            }
        } else if ((v = option_value(argc, argv, &i, "--format", &missing))) {
            if (!report_parse_format(v, &a->format)) {
                cli_error(a->lang, say("--format attend text, json ou csv", "--format expects text, json or csv"));
                return false;
            }
        } else if ((v = option_value(argc, argv, &i, "-o", &missing))
                   || (v = option_value(argc, argv, &i, "--output", &missing))
                   || (v = option_value(argc, argv, &i, "--sortie", &missing))) {
            a->output = v;
        } else if ((v = option_value(argc, argv, &i, "--lang", &missing))) {
            if (!cli_parse_lang(v, &a->lang)) {
                cli_error(a->lang, say("--lang attend fr ou en", "--lang expects fr or en"));
                return false;
            }
        } else if (missing) {
            cli_error(a->lang, SAYF(("l'option %s attend une valeur", s),
                                    ("option %s expects a value", s)));
            return false;
        } else if (s[0] == '-' && s[1] != '\0') {
            cli_error(a->lang, SAYF(("option inconnue « %s » (voir charte --help)", s),
                                    ("unknown option '%s' (see charte --help)", s)));
            return false;
        } else if (a->charter) {
            cli_error(a->lang, SAYF(("eval : une seule charte à la fois (« %s » et « %s »)", a->charter, s),
                      ("eval: one charter at a time ('%s' and '%s')", a->charter, s)));
            return false;
        } else {
            a->charter = s;
        }
    }
    if (!a->charter) {
        cli_error(a->lang, say("eval : quelle charte ? (charte eval CHARTE --donnees DOSSIER)",
                      "eval: which charter? (charte eval CHARTER --data FOLDER)"));
        return false;
    }
    if (!a->data_dir) {
        cli_error(a->lang, say("eval : --donnees DOSSIER manque (le dossier de marches, participants, heures)",
                      "eval: --donnees FOLDER is missing (the folder of marches, participants, heures)"));
        return false;
    }
    return true;
}

/* Checks the charter as `charte check` does; NULL when it has errors (printed). */
Model *cmd_eval_check_charter(const char *path, SayLang lang, int *status)
{
    Source *src;
    SourceStatus st = source_read_file(path, path, &src);
    if (st != SOURCE_OK) {
        cli_error(lang, SAYF(("%s : %s", path, source_status_message(st, lang == SAY_EN)),
                             ("%s: %s", path, source_status_message(st, lang == SAY_EN))));
        *status = CLI_ERROR;
        return NULL;
    }
    DiagList *dl = diag_list_new();
    CheckOptions opts = { .english = lang == SAY_EN };
    Model *m = check_program(src, dl, &opts);
    diag_sort(dl);
    if (dl->len)
        diag_print_text(dl, lang, stderr);
    if (!m || dl->errors) {
        *status = CLI_FINDINGS;
        return NULL;
    }
    *status = CLI_OK;
    return m;
}

void cmd_eval_data_error(const DataError *err, SayLang lang, bool json)
{
    DiagList *dl = diag_list_new();
    diag_add_in_file(dl, DIAG_ERROR, err->code, err->file, err->line, err->msg);
    diag_print_text(dl, lang, stderr);
    if (json)
        diag_print_json(dl, lang, stdout);
}

int cmd_eval(int argc, char **argv)
{
    EvalArgs a = { 0 };
    if (!eval_parse_args(argc, argv, &a))
        return CLI_ERROR;
    int status;
    Model *m = cmd_eval_check_charter(a.charter, a.lang, &status);
    if (!m)
        return status;
    if (a.au == DATE_NONE) {
        a.au = date_today();
        if (a.au == DATE_NONE) {
            cli_error(a.lang, say("date du jour illisible : donnez --au DATE", "cannot read today's date: give --au DATE"));
            return CLI_ERROR;
        }
    }
    /* All three files are opened (and their headers matched) before anything
    ** is read, so that a missing file or column stops the run at once. */
    bool json_on_stdout = a.format == REPORT_JSON && (!a.output || strcmp(a.output, "-") == 0);
    DataTable *tables[3];
    for (int t = 0; t < 3; t++) {
        DataError err;
        tables[t] = data_open(m, t, a.data_dir, &err);
        if (!tables[t]) {
            cmd_eval_data_error(&err, a.lang, json_on_stdout);
            for (int k = 0; k < t; k++)
                data_close(tables[k]);
            return CLI_ERROR;
        }
    }
    EvalRun *e = eval_new(m, a.au, a.lang == SAY_EN);
    for (int t = 0; t < 3; t++) {
        DataError err;
        bool ok = eval_load(e, t, tables[t], &err);
        data_close(tables[t]);
        if (!ok) {
            cmd_eval_data_error(&err, a.lang, json_on_stdout);
            for (int k = t + 1; k < 3; k++)
                data_close(tables[k]);
            return CLI_ERROR;
        }
    }
    eval_finish(e);
    CliOutput out;
    if (!cli_output_open(&out, a.output, a.lang))
        return CLI_ERROR;
    ReportOptions ro = { .format = a.format, .english = a.lang == SAY_EN, .data_dir = a.data_dir,
                         .max_rejects_text = 50 };
    report_write(e, &ro, out.fp);
    if (!cli_output_commit(&out, a.lang))
        return CLI_ERROR;
    return CLI_OK;
}
