/* runtime/eval.c: evaluating contract data against a checked charter: rules, targets, counted hours, statuses, aggregates, indicators. */
#include "eval.h"

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Reasons why a valid row is not counted (ReasonCode, below) fit in this many. */
#define R_COUNT_MAX 8

/* ---- compiled conditions -------------------------------------------------------------- */

/*
** The conditions of publics, of `éligible` and of indicator filters are
** compiled once from the checked AST into this small tree, with every literal
** already a Value: a participant is then judged without reparsing anything.
** Durations are in months (1 an = 12 mois) and `âge` is 12 × the full years,
** so "âge < 26 ans" compares months with months.
*/
typedef enum {
    N_CONST, N_COLUMN, N_PUBLIC, N_AGE, N_NOT, N_NEG, N_AND, N_OR, N_ARITH, N_COMPARE, N_KNOWN
} NodeKind;

typedef struct Node {
    NodeKind kind;
    AstOp op;
    int index;
    Value value;
    struct Node *a, *b;
} Node;

/* Part of a contract's accumulator, exact: sum / 10^scale. Hour lines add
** here without GMP while 64 bits hold the sum; what does not fit goes to the
** contract's rationals, and the rest joins them in eval_finish. */
typedef struct ScaledSum {
    int64_t sum;
    int scale;
} ScaledSum;

/* What an hour line reads of its participant, packed: the lines of a large
** file reach participants at random, and these stay in cache where the
** EvalParticipant records would not. `active` goes back to them in eval_finish. */
typedef struct HotParticipant {
    Month entry;
    bool eligible;
    bool active;
} HotParticipant;

typedef struct EvalState {
    IdMap *contract_ids;       /* valid contracts: id → index in e->contracts */
    IdMap *contract_rejected;  /* ids seen only on rejected rows: id → line */
    IdMap *participant_ids;
    IdMap *participant_rejected;
    IdMap *classes;            /* resolution classes: key → index in resolutions */
    EvalResolution **resolutions;
    int nresolutions;
    Date *versions;            /* sorted distinct dates from which amendments apply */
    int nversions;
    const char **rule_owner_keys;
    Node *eligible;
    Node **publics;
    Node **filters;            /* per indicator, NULL when no filter */
    IdMap **label_interns;     /* per indicator with a column breakdown */
    int *cap_of_choice;        /* per choice of heures.modalite: index in Model.caps, -1 */
    bool *choice_counted;      /* per choice of heures.modalite */
    const char *files[3];
    long rejects_cap;
    int contracts_cap, participants_cap;
    mpq_ptr scratch;
    ScaledSum *sums;           /* per contract in load order: free hours, then one per Model.caps */
    int sums_per_contract;
    long *lines_counted;       /* per contract in load order; to EvalContract.lines_counted in eval_finish */
    HotParticipant *hot;       /* per participant */
    signed char *public_memo;  /* judge_participant's, per public */
    Value *public_values;
    int reason_at[R_COUNT_MAX]; /* per ReasonCode: 1 + its index in e->reasons[its table], 0 when none yet */
    struct MonthSum *months;   /* counted hours per month: slot k is the month au_month − k */
    int nmonths;
} EvalState;

/* Counted hours of one month of work. Slots run back from the evaluation
** month, since no later line is counted: the array only grows at its end. */
typedef struct MonthSum {
    ScaledSum scaled;
    mpq_ptr hours;
    long lines;
} MonthSum;

const char *eval_status_id(EvalStatus s)
{
    switch (s) {
    case EVAL_ATTEINT:       return "atteint";
    case EVAL_NON_ATTEINT:   return "non_atteint";
    case EVAL_NON_SOUMIS:    return "non_soumis";
    case EVAL_CONFLIT:       return "conflit";
    case EVAL_SANS_OBJECTIF: return "sans_objectif";
    case EVAL_SANS_BASE:     return "sans_base";
    }
    return "?";
}

const char *eval_status_label(EvalStatus s, bool english)
{
    switch (s) {
    case EVAL_ATTEINT:       return english ? "met" : "atteint";
    case EVAL_NON_ATTEINT:   return english ? "not met" : "non atteint";
    case EVAL_NON_SOUMIS:    return english ? "not subject" : "non soumis";
    case EVAL_CONFLIT:       return english ? "conflict" : "conflit";
    case EVAL_SANS_OBJECTIF: return english ? "no target" : "sans objectif";
    case EVAL_SANS_BASE:     return english ? "no base hours" : "sans heures de base";
    }
    return "?";
}

static mpq_ptr new_num(void) { return val_new_num(); }

/* qsort, which must not be given a NULL base even for 0 elements. */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

static mpq_ptr copy_num(mpq_srcptr q)
{
    mpq_ptr c = val_new_num();
    mpq_set(c, q);
    return c;
}

/* ---- rule resolution ---------------------------------------------------------------------- */

static bool owner_matches(const char *rule_owner, const char *owner)
{
    if (!rule_owner)
        return true;
    if (!owner)
        return false;
    /* Owners are typed by people in both places: "13 Habitat" = "13 habitat". */
    return strcmp(rule_owner, owner) == 0
        || strcmp(utf8_key(rule_owner, strlen(rule_owner)), utf8_key(owner, strlen(owner))) == 0;
}

static bool rule_in_force(const MRule *r, Date notified)
{
    return r->from == DATE_NONE || (notified != DATE_NONE && r->from <= notified);
}

typedef struct Candidate {
    const MRule *rule;
    const MRule *tie;        /* same scope, owner and date, also sets the field */
    int depth;
    bool restricted;
} Candidate;

static bool same_key(const Candidate *c, const MRule *r)
{
    if (c->rule->scope != r->scope || (c->rule->owner == NULL) != (r->owner == NULL))
        return false;
    return !r->owner || owner_matches(c->rule->owner, r->owner);
}

/* The partial order of specificity (lang/model.h): deeper wins; at one scope an
** owner-restricted rule wins; a restricted broader rule and an unrestricted
** narrower one are incomparable. */
static bool more_specific(const Candidate *a, const Candidate *b)
{
    if (a->depth > b->depth)
        return a->restricted || !b->restricted;
    return a->depth == b->depth && a->restricted && !b->restricted;
}

static bool sets_field(const MRule *r, bool threshold)
{
    return threshold ? r->has_threshold : r->has_target;
}

/* Resolves one field; on a conflict fills pair and returns NULL. */
static const MRule *resolve_field(const Model *m, int family, int scope, const char *owner,
                                  Date notified, bool threshold, const MRule *pair[2])
{
    Candidate *cands = RT_NEW_ARRAY(Candidate, m->nrules + 1);
    int n = 0;
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (r->family != family || !sets_field(r, threshold) || !rule_in_force(r, notified)
            || !owner_matches(r->owner, owner) || !model_scope_within(m, scope, r->scope))
            continue;
        int k = 0;
        while (k < n && !same_key(&cands[k], r))
            k++;
        if (k == n) {
            cands[n++] = (Candidate){ r, NULL, m->scopes[r->scope].depth, r->owner != NULL };
        } else if (r->from > cands[k].rule->from) {
            cands[k].rule = r;     /* a later amendment replaces the rule at its scope */
            cands[k].tie = NULL;
        } else if (r->from == cands[k].rule->from && !cands[k].tie) {
            cands[k].tie = r;
        }
    }
    int best = -1, rival = -1;
    for (int i = 0; i < n; i++) {
        bool maximal = true;
        for (int j = 0; j < n && maximal; j++)
            if (j != i && more_specific(&cands[j], &cands[i]))
                maximal = false;
        if (!maximal)
            continue;
        if (best < 0)
            best = i;
        else if (rival < 0)
            rival = i;
    }
    if (best < 0)
        return NULL;
    if (rival >= 0 || cands[best].tie) {
        pair[0] = cands[best].rule;
        pair[1] = rival >= 0 ? cands[rival].rule : cands[best].tie;
        return NULL;
    }
    return cands[best].rule;
}

