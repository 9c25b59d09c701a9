/* lang/ast.c: constructors of syntax-tree nodes (GC memory), their names, and the --dump-ast outline. */
#include "ast.h"

#include "gc.h"
#include "vocab.h"

#include <string.h>

void ast_list_push(RtArena *a, AstList *l, void *item)
{
    /* Most lists of a tree hold one or two nodes (a family's fields): they
    ** start with room for two, in the parser's arena, where a block of the
    ** collector took 32 bytes (and a lookup of its size at each push). */
    if (l->len == l->cap) {
        int cap = l->cap ? 2 * l->cap : 2;
        void **items = rt_arena_alloc(a, sizeof *items * (size_t)cap, _Alignof(void *));
        if (l->len)
            memcpy(items, l->items, sizeof *items * (size_t)l->len);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = item;
}

Span span_join(Span a, Span b)
{
    Span s = { a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end };
    return s;
}

/* The _in constructors cut their node from the parser's arena (base/gc.h):
** a tree of 50 000 lines has 225 000 of them. A NULL arena (a node built by
** the checker or a test) gets a block of its own. */
AstExpr *ast_expr_in(RtArena *a, AstExprKind kind, Span span)
{
    AstExpr *e = RT_ARENA_NEW(a, AstExpr);
    e->kind = kind;
    e->span = span;
    e->ref_index = -1;
    return e;
}

AstExpr *ast_expr(AstExprKind kind, Span span) { return ast_expr_in(NULL, kind, span); }

AstExpr *ast_binary_in(RtArena *a, AstOp op, AstExpr *lhs, AstExpr *rhs)
{
    AstExpr *e = ast_expr_in(a, AST_E_BINARY, span_join(lhs->span, rhs->span));
    e->depth = 1 + (lhs->depth > rhs->depth ? lhs->depth : rhs->depth);
    e->u.op.op = op;
    e->u.op.lhs = lhs;
    e->u.op.rhs = rhs;
    return e;
}

AstExpr *ast_binary(AstOp op, AstExpr *lhs, AstExpr *rhs) { return ast_binary_in(NULL, op, lhs, rhs); }

AstExpr *ast_unary_in(RtArena *a, AstOp op, AstExpr *operand, Span span)
{
    AstExpr *e = ast_expr_in(a, AST_E_UNARY, span_join(span, operand->span));
    e->depth = 1 + operand->depth;
    e->u.op.op = op;
    e->u.op.lhs = operand;
    return e;
}

AstField *ast_field_in(RtArena *a, AstKey key, const char *word, Span key_span, AstExpr *value)
{
    AstField *f = RT_ARENA_NEW(a, AstField);
    f->key = key;
    f->word = word;
    f->key_span = key_span;
    f->value = value;
    f->span = value ? span_join(key_span, value->span) : key_span;
    return f;
}

/* What a family's or a target's extra fields hold: nothing. Read-only memory,
** so that a parser action that wrote one of them would fault at once instead
** of writing into every family's. */
static const AstDeclExtra ast_no_extra;

/* Targets, and families without a name, write none of the extra fields
** (lang/parser.y): they share ast_no_extra; every other kind has its own,
** zeroed, and a named family takes one (ast_decl_own_extra). */
static bool ast_decl_has_extra(AstDeclKind kind)
{
    return kind != AST_D_FAMILY && kind != AST_D_TARGET;
}

AstDecl *ast_decl_in(RtArena *a, AstDeclKind kind, Span span)
{
    AstDecl *d = RT_ARENA_NEW(a, AstDecl);
    d->kind = kind;
    d->span = span;
    d->extra = ast_decl_has_extra(kind) ? RT_ARENA_NEW(a, AstDeclExtra) : (AstDeclExtra *)&ast_no_extra;
    return d;
}

void ast_decl_own_extra(RtArena *a, AstDecl *d)
{
    if (d->extra == &ast_no_extra)
        d->extra = RT_ARENA_NEW(a, AstDeclExtra);
}

AstItem *ast_item_in(RtArena *a, AstItemKind kind, Span span)
{
    AstItem *it = RT_ARENA_NEW(a, AstItem);
    it->kind = kind;
    it->span = span;
    it->head_span = span;
    return it;
}

const char *ast_key_name(AstKey key, bool english)
{
    static const VocabId word[] = {
        [AST_KEY_FAMILLE] = VOCAB_FAMILLE, [AST_KEY_CATEGORIE] = VOCAB_CATEGORIE,
        [AST_KEY_PERIMETRE] = VOCAB_PERIMETRE, [AST_KEY_PART_MO] = VOCAB_PART_MO,
        [AST_KEY_COUT_HORAIRE] = VOCAB_COUT_HORAIRE, [AST_KEY_PART_DES_HEURES] = VOCAB_PART_DES_HEURES,
        [AST_KEY_HEURES] = VOCAB_HEURES, [AST_KEY_SEUIL] = VOCAB_SEUIL,
        [AST_KEY_OBJECTIF] = VOCAB_OBJECTIF, [AST_KEY_DANS] = VOCAB_DANS,
        [AST_KEY_MARCHE] = VOCAB_MARCHE, [AST_KEY_PARTICIPANT] = VOCAB_PARTICIPANT,
        [AST_KEY_PUBLIC] = VOCAB_PUBLIC, [AST_KEY_AVENANT] = VOCAB_AVENANT,
    };
    if (key == AST_KEY_WORD)
        return "";
    if ((unsigned)key >= sizeof word / sizeof word[0])
        return "?";
    return vocab_in(word[key], english);
}

const char *ast_level_name(AstLevel level, bool english)
{
    static const VocabId word[] = {
        [AST_LEVEL_NATIONAL] = VOCAB_NATIONAL, [AST_LEVEL_INTERCOMMUNAL] = VOCAB_INTERCOMMUNAL,
        [AST_LEVEL_COMMUNE] = VOCAB_COMMUNE, [AST_LEVEL_PROJET] = VOCAB_PROJET,
    };
    if ((unsigned)level >= sizeof word / sizeof word[0])
        return "?";
    return vocab_in(word[level], english);
}

/* ORDER AstPool, in both tables. */
Say ast_pool_words(AstPool pool)
{
    static const Say words[] = {
        { "par marché", "per contract" }, { "mutualisé", "pooled" },
        { "mutualisé par maître d'ouvrage", "pooled per contracting authority" },
    };
    return words[(unsigned)pool < sizeof words / sizeof words[0] ? pool : AST_POOL_NONE];
}

const char *ast_pool_key(AstPool pool)
{
    static const char *const keys[] = { "par_marche", "mutualise", "mutualise_par_maitre_ouvrage" };
    return keys[(unsigned)pool < sizeof keys / sizeof keys[0] ? pool : AST_POOL_NONE];
}

const char *ast_decl_kind_name(AstDeclKind kind)
{
    /* ORDER AstDeclKind */
    static const char *const names[] = {
        "périmètre", "catégorie", "plancher", "famille", "public", "éligible", "éligible aussi",
        "éligible seulement si", "constante",
        "objectif", "table", "arrondi", "éligibilité", "modalités", "plafond", "comité",
        "structure pilote", "bilan", "indicateur", "secret statistique", "données",
        "applicable", "modifie", "avertissement accepté", "erreur"
    };
    if ((unsigned)kind >= sizeof names / sizeof names[0])
        return "?";
    return names[kind];
}

const char *ast_op_text(AstOp op)
{
    /* ORDER AstOp */
    static const char *const names[] = {
        "ou", "et", "non", "-", "+", "-", "×", "÷", "=", "≠", "<", "≤", ">", "≥"
    };
    if ((unsigned)op >= sizeof names / sizeof names[0])
        return "?";
    return names[op];
}

/* ---- outline ------------------------------------------------------------------------------ */

static void ast_dump_expr(const AstExpr *e, FILE *out)
{
    if (!e) {
        fputs("∅", out);
        return;
    }
    switch (e->kind) {
    case AST_E_NUMBER:
        fprintf(out, "%s", e->u.num.text);
        switch (e->u.num.unit) {
        case LEX_UNIT_PERCENT: fputs(" %", out); break;
        case LEX_UNIT_EUR: fputs(" €", out); break;
        case LEX_UNIT_HOUR: fputs(" h", out); break;
        case LEX_UNIT_EUR_PER_HOUR: fputs(" €/h", out); break;
        case LEX_UNIT_DAY: fputs(" jours", out); break;
        case LEX_UNIT_WEEK: fputs(" semaines", out); break;
        case LEX_UNIT_MONTH: fputs(" mois", out); break;
        case LEX_UNIT_YEAR: fputs(" ans", out); break;
        case LEX_UNIT_NONE: break;
        }
        break;
    case AST_E_DATE: fprintf(out, "date(%s)", e->u.text); break;
    case AST_E_MONTH: fprintf(out, "mois(%s)", e->u.text); break;
    case AST_E_STRING: fprintf(out, "«%s»", e->u.text); break;
    case AST_E_NAME: fputs(e->u.text, out); break;
    case AST_E_BOOL: fputs(e->u.boolean ? "vrai" : "faux", out); break;
    case AST_E_UNARY:
        fprintf(out, "(%s ", ast_op_text(e->u.op.op));
        ast_dump_expr(e->u.op.lhs, out);
        fputc(')', out);
        break;
    case AST_E_BINARY:
        fputc('(', out);
        ast_dump_expr(e->u.op.lhs, out);
        fprintf(out, " %s ", ast_op_text(e->u.op.op));
        ast_dump_expr(e->u.op.rhs, out);
        fputc(')', out);
        break;
    case AST_E_KNOWN:
        fputc('(', out);
        ast_dump_expr(e->u.op.lhs, out);
        fputs(" renseigné)", out);
        break;
    case AST_E_ERROR: fputs("<erreur>", out); break;
    }
}

static void ast_dump_fields(const AstList *fields, FILE *out)
{
    for (int i = 0; i < fields->len; i++) {
        const AstField *f = AST_AT(*fields, AstField, i);
        fprintf(out, "%s[%s", i ? ", " : " ", f->key == AST_KEY_WORD ? f->word : ast_key_name(f->key, false));
        if (f->value) {
            fputs(" = ", out);
            ast_dump_expr(f->value, out);
        }
        fputc(']', out);
    }
}

static void ast_dump_decl(const AstDecl *d, FILE *out)
{
    fprintf(out, "    %s", ast_decl_kind_name(d->kind));
    if (d->name)
        fprintf(out, " %s", d->name);
    if (d->extra->title)
        fprintf(out, " «%s»", d->extra->title);
    if (d->kind == AST_D_SCOPE)
        fprintf(out, " niveau=%s", ast_level_name(d->level, false));
    if (d->extra->parent)
        fprintf(out, " dans=%s", d->extra->parent);
    if (d->scope)
        fprintf(out, " à=%s", d->scope);
    if (d->owner) {
        fputs(" mo=", out);
        ast_dump_expr(d->owner, out);
    }
    if (d->ref)
        fprintf(out, " ref=%s", d->ref);
    if (d->of_hires)
        fputs(" des-embauches", out);
    if (d->pool != AST_POOL_NONE)
        fputs(d->pool == AST_POOL_OWNER ? " mutualisé-par-mo" : " mutualisé", out);
    if (d->expr) {
        fputs(" : ", out);
        ast_dump_expr(d->expr, out);
    }
    if (d->extra->date) {
        fputs(" date=", out);
        ast_dump_expr(d->extra->date, out);
    }
    if (d->extra->article)
        fprintf(out, " article=%s", d->extra->article);
    if (d->extra->by)
        fprintf(out, " par=%s", d->extra->by);
    ast_dump_fields(&d->fields, out);
    for (int i = 0; i < d->extra->names.len; i++) {
        fputs(i ? ", " : " {", out);
        ast_dump_expr(AST_AT(d->extra->names, AstExpr, i), out);
        if (i == d->extra->names.len - 1)
            fputc('}', out);
    }
    fputc('\n', out);
    if (d->extra->headers.len) {
        fputs("      |", out);
        for (int i = 0; i < d->extra->headers.len; i++) {
            const AstHeader *h = AST_AT(d->extra->headers, AstHeader, i);
            fprintf(out, " %s |", h->key == AST_KEY_WORD ? h->word : ast_key_name(h->key, false));
        }
        fputc('\n', out);
    }
    for (int r = 0; r < d->extra->rows.len; r++) {
        const AstRow *row = AST_AT(d->extra->rows, AstRow, r);
        fputs("      |", out);
        for (int i = 0; i < row->cells.len; i++) {
            fputc(' ', out);
            ast_dump_expr(AST_AT(row->cells, AstExpr, i), out);
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    for (int i = 0; i < d->extra->columns.len; i++) {
        const AstColumn *c = AST_AT(d->extra->columns, AstColumn, i);
        fprintf(out, "      %s : %s", c->name, c->type ? c->type->name : "?");
        if (c->type && c->type->ref_table)
            fprintf(out, " %s", c->type->ref_table);
        if (c->type)
            for (int k = 0; k < c->type->choices.len; k++) {
                fputs(k ? ", " : " (", out);
                ast_dump_expr(AST_AT(c->type->choices, AstExpr, k), out);
                if (k == c->type->choices.len - 1)
                    fputc(')', out);
            }
        if (c->type && c->type->min) {
            fputs(" entre ", out);
            ast_dump_expr(c->type->min, out);
            fputs(" et ", out);
            ast_dump_expr(c->type->max, out);
        }
        if (c->optional)
            fputs(" facultatif", out);
        if (c->required)
            fputs(" obligatoire", out);
        if (c->default_value) {
            fputs(" défaut=", out);
            ast_dump_expr(c->default_value, out);
        }
        for (int k = 0; k < c->headers.len; k++) {
            fputs(" colonne=", out);
            ast_dump_expr(AST_AT(c->headers, AstExpr, k), out);
        }
        fputc('\n', out);
    }
}

void ast_dump(const AstCharter *c, FILE *out)
{
    fprintf(out, "charte «%s»\n", c->title ? c->title : "");
    if (c->territory)
        fprintf(out, "  territoire «%s»\n", c->territory);
    if (c->reference)
        fprintf(out, "  référence «%s»\n", c->reference);
    if (c->valid_from) {
        fputs("  en vigueur ", out);
        ast_dump_expr(c->valid_from, out);
        fputs(" → ", out);
        ast_dump_expr(c->valid_to, out);
        fputc('\n', out);
    }
    if (c->signed_on) {
        fputs("  signée ", out);
        ast_dump_expr(c->signed_on, out);
        fputc('\n', out);
    }
    for (int i = 0; i < c->items.len; i++) {
        const AstItem *it = AST_AT(c->items, AstItem, i);
        switch (it->kind) {
        case AST_ITEM_USE:
            fprintf(out, "  utilise %s%s\n", it->module, it->module_is_path ? " (fichier)" : "");
            break;
        case AST_ITEM_ARTICLE:
        case AST_ITEM_AMENDMENT:
            fprintf(out, "  %s %s «%s»\n", it->kind == AST_ITEM_ARTICLE ? "article" : "avenant",
                    it->number ? it->number : "?", it->title ? it->title : "");
            for (int k = 0; k < it->decls.len; k++)
                ast_dump_decl(AST_AT(it->decls, AstDecl, k), out);
            break;
        case AST_ITEM_EXAMPLE:
            fprintf(out, "  exemple «%s»", it->title ? it->title : "");
            if (it->as_of) {
                fputs(" au ", out);
                ast_dump_expr(it->as_of, out);
            }
            fputc('\n', out);
            for (int k = 0; k < it->lines.len; k++) {
                const AstExampleLine *l = AST_AT(it->lines, AstExampleLine, k);
                static const char *const kinds[] = { "marché", "participant", "heures", "attendu", "erreur", "ligne" };
                fprintf(out, "    %s", kinds[l->kind]);
                if (l->word)
                    fprintf(out, " %s", l->word);
                if (l->id) {
                    fputc(' ', out);
                    ast_dump_expr(l->id, out);
                }
                fputs(" :", out);
                ast_dump_fields(&l->fields, out);
                fputc('\n', out);
            }
            break;
        }
    }
    fprintf(out, "  (%d commentaires)\n", c->comments.len);
}
