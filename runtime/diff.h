/* runtime/diff.h: what changes between two versions of a charter (charte diff): the comparison model, computed once, and its writers (text, JSON, Markdown). */
#ifndef CHARTE_DIFF_H
#define CHARTE_DIFF_H

#include "eval.h"
#include "model.h"
#include "say.h"

#include <gmp.h>
#include <stdbool.h>
#include <stdio.h>

/*
** Two checked models are compared by what their declarations are, never by
** where they are written (docs/diff.md):
**
** - the targets, thresholds and assessment levels in force, for each family ×
**   scope × owner of either version and for each span of notification dates
**   that an amendment of either version opens, resolved by the evaluator's own
**   eval_resolve: a rule moved to another article, re-formatted, or written in
**   place of the amendment that set it, changes no figure;
** - targets of hires, by scope × owner × nature × date (they are assessed
**   at their own scope, not inherited);
** - families, categories, scopes, publics, eligibility, counting rules,
**   indicators, governance, the schema's columns, amendments and article
**   titles, each by its identifier.
**
** Each change says its path, the old and new values, the articles involved
** and its effect. With data, both versions are evaluated by the evaluator on
** the same rows (runtime/eval.h) and the figures that differ are listed, each
** contract with the changes that moved it (diff_causes.c).
*/

typedef enum { DIFF_NEUTRAL, DIFF_STRICTER, DIFF_LESS_STRICT, DIFF_UNDETERMINED } DiffEffect;
#define DIFF_NEFFECTS 4

/* "neutre", "plus_strict", "moins_strict", "indetermine": the identifiers of JSON. */
const char *diff_effect_id(DiffEffect e);
/* "plus strict" / "stricter"… */
const char *diff_effect_label(DiffEffect e, bool english);

typedef enum {
    DIFF_V_NONE,       /* absent: no such rule, declaration or value */
    DIFF_V_RATE,       /* num: a fraction, shown as a percent */
    DIFF_V_HOURS,      /* num: hours */
    DIFF_V_EUROS,      /* num: € */
    DIFF_V_EUROS_PER_HOUR,
    DIFF_V_MONTHS,     /* num: months (0: no limit) */
    DIFF_V_NUMBER,     /* num: a count */
    DIFF_V_DATE,       /* date */
    DIFF_V_WORD,       /* id (machine) and words (people) */
    DIFF_V_CONFLICT    /* two rules of equal rank: nothing in force */
} DiffValueKind;

typedef struct DiffValue {
    DiffValueKind kind;
    mpq_ptr num;
    Date date;
    const char *id;
    Say words;
} DiffValue;

typedef struct DiffChange {
    const char *subject;     /* "regle", "embauches", "famille", "perimetre", "categorie", "eligibilite", "comptage",
                                "public", "indicateur", "gouvernance", "colonne", "avenant", "article", "charte" */
    const char *name;        /* the declaration's identifier (family, public, modality, "avenant 1"…); NULL for rules */
    const char *family, *scope, *owner, *nature;   /* rules: the class the change is about */
    const char *field;       /* "objectif", "seuil", "niveau", "article", "part_mo"…: stable, for JSON */
    Say field_words;
    bool has_period;         /* rules: the notification dates it concerns */
    Date from, to;           /* DATE_NONE: from the start / with no end */
    DiffValue old, new_;
    const char **articles;   /* where the old and the new values are set, each once, old first */
    int narticles;
    const char **amendments; /* of those, the amendments ("avenant 3", Prov.item), each once: what carries the change */
    int namendments;
    DiffEffect effect;
    Say why;                 /* why this effect, in a few words (empty: obvious) */
    bool uncounted;          /* an amendment added, removed or moved: listed for where the rule changes come from,
                                not counted, since its effect is theirs and they are counted (docs/diff.md) */
} DiffChange;

/* The figures of one contract, pool or hires target in one version. */
typedef struct DiffFigures {
    bool present;
    const char *status;      /* eval_status_id / eval_hires_status_id */
    Say status_words;
    mpq_ptr rate, threshold, target, counted;   /* hires: rate, target hires, eligible hires */
} DiffFigures;

