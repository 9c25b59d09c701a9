/* lang/ast.h: the syntax tree of a charter, as written (GC nodes with spans; no meaning decided here). */
#ifndef CHARTE_AST_H
#define CHARTE_AST_H

#include "gc.h"
#include "say.h"
#include "source.h"
#include "value.h"

#include <stdbool.h>
#include <stdio.h>

/*
** The parser builds this tree and decides nothing about meaning: a table is
** kept as header + rows whatever its columns, a field is kept as key + value
** whatever the declaration it belongs to. The checker (lang/check.c) gives
** the tree its meaning and fills the few annotation slots marked "checker".
**
** Every node has a Span into its Source; comments are kept beside the tree
** (AstCharter.comments) so that a formatter can put them back.
*/

typedef struct AstList {
    void **items;
    int len;
    int cap;                 /* room in items, which ast_list_push cut from an arena */
} AstList;

/* Appends item, growing the list in the arena a (base/gc.h; NULL: blocks of their own). */
void ast_list_push(RtArena *a, AstList *l, void *item);
#define AST_AT(l, T, i) ((T *)(l).items[(i)])

/* Units written after a number literal ("10 %", "25 €/h", "24 mois"). */
typedef enum {
    LEX_UNIT_NONE, LEX_UNIT_PERCENT, LEX_UNIT_EUR, LEX_UNIT_HOUR, LEX_UNIT_EUR_PER_HOUR,
    LEX_UNIT_DAY, LEX_UNIT_WEEK, LEX_UNIT_MONTH, LEX_UNIT_YEAR
} LexUnit;

/*
** Keys: the fixed words that label a field, a table column or an example
** field. Word-for-word the same in both keyword languages; AST_KEY_WORD is a
** plain identifier (its text is in the node). AST_KEY_X is the keyword X of
** lang/vocab.def, which spells it.
*/
typedef enum {
    AST_KEY_WORD,            /* an identifier: montant_ht, qpv, atteint… */
    AST_KEY_FAMILLE, AST_KEY_CATEGORIE, AST_KEY_PERIMETRE, AST_KEY_PART_MO,
    AST_KEY_COUT_HORAIRE, AST_KEY_PART_DES_HEURES, AST_KEY_HEURES, AST_KEY_SEUIL,
    AST_KEY_OBJECTIF, AST_KEY_DANS, AST_KEY_MARCHE, AST_KEY_PARTICIPANT, AST_KEY_PUBLIC,
    AST_KEY_AVENANT
} AstKey;

/* ---- expressions ---------------------------------------------------------------------- */

typedef enum {
    AST_E_NUMBER,     /* num.text (as written, e.g. "40 000", "12,5"), num.unit */
    AST_E_DATE,       /* text: "2023-01-01" or "01/01/2023" */
    AST_E_MONTH,      /* text: "2024-03" or "03/2024" */
    AST_E_STRING,     /* text: decoded string content */
    AST_E_NAME,       /* text: NFC identifier */
    AST_E_BOOL,       /* boolean */
    AST_E_UNARY,      /* op (NOT, NEG), lhs */
    AST_E_BINARY,     /* op, lhs, rhs */
    AST_E_KNOWN,      /* lhs renseigné / connu */
    AST_E_ERROR       /* placeholder after a syntax error */
} AstExprKind;

typedef enum {
    AST_OP_OR, AST_OP_AND, AST_OP_NOT, AST_OP_NEG,
    AST_OP_ADD, AST_OP_SUB, AST_OP_MUL, AST_OP_DIV,
    AST_OP_EQ, AST_OP_NE, AST_OP_LT, AST_OP_LE, AST_OP_GT, AST_OP_GE
} AstOp;

/* What a name in an expression refers to (checker). */
typedef enum {
    AST_REF_NONE, AST_REF_COLUMN, AST_REF_PUBLIC, AST_REF_CONSTANT, AST_REF_AGE, AST_REF_CHOICE
} AstRefKind;

