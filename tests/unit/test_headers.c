/* tests/unit/test_headers.c: the one normalised form of column headers and sheet names (base/headers.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "gc.h"
#include "headers.h"

static const char *key(const char *s) { return headers_key(s, strlen(s)); }

/* Each declared name of the standard schema, and the forms exports give it. */
static void test_export_forms_match_declared_names(void **state)
{
    static const struct { const char *declared, *header; } same[] = {
        { "maitre_ouvrage", "Maître d'ouvrage" },
        { "maitre_ouvrage", "Maître d’ouvrage" },
        { "maitre_ouvrage", "MAITRE D'OUVRAGE" },
        { "maitre_ouvrage", "maitre-ouvrage" },
        { "date_notification", "Date de notification" },
        { "date_notification", "DATE DE NOTIFICATION" },
        { "date_entree", "Date d'entrée" },
        { "date_entree", "Date d'entree" },
        { "date_naissance", "Date de naissance" },
        { "montant_ht", "Montant HT (€)" },
        { "montant_ht", "Montant HT [en euros]" },
        { "montant_ht", "montant ht :" },
        { "heures_travaillees", "Heures travaillées (h)" },
        { "mois_inscription", "Mois d'inscription" },
        { "pass_iae", "Pass IAE" },
        { "perimetre", "Périmètre" },
        { "marche", "Marché" },
        { "modalite", "Modalité" },
        { "Nombre d'heures", "nombre_heures" },
        { "N° de marché", "n° marche" },
        { "MOA / Bailleur", "moa-bailleur" },
        { "Modalité de mise en œuvre", "modalite mise en oeuvre" },
        { "Marchés", "MARCHES" },
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        if (strcmp(key(same[i].declared), key(same[i].header)) != 0)
            fail_msg("'%s' (%s) and '%s' (%s) differ", same[i].declared, key(same[i].declared), same[i].header,
                     key(same[i].header));
}

static void test_keys(void **state)
{
    assert_string_equal(key("Maître d'ouvrage"), "maitreouvrage");
    assert_string_equal(key("Montant HT (€)"), "montantht");
    /* joining words go only when something else is left */
    assert_string_equal(key("de"), "de");
    assert_string_equal(key("Des"), "des");
    assert_string_equal(key("du de"), "dude");
    /* d without an apostrophe is a word */
    assert_string_equal(key("Vitamine D"), "vitamined");
    /* brackets go only when something else is left */
    assert_string_equal(key("(€)"), "");
    assert_string_equal(key("(Heures)"), "heures");
    assert_string_equal(key("Montant (HT"), "montant");
    assert_string_equal(key(""), "");
    assert_string_equal(key("  / - "), "");
    /* words stay words: digits, and other scripts */
    assert_string_equal(key("Niveau 3"), "niveau3");
    assert_string_equal(key("Heures 2024-03"), "heures202403");
    /* distinct names stay distinct */
    assert_string_not_equal(key("Montant HT"), key("Montant TTC"));
    assert_string_not_equal(key("Heures"), key("Heures travaillées"));
    /* invalid UTF-8 does not crash and gives a key */
    assert_non_null(headers_key("Mar\xC3" "ch\xFF", 7));
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_forms_match_declared_names),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
