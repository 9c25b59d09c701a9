/* runtime/eval_hours.c: hour lines: each row counted or not (and why), summed exactly per contract and modality. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- hour lines ------------------------------------------------------------------------------ */

static void settle(EvalRun *e, EvalHoursPart *hp);
static void part_reject(EvalHoursPart *hp, long line, Say why);
static void add_sum(EvalScaledSum *acc, mpq_ptr q, EvalScaledSum x, mpq_ptr scratch);

static int choice_index(const MColumn *col, const char *choice)
{
    for (int i = 0; i < col->nchoices; i++)
        if (col->choices[i] == choice || strcmp(col->choices[i], choice) == 0)
            return i;
    return -1;
}

/* The index of a line's modality among heures.modalite's choices, -1 when it has none. */
static inline int line_choice(const Model *m, const DataRow *row)
{
    int col = m->std.h_modality;
    if (col < 0 || row->values[col].kind != VAL_TEXT)
        return -1;
    int choice = row->info ? row->info[col].choice : -1;
    return choice >= 0 ? choice : choice_index(&m->tables[M_TABLE_HEURES].columns[col], row->values[col].as.text);
}

int eval_hours_choice(const Model *m, const DataRow *row)
{
    return line_choice(m, row);
}

/* Finds the contract (or participant) a line points to; NULL with a reason
** when it is unknown or was rejected. */
const char *eval_hours_lookup_reason(IdMap *valid, IdMap *rejected, const char *id, int *index,
                                     const char *file, bool quote_id, bool contract, bool english)
{
    if (idmap_get(valid, id, strlen(id), index))
        return NULL;
    int line;
    const char *what = contract ? (english ? "contract" : "marché") : "participant";
    if (idmap_get(rejected, id, strlen(id), &line)) {
        if (english)
            return quote_id ? rt_sprintf("%s %s rejected (%s, line %d)", what, say_q_en(id), file, line)
                            : rt_sprintf("%s rejected (%s, line %d)", what, file, line);
        return quote_id ? rt_sprintf("%s « %s » rejeté (%s, ligne %d)", what, id, file, line)
                        : rt_sprintf("%s rejeté (%s, ligne %d)", what, file, line);
    }
    if (english)
        return quote_id ? rt_sprintf("unknown %s %s", what, say_q_en(id)) : rt_sprintf("unknown %s", what);
    return quote_id ? rt_sprintf("%s « %s » inconnu", what, id) : rt_sprintf("%s inconnu", what);
}

/* Moves a scaled sum into the rational accumulator q: the sum restarts from 0. */
static void flush_sum(EvalScaledSum *acc, mpq_ptr q, mpq_ptr scratch)
{
    if (acc->sum != 0) {
        num_scaled_to_mpq(scratch, (NumScaled){ acc->sum, acc->scale });
        mpq_add(q, q, scratch);
    }
    acc->sum = 0;
    acc->scale = 0;
}

/* acc += x, exactly; false when 64 bits cannot hold the result (acc still
** holds the same value, maybe at a finer scale). */
static inline bool add_scaled(EvalScaledSum *acc, NumScaled x)
{
    int64_t total;
    if (x.scale == acc->scale) {
        /* The common line: written with as many decimals as the sum has. */
        if (__builtin_add_overflow(acc->sum, x.mant, &total))
            return false;
        acc->sum = total;
        return true;
    }
    if (x.scale > acc->scale) {
        int64_t finer;
        if (__builtin_mul_overflow(acc->sum, num_pow10(x.scale - acc->scale), &finer))
            return false;
        acc->sum = finer;
        acc->scale = x.scale;
    }
    int64_t v;
    if (__builtin_mul_overflow(x.mant, num_pow10(acc->scale - x.scale), &v)
        || __builtin_add_overflow(acc->sum, v, &total))
        return false;
    acc->sum = total;
    return true;
}

/* acc (then q when acc overflows) += hours, exactly. A scaled cell may
** have no rational (data_hours_scaled_only): it is made here, when 64 bits
** cannot hold it. */
static inline void add_exact(EvalScaledSum *acc, mpq_ptr q, Value hours, const DataCellInfo *info, mpq_ptr scratch)
{
    if (info && info->scaled) {
        if (add_scaled(acc, info->num))
            return;
        flush_sum(acc, q, scratch);
        if (add_scaled(acc, info->num))
            return;
        num_scaled_to_mpq(scratch, info->num);
        mpq_add(q, q, scratch);
        return;
    }
    mpq_add(q, q, hours.as.num);
}

/* The rational that slot `slot` of contract ci overflows into: the
** contract's own, or (a thread's share) one of the share's. */
static mpq_ptr spill_of(EvalRun *e, EvalHoursPart *hp, int ci, int cap)
{
    EvalState *st = e->state;
    if (hp) {
        /* Overflowing 64 bits is rare: the slots that did are looked for one by one. */
        size_t slot = (size_t)ci * (size_t)st->sums_per_contract + (size_t)(cap + 1);
        for (int k = 0; k < hp->nspill; k++)
            if (hp->spill_slot[k] == slot)
                return hp->spill[k];
        RT_GROW_ATOMIC(hp->spill_slot, hp->nspill);
        RT_GROW(hp->spill, hp->nspill);
        hp->spill_slot[hp->nspill] = slot;
        return hp->spill[hp->nspill++] = eval_new_num();
    }
    return eval_period_sum_of(e->model, e->contracts[ci], cap + 1);
}

/* Adds a counted hour line to contract ci: to its capped modality cap, or to its free hours when cap < 0. */
static inline __attribute__((always_inline)) void accumulate(EvalRun *e, EvalHoursPart *hp, int ci, int cap, Value hours, const DataCellInfo *info)
{
    EvalState *st = e->state;
    EvalScaledSum *sums = hp ? hp->sums : st->sums;
    EvalScaledSum *acc = &sums[(size_t)ci * (size_t)st->sums_per_contract + (size_t)(cap + 1)];
    if (hp && !hp->touched_flag[ci]) {
        hp->touched_flag[ci] = 1;
        hp->touched[hp->ntouched++] = ci;
    }
    if (info && info->scaled && add_scaled(acc, info->num))
        return;
    add_exact(acc, spill_of(e, hp, ci, cap), hours, info, hp ? hp->scratch : st->scratch);
}

