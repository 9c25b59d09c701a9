/* lang/checker.h: the state that one run of the checker shares between its passes, and its helpers (reports, names, provenance). */
#ifndef CHARTE_CHECKER_H
#define CHARTE_CHECKER_H

#include "ast.h"
#include "diag.h"
#include "model.h"
#include "idmap.h"
#include "types.h"
#include "vocab.h"

#include <stdbool.h>

/*
** check_program (lang/check.c) runs the passes in this order, each in its own
** file: module (imports), declare (one walk over every declaration: names,
** articles, amendments, tables sorted by what they declare), schema (données),
** scopes, families (categories, floors, families), expr (constants, publics,
** éligible: typing and folding), rules (targets: floors, conflicts, gaps,
** amendments), counting, governance, examples, and last accept (the warnings
** the charter accepts, lang/accept.h). Everything lives in one
** Checker: nothing is global, so the checker can run many times in a process.
*/

typedef enum {
    CHECKER_SCOPE, CHECKER_CATEGORY, CHECKER_FAMILY, CHECKER_PUBLIC, CHECKER_CONSTANT,
    CHECKER_INDICATOR, CHECKER_NKINDS
} CheckerKind;

/* Where a declaration is written. */
typedef struct CheckerSite {
    int module;              /* index into Model.modules */
    AstItem *item;           /* its article or amendment */
    int amendment;           /* index into Model.amendments, -1 in an article */
} CheckerSite;

typedef struct CheckerDecl {
    AstDecl *decl;
    CheckerSite site;
    int *roles;              /* a table: the role of each header column (CheckerRole) */
} CheckerDecl;

/* What a table column gives (lang/declare.c decides from the header). */
typedef enum {
    CHECKER_COL_NONE, CHECKER_COL_FAMILY, CHECKER_COL_CATEGORY, CHECKER_COL_PART_MO,
    CHECKER_COL_COUT_HORAIRE, CHECKER_COL_SCOPE, CHECKER_COL_LEVEL, CHECKER_COL_NAME,
    CHECKER_COL_PARENT, CHECKER_COL_SHARE, CHECKER_COL_THRESHOLD, CHECKER_COL_OWNER
} CheckerRole;

/* Where a name was first declared, for the note of a duplicate. */
typedef struct CheckerPlace {
    Source *src;
    Span span;
} CheckerPlace;

typedef struct CheckerDecls {
    CheckerDecl *items;
    int len;
    int lines;               /* the lines they declare: one each, a table's rows */
} CheckerDecls;

typedef enum { CHECKER_TODO, CHECKER_BUSY, CHECKER_DONE } CheckerState;

typedef struct CheckerConstant {
    const char *name;
    AstDecl *decl;
    CheckerSite site;
    CheckerState state;      /* guards against a constant defined through itself */
    bool used;
    const Type *type;
    Value value;             /* VAL_NULL when it could not be folded */
} CheckerConstant;

typedef struct CheckerPublic {
    CheckerState state;
    bool used;
    CheckerSite site;
    AstDecl *decl;
} CheckerPublic;

/* One module as loaded. */
typedef struct CheckerModule {
    AstCharter *ast;
    bool std;                /* a standard library module (utilise anru) */
    const char *key;         /* "std:anru" or the real path: identity for cycles */
} CheckerModule;

/* A short number literal already read: its text, its unit, its shared value. */
typedef struct CheckerLiteralSeen {
    char text[24];
    LexUnit unit;
    mpq_ptr value;
} CheckerLiteralSeen;

typedef struct Checker {
    DiagList *dl;
    bool english;            /* keywords quoted in messages: English aliases */
    Model *m;
    unsigned errors_at_start;
    unsigned diags_at_start; /* the first diagnostic of this check in dl (lang/accept.c) */

    CheckerModule *modules;  /* parallel to Model.modules */
    int nmodules, main_module;

    IdMap names[CHECKER_NKINDS];
    int family_next;         /* the family after the last one families_resolve found: tried first */
    CheckerPlace *places[CHECKER_NKINDS];
    IdMap columns[M_NTABLES];       /* per standard table: column key -> index */
    const Type **column_types[M_NTABLES];
    CheckerDecl *schema_decl[M_NTABLES];   /* the last données block of each table */

    CheckerConstant *constants;
    int nconstants;
    CheckerPublic *publics;  /* parallel to Model.publics */
    int *busy, nbusy;                                 /* constants being typed, innermost last */
    int *busy_publics, nbusy_publics;
    bool rules_incomplete;   /* a family or a target was dropped on an error: no gap report */
    CheckerSite *rule_sites; /* parallel to Model.rules */
    IdMap literals;          /* a number literal's scaled value (bytes) -> index in literal_values */
    mpq_ptr *literal_values; /* one shared rational per distinct literal value */
    int nliterals;
    /* The literals last read, by text and unit, a slot per hash: the same
    ** few figures written 100 000 times are parsed once each, not at every
    ** line (checker_number_literal). */
    CheckerLiteralSeen literals_seen[32];

    /* Declarations sorted by kind during the declare pass, in source order.
    ** Tables go with what they declare: decls[AST_D_SCOPE], [AST_D_FAMILY]
    ** or [AST_D_TARGET] (their decl->kind stays AST_D_TABLE). */
    CheckerDecls decls[AST_D_ERROR + 1];
    bool syntax_errors;      /* the main file did not parse whole: its valid lines are still checked */
} Checker;

