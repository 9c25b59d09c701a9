/* cli/cmd_lsp.c: `charte lsp`: the language server over stdin/stdout: the session (initialize … exit) and the dispatch of each message. */
#include "cli.h"
#include "gc.h"
#include "lsp.h"
#include "lsp_io.h"
#include "lsp_pos.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* JSON-RPC error codes. */
enum {
    RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600, RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602, RPC_NOT_INITIALIZED = -32002
};

static void lsp_send(LspServer *s, json_t *msg)
{
    lsp_io_write(s->out_fd, msg);
    json_decref(msg);
}

static void lsp_reply(LspServer *s, json_t *id, json_t *result)
{
    lsp_send(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(), "result", result));
}

static void lsp_error(LspServer *s, json_t *id, int code, const char *message)
{
    lsp_send(s, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                          "error", "code", code, "message", message));
}

static json_t *lsp_capabilities(void)
{
    return json_pack("{s:{s:b,s:i},s:b,s:b,s:b,s:{s:[s,s,s]},s:b}",
                     "textDocumentSync", "openClose", 1, "change", 2,
                     "hoverProvider", 1, "definitionProvider", 1, "documentSymbolProvider", 1,
                     "completionProvider", "triggerCharacters", " ", "|", ":",
                     "documentFormattingProvider", 1);
}

static void lsp_initialize(LspServer *s, json_t *id, json_t *params, bool lang_given)
{
    const char *locale = json_string_value(json_object_get(params, "locale"));
    if (!lang_given && locale)
        s->lang = strncmp(locale, "en", 2) == 0 ? SAY_EN : SAY_FR;
    s->initialized = true;
    lsp_reply(s, id, json_pack("{s:o,s:{s:s,s:s}}", "capabilities", lsp_capabilities(),
                               "serverInfo", "name", "charte", "version", VERSION_CHARTE));
}

/* params.textDocument.uri's open document, or NULL. */
static LspDoc *lsp_doc_of(LspServer *s, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    return uri ? lsp_docs_find(s, uri) : NULL;
}

static void lsp_publish(LspServer *s, LspDoc *d)
{
    lsp_send(s, lsp_diag_publish(s, d));
}

static void lsp_did_open(LspServer *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text))
        return;
    lsp_publish(s, lsp_docs_set(s, uri, json_string_value(json_object_get(td, "languageId")),
                                (long)json_integer_value(json_object_get(td, "version")),
                                json_string_value(text), json_string_length(text)));
}

/* One change: a range and its new text, or (no range) the whole text. The
** range is read on the text as the changes before it left it: the document as
** the editor has it (a literate charter's Markdown, prose included). */
static bool lsp_apply_change(LspDoc *d, Source **src, json_t *change)
{
    json_t *text = json_object_get(change, "text"), *range = json_object_get(change, "range");
    if (!json_is_string(text))
        return false;
    size_t n = json_string_length(text);
    if (!range) {
        *src = source_from_memory(d->path, json_string_value(text), n);
        return true;
    }
    json_t *a = json_object_get(range, "start"), *b = json_object_get(range, "end");
    uint32_t from = lsp_pos_offset(*src, (long)json_integer_value(json_object_get(a, "line")),
                                   (long)json_integer_value(json_object_get(a, "character")));
    uint32_t to = lsp_pos_offset(*src, (long)json_integer_value(json_object_get(b, "line")),
                                 (long)json_integer_value(json_object_get(b, "character")));
    if (to < from)
        return false;
    size_t len = (*src)->len - (to - from) + n;
    if (len > SOURCE_MAX_BYTES + 1)
        len = SOURCE_MAX_BYTES + 1;      /* lsp_docs_set refuses it whole */
    char *t = rt_alloc_atomic(len + 1);
    size_t k = from < len ? from : len;
    memcpy(t, (*src)->text, k);
    size_t m = n < len - k ? n : len - k;
    memcpy(t + k, json_string_value(text), m);
    memcpy(t + k + m, (*src)->text + to, len - k - m);
    *src = source_from_memory(d->path, t, len);
    return true;
}

