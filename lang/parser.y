/* lang/parser.y: the pure grammar of charte: builds the syntax tree, recovers from errors, decides nothing about meaning. */
%require "3.8"
%define api.pure full
%define api.prefix {parse_yy}
%define api.token.prefix {TOK_}
%define api.location.type {Span}
%define parse.error custom
%define parse.lac full
%locations
/* Four shift/reduce conflicts, all on the error token after the declarations of an
** article, an amendment, an example or a line that is no item: shifting is meant, so
** that a bad line is skipped by the innermost rule and the item goes on. */
%expect 4
%param {yyscan_t scanner}
%parse-param {ParseState *ps}

%code requires {
#include "ast.h"
#include "diag.h"
#include "lex.h"

typedef void *yyscan_t;

typedef struct ParseState {
    Source *src;
    DiagList *dl;
    LexState *lex;
    RtArena *arena;              /* the tree's nodes and texts: lex->arena */
    AstCharter *charter;
    unsigned syntax_errors;
    bool too_deep;
    bool english;                /* the first keyword is `charter`: suggest English spellings */
} ParseState;

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
    do {                                                             \
        if (N) {                                                     \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                    \
            (Cur).end = YYRHSLOC(Rhs, N).end;                        \
        } else {                                                     \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;          \
        }                                                            \
    } while (0)
}

%union {
    LexTok tok;
    AstExpr *expr;
    AstField *field;
    AstList list;
    AstDecl *decl;
    AstItem *item;
    AstExampleLine *xline;
    AstHeader *header;
    AstRow *row;
    AstColumn *column;
    AstType *type;
    AstKey key;
    AstLevel level;
    AstRounding rounding;
    AstPool pool;
    bool flag;
}

%code provides {
int lex_token(PARSE_YYSTYPE *yylval, Span *yylloc, yyscan_t scanner);
}

%code {
#include "gc.h"
#include "num.h"
#include "parse.h"
#include "vocab.h"
#include "visible.h"

#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

/* bison's stack, once grown past its initial size, lives in malloc-like
** memory: make it memory the collector scans, since it holds tree nodes. */
#define YYMALLOC rt_alloc_root
#define YYFREE rt_free_root
#define YYMAXDEPTH 2000

static int parse_yylex(PARSE_YYSTYPE *val, Span *loc, yyscan_t scanner);
static void parse_yyerror(Span *loc, yyscan_t scanner, ParseState *ps, const char *msg);

/* A declaration's span stops before the line break that ends it. */
static Span upto(Span a, Span b) { Span s = { a.start, b.end }; return s; }
static AstExpr *name_expr(ParseState *ps, LexTok t, Span sp) { AstExpr *e = ast_expr_in(ps->arena, AST_E_NAME, sp); e->u.text = t.text; return e; }
static AstExpr *text_expr(ParseState *ps, AstExprKind k, LexTok t, Span sp) { AstExpr *e = ast_expr_in(ps->arena, k, sp); e->u.text = t.text; return e; }
static AstExpr *bool_expr(ParseState *ps, bool b, Span sp) { AstExpr *e = ast_expr_in(ps->arena, AST_E_BOOL, sp); e->u.boolean = b; return e; }
static AstDecl *named(ParseState *ps, AstDeclKind kind, Span span, LexTok name, Span name_span)
{
    AstDecl *d = ast_decl_in(ps->arena, kind, span);
    d->name = name.text;
    d->name_span = name_span;
    return d;
}
static AstList list1(ParseState *ps, void *x) { AstList l = { 0 }; ast_list_push(ps->arena, &l, x); return l; }


/* The rows of t from a header line on are the next table (t->next_table, glued):
** the checker reports the missing blank line and checks both. */
static AstDecl *split_glued(ParseState *ps, AstDecl *t)
{
    (void)ps;
    for (int i = 0; i < t->extra->rows.len; i++) {
        AstRow *r = AST_AT(t->extra->rows, AstRow, i);
        if (!r->headers.len)
            continue;
        AstDecl *next = ast_decl_in(ps->arena, AST_D_TABLE, (Span){ r->span.start, t->span.end });
        next->extra->headers = r->headers;
        next->glued = true;
        for (int k = i + 1; k < t->extra->rows.len; k++)
            ast_list_push(ps->arena, &next->extra->rows, t->extra->rows.items[k]);
        t->extra->rows.len = i;
        t->span.end = i > 0 ? AST_AT(t->extra->rows, AstRow, i - 1)->span.end
                            : AST_AT(t->extra->headers, AstHeader, t->extra->headers.len - 1)->span.end;
        t->extra->next_table = split_glued(ps, next);
        break;
    }
    return t;
}

/* Every pass over the tree recurses on expressions: a sum of 100 000 terms
** is refused here, once, rather than overflowing a stack later. */
static AstExpr *bounded(ParseState *ps, AstExpr *e)
{
    if (e->depth <= PARSE_MAX_DEPTH)
        return e;
    if (!ps->too_deep)
        diag_add(ps->dl, DIAG_ERROR, "C0703", ps->src, e->span,
                 SAYF(("expression trop imbriquée ou trop longue (profondeur %d ; limite : %d)",
                       e->depth, PARSE_MAX_DEPTH),
                      ("expression nested too deeply or too long (depth %d; limit: %d)",
                       e->depth, PARSE_MAX_DEPTH)));
    ps->too_deep = true;
    AstExpr *err = ast_expr_in(ps->arena, AST_E_ERROR, e->span);
    return err;
}
}

%token <tok> IDENT "nom" NUMBER "nombre" DATE "date" MONTH "mois" STRING "chaîne"
%token NL "fin de ligne" PIPE "|" TABLE_BREAK "ligne vide entre deux tables" TABLE_RULE "ligne de séparation |---|" COLON ":" COMMA ","
       LPAREN "(" RPAREN ")" LBRACE "{" RBRACE "}"
       PLUS "+" MINUS "-" STAR "×" SLASH "÷" EQ "=" NE "≠" LT "<" LE "≤" GT ">" GE "≥"
/* Keywords: their spellings are in lang/vocab.def, one entry per token, in this order; CHARTE
** first and ATTENDU last (tests/unit/test_vocab.c checks each token between them). */
%token CHARTE TERRITOIRE REFERENCE EN_VIGUEUR_DU AU SIGNEE_LE UTILISE ARTICLE AVENANT APPLICABLE
       MODIFIE AVERTISSEMENT_ACCEPTE EXEMPLE PERIMETRE DANS NATIONAL INTERCOMMUNAL COMMUNE PROJET CATEGORIE PLANCHER
       DES_HEURES_TRAVAILLEES FAMILLE PART_MO COUT_HORAIRE PUBLIC ELIGIBLE
       ELIGIBLE_AUSSI ELIGIBLE_SEULEMENT_SI CONSTANTE OBJECTIF
       OBJECTIFS A_L_ECHELLE POUR_MO MUTUALISE PAR_MO PART_DES_HEURES DES_EMBAUCHES SEUIL ARRONDIES ROUND_UP
       ROUND_DOWN ROUND_NEAREST ELIG_VALABLE A_COMPTER MODALITES_RETENUES HEURES_DE
       RETENUES_LIMITE DES_HEURES_OBJECTIF COMITE STRUCTURE_PILOTE BILAN INDICATEUR
       NOMBRE_PARTICIPANTS PART_PARTICIPANTS OU_FILTRE PAR SECRET DONNEES CHOIX ENTRE FACULTATIF
       OBLIGATOIRE PAR_DEFAUT COLONNE ET OU NON VRAI FAUX RENSEIGNE MARCHE PARTICIPANT HEURES ATTENDU

%type <expr> expr primary date opt_owner value_or_no signed_number
%type <field> field xfield
%type <list> fields xfields names cells hcells columns_body choices glued_header
%type <decl> decl table indicator column_block
%type <item> item
%type <xline> xline
%type <header> hcell
%type <row> row
%type <column> column_mod
%type <type> type
%type <key> fkey word_key
%type <tok> label word xid sname
%type <level> level
%type <rounding> rounding
%type <pool> opt_pool
%type <flag> opt_hires
%type <list> column_line colnames

