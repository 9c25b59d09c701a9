/* runtime/eval_period.c: a period's own figures (--depuis): where a contract's hours counted before the period are kept, and its period hours from them. */
#include "eval_impl.h"

#include "gc.h"

/*
** The period's figure of a contract is its counted hours at the evaluation
** date less its counted hours at the day before the period starts: what two
** evaluations give, each with the charter's rules applied at its own date.
** Both come from one reading: a counted line of a month before the period
** adds to the contract's sums as always, and to its earlier sums too (slots
** after its own in EvalState.sums, merged across threads as the others). The
** day before the period is the last day of a month, so the second evaluation
** would count exactly those lines: a line's month is at or after its
** contract's notification month, and a contract notified after that day has
** none. Its target is the same at both dates (rules in force at the
** notification date, base hours declared or estimated from the amount): only
** the hours it is applied to differ.
*/

bool eval_since_valid(Date since)
{
    int y, m, d;
    if (since == DATE_NONE)
        return false;
    date_to_ymd(since, &y, &m, &d);
    return d == 1;
}

bool eval_since_has_eve(Date since)
{
    int y, m, d;
    date_to_ymd(since - 1, &y, &m, &d);
    return y >= 1;
}

void eval_since(EvalRun *e, Date since)
{
    e->since = since;
    e->since_month = date_month(since);
    e->state->sums_per_contract = 2 * (1 + e->model->ncaps);
    for (int k = 0; k < e->nhires; k++)
        e->hires[k].period_target = eval_new_num();
}

mpq_ptr eval_period_sum_of(const Model *m, const EvalContract *c, int slot)
{
    if (slot == 0)
        return c->free_hours;
    if (slot <= m->ncaps)
        return c->capped[slot - 1];
    return c->earlier[slot - 1 - m->ncaps];
}

mpq_ptr *eval_period_new_sums(const Model *m)
{
    mpq_ptr *sums = RT_NEW_ARRAY(mpq_ptr, m->ncaps + 1);
    for (int k = 0; k <= m->ncaps; k++)
        sums[k] = eval_new_num();
    return sums;
}

/* The contract as the evaluation at the day before the period counts it: its earlier sums in place of its sums. */
static EvalContract as_before(const EvalContract *c)
{
    EvalContract b = *c;
    b.free_hours = c->earlier[0];
    b.capped = c->earlier + 1;
    return b;
}

void eval_period_contract(EvalRun *e, EvalContract *c)
{
    if (e->since == DATE_NONE)
        return;
    const Model *m = e->model;
    EvalContract before = as_before(c);
    /* Capped against its target when it has one, as eval_results_finish_contract counts. */
    bool capped = c->status == EVAL_ATTEINT || c->status == EVAL_NON_ATTEINT || c->status == EVAL_NON_SOUMIS;
    mpq_ptr earlier = capped ? eval_results_capped_total(m, &before, c->target_hours)
                             : eval_results_uncapped_total(m, &before);
    c->before = earlier;
    c->period = eval_new_num();
    eval_rationals_sub(c->period, c->counted, earlier);
}