/* Incremental synchronisation: each change applies to the text the one before left. */
static void lsp_did_change(LspServer *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *changes = json_object_get(params, "contentChanges");
    LspDoc *d = uri ? lsp_docs_find(s, uri) : NULL;
    if (!d || !json_is_array(changes))
        return;
    Source *src = d->src->markdown ? source_from_memory(d->path, d->src->markdown, d->src->len) : d->src;
    for (size_t i = 0; i < json_array_size(changes); i++)
        if (!lsp_apply_change(d, &src, json_array_get(changes, i)))
            return;
    lsp_publish(s, lsp_docs_set(s, uri, NULL, (long)json_integer_value(json_object_get(td, "version")), src->text, src->len));
}

static void lsp_did_close(LspServer *s, json_t *params)
{
    LspDoc *d = lsp_doc_of(s, params);
    if (!d)
        return;
    /* The editor clears what it showed for a closed document. */
    lsp_send(s, json_pack("{s:s,s:s,s:{s:s,s:[]}}", "jsonrpc", "2.0", "method", "textDocument/publishDiagnostics",
                          "params", "uri", d->uri, "diagnostics"));
    lsp_docs_close(s, d->uri);
}

/* Requests about a place in a document: hover, definition. */
static bool lsp_offset_of(LspDoc *d, json_t *params, uint32_t *offset)
{
    json_t *pos = json_object_get(params, "position");
    json_t *line = json_object_get(pos, "line"), *ch = json_object_get(pos, "character");
    if (!json_is_integer(line) || !json_is_integer(ch))
        return false;
    *offset = lsp_pos_offset(d->src, (long)json_integer_value(line), (long)json_integer_value(ch));
    return true;
}

static void lsp_document_request(LspServer *s, const char *method, json_t *id, json_t *params)
{
    LspDoc *d = lsp_doc_of(s, params);
    uint32_t offset = 0;
    bool positional = strcmp(method, "textDocument/hover") == 0 || strcmp(method, "textDocument/definition") == 0
                      || strcmp(method, "textDocument/completion") == 0;
    if (!d || (positional && !lsp_offset_of(d, params, &offset))) {
        lsp_error(s, id, RPC_INVALID_PARAMS, d ? "position expected" : "document not open");
        return;
    }
    /* A literate charter's prose is the writer's own: nothing to hover, define or complete there. */
    json_t *result = positional && !lsp_docs_in_charter(d, offset) ? json_null()
                   : strcmp(method, "textDocument/hover") == 0 ? lsp_hover(s, d, offset)
                   : strcmp(method, "textDocument/definition") == 0 ? lsp_nav_definition(s, d, offset)
                   : strcmp(method, "textDocument/documentSymbol") == 0 ? lsp_nav_symbols(s, d)
                   : strcmp(method, "textDocument/completion") == 0 ? lsp_complete(s, d, offset)
                   : lsp_format(s, d);
    lsp_reply(s, id, result);
}

static bool lsp_is_document_request(const char *method)
{
    static const char *const methods[] = { "textDocument/hover", "textDocument/definition", "textDocument/documentSymbol",
                                           "textDocument/completion", "textDocument/formatting" };
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        if (strcmp(method, methods[i]) == 0)
            return true;
    return false;
}

