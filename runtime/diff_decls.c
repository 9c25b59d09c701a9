/* runtime/diff_decls.c: the declarations of two charters compared by identifier: header, categories, families, scopes, indicators, governance, columns, amendments, article titles, accepted warnings. */
#include "diff_impl.h"

#include "gc.h"

#include <string.h>

DiffChange *diff_text_change(DiffBuilder *b, const char *subject, const char *name, const char *field, Say words,
                             const char *old, const char *new_, const Prov *op, const Prov *np)
{
    if (old == new_ || (old && new_ && strcmp(old, new_) == 0))
        return NULL;
    DiffChange *c = diff_add(b, subject, field, words);
    c->name = name;
    c->old = old ? diff_value_word(old, SAY_NONE) : diff_value_none();
    c->new_ = new_ ? diff_value_word(new_, SAY_NONE) : diff_value_none();
    diff_add_article(b, c, op);
    diff_add_article(b, c, np);
    c->effect = DIFF_NEUTRAL;
    return c;
}

/* A declaration in one version only: undetermined unless said otherwise. */
static DiffChange *presence(DiffBuilder *b, const char *subject, const char *id, bool in_old, const Prov *p,
                            DiffEffect effect, Say why)
{
    DiffChange *c = diff_add(b, subject, "presence", say("déclaration", "declaration"));
    c->name = id;
    DiffValue here = diff_value_word("declare", say("déclaré", "declared"));
    c->old = in_old ? here : diff_value_none();
    c->new_ = in_old ? diff_value_none() : here;
    diff_add_article(b, c, p);
    c->effect = effect;
    c->why = why;
    return c;
}

static DiffChange *num_change(DiffBuilder *b, const char *subject, const char *name, const char *field, Say words,
                              DiffValueKind kind, mpq_srcptr old, mpq_srcptr new_, const Prov *op, const Prov *np)
{
    if (old && new_ && mpq_equal(old, new_))
        return NULL;
    if (!old && !new_)
        return NULL;
    DiffChange *c = diff_add(b, subject, field, words);
    c->name = name;
    c->old = old ? diff_value_num(kind, old) : diff_value_none();
    c->new_ = new_ ? diff_value_num(kind, new_) : diff_value_none();
    diff_add_article(b, c, op);
    diff_add_article(b, c, np);
    return c;
}

/* ---- header ------------------------------------------------------------------------------ */

/* An earlier start or a later end puts more contracts under the charter. */
static void validity(DiffBuilder *b, bool start)
{
    Date o = start ? b->old->valid_from : b->old->valid_to, n = start ? b->new_->valid_from : b->new_->valid_to;
    if (o == n)
        return;
    DiffChange *c = diff_add(b, "charte", start ? "debut" : "fin",
                             start ? say("début de la période", "start of the period") : say("fin de la période", "end of the period"));
    c->old = diff_value_date(o);
    c->new_ = diff_value_date(n);
    bool wider = o == DATE_NONE ? false : n == DATE_NONE ? true : start ? n < o : n > o;
    c->effect = wider ? DIFF_STRICTER : DIFF_LESS_STRICT;
    c->why = wider ? say("plus de marchés sont soumis à la charte", "more contracts fall under the charter")
                   : say("moins de marchés sont soumis à la charte", "fewer contracts fall under the charter");
}

static void header(DiffBuilder *b)
{
    diff_text_change(b, "charte", NULL, "titre", say("titre", "title"), b->old->main->title, b->new_->main->title, NULL, NULL);
    validity(b, true);
    validity(b, false);
}

/* ---- categories, families, scopes --------------------------------------------------------- */

static int category_index(const Model *m, const char *id)
{
    for (int i = 0; i < m->ncategories; i++)
        if (strcmp(m->categories[i].id, id) == 0)
            return i;
    return -1;
}

static void categories(DiffBuilder *b)
{
    for (int i = 0; i < b->new_->ncategories; i++) {
        const MCategory *n = &b->new_->categories[i];
        int j = category_index(b->old, n->id);
        if (j < 0)
            continue;   /* a new category has no family yet: its families say it */
        const MCategory *o = &b->old->categories[j];
        DiffChange *c = num_change(b, "categorie", n->id, "plancher", say("plancher national", "national floor"),
                                   DIFF_V_RATE, o->has_floor ? o->floor : NULL, n->has_floor ? n->floor : NULL,
                                   &o->floor_prov, &n->floor_prov);
        if (c)
            c->effect = c->old.kind == DIFF_V_NONE || c->new_.kind == DIFF_V_NONE
                ? (c->old.kind == DIFF_V_NONE ? DIFF_STRICTER : DIFF_LESS_STRICT)
                : diff_effect_of_move(c->old.num, c->new_.num, true);
    }
}