EvalResolution eval_resolve(const Model *m, int family, int scope, const char *owner, Date notified)
{
    EvalResolution res = { 0 };
    const MRule *pair[2] = { NULL, NULL };
    res.target = resolve_field(m, family, scope, owner, notified, false, pair);
    if (pair[0]) {
        res.conflict[0] = pair[0];
        res.conflict[1] = pair[1];
        return res;
    }
    res.threshold = resolve_field(m, family, scope, owner, notified, true, pair);
    if (pair[0]) {
        res.conflict[0] = pair[0];
        res.conflict[1] = pair[1];
        res.conflict_on_threshold = true;
    }
    return res;
}

static int compare_dates(const void *a, const void *b)
{
    Date x = *(const Date *)a, y = *(const Date *)b;
    return (x > y) - (x < y);
}

static void prepare_classes(EvalRun *e)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    st->classes = idmap_new(64);
    st->versions = rt_alloc_atomic(sizeof(Date) * (size_t)(m->nrules + 1));
    st->rule_owner_keys = RT_NEW_ARRAY(const char *, m->nrules + 1);
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (r->owner)
            st->rule_owner_keys[i] = utf8_key(r->owner, strlen(r->owner));
        if (r->from != DATE_NONE)
            st->versions[st->nversions++] = r->from;
    }
    sort(st->versions, (size_t)st->nversions, sizeof(Date), compare_dates);
    int w = 0;
    for (int i = 0; i < st->nversions; i++)
        if (w == 0 || st->versions[w - 1] != st->versions[i])
            st->versions[w++] = st->versions[i];
    st->nversions = w;
}

/* Contracts of one family, scope and owner notified between two amendment
** dates get the same rules: they share one resolution. */
static const EvalResolution *resolution_for(EvalRun *e, const EvalContract *c)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    int version = 0;
    while (version < st->nversions && st->versions[version] <= c->notified)
        version++;
    const char *owner_key = "";
    const char *key_of_owner = NULL;   /* computed only when a rule of the family names an owner */
    for (int i = 0; i < m->nrules; i++) {
        if (m->rules[i].family != c->family || !st->rule_owner_keys[i])
            continue;
        if (!key_of_owner)
            key_of_owner = c->owner ? utf8_key(c->owner, strlen(c->owner)) : "";
        if (strcmp(st->rule_owner_keys[i], key_of_owner) == 0) {
            owner_key = key_of_owner;
            break;
        }
    }
    const char *key = rt_sprintf("%d/%d/%d/%s", c->family, c->scope, version, owner_key);
    int idx;
    if (idmap_get(st->classes, key, strlen(key), &idx))
        return st->resolutions[idx];
    EvalResolution *res = RT_NEW(EvalResolution);
    *res = eval_resolve(m, c->family, c->scope, c->owner, c->notified);
    st->resolutions = rt_realloc(st->resolutions, sizeof(EvalResolution *) * (size_t)(st->nresolutions + 1));
    st->resolutions[st->nresolutions] = res;
    idmap_put(st->classes, key, strlen(key), st->nresolutions++);
    return res;
}

/* ---- conditions over a participant --------------------------------------------------------- */

static Node *node(NodeKind kind)
{
    Node *n = RT_NEW(Node);
    n->kind = kind;
    n->value = val_null();
    return n;
}

/* A number literal as the evaluator counts: percents as fractions, years as
** 12 months, weeks as 7 days; other units as written. */
static Value literal_number(const AstExpr *x)
{
    mpq_ptr q = new_num();
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
        mpq_ptr q = new_num();
        mpq_neg(q, v.as.num);
        return (Value){ .kind = VAL_NUM, .as.num = q };
    }
    if (x->kind == AST_E_NAME)
        return x->value.kind != VAL_NULL ? x->value : val_text(x->u.text);
    return literal_of(x);
}

static Node *compile(const AstExpr *x)
{
    if (!x)
        return node(N_CONST);
    Node *n;
    switch (x->kind) {
    case AST_E_NAME:
        switch (x->ref) {
        case AST_REF_COLUMN:
            n = node(N_COLUMN);
            n->index = x->ref_index;
            return n;
        case AST_REF_PUBLIC:
            n = node(N_PUBLIC);
            n->index = x->ref_index;
            return n;
        case AST_REF_AGE:
            return node(N_AGE);
        case AST_REF_CHOICE:
            n = node(N_CONST);
            n->value = x->value.kind == VAL_TEXT ? x->value : val_text(x->u.text);
            return n;
        default:
            n = node(N_CONST);
            n->value = x->value;
            return n;
        }
    case AST_E_UNARY:
        n = node(x->u.op.op == AST_OP_NOT ? N_NOT : N_NEG);
        n->a = compile(x->u.op.lhs);
        return n;
    case AST_E_BINARY:
        switch (x->u.op.op) {
        case AST_OP_AND: n = node(N_AND); break;
        case AST_OP_OR:  n = node(N_OR); break;
        case AST_OP_ADD: case AST_OP_SUB: case AST_OP_MUL: case AST_OP_DIV:
            n = node(N_ARITH);
            break;
        default:
            n = node(N_COMPARE);
            break;
        }
        n->op = x->u.op.op;
        n->a = compile(x->u.op.lhs);
        n->b = compile(x->u.op.rhs);
        return n;
    case AST_E_KNOWN:
        n = node(N_KNOWN);
        n->a = compile(x->u.op.lhs);
        return n;
    case AST_E_ERROR:
        return node(N_CONST);
    default:
        n = node(N_CONST);
        n->value = literal_of(x);
        return n;
    }
}

/* What one participant's conditions are evaluated over. */
typedef struct Subject {
    const EvalState *st;
    const Model *m;
    const Value *values;
    Date birth, entry;
    signed char *public_memo;     /* -1 not yet, else a ValKind-coded result */
    Value *public_values;
    bool age_known;               /* `age` computed (it is asked by several publics and indicators) */
    Value age;
} Subject;

static Value eval_node(Subject *s, const Node *n);

static bool is_true(Value v) { return v.kind == VAL_BOOL && v.as.b; }
static bool is_false(Value v) { return v.kind == VAL_BOOL && !v.as.b; }

static Value eval_public(Subject *s, int i)
{
    if (i < 0 || i >= s->m->npublics)
        return val_null();
    if (s->public_memo[i] < 0) {
        s->public_memo[i] = 0;    /* a public that names itself reads as unknown, not a loop */
        s->public_values[i] = val_null();
        s->public_values[i] = eval_node(s, s->st->publics[i]);
        s->public_memo[i] = 1;
    }
    return s->public_values[i];
}

