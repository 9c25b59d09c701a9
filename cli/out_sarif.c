/* cli/out_sarif.c: `check --format sarif`: one SARIF 2.1.0 run, as GitHub code scanning reads it: every code a rule, every diagnostic a result, run errors tool notifications. */
#include "out.h"

#include "diag_rules.h"
#include "gc.h"
#include "version.h"

#include <jansson.h>
#include <string.h>

/*
** Columns are code points (columnKind unicodeCodePoints), 1-based, the end
** column exclusive, as in our JSON. A result's fingerprint does not depend
** on line numbers: it hashes the code, the file and the text under the span,
** plus the rank of that triple in the file, so that a diagnostic keeps its
** identity when lines are added above it.
*/

static const char *out_sarif_level(DiagSeverity sev)
{
    return sev == DIAG_ERROR ? "error" : sev == DIAG_WARNING ? "warning" : "note";
}

static json_t *out_sarif_message(const char *text)
{
    json_t *m = json_object();
    json_object_set_new(m, "text", diag_json_text(text));
    return m;
}

/* Markdown to plain text: the pages' backquotes and bold markers dropped. */
static const char *out_sarif_plain(const char *md)
{
    char *out = rt_alloc_atomic(strlen(md) + 1), *o = out;
    for (const char *p = md; *p; p++)
        if (*p != '`' && !(p[0] == '*' && p[1] == '*') && !(p > md && p[-1] == '*' && p[0] == '*'))
            *o++ = *p;
    *o = '\0';
    return out;
}

static json_t *out_sarif_text(const char *markdown)
{
    json_t *m = json_object();
    json_object_set_new(m, "text", diag_json_text(out_sarif_plain(markdown)));
    json_object_set_new(m, "markdown", diag_json_text(markdown));
    return m;
}

static json_t *out_sarif_rule(const DiagRule *r, SayLang lang)
{
    json_t *o = json_object(), *cfg = json_object();
    const char *title = lang == SAY_EN ? r->title_en : r->title_fr;
    const char *summary = lang == SAY_EN ? r->summary_en : r->summary_fr;
    json_object_set_new(o, "id", json_string(r->code));
    json_object_set_new(o, "shortDescription", out_sarif_text(title));
    json_object_set_new(o, "fullDescription", out_sarif_text(summary));
    json_object_set_new(o, "helpUri", json_string(out_help_uri(r->code, lang)));
    json_object_set_new(o, "help", out_sarif_text(summary));
    json_object_set_new(cfg, "level", json_string(out_sarif_level(r->severity)));
    json_object_set_new(o, "defaultConfiguration", cfg);
    return o;
}

static json_t *out_sarif_region(Source *src, Span span)
{
    unsigned line, col, end_line, end_col;
    out_position(src, span, &line, &col, &end_line, &end_col);
    json_t *r = json_object();
    json_object_set_new(r, "startLine", json_integer(line));
    json_object_set_new(r, "startColumn", json_integer(col));
    json_object_set_new(r, "endLine", json_integer(end_line));
    json_object_set_new(r, "endColumn", json_integer(end_col));
    return r;
}

/* A location in a file of the run; NULL for the embedded standard library. */
static json_t *out_sarif_physical(Source *src, Span span, bool with_region)
{
    const char *uri = src ? out_uri(src->name) : NULL;
    if (!uri)
        return NULL;
    json_t *p = json_object(), *a = json_object();
    json_object_set_new(a, "uri", json_string(uri));
    json_object_set_new(p, "artifactLocation", a);
    if (with_region)
        json_object_set_new(p, "region", out_sarif_region(src, span));
    return p;
}

/* A note in the standard library has no file to point to: its place is told in its text. */
static const char *out_sarif_note_text(const DiagNote *n, SayLang lang)
{
    const char *msg = say_in(n->msg, lang);
    if (!n->src || out_uri(n->src->name))
        return msg;
    uint32_t line, col;
    source_position(n->src, n->span.start, &line, &col);
    return rt_sprintf("%s (%s:%u:%u)", msg, n->src->name, line, col);
}

