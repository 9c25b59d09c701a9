/* cli/cmd_diff.c: `charte diff` (comparer): check two versions of a charter, compare them, and with data evaluate both on the same rows; exit 0, 1 or 2. */
#include "cli.h"
#include "cmd_eval.h"
#include "diff.h"
#include "gc.h"
#include "output.h"

#include <stdio.h>
#include <string.h>

/*
** Exit codes: 0 no change (or none at the level --fail-on names); 1 changes;
** 2 bad usage, a charter unreadable or with errors, two territories, data that
** do not load, or the output cannot be written.
*/

typedef struct DiffArgs {
    const char *old, *new_, *data_dir, *output;
    Date au;
    DiffFormat format;
    DiffFailOn fail_on;
    SayLang lang;
} DiffArgs;

static bool diff_usage(const DiffArgs *a, Say msg)
{
    cli_error(a->lang, msg);
    return false;
}

static bool diff_parse_option(int argc, char **argv, int *i, DiffArgs *a, bool *ok)
{
    const char *v;
    bool missing = false;
    *ok = true;
    if ((v = cli_option_value(argc, argv, i, "--donnees", &missing)) || (v = cli_option_value(argc, argv, i, "--data", &missing)))
        a->data_dir = v;
    else if ((v = cli_option_value(argc, argv, i, "--au", &missing)) || (v = cli_option_value(argc, argv, i, "--as-of", &missing))) {
        if (!date_parse(v, strlen(v), &a->au))
            *ok = diff_usage(a, SAYF(("--au attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas « %s »", v),
                                     ("--au expects a date (dd/mm/yyyy or yyyy-mm-dd), not '%s'", v)));
    } else if ((v = cli_option_value(argc, argv, i, "--format", &missing))) {
        if (!diff_parse_format(v, &a->format))
            *ok = diff_usage(a, say("--format attend text, json ou md", "--format expects text, json or md"));
    } else if ((v = cli_option_value(argc, argv, i, "--fail-on", &missing))
               || (v = cli_option_value(argc, argv, i, "--echec-si", &missing))) {
        if (!diff_parse_fail_on(v, &a->fail_on))
            *ok = diff_usage(a, say("--fail-on attend tout, effet, moins-strict ou jamais",
                                    "--fail-on expects any, effect, less-strict or never"));
    } else if ((v = cli_option_value(argc, argv, i, "-o", &missing)) || (v = cli_option_value(argc, argv, i, "--output", &missing))
               || (v = cli_option_value(argc, argv, i, "--sortie", &missing))) {
        if (a->output)
            *ok = diff_usage(a, SAYF(("-o est donné deux fois (« %s » et « %s »)", a->output, v),
                                     ("-o is given twice ('%s' and '%s')", a->output, v)));
        a->output = v;
    } else if ((v = cli_option_value(argc, argv, i, "--lang", &missing))) {
        if (!cli_parse_lang(v, &a->lang))
            *ok = diff_usage(a, say("--lang attend fr ou en", "--lang expects fr or en"));
    } else if (missing) {
        *ok = diff_usage(a, SAYF(("l'option %s attend une valeur", argv[*i]), ("option %s expects a value", argv[*i])));
    } else {
        return false;
    }
    return true;
}

static bool diff_format(const char *value, void *format)
{
    return diff_parse_format(value, format);
}

