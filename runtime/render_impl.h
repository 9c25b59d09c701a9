/* runtime/render_impl.h: what the render files (runtime/render*.c) share: the document as blocks, built once and written as Markdown or HTML. */
#ifndef CHARTE_RENDER_IMPL_H
#define CHARTE_RENDER_IMPL_H

#include "render.h"

/*
** Inline text carries its few marks as control bytes, which no charter text
** holds (render_build turns any into spaces): the writers turn them into
** Markdown or HTML and escape everything else.
*/
#define RENDER_EM_ON      "\x01"
#define RENDER_EM_OFF     "\x02"
#define RENDER_CODE_ON    "\x03"
#define RENDER_CODE_OFF   "\x04"
#define RENDER_LINK_ON    "\x05"   /* anchor, RENDER_LINK_TEXT, text, RENDER_LINK_OFF */
#define RENDER_LINK_TEXT  "\x06"
#define RENDER_LINK_OFF   "\x07"
#define RENDER_STRONG_ON  "\x0e"
#define RENDER_STRONG_OFF "\x0f"

typedef enum {
    RENDER_B_HEADING,    /* level, anchor (NULL: none), text */
    RENDER_B_PARA,       /* text */
    RENDER_B_LIST,       /* items, depth */
    RENDER_B_TABLE,      /* head, align, rows */
    RENDER_B_TOC,        /* the table of contents: the anchored headings of level 2 */
    RENDER_B_PROSE,      /* text: Markdown of a literate charter, as written */
    RENDER_B_END_HEADER  /* the document's header ends here (HTML: <header> closes) */
} RenderBlockKind;

typedef struct RenderBlock {
    RenderBlockKind kind;
    int level;
    const char *anchor;
    const char *text;
    const char **items;
    int *depth;
    int nitems;
    const char **head;
    const char *align;       /* 'l' or 'r' per column */
    int ncols;
    const char ***rows;
    int nrows;
} RenderBlock;

typedef struct RenderDoc {
    bool english;
    const char *title;       /* plain text */
    const char *toc_title;
    const char *footer;      /* plain text */
    RenderBlock *blocks;
    int nblocks;
} RenderDoc;

/* render.c */
RenderDoc *render_build(const Model *m, const RenderOptions *o);

/* render_md.c, render_html.c */
void render_md(const RenderDoc *d, FILE *out);
void render_html(const RenderDoc *d, FILE *out);

#endif
