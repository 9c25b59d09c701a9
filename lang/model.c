/* lang/model.c: queries on a checked Model (lookups by id, scope containment), the provenance labels every report prints, and the charter's digest. */
#include "model.h"

#include "gc.h"
#include "idmap.h"
#include "sha256.h"
#include "utf8.h"

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
    for (int i = 0; i < m->nscopes; i++)
        if (strcmp(m->scopes[i].id, id) == 0)
            return i;
    return -1;
}

int model_family_index(const Model *m, const char *id)
{
    for (int i = 0; i < m->nfamilies; i++)
        if (strcmp(m->families[i].id, id) == 0)
            return i;
    return -1;
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

const char *model_hires_target_key(const MRule *r)
{
    /* \x1f cannot occur in a nature (an identifier); the owner's part starts with a mark so
    ** that no owner and an owner are never the same key. */
    return rt_sprintf("%d\x1f%s\x1f%s", r->scope, r->nature,
                      r->owner ? rt_sprintf("o%s", utf8_key(r->owner, strlen(r->owner))) : "");
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
