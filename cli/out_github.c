/* cli/out_github.c: `check --format github`: GitHub Actions workflow commands (::error file=…::…), escaped as GitHub specifies, grouped per file. */
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

static void out_github_command(FILE *out, const Diag *d, const OutCheck *c)
{
    bool fails = out_fails(d, c->strict);
    fputs(fails ? "::error" : d->severity == DIAG_WARNING ? "::warning" : "::notice", out);
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
    const char *msg = say_in(d->msg, c->lang);
    if (fails && d->severity == DIAG_WARNING)
        msg = rt_sprintf(c->lang == SAY_EN ? "%s (warning, an error under --strict)"
                                                : "%s (avertissement, erreur sous --strict)", msg);
    out_github_escaped(out, msg, false);
    for (const DiagNote *n = d->notes; n; n = n->next) {
        out_github_escaped(out, "\nnote: ", false);
        out_github_escaped(out, out_github_place(n->src, n->span), false);
        out_github_escaped(out, say_in(n->msg, c->lang), false);
    }
    fputc('\n', out);
}

static void out_github_commands(const OutCheck *c, FILE *out)
{
    const char *group = NULL;
    for (unsigned i = 0; i < c->dl->len; i++) {
        const Diag *d = c->dl->items[i];
        const char *file = d->src && !out_is_run_error(d) ? d->src->name : NULL;
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
        out_github_command(out, d, c);
    }
    if (group)
        fputs("::endgroup::\n", out);
}

void out_github_check(const OutCheck *c, FILE *out)
{
    FILE *shown = visible_stream(out, VISIBLE_KEEP_TAB | VISIBLE_KEEP_NEWLINE);
    out_github_commands(c, shown ? shown : out);
    /* A failed write is out's own error, which the caller checks. */
    if (shown)
        (void)fclose(shown);
}