%left OU
%left ET
%precedence NON
%nonassoc EQ NE LT LE GT GE
%left PLUS MINUS
%left STAR SLASH
%precedence UMINUS
%precedence RENSEIGNE
/* A table ends at the first line that does not start with "|": shift. */
%precedence TABLE_END
%precedence PIPE

%%

/* A line that is no item (garbage before the first article) is skipped by
** item's error rule; inside an article, an amendment or an example, by their own. */
charter:
    header items
  ;

header:
    CHARTE STRING NL clauses
      { ps->charter->title = $2.text; ps->charter->title_span = @2; }
  | error NL { yyerrok; } clauses
  ;

clauses:
    %empty
  | clauses clause
  ;

clause:
    TERRITOIRE STRING NL        { ps->charter->territory = $2.text; ps->charter->territory_span = @2; }
  | REFERENCE STRING NL         { ps->charter->reference = $2.text; ps->charter->reference_span = @2; }
  | EN_VIGUEUR_DU date AU date NL
      { ps->charter->valid_from = $2; ps->charter->valid_to = $4; ps->charter->validity_span = upto(@1, @4); }
  | SIGNEE_LE date NL           { ps->charter->signed_on = $2; }
  ;

items:
    %empty
  | items item                  { if ($2) ast_list_push(ps->arena, &ps->charter->items, $2); }
  ;

item:
    UTILISE IDENT NL
      { $$ = ast_item_in(ps->arena, AST_ITEM_USE, upto(@1, @2)); $$->module = $2.text; $$->module_span = @2; }
  | UTILISE STRING NL
      { $$ = ast_item_in(ps->arena, AST_ITEM_USE, upto(@1, @2)); $$->module = $2.text; $$->module_span = @2; $$->module_is_path = true; }
  | ARTICLE label STRING NL decls
      { $$ = ast_item_in(ps->arena, AST_ITEM_ARTICLE, upto(@1, @3)); $$->number = $2.text; $$->number_span = @2;
        $$->title = $3.text; $$->title_span = @3; $$->decls = $<list>5; $$->span = upto(@1, @5); }
  | AVENANT label STRING NL decls
      { $$ = ast_item_in(ps->arena, AST_ITEM_AMENDMENT, upto(@1, @3)); $$->number = $2.text; $$->number_span = @2;
        $$->title = $3.text; $$->title_span = @3; $$->decls = $<list>5; $$->span = upto(@1, @5); }
  | error NL { yyerrok; } decls
      { /* a line that is no item (`artcle 3 « Titre »` before any article): its
        ** declarations are still read, and checked, in an article without number */
        yyerrok; $$ = ast_item_in(ps->arena, AST_ITEM_ARTICLE, @1); $$->decls = $<list>4; $$->span = upto(@1, @4); }
  | EXEMPLE STRING NL xlines
      { $$ = ast_item_in(ps->arena, AST_ITEM_EXAMPLE, upto(@1, @2)); $$->title = $2.text; $$->title_span = @2;
        $$->span = upto(@1, @4);
        AstList all = $<list>4;
        for (int i = 0; i < all.len; i++) {
            AstExampleLine *l = AST_AT(all, AstExampleLine, i);
            if (l->kind == AST_X_ERROR && l->id)
                $$->as_of = l->id;
            else
                ast_list_push(ps->arena, &$$->lines, l);
        } }
  ;

label:
    NUMBER                      { $$ = $1; }
  | IDENT                       { $$ = $1; }
  ;

decls:
    %empty                      { $<list>$ = (AstList){ 0 }; }
  | decls decl
      { $<list>$ = $<list>1;
        for (AstDecl *d = $2; d; d = d->kind == AST_D_TABLE ? d->extra->next_table : NULL)
            ast_list_push(ps->arena, &$<list>$, d); }
  ;

decl:
    PERIMETRE sname COLON level STRING NL
      { $$ = named(ps, AST_D_SCOPE, upto(@1, @5), $2, @2); $$->level = $4; $$->extra->level_span = @4;
        $$->extra->title = $5.text; $$->extra->title_span = @5; }
  | PERIMETRE sname COLON level STRING DANS sname NL
      { $$ = named(ps, AST_D_SCOPE, upto(@1, @7), $2, @2); $$->level = $4; $$->extra->level_span = @4;
        $$->extra->title = $5.text; $$->extra->title_span = @5; $$->extra->parent = $7.text; $$->extra->parent_span = @7; }
  | CATEGORIE IDENT STRING NL
      { $$ = named(ps, AST_D_CATEGORY, upto(@1, @3), $2, @2); $$->extra->title = $3.text; $$->extra->title_span = @3; }
  | PLANCHER IDENT COLON expr NL
      { $$ = named(ps, AST_D_FLOOR, upto(@1, @4), $2, @2); $$->expr = $4; }
  | PLANCHER IDENT COLON expr DES_HEURES_TRAVAILLEES NL
      { $$ = named(ps, AST_D_FLOOR, upto(@1, @5), $2, @2); $$->expr = $4; }
  | FAMILLE IDENT COLON IDENT fields NL
      { $$ = named(ps, AST_D_FAMILY, upto(@1, @5), $2, @2); $$->ref = $4.text; $$->ref_span = @4; $$->fields = $5; }
  | FAMILLE IDENT STRING COLON IDENT fields NL
      { $$ = named(ps, AST_D_FAMILY, upto(@1, @6), $2, @2); ast_decl_own_extra(ps->arena, $$); $$->extra->title = $3.text; $$->extra->title_span = @3;
        $$->ref = $5.text; $$->ref_span = @5; $$->fields = $6; }
  | PUBLIC IDENT COLON expr NL
      { $$ = named(ps, AST_D_PUBLIC, upto(@1, @4), $2, @2); $$->expr = $4; }
  | PUBLIC IDENT STRING COLON expr NL
      { $$ = named(ps, AST_D_PUBLIC, upto(@1, @5), $2, @2); $$->extra->title = $3.text; $$->extra->title_span = @3; $$->expr = $5; }
  | ELIGIBLE COLON expr NL
      { $$ = ast_decl_in(ps->arena, AST_D_ELIGIBLE, upto(@1, @3)); $$->expr = $3; }
  | ELIGIBLE_AUSSI COLON expr NL
      { $$ = ast_decl_in(ps->arena, AST_D_ELIGIBLE_AUSSI, upto(@1, @3)); $$->expr = $3; }
  | ELIGIBLE_SEULEMENT_SI COLON expr NL
      { $$ = ast_decl_in(ps->arena, AST_D_ELIGIBLE_SEULEMENT_SI, upto(@1, @3)); $$->expr = $3; }
  | CONSTANTE IDENT COLON expr NL
      { $$ = named(ps, AST_D_CONSTANT, upto(@1, @4), $2, @2); $$->expr = $4; }
  | OBJECTIF opt_pool A_L_ECHELLE sname opt_owner COLON IDENT expr opt_hires fields NL
      { $$ = ast_decl_in(ps->arena, AST_D_TARGET, upto(@1, @10)); $$->scope = $4.text; $$->scope_span = @4;
        $$->owner = $5; $$->ref = $7.text; $$->ref_span = @7; $$->expr = $8; $$->of_hires = $9; $$->fields = $10;
        $$->pool = $2; $$->pool_span = @2; }
  | OBJECTIFS opt_pool A_L_ECHELLE sname opt_owner COLON NL table
      { $$ = $8; $$->scope = $4.text; $$->scope_span = @4; $$->owner = $5; $$->span = span_join(@1, $8->span);
        $$->pool = $2; $$->pool_span = @2; }
  | table                       { $$ = $1; }
  | TABLE_BREAK table           { $$ = $2; }
  | ARRONDIES rounding NL       { $$ = ast_decl_in(ps->arena, AST_D_ROUNDING, upto(@1, @2)); $$->rounding = $2; }
  | ELIG_VALABLE expr A_COMPTER NL
      { $$ = ast_decl_in(ps->arena, AST_D_ELIG_PERIOD, upto(@1, @3)); $$->expr = $2; }
  | MODALITES_RETENUES COLON names NL
      { $$ = ast_decl_in(ps->arena, AST_D_MODALITIES, upto(@1, @3)); $$->extra->names = $3; }
  | HEURES_DE IDENT RETENUES_LIMITE expr DES_HEURES_OBJECTIF NL
      { $$ = named(ps, AST_D_CAP, upto(@1, @5), $2, @2); $$->expr = $4; }
  | COMITE STRING NL
      { $$ = ast_decl_in(ps->arena, AST_D_COMMITTEE, upto(@1, @2)); $$->extra->title = $2.text; $$->extra->title_span = @2; }
  | COMITE STRING A_L_ECHELLE sname NL
      { $$ = ast_decl_in(ps->arena, AST_D_COMMITTEE, upto(@1, @4)); $$->extra->title = $2.text; $$->extra->title_span = @2;
        $$->extra->parent = $4.text; $$->extra->parent_span = @4; }
  | STRUCTURE_PILOTE STRING NL
      { $$ = ast_decl_in(ps->arena, AST_D_PILOT, upto(@1, @2)); $$->extra->title = $2.text; $$->extra->title_span = @2; }
  | BILAN IDENT NL              { $$ = named(ps, AST_D_REPORTING, upto(@1, @2), $2, @2); }
  | INDICATEUR IDENT STRING COLON indicator NL
      { $$ = $5; $$->name = $2.text; $$->name_span = @2; $$->extra->title = $3.text; $$->extra->title_span = @3;
        $$->span = upto(@1, @5); }
  | SECRET COLON expr NL        { $$ = ast_decl_in(ps->arena, AST_D_SECRECY, upto(@1, @3)); $$->expr = $3; }
  | column_block                { $$ = $1; }
  | APPLICABLE date NL          { $$ = ast_decl_in(ps->arena, AST_D_APPLICABLE, upto(@1, @2)); $$->extra->date = $2; }
  | MODIFIE label NL
      { $$ = ast_decl_in(ps->arena, AST_D_AMENDS, upto(@1, @2)); $$->extra->article = $2.text; $$->extra->article_span = @2; }
  | AVERTISSEMENT_ACCEPTE IDENT COLON STRING NL
      { $$ = named(ps, AST_D_AVERTISSEMENT_ACCEPTE, upto(@1, @4), $2, @2); $$->extra->title = $4.text;
        $$->extra->title_span = @4; }
  | error NL                    { yyerrok; $$ = ast_decl_in(ps->arena, AST_D_ERROR, @1); }
  ;

