/* lang/expr.c: the expression typer: names (columns, publics, constants, âge, choices), units, booleans, exact constant folding. */
#include "expr.h"

#include "declare.h"
#include "gc.h"
#include "num.h"
#include "schema.h"

#include <limits.h>
#include <string.h>

typedef struct X {
    Checker *ck;
    int module;
    ExprContext ctx;
    int self_public;         /* the public whose condition this is, -1 */
} X;

static const Type *check(X *x, AstExpr *e, const Type *hint);

/* The text of e as written, for messages ("âge", "26"); long ones are cut. */
static const char *text_of(const X *x, const AstExpr *e)
{
    Source *src = checker_src(x->ck, x->module);
    if (e->span.end <= e->span.start || e->span.end > src->len)
        return "…";
    if (e->span.end - e->span.start > 48)
        return rt_sprintf("%s…", source_text(src, (Span){ e->span.start, e->span.start + 40 }));
    return source_text(src, e->span);
}

static const Type *fail(AstExpr *e)
{
    e->type = types_error();
    return e->type;
}

static Diag *report(X *x, const char *code, Span span, Say msg)
{
    return checker_report(x->ck, DIAG_ERROR, code, x->module, span, msg);
}

/* ---- literals --------------------------------------------------------------------------------- */

static const Type *literal(X *x, AstExpr *e)
{
    switch (e->kind) {
    case AST_E_NUMBER:
        return checker_number_literal(x->ck, x->module, e) ? e->type : fail(e);
    case AST_E_DATE:
        return declare_date(x->ck, x->module, e) == DATE_NONE ? fail(e) : e->type;
    case AST_E_MONTH: {
        Month mo;
        if (!e->u.text || !month_parse(e->u.text, strlen(e->u.text), &mo)) {
            report(x, "C0309", e->span,
                   say(rt_sprintf("mois invalide « %s »", e->u.text ? e->u.text : ""),
                       rt_sprintf("invalid month “%s”", e->u.text ? e->u.text : "")));
            return fail(e);
        }
        e->value = val_month(mo);
        e->is_constant = true;
        return e->type = types_month();
    }
    case AST_E_STRING:
        e->value = val_text(e->u.text ? e->u.text : "");
        e->is_constant = true;
        return e->type = types_text();
    case AST_E_BOOL:
        e->value = val_bool(e->u.boolean);
        e->is_constant = true;
        return e->type = types_bool();
    default:
        return fail(e);
    }
}

static bool condition(X *x, AstExpr *e, Say what)
{
    const Type *t = check(x, e, NULL);
    if (types_is_error(t))
        return false;
    if (t->kind == TYPES_BOOL)
        return true;
    report(x, "C0303", e->span,
           say(rt_sprintf("%s doit être vraie ou fausse : « %s » est de type %s", what.fr,
                          text_of(x, e), types_name(t, false)),
               rt_sprintf("%s must be true or false: “%s” is of type %s", what.en, text_of(x, e),
                          types_name(t, true))));
    return false;
}

/* ---- constants and publics -------------------------------------------------------------------- */

/* The chain of definitions that leads back to e's name: "a → b → a". */
static const char *cycle_of(const int *stack, int n, int back, const char *(*name)(Checker *, int),
                            Checker *ck)
{
    int from = n - 1;
    while (from > 0 && stack[from] != back)
        from--;
    const char *s = "";
    for (int i = from; i < n; i++)
        s = rt_sprintf("%s%s → ", s, name(ck, stack[i]));
    return rt_sprintf("%s%s", s, name(ck, back));
}

static const char *constant_name(Checker *ck, int i) { return ck->constants[i].name; }
static const char *public_name(Checker *ck, int i) { return ck->m->publics[i].id; }

static void circular(X *x, AstExpr *e, Say kind, const char *chain)
{
    bool feminine = !strcmp(kind.fr, "la constante");
    report(x, "C0208", e->span,
           say(rt_sprintf("définition circulaire : %s « %s » se définit par %s (%s)", kind.fr,
                          e->u.text, feminine ? "elle-même" : "lui-même", chain),
               rt_sprintf("circular definition: %s “%s” is defined through itself (%s)", kind.en,
                          e->u.text, chain)));
}

static void type_constant(Checker *ck, int i)
{
    CheckerConstant *c = &ck->constants[i];
    if (c->state != CHECKER_TODO)
        return;
    c->state = CHECKER_BUSY;
    RT_GROW_ATOMIC(ck->busy, ck->nbusy);
    ck->busy[ck->nbusy++] = i;
    X sub = { ck, c->site.module, EXPR_CONST, -1 };
    c->type = c->decl->expr ? check(&sub, c->decl->expr, NULL) : types_error();
    c->value = c->decl->expr && c->decl->expr->is_constant ? c->decl->expr->value : val_null();
    c->state = CHECKER_DONE;
    ck->nbusy--;
}

static void type_public(Checker *ck, int i)
{
    CheckerPublic *p = &ck->publics[i];
    if (p->state != CHECKER_TODO)
        return;
    p->state = CHECKER_BUSY;
    RT_GROW_ATOMIC(ck->busy_publics, ck->nbusy_publics);
    ck->busy_publics[ck->nbusy_publics++] = i;
    MPublic *mp = &ck->m->publics[i];
    if (mp->pred) {
        X sub = { ck, p->site.module, EXPR_PARTICIPANT, i };
        condition(&sub, mp->pred, say(rt_sprintf("la condition du public « %s »", mp->id),
                      rt_sprintf("the condition of public “%s”", mp->id)));
    }
    p->state = CHECKER_DONE;
    ck->nbusy_publics--;
}

