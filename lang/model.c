/* lang/model.c: queries on a checked Model (lookups by id, scope containment), the provenance labels every report prints, and the charter's digest. */
#include "model.h"

#include "gc.h"
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

const MRule *model_hires_rule_at(const Model *m, const MRule *first, Date day)
{
    const MRule *in_force = NULL;
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (model_rule_is_hires(r) && model_same_hires_target(first, r) && r->from <= day
            && (!in_force || r->from >= in_force->from))
            in_force = r;
    }
    return in_force;
}

/* Each module's name and text, NUL-separated: two different sets of files
** cannot give the same stream of bytes. */
const char *model_digest(const Model *m)
{
    if (m->nmodules == 0)
        return NULL;
    Sha256 h;
    sha256_init(&h);
    for (int i = 0; i < m->nmodules; i++) {
        const Source *src = m->modules[i]->src;
        sha256_update(&h, src->name, strlen(src->name) + 1);
        sha256_update(&h, src->text, src->len);
        sha256_update(&h, "", 1);
    }
    char *hex = rt_alloc_atomic(65);
    sha256_final_hex(&h, hex);
    return hex;
}
