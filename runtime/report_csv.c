/* runtime/report_csv.c: the evaluation as a CSV for spreadsheets: one row per contract, ';', UTF-8 with BOM, CRLF, formulas defused. */
#include "report.h"

#include "num.h"

#include <string.h>

#define CSV_FRAC 2

/* A text cell: quoted when it holds the separator or a quote; prefixed with '
** when a spreadsheet would read it as a formula. A line break inside a label
** becomes a space: one contract, one physical line. */
static void csv_text(FILE *out, const char *s)
{
    if (!s)
        return;
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t'
                || s[0] == '\r';
    bool quote = strpbrk(s, ";\"") != NULL || formula;
    if (quote)
        fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p == '\r' || *p == '\n' ? ' ' : *p, out);
    }
    if (quote)
        fputc('"', out);
}

/* A number cell: decimal comma, no grouping, never defused (it is a number). */
static void csv_num(FILE *out, mpq_srcptr q)
{
    if (q)
        fputs(num_to_plain_french(q, CSV_FRAC), out);
}

/* With a period (--depuis), its first day and its hours at the end of a
** row: the last columns, so that every other column keeps its place. */
static void csv_period(const EvalRun *e, mpq_srcptr hours, FILE *out)
{
    if (e->since == DATE_NONE)
        return;
    fprintf(out, ";%s;", date_to_iso(e->since));
    csv_num(out, hours);
}

/* One row per pool, after the contracts and a blank line, when there are pools. */
static void csv_pools(const EvalRun *e, FILE *out, const char *au)
{
    const Model *m = e->model;
    if (e->npools == 0)
        return;
    fputs("\r\nmutualisation;famille;perimetre;maitre_ouvrage;statut;membres;heures_base;heures_objectif;"
          "heures_realisees;ecart;articles;au", out);
    fputs(e->since != DATE_NONE ? ";depuis;heures_realisees_periode\r\n" : "\r\n", out);
    for (int k = 0; k < e->npools; k++) {
        const EvalPool *p = e->pools[k];
        csv_text(out, p->id);
        fputc(';', out);
        csv_text(out, m->families[p->family].id);
        fputc(';', out);
        csv_text(out, m->scopes[p->scope].id);
        fputc(';', out);
        csv_text(out, p->owner);
        fputc(';', out);
        csv_text(out, eval_status_id(p->status));
        fprintf(out, ";%d;", p->nmembers);
        csv_num(out, p->base);
        fputc(';', out);
        csv_num(out, p->target_hours);
        fputc(';', out);
        csv_num(out, p->counted);
        fputc(';', out);
        csv_num(out, p->gap);
        fputc(';', out);
        csv_text(out, rt_join(p->articles, p->narticles, " / "));
        fputc(';', out);
        fputs(au, out);
        csv_period(e, p->period, out);
        fputs("\r\n", out);
    }
}

/* A target of hires: no contract, no hours; its nature in the family column (and, when the
** charter has pools, the two pool columns empty). */
static void csv_hires(const EvalRun *e, const ReportOptions *o, const char *au, FILE *out)
{
    for (int i = 0; i < e->nhires; i++) {
        const EvalHiresTarget *h = &e->hires[i];
        fputc(';', out);
        csv_text(out, h->nature);
        fputc(';', out);
        csv_text(out, e->model->scopes[h->scope].id);
        fputc(';', out);
        csv_text(out, h->owner);
        fputc(';', out);
        csv_text(out, eval_hires_status_id(h->status));
        fputc(';', out);
        if (h->rate)
            fputs(report_percent(h->rate, CSV_FRAC, true, false), out);
        fputs(";;;;;;", out);
        csv_text(out, o->english ? "target of hires" : "objectif d'embauches");
        fputs(";;", out);
        csv_text(out, rt_join(h->articles, h->narticles, " / "));
        fprintf(out, ";%ld;%ld;", h->hires, h->eligible);
        csv_num(out, h->target);
        fputc(';', out);
        csv_num(out, h->gap);
        fputc(';', out);
        fputs(au, out);
        if (e->npools)
            fputs(";;", out);
        csv_period(e, NULL, out);
        if (e->since != DATE_NONE) {
            fprintf(out, ";%ld;%ld;", h->period_hires, h->period_eligible);
            csv_num(out, h->period_target);
        }
        fputs("\r\n", out);
    }
}

void report_csv(const EvalRun *e, const ReportOptions *o, FILE *out)
{
    const Model *m = e->model;
    fputs("\xEF\xBB\xBF", out);
    /* Targets of hires follow the contracts, one row each, with four more columns before au. */
    bool hires = e->nhires > 0;
    fputs("marche;famille;perimetre;maitre_ouvrage;statut;taux;seuil;heures_base;heures_objectif;"
          "heures_realisees;ecart;intitule;montant_ht;articles;", out);
    fputs(hires ? "embauches;embauches_eligibles;objectif_embauches;ecart_embauches;au" : "au", out);
    /* Pools add two columns to the contracts, and their own rows after a blank line. */
    fputs(e->npools ? ";mutualisation;contribution" : "", out);
    if (e->since != DATE_NONE)
        fputs(hires ? ";depuis;heures_realisees_periode;embauches_periode;embauches_eligibles_periode;"
                      "objectif_embauches_periode"
                    : ";depuis;heures_realisees_periode", out);
    fputs("\r\n", out);
    /* The evaluation date on every row: a CSV row copied elsewhere still says when it held. */
    const char *au = e->au != DATE_NONE ? date_to_iso(e->au) : "";
    for (int i = 0; i < e->ncontracts; i++) {
        const EvalContract *c = e->contracts[i];
        csv_text(out, c->id);
        fputc(';', out);
        csv_text(out, c->family >= 0 ? m->families[c->family].id : NULL);
        fputc(';', out);
        csv_text(out, c->scope >= 0 ? m->scopes[c->scope].id : NULL);
        fputc(';', out);
        csv_text(out, c->owner);
        fputc(';', out);
        csv_text(out, eval_status_id(c->status));
        fputc(';', out);
        if (c->rate)
            fputs(report_percent(c->rate, CSV_FRAC, true, false), out);
        fputc(';', out);
        csv_num(out, c->threshold);
        fputc(';', out);
        csv_num(out, c->base);
        fputc(';', out);
        csv_num(out, c->target_hours);
        fputc(';', out);
        csv_num(out, c->counted);
        fputc(';', out);
        csv_num(out, c->gap);
        fputc(';', out);
        csv_text(out, c->label);
        fputc(';', out);
        csv_num(out, c->amount);
        fputc(';', out);
        csv_text(out, rt_join(c->articles, c->narticles, " / "));
        fputs(hires ? ";;;;;" : ";", out);
        fputs(au, out);
        if (e->npools) {
            fputc(';', out);
            csv_text(out, c->pool ? c->pool->id : NULL);
            fputc(';', out);
            csv_num(out, c->contribution);
        }
        csv_period(e, c->period, out);
        if (e->since != DATE_NONE && hires)
            fputs(";;;", out);
        fputs("\r\n", out);
    }
    if (hires)
        csv_hires(e, o, au, out);
    csv_pools(e, out, au);
    /* The notes after the contracts, set apart by an empty row, one per row:
    ** a spreadsheet shows them under the table; there are none on clean data. */
    if (e->nnotes)
        fputs("\r\n", out);
    for (int i = 0; i < e->nnotes; i++) {
        fputs("note;", out);
        csv_text(out, report_note(e, i, o->english));
        fputs("\r\n", out);
    }
}
