/* lang/schema.c: données blocks: column types, choices, bounds, defaults, and the standard schema the evaluator relies on. */
#include "schema.h"

#include "declare.h"
#include "expr.h"
#include "gc.h"
#include "headers.h"

#include <stddef.h>
#include <string.h>

static const char *const table_names[M_NTABLES] = { "marches", "participants", "heures", "embauches" };

const char *schema_table_name(int table) { return table_names[table]; }

static int table_index(const char *name)
{
    const char *k = checker_key(name);
    if (!strcmp(k, "marches") || !strcmp(k, "contracts"))
        return M_TABLE_MARCHES;
    if (!strcmp(k, "participants"))
        return M_TABLE_PARTICIPANTS;
    if (!strcmp(k, "heures") || !strcmp(k, "hours"))
        return M_TABLE_HEURES;
    if (!strcmp(k, "embauches") || !strcmp(k, "hires"))
        return M_TABLE_EMBAUCHES;
    return -1;
}

int schema_column(const Checker *ck, int table, const char *name)
{
    return name ? idmap_index(&ck->columns[table], checker_key(name)) : -1;
}

int schema_column_named(const Checker *ck, int table, const char *name)
{
    int i = schema_column(ck, table, name);
    return i >= 0 && !strcmp(ck->m->tables[table].columns[i].name, name) ? i : -1;
}

const Type *schema_column_type(const Checker *ck, int table, int column)
{
    if (column < 0 || !ck->column_types[table])
        return types_error();
    return ck->column_types[table][column];
}

/* ---- types ----------------------------------------------------------------------------------- */

typedef struct TypeWord {
    const char *fr, *en;
    MColType type;
} TypeWord;

static const TypeWord type_words[] = {
    { "identifiant", "identifier", M_COL_ID },
    { "texte", "text", M_COL_TEXT },
    { "choix", "choice", M_COL_CHOICE },
    { "date", "date", M_COL_DATE },
    { "mois", "month", M_COL_MONTH },
    { "entier", "integer", M_COL_INT },
    { "nombre", "number", M_COL_NUMBER },
    { "booléen", "boolean", M_COL_BOOL },
    { "montant", "amount", M_COL_AMOUNT },
    { "heures", "hours", M_COL_HOURS },
    { "taux", "rate", M_COL_RATE },
    { "famille", "family", M_COL_FAMILY },
    { "périmètre", "scope", M_COL_SCOPE },
    { "référence", "reference", M_COL_REF },
};
#define NTYPE_WORDS ((int)(sizeof type_words / sizeof type_words[0]))

const char *schema_coltype_name(MColType t, bool english)
{
    for (int i = 0; i < NTYPE_WORDS; i++)
        if (type_words[i].type == t)
            return english ? type_words[i].en : type_words[i].fr;
    return "?";
}

static bool type_word(const AstType *at, MColType *out)
{
    if (at->choices.len > 0) {
        *out = M_COL_CHOICE;
        return true;
    }
    if (at->ref_table) {
        *out = M_COL_REF;
        return true;
    }
    switch (at->key) {
    case AST_KEY_FAMILLE:   *out = M_COL_FAMILY; return true;
    case AST_KEY_PERIMETRE: *out = M_COL_SCOPE; return true;
    case AST_KEY_HEURES:    *out = M_COL_HOURS; return true;
    default:                break;
    }
    const char *k = checker_key(at->name);
    for (int i = 0; i < NTYPE_WORDS; i++)
        if (!strcmp(k, checker_key(type_words[i].fr)) || !strcmp(k, type_words[i].en)) {
            *out = type_words[i].type;
            return true;
        }
    return false;
}

