/* runtime/eval_impl.h: what the evaluator's files (runtime/eval*.c) and its explainer (runtime/explain*.c) share; no other module includes it. */
#ifndef CHARTE_EVAL_IMPL_H
#define CHARTE_EVAL_IMPL_H

#include <stdatomic.h>
#include <stdint.h>

#include "eval.h"
#include "gc.h"
#include "idmap.h"

/* Reasons why a valid row is not counted (EvalReasonCode, below) fit in this many. */
#define EVAL_R_COUNT_MAX 16

/*
** The conditions of publics, of `éligible` and of indicator filters are
** compiled once from the checked AST into this small tree, with every literal
** already a Value: a participant is then judged without reparsing anything.
** Durations are in months (1 an = 12 mois) and `âge` is 12 × the full years,
** so "âge < 26 ans" compares months with months.
*/
typedef enum {
    EVAL_N_CONST, EVAL_N_COLUMN, EVAL_N_PUBLIC, EVAL_N_AGE, EVAL_N_NOT, EVAL_N_NEG, EVAL_N_AND, EVAL_N_OR, EVAL_N_ARITH,
    EVAL_N_COMPARE, EVAL_N_KNOWN
} EvalNodeKind;

typedef struct EvalNode {
    EvalNodeKind kind;
    AstOp op;
    int index;
    Value value;
    struct EvalNode *a, *b;
} EvalNode;

/* The same conditions, all of a charter's, compiled into one program for judging
** many participants (eval_judge.c): truth is three-valued as in the tree, an age
** is a native number of months, a comparison reads the column's value in place,
** and a part with no step is judged by the EvalNode it came from. */
typedef struct EvalJudge EvalJudge;

/* Part of a contract's accumulator, exact: sum / 10^scale. Hour lines add
** here without GMP while 64 bits hold the sum; what does not fit goes to the
** contract's rationals, and the rest joins them in eval_finish. */
typedef struct EvalScaledSum {
    int64_t sum;
    int scale;
} EvalScaledSum;

/* Hour lines are held back for a few rows (eval_hours.c), so that the
** memory counting them reads is asked for ahead of its use: the lines reach
** 20 000 participants at random, and their lookups were cache misses. The
** lines of a contract and participant come in runs (an export writes a
** participant's months together: about five lines a run on medium), and a
** run is the unit: its ids' map slots are prefetched when its first line
** is read, it is looked up once EVAL_LOOKUP_AHEAD lines later (its
** participant's record and its contract's sums then prefetched), and its
** lines are counted in one loop EVAL_COUNT_AHEAD lines after that, with
** what they share (the contract's sums, the months a line of it counts in)
** worked out once. Once a run is counted, the rest of its lines are counted
** as they come. A held line keeps what counting reads of it; its run keeps
** copies of the ids (the next data_next reuses the cells): only lines with
** ids of at most 23 bytes and scaled hours are held. */
typedef struct EvalHeldLine {
    long line;
    NumScaled hours;
    Month month;
    int choice;
} EvalHeldLine;

/* What counting a line of a looked-up run reads, worked out once a run
** (eval_hours.c, count_run). A line whose month is in [first, first + span]
** and whose modality counts (EvalState.slot_of_choice) is counted without
** eval_hours_decide; any other goes through it. */
typedef struct EvalRunCounts {
    bool known;              /* contract and participant both valid: ci and pi set */
    bool noted;              /* a line counted: the participant is active, the contract touched */
    int ci, pi;
    const char *cid, *pid;   /* not known: the ids, for the reasons */
    EvalScaledSum *sums;     /* the contract's sums (the run's or the share's) */
    long *lines;             /* its count of counted lines */
    uint64_t first, span;    /* months, as uint64_t; first = 2^63: every line decided */
} EvalRunCounts;

typedef struct EvalHeldRun {
    unsigned first;          /* its first line's number (EvalHeldLines.lines) */
    EvalRunCounts counts;    /* once looked up: known, ci, pi, cid, pid */
    char contract[24], participant[24];
    size_t contract_len, participant_len;
    uint64_t contract_hash, participant_hash;   /* idmap_prefetch's, for idmap_get_hashed */
    uint32_t contract_key, participant_key;     /* data_text_key's (EvalState.contract_by_key), set and read only
                                                 ** when the hour table has texts' keys; 0: by the hash */
} EvalHeldRun;

