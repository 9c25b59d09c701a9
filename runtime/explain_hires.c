/* runtime/explain_hires.c: the derivation of a target of hires: its rules by date, the hires assessed, the target they add up to, its status. */
#include "explain_impl.h"

#include <string.h>

#include "gc.h"

const char *explain_hires_id(const EvalRun *e, const EvalHiresTarget *h)
{
    const char *scope = e->model->scopes[h->scope].id;
    return h->owner ? rt_sprintf("%s/%s/%s", scope, h->nature, h->owner) : rt_sprintf("%s/%s", scope, h->nature);
}

static const EvalHiresTarget *find(const EvalRun *e, const char *id)
{
    for (int i = 0; i < e->nhires; i++)
        if (strcmp(explain_hires_id(e, &e->hires[i]), id) == 0)
            return &e->hires[i];
    return NULL;
}

Explanation *explain_hires(const EvalRun *e, const char *id)
{
    const EvalHiresTarget *h = find(e, id);
    if (!h)
        return NULL;
    const Model *m = e->model;
    Explanation *x = RT_NEW(Explanation);
    x->object = EXPLAIN_HIRES;
    x->id = explain_hires_id(e, h);
    x->status = eval_hires_status_id(h->status);
    const char *scope = m->scopes[h->scope].id;
    ExplainNode *root = x->root = explain_node(NULL, "embauches",
        SAYF(("objectif d'embauches %s : nature %s, périmètre %s et ceux qu'il contient%s%s", x->id, h->nature, scope,
              h->owner ? ", maître d'ouvrage " : "", h->owner ? h->owner : ""),
             ("hires target %s: nature %s, scope %s and those inside it%s%s", x->id, h->nature, scope,
              h->owner ? ", owner " : "", h->owner ? h->owner : "")));
    ExplainNode *rules = explain_node(root, "regles",
        say("règles, chacune pour les embauches datées à partir de son entrée en vigueur",
            "rules, each for the hires dated from the day it is in force"));
    for (int i = 0; i < h->nrules; i++) {
        const MRule *r = h->rules[i];
        Say from = r->from == DATE_NONE ? say("dès le début de la charte", "from the charter's start")
                                        : SAYF(("à partir du %s", date_to_french(r->from)), ("from %s", date_to_iso(r->from)));
        ExplainNode *n = explain_node(rules, "regle",
            SAYF(("%s : %s des embauches, %s", model_prov_label(&r->target_prov, false), explain_percent(r->target).fr, from.fr),
                 ("%s: %s of hires, %s", model_prov_label(&r->target_prov, true), explain_percent(r->target).en, from.en)));
        n->value = eval_copy_num(r->target);
        n->percent = true;
        n->source = explain_prov_source(&r->target_prov);
        n->verdict = "retenue";
    }
    if (h->status == EVAL_HIRES_SANS_DONNEES) {
        explain_node(root, "statut", say("statut : sans fichier embauches", "status: no hires file"))->verdict = x->status;
        return x;
    }
    ExplainNode *n = explain_node(root, "embauches_comptees",
        SAYF(("embauches de la période jusqu'au %s : %ld, dont %ld à des participants éligibles à la date d'embauche",
              date_to_french(e->au), h->hires, h->eligible),
             ("hires of the period up to %s: %ld, of which %ld to participants eligible at the hire date",
              date_to_iso(e->au), h->hires, h->eligible)));
    n->source = e->state->files[M_TABLE_EMBAUCHES];
    if (h->target) {
        ExplainNode *t = explain_node(root, "objectif",
            SAYF(("objectif : %s embauches éligibles (le taux en vigueur à la date de chaque embauche, additionné)",
                  explain_figure(h->target).fr),
                 ("target: %s eligible hires (the rate in force at each hire's date, added up)", explain_figure(h->target).en)));
        t->value = h->target;
    }
    Say gap = explain_figure(h->gap);
    ExplainNode *s = explain_node(root, "statut",
        h->gap ? SAYF(("statut : %s, écart %s%s", eval_hires_status_label(h->status, false), h->gap && mpq_sgn(h->gap) > 0 ? "+" : "", gap.fr),
                      ("status: %s, gap %s%s", eval_hires_status_label(h->status, true), h->gap && mpq_sgn(h->gap) > 0 ? "+" : "", gap.en))
               : SAYF(("statut : %s", eval_hires_status_label(h->status, false)), ("status: %s", eval_hires_status_label(h->status, true))));
    s->verdict = x->status;
    s->value = h->gap;
    return x;
}
