/* cli/cmd_explain.c: `charte explain` (expliquer): evaluate, then show how one contract, pool or target of hires got its figures and status, and what it lacks. */
#include "cli.h"
#include "cli_options.h"
#include "cmd_eval.h"
#include "explain.h"
#include "gc.h"
#include "out.h"
#include "output.h"

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
    const char *charter, *data_dir, *id, *output, *output_option;   /* -o as written */
    ExplainObject object;
    Date au;
    Date since;               /* --depuis: the period's first day, DATE_NONE when not given */
    const char *since_option; /* --depuis or --since, as written */
    bool json;
    bool written;             /* the explanation has started to be written: a failure is about the output */
    SayLang lang;
    DiagList *run;            /* why the run failed, for --format json */
} ExplainArgs;

static bool explain_usage(ExplainArgs *a, Say msg)
{
    diag_add(a->run, DIAG_ERROR, CLI_CODE_USAGE, NULL, (Span){ 0, 0 }, msg);
    cli_error(a->lang, CLI_CODE_USAGE, msg);
    return false;
}

/* The id, once: a contract as the operand, a pool or a target of hires by its option. */
static bool explain_set_id(ExplainArgs *a, ExplainObject object, const char *id)
{
    if (a->id)
        return explain_usage(a, SAYF(("explain : une seule chose à expliquer (« %s » et « %s »)", a->id, id),
                                     ("explain: one thing to explain (%s and %s)", say_q_en(a->id), say_q_en(id))));
    a->id = id;
    a->object = object;
    return true;
}

static bool explain_format(const char *value, void *json)
{
    if (strcmp(value, "json") != 0 && strcmp(value, "text") != 0)
        return false;
    *(bool *)json = strcmp(value, "json") == 0;
    return true;
}

static void explain_usage_of(void *a, Say msg)
{
    explain_usage(a, msg);
}

/* The spellings of the options that name a pool and a target of hires. */
static const char *const spellings_pool[] = { "--mutualisation", "--pool", NULL };
static const char *const spellings_hires[] = { "--embauches", "--hires", NULL };

/* One of spellings at argv[*i]: true (its value in *v, NULL when it is
** given last with no value), or false. */
static bool explain_spelled(int argc, char **argv, int *i, const char *const *spellings, const char **v)
{
    bool missing = false;
    for (const char *const *n = spellings; *n; n++)
        if ((*v = cli_option_value(argc, argv, i, *n, &missing)) || missing)
            return true;
    return false;
}

/* A pool or a target of hires, by its option. */
static CliOwn explain_option(void *args, int argc, char **argv, int *i)
{
    ExplainArgs *a = args;
    const char *v;
    ExplainObject object;
    if (explain_spelled(argc, argv, i, spellings_pool, &v))
        object = EXPLAIN_POOL;
    else if (explain_spelled(argc, argv, i, spellings_hires, &v))
        object = EXPLAIN_HIRES;
    else
        return CLI_OWN_NOT;
    if (!v) {
        const char *as = argv[*i];
        explain_usage(a, object == EXPLAIN_POOL
                             ? SAYF(("%s attend un objectif mutualisé, périmètre/famille[/maître d'ouvrage] comme eval l'écrit (%s)",
                                     as, cli_value_said(NULL, SAY_FR)),
                                    ("%s expects a pooled target, scope/family[/owner] as eval writes it (%s)", as,
                                     cli_value_said(NULL, SAY_EN)))
                             : SAYF(("%s attend un objectif d'embauches, périmètre/nature[/maître d'ouvrage] (%s)", as,
                                     cli_value_said(NULL, SAY_FR)),
                                    ("%s expects a hires target, scope/nature[/owner] (%s)", as, cli_value_said(NULL, SAY_EN))));
        return CLI_OWN_BAD;
    }
    return explain_set_id(a, object, v) ? CLI_OWN_READ : CLI_OWN_BAD;
}

/* The charter, then a contract. */
static bool explain_operand(void *args, const char *s)
{
    ExplainArgs *a = args;
    if (a->charter)
        return explain_set_id(a, EXPLAIN_CONTRACT, s);
    a->charter = s;
    return true;
}

static bool explain_parse_args(int argc, char **argv, ExplainArgs *a)
{
    CliOptions o = { .lang = &a->lang, .data_dir = &a->data_dir, .au = &a->au, .output = &a->output, .output_option = &a->output_option,
                     .since = &a->since, .since_option = &a->since_option, .name = "explain",
                     .parse_format = explain_format, .format = &a->json,
                     .format_expects = say("--format attend text ou json", "--format expects text or json"),
                     .help = "charte help explain",
                     .output_twice = say(" : une explication par exécution", ": one explanation per run"),
                     .cmd = a, .usage = explain_usage_of, .own = explain_option, .operand = explain_operand };
    if (!cli_options_parse(&o, argc, argv))
        return false;
    if (!a->charter || !a->id)
        return explain_usage(a, say("explain : quoi ? (charte explain CHARTE --donnees DOSSIER MARCHÉ, ou --mutualisation ID, "
                                    "ou --embauches ID)",
                                    "explain: what? (charte explain CHARTER --data FOLDER CONTRACT, or --pool ID, or --hires ID)"));
    if (!a->data_dir)
        return explain_usage(a, say("explain : --donnees DOSSIER manque (le dossier de marches, participants, heures)",
                                    "explain: --donnees FOLDER is missing (the folder of marches, participants, heures)"));
    return cli_period_valid(&o);
}