/* The root scope is conventionally called like its level. */
sname:
    IDENT                       { $$ = $1; }
  | NATIONAL                    { $$ = (LexTok){ "national", LEX_UNIT_NONE }; }
  ;

level:
    NATIONAL                    { $$ = AST_LEVEL_NATIONAL; }
  | INTERCOMMUNAL               { $$ = AST_LEVEL_INTERCOMMUNAL; }
  | COMMUNE                     { $$ = AST_LEVEL_COMMUNE; }
  | PROJET                      { $$ = AST_LEVEL_PROJET; }
  ;

rounding:
    ROUND_UP                    { $$ = AST_ROUND_UP; }
  | ROUND_DOWN                  { $$ = AST_ROUND_DOWN; }
  | ROUND_NEAREST               { $$ = AST_ROUND_NEAREST; }
  ;

opt_owner:
    %empty                      { $$ = NULL; }
  | POUR_MO STRING              { $$ = text_expr(ps, AST_E_STRING, $2, @2); }
  ;

/* The level at which a target is assessed: per contract unless pooled. */
opt_pool:
    %empty                      { $$ = AST_POOL_NONE; }
  | MUTUALISE                   { $$ = AST_POOL_SCOPE; }
  | MUTUALISE PAR_MO            { $$ = AST_POOL_OWNER; }
  ;

opt_hires:
    %empty                      { $$ = false; }
  | DES_EMBAUCHES               { $$ = true; }
  | PART_DES_HEURES             { $$ = false; }
  ;

fields:
    %empty                      { $$ = (AstList){ 0 }; }
  | fields COMMA field          { $$ = $1; ast_list_push(ps->arena, &$$, $3); }
  ;

field:
    fkey expr                   { $$ = ast_field_in(ps->arena, $1, NULL, @1, $2); }
  ;

fkey:
    PART_MO                     { $$ = AST_KEY_PART_MO; }
  | COUT_HORAIRE                { $$ = AST_KEY_COUT_HORAIRE; }
  | SEUIL                       { $$ = AST_KEY_SEUIL; }
  | OBJECTIF                    { $$ = AST_KEY_OBJECTIF; }
  | PART_DES_HEURES             { $$ = AST_KEY_PART_DES_HEURES; }
  | CATEGORIE                   { $$ = AST_KEY_CATEGORIE; }
  ;

names:
    IDENT                       { $$ = list1(ps, name_expr(ps, $1, @1)); }
  | names COMMA IDENT           { $$ = $1; ast_list_push(ps->arena, &$$, name_expr(ps, $3, @3)); }
  ;

indicator:
    NOMBRE_PARTICIPANTS         { $$ = ast_decl_in(ps->arena, AST_D_INDICATOR, @1); $$->indicator = AST_IND_COUNT; }
  | PART_PARTICIPANTS           { $$ = ast_decl_in(ps->arena, AST_D_INDICATOR, @1); $$->indicator = AST_IND_SHARE; }
  | indicator OU_FILTRE expr    { $$ = $1; $$->expr = $3; }
  | indicator PAR IDENT         { $$ = $1; $$->extra->by = $3.text; $$->extra->by_span = @3; }
  | indicator PAR PUBLIC        { $$ = $1; $$->extra->by = "public"; $$->extra->by_span = @3; }
  | indicator COMMA field       { $$ = $1; ast_list_push(ps->arena, &$$->fields, $3); }
  ;

/* ---- tables ---- */

table:
    PIPE hcells NL opt_rule rows %prec TABLE_END
      { $$ = ast_decl_in(ps->arena, AST_D_TABLE, upto(@1, @5)); $$->extra->headers = $2; $$->extra->rows = $<list>5;
        $$ = split_glued(ps, $$); }
  ;

opt_rule:
    %empty
  | TABLE_RULE NL
  ;

hcells:
    hcell PIPE                  { $$ = list1(ps, $1); }
  | hcells hcell PIPE           { $$ = $1; ast_list_push(ps->arena, &$$, $2); }
  ;

hcell:
    word_key
      { $$ = RT_ARENA_NEW(ps->arena, AstHeader); $$->key = $1; $$->span = @1; $$->word = source_text(ps->src, @1); }
  | IDENT
      { $$ = RT_ARENA_NEW(ps->arena, AstHeader); $$->key = AST_KEY_WORD; $$->span = @1; $$->word = $1.text; }
  | hwords
      { /* `maître d'ouvrage`, `part des heure`: the checker knows the column or says which it meant */
        $$ = RT_ARENA_NEW(ps->arena, AstHeader); $$->key = AST_KEY_WORD; $$->span = @1; $$->word = parse_one_spaced(ps->src, @1); }
  ;

/* A header of several words that is no keyword: two at least. */
hwords:
    IDENT IDENT
  | word_key IDENT
  | hwords IDENT
  | hwords word_key
  ;

word_key:
    FAMILLE                     { $$ = AST_KEY_FAMILLE; }
  | CATEGORIE                   { $$ = AST_KEY_CATEGORIE; }
  | PERIMETRE                   { $$ = AST_KEY_PERIMETRE; }
  | PART_MO                     { $$ = AST_KEY_PART_MO; }
  | COUT_HORAIRE                { $$ = AST_KEY_COUT_HORAIRE; }
  | PART_DES_HEURES             { $$ = AST_KEY_PART_DES_HEURES; }
  | HEURES                      { $$ = AST_KEY_HEURES; }
  | SEUIL                       { $$ = AST_KEY_SEUIL; }
  | OBJECTIF                    { $$ = AST_KEY_OBJECTIF; }
  | DANS                        { $$ = AST_KEY_DANS; }
  | MARCHE                      { $$ = AST_KEY_MARCHE; }
  | PARTICIPANT                 { $$ = AST_KEY_PARTICIPANT; }
  | PUBLIC                      { $$ = AST_KEY_PUBLIC; }
  | AVENANT                     { $$ = AST_KEY_AVENANT; }
  ;

