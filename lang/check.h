/* lang/check.h: the checker: imports, names, types and units, and the charter's own rules (floors, conflicts, gaps, governance). */
#ifndef CHARTE_CHECK_H
#define CHARTE_CHECK_H

#include "diag.h"
#include "model.h"
#include "source.h"

typedef struct CheckOptions {
    bool english;            /* messages that embed keywords use the English ones */
    /* When non-NULL, receives the Model as far as the passes built it, errors
    ** or not (NULL only when the main file could not be parsed into modules):
    ** its syntax trees and whatever names resolved, for an editor's hover and
    ** navigation (cli/lsp_*.c). Never to evaluate data with. */
    Model **partial;
} CheckOptions;

/*
** Parses src, loads its imports (stdlib modules by name, files inside src's
** folder tree), checks the whole program and returns the resolved Model.
** Every static error is reported in dl, in one run; the Model is NULL when
** there was any error (warnings allowed). Runs on an in-memory Source as well
** as on a file (an editor's buffer): no global state, safe to call many
** times.
*/
Model *check_program(Source *src, DiagList *dl, const CheckOptions *opts);

#endif
