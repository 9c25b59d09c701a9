/* cli/cmd_render.c: `charte render` (rendu): check the charter and write it as a document to read and sign, Markdown or HTML, whole or consolidated at a date. */
#include "cli.h"
#include "cli_options.h"
#include "cmd_eval.h"
#include "gc.h"
#include "output.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

/* Exit codes: 0 written; 1 the charter has errors (nothing written); 2 bad usage, unreadable charter, output not written. */

typedef struct RenderArgs {
    const char *charter, *output, *output_option;   /* -o as written */
    RenderOptions opts;
    SayLang lang;
} RenderArgs;

static bool render_usage(const RenderArgs *a, Say msg)
{
    cli_error(a->lang, CLI_CODE_USAGE, msg);
    return false;
}

static bool render_format(const char *value, void *format)
{
    return render_parse_format(value, format);
}

static void render_usage_of(void *a, Say msg)
{
    render_usage(a, msg);
}

static bool render_operand(void *args, const char *s)
{
    RenderArgs *a = args;
    if (a->charter)
        return render_usage(a, SAYF(("render : une seule charte à la fois (« %s » et « %s »)", a->charter, s),
                                    ("render: one charter at a time (%s and %s)", say_q_en(a->charter), say_q_en(s))));
    a->charter = s;
    return true;
}

static bool render_parse_args(int argc, char **argv, RenderArgs *a)
{
    a->opts = (RenderOptions){ .format = RENDER_MD };
    CliOptions o = { .lang = &a->lang, .au = &a->opts.au, .output = &a->output, .output_option = &a->output_option,
                     .parse_format = render_format, .format = &a->opts.format,
                     .format_expects = say("--format attend md ou html", "--format expects md or html"),
                     .help = "charte help render", .cmd = a, .usage = render_usage_of, .operand = render_operand };
    if (!cli_options_parse(&o, argc, argv))
        return false;
    if (!a->charter)
        return render_usage(a, say("render : quelle charte ? (charte render CHARTE --format md|html)",
                                   "render: which charter? (charte render CHARTER --format md|html)"));
    a->opts.english = a->lang == SAY_EN;
    return true;
}

/* Everything between the checked output and its commit (output_run). */
static int render_into(void *args, Output *out)
{
    const RenderArgs *a = args;
    if (!output_is_not_input(out, a->charter, a->lang))
        return CLI_ERROR;
    int status;
    Model *m = cmd_eval_check_charter(a->charter, a->lang, &status);
    if (!m)
        return status;
    if (!cmd_eval_output_spares_imports(out, m, a->lang))
        return CLI_ERROR;
    render_write(m, &a->opts, out->fp);
    return CLI_OK;
}

int cmd_render(int argc, char **argv)
{
    RenderArgs a = { 0 };
    return render_parse_args(argc, argv, &a) ? output_run(a.output, a.output_option, a.lang, false, render_into, &a) : CLI_ERROR;
}
