/* runtime/eval_floors.c: the national floor under a fixed-hours target: max(target, floor × base hours), and how to say so. */
#include "eval_impl.h"

#include "gc.h"
#include "num.h"

/* The floor of the family's category, NULL when it has none. */
static const MCategory *floor_category(const Model *m, int family)
{
    if (family < 0)
        return NULL;
    int ci = m->families[family].category;
    if (ci < 0 || !m->categories[ci].has_floor)
        return NULL;
    return &m->categories[ci];
}

/* target := floor × base when that is higher; true when it was. Local rules
** may only raise the floors: a fixed number of hours cannot lower one. */
bool eval_floors_raise(const Model *m, int family, mpq_srcptr base, mpq_ptr target)
{
    const MCategory *c = floor_category(m, family);
    if (!c || !base)
        return false;
    mpq_ptr floor_hours = eval_new_num();
    mpq_mul(floor_hours, c->floor, base);
    if (mpq_cmp(floor_hours, target) <= 0)
        return false;
    mpq_set(target, floor_hours);
    return true;
}

const Prov *eval_floors_prov(const Model *m, int family)
{
    const MCategory *c = floor_category(m, family);
    return c ? &c->floor_prov : NULL;
}

/* "plancher national appliqué : 10 % × 2 000 h = 200 h, au-dessus de l'objectif de 150 h". */
Say eval_floors_note(const Model *m, int family, mpq_srcptr base, mpq_srcptr local)
{
    const MCategory *c = floor_category(m, family);
    mpq_ptr hours = eval_new_num();
    mpq_mul(hours, c->floor, base);
    mpq_ptr pct = eval_new_num();
    mpq_set_ui(pct, 100, 1);
    mpq_mul(pct, pct, c->floor);
    return say(rt_sprintf("plancher national appliqué : %s %% × %s h = %s h, au-dessus de l'objectif de %s h",
                          num_to_french(pct, 2), num_to_french(base, 2), num_to_french(hours, 2),
                          num_to_french(local, 2)),
               rt_sprintf("national floor applied: %s %% × %s h = %s h, above the target of %s h",
                          num_to_english(pct, 2), num_to_english(base, 2), num_to_english(hours, 2),
                          num_to_english(local, 2)));
}