/* Slot k (the month au_month - k) of a months array, grown as needed. */
static inline EvalMonthSum *month_slot(EvalMonthSum **months, int *nmonths, long k)
{
    if (k >= *nmonths) {
        int n = *nmonths ? *nmonths : 64;
        while (n <= k)
            n *= 2;
        RT_GROW(*months, n - 1);
        for (int i = *nmonths; i < n; i++)
            (*months)[i].hours = eval_new_num();
        *nmonths = n;
    }
    return &(*months)[k];
}

/* Adds a counted hour line to the hours of its month (before caps: a cap
** applies to a contract's total, not to a month). */
static inline __attribute__((always_inline)) void accumulate_month(EvalRun *e, EvalHoursPart *hp, Month month, Value hours, const DataCellInfo *info)
{
    EvalState *st = e->state;
    long k = (long)e->au_month - (long)month;
    EvalMonthSum *ms = hp ? month_slot(&hp->months, &hp->nmonths, k) : month_slot(&st->months, &st->nmonths, k);
    ms->lines++;
    if (info && info->scaled && add_scaled(&ms->scaled, info->num))
        return;
    add_exact(&ms->scaled, ms->hours, hours, info, hp ? hp->scratch : st->scratch);
}

/* Every month from the first to the last with counted hours, in order, zeros included. */
void eval_hours_close_months(EvalRun *e)
{
    EvalState *st = e->state;
    int first = -1, last = -1;   /* slots: first is the latest month */
    for (int k = 0; k < st->nmonths; k++)
        if (st->months[k].lines > 0) {
            if (first < 0)
                first = k;
            last = k;
        }
    if (first < 0)
        return;
    e->nby_month = last - first + 1;
    e->by_month = RT_NEW_ARRAY(EvalMonthHours, e->nby_month);
    for (int k = last, i = 0; k >= first; k--, i++) {
        EvalMonthSum *ms = &st->months[k];
        flush_sum(&ms->scaled, ms->hours, st->scratch);
        e->by_month[i] = (EvalMonthHours){ e->au_month - k, ms->hours, ms->lines };
    }
}

/* Folds the scaled sums into the contracts' rationals, and the packed
** counters into the records: before eval_finish reads them. */
void eval_hours_flush_sums(EvalRun *e)
{
    EvalState *st = e->state;
    settle(e, NULL);
    for (int r = 0; r < EVAL_R_COUNT; r++)
        if (st->hours_not_counted[r]) {
            eval_not_counted_times(e, M_TABLE_HEURES, (EvalReasonCode)r, st->hours_not_counted[r]);
            st->hours_not_counted[r] = 0;
        }
    for (int i = 0; i < e->nparticipants; i++) {
        unsigned char drained = st->drained_active ? st->drained_active[i] : 0;
        const EvalHotParticipant *hot = &st->hot[i];
        if (drained && !hot->active)
            e->active_participants++;   /* those of the one-thread path were counted as they came */
        bool active = hot->active || drained;
        bool in_period = hot->period_active || (drained & EVAL_ACTIVE_IN_PERIOD);
        e->participants[i]->activity = (unsigned char)((active ? EVAL_ACTIVE : 0) | (in_period ? EVAL_ACTIVE_IN_PERIOD : 0));
        e->period_participants += in_period;
    }
    for (int i = 0; i < e->ncontracts; i++) {
        EvalContract *c = e->contracts[i];
        c->lines_counted += st->lines_counted[i];
        e->counts[M_TABLE_HEURES].counted += st->lines_counted[i];
        st->lines_counted[i] = 0;
        EvalScaledSum *sums = &st->sums[(size_t)i * (size_t)st->sums_per_contract];
        for (int j = 0; j < st->sums_per_contract; j++)
            flush_sum(&sums[j], eval_period_sum_of(e->model, c, j), st->scratch);
    }
}

static void reject_line(EvalRun *e, EvalHoursPart *hp, long line, Say why)
{
    if (hp)
        part_reject(hp, line, why);
    else
        eval_add_reject(e, M_TABLE_HEURES, line, why);
}

static void not_counted(EvalRun *e, EvalHoursPart *hp, EvalReasonCode code)
{
    /* Counted apart, and told to the run once (eval_hours_flush_sums): one
    ** line in ten is not counted, and the reasons are sorted in the end. */
    long *per_reason = hp ? hp->not_counted : e->state->hours_not_counted;
    per_reason[code]++;
}

/* EvalState.slot_of_choice: where a line of each modality adds, -1 when
** its modality is not counted (the line is then decided: the reason is
** eval_hours_decide's). */
static void prepare_slots(EvalRun *e)
{
    const Model *m = e->model;
    EvalState *st = e->state;
    int col = m->std.h_modality;
    int nchoices = col >= 0 ? m->tables[M_TABLE_HEURES].columns[col].nchoices : 0;
    st->slot_of_choice = rt_alloc_atomic(sizeof(int) * (size_t)(nchoices + 1));
    st->slot_of_choice[0] = 0;
    for (int i = 0; i < nchoices; i++) {
        bool counted = !st->choice_counted || st->choice_counted[i];
        int cap = st->cap_of_choice ? st->cap_of_choice[i] : -1;
        st->slot_of_choice[i + 1] = counted ? cap + 1 : -1;
    }
}

/* No last run: the next line starts one, looked up anew. */
static void forget_last_run(EvalHeldLines *q)
{
    q->cur = NULL;
    q->contract_len1 = 0;
    q->participant_len1 = 0;
    q->streaming = false;
}

void eval_hours_prepare(EvalRun *e, TableTexts texts)
{
    EvalState *st = e->state;
    st->hour_texts = texts;
    st->contract_by_key = rt_alloc_atomic(sizeof *st->contract_by_key * (texts.count + 1));
    st->participant_by_key = rt_alloc_atomic(sizeof *st->participant_by_key * (texts.count + 1));
    st->notified_month = rt_alloc_atomic(sizeof(Month) * ((size_t)e->ncontracts + 1));
    for (int i = 0; i < e->ncontracts; i++) {
        Date notified = e->contracts[i]->notified;
        st->notified_month[i] = eval_notified_month(notified);
    }
    prepare_slots(e);
}

