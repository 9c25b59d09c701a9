/* cli/cmd_eval.c: `charte eval`: check the charter, load the three tables, evaluate, write the report; exit 0, 1 or 2. */
#include "check.h"
#include "cli.h"
#include "cmd_eval.h"
#include "data.h"
#include "eval.h"
#include "gc.h"
#include "out.h"
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
    DiagLang lang;
    DiagList *run;            /* why the run failed, for --format json */
} EvalArgs;

/* A usage error: said on stderr, and kept (C0007) for the JSON document. */
#define EVAL_USAGE(a, ...) \
    eval_usage_told((a), diag_add((a)->run, DIAG_ERROR, OUT_CODE_USAGE, NULL, (Span){ 0, 0 }, __VA_ARGS__))

static void eval_usage_told(const EvalArgs *a, const Diag *d)
{
    cli_error(a->lang, "%s", "%s", a->lang == DIAG_LANG_EN ? d->msg_en : d->msg_fr);
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
    /* The format and the output first: a usage error is written there too. */
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = cli_option_value(argc, argv, &i, "--format", &missing)))
            report_parse_format(v, &a->format);
        else if ((v = cli_option_value(argc, argv, &i, "-o", &missing)) || (v = cli_option_value(argc, argv, &i, "--output", &missing))
                 || (v = cli_option_value(argc, argv, &i, "--sortie", &missing)))
            a->output = v;
    }
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v;
        bool missing = false;
        if ((v = cli_option_value(argc, argv, &i, "--donnees", &missing))
            || (v = cli_option_value(argc, argv, &i, "--data", &missing))) {
            a->data_dir = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--au", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--as-of", &missing))) {
            if (!date_parse(v, strlen(v), &a->au)) {
                EVAL_USAGE(a, "--au attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas « %s »",
                          "--au expects a date (dd/mm/yyyy or yyyy-mm-dd), not '%s'", v);
                return false;
            }
        } else if ((v = cli_option_value(argc, argv, &i, "--format", &missing))) {
            if (!report_parse_format(v, &a->format)) {
                EVAL_USAGE(a, "--format attend text, json, csv ou html", "--format expects text, json, csv or html");
                return false;
            }
        } else if ((v = cli_option_value(argc, argv, &i, "-o", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--output", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--sortie", &missing))) {
            a->output = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--lang", &missing))) {
            if (!cli_parse_lang(v, &a->lang)) {
                EVAL_USAGE(a, "--lang attend fr ou en", "--lang expects fr or en");
                return false;
            }
        } else if (missing) {
            EVAL_USAGE(a, "l'option %s attend une valeur", "option %s expects a value", s);
            return false;
        } else if (s[0] == '-' && s[1] != '\0') {
            EVAL_USAGE(a, "option inconnue « %s » (voir charte --help)", "unknown option '%s' (see charte --help)", s);
            return false;
        } else if (a->charter) {
            EVAL_USAGE(a, "eval : une seule charte à la fois (« %s » et « %s »)",
                      "eval: one charter at a time ('%s' and '%s')", a->charter, s);
            return false;
        } else {
            a->charter = s;
        }
    }
    if (!a->charter) {
        EVAL_USAGE(a, "eval : quelle charte ? (charte eval CHARTE --donnees DOSSIER)",
                  "eval: which charter? (charte eval CHARTER --data FOLDER)");
        return false;
    }
    if (!a->data_dir) {
        EVAL_USAGE(a, "eval : --donnees DOSSIER manque (le dossier de marches, participants, heures)",
                  "eval: --donnees FOLDER is missing (the folder of marches, participants, heures)");
        return false;
    }
    return true;
}

/* Checks the charter as `charte check` does; NULL when it has errors (printed). */
Model *cmd_eval_check_charter(const char *path, DiagLang lang, int *status)
{
    return cmd_eval_check_charter_into(path, lang, diag_list_new(), status);
}

