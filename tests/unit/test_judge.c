/* tests/unit/test_judge.c: the conditions' program (eval_judge.c) against the tree on real inputs: the repository's charters, every participants table of its examples and eval goldens, and cells typed the slow way. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>

#include "check.h"
#include "data.h"
#include "eval_impl.h"
#include "temp_dir.h"

static Model *checked(const char *path)
{
    Source *src;
    assert_int_equal(source_read_file(path, path, &src), SOURCE_OK);
    DiagList *dl = diag_list_new();
    CheckOptions opts = { 0 };
    Model *m = check_program(src, dl, &opts);
    if (!m || dl->errors)
        fail_msg("%s does not check", path);
    return m;
}

typedef struct {
    long rows, scaled;
} Tally;

static bool same(const EvalVerdict *a, const EvalVerdict *b, const Model *m)
{
    return a->eligible == b->eligible && memcmp(a->publics, b->publics, (size_t)m->npublics) == 0
        && memcmp(a->where, b->where, (size_t)m->nindicators) == 0;
}

static EvalVerdict verdict(const Model *m)
{
    return (EvalVerdict){ .publics = rt_alloc_atomic((size_t)m->npublics + 1),
                          .where = rt_alloc_atomic((size_t)m->nindicators + 1) };
}

/* Every valid row of dir's participants table, judged by the program (with
** and without what typing learnt of its cells) and by the tree. A table that
** m's schema cannot open (a column it requires is missing) is skipped. */
static void judge_table(const Model *m, const char *dir, Tally *tally)
{
    EvalRun *e = eval_new(m, 20000, false);
    const EvalState *st = e->state;
    DataError err = { 0 };
    DataTable *t = data_open(m, M_TABLE_PARTICIPANTS, dir, &err);
    if (!t)
        return;
    EvalVerdict tree = verdict(m), program = verdict(m), bare = verdict(m);
    DataRow row;
    DataStatus status;
    while ((status = data_next(t, &row, &err)) != DATA_END) {
        assert_int_not_equal(status, DATA_FAILED);
        if (status != DATA_ROW_OK)
            continue;
        EvalSubject s = eval_participants_subject(e, row.values);
        eval_judge_by_tree(st, m, &s, &tree);
        s = eval_participants_subject(e, row.values);
        s.info = row.info;
        eval_judge_participant(st->judge, &s, &program);
        s = eval_participants_subject(e, row.values);
        eval_judge_participant(st->judge, &s, &bare);
        if (!same(&program, &tree, m) || !same(&bare, &tree, m))
            fail_msg("%s, line %ld: the program and the tree disagree", dir, row.line);
        for (int c = 0; c < data_schema(t)->ncolumns; c++)
            tally->scaled += row.info[c].scaled;
        tally->rows++;
    }
    data_close(t);
}

static void judge_everywhere(const Model *m, const char *extra_dir, Tally *tally)
{
    static const char *const patterns[] = { "examples/*/donnees*/participants.*", "tests/eval/*/participants.*",
                                            "tests/eval/*/*/participants.*" };
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
        glob_t g;
        if (glob(patterns[p], 0, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            char *slash = strrchr(g.gl_pathv[i], '/');
            judge_table(m, rt_strndup(g.gl_pathv[i], (size_t)(slash - g.gl_pathv[i])), tally);
        }
        globfree(&g);
    }
    if (extra_dir)
        judge_table(m, extra_dir, tally);
}

/* Cells the fast typing leaves to the general one (spaces, a decimal comma, a
** number past 64 bits, a code in another case, a date with a time), defaults,
** missing values and ages on both sides of 26 and 50 years. */
static const char *const ODD_PARTICIPANTS =
    "participant,sexe,date_naissance,qpv,date_entree,mois_inscription,rsa,ass,aah,rqth,niveau,pass_iae,inscription\n"
    "R1,F,1998-06-02,QN01305M,2024-06-01, 12 ,Oui,non,non,non,3,non,2024-05\n"
    "R2,h,1998-06-01,,2024-06-01,12,0,1,,,,,\n"
    "R3,F,01/06/1974,QN01305M,01/06/2024 00:00,\"1 000\",vrai,faux,non,non,2,non,06/2024\n"
    "R4,H,1974-06-02,QN01305M,2024-06-01,99999999999999999999,non,non,non,oui,8,oui,2024-07\n"
    "R5,F,2000-02-29,QN01305M,2026-02-28,,non,non,non,non,,non,\n"
    "R6,F,2000-02-29,QN01305M,2026-03-01,11,,,,,1,,\n"
    "R7,H,1990-01-01,QN01305M,2024-05-31,0,true,false,no,yes,4,no,2024-01\n"
    "R8,F,1999-12-31,,2025-12-31,1,non,non,oui,non,3,non,2023-12\n";

