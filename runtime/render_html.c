/* runtime/render_html.c: charte render --format html: the rendered charter as one self-contained page, in the look of the HTML report, prose of a literate charter included. */
#include "render_impl.h"

#include "gc.h"
#include "html_style.h"
#include "svg.h"

#include <string.h>

/*
** One file to open, print and mail: the stylesheet of the evaluation report
** (runtime/html_style.c), no script, no external URL. Every text is escaped;
** the prose of a literate charter goes through a small Markdown reader
** (headings, paragraphs, lists, quotes, tables, code, emphasis, links): a
** link to a page elsewhere keeps its words and shows its address as text,
** since the page loads nothing.
*/

static void esc_n(FILE *out, const char *s, size_t n) { svg_escape(out, rt_strndup(s, n)); }

/* ---- the document's own inline marks -------------------------------------------------------- */

static void inline_html(FILE *out, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\x01\x02\x03\x04\x05\x0e\x0f");
        esc_n(out, s, n);
        s += n;
        switch (*s) {
        case '\0': return;
        case '\x01': fputs("<em>", out); break;
        case '\x02': fputs("</em>", out); break;
        case '\x03': fputs("<code>", out); break;
        case '\x04': fputs("</code>", out); break;
        case '\x0e': fputs("<strong>", out); break;
        case '\x0f': fputs("</strong>", out); break;
        case '\x05': {
            const char *text = strchr(s, '\x06');
            const char *end = text ? strchr(text, '\x07') : NULL;
            if (!end)
                return;
            fputs("<a href=\"#", out);
            esc_n(out, s + 1, (size_t)(text - s - 1));
            fputs("\">", out);
            inline_html(out, rt_strndup(text + 1, (size_t)(end - text - 1)));
            fputs("</a>", out);
            s = end;
            break;
        }
        default: break;
        }
        s++;
    }
}

/* ---- Markdown prose (literate charters) ----------------------------------------------------- */

/* Inline Markdown: `code`, **strong**, *em* and _em_, [text](#anchor), backslash escapes. */
static void md_inline(FILE *out, const char *s, size_t n)
{
    bool strong = false, emph = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && strchr("\\`*_[]()#+-.!<>|{}", s[i + 1])) {
            esc_n(out, s + i + 1, 1);
            i++;
        } else if (c == '`') {
            const char *close = memchr(s + i + 1, '`', n - i - 1);
            if (!close) {
                fputc('`', out);
                continue;
            }
            fputs("<code>", out);
            esc_n(out, s + i + 1, (size_t)(close - (s + i + 1)));
            fputs("</code>", out);
            i = (size_t)(close - s);
        } else if (c == '*' && i + 1 < n && s[i + 1] == '*') {
            fputs(strong ? "</strong>" : "<strong>", out);
            strong = !strong;
            i++;
        } else if (c == '*' || (c == '_' && (i == 0 || !strchr("abcdefghijklmnopqrstuvwxyz0123456789", s[i - 1] | 0x20)))) {
            fputs(emph ? "</em>" : "<em>", out);
            emph = !emph;
        } else if (c == '[') {
            const char *mid = memchr(s + i, ']', n - i);
            size_t rest = mid ? n - (size_t)(mid - s) : 0;
            const char *close = mid && rest > 1 && mid[1] == '(' ? memchr(mid, ')', rest) : NULL;
            if (!close) {
                fputc('[', out);
                continue;
            }
            const char *url = mid + 2;
            size_t url_len = (size_t)(close - url);
            if (url_len > 0 && url[0] == '#') {
                fputs("<a href=\"", out);
                esc_n(out, url, url_len);
                fputs("\">", out);
                md_inline(out, s + i + 1, (size_t)(mid - (s + i + 1)));
                fputs("</a>", out);
            } else {
                md_inline(out, s + i + 1, (size_t)(mid - (s + i + 1)));
                fputs(" (", out);
                esc_n(out, url, url_len);
                fputs(")", out);
            }
            i = (size_t)(close - s);
        } else {
            /* The plain run up to the next mark, whole: svg_escape must see
            ** a UTF-8 sequence in one piece. */
            size_t j = i + 1;
            while (j < n && s[j] && !strchr("\\`*_[", s[j]))
                j++;
            esc_n(out, s + i, j - i);
            i = j - 1;
        }
    }
    if (emph)
        fputs("</em>", out);
    if (strong)
        fputs("</strong>", out);
}

typedef enum { MD_NONE, MD_PARA, MD_UL, MD_OL, MD_QUOTE, MD_TABLE } MdOpen;

typedef struct MdReader {
    FILE *out;
    MdOpen open;
    const char *para;        /* the paragraph, list item or quote being gathered */
    int table_rows;
} MdReader;

static void md_flush_text(MdReader *r)
{
    if (!r->para)
        return;
    const char *tag = r->open == MD_UL || r->open == MD_OL ? "li" : "p";
    fprintf(r->out, "<%s>", tag);
    md_inline(r->out, r->para, strlen(r->para));
    fprintf(r->out, "</%s>\n", tag);
    r->para = NULL;
}

