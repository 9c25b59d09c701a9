/* lang/examples.h: the examples written beside the rules: their rows against the data schema, their expectations, their date. */
#ifndef CHARTE_EXAMPLES_H
#define CHARTE_EXAMPLES_H

#include "checker.h"

/*
** Checks every `exemple`: each field names a column of its table and has the
** column's type and unit; ids are unique per table within the example; hour
** lines (and hires, when they name them) name a contract and a participant of
** the same example; required
** columns are given; `attendu ID` names a contract of the example and
** expects a status and figures of the right units; the example has an
** evaluation date (its own `au`, or the end of the charter's validity).
*/
void examples_check(Checker *ck);

/* The table an example line fills (M_TABLE_…): `marché`, `participant` and `heures` lines, and
** a row named by its first word (`embauche` / `hire`: the hires); -1 for an expectation, or a
** word that names no table (C0460). */
int examples_line_table(const AstExampleLine *l);
/* `attendu embauches « scope/nature » : …`: an expectation of a target of hires. */
bool examples_expects_hires(const AstExampleLine *l);

#endif
