/* lang/rules.c: target rules from declarations and tables; floors, conflicts, incomparable owner rules, gaps, amended articles. */
#include "rules.h"
#include "rules_levels.h"

#include "expr.h"
#include "families.h"
#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "scopes.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* One target line or table row, before resolution. */
typedef struct RuleIn {
    CheckerSite site;
    Span span;
    const char *scope;
    Span scope_span;
    const char *owner;
    const char *family;
    Span family_span;
    AstExpr *value;
    bool of_hires;
    AstPool pool;
    Span pool_span;
    AstExpr *threshold;
} RuleIn;

/* A bare number over 100 cannot be a share: « travaux 1 200 » meant 1 200 h; below 1, it is
** no count of hours: « 0,1 » meant 10 %. From 1 to 100 it may be either: no hint. */
static const Type *target_meant(const AstExpr *e)
{
    if (e->kind != AST_E_NUMBER || !e->is_constant || e->value.kind != VAL_NUM)
        return NULL;
    if (mpq_cmp_si(e->value.as.num, 100, 1) > 0)
        return types_hours();
    return mpq_cmp_si(e->value.as.num, 1, 1) < 0 ? types_percent() : NULL;
}

static bool target_value(Checker *ck, const RuleIn *in, MTargetKind *kind)
{
    int mi = in->site.module;
    AstExpr *e = in->value;
    const Type *t = expr_check(ck, mi, e, EXPR_CONST);
    if (types_is_error(t))
        return false;
    bool share = types_equal(t, types_percent()), hours = types_equal(t, types_hours());
    if (in->of_hires && !share) {
        expr_wrong_type(ck, mi, e, say("un objectif d'embauches", "a target of hires"),
                        say(types_name(types_percent(), false), types_name(types_percent(), true)),
                        types_percent());
        return false;
    }
    if (!share && !hours) {
        expr_wrong_type(ck, mi, e, say("l'objectif", "the target"),
                        say("taux (%) des heures ou heures (h)", "rate (%) of hours or hours (h)"),
                        target_meant(e));
        return false;
    }
    if (!e->is_constant)
        return false;
    if (share) {
        *kind = in->of_hires ? M_TARGET_SHARE_HIRES : M_TARGET_SHARE_HOURS;
        return expr_rate(ck, mi, e, say("l'objectif", "the target"));
    }
    *kind = M_TARGET_FIXED_HOURS;
    return expr_positive(ck, mi, e, types_hours(), true, say("l'objectif", "the target"));
}

/* A target of hires is assessed over its scope's hires (runtime/eval_hires.c), never on a
** contract's amount: a threshold written on it would exempt nothing, or, on a family's line,
** set the threshold of that family's hours targets, which its reader did not write. */
static bool threshold_on_hires(Checker *ck, const RuleIn *in)
{
    if (!in->of_hires)
        return false;
    checker_report(ck, DIAG_ERROR, "C0424", in->site.module, in->threshold->span,
        say("un objectif d'embauches n'a pas de seuil : il porte sur les embauches du périmètre, "
            "pas sur le montant d'un marché ; écrivez le seuil sur l'objectif d'heures de la famille",
            "a hires target has no threshold: it is assessed over the scope's hires, not on a "
            "contract's amount; write the threshold on the family's hours target"));
    return true;
}

static void add_rule(Checker *ck, const RuleIn *in)
{
    int mi = in->site.module;
    int scope = in->scope ? scopes_resolve(ck, mi, in->scope, in->scope_span) : -1;
    /* A target of hires may name a nature of hire that is not a family
    ** (model_hire_natures); a family of the same name would win. */
    const char *nature = in->of_hires && in->family && checker_lookup(ck, CHECKER_FAMILY, in->family) < 0
        && model_hire_nature_index(in->family) >= 0 ? in->family : NULL;
    int family = in->family && !nature ? families_resolve(ck, mi, in->family, in->family_span) : -1;
    MTargetKind kind = M_TARGET_SHARE_HOURS;
    bool has_target = in->value && target_value(ck, in, &kind);
    bool has_threshold = in->threshold && !threshold_on_hires(ck, in)
        && expr_positive(ck, mi, in->threshold, types_amount(), true, say("le seuil", "the threshold"));
    /* An undated amendment (already reported) has no place among dated rules. */
    bool undated = in->site.amendment >= 0 && ck->m->amendments[in->site.amendment].from == DATE_NONE;
    if (scope < 0 || (family < 0 && !nature) || (!has_target && !has_threshold) || undated)
        return;
    Model *m = ck->m;
    RT_GROW(m->rules, m->nrules);
    RT_GROW(ck->rule_sites, m->nrules);
    ck->rule_sites[m->nrules] = in->site;
    MRule *r = &m->rules[m->nrules++];
    r->scope = scope;
    r->owner = in->owner;
    r->family = family;
    r->nature = nature ? model_hire_natures[model_hire_nature_index(nature)] : m->families[family].id;
    r->amendment = in->site.amendment;
    r->from = in->site.amendment >= 0 ? m->amendments[in->site.amendment].from : DATE_NONE;
    r->prov = checker_prov(ck, in->site, in->span);
    r->has_target = has_target;
    r->kind = kind;
    r->pool = has_target ? in->pool : AST_POOL_NONE;
    if (r->pool != AST_POOL_NONE)
        r->pool_prov = checker_prov(ck, in->site, in->pool_span);
    checker_view_num(r->target, has_target ? in->value->value.as.num : NULL);
    checker_view_num(r->threshold, has_threshold ? in->threshold->value.as.num : NULL);
    if (has_target)
        r->target_prov = checker_prov(ck, in->site, in->value->span);
    r->has_threshold = has_threshold;
    if (has_threshold)
        r->threshold_prov = checker_prov(ck, in->site, in->threshold->span);
}