static void md_close(MdReader *r)
{
    md_flush_text(r);
    switch (r->open) {
    case MD_UL: fputs("</ul>\n", r->out); break;
    case MD_OL: fputs("</ol>\n", r->out); break;
    case MD_QUOTE: fputs("</blockquote>\n", r->out); break;
    case MD_TABLE: fputs("</tbody></table>\n", r->out); break;
    default: break;
    }
    r->open = MD_NONE;
}

static void md_open(MdReader *r, MdOpen kind)
{
    if (r->open == kind)
        return;
    md_close(r);
    r->open = kind;
    fputs(kind == MD_UL ? "<ul>\n" : kind == MD_OL ? "<ol>\n" : kind == MD_QUOTE ? "<blockquote>\n"
          : kind == MD_TABLE ? "<table>\n" : "", r->out);
    r->table_rows = 0;
}

static void md_gather(MdReader *r, const char *s, size_t n)
{
    const char *t = rt_strndup(s, n);
    r->para = r->para ? rt_sprintf("%s %s", r->para, t) : t;
}

static bool md_is_rule(const char *s, size_t n)
{
    size_t marks = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-' || s[i] == '*' || s[i] == '_')
            marks++;
        else if (s[i] != ' ')
            return false;
    }
    return marks >= 3;
}

static void md_table_row(MdReader *r, const char *s, size_t n)
{
    if (strspn(s, "|-: ") == n) {   /* the rule under the header */
        fputs("</thead><tbody>\n", r->out);
        return;
    }
    const char *cell_tag = r->table_rows == 0 ? "th" : "td";
    if (r->table_rows++ == 0)
        fputs("<thead>", r->out);
    fputs("<tr>", r->out);
    size_t i = s[0] == '|' ? 1 : 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '|')
            j += s[j] == '\\' && j + 1 < n ? 2 : 1;
        size_t a = i, b = j;
        while (a < b && s[a] == ' ')
            a++;
        while (b > a && s[b - 1] == ' ')
            b--;
        if (j < n || b > a) {
            fprintf(r->out, "<%s>", cell_tag);
            md_inline(r->out, s + a, b - a);
            fprintf(r->out, "</%s>", cell_tag);
        }
        i = j + 1;
    }
    fputs("</tr>\n", r->out);
}

/* One line of prose (no line break); *fence is the open code fence, "" when none. */
static void md_line(MdReader *r, const char *s, size_t n, const char **fence, bool *comment)
{
    while (n > 0 && s[n - 1] == '\r')
        n--;
    if (*comment) {
        if (memmem(s, n, "-->", 3))
            *comment = false;
        return;
    }
    if (**fence) {
        /* CommonMark: a closing fence is a run of the opening character, as long at least, and nothing else. */
        size_t k = strspn(s, " "), run = 0;
        while (k + run < n && s[k + run] == (*fence)[0])
            run++;
        size_t rest = k + run;
        while (rest < n && (s[rest] == ' ' || s[rest] == '\t'))
            rest++;
        if (k < 4 && run >= strlen(*fence) && rest == n) {
            fputs("</code></pre>\n", r->out);
            *fence = "";
        } else {
            esc_n(r->out, s, n);
            fputc('\n', r->out);
        }
        return;
    }
    size_t ind = strspn(s, " ");
    const char *t = s + ind;
    size_t m = n - ind;
    if (m == 0) {
        md_close(r);
        return;
    }
    if (m >= 4 && strncmp(t, "<!--", 4) == 0) {
        md_close(r);
        *comment = memmem(t, m, "-->", 3) == NULL;
        return;
    }
    if (ind < 4 && m >= 3 && (strncmp(t, "```", 3) == 0 || strncmp(t, "~~~", 3) == 0)) {
        md_close(r);
        size_t run = strspn(t, t[0] == '`' ? "`" : "~");
        *fence = rt_strndup(t, run);
        fputs("<pre><code>", r->out);
        return;
    }
    size_t hashes = strspn(t, "#");
    if (hashes >= 1 && hashes <= 6 && (m == hashes || t[hashes] == ' ')) {
        md_close(r);
        fprintf(r->out, "<h%zu>", hashes);
        size_t a = hashes + strspn(t + hashes, " ");
        md_inline(r->out, t + a, m > a ? m - a : 0);
        fprintf(r->out, "</h%zu>\n", hashes);
        return;
    }
    if (md_is_rule(t, m)) {
        md_close(r);
        fputs("<hr>\n", r->out);
        return;
    }
    if (t[0] == '|') {
        md_open(r, MD_TABLE);
        md_table_row(r, t, m);
        return;
    }
    if ((t[0] == '-' || t[0] == '*' || t[0] == '+') && m > 1 && t[1] == ' ') {
        md_flush_text(r);
        md_open(r, MD_UL);
        md_gather(r, t + 2, m - 2);
        return;
    }
    size_t digits = strspn(t, "0123456789");
    if (digits > 0 && digits < m - 1 && (t[digits] == '.' || t[digits] == ')') && t[digits + 1] == ' ') {
        md_flush_text(r);
        md_open(r, MD_OL);
        md_gather(r, t + digits + 2, m - digits - 2);
        return;
    }
    if (t[0] == '>') {
        size_t a = 1 + (m > 1 && t[1] == ' ');
        md_open(r, MD_QUOTE);
        md_gather(r, t + a, m - a);
        return;
    }
    if (r->open == MD_TABLE || r->open == MD_NONE)
        md_open(r, MD_PARA);
    md_gather(r, t, m);
}

