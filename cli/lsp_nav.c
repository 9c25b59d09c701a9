/* cli/lsp_nav.c: going to a definition (across imports, the stdlib included) and the outline of a document (articles, amendments, examples). */
#include "lsp.h"
#include "lsp_pos.h"

#include "gc.h"

#include <string.h>

static json_t *nav_location(const LspDoc *d, Source *src, Span span)
{
    const char *uri = lsp_docs_source_uri(d, src);
    if (!uri)
        return NULL;
    return json_pack("{s:s,s:o}", "uri", uri, "range", lsp_pos_range(src, span));
}

const AstCharter *lsp_nav_import_at(const Model *m, uint32_t offset, const AstItem **use)
{
    AstCharter *main = m->main;
    for (int i = 0; main && i < main->items.len; i++) {
        AstItem *it = AST_AT(main->items, AstItem, i);
        if (it->kind != AST_ITEM_USE || offset < it->span.start || offset > it->span.end)
            continue;
        for (int k = 0; k < m->nmodules; k++) {
            Source *src = m->modules[k]->src;
            const char *base = strrchr(src->name, '/');
            base = base ? base + 1 : src->name;
            const char *want = it->module_is_path ? strrchr(it->module, '/') : NULL;
            want = want ? want + 1 : it->module;
            bool same = it->module_is_path ? strcmp(base, want) == 0
                                           : strncmp(base, want, strlen(want)) == 0 && strcmp(base + strlen(want), ".charte") == 0;
            if (same && m->modules[k] != main) {
                *use = it;
                return m->modules[k];
            }
        }
    }
    return NULL;
}

/* The module a `utilise` line at offset names: its whole text. */
static json_t *nav_import(const LspDoc *d, uint32_t offset)
{
    const AstItem *use;
    const AstCharter *mod = lsp_nav_import_at(d->model, offset, &use);
    return mod ? nav_location(d, mod->src, (Span){ 0, 0 }) : NULL;
}

/* On `modifie l'article N`: article N of the same charter, which is the one an amendment
** amends (lang/rules.c looks there, C0409 when it is missing). */
static json_t *nav_amended(const LspDoc *d, uint32_t offset)
{
    const AstCharter *main = d->model->main;
    const char *number = NULL;
    for (int i = 0; main && i < main->items.len && !number; i++) {
        AstItem *it = AST_AT(main->items, AstItem, i);
        for (int j = 0; it->kind == AST_ITEM_AMENDMENT && j < it->decls.len && !number; j++) {
            AstDecl *dd = AST_AT(it->decls, AstDecl, j);
            if (dd->kind == AST_D_AMENDS && dd->span.start <= offset && offset <= dd->span.end)
                number = dd->extra->article;
        }
    }
    for (int i = 0; number && i < main->items.len; i++) {
        AstItem *it = AST_AT(main->items, AstItem, i);
        if (it->kind == AST_ITEM_ARTICLE && it->number && strcmp(it->number, number) == 0) {
            json_t *loc = nav_location(d, main->src, it->head_span);
            return loc ? json_pack("[o]", loc) : NULL;   /* the first of a number, as the checker */
        }
    }
    return NULL;
}

json_t *lsp_nav_definition(const LspServer *s, const LspDoc *d, uint32_t offset)
{
    Span w;
    if (!d->model)
        return json_null();
    json_t *import = nav_import(d, offset);
    if (import)
        return import;
    json_t *amended = nav_amended(d, offset);
    if (amended)
        return amended;
    if (!lsp_pos_word(d->src, offset, &w))
        return json_null();
    LspName names[8];
    int n = lsp_names_find(d->model, source_text(d->src, w), names, 8);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *loc = nav_location(d, names[i].prov.src, names[i].name_span);
        if (loc)
            json_array_append_new(arr, loc);
    }
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return json_null();
    }
    return arr;
}

/* SymbolKind of the protocol. */
enum {
    SYM_MODULE = 2, SYM_NAMESPACE = 3, SYM_PACKAGE = 4, SYM_CLASS = 5, SYM_METHOD = 6, SYM_FIELD = 8,
    SYM_ENUM = 10, SYM_VARIABLE = 13, SYM_CONSTANT = 14, SYM_OBJECT = 19, SYM_EVENT = 24
};

