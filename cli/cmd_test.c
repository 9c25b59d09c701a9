/* cli/cmd_test.c: `charte test`: run the examples of charters through the same data path as `eval`, compare with their expectations. */
#include "cli.h"
#include "cli_options.h"
#include "cmd_eval.h"
#include "data.h"
#include "eval.h"
#include "gc.h"
#include "num.h"
#include "out.h"
#include "check.h"
#include "examples.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

/*
** Each `exemple` is one test. Its `marché`, `participant`, `heures` and `embauche` lines
** become in-memory raw tables whose cells hold the text a CSV export would
** (numbers with their unit, dates as written, a bare boolean as "oui"), so
** they go through the same typing, accounting and evaluation as `charte eval`.
** A rejected row fails the example (an example's data is meant to be valid);
** then each `attendu` line is compared, field by field, exactly.
**
** Exit: 0 all examples pass; 1 at least one fails (or, under --strict, a
** charter has no example); 2 bad usage, an unreadable file or a charter with
** errors (its examples cannot run). A charter that cannot run counts as one
** failed test, so the summary line never says "0 failed" for a run that
** failed. Failures are collected per example, then written as text (the
** same lines as ever), JSON, JUnit XML or GitHub workflow commands; the exit code is the same in all.
*/

typedef struct TestCtx {
    const Model *m;
    Source *src;
    const AstItem *example;
    bool english;
    OutExample *result;       /* the failures of this example */
} TestCtx;

#define TR(cx, fr, en) ((cx)->english ? (en) : (fr))

static void report_failure_at(TestCtx *cx, unsigned line, unsigned col, const char *msg)
{
    OutExample *x = cx->result;
    RT_GROW(x->failures, x->nfailures);
    x->failures[x->nfailures++] = (OutFailure){ line, col, msg };
}

static void report_failure(TestCtx *cx, Span span, const char *msg)
{
    uint32_t line = 0, col = 0;
    source_position(cx->src, span.start, &line, &col);
    report_failure_at(cx, line, col, msg);
}

/* ---- example rows as raw tables -------------------------------------------------------------- */

static const char *unit_suffix(LexUnit u)
{
    switch (u) {
    case LEX_UNIT_PERCENT:      return " %";
    case LEX_UNIT_EUR:          return " €";
    case LEX_UNIT_HOUR:         return " h";
    case LEX_UNIT_EUR_PER_HOUR: return " €/h";
    case LEX_UNIT_DAY:          return " jours";
    case LEX_UNIT_WEEK:         return " semaines";
    case LEX_UNIT_MONTH:        return " mois";
    case LEX_UNIT_YEAR:         return " ans";
    default:                    return "";
    }
}

/* The text a spreadsheet cell would hold for this value. */
static const char *cell_text(const AstExpr *x)
{
    if (!x)
        return "oui";
    switch (x->kind) {
    case AST_E_NUMBER:
        return rt_sprintf("%s%s", x->u.num.text ? x->u.num.text : "", unit_suffix(x->u.num.unit));
    case AST_E_BOOL:
        return x->u.boolean ? "oui" : "non";
    case AST_E_UNARY:
        if (x->u.op.op == AST_OP_NEG)
            return rt_sprintf("-%s", cell_text(x->u.op.lhs));
        return "";
    case AST_E_DATE: case AST_E_MONTH: case AST_E_STRING: case AST_E_NAME:
        return x->u.text ? x->u.text : "";
    default:
        return "";
    }
}

static const char *field_column(const AstField *f)
{
    return f->key == AST_KEY_WORD ? f->word : ast_key_name(f->key, false);
}

typedef struct RawTable {
    const char **columns;
    const char **keys;
    int ncols;
    TableRow *rows;
    long nrows;
} RawTable;

static int raw_column(RawTable *t, const char *name)
{
    const char *key = utf8_key(name, strlen(name));
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->keys[i], key) == 0)
            return i;
    RT_GROW(t->columns, t->ncols);
    RT_GROW(t->keys, t->ncols);
    t->columns[t->ncols] = name;
    t->keys[t->ncols] = key;
    return t->ncols++;
}

static const char *id_column_name(const Model *m, int table)
{
    const MTable *schema = &m->tables[table];
    return schema->id_column >= 0 ? schema->columns[schema->id_column].name : NULL;
}

