/* base/value.h: the tagged values that charter expressions and data cells evaluate to. */
#ifndef CHARTE_VALUE_H
#define CHARTE_VALUE_H

#include "date.h"

#include <gmp.h>
#include <stdbool.h>

/*
** Units are static (the checker's business); at run time a number is just an
** exact rational. VAL_NULL is a missing optional value: comparisons with it
** are false and `renseigné` tests for it.
*/
typedef enum { VAL_NULL, VAL_BOOL, VAL_NUM, VAL_DATE, VAL_MONTH, VAL_TEXT } ValKind;

typedef struct Value {
    ValKind kind;
    union {
        bool b;
        mpq_ptr num;          /* GC memory, mpq_init'ed; never mutated once shared */
        Date date;
        Month month;
        const char *text;     /* UTF-8, NFC */
    } as;
} Value;

#define VAL_IS_NULL(v)  ((v).kind == VAL_NULL)

Value val_null(void);
Value val_bool(bool b);
Value val_date(Date d);
Value val_month(Month m);
Value val_text(const char *s);
Value val_num(mpq_srcptr q);           /* copies q into a fresh GC rational */
Value val_num_si(long n);
mpq_ptr val_new_num(void);             /* a fresh GC rational, mpq_init'ed, = 0 */

/* Equality of two values of the same kind (numbers by value, text bytewise). */
bool val_equal(Value a, Value b);
/* <0, 0, >0 for numbers, dates, months, text (bytewise); kinds must match. */
int val_compare(Value a, Value b);

#endif
