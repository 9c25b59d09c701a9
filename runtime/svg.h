/* runtime/svg.h: inline SVG charts (horizontal bars with a target marker, columns) with exact geometry, and markup escaping. */
#ifndef CHARTE_SVG_H
#define CHARTE_SVG_H

#include <gmp.h>
#include <stdbool.h>
#include <stdio.h>

/*
** A chart is drawn from exact figures: every length is value ÷ scale ×
** plot length, computed as a rational and written as a decimal rounded to
** 1/100 of a unit (a user unit is a CSS pixel: the SVG is given its own size,
** so what the browser renders is what is written here, ±0.005 px). No
** floating point, no clock, no random id: the same figures give the same
** bytes. The scale is the largest value or target of the chart.
**
** Each chart is an <svg role="img"> labelled by its <title> and <desc>, so
** that a screen reader says what a sighted reader sees; the figures also go
** into a table next to it (the caller writes it). A bar with no value (a
** secret cell) is not drawn: its row shows only its text.
*/

typedef struct SvgBar {
    const char *label;       /* left of a bar, under a column */
    int indent;              /* tree depth: the label is indented */
    mpq_srcptr value;        /* NULL: no bar */
    mpq_srcptr target;       /* NULL: no marker */
    const char *value_text;  /* after a bar, above a column: "1 234,5 h", "secret" */
    const char *key;         /* data-key attribute of the bar (tests find it by this), NULL when none */
} SvgBar;

typedef struct SvgChart {
    const char *id;          /* unique in the page: ids of the title and the description */
    const char *title, *desc;
    const char *value_legend;   /* "heures réalisées" */
    const char *target_legend;  /* "objectif", NULL when no bar has a target */
    const SvgBar *bars;
    int nbars;
    int label_every;         /* columns: label every nth column (1: all); labels that are NULL are skipped */
} SvgChart;

/* One row per bar: label, bar from a common axis, the target as a vertical mark. */
void svg_hbars(FILE *out, const SvgChart *c);

/* One column per bar, left to right, from a common baseline. */
void svg_columns(FILE *out, const SvgChart *c);

/* Text for HTML or SVG content and attribute values: & < > " ' escaped, and
** the rest shown as base/visible.h says, tab and line break kept (a raw ESC is
** no XML, and no terminal's business when the page is printed to one). Give
** whole texts: a UTF-8 sequence cut between two calls shows as U+FFFD. NULL
** writes nothing. */
void svg_escape(FILE *out, const char *s);

#endif
