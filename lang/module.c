/* lang/module.c: loads the main charter and its imports: stdlib lookup, path confinement with realpath, cycles, one parse per module. */
#include "module.h"

#include "gc.h"
#include "parse.h"
#include "path.h"
#include "prelude.h"
#include "utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Deep enough for any real charter; beyond it something is wrong with the tree. */
#define MODULE_MAX_DEPTH 64

typedef struct Frame {
    const char *key;
    const char *name;        /* as shown in messages */
} Frame;

typedef struct Loader {
    Checker *ck;
    const char *root;        /* real path of the main file's folder, or NULL */
    IdMap loaded;           /* key -> module index */
    Frame stack[MODULE_MAX_DEPTH];
    int depth;
    bool failed;
} Loader;

/* An import's path as written, relative to the importing file's folder:
** "./" is not added when that folder is the current one. */
static const char *join_path(const char *dir, const char *rel)
{
    return strcmp(dir, ".") == 0 ? rel : path_join(dir, rel);
}

/* a/b/../c -> a/c, "." dropped: the path a `..` leads to, before any link is followed. */
static const char *lexical_normal(const char *path)
{
    size_t n = strlen(path);
    char *out = rt_alloc_atomic(n + 2);
    size_t len = 0;
    const char *p = path;
    bool absolute = *p == '/';
    while (*p) {
        while (*p == '/')
            p++;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t seg = (size_t)(p - start);
        if (seg == 0 || (seg == 1 && start[0] == '.'))
            continue;
        if (seg == 2 && start[0] == '.' && start[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            continue;
        }
        if (len > 0 || absolute)
            out[len++] = '/';
        memcpy(out + len, start, seg);
        len += seg;
    }
    if (len == 0 && absolute)
        out[len++] = '/';
    out[len] = '\0';
    return out;
}

static const char *real_path(const char *path)
{
    char *r = realpath(path, NULL);
    if (!r)
        return NULL;
    const char *copy = rt_strdup(r);
    free(r);
    return copy;
}

static bool inside(const char *root, const char *path)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return true;
    return strncmp(path, root, n) == 0 && path[n] == '/';
}

static void add_module(Loader *ld, AstCharter *ast, bool std, const char *key)
{
    Checker *ck = ld->ck;
    int n = ck->nmodules;
    /* RT_GROW doubles: a charter may import thousands of files, and copying
    ** both arrays at every import would cost the square of their number. */
    RT_GROW(ck->modules, n);
    RT_GROW(ck->m->modules, n);
    ck->modules[n] = (CheckerModule){ ast, std, key };
    ck->m->modules[n] = ast;
    ck->nmodules = ck->m->nmodules = n + 1;
    idmap_add(&ld->loaded, key, strlen(key), n);
}

/* The importing module, for messages about its `utilise` lines. */
typedef struct Importer {
    AstCharter *ast;
    bool std;
    const char *real_dir;    /* real path of its folder, NULL when unknown */
} Importer;

static Diag *import_error(Loader *ld, const Importer *from, AstItem *use, const char *code,
                          const char *fr, const char *en)
{
    ld->failed = true;
    return diag_add(ld->ck->dl, DIAG_ERROR, code, from->ast->src, use->module_span, say(fr, en));
}

static void load(Loader *ld, Source *src, const char *key, bool std);

static const char *cycle_text(const Loader *ld, int from, const char *again)
{
    const char *s = "";
    for (int i = from; i < ld->depth; i++)
        s = rt_sprintf("%s%s → ", s, ld->stack[i].name);
    return rt_sprintf("%s%s", s, again);
}

/* Returns true when key is already loaded or being loaded (then reported). */
static bool seen(Loader *ld, const Importer *from, AstItem *use, const char *key, const char *name)
{
    for (int i = 0; i < ld->depth; i++)
        if (strcmp(ld->stack[i].key, key) == 0) {
            const char *cycle = cycle_text(ld, i, name);
            import_error(ld, from, use, "C0207",
                         rt_sprintf("cycle d'imports : %s", cycle),
                         rt_sprintf("import cycle: %s", cycle));
            return true;
        }
    return idmap_index(&ld->loaded, key) >= 0;
}

static const char *known_modules(void)
{
    const char *s = "";
    for (const char *const *n = prelude_names(); *n; n++)
        s = rt_sprintf("%s%s%s", s, *s ? ", " : "", *n);
    return s;
}

static void use_stdlib(Loader *ld, const Importer *from, AstItem *use)
{
    const char *want = utf8_key(use->module, strlen(use->module));
    const char *found = NULL;
    for (const char *const *n = prelude_names(); *n && !found; n++)
        if (strcmp(utf8_key(*n, strlen(*n)), want) == 0)
            found = *n;
    if (!found) {
        const char *const *names = prelude_names();
        int count = 0;
        while (names[count])
            count++;
        import_error(ld, from, use, "C0204",
            rt_sprintf("module inconnu « %s » (modules connus : %s)%s", use->module,
                       known_modules(), checker_suggest_in(names, count, use->module, false)),
            rt_sprintf("unknown module “%s” (known modules: %s)%s", use->module,
                       known_modules(), checker_suggest_in(names, count, use->module, true)));
        return;
    }
    const char *key = rt_sprintf("std:%s", found);
    const char *name = rt_sprintf("<stdlib>/%s.charte", found);
    if (seen(ld, from, use, key, name))
        return;
    size_t len;
    const char *text = prelude_lookup(found, &len);
    load(ld, source_from_memory(name, text, len), key, true);
}

