/* cli/lsp.h: the language server's state (open documents, their last check) and what its files share. */
#ifndef CHARTE_LSP_H
#define CHARTE_LSP_H

#include "diag.h"
#include "model.h"
#include "source.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
** `charte lsp` (cli/cmd_lsp.c) speaks the Language Server Protocol over
** stdin/stdout. Each file owns one concept: framing (lsp_io), positions in
** UTF-16 code units (lsp_pos), open documents and their check (lsp_docs),
** diagnostics (lsp_diag), the names a document can refer to (lsp_names),
** hover (lsp_hover), definition and document symbols (lsp_nav), completion
** (lsp_complete) and formatting (lsp_format). All memory is the collector's,
** except jansson's, which each request frees before it returns.
*/

typedef struct LspDoc {
    const char *uri;
    const char *path;        /* the file the URI names; the URI itself when not file: */
    long version;
    Source *src;             /* the text as the editor has it (a literate charter's: source_from_markdown) */
    DiagList *dl;            /* its last check */
    Model *model;            /* the Model of the last check that parsed (maybe partial), or NULL */
    bool english;            /* the charter's keywords are the English ones */
    bool literate;           /* Markdown whose ```charte blocks are the charter (lang/literate.h) */
} LspDoc;

typedef struct LspServer {
    LspDoc **docs;
    int ndocs;
    SayLang lang;            /* language of messages: --lang, else the client's locale */
    bool initialized, shutdown;
    int out_fd;
} LspServer;

/* lsp_docs.c */
LspDoc *lsp_docs_find(LspServer *s, const char *uri);
/* Opens or replaces the document's text and checks it again. language_id is the
** client's (didOpen), NULL for a change: the document keeps what it was opened as. */
LspDoc *lsp_docs_set(LspServer *s, const char *uri, const char *language_id, long version, const char *text, size_t len);
/* true when offset is in the charter's text: anywhere in a plain charter, inside a
** ```charte block of a literate one (its prose and fences are no charter). */
bool lsp_docs_in_charter(const LspDoc *d, uint32_t offset);
void lsp_docs_close(LspServer *s, const char *uri);
/* The file a file: URI names (percent-decoded), NULL for another scheme. */
char *lsp_docs_uri_path(const char *uri);
/* A file: URI for an absolute path. */
char *lsp_docs_path_uri(const char *path);
/* The URI an editor can open for a source: the document's own, a file's, or
** the installed copy of a stdlib module; NULL when there is none. */
const char *lsp_docs_source_uri(const LspDoc *d, const Source *src);

/* lsp_names.c: the names a document can use, each with where it is declared. */
typedef enum {
    LSP_NAME_SCOPE, LSP_NAME_CATEGORY, LSP_NAME_FAMILY, LSP_NAME_PUBLIC, LSP_NAME_CONSTANT,
    LSP_NAME_INDICATOR, LSP_NAME_COLUMN, LSP_NAME_KINDS
} LspNameKind;

typedef struct LspName {
    LspNameKind kind;
    const char *name;
    int index;               /* into the Model's array of its kind (a column: of its table) */
    int table;               /* a column's table (M_TABLE_…), else -1 */
    AstDecl *decl;           /* a constant's declaration, else NULL */
    Prov prov;               /* the declaration and its article */
    Span name_span;          /* the name itself in prov.src, within the declaration */
} LspName;

/* Every name declared in m (the stdlib's included), in declaration order per kind. */
LspName *lsp_names_all(const Model *m, int *count);
/* Those spelt name (NFC), up to max. */
int lsp_names_find(const Model *m, const char *name, LspName *out, int max);
/* "périmètre" / "scope"… */
const char *lsp_names_kind(LspNameKind kind, bool english);

/* lsp_diag.c: the publishDiagnostics notification of a document. */
json_t *lsp_diag_publish(const LspServer *s, const LspDoc *d);

/* lsp_hover.c, lsp_nav.c, lsp_complete.c, lsp_format.c: each answers its
** request with the result (json null when there is nothing to say). */
json_t *lsp_hover(const LspServer *s, const LspDoc *d, uint32_t offset);
json_t *lsp_nav_definition(const LspServer *s, const LspDoc *d, uint32_t offset);
json_t *lsp_nav_symbols(const LspServer *s, const LspDoc *d);
/* The `utilise` line of the main charter at offset (*use) and the module it loads, NULL when
** offset is on no such line; the word an article, an amendment or an example is called
** (the outline's and the hover's). */
const AstCharter *lsp_nav_import_at(const Model *m, uint32_t offset, const AstItem **use);
const char *lsp_nav_item_word(const AstItem *it, bool english);
json_t *lsp_complete(const LspServer *s, const LspDoc *d, uint32_t offset);
json_t *lsp_format(const LspServer *s, const LspDoc *d);

#endif
