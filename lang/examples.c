/* lang/examples.c: examples checked against the schema (columns, types, ids, references) and their expectations. */
#include "examples.h"

#include "declare.h"
#include "expr.h"
#include "families.h"
#include "gc.h"
#include "schema.h"
#include "scopes.h"

#include <string.h>

typedef struct Ex {
    Checker *ck;
    int module;
    AstItem *item;
    IdMap ids[3];              /* contracts, participants, hires of this example -> line index */
    AstExampleLine **first[3];  /* the line that declared each id */
    int nids[3];
} Ex;

/* The words that start a row of hires, and the word before the id of a hires target's
** expectation (`attendu embauches « bm/travaux »`), in either language. */
static const char *const hire_row_words[] = { "embauche", "hire" };
static const char *const hires_expect_words[] = { "embauches", "hires" };

static bool key_is_one_of(const char *word, const char *const *words, int n)
{
    if (!word)
        return false;
    const char *k = checker_key(word);
    for (int i = 0; i < n; i++)
        if (!strcmp(k, checker_key(words[i])))
            return true;
    return false;
}

int examples_line_table(const AstExampleLine *l)
{
    switch (l->kind) {
    case AST_X_CONTRACT:    return M_TABLE_MARCHES;
    case AST_X_PARTICIPANT: return M_TABLE_PARTICIPANTS;
    case AST_X_HOURS:       return M_TABLE_HEURES;
    case AST_X_ROW:         return key_is_one_of(l->word, hire_row_words, 2) ? M_TABLE_EMBAUCHES : -1;
    default:                return -1;
    }
}

bool examples_expects_hires(const AstExampleLine *l)
{
    return l->kind == AST_X_EXPECT && key_is_one_of(l->word, hires_expect_words, 2);
}

/* The slot of x->ids that holds the ids of a table's rows (hour lines have none). */
static int id_slot(int table)
{
    return table == M_TABLE_MARCHES ? 0 : table == M_TABLE_PARTICIPANTS ? 1 : 2;
}

static Diag *report(Ex *x, const char *code, Span span, Say msg)
{
    return checker_report(x->ck, DIAG_ERROR, code, x->module, span, msg);
}

static const char *word_of(const AstField *f)
{
    return f->key == AST_KEY_WORD && f->word ? f->word : ast_key_name(f->key, false);
}

/* ---- values against a column -------------------------------------------------------------- */

static bool is_word(const AstExpr *e)
{
    return e && (e->kind == AST_E_NAME || e->kind == AST_E_STRING) && e->u.text;
}

static bool is_bare_number(const AstExpr *e)
{
    return e && e->kind == AST_E_NUMBER && e->u.num.unit == LEX_UNIT_NONE;
}

static void wrong_value(Ex *x, const MColumn *col, const AstExpr *e, Span span, const Type *want,
                        Say extra)
{
    Source *src = checker_src(x->ck, x->module);
    const char *text = e ? source_text(src, e->span) : "";
    const char *unit = want ? types_unit(want, false) : NULL;
    Say hint = say("", "");
    if (is_bare_number(e) && unit && *unit && !want->percent)
        hint = SAYF((" ; écrivez « %s %s »", text, unit), ("; write “%s %s”", text, unit));
    report(x, "C0610", span,
           say(rt_sprintf("valeur invalide « %s » pour la colonne %s, de type %s%s%s", text, col->name,
                          types_name(want, false), extra.fr, hint.fr),
               rt_sprintf("invalid value “%s” for column %s, of type %s%s%s", text, col->name,
                          types_name(want, true), extra.en, hint.en)));
}

static bool integer_in_bounds(const MColumn *col, mpq_srcptr q)
{
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0)
        return false;
    return !(col->has_min && mpq_cmp(q, col->min) < 0) && !(col->has_max && mpq_cmp(q, col->max) > 0);
}

static bool in_choices(const MColumn *col, const char *text)
{
    for (int i = 0; i < col->nchoices; i++)
        if (!strcmp(col->choices[i], text))
            return true;
    return false;
}

