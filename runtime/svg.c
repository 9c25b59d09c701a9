/* runtime/svg.c: inline SVG charts (horizontal bars with a target marker, columns) with exact geometry, and markup escaping. */
#include "svg.h"

#include "gc.h"
#include "num.h"
#include "utf8.h"
#include "visible.h"

#include <string.h>

#define SVG_WIDTH 900
#define SVG_CHAR 7            /* width of a character of 12 px DejaVu Sans, near enough to lay out labels */
#define SVG_INDENT 14
#define SVG_LABEL_MAX 280     /* labels wider than this are cut */
#define SVG_ROW 24
#define SVG_TOP 30            /* legend above the first row */
#define SVG_COL_HEIGHT 180
#define SVG_COL_TOP 30
#define SVG_COL_LEFT 16
#define SVG_COL_VALUES_MAX 24 /* above that many columns their values are in the table only */

/* The entity for one of the five characters markup reserves. */
static const char *svg_entity(char c)
{
    switch (c) {
    case '&':  return "&amp;";
    case '<':  return "&lt;";
    case '>':  return "&gt;";
    case '"':  return "&quot;";
    default:   return "&#39;";
    }
}

void svg_escape(FILE *out, const char *s)
{
    /* Each run between two reserved characters goes through base/visible.h
    ** whole, so that the page shows a text as every other output does (a
    ** UTF-8 sequence given in pieces would show as invalid bytes). */
    while (s && *s) {
        size_t n = strcspn(s, "&<>\"'");
        visible_write(out, s, n, VISIBLE_KEEP_TAB | VISIBLE_KEEP_NEWLINE);
        s += n;
        if (*s)
            fputs(svg_entity(*s++), out);
    }
}

/* A coordinate: exact when it has two decimals at most, else rounded half-up to two. */
static const char *coord(mpq_srcptr q) { return num_to_decimal(q, 2); }

/* out = offset + value ÷ scale × length, exact; offset when the scale is 0. */
static void place(mpq_t out, long offset, mpq_srcptr value, mpq_srcptr scale, long length)
{
    if (mpq_sgn(scale) <= 0 || !value) {
        mpq_set_si(out, offset, 1);
        return;
    }
    mpq_t len;
    mpq_init(len);
    mpq_set_si(len, length, 1);
    mpq_div(out, value, scale);
    mpq_mul(out, out, len);
    mpq_set_si(len, offset, 1);
    mpq_add(out, out, len);
    mpq_clear(len);
}

/* The largest value or target of the chart: the end of its axis. */
static void chart_scale(mpq_t scale, const SvgChart *c)
{
    mpq_set_ui(scale, 0, 1);
    for (int i = 0; i < c->nbars; i++) {
        if (c->bars[i].value && mpq_cmp(c->bars[i].value, scale) > 0)
            mpq_set(scale, c->bars[i].value);
        if (c->bars[i].target && mpq_cmp(c->bars[i].target, scale) > 0)
            mpq_set(scale, c->bars[i].target);
    }
}

static long text_width(const char *s) { return s ? (long)utf8_count(s, strlen(s)) * SVG_CHAR : 0; }

/* A label that would run into the bars is cut to max characters, the last one "…"
** (the chart's table has it whole). */
static const char *fit(const char *s, long max)
{
    if (!s || (long)utf8_count(s, strlen(s)) <= max)
        return s;
    const char *p = s;
    for (long n = 0; *p && n < max - 1; n++)
        do
            p++;
        while ((*p & 0xC0) == 0x80);
    return rt_sprintf("%.*s…", (int)(p - s), s);
}

static void open_svg(FILE *out, const SvgChart *c, long height, mpq_srcptr scale)
{
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%ld\" "
                 "viewBox=\"0 0 %d %ld\" aria-labelledby=\"%s-t %s-d\" data-scale=\"%s\">\n",
            SVG_WIDTH, height, SVG_WIDTH, height, c->id, c->id, num_to_decimal(scale, 2));
    fprintf(out, "<title id=\"%s-t\">", c->id);
    svg_escape(out, c->title);
    fprintf(out, "</title>\n<desc id=\"%s-d\">", c->id);
    svg_escape(out, c->desc);
    fputs("</desc>\n", out);
}