/* First pass: the columns, in order of first appearance. */
static void raw_columns(RawTable *t, const Model *m, int table, const AstExampleLine *l)
{
    const char *id = id_column_name(m, table);
    if (l->id && id)
        raw_column(t, id);
    for (int i = 0; i < l->fields.len; i++)
        raw_column(t, field_column(AST_AT(l->fields, AstField, i)));
}

/* Second pass: one row per line, a cell per column (absent when not given). */
static void raw_add_line(TestCtx *cx, RawTable *t, int table, const AstExampleLine *l)
{
    RT_GROW(t->rows, t->nrows);
    TableRow *row = &t->rows[t->nrows++];
    memset(row, 0, sizeof *row);
    uint32_t line = 0, col = 0;
    source_position(cx->src, l->span.start, &line, &col);
    row->line = line;
    row->cells = RT_NEW_ARRAY(TableCell, t->ncols + 1);
    const char *id = id_column_name(cx->m, table);
    if (l->id && id) {
        const char *text = cell_text(l->id);
        row->cells[raw_column(t, id)] = (TableCell){ text, strlen(text) };
    }
    for (int i = 0; i < l->fields.len; i++) {
        const AstField *f = AST_AT(l->fields, AstField, i);
        const char *text = cell_text(f->value);
        row->cells[raw_column(t, field_column(f))] = (TableCell){ text, strlen(text) };
    }
}

static void report_failure_line(TestCtx *cx, long line, const char *msg)
{
    report_failure_at(cx, (unsigned)line, 1, msg);
}

/* ---- expectations ------------------------------------------------------------------------------ */

typedef enum { X_STATUS, X_TARGET, X_COUNTED, X_BASE, X_RATE, X_THRESHOLD, X_GAP, X_CONTRIBUTION, X_UNKNOWN } Expect;

static bool key_in(const char *key, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(key, *words) == 0)
            return true;
    return false;
}

static Expect expectation_of(const AstField *f)
{
    static const char *const counted[] = { "retenu", "retenus", "retenues", "realise", "realisees", "counted", NULL };
    static const char *const target[] = { "objectif", "target", NULL };
    static const char *const base[] = { "base", NULL };
    static const char *const rate[] = { "taux", "rate", NULL };
    static const char *const threshold[] = { "seuil", "threshold", NULL };
    static const char *const gap[] = { "ecart", "gap", NULL };
    static const char *const status[] = { "statut", "status", NULL };
    static const char *const contribution[] = { "contribution", NULL };
    if (f->key == AST_KEY_OBJECTIF)
        return X_TARGET;
    if (f->key == AST_KEY_SEUIL)
        return X_THRESHOLD;
    if (f->key != AST_KEY_WORD || !f->word)
        return X_UNKNOWN;
    if (!f->value)
        return X_STATUS;
    const char *k = utf8_key(f->word, strlen(f->word));
    if (key_in(k, counted))   return X_COUNTED;
    if (key_in(k, target))    return X_TARGET;
    if (key_in(k, base))      return X_BASE;
    if (key_in(k, rate))      return X_RATE;
    if (key_in(k, threshold)) return X_THRESHOLD;
    if (key_in(k, gap))       return X_GAP;
    if (key_in(k, status))    return X_STATUS;
    if (key_in(k, contribution)) return X_CONTRIBUTION;
    return X_UNKNOWN;
}

static const char *expect_name(Expect x, bool english)
{
    static const char *const fr[] = { "statut", "objectif", "retenu", "base", "taux", "seuil", "écart", "contribution", "?" };
    static const char *const en[] = { "status", "target", "counted", "base", "rate", "threshold", "gap", "contribution", "?" };
    return english ? en[x] : fr[x];
}

static mpq_srcptr actual_of(const EvalContract *c, Expect x)
{
    switch (x) {
    case X_TARGET:    return c->target_hours;
    case X_COUNTED:   return c->counted;
    case X_BASE:      return c->base;
    case X_RATE:      return c->rate;
    case X_THRESHOLD: return c->threshold;
    case X_GAP:       return c->gap;
    case X_CONTRIBUTION: return c->contribution;
    default:          return NULL;
    }
}

/* A pool's figures, as a contract's: status, target, counted, base hours, gap. */
static EvalContract pool_as_contract(const EvalPool *p)
{
    EvalContract c = { .id = p->id, .status = p->status, .target_hours = p->target_hours,
                       .counted = p->counted, .base = p->base, .gap = p->gap };
    return c;
}