static void check_value(Ex *x, int table, int ci, const AstField *f)
{
    Checker *ck = x->ck;
    const MColumn *col = &ck->m->tables[table].columns[ci];
    const Type *want = schema_column_type(ck, table, ci);
    AstExpr *e = f->value;
    Span span = e ? e->span : f->span;
    if (!e) {
        if (col->type != M_COL_BOOL)
            wrong_value(x, col, NULL, span, want, say(" (une valeur est attendue après le nom)",
                            " (a value is expected after the name)"));
        return;
    }
    switch (col->type) {
    case M_COL_ID: case M_COL_TEXT: case M_COL_REF:
        if (!is_word(e) && !is_bare_number(e))
            wrong_value(x, col, e, span, want, say("", ""));
        return;
    case M_COL_CHOICE:
        /* The type's name lists the choices. */
        if (!is_word(e) || !in_choices(col, e->u.text))
            wrong_value(x, col, e, span, want, say("", ""));
        return;
    case M_COL_FAMILY:
        if (is_word(e))
            families_resolve(ck, x->module, e->u.text, e->span);
        else
            wrong_value(x, col, e, span, want, say("", ""));
        return;
    case M_COL_SCOPE:
        if (is_word(e))
            scopes_resolve(ck, x->module, e->u.text, e->span);
        else
            wrong_value(x, col, e, span, want, say("", ""));
        return;
    case M_COL_BOOL:
        if (e->kind != AST_E_BOOL)
            wrong_value(x, col, e, span, want, say(" (oui ou non)", " (yes or no)"));
        return;
    default:
        break;
    }
    /* Dates, months and numbers: fixed values, constants allowed. */
    const Type *t = expr_check(ck, x->module, e, EXPR_CONST);
    if (types_is_error(t))
        return;
    if (!types_equal(t, want)) {
        wrong_value(x, col, e, span, want, say("", ""));
        return;
    }
    if (col->type == M_COL_INT && e->is_constant && !integer_in_bounds(col, e->value.as.num))
        wrong_value(x, col, e, span, want, say(" (entier hors des bornes de la colonne)",
                        " (integer outside the column's bounds)"));
}

/* ---- rows ----------------------------------------------------------------------------------------- */

static const char *columns_list(const MTable *t)
{
    const char *s = "";
    for (int i = 0; i < t->ncolumns; i++)
        s = rt_sprintf("%s%s%s", s, i ? ", " : "", t->columns[i].name);
    return s;
}

static const char *column_hint(const MTable *t, const char *word, bool english)
{
    const char **names = rt_alloc(sizeof *names * (size_t)(t->ncolumns + 1));
    for (int i = 0; i < t->ncolumns; i++)
        names[i] = t->columns[i].name;
    return checker_suggest_in(names, t->ncolumns, word, english);
}

/* Checks the fields of a row; given[c] is set for each column given. */
static void check_fields(Ex *x, const AstExampleLine *l, int table, bool *given)
{
    const MTable *t = &x->ck->m->tables[table];
    for (int i = 0; i < l->fields.len; i++) {
        const AstField *f = AST_AT(l->fields, AstField, i);
        const char *word = word_of(f);
        int ci = schema_column(x->ck, table, word);
        if (ci < 0 && t->ncolumns == 0)
            /* A table with no column is said once, where it was lost (C0608, or the syntax error
            ** of a misspelt `utilise anru`): an error for each field of each example buried it
            ** under hundreds, each with an empty list "(colonnes : )". */
            continue;
        if (ci < 0) {
            report(x, "C0609", f->key_span,
                   say(rt_sprintf("colonne inconnue « %s » dans la table %s (colonnes : %s)%s", word,
                                  t->name, columns_list(t), column_hint(t, word, false)),
                       rt_sprintf("unknown column “%s” in table %s (columns: %s)%s", word, t->name,
                                  columns_list(t), column_hint(t, word, true))));
            continue;
        }
        if (given[ci]) {
            report(x, "C0609", f->key_span,
                   say(rt_sprintf("la colonne %s est donnée deux fois sur cette ligne", t->columns[ci].name),
                       rt_sprintf("column %s is given twice on this line", t->columns[ci].name)));
            continue;
        }
        given[ci] = true;
        check_value(x, table, ci, f);
    }
}

