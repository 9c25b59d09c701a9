/* cli/lsp_format.c: formatting a document through lang/fmt.c: one edit that replaces the whole text, or none. */
#include "lsp.h"
#include "lsp_pos.h"

#include "fmt.h"

#include <string.h>

json_t *lsp_format(const LspServer *s, const LspDoc *d)
{
    char *out;
    size_t len;
    DiagList *dl = diag_list_new();
    /* A charter that does not parse is left as it is: its errors are already shown. */
    if (fmt_charter(d->src, dl, &out, &len) != FMT_OK)
        return json_null();
    json_t *edits = json_array();
    if (len == d->src->len && memcmp(out, d->src->text, len) == 0)
        return edits;
    json_t *edit = json_pack("{s:o,s:s%}", "range", lsp_pos_range(d->src, (Span){ 0, (uint32_t)d->src->len }),
                             "newText", out, len);
    if (edit)
        json_array_append_new(edits, edit);
    return edits;
}
