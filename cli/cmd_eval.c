/* cli/cmd_eval.c: `charte eval`: check the charter, load the three tables, evaluate, write the report; exit 0, 1 or 2. */
#include "check.h"
#include "cli.h"
#include "cli_options.h"
#include "cmd_eval.h"
#include "data.h"
#include "eval.h"
#include "explain.h"
#include "gc.h"
#include "out.h"
#include "output.h"
#include "path.h"
#include "report.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
** Exit codes: 0 the evaluation ran and its report is written (contracts not
** met and rejected rows are findings about the data, reported, not failures
** of the run); 1 the charter has errors (nothing evaluated); 2 bad usage, a
** data file missing, unreadable or unusable (a required column missing), or
** the report could not be written.
*/

typedef struct EvalArgs {
    const char *charter, *data_dir, *output, *output_option;   /* the last -o, as written */
    CliOutputs outs;          /* every -o: one report each, from the one evaluation; "-" alone when none */
    Date au;
    Date since;               /* --depuis: the period's first day, DATE_NONE when not given */
    const char *since_option; /* --depuis or --since, as written */
    ReportFormat format;      /* --format, or text: standard output's, or the one -o's */
    bool format_given;        /* --format was given */
    ReportFormat formats[OUTPUT_MAX];   /* each output's (eval_outputs_decided) */
    SayLang lang;
    int threads;              /* hour lines read on this many threads */
    bool derivations;         /* --derivations: every contract's derivation in the JSON report */
    bool written;             /* the report has started to be written: a failure is about the output */
    DiagList *run;            /* why the run failed, for --format json */
} EvalArgs;

/* A usage error: said on stderr, and kept (C0007) for the JSON document. */
#define EVAL_USAGE(a, msg) \
    eval_usage_told((a), diag_add((a)->run, DIAG_ERROR, CLI_CODE_USAGE, NULL, (Span){ 0, 0 }, (msg)))

static void eval_usage_told(const EvalArgs *a, const Diag *d)
{
    cli_error(a->lang, d->code, d->msg);
}

/* Threads past the cores only wait for them; past this many, a typo. */
enum { EVAL_MAX_THREADS = 256 };
/* The heap an evaluation starts with, room for what medium's run allocates
** before and beside its hour lines, so that it is not collected at every step
** of the heap's growth, the world stopped each time: a workbook's run
** allocates some 23 MB (medium.xlsx: 10 MB of it kept, the shared strings, the
** sheets' readers and row templates besides the records), JSON tables'
** about as much; with 12 MiB, XLSX collected three times (16 ms of CPU, 4 ms
** before the first hour slice), JSON four (7 ms of wall). Plain CSV, which
** allocates less, is not collected either way, and its peak does not grow:
** the heap's pages are made resident only as they are used. Larger data grow
** it from there as before. Peak RSS with two threads: XLSX 30 to 38 MB, ODS
** 27 to 32 MB, JSON 21 to 26 MB, CSV 23 to 24 MB. */
enum { EVAL_HEAP = 24 << 20 };

/* A whole number of threads, 1 to EVAL_MAX_THREADS, written in digits. */
static bool eval_parse_threads(const char *v, int *out)
{
    long n = 0;
    if (!*v)
        return false;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        n = n * 10 + (*p - '0');
        if (n > EVAL_MAX_THREADS)
            return false;
    }
    if (n < 1)
        return false;
    *out = (int)n;
    return true;
}

static bool eval_format(const char *value, void *args)
{
    EvalArgs *a = args;
    a->format_given = true;
    return report_parse_format(value, &a->format);
}

static void eval_usage(void *a, Say msg)
{
    EVAL_USAGE((EvalArgs *)a, msg);
}

/* The value of --threads, or of --fils (named as the user spelled it; v
** NULL when given last with no value). The last one given counts, as for
** every option but -o. */
static CliOwn eval_threads_option(EvalArgs *a, const char *name, const char *v)
{
    if (v && eval_parse_threads(v, &a->threads))
        return CLI_OWN_READ;
    EVAL_USAGE(a, SAYF(("%s attend un nombre de fils entre 1 et %d, %s", name, EVAL_MAX_THREADS, cli_value_said(v, SAY_FR)),
                       ("%s expects a number of threads from 1 to %d, %s", name, EVAL_MAX_THREADS,
                        cli_value_said(v, SAY_EN))));
    return CLI_OWN_BAD;
}

static CliOwn eval_option(void *args, int argc, char **argv, int *i)
{
    EvalArgs *a = args;
    const char *v;
    bool missing = false;
    if (strcmp(argv[*i], "--derivations") == 0) {
        a->derivations = true;
    } else if ((v = cli_option_value(argc, argv, i, "--threads", &missing)) || missing) {
        return eval_threads_option(a, "--threads", v);
    } else if ((v = cli_option_value(argc, argv, i, "--fils", &missing)) || missing) {
        return eval_threads_option(a, "--fils", v);
    } else {
        return CLI_OWN_NOT;
    }
    return CLI_OWN_READ;
}

