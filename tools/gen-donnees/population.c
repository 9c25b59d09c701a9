/* tools/gen-donnees/population.c: the contracts and participants drawn for a profile and a territory, with the edge cases its rules care about. */
#include "gen-donnees.h"

/* ====================================================================== */
/* The data                                                               */
/* ====================================================================== */

/* Amount in cents: spread over bands (integers only, so identical everywhere). */
static int64_t contract_amount(Rng *r, const Territory *t, int fam, int scope, bool under)
{
    int64_t lo, hi;
    if (under) {
        lo = 15000;
        hi = t->fam_threshold[fam] - 1;
        if (fam == t->low_fam && scope == t->low_scope && gen_rng_pct(r, 60))
            lo = t->low_threshold; /* subject at that scope but not elsewhere */
    } else {
        static const int64_t BAND[6] = {40000, 100000, 300000, 1000000, 2000000, 3000000};
        static const int W_GESTION[5] = {40, 35, 20, 5, 0};
        static const int W_TRAVAUX[5] = {0, 20, 35, 30, 15};
        static const int W_INGE[5] = {0, 45, 40, 15, 0};
        const int *w = fam == F_TRAVAUX ? W_TRAVAUX : fam == F_INGENIERIE ? W_INGE : W_GESTION;
        int b = gen_rng_weighted(r, w, 5);
        lo = BAND[b];
        hi = BAND[b + 1];
    }
    int64_t euros = gen_rng_range(r, lo, hi);
    int style = (int)gen_rng_below(r, 10);
    if (style < 4)
        return euros * 100 + gen_rng_range(r, 1, 99); /* with cents */
    if (style < 7)
        euros = euros / 10 * 10;
    else
        euros = euros < 1000 ? euros : euros / 100 * 100;
    if (euros < lo)
        euros = lo;
    return euros * 100;
}

/* The contracts an amendment reaches (for AMP: espaces verts at every scope, encombrants at
 * Saint-Barthélemy) alternate both sides of its date, sometimes on its eve or its very day. */
static Date contract_notification(Rng *r, const Territory *t, int fam, int scope, long alt[2])
{
    Date lo = t->notif_lo, hi = t->notif_hi;
    int i = 0;
    while (i < 2 && !(t->pivot[i].fam == fam && (t->pivot[i].scope < 0 || t->pivot[i].scope == scope)))
        i++;
    if (i == 2)
        return gen_random_date(r, lo, hi);
    Date pivot = t->pivot[i].date;
    bool after = alt[i]++ % 2 == 1;
    long p = gen_days_from_civil(pivot);
    if (gen_rng_below(r, 6) == 0)
        return gen_civil_from_days(after ? p : p - 1);
    return after ? gen_random_date(r, pivot, hi) : gen_random_date(r, lo, gen_civil_from_days(p - 1));
}

void gen_make_contracts(Gen *g)
{
    Rng r;
    gen_rng_seed(&r, g->seed, 1);
    const Territory *t = g->t;
    long n = g->size.contracts;
    long alt[2] = {0, 0};
    g->ct = gen_xmalloc((size_t)n * sizeof *g->ct);
    g->weight_cum = gen_xmalloc((size_t)n * sizeof *g->weight_cum);
    int64_t cum = 0;
    for (long i = 0; i < n; i++) {
        Contract *k = &g->ct[i];
        memset(k, 0, sizeof *k);
        if (i < N_FAM * t->nscope) { /* every family at every scope first */
            k->fam = (int)(i % N_FAM);
            k->scope = (int)(i / N_FAM);
        } else {
            k->fam = (int)gen_rng_below(&r, N_FAM);
            k->scope = gen_rng_weighted(&r, t->scope_weight, t->nscope);
        }
        /* then two contracts on both sides of the second amendment (AMP: avenant 2) */
        if (i == N_FAM * t->nscope || i == N_FAM * t->nscope + 1) {
            k->fam = t->pivot[1].fam;
            k->scope = t->pivot[1].scope;
        }
        int nown = 0;
        while (t->owners[k->scope][nown])
            nown++;
        k->owner = t->owners[k->scope][gen_rng_below(&r, (uint64_t)nown)];
        int nlab = 0;
        while (nlab < 5 && LABELS[k->fam][nlab])
            nlab++;
        const char *base = LABELS[k->fam][gen_rng_below(&r, (uint64_t)nlab)];
        snprintf(k->label, sizeof k->label, "%s – %s%s", base, t->scope_label[k->scope],
                 i == 4 ? "\n(lot n° 2, reconduction)" : "");
        bool under = gen_rng_pct(&r, 15);
        k->cents = contract_amount(&r, t, k->fam, k->scope, under);
        k->notif = contract_notification(&r, t, k->fam, k->scope, alt);
        k->has_ht = gen_rng_pct(&r, 40);
        if (k->has_ht) {
            /* reported hours near the estimate: cents × share ÷ (100 × cost) hundredths of an hour */
            int64_t h = k->cents * t->fam_share_pct[k->fam] / (100 * t->fam_cost[k->fam]) * gen_rng_range(&r, 75, 125) / 100;
            int style = (int)gen_rng_below(&r, 4);
            if (style < 2)
                h = h / 100 * 100;
            else if (style == 2)
                h = h / 50 * 50;
            k->ht = h > 0 ? h : 100;
        }
        /* Lines in proportion to the contract's size times a factor spread over 1..4096, so that
         * some contracts reach their target and others are far from it. */
        int64_t est = k->cents * t->fam_share_pct[k->fam] / (100 * t->fam_cost[k->fam]);
        int64_t w = (est / 100 + 1) << gen_rng_below(&r, 13);
        cum += w;
        g->weight_cum[i] = cum;
    }
}