static const char *shown(const TestCtx *cx, mpq_srcptr q, Expect x)
{
    if (!q)
        return TR(cx, "aucun", "none");
    if (x == X_RATE) {
        mpq_t pct;
        mpq_init(pct);
        mpq_set_ui(pct, 100, 1);
        mpq_mul(pct, pct, q);
        return rt_sprintf("%s %%", num_to_reader(pct, 4, cx->english));
    }
    const char *n = num_to_reader(q, 4, cx->english);
    return rt_sprintf("%s%s", n, x == X_THRESHOLD ? " €" : " h");
}

static void check_field(TestCtx *cx, const char *id, const EvalContract *c, const AstField *f)
{
    Expect x = expectation_of(f);
    const char *what = expect_name(x, cx->english);
    if (x == X_UNKNOWN) {
        report_failure(cx, f->span,
                       cx->english ? rt_sprintf("%s: unknown expectation “%s” (status, target, counted, base, rate, threshold, gap, contribution)", id, f->word)
                                   : rt_sprintf("%s : attendu inconnu « %s » (statut, objectif, retenu, base, taux, seuil, écart, contribution)", id, f->word));
        return;
    }
    if (x == X_STATUS) {
        const char *want = f->value ? cell_text(f->value) : f->word;
        const char *got = eval_status_id(c->status);
        if (strcmp(utf8_key(want, strlen(want)), utf8_key(got, strlen(got))) != 0)
            report_failure(cx, f->span,
                           cx->english ? rt_sprintf("%s: expected status %s, got %s", id, want, got)
                                       : rt_sprintf("%s : statut attendu %s, obtenu %s", id, want, got));
        return;
    }
    Value want = eval_literal(f->value);
    mpq_srcptr got = actual_of(c, x);
    if (want.kind != VAL_NUM) {
        report_failure(cx, f->span, cx->english ? rt_sprintf("%s: %s: a number is expected", id, what)
                                                : rt_sprintf("%s : %s : un nombre est attendu", id, what));
        return;
    }
    if (got && mpq_equal(got, want.as.num))
        return;
    report_failure(cx, f->span,
                   cx->english ? rt_sprintf("%s: expected %s %s, got %s", id, what, shown(cx, want.as.num, x), shown(cx, got, x))
                               : rt_sprintf("%s : %s attendu %s, obtenu %s", id, what, shown(cx, want.as.num, x), shown(cx, got, x)));
}

/* ---- expectations of a target of hires ------------------------------------------------------------ */

typedef enum { XH_STATUS, XH_HIRES, XH_ELIGIBLE, XH_TARGET, XH_GAP, XH_RATE, XH_SHARE, XH_UNKNOWN } HiresExpect;

static HiresExpect hires_expectation_of(const AstField *f)
{
    static const char *const words[XH_UNKNOWN][3] = {
        { "statut", "status", NULL }, { "embauches", "hires", NULL }, { "eligibles", "eligible", NULL },
        { "objectif", "target", NULL }, { "ecart", "gap", NULL }, { "taux", "rate", NULL }, { "part", "share", NULL },
    };
    if (f->key == AST_KEY_OBJECTIF)
        return XH_TARGET;
    if (f->key != AST_KEY_WORD || !f->word)
        return XH_UNKNOWN;
    if (!f->value)
        return XH_STATUS;
    const char *k = utf8_key(f->word, strlen(f->word));
    for (int x = 0; x < XH_UNKNOWN; x++)
        if (key_in(k, words[x]))
            return (HiresExpect)x;
    return XH_UNKNOWN;
}

/* The target of hires named "scope/nature" or "scope/nature/owner" (owner case and accents
** blind, as owners are matched everywhere), NULL when the run has none. */
static const EvalHiresTarget *hires_target(const EvalRun *e, const char *name)
{
    const char *want = utf8_key(name, strlen(name));
    for (int i = 0; i < e->nhires; i++) {
        const EvalHiresTarget *t = &e->hires[i];
        const char *id = rt_sprintf("%s/%s", e->model->scopes[t->scope].id, t->nature);
        if (t->owner)
            id = rt_sprintf("%s/%s", id, t->owner);
        if (strcmp(utf8_key(id, strlen(id)), want) == 0)
            return t;
    }
    return NULL;
}