/* Rings of a power of two; at most EVAL_LOOKUP_AHEAD + EVAL_COUNT_AHEAD + 1
** lines, and as many runs, are held at once (eval_hours.c, step). */
enum { EVAL_HELD_MAX = 16, EVAL_RUNS_MAX = 16, EVAL_LOOKUP_AHEAD = 3, EVAL_COUNT_AHEAD = 3 };

/* The rings count the lines held and the runs held, looked up and counted
** since the start: line k is line[k % EVAL_HELD_MAX], run k run[k % EVAL_RUNS_MAX],
** and counted <= looked <= runs. */
typedef struct EvalHeldLines {
    EvalHeldLine line[EVAL_HELD_MAX];
    EvalHeldRun run[EVAL_RUNS_MAX];
    unsigned lines, runs, looked, counted;
    unsigned lookup_due, count_due;   /* `lines` when the next lookup, the next count is due; lines - 1: none */
    const EvalHeldRun *cur;  /* the last run, whose ids tell a line of it */
    size_t contract_len1, participant_len1;  /* their lengths + 1; 0: no last run (the next line starts one) */
    bool streaming;          /* the last run is counted: a line of it is counted at once, by `last` */
    EvalRunCounts last;
} EvalHeldLines;

/* What an hour line reads of its participant, packed: the lines of a large
** file reach participants at random, and these stay in cache where the
** EvalParticipant records would not. `active` goes back to them in eval_finish. */
typedef struct EvalHotParticipant {
    Month entry;
    bool eligible;
    bool active;
    bool period_active;      /* a counted line of a month in the period (every counted line without one) */
} EvalHotParticipant;


/* Counted hours of one month of work (EvalState.months). */
typedef struct EvalMonthSum {
    EvalScaledSum scaled;
    mpq_ptr hours;
    long lines;
} EvalMonthSum;

