/* runtime/diff_rules.c: the targets, thresholds and assessment levels in force in both versions, by family × scope × owner and span of notification dates, compared through eval_resolve. */
#include "diff_impl.h"

#include "gc.h"
#include "idmap.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/*
** A class is what a contract is to the rules: its family, its scope, its
** owner. Every class some rule of either version names is resolved in both
** versions at the start and at each date an amendment of either version takes
** effect, by the evaluator's eval_resolve: whatever article or amendment sets
** a figure, and however it is written, only the figure in force is compared.
** Consecutive spans of dates with the same old and new values are one change.
*/

typedef struct RuleClass {
    const char *family;      /* family id of an hours target, or NULL */
    const char *nature;      /* the nature of a hires target (a family id or another nature), or NULL */
    const char *scope;
    const char *owner;       /* as first written, NULL for every owner */
    const char *owner_key;
} RuleClass;

/* One field of one class at one date, in one version. */
typedef struct Resolved {
    DiffValue value;
    const Prov *prov;        /* the rule that sets it */
    const Prov *rival;       /* a conflict: the other rule */
} Resolved;

enum { F_TARGET, F_HIRES, F_THRESHOLD, F_LEVEL, F_SOURCE, NFIELDS };

static const char *const field_ids[NFIELDS] = { "objectif", "objectif_embauches", "seuil", "niveau", "article" };

static Say field_words(int f)
{
    switch (f) {
    case F_TARGET:    return say("objectif d'heures", "hours target");
    case F_HIRES:     return say("objectif d'embauches", "hires target");
    case F_THRESHOLD: return say("seuil", "threshold");
    case F_LEVEL:     return say("niveau d'appréciation", "assessment level");
    default:          return say("article qui fixe la règle", "article that sets the rule");
    }
}

Say diff_rules_field_words(const char *field)
{
    for (int f = 0; f < NFIELDS; f++)
        if (!strcmp(field_ids[f], field))
            return field_words(f);
    return SAY_NONE;
}

static const char *owner_key_of(const char *owner) { return owner ? utf8_key(owner, strlen(owner)) : NULL; }

/* One text per class, equal exactly when the classes are the same (a NULL part and an empty
** one told apart by a mark: \x1f cannot occur in an id). */
static const char *class_key(const RuleClass *k)
{
    return rt_sprintf("%s%s\x1f%s%s\x1f%s\x1f%s%s", k->family ? "f" : "", k->family ? k->family : "",
                      k->nature ? "n" : "", k->nature ? k->nature : "", k->scope,
                      k->owner_key ? "o" : "", k->owner_key ? k->owner_key : "");
}

static RuleClass class_of(const Model *m, const MRule *r)
{
    RuleClass k = { .scope = m->scopes[r->scope].id, .owner = r->owner, .owner_key = owner_key_of(r->owner) };
    if (model_rule_is_hires(r))
        k.nature = r->nature;
    else
        k.family = m->families[r->family].id;
    return k;
}

/* The classes in the order of their first rule; one map lookup a rule (comparing each rule
** with every class found before it cost the square of the classes). */
static void collect_classes(const Model *m, IdMap *seen, RuleClass **keys, int *n)
{
    for (int i = 0; i < m->nrules; i++) {
        RuleClass k = class_of(m, &m->rules[i]);
        const char *key = class_key(&k);
        if (idmap_add(seen, key, strlen(key), *n) < 0) {
            RT_GROW(*keys, *n);
            (*keys)[(*n)++] = k;
        }
    }
}

static int compare_dates(const void *a, const void *b)
{
    Date x = *(const Date *)a, y = *(const Date *)b;
    return (x > y) - (x < y);
}

/* DATE_NONE (the start), then every amendment date of either version, once each. */
static Date *segment_starts(const Model *old, const Model *new_, int *n)
{
    Date *d = rt_alloc_atomic(sizeof(Date) * (size_t)(old->nrules + new_->nrules + 1));
    int k = 0;
    d[k++] = DATE_NONE;
    const Model *ms[2] = { old, new_ };
    for (int v = 0; v < 2; v++)
        for (int i = 0; i < ms[v]->nrules; i++)
            if (ms[v]->rules[i].from != DATE_NONE)
                d[k++] = ms[v]->rules[i].from;
    qsort(d + 1, (size_t)(k - 1), sizeof(Date), compare_dates);
    int w = 1;
    for (int i = 1; i < k; i++)
        if (d[w - 1] != d[i])
            d[w++] = d[i];
    *n = w;
    return d;
}

static DiffValue target_value(const MRule *r)
{
    return diff_value_num(r->kind == M_TARGET_FIXED_HOURS ? DIFF_V_HOURS : DIFF_V_RATE, r->target);
}