static bool eval_operand(void *args, const char *s)
{
    EvalArgs *a = args;
    if (a->charter) {
        EVAL_USAGE(a, SAYF(("eval : une seule charte à la fois (« %s » et « %s »)", a->charter, s),
                           ("eval: one charter at a time (%s and %s)", say_q_en(a->charter), say_q_en(s))));
        return false;
    }
    a->charter = s;
    return true;
}

/* Standard output is the report's place: no -o, or -o - (eval_outputs_decided). */
static bool eval_to_stdout(const EvalArgs *a)
{
    return a->outs.n == 1 && strcmp(a->outs.path[0], "-") == 0;
}

static bool eval_writes_json(const EvalArgs *a)
{
    for (int i = 0; i < a->outs.n; i++)
        if (a->formats[i] == REPORT_JSON)
            return true;
    return false;
}

/* -o FILE whose name says no format: an extension the table does not know,
** or none (a lone -o writes text there, several cannot tell). The fix is in
** the message: the extensions that say one, or --format for a lone -o. */
static void eval_unknown_extension(EvalArgs *a, int i, bool several)
{
    const char *opt = a->outs.option[i], *path = a->outs.path[i], *ext = report_extension(path);
    Say exts = report_format_extensions(NULL), names = report_format_names("|");
    if (!ext)
        EVAL_USAGE(a, SAYF(("eval : %s « %s » : quel format ? avec plusieurs -o, chaque fichier le dit par son "
                            "extension (%s) : ajoutez-la", opt, path, exts.fr),
                           ("eval: %s %s: which format? with several -o, each file says it by its extension (%s): "
                            "add one", opt, say_q_en(path), exts.en)));
    else if (several)
        EVAL_USAGE(a, SAYF(("eval : %s « %s » : l'extension « %s » ne dit aucun format de rapport (%s) : changez-la "
                            "(avec plusieurs -o, --format ne dirait pas de quel fichier il parle)", opt, path, ext, exts.fr),
                           ("eval: %s %s: the extension %s names no report format (%s): change it (with several -o, "
                            "--format would not say which file it means)", opt, say_q_en(path), say_q_en(ext), exts.en)));
    else
        EVAL_USAGE(a, SAYF(("eval : %s « %s » : l'extension « %s » ne dit aucun format de rapport (%s) : changez-la, "
                            "ou donnez --format %s", opt, path, ext, exts.fr, names.fr),
                           ("eval: %s %s: the extension %s names no report format (%s): change it, or give --format %s",
                            opt, say_q_en(path), say_q_en(ext), exts.en, names.en)));
}

