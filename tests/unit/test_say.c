/* tests/unit/test_say.c: two-language messages: each language formatted with its own arguments, the language chosen at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gc.h"
#include "say.h"

static void test_each_language_has_its_own_arguments(void **state)
{
    (void)state;
    const char *col = "montant_ht";
    Say s = SAYF(("colonne « %s » absente (%d colonnes lues)", col, 3),
                 ("%d columns read, but not '%s'", 3, col));
    assert_string_equal(say_in(s, SAY_FR), "colonne « montant_ht » absente (3 colonnes lues)");
    assert_string_equal(say_in(s, SAY_EN), "3 columns read, but not 'montant_ht'");
    assert_string_equal(say_english(s, true), say_in(s, SAY_EN));
    assert_string_equal(say_english(s, false), say_in(s, SAY_FR));
}

static void test_a_text_without_english_is_shown_in_french(void **state)
{
    (void)state;
    Say s = say("illisible : Permission non accordée", NULL);
    assert_string_equal(say_in(s, SAY_EN), "illisible : Permission non accordée");
    Say t = { "seulement en français", NULL };
    assert_string_equal(say_in(t, SAY_EN), "seulement en français");
}

static void test_no_message_is_not_a_message(void **state)
{
    (void)state;
    assert_false(say_is_set(SAY_NONE));
    assert_null(say_in(SAY_NONE, SAY_FR));
    assert_true(say_is_set(say("", "")));
    /* A percent sign in an already formatted text stays as it is. */
    assert_string_equal(say_in(say("12 %", "12 %"), SAY_EN), "12 %");
}

/* One quoting per language in every layer: the checker, the data layer and
** the command line all quote through these two. */
static void test_each_language_quotes_its_own_way(void **state)
{
    (void)state;
    assert_string_equal(say_q_en("pdf"), "“pdf”");
    assert_string_equal(say_q_fr("pdf"), "« pdf »");
    assert_string_equal(say_q_en("« Nom »"), "“« Nom »”");
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_language_has_its_own_arguments),
        cmocka_unit_test(test_a_text_without_english_is_shown_in_french),
        cmocka_unit_test(test_no_message_is_not_a_message),
        cmocka_unit_test(test_each_language_quotes_its_own_way),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
