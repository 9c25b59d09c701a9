/* runtime/eval_conditions.c: conditions over a participant: literals, compiled from the checked AST, then judged. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "types.h"
#include "utf8.h"

/* ---- conditions over a participant --------------------------------------------------------- */

static EvalNode *node(EvalNodeKind kind)
{
    EvalNode *n = RT_NEW(EvalNode);
    n->kind = kind;
    n->value = val_null();
    return n;
}

/* A number literal as the evaluator counts: percents as fractions, years as
** 12 months, weeks as 7 days; other units as written. */
static Value literal_number(const AstExpr *x)
{
    mpq_ptr q = eval_new_num();
    const char *text = x->u.num.text ? x->u.num.text : "";
    if (num_parse(q, text, strlen(text)) != NUM_OK) {
        if (x->value.kind == VAL_NUM)
            return x->value;
        return val_null();
    }
    switch (x->u.num.unit) {
    case LEX_UNIT_PERCENT:
        mpz_mul_ui(mpq_denref(q), mpq_denref(q), 100);
        mpq_canonicalize(q);
        break;
    case LEX_UNIT_YEAR:
        mpz_mul_ui(mpq_numref(q), mpq_numref(q), 12);
        break;
    case LEX_UNIT_WEEK:
        mpz_mul_ui(mpq_numref(q), mpq_numref(q), 7);
        break;
    default:
        break;
    }
    return (Value){ .kind = VAL_NUM, .as.num = q };
}

static Value literal_of(const AstExpr *x)
{
    switch (x->kind) {
    case AST_E_NUMBER:
        return literal_number(x);
    case AST_E_DATE: {
        Date d;
        if (x->u.text && date_parse(x->u.text, strlen(x->u.text), &d))
            return val_date(d);
        return x->value;
    }
    case AST_E_MONTH: {
        Month mo;
        if (x->u.text && month_parse(x->u.text, strlen(x->u.text), &mo))
            return val_month(mo);
        return x->value;
    }
    case AST_E_STRING:
        return val_text(x->u.text ? x->u.text : "");
    case AST_E_BOOL:
        return val_bool(x->u.boolean);
    default:
        return x->value;
    }
}

Value eval_literal(const AstExpr *x)
{
    if (!x)
        return val_null();
    if (x->kind == AST_E_UNARY && x->u.op.op == AST_OP_NEG) {
        Value v = eval_literal(x->u.op.lhs);
        if (v.kind != VAL_NUM)
            return val_null();
        mpq_ptr q = eval_new_num();
        mpq_neg(q, v.as.num);
        return (Value){ .kind = VAL_NUM, .as.num = q };
    }
    if (x->kind == AST_E_NAME)
        return x->value.kind != VAL_NULL ? x->value : val_text(x->u.text);
    return literal_of(x);
}

EvalNode *eval_conditions_compile(const AstExpr *x)
{
    if (!x)
        return node(EVAL_N_CONST);
    EvalNode *n;
    switch (x->kind) {
    case AST_E_NAME:
        switch (x->ref) {
        case AST_REF_COLUMN:
            n = node(EVAL_N_COLUMN);
            n->index = x->ref_index;
            return n;
        case AST_REF_PUBLIC:
            n = node(EVAL_N_PUBLIC);
            n->index = x->ref_index;
            return n;
        case AST_REF_AGE:
            return node(EVAL_N_AGE);
        case AST_REF_CHOICE:
            n = node(EVAL_N_CONST);
            n->value = x->value.kind == VAL_TEXT ? x->value : val_text(x->u.text);
            return n;
        default:
            n = node(EVAL_N_CONST);
            n->value = x->value;
            return n;
        }
    case AST_E_UNARY:
        n = node(x->u.op.op == AST_OP_NOT ? EVAL_N_NOT : EVAL_N_NEG);
        n->a = eval_conditions_compile(x->u.op.lhs);
        return n;
    case AST_E_BINARY:
        switch (x->u.op.op) {
        case AST_OP_AND: n = node(EVAL_N_AND); break;
        case AST_OP_OR:  n = node(EVAL_N_OR); break;
        case AST_OP_ADD: case AST_OP_SUB: case AST_OP_MUL: case AST_OP_DIV:
            n = node(EVAL_N_ARITH);
            n->index = types_is_quantity(x->u.op.lhs->type, 0, 0, 1, 0, false)
                       || types_is_quantity(x->u.op.rhs->type, 0, 0, 1, 0, false);    /* a shift in months */
            break;
        default:
            n = node(EVAL_N_COMPARE);
            break;
        }
        n->op = x->u.op.op;
        n->a = eval_conditions_compile(x->u.op.lhs);
        n->b = eval_conditions_compile(x->u.op.rhs);
        return n;
    case AST_E_KNOWN:
        n = node(EVAL_N_KNOWN);
        n->a = eval_conditions_compile(x->u.op.lhs);
        return n;
    case AST_E_ERROR:
        return node(EVAL_N_CONST);
    default:
        n = node(EVAL_N_CONST);
        n->value = literal_of(x);
        return n;
    }
}

bool eval_conditions_is_true(Value v) { return v.kind == VAL_BOOL && v.as.b; }
static bool is_false(Value v) { return v.kind == VAL_BOOL && !v.as.b; }

Value eval_conditions_public(EvalSubject *s, int i)
{
    if (i < 0 || i >= s->m->npublics)
        return val_null();
    if (s->public_memo[i] < 0) {
        s->public_memo[i] = 0;    /* a public that names itself reads as unknown, not a loop */
        s->public_values[i] = val_null();
        s->public_values[i] = eval_conditions_value(s, s->st->publics[i]);
        s->public_memo[i] = 1;
    }
    return s->public_values[i];
}

