/* lang/literate.c: literate charters: finding the ```charte blocks of a Markdown document and blanking the prose around them. */
#include "literate.h"

#include "gc.h"

#include <stdio.h>
#include <stdlib.h>

#include <string.h>

bool literate_is_path(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n >= 3 && strcmp(path + n - 3, ".md") == 0;
}

typedef struct Fence {
    char ch;                 /* '`' or '~' */
    size_t len;              /* length of the opening run */
} Fence;

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Up to three spaces, then the start of a run of ` or ~; the run's offset, or -1. */
static long fence_run_start(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && line[i] == ' ')
        i++;
    if (i >= n || (line[i] != '`' && line[i] != '~'))
        return -1;
    return (long)i;
}

/* An opening fence: *f is filled, *charte says whether its language is charte. */
static bool fence_open(const char *line, size_t n, Fence *f, bool *charte)
{
    long at = fence_run_start(line, n);
    if (at < 0)
        return false;
    size_t i = (size_t)at, run = 0;
    char c = line[i];
    while (i < n && line[i] == c)
        i++, run++;
    if (run < 3)
        return false;
    /* CommonMark: the info string of a backtick fence holds no backtick. */
    if (c == '`' && memchr(line + i, '`', n - i))
        return false;
    while (i < n && is_blank(line[i]))
        i++;
    size_t word = i;
    while (i < n && !is_blank(line[i]) && line[i] != '{')
        i++;
    *charte = i - word == 6 && strncmp(line + word, "charte", 6) == 0;
    f->ch = c;
    f->len = run;
    return true;
}

static bool fence_close(const char *line, size_t n, const Fence *f)
{
    long at = fence_run_start(line, n);
    if (at < 0 || line[at] != f->ch)
        return false;
    size_t i = (size_t)at, run = 0;
    while (i < n && line[i] == f->ch)
        i++, run++;
    if (run < f->len)
        return false;
    while (i < n && is_blank(line[i]))
        i++;
    return i == n;
}

/* Spaces for the bytes of a line of prose; a byte-order mark at the very start stays. */
static void blank_line(char *out, size_t start, size_t end)
{
    if (start == 0 && end >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    memset(out + start, ' ', end - start);
}

typedef enum { LIT_PROSE, LIT_CHARTE, LIT_OTHER_CODE } LitState;

char *literate_extract(const char *text, size_t len, SourceBlock **blocks, int *nblocks)
{
    char *out = rt_alloc_atomic(len + 1);
    memcpy(out, text, len);
    out[len] = '\0';
    *blocks = NULL;
    *nblocks = 0;
    LitState state = LIT_PROSE;
    Fence fence = { 0, 0 };
    size_t block_start = 0;
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t next = nl ? end + 1 : len;
        const char *line = text + start;
        size_t n = end - start;
        bool charte = false;
        switch (state) {
        case LIT_PROSE:
            if (fence_open(line, n, &fence, &charte)) {
                state = charte ? LIT_CHARTE : LIT_OTHER_CODE;
                block_start = next;
            }
            blank_line(out, start, end);
            break;
        case LIT_CHARTE:
            if (fence_close(line, n, &fence)) {
                RT_GROW_ATOMIC(*blocks, *nblocks);
                (*blocks)[(*nblocks)++] = (SourceBlock){ (uint32_t)block_start, (uint32_t)start };
                state = LIT_PROSE;
                blank_line(out, start, end);
            }
            break;
        case LIT_OTHER_CODE:
            if (fence_close(line, n, &fence))
                state = LIT_PROSE;
            blank_line(out, start, end);
            break;
        }
        start = next;
    }
    if (state == LIT_CHARTE) {
        RT_GROW_ATOMIC(*blocks, *nblocks);
        (*blocks)[(*nblocks)++] = (SourceBlock){ (uint32_t)block_start, (uint32_t)len };
    }
    return out;
}

/* ---- charte fmt on a literate charter ------------------------------------------------------- */

/* A comment line put before each block so that its place survives formatting. */
#define LITERATE_MARK "-- charte fmt: bloc "