static const char *shown_hires(const TestCtx *cx, mpq_srcptr q, HiresExpect x)
{
    if (!q)
        return TR(cx, "aucun", "none");
    return x == XH_RATE || x == XH_SHARE ? shown(cx, q, X_RATE) : num_to_reader(q, 4, cx->english);
}

static void check_hires_field(TestCtx *cx, const char *id, const EvalHiresTarget *t, const AstField *f)
{
    static const char *const fr[] = { "statut", "embauches", "éligibles", "objectif", "écart", "taux", "part" };
    static const char *const en[] = { "status", "hires", "eligible", "target", "gap", "rate", "share" };
    HiresExpect x = hires_expectation_of(f);
    if (x == XH_UNKNOWN) {
        report_failure(cx, f->span,
                       cx->english ? rt_sprintf("%s: unknown expectation “%s” (status, hires, eligible, target, gap, rate, share)", id, f->word)
                                   : rt_sprintf("%s : attendu inconnu « %s » (statut, embauches, éligibles, objectif, écart, taux, part)", id, f->word));
        return;
    }
    const char *what = cx->english ? en[x] : fr[x];
    if (x == XH_STATUS) {
        const char *want = f->value ? cell_text(f->value) : f->word;
        const char *got = eval_hires_status_id(t->status);
        if (strcmp(utf8_key(want, strlen(want)), utf8_key(got, strlen(got))) != 0)
            report_failure(cx, f->span,
                           cx->english ? rt_sprintf("%s: expected status %s, got %s", id, want, got)
                                       : rt_sprintf("%s : statut attendu %s, obtenu %s", id, want, got));
        return;
    }
    mpq_t count;
    mpq_init(count);
    mpq_srcptr got = NULL;
    switch (x) {
    case XH_HIRES:    mpq_set_si(count, t->hires, 1); got = count; break;
    case XH_ELIGIBLE: mpq_set_si(count, t->eligible, 1); got = count; break;
    case XH_TARGET:   got = t->target; break;
    case XH_GAP:      got = t->gap; break;
    case XH_RATE:     got = t->rate; break;
    default:          got = t->share; break;
    }
    Value want = eval_literal(f->value);
    if (want.kind != VAL_NUM)
        report_failure(cx, f->span, cx->english ? rt_sprintf("%s: %s: a number is expected", id, what)
                                                : rt_sprintf("%s : %s : un nombre est attendu", id, what));
    else if (!got || !mpq_equal(got, want.as.num))
        report_failure(cx, f->span,
                       cx->english ? rt_sprintf("%s: expected %s %s, got %s", id, what, shown_hires(cx, want.as.num, x), shown_hires(cx, got, x))
                                   : rt_sprintf("%s : %s attendu %s, obtenu %s", id, what, shown_hires(cx, want.as.num, x), shown_hires(cx, got, x)));
    mpq_clear(count);
}

static void check_hires_expectation(TestCtx *cx, const EvalRun *e, const AstExampleLine *l)
{
    const char *id = cell_text(l->id);
    const EvalHiresTarget *t = hires_target(e, id);
    if (!t) {
        report_failure(cx, l->span,
                       cx->english ? rt_sprintf("%s: target of hires not in the results", id)
                                   : rt_sprintf("%s : objectif d'embauches absent des résultats", id));
        return;
    }
    for (int k = 0; k < l->fields.len; k++)
        check_hires_field(cx, id, t, AST_AT(l->fields, AstField, k));
}

static void check_expectations(TestCtx *cx, const EvalRun *e)
{
    const AstItem *it = cx->example;
    for (int i = 0; i < it->lines.len; i++) {
        const AstExampleLine *l = AST_AT(it->lines, AstExampleLine, i);
        if (l->kind != AST_X_EXPECT)
            continue;
        if (examples_expects_hires(l)) {
            check_hires_expectation(cx, e, l);
            continue;
        }
        const char *id = cell_text(l->id);
        const EvalContract *c = eval_contract(e, id);
        const EvalPool *pool = c ? NULL : eval_pool(e, id);
        EvalContract as_contract;
        if (pool) {
            as_contract = pool_as_contract(pool);
            c = &as_contract;
        }
        if (!c) {
            report_failure(cx, l->span,
                           cx->english ? rt_sprintf("%s: contract not in the results (not declared, or rejected)", id)
                                       : rt_sprintf("%s : marché absent des résultats (non déclaré, ou rejeté)", id));
            continue;
        }
        for (int k = 0; k < l->fields.len; k++)
            check_field(cx, id, c, AST_AT(l->fields, AstField, k));
    }
}