static Value arith(AstOp op, Value a, Value b)
{
    if (a.kind != VAL_NUM || b.kind != VAL_NUM)
        return val_null();
    mpq_ptr r = new_num();
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
static Value compare(AstOp op, Value a, Value b)
{
    if (a.kind == VAL_NULL || b.kind == VAL_NULL || a.kind != b.kind)
        return val_bool(false);
    if (op == AST_OP_EQ)
        return val_bool(val_equal(a, b));
    if (op == AST_OP_NE)
        return val_bool(!val_equal(a, b));
    int c = val_compare(a, b);
    switch (op) {
    case AST_OP_LT: return val_bool(c < 0);
    case AST_OP_LE: return val_bool(c <= 0);
    case AST_OP_GT: return val_bool(c > 0);
    case AST_OP_GE: return val_bool(c >= 0);
    default:        return val_bool(false);
    }
}

static Value eval_node(Subject *s, const Node *n)
{
    switch (n->kind) {
    case N_CONST:
        return n->value;
    case N_COLUMN:
        if (n->index < 0 || n->index >= s->m->tables[M_TABLE_PARTICIPANTS].ncolumns)
            return val_null();
        return s->values[n->index];
    case N_PUBLIC:
        return eval_public(s, n->index);
    case N_AGE:
        if (s->birth == DATE_NONE || s->entry == DATE_NONE)
            return val_null();
        if (!s->age_known) {
            s->age = val_num_si(12L * date_age_years(s->birth, s->entry));
            s->age_known = true;
        }
        return s->age;
    case N_NOT: {
        Value a = eval_node(s, n->a);
        return a.kind == VAL_BOOL ? val_bool(!a.as.b) : val_null();
    }
    case N_NEG: {
        Value a = eval_node(s, n->a);
        if (a.kind != VAL_NUM)
            return val_null();
        mpq_ptr r = new_num();
        mpq_neg(r, a.as.num);
        return (Value){ .kind = VAL_NUM, .as.num = r };
    }
    case N_AND: {
        /* Kleene logic: false wins over unknown, unknown over true. */
        Value a = eval_node(s, n->a);
        if (is_false(a))
            return a;
        Value b = eval_node(s, n->b);
        if (is_false(b))
            return b;
        return is_true(a) && is_true(b) ? val_bool(true) : val_null();
    }
    case N_OR: {
        Value a = eval_node(s, n->a);
        if (is_true(a))
            return a;
        Value b = eval_node(s, n->b);
        if (is_true(b))
            return b;
        return is_false(a) && is_false(b) ? val_bool(false) : val_null();
    }
    case N_ARITH:
        return arith(n->op, eval_node(s, n->a), eval_node(s, n->b));
    case N_COMPARE:
        return compare(n->op, eval_node(s, n->a), eval_node(s, n->b));
    case N_KNOWN:
        return val_bool(eval_node(s, n->a).kind != VAL_NULL);
    }
    return val_null();
}

/* ---- the run ------------------------------------------------------------------------------ */

static const char *const table_names[3] = { "marches", "participants", "heures" };

typedef enum {
    R_PARTICIPANT_NOT_ELIGIBLE, R_AFTER_AU, R_HOURS_NOT_ELIGIBLE, R_BEFORE_ENTRY, R_AFTER_PERIOD,
    R_MODALITY, R_COUNT
} ReasonCode;

_Static_assert(R_COUNT <= R_COUNT_MAX, "EvalState.reason_at is too small");

static const struct { int table; const char *code, *fr, *en; } reason_text[R_COUNT] = {
    [R_PARTICIPANT_NOT_ELIGIBLE] = { M_TABLE_PARTICIPANTS, "non_eligible", "participant non éligible",
                                     "participant not eligible" },
    [R_AFTER_AU] = { M_TABLE_HEURES, "apres_date_evaluation", "mois après la date d'évaluation",
                     "month after the evaluation date" },
    [R_HOURS_NOT_ELIGIBLE] = { M_TABLE_HEURES, "participant_non_eligible", "participant non éligible",
                               "participant not eligible" },
    [R_BEFORE_ENTRY] = { M_TABLE_HEURES, "avant_entree", "mois avant l'entrée dans le parcours",
                         "month before entry into the pathway" },
    [R_AFTER_PERIOD] = { M_TABLE_HEURES, "hors_periode_eligibilite",
                         "mois après la fin de la période d'éligibilité",
                         "month after the end of the eligibility period" },
    [R_MODALITY] = { M_TABLE_HEURES, "modalite_non_retenue", "modalité non retenue",
                     "modality not counted" },
};

static void prepare_modalities(EvalRun *e)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    int col = m->std.h_modality;
    if (col < 0)
        return;
    const MColumn *mc = &m->tables[M_TABLE_HEURES].columns[col];
    st->cap_of_choice = rt_alloc_atomic(sizeof(int) * (size_t)(mc->nchoices + 1));
    st->choice_counted = rt_alloc_atomic(sizeof(bool) * (size_t)(mc->nchoices + 1));
    for (int i = 0; i < mc->nchoices; i++) {
        st->cap_of_choice[i] = -1;
        st->choice_counted[i] = !m->modalities_declared || !m->modality_counted || m->modality_counted[i];
        for (int k = 0; k < m->ncaps; k++)
            if (strcmp(m->caps[k].modality, mc->choices[i]) == 0)
                st->cap_of_choice[i] = k;
    }
}

static void prepare_conditions(EvalRun *e)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    st->eligible = m->eligible ? compile(m->eligible) : NULL;
    st->publics = RT_NEW_ARRAY(Node *, m->npublics + 1);
    st->public_memo = rt_alloc_atomic((size_t)m->npublics + 1);
    st->public_values = RT_NEW_ARRAY(Value, m->npublics + 1);
    for (int i = 0; i < m->npublics; i++)
        st->publics[i] = compile(m->publics[i].pred);
    st->filters = RT_NEW_ARRAY(Node *, m->nindicators + 1);
    st->label_interns = RT_NEW_ARRAY(IdMap *, m->nindicators + 1);
    for (int i = 0; i < m->nindicators; i++) {
        if (m->indicators[i].where)
            st->filters[i] = compile(m->indicators[i].where);
        if (m->indicators[i].by_column >= 0)
            st->label_interns[i] = idmap_new(16);
    }
}

EvalRun *eval_new(const Model *m, Date au, bool english)
{
    EvalRun *e = RT_NEW(EvalRun);
    e->model = m;
    e->au = au;
    e->au_month = date_month(au);
    e->english = english;
    EvalState *st = RT_NEW(EvalState);
    e->state = st;
    st->contract_ids = idmap_new(256);
    st->contract_rejected = idmap_new(16);
    st->participant_ids = idmap_new(1024);
    st->participant_rejected = idmap_new(16);
    st->scratch = new_num();
    st->sums_per_contract = 1 + m->ncaps;
    for (int t = 0; t < 3; t++)
        e->files[t].table = table_names[t];
    prepare_classes(e);
    prepare_modalities(e);
    prepare_conditions(e);
    return e;
}

static void add_reject(EvalRun *e, int table, long line, const char *fr, const char *en)
{
    EvalState *st = e->state;
    if (e->nrejects == st->rejects_cap) {
        st->rejects_cap = st->rejects_cap ? st->rejects_cap * 2 : 64;
        e->rejects = rt_realloc(e->rejects, sizeof(EvalReject) * (size_t)st->rejects_cap);
    }
    e->rejects[e->nrejects++] = (EvalReject){ st->files[table], line, fr, en };
    e->counts[table].rejected++;
}

static void not_counted(EvalRun *e, int table, ReasonCode code)
{
    e->counts[table].not_counted++;
    int *at = &e->state->reason_at[code];
    if (*at > 0 && *at <= e->nreasons[table] && e->reasons[table][*at - 1].code == reason_text[code].code) {
        e->reasons[table][*at - 1].count++;
        return;
    }
    for (int i = 0; i < e->nreasons[table]; i++)
        if (strcmp(e->reasons[table][i].code, reason_text[code].code) == 0) {
            e->reasons[table][i].count++;
            *at = i + 1;
            return;
        }
    e->reasons[table] = rt_realloc(e->reasons[table], sizeof(EvalReason) * (size_t)(e->nreasons[table] + 1));
    e->reasons[table][e->nreasons[table]++] =
        (EvalReason){ reason_text[code].code, reason_text[code].fr, reason_text[code].en, 1 };
    *at = e->nreasons[table];
}

static const char *nfc_id(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return utf8_nfc(s, n);
    return rt_strndup(s, n);
}

static const char *text_or_null(Value v) { return v.kind == VAL_TEXT ? v.as.text : NULL; }

