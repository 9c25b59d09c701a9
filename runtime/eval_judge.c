/* runtime/eval_judge.c: every condition over a participant (eligibility, publics, indicator filters) compiled once into one program of three-valued steps, run on each participant's row without building a Value. */
#include "eval_impl.h"

#include <stdint.h>
#include <string.h>

#include "gc.h"
#include "num.h"

/*
** A truth is two bits, so that Kleene's AND, OR and NOT are bit operations:
** true sets the first, false the second, unknown neither. As in the tree
** (eval_conditions_value), a value that is not a boolean reads as unknown.
*/
enum { T_UNKNOWN = 0, T_TRUE = 1, T_FALSE = 2 };

typedef enum {
    STEP_CONST,          /* k: a truth */
    STEP_TRUTH,          /* column a: its value read as a truth */
    STEP_KNOWN,          /* column a: not missing */
    STEP_KNOWN_AGE,
    STEP_AGE_COMPARE,    /* âge op k, in months */
    STEP_WHOLE_COMPARE,  /* column a op k, a whole number */
    STEP_TEXT_COMPARE,   /* column a op the text rhs */
    STEP_COMPARE,        /* column a (or the constant lhs when a < 0) op column b (or rhs) */
    STEP_NODE,           /* what has no step (arithmetic, for one): the tree judges node */
    STEP_NOT,            /* step a */
    STEP_AND, STEP_OR    /* steps a and b */
} StepKind;

typedef struct Step {
    StepKind kind;
    AstOp op;
    int a, b;
    long k;
    Value lhs, rhs;
    const EvalNode *node;
} Step;

/* A leaf as the loop over a participant's leaves reads it: 24 bytes where a
** Step has 80, the fields each kind reads side by side, the step itself for
** what reads more (a general comparison, a text, a node of the tree). */
/* The leaves in groups of one kind each, so that the loop over a
** participant's leaves is a few tight loops without a switch; the last group
** takes the kinds left to leaf_truth's switch. The key of the memo reads the
** leaves in that order, which is only its own. */
typedef enum { LEAF_TRUTH, LEAF_KNOWN, LEAF_WHOLE, LEAF_AGE, LEAF_TEXT, LEAF_OTHER, LEAF_GROUPS } LeafGroup;

static LeafGroup group_of(StepKind kind)
{
    switch (kind) {
    case STEP_TRUTH:         return LEAF_TRUTH;
    case STEP_KNOWN:         return LEAF_KNOWN;
    case STEP_WHOLE_COMPARE: return LEAF_WHOLE;
    case STEP_KNOWN_AGE:
    case STEP_AGE_COMPARE:   return LEAF_AGE;
    case STEP_TEXT_COMPARE:  return LEAF_TEXT;
    default:                 return LEAF_OTHER;
    }
}

typedef struct Leaf {
    unsigned char kind;    /* StepKind */
    unsigned char op;      /* AstOp */
    bool outside;          /* `op k` holds outside lo..hi (≠), not inside */
    int column;            /* Step.a */
    int64_t lo, hi;        /* `op k` as the whole numbers it accepts; lo: STEP_CONST's truth */
    const Step *step;
} Leaf;

/* Steps only read earlier steps, so one pass in order judges everything; a part
** used by several conditions (a public, `âge < 26 ans` twice) is one step.
**
** The leaves (the steps that read the participant) decide the rest: their
** truths, two bits each, are the key of a memo of verdicts, so that the
** connectives are worked out once per distinct combination of leaves. */
struct EvalJudge {
    const Model *m;
    const EvalState *st;
    bool by_tree;              /* refused: the tree judges every participant */
    bool reads_tree;           /* some step is handed back to the tree */
    Step *steps;
    int nsteps;
    unsigned char *truth;      /* per step, for the participant being judged */
    int eligible;              /* step of `éligible`, -1: none (everyone) */
    int *public_at;            /* step per public */
    int *filter_at;            /* step per indicator, -1: no filter */
    int *leaves, nleaves;      /* steps, in order */
    Leaf *leaf;                /* per leaf, its step as the loop reads it */
    int group_end[LEAF_GROUPS];   /* the leaves are in groups (LeafGroup): where each ends */
    int *links, nlinks;        /* the other steps (NOT, AND, OR), in order */
    bool memo;                 /* at most JUDGE_MEMO_LEAVES leaves */
    uint64_t *memo_keys;       /* open addressing, JUDGE_MEMO_MAX entries at most */
    int *memo_at;              /* per slot: the verdict's index, -1 empty */
    size_t memo_cap, memo_count;
    unsigned char *verdicts;   /* per memo entry: eligible, then publics, then filters */
    size_t width;
};