static json_t *out_sarif_related(const Diag *d, SayLang lang)
{
    json_t *arr = json_array();
    int id = 1;
    for (const DiagNote *n = d->notes; n; n = n->next) {
        json_t *loc = json_object();
        json_object_set_new(loc, "id", json_integer(id++));
        json_t *p = out_sarif_physical(n->src, n->span, true);
        if (p)
            json_object_set_new(loc, "physicalLocation", p);
        json_object_set_new(loc, "message", out_sarif_message(out_sarif_note_text(n, lang)));
        json_array_append_new(arr, loc);
    }
    return arr;
}

/* An accepted warning is a suppressed result: SARIF's in-source suppression,
** its justification the charter's reason, its location the acceptance's line. */
static json_t *out_sarif_suppressions(const DiagAcceptance *a, SayLang lang)
{
    json_t *s = json_object(), *arr = json_array();
    json_object_set_new(s, "kind", json_string("inSource"));
    json_object_set_new(s, "status", json_string("accepted"));
    json_object_set_new(s, "justification", diag_json_text(a->reason));
    json_t *p = out_sarif_physical(a->src, a->span, true);
    if (p) {
        json_t *loc = json_object();
        json_object_set_new(loc, "physicalLocation", p);
        json_object_set_new(loc, "message", out_sarif_message(say_in(a->said, lang)));
        json_object_set_new(s, "location", loc);
    }
    json_array_append_new(arr, s);
    return arr;
}

/* FNV-1a, 64 bits: stable across runs and machines, enough to tell results apart. */
static uint64_t out_sarif_hash(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h ^ 0xff;    /* a separator, so that ("ab","c") and ("a","bc") differ */
}

static uint64_t out_sarif_key(const Diag *d)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    const char *code = d->code ? d->code : "";
    h = out_sarif_hash(h, code, strlen(code));
    h = out_sarif_hash(h, d->src->name, strlen(d->src->name));
    /* The text under the span with its runs of blanks made one, so that
    ** re-indenting a line keeps the fingerprint. */
    const char *text = source_text(d->src, d->span);
    char *squeezed = rt_alloc_atomic(strlen(text) + 1), *o = squeezed;
    for (const char *p = text; *p; p++)
        if (!((*p == ' ' || *p == '\t' || *p == '\n') && o > squeezed && o[-1] == ' '))
            *o++ = (*p == '\t' || *p == '\n') ? ' ' : *p;
    return out_sarif_hash(h, squeezed, (size_t)(o - squeezed));
}

/* keys[i] is the key of item i (0 for a run error); the rank counts the equal keys before it. */
static json_t *out_sarif_fingerprint(const uint64_t *keys, unsigned index)
{
    unsigned rank = 0;
    for (unsigned i = 0; i < index; i++)
        rank += keys[i] == keys[index];
    json_t *fp = json_object();
    json_object_set_new(fp, "charte/v1", json_string(rt_sprintf("%016llx:%u", (unsigned long long)keys[index], rank)));
    return fp;
}

static json_t *out_sarif_result(const OutCheck *c, unsigned index, const uint64_t *keys, const DiagRule *rules,
                                 size_t nrules)
{
    const Diag *d = c->dl->items[index];
    json_t *o = json_object();
    bool fails = out_fails(d, c->strict);
    json_object_set_new(o, "ruleId", json_string(d->code));
    for (size_t i = 0; i < nrules; i++)
        if (strcmp(rules[i].code, d->code) == 0)
            json_object_set_new(o, "ruleIndex", json_integer((json_int_t)i));
    json_object_set_new(o, "level", json_string(fails ? "error" : out_sarif_level(d->severity)));
    json_object_set_new(o, "message", out_sarif_message(say_in(d->msg, c->lang)));
    json_t *loc = json_object(), *locs = json_array();
    json_t *p = out_sarif_physical(d->src, d->span, true);
    if (p)
        json_object_set_new(loc, "physicalLocation", p);
    json_array_append_new(locs, loc);
    json_object_set_new(o, "locations", locs);
    if (d->notes)
        json_object_set_new(o, "relatedLocations", out_sarif_related(d, c->lang));
    json_object_set_new(o, "partialFingerprints", out_sarif_fingerprint(keys, index));
    if (d->accepted)
        json_object_set_new(o, "suppressions", out_sarif_suppressions(d->accepted, c->lang));
    if (fails && d->severity != DIAG_ERROR) {
        /* --strict: the result fails the run, its code still says what it is. */
        json_t *props = json_object();
        json_object_set_new(props, "severity", json_string(out_sarif_level(d->severity)));
        json_object_set_new(props, "strict", json_true());
        json_object_set_new(o, "properties", props);
    }
    return o;
}

