/* runtime/diff_impl.h: what the builders of the comparison (runtime/diff*.c) share: adding a change, values, effects of a number that moved. */
#ifndef CHARTE_DIFF_IMPL_H
#define CHARTE_DIFF_IMPL_H

#include "diff.h"

typedef struct DiffBuilder {
    DiffReport *d;
    const Model *old, *new_;
    int cap;
} DiffBuilder;

/* A new change of this subject, zeroed but for subject and field, added to the report. */
DiffChange *diff_add(DiffBuilder *b, const char *subject, const char *field, Say field_words);
/* Its articles: the label of p (in the report's language) once, when p names one. */
void diff_add_article(DiffBuilder *b, DiffChange *c, const Prov *p);
/* c's old or new value is set by that amendment ("avenant 3", as Prov.item names it). */
bool diff_cites(const DiffChange *c, const char *amendment);

DiffValue diff_value_num(DiffValueKind kind, mpq_srcptr q);
DiffValue diff_value_word(const char *id, Say words);
DiffValue diff_value_date(Date d);
DiffValue diff_value_none(void);
bool diff_value_same(const DiffValue *a, const DiffValue *b);

/* The effect of a number going from old to new when a higher one is stricter
** (higher_stricter) or less strict; neutral when equal. */
DiffEffect diff_effect_of_move(mpq_srcptr old, mpq_srcptr new_, bool higher_stricter);
/* Several effects together: the same one, or undetermined. */
DiffEffect diff_effect_join(DiffEffect a, DiffEffect b);

/* A neutral change of a text (a title, a name): added when old and new differ. */
DiffChange *diff_text_change(DiffBuilder *b, const char *subject, const char *name, const char *field, Say words,
                             const char *old, const char *new_, const Prov *op, const Prov *np);
/* true when two checked conditions say the same thing as written (spans and spellings aside). */
bool diff_expr_same(const AstExpr *a, const AstExpr *b);

/* diff_causes.c: fills it->causes for a contract evaluated as x by the old run and y by the new one. */
void diff_causes(const DiffReport *d, const EvalRun *old, const EvalRun *new_, const EvalContract *x,
                 const EvalContract *y, DiffItem *it);
/* The same for a pool (po in the old run, pn in the new one) and for a hires target. */
void diff_causes_pool(const DiffReport *d, const EvalRun *old, const EvalRun *new_, const EvalPool *po, const EvalPool *pn,
                      DiffItem *it);
void diff_causes_hires(const DiffReport *d, const EvalRun *old, const EvalRun *new_, const EvalHiresTarget *ho,
                       const EvalHiresTarget *hn, DiffItem *it);

/* ---- in words, for the writers (diff_words.c) ---- */
#define DIFF_TR(english, fr, en) ((english) ? (en) : (fr))
/* "12 %", "40 000 €", "35 h", "24 mois", "01/01/2024", the words of a word, "—" when absent. */
const char *diff_words_value(const DiffValue *v, bool english);
/* A figure of the data: "1 234,5" (French) or "1234.5"; "—" for NULL. */
const char *diff_words_num(mpq_srcptr q, bool english);
/* A count of rows, grouped by thousands in French as every other figure of the report ("4 375"). */
const char *diff_words_count(long n, bool english);
/* "48 marchés comparés, 6 changent", "1 marché comparé, aucun ne change" / "48 contracts compared, 6 change",
** "1 contract compared, none changes": the text and Markdown writers' one sentence of the data's effect. */
const char *diff_words_contracts_changed(long compared, long changed, bool english);
/* "Versions de la charte : e21c380021dc → 42e868d53c23" / "Charter versions: …", each version between two
** `mark`s (Markdown's backquote, or ""); one version and "(le même texte)" when both texts are the same;
** NULL when a version is unknown. The text and Markdown writers' line under their title. */
const char *diff_words_versions(const DiffReport *d, const char *mark);
const char *diff_words_percent(mpq_srcptr q, bool english);
/* " ; 1 avenant listé sans être compté (…)" / "; 1 amendment listed, not counted (…)" after the summary's counts,
** "" when every listed change is counted: the text and Markdown writers' one wording of it. */
const char *diff_words_uncounted(const DiffReport *d);
/* "+200", "−12,5", "0": new − old. */
const char *diff_words_delta(mpq_srcptr old, mpq_srcptr new_, bool english);
/* What the change is about: "nettoyage × amp (maître d'ouvrage « X »)", "public jeune", "la charte"… */
const char *diff_words_what(const DiffChange *c, bool english);
/* The notification dates a rule change concerns, "" when all of them. */
const char *diff_words_period(const DiffChange *c, bool english);
const char *diff_words_date(Date d, bool english);
/* The figures of an item that differ, "statut atteint → non atteint ; …"; of one version only when the other lacks the item. */
const char *diff_words_figures(const DiffItem *it, bool hires, bool english);
/* One cause of a contract's move: "nettoyage × amp : objectif d'heures (article 4, ligne 43 → avenant 3, ligne 80)",
** "hors des règles d'objectif : le plafond de la modalité « formation »"… */
const char *diff_words_cause(const DiffReport *d, const DiffCause *c);
/* Where a rule is written: "article 4, ligne 43" / "amendment 3, line 80"; "aucune" / "none" for NULL. */
const char *diff_words_rule_at(const Prov *p, bool english);

void diff_text(const DiffReport *d, FILE *out);
void diff_md(const DiffReport *d, FILE *out);
void diff_json(const DiffReport *d, FILE *out);

/* The parts of the comparison, in the order of the report. */
void diff_rules(DiffBuilder *b);          /* diff_rules.c: targets, thresholds, levels in force */
/* "objectif d'heures" / "hours target"…: the words of a rule change's field ("objectif", "seuil", "niveau"…). */
Say diff_rules_field_words(const char *field);
void diff_declarations(DiffBuilder *b);   /* diff_decls.c: header, families, scopes, amendments, articles… */
void diff_counting(DiffBuilder *b);       /* diff_counting.c: eligibility, publics, counting rules */
void diff_amendments(DiffBuilder *b);     /* diff_decls.c, after the rules: an amendment's date takes their effect */

#endif
