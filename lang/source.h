/* lang/source.h: a source text in memory, its name, and the map from byte spans to line:column. */
#ifndef CHARTE_SOURCE_H
#define CHARTE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A half-open byte range [start, end) into one Source's text. */
typedef struct Span {
    uint32_t start, end;
} Span;

/* One ```charte block of a literate charter: [start, end) is its contents. */
typedef struct SourceBlock {
    uint32_t start, end;
} SourceBlock;

/*
** A Source owns its text (GC memory, always NUL-terminated and ending with
** '\n': a missing final newline is added, which keeps the scanner's trailing
** contexts simple). The checker may run on a buffer in memory (an editor's),
** so nothing here touches the file system except source_read_file.
*/
typedef struct Source {
    const char *name;       /* as shown in diagnostics: the path given, or "<stdlib>/anru.charte" */
    const char *path;       /* file system path, NULL for embedded or in-memory text */
    const char *text;
    size_t len;             /* bytes, final '\n' included */
    uint32_t *line_starts;  /* byte offset of each line, computed on first use */
    uint32_t nlines;
    /* A literate charter (lang/literate.h): text is the Markdown with every
    ** byte outside the ```charte blocks turned into a space; markdown is the
    ** document as read, of the same length; blocks are its ```charte blocks.
    ** NULL and 0 for a plain charter. */
    const char *markdown;
    SourceBlock *blocks;
    int nblocks;
} Source;

Source *source_from_memory(const char *name, const char *text, size_t len);

typedef enum {
    SOURCE_OK = 0,
    SOURCE_NOT_FOUND,
    SOURCE_IS_DIRECTORY,
    SOURCE_NOT_REGULAR,     /* a FIFO, a socket, a device: refused, never opened */
    SOURCE_UNREADABLE,
    SOURCE_TOO_LARGE
} SourceStatus;

#define SOURCE_MAX_BYTES (16u * 1024u * 1024u)

/* Why a file could not be read, in a few words ("fichier introuvable"). */
const char *source_status_message(SourceStatus st, bool english);

/* The Source of a Markdown document (lang/literate.h): the rules of its ```charte blocks, in place. */
Source *source_from_markdown(const char *name, const char *text, size_t len);

/* The text as its writer has it: a literate charter's Markdown (prose and
** fences included), else the charter's text; src->len bytes either way. */
const char *source_written(const Source *src);

/* Reads a whole file; on failure *out is NULL and the status says why. A path
** ending in ".md" is read as a literate charter (source_from_markdown). */
SourceStatus source_read_file(const char *path, const char *name, Source **out);

/* 1-based line and column (in code points) of a byte offset. */
void source_position(Source *src, uint32_t offset, uint32_t *line, uint32_t *col);
/* The text of the 1-based line, without its newline. */
const char *source_line(Source *src, uint32_t line, size_t *len);
/* The text of a span, as a fresh NUL-terminated GC string. */
char *source_text(const Source *src, Span span);

#endif