/* A rejected row's id is remembered so that the lines pointing to it say so. */
static void remember_rejected_id(IdMap *valid, IdMap *rejected, const DataRow *row)
{
    if (!row->id)
        return;
    const char *id = nfc_id(row->id, row->id_len);
    int dummy;
    if (!idmap_get(valid, id, strlen(id), &dummy) && !idmap_get(rejected, id, strlen(id), &dummy))
        idmap_put(rejected, id, strlen(id), (int)(row->line > 0x7fffffffL ? 0x7fffffffL : row->line));
}

/* ---- contracts ------------------------------------------------------------------------------- */

static int index_of_family(const Model *m, const char *id)
{
    for (int i = 0; i < m->nfamilies; i++)
        if (m->families[i].id == id || strcmp(m->families[i].id, id) == 0)
            return i;
    return -1;
}

static int index_of_scope(const Model *m, const char *id)
{
    for (int i = 0; i < m->nscopes; i++)
        if (m->scopes[i].id == id || strcmp(m->scopes[i].id, id) == 0)
            return i;
    return -1;
}

static mpq_ptr num_or_null(Value v) { return v.kind == VAL_NUM ? copy_num(v.as.num) : NULL; }

static void add_contract(EvalRun *e, const DataRow *row)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    EvalState *st = e->state;
    const Value *v = row->values;
    const char *id = v[sc->m_id].as.text;
    int first;
    if (idmap_get(st->contract_ids, id, strlen(id), &first)) {
        add_reject(e, M_TABLE_MARCHES, row->line,
                   rt_sprintf("marché « %s » en double (déjà lu ligne %ld)", id, e->contracts[first]->line),
                   rt_sprintf("duplicate contract '%s' (already read on line %ld)", id, e->contracts[first]->line));
        return;
    }
    EvalContract *c = RT_NEW(EvalContract);
    c->line = row->line;
    idmap_put(st->contract_ids, id, strlen(id), e->ncontracts);
    c->id = idmap_key(st->contract_ids, id, strlen(id));
    c->label = sc->m_label >= 0 ? text_or_null(v[sc->m_label]) : NULL;
    if (c->label)
        c->label = rt_strdup(c->label);
    c->owner = sc->m_owner >= 0 && text_or_null(v[sc->m_owner]) ? rt_strdup(v[sc->m_owner].as.text) : NULL;
    c->family = index_of_family(m, v[sc->m_family].as.text);
    c->scope = index_of_scope(m, v[sc->m_scope].as.text);
    c->amount = num_or_null(v[sc->m_amount]);
    c->notified = v[sc->m_notified].kind == VAL_DATE ? v[sc->m_notified].as.date : DATE_NONE;
    c->hours_worked = sc->m_hours_worked >= 0 ? num_or_null(v[sc->m_hours_worked]) : NULL;
    c->free_hours = new_num();
    c->capped = RT_NEW_ARRAY(mpq_ptr, m->ncaps + 1);
    for (int k = 0; k < m->ncaps; k++)
        c->capped[k] = new_num();
    c->res = resolution_for(e, c);
    if (e->ncontracts == st->contracts_cap) {
        st->contracts_cap = st->contracts_cap ? st->contracts_cap * 2 : 64;
        e->contracts = rt_realloc(e->contracts, sizeof(EvalContract *) * (size_t)st->contracts_cap);
        st->sums = rt_realloc(st->sums, sizeof(ScaledSum) * (size_t)st->contracts_cap * (size_t)st->sums_per_contract);
        memset(st->sums + (size_t)e->ncontracts * (size_t)st->sums_per_contract, 0,
               sizeof(ScaledSum) * (size_t)(st->contracts_cap - e->ncontracts) * (size_t)st->sums_per_contract);
        st->lines_counted = rt_realloc(st->lines_counted, sizeof(long) * (size_t)st->contracts_cap);
        memset(st->lines_counted + e->ncontracts, 0, sizeof(long) * (size_t)(st->contracts_cap - e->ncontracts));
    }
    e->contracts[e->ncontracts++] = c;
    e->counts[M_TABLE_MARCHES].counted++;
}

/* ---- participants ---------------------------------------------------------------------------- */

static const char *category_label(Value v)
{
    switch (v.kind) {
    case VAL_NULL:  return NULL;
    case VAL_BOOL:  return v.as.b ? "oui" : "non";
    case VAL_NUM:   return num_to_decimal(v.as.num, 2);
    case VAL_DATE:  return date_to_iso(v.as.date);
    case VAL_MONTH: return month_to_iso(v.as.month);
    case VAL_TEXT:  return v.as.text;
    }
    return NULL;
}

static void judge_participant(EvalRun *e, EvalParticipant *p, const Value *values)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    const MStdColumns *sc = &m->std;
    Subject s = { .st = st, .m = m, .values = values, .birth = DATE_NONE, .entry = DATE_NONE };
    if (sc->p_birth >= 0 && values[sc->p_birth].kind == VAL_DATE)
        s.birth = values[sc->p_birth].as.date;
    if (sc->p_entry >= 0 && values[sc->p_entry].kind == VAL_DATE)
        s.entry = values[sc->p_entry].as.date;
    /* One participant is judged at a time: the memo is the run's, cleared. */
    s.public_memo = st->public_memo;
    memset(s.public_memo, -1, (size_t)m->npublics + 1);
    s.public_values = st->public_values;
    p->entry = s.entry != DATE_NONE ? date_month(s.entry) : 0;
    p->eligible = !st->eligible || is_true(eval_node(&s, st->eligible));
    p->publics = rt_alloc_atomic((size_t)m->npublics + 1);
    for (int i = 0; i < m->npublics; i++)
        p->publics[i] = is_true(eval_public(&s, i));
    p->where = rt_alloc_atomic((size_t)m->nindicators + 1);
    p->by_label = RT_NEW_ARRAY(const char *, m->nindicators + 1);
    for (int i = 0; i < m->nindicators; i++) {
        const MIndicator *ind = &m->indicators[i];
        p->where[i] = !st->filters[i] || is_true(eval_node(&s, st->filters[i]));
        if (ind->by_column >= 0 && ind->by_column < m->tables[M_TABLE_PARTICIPANTS].ncolumns) {
            const char *label = category_label(values[ind->by_column]);
            if (label) {
                IdMap *in = st->label_interns[i];
                if (!idmap_key(in, label, strlen(label)))
                    idmap_put(in, label, strlen(label), 0);
                p->by_label[i] = idmap_key(in, label, strlen(label));
            }
        }
    }
}

static void add_participant(EvalRun *e, const DataRow *row)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    const char *id = row->values[m->std.p_id].as.text;
    int first;
    if (idmap_get(st->participant_ids, id, strlen(id), &first)) {
        add_reject(e, M_TABLE_PARTICIPANTS, row->line,
                   rt_sprintf("participant en double (déjà lu ligne %ld)", e->participants[first]->line),
                   rt_sprintf("duplicate participant (already read on line %ld)", e->participants[first]->line));
        return;
    }
    EvalParticipant *p = RT_NEW(EvalParticipant);
    p->line = row->line;
    judge_participant(e, p, row->values);
    idmap_put(st->participant_ids, id, strlen(id), e->nparticipants);
    if (e->nparticipants == st->participants_cap) {
        st->participants_cap = st->participants_cap ? st->participants_cap * 2 : 256;
        e->participants = rt_realloc(e->participants, sizeof(EvalParticipant *) * (size_t)st->participants_cap);
        st->hot = rt_realloc(st->hot, sizeof(HotParticipant) * (size_t)st->participants_cap);
    }
    st->hot[e->nparticipants] = (HotParticipant){ .entry = p->entry, .eligible = p->eligible };
    e->participants[e->nparticipants++] = p;
    if (p->eligible)
        e->counts[M_TABLE_PARTICIPANTS].counted++;
    else
        not_counted(e, M_TABLE_PARTICIPANTS, R_PARTICIPANT_NOT_ELIGIBLE);
}

