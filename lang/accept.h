/* lang/accept.h: accepted warnings: `avertissement accepté CODE : « raison »` accepts the warnings of one code in its own article or amendment. */
#ifndef CHARTE_ACCEPT_H
#define CHARTE_ACCEPT_H

#include "checker.h"

/*
** Runs last, over the diagnostics this check made (ck->dl from index first):
** each warning of an accepted code whose place lies in the article or the
** amendment of the acceptance, in the same file, is marked accepted
** (diag_accept). An acceptance that cannot stand (a code that is no warning,
** an empty reason) is C0470; one that accepts nothing is C0471, unless the
** charter has errors (a pass stopped on an error may not have made its
** warnings); the same code accepted twice in one article is C0472.
*/
void accept_apply(Checker *ck, unsigned first);

#endif
