/* tests/unit/test_eval.c: the evaluation (runtime/eval*.c) and its reports, on the AMP charter of examples/amp/REFERENCE.md built by hand as a Model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "data.h"
#include "eval.h"
#include "eval_impl.h"
#include "gc.h"
#include "num.h"
#include "report.h"
#include "table.h"
#include "utf8.h"

#include "hour_table.h"

/* ---- a Model built by hand: examples/amp/REFERENCE.md, rule for rule ------------------------------- */

static mpq_ptr rat(const char *s)
{
    mpq_ptr q = val_new_num();
    assert_int_equal(mpq_set_str(q, s, 10), 0);
    mpq_canonicalize(q);
    return q;
}

static Prov prov(const char *item, const char *title, bool amendment)
{
    return (Prov){ .item = item, .item_title = title, .amendment = amendment };
}

static Date ymd(int y, int m, int d)
{
    Date out;
    assert_true(date_from_ymd(y, m, d, &out));
    return out;
}

static AstExpr *e_name(AstRefKind ref, int index)
{
    AstExpr *x = ast_expr(AST_E_NAME, (Span){ 0, 0 });
    x->ref = ref;
    x->ref_index = index;
    x->u.text = "?";
    return x;
}

static AstExpr *e_num(const char *text, LexUnit unit)
{
    AstExpr *x = ast_expr(AST_E_NUMBER, (Span){ 0, 0 });
    x->u.num.text = text;
    x->u.num.unit = unit;
    return x;
}

static AstExpr *e_known(AstExpr *a)
{
    AstExpr *x = ast_expr(AST_E_KNOWN, (Span){ 0, 0 });
    x->u.op.lhs = a;
    return x;
}

static AstExpr *e_choice(const char *text)
{
    AstExpr *x = e_name(AST_REF_CHOICE, -1);
    x->u.text = text;
    x->value = val_text(text);
    return x;
}

static MColumn column(const char *name, MColType type, bool required)
{
    MColumn c = { .name = name, .key = utf8_key(name, strlen(name)), .type = type, .required = required,
                  .ref_table = -1 };
    return c;
}

static MColumn with_default(MColumn c, Value v)
{
    c.required = false;
    c.has_default = true;
    c.default_value = v;
    return c;
}

static const char *const modalities[] = { "embauche_directe", "etti", "ai", "geiq", "ei", "aci", "formation" };
static const char *const sexes[] = { "F", "H" };

enum { P_ID, P_SEXE, P_NAISSANCE, P_QPV, P_ENTREE, P_MOIS, P_RSA, P_ASS, P_AAH, P_RQTH, P_NIVEAU, P_IAE, P_NCOLS };

static void add_rule(Model *m, int scope, int family, const char *target, const char *threshold,
                     Date from, int amendment, Prov p)
{
    MRule *r = &m->rules[m->nrules++];
    memset(r, 0, sizeof *r);
    r->scope = scope;
    r->family = family;
    r->from = from;
    r->amendment = amendment;
    r->kind = M_TARGET_SHARE_HOURS;
    mpq_init(r->target);
    mpq_init(r->threshold);
    if (target) {
        r->has_target = true;
        mpq_set(r->target, rat(target));
        r->target_prov = p;
    }
    if (threshold) {
        r->has_threshold = true;
        mpq_set(r->threshold, rat(threshold));
        r->threshold_prov = p;
    }
    r->prov = p;
    model_index(m);   /* as the checker does once its rules are built */
}

static void build_schema(Model *m)
{
    MTable *t = &m->tables[M_TABLE_MARCHES];
    t->name = "marches";
    t->columns = RT_NEW_ARRAY(MColumn, 8);
    t->columns[0] = column("marche", M_COL_ID, true);
    t->columns[1] = column("intitule", M_COL_TEXT, false);
    t->columns[2] = column("famille", M_COL_FAMILY, true);
    t->columns[3] = column("maitre_ouvrage", M_COL_TEXT, true);
    t->columns[4] = column("perimetre", M_COL_SCOPE, true);
    t->columns[5] = column("montant_ht", M_COL_AMOUNT, true);
    t->columns[6] = column("date_notification", M_COL_DATE, true);
    t->columns[7] = column("heures_travaillees", M_COL_HOURS, false);
    t->ncolumns = 8;
    t->id_column = 0;
    m->std = (MStdColumns){ .m_id = 0, .m_label = 1, .m_family = 2, .m_owner = 3, .m_scope = 4,
                            .m_amount = 5, .m_notified = 6, .m_hours_worked = 7,
                            .p_id = P_ID, .p_sex = P_SEXE, .p_birth = P_NAISSANCE, .p_qpv = P_QPV,
                            .p_entry = P_ENTREE, .h_contract = 0, .h_participant = 1, .h_month = 2,
                            .h_hours = 3, .h_modality = 4 };

    t = &m->tables[M_TABLE_PARTICIPANTS];
    t->name = "participants";
    t->columns = RT_NEW_ARRAY(MColumn, P_NCOLS);
    t->columns[P_ID] = column("participant", M_COL_ID, true);
    t->columns[P_SEXE] = column("sexe", M_COL_CHOICE, true);
    t->columns[P_SEXE].choices = (const char **)sexes;
    t->columns[P_SEXE].nchoices = 2;
    t->columns[P_NAISSANCE] = column("date_naissance", M_COL_DATE, true);
    t->columns[P_QPV] = column("qpv", M_COL_TEXT, false);
    t->columns[P_ENTREE] = column("date_entree", M_COL_DATE, true);
    t->columns[P_MOIS] = with_default(column("mois_inscription", M_COL_INT, false), val_num_si(0));
    t->columns[P_RSA] = with_default(column("rsa", M_COL_BOOL, false), val_bool(false));
    t->columns[P_ASS] = with_default(column("ass", M_COL_BOOL, false), val_bool(false));
    t->columns[P_AAH] = with_default(column("aah", M_COL_BOOL, false), val_bool(false));
    t->columns[P_RQTH] = with_default(column("rqth", M_COL_BOOL, false), val_bool(false));
    t->columns[P_NIVEAU] = column("niveau", M_COL_INT, false);
    t->columns[P_NIVEAU].has_min = t->columns[P_NIVEAU].has_max = true;
    mpq_init(t->columns[P_NIVEAU].min);
    mpq_init(t->columns[P_NIVEAU].max);
    mpq_set_si(t->columns[P_NIVEAU].min, 1, 1);
    mpq_set_si(t->columns[P_NIVEAU].max, 8, 1);
    t->columns[P_IAE] = with_default(column("pass_iae", M_COL_BOOL, false), val_bool(false));
    for (int i = 1; i < P_NCOLS; i++)
        t->columns[i].personal = true;
    t->ncolumns = P_NCOLS;
    t->id_column = P_ID;

    hour_table_columns(&m->tables[M_TABLE_HEURES], column, (const char **)modalities, 7, 0);
}