rows:
    row                         { $<list>$ = (AstList){ 0 }; if ($1) ast_list_push(ps->arena, &$<list>$, $1); }
  | rows row                    { $<list>$ = $<list>1; if ($2) ast_list_push(ps->arena, &$<list>$, $2); }
  ;

row:
    PIPE cells NL               { $$ = RT_ARENA_NEW(ps->arena, AstRow); $$->span = upto(@1, @2); $$->cells = $2; }
  | PIPE glued_header NL        { $$ = RT_ARENA_NEW(ps->arena, AstRow); $$->span = upto(@1, @2); $$->headers = $2; }
  | PIPE error NL               { yyerrok; $$ = NULL; /* reported; the table goes on without it */ }
  ;

/* A header line among rows (no row starts with a column keyword): a second
** table written without the blank line; split_glued makes it one. */
glued_header:
    word_key PIPE
      { AstHeader *h = RT_ARENA_NEW(ps->arena, AstHeader); h->key = $1; h->span = @1; h->word = source_text(ps->src, @1);
        $$ = list1(ps, h); }
  | glued_header hcell PIPE     { $$ = $1; ast_list_push(ps->arena, &$$, $2); }
  ;

cells:
    PIPE                        { $$ = list1(ps, NULL); }
  | expr PIPE                   { $$ = list1(ps, $1); }
  | cells PIPE                  { $$ = $1; ast_list_push(ps->arena, &$$, NULL); }
  | cells expr PIPE             { $$ = $1; ast_list_push(ps->arena, &$$, $2); }
  ;

/* ---- data schema ---- */

column_block:
    DONNEES word LBRACE NL columns_body RBRACE NL
      { $$ = ast_decl_in(ps->arena, AST_D_SCHEMA, upto(@1, @6)); $$->name = $2.text; $$->name_span = @2; $$->extra->columns = $5; }
  ;

columns_body:
    %empty                      { $$ = (AstList){ 0 }; }
  | columns_body column_line    { $$ = $1; for (int i = 0; i < $2.len; i++) ast_list_push(ps->arena, &$$, $2.items[i]); }
  ;

column_line:
    colnames COLON type column_mods NL
      { $$ = $1;
        for (int i = 0; i < $$.len; i++) {
            AstColumn *c = $$.items[i];
            c->type = $3;
            c->optional = $<column>4->optional;
            c->required = $<column>4->required;
            c->default_value = $<column>4->default_value;
            c->default_span = $<column>4->default_span;
            c->headers = $<column>4->headers;
        } }
  | error NL                    { yyerrok; $$ = (AstList){ 0 }; }
  ;

colnames:
    word
      { AstColumn *c = RT_ARENA_NEW(ps->arena, AstColumn); c->name = $1.text; c->span = @1; $$ = list1(ps, c); }
  | colnames COMMA word
      { AstColumn *c = RT_ARENA_NEW(ps->arena, AstColumn); c->name = $3.text; c->span = @3; $$ = $1; ast_list_push(ps->arena, &$$, c); }
  ;

type:
    word
      { $$ = RT_ARENA_NEW(ps->arena, AstType); $$->name = $1.text; $$->span = @1; }
  | word ENTRE signed_number ET signed_number
      { $$ = RT_ARENA_NEW(ps->arena, AstType); $$->name = $1.text; $$->span = @1; $$->min = $3; $$->max = $5; }
  | CHOIX LPAREN choices RPAREN
      { $$ = RT_ARENA_NEW(ps->arena, AstType); $$->name = "choix"; $$->span = upto(@1, @4); $$->choices = $3; }
  | REFERENCE word
      { $$ = RT_ARENA_NEW(ps->arena, AstType); $$->name = "référence"; $$->span = @1; $$->ref_table = $2.text; $$->ref_span = @2; }
  ;

signed_number:
    NUMBER                      { $$ = ast_expr_in(ps->arena, AST_E_NUMBER, @1); $$->u.num.text = $1.text; $$->u.num.unit = $1.unit; }
  | MINUS NUMBER
      { AstExpr *n = ast_expr_in(ps->arena, AST_E_NUMBER, @2); n->u.num.text = $2.text; n->u.num.unit = $2.unit;
        $$ = ast_unary_in(ps->arena, AST_OP_NEG, n, @1); }
  ;

choices:
    word                        { $$ = list1(ps, name_expr(ps, $1, @1)); }
  | STRING                      { $$ = list1(ps, text_expr(ps, AST_E_STRING, $1, @1)); }
  | choices COMMA word          { $$ = $1; ast_list_push(ps->arena, &$$, name_expr(ps, $3, @3)); }
  | choices COMMA STRING        { $$ = $1; ast_list_push(ps->arena, &$$, text_expr(ps, AST_E_STRING, $3, @3)); }
  ;

column_mods:
    %empty                      { $<column>$ = RT_ARENA_NEW(ps->arena, AstColumn); }
  | column_mods opt_comma column_mod
      { AstColumn *acc = $<column>1, *m = $3;
        acc->optional |= m->optional; acc->required |= m->required;
        if (m->default_value) { acc->default_value = m->default_value; acc->default_span = m->default_span; }
        for (int i = 0; i < m->headers.len; i++) ast_list_push(ps->arena, &acc->headers, m->headers.items[i]);
        $<column>$ = acc; }
  ;

opt_comma:
    %empty
  | COMMA
  ;

column_mod:
    FACULTATIF                  { $$ = RT_ARENA_NEW(ps->arena, AstColumn); $$->optional = true; }
  | OBLIGATOIRE                 { $$ = RT_ARENA_NEW(ps->arena, AstColumn); $$->required = true; }
  | PAR_DEFAUT value_or_no      { $$ = RT_ARENA_NEW(ps->arena, AstColumn); $$->default_value = $2; $$->default_span = @2; }
  | COLONNE STRING              { $$ = RT_ARENA_NEW(ps->arena, AstColumn); $$->headers = list1(ps, text_expr(ps, AST_E_STRING, $2, @2)); }
  ;

/* A name where a column or a table is named: keywords that are also column
** names of the standard schema are accepted there. */
word:
    IDENT                       { $$ = $1; }
  | FAMILLE                     { $$ = (LexTok){ "famille", LEX_UNIT_NONE }; }
  | PERIMETRE                   { $$ = (LexTok){ "perimetre", LEX_UNIT_NONE }; }
  | MARCHE                      { $$ = (LexTok){ "marche", LEX_UNIT_NONE }; }
  | PARTICIPANT                 { $$ = (LexTok){ "participant", LEX_UNIT_NONE }; }
  | HEURES                      { $$ = (LexTok){ "heures", LEX_UNIT_NONE }; }
  | OBJECTIF                    { $$ = (LexTok){ "objectif", LEX_UNIT_NONE }; }
  | SEUIL                       { $$ = (LexTok){ "seuil", LEX_UNIT_NONE }; }
  | PUBLIC                      { $$ = (LexTok){ "public", LEX_UNIT_NONE }; }
  | DONNEES                     { $$ = (LexTok){ "donnees", LEX_UNIT_NONE }; }
  | MUTUALISE                   { $$ = (LexTok){ "mutualise", LEX_UNIT_NONE }; }
  ;

value_or_no:
    expr                        { $$ = $1; }
  | NON                         { $$ = bool_expr(ps, false, @1); }
  ;

/* ---- examples ---- */

xlines:
    %empty                      { $<list>$ = (AstList){ 0 }; }
  | xlines xline                { $<list>$ = $<list>1; if ($2) ast_list_push(ps->arena, &$<list>$, $2); }
  ;

