/* lang/model.c: queries on a checked Model (lookups by id, scope containment), the provenance labels every report prints, and the charter's digest. */
#include "model.h"

#include "gc.h"
#include "idmap.h"
#include "sha256.h"
#include "utf8.h"

#include <stddef.h>
#include <string.h>

const char *model_prov_label(const Prov *p, bool english)
{
    if (!p || !p->item)
        return english ? "(no article)" : "(sans article)";
    const char *label = p->item;
    if (english && p->amendment && strncmp(label, "avenant", 7) == 0)
        label = rt_sprintf("amendment%s", label + 7);
    if (!p->item_title)
        return label;
    return english ? rt_sprintf("%s “%s”", label, p->item_title)
                   : rt_sprintf("%s « %s »", label, p->item_title);
}

int model_scope_index(const Model *m, const char *id)
{
    if (idmap_count(&m->scope_ids) > 0 || m->nscopes == 0)
        return idmap_index(&m->scope_ids, id);
    for (int i = 0; i < m->nscopes; i++)
        if (strcmp(m->scopes[i].id, id) == 0)
            return i;
    return -1;
}

int model_family_index(const Model *m, const char *id)
{
    if (idmap_count(&m->family_ids) > 0 || m->nfamilies == 0)
        return idmap_index(&m->family_ids, id);
    for (int i = 0; i < m->nfamilies; i++)
        if (strcmp(m->families[i].id, id) == 0)
            return i;
    return -1;
}

int model_scopes_in_tree_order(const Model *m, int *order)
{
    int n = m->nscopes, count = 0;
    int *first_child = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    int *next_sibling = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    int *stack = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    int top = 0;
    for (int s = 0; s < n; s++)
        first_child[s] = next_sibling[s] = -1;
    /* Walking backwards and pushing in front keeps each scope's children in their order;
    ** the roots go on the stack the same way, the first on top. */
    for (int s = n - 1; s >= 0; s--) {
        int p = m->scopes[s].parent;
        if (p < 0) {
            stack[top++] = s;
        } else if (p != s) {
            next_sibling[s] = first_child[p];
            first_child[p] = s;
        }
    }
    while (top > 0) {
        int s = stack[--top];
        order[count++] = s;
        /* The children, the first on top: pushed from the last. */
        int from = top;
        for (int c = first_child[s]; c >= 0; c = next_sibling[c])
            stack[top++] = c;
        for (int i = from, j = top - 1; i < j; i++, j--) {
            int t = stack[i];
            stack[i] = stack[j];
            stack[j] = t;
        }
    }
    return count;
}

