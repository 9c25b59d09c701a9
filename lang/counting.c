/* lang/counting.c: rounding, eligibility period, counted modalities, caps, statistical secrecy, indicators. */
#include "counting.h"

#include "expr.h"
#include "gc.h"
#include "schema.h"

#include <string.h>

#define DEFAULT_SECRECY 11

/* Reports the second declaration of a rule that is declared once; true when cd is the first. */
static bool first_of(Checker *ck, CheckerDecls *l, int i, Say what)
{
    if (i == 0)
        return true;
    CheckerDecl *cd = &l->items[i], *first = &l->items[0];
    Diag *d = checker_report(ck, DIAG_ERROR, "C0418", cd->site.module, cd->decl->span,
                             say(rt_sprintf("déclaration en double : %s ne se déclare qu'une fois "
                                            "pour toute la charte", what.fr),
                                 rt_sprintf("declared twice: %s is declared once for the whole "
                                            "charter", what.en)));
    checker_note(d, checker_src(ck, first->site.module), first->decl->span,
                 say(rt_sprintf("première déclaration (%s)", checker_site_label(ck, first->site, false)),
                     rt_sprintf("first declaration (%s)", checker_site_label(ck, first->site, true))));
    return false;
}

static void rounding(Checker *ck)
{
    CheckerDecls *l = &ck->decls[AST_D_ROUNDING];
    for (int i = 0; i < l->len; i++) {
        if (!first_of(ck, l, i, say("l'arrondi des heures objectif", "the rounding of target hours")))
            continue;
        ck->m->has_rounding = true;
        ck->m->rounding = l->items[i].decl->rounding;
        ck->m->rounding_prov = checker_prov(ck, l->items[i].site, l->items[i].decl->span);
    }
}

static void eligibility_period(Checker *ck)
{
    CheckerDecls *l = &ck->decls[AST_D_ELIG_PERIOD];
    for (int i = 0; i < l->len; i++) {
        if (!first_of(ck, l, i, say("la durée d'éligibilité", "the eligibility period")))
            continue;
        CheckerDecl *cd = &l->items[i];
        AstExpr *e = cd->decl->expr;
        if (!e || !expr_positive(ck, cd->site.module, e, types_months(), false,
                                 say("la durée d'éligibilité", "the eligibility period")))
            continue;
        mpq_srcptr q = e->value.as.num;
        if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || mpz_cmp_ui(mpq_numref(q), 1200) > 0) {
            checker_report(ck, DIAG_ERROR, "C0402", cd->site.module, e->span,
                           say("la durée d'éligibilité est un nombre entier de mois (au plus 100 ans)",
                               "the eligibility period is a whole number of months (100 years at most)"));
            continue;
        }
        ck->m->elig_months = (int)mpz_get_si(mpq_numref(q));
        ck->m->elig_prov = checker_prov(ck, cd->site, cd->decl->span);
    }
}

/* The heures.modalite column, or NULL when the schema lacks it (already reported). */
static const MColumn *modality_column(const Checker *ck)
{
    int ci = ck->m->std.h_modality;
    return ci >= 0 ? &ck->m->tables[M_TABLE_HEURES].columns[ci] : NULL;
}

static int modality_index(Checker *ck, int mi, const char *name, Span span)
{
    const MColumn *col = modality_column(ck);
    if (!col || !name)
        return -1;
    for (int i = 0; i < col->nchoices; i++)
        if (!strcmp(col->choices[i], name))
            return i;
    const char *list = "";
    for (int i = 0; i < col->nchoices; i++)
        list = rt_sprintf("%s%s%s", list, i ? ", " : "", col->choices[i]);
    checker_report(ck, DIAG_ERROR, "C0201", mi, span,
        say(rt_sprintf("modalité inconnue « %s » (modalités de heures.modalite : %s)%s", name, list,
                       checker_suggest_in(col->choices, col->nchoices, name, false)),
            rt_sprintf("unknown modality “%s” (modalities of heures.modalite: %s)%s", name, list,
                       checker_suggest_in(col->choices, col->nchoices, name, true))));
    return -1;
}

static void modalities(Checker *ck)
{
    Model *m = ck->m;
    const MColumn *col = modality_column(ck);
    int n = col ? col->nchoices : 0;
    m->modality_counted = rt_alloc_atomic(sizeof(bool) * (size_t)(n + 1));
    CheckerDecls *l = &ck->decls[AST_D_MODALITIES];
    bool declared = false;
    for (int i = 0; i < l->len; i++) {
        if (!first_of(ck, l, i, say("la liste des modalités retenues", "the list of counted modalities")))
            continue;
        CheckerDecl *cd = &l->items[i];
        declared = true;
        m->modalities_declared = true;
        m->modalities_prov = checker_prov(ck, cd->site, cd->decl->span);
        for (int k = 0; k < cd->decl->extra->names.len; k++) {
            AstExpr *e = AST_AT(cd->decl->extra->names, AstExpr, k);
            int mo = modality_index(ck, cd->site.module, e->u.text, e->span);
            if (mo >= 0)
                m->modality_counted[mo] = true;
        }
    }
    if (!declared)
        for (int i = 0; i < n; i++)
            m->modality_counted[i] = true;
}