static void target_decl(Checker *ck, CheckerDecl *cd)
{
    AstDecl *d = cd->decl;
    RuleIn in = {
        .site = cd->site, .span = d->span, .scope = d->scope, .scope_span = d->scope_span,
        .owner = d->owner ? d->owner->u.text : NULL, .family = d->ref, .family_span = d->ref_span,
        .value = d->expr, .of_hires = d->of_hires, .pool = d->pool, .pool_span = d->pool_span,
    };
    for (int i = 0; i < d->fields.len; i++) {
        AstField *f = AST_AT(d->fields, AstField, i);
        if (f->key == AST_KEY_SEUIL && f->value && !in.threshold) {
            in.threshold = f->value;
            continue;
        }
        const char *word = ast_key_name(f->key, ck->english);
        checker_report(ck, DIAG_ERROR, "C0420", cd->site.module, f->key_span,
            say(f->key == AST_KEY_SEUIL
                    ? rt_sprintf("champ « %s » donné deux fois", word)
                    : rt_sprintf("champ inconnu « %s » pour un objectif (champ possible : %s)", word,
                                 checker_word(ck, VOCAB_SEUIL)),
                f->key == AST_KEY_SEUIL
                    ? rt_sprintf("field “%s” given twice", word)
                    : rt_sprintf("unknown field “%s” for a target (possible field: %s)", word,
                                 checker_word(ck, VOCAB_SEUIL))));
    }
    add_rule(ck, &in);
}

static void target_row(Checker *ck, CheckerDecl *cd, AstRow *row)
{
    AstDecl *d = cd->decl;
    int n = d->extra->headers.len;
    AstExpr *scope = checker_cell(row, cd->roles, n, CHECKER_COL_SCOPE);
    AstExpr *family = checker_cell(row, cd->roles, n, CHECKER_COL_FAMILY);
    AstExpr *owner = checker_cell(row, cd->roles, n, CHECKER_COL_OWNER);
    RuleIn in = {
        .site = cd->site, .span = row->span,
        .scope = d->scope, .scope_span = d->scope_span,
        .owner = d->owner ? d->owner->u.text : checker_cell_name(owner),
        .family = checker_cell_name(family), .family_span = family ? family->span : row->span,
        .value = checker_cell(row, cd->roles, n, CHECKER_COL_SHARE),
        .threshold = checker_cell(row, cd->roles, n, CHECKER_COL_THRESHOLD),
        .pool = d->pool, .pool_span = d->pool_span,
    };
    if (!d->scope) {
        in.scope = checker_cell_name(scope);
        in.scope_span = scope ? scope->span : row->span;
    }
    if (!in.family || !in.scope) {
        checker_report(ck, DIAG_ERROR, "C0422", cd->site.module, row->span,
                       say("chaque ligne d'un tableau d'objectifs donne la famille et le périmètre",
                           "each row of a table of targets gives the family and the scope"));
        return;
    }
    add_rule(ck, &in);
}

static void build_rules(Checker *ck)
{
    CheckerDecls *l = &ck->decls[AST_D_TARGET];
    int lines = checker_decls_lines(l);
    RT_RESERVE(ck->m->rules, ck->m->nrules + lines);
    RT_RESERVE(ck->rule_sites, ck->m->nrules + lines);
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        if (cd->decl->kind == AST_D_TABLE) {
            for (int r = 0; r < cd->decl->extra->rows.len; r++)
                target_row(ck, cd, AST_AT(cd->decl->extra->rows, AstRow, r));
        } else {
            target_decl(ck, cd);
        }
    }
}