xline:
    AU date NL
      { /* the evaluation date travels as an error-kind line; the item takes it */
        $$ = RT_ARENA_NEW(ps->arena, AstExampleLine); $$->kind = AST_X_ERROR; $$->span = upto(@1, @2); $$->id = $2; }
  | MARCHE xid COLON xfields NL
      { $$ = RT_ARENA_NEW(ps->arena, AstExampleLine); $$->kind = AST_X_CONTRACT; $$->span = upto(@1, @4);
        $$->id = text_expr(ps, AST_E_STRING, $2, @2); $$->fields = $4; }
  | PARTICIPANT xid COLON xfields NL
      { $$ = RT_ARENA_NEW(ps->arena, AstExampleLine); $$->kind = AST_X_PARTICIPANT; $$->span = upto(@1, @4);
        $$->id = text_expr(ps, AST_E_STRING, $2, @2); $$->fields = $4; }
  | HEURES COLON xfields NL
      { $$ = RT_ARENA_NEW(ps->arena, AstExampleLine); $$->kind = AST_X_HOURS; $$->span = upto(@1, @3); $$->fields = $3; }
  | ATTENDU xid COLON xfields NL
      { $$ = RT_ARENA_NEW(ps->arena, AstExampleLine); $$->kind = AST_X_EXPECT; $$->span = upto(@1, @4);
        $$->id = text_expr(ps, AST_E_STRING, $2, @2); $$->fields = $4; }
  | ATTENDU xid xid COLON xfields NL
      { $$ = RT_ARENA_NEW(ps->arena, AstExampleLine); $$->kind = AST_X_EXPECT; $$->span = upto(@1, @5);
        $$->word = $2.text; $$->word_span = @2;
        $$->id = text_expr(ps, AST_E_STRING, $3, @3); $$->fields = $5; }
  | IDENT xid COLON xfields NL
      { $$ = RT_ARENA_NEW(ps->arena, AstExampleLine); $$->kind = AST_X_ROW; $$->span = upto(@1, @4);
        $$->word = $1.text; $$->word_span = @1;
        $$->id = text_expr(ps, AST_E_STRING, $2, @2); $$->fields = $4; }
  | error NL                    { yyerrok; $$ = NULL; }
  ;

xid:
    IDENT                       { $$ = $1; }
  | STRING                      { $$ = $1; }
  | NUMBER                      { $$ = $1; }
  ;

xfields:
    xfield                      { $$ = list1(ps, $1); }
  | xfields COMMA xfield        { $$ = $1; ast_list_push(ps->arena, &$$, $3); }
  ;

xfield:
    word                        { $$ = ast_field_in(ps->arena, AST_KEY_WORD, $1.text, @1, NULL); }
  | word value_or_no            { $$ = ast_field_in(ps->arena, AST_KEY_WORD, $1.text, @1, $2); }
  ;

/* ---- expressions ---- */

date:
    DATE                        { $$ = text_expr(ps, AST_E_DATE, $1, @1); }
  ;

expr:
    expr OU expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_OR, $1, $3)); }
  | expr ET expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_AND, $1, $3)); }
  | NON expr                    { $$ = bounded(ps, ast_unary_in(ps->arena, AST_OP_NOT, $2, @1)); }
  | expr EQ expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_EQ, $1, $3)); }
  | expr NE expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_NE, $1, $3)); }
  | expr LT expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_LT, $1, $3)); }
  | expr LE expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_LE, $1, $3)); }
  | expr GT expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_GT, $1, $3)); }
  | expr GE expr                { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_GE, $1, $3)); }
  | expr PLUS expr              { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_ADD, $1, $3)); }
  | expr MINUS expr             { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_SUB, $1, $3)); }
  | expr STAR expr              { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_MUL, $1, $3)); }
  | expr SLASH expr             { $$ = bounded(ps, ast_binary_in(ps->arena, AST_OP_DIV, $1, $3)); }
  | MINUS expr %prec UMINUS     { $$ = bounded(ps, ast_unary_in(ps->arena, AST_OP_NEG, $2, @1)); }
  | expr RENSEIGNE              { $$ = ast_expr_in(ps->arena, AST_E_KNOWN, span_join($1->span, @2)); $$->u.op.lhs = $1; $$->depth = $1->depth + 1; $$ = bounded(ps, $$); }
  | primary                     { $$ = $1; }
  ;

primary:
    NUMBER                      { $$ = ast_expr_in(ps->arena, AST_E_NUMBER, @1); $$->u.num.text = $1.text; $$->u.num.unit = $1.unit; }
  | DATE                        { $$ = text_expr(ps, AST_E_DATE, $1, @1); }
  | MONTH                       { $$ = text_expr(ps, AST_E_MONTH, $1, @1); }
  | STRING                      { $$ = text_expr(ps, AST_E_STRING, $1, @1); }
  | IDENT                       { $$ = name_expr(ps, $1, @1); }
  | VRAI                        { $$ = bool_expr(ps, true, @1); }
  | FAUX                        { $$ = bool_expr(ps, false, @1); }
  | NATIONAL                    { $$ = name_expr(ps, (LexTok){ "national", LEX_UNIT_NONE }, @1); }
  | INTERCOMMUNAL               { $$ = name_expr(ps, (LexTok){ "intercommunal", LEX_UNIT_NONE }, @1); }
  | COMMUNE                     { $$ = name_expr(ps, (LexTok){ "commune", LEX_UNIT_NONE }, @1); }
  | PROJET                      { $$ = name_expr(ps, (LexTok){ "projet", LEX_UNIT_NONE }, @1); }
  | LPAREN expr RPAREN          { $$ = $2; }
  | LPAREN error RPAREN         { $$ = ast_expr_in(ps->arena, AST_E_ERROR, upto(@1, @3)); }
  ;

%%

LexState *lex_yyget_extra(yyscan_t scanner);

/* The words of span with one space between them, whatever blanks the text
** has: the tree must not change when fmt re-spaces the line. */
char *parse_one_spaced(const Source *src, Span span)
{
    const char *t = src->text;
    char *out = rt_alloc_atomic(span.end - span.start + 1);
    size_t o = 0;
    bool blank = false;
    for (uint32_t i = span.start; i < span.end; i++) {
        unsigned char c = (unsigned char)t[i];
        size_t k = c == ' ' || c == '\t' || c == '\r' ? 1
                 : c == 0xC2 && i + 1 < span.end && (unsigned char)t[i + 1] == 0xA0 ? 2
                 : c == 0xE2 && i + 2 < span.end && (unsigned char)t[i + 1] == 0x80 &&
                   (unsigned char)t[i + 2] == 0xAF ? 3 : 0;
        if (k) {
            blank = true;
            i += (uint32_t)k - 1;
            continue;
        }
        if (blank && o > 0)
            out[o++] = ' ';
        blank = false;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return out;
}

static int parse_yylex(PARSE_YYSTYPE *val, Span *loc, yyscan_t scanner)
{
    LexState *ls = lex_yyget_extra(scanner);
    int prev = ls->last;
    Span prev_span = ls->read_last_span;
    int tok = lex_token(val, loc, scanner);
    ls->read_prev = prev;
    ls->read_prev_span = prev_span;
    ls->read_last_span = *loc;
    return tok;
}

/* Called by bison for what is not a syntax error: the stack limit. */
static void parse_yyerror(Span *loc, yyscan_t scanner, ParseState *ps, const char *msg)
{
    (void)scanner;
    if (strstr(msg, "exhausted"))
        diag_add(ps->dl, DIAG_ERROR, "C0703", ps->src, *loc,
                 say("structure imbriquée trop profondément pour être lue",
                     "structure nested too deeply to be read"));
    else
        diag_add(ps->dl, DIAG_ERROR, "C0101", ps->src, *loc, say(msg, NULL));
}

/* The keyword a grammar symbol stands for, NULL for the other symbols. */
static const VocabWord *parse_symbol_word(yysymbol_kind_t k)
{
    switch (k) {
#define VOCAB_KEYWORD(id, fr, en) case YYSYMBOL_##id: return vocab_get(VOCAB_##id);
#include "vocab.def"
    default: return NULL;
    }
}

/* English names of the classes of tokens; punctuation is the same in both. */
static const char *parse_class_english(yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_IDENT: return "name";
    case YYSYMBOL_NUMBER: return "number";
    case YYSYMBOL_DATE: return "date";
    case YYSYMBOL_MONTH: return "month";
    case YYSYMBOL_STRING: return "string";
    case YYSYMBOL_NL: return "end of line";
    case YYSYMBOL_TABLE_RULE: return "separator line |---|";
    case YYSYMBOL_TABLE_BREAK: return "blank line between two tables";
    case YYSYMBOL_YYEOF: return "end of file";
    default: return yysymbol_name(k);
    }
}