/* ---- hour lines ------------------------------------------------------------------------------ */

static int choice_index(const MColumn *col, const char *choice)
{
    for (int i = 0; i < col->nchoices; i++)
        if (col->choices[i] == choice || strcmp(col->choices[i], choice) == 0)
            return i;
    return -1;
}

/* Finds the contract (or participant) a line points to; NULL with a reason
** when it is unknown or was rejected. */
static const char *lookup_reason(IdMap *valid, IdMap *rejected, const char *id, int *index,
                                 const char *file, bool quote_id, bool contract, bool english)
{
    if (idmap_get(valid, id, strlen(id), index))
        return NULL;
    int line;
    const char *what = contract ? (english ? "contract" : "marché") : "participant";
    if (idmap_get(rejected, id, strlen(id), &line)) {
        if (english)
            return quote_id ? rt_sprintf("%s '%s' rejected (%s, line %d)", what, id, file, line)
                            : rt_sprintf("%s rejected (%s, line %d)", what, file, line);
        return quote_id ? rt_sprintf("%s « %s » rejeté (%s, ligne %d)", what, id, file, line)
                        : rt_sprintf("%s rejeté (%s, ligne %d)", what, file, line);
    }
    if (english)
        return quote_id ? rt_sprintf("unknown %s '%s'", what, id) : rt_sprintf("unknown %s", what);
    return quote_id ? rt_sprintf("%s « %s » inconnu", what, id) : rt_sprintf("%s inconnu", what);
}

/* Moves a scaled sum into the rational accumulator q: the sum restarts from 0. */
static void flush_sum(ScaledSum *acc, mpq_ptr q, mpq_ptr scratch)
{
    if (acc->sum != 0) {
        num_scaled_to_mpq(scratch, (NumScaled){ acc->sum, acc->scale });
        mpq_add(q, q, scratch);
    }
    acc->sum = 0;
    acc->scale = 0;
}

/* acc += x, exactly; false when 64 bits cannot hold the result (acc still
** holds the same value, maybe at a finer scale). */
static bool add_scaled(ScaledSum *acc, NumScaled x)
{
    if (x.scale > acc->scale) {
        int64_t finer;
        if (__builtin_mul_overflow(acc->sum, num_pow10(x.scale - acc->scale), &finer))
            return false;
        acc->sum = finer;
        acc->scale = x.scale;
    }
    int64_t v, total;
    if (__builtin_mul_overflow(x.mant, num_pow10(acc->scale - x.scale), &v)
        || __builtin_add_overflow(acc->sum, v, &total))
        return false;
    acc->sum = total;
    return true;
}

/* acc (then q when acc overflows) += hours, exactly. */
static void add_exact(ScaledSum *acc, mpq_ptr q, Value hours, const DataCellInfo *info, mpq_ptr scratch)
{
    if (info && info->scaled) {
        if (add_scaled(acc, info->num))
            return;
        flush_sum(acc, q, scratch);
        if (add_scaled(acc, info->num))
            return;
    }
    mpq_add(q, q, hours.as.num);
}

/* Adds a counted hour line to contract ci: to its capped modality cap, or to its free hours when cap < 0. */
static void accumulate(EvalRun *e, int ci, int cap, Value hours, const DataCellInfo *info)
{
    EvalState *st = e->state;
    ScaledSum *acc = &st->sums[(size_t)ci * (size_t)st->sums_per_contract + (size_t)(cap + 1)];
    if (info && info->scaled && add_scaled(acc, info->num))
        return;
    EvalContract *c = e->contracts[ci];
    add_exact(acc, cap >= 0 ? c->capped[cap] : c->free_hours, hours, info, st->scratch);
}

/* Adds a counted hour line to the hours of its month (before caps: a cap
** applies to a contract's total, not to a month). */
static void accumulate_month(EvalRun *e, Month month, Value hours, const DataCellInfo *info)
{
    EvalState *st = e->state;
    long k = (long)e->au_month - (long)month;
    if (k >= st->nmonths) {
        int n = st->nmonths ? st->nmonths : 64;
        while (n <= k)
            n *= 2;
        st->months = rt_realloc(st->months, sizeof(MonthSum) * (size_t)n);
        memset(st->months + st->nmonths, 0, sizeof(MonthSum) * (size_t)(n - st->nmonths));
        for (int i = st->nmonths; i < n; i++)
            st->months[i].hours = new_num();
        st->nmonths = n;
    }
    MonthSum *ms = &st->months[k];
    ms->lines++;
    add_exact(&ms->scaled, ms->hours, hours, info, st->scratch);
}

/* Every month from the first to the last with counted hours, in order, zeros included. */
static void close_months(EvalRun *e)
{
    EvalState *st = e->state;
    int first = -1, last = -1;   /* slots: first is the latest month */
    for (int k = 0; k < st->nmonths; k++)
        if (st->months[k].lines > 0) {
            if (first < 0)
                first = k;
            last = k;
        }
    if (first < 0)
        return;
    e->nby_month = last - first + 1;
    e->by_month = RT_NEW_ARRAY(EvalMonthHours, e->nby_month);
    for (int k = last, i = 0; k >= first; k--, i++) {
        MonthSum *ms = &st->months[k];
        flush_sum(&ms->scaled, ms->hours, st->scratch);
        e->by_month[i] = (EvalMonthHours){ e->au_month - k, ms->hours, ms->lines };
    }
}

/* Folds the scaled sums into the contracts' rationals, and the packed
** counters into the records: before eval_finish reads them. */
static void flush_sums(EvalRun *e)
{
    EvalState *st = e->state;
    for (int i = 0; i < e->nparticipants; i++)
        e->participants[i]->active = st->hot[i].active;
    for (int i = 0; i < e->ncontracts; i++) {
        EvalContract *c = e->contracts[i];
        c->lines_counted += st->lines_counted[i];
        st->lines_counted[i] = 0;
        ScaledSum *sums = &st->sums[(size_t)i * (size_t)st->sums_per_contract];
        flush_sum(&sums[0], c->free_hours, st->scratch);
        for (int k = 0; k < e->model->ncaps; k++)
            flush_sum(&sums[1 + k], c->capped[k], st->scratch);
    }
}