/* A share's participant pi with a counted line (flag: of a month in the period
** too), listed at its first. */
static inline void note_active(EvalHoursPart *hp, int pi, unsigned char flag)
{
    unsigned char was = hp->active_flag[pi];
    if ((was & flag) == flag)
        return;
    if (!was)
        hp->activated[hp->nactivated++] = pi;
    hp->active_flag[pi] = was | flag;
}

/* Counts a line of known contract ci and participant pi, or says why not. */
static inline __attribute__((always_inline)) void count_known(EvalRun *e, EvalHoursPart *hp, int ci, int pi,
                                                              Month month, int choice, Value hours,
                                                              const DataCellInfo *hours_info)
{
    EvalState *st = e->state;
    EvalHotParticipant *p = &st->hot[pi];
    EvalReasonCode why = eval_hours_decide(e, st->notified_month[ci], p, month, choice);
    if (why != EVAL_R_COUNT) {
        not_counted(e, hp, why);
        return;
    }
    int cap = choice >= 0 && st->cap_of_choice ? st->cap_of_choice[choice] : -1;
    accumulate(e, hp, ci, cap, hours, hours_info);
    if (month < e->since_month)   /* counted at the day before the period too: its earlier sum */
        accumulate(e, hp, ci, cap + 1 + e->model->ncaps, hours, hours_info);
    accumulate_month(e, hp, month, hours, hours_info);
    bool in_period = month >= e->since_month;
    if (hp) {
        hp->lines_counted[ci]++;
        note_active(hp, pi, in_period ? EVAL_ACTIVE | EVAL_ACTIVE_IN_PERIOD : EVAL_ACTIVE);
        return;
    }
    st->lines_counted[ci]++;   /* the table's count too, in eval_hours_flush_sums */
    p->period_active |= in_period;
    if (!p->active) {
        p->active = true;
        e->active_participants++;
    }
}

/* The same, out of line: for the rare lines (the hot loop has its own copy). */
static __attribute__((noinline)) void count_known_later(EvalRun *e, EvalHoursPart *hp, int ci, int pi, Month month,
                                                        int choice, Value hours, const DataCellInfo *hours_info)
{
    count_known(e, hp, ci, pi, month, choice, hours, hours_info);
}

/* A line whose contract or participant is not a valid one: not counted
** (contract notified after the evaluation date) or rejected, and why. */
static void count_unknown(EvalRun *e, EvalHoursPart *hp, const char *cid, const char *pid, long line, Month month,
                          int choice, Value hours, const DataCellInfo *hours_info)
{
    EvalState *st = e->state;
    int ci = -1, pi = -1, late;
    if (idmap_get(st->contract_late, cid, strlen(cid), &late)) {
        not_counted(e, hp, EVAL_R_CONTRACT_LATE);
        return;
    }
    const char *mfile = st->files[M_TABLE_MARCHES], *pfile = st->files[M_TABLE_PARTICIPANTS];
    const char *cfr = eval_hours_lookup_reason(st->contract_ids, st->contract_rejected, cid, &ci, mfile, true, true, false);
    const char *pfr = eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, &pi, pfile, false, false, false);
    if (cfr || pfr) {
        const char *cen = cfr ? eval_hours_lookup_reason(st->contract_ids, st->contract_rejected, cid, &ci, mfile, true, true, true) : NULL;
        const char *pen = pfr ? eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, &pi, pfile, false, false, true) : NULL;
        const char *fr = cfr && pfr ? rt_sprintf("%s ; %s", cfr, pfr) : cfr ? cfr : pfr;
        const char *en = cen && pen ? rt_sprintf("%s; %s", cen, pen) : cen ? cen : pen;
        reject_line(e, hp, line, say(fr, en));
        return;
    }
    /* Found by their text after all (a row without its cells' info): counted. */
    count_known_later(e, hp, ci, pi, month, choice, hours, hours_info);
}

/* The ids of a line: true with ci and pi when both are valid. */
static bool resolve_ids(const EvalState *st, const char *cid, size_t clen, const char *pid, size_t plen, int *ci,
                        int *pi)
{
    return idmap_get(st->contract_ids, cid, clen, ci) && idmap_get(st->participant_ids, pid, plen, pi);
}

static EvalHeldLines *held_of(EvalRun *e, EvalHoursPart *hp)
{
    return hp ? &hp->held : &e->state->held;
}

static inline EvalHeldLine *line_at(EvalHeldLines *q, unsigned k)
{
    return &q->line[k & (EVAL_HELD_MAX - 1)];
}

static inline EvalHeldRun *run_at(EvalHeldLines *q, unsigned k)
{
    return &q->run[k & (EVAL_RUNS_MAX - 1)];
}

/* A held run's id: by its text's key when it has one (its memo, filled
** the first time the text resolves to a valid id), else by the hash
** start_run computed. An id not valid is looked up at each of its runs
** (count_unknown says why, by the text). */
static inline bool resolve_held(const IdMap *ids, _Atomic int32_t *by_key, uint32_t key, const char *id, size_t len,
                                uint64_t hash, int *index)
{
    if (!key)
        return idmap_get_hashed(ids, id, len, hash, index);
    int32_t known = atomic_load_explicit(&by_key[key - 1], memory_order_relaxed);
    if (known > 0) {
        *index = known - 1;
        return true;
    }
    if (!idmap_get(ids, id, len, index))
        return false;
    atomic_store_explicit(&by_key[key - 1], *index + 1, memory_order_relaxed);
    return true;
}

