/* tests/fuzz/fuzz_charte.c: libFuzzer harness for the front end: charter text through lexer, parser, checker and diagnostics. */
#include "fuzz.h"

#include "ast.h"
#include "check.h"
#include "diag.h"
#include "fmt.h"
#include "gc.h"
#include "literate.h"
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

/* The literate extractor's properties, on the input read as Markdown: the
** text keeps the document's length, every byte of a ```charte block as it
** is and every other byte a space or a line break; and the input put in a
** ```charte block of a document (when no line of it closes the fence)
** formats, prose untouched, to what fmt makes of the input alone. */
static void check_literate(const uint8_t *data, size_t size, bool parses)
{
    Source *md = source_from_markdown("fuzz.charte.md", (const char *)data, size);
    uint32_t at = 0;
    for (int i = 0; i < md->nblocks; i++) {
        SourceBlock b = md->blocks[i];
        if (b.start < at || b.end < b.start || b.end > md->len)
            fuzz_fail("bloc %d hors de l'ordre ou du texte : [%u, %u)", i, b.start, b.end);
        for (uint32_t k = at; k < b.start; k++)
            if (md->text[k] != ' ' && md->text[k] != '\n' && !(k < 3 && md->text[k] == md->markdown[k]))
                fuzz_fail("octet %u de la prose gardé (%d)", k, md->text[k]);
        if (memcmp(md->text + b.start, md->markdown + b.start, b.end - b.start) != 0)
            fuzz_fail("bloc %d modifié", i);
        at = b.end;
    }
    if (!parses)
        return;
    Source *alone = source_from_memory("fuzz.charte", (const char *)data, size);
    /* fmt keeps the line ends of the file's first line (CRLF or LF): the
    ** document's prose has those of the input, so that they agree. */
    const char *nl = memchr(alone->text, '\n', alone->len);
    bool crlf = nl && nl > alone->text && nl[-1] == '\r';
    const char *head = crlf ? "# Charte\r\n\r\nTexte.\r\n\r\n```charte\r\n" : "# Charte\n\nTexte.\n\n```charte\n";
    const char *tail = crlf ? "```\r\n\r\nSignatures.\r\n" : "```\n\nSignatures.\n";
    size_t head_len = strlen(head), tail_len = strlen(tail);
    /* A byte order mark opens a file, not a block: the block holds the text after it. */
    size_t bom = alone->len >= 3 && memcmp(alone->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t body = alone->len - bom;
    size_t n = head_len + body + tail_len;
    char *doc = rt_alloc_atomic(n + 1);
    memcpy(doc, head, head_len);
    memcpy(doc + head_len, alone->text + bom, body);
    memcpy(doc + head_len + body, tail, tail_len + 1);
    Source *wrapped = source_from_markdown("fuzz.charte.md", doc, n);
    if (wrapped->nblocks != 1 || wrapped->blocks[0].end != head_len + body)
        return;   /* a line of the input closes the fence: another document */
    char *want, *got;
    size_t want_len, got_len;
    if (fmt_charter(alone, diag_list_new(), &want, &want_len) != FMT_OK)
        return;   /* check_fmt_round_trip reports it */
    /* fmt keeps the file's mark, which the block does not hold. */
    if (bom && (want_len < 3 || memcmp(want, "\xEF\xBB\xBF", 3) != 0))
        fuzz_fail("fmt a perdu la marque d'ordre des octets");
    want += bom;
    want_len -= bom;
    if (literate_format(wrapped, diag_list_new(), &got, &got_len) != FMT_OK)
        fuzz_fail("fmt a refusé une charte littéraire lisible");
    if (got_len != head_len + want_len + tail_len || memcmp(got, head, head_len) != 0
        || memcmp(got + head_len, want, want_len) != 0 || memcmp(got + got_len - tail_len, tail, tail_len) != 0)
        fuzz_fail("fmt d'une charte littéraire ≠ fmt de ses blocs :\n%s\n---\n%s", want, got);
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
    check_literate(data, size, dl->errors == 0);
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