static void caps(Checker *ck)
{
    Model *m = ck->m;
    CheckerDecls *l = &ck->decls[AST_D_CAP];
    m->caps = rt_alloc(sizeof *m->caps * (size_t)(l->len + 1));
    IdMap seen = { 0 };
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        AstDecl *d = cd->decl;
        int mo = modality_index(ck, cd->site.module, d->name, d->name_span);
        bool ok = d->expr && expr_rate(ck, cd->site.module, d->expr, say("le plafond", "the cap"));
        if (mo < 0 || !ok)
            continue;
        int first = idmap_add(&seen, d->name, strlen(d->name), m->ncaps);
        if (first >= 0) {
            Diag *diag = checker_report(ck, DIAG_ERROR, "C0418", cd->site.module, d->span,
                say(rt_sprintf("les heures de %s ont déjà un plafond", d->name),
                    rt_sprintf("hours of %s already have a cap", d->name)));
            checker_note(diag, m->caps[first].prov.src, m->caps[first].prov.span,
                         say("premier plafond", "first cap"));
            continue;
        }
        MCap *c = &m->caps[m->ncaps++];
        c->modality = modality_column(ck)->choices[mo];
        mpq_init(c->share);
        mpq_set(c->share, d->expr->value.as.num);
        c->prov = checker_prov(ck, cd->site, d->span);
    }
}

/* The national charter's threshold is a default: a charter that imports it
** may set its own (a stricter 15, or the 5 some territories use). Within one
** file it is declared once. */
static bool secrecy_first_in_module(Checker *ck, CheckerDecls *l, int i)
{
    for (int j = 0; j < i; j++)
        if (l->items[j].site.module == l->items[i].site.module) {
            CheckerDecl *cd = &l->items[i], *first = &l->items[j];
            Diag *d = checker_report(ck, DIAG_ERROR, "C0418", cd->site.module, cd->decl->span,
                                     say("déclaration en double : le secret statistique ne se déclare qu'une fois par charte",
                                         "declared twice: statistical secrecy is declared once per charter"));
            checker_note(d, checker_src(ck, first->site.module), first->decl->span,
                         say(rt_sprintf("première déclaration (%s)", checker_site_label(ck, first->site, false)),
                             rt_sprintf("first declaration (%s)", checker_site_label(ck, first->site, true))));
            return false;
        }
    return true;
}

static void secrecy(Checker *ck)
{
    ck->m->secrecy_k = DEFAULT_SECRECY;
    CheckerDecls *l = &ck->decls[AST_D_SECRECY];
    int chosen_module = -1;
    for (int i = 0; i < l->len; i++) {
        if (!secrecy_first_in_module(ck, l, i))
            continue;
        CheckerDecl *cd = &l->items[i];
        AstExpr *e = cd->decl->expr;
        if (!e || !expr_positive(ck, cd->site.module, e, types_number(), false,
                                 say("le secret statistique", "statistical secrecy")))
            continue;
        mpq_srcptr q = e->value.as.num;
        if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || mpz_cmp_ui(mpq_numref(q), 1000000) > 0) {
            checker_report(ck, DIAG_ERROR, "C0402", cd->site.module, e->span,
                           say("le secret statistique est un nombre entier de personnes",
                               "statistical secrecy is a whole number of persons"));
            continue;
        }
        /* Modules come imports first: the importing charter has the last word. */
        if (cd->site.module < chosen_module)
            continue;
        chosen_module = cd->site.module;
        ck->m->secrecy_k = (int)mpz_get_si(mpq_numref(q));
        ck->m->secrecy_prov = checker_prov(ck, cd->site, cd->decl->span);
    }
}

/* ---- indicators ----------------------------------------------------------------------------------- */

static const char *column_names_hint(const Checker *ck, const char *name, bool english)
{
    const MTable *t = &ck->m->tables[M_TABLE_PARTICIPANTS];
    const char **names = rt_alloc(sizeof *names * (size_t)(t->ncolumns + 1));
    for (int i = 0; i < t->ncolumns; i++)
        names[i] = t->columns[i].name;
    return checker_suggest_in(names, t->ncolumns, name, english);
}