static void unknown_type(Checker *ck, int mi, const AstType *at)
{
    const char *names[NTYPE_WORDS * 2];
    for (int i = 0; i < NTYPE_WORDS; i++) {
        names[2 * i] = type_words[i].fr;
        names[2 * i + 1] = type_words[i].en;
    }
    const char *list = "";
    for (int i = 0; i < NTYPE_WORDS; i++)
        list = rt_sprintf("%s%s%s", list, i ? ", " : "",
                          ck->english ? type_words[i].en : type_words[i].fr);
    const char *name = at->name ? at->name : "?";
    checker_report(ck, DIAG_ERROR, "C0603", mi, at->span,
        say(rt_sprintf("type de colonne inconnu « %s » (types : %s)%s", name, list,
                       checker_suggest_in(names, NTYPE_WORDS * 2, name, false)),
            rt_sprintf("unknown column type “%s” (types: %s)%s", name, list,
                       checker_suggest_in(names, NTYPE_WORDS * 2, name, true))));
}

static const char *choice_text(const AstExpr *e)
{
    return (e->kind == AST_E_NAME || e->kind == AST_E_STRING) && e->u.text ? e->u.text : NULL;
}

static void read_choices(Checker *ck, int mi, const AstType *at, MColumn *col)
{
    const char **choices = rt_alloc(sizeof *choices * (size_t)(at->choices.len + 1));
    int n = 0;
    for (int i = 0; i < at->choices.len; i++) {
        AstExpr *e = AST_AT(at->choices, AstExpr, i);
        const char *text = choice_text(e);
        if (!text)
            continue;
        int dup = -1;
        for (int j = 0; j < n && dup < 0; j++)
            if (!strcmp(choices[j], text))
                dup = j;
        if (dup >= 0) {
            checker_report(ck, DIAG_ERROR, "C0605", mi, e->span,
                           say(rt_sprintf("choix « %s » en double dans la colonne %s", text, col->name),
                               rt_sprintf("choice “%s” appears twice in column %s", text, col->name)));
            continue;
        }
        choices[n++] = text;
    }
    col->choices = choices;
    col->nchoices = n;
}

/* An `entier entre A et B` bound: a whole number without unit (maybe negative). */
static bool read_bound(Checker *ck, int mi, AstExpr *e, mpq_t out)
{
    const Type *t = expr_check(ck, mi, e, EXPR_CONST);
    if (types_is_error(t))
        return false;
    if (!types_is_plain_number(t) || !e->is_constant
        || mpz_cmp_ui(mpq_denref(e->value.as.num), 1) != 0) {
        checker_report(ck, DIAG_ERROR, "C0606", mi, e->span,
                       say("une borne d'entier est un nombre entier, sans unité",
                           "an integer bound is a whole number, without unit"));
        return false;
    }
    mpq_set(out, e->value.as.num);
    return true;
}

static void read_bounds(Checker *ck, int mi, const AstType *at, MColumn *col)
{
    if (!at->min && !at->max)
        return;
    if (col->type != M_COL_INT) {
        checker_report(ck, DIAG_ERROR, "C0606", mi, at->span,
            say(rt_sprintf("seule une colonne de type entier peut avoir des bornes (%s ici)",
                           schema_coltype_name(col->type, false)),
                rt_sprintf("only an integer column can have bounds (%s here)",
                           schema_coltype_name(col->type, true))));
        return;
    }
    if (at->min)
        col->has_min = read_bound(ck, mi, at->min, col->min);
    if (at->max)
        col->has_max = read_bound(ck, mi, at->max, col->max);
    if (col->has_min && col->has_max && mpq_cmp(col->min, col->max) > 0) {
        checker_report(ck, DIAG_ERROR, "C0606", mi, span_join(at->min->span, at->max->span),
            say(rt_sprintf("bornes inversées : %s est plus grand que %s",
                           source_text(checker_src(ck, mi), at->min->span),
                           source_text(checker_src(ck, mi), at->max->span)),
                rt_sprintf("bounds in the wrong order: %s is greater than %s",
                           source_text(checker_src(ck, mi), at->min->span),
                           source_text(checker_src(ck, mi), at->max->span))));
        col->has_min = col->has_max = false;
    }
}

