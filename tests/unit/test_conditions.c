/* tests/unit/test_conditions.c: the conditions' program (eval_judge.c) judges every participant as the tree does (eval_conditions_value), on generated conditions, values and typing information, and hands a cycle of publics back to the tree. */
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

/* A cell's value and what typing learnt of it: a number is sometimes read as a
** scaled integer (DataCellInfo.num, which the program prefers when whole),
** sometimes not (a default, a form the fast typing leaves to GMP). */
static Value random_value(unsigned long *seed, int column, DataCellInfo *info)
{
    *info = (DataCellInfo){ .choice = -1 };
    if (next(seed) % 4 == 0)
        return val_null();
    switch (column) {
    case C_FLAG_A: case C_FLAG_B:
        return val_bool(next(seed) % 2);
    case C_COUNT: {
        long n = (long)(next(seed) % 40) - 5;
        if (next(seed) % 2)
            *info = (DataCellInfo){ .choice = -1, .scaled = true, .num = { n, 0 } };
        return val_num_si(n);
    }
    case C_RATIO: {
        /* tenths: 2.5 is { 25, 1 }, which the program must not read as 25 */
        long tenths = (long)(next(seed) % 400);
        Value v = val_num_si(tenths);
        mpz_set_ui(mpq_denref(v.as.num), 10);
        mpq_canonicalize(v.as.num);
        if (next(seed) % 2)
            *info = (DataCellInfo){ .choice = -1, .scaled = true, .num = { tenths, 1 } };
        return v;
    }
    default:
        return val_text(next(seed) % 2 ? "F" : "H");
    }
}

enum { NINDICATORS = 2 };

/* The participants' table, publics that name only earlier ones (as the checker
** allows: no cycle), and two indicators whose filters test_program_as_tree sets. */
static Model *model(unsigned long *seed)
{
    Model *m = RT_NEW(Model);
    m->tables[M_TABLE_PARTICIPANTS].ncolumns = C_NCOLUMNS;
    m->npublics = NPUBLICS;
    m->nindicators = NINDICATORS;
    m->publics = RT_NEW_ARRAY(MPublic, NPUBLICS);
    for (int i = 0; i < NPUBLICS; i++)
        m->publics[i] = (MPublic){ .id = "p", .name = "p", .pred = i == 0 ? name(AST_REF_COLUMN, C_FLAG_A)
                                                                           : condition(seed, 3, i) };
    return m;
}

static EvalState *state_of(const Model *m)
{
    EvalState *st = RT_NEW(EvalState);
    st->publics = RT_NEW_ARRAY(EvalNode *, m->npublics);
    for (int i = 0; i < m->npublics; i++)
        st->publics[i] = eval_conditions_compile(m->publics[i].pred);
    st->filters = RT_NEW_ARRAY(EvalNode *, m->nindicators);
    return st;
}

typedef struct {
    Value values[C_NCOLUMNS];
    DataCellInfo info[C_NCOLUMNS];
    Date birth, entry;
    signed char memo[NPUBLICS];
    Value memo_values[NPUBLICS];
} Participant;

static void random_participant(unsigned long *seed, Participant *p)
{
    for (int k = 0; k < C_NCOLUMNS; k++)
        p->values[k] = random_value(seed, k, &p->info[k]);
    p->birth = next(seed) % 5 ? (Date)(3000 + next(seed) % 20000) : DATE_NONE;
    p->entry = next(seed) % 5 ? (Date)(18000 + next(seed) % 3000) : DATE_NONE;
}

/* A fresh subject (empty memo, age not computed) over p. */
static EvalSubject subject(const EvalState *st, const Model *m, Participant *p)
{
    memset(p->memo, -1, sizeof p->memo);
    return (EvalSubject){ .st = st, .m = m, .values = p->values, .info = p->info, .birth = p->birth,
                          .entry = p->entry, .public_memo = p->memo, .public_values = p->memo_values,
                          .age_months = -1 };
}

typedef struct {
    EvalVerdict v;
    unsigned char publics[NPUBLICS], where[NINDICATORS];
} Verdict;

static void judge(EvalJudge *j, const EvalState *st, const Model *m, Participant *p, bool by_tree, Verdict *out)
{
    out->v = (EvalVerdict){ .publics = out->publics, .where = out->where };
    EvalSubject s = subject(st, m, p);
    if (by_tree)
        eval_judge_by_tree(st, m, &s, &out->v);
    else
        eval_judge_participant(j, &s, &out->v);
}

static void assert_same_verdict(const Verdict *a, const Verdict *b, int round, int c, int p)
{
    if (a->v.eligible != b->v.eligible || memcmp(a->where, b->where, NINDICATORS) != 0)
        fail_msg("round %d, condition %d, participant %d: program %d %d %d, tree %d %d %d", round, c, p,
                 a->v.eligible, a->where[0], a->where[1], b->v.eligible, b->where[0], b->where[1]);
    for (int i = 0; i < NPUBLICS; i++)
        assert_int_equal(a->publics[i], b->publics[i]);
}