static void check_required(Ex *x, const AstExampleLine *l, int table, const bool *given)
{
    const MTable *t = &x->ck->m->tables[table];
    const char *missing = "";
    int n = 0;
    for (int c = 0; c < t->ncolumns; c++) {
        const MColumn *col = &t->columns[c];
        if (given[c] || !col->required || c == t->id_column)
            continue;
        missing = rt_sprintf("%s%s%s", missing, n ? ", " : "", col->name);
        n++;
    }
    if (n == 0)
        return;
    report(x, "C0615", l->span,
           say(rt_sprintf("il manque %s à cette ligne de la table %s : %s",
                          n > 1 ? "des colonnes obligatoires" : "une colonne obligatoire", t->name,
                          missing),
               rt_sprintf("this row of table %s lacks %s: %s", t->name,
                          n > 1 ? "required columns" : "a required column", missing)));
}

static void declare_id(Ex *x, AstExampleLine *l, int table)
{
    int k = id_slot(table);
    const char *table_name = x->ck->m->tables[table].name;
    if (!l->id || !l->id->u.text)
        return;
    int first = idmap_add(&x->ids[k], l->id->u.text, strlen(l->id->u.text), x->nids[k]);
    if (first >= 0) {
        Diag *d = report(x, "C0611", l->id->span,
                         say(rt_sprintf("« %s » est déjà un identifiant de la table %s dans cet exemple",
                                        l->id->u.text, table_name),
                             rt_sprintf("“%s” is already an id of table %s in this example",
                                        l->id->u.text, table_name)));
        checker_note(d, checker_src(x->ck, x->module), x->first[k][first]->id->span,
                     say("première ligne avec cet identifiant", "first line with this id"));
        return;
    }
    RT_GROW(x->first[k], x->nids[k]);
    x->first[k][x->nids[k]++] = l;
}

/* An hour line names a contract and a participant of this example; so does a hire, when it
** names one. */
static void check_refs(Ex *x, const AstExampleLine *l, int table)
{
    const MStdColumns *std = &x->ck->m->std;
    int contract = table == M_TABLE_HEURES ? std->h_contract : std->e_contract;
    int participant = table == M_TABLE_HEURES ? std->h_participant : std->e_participant;
    for (int i = 0; i < l->fields.len; i++) {
        const AstField *f = AST_AT(l->fields, AstField, i);
        int ci = schema_column(x->ck, table, word_of(f));
        int k = ci >= 0 && ci == contract ? 0 : ci >= 0 && ci == participant ? 1 : -1;
        if (k < 0 || (!is_word(f->value) && !is_bare_number(f->value)))
            continue;
        const char *id = f->value->kind == AST_E_NUMBER ? f->value->u.num.text : f->value->u.text;
        if (idmap_index(&x->ids[k], id) >= 0)
            continue;
        report(x, "C0612", f->value->span,
               say(rt_sprintf("« %s » n'est pas %s de cet exemple", id,
                              k == 0 ? "un marché" : "un participant"),
                   rt_sprintf("“%s” is not a %s of this example", id, k == 0 ? "contract" : "participant")));
    }
}

/* ---- expectations ---------------------------------------------------------------------------------- */

static const char *const statuses[] = {
    "atteint", "non_atteint", "non_soumis", "conflit", "sans_objectif", "sans_base", "mutualise"
};
#define NSTATUSES 7

static bool is_status(const char *word)
{
    const char *k = checker_key(word);
    for (int i = 0; i < NSTATUSES; i++)
        if (!strcmp(k, checker_key(statuses[i])))
            return true;
    return false;
}

typedef struct Expectation {
    const char *keys[7];
    const Type *(*type)(void);
} Expectation;

static const Expectation expectations[] = {
    { { "objectif", "target", NULL }, types_hours },
    { { "retenu", "retenus", "retenues", "realise", "realisees", "counted", NULL }, types_hours },
    { { "base", NULL }, types_hours },
    { { "taux", "rate", NULL }, types_percent },
    { { "seuil", "threshold", NULL }, types_amount },
    { { "ecart", "gap", NULL }, types_hours },
    { { "contribution", NULL }, types_hours },
};
#define NEXPECT ((int)(sizeof expectations / sizeof expectations[0]))

