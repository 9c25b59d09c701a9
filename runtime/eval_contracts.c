/* runtime/eval_contracts.c: reading the rows of the contracts table into EvalContract records. */
#include "eval_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "idmap.h"
#include "num.h"
#include "utf8.h"

/* ---- contracts ------------------------------------------------------------------------------- */

static mpq_ptr num_or_null(Value v) { return v.kind == VAL_NUM ? eval_copy_num(v.as.num) : NULL; }

/* A contract of a scope that is not the local charter's is rejected; one
** notified after the evaluation date is not evaluated: not counted, listed
** apart, and its hour lines are not counted either. */
static bool late_or_foreign(EvalRun *e, const DataRow *row, const char *id)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    EvalState *st = e->state;
    const Value *v = row->values;
    const Say *foreign = eval_foreign_scope(m, model_scope_index(m, v[sc->m_scope].as.text), "perimetre");
    if (foreign) {
        eval_add_reject(e, M_TABLE_MARCHES, row->line, *foreign);
        int seen;
        if (!idmap_get(st->contract_rejected, id, strlen(id), &seen))
            idmap_put(st->contract_rejected, id, strlen(id), (int)(row->line > 0x7fffffffL ? 0x7fffffffL : row->line));
        return true;
    }
    int first;
    if (idmap_get(st->contract_late, id, strlen(id), &first)) {
        eval_add_reject(e, M_TABLE_MARCHES, row->line,
                   say(rt_sprintf("marché « %s » en double (déjà lu ligne %ld)", id, e->late[first].line),
                       rt_sprintf("duplicate contract %s (already read on line %ld)", say_q_en(id), e->late[first].line)));
        return true;
    }
    Date notified = v[sc->m_notified].kind == VAL_DATE ? v[sc->m_notified].as.date : DATE_NONE;
    if (notified == DATE_NONE || notified <= e->au)
        return false;
    idmap_put(st->contract_late, id, strlen(id), e->nlate);
    RT_GROW(e->late, e->nlate);
    e->late[e->nlate++] = (EvalLateContract){ idmap_key(st->contract_late, id, strlen(id)), row->line, notified };
    eval_not_counted(e, M_TABLE_MARCHES, EVAL_R_NOTIFIED_AFTER_AU);
    return true;
}

void eval_contracts_add(EvalRun *e, const DataRow *row)
{
    const Model *m = e->model;
    const MStdColumns *sc = &m->std;
    EvalState *st = e->state;
    const Value *v = row->values;
    const char *id = v[sc->m_id].as.text;
    int first;
    if (idmap_get(st->contract_ids, id, strlen(id), &first)) {
        eval_add_reject(e, M_TABLE_MARCHES, row->line,
                   say(rt_sprintf("marché « %s » en double (déjà lu ligne %ld)", id, e->contracts[first]->line),
                       rt_sprintf("duplicate contract %s (already read on line %ld)", say_q_en(id), e->contracts[first]->line)));
        return;
    }
    if (late_or_foreign(e, row, id))
        return;
    EvalContract *c = RT_NEW(EvalContract);
    c->line = row->line;
    idmap_put(st->contract_ids, id, strlen(id), e->ncontracts);
    c->id = idmap_key(st->contract_ids, id, strlen(id));
    c->label = sc->m_label >= 0 ? eval_text_or_null(v[sc->m_label]) : NULL;
    if (c->label)
        c->label = rt_strdup(c->label);
    c->owner = sc->m_owner >= 0 && eval_text_or_null(v[sc->m_owner]) ? rt_strdup(v[sc->m_owner].as.text) : NULL;
    c->family = model_family_index(m, v[sc->m_family].as.text);
    c->scope = model_scope_index(m, v[sc->m_scope].as.text);
    c->amount = num_or_null(v[sc->m_amount]);
    c->notified = v[sc->m_notified].kind == VAL_DATE ? v[sc->m_notified].as.date : DATE_NONE;
    c->hours_worked = sc->m_hours_worked >= 0 ? num_or_null(v[sc->m_hours_worked]) : NULL;
    c->free_hours = eval_new_num();
    c->capped = RT_NEW_ARRAY(mpq_ptr, m->ncaps + 1);
    for (int k = 0; k < m->ncaps; k++)
        c->capped[k] = eval_new_num();
    if (e->since != DATE_NONE)
        c->earlier = eval_period_new_sums(m);
    c->res = eval_rules_resolution_for(e, c);
    RT_GROW(e->contracts, e->ncontracts);
    /* This contract's sums: the last of its sums_per_contract, and every one before it, zero. */
    RT_GROW_ATOMIC(st->sums, (size_t)(e->ncontracts + 1) * (size_t)st->sums_per_contract - 1);
    RT_GROW_ATOMIC(st->lines_counted, e->ncontracts);
    e->contracts[e->ncontracts++] = c;
    e->counts[M_TABLE_MARCHES].counted++;
}