/* Hour lines that name a contract the marches table does not have: how many, and where the
** first one is, which the rejected lines of the report list one by one as "contract unknown". */
static Say explain_unknown_lines(const EvalRun *e, const ExplainLines *l)
{
    long first, n = explain_lines_of_unknown(l, &first);
    if (n == 0)
        return say("", "");
    const char *where = table_location(e->files[M_TABLE_HEURES].info->file, first);
    bool many = n > 1;
    return SAYF((" ; %s %s (%s%s), %s (marché inconnu) : sa ligne manque à la table marches, ou son identifiant y "
                 "est écrit autrement",
                 num_count_to_reader(n, false), many ? "lignes d'heures le désignent" : "ligne d'heures le désigne", where,
                 many ? " la première" : "", many ? "rejetées" : "rejetée"),
                ("; %s %s (%s%s), rejected (contract unknown): its row is missing from the marches table, or its id "
                 "is written otherwise there",
                 num_count_to_reader(n, true), many ? "hour lines name it" : "hour line names it", where,
                 many ? " the first" : ""));
}

/* An id that names nothing: said with the data file it was looked for in, the hour lines that
** name it, and the closest id. */
static void explain_unknown(ExplainArgs *a, const EvalRun *e, const ExplainLines *l)
{
    const char *near = explain_nearest(e, a->object, a->id);
    /* An evaluation with no pooled or hires target at all: no spelling would do, and the reader
    ** should not go on looking for the right one. */
    bool none = (a->object == EXPLAIN_POOL && e->npools == 0) || (a->object == EXPLAIN_HIRES && e->nhires == 0);
    Say hint = near   ? SAYF((" ; vouliez-vous dire « %s » ?", near), ("; did you mean %s?", say_q_en(near)))
             : none   ? say(" ; elle n'en a aucun", "; it has none")
                      : say("", "");
    Say what = a->object == EXPLAIN_POOL ? say("objectif mutualisé", "pooled target")
             : a->object == EXPLAIN_HIRES ? say("objectif d'embauches", "hires target")
                                          : say("marché", "contract");
    const char *file = a->object == EXPLAIN_CONTRACT && e->files[M_TABLE_MARCHES].info
                     ? e->files[M_TABLE_MARCHES].info->path : a->data_dir;
    Say lines = explain_unknown_lines(e, l);
    Say msg = SAYF(("aucun %s « %s » dans l'évaluation au %s%s%s", what.fr, a->id, date_to_french(e->au), lines.fr, hint.fr),
                   ("no %s %s in the evaluation as of %s%s%s", what.en, say_q_en(a->id), date_to_iso(e->au), lines.en,
                    hint.en));
    DiagList *one = diag_list_new();
    diag_add_in_file(one, DIAG_ERROR, EXPLAIN_CODE_UNKNOWN, file, 0, msg);
    diag_print_text(one, a->lang, stderr);
    diag_add_in_file(a->run, DIAG_ERROR, EXPLAIN_CODE_UNKNOWN, file, 0, msg);
}

/* A contract whose row was rejected has no figures: where and why it was rejected. */
static void explain_rejected_row(ExplainArgs *a, const EvalRun *e, const EvalReject *r)
{
    Say msg = SAYF(("le marché « %s » est rejeté, il n'a pas de résultat : %s", a->id, r->why.fr),
                   ("contract %s was rejected, it has no result: %s", say_q_en(a->id), say_english(r->why, true)));
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

/* Everything between the checked output and its commit (output_run). */
static int explain_into(void *args, Output *out)
{
    ExplainArgs *a = args;
    int status;
    Model *m = cmd_eval_charter_for(out, 1, a->charter, a->data_dir, a->lang, a->run, &status);
    if (!m)
        return status;
    if (a->au == DATE_NONE && (a->au = date_today()) == DATE_NONE) {
        explain_usage(a, say("date du jour illisible : donnez --au DATE", "cannot read today's date: give --au DATE"));
        return CLI_ERROR;
    }
    EvalRun *e = cmd_eval_evaluate(m, a->data_dir, a->au, a->since, a->lang, cmd_eval_default_threads(), a->run);
    if (!e)
        return CLI_ERROR;
    Explanation *x = NULL;
    DataError err;
    ExplainLines *l = a->object == EXPLAIN_HIRES ? NULL : explain_lines_for(e, a);
    if (l ? !explain_lines_read(l, a->data_dir, &err) : !explain_hires(e, a->id, a->data_dir, &x, &err)) {
        cmd_eval_data_error(&err, a->lang);
        diag_add_in_file(a->run, DIAG_ERROR, err.code, err.file, err.line, err.msg);
        return CLI_ERROR;
    }
    if (l)
        x = a->object == EXPLAIN_POOL ? explain_pool(e, a->id, l) : explain_contract(e, a->id, l);
    if (!x) {
        const EvalReject *r = a->object == EXPLAIN_CONTRACT ? explain_rejected(e, a->id) : NULL;
        if (r)
            explain_rejected_row(a, e, r);
        else
            explain_unknown(a, e, l);
        return CLI_ERROR;
    }
    a->written = true;
    if (a->json)
        explain_write_json(x, e, a->lang == SAY_EN, out->fp);
    else
        explain_write_text(x, e, a->lang == SAY_EN, out->fp);
    return CLI_OK;
}

/* With --format json a run that failed still writes a document, which says
** so, on stdout; a file named by -o is left as it was (as eval does). */
int cmd_explain(int argc, char **argv)
{
    ExplainArgs a = { .run = diag_list_new() };
    int code = explain_parse_args(argc, argv, &a) ? output_run(a.output, a.output_option, a.lang, false, explain_into, &a) : CLI_ERROR;
    if (code != CLI_OK && !a.written && a.json && a.run->len && (!a.output || strcmp(a.output, "-") == 0)) {
        diag_sort(a.run);
        out_json_failure("explain", a.run, a.lang, code, stdout);
        if (fflush(stdout) != 0)
            return CLI_ERROR;
    }
    return code;
}