void gen_make_participants(Gen *g)
{
    Rng r;
    gen_rng_seed(&r, g->seed, 2);
    long n = g->size.participants;
    g->pt = gen_xmalloc((size_t)n * sizeof *g->pt);
    static const int AGE_W[3] = {30, 50, 20};
    static const int NIV_W[8] = {6, 8, 30, 26, 12, 9, 6, 3};
    for (long i = 0; i < n; i++) {
        Participant *p = &g->pt[i];
        memset(p, 0, sizeof *p);
        p->female = gen_rng_pct(&r, 45);
        p->entry = gen_random_date(&r, (Date){2020, 1, 1}, (Date){2025, 12, 31});
        int special = SPECIAL_NONE;
        switch (i % 50) {
        case 7: special = SPECIAL_TURNS_26; break;
        case 17: special = SPECIAL_EVE_26; break;
        case 27: special = SPECIAL_TURNS_50; break;
        case 37: special = SPECIAL_EVE_50; break;
        case 47: special = SPECIAL_LEAP; break;
        default: break;
        }
        if (special == SPECIAL_LEAP) {
            /* born on 29 February 1996 or 1972: 26 or 50 on 1 March 2022; enters that day or the eve */
            bool senior = gen_rng_pct(&r, 50);
            p->birth = (Date){senior ? 1972 : 1996, 2, 29};
            long day = gen_days_from_civil(gen_birthday(p->birth, senior ? 50 : 26));
            p->entry = gen_civil_from_days(day - (gen_rng_pct(&r, 50) ? 1 : 0));
        } else if (special != SPECIAL_NONE) {
            int age = special == SPECIAL_TURNS_26 || special == SPECIAL_EVE_26 ? 26 : 50;
            Date lo = {2020 - age, 1, 2}, hi = {2025 - age, 12, 30};
            p->birth = gen_random_date(&r, lo, hi);
            Date bd = gen_birthday(p->birth, age);
            long day = gen_days_from_civil(bd);
            if (special == SPECIAL_EVE_26 || special == SPECIAL_EVE_50)
                day--;
            p->entry = gen_civil_from_days(day);
        } else {
            int band = gen_rng_weighted(&r, AGE_W, 3);
            int age = band == 0 ? (int)gen_rng_range(&r, 17, 25) : band == 1 ? (int)gen_rng_range(&r, 26, 49)
                                                                          : (int)gen_rng_range(&r, 50, 64);
            if (gen_rng_pct(&r, 1)) {
                static const int LEAPS[] = {1960, 1964, 1968, 1972, 1976, 1980, 1984, 1988, 1992, 1996, 2000, 2004, 2008};
                do
                    p->birth = (Date){LEAPS[gen_rng_below(&r, 13)], 2, 29};
                while (gen_age_at(p->birth, p->entry) < 17 || gen_age_at(p->birth, p->entry) > 64);
            } else {
                /* a birth date giving exactly `age` full years at entry */
                long e = gen_days_from_civil(p->entry);
                long hi = gen_days_from_civil(gen_birthday((Date){p->entry.y - age, p->entry.m, p->entry.d}, 0));
                if (hi > e)
                    hi = e;
                do
                    p->birth = gen_civil_from_days(gen_rng_range(&r, hi - 365, hi));
                while (gen_age_at(p->birth, p->entry) != age);
            }
        }
        p->qpv = gen_rng_pct(&r, 80) ? (int)gen_rng_below(&r, (uint64_t)g->t->nqpv) : -1;
        p->mois = gen_rng_pct(&r, 30) ? 0 : (int)gen_rng_range(&r, 1, 48);
        static const int PCT[5] = {20, 5, 6, 8, 25};
        for (int f = 0; f < 5; f++) {
            bool b = gen_rng_pct(&r, PCT[f]);
            p->flag[f] = (signed char)b;
            if (!b && f >= 1 && f <= 3 && gen_rng_pct(&r, 20))
                p->flag[f] = -1; /* left empty: the column's default, non */
        }
        p->niveau = gen_rng_pct(&r, 15) ? 0 : 1 + gen_rng_weighted(&r, NIV_W, 8);
        /* A territory with a local public of unqualified young people draws more of them, in
         * and outside the QPV (no draw at all otherwise, so the other territories keep their
         * data). */
        if (g->t->unqualified_young_pct && gen_age_at(p->birth, p->entry) < 26 &&
            gen_rng_pct(&r, g->t->unqualified_young_pct)) {
            p->niveau = 1 + (int)gen_rng_below(&r, 2);
            if (gen_rng_pct(&r, 50))
                p->qpv = -1;
        }
        if (special != SPECIAL_NONE) {
            /* boundary cases decide on age alone: QPV resident, no other public */
            p->qpv = (int)(i % g->t->nqpv);
            p->mois = special == SPECIAL_EVE_50 || special == SPECIAL_TURNS_50 || (i / 50) % 2 ? 3 : 0;
            for (int f = 0; f < 5; f++)
                p->flag[f] = 0;
            p->niveau = (i / 50) % 4 == 3 ? 4 : 2; /* jeune needs ≤ 3 */
        }
    }
}