/* ---- floors ---------------------------------------------------------------------------------- */

const char *rules_owner_fr(const MRule *r)
{
    return r->owner ? rt_sprintf(" pour le maître d'ouvrage « %s »", r->owner) : "";
}

const char *rules_owner_en(const MRule *r)
{
    return r->owner ? rt_sprintf(" for owner “%s”", r->owner) : "";
}

static void check_floor(Checker *ck, const MRule *r)
{
    Model *m = ck->m;
    if (!r->has_target || r->kind != M_TARGET_SHARE_HOURS || r->family < 0)
        return;
    int ci = m->families[r->family].category;
    if (ci < 0 || !m->categories[ci].has_floor)
        return;
    const MCategory *c = &m->categories[ci];
    if (mpq_cmp(r->target, c->floor) >= 0)
        return;
    Value target = { .kind = VAL_NUM, .as.num = (mpq_ptr)r->target };
    Value floor = { .kind = VAL_NUM, .as.num = (mpq_ptr)c->floor };
    bool national = c->floor_prov.src && c->floor_prov.src->path == NULL
                    && strncmp(c->floor_prov.src->name, "<stdlib>", 8) == 0;
    const char *family = m->families[r->family].id, *scope = m->scopes[r->scope].id;
    Diag *d = checker_report_at(ck, DIAG_ERROR, "C0401", r->target_prov.src, r->target_prov.span,
        say(rt_sprintf("l'objectif de %s pour « %s » à l'échelle %s%s (%s) est inférieur au plancher%s "
                       "de %s (catégorie %s)", checker_format_value(target, types_percent(), false),
                       family, scope, rules_owner_fr(r), model_prov_label(&r->prov, false),
                       national ? " national" : "", checker_format_value(floor, types_percent(), false),
                       c->id),
            rt_sprintf("the target of %s for “%s” at %s%s (%s) is below the%s floor of %s (category "
                       "%s)", checker_format_value(target, types_percent(), true), family, scope,
                       rules_owner_en(r), model_prov_label(&r->prov, true), national ? " national" : "",
                       checker_format_value(floor, types_percent(), true), c->id)));
    checker_note(d, c->floor_prov.src, c->floor_prov.span,
                 say(rt_sprintf("le plancher est fixé ici (%s)", model_prov_label(&c->floor_prov, false)),
                     rt_sprintf("the floor is set here (%s)", model_prov_label(&c->floor_prov, true))));
}

/* ---- conflicts -------------------------------------------------------------------------------- */

/* What a rule's field is about: a target of hires is about its nature's hires,
** apart from the hours of the family, so the two never collide. */
static const char *rule_subject(const MRule *r, bool target)
{
    return target && model_rule_is_hires(r) ? rt_sprintf("H%s", r->nature) : rt_sprintf("%d", r->family);
}

/* What two rules must share to collide, as bytes for an IdMap: the scope,
** the date, the subject (a family, or a nature of hires) and the owner.
** Owners are compared as evaluation matches them (case- and accent-blind):
** "13 Habitat" and "13 HABITAT" name one owner, so two rules for them collide.
** The fixed fields come first and the two texts end with a NUL (no text
** holds one), so that two different rules never give the same bytes. */
typedef struct RuleKey {
    char small[128];
    char *bytes;
    size_t len;
} RuleKey;

static void rule_key(RuleKey *k, const MRule *r, bool target)
{
    bool hires = target && model_rule_is_hires(r);
    const char *nature = hires ? r->nature : "";
    const char *owner = r->owner ? utf8_key(r->owner, strlen(r->owner)) : "";
    int32_t head[4] = { r->scope, hires ? -1 : r->family, r->owner != NULL, 0 };
    int64_t from = r->from;
    size_t nl = strlen(nature) + 1, ol = strlen(owner) + 1;
    k->len = sizeof head + sizeof from + nl + ol;
    k->bytes = k->len <= sizeof k->small ? k->small : rt_alloc_atomic(k->len);
    char *o = k->bytes;
    memcpy(o, head, sizeof head), o += sizeof head;
    memcpy(o, &from, sizeof from), o += sizeof from;
    memcpy(o, nature, nl), o += nl;
    memcpy(o, owner, ol);
}