static const char *parse_token_name(yysymbol_kind_t k, bool english)
{
    const VocabWord *w = parse_symbol_word(k);
    if (w)
        return english ? w->en : w->fr;
    if (english)
        return parse_class_english(k);
    if (k == YYSYMBOL_YYEOF)
        return "fin de fichier";
    return yysymbol_name(k);
}

/* Keywords and punctuation are quoted; classes of tokens ("un nom") are not. */
static bool parse_token_is_class(yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_IDENT: case YYSYMBOL_NUMBER: case YYSYMBOL_DATE: case YYSYMBOL_MONTH:
    case YYSYMBOL_STRING: case YYSYMBOL_NL: case YYSYMBOL_YYEOF: case YYSYMBOL_TABLE_RULE:
        return true;
    default:
        return false;
    }
}

/* A keyword is shown as the charter spells its keywords (charter_english), quoted as the
** message's language quotes; a class of tokens is named in the message's language. */
static const char *parse_token_shown(yysymbol_kind_t k, bool english, bool charter_english)
{
    /* A date the scanner did not read as one (« 1er janvier 2025 », « 01/01/25 ») is met
    ** here: the message shows the forms it reads. */
    if (k == YYSYMBOL_DATE)
        return english ? "date (DD/MM/YYYY or YYYY-MM-DD)" : "date (JJ/MM/AAAA ou AAAA-MM-JJ)";
    if (k == YYSYMBOL_MONTH)
        return english ? "month (MM/YYYY or YYYY-MM)" : "mois (MM/AAAA ou AAAA-MM)";
    if (parse_token_is_class(k))
        return parse_token_name(k, english);
    const char *name = parse_token_name(k, charter_english);
    return english ? say_q_en(name) : say_q_fr(name);
}

/* "« et », « ou » ou fin de ligne" / "« and », « or » or end of line"; SAY_NONE
** when there are too many to be useful: naming none beats naming a random few. */
static Say parse_expected_list(const yypcontext_t *ctx, bool charter_english)
{
    enum { SHOWN = 5 };
    yysymbol_kind_t expected[SHOWN + 1];
    int n = yypcontext_expected_tokens(ctx, expected, SHOWN + 1);
    if (n <= 0 || n > SHOWN)
        return SAY_NONE;
    Say s = say("", "");
    for (int i = 0; i < n; i++) {
        bool last = i == n - 1;
        s = SAYF(("%s%s%s", s.fr, i == 0 ? "" : last ? " ou " : ", ", parse_token_shown(expected[i], false, charter_english)),
                 ("%s%s%s", s.en, i == 0 ? "" : last ? " or " : ", ", parse_token_shown(expected[i], true, charter_english)));
    }
    return s;
}

static bool parse_expects(const yypcontext_t *ctx, yysymbol_kind_t want)
{
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    for (int i = 0; i < n; i++)
        if (expected[i] == want)
            return true;
    return false;
}

/* C0106: a name of several words without « » (`Ville de Marseille` as an owner):
** the unexpected name follows a name, or stands where a string is expected. */
static bool parse_unquoted_words(const yypcontext_t *ctx, ParseState *ps, yysymbol_kind_t got)
{
    if (got != YYSYMBOL_IDENT)
        return false;
    const char *t = ps->src->text;
    Span sp = *yypcontext_location(ctx);
    uint32_t from = sp.start, end = sp.end;
    bool after_name = ps->lex->read_prev == TOK_IDENT && !memchr(t + ps->lex->read_prev_span.end, '\n',
                                                                 sp.start - ps->lex->read_prev_span.end);
    if (after_name)
        from = ps->lex->read_prev_span.start;
    else if (!parse_expects(ctx, YYSYMBOL_STRING))
        return false;
    /* the name runs to the end of its cell or clause */
    while (end < ps->src->len && t[end] != '\n' && !strchr("|,:", t[end]))
        end++;
    while (end > sp.end && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\r'))
        end--;
    if (!after_name && end == sp.end)
        return false;
    Span at = { from, end };
    char *words = source_text(ps->src, at);
    size_t n = strlen(words);
    diag_add(ps->dl, DIAG_ERROR, "C0106", ps->src, at,
             SAYF(("erreur de syntaxe : un nom de plusieurs mots s'écrit entre guillemets : « %s »",
                   visible_named(words, n, false)),
                  ("syntax error: a name of several words is written in quotes: %s",
                   say_q_en(visible_named(words, n, true)))));
    return true;
}

/* C0105: a declaration where only items (article, amendment, example, use)
** may stand, before the first article. The tokens that start a decl. */
static bool parse_decl_outside_article(const yypcontext_t *ctx, ParseState *ps, yysymbol_kind_t got)
{
    static const yysymbol_kind_t starts[] = {
        YYSYMBOL_PERIMETRE, YYSYMBOL_CATEGORIE, YYSYMBOL_PLANCHER, YYSYMBOL_FAMILLE, YYSYMBOL_PUBLIC,
        YYSYMBOL_ELIGIBLE, YYSYMBOL_ELIGIBLE_AUSSI, YYSYMBOL_ELIGIBLE_SEULEMENT_SI, YYSYMBOL_CONSTANTE,
        YYSYMBOL_OBJECTIF, YYSYMBOL_OBJECTIFS, YYSYMBOL_PIPE, YYSYMBOL_ARRONDIES, YYSYMBOL_ELIG_VALABLE,
        YYSYMBOL_MODALITES_RETENUES, YYSYMBOL_HEURES_DE, YYSYMBOL_COMITE, YYSYMBOL_STRUCTURE_PILOTE,
        YYSYMBOL_BILAN, YYSYMBOL_INDICATEUR, YYSYMBOL_SECRET, YYSYMBOL_DONNEES, YYSYMBOL_AVERTISSEMENT_ACCEPTE,
    };
    bool starts_decl = false;
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        starts_decl |= starts[i] == got;
    if (!starts_decl || !parse_expects(ctx, YYSYMBOL_ARTICLE))
        return false;
    const char *art = vocab_in(VOCAB_ARTICLE, ps->english);
    diag_add(ps->dl, DIAG_ERROR, "C0105", ps->src, *yypcontext_location(ctx),
             SAYF(("erreur de syntaxe : « %s » hors d'un article : les déclarations se placent dans un article "
                   "(« %s 1 « Titre » », puis les déclarations en retrait)",
                   source_text(ps->src, *yypcontext_location(ctx)), art),
                  ("syntax error: %s outside an article: declarations live in articles "
                   "(%s, then the declarations, indented)",
                   say_q_en(source_text(ps->src, *yypcontext_location(ctx))), say_q_en(rt_sprintf("%s 1 « Title »", art)))));
    return true;
}

/* C0103: the unexpected word is a keyword that the grammar expects here, misspelt
** (`artcle 3`, `en vigeur du`); the caret goes on the misspelt word itself. */
static bool parse_misspelt_keyword(const yypcontext_t *ctx, ParseState *ps, yysymbol_kind_t got)
{
    if (got != YYSYMBOL_IDENT && !parse_symbol_word(got))
        return false;
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS), tokens[YYNTOKENS + VOCAB_COUNT], k = 0;
    for (int i = 0; i < n; i++) {
        const VocabWord *w = parse_symbol_word(expected[i]);
        if (w)
            tokens[k++] = w->token;
    }
    Span sp = *yypcontext_location(ctx);
    uint32_t from = sp.start;
    VocabGuess g;
    if (!vocab_guess(ps->src->text + from, ps->src->len - from, tokens, k, got != YYSYMBOL_IDENT,
                     ps->english, &g)) {
        /* `en vigeur du`: the first word was read as a name, so the phrase
        ** starts before the error; any keyword of several words, from the line's start. */
        while (from > 0 && ps->src->text[from - 1] != '\n')
            from--;
        while (from < sp.start && (ps->src->text[from] == ' ' || ps->src->text[from] == '\t'))
            from++;
        k = 0;
        for (int i = 0; i < VOCAB_COUNT; i++)
            if (vocab_get((VocabId)i)->kind == VOCAB_KIND_KEYWORD)
                tokens[k++] = vocab_get((VocabId)i)->token;
        if (from == sp.start ||
            !vocab_guess(ps->src->text + from, ps->src->len - from, tokens, k, true, ps->english, &g))
            return false;
    }
    Span at = { from + (uint32_t)g.at, from + (uint32_t)(g.at + g.len) };
    char *bad = source_text(ps->src, at);
    size_t bad_len = strlen(bad);
    diag_add(ps->dl, DIAG_ERROR, "C0103", ps->src, at,
             SAYF(("erreur de syntaxe : « %s » inattendu ; vouliez-vous dire « %s » ?", visible_named(bad, bad_len, false),
                   g.fix),
                  ("syntax error: unexpected %s; did you mean %s?", say_q_en(visible_named(bad, bad_len, true)),
                   say_q_en(g.fix))));
    return true;
}