/* Hires: three per contract. Most are made for a contract (its family, scope and owner,
 * within 18 months of its notification, up to the export); the others for the project's engineering, its
 * support actions or running facilities, at a scope and by an owner of that scope. A
 * little under half go to a person followed as a participant. Stream 4: the other tables
 * keep their bytes. */
void gen_make_hires(Gen *g)
{
    Rng r;
    gen_rng_seed(&r, g->seed, 4);
    g->nhires = g->size.contracts * 3;
    g->hi = gen_xmalloc((size_t)g->nhires * sizeof *g->hi);
    long last = gen_days_from_civil(g->t->exported);
    /* a few hires from the months before the charter's period, as an export has them */
    Date earliest = gen_civil_from_days(gen_days_from_civil(g->t->notif_lo) - 120);
    for (long i = 0; i < g->nhires; i++) {
        Hire *h = &g->hi[i];
        if (gen_rng_pct(&r, 70)) {
            h->contract = (long)gen_rng_below(&r, (uint64_t)g->size.contracts);
            const Contract *k = &g->ct[h->contract];
            h->scope = k->scope;
            h->owner = k->owner;
            h->nature = FAM_ID[k->fam];
            long day = gen_days_from_civil(k->notif) + gen_rng_range(&r, 0, 540);
            h->date = gen_civil_from_days(day < last ? day : last);
        } else {
            h->contract = -1;
            h->scope = gen_rng_weighted(&r, g->t->scope_weight, g->t->nscope);
            int owners = 0;
            while (g->t->owners[h->scope][owners])
                owners++;
            h->owner = g->t->owners[h->scope][gen_rng_below(&r, (uint64_t)owners)];
            h->nature = OTHER_NATURE[gen_rng_below(&r, N_OTHER_NATURE)];
            h->date = gen_random_date(&r, earliest, g->t->exported);
        }
        h->participant = gen_rng_pct(&r, 45) ? (long)gen_rng_below(&r, (uint64_t)g->size.participants) : -1;
        h->kind = gen_rng_weighted(&r, KIND_WEIGHT, N_KIND);
        switch (h->kind) {
        case K_CDD: h->months = (int)gen_rng_range(&r, 1, 24); break;
        case K_ALTERNANCE: h->months = (int)gen_rng_range(&r, 12, 36); break;
        case K_INTERIM: h->months = (int)gen_rng_range(&r, 1, 6); break;
        default: h->months = 0; break;
        }
    }
}
