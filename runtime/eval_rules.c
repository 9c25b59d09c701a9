/* runtime/eval_rules.c: which rules apply to a contract (owner, scope, family, amendments in force), by class. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- rule resolution ---------------------------------------------------------------------- */

static bool owner_matches(const char *rule_owner, const char *owner)
{
    return !rule_owner || (owner && model_same_owner(rule_owner, owner));
}

static bool rule_in_force(const MRule *r, Date notified)
{
    return r->from == DATE_NONE || (notified != DATE_NONE && r->from <= notified);
}

EvalRuleFit eval_rules_fit(const Model *m, const MRule *r, int family, int scope, const char *owner, Date notified)
{
    if (r->family != family)
        return EVAL_RULE_OTHER_FAMILY;
    if (!model_scope_within(m, scope, r->scope))
        return EVAL_RULE_OUT_OF_SCOPE;
    if (!owner_matches(r->owner, owner))
        return EVAL_RULE_OTHER_OWNER;
    if (!rule_in_force(r, notified))
        return EVAL_RULE_NOT_IN_FORCE;
    return EVAL_RULE_CANDIDATE;
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

/* A target of hires is assessed over its scope's hires (eval_hires.c), not on
** a contract's hours: it never competes with an hours target. */
typedef enum { FIELD_TARGET, FIELD_THRESHOLD, FIELD_HIRES } RuleField;

static bool sets_field(const MRule *r, RuleField field)
{
    switch (field) {
    case FIELD_THRESHOLD: return r->has_threshold;
    case FIELD_HIRES:     return model_rule_is_hires(r);
    default:              return r->has_target && !model_rule_is_hires(r);
    }
}

/* The rules a resolution looks at: those of the family on the scope's chain
** (model_rules_on_chain), in the charter's order, which decides ties and the
** order in which a conflict names its rules. */
typedef struct Chain {
    const int *rules;
    int n;
} Chain;

/* Resolves one field; on a conflict fills pair and returns NULL. */
static const MRule *resolve_field(const Model *m, const Chain *chain, int family, int scope, const char *owner,
                                  Date notified, RuleField field, const MRule *pair[2])
{
    Candidate *cands = RT_NEW_ARRAY(Candidate, chain->n + 1);
    int n = 0;
    for (int i = 0; i < chain->n; i++) {
        const MRule *r = &m->rules[chain->rules[i]];
        if (!sets_field(r, field) || eval_rules_fit(m, r, family, scope, owner, notified) != EVAL_RULE_CANDIDATE)
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
    const int *rules;
    int n = model_rules_on_chain(m, family, scope, &rules);
    return eval_resolve_among(m, rules, n, family, scope, owner, notified);
}

EvalResolution eval_resolve_among(const Model *m, const int *rules, int nrules, int family, int scope,
                                  const char *owner, Date notified)
{
    EvalResolution res = { 0 };
    const MRule *pair[2] = { NULL, NULL };
    Chain chain = { rules, nrules };
    res.target = resolve_field(m, &chain, family, scope, owner, notified, FIELD_TARGET, pair);
    if (!res.target && !pair[0]) {
        const MRule *ignored[2] = { NULL, NULL };
        res.hires = resolve_field(m, &chain, family, scope, owner, notified, FIELD_HIRES, ignored);
        if (!res.hires)
            res.hires = ignored[0];
    }
    if (pair[0]) {
        res.conflict[0] = pair[0];
        res.conflict[1] = pair[1];
        return res;
    }
    res.threshold = resolve_field(m, &chain, family, scope, owner, notified, FIELD_THRESHOLD, pair);
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

void eval_rules_prepare_classes(EvalRun *e)
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
    eval_sort(st->versions, (size_t)st->nversions, sizeof(Date), compare_dates);
    int w = 0;
    for (int i = 0; i < st->nversions; i++)
        if (w == 0 || st->versions[w - 1] != st->versions[i])
            st->versions[w++] = st->versions[i];
    st->nversions = w;
}

/* Contracts of one family, scope and owner notified between two amendment
** dates get the same rules: they share one resolution. */
const EvalResolution *eval_rules_resolution_for(EvalRun *e, const EvalContract *c)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    int version = 0;
    while (version < st->nversions && st->versions[version] <= c->notified)
        version++;
    const char *owner_key = "";
    const char *key_of_owner = NULL;   /* computed only when a rule on the chain names an owner */
    /* Only the rules of the family on the contract's scope chain can apply to it: an owner
    ** that none of them names leaves the class its owner-blind key, and the resolution is the same. */
    const int *rules;
    int nrules = model_rules_on_chain(m, c->family, c->scope, &rules);
    for (int k = 0; k < nrules; k++) {
        int i = rules[k];
        if (!st->rule_owner_keys[i])
            continue;
        if (!key_of_owner)
            key_of_owner = c->owner ? utf8_key(c->owner, strlen(c->owner)) : "";
        if (strcmp(st->rule_owner_keys[i], key_of_owner) == 0) {
            owner_key = key_of_owner;
            break;
        }
    }
    /* The class's key: three ints and the owner's key, bytes only this map reads
    ** (formatted by rt_sprintf it cost 1 700 instructions a contract). */
    int head[3] = { c->family, c->scope, version };
    size_t owner_len = strlen(owner_key), len = sizeof head + owner_len;
    char *key = rt_alloc_atomic(len + 1);
    memcpy(key, head, sizeof head);
    memcpy(key + sizeof head, owner_key, owner_len);
    int idx;
    if (idmap_get(st->classes, key, len, &idx))
        return st->resolutions[idx];
    EvalResolution *res = RT_NEW(EvalResolution);
    *res = eval_resolve(m, c->family, c->scope, c->owner, c->notified);
    RT_GROW(st->resolutions, st->nresolutions);
    st->resolutions[st->nresolutions] = res;
    idmap_put(st->classes, key, len, st->nresolutions++);
    return res;
}