int model_column_index(const MTable *t, const char *name)
{
    for (int i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return i;
    return -1;
}

bool model_scope_within(const Model *m, int a, int b)
{
    /* A checked model has no cycle; the step bound keeps a broken one finite. */
    for (int steps = 0; a >= 0 && a < m->nscopes && steps <= m->nscopes; steps++) {
        if (a == b)
            return true;
        a = m->scopes[a].parent;
    }
    return false;
}

ModelPeriodSide model_period_side(const Model *m, Date d)
{
    if (m->valid_from != DATE_NONE && d < m->valid_from)
        return MODEL_BEFORE_PERIOD;
    if (m->valid_to != DATE_NONE && d > m->valid_to)
        return MODEL_AFTER_PERIOD;
    return MODEL_IN_PERIOD;
}

const char *const model_hire_natures[MODEL_NHIRE_NATURES] = {
    "ingenierie_projet", "accompagnement", "fonctionnement_equipement"
};

int model_hire_nature_index(const char *id)
{
    for (int i = 0; i < MODEL_NHIRE_NATURES; i++)
        if (id && strcmp(model_hire_natures[i], id) == 0)
            return i;
    return -1;
}

bool model_rule_is_hires(const MRule *r)
{
    return r->has_target && r->kind == M_TARGET_SHARE_HIRES;
}

bool model_same_hires_target(const MRule *a, const MRule *r)
{
    if (a->scope != r->scope || strcmp(a->nature, r->nature) != 0 || (a->owner == NULL) != (r->owner == NULL))
        return false;
    return !a->owner || strcmp(utf8_key(a->owner, strlen(a->owner)), utf8_key(r->owner, strlen(r->owner))) == 0;
}

bool model_same_owner(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    /* Owners are typed by people in several places: "13 Habitat" = "13 habitat". */
    return strcmp(a, b) == 0 || strcmp(utf8_key(a, strlen(a)), utf8_key(b, strlen(b))) == 0;
}

const char *model_hires_key(int scope, const char *nature, const char *owner_key)
{
    /* \x1f cannot occur in a nature (an identifier); the owner's part starts with a mark so
    ** that no owner and an owner are never the same key. */
    return rt_sprintf("%d\x1f%s\x1f%s", scope, nature, owner_key ? rt_sprintf("o%s", owner_key) : "");
}

const char *model_hires_target_key(const MRule *r)
{
    return model_hires_key(r->scope, r->nature, r->owner ? utf8_key(r->owner, strlen(r->owner)) : NULL);
}

int model_hires_targets(const Model *m, MHiresTarget **out)
{
    /* One key per rule and one map lookup: comparing each rule with every target found
    ** before it cost the square of the targets (and two owner keys a comparison). */
    MHiresTarget *targets = NULL;
    int n = 0;
    IdMap seen = { 0 };
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (!model_rule_is_hires(r))
            continue;
        const char *key = model_hires_target_key(r);
        int k = idmap_add(&seen, key, strlen(key), n);
        if (k < 0) {
            RT_GROW(targets, n);
            targets[n] = (MHiresTarget){ 0 };
            k = n++;
        }
        RT_GROW(targets[k].rules, targets[k].nrules);
        targets[k].rules[targets[k].nrules++] = r;
    }
    *out = targets;
    return n;
}

/* A stable counting sort of the n indices of in by key[index], in [0, nkeys), into out;
** start gets where each key begins (nkeys + 1 entries). */
static void sort_by_key(const int *in, int n, const int *key, int nkeys, int *out, int *start)
{
    int *at = rt_alloc_atomic(sizeof(int) * (size_t)(nkeys + 1));
    memset(start, 0, sizeof(int) * (size_t)(nkeys + 1));
    for (int i = 0; i < n; i++)
        start[key[in[i]] + 1]++;
    for (int k = 0; k < nkeys; k++)
        start[k + 1] += start[k];
    memcpy(at, start, sizeof(int) * (size_t)(nkeys + 1));
    for (int i = 0; i < n; i++)
        out[at[key[in[i]]]++] = in[i];
}

static void index_ids(IdMap *ids, const void *items, int n, size_t size, size_t id_at)
{
    *ids = (IdMap){ 0 };
    idmap_reserve(ids, (size_t)n);
    for (int i = 0; i < n; i++) {
        const char *id = *(const char *const *)((const char *)items + size * (size_t)i + id_at);
        /* The first of a twice-declared id, as a scan finds it (the checker reports the second). */
        if (id)
            idmap_add(ids, id, strlen(id), i);
    }
}

void model_index(Model *m)
{
    index_ids(&m->scope_ids, m->scopes, m->nscopes, sizeof *m->scopes, offsetof(MScope, id));
    index_ids(&m->family_ids, m->families, m->nfamilies, sizeof *m->families, offsetof(MFamily, id));
    int n = m->nrules;
    int *source = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    int *by_scope = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    int *scope = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    int *family = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        source[i] = i;
        scope[i] = m->rules[i].scope;
        family[i] = m->rules[i].family + 1;
    }
    /* By scope, then by family: the second sort keeps the first's order within a family. */
    sort_by_key(source, n, scope, m->nscopes, by_scope, rt_alloc_atomic(sizeof(int) * (size_t)(m->nscopes + 1)));
    m->rule_order = rt_alloc_atomic(sizeof(int) * (size_t)(n + 1));
    m->family_start = rt_alloc_atomic(sizeof(int) * (size_t)(m->nfamilies + 2));
    sort_by_key(by_scope, n, family, m->nfamilies + 1, m->rule_order, m->family_start);
}

int model_family_rules(const Model *m, int family, const int **rules)
{
    *rules = NULL;
    if (!m->family_start || family < -1 || family >= m->nfamilies)
        return 0;
    *rules = m->rule_order + m->family_start[family + 1];
    return m->family_start[family + 2] - m->family_start[family + 1];
}