static MPublic public(const char *id, const char *name, AstExpr *pred)
{
    return (MPublic){ .id = id, .name = name, .pred = pred };
}

static void build_publics(Model *m)
{
    enum { DELD, MINIMA, RQTH, JEUNE, SENIOR, IAE };
    m->publics = RT_NEW_ARRAY(MPublic, 6);
    m->npublics = 6;
    AstExpr *mois = e_name(AST_REF_COLUMN, P_MOIS);
    m->publics[DELD] = public("deld", "Demandeurs d'emploi de longue durée",
                                  ast_binary(AST_OP_GE, mois, e_num("12", LEX_UNIT_NONE)) );
    m->publics[MINIMA] = public("minima_sociaux", "Bénéficiaires de minima sociaux",
                                    ast_binary(AST_OP_OR, ast_binary(AST_OP_OR, e_name(AST_REF_COLUMN, P_RSA),
                                                                     e_name(AST_REF_COLUMN, P_ASS)),
                                               e_name(AST_REF_COLUMN, P_AAH)) );
    m->publics[RQTH] = public("rqth", "Travailleurs handicapés", e_name(AST_REF_COLUMN, P_RQTH) );
    AstExpr *niveau = e_name(AST_REF_COLUMN, P_NIVEAU);
    m->publics[JEUNE] = public(
        "jeune", "Jeunes peu qualifiés",
        ast_binary(AST_OP_AND,
                   ast_binary(AST_OP_AND, ast_binary(AST_OP_LT, e_name(AST_REF_AGE, -1), e_num("26", LEX_UNIT_YEAR)),
                              e_known(niveau)),
                   ast_binary(AST_OP_LE, niveau, e_num("3", LEX_UNIT_NONE))) );
    m->publics[SENIOR] = public(
        "senior", "Seniors",
        ast_binary(AST_OP_AND, ast_binary(AST_OP_GE, e_name(AST_REF_AGE, -1), e_num("50", LEX_UNIT_YEAR)),
                   ast_binary(AST_OP_GE, mois, e_num("1", LEX_UNIT_NONE))) );
    m->publics[IAE] = public("iae", "Personnes agréées IAE", e_name(AST_REF_COLUMN, P_IAE) );
    AstExpr *any = e_name(AST_REF_PUBLIC, 0);
    for (int i = 1; i < 6; i++)
        any = ast_binary(AST_OP_OR, any, e_name(AST_REF_PUBLIC, i));
    m->eligible = ast_binary(AST_OP_AND, e_known(e_name(AST_REF_COLUMN, P_QPV)), any);
}

static void build_indicators(Model *m)
{
    m->indicators = RT_NEW_ARRAY(MIndicator, 4);
    m->nindicators = 4;
    m->indicators[0] = (MIndicator){ .id = "nombre_participants", .name = "Nombre de participants",
                                     .kind = AST_IND_COUNT, .by_column = -1 };
    m->indicators[1] = (MIndicator){ .id = "femmes", .name = "Part des femmes", .kind = AST_IND_SHARE,
                                     .where = ast_binary(AST_OP_EQ, e_name(AST_REF_COLUMN, P_SEXE), e_choice("F")),
                                     .by_column = -1 };
    m->indicators[2] = (MIndicator){ .id = "moins_de_26_ans", .name = "Part des moins de 26 ans",
                                     .kind = AST_IND_SHARE,
                                     .where = ast_binary(AST_OP_LT, e_name(AST_REF_AGE, -1), e_num("26", LEX_UNIT_YEAR)),
                                     .by_column = -1 };
    m->indicators[3] = (MIndicator){ .id = "publics", .name = "Participants par public", .kind = AST_IND_COUNT,
                                     .by = "public", .by_column = -1 };
}

enum { S_NATIONAL, S_AMP, S_MARSEILLE, S_AIX, S_AIR_BEL, S_SAINT_BARTH, S_ENCAGNANE };
enum { F_NETTOYAGE, F_ESPACES_VERTS, F_GARDIENNAGE, F_ENCOMBRANTS, F_TRAVAUX, F_INGENIERIE };

