/* tests/unit/test_svg.c: svg_escape, the text of the HTML report and its SVG charts: markup escaped, the rest shown by the rule of base/visible.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "svg.h"
#include "visible.h"

/* What svg_escape makes of s, as a malloc'ed string. */
static char *escaped(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    svg_escape(out, s);
    fclose(out);
    return buf;
}

static char *visible(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    visible_write(out, s, strlen(s), VISIBLE_KEEP_TAB | VISIBLE_KEEP_NEWLINE);
    fclose(out);
    return buf;
}

static void assert_escaped(const char *s, const char *want)
{
    char *got = escaped(s);
    assert_string_equal(got, want);
    free(got);
}

static void test_markup_is_escaped(void **state)
{
    assert_escaped("a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;");
    assert_escaped("Métropole « AMP »", "Métropole « AMP »");
    assert_escaped("", "");
    assert_escaped(NULL, "");
}

static void test_controls_follow_the_one_rule(void **state)
{
    assert_escaped("M\x1b[2J", "M\xE2\x90\x9B[2J");                 /* ESC -> U+241B */
    assert_escaped("a\x7f" "b", "a\xE2\x90\xA1" "b");               /* DEL -> U+2421 */
    assert_escaped("M\xc2\x9b" "3", "M\xEF\xBF\xBD" "3");           /* CSI (C1) -> U+FFFD */
    assert_escaped("x\ny\tz", "x\ny\tz");                           /* kept */
    assert_escaped("a\r\nb", "a\xE2\x90\x8D\nb");                   /* CR -> U+240D, as in the text report */
    assert_escaped("a\xff" "b", "a\xEF\xBF\xBD" "b");               /* not UTF-8 -> U+FFFD */
    assert_escaped("\xc3<", "\xEF\xBF\xBD&lt;");                    /* a sequence cut by markup */
    assert_escaped("\xe2\x82", "\xEF\xBF\xBD\xEF\xBF\xBD");          /* cut by the end */
}

/* Apart from the five markup characters, the page says what the text report says. */
static void test_same_as_visible_write(void **state)
{
    static const char *const texts[] = {
        "plain", "\x01\x02\x1f", "\x7f\xc2\x80\xc2\x9f\xc2\xa0", "\xed\xa0\x80", "\xf4\x90\x80\x80",
        "\xc0\xaf", "é\rà\x0b", "\xf0\x9f\x98\x80 ok", "\x80", "a\tb\nc",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *a = escaped(texts[i]), *b = visible(texts[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markup_is_escaped),
        cmocka_unit_test(test_controls_follow_the_one_rule),
        cmocka_unit_test(test_same_as_visible_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