/* A folder given as -o (rapports.2024/) is refused as a folder when the
** output is prepared: its "extension" says nothing of a format. */
static bool eval_is_folder(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
** Each report's format: --format's for standard output or a single -o (it
** wins over the file's extension, as before there were several); else the
** extension's (rapport.html an HTML report), text for a name without one;
** an extension that says no format (rapport.tsv, rapport.xls, r.csv.gz) is
** refused rather than given text it does not announce. With several -o,
** each file says its format by its extension, and --format, which could
** not say whose it is, is refused, as is standard output. No -o is -o -:
** the one list of outputs, standard output in it, serves every case.
*/
static bool eval_outputs_decided(EvalArgs *a)
{
    CliOutputs *o = &a->outs;
    if (o->n == 0)
        o->path[o->n++] = "-";
    if (o->n == 1) {
        a->formats[0] = a->format;
        if (a->format_given || report_format_of_path(o->path[0], &a->formats[0]))
            return true;
        if (report_extension(o->path[0]) && !eval_is_folder(o->path[0])) {
            eval_unknown_extension(a, 0, false);
            return false;
        }
        return true;
    }
    if (a->format_given) {
        EVAL_USAGE(a, say("eval : avec plusieurs -o, chaque rapport prend le format de l'extension de son fichier : "
                          "--format ne dirait pas lequel",
                          "eval: with several -o, each report takes its file's extension as its format: "
                          "--format would not say which"));
        return false;
    }
    for (int i = 0; i < o->n; i++) {
        if (strcmp(o->path[i], "-") == 0) {
            EVAL_USAGE(a, SAYF(("eval : %s - (la sortie standard) ne va pas avec d'autres -o : donnez un fichier",
                                o->option[i]),
                               ("eval: %s - (standard output) does not go with other -o: give a file", o->option[i])));
            return false;
        }
        if (!report_format_of_path(o->path[i], &a->formats[i]) && !eval_is_folder(o->path[i])) {
            eval_unknown_extension(a, i, true);
            return false;
        }
    }
    return true;
}

static bool eval_parse_args(int argc, char **argv, EvalArgs *a)
{
    a->threads = cmd_eval_default_threads();
    a->format = REPORT_TEXT;
    /* The output is read first too: a usage error is written there. */
    CliOptions o = { .lang = &a->lang, .data_dir = &a->data_dir, .au = &a->au, .output = &a->output, .output_option = &a->output_option,
                     .since = &a->since, .since_option = &a->since_option, .name = "eval",
                     .outputs = &a->outs, .parse_format = eval_format, .format = a,
                     .format_expects = SAYF(("--format attend %s", report_format_names(NULL).fr),
                                            ("--format expects %s", report_format_names(NULL).en)),
                     .help = "charte --help",
                     .cmd = a, .usage = eval_usage, .own = eval_option, .operand = eval_operand };
    if (!cli_options_parse(&o, argc, argv))
        return false;
    if (!a->charter) {
        EVAL_USAGE(a, say("eval : quelle charte ? (charte eval CHARTE --donnees DOSSIER)",
                          "eval: which charter? (charte eval CHARTER --data FOLDER)"));
        return false;
    }
    if (!a->data_dir) {
        EVAL_USAGE(a, say("eval : --donnees DOSSIER manque (le dossier de marches, participants, heures)",
                          "eval: --donnees FOLDER is missing (the folder of marches, participants, heures)"));
        return false;
    }
    if (!cli_period_valid(&o) || !eval_outputs_decided(a))
        return false;
    if (a->derivations && !eval_writes_json(a)) {
        EVAL_USAGE(a, say("eval : --derivations va avec --format json (ou un -o FICHIER.json)",
                          "eval: --derivations goes with --format json (or an -o FILE.json)"));
        return false;
    }
    /* A workbook is bytes for a program, not for a terminal. */
    if (report_is_binary(a->formats[0]) && eval_to_stdout(a) && isatty(STDOUT_FILENO)) {
        const char *ext = report_format_info(a->formats[0])->ext[0];
        EVAL_USAGE(a, SAYF(("eval : un classeur ne s'affiche pas dans un terminal : donnez -o FICHIER%s, "
                            "ou redirigez la sortie (> FICHIER%s)", ext, ext),
                           ("eval: a workbook cannot be shown in a terminal: give -o FILE%s, "
                            "or redirect the output (> FILE%s)", ext, ext)));
        return false;
    }
    return true;
}

/* Checks the charter as `charte check` does; NULL when it has errors (printed). */
Model *cmd_eval_check_charter(const char *path, SayLang lang, int *status)
{
    return cmd_eval_check_charter_into(path, lang, diag_list_new(), status);
}

/* The diagnostics of one list added at the end of another, as they are. */
static void eval_diags_append(DiagList *to, const DiagList *from)
{
    for (unsigned i = 0; i < from->len; i++)
        diag_add_copy(to, from->items[i]);
}

Model *cmd_eval_check_charter_into(const char *path, SayLang lang, DiagList *dl, int *status)
{
    Source *src;
    SourceStatus st = source_read_file(path, path, &src);
    if (st != SOURCE_OK) {
        out_unreadable(dl, lang, path, st);
        *status = CLI_ERROR;
        return NULL;
    }
    /* This charter's own list: what dl already holds (diff checks two) is not said again. */
    DiagList *own = diag_list_new();
    CheckOptions opts = { .english = lang == SAY_EN };
    Model *m = check_program(src, own, &opts);
    /* A note (C0451: the charter widens or narrows eligibility) is for the writer, said by
    ** `check`; eval, test and render would repeat it on every run. */
    diag_drop_notes(own);
    diag_sort(own);
    if (own->len)
        diag_print_text(own, lang, stderr);
    eval_diags_append(dl, own);
    if (!m || own->errors) {
        *status = CLI_FINDINGS;
        return NULL;
    }
    *status = CLI_OK;
    return m;
}

void cmd_eval_data_error(const DataError *err, SayLang lang)
{
    DiagList *dl = diag_list_new();
    diag_add_in_file(dl, DIAG_ERROR, err->code, err->file, err->line, err->msg);
    diag_print_text(dl, lang, stderr);
}


static bool eval_same_error(const DataError *a, const DataError *b)
{
    return a->code && b->code && !strcmp(a->code, b->code) && a->file && b->file && !strcmp(a->file, b->file)
        && !strcmp(a->msg.fr, b->msg.fr);
}

static int eval_into(void *args, Output *outs, int n);

/* With --format json a run that failed still writes a document, which says
** so, on stdout; a file named by -o is left as it was (a previous report is
** never replaced by a failed run: the exit code says it failed). */
int cmd_eval(int argc, char **argv)
{
    EvalArgs a = { .run = diag_list_new() };
    int code = CLI_ERROR;
    if (eval_parse_args(argc, argv, &a)) {
        code = output_run_each(a.outs.path, a.outs.option, a.outs.n, a.lang, false, eval_into, &a);
    }
    if (code != CLI_OK && !a.written && a.format == REPORT_JSON && (!a.output || strcmp(a.output, "-") == 0)) {
        diag_sort(a.run);
        out_json_failure("eval", a.run, a.lang, code, stdout);
        if (fflush(stdout) != 0)
            return CLI_ERROR;
    }
    return code;
}

int cmd_eval_default_threads(void)
{
    enum { DEFAULT_MAX = 4 };
    int cores = rt_cores();
    return cores < DEFAULT_MAX ? cores : DEFAULT_MAX;
}

/* A data error: said on stderr, and kept in run (for a JSON document). */
static void eval_data_failed(DiagList *run, SayLang lang, const DataError *err)
{
    cmd_eval_data_error(err, lang);
    diag_add_in_file(run, DIAG_ERROR, err->code, err->file, err->line, err->msg);
}

/*
** A folder's contracts, participants and hires: their files opened beside
** the charter's check (eval_check_beside), before the model says their
** columns, by the thread that then loads the participants. The check (2 ms of
** CPU on medium) ran with the other core idle, and then the main thread
** opened three files (2.2 ms) while the second opened the participants'
** (0.7 ms) and waited: the participants, the longest of the loading's pair,
** started about 3 ms after the check began. Now they start when it ends, and
** the hour lines are opened on the contracts' thread beside them
** (eval_open_rest). Each through the books eval_open_half gives it; the
** hires' reader is used only when the model and the folder want them
** (eval_open_table), as the one-thread run decides.
*/
typedef struct EvalEarly {
    TableBooks *books[2];
    bool tried[M_NTABLES];
    TableReader *readers[M_NTABLES];   /* NULL when not opened (errs[t] says why) */
    TableError errs[M_NTABLES];
} EvalEarly;

/* A folder of CSV or JSON files, with two threads or more: its files are
** opened on both threads (eval_early_new, eval_open_half); a workbook's
** sheets are opened as eval_check_beside and eval_open_rest_later say. */
static bool eval_files_on_both(const char *data_dir, int threads)
{
    return threads > 1 && !table_is_workbook(data_dir) && !*table_workbooks_in(data_dir);
}

/* With two threads or more, for a folder of CSV or JSON files (as eval_open_half). */
static EvalEarly *eval_early_new(const char *data_dir, int threads)
{
    if (!eval_files_on_both(data_dir, threads))
        return NULL;
    EvalEarly *early = RT_NEW(EvalEarly);
    early->books[0] = table_books_new();
    early->books[1] = table_books_new();
    table_books_set_threads(early->books[0], threads);
    return early;
}

static void eval_early_open(EvalEarly *early, const char *data_dir)
{
    static const int order[] = { M_TABLE_PARTICIPANTS, M_TABLE_MARCHES, M_TABLE_EMBAUCHES };
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        int t = order[k];
        TableBooks *books = early->books[t == M_TABLE_PARTICIPANTS];
        early->readers[t] = table_open_in(books, data_dir, schema_table_name(t), &early->errs[t]);
        early->tried[t] = true;
    }
}

/* Table t's reader opened early, the caller's now, or NULL. */
static TableReader *eval_early_take(EvalEarly *early, int t)
{
    TableReader *r = early->readers[t];
    early->readers[t] = NULL;
    return r;
}

/* The readers not taken (the check failed, or the hires are not wanted). */
static void eval_early_close(EvalEarly *early)
{
    for (int t = 0; early && t < M_NTABLES; t++)
        table_close(eval_early_take(early, t));
}

/* The tables' files being opened, each into tables[t] or errs[t]. */
typedef struct EvalOpening {
    const Model *m;
    const char *data_dir;
    DataTable *tables[M_NTABLES];
    DataError errs[M_NTABLES];
    bool wanted[M_NTABLES];
    bool opened[M_NTABLES];    /* tables[t] was opened (it is closed once read) */
    TableBooks *books[2];      /* what a workbook's sheets share (table_open_in), per opening thread */
    TableBooks *hour_books;    /* the books the hour lines' sheet was opened through */
    TableBooks *later_books;   /* those of eval_open_rest */
    EvalEarly *early;          /* the files opened beside the check, or NULL */
    bool hires_after;          /* the hires opened once the hour lines are read (eval_hires_after_hours) */
} EvalOpening;

static void eval_open_table(EvalOpening *o, TableBooks *books, int t)
{
    /* Hires are optional: without an embauches file, hires targets say so. */
    if (t == M_TABLE_EMBAUCHES && (!o->m->has_hires_table || !data_table_present_in(books, o->data_dir, "embauches")))
        return;
    o->wanted[t] = true;
    /* (a model's tables have the schema's names: lang/schema.c) */
    if (o->early && o->early->tried[t])
        o->tables[t] = data_open_opened(o->m, t, eval_early_take(o->early, t), &o->early->errs[t], &o->errs[t]);
    else
        o->tables[t] = data_open_in(books, o->m, t, o->data_dir, &o->errs[t]);
    o->opened[t] = o->tables[t] != NULL;
}

/* Opening reads the first MiB of each file and matches its header: 2.6 ms
** on medium, while the second core waited. For `charte diff` and `explain`
** (eval opens a folder's files as EvalEarly says): with two threads, the
** participants open on the second, the other three on the first: the
** participants are then read on the second thread, the longest of the
** loading's two (the first loads the contracts and cuts the first hour
** slices meanwhile), so it starts them as soon as it can. Each thread has
** its own books, so that nothing is shared while they open. */
static void eval_open_half(void *arg, int i)
{
    EvalOpening *o = arg;
    for (int t = 0; t < M_NTABLES; t++)
        if ((t != M_TABLE_PARTICIPANTS) == (i == 0))
            eval_open_table(o, o->books[i], t);
}

/* Tables from and after, in order on one thread, through books (a
** workbook's sheets share them); the hires of an ODS workbook, whose sheet
** comes after the hour lines', are left to be opened once those are read
** (o->hires_after, eval_hires_after_hours). */
static void eval_open_in_order(EvalOpening *o, TableBooks *books, int from, int to)
{
    o->hour_books = books;
    for (int t = from; t < to; t++) {
        bool before_opened = true;
        for (int b = 0; b < t; b++)
            before_opened = before_opened && (!o->wanted[b] || o->opened[b]);
        if (t == M_TABLE_EMBAUCHES && before_opened && o->m->has_hires_table &&
            data_table_carry_on(o->tables[M_TABLE_HEURES], o->data_dir, "embauches")) {
            o->hires_after = true;
            continue;
        }
        eval_open_table(o, books, t);
    }
}

/*
** A workbook's sheets are opened on one thread (they share its books), the
** other core idle; then the contracts load in a fifth of the participants'
** time, the first core idle again. An ODS workbook's hour sheet is found by
** reading content.xml through the sheets before it, the participants'
** among them: most of medium.ods's opening (20 ms). So the hour sheet and
** the hires are opened on the contracts' thread once they are loaded
** (eval_open_later), while the participants load: an XLSX workbook's through
** the same books (its shared strings; the participants' reader no longer
** uses them), an ODS workbook's through books of their own, when its hour
** sheet comes after the contracts' and the participants' (the usual order;
** eval_open_rest_later). What is said is the same: the tables left are
** opened whatever the loading did, and when one cannot be, its errors are
** said and nothing of the loading.
*/
static bool eval_open_rest(void *arg)
{
    EvalOpening *o = arg;
    eval_open_in_order(o, o->later_books, M_TABLE_HEURES, M_NTABLES);
    table_books_close(o->later_books);
    eval_early_close(o->early);
    for (int t = M_TABLE_HEURES; t < M_NTABLES; t++)
        if (o->wanted[t] && !o->opened[t])
            return false;
    return true;
}

/* Whether the tables after the participants are left for eval_open_rest. */
static bool eval_open_rest_later(EvalOpening *o, int threads)
{
    DataTable *c = o->tables[M_TABLE_MARCHES], *p = o->tables[M_TABLE_PARTICIPANTS];
    if (threads < 2 || !c || !p || !table_is_workbook(o->data_dir) || data_info(c)->format != data_info(p)->format)
        return false;
    TableFormat f = data_info(c)->format;
    o->later_books = f == TABLE_ODS ? o->books[1] : o->books[0];
    return f == TABLE_XLSX ||
           (f == TABLE_ODS && data_tables_sheet_after(o->tables + M_TABLE_MARCHES, 2, o->data_dir, o->m->tables[M_TABLE_HEURES].name));
}

/* Each table's opening errors, in table order; false when one could not be
** opened. A missing folder is one error, not one per table. */
static bool eval_open_said(const EvalOpening *o, SayLang lang, DiagList *run)
{
    bool opened = true;
    for (int t = 0; t < M_NTABLES; t++) {
        if (!o->wanted[t])
            continue;
        bool again = !o->opened[t] && t > 0 && o->wanted[t - 1] && !o->opened[t - 1]
                     && eval_same_error(&o->errs[t], &o->errs[t - 1]);
        for (const DataError *e = o->opened[t] || again ? NULL : &o->errs[t]; e; e = e->next)
            eval_data_failed(run, lang, e);
        opened = opened && o->opened[t];
    }
    return opened;
}

/*
** The hires of an ODS workbook whose sheet comes after the hour lines'
** (data_table_carry_on): opened once the hour lines are read, from where their
** reader stopped, rather than by reading the whole hour sheet once more before
** them. The run says what it said when they were opened first: their open's
** errors, and nothing else (false); when the reading failed before, the hires
** are opened from the part's start (their open may fail on the same bytes), and
** the reading's error is said only when that open did not fail. Then the hires
** are read (*loaded, *err).
*/
static bool eval_hires_after_hours(EvalRun *e, EvalOpening *o, bool *loaded, DataError *err, SayLang lang,
                                   DiagList *run)
{
    TableBooks *books = o->hour_books;
    if (!*loaded)
        table_books_close(books);   /* nothing handed on: the open reads from the start */
    eval_open_table(o, books, M_TABLE_EMBAUCHES);
    table_books_close(books);
    DataTable *hires = o->tables[M_TABLE_EMBAUCHES];
    bool opened = !o->wanted[M_TABLE_EMBAUCHES] || hires;
    for (const DataError *d = opened ? NULL : &o->errs[M_TABLE_EMBAUCHES]; d; d = d->next)
        eval_data_failed(run, lang, d);
    if (opened && hires && *loaded)
        *loaded = eval_load(e, M_TABLE_EMBAUCHES, hires, err);
    if (hires)
        data_close(hires);
    return opened;
}

/* eval_hires_after_hours as the work of eval_finish_ahead_of: read beside
** the first steps of the finish, which read nothing of the hires. */
typedef struct EvalHiresLate {
    EvalRun *e;
    EvalOpening *o;
    bool *loaded;
    DataError *err;
    SayLang lang;
    DiagList *run;
    bool opened;
} EvalHiresLate;

static void eval_hires_late(void *arg)
{
    EvalHiresLate *h = arg;
    h->opened = eval_hires_after_hours(h->e, h->o, h->loaded, h->err, h->lang, h->run);
}

/* The run's steps on its crew's threads, with work beside the run's
** aggregates (eval_finish_beside); books: the
** workbooks' as eval_check_beside left them, or NULL. */
static EvalRun *eval_evaluate_on(RtCrew *crew, TableBooks *books, EvalEarly *early, const Model *m,
                                 const char *data_dir, Date au, Date since, SayLang lang, int threads,
                                 DiagList *run, EvalBeside *beside, void *arg)
{
    /* Every table's file is opened (and its headers matched) before anything
    ** is read, so that a missing file or column stops the run at once, with
    ** every such problem of every file said in that one run (the hires of an
    ** ODS after the hour lines: as if, eval_hires_after_hours). */
    EvalOpening *o = rt_alloc(sizeof *o);
    *o = (EvalOpening){ .m = m, .data_dir = data_dir, .books = { books ? books : table_books_new(), table_books_new() },
                        .early = early };
    if (early) {
        o->books[0] = early->books[0];
        o->books[1] = early->books[1];
    }
    /* The hour lines open on the first thread, whose table may be surveyed
    ** on several (a JSON file's), while the second opens the small ones. */
    table_books_set_threads(o->books[0], threads);
    bool later = false;
    if (early) {
        /* The rest on the contracts' thread, while the participants load, when
        ** both opened; else at once, so that every opening error is said. */
        eval_open_in_order(o, o->books[0], M_TABLE_MARCHES, M_TABLE_HEURES);
        later = o->opened[M_TABLE_MARCHES] && o->opened[M_TABLE_PARTICIPANTS];
        if (later) {
            o->later_books = o->books[0];
        } else {
            eval_open_in_order(o, o->books[0], M_TABLE_HEURES, M_NTABLES);
            eval_early_close(early);
        }
    } else if (eval_files_on_both(data_dir, threads)) {
        rt_crew_run(crew, 2, eval_open_half, o);
    } else {
        eval_open_in_order(o, o->books[0], M_TABLE_MARCHES, M_TABLE_HEURES);
        later = eval_open_rest_later(o, threads);
        if (!later)
            eval_open_in_order(o, o->books[0], M_TABLE_HEURES, M_NTABLES);
    }
    table_books_close(o->books[0]);
    table_books_close(o->books[1]);
    DataTable **tables = o->tables;
    if (!eval_open_said(o, lang, run)) {
        for (int t = 0; t < M_NTABLES; t++)
            if (tables[t])
                data_close(tables[t]);
        return NULL;
    }
    EvalRun *e = eval_new(m, au, lang == SAY_EN);
    if (since != DATE_NONE)
        eval_since(e, since);
    eval_note_unread_files(e, data_dir);
    e->threads = threads;
    e->crew = crew;
    if (later)
        eval_open_later(e, eval_open_rest, o);
    DataError err;
    bool loaded = eval_load_tables(e, tables, &err);
    if (later && !eval_open_said(o, lang, run))   /* the tables opened meanwhile */
        return NULL;
    if (o->hires_after) {
        EvalHiresLate h = { e, o, &loaded, &err, lang, run, false };
        if (loaded)
            eval_finish_ahead_of(e, eval_hires_late, &h);
        else
            eval_hires_late(&h);
        if (!h.opened)
            return NULL;
    }
    if (!loaded) {
        eval_data_failed(run, lang, &err);
        return NULL;
    }
    eval_finish_beside(e, beside, arg);
    e->crew = NULL;
    return e;
}

/* Its steps on two threads or more (the files opened, contracts and
** participants, the hour lines, the results, the aggregates) share one crew. */
EvalRun *cmd_eval_evaluate(const Model *m, const char *data_dir, Date au, Date since, SayLang lang, int threads,
                           DiagList *run)
{
    RtCrew *crew = threads > 1 ? rt_crew_new() : NULL;
    EvalRun *e = eval_evaluate_on(crew, NULL, NULL, m, data_dir, au, since, lang, threads, run, NULL, NULL);
    rt_crew_end(crew);
    return e;
}

/* The JSON report's head and contracts, written while the aggregates are made. */
typedef struct EvalAhead {
    ReportOptions *ro;
    FILE *fp;
} EvalAhead;

static void eval_report_head_ahead(void *arg, const EvalRun *e)
{
    EvalAhead *a = arg;
    report_json_head(e, a->ro, a->fp);
    a->ro->json_head_written = true;
}

/* A table's file in a data folder: its name, then .csv or .json. */
static const char *eval_table_file(int table, bool json)
{
    return rt_sprintf("%s.%s", schema_table_name(table), json ? "json" : "csv");
}

/* An output the data folder would read at the next run (a table's file,
** any workbook), written there: that run would fail (C0803, two files for
** one table) or read the report as data. Refused, though it is no input yet. */
static bool eval_output_not_data_to_be(const Output *out, const char *data_dir, SayLang lang)
{
    struct stat folder, here;
    if (out->dir_fd < 0 || stat(data_dir, &folder) != 0 || !S_ISDIR(folder.st_mode) || fstat(out->dir_fd, &here) != 0
        || folder.st_dev != here.st_dev || folder.st_ino != here.st_ino)
        return true;
    bool data = table_is_workbook(out->name);
    for (int t = 0; t < M_NTABLES && !data; t++)
        data = strcmp(out->name, eval_table_file(t, false)) == 0 || strcmp(out->name, eval_table_file(t, true)) == 0;
    if (!data)
        return true;
    cli_error(lang, CLI_CODE_OUTPUT,
              SAYF(("%s « %s » : le dossier des données (« %s ») le lirait comme une table à l'évaluation suivante : "
                    "écrivez-le ailleurs", out->option, out->path, data_dir),
                   ("%s %s: the data folder (%s) would read it as a table at the next evaluation: write it elsewhere",
                    out->option, say_q_en(out->path), say_q_en(data_dir))));
    return false;
}

/* The data files that eval may read: the three tables, in either format,
** and the workbooks: the one given, or those of the folder; and those it
** would read at the next run. */
bool cmd_eval_output_spares_data(const Output *out, const char *data_dir, SayLang lang)
{
    if (!output_is_not_input(out, data_dir, lang))
        return false;
    for (const char **b = table_workbooks_in(data_dir); *b; b++)
        if (!output_is_not_input(out, *b, lang))
            return false;
    for (int t = 0; t < M_NTABLES; t++)
        for (int f = 0; f < 2; f++)
            if (!output_is_not_input(out, path_join(data_dir, eval_table_file(t, f)), lang))
                return false;
    return eval_output_not_data_to_be(out, data_dir, lang);
}

/* The charter's imports are known once it is read: checked before the data. */
bool cmd_eval_output_spares_imports(const Output *out, const Model *m, SayLang lang)
{
    for (int i = 0; i < m->nmodules; i++) {
        const Source *src = m->modules[i] ? m->modules[i]->src : NULL;
        if (src && src->path && !output_is_not_input(out, src->path, lang))
            return false;
    }
    return true;
}

Model *cmd_eval_charter_for(const Output *outs, int n, const char *charter, const char *data_dir, SayLang lang,
                            DiagList *dl, int *status)
{
    *status = CLI_ERROR;
    for (int i = 0; i < n; i++)
        if (!output_is_not_input(&outs[i], charter, lang) || !cmd_eval_output_spares_data(&outs[i], data_dir, lang))
            return NULL;
    Model *m = cmd_eval_check_charter_into(charter, lang, dl, status);
    for (int i = 0; m && i < n; i++)
        if (!cmd_eval_output_spares_imports(&outs[i], m, lang)) {
            *status = CLI_ERROR;
            return NULL;
        }
    return m;
}

/*
** The charter is checked on one thread, the other core idle, and then a
** workbook's sheets are opened on one thread, the contracts' first: the
** shared strings of an XLSX workbook are parsed there (18.6 M instructions of
** medium.xlsx's 32.5 M of opening). With two threads the contracts' sheet is
** opened beside the check, as table_present_in opens it, and lent to the
** books the run's opening takes it from (table_books_lend): the same reader
** in the same state, whatever the check says. A failed open lends nothing,
** and the run's own open fails the same way, said as before.
*/
typedef struct EvalCheckBeside {
    EvalArgs *a;
    const Output *outs;
    int nouts;
    TableBooks *books;
    EvalEarly *early;          /* a folder's: its files opened beside the check (EvalEarly) */
    Model *m;
    int status;
} EvalCheckBeside;

static void eval_check_beside(void *arg, int i)
{
    EvalCheckBeside *c = arg;
    if (i == 0)
        c->m = cmd_eval_charter_for(c->outs, c->nouts, c->a->charter, c->a->data_dir, c->a->lang, c->a->run, &c->status);
    else if (c->early)
        eval_early_open(c->early, c->a->data_dir);
    else
        data_table_present_in(c->books, c->a->data_dir, schema_table_name(M_TABLE_MARCHES));
}

/* A run that ends before its tables are opened. */
static void eval_check_dropped(EvalCheckBeside *c)
{
    table_books_close(c->books);
    eval_early_close(c->early);
}

/* Each output's report of the one evaluation, in its format (the
** derivations in the JSON ones); false when one could not be made. */
static bool eval_reports_written(const EvalRun *e, const ReportOptions *ro, const ReportFormat *formats, Output *outs,
                                 int n)
{
    for (int i = 0; i < n; i++) {
        ReportOptions each = *ro;
        each.format = formats[i];
        if (!report_write(e, &each, outs[i].fp))
            return false;
    }
    return true;
}

/* Everything between the checked outputs and their commit (output_run_each), on
** crew's threads: the check, the run and the report's head share one crew. */
static int eval_into_on(RtCrew *crew, EvalArgs *a, Output *outs, int n)
{
    rt_expect_heap_filled(EVAL_HEAP);
    EvalCheckBeside check = { .a = a, .outs = outs, .nouts = n, .status = CLI_ERROR };
    if (crew && table_is_workbook(a->data_dir))
        check.books = table_books_new();
    else if (crew)
        check.early = eval_early_new(a->data_dir, a->threads);
    if (check.books || check.early)
        rt_crew_run(crew, 2, eval_check_beside, &check);
    else
        eval_check_beside(&check, 0);
    Model *m = check.m;
    if (!m) {
        eval_check_dropped(&check);
        return check.status;
    }
    if (a->au == DATE_NONE) {
        a->au = date_today();
        if (a->au == DATE_NONE) {
            eval_check_dropped(&check);
            EVAL_USAGE(a, say("date du jour illisible : donnez --au DATE", "cannot read today's date: give --au DATE"));
            return CLI_ERROR;
        }
    }
    ReportOptions ro = { .format = a->formats[0], .english = a->lang == SAY_EN, .data_dir = a->data_dir,
                         .max_rejects_text = 50 };
    /* With two threads, a lone JSON report's head and contracts are written
    ** beside the aggregates: once the contracts are final nothing can fail
    ** before the report is written (but reading the derivations' lines, which
    ** keep the one-thread order), and -o's file is committed only on success. */
    EvalAhead ahead = { &ro, outs[0].fp };
    bool head_ahead = n == 1 && ro.format == REPORT_JSON && a->threads > 1 && !a->derivations;
    EvalRun *e = eval_evaluate_on(crew, check.books, check.early, m, a->data_dir, a->au, a->since, a->lang, a->threads, a->run,
                                  head_ahead ? eval_report_head_ahead : NULL, &ahead);
    if (!e)
        return CLI_ERROR;
    if (a->derivations) {
        DataError err;
        ExplainLines *lines = explain_lines_new(e, NULL, 0, true);
        if (!explain_lines_read(lines, a->data_dir, &err)) {
            eval_data_failed(a->run, a->lang, &err);
            return CLI_ERROR;
        }
        ro.derivations = lines;
    }
    a->written = true;    /* from here on a failure is about the output itself */
    return eval_reports_written(e, &ro, a->formats, outs, n) ? CLI_OK : CLI_ERROR;
}

static int eval_into(void *args, Output *outs, int n)
{
    EvalArgs *a = args;
    RtCrew *crew = a->threads > 1 ? rt_crew_new() : NULL;
    int status = eval_into_on(crew, a, outs, n);
    rt_crew_end(crew);
    return status;
}
