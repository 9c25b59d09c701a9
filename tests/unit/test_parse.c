/* tests/unit/test_parse.c: the scanner and the grammar on small texts: literals with units, keywords in both languages, tables, line continuation, recovery. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gc.h"
#include "parse.h"

#include <string.h>

static AstCharter *parse_text(const char *text, DiagList **dl_out)
{
    DiagList *dl = diag_list_new();
    Source *src = source_from_memory("t.charte", text, strlen(text));
    AstCharter *c = parse_charter(src, dl);
    *dl_out = dl;
    return c;
}

static AstCharter *parse_clean(const char *text)
{
    DiagList *dl;
    AstCharter *c = parse_text(text, &dl);
    if (dl->errors) {
        diag_print_text(dl, SAY_FR, stderr);
        fail_msg("unexpected errors");
    }
    return c;
}

static AstDecl *decl_at(AstCharter *c, int item, int decl)
{
    AstItem *it = AST_AT(c->items, AstItem, item);
    assert_true(decl < it->decls.len);
    return AST_AT(it->decls, AstDecl, decl);
}

static void test_numbers_carry_their_units(void **state)
{
    (void)state;
    AstCharter *c = parse_clean("charte « t »\n"
                                "article 1 « a »\n"
                                "  constante a : 40 000 €\n"
                                "  constante b : 12,5 %\n"
                                "  constante c : 25 €/h\n"
                                "  constante d : 1\xC2\xA0" "200 h\n"
                                "  constante e : 24 mois\n"
                                "  constante f : 2 ans\n"
                                "  constante g : 35 heures\n"
                                "  constante h : 3\xE2\x80\xAF" "000\n");
    static const struct { const char *text; LexUnit unit; } want[] = {
        { "40 000", LEX_UNIT_EUR }, { "12,5", LEX_UNIT_PERCENT }, { "25", LEX_UNIT_EUR_PER_HOUR },
        { "1\xC2\xA0" "200", LEX_UNIT_HOUR }, { "24", LEX_UNIT_MONTH }, { "2", LEX_UNIT_YEAR },
        { "35", LEX_UNIT_HOUR }, { "3\xE2\x80\xAF" "000", LEX_UNIT_NONE },
    };
    for (int i = 0; i < 8; i++) {
        AstExpr *e = decl_at(c, 0, i)->expr;
        assert_int_equal(e->kind, AST_E_NUMBER);
        assert_string_equal(e->u.num.text, want[i].text);
        assert_int_equal(e->u.num.unit, want[i].unit);
    }
}

static void test_keywords_in_both_languages(void **state)
{
    (void)state;
    AstCharter *fr = parse_clean("charte « t »\narticle 1 « a »\n"
                                 "  périmètre amp : intercommunal « Métropole » dans national\n");
    AstCharter *en = parse_clean("charter « t »\narticle 1 « a »\n"
                                 "  scope amp : intermunicipal « Métropole » in national\n");
    AstCharter *plain = parse_clean("Charte « t »\nArticle 1 « a »\n"
                                    "  perimetre amp : intercommunal « Métropole » dans national\n");
    AstCharter *all[] = { fr, en, plain };
    for (int i = 0; i < 3; i++) {
        AstDecl *d = decl_at(all[i], 0, 0);
        assert_int_equal(d->kind, AST_D_SCOPE);
        assert_string_equal(d->name, "amp");
        assert_int_equal(d->level, AST_LEVEL_INTERCOMMUNAL);
        assert_string_equal(d->extra->parent, "national");
    }
    assert_true(en->english);
    assert_false(fr->english);
}

static void test_names_are_normalised(void **state)
{
    (void)state;
    /* é written as e + U+0301, and the typographic apostrophe, give the same names */
    AstCharter *c = parse_clean("charte « t »\narticle 1 « a »\n"
                                "  constante e\xCC\x81tat : 1\n"
                                "  constante aujourd\xE2\x80\x99hui : 2\n");
    assert_string_equal(decl_at(c, 0, 0)->name, "\xC3\xA9tat");
    assert_string_equal(decl_at(c, 0, 1)->name, "aujourd'hui");
}

static void test_tables_end_at_a_blank_line(void **state)
{
    (void)state;
    AstCharter *c = parse_clean("charte « t »\narticle 1 « a »\n"
                                "  | famille | part des heures | seuil |\n"
                                "  |---------|-----------------|-------|\n"
                                "  | a       | 10 %            |       |\n"
                                "  -- a comment does not end the table\n"
                                "  | b       | 5 %             | 1 €   |\n"
                                "\n"
                                "  | périmètre | famille | seuil |\n"
                                "  | x         | a       | 2 €   |\n");
    AstDecl *t1 = decl_at(c, 0, 0), *t2 = decl_at(c, 0, 1);
    assert_int_equal(t1->kind, AST_D_TABLE);
    assert_int_equal(t1->extra->headers.len, 3);
    assert_int_equal(AST_AT(t1->extra->headers, AstHeader, 1)->key, AST_KEY_PART_DES_HEURES);
    assert_int_equal(t1->extra->rows.len, 2);
    AstRow *r = AST_AT(t1->extra->rows, AstRow, 0);
    assert_int_equal(r->cells.len, 3);
    assert_null(AST_AT(r->cells, AstExpr, 2));       /* an empty cell */
    assert_int_equal(t2->kind, AST_D_TABLE);
    assert_int_equal(AST_AT(t2->extra->headers, AstHeader, 0)->key, AST_KEY_PERIMETRE);
    assert_int_equal(t2->extra->rows.len, 1);
    assert_int_equal(c->comments.len, 1);
}