#define JUDGE_MEMO_LEAVES 32   /* two bits each in a 64-bit key */
#define JUDGE_MEMO_MAX 8192

typedef struct {
    EvalJudge *j;
    signed char *public_state; /* per public: 0 not compiled, 1 being compiled, 2 done */
} Compiler;

static unsigned char truth_of(Value v)
{
    if (v.kind != VAL_BOOL)
        return T_UNKNOWN;
    return v.as.b ? T_TRUE : T_FALSE;
}

static bool same_constant(Value a, Value b)
{
    return a.kind == b.kind && (a.kind == VAL_NULL || val_equal(a, b));
}

static bool same_step(const Step *x, const Step *y)
{
    return x->kind == y->kind && x->op == y->op && x->a == y->a && x->b == y->b && x->k == y->k
        && x->node == y->node && same_constant(x->lhs, y->lhs) && same_constant(x->rhs, y->rhs);
}

static int emit(Compiler *c, Step s)
{
    EvalJudge *j = c->j;
    for (int i = 0; i < j->nsteps; i++)
        if (same_step(&j->steps[i], &s))
            return i;
    RT_GROW(j->steps, j->nsteps);
    j->steps[j->nsteps] = s;
    return j->nsteps++;
}

static bool is_column(const Model *m, const EvalNode *n)
{
    return n->kind == EVAL_N_COLUMN && n->index >= 0 && n->index < m->tables[M_TABLE_PARTICIPANTS].ncolumns;
}

/* A whole number that fits an int, as ages (in months) and counts are compared with. */
static bool small_integer(Value v, long *out)
{
    if (v.kind != VAL_NUM || mpz_cmp_ui(mpq_denref(v.as.num), 1) != 0 || !mpz_fits_sint_p(mpq_numref(v.as.num)))
        return false;
    *out = mpz_get_si(mpq_numref(v.as.num));
    return true;
}

/* "k < âge" is "âge > k". */
static AstOp mirrored(AstOp op)
{
    switch (op) {
    case AST_OP_LT: return AST_OP_GT;
    case AST_OP_LE: return AST_OP_GE;
    case AST_OP_GT: return AST_OP_LT;
    case AST_OP_GE: return AST_OP_LE;
    default:        return op;
    }
}

static bool is_comparison(AstOp op)
{
    switch (op) {
    case AST_OP_EQ: case AST_OP_NE: case AST_OP_LT: case AST_OP_LE: case AST_OP_GT: case AST_OP_GE:
        return true;
    default:
        return false;
    }
}

static Step step(StepKind kind) { return (Step){ .kind = kind, .a = -1, .b = -1 }; }

static int node_step(Compiler *c, const EvalNode *n)
{
    Step s = step(STEP_NODE);
    s.node = n;
    return emit(c, s);
}

/* One side of STEP_COMPARE: a column (its index) or a constant (-1, *value). */
static bool operand(const Model *m, const EvalNode *n, int *column, Value *value)
{
    *column = -1;
    *value = val_null();
    if (is_column(m, n)) {
        *column = n->index;
        return true;
    }
    if (n->kind == EVAL_N_CONST) {
        *value = n->value;
        return true;
    }
    return false;
}

static int compile_compare(Compiler *c, const EvalNode *n)
{
    const Model *m = c->j->m;
    long k;
    Step s = step(STEP_AGE_COMPARE);
    s.op = n->op;
    if (n->a->kind == EVAL_N_AGE && n->b->kind == EVAL_N_CONST && small_integer(n->b->value, &k)) {
        s.k = k;
        return emit(c, s);
    }
    if (n->b->kind == EVAL_N_AGE && n->a->kind == EVAL_N_CONST && small_integer(n->a->value, &k)) {
        s.op = mirrored(n->op);
        s.k = k;
        return emit(c, s);
    }
    bool column_left = is_column(m, n->a) && n->b->kind == EVAL_N_CONST && small_integer(n->b->value, &k);
    if (column_left || (is_column(m, n->b) && n->a->kind == EVAL_N_CONST && small_integer(n->a->value, &k))) {
        s.kind = STEP_WHOLE_COMPARE;
        s.op = column_left ? n->op : mirrored(n->op);
        s.a = column_left ? n->a->index : n->b->index;
        s.k = k;
        return emit(c, s);
    }
    bool text_left = is_column(m, n->a) && n->b->kind == EVAL_N_CONST && n->b->value.kind == VAL_TEXT;
    if (is_comparison(n->op)
        && (text_left || (is_column(m, n->b) && n->a->kind == EVAL_N_CONST && n->a->value.kind == VAL_TEXT))) {
        s.kind = STEP_TEXT_COMPARE;
        s.op = text_left ? n->op : mirrored(n->op);
        s.a = text_left ? n->a->index : n->b->index;
        s.rhs = text_left ? n->b->value : n->a->value;
        return emit(c, s);
    }
    s.kind = STEP_COMPARE;
    if (is_comparison(n->op) && operand(m, n->a, &s.a, &s.lhs) && operand(m, n->b, &s.b, &s.rhs))
        return emit(c, s);
    return node_step(c, n);
}