static void add_hours(EvalRun *e, const DataRow *row)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    EvalState *st = e->state;
    const Value *v = row->values;
    const DataCellInfo *info = row->info;
    int ci = -1, pi = -1;
    const char *cid = v[sc->h_contract].as.text, *pid = v[sc->h_participant].as.text;
    /* The common line points to a known contract and participant: one lookup each. */
    bool known = info && idmap_get(st->contract_ids, cid, info[sc->h_contract].len, &ci)
                 && idmap_get(st->participant_ids, pid, info[sc->h_participant].len, &pi);
    if (!known) {
        const char *mfile = st->files[M_TABLE_MARCHES], *pfile = st->files[M_TABLE_PARTICIPANTS];
        const char *cfr = lookup_reason(st->contract_ids, st->contract_rejected, cid, &ci, mfile, true, true, false);
        const char *pfr = lookup_reason(st->participant_ids, st->participant_rejected, pid, &pi, pfile, false, false, false);
        if (cfr || pfr) {
            const char *cen = cfr ? lookup_reason(st->contract_ids, st->contract_rejected, cid, &ci, mfile, true, true, true) : NULL;
            const char *pen = pfr ? lookup_reason(st->participant_ids, st->participant_rejected, pid, &pi, pfile, false, false, true) : NULL;
            const char *fr = cfr && pfr ? rt_sprintf("%s ; %s", cfr, pfr) : cfr ? cfr : pfr;
            const char *en = cen && pen ? rt_sprintf("%s; %s", cen, pen) : cen ? cen : pen;
            add_reject(e, M_TABLE_HEURES, row->line, fr, en);
            return;
        }
    }
    HotParticipant *p = &st->hot[pi];
    Month month = v[sc->h_month].as.month;
    int choice = -1;
    if (sc->h_modality >= 0 && v[sc->h_modality].kind == VAL_TEXT) {
        choice = info ? info[sc->h_modality].choice : -1;
        if (choice < 0)
            choice = choice_index(&m->tables[M_TABLE_HEURES].columns[sc->h_modality], v[sc->h_modality].as.text);
    }
    if (month > e->au_month) {
        not_counted(e, M_TABLE_HEURES, R_AFTER_AU);
        return;
    }
    if (!p->eligible) {
        not_counted(e, M_TABLE_HEURES, R_HOURS_NOT_ELIGIBLE);
        return;
    }
    if (m->elig_months > 0 && month < p->entry) {
        not_counted(e, M_TABLE_HEURES, R_BEFORE_ENTRY);
        return;
    }
    if (m->elig_months > 0 && month >= p->entry + m->elig_months) {
        not_counted(e, M_TABLE_HEURES, R_AFTER_PERIOD);
        return;
    }
    if (choice >= 0 && st->choice_counted && !st->choice_counted[choice]) {
        not_counted(e, M_TABLE_HEURES, R_MODALITY);
        return;
    }
    int cap = choice >= 0 && st->cap_of_choice ? st->cap_of_choice[choice] : -1;
    accumulate(e, ci, cap, v[sc->h_hours], info ? &info[sc->h_hours] : NULL);
    accumulate_month(e, month, v[sc->h_hours], info ? &info[sc->h_hours] : NULL);
    st->lines_counted[ci]++;
    if (!p->active) {
        p->active = true;
        e->active_participants++;
    }
    e->counts[M_TABLE_HEURES].counted++;
}

bool eval_load(EvalRun *e, int table, DataTable *t, DataError *err)
{
    EvalState *st = e->state;
    const TableInfo *info = data_info(t);
    e->files[table].info = info;
    st->files[table] = info->file ? info->file : info->path;
    int nnotes;
    const DataNote *notes = data_notes(t, &nnotes);
    for (int i = 0; i < nnotes; i++) {
        e->notes = rt_realloc(e->notes, sizeof(DataNote) * (size_t)(e->nnotes + 1));
        e->notes[e->nnotes++] = notes[i];
    }
    for (;;) {
        DataRow row;
        DataStatus s = data_next(t, &row, err);
        if (s == DATA_END)
            return true;
        if (s == DATA_FAILED)
            return false;
        e->counts[table].read++;
        if (s == DATA_ROW_REJECTED) {
            add_reject(e, table, row.line, row.reason_fr, row.reason_en);
            if (table == M_TABLE_MARCHES)
                remember_rejected_id(st->contract_ids, st->contract_rejected, &row);
            else if (table == M_TABLE_PARTICIPANTS)
                remember_rejected_id(st->participant_ids, st->participant_rejected, &row);
            continue;
        }
        switch (table) {
        case M_TABLE_MARCHES:      add_contract(e, &row); break;
        case M_TABLE_PARTICIPANTS: add_participant(e, &row); break;
        default:                   add_hours(e, &row); break;
        }
    }
}

/* ---- per-contract results ---------------------------------------------------------------------- */

static void add_article(EvalContract *c, const Prov *p, bool english)
{
    if (!p)
        return;
    const char *label = model_prov_label(p, english);
    if (!label)
        return;
    for (int i = 0; i < c->narticles; i++)
        if (strcmp(c->articles[i], label) == 0)
            return;
    c->articles = rt_realloc(c->articles, sizeof(const char *) * (size_t)(c->narticles + 1));
    c->articles[c->narticles++] = label;
}

/* montant HT × part de main-d'œuvre ÷ coût horaire, exact. */
static mpq_ptr estimated_base(const Model *m, const EvalContract *c)
{
    if (c->family < 0 || !c->amount)
        return NULL;
    const MFamily *f = &m->families[c->family];
    if (!f->has_estimate || mpq_sgn(f->hourly_cost) == 0)
        return NULL;
    mpq_ptr b = new_num();
    mpq_mul(b, c->amount, f->labour_share);
    mpq_div(b, b, f->hourly_cost);
    return b;
}

static NumRounding rounding_of(AstRounding r)
{
    switch (r) {
    case AST_ROUND_UP:   return NUM_ROUND_UP;
    case AST_ROUND_DOWN: return NUM_ROUND_DOWN;
    default:             return NUM_ROUND_NEAREST;
    }
}

/* Sum of every counted hour, capped modalities in full (when no target exists to cap them by). */
static mpq_ptr uncapped_total(const Model *m, const EvalContract *c)
{
    mpq_ptr t = copy_num(c->free_hours);
    for (int k = 0; k < m->ncaps; k++)
        mpq_add(t, t, c->capped[k]);
    return t;
}

static mpq_ptr capped_total(const Model *m, const EvalContract *c, mpq_srcptr target_hours)
{
    mpq_ptr t = copy_num(c->free_hours);
    mpq_t limit;
    mpq_init(limit);
    for (int k = 0; k < m->ncaps; k++) {
        mpq_mul(limit, m->caps[k].share, target_hours);
        mpq_add(t, t, mpq_cmp(c->capped[k], limit) < 0 ? c->capped[k] : limit);
    }
    return t;
}

static void set_note(EvalContract *c, const char *fr, const char *en)
{
    c->note_fr = fr;
    c->note_en = en;
}

static void decide_without_target(const Model *m, EvalContract *c, EvalStatus status)
{
    c->status = status;
    c->counted = uncapped_total(m, c);
}

static void finish_contract(EvalRun *e, EvalContract *c)
{
    const Model *m = e->model;
    const EvalResolution *res = c->res;
    if (res->conflict[0]) {
        add_article(c, &res->conflict[0]->prov, e->english);
        add_article(c, &res->conflict[1]->prov, e->english);
        set_note(c, res->conflict_on_threshold ? "deux règles de même rang fixent le seuil"
                                               : "deux règles de même rang fixent l'objectif",
                 res->conflict_on_threshold ? "two rules of equal rank set the threshold"
                                            : "two rules of equal rank set the target");
        decide_without_target(m, c, EVAL_CONFLIT);
        return;
    }
    const MRule *tr = res->target, *sr = res->threshold;
    if (tr) {
        c->kind = tr->kind;
        add_article(c, &tr->target_prov, e->english);
        if (tr->kind == M_TARGET_FIXED_HOURS)
            c->fixed = copy_num(tr->target);
        else
            c->rate = copy_num(tr->target);
    }
    if (sr) {
        c->threshold = copy_num(sr->threshold);
        add_article(c, &sr->threshold_prov, e->english);
    }
    c->base = c->hours_worked ? copy_num(c->hours_worked) : estimated_base(m, c);
    c->base_estimated = !c->hours_worked && c->base;

    if (c->threshold && c->amount && mpq_cmp(c->amount, c->threshold) < 0) {
        c->status = EVAL_NON_SOUMIS;
        c->target_hours = new_num();
    } else if (!tr) {
        set_note(c, "aucune règle ne fixe d'objectif pour ce marché",
                 "no rule sets a target for this contract");
        decide_without_target(m, c, EVAL_SANS_OBJECTIF);
        return;
    } else if (tr->kind == M_TARGET_SHARE_HIRES) {
        set_note(c, "objectif en part des embauches : non évaluable sur les heures",
                 "target as a share of hires: cannot be evaluated from hours");
        decide_without_target(m, c, EVAL_SANS_OBJECTIF);
        return;
    } else if (tr->kind == M_TARGET_SHARE_HOURS && !c->base) {
        set_note(c, "heures travaillées non déclarées et famille sans paramètres d'estimation",
                 "hours worked not reported and the family has no estimate parameters");
        decide_without_target(m, c, EVAL_SANS_BASE);
        return;
    } else {
        c->target_hours = new_num();
        if (tr->kind == M_TARGET_FIXED_HOURS)
            mpq_set(c->target_hours, tr->target);
        else
            mpq_mul(c->target_hours, tr->target, c->base);
        if (m->has_rounding) {
            mpq_t one;
            mpq_init(one);
            mpq_set_ui(one, 1, 1);
            num_round_to(c->target_hours, c->target_hours, one, rounding_of(m->rounding));
        }
    }
    c->counted = capped_total(m, c, c->target_hours);
    c->gap = new_num();
    mpq_sub(c->gap, c->counted, c->target_hours);
    if (c->status != EVAL_NON_SOUMIS)
        c->status = mpq_cmp(c->counted, c->target_hours) >= 0 ? EVAL_ATTEINT : EVAL_NON_ATTEINT;
}

