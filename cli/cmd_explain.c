/* cli/cmd_explain.c: `charte explain` (expliquer): evaluate, then show how one contract, pool or target of hires got its figures and status, and what it lacks. */
#include "cli.h"
#include "cmd_eval.h"
#include "explain.h"
#include "gc.h"
#include "out.h"

#include <stdio.h>
#include <string.h>

/*
** Exit codes: 0 the explanation is written (whatever the status it
** explains); 1 the charter has errors; 2 bad usage, data missing or
** unreadable, or an id that names no contract, pool or target of hires
** (C0920), or a contract whose row was rejected (C0921).
*/

#define EXPLAIN_CODE_UNKNOWN "C0920"
#define EXPLAIN_CODE_REJECTED "C0921"

typedef struct ExplainArgs {
    const char *charter, *data_dir, *id;
    ExplainObject object;
    Date au;
    bool json;
    SayLang lang;
    DiagList *run;            /* why the run failed, for --format json */
} ExplainArgs;

static bool explain_usage(ExplainArgs *a, Say msg)
{
    diag_add(a->run, DIAG_ERROR, OUT_CODE_USAGE, NULL, (Span){ 0, 0 }, msg);
    cli_error(a->lang, msg);
    return false;
}

/* The id, once: a contract as the operand, a pool or a target of hires by its option. */
static bool explain_set_id(ExplainArgs *a, ExplainObject object, const char *id)
{
    if (a->id)
        return explain_usage(a, SAYF(("explain : une seule chose à expliquer (« %s » et « %s »)", a->id, id),
                                     ("explain: one thing to explain ('%s' and '%s')", a->id, id)));
    a->id = id;
    a->object = object;
    return true;
}

