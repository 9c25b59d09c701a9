/* runtime/diff_counting.c: who is eligible and which hours count, compared: eligibility and publics (widened, narrowed, or neither, when it can be decided), the window, modalities, caps, rounding, secrecy. */
#include "diff_impl.h"

#include "gc.h"

#include <string.h>

/* ---- conditions ---------------------------------------------------------------------------- */

static bool literal_same(const AstExpr *a, const AstExpr *b)
{
    if (a->value.kind != VAL_NULL && b->value.kind != VAL_NULL)
        return val_equal(a->value, b->value);
    return strcmp(a->u.text ? a->u.text : "", b->u.text ? b->u.text : "") == 0;
}

bool diff_expr_same(const AstExpr *a, const AstExpr *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case AST_E_NUMBER:
        if (a->value.kind != VAL_NULL && b->value.kind != VAL_NULL)
            return val_equal(a->value, b->value);
        return a->u.num.unit == b->u.num.unit && strcmp(a->u.num.text, b->u.num.text) == 0;
    case AST_E_DATE:
    case AST_E_MONTH:
    case AST_E_STRING: return literal_same(a, b);
    case AST_E_NAME:   return strcmp(a->u.text, b->u.text) == 0;
    case AST_E_BOOL:   return a->u.boolean == b->u.boolean;
    case AST_E_UNARY:
    case AST_E_KNOWN:  return a->u.op.op == b->u.op.op && diff_expr_same(a->u.op.lhs, b->u.op.lhs);
    case AST_E_BINARY:
        return a->u.op.op == b->u.op.op && diff_expr_same(a->u.op.lhs, b->u.op.lhs)
            && diff_expr_same(a->u.op.rhs, b->u.op.rhs);
    default:           return false;
    }
}

static void flatten(const AstExpr *e, AstOp op, const AstExpr ***out, int *n)
{
    if (e && e->kind == AST_E_BINARY && e->u.op.op == op) {
        flatten(e->u.op.lhs, op, out, n);
        flatten(e->u.op.rhs, op, out, n);
        return;
    }
    if (!e)
        return;
    RT_GROW(*out, *n);
    (*out)[(*n)++] = e;
}

static int parts(const AstExpr *e, AstOp op, const AstExpr ***out)
{
    int n = 0;
    *out = NULL;
    flatten(e, op, out, &n);
    return n;
}

/* A sufficient test that whoever meets a meets b (NULL: everyone), by the shape of the two
** conditions: b's conditions each implied, a's alternatives each implying, or one of a's
** conditions or b's alternatives doing it. `éligible seulement si` adds a condition to meet,
** `éligible aussi` an alternative: both are decided here; what needs arithmetic (âge < 50
** against âge < 60) is not, and is said undetermined. Each call takes a part of a or b:
** it ends, in time polynomial in the number of parts of flat lists. */
static bool implies(const AstExpr *a, const AstExpr *b)
{
    if (!b || diff_expr_same(a, b))
        return true;
    if (!a)
        return false;
    const AstExpr **p;
    int n = parts(b, AST_OP_AND, &p);
    if (n > 1) {
        for (int i = 0; i < n; i++)
            if (!implies(a, p[i]))
                return false;
        return true;
    }
    n = parts(a, AST_OP_OR, &p);
    if (n > 1) {
        for (int i = 0; i < n; i++)
            if (!implies(p[i], b))
                return false;
        return true;
    }
    n = parts(b, AST_OP_OR, &p);
    for (int i = 0; n > 1 && i < n; i++)
        if (implies(a, p[i]))
            return true;
    n = parts(a, AST_OP_AND, &p);
    for (int i = 0; n > 1 && i < n; i++)
        if (implies(p[i], b))
            return true;
    return false;
}

typedef enum { COND_SAME, COND_NARROWED, COND_WIDENED, COND_OTHER } CondMove;

