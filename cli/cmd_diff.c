/* cli/cmd_diff.c: `charte diff` (comparer): check two versions of a charter, compare them, and with data evaluate both on the same rows; exit 0, 1 or 2. */
#include "cli.h"
#include "cli_options.h"
#include "cmd_eval.h"
#include "diff.h"
#include "gc.h"
#include "out.h"
#include "output.h"

#include <stdio.h>
#include <string.h>

/*
** Exit codes: 0 no change (or none at the level --fail-on names); 1 changes;
** 2 bad usage, a charter unreadable or with errors, two territories, data that
** do not load, or the output cannot be written.
*/

typedef struct DiffArgs {
    const char *old, *new_, *data_dir, *output, *output_option;   /* -o as written */
    Date au;
    DiffFormat format;
    DiffFailOn fail_on;
    SayLang lang;
    DiagList *run;            /* why the run failed, for --format json */
} DiffArgs;

/* A usage error: said on stderr, and kept (C0007) for the JSON document. */
static bool diff_usage(const DiffArgs *a, Say msg)
{
    diag_add(a->run, DIAG_ERROR, CLI_CODE_USAGE, NULL, (Span){ 0, 0 }, msg);
    cli_error(a->lang, CLI_CODE_USAGE, msg);
    return false;
}

static bool diff_format(const char *value, void *format)
{
    return diff_parse_format(value, format);
}

static void diff_usage_of(void *a, Say msg)
{
    diff_usage(a, msg);
}

/* --fail-on or --echec-si, named as the user spelled it; v NULL when given
** last with no value. */
static CliOwn diff_option(void *args, int argc, char **argv, int *i)
{
    DiffArgs *a = args;
    const char *v;
    int at = *i;
    bool missing = false;
    if (!(v = cli_option_value(argc, argv, i, "--fail-on", &missing)) && !missing
        && !(v = cli_option_value(argc, argv, i, "--echec-si", &missing)) && !missing)
        return CLI_OWN_NOT;
    if (v && diff_parse_fail_on(v, &a->fail_on))
        return CLI_OWN_READ;
    const char *as = cli_option_spelled(argv[at]);
    diff_usage(a, SAYF(("%s attend tout, effet, moins-strict ou jamais (%s)", as, cli_value_said(v, SAY_FR)),
                      ("%s expects any, effect, less-strict or never (%s)", as, cli_value_said(v, SAY_EN))));
    return CLI_OWN_BAD;
}

/* The old version, then the new. */
static bool diff_operand(void *args, const char *s)
{
    DiffArgs *a = args;
    if (a->new_)
        return diff_usage(a, SAYF(("diff : deux chartes, l'ancienne et la nouvelle (« %s » est de trop)", s),
                                  ("diff: two charters, the old and the new (%s is one too many)", say_q_en(s))));
    *(a->old ? &a->new_ : &a->old) = s;
    return true;
}

static bool diff_parse_args(int argc, char **argv, DiffArgs *a)
{
    a->format = DIFF_TEXT;
    a->fail_on = DIFF_FAIL_ANY;
    CliOptions o = { .lang = &a->lang, .data_dir = &a->data_dir, .au = &a->au, .output = &a->output, .output_option = &a->output_option,
                     .parse_format = diff_format, .format = &a->format,
                     .format_expects = say("--format attend text, json ou md", "--format expects text, json or md"),
                     .help = "charte help diff", .cmd = a, .usage = diff_usage_of, .own = diff_option,
                     .operand = diff_operand };
    if (!cli_options_parse(&o, argc, argv))
        return false;
    if (!a->new_)
        return diff_usage(a, say("diff : quelles chartes ? (charte diff ANCIENNE NOUVELLE)",
                                 "diff: which charters? (charte diff OLD NEW)"));
    if (a->au != DATE_NONE && !a->data_dir)
        return diff_usage(a, say("diff : --au date l'évaluation des données : donnez aussi --donnees DOSSIER",
                                 "diff: --au dates the evaluation of the data: give --donnees FOLDER too"));
    return true;
}