static int compile_public(Compiler *c, int i);

static int compile(Compiler *c, const EvalNode *n)
{
    const Model *m = c->j->m;
    Step s;
    switch (n->kind) {
    case EVAL_N_CONST:
        s = step(STEP_CONST);
        s.k = truth_of(n->value);
        return emit(c, s);
    case EVAL_N_COLUMN:
        if (!is_column(m, n))
            return node_step(c, n);
        s = step(STEP_TRUTH);
        s.a = n->index;
        return emit(c, s);
    case EVAL_N_PUBLIC:
        if (n->index < 0 || n->index >= m->npublics)
            return node_step(c, n);
        return compile_public(c, n->index);
    case EVAL_N_NOT:
        s = step(STEP_NOT);
        s.a = compile(c, n->a);
        return emit(c, s);
    case EVAL_N_AND:
    case EVAL_N_OR:
        s = step(n->kind == EVAL_N_AND ? STEP_AND : STEP_OR);
        s.a = compile(c, n->a);
        s.b = compile(c, n->b);
        return emit(c, s);
    case EVAL_N_KNOWN:
        if (is_column(m, n->a)) {
            s = step(STEP_KNOWN);
            s.a = n->a->index;
            return emit(c, s);
        }
        return n->a->kind == EVAL_N_AGE ? emit(c, step(STEP_KNOWN_AGE)) : node_step(c, n);
    case EVAL_N_COMPARE:
        return compile_compare(c, n);
    default:
        return node_step(c, n);
    }
}

/* A public that names itself, through others, would read as unknown in the tree
** where it is met again; the checker refuses that (C0208), and a program that
** meets it is refused too, for the tree to judge. */
static int compile_public(Compiler *c, int i)
{
    EvalJudge *j = c->j;
    if (c->public_state[i] == 1) {
        j->by_tree = true;
        return emit(c, step(STEP_CONST));
    }
    if (c->public_state[i] == 0) {
        c->public_state[i] = 1;
        j->public_at[i] = compile(c, c->j->st->publics[i]);
        c->public_state[i] = 2;
    }
    return j->public_at[i];
}

static bool is_link(StepKind kind) { return kind == STEP_NOT || kind == STEP_AND || kind == STEP_OR; }

/* `x op k` as lo <= x <= hi (or outside it, for ≠): one unsigned comparison
** per participant instead of a switch on op. k fits an int (small_integer),
** so k ± 1 does not overflow; an operator that compares nothing accepts nothing. */
static Leaf leaf_of(const Step *s)
{
    Leaf l = { .kind = (unsigned char)s->kind, .op = (unsigned char)s->op, .column = s->a, .lo = s->k, .hi = s->k,
               .step = s };
    if (s->kind == STEP_TEXT_COMPARE)
        l.lo = l.hi = 0;    /* strcmp's sign against 0 */
    else if (s->kind != STEP_AGE_COMPARE && s->kind != STEP_WHOLE_COMPARE)
        return l;
    switch (s->op) {
    case AST_OP_EQ: break;
    case AST_OP_NE: l.outside = true; break;
    case AST_OP_LT: l.lo = INT64_MIN; l.hi = s->k - 1; break;
    case AST_OP_LE: l.lo = INT64_MIN; break;
    case AST_OP_GT: l.lo = s->k + 1; l.hi = INT64_MAX; break;
    case AST_OP_GE: l.hi = INT64_MAX; break;
    default:        l.lo = INT64_MIN; l.hi = INT64_MAX; l.outside = true; break;
    }
    return l;
}

