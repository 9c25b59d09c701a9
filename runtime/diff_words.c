/* runtime/diff_words.c: the comparison in words, French or English, for the text and Markdown writers: values, paths, periods, figures. */
#include "diff_impl.h"

#include "gc.h"
#include "num.h"
#include "report.h"
#include "value.h"

#include <string.h>

#define FRAC 2
#define NBSP "\u00a0"

const char *diff_words_num(mpq_srcptr q, bool english)
{
    if (!q)
        return "—";
    return num_to_reader(q, FRAC, english);
}

const char *diff_words_count(long n, bool english) { return num_count_to_reader(n, english); }

const char *diff_words_contracts_changed(long compared, long changed, bool english)
{
    /* Each count agrees its noun and verb as its language does (report_agree); none is a word. */
    const char *seen = rt_sprintf("%s %s", diff_words_count(compared, english),
                                  english ? report_agree(compared, true, "contract compared", "contracts compared")
                                          : report_agree(compared, false, "marché comparé", "marchés comparés"));
    const char *moved = changed == 0 ? (english ? "none changes" : "aucun ne change")
                      : rt_sprintf("%s %s", diff_words_count(changed, english),
                                   english ? report_agree(changed, true, "changes", "change")
                                           : report_agree(changed, false, "change", "changent"));
    return rt_sprintf("%s, %s", seen, moved);
}

const char *diff_words_versions(const DiffReport *d, const char *mark)
{
    const char *old = model_version(d->old_digest), *new_ = model_version(d->new_digest);
    if (!old || !new_)
        return NULL;
    bool en = d->english;
    if (strcmp(d->old_digest, d->new_digest) == 0)
        return rt_sprintf(DIFF_TR(en, "Version de la charte : %s%s%s (le même texte)", "Charter version: %s%s%s (the same text)"),
                          mark, old, mark);
    return rt_sprintf(DIFF_TR(en, "Versions de la charte : %s%s%s → %s%s%s", "Charter versions: %s%s%s → %s%s%s"),
                      mark, old, mark, mark, new_, mark);
}

const char *diff_words_percent(mpq_srcptr q, bool english)
{
    if (!q)
        return "—";
    return rt_sprintf("%s" NBSP "%%", report_percent(q, FRAC, !english, true));
}

const char *diff_words_delta(mpq_srcptr old, mpq_srcptr new_, bool english)
{
    mpq_t d;
    mpq_init(d);
    mpq_sub(d, new_, old);
    const char *s = mpq_sgn(d) > 0 ? rt_sprintf("+%s", diff_words_num(d, english)) : diff_words_num(d, english);
    mpq_clear(d);
    return s;
}

const char *diff_words_date(Date d, bool english) { return english ? date_to_iso(d) : date_to_french(d); }

const char *diff_words_value(const DiffValue *v, bool english)
{
    switch (v->kind) {
    case DIFF_V_NONE:           return DIFF_TR(english, "(aucun)", "(none)");
    case DIFF_V_CONFLICT:       return DIFF_TR(english, "conflit", "conflict");
    case DIFF_V_RATE:           return diff_words_percent(v->num, english);
    case DIFF_V_HOURS:          return rt_sprintf("%s" NBSP "h", diff_words_num(v->num, english));
    case DIFF_V_EUROS:          return rt_sprintf("%s" NBSP "€", diff_words_num(v->num, english));
    case DIFF_V_EUROS_PER_HOUR: return rt_sprintf("%s" NBSP "€/h", diff_words_num(v->num, english));
    case DIFF_V_MONTHS:
        if (mpq_sgn(v->num) == 0)
            return DIFF_TR(english, "sans limite", "no limit");
        return rt_sprintf("%s %s", diff_words_num(v->num, english), DIFF_TR(english, "mois", "months"));
    case DIFF_V_NUMBER:         return diff_words_num(v->num, english);
    case DIFF_V_DATE:           return diff_words_date(v->date, english);
    default:                    return say_is_set(v->words) ? say_english(v->words, english) : v->id;
    }
}

static const char *subject_words(const char *subject, bool english)
{
    static const struct { const char *id, *fr, *en; } words[] = {
        { "charte", "la charte", "the charter" },     { "categorie", "catégorie", "category" },
        { "famille", "famille", "family" },           { "perimetre", "périmètre", "scope" },
        { "eligibilite", "éligibilité", "eligibility" }, { "public", "public", "public" },
        { "comptage", "comptage", "counting" },       { "indicateur", "indicateur", "indicator" },
        { "gouvernance", "gouvernance", "governance" }, { "colonne", "colonne", "column" },
        { "avenant", "", "" },                         { "article", "", "" },
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].id, subject) == 0)
            return english ? words[i].en : words[i].fr;
    return subject;
}