typedef struct AstExpr AstExpr;
/* 72 bytes, not 80: the flag beside the depth instead of in a word of its own
** (100 000 expressions in a charter of 50 000 lines). */
struct AstExpr {
    AstExprKind kind;
    Span span;
    int depth : 24;          /* height of the tree below: bounded by the parser (200) */
    bool is_constant : 1;    /* checker: a literal, or folded into value */
    union {
        struct { const char *text; LexUnit unit; } num;
        const char *text;
        bool boolean;
        struct { AstOp op; AstExpr *lhs, *rhs; } op;
    } u;
    /* checker annotations */
    AstRefKind ref;          /* for AST_E_NAME */
    int ref_index;           /* column / public / constant index */
    Value value;             /* literal value, or constant folded value */
    const void *type;        /* lang/types.h Type*, set by the checker */
};

/* ---- fields, tables, types --------------------------------------------------------------- */

/* "part de main-d'œuvre 80 %", "seuil 40 000 €", example "montant_ht 100 000 €", "rsa". */
typedef struct AstField {
    AstKey key;
    const char *word;        /* text of the key as written */
    Span key_span;
    AstExpr *value;          /* NULL for a bare word ("rsa", "atteint") */
    Span span;
} AstField;

typedef struct AstHeader {
    AstKey key;
    const char *word;        /* text as written */
    Span span;
} AstHeader;

typedef struct AstRow {
    Span span;
    AstList cells;           /* AstExpr*, NULL for an empty cell */
    AstList headers;         /* AstHeader*: a header line among the rows (a table glued below) */
} AstRow;

/* A data-schema type: "texte", "choix (F, H)", "entier entre 1 et 8",
** "référence marches", "famille", "périmètre". */
typedef struct AstType {
    const char *name;        /* NFC word: "texte", "entier", "booléen", "famille"… */
    AstKey key;              /* AST_KEY_WORD, or FAMILLE/PERIMETRE/HEURES when a keyword */
    Span span;
    AstList choices;         /* AstExpr* (names or strings) for choix (…) */
    const char *ref_table;   /* for référence X */
    Span ref_span;
    AstExpr *min, *max;      /* for entier entre A et B */
} AstType;

typedef struct AstColumn {
    const char *name;
    Span span;
    AstType *type;
    bool optional, required;     /* facultatif / obligatoire as written */
    AstExpr *default_value;      /* par défaut … (AST_E_BOOL for oui/non) */
    Span default_span;
    AstList headers;             /* AstExpr* (AST_E_STRING): colonne « … », the export's names */
} AstColumn;

/* ---- declarations ------------------------------------------------------------------------- */

typedef enum {
    AST_D_SCOPE,          /* périmètre ID : LEVEL « nom » [dans ID] */
    AST_D_CATEGORY,       /* catégorie ID « nom » */
    AST_D_FLOOR,          /* plancher ID : EXPR [des heures travaillées] */
    AST_D_FAMILY,         /* famille ID : ID_CATEGORY {, field} */
    AST_D_PUBLIC,         /* public ID [« nom »] : EXPR */
    AST_D_ELIGIBLE,       /* éligible : EXPR */
    AST_D_ELIGIBLE_AUSSI, /* éligible aussi : EXPR (widens éligible) */
    AST_D_ELIGIBLE_SEULEMENT_SI, /* éligible seulement si : EXPR (narrows éligible) */
    AST_D_CONSTANT,       /* constante ID : EXPR */
    AST_D_TARGET,         /* objectif [mutualisé [par maître d'ouvrage]] à l'échelle ID [pour le maître d'ouvrage S] : ID EXPR [des embauches] {, field} */
    AST_D_TABLE,          /* [objectifs à l'échelle ID [pour …] :] | … | */
    AST_D_ROUNDING,       /* heures objectif arrondies à l'heure supérieure|inférieure|la plus proche */
    AST_D_ELIG_PERIOD,    /* éligibilité valable N mois à compter de l'entrée */
    AST_D_MODALITIES,     /* modalités retenues : a, b, c */
    AST_D_CAP,            /* heures de ID retenues dans la limite de EXPR des heures objectif */
    AST_D_COMMITTEE,      /* comité de pilotage « nom » [à l'échelle ID] */
    AST_D_PILOT,          /* structure pilote « nom » */
    AST_D_REPORTING,      /* bilan ID (semestriel, annuel, trimestriel…) */
    AST_D_INDICATOR,      /* indicateur ID « nom » : nombre|part des participants [où EXPR] [par ID] [, objectif EXPR] */
    AST_D_SECRECY,        /* secret statistique : EXPR */
    AST_D_SCHEMA,         /* données ID { columns } */
    AST_D_APPLICABLE,     /* applicable aux marchés notifiés à partir du DATE */
    AST_D_AMENDS,         /* modifie l'article N */
    AST_D_AVERTISSEMENT_ACCEPTE, /* avertissement accepté CODE : « raison » (name: the code,
                                    extra->title: the reason) */
    AST_D_ERROR           /* a line that did not parse */
} AstDeclKind;