/* A date or month ± a whole number of months or days, as the checker folds it
** (lang/expr.c, fold_shift); outside years 1 to 9999 the value is unknown. */
static Value shift(Value d, mpq_srcptr n, int sign, bool months)
{
    if (mpz_cmp_ui(mpq_denref(n), 1) != 0 || !mpz_fits_slong_p(mpq_numref(n)))
        return val_null();
    long k = sign * mpz_get_si(mpq_numref(n));
    if (k > 4000000 || k < -4000000)
        return val_null();
    if (d.kind == VAL_MONTH)
        return val_month((Month)(d.as.month + k));
    Date r = months ? date_add_months(d.as.date, (int)k) : (Date)(d.as.date + k);
    Date lo, hi;
    date_from_ymd(1, 1, 1, &lo);
    date_from_ymd(9999, 12, 31, &hi);
    return r == DATE_NONE || r < lo || r > hi ? val_null() : val_date(r);
}

static bool is_calendar(Value v) { return v.kind == VAL_DATE || v.kind == VAL_MONTH; }

/* months: the duration added to a date is in months (else in days). The
** checker types date ± duration, date − date and month − month; they are
** computed here as it folds their constants. */
static Value arith(AstOp op, Value a, Value b, bool months)
{
    if (op == AST_OP_ADD || op == AST_OP_SUB) {
        if (is_calendar(a) && b.kind == VAL_NUM)
            return shift(a, b.as.num, op == AST_OP_SUB ? -1 : 1, months);
        if (op == AST_OP_ADD && a.kind == VAL_NUM && is_calendar(b))
            return shift(b, a.as.num, 1, months);
        if (op == AST_OP_SUB && a.kind == VAL_DATE && b.kind == VAL_DATE)
            return val_num_si((long)a.as.date - (long)b.as.date);
        if (op == AST_OP_SUB && a.kind == VAL_MONTH && b.kind == VAL_MONTH)
            return val_num_si((long)a.as.month - (long)b.as.month);
    }
    if (a.kind != VAL_NUM || b.kind != VAL_NUM)
        return val_null();
    mpq_ptr r = eval_new_num();
    switch (op) {
    case AST_OP_ADD: mpq_add(r, a.as.num, b.as.num); break;
    case AST_OP_SUB: mpq_sub(r, a.as.num, b.as.num); break;
    case AST_OP_MUL: mpq_mul(r, a.as.num, b.as.num); break;
    default:
        if (mpq_sgn(b.as.num) == 0)
            return val_null();    /* no value rather than a crash: the condition is then false */
        mpq_div(r, a.as.num, b.as.num);
        break;
    }
    return (Value){ .kind = VAL_NUM, .as.num = r };
}

/* Comparisons with a missing value are false (base/value.h). */
bool eval_conditions_compare(AstOp op, Value a, Value b)
{
    if (a.kind == VAL_NULL || b.kind == VAL_NULL || a.kind != b.kind)
        return false;
    if (op == AST_OP_EQ)
        return val_equal(a, b);
    if (op == AST_OP_NE)
        return !val_equal(a, b);
    int c = val_compare(a, b);
    switch (op) {
    case AST_OP_LT: return c < 0;
    case AST_OP_LE: return c <= 0;
    case AST_OP_GT: return c > 0;
    case AST_OP_GE: return c >= 0;
    default:        return false;
    }
}

Value eval_conditions_value(EvalSubject *s, const EvalNode *n)
{
    switch (n->kind) {
    case EVAL_N_CONST:
        return n->value;
    case EVAL_N_COLUMN:
        if (n->index < 0 || n->index >= s->m->tables[M_TABLE_PARTICIPANTS].ncolumns)
            return val_null();
        return s->values[n->index];
    case EVAL_N_PUBLIC:
        return eval_conditions_public(s, n->index);
    case EVAL_N_AGE:
        if (s->birth == DATE_NONE || s->entry == DATE_NONE)
            return val_null();
        if (!s->age_known) {
            s->age = val_num_si(12L * date_age_years(s->birth, s->entry));
            s->age_known = true;
        }
        return s->age;
    case EVAL_N_NOT: {
        Value a = eval_conditions_value(s, n->a);
        return a.kind == VAL_BOOL ? val_bool(!a.as.b) : val_null();
    }
    case EVAL_N_NEG: {
        Value a = eval_conditions_value(s, n->a);
        if (a.kind != VAL_NUM)
            return val_null();
        mpq_ptr r = eval_new_num();
        mpq_neg(r, a.as.num);
        return (Value){ .kind = VAL_NUM, .as.num = r };
    }
    case EVAL_N_AND: {
        /* Kleene logic: false wins over unknown, unknown over true. */
        Value a = eval_conditions_value(s, n->a);
        if (is_false(a))
            return a;
        Value b = eval_conditions_value(s, n->b);
        if (is_false(b))
            return b;
        return eval_conditions_is_true(a) && eval_conditions_is_true(b) ? val_bool(true) : val_null();
    }
    case EVAL_N_OR: {
        Value a = eval_conditions_value(s, n->a);
        if (eval_conditions_is_true(a))
            return a;
        Value b = eval_conditions_value(s, n->b);
        if (eval_conditions_is_true(b))
            return b;
        return is_false(a) && is_false(b) ? val_bool(false) : val_null();
    }
    case EVAL_N_ARITH:
        return arith(n->op, eval_conditions_value(s, n->a), eval_conditions_value(s, n->b), n->index);
    case EVAL_N_COMPARE:
        return val_bool(eval_conditions_compare(n->op, eval_conditions_value(s, n->a), eval_conditions_value(s, n->b)));
    case EVAL_N_KNOWN:
        return val_bool(eval_conditions_value(s, n->a).kind != VAL_NULL);
    }
    return val_null();
}