static void conflict(Checker *ck, const MRule *first, const MRule *r, bool target)
{
    Model *m = ck->m;
    const Prov *p = target ? &r->target_prov : &r->threshold_prov;
    const Prov *q = target ? &first->target_prov : &first->threshold_prov;
    Say what = target ? say("l'objectif", "the target") : say("le seuil", "the threshold");
    Say from = r->from == DATE_NONE ? say("", "")
        : SAYF((" à partir du %s", date_to_french(r->from)), (" from %s", date_to_iso(r->from)));
    const char *family = r->nature, *scope = m->scopes[r->scope].id;
    Diag *d = checker_report_at(ck, DIAG_ERROR, "C0403", p->src, p->span,
        say(rt_sprintf("conflit : %s de « %s » à l'échelle %s%s%s est déjà fixé par l'%s ; deux règles de "
                       "même rang ne peuvent pas fixer la même chose", what.fr, family, scope,
                       rules_owner_fr(r), from.fr, model_prov_label(&first->prov, false)),
            rt_sprintf("conflict: %s of “%s” at %s%s%s is already set by %s; two rules of the same "
                       "rank cannot set the same thing", what.en, family, scope, rules_owner_en(r), from.en,
                       model_prov_label(&first->prov, true))));
    checker_note(d, q->src, q->span,
                 say(rt_sprintf("l'autre règle (%s)", model_prov_label(&first->prov, false)),
                     rt_sprintf("the other rule (%s)", model_prov_label(&first->prov, true))));
}

/*
** The rules already seen, by key: an open-addressing table of 8-byte slots,
** each the high half of the key's hash and the rule's index + 1. An IdMap
** kept a copy of every key and 24 bytes a slot: for 25 000 targets with
** thresholds, 4.6 MB of maps and copies touched in random order, the
** largest share of the time of the conflicts. A key is built again, from its
** rule, only when the hashes' high halves agree.
*/
typedef struct SeenRules {
    uint64_t *slots;
    size_t mask;
} SeenRules;

static SeenRules seen_rules_new(size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    return (SeenRules){ rt_alloc_atomic(sizeof(uint64_t) * cap), cap - 1 };
}

/* The maps' hash (base/idmap.h), a word at a time: a byte at a time, the 26
** bytes of a key were 26 multiplications in a row, a quarter of this pass. */
static uint64_t key_hash(const RuleKey *k)
{
    uint64_t last;
    return idmap_hash(k->bytes, k->len, &last);
}

static uint64_t rule_hash(const MRule *r, bool target)
{
    RuleKey key;
    rule_key(&key, r, target);
    return key_hash(&key);
}

static bool same_key(const MRule *a, const MRule *b, bool target)
{
    RuleKey ka, kb;
    rule_key(&ka, a, target);
    rule_key(&kb, b, target);
    return ka.len == kb.len && memcmp(ka.bytes, kb.bytes, ka.len) == 0;
}

/* The first rule seen with the key of rule i (of hash h), or -1 (and rule i
** is now the one seen). */
static int seen_rule(SeenRules *s, const MRule *rules, int i, uint64_t h, bool target)
{
    uint64_t tag = h >> 32 << 32;
    for (size_t at = (size_t)h & s->mask;; at = (at + 1) & s->mask) {
        uint64_t slot = s->slots[at];
        if (!slot) {
            s->slots[at] = tag | (uint32_t)(i + 1);
            return -1;
        }
        int j = (int)(uint32_t)slot - 1;
        if ((slot & ~(uint64_t)UINT32_MAX) == tag && same_key(&rules[j], &rules[i], target))
            return j;
    }
}

/* How many rules ahead a slot is asked for: a table of 25 000 rules is
** larger than the cache, and each probe waited for memory. */
enum { SEEN_AHEAD = 16 };

/* At one (scope, owner, family) and one date, each field is set once: a
** later amendment replaces earlier rules, so only equal dates collide. The
** keys' hashes come first, in one pass, so that the slot of a rule a few
** places ahead can be loaded while this one is looked up. */
static void check_conflicts(Checker *ck)
{
    Model *m = ck->m;
    size_t ntargets = 0, nthresholds = 0;
    uint64_t *hashes = rt_alloc_bytes(sizeof(uint64_t) * 2 * (size_t)(m->nrules + 1));
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        ntargets += r->has_target;
        nthresholds += r->has_threshold;
        hashes[2 * i] = r->has_target ? rule_hash(r, true) : 0;
        hashes[2 * i + 1] = r->has_threshold ? rule_hash(r, false) : 0;
    }
    SeenRules targets = seen_rules_new(ntargets), thresholds = seen_rules_new(nthresholds);
    for (int i = 0; i < m->nrules; i++) {
        if (i + SEEN_AHEAD < m->nrules) {
            __builtin_prefetch(&targets.slots[hashes[2 * (i + SEEN_AHEAD)] & targets.mask]);
            __builtin_prefetch(&thresholds.slots[hashes[2 * (i + SEEN_AHEAD) + 1] & thresholds.mask]);
        }
        const MRule *r = &m->rules[i];
        int first;
        if (r->has_target && (first = seen_rule(&targets, m->rules, i, hashes[2 * i], true)) >= 0)
            conflict(ck, &m->rules[first], r, true);
        if (r->has_threshold && (first = seen_rule(&thresholds, m->rules, i, hashes[2 * i + 1], false)) >= 0)
            conflict(ck, &m->rules[first], r, false);
    }
}