CheckerDecl *checker_decls_push(CheckerDecls *l, AstDecl *d, CheckerSite site);
/* How many lines l declares: one per declaration, one per row of a table. An
** array of what they declare is grown to that once, rather than doubled and
** copied along (25 000 rules of 288 bytes). */
int checker_decls_lines(const CheckerDecls *l);

/* ---- reports -------------------------------------------------------------------------- */

Source *checker_src(const Checker *ck, int module);
/* Build msg with say or SAYF, which check formats. */
Diag *checker_report(Checker *ck, DiagSeverity sev, const char *code, int module, Span span, Say msg);
Diag *checker_report_at(Checker *ck, DiagSeverity sev, const char *code, Source *src, Span span, Say msg);
/* A note on d; nothing when d is NULL (a report that was not made). */
void checker_note(Diag *d, Source *src, Span span, Say msg);
/* A word of the language (lang/vocab.def) as the charter spells its keywords,
** French or English; checker_words joins two with a space. */
const char *checker_word(const Checker *ck, VocabId id);
const char *checker_words(const Checker *ck, VocabId first, VocabId second);

/* " ; vouliez-vous dire « X » ?" / "; did you mean “X”?", or "" when no name
** is within two edits of name. Candidates: the keys of map, or an array. */
const char *checker_suggest_in_map(const IdMap *map, const char *name, bool english);
const char *checker_suggest_in(const char *const *names, int n, const char *name, bool english);
/* The name of names nearest to name as checker_suggest_in chooses it, NULL when none is near. */
const char *checker_nearest_in(const char *const *names, int n, const char *name);
/* " ; vouliez-vous dire « meant » ?" / "; did you mean “meant”?", "" when meant is NULL. */
const char *checker_did_you_mean(const char *meant, bool english);

/* ---- names and provenance -------------------------------------------------------------- */

int checker_lookup(const Checker *ck, CheckerKind kind, const char *name);
/* Registers name as the next index of its kind (declared at span in site's
** module); when it already exists, reports C0202 with a note at the first
** declaration and returns false. */
bool checker_declare(Checker *ck, CheckerKind kind, const char *name, int index,
                     int module, Span span);
const char *checker_kind_name(CheckerKind kind, bool english);
/* Starts loading the place of name (NULL: nothing) in the names of kind, for a
** pass that looks it up CHECKER_AHEAD declarations later: the names of a
** large charter are larger than the cache. */
void checker_prefetch_name(const Checker *ck, CheckerKind kind, const char *name);
#define CHECKER_AHEAD 16

Prov checker_prov(const Checker *ck, CheckerSite site, Span span);
/* "article 4 « Objectifs »" for messages. */
const char *checker_site_label(const Checker *ck, CheckerSite site, bool english);
bool checker_site_is_std(const Checker *ck, CheckerSite site);

/* utf8_key of an identifier. */
const char *checker_key(const char *s);

/* ---- numbers and values for messages --------------------------------------------------- */

/* "10 %", "40 000 €", "24 mois": a folded value of type t, as a French (or
** English) reader writes it. */
const char *checker_format_value(Value v, const Type *t, bool english);
/* The value of a number literal (a fraction for %, months for years, days
** for weeks) and its type; false when the text is not a number (reported). */
bool checker_number_literal(Checker *ck, int module, AstExpr *e);
/* A figure of the model (a rule's target, a family's labour share) that reads
** a checked value's rational in place: GMP's read-only view (mpz_roinit_n) of
** its limbs, no copy. Right because a value's rational is never mutated once
** shared (base/value.h) and nothing writes a model's figure once checked.
** v NULL: zero. */
void checker_view_num(mpq_ptr dst, mpq_srcptr v);

/* The cell of a table row that plays a role (NULL when none); a row of the
** wrong length is reported elsewhere, its cells still count where they are. */
AstExpr *checker_cell(const AstRow *row, const int *roles, int n, CheckerRole role);
/* The text of a name or string cell, NULL otherwise. */
const char *checker_cell_name(const AstExpr *e);

#endif
