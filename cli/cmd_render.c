/* cli/cmd_render.c: `charte render` (rendu): check the charter and write it as a document to read and sign, Markdown or HTML, whole or consolidated at a date. */
#include "cli.h"
#include "cmd_eval.h"
#include "gc.h"
#include "output.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

/* Exit codes: 0 written; 1 the charter has errors (nothing written); 2 bad usage, unreadable charter, output not written. */

typedef struct RenderArgs {
    const char *charter, *output;
    RenderOptions opts;
    SayLang lang;
} RenderArgs;

static bool render_usage(const RenderArgs *a, Say msg)
{
    cli_error(a->lang, msg);
    return false;
}

static bool render_parse_args(int argc, char **argv, RenderArgs *a)
{
    a->lang = cli_default_lang();
    a->opts = (RenderOptions){ .format = RENDER_MD, .au = DATE_NONE };
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            cli_parse_lang(argv[i + 1], &a->lang);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            cli_parse_lang(argv[i] + 7, &a->lang);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v;
        bool missing = false;
        if ((v = cli_option_value(argc, argv, &i, "--au", &missing))
            || (v = cli_option_value(argc, argv, &i, "--as-of", &missing))) {
            if (!date_parse(v, strlen(v), &a->opts.au))
                return render_usage(a, SAYF(("--au attend une date (jj/mm/aaaa ou aaaa-mm-jj), pas « %s »", v),
                                            ("--au expects a date (dd/mm/yyyy or yyyy-mm-dd), not '%s'", v)));
        } else if ((v = cli_option_value(argc, argv, &i, "--format", &missing))) {
            if (!render_parse_format(v, &a->opts.format))
                return render_usage(a, say("--format attend md ou html", "--format expects md or html"));
        } else if ((v = cli_option_value(argc, argv, &i, "-o", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--output", &missing))
                   || (v = cli_option_value(argc, argv, &i, "--sortie", &missing))) {
            if (a->output)
                return render_usage(a, SAYF(("-o est donné deux fois (« %s » et « %s »)", a->output, v),
                                            ("-o is given twice ('%s' and '%s')", a->output, v)));
            a->output = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--lang", &missing))) {
            if (!cli_parse_lang(v, &a->lang))
                return render_usage(a, say("--lang attend fr ou en", "--lang expects fr or en"));
        } else if (missing) {
            return render_usage(a, SAYF(("l'option %s attend une valeur", s), ("option %s expects a value", s)));
        } else if (s[0] == '-' && s[1] != '\0') {
            return render_usage(a, SAYF(("option inconnue « %s » (voir charte help render)", s),
                                        ("unknown option '%s' (see charte help render)", s)));
        } else if (a->charter) {
            return render_usage(a, SAYF(("render : une seule charte à la fois (« %s » et « %s »)", a->charter, s),
                                        ("render: one charter at a time ('%s' and '%s')", a->charter, s)));
        } else {
            a->charter = s;
        }
    }
    if (!a->charter)
        return render_usage(a, say("render : quelle charte ? (charte render CHARTE --format md|html)",
                                   "render: which charter? (charte render CHARTER --format md|html)"));
    a->opts.english = a->lang == SAY_EN;
    return true;
}

/* The rendering must never replace the charter or one of its imports. */
static bool render_output_spares_inputs(const Output *out, const RenderArgs *a, const Model *m)
{
    for (int i = 0; i < m->nmodules; i++) {
        const Source *src = m->modules[i] ? m->modules[i]->src : NULL;
        if (src && src->path && !output_is_not_input(out, src->path, a->lang))
            return false;
    }
    return true;
}

int cmd_render(int argc, char **argv)
{
    RenderArgs a = { 0 };
    if (!render_parse_args(argc, argv, &a))
        return CLI_ERROR;
    Output out;
    if (!output_prepare(&out, a.output, a.lang))
        return CLI_ERROR;
    if (!output_is_not_input(&out, a.charter, a.lang)) {
        output_abort(&out);
        return CLI_ERROR;
    }
    int status;
    Model *m = cmd_eval_check_charter(a.charter, a.lang, &status);
    if (!m || !render_output_spares_inputs(&out, &a, m)) {
        output_abort(&out);
        return m ? CLI_ERROR : status;
    }
    render_write(m, &a.opts, out.fp);
    return output_commit(&out, a.lang) ? CLI_OK : CLI_ERROR;
}