/* A charter that cannot be compared: unreadable or with errors (said on stderr). */
static Model *diff_charter(const DiffArgs *a, const char *path)
{
    int status;
    return cmd_eval_check_charter_into(path, a->lang, a->run, &status);
}

/* C0910: two charters of different territories are not two versions of one. */
static void diff_territory_error(const DiffArgs *a, const Model *old, const Model *new_)
{
    DiagList *dl = diag_list_new();
    Diag *d = diag_add(dl, DIAG_ERROR, "C0910", new_->main->src, new_->main->territory_span,
                       SAYF(("« %s » et « %s » ne sont pas deux versions d'une charte : l'une est du territoire « %s », "
                             "l'autre du territoire « %s »", a->old, a->new_, old->main->territory, new_->main->territory),
                            ("%s and %s are not two versions of one charter: one is for the territory %s, the other "
                             "for %s", say_q_en(a->old), say_q_en(a->new_), say_q_en(old->main->territory),
                             say_q_en(new_->main->territory))));
    diag_note(d, old->main->src, old->main->territory_span,
              say("le territoire de l'ancienne version", "the territory of the old version"));
    diag_print_text(dl, a->lang, stderr);
    diag_add(a->run, DIAG_ERROR, d->code, d->src, d->span, d->msg)->notes = d->notes;
}

/* Neither version, nor their imports, nor the data. */
static bool diff_output_spares_inputs(const Output *out, const DiffArgs *a, const Model *old, const Model *new_)
{
    return cmd_eval_output_spares_imports(out, old, a->lang) && cmd_eval_output_spares_imports(out, new_, a->lang)
        && (!a->data_dir || cmd_eval_output_spares_data(out, a->data_dir, a->lang));
}

/* Everything between the checked output and its commit (output_run). */
static int diff_into(void *args, Output *out)
{
    const DiffArgs *a = args;
    if (!output_is_not_input(out, a->old, a->lang) || !output_is_not_input(out, a->new_, a->lang))
        return CLI_ERROR;
    /* Both are checked, so that one run says every error of both. */
    Model *old = diff_charter(a, a->old), *new_ = diff_charter(a, a->new_);
    if (!old || !new_)
        return CLI_ERROR;
    if (!diff_output_spares_inputs(out, a, old, new_))
        return CLI_ERROR;
    if (diff_territories_differ(old, new_)) {
        diff_territory_error(a, old, new_);
        return CLI_ERROR;
    }
    bool english = a->lang == SAY_EN;
    DiffReport *d = diff_build(old, new_, a->old, a->new_, english);
    if (a->data_dir) {
        Date au = a->au != DATE_NONE ? a->au : date_today();
        EvalRun *eo = cmd_eval_evaluate(old, a->data_dir, au, DATE_NONE, a->lang, cmd_eval_default_threads(), a->run);
        EvalRun *en = eo ? cmd_eval_evaluate(new_, a->data_dir, au, DATE_NONE, a->lang, cmd_eval_default_threads(), a->run) : NULL;
        if (!en)
            return CLI_ERROR;
        diff_data(d, eo, en, a->data_dir);
    }
    diff_write(d, a->format, out->fp);
    return diff_fails(d, a->fail_on) ? CLI_FINDINGS : CLI_OK;
}

/* With --format json a run that failed still writes a document, which says
** so (as eval's), on stdout; a file named by -o is left as it was. */
int cmd_diff(int argc, char **argv)
{
    DiffArgs a = { .run = diag_list_new() };
    int code = diff_parse_args(argc, argv, &a) ? output_run(a.output, a.output_option, a.lang, true, diff_into, &a) : CLI_ERROR;
    if (code == CLI_ERROR && a.format == DIFF_JSON && a.run->len && (!a.output || strcmp(a.output, "-") == 0)) {
        diag_sort(a.run);
        out_json_failure("diff", a.run, a.lang, code, stdout);
        if (fflush(stdout) != 0)
            return CLI_ERROR;
    }
    return code;
}
