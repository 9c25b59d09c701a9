/* lang/families.c: categories and floors (raised, never lowered), families from declarations and tables with labour share and hourly cost. */
#include "families.h"

#include "expr.h"
#include "gc.h"

#include <string.h>

/* Targets name families mostly in the order they were declared: the family
** after the one found last is tried first, read where the model's array is
** read in order, when the map's slot for a name is anywhere in its megabyte
** (a wait for memory at each of 25 000 targets, which prefetching did not
** shorten). A family enters the model only once checker_declare has taken
** its name, so the family whose id is name is the one the map holds. */
static int family_after_last(const Checker *ck, const char *name)
{
    int g = ck->family_next;
    if (g < ck->m->nfamilies && strcmp(ck->m->families[g].id, name) == 0)
        return g;
    return checker_lookup(ck, CHECKER_FAMILY, name);
}

int families_resolve(Checker *ck, int module, const char *name, Span span)
{
    int i = name ? family_after_last(ck, name) : -1;
    if (i >= 0)
        ck->family_next = i + 1;
    if (i < 0 && name)
        checker_report(ck, DIAG_ERROR, "C0201", module, span,
            say(rt_sprintf("famille inconnue « %s »%s", name,
                           checker_suggest_in_map(&ck->names[CHECKER_FAMILY], name, false)),
                rt_sprintf("unknown family “%s”%s", name,
                           checker_suggest_in_map(&ck->names[CHECKER_FAMILY], name, true))));
    return i;
}

static int category_resolve(Checker *ck, int module, const char *name, Span span)
{
    int i = checker_lookup(ck, CHECKER_CATEGORY, name);
    if (i < 0 && name)
        checker_report(ck, DIAG_ERROR, "C0201", module, span,
            say(rt_sprintf("catégorie inconnue « %s »%s", name,
                           checker_suggest_in_map(&ck->names[CHECKER_CATEGORY], name, false)),
                rt_sprintf("unknown category “%s”%s", name,
                           checker_suggest_in_map(&ck->names[CHECKER_CATEGORY], name, true))));
    return i;
}

static void declare_categories(Checker *ck)
{
    Model *m = ck->m;
    CheckerDecls *l = &ck->decls[AST_D_CATEGORY];
    m->categories = rt_alloc(sizeof *m->categories * (size_t)(l->len + 1));
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        AstDecl *d = cd->decl;
        if (!d->name || !checker_declare(ck, CHECKER_CATEGORY, d->name, m->ncategories,
                                         cd->site.module, d->name_span))
            continue;
        MCategory *c = &m->categories[m->ncategories++];
        c->id = d->name;
        c->name = d->extra->title ? d->extra->title : d->name;
        mpq_init(c->floor);
        c->prov = checker_prov(ck, cd->site, d->span);
    }
}

/* A later floor may only raise the one already set (a local charter is
** stricter than the national one, never looser). */
static void set_floor(Checker *ck, CheckerDecl *cd)
{
    AstDecl *d = cd->decl;
    int mi = cd->site.module;
    int ci = category_resolve(ck, mi, d->name, d->name_span);
    bool ok = d->expr && expr_rate(ck, mi, d->expr, say("le plancher", "the floor"));
    if (ci < 0 || !ok)
        return;
    MCategory *c = &ck->m->categories[ci];
    mpq_srcptr v = d->expr->value.as.num;
    if (c->has_floor && mpq_cmp(v, c->floor) < 0) {
        Value old = { .kind = VAL_NUM, .as.num = c->floor };
        Diag *diag = checker_report(ck, DIAG_ERROR, "C0419", mi, d->expr->span,
            say(rt_sprintf("le plancher de la catégorie %s est déjà de %s : une charte peut le relever, "
                           "jamais l'abaisser", c->id, checker_format_value(old, types_percent(), false)),
                rt_sprintf("the floor of category %s is already %s: a charter may raise it, never "
                           "lower it", c->id, checker_format_value(old, types_percent(), true))));
        checker_note(diag, c->floor_prov.src, c->floor_prov.span,
                     say(rt_sprintf("le plancher est fixé ici (%s)", model_prov_label(&c->floor_prov, false)),
                         rt_sprintf("the floor is set here (%s)", model_prov_label(&c->floor_prov, true))));
        return;
    }
    if (c->has_floor && mpq_equal(v, c->floor))
        return;
    c->has_floor = true;
    mpq_set(c->floor, v);
    c->floor_prov = checker_prov(ck, cd->site, d->span);
}

/* ---- families ------------------------------------------------------------------------------- */

/* The fields a family may set, named after their keywords. */
typedef struct Params {
    AstExpr *part_mo, *cout_horaire;
} Params;

