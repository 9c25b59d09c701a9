/* lang/rules_levels.h: warnings on where targets are assessed and on the doors around the national floors. */
#ifndef CHARTE_RULES_LEVELS_H
#define CHARTE_RULES_LEVELS_H

#include "checker.h"

/*
** Runs after Model.rules is built (lang/rules.c) and warns: a fixed-hours
** target assessed per contract at a scope that is not a project (C0430:
** each contract gets the whole amount; `mutualisé` shares it); a fixed-hours
** target in a family whose category has a floor (C0431: evaluation applies
** max(target, floor × base hours)); a threshold raised by a narrower scope,
** an owner-restricted rule or a later amendment (C0432, naming both rules); an
** amendment's general target that leaves an earlier owner's target of its family and
** scope in force (C0433).
*/
void rules_levels_check(Checker *ck);

#endif
