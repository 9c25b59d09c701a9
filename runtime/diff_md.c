/* runtime/diff_md.c: the comparison as Markdown, for a merge-request comment: a summary, a table of changes, the data's effect in tables. */
#include "diff_impl.h"

#include "gc.h"

#include <string.h>

/* A table cell: its pipes escaped, its line breaks spaces. */
static const char *cell(const char *s)
{
    char *out = rt_alloc_atomic(strlen(s) * 2 + 1), *w = out;
    for (; *s; s++) {
        if (*s == '|')
            *w++ = '\\';
        *w++ = *s == '\n' ? ' ' : *s;
    }
    *w = '\0';
    return out;
}

static void changes(const DiffReport *d, FILE *out)
{
    bool en = d->english;
    fputs(DIFF_TR(en, "| Effet | Quoi | Marchés concernés | Avant | Après | Articles |\n",
                  "| Effect | What | Contracts concerned | Before | After | Articles |\n"), out);
    fputs("|---|---|---|---|---|---|\n", out);
    for (int i = 0; i < d->nchanges; i++) {
        const DiffChange *c = &d->changes[i];
        const char *period = diff_words_period(c, en);
        const char *what = diff_words_what(c, en);
        if (say_is_set(c->why))
            what = rt_sprintf("%s (%s)", what, say_english(c->why, en));
        const char *articles = "";
        for (int k = 0; k < c->narticles; k++)
            articles = rt_sprintf("%s%s%s", articles, k ? ", " : "", c->articles[k]);
        fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", diff_effect_label(c->effect, en), cell(what),
                *period ? cell(period) : c->has_period ? DIFF_TR(en, "tous", "all") : "—", cell(diff_words_value(&c->old, en)),
                cell(diff_words_value(&c->new_, en)), cell(articles));
    }
}

static void items(const DiffReport *d, const char *title, const DiffItem *it, int n, bool hires, FILE *out)
{
    if (!n)
        return;
    bool en = d->english;
    fprintf(out, "\n### %s\n\n", title);
    fputs(DIFF_TR(en, "| Identifiant | Ce qui change | Du fait de |\n|---|---|---|\n", "| Identifier | What changes | Because of |\n|---|---|---|\n"), out);
    for (int i = 0; i < n; i++) {
        const char *id = it[i].family ? rt_sprintf("%s (%s, %s)", it[i].id, it[i].family, it[i].scope) : it[i].id;
        const char *why = "";   /* why it moved (diff_causes.c): nothing for an item of one version only */
        for (int k = 0; k < it[i].ncauses; k++)
            why = rt_sprintf("%s%s%s", why, k ? DIFF_TR(en, " ; ", "; ") : "", diff_words_cause(d, &it[i].causes[k]));
        fprintf(out, "| %s | %s | %s |\n", cell(id), cell(diff_words_figures(&it[i], hires, en)), cell(why));
    }
}

static void total_row(const DiffReport *d, const DiffTotal *t, const char *label, FILE *out)
{
    bool en = d->english;
    fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s → %s / %s → %s |\n", cell(label), diff_words_num(t->target_old, en),
            diff_words_num(t->target_new, en), diff_words_delta(t->target_old, t->target_new, en),
            diff_words_num(t->counted_old, en), diff_words_num(t->counted_new, en),
            diff_words_delta(t->counted_old, t->counted_new, en), diff_words_count(t->met_old, en),
            diff_words_count(t->met_new, en), diff_words_count(t->contracts_old, en), diff_words_count(t->contracts_new, en));
}

static void totals_head(bool en, const char *first, FILE *out)
{
    fprintf(out, DIFF_TR(en, "| %s | Heures objectif avant | après | écart | Heures retenues avant | après | écart | Atteints / marchés |\n",
                         "| %s | Target hours before | after | change | Counted hours before | after | change | Met / contracts |\n"),
            first);
    fputs("|---|--:|--:|--:|--:|--:|--:|---|\n", out);
}