/* One message; false when the session is over (exit), *code its exit status. */
static bool lsp_dispatch(LspServer *s, json_t *msg, bool lang_given, int *code)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *id = json_object_get(msg, "id"), *params = json_object_get(msg, "params");
    if (!json_is_object(msg) || !method) {
        /* A response from the client (we send no request) is ignored; anything else is invalid. */
        if (!json_is_object(msg) || (!json_object_get(msg, "result") && !json_object_get(msg, "error")))
            lsp_error(s, id, RPC_INVALID_REQUEST, "invalid request");
        return true;
    }
    if (strcmp(method, "exit") == 0) {
        *code = s->shutdown ? CLI_OK : CLI_FINDINGS;
        return false;
    }
    if (strcmp(method, "initialize") == 0)
        lsp_initialize(s, id, params, lang_given);
    else if (!s->initialized) {
        if (id)
            lsp_error(s, id, RPC_NOT_INITIALIZED, "server not initialized");
    } else if (strcmp(method, "shutdown") == 0) {
        s->shutdown = true;
        lsp_reply(s, id, json_null());
    } else if (s->shutdown) {
        if (id)
            lsp_error(s, id, RPC_INVALID_REQUEST, "server shut down");
    } else if (strcmp(method, "textDocument/didOpen") == 0)
        lsp_did_open(s, params);
    else if (strcmp(method, "textDocument/didChange") == 0)
        lsp_did_change(s, params);
    else if (strcmp(method, "textDocument/didClose") == 0)
        lsp_did_close(s, params);
    else if (lsp_is_document_request(method) && id)
        lsp_document_request(s, method, id, params);
    else if (id)
        lsp_error(s, id, RPC_METHOD_NOT_FOUND, "method not found");
    /* Unknown notifications (initialized, $/…, didSave) need no answer. */
    return true;
}

static int lsp_usage(SayLang lang, Say msg)
{
    cli_error(lang, CLI_CODE_USAGE, msg);
    return CLI_ERROR;
}

int cmd_lsp(int argc, char **argv)
{
    rt_long_running();
    LspServer *s = RT_NEW(LspServer);
    s->lang = cli_default_lang();
    s->out_fd = STDOUT_FILENO;
    bool lang_given = false;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v = cli_lang_value(argc, argv, &i, &missing);
        if (v && cli_parse_lang(v, &s->lang))
            lang_given = true;
        else if (v)
            return lsp_usage(s->lang, cli_lang_refused(argv, i, v));
        else if (strcmp(argv[i], "--stdio") == 0)
            continue;            /* what editors pass by habit: stdio is the only transport */
        else
            return lsp_usage(s->lang, SAYF(("option inconnue « %s » (voir charte lsp --help)", argv[i]),
                                           ("unknown option %s (see charte lsp --help)", say_q_en(argv[i]))));
    }
    LspReader r = { .fd = STDIN_FILENO };
    int code = CLI_FINDINGS;     /* the stream ended without exit */
    for (;;) {
        char *body;
        size_t len;
        LspIoStatus st = lsp_io_read(&r, &body, &len);
        if (st == LSP_IO_EOF)
            break;
        /* The editor shows the server's stderr as its log: a frame it cannot read is
        ** said there, with its byte, rather than a bare "server crashed". */
        if (st == LSP_IO_BAD_HEADER) {
            cli_error(s->lang, CLI_CODE_PROTOCOL, lsp_io_fault_message(&r));
            code = CLI_ERROR;    /* the stream cannot be read on: no later message can be found */
            break;
        }
        if (st == LSP_IO_TOO_LARGE) {
            cli_error(s->lang, CLI_CODE_PROTOCOL, lsp_io_fault_message(&r));
            lsp_error(s, NULL, RPC_INVALID_REQUEST, "message too large");
            continue;
        }
        json_error_t err;
        json_t *msg = json_loadb(body, len, 0, &err);
        if (!msg) {
            /* The frame was whole: the next one is found, so the session goes on. */
            unsigned long long at = lsp_io_body_offset(&r, len);
            unsigned long long where = at + (unsigned long long)err.position;
            cli_error(s->lang, CLI_CODE_PROTOCOL,
                      SAYF(("corps de message qui n'est pas du JSON, erreur près de l'octet %llu du flux (corps à l'octet %llu) ; "
                            "message ignoré", where, at),
                           ("message body that is not JSON, error near byte %llu of the stream (body at byte %llu); "
                            "message ignored", where, at)));
            lsp_error(s, NULL, RPC_PARSE_ERROR, "parse error");
            continue;
        }
        bool go_on = lsp_dispatch(s, msg, lang_given, &code);
        json_decref(msg);
        if (!go_on)
            break;
    }
    lsp_io_reader_free(&r);
    return code;
}