static const char *category_id(const Model *m, int i) { return i >= 0 ? m->categories[i].id : NULL; }

static void family_fields(DiffBuilder *b, const MFamily *o, const MFamily *n)
{
    diff_text_change(b, "famille", n->id, "nom", say("nom", "name"), o->name, n->name, &o->prov, &n->prov);
    DiffChange *c = diff_text_change(b, "famille", n->id, "categorie", say("catégorie", "category"),
                                     category_id(b->old, o->category), category_id(b->new_, n->category), &o->prov, &n->prov);
    if (c) {
        c->effect = DIFF_UNDETERMINED;
        c->why = say("la catégorie fixe le plancher national", "the category sets the national floor");
    }
    Say why = say("les heures de base estimées en dépendent", "the estimated base hours depend on it");
    c = num_change(b, "famille", n->id, "part_mo", say("part de main-d'œuvre", "labour share"), DIFF_V_RATE,
                   o->has_estimate ? o->part_mo : NULL, n->has_estimate ? n->part_mo : NULL, &o->prov, &n->prov);
    if (c) {
        c->effect = c->old.kind && c->new_.kind ? diff_effect_of_move(c->old.num, c->new_.num, true) : DIFF_UNDETERMINED;
        c->why = why;
    }
    c = num_change(b, "famille", n->id, "cout_horaire", say("coût horaire", "hourly cost"), DIFF_V_EUROS_PER_HOUR,
                   o->has_estimate ? o->cout_horaire : NULL, n->has_estimate ? n->cout_horaire : NULL, &o->prov, &n->prov);
    if (c) {
        c->effect = c->old.kind && c->new_.kind ? diff_effect_of_move(c->old.num, c->new_.num, false) : DIFF_UNDETERMINED;
        c->why = why;
    }
}

static void families(DiffBuilder *b)
{
    Say why = say("les marchés de cette famille ne sont lus que par la version qui la déclare",
                  "contracts of this family are read only by the version that declares it");
    for (int i = 0; i < b->old->nfamilies; i++)
        if (model_family_index(b->new_, b->old->families[i].id) < 0)
            presence(b, "famille", b->old->families[i].id, true, &b->old->families[i].prov, DIFF_UNDETERMINED, why);
    for (int i = 0; i < b->new_->nfamilies; i++) {
        const MFamily *n = &b->new_->families[i];
        int j = model_family_index(b->old, n->id);
        if (j < 0)
            presence(b, "famille", n->id, false, &n->prov, DIFF_UNDETERMINED, why);
        else
            family_fields(b, &b->old->families[j], n);
    }
}

static const char *parent_id(const Model *m, int s) { return m->scopes[s].parent >= 0 ? m->scopes[m->scopes[s].parent].id : NULL; }

static void scopes(DiffBuilder *b)
{
    Say why = say("les marchés de ce périmètre ne sont lus que par la version qui le déclare",
                  "contracts of this scope are read only by the version that declares it");
    for (int i = 0; i < b->old->nscopes; i++)
        if (model_scope_index(b->new_, b->old->scopes[i].id) < 0)
            presence(b, "perimetre", b->old->scopes[i].id, true, &b->old->scopes[i].prov, DIFF_UNDETERMINED, why);
    for (int i = 0; i < b->new_->nscopes; i++) {
        const MScope *n = &b->new_->scopes[i];
        int j = model_scope_index(b->old, n->id);
        if (j < 0) {
            presence(b, "perimetre", n->id, false, &n->prov, DIFF_UNDETERMINED, why);
            continue;
        }
        const MScope *o = &b->old->scopes[j];
        diff_text_change(b, "perimetre", n->id, "nom", say("nom", "name"), o->name, n->name, &o->prov, &n->prov);
        DiffChange *c = diff_text_change(b, "perimetre", n->id, "dans", say("périmètre englobant", "enclosing scope"),
                                         parent_id(b->old, j), parent_id(b->new_, i), &o->prov, &n->prov);
        if (c) {
            c->effect = DIFF_UNDETERMINED;
            c->why = say("ses marchés suivent les règles d'un autre périmètre", "its contracts follow another scope's rules");
        }
    }
}

