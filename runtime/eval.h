/* runtime/eval.h: evaluating contract data against a checked charter: rules, targets, counted hours, statuses, aggregates, indicators. */
#ifndef CHARTE_EVAL_H
#define CHARTE_EVAL_H

#include "data.h"
#include "model.h"

#include <gmp.h>
#include <stdbool.h>

/*
** The evaluation of docs/evaluation.md (examples/amp/REFERENCE.md, §3 "The evaluation of
** one contract", generalised to whatever the Model declares).
**
** It streams: contracts, then participants, then hour lines are loaded in
** that order; each hour line is typed, judged and folded into its contract's
** accumulators, then forgotten. Memory grows with contracts and participants,
** never with hour lines. Each participant is judged once, when loaded
** (eligibility, publics, indicator filters), and only those verdicts are kept.
** Rules are resolved once per class of contracts (family, scope, owner,
** rules in force at the notification date).
**
** Every figure is an exact rational (GMP); nothing is rounded except target
** hours, as the charter says. Hour lines written as plain decimals are summed
** per contract as scaled 64-bit integers while the sum fits (exact, checked
** for overflow, GMP otherwise), and join the rationals in eval_finish.
*/

typedef enum {
    EVAL_ATTEINT,          /* counted ≥ target hours */
    EVAL_NON_ATTEINT,
    EVAL_NON_SOUMIS,       /* amount below the threshold: target hours 0 */
    EVAL_CONFLIT,          /* two rules of equal specificity apply: nothing decided */
    EVAL_SANS_OBJECTIF,    /* no rule sets a target for this contract */
    EVAL_SANS_BASE,        /* a share-of-hours target, but hours worked neither reported nor estimable */
    EVAL_MUTUALISE,        /* a member of a pool: its compliance is the pool's (EvalPool) */
    EVAL_HORS_PERIODE      /* notified before the charter's period or after its end: not subject, target 0 */
} EvalStatus;

#define EVAL_NSTATUS (EVAL_HORS_PERIODE + 1)

struct EvalPool;

/* "atteint", "non_atteint"…: the identifiers of JSON and CSV, whatever the language. */
const char *eval_status_id(EvalStatus s);
/* For people: "atteint" / "met", "non atteint" / "not met"… */
const char *eval_status_label(EvalStatus s, bool english);

typedef struct EvalResolution {
    const MRule *target;      /* the rule that sets the target, NULL when none */
    const MRule *threshold;   /* the rule that sets the threshold, NULL when none */
    const MRule *conflict[2]; /* both set, when two rules of equal specificity apply */
    const MRule *hires;       /* with no hours target: a target of hires of the family, assessed apart */
    bool conflict_on_threshold;
} EvalResolution;

typedef struct EvalContract {
    const char *id, *label, *owner;
    int family, scope;
    mpq_ptr amount;
    Date notified;
    mpq_ptr hours_worked;     /* NULL when not reported */
    long line;
    const EvalResolution *res;

    /* accumulators, fed by the hour lines; complete once eval_finish has run */
    mpq_ptr free_hours;       /* counted hours of modalities without a cap */
    mpq_ptr *capped;          /* per Model.caps: counted hours of that modality, before its cap */
    long lines_counted;
    /* With a period (EvalRun.since): the same hours, of the lines of months
    ** before it only (slot 0 free hours, 1 + k cap k's); NULL without. */
    mpq_ptr *earlier;

    /* results (eval_finish) */
    EvalStatus status;
    MTargetKind kind;
    mpq_ptr rate;             /* target share (fraction), NULL unless a share target applies */
    mpq_ptr fixed;            /* fixed target hours as declared, NULL unless M_TARGET_FIXED_HOURS */
    mpq_ptr threshold;        /* NULL when none applies */
    mpq_ptr base;             /* base hours, NULL when unknown */
    bool base_estimated;      /* from the family's parameters, not reported */
    mpq_ptr target_hours;     /* NULL when there is no target (conflict, none, no base) */
    mpq_ptr counted;          /* counted hours after caps (before caps when there is no target) */
    mpq_ptr gap;              /* counted − target hours, NULL with no target */
    mpq_ptr period;           /* with a period: counted − counted at the day before it (eval_period.c); NULL without */
    mpq_ptr before;           /* with a period: counted at the day before it (0 when notified after), NULL without */
    const char **articles;    /* provenance labels: target, threshold (or both conflicting rules) */
    int narticles;
    Say note;                /* why a status without target, in words */

    /* pools and floors (runtime/eval_pools.c, runtime/eval_floors.c) */
    const struct EvalPool *pool;  /* the pool it belongs to (status EVAL_MUTUALISE), NULL otherwise */
    mpq_ptr contribution;     /* a member of a rate pool: rate × base hours, exact; NULL otherwise */
    bool floor_applied;       /* the national floor × base hours replaced a lower fixed target */
    mpq_ptr forgone;          /* not subject: the target hours the threshold waived, NULL when none */
} EvalContract;

