/* tests/bench/amp-ref/pools.c: pooled targets (issue 10 §1, examples/belvance/REFERENCE.md): members joined, each pool's target rounded once, caps at the pool, status and gap, printed. */
#include "amp-ref.h"

/* Owners are matched case- and accent-blind (owners.c): « Vaure Habitat » and « VAURE HABITAT »
 * hold one pool. */
static bool same_pool(const Pool *p, int scope, int fam, int level, const char *owner_key)
{
    return p->scope == scope && p->fam == fam && p->level == level &&
           (level != LV_POOL_OWNER || strcmp(p->owner_key, owner_key) == 0);
}

long amp_pool_join(Ctx *x, const Contract *k, const Result *res)
{
    size_t i = 0;
    while (i < x->npools && !same_pool(&x->pools[i], res->rule.rule_scope, k->fam, res->rule.level, k->maitre_key))
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
        p->owner_key = k->maitre_key;
        p->owner_id = k->id;
        mpq_inits(p->base, p->contrib, p->other, p->training, p->obj, p->real, NULL);
    }
    Pool *p = &x->pools[i];
    /* A per-owner pool is named after its member of least id (docs/evaluation.md). */
    if (p->owner && strcmp(k->id, p->owner_id) < 0) {
        p->owner = k->maitre;
        p->owner_id = k->id;
    }
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
    for (size_t i = 0; i < x->npools; i++) {
        Pool *p = &x->pools[i];
        mpq_set(p->obj, p->contrib);
        amp_round_up(p->obj);
        amp_counted_hours(p->real, p->other, p->training, p->obj);
        p->status = mpq_cmp(p->real, p->obj) >= 0 ? ST_ATTEINT : ST_NON_ATTEINT;
    }
}

/* A pool's id: scope/family, and /owner for a per-owner pool (docs/evaluation.md). */
static char *pool_id(const Ctx *x, const Pool *p)
{
    const char *scope = x->ch->scope_name[p->scope], *fam = FAM_NAME[p->fam];
    size_t n = strlen(scope) + strlen(fam) + (p->owner ? strlen(p->owner) + 1 : 0) + 2;
    char *id = amp_xmalloc(n);
    snprintf(id, n, p->owner ? "%s/%s/%s" : "%s/%s", scope, fam, p->owner ? p->owner : "");
    return id;
}

typedef struct {
    char *id;
    size_t pool;
} PoolRef;

static int by_pool_id(const void *a, const void *b)
{
    return strcmp(((const PoolRef *)a)->id, ((const PoolRef *)b)->id);
}

static int by_contract_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_member_id(const void *a, const void *b, void *ctx)
{
    const Ctx *x = ctx;
    return strcmp(x->ct[*(const size_t *)a].id, x->ct[*(const size_t *)b].id);
}

/* The members of one pool, by id, separated by ','. */
static void put_members(FILE *out, const Ctx *x, const Result *res, size_t pool)
{
    const char **ids = amp_xmalloc((x->pools[pool].members + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < x->nct; i++)
        if (res[i].pool == (long)pool)
            ids[n++] = x->ct[i].id;
    qsort(ids, n, sizeof *ids, by_contract_id);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        amp_put_text(out, ids[i]);
    }
    free(ids);
}