static const Type *coltype_type(const MColumn *col, const char *table)
{
    switch (col->type) {
    case M_COL_ID:     return types_id(table);
    case M_COL_TEXT:   return types_text();
    case M_COL_CHOICE: return types_choice(col->name, col->choices, col->nchoices);
    case M_COL_DATE:   return types_date();
    case M_COL_MONTH:  return types_month();
    case M_COL_INT:    return types_integer();
    case M_COL_BOOL:   return types_bool();
    case M_COL_AMOUNT: return types_amount();
    case M_COL_HOURS:  return types_hours();
    case M_COL_NUMBER: return types_number();
    case M_COL_RATE:   return types_percent();
    case M_COL_FAMILY: return types_family();
    case M_COL_SCOPE:  return types_scope();
    case M_COL_REF:    return types_id(col->ref_table >= 0 ? table_names[col->ref_table] : NULL);
    }
    return types_error();
}

static bool in_choices(const MColumn *col, const char *text)
{
    for (int i = 0; i < col->nchoices; i++)
        if (!strcmp(col->choices[i], text))
            return true;
    return false;
}

static bool number_default(Checker *ck, int mi, const MColumn *col, AstExpr *e, const Type *want)
{
    if (e->kind != AST_E_NUMBER || !checker_number_literal(ck, mi, e))
        return false;
    if (!types_equal(e->type, want))
        return false;
    if (col->type == M_COL_INT) {
        mpq_srcptr q = e->value.as.num;
        if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || (col->has_min && mpq_cmp(q, col->min) < 0)
            || (col->has_max && mpq_cmp(q, col->max) > 0))
            return false;
    }
    return true;
}

/* The default's value when it fits the column, else VAL_NULL. */
static Value default_value(Checker *ck, int mi, const MColumn *col, AstExpr *e, const Type *t)
{
    Value none = val_null();
    switch (col->type) {
    case M_COL_BOOL:
        return e->kind == AST_E_BOOL ? val_bool(e->u.boolean) : none;
    case M_COL_CHOICE:
        return choice_text(e) && in_choices(col, e->u.text) ? val_text(e->u.text) : none;
    case M_COL_TEXT:
        return choice_text(e) ? val_text(e->u.text) : none;
    case M_COL_DATE:
        if (e->kind != AST_E_DATE)
            return none;
        {
            Date d = declare_date(ck, mi, e);
            return d == DATE_NONE ? none : val_date(d);
        }
    case M_COL_MONTH: {
        Month mo;
        if (e->kind == AST_E_MONTH && e->u.text && month_parse(e->u.text, strlen(e->u.text), &mo))
            return val_month(mo);
        return none;
    }
    case M_COL_INT: case M_COL_NUMBER: case M_COL_AMOUNT: case M_COL_HOURS: case M_COL_RATE:
        return number_default(ck, mi, col, e, t) ? e->value : none;
    default:
        return none;
    }
}

static void read_default(Checker *ck, int mi, const AstColumn *ac, MColumn *col, const Type *t)
{
    AstExpr *e = ac->default_value;
    if (!e)
        return;
    Value v = default_value(ck, mi, col, e, t);
    if (v.kind == VAL_NULL) {
        checker_report(ck, DIAG_ERROR, "C0607", mi, e->span,
            say(rt_sprintf("valeur par défaut invalide pour la colonne %s, de type %s", col->name,
                           types_name(t, false)),
                rt_sprintf("invalid default value for column %s, of type %s", col->name,
                           types_name(t, true))));
        return;
    }
    col->has_default = true;
    col->default_value = v;
}

static int read_ref(Checker *ck, int mi, const AstType *at)
{
    int t = table_index(at->ref_table);
    if (t < 0 || t == M_TABLE_HEURES) {
        Say why = t < 0 ? say("table inconnue", "unknown table")
                        : say("la table heures n'a pas d'identifiant", "the heures table has no id");
        checker_report(ck, DIAG_ERROR, "C0604", mi, at->ref_span,
            say(rt_sprintf("référence à « %s » : %s (tables référençables : marches, participants)%s",
                           at->ref_table, why.fr,
                           checker_suggest_in(table_names, 2, at->ref_table, false)),
                rt_sprintf("reference to “%s”: %s (tables with ids: marches, participants)%s",
                           at->ref_table, why.en,
                           checker_suggest_in(table_names, 2, at->ref_table, true))));
        return -1;
    }
    return t;
}

