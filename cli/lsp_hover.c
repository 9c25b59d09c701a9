/* cli/lsp_hover.c: hover: what a name is (declaration, type and unit, article) and, for a family and a scope, the rules in force there; for a diagnostic's code (an accepted warning's line), its page's summary. */
#include "lsp.h"
#include "lsp_pos.h"

#include "checker.h"
#include "diag_rules.h"
#include "eval.h"
#include "expr.h"
#include "gc.h"
#include "idmap.h"
#include "types.h"

#include <string.h>

/* The hover's paragraphs, appended in place: a family listing its rules in force at
** hundreds of scopes adds hundreds of lines, each copied once (not the whole text again
** at each one). s is NULL until the first paragraph, then NUL-terminated at len. */
typedef struct HoverText {
    char *s;
    size_t len;
} HoverText;

static void hover_put(HoverText *h, const char *text, size_t n)
{
    RT_GROW_ATOMIC(h->s, h->len + n);
    memcpy(h->s + h->len, text, n);
    h->len += n;
    h->s[h->len] = '\0';
}

static void hover_add(HoverText *h, const char *line)
{
    if (h->s)
        hover_put(h, "\n\n", 2);
    hover_put(h, line, strlen(line));
}

static const char *hover_value(mpq_srcptr q, const Type *t, bool en)
{
    return checker_format_value(val_num(q), t, en);
}

static const char *hover_column_type(const Model *m, const MColumn *c, bool en)
{
    static const char *const fr[] = { "identifiant", "texte", "choix", "date", "mois", "entier", "booléen",
                                      "montant (€)", "heures (h)", "nombre", "taux (%)", "famille", "périmètre", "référence" };
    static const char *const enw[] = { "identifier", "text", "choice", "date", "month", "integer", "boolean",
                                       "amount (€)", "hours (h)", "number", "rate (%)", "family", "scope", "reference" };
    const char *w = (en ? enw : fr)[c->type];
    if (c->type == M_COL_CHOICE) {
        const char *list = "";
        for (int i = 0; i < c->nchoices; i++)
            list = rt_sprintf("%s%s%s", list, i ? ", " : "", c->choices[i]);
        return rt_sprintf("%s (%s)", w, list);
    }
    if (c->type == M_COL_REF && c->ref_table >= 0)
        return rt_sprintf("%s %s", w, m->tables[c->ref_table].name);
    return w;
}

/* What the declaration says, after its kind and name. */
static const char *hover_details(const Model *m, const LspName *n, bool en)
{
    switch (n->kind) {
    case LSP_NAME_SCOPE: {
        const MScope *sc = &m->scopes[n->index];
        const char *s = rt_sprintf(en ? "“%s”, level `%s`" : "« %s », échelle `%s`", sc->name ? sc->name : "",
                                   ast_level_name(sc->level, en));
        return sc->parent >= 0 ? rt_sprintf(en ? "%s, in `%s`" : "%s, dans `%s`", s, m->scopes[sc->parent].id) : s;
    }
    case LSP_NAME_CATEGORY: {
        const MCategory *c = &m->categories[n->index];
        const char *s = c->name ? rt_sprintf(en ? "“%s”" : "« %s »", c->name) : "";
        if (c->has_floor)
            s = rt_sprintf(en ? "%s; national floor %s of hours worked (%s)" : "%s ; plancher national %s des heures travaillées (%s)",
                           s, hover_value(c->floor, types_percent(), en), model_prov_label(&c->floor_prov, en));
        return s;
    }
    case LSP_NAME_FAMILY: {
        const MFamily *f = &m->families[n->index];
        const char *s = f->category >= 0
            ? rt_sprintf(en ? "category `%s`" : "catégorie `%s`", m->categories[f->category].id) : "";
        if (f->has_estimate)
            s = rt_sprintf(en ? "%s · labour share %s · hourly cost %s" : "%s · part de main-d'œuvre %s · coût horaire %s", s,
                           hover_value(f->part_mo, types_percent(), en),
                           hover_value(f->cout_horaire, types_hourly_cost(), en));
        return s;
    }
    case LSP_NAME_PUBLIC:
        return rt_sprintf(en ? "%stype boolean, over the columns of participants"
                             : "%stype booléen, sur les colonnes de participants",
                          m->publics[n->index].name ? rt_sprintf(en ? "“%s”, " : "« %s », ", m->publics[n->index].name) : "");
    case LSP_NAME_CONSTANT: {
        const AstExpr *e = n->decl->expr;
        const char *s = e ? rt_sprintf("`%s`", source_text(n->prov.src, e->span)) : "";
        if (e && e->type && !types_is_error(e->type))
            s = rt_sprintf(en ? "%s, type %s" : "%s, type %s", s, types_name(e->type, en));
        return s;
    }
    case LSP_NAME_INDICATOR: {
        const MIndicator *ind = &m->indicators[n->index];
        return rt_sprintf("%s%s", ind->name ? rt_sprintf(en ? "“%s”, " : "« %s », ", ind->name) : "",
                          ind->kind == AST_IND_COUNT ? (en ? "count of participants" : "nombre de participants")
                                                     : (en ? "share of participants" : "part des participants"));
    }
    case LSP_NAME_COLUMN: {
        const MColumn *c = &m->tables[n->table].columns[n->index];
        return rt_sprintf(en ? "of table `%s`, type %s%s" : "de la table `%s`, type %s%s", m->tables[n->table].name,
                          hover_column_type(m, c, en), c->required ? (en ? ", required" : ", obligatoire") : "");
    }
    case LSP_NAME_KINDS:
        break;
    }
    return "";
}