/* The first of the n rules (sorted by scope) whose scope is at least scope. */
static int first_at_least(const Model *m, const int *rules, int n, int scope)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (m->rules[rules[mid]].scope < scope)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int model_rules_at(const Model *m, int family, int scope, const int **rules)
{
    const int *all;
    int n = model_family_rules(m, family, &all);
    int first = first_at_least(m, all, n, scope);
    *rules = all ? all + first : NULL;
    return first_at_least(m, all, n, scope + 1) - first;
}

int model_rules_on_chain(const Model *m, int family, int scope, const int **rules)
{
    const int **head = NULL, **end = NULL;
    int depth = 0, total = 0;
    /* The step bound keeps a broken model's cycle finite, as in model_scope_within. */
    for (int s = scope, steps = 0; s >= 0 && s < m->nscopes && steps <= m->nscopes; s = m->scopes[s].parent, steps++) {
        const int *at;
        int k = model_rules_at(m, family, s, &at);
        if (k == 0)
            continue;
        RT_GROW(head, depth);
        RT_GROW(end, depth);
        head[depth] = at;
        end[depth++] = at + k;
        total += k;
    }
    if (depth <= 1) {
        *rules = depth ? head[0] : NULL;
        return total;
    }
    /* Each scope's rules are in the charter's order: merged, so are they all. */
    int *merged = rt_alloc_atomic(sizeof(int) * (size_t)total);
    for (int i = 0; i < total; i++) {
        int best = -1;
        for (int d = 0; d < depth; d++)
            if (head[d] < end[d] && (best < 0 || *head[d] < *head[best]))
                best = d;
        merged[i] = *head[best]++;
    }
    *rules = merged;
    return total;
}

/* r replaces in_force as the rule in force on day: its date has come, and it is not older. */
static bool hires_rule_later(const MRule *r, const MRule *in_force, Date day)
{
    return r->from <= day && (!in_force || r->from >= in_force->from);
}

const MRule *model_hires_target_at(const MHiresTarget *t, Date day)
{
    const MRule *in_force = NULL;
    for (int i = 0; i < t->nrules; i++)
        if (hires_rule_later(t->rules[i], in_force, day))
            in_force = t->rules[i];
    return in_force;
}

const MRule *model_hires_rule_at(const Model *m, const MRule *first, Date day)
{
    const MRule *in_force = NULL;
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (model_rule_is_hires(r) && model_same_hires_target(first, r) && hires_rule_later(r, in_force, day))
            in_force = r;
    }
    return in_force;
}

/* A module's text as its writer and its readers know it: a literate
** charter's whole document (its prose is part of what is signed), without a
** leading BOM and with CR LF read as LF, which a Windows checkout or another
** editor changes without anyone changing the charter. */
static void digest_module(Sha256 *h, const Source *src)
{
    const char *t = source_written(src);
    size_t len = src->len, i = 0, kept = 0;
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        size_t run = i;
        while (run < len && !(t[run] == '\r' && run + 1 < len && t[run + 1] == '\n'))
            run++;
        sha256_update(h, t + i, run - i);
        kept += run - i;
        i = run < len ? run + 1 : run;      /* the CR of a CR LF */
    }
    /* The text's length after it: read from the end, the stream splits into
    ** its modules one way only. */
    unsigned char n[8];
    for (int b = 0; b < 8; b++)
        n[b] = (unsigned char)(kept >> (8 * b));
    sha256_update(h, n, sizeof n);
}

/* Each module's text in load order (a module after those it imports). Not its name:
** the path a charter was given by depends on where the command ran, and an
** import's name is already in the text that imports it. */
const char *model_digest(const Model *m)
{
    if (m->nmodules == 0)
        return NULL;
    Sha256 h;
    sha256_init(&h);
    for (int i = 0; i < m->nmodules; i++)
        digest_module(&h, m->modules[i]->src);
    char *hex = rt_alloc_atomic(65);
    sha256_final_hex(&h, hex);
    return hex;
}

const char *model_version(const char *digest)
{
    return digest ? rt_strndup(digest, MODEL_VERSION_DIGITS) : NULL;
}