static const Type *use_constant(X *x, AstExpr *e, int i)
{
    Checker *ck = x->ck;
    CheckerConstant *c = &ck->constants[i];
    c->used = true;
    if (c->state == CHECKER_BUSY) {
        circular(x, e, say("la constante", "constant"),
                 cycle_of(ck->busy, ck->nbusy, i, constant_name, ck));
        return fail(e);
    }
    type_constant(ck, i);
    e->ref = AST_REF_CONSTANT;
    e->ref_index = i;
    e->value = c->value;
    e->is_constant = c->value.kind != VAL_NULL;
    e->type = c->type;
    return e->type;
}

static const Type *use_public(X *x, AstExpr *e, int i)
{
    Checker *ck = x->ck;
    ck->publics[i].used = true;
    if (ck->publics[i].state == CHECKER_BUSY) {
        circular(x, e, say("le public", "public"),
                 cycle_of(ck->busy_publics, ck->nbusy_publics, i, public_name, ck));
        return fail(e);
    }
    type_public(ck, i);
    e->ref = AST_REF_PUBLIC;
    e->ref_index = i;
    return e->type = types_bool();
}

/* ---- names ------------------------------------------------------------------------------------ */

bool expr_is_age(const char *name)
{
    return !strcmp(name, "âge") || !strcmp(name, "age");
}

/* What a name would be in the participant context, without reporting. A
** public named like a column (`public rqth : rqth`) is the public, except in
** its own condition, where the name is the column. */
typedef enum { NAME_NONE, NAME_COLUMN, NAME_PUBLIC, NAME_CONSTANT, NAME_AGE } NameKind;

static NameKind classify_name(const X *x, const char *name, int *index)
{
    const Checker *ck = x->ck;
    int pub = checker_lookup(ck, CHECKER_PUBLIC, name);
    if (pub >= 0 && pub != x->self_public) {
        *index = pub;
        return NAME_PUBLIC;
    }
    if ((*index = schema_column_named(ck, M_TABLE_PARTICIPANTS, name)) >= 0)
        return NAME_COLUMN;
    if ((*index = pub) >= 0)
        return NAME_PUBLIC;
    if ((*index = checker_lookup(ck, CHECKER_CONSTANT, name)) >= 0)
        return NAME_CONSTANT;
    if (expr_is_age(name))
        return NAME_AGE;
    return NAME_NONE;
}

/* The participant column, public, constant or âge an unknown name most likely meant. */
static const char *participant_name_meant(const X *x, const char *name)
{
    const Checker *ck = x->ck;
    const MTable *t = &ck->m->tables[M_TABLE_PARTICIPANTS];
    int n = t->ncolumns + ck->m->npublics + ck->nconstants + 1, k = 0;
    const char **cands = rt_alloc(sizeof *cands * (size_t)n);
    for (int i = 0; i < t->ncolumns; i++)
        cands[k++] = t->columns[i].name;
    for (int i = 0; i < ck->m->npublics; i++)
        cands[k++] = ck->m->publics[i].id;
    for (int i = 0; i < ck->nconstants; i++)
        cands[k++] = ck->constants[i].name;
    cands[k++] = "âge";
    return checker_nearest_in(cands, k, name);
}

static const Type *choice_value(X *x, AstExpr *e, const Type *hint)
{
    for (int i = 0; i < hint->nchoices; i++)
        if (!strcmp(hint->choices[i], e->u.text)) {
            if (e->kind == AST_E_NAME)
                e->ref = AST_REF_CHOICE;
            e->value = val_text(hint->choices[i]);
            e->is_constant = true;
            return e->type = hint;
        }
    return NULL;
}

static void not_a_choice(X *x, AstExpr *e, const Type *hint)
{
    const char *list = "";
    for (int i = 0; i < hint->nchoices; i++)
        list = rt_sprintf("%s%s%s", list, i ? ", " : "", hint->choices[i]);
    report(x, "C0308", e->span,
           say(rt_sprintf("« %s » n'est pas un choix de la colonne %s (choix : %s)%s", e->u.text,
                          hint->of, list,
                          checker_suggest_in(hint->choices, hint->nchoices, e->u.text, false)),
               rt_sprintf("“%s” is not a choice of column %s (choices: %s)%s", e->u.text, hint->of,
                          list, checker_suggest_in(hint->choices, hint->nchoices, e->u.text, true))));
}

