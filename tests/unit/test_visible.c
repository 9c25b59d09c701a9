/* tests/unit/test_visible.c: the rule of base/visible.c, and its stream when a UTF-8 sequence is split between two writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "visible.h"

/* What visible_write makes of s (n bytes) with flags, as a malloc'ed string. */
static char *shown(const char *s, size_t n, unsigned flags)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    visible_write(out, s, n, flags);
    fclose(out);
    return buf;
}

static void assert_shown(const char *s, unsigned flags, const char *want)
{
    char *got = shown(s, strlen(s), flags);
    assert_string_equal(got, want);
    free(got);
}

static void test_controls_become_pictures(void **state)
{
    assert_shown("M\x1b[2J", 0, "M\xE2\x90\x9B[2J");                /* ESC -> U+241B */
    assert_shown("a\x07" "b", 0, "a\xE2\x90\x87" "b");              /* BEL -> U+2407 */
    assert_shown("\x7f", 0, "\xE2\x90\xA1");                        /* DEL -> U+2421 */
    assert_shown("x\ny\tz", 0, "x\xE2\x90\x8Ay\xE2\x90\x89z");
    assert_shown("x\ny\tz", VISIBLE_KEEP_NEWLINE | VISIBLE_KEEP_TAB, "x\ny\tz");
    char *nul = shown("a\0b", 3, 0);
    assert_string_equal(nul, "a\xE2\x90\x80" "b");                  /* NUL -> U+2400 */
    free(nul);
}

static void test_c1_and_invalid_bytes_become_replacement(void **state)
{
    assert_shown("M\xC2\x9B" "3", 0, "M\xEF\xBF\xBD" "3");          /* CSI U+009B */
    assert_shown("a\xFF" "b", 0, "a\xEF\xBF\xBD" "b");
    assert_shown("\xC3", 0, "\xEF\xBF\xBD");                        /* cut at the end */
    /* Text without controls is written as it is. */
    assert_shown("Marché « été » €", 0, "Marché « été » €");
}

/* Writes pieces through visible_stream, flushing after each so that the
** filter sees them apart, and returns what reached the underlying file. */
static char *through_stream(const char *const *pieces, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    FILE *v = visible_stream(out, VISIBLE_KEEP_NEWLINE);
    assert_non_null(v);
    for (int i = 0; i < n; i++) {
        fputs(pieces[i], v);
        fflush(v);
    }
    assert_int_equal(fclose(v), 0);
    fclose(out);
    return buf;
}

static void test_stream_rejoins_split_sequences(void **state)
{
    /* "é" (C3 A9), "€" (E2 82 AC) and "😀" (F0 9F 98 80) cut between writes. */
    const char *const pieces[] = { "March\xC3", "\xA9 \xE2", "\x82", "\xAC \xF0\x9F", "\x98\x80\n" };
    char *got = through_stream(pieces, 5);
    assert_string_equal(got, "Marché € 😀\n");
    free(got);
}

static void test_stream_filters_controls(void **state)
{
    const char *const pieces[] = { "id \x1b", "[31m\n", "bad \xC3", "x end\xE2\x82" };
    char *got = through_stream(pieces, 4);
    /* A lead byte followed by no continuation, and a sequence cut by the end
    ** of the stream, are each one replacement character. */
    assert_string_equal(got, "id \xE2\x90\x9B[31m\nbad \xEF\xBF\xBDx end\xEF\xBF\xBD\xEF\xBF\xBD");
    free(got);
}

/* A character that prints nothing is named inside a message; visible ones, accents and the
** typographic apostrophe included, are kept; a text with none is returned as it is. */
static void test_named_invisibles(void **state)
{
    const char *bom = "en\xEF\xBB\xBF";
    assert_string_equal(visible_named(bom, strlen(bom), false), "en[U+FEFF (marque d'ordre des octets)]");
    assert_string_equal(visible_named(bom, strlen(bom), true), "en[U+FEFF (byte order mark)]");
    const char *zw = "\xE2\x80\x8B" "d\xC3\xA9" "but\xE2\x80\x99s\xE2\x81\xA0";
    assert_string_equal(visible_named(zw, strlen(zw), true),
                        "[U+200B (zero width space)]d\xC3\xA9" "but\xE2\x80\x99s[U+2060 (word joiner)]");
    assert_string_equal(visible_named("sain", 3, false), "sai");
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_controls_become_pictures),
        cmocka_unit_test(test_c1_and_invalid_bytes_become_replacement),
        cmocka_unit_test(test_stream_rejoins_split_sequences),
        cmocka_unit_test(test_stream_filters_controls),
        cmocka_unit_test(test_named_invisibles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
