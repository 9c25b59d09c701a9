/* tests/unit/test_vocab.c: the vocabulary table against the scanner: every keyword token has an entry, every spelling of the table scans to its token, and the scanner accepts no near spelling the table does not know. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gc.h"
#include "parse.h"
#include "parser.h"
#include "utf8.h"
#include "vocab.h"

#include <ctype.h>
#include <string.h>

enum { MAX_SPELLINGS = 16 };

/* The token that the whole of text scans to, or -1 when the first token
** stops short of the end (a word followed by more). A line break follows the
** text, as in a charter: units are recognised only before a non-letter. */
static int scan_whole(const char *text, LexUnit *unit)
{
    char *line = rt_sprintf("%s\n", text);
    size_t end;
    int tok = parse_first_token(line, strlen(line), &end, unit);
    return end == strlen(text) ? tok : -1;
}

static void test_every_keyword_token_has_its_entry(void **state)
{
    (void)state;
    int keywords = 0;
    for (int i = 0; i < VOCAB_COUNT; i++)
        keywords += vocab_get((VocabId)i)->kind == VOCAB_KIND_KEYWORD;
    assert_int_equal(keywords, TOK_ATTENDU - TOK_CHARTE + 1);
    for (int tok = TOK_CHARTE; tok <= TOK_ATTENDU; tok++) {
        const VocabWord *w = vocab_by_token(tok);
        if (!w)
            fail_msg("token %d has no entry in lang/vocab.def", tok);
        assert_int_equal(w->token, tok);
        assert_int_equal(w->kind, VOCAB_KIND_KEYWORD);
    }
    assert_null(vocab_by_token(TOK_IDENT));
    assert_null(vocab_by_token(TOK_NUMBER));
    assert_null(vocab_by_token(TOK_PIPE));
}

static void test_entries_are_complete_and_named_once(void **state)
{
    (void)state;
    for (int i = 0; i < VOCAB_COUNT; i++) {
        const VocabWord *w = vocab_get((VocabId)i);
        assert_int_equal(w->id, i);
        assert_true(w->fr[0] && w->en[0] && w->name[0]);
        assert_true(utf8_invalid_at(w->fr, strlen(w->fr)) == strlen(w->fr));
        assert_true(utf8_invalid_at(w->en, strlen(w->en)) == strlen(w->en));
        assert_true((w->kind == VOCAB_KIND_UNIT) == (w->unit != LEX_UNIT_NONE));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(vocab_get((VocabId)j)->name, w->name);
    }
    assert_null(vocab_get(VOCAB_COUNT));
}

/* Two words of different tokens must not share a spelling: the scanner
** could only ever return one of them. */
static void test_no_spelling_names_two_tokens(void **state)
{
    (void)state;
    for (int i = 0; i < VOCAB_COUNT; i++) {
        const VocabWord *w = vocab_get((VocabId)i);
        if (w->kind == VOCAB_KIND_UNIT)
            continue;
        const char *mine[MAX_SPELLINGS];
        int n = vocab_spellings(w->id, mine, MAX_SPELLINGS);
        assert_true(n >= 1 && n <= MAX_SPELLINGS);
        for (int k = 0; k < n; k++) {
            const VocabWord *found = vocab_find(mine[k], strlen(mine[k]));
            assert_non_null(found);
            if (found->token != w->token)
                fail_msg("« %s » is a spelling of both %s and %s", mine[k], w->name, found->name);
        }
    }
}

