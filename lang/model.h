/* lang/model.h: the resolved charter that the checker builds and the evaluator runs (scopes, families, rules, counting, schema). */
#ifndef CHARTE_MODEL_H
#define CHARTE_MODEL_H

#include "ast.h"
#include "idmap.h"
#include "date.h"
#include "source.h"

#include <gmp.h>
#include <stdbool.h>

/*
** A Model is the whole program after imports and checking: the local charter
** and everything it uses (stdlib/anru.charte first). Every figure the
** evaluator computes can be traced back through a Prov to an article or an
** amendment and a span in a source.
**
** Indices (int) point into the arrays of the Model; -1 means none.
** Rationals are mpq_t embedded in GC memory (see base/gc.h).
*/

typedef struct Prov {
    Source *src;
    Span span;               /* the declaration, table row or field */
    const char *item;        /* "article 4", "avenant 1" (as written: "article 8.2") */
    const char *item_title;  /* « Objectifs d'heures d'insertion » */
    bool amendment;
} Prov;

/* "article 4 « Objectifs d'heures d'insertion »" (French) or "article 4 …" (English). */
const char *model_prov_label(const Prov *p, bool english);

typedef struct MScope {
    const char *id;
    const char *name;
    AstLevel level;
    int parent;              /* -1 for the root (national) */
    int depth;               /* 0 for the root */
    Prov prov;
} MScope;

typedef struct MCategory {
    const char *id;
    const char *name;
    bool has_floor;
    mpq_t floor;             /* a fraction: 1/10 for 10 % */
    Prov prov, floor_prov;
} MCategory;

typedef struct MFamily {
    const char *id;
    const char *name;        /* « Nettoyage des parties communes », NULL when the charter gives none */
    int category;
    bool has_estimate;       /* both parameters declared */
    mpq_t part_mo;           /* part de main-d'œuvre: a fraction */
    mpq_t cout_horaire;      /* coût horaire: €/h */
    Prov prov;
} MFamily;

typedef enum { M_TARGET_SHARE_HOURS, M_TARGET_FIXED_HOURS, M_TARGET_SHARE_HIRES } MTargetKind;

/*
** One declaration that sets some fields of the rule for (scope, owner,
** family). A base rule (in an article) is in force from the start
** (from == DATE_NONE); an amendment's rule from its date. Resolution, per
** field, for a contract: among rules whose scope is on the contract's scope
** chain, whose owner is NULL or equals the contract's maître d'ouvrage, in
** force at its notification date, and that set the field: the most specific
** wins (deeper scope; at equal depth an owner-restricted rule beats an
** unrestricted one at the same scope; a restricted rule at a broader scope
** and an unrestricted one at a narrower scope are incomparable: a conflict).
** At the same (scope, owner, family), the latest `from` wins; two rules with
** the same key and the same `from` that set the same field are a conflict.
*/
typedef struct MRule {
    /* The small fields first, without the holes between them: 25 000 rules
    ** of 288 bytes were 7.2 MB of a large check. */
    int scope;
    int family;              /* -1 for a hires target of a nature that is not a family */
    Date from;               /* DATE_NONE: base rule */
    int amendment;           /* index into Model.amendments, -1 for a base rule */
    MTargetKind kind;
    AstPool pool;            /* where the target is assessed: per contract, or pooled */
    bool has_target;
    bool has_threshold;
    const char *owner;       /* maître d'ouvrage restriction, NULL if none */
    const char *nature;      /* hires targets: the family's id, or a MODEL_HIRE_NATURES entry */
    Prov pool_prov;          /* the declaration that pools it (its `mutualisé`) */
    mpq_t target;            /* fraction for shares, hours for fixed */
    Prov target_prov;
    mpq_t threshold;         /* € */
    Prov threshold_prov;
    Prov prov;               /* the whole rule (line or table row) */
} MRule;

typedef struct MAmendment {
    const char *number;
    const char *title;
    Date from;
    const char *amends;      /* modifie l'article N, or NULL */
    Prov prov;
} MAmendment;

typedef struct MPublic {
    const char *id;
    const char *name;
    AstExpr *pred;           /* checked boolean expression over participant columns */
    Prov prov;
} MPublic;

typedef enum {
    M_COL_ID, M_COL_TEXT, M_COL_CHOICE, M_COL_DATE, M_COL_MONTH, M_COL_INT, M_COL_BOOL,
    M_COL_AMOUNT, M_COL_HOURS, M_COL_NUMBER, M_COL_RATE, M_COL_FAMILY, M_COL_SCOPE, M_COL_REF
} MColType;

