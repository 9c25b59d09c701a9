/* lang/families.h: categories, their floors, and contract families (declarations and tables) with their estimation parameters. */
#ifndef CHARTE_FAMILIES_H
#define CHARTE_FAMILIES_H

#include "checker.h"

/* Builds Model.categories (with floors) and Model.families. A category's
** floor may be raised by a later `plancher`, never lowered. */
void families_check(Checker *ck);

/* The index of family `name`, reporting C0201 (with a suggestion) when unknown. */
int families_resolve(Checker *ck, int module, const char *name, Span span);

#endif