const char **rules_owner_keys(const Model *m)
{
    const char **keys = rt_alloc(sizeof(char *) * (size_t)(m->nrules + 1));
    Utf8Keys *memo = utf8_keys_new();
    for (int i = 0; i < m->nrules; i++)
        if (m->rules[i].owner)
            keys[i] = utf8_keys_get(memo, m->rules[i].owner, strlen(m->rules[i].owner));
    return keys;
}

int rules_bucket(const Model *m, int family, int scope)
{
    const int *at;
    return model_rules_at(m, family, scope, &at) > 0 ? (int)(at - m->rule_order) : -1;
}

/* What a rule sets that another rule of its family may set for the same contracts: a target
** (not a share of hires: each is assessed over its own scope, never ranked), a threshold, or
** both (a set of these bits). Two rules compete where their sets meet. */
enum { SHARES_TARGET = 1, SHARES_THRESHOLD = 2, SHARES_SETS = 4 };

static int shares(const MRule *r)
{
    return (r->has_target && !model_rule_is_hires(r) ? SHARES_TARGET : 0) | (r->has_threshold ? SHARES_THRESHOLD : 0);
}

/* The owner-restricted rules a general rule can meet at one scope: for each bucket of the rule
** index (family × scope, named by rules_bucket) and each set s of shares, the first rule of
** each owner that shares something in s, in the charter's order. Only an owner's first counts:
** the warning is said once per scope, owner, family and general rule's scope, and names the
** first of that owner's rules that competes. */
typedef struct OwnerFirsts {
    int *rules;                  /* the lists, one after the other */
    int total;
    int *from[SHARES_SETS], *count[SHARES_SETS];  /* by bucket, for s in 1..3 */
} OwnerFirsts;

static OwnerFirsts owner_firsts(const Model *m, const char *const *keys)
{
    int n = m->nrules;
    OwnerFirsts o = { .rules = rt_alloc_atomic(sizeof(int) * (size_t)(3 * n + 1)) };
    for (int s = 1; s < SHARES_SETS; s++) {
        o.from[s] = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
        o.count[s] = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    }
    for (int p = 0, end; p < n; p = end) {
        const MRule *head = &m->rules[m->rule_order[p]];
        for (end = p + 1; end < n; end++) {
            const MRule *r = &m->rules[m->rule_order[end]];
            if (r->family != head->family || r->scope != head->scope)
                break;
        }
        if (head->family < 0)
            continue;
        for (int s = 1; s < SHARES_SETS; s++) {
            IdMap owners = { 0 };
            o.from[s][p] = o.total;
            for (int q = p; q < end; q++) {
                int i = m->rule_order[q];
                if (keys[i] && (shares(&m->rules[i]) & s) && idmap_add(&owners, keys[i], strlen(keys[i]), 1) < 0)
                    o.rules[o.total++] = i;
            }
            o.count[s][p] = o.total - o.from[s][p];
        }
    }
    return o;
}