static const char *hover_target(const MRule *r, bool en)
{
    switch (r->kind) {
    case M_TARGET_SHARE_HOURS:
        return rt_sprintf(en ? "%s of hours" : "%s des heures", hover_value(r->target, types_percent(), en));
    case M_TARGET_FIXED_HOURS:
        return hover_value(r->target, types_hours(), en);
    case M_TARGET_SHARE_HIRES:
        return rt_sprintf(en ? "%s of hires" : "%s des embauches", hover_value(r->target, types_percent(), en));
    }
    return "";
}

/* A pooled target is assessed once over its members, not contract by contract: the
** hover says so, in render's and diff's words. */
static const char *hover_pooled(const MRule *r, bool en)
{
    return r->pool == AST_POOL_NONE ? "" : rt_sprintf(", %s", say_english(ast_pool_words(r->pool), en));
}

/* One of the two rules of a conflict, told apart from the other by its line when one article
** holds both (and by its file when two modules have articles of one name). */
static const char *hover_rival(const Prov *p, const Prov *other, bool en)
{
    const char *label = model_prov_label(p, en);
    if (strcmp(label, model_prov_label(other, en)) != 0)
        return label;
    uint32_t line, col;
    source_position(p->src, p->span.start, &line, &col);
    if (p->src != other->src)
        return rt_sprintf(en ? "%s, line %u of %s" : "%s, ligne %u de %s", label, line, p->src->name);
    return rt_sprintf(en ? "%s, line %u" : "%s, ligne %u", label, line);
}

/* The rules in force today for a contract of this family at this scope, as
** the evaluator resolves them (runtime/eval_rules.c), with their articles. */
static const char *hover_resolution(const Model *m, int family, int scope, Date today, bool en)
{
    EvalResolution r = eval_resolve(m, family, scope, NULL, today);
    const char *head = rt_sprintf("`%s` × `%s`", m->families[family].id, m->scopes[scope].id);
    if (r.conflict[0] && r.conflict[1])
        return rt_sprintf(en ? "%s: conflict between %s and %s" : "%s : conflit entre %s et %s", head,
                          hover_rival(&r.conflict[0]->prov, &r.conflict[1]->prov, en),
                          hover_rival(&r.conflict[1]->prov, &r.conflict[0]->prov, en));
    const char *target = r.target
        ? rt_sprintf("%s%s (%s)", hover_target(r.target, en), hover_pooled(r.target, en),
                     model_prov_label(&r.target->target_prov, en))
        : (en ? "no target" : "aucun objectif");
    const char *threshold = r.threshold
        ? rt_sprintf(en ? "threshold %s (%s)" : "seuil %s (%s)", hover_value(r.threshold->threshold, types_amount(), en),
                     model_prov_label(&r.threshold->threshold_prov, en))
        : (en ? "no threshold" : "aucun seuil");
    return rt_sprintf(en ? "%s: %s; %s" : "%s : %s ; %s", head, target, threshold);
}

