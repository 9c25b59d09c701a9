/* runtime/eval_hires.c: targets as a share of hires: reading the embauches rows, pooling them by target, status and gap; scopes a local row may use. */
#include "eval_impl.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "utf8.h"

/*
** A target of hires is assessed pooled at its scope (docs/evaluation.md): its
** denominator is every hire of its scope and the scopes inside it, of its
** nature (and of its owner when the rule names one), dated in the charter's
** period and up to the evaluation date; its numerator the hires that went to
** a participant eligible at the hire date. Targets are independent: a hire
** of a project counts for the project's target and for the metropolis'.
** Each hire adds to the target the rate in force at its date, exactly.
*/

typedef struct EvalHiresState {
    const char **owner_keys;  /* per target: utf8_key of its owner, NULL for every owner */
    long *scope_hires, *scope_eligible;   /* per scope: the hires dated in it (not below) */
    long *scope_period_hires, *scope_period_eligible;   /* the same, of the hires in the period (EvalRun.since) */
    IdMap *owners;            /* owner → index in e->hires_by_owner */
    Utf8Keys *keys_of;        /* the keys of owners and natures, once per spelling */
    IdMap *natures;           /* a nature as written → its index in the natures (nature_index), -1 unknown */
} EvalHiresState;

const char *eval_hires_status_id(EvalHiresStatus s)
{
    switch (s) {
    case EVAL_HIRES_ATTEINT:        return "atteint";
    case EVAL_HIRES_NON_ATTEINT:    return "non_atteint";
    case EVAL_HIRES_SANS_EMBAUCHES: return "sans_embauches";
    case EVAL_HIRES_SANS_DONNEES:   return "sans_donnees";
    }
    return "?";
}

const char *eval_hires_status_label(EvalHiresStatus s, bool english)
{
    switch (s) {
    case EVAL_HIRES_ATTEINT:        return english ? "met" : "atteint";
    case EVAL_HIRES_NON_ATTEINT:    return english ? "not met" : "non atteint";
    case EVAL_HIRES_SANS_EMBAUCHES: return english ? "no hires" : "sans embauches";
    case EVAL_HIRES_SANS_DONNEES:   return english ? "no hires file" : "sans fichier embauches";
    }
    return "?";
}

/* The national charter's scopes (and any scope of its level) hold no row of a
** local charter: a local row names one of the scopes its charter declares. */
const Say *eval_foreign_scope(const Model *m, int scope, const char *column)
{
    if (scope < 0)
        return NULL;
    const MScope *s = &m->scopes[scope];
    const Source *src = s->prov.src;
    bool national = s->level == AST_LEVEL_NATIONAL
                    || (src && !src->path && src->name && strncmp(src->name, "<stdlib>", 8) == 0);
    if (!national)
        return NULL;
    Say *why = RT_NEW(Say);
    *why = SAYF(("%s « %s » : périmètre de la charte nationale, pas un périmètre de la charte locale",
                 column, s->id),
                ("%s %s: a scope of the national charter, not one of the local charter's", column, say_q_en(s->id)));
    return why;
}

/* ---- targets -------------------------------------------------------------------------------- */

static int compare_rules_by_date(const void *a, const void *b)
{
    const MRule *x = *(const MRule *const *)a, *y = *(const MRule *const *)b;
    return (x->from > y->from) - (x->from < y->from);
}

/* A count per scope, zero. */
static long *zero_per_scope(const Model *m)
{
    long *n = rt_alloc_atomic(sizeof(long) * (size_t)(m->nscopes + 1));
    memset(n, 0, sizeof(long) * (size_t)(m->nscopes + 1));
    return n;
}