typedef struct EvalState {
    IdMap *contract_ids;       /* valid contracts: id → index in e->contracts */
    IdMap *contract_rejected;  /* ids seen only on rejected rows: id → line */
    IdMap *participant_ids;
    IdMap *participant_rejected;
    IdMap *classes;            /* resolution classes: key → index in resolutions */
    EvalResolution **resolutions;
    int nresolutions;
    Date *versions;            /* sorted distinct dates from which amendments apply */
    int nversions;
    const char **rule_owner_keys;
    IdMap *prov_labels;        /* a Prov's address → index in prov_label_texts (eval_results.c) */
    const char **prov_label_texts;
    int nprov_labels;
    EvalNode *eligible;
    EvalNode **publics;
    EvalNode **filters;        /* per indicator, NULL when no filter */
    EvalJudge *judge;          /* the three above, compiled together */
    IdMap **label_interns;     /* per indicator with a column breakdown */
    int *cap_of_choice;        /* per choice of heures.modalite: index in Model.caps, -1 */
    int *slot_of_choice;       /* per choice + 1 (0: none): a counted line's sum, 1 + cap or 0; -1 when
                               ** the modality is not counted (eval_hours_prepare) */
    bool *choice_counted;      /* per choice of heures.modalite */
    const char *files[M_NTABLES];
    IdMap *contract_late;      /* contracts notified after the evaluation date: id → index in e->late */
    IdMap *hire_ids;
    struct EvalHiresState *hires;  /* eval_hires.c's */
    mpq_ptr scratch;
    EvalScaledSum *sums;       /* per contract in load order: free hours, then one per Model.caps */
    int sums_per_contract;
    long *lines_counted;       /* per contract in load order; to EvalContract.lines_counted and the
                               ** hour table's count of counted lines in eval_finish */
    long hours_not_counted[EVAL_R_COUNT_MAX];  /* hour lines per EvalReasonCode; to e->reasons in eval_finish */
    EvalHotParticipant *hot;   /* per participant */
    /* The hour table's texts (an XLSX workbook's shared strings: data_texts),
    ** and per key of them (data_text_key) less 1, the contract's and the
    ** participant's index + 1 once a run of lines resolved that text to a
    ** valid one; 0: not yet. Filled by whichever thread meets the text first,
    ** always with the same value (the id maps are only read by then): a text
    ** met again and again is hashed and looked up once, not at every run of
    ** lines that names it (start_run, look_up_run). */
    TableTexts hour_texts;
    _Atomic int32_t *contract_by_key, *participant_by_key;
    /* Per participant, with a counted line in a share added to the run
    ** (eval_hours_drain), NULL without threads: kept apart from `hot`, which
    ** the readers read on the other cores while the main thread drains. */
    unsigned char *drained_active;
    RtArena participants;      /* where e->participants' records are cut from (eval_participants.c) */
    signed char *public_memo;  /* judge_participant's, per public */
    Value *public_values;
    int reason_at[EVAL_R_COUNT_MAX]; /* per EvalReasonCode: 1 + its index in e->reasons[its table], 0 when none yet */
    /* Rejected rows per table, in the order found; joined in table order into
    ** e->rejects by eval_finish (two tables may load at once: eval_load_tables). */
    EvalReject *rejects[M_NTABLES];
    long nrejects[M_NTABLES];
    /* Counted hours per month: slot k is the month au_month - k. Slots run back
    ** from the evaluation month, since no later line is counted: the array only
    ** grows at its end. */
    EvalMonthSum *months;
    int nmonths;
    EvalHeldLines held;        /* eval_hours_add_to's, on the run's own thread */
    Month *notified_month;     /* per contract in load order, before the hour lines (INT32_MIN: not notified) */
    struct EvalSlices *hours_ahead;  /* the hour table's first slices, cut ahead (eval_threads.c) */
    /* Work for the hour lines' second thread before its first slice, NULL
    ** once taken (eval_threads_load_hours): the hires (eval.c's load_pair). */
    void (*hours_first)(void *arg);
    void *hours_first_arg;
    /* eval_open_later's work, NULL once done; and whether it failed. */
    bool (*open_later)(void *arg);
    void *open_later_arg;
    bool open_later_failed;
    bool finished_ahead;       /* eval_finish_ahead_of did eval_finish's first steps */
} EvalState;

typedef enum {
    EVAL_R_PARTICIPANT_NOT_ELIGIBLE, EVAL_R_AFTER_AU, EVAL_R_HOURS_NOT_ELIGIBLE, EVAL_R_BEFORE_ENTRY,
    EVAL_R_AFTER_PERIOD, EVAL_R_MODALITY, EVAL_R_BEFORE_NOTIFICATION, EVAL_R_CONTRACT_LATE,
    EVAL_R_NOTIFIED_AFTER_AU, EVAL_R_HIRE_AFTER_AU, EVAL_R_HIRE_OUT_OF_PERIOD, EVAL_R_COUNT
} EvalReasonCode;

_Static_assert(EVAL_R_COUNT <= EVAL_R_COUNT_MAX, "EvalState.reason_at is too small");

/* A slice's share of the hour lines (runtime/eval_threads.c): what
** eval_hours_add_to would have written into the run, kept apart; its
** rejected rows added to the run in the order of the slices
** (eval_hours_take_rejects), the rest to its reading thread's total
** (eval_hours_fold: another EvalHoursPart), added to the run at the end. */
typedef struct EvalHoursPart {
    EvalScaledSum *sums;       /* per contract × sums_per_contract, as EvalState.sums */
    size_t *spill_slot;        /* the few slots whose sum overflowed 64 bits… */
    mpq_ptr *spill;            /* …and the rest of each, exact */
    int nspill;
    long *lines_counted;       /* per contract */
    int *touched;              /* contracts with counted lines, once each (room for all) */
    int ntouched;
    unsigned char *touched_flag;
    EvalMonthSum *months;
    int nmonths;
    int *activated;            /* participants with a counted line, once each (room for all) */
    int nactivated;
    unsigned char *active_flag;  /* EVAL_ACTIVE | EVAL_ACTIVE_IN_PERIOD */
    long read, not_counted[EVAL_R_COUNT];   /* counted lines: lines_counted's sum */
    EvalReject *rejects;
    long nrejects;
    mpq_ptr scratch;
    EvalHeldLines held;
} EvalHoursPart;

