/* tools/gen-donnees/rows.c: the rows of marches, participants, heures and embauches written out, hour lines streamed, invalid rows mixed in. */
#include "gen-donnees.h"

/* ---------- rows ---------- */

static void fmt_id(char *out, size_t cap, char prefix, int width, long n)
{
    snprintf(out, cap, "%c%0*ld", prefix, width, n);
}

static const char *amount_group(const Gen *g, long i)
{
    if (i % 3 == 2)
        return " ";
    return i % 3 == 0 && g->fmt != FMT_CSV_1252 ? NNBSP : NBSP;
}

static void contract_vals(const Gen *g, long i, const Contract *k, const char *id, Val *v)
{
    gen_val_text(&v[0], id);
    gen_val_text(&v[1], k->label);
    gen_val_text(&v[2], FAM_ID[k->fam]);
    gen_val_text(&v[3], k->owner);
    gen_val_text(&v[4], g->t->scope_id[k->scope]);
    gen_val_hundredths(&v[5], g->fmt, k->cents, amount_group(g, i), i % 2 == 1, i % 4 == 1 ? NBSP "€" : NULL);
    gen_val_date(&v[6], g->fmt, k->notif);
    if (k->has_ht)
        gen_val_hundredths(&v[7], g->fmt, k->ht, NBSP, false, i % 5 == 2 ? " h" : NULL);
    else if (g->fmt == FMT_JSON && i % 2)
        v[7].kind = V_OMIT;
    else
        gen_val_null(&v[7]);
}

static void participant_vals(const Gen *g, const Participant *p, const char *id, Val *v)
{
    gen_val_text(&v[0], id);
    gen_val_text(&v[1], p->female ? "F" : "H");
    gen_val_date(&v[2], g->fmt, p->birth);
    if (p->qpv >= 0)
        gen_val_text(&v[3], g->t->qpv[p->qpv]);
    else
        gen_val_null(&v[3]);
    gen_val_date(&v[4], g->fmt, p->entry);
    gen_val_int(&v[5], g->fmt, p->mois);
    static const int COL[5] = {6, 7, 8, 9, 11};
    for (int f = 0; f < 5; f++) {
        if (p->flag[f] < 0)
            gen_val_null(&v[COL[f]]);
        else
            gen_val_bool(&v[COL[f]], g->fmt, f, p->flag[f] == 1);
    }
    if (p->niveau)
        gen_val_int(&v[10], g->fmt, p->niveau);
    else
        gen_val_null(&v[10]);
}

static void hour_vals(const Gen *g, const char *mid, const char *pid, long month, int64_t h, int mod, bool suffix,
                      Val *v)
{
    gen_val_text(&v[0], mid);
    gen_val_text(&v[1], pid);
    gen_val_month(&v[2], g->fmt, month);
    gen_val_hundredths(&v[3], g->fmt, h, NULL, false, suffix ? " h" : NULL);
    gen_val_text(&v[4], MOD_ID[mod]);
}

/* Invalid rows go after valid row pos(k) = (k + 1) × V ÷ (N + 1), so a duplicate always
 * follows the row it copies. */
static long invalid_pos(long k, long n_invalid, long n_valid)
{
    return (k + 1) * n_valid / (n_invalid + 1);
}

static void bad_date_text(Val *v, int fmt)
{
    v->kind = V_STR;
    snprintf(v->s, sizeof v->s, "%s", gen_is_french(fmt) ? "31/02/2024" : "2024-02-31");
}

static void write_invalid_contract(const Gen *g, Out *o, long k, long written)
{
    Val v[MAX_COLS];
    char id[32];
    long kind = k % 8;
    const Contract *model = &g->ct[written > 0 ? written - 1 : 0];
    fmt_id(id, sizeof id, 'M', 4, g->size.contracts + 1 + k);
    if (kind == 2)
        fmt_id(id, sizeof id, 'M', 4, written > 0 ? written : 1);
    contract_vals(g, k, model, id, v);
    switch (kind) {
    case 0: gen_val_text(&v[5], "12,3,4"); break;
    case 1: gen_val_text(&v[2], "plomberie"); break;
    case 2: gen_val_text(&v[1], "Doublon de saisie"); break;
    case 3: bad_date_text(&v[6], g->fmt); break;
    case 4: gen_val_text(&v[4], "la_savine"); break;
    case 5: gen_val_text(&v[5], "abc"); break;
    case 6: gen_val_null(&v[3]); break;
    default: gen_val_hundredths(&v[5], g->fmt, -500000, " ", false, NULL); break;
    }
    gen_out_row(o, v);
}

