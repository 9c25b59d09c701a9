/* runtime/explain.h: the derivation of one contract, pool or target of hires as a tree of sourced steps, and what a target not met still needs (charte explain). */
#ifndef CHARTE_EXPLAIN_H
#define CHARTE_EXPLAIN_H

#include "data.h"
#include "eval.h"

#include <stdbool.h>
#include <stdio.h>

/*
** An explanation is built after eval_finish from the run's results, and from
** one more pass over the hour lines of the contracts explained (and the
** participant rows those lines point to): the evaluator's loop is not
** touched. Every decision is the evaluator's own function (eval_rules_fit,
** eval_hours_decide, eval_results_cap, the compiled conditions); the tree
** only says which one decided what, and where it is written.
**
** The tree is the one model of every writer: text (explain_text.c) and
** JSON (explain_json.c) walk the same nodes. Each node is one step: its words
** in both languages, its figure as an exact decimal (the JSON number), its
** verdict and reason when it decides something, and its source: an article
** (file:line:col) or a data row (file:line). A participant appears by its
** pseudonymous id only: a condition that failed is quoted from the charter,
** never from the participant's row.
*/

typedef struct ExplainNode {
    const char *step;         /* "perimetre", "regle", "taux", "ligne"…: stable, for programs */
    Say text;                 /* the step in words, figures formatted for people */
    mpq_ptr value;            /* its figure, exact; NULL when none */
    bool percent;             /* value is a share: written as a number of percent (15 for 15 %) */
    const char *verdict;      /* "retenue", "ecartee", "comptee", "non_comptee", "rejetee"…; NULL */
    const char *reason;       /* why, as an identifier ("avant_entree"); NULL */
    const char *source;       /* "amp.charte:43:21", "heures.csv:12"; NULL */
    const char *period;       /* with a period, an hour line or a hire row: "avant", "periode", "apres"; NULL */
    struct ExplainNode **children;
    int nchildren;
} ExplainNode;

/* What a target not met would take: hours of eligible participants still missing. */
typedef struct ExplainWhyNot {
    mpq_ptr missing;          /* counted hours to add, to the hundredth above */
    mpq_ptr *training;        /* per Model.caps: how many of them may be of that capped modality */
    int ncaps;
} ExplainWhyNot;

typedef enum { EXPLAIN_CONTRACT, EXPLAIN_POOL, EXPLAIN_HIRES } ExplainObject;

typedef struct Explanation {
    ExplainObject object;
    const char *id;
    const char *status;       /* eval_status_id / eval_hires_status_id, or "non_evalue" */
    ExplainNode *root;
    ExplainWhyNot *why_not;   /* NULL unless the target is not met */
} Explanation;

/* The hour lines of chosen contracts, read in one more pass over the data. */
typedef struct ExplainLines ExplainLines;

/* Lines of the contracts in ids (every evaluated contract when all). */
ExplainLines *explain_lines_new(const EvalRun *e, const char *const *ids, int nids, bool all);
/* Reads the heures table of dir (a folder or a workbook, as eval reads it),
** then the participants one (for the lines' participants not eligible: which
** condition failed). false on a read error (*err filled). */
bool explain_lines_read(ExplainLines *l, const char *dir, DataError *err);
/* The step of each line of contract c (in file order), and their count. */
ExplainNode **explain_lines_of(const ExplainLines *l, const EvalContract *c, int *n);
/* The hour lines (rejected: contract unknown) that name the one id asked when
** no contract has it, and the first one's line in *first: a contract whose
** row is missing from marches, or spelt otherwise there. */
long explain_lines_of_unknown(const ExplainLines *l, long *first);

/* The identifiers explain accepts: a contract, a pool ("scope/family[/owner]"),
** a target of hires ("scope/nature[/owner]"). NULL when unknown. */
Explanation *explain_contract(const EvalRun *e, const char *id, const ExplainLines *l);
Explanation *explain_pool(const EvalRun *e, const char *id, const ExplainLines *l);
/* A target of hires, with each row of the embauches table of dir (a folder or a
** workbook) that is of it: *out NULL when the id is unknown; false on a read
** error (*err filled). */
bool explain_hires(const EvalRun *e, const char *id, const char *dir, Explanation **out, DataError *err);
/* The hires target's identifier as explain names it. */
const char *explain_hires_id(const EvalRun *e, const EvalHiresTarget *h);

/* The rejection of the marches row with this id, NULL when none. */
const EvalReject *explain_rejected(const EvalRun *e, const char *id);
/* The contract notified after the evaluation date with this id, NULL when none. */
const EvalLateContract *explain_late(const EvalRun *e, const char *id);
/* The closest known identifier of the kind asked, for "did you mean"; NULL when none is close. */
const char *explain_nearest(const EvalRun *e, ExplainObject object, const char *id);

/* Writers: the same tree, in the language asked. */
void explain_write_text(const Explanation *x, const EvalRun *e, bool english, FILE *out);
/* The document of charte explain --format json (docs/schemas/explain.schema.json). */
void explain_write_json(const Explanation *x, const EvalRun *e, bool english, FILE *out);
/* eval --derivations: the "derivations" key of eval's JSON report, every contract and pool. */
void explain_write_json_all(const EvalRun *e, const ExplainLines *l, bool english, FILE *out);

#endif