/* Each generated condition is `éligible` and, negated, the first indicator's
** filter: the two together give its three-valued truth. */
static void test_program_as_tree(void **state)
{
    unsigned long seed = 2026;
    long judged = 0, unknown = 0, scaled = 0;
    for (int round = 0; round < 60; round++) {
        Model *m = model(&seed);
        EvalState *st = state_of(m);
        for (int c = 0; c < 40; c++) {
            AstExpr *cond = condition(&seed, 4, NPUBLICS);
            st->eligible = eval_conditions_compile(cond);
            st->filters[0] = eval_conditions_compile(unary(AST_E_UNARY, AST_OP_NOT, cond));
            st->filters[1] = c % 2 ? eval_conditions_compile(condition(&seed, 3, NPUBLICS)) : NULL;
            EvalJudge *j = eval_judge_compile(m, st);
            assert_false(eval_judge_refused(j));
            for (int p = 0; p < 30; p++) {
                Participant part;
                random_participant(&seed, &part);
                Verdict tree, program;
                judge(j, st, m, &part, true, &tree);
                judge(j, st, m, &part, false, &program);
                assert_same_verdict(&program, &tree, round, c, p);
                /* without typing information, every number through its rational */
                for (int k = 0; k < C_NCOLUMNS; k++)
                    scaled += part.info[k].scaled;
                memset(part.info, 0, sizeof part.info);
                judge(j, st, m, &part, false, &program);
                assert_same_verdict(&program, &tree, round, c, p);
                judged++;
                unknown += !tree.v.eligible && !tree.where[0];
            }
        }
    }
    /* the cases reach all three values, and both readings of a number */
    assert_true(unknown > judged / 20 && unknown < judged - judged / 20);
    assert_true(scaled > judged / 4);
}

/* A random participant (number p) judged both ways, which must agree; the tree's verdict. */
static void judge_random(EvalJudge *j, const EvalState *st, const Model *m, unsigned long *seed, int p, Verdict *tree)
{
    Participant part;
    random_participant(seed, &part);
    Verdict program;
    judge(j, st, m, &part, true, tree);
    judge(j, st, m, &part, false, &program);
    assert_same_verdict(&program, tree, 0, 0, p);
}

/* The checker refuses publics that name each other (C0208); a Model that has
** them anyway is judged by the tree, where such a public reads as unknown. */
static void test_cycle_is_handed_to_the_tree(void **state)
{
    unsigned long seed = 7;
    Model *m = model(&seed);
    m->publics[0].pred = ast_binary(AST_OP_OR, name(AST_REF_COLUMN, C_FLAG_A), name(AST_REF_PUBLIC, 2));
    m->publics[2].pred = ast_binary(AST_OP_AND, name(AST_REF_PUBLIC, 0), name(AST_REF_COLUMN, C_FLAG_B));
    EvalState *st = state_of(m);
    st->eligible = eval_conditions_compile(name(AST_REF_PUBLIC, 2));
    EvalJudge *j = eval_judge_compile(m, st);
    assert_true(eval_judge_refused(j));
    long eligible = 0;
    for (int p = 0; p < 200; p++) {
        Verdict tree;
        judge_random(j, st, m, &seed, p, &tree);
        eligible += tree.v.eligible;
    }
    assert_true(eligible > 0 && eligible < 200);
}

/* A chain of comparisons, ANDs and ORs in turn, over every column and the age. */
static AstExpr *chain(int counts, int ratios, int ages)
{
    AstExpr *cond = name(AST_REF_COLUMN, C_FLAG_A);
    int n = 0;
    for (int i = 0; i < counts + ratios + ages + 2; i++) {
        AstExpr *leaf;
        if (i < counts)
            leaf = ast_binary(AST_OP_GE, name(AST_REF_COLUMN, C_COUNT), number(rt_sprintf("%d", i * 3 - 4), LEX_UNIT_NONE));
        else if (i < counts + ratios)
            leaf = ast_binary(AST_OP_LT, name(AST_REF_COLUMN, C_RATIO), number(rt_sprintf("%d", (i - counts) * 4), LEX_UNIT_NONE));
        else if (i < counts + ratios + ages)
            leaf = ast_binary(AST_OP_GE, name(AST_REF_AGE, -1), number(rt_sprintf("%d", 10 + (i - counts - ratios) * 8), LEX_UNIT_YEAR));
        else if (i == counts + ratios + ages)
            leaf = name(AST_REF_COLUMN, C_FLAG_B);
        else {
            AstExpr *f = ast_expr(AST_E_STRING, (Span){ 0, 0 });
            f->u.text = "F";
            leaf = ast_binary(AST_OP_EQ, name(AST_REF_COLUMN, C_TEXT), f);
        }
        cond = ast_binary(n++ % 2 ? AST_OP_OR : AST_OP_AND, cond, leaf);
    }
    return cond;
}

/* Past JUDGE_MEMO_MAX combinations of the leaves, a new one is worked out each
** time; past 32 leaves (two bits each in the memo's key), every one is. */
static void judge_many(const AstExpr *cond, int participants, size_t *combinations)
{
    unsigned long seed = 11;
    Model *m = model(&seed);
    for (int i = 0; i < NPUBLICS; i++)
        m->publics[i].pred = name(AST_REF_COLUMN, C_FLAG_A);    /* one leaf, the chain's first */
    EvalState *st = state_of(m);
    st->eligible = eval_conditions_compile(cond);
    st->filters[0] = eval_conditions_compile(unary(AST_E_UNARY, AST_OP_NOT, (AstExpr *)cond));
    EvalJudge *j = eval_judge_compile(m, st);
    long eligible = 0, unknown = 0;
    for (int p = 0; p < participants; p++) {
        Verdict tree;
        judge_random(j, st, m, &seed, p, &tree);
        eligible += tree.v.eligible;
        unknown += !tree.v.eligible && !tree.where[0];
    }
    assert_true(eligible > 0 && unknown > 0 && eligible + unknown < participants);
    *combinations = eval_judge_combinations(j);
}

static void test_memo_full_and_off(void **state)
{
    size_t full, off;
    judge_many(chain(10, 10, 5), 60000, &full);
    assert_int_equal(full, 8192);
    judge_many(chain(20, 10, 5), 3000, &off);
    assert_int_equal(off, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_program_as_tree),
        cmocka_unit_test(test_cycle_is_handed_to_the_tree),
        cmocka_unit_test(test_memo_full_and_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