/* « 40 000 euros », « 8 pour cent »: a unit written as a word after a number is not read as
** one (a unit is a sign: « € », « % »), and the nearest keyword (« et » for « EUR ») would
** mislead; the error names the sign. */
static bool parse_unit_word(const yypcontext_t *ctx, ParseState *ps, yysymbol_kind_t got)
{
    static const struct { const char *word, *sign; } words[] = {
        { "pour cent", "%" }, { "pourcents", "%" }, { "pourcent", "%" }, { "percent", "%" },
        { "euros", "€" }, { "euro", "€" }, { "eur", "€" },
    };
    Span sp = *yypcontext_location(ctx);
    const char *text = ps->src->text;
    uint32_t before = sp.start;
    while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t'))
        before--;
    if (got == YYSYMBOL_YYEOF || before == sp.start || before == 0 ||
        text[before - 1] < '0' || text[before - 1] > '9')
        return false;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].word);
        if (ps->src->len - sp.start < n || strncasecmp(text + sp.start, words[i].word, n) != 0)
            continue;
        if (sp.start + n < ps->src->len && (isalnum((unsigned char)text[sp.start + n]) ||
                                            (unsigned char)text[sp.start + n] >= 0x80))
            continue;
        Span at = { sp.start, sp.start + (uint32_t)n };
        char *bad = source_text(ps->src, at);
        diag_add(ps->dl, DIAG_ERROR, "C0103", ps->src, at,
                 SAYF(("erreur de syntaxe : « %s » inattendu ; une unité s'écrit par son signe : « %s »",
                       bad, words[i].sign),
                      ("syntax error: unexpected %s; a unit is written as its sign: %s",
                       say_q_en(bad), say_q_en(words[i].sign))));
        return true;
    }
    return false;
}

/* A '(' left open joins every line after it into one (lex_newline), so the
** parser stumbles on the next declaration, lines below the mistake: the
** error names the parenthesis, where the writer has to look. */
static bool parse_unclosed_paren(ParseState *ps, Span at, Say got)
{
    Span open = ps->lex->paren_open;
    if (ps->lex->paren_depth == 0 || at.start <= open.start ||
        !memchr(ps->src->text + open.start, '\n', at.start - open.start))
        return false;
    if (at.start >= ps->src->len) /* the line break the scanner adds at the end */
        got = SAYF(("%s inattendue", parse_token_name(YYSYMBOL_YYEOF, false)),
                   ("unexpected %s", parse_token_name(YYSYMBOL_YYEOF, true)));
    uint32_t line, col;
    source_position(ps->src, open.start, &line, &col);
    Diag *d = diag_add(ps->dl, DIAG_ERROR, "C0102", ps->src, at,
                       SAYF(("erreur de syntaxe : la parenthèse ouverte ligne %u n'est pas fermée (%s)", line, got.fr),
                            ("syntax error: the parenthesis opened on line %u is not closed (%s)", line, got.en)));
    diag_note(d, ps->src, open, say("la parenthèse s'ouvre ici : fermez-la par « ) »",
                                    "the parenthesis opens here: close it with « ) »"));
    return true;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, ParseState *ps)
{
    (void)scanner;
    if (ps->lex->fatal)
        return 0;
    if (++ps->syntax_errors > PARSE_MAX_ERRORS) {
        if (ps->syntax_errors == PARSE_MAX_ERRORS + 1)
            diag_add(ps->dl, DIAG_ERROR, "C0702", ps->src, *yypcontext_location(ctx),
                     SAYF(("trop d'erreurs de syntaxe (%d) : lecture arrêtée ici", PARSE_MAX_ERRORS),
                          ("too many syntax errors (%d): reading stopped here", PARSE_MAX_ERRORS)));
        ps->lex->fatal = true;
        return 0;
    }
    yysymbol_kind_t got_kind = yypcontext_token(ctx);
    if (got_kind == YYSYMBOL_YYEOF && ps->lex->brace_depth > 0) {
        Diag *d = diag_add(ps->dl, DIAG_ERROR, "C0102", ps->src, *yypcontext_location(ctx),
                           say("fin de fichier inattendue : bloc non fermé (« } » attendu)",
                               "unexpected end of file: unclosed block (“}” expected)"));
        diag_note(d, ps->src, ps->lex->brace_open, say("le bloc s'ouvre ici", "the block opens here"));
        return 0;
    }
    if (parse_unit_word(ctx, ps, got_kind) || parse_misspelt_keyword(ctx, ps, got_kind))
        return 0;
    if (parse_unquoted_words(ctx, ps, got_kind))
        return 0;
    if (parse_decl_outside_article(ctx, ps, got_kind))
        return 0;
    Say expected = parse_expected_list(ctx, ps->english), got;
    if (got_kind == YYSYMBOL_YYEOF || got_kind == YYSYMBOL_NL) {
        got = SAYF(("%s inattendue", parse_token_name(got_kind, false)),
                   ("unexpected %s", parse_token_name(got_kind, true)));
    } else {
        Span sp = *yypcontext_location(ctx);
        char *text = source_text(ps->src, sp);
        if (strlen(text) > 40)
            text = rt_sprintf("%.37s…", text);
        got = SAYF(("« %s » inattendu", text), ("unexpected %s", say_q_en(text)));
    }
    if (parse_unclosed_paren(ps, *yypcontext_location(ctx), got))
        return 0;
    bool listed = say_is_set(expected);
    diag_add(ps->dl, DIAG_ERROR, "C0101", ps->src, *yypcontext_location(ctx),
             SAYF(("erreur de syntaxe : %s%s%s", got.fr, listed ? " ; attendu : " : "", listed ? expected.fr : ""),
                  ("syntax error: %s%s%s", got.en, listed ? "; expected " : "", listed ? expected.en : "")));
    return 0;
}

/* ---- the driver -------------------------------------------------------------------------- */

int lex_yylex_init_extra(LexState *extra, yyscan_t *scanner);
int lex_yylex_destroy(yyscan_t scanner);

/* flex reads the text a buffer at a time (YY_INPUT, lang/lexer.l): no copy of
** the whole text, which for 50 000 lines was 3.6 MB of fresh pages (and, left
** to the collector, one more text kept alive by each re-check of the language
** server until a collection came by). Tokens hold copies of their text, never
** a pointer into the scanner's buffer. */
static void scan_text(const char *text, size_t len, yyscan_t scanner)
{
    /* A byte order mark that opens the file is not text: skipped here rather
    ** than by a rule, because flex would take it as the first letter of the
    ** name that follows (the longest match) and report it as a bad character. */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    LexState *ls = lex_yyget_extra(scanner);
    ls->offset = (uint32_t)skip;
    ls->input = text + skip;
    ls->input_left = len - skip;
}

