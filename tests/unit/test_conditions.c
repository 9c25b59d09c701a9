/* tests/unit/test_conditions.c: the lowered conditions (eval_conditions_lower) judge every participant as the tree does (eval_conditions_value), on generated conditions and values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "eval_impl.h"
#include "gc.h"

/* Columns of the participants' table in this test. */
enum { C_FLAG_A, C_FLAG_B, C_COUNT, C_RATIO, C_TEXT, C_NCOLUMNS };
enum { NPUBLICS = 4 };

/* A small deterministic generator: the same cases on every run. */
static unsigned long next(unsigned long *seed)
{
    *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
    return *seed >> 33;
}

static AstExpr *name(AstRefKind ref, int index)
{
    AstExpr *x = ast_expr(AST_E_NAME, (Span){ 0, 0 });
    x->ref = ref;
    x->ref_index = index;
    x->u.text = "?";
    return x;
}

static AstExpr *number(const char *text, LexUnit unit)
{
    AstExpr *x = ast_expr(AST_E_NUMBER, (Span){ 0, 0 });
    x->u.num.text = text;
    x->u.num.unit = unit;
    return x;
}

static AstExpr *unary(AstExprKind kind, AstOp op, AstExpr *a)
{
    AstExpr *x = ast_expr(kind, (Span){ 0, 0 });
    x->u.op.op = op;
    x->u.op.lhs = a;
    return x;
}

/* A value-like operand: a column, the age, a constant, or arithmetic (which has no lowering). */
static AstExpr *operand(unsigned long *seed)
{
    static const char *const numbers[] = { "0", "3", "12", "26", "2.5", "1/3" };
    switch (next(seed) % 9) {
    case 0: return name(AST_REF_COLUMN, C_COUNT);
    case 1: return name(AST_REF_COLUMN, C_RATIO);
    case 2: return name(AST_REF_AGE, -1);
    case 3: return number(numbers[next(seed) % 6], next(seed) % 2 ? LEX_UNIT_YEAR : LEX_UNIT_NONE);
    case 4: return unary(AST_E_UNARY, AST_OP_NEG, number("12", LEX_UNIT_NONE));
    case 5: {
        AstExpr *x = ast_expr(AST_E_STRING, (Span){ 0, 0 });
        x->u.text = next(seed) % 2 ? "F" : "H";
        return x;
    }
    case 6: return name(AST_REF_COLUMN, C_TEXT);
    case 7: return ast_binary(AST_OP_ADD, name(AST_REF_COLUMN, C_COUNT), number("1", LEX_UNIT_NONE));
    default: return name(AST_REF_COLUMN, next(seed) % 2 ? C_FLAG_A : C_FLAG_B);
    }
}

static AstExpr *condition(unsigned long *seed, int depth, int publics)
{
    static const AstOp comparisons[] = { AST_OP_EQ, AST_OP_NE, AST_OP_LT, AST_OP_LE, AST_OP_GT, AST_OP_GE };
    unsigned long pick = next(seed) % (depth > 0 ? 9 : 5);
    switch (pick) {
    case 0: return name(AST_REF_COLUMN, next(seed) % 2 ? C_FLAG_A : C_FLAG_B);
    case 1: return ast_binary(comparisons[next(seed) % 6], operand(seed), operand(seed));
    case 2: return unary(AST_E_KNOWN, AST_OP_NOT, operand(seed));
    case 3: return publics > 0 ? name(AST_REF_PUBLIC, (int)(next(seed) % (unsigned long)publics))
                               : name(AST_REF_COLUMN, C_FLAG_A);
    case 4: {
        AstExpr *x = ast_expr(AST_E_BOOL, (Span){ 0, 0 });
        x->u.boolean = next(seed) % 2;
        return x;
    }
    case 5: return unary(AST_E_UNARY, AST_OP_NOT, condition(seed, depth - 1, publics));
    case 6: return ast_binary(AST_OP_AND, condition(seed, depth - 1, publics), condition(seed, depth - 1, publics));
    case 7: return ast_binary(AST_OP_OR, condition(seed, depth - 1, publics), condition(seed, depth - 1, publics));
    default: return ast_binary(comparisons[next(seed) % 6], operand(seed), operand(seed));
    }
}

