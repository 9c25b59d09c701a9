/* runtime/explain_impl.h: what the explainer's files (runtime/explain*.c) share: making steps, naming sources, figures in words. */
#ifndef CHARTE_EXPLAIN_IMPL_H
#define CHARTE_EXPLAIN_IMPL_H

#include "eval_impl.h"
#include "explain.h"

/* explain_node.c */
ExplainNode *explain_node(ExplainNode *parent, const char *step, Say text);
/* "<stdlib>/anru.charte:55:3": where a provenance is written; NULL when it has no source. */
const char *explain_prov_source(const Prov *p);
/* "amp.charte:12:5": where an expression is written in a source. */
const char *explain_span_source(Source *src, Span span);
/* "heures.csv:12": a data row. */
const char *explain_row_source(const EvalRun *e, int table, long line);
/* Figures in each language: "1 234,5" / "1,234.5"; "12 %" / "12 %"; a count of rows,
** contracts or hires: "1 234" / "1,234". */
Say explain_figure(mpq_srcptr q);
Say explain_count(long n);
Say explain_percent(mpq_srcptr q);
/* With a period, where a hire's day or an hour line's month falls, as the
** evaluator counts it (eval_hires.c, eval_hours.c): "avant" (counted at the
** day before the period too), "periode", "apres" (after the evaluation date);
** NULL without a period. Its words, " (avant la période)", for the row's date. */
const char *explain_period_side_of_day(const EvalRun *e, Date day);
const char *explain_period_side_of_month(const EvalRun *e, Month month);
Say explain_period_words(const char *side);
/* "du 01/01/2025 au 31/12/2025" in both languages. */
Say explain_period_span(const EvalRun *e);
/* "article 4 « Objectifs »" in both languages. */
Say explain_article(const Prov *p);

/* explain_lines.c: every row of a table read again, each well-typed one given to fn(ctx, row). */
typedef void ExplainRowFn(void *ctx, const DataRow *row);
bool explain_each_row(const Model *m, const char *dir, int table, ExplainRowFn *fn, void *ctx, DataError *err);

#endif
