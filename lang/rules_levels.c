/* lang/rules_levels.c: warnings on the level a target is assessed at and on the doors around the national floors: fixed hours per contract, fixed hours and the floor, raised thresholds. */
#include "rules_levels.h"

#include "gc.h"
#include "idmap.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

static Value num_value(mpq_srcptr q)
{
    return (Value){ .kind = VAL_NUM, .as.num = (mpq_ptr)q };
}

/* A fixed number of hours at a scope holding several projects, assessed per
** contract, gives each contract the whole amount: rarely what was meant. */
static void check_fixed_per_contract(Checker *ck, const MRule *r)
{
    const Model *m = ck->m;
    if (!r->has_target || r->kind != M_TARGET_FIXED_HOURS || r->pool != AST_POOL_NONE
        || m->scopes[r->scope].level == AST_LEVEL_PROJET)
        return;
    const char *family = m->families[r->family].id, *scope = m->scopes[r->scope].id;
    const char *hours = checker_format_value(num_value(r->target), types_hours(), false);
    const char *hours_en = checker_format_value(num_value(r->target), types_hours(), true);
    checker_report_at(ck, DIAG_WARNING, "C0430", r->target_prov.src, r->target_prov.span,
        say(rt_sprintf("l'objectif de %s pour « %s » à l'échelle %s%s est évalué marché par marché : "
                       "chaque marché de %s reçoit les %s ; pour un objectif commun à tout le périmètre, "
                       "écrivez « objectif %s à l'échelle %s »", hours, family, scope, rules_owner_fr(r),
                       scope, hours, checker_word(ck, VOCAB_MUTUALISE), scope),
            rt_sprintf("the target of %s for “%s” at %s%s is assessed contract by contract: each "
                       "contract in %s gets all %s; for one target shared by the whole scope, write "
                       "“target %s at %s”", hours_en, family, scope, rules_owner_en(r), scope, hours_en,
                       checker_word(ck, VOCAB_MUTUALISE), scope)));
}

/* The floor binds whatever the local charter says: a fixed number of hours
** may fall below floor × base hours, and evaluation then applies the floor. */
static void check_fixed_floor(Checker *ck, const MRule *r)
{
    const Model *m = ck->m;
    if (!r->has_target || r->kind != M_TARGET_FIXED_HOURS)
        return;
    int ci = m->families[r->family].category;
    if (ci < 0 || !m->categories[ci].has_floor)
        return;
    const MCategory *c = &m->categories[ci];
    const char *family = m->families[r->family].id;
    Diag *d = checker_report_at(ck, DIAG_WARNING, "C0431", r->target_prov.src, r->target_prov.span,
        say(rt_sprintf("un objectif en heures ne garantit pas à lui seul le plancher de %s des heures "
                       "travaillées (catégorie %s) : quand %s des heures de base dépasse %s, "
                       "l'évaluation applique le plancher à « %s »",
                       checker_format_value(num_value(c->floor), types_percent(), false), c->id,
                       checker_format_value(num_value(c->floor), types_percent(), false),
                       checker_format_value(num_value(r->target), types_hours(), false), family),
            rt_sprintf("a target in hours does not by itself guarantee the floor of %s of hours "
                       "worked (category %s): when %s of base hours exceeds %s, evaluation applies "
                       "the floor to “%s”",
                       checker_format_value(num_value(c->floor), types_percent(), true), c->id,
                       checker_format_value(num_value(c->floor), types_percent(), true),
                       checker_format_value(num_value(r->target), types_hours(), true), family)));
    checker_note(d, c->floor_prov.src, c->floor_prov.span,
                 say(rt_sprintf("le plancher est fixé ici (%s)", model_prov_label(&c->floor_prov, false)),
                     rt_sprintf("the floor is set here (%s)", model_prov_label(&c->floor_prov, true))));
}