static Model *amp_model(void)
{
    Model *m = RT_NEW(Model);
    m->title = "Charte locale d'insertion de la Métropole Aix-Marseille-Provence";
    m->valid_from = ymd(2021, 1, 1);
    m->valid_to = ymd(2030, 12, 31);
    static const struct { const char *id, *name; int parent, depth; } scopes[] = {
        { "national", "Territoire national", -1, 0 }, { "amp", "Métropole Aix-Marseille-Provence", 0, 1 },
        { "marseille", "Marseille", 1, 2 },           { "aix", "Aix-en-Provence", 1, 2 },
        { "air_bel", "Air Bel", 2, 3 },               { "saint_barthelemy", "Grand Saint-Barthélemy", 2, 3 },
        { "encagnane", "Encagnane", 3, 3 },
    };
    m->nscopes = 7;
    m->scopes = RT_NEW_ARRAY(MScope, 7);
    for (int i = 0; i < 7; i++)
        m->scopes[i] = (MScope){ .id = scopes[i].id, .name = scopes[i].name, .parent = scopes[i].parent,
                                 .depth = scopes[i].depth, .level = (AstLevel)scopes[i].depth };
    static const struct { const char *id, *share, *cost; int cat; } fams[] = {
        { "nettoyage", "4/5", "25", 0 },     { "espaces_verts", "3/5", "30", 0 },
        { "gardiennage", "17/20", "28", 0 }, { "encombrants", "1/2", "30", 0 },
        { "travaux", "7/20", "40", 1 },      { "ingenierie", "3/5", "60", 1 },
    };
    m->nfamilies = 6;
    m->families = RT_NEW_ARRAY(MFamily, 6);
    for (int i = 0; i < 6; i++) {
        MFamily *f = &m->families[i];
        f->id = fams[i].id;
        f->category = fams[i].cat;
        f->has_estimate = true;
        mpq_init(f->part_mo);
        mpq_init(f->cout_horaire);
        mpq_set(f->part_mo, rat(fams[i].share));
        mpq_set(f->cout_horaire, rat(fams[i].cost));
    }
    m->rules = RT_NEW_ARRAY(MRule, 32);
    Prov a4 = prov("article 4", "Objectifs d'heures d'insertion", false);
    for (int f = 0; f < 6; f++)
        add_rule(m, S_AMP, f, f < 4 ? "1/10" : "1/20", f < 4 ? "40000" : "100000", DATE_NONE, -1, a4);
    add_rule(m, S_MARSEILLE, F_GARDIENNAGE, "3/25", NULL, DATE_NONE, -1, a4);
    add_rule(m, S_AIR_BEL, F_NETTOYAGE, "3/20", NULL, DATE_NONE, -1, a4);
    add_rule(m, S_ENCAGNANE, F_TRAVAUX, "2/25", "50000", DATE_NONE, -1, a4);
    m->amendments = RT_NEW_ARRAY(MAmendment, 2);
    m->namendments = 2;
    m->amendments[0] = (MAmendment){ "1", "Relèvement de l'objectif des espaces verts", ymd(2023, 1, 1), "4",
                                     prov("avenant 1", "Relèvement de l'objectif des espaces verts", true) };
    m->amendments[1] = (MAmendment){ "2", "Objectif renforcé pour les encombrants", ymd(2024, 7, 1), "4",
                                     prov("avenant 2", "Objectif renforcé pour les encombrants", true) };
    add_rule(m, S_AMP, F_ESPACES_VERTS, "3/25", NULL, ymd(2023, 1, 1), 0, m->amendments[0].prov);
    add_rule(m, S_SAINT_BARTH, F_ENCOMBRANTS, "3/20", NULL, ymd(2024, 7, 1), 1, m->amendments[1].prov);
    build_schema(m);
    build_publics(m);
    build_indicators(m);
    m->elig_months = 24;
    m->modalities_declared = true;
    m->modality_counted = RT_NEW_ARRAY(bool, 7);
    for (int i = 0; i < 7; i++)
        m->modality_counted[i] = true;
    m->caps = RT_NEW_ARRAY(MCap, 1);
    m->ncaps = 1;
    m->caps[0].modality = "formation";
    mpq_init(m->caps[0].share);
    mpq_set(m->caps[0].share, rat("1/5"));
    m->has_rounding = true;
    m->rounding = AST_ROUND_UP;
    m->secrecy_k = 11;
    return m;
}

/* ---- in-memory tables: ';'-separated lines, the first one the header ------------------------- */

static char **split(const char *line, char sep, int *n)
{
    char **out = RT_NEW_ARRAY(char *, 64);
    *n = 0;
    const char *p = line;
    for (;;) {
        const char *q = strchr(p, sep);
        size_t len = q ? (size_t)(q - p) : strlen(p);
        out[(*n)++] = rt_strndup(p, len);
        if (!q)
            break;
        p = q + 1;
    }
    return out;
}

static TableReader *rows_reader(const char *file, const char *text)
{
    char **lines = RT_NEW_ARRAY(char *, 4096);
    int nlines = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len)
            lines[nlines++] = rt_strndup(p, len);
        if (!nl)
            break;
        p = nl + 1;
    }
    int ncols;
    char **head = split(lines[0], ';', &ncols);
    TableRow *rows = RT_NEW_ARRAY(TableRow, nlines);
    for (int i = 1; i < nlines; i++) {
        int n;
        char **cells = split(lines[i], ';', &n);
        rows[i - 1].line = i + 1;
        rows[i - 1].cells = RT_NEW_ARRAY(TableCell, ncols);
        for (int c = 0; c < ncols; c++)
            rows[i - 1].cells[c] = c < n ? (TableCell){ cells[c], strlen(cells[c]) } : (TableCell){ NULL, 0 };
    }
    return table_open_rows(file, ncols, (const char **)head, nlines - 1, rows);
}

static const char *const MARCHES_HEAD =
    "marche;intitule;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\n";
static const char *const PARTICIPANTS_HEAD =
    "participant;sexe;date_naissance;qpv;date_entree;mois_inscription;rsa;ass;aah;rqth;niveau;pass_iae\n";
static const char *const HEURES_HEAD = "marche;participant;mois;heures;modalite\n";

static EvalRun *run(Model *m, const char *au, const char *marches, const char *participants, const char *heures)
{
    Date d;
    assert_true(date_parse(au, strlen(au), &d));
    EvalRun *e = eval_new(m, d, false);
    const char *text[3] = { rt_sprintf("%s%s", MARCHES_HEAD, marches),
                            rt_sprintf("%s%s", PARTICIPANTS_HEAD, participants),
                            rt_sprintf("%s%s", HEURES_HEAD, heures) };
    static const char *const files[3] = { "marches.csv", "participants.csv", "heures.csv" };
    for (int t = 0; t < 3; t++) {
        DataError err;
        DataTable *dt = data_open_reader(m, t, rows_reader(files[t], text[t]), &err);
        if (!dt)
            fail_msg("%s: %s", files[t], err.msg.fr);
        assert_true(eval_load(e, t, dt, &err));
    }
    eval_finish(e);
    return e;
}

static void assert_num(mpq_srcptr got, const char *want)
{
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    if (!mpq_equal(got, rat(want)))
        fail_msg("got %s, want %s", num_to_decimal(got, 6), want);
}

static const EvalContract *contract(const EvalRun *e, const char *id)
{
    const EvalContract *c = eval_contract(e, id);
    if (!c)
        fail_msg("contract %s missing", id);
    return c;
}

static void assert_counts(const EvalRun *e, int t, long read, long counted, long not_counted, long rejected)
{
    const EvalCounts *k = &e->counts[t];
    if (k->read != read || k->counted != counted || k->not_counted != not_counted || k->rejected != rejected)
        fail_msg("table %d: %ld %ld %ld %ld, want %ld %ld %ld %ld", t, k->read, k->counted, k->not_counted,
                 k->rejected, read, counted, not_counted, rejected);
    assert_int_equal(k->read, k->counted + k->not_counted + k->rejected);
}

/* An eligible participant: QPV resident on RSA. */
#define P1 "P1;F;01/05/1990;QN01305M;10/01/2022;0;oui;non;non;non;;non\n"

/* ---- rules --------------------------------------------------------------------------------- */

