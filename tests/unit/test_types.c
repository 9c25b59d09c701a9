/* tests/unit/test_types.c: unit tests of the unit algebra and type names (lang/types.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gc.h"
#include "types.h"

#include <string.h>

static const char *const sexe_choices[] = { "F", "H" };

static void test_products_with_rates(void **state)
{
    (void)state;
    /* € × % = €, h × % = h: a rate disappears against a dimension. */
    assert_true(types_equal(types_mul(types_amount(), types_percent()), types_amount()));
    assert_true(types_equal(types_mul(types_percent(), types_amount()), types_amount()));
    assert_true(types_equal(types_mul(types_hours(), types_percent()), types_hours()));
    /* A rate of a rate is a rate; a rate times a number is a rate. */
    assert_true(types_equal(types_mul(types_percent(), types_percent()), types_percent()));
    assert_true(types_equal(types_mul(types_percent(), types_number()), types_percent()));
    assert_ptr_equal(types_mul(types_number(), types_number()), types_number());
}

static void test_hours_from_amounts(void **state)
{
    (void)state;
    /* montant HT × part de main-d'œuvre ÷ coût horaire = heures */
    const Type *labour = types_mul(types_amount(), types_percent());
    assert_true(types_equal(types_div(labour, types_hourly_cost()), types_hours()));
    assert_true(types_equal(types_div(types_amount(), types_hours()), types_hourly_cost()));
    assert_true(types_equal(types_div(types_amount(), types_amount()), types_number()));
    /* 12 % ÷ 4 % is a plain ratio; 12 % ÷ 4 is still a rate. */
    assert_true(types_equal(types_div(types_percent(), types_percent()), types_number()));
    assert_true(types_equal(types_div(types_percent(), types_number()), types_percent()));
}

static void test_sums_need_equal_units(void **state)
{
    (void)state;
    assert_null(types_add(types_hours(), types_amount()));
    assert_null(types_sub(types_amount(), types_hours()));
    assert_null(types_add(types_percent(), types_number()));
    assert_null(types_add(types_months(), types_days()));
    assert_true(types_equal(types_add(types_amount(), types_amount()), types_amount()));
    assert_true(types_equal(types_sub(types_percent(), types_percent()), types_percent()));
    assert_null(types_add(types_bool(), types_bool()));
    assert_null(types_add(types_text(), types_text()));
}

static void test_dates_and_durations(void **state)
{
    (void)state;
    assert_ptr_equal(types_add(types_date(), types_months()), types_date());
    assert_ptr_equal(types_add(types_days(), types_date()), types_date());
    assert_ptr_equal(types_sub(types_date(), types_days()), types_date());
    assert_null(types_sub(types_days(), types_date()));
    assert_true(types_equal(types_sub(types_date(), types_date()), types_days()));
    assert_ptr_equal(types_add(types_month(), types_months()), types_month());
    assert_null(types_add(types_month(), types_days()));
    assert_true(types_equal(types_sub(types_month(), types_month()), types_months()));
    assert_null(types_add(types_date(), types_date()));
    assert_null(types_add(types_date(), types_number()));
    assert_null(types_mul(types_date(), types_number()));
    assert_null(types_neg(types_date()));
    assert_true(types_equal(types_neg(types_amount()), types_amount()));
}

static void test_comparisons(void **state)
{
    (void)state;
    /* âge < 26 ans, not âge < 26 */
    assert_true(types_comparable(types_months(), types_months(), true));
    assert_false(types_comparable(types_months(), types_number(), true));
    assert_false(types_comparable(types_date(), types_months(), false));
    assert_true(types_comparable(types_date(), types_date(), true));
    assert_false(types_comparable(types_amount(), types_hours(), false));
    assert_false(types_comparable(types_percent(), types_number(), true));
    const Type *sexe = types_choice("sexe", sexe_choices, 2);
    const Type *other = types_choice("modalite", sexe_choices, 2);
    assert_true(types_comparable(sexe, sexe, false));
    assert_false(types_comparable(sexe, sexe, true));
    assert_false(types_comparable(sexe, other, false));
    assert_true(types_comparable(sexe, types_text(), false));
    assert_true(types_comparable(types_bool(), types_bool(), false));
    assert_false(types_comparable(types_bool(), types_bool(), true));
    assert_false(types_comparable(types_bool(), types_number(), false));
}

static void test_errors_propagate_silently(void **state)
{
    (void)state;
    /* One mistake is reported once: what depends on it is typed error, not NULL. */
    assert_true(types_is_error(types_add(types_error(), types_amount())));
    assert_true(types_is_error(types_mul(types_date(), types_error())));
    assert_true(types_is_error(types_neg(types_error())));
    assert_true(types_comparable(types_error(), types_date(), true));
    assert_true(types_is_error(NULL));
}

static void test_integers(void **state)
{
    (void)state;
    assert_true(types_equal(types_integer(), types_number()));
    assert_true(types_mul(types_integer(), types_integer())->integer);
    assert_false(types_div(types_integer(), types_integer())->integer);
    assert_false(types_add(types_integer(), types_number())->integer);
    assert_true(types_is_plain_number(types_integer()));
    assert_false(types_is_plain_number(types_percent()));
    assert_true(types_is_duration(types_days()));
    assert_false(types_is_duration(types_hours()));
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(types_name(types_amount(), false), "montant (€)");
    assert_string_equal(types_name(types_amount(), true), "amount (€)");
    assert_string_equal(types_name(types_hours(), false), "heures (h)");
    assert_string_equal(types_name(types_hourly_cost(), false), "coût horaire (€/h)");
    assert_string_equal(types_name(types_percent(), false), "taux (%)");
    assert_string_equal(types_name(types_months(), false), "durée (mois)");
    assert_string_equal(types_name(types_days(), true), "duration (days)");
    assert_string_equal(types_name(types_number(), false), "nombre");
    assert_string_equal(types_name(types_integer(), false), "nombre entier");
    assert_string_equal(types_name(types_bool(), false), "booléen");
    assert_string_equal(types_name(types_choice("sexe", sexe_choices, 2), false),
                        "choix de sexe (F, H)");
    assert_string_equal(types_name(types_id("marches"), true), "id of marches");
    const Type *odd = types_mul(types_amount(), types_amount());
    assert_string_equal(types_name(odd, false), "grandeur (€²)");
    assert_string_equal(types_name(types_div(types_hours(), types_amount()), true),
                        "quantity (h/€)");
    assert_string_equal(types_unit(types_hourly_cost(), false), "€/h");
    assert_string_equal(types_unit(types_number(), false), "");
    assert_string_equal(types_unit(types_percent(), false), "%");
    assert_null(types_unit(types_date(), false));
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_products_with_rates),
        cmocka_unit_test(test_hours_from_amounts),
        cmocka_unit_test(test_sums_need_equal_units),
        cmocka_unit_test(test_dates_and_durations),
        cmocka_unit_test(test_comparisons),
        cmocka_unit_test(test_errors_propagate_silently),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
