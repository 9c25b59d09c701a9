/* runtime/diff_text.c: the comparison as text for a terminal, French or English. */
#include "diff_impl.h"

#include "gc.h"

#include <string.h>

static void counts_line(const DiffReport *d, FILE *out)
{
    bool en = d->english;
    fprintf(out, DIFF_TR(en, "Changements : %s (plus strict %s, moins strict %s, indéterminé %s, neutre %s)%s\n",
                         "Changes: %s (stricter %s, less strict %s, undetermined %s, neutral %s)%s\n"),
            diff_words_count(d->ncounted, en), diff_words_count(d->by_effect[DIFF_STRICTER], en),
            diff_words_count(d->by_effect[DIFF_LESS_STRICT], en), diff_words_count(d->by_effect[DIFF_UNDETERMINED], en),
            diff_words_count(d->by_effect[DIFF_NEUTRAL], en), diff_words_uncounted(d));
}

static void change(const DiffReport *d, const DiffChange *c, FILE *out)
{
    bool en = d->english;
    const char *period = diff_words_period(c, en);
    fprintf(out, "\n[%s] %s%s%s\n", diff_effect_label(c->effect, en), diff_words_what(c, en), *period ? ", " : "", period);
    fprintf(out, "    %s → %s\n", diff_words_value(&c->old, en), diff_words_value(&c->new_, en));
    if (c->narticles) {
        fputs(DIFF_TR(en, "    articles : ", "    articles: "), out);
        for (int i = 0; i < c->narticles; i++)
            fprintf(out, "%s%s", i ? ", " : "", c->articles[i]);
        fputc('\n', out);
    }
    if (say_is_set(c->why))
        fprintf(out, "    (%s)\n", say_english(c->why, en));
}

static void items(const DiffReport *d, const char *title, const DiffItem *it, int n, bool hires, FILE *out)
{
    if (!n)
        return;
    fprintf(out, "\n%s\n", title);
    for (int i = 0; i < n; i++) {
        if (it[i].family)
            fprintf(out, "  %s (%s, %s)\n", it[i].id, it[i].family, it[i].scope);
        else
            fprintf(out, "  %s\n", it[i].id);
        fprintf(out, "    %s\n", diff_words_figures(&it[i], hires, d->english));
        for (int k = 0; k < it[i].ncauses; k++)
            fprintf(out, DIFF_TR(d->english, "    du fait de : %s\n", "    because of: %s\n"), diff_words_cause(d, &it[i].causes[k]));
    }
}

static void total_line(const DiffReport *d, const DiffTotal *t, const char *label, FILE *out)
{
    bool en = d->english;
    fprintf(out, DIFF_TR(en, "  %s : heures objectif %s → %s (%s) ; heures retenues %s → %s (%s) ; atteints %s → %s sur %s → %s\n",
                         "  %s: target hours %s → %s (%s); counted hours %s → %s (%s); met %s → %s of %s → %s\n"),
            label, diff_words_num(t->target_old, en), diff_words_num(t->target_new, en),
            diff_words_delta(t->target_old, t->target_new, en), diff_words_num(t->counted_old, en),
            diff_words_num(t->counted_new, en), diff_words_delta(t->counted_old, t->counted_new, en),
            diff_words_count(t->met_old, en), diff_words_count(t->met_new, en), diff_words_count(t->contracts_old, en),
            diff_words_count(t->contracts_new, en));
}

static void totals(const DiffReport *d, const char *title, const DiffTotal *t, int n, FILE *out)
{
    if (!n)
        return;
    fprintf(out, "\n%s\n", title);
    for (int i = 0; i < n; i++)
        total_line(d, &t[i], t[i].key, out);
}

static void rows(const DiffReport *d, FILE *out)
{
    static const char *const tables[M_NTABLES] = { "marches", "participants", "heures", "embauches" };
    bool en = d->english;
    fputs(DIFF_TR(en, "\nLignes de données (comptées, non comptées, rejetées) :\n", "\nData rows (counted, not counted, rejected):\n"), out);
    for (int t = 0; t < M_NTABLES; t++) {
        const EvalCounts *o = &d->counts_old[t], *n = &d->counts_new[t];
        if (!o->read && !n->read)
            continue;
        /* English groups thousands with a comma ("4,375"): its three counts are parted by semicolons. */
        fprintf(out, DIFF_TR(en, "  %s : %s, %s, %s → %s, %s, %s\n", "  %s: %s; %s; %s → %s; %s; %s\n"), tables[t],
                diff_words_count(o->counted, en), diff_words_count(o->not_counted, en), diff_words_count(o->rejected, en),
                diff_words_count(n->counted, en), diff_words_count(n->not_counted, en), diff_words_count(n->rejected, en));
    }
}

static void data(const DiffReport *d, FILE *out)
{
    bool en = d->english;
    fprintf(out, DIFF_TR(en, "\nEffet sur les données (%s, au %s) : %s\n",
                         "\nEffect on the data (%s, as of %s): %s\n"),
            d->data_dir, diff_words_date(d->au, en),
            diff_words_contracts_changed(d->contracts_compared, d->ncontracts, en));
    items(d, DIFF_TR(en, "Marchés :", "Contracts:"), d->contracts, d->ncontracts, false, out);
    items(d, DIFF_TR(en, "Objectifs mutualisés :", "Pooled targets:"), d->pools, d->npools, false, out);
    items(d, DIFF_TR(en, "Objectifs d'embauches :", "Hires targets:"), d->hires, d->nhires, true, out);
    totals(d, DIFF_TR(en, "Par famille :", "By family:"), d->families, d->nfamilies, out);
    totals(d, DIFF_TR(en, "Par périmètre :", "By scope:"), d->scopes, d->nscopes, out);
    fprintf(out, "\n%s\n", DIFF_TR(en, "Ensemble :", "All contracts:"));
    total_line(d, &d->all, DIFF_TR(en, "tous les marchés", "every contract"), out);
    rows(d, out);
}

void diff_text(const DiffReport *d, FILE *out)
{
    bool en = d->english;
    fprintf(out, DIFF_TR(en, "Comparaison de « %s » (%s) et de « %s » (%s)\n", "Comparison of “%s” (%s) and “%s” (%s)\n"),
            d->old_title ? d->old_title : "", d->old_path, d->new_title ? d->new_title : "", d->new_path);
    const char *versions = diff_words_versions(d, "");
    if (versions)
        fprintf(out, "%s\n", versions);
    if (d->territory)
        fprintf(out, DIFF_TR(en, "Territoire : %s\n", "Territory: %s\n"), d->territory);
    counts_line(d, out);
    if (!d->nchanges)
        fputs(DIFF_TR(en, "Aucun changement de règle.\n", "No change in the rules.\n"), out);
    for (int i = 0; i < d->nchanges; i++)
        change(d, &d->changes[i], out);
    if (d->has_data)
        data(d, out);
}
