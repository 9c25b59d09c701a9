/* cli/out_junit.c: `test --format junit`: JUnit XML as GitLab and Jenkins read it (schema: tests/schemas/junit.xsd): a testsuite per charter, a testcase per example. */
#include "out.h"

#include "gc.h"
#include "utf8.h"

#include <string.h>

/*
** A failed example is a <failure> whose body holds every failure line
** (file:line:col: message); a charter that cannot run (unreadable, or with
** errors) is a testsuite with one <error> testcase whose body holds its
** diagnostics; under --strict a charter without examples is a <failure>;
** a usage error is an <error> in a testsuite named "charte". No time is
** given: a report must not differ from one run to the next.
*/

/* Text as XML character data or attribute value: markup escaped, characters
** XML 1.0 cannot carry (controls, invalid UTF-8) replaced; in an attribute a
** newline is a character reference, or the parser would read a space. */
static void out_junit_escaped(FILE *out, const char *s, bool attribute)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            fputs("\xEF\xBF\xBD", out);
            i++;
            continue;
        }
        switch (cp) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        case '\n': attribute ? fputs("&#10;", out) : fputc('\n', out); break;
        case '\t': attribute ? fputs("&#9;", out) : fputc('\t', out); break;
        default:
            if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF)
                fputc('?', out);
            else
                fwrite(s + i, 1, k, out);
        }
        i += k;
    }
}

static void out_junit_text(FILE *out, const char *s)
{
    out_junit_escaped(out, s, false);
}

static void out_junit_attr(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    out_junit_escaped(out, value, true);
    fputc('"', out);
}

static const char *out_junit_diag_line(const Diag *d, SayLang lang)
{
    const char *msg = say_in(d->msg, lang);
    /* An accepted warning fails nothing: said as the text output says it, a note with its reason. */
    const char *sev = diag_severity_name(diag_told_severity(d), lang);
    if (d->accepted)
        msg = rt_sprintf("%s (%s)", msg, say_in(d->accepted->said, lang));
    if (!d->src || out_is_run_error(d))
        return rt_sprintf("%s[%s]: %s", sev, d->code ? d->code : "", msg);
    uint32_t line, col;
    source_position(d->src, d->span.start, &line, &col);
    return rt_sprintf("%s:%u:%u: %s[%s]: %s", d->src->name, line, col, sev, d->code ? d->code : "", msg);
}

/* <error> with the first error as its message and every diagnostic in its body. */
static void out_junit_error(FILE *out, const DiagList *dl, SayLang lang)
{
    const Diag *first = NULL;
    for (unsigned i = 0; i < dl->len && !first; i++)
        if (dl->items[i]->severity == DIAG_ERROR)
            first = dl->items[i];
    fputs("      <error", out);
    out_junit_attr(out, "message", first ? say_in(first->msg, lang) : "");
    out_junit_attr(out, "type", first && first->code ? first->code : "error");
    fputs(">", out);
    for (unsigned i = 0; i < dl->len; i++) {
        out_junit_text(out, out_junit_diag_line(dl->items[i], lang));
        out_junit_text(out, "\n");
    }
    fputs("</error>\n", out);
}

static void out_junit_case_open(FILE *out, const char *classname, const char *name, const char *file, unsigned line)
{
    fputs("    <testcase", out);
    out_junit_attr(out, "classname", classname);
    out_junit_attr(out, "name", name);
    if (file)
        out_junit_attr(out, "file", file);
    if (line)
        fprintf(out, " line=\"%u\"", line);
}

static void out_junit_example(FILE *out, const OutCharter *ch, const OutExample *x)
{
    out_junit_case_open(out, ch->file, x->name, ch->file, x->line);
    if (x->nfailures == 0) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n      <failure", out);
    out_junit_attr(out, "message", x->failures[0].message);
    out_junit_attr(out, "type", "example");
    fputs(">", out);
    for (int i = 0; i < x->nfailures; i++) {
        out_junit_text(out, rt_sprintf("%s:%u:%u: %s\n", ch->file, x->failures[i].line, x->failures[i].column,
                                       x->failures[i].message));
    }
    fputs("</failure>\n    </testcase>\n", out);
}

static void out_junit_suite_open(FILE *out, const char *name, int tests, int failures, int errors)
{
    fputs("  <testsuite", out);
    out_junit_attr(out, "name", name);
    fprintf(out, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\">\n", tests, failures, errors);
}

/* The line of a charter's first error in its own file (0: none there, or a run error), so
** that a reporter which annotates by file and line points at it, as for a failed example. */
static unsigned out_junit_error_line(const OutCharter *ch)
{
    for (unsigned i = 0; i < ch->dl->len; i++) {
        const Diag *d = ch->dl->items[i];
        if (d->severity == DIAG_ERROR && d->src && !out_is_run_error(d) && strcmp(d->src->name, ch->file) == 0) {
            uint32_t line, col;
            source_position(d->src, d->span.start, &line, &col);
            return line;
        }
    }
    return 0;
}

static void out_junit_charter(FILE *out, const OutCharter *ch, SayLang lang)
{
    bool en = lang == SAY_EN;
    if (!ch->loaded) {
        out_junit_suite_open(out, ch->file, 1, 0, 1);
        out_junit_case_open(out, ch->file, en ? "(loading the charter)" : "(chargement de la charte)", ch->file,
                            out_junit_error_line(ch));
        fputs(">\n", out);
        out_junit_error(out, ch->dl, lang);
        fputs("    </testcase>\n  </testsuite>\n", out);
        return;
    }
    int failures = ch->no_examples_fail;
    for (int i = 0; i < ch->nexamples; i++)
        failures += ch->examples[i].nfailures > 0;
    out_junit_suite_open(out, ch->file, ch->nexamples + ch->no_examples_fail, failures, 0);
    for (int i = 0; i < ch->nexamples; i++)
        out_junit_example(out, ch, &ch->examples[i]);
    if (ch->no_examples_fail) {
        out_junit_case_open(out, ch->file, en ? "(examples)" : "(exemples)", ch->file, 0);
        fputs(">\n      <failure", out);
        out_junit_attr(out, "message", en ? "no example (--strict)" : "aucun exemple (--strict)");
        out_junit_attr(out, "type", "strict");
        fputs("/>\n    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

void out_junit_test(const OutTest *t, FILE *out)
{
    int errors = (int)(t->usage->len > 0);
    for (int i = 0; i < t->ncharters; i++)
        errors += !t->charters[i].loaded;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
    out_junit_attr(out, "name", "charte test");
    fprintf(out, " tests=\"%d\" failures=\"%d\" errors=\"%d\">\n", t->passed + t->failed + (t->usage->len > 0),
            t->failed - (errors - (int)(t->usage->len > 0)), errors);
    if (t->usage->len) {
        out_junit_suite_open(out, "charte", 1, 0, 1);
        out_junit_case_open(out, "charte", t->lang == SAY_EN ? "(command line)" : "(ligne de commande)", NULL, 0);
        fputs(">\n", out);
        out_junit_error(out, t->usage, t->lang);
        fputs("    </testcase>\n  </testsuite>\n", out);
    }
    for (int i = 0; i < t->ncharters; i++)
        out_junit_charter(out, &t->charters[i], t->lang);
    fputs("</testsuites>\n", out);
}