/* How b is broader than r, when it is: a strict ancestor scope (owner alike or
** unrestricted), the same scope without r's owner, or the same key earlier. */
static const char *broader_how(const Model *m, const MRule *b, const MRule *r, bool english)
{
    /* Owners are matched as evaluation matches them: case- and accent-blind. */
    bool same_owner = model_same_owner(b->owner, r->owner);
    if (b->family != r->family || (b->owner && !same_owner))
        return NULL;
    if (b->scope != r->scope && model_scope_within(m, r->scope, b->scope))
        return english ? "a narrower scope" : "un périmètre plus étroit";
    if (b->scope != r->scope)
        return NULL;
    if (!b->owner && r->owner)
        return english ? "an owner" : "un maître d'ouvrage";
    if (same_owner && r->from != DATE_NONE && (b->from == DATE_NONE || b->from < r->from))
        return english ? "an amendment" : "un avenant";
    return NULL;
}

static void report_raised(Checker *ck, const MRule *r, const MRule *b)
{
    const Model *m = ck->m;
    const char *family = m->families[r->family].id;
    Diag *d = checker_report_at(ck, DIAG_WARNING, "C0432", r->threshold_prov.src, r->threshold_prov.span,
        say(rt_sprintf("le seuil de %s pour « %s » à l'échelle %s%s (%s) relève par %s le seuil de "
                       "%s fixé à l'échelle %s%s (%s) : les marchés entre les deux sont exemptés",
                       checker_format_value(num_value(r->threshold), types_amount(), false), family,
                       m->scopes[r->scope].id, rules_owner_fr(r), model_prov_label(&r->prov, false),
                       broader_how(m, b, r, false),
                       checker_format_value(num_value(b->threshold), types_amount(), false),
                       m->scopes[b->scope].id, rules_owner_fr(b), model_prov_label(&b->prov, false)),
            rt_sprintf("the threshold of %s for “%s” at %s%s (%s) raises through %s the threshold "
                       "of %s set at %s%s (%s): contracts between the two are exempted",
                       checker_format_value(num_value(r->threshold), types_amount(), true), family,
                       m->scopes[r->scope].id, rules_owner_en(r), model_prov_label(&r->prov, true),
                       broader_how(m, b, r, true),
                       checker_format_value(num_value(b->threshold), types_amount(), true),
                       m->scopes[b->scope].id, rules_owner_en(b), model_prov_label(&b->prov, true))));
    checker_note(d, b->threshold_prov.src, b->threshold_prov.span,
                 say(rt_sprintf("le seuil relevé (%s)", model_prov_label(&b->prov, false)),
                     rt_sprintf("the threshold raised (%s)", model_prov_label(&b->prov, true))));
}

