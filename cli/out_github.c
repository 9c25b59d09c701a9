/* cli/out_github.c: `check --format github` and `test --format github`: GitHub Actions workflow commands (::error file=…::…), escaped as GitHub specifies, grouped per file. */
#include "out.h"

#include "gc.h"
#include "visible.h"

#include <string.h>

/*
** GitHub reads a command's message up to the end of the line and its
** properties up to ',' or '::', so: in the message '%', CR and LF become
** %25, %0D and %0A; in a property ':' and ',' too (%3A, %2C). A note is
** appended to the message on a line of its own, which is how a multi-line
** annotation is written. The annotations are text a person reads (in the
** log and beside the lines), so the charter's control characters are shown
** as visible symbols, as in every text output (base/visible.h): an ESC in a
** string would otherwise colour the log.
*/

static void out_github_escaped(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': property ? fputs("%3A", out) : fputc(':', out); break;
        case ',': property ? fputs("%2C", out) : fputc(',', out); break;
        default: fputc(*s, out);
        }
    }
}

static void out_github_property(FILE *out, const char *name, const char *value, bool *first)
{
    fputs(*first ? " " : ",", out);
    *first = false;
    fputs(name, out);
    fputc('=', out);
    out_github_escaped(out, value, true);
}

static const char *out_github_place(Source *src, Span span)
{
    if (!src)
        return "";
    uint32_t line, col;
    source_position(src, span.start, &line, &col);
    return rt_sprintf("%s:%u:%u: ", src->name, line, col);
}

static void out_github_command(FILE *out, const Diag *d, bool strict, SayLang lang)
{
    bool fails = out_fails(d, strict);
    /* An accepted warning is a notice: the pull request shows it, without a warning to clear. */
    fputs(fails ? "::error" : diag_told_severity(d) == DIAG_WARNING ? "::warning" : "::notice", out);
    bool first = true;
    const char *uri = d->src ? out_uri(d->src->name) : NULL;
    if (uri) {
        out_github_property(out, "file", d->src->name, &first);
        if (!out_is_run_error(d)) {
            unsigned line, col, end_line, end_col;
            out_position(d->src, d->span, &line, &col, &end_line, &end_col);
            out_github_property(out, "line", rt_sprintf("%u", line), &first);
            out_github_property(out, "col", rt_sprintf("%u", col), &first);
            out_github_property(out, "endLine", rt_sprintf("%u", end_line), &first);
            out_github_property(out, "endColumn", rt_sprintf("%u", end_col), &first);
        }
    }
    if (d->code)
        out_github_property(out, "title", d->code, &first);
    fputs("::", out);
    const char *msg = say_in(d->msg, lang);
    if (fails && d->severity == DIAG_WARNING)
        msg = rt_sprintf(lang == SAY_EN ? "%s (warning, an error under --strict)"
                                                : "%s (avertissement, erreur sous --strict)", msg);
    out_github_escaped(out, msg, false);
    for (const DiagNote *n = d->notes; n; n = n->next) {
        out_github_escaped(out, "\nnote: ", false);
        out_github_escaped(out, out_github_place(n->src, n->span), false);
        out_github_escaped(out, say_in(n->msg, lang), false);
    }
    if (d->accepted) {
        out_github_escaped(out, "\nnote: ", false);
        out_github_escaped(out, out_github_place(d->accepted->src, d->accepted->span), false);
        out_github_escaped(out, say_in(d->accepted->said, lang), false);
    }
    fputc('\n', out);
}

/* Opens the group of file (NULL: none) unless it is the one open; returns the open group. */
static const char *out_github_group(FILE *out, const char *group, const char *file)
{
    if (group && (!file || strcmp(file, group) != 0)) {
        fputs("::endgroup::\n", out);
        group = NULL;
    }
    if (file && !group) {
        fputs("::group::", out);
        out_github_escaped(out, file, false);
        fputc('\n', out);
        group = file;
    }
    return group;
}

static void out_github_commands(const OutCheck *c, FILE *out)
{
    const char *group = NULL;
    for (unsigned i = 0; i < c->dl->len; i++) {
        const Diag *d = c->dl->items[i];
        group = out_github_group(out, group, d->src && !out_is_run_error(d) ? d->src->name : NULL);
        out_github_command(out, d, c->strict, c->lang);
    }
    out_github_group(out, group, NULL);
}

/* A failed example: an error on its line, titled by the example, so that the
** pull request shows which `attendu` no longer holds and what came out. */
static void out_github_failure(FILE *out, const char *file, const char *title, unsigned line, unsigned col,
                               const char *msg)
{
    bool first = true;
    fputs("::error", out);
    out_github_property(out, "file", file, &first);
    if (line) {
        out_github_property(out, "line", rt_sprintf("%u", line), &first);
        out_github_property(out, "col", rt_sprintf("%u", col), &first);
    }
    out_github_property(out, "title", title, &first);
    fputs("::", out);
    out_github_escaped(out, msg, false);
    fputc('\n', out);
}

/*
** `charte test`: per charter, what stops it (its errors; its warnings are
** `check`'s to annotate, and a test run does not fail on them), then one error
** per failed expectation and, under --strict, a charter without examples; the
** summary line last, which GitHub shows as plain text in the log.
*/
static void out_github_tests(const OutTest *t, FILE *out)
{
    bool en = t->lang == SAY_EN;
    for (unsigned i = 0; i < t->usage->len; i++)
        out_github_command(out, t->usage->items[i], t->strict, t->lang);
    for (int c = 0; c < t->ncharters; c++) {
        const OutCharter *ch = &t->charters[c];
        const char *group = NULL;    /* opened by the first annotation: a charter that passes says nothing */
        for (unsigned i = 0; i < ch->dl->len; i++)
            if (out_fails(ch->dl->items[i], false)) {
                group = out_github_group(out, group, ch->file);
                out_github_command(out, ch->dl->items[i], false, t->lang);
            }
        for (int x = 0; x < ch->nexamples; x++) {
            const OutExample *ex = &ch->examples[x];
            const char *title = rt_sprintf(en ? "example “%s”" : "exemple « %s »", ex->name);
            for (int f = 0; f < ex->nfailures; f++) {
                group = out_github_group(out, group, ch->file);
                out_github_failure(out, ch->file, title, ex->failures[f].line, ex->failures[f].column,
                                   ex->failures[f].message);
            }
        }
        if (ch->no_examples_fail) {
            group = out_github_group(out, group, ch->file);
            out_github_failure(out, ch->file, "--strict", 0, 0, en ? "no example (--strict)" : "aucun exemple (--strict)");
        }
        out_github_group(out, group, NULL);
    }
    if (t->usage->len == 0)
        fprintf(out, "%d passed, %d failed\n", t->passed, t->failed);
}

/* Both commands' annotations are text a person reads: control characters shown visibly. */
static void out_github_shown(FILE *out, const OutCheck *c, const OutTest *t)
{
    FILE *shown = visible_stream(out, VISIBLE_KEEP_TAB | VISIBLE_KEEP_NEWLINE);
    if (c)
        out_github_commands(c, shown ? shown : out);
    else
        out_github_tests(t, shown ? shown : out);
    /* A failed write is out's own error, which the caller checks. */
    if (shown)
        (void)fclose(shown);
}

void out_github_check(const OutCheck *c, FILE *out)
{
    out_github_shown(out, c, NULL);
}

void out_github_test(const OutTest *t, FILE *out)
{
    out_github_shown(out, NULL, t);
}
