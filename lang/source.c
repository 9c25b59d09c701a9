/* lang/source.c: loading source text and mapping byte offsets to line:column in code points. */
#include "source.h"

#include "gc.h"
#include "literate.h"
#include "regular_file.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* text: len bytes in a block of this allocator with room for two more, which
** the Source keeps as its own text. */
static Source *source_adopt(const char *name, char *text, size_t len)
{
    Source *src = RT_NEW(Source);
    if (len == 0 || text[len - 1] != '\n')
        text[len++] = '\n';
    text[len] = '\0';
    src->name = rt_strdup(name);
    src->text = text;
    src->len = len;
    return src;
}

Source *source_from_memory(const char *name, const char *text, size_t len)
{
    char *copy = rt_alloc_bytes(len + 2);
    memcpy(copy, text, len);
    return source_adopt(name, copy, len);
}

Source *source_from_markdown(const char *name, const char *text, size_t len)
{
    /* The document first gets its final line break, so that both texts have one length. */
    Source *src = source_from_memory(name, text, len);
    src->markdown = src->text;
    src->text = literate_extract(src->markdown, src->len, &src->blocks, &src->nblocks);
    return src;
}

const char *source_written(const Source *src)
{
    return src->markdown ? src->markdown : src->text;
}

const char *source_status_message(SourceStatus st, bool english)
{
    switch (st) {
    case SOURCE_OK: return english ? "read" : "lu";
    case SOURCE_NOT_FOUND: return english ? "file not found" : "fichier introuvable";
    case SOURCE_IS_DIRECTORY: return say_english(regular_file_refusal(REGULAR_FILE_IS_DIRECTORY), english);
    case SOURCE_NOT_REGULAR: return say_english(regular_file_refusal(REGULAR_FILE_NOT_REGULAR), english);
    case SOURCE_TOO_LARGE: return english ? "file too large (limit: 16 MiB)" : "fichier trop gros (limite : 16 Mio)";
    default: return english ? "unreadable file" : "fichier illisible";
    }
}

static SourceStatus source_status_of(RegularFileStatus st)
{
    switch (st) {
    case REGULAR_FILE_OK: return SOURCE_OK;
    case REGULAR_FILE_NOT_FOUND: return SOURCE_NOT_FOUND;
    case REGULAR_FILE_IS_DIRECTORY: return SOURCE_IS_DIRECTORY;
    case REGULAR_FILE_NOT_REGULAR: return SOURCE_NOT_REGULAR;
    default: return SOURCE_UNREADABLE;
    }
}

SourceStatus source_read_file(const char *path, const char *name, Source **out)
{
    *out = NULL;
    struct stat st;
    RegularFileStatus why;
    /* Only regular files: a FIFO would block the reader for ever (an import
    ** naming one hung `charte check`), a device could be endless. */
    int fd = regular_file_open(path, &st, &why);
    if (fd < 0)
        return source_status_of(why);
    if ((unsigned long long)st.st_size > SOURCE_MAX_BYTES) {
        close(fd);
        return SOURCE_TOO_LARGE;
    }
    FILE *fp = fdopen(fd, "rb");
    if (!fp) {
        close(fd);
        return SOURCE_UNREADABLE;
    }
    /* Read in pieces: a file in /proc says size 0 and a file may grow while read.
    ** The first piece is the size stat gives (and the byte that sees the end):
    ** doubling up to 3.6 MB from 8 bytes cost 20 copies and 8 collections. */
    size_t len = 0;
    char *buf = st.st_size > 0 ? rt_alloc_bytes((size_t)st.st_size + 3) : NULL;
    for (;;) {
        if (len > SOURCE_MAX_BYTES) {
            fclose(fp);
            return SOURCE_TOO_LARGE;
        }
        RT_GROW_ATOMIC(buf, len);
        size_t n = fread(buf + len, 1, rt_size(buf) - len, fp);
        len += n;
        if (n == 0)
            break;
    }
    bool failed = ferror(fp);
    fclose(fp);
    if (failed)
        return SOURCE_UNREADABLE;
    if (len > SOURCE_MAX_BYTES)
        return SOURCE_TOO_LARGE;
    /* The buffer becomes the text when it has room for the final line break
    ** and NUL (it has unless the file grew): one copy of 3.6 MB less. */
    if (literate_is_path(path))
        *out = source_from_markdown(name ? name : path, buf, len);
    else if (buf && rt_size(buf) >= len + 2)
        *out = source_adopt(name ? name : path, buf, len);
    else
        *out = source_from_memory(name ? name : path, buf, len);
    (*out)->path = rt_strdup(path);
    return SOURCE_OK;
}

static void source_index_lines(Source *src)
{
    uint32_t n = 1;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            n++;
    src->line_starts = rt_alloc_atomic(sizeof(uint32_t) * n);
    uint32_t k = 0;
    src->line_starts[k++] = 0;
    for (size_t i = 0; i < src->len && k < n; i++)
        if (src->text[i] == '\n')
            src->line_starts[k++] = (uint32_t)(i + 1);
    src->nlines = k;
}

void source_position(Source *src, uint32_t offset, uint32_t *line, uint32_t *col)
{
    if (!src->line_starts)
        source_index_lines(src);
    if (offset > src->len)
        offset = (uint32_t)src->len;
    uint32_t lo = 0, hi = src->nlines;   /* last line start <= offset */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t start = src->line_starts[lo];
    /* A BOM at the very start is not a column. */
    if (lo == 0 && src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 && offset >= 3)
        start = 3;
    *line = lo + 1;
    *col = (uint32_t)utf8_count(src->text + start, offset - start) + 1;
}

const char *source_line(Source *src, uint32_t line, size_t *len)
{
    if (!src->line_starts)
        source_index_lines(src);
    if (line == 0 || line > src->nlines) {
        *len = 0;
        return "";
    }
    uint32_t start = src->line_starts[line - 1];
    if (line == 1 && src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    const char *nl = memchr(src->text + start, '\n', src->len - start);
    size_t n = nl ? (size_t)(nl - (src->text + start)) : src->len - start;
    if (n > 0 && src->text[start + n - 1] == '\r')
        n--;
    *len = n;
    return src->text + start;
}

char *source_text(const Source *src, Span span)
{
    if (span.end > src->len)
        span.end = (uint32_t)src->len;
    if (span.start > span.end)
        span.start = span.end;
    return rt_strndup(src->text + span.start, span.end - span.start);
}