void eval_hires_prepare(EvalRun *e)
{
    const Model *m = e->model;
    EvalHiresState *hs = RT_NEW(EvalHiresState);
    e->state->hires = hs;
    MHiresTarget *targets;
    e->nhires = model_hires_targets(m, &targets);
    e->hires = RT_NEW_ARRAY(EvalHiresTarget, e->nhires + 1);
    for (int k = 0; k < e->nhires; k++) {
        const MRule *first = targets[k].rules[0];
        e->hires[k] = (EvalHiresTarget){ .scope = first->scope, .owner = first->owner, .nature = first->nature,
                                         .rules = targets[k].rules, .nrules = targets[k].nrules,
                                         .target = eval_new_num() };
    }
    hs->owner_keys = RT_NEW_ARRAY(const char *, e->nhires + 1);
    for (int k = 0; k < e->nhires; k++) {
        EvalHiresTarget *t = &e->hires[k];
        eval_sort(t->rules, (size_t)t->nrules, sizeof(const MRule *), compare_rules_by_date);
        if (t->owner)
            hs->owner_keys[k] = utf8_key(t->owner, strlen(t->owner));
    }
    hs->scope_hires = zero_per_scope(m);
    hs->scope_eligible = zero_per_scope(m);
    hs->scope_period_hires = zero_per_scope(m);
    hs->scope_period_eligible = zero_per_scope(m);
    hs->owners = idmap_new(32);
    hs->keys_of = utf8_keys_new();
    hs->natures = idmap_new(16);
}

/* The rule of a target in force at a date: the latest whose date has come. */
static const MRule *rule_at(const EvalHiresTarget *t, Date d)
{
    const MRule *in_force = NULL;
    for (int i = 0; i < t->nrules; i++)
        if (t->rules[i]->from == DATE_NONE || (d != DATE_NONE && t->rules[i]->from <= d))
            in_force = t->rules[i];
    return in_force;
}

/* ---- one hire -------------------------------------------------------------------------------- */

/* The nature as declared, matched as families are: exactly, or case- and
** accent-blind. Its index among the families, then the national natures
** (after Model.nfamilies); -1 when unknown. */
static int nature_index(const Model *m, Utf8Keys *keys, const char *text)
{
    const char *key = utf8_keys_get(keys, text, strlen(text));
    for (int i = 0; i < m->nfamilies; i++)
        if (strcmp(m->families[i].id, text) == 0
            || strcmp(utf8_keys_get(keys, m->families[i].id, strlen(m->families[i].id)), key) == 0)
            return i;
    for (int i = 0; i < MODEL_NHIRE_NATURES; i++)
        if (strcmp(model_hire_natures[i], text) == 0
            || strcmp(utf8_keys_get(keys, model_hire_natures[i], strlen(model_hire_natures[i])), key) == 0)
            return m->nfamilies + i;
    return -1;
}

/* The nature's id (a family's or a national nature's), NULL when unknown; each
** spelling is matched once per run, since a national nature comes after every
** family's key. */
static const char *nature_of(const Model *m, EvalHiresState *hs, const char *text)
{
    size_t n = strlen(text);
    int k;
    if (!idmap_get(hs->natures, text, n, &k)) {
        k = nature_index(m, hs->keys_of, text);
        idmap_put(hs->natures, text, n, k);
    }
    if (k < 0)
        return NULL;
    return k < m->nfamilies ? m->families[k].id : model_hire_natures[k - m->nfamilies];
}

static const char *natures_list(const Model *m)
{
    const char *s = "";
    for (int i = 0; i < m->nfamilies; i++)
        s = rt_sprintf("%s%s, ", s, m->families[i].id);
    return rt_sprintf("%s%s, %s, %s", s, model_hire_natures[0], model_hire_natures[1], model_hire_natures[2]);
}

