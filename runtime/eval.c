/* runtime/eval.c: evaluating contract data against a checked charter: the run, loading the tables, closing (eval.h). */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "path.h"
#include "utf8.h"

const char *eval_status_id(EvalStatus s)
{
    switch (s) {
    case EVAL_ATTEINT:       return "atteint";
    case EVAL_NON_ATTEINT:   return "non_atteint";
    case EVAL_NON_SOUMIS:    return "non_soumis";
    case EVAL_CONFLIT:       return "conflit";
    case EVAL_SANS_OBJECTIF: return "sans_objectif";
    case EVAL_SANS_BASE:     return "sans_base";
    case EVAL_MUTUALISE:     return "mutualise";
    case EVAL_HORS_PERIODE:  return "hors_periode";
    }
    return "?";
}

const char *eval_status_label(EvalStatus s, bool english)
{
    switch (s) {
    case EVAL_ATTEINT:       return english ? "met" : "atteint";
    case EVAL_NON_ATTEINT:   return english ? "not met" : "non atteint";
    case EVAL_NON_SOUMIS:    return english ? "not subject" : "non soumis";
    case EVAL_CONFLIT:       return english ? "conflict" : "conflit";
    case EVAL_SANS_OBJECTIF: return english ? "no target" : "sans objectif";
    case EVAL_SANS_BASE:     return english ? "no base hours" : "sans heures de base";
    case EVAL_MUTUALISE:     return english ? "pooled" : "mutualisé";
    case EVAL_HORS_PERIODE:  return english ? "outside the period" : "hors période";
    }
    return "?";
}

mpq_ptr eval_new_num(void) { return val_new_num(); }

/* qsort, which must not be given a NULL base even for 0 elements. */
void eval_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

mpq_ptr eval_copy_num(mpq_srcptr q)
{
    mpq_ptr c = val_new_num();
    mpq_set(c, q);
    return c;
}

/* ---- the run ------------------------------------------------------------------------------ */

static const char *const table_names[M_NTABLES] = { "marches", "participants", "heures", "embauches" };

static const struct { int table; const char *code; Say text; } reason_text[EVAL_R_COUNT] = {
    [EVAL_R_PARTICIPANT_NOT_ELIGIBLE] = { M_TABLE_PARTICIPANTS, "non_eligible",
        { "participant non éligible", "participant not eligible" } },
    [EVAL_R_AFTER_AU] = { M_TABLE_HEURES, "apres_date_evaluation",
        { "mois après la date d'évaluation", "month after the evaluation date" } },
    [EVAL_R_HOURS_NOT_ELIGIBLE] = { M_TABLE_HEURES, "participant_non_eligible",
        { "participant non éligible", "participant not eligible" } },
    [EVAL_R_BEFORE_ENTRY] = { M_TABLE_HEURES, "avant_entree",
        { "mois avant l'entrée dans le parcours", "month before entry into the pathway" } },
    [EVAL_R_AFTER_PERIOD] = { M_TABLE_HEURES, "hors_periode_eligibilite",
        { "mois après la fin de la période d'éligibilité", "month after the end of the eligibility period" } },
    [EVAL_R_MODALITY] = { M_TABLE_HEURES, "modalite_non_retenue",
        { "modalité non retenue", "modality not counted" } },
    [EVAL_R_BEFORE_NOTIFICATION] = { M_TABLE_HEURES, "avant_notification",
        { "mois avant le mois de notification du marché", "month before the month the contract was notified" } },
    [EVAL_R_CONTRACT_LATE] = { M_TABLE_HEURES, "marche_non_evalue",
        { "marché notifié après la date d'évaluation, non évalué", "contract notified after the evaluation date, not evaluated" } },
    [EVAL_R_NOTIFIED_AFTER_AU] = { M_TABLE_MARCHES, "notifie_apres_date_evaluation",
        { "marché notifié après la date d'évaluation : non évalué", "contract notified after the evaluation date: not evaluated" } },
    [EVAL_R_HIRE_AFTER_AU] = { M_TABLE_EMBAUCHES, "apres_date_evaluation",
        { "embauche après la date d'évaluation", "hire after the evaluation date" } },
    [EVAL_R_HIRE_OUT_OF_PERIOD] = { M_TABLE_EMBAUCHES, "hors_periode",
        { "embauche hors de la période de la charte", "hire outside the charter's period" } },
};

