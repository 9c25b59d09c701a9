/* lang/examples.h: the examples written beside the rules: their rows against the data schema, their expectations, their date. */
#ifndef CHARTE_EXAMPLES_H
#define CHARTE_EXAMPLES_H

#include "checker.h"

/*
** Checks every `exemple`: each field names a column of its table and has the
** column's type and unit; ids are unique per table within the example; hour
** lines name a contract and a participant of the same example; required
** columns are given; `attendu ID` names a contract of the example and
** expects a status and figures of the right units; the example has an
** evaluation date (its own `au`, or the end of the charter's validity).
*/
void examples_check(Checker *ck);

#endif