static CondMove condition_move(const AstExpr *o, const AstExpr *n)
{
    bool narrower = implies(n, o), wider = implies(o, n);
    if (narrower && wider)
        return COND_SAME;
    return narrower ? COND_NARROWED : wider ? COND_WIDENED : COND_OTHER;
}

static DiffValue move_value(CondMove m, bool before)
{
    if (before)
        return diff_value_word("ancienne", say("ancienne condition", "former condition"));
    switch (m) {
    case COND_NARROWED: return diff_value_word("restreinte", say("condition restreinte", "narrowed condition"));
    case COND_WIDENED:  return diff_value_word("elargie", say("condition élargie", "widened condition"));
    default:            return diff_value_word("autre", say("autre condition", "another condition"));
    }
}

/* Fewer eligible participants, fewer counted hours: narrowing is stricter. */
static DiffEffect move_effect(CondMove m)
{
    return m == COND_NARROWED ? DIFF_STRICTER : m == COND_WIDENED ? DIFF_LESS_STRICT : DIFF_UNDETERMINED;
}

/* The national rule's article, and each article of a version that widens or narrows it:
** the Model keeps only the joined condition. */
static void eligibility_articles(DiffBuilder *b, DiffChange *c, const Model *m)
{
    diff_add_article(b, c, &m->eligible_prov);
    const AstCharter *ch = m->main;
    for (int i = 0; i < ch->items.len; i++) {
        const AstItem *it = ch->items.items[i];
        if (it->kind != AST_ITEM_ARTICLE && it->kind != AST_ITEM_AMENDMENT)
            continue;
        for (int k = 0; k < it->decls.len; k++) {
            const AstDecl *d = it->decls.items[k];
            if (d->kind != AST_D_ELIGIBLE_AUSSI && d->kind != AST_D_ELIGIBLE_SEULEMENT_SI)
                continue;
            bool amendment = it->kind == AST_ITEM_AMENDMENT;
            Prov p = { .src = ch->src, .span = d->span, .item = rt_sprintf("%s %s", amendment ? "avenant" : "article", it->number),
                       .item_title = it->title, .amendment = amendment };
            diff_add_article(b, c, &p);
        }
    }
}

static void eligibility(DiffBuilder *b)
{
    CondMove m = condition_move(b->old->eligible, b->new_->eligible);
    if (m == COND_SAME)
        return;
    DiffChange *c = diff_add(b, "eligibilite", "condition", say("condition d'éligibilité", "eligibility condition"));
    c->old = move_value(m, true);
    c->new_ = move_value(m, false);
    eligibility_articles(b, c, b->old);
    eligibility_articles(b, c, b->new_);
    c->effect = move_effect(m);
    c->why = m == COND_OTHER ? say("ni plus large ni plus étroite à coup sûr : les données le diront",
                                   "neither surely wider nor narrower: the data will tell")
                             : say("les heures des participants éligibles seules comptent",
                                   "only eligible participants' hours count");
}

static bool mentions(const AstExpr *e, const char *name)
{
    if (!e)
        return false;
    if (e->kind == AST_E_NAME)
        return strcmp(e->u.text, name) == 0;
    if (e->kind == AST_E_UNARY || e->kind == AST_E_KNOWN)
        return mentions(e->u.op.lhs, name);
    if (e->kind == AST_E_BINARY)
        return mentions(e->u.op.lhs, name) || mentions(e->u.op.rhs, name);
    return false;
}

static const MPublic *public_of(const Model *m, const char *id)
{
    for (int i = 0; i < m->npublics; i++)
        if (strcmp(m->publics[i].id, id) == 0)
            return &m->publics[i];
    return NULL;
}

