/* cli/lsp_names.c: the names a document can use (scopes, categories, families, publics, constants, indicators, columns), each with where it is declared. */
#include "lsp.h"

#include "gc.h"
#include "utf8.h"

#include <string.h>

static bool names_word_byte(unsigned char c)
{
    return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The name written inside its declaration's span (a row, a line): the first
** occurrence standing as a whole word; the whole span when none. */
static Span names_narrow(const Source *src, Span span, const char *name)
{
    size_t n = strlen(name);
    if (!src || !n || span.end > src->len)
        return span;
    for (uint32_t i = span.start; i + n <= span.end; i++) {
        if (memcmp(src->text + i, name, n) != 0)
            continue;
        bool word_before = i > 0 && names_word_byte((unsigned char)src->text[i - 1]);
        if (!word_before && !names_word_byte((unsigned char)src->text[i + n]))
            return (Span){ i, (uint32_t)(i + n) };
    }
    return span;
}

typedef struct NamesList {
    LspName *items;
    int len;
} NamesList;

static void names_push(NamesList *l, LspNameKind kind, const char *name, int index, int table, Prov prov)
{
    if (!name)
        return;
    RT_GROW(l->items, l->len);
    l->items[l->len++] = (LspName){ kind, name, index, table, NULL, prov, names_narrow(prov.src, prov.span, name) };
}

/* Constants live in the checker only: their declarations are read from the trees. */
static void names_constants(const Model *m, NamesList *l)
{
    int index = 0;
    for (int k = 0; k < m->nmodules; k++) {
        AstCharter *c = m->modules[k];
        for (int i = 0; c && i < c->items.len; i++) {
            AstItem *it = AST_AT(c->items, AstItem, i);
            for (int j = 0; j < it->decls.len; j++) {
                AstDecl *d = AST_AT(it->decls, AstDecl, j);
                if (d->kind != AST_D_CONSTANT || !d->name)
                    continue;
                bool amendment = it->kind == AST_ITEM_AMENDMENT;
                Prov p = { .src = c->src, .span = d->span, .item_title = it->title, .amendment = amendment,
                           .item = rt_sprintf("%s %s", amendment ? "avenant" : "article", it->number ? it->number : "?") };
                RT_GROW(l->items, l->len);
                l->items[l->len++] = (LspName){ LSP_NAME_CONSTANT, d->name, index++, -1, d, p, d->name_span };
            }
        }
    }
}

LspName *lsp_names_all(const Model *m, int *count)
{
    NamesList l = { 0 };
    for (int i = 0; m && i < m->nscopes; i++)
        names_push(&l, LSP_NAME_SCOPE, m->scopes[i].id, i, -1, m->scopes[i].prov);
    for (int i = 0; m && i < m->ncategories; i++)
        names_push(&l, LSP_NAME_CATEGORY, m->categories[i].id, i, -1, m->categories[i].prov);
    for (int i = 0; m && i < m->nfamilies; i++)
        names_push(&l, LSP_NAME_FAMILY, m->families[i].id, i, -1, m->families[i].prov);
    for (int i = 0; m && i < m->npublics; i++)
        names_push(&l, LSP_NAME_PUBLIC, m->publics[i].id, i, -1, m->publics[i].prov);
    for (int i = 0; m && i < m->nindicators; i++)
        names_push(&l, LSP_NAME_INDICATOR, m->indicators[i].id, i, -1, m->indicators[i].prov);
    for (int t = 0; m && t < 3; t++)
        for (int i = 0; i < m->tables[t].ncolumns; i++)
            names_push(&l, LSP_NAME_COLUMN, m->tables[t].columns[i].name, i, t, m->tables[t].columns[i].prov);
    if (m)
        names_constants(m, &l);
    *count = l.len;
    return l.items;
}

int lsp_names_find(const Model *m, const char *name, LspName *out, int max)
{
    int n, found = 0;
    LspName *all = lsp_names_all(m, &n);
    const char *nfc = utf8_nfc(name, strlen(name));
    for (int i = 0; i < n && found < max; i++)
        if (strcmp(all[i].name, nfc) == 0)
            out[found++] = all[i];
    return found;
}

const char *lsp_names_kind(LspNameKind kind, bool english)
{
    static const char *const fr[] = { "périmètre", "catégorie", "famille", "public", "constante", "indicateur", "colonne" };
    static const char *const en[] = { "scope", "category", "family", "public", "constant", "indicator", "column" };
    return (english ? en : fr)[kind];
}
