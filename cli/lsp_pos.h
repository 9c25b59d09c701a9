/* cli/lsp_pos.h: LSP positions (line, UTF-16 code unit) to and from byte offsets of a Source, and the word under a position. */
#ifndef CHARTE_LSP_POS_H
#define CHARTE_LSP_POS_H

#include "source.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The byte offset of a 0-based line and a UTF-16 column, clamped to the line
** (a column inside a character or past the end is the next boundary). */
uint32_t lsp_pos_offset(Source *src, long line, long character);

/* {"line","character"} of a byte offset; character counts UTF-16 code units,
** so a character outside the BMP counts two, as the protocol says. */
json_t *lsp_pos_position(Source *src, uint32_t offset);
json_t *lsp_pos_range(Source *src, Span span);

/* The identifier around offset (the scanner's rule: letters, digits, _, and
** ' or - between letters); false when offset is on none. */
bool lsp_pos_word(const Source *src, uint32_t offset, Span *out);

#endif
