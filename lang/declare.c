/* lang/declare.c: the first walk over every declaration: numbering, amendments' dates, sorting by kind, table headers and rows. */
#include "declare.h"

#include "gc.h"

#include <string.h>

/* Which part of a date the calendar refuses, the month before the day: a
** month of 13 is often a day and a month swapped, which the ISO order
** (aaaa-mm-jj) invites; the reader is offered the swap when it is a day. */
static Say no_such_day(const char *text)
{
    static const char *const MONTHS_FR[] = { "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                             "août", "septembre", "octobre", "novembre", "décembre" };
    static const char *const MONTHS_EN[] = { "January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December" };
    int y, m, d;
    Date swapped;
    if (!date_parse_fields(text, strlen(text), &y, &m, &d))
        return say("ce jour n'existe pas", "no such day");
    if (y < 1)
        return say("il n'y a pas d'année 0, le calendrier commence en l'an 1", "there is no year 0, the calendar starts at year 1");
    if (m < 1 || m > 12) {
        bool swap = date_from_ymd(y, d, m, &swapped);
        return SAYF(("il n'y a pas de mois %d%s%s%s", m, swap ? " ; vouliez-vous dire le " : "",
                     swap ? date_to_french(swapped) : "", swap ? " ?" : ""),
                    ("there is no month %d%s%s%s", m, swap ? "; did you mean " : "", swap ? date_to_iso(swapped) : "",
                     swap ? "?" : ""));
    }
    if (d < 1)
        return say("il n'y a pas de jour 0", "there is no day 0");
    if (m == 2 && d == 29)
        return SAYF(("%d n'est pas bissextile, février n'a que 28 jours", y),
                    ("%d is not a leap year: February has 28 days", y));
    return SAYF(("%s n'a que %d jours", MONTHS_FR[m - 1], date_days_in_month(y, m)),
                ("%s has only %d days", MONTHS_EN[m - 1], date_days_in_month(y, m)));
}

Date declare_date(Checker *ck, int module, AstExpr *e)
{
    if (!e || e->kind != AST_E_DATE || !e->u.text)
        return DATE_NONE;
    Date d;
    if (!date_parse(e->u.text, strlen(e->u.text), &d)) {
        Say why = no_such_day(e->u.text);
        checker_report(ck, DIAG_ERROR, "C0309", module, e->span,
                       SAYF(("date invalide « %s » : %s", e->u.text, why.fr),
                            ("invalid date “%s”: %s", e->u.text, why.en)));
        e->type = types_error();
        return DATE_NONE;
    }
    e->value = val_date(d);
    e->is_constant = true;
    e->type = types_date();
    return d;
}

/* ---- the header ----------------------------------------------------------------------- */

static void check_header(Checker *ck, int mi)
{
    AstCharter *c = ck->modules[mi].ast;
    Date from = declare_date(ck, mi, c->valid_from);
    Date to = declare_date(ck, mi, c->valid_to);
    declare_date(ck, mi, c->signed_on);
    if (from != DATE_NONE && to != DATE_NONE && to < from)
        checker_report(ck, DIAG_ERROR, "C0412", mi, c->validity_span,
            say(rt_sprintf("période de validité inversée : elle finit le %s, avant de commencer le %s",
                           date_to_french(to), date_to_french(from)),
                rt_sprintf("period of validity in the wrong order: it ends on %s, before it starts "
                           "on %s", date_to_iso(to), date_to_iso(from))));
}

/* ---- numbers ----------------------------------------------------------------------------- */

typedef struct Numbering {
    IdMap articles, amendments;
    AstItem **first_article, **first_amendment;
    int na, nb;
} Numbering;

static void check_number(Checker *ck, int mi, AstItem *it, Numbering *nb)
{
    if (!it->number)
        return;
    bool amendment = it->kind == AST_ITEM_AMENDMENT;
    IdMap *map = amendment ? &nb->amendments : &nb->articles;
    AstItem ***firsts = amendment ? &nb->first_amendment : &nb->first_article;
    int *n = amendment ? &nb->nb : &nb->na;
    int prev = idmap_add(map, it->number, strlen(it->number), *n);
    if (prev < 0) {
        RT_GROW(*firsts, *n);
        (*firsts)[(*n)++] = it;
        return;
    }
    AstItem *first = (*firsts)[prev];
    Diag *d = checker_report(ck, DIAG_ERROR, "C0411", mi, it->number_span,
        say(rt_sprintf("numéro déjà pris : cette charte a déjà un %s %s", amendment ? "avenant" : "article",
                       it->number),
            rt_sprintf("number already taken: this charter already has %s %s",
                       amendment ? "an amendment" : "an article", it->number)));
    checker_note(d, checker_src(ck, mi), first->number_span, say("premier emploi de ce numéro",
                     "first use of this number"));
}

/* ---- declarations ------------------------------------------------------------------------ */

static const char *decl_word(const Checker *ck, AstDeclKind k)
{
    switch (k) {
    case AST_D_FLOOR:       return checker_word(ck, VOCAB_PLANCHER);
    case AST_D_PUBLIC:      return checker_word(ck, VOCAB_PUBLIC);
    case AST_D_ELIGIBLE:    return checker_word(ck, VOCAB_ELIGIBLE);
    case AST_D_ELIGIBLE_AUSSI: return checker_word(ck, VOCAB_ELIGIBLE_AUSSI);
    case AST_D_ELIGIBLE_SEULEMENT_SI: return checker_word(ck, VOCAB_ELIGIBLE_SEULEMENT_SI);
    case AST_D_ROUNDING:    return checker_word(ck, VOCAB_ARRONDIES);
    case AST_D_ELIG_PERIOD: return checker_word(ck, VOCAB_ELIG_VALABLE);
    case AST_D_MODALITIES:  return checker_word(ck, VOCAB_MODALITES_RETENUES);
    case AST_D_CAP:         return rt_sprintf("%s … %s", checker_word(ck, VOCAB_HEURES_DE),
                                                         checker_word(ck, VOCAB_RETENUES_LIMITE));
    case AST_D_COMMITTEE:   return checker_word(ck, VOCAB_COMITE);
    case AST_D_PILOT:       return checker_word(ck, VOCAB_STRUCTURE_PILOTE);
    case AST_D_REPORTING:   return checker_word(ck, VOCAB_BILAN);
    case AST_D_SECRECY:     return checker_word(ck, VOCAB_SECRET);
    case AST_D_SCHEMA:      return checker_word(ck, VOCAB_DONNEES);
    case AST_D_AVERTISSEMENT_ACCEPTE: return checker_word(ck, VOCAB_AVERTISSEMENT_ACCEPTE);
    default:                return "?";
    }
}

/* An amendment applies from its date to the targets and thresholds it sets;
** the Model has no date for the other rules, so they cannot change by
** amendment (a new charter, or a new article, does it). */
static bool allowed_in_amendment(AstDeclKind k)
{
    switch (k) {
    case AST_D_SCOPE: case AST_D_CATEGORY: case AST_D_FAMILY: case AST_D_CONSTANT:
    case AST_D_TARGET: case AST_D_TABLE: case AST_D_INDICATOR: case AST_D_APPLICABLE:
    case AST_D_AMENDS: case AST_D_AVERTISSEMENT_ACCEPTE: case AST_D_ERROR:
        return true;
    default:
        return false;
    }
}

static void amendment_clause(Checker *ck, int mi, AstItem *it, int ai, AstDecl *d, bool *dated)
{
    MAmendment *a = &ck->m->amendments[ai];
    if (d->kind == AST_D_AMENDS) {
        if (!a->amends)
            a->amends = d->extra->article;
        checker_decls_push(&ck->decls[AST_D_AMENDS], d, (CheckerSite){ mi, it, ai });
        return;
    }
    if (*dated) {
        checker_report(ck, DIAG_ERROR, "C0407", mi, d->span,
            say(rt_sprintf("l'avenant %s a déjà sa date d'application : une seule par avenant",
                           it->number ? it->number : "?"),
                rt_sprintf("amendment %s already has its effective date: one per amendment",
                           it->number ? it->number : "?")));
        return;
    }
    *dated = true;
    a->from = declare_date(ck, mi, d->extra->date);
    if (a->from == DATE_NONE)
        return;
    AstCharter *c = ck->modules[mi].ast;
    Date vf = c->valid_from && c->valid_from->value.kind == VAL_DATE ? c->valid_from->value.as.date
                                                                       : DATE_NONE;
    Date vt = c->valid_to && c->valid_to->value.kind == VAL_DATE ? c->valid_to->value.as.date
                                                                   : DATE_NONE;
    if ((vf != DATE_NONE && a->from < vf) || (vt != DATE_NONE && a->from > vt)) {
        Diag *diag = checker_report(ck, DIAG_ERROR, "C0408", mi, d->extra->date->span,
            say(rt_sprintf("l'avenant %s s'applique à partir du %s, hors de la période de validité "
                           "de la charte (du %s au %s)", it->number ? it->number : "?",
                           date_to_french(a->from), date_to_french(vf), date_to_french(vt)),
                rt_sprintf("amendment %s applies from %s, outside the charter's period of validity "
                           "(%s to %s)", it->number ? it->number : "?", date_to_iso(a->from),
                           date_to_iso(vf), date_to_iso(vt))));
        checker_note(diag, checker_src(ck, mi), c->validity_span, say("période de validité",
                         "period of validity"));
    }
}

static void misplaced_clause(Checker *ck, int mi, AstDecl *d)
{
    bool dated = d->kind == AST_D_APPLICABLE;
    checker_report(ck, DIAG_ERROR, "C0407", mi, d->span,
        say(rt_sprintf("« %s » n'a de sens que dans un avenant ; un article s'applique dès l'entrée en "
                       "vigueur de la charte",
                       dated ? checker_word(ck, VOCAB_APPLICABLE)
                             : checker_word(ck, VOCAB_MODIFIE)),
            rt_sprintf("“%s” belongs in an amendment; an article applies from the charter's start",
                       dated ? checker_word(ck, VOCAB_APPLICABLE)
                             : checker_word(ck, VOCAB_MODIFIE))));
}

/* ---- tables ---------------------------------------------------------------------------------- */

typedef enum { TABLE_NONE, TABLE_SCOPES, TABLE_FAMILIES, TABLE_TARGETS } TableKind;

/* A header cell's role in a table of the given kind, or CHECKER_COL_NONE. */
static CheckerRole header_role(const AstHeader *h, TableKind kind)
{
    const char *k = h->key == AST_KEY_WORD ? checker_key(h->word) : "";
    switch (kind) {
    case TABLE_FAMILIES:
        if (h->key == AST_KEY_FAMILLE) return CHECKER_COL_FAMILY;
        if (h->key == AST_KEY_CATEGORIE) return CHECKER_COL_CATEGORY;
        if (h->key == AST_KEY_PART_MO) return CHECKER_COL_PART_MO;
        if (h->key == AST_KEY_COUT_HORAIRE) return CHECKER_COL_COUT_HORAIRE;
        if (!strcmp(k, "nom") || !strcmp(k, "name")) return CHECKER_COL_NAME;
        break;
    case TABLE_SCOPES:
        if (h->key == AST_KEY_PERIMETRE) return CHECKER_COL_SCOPE;
        if (h->key == AST_KEY_DANS) return CHECKER_COL_PARENT;
        if (!strcmp(k, "niveau") || !strcmp(k, "level")) return CHECKER_COL_LEVEL;
        if (!strcmp(k, "nom") || !strcmp(k, "name")) return CHECKER_COL_NAME;
        break;
    case TABLE_TARGETS:
        if (h->key == AST_KEY_PERIMETRE) return CHECKER_COL_SCOPE;
        if (h->key == AST_KEY_FAMILLE) return CHECKER_COL_FAMILY;
        if (h->key == AST_KEY_PART_DES_HEURES || h->key == AST_KEY_OBJECTIF) return CHECKER_COL_SHARE;
        if (h->key == AST_KEY_SEUIL) return CHECKER_COL_THRESHOLD;
        if (!strcmp(k, "maitredouvrage") || !strcmp(k, "maitreouvrage") || !strcmp(k, "owner"))
            return CHECKER_COL_OWNER;
        break;
    case TABLE_NONE:
        break;
    }
    return CHECKER_COL_NONE;
}

static TableKind classify_table(const AstDecl *d)
{
    bool family = false, category = false, scope = false, level = false, target = false;
    for (int i = 0; i < d->extra->headers.len; i++) {
        const AstHeader *h = AST_AT(d->extra->headers, AstHeader, i);
        family |= h->key == AST_KEY_FAMILLE;
        category |= h->key == AST_KEY_CATEGORIE;
        scope |= h->key == AST_KEY_PERIMETRE;
        level |= header_role(h, TABLE_SCOPES) == CHECKER_COL_LEVEL;
        target |= h->key == AST_KEY_PART_DES_HEURES || h->key == AST_KEY_OBJECTIF
                  || h->key == AST_KEY_SEUIL;
    }
    if (family && category)
        return TABLE_FAMILIES;
    if (scope && level)
        return TABLE_SCOPES;
    if (family && target)
        return TABLE_TARGETS;
    return TABLE_NONE;
}

static const char *accepted_columns(const Checker *ck, TableKind kind)
{
    bool en = ck->english;
    switch (kind) {
    case TABLE_FAMILIES:
        return en ? "family, name, category, labour share, hourly cost"
                  : "famille, nom, catégorie, part de main-d'œuvre, coût horaire";
    case TABLE_SCOPES:
        return en ? "scope, level, name, in" : "périmètre, niveau, nom, dans";
    case TABLE_TARGETS:
        return en ? "scope, family, share of hours (or target), threshold, owner"
                  : "périmètre, famille, part des heures (ou objectif), seuil, maître d'ouvrage";
    case TABLE_NONE:
        break;
    }
    return "";
}

static const char *kind_words(TableKind kind, bool english)
{
    switch (kind) {
    case TABLE_FAMILIES: return english ? "families" : "de familles";
    case TABLE_SCOPES:   return english ? "scopes" : "de périmètres";
    default:             return english ? "targets" : "d'objectifs";
    }
}

/* The three shapes of table, in the keywords of the options. */
static const char *table_shapes(const Checker *ck)
{
    return ck->english
        ? "family + category (families), scope + level + name (scopes), or family + share of "
          "hours or threshold (targets)"
        : "famille + catégorie (familles), périmètre + niveau + nom (périmètres), ou famille + "
          "part des heures ou seuil (objectifs)";
}

static bool has_role(const int *roles, int n, CheckerRole r)
{
    for (int i = 0; i < n; i++)
        if (roles[i] == (int)r)
            return true;
    return false;
}

enum { COLUMN_NAMES = 12 };

/* The columns of every kind of table, as a charter in language en spells them. */
static void column_names(bool en, const char **names)
{
    const char *const all[COLUMN_NAMES] = {
        vocab_in(VOCAB_FAMILLE, en), vocab_in(VOCAB_CATEGORIE, en), vocab_in(VOCAB_PART_MO, en),
        vocab_in(VOCAB_COUT_HORAIRE, en), vocab_in(VOCAB_PERIMETRE, en), vocab_in(VOCAB_DANS, en),
        vocab_in(VOCAB_PART_DES_HEURES, en), vocab_in(VOCAB_OBJECTIF, en), vocab_in(VOCAB_SEUIL, en),
        en ? "level" : "niveau", en ? "name" : "nom", en ? "owner" : "maître d'ouvrage",
    };
    memcpy(names, all, sizeof all);
}

/* " ; vouliez-vous dire « part des heures » ?" when word is a column of some
** table misspelt, "" otherwise (and for a column's own name); english: the
** message's language. The names are looked for in both spellings: a charter
** may use either whatever the messages' language (an English run of a French
** charter looked among the English names only, and offered nothing for
** « part des heure »). */
static const char *column_hint(const char *word, bool english)
{
    const char *names[2 * COLUMN_NAMES];
    column_names(false, names);
    column_names(true, names + COLUMN_NAMES);
    for (int i = 0; i < 2 * COLUMN_NAMES; i++)
        if (strcmp(names[i], word) == 0)
            return "";
    return checker_suggest_in(names, 2 * COLUMN_NAMES, word, english);
}

/* C0420 for a header cell of a misspelt column name: one error, that names it. */
static bool misspelt_column(Checker *ck, int mi, const AstHeader *h)
{
    const char *hint = h->key == AST_KEY_WORD && h->word ? column_hint(h->word, false) : "";
    if (!*hint)
        return false;
    checker_report(ck, DIAG_ERROR, "C0420", mi, h->span,
                   say(rt_sprintf("colonne inconnue « %s »%s", h->word, hint),
                       rt_sprintf("unknown column “%s”%s", h->word, column_hint(h->word, true))));
    return true;
}

/* Fills the roles of the header; false when a column is unknown (reported:
** the table's rows are not read) or repeated. */
static bool table_roles(Checker *ck, int mi, AstDecl *d, TableKind kind, int *roles)
{
    bool ok = true;
    for (int i = 0; i < d->extra->headers.len; i++) {
        AstHeader *h = AST_AT(d->extra->headers, AstHeader, i);
        CheckerRole r = header_role(h, kind);
        const char *word = h->word ? h->word : ast_key_name(h->key, ck->english);
        /* A table of targets whose column is unknown declares none: its rows would
        ** be targets without that column. Families and scopes are still declared
        ** (without it), so that the names they give do not go unknown elsewhere. */
        if (r == CHECKER_COL_NONE && misspelt_column(ck, mi, h)) {
            ok &= kind != TABLE_TARGETS;
        } else if (r == CHECKER_COL_NONE) {
            ok &= kind != TABLE_TARGETS;
            checker_report(ck, DIAG_ERROR, "C0420", mi, h->span,
                say(rt_sprintf("colonne inconnue « %s » dans un tableau %s (colonnes possibles : %s)",
                               word, kind_words(kind, false), accepted_columns(ck, kind)),
                    rt_sprintf("unknown column “%s” in a table of %s (possible columns: %s)",
                               word, kind_words(kind, true), accepted_columns(ck, kind))));
        } else if (has_role(roles, i, r)) {
            checker_report(ck, DIAG_ERROR, "C0420", mi, h->span,
                           say(rt_sprintf("colonne « %s » en double", word),
                               rt_sprintf("column “%s” appears twice", word)));
            ok = false;
        }
        roles[i] = (int)r;
    }
    return ok;
}

static void missing_column(Checker *ck, int mi, AstDecl *d, Say msg)
{
    Span head = d->extra->headers.len ? span_join(AST_AT(d->extra->headers, AstHeader, 0)->span,
                                           AST_AT(d->extra->headers, AstHeader, d->extra->headers.len - 1)->span)
                               : d->span;
    checker_report(ck, DIAG_ERROR, "C0422", mi, head, msg);
}

static void check_rows(Checker *ck, int mi, AstDecl *d)
{
    for (int r = 0; r < d->extra->rows.len; r++) {
        AstRow *row = AST_AT(d->extra->rows, AstRow, r);
        if (row->cells.len == d->extra->headers.len)
            continue;
        checker_report(ck, DIAG_ERROR, "C0421", mi, row->span,
                       say(rt_sprintf("cette ligne a %d case%s, l'en-tête en a %d", row->cells.len,
                                      row->cells.len > 1 ? "s" : "", d->extra->headers.len),
                           rt_sprintf("this row has %d cell%s, the header has %d", row->cells.len,
                                      row->cells.len == 1 ? "" : "s", d->extra->headers.len)));
    }
}

static void declare_table(Checker *ck, int mi, AstDecl *d, CheckerSite site)
{
    if (d->glued) {
        Span head = span_join(AST_AT(d->extra->headers, AstHeader, 0)->span,
                              AST_AT(d->extra->headers, AstHeader, d->extra->headers.len - 1)->span);
        checker_report(ck, DIAG_ERROR, "C0104", mi, head,
                       say("deux tableaux sans ligne vide entre eux : cette ligne d'en-tête commence un "
                           "nouveau tableau ; laissez une ligne vide au-dessus",
                           "two tables without a blank line between them: this header line starts a "
                           "new table; leave a blank line above it"));
    }
    TableKind kind = classify_table(d);
    /* `part des heure`: the table is of no known shape because a column is
    ** misspelt; naming that column is the one useful error. */
    if (kind == TABLE_NONE) {
        bool named = false;
        for (int i = 0; i < d->extra->headers.len; i++)
            named |= misspelt_column(ck, mi, AST_AT(d->extra->headers, AstHeader, i));
        if (named)
            return;
    }
    if (d->scope && kind != TABLE_TARGETS) {
        missing_column(ck, mi, d,
            say(rt_sprintf("un tableau introduit par « %s » déclare des objectifs : il lui faut une "
                           "colonne famille et une colonne part des heures ou seuil",
                           checker_words(ck, VOCAB_OBJECTIFS, VOCAB_A_L_ECHELLE)),
                rt_sprintf("a table introduced by “%s” declares targets: it needs a family column "
                           "and a share of hours or threshold column",
                           checker_words(ck, VOCAB_OBJECTIFS, VOCAB_A_L_ECHELLE))));
        return;
    }
    if (kind == TABLE_NONE) {
        checker_report(ck, DIAG_ERROR, "C0420", mi,
            d->extra->headers.len ? AST_AT(d->extra->headers, AstHeader, 0)->span : d->span,
            say(rt_sprintf("ce tableau ne déclare rien de connu : il lui faut les colonnes %s",
                           table_shapes(ck)),
                rt_sprintf("this table declares nothing known: it needs the columns %s",
                           table_shapes(ck))));
        return;
    }
    int *roles = rt_alloc_atomic(sizeof(int) * (size_t)(d->extra->headers.len + 1));
    bool ok = table_roles(ck, mi, d, kind, roles);
    /* Rows of the wrong length are reported here and skipped by the passes. */
    check_rows(ck, mi, d);
    if (kind == TABLE_SCOPES && !has_role(roles, d->extra->headers.len, CHECKER_COL_NAME)) {
        missing_column(ck, mi, d, say("il manque la colonne nom : chaque périmètre a un nom",
                           "the name column is missing: every scope has a name"));
        ok = false;
    }
    if (kind == TABLE_TARGETS) {
        bool scope_col = has_role(roles, d->extra->headers.len, CHECKER_COL_SCOPE);
        if (!scope_col && !d->scope) {
            missing_column(ck, mi, d,
                say(rt_sprintf("il manque le périmètre de ces objectifs : ajoutez une colonne "
                               "périmètre, ou introduisez le tableau par « %s ID : »",
                               checker_words(ck, VOCAB_OBJECTIFS, VOCAB_A_L_ECHELLE)),
                    rt_sprintf("the scope of these targets is missing: add a scope column, or "
                               "introduce the table with “%s ID:”",
                               checker_words(ck, VOCAB_OBJECTIFS, VOCAB_A_L_ECHELLE))));
            ok = false;
        } else if (scope_col && d->scope) {
            missing_column(ck, mi, d,
                say(rt_sprintf("le périmètre est donné deux fois : par « %s %s » et par la colonne "
                               "périmètre ; gardez l'un des deux",
                               checker_words(ck, VOCAB_OBJECTIFS, VOCAB_A_L_ECHELLE), d->scope),
                    rt_sprintf("the scope is given twice: by “%s %s” and by the scope column; keep "
                               "one", checker_words(ck, VOCAB_OBJECTIFS, VOCAB_A_L_ECHELLE), d->scope)));
            ok = false;
        }
    }
    if (!ok)
        return;
    AstDeclKind bucket = kind == TABLE_SCOPES ? AST_D_SCOPE
                       : kind == TABLE_FAMILIES ? AST_D_FAMILY : AST_D_TARGET;
    checker_decls_push(&ck->decls[bucket], d, site)->roles = roles;
}

/* ---- items ----------------------------------------------------------------------------------- */

static int new_amendment(Checker *ck, int mi, AstItem *it)
{
    Model *m = ck->m;
    RT_GROW(m->amendments, m->namendments);
    int ai = m->namendments++;
    MAmendment *a = &m->amendments[ai];
    a->number = it->number;
    a->title = it->title;
    a->from = DATE_NONE;
    a->amends = NULL;
    a->prov = checker_prov(ck, (CheckerSite){ mi, it, ai }, it->head_span);
    return ai;
}

static void declare_decl(Checker *ck, CheckerSite site, AstDecl *d, bool *dated)
{
    int mi = site.module;
    bool in_amendment = site.amendment >= 0;
    switch (d->kind) {
    case AST_D_ERROR:
        return;
    case AST_D_APPLICABLE:
    case AST_D_AMENDS:
        if (in_amendment)
            amendment_clause(ck, mi, site.item, site.amendment, d, dated);
        else
            misplaced_clause(ck, mi, d);
        return;
    default:
        break;
    }
    if (in_amendment && !allowed_in_amendment(d->kind)) {
        checker_report(ck, DIAG_ERROR, "C0413", mi, d->span,
            say(rt_sprintf("« %s » ne peut pas figurer dans un avenant : un avenant fixe des objectifs "
                           "et des seuils applicables à partir de sa date ; modifiez la charte "
                           "elle-même", decl_word(ck, d->kind)),
                rt_sprintf("“%s” cannot appear in an amendment: an amendment sets targets and "
                           "thresholds that apply from its date; change the charter itself",
                           decl_word(ck, d->kind))));
        return;
    }
    if (d->kind == AST_D_TABLE)
        declare_table(ck, mi, d, site);
    else
        checker_decls_push(&ck->decls[d->kind], d, site);
}

static void declare_item(Checker *ck, int mi, AstItem *it, Numbering *nb)
{
    if (it->kind != AST_ITEM_ARTICLE && it->kind != AST_ITEM_AMENDMENT)
        return;
    check_number(ck, mi, it, nb);
    CheckerSite site = { mi, it, -1 };
    if (it->kind == AST_ITEM_AMENDMENT)
        site.amendment = new_amendment(ck, mi, it);
    bool dated = false;
    for (int i = 0; i < it->decls.len; i++)
        declare_decl(ck, site, AST_AT(it->decls, AstDecl, i), &dated);
    if (it->kind == AST_ITEM_AMENDMENT && !dated)
        checker_report(ck, DIAG_ERROR, "C0406", mi, it->head_span,
            say(rt_sprintf("l'avenant %s ne dit pas à partir de quand il s'applique : ajoutez « %s "
                           "JJ/MM/AAAA »", it->number ? it->number : "?",
                           checker_word(ck, VOCAB_APPLICABLE)),
                rt_sprintf("amendment %s does not say from when it applies: add “%s DD/MM/YYYY”",
                           it->number ? it->number : "?",
                           checker_word(ck, VOCAB_APPLICABLE))));
}

/* Room for every declaration of each kind, counted beforehand (an upper
** bound: a declaration refused below is not pushed; a table's bucket is
** decided by its columns and it grows as before): 25 000 families pushed one by
** one doubled their array 12 times, 2.7 MB of copies left behind. */
static void reserve_decls(Checker *ck)
{
    int count[AST_D_ERROR + 1] = { 0 };
    for (int mi = 0; mi < ck->nmodules; mi++) {
        const AstList *items = &ck->modules[mi].ast->items;
        for (int i = 0; i < items->len; i++) {
            const AstItem *it = AST_AT(*items, AstItem, i);
            for (int k = 0; k < it->decls.len; k++)
                count[AST_AT(it->decls, AstDecl, k)->kind]++;
        }
    }
    for (int kind = 0; kind <= AST_D_ERROR; kind++)
        if (kind != AST_D_TABLE)
            RT_RESERVE(ck->decls[kind].items, count[kind]);
}

void declare_all(Checker *ck)
{
    reserve_decls(ck);
    for (int mi = 0; mi < ck->nmodules; mi++) {
        AstCharter *c = ck->modules[mi].ast;
        check_header(ck, mi);
        Numbering nb;
        memset(&nb, 0, sizeof nb);
        for (int i = 0; i < c->items.len; i++)
            declare_item(ck, mi, AST_AT(c->items, AstItem, i), &nb);
    }
}