static DiffValue level_value(AstPool p)
{
    return diff_value_word(ast_pool_key(p), ast_pool_words(p));
}

static Resolved conflict(const MRule *a, const MRule *b)
{
    return (Resolved){ .value = { .kind = DIFF_V_CONFLICT, .date = DATE_NONE }, .prov = &a->prov, .rival = &b->prov };
}

static Resolved none(void) { return (Resolved){ .value = diff_value_none() }; }

/* A model's hires targets (model_hires_targets) by model_hires_key: a class finds its own
** by one lookup (a pass over all the rules for each class and date was the square of the
** targets: 16 000 owners' targets took 22 s to compare). */
typedef struct HiresIndex {
    MHiresTarget *targets;
    IdMap by_key;
} HiresIndex;

static HiresIndex hires_index(const Model *m)
{
    HiresIndex hx = { 0 };
    int n = model_hires_targets(m, &hx.targets);
    for (int t = 0; t < n; t++) {
        const char *key = model_hires_target_key(hx.targets[t].rules[0]);
        idmap_put(&hx.by_key, key, strlen(key), t);
    }
    return hx;
}

/* A hires target is assessed at its own scope, owner and nature, not inherited down the
** scopes (eval_hires.c): the rule of the class with the latest date in force, as each
** hire takes the rate in force at its date. */
static const MRule *nature_rule(const HiresIndex *hx, const RuleClass *k, int scope, Date at)
{
    int t = idmap_index(&hx->by_key, model_hires_key(scope, k->nature, k->owner_key));
    if (t < 0)
        return NULL;
    const MRule *best = NULL;
    for (int i = 0; i < hx->targets[t].nrules; i++) {
        const MRule *r = hx->targets[t].rules[i];
        if (r->from != DATE_NONE && (at == DATE_NONE || r->from > at))
            continue;
        if (!best || (best->from == DATE_NONE ? r->from != DATE_NONE : r->from != DATE_NONE && r->from > best->from))
            best = r;
    }
    return best;
}

/* Every field of class k in model m for contracts notified on `at`. */
static void resolve_all(const Model *m, const HiresIndex *hx, const RuleClass *k, Date at, bool english,
                        Resolved out[NFIELDS])
{
    for (int f = 0; f < NFIELDS; f++)
        out[f] = none();
    int scope = model_scope_index(m, k->scope);
    if (scope < 0)
        return;
    if (k->nature) {
        const MRule *r = nature_rule(hx, k, scope, at);
        if (r) {
            out[F_HIRES] = (Resolved){ .value = diff_value_num(DIFF_V_RATE, r->target), .prov = &r->target_prov };
            out[F_SOURCE] = (Resolved){ .value = diff_value_word(model_prov_label(&r->target_prov, english), SAY_NONE) };
        }
        return;
    }
    int family = model_family_index(m, k->family);
    if (family < 0)
        return;
    EvalResolution res = eval_resolve(m, family, scope, k->owner, at);
    const char *source = "";
    if (res.conflict[0] && !res.conflict_on_threshold) {
        out[F_TARGET] = conflict(res.conflict[0], res.conflict[1]);
        return;
    }
    if (res.target) {
        out[F_TARGET] = (Resolved){ .value = target_value(res.target), .prov = &res.target->target_prov };
        out[F_LEVEL] = (Resolved){ .value = level_value(res.target->pool),
                                   .prov = res.target->pool != AST_POOL_NONE ? &res.target->pool_prov : &res.target->target_prov };
        source = model_prov_label(&res.target->target_prov, english);
    }
    if (res.conflict_on_threshold)
        out[F_THRESHOLD] = conflict(res.conflict[0], res.conflict[1]);
    else if (res.threshold) {
        out[F_THRESHOLD] = (Resolved){ .value = diff_value_num(DIFF_V_EUROS, res.threshold->threshold),
                                       .prov = &res.threshold->threshold_prov };
        /* One article that sets both the target and the threshold is named once. */
        const char *threshold_source = model_prov_label(&res.threshold->threshold_prov, english);
        if (strcmp(source, threshold_source) != 0)
            source = rt_sprintf("%s ; %s", source, threshold_source);
    }
    out[F_SOURCE] = (Resolved){ .value = diff_value_word(source, SAY_NONE) };
}

static DiffEffect presence_effect(const DiffValue *o, const DiffValue *n, bool present_stricter)
{
    bool gained = o->kind == DIFF_V_NONE;
    return gained == present_stricter ? DIFF_STRICTER : DIFF_LESS_STRICT;
}