/* A contract's notification month as eval_hours_decide takes it (INT32_MIN: not notified). */
static inline Month eval_notified_month(Date notified)
{
    return notified != DATE_NONE ? date_month(notified) : INT32_MIN;
}

/* Whether a valid hour line of a known contract and participant counts:
** EVAL_R_COUNT when it does, else why not. The one place this rule is
** written: eval_hours_add_to applies it to every line, and explain to the
** lines of the contract it explains. Inline: it sits on the hot loop. */
static inline EvalReasonCode eval_hours_decide(const EvalRun *e, Month notified, const EvalHotParticipant *p,
                                               Month month, int choice)
{
    const Model *m = e->model;
    const EvalState *st = e->state;
    if (month > e->au_month)
        return EVAL_R_AFTER_AU;
    /* Work on a contract starts with its notification: its month counts, earlier ones do not. */
    if (month < notified)
        return EVAL_R_BEFORE_NOTIFICATION;
    if (!p->eligible)
        return EVAL_R_HOURS_NOT_ELIGIBLE;
    if (m->elig_months > 0 && month < p->entry)
        return EVAL_R_BEFORE_ENTRY;
    if (m->elig_months > 0 && month >= p->entry + m->elig_months)
        return EVAL_R_AFTER_PERIOD;
    if (choice >= 0 && st->choice_counted && !st->choice_counted[choice])
        return EVAL_R_MODALITY;
    return EVAL_R_COUNT;
}

/* What one participant's conditions are evaluated over. */
typedef struct EvalSubject {
    const EvalState *st;
    const Model *m;
    const Value *values;
    const DataCellInfo *info;     /* beside values, NULL when not read from a table */
    Date birth, entry;
    signed char *public_memo;     /* -1 not yet, else a ValKind-coded result */
    Value *public_values;
    bool age_known;               /* `age` computed (it is asked by several publics and indicators) */
    Value age;
    int age_months;               /* the same for EvalJudge, -1 when not computed yet */
} EvalSubject;

/* What judging a participant decides: its eligibility, and per public and per
** indicator (arrays of Model.npublics and Model.nindicators) whether it holds. */
typedef struct EvalVerdict {
    bool eligible;
    unsigned char *publics;
    unsigned char *where;
} EvalVerdict;

/* eval.c */
mpq_ptr eval_new_num(void);
mpq_ptr eval_copy_num(mpq_srcptr q);
void eval_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void eval_add_reject(EvalRun *e, int table, long line, Say why);
void eval_not_counted(EvalRun *e, int table, EvalReasonCode code);
void eval_not_counted_times(EvalRun *e, int table, EvalReasonCode code, long times);
/* A reason's identifier ("avant_entree") and its words, as the report counts them. */
const char *eval_reason_id(EvalReasonCode code);
Say eval_reason_text(EvalReasonCode code);
const char *eval_text_or_null(Value v);

/* eval_rules.c */
void eval_rules_prepare_classes(EvalRun *e);
const EvalResolution *eval_rules_resolution_for(EvalRun *e, const EvalContract *c);

/* eval_conditions.c */
EvalNode *eval_conditions_compile(const AstExpr *x);
Value eval_conditions_value(EvalSubject *s, const EvalNode *n);
Value eval_conditions_public(EvalSubject *s, int i);
bool eval_conditions_is_true(Value v);
/* a op b as a condition reads it: false when either is missing or their kinds differ. */
bool eval_conditions_compare(AstOp op, Value a, Value b);