Model *cmd_eval_check_charter_into(const char *path, DiagLang lang, DiagList *dl, int *status)
{
    Source *src;
    SourceStatus st = source_read_file(path, path, &src);
    if (st != SOURCE_OK) {
        cli_error(lang, "%s : %s", "%s: %s", path, source_status_message(st, lang == DIAG_LANG_EN));
        out_run_error(dl, OUT_CODE_UNREADABLE, path, rt_sprintf("%s : %s", path, source_status_message(st, false)),
                      rt_sprintf("%s: %s", path, source_status_message(st, true)));
        *status = CLI_ERROR;
        return NULL;
    }
    CheckOptions opts = { .english = lang == DIAG_LANG_EN };
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

void cmd_eval_data_error(const DataError *err, DiagLang lang)
{
    const char *msg = lang == DIAG_LANG_EN && err->msg_en ? err->msg_en : err->msg_fr;
    if (err->file && err->line > 0)
        cli_error(lang, "%s:%ld : %s", "%s:%ld: %s", err->file, err->line, msg);
    else if (err->file)
        cli_error(lang, "%s : %s", "%s: %s", err->file, msg);
    else
        cli_error(lang, "%s", "%s", msg);
}

/* A data error: said on stderr, and kept for the JSON document. */
static void eval_data_failed(EvalArgs *a, const DataError *err)
{
    cmd_eval_data_error(err, a->lang);
    Source *src = err->file ? source_from_memory(err->file, "", 0) : NULL;
    const char *fr = err->line > 0 ? rt_sprintf("ligne %ld : %s", err->line, err->msg_fr) : err->msg_fr;
    const char *en = err->line > 0 ? rt_sprintf("line %ld: %s", err->line, err->msg_en ? err->msg_en : err->msg_fr)
                                   : err->msg_en;
    diag_add_text(a->run, DIAG_ERROR, NULL, src, (Span){ 0, 0 }, fr, en);
}

static int eval_run(EvalArgs *a, int argc, char **argv, bool *written);

/* With --format json a run that failed still writes a document, which says
** so, on stdout; a file named by -o is left as it was (a previous report is
** never replaced by a failed run: the exit code says it failed). */
int cmd_eval(int argc, char **argv)
{
    EvalArgs a = { .run = diag_list_new() };
    bool written = false;
    int code = eval_run(&a, argc, argv, &written);
    if (code != CLI_OK && !written && a.format == REPORT_JSON && (!a.output || strcmp(a.output, "-") == 0)) {
        diag_sort(a.run);
        out_json_failure("eval", a.run, a.lang, code, stdout);
        if (fflush(stdout) != 0)
            return CLI_ERROR;
    }
    return code;
}

static int eval_run(EvalArgs *a, int argc, char **argv, bool *written)
{
    if (!eval_parse_args(argc, argv, a))
        return CLI_ERROR;
    int status;
    Model *m = cmd_eval_check_charter_into(a->charter, a->lang, a->run, &status);
    if (!m)
        return status;
    if (a->au == DATE_NONE) {
        a->au = date_today();
        if (a->au == DATE_NONE) {
            EVAL_USAGE(a, "date du jour illisible : donnez --au DATE", "cannot read today's date: give --au DATE");
            return CLI_ERROR;
        }
    }
    /* All three files are opened (and their headers matched) before anything
    ** is read, so that a missing file or column stops the run at once. */
    DataTable *tables[3];
    for (int t = 0; t < 3; t++) {
        DataError err;
        tables[t] = data_open(m, t, a->data_dir, &err);
        if (!tables[t]) {
            eval_data_failed(a, &err);
            for (int k = 0; k < t; k++)
                data_close(tables[k]);
            return CLI_ERROR;
        }
    }
    EvalRun *e = eval_new(m, a->au, a->lang == DIAG_LANG_EN);
    for (int t = 0; t < 3; t++) {
        DataError err;
        bool ok = eval_load(e, t, tables[t], &err);
        data_close(tables[t]);
        if (!ok) {
            eval_data_failed(a, &err);
            for (int k = t + 1; k < 3; k++)
                data_close(tables[k]);
            return CLI_ERROR;
        }
    }
    eval_finish(e);
    CliOutput out;
    *written = true;    /* from here on a failure is about the output itself */
    if (!cli_output_open(&out, a->output, a->lang))
        return CLI_ERROR;
    ReportOptions ro = { .format = a->format, .english = a->lang == DIAG_LANG_EN, .data_dir = a->data_dir,
                         .max_rejects_text = 50 };
    report_write(e, &ro, out.fp);
    if (!cli_output_commit(&out, a->lang))
        return CLI_ERROR;
    return CLI_OK;
}