const char *eval_reason_id(EvalReasonCode code) { return reason_text[code].code; }

Say eval_reason_text(EvalReasonCode code) { return reason_text[code].text; }

static void prepare_modalities(EvalRun *e)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    int col = m->std.h_modality;
    if (col < 0)
        return;
    const MColumn *mc = &m->tables[M_TABLE_HEURES].columns[col];
    st->cap_of_choice = rt_alloc_atomic(sizeof(int) * (size_t)(mc->nchoices + 1));
    st->choice_counted = rt_alloc_atomic(sizeof(bool) * (size_t)(mc->nchoices + 1));
    for (int i = 0; i < mc->nchoices; i++) {
        st->cap_of_choice[i] = -1;
        st->choice_counted[i] = !m->modalities_declared || !m->modality_counted || m->modality_counted[i];
        for (int k = 0; k < m->ncaps; k++)
            if (strcmp(m->caps[k].modality, mc->choices[i]) == 0)
                st->cap_of_choice[i] = k;
    }
}

static void prepare_conditions(EvalRun *e)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    st->eligible = m->eligible ? eval_conditions_compile(m->eligible) : NULL;
    st->publics = RT_NEW_ARRAY(EvalNode *, m->npublics + 1);
    st->public_memo = rt_alloc_atomic((size_t)m->npublics + 1);
    st->public_values = RT_NEW_ARRAY(Value, m->npublics + 1);
    for (int i = 0; i < m->npublics; i++)
        st->publics[i] = eval_conditions_compile(m->publics[i].pred);
    st->filters = RT_NEW_ARRAY(EvalNode *, m->nindicators + 1);
    st->label_interns = RT_NEW_ARRAY(IdMap *, m->nindicators + 1);
    for (int i = 0; i < m->nindicators; i++) {
        if (m->indicators[i].where)
            st->filters[i] = eval_conditions_compile(m->indicators[i].where);
        if (m->indicators[i].by_column >= 0)
            st->label_interns[i] = idmap_new(16);
    }
    st->judge = eval_judge_compile(m, st);
}

/* An evaluation date before the charter's start is most often a slip of
** --au (a year mistyped): every contract would then be "not subject" or
** "not evaluated" one by one, so the run says why once, above them. */
static void note_au_before_start(EvalRun *e)
{
    const Model *m = e->model;
    if (model_period_side(m, e->au) != MODEL_BEFORE_PERIOD)
        return;
    RT_GROW(e->notes, e->nnotes);
    e->notes[e->nnotes++] =
        SAYF(("date d'évaluation (%s) antérieure au début de la charte (%s) : aucun marché n'y est encore soumis",
              date_to_french(e->au), date_to_french(m->valid_from)),
             ("evaluation date (%s) before the charter's start (%s): no contract is subject to it yet",
              date_to_iso(e->au), date_to_iso(m->valid_from)));
}