static const Type *name_in_participant(X *x, AstExpr *e, const Type *hint)
{
    Checker *ck = x->ck;
    const char *name = e->u.text;
    if (hint && hint->kind == TYPES_CHOICE && choice_value(x, e, hint))
        return e->type;
    int i;
    switch (classify_name(x, name, &i)) {
    case NAME_COLUMN:
        e->ref = AST_REF_COLUMN;
        e->ref_index = i;
        return e->type = schema_column_type(ck, M_TABLE_PARTICIPANTS, i);
    case NAME_PUBLIC:
        return use_public(x, e, i);
    case NAME_CONSTANT:
        return use_constant(x, e, i);
    case NAME_AGE:
        e->ref = AST_REF_AGE;
        e->ref_index = -1;
        return e->type = types_months();
    case NAME_NONE:
        break;
    }
    if (hint && hint->kind == TYPES_CHOICE) {
        not_a_choice(x, e, hint);
        return fail(e);
    }
    const char *meant = participant_name_meant(x, name);
    /* The public or constant it meant is used: a C0203 would ask the writer to write
    ** what the line already says, misspelt. */
    int p = meant ? checker_lookup(ck, CHECKER_PUBLIC, meant) : -1, c = meant ? checker_lookup(ck, CHECKER_CONSTANT, meant) : -1;
    if (p >= 0)
        ck->publics[p].used = true;
    if (c >= 0)
        ck->constants[c].used = true;
    report(x, "C0201", e->span,
           say(rt_sprintf("nom inconnu « %s » : ni une colonne des participants, ni un public, ni une "
                          "constante%s", name, checker_did_you_mean(meant, false)),
               rt_sprintf("unknown name “%s”: not a participant column, a public or a constant%s",
                          name, checker_did_you_mean(meant, true))));
    return fail(e);
}

static const Type *name_in_const(X *x, AstExpr *e)
{
    Checker *ck = x->ck;
    const char *name = e->u.text;
    int i = checker_lookup(ck, CHECKER_CONSTANT, name);
    if (i >= 0)
        return use_constant(x, e, i);
    NameKind k = classify_name(x, name, &i);
    if (k != NAME_NONE) {
        Say what = k == NAME_COLUMN ? say("une colonne des participants", "a participant column")
                 : k == NAME_PUBLIC ? say("un public", "a public")
                 : say("l'âge d'un participant", "a participant's age");
        report(x, "C0307", e->span,
               say(rt_sprintf("« %s » est %s : ici il faut une valeur fixée par la charte (un nombre, "
                              "une date, une constante)", name, what.fr),
                   rt_sprintf("“%s” is %s: a value fixed by the charter is needed here (a number, a "
                              "date, a constant)", name, what.en)));
        return fail(e);
    }
    report(x, "C0201", e->span,
           say(rt_sprintf("constante inconnue « %s »%s", name,
                          checker_suggest_in_map(&ck->names[CHECKER_CONSTANT], name, false)),
               rt_sprintf("unknown constant “%s”%s", name,
                          checker_suggest_in_map(&ck->names[CHECKER_CONSTANT], name, true))));
    return fail(e);
}

static bool resolvable(const X *x, const AstExpr *e)
{
    int i;
    return e->kind != AST_E_NAME || classify_name(x, e->u.text, &i) != NAME_NONE;
}

/* ---- units in messages ------------------------------------------------------------------------ */

/* " ; écrivez « 10 % »" for a rate written bare: below 1 it is the fraction (0,1 is 10 %, as
** a charter reads « 10 % »), from 1 to 100 the percentage without its sign (« 20 » meant
** 20 %); 0 and over 100 are no rate anyone meant. */
static const char *rate_hint(const AstExpr *bare, bool english)
{
    if (!bare->is_constant || bare->value.kind != VAL_NUM)
        return "";
    mpq_srcptr v = bare->value.as.num;
    if (mpq_sgn(v) <= 0 || mpq_cmp_ui(v, 100, 1) > 0)
        return "";
    Value rate = bare->value;
    if (mpq_cmp_ui(v, 1, 1) >= 0) {
        rate = val_num_si(100);
        mpq_div(rate.as.num, v, rate.as.num);
    }
    const char *text = checker_format_value(rate, types_percent(), english);
    return english ? rt_sprintf("; write “%s”", text) : rt_sprintf(" ; écrivez « %s »", text);
}

/* " : écrivez « 26 ans »" when a bare number meets a quantity with a unit. */
static const char *unit_hint(const Checker *ck, Source *src, const AstExpr *bare,
                             const AstExpr *other, const Type *t, bool english)
{
    if (!bare || bare->kind != AST_E_NUMBER || bare->u.num.unit != LEX_UNIT_NONE || !t
        || t->kind != TYPES_QUANTITY)
        return "";
    if (t->percent)
        return rate_hint(bare, english);
    const char *unit;
    if (types_is_quantity(t, 0, 0, 1, 0, false))
        unit = other && other->kind == AST_E_NAME && other->ref == AST_REF_AGE
             ? checker_word(ck, VOCAB_UNIT_YEAR) : checker_word(ck, VOCAB_UNIT_MONTH);
    else if (types_is_quantity(t, 0, 0, 0, 1, false))
        unit = checker_word(ck, VOCAB_UNIT_DAY);
    else
        unit = types_unit(t, false);
    if (!unit || !*unit)
        return "";
    const char *text = source_text(src, bare->span);
    return english ? rt_sprintf("; write “%s %s”", text, unit)
                   : rt_sprintf(" ; écrivez « %s %s »", text, unit);
}

static const char *pair_hint(X *x, AstExpr *l, AstExpr *r, bool english)
{
    Source *src = checker_src(x->ck, x->module);
    const char *h = unit_hint(x->ck, src, l, r, r->type, english);
    return *h ? h : unit_hint(x->ck, src, r, l, l->type, english);
}

/* ---- folding ------------------------------------------------------------------------------------ */

