/* tests/unit/hour_table.h: anru's hour table (contract, participant, month, hours, modality) as the unit tests' small models declare it (shared by test_data and test_eval). */
#ifndef CHARTE_TEST_HOUR_TABLE_H
#define CHARTE_TEST_HOUR_TABLE_H

#include "gc.h"
#include "model.h"

/* Fills t with the hour table's five columns, built by the test's own
** `column`, the modality's choices, and `extra` optional text columns
** after them (note0, note1…). */
static inline void hour_table_columns(MTable *t, MColumn (*column)(const char *, MColType, bool),
                                      const char **modalities, int nmodalities, int extra)
{
    t->name = "heures";
    t->columns = RT_NEW_ARRAY(MColumn, 5 + extra);
    t->columns[0] = column("marche", M_COL_REF, true);
    t->columns[0].ref_table = M_TABLE_MARCHES;
    t->columns[1] = column("participant", M_COL_REF, true);
    t->columns[1].ref_table = M_TABLE_PARTICIPANTS;
    t->columns[2] = column("mois", M_COL_MONTH, true);
    t->columns[3] = column("heures", M_COL_HOURS, true);
    t->columns[4] = column("modalite", M_COL_CHOICE, true);
    t->columns[4].choices = modalities;
    t->columns[4].nchoices = nmodalities;
    for (int k = 0; k < extra; k++)
        t->columns[5 + k] = column(rt_sprintf("note%d", k), M_COL_TEXT, false);
    t->ncolumns = 5 + extra;
    t->id_column = -1;
}

#endif