void eval_note_unread_files(EvalRun *e, const char *dir)
{
    const char *tables[M_NTABLES];
    for (int t = 0; t < M_NTABLES; t++)
        tables[t] = e->model->tables[t].name;
    const char **named = table_files_named_after(dir, tables, M_NTABLES);
    const char **fr_names = NULL, **en_names = NULL;
    int n = 0;
    for (const char **f = named; *f; f++) {
        struct stat st;
        if (stat(path_join(dir, *f), &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        RT_GROW(fr_names, n);
        RT_GROW(en_names, n);
        fr_names[n] = say_q_fr(*f);
        en_names[n++] = say_q_en(*f);
    }
    if (n == 0)
        return;
    const char *fr = rt_join(fr_names, n, ", "), *en = rt_join(en_names, n, ", ");
    RT_GROW(e->notes, e->nnotes);
    e->notes[e->nnotes++] =
        SAYF(("%s : %s %s non %s : une table n'est lue que de son fichier (marches, participants, heures, "
              "embauches, en .csv ou en .json) ou d'une feuille de classeur ; mettez les exports d'une table bout "
              "à bout dans son fichier, sous un seul en-tête",
              dir, n > 1 ? "fichiers" : "fichier", fr, n > 1 ? "lus" : "lu"),
             ("%s: %s %s not read: a table is read only from its file (marches, participants, heures, embauches, "
              "as .csv or .json) or from a workbook's sheet; put a table's exports end to end in its file, under "
              "one header",
              dir, n > 1 ? "files" : "file", en));
}

EvalRun *eval_new(const Model *m, Date au, bool english)
{
    EvalRun *e = RT_NEW(EvalRun);
    e->model = m;
    e->au = au;
    e->au_month = date_month(au);
    e->since = DATE_NONE;
    e->since_month = INT32_MIN;
    e->english = english;
    e->threads = 1;
    EvalState *st = RT_NEW(EvalState);
    e->state = st;
    st->contract_ids = idmap_new(256);
    st->contract_rejected = idmap_new(16);
    st->participant_ids = idmap_new(1024);
    st->participant_rejected = idmap_new(16);
    st->contract_late = idmap_new(16);
    st->hire_ids = idmap_new(64);
    st->prov_labels = idmap_new(16);
    st->scratch = eval_new_num();
    st->sums_per_contract = 1 + m->ncaps;
    for (int t = 0; t < M_NTABLES; t++)
        e->files[t].table = table_names[t];
    eval_rules_prepare_classes(e);
    prepare_modalities(e);
    prepare_conditions(e);
    eval_hires_prepare(e);
    note_au_before_start(e);
    return e;
}

void eval_add_reject(EvalRun *e, int table, long line, Say why)
{
    EvalState *st = e->state;
    RT_GROW(st->rejects[table], st->nrejects[table]);
    st->rejects[table][st->nrejects[table]++] = (EvalReject){ st->files[table], line, why };
    e->counts[table].rejected++;
}

void eval_not_counted(EvalRun *e, int table, EvalReasonCode code)
{
    eval_not_counted_times(e, table, code, 1);
}

void eval_not_counted_times(EvalRun *e, int table, EvalReasonCode code, long times)
{
    e->counts[table].not_counted += times;
    int *at = &e->state->reason_at[code];
    if (*at > 0 && *at <= e->nreasons[table] && e->reasons[table][*at - 1].code == reason_text[code].code) {
        e->reasons[table][*at - 1].count += times;
        return;
    }
    for (int i = 0; i < e->nreasons[table]; i++)
        if (strcmp(e->reasons[table][i].code, reason_text[code].code) == 0) {
            e->reasons[table][i].count += times;
            *at = i + 1;
            return;
        }
    RT_GROW(e->reasons[table], e->nreasons[table]);
    e->reasons[table][e->nreasons[table]++] =
        (EvalReason){ reason_text[code].code, reason_text[code].text, times };
    *at = e->nreasons[table];
}

static const char *nfc_id(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return utf8_nfc(s, n);
    return rt_strndup(s, n);
}

const char *eval_text_or_null(Value v) { return v.kind == VAL_TEXT ? v.as.text : NULL; }

/* A rejected row's id is remembered so that the lines pointing to it say so. */
static void remember_rejected_id(IdMap *valid, IdMap *rejected, const DataRow *row)
{
    if (!row->id)
        return;
    const char *id = nfc_id(row->id, row->id_len);
    int dummy;
    if (!idmap_get(valid, id, strlen(id), &dummy) && !idmap_get(rejected, id, strlen(id), &dummy))
        idmap_put(rejected, id, strlen(id), (int)(row->line > 0x7fffffffL ? 0x7fffffffL : row->line));
}

/* The hour lines left to this thread, a million on medium: load_rows's
** loop without its tests of the table. */
static bool load_hour_rows(EvalRun *e, DataTable *t, DataError *err)
{
    long *read = &e->counts[M_TABLE_HEURES].read;
    for (;;) {
        DataRow row;
        DataStatus s = data_next(t, &row, err);
        if (s == DATA_ROW_OK) {
            ++*read;
            eval_hours_add_to(e, NULL, &row);
            continue;
        }
        if (s == DATA_END) {
            eval_hours_settle(e);   /* the hour lines held back (eval_hours.c) */
            return true;
        }
        if (s == DATA_FAILED)
            return false;
        ++*read;
        eval_hours_reader_reject(e, NULL, row.line, row.reason);
    }
}

/* A table's rows into the run; its notes are the caller's to add (add_notes). */
static bool load_rows(EvalRun *e, int table, DataTable *t, DataError *err)
{
    EvalState *st = e->state;
    const TableInfo *info = data_info(t);
    e->files[table].info = info;
    st->files[table] = info->file ? info->file : info->path;
    if (table == M_TABLE_HEURES) {
        eval_hours_prepare(e, data_texts(t));
        /* The hour sums read a cell's scaled integer: no rational per line. */
        data_hours_scaled_only(t);
    }
    if (table == M_TABLE_PARTICIPANTS)
        eval_participants_expect(e, info);
    bool sliced = table == M_TABLE_HEURES && e->threads > 1
                  && (st->hours_ahead || table_can_split(data_reader(t)));
    /* (a sliced workbook sheet is inflated straight into its slices: a
    ** read-ahead thread, started and stopped at once, cost its start and a
    ** MiB of buffers, on the way to the threads) */
    if (e->threads > 1 && !sliced)
        table_read_ahead(data_reader(t));
    /* Hour lines on several threads; what is left is the end of the table. */
    if (sliced && !eval_threads_load_hours(e, t, err))
        return false;
    if (table == M_TABLE_HEURES)
        return load_hour_rows(e, t, err);
    for (;;) {
        DataRow row;
        DataStatus s = data_next(t, &row, err);
        if (s == DATA_END)
            return true;
        if (s == DATA_FAILED)
            return false;
        e->counts[table].read++;
        if (s == DATA_ROW_REJECTED) {
            eval_add_reject(e, table, row.line, row.reason);
            if (table == M_TABLE_MARCHES)
                remember_rejected_id(st->contract_ids, st->contract_rejected, &row);
            else if (table == M_TABLE_PARTICIPANTS)
                remember_rejected_id(st->participant_ids, st->participant_rejected, &row);
            continue;
        }
        switch (table) {
        case M_TABLE_MARCHES:      eval_contracts_add(e, &row); break;
        case M_TABLE_PARTICIPANTS: eval_participants_add(e, &row); break;
        default:                   eval_hires_add(e, &row); break;
        }
    }
}

/* The file's notes, header and values alike, once it is all read. */
static void add_notes(EvalRun *e, const DataTable *t)
{
    int nnotes;
    const Say *notes = data_notes(t, &nnotes);
    for (int i = 0; i < nnotes; i++) {
        RT_GROW(e->notes, e->nnotes);
        e->notes[e->nnotes++] = notes[i];
    }
}

bool eval_load(EvalRun *e, int table, DataTable *t, DataError *err)
{
    if (!load_rows(e, table, t, err))
        return false;
    add_notes(e, t);
    return true;
}

/*
** Tables loaded two at a time, each on its own thread, when neither reads
** what the other writes: contracts and participants (the hour lines and the
** hires read both, neither reads the other), then the hour lines and the
** hires (the hires read the contracts and participants only; the hour lines
** fill the contracts' sums and the participants' activity, which the hires
** do not read). Each table writes its own part of the run: its ids, records,
** counts and reasons (per EvalReasonCode, distinct between tables), its
** rejected rows (EvalState.rejects, per table). So the second core, idle
** through the contracts (5 ms on medium) and the hires (4 ms) before, works
** beside the first. Only CSV files, each with a reader of its own (a
** workbook's sheets share one archive). The notes are added afterwards in
** table order, and the first failure in table order is the one said: the
** run is the one-thread run, byte for byte.
*/
typedef struct EvalPair {
    EvalRun *e;
    int first;                 /* the pair's tables: first and first + 1 */
    DataTable *t[2];
    DataTable *const *tables;  /* all the run's: the hour table is cut ahead once the contracts are loaded */
    bool ok[2];
    DataError err[2];
} EvalPair;

/* The hour lines will be read on several threads, from a CSV file of their
** own, or an XLSX sheet: each sheet's reader has its own descriptor of the
** workbook and its own inflation, and shares only the shared strings, read
** only. (An ODS workbook's sheets are one part, content.xml, read in turn.) */
static bool hours_cut_ahead(const EvalRun *e, DataTable *const tables[M_NTABLES])
{
    DataTable *h = tables[M_TABLE_HEURES];
    TableFormat f = h ? data_info(h)->format : TABLE_ODS;
    return e->threads > 1 && (f == TABLE_CSV || f == TABLE_XLSX) && table_can_split(data_reader(h));
}

void eval_open_later(EvalRun *e, bool (*open)(void *arg), void *arg)
{
    e->state->open_later = open;
    e->state->open_later_arg = arg;
}

/* eval_open_later's work, if still to do; false when it failed. */
static bool open_later(EvalRun *e)
{
    EvalState *st = e->state;
    bool (*open)(void *arg) = st->open_later;
    st->open_later = NULL;
    if (open)
        st->open_later_failed = !open(st->open_later_arg);
    return !st->open_later_failed;
}

static void load_pair_member(void *arg, int i)
{
    EvalPair *p = arg;
    p->ok[i] = load_rows(p->e, p->first + i, p->t[i], &p->err[i]);
    /* The contracts load in a fifth of the participants' time: the tables
    ** left to open are opened meanwhile (eval_open_later), and the first hour
    ** slices cut (eval_threads.c). */
    if (i == 0 && p->first == M_TABLE_MARCHES && open_later(p->e) && p->ok[0] && hours_cut_ahead(p->e, p->tables))
        eval_threads_cut_ahead(p->e, p->tables[M_TABLE_HEURES]);
}

static bool load_pair_at_once(const EvalRun *e, DataTable *const tables[M_NTABLES], int first)
{
    _Static_assert(M_TABLE_PARTICIPANTS == M_TABLE_MARCHES + 1 && M_TABLE_EMBAUCHES == M_TABLE_HEURES + 1,
                   "the pairs are two tables in a row");
    if (e->threads < 2 || (first != M_TABLE_MARCHES && first != M_TABLE_HEURES))
        return false;
    DataTable *a = tables[first], *b = tables[first + 1];
    return a && b && table_can_split(data_reader(a)) && table_can_split(data_reader(b));
}

static void load_pair_second(void *arg)
{
    load_pair_member(arg, 1);
}

/*
** The hour lines and the hires: the hires are the first work of the hour
** lines' second thread (EvalState.hours_first), not a thread of their own:
** one thread fewer to start, and libgc's pthread_create waits until the new
** thread has registered, so a slice reader started while the hires' thread
** and the main thread held both cores could keep the main thread waiting
** for a core (a trace saw it resume 0.1 ms after the hires were read, 4 ms
** after it started the reader). Should the hour lines not be read in slices
** (load_rows decides), the hires are read after them, on this thread.
*/
static void load_hours_and_hires(EvalPair *pair)
{
    EvalState *st = pair->e->state;
    st->hours_first = load_pair_second;
    st->hours_first_arg = pair;
    load_pair_member(pair, 0);
    if (st->hours_first) {
        st->hours_first = NULL;
        load_pair_member(pair, 1);
    }
}

/* Tables first and first + 1 at once; false with the first failure in table order. */
static bool load_pair(EvalRun *e, DataTable *const tables[M_NTABLES], int first, DataError *err)
{
    EvalPair *pair = RT_NEW(EvalPair);
    pair->e = e;
    pair->first = first;
    pair->t[0] = tables[first];
    pair->t[1] = tables[first + 1];
    pair->tables = tables;
    if (first == M_TABLE_HEURES)
        load_hours_and_hires(pair);
    else
        rt_crew_run(e->crew, 2, load_pair_member, pair);
    for (int i = 0; i < 2; i++) {
        if (!pair->ok[i]) {
            *err = pair->err[i];
            return false;
        }
        add_notes(e, pair->t[i]);
    }
    return true;
}

static void close_table(DataTable *tables[M_NTABLES], int t)
{
    if (tables[t])
        data_close(tables[t]);
    tables[t] = NULL;
}

bool eval_load_tables(EvalRun *e, DataTable *tables[M_NTABLES], DataError *err)
{
    bool ok = true;
    for (int t = 0; ok && t < M_NTABLES;) {
        if (t == M_TABLE_HEURES && !open_later(e))
            break;
        int n = load_pair_at_once(e, tables, t) ? 2 : 1;   /* tables read by this step */
        if (n == 2)
            ok = load_pair(e, tables, t, err);
        else if (tables[t])
            ok = eval_load(e, t, tables[t], err);
        /* Closed once read: their buffers are not kept through the next tables. */
        for (int k = t; k < t + n; k++)
            close_table(tables, k);
        t += n;
    }
    ok = open_later(e) && ok;   /* (a failure before: the tables left opened all the same) */
    eval_threads_drop_ahead(e);   /* a failure before the hour lines */
    for (int t = 0; t < M_NTABLES; t++)
        close_table(tables, t);
    return ok;
}

/* ---- closing ---------------------------------------------------------------------------------- */

/* The rejected rows of every table, in table order, as one thread would have found them. */
static void join_rejects(EvalRun *e)
{
    EvalState *st = e->state;
    for (int t = 0; t < M_NTABLES; t++) {
        for (long k = 0; k < st->nrejects[t]; k++) {
            RT_GROW(e->rejects, e->nrejects);
            e->rejects[e->nrejects++] = st->rejects[t][k];
        }
        st->rejects[t] = NULL;
        st->nrejects[t] = 0;
    }
}

/*
** The aggregates read the finished contracts and each writes its own part of
** the run. By scope is the largest (a contract counts for its scope and every
** scope around it: 7 M instructions on medium, the four others 8.6 M): with
** two threads it runs beside the others, while the second core would wait.
** With work beside (the report's contracts, 12.6 M), that work and by family
** (2 M) run on the second thread, the four others (13.6 M) on the first.
*/
typedef struct EvalAggregating {
    EvalRun *e;
    EvalBeside *beside;
    void *arg;
} EvalAggregating;

static void aggregates_part(void *arg, int i)
{
    const EvalAggregating *g = arg;
    EvalRun *e = g->e;
    bool by_family_beside = g->beside != NULL;
    if (i == 1) {
        if (g->beside)
            g->beside(g->arg, e);
        if (by_family_beside)
            eval_aggregates_by_family(e);
        else
            eval_aggregates_by_scope(e);
        return;
    }
    eval_aggregates_all(e);
    eval_aggregates_by_category(e);
    if (by_family_beside)
        eval_aggregates_by_scope(e);
    else
        eval_aggregates_by_family(e);
    eval_aggregates_by_owner(e);
}

/* Parts 0 and 1 of a step: on two threads when the run has them. */
static void both_parts(const EvalRun *e, void (*part)(void *arg, int i), void *arg)
{
    if (e->threads > 1) {
        rt_crew_run(e->crew, 2, part, arg);
        return;
    }
    part(arg, 0);
    part(arg, 1);
}

static void finish_each_contract(EvalRun *e)
{
    for (int i = 0; i < e->ncontracts; i++) {
        eval_results_finish_contract(e, e->contracts[i]);
        eval_period_contract(e, e->contracts[i]);
    }
}

/* The contracts' order, the rejected rows' and reasons', pools and forgone
** hours: once every table is read (the hires' rows and reasons too). */
static void order_contracts(EvalRun *e)
{
    eval_sort(e->contracts, (size_t)e->ncontracts, sizeof(EvalContract *), eval_results_compare_contracts);
    /* Ids were indices in load order; after sorting, look them up again. */
    for (int i = 0; i < e->ncontracts; i++)
        idmap_put(e->state->contract_ids, e->contracts[i]->id, strlen(e->contracts[i]->id), i);
    eval_sort(e->rejects, (size_t)e->nrejects, sizeof(EvalReject), eval_results_compare_rejects);
    for (int t = 0; t < M_NTABLES; t++)
        eval_sort(e->reasons[t], (size_t)e->nreasons[t], sizeof(EvalReason), eval_results_compare_reasons);
    eval_pools_build(e);
    eval_forgone_build(e);
}

/* The contracts' results, their order, pools and forgone hours. */
static void finish_contracts(EvalRun *e)
{
    finish_each_contract(e);
    order_contracts(e);
}

static void count_indicators(EvalRun *e)
{
    for (int k = 0; k < e->nindicators; k++)
        eval_indicators_evaluate(e, k, &e->indicators[k]);
}

/*
** The indicators read the participants only (their activity is known once
** the hour sums are flushed), nothing of the contracts: with two threads they
** are counted while the main thread finishes the contracts, where the second
** core waited (1.8 M instructions on medium, about a millisecond: reading
** 20 000 participants scattered in the heap).
*/
static void results_part(void *arg, int i)
{
    EvalRun *e = arg;
    if (i == 0)
        finish_contracts(e);
    else
        count_indicators(e);
}

void eval_finish(EvalRun *e)
{
    eval_finish_beside(e, NULL, NULL);
}

/* The hour sums into the contracts and participants, the months closed, and
** room for the indicators: what the results read. */
static void close_hours(EvalRun *e)
{
    eval_hours_flush_sums(e);
    eval_hours_close_months(e);
    e->nindicators = e->model->nindicators;
    e->indicators = RT_NEW_ARRAY(EvalIndicator, e->nindicators + 1);
}

/*
** An ODS workbook's hires are read once the hour lines are (their sheet
** follows the hour sheet's: cmd_eval.c, eval_hires_after_hours), 6 to 9 ms
** of medium.ods on the main thread with the other core idle. What
** eval_finish does first reads neither the hires nor the rejected rows: the
** hour sums flushed, the months closed, the indicators (the participants
** only) and each contract's results (its sums and the model). With two
** threads these are done on the second while the first reads the hires. The
** hires read the participants' hot records (entry, eligible: the flush
** reads their `active`), the ids' maps, which nothing writes then (the
** contracts are sorted and their ids put again in eval_finish), and write
** their own part of the run: their counts, reasons (codes of their own) and
** rejected rows, their targets and aggregates. eval_finish then does the rest.
*/
typedef struct EvalFinishAhead {
    EvalRun *e;
    void (*work)(void *arg);
    void *arg;
} EvalFinishAhead;

static void finish_ahead_part(void *arg, int i)
{
    EvalFinishAhead *a = arg;
    if (i == 0) {
        a->work(a->arg);
        return;
    }
    close_hours(a->e);
    count_indicators(a->e);
    finish_each_contract(a->e);
    a->e->state->finished_ahead = true;
}

void eval_finish_ahead_of(EvalRun *e, void (*work)(void *arg), void *arg)
{
    if (e->threads < 2 || !e->crew) {
        work(arg);
        return;
    }
    EvalFinishAhead a = { e, work, arg };
    rt_crew_run(e->crew, 2, finish_ahead_part, &a);
}

void eval_finish_beside(EvalRun *e, EvalBeside *beside, void *arg)
{
    join_rejects(e);
    if (e->state->finished_ahead) {
        order_contracts(e);
    } else {
        close_hours(e);
        both_parts(e, results_part, e);
    }
    EvalAggregating g = { e, beside, arg };
    both_parts(e, aggregates_part, &g);
    eval_pools_fold_aggregates(e);
    eval_hires_finish(e);
}

const EvalPool *eval_pool(const EvalRun *e, const char *id)
{
    for (int i = 0; i < e->npools; i++)
        if (strcmp(e->pools[i]->id, id) == 0)
            return e->pools[i];
    return NULL;
}

const EvalContract *eval_contract(const EvalRun *e, const char *id)
{
    int i;
    if (!idmap_get(e->state->contract_ids, id, strlen(id), &i))
        return NULL;
    return e->contracts[i];
}