/* Looks up the oldest run not looked up yet, whose ids' slots were
** prefetched lines ago (keyed: by their texts' keys, start_run_keyed), and
** prefetches what counting it reads of its participant and contract. */
static inline __attribute__((always_inline)) void look_up_run_as(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q,
                                                                 bool keyed)
{
    EvalHeldRun *r = run_at(q, q->looked++);
    EvalRunCounts *c = &r->counts;
    EvalState *st = e->state;
    q->lookup_due = q->looked != q->runs ? run_at(q, q->looked)->first + EVAL_LOOKUP_AHEAD + 1 : q->lines - 1;
    if (keyed)
        c->known = resolve_held(st->contract_ids, st->contract_by_key, r->contract_key, r->contract, r->contract_len,
                                r->contract_hash, &c->ci)
                   && resolve_held(st->participant_ids, st->participant_by_key, r->participant_key, r->participant,
                                   r->participant_len, r->participant_hash, &c->pi);
    else
        c->known = idmap_get_hashed(st->contract_ids, r->contract, r->contract_len, r->contract_hash, &c->ci)
                   && idmap_get_hashed(st->participant_ids, r->participant, r->participant_len, r->participant_hash,
                                       &c->pi);
    if (c->known) {
        size_t ci = (size_t)c->ci;
        __builtin_prefetch(&st->hot[c->pi]);
        __builtin_prefetch(&st->notified_month[ci]);
        __builtin_prefetch(&(hp ? hp->sums : st->sums)[ci * (size_t)st->sums_per_contract]);
        __builtin_prefetch(&(hp ? hp->lines_counted : st->lines_counted)[ci]);
        if (hp) {   /* a share's flags of the contract and participant (note_counted) */
            __builtin_prefetch(&hp->touched_flag[ci]);
            __builtin_prefetch(&hp->active_flag[c->pi]);
        }
    } else {
        c->cid = rt_strndup(r->contract, r->contract_len);
        c->pid = rt_strndup(r->participant, r->participant_len);
    }
}

static __attribute__((noinline)) void look_up_run_keyed(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q)
{
    look_up_run_as(e, hp, q, true);
}

/* A file without texts' keys (CSV, JSON, ODS) runs the lookup it ran before them. */
static void look_up_run(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q)
{
    if (e->state->hour_texts.count)
        look_up_run_keyed(e, hp, q);
    else
        look_up_run_as(e, hp, q, false);
}

/* The months in which a line of the run counts, its modality aside, as
** [c->first, c->first + c->span]: a guess from the contract's notification
** and the participant's window, kept only when eval_hours_decide counts
** both of its ends. What eval_hours_decide counts is an interval of months
** (each of its tests bounds the month on one side), so a line counted
** without it is one it would count: the rule stays written once, there.
** The months array covers the window (add_run_line indexes it unchecked):
** grown for a window of up to a century back, else the window shrinks. */
static void window_of(EvalRun *e, EvalHoursPart *hp, EvalRunCounts *c)
{
    const EvalState *st = e->state;
    const EvalHotParticipant *p = &st->hot[c->pi];
    Month notified = st->notified_month[c->ci];
    int64_t lo = notified, hi = e->au_month;
    int elig = e->model->elig_months;
    if (elig > 0) {
        int64_t last = (int64_t)p->entry + elig - 1;
        lo = lo > p->entry ? lo : p->entry;
        hi = hi < last ? hi : last;
    }
    /* A line before a period adds to its earlier sums as well: decided (count_known). */
    lo = lo > e->since_month ? lo : e->since_month;
    EvalMonthSum **months = hp ? &hp->months : &e->state->months;
    int *nmonths = hp ? &hp->nmonths : &e->state->nmonths;
    /* Room for the window's months (a start after the evaluation month has
    ** none: no window, and no slot to ask for). */
    int64_t back = e->au_month - lo;
    month_slot(months, nmonths, back >= 0 && back < 1200 ? (long)back : 0);
    if (e->au_month - lo >= *nmonths)
        lo = e->au_month - (*nmonths - 1);
    c->first = UINT64_C(1) << 63;   /* no month: every line decided */
    c->span = 0;
    if (p->eligible && lo <= hi && eval_hours_decide(e, notified, p, (Month)lo, -1) == EVAL_R_COUNT
        && eval_hours_decide(e, notified, p, (Month)hi, -1) == EVAL_R_COUNT) {
        c->first = (uint64_t)lo;
        c->span = (uint64_t)(hi - lo);
    }
}

/* Before a known run's lines are counted: where they add, and which of them need judging. */
static void prepare_counts(EvalRun *e, EvalHoursPart *hp, EvalRunCounts *c)
{
    EvalState *st = e->state;
    c->noted = false;
    c->sums = &(hp ? hp->sums : st->sums)[(size_t)c->ci * (size_t)st->sums_per_contract];
    c->lines = &(hp ? hp->lines_counted : st->lines_counted)[c->ci];
    window_of(e, hp, c);
}

/* acc += x when x has acc's scale and 64 bits hold the sum: the common line. */
static inline bool add_same_scale(EvalScaledSum *acc, NumScaled x)
{
    int64_t total;
    if (x.scale != acc->scale || __builtin_add_overflow(acc->sum, x.mant, &total))
        return false;
    acc->sum = total;
    return true;
}

/* The rest of a run line's sums, out of line: another scale, or past 64 bits. */
static __attribute__((noinline)) void add_contract_rare(EvalRun *e, EvalHoursPart *hp, const EvalRunCounts *c,
                                                        int slot, NumScaled x)
{
    EvalScaledSum *acc = &c->sums[slot];
    if (!add_scaled(acc, x))
        add_sum(acc, spill_of(e, hp, c->ci, slot - 1), (EvalScaledSum){ x.mant, x.scale },
                hp ? hp->scratch : e->state->scratch);
}

static __attribute__((noinline)) void add_month_rare(EvalRun *e, EvalHoursPart *hp, EvalMonthSum *ms, NumScaled x)
{
    if (!add_scaled(&ms->scaled, x))
        add_sum(&ms->scaled, ms->hours, (EvalScaledSum){ x.mant, x.scale }, hp ? hp->scratch : e->state->scratch);
}

/* Adds a line of a looked-up known run when it counts for sure (its month
** in the run's window, its modality counted): false when it must be
** decided (count_known). */
static inline __attribute__((always_inline)) bool add_run_line(EvalRun *e, EvalHoursPart *hp, const EvalRunCounts *c,
                                                               EvalMonthSum *months, Month month, int choice,
                                                               NumScaled x)
{
    int slot = e->state->slot_of_choice[choice + 1];
    if ((uint64_t)(int64_t)month - c->first > c->span || slot < 0)
        return false;
    if (!add_same_scale(&c->sums[slot], x))
        add_contract_rare(e, hp, c, slot, x);
    EvalMonthSum *ms = &months[e->au_month - month];
    ms->lines++;
    if (!add_same_scale(&ms->scaled, x))
        add_month_rare(e, hp, ms, x);
    return true;
}

