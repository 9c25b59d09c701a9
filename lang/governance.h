/* lang/governance.h: the ANRU governance obligations of a local charter: steering committee, pilot structure, reporting rhythm. */
#ifndef CHARTE_GOVERNANCE_H
#define CHARTE_GOVERNANCE_H

#include "checker.h"

/*
** Fills Model.gov. A local charter (one that does not itself declare the
** national scope) must have a steering committee (error when missing; a
** warning when it is not at an intercommunal scope), exactly one pilot
** structure (error when missing or repeated) and a reporting rhythm (a
** warning when missing; an error when not mensuel, trimestriel, semestriel or
** annuel). The national charter is exempt.
*/
void governance_check(Checker *ck);

/* The reporting rhythms a `bilan` line accepts, i < GOVERNANCE_NRHYTHMS, in the
** charter's language (completion offers them). */
#define GOVERNANCE_NRHYTHMS 4
const char *governance_rhythm(int i, bool english);
/* The rhythm a `bilan` line's word names, in either language, accents and case
** aside (the checker's and the renderer's one reading of it); -1 for none. */
int governance_rhythm_of(const char *word);

#endif