/* ---- indicators, governance, columns ------------------------------------------------------ */

static const MIndicator *indicator_of(const Model *m, const char *id)
{
    for (int i = 0; i < m->nindicators; i++)
        if (strcmp(m->indicators[i].id, id) == 0)
            return &m->indicators[i];
    return NULL;
}

static void indicator_fields(DiffBuilder *b, const MIndicator *o, const MIndicator *n)
{
    diff_text_change(b, "indicateur", n->id, "nom", say("nom", "name"), o->name, n->name, &o->prov, &n->prov);
    bool same_kind = o->kind == n->kind;
    DiffChange *c = num_change(b, "indicateur", n->id, "cible", say("cible", "target"),
                               n->kind == AST_IND_SHARE ? DIFF_V_RATE : DIFF_V_NUMBER,
                               o->has_target ? o->target : NULL, n->has_target ? n->target : NULL, &o->prov, &n->prov);
    if (c)
        c->effect = same_kind && c->old.kind && c->new_.kind ? diff_effect_of_move(c->old.num, c->new_.num, true)
                  : DIFF_UNDETERMINED;
    bool same_where = (!o->where && !n->where) || (o->where && n->where && diff_expr_same(o->where, n->where));
    bool same_by = (o->by == n->by) || (o->by && n->by && strcmp(o->by, n->by) == 0);
    if (!same_kind || !same_where || !same_by) {
        c = diff_add(b, "indicateur", "definition", say("définition", "definition"));
        c->name = n->id;
        c->old = diff_value_word("ancienne", say("ancienne définition", "former definition"));
        c->new_ = diff_value_word("nouvelle", say("nouvelle définition", "new definition"));
        diff_add_article(b, c, &o->prov);
        diff_add_article(b, c, &n->prov);
        c->effect = DIFF_UNDETERMINED;
        c->why = say("ce qu'il compte a changé", "what it counts has changed");
    }
}

static void indicators(DiffBuilder *b)
{
    Say why = say("un indicateur ne change aucun objectif", "an indicator changes no target");
    for (int i = 0; i < b->old->nindicators; i++)
        if (!indicator_of(b->new_, b->old->indicators[i].id))
            presence(b, "indicateur", b->old->indicators[i].id, true, &b->old->indicators[i].prov, DIFF_NEUTRAL, why);
    for (int i = 0; i < b->new_->nindicators; i++) {
        const MIndicator *n = &b->new_->indicators[i], *o = indicator_of(b->old, n->id);
        if (!o)
            presence(b, "indicateur", n->id, false, &n->prov, DIFF_NEUTRAL, why);
        else
            indicator_fields(b, o, n);
    }
}

static void governance(DiffBuilder *b)
{
    const MGovernance *o = &b->old->gov, *n = &b->new_->gov;
    diff_text_change(b, "gouvernance", NULL, "comite", say("comité de pilotage", "steering committee"), o->committee,
                     n->committee, &o->committee_prov, &n->committee_prov);
    diff_text_change(b, "gouvernance", NULL, "echelle_comite", say("échelle du comité", "scale of the committee"),
                     o->committee_scope >= 0 ? b->old->scopes[o->committee_scope].id : NULL,
                     n->committee_scope >= 0 ? b->new_->scopes[n->committee_scope].id : NULL, &o->committee_prov,
                     &n->committee_prov);
    diff_text_change(b, "gouvernance", NULL, "structure_pilote", say("structure pilote", "pilot structure"), o->pilot,
                     n->pilot, &o->pilot_prov, &n->pilot_prov);
    diff_text_change(b, "gouvernance", NULL, "bilan", say("rythme des bilans", "reporting rhythm"), o->reporting,
                     n->reporting, &o->reporting_prov, &n->reporting_prov);
}

static const char *column_type_id(MColType t)
{
    static const char *const ids[] = { "id", "texte", "choix", "date", "mois", "entier", "booleen", "montant",
                                       "heures", "nombre", "taux", "famille", "perimetre", "reference" };
    return ids[t];
}