/*
** A pooled target (objectif mutualisé): the subject contracts of a scope and
** its sub-scopes (of one owner, for a per-owner pool) whose target rule is
** one pooled rule, assessed together (docs/evaluation.md, "Mutualisation").
*/
typedef struct EvalPool {
    const char *id;           /* "scope/family", "scope/family/owner": stable, for reports and examples */
    int family, scope;
    const char *owner;        /* per-owner pool, or a pooled rule restricted to one owner; NULL otherwise */
    AstPool level;
    const MRule *rule;        /* the pooled rule in force at the evaluation date (else the latest a member has) */
    const EvalContract **members;  /* sorted by id */
    int nmembers;
    mpq_ptr base;             /* members' base hours (those known) */
    int base_unknown;         /* members of a fixed-hours pool whose base hours are unknown */
    mpq_ptr target_hours;     /* Σ rate × base (+ fixed hours once), max with the floor, rounded once */
    mpq_ptr unrounded;        /* the same before its rounding (charte diff: did the rounding move it) */
    mpq_ptr counted;          /* members' counted hours, the pool's caps applied */
    mpq_ptr gap;              /* counted − target hours */
    mpq_ptr period;           /* with a period: counted − counted at the day before it; NULL without */
    /* With a period, the pool as the evaluation at the day before it has it:
    ** its members notified by then (0: none, target and counted 0), its
    ** target then (their contributions, the rule then in force, the floor,
    ** the rounding), its counted hours then (its caps against that target). */
    int before_members;
    mpq_ptr before_target, before_counted;
    EvalStatus status;        /* EVAL_ATTEINT or EVAL_NON_ATTEINT */
    bool floor_applied;
    const char **articles;
    int narticles;
    Say note;                 /* "plancher national appliqué : …" when it was */
} EvalPool;

/* Target hours waived by thresholds, per family and contract scope (non-subject contracts). */
typedef struct EvalForgone {
    int family, scope;
    int contracts;            /* non-subject contracts */
    mpq_ptr amount;           /* their amounts (€, those known) */
    mpq_ptr base;             /* their base hours (those known) */
    int base_unknown;
    mpq_ptr target_hours;     /* what their targets would have been */
} EvalForgone;

/* A participant's activity (EvalParticipant.activity, and the thread shares' flags):
** a counted line, and one of a month in the period; merged by OR, as bytes. */
enum { EVAL_ACTIVE = 1, EVAL_ACTIVE_IN_PERIOD = 2 };

typedef struct EvalParticipant {
    long line;
    bool eligible;
    unsigned char activity;   /* EVAL_ACTIVE: at least one counted hour line; EVAL_ACTIVE_IN_PERIOD: one of a month in the period */
    Month entry;
    unsigned char *publics;   /* per Model.publics: 1 when the participant belongs to it */
    unsigned char *where;     /* per Model.indicators: 1 when its filter holds (or has none) */
    const char **by_label;    /* per Model.indicators with a column breakdown: the category */
} EvalParticipant;