static void prose_html(FILE *out, const char *text)
{
    MdReader r = { .out = out, .open = MD_NONE };
    const char *fence = "";
    bool comment = false;
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        md_line(&r, s, n, &fence, &comment);
        s += n + (nl ? 1 : 0);
    }
    if (*fence)
        fputs("</code></pre>\n", out);
    md_close(&r);
}

/* ---- blocks ---------------------------------------------------------------------------------- */

static void heading_html(const RenderBlock *blk, FILE *out)
{
    fprintf(out, "<h%d", blk->level);
    if (blk->anchor) {
        fputs(" id=\"", out);
        svg_escape(out, blk->anchor);
        fputc('"', out);
    }
    fputc('>', out);
    inline_html(out, blk->text);
    fprintf(out, "</h%d>\n", blk->level);
}

static void list_html(const RenderBlock *blk, FILE *out)
{
    int depth = -1;
    for (int i = 0; i < blk->nitems; i++) {
        int d = blk->depth[i];
        if (d > depth) {
            for (; depth < d; depth++)
                fputs(depth >= 0 ? "\n<ul>\n" : "<ul>\n", out);
        } else {
            fputs("</li>\n", out);
            for (; depth > d; depth--)
                fputs("</ul>\n</li>\n", out);
        }
        fputs("<li>", out);
        inline_html(out, blk->items[i]);
    }
    fputs("</li>\n", out);
    for (; depth > 0; depth--)
        fputs("</ul>\n</li>\n", out);
    fputs("</ul>\n", out);
}

static void table_html(const RenderBlock *blk, FILE *out)
{
    fputs("<table>\n<thead><tr>", out);
    for (int c = 0; c < blk->ncols; c++) {
        fputs(blk->align[c] == 'r' ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">", out);
        inline_html(out, blk->head[c]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (int r = 0; r < blk->nrows; r++) {
        fputs("<tr>", out);
        for (int c = 0; c < blk->ncols; c++) {
            fputs(blk->align[c] == 'r' ? "<td class=\"num\">" : "<td>", out);
            inline_html(out, blk->rows[r][c] ? blk->rows[r][c] : "");
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

static void toc_html(const RenderDoc *d, FILE *out)
{
    fputs("<nav aria-label=\"", out);
    svg_escape(out, d->toc_title);
    fputs("\">\n<h2>", out);
    svg_escape(out, d->toc_title);
    fputs("</h2>\n<ol>\n", out);
    for (int i = 0; i < d->nblocks; i++) {
        const RenderBlock *blk = &d->blocks[i];
        if (blk->kind != RENDER_B_HEADING || blk->level != 2 || !blk->anchor)
            continue;
        fputs("<li><a href=\"#", out);
        svg_escape(out, blk->anchor);
        fputs("\">", out);
        inline_html(out, blk->text);
        fputs("</a></li>\n", out);
    }
    fputs("</ol>\n</nav>\n", out);
}

static bool has_header(const RenderDoc *d)
{
    for (int i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == RENDER_B_END_HEADER)
            return true;
    return false;
}

void render_html(const RenderDoc *d, FILE *out)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            d->english ? "en" : "fr");
    svg_escape(out, d->title);
    fputs("</title>\n<style>\n", out);
    fputs(html_style_css, out);
    fputs("</style>\n</head>\n<body>\n", out);
    /* <header> holds the title and the particulars; the table of contents is a <nav>
    ** between it and <main>, as in the report. A literate charter starts with its prose. */
    bool in_header = has_header(d), in_main = false;
    fputs(in_header ? "<header>\n" : "<main>\n", out);
    in_main = !in_header;
    for (int i = 0; i < d->nblocks; i++) {
        const RenderBlock *blk = &d->blocks[i];
        if (blk->kind == RENDER_B_END_HEADER) {
            fputs("</header>\n", out);
            in_header = false;
            continue;
        }
        if (blk->kind == RENDER_B_TOC) {
            toc_html(d, out);
            continue;
        }
        if (!in_header && !in_main) {
            fputs("<main>\n", out);
            in_main = true;
        }
        switch (blk->kind) {
        case RENDER_B_HEADING: heading_html(blk, out); break;
        case RENDER_B_PARA: fputs("<p>", out); inline_html(out, blk->text); fputs("</p>\n", out); break;
        case RENDER_B_LIST: list_html(blk, out); break;
        case RENDER_B_TABLE: table_html(blk, out); break;
        case RENDER_B_PROSE: prose_html(out, blk->text); break;
        default: break;
        }
    }
    if (in_header)
        fputs("</header>\n", out);
    if (!in_main)
        fputs("<main>\n", out);
    fputs("</main>\n<footer><p>", out);
    svg_escape(out, d->footer);
    fputs("</p></footer>\n</body>\n</html>\n", out);
}
