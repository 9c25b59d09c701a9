/* tests/unit/test_fmt.c: the formatter on every charter of the repository and of the fuzz corpus: a fixed point, the same tree, the layout's promises; and its refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "check.h"
#include "fmt.h"
#include "gc.h"
#include "literate.h"
#include "source.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Tally {
    int formatted, unparseable;
} Tally;

/* What the layout promises, whatever the input: one final newline, no blank
** at the end of a line, never two blank lines in a row. */
static void assert_layout(const char *path, const char *text, size_t len)
{
    if (len == 0 || text[len - 1] != '\n')
        fail_msg("%s: the output does not end with a newline", path);
    if (strstr(text, "\n\n\n") || text[0] == '\n')
        fail_msg("%s: two blank lines in a row, or a blank first line", path);
    if (strstr(text, " \n") || strstr(text, "\t\n"))
        fail_msg("%s: a blank at the end of a line", path);
}

/* The checker's verdict: every diagnostic's code and severity, in the order
** emitted. Not positions (lines move) nor messages (they quote the source
** as written: « 1 /36 € » becomes « 1 / 36 € »). */
static const char *verdict(Source *src)
{
    DiagList *dl = diag_list_new();
    CheckOptions opts = { .english = false };
    check_program(src, dl, &opts);
    const char *all = "";
    for (unsigned i = 0; i < dl->len; i++)
        all = rt_sprintf("%s%s %d\n", all, dl->items[i]->code, (int)dl->items[i]->severity);
    return all;
}

/* A literate charter (.charte.md) has only its ```charte blocks laid out, as charte fmt does. */
static FmtStatus format_source(Source *src, DiagList *dl, char **out, size_t *len)
{
    return src->markdown ? literate_format(src, dl, out, len) : fmt_charter(src, dl, out, len);
}

static void format_one(const char *path, Tally *t)
{
    Source *src;
    if (source_read_file(path, path, &src) != SOURCE_OK)
        fail_msg("%s: unreadable", path);
    DiagList *dl = diag_list_new();
    char *once;
    size_t once_len;
    FmtStatus st = format_source(src, dl, &once, &once_len);
    if (st == FMT_SYNTAX) {
        if (dl->errors == 0)
            fail_msg("%s: refused as unparseable without a diagnostic", path);
        t->unparseable++;
        return;
    }
    if (st == FMT_MEANING)
        fail_msg("%s: formatting would change the meaning", path);
    assert_layout(path, once, once_len);
    Source *first = src->markdown ? source_from_markdown(path, once, once_len) : source_from_memory(path, once, once_len);
    if (!fmt_same_tree(src, first) || !fmt_same_meaning(src, first))
        fail_msg("%s: the formatted text reads differently", path);
    first->path = src->path;       /* its imports are found beside it */
    const char *before = verdict(src), *after = verdict(first);
    if (strcmp(before, after) != 0)
        fail_msg("%s: the checker's verdict changed:\n--- before\n%s--- after\n%s", path, before, after);
    char *twice;
    size_t twice_len;
    if (format_source(first, diag_list_new(), &twice, &twice_len) != FMT_OK)
        fail_msg("%s: its formatted text does not format", path);
    if (twice_len != once_len || memcmp(once, twice, once_len) != 0)
        fail_msg("%s: not a fixed point:\n--- once\n%s\n--- twice\n%s", path, once, twice);
    t->formatted++;
}

/* Every file under dir whose name ends with suffix ("" for all), recursively. */
static void format_tree(const char *dir, const char *suffix, Tally *t)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("%s: cannot list (run from the repository root)", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = rt_sprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t n = strlen(e->d_name), k = strlen(suffix);
        if (S_ISDIR(st.st_mode))
            format_tree(path, suffix, t);
        else if (S_ISREG(st.st_mode) && n >= k && strcmp(e->d_name + n - k, suffix) == 0)
            format_one(path, t);
    }
    closedir(d);
}