static void write_invalid_participant(const Gen *g, Out *o, long k, long written)
{
    Val v[MAX_COLS];
    char id[32];
    long kind = k % 8;
    const Participant *model = &g->pt[written > 0 ? written - 1 : 0];
    fmt_id(id, sizeof id, 'P', 5, g->size.participants + 1 + k);
    if (kind == 1)
        fmt_id(id, sizeof id, 'P', 5, written > 0 ? written : 1);
    participant_vals(g, model, id, v);
    switch (kind) {
    case 0: bad_date_text(&v[2], g->fmt); break;
    case 1: break;
    case 2: gen_val_text(&v[1], "X"); break;
    case 3: gen_val_text(&v[6], "peut-être"); break;
    case 4: gen_val_int(&v[10], g->fmt, 9); break;
    case 5: gen_val_int(&v[5], g->fmt, -2); break;
    case 6: gen_val_null(&v[4]); break;
    default: gen_val_text(&v[5], gen_is_french(g->fmt) ? "3,5" : "3.5"); break;
    }
    gen_out_row(o, v);
}

static void write_invalid_hour(const Gen *g, Out *o, long k, const char *mid, const char *pid, long month)
{
    Val v[MAX_COLS];
    char bad[32];
    long kind = k % 10;
    hour_vals(g, mid, pid, month, 15167, M_ETTI, false, v);
    switch (kind) {
    case 0: /* the first invalid contract row is rejected, so is this line */
        fmt_id(bad, sizeof bad, 'M', 4, g->size.contracts + 1);
        gen_val_text(&v[0], bad);
        break;
    case 1:
        fmt_id(bad, sizeof bad, 'P', 5, g->size.participants + g->invalid + 1000 + k);
        gen_val_text(&v[1], bad);
        break;
    case 2: gen_val_hundredths(&v[3], g->fmt, 0, NULL, false, NULL); break;
    case 3: gen_val_text(&v[4], "interim"); break;
    case 4: gen_val_text(&v[2], gen_is_french(g->fmt) ? "13/2024" : "2024-13"); break;
    case 5: gen_val_hundredths(&v[3], g->fmt, -750, NULL, false, NULL); break;
    case 6: gen_val_null(&v[1]); break;
    case 7:
        fmt_id(bad, sizeof bad, 'M', 4, g->size.contracts + g->invalid + 100 + k);
        gen_val_text(&v[0], bad);
        break;
    case 8: /* the first invalid participant row is rejected */
        fmt_id(bad, sizeof bad, 'P', 5, g->size.participants + 1);
        gen_val_text(&v[1], bad);
        break;
    default: gen_val_text(&v[3], "abc"); break;
    }
    gen_out_row(o, v);
}

static void contract_row(const Gen *g, long i, const char *id, Val *v) { contract_vals(g, i, &g->ct[i], id, v); }
static void participant_row(const Gen *g, long i, const char *id, Val *v) { participant_vals(g, &g->pt[i], id, v); }

/* Writes n rows with ids PREFIX0001…, and the invalid rows (each other one after
** a blank line) at their deterministic places. */
static void write_table(const Gen *g, int table, long n, char prefix, int width, RowVals row, InvalidRow invalid)
{
    Out o;
    Val v[MAX_COLS];
    char id[32];
    gen_out_open(&o, g->dir, table, g->fmt);
    long k = 0;
    for (long i = 0; i <= n; i++) {
        while (k < g->invalid && invalid_pos(k, g->invalid, n) == i) {
            if (k % 2 == 0)
                gen_out_blank(&o);
            invalid(g, &o, k, i);
            k++;
        }
        if (i == n)
            break;
        fmt_id(id, sizeof id, prefix, width, i + 1);
        row(g, i, id, v);
        gen_out_row(&o, v);
    }
    gen_out_close(&o);
}

void gen_write_contracts(const Gen *g)
{
    write_table(g, T_MARCHES, g->size.contracts, 'M', 4, contract_row, write_invalid_contract);
}