static bool explain_parse_args(int argc, char **argv, ExplainArgs *a)
{
    a->lang = cli_default_lang();
    a->au = DATE_NONE;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            cli_parse_lang(argv[i + 1], &a->lang);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            cli_parse_lang(argv[i] + 7, &a->lang);
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v = cli_option_value(argc, argv, &i, "--format", &missing);
        if (v && strcmp(v, "json") == 0)
            a->json = true;
    }
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v;
        bool missing = false;
        if ((v = cli_option_value(argc, argv, &i, "--donnees", &missing))
            || (v = cli_option_value(argc, argv, &i, "--data", &missing))) {
            a->data_dir = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--au", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--as-of", &missing))) {
            if (!date_parse(v, strlen(v), &a->au))
                return explain_usage(a, SAYF(("--au attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas « %s »", v),
                                             ("--au expects a date (dd/mm/yyyy or yyyy-mm-dd), not '%s'", v)));
        } else if ((v = cli_option_value(argc, argv, &i, "--format", &missing))) {
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
                return explain_usage(a, say("--format attend text ou json", "--format expects text or json"));
        } else if ((v = cli_option_value(argc, argv, &i, "--mutualisation", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--pool", &missing))) {
            if (!explain_set_id(a, EXPLAIN_POOL, v))
                return false;
        } else if ((v = cli_option_value(argc, argv, &i, "--embauches", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--hires", &missing))) {
            if (!explain_set_id(a, EXPLAIN_HIRES, v))
                return false;
        } else if ((v = cli_option_value(argc, argv, &i, "--lang", &missing))) {
            if (!cli_parse_lang(v, &a->lang))
                return explain_usage(a, say("--lang attend fr ou en", "--lang expects fr or en"));
        } else if (missing) {
            return explain_usage(a, SAYF(("l'option %s attend une valeur", s), ("option %s expects a value", s)));
        } else if (s[0] == '-' && s[1] != '\0') {
            return explain_usage(a, SAYF(("option inconnue « %s » (voir charte help explain)", s),
                                         ("unknown option '%s' (see charte help explain)", s)));
        } else if (!a->charter) {
            a->charter = s;
        } else if (!explain_set_id(a, EXPLAIN_CONTRACT, s)) {
            return false;
        }
    }
    if (!a->charter || !a->id)
        return explain_usage(a, say("explain : quoi ? (charte explain CHARTE --donnees DOSSIER MARCHÉ, ou --mutualisation ID, "
                                    "ou --embauches ID)",
                                    "explain: what? (charte explain CHARTER --data FOLDER CONTRACT, or --pool ID, or --hires ID)"));
    if (!a->data_dir)
        return explain_usage(a, say("explain : --donnees DOSSIER manque (le dossier de marches, participants, heures)",
                                    "explain: --donnees FOLDER is missing (the folder of marches, participants, heures)"));
    return true;
}

/* An id that names nothing: said with the data file it was looked for in, and the closest id. */
static void explain_unknown(ExplainArgs *a, const EvalRun *e)
{
    const char *near = explain_nearest(e, a->object, a->id);
    Say hint = near ? SAYF((" ; vouliez-vous dire « %s » ?", near), ("; did you mean '%s'?", near)) : say("", "");
    Say what = a->object == EXPLAIN_POOL ? say("objectif mutualisé", "pooled target")
             : a->object == EXPLAIN_HIRES ? say("objectif d'embauches", "hires target")
                                          : say("marché", "contract");
    const char *file = a->object == EXPLAIN_CONTRACT && e->files[M_TABLE_MARCHES].info
                     ? e->files[M_TABLE_MARCHES].info->path : a->data_dir;
    Say msg = SAYF(("aucun %s « %s » dans l'évaluation au %s%s", what.fr, a->id, date_to_french(e->au), hint.fr),
                   ("no %s '%s' in the evaluation as of %s%s", what.en, a->id, date_to_iso(e->au), hint.en));
    DiagList *one = diag_list_new();
    diag_add_in_file(one, DIAG_ERROR, EXPLAIN_CODE_UNKNOWN, file, 0, msg);
    diag_print_text(one, a->lang, stderr);
    diag_add_in_file(a->run, DIAG_ERROR, EXPLAIN_CODE_UNKNOWN, file, 0, msg);
}

/* A contract whose row was rejected has no figures: where and why it was rejected. */
static void explain_rejected_row(ExplainArgs *a, const EvalRun *e, const EvalReject *r)
{
    Say msg = SAYF(("le marché « %s » est rejeté, il n'a pas de résultat : %s", a->id, r->why.fr),
                   ("contract '%s' was rejected, it has no result: %s", a->id, say_english(r->why, true)));
    DiagList *one = diag_list_new();
    diag_add_in_file(one, DIAG_ERROR, EXPLAIN_CODE_REJECTED, e->files[M_TABLE_MARCHES].info->path, r->line, msg);
    diag_print_text(one, a->lang, stderr);
    diag_add_in_file(a->run, DIAG_ERROR, EXPLAIN_CODE_REJECTED, e->files[M_TABLE_MARCHES].info->path, r->line, msg);
}

/* The lines to read again: the contract's, or the pool members'. */
static ExplainLines *explain_lines_for(const EvalRun *e, const ExplainArgs *a)
{
    const EvalPool *p = a->object == EXPLAIN_POOL ? eval_pool(e, a->id) : NULL;
    if (!p)
        return explain_lines_new(e, &a->id, 1, false);
    const char **ids = RT_NEW_ARRAY(const char *, p->nmembers + 1);
    for (int i = 0; i < p->nmembers; i++)
        ids[i] = p->members[i]->id;
    return explain_lines_new(e, ids, p->nmembers, false);
}

static int explain_run(ExplainArgs *a, int argc, char **argv)
{
    if (!explain_parse_args(argc, argv, a))
        return CLI_ERROR;
    int status;
    Model *m = cmd_eval_check_charter_into(a->charter, a->lang, a->run, &status);
    if (!m)
        return status;
    if (a->au == DATE_NONE && (a->au = date_today()) == DATE_NONE) {
        explain_usage(a, say("date du jour illisible : donnez --au DATE", "cannot read today's date: give --au DATE"));
        return CLI_ERROR;
    }
    EvalRun *e = cmd_eval_evaluate(m, a->data_dir, a->au, a->lang, rt_cores(), a->run);
    if (!e)
        return CLI_ERROR;
    Explanation *x = NULL;
    if (a->object == EXPLAIN_HIRES) {
        x = explain_hires(e, a->id);
    } else {
        ExplainLines *l = explain_lines_for(e, a);
        DataError err;
        if (!explain_lines_read(l, a->data_dir, &err)) {
            cmd_eval_data_error(&err, a->lang);
            diag_add_in_file(a->run, DIAG_ERROR, err.code, err.file, err.line, err.msg);
            return CLI_ERROR;
        }
        x = a->object == EXPLAIN_POOL ? explain_pool(e, a->id, l) : explain_contract(e, a->id, l);
    }
    if (!x) {
        const EvalReject *r = a->object == EXPLAIN_CONTRACT ? explain_rejected(e, a->id) : NULL;
        if (r)
            explain_rejected_row(a, e, r);
        else
            explain_unknown(a, e);
        return CLI_ERROR;
    }
    if (a->json)
        explain_write_json(x, e, a->lang == SAY_EN, stdout);
    else
        explain_write_text(x, e, a->lang == SAY_EN, stdout);
    return fflush(stdout) == 0 && !ferror(stdout) ? CLI_OK : CLI_ERROR;
}

/* With --format json a run that failed still writes a document, which says so. */
int cmd_explain(int argc, char **argv)
{
    ExplainArgs a = { .run = diag_list_new() };
    int code = explain_run(&a, argc, argv);
    if (code != CLI_OK && a.json && a.run->len) {
        diag_sort(a.run);
        out_json_failure("explain", a.run, a.lang, code, stdout);
        if (fflush(stdout) != 0)
            return CLI_ERROR;
    }
    return code;
}