static Value random_value(unsigned long *seed, int column)
{
    if (next(seed) % 4 == 0)
        return val_null();
    switch (column) {
    case C_FLAG_A: case C_FLAG_B:
        return val_bool(next(seed) % 2);
    case C_COUNT:
        return val_num_si((long)(next(seed) % 40) - 5);
    case C_RATIO: {
        Value v = val_num_si((long)(next(seed) % 40));
        mpz_set_ui(mpq_denref(v.as.num), 1 + next(seed) % 4);
        mpq_canonicalize(v.as.num);
        return v;
    }
    default:
        return val_text(next(seed) % 2 ? "F" : "H");
    }
}

static Model *model(unsigned long *seed)
{
    Model *m = RT_NEW(Model);
    m->tables[M_TABLE_PARTICIPANTS].ncolumns = C_NCOLUMNS;
    m->npublics = NPUBLICS;
    m->publics = RT_NEW_ARRAY(MPublic, NPUBLICS);
    /* a public names only earlier ones, as the checker allows (no cycle) */
    for (int i = 0; i < NPUBLICS; i++)
        m->publics[i] = (MPublic){ .id = "p", .name = "p", .pred = i == 0 ? name(AST_REF_COLUMN, C_FLAG_A)
                                                                           : condition(seed, 3, i) };
    return m;
}

/* The tree's truth, three-valued: 1, 0, or -1 for unknown. */
static int tree_truth(Value v) { return v.kind != VAL_BOOL ? -1 : v.as.b; }

static void test_lowered_as_tree(void **state)
{
    unsigned long seed = 2026;
    long judged = 0, unknown = 0;
    for (int round = 0; round < 60; round++) {
        Model *m = model(&seed);
        EvalState st = { 0 };
        st.publics = RT_NEW_ARRAY(EvalNode *, NPUBLICS);
        st.public_tests = RT_NEW_ARRAY(const EvalTest *, NPUBLICS);
        for (int i = 0; i < NPUBLICS; i++) {
            st.publics[i] = eval_conditions_compile(m->publics[i].pred);
            st.public_tests[i] = eval_conditions_lower(m, st.publics[i]);
        }
        signed char memo[NPUBLICS];
        Value memo_values[NPUBLICS];
        for (int c = 0; c < 40; c++) {
            AstExpr *cond = condition(&seed, 4, NPUBLICS);
            EvalNode *tree = eval_conditions_compile(cond);
            const EvalTest *lowered = eval_conditions_lower(m, tree);
            const EvalTest *negated = eval_conditions_lower(m, eval_conditions_compile(unary(AST_E_UNARY, AST_OP_NOT, cond)));
            for (int p = 0; p < 30; p++) {
                Value values[C_NCOLUMNS];
                for (int k = 0; k < C_NCOLUMNS; k++)
                    values[k] = random_value(&seed, k);
                Date birth = next(&seed) % 5 ? (Date)(3000 + next(&seed) % 20000) : DATE_NONE;
                Date entry = next(&seed) % 5 ? (Date)(18000 + next(&seed) % 3000) : DATE_NONE;
                EvalSubject a = { .st = &st, .m = m, .values = values, .birth = birth, .entry = entry,
                                  .public_memo = memo, .public_values = memo_values, .age_months = -1 };
                memset(memo, -1, sizeof memo);
                int want = tree_truth(eval_conditions_value(&a, tree));
                bool publics_tree[NPUBLICS];
                for (int i = 0; i < NPUBLICS; i++)
                    publics_tree[i] = eval_conditions_is_true(eval_conditions_public(&a, i));

                EvalSubject b = a;
                b.age_known = false;
                memset(memo, -1, sizeof memo);
                bool holds = eval_conditions_holds(&b, lowered);
                bool fails = eval_conditions_holds(&b, negated);
                int got = holds ? 1 : fails ? 0 : -1;
                if (got != want)
                    fail_msg("round %d, condition %d, participant %d: lowered %d, tree %d", round, c, p, got, want);
                for (int i = 0; i < NPUBLICS; i++)
                    assert_int_equal(eval_conditions_public_holds(&b, i), publics_tree[i]);
                judged++;
                unknown += want < 0;
            }
        }
    }
    /* the cases reach all three values */
    assert_true(unknown > judged / 20 && unknown < judged - judged / 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lowered_as_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
