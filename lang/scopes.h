/* lang/scopes.h: the tree of scopes (périmètres): declarations and tables, parents, levels, cycles, the national root. */
#ifndef CHARTE_SCOPES_H
#define CHARTE_SCOPES_H

#include "checker.h"

/* Builds Model.scopes (parent, depth) and reports unknown parents, cycles, a
** missing parent, a level under the same or a narrower one, a second root. */
void scopes_check(Checker *ck);

/* The level named by a table cell ("commune", "municipal"…); false when unknown. */
bool scopes_level(const char *word, AstLevel *out);
/* The index of scope `name`, reporting C0201 (with a suggestion) when unknown. */
int scopes_resolve(Checker *ck, int module, const char *name, Span span);

#endif
