/* lang/diag_rules.h: the table of diagnostic codes (title, severity, summary in French and English), generated from the error pages docs/erreurs/ at build time. */
#ifndef CHARTE_DIAG_RULES_H
#define CHARTE_DIAG_RULES_H

#include "diag.h"

#include <stddef.h>

typedef struct DiagRule {
    const char *code;                 /* "C0401" */
    DiagSeverity severity;            /* as the page says */
    const char *title_fr, *title_en;  /* the page's heading, after the code */
    const char *summary_fr, *summary_en; /* its first paragraph (Markdown) */
} DiagRule;

/* Every code that has a page, in code order. */
const DiagRule *diag_rules_all(size_t *count);
/* NULL when the code has no page. */
const DiagRule *diag_rules_find(const char *code);

#endif