/* One id per table (marches, participants); hour lines have none. */
static void check_id_column(Checker *ck, int mi, int table, int ci)
{
    MTable *t = &ck->m->tables[table];
    MColumn *col = &t->columns[ci];
    if (col->type != M_COL_ID)
        return;
    if (table == M_TABLE_HEURES) {
        checker_report(ck, DIAG_ERROR, "C0608", mi, col->prov.span,
                       say("la table heures n'a pas d'identifiant : une ligne d'heures est repérée par "
                           "son marché, son participant et son mois",
                           "the heures table has no id: an hour line is known by its contract, its "
                           "participant and its month"));
        return;
    }
    if (t->id_column >= 0) {
        Diag *d = checker_report(ck, DIAG_ERROR, "C0608", mi, col->prov.span,
            say(rt_sprintf("la table %s a déjà un identifiant, « %s »", table_names[table],
                           t->columns[t->id_column].name),
                rt_sprintf("table %s already has an id, “%s”", table_names[table],
                           t->columns[t->id_column].name)));
        checker_note(d, t->columns[t->id_column].prov.src, t->columns[t->id_column].prov.span,
                     say("l'identifiant est déclaré ici", "the id is declared here"));
        return;
    }
    t->id_column = ci;
}

/* ---- the export's names of a column (colonne « … ») ------------------------------------------------ */

/* The column of table that header key k already designates (its own name or
** one of its export names), or -1; *at: where that name is written. */
static int header_owner(const MTable *t, const char *k, Prov *at)
{
    for (int c = 0; c < t->ncolumns; c++) {
        const MColumn *col = &t->columns[c];
        if (!strcmp(col->key, k)) {
            *at = col->prov;
            return c;
        }
        for (int h = 0; h < col->nheaders; h++)
            if (!strcmp(col->header_keys[h], k)) {
                *at = col->header_prov[h];
                return c;
            }
    }
    return -1;
}

/* Two declared columns that one header would match: every file with that
** header would be ambiguous, so the charter is wrong, not the data. */
static bool header_is_free(Checker *ck, int mi, int table, int ci, const char *k, const char *written, Span span)
{
    MTable *t = &ck->m->tables[table];
    Prov at;
    int other = header_owner(t, k, &at);
    if (other < 0 || other == ci)
        return true;
    Diag *d = checker_report(ck, DIAG_ERROR, "C0617", mi, span,
        say(rt_sprintf("l'en-tête « %s » désignerait à la fois la colonne « %s » et la colonne « %s » de la "
                       "table %s", written, t->columns[other].name, t->columns[ci].name, table_names[table]),
            rt_sprintf("header “%s” would name both column “%s” and column “%s” of table %s", written,
                       t->columns[other].name, t->columns[ci].name, table_names[table])));
    checker_note(d, at.src, at.span,
                 say(rt_sprintf("la colonne « %s » porte déjà ce nom ici", t->columns[other].name),
                     rt_sprintf("column “%s” already has this name here", t->columns[other].name)));
    return false;
}

static void add_headers(Checker *ck, CheckerSite site, int table, int ci, const AstColumn *ac)
{
    MTable *t = &ck->m->tables[table];
    for (int i = 0; i < ac->headers.len; i++) {
        const AstExpr *e = AST_AT(ac->headers, AstExpr, i);
        const char *text = e->u.text ? e->u.text : "";
        const char *k = headers_key(text, strlen(text));
        if (!*k) {
            checker_report(ck, DIAG_ERROR, "C0616", site.module, e->span,
                say(rt_sprintf("nom de colonne d'export vide pour « %s » : il faut au moins une lettre ou un "
                               "chiffre", t->columns[ci].name),
                    rt_sprintf("empty export column name for “%s”: at least one letter or digit is needed",
                               t->columns[ci].name)));
            continue;
        }
        if (!header_is_free(ck, site.module, table, ci, k, text, e->span))
            continue;
        MColumn *col = &t->columns[ci];
        RT_GROW(col->headers, col->nheaders);
        RT_GROW(col->header_keys, col->nheaders);
        RT_GROW(col->header_prov, col->nheaders);
        col->headers[col->nheaders] = text;
        col->header_keys[col->nheaders] = k;
        col->header_prov[col->nheaders] = checker_prov(ck, site, e->span);
        col->nheaders++;
    }
}