/* n more lines of the run counted by add_run_line: the contract's count,
** and (its first counted line) the participant active and the contract touched. */
static inline void note_counted(EvalRun *e, EvalHoursPart *hp, EvalRunCounts *c, long n)
{
    if (n == 0)
        return;
    *c->lines += n;
    if (c->noted)
        return;
    c->noted = true;
    if (hp) {
        if (!hp->touched_flag[c->ci]) {
            hp->touched_flag[c->ci] = 1;
            hp->touched[hp->ntouched++] = c->ci;
        }
        /* The run's window starts at the period's month: its lines are the period's. */
        note_active(hp, c->pi, EVAL_ACTIVE | EVAL_ACTIVE_IN_PERIOD);
        return;
    }
    EvalHotParticipant *p = &e->state->hot[c->pi];
    p->period_active = true;
    if (!p->active) {
        p->active = true;
        e->active_participants++;
    }
}

/* A line of a looked-up run that add_run_line did not take: decided, or
** not counted or rejected for its ids. */
static __attribute__((noinline)) void count_other_line(EvalRun *e, EvalHoursPart *hp, const EvalRunCounts *c,
                                                       long line, Month month, int choice, NumScaled hours)
{
    DataCellInfo info;   /* what accumulate reads of it */
    info.scaled = true;
    info.num = hours;
    Value v = { .kind = VAL_NUM, .as.num = NULL };
    if (c->known)
        count_known_later(e, hp, c->ci, c->pi, month, choice, v, &info);
    else
        count_unknown(e, hp, c->cid, c->pid, line, month, choice, v, &info);
}

/* The held lines [from, end) of a known run, in order: how many add_run_line counted. */
static long count_known_lines(EvalRun *e, EvalHoursPart *hp, const EvalRunCounts *c, EvalHeldLines *q,
                              unsigned from, unsigned end)
{
    EvalMonthSum *const *months = hp ? &hp->months : &e->state->months;
    long n = 0;
    for (unsigned i = from; i != end; i++) {
        const EvalHeldLine *h = line_at(q, i);
        if (add_run_line(e, hp, c, *months, h->month, h->choice, h->hours))
            n++;
        else
            count_other_line(e, hp, c, h->line, h->month, h->choice, h->hours);
    }
    return n;
}

/* A run is looked up when the fourth line after its first is held, and
** counted three lines later: a line starts at most one run, so at most one
** lookup and one count are due a line, and the lookups never lag; no more
** than EVAL_LOOKUP_AHEAD + EVAL_COUNT_AHEAD + 1 lines and runs are held. */
enum { EVAL_RUN_SHORT = 2 };   /* a run of at most this many held lines is counted line by line */

static inline unsigned count_due_of(const EvalHeldRun *r)
{
    return r->first + EVAL_LOOKUP_AHEAD + 1 + EVAL_COUNT_AHEAD;
}

/* The held lines [from, end) of a known run, each decided (eval_hours_decide) and counted, in order. */
static __attribute__((noinline)) void count_decided(EvalRun *e, EvalHoursPart *hp, const EvalRunCounts *c,
                                                    EvalHeldLines *q, unsigned from, unsigned end)
{
    DataCellInfo info;   /* what accumulate reads of a line */
    info.scaled = true;
    Value v = { .kind = VAL_NUM, .as.num = NULL };
    for (unsigned i = from; i != end; i++) {
        const EvalHeldLine *h = line_at(q, i);
        info.num = h->hours;
        count_known(e, hp, c->ci, c->pi, h->month, h->choice, v, &info);
    }
}

/* Counts the oldest looked-up run's held lines, in order; when it is the
** last run, its next lines are counted as they come. */
static void count_run(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q)
{
    unsigned k = q->counted++;
    EvalHeldRun *r = run_at(q, k);
    bool last = k + 1 == q->runs;
    unsigned end = last ? q->lines : run_at(q, k + 1)->first;
    q->count_due = last ? q->lines - 1 : count_due_of(run_at(q, k + 1));
    EvalRunCounts *c = &r->counts;
    if (c->known && !last && end - r->first <= EVAL_RUN_SHORT) {
        /* A run of a line or two: worked out once, what its lines share
        ** would cost more than deciding each (every line is a run of its
        ** own when the lines come in no order). */
        count_decided(e, hp, c, q, r->first, end);
    } else if (c->known) {
        prepare_counts(e, hp, c);
        note_counted(e, hp, c, count_known_lines(e, hp, c, q, r->first, end));
    } else {
        for (unsigned i = r->first; i != end; i++) {
            const EvalHeldLine *h = line_at(q, i);
            count_other_line(e, hp, c, h->line, h->month, h->choice, h->hours);
        }
    }
    if (last) {
        q->streaming = true;
        q->last = *c;
    }
}

/* The lookup and the count due at this line, if any (q->lookup_due and
** q->count_due say when). */
static __attribute__((noinline)) void step(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q)
{
    if (q->lines == q->lookup_due && q->looked != q->runs)
        look_up_run(e, hp, q);
    if (q->lines == q->count_due && q->counted != q->looked)
        count_run(e, hp, q);
}

/* Counts every held line, in order. */
static void settle(EvalRun *e, EvalHoursPart *hp)
{
    EvalHeldLines *q = held_of(e, hp);
    while (q->looked != q->runs)
        look_up_run(e, hp, q);
    while (q->counted != q->runs)
        count_run(e, hp, q);
}

void eval_hours_settle(EvalRun *e)
{
    settle(e, NULL);
}

void eval_hours_reader_reject(EvalRun *e, EvalHoursPart *hp, long line, Say why)
{
    settle(e, hp);
    reject_line(e, hp, line, why);
}

/* a[0..n) == b[0..n) for a held id (n < 24), without memcmp's call: the
** hot path then needs no frame. */
static inline bool same_held_id(const char *a, const char *b, size_t n)
{
    if (n < 8)
        return idmap_same_bytes(a, b, n);
    uint64_t a0, a1, a2, b0, b1, b2;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a2, a + n - 8, 8);
    memcpy(&b2, b + n - 8, 8);
    memcpy(&a1, a + (n > 16 ? 8 : 0), 8);   /* bytes 8 to 15 when n > 16 */
    memcpy(&b1, b + (n > 16 ? 8 : 0), 8);
    return ((a0 ^ b0) | (a1 ^ b1) | (a2 ^ b2)) == 0;
}