static const char *english_item(const char *name, bool english)
{
    if (english && strncmp(name, "avenant ", 8) == 0)
        return rt_sprintf("amendment %s", name + 8);
    return name;
}

const char *diff_words_uncounted(const DiffReport *d)
{
    int n = d->nchanges - d->ncounted;
    if (!n)
        return "";
    return d->english
        ? rt_sprintf("; %d %s (%s)", n, n > 1 ? "amendments added, removed or moved, listed but not counted" : "amendment added, removed or moved, listed but not counted",
                     n > 1 ? "their effect is that of the rule changes they carry, counted above"
                           : "its effect is that of the rule changes it carries, counted above")
        : rt_sprintf(" ; %d %s (%s)", n, n > 1 ? "avenants ajoutés, retirés ou déplacés, listés sans être comptés"
                                                      : "avenant ajouté, retiré ou déplacé, listé sans être compté",
                     n > 1 ? "leur effet est celui des changements de règles qu'ils portent, comptés"
                           : "son effet est celui des changements de règles qu'il porte, comptés");
}

const char *diff_words_what(const DiffChange *c, bool english)
{
    const char *what;
    if (!strcmp(c->subject, "regle") || !strcmp(c->subject, "embauches")) {
        what = rt_sprintf("%s × %s", c->family ? c->family : c->nature, c->scope);
        if (c->owner)
            what = rt_sprintf(DIFF_TR(english, "%s (maître d'ouvrage « %s »)", "%s (contracting authority “%s”)"), what, c->owner);
    } else if (!strcmp(c->subject, "avenant") || !strcmp(c->subject, "article") || !strcmp(c->subject, "avertissement")) {
        what = english_item(c->name, english);
    } else if (c->name) {
        what = rt_sprintf("%s %s", subject_words(c->subject, english), c->name);
    } else {
        what = subject_words(c->subject, english);
    }
    return rt_sprintf(DIFF_TR(english, "%s : %s", "%s: %s"), what, say_english(c->field_words, english));
}

const char *diff_words_period(const DiffChange *c, bool english)
{
    if (!c->has_period || (c->from == DATE_NONE && c->to == DATE_NONE))
        return "";
    if (c->from == DATE_NONE)
        return rt_sprintf(DIFF_TR(english, "marchés notifiés jusqu'au %s", "contracts notified up to %s"), diff_words_date(c->to, english));
    if (c->to == DATE_NONE)
        return rt_sprintf(DIFF_TR(english, "marchés notifiés à partir du %s", "contracts notified from %s on"),
                          diff_words_date(c->from, english));
    return rt_sprintf(DIFF_TR(english, "marchés notifiés du %s au %s", "contracts notified from %s to %s"),
                      diff_words_date(c->from, english), diff_words_date(c->to, english));
}

enum { NFIGURES = 5 };

/* The names and values of an item's figures, in one version. */
static void figure_texts(const DiffFigures *f, bool hires, bool english, const char *names[NFIGURES], const char *values[NFIGURES])
{
    names[0] = DIFF_TR(english, "statut", "status");
    names[1] = DIFF_TR(english, "taux", "rate");
    names[2] = DIFF_TR(english, "seuil", "threshold");
    names[3] = hires ? DIFF_TR(english, "embauches objectif", "target hires") : DIFF_TR(english, "heures objectif", "target hours");
    names[4] = hires ? DIFF_TR(english, "embauches éligibles", "eligible hires") : DIFF_TR(english, "heures retenues", "counted hours");
    values[0] = say_english(f->status_words, english);
    values[1] = diff_words_percent(f->rate, english);
    values[2] = f->threshold ? rt_sprintf("%s" NBSP "€", diff_words_num(f->threshold, english)) : "—";
    values[3] = diff_words_num(f->target, english);
    values[4] = diff_words_num(f->counted, english);
}