static bool hover_inside(const Prov *p, const LspDoc *d, uint32_t offset)
{
    return p->src == d->src && p->span.start <= offset && offset <= p->span.end;
}

/* A target of hires is assessed over the hires of its scope, apart from any contract's
** hours (runtime/eval_hires.c): its own rule in force, never eval_resolve's hours target
** of the same family, which the line under the cursor does not set. */
static const char *hover_hires(const Model *m, const MRule *first, Date today, bool en)
{
    const MRule *r = model_hires_rule_at(m, first, today);
    const char *head = first->owner
        ? rt_sprintf(en ? "`%s` × `%s`, owner “%s”" : "`%s` × `%s`, maître d'ouvrage « %s »", first->nature,
                     m->scopes[first->scope].id, first->owner)
        : rt_sprintf("`%s` × `%s`", first->nature, m->scopes[first->scope].id);
    const char *target = r
        ? rt_sprintf("%s (%s)", hover_target(r, en), model_prov_label(&r->target_prov, en))
        : (en ? "not yet in force" : "pas encore en vigueur");
    return rt_sprintf(en ? "%s: %s, over all the hires of the scope" : "%s : %s, sur l'ensemble des embauches du périmètre",
                      head, target);
}

/* The rule written at offset, if any. */
static const MRule *hover_rule_at(const LspDoc *d, uint32_t offset)
{
    const Model *m = d->model;
    for (int i = 0; i < m->nrules; i++)
        if (hover_inside(&m->rules[i].prov, d, offset))
            return &m->rules[i];
    return NULL;
}

/* Every scope that has a rule for this family (or, family -1, any rule), once: the hours
** rules as a contract resolves them, each target of hires apart. */
static void hover_rules_of(HoverText *h, const Model *m, int family, int scope, Date today, bool en)
{
    bool *seen = rt_alloc_atomic((size_t)m->nscopes * (size_t)m->nfamilies + 1);
    IdMap seen_hires = { 0 };   /* one mark per hires target: a charter's hires rules read once */
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if ((family >= 0 && r->family != family) || (scope >= 0 && r->scope != scope) || r->scope < 0)
            continue;
        if (model_rule_is_hires(r)) {
            const char *key = model_hires_target_key(r);
            if (idmap_add(&seen_hires, key, strlen(key), i) < 0)
                hover_add(h, rt_sprintf("- %s", hover_hires(m, r, today, en)));
            continue;
        }
        if (r->family < 0 || seen[r->scope * m->nfamilies + r->family])
            continue;
        seen[r->scope * m->nfamilies + r->family] = true;
        hover_add(h, rt_sprintf("- %s", hover_resolution(m, r->family, r->scope, today, en)));
    }
}

static const char *hover_severity(DiagSeverity sev, bool en)
{
    if (sev == DIAG_ERROR)
        return en ? "error" : "erreur";
    return sev == DIAG_WARNING ? (en ? "warning" : "avertissement") : "note";
}

/* What a `utilise` line brings: the module's title, its articles (and amendments) and the
** data tables it declares. */
static const char *hover_module(const AstItem *use, const AstCharter *mod, bool en)
{
    HoverText h = { 0 };
    const char *title = mod->title ? rt_sprintf(en ? ": “%s”" : " : « %s »", mod->title) : "";
    hover_add(&h, rt_sprintf("**module** `%s`%s", use->module, title));
    const char *items = NULL, *tables = NULL;
    for (int i = 0; i < mod->items.len; i++) {
        const AstItem *it = AST_AT(mod->items, AstItem, i);
        if (it->kind == AST_ITEM_ARTICLE || it->kind == AST_ITEM_AMENDMENT) {
            const char *label = rt_sprintf("%s %s", lsp_nav_item_word(it, en), it->number ? it->number : "");
            if (it->title)
                label = rt_sprintf(en ? "%s “%s”" : "%s « %s »", label, it->title);
            items = rt_sprintf("%s%s- %s", items ? items : "", items ? "\n" : "", label);
        }
        for (int j = 0; j < it->decls.len; j++) {
            const AstDecl *dd = AST_AT(it->decls, AstDecl, j);
            if (dd->kind == AST_D_SCHEMA && dd->name)
                tables = rt_sprintf("%s%s`%s`", tables ? tables : "", tables ? ", " : "", dd->name);
        }
    }
    if (items)
        hover_add(&h, items);
    if (tables)
        hover_add(&h, rt_sprintf(en ? "Data tables: %s" : "Tables de données : %s", tables));
    return h.s;
}

