/* lang/diag_rules.c: the table of diagnostic codes, one row per page of docs/erreurs/ (written by tools/diag-rules.sh), so that machine outputs describe each code as its page does. */
#include "diag_rules.h"

#include <string.h>

static const DiagRule diag_rules_table[] = {
#include "diag_rules.inc"
};

const DiagRule *diag_rules_all(size_t *count)
{
    *count = sizeof diag_rules_table / sizeof diag_rules_table[0];
    return diag_rules_table;
}

const DiagRule *diag_rules_find(const char *code)
{
    size_t n;
    const DiagRule *all = diag_rules_all(&n);
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(all[i].code, code) == 0)
            return &all[i];
    return NULL;
}