static void test_resolution_follows_the_scope_chain(void **state)
{
    Model *m = amp_model();
    Date d = ymd(2022, 3, 1);
    EvalResolution r = eval_resolve(m, F_NETTOYAGE, S_AIR_BEL, "13 Habitat", d);
    assert_non_null(r.target);
    assert_int_equal(r.target->scope, S_AIR_BEL);
    assert_non_null(r.threshold);
    assert_int_equal(r.threshold->scope, S_AMP);
    r = eval_resolve(m, F_GARDIENNAGE, S_SAINT_BARTH, NULL, d);
    assert_int_equal(r.target->scope, S_MARSEILLE);
    r = eval_resolve(m, F_GARDIENNAGE, S_ENCAGNANE, NULL, d);
    assert_int_equal(r.target->scope, S_AMP);
    r = eval_resolve(m, F_TRAVAUX, S_ENCAGNANE, NULL, d);
    assert_int_equal(r.target->scope, S_ENCAGNANE);
    assert_int_equal(r.threshold->scope, S_ENCAGNANE);
    assert_null(r.conflict[0]);
}

static void test_amendments_apply_from_their_date(void **state)
{
    Model *m = amp_model();
    EvalResolution r = eval_resolve(m, F_ESPACES_VERTS, S_AIX, NULL, ymd(2022, 12, 31));
    assert_int_equal(r.target->amendment, -1);
    r = eval_resolve(m, F_ESPACES_VERTS, S_AIX, NULL, ymd(2023, 1, 1));
    assert_int_equal(r.target->amendment, 0);
    assert_int_equal(r.threshold->amendment, -1);   /* the amendment sets only the rate */
    r = eval_resolve(m, F_ENCOMBRANTS, S_SAINT_BARTH, NULL, ymd(2024, 6, 30));
    assert_int_equal(r.target->scope, S_AMP);
    r = eval_resolve(m, F_ENCOMBRANTS, S_SAINT_BARTH, NULL, ymd(2024, 7, 1));
    assert_int_equal(r.target->amendment, 1);
    r = eval_resolve(m, F_ENCOMBRANTS, S_AIR_BEL, NULL, ymd(2025, 1, 1));
    assert_int_equal(r.target->scope, S_AMP);
}

static void test_equal_rules_are_a_conflict(void **state)
{
    Model *m = amp_model();
    Prov p = prov("article 9", "Doublon", false);
    add_rule(m, S_AIX, F_NETTOYAGE, "1/5", NULL, DATE_NONE, -1, p);
    add_rule(m, S_AIX, F_NETTOYAGE, "1/4", NULL, DATE_NONE, -1, p);
    EvalResolution r = eval_resolve(m, F_NETTOYAGE, S_ENCAGNANE, NULL, ymd(2022, 1, 1));
    assert_null(r.target);
    assert_non_null(r.conflict[0]);
    assert_non_null(r.conflict[1]);
    /* An owner-restricted rule at a broad scope and a plain one deeper are incomparable. */
    m = amp_model();
    add_rule(m, S_AMP, F_TRAVAUX, "1/10", NULL, DATE_NONE, -1, p);
    m->rules[m->nrules - 1].owner = "13 Habitat";
    r = eval_resolve(m, F_TRAVAUX, S_ENCAGNANE, "13 Habitat", ymd(2022, 1, 1));
    assert_non_null(r.conflict[0]);
    r = eval_resolve(m, F_TRAVAUX, S_AIX, "13 habitat", ymd(2022, 1, 1));
    assert_null(r.conflict[0]);
    assert_non_null(r.target->owner);       /* beats the plain rule at the same scope */
    r = eval_resolve(m, F_TRAVAUX, S_AIX, "Autre", ymd(2022, 1, 1));
    assert_null(r.target->owner);
}

static void test_conflict_status_names_both_rules(void **state)
{
    Model *m = amp_model();
    add_rule(m, S_AIX, F_NETTOYAGE, "1/5", NULL, DATE_NONE, -1, prov("article 8", "A", false));
    add_rule(m, S_AIX, F_NETTOYAGE, "1/4", NULL, DATE_NONE, -1, prov("article 9", "B", false));
    EvalRun *e = run(m, "31/12/2022", "C1;;nettoyage;X;aix;100000;01/03/2022;1000\n", P1,
                     "C1;P1;03/2022;10;etti\n");
    const EvalContract *c = contract(e, "C1");
    assert_int_equal(c->status, EVAL_CONFLIT);
    assert_int_equal(c->narticles, 2);
    assert_null(c->target_hours);
    assert_num(c->counted, "10");
}

/* The indexed resolution against the scan of every rule in the charter's order (what
** eval_resolve did before it had an index): the same rules, articles and conflicts, in
** the same order, for every family × scope × owner × date the rules name. */
static int same_as_full_scan(const Model *m)
{
    int *all = RT_NEW_ARRAY(int, m->nrules + 1);
    for (int i = 0; i < m->nrules; i++)
        all[i] = i;
    const char **owners = RT_NEW_ARRAY(const char *, m->nrules + 2);
    Date *dates = RT_NEW_ARRAY(Date, 2 * m->nrules + 2);
    int nowners = 0, ndates = 0, conflicts = 0;
    owners[nowners++] = NULL;
    dates[ndates++] = DATE_NONE;
    for (int i = 0; i < m->nrules; i++) {
        if (m->rules[i].owner)
            owners[nowners++] = m->rules[i].owner;
        if (m->rules[i].from != DATE_NONE) {
            dates[ndates++] = m->rules[i].from;
            dates[ndates++] = m->rules[i].from - 1;
        }
    }
    for (int f = -1; f < m->nfamilies; f++)
        for (int s = 0; s < m->nscopes; s++)
            for (int o = 0; o < nowners; o++)
                for (int d = 0; d < ndates; d++) {
                    EvalResolution a = eval_resolve(m, f, s, owners[o], dates[d]);
                    EvalResolution b = eval_resolve_among(m, all, m->nrules, f, s, owners[o], dates[d]);
                    assert_ptr_equal(a.target, b.target);
                    assert_ptr_equal(a.threshold, b.threshold);
                    assert_ptr_equal(a.hires, b.hires);
                    assert_ptr_equal(a.conflict[0], b.conflict[0]);
                    assert_ptr_equal(a.conflict[1], b.conflict[1]);
                    assert_int_equal(a.conflict_on_threshold, b.conflict_on_threshold);
                    conflicts += a.conflict[0] != NULL;
                }
    return conflicts;
}

/* A charter as the checker leaves it, errors or not (conflicts are errors): the language
** server resolves on such models too. */
static const Model *checked_anyway(const char *path)
{
    Source *src;
    assert_int_equal(source_read_file(path, path, &src), SOURCE_OK);
    Model *partial = NULL;
    CheckOptions opts = { .partial = &partial };
    check_program(src, diag_list_new(), &opts);
    assert_non_null(partial);
    return partial;
}