static void split_leaves(EvalJudge *j)
{
    j->leaves = rt_alloc_atomic(sizeof(int) * (size_t)(j->nsteps + 1));
    j->links = rt_alloc_atomic(sizeof(int) * (size_t)(j->nsteps + 1));
    for (int i = 0; i < j->nsteps; i++)
        if (is_link(j->steps[i].kind))
            j->links[j->nlinks++] = i;
    for (int g = 0; g < LEAF_GROUPS; g++) {
        for (int i = 0; i < j->nsteps; i++)
            if (!is_link(j->steps[i].kind) && group_of(j->steps[i].kind) == (LeafGroup)g)
                j->leaves[j->nleaves++] = i;
        j->group_end[g] = j->nleaves;
    }
    j->leaf = RT_NEW_ARRAY(Leaf, j->nleaves + 1);
    for (int k = 0; k < j->nleaves; k++)
        j->leaf[k] = leaf_of(&j->steps[j->leaves[k]]);
    j->memo = j->nleaves <= JUDGE_MEMO_LEAVES;
    j->width = 1 + (size_t)j->m->npublics + (size_t)j->m->nindicators;
    if (!j->memo)
        j->verdicts = rt_alloc_atomic(j->width);    /* the one verdict, worked out each time */
}

EvalJudge *eval_judge_compile(const Model *m, const EvalState *st)
{
    EvalJudge *j = RT_NEW(EvalJudge);
    j->m = m;
    j->st = st;
    j->public_at = rt_alloc_atomic(sizeof(int) * (size_t)(m->npublics + 1));
    j->filter_at = rt_alloc_atomic(sizeof(int) * (size_t)(m->nindicators + 1));
    Compiler c = { j, rt_alloc_atomic((size_t)m->npublics + 1) };
    memset(c.public_state, 0, (size_t)m->npublics + 1);
    for (int i = 0; i < m->npublics; i++)
        compile_public(&c, i);
    j->eligible = st->eligible ? compile(&c, st->eligible) : -1;
    for (int i = 0; i < m->nindicators; i++)
        j->filter_at[i] = st->filters[i] ? compile(&c, st->filters[i]) : -1;
    j->truth = rt_alloc_atomic((size_t)j->nsteps + 1);
    j->reads_tree = eval_judge_handed_back(j) > 0;
    split_leaves(j);
    return j;
}

bool eval_judge_refused(const EvalJudge *j) { return j->by_tree; }

size_t eval_judge_combinations(const EvalJudge *j) { return j->memo_count; }

bool eval_judge_reads_tree(const EvalJudge *j) { return j->by_tree || j->reads_tree; }

int eval_judge_handed_back(const EvalJudge *j)
{
    int n = 0;
    for (int i = 0; i < j->nsteps; i++)
        n += j->steps[i].kind == STEP_NODE;
    return n;
}

/* The age in months, as EVAL_N_AGE reads it (12 × the full years); -1 unknown. */
static int age_months(EvalSubject *s)
{
    if (s->birth == DATE_NONE || s->entry == DATE_NONE)
        return -1;
    if (s->age_months < 0)
        s->age_months = 12 * date_age_years(s->birth, s->entry);
    return s->age_months;
}

static inline bool compare_ints(AstOp op, int64_t a, int64_t b)
{
    switch (op) {
    case AST_OP_EQ: return a == b;
    case AST_OP_NE: return a != b;
    case AST_OP_LT: return a < b;
    case AST_OP_LE: return a <= b;
    case AST_OP_GT: return a > b;
    case AST_OP_GE: return a >= b;
    default:        return false;
    }
}

static unsigned char truth(bool b) { return b ? T_TRUE : T_FALSE; }

static inline bool accepts(const Leaf *l, int64_t x)
{
    return ((uint64_t)x - (uint64_t)l->lo <= (uint64_t)l->hi - (uint64_t)l->lo) != l->outside;
}

/* A column against a whole number: the integer typing read (DataCellInfo.num)
** when it holds the value, else the rational, compared without mpq_cmp's
** products when it is whole. A missing value, or one of another kind, is false. */
static bool whole_compare(const EvalSubject *s, const Leaf *l)
{
    Value v = s->values[l->column];
    if (v.kind != VAL_NUM)
        return false;
    if (s->info && s->info[l->column].scaled && s->info[l->column].num.scale == 0)
        return accepts(l, s->info[l->column].num.mant);
    long k = l->step->k;
    int c = mpz_cmp_ui(mpq_denref(v.as.num), 1) == 0 ? mpz_cmp_si(mpq_numref(v.as.num), k)
                                                     : mpq_cmp_si(v.as.num, k, 1);
    return compare_ints(l->op, (c > 0) - (c < 0), 0);
}