typedef struct EvalCounts {
    long read, counted, not_counted, rejected;
} EvalCounts;

typedef struct EvalReject {
    const char *file;
    long line;
    Say why;
} EvalReject;

/* Why valid rows were not counted: one entry per reason, with its count. */
typedef struct EvalReason {
    const char *code;         /* "apres_date_evaluation"… */
    Say text;
    long count;
} EvalReason;

typedef struct EvalAggregate {
    const char *key;          /* family id, scope id, owner */
    const char *name;         /* scope name; NULL otherwise */
    int depth;                /* scopes: depth in the tree */
    int contracts, subject, met;
    mpq_ptr target_hours;     /* sum over subject contracts (atteint / non atteint) */
    mpq_ptr counted_hours;    /* sum over the same contracts */
    mpq_ptr rate;             /* counted ÷ target, NULL when target is 0 */
    mpq_ptr period_hours;     /* with a period: the same contracts' (and pools') period hours; NULL without */
} EvalAggregate;

/* The hour lines counted in one month of work, before caps (a cap applies to a
** contract's total, so the months of a capped contract add up to more than its
** counted hours). */
typedef struct EvalMonthHours {
    Month month;
    mpq_ptr hours;
    long lines;
} EvalMonthHours;

typedef struct EvalCell {
    const char *label;        /* category (public id, column value…); NULL for "other categories" */
    const char *name;         /* public's name, or NULL */
    long count;               /* persons in the cell */
    long base;                /* persons the share is taken over (share indicators) */
    mpq_ptr share;            /* count ÷ base, NULL for counts */
    bool secret;
} EvalCell;

typedef struct EvalIndicator {
    const MIndicator *decl;
    EvalCell total;           /* no breakdown: the value; with one: the total of the cells */
    EvalCell *cells;          /* breakdown, in a stable order */
    int ncells;
    bool has_target;
    bool target_met;          /* meaningful when has_target and the value is not secret */
    /* With a period: the same indicator over the participants active in it
    ** (docs/evaluation.md §6), cell for cell beside `cells` (same categories,
    ** same order); NULL cells and a zero total without a period. */
    EvalCell period_total;
    EvalCell *period_cells;
    bool period_target_met;
} EvalIndicator;

/* The status of a target of hires (eval_hires.c). */
typedef enum {
    EVAL_HIRES_ATTEINT,        /* hires to eligible participants ≥ target hires */
    EVAL_HIRES_NON_ATTEINT,
    EVAL_HIRES_SANS_EMBAUCHES, /* no hire in its scope, nature and period: nothing to assess */
    EVAL_HIRES_SANS_DONNEES    /* no embauches file was given */
} EvalHiresStatus;

const char *eval_hires_status_id(EvalHiresStatus s);
const char *eval_hires_status_label(EvalHiresStatus s, bool english);

/* One target of hires, assessed pooled over the hires of its scope and the
** scopes inside it, of its nature (and of its owner when the rule names one).
** Its rules are the base rule and the amendments at the same scope, owner and
** nature: each hire takes the rate in force at its date. */
typedef struct EvalHiresTarget {
    int scope;
    const char *owner;        /* NULL: every owner */
    const char *nature;       /* family id or one of model_hire_natures */
    const MRule **rules;      /* by date, the base rule first */
    int nrules;
    mpq_ptr rate;             /* rate in force at the evaluation date, NULL when none yet */
    long hires;               /* hires assessed (the denominator) */
    long eligible;            /* of which to a participant eligible at the hire date */
    mpq_ptr target;           /* Σ over hires of the rate in force at each hire's date, exact */
    mpq_ptr share;            /* eligible ÷ hires, NULL when no hire */
    mpq_ptr gap;              /* eligible − target */
    EvalHiresStatus status;
    const char **articles;    /* provenance of each rule */
    int narticles;
    long period_hires, period_eligible;   /* with a period: the hires dated in it (0 without) */
    mpq_ptr period_target;    /* their part of target, NULL without a period */
} EvalHiresTarget;

