/* lang/counting.h: counting rules (rounding, eligibility period, modalities, caps), statistical secrecy and indicators. */
#ifndef CHARTE_COUNTING_H
#define CHARTE_COUNTING_H

#include "checker.h"

/* Fills the counting part of the Model and Model.indicators; each of
** rounding, eligibility period, modalities and secrecy is declared at most
** once in the whole program, and a modality is capped at most once. */
void counting_check(Checker *ck);

#endif