typedef enum { AST_LEVEL_NATIONAL, AST_LEVEL_INTERCOMMUNAL, AST_LEVEL_COMMUNE, AST_LEVEL_PROJET } AstLevel;
typedef enum { AST_ROUND_UP, AST_ROUND_DOWN, AST_ROUND_NEAREST } AstRounding;
typedef enum { AST_IND_COUNT, AST_IND_SHARE } AstIndicatorKind;
/* Where a target is assessed: per contract, pooled over its scope, or one pool per owner. */
typedef enum { AST_POOL_NONE, AST_POOL_SCOPE, AST_POOL_OWNER } AstPool;

/*
** The fields of the rarer kinds of declaration (scopes, tables, indicators,
** schemas, amendments…): apart from AstDecl, so that the two kinds that make
** nearly all the lines of a large charter, families and targets, take 128
** bytes each instead of 272 (50 000 of them in a charter of 50 000 lines:
** 7 MB less to clear and to fill).
*/
typedef struct AstDeclExtra {
    Span title_span;
    Span level_span;
    Span parent_span;
    Span by_span;
    Span article_span;
    const char *title;             /* « … » (scope name, category name, family name, public name,
                                      committee, pilot structure, indicator name, an
                                      accepted warning's reason) */
    const char *parent;            /* scope: dans ID; committee: à l'échelle ID */
    const char *by;                /* indicator: par ID ("public" for par public) */
    const char *article;           /* amends: modifie l'article N */
    struct AstExpr *date;          /* applicable … DATE */
    struct AstDecl *next_table;    /* table: the table written right below without a blank line */
    AstList headers;               /* table: AstHeader* */
    AstList rows;                  /* table: AstRow* */
    AstList names;                 /* modalities: AstExpr* (AST_E_NAME) */
    AstList columns;               /* schema: AstColumn* */
} AstDeclExtra;

/*
** One struct for every kind of declaration; which fields a kind uses is said
** beside each. The order is for the checker's passes, not for the reader:
** what families and targets (nearly all the lines of a large charter) use
** comes first, in two cache lines, and the small fields sit together without
** holes. The rest is in `extra`, which every declaration has: a family's and
** a target's is one shared, read-only, all-zero AstDeclExtra (ast_decl_in;
** a family with a name takes its own, ast_decl_own_extra),
** so that a reader may look at any field of any declaration, as before, and
** sees what an unset field held; a parser action that wrote into it would
** fault at once.
*/
typedef struct AstDecl {
    AstDeclKind kind;
    AstPool pool;                  /* target: objectif(s) mutualisé(s) [par maître d'ouvrage] */
    bool of_hires;                 /* target: … des embauches */
    bool glued;                    /* table: written right below another table without a blank
                                      line: its header line is an error */
    AstLevel level;                /* scope */
    AstRounding rounding;          /* rounding */
    AstIndicatorKind indicator;    /* indicator */
    Span span;                     /* the whole declaration */
    Span name_span;
    Span ref_span;
    Span scope_span;
    Span pool_span;
    const char *name;              /* the declared ID (scope, category, family, public, constant,
                                      indicator, schema table, floor's category, cap's modality,
                                      reporting periodicity), NFC */
    const char *ref;               /* family: its category; target: its family */
    const char *scope;             /* target, table: objectif(s) à l'échelle ID */
    AstExpr *owner;                /* target, table: pour le maître d'ouvrage « … » (string) or NULL */
    AstExpr *expr;                 /* floor, public, éligible, constant, target value,
                                      cap share, secrecy, indicator "où" filter,
                                      eligibility period (its duration) */
    AstList fields;                /* AstField*: family, target, indicator (objectif) */
    AstDeclExtra *extra;           /* the other kinds' fields (above); never NULL */
} AstDecl;

/* ---- examples ---------------------------------------------------------------------------- */

