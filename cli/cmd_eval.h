/* cli/cmd_eval.h: what `charte eval` shares with `charte test`, `explain`, `diff` and `render`: checking the charter first, loading the data, telling a data error, an output that spares the inputs. */
#ifndef CHARTE_CMD_EVAL_H
#define CHARTE_CMD_EVAL_H

#include "data.h"
#include "diag.h"
#include "eval.h"
#include "model.h"
#include "output.h"

/* Reads and checks the charter, printing its diagnostics to stderr as
** `charte check` does. NULL when it cannot be evaluated; *status is then
** CLI_ERROR (unreadable file) or CLI_FINDINGS (errors in the charter). */
Model *cmd_eval_check_charter(const char *path, SayLang lang, int *status);
/* Same, the diagnostics (an unreadable file as C0006) also kept in dl. */
Model *cmd_eval_check_charter_into(const char *path, SayLang lang, DiagList *dl, int *status);
/* A data file that cannot be read, as a diagnostic with its C08xx code:
** "FILE:LINE: error[C0806]: message" on stderr. */
void cmd_eval_data_error(const DataError *err, SayLang lang);
/* Opens every table of data_dir (a missing file or column: all such errors said at
** once), loads them in order on `threads` threads and finishes the evaluation at
** au (with the period from since, a valid --depuis, or DATE_NONE): what eval,
** explain and diff evaluate. NULL on a data error, said on stderr and kept in run. */
EvalRun *cmd_eval_evaluate(const Model *m, const char *data_dir, Date au, Date since, SayLang lang, int threads,
                           DiagList *run);
/* --threads by default: the cores this process may run on, at most 4. Past
** four, each thread's slices and share of the sums add memory (the large
** profile, 10 M hour lines: 56 MB with 4 threads, up to 63 MB with 8, for a
** budget of 64) while the serial part (charter, contracts, participants,
** results, output: about a third of a one-thread run) bounds the gain. */
int cmd_eval_default_threads(void);
/* false, with a message, when -o names one of the inputs: the data folder or
** workbook, a table of the folder (in any format), the charter or one of its imports. */
bool cmd_eval_output_spares_data(const Output *out, const char *data_dir, SayLang lang);
bool cmd_eval_output_spares_imports(const Output *out, const Model *m, SayLang lang);
/* The charter of an eval or an explain, checked, once each of the n outputs is known
** to spare it, its data and its imports; NULL with *status (CLI_ERROR or
** CLI_FINDINGS) otherwise. */
Model *cmd_eval_charter_for(const Output *outs, int n, const char *charter, const char *data_dir, SayLang lang,
                            DiagList *dl, int *status);

#endif
