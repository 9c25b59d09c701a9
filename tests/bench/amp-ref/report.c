/* tests/bench/amp-ref/report.c: the AMP rules resolved for a contract, each contract evaluated and printed, and the --complet aggregates, reasons and indicators. */
#include "amp-ref.h"

/* ====================================================================== */
/* The rules resolved for one contract                                    */
/* ====================================================================== */

/* Each field is taken from the most specific scope that sets it; at one scope the rule in
 * force with the latest date wins (an amendment replaces the earlier rule).  The rule that
 * sets the rate also decides the level at which the target is assessed, and its scope names
 * the pool. */
static void rule_resolve(const Charter *ch, int fam, int scope, long notif, Resolved *out)
{
    out->taux_pct = -1;
    out->seuil = -1;
    out->level = LV_CONTRACT;
    out->rule_scope = -1;
    for (int s = scope; s >= 0 && (out->taux_pct < 0 || out->seuil < 0); s = ch->scope_parent[s]) {
        long best_t = -1, best_s = -1;
        const Rule *t = NULL;
        long th = -1;
        for (size_t i = 0; i < ch->nrules; i++) {
            const Rule *r = &ch->rules[i];
            if (r->scope != s || r->fam != fam || r->from > notif)
                continue;
            if (r->taux_pct >= 0 && r->from > best_t) {
                best_t = r->from;
                t = r;
            }
            if (r->seuil >= 0 && r->from > best_s) {
                best_s = r->from;
                th = r->seuil;
            }
        }
        if (out->taux_pct < 0 && t) {
            out->taux_pct = t->taux_pct;
            out->level = t->level;
            out->rule_scope = s;
        }
        if (out->seuil < 0 && th >= 0)
            out->seuil = th;
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
void amp_put_text(FILE *out, const char *s)
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

/* The charter's rounding of target hours: up to the hour, in place. */
void amp_round_up(mpq_t q)
{
    mpz_cdiv_q(mpq_numref(q), mpq_numref(q), mpq_denref(q));
    mpz_set_ui(mpq_denref(q), 1);
}

/* The hours of the other modalities, plus training up to 20 % of the target. */
void amp_counted_hours(mpq_t real, const mpq_t other, const mpq_t training, const mpq_t target)
{
    mpq_t cap;
    mpq_init(cap);
    mpq_set_ui(cap, 1, TRAINING_CAP_DIVISOR);
    mpq_mul(cap, cap, target);
    mpq_add(real, other, mpq_cmp(training, cap) < 0 ? training : cap);
    mpq_clear(cap);
}

/* Base hours, threshold, target: a contract assessed alone gets its target and status here;
 * a pool member joins its pool, settled once every contract is in (amp_pools_settle). */
void amp_evaluate(Ctx *x, const Contract *k, Result *res)
{
    const Charter *ch = x->ch;
    mpq_t seuil_q, taux_q;
    mpq_inits(seuil_q, taux_q, NULL);
    rule_resolve(ch, k->fam, k->scope, k->notif, &res->rule);
    if (k->has_ht) {
        mpq_set(res->base, k->ht);
    } else {
        mpq_set_ui(res->base, (unsigned long)ch->fam_share_pct[k->fam], 100UL * (unsigned long)ch->fam_cost[k->fam]);
        mpq_canonicalize(res->base);
        mpq_mul(res->base, res->base, k->montant);
    }
    mpq_set_ui(seuil_q, (unsigned long)res->rule.seuil, 1);
    bool soumis = mpq_cmp(k->montant, seuil_q) >= 0;
    hours_total(k, 0, res->other);
    hours_total(k, 1, res->training);
    bool in_period = k->notif >= ch->from && k->notif <= ch->to;
    if (!in_period) /* not subject, target 0, in no pool */
        soumis = false;
    mpq_set_ui(res->obj, 0, 1);
    if (soumis) {
        mpq_set_ui(taux_q, (unsigned long)res->rule.taux_pct, 100);
        mpq_canonicalize(taux_q);
        mpq_mul(res->obj, taux_q, res->base);
    }
    res->pool = soumis && res->rule.level != LV_CONTRACT ? amp_pool_join(x, k, res) : -1;
    if (res->pool >= 0) {
        res->status = ST_MUTUALISE;
        mpq_add(res->real, res->other, res->training);
    } else {
        amp_round_up(res->obj);
        amp_counted_hours(res->real, res->other, res->training, res->obj);
        res->status = !in_period ? ST_HORS_PERIODE
                      : !soumis  ? ST_NON_SOUMIS
                      : mpq_cmp(res->real, res->obj) >= 0 ? ST_ATTEINT
                                                          : ST_NON_ATTEINT;
    }
    mpq_clears(seuil_q, taux_q, NULL);
}

/* A pool member has no gap of its own: its compliance is the pool's. */
void amp_print_contract(FILE *out, const Ctx *x, const Contract *k, const Result *res)
{
    amp_put_text(out, k->id);
    fprintf(out, ";%s;%s;", FAM_NAME[k->fam], x->ch->scope_name[k->scope]);
    amp_put_text(out, k->maitre);
    if (res->status == ST_HORS_PERIODE) { /* no rule applies: only its hours */
        fprintf(out, ";%s;;;;0;", STATUS_NAME[res->status]);
        amp_put_decimal(out, res->real);
        fputs(";\n", out);
        return;
    }
    fprintf(out, ";%s;%d;%ld;", STATUS_NAME[res->status], res->rule.taux_pct, res->rule.seuil);
    amp_put_decimal(out, res->base);
    fputc(';', out);
    if (res->pool < 0) /* a member's target is its pool's; its contribution is listed with it */
        amp_put_decimal(out, res->obj);
    fputc(';', out);
    amp_put_decimal(out, res->real);
    fputc(';', out);
    if (res->pool < 0) {
        mpq_t ecart;
        mpq_init(ecart);
        mpq_sub(ecart, res->real, res->obj);
        amp_put_decimal(out, ecart);
        mpq_clear(ecart);
    }
    fputc('\n', out);
}

/* ---------- --complet: aggregates, reasons, indicators (docs/evaluation.md §5, §6) ---------- */

/* The target hours a threshold waives on one non-subject contract (docs/evaluation.md): rate ×
 * base, rounded up when it would have been assessed alone, exact when it would have joined a
 * pool; nothing for the others. */
static void waived_hours(FILE *out, const Result *r)
{
    if (r->status != ST_NON_SOUMIS)
        return;
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(t, (unsigned long)r->rule.taux_pct, 100);
    mpq_canonicalize(t);
    mpq_mul(t, t, r->base);
    if (r->rule.level == LV_CONTRACT)
        amp_round_up(t);
    amp_put_decimal(out, t);
    mpq_clear(t);
}

/* The rest of each contract's figures, by id: the amount and the notification date as read
 * (the forms of each data format turned into one number and one date), base hours estimated
 * (no hours worked given), the fixed target (none: both charters set rates only), the hours
 * waived, the national floor applied. The floor never binds here: every rate of both charters is at or above its
 * category's floor (management 10 %, investment 5 %), so rate × base, or a pool's sum of them,
 * is at or above floor × base. */
void amp_print_details(FILE *out, const Ctx *x, const size_t *by_id, const Result *res)
{
    fputs("detail;marche;montant_ht;date_notification;heures_base_estimees;objectif_fixe;"
          "heures_objectif_exemptees;plancher_national_applique\n",
          out);
    for (size_t i = 0; i < x->nct; i++) {
        const Contract *k = &x->ct[by_id[i]];
        fputs("detail;", out);
        amp_put_text(out, k->id);
        putc(';', out);
        amp_put_decimal(out, k->montant);
        fprintf(out, ";%04ld-%02ld-%02ld", k->notif / 10000, k->notif / 100 % 100, k->notif % 100);
        fprintf(out, ";%s;;", k->has_ht ? "false" : "true");
        waived_hours(out, &res[by_id[i]]);
        fputs(";false\n", out);
    }
}

/* A pool member counts in every aggregate it falls in, but is subject (and reached, with its
 * pool) only in those its pool belongs to: its family, the scopes at and above the pool's
 * scope, its owner for a per-owner pool; the pool's target and hours are added there once
 * (agg_add_pool). */
static void agg_add(const Ctx *x, Agg *a, const Result *r, bool pool_here)
{
    a->marches++;
    if (r->status == ST_NON_SOUMIS || r->status == ST_HORS_PERIODE)
        return;
    if (r->pool >= 0) {
        if (pool_here) {
            a->soumis++;
            a->atteints += x->pools[r->pool].status == ST_ATTEINT;
        }
        return;
    }
    a->soumis++;
    a->atteints += r->status == ST_ATTEINT;
    mpq_add(a->obj, a->obj, r->obj);
    mpq_add(a->real, a->real, r->real);
}

static void agg_add_pool(Agg *a, const Pool *p)
{
    mpq_add(a->obj, a->obj, p->obj);
    mpq_add(a->real, a->real, p->real);
}

static bool scope_at_or_above(const Charter *ch, int s, int above)
{
    for (; s >= 0; s = ch->scope_parent[s])
        if (s == above)
            return true;
    return false;
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
    amp_put_text(stdout, key);
    printf(";%ld;%ld;%ld;", a->marches, a->soumis, a->atteints);
    amp_put_decimal(stdout, a->obj);
    putchar(';');
    amp_put_decimal(stdout, a->real);
    putchar(';');
    put_percent(stdout, a->real, a->obj);
    putchar('\n');
}

/* One owner's total, printed once every owner is summed. */
typedef struct {
    const char *name;
    Agg agg;
} OwnerLine;

static int by_owner_name(const void *a, const void *b)
{
    return strcmp(((const OwnerLine *)a)->name, ((const OwnerLine *)b)->name);
}

void amp_print_aggregates(const Ctx *x, const size_t *by_owner, const Result *res)
{
    const Charter *ch = x->ch;
    Agg fam[N_FAM], scope[MAX_SCOPE], national, owner;
    Agg *all[] = {&national, &owner};
    for (int f = 0; f < N_FAM; f++)
        mpq_inits(fam[f].obj, fam[f].real, NULL);
    for (int s = 0; s < ch->nscope; s++)
        mpq_inits(scope[s].obj, scope[s].real, NULL);
    for (size_t i = 0; i < 2; i++)
        mpq_inits(all[i]->obj, all[i]->real, NULL);
    for (int f = 0; f < N_FAM; f++)
        fam[f].marches = fam[f].soumis = fam[f].atteints = 0;
    for (int s = 0; s < ch->nscope; s++)
        scope[s].marches = scope[s].soumis = scope[s].atteints = 0;
    national.marches = national.soumis = national.atteints = 0;
    for (size_t i = 0; i < x->nct; i++) {
        int ps = res[i].pool >= 0 ? x->pools[res[i].pool].scope : -1;
        agg_add(x, &fam[x->ct[i].fam], &res[i], true);
        agg_add(x, &national, &res[i], true);
        for (int s = x->ct[i].scope; s >= 0; s = ch->scope_parent[s])
            agg_add(x, &scope[s], &res[i], ps >= 0 && scope_at_or_above(ch, ps, s));
    }
    for (size_t k = 0; k < x->npools; k++) {
        const Pool *p = &x->pools[k];
        agg_add_pool(&fam[p->fam], p);
        agg_add_pool(&national, p);
        for (int s = p->scope; s >= 0; s = ch->scope_parent[s])
            agg_add_pool(&scope[s], p);
    }
    puts("agregat;axe;cle;marches;soumis;atteints;heures_objectif;heures_realisees;taux_realisation");
    for (int f = 0; f < N_FAM; f++)
        if (fam[f].marches)
            agg_print("familles", FAM_NAME[f], &fam[f]);
    if (national.marches)
        agg_print("perimetres", "national", &national);
    for (int t = 0; t < ch->nscope; t++)
        if (scope[ch->scope_tree[t]].marches)
            agg_print("perimetres", ch->scope_name[ch->scope_tree[t]], &scope[ch->scope_tree[t]]);
    /* by_owner groups the contracts of one owner (its spellings matched case- and accent-blind,
     * owners.c), least id first: the group is shown under that contract's spelling, and the
     * groups are printed sorted by it. */
    OwnerLine *lines = amp_xmalloc((x->nct + 1) * sizeof *lines);
    size_t nlines = 0;
    for (size_t i = 0; i < x->nct;) {
        const char *name = x->ct[by_owner[i]].maitre, *key = x->ct[by_owner[i]].maitre_key;
        owner.marches = owner.soumis = owner.atteints = 0;
        mpq_set_ui(owner.obj, 0, 1);
        mpq_set_ui(owner.real, 0, 1);
        for (; i < x->nct && strcmp(x->ct[by_owner[i]].maitre_key, key) == 0; i++) {
            const Result *r = &res[by_owner[i]];
            agg_add(x, &owner, r, r->pool >= 0 && x->pools[r->pool].level == LV_POOL_OWNER);
        }
        for (size_t k = 0; k < x->npools; k++)
            if (x->pools[k].level == LV_POOL_OWNER && strcmp(x->pools[k].owner_key, key) == 0)
                agg_add_pool(&owner, &x->pools[k]);
        OwnerLine *l = &lines[nlines++];
        l->name = name;
        l->agg = owner;
        mpq_inits(l->agg.obj, l->agg.real, NULL);
        mpq_set(l->agg.obj, owner.obj);
        mpq_set(l->agg.real, owner.real);
    }
    qsort(lines, nlines, sizeof *lines, by_owner_name);
    for (size_t i = 0; i < nlines; i++) {
        agg_print("maitres_ouvrage", lines[i].name, &lines[i].agg);
        mpq_clears(lines[i].agg.obj, lines[i].agg.real, NULL);
    }
    free(lines);
    for (int f = 0; f < N_FAM; f++)
        mpq_clears(fam[f].obj, fam[f].real, NULL);
    for (int s = 0; s < ch->nscope; s++)
        mpq_clears(scope[s].obj, scope[s].real, NULL);
    for (size_t i = 0; i < 2; i++)
        mpq_clears(all[i]->obj, all[i]->real, NULL);
}

static int late_by_id(const void *a, const void *b)
{
    return strcmp(((const Late *)a)->id, ((const Late *)b)->id);
}

/* The contracts notified after the evaluation date, by id: not evaluated, listed apart. */
void amp_print_late(FILE *out, Ctx *x)
{
    if (!x->nlate)
        return;
    qsort(x->late, x->nlate, sizeof *x->late, late_by_id);
    fputs("non_evalue;marche;date_notification;ligne\n", out);
    for (size_t i = 0; i < x->nlate; i++) {
        const Late *l = &x->late[i];
        fputs("non_evalue;", out);
        amp_put_text(out, l->id);
        fprintf(out, ";%04ld-%02ld-%02ld;%ld\n", l->notif / 10000, l->notif / 100 % 100, l->notif % 100, l->line);
    }
}

void amp_print_reasons(const Ctx *x)
{
    puts("non_comptees;table;motif;lignes");
    if (x->count[T_MARCHES].non_comptees)
        printf("non_comptees;marches;notifie_apres_date_evaluation;%ld\n", x->count[T_MARCHES].non_comptees);
    if (x->count[T_PARTICIPANTS].non_comptees)
        printf("non_comptees;participants;non_eligible;%ld\n", x->count[T_PARTICIPANTS].non_comptees);
    static const int BY_CODE[N_NC] = {NC_APRES_AU,      NC_AVANT_ENTREE,      NC_AVANT_NOTIFICATION,
                                      NC_HORS_PERIODE, NC_MARCHE_NON_EVALUE, NC_NON_ELIGIBLE};
    for (int i = 0; i < N_NC; i++)
        if (x->nc_heures[BY_CODE[i]])
            printf("non_comptees;heures;%s;%ld\n", NC_CODE[BY_CODE[i]], x->nc_heures[BY_CODE[i]]);
    static const char *const HIRE_CODE[2] = {"apres_date_evaluation", "hors_periode"};
    for (int i = 0; i < 2; i++)
        if (x->nc_embauches[i])
            printf("non_comptees;embauches;%s;%ld\n", HIRE_CODE[i], x->nc_embauches[i]);
}

static void put_count(long n, bool secret)
{
    if (secret)
        fputs("secret", stdout);
    else
        printf("%ld", n);
}

/* The head of an indicator's line: its id, its kind (a count or a share) and the column it is
 * broken down by (none: empty). */
static void put_indicator(const char *id, const char *type, const char *by)
{
    printf("indicateur;%s;%s;%s;", id, type, by);
}

/* A filtered figure is secret when it or its complement is under k, or the total is. */
static bool filtered_secret(long n, long active)
{
    return n < SECRET_K || active - n < SECRET_K || active < SECRET_K;
}

/* Belvance: a count, a filtered share, a filtered count (its local public). */
static void print_belvance_indicators(long active, long female, long young_unqualified)
{
    put_indicator("femmes", "part", "");
    if (filtered_secret(female, active)) {
        fputs("secret", stdout);
    } else {
        mpq_t num, den;
        mpq_inits(num, den, NULL);
        mpq_set_si(num, female, 1);
        mpq_set_si(den, active, 1);
        put_percent(stdout, num, den);
        mpq_clears(num, den, NULL);
    }
    putchar('\n');
    put_indicator("jeunes_sans_qualification", "nombre", "");
    put_count(young_unqualified, filtered_secret(young_unqualified, active));
    putchar('\n');
}

/* The AMP indicators: a count, two filtered shares, a count by public. */
void amp_print_indicators(const Ctx *x)
{
    long active = 0, female = 0, under26 = 0, young_unqualified = 0, pub[N_PUBLIC] = {0};
    for (size_t i = 0; i < x->npt; i++) {
        const Participant *p = &x->pt[i];
        if (!p->active)
            continue;
        active++;
        female += p->female;
        under26 += p->under26;
        young_unqualified += p->young_unqualified;
        for (int k = 0; k < N_PUBLIC; k++)
            pub[k] += p->pub[k];
    }
    bool total_secret = active < SECRET_K;
    printf("indicateurs;secret_statistique;%d\nindicateurs;participants;", SECRET_K);
    put_count(active, total_secret);
    putchar('\n');
    put_indicator("nombre_participants", "nombre", "");
    put_count(active, total_secret);
    putchar('\n');
    if (x->ch->young_unqualified) {
        print_belvance_indicators(active, female, young_unqualified);
        return;
    }
    const char *share_id[2] = {"femmes", "moins_de_26_ans"};
    long share_n[2] = {female, under26};
    mpq_t num, den;
    mpq_inits(num, den, NULL);
    for (int i = 0; i < 2; i++) {
        put_indicator(share_id[i], "part", "");
        /* The complement is a cell too: the number of participants is printed. */
        if (filtered_secret(share_n[i], active)) {
            fputs("secret", stdout);
        } else {
            mpq_set_si(num, share_n[i], 1);
            mpq_set_si(den, active, 1);
            put_percent(stdout, num, den);
        }
        putchar('\n');
    }
    mpq_clears(num, den, NULL);
    put_indicator("publics", "nombre", "public");
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