typedef struct MColumn {
    const char *name;        /* as declared: "montant_ht" */
    const char *key;         /* headers_key(name): what headers are matched against */
    const char **headers;    /* colonne « … »: the export's own names for it, as written */
    const char **header_keys;   /* headers_key of each */
    Prov *header_prov;       /* where each is written */
    int nheaders;
    MColType type;
    const char **choices;    /* M_COL_CHOICE */
    int nchoices;
    bool has_min, has_max;   /* M_COL_INT bounds */
    mpq_t min, max;
    int ref_table;           /* M_COL_REF: index into Model.tables */
    bool required;
    bool has_default;
    Value default_value;
    bool personal;           /* a participant attribute: never printed */
    Prov prov;
} MColumn;

/* The standard tables, in this order. The first three are always present in a
** checked model; embauches (hires) is optional: a charter whose schema does not
** declare it has no hires, and an absent embauches file means no hires data. */
enum { M_TABLE_MARCHES = 0, M_TABLE_PARTICIPANTS = 1, M_TABLE_HEURES = 2, M_TABLE_EMBAUCHES = 3, M_NTABLES = 4 };

/* The natures of a hire that are not contract families (issue's national list):
** hires for the project's engineering, its support actions, running facilities. */
#define MODEL_NHIRE_NATURES 3
extern const char *const model_hire_natures[MODEL_NHIRE_NATURES];
/* The index in model_hire_natures of id (exact), -1 when not one. */
int model_hire_nature_index(const char *id);
/* true when the target of r is a share of hires (evaluated apart from hours). */
bool model_rule_is_hires(const MRule *r);
/* true when a and r set the same hires target: one nature, one scope, one owner (owners
** compared as evaluation compares them, blind to case and accents). */
bool model_same_hires_target(const MRule *a, const MRule *r);
/* A text naming r's hires target: two rules have the same key exactly when
** model_same_hires_target says they set the same target (for an IdMap of targets seen). */
const char *model_hires_target_key(const MRule *r);
/* Two maître d'ouvrage restrictions name the same owner: both none, or the same name read
** case- and accent-blind, as evaluation, the checker and diff match them. */
bool model_same_owner(const char *a, const char *b);
/* The same key from its parts: a scope, a nature, an owner's utf8_key (NULL: no owner). */
const char *model_hires_key(int scope, const char *nature, const char *owner_key);

typedef struct MTable {
    const char *name;        /* "marches", "participants", "heures" */
    MColumn *columns;
    int ncolumns;
    int id_column;           /* the M_COL_ID column, -1 for heures */
} MTable;

/* Column indices of the standard schema that the evaluator relies on
** (checked to exist with the right types; -1 when optional and absent). */
typedef struct MStdColumns {
    int m_id, m_label, m_family, m_owner, m_scope, m_amount, m_notified, m_hours_worked;
    int p_id, p_sex, p_birth, p_qpv, p_entry;
    int h_contract, h_participant, h_month, h_hours, h_modality;
    int e_id, e_owner, e_scope, e_date, e_nature, e_contract, e_participant, e_kind, e_months;
} MStdColumns;

typedef struct MCap {
    const char *modality;    /* a choice of heures.modalite */
    mpq_t share;             /* fraction of the contract's target hours */
    Prov prov;
} MCap;

typedef struct MIndicator {
    const char *id;
    const char *name;
    AstIndicatorKind kind;   /* count or share of participants */
    AstExpr *where;          /* NULL: all participants counted in the period */
    const char *by;          /* NULL, "public", or a participant column name */
    int by_column;           /* index in participants, -1 */
    bool has_target;
    mpq_t target;            /* fraction (share) or count */
    Prov prov;
} MIndicator;

typedef struct MGovernance {
    const char *committee;   /* NULL if none declared */
    int committee_scope;     /* -1 if none */
    const char *pilot;
    const char *reporting;   /* "semestriel"… */
    Prov committee_prov, pilot_prov, reporting_prov;
} MGovernance;

