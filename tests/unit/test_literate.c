/* tests/unit/test_literate.c: literate charters: which lines of a Markdown document are rules, byte offsets kept, fences as CommonMark reads them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gc.h"
#include "literate.h"

#include <string.h>

static Source *md(const char *text) { return source_from_markdown("t.charte.md", text, strlen(text)); }

/* The block's contents as text. */
static const char *block(const Source *src, int i)
{
    return rt_strndup(src->text + src->blocks[i].start, src->blocks[i].end - src->blocks[i].start);
}

static void test_prose_is_blanked_in_place(void **state)
{
    (void)state;
    const char *doc = "# Titre é\n\n```charte\ncharte « T »\n```\nfin\n";
    Source *src = md(doc);
    assert_int_equal(src->len, strlen(doc));
    assert_string_equal(src->markdown, doc);
    assert_int_equal(src->nblocks, 1);
    assert_string_equal(block(src, 0), "charte « T »\n");
    /* every byte outside the block is a space, line breaks kept: same lines, same columns */
    assert_memory_equal(src->text, "          \n\n         \n", 22);
    assert_string_equal(src->text + src->blocks[0].end, "   \n   \n");
    assert_true(literate_is_path("a/b.charte.md"));
    assert_true(literate_is_path("x.md"));
    assert_false(literate_is_path("x.charte"));
    assert_false(literate_is_path("md"));
}

static void test_fences(void **state)
{
    (void)state;
    /* ~~~ fences; an info string after the word; a longer fence holds a shorter one;
    ** indentation up to three spaces; four spaces is not a fence */
    Source *src = md("~~~ charte\nA\n~~~\n   ````charte {.x}\nB\n```\n````\n    ```charte\nC\n");
    assert_int_equal(src->nblocks, 2);
    assert_string_equal(block(src, 0), "A\n");
    assert_string_equal(block(src, 1), "B\n```\n");
    /* another language hides a charte fence; a closing fence has nothing after its run */
    src = md("```text\n```charte\nX\n```\n```charte\nY\n``` pas une fin\nZ\n```\n");
    assert_int_equal(src->nblocks, 1);
    assert_string_equal(block(src, 0), "Y\n``` pas une fin\nZ\n");
    /* a word that only starts with charte is another language; a backtick fence with a backtick in its info is not a fence */
    src = md("```chartes\nX\n```\n``` charte `x`\nY\n");
    assert_int_equal(src->nblocks, 0);
    /* a block left open runs to the end */
    src = md("```charte\nA\nB");
    assert_int_equal(src->nblocks, 1);
    assert_string_equal(block(src, 0), "A\nB\n");
    /* a byte-order mark stays where the scanner expects it */
    src = md("\xEF\xBB\xBFtexte\n```charte\nA\n```\n");
    assert_memory_equal(src->text, "\xEF\xBB\xBF     \n", 9);
}

static void test_format_touches_only_blocks(void **state)
{
    (void)state;
    const char *doc = "Prose  |x|  garde\n\n```charte\ncharte   \"T\"\n```\n\n  bilan   annuel (prose)\n";
    Source *src = md(doc);
    char *out;
    size_t len;
    assert_int_equal(literate_format(src, diag_list_new(), &out, &len), FMT_OK);
    assert_string_equal(out, "Prose  |x|  garde\n\n```charte\ncharte « T »\n```\n\n  bilan   annuel (prose)\n");
    /* a syntax error is reported at the Markdown's own line */
    DiagList *dl = diag_list_new();
    assert_int_equal(literate_format(md("a\nb\n```charte\ncharte « T »\narticle\n```\n"), dl, &out, &len), FMT_SYNTAX);
    assert_true(dl->errors > 0);
    uint32_t line, col;
    source_position(dl->items[0]->src, dl->items[0]->span.start, &line, &col);
    assert_int_equal(line, 5);
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prose_is_blanked_in_place),
        cmocka_unit_test(test_fences),
        cmocka_unit_test(test_format_touches_only_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