static void columns(DiffBuilder *b)
{
    Say why = say("des lignes de données peuvent être lues ou rejetées autrement",
                  "data rows may be read or rejected differently");
    for (int t = 0; t < M_NTABLES; t++) {
        const MTable *ot = &b->old->tables[t], *nt = &b->new_->tables[t];
        for (int i = 0; i < ot->ncolumns; i++)
            if (model_column_index(nt, ot->columns[i].name) < 0)
                presence(b, "colonne", rt_sprintf("%s.%s", ot->name, ot->columns[i].name), true, &ot->columns[i].prov,
                         DIFF_UNDETERMINED, why);
        for (int i = 0; i < nt->ncolumns; i++) {
            const MColumn *n = &nt->columns[i];
            const char *name = rt_sprintf("%s.%s", nt->name, n->name);
            int j = ot->name ? model_column_index(ot, n->name) : -1;
            if (j < 0) {
                presence(b, "colonne", name, false, &n->prov, DIFF_UNDETERMINED, why);
                continue;
            }
            const MColumn *o = &ot->columns[j];
            DiffChange *c = diff_text_change(b, "colonne", name, "type", say("type", "type"), column_type_id(o->type),
                                             column_type_id(n->type), &o->prov, &n->prov);
            if (!c && o->required != n->required)
                c = diff_text_change(b, "colonne", name, "obligatoire", say("obligatoire", "required"),
                                     o->required ? "oui" : "non", n->required ? "oui" : "non", &o->prov, &n->prov);
            if (c) {
                c->effect = DIFF_UNDETERMINED;
                c->why = why;
            }
        }
    }
}

/* ---- articles and amendments -------------------------------------------------------------- */

static const AstItem *item_numbered(const AstCharter *c, AstItemKind kind, const char *number)
{
    for (int i = 0; i < c->items.len; i++) {
        const AstItem *it = c->items.items[i];
        if (it->kind == kind && it->number && strcmp(it->number, number) == 0)
            return it;
    }
    return NULL;
}

static void articles(DiffBuilder *b)
{
    const AstCharter *oc = b->old->main, *nc = b->new_->main;
    for (int i = 0; i < oc->items.len; i++) {
        const AstItem *o = oc->items.items[i];
        if (o->kind == AST_ITEM_ARTICLE && !item_numbered(nc, AST_ITEM_ARTICLE, o->number))
            diff_text_change(b, "article", rt_sprintf("article %s", o->number), "titre", say("titre", "title"), o->title,
                             NULL, NULL, NULL);
    }
    for (int i = 0; i < nc->items.len; i++) {
        const AstItem *n = nc->items.items[i];
        if (n->kind != AST_ITEM_ARTICLE)
            continue;
        const AstItem *o = item_numbered(oc, AST_ITEM_ARTICLE, n->number);
        diff_text_change(b, "article", rt_sprintf("article %s", n->number), "titre", say("titre", "title"),
                         o ? o->title : NULL, n->title, NULL, NULL);
    }
}

/* ---- accepted warnings ------------------------------------------------------------------------- */

/* The reason with which item `it` accepts code, NULL when it does not (the first line: a second is C0472). */
static const char *accepted_reason(const AstItem *it, const char *code)
{
    for (int i = 0; it && i < it->decls.len; i++) {
        const AstDecl *d = it->decls.items[i];
        if (d->kind == AST_D_AVERTISSEMENT_ACCEPTE && strcmp(d->name, code) == 0)
            return d->extra->title;
    }
    return NULL;
}

static const char *item_name(const AstItem *it)
{
    return rt_sprintf("%s %s", it->kind == AST_ITEM_AMENDMENT ? "avenant" : "article", it->number ? it->number : "?");
}

