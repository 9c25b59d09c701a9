/* tests/unit/test_utf8.c: decoding, validation, NFC and matching keys of base/utf8.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "gc.h"
#include "utf8.h"

static size_t decode(const char *s, size_t n, int32_t *cp) { return utf8_decode(s, n, cp); }

static void test_decode_valid(void **state)
{
    int32_t cp;
    assert_int_equal(decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(decode("\xC3\xA9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(decode("\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(decode("\xE2\x80\xAF", 3, &cp), 3);
    assert_int_equal(cp, 0x202F);
    assert_int_equal(decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
}

static void test_decode_invalid(void **state)
{
    int32_t cp;
    static const struct { const char *s; size_t n; } bad[] = {
        { "", 0 },                   /* nothing */
        { "\x80", 1 },               /* lone continuation */
        { "\xC0\x80", 2 },           /* overlong NUL */
        { "\xC1\xBF", 2 },           /* overlong */
        { "\xE0\x80\x80", 3 },       /* overlong */
        { "\xED\xA0\x80", 3 },       /* surrogate D800 */
        { "\xF4\x90\x80\x80", 4 },   /* beyond U+10FFFF */
        { "\xF5\x80\x80\x80", 4 },   /* bad lead */
        { "\xC3", 1 },               /* truncated */
        { "\xE2\x82", 2 },           /* truncated */
        { "\xC3\x28", 2 },           /* bad continuation */
        { "\xE9", 1 },               /* Windows-1252 é */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cp = 0;
        assert_int_equal(decode(bad[i].s, bad[i].n, &cp), 0);
        assert_int_equal(cp, 0xFFFD);
    }
}

static void test_invalid_at_and_count(void **state)
{
    const char *ok = "caf\xC3\xA9 5\xE2\x80\xAF" "000 \xE2\x82\xAC";
    assert_int_equal(utf8_invalid_at(ok, strlen(ok)), strlen(ok));
    assert_int_equal(utf8_count(ok, strlen(ok)), 12);
    const char *bad = "caf\xE9 au lait";
    assert_int_equal(utf8_invalid_at(bad, strlen(bad)), 3);
    assert_int_equal(utf8_count(bad, strlen(bad)), strlen(bad));
    /* a long ASCII run before the bad byte (the eight-at-a-time path) */
    const char *late = "abcdefghijklmnopqrstuvwxyz\xFF";
    assert_int_equal(utf8_invalid_at(late, strlen(late)), 26);
    assert_int_equal(utf8_invalid_at("", 0), 0);
}

