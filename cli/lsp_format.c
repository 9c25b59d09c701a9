/* cli/lsp_format.c: formatting a document through lang/fmt.c (a literate charter's through lang/literate.c): the edits that make it canonical, or none. */
#include "lsp.h"
#include "lsp_pos.h"

#include "fmt.h"
#include "literate.h"

#include <string.h>

/* The edit that replaces span of d's text by len bytes of text, appended to edits when they differ. */
static void format_edit(json_t *edits, const LspDoc *d, Span span, const char *text, size_t len)
{
    if (len == span.end - span.start && memcmp(text, source_written(d->src) + span.start, len) == 0)
        return;
    json_t *edit = json_pack("{s:o,s:s%}", "range", lsp_pos_range(d->src, span), "newText", text, len);
    if (edit)
        json_array_append_new(edits, edit);
}

/* As charte fmt does with a .md file: each ```charte block in the canonical layout, every
** byte of the prose and of the fences as it was. One edit per block that changes, within
** the block: the editor keeps its cursor and its undo steps in the prose. */
static json_t *format_literate(const LspDoc *d)
{
    char *out;
    size_t len;
    if (literate_format(d->src, diag_list_new(), &out, &len) != FMT_OK)
        return json_null();
    /* literate_format checked that the result has the same blocks, in the same order. */
    const Source *again = source_from_markdown(d->src->name, out, len);
    json_t *edits = json_array();
    for (int i = 0; i < d->src->nblocks; i++) {
        const SourceBlock *b = &d->src->blocks[i], *nb = &again->blocks[i];
        format_edit(edits, d, (Span){ b->start, b->end }, again->markdown + nb->start, nb->end - nb->start);
    }
    return edits;
}

json_t *lsp_format(const LspServer *s, const LspDoc *d)
{
    if (d->src->markdown)
        return format_literate(d);
    char *out;
    size_t len;
    DiagList *dl = diag_list_new();
    /* A charter that does not parse is left as it is: its errors are already shown. */
    if (fmt_charter(d->src, dl, &out, &len) != FMT_OK)
        return json_null();
    json_t *edits = json_array();
    format_edit(edits, d, (Span){ 0, (uint32_t)d->src->len }, out, len);
    return edits;
}