static void test_indexed_resolution_is_the_full_scan(void **state)
{
    static const char *const charters[] = {
        "tests/eval/regles/charte.charte", "tests/eval/conflit-seuil/charte.charte",
        "tests/eval/cas/charte.charte", "tests/eval/belvance/charte.charte", "tests/eval/embauches/charte.charte",
        "tests/eval/mutualisation/charte.charte", "tests/eval/cas/mut-mutualisation-avenant-au/charte.charte",
        "tests/render/conflits.charte", "tests/check/c0403-conflit.charte", "tests/check/c0403-conflit-casse.charte",
        "tests/check/c0403-conflit-seuil.charte", "tests/check/c0403-embauches-conflit.charte",
        "tests/check/c0404-maitre-ouvrage-graphies.charte", "examples/amp/amp.charte",
    };
    int conflicts = 0;
    for (size_t i = 0; i < sizeof charters / sizeof *charters; i++)
        conflicts += same_as_full_scan(checked_anyway(charters[i]));
    /* and the hand-made model, with rules added after it was built */
    Model *m = amp_model();
    add_rule(m, S_AIX, F_NETTOYAGE, "1/5", NULL, DATE_NONE, -1, prov("article 9", "A", false));
    add_rule(m, S_AIX, F_NETTOYAGE, "1/4", NULL, ymd(2023, 1, 1), 0, prov("avenant 1", "B", true));
    add_rule(m, S_AIX, F_NETTOYAGE, "1/3", NULL, ymd(2023, 1, 1), 0, prov("avenant 1", "C", true));
    /* An owner's rule at a broad scope written before a plain one deeper: incomparable, and the
    ** conflict names first the one written first, not the one of the deeper scope. */
    add_rule(m, S_AMP, F_GARDIENNAGE, "1/5", NULL, DATE_NONE, -1, prov("article 10", "D", false));
    m->rules[m->nrules - 1].owner = "13 Habitat";
    add_rule(m, S_SAINT_BARTH, F_GARDIENNAGE, "1/4", NULL, DATE_NONE, -1, prov("article 11", "E", false));
    conflicts += same_as_full_scan(m);
    EvalResolution r = eval_resolve(m, F_GARDIENNAGE, S_SAINT_BARTH, "13 Habitat", ymd(2022, 1, 1));
    assert_string_equal(r.conflict[0]->prov.item, "article 10");
    assert_string_equal(r.conflict[1]->prov.item, "article 11");
    assert_true(conflicts > 0);   /* the charters' conflicts were met, not only plain answers */
}

/* ---- one contract ---------------------------------------------------------------------------- */

static void test_the_documented_example(void **state)
{
    EvalRun *e = run(amp_model(), "31/12/2022",
                     "M1;;nettoyage;13 Habitat;air_bel;100 000 €;01/03/2022;4 800 h\n", P1,
                     "M1;P1;04/2022;720 h;embauche_directe\n");
    const EvalContract *c = contract(e, "M1");
    assert_int_equal(c->status, EVAL_ATTEINT);
    assert_num(c->rate, "3/20");
    assert_num(c->threshold, "40000");
    assert_num(c->base, "4800");
    assert_num(c->target_hours, "720");
    assert_num(c->counted, "720");
    assert_num(c->gap, "0");
    assert_int_equal(c->narticles, 1);
    assert_string_equal(c->articles[0], "article 4 « Objectifs d'heures d'insertion »");
}

static void test_estimate_threshold_and_rounding(void **state)
{
    EvalRun *e = run(amp_model(), "31/12/2022",
                     "N1;;nettoyage;A;aix;100000;01/02/2022;\n"
                     "N3;;nettoyage;A;aix;39999;01/02/2022;1000\n"
                     "T1;;travaux;A;aix;200000;01/03/2022;\n"
                     "T4;;travaux;A;encagnane;60000;01/03/2022;\n"
                     "X1;;ingenierie;A;aix;100000;01/03/2022;1001\n",
                     P1, "N3;P1;05/2022;12;ai\n");
    const EvalContract *c = contract(e, "N1");
    assert_num(c->base, "3200");
    assert_true(c->base_estimated);
    assert_num(c->target_hours, "320");
    assert_int_equal(c->status, EVAL_NON_ATTEINT);
    assert_num(c->gap, "-320");
    c = contract(e, "N3");
    assert_int_equal(c->status, EVAL_NON_SOUMIS);
    assert_num(c->target_hours, "0");
    assert_num(c->counted, "12");
    c = contract(e, "T1");
    assert_num(c->base, "1750");
    assert_num(c->target_hours, "88");       /* 87,5 rounded up */
    c = contract(e, "T4");                   /* local threshold 50 000 €, rate 8 % */
    assert_int_equal(c->status, EVAL_NON_ATTEINT);
    assert_num(c->rate, "2/25");
    assert_num(c->threshold, "50000");
    assert_num(c->base, "525");
    assert_num(c->target_hours, "42");
    c = contract(e, "X1");
    assert_num(c->target_hours, "51");       /* 50,05 rounded up */
}

static void test_training_is_capped(void **state)
{
    EvalRun *e = run(amp_model(), "31/12/2022",
                     "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n"
                     "M2;;nettoyage;A;air_bel;30000;01/03/2022;4800\n", P1,
                     "M1;P1;04/2022;600;embauche_directe\n"
                     "M1;P1;05/2022;100;formation\n"
                     "M1;P1;06/2022;100,5;formation\n"
                     "M2;P1;06/2022;50;formation\n");
    const EvalContract *c = contract(e, "M1");
    assert_num(c->counted, "744");           /* 600 + min(200,5 ; 20 % × 720 = 144) */
    assert_int_equal(c->status, EVAL_ATTEINT);
    c = contract(e, "M2");                   /* not subject: target 0, so training counts 0 */
    assert_num(c->counted, "0");
    assert_counts(e, M_TABLE_HEURES, 4, 4, 0, 0);
}

