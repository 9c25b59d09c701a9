/* tests/bench/amp-ref/report.c: the AMP rules resolved for a contract, each contract evaluated and printed, and the --complet aggregates, reasons and indicators. */
#include "amp-ref.h"

/* ====================================================================== */
/* The AMP charter, hard-coded                                            */
/* ====================================================================== */

/* Each field is taken from the most specific scope that sets it; at one scope the rule in
 * force with the latest date wins (an amendment replaces the earlier rule). */
static void rule_resolve(int fam, int scope, long notif, int *taux_pct, long *seuil)
{
    *taux_pct = -1;
    *seuil = -1;
    for (int s = scope; s >= 0 && (*taux_pct < 0 || *seuil < 0); s = SCOPE_PARENT[s]) {
        long best_t = -1, best_s = -1;
        int t = -1;
        long th = -1;
        for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
            const Rule *r = &RULES[i];
            if (r->scope != s || r->fam != fam || r->from > notif)
                continue;
            if (r->taux_pct >= 0 && r->from > best_t) {
                best_t = r->from;
                t = r->taux_pct;
            }
            if (r->seuil >= 0 && r->from > best_s) {
                best_s = r->from;
                th = r->seuil;
            }
        }
        if (*taux_pct < 0 && t >= 0)
            *taux_pct = t;
        if (*seuil < 0 && th >= 0)
            *seuil = th;
    }
}

/* ====================================================================== */
/* Small utilities                                                        */
/* ====================================================================== */
/* ====================================================================== */
/* Evaluation and output                                                  */
/* ====================================================================== */

/* Exact decimal with ',' as the mark and no trailing zeros; a value that is not a finite
 * decimal is rounded half-up to 2 decimals (only heures_base can be one). */
void amp_put_decimal(FILE *out, const mpq_t v)
{
    mpz_t den, f, n;
    mpz_inits(den, f, n, NULL);
    mpz_set(den, mpq_denref(v));
    mpz_set_ui(f, 2);
    unsigned long twos = mpz_remove(den, den, f);
    mpz_set_ui(f, 5);
    unsigned long fives = mpz_remove(den, den, f);
    unsigned long k;
    if (mpz_cmp_ui(den, 1) == 0) {
        k = twos > fives ? twos : fives;
        mpz_ui_pow_ui(f, 10, k);
        mpz_mul(n, mpq_numref(v), f);
        mpz_divexact(n, n, mpq_denref(v));
    } else {
        k = 2; /* floor(v × 100 + 1/2) */
        mpz_mul_ui(n, mpq_numref(v), 200);
        mpz_add(n, n, mpq_denref(v));
        mpz_mul_ui(f, mpq_denref(v), 2);
        mpz_fdiv_q(n, n, f);
    }
    while (k > 0 && mpz_divisible_ui_p(n, 10)) {
        mpz_divexact_ui(n, n, 10);
        k--;
    }
    if (mpz_sgn(n) < 0) {
        fputc('-', out);
        mpz_neg(n, n);
    }
    char *s = mpz_get_str(NULL, 10, n);
    size_t len = strlen(s);
    if (k == 0) {
        fputs(s, out);
    } else if (len > k) {
        fwrite(s, 1, len - k, out);
        fputc(',', out);
        fputs(s + len - k, out);
    } else {
        fputs("0,", out);
        for (size_t i = len; i < k; i++)
            fputc('0', out);
        fputs(s, out);
    }
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    gmp_free(s, len + 1);
    mpz_clears(den, f, n, NULL);
}