static const Type *expected_type(const char *word)
{
    const char *k = checker_key(word);
    for (int i = 0; i < NEXPECT; i++)
        for (const char *const *w = expectations[i].keys; *w; w++)
            if (!strcmp(k, *w))
                return expectations[i].type();
    return NULL;
}

static void unknown_expectation(Ex *x, const AstField *f)
{
    const char *word = word_of(f);
    const char *list = "atteint, non_atteint, non_soumis, conflit, sans_objectif, sans_base, mutualise ; "
                       "objectif, retenu, base, taux, seuil, écart, contribution";
    report(x, "C0613", f->key_span,
           say(rt_sprintf("attendu inconnu « %s » (statuts et valeurs possibles : %s)", word, list),
               rt_sprintf("unknown expectation “%s” (possible statuses and values: %s)", word, list)));
}

static void check_expect_field(Ex *x, const AstField *f, int *nstatus)
{
    const char *word = word_of(f);
    const char *k = checker_key(word);
    bool status_key = !strcmp(k, "statut") || !strcmp(k, "status");
    if ((!f->value && is_status(word)) || (status_key && is_word(f->value)
                                           && is_status(f->value->u.text))) {
        if (++*nstatus > 1)
            report(x, "C0613", f->span, say("un seul statut attendu par marché",
                       "one expected status per contract"));
        return;
    }
    const Type *want = f->value && !status_key ? expected_type(word) : NULL;
    if (!want) {
        unknown_expectation(x, f);
        return;
    }
    const Type *t = expr_check(x->ck, x->module, f->value, EXPR_CONST);
    if (types_is_error(t) || types_equal(t, want))
        return;
    Source *src = checker_src(x->ck, x->module);
    const char *text = source_text(src, f->value->span);
    const char *unit = types_unit(want, false);
    bool bare = is_bare_number(f->value) && unit && *unit && !want->percent;
    report(x, "C0610", f->value->span,
           say(rt_sprintf("« %s » attend une valeur de type %s : « %s » est de type %s%s", word,
                          types_name(want, false), text, types_name(t, false),
                          bare ? rt_sprintf(" ; écrivez « %s %s »", text, unit) : ""),
               rt_sprintf("“%s” expects a value of type %s: “%s” is of type %s%s", word,
                          types_name(want, true), text, types_name(t, true),
                          bare ? rt_sprintf("; write “%s %s”", text, unit) : "")));
}

/* A pool is named "scope/family" or "scope/family/owner" (runtime/eval_pools.c):
** a pooled rule of that family at that scope must exist. */
static bool names_a_pool(const Ex *x, const char *id)
{
    const char *slash = strchr(id, '/');
    if (!slash)
        return false;
    const char *rest = slash + 1, *owner = strchr(rest, '/');
    const char *scope = rt_strndup(id, (size_t)(slash - id));
    const char *family = owner ? rt_strndup(rest, (size_t)(owner - rest)) : rest;
    const Model *m = x->ck->m;
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (r->pool == AST_POOL_NONE || strcmp(m->scopes[r->scope].id, scope) != 0
            || strcmp(m->families[r->family].id, family) != 0)
            continue;
        if (!owner || r->pool == AST_POOL_OWNER
            || (r->owner && strcmp(checker_key(r->owner), checker_key(owner + 1)) == 0))
            return true;
    }
    return false;
}

/* ---- expectations of a target of hires ---------------------------------------------------------- */

static const char *const hires_statuses[] = { "atteint", "non_atteint", "sans_embauches", "sans_donnees" };

static const Expectation hires_expectations[] = {
    { { "embauches", "hires", NULL }, types_number },
    { { "eligibles", "eligible", NULL }, types_number },
    { { "objectif", "target", NULL }, types_number },
    { { "ecart", "gap", NULL }, types_number },
    { { "taux", "rate", NULL }, types_percent },
    { { "part", "share", NULL }, types_percent },
};
#define NHIRES_EXPECT ((int)(sizeof hires_expectations / sizeof hires_expectations[0]))

