/* tests/bench/amp-ref/pools.c: pooled targets (issue 10 §1, examples/belvance/REFERENCE.md): members joined, each pool's target rounded once, caps at the pool, status and gap, printed. */
#include "amp-ref.h"

/* Owners are matched as everywhere else in the oracle: byte for byte (the generated data
 * spells each owner one way). */
static bool same_pool(const Pool *p, int scope, int fam, int level, const char *owner)
{
    return p->scope == scope && p->fam == fam && p->level == level &&
           (level != LV_POOL_OWNER || strcmp(p->owner, owner) == 0);
}

long amp_pool_join(Ctx *x, const Contract *k, const Result *res)
{
    size_t i = 0;
    while (i < x->npools && !same_pool(&x->pools[i], res->rule.rule_scope, k->fam, res->rule.level, k->maitre))
        i++;
    if (i == x->npools) {
        if (x->npools == x->cappools) {
            x->cappools = x->cappools ? x->cappools * 2 : 16;
            x->pools = amp_xrealloc(x->pools, x->cappools * sizeof *x->pools);
        }
        Pool *p = &x->pools[x->npools++];
        memset(p, 0, sizeof *p);
        p->scope = res->rule.rule_scope;
        p->fam = k->fam;
        p->level = res->rule.level;
        p->owner = res->rule.level == LV_POOL_OWNER ? k->maitre : NULL;
        mpq_inits(p->base, p->contrib, p->other, p->training, p->obj, p->real, NULL);
    }
    Pool *p = &x->pools[i];
    p->members++;
    mpq_add(p->base, p->base, res->base);
    mpq_add(p->contrib, p->contrib, res->obj);
    mpq_add(p->other, p->other, res->other);
    mpq_add(p->training, p->training, res->training);
    return (long)i;
}

/* Target: the exact sum of the members' contributions, rounded up to the hour once; training
 * hours count up to 20 % of that target. */
void amp_pools_settle(Ctx *x)
{
    mpq_t cap;
    mpq_init(cap);
    for (size_t i = 0; i < x->npools; i++) {
        Pool *p = &x->pools[i];
        mpz_cdiv_q(mpq_numref(p->obj), mpq_numref(p->contrib), mpq_denref(p->contrib));
        mpz_set_ui(mpq_denref(p->obj), 1);
        mpq_set_ui(cap, 1, TRAINING_CAP_DIVISOR);
        mpq_mul(cap, cap, p->obj);
        mpq_set(p->real, p->other);
        mpq_add(p->real, p->real, mpq_cmp(p->training, cap) < 0 ? p->training : cap);
        p->status = mpq_cmp(p->real, p->obj) >= 0 ? ST_ATTEINT : ST_NON_ATTEINT;
    }
    mpq_clear(cap);
}

static int pool_order(const void *a, const void *b, void *ctx)
{
    const Ctx *x = ctx;
    const Pool *p = &x->pools[*(const size_t *)a], *q = &x->pools[*(const size_t *)b];
    int c = strcmp(FAM_NAME[p->fam], FAM_NAME[q->fam]);
    if (!c)
        c = strcmp(x->ch->scope_name[p->scope], x->ch->scope_name[q->scope]);
    if (!c)
        c = strcmp(p->owner ? p->owner : "", q->owner ? q->owner : "");
    return c;
}

/* One line per pool, ordered by family, scope, owner. */
void amp_print_pools(FILE *out, const Ctx *x)
{
    if (!x->npools)
        return;
    size_t *order = amp_xmalloc(x->npools * sizeof *order);
    for (size_t i = 0; i < x->npools; i++)
        order[i] = i;
    qsort_r(order, x->npools, sizeof *order, pool_order, (void *)x);
    fputs("mutualisation;famille;perimetre;maitre_ouvrage;membres;heures_base;heures_objectif;heures_realisees;"
          "statut;ecart\n",
          out);
    mpq_t ecart;
    mpq_init(ecart);
    for (size_t i = 0; i < x->npools; i++) {
        const Pool *p = &x->pools[order[i]];
        fprintf(out, "mutualisation;%s;%s;", FAM_NAME[p->fam], x->ch->scope_name[p->scope]);
        if (p->owner)
            amp_put_text(out, p->owner);
        fprintf(out, ";%ld;", p->members);
        amp_put_decimal(out, p->base);
        fputc(';', out);
        amp_put_decimal(out, p->obj);
        fputc(';', out);
        amp_put_decimal(out, p->real);
        mpq_sub(ecart, p->real, p->obj);
        fprintf(out, ";%s;", STATUS_NAME[p->status]);
        amp_put_decimal(out, ecart);
        fputc('\n', out);
    }
    mpq_clear(ecart);
    free(order);
}

void amp_pools_free(Ctx *x)
{
    for (size_t i = 0; i < x->npools; i++) {
        Pool *p = &x->pools[i];
        mpq_clears(p->base, p->contrib, p->other, p->training, p->obj, p->real, NULL);
    }
    free(x->pools);
}
