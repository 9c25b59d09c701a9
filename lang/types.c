/* lang/types.c: types with units: the constants, the unit algebra (€ × % = €, € ÷ €/h = h…) and their names in messages. */
#include "types.h"

#include "gc.h"

#include <string.h>

#define QUANTITY(e, h, mo, d, pct, int_) \
    { .kind = TYPES_QUANTITY, .dim = { (e), (h), (mo), (d) }, .percent = (pct), .integer = (int_) }

static const Type t_error = { .kind = TYPES_ERROR };
static const Type t_number = QUANTITY(0, 0, 0, 0, false, false);
static const Type t_integer = QUANTITY(0, 0, 0, 0, false, true);
static const Type t_percent = QUANTITY(0, 0, 0, 0, true, false);
static const Type t_amount = QUANTITY(1, 0, 0, 0, false, false);
static const Type t_hours = QUANTITY(0, 1, 0, 0, false, false);
static const Type t_hourly_cost = QUANTITY(1, -1, 0, 0, false, false);
static const Type t_months = QUANTITY(0, 0, 1, 0, false, false);
static const Type t_days = QUANTITY(0, 0, 0, 1, false, false);
static const Type t_bool = { .kind = TYPES_BOOL };
static const Type t_date = { .kind = TYPES_DATE };
static const Type t_month = { .kind = TYPES_MONTH };
static const Type t_text = { .kind = TYPES_TEXT };
static const Type t_family = { .kind = TYPES_FAMILY };
static const Type t_scope = { .kind = TYPES_SCOPE };

const Type *types_error(void) { return &t_error; }
const Type *types_number(void) { return &t_number; }
const Type *types_integer(void) { return &t_integer; }
const Type *types_percent(void) { return &t_percent; }
const Type *types_amount(void) { return &t_amount; }
const Type *types_hours(void) { return &t_hours; }
const Type *types_hourly_cost(void) { return &t_hourly_cost; }
const Type *types_months(void) { return &t_months; }
const Type *types_days(void) { return &t_days; }
const Type *types_bool(void) { return &t_bool; }
const Type *types_date(void) { return &t_date; }
const Type *types_month(void) { return &t_month; }
const Type *types_text(void) { return &t_text; }
const Type *types_family(void) { return &t_family; }
const Type *types_scope(void) { return &t_scope; }

const Type *types_choice(const char *column, const char *const *choices, int nchoices)
{
    Type *t = RT_NEW(Type);
    t->kind = TYPES_CHOICE;
    t->of = column;
    t->choices = choices;
    t->nchoices = nchoices;
    return t;
}

const Type *types_id(const char *table)
{
    Type *t = RT_NEW(Type);
    t->kind = TYPES_ID;
    t->of = table;
    return t;
}

bool types_is_error(const Type *t) { return !t || t->kind == TYPES_ERROR; }

static bool dimensionless(const Type *t)
{
    for (int i = 0; i < TYPES_NDIMS; i++)
        if (t->dim[i])
            return false;
    return true;
}

static bool same_dims(const Type *a, const Type *b)
{
    return memcmp(a->dim, b->dim, sizeof a->dim) == 0;
}

bool types_is_quantity(const Type *t, int eur, int hour, int months, int days, bool percent)
{
    return t && t->kind == TYPES_QUANTITY && t->dim[TYPES_DIM_EUR] == eur
           && t->dim[TYPES_DIM_HOUR] == hour && t->dim[TYPES_DIM_MONTHS] == months
           && t->dim[TYPES_DIM_DAYS] == days && t->percent == percent;
}

bool types_is_plain_number(const Type *t) { return types_is_quantity(t, 0, 0, 0, 0, false); }

bool types_is_duration(const Type *t)
{
    return types_is_quantity(t, 0, 0, 1, 0, false) || types_is_quantity(t, 0, 0, 0, 1, false);
}