/* An owner-restricted rule at a broad scope and a general rule at a narrower
** one are not ranked: for that owner's contracts in the narrower scope both
** apply, and evaluation reports a conflict. Said once per pair of rules' keys.
** Each general rule reads, at each scope above its own, the owners' first rules
** that compete with it (OwnerFirsts): a pass over every owner's rule at each
** general rule cost the square of a charter of many communes beside many owners'
** hires targets (8 000 of each: 21 s of processor and 3.2 GB). */
static void check_owner_rules(Checker *ck)
{
    Model *m = ck->m;
    const char **keys = rules_owner_keys(m);
    OwnerFirsts o = owner_firsts(m, keys);
    /* Without an owner-restricted rule, no general rule has one to meet. */
    if (o.total == 0)
        return;
    IdMap seen = { 0 };
    /* By the bucket of a general rule: the sets of shares its rules have walked already. A
    ** later general rule of the same family and scope whose set is within them would meet
    ** only pairs said before. */
    unsigned char *walked = rt_alloc_atomic((size_t)m->nrules + 1);
    for (int u = 0; u < m->nrules; u++) {
        const MRule *g = &m->rules[u];
        int s = shares(g), own;
        if (g->owner || g->family < 0 || s == 0 || (own = rules_bucket(m, g->family, g->scope)) < 0
            || (walked[own] & s) == s)
            continue;
        walked[own] |= (unsigned char)s;
        for (int a = m->scopes[g->scope].parent; a >= 0; a = m->scopes[a].parent) {
            int p = rules_bucket(m, g->family, a);
            for (int k = 0; p >= 0 && k < o.count[s][p]; k++) {
                int ri = o.rules[o.from[s][p] + k];
                const MRule *r = &m->rules[ri];
                const char *pair = rt_sprintf("%d\x1f%s\x1f%d\x1f%d", a, keys[ri], g->family, g->scope);
                if (idmap_add(&seen, pair, strlen(pair), 1) >= 0)
                    continue;
                const char *family = m->families[g->family].id;
                Diag *d = checker_report_at(ck, DIAG_WARNING, "C0404", r->prov.src, r->prov.span,
                    say(rt_sprintf("la règle de « %s » à l'échelle %s pour le maître d'ouvrage « %s » et "
                                   "la règle générale à l'échelle %s ne se départagent pas : pour les "
                                   "marchés de « %s » à %s, l'évaluation signalera un conflit", family,
                                   m->scopes[a].id, r->owner, m->scopes[g->scope].id, r->owner,
                                   m->scopes[g->scope].id),
                        rt_sprintf("the rule for “%s” at %s for owner “%s” and the general rule at %s "
                                   "are not ranked: for contracts of “%s” in %s, evaluation will "
                                   "report a conflict", family, m->scopes[a].id, r->owner,
                                   m->scopes[g->scope].id, r->owner, m->scopes[g->scope].id)));
                checker_note(d, g->prov.src, g->prov.span,
                             say(rt_sprintf("la règle générale (%s)", model_prov_label(&g->prov, false)),
                                 rt_sprintf("the general rule (%s)", model_prov_label(&g->prov, true))));
            }
        }
    }
}

/* ---- gaps ----------------------------------------------------------------------------------------- */

#define GAP_LIST_MAX 10

/* A rule covers a family from the start when it is general and in force
** from the charter's beginning: a base rule, or an amendment dated no later. */
static bool covers_from_start(const Model *m, const MRule *r)
{
    if (r->owner || !r->has_target)
        return false;
    return r->from == DATE_NONE || (m->valid_from != DATE_NONE && r->from <= m->valid_from);
}

/* Scopes sorted by depth, so that a parent always comes before its children. */
static int *scopes_by_depth(const Model *m)
{
    int maxd = 0;
    for (int i = 0; i < m->nscopes; i++)
        if (m->scopes[i].depth > maxd)
            maxd = m->scopes[i].depth;
    int *count = rt_alloc_atomic(sizeof(int) * (size_t)(maxd + 2));
    for (int i = 0; i < m->nscopes; i++)
        count[m->scopes[i].depth + 1]++;
    for (int d = 1; d <= maxd + 1; d++)
        count[d] += count[d - 1];
    int *order = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    for (int i = 0; i < m->nscopes; i++)
        order[count[m->scopes[i].depth]++] = i;
    return order;
}

static void report_gap(Checker *ck, int f, const int *missing, int n)
{
    Model *m = ck->m;
    const MFamily *fam = &m->families[f];
    const char *list = "";
    for (int i = 0; i < n && i < GAP_LIST_MAX; i++)
        list = rt_sprintf("%s%s%s", list, i ? ", " : "", m->scopes[missing[i]].id);
    Say more = n > GAP_LIST_MAX ? SAYF((" et %s autres", num_count_to_reader(n - GAP_LIST_MAX, false)),
                                       (" and %s more", num_count_to_reader(n - GAP_LIST_MAX, true)))
                                : say("", "");
    Diag *d = checker_report_at(ck, DIAG_WARNING, "C0405", fam->prov.src, fam->prov.span,
        say(rt_sprintf("lacune : aucun objectif ne s'applique à la famille « %s » dans %s périmètre%s",
                       fam->id, num_count_to_reader(n, false), n > 1 ? "s" : ""),
            rt_sprintf("gap: no target applies to family “%s” in %s scope%s", fam->id, num_count_to_reader(n, true),
                       n > 1 ? "s" : "")));
    const Prov *first = &m->scopes[missing[0]].prov;
    checker_note(d, first->src, first->span,
                 say(rt_sprintf("périmètre%s sans objectif pour « %s » : %s%s", n > 1 ? "s" : "",
                                fam->id, list, more.fr),
                     rt_sprintf("scope%s without a target for “%s”: %s%s", n > 1 ? "s" : "", fam->id,
                                list, more.en)));
}