static char *upper_ascii(const char *s)
{
    char *u = rt_strdup(s);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

/* "en vigueur du" becomes "en \t vigueur  \t du": phrases take any blanks. */
static char *wide_blanks(const char *s)
{
    char *out = rt_strdup("");
    for (const char *p = s; *p; p++)
        out = *p == ' ' ? rt_sprintf("%s \t ", out) : rt_sprintf("%s%c", out, *p);
    return out;
}

static void expect_keyword(const VocabWord *w, const char *text)
{
    LexUnit unit;
    int tok = scan_whole(text, &unit);
    if (tok != w->token)
        fail_msg("« %s » scans to token %d, not %s (%d)", text, tok, w->name, w->token);
}

static void expect_unit(const VocabWord *w, const char *spelling)
{
    const char *text = rt_sprintf("12 %s", spelling);
    LexUnit unit;
    int tok = scan_whole(text, &unit);
    if (tok != TOK_NUMBER || unit != w->unit)
        fail_msg("« %s » scans to token %d unit %d, not a number in %s", text, tok, (int)unit, w->name);
}

static void test_every_spelling_scans_to_its_token(void **state)
{
    (void)state;
    int checked = 0;
    for (int i = 0; i < VOCAB_COUNT; i++) {
        const VocabWord *w = vocab_get((VocabId)i);
        const char *all[MAX_SPELLINGS];
        int n = vocab_spellings(w->id, all, MAX_SPELLINGS);
        for (int k = 0; k < n; k++) {
            const char *s = all[k];
            if (w->kind == VOCAB_KIND_UNIT) {
                expect_unit(w, s);
                expect_unit(w, upper_ascii(s));
            } else {
                expect_keyword(w, s);
                expect_keyword(w, upper_ascii(s));
                expect_keyword(w, vocab_fold(s, strlen(s)));
                expect_keyword(w, wide_blanks(s));
            }
            checked++;
        }
    }
    assert_true(checked > 2 * VOCAB_COUNT);
}

/* The texts one edit away from s at its end: a letter added or dropped. */
static int near_spellings(const char *s, char **out)
{
    static const char *const suffixes[] = { "s", "e", "x", "ée", "es", "r" };
    int n = 0;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        out[n++] = rt_sprintf("%s%s", s, suffixes[i]);
    size_t len = strlen(s), cut = len;
    while (cut > 0 && ((unsigned char)s[cut - 1] & 0xC0) == 0x80)
        cut--;
    if (cut > 1)
        out[n++] = rt_strndup(s, cut - 1);
    return n;
}

/* The scanner's patterns are regular expressions beside the table: if one
** accepts a spelling the table does not list (a plural, a feminine), the
** formatter, the completion and the error messages would not know it. */
static void test_the_scanner_accepts_no_other_spelling(void **state)
{
    (void)state;
    int tried = 0, keywords = 0;
    for (int i = 0; i < VOCAB_COUNT; i++) {
        const VocabWord *w = vocab_get((VocabId)i);
        if (w->kind == VOCAB_KIND_UNIT)
            continue;
        const char *all[MAX_SPELLINGS];
        int n = vocab_spellings(w->id, all, MAX_SPELLINGS);
        for (int k = 0; k < n; k++) {
            char *near[8];
            int m = near_spellings(all[k], near);
            for (int j = 0; j < m; j++, tried++) {
                LexUnit unit;
                int tok = scan_whole(near[j], &unit);
                if (tok < 0 || !vocab_by_token(tok))
                    continue;
                keywords++;
                const VocabWord *known = vocab_find(near[j], strlen(near[j]));
                if (!known || known->token != tok)
                    fail_msg("the scanner reads « %s » as %s, but lang/vocab.def has no such spelling",
                             near[j], vocab_by_token(tok)->name);
            }
        }
    }
    /* objectif + s, participant + e, connu + e…: the check is not vacuous. */
    assert_true(keywords >= 3);
    assert_true(tried > keywords * 10);
}

static void test_lookups_for_tools(void **state)
{
    (void)state;
    const VocabWord *seuil = vocab_by_token(TOK_SEUIL);
    assert_int_equal(seuil->id, VOCAB_SEUIL);
    assert_string_equal(seuil->fr, "seuil");
    assert_string_equal(seuil->en, "threshold");
    assert_string_equal(vocab_in(VOCAB_PART_MO, false), "part de main-d'œuvre");
    assert_string_equal(vocab_in(VOCAB_AU_DATE, true), "as of");
    assert_string_equal(vocab_in(VOCAB_AU, true), "to");
    assert_int_equal(vocab_find("Perimetre", 9)->id, VOCAB_PERIMETRE);
    assert_int_equal(vocab_find("ou", 2)->id, VOCAB_OU);
    assert_int_equal(vocab_find("où", strlen("où"))->id, VOCAB_OU_FILTRE);
    assert_int_equal(vocab_find("au", 2)->id, VOCAB_AU);
    assert_int_equal(vocab_find("as  of", 6)->id, VOCAB_AU_DATE);
    assert_int_equal(vocab_find("heures", 6)->id, VOCAB_HEURES);
    assert_int_equal(vocab_find("mois", 4)->id, VOCAB_UNIT_MONTH);
    assert_null(vocab_find("seuils", 6));
    assert_null(vocab_find("", 0));
    const char *typed = " Part de \t Main-d\xE2\x80\x99\xC5\x92uvre ";
    assert_string_equal(vocab_fold(typed, strlen(typed)), "part de main-d'oeuvre");
    const char *all[MAX_SPELLINGS];
    int n = vocab_spellings(VOCAB_RENSEIGNE, all, MAX_SPELLINGS);
    assert_int_equal(n, 5);
    assert_string_equal(all[0], "renseigné");
    assert_string_equal(all[1], "known");
    assert_string_equal(all[4], "connue");
    assert_int_equal(vocab_spellings(VOCAB_ARTICLE, all, MAX_SPELLINGS), 1);
}

/* vocab_guess: the keyword meant, the misspelt word's place, and no guess for a
** right spelling, a word too far, or a one-letter word replaced whole. */
static void test_guesses_of_misspelt_keywords(void **state)
{
    (void)state;
    const int items[] = { TOK_ARTICLE, TOK_AVENANT, TOK_EXEMPLE }, clause[] = { TOK_EN_VIGUEUR_DU };
    const int family[] = { TOK_FAMILLE };
    VocabGuess g;
    const char *line = "artcle 3 « Objectifs »\n";
    assert_true(vocab_guess(line, strlen(line), items, 3, false, false, &g));
    assert_int_equal(g.word->token, TOK_ARTICLE);
    assert_int_equal(g.at, 0);
    assert_int_equal(g.len, 6);
    assert_string_equal(g.fix, "article");
    line = "  en VIGEUR du 01/01/2022";
    assert_true(vocab_guess(line + 2, strlen(line) - 2, clause, 1, true, false, &g));
    assert_int_equal(g.at, 3);
    assert_int_equal(g.len, 6);
    assert_string_equal(g.fix, "vigueur");
    line = "familly cleaning : gestion";
    assert_true(vocab_guess(line, strlen(line), family, 1, false, true, &g));
    assert_string_equal(g.fix, "family");
    assert_true(vocab_guess(line, strlen(line), family, 1, false, false, &g));
    assert_string_equal(g.fix, "famille");
    line = "article 3";
    assert_false(vocab_guess(line, strlen(line), items, 3, false, false, &g));
    line = "articulation 3";
    assert_false(vocab_guess(line, strlen(line), items, 3, false, false, &g));
    line = "en vigueur du";
    assert_false(vocab_guess(line, strlen(line), clause, 1, true, false, &g));
    line = "artcle";
    assert_false(vocab_guess(line, strlen(line), items, 3, true, false, &g));
    /* far from both spellings: no guess, whichever language is preferred */
    line = "xyzzy cleaning";
    assert_false(vocab_guess(line, strlen(line), family, 1, false, true, &g));
    assert_false(vocab_guess(line, strlen(line), family, 1, false, false, &g));
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_keyword_token_has_its_entry),
        cmocka_unit_test(test_entries_are_complete_and_named_once),
        cmocka_unit_test(test_no_spelling_names_two_tokens),
        cmocka_unit_test(test_every_spelling_scans_to_its_token),
        cmocka_unit_test(test_the_scanner_accepts_no_other_spelling),
        cmocka_unit_test(test_lookups_for_tools),
        cmocka_unit_test(test_guesses_of_misspelt_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