/* Hour lines are summed in 64-bit integers while they fit: sums that do not,
** finer scales and cells that are not plain decimals must give the exact
** rational all the same. */
static void test_exact_sums_beyond_64_bits(void **state)
{
    const char *line = "M1;P1;04/2022;999999999999999999;etti\n";
    const char *hours = "";
    for (int i = 0; i < 10; i++)
        hours = rt_sprintf("%s%s", hours, line);
    hours = rt_sprintf("%s%s", hours,
                       "M1;P1;04/2022;0,00000000000000001;etti\n"    /* scale 17: the sum cannot follow */
                       "M1;P1;04/2022;1 000;etti\n"                  /* a group: read by num_parse */
                       "M1;P1;04/2022;12,5;formation\n"              /* capped, under its cap */
                       "M2;P1;04/2022;0,25;etti\n"
                       "M2;P1;04/2022;0,125;etti\n"
                       "M2;P1;04/2022;3;etti\n");
    EvalRun *e = run(amp_model(), "31/12/2022",
                     "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n"
                     "M2;;nettoyage;A;air_bel;100000;01/03/2022;4800\n", P1, hours);
    assert_num(contract(e, "M1")->counted, "1000000000000000100250000000000000001/100000000000000000");
    assert_int_equal(contract(e, "M1")->lines_counted, 13);
    assert_num(contract(e, "M2")->counted, "27/8");
    assert_counts(e, M_TABLE_HEURES, 16, 16, 0, 0);
}

static void test_period_and_evaluation_date(void **state)
{
    /* Notified before the first line: months before notification are another rule. */
    EvalRun *e = run(amp_model(), "15/03/2024", "M1;;nettoyage;A;air_bel;100000;01/12/2021;4800\n", P1,
                     "M1;P1;12/2021;1;etti\n"       /* before entry */
                     "M1;P1;01/2022;2;etti\n"       /* entry month: counts */
                     "M1;P1;12/2023;4;etti\n"       /* 24th month: counts */
                     "M1;P1;01/2024;8;etti\n"       /* 25th month: out */
                     "M1;P1;2024-04;16;etti\n");    /* after --au */
    assert_num(contract(e, "M1")->counted, "6");
    assert_counts(e, M_TABLE_HEURES, 5, 2, 3, 0);
    assert_int_equal(e->nreasons[M_TABLE_HEURES], 3);
}

static void test_eligibility_at_entry(void **state)
{
    EvalRun *e = run(amp_model(), "31/12/2026", "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n",
                     /* born 29/02/2000: 25 until 01/03/2026, young with niveau 3 */
                     "J1;H;29/02/2000;Q1;28/02/2026;0;non;non;non;non;3;non\n"
                     "J2;H;29/02/2000;Q1;01/03/2026;0;non;non;non;non;3;non\n"
                     "J3;H;29/02/2000;;28/02/2026;0;oui;non;non;non;3;non\n"       /* no QPV */
                     "J4;H;01/01/1990;Q1;01/01/2022;12;non;non;non;non;;non\n"     /* deld */
                     "J5;H;01/01/1972;Q1;01/01/2022;1;non;non;non;non;;non\n"      /* senior, 50 */
                     "J6;H;02/01/1972;Q1;01/01/2022;1;non;non;non;non;;non\n",     /* 49 */
                     "M1;J1;03/2026;1;etti\nM1;J2;03/2026;2;etti\nM1;J3;03/2026;4;etti\n"
                     "M1;J4;03/2022;8;etti\nM1;J5;03/2022;16;etti\nM1;J6;03/2022;32;etti\n");
    assert_num(contract(e, "M1")->counted, "25");
    assert_counts(e, M_TABLE_PARTICIPANTS, 6, 3, 3, 0);
    assert_counts(e, M_TABLE_HEURES, 6, 3, 3, 0);
}

/* ---- accounting -------------------------------------------------------------------------------- */

static void test_every_row_is_accounted_for(void **state)
{
    EvalRun *e = run(amp_model(), "31/12/2022",
                     "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n"
                     "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n"    /* duplicate */
                     "M2;;menage;A;air_bel;100000;01/03/2022;4800\n"       /* unknown family */
                     "M3;;nettoyage;A;air_bel;-5;01/03/2022;4800\n",       /* negative amount */
                     P1 "P2;X;01/05/1990;Q;10/01/2022;0;oui;non;non;non;;non\n"   /* bad sex */
                        "P1;F;01/05/1990;Q;10/01/2022;0;oui;non;non;non;;non\n",  /* duplicate */
                     "M1;P1;04/2022;10;etti\n"
                     "M2;P1;04/2022;10;etti\n"       /* rejected contract */
                     "M9;P1;04/2022;10;etti\n"       /* unknown contract */
                     "M1;P2;04/2022;10;etti\n"       /* rejected participant */
                     "M1;P9;04/2022;10;etti\n"       /* unknown participant */
                     "M1;P1;13/2022;10;etti\n"       /* bad month */
                     "M1;P1;04/2022;0;etti\n"        /* not positive */
                     "M1;P1;04/2022;10;interim\n"    /* not a code */
                     "M1;P1;04/2022;10;\n");         /* missing */
    assert_counts(e, M_TABLE_MARCHES, 4, 1, 0, 3);
    assert_counts(e, M_TABLE_PARTICIPANTS, 3, 1, 0, 2);
    assert_counts(e, M_TABLE_HEURES, 9, 1, 0, 8);
    assert_int_equal(e->nrejects, 13);
    /* Sorted by file, then line. */
    assert_string_equal(e->rejects[0].file, "heures.csv");
    assert_int_equal(e->rejects[0].line, 3);
    assert_string_equal(e->rejects[0].why.fr, "marché « M2 » rejeté (marches.csv, ligne 4)");
    assert_string_equal(e->rejects[1].why.fr, "marché « M9 » inconnu");
    assert_string_equal(e->rejects[2].why.fr, "participant rejeté (participants.csv, ligne 3)");
    assert_string_equal(e->rejects[3].why.fr, "participant inconnu");
    assert_non_null(strstr(e->rejects[6].why.fr, "« interim » invalide ; valeur attendue parmi : embauche_directe, etti"));
    assert_string_equal(e->rejects[7].why.fr, "colonne « modalite » : valeur manquante");
    assert_string_equal(e->rejects[8].file, "marches.csv");
    assert_string_equal(e->rejects[8].why.fr, "marché « M1 » en double (déjà lu ligne 2)");
    assert_string_equal(e->rejects[11].file, "participants.csv");
    /* A participant's value is never quoted. */
    assert_string_equal(e->rejects[11].why.fr, "colonne « sexe » : valeur invalide ; valeur attendue parmi : F, H");
    assert_string_equal(e->rejects[12].why.fr, "participant en double (déjà lu ligne 2)");
}

/* ---- indicators --------------------------------------------------------------------------------- */

