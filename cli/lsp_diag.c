/* cli/lsp_diag.c: a document's diagnostics as the protocol's publishDiagnostics, with codes and notes as related information. */
#include "lsp.h"
#include "lsp_pos.h"

#include "diag_rules.h"
#include "gc.h"
#include "out.h"

/* DiagnosticSeverity of the protocol. */
enum { LSP_SEV_ERROR = 1, LSP_SEV_WARNING = 2, LSP_SEV_INFO = 3 };

/* An accepted warning is Information: shown where it is, without a squiggle that asks for a fix. */
static int diag_severity(const Diag *g)
{
    DiagSeverity sev = diag_told_severity(g);
    return sev == DIAG_ERROR ? LSP_SEV_ERROR : sev == DIAG_WARNING ? LSP_SEV_WARNING : LSP_SEV_INFO;
}

/* "file:line:col: " for a place in a source the editor cannot open. */
static const char *diag_place(Source *src, Span span)
{
    uint32_t line, col;
    source_position(src, span.start, &line, &col);
    return rt_sprintf("%s:%u:%u", src->name, line, col);
}

static json_t *diag_related(const LspServer *s, const LspDoc *d, const DiagNote *n, json_t *arr)
{
    for (; n; n = n->next) {
        const char *uri = lsp_docs_source_uri(d, n->src);
        const char *msg = say_in(n->msg, s->lang);
        if (!uri) {
            /* No location to show: the note still says where, in its text. */
            if (n->src)
                msg = rt_sprintf("%s: %s", diag_place(n->src, n->span), msg);
            uri = d->uri;
            json_array_append_new(arr, json_pack("{s:{s:s,s:o},s:o}", "location", "uri", uri,
                                                 "range", lsp_pos_range(d->src, (Span){ 0, 0 }),
                                                 "message", diag_json_text(msg)));
            continue;
        }
        json_array_append_new(arr, json_pack("{s:{s:s,s:o},s:o}", "location", "uri", uri,
                                             "range", lsp_pos_range(n->src, n->span),
                                             "message", diag_json_text(msg)));
    }
    return arr;
}

static json_t *diag_one(const LspServer *s, const LspDoc *d, const Diag *g)
{
    const char *msg = say_in(g->msg, s->lang);
    Span span = g->span;
    Source *src = g->src;
    /* A finding in an imported file is shown where the document is, and says where. */
    if (src != d->src) {
        if (src)
            msg = rt_sprintf("%s: %s", diag_place(src, span), msg);
        else if (g->file)
            msg = rt_sprintf("%s: %s", g->file, msg);
        src = d->src;
        span = (Span){ 0, 0 };
    }
    /* Clients that do not show related information still say why it is accepted. */
    if (g->accepted)
        msg = rt_sprintf("%s\n%s", msg, say_in(g->accepted->said, s->lang));
    json_t *o = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", lsp_pos_range(src, span),
                          "severity", diag_severity(g), "code", g->code, "source", "charte",
                          "message", diag_json_text(msg));
    if (diag_rules_find(g->code))
        json_object_set_new(o, "codeDescription", json_pack("{s:s}", "href", out_help_uri(g->code, s->lang)));
    /* The acceptance is the last related place: the line that says why. */
    DiagNote acceptance = { 0 };
    if (g->accepted)
        acceptance = (DiagNote){ g->accepted->src, g->accepted->span, g->accepted->said, NULL };
    if (g->notes || g->accepted) {
        json_t *arr = diag_related(s, d, g->notes, json_array());
        json_object_set_new(o, "relatedInformation", g->accepted ? diag_related(s, d, &acceptance, arr) : arr);
    }
    return o;
}

json_t *lsp_diag_publish(const LspServer *s, const LspDoc *d)
{
    json_t *arr = json_array();
    for (unsigned i = 0; i < d->dl->len; i++)
        json_array_append_new(arr, diag_one(s, d, d->dl->items[i]));
    return json_pack("{s:s,s:s,s:{s:s,s:I,s:o}}", "jsonrpc", "2.0", "method", "textDocument/publishDiagnostics",
                     "params", "uri", d->uri, "version", (json_int_t)d->version, "diagnostics", arr);
}