static void set_value(AstExpr *e, Value v)
{
    e->value = v;
    e->is_constant = v.kind != VAL_NULL;
}

static bool small_integer(mpq_srcptr q, long *out)
{
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || !mpz_fits_slong_p(mpq_numref(q)))
        return false;
    long n = mpz_get_si(mpq_numref(q));
    if (n > 4000000 || n < -4000000)
        return false;
    *out = n;
    return true;
}

static void out_of_calendar(X *x, AstExpr *e, Say why)
{
    report(x, "C0305", e->span, say(rt_sprintf("calcul de date impossible : %s", why.fr),
               rt_sprintf("impossible date arithmetic: %s", why.en)));
}

/* d ± n (a duration in months or days, of type dur). */
static void fold_shift(X *x, AstExpr *e, Value d, mpq_srcptr n, int sign, const Type *dur)
{
    long k;
    if (!small_integer(n, &k)) {
        out_of_calendar(x, e, say("la durée n'est pas un nombre entier de mois ou de jours",
                            "the duration is not a whole number of months or days"));
        return;
    }
    k *= sign;
    bool months = types_is_quantity(dur, 0, 0, 1, 0, false);
    if (d.kind == VAL_MONTH) {
        set_value(e, val_month((Month)(d.as.month + k)));
        return;
    }
    Date r = months ? date_add_months(d.as.date, (int)k) : (Date)(d.as.date + k);
    Date lo, hi;
    date_from_ymd(1, 1, 1, &lo);
    date_from_ymd(9999, 12, 31, &hi);
    if (r == DATE_NONE || r < lo || r > hi) {
        out_of_calendar(x, e, say("le résultat sort des années 1 à 9999",
                            "the result falls outside years 1 to 9999"));
        return;
    }
    set_value(e, val_date(r));
}

static void fold_arith(X *x, AstExpr *e, AstOp op, AstExpr *l, AstExpr *r)
{
    if (!l->is_constant || !r->is_constant)
        return;
    Value a = l->value, b = r->value;
    if (a.kind == VAL_NUM && b.kind == VAL_NUM) {
        mpq_ptr q = val_new_num();
        switch (op) {
        case AST_OP_ADD: mpq_add(q, a.as.num, b.as.num); break;
        case AST_OP_SUB: mpq_sub(q, a.as.num, b.as.num); break;
        case AST_OP_MUL: mpq_mul(q, a.as.num, b.as.num); break;
        default:
            if (mpq_sgn(b.as.num) == 0) {
                report(x, "C0306", r->span,
                       say(rt_sprintf("division par zéro : « %s » vaut 0", text_of(x, r)),
                           rt_sprintf("division by zero: “%s” is 0", text_of(x, r))));
                e->type = types_error();
                return;
            }
            mpq_div(q, a.as.num, b.as.num);
            break;
        }
        set_value(e, (Value){ .kind = VAL_NUM, .as.num = q });
        return;
    }
    int sign = op == AST_OP_SUB ? -1 : 1;
    if ((a.kind == VAL_DATE || a.kind == VAL_MONTH) && b.kind == VAL_NUM)
        fold_shift(x, e, a, b.as.num, sign, r->type);
    else if (a.kind == VAL_NUM && (b.kind == VAL_DATE || b.kind == VAL_MONTH))
        fold_shift(x, e, b, a.as.num, 1, l->type);
    else if (a.kind == VAL_DATE && b.kind == VAL_DATE)
        set_value(e, val_num_si((long)a.as.date - (long)b.as.date));
    else if (a.kind == VAL_MONTH && b.kind == VAL_MONTH)
        set_value(e, val_num_si((long)a.as.month - (long)b.as.month));
}

static void fold_compare(AstExpr *e, AstOp op, AstExpr *l, AstExpr *r)
{
    if (!l->is_constant || !r->is_constant || l->value.kind != r->value.kind)
        return;
    int c = val_compare(l->value, r->value);
    bool v;
    switch (op) {
    case AST_OP_EQ: v = val_equal(l->value, r->value); break;
    case AST_OP_NE: v = !val_equal(l->value, r->value); break;
    case AST_OP_LT: v = c < 0; break;
    case AST_OP_LE: v = c <= 0; break;
    case AST_OP_GT: v = c > 0; break;
    default:        v = c >= 0; break;
    }
    set_value(e, val_bool(v));
}

/* ---- operators ---------------------------------------------------------------------------------- */

static bool need_bool(X *x, AstExpr *operand, const char *op)
{
    const Type *t = operand->type;
    if (types_is_error(t) || t->kind == TYPES_BOOL)
        return true;
    report(x, "C0303", operand->span,
           say(rt_sprintf("« %s » n'est pas une condition (il est de type %s) : « %s » relie des "
                          "conditions vraies ou fausses", text_of(x, operand), types_name(t, false),
                          op),
               rt_sprintf("“%s” is not a condition (it is of type %s): “%s” combines true-or-false "
                          "conditions", text_of(x, operand), types_name(t, true), op)));
    return false;
}

