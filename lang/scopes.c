/* lang/scopes.c: scopes from declarations and tables; parents resolved, the tree checked (cycles, levels, one national root). */
#include "scopes.h"

#include "gc.h"

#include <string.h>

bool scopes_level(const char *word, AstLevel *out)
{
    static const struct { const char *key; AstLevel level; } levels[] = {
        { "national", AST_LEVEL_NATIONAL }, { "intercommunal", AST_LEVEL_INTERCOMMUNAL },
        { "intermunicipal", AST_LEVEL_INTERCOMMUNAL }, { "commune", AST_LEVEL_COMMUNE },
        { "municipal", AST_LEVEL_COMMUNE }, { "projet", AST_LEVEL_PROJET },
        { "project", AST_LEVEL_PROJET },
    };
    const char *k = checker_key(word);
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (!strcmp(k, levels[i].key)) {
            *out = levels[i].level;
            return true;
        }
    return false;
}

int scopes_resolve(Checker *ck, int module, const char *name, Span span)
{
    int i = checker_lookup(ck, CHECKER_SCOPE, name);
    if (i < 0 && name)
        checker_report(ck, DIAG_ERROR, "C0201", module, span,
            say(rt_sprintf("périmètre inconnu « %s »%s", name,
                           checker_suggest_in_map(&ck->names[CHECKER_SCOPE], name, false)),
                rt_sprintf("unknown scope “%s”%s", name,
                           checker_suggest_in_map(&ck->names[CHECKER_SCOPE], name, true))));
    return i;
}

/* What the declaration says before names are resolved. */
typedef struct Pending {
    const char *parent;
    Span parent_span, id_span, level_span;
    int module;
    bool in_cycle;
} Pending;

typedef struct Builder {
    Checker *ck;
    Pending *pending;
} Builder;

static void add_scope(Builder *b, CheckerSite site, Span span, const char *id, Span id_span,
                      const char *name, AstLevel level, Span level_span, const char *parent,
                      Span parent_span)
{
    Checker *ck = b->ck;
    Model *m = ck->m;
    if (!checker_declare(ck, CHECKER_SCOPE, id, m->nscopes, site.module, id_span))
        return;
    RT_GROW(m->scopes, m->nscopes);
    RT_GROW(b->pending, m->nscopes);
    MScope *s = &m->scopes[m->nscopes];
    s->id = id;
    s->name = name ? name : id;
    s->level = level;
    s->parent = -1;
    s->prov = checker_prov(ck, site, span);
    b->pending[m->nscopes] = (Pending){ parent, parent_span, id_span, level_span, site.module,
                                        false };
    m->nscopes++;
}

/* A row of the wrong length is reported; its cells still count where they are. */
static const char *cell_name(const AstRow *row, const int *roles, int n, CheckerRole role,
                             Span *span)
{
    if (n > row->cells.len)
        n = row->cells.len;
    for (int i = 0; i < n; i++)
        if (roles[i] == (int)role) {
            AstExpr *e = AST_AT(row->cells, AstExpr, i);
            if (!e)
                return NULL;
            *span = e->span;
            return e->kind == AST_E_NAME || e->kind == AST_E_STRING ? e->u.text : NULL;
        }
    return NULL;
}

static void scope_row(Builder *b, CheckerDecl *cd, AstRow *row)
{
    Checker *ck = b->ck;
    AstDecl *d = cd->decl;
    int mi = cd->site.module, n = d->extra->headers.len;
    Span id_span = row->span, level_span = row->span, name_span = row->span,
         parent_span = row->span;
    const char *id = cell_name(row, cd->roles, n, CHECKER_COL_SCOPE, &id_span);
    const char *level_word = cell_name(row, cd->roles, n, CHECKER_COL_LEVEL, &level_span);
    const char *name = cell_name(row, cd->roles, n, CHECKER_COL_NAME, &name_span);
    const char *parent = cell_name(row, cd->roles, n, CHECKER_COL_PARENT, &parent_span);
    if (!id || !level_word) {
        checker_report(ck, DIAG_ERROR, "C0422", mi, row->span,
                       say("chaque ligne d'un tableau de périmètres donne l'identifiant et le niveau",
                           "each row of a table of scopes gives the id and the level"));
        return;
    }
    AstLevel level;
    if (!scopes_level(level_word, &level)) {
        checker_report(ck, DIAG_ERROR, "C0201", mi, level_span,
            say(rt_sprintf("niveau inconnu « %s » (niveaux : national, intercommunal, commune, projet)",
                           level_word),
                rt_sprintf("unknown level “%s” (levels: national, intermunicipal, municipal, project)",
                           level_word)));
        return;
    }
    add_scope(b, cd->site, row->span, id, id_span, name, level, level_span, parent, parent_span);
}

static void collect(Builder *b)
{
    CheckerDecls *l = &b->ck->decls[AST_D_SCOPE];
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        AstDecl *d = cd->decl;
        if (d->kind == AST_D_TABLE) {
            for (int r = 0; r < d->extra->rows.len; r++)
                scope_row(b, cd, AST_AT(d->extra->rows, AstRow, r));
        } else if (d->name) {
            add_scope(b, cd->site, d->span, d->name, d->name_span, d->extra->title, d->level,
                      d->extra->level_span, d->extra->parent, d->extra->parent_span);
        }
    }
}