/* The acceptances of `from` that `other` does not make alike (added, or reason changed when
** old_side is false; removed when it is true): neutral, since no figure moves, but listed
** so that a reviewer sees which warnings the partners now agree to. */
static void acceptances_of(DiffBuilder *b, const AstCharter *from, const AstCharter *other, bool old_side)
{
    for (int i = 0; i < from->items.len; i++) {
        const AstItem *it = from->items.items[i];
        if (it->kind != AST_ITEM_ARTICLE && it->kind != AST_ITEM_AMENDMENT)
            continue;
        const AstItem *twin = it->number ? item_numbered(other, it->kind, it->number) : NULL;
        for (int k = 0; k < it->decls.len; k++) {
            const AstDecl *d = it->decls.items[k];
            if (d->kind != AST_D_AVERTISSEMENT_ACCEPTE || accepted_reason(it, d->name) != d->extra->title)
                continue;
            const char *there = accepted_reason(twin, d->name);
            if (old_side && there)
                continue;    /* kept, or its reason changed: said from the new side */
            diff_text_change(b, "avertissement", item_name(it), d->name,
                             SAYF(("avertissement accepté %s", d->name), ("accepted warning %s", d->name)),
                             old_side ? d->extra->title : there, old_side ? NULL : d->extra->title, NULL, NULL);
        }
    }
}

static void acceptances(DiffBuilder *b)
{
    acceptances_of(b, b->old->main, b->new_->main, true);
    acceptances_of(b, b->new_->main, b->old->main, false);
}

static void governance_and_articles(DiffBuilder *b)
{
    governance(b);
    columns(b);
    articles(b);
    acceptances(b);
}

void diff_declarations(DiffBuilder *b)
{
    header(b);
    categories(b);
    families(b);
    scopes(b);
    indicators(b);
    governance_and_articles(b);
}

static const MAmendment *amendment_of(const Model *m, const char *number)
{
    for (int i = 0; i < m->namendments; i++)
        if (strcmp(m->amendments[i].number, number) == 0)
            return &m->amendments[i];
    return NULL;
}

/* The effect of the rule changes that amendment `name` carries (its rules set their old or new value) over the
** dates between the two: moving an amendment moves its effect. Another amendment's changes on the same dates are
** not this one's (two amendments of overlapping dates, each with its own rule). */
static DiffEffect effect_between(const DiffReport *d, const char *name, Date a, Date z)
{
    Date lo = a == DATE_NONE || (z != DATE_NONE && z < a) ? z : a, hi = lo == a ? z : a;
    DiffEffect e = DIFF_NEUTRAL;
    for (int i = 0; i < d->nchanges; i++) {
        const DiffChange *c = &d->changes[i];
        if (!c->has_period || !diff_cites(c, name))
            continue;
        bool overlaps = (c->to == DATE_NONE || lo == DATE_NONE || c->to >= lo)
                     && (hi == DATE_NONE || c->from == DATE_NONE || c->from < hi);
        if (overlaps)
            e = diff_effect_join(e, c->effect);
    }
    return e;
}

void diff_amendments(DiffBuilder *b)
{
    const Model *o = b->old, *n = b->new_;
    Say why = say("l'effet est celui des règles aux dates concernées", "the effect is that of the rules at the dates concerned");
    for (int i = 0; i < o->namendments; i++) {
        const char *name = rt_sprintf("avenant %s", o->amendments[i].number);
        if (!amendment_of(n, o->amendments[i].number))
            presence(b, "avenant", name, true, &o->amendments[i].prov, effect_between(b->d, name, o->amendments[i].from, DATE_NONE),
                     why)->uncounted = true;
    }
    for (int i = 0; i < n->namendments; i++) {
        const MAmendment *na = &n->amendments[i], *oa = amendment_of(o, na->number);
        const char *name = rt_sprintf("avenant %s", na->number);
        if (!oa) {
            presence(b, "avenant", name, false, &na->prov, effect_between(b->d, name, na->from, DATE_NONE), why)->uncounted = true;
            continue;
        }
        diff_text_change(b, "avenant", name, "titre", say("titre", "title"), oa->title, na->title, &oa->prov, &na->prov);
        diff_text_change(b, "avenant", name, "modifie", say("article modifié", "article amended"), oa->amends, na->amends,
                         &oa->prov, &na->prov);
        if (oa->from != na->from) {
            DiffChange *c = diff_add(b, "avenant", "date", say("date d'effet", "date in force"));
            c->name = name;
            c->old = diff_value_date(oa->from);
            c->new_ = diff_value_date(na->from);
            diff_add_article(b, c, &oa->prov);
            diff_add_article(b, c, &na->prov);
            c->effect = effect_between(b->d, name, oa->from, na->from);
            c->why = why;
            c->uncounted = true;
        }
    }
}
