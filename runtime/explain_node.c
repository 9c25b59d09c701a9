/* runtime/explain_node.c: the steps of an explanation: making them, naming their sources, writing their figures in both languages. */
#include "explain_impl.h"

#include "gc.h"
#include "num.h"
#include "report.h"

#include <string.h>

ExplainNode *explain_node(ExplainNode *parent, const char *step, Say text)
{
    ExplainNode *n = RT_NEW(ExplainNode);
    n->step = step;
    n->text = text;
    if (parent) {
        RT_GROW(parent->children, parent->nchildren);
        parent->children[parent->nchildren++] = n;
    }
    return n;
}

const char *explain_span_source(Source *src, Span span)
{
    if (!src)
        return NULL;
    uint32_t line, col;
    source_position(src, span.start, &line, &col);
    return rt_sprintf("%s:%u:%u", src->name ? src->name : "?", line, col);
}

const char *explain_prov_source(const Prov *p)
{
    return p ? explain_span_source(p->src, p->span) : NULL;
}

const char *explain_row_source(const EvalRun *e, int table, long line)
{
    const char *file = e->state->files[table];
    return rt_sprintf("%s:%ld", file ? file : e->files[table].table, line);
}

Say explain_figure(mpq_srcptr q)
{
    if (!q)
        return say("—", "—");
    return say(num_to_reader(q, 2, false), num_to_reader(q, 2, true));
}

Say explain_count(long n) { return say(num_count_to_reader(n, false), num_count_to_reader(n, true)); }

Say explain_percent(mpq_srcptr q)
{
    if (!q)
        return say("—", "—");
    return SAYF(("%s %%", report_percent(q, 2, true, true)), ("%s %%", report_percent(q, 2, false, true)));
}

Say explain_article(const Prov *p)
{
    return say(model_prov_label(p, false), model_prov_label(p, true));
}

/* The side of the period a row falls on, by the rule the evaluator counts it with. */
static const char *period_side(bool before, bool after)
{
    return before ? "avant" : after ? "apres" : "periode";
}

const char *explain_period_side_of_day(const EvalRun *e, Date day)
{
    return e->since == DATE_NONE ? NULL : period_side(day < e->since, day > e->au);
}

const char *explain_period_side_of_month(const EvalRun *e, Month month)
{
    return e->since == DATE_NONE ? NULL : period_side(month < e->since_month, month > e->au_month);
}

Say explain_period_words(const char *side)
{
    if (!side)
        return say("", "");
    if (strcmp(side, "avant") == 0)
        return say(" (avant la période)", " (before the period)");
    return strcmp(side, "apres") == 0 ? say(" (après la période)", " (after the period)")
                                      : say(" (dans la période)", " (in the period)");
}

Say explain_period_span(const EvalRun *e)
{
    return SAYF(("du %s au %s", date_to_french(e->since), date_to_french(e->au)),
                ("from %s to %s", date_to_iso(e->since), date_to_iso(e->au)));
}