/* The group of a bucket of the rule index (rules_bucket) for one owner's key, NULL: its
** general rules. */
static const char *group_key(int bucket, const char *owner_key)
{
    return owner_key ? rt_sprintf("%d\x1f%s", bucket, owner_key) : rt_sprintf("%d", bucket);
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A narrower rule may lower a threshold, never raise it quietly: a higher
** threshold exempts contracts that the broader rule holds to a target. A rule
** is compared with the threshold rules broader_how can name: of its family, at
** its scope or above, general or of its own owner, in the charter's order. These
** are grouped once by bucket of the rule index and owner: a pass over all the
** family's threshold rules at each cost the square of a charter of a threshold per
** commune (32 000: 5.9 s of processor). Hires targets of a nature that is not a
** family (family -1) have no family to compare in. */
static void check_raised_thresholds(Checker *ck)
{
    const Model *m = ck->m;
    const char **keys = rules_owner_keys(m);
    IdMap groups = { 0 };
    int **members = NULL, *nmembers = NULL, ngroups = 0;
    /* In the index's order: each group in the charter's order. */
    for (int p = 0; p < m->nrules; p++) {
        int i = m->rule_order[p];
        const MRule *r = &m->rules[i];
        if (!r->has_threshold || r->family < 0)
            continue;
        const char *key = group_key(rules_bucket(m, r->family, r->scope), keys[i]);
        int g = idmap_add(&groups, key, strlen(key), ngroups);
        if (g < 0) {
            RT_GROW(members, ngroups);
            RT_GROW_ATOMIC(nmembers, ngroups);
            members[ngroups] = NULL;
            nmembers[ngroups] = 0;
            g = ngroups++;
        }
        RT_GROW_ATOMIC(members[g], nmembers[g]);
        members[g][nmembers[g]++] = i;
    }
    int *cands = NULL, ncands = 0;
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (!r->has_threshold || r->family < 0)
            continue;
        ncands = 0;
        for (int a = r->scope; a >= 0; a = m->scopes[a].parent) {
            int bucket = rules_bucket(m, r->family, a);
            if (bucket < 0)
                continue;
            for (int own = 0; own < (keys[i] ? 2 : 1); own++) {
                int g = idmap_index(&groups, group_key(bucket, own ? keys[i] : NULL));
                for (int k = 0; g >= 0 && k < nmembers[g]; k++) {
                    RT_GROW_ATOMIC(cands, ncands);
                    cands[ncands++] = members[g][k];
                }
            }
        }
        /* The groups are disjoint: sorted, the candidates are in the charter's order, the
        ** order in which a rule's reports were always made. */
        qsort(cands, (size_t)ncands, sizeof *cands, compare_ints);
        for (int k = 0; k < ncands; k++) {
            const MRule *b = &m->rules[cands[k]];
            if (cands[k] != i && mpq_cmp(r->threshold, b->threshold) > 0 && broader_how(m, b, r, false))
                report_raised(ck, r, b);
        }
    }
}

static bool of_hires(const MRule *r)
{
    return r->kind == M_TARGET_SHARE_HIRES;
}

static void report_owner_kept(Checker *ck, const MRule *r, const MRule *b)
{
    const Model *m = ck->m;
    const char *family = m->families[r->family].id, *scope = m->scopes[r->scope].id;
    const char *number = m->amendments[r->amendment].number;
    const Type *t = r->kind == M_TARGET_FIXED_HOURS ? types_hours() : types_percent();
    Diag *d = checker_report_at(ck, DIAG_WARNING, "C0433", r->target_prov.src, r->target_prov.span,
        say(rt_sprintf("l'avenant %s fixe l'objectif de « %s » à l'échelle %s, mais la règle propre au "
                       "maître d'ouvrage « %s » (%s) l'emporte toujours pour ses marchés, qui gardent "
                       "%s ; pour la modifier aussi, l'avenant fixe aussi l'objectif du maître "
                       "d'ouvrage « %s »", number, family, scope, b->owner,
                       model_prov_label(&b->prov, false),
                       checker_format_value(num_value(b->target), t, false), b->owner),
            rt_sprintf("amendment %s sets the target of “%s” at %s, but the rule restricted to owner "
                       "“%s” (%s) still prevails for its contracts, which keep %s; to change it "
                       "too, the amendment also sets the target of owner “%s”", number, family, scope,
                       b->owner, model_prov_label(&b->prov, true),
                       checker_format_value(num_value(b->target), t, true), b->owner)));
    checker_note(d, b->target_prov.src, b->target_prov.span,
                 say(rt_sprintf("la règle du maître d'ouvrage (%s)", model_prov_label(&b->prov, false)),
                     rt_sprintf("the owner's rule (%s)", model_prov_label(&b->prov, true))));
}

/* Each rule's owner as a number (its key's, -1 without one): rules of one owner written in
** other cases are one owner, and a number indexes an array where a key would need a lookup. */
static int *owner_numbers(const Model *m, const char **keys, int *nowners)
{
    IdMap owners = { 0 };
    int *number = rt_alloc_atomic(sizeof(int) * (size_t)(m->nrules + 1));
    *nowners = 0;
    for (int i = 0; i < m->nrules; i++) {
        number[i] = -1;
        if (!keys[i])
            continue;
        int o = idmap_add(&owners, keys[i], strlen(keys[i]), *nowners);
        number[i] = o < 0 ? (*nowners)++ : o;
    }
    return number;
}