static json_t *out_sarif_notification(const Diag *d, SayLang lang)
{
    json_t *o = json_object(), *desc = json_object();
    json_object_set_new(desc, "id", json_string(d->code));
    json_object_set_new(o, "descriptor", desc);
    json_object_set_new(o, "level", json_string("error"));
    json_object_set_new(o, "message", out_sarif_message(say_in(d->msg, lang)));
    json_t *p = out_sarif_physical(d->src, d->span, false);
    if (p) {
        json_t *loc = json_object(), *locs = json_array();
        json_object_set_new(loc, "physicalLocation", p);
        json_array_append_new(locs, loc);
        json_object_set_new(o, "locations", locs);
    }
    return o;
}

/* The run-error codes are notification descriptors, every other code a rule,
** in the order of diag_rules_all (which ruleIndex follows). */
static json_t *out_sarif_driver(const DiagRule *rules, size_t nrules, SayLang lang)
{
    json_t *driver = json_object(), *arr = json_array(), *notes = json_array();
    json_object_set_new(driver, "name", json_string("charte"));
    json_object_set_new(driver, "version", json_string(VERSION_CHARTE));
    json_object_set_new(driver, "semanticVersion", json_string(VERSION_CHARTE));
    json_object_set_new(driver, "informationUri", json_string(out_help_uri("README", lang)));
    for (size_t i = 0; i < nrules; i++) {
        bool run_error = strcmp(rules[i].code, CLI_CODE_UNREADABLE) == 0 || strcmp(rules[i].code, CLI_CODE_USAGE) == 0;
        json_array_append_new(run_error ? notes : arr, out_sarif_rule(&rules[i], lang));
    }
    json_object_set_new(driver, "rules", arr);
    json_object_set_new(driver, "notifications", notes);
    json_t *props = json_object();
    json_object_set_new(props, "stdlib", json_string(version_stdlib()));
    json_object_set_new(driver, "properties", props);
    return driver;
}

void out_sarif_check(const OutCheck *c, FILE *out)
{
    size_t nall;
    const DiagRule *all = diag_rules_all(&nall);
    /* Results index the rules array, which leaves the run-error codes out. */
    DiagRule *rules = RT_NEW_ARRAY(DiagRule, nall);
    size_t nrules = 0;
    for (size_t i = 0; i < nall; i++)
        if (strcmp(all[i].code, CLI_CODE_UNREADABLE) != 0 && strcmp(all[i].code, CLI_CODE_USAGE) != 0)
            rules[nrules++] = all[i];
    json_t *root = json_object(), *run = json_object(), *tool = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(tool, "driver", out_sarif_driver(all, nall, c->lang));
    json_object_set_new(run, "tool", tool);

    uint64_t *keys = RT_NEW_ARRAY(uint64_t, c->dl->len + 1);
    for (unsigned i = 0; i < c->dl->len; i++)
        keys[i] = out_is_run_error(c->dl->items[i]) || !c->dl->items[i]->src ? 0 : out_sarif_key(c->dl->items[i]);
    json_t *inv = json_object(), *notifs = json_array(), *results = json_array();
    for (unsigned i = 0; i < c->dl->len; i++) {
        const Diag *d = c->dl->items[i];
        if (out_is_run_error(d))
            json_array_append_new(notifs, out_sarif_notification(d, c->lang));
        else
            json_array_append_new(results, out_sarif_result(c, i, keys, rules, nrules));
    }
    json_object_set_new(inv, "executionSuccessful", json_boolean(c->exit_code != 2));
    json_object_set_new(inv, "exitCode", json_integer(c->exit_code));
    json_object_set_new(inv, "toolExecutionNotifications", notifs);
    json_t *invs = json_array();
    json_array_append_new(invs, inv);
    json_object_set_new(run, "invocations", invs);
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    json_object_set_new(run, "results", results);
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_object_set_new(root, "runs", runs);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}