/* Whether a line's ids are the last run's (none after count_now or a
** drain: lengths + 1 of 0). Where both have 4 to 7 bytes (medium's have 5
** and 6), by the first and last four bytes of each, in one test; else as
** idmap does. */
static inline bool same_as_last(const EvalHeldLines *q, const char *cid, size_t clen, const char *pid, size_t plen)
{
    if (clen + 1 != q->contract_len1 || plen + 1 != q->participant_len1)
        return false;
    if (((clen - 4) | (plen - 4)) < 4) {
        uint32_t c0, c1, p0, p1, d0, d1, q0, q1;
        memcpy(&c0, cid, 4);
        memcpy(&c1, cid + clen - 4, 4);
        memcpy(&p0, pid, 4);
        memcpy(&p1, pid + plen - 4, 4);
        memcpy(&d0, q->cur->contract, 4);
        memcpy(&d1, q->cur->contract + clen - 4, 4);
        memcpy(&q0, q->cur->participant, 4);
        memcpy(&q1, q->cur->participant + plen - 4, 4);
        return ((c0 ^ d0) | (c1 ^ d1) | (p0 ^ q0) | (p1 ^ q1)) == 0;
    }
    return same_held_id(cid, q->cur->contract, clen) && same_held_id(pid, q->cur->participant, plen);
}

/* A line without its cells' info, or that cannot be held: counted now,
** after the held ones. */
static __attribute__((noinline)) void count_now(EvalRun *e, EvalHoursPart *hp, const DataRow *row)
{
    const MStdColumns *sc = &e->model->std;
    const Value *v = row->values;
    const DataCellInfo *info = row->info;
    const char *cid = v[sc->h_contract].as.text, *pid = v[sc->h_participant].as.text;
    Month month = v[sc->h_month].as.month;
    int choice = line_choice(e->model, row);
    const DataCellInfo *hours_info = info ? &info[sc->h_hours] : NULL;
    settle(e, hp);
    forget_last_run(held_of(e, hp));
    int ci, pi;
    if (info && resolve_ids(e->state, cid, info[sc->h_contract].len, pid, info[sc->h_participant].len, &ci, &pi))
        count_known_later(e, hp, ci, pi, month, choice, v[sc->h_hours], hours_info);
    else
        count_unknown(e, hp, cid, pid, row->line, month, choice, v[sc->h_hours], hours_info);
}

/* Holds a line of the last run (or of the run it starts): what counting reads of it. */
static inline __attribute__((always_inline)) void hold_line(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q,
                                                            const DataRow *row, int choice, NumScaled hours)
{
    EvalHeldLine *h = line_at(q, q->lines++);
    h->line = row->line;
    h->month = row->values[e->model->std.h_month].as.month;
    h->choice = choice;
    h->hours = hours;
    if (q->lines == q->lookup_due || q->lines == q->count_due)
        step(e, hp, q);
}

/* start_run's ids when the hour table has texts' keys (an XLSX workbook's
** shared strings): an id with a key has its memo's entry asked for, the
** others (written inline, trimmed) their slots by the hash. A key beyond
** the memo's is none (a guard: the table's texts have no such key). */
static void start_run_keyed(EvalState *st, EvalHeldRun *r, const char *cid, size_t clen, const char *pid, size_t plen)
{
    uint32_t ck = data_text_key(&st->hour_texts, cid), pk = data_text_key(&st->hour_texts, pid);
    ck = ck - 1 < st->hour_texts.count ? ck : 0;
    pk = pk - 1 < st->hour_texts.count ? pk : 0;
    r->contract_key = ck;
    r->participant_key = pk;
    if (ck)
        __builtin_prefetch(&st->contract_by_key[ck - 1]);
    else
        r->contract_hash = idmap_prefetch(st->contract_ids, cid, clen);
    if (pk)
        __builtin_prefetch(&st->participant_by_key[pk - 1]);
    else
        r->participant_hash = idmap_prefetch(st->participant_ids, pid, plen);
}

/* A line of other ids than the last run's: it starts a run, its ids' slots
** asked for now, looked up lines later; counted now when it cannot be held
** (ids longer than 23 bytes, hours as a rational). */
static __attribute__((noinline)) void start_run(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q, const DataRow *row)
{
    const MStdColumns *sc = &e->model->std;
    const DataCellInfo *info = row->info;
    const char *cid = row->values[sc->h_contract].as.text, *pid = row->values[sc->h_participant].as.text;
    size_t clen = info[sc->h_contract].len, plen = info[sc->h_participant].len;
    const DataCellInfo *hours = &info[sc->h_hours];
    if (!hours->scaled || clen >= sizeof q->run[0].contract || plen >= sizeof q->run[0].participant) {
        count_now(e, hp, row);
        return;
    }
    EvalHeldRun *r = run_at(q, q->runs++);
    EvalState *st = e->state;
    r->first = q->lines;
    if (q->looked + 1 == q->runs)
        q->lookup_due = r->first + EVAL_LOOKUP_AHEAD + 1;
    if (q->counted + 1 == q->runs)
        q->count_due = count_due_of(r);
    if (st->hour_texts.count) {
        start_run_keyed(st, r, cid, clen, pid, plen);
    } else {
        r->contract_hash = idmap_prefetch(st->contract_ids, cid, clen);
        r->participant_hash = idmap_prefetch(st->participant_ids, pid, plen);
    }
    idmap_copy_bytes(r->contract, cid, clen);
    idmap_copy_bytes(r->participant, pid, plen);
    r->contract_len = clen;
    r->participant_len = plen;
    q->cur = r;
    q->contract_len1 = clen + 1;
    q->participant_len1 = plen + 1;
    q->streaming = false;
    hold_line(e, hp, q, row, line_choice(e->model, row), hours->num);
}