/* For each family, a scope is covered when a rule at it or above it sets the
** target. National scopes hold no contract of a local charter: not counted. */
static void check_gaps(Checker *ck)
{
    Model *m = ck->m;
    if (m->nfamilies == 0 || m->nscopes == 0)
        return;
    int *order = scopes_by_depth(m);
    unsigned char *covered = rt_alloc_atomic((size_t)m->nscopes + 1);
    int *missing = rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1));
    for (int f = 0; f < m->nfamilies; f++) {
        memset(covered, 0, (size_t)m->nscopes);
        const int *rules;
        int nrules = model_family_rules(m, f, &rules);
        for (int r = 0; r < nrules; r++)
            if (covers_from_start(m, &m->rules[rules[r]]))
                covered[m->rules[rules[r]].scope] = 1;
        int n = 0;
        for (int k = 0; k < m->nscopes; k++) {
            int s = order[k], p = m->scopes[s].parent;
            if (p >= 0 && covered[p])
                covered[s] = 1;
            if (!covered[s] && m->scopes[s].level != AST_LEVEL_NATIONAL)
                missing[n++] = s;
        }
        if (n > 0)
            report_gap(ck, f, missing, n);
    }
}

/* ---- what amendments amend ---------------------------------------------------------------------- */

/* Amendments name their article by number: one map from "module\x1fnumber" to
** the article, built once, so that many amendments cost no more than many
** lookups. The list of a module's numbers, for C0409, is built once too. */
typedef struct ArticleIndex {
    IdMap by_number;           /* "module\x1fnumber" -> index into items */
    AstItem **items;
    const char **numbers;      /* per module, "1, 2, 3" or NULL until asked */
} ArticleIndex;

static const char *article_key(int module, const char *number)
{
    return rt_sprintf("%d\x1f%s", module, number);
}

static void article_index_build(const Checker *ck, ArticleIndex *ix)
{
    int total = 0;
    for (int mod = 0; mod < ck->nmodules; mod++)
        total += ck->modules[mod].ast->items.len;
    ix->items = rt_alloc(sizeof *ix->items * (size_t)(total + 1));
    ix->numbers = rt_alloc(sizeof *ix->numbers * (size_t)(ck->nmodules + 1));
    int n = 0;
    for (int mod = 0; mod < ck->nmodules; mod++) {
        const AstCharter *c = ck->modules[mod].ast;
        for (int i = 0; i < c->items.len; i++) {
            AstItem *it = AST_AT(c->items, AstItem, i);
            if (it->kind != AST_ITEM_ARTICLE || !it->number)
                continue;
            /* The first article of a number wins, as a linear search found it. */
            const char *key = article_key(mod, it->number);
            if (idmap_add(&ix->by_number, key, strlen(key), n) < 0)
                ix->items[n++] = it;
        }
    }
}

static AstItem *find_article(const ArticleIndex *ix, int module, const char *number)
{
    int k = idmap_index(&ix->by_number, article_key(module, number));
    return k < 0 ? NULL : ix->items[k];
}

static const char *article_numbers(ArticleIndex *ix, const AstCharter *c, int module)
{
    if (ix->numbers[module])
        return ix->numbers[module];
    size_t len = 0;
    for (int i = 0; i < c->items.len; i++) {
        AstItem *it = AST_AT(c->items, AstItem, i);
        if (it->kind == AST_ITEM_ARTICLE && it->number)
            len += strlen(it->number) + 2;
    }
    char *s = rt_alloc_atomic(len + 1), *o = s;
    for (int i = 0; i < c->items.len; i++) {
        AstItem *it = AST_AT(c->items, AstItem, i);
        if (it->kind != AST_ITEM_ARTICLE || !it->number)
            continue;
        if (o != s)
            o = stpcpy(o, ", ");
        o = stpcpy(o, it->number);
    }
    *o = '\0';
    ix->numbers[module] = *s ? s : "—";
    return ix->numbers[module];
}

static const char *amended_key(const AstItem *article, const MRule *r, char field)
{
    return rt_sprintf("%p\x1f%s\x1f%c", (const void *)article, rule_subject(r, field == 'T'), field);
}