static const Type *logic(X *x, AstExpr *e, AstOp op, AstExpr *l, AstExpr *r)
{
    const char *fr = op == AST_OP_AND ? checker_word(x->ck, VOCAB_ET)
                                      : checker_word(x->ck, VOCAB_OU);
    check(x, l, NULL);
    check(x, r, NULL);
    bool ok = need_bool(x, l, fr);
    ok &= need_bool(x, r, fr);
    if (!ok || types_is_error(l->type) || types_is_error(r->type))
        return fail(e);
    if (l->is_constant && r->is_constant)
        set_value(e, val_bool(op == AST_OP_AND ? l->value.as.b && r->value.as.b
                                               : l->value.as.b || r->value.as.b));
    return e->type = types_bool();
}

static const char *op_verb_fr(AstOp op)
{
    switch (op) {
    case AST_OP_ADD: return "additionner";
    case AST_OP_SUB: return "soustraire";
    case AST_OP_MUL: return "multiplier";
    default:         return "diviser";
    }
}

static const char *op_verb_en(AstOp op)
{
    switch (op) {
    case AST_OP_ADD: return "add";
    case AST_OP_SUB: return "subtract";
    case AST_OP_MUL: return "multiply";
    default:         return "divide";
    }
}

static const Type *arith(X *x, AstExpr *e, AstOp op, AstExpr *l, AstExpr *r)
{
    const Type *tl = check(x, l, NULL), *tr = check(x, r, NULL);
    const Type *t = op == AST_OP_ADD ? types_add(tl, tr)
                  : op == AST_OP_SUB ? types_sub(tl, tr)
                  : op == AST_OP_MUL ? types_mul(tl, tr) : types_div(tl, tr);
    if (!t) {
        bool units = (op == AST_OP_ADD || op == AST_OP_SUB) && tl->kind == TYPES_QUANTITY
                     && tr->kind == TYPES_QUANTITY;
        report(x, units ? "C0301" : "C0305", e->span,
               say(rt_sprintf("on ne peut pas %s « %s », de type %s, et « %s », de type %s%s%s",
                              op_verb_fr(op), text_of(x, l), types_name(tl, false), text_of(x, r),
                              types_name(tr, false),
                              units ? " : les deux termes doivent avoir la même unité" : "",
                              pair_hint(x, l, r, false)),
                   rt_sprintf("cannot %s “%s”, of type %s, and “%s”, of type %s%s%s", op_verb_en(op),
                              text_of(x, l), types_name(tl, true), text_of(x, r), types_name(tr, true),
                              units ? ": both terms must have the same unit" : "",
                              pair_hint(x, l, r, true))));
        return fail(e);
    }
    e->type = t;
    if (!types_is_error(t))
        fold_arith(x, e, op, l, r);
    return e->type;
}

static bool is_ordering(AstOp op)
{
    return op == AST_OP_LT || op == AST_OP_LE || op == AST_OP_GT || op == AST_OP_GE;
}

/* `Sexe = F`: two names the charter does not know, most likely a column misspelt and a
** choice of it. Only the one that resembles a known name is said; the other is checked once
** the column is right (a C0201 on `F` would send the writer after a name that is not wrong).
** NULL when that cannot be told: both or neither resemble one. */
static AstExpr *misspelt_side(const X *x, AstExpr *l, AstExpr *r)
{
    if (x->ctx == EXPR_CONST || l->kind != AST_E_NAME || r->kind != AST_E_NAME || resolvable(x, l)
        || resolvable(x, r))
        return NULL;
    bool left = participant_name_meant(x, l->u.text) != NULL, right = participant_name_meant(x, r->u.text) != NULL;
    return left == right ? NULL : left ? l : r;
}

static const Type *compare(X *x, AstExpr *e, AstOp op, AstExpr *l, AstExpr *r)
{
    AstExpr *misspelt = misspelt_side(x, l, r);
    if (misspelt) {
        check(x, misspelt, NULL);
        fail(misspelt == l ? r : l);
        return fail(e);
    }
    /* A choice written bare (`F = sexe`) is typed after the column it meets. */
    if ((l->kind == AST_E_NAME && !resolvable(x, l)) || l->kind == AST_E_STRING) {
        check(x, r, NULL);
        check(x, l, r->type);
    } else {
        check(x, l, NULL);
        check(x, r, l->type);
    }
    const Type *tl = l->type, *tr = r->type;
    if (types_is_error(tl) || types_is_error(tr))
        return fail(e);
    bool ordering = is_ordering(op);
    if (!types_comparable(tl, tr, ordering)) {
        if (ordering && types_comparable(tl, tr, false))
            report(x, "C0302", e->span,
                   say(rt_sprintf("« %s » ne s'applique pas à une valeur de type %s : seuls = et ≠ s'y "
                                  "appliquent", ast_op_text(op), types_name(tl, false)),
                       rt_sprintf("“%s” does not apply to a value of type %s: only = and ≠ do",
                                  ast_op_text(op), types_name(tl, true))));
        else
            report(x, "C0302", e->span,
                   say(rt_sprintf("on ne peut pas comparer « %s », de type %s, à « %s », de type %s%s",
                                  text_of(x, l), types_name(tl, false), text_of(x, r),
                                  types_name(tr, false), pair_hint(x, l, r, false)),
                       rt_sprintf("cannot compare “%s”, of type %s, with “%s”, of type %s%s",
                                  text_of(x, l), types_name(tl, true), text_of(x, r),
                                  types_name(tr, true), pair_hint(x, l, r, true))));
        return fail(e);
    }
    e->type = types_bool();
    fold_compare(e, op, l, r);
    return e->type;
}