static void test_repository_charters_are_fixed_points(void **state)
{
    (void)state;
    Tally t = { 0 };
    format_tree("stdlib", ".charte", &t);
    format_tree("examples", ".charte", &t);
    format_tree("tests/check", ".charte", &t);
    format_tree("tests/fmt", ".charte", &t);
    format_tree("tests/render", ".charte", &t);
    format_tree("tests/eval", ".charte", &t);
    /* literate charters: the example, the render golden, and those of the test suites */
    format_tree("examples", ".charte.md", &t);
    format_tree("tests", ".charte.md", &t);
    /* 217 files today, 8 of them deliberately unparseable (syntax goldens) */
    assert_true(t.formatted >= 200);
    assert_true(t.unparseable >= 5);
}

static void test_fuzz_corpus_is_formatted_or_refused(void **state)
{
    (void)state;
    Tally t = { 0 };
    format_tree("tests/fuzz/corpus/charte", "", &t);
    assert_true(t.formatted >= 150);
    assert_true(t.unparseable >= 100);
}

static char *fmt_text(const char *text)
{
    Source *src = source_from_memory("t.charte", text, strlen(text));
    char *out;
    size_t len;
    assert_int_equal(fmt_charter(src, diag_list_new(), &out, &len), FMT_OK);
    return out;
}

static void test_spellings(void **state)
{
    (void)state;
    /* English aliases and missing accents in a French charter become the French spelling */
    assert_string_equal(fmt_text("charte \"T\"\nuse anru\narticle 1 \"A\"\n"
                                 "  scope x : municipal \"X\" in national\n"
                                 "  constante c : 40000€\n  constante d : 12.5%\n  constante e : 1 annee\n"),
                        "charte « T »\n\nutilise anru\n\narticle 1 « A »\n"
                        "  périmètre x : commune « X » dans national\n"
                        "  constante c : 40 000 €\n  constante d : 12,5 %\n  constante e : 1 an\n");
    /* an English charter keeps English, canonically spelled */
    assert_string_equal(fmt_text("charter \"T\"\nuse anru\narticle 1 \"A\"\n"
                                 "  constante c : 12,5 %\n  constant d : 2 ans\n"),
                        "charter « T »\n\nuses anru\n\narticle 1 « A »\n"
                        "  constant c : 12.5 %\n  constant d : 2 years\n");
}

/* A sign is written against its number: after a field's name in an example line too
** (`écart -28 h`), where the name is no operand; a subtraction keeps its blanks. */
static void test_signs(void **state)
{
    (void)state;
    assert_string_equal(fmt_text("charte « T »\nexemple « E »\n  attendu M : atteint, écart - 28 h,\n    base -  3 h\n"),
                        "charte « T »\n\nexemple « E »\n  attendu M : atteint, écart -28 h,\n    base -3 h\n");
    assert_string_equal(fmt_text("charte « T »\narticle 1 « A »\n  constante c : a -1\n  constante d : - 1 %\n"),
                        "charte « T »\n\narticle 1 « A »\n  constante c : a - 1\n  constante d : -1 %\n");
    assert_string_equal(fmt_text("charte « T »\nexemple « E »\n  attendu M : retenu x - 1 h\n"),
                        "charte « T »\n\nexemple « E »\n  attendu M : retenu x - 1 h\n");
}

static void test_refusals(void **state)
{
    (void)state;
    const char *broken = "charte « T »\narticle 1 « A »\n  objectif : :\n";
    Source *src = source_from_memory("t.charte", broken, strlen(broken));
    DiagList *dl = diag_list_new();
    char *out;
    size_t len;
    assert_int_equal(fmt_charter(src, dl, &out, &len), FMT_SYNTAX);
    assert_true(dl->errors > 0);
    assert_null(out);
    /* a string that « » cannot hold (a blank at its start) keeps its quotes */
    assert_string_equal(fmt_text("charte \" T\"\n"), "charte \" T\"\n");
    assert_string_equal(fmt_text("charte \"a » b\"\n"), "charte \"a » b\"\n");
    assert_string_equal(fmt_text("charte « a\x01\tb »\n"), "charte \"a\\u{1}\\tb\"\n");
    /* bare numbers are names: never re-spelled */
    assert_string_equal(fmt_text("charte « T »\narticle 8.2 « A »\n"), "charte « T »\n\narticle 8.2 « A »\n");
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repository_charters_are_fixed_points),
        cmocka_unit_test(test_fuzz_corpus_is_formatted_or_refused),
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_signs),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