static const char *many_participants(int women, int men, int young)
{
    char *out = rt_strdup("");
    for (int i = 0; i < women + men; i++) {
        const char *birth = i < young ? "01/01/2000" : "01/01/1980";
        out = rt_sprintf("%sP%d;%s;%s;Q;01/01/2022;0;oui;non;non;non;;non\n", out, i, i < women ? "F" : "H", birth);
    }
    return out;
}

static const char *hours_for(int n)
{
    char *out = rt_strdup("");
    for (int i = 0; i < n; i++)
        out = rt_sprintf("%sM1;P%d;03/2022;10;etti\n", out, i);
    return out;
}

static void test_small_counts_are_secret(void **state)
{
    EvalRun *e = run(amp_model(), "31/12/2022", "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n",
                     many_participants(20, 5, 12), hours_for(25));
    assert_int_equal(e->active_participants, 25);
    assert_int_equal(e->nindicators, 4);
    assert_false(e->indicators[0].total.secret);                 /* 25 participants */
    assert_int_equal(e->indicators[0].total.count, 25);
    assert_true(e->indicators[1].total.secret);                  /* 20 women, but 5 men */
    assert_false(e->indicators[2].total.secret);                 /* 12 young, 13 not */
    assert_num(e->indicators[2].total.share, "12/25");
    const EvalIndicator *pub = &e->indicators[3];
    assert_int_equal(pub->ncells, 6);
    assert_false(pub->cells[1].secret);                          /* minima sociaux: 25 */
    assert_true(pub->cells[0].secret);                           /* deld: 0 */
    /* Too few in all: everything secret. */
    e = run(amp_model(), "31/12/2022", "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n",
            many_participants(6, 4, 0), hours_for(10));
    assert_true(e->indicators[0].total.secret);
    for (int c = 0; c < e->indicators[3].ncells; c++)
        assert_true(e->indicators[3].cells[c].secret);
}

static void test_secondary_suppression(void **state)
{
    Model *m = amp_model();
    m->indicators[3].by = "sexe";
    m->indicators[3].by_column = P_SEXE;
    EvalRun *e = run(m, "31/12/2022", "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n",
                     many_participants(20, 5, 0), hours_for(25));
    const EvalIndicator *ind = &e->indicators[3];
    assert_int_equal(ind->ncells, 2);
    assert_true(ind->cells[1].secret);           /* 5 men: primary */
    assert_true(ind->cells[0].secret);           /* 20 women: 25 − 20 would give the men away */
    assert_false(ind->total.secret);
}

/* ---- reports ---------------------------------------------------------------------------------- */

static char *render(const EvalRun *e, ReportFormat f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ReportOptions o = { .format = f, .max_rejects_text = 50 };
    report_write(e, &o, out);
    fclose(out);
    char *copy = rt_strdup(buf);
    free(buf);
    return copy;
}

static const char *const SHUFFLE_M = "B2;;travaux;Z;encagnane;60000;01/03/2022;\n"
                                     "A1;;nettoyage;=cmd|' /C calc'!A0;air_bel;100000;01/03/2022;4800\n";
static const char *const SHUFFLE_H = "A1;P1;04/2022;700;etti\nB2;P1;05/2022;10;ai\nA1;P1;05/2022;30;formation\n"
                                     "Z9;P1;05/2022;1;ai\nA1;Q;05/2022;1;ai\n";

/* ---- aggregates the report writers read --------------------------------------------------------- */

static void test_months_categories_and_statuses(void **state)
{
    Model *m = amp_model();
    m->ncategories = 2;
    m->categories = RT_NEW_ARRAY(MCategory, 2);
    m->categories[0].id = "gestion";
    m->categories[1].id = "investissement";
    EvalRun *e = run(m, "31/12/2022",
                     "N1;;nettoyage;A;aix;100000;01/02/2022;1000\n"
                     "T1;;travaux;A;aix;200000;01/03/2022;2000\n"
                     "S1;;nettoyage;A;aix;1000;01/03/2022;1000\n",
                     P1, "N1;P1;03/2022;60;ai\nN1;P1;05/2022;50,5;ai\nT1;P1;05/2022;30;ai\nT1;P1;02/2023;5;ai\n");
    /* Every month from the first to the last counted one, the empty April included;
    ** 02/2023 is after the evaluation date and counts nowhere. */
    assert_int_equal(e->nby_month, 3);
    assert_int_equal(e->by_month[0].month, month_make(2022, 3));
    assert_num(e->by_month[0].hours, "60");
    assert_int_equal(e->by_month[1].lines, 0);
    assert_num(e->by_month[1].hours, "0");
    assert_int_equal(e->by_month[2].month, month_make(2022, 5));
    assert_num(e->by_month[2].hours, "161/2");
    assert_int_equal(e->by_month[2].lines, 2);
    assert_int_equal(e->by_status[EVAL_ATTEINT], 1);
    assert_int_equal(e->by_status[EVAL_NON_ATTEINT], 1);
    assert_int_equal(e->by_status[EVAL_NON_SOUMIS], 1);
    assert_int_equal(e->all.contracts, 3);
    assert_int_equal(e->all.subject, 2);
    assert_num(e->all.target_hours, "200");
    assert_num(e->all.counted_hours, "281/2");
    assert_int_equal(e->nby_category, 2);
    assert_string_equal(e->by_category[0].key, "gestion");
    assert_int_equal(e->by_category[0].contracts, 2);
    assert_int_equal(e->by_category[0].met, 1);
    assert_num(e->by_category[0].counted_hours, "221/2");
    assert_num(e->by_category[1].target_hours, "100");
    assert_num(e->by_category[1].rate, "3/10");
}

static void test_reports_do_not_depend_on_row_order(void **state)
{
    Model *m = amp_model();
    EvalRun *a = run(m, "31/12/2022", SHUFFLE_M, P1, SHUFFLE_H);
    EvalRun *b = run(m, "31/12/2022", "A1;;nettoyage;=cmd|' /C calc'!A0;air_bel;100000;01/03/2022;4800\n"
                                      "B2;;travaux;Z;encagnane;60000;01/03/2022;\n", P1,
                     "A1;Q;05/2022;1;ai\nZ9;P1;05/2022;1;ai\nA1;P1;05/2022;30;formation\nB2;P1;05/2022;10;ai\n"
                     "A1;P1;04/2022;700;etti\n");
    for (ReportFormat f = REPORT_TEXT; f <= REPORT_CSV; f++) {
        const char *x = render(a, f), *y = render(b, f);
        /* Rejected lines keep their own line numbers: compare without them. */
        if (f != REPORT_CSV)
            continue;
        assert_string_equal(x, y);
    }
    const char *json = render(a, REPORT_JSON);
    assert_non_null(strstr(json, "\"marche\": \"A1\""));
    assert_true(strstr(json, "\"A1\"") < strstr(json, "\"B2\""));
    assert_non_null(strstr(json, "\"heures_realisees\": 730"));
    assert_non_null(strstr(json, "\"taux\": 15,"));
    assert_non_null(strstr(json, "\"heures_base\": 525,"));
    assert_non_null(strstr(json, "\"lignes\""));
}