static void test_charters_on_every_table(void **state)
{
    const char *dir = path_in(state, "");
    write_text(state, "participants.csv", ODD_PARTICIPANTS);
    static const char *const charters[] = { "examples/amp/amp.charte", "examples/belvance/belvance.charte",
                                            "tests/eval/conditions/charte.charte",
                                            "tests/eval/publics-locaux/charte.charte",
                                            "tests/eval/publics-restreints/charte.charte" };
    Tally all = { 0 };
    int handed_back = 0;
    for (size_t i = 0; i < sizeof charters / sizeof *charters; i++) {
        Model *m = checked(charters[i]);
        Tally tally = { 0 };
        judge_everywhere(m, dir, &tally);
        EvalRun *e = eval_new(m, 20000, false);
        assert_false(eval_judge_refused(e->state->judge));
        handed_back += eval_judge_handed_back(e->state->judge);
        /* every charter judges the odd rows and more */
        assert_true(tally.rows > 8);
        all.rows += tally.rows;
        all.scaled += tally.scaled;
    }
    /* the conditions' golden has arithmetic and date shifts, which the tree judges */
    assert_true(handed_back >= 10);
    assert_true(all.rows > 1000 && all.scaled > all.rows);
}

/* The conditions' golden charter with every comparison the program reads as
** a range of whole numbers or a text, each operator on both sides (a constant
** on the left is mirrored), at the edges the odd rows sit on: 26 and 50 years
** (birthdays the day before and the day of entry, 29 February in a year
** without one), niveau 3, sexe F, a QPV code or none (a text is compared by
** = and ≠ only: C0302). None of them is handed back to the tree; past 32
** leaves, they are judged without the memo. */
static const char *const EDGE_INDICATORS =
    "  secret statistique : 1\n"
    "  indicateur age_egal « âge égal » : nombre de participants où âge = 26 ans\n"
    "  indicateur age_autre « âge autre » : nombre de participants où âge ≠ 50 ans\n"
    "  indicateur age_miroir « âge miroir » : nombre de participants où 26 ans > âge\n"
    "  indicateur age_miroir_large « âge miroir large » : nombre de participants où 50 ans <= âge\n"
    "  indicateur age_connu « âge connu » : nombre de participants où âge renseigné\n"
    "  indicateur niveau_egal « niveau égal » : nombre de participants où niveau = 3\n"
    "  indicateur niveau_autre « niveau autre » : nombre de participants où niveau ≠ 3\n"
    "  indicateur niveau_miroir « niveau miroir » : nombre de participants où 3 < niveau\n"
    "  indicateur inscrit_miroir « inscrit miroir » : nombre de participants où 12 >= mois_inscription\n"
    "  indicateur femme_miroir « femme miroir » : nombre de participants où F = sexe\n"
    "  indicateur homme_miroir « homme miroir » : nombre de participants où F ≠ sexe\n"
    "  indicateur qpv_egal « QPV égal » : nombre de participants où qpv = « QN01305M »\n"
    "  indicateur qpv_autre_miroir « QPV autre miroir » : nombre de participants où « QN01305M » ≠ qpv\n";

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *text = rt_alloc_atomic(1 << 16);
    size_t n = fread(text, 1, (1 << 16) - 1, fp);
    fclose(fp);
    text[n] = '\0';
    return text;
}

/* Every valid row of dir's participants by e's judge, with what typing
** learnt, against the tree; the memo's combinations afterwards. */
static size_t judge_odd_rows(const Model *m, const char *dir, EvalRun *e)
{
    EvalVerdict tree = verdict(m), program = verdict(m);
    DataError err = { 0 };
    DataTable *t = data_open(m, M_TABLE_PARTICIPANTS, dir, &err);
    assert_non_null(t);
    DataRow row;
    DataStatus status;
    long rows = 0;
    while ((status = data_next(t, &row, &err)) != DATA_END) {
        assert_int_not_equal(status, DATA_FAILED);
        if (status != DATA_ROW_OK)
            continue;
        EvalSubject s = eval_participants_subject(e, row.values);
        eval_judge_by_tree(e->state, m, &s, &tree);
        s = eval_participants_subject(e, row.values);
        s.info = row.info;
        eval_judge_participant(e->state->judge, &s, &program);
        if (!same(&program, &tree, m))
            fail_msg("line %ld: the program and the tree disagree", row.line);
        rows++;
    }
    data_close(t);
    assert_int_equal(rows, 8);
    return eval_judge_combinations(e->state->judge);
}