/* A line of the last run that hold_line does not take: once the run is
** counted, counted at once; hours as a rational, counted now; a modality
** to look for in its list, held. */
static __attribute__((noinline)) void add_other(EvalRun *e, EvalHoursPart *hp, EvalHeldLines *q, const DataRow *row)
{
    const MStdColumns *sc = &e->model->std;
    const DataCellInfo *hours = &row->info[sc->h_hours];
    if (!hours->scaled) {
        count_now(e, hp, row);
        return;
    }
    int choice = line_choice(e->model, row);
    if (!q->streaming) {
        hold_line(e, hp, q, row, choice, hours->num);
        return;
    }
    Month month = row->values[sc->h_month].as.month;
    EvalRunCounts *c = &q->last;
    if (c->known && add_run_line(e, hp, c, hp ? hp->months : e->state->months, month, choice, hours->num))
        note_counted(e, hp, c, 1);
    else
        count_other_line(e, hp, c, row->line, month, choice, hours->num);
}

/* The common line is one of the last run's, not counted yet, whose
** modality the reader found in its list: held, with a test of whether a
** lookup or a count is due. The others go out of line. */
void eval_hours_add_to(EvalRun *e, EvalHoursPart *hp, const DataRow *row)
{
    const MStdColumns *sc = &e->model->std;
    const DataCellInfo *info = row->info;
    EvalHeldLines *q = held_of(e, hp);
    if (!info) {
        count_now(e, hp, row);
        return;
    }
    const Value *v = row->values;
    if (!same_as_last(q, v[sc->h_contract].as.text, info[sc->h_contract].len, v[sc->h_participant].as.text,
                      info[sc->h_participant].len)) {
        start_run(e, hp, q, row);
        return;
    }
    int mc = sc->h_modality, choice = -1;
    bool listed = mc < 0 || v[mc].kind != VAL_TEXT || (choice = info[mc].choice) >= 0;   /* else line_choice looks */
    if (q->streaming || !info[sc->h_hours].scaled || !listed) {
        add_other(e, hp, q, row);
        return;
    }
    hold_line(e, hp, q, row, choice, info[sc->h_hours].num);
}

/* ---- a thread's share ------------------------------------------------------------------------ */

EvalHoursPart *eval_hours_part_new(EvalRun *e)
{
    EvalState *st = e->state;
    EvalHoursPart *hp = rt_alloc_apart(sizeof(EvalHoursPart), 0);   /* counted into on every row, beside other threads' shares */
    size_t slots = (size_t)e->ncontracts * (size_t)st->sums_per_contract;
    hp->sums = rt_alloc_atomic(sizeof *hp->sums * (slots + 1));
    hp->lines_counted = rt_alloc_atomic(sizeof(long) * ((size_t)e->ncontracts + 1));
    hp->touched_flag = rt_alloc_atomic((size_t)e->ncontracts + 1);
    hp->active_flag = rt_alloc_atomic((size_t)e->nparticipants + 1);
    /* Each contract and participant is listed once (its flag): room for all
    ** of them, made once, where growing asked the collector for the list's
    ** size at every new one. */
    hp->touched = rt_alloc_atomic(sizeof(int) * ((size_t)e->ncontracts + 1));
    hp->activated = rt_alloc_atomic(sizeof(int) * ((size_t)e->nparticipants + 1));
    hp->scratch = eval_new_num();
    if (!st->drained_active)   /* made on the main thread, before the readers start */
        st->drained_active = rt_alloc_atomic((size_t)e->nparticipants + 1);
    return hp;
}

static void part_reject(EvalHoursPart *hp, long line, Say why)
{
    RT_GROW(hp->rejects, hp->nrejects);
    hp->rejects[hp->nrejects++] = (EvalReject){ NULL, line, why };
}

/* acc += x, exactly: into q when 64 bits cannot hold it. */
static void add_sum(EvalScaledSum *acc, mpq_ptr q, EvalScaledSum x, mpq_ptr scratch)
{
    NumScaled n = { x.sum, x.scale };
    if (x.sum == 0 || add_scaled(acc, n))
        return;
    flush_sum(acc, q, scratch);
    if (!add_scaled(acc, n)) {
        num_scaled_to_mpq(scratch, n);
        mpq_add(q, q, scratch);
    }
}

/*
** A share goes to the run (to == NULL: its sums, counts and participants,
** on the main thread), or to another share (a reading thread's total, which
** goes to the run once the slices are read). What a share holds but its
** rejected rows is the same whatever order the shares are added in: exact
** sums, counts, flags. So a slice kept by the merge (which takes its
** rejected rows, in order) is added to its reading thread's total by that
** thread, where the share's lines are still in its cache: the merge on the
** main thread, the phase's critical path, no longer walks them.
*/

/* The rational that sum j of contract ci (free hours, then the caps)
** overflows into: the contract's, or the total's own (spill_of). */
static mpq_ptr contract_sum(EvalRun *e, EvalHoursPart *to, int ci, int j)
{
    if (to)
        return spill_of(e, to, ci, j - 1);
    return eval_period_sum_of(e->model, e->contracts[ci], j);
}

/* to's sum `slot` (sum j of contract ci) += x. The contract's record, read
** from all over the heap, is only needed when 64 bits overflow: reading it
** for every sum was half of the drain's time (a cache miss per contract). */
static inline void drain_sum(EvalRun *e, EvalHoursPart *to, int ci, int j, size_t slot, EvalScaledSum x)
{
    EvalState *st = e->state;
    EvalScaledSum *acc = &(to ? to->sums : st->sums)[slot];
    if (x.sum == 0 || add_scaled(acc, (NumScaled){ x.sum, x.scale }))
        return;
    add_sum(acc, contract_sum(e, to, ci, j), x, to ? to->scratch : st->scratch);
}

/* Contract ci has counted lines in the total `to`: listed once. */
static inline void note_touched(EvalHoursPart *to, int ci)
{
    if (!to->touched_flag[ci]) {
        to->touched_flag[ci] = 1;
        to->touched[to->ntouched++] = ci;
    }
}