static int compare_contracts(const void *a, const void *b)
{
    const EvalContract *x = *(const EvalContract *const *)a, *y = *(const EvalContract *const *)b;
    return strcmp(x->id, y->id);
}

static int compare_rejects(const void *a, const void *b)
{
    const EvalReject *x = a, *y = b;
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    if (c)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

static int compare_reasons(const void *a, const void *b)
{
    return strcmp(((const EvalReason *)a)->code, ((const EvalReason *)b)->code);
}

/* ---- aggregates ------------------------------------------------------------------------------- */

static void aggregate_init(EvalAggregate *a, const char *key)
{
    a->key = key;
    a->target_hours = new_num();
    a->counted_hours = new_num();
}

static void aggregate_add(EvalAggregate *a, const EvalContract *c)
{
    a->contracts++;
    if (c->status != EVAL_ATTEINT && c->status != EVAL_NON_ATTEINT)
        return;
    a->subject++;
    a->met += c->status == EVAL_ATTEINT;
    mpq_add(a->target_hours, a->target_hours, c->target_hours);
    mpq_add(a->counted_hours, a->counted_hours, c->counted);
}

static void aggregate_close(EvalAggregate *a)
{
    if (mpq_sgn(a->target_hours) > 0) {
        a->rate = new_num();
        mpq_div(a->rate, a->counted_hours, a->target_hours);
    }
}

static void aggregate_all(EvalRun *e)
{
    aggregate_init(&e->all, "");
    for (int i = 0; i < e->ncontracts; i++) {
        aggregate_add(&e->all, e->contracts[i]);
        e->by_status[e->contracts[i]->status]++;
    }
    aggregate_close(&e->all);
}

static void aggregate_by_category(EvalRun *e)
{
    const Model *m = e->model;
    EvalAggregate *all = RT_NEW_ARRAY(EvalAggregate, m->ncategories + 1);
    for (int k = 0; k < m->ncategories; k++) {
        aggregate_init(&all[k], m->categories[k].id);
        all[k].name = m->categories[k].name;
    }
    for (int i = 0; i < e->ncontracts; i++) {
        int f = e->contracts[i]->family;
        int k = f >= 0 ? m->families[f].category : -1;
        if (k >= 0 && k < m->ncategories)
            aggregate_add(&all[k], e->contracts[i]);
    }
    e->by_category = RT_NEW_ARRAY(EvalAggregate, m->ncategories + 1);
    for (int k = 0; k < m->ncategories; k++)
        if (all[k].contracts > 0) {
            aggregate_close(&all[k]);
            e->by_category[e->nby_category++] = all[k];
        }
}

static void aggregate_by_family(EvalRun *e)
{
    const Model *m = e->model;
    EvalAggregate *all = RT_NEW_ARRAY(EvalAggregate, m->nfamilies + 1);
    for (int f = 0; f < m->nfamilies; f++)
        aggregate_init(&all[f], m->families[f].id);
    for (int i = 0; i < e->ncontracts; i++)
        if (e->contracts[i]->family >= 0)
            aggregate_add(&all[e->contracts[i]->family], e->contracts[i]);
    e->by_family = RT_NEW_ARRAY(EvalAggregate, m->nfamilies + 1);
    for (int f = 0; f < m->nfamilies; f++)
        if (all[f].contracts > 0) {
            aggregate_close(&all[f]);
            e->by_family[e->nby_family++] = all[f];
        }
}

/* Scopes in tree order: each scope followed by the scopes inside it, in declaration order. */
static void visit_scope(const Model *m, int s, EvalAggregate *all, EvalRun *e)
{
    if (all[s].contracts > 0) {
        aggregate_close(&all[s]);
        e->by_scope[e->nby_scope++] = all[s];
    }
    for (int child = 0; child < m->nscopes; child++)
        if (m->scopes[child].parent == s && child != s)
            visit_scope(m, child, all, e);
}

static void aggregate_by_scope(EvalRun *e)
{
    const Model *m = e->model;
    EvalAggregate *all = RT_NEW_ARRAY(EvalAggregate, m->nscopes + 1);
    for (int s = 0; s < m->nscopes; s++) {
        aggregate_init(&all[s], m->scopes[s].id);
        all[s].name = m->scopes[s].name;
        all[s].depth = m->scopes[s].depth;
    }
    for (int i = 0; i < e->ncontracts; i++) {
        /* A contract counts for its scope and every scope it lies inside. */
        int guard = 0;
        for (int s = e->contracts[i]->scope; s >= 0 && guard <= m->nscopes; s = m->scopes[s].parent, guard++)
            aggregate_add(&all[s], e->contracts[i]);
    }
    e->by_scope = RT_NEW_ARRAY(EvalAggregate, m->nscopes + 1);
    for (int s = 0; s < m->nscopes; s++)
        if (m->scopes[s].parent < 0)
            visit_scope(m, s, all, e);
}

static int compare_aggregates(const void *a, const void *b)
{
    return strcmp(((const EvalAggregate *)a)->key, ((const EvalAggregate *)b)->key);
}

static void aggregate_by_owner(EvalRun *e)
{
    IdMap *owners = idmap_new(64);
    e->by_owner = RT_NEW_ARRAY(EvalAggregate, e->ncontracts + 1);
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        const char *owner = c->owner ? c->owner : "";
        int k;
        if (!idmap_get(owners, owner, strlen(owner), &k)) {
            k = e->nby_owner++;
            idmap_put(owners, owner, strlen(owner), k);
            aggregate_init(&e->by_owner[k], idmap_key(owners, owner, strlen(owner)));
        }
        aggregate_add(&e->by_owner[k], c);
    }
    for (int k = 0; k < e->nby_owner; k++)
        aggregate_close(&e->by_owner[k]);
    sort(e->by_owner, (size_t)e->nby_owner, sizeof(EvalAggregate), compare_aggregates);
}

/* ---- indicators and statistical secrecy ---------------------------------------------------------- */

/*
** Suppression (docs/evaluation.md): a cell of fewer than k persons is secret
** (primary); a total under k is secret and so is every cell under it; when a
** breakdown shown with its total has exactly one secret cell, the smallest
** other cell is made secret too (secondary), so that no subtraction recovers
** the first one.
*/
static void suppress(EvalCell *cells, int n, EvalCell *total, long k)
{
    if (total->count < k)
        total->secret = true;
    int secret = 0;
    for (int i = 0; i < n; i++) {
        if (cells[i].count < k || total->secret)
            cells[i].secret = true;
        secret += cells[i].secret;
    }
    if (total->secret || secret != 1)
        return;
    int smallest = -1;
    for (int i = 0; i < n; i++)
        if (!cells[i].secret && (smallest < 0 || cells[i].count < cells[smallest].count))
            smallest = i;
    if (smallest >= 0)
        cells[smallest].secret = true;
}

static mpq_ptr ratio(long num, long den)
{
    if (den <= 0)
        return NULL;
    mpq_ptr q = new_num();
    mpq_set_si(q, num, (unsigned long)den);
    mpq_canonicalize(q);
    return q;
}