/* One line per pool sorted by id, then each member's contribution. */
void amp_print_pools(FILE *out, const Ctx *x, const Result *res)
{
    if (!x->npools)
        return;
    PoolRef *order = amp_xmalloc(x->npools * sizeof *order);
    for (size_t i = 0; i < x->npools; i++)
        order[i] = (PoolRef){pool_id(x, &x->pools[i]), i};
    qsort(order, x->npools, sizeof *order, by_pool_id);
    fputs("mutualisation;id;famille;perimetre;maitre_ouvrage;statut;heures_base;heures_objectif;heures_realisees;"
          "ecart;membres\n",
          out);
    mpq_t ecart;
    mpq_init(ecart);
    for (size_t i = 0; i < x->npools; i++) {
        const Pool *p = &x->pools[order[i].pool];
        fputs("mutualisation;", out);
        amp_put_text(out, order[i].id);
        fprintf(out, ";%s;%s;", FAM_NAME[p->fam], x->ch->scope_name[p->scope]);
        if (p->owner)
            amp_put_text(out, p->owner);
        fprintf(out, ";%s;", STATUS_NAME[p->status]);
        amp_put_decimal(out, p->base);
        fputc(';', out);
        amp_put_decimal(out, p->obj);
        fputc(';', out);
        amp_put_decimal(out, p->real);
        fputc(';', out);
        mpq_sub(ecart, p->real, p->obj);
        amp_put_decimal(out, ecart);
        fputc(';', out);
        put_members(out, x, res, order[i].pool);
        fputc('\n', out);
    }
    mpq_clear(ecart);
    fputs("membre;marche;mutualisation;contribution\n", out);
    size_t *members = amp_xmalloc((x->nct + 1) * sizeof *members), n = 0;
    for (size_t i = 0; i < x->nct; i++)
        if (res[i].pool >= 0)
            members[n++] = i;
    qsort_r(members, n, sizeof *members, by_member_id, (void *)x);
    for (size_t m = 0; m < n; m++) {
        size_t i = members[m];
        fputs("membre;", out);
        amp_put_text(out, x->ct[i].id);
        fputc(';', out);
        char *id = pool_id(x, &x->pools[res[i].pool]);
        amp_put_text(out, id);
        free(id);
        fputc(';', out);
        amp_put_decimal(out, res[i].obj);
        fputc('\n', out);
    }
    free(members);
    for (size_t i = 0; i < x->npools; i++)
        free(order[i].id);
    free(order);
}

/* The rest of each pool's figures, by id: per owner or not, members of unknown base hours (none:
 * both charters give every family its estimate parameters), the national floor applied (never:
 * see amp_print_details). */
void amp_print_pool_details(FILE *out, const Ctx *x)
{
    if (!x->npools)
        return;
    PoolRef *order = amp_xmalloc(x->npools * sizeof *order);
    for (size_t i = 0; i < x->npools; i++)
        order[i] = (PoolRef){pool_id(x, &x->pools[i]), i};
    qsort(order, x->npools, sizeof *order, by_pool_id);
    fputs("detail_mutualisation;id;par_maitre_ouvrage;heures_base_inconnues;plancher_national_applique\n", out);
    for (size_t i = 0; i < x->npools; i++) {
        fputs("detail_mutualisation;", out);
        amp_put_text(out, order[i].id);
        fprintf(out, ";%s;0;false\n", x->pools[order[i].pool].level == LV_POOL_OWNER ? "true" : "false");
        free(order[i].id);
    }
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

/* What thresholds waive (issue 10 §3): per family (declaration order) and contract scope (tree
 * order), the non-subject contracts, their amounts, base hours and the target hours they would
 * have had: rate × base, rounded up when assessed per contract, exact when it would have
 * joined a pool. */
void amp_print_forgone(FILE *out, const Ctx *x, const Result *res)
{
    const Charter *ch = x->ch;
    fputs("exemption;famille;perimetre;marches;montant_ht;heures_base;heures_base_inconnues;heures_objectif\n", out);
    mpq_t amount, base, target, t;
    mpq_inits(amount, base, target, t, NULL);
    for (int f = 0; f < N_FAM; f++)
        for (int k = 0; k < ch->nscope; k++) {
            int s = ch->scope_tree[k];
            long n = 0;
            mpq_set_ui(amount, 0, 1);
            mpq_set_ui(base, 0, 1);
            mpq_set_ui(target, 0, 1);
            for (size_t i = 0; i < x->nct; i++) {
                if (x->ct[i].fam != f || x->ct[i].scope != s || res[i].status != ST_NON_SOUMIS)
                    continue;
                n++;
                mpq_add(amount, amount, x->ct[i].montant);
                mpq_add(base, base, res[i].base);
                mpq_set_ui(t, (unsigned long)res[i].rule.taux_pct, 100);
                mpq_canonicalize(t);
                mpq_mul(t, t, res[i].base);
                if (res[i].rule.level == LV_CONTRACT)
                    amp_round_up(t);
                mpq_add(target, target, t);
            }
            if (!n)
                continue;
            fprintf(out, "exemption;%s;%s;%ld;", FAM_NAME[f], ch->scope_name[s], n);
            amp_put_decimal(out, amount);
            fputc(';', out);
            amp_put_decimal(out, base);
            fputs(";0;", out);
            amp_put_decimal(out, target);
            fputc('\n', out);
        }
    mpq_clears(amount, base, target, t, NULL);
}