/* A target of hires is named "scope/nature" or "scope/nature/owner", as its report row reads;
** a hires rule at that scope, of that nature (and that owner) must exist. */
static bool names_a_hires_target(const Ex *x, const char *id)
{
    const char *slash = strchr(id, '/');
    if (!slash)
        return false;
    const char *rest = slash + 1, *owner = strchr(rest, '/');
    const char *scope = rt_strndup(id, (size_t)(slash - id));
    const char *nature = owner ? rt_strndup(rest, (size_t)(owner - rest)) : rest;
    const Model *m = x->ck->m;
    for (int i = 0; i < m->nrules; i++) {
        const MRule *r = &m->rules[i];
        if (r->kind != M_TARGET_SHARE_HIRES || !r->nature || strcmp(m->scopes[r->scope].id, scope) != 0
            || strcmp(r->nature, nature) != 0)
            continue;
        if (owner ? r->owner && !strcmp(checker_key(r->owner), checker_key(owner + 1)) : !r->owner)
            return true;
    }
    return false;
}

static void check_hires_expect_field(Ex *x, const AstField *f, int *nstatus)
{
    const char *word = word_of(f);
    const char *k = checker_key(word);
    bool status_key = !strcmp(k, "statut") || !strcmp(k, "status");
    const char *status = !f->value ? word : status_key && is_word(f->value) ? f->value->u.text : NULL;
    if (status && key_is_one_of(status, hires_statuses, 4)) {
        if (++*nstatus > 1)
            report(x, "C0613", f->span, say("un seul statut attendu par objectif", "one expected status per target"));
        return;
    }
    const Type *want = NULL;
    for (int i = 0; i < NHIRES_EXPECT && f->value && !status_key && !want; i++)
        for (const char *const *w = hires_expectations[i].keys; *w; w++)
            if (!strcmp(k, checker_key(*w)))
                want = hires_expectations[i].type();
    if (!want) {
        const char *list = "atteint, non_atteint, sans_embauches, sans_donnees ; "
                           "embauches, éligibles, objectif, écart, taux, part";
        report(x, "C0613", f->key_span,
               say(rt_sprintf("attendu inconnu « %s » pour un objectif d'embauches (statuts et valeurs "
                              "possibles : %s)", word, list),
                   rt_sprintf("unknown expectation “%s” for a target of hires (possible statuses and "
                              "values: %s)", word, list)));
        return;
    }
    const Type *t = expr_check(x->ck, x->module, f->value, EXPR_CONST);
    if (types_is_error(t) || types_equal(t, want) || (types_equal(want, types_number()) && types_equal(t, types_integer())))
        return;
    Source *src = checker_src(x->ck, x->module);
    report(x, "C0610", f->value->span,
           say(rt_sprintf("« %s » attend une valeur de type %s : « %s » est de type %s", word,
                          types_name(want, false), source_text(src, f->value->span), types_name(t, false)),
               rt_sprintf("“%s” expects a value of type %s: “%s” is of type %s", word, types_name(want, true),
                          source_text(src, f->value->span), types_name(t, true))));
}

static void check_hires_expect(Ex *x, const AstExampleLine *l)
{
    if (l->id && l->id->u.text && !names_a_hires_target(x, l->id->u.text))
        report(x, "C0613", l->id->span,
               say(rt_sprintf("« %s » n'est pas un objectif d'embauches de la charte (périmètre/nature, ou "
                              "périmètre/nature/maître d'ouvrage)", l->id->u.text),
                   rt_sprintf("“%s” is not a target of hires of the charter (scope/nature, or "
                              "scope/nature/owner)", l->id->u.text)));
    int nstatus = 0;
    for (int i = 0; i < l->fields.len; i++)
        check_hires_expect_field(x, AST_AT(l->fields, AstField, i), &nstatus);
}