static void drain_contracts(EvalRun *e, EvalHoursPart *hp, EvalHoursPart *to, bool keep)
{
    EvalState *st = e->state;
    int spc = st->sums_per_contract;
    long *lines_to = to ? to->lines_counted : st->lines_counted;
    for (int t = 0; t < hp->ntouched; t++) {
        int ci = hp->touched[t];
        for (int j = 0; j < spc; j++) {
            size_t slot = (size_t)ci * (size_t)spc + (size_t)j;
            if (keep)
                drain_sum(e, to, ci, j, slot, hp->sums[slot]);
            hp->sums[slot] = (EvalScaledSum){ 0, 0 };
        }
        if (keep) {
            lines_to[ci] += hp->lines_counted[ci];
            if (to)
                note_touched(to, ci);
        }
        hp->lines_counted[ci] = 0;
        hp->touched_flag[ci] = 0;
    }
    hp->ntouched = 0;
    for (int k = 0; k < hp->nspill; k++) {
        size_t slot = hp->spill_slot[k];
        int ci = (int)(slot / (size_t)spc), j = (int)(slot % (size_t)spc);
        if (keep) {
            mpq_ptr q = contract_sum(e, to, ci, j);
            mpq_add(q, q, hp->spill[k]);
        }
    }
    hp->spill = NULL;
    hp->spill_slot = NULL;
    hp->nspill = 0;
}

static void drain_months(EvalRun *e, EvalHoursPart *hp, EvalHoursPart *to, bool keep)
{
    EvalState *st = e->state;
    EvalMonthSum **months = to ? &to->months : &st->months;
    int *nmonths = to ? &to->nmonths : &st->nmonths;
    mpq_ptr scratch = to ? to->scratch : st->scratch;
    for (int k = 0; k < hp->nmonths; k++) {
        EvalMonthSum *from = &hp->months[k];
        if (from->lines == 0)
            continue;
        EvalMonthSum *sum = keep ? month_slot(months, nmonths, k) : NULL;
        if (keep) {
            sum->lines += from->lines;
            add_sum(&sum->scaled, sum->hours, from->scaled, scratch);
        }
        /* A month's rational holds only what 64 bits could not: nearly always
        ** zero, and GMP's addition of a zero still cost some 450 instructions
        ** (65 % of medium.ods's merges). */
        if (mpq_sgn(from->hours) != 0) {
            if (keep)
                mpq_add(sum->hours, sum->hours, from->hours);
            mpq_set_ui(from->hours, 0, 1);
        }
        from->lines = 0;
        from->scaled = (EvalScaledSum){ 0, 0 };
    }
}

/* to[i] |= from[i] for i < n, eight bytes at a time. */
static void or_bytes(unsigned char *to, const unsigned char *from, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a, b;
        memcpy(&a, to + i, 8);
        memcpy(&b, from + i, 8);
        a |= b;
        memcpy(to + i, &a, 8);
    }
    for (; i < n; i++)
        to[i] |= from[i];
}

/* The participants with a counted line in the share, active in the run.
** A slice of medium activates some 4 000 of its 20 000 participants: one
** pass over the flags, a byte each, costs less than as many scattered
** writes through the list; the list serves the shares that touched few.
** A total (to) lists its participants too, for its own drain: through the
** share's list, which holds them all. */
static void drain_activity(EvalRun *e, EvalHoursPart *hp, EvalHoursPart *to, bool keep)
{
    EvalState *st = e->state;
    if (keep && to) {
        for (int k = 0; k < hp->nactivated; k++) {
            int pi = hp->activated[k];
            note_active(to, pi, hp->active_flag[pi]);
        }
        keep = false;   /* what is left: hp's flags cleared */
    }
    size_t np = e->nparticipants > 0 ? (size_t)e->nparticipants : 0;
    if ((size_t)hp->nactivated * 16 > np) {
        if (keep)
            or_bytes(st->drained_active, hp->active_flag, np);
        memset(hp->active_flag, 0, np);
    } else {
        for (int k = 0; k < hp->nactivated; k++) {
            int pi = hp->activated[k];
            if (keep)
                st->drained_active[pi] |= hp->active_flag[pi];
            hp->active_flag[pi] = 0;
        }
    }
    hp->nactivated = 0;
}

/* The share's rejected rows, to the run, in order; their reasons' texts
** are the run's from then on. */
static void drain_rejects(EvalRun *e, EvalHoursPart *hp, bool keep)
{
    if (keep)
        for (long k = 0; k < hp->nrejects; k++)
            eval_add_reject(e, M_TABLE_HEURES, hp->rejects[k].line, hp->rejects[k].why);
    hp->rejects = NULL;
    hp->nrejects = 0;
}

/* Everything of hp but its rejected rows, to the run or to `to`; hp empty after. */
static void drain_order_free(EvalRun *e, EvalHoursPart *hp, EvalHoursPart *to, bool keep)
{
    settle(e, hp);
    /* the flags the last run's lines were noted by are cleared below */
    forget_last_run(&hp->held);
    drain_contracts(e, hp, to, keep);
    drain_months(e, hp, to, keep);
    drain_activity(e, hp, to, keep);
    if (keep && to) {
        to->read += hp->read;
        for (int r = 0; r < EVAL_R_COUNT; r++)
            to->not_counted[r] += hp->not_counted[r];
    } else if (keep) {
        e->counts[M_TABLE_HEURES].read += hp->read;
        for (int r = 0; r < EVAL_R_COUNT; r++)
            if (hp->not_counted[r])
                eval_not_counted_times(e, M_TABLE_HEURES, (EvalReasonCode)r, hp->not_counted[r]);
    }
    hp->read = 0;
    memset(hp->not_counted, 0, sizeof hp->not_counted);
}

void eval_hours_drain(EvalRun *e, EvalHoursPart *hp, bool keep)
{
    settle(e, hp);
    drain_rejects(e, hp, keep);
    drain_order_free(e, hp, NULL, keep);
}

void eval_hours_part_settle(EvalRun *e, EvalHoursPart *hp)
{
    settle(e, hp);
}

void eval_hours_take_rejects(EvalRun *e, EvalHoursPart *hp)
{
    settle(e, hp);
    drain_rejects(e, hp, true);
}

void eval_hours_shift_rejects(EvalHoursPart *hp, long shift)
{
    for (long k = 0; k < hp->nrejects; k++)
        hp->rejects[k].line += shift;
}

void eval_hours_fold(EvalRun *e, EvalHoursPart *hp, EvalHoursPart *to)
{
    drain_order_free(e, hp, to, true);
}