/* Why a hire row cannot be read as a hire, NULL when it can. */
static const Say *invalid_hire(EvalRun *e, const Value *v, int scope, const char *nature, int *participant)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    EvalState *st = e->state;
    Say *why = RT_NEW(Say);
    const char *id = v[sc->e_id].as.text;
    int first;
    if (idmap_get(st->hire_ids, id, strlen(id), &first)) {
        *why = SAYF(("embauche « %s » en double (déjà lue ligne %d)", id, first),
                    ("duplicate hire %s (already read on line %d)", say_q_en(id), first));
        return why;
    }
    const Say *foreign = eval_foreign_scope(m, scope, "perimetre");
    if (foreign)
        return foreign;
    if (!nature) {
        const char *list = natures_list(m);
        *why = SAYF(("nature inconnue « %s » (natures : %s)", v[sc->e_nature].as.text, list),
                    ("unknown nature %s (natures: %s)", say_q_en(v[sc->e_nature].as.text), list));
        return why;
    }
    const char *cid = sc->e_contract >= 0 ? eval_text_or_null(v[sc->e_contract]) : NULL;
    int index, late;
    if (cid && !idmap_get(st->contract_late, cid, strlen(cid), &late)) {
        const char *fr = eval_hours_lookup_reason(st->contract_ids, st->contract_rejected, cid, &index,
                                                  st->files[M_TABLE_MARCHES], true, true, false);
        if (fr) {
            *why = say(fr, eval_hours_lookup_reason(st->contract_ids, st->contract_rejected, cid, &index,
                                                    st->files[M_TABLE_MARCHES], true, true, true));
            return why;
        }
    }
    const char *pid = sc->e_participant >= 0 ? eval_text_or_null(v[sc->e_participant]) : NULL;
    if (pid) {
        const char *fr = eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, participant,
                                                  st->files[M_TABLE_PARTICIPANTS], false, false, false);
        if (fr) {
            *why = say(fr, eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, participant,
                                                    st->files[M_TABLE_PARTICIPANTS], false, false, true));
            return why;
        }
    }
    return NULL;
}

/* Eligible at the hire date: eligible (judged at entry, as for hours), and the
** hire's month inside the eligibility period when the charter limits it. */
static bool eligible_at(const EvalRun *e, int participant, Date d)
{
    if (participant < 0)
        return false;
    const EvalHotParticipant *p = &e->state->hot[participant];
    Month month = date_month(d);
    int limit = e->model->elig_months;
    return p->eligible && (limit == 0 || (month >= p->entry && month < p->entry + limit));
}

/* Owners are grouped as the contracts' totals group them, case- and accent-blind,
** under the spelling of their first hire in data order. */
static void count_by_owner(EvalRun *e, const char *owner, bool eligible, bool in_period)
{
    EvalHiresState *hs = e->state->hires;
    const char *key = utf8_keys_get(hs->keys_of, owner, strlen(owner));
    int k;
    if (!idmap_get(hs->owners, key, strlen(key), &k)) {
        k = e->nhires_by_owner;
        RT_GROW(e->hires_by_owner, e->nhires_by_owner);
        idmap_put(hs->owners, key, strlen(key), k);
        e->hires_by_owner[e->nhires_by_owner++] = (EvalHiresAggregate){ .key = rt_strdup(owner) };
    }
    e->hires_by_owner[k].hires++;
    e->hires_by_owner[k].eligible += eligible;
    e->hires_by_owner[k].period_hires += in_period;
    e->hires_by_owner[k].period_eligible += in_period && eligible;
}

/* A hire of this scope, owner and nature is one of target k's: its nature, a
** scope inside the target's, and its owner when the target names one. */
static bool of_target(const EvalRun *e, int k, int scope, const char *owner, const char *nature)
{
    const EvalHiresTarget *t = &e->hires[k];
    EvalHiresState *hs = e->state->hires;
    if (t->nature != nature || !model_scope_within(e->model, scope, t->scope))
        return false;
    return !hs->owner_keys[k] || strcmp(utf8_keys_get(hs->keys_of, owner, strlen(owner)), hs->owner_keys[k]) == 0;
}

/* Whether a hire dated d is assessed at all: EVAL_R_COUNT, or why not. */
static EvalReasonCode hire_dated(const EvalRun *e, Date d)
{
    const Model *m = e->model;
    if (d > e->au)
        return EVAL_R_HIRE_AFTER_AU;
    if (model_period_side(m, d) != MODEL_IN_PERIOD)
        return EVAL_R_HIRE_OUT_OF_PERIOD;
    return EVAL_R_COUNT;
}