static void totals(const DiffReport *d, FILE *out)
{
    bool en = d->english;
    fprintf(out, "\n### %s\n\n", DIFF_TR(en, "Totaux", "Totals"));
    totals_head(en, DIFF_TR(en, "Famille ou périmètre", "Family or scope"), out);
    for (int i = 0; i < d->nfamilies; i++)
        total_row(d, &d->families[i], rt_sprintf(DIFF_TR(en, "famille %s", "family %s"), d->families[i].key), out);
    for (int i = 0; i < d->nscopes; i++)
        total_row(d, &d->scopes[i], rt_sprintf(DIFF_TR(en, "périmètre %s", "scope %s"), d->scopes[i].key), out);
    total_row(d, &d->all, DIFF_TR(en, "**tous les marchés**", "**every contract**"), out);
}

static void rows(const DiffReport *d, FILE *out)
{
    static const char *const tables[M_NTABLES] = { "marches", "participants", "heures", "embauches" };
    bool en = d->english;
    fprintf(out, "\n### %s\n\n", DIFF_TR(en, "Lignes de données", "Data rows"));
    fputs(DIFF_TR(en, "| Table | Comptées | Non comptées | Rejetées |\n", "| Table | Counted | Not counted | Rejected |\n"), out);
    fputs("|---|--:|--:|--:|\n", out);
    for (int t = 0; t < M_NTABLES; t++) {
        const EvalCounts *o = &d->counts_old[t], *n = &d->counts_new[t];
        if (o->read || n->read)
            fprintf(out, "| %s | %s → %s | %s → %s | %s → %s |\n", tables[t], diff_words_count(o->counted, en),
                    diff_words_count(n->counted, en), diff_words_count(o->not_counted, en), diff_words_count(n->not_counted, en),
                    diff_words_count(o->rejected, en), diff_words_count(n->rejected, en));
    }
}

static void data(const DiffReport *d, FILE *out)
{
    bool en = d->english;
    fprintf(out, DIFF_TR(en, "\n## Effet sur les données\n\n`%s`, au %s : %s.\n",
                         "\n## Effect on the data\n\n`%s`, as of %s: %s.\n"),
            d->data_dir, diff_words_date(d->au, en),
            diff_words_contracts_changed(d->contracts_compared, d->ncontracts, en));
    items(d, DIFF_TR(en, "Marchés", "Contracts"), d->contracts, d->ncontracts, false, out);
    items(d, DIFF_TR(en, "Objectifs mutualisés", "Pooled targets"), d->pools, d->npools, false, out);
    items(d, DIFF_TR(en, "Objectifs d'embauches", "Hires targets"), d->hires, d->nhires, true, out);
    totals(d, out);
    rows(d, out);
}

void diff_md(const DiffReport *d, FILE *out)
{
    bool en = d->english;
    fprintf(out, DIFF_TR(en, "## Changements de la charte\n\n« %s » (`%s`) → « %s » (`%s`)",
                         "## Changes to the charter\n\n“%s” (`%s`) → “%s” (`%s`)"),
            d->old_title ? d->old_title : "", d->old_path, d->new_title ? d->new_title : "", d->new_path);
    if (d->territory)
        fprintf(out, DIFF_TR(en, ", territoire « %s »", ", territory “%s”"), d->territory);
    fputs(".\n", out);
    const char *versions = diff_words_versions(d, "`");
    if (versions)
        fprintf(out, "\n%s.\n", versions);
    /* A count agrees as in French and English: singular below 2 in French, for 1 only in English. */
    bool one = en ? d->ncounted == 1 : d->ncounted < 2;
    fprintf(out, DIFF_TR(en, "\n**%s changement%s** : plus strict %s, moins strict %s, indéterminé %s, neutre %s%s.\n",
                         "\n**%s change%s**: stricter %s, less strict %s, undetermined %s, neutral %s%s.\n"),
            diff_words_count(d->ncounted, en), one ? "" : "s", diff_words_count(d->by_effect[DIFF_STRICTER], en),
            diff_words_count(d->by_effect[DIFF_LESS_STRICT], en), diff_words_count(d->by_effect[DIFF_UNDETERMINED], en),
            diff_words_count(d->by_effect[DIFF_NEUTRAL], en), diff_words_uncounted(d));
    if (d->nchanges) {
        fputc('\n', out);
        changes(d, out);
    }
    if (d->has_data)
        data(d, out);
}