/* ---- one example ------------------------------------------------------------------------------- */

static Date example_date(const TestCtx *cx)
{
    Value v = eval_literal(cx->example->as_of);
    if (v.kind == VAL_DATE)
        return v.as.date;
    return cx->m->valid_to;
}

static bool run_example(TestCtx *cx)
{
    const AstItem *it = cx->example;
    Date au = example_date(cx);
    if (au == DATE_NONE) {
        report_failure(cx, it->head_span,
                       TR(cx, "pas de date d'évaluation : écrire « au JJ/MM/AAAA » ou la période de validité de la charte",
                          "no evaluation date: write “as of DD/MM/YYYY” or the charter's period of validity"));
        return false;
    }
    RawTable raw[M_NTABLES];
    memset(raw, 0, sizeof raw);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < it->lines.len; i++) {
            const AstExampleLine *l = AST_AT(it->lines, AstExampleLine, i);
            int t = examples_line_table(l);
            if (t < 0)
                continue;
            if (pass == 0)
                raw_columns(&raw[t], cx->m, t, l);
            else
                raw_add_line(cx, &raw[t], t, l);
        }
    EvalRun *e = eval_new(cx->m, au, cx->english);
    for (int t = 0; t < M_NTABLES; t++) {
        if (raw[t].nrows == 0)
            continue;    /* an example may leave a table out: nothing to type */
        TableReader *r = table_open_rows(cx->m->tables[t].name, raw[t].ncols, raw[t].columns, raw[t].nrows, raw[t].rows);
        DataError err;
        DataTable *dt = data_open_reader(cx->m, t, r, &err);
        if (!dt) {
            report_failure(cx, it->head_span, rt_sprintf("%s : %s", cx->m->tables[t].name, say_english(err.msg, cx->english)));
            return false;
        }
        if (!eval_load(e, t, dt, &err)) {
            report_failure(cx, it->head_span, say_english(err.msg, cx->english));
            return false;
        }
        data_close(dt);
    }
    eval_finish(e);
    for (long i = 0; i < e->nrejects; i++)
        report_failure_line(cx, e->rejects[i].line,
                            rt_sprintf("%s %s : %s", TR(cx, "ligne rejetée", "row rejected"), e->rejects[i].file,
                                       say_english(e->rejects[i].why, cx->english)));
    check_expectations(cx, e);
    return cx->result->nfailures == 0;
}

/* ---- the command --------------------------------------------------------------------------------- */

typedef struct TestArgs {
    bool strict;
    OutFormat format;
    SayLang lang;
    const char **files;
    int nfiles;
    DiagList *usage;
} TestArgs;

#define TEST_FORMATS ((1u << OUT_TEXT) | (1u << OUT_JSON) | (1u << OUT_JUNIT) | (1u << OUT_GITHUB))

static void test_usage(void *cmd, Say msg)
{
    TestArgs *a = cmd;
    cli_error(a->lang, CLI_CODE_USAGE, msg);
    out_run_error(a->usage, CLI_CODE_USAGE, NULL, msg);
}

static bool test_format(const char *value, void *format)
{
    return out_parse_format(value, TEST_FORMATS, format);
}

static CliOwn test_option(void *cmd, int argc, char **argv, int *i)
{
    TestArgs *a = cmd;
    if (strcmp(argv[*i], "--strict") != 0)
        return CLI_OWN_NOT;
    a->strict = true;
    return CLI_OWN_READ;
}

static bool test_operand(void *cmd, const char *s)
{
    TestArgs *a = cmd;
    a->files[a->nfiles++] = s;
    return true;
}

static void test_parse_args(int argc, char **argv, TestArgs *a)
{
    a->usage = diag_list_new();
    a->files = RT_NEW_ARRAY(const char *, argc + 1);
    CliOptions o = { .lang = &a->lang, .parse_format = test_format, .format = &a->format,
                     .format_expects = out_format_expects(TEST_FORMATS), .help = "charte --help",
                     .cmd = a, .usage = test_usage, .own = test_option, .operand = test_operand };
    if (cli_options_parse(&o, argc, argv) && a->nfiles == 0)
        test_usage(a, say("test : quelle charte ? (charte test FICHIER…)", "test: which charter? (charte test FILE…)"));
}

