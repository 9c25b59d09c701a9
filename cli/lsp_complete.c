/* cli/lsp_complete.c: completion: the language's words (lang/vocab.def), the names a document can use, the stdlib's modules. */
#include "lsp.h"

#include "gc.h"
#include "governance.h"
#include "prelude.h"
#include "vocab.h"

#include <string.h>

/* CompletionItemKind of the protocol. */
enum {
    ITEM_FIELD = 5, ITEM_VARIABLE = 6, ITEM_CLASS = 7, ITEM_MODULE = 9, ITEM_UNIT = 11, ITEM_ENUM = 13,
    ITEM_KEYWORD = 14, ITEM_ENUM_MEMBER = 20, ITEM_CONSTANT = 21, ITEM_STRUCT = 22
};

static int complete_kind(LspNameKind k)
{
    static const int kinds[LSP_NAME_KINDS] = {
        [LSP_NAME_SCOPE] = ITEM_MODULE, [LSP_NAME_CATEGORY] = ITEM_ENUM, [LSP_NAME_FAMILY] = ITEM_CLASS,
        [LSP_NAME_PUBLIC] = ITEM_VARIABLE, [LSP_NAME_CONSTANT] = ITEM_CONSTANT,
        [LSP_NAME_INDICATOR] = ITEM_STRUCT, [LSP_NAME_COLUMN] = ITEM_FIELD
    };
    return kinds[k];
}

static void complete_add(json_t *items, const char *label, int kind, const char *detail)
{
    json_array_append_new(items, json_pack("{s:o,s:i,s:o}", "label", diag_json_text(label), "kind", kind,
                                           "detail", diag_json_text(detail)));
}

/* Every keyword and unit in the charter's language, each once. */
static void complete_words(json_t *items, bool english, bool en_msgs)
{
    for (int i = 0; i < VOCAB_COUNT; i++) {
        const VocabWord *w = vocab_get((VocabId)i);
        const char *text = vocab_in(w->id, english);
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(vocab_in(vocab_get((VocabId)j)->id, english), text) == 0;
        if (seen)
            continue;
        if (w->kind == VOCAB_KIND_UNIT)
            complete_add(items, text, ITEM_UNIT, en_msgs ? "unit" : "unité");
        else
            complete_add(items, text, ITEM_KEYWORD, en_msgs ? "keyword" : "mot-clé");
    }
}

static bool complete_blank(char c) { return c == ' ' || c == '\t'; }

/* true when offset follows `bilan` (`report`) and a blank at the start of its line, within
** the word that comes next: where a reporting rhythm is expected. */
static bool complete_after_report(const Source *src, uint32_t offset)
{
    if (offset > src->len)
        return false;
    const char *line = src->text + offset, *end = src->text + offset;
    while (line > src->text && line[-1] != '\n')
        line--;
    while (line < end && complete_blank(*line))
        line++;
    const char *word = line;
    while (line < end && !complete_blank(*line))
        line++;
    const VocabWord *v = vocab_find(word, (size_t)(line - word));
    if (!v || v->id != VOCAB_BILAN || line == end)
        return false;
    while (line < end && complete_blank(*line))
        line++;
    while (line < end && !complete_blank(*line))
        line++;
    return line == end;
}

json_t *lsp_complete(const LspServer *s, const LspDoc *d, uint32_t offset)
{
    bool en = s->lang == SAY_EN;
    json_t *items = json_array();
    if (complete_after_report(d->src, offset)) {
        for (int i = 0; i < GOVERNANCE_NRHYTHMS; i++)
            complete_add(items, governance_rhythm(i, d->english), ITEM_ENUM_MEMBER,
                         en ? "reporting rhythm" : "rythme de bilan");
        return json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items);
    }
    complete_words(items, d->english, en);
    int n = 0;
    LspName *names = d->model ? lsp_names_all(d->model, &n) : NULL;
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = names[j].kind == names[i].kind && strcmp(names[j].name, names[i].name) == 0;
        if (!seen)
            complete_add(items, names[i].name, complete_kind(names[i].kind), lsp_names_kind(names[i].kind, en));
    }
    for (const char *const *m = prelude_names(); *m; m++)
        complete_add(items, *m, ITEM_MODULE, en ? "standard library module" : "module de la bibliothèque standard");
    return json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items);
}
