/* cli/cmd_check.c: `charte check`: parse and check charters, print diagnostics (text, json, sarif, github), exit 0, 1 or 2. */
#include "check.h"
#include "cli.h"
#include "cli_options.h"
#include "gc.h"
#include "num.h"
#include "out.h"
#include "parse.h"

#include <stdio.h>
#include <string.h>

/*
** Exit codes do not depend on the format: 2 when the command line is wrong
** or a file cannot be read, else 1 when a diagnostic fails the run (an
** error, or a warning under --strict), else 0. In a machine format a usage
** or I/O error is a diagnostic of the document too (C0007, C0006), so that a
** run that failed never reads as clean; it is also said on stderr.
*/

typedef struct CheckArgs {
    bool strict, dump_ast, usage_error;
    OutFormat format;
    SayLang lang;
    const char **files;
    int nfiles;
    DiagList *run;        /* usage and I/O errors */
} CheckArgs;

#define CHECK_FORMATS ((1u << OUT_TEXT) | (1u << OUT_JSON) | (1u << OUT_SARIF) | (1u << OUT_GITHUB))

static void check_usage(void *cmd, Say msg)
{
    CheckArgs *a = cmd;
    cli_error(a->lang, CLI_CODE_USAGE, msg);
    out_run_error(a->run, CLI_CODE_USAGE, NULL, msg);
    a->usage_error = true;
}

static bool check_format(const char *value, void *format)
{
    return out_parse_format(value, CHECK_FORMATS, format);
}

static CliOwn check_option(void *cmd, int argc, char **argv, int *i)
{
    CheckArgs *a = cmd;
    if (strcmp(argv[*i], "--strict") == 0)
        a->strict = true;
    else if (strcmp(argv[*i], "--json") == 0)
        a->format = OUT_JSON;
    else if (strcmp(argv[*i], "--dump-ast") == 0)
        a->dump_ast = true;
    else
        return CLI_OWN_NOT;
    return CLI_OWN_READ;
}

static bool check_operand(void *cmd, const char *s)
{
    CheckArgs *a = cmd;
    a->files[a->nfiles++] = s;
    return true;
}

static void check_parse_args(int argc, char **argv, CheckArgs *a)
{
    a->files = rt_alloc(sizeof(char *) * (size_t)argc);
    a->run = diag_list_new();
    CliOptions o = { .lang = &a->lang, .parse_format = check_format, .format = &a->format, .json_flag = true,
                     .format_expects = out_format_expects(CHECK_FORMATS), .help = "charte --help",
                     .cmd = a, .usage = check_usage, .own = check_option, .operand = check_operand };
    if (cli_options_parse(&o, argc, argv) && a->nfiles == 0)
        check_usage(a, say("check : aucun fichier à vérifier", "check: no file to check"));
}

/* ", 2 avertissements" / ", 2 warnings", then the accepted ones apart, or "". */
static const char *check_count_said(unsigned n, bool en, const char *fr_one, const char *en_one)
{
    if (!n)
        return "";
    const char *count = num_count_to_reader((long)n, en);
    if (en)
        return rt_sprintf(", %s %s", count, n > 1 ? rt_sprintf("%ss", en_one) : en_one);
    return rt_sprintf(", %s %s", count, fr_one);
}

/* Text: the diagnostics, then one line that says the run passed. */
static void check_print_text(const CheckArgs *a, const DiagList *dl)
{
    diag_print_text(dl, a->lang, stderr);
    if (dl->errors || a->usage_error || a->run->len)
        return;
    bool en = a->lang == SAY_EN;
    const char *files = num_count_to_reader(a->nfiles, en);
    bool many = dl->warnings > 1, many_accepted = dl->accepted > 1;
    const char *warnings = check_count_said(dl->warnings, en, many ? "avertissements" : "avertissement", "warning");
    const char *accepted = check_count_said(dl->accepted, en, many_accepted ? "avertissements acceptés"
                                                                           : "avertissement accepté",
                                            "accepted warning");
    if (en)
        fprintf(stderr, "charte: %s file%s checked, no errors%s%s\n", files, a->nfiles > 1 ? "s" : "", warnings,
                accepted);
    else
        fprintf(stderr, "charte : %s fichier%s vérifié%s, aucune erreur%s%s\n", files, a->nfiles > 1 ? "s" : "",
                a->nfiles > 1 ? "s" : "", warnings, accepted);
}

static void check_print(const CheckArgs *a, DiagList *dl, int exit_code)
{
    if (a->format == OUT_TEXT) {
        if (a->strict)
            diag_promote_warnings(dl);
        check_print_text(a, dl);
        return;
    }
    /* Machine formats keep each warning a warning and say which fail the run. */
    for (unsigned i = 0; i < a->run->len; i++)
        diag_add_copy(dl, a->run->items[i]);
    diag_sort(dl);
    OutCheck c = { .dl = dl, .lang = a->lang, .strict = a->strict, .exit_code = exit_code, .nfiles = a->nfiles };
    if (a->format == OUT_JSON)
        out_json_check(&c, stdout);
    else if (a->format == OUT_SARIF)
        out_sarif_check(&c, stdout);
    else
        out_github_check(&c, stdout);
}

int cmd_check(int argc, char **argv)
{
    CheckArgs a = { 0 };
    check_parse_args(argc, argv, &a);
    DiagList *dl = diag_list_new();
    CheckOptions opts = { .english = a.lang == SAY_EN };
    for (int i = 0; i < a.nfiles && !a.usage_error; i++) {
        Source *src;
        SourceStatus st = source_read_file(a.files[i], a.files[i], &src);
        if (st != SOURCE_OK) {
            out_unreadable(a.run, a.lang, a.files[i], st);
            continue;
        }
        if (a.dump_ast) {
            AstCharter *c = parse_charter(src, dl);
            ast_dump(c, stdout);
            continue;
        }
        check_program(src, dl, &opts);
    }
    diag_sort(dl);
    unsigned failing = 0;
    for (unsigned i = 0; i < dl->len; i++)
        failing += out_fails(dl->items[i], a.strict);
    int exit_code = a.run->len ? CLI_ERROR : failing ? CLI_FINDINGS : CLI_OK;
    check_print(&a, dl, exit_code);
    if (fflush(stdout) != 0)
        return CLI_ERROR;
    return exit_code;
}