static bool same_choices(const MColumn *col, const AstType *at)
{
    if (at->choices.len != col->nchoices)
        return false;
    for (int i = 0; i < at->choices.len; i++) {
        const char *text = choice_text(AST_AT(at->choices, AstExpr, i));
        if (!text || strcmp(text, col->choices[i]))
            return false;
    }
    return true;
}

/* `maitre_ouvrage : texte, colonne « MOA / Bailleur »` for a column declared
** elsewhere (the standard schema): it only names the export's column, so it
** must repeat the type and change nothing else. */
static void name_declared_column(Checker *ck, CheckerSite site, int table, int ci, const AstColumn *ac)
{
    MTable *t = &ck->m->tables[table];
    MColumn *col = &t->columns[ci];
    MColType type;
    const char *why_fr = NULL, *why_en = NULL;
    if (!ac->type || !type_word(ac->type, &type) || type != col->type
        || (type == M_COL_CHOICE && !same_choices(col, ac->type))
        || (type == M_COL_REF && table_index(ac->type->ref_table) != col->ref_table)) {
        const Type *was = coltype_type(col, table_names[table]);
        why_fr = rt_sprintf("le type doit rester celui de la première déclaration (%s)", types_name(was, false));
        why_en = rt_sprintf("the type must stay that of the first declaration (%s)", types_name(was, true));
    } else if (ac->optional || ac->required || ac->default_value || ac->type->min || ac->type->max) {
        why_fr = "facultatif, obligatoire, par défaut et les bornes restent ceux de la première déclaration";
        why_en = "optional, required, default and bounds stay those of the first declaration";
    }
    if (why_fr) {
        Diag *d = checker_report(ck, DIAG_ERROR, "C0616", site.module, ac->span,
            say(rt_sprintf("la colonne « %s » est déjà déclarée : une nouvelle déclaration ne peut que nommer ses "
                           "colonnes d'export ; %s", ac->name, why_fr),
                rt_sprintf("column “%s” is already declared: a new declaration may only name its export "
                           "columns; %s", ac->name, why_en)));
        checker_note(d, col->prov.src, col->prov.span, say("première déclaration ici", "first declared here"));
        return;
    }
    add_headers(ck, site, table, ci, ac);
}

static void add_column(Checker *ck, CheckerSite site, int table, const AstColumn *ac)
{
    int mi = site.module;
    MTable *t = &ck->m->tables[table];
    const char *key = checker_key(ac->name);
    int first = idmap_index(&ck->columns[table], key);
    if (first >= 0 && ac->headers.len > 0) {
        name_declared_column(ck, site, table, first, ac);
        return;
    }
    if (first >= 0) {
        Diag *d = checker_report(ck, DIAG_ERROR, "C0602", mi, ac->span,
            say(rt_sprintf("la colonne « %s » de la table %s est déjà déclarée", ac->name,
                           table_names[table]),
                rt_sprintf("column “%s” of table %s is already declared", ac->name,
                           table_names[table])));
        checker_note(d, t->columns[first].prov.src, t->columns[first].prov.span,
                     say("première déclaration ici", "first declared here"));
        return;
    }
    MColType type;
    if (!ac->type || !type_word(ac->type, &type)) {
        if (ac->type)
            unknown_type(ck, mi, ac->type);
        return;
    }
    RT_GROW(t->columns, t->ncolumns);
    int ci = t->ncolumns++;
    MColumn *col = &t->columns[ci];
    mpq_init(col->min);
    mpq_init(col->max);
    col->name = ac->name;
    col->key = headers_key(ac->name, strlen(ac->name));
    col->type = type;
    col->ref_table = -1;
    col->prov = checker_prov(ck, site, ac->span);
    if (type == M_COL_CHOICE)
        read_choices(ck, mi, ac->type, col);
    if (type == M_COL_REF)
        col->ref_table = read_ref(ck, mi, ac->type);
    read_bounds(ck, mi, ac->type, col);
    col->required = !ac->optional && !ac->default_value;
    col->personal = table == M_TABLE_PARTICIPANTS && type != M_COL_ID;
    idmap_add(&ck->columns[table], key, strlen(key), ci);
    read_default(ck, mi, ac, col, coltype_type(col, table_names[table]));
    check_id_column(ck, mi, table, ci);
    if (header_is_free(ck, mi, table, ci, col->key, ac->name, ac->span))
        add_headers(ck, site, table, ci, ac);
}