json_t *lsp_hover(const LspServer *s, const LspDoc *d, uint32_t offset)
{
    Span w;
    if (!d->model)
        return json_null();
    const AstItem *use;
    const AstCharter *mod = lsp_nav_import_at(d->model, offset, &use);
    if (mod)
        return json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value",
                         diag_json_text(hover_module(use, mod, s->lang == SAY_EN)), "range", lsp_pos_range(d->src, use->span));
    if (!lsp_pos_word(d->src, offset, &w))
        return json_null();
    const Model *m = d->model;
    bool en = s->lang == SAY_EN;
    Date today = date_today();
    const char *word = source_text(d->src, w);
    LspName names[4];
    int n = lsp_names_find(m, word, names, 4);
    HoverText h = { 0 };
    const MRule *rule = hover_rule_at(d, offset);
    bool hires = rule && model_rule_is_hires(rule);
    bool in_rule = rule && rule->scope >= 0 && (rule->family >= 0 || hires)
                   && ((rule->family >= 0 && strcmp(word, m->families[rule->family].id) == 0)
                       || strcmp(word, m->scopes[rule->scope].id) == 0);
    if (in_rule) {
        hover_add(&h, rt_sprintf(hires ? (en ? "**target of hires**, in force on %s" : "**objectif d'embauches**, en vigueur au %s")
                                       : (en ? "**family × scope**, in force on %s" : "**famille × périmètre**, en vigueur au %s"),
                                 en ? date_to_iso(today) : date_to_french(today)));
        hover_add(&h, hires ? hover_hires(m, rule, today, en) : hover_resolution(m, rule->family, rule->scope, today, en));
    }
    for (int i = 0; i < n; i++) {
        const char *details = hover_details(m, &names[i], en);
        hover_add(&h, rt_sprintf("**%s** `%s`%s%s — %s", lsp_names_kind(names[i].kind, en), names[i].name,
                                 *details ? (en ? ": " : " : ") : "", details, model_prov_label(&names[i].prov, en)));
        /* Outside a rule, a family or a scope lists the rules in force for it. */
        if (!in_rule && (names[i].kind == LSP_NAME_FAMILY || names[i].kind == LSP_NAME_SCOPE)) {
            HoverText rules = { 0 };
            bool fam = names[i].kind == LSP_NAME_FAMILY;
            hover_rules_of(&rules, m, fam ? names[i].index : -1, fam ? -1 : names[i].index, today, en);
            if (rules.s)
                hover_add(&h, rt_sprintf(en ? "In force on %s:\n\n%s" : "En vigueur au %s :\n\n%s",
                                         en ? date_to_iso(today) : date_to_french(today), rules.s));
        }
    }
    /* âge is no declared name: the checker reads it as the participant's age. */
    if (n == 0 && !in_rule && expr_is_age(word))
        hover_add(&h, en ? "**age** `âge`: the full years between `date_naissance` and `date_entree`, judged at the "
                           "participant's entry; a duration (`26 ans`)"
                         : "**âge** `âge` : les années révolues entre `date_naissance` et `date_entree`, appréciées à "
                           "l'entrée du participant ; une durée (`26 ans`)");
    /* A diagnostic's code (an accepted warning's line): what its page says, so that the
    ** reader of the charter knows what was accepted without leaving it. */
    const DiagRule *code = n == 0 && !in_rule ? diag_rules_find(word) : NULL;
    if (code)
        hover_add(&h, rt_sprintf("**%s** `%s` — %s\n\n%s", hover_severity(code->severity, en), code->code,
                                 en ? code->title_en : code->title_fr, en ? code->summary_en : code->summary_fr));
    if (!h.s)
        return json_null();
    return json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value", diag_json_text(h.s),
                     "range", lsp_pos_range(d->src, w));
}
