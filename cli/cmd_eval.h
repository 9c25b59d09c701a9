/* cli/cmd_eval.h: what `charte eval` shares with `charte test`: checking the charter first, and telling a data error. */
#ifndef CHARTE_CMD_EVAL_H
#define CHARTE_CMD_EVAL_H

#include "data.h"
#include "diag.h"
#include "model.h"

/* Reads and checks the charter, printing its diagnostics to stderr as
** `charte check` does. NULL when it cannot be evaluated; *status is then
** CLI_ERROR (unreadable file) or CLI_FINDINGS (errors in the charter). */
Model *cmd_eval_check_charter(const char *path, DiagLang lang, int *status);
/* Same, the diagnostics (an unreadable file as C0006) also kept in dl. */
Model *cmd_eval_check_charter_into(const char *path, DiagLang lang, DiagList *dl, int *status);
/* "charte: FILE:LINE: message" on stderr. */
void cmd_eval_data_error(const DataError *err, DiagLang lang);

#endif