/* What the owners' rules of one bucket say against one amendment's general rule r, in one
** walk back over the bucket: later[o], the latest date before r's of owner o's targets of
** r's kind seen so far (further in the bucket); amended[o], whether one takes effect at
** r's date or later (the amendment, or a later one, sets the owner's target too). */
typedef struct OwnerKept {
    Date *later;
    bool *seen_later, *amended;
    bool *kept;              /* by position in the bucket: the owner's rule r leaves in force */
} OwnerKept;

static bool owner_target_of_kind(const MRule *c, const MRule *r)
{
    return c->has_target && of_hires(c) == of_hires(r) && c->from != DATE_NONE;
}

/* Marks kept[p - start] for each owner's rule b of the bucket that r leaves in force: an
** owner's target of r's kind before r's date, the latest of its owner's further on in the
** bucket (none after it is dated later, before r's), its owner not amended from r's date. */
static void mark_owner_kept(const Model *m, const MRule *r, int start, int n, const int *owner, OwnerKept *w)
{
    for (int p = start; p < start + n; p++) {
        int o = owner[m->rule_order[p]];
        if (o >= 0)
            w->seen_later[o] = w->amended[o] = false;
    }
    for (int p = start; p < start + n; p++) {
        int k = m->rule_order[p], o = owner[k];
        if (o >= 0 && owner_target_of_kind(&m->rules[k], r) && m->rules[k].from >= r->from)
            w->amended[o] = true;
    }
    for (int p = start + n - 1; p >= start; p--) {
        int k = m->rule_order[p], o = owner[k];
        const MRule *b = &m->rules[k];
        w->kept[p - start] = false;
        if (o < 0)
            continue;
        if (b->owner && b->has_target && of_hires(b) == of_hires(r) && (b->from == DATE_NONE || b->from < r->from))
            w->kept[p - start] = !w->amended[o] &&
                (!w->seen_later[o] || (b->from != DATE_NONE && w->later[o] <= b->from));
        if (owner_target_of_kind(b, r) && b->from < r->from && (!w->seen_later[o] || b->from > w->later[o])) {
            w->later[o] = b->from;
            w->seen_later[o] = true;
        }
    }
}

/* An amendment that sets a general target at a scope leaves an owner's target of that
** family at that scope in force for the owner's contracts (the owner's rule prevails at
** its scope): a title « relèvement de l'objectif » reads as if it held for every contract.
** Each owner is named once, by its latest rule before the amendment's date. Each general
** rule walks its bucket twice and back once: 2 000 owners with five amendments each in one
** bucket took a walk of the bucket per owner's rule, and one more per rule after it. */
static void check_owner_kept(Checker *ck)
{
    const Model *m = ck->m;
    const char **keys = rules_owner_keys(m);
    int nowners, *owner = owner_numbers(m, keys, &nowners);
    OwnerKept w = {
        .later = rt_alloc_atomic(sizeof(Date) * (size_t)(nowners + 1)),
        .seen_later = rt_alloc_atomic((size_t)nowners + 1),
        .amended = rt_alloc_atomic((size_t)nowners + 1),
        .kept = rt_alloc_atomic((size_t)m->nrules + 1),
    };
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        const int *at;
        int n = r->family >= 0 ? model_rules_at(m, r->family, r->scope, &at) : 0;
        if (r->amendment < 0 || r->owner || !r->has_target || n <= 0)
            continue;
        int start = (int)(at - m->rule_order);
        mark_owner_kept(m, r, start, n, owner, &w);
        for (int p = start; p < start + n; p++)
            if (w.kept[p - start])
                report_owner_kept(ck, r, &m->rules[m->rule_order[p]]);
    }
}

void rules_levels_check(Checker *ck)
{
    const Model *m = ck->m;
    for (int i = 0; i < m->nrules; i++) {
        check_fixed_per_contract(ck, &m->rules[i]);
        check_fixed_floor(ck, &m->rules[i]);
    }
    check_raised_thresholds(ck);
    check_owner_kept(ck);
}