static void test_csv_is_safe_for_spreadsheets(void **state)
{
    EvalRun *e = run(amp_model(), "31/12/2022", SHUFFLE_M, P1, SHUFFLE_H);
    const char *csv = render(e, REPORT_CSV);
    assert_memory_equal(csv, "\xEF\xBB\xBFmarche;famille;perimetre;maitre_ouvrage;statut;taux;seuil;heures_base;"
                             "heures_objectif;heures_realisees;ecart;intitule;montant_ht;articles;au\r\n", 134);
    assert_non_null(strstr(csv, "A1;nettoyage;air_bel;\"'=cmd|' /C calc'!A0\";atteint;15;40000;4800;720;730;10;;100000;"));
    assert_non_null(strstr(csv, "B2;travaux;encagnane;Z;non_atteint;8;50000;525;42;10;-32;;60000;"));
}

static void test_no_personal_value_in_any_output(void **state)
{
    Model *m = amp_model();
    m->indicators[3].by = "qpv";
    m->indicators[3].by_column = P_QPV;
    EvalRun *e = run(m, "31/12/2022", "M1;;nettoyage;A;air_bel;100000;01/03/2022;4800\n",
                     "PX7781;F;17/11/1961;QZ99777;10/01/2022;0;oui;non;non;non;;non\n"
                     "PY;F;1961-13-45;QZ99777;10/01/2022;0;oui;non;non;non;;non\n"
                     "PZ;F;17/11/1961;QZ99777;10/01/2022;0;oui;non;non;non;99;non\n",
                     "M1;PX7781;03/2022;10;etti\nM1;PQ4242;03/2022;10;etti\n");
    for (ReportFormat f = REPORT_TEXT; f <= REPORT_HTML; f++) {
        const char *out = render(e, f);
        assert_null(strstr(out, "PX7781"));
        assert_null(strstr(out, "PQ4242"));
        assert_null(strstr(out, "1961"));
        assert_null(strstr(out, "QZ99777"));
        assert_null(strstr(out, "99;"));
    }
}

/* Targets are rounded to the whole hour in native integers when they fit: the
** same figure as num_round_to's rationals, for every mode, sign, half and size
** (numerators past 2^63 take the rational path). */
static void test_round_target_as_num_round_to(void **state)
{
    static const AstRounding modes[] = { AST_ROUND_UP, AST_ROUND_DOWN, AST_ROUND_NEAREST };
    static const NumRounding num_modes[] = { NUM_ROUND_UP, NUM_ROUND_DOWN, NUM_ROUND_NEAREST };
    Model m = { .has_rounding = true };
    mpq_t x, want, one;
    mpq_inits(x, want, one, NULL);
    mpq_set_ui(one, 1, 1);
    unsigned long seed = 15;
    long checked = 0;
    for (int k = 0; k < 3; k++) {
        m.rounding = modes[k];
        for (long i = 0; i < 20000; i++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            long den = (long)(seed >> 40) % 400 + 1;
            long num = (long)(seed >> 20 & 0xFFFFF) - 0x80000;
            if (i % 7 == 0)
                num = den * (num % 50) + (den % 2 == 0 ? den / 2 : 0) * (num < 0 ? -1 : 1);    /* halves */
            mpq_set_si(x, num, (unsigned long)den);
            mpq_canonicalize(x);
            if (i % 11 == 0)
                mpz_mul_2exp(mpq_numref(x), mpq_numref(x), 70);    /* past 64 bits */
            num_round_to(want, x, one, num_modes[k]);
            eval_results_round_target(&m, x);
            assert_true(mpq_equal(x, want));
            checked++;
        }
    }
    mpq_clears(x, want, one, NULL);
    assert_int_equal(checked, 60000);
}

/* A count agrees with its noun as each language does (report_agree), and the secrecy threshold of
** 1 is said in the singular: French 0 and 1 singular, English 1 only. */
static void test_counts_agree_with_their_nouns(void **state)
{
    (void)state;
    assert_string_equal(report_agree(0, false, "marché", "marchés"), "marché");
    assert_string_equal(report_agree(1, false, "marché", "marchés"), "marché");
    assert_string_equal(report_agree(2, false, "marché", "marchés"), "marchés");
    assert_string_equal(report_agree(0, true, "contract", "contracts"), "contracts");
    assert_string_equal(report_agree(1, true, "contract", "contracts"), "contract");
    assert_string_equal(report_agree(11, true, "contract", "contracts"), "contracts");
    assert_string_equal(report_fewer_than_persons(1, false), "moins d'une personne");
    assert_string_equal(report_fewer_than_persons(1, true), "fewer than one person");
    assert_string_equal(report_fewer_than_persons(2, false), "moins de 2 personnes");
    assert_string_equal(report_fewer_than_persons(11, true), "fewer than 11 persons");
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolution_follows_the_scope_chain),
        cmocka_unit_test(test_amendments_apply_from_their_date),
        cmocka_unit_test(test_equal_rules_are_a_conflict),
        cmocka_unit_test(test_conflict_status_names_both_rules),
        cmocka_unit_test(test_indexed_resolution_is_the_full_scan),
        cmocka_unit_test(test_the_documented_example),
        cmocka_unit_test(test_estimate_threshold_and_rounding),
        cmocka_unit_test(test_training_is_capped),
        cmocka_unit_test(test_exact_sums_beyond_64_bits),
        cmocka_unit_test(test_period_and_evaluation_date),
        cmocka_unit_test(test_eligibility_at_entry),
        cmocka_unit_test(test_every_row_is_accounted_for),
        cmocka_unit_test(test_small_counts_are_secret),
        cmocka_unit_test(test_secondary_suppression),
        cmocka_unit_test(test_months_categories_and_statuses),
        cmocka_unit_test(test_reports_do_not_depend_on_row_order),
        cmocka_unit_test(test_csv_is_safe_for_spreadsheets),
        cmocka_unit_test(test_no_personal_value_in_any_output),
        cmocka_unit_test(test_round_target_as_num_round_to),
        cmocka_unit_test(test_counts_agree_with_their_nouns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