const char *diff_words_figures(const DiffItem *it, bool hires, bool english)
{
    const char *names[NFIGURES], *o[NFIGURES], *n[NFIGURES];
    char *acc = rt_strdup("");
    if (!it->old.present || !it->new_.present) {
        bool gone = it->old.present;
        figure_texts(gone ? &it->old : &it->new_, hires, english, names, o);
        for (int i = 0; i < NFIGURES; i++)
            if (strcmp(o[i], "—") != 0)
                acc = rt_sprintf("%s%s%s %s", acc, *acc ? report_semicolon(english) : "", names[i], o[i]);
        return rt_sprintf(DIFF_TR(english, "%s : %s", "%s: %s"),
                          gone ? DIFF_TR(english, "absent de la nouvelle version, qui avait", "absent from the new version, which had")
                               : DIFF_TR(english, "absent de l'ancienne version, a maintenant", "absent from the old version, now has"),
                          acc);
    }
    figure_texts(&it->old, hires, english, names, o);
    figure_texts(&it->new_, hires, english, names, n);
    for (int i = 0; i < NFIGURES; i++)
        if (strcmp(o[i], n[i]) != 0)
            acc = rt_sprintf("%s%s%s %s → %s", acc, *acc ? report_semicolon(english) : "", names[i], o[i], n[i]);
    return acc;
}

const char *diff_words_rule_at(const Prov *p, bool english)
{
    if (!p || !p->item)
        return DIFF_TR(english, "aucune", "none");
    uint32_t line = 0, col;
    if (p->src)
        source_position(p->src, p->span.start, &line, &col);
    return rt_sprintf(DIFF_TR(english, "%s, ligne %u", "%s, line %u"), english_item(p->item, english), line);
}

/* One version's rule for the field: none, one, or the two of a conflict. */
static const char *rules_at(const Prov *const p[2], bool english)
{
    if (!p[1])
        return diff_words_rule_at(p[0], english);
    return rt_sprintf(DIFF_TR(english, "conflit : %s et %s", "conflict: %s and %s"), diff_words_rule_at(p[0], english),
                      diff_words_rule_at(p[1], english));
}

static Say outside_words(const DiffCause *c)
{
    if (!strcmp(c->kind, "periode"))
        return say("la période de validité de la charte (le marché est notifié dans l'une des versions, hors de l'autre)",
                   "the charter's period of validity (the contract is notified within one version, outside the other)");
    if (!strcmp(c->kind, "heures_base"))
        return SAYF(("les heures de base estimées de la famille %s (part de main-d'œuvre ou coût horaire)", say_q_fr(c->name)),
                    ("the estimated base hours of family %s (labour share or hourly cost)", say_q_en(c->name)));
    if (!strcmp(c->kind, "heures_comptees"))
        return say("les heures comptées avant plafonds (éligibilité, publics, fenêtre d'éligibilité ou modalités retenues)",
                   "the hours counted before caps (eligibility, publics, eligibility window or modalities counted)");
    if (!strcmp(c->kind, "plafond"))
        return SAYF(("le plafond de la modalité %s", say_q_fr(c->name)), ("the cap of modality %s", say_q_en(c->name)));
    if (!strcmp(c->kind, "arrondi"))
        return say("l'arrondi des heures objectif", "the rounding of target hours");
    if (!strcmp(c->kind, "plancher"))
        return say("le plancher national", "the national floor");
    if (!strcmp(c->kind, "embauches_eligibles"))
        return say("les embauches allées à des personnes éligibles (éligibilité, publics ou fenêtre d'éligibilité)",
                   "the hires that went to eligible persons (eligibility, publics or eligibility window)");
    return say("un changement que ce rapport ne relie pas à ces chiffres", "a change this report does not tie to these figures");
}

const char *diff_words_cause(const DiffReport *d, const DiffCause *c)
{
    bool en = d->english;
    if (strcmp(c->kind, "regle") != 0) {
        if (c->change >= 0) {   /* a listed change: said as the list says it */
            const DiffChange *ch = &d->changes[c->change];
            return rt_sprintf("%s (%s → %s)", diff_words_what(ch, en), diff_words_value(&ch->old, en), diff_words_value(&ch->new_, en));
        }
        return rt_sprintf(DIFF_TR(en, "hors des objectifs et des seuils, %s", "outside targets and thresholds, %s"),
                          say_english(outside_words(c), en));
    }
    const char *sides = rt_sprintf("%s → %s", rules_at(c->old_rule, en), rules_at(c->new_rule, en));
    if (c->change < 0)
        return rt_sprintf(DIFF_TR(en, "%s en vigueur (%s), qu'aucun changement listé ne nomme",
                                      "the %s in force (%s), which no listed change names"),
                          say_english(diff_rules_field_words(c->field), en), sides);
    return rt_sprintf("%s (%s)", diff_words_what(&d->changes[c->change], en), sides);
}