/* An example's name in the reports: its title, made unique within its charter. */
static const char *test_example_name(const OutCharter *ch, const AstItem *it, unsigned line, bool english)
{
    const char *base = it->title && *it->title ? it->title
                     : rt_sprintf(english ? "example at line %u" : "exemple ligne %u", line);
    const char *name = base;
    for (int n = 2;; n++) {
        bool taken = false;
        for (int i = 0; i < ch->nexamples && !taken; i++)
            taken = strcmp(ch->examples[i].name, name) == 0;
        if (!taken)
            return name;
        name = rt_sprintf("%s (%d)", base, n);
    }
}

static void test_run_charter(OutCharter *ch, const Model *m, SayLang lang)
{
    TestCtx cx = { .m = m, .src = m->main->src, .english = lang == SAY_EN };
    for (int i = 0; i < m->main->items.len; i++) {
        const AstItem *it = AST_AT(m->main->items, AstItem, i);
        if (it->kind != AST_ITEM_EXAMPLE)
            continue;
        uint32_t line = 0, col = 0;
        source_position(cx.src, it->head_span.start, &line, &col);
        RT_GROW(ch->examples, ch->nexamples);
        OutExample *x = &ch->examples[ch->nexamples];
        *x = (OutExample){ .name = test_example_name(ch, it, line, cx.english), .line = line };
        ch->nexamples++;
        cx.example = it;
        cx.result = x;
        run_example(&cx);
    }
}

/* The lines `charte test` has always printed: one per failure, on stdout. */
static void test_print_text(const OutCharter *ch, const Model *m, bool english)
{
    int k = 0;
    for (int i = 0; m && i < m->main->items.len; i++) {
        const AstItem *it = AST_AT(m->main->items, AstItem, i);
        if (it->kind != AST_ITEM_EXAMPLE)
            continue;
        const OutExample *x = &ch->examples[k++];
        const char *title = it->title ? it->title : "";
        for (int f = 0; f < x->nfailures; f++) {
            const OutFailure *fl = &x->failures[f];
            if (english)
                cli_print_line(stdout, "%s:%u:%u: failure: example “%s”: %s", ch->file, fl->line, fl->column, title, fl->message);
            else
                cli_print_line(stdout, "%s:%u:%u: échec: exemple « %s » : %s", ch->file, fl->line, fl->column, title, fl->message);
        }
    }
    if (ch->no_examples_fail)
        cli_print_line(stdout, english ? "%s: failure: no example (--strict)" : "%s: échec: aucun exemple (--strict)", ch->file);
}

int cmd_test(int argc, char **argv)
{
    TestArgs a = { 0 };
    test_parse_args(argc, argv, &a);
    OutTest t = { .usage = a.usage, .strict = a.strict, .lang = a.lang,
                  .charters = RT_NEW_ARRAY(OutCharter, a.nfiles + 1) };
    bool broken = a.usage->len > 0;
    for (int f = 0; f < a.nfiles && a.usage->len == 0; f++) {
        OutCharter *ch = &t.charters[t.ncharters++];
        *ch = (OutCharter){ .file = a.files[f], .dl = diag_list_new() };
        int status;
        Model *m = cmd_eval_check_charter_into(a.files[f], a.lang, ch->dl, &status);
        if (!m) {
            broken = true;
            t.failed++;    /* a charter that cannot run is a failed test */
            continue;
        }
        ch->loaded = true;
        test_run_charter(ch, m, a.lang);
        ch->no_examples_fail = a.strict && ch->nexamples == 0;
        t.failed += ch->no_examples_fail;
        for (int i = 0; i < ch->nexamples; i++) {
            if (ch->examples[i].nfailures)
                t.failed++;
            else
                t.passed++;
        }
        if (a.format == OUT_TEXT)
            test_print_text(ch, m, a.lang == SAY_EN);
    }
    t.exit_code = broken ? CLI_ERROR : t.failed ? CLI_FINDINGS : CLI_OK;
    if (a.format == OUT_JSON)
        out_json_test(&t, stdout);
    else if (a.format == OUT_JUNIT)
        out_junit_test(&t, stdout);
    else if (a.format == OUT_GITHUB)
        out_github_test(&t, stdout);
    else if (a.usage->len == 0)
        printf("%d passed, %d failed\n", t.passed, t.failed);
    if (fflush(stdout) != 0)
        return CLI_ERROR;
    return t.exit_code;
}