/* ---- the standard schema ------------------------------------------------------------------------ */

typedef struct StdSpec {
    int table;
    const char *name;
    MColType type;
    int ref_table;           /* M_COL_REF: the table it must reference */
    bool required;           /* the evaluator cannot work without it */
    size_t slot;             /* offset in MStdColumns */
} StdSpec;

#define SLOT(f) offsetof(MStdColumns, f)
static const StdSpec std_specs[] = {
    { M_TABLE_MARCHES, "marche", M_COL_ID, -1, true, SLOT(m_id) },
    { M_TABLE_MARCHES, "intitule", M_COL_TEXT, -1, false, SLOT(m_label) },
    { M_TABLE_MARCHES, "famille", M_COL_FAMILY, -1, true, SLOT(m_family) },
    { M_TABLE_MARCHES, "maitre_ouvrage", M_COL_TEXT, -1, true, SLOT(m_owner) },
    { M_TABLE_MARCHES, "perimetre", M_COL_SCOPE, -1, true, SLOT(m_scope) },
    { M_TABLE_MARCHES, "montant_ht", M_COL_AMOUNT, -1, true, SLOT(m_amount) },
    { M_TABLE_MARCHES, "date_notification", M_COL_DATE, -1, true, SLOT(m_notified) },
    { M_TABLE_MARCHES, "heures_travaillees", M_COL_HOURS, -1, false, SLOT(m_hours_worked) },
    { M_TABLE_PARTICIPANTS, "participant", M_COL_ID, -1, true, SLOT(p_id) },
    { M_TABLE_PARTICIPANTS, "sexe", M_COL_CHOICE, -1, false, SLOT(p_sex) },
    { M_TABLE_PARTICIPANTS, "date_naissance", M_COL_DATE, -1, true, SLOT(p_birth) },
    { M_TABLE_PARTICIPANTS, "qpv", M_COL_TEXT, -1, false, SLOT(p_qpv) },
    { M_TABLE_PARTICIPANTS, "date_entree", M_COL_DATE, -1, true, SLOT(p_entry) },
    { M_TABLE_HEURES, "marche", M_COL_REF, M_TABLE_MARCHES, true, SLOT(h_contract) },
    { M_TABLE_HEURES, "participant", M_COL_REF, M_TABLE_PARTICIPANTS, true, SLOT(h_participant) },
    { M_TABLE_HEURES, "mois", M_COL_MONTH, -1, true, SLOT(h_month) },
    { M_TABLE_HEURES, "heures", M_COL_HOURS, -1, true, SLOT(h_hours) },
    { M_TABLE_HEURES, "modalite", M_COL_CHOICE, -1, true, SLOT(h_modality) },
    { M_TABLE_EMBAUCHES, "embauche", M_COL_ID, -1, true, SLOT(e_id) },
    { M_TABLE_EMBAUCHES, "maitre_ouvrage", M_COL_TEXT, -1, true, SLOT(e_owner) },
    { M_TABLE_EMBAUCHES, "perimetre", M_COL_SCOPE, -1, true, SLOT(e_scope) },
    { M_TABLE_EMBAUCHES, "date_embauche", M_COL_DATE, -1, true, SLOT(e_date) },
    { M_TABLE_EMBAUCHES, "nature", M_COL_TEXT, -1, true, SLOT(e_nature) },
    { M_TABLE_EMBAUCHES, "marche", M_COL_REF, M_TABLE_MARCHES, false, SLOT(e_contract) },
    { M_TABLE_EMBAUCHES, "participant", M_COL_REF, M_TABLE_PARTICIPANTS, false, SLOT(e_participant) },
    { M_TABLE_EMBAUCHES, "type_contrat", M_COL_CHOICE, -1, true, SLOT(e_kind) },
    { M_TABLE_EMBAUCHES, "duree_mois", M_COL_INT, -1, false, SLOT(e_months) },
};
#define NSTD ((int)(sizeof std_specs / sizeof std_specs[0]))