/* A text field of the output CSV, quoted only when it has to be. */
static void put_text(FILE *out, const char *s)
{
    if (!strpbrk(s, ";\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void mpz_set_i64(mpz_t z, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    mpz_set_str(z, buf, 10);
}

static void hours_total(const Contract *k, int formation, mpq_t out)
{
    mpz_set_i64(mpq_numref(out), k->hours[formation]);
    mpz_set_ui(mpq_denref(out), (unsigned long)HOUR_SCALE);
    mpq_canonicalize(out);
    if (k->big)
        mpq_add(out, out, k->hours_q[formation]);
}

void amp_evaluate_and_print(FILE *out, const Contract *k, Result *res)
{
    mpq_t base, obj, cap, other, training, real, ecart, taux_q;
    mpq_inits(base, obj, cap, other, training, real, ecart, taux_q, NULL);
    int taux;
    long seuil;
    rule_resolve(k->fam, k->scope, k->notif, &taux, &seuil);
    if (k->has_ht) {
        mpq_set(base, k->ht);
    } else {
        mpq_set_ui(base, (unsigned long)FAM_SHARE_PCT[k->fam], 100UL * (unsigned long)FAM_COST[k->fam]);
        mpq_canonicalize(base);
        mpq_mul(base, base, k->montant);
    }
    mpq_set_ui(taux_q, (unsigned long)seuil, 1);
    bool soumis = mpq_cmp(k->montant, taux_q) >= 0;
    if (soumis) {
        mpq_set_ui(taux_q, (unsigned long)taux, 100);
        mpq_canonicalize(taux_q);
        mpq_mul(obj, taux_q, base);
        mpz_cdiv_q(mpq_numref(obj), mpq_numref(obj), mpq_denref(obj));
        mpz_set_ui(mpq_denref(obj), 1);
    }
    mpq_set_ui(cap, 1, TRAINING_CAP_DIVISOR);
    mpq_mul(cap, cap, obj);
    hours_total(k, 0, other);
    hours_total(k, 1, training);
    mpq_set(real, other);
    mpq_add(real, real, mpq_cmp(training, cap) < 0 ? training : cap);
    mpq_sub(ecart, real, obj);
    const char *statut = !soumis ? "non_soumis" : mpq_cmp(real, obj) >= 0 ? "atteint" : "non_atteint";

    put_text(out, k->id);
    fprintf(out, ";%s;%s;", FAM_NAME[k->fam], SCOPE_NAME[k->scope]);
    put_text(out, k->maitre);
    fprintf(out, ";%s;%d;%ld;", statut, taux, seuil);
    amp_put_decimal(out, base);
    fputc(';', out);
    amp_put_decimal(out, obj);
    fputc(';', out);
    amp_put_decimal(out, real);
    fputc(';', out);
    amp_put_decimal(out, ecart);
    fputc('\n', out);
    res->status = !soumis ? ST_NON_SOUMIS : mpq_cmp(real, obj) >= 0 ? ST_ATTEINT : ST_NON_ATTEINT;
    mpq_set(res->obj, obj);
    mpq_set(res->real, real);
    mpq_clears(base, obj, cap, other, training, real, ecart, taux_q, NULL);
}

/* ---------- --complet: aggregates, reasons, indicators (docs/evaluation.md §5, §6) ---------- */

static void agg_add(Agg *a, const Result *r)
{
    a->marches++;
    if (r->status == ST_NON_SOUMIS)
        return;
    a->soumis++;
    a->atteints += r->status == ST_ATTEINT;
    mpq_add(a->obj, a->obj, r->obj);
    mpq_add(a->real, a->real, r->real);
}

/* num ÷ den in percent; nothing when den is 0. */
static void put_percent(FILE *out, const mpq_t num, const mpq_t den)
{
    if (mpq_sgn(den) == 0)
        return;
    mpq_t q;
    mpq_init(q);
    mpq_div(q, num, den);
    mpz_mul_ui(mpq_numref(q), mpq_numref(q), 100);
    mpq_canonicalize(q);
    amp_put_decimal(out, q);
    mpq_clear(q);
}

static void agg_print(const char *axis, const char *key, const Agg *a)
{
    printf("agregat;%s;", axis);
    put_text(stdout, key);
    printf(";%ld;%ld;%ld;", a->marches, a->soumis, a->atteints);
    amp_put_decimal(stdout, a->obj);
    putchar(';');
    amp_put_decimal(stdout, a->real);
    putchar(';');
    put_percent(stdout, a->real, a->obj);
    putchar('\n');
}

void amp_print_aggregates(const Ctx *x, const size_t *by_owner, const Result *res)
{
    Agg fam[N_FAM], scope[N_SCOPE], national, owner;
    Agg *all[] = {&national, &owner};
    for (int f = 0; f < N_FAM; f++)
        mpq_inits(fam[f].obj, fam[f].real, NULL);
    for (int s = 0; s < N_SCOPE; s++)
        mpq_inits(scope[s].obj, scope[s].real, NULL);
    for (size_t i = 0; i < 2; i++)
        mpq_inits(all[i]->obj, all[i]->real, NULL);
    for (int f = 0; f < N_FAM; f++)
        fam[f].marches = fam[f].soumis = fam[f].atteints = 0;
    for (int s = 0; s < N_SCOPE; s++)
        scope[s].marches = scope[s].soumis = scope[s].atteints = 0;
    national.marches = national.soumis = national.atteints = 0;
    for (size_t i = 0; i < x->nct; i++) {
        agg_add(&fam[x->ct[i].fam], &res[i]);
        agg_add(&national, &res[i]);
        for (int s = x->ct[i].scope; s >= 0; s = SCOPE_PARENT[s])
            agg_add(&scope[s], &res[i]);
    }
    puts("agregat;axe;cle;marches;soumis;atteints;heures_objectif;heures_realisees;taux_realisation");
    for (int f = 0; f < N_FAM; f++)
        if (fam[f].marches)
            agg_print("familles", FAM_NAME[f], &fam[f]);
    if (national.marches)
        agg_print("perimetres", "national", &national);
    static const int TREE[N_SCOPE] = {S_AMP, S_MARSEILLE, S_AIR_BEL, S_SAINT_BARTHELEMY, S_AIX, S_ENCAGNANE};
    for (int t = 0; t < N_SCOPE; t++)
        if (scope[TREE[t]].marches)
            agg_print("perimetres", SCOPE_NAME[TREE[t]], &scope[TREE[t]]);
    for (size_t i = 0; i < x->nct;) {
        const char *name = x->ct[by_owner[i]].maitre;
        owner.marches = owner.soumis = owner.atteints = 0;
        mpq_set_ui(owner.obj, 0, 1);
        mpq_set_ui(owner.real, 0, 1);
        for (; i < x->nct && strcmp(x->ct[by_owner[i]].maitre, name) == 0; i++)
            agg_add(&owner, &res[by_owner[i]]);
        agg_print("maitres_ouvrage", name, &owner);
    }
    for (int f = 0; f < N_FAM; f++)
        mpq_clears(fam[f].obj, fam[f].real, NULL);
    for (int s = 0; s < N_SCOPE; s++)
        mpq_clears(scope[s].obj, scope[s].real, NULL);
    for (size_t i = 0; i < 2; i++)
        mpq_clears(all[i]->obj, all[i]->real, NULL);
}

void amp_print_reasons(const Ctx *x)
{
    puts("non_comptees;table;motif;lignes");
    if (x->nc_marches_late)
        printf("non_comptees;marches;notifie_apres_date_evaluation;%ld\n", x->nc_marches_late);
    if (x->count[T_PARTICIPANTS].non_comptees)
        printf("non_comptees;participants;non_eligible;%ld\n", x->count[T_PARTICIPANTS].non_comptees);
    static const int BY_CODE[N_NC] = {NC_APRES_AU, NC_AVANT_ENTREE, NC_AVANT_NOTIFICATION, NC_HORS_PERIODE,
                                      NC_MARCHE_NON_EVALUE, NC_NON_ELIGIBLE};
    for (int i = 0; i < N_NC; i++)
        if (x->nc_heures[BY_CODE[i]])
            printf("non_comptees;heures;%s;%ld\n", NC_CODE[BY_CODE[i]], x->nc_heures[BY_CODE[i]]);
}

static void put_count(long n, bool secret)
{
    if (secret)
        fputs("secret", stdout);
    else
        printf("%ld", n);
}

/* The AMP indicators: a count, two filtered shares, a count by public. */
void amp_print_indicators(const Ctx *x)
{
    long active = 0, female = 0, under26 = 0, pub[N_PUBLIC] = {0};
    for (size_t i = 0; i < x->npt; i++) {
        const Participant *p = &x->pt[i];
        if (!p->active)
            continue;
        active++;
        female += p->female;
        under26 += p->under26;
        for (int k = 0; k < N_PUBLIC; k++)
            pub[k] += p->pub[k];
    }
    bool total_secret = active < SECRET_K;
    printf("indicateurs;secret_statistique;%d\nindicateurs;participants;", SECRET_K);
    put_count(active, total_secret);
    fputs("\nindicateur;nombre_participants;", stdout);
    put_count(active, total_secret);
    putchar('\n');
    const char *share_id[2] = {"femmes", "moins_de_26_ans"};
    long share_n[2] = {female, under26};
    mpq_t num, den;
    mpq_inits(num, den, NULL);
    for (int i = 0; i < 2; i++) {
        printf("indicateur;%s;", share_id[i]);
        /* The complement is a cell too: the number of participants is printed. */
        if (share_n[i] < SECRET_K || active - share_n[i] < SECRET_K || total_secret) {
            fputs("secret", stdout);
        } else {
            mpq_set_si(num, share_n[i], 1);
            mpq_set_si(den, active, 1);
            put_percent(stdout, num, den);
        }
        putchar('\n');
    }
    mpq_clears(num, den, NULL);
    fputs("indicateur;publics;", stdout);
    put_count(active, total_secret);
    putchar('\n');
    bool secret[N_PUBLIC];
    int nsecret = 0;
    for (int k = 0; k < N_PUBLIC; k++) {
        secret[k] = total_secret || pub[k] < SECRET_K;
        nsecret += secret[k];
    }
    if (!total_secret && nsecret == 1) {
        int smallest = -1;
        for (int k = 0; k < N_PUBLIC; k++)
            if (!secret[k] && (smallest < 0 || pub[k] < pub[smallest]))
                smallest = k;
        if (smallest >= 0)
            secret[smallest] = true;
    }
    for (int k = 0; k < N_PUBLIC; k++) {
        printf("case;publics;%s;", PUBLIC_NAME[k]);
        put_count(pub[k], secret[k]);
        putchar('\n');
    }
}