static void legend(FILE *out, const SvgChart *c, long x)
{
    fprintf(out, "<rect class=\"bar\" x=\"%ld\" y=\"6\" width=\"14\" height=\"12\"/>"
                 "<text x=\"%ld\" y=\"16\">", x, x + 20);
    svg_escape(out, c->value_legend);
    fputs("</text>", out);
    if (c->target_legend) {
        long tx = x + 40 + text_width(c->value_legend);
        fprintf(out, "<line class=\"target\" x1=\"%ld\" y1=\"4\" x2=\"%ld\" y2=\"20\"/><text x=\"%ld\" y=\"16\">",
                tx, tx, tx + 8);
        svg_escape(out, c->target_legend);
        fputs("</text>", out);
    }
    fputc('\n', out);
}

void svg_hbars(FILE *out, const SvgChart *c)
{
    long label_w = 0, value_w = 0;
    for (int i = 0; i < c->nbars; i++) {
        long w = text_width(c->bars[i].label) + c->bars[i].indent * SVG_INDENT;
        if (w > label_w)
            label_w = w;
        if (text_width(c->bars[i].value_text) > value_w)
            value_w = text_width(c->bars[i].value_text);
    }
    label_w = (label_w > SVG_LABEL_MAX ? SVG_LABEL_MAX : label_w) + 12;
    long x0 = label_w, plot = SVG_WIDTH - label_w - value_w - 20;
    long height = SVG_TOP + (long)c->nbars * SVG_ROW + 8;
    mpq_t scale, x;
    mpq_inits(scale, x, NULL);
    chart_scale(scale, c);
    open_svg(out, c, height, scale);
    legend(out, c, x0);
    for (int i = 0; i < c->nbars; i++) {
        const SvgBar *b = &c->bars[i];
        long y = SVG_TOP + (long)i * SVG_ROW;
        fprintf(out, "<text x=\"%ld\" y=\"%ld\">", 4 + (long)b->indent * SVG_INDENT, y + 15);
        svg_escape(out, fit(b->label, (SVG_LABEL_MAX - (long)b->indent * SVG_INDENT) / SVG_CHAR));
        fputs("</text>", out);
        if (b->value) {
            place(x, 0, b->value, scale, plot);
            fprintf(out, "<rect class=\"bar\" x=\"%ld\" y=\"%ld\" width=\"%s\" height=\"14\"", x0, y + 4, coord(x));
            if (b->key) {
                fputs(" data-key=\"", out);
                svg_escape(out, b->key);
                fputc('"', out);
            }
            fputs("/>", out);
        }
        if (b->target) {
            place(x, x0, b->target, scale, plot);
            fprintf(out, "<line class=\"target\" x1=\"%s\" y1=\"%ld\" x2=\"%s\" y2=\"%ld\"", coord(x), y + 1, coord(x), y + 21);
            if (b->key) {
                fputs(" data-key=\"", out);
                svg_escape(out, b->key);
                fputc('"', out);
            }
            fputs("/>", out);
        }
        fprintf(out, "<text class=\"num\" x=\"%ld\" y=\"%ld\" text-anchor=\"end\">", SVG_WIDTH - 4L, y + 15);
        svg_escape(out, b->value_text);
        fputs("</text>\n", out);
    }
    long bottom = SVG_TOP + (long)c->nbars * SVG_ROW;
    fprintf(out, "<line class=\"axis\" x1=\"%ld\" y1=\"%d\" x2=\"%ld\" y2=\"%ld\"/>\n", x0, SVG_TOP - 2, x0, bottom);
    fprintf(out, "<line class=\"scale\" x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\"/>\n", x0, bottom + 2, x0 + plot, bottom + 2);
    fputs("</svg>\n", out);
    mpq_clears(scale, x, NULL);
}