typedef struct Model {
    AstCharter *main;        /* the charter given on the command line */
    AstCharter **modules;    /* every charter loaded, imports first, main last */
    int nmodules;

    const char *title;
    Date valid_from, valid_to;  /* DATE_NONE when not declared */
    /* (The charter's version is model_digest's, worked out when a report asks.) */

    MScope *scopes;          int nscopes;
    MCategory *categories;   int ncategories;
    MFamily *families;       int nfamilies;
    IdMap scope_ids, family_ids;  /* id -> index (model_index), for model_scope_index and model_family_index */
    MRule *rules;            int nrules;
    /* The rules grouped by family, then by scope, each group in the charter's order
    ** (model_index, once the rules are all known): a resolution reads the few rules
    ** of its family on its scope's chain, not every rule of the charter. */
    int *rule_order;         /* the nrules indices into rules */
    int *family_start;       /* nfamilies + 2 offsets into rule_order: family f at f + 1, family -1 at 0 */
    MAmendment *amendments;  int namendments;
    MPublic *publics;        int npublics;
    AstExpr *eligible;       /* boolean expression, NULL: everyone eligible */
    Prov eligible_prov;
    MTable tables[M_NTABLES];
    bool has_hires_table;    /* the schema declares embauches */
    MStdColumns std;

    /* counting */
    int elig_months;         /* 0: no limit */
    Prov elig_prov;
    bool *modality_counted;  /* per choice of heures.modalite */
    bool modalities_declared;
    Prov modalities_prov;
    MCap *caps;              int ncaps;
    bool has_rounding;
    AstRounding rounding;    /* of target hours, to the whole hour */
    Prov rounding_prov;

    MIndicator *indicators;  int nindicators;
    int secrecy_k;           /* small-count threshold (stdlib: 11) */
    Prov secrecy_prov;
    MGovernance gov;
} Model;

/* The scopes in the order of their tree: each root, then the scopes inside it, each
** followed by its own, children in the order of declaration (a scope on a cycle is not
** reached); their count, the indices in order (nscopes + 1 entries). */
int model_scopes_in_tree_order(const Model *m, int *order);
int model_scope_index(const Model *m, const char *id);
int model_family_index(const Model *m, const char *id);
int model_column_index(const MTable *t, const char *name);
/* true when scope a is b or lies inside b. */
bool model_scope_within(const Model *m, int a, int b);
/* The rule of first's hires target in force for the hires dated day: its latest rule
** whose date has come (runtime/eval_hires.c: each hire takes the rate in force at its own
** date; DATE_NONE, a base rule, is the smallest date); NULL when none has come. */
const MRule *model_hires_rule_at(const Model *m, const MRule *first, Date day);
/* A target of hires: the rules that set it (one nature, one scope, one owner as
** model_same_hires_target compares them), in the charter's order. */
typedef struct MHiresTarget {
    const MRule **rules;
    int nrules;
} MHiresTarget;
/* m's hires targets, in the order of their first rule, in one pass over the rules (grouped
** by model_hires_target_key): their count, the array in *out (NULL when none). */
int model_hires_targets(const Model *m, MHiresTarget **out);
/* The rule of t in force for the hires dated day, as model_hires_rule_at says it. */
const MRule *model_hires_target_at(const MHiresTarget *t, Date day);
/* Builds m's indexes: scopes and families by id, rules by family and scope (two stable
** counting sorts: linear in the rules, the scopes and the families). The checker calls it
** once its rules are built; a model whose scopes, families or rules change is indexed
** again (a model built by hand and never indexed is scanned by id, and has no rule). */
void model_index(Model *m);
/* The rules of family (-1: the hires targets of a nature that is not a family), by
** scope and, at one scope, in the charter's order: their count, their indices in *rules. */
int model_family_rules(const Model *m, int family, const int **rules);
/* The rules of family at scope, in the charter's order. */
int model_rules_at(const Model *m, int family, int scope, const int **rules);
/* The rules of family at scope and at every scope above it, in the charter's order
** (the order in which a scan of all the rules meets them, which decides ties): the only
** rules that can apply to a contract of that family and scope. */
int model_rules_on_chain(const Model *m, int family, int scope, const int **rules);
/* Where a date falls against the charter's period (en vigueur du … au …):
** a bound not declared leaves its side open. */
typedef enum { MODEL_BEFORE_PERIOD = -1, MODEL_IN_PERIOD = 0, MODEL_AFTER_PERIOD = 1 } ModelPeriodSide;
ModelPeriodSide model_period_side(const Model *m, Date d);
/* The charter's version: SHA-256 (64 hex digits) of the text of every
** module, in load order, so that a report names exactly the text it was
** computed from (the national charter included), whatever path it was given
** by and whatever its line ends (model.c says what is left out); NULL for a
** model with no module. Worked out at each call (2 M instructions for the AMP charter),
** by the reports and the rendering that print it, once each. */
const char *model_digest(const Model *m);
/* The version as people read it beside a document or a report: the digest's
** first MODEL_VERSION_DIGITS digits (as a commit is named by its first
** digits); NULL for NULL. It takes the digest, not the model, so that a
** writer that shows both hashes the modules once. */
#define MODEL_VERSION_DIGITS 12
const char *model_version(const char *digest);

#endif