static void check_expect(Ex *x, const AstExampleLine *l)
{
    if (examples_expects_hires(l)) {
        check_hires_expect(x, l);
        return;
    }
    if (l->word) {
        report(x, "C0613", l->word_span,
               say(rt_sprintf("« attendu %s … » : seul « embauches » peut précéder le nom d'un objectif "
                              "(« attendu embauches « périmètre/nature » : … »)", l->word),
                   rt_sprintf("“expected %s …”: only “hires” may come before the name of a target "
                              "(“expected hires “scope/nature”: …”)", l->word)));
        return;
    }
    if (l->id && l->id->u.text && idmap_index(&x->ids[0], l->id->u.text) < 0 && !names_a_pool(x, l->id->u.text))
        report(x, "C0613", l->id->span,
               say(rt_sprintf("« %s » n'est ni un marché de cet exemple ni une mutualisation de la charte "
                              "(périmètre/famille)", l->id->u.text),
                   rt_sprintf("“%s” is neither a contract of this example nor a pool of the charter "
                              "(scope/family)", l->id->u.text)));
    int nstatus = 0;
    for (int i = 0; i < l->fields.len; i++)
        check_expect_field(x, AST_AT(l->fields, AstField, i), &nstatus);
}

/* ---- one example ------------------------------------------------------------------------------------ */

/* C0460: a line of an example that starts with a word that names no table. */
static void unknown_row(Ex *x, const AstExampleLine *l)
{
    bool en = x->ck->english;
    const char *const fr_words[] = { "marché", "participant", "heures", "embauche", "attendu" };
    const char *const en_words[] = { "contract", "participant", "hours", "hire", "expected" };
    const char *const *words = en ? en_words : fr_words;
    report(x, "C0460", l->word_span,
           say(rt_sprintf("ligne d'exemple inconnue « %s » : une ligne d'exemple commence par « marché », "
                          "« participant », « heures », « embauche » ou « attendu »%s",
                          l->word, checker_suggest_in(words, 5, l->word, false)),
               rt_sprintf("unknown example line “%s”: an example line starts with “contract”, "
                          "“participant”, “hours”, “hire” or “expected”%s",
                          l->word, checker_suggest_in(words, 5, l->word, true))));
}

static void check_example(Checker *ck, int mi, AstItem *it)
{
    Ex *x = RT_NEW(Ex);
    x->ck = ck;
    x->module = mi;
    x->item = it;
    if (it->as_of)
        declare_date(ck, mi, it->as_of);
    else if (ck->m->valid_to == DATE_NONE)
        report(x, "C0614", it->head_span,
               say(rt_sprintf("l'exemple n'a pas de date d'évaluation : ajoutez « %s JJ/MM/AAAA », ou "
                              "une période de validité à la charte (« %s … %s … »)",
                              checker_word(ck, VOCAB_AU_DATE),
                              checker_word(ck, VOCAB_EN_VIGUEUR_DU),
                              checker_word(ck, VOCAB_AU)),
                   rt_sprintf("the example has no evaluation date: add “%s DD/MM/YYYY”, or a period "
                              "of validity to the charter (“%s … %s …”)",
                              checker_word(ck, VOCAB_AU_DATE),
                              checker_word(ck, VOCAB_EN_VIGUEUR_DU),
                              checker_word(ck, VOCAB_AU))));
    /* Ids first: hour lines, hires and expectations may come before the rows they name. */
    for (int i = 0; i < it->lines.len; i++) {
        AstExampleLine *l = AST_AT(it->lines, AstExampleLine, i);
        int table = examples_line_table(l);
        if (table >= 0 && table != M_TABLE_HEURES)
            declare_id(x, l, table);
    }
    for (int i = 0; i < it->lines.len; i++) {
        AstExampleLine *l = AST_AT(it->lines, AstExampleLine, i);
        if (l->kind == AST_X_EXPECT) {
            check_expect(x, l);
            continue;
        }
        if (l->kind == AST_X_ERROR)
            continue;
        int table = examples_line_table(l);
        if (table < 0) {
            unknown_row(x, l);
            continue;
        }
        bool *given = rt_alloc_atomic((size_t)ck->m->tables[table].ncolumns + 1);
        check_fields(x, l, table, given);
        check_required(x, l, table, given);
        if (table == M_TABLE_HEURES || table == M_TABLE_EMBAUCHES)
            check_refs(x, l, table);
    }
}

void examples_check(Checker *ck)
{
    for (int mi = 0; mi < ck->nmodules; mi++) {
        AstCharter *c = ck->modules[mi].ast;
        for (int i = 0; i < c->items.len; i++) {
            AstItem *it = AST_AT(c->items, AstItem, i);
            if (it->kind == AST_ITEM_EXAMPLE)
                check_example(ck, mi, it);
        }
    }
}