static void pool(EvalRun *e, int scope, const char *owner, const char *nature, Date d, bool eligible, bool in_period)
{
    for (int k = 0; k < e->nhires; k++) {
        EvalHiresTarget *t = &e->hires[k];
        if (!of_target(e, k, scope, owner, nature))
            continue;
        const MRule *r = rule_at(t, d);
        if (!r)
            continue;
        t->hires++;
        t->eligible += eligible;
        mpq_add(t->target, t->target, r->target);
        if (in_period) {
            t->period_hires++;
            t->period_eligible += eligible;
            mpq_add(t->period_target, t->period_target, r->target);
        }
    }
}

void eval_hires_add(EvalRun *e, const DataRow *row)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    EvalState *st = e->state;
    const Value *v = row->values;
    int scope = model_scope_index(m, v[sc->e_scope].as.text);
    const char *nature = nature_of(m, st->hires, v[sc->e_nature].as.text);
    int participant = -1;
    const Say *why = invalid_hire(e, v, scope, nature, &participant);
    if (why) {
        eval_add_reject(e, M_TABLE_EMBAUCHES, row->line, *why);
        return;
    }
    const char *id = v[sc->e_id].as.text;
    idmap_put(st->hire_ids, id, strlen(id), (int)(row->line > 0x7fffffffL ? 0x7fffffffL : row->line));
    Date d = v[sc->e_date].as.date;
    EvalReasonCode dated = hire_dated(e, d);
    if (dated != EVAL_R_COUNT) {
        eval_not_counted(e, M_TABLE_EMBAUCHES, dated);
        return;
    }
    bool eligible = eligible_at(e, participant, d);
    /* Not counted at the day before the period: the period's (eval_period.c). */
    bool in_period = e->since != DATE_NONE && d >= e->since;
    const char *owner = v[sc->e_owner].as.text;
    pool(e, scope, owner, nature, d, eligible, in_period);
    EvalHiresState *hs = st->hires;
    hs->scope_hires[scope]++;
    hs->scope_eligible[scope] += eligible;
    hs->scope_period_hires[scope] += in_period;
    hs->scope_period_eligible[scope] += in_period && eligible;
    count_by_owner(e, owner, eligible, in_period);
    e->hires_all.hires++;
    e->hires_all.eligible += eligible;
    e->hires_all.period_hires += in_period;
    e->hires_all.period_eligible += in_period && eligible;
    e->counts[M_TABLE_EMBAUCHES].counted++;
}

/* ---- one hire, again, for explain ---------------------------------------------------------------- */

EvalHireVerdict eval_hires_judge(const EvalRun *e, int k, const DataRow *row, const MRule **rule, int *participant)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    const EvalState *st = e->state;
    const Value *v = row->values;
    int scope = model_scope_index(m, v[sc->e_scope].as.text);
    const char *nature = nature_of(m, st->hires, v[sc->e_nature].as.text);
    if (scope < 0 || !nature || !of_target(e, k, scope, v[sc->e_owner].as.text, nature))
        return EVAL_HIRE_OTHER;
    Date d = v[sc->e_date].as.date;
    EvalReasonCode dated = hire_dated(e, d);
    if (dated != EVAL_R_COUNT)
        return dated == EVAL_R_HIRE_AFTER_AU ? EVAL_HIRE_AFTER_AU : EVAL_HIRE_OUT_OF_PERIOD;
    *rule = rule_at(&e->hires[k], d);
    if (!*rule)
        return EVAL_HIRE_NO_RULE;
    const char *pid = sc->e_participant >= 0 ? eval_text_or_null(v[sc->e_participant]) : NULL;
    *participant = -1;
    if (pid)
        idmap_get(st->participant_ids, pid, strlen(pid), participant);
    return eligible_at(e, *participant, d) ? EVAL_HIRE_ELIGIBLE : EVAL_HIRE_NOT_ELIGIBLE;
}