/* Every rule an amendment sets must replace a rule of an article it amends:
** a target for a family of which that article sets the target. */
static void check_amended(Checker *ck)
{
    Model *m = ck->m;
    CheckerDecls *l = &ck->decls[AST_D_AMENDS];
    if (l->len == 0)
        return;
    IdMap set_by_article = { 0 };
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        CheckerSite s = ck->rule_sites[i];
        if (s.amendment >= 0 || !s.item)
            continue;
        const char *target_key = amended_key(s.item, r, 'T');
        const char *threshold_key = amended_key(s.item, r, 'S');
        if (r->has_target)
            idmap_put(&set_by_article, target_key, strlen(target_key), 1);
        if (r->has_threshold)
            idmap_put(&set_by_article, threshold_key, strlen(threshold_key), 1);
    }
    /* The articles each amendment amends (several `modifie` lines are allowed),
    ** counted first so that each amendment's array has its own length. */
    ArticleIndex ix = { 0 };
    article_index_build(ck, &ix);
    AstItem **found_art = rt_alloc(sizeof *found_art * (size_t)(l->len + 1));
    int *namended = rt_alloc_atomic(sizeof(int) * (size_t)(m->namendments + 1));
    for (int i = 0; i < l->len; i++) {
        CheckerDecl *cd = &l->items[i];
        const AstCharter *c = ck->modules[cd->site.module].ast;
        const char *number = cd->decl->extra->article ? cd->decl->extra->article : "?";
        found_art[i] = find_article(&ix, cd->site.module, number);
        if (!found_art[i]) {
            const char *numbers = article_numbers(&ix, c, cd->site.module);
            checker_report(ck, DIAG_ERROR, "C0409", cd->site.module, cd->decl->extra->article_span,
                say(rt_sprintf("l'avenant %s modifie l'article %s, qui n'existe pas dans cette charte "
                               "(articles : %s)", cd->site.item->number, number, numbers),
                    rt_sprintf("amendment %s amends article %s, which this charter does not have "
                               "(articles: %s)", cd->site.item->number, number, numbers)));
            continue;
        }
        namended[cd->site.amendment]++;
    }
    AstItem ***amended = rt_alloc(sizeof *amended * (size_t)(m->namendments + 1));
    for (int a = 0; a < m->namendments; a++) {
        if (namended[a])
            amended[a] = rt_alloc(sizeof(AstItem *) * (size_t)namended[a]);
        namended[a] = 0;
    }
    for (int i = 0; i < l->len; i++)
        if (found_art[i]) {
            int a = l->items[i].site.amendment;
            amended[a][namended[a]++] = found_art[i];
        }
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        int a = r->amendment;
        if (a < 0 || namended[a] == 0)
            continue;
        for (int field = 0; field < 2; field++) {
            bool target = field == 0;
            if (target ? !r->has_target : !r->has_threshold)
                continue;
            bool found = false;
            for (int k = 0; k < namended[a] && !found; k++)
                found = idmap_index(&set_by_article, amended_key(amended[a][k], r, target ? 'T' : 'S')) >= 0;
            if (found)
                continue;
            const AstItem *art = amended[a][0];
            const Prov *p = target ? &r->target_prov : &r->threshold_prov;
            const char *family = r->nature;
            Diag *d = checker_report_at(ck, DIAG_ERROR, "C0410", p->src, p->span,
                say(rt_sprintf("l'avenant %s modifie une règle qui n'existe pas : l'article %s ne fixe "
                               "pas %s de « %s »", m->amendments[a].number, art->number,
                               target ? "l'objectif" : "le seuil", family),
                    rt_sprintf("amendment %s amends a rule that does not exist: article %s does not "
                               "set %s of “%s”", m->amendments[a].number, art->number,
                               target ? "the target" : "the threshold", family)));
            checker_note(d, m->amendments[a].prov.src, art->head_span,
                         say(rt_sprintf("l'article %s", art->number),
                             rt_sprintf("article %s", art->number)));
        }
    }
}

void rules_check(Checker *ck)
{
    unsigned errors = ck->dl->errors;
    build_rules(ck);
    model_index(ck->m);
    /* A gap next to a rule that could not be read would only repeat its error. */
    if (ck->dl->errors != errors)
        ck->rules_incomplete = true;
    for (int i = 0; i < ck->m->nrules; i++)
        check_floor(ck, &ck->m->rules[i]);
    check_conflicts(ck);
    check_owner_rules(ck);
    rules_levels_check(ck);
    /* Completeness is judged on a charter without errors: next to a broken
    ** scope, family or rule, a gap would only repeat the error. */
    if (!ck->rules_incomplete && ck->dl->errors == ck->errors_at_start)
        check_gaps(ck);
    check_amended(ck);
}