/* The effect of one field going from o to n, and why when it is not plain. */
static DiffEffect field_effect(int f, const DiffValue *o, const DiffValue *n, Say *why)
{
    if (f == F_SOURCE)
        return DIFF_NEUTRAL;
    if (o->kind == DIFF_V_CONFLICT || n->kind == DIFF_V_CONFLICT) {
        *why = say("deux règles de même rang : rien n'est décidé", "two rules of equal rank: nothing is decided");
        return DIFF_UNDETERMINED;
    }
    if (f == F_LEVEL) {
        if (!strcmp(o->id, ast_pool_key(AST_POOL_NONE)) || !strcmp(n->id, ast_pool_key(AST_POOL_NONE))) {
            *why = say("mutualisé, le manque d'un marché peut être compensé par un autre",
                       "pooled, one contract's shortfall can be made up by another");
            return !strcmp(o->id, ast_pool_key(AST_POOL_NONE)) ? DIFF_LESS_STRICT : DIFF_STRICTER;
        }
        return DIFF_UNDETERMINED;
    }
    bool higher_stricter = f != F_THRESHOLD;
    if (o->kind == DIFF_V_NONE || n->kind == DIFF_V_NONE) {
        if (f == F_THRESHOLD)
            *why = say("sous le seuil, un marché n'est pas soumis", "below the threshold a contract is not subject");
        return presence_effect(o, n, higher_stricter);
    }
    if (o->kind != n->kind) {
        *why = say("une part des heures et des heures fixes ne se comparent pas sans données",
                   "a share of hours and fixed hours do not compare without data");
        return DIFF_UNDETERMINED;
    }
    return diff_effect_of_move(o->num, n->num, higher_stricter);
}

/* Level and source are about a target that both versions have: otherwise the target's own change says it all. */
static bool field_compared(int f, const Resolved o[NFIELDS], const Resolved n[NFIELDS])
{
    if (f == F_LEVEL)
        return o[F_TARGET].value.kind != DIFF_V_NONE && o[F_TARGET].value.kind != DIFF_V_CONFLICT
            && n[F_TARGET].value.kind != DIFF_V_NONE && n[F_TARGET].value.kind != DIFF_V_CONFLICT;
    if (f == F_SOURCE)
        for (int g = 0; g < F_SOURCE; g++)
            if (!diff_value_same(&o[g].value, &n[g].value))
                return false;
    return true;
}

static void add_articles(DiffBuilder *b, DiffChange *c, const Resolved *r)
{
    diff_add_article(b, c, r->prov);
    diff_add_article(b, c, r->rival);
}

static void compare_class(DiffBuilder *b, const HiresIndex hx[2], const RuleClass *k, const Date *starts, int nstarts)
{
    Resolved (*o)[NFIELDS] = rt_alloc(sizeof *o * (size_t)nstarts);
    Resolved (*n)[NFIELDS] = rt_alloc(sizeof *n * (size_t)nstarts);
    for (int s = 0; s < nstarts; s++) {
        resolve_all(b->old, &hx[0], k, starts[s], b->d->english, o[s]);
        resolve_all(b->new_, &hx[1], k, starts[s], b->d->english, n[s]);
    }
    for (int f = 0; f < NFIELDS; f++) {
        DiffChange *run = NULL;
        for (int s = 0; s < nstarts; s++) {
            bool differs = field_compared(f, o[s], n[s]) && !diff_value_same(&o[s][f].value, &n[s][f].value);
            bool continues = run && differs && diff_value_same(&run->old, &o[s][f].value)
                             && diff_value_same(&run->new_, &n[s][f].value);
            if (run && !continues)
                run->to = starts[s] - 1;
            if (!differs) {
                run = NULL;
                continue;
            }
            if (!continues) {
                run = diff_add(b, k->nature ? "embauches" : "regle", field_ids[f], field_words(f));
                run->family = k->family;
                run->nature = k->nature;
                run->scope = k->scope;
                run->owner = k->owner;
                run->has_period = true;
                run->from = starts[s];
                run->old = o[s][f].value;
                run->new_ = n[s][f].value;
                run->effect = field_effect(f, &run->old, &run->new_, &run->why);
            }
            add_articles(b, run, &o[s][f]);
            add_articles(b, run, &n[s][f]);
        }
    }
}

void diff_rules(DiffBuilder *b)
{
    RuleClass *keys = NULL;
    int n = 0;
    IdMap seen = { 0 };
    collect_classes(b->old, &seen, &keys, &n);
    collect_classes(b->new_, &seen, &keys, &n);
    int nstarts;
    Date *starts = segment_starts(b->old, b->new_, &nstarts);
    HiresIndex hx[2] = { hires_index(b->old), hires_index(b->new_) };
    for (int i = 0; i < n; i++)
        compare_class(b, hx, &keys[i], starts, nstarts);
}