/* Hires counted (in the period, up to the evaluation date) by scope or owner. */
typedef struct EvalHiresAggregate {
    const char *key;          /* scope id or owner */
    const char *name;         /* scope name; NULL for owners */
    int depth;
    long hires, eligible;
    mpq_ptr share;            /* eligible ÷ hires, NULL when no hire */
    long period_hires, period_eligible;   /* with a period: the hires dated in it (0 without) */
} EvalHiresAggregate;

/* A contract notified after the evaluation date: not evaluated, listed apart. */
typedef struct EvalLateContract {
    const char *id;
    long line;
    Date notified;
} EvalLateContract;

typedef struct EvalFile {
    const char *table;        /* "marches" */
    const TableInfo *info;    /* NULL when not loaded */
} EvalFile;

typedef struct EvalRun {
    const Model *model;
    Date au;
    Month au_month;
    /* A period's first day (--depuis, the first of a month), DATE_NONE when
    ** none: each figure then has the period's own beside it, the evaluation
    ** at au less the evaluation at the day before since (eval_since). */
    Date since;
    Month since_month;        /* INT32_MIN when none: no month is before it */
    bool english;

    EvalFile files[M_NTABLES];   /* embauches: info NULL when no file was given */
    EvalCounts counts[M_NTABLES];
    EvalReason *reasons[M_NTABLES];
    int nreasons[M_NTABLES];
    EvalReject *rejects;
    long nrejects;
    Say *notes;
    int nnotes;

    EvalContract **contracts; /* after eval_finish: sorted by id (bytewise) */
    int ncontracts;
    EvalParticipant **participants;
    int nparticipants;
    long active_participants;
    long period_participants;   /* with a period: those active in it (eval_hours_flush_sums) */

    EvalAggregate all;                          /* every contract */
    int by_status[EVAL_NSTATUS];                /* contracts per status */
    EvalAggregate *by_category; int nby_category; /* categories with contracts, in declaration order */
    EvalAggregate *by_family; int nby_family;   /* families with contracts, in declaration order */
    EvalAggregate *by_scope;  int nby_scope;    /* scopes with contracts, tree order */
    EvalAggregate *by_owner;  int nby_owner;    /* sorted bytewise */
    EvalIndicator *indicators; int nindicators;
    EvalMonthHours *by_month; int nby_month;    /* every month from the first to the last with counted hours */
    EvalPool **pools; int npools;               /* sorted by id */
    EvalForgone *forgone; int nforgone;         /* family order, then scope tree order */

    EvalLateContract *late; int nlate;          /* contracts notified after the evaluation date, by id */
    EvalHiresTarget *hires; int nhires;         /* targets of hires, in the order of their first rule */
    EvalHiresAggregate hires_all;               /* every counted hire */
    EvalHiresAggregate *hires_by_scope; int nhires_by_scope; /* scopes with hires, tree order */
    EvalHiresAggregate *hires_by_owner; int nhires_by_owner; /* sorted bytewise */

    int threads;              /* hour lines read on this many threads (eval_new: 1) */
    struct RtCrew *crew;      /* the threads of its steps, kept between them (NULL: each step starts its own) */

    struct EvalState *state;  /* private */
} EvalRun;

EvalRun *eval_new(const Model *m, Date au, bool english);
/* The period from since (the first day of a month, at most au) to au: its
** own figures beside the cumulative ones, from the same reading. Before the
** first table is loaded. */
void eval_since(EvalRun *e, Date since);
/* Whether the period's count of participants is secret (eval_indicators.c). */
bool eval_period_participants_secret(const EvalRun *e);
/* Whether a date can start a period: the first day of a month (hour lines
** are by month; a period cut inside one could not be counted). */
bool eval_since_valid(Date since);
/* Whether the day before since, whose evaluation a period subtracts, is a
** date there is (years 1 to 9999): not before 01/01/0001. */
bool eval_since_has_eve(Date since);
/* A note naming the files of the data folder dir that are named after a
** table but not read (a quarter's export in heures-2025-T1.csv beside
** heures.csv), none when there are none or dir is no folder. */
void eval_note_unread_files(EvalRun *e, const char *dir);

