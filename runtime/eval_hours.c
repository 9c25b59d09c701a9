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

static int choice_index(const MColumn *col, const char *choice)
{
    for (int i = 0; i < col->nchoices; i++)
        if (col->choices[i] == choice || strcmp(col->choices[i], choice) == 0)
            return i;
    return -1;
}

/* The index of a line's modality among heures.modalite's choices, -1 when it has none. */
int eval_hours_choice(const Model *m, const DataRow *row)
{
    int col = m->std.h_modality;
    if (col < 0 || row->values[col].kind != VAL_TEXT)
        return -1;
    int choice = row->info ? row->info[col].choice : -1;
    return choice >= 0 ? choice : choice_index(&m->tables[M_TABLE_HEURES].columns[col], row->values[col].as.text);
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
            return quote_id ? rt_sprintf("%s '%s' rejected (%s, line %d)", what, id, file, line)
                            : rt_sprintf("%s rejected (%s, line %d)", what, file, line);
        return quote_id ? rt_sprintf("%s « %s » rejeté (%s, ligne %d)", what, id, file, line)
                        : rt_sprintf("%s rejeté (%s, ligne %d)", what, file, line);
    }
    if (english)
        return quote_id ? rt_sprintf("unknown %s '%s'", what, id) : rt_sprintf("unknown %s", what);
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
static bool add_scaled(EvalScaledSum *acc, NumScaled x)
{
    if (x.scale > acc->scale) {
        int64_t finer;
        if (__builtin_mul_overflow(acc->sum, num_pow10(x.scale - acc->scale), &finer))
            return false;
        acc->sum = finer;
        acc->scale = x.scale;
    }
    int64_t v, total;
    if (__builtin_mul_overflow(x.mant, num_pow10(acc->scale - x.scale), &v)
        || __builtin_add_overflow(acc->sum, v, &total))
        return false;
    acc->sum = total;
    return true;
}

/* acc (then q when acc overflows) += hours, exactly. */
static void add_exact(EvalScaledSum *acc, mpq_ptr q, Value hours, const DataCellInfo *info, mpq_ptr scratch)
{
    if (info && info->scaled) {
        if (add_scaled(acc, info->num))
            return;
        flush_sum(acc, q, scratch);
        if (add_scaled(acc, info->num))
            return;
    }
    mpq_add(q, q, hours.as.num);
}

/* Adds a counted hour line to contract ci: to its capped modality cap, or to its free hours when cap < 0. */
static void accumulate(EvalRun *e, int ci, int cap, Value hours, const DataCellInfo *info)
{
    EvalState *st = e->state;
    EvalScaledSum *acc = &st->sums[(size_t)ci * (size_t)st->sums_per_contract + (size_t)(cap + 1)];
    if (info && info->scaled && add_scaled(acc, info->num))
        return;
    EvalContract *c = e->contracts[ci];
    add_exact(acc, cap >= 0 ? c->capped[cap] : c->free_hours, hours, info, st->scratch);
}

/* Adds a counted hour line to the hours of its month (before caps: a cap
** applies to a contract's total, not to a month). */
static void accumulate_month(EvalRun *e, Month month, Value hours, const DataCellInfo *info)
{
    EvalState *st = e->state;
    long k = (long)e->au_month - (long)month;
    if (k >= st->nmonths) {
        int n = st->nmonths ? st->nmonths : 64;
        while (n <= k)
            n *= 2;
        RT_GROW(st->months, n - 1);
        for (int i = st->nmonths; i < n; i++)
            st->months[i].hours = eval_new_num();
        st->nmonths = n;
    }
    EvalMonthSum *ms = &st->months[k];
    ms->lines++;
    add_exact(&ms->scaled, ms->hours, hours, info, st->scratch);
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
    for (int i = 0; i < e->nparticipants; i++)
        e->participants[i]->active = st->hot[i].active;
    for (int i = 0; i < e->ncontracts; i++) {
        EvalContract *c = e->contracts[i];
        c->lines_counted += st->lines_counted[i];
        st->lines_counted[i] = 0;
        EvalScaledSum *sums = &st->sums[(size_t)i * (size_t)st->sums_per_contract];
        flush_sum(&sums[0], c->free_hours, st->scratch);
        for (int k = 0; k < e->model->ncaps; k++)
            flush_sum(&sums[1 + k], c->capped[k], st->scratch);
    }
}

void eval_hours_add(EvalRun *e, const DataRow *row)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    EvalState *st = e->state;
    const Value *v = row->values;
    const DataCellInfo *info = row->info;
    int ci = -1, pi = -1;
    const char *cid = v[sc->h_contract].as.text, *pid = v[sc->h_participant].as.text;
    /* The common line points to a known contract and participant: one lookup each. */
    bool known = info && idmap_get(st->contract_ids, cid, info[sc->h_contract].len, &ci)
                 && idmap_get(st->participant_ids, pid, info[sc->h_participant].len, &pi);
    int late;
    if (!known && idmap_get(st->contract_late, cid, strlen(cid), &late)) {
        eval_not_counted(e, M_TABLE_HEURES, EVAL_R_CONTRACT_LATE);
        return;
    }
    if (!known) {
        const char *mfile = st->files[M_TABLE_MARCHES], *pfile = st->files[M_TABLE_PARTICIPANTS];
        const char *cfr = eval_hours_lookup_reason(st->contract_ids, st->contract_rejected, cid, &ci, mfile, true, true, false);
        const char *pfr = eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, &pi, pfile, false, false, false);
        if (cfr || pfr) {
            const char *cen = cfr ? eval_hours_lookup_reason(st->contract_ids, st->contract_rejected, cid, &ci, mfile, true, true, true) : NULL;
            const char *pen = pfr ? eval_hours_lookup_reason(st->participant_ids, st->participant_rejected, pid, &pi, pfile, false, false, true) : NULL;
            const char *fr = cfr && pfr ? rt_sprintf("%s ; %s", cfr, pfr) : cfr ? cfr : pfr;
            const char *en = cen && pen ? rt_sprintf("%s; %s", cen, pen) : cen ? cen : pen;
            eval_add_reject(e, M_TABLE_HEURES, row->line, say(fr, en));
            return;
        }
    }
    EvalHotParticipant *p = &st->hot[pi];
    Month month = v[sc->h_month].as.month;
    int choice = eval_hours_choice(m, row);
    EvalReasonCode why = eval_hours_decide(e, e->contracts[ci]->notified, p, month, choice);
    if (why != EVAL_R_COUNT) {
        eval_not_counted(e, M_TABLE_HEURES, why);
        return;
    }
    int cap = choice >= 0 && st->cap_of_choice ? st->cap_of_choice[choice] : -1;
    accumulate(e, ci, cap, v[sc->h_hours], info ? &info[sc->h_hours] : NULL);
    accumulate_month(e, month, v[sc->h_hours], info ? &info[sc->h_hours] : NULL);
    st->lines_counted[ci]++;
    if (!p->active) {
        p->active = true;
        e->active_participants++;
    }
    e->counts[M_TABLE_HEURES].counted++;
}