typedef struct Category {
    const char *label;
    const char *name;
    int public_index;       /* -1 for a column category */
} Category;

static int compare_labels(const void *a, const void *b)
{
    const Category *x = a, *y = b;
    if (!x->label || !y->label)
        return (x->label == NULL) - (y->label == NULL);   /* "not given" last */
    return strcmp(x->label, y->label);
}

/* The categories of a breakdown, in a stable order: publics and choices as
** declared, booleans oui/non, other values sorted, "not given" last. */
static Category *categories_of(const EvalRun *e, int ind, int *count, bool *declared)
{
    const Model *m = e->model;
    const MIndicator *d = &m->indicators[ind];
    Category *cats;
    int n = 0;
    *declared = true;
    if (d->by_column < 0) {
        cats = RT_NEW_ARRAY(Category, m->npublics + 1);
        for (int i = 0; i < m->npublics; i++)
            cats[n++] = (Category){ m->publics[i].id, m->publics[i].name, i };
        *count = n;
        return cats;
    }
    const MColumn *col = &m->tables[M_TABLE_PARTICIPANTS].columns[d->by_column];
    bool has_null = false;
    for (int i = 0; i < e->nparticipants; i++) {
        const EvalParticipant *p = e->participants[i];
        if (p->active && p->where[ind] && !p->by_label[ind])
            has_null = true;
    }
    if (col->type == M_COL_CHOICE || col->type == M_COL_BOOL) {
        int nc = col->type == M_COL_BOOL ? 2 : col->nchoices;
        cats = RT_NEW_ARRAY(Category, nc + 2);
        for (int i = 0; i < nc; i++)
            cats[n++] = (Category){ col->type == M_COL_BOOL ? (i ? "non" : "oui") : col->choices[i], NULL, -1 };
    } else {
        /* Free values: only those met, and they are data, so a secret one is never named. */
        *declared = false;
        IdMap *seen = idmap_new(16);
        cats = RT_NEW_ARRAY(Category, e->nparticipants + 2);
        for (int i = 0; i < e->nparticipants; i++) {
            const EvalParticipant *p = e->participants[i];
            const char *l = p->by_label[ind];
            int dummy;
            if (p->active && p->where[ind] && l && !idmap_get(seen, l, strlen(l), &dummy)) {
                idmap_put(seen, l, strlen(l), 0);
                cats[n++] = (Category){ l, NULL, -1 };
            }
        }
        sort(cats, (size_t)n, sizeof(Category), compare_labels);
    }
    if (has_null)
        cats[n++] = (Category){ NULL, NULL, -1 };
    *count = n;
    return cats;
}

static bool in_category(const EvalParticipant *p, int ind, const Category *c)
{
    if (c->public_index >= 0)
        return p->publics[c->public_index];
    const char *l = p->by_label[ind];
    if (!c->label || !l)
        return !c->label && !l;
    return l == c->label || strcmp(l, c->label) == 0;
}

/* Free-valued categories that are secret are folded into one unnamed cell. */
static void fold_secret_cells(EvalIndicator *ind)
{
    int w = 0;
    bool folded = false;
    long folded_count = 0;
    for (int i = 0; i < ind->ncells; i++) {
        if (ind->cells[i].secret) {
            folded = true;
            folded_count += ind->cells[i].count;
            continue;
        }
        ind->cells[w++] = ind->cells[i];
    }
    if (folded)
        ind->cells[w++] = (EvalCell){ .label = NULL, .count = folded_count, .secret = true };
    ind->ncells = w;
}

static void evaluate_indicator(EvalRun *e, int i, EvalIndicator *out)
{
    const Model *m = e->model;
    const MIndicator *d = &m->indicators[i];
    long k = m->secrecy_k > 0 ? m->secrecy_k : 1;
    long population = 0, matching = 0;
    for (int j = 0; j < e->nparticipants; j++) {
        const EvalParticipant *p = e->participants[j];
        if (!p->active)
            continue;
        population++;
        matching += p->where[i];
    }
    out->decl = d;
    bool share = d->kind == AST_IND_SHARE;
    bool breakdown = d->by && (d->by_column >= 0 || strcmp(d->by, "public") == 0);
    out->total = (EvalCell){ .count = matching, .base = population };
    if (share)
        out->total.share = ratio(matching, population);
    /* The population is printed: a filter's complement is a cell too. */
    if (matching < k || (d->where && population - matching < k) || population < k)
        out->total.secret = true;
    if (breakdown) {
        bool declared;
        Category *cats = categories_of(e, i, &out->ncells, &declared);
        out->cells = RT_NEW_ARRAY(EvalCell, out->ncells + 1);
        for (int c = 0; c < out->ncells; c++) {
            EvalCell *cell = &out->cells[c];
            cell->label = cats[c].label;
            cell->name = cats[c].name;
            long in = 0, base = 0;
            for (int j = 0; j < e->nparticipants; j++) {
                const EvalParticipant *p = e->participants[j];
                if (!p->active || !in_category(p, i, &cats[c]))
                    continue;
                base++;
                in += p->where[i];
            }
            cell->count = in;
            if (share && d->where) {
                /* Share of the filter within the category: its complement is a cell too. */
                cell->base = base;
                cell->share = ratio(in, base);
                cell->secret = base - in < k;
            } else if (share) {
                cell->base = matching;
                cell->share = ratio(in, matching);
            }
        }
        EvalCell total = out->total;
        total.secret = out->total.secret;
        bool *preset = rt_alloc_atomic(sizeof(bool) * (size_t)(out->ncells + 1));
        for (int c = 0; c < out->ncells; c++)
            preset[c] = out->cells[c].secret;
        suppress(out->cells, out->ncells, &total, k);
        for (int c = 0; c < out->ncells; c++)
            out->cells[c].secret = out->cells[c].secret || preset[c];
        if (!declared)
            fold_secret_cells(out);
    }
    if (d->has_target && !out->total.secret) {
        out->has_target = true;
        if (share)
            out->target_met = out->total.share && mpq_cmp(out->total.share, d->target) >= 0;
        else {
            mpq_t count;
            mpq_init(count);
            mpq_set_si(count, matching, 1);
            out->target_met = mpq_cmp(count, d->target) >= 0;
        }
    } else {
        out->has_target = d->has_target;
    }
}

/* ---- closing ---------------------------------------------------------------------------------- */

void eval_finish(EvalRun *e)
{
    flush_sums(e);
    close_months(e);
    for (int i = 0; i < e->ncontracts; i++)
        finish_contract(e, e->contracts[i]);
    sort(e->contracts, (size_t)e->ncontracts, sizeof(EvalContract *), compare_contracts);
    /* Ids were indices in load order; after sorting, look them up again. */
    for (int i = 0; i < e->ncontracts; i++)
        idmap_put(e->state->contract_ids, e->contracts[i]->id, strlen(e->contracts[i]->id), i);
    sort(e->rejects, (size_t)e->nrejects, sizeof(EvalReject), compare_rejects);
    for (int t = 0; t < 3; t++)
        sort(e->reasons[t], (size_t)e->nreasons[t], sizeof(EvalReason), compare_reasons);
    aggregate_all(e);
    aggregate_by_category(e);
    aggregate_by_family(e);
    aggregate_by_scope(e);
    aggregate_by_owner(e);
    e->nindicators = e->model->nindicators;
    e->indicators = RT_NEW_ARRAY(EvalIndicator, e->nindicators + 1);
    for (int i = 0; i < e->nindicators; i++)
        evaluate_indicator(e, i, &e->indicators[i]);
}

const EvalContract *eval_contract(const EvalRun *e, const char *id)
{
    int i;
    if (!idmap_get(e->state->contract_ids, id, strlen(id), &i))
        return NULL;
    return e->contracts[i];
}