static void publics(DiffBuilder *b)
{
    for (int i = 0; i < b->new_->npublics; i++) {
        const MPublic *n = &b->new_->publics[i], *o = public_of(b->old, n->id);
        if (!o)
            continue;   /* a public that is new changes eligibility only where it is used: said there */
        diff_text_change(b, "public", n->id, "nom", say("nom", "name"), o->name, n->name, &o->prov, &n->prov);
        CondMove m = condition_move(o->pred, n->pred);
        if (m == COND_SAME)
            continue;
        DiffChange *c = diff_add(b, "public", "condition", say("condition", "condition"));
        c->name = n->id;
        c->old = move_value(m, true);
        c->new_ = move_value(m, false);
        diff_add_article(b, c, &o->prov);
        diff_add_article(b, c, &n->prov);
        /* Used positively by eligibility, as publics are: a narrower public, fewer eligible. */
        if (mentions(b->new_->eligible, n->id)) {
            c->effect = move_effect(m);
            c->why = say("l'éligibilité s'appuie sur ce public", "eligibility relies on this public");
        } else {
            c->effect = DIFF_UNDETERMINED;
            c->why = say("seuls les indicateurs en dépendent", "only indicators depend on it");
        }
    }
}

/* ---- counting rules ------------------------------------------------------------------------ */

static void window(DiffBuilder *b)
{
    int o = b->old->elig_months, n = b->new_->elig_months;
    if (o == n)
        return;
    mpq_t qo, qn;
    mpq_init(qo);
    mpq_init(qn);
    mpq_set_si(qo, o, 1);
    mpq_set_si(qn, n, 1);
    DiffChange *c = diff_add(b, "comptage", "fenetre", say("fenêtre d'éligibilité", "eligibility window"));
    c->old = diff_value_num(DIFF_V_MONTHS, qo);
    c->new_ = diff_value_num(DIFF_V_MONTHS, qn);
    mpq_clear(qo);
    mpq_clear(qn);
    diff_add_article(b, c, &b->old->elig_prov);
    diff_add_article(b, c, &b->new_->elig_prov);
    /* 0 is no limit: the longest window. A longer window counts more hours. */
    bool longer = o != 0 && (n == 0 || n > o);
    c->effect = longer ? DIFF_LESS_STRICT : DIFF_STRICTER;
    c->why = say("une fenêtre plus longue compte plus d'heures", "a longer window counts more hours");
}

static const MColumn *modality_column(const Model *m)
{
    return m->std.h_modality >= 0 ? &m->tables[M_TABLE_HEURES].columns[m->std.h_modality] : NULL;
}

static int choice_index(const MColumn *c, const char *choice)
{
    for (int i = 0; c && i < c->nchoices; i++)
        if (strcmp(c->choices[i], choice) == 0)
            return i;
    return -1;
}

static void modalities(DiffBuilder *b)
{
    const MColumn *oc = modality_column(b->old), *nc = modality_column(b->new_);
    if (!oc || !nc || !b->old->modality_counted || !b->new_->modality_counted)
        return;
    for (int i = 0; i < nc->nchoices; i++) {
        int j = choice_index(oc, nc->choices[i]);
        if (j < 0 || b->old->modality_counted[j] == b->new_->modality_counted[i])
            continue;
        bool now = b->new_->modality_counted[i];
        DiffValue yes = diff_value_word("retenue", say("retenue", "counted")),
                  no = diff_value_word("non_retenue", say("non retenue", "not counted"));
        DiffChange *c = diff_add(b, "comptage", "modalite", say("modalité", "modality"));
        c->name = nc->choices[i];
        c->old = now ? no : yes;
        c->new_ = now ? yes : no;
        diff_add_article(b, c, &b->old->modalities_prov);
        diff_add_article(b, c, &b->new_->modalities_prov);
        c->effect = now ? DIFF_LESS_STRICT : DIFF_STRICTER;
    }
}

static const MCap *cap_of(const Model *m, const char *modality)
{
    for (int i = 0; i < m->ncaps; i++)
        if (strcmp(m->caps[i].modality, modality) == 0)
            return &m->caps[i];
    return NULL;
}