static const Type *unary(X *x, AstExpr *e)
{
    AstExpr *a = e->u.op.lhs;
    const Type *t = check(x, a, NULL);
    if (types_is_error(t))
        return fail(e);
    if (e->u.op.op == AST_OP_NOT) {
        const char *word = checker_word(x->ck, VOCAB_NON);
        if (!need_bool(x, a, word))
            return fail(e);
        if (a->is_constant)
            set_value(e, val_bool(!a->value.as.b));
        return e->type = types_bool();
    }
    const Type *r = types_neg(t);
    if (!r) {
        report(x, "C0305", e->span,
               say(rt_sprintf("« %s » est de type %s : seul un nombre a un opposé", text_of(x, a),
                              types_name(t, false)),
                   rt_sprintf("“%s” is of type %s: only a number has an opposite", text_of(x, a),
                              types_name(t, true))));
        return fail(e);
    }
    if (a->is_constant && a->value.kind == VAL_NUM) {
        mpq_ptr q = val_new_num();
        mpq_neg(q, a->value.as.num);
        set_value(e, (Value){ .kind = VAL_NUM, .as.num = q });
    }
    return e->type = r;
}

static const Type *known(X *x, AstExpr *e)
{
    AstExpr *a = e->u.op.lhs;
    const Type *t = check(x, a, NULL);
    if (types_is_error(t))
        return fail(e);
    if (a->is_constant)
        set_value(e, val_bool(true));
    return e->type = types_bool();
}

static const Type *check(X *x, AstExpr *e, const Type *hint)
{
    if (!e)
        return types_error();
    switch (e->kind) {
    case AST_E_NAME:
        if (!e->u.text)
            return fail(e);
        return x->ctx == EXPR_CONST ? name_in_const(x, e) : name_in_participant(x, e, hint);
    case AST_E_STRING:
        literal(x, e);
        if (hint && hint->kind == TYPES_CHOICE && !choice_value(x, e, hint)) {
            not_a_choice(x, e, hint);
            return fail(e);
        }
        return e->type;
    case AST_E_UNARY:
        return unary(x, e);
    case AST_E_BINARY: {
        AstOp op = e->u.op.op;
        AstExpr *l = e->u.op.lhs, *r = e->u.op.rhs;
        if (!l || !r)
            return fail(e);
        switch (op) {
        case AST_OP_AND: case AST_OP_OR:
            return logic(x, e, op, l, r);
        case AST_OP_ADD: case AST_OP_SUB: case AST_OP_MUL: case AST_OP_DIV:
            return arith(x, e, op, l, r);
        default:
            return compare(x, e, op, l, r);
        }
    }
    case AST_E_KNOWN:
        return known(x, e);
    case AST_E_ERROR:
        return fail(e);
    default:
        return literal(x, e);
    }
}

/* ---- entry points --------------------------------------------------------------------------------- */

const Type *expr_check(Checker *ck, int module, AstExpr *e, ExprContext ctx)
{
    X x = { ck, module, ctx, -1 };
    return check(&x, e, NULL);
}

bool expr_condition(Checker *ck, int module, AstExpr *e, ExprContext ctx, Say what)
{
    X x = { ck, module, ctx, -1 };
    return condition(&x, e, what);
}

static void wrong_type(Checker *ck, int module, AstExpr *e, Say what, Say expected, const Type *want)
{
    X x = { ck, module, EXPR_CONST, -1 };
    Source *src = checker_src(ck, module);
    checker_report(ck, DIAG_ERROR, "C0304", module, e->span,
        say(rt_sprintf("%s doit être de type %s : « %s » est de type %s%s", what.fr, expected.fr,
                       text_of(&x, e), types_name(e->type, false),
                       unit_hint(ck, src, e, NULL, want, false)),
            rt_sprintf("%s must be of type %s: “%s” is of type %s%s", what.en, expected.en,
                       text_of(&x, e), types_name(e->type, true),
                       unit_hint(ck, src, e, NULL, want, true))));
}

void expr_wrong_type(Checker *ck, int module, AstExpr *e, Say what, Say expected, const Type *likely)
{
    wrong_type(ck, module, e, what, expected, likely);
}

bool expr_expect(Checker *ck, int module, AstExpr *e, const Type *want, Say what)
{
    const Type *t = expr_check(ck, module, e, EXPR_CONST);
    if (types_is_error(t))
        return false;
    if (!types_equal(t, want)) {
        wrong_type(ck, module, e, what, say(types_name(want, false), types_name(want, true)), want);
        return false;
    }
    return e->is_constant;
}

bool expr_rate(Checker *ck, int module, AstExpr *e, Say what)
{
    if (!expr_expect(ck, module, e, types_percent(), what))
        return false;
    mpq_srcptr q = e->value.as.num;
    if (mpq_sgn(q) >= 0 && mpq_cmp_ui(q, 1, 1) <= 0)
        return true;
    X x = { ck, module, EXPR_CONST, -1 };
    report(&x, "C0402", e->span,
           say(rt_sprintf("« %s » ne convient pas pour %s : il faut un taux entre 0 %% et 100 %%",
                          text_of(&x, e), what.fr),
               rt_sprintf("“%s” does not fit %s: a rate between 0 %% and 100 %% is needed",
                          text_of(&x, e), what.en)));
    return false;
}