static void outside(Loader *ld, const Importer *from, AstItem *use, const char *rel)
{
    import_error(ld, from, use, "C0206",
                 rt_sprintf("« %s » est hors du dossier de la charte principale : une charte "
                            "n'importe que des fichiers de son dossier et de ses sous-dossiers", rel),
                 rt_sprintf("“%s” is outside the main charter's folder: a charter may only import "
                            "files from its folder and its subfolders", rel));
}

static void use_file(Loader *ld, const Importer *from, AstItem *use)
{
    const char *rel = use->module;
    if (from->std) {
        import_error(ld, from, use, "C0206",
                     rt_sprintf("un module de la bibliothèque standard ne peut importer que "
                                "d'autres modules standard, pas « %s »", rel),
                     rt_sprintf("a standard library module may only import other standard "
                                "modules, not “%s”", rel));
        return;
    }
    if (rel[0] == '/') {
        import_error(ld, from, use, "C0206",
                     rt_sprintf("chemin absolu interdit : « %s » ; indiquez un chemin relatif au "
                                "dossier de la charte", rel),
                     rt_sprintf("absolute path not allowed: “%s”; give a path relative to the "
                                "charter's folder", rel));
        return;
    }
    Source *src = from->ast->src;
    const char *base = src->path ? src->path : src->name;
    const char *path = join_path(path_dir(base), rel);
    const char *shown = join_path(path_dir(src->name), rel);
    /* `..` is judged on the path as written, links on the real path below. */
    if (ld->root && from->real_dir
        && !inside(ld->root, lexical_normal(join_path(from->real_dir, rel)))) {
        outside(ld, from, use, rel);
        return;
    }
    const char *real = real_path(path);
    if (!real) {
        int err = errno;
        import_error(ld, from, use, "C0205",
                     rt_sprintf("fichier importé introuvable : « %s »%s", shown,
                                err == ENOENT ? "" : " (illisible)"),
                     rt_sprintf("imported file not found: “%s”%s", shown,
                                err == ENOENT ? "" : " (unreadable)"));
        return;
    }
    if (ld->root && !inside(ld->root, real)) {
        outside(ld, from, use, rel);
        return;
    }
    if (seen(ld, from, use, real, shown))
        return;
    Source *loaded = NULL;
    SourceStatus st = source_read_file(path, shown, &loaded);
    if (st != SOURCE_OK || !loaded) {
        import_error(ld, from, use, "C0205",
                     rt_sprintf("impossible de lire le fichier importé « %s »%s", shown,
                                st == SOURCE_IS_DIRECTORY ? " : c'est un dossier"
                                : st == SOURCE_NOT_REGULAR ? " : ce n'est pas un fichier ordinaire"
                                : st == SOURCE_TOO_LARGE ? " : fichier trop grand" : ""),
                     rt_sprintf("cannot read the imported file “%s”%s", shown,
                                st == SOURCE_IS_DIRECTORY ? ": it is a folder"
                                : st == SOURCE_NOT_REGULAR ? ": not a regular file"
                                : st == SOURCE_TOO_LARGE ? ": file too large" : ""));
        return;
    }
    load(ld, loaded, real, false);
}

/* Modules are added imports first, so that a module's names exist before
** the module that uses them is checked; the stack names a cycle. */
static void load_imports_then_add(Loader *ld, AstCharter *ast, bool std, const char *key,
                                  const char *name, const char *dir)
{
    ld->stack[ld->depth++] = (Frame){ key, name };
    Importer from = { ast, std, dir };
    for (int i = 0; i < ast->items.len; i++) {
        AstItem *it = AST_AT(ast->items, AstItem, i);
        if (it->kind != AST_ITEM_USE || !it->module)
            continue;
        if (it->module_is_path)
            use_file(ld, &from, it);
        else
            use_stdlib(ld, &from, it);
    }
    ld->depth--;
    add_module(ld, ast, std, key);
}

static void load(Loader *ld, Source *src, const char *key, bool std)
{
    Checker *ck = ld->ck;
    unsigned before = ck->dl->errors;
    AstCharter *ast = parse_charter(src, ck->dl);
    if (ck->dl->errors != before || !ast) {
        ld->failed = true;
        if (!ast)
            return;
    }
    if (ld->depth >= MODULE_MAX_DEPTH) {
        ld->failed = true;
        diag_add(ck->dl, DIAG_ERROR, "C0207", src, ast->title_span,
                 say("imports imbriqués trop profondément", "imports nested too deeply"));
        return;
    }
    load_imports_then_add(ld, ast, std, key, src->name, std ? NULL : path_dir(key));
}

bool module_load_all(Checker *ck, Source *src)
{
    Loader *ld = RT_NEW(Loader);
    ld->ck = ck;
    const char *key = NULL;
    if (src->path) {
        const char *real = real_path(src->path);
        if (real) {
            key = real;
            ld->root = path_dir(real);
        }
    }
    if (!key) {
        /* An editor's buffer: its name says where it would live. */
        key = rt_sprintf("mem:%s", src->name);
        ld->root = real_path(path_dir(src->name));
    }
    /* The main file first. After its syntax errors, what did parse is still
    ** checked (a writer sees every mistake in one run), unless reading stopped
    ** early: then the rest of the file is unknown. */
    unsigned before = ck->dl->errors;
    AstCharter *ast = parse_charter(src, ck->dl);
    if (!ast || (ck->dl->errors != before && ast->incomplete))
        return false;
    ck->syntax_errors = ck->dl->errors != before;
    load_imports_then_add(ld, ast, false, key, src->name, ld->root);
    ck->main_module = ck->nmodules - 1;
    ck->m->main = ast;
    return !ld->failed;
}