static const char *spec_type_name(const StdSpec *s, bool english)
{
    if (s->type == M_COL_REF)
        return rt_sprintf("%s %s", english ? "reference" : "référence", table_names[s->ref_table]);
    return schema_coltype_name(s->type, english);
}

/* Where to report what the schema of a table lacks: its last données block,
** else the main charter's title. */
static void schema_anchor(const Checker *ck, int table, int *mi, Span *span)
{
    CheckerDecl *cd = ck->schema_decl[table];
    if (cd) {
        *mi = cd->site.module;
        *span = cd->decl->name_span;
    } else {
        *mi = ck->main_module;
        *span = ck->modules[*mi].ast->title_span;
    }
}

static void check_std_column(Checker *ck, const StdSpec *s)
{
    MTable *t = &ck->m->tables[s->table];
    int ci = idmap_index(&ck->columns[s->table], checker_key(s->name));
    int *slot = (int *)((char *)&ck->m->std + s->slot);
    *slot = -1;
    if (ci < 0) {
        if (!s->required)
            return;
        int mi;
        Span span;
        schema_anchor(ck, s->table, &mi, &span);
        checker_report(ck, DIAG_ERROR, "C0608", mi, span,
            say(rt_sprintf("la table %s n'a pas la colonne standard « %s » (%s), dont l'évaluation a "
                           "besoin", table_names[s->table], s->name, spec_type_name(s, false)),
                rt_sprintf("table %s lacks the standard column “%s” (%s), which evaluation needs",
                           table_names[s->table], s->name, spec_type_name(s, true))));
        return;
    }
    MColumn *col = &t->columns[ci];
    bool ok = col->type == s->type && (s->type != M_COL_REF || col->ref_table == s->ref_table);
    if (!ok) {
        Say have = col->type == M_COL_REF && col->ref_table >= 0
            ? SAYF(("référence %s", table_names[col->ref_table]), ("reference %s", table_names[col->ref_table]))
            : say(schema_coltype_name(col->type, false), schema_coltype_name(col->type, true));
        checker_report_at(ck, DIAG_ERROR, "C0608", col->prov.src, col->prov.span,
            say(rt_sprintf("la colonne standard « %s » de la table %s doit être de type %s, pas %s",
                           col->name, table_names[s->table], spec_type_name(s, false), have.fr),
                rt_sprintf("standard column “%s” of table %s must be of type %s, not %s",
                           col->name, table_names[s->table], spec_type_name(s, true), have.en)));
        return;
    }
    *slot = ci;
}