static char *literate_joined_blocks(const Source *src, size_t *len)
{
    char *text = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&text, &n);
    if (!mem)
        return NULL;
    for (int i = 0; i < src->nblocks; i++) {
        /* The blank line before the mark keeps a table of one block apart from the next, as the fences do. */
        fprintf(mem, "\n" LITERATE_MARK "%d\n", i);
        fwrite(src->markdown + src->blocks[i].start, 1, src->blocks[i].end - src->blocks[i].start, mem);
    }
    fclose(mem);
    char *out = rt_strndup(text ? text : "", n);
    free(text);
    *len = n;
    return out;
}

static bool literate_is_mark(const char *line, size_t n, int block)
{
    while (n > 0 && (*line == ' ' || *line == '\t'))
        line++, n--;
    const char *mark = rt_sprintf(LITERATE_MARK "%d", block);
    return n == strlen(mark) && memcmp(line, mark, n) == 0;
}

/* Cuts formatted text at its marks: chunk i is [cut[i], cut[i+1]) with its blank lines at both ends dropped. */
static bool literate_cut(const char *text, size_t len, int nblocks, size_t *from, size_t *to)
{
    int found = 0;
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t next = nl ? (size_t)(nl - text) + 1 : len;
        size_t end = nl ? next - 1 : len;
        if (found < nblocks && literate_is_mark(text + start, end - start, found)) {
            if (found > 0)
                to[found - 1] = start;
            from[found++] = next;
        }
        start = next;
    }
    if (found != nblocks)
        return false;
    if (nblocks > 0)
        to[nblocks - 1] = len;
    for (int i = 0; i < nblocks; i++) {
        while (from[i] < to[i] && text[from[i]] == '\n')
            from[i]++;
        while (to[i] > from[i] + 1 && text[to[i] - 1] == '\n' && text[to[i] - 2] == '\n')
            to[i]--;
    }
    return true;
}

FmtStatus literate_format(Source *src, DiagList *dl, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    char *ignored;
    size_t ignored_len;
    /* The document itself first, so that a syntax error points into it. */
    FmtStatus st = fmt_charter(src, dl, &ignored, &ignored_len);
    if (st != FMT_OK)
        return st;
    size_t joined_len;
    char *joined = literate_joined_blocks(src, &joined_len);
    if (!joined)
        return FMT_MEANING;
    char *formatted;
    size_t formatted_len;
    st = fmt_charter(source_from_memory(src->name, joined, joined_len), diag_list_new(), &formatted, &formatted_len);
    if (st != FMT_OK)
        return FMT_MEANING;
    size_t *from = rt_alloc_atomic(sizeof(size_t) * (size_t)(src->nblocks + 1));
    size_t *to = rt_alloc_atomic(sizeof(size_t) * (size_t)(src->nblocks + 1));
    if (!literate_cut(formatted, formatted_len, src->nblocks, from, to))
        return FMT_MEANING;
    char *text = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&text, &n);
    if (!mem)
        return FMT_MEANING;
    /* The blocks are formatted joined, in LF: they take the document's line ends (its first line's). */
    bool crlf = fmt_text_crlf(src->markdown, src->len);
    size_t at = 0;
    for (int i = 0; i < src->nblocks; i++) {
        fwrite(src->markdown + at, 1, src->blocks[i].start - at, mem);
        size_t k = to[i] - from[i];
        const char *block = crlf ? fmt_file_form(formatted + from[i], k, false, true, &k) : formatted + from[i];
        fwrite(block, 1, k, mem);
        at = src->blocks[i].end;
    }
    fwrite(src->markdown + at, 1, src->len - at, mem);
    fclose(mem);
    char *result = rt_strndup(text ? text : "", n);
    free(text);
    Source *again = source_from_markdown(src->name, result, n);
    if (again->nblocks != src->nblocks || !fmt_same_meaning(src, again) || !fmt_same_tree(src, again))
        return FMT_MEANING;
    *out = (char *)again->markdown;   /* result with its final line break */
    *out_len = again->len;
    return FMT_OK;
}
