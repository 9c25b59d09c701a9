/* lang/types.h: the static types of charter expressions, with units (€, h, durations, %), their algebra and their names. */
#ifndef CHARTE_TYPES_H
#define CHARTE_TYPES_H

#include <stdbool.h>

/*
** A quantity is a number with a dimension vector over four base units: euro,
** hour, month-duration and day-duration. "€/h" is {eur 1, hour -1}; a plain
** number has no dimension. A rate (%) is a dimensionless number flagged
** `percent`: it is its own type for + − and comparisons (10 % + 2 is an
** error), and it disappears in products with a dimensioned quantity
** (€ × % = €, h × % = h).
**
** Every function here is pure and re-entrant. The common types are static
** constants; the others (choices, ids, odd dimensions) are GC objects.
** TYPES_ERROR marks an expression already reported: operations on it give it
** back without a new message, so one mistake is reported once.
*/
typedef enum {
    TYPES_ERROR,
    TYPES_QUANTITY,
    TYPES_BOOL,
    TYPES_DATE,
    TYPES_MONTH,      /* a calendar month (2024-03), not a duration */
    TYPES_TEXT,
    TYPES_CHOICE,     /* a value among the choices of a column */
    TYPES_FAMILY,     /* the name of a contract family */
    TYPES_SCOPE,      /* the name of a scope */
    TYPES_ID          /* an id of a table (marches, participants) */
} TypeKind;

enum { TYPES_DIM_EUR, TYPES_DIM_HOUR, TYPES_DIM_MONTHS, TYPES_DIM_DAYS, TYPES_NDIMS };

typedef struct Type {
    TypeKind kind;
    signed char dim[TYPES_NDIMS];
    bool percent;
    bool integer;                  /* whole numbers only (an `entier` column) */
    const char *of;                /* TYPES_CHOICE: the column; TYPES_ID: the table */
    const char *const *choices;    /* TYPES_CHOICE */
    int nchoices;
} Type;

const Type *types_error(void);
const Type *types_number(void);       /* plain number */
const Type *types_integer(void);      /* whole number */
const Type *types_percent(void);      /* rate, % */
const Type *types_amount(void);       /* € */
const Type *types_hours(void);        /* h */
const Type *types_hourly_cost(void);  /* €/h */
const Type *types_months(void);       /* duration in months (mois, ans) */
const Type *types_days(void);         /* duration in days (jours, semaines) */
const Type *types_bool(void);
const Type *types_date(void);
const Type *types_month(void);
const Type *types_text(void);
const Type *types_family(void);
const Type *types_scope(void);
const Type *types_choice(const char *column, const char *const *choices, int nchoices);
const Type *types_id(const char *table);

/* The result of a op b, or NULL when the operation has no meaning for these
** types (the caller reports it). An error operand gives types_error(). */
const Type *types_add(const Type *a, const Type *b);
const Type *types_sub(const Type *a, const Type *b);
const Type *types_mul(const Type *a, const Type *b);
const Type *types_div(const Type *a, const Type *b);
const Type *types_neg(const Type *a);

/* Same type (units included; choices of the same column; ids of the same table). */
bool types_equal(const Type *a, const Type *b);
/* Whether a = b / a ≠ b (ordering false) or a < b … (ordering true) is meaningful. */
bool types_comparable(const Type *a, const Type *b, bool ordering);

bool types_is_error(const Type *t);
/* A quantity with exactly this dimension vector (eur, hour, months, days) and percent flag. */
bool types_is_quantity(const Type *t, int eur, int hour, int months, int days, bool percent);
bool types_is_plain_number(const Type *t);   /* dimensionless, not % */
bool types_is_duration(const Type *t);       /* months or days */

/* A name for messages, without quotes: "montant (€)", "heures (h)",
** "durée en mois", "choix de sexe (F, H)"; English with english. GC string
** or a static one. */
const char *types_name(const Type *t, bool english);
/* The unit alone, as written after a number: "€", "h", "€/h", "%", "mois",
** "jours", "" for a plain number; NULL when the type is not a quantity. */
const char *types_unit(const Type *t, bool english);

#endif