/* The canonical constant for a quantity, so that common results compare by
** pointer in tests and cost no allocation. */
static const Type *quantity(const signed char dim[TYPES_NDIMS], bool percent, bool integer)
{
    Type probe = QUANTITY(dim[0], dim[1], dim[2], dim[3], percent, integer);
    static const Type *const known[] = {
        &t_number, &t_integer, &t_percent, &t_amount, &t_hours, &t_hourly_cost, &t_months, &t_days
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (same_dims(known[i], &probe) && known[i]->percent == percent
            && known[i]->integer == integer)
            return known[i];
    Type *t = RT_NEW(Type);
    *t = probe;
    return t;
}

static bool either_error(const Type *a, const Type *b)
{
    return types_is_error(a) || types_is_error(b);
}

static bool is_quantity(const Type *t) { return t->kind == TYPES_QUANTITY; }

/* A + B and A − B need equal units; a date moves by a duration; two dates
** (two months) differ by a duration. */
static const Type *add_or_sub(const Type *a, const Type *b, bool sub)
{
    if (either_error(a, b))
        return &t_error;
    if (is_quantity(a) && is_quantity(b)) {
        if (!same_dims(a, b) || a->percent != b->percent)
            return NULL;
        return quantity(a->dim, a->percent, a->integer && b->integer);
    }
    if (a->kind == TYPES_DATE && types_is_duration(b))
        return &t_date;
    if (!sub && types_is_duration(a) && b->kind == TYPES_DATE)
        return &t_date;
    if (a->kind == TYPES_MONTH && types_is_quantity(b, 0, 0, 1, 0, false))
        return &t_month;
    if (!sub && types_is_quantity(a, 0, 0, 1, 0, false) && b->kind == TYPES_MONTH)
        return &t_month;
    if (sub && a->kind == TYPES_DATE && b->kind == TYPES_DATE)
        return &t_days;
    if (sub && a->kind == TYPES_MONTH && b->kind == TYPES_MONTH)
        return &t_months;
    return NULL;
}

const Type *types_add(const Type *a, const Type *b) { return add_or_sub(a, b, false); }
const Type *types_sub(const Type *a, const Type *b) { return add_or_sub(a, b, true); }

/* A rate survives a product only with another dimensionless factor:
** 10 % × 50 % = 5 % and 10 % × 3 = 30 %, but 10 % × 100 € = 10 €. */
const Type *types_mul(const Type *a, const Type *b)
{
    if (either_error(a, b))
        return &t_error;
    if (!is_quantity(a) || !is_quantity(b))
        return NULL;
    signed char dim[TYPES_NDIMS];
    for (int i = 0; i < TYPES_NDIMS; i++)
        dim[i] = (signed char)(a->dim[i] + b->dim[i]);
    Type probe = { .kind = TYPES_QUANTITY };
    memcpy(probe.dim, dim, sizeof dim);
    bool percent = (a->percent || b->percent) && dimensionless(&probe);
    return quantity(dim, percent, a->integer && b->integer);
}

/* 12 % ÷ 4 = 3 %; 12 % ÷ 4 % = 3 (a plain ratio); € ÷ €/h = h. */
const Type *types_div(const Type *a, const Type *b)
{
    if (either_error(a, b))
        return &t_error;
    if (!is_quantity(a) || !is_quantity(b))
        return NULL;
    signed char dim[TYPES_NDIMS];
    for (int i = 0; i < TYPES_NDIMS; i++)
        dim[i] = (signed char)(a->dim[i] - b->dim[i]);
    Type probe = { .kind = TYPES_QUANTITY };
    memcpy(probe.dim, dim, sizeof dim);
    bool percent = a->percent && !b->percent && dimensionless(&probe);
    return quantity(dim, percent, false);
}

const Type *types_neg(const Type *a)
{
    if (types_is_error(a))
        return &t_error;
    return is_quantity(a) ? quantity(a->dim, a->percent, a->integer) : NULL;
}

static bool same_name(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

bool types_equal(const Type *a, const Type *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case TYPES_QUANTITY: return same_dims(a, b) && a->percent == b->percent;
    case TYPES_CHOICE:
    case TYPES_ID:       return same_name(a->of, b->of);
    default:             return true;
    }
}

bool types_comparable(const Type *a, const Type *b, bool ordering)
{
    if (either_error(a, b))
        return true;
    switch (a->kind) {
    case TYPES_QUANTITY:
        return b->kind == TYPES_QUANTITY && same_dims(a, b) && a->percent == b->percent;
    case TYPES_DATE:
    case TYPES_MONTH:
        return b->kind == a->kind;
    case TYPES_TEXT:
        return !ordering && (b->kind == TYPES_TEXT || b->kind == TYPES_CHOICE || b->kind == TYPES_ID);
    case TYPES_CHOICE:
        return !ordering && (b->kind == TYPES_TEXT || types_equal(a, b));
    case TYPES_ID:
        return !ordering && (b->kind == TYPES_TEXT || types_equal(a, b));
    case TYPES_BOOL:
    case TYPES_FAMILY:
    case TYPES_SCOPE:
        return !ordering && b->kind == a->kind;
    case TYPES_ERROR:
        return true;
    }
    return false;
}

/* ---- names --------------------------------------------------------------------------- */

static const char *const superscripts[] = { "", "", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };

static const char *base_unit(int i, bool english)
{
    switch (i) {
    case TYPES_DIM_EUR:    return "€";
    case TYPES_DIM_HOUR:   return "h";
    case TYPES_DIM_MONTHS: return english ? "months" : "mois";
    default:               return english ? "days" : "jours";
    }
}

static const char *power(const char *unit, int n)
{
    if (n < 10)
        return rt_sprintf("%s%s", unit, superscripts[n]);
    return rt_sprintf("%s^%d", unit, n);
}

/* "€·h/mois²" for the dimensions nobody names. */
static const char *compound_unit(const Type *t, bool english)
{
    const char *num = "", *den = "";
    for (int i = 0; i < TYPES_NDIMS; i++) {
        int d = t->dim[i];
        if (d > 0)
            num = rt_sprintf("%s%s%s", num, *num ? "·" : "", power(base_unit(i, english), d));
        else if (d < 0)
            den = rt_sprintf("%s%s%s", den, *den ? "·" : "", power(base_unit(i, english), -d));
    }
    if (!*den)
        return num;
    return rt_sprintf("%s/%s", *num ? num : "1", den);
}

const char *types_unit(const Type *t, bool english)
{
    if (!t || t->kind != TYPES_QUANTITY)
        return NULL;
    if (dimensionless(t))
        return t->percent ? "%" : "";
    return compound_unit(t, english);
}

static const char *choice_list(const Type *t)
{
    const char *s = "";
    for (int i = 0; i < t->nchoices; i++)
        s = rt_sprintf("%s%s%s", s, i ? ", " : "", t->choices[i]);
    return s;
}

static const char *quantity_name(const Type *t, bool english)
{
    if (dimensionless(t)) {
        if (t->percent)
            return english ? "rate (%)" : "taux (%)";
        if (t->integer)
            return english ? "whole number" : "nombre entier";
        return english ? "number" : "nombre";
    }
    if (t->percent)
        return english ? "rate (%)" : "taux (%)";
    if (types_is_quantity(t, 1, 0, 0, 0, false))
        return english ? "amount (€)" : "montant (€)";
    if (types_is_quantity(t, 0, 1, 0, 0, false))
        return english ? "hours (h)" : "heures (h)";
    if (types_is_quantity(t, 1, -1, 0, 0, false))
        return english ? "hourly cost (€/h)" : "coût horaire (€/h)";
    if (types_is_quantity(t, 0, 0, 1, 0, false))
        return english ? "duration (months)" : "durée (mois)";
    if (types_is_quantity(t, 0, 0, 0, 1, false))
        return english ? "duration (days)" : "durée (jours)";
    return rt_sprintf("%s (%s)", english ? "quantity" : "grandeur", compound_unit(t, english));
}

const char *types_name(const Type *t, bool english)
{
    if (!t)
        return english ? "invalid" : "invalide";
    switch (t->kind) {
    case TYPES_ERROR:    return english ? "invalid" : "invalide";
    case TYPES_QUANTITY: return quantity_name(t, english);
    case TYPES_BOOL:     return english ? "boolean" : "booléen";
    case TYPES_DATE:     return "date";
    case TYPES_MONTH:    return english ? "month" : "mois";
    case TYPES_TEXT:     return english ? "text" : "texte";
    case TYPES_FAMILY:   return english ? "family" : "famille";
    case TYPES_SCOPE:    return english ? "scope" : "périmètre";
    case TYPES_CHOICE:
        return rt_sprintf(english ? "choice of %s (%s)" : "choix de %s (%s)",
                          t->of ? t->of : "?", choice_list(t));
    case TYPES_ID:
        return rt_sprintf(english ? "id of %s" : "identifiant de %s", t->of ? t->of : "?");
    }
    return "?";
}