/* AST_X_ROW: a row of a table named by its first word (`embauche E1 : …`); which table the
** word names is the checker's to decide (examples_line_table). */
typedef enum { AST_X_CONTRACT, AST_X_PARTICIPANT, AST_X_HOURS, AST_X_EXPECT, AST_X_ERROR, AST_X_ROW } AstExampleLineKind;

typedef struct AstExampleLine {
    AstExampleLineKind kind;
    Span span;
    AstExpr *id;                   /* marché ID / participant ID / attendu ID (name or string) */
    AstList fields;                /* AstField* */
    const char *word;              /* AST_X_ROW: its first word; AST_X_EXPECT: the word before
                                      the id (`attendu embauches « bm/travaux »`), or NULL */
    Span word_span;
} AstExampleLine;

/* ---- top level --------------------------------------------------------------------------- */

typedef enum { AST_ITEM_USE, AST_ITEM_ARTICLE, AST_ITEM_AMENDMENT, AST_ITEM_EXAMPLE } AstItemKind;

typedef struct AstItem {
    AstItemKind kind;
    Span span;                     /* the whole item */
    Span head_span;                /* its first line */
    /* use */
    const char *module;            /* utilise anru: "anru"; utilise « x.charte »: the path */
    bool module_is_path;
    Span module_span;
    /* article / amendment / example */
    const char *number;            /* "4", "8.2" (text as written) */
    Span number_span;
    const char *title;
    Span title_span;
    AstList decls;                 /* AstDecl* (article, amendment) */
    AstExpr *as_of;                /* example: au DATE */
    AstList lines;                 /* AstExampleLine* (example) */
    const char *label;             /* checker: "article 4", "avenant 1", shared by every Prov of the item */
} AstItem;

typedef struct AstComment {
    Span span;                     /* from "--" to the end of the line */
} AstComment;

typedef struct AstCharter {
    Source *src;
    Span span;
    const char *title;             /* charte « … » */
    Span title_span;
    const char *territory;         /* territoire « … » */
    Span territory_span;
    const char *reference;         /* référence « … » */
    Span reference_span;
    AstExpr *valid_from, *valid_to;  /* en vigueur du D au D */
    Span validity_span;
    AstExpr *signed_on;            /* signée le D */
    AstList items;                 /* AstItem* */
    AstList comments;              /* AstComment*, in source order */
    bool english;                  /* true when the header keyword was the English one */
    bool incomplete;               /* reading stopped before the end (a limit, too many errors) */
} AstCharter;

/* ---- constructors (GC) --------------------------------------------------------------------- */

/* The parser's: nodes cut from its arena (base/gc.h; NULL: a block each). */
AstExpr *ast_expr_in(RtArena *a, AstExprKind kind, Span span);
AstExpr *ast_binary_in(RtArena *a, AstOp op, AstExpr *lhs, AstExpr *rhs);
AstExpr *ast_unary_in(RtArena *a, AstOp op, AstExpr *operand, Span span);
AstField *ast_field_in(RtArena *a, AstKey key, const char *word, Span key_span, AstExpr *value);
AstDecl *ast_decl_in(RtArena *a, AstDeclKind kind, Span span);
/* D's own extra, zeroed, in place of the shared one (a family that is given a name). */
void ast_decl_own_extra(RtArena *a, AstDecl *d);
AstItem *ast_item_in(RtArena *a, AstItemKind kind, Span span);
/* Everyone else's (the checker, tests): a block each. */
AstExpr *ast_expr(AstExprKind kind, Span span);
AstExpr *ast_binary(AstOp op, AstExpr *lhs, AstExpr *rhs);
Span span_join(Span a, Span b);

/* Names for messages and --dump-ast. */
const char *ast_key_name(AstKey key, bool english);
const char *ast_level_name(AstLevel level, bool english);
/* The level at which a target is assessed (per contract, pooled, pooled per contracting
** authority): the one wording of render, diff and the hover, and the stable key diff's JSON
** gives it. */
Say ast_pool_words(AstPool pool);
const char *ast_pool_key(AstPool pool);
const char *ast_decl_kind_name(AstDeclKind kind);
const char *ast_op_text(AstOp op);

/* Prints the tree as an indented outline (charte check --dump-ast). */
void ast_dump(const AstCharter *c, FILE *out);

#endif
