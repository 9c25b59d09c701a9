/* runtime/render.h: a checked charter as a document to read and sign (charte render): Markdown or one HTML page, French or English, whole or consolidated at a date. */
#ifndef CHARTE_RENDER_H
#define CHARTE_RENDER_H

#include "date.h"
#include "model.h"

#include <stdbool.h>
#include <stdio.h>

/*
** The document (docs/rendu.md): the header, a table of contents, each article
** and amendment with its title and its declarations in sentences and tables
** (scopes as a nested list, families, targets, publics, governance, counting
** rules, indicators, data), the amendments named where they apply. With a
** date (au), a first section gives the consolidated targets: for each
** family × scope (× owner) of the rules, the rate and the threshold in force
** for contracts notified that day, resolved by the evaluator's own
** eval_resolve, with the article or amendment that set each field. A literate
** charter (.charte.md) keeps its prose where it is and has its ```charte
** blocks rendered in their place.
*/

typedef enum { RENDER_MD, RENDER_HTML } RenderFormat;

typedef struct RenderOptions {
    RenderFormat format;
    bool english;
    Date au;                 /* DATE_NONE: the text as signed, with its amendments */
} RenderOptions;

/* "md" (also "markdown") or "html". */
bool render_parse_format(const char *s, RenderFormat *out);
void render_write(const Model *m, const RenderOptions *o, FILE *out);

#endif