/* eval_judge.c */
/* From st's trees (eligible, publics, filters), which it keeps. */
EvalJudge *eval_judge_compile(const Model *m, const EvalState *st);
/* Whether the program was refused (publics that name each other in a cycle):
** every participant is then judged by the tree. */
bool eval_judge_refused(const EvalJudge *j);
/* How many parts of the program the tree judges (arithmetic, for one). */
int eval_judge_handed_back(const EvalJudge *j);
/* Whether judging reads the tree (refused, or a step handed back), and with it EvalSubject.public_memo. */
bool eval_judge_reads_tree(const EvalJudge *j);
/* How many combinations of the leaves' truths the program remembers the verdict of. */
size_t eval_judge_combinations(const EvalJudge *j);
/* The judgement of s, by the program; by the tree when it was refused. */
void eval_judge_participant(EvalJudge *j, EvalSubject *s, EvalVerdict *out);
/* The same, by the tree: the general path, and what the program must agree with. */
void eval_judge_by_tree(const EvalState *st, const Model *m, EvalSubject *s, EvalVerdict *out);

/* eval_contracts.c */
void eval_contracts_add(EvalRun *e, const DataRow *row);

/* eval_participants.c */
/* Before the participants' rows: their map of ids sized once for the table. */
void eval_participants_expect(EvalRun *e, const TableInfo *info);
void eval_participants_add(EvalRun *e, const DataRow *row);
EvalSubject eval_participants_subject(const EvalRun *e, const Value *values);

/* eval_hours.c */
/* Counts an hour line (or says why not) into a thread's share (hp), or
** into the run when hp is NULL; eval_hours_prepare first. */
void eval_hours_add_to(EvalRun *e, EvalHoursPart *hp, const DataRow *row);
EvalHoursPart *eval_hours_part_new(EvalRun *e);
/* Before the first hour line: what every line reads of its contract, once
** per contract; the memos of the ids by their texts' keys in the hour
** table's texts (data_texts). */
void eval_hours_prepare(EvalRun *e, TableTexts texts);
/* Counts the hour lines held back (EvalHeldLines), if any: when the table
** ends (eval_hours_flush_sums and eval_hours_drain do too). */
void eval_hours_settle(EvalRun *e);
/* An hour row the reader rejected, into the share hp (the run's when NULL),
** after the lines held back: rejects keep the rows' order even where rows
** share a line (a JSON file on one line), which sorting by line cannot. */
void eval_hours_reader_reject(EvalRun *e, EvalHoursPart *hp, long line, Say why);
/* Adds the share to the run (keep) or throws it away; either way it is empty after. */
void eval_hours_drain(EvalRun *e, EvalHoursPart *hp, bool keep);
/* Counts the share's held lines: a slice's reader, at its slice's end. */
void eval_hours_part_settle(EvalRun *e, EvalHoursPart *hp);
/* The share's rejected rows, to the run (in the slices' order: the merge's). */
void eval_hours_take_rejects(EvalRun *e, EvalHoursPart *hp);
/* The share's rejected rows' lines moved on by shift (its settled rows
** were numbered from a guess: an ODS slice's, eval_threads.c). */
void eval_hours_shift_rejects(EvalHoursPart *hp, long shift);
/* The rest of the share (sums, counts, participants: what no order shows),
** added to `to`, a thread's total that eval_hours_drain adds to the run
** once the slices are read; hp empty after. */
void eval_hours_fold(EvalRun *e, EvalHoursPart *hp, EvalHoursPart *to);

/* eval_threads.c */
/* Reads the hour lines of t (a CSV table between rows) on e->threads threads; false on a fatal read error.
** The slices cut ahead (eval_threads_cut_ahead) are read first; the second
** thread does e->state->hours_first's work before it reads. */
bool eval_threads_load_hours(EvalRun *e, DataTable *t, DataError *err);
/* Cuts the first slices of the hour table t (its ring full) before the
** participants are loaded: on the thread that loaded the contracts, idle
** until then. Nothing of the participants is read. */
void eval_threads_cut_ahead(EvalRun *e, DataTable *t);
/* Frees the slices cut ahead that no load read (the run failed before the hour lines). */
void eval_threads_drop_ahead(EvalRun *e);
int eval_hours_choice(const Model *m, const DataRow *row);
/* NULL when id is a valid row's (*index set), else why the reference fails. */
const char *eval_hours_lookup_reason(IdMap *valid, IdMap *rejected, const char *id, int *index,
                                     const char *file, bool quote_id, bool contract, bool english);
void eval_hours_flush_sums(EvalRun *e);
void eval_hours_close_months(EvalRun *e);