/* The integer typing read, in place: most cells of a whole number column. */
static inline unsigned char whole_truth(const EvalSubject *s, const Leaf *l)
{
    const DataCellInfo *ci = s->info ? &s->info[l->column] : NULL;
    if (ci && ci->scaled && ci->num.scale == 0 && s->values[l->column].kind == VAL_NUM)
        return truth(accepts(l, ci->num.mant));
    return truth(whole_compare(s, l));
}

static inline unsigned char age_truth(const Leaf *l, int age)
{
    if (l->kind == STEP_KNOWN_AGE)
        return truth(age >= 0);
    return truth(age >= 0 && accepts(l, age));    /* a comparison with a missing value is false */
}

/* A column against a text, as eval_conditions_compare: a missing value, or one
** of another kind, is false; else strcmp's order (equality included). */
static inline unsigned char text_truth(const EvalSubject *s, const Leaf *l)
{
    Value v = s->values[l->column];
    if (v.kind != VAL_TEXT)
        return T_FALSE;
    int c = strcmp(v.as.text, l->step->rhs.as.text);
    return truth(accepts(l, (c > 0) - (c < 0)));
}

/* A leaf's truth: it reads the participant. Inlined in the loop over the leaves,
** where a call would cost as much as most leaves. */
static inline __attribute__((always_inline)) unsigned char leaf_truth(EvalSubject *s, const Leaf *l)
{
    const Step *st = l->step;
    switch (l->kind) {
    case STEP_CONST:
        return (unsigned char)l->lo;
    case STEP_TRUTH:
        return truth_of(s->values[l->column]);
    case STEP_KNOWN:
        return truth(s->values[l->column].kind != VAL_NULL);
    case STEP_KNOWN_AGE:
    case STEP_AGE_COMPARE:
        return age_truth(l, age_months(s));
    case STEP_WHOLE_COMPARE:
        return whole_truth(s, l);
    case STEP_TEXT_COMPARE:
        return text_truth(s, l);
    case STEP_COMPARE:
        return truth(eval_conditions_compare(st->op, st->a >= 0 ? s->values[st->a] : st->lhs,
                                             st->b >= 0 ? s->values[st->b] : st->rhs));
    case STEP_NODE:
        return truth_of(eval_conditions_value(s, st->node));
    default:
        return T_UNKNOWN;
    }
}

/* The leaves' truths, two bits each, in one word: group by group. */
static uint64_t leaves_key(const EvalJudge *j, EvalSubject *s)
{
    const Value *v = s->values;
    const Leaf *l = j->leaf, *end = j->leaf + j->group_end[LEAF_TRUTH];
    uint64_t key = 0;
    for (; l < end; l++)
        key = key << 2 | truth_of(v[l->column]);
    for (end = j->leaf + j->group_end[LEAF_KNOWN]; l < end; l++)
        key = key << 2 | truth(v[l->column].kind != VAL_NULL);
    for (end = j->leaf + j->group_end[LEAF_WHOLE]; l < end; l++)
        key = key << 2 | whole_truth(s, l);
    end = j->leaf + j->group_end[LEAF_AGE];
    if (l < end) {
        int age = age_months(s);
        for (; l < end; l++)
            key = key << 2 | age_truth(l, age);
    }
    for (end = j->leaf + j->group_end[LEAF_TEXT]; l < end; l++)
        key = key << 2 | text_truth(s, l);
    for (end = j->leaf + j->nleaves; l < end; l++)
        key = key << 2 | leaf_truth(s, l);
    return key;
}

/* A connective's truth, from the truths t of earlier steps. */
static unsigned char link_truth(const Step *st, const unsigned char *t)
{
    unsigned char a = t[st->a];
    switch (st->kind) {
    case STEP_NOT:
        return (unsigned char)(((a & T_TRUE) << 1) | ((a & T_FALSE) >> 1));
    case STEP_AND:
        return (unsigned char)(((a & t[st->b]) & T_TRUE) | ((a | t[st->b]) & T_FALSE));
    case STEP_OR:
        return (unsigned char)(((a | t[st->b]) & T_TRUE) | ((a & t[st->b]) & T_FALSE));
    default:
        return T_UNKNOWN;
    }
}