static bool diff_parse_args(int argc, char **argv, DiffArgs *a)
{
    a->au = DATE_NONE;
    a->format = DIFF_TEXT;
    a->fail_on = DIFF_FAIL_ANY;
    cli_read_early(argc, argv, &a->lang, diff_format, &a->format, false);
    for (int i = 1; i < argc; i++) {
        bool ok;
        if (diff_parse_option(argc, argv, &i, a, &ok)) {
            if (!ok)
                return false;
            continue;
        }
        const char *s = argv[i];
        if (s[0] == '-' && s[1] != '\0')
            return diff_usage(a, SAYF(("option inconnue « %s » (voir charte help diff)", s),
                                      ("unknown option '%s' (see charte help diff)", s)));
        if (a->new_)
            return diff_usage(a, SAYF(("diff : deux chartes, l'ancienne et la nouvelle (« %s » est de trop)", s),
                                      ("diff: two charters, the old and the new ('%s' is one too many)", s)));
        *(a->old ? &a->new_ : &a->old) = s;
    }
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
    return cmd_eval_check_charter(path, a->lang, &status);
}

/* C0910: two charters of different territories are not two versions of one. */
static void diff_territory_error(const DiffArgs *a, const Model *old, const Model *new_)
{
    DiagList *dl = diag_list_new();
    Diag *d = diag_add(dl, DIAG_ERROR, "C0910", new_->main->src, new_->main->territory_span,
                       SAYF(("« %s » et « %s » ne sont pas deux versions d'une charte : l'une est du territoire « %s », "
                             "l'autre du territoire « %s »", a->old, a->new_, old->main->territory, new_->main->territory),
                            ("'%s' and '%s' are not two versions of one charter: one is for the territory “%s”, the other "
                             "for “%s”", a->old, a->new_, old->main->territory, new_->main->territory)));
    diag_note(d, old->main->src, old->main->territory_span,
              say("le territoire de l'ancienne version", "the territory of the old version"));
    diag_print_text(dl, a->lang, stderr);
}

static bool diff_output_spares_inputs(const Output *out, const DiffArgs *a, const Model *m)
{
    for (int i = 0; i < m->nmodules; i++) {
        const Source *src = m->modules[i] ? m->modules[i]->src : NULL;
        if (src && src->path && !output_is_not_input(out, src->path, a->lang))
            return false;
    }
    return !a->data_dir || output_is_not_input(out, a->data_dir, a->lang);
}

static int diff_into(const DiffArgs *a, Output *out)
{
    /* Both are checked, so that one run says every error of both. */
    Model *old = diff_charter(a, a->old), *new_ = diff_charter(a, a->new_);
    if (!old || !new_)
        return CLI_ERROR;
    if (!diff_output_spares_inputs(out, a, old) || !diff_output_spares_inputs(out, a, new_))
        return CLI_ERROR;
    if (diff_territories_differ(old, new_)) {
        diff_territory_error(a, old, new_);
        return CLI_ERROR;
    }
    bool english = a->lang == SAY_EN;
    DiffReport *d = diff_build(old, new_, a->old, a->new_, english);
    if (a->data_dir) {
        Date au = a->au != DATE_NONE ? a->au : date_today();
        DiagList *run = diag_list_new();
        EvalRun *eo = cmd_eval_evaluate(old, a->data_dir, au, a->lang, rt_cores(), run);
        EvalRun *en = eo ? cmd_eval_evaluate(new_, a->data_dir, au, a->lang, rt_cores(), run) : NULL;
        if (!en)
            return CLI_ERROR;
        diff_data(d, eo, en, a->data_dir);
    }
    diff_write(d, a->format, out->fp);
    return diff_fails(d, a->fail_on) ? CLI_FINDINGS : CLI_OK;
}

int cmd_diff(int argc, char **argv)
{
    DiffArgs a = { 0 };
    if (!diff_parse_args(argc, argv, &a))
        return CLI_ERROR;
    Output out;
    if (!output_prepare(&out, a.output, a.lang))
        return CLI_ERROR;
    if (!output_is_not_input(&out, a.old, a.lang) || !output_is_not_input(&out, a.new_, a.lang)) {
        output_abort(&out);
        return CLI_ERROR;
    }
    int status = diff_into(&a, &out);
    if (status == CLI_ERROR) {
        output_abort(&out);
        return status;
    }
    return output_commit(&out, a.lang) ? status : CLI_ERROR;
}