void svg_columns(FILE *out, const SvgChart *c)
{
    long x0 = SVG_COL_LEFT, plot = SVG_WIDTH - 2 * SVG_COL_LEFT;
    long base = SVG_COL_TOP + SVG_COL_HEIGHT;
    long height = base + 24;
    int n = c->nbars > 0 ? c->nbars : 1;
    mpq_t scale, slot, x, h, tmp;
    mpq_inits(scale, slot, x, h, tmp, NULL);
    chart_scale(scale, c);
    open_svg(out, c, height, scale);
    legend(out, c, x0);
    /* Each column takes 4/5 of its slot, centred. */
    mpq_set_si(slot, plot, n);
    for (int i = 0; i < c->nbars; i++) {
        const SvgBar *b = &c->bars[i];
        mpq_set_si(tmp, 10 * i + 1, 10);
        mpq_mul(x, slot, tmp);
        mpq_set_si(tmp, x0, 1);
        mpq_add(x, x, tmp);
        if (b->value) {
            place(h, 0, b->value, scale, SVG_COL_HEIGHT);
            mpq_set_si(tmp, base, 1);
            mpq_sub(tmp, tmp, h);
            const char *y = coord(tmp);
            mpq_set_si(tmp, 8, 10);
            mpq_mul(tmp, tmp, slot);
            fprintf(out, "<rect class=\"bar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"", coord(x), y, coord(tmp), coord(h));
            if (b->key) {
                fputs(" data-key=\"", out);
                svg_escape(out, b->key);
                fputc('"', out);
            }
            fputs("/>", out);
        }
        mpq_set_si(tmp, 2 * i + 1, 2);
        mpq_mul(tmp, tmp, slot);
        mpq_set_si(h, x0, 1);
        mpq_add(tmp, tmp, h);
        const char *mid = coord(tmp);
        if (c->nbars <= SVG_COL_VALUES_MAX && b->value_text) {
            mpq_set_si(tmp, base - 4, 1);
            if (b->value) {
                place(h, 0, b->value, scale, SVG_COL_HEIGHT);
                mpq_sub(tmp, tmp, h);
            }
            fprintf(out, "<text class=\"num\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">", mid, coord(tmp));
            svg_escape(out, b->value_text);
            fputs("</text>", out);
        }
        int every = c->label_every > 0 ? c->label_every : 1;
        if (b->label && i % every == 0) {
            fprintf(out, "<text x=\"%s\" y=\"%ld\" text-anchor=\"middle\">", mid, base + 16);
            svg_escape(out, b->label);
            fputs("</text>", out);
        }
        fputc('\n', out);
    }
    fprintf(out, "<line class=\"axis\" x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\"/>\n", x0, base, x0 + plot, base);
    fprintf(out, "<line class=\"scale\" x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%d\"/>\n", x0 - 6, base, x0 - 6, SVG_COL_TOP);
    /* The top of the scale is the tallest column: its value, on a grid line, gives the magnitude. */
    for (int i = 0; i < c->nbars; i++)
        if (c->bars[i].value && mpq_cmp(c->bars[i].value, scale) == 0 && mpq_sgn(scale) > 0) {
            fprintf(out, "<line class=\"grid\" x1=\"%ld\" y1=\"%d\" x2=\"%ld\" y2=\"%d\"/>"
                         "<text class=\"num\" x=\"%ld\" y=\"%d\" text-anchor=\"end\">",
                    x0 - 6, SVG_COL_TOP, x0 + plot, SVG_COL_TOP, x0 + plot, SVG_COL_TOP - 4);
            svg_escape(out, c->bars[i].value_text);
            fputs("</text>\n", out);
            break;
        }
    fputs("</svg>\n", out);
    mpq_clears(scale, slot, x, h, tmp, NULL);
}
