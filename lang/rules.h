/* lang/rules.h: targets and thresholds as rules: floors, conflicts, owner-restricted rules, gaps, what amendments amend. */
#ifndef CHARTE_RULES_H
#define CHARTE_RULES_H

#include "checker.h"

/*
** Builds Model.rules (one per target line or table row; base rules from
** DATE_NONE, an amendment's from its date) and reports: values of the wrong
** unit or out of range, a share-of-hours target below the floor of its
** family's category (naming both articles), conflicts (two rules of equal
** specificity setting the same field from the same date), owner-restricted
** rules incomparable with narrower general ones (warning), families without
** a target in some scope (a gap: warning), and amendments that amend an
** article that does not exist or a rule it does not set.
*/
void rules_check(Checker *ck);

/* " pour le maître d'ouvrage « X »" / " for owner “X”", or "" for a general rule. */
const char *rules_owner_fr(const MRule *r);
const char *rules_owner_en(const MRule *r);

/* Each rule's owner as evaluation compares owners (utf8_key: case- and accent-blind), NULL
** for a general rule: worked out once per rule, not once per pair of rules compared. */
const char **rules_owner_keys(const Model *m);
/* The bucket of family at scope in the rule index (model_index): where its rules begin in
** Model.rule_order, -1 when it has none. One number names it, for arrays by bucket. */
int rules_bucket(const Model *m, int family, int scope);

#endif