static const char *level_name(const Checker *ck, AstLevel level)
{
    return ast_level_name(level, ck->english);
}

/* Follows parents from each scope; a walk that comes back to a scope of its
** own path has found a cycle, reported once and broken there. */
static void find_cycles(Builder *b)
{
    Checker *ck = b->ck;
    Model *m = ck->m;
    int *mark = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    for (int i = 0; i < m->nscopes; i++)
        mark[i] = -1;
    for (int start = 0; start < m->nscopes; start++) {
        int s = start;
        while (s >= 0 && mark[s] == -1) {
            mark[s] = start;
            s = m->scopes[s].parent;
        }
        if (s < 0 || mark[s] != start)
            continue;
        const char *text = m->scopes[s].id;
        int t = m->scopes[s].parent;
        b->pending[s].in_cycle = true;
        while (t != s) {
            b->pending[t].in_cycle = true;
            text = rt_sprintf("%s → %s", text, m->scopes[t].id);
            t = m->scopes[t].parent;
        }
        text = rt_sprintf("%s → %s", text, m->scopes[s].id);
        Pending *p = &b->pending[s];
        checker_report(ck, DIAG_ERROR, "C0414", p->module, p->parent_span,
                       say(rt_sprintf("cycle de périmètres : %s", text),
                           rt_sprintf("cycle of scopes: %s", text)));
        m->scopes[s].parent = -1;
    }
}

static void check_parent(Builder *b, int i, int *root)
{
    Checker *ck = b->ck;
    Model *m = ck->m;
    MScope *s = &m->scopes[i];
    Pending *p = &b->pending[i];
    if (!p->parent) {
        if (s->level != AST_LEVEL_NATIONAL) {
            checker_report(ck, DIAG_ERROR, "C0415", p->module, p->id_span,
                say(rt_sprintf("le périmètre « %s » (%s) doit être dans un périmètre plus large : "
                               "ajoutez « %s ID »", s->id, level_name(ck, s->level),
                               checker_word(ck, VOCAB_DANS)),
                    rt_sprintf("scope “%s” (%s) must lie in a broader scope: add “%s ID”", s->id,
                               level_name(ck, s->level), checker_word(ck, VOCAB_DANS))));
        } else if (*root >= 0) {
            Diag *d = checker_report(ck, DIAG_ERROR, "C0417", p->module, p->id_span,
                say(rt_sprintf("deuxième périmètre national « %s » : il n'y a qu'un territoire national, "
                               "« %s »", s->id, m->scopes[*root].id),
                    rt_sprintf("second national scope “%s”: there is one national territory, “%s”",
                               s->id, m->scopes[*root].id)));
            checker_note(d, m->scopes[*root].prov.src, b->pending[*root].id_span,
                         say("le périmètre national est déclaré ici", "the national scope is declared here"));
        } else {
            *root = i;
        }
        return;
    }
    int parent = s->parent;
    if (parent < 0 || p->in_cycle)
        return;
    MScope *ps = &m->scopes[parent];
    if (ps->level >= s->level) {
        checker_report(ck, DIAG_ERROR, "C0416", p->module, p->parent_span,
            say(rt_sprintf("le périmètre « %s » (%s) ne peut pas être dans « %s » (%s) : un périmètre "
                           "est dans un périmètre plus large (national, intercommunal, commune, projet)",
                           s->id, level_name(ck, s->level), ps->id, level_name(ck, ps->level)),
                rt_sprintf("scope “%s” (%s) cannot lie in “%s” (%s): a scope lies in a broader one "
                           "(national, intermunicipal, municipal, project)",
                           s->id, level_name(ck, s->level), ps->id, level_name(ck, ps->level))));
    }
}

/* Iterative, so that a long chain (a fuzzer's) cannot exhaust the stack;
** cycles are broken before this runs, so every walk ends at a root. */
static void compute_depths(Model *m)
{
    int *depth = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    int *path = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    for (int i = 0; i < m->nscopes; i++)
        depth[i] = -1;
    for (int i = 0; i < m->nscopes; i++) {
        int n = 0, s = i;
        while (s >= 0 && depth[s] < 0) {
            path[n++] = s;
            s = m->scopes[s].parent;
        }
        int d = s >= 0 ? depth[s] + 1 : 0;
        while (n > 0) {
            depth[path[--n]] = d;
            m->scopes[path[n]].depth = d;
            d++;
        }
    }
}

void scopes_check(Checker *ck)
{
    Builder b = { ck, NULL };
    collect(&b);
    Model *m = ck->m;
    for (int i = 0; i < m->nscopes; i++) {
        Pending *p = &b.pending[i];
        if (p->parent)
            m->scopes[i].parent = scopes_resolve(ck, p->module, p->parent, p->parent_span);
    }
    find_cycles(&b);
    int root = -1;
    for (int i = 0; i < m->nscopes; i++)
        check_parent(&b, i, &root);
    compute_depths(m);
}