/* A higher cap lets more hours of its modality count. */
static void caps(DiffBuilder *b)
{
    const Model *ms[2] = { b->old, b->new_ };
    for (int v = 0; v < 2; v++)
        for (int i = 0; i < ms[v]->ncaps; i++) {
            const char *mod = ms[v]->caps[i].modality;
            const MCap *o = cap_of(b->old, mod), *n = cap_of(b->new_, mod);
            if (v == 1 && o)
                continue;   /* seen from the old side */
            if (o && n && mpq_equal(o->share, n->share))
                continue;
            DiffChange *c = diff_add(b, "comptage", "plafond", say("plafond", "cap"));
            c->name = mod;
            c->old = o ? diff_value_num(DIFF_V_RATE, o->share) : diff_value_none();
            c->new_ = n ? diff_value_num(DIFF_V_RATE, n->share) : diff_value_none();
            diff_add_article(b, c, o ? &o->prov : NULL);
            diff_add_article(b, c, n ? &n->prov : NULL);
            c->effect = !o ? DIFF_STRICTER : !n ? DIFF_LESS_STRICT : diff_effect_of_move(o->share, n->share, false);
        }
}

/* Target hours: down ≤ exact, nearest ≤ up; exact and nearest do not compare. */
static int rounding_rank(const Model *m) { return !m->has_rounding ? 1 : m->rounding == AST_ROUND_UP ? 2 : m->rounding == AST_ROUND_DOWN ? 0 : 1; }

static DiffValue rounding_value(const Model *m)
{
    if (!m->has_rounding)
        return diff_value_word("aucun", say("aucun arrondi", "no rounding"));
    switch (m->rounding) {
    case AST_ROUND_UP:   return diff_value_word("superieur", say("à l'heure supérieure", "up to the hour"));
    case AST_ROUND_DOWN: return diff_value_word("inferieur", say("à l'heure inférieure", "down to the hour"));
    default:             return diff_value_word("plus_proche", say("à l'heure la plus proche", "to the nearest hour"));
    }
}

static void rounding(DiffBuilder *b)
{
    DiffValue o = rounding_value(b->old), n = rounding_value(b->new_);
    if (diff_value_same(&o, &n))
        return;
    DiffChange *c = diff_add(b, "comptage", "arrondi", say("arrondi des heures objectif", "rounding of target hours"));
    c->old = o;
    c->new_ = n;
    diff_add_article(b, c, &b->old->rounding_prov);
    diff_add_article(b, c, &b->new_->rounding_prov);
    int ro = rounding_rank(b->old), rn = rounding_rank(b->new_);
    c->effect = ro == rn ? DIFF_UNDETERMINED : rn > ro ? DIFF_STRICTER : DIFF_LESS_STRICT;
}

/* A higher threshold hides more small counts. */
static void secrecy(DiffBuilder *b)
{
    if (b->old->secrecy_k == b->new_->secrecy_k)
        return;
    mpq_t qo, qn;
    mpq_init(qo);
    mpq_init(qn);
    mpq_set_si(qo, b->old->secrecy_k, 1);
    mpq_set_si(qn, b->new_->secrecy_k, 1);
    DiffChange *c = diff_add(b, "comptage", "secret", say("seuil du secret statistique", "statistical secrecy threshold"));
    c->old = diff_value_num(DIFF_V_NUMBER, qo);
    c->new_ = diff_value_num(DIFF_V_NUMBER, qn);
    c->effect = diff_effect_of_move(qo, qn, true);
    c->why = say("plus haut, plus de petits effectifs sont masqués", "higher, more small counts are hidden");
    mpq_clear(qo);
    mpq_clear(qn);
    diff_add_article(b, c, &b->old->secrecy_prov);
    diff_add_article(b, c, &b->new_->secrecy_prov);
}

void diff_counting(DiffBuilder *b)
{
    eligibility(b);
    publics(b);
    window(b);
    modalities(b);
    caps(b);
    rounding(b);
    secrecy(b);
}