/* eval_hires.c */
void eval_hires_prepare(EvalRun *e);
void eval_hires_add(EvalRun *e, const DataRow *row);
void eval_hires_finish(EvalRun *e);
/* After the run, for explain: what the evaluator made of a hire row for target k
** (e->hires[k]), by its own tests. A row of another target is EVAL_HIRE_OTHER; a
** counted one gives the rule in force at its date (*rule) and its participant's
** index (*participant, -1 when none or unknown). A rejected row (e->rejects) is
** the caller's to tell first. */
typedef enum {
    EVAL_HIRE_OTHER, EVAL_HIRE_AFTER_AU, EVAL_HIRE_OUT_OF_PERIOD, EVAL_HIRE_NO_RULE,
    EVAL_HIRE_ELIGIBLE, EVAL_HIRE_NOT_ELIGIBLE
} EvalHireVerdict;
EvalHireVerdict eval_hires_judge(const EvalRun *e, int k, const DataRow *row, const MRule **rule, int *participant);
/* The reason why a contract or hire row's scope is not one of the local charter's own, NULL when it is. */
const Say *eval_foreign_scope(const Model *m, int scope, const char *column);

/* eval_results.c */
int eval_results_compare_contracts(const void *a, const void *b);
int eval_results_compare_rejects(const void *a, const void *b);
int eval_results_compare_reasons(const void *a, const void *b);
void eval_results_finish_contract(EvalRun *e, EvalContract *c);
void eval_results_round_target(const Model *m, mpq_ptr target);
void eval_results_add_article(const char ***articles, int *n, const Prov *p, bool english);
mpq_ptr eval_results_uncapped_total(const Model *m, const EvalContract *c);
/* Free hours + each capped modality up to its share of target_hours: a contract's counted hours. */
mpq_ptr eval_results_capped_total(const Model *m, const EvalContract *c, mpq_srcptr target_hours);
void eval_results_cap(const Model *m, int k, mpq_srcptr hours, mpq_srcptr target_hours, mpq_ptr retained);
/* montant HT × part de main-d'œuvre ÷ coût horaire, exact; NULL when the family cannot estimate. */
mpq_ptr eval_results_estimated_base(const Model *m, const EvalContract *c);

/* eval_rationals.c: r = a × b, a ÷ b (b not 0), a + b, a − b, exact; r may be a or b. */
void eval_rationals_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b);
void eval_rationals_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b);
void eval_rationals_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b);
void eval_rationals_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b);

/* eval_floors.c */
bool eval_floors_raise(const Model *m, int family, mpq_srcptr base, mpq_ptr target);
const Prov *eval_floors_prov(const Model *m, int family);
Say eval_floors_note(const Model *m, int family, mpq_srcptr base, mpq_srcptr local);

/* eval_period.c */
/* Sum `slot` of a contract (EvalState.sums' order): 0 its free hours, 1 + k
** cap k's, then (with a period) the same of its lines before the period. */
mpq_ptr eval_period_sum_of(const Model *m, const EvalContract *c, int slot);
/* A contract's earlier sums (EvalContract.earlier), zero. */
mpq_ptr *eval_period_new_sums(const Model *m);
/* c->period, once c's results are final (nothing without a period). */
void eval_period_contract(EvalRun *e, EvalContract *c);

/* eval_pools.c */
void eval_pools_join(EvalRun *e, EvalContract *c, const MRule *tr);
void eval_pools_build(EvalRun *e);
void eval_pools_fold_aggregates(EvalRun *e);

/* eval_forgone.c */
mpq_ptr eval_forgone_target(const Model *m, const EvalContract *c, const MRule *tr);
void eval_forgone_build(EvalRun *e);

/* eval_aggregates.c */
void eval_aggregates_all(EvalRun *e);
void eval_aggregates_by_category(EvalRun *e);
void eval_aggregates_by_family(EvalRun *e);
void eval_aggregates_by_scope(EvalRun *e);
void eval_aggregates_by_owner(EvalRun *e);

/* eval_indicators.c */
void eval_indicators_evaluate(EvalRun *e, int i, EvalIndicator *out);

#endif