void eval_judge_by_tree(const EvalState *st, const Model *m, EvalSubject *s, EvalVerdict *out)
{
    out->eligible = !st->eligible || eval_conditions_is_true(eval_conditions_value(s, st->eligible));
    for (int i = 0; i < m->npublics; i++)
        out->publics[i] = eval_conditions_is_true(eval_conditions_public(s, i));
    for (int i = 0; i < m->nindicators; i++)
        out->where[i] = !st->filters[i] || eval_conditions_is_true(eval_conditions_value(s, st->filters[i]));
}

/* The verdict the truths of every step give, as bytes: eligible, publics, filters. */
static void verdict_of(const EvalJudge *j, const unsigned char *t, unsigned char *v)
{
    v[0] = j->eligible < 0 || t[j->eligible] == T_TRUE;
    for (int i = 0; i < j->m->npublics; i++)
        v[1 + i] = t[j->public_at[i]] == T_TRUE;
    for (int i = 0; i < j->m->nindicators; i++)
        v[1 + j->m->npublics + i] = j->filter_at[i] < 0 || t[j->filter_at[i]] == T_TRUE;
}

static void run_links(EvalJudge *j)
{
    for (int k = 0; k < j->nlinks; k++)
        j->truth[j->links[k]] = link_truth(&j->steps[j->links[k]], j->truth);
}

static size_t memo_slot(const EvalJudge *j, uint64_t key)
{
    size_t mask = j->memo_cap - 1, i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
    while (j->memo_at[i] >= 0 && j->memo_keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static void memo_grow(EvalJudge *j)
{
    uint64_t *keys = j->memo_keys;
    int *at = j->memo_at;
    size_t cap = j->memo_cap;
    j->memo_cap = cap ? 2 * cap : 64;
    j->memo_keys = rt_alloc_atomic(sizeof(uint64_t) * j->memo_cap);
    j->memo_at = rt_alloc_atomic(sizeof(int) * j->memo_cap);
    memset(j->memo_at, -1, sizeof(int) * j->memo_cap);
    for (size_t i = 0; i < cap; i++)
        if (at[i] >= 0) {
            size_t k = memo_slot(j, keys[i]);
            j->memo_keys[k] = keys[i];
            j->memo_at[k] = at[i];
        }
    j->verdicts = j->verdicts ? rt_realloc(j->verdicts, j->width * j->memo_cap)
                              : rt_alloc_atomic(j->width * j->memo_cap);
}

/* The leaves' truths back from their key, for the connectives to read: the
** loop over the leaves stores none, as most participants hit the memo. */
static void spread_key(EvalJudge *j, uint64_t key)
{
    for (int k = j->nleaves - 1; k >= 0; k--, key >>= 2)
        j->truth[j->leaves[k]] = (unsigned char)(key & 3);
}

/* The verdict of the leaves' truths (key), the connectives worked out the first
** time; past JUDGE_MEMO_MAX combinations, a new one is worked out each time. */
static const unsigned char *memo_verdict(EvalJudge *j, uint64_t key)
{
    unsigned char *t = j->truth;
    if (j->memo_count * 4 >= j->memo_cap * 3)
        memo_grow(j);
    size_t i = memo_slot(j, key);
    if (j->memo_at[i] >= 0)
        return j->verdicts + j->width * (size_t)j->memo_at[i];
    spread_key(j, key);
    run_links(j);
    unsigned char *v = j->verdicts + j->width * j->memo_count;
    verdict_of(j, t, v);
    if (j->memo_count < JUDGE_MEMO_MAX) {
        j->memo_keys[i] = key;
        j->memo_at[i] = (int)j->memo_count++;
    }
    return v;
}

void eval_judge_participant(EvalJudge *j, EvalSubject *s, EvalVerdict *out)
{
    if (j->by_tree) {
        eval_judge_by_tree(j->st, j->m, s, out);
        return;
    }
    const unsigned char *v;
    if (j->memo) {
        v = memo_verdict(j, leaves_key(j, s));
    } else {
        for (int k = 0; k < j->nleaves; k++)
            j->truth[j->leaves[k]] = leaf_truth(s, &j->leaf[k]);
        run_links(j);
        verdict_of(j, j->truth, j->verdicts);
        v = j->verdicts;
    }
    out->eligible = v[0];
    memcpy(out->publics, v + 1, (size_t)j->m->npublics);
    memcpy(out->where, v + 1 + j->m->npublics, (size_t)j->m->nindicators);
}