static void test_encode(void **state)
{
    char out[4];
    int32_t cps[] = { 'a', 0xE9, 0x7FF, 0x800, 0x20AC, 0xFFFF, 0x10000, 0x10FFFF };
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        size_t n = utf8_encode(cps[i], out);
        int32_t back;
        assert_int_equal(utf8_decode(out, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    assert_int_equal(utf8_encode(0xD800, out), 3);
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);
    assert_int_equal(utf8_encode(0x110000, out), 3);
    assert_int_equal(utf8_encode(-1, out), 3);
}

static void test_nfc(void **state)
{
    assert_string_equal(utf8_nfc("e\xCC\x81t\xC3\xA9", 6), "\xC3\xA9t\xC3\xA9");
    assert_string_equal(utf8_nfc("abc", 3), "abc");
    assert_string_equal(utf8_nfc("", 0), "");
    /* invalid bytes do not make it fail */
    assert_string_equal(utf8_nfc("a\xFF", 2), "a\xEF\xBF\xBD");
}

static const char *key(const char *s) { return utf8_key(s, strlen(s)); }

static void test_key_headers(void **state)
{
    assert_string_equal(key("Montant HT"), "montantht");
    assert_string_equal(key("montant_ht"), "montantht");
    assert_string_equal(key("MONTANT_HT"), "montantht");
    assert_string_equal(key("montant-ht"), "montantht");
    assert_string_equal(key("Montant\xC2\xA0HT"), "montantht");       /* U+00A0 */
    assert_string_equal(key("Montant\xE2\x80\xAFHT"), "montantht");   /* U+202F */
    assert_string_equal(key("  Montant\tHT "), "montantht");
    assert_string_equal(key("Date d\xE2\x80\x99" "entr\xC3\xA9" "e"), "datedentree");
    assert_string_equal(key("date_dentree"), "datedentree");
    assert_string_equal(key("Date d'entr\xC3\xA9" "e"), "datedentree");
    assert_string_equal(key("Ma\xC3\xAEtre d'ouvrage"), "maitredouvrage");
    assert_string_equal(key("maitre_ouvrage"), "maitreouvrage");
    assert_string_equal(key("DATE_NOTIFICATION"), "datenotification");
    /* decomposed accents, ligatures, compatibility forms */
    assert_string_equal(key("E\xCC\x81l\xC3\xA8ve"), "eleve");
    assert_string_equal(key("Ma\xC3\xAEtre d\xE2\x80\x99\xC5\x92uvre"), "maitredoeuvre");
    assert_string_equal(key("\xEF\xAC\x81" "chier"), "fichier");  /* U+FB01 ﬁ */
    assert_string_equal(key("Stra\xC3\x9F" "e"), "strasse");
    assert_string_equal(key(""), "");
    assert_string_equal(key("_-' "), "");
}

/* ASCII keys take a path of their own: every ASCII byte, alone and between letters,
** keys as the general path keys it (an "é" after it sends a text down that path). */
static void test_key_ascii_as_general(void **state)
{
    for (int c = 1; c < 0x80; c++) {
        char plain[4] = { 'a', (char)c, 'Z', '\0' };
        char general[6] = { 'a', (char)c, 'Z', '\xC3', '\xA9', '\0' };
        assert_string_equal(rt_sprintf("%se", key(plain)), key(general));
        char alone[2] = { (char)c, '\0' };
        char alone_general[4] = { (char)c, '\xC3', '\xA9', '\0' };
        assert_string_equal(rt_sprintf("%se", key(alone)), key(alone_general));
    }
    assert_string_equal(key("13 Habitat"), "13habitat");
}

/* ASCII is written back as it is, as the general path writes it. */
static void test_nfc_ascii_as_general(void **state)
{
    for (int c = 1; c < 0x80; c++) {
        char plain[4] = { 'a', (char)c, 'Z', '\0' };
        char general[6] = { 'a', (char)c, 'Z', '\xC3', '\xA9', '\0' };
        assert_string_equal(utf8_nfc(plain, 3), plain);
        assert_string_equal(rt_sprintf("%s\xC3\xA9", utf8_nfc(plain, 3)), utf8_nfc(general, 5));
    }
    assert_string_equal(utf8_nfc("abc", 2), "ab");
}

static void test_keys_memo(void **state)
{
    Utf8Keys *memo = utf8_keys_new();
    const char *owners[] = { "Logirem", "13 Habitat", "M\xC3\xA9tropole AMP", "Unicil", "13 HABITAT" };
    const char *first[5];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 5; i++) {
            const char *k = utf8_keys_get(memo, owners[i], strlen(owners[i]));
            assert_string_equal(k, key(owners[i]));
            if (round == 0)
                first[i] = k;
            else
                assert_ptr_equal(k, first[i]);   /* computed once */
        }
    /* the length given is the text: a prefix is another text */
    assert_string_equal(utf8_keys_get(memo, "Logirem", 4), "logi");
}

static void test_key_invalid_input(void **state)
{
    /* Windows-1252 bytes that slipped through must not crash or vanish */
    const char *k = utf8_key("caf\xE9", 4);
    assert_non_null(k);
    assert_string_equal(k, "caf\xEF\xBF\xBD");
    assert_non_null(utf8_key("\xFF\xFE\x00x", 4));
}

static void test_is_letter(void **state)
{
    assert_true(utf8_is_letter('a'));
    assert_true(utf8_is_letter(0xE9));
    assert_true(utf8_is_letter(0x301)); /* combining acute */
    assert_true(utf8_is_letter(0x153)); /* œ */
    assert_false(utf8_is_letter('1'));
    assert_false(utf8_is_letter('_'));
    assert_false(utf8_is_letter(0x20AC));
    assert_false(utf8_is_letter(0xA0));
    assert_false(utf8_is_letter(-5));
    assert_false(utf8_is_letter(0x110000));
}

/* A caret under a source line is padded in terminal columns: an ideograph and
** an emoji take two, a combining accent none, a control (shown as its picture)
** and an invalid byte (shown as U+FFFD) one. */
static void test_width_in_terminal_columns(void **state)
{
    (void)state;
    assert_int_equal(utf8_width("abc", 3), 3);
    assert_int_equal(utf8_width("中文", strlen("中文")), 4);
    assert_int_equal(utf8_width("😀", strlen("😀")), 2);
    assert_int_equal(utf8_width("e\xcc\x81", 3), 1);
    assert_int_equal(utf8_width("é", strlen("é")), 1);
    assert_int_equal(utf8_width("\t\x01\x7f", 3), 3);
    assert_int_equal(utf8_width("\xff", 1), 1);
    assert_int_equal(utf8_columns(0x4E2D), 2);
    assert_int_equal(utf8_columns(0x0301), 0);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_invalid_at_and_count),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_key_headers),
        cmocka_unit_test(test_key_ascii_as_general),
        cmocka_unit_test(test_nfc_ascii_as_general),
        cmocka_unit_test(test_keys_memo),
        cmocka_unit_test(test_key_invalid_input),
        cmocka_unit_test(test_is_letter),
        cmocka_unit_test(test_width_in_terminal_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