static int nav_decl_kind(AstDeclKind k)
{
    switch (k) {
    case AST_D_SCOPE:     return SYM_PACKAGE;
    case AST_D_CATEGORY:  return SYM_ENUM;
    case AST_D_FAMILY:    return SYM_CLASS;
    case AST_D_PUBLIC:    return SYM_VARIABLE;
    case AST_D_CONSTANT:  return SYM_CONSTANT;
    case AST_D_INDICATOR: return SYM_FIELD;
    case AST_D_SCHEMA:    return SYM_OBJECT;
    default:              return 0;
    }
}

static json_t *nav_symbol(Source *src, const char *name, const char *detail, int kind, Span range, Span sel)
{
    json_t *o = json_pack("{s:o,s:i,s:o,s:o}", "name", diag_json_text(*name ? name : "?"), "kind", kind,
                          "range", lsp_pos_range(src, range), "selectionRange", lsp_pos_range(src, sel));
    if (detail)
        json_object_set_new(o, "detail", diag_json_text(detail));
    return o;
}

/* The names a table declares in its first column (families, scopes). */
static void nav_table_rows(json_t *children, Source *src, const AstDecl *t)
{
    if (t->extra->headers.len == 0)
        return;
    AstKey key = AST_AT(t->extra->headers, AstHeader, 0)->key;
    int kind = key == AST_KEY_FAMILLE ? SYM_CLASS : key == AST_KEY_PERIMETRE ? SYM_PACKAGE
             : key == AST_KEY_CATEGORIE ? SYM_ENUM : 0;
    if (!kind || t->scope)       /* a table of targets names families it does not declare */
        return;
    for (int r = 0; r < t->extra->rows.len; r++) {
        AstRow *row = AST_AT(t->extra->rows, AstRow, r);
        AstExpr *cell = row->cells.len ? AST_AT(row->cells, AstExpr, 0) : NULL;
        if (cell && cell->kind == AST_E_NAME)
            json_array_append_new(children, nav_symbol(src, cell->u.text, NULL, kind, row->span, cell->span));
    }
}

const char *lsp_nav_item_word(const AstItem *it, bool english)
{
    return it->kind == AST_ITEM_ARTICLE ? "article" : it->kind == AST_ITEM_AMENDMENT ? (english ? "amendment" : "avenant")
         : (english ? "example" : "exemple");
}

static json_t *nav_item_symbol(Source *src, const AstItem *it, bool en)
{
    const char *word = lsp_nav_item_word(it, en);
    const char *name = it->number ? rt_sprintf("%s %s", word, it->number)
                     : it->title ? rt_sprintf(en ? "%s “%s”" : "%s « %s »", word, it->title) : word;
    int kind = it->kind == AST_ITEM_ARTICLE ? SYM_NAMESPACE : it->kind == AST_ITEM_AMENDMENT ? SYM_EVENT : SYM_METHOD;
    json_t *o = nav_symbol(src, name, it->number ? it->title : NULL, kind, it->span, it->head_span);
    json_t *children = json_array();
    for (int j = 0; j < it->decls.len; j++) {
        AstDecl *d = AST_AT(it->decls, AstDecl, j);
        int k = nav_decl_kind(d->kind);
        if (d->kind == AST_D_TABLE)
            nav_table_rows(children, src, d);
        else if (k && d->name)
            json_array_append_new(children, nav_symbol(src, d->name, d->extra->title, k, d->span, d->name_span));
    }
    json_object_set_new(o, "children", children);
    return o;
}

json_t *lsp_nav_symbols(const LspServer *s, const LspDoc *d)
{
    const Model *m = d->model;
    if (!m || !m->main || m->main->src != d->src)
        return json_array();     /* the outline of a text that does not parse is not shown stale */
    json_t *arr = json_array();
    AstCharter *c = m->main;
    for (int i = 0; i < c->items.len; i++) {
        AstItem *it = AST_AT(c->items, AstItem, i);
        if (it->kind != AST_ITEM_USE)
            json_array_append_new(arr, nav_item_symbol(d->src, it, c->english));
    }
    return arr;
}