static void indicator_by(Checker *ck, CheckerDecl *cd, MIndicator *ind)
{
    AstDecl *d = cd->decl;
    ind->by_column = -1;
    if (!d->extra->by)
        return;
    int mi = cd->site.module;
    if (!strcmp(checker_key(d->extra->by), "public")) {
        ind->by = "public";
        for (int i = 0; i < ck->m->npublics; i++)
            ck->publics[i].used = true;
        return;
    }
    int ci = schema_column_named(ck, M_TABLE_PARTICIPANTS, d->extra->by);
    if (ci < 0) {
        checker_report(ck, DIAG_ERROR, "C0201", mi, d->extra->by_span,
            say(rt_sprintf("colonne inconnue « %s » : « %s » ventile par public ou par une colonne des "
                           "participants%s", d->extra->by, checker_word(ck, VOCAB_PAR),
                           column_names_hint(ck, d->extra->by, false)),
                rt_sprintf("unknown column “%s”: “%s” breaks down by public or by a participant "
                           "column%s", d->extra->by, checker_word(ck, VOCAB_PAR),
                           column_names_hint(ck, d->extra->by, true))));
        return;
    }
    const MColumn *col = &ck->m->tables[M_TABLE_PARTICIPANTS].columns[ci];
    if (col->type != M_COL_CHOICE && col->type != M_COL_BOOL && col->type != M_COL_INT) {
        checker_report(ck, DIAG_ERROR, "C0423", mi, d->extra->by_span,
            say(rt_sprintf("on ne ventile pas par « %s », de type %s : seules les colonnes de type "
                           "choix, booléen ou entier se ventilent", d->extra->by,
                           schema_coltype_name(col->type, false)),
                rt_sprintf("cannot break down by “%s”, of type %s: only choice, boolean or integer "
                           "columns can", d->extra->by, schema_coltype_name(col->type, true))));
        return;
    }
    ind->by = col->name;
    ind->by_column = ci;
}

static void indicator_fields(Checker *ck, CheckerDecl *cd, MIndicator *ind)
{
    AstDecl *d = cd->decl;
    int mi = cd->site.module;
    for (int i = 0; i < d->fields.len; i++) {
        AstField *f = AST_AT(d->fields, AstField, i);
        if (f->key != AST_KEY_OBJECTIF || !f->value || ind->has_target) {
            const char *word = ast_key_name(f->key, ck->english);
            checker_report(ck, DIAG_ERROR, "C0420", mi, f->key_span,
                say(rt_sprintf("champ « %s » inattendu pour un indicateur (champ possible, une fois : %s)",
                               word, checker_word(ck, VOCAB_OBJECTIF)),
                    rt_sprintf("unexpected field “%s” for an indicator (possible field, once: %s)",
                               word, checker_word(ck, VOCAB_OBJECTIF))));
            continue;
        }
        bool ok = ind->kind == AST_IND_SHARE
            ? expr_rate(ck, mi, f->value, say("l'objectif d'une part de participants",
                            "the target of a share of participants"))
            : expr_positive(ck, mi, f->value, types_number(), true,
                            say("l'objectif d'un nombre de participants",
                                "the target of a number of participants"));
        if (!ok)
            continue;
        ind->has_target = true;
        mpq_set(ind->target, f->value->value.as.num);
    }
}

static void indicators(Checker *ck)
{
    Model *m = ck->m;
    CheckerDecls *l = &ck->decls[AST_D_INDICATOR];
    m->indicators = rt_alloc(sizeof *m->indicators * (size_t)(l->len + 1));
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        AstDecl *d = cd->decl;
        if (!d->name || !checker_declare(ck, CHECKER_INDICATOR, d->name, m->nindicators,
                                         cd->site.module, d->name_span))
            continue;
        MIndicator *ind = &m->indicators[m->nindicators++];
        ind->id = d->name;
        ind->name = d->extra->title ? d->extra->title : d->name;
        ind->kind = d->indicator;
        mpq_init(ind->target);
        ind->prov = checker_prov(ck, cd->site, d->span);
        if (d->expr && expr_condition(ck, cd->site.module, d->expr, EXPR_PARTICIPANT,
                                      say(rt_sprintf("le filtre de l'indicateur « %s »", d->name),
                                          rt_sprintf("the filter of indicator “%s”", d->name))))
            ind->where = d->expr;
        indicator_by(ck, cd, ind);
        indicator_fields(ck, cd, ind);
    }
}

void counting_check(Checker *ck)
{
    rounding(ck);
    eligibility_period(ck);
    modalities(ck);
    caps(ck);
    secrecy(ck);
    indicators(ck);
}
