/* cli/out_json.c: the JSON documents of check and test (schemas in docs/schemas/), each with its format_version and the exit code of the run. */
#include "out.h"
#include "version.h"

#include <jansson.h>

static json_t *out_json_tool(void)
{
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("charte"));
    json_object_set_new(tool, "version", json_string(VERSION_CHARTE));
    json_object_set_new(tool, "stdlib", json_string(version_stdlib()));
    return tool;
}

/* The head every document shares, in this order. */
static json_t *out_json_head(const char *command, bool strict, int exit_code)
{
    json_t *root = json_object();
    json_object_set_new(root, "format_version", json_integer(OUT_FORMAT_VERSION));
    json_object_set_new(root, "command", json_string(command));
    json_object_set_new(root, "tool", out_json_tool());
    json_object_set_new(root, "strict", json_boolean(strict));
    json_object_set_new(root, "exit_code", json_integer(exit_code));
    json_object_set_new(root, "ok", json_boolean(exit_code == 0));
    return root;
}

/* diag_json's document, each diagnostic told whether it fails the run; a run
** error (an unreadable file, a bad option) has a file but no position. */
static json_t *out_json_diagnostics(const DiagList *dl, SayLang lang, bool strict, unsigned *failing,
                                    json_t **counts)
{
    json_t *doc = diag_json(dl, lang);
    json_t *arr = json_incref(json_object_get(doc, "diagnostics"));
    *failing = 0;
    for (unsigned i = 0; i < dl->len; i++) {
        const Diag *d = dl->items[i];
        bool fails = out_fails(d, strict);
        *failing += fails;
        json_t *o = json_array_get(arr, i);
        if (!o)
            continue;    /* past DIAG_MAX_JSON: counted in "omitted" */
        json_object_set_new(o, "fails", json_boolean(fails));
        if (!d->code)
            json_object_set_new(o, "code", json_null());    /* a data file error, not yet given a code */
        if (out_is_run_error(d)) {
            json_object_del(o, "line");
            json_object_del(o, "column");
            json_object_del(o, "end_line");
            json_object_del(o, "end_column");
        }
    }
    *counts = doc;
    return arr;
}

static void out_json_dump(json_t *root, FILE *out)
{
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}

void out_json_check(const OutCheck *c, FILE *out)
{
    json_t *root = out_json_head("check", c->strict, c->exit_code);
    json_object_set_new(root, "files", json_integer(c->nfiles));
    unsigned failing;
    json_t *doc;
    json_object_set_new(root, "diagnostics", out_json_diagnostics(c->dl, c->lang, c->strict, &failing, &doc));
    json_object_set(root, "errors", json_object_get(doc, "errors"));
    json_object_set(root, "warnings", json_object_get(doc, "warnings"));
    json_object_set(root, "accepted", json_object_get(doc, "accepted"));
    json_object_set_new(root, "failing", json_integer(failing));
    json_object_set(root, "omitted", json_object_get(doc, "omitted"));
    json_decref(doc);
    out_json_dump(root, out);
}

void out_json_failure(const char *command, const DiagList *dl, SayLang lang, int exit_code, FILE *out)
{
    json_t *root = out_json_head(command, false, exit_code);
    unsigned failing;
    json_t *doc;
    json_object_set_new(root, "diagnostics", out_json_diagnostics(dl, lang, false, &failing, &doc));
    json_object_set(root, "errors", json_object_get(doc, "errors"));
    json_object_set(root, "warnings", json_object_get(doc, "warnings"));
    json_decref(doc);
    out_json_dump(root, out);
}

static json_t *out_json_example(const OutExample *x)
{
    json_t *o = json_object(), *fails = json_array();
    json_object_set_new(o, "name", diag_json_text(x->name));
    json_object_set_new(o, "line", json_integer(x->line));
    json_object_set_new(o, "passed", json_boolean(x->nfailures == 0));
    for (int i = 0; i < x->nfailures; i++) {
        json_t *f = json_object();
        json_object_set_new(f, "line", json_integer(x->failures[i].line));
        json_object_set_new(f, "column", json_integer(x->failures[i].column));
        json_object_set_new(f, "message", diag_json_text(x->failures[i].message));
        json_array_append_new(fails, f);
    }
    json_object_set_new(o, "failures", fails);
    return o;
}

/* A charter's warnings never fail a test run: --strict there is about examples. */
static json_t *out_json_charter(const OutCharter *ch, SayLang lang)
{
    json_t *o = json_object(), *examples = json_array(), *doc;
    int passed = 0, failed = 0;
    for (int i = 0; i < ch->nexamples; i++) {
        json_array_append_new(examples, out_json_example(&ch->examples[i]));
        if (ch->examples[i].nfailures)
            failed++;
        else
            passed++;
    }
    unsigned failing;
    json_object_set_new(o, "file", diag_json_text(ch->file));
    json_object_set_new(o, "loaded", json_boolean(ch->loaded));
    json_object_set_new(o, "no_examples", json_boolean(ch->loaded && ch->nexamples == 0));
    json_object_set_new(o, "passed", json_integer(passed));
    json_object_set_new(o, "failed", json_integer(failed + !ch->loaded + ch->no_examples_fail));
    json_object_set_new(o, "diagnostics", out_json_diagnostics(ch->dl, lang, false, &failing, &doc));
    json_decref(doc);
    json_object_set_new(o, "examples", examples);
    return o;
}

void out_json_test(const OutTest *t, FILE *out)
{
    json_t *root = out_json_head("test", t->strict, t->exit_code);
    json_object_set_new(root, "passed", json_integer(t->passed));
    json_object_set_new(root, "failed", json_integer(t->failed));
    unsigned failing;
    json_t *doc;
    json_object_set_new(root, "diagnostics", out_json_diagnostics(t->usage, t->lang, t->strict, &failing, &doc));
    json_decref(doc);
    json_t *charters = json_array();
    for (int i = 0; i < t->ncharters; i++)
        json_array_append_new(charters, out_json_charter(&t->charters[i], t->lang));
    json_object_set_new(root, "charters", charters);
    out_json_dump(root, out);
}
