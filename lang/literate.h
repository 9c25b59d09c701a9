/* lang/literate.h: literate charters (.charte.md): the rules are the ```charte blocks of a Markdown document, read in place. */
#ifndef CHARTE_LITERATE_H
#define CHARTE_LITERATE_H

#include "diag.h"
#include "fmt.h"
#include "source.h"

#include <stdbool.h>
#include <stddef.h>

/* true for a path that names a literate charter: it ends with ".md". */
bool literate_is_path(const char *path);

/*
** The charter text of a Markdown document: the same bytes, except that every
** line outside a ```charte (or ~~~charte) fenced block, the fences included,
** has its bytes turned into spaces (its line break kept). Offsets, lines and
** columns of the rules are therefore those of the Markdown file itself, and a
** diagnostic points into it. Fences follow CommonMark: up to three spaces of
** indentation, three or more ` or ~, closed by a run of the same character at
** least as long; a block left open runs to the end of the document; a fence
** of another language hides its contents (a ```charte line inside it is only
** text). A byte-order mark at the start is kept: the scanner skips it.
**
** Returns a GC buffer of len bytes (plus a NUL) and the blocks, in order:
** [start, end) is the byte range of each block's contents, fences excluded.
*/
char *literate_extract(const char *text, size_t len, SourceBlock **blocks, int *nblocks);

/*
** charte fmt on a literate charter (src from source_from_markdown): the same
** Markdown with each ```charte block in the canonical layout and every other
** byte as it was. The blocks are formatted together, as the one charter they
** form (a table's columns align across its rows, an article may span
** blocks), then cut back at the block boundaries; the result is re-read and
** must mean what src meant (lang/fmt.h), else FMT_MEANING.
*/
FmtStatus literate_format(Source *src, DiagList *dl, char **out, size_t *out_len);

#endif
