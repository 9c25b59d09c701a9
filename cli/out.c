/* cli/out.c: what the machine-readable outputs share: the --format names, run errors as diagnostics, relative URIs, help links. */
#include "out.h"

#include "cli.h"
#include "gc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const out_format_names[] = { "text", "json", "sarif", "junit", "github" };
#define OUT_NFORMATS (sizeof out_format_names / sizeof out_format_names[0])

bool out_parse_format(const char *s, unsigned allowed, OutFormat *out)
{
    if (!s)
        return false;
    for (unsigned f = 0; f < OUT_NFORMATS; f++)
        if ((allowed & (1u << f)) && (strcmp(s, out_format_names[f]) == 0 || (f == OUT_TEXT && strcmp(s, "texte") == 0))) {
            *out = (OutFormat)f;
            return true;
        }
    return false;
}

Say out_format_expects(unsigned allowed)
{
    const char *words[OUT_NFORMATS];
    int n = 0;
    for (unsigned f = 0; f < OUT_NFORMATS; f++)
        if (allowed & (1u << f))
            words[n++] = out_format_names[f];
    Say either = say_either(words, n);
    return SAYF(("--format attend %s", either.fr), ("--format expects %s", either.en));
}

void out_run_error(DiagList *dl, const char *code, const char *file, Say msg)
{
    /* An empty source named after the file gives the diagnostic a file and
    ** a position (1:1) in every output, though the file has no text. */
    Source *src = file ? source_from_memory(file, "", 0) : NULL;
    diag_add(dl, DIAG_ERROR, code, src, (Span){ 0, 0 }, msg);
}

void out_unreadable(DiagList *dl, SayLang lang, const char *path, SourceStatus st)
{
    Say msg = SAYF(("%s : %s", path, source_status_message(st, false)),
                   ("%s: %s", path, source_status_message(st, true)));
    cli_error(lang, CLI_CODE_UNREADABLE, msg);
    out_run_error(dl, CLI_CODE_UNREADABLE, path, msg);
}

bool out_is_run_error(const Diag *d)
{
    /* A data file that cannot be read (C08xx) is about the run too. */
    return !d->code || strncmp(d->code, "C08", 3) == 0 || strcmp(d->code, CLI_CODE_UNREADABLE) == 0
           || strcmp(d->code, CLI_CODE_USAGE) == 0;
}

bool out_fails(const Diag *d, bool strict)
{
    return d->severity == DIAG_ERROR || (strict && d->severity == DIAG_WARNING && !d->accepted);
}

void out_position(Source *src, Span span, unsigned *line, unsigned *col, unsigned *end_line,
                  unsigned *end_col)
{
    uint32_t l, c, el, ec;
    source_position(src, span.start, &l, &c);
    source_position(src, span.end > span.start ? span.end : span.start, &el, &ec);
    *line = l;
    *col = c;
    *end_line = el;
    *end_col = ec;
}

static bool out_uri_keeps(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~' || c == '/';
}

static const char *out_percent_encode(const char *s)
{
    size_t n = strlen(s);
    char *out = rt_alloc_atomic(n * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (out_uri_keeps(*p)) {
            *o++ = (char)*p;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

const char *out_uri(const char *name)
{
    if (!name || name[0] == '<')
        return NULL;
    if (name[0] != '/') {
        while (strncmp(name, "./", 2) == 0)
            name += 2;
        return out_percent_encode(name);
    }
    char cwd[PATH_MAX];
    size_t n;
    if (getcwd(cwd, sizeof cwd) && (n = strlen(cwd)) > 1 && strncmp(name, cwd, n) == 0 && name[n] == '/')
        return out_percent_encode(name + n + 1);
    /* Outside the folder of the run: an absolute file URI. */
    return rt_sprintf("file://%s", out_percent_encode(name));
}

/* Where the error pages are published. A build may set it (make DOCS_URL=…),
** a run may override it (CHARTE_DOCS_URL); the default is a reserved,
** never-resolving name that says the address is still to be chosen. */
#ifndef CHARTE_DOCS_URL
#define CHARTE_DOCS_URL "https://charte.invalid/docs/"
#endif

const char *out_help_uri(const char *code, SayLang lang)
{
    const char *base = getenv("CHARTE_DOCS_URL");
    if (!base || !*base)
        base = CHARTE_DOCS_URL;
    size_t n = strlen(base);
    return rt_sprintf("%s%s%serreurs/%s.md", base, n && base[n - 1] == '/' ? "" : "/",
                      lang == SAY_EN ? "en/" : "", code);
}