static void test_every_comparison_at_its_edges(void **state)
{
    const char *dir = path_in(state, "");
    write_text(state, "participants.csv", ODD_PARTICIPANTS);
    const char *golden = slurp("tests/eval/conditions/charte.charte");
    const char *at = strstr(golden, "  secret statistique : 1\n");
    assert_non_null(at);
    size_t head = (size_t)(at - golden);
    const char *path = write_text(state, "bords.charte",
                                  rt_sprintf("%.*s%s%s", (int)head, golden, EDGE_INDICATORS,
                                             at + strlen("  secret statistique : 1\n")));
    Model *edges = checked(path), *plain = checked("tests/eval/conditions/charte.charte");
    EvalRun *e = eval_new(edges, 20000, false), *p = eval_new(plain, 20000, false);
    assert_int_equal(edges->nindicators, plain->nindicators + 13);
    assert_int_equal(eval_judge_handed_back(e->state->judge), eval_judge_handed_back(p->state->judge));
    Tally tally = { 0 };
    judge_everywhere(edges, dir, &tally);
    assert_true(tally.rows > 8);
    /* past 32 leaves, no memo: every participant goes through the connectives */
    assert_true(judge_odd_rows(edges, dir, e) == 0);
}

/* The memo: amp's charter (13 leaves) over the odd rows twice, by one judge;
** the first pass misses at each new combination, the second only hits. */
static void test_memo_hits_and_misses(void **state)
{
    const char *dir = path_in(state, "");
    write_text(state, "participants.csv", ODD_PARTICIPANTS);
    Model *m = checked("examples/amp/amp.charte");
    EvalRun *e = eval_new(m, 20000, false);
    size_t first = judge_odd_rows(m, dir, e);
    assert_true(first > 1 && first <= 8);
    assert_int_equal(judge_odd_rows(m, dir, e), first);
}

/* A comparison with a public (`deld = vrai`) is handed back to the tree,
** which reads the run's memo of publics: eval_participants_add must clear it
** for each participant, else the first participant's deld answers for all.
** The participants judged by eval_participants_add, against the tree run
** apart on a second reading of the same rows. */
static void test_participants_add_clears_the_tree_memo(void **state)
{
    const char *dir = path_in(state, "");
    write_text(state, "participants.csv", ODD_PARTICIPANTS);
    const char *golden = slurp("tests/eval/conditions/charte.charte");
    const char *at = strstr(golden, "  secret statistique : 1\n");
    assert_non_null(at);
    const char *path = write_text(state, "publics.charte",
                                  rt_sprintf("%.*s%s%s", (int)(at - golden), golden,
                                             "  secret statistique : 1\n"
                                             "  indicateur deld_vrai « deld vrai » : nombre de participants où deld = vrai\n",
                                             at + strlen("  secret statistique : 1\n")));
    Model *m = checked(path);
    EvalRun *added = eval_new(m, 20000, false), *apart = eval_new(m, 20000, false);
    assert_true(eval_judge_reads_tree(added->state->judge));
    EvalVerdict tree = verdict(m);
    DataError err = { 0 };
    DataTable *t = data_open(m, M_TABLE_PARTICIPANTS, dir, &err);
    assert_non_null(t);
    DataRow row;
    while (data_next(t, &row, &err) == DATA_ROW_OK)
        eval_participants_add(added, &row);
    data_close(t);
    assert_int_equal(added->nparticipants, 8);
    t = data_open(m, M_TABLE_PARTICIPANTS, dir, &err);
    int deld_true = 0, ind = 0;
    while (ind < m->nindicators && strcmp(m->indicators[ind].id, "deld_vrai") != 0)
        ind++;
    assert_true(ind < m->nindicators);
    for (int k = 0; data_next(t, &row, &err) == DATA_ROW_OK; k++) {
        EvalSubject s = eval_participants_subject(apart, row.values);
        eval_judge_by_tree(apart->state, m, &s, &tree);
        const EvalParticipant *p = added->participants[k];
        if (p->eligible != tree.eligible || memcmp(p->publics, tree.publics, (size_t)m->npublics) != 0
            || memcmp(p->where, tree.where, (size_t)m->nindicators) != 0)
            fail_msg("line %ld: eval_participants_add and the tree disagree", row.line);
        deld_true += tree.where[ind];
    }
    data_close(t);
    /* the odd rows have deld true and false both */
    assert_true(deld_true > 0 && deld_true < 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_charters_on_every_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_comparison_at_its_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memo_hits_and_misses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_participants_add_clears_the_tree_memo, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
