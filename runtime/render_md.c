/* runtime/render_md.c: charte render --format md: the rendered charter as Markdown (GitHub and CommonMark). */
#include "render_impl.h"

#include "gc.h"

#include <string.h>

/* Inline text: marks to Markdown, Markdown's own characters escaped; in a table, | too. */
static void inline_md(FILE *out, const char *s)
{
    bool in_code = false;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\x01': case '\x02': fputc('*', out); continue;
        case '\x0e': case '\x0f': fputs("**", out); continue;
        case '\x03': case '\x04': fputc('`', out); in_code = *p == '\x03'; continue;
        case '\x05': {
            const char *text = strchr(p, '\x06');
            const char *end = text ? strchr(text, '\x07') : NULL;
            if (!end)
                continue;
            fputc('[', out);
            inline_md(out, rt_strndup(text + 1, (size_t)(end - text - 1)));
            fprintf(out, "](#%.*s)", (int)(text - p - 1), p + 1);
            p = end;
            continue;
        }
        default:
            break;
        }
        if (in_code) {
            fputc(*p == '`' ? '\'' : *p == '|' ? '/' : *p, out);   /* a code span holds neither */
            continue;
        }
        if (strchr("\\*_[]<>|`", *p))
            fputc('\\', out);
        fputc(*p, out);
    }
}

static void heading_md(const RenderBlock *blk, FILE *out)
{
    if (blk->anchor)
        fprintf(out, "<a id=\"%s\"></a>\n\n", blk->anchor);
    for (int i = 0; i < blk->level; i++)
        fputc('#', out);
    fputc(' ', out);
    inline_md(out, blk->text);
    fputs("\n\n", out);
}

static void list_md(const RenderBlock *blk, FILE *out)
{
    for (int i = 0; i < blk->nitems; i++) {
        for (int k = 0; k < blk->depth[i]; k++)
            fputs("  ", out);
        fputs("- ", out);
        inline_md(out, blk->items[i]);
        fputc('\n', out);
    }
    fputc('\n', out);
}

static void table_md(const RenderBlock *blk, FILE *out)
{
    fputc('|', out);
    for (int c = 0; c < blk->ncols; c++) {
        fputc(' ', out);
        inline_md(out, blk->head[c]);
        fputs(" |", out);
    }
    fputs("\n|", out);
    for (int c = 0; c < blk->ncols; c++)
        fputs(blk->align[c] == 'r' ? "---:|" : "---|", out);
    fputc('\n', out);
    for (int r = 0; r < blk->nrows; r++) {
        fputc('|', out);
        for (int c = 0; c < blk->ncols; c++) {
            fputc(' ', out);
            inline_md(out, blk->rows[r][c] ? blk->rows[r][c] : "");
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

static void toc_md(const RenderDoc *d, FILE *out)
{
    fprintf(out, "**%s**\n\n", d->toc_title);
    int n = 0;
    for (int i = 0; i < d->nblocks; i++) {
        const RenderBlock *blk = &d->blocks[i];
        if (blk->kind != RENDER_B_HEADING || blk->level != 2 || !blk->anchor)
            continue;
        fprintf(out, "%d. [", ++n);
        inline_md(out, blk->text);
        fprintf(out, "](#%s)\n", blk->anchor);
    }
    fputc('\n', out);
}

/* Prose as written, then a blank line, so that what follows starts a block of its own. */
static void prose_md(const RenderBlock *blk, FILE *out)
{
    size_t n = strlen(blk->text);
    fputs(blk->text, out);
    if (n == 0 || blk->text[n - 1] != '\n')
        fputc('\n', out);
    if (n < 2 || blk->text[n - 2] != '\n')
        fputc('\n', out);
}

void render_md(const RenderDoc *d, FILE *out)
{
    for (int i = 0; i < d->nblocks; i++) {
        const RenderBlock *blk = &d->blocks[i];
        switch (blk->kind) {
        case RENDER_B_HEADING: heading_md(blk, out); break;
        case RENDER_B_PARA: inline_md(out, blk->text); fputs("\n\n", out); break;
        case RENDER_B_LIST: list_md(blk, out); break;
        case RENDER_B_TABLE: table_md(blk, out); break;
        case RENDER_B_TOC: toc_md(d, out); break;
        case RENDER_B_PROSE: prose_md(blk, out); break;
        case RENDER_B_END_HEADER: break;
        }
    }
    fputs("---\n\n", out);
    inline_md(out, rt_sprintf(RENDER_EM_ON "%s" RENDER_EM_OFF, d->footer));
    fputc('\n', out);
}