/* ---- closing -------------------------------------------------------------------------------- */

static void close_share(EvalHiresAggregate *a)
{
    if (a->hires > 0) {
        a->share = eval_new_num();
        mpq_set_si(a->share, a->eligible, (unsigned long)a->hires);
        mpq_canonicalize(a->share);
    }
}

static void close_target(EvalRun *e, EvalHiresTarget *t)
{
    for (int i = 0; i < t->nrules; i++) {
        const char *label = model_prov_label(&t->rules[i]->target_prov, e->english);
        RT_GROW(t->articles, t->narticles);
        t->articles[t->narticles++] = label;
    }
    const MRule *now = rule_at(t, e->au);
    if (now)
        t->rate = eval_copy_num(now->target);
    t->gap = eval_new_num();
    if (!e->files[M_TABLE_EMBAUCHES].info) {
        t->status = EVAL_HIRES_SANS_DONNEES;
        t->gap = NULL;
        return;
    }
    if (t->hires == 0) {
        t->status = EVAL_HIRES_SANS_EMBAUCHES;
        return;
    }
    t->share = eval_new_num();
    mpq_set_si(t->share, t->eligible, (unsigned long)t->hires);
    mpq_canonicalize(t->share);
    mpq_set_si(t->gap, t->eligible, 1);
    mpq_sub(t->gap, t->gap, t->target);
    t->status = mpq_sgn(t->gap) >= 0 ? EVAL_HIRES_ATTEINT : EVAL_HIRES_NON_ATTEINT;
}

static int compare_owners(const void *a, const void *b)
{
    return strcmp(((const EvalHiresAggregate *)a)->key, ((const EvalHiresAggregate *)b)->key);
}

static int compare_late(const void *a, const void *b)
{
    return strcmp(((const EvalLateContract *)a)->id, ((const EvalLateContract *)b)->id);
}

/* Per scope, the counts of the scope and of every scope inside it. */
static long *within_scopes(const Model *m, const long *own)
{
    long *n = zero_per_scope(m);
    for (int s = 0; s < m->nscopes; s++) {
        int guard = 0;
        for (int a = s; a >= 0 && guard <= m->nscopes; a = m->scopes[a].parent, guard++)
            n[a] += own[s];
    }
    return n;
}

void eval_hires_finish(EvalRun *e)
{
    const Model *m = e->model;
    EvalHiresState *hs = e->state->hires;
    eval_sort(e->late, (size_t)e->nlate, sizeof(EvalLateContract), compare_late);
    for (int k = 0; k < e->nhires; k++)
        close_target(e, &e->hires[k]);
    close_share(&e->hires_all);
    long *hires = within_scopes(m, hs->scope_hires), *eligible = within_scopes(m, hs->scope_eligible);
    long *period_hires = within_scopes(m, hs->scope_period_hires);
    long *period_eligible = within_scopes(m, hs->scope_period_eligible);
    /* The scopes in tree order, as the contracts' aggregates; a scope counts the hires inside it. */
    e->hires_by_scope = RT_NEW_ARRAY(EvalHiresAggregate, m->nscopes + 1);
    int *order = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    int norder = model_scopes_in_tree_order(m, order);
    for (int k = 0; k < norder; k++) {
        int s = order[k];
        if (hires[s] > 0) {
            EvalHiresAggregate *a = &e->hires_by_scope[e->nhires_by_scope++];
            *a = (EvalHiresAggregate){ m->scopes[s].id, m->scopes[s].name, m->scopes[s].depth, hires[s], eligible[s], NULL,
                                       period_hires[s], period_eligible[s] };
            close_share(a);
        }
    }
    for (int k = 0; k < e->nhires_by_owner; k++)
        close_share(&e->hires_by_owner[k]);
    eval_sort(e->hires_by_owner, (size_t)e->nhires_by_owner, sizeof(EvalHiresAggregate), compare_owners);
}