/* The tables declared nowhere, said once: a charter that forgot « utilise anru » lacks
** the three standard tables, and three errors at one place with one fix read as three
** mistakes. */
static void missing_tables(Checker *ck, const int *tables, int n)
{
    if (n == 0)
        return;
    int mi;
    Span span;
    schema_anchor(ck, tables[0], &mi, &span);
    const char *list_fr = table_names[tables[0]], *list_en = table_names[tables[0]];
    for (int i = 1; i < n; i++) {
        const char *sep_fr = i == n - 1 ? " et " : ", ", *sep_en = i == n - 1 ? (n > 2 ? ", and " : " and ") : ", ";
        list_fr = rt_sprintf("%s%s%s", list_fr, sep_fr, table_names[tables[i]]);
        list_en = rt_sprintf("%s%s%s", list_en, sep_en, table_names[tables[i]]);
    }
    const char *use = checker_word(ck, VOCAB_UTILISE), *data = checker_word(ck, VOCAB_DONNEES);
    if (n == 1)
        checker_report(ck, DIAG_ERROR, "C0608", mi, span,
            say(rt_sprintf("la table %s n'est déclarée nulle part : ajoutez « %s anru », qui déclare le "
                           "schéma standard, ou un bloc « %s %s { … } »", list_fr, use, data, list_fr),
                rt_sprintf("table %s is declared nowhere: add “%s anru”, which declares the standard "
                           "schema, or a “%s %s { … }” block", list_en, use, data, list_en)));
    else
        checker_report(ck, DIAG_ERROR, "C0608", mi, span,
            say(rt_sprintf("les tables %s ne sont déclarées nulle part : ajoutez « %s anru », qui déclare "
                           "le schéma standard, ou un bloc « %s … { … } » pour chacune", list_fr, use, data),
                rt_sprintf("tables %s are declared nowhere: add “%s anru”, which declares the standard "
                           "schema, or a “%s … { … }” block for each", list_en, use, data)));
}

static void declare_block(Checker *ck, CheckerDecl *cd)
{
    AstDecl *d = cd->decl;
    int t = d->name ? table_index(d->name) : -1;
    if (t < 0) {
        checker_report(ck, DIAG_ERROR, "C0601", cd->site.module, d->name_span,
            say(rt_sprintf("table inconnue « %s » (tables : marches, participants, heures, embauches)%s",
                           d->name ? d->name : "?",
                           checker_suggest_in(table_names, M_NTABLES, d->name ? d->name : "", false)),
                rt_sprintf("unknown table “%s” (tables: marches, participants, heures, embauches)%s",
                           d->name ? d->name : "?",
                           checker_suggest_in(table_names, M_NTABLES, d->name ? d->name : "", true))));
        return;
    }
    ck->schema_decl[t] = cd;
    for (int i = 0; i < d->extra->columns.len; i++)
        add_column(ck, cd->site, t, AST_AT(d->extra->columns, AstColumn, i));
}

void schema_check(Checker *ck)
{
    Model *m = ck->m;
    for (int t = 0; t < M_NTABLES; t++) {
        m->tables[t].name = table_names[t];
        m->tables[t].id_column = -1;
    }
    CheckerDecls *blocks = &ck->decls[AST_D_SCHEMA];
    for (int i = 0; i < blocks->len; i++)
        declare_block(ck, &blocks->items[i]);
    int missing[M_NTABLES], nmissing = 0;
    for (int t = 0; t < M_NTABLES; t++) {
        bool absent = !ck->schema_decl[t] && m->tables[t].ncolumns == 0;
        if (t == M_TABLE_EMBAUCHES)
            m->has_hires_table = !absent;
        if (absent) {
            /* embauches is optional: a schema without it has no hires to evaluate. */
            if (t != M_TABLE_EMBAUCHES)
                missing[nmissing++] = t;
            for (int s = 0; s < NSTD; s++)
                if (std_specs[s].table == t)
                    *(int *)((char *)&m->std + std_specs[s].slot) = -1;
            continue;
        }
        for (int s = 0; s < NSTD; s++)
            if (std_specs[s].table == t)
                check_std_column(ck, &std_specs[s]);
    }
    missing_tables(ck, missing, nmissing);
    for (int t = 0; t < M_NTABLES; t++) {
        MTable *tab = &m->tables[t];
        ck->column_types[t] = rt_alloc(sizeof(const Type *) * (size_t)(tab->ncolumns + 1));
        for (int c = 0; c < tab->ncolumns; c++)
            ck->column_types[t][c] = coltype_type(&tab->columns[c], table_names[t]);
    }
}
