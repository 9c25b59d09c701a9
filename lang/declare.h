/* lang/declare.h: the first walk over every module: headers, article and amendment numbers, amendments' dates, declarations sorted by kind, tables by their header. */
#ifndef CHARTE_DECLARE_H
#define CHARTE_DECLARE_H

#include "checker.h"

/*
** Fills ck->decls (every declaration, by kind, in source order; a table goes
** with what its header declares), Model.amendments (number, date, amended
** article), and reports: a badly ordered period of validity, duplicate
** article or amendment numbers, an amendment without its date or with two, a
** date outside the period, `applicable …` or `modifie l'article` in an
** article, declarations that an amendment cannot change, table headers that
** declare nothing known and rows with the wrong number of cells.
*/
void declare_all(Checker *ck);

/* The date of a date literal (reported as C0309 when it is not a calendar
** date); DATE_NONE when e is NULL or invalid. */
Date declare_date(Checker *ck, int module, AstExpr *e);

#endif