static void test_lines_continue_after_a_comma_or_operator(void **state)
{
    (void)state;
    AstCharter *c = parse_clean("charte « t »\narticle 1 « a »\n"
                                "  famille f : gestion,\n"
                                "      part de main-d'œuvre 80 %,\n"
                                "      coût horaire 25 €/h\n"
                                "  public p : a et\n"
                                "      (b ou\n"
                                "       c)\n");
    AstDecl *f = decl_at(c, 0, 0);
    assert_int_equal(f->kind, AST_D_FAMILY);
    assert_int_equal(f->fields.len, 2);
    assert_int_equal(AST_AT(f->fields, AstField, 0)->key, AST_KEY_PART_MO);
    AstDecl *p = decl_at(c, 0, 1);
    assert_int_equal(p->expr->kind, AST_E_BINARY);
    assert_int_equal(p->expr->u.op.op, AST_OP_AND);
}

static void test_precedence(void **state)
{
    (void)state;
    AstCharter *c = parse_clean("charte « t »\narticle 1 « a »\n"
                                "  public p : non a ou b et c < 1 + 2 × 3\n"
                                "  public q : x renseigné et y\n");
    AstExpr *e = decl_at(c, 0, 0)->expr;            /* (non a) ou (b et (c < (1 + (2 × 3)))) */
    assert_int_equal(e->u.op.op, AST_OP_OR);
    assert_int_equal(e->u.op.lhs->u.op.op, AST_OP_NOT);
    AstExpr *and = e->u.op.rhs;
    assert_int_equal(and->u.op.op, AST_OP_AND);
    AstExpr *lt = and->u.op.rhs;
    assert_int_equal(lt->u.op.op, AST_OP_LT);
    assert_int_equal(lt->u.op.rhs->u.op.op, AST_OP_ADD);
    assert_int_equal(lt->u.op.rhs->u.op.rhs->u.op.op, AST_OP_MUL);
    AstExpr *q = decl_at(c, 0, 1)->expr;
    assert_int_equal(q->u.op.op, AST_OP_AND);
    assert_int_equal(q->u.op.lhs->kind, AST_E_KNOWN);
}

static void test_examples_and_as_of(void **state)
{
    (void)state;
    AstCharter *c = parse_clean("charte « t »\n"
                                "exemple « e »\n"
                                "  au 31/12/2022\n"
                                "  marché M1 : famille nettoyage, montant_ht 100 000 €\n"
                                "  participant P1 : sexe F, rsa, ass non\n"
                                "  heures : marche M1, participant P1, mois 04/2022, heures 720 h\n"
                                "  attendu M1 : atteint, objectif 720 h\n");
    AstItem *it = AST_AT(c->items, AstItem, 0);
    assert_int_equal(it->kind, AST_ITEM_EXAMPLE);
    assert_non_null(it->as_of);
    assert_string_equal(it->as_of->u.text, "31/12/2022");
    assert_int_equal(it->lines.len, 4);
    AstExampleLine *p = AST_AT(it->lines, AstExampleLine, 1);
    assert_int_equal(p->kind, AST_X_PARTICIPANT);
    assert_null(AST_AT(p->fields, AstField, 1)->value);              /* rsa: a bare flag */
    AstExpr *no = AST_AT(p->fields, AstField, 2)->value;              /* ass non */
    assert_int_equal(no->kind, AST_E_BOOL);
    assert_false(no->u.boolean);
    AstExampleLine *h = AST_AT(it->lines, AstExampleLine, 2);
    assert_string_equal(AST_AT(h->fields, AstField, 2)->value->u.text, "04/2022");
}

static void test_every_bad_line_is_reported(void **state)
{
    (void)state;
    DiagList *dl;
    parse_text("charte « t »\narticle 1 « a »\n"
               "  ceci n'est pas une déclaration\n"
               "  constante ok : 1\n"
               "  encore du bruit\n"
               "  constante ok2 : 2\n", &dl);
    assert_int_equal(dl->errors, 2);
    assert_string_equal(dl->items[0]->code, "C0101");
    assert_string_equal(dl->items[1]->code, "C0101");
}

static void test_limits(void **state)
{
    (void)state;
    DiagList *dl;
    /* a sum of 500 terms is deeper than the expression limit */
    char *text = rt_alloc_atomic(8000);
    strcpy(text, "charte « t »\narticle 1 « a »\n  constante x : 1");
    for (int i = 0; i < 500; i++)
        strcat(text, " + 1");
    strcat(text, "\n");
    parse_text(text, &dl);
    assert_int_equal(dl->errors, 1);
    assert_string_equal(dl->items[0]->code, "C0703");
    /* a NUL byte: one message, nothing else read */
    DiagList *dl2 = diag_list_new();
    Source *src = source_from_memory("n.charte", "charte « t »\n\0\0\0", 16);
    parse_charter(src, dl2);
    assert_int_equal(dl2->errors, 1);
    assert_string_equal(dl2->items[0]->code, "C0002");
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_carry_their_units),
        cmocka_unit_test(test_keywords_in_both_languages),
        cmocka_unit_test(test_names_are_normalised),
        cmocka_unit_test(test_tables_end_at_a_blank_line),
        cmocka_unit_test(test_lines_continue_after_a_comma_or_operator),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_examples_and_as_of),
        cmocka_unit_test(test_every_bad_line_is_reported),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