/* Loads a table through its typed reader; tables go marches, participants,
** heures, then embauches when a file is given (none: hires targets are
** `sans_donnees`). false on a fatal read error (*err filled): the caller stops. */
bool eval_load(EvalRun *e, int table, DataTable *t, DataError *err);

/* Loads every table given (NULL: absent) as eval_load does, in that order,
** and closes each; with e->threads > 1 and CSV files, marches and
** participants at once, then heures (on its e->threads threads) and
** embauches at once.
** false on the first fatal read error in table order, in *err (the tables
** after it are closed unread). */
bool eval_load_tables(EvalRun *e, DataTable *tables[M_NTABLES], DataError *err);
/*
** Work that eval_load_tables does before the hour lines, on the thread that
** loads the contracts, once they are loaded (their thread's turn while the
** participants load on the other), or else before the hour lines: opening
** tables[M_TABLE_HEURES] and after (an ODS workbook's hour sheet is reached
** by reading the participants' sheet through). It runs whether the contracts
** and participants loaded or not; when it returns false, eval_load_tables
** returns false at once, *err untouched: the caller says what failed.
*/
void eval_open_later(EvalRun *e, bool (*open)(void *arg), void *arg);

/* Closes the accumulators: per-contract results, sorting, aggregates, indicators. */
void eval_finish(EvalRun *e);
/* Work that only reads the finished contracts (their results, order, pools
** and forgone hours), such as the report's contracts written ahead. */
typedef void EvalBeside(void *arg, const EvalRun *e);
/* eval_finish, with beside(arg, e) run once the contracts are final: on a
** second thread beside the aggregates when e->threads > 1. */
void eval_finish_beside(EvalRun *e, EvalBeside *beside, void *arg);

/* work(arg), the last reading of the run (an ODS workbook's hires, read once
** the hour lines are): with two threads, beside eval_finish's first steps,
** which read nothing of it (eval.c). eval_finish is still to be called. */
void eval_finish_ahead_of(EvalRun *e, void (*work)(void *arg), void *arg);

/* Lookup after eval_finish (charte test): NULL when absent. */
const EvalContract *eval_contract(const EvalRun *e, const char *id);
const EvalPool *eval_pool(const EvalRun *e, const char *id);

/* The value of a literal as the evaluator counts it: percents as fractions,
** years as 12 months, weeks as 7 days; dates, months, text and booleans as
** written. VAL_NULL when x is not a literal. */
Value eval_literal(const AstExpr *x);

/* Whether a rule can apply to a contract of this family, scope, owner and
** notification date (a candidate of eval_resolve), else the first reason it
** cannot: the test eval_resolve applies to every rule, for explain to say. */
typedef enum {
    EVAL_RULE_CANDIDATE, EVAL_RULE_OTHER_FAMILY, EVAL_RULE_OUT_OF_SCOPE, EVAL_RULE_OTHER_OWNER, EVAL_RULE_NOT_IN_FORCE
} EvalRuleFit;
EvalRuleFit eval_rules_fit(const Model *m, const MRule *r, int family, int scope, const char *owner, Date notified);

/* The rules that apply to a contract of this family, scope, owner and notification
** date (eval, render, diff, explain and the hover all ask here). */
EvalResolution eval_resolve(const Model *m, int family, int scope, const char *owner, Date notified);
/* eval_resolve among the given rules (indices into m->rules), met in their order, which
** decides ties: eval_resolve gives the rules of the family on the scope's chain
** (model_rules_on_chain); all the rules in the charter's order give the same answer
** (tests/unit/test_eval.c holds it on the charters of the tests). */
EvalResolution eval_resolve_among(const Model *m, const int *rules, int nrules, int family, int scope,
                                  const char *owner, Date notified);

#endif