/* A carriage return that no line feed follows: the line end of the classic
** Mac OS, which the scanner reads as a blank, so that the file would be one
** line, the rest of it lost in the first comment, silently. Refused, not read
** as a line end: no editor writes it today, and a third form of line end
** would be one more in every place that counts lines (positions, the language
** server's, fmt's line ends, the digest's published recipe); the fix is one
** command. Told at 1:1, where the file's first line starts. */
bool parse_lone_cr(Source *src, const char *text, size_t len, DiagList *dl)
{
    const char *end = text + len;
    for (const char *cr = text; (cr = memchr(cr, '\r', (size_t)(end - cr))) != NULL; cr++) {
        if (cr + 1 < end && cr[1] == '\n')
            continue;
        diag_add(dl, DIAG_ERROR, "C0011", src, (Span){ 0, 1 },
                 say("fin de ligne en retour chariot seul (CR, format des anciens Mac) : charte ne lit comme fins de "
                     "ligne que LF et CRLF, et lirait comme une seule les lignes qu'il sépare ; enregistrez le fichier "
                     "avec des fins de ligne LF (Unix) ou CRLF (Windows)",
                     "line end as a lone carriage return (CR, the classic Mac format): charte reads only LF and CRLF as "
                     "line ends, and would read the lines it separates as one; save the file with LF (Unix) or CRLF "
                     "(Windows) line ends"));
        return true;
    }
    return false;
}

/* Lines longer than the limit are refused before scanning, so that a
** 100 MB line costs one pass and one message. */
static bool parse_check_lines(Source *src, DiagList *dl)
{
    const char *nul = memchr(src->text, '\0', src->len);
    if (nul) {
        Span sp = { (uint32_t)(nul - src->text), (uint32_t)(nul - src->text) + 1 };
        diag_add(dl, DIAG_ERROR, "C0002", src, sp,
                 say("octet nul : ce fichier n'est pas un texte UTF-8 (fichier binaire, ou enregistré en UTF-16 ?)",
                     "NUL byte: this file is not UTF-8 text (a binary file, or saved as UTF-16?)"));
        return false;
    }
    if (parse_lone_cr(src, src->text, src->len, dl))
        return false;
    /* memchr from line break to line break: a byte at a time was 22 M
    ** instructions for 50 000 lines. */
    const char *end = src->text + src->len;
    for (const char *p = src->text, *nl; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) {
        size_t start = (size_t)(p - src->text), i = (size_t)(nl - src->text);
        if (i - start > PARSE_MAX_LINE_BYTES) {
            Span sp = { (uint32_t)start, (uint32_t)start + 1 };
            diag_add(dl, DIAG_ERROR, "C0701", src, sp,
                     SAYF(("ligne trop longue (%s octets ; limite : %s)", num_count_to_reader((long)(i - start), false),
                           num_count_to_reader(PARSE_MAX_LINE_BYTES, false)),
                          ("line too long (%s bytes; limit: %s)", num_count_to_reader((long)(i - start), true),
                           num_count_to_reader(PARSE_MAX_LINE_BYTES, true))));
            return false;
        }
    }
    return true;
}

/* The text up to the end of its first line that holds more than blanks, a
** byte order mark or a comment: no token crosses a line break, so the first
** token is in it when the scanner finds one there. */
static size_t first_line_end(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const unsigned char *p = (const unsigned char *)text + i;
        if (*p == ' ' || *p == '\t' || *p == '\r')
            i++;
        else if (*p == '\n')
            i++;
        else if (i + 1 < len && p[0] == 0xC2 && p[1] == 0xA0)
            i += 2;
        else if (i + 2 < len && ((p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) ||
                                 (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)))
            i += 3;
        else if (i + 1 < len && p[0] == '-' && p[1] == '-') {
            const char *nl = memchr(text + i, '\n', len - i);
            i = nl ? (size_t)(nl - text) + 1 : len;
        } else {
            const char *nl = memchr(text + i, '\n', len - i);
            return nl ? (size_t)(nl - text) + 1 : len;
        }
    }
    return len;
}

static int first_token_in(const char *text, size_t len, size_t *end, LexUnit *unit)
{
    LexState *ls = RT_NEW(LexState);
    ls->src = source_from_memory("", text, len);
    ls->dl = diag_list_new();
    AstList comments = { 0 };
    ls->comments = &comments;
    yyscan_t scanner;
    if (lex_yylex_init_extra(ls, &scanner) != 0)
        return 0;
    scan_text(text, len, scanner);
    PARSE_YYSTYPE val = { 0 };
    Span at = { 0, 0 };
    int tok = lex_token(&val, &at, scanner);
    lex_yylex_destroy(scanner);
    *end = at.end;
    *unit = tok == TOK_NUMBER ? val.tok.unit : LEX_UNIT_NONE;
    return tok;
}

/* Scanning the first line only, not a copy of a 3.6 MB text; the whole text
** when that line ends the input for the scanner (it skipped what it holds). */
int parse_first_token(const char *text, size_t len, size_t *end, LexUnit *unit)
{
    size_t cut = first_line_end(text, len);
    int tok = first_token_in(text, cut, end, unit);
    if (cut < len && (tok == 0 || tok == TOK_NL))
        tok = first_token_in(text, len, end, unit);
    return tok;
}

int parse_tokens(Source *src, DiagList *dl, ParseToken **out, AstList *comments)
{
    *out = NULL;
    if (!parse_check_lines(src, dl))
        return 0;
    LexState *ls = RT_NEW(LexState);
    ls->src = src;
    ls->dl = dl;
    ls->comments = comments;
    yyscan_t scanner;
    if (lex_yylex_init_extra(ls, &scanner) != 0)
        return 0;
    scan_text(src->text, src->len, scanner);
    int n = 0, cap = 64;
    ParseToken *toks = rt_alloc(sizeof *toks * (size_t)cap);
    for (;;) {
        PARSE_YYSTYPE val = { 0 };
        Span at = { 0, 0 };
        int tok = lex_token(&val, &at, scanner);
        if (tok == 0)
            break;
        if (n == cap) {
            ParseToken *bigger = rt_alloc(sizeof *toks * (size_t)cap * 2);
            memcpy(bigger, toks, sizeof *toks * (size_t)n);
            toks = bigger;
            cap *= 2;
        }
        toks[n].kind = tok;
        toks[n].span = at;
        toks[n].value = (tok == TOK_IDENT || tok == TOK_NUMBER || tok == TOK_DATE || tok == TOK_MONTH ||
                         tok == TOK_STRING) ? val.tok : (LexTok){ NULL, LEX_UNIT_NONE };
        n++;
    }
    lex_yylex_destroy(scanner);
    *out = toks;
    return n;
}

AstCharter *parse_charter(Source *src, DiagList *dl)
{
    AstCharter *c = RT_NEW(AstCharter);
    c->src = src;
    c->span = (Span){ 0, (uint32_t)src->len };
    c->incomplete = true;
    if (!parse_check_lines(src, dl))
        return c;
    LexState *ls = RT_NEW(LexState);
    ls->src = src;
    ls->dl = dl;
    ls->comments = &c->comments;
    ParseState ps = { .src = src, .dl = dl, .lex = ls, .arena = &ls->arena, .charter = c };
    size_t first_end;
    LexUnit first_unit;
    ps.english = parse_first_token(src->text, src->len, &first_end, &first_unit) == TOK_CHARTE &&
                 first_end >= 7 && strncasecmp(src->text + first_end - 7, "charter", 7) == 0;
    yyscan_t scanner;
    if (lex_yylex_init_extra(ls, &scanner) != 0) {
        diag_add(dl, DIAG_ERROR, "C0703", src, c->span, say("mémoire épuisée", "out of memory"));
        return c;
    }
    scan_text(src->text, src->len, scanner);
    /* Keep the first keyword's language: messages and suggestions can follow it. */
    c->english = ps.english;
    c->incomplete = parse_yyparse(scanner, &ps) != 0 || ls->fatal || ps.too_deep;
    lex_yylex_destroy(scanner);
    return c;
}