/* Why a contract's figures differ (docs/diff.md, "Ce qui a fait bouger un marché"). */
typedef struct DiffCause {
    const char *kind;        /* "regle": a rule in force for it; outside the rules section: "periode", "heures_base",
                                "heures_comptees", "plafond", "arrondi", "plancher", "autre" (none of these: unnamed) */
    int change;              /* "regle": the index in DiffReport.changes of the change that applies, -1 when none names it */
    const char *field;       /* "regle": "objectif", "seuil" or "niveau" */
    const Prov *old_rule[2], *new_rule[2];   /* "regle": what sets the field for this contract in each version:
                                                none, one rule, or the two rules of a conflict */
    const char *name;        /* "plafond": the modality; "heures_base": the family */
} DiffCause;

typedef struct DiffItem {
    const char *id;          /* contract id, pool id, "scope/nature[/owner]" for hires */
    const char *family, *scope;
    DiffFigures old, new_;
    DiffCause *causes;       /* contracts in both versions: every cause found, rules first */
    int ncauses;
} DiffItem;

typedef struct DiffTotal {
    const char *key;         /* family or scope id; "" for all contracts */
    const char *name;        /* scope name, NULL otherwise */
    bool present_old, present_new;
    int contracts_old, contracts_new, met_old, met_new;
    mpq_ptr target_old, target_new, counted_old, counted_new;   /* 0 when absent */
} DiffTotal;

typedef struct DiffReport {
    bool english;
    const char *old_path, *new_path;
    const char *old_title, *new_title;
    const char *old_digest, *new_digest;   /* model_digest of each: the texts a reviewer holds the comparison to */
    const char *territory;

    DiffChange *changes;     /* sorted: subject order, then path */
    int nchanges;            /* listed, the uncounted ones included */
    int ncounted;            /* the summary's count: the changes but the uncounted ones */
    int by_effect[DIFF_NEFFECTS];   /* of the counted changes */

    /* with data (diff_data) */
    bool has_data;
    const char *data_dir;
    Date au;
    int contracts_compared;
    DiffItem *contracts; int ncontracts;   /* those whose figures differ, by id */
    DiffItem *pools; int npools;
    DiffItem *hires; int nhires;
    DiffTotal all;
    DiffTotal *families; int nfamilies;    /* those whose totals differ */
    DiffTotal *scopes; int nscopes;
    EvalCounts counts_old[M_NTABLES], counts_new[M_NTABLES];
    bool counts_differ;
} DiffReport;

/* The rules and declarations of new compared with old. */
DiffReport *diff_build(const Model *old, const Model *new_, const char *old_path, const char *new_path, bool english);
/* true when both charters name a territory and not the same one (compared as owners are: case and accents aside). */
bool diff_territories_differ(const Model *old, const Model *new_);
/* Adds the evaluation of both versions on the same data (eval_finish done on both). */
void diff_data(DiffReport *d, const EvalRun *old, const EvalRun *new_, const char *data_dir);
/* true when the data figures differ anywhere. */
bool diff_data_changed(const DiffReport *d);

/* --fail-on: which changes fail the run (exit 1). */
typedef enum { DIFF_FAIL_ANY, DIFF_FAIL_EFFECT, DIFF_FAIL_LESS_STRICT, DIFF_FAIL_NEVER } DiffFailOn;
/* "tout"/"any", "effet"/"effect", "moins-strict"/"less-strict", "jamais"/"never". */
bool diff_parse_fail_on(const char *s, DiffFailOn *out);
bool diff_fails(const DiffReport *d, DiffFailOn level);

typedef enum { DIFF_TEXT, DIFF_JSON, DIFF_MD } DiffFormat;
/* "text", "json", "md" (also "markdown"). */
bool diff_parse_format(const char *s, DiffFormat *out);
void diff_write(const DiffReport *d, DiffFormat f, FILE *out);

#endif