bool expr_positive(Checker *ck, int module, AstExpr *e, const Type *want, bool zero_ok, Say what)
{
    if (!expr_expect(ck, module, e, want, what))
        return false;
    int sign = mpq_sgn(e->value.as.num);
    if (sign > 0 || (zero_ok && sign == 0))
        return true;
    X x = { ck, module, EXPR_CONST, -1 };
    report(&x, "C0402", e->span,
           say(rt_sprintf("« %s » ne convient pas pour %s : il faut une valeur %s", text_of(&x, e),
                          what.fr, zero_ok ? "positive ou nulle" : "strictement positive"),
               rt_sprintf("“%s” does not fit %s: a value %s is needed", text_of(&x, e), what.en,
                          zero_ok ? "of zero or more" : "greater than zero")));
    return false;
}

/* ---- declarations ------------------------------------------------------------------------------------ */

void expr_declare(Checker *ck)
{
    CheckerDecls *consts = &ck->decls[AST_D_CONSTANT];
    for (int i = 0; i < consts->len; i++) {
        CheckerDecl *cd = &consts->items[i];
        AstDecl *d = cd->decl;
        if (!d->name || !checker_declare(ck, CHECKER_CONSTANT, d->name, ck->nconstants,
                                         cd->site.module, d->name_span))
            continue;
        RT_GROW(ck->constants, ck->nconstants);
        ck->constants[ck->nconstants++] = (CheckerConstant){
            .name = d->name, .decl = d, .site = cd->site, .state = CHECKER_TODO,
        };
    }
    CheckerDecls *pubs = &ck->decls[AST_D_PUBLIC];
    Model *m = ck->m;
    m->publics = rt_alloc(sizeof *m->publics * (size_t)(pubs->len + 1));
    ck->publics = rt_alloc(sizeof *ck->publics * (size_t)(pubs->len + 1));
    for (int i = 0; i < pubs->len; i++) {
        CheckerDecl *cd = &pubs->items[i];
        AstDecl *d = cd->decl;
        if (!d->name || !checker_declare(ck, CHECKER_PUBLIC, d->name, m->npublics,
                                         cd->site.module, d->name_span))
            continue;
        MPublic *p = &m->publics[m->npublics];
        p->id = d->name;
        p->name = d->extra->title ? d->extra->title : d->name;
        p->pred = d->expr;
        p->prov = checker_prov(ck, cd->site, d->span);
        ck->publics[m->npublics] = (CheckerPublic){ CHECKER_TODO, false, cd->site, d };
        m->npublics++;
    }
}

/* C0418: a second `éligible`. When the first one is the national charter's,
** the advice is the one a local charter can follow: widen or narrow it. */
static void duplicate_eligible(Checker *ck, const CheckerDecl *first, const CheckerDecl *cd)
{
    const char *el = checker_word(ck, VOCAB_ELIGIBLE), *also = checker_word(ck, VOCAB_ELIGIBLE_AUSSI),
               *only = checker_word(ck, VOCAB_ELIGIBLE_SEULEMENT_SI);
    bool national = ck->modules[first->site.module].std;
    Say msg = national
        ? SAYF(("la charte nationale dit déjà qui est éligible : une charte locale ne la remplace pas ; "
                "pour ajouter des publics, écrivez « %s : PUBLIC » ; pour la restreindre, « %s : CONDITION »",
                also, only),
               ("the national charter already says who is eligible: a local charter does not replace it; "
                "to add publics, write “%s: PUBLIC”; to narrow it, “%s: CONDITION”", also, only))
        : SAYF(("déclaration en double : une seule règle « %s » dit qui est éligible ; pour ajouter des publics "
                "à la première, écrivez « %s : PUBLIC »", el, also),
               ("declared twice: one “%s” rule says who is eligible; to add publics to the first one, "
                "write “%s: PUBLIC”", el, also));
    Diag *d = checker_report(ck, DIAG_ERROR, "C0418", cd->site.module, cd->decl->span, msg);
    checker_note(d, checker_src(ck, first->site.module), first->decl->span,
                 national ? say("la règle nationale est ici", "the national rule is here")
                          : say("première déclaration ici", "first declared here"));
}

/* Each `éligible aussi` / `éligible seulement si` condition joined to acc by
** op; returns the first declaration seen (NULL when none). */
static const CheckerDecl *join_eligible(Checker *ck, AstDeclKind kind, AstOp op, AstExpr **acc)
{
    CheckerDecls *l = &ck->decls[kind];
    VocabId word = kind == AST_D_ELIGIBLE_AUSSI ? VOCAB_ELIGIBLE_AUSSI : VOCAB_ELIGIBLE_SEULEMENT_SI;
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        if (!expr_condition(ck, cd->site.module, cd->decl->expr, EXPR_PARTICIPANT,
                            say(rt_sprintf("la condition « %s »", checker_word(ck, word)),
                                rt_sprintf("the “%s” condition", checker_word(ck, word)))))
            continue;
        *acc = *acc ? ast_binary(op, *acc, cd->decl->expr) : cd->decl->expr;
    }
    return l->len ? &l->items[0] : NULL;
}

