/* lang/expr.h: typing expressions with units, resolving their names, folding constants exactly (constants, publics, éligible). */
#ifndef CHARTE_EXPR_H
#define CHARTE_EXPR_H

#include "checker.h"

/*
** Two contexts. EXPR_CONST: a value fixed by the charter (targets,
** thresholds, floors, constants…): names are constants only, and the value
** is folded (AstExpr.value, is_constant). EXPR_PARTICIPANT: a condition over
** one participant (publics, éligible, indicator filters): names are
** participant columns, publics, constants, the built-in `âge` (a duration in
** months: 12 × full years at date_entree), or a choice of the column it is
** compared with (`sexe = F`).
**
** Every AstExpr gets its type (AstExpr.type, a Type*) and its reference
** (ref, ref_index); an error is reported once and its expression typed
** types_error(), which silences what depends on it.
*/
typedef enum { EXPR_CONST, EXPR_PARTICIPANT } ExprContext;

/* Registers every constant and public (names, Model.publics). */
void expr_declare(Checker *ck);
/* Types every constant, public and éligible (Model.eligible). */
void expr_check_all(Checker *ck);
/* Warnings for constants and publics that nothing uses (stdlib modules excepted). */
void expr_report_unused(Checker *ck);

const Type *expr_check(Checker *ck, int module, AstExpr *e, ExprContext ctx);
/* A condition: reports C0303 unless e is boolean; `what` says whose it is
** ("la condition du public « jeune »"). */
bool expr_condition(Checker *ck, int module, AstExpr *e, ExprContext ctx, Say what);
/* A fixed value of type want for a field (`what`: "le seuil"); reports C0304
** when its type differs (with "écrivez « 40 000 € »" for a bare number).
** On success the folded value is e->value. */
bool expr_expect(Checker *ck, int module, AstExpr *e, const Type *want, Say what);
/* A rate (%) between 0 % and 100 % (C0304, C0402). */
bool expr_rate(Checker *ck, int module, AstExpr *e, Say what);
/* A fixed value of type want that is > 0 (or >= 0 with zero_ok) (C0304, C0402). */
bool expr_positive(Checker *ck, int module, AstExpr *e, const Type *want, bool zero_ok, Say what);
/* Reports C0304: what must be of type expected; e has another. likely: the type a bare
** number most likely meant, for a « écrivez « 1 200 h » » hint (NULL: no hint). */
void expr_wrong_type(Checker *ck, int module, AstExpr *e, Say what, Say expected, const Type *likely);
/* true when a name in a condition is the participant's age (« âge », or « age » in
** English; written so, as every name of the charter): the full years between
** date_naissance and date_entree, unless a column or public has the name. */
bool expr_is_age(const char *name);

#endif
