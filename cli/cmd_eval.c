/* cli/cmd_eval.c: `charte eval`: check the charter, load the three tables, evaluate, write the report; exit 0, 1 or 2. */
#include "check.h"
#include "cli.h"
#include "cmd_eval.h"
#include "data.h"
#include "eval.h"
#include "gc.h"
#include "output.h"
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
                cli_error(a->lang, "--au attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas « %s »",
                          "--au expects a date (dd/mm/yyyy or yyyy-mm-dd), not '%s'", v);
                return false;
            }
        } else if ((v = option_value(argc, argv, &i, "--format", &missing))) {
            if (!report_parse_format(v, &a->format)) {
                cli_error(a->lang, "--format attend text, json ou csv", "--format expects text, json or csv");
                return false;
            }
        } else if ((v = option_value(argc, argv, &i, "-o", &missing))
                   || (v = option_value(argc, argv, &i, "--output", &missing))
                   || (v = option_value(argc, argv, &i, "--sortie", &missing))) {
            if (a->output) {
                cli_error(a->lang, "-o est donné deux fois (« %s » et « %s ») : un seul rapport par évaluation",
                          "-o is given twice ('%s' and '%s'): one report per evaluation", a->output, v);
                return false;
            }
            a->output = v;
        } else if ((v = option_value(argc, argv, &i, "--lang", &missing))) {
            if (!cli_parse_lang(v, &a->lang)) {
                cli_error(a->lang, "--lang attend fr ou en", "--lang expects fr or en");
                return false;
            }
        } else if (missing) {
            cli_error(a->lang, "l'option %s attend une valeur", "option %s expects a value", s);
            return false;
        } else if (s[0] == '-' && s[1] != '\0') {
            cli_error(a->lang, "option inconnue « %s » (voir charte --help)", "unknown option '%s' (see charte --help)", s);
            return false;
        } else if (a->charter) {
            cli_error(a->lang, "eval : une seule charte à la fois (« %s » et « %s »)",
                      "eval: one charter at a time ('%s' and '%s')", a->charter, s);
            return false;
        } else {
            a->charter = s;
        }
    }
    if (!a->charter) {
        cli_error(a->lang, "eval : quelle charte ? (charte eval CHARTE --donnees DOSSIER)",
                  "eval: which charter? (charte eval CHARTER --data FOLDER)");
        return false;
    }
    if (!a->data_dir) {
        cli_error(a->lang, "eval : --donnees DOSSIER manque (le dossier de marches, participants, heures)",
                  "eval: --donnees FOLDER is missing (the folder of marches, participants, heures)");
        return false;
    }
    return true;
}

/* Checks the charter as `charte check` does; NULL when it has errors (printed). */
Model *cmd_eval_check_charter(const char *path, DiagLang lang, int *status)
{
    Source *src;
    SourceStatus st = source_read_file(path, path, &src);
    if (st != SOURCE_OK) {
        cli_error(lang, "%s : %s", "%s: %s", path, source_status_message(st, lang == DIAG_LANG_EN));
        *status = CLI_ERROR;
        return NULL;
    }
    DiagList *dl = diag_list_new();
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

/* The data files that eval may read: the three tables, in either format. */
static bool eval_output_spares_data(const Output *out, const EvalArgs *a)
{
    static const char *const tables[] = { "marches", "participants", "heures" };
    static const char *const formats[] = { "csv", "json" };
    size_t n = strlen(a->data_dir);
    const char *sep = n == 0 || a->data_dir[n - 1] == '/' ? "" : "/";
    for (int t = 0; t < 3; t++)
        for (int f = 0; f < 2; f++)
            if (!output_is_not_input(out, rt_sprintf("%s%s%s.%s", a->data_dir, sep, tables[t], formats[f]), a->lang))
                return false;
    return true;
}

/* The charter's imports are known once it is read: checked before the data. */
static bool eval_output_spares_imports(const Output *out, const Model *m, DiagLang lang)
{
    for (int i = 0; i < m->nmodules; i++) {
        const Source *src = m->modules[i] ? m->modules[i]->src : NULL;
        if (src && src->path && !output_is_not_input(out, src->path, lang))
            return false;
    }
    return true;
}

/* Everything between the checked output and its commit. */
static int eval_into(EvalArgs *a, Output *out)
{
    if (!output_is_not_input(out, a->charter, a->lang) || !eval_output_spares_data(out, a))
        return CLI_ERROR;
    int status;
    Model *m = cmd_eval_check_charter(a->charter, a->lang, &status);
    if (!m)
        return status;
    if (!eval_output_spares_imports(out, m, a->lang))
        return CLI_ERROR;
    if (a->au == DATE_NONE) {
        a->au = date_today();
        if (a->au == DATE_NONE) {
            cli_error(a->lang, "date du jour illisible : donnez --au DATE", "cannot read today's date: give --au DATE");
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
            cmd_eval_data_error(&err, a->lang);
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
            cmd_eval_data_error(&err, a->lang);
            for (int k = t + 1; k < 3; k++)
                data_close(tables[k]);
            return CLI_ERROR;
        }
    }
    eval_finish(e);
    ReportOptions ro = { .format = a->format, .english = a->lang == DIAG_LANG_EN, .data_dir = a->data_dir,
                         .max_rejects_text = 50 };
    report_write(e, &ro, out->fp);
    return CLI_OK;
}

int cmd_eval(int argc, char **argv)
{
    EvalArgs a = { 0 };
    if (!eval_parse_args(argc, argv, &a))
        return CLI_ERROR;
    /* Every error about -o comes before any work (docs/fiabilite.md). */
    Output out;
    if (!output_prepare(&out, a.output, a.lang))
        return CLI_ERROR;
    int status = eval_into(&a, &out);
    if (status != CLI_OK) {
        output_abort(&out);
        return status;
    }
    return output_commit(&out, a.lang) ? CLI_OK : CLI_ERROR;
}