void gen_write_participants(const Gen *g)
{
    write_table(g, T_PARTICIPANTS, g->size.participants, 'P', 5, participant_row, write_invalid_participant);
}

static long pick_contract(const Gen *g, Rng *r)
{
    int64_t x = (int64_t)gen_rng_below(r, (uint64_t)g->weight_cum[g->size.contracts - 1]);
    long lo = 0, hi = g->size.contracts - 1;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (g->weight_cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static long month_of(Date d)
{
    return (long)d.y * 12 + d.m - 1;
}

/* Whether a participant belongs to a public the territory's charter counts: a QPV resident of
 * one of the national publics, or (a territory that adds one) a young person without
 * qualification. An approximation of the charter's own rule, good enough to place on the
 * contracts mostly the people a facilitator would place there. */
static bool likely_eligible(const Gen *g, const Participant *p)
{
    int age = gen_age_at(p->birth, p->entry);
    bool young_unqualified = age < 26 && p->niveau >= 1 && p->niveau <= 2;
    if (g->t->unqualified_young_pct && young_unqualified)
        return true;
    if (p->qpv < 0)
        return false;
    bool minima = p->flag[0] == 1 || p->flag[1] == 1 || p->flag[2] == 1;
    return p->mois >= 12 || minima || p->flag[3] == 1 || p->flag[4] == 1 ||
           (age < 26 && p->niveau >= 1 && p->niveau <= 3) || (age >= 50 && p->mois >= 1);
}

/* A participant for an episode on a contract notified in month notif: mostly one whose 24
 * months of eligibility overlap the months from the notification to the export, and who is
 * eligible; one in twelve is taken as drawn (a placement the charter does not count). */
static long pick_participant(const Gen *g, Rng *r, long notif, long exported)
{
    long p = 0;
    bool as_drawn = gen_rng_pct(r, 8);
    for (int tries = 0; tries < 40; tries++) {
        /* the smallest of three draws: some people are placed again and again, others rarely
         * or never (a facilitator's caseload, not everyone enrolled) */
        p = (long)gen_rng_below(r, (uint64_t)g->size.participants);
        for (int d = 0; d < 2; d++) {
            long q = (long)gen_rng_below(r, (uint64_t)g->size.participants);
            p = q < p ? q : p;
        }
        const Participant *pp = &g->pt[p];
        long entry = month_of(pp->entry);
        if (as_drawn || (entry <= exported && entry + 23 >= notif && likely_eligible(g, pp)))
            break;
    }
    return p;
}

/* Hour lines come in episodes: one participant on one contract through one modality for a run
 * of consecutive months. Work starts at the later of the contract's notification and the
 * participant's entry and mostly stays within the 24 months of eligibility; a few episodes
 * are logged before the notification or the entry, or run past the 24 months, as real
 * monitoring data has them. No month is after the export (the territory's `exported`). */
void gen_write_hours(const Gen *g)
{
    /* Hundredths of an hour on one contract in one month. Insertion hours are a
    ** part-time share of a contract's hours (a participant works across several
    ** contracts and weeks), so that the totals land near the targets, as in real
    ** monitoring data, rather than at several times them (most lines are counted). */
    static const int64_t WORK[] = {948, 948, 875, 813, 750, 656, 542, 474, 379, 219, 175, 88};
    static const int64_t TRAINING[] = {219, 438, 88, 175, 263, 656};
    Rng r;
    gen_rng_seed(&r, g->seed, 3);
    Out o;
    Val v[MAX_COLS];
    char mid[32], pid[32];
    gen_out_open(&o, g->dir, T_HEURES, g->fmt);
    long n = g->size.lines, written = 0, k = 0;
    long exported = month_of(g->t->exported);
    while (written < n) {
        long c = pick_contract(g, &r);
        long notif = month_of(g->ct[c].notif);
        long p = pick_participant(g, &r, notif, exported);
        int mod = gen_rng_weighted(&r, MOD_WEIGHT, N_MOD);
        long entry = month_of(g->pt[p].entry);
        long first = entry > notif ? entry : notif;
        long last = entry + 23 < exported ? entry + 23 : exported;
        int where = (int)gen_rng_below(&r, 100);
        long start, len;
        if (where < 3) { /* logged before the notification by mistake */
            start = notif - gen_rng_range(&r, 1, 3);
            len = gen_rng_range(&r, 1, 6);
        } else if (where < 5) { /* logged before the participant's entry */
            start = entry - gen_rng_range(&r, 1, 2);
            len = gen_rng_range(&r, 1, 6);
        } else if (where < 10 || first > last) { /* running past the 24 months */
            start = entry + gen_rng_range(&r, 18, 26);
            if (start < notif)
                start = notif;
            len = gen_rng_range(&r, 1, 12);
        } else {
            long room = last - first + 1;
            len = gen_rng_range(&r, 1, room < 12 ? room : 12);
            start = first + gen_rng_range(&r, 0, room - len);
        }
        if (start > exported)
            start = exported;
        if (start + len - 1 > exported)
            len = exported - start + 1;
        int64_t base = mod == M_FORMATION ? TRAINING[gen_rng_below(&r, 6)] : WORK[gen_rng_below(&r, 12)];
        fmt_id(mid, sizeof mid, 'M', 4, c + 1);
        fmt_id(pid, sizeof pid, 'P', 5, p + 1);
        for (long j = 0; j < len && written < n; j++) {
            while (k < g->invalid && invalid_pos(k, g->invalid, n) == written) {
                if (k % 2 == 0)
                    gen_out_blank(&o);
                write_invalid_hour(g, &o, k, mid, pid, start + j);
                k++;
            }
            int64_t h = gen_rng_pct(&r, 75) ? base : WORK[gen_rng_below(&r, 12)] / (mod == M_FORMATION ? 4 : 1);
            bool suffix = gen_rng_pct(&r, 3) && gen_is_french(g->fmt); /* draw in every format: same data */
            hour_vals(g, mid, pid, start + j, h, mod, suffix, v);
            gen_out_row(&o, v);
            written++;
        }
    }
    for (; k < g->invalid; k++)
        write_invalid_hour(g, &o, k, "M0001", "P00001", exported - 11);
    gen_out_close(&o);
}

static void hire_vals(const Gen *g, const Hire *h, const char *id, Val *v)
{
    char ref[32];
    gen_val_text(&v[0], id);
    gen_val_text(&v[1], h->owner);
    gen_val_text(&v[2], g->t->scope_id[h->scope]);
    gen_val_date(&v[3], g->fmt, h->date);
    gen_val_text(&v[4], h->nature);
    if (h->contract >= 0) {
        fmt_id(ref, sizeof ref, 'M', 4, h->contract + 1);
        gen_val_text(&v[5], ref);
    } else {
        gen_val_null(&v[5]);
    }
    if (h->participant >= 0) {
        fmt_id(ref, sizeof ref, 'P', 5, h->participant + 1);
        gen_val_text(&v[6], ref);
    } else {
        gen_val_null(&v[6]);
    }
    gen_val_text(&v[7], KIND_ID[h->kind]);
    if (h->months)
        gen_val_int(&v[8], g->fmt, h->months);
    else
        gen_val_null(&v[8]);
}

static void hire_row(const Gen *g, long i, const char *id, Val *v) { hire_vals(g, &g->hi[i], id, v); }

static void write_invalid_hire(const Gen *g, Out *o, long k, long written)
{
    Val v[MAX_COLS];
    char id[32];
    long kind = k % 6;
    fmt_id(id, sizeof id, 'E', 4, g->nhires + 1 + k);
    if (kind == 3)
        fmt_id(id, sizeof id, 'E', 4, written > 0 ? written : 1);
    hire_vals(g, &g->hi[written > 0 ? written - 1 : 0], id, v);
    switch (kind) {
    case 0: gen_val_text(&v[4], "plomberie"); break;
    case 1: gen_val_text(&v[2], "national"); break;
    case 2: bad_date_text(&v[3], g->fmt); break;
    case 3: break;
    case 4:
        fmt_id(id, sizeof id, 'P', 5, g->size.participants + g->invalid + 2000 + k);
        gen_val_text(&v[6], id);
        break;
    default: gen_val_text(&v[7], "stage"); break;
    }
    gen_out_row(o, v);
}

void gen_write_hires(const Gen *g)
{
    write_table(g, T_EMBAUCHES, g->nhires, 'E', 4, hire_row, write_invalid_hire);
}
