/* tests/fuzz/fuzz_charte.c: libFuzzer harness for the front end: charter text through lexer, parser, checker and diagnostics. */
#include "fuzz.h"

#include "ast.h"
#include "check.h"
#include "diag.h"
#include "fmt.h"
#include "gc.h"
#include "parse.h"
#include "source.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rt_init();
    return 0;
}

/* Everything a user could be shown: both languages, text and JSON. */
static void print_everything(DiagList *dl, FILE *sink)
{
    diag_sort(dl);
    diag_print_text(dl, SAY_FR, sink);
    diag_print_text(dl, SAY_EN, sink);
    diag_print_json(dl, SAY_FR, sink);
    diag_print_json(dl, SAY_EN, sink);
}

/* The formatter's property: a charter that parses is formatted (never
** refused), its formatted text reads the same, and formatting it again
** changes nothing. */
static void check_fmt_round_trip(const uint8_t *data, size_t size)
{
    Source *src = source_from_memory("fuzz.charte", (const char *)data, size);
    char *once, *twice;
    size_t once_len, twice_len;
    FmtStatus st = fmt_charter(src, diag_list_new(), &once, &once_len);
    if (st != FMT_OK)
        fuzz_fail("fmt a refusé une charte lisible (statut %d)", (int)st);
    Source *first = source_from_memory("fuzz.charte", once, once_len);
    if (!fmt_same_tree(src, first))
        fuzz_fail("fmt a changé l'arbre");
    if (fmt_charter(first, diag_list_new(), &twice, &twice_len) != FMT_OK)
        fuzz_fail("la sortie de fmt ne se met pas en forme");
    if (twice_len != once_len || memcmp(once, twice, once_len) != 0)
        fuzz_fail("fmt n'est pas idempotent :\n%s\n---\n%s", once, twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        fuzz_fail("fuzz: /dev/null illisible");

    Source *src = source_from_memory("fuzz.charte", (const char *)data, size);
    DiagList *dl = diag_list_new();
    AstCharter *tree = parse_charter(src, dl);
    if (!tree)
        fuzz_fail("parse_charter a rendu NULL");
    ast_dump(tree, sink);
    print_everything(dl, sink);

    /* charte check does not check a tree with syntax errors; neither do we.
    ** The checker parses again (it also loads the imports): a fresh Source,
    ** as an editor would pass. */
    if (dl->errors == 0) {
        check_fmt_round_trip(data, size);
        Source *again = source_from_memory("fuzz.charte", (const char *)data, size);
        DiagList *checked = diag_list_new();
        /* Odd sizes get the English keywords in the checker's messages. */
        CheckOptions opts = { .english = size % 2 == 1 };
        Model *model = check_program(again, checked, &opts);
        if (model && checked->errors)
            fuzz_fail("check_program a rendu un modèle malgré %u erreur(s)", checked->errors);
        if (!model && !checked->errors)
            fuzz_fail("check_program n'a rendu aucun modèle, sans erreur");
        diag_promote_warnings(checked);
        print_everything(checked, sink);
    }

    fclose(sink);
    fuzz_alloc_release();
    return 0;
}