static void add_family(Checker *ck, CheckerSite site, Span span, const char *id, Span id_span,
                       const char *name, const char *category, Span category_span, Params p)
{
    Model *m = ck->m;
    int mi = site.module;
    int ci = category_resolve(ck, mi, category, category_span);
    bool part_mo_ok = p.part_mo && expr_rate(ck, mi, p.part_mo, say("la part de main-d'œuvre",
                                                 "the labour share"));
    bool cout_horaire_ok = p.cout_horaire
        && expr_positive(ck, mi, p.cout_horaire, types_hourly_cost(), false,
                         say("le coût horaire", "the hourly cost"));
    if (!checker_declare(ck, CHECKER_FAMILY, id, m->nfamilies, mi, id_span))
        return;
    RT_GROW(m->families, m->nfamilies);
    MFamily *f = &m->families[m->nfamilies++];
    f->id = id;
    f->name = name;
    f->category = ci;
    f->has_estimate = part_mo_ok && cout_horaire_ok;
    checker_view_num(f->part_mo, f->has_estimate ? p.part_mo->value.as.num : NULL);
    checker_view_num(f->cout_horaire, f->has_estimate ? p.cout_horaire->value.as.num : NULL);
    f->prov = checker_prov(ck, site, span);
}

static void unknown_field(Checker *ck, int mi, const AstField *f)
{
    const char *word = f->word ? f->word : ast_key_name(f->key, ck->english);
    const char *fields = rt_sprintf("%s, %s", checker_word(ck, VOCAB_PART_MO),
                                    checker_word(ck, VOCAB_COUT_HORAIRE));
    checker_report(ck, DIAG_ERROR, "C0420", mi, f->key_span,
                   say(rt_sprintf("champ inconnu « %s » pour une famille (champs possibles : %s)",
                                  word, fields),
                       rt_sprintf("unknown field “%s” for a family (possible fields: %s)", word, fields)));
}

static void family_decl(Checker *ck, CheckerDecl *cd)
{
    AstDecl *d = cd->decl;
    Params p = { NULL, NULL };
    for (int i = 0; i < d->fields.len; i++) {
        AstField *f = AST_AT(d->fields, AstField, i);
        AstExpr **slot = f->key == AST_KEY_PART_MO ? &p.part_mo
                       : f->key == AST_KEY_COUT_HORAIRE ? &p.cout_horaire : NULL;
        if (!slot || !f->value) {
            unknown_field(ck, cd->site.module, f);
            continue;
        }
        if (*slot) {
            checker_report(ck, DIAG_ERROR, "C0420", cd->site.module, f->key_span,
                           say(rt_sprintf("champ « %s » donné deux fois", ast_key_name(f->key, ck->english)),
                               rt_sprintf("field “%s” given twice", ast_key_name(f->key, ck->english))));
            continue;
        }
        *slot = f->value;
    }
    if (d->name)
        add_family(ck, cd->site, d->span, d->name, d->name_span, d->extra->title, d->ref, d->ref_span, p);
}

static void family_row(Checker *ck, CheckerDecl *cd, AstRow *row)
{
    int n = cd->decl->extra->headers.len;
    AstExpr *id = checker_cell(row, cd->roles, n, CHECKER_COL_FAMILY);
    AstExpr *cat = checker_cell(row, cd->roles, n, CHECKER_COL_CATEGORY);
    if (!checker_cell_name(id) || !checker_cell_name(cat)) {
        checker_report(ck, DIAG_ERROR, "C0422", cd->site.module, row->span,
                       say("chaque ligne d'un tableau de familles donne la famille et sa catégorie",
                           "each row of a table of families gives the family and its category"));
        return;
    }
    Params p = { checker_cell(row, cd->roles, n, CHECKER_COL_PART_MO),
                 checker_cell(row, cd->roles, n, CHECKER_COL_COUT_HORAIRE) };
    add_family(ck, cd->site, row->span, id->u.text, id->span, checker_cell_name(checker_cell(row, cd->roles, n, CHECKER_COL_NAME)), cat->u.text, cat->span, p);
}

void families_check(Checker *ck)
{
    unsigned errors = ck->dl->errors;
    declare_categories(ck);
    CheckerDecls *floors = &ck->decls[AST_D_FLOOR];
    for (int i = 0; i < floors->len; i++)
        set_floor(ck, &floors->items[i]);
    CheckerDecls *l = &ck->decls[AST_D_FAMILY];
    int lines = checker_decls_lines(l);
    RT_RESERVE(ck->m->families, ck->m->nfamilies + lines);
    idmap_reserve(&ck->names[CHECKER_FAMILY], idmap_count(&ck->names[CHECKER_FAMILY]) + (size_t)lines);
    RT_RESERVE(ck->places[CHECKER_FAMILY], ck->m->nfamilies + lines);
    for (int i = 0; i < l->len; i++) {
        if (i + CHECKER_AHEAD < l->len)
            checker_prefetch_name(ck, CHECKER_FAMILY, l->items[i + CHECKER_AHEAD].decl->name);
        CheckerDecl *cd = &l->items[i];
        if (cd->decl->kind == AST_D_TABLE) {
            for (int r = 0; r < cd->decl->extra->rows.len; r++)
                family_row(ck, cd, AST_AT(cd->decl->extra->rows, AstRow, r));
        } else {
            family_decl(ck, cd);
        }
    }
    if (ck->dl->errors != errors)
        ck->rules_incomplete = true;
}
