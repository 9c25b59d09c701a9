/* cli/lsp_docs.c: the language server's open documents: their text, their last check, and the URIs of the sources they load. */
#include "lsp.h"

#include "check.h"
#include "gc.h"
#include "literate.h"
#include "prelude.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

LspDoc *lsp_docs_find(LspServer *s, const char *uri)
{
    for (int i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0)
            return s->docs[i];
    return NULL;
}

static int docs_hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *lsp_docs_uri_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (*p != '/')              /* file://host/…: only the local host */
        p = strchr(p, '/');
    if (!p)
        return NULL;
    size_t n = strlen(p);
    char *out = rt_alloc_atomic(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%' && i + 2 < n + 1 && docs_hex(p[i + 1]) >= 0 && docs_hex(p[i + 2]) >= 0) {
            *o++ = (char)(docs_hex(p[i + 1]) * 16 + docs_hex(p[i + 2]));
            i += 2;
        } else
            *o++ = p[i];
    }
    *o = '\0';
    return out;
}

char *lsp_docs_path_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = rt_alloc_atomic(7 + 3 * n + 1), *o = out;
    memcpy(o, "file://", 7);
    o += 7;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/-._~", c))
            *o++ = (char)c;
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* The folder of this executable, for the stdlib copy installed beside it. */
static const char *docs_exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return rt_strdup(buf);
}

static bool docs_file_is(const char *path, const char *text, size_t len)
{
    Source *f;
    if (source_read_file(path, path, &f) != SOURCE_OK)
        return false;
    /* source_read_file adds a final newline when the file has none. */
    return (f->len == len || f->len == len + 1) && memcmp(f->text, text, len) == 0;
}

/* A stdlib module is embedded; an editor opens a file: the installed copy
** (PREFIX/share/charte/stdlib) or the source tree's, when it holds the same text. */
static const char *docs_stdlib_uri(const char *module_file)
{
    const char *dir = docs_exe_dir();
    char *name = rt_strdup(module_file);
    char *dot = strrchr(name, '.');
    if (dot)
        *dot = '\0';
    size_t len;
    const char *text = prelude_lookup(name, &len);
    if (!dir || !text)
        return NULL;
    const char *places[] = { "../share/charte/stdlib", "../stdlib", "../../stdlib", "../../../stdlib" };
    for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
        const char *path = rt_sprintf("%s/%s/%s", dir, places[i], module_file);
        char real[PATH_MAX];
        if (realpath(path, real) && docs_file_is(real, text, len))
            return lsp_docs_path_uri(real);
    }
    return NULL;
}

const char *lsp_docs_source_uri(const LspDoc *d, const Source *src)
{
    static const char std_prefix[] = "<stdlib>/";
    if (!src)
        return NULL;
    if (d && (src == d->src || (!src->path && strcmp(src->name, d->path) == 0)))
        return d->uri;       /* the document, or its last text that parsed */
    if (src->path) {
        char real[PATH_MAX];
        return lsp_docs_path_uri(realpath(src->path, real) ? real : src->path);
    }
    if (strncmp(src->name, std_prefix, sizeof std_prefix - 1) == 0)
        return docs_stdlib_uri(src->name + sizeof std_prefix - 1);
    return NULL;
}

static void docs_check(const LspServer *s, LspDoc *d)
{
    d->dl = diag_list_new();
    Model *partial = NULL;
    CheckOptions opts = { .english = s->lang == SAY_EN, .partial = &partial };
    check_program(d->src, d->dl, &opts);
    diag_sort(d->dl);
    /* A text that does not parse keeps the names of its last good parse: the
    ** editor goes on hovering and completing while a line is half typed. */
    if (partial && partial->main) {
        d->model = partial;
        d->english = partial->main->english;
    }
}

/* A literate charter as charte check tells one (a path ending in .md), or what the
** editor says it opened: Markdown (an untitled document has no path to tell by). */
static bool docs_is_literate(const char *path, const char *language_id)
{
    return literate_is_path(path) || (language_id && strcmp(language_id, "markdown") == 0);
}

bool lsp_docs_in_charter(const LspDoc *d, uint32_t offset)
{
    if (!d->src->markdown)
        return true;
    for (int i = 0; i < d->src->nblocks; i++)
        if (d->src->blocks[i].start <= offset && offset <= d->src->blocks[i].end)
            return true;
    return false;
}

LspDoc *lsp_docs_set(LspServer *s, const char *uri, const char *language_id, long version, const char *text, size_t len)
{
    LspDoc *d = lsp_docs_find(s, uri);
    if (!d) {
        d = RT_NEW(LspDoc);
        d->uri = rt_strdup(uri);
        const char *path = lsp_docs_uri_path(uri);
        d->path = path ? path : d->uri;
        RT_GROW(s->docs, s->ndocs);
        s->docs[s->ndocs++] = d;
    }
    if (language_id)
        d->literate = docs_is_literate(d->path, language_id);
    d->version = version;
    if (len > SOURCE_MAX_BYTES) {
        /* As check says of a file this large: one diagnostic, nothing parsed. */
        d->src = source_from_memory(d->path, "", 0);
        d->dl = diag_list_new();
        diag_add(d->dl, DIAG_ERROR, "C0006", d->src, (Span){ 0, 0 },
                 say(source_status_message(SOURCE_TOO_LARGE, false), source_status_message(SOURCE_TOO_LARGE, true)));
        return d;
    }
    d->src = d->literate ? source_from_markdown(d->path, text, len) : source_from_memory(d->path, text, len);
    docs_check(s, d);
    return d;
}

void lsp_docs_close(LspServer *s, const char *uri)
{
    for (int i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0) {
            s->docs[i] = s->docs[--s->ndocs];
            s->docs[s->ndocs] = NULL;
            return;
        }
}