/* C0451: a charter that changes who is eligible says so, once, in a note. */
static void say_eligibility_changed(Checker *ck, const CheckerDecl *base, const CheckerDecl *wide,
                                    const CheckerDecl *narrow)
{
    const char *el = checker_word(ck, VOCAB_ELIGIBLE), *also = checker_word(ck, VOCAB_ELIGIBLE_AUSSI),
               *only = checker_word(ck, VOCAB_ELIGIBLE_SEULEMENT_SI);
    Say msg;
    if (wide && narrow)
        msg = SAYF(("cette charte élargit puis restreint l'éligibilité : est éligible qui satisfait la règle "
                    "« %s » ou une condition « %s », et toutes les conditions « %s »", el, also, only),
                   ("this charter widens then narrows eligibility: eligible is whoever meets the “%s” rule "
                    "or an “%s” condition, and every “%s” condition", el, also, only));
    else if (wide)
        msg = SAYF(("cette charte élargit l'éligibilité : est éligible qui satisfait la règle « %s » ou une "
                    "condition « %s »", el, also),
                   ("this charter widens eligibility: eligible is whoever meets the “%s” rule or an “%s” "
                    "condition", el, also));
    else
        msg = SAYF(("cette charte restreint l'éligibilité : est éligible qui satisfait la règle « %s » et "
                    "toutes les conditions « %s »", el, only),
                   ("this charter narrows eligibility: eligible is whoever meets the “%s” rule and every "
                    "“%s” condition", el, only));
    const CheckerDecl *at = wide ? wide : narrow;
    Diag *d = checker_report(ck, DIAG_NOTE, "C0451", at->site.module, at->decl->span, msg);
    if (base)
        checker_note(d, checker_src(ck, base->site.module), base->decl->span,
                     SAYF(("la règle « %s » est ici", el), ("the “%s” rule is here", el)));
}

/* The Model's one condition: (éligible or éligible aussi…) and éligible seulement si…,
** judged by the evaluator at the participant's entry date like any condition. */
static void check_eligible(Checker *ck)
{
    CheckerDecls *l = &ck->decls[AST_D_ELIGIBLE];
    const CheckerDecl *base = l->len ? &l->items[0] : NULL;
    AstExpr *cond = NULL;
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        if (i > 0)
            duplicate_eligible(ck, base, cd);
        else if (expr_condition(ck, cd->site.module, cd->decl->expr, EXPR_PARTICIPANT,
                                say(rt_sprintf("la condition « %s »", checker_word(ck, VOCAB_ELIGIBLE)),
                                    rt_sprintf("the “%s” condition", checker_word(ck, VOCAB_ELIGIBLE)))))
            cond = cd->decl->expr;
    }
    const CheckerDecl *wide = join_eligible(ck, AST_D_ELIGIBLE_AUSSI, AST_OP_OR, &cond);
    if (wide && !base) {
        const char *el = checker_word(ck, VOCAB_ELIGIBLE), *also = checker_word(ck, VOCAB_ELIGIBLE_AUSSI);
        checker_report(ck, DIAG_ERROR, "C0450", wide->site.module, wide->decl->span,
            SAYF(("« %s » ajoute des publics à la règle « %s », mais aucune n'est déclarée : sans elle, tout "
                  "participant est éligible ; écrivez « %s : CONDITION », ou « utilise anru » pour la règle "
                  "nationale", also, el, el),
                 ("“%s” adds publics to the “%s” rule, but none is declared: without it every participant is "
                  "eligible; write “%s: CONDITION”, or “uses anru” for the national rule", also, el, el)));
        return;
    }
    const CheckerDecl *narrow = join_eligible(ck, AST_D_ELIGIBLE_SEULEMENT_SI, AST_OP_AND, &cond);
    if (base)
        ck->m->eligible_prov = checker_prov(ck, base->site, base->decl->span);
    ck->m->eligible = cond;
    if (wide || narrow)
        say_eligibility_changed(ck, base, wide, narrow);
}

void expr_check_all(Checker *ck)
{
    for (int i = 0; i < ck->nconstants; i++)
        type_constant(ck, i);
    for (int i = 0; i < ck->m->npublics; i++)
        type_public(ck, i);
    check_eligible(ck);
}

void expr_report_unused(Checker *ck)
{
    for (int i = 0; i < ck->nconstants; i++) {
        CheckerConstant *c = &ck->constants[i];
        if (c->used || ck->modules[c->site.module].std)
            continue;
        checker_report(ck, DIAG_WARNING, "C0203", c->site.module, c->decl->name_span,
                       say(rt_sprintf("la constante « %s » n'est utilisée nulle part", c->name),
                           rt_sprintf("constant “%s” is never used", c->name)));
    }
    for (int i = 0; i < ck->m->npublics; i++) {
        CheckerPublic *p = &ck->publics[i];
        if (p->used || ck->modules[p->site.module].std)
            continue;
        const char *id = ck->m->publics[i].id;
        const char *how = ck->decls[AST_D_ELIGIBLE].len ? checker_word(ck, VOCAB_ELIGIBLE_AUSSI)
                                                        : checker_word(ck, VOCAB_ELIGIBLE);
        checker_report(ck, DIAG_WARNING, "C0203", p->site.module, p->decl->name_span,
            SAYF(("le public « %s » n'est utilisé nulle part : pour le rendre éligible, écrivez « %s : %s » ; "
                  "un indicateur ou un autre public peut aussi y faire référence", id, how, id),
                 ("public “%s” is never used: to make it eligible, write “%s: %s”; an indicator or another "
                  "public may also refer to it", id, how, id)));
    }
}
