/* base/value.c: constructors and comparisons of the tagged run-time values. */
#include "value.h"

#include "gc.h"

#include <string.h>

Value val_null(void) { return (Value){ .kind = VAL_NULL }; }
Value val_bool(bool b) { return (Value){ .kind = VAL_BOOL, .as.b = b }; }
Value val_date(Date d) { return (Value){ .kind = VAL_DATE, .as.date = d }; }
Value val_month(Month m) { return (Value){ .kind = VAL_MONTH, .as.month = m }; }
Value val_text(const char *s) { return (Value){ .kind = VAL_TEXT, .as.text = s }; }

mpq_ptr val_new_num(void)
{
    mpq_ptr q = rt_alloc(sizeof(__mpq_struct));
    mpq_init(q);
    return q;
}

Value val_num(mpq_srcptr q)
{
    mpq_ptr copy = val_new_num();
    mpq_set(copy, q);
    return (Value){ .kind = VAL_NUM, .as.num = copy };
}

Value val_num_si(long n)
{
    mpq_ptr q = val_new_num();
    mpq_set_si(q, n, 1);
    return (Value){ .kind = VAL_NUM, .as.num = q };
}

static int sign_of(int c) { return (c > 0) - (c < 0); }
static int compare_ints(int64_t a, int64_t b) { return (a > b) - (a < b); }

int val_compare(Value a, Value b)
{
    /* Mismatched kinds are the checker's business; order them by kind so that
    ** a sort never sees an inconsistent comparison. */
    if (a.kind != b.kind)
        return compare_ints(a.kind, b.kind);
    switch (a.kind) {
    case VAL_NULL:  return 0;
    case VAL_BOOL:  return compare_ints(a.as.b, b.as.b);
    case VAL_NUM:   return sign_of(mpq_cmp(a.as.num, b.as.num));
    case VAL_DATE:  return compare_ints(a.as.date, b.as.date);
    case VAL_MONTH: return compare_ints(a.as.month, b.as.month);
    case VAL_TEXT:  return sign_of(strcmp(a.as.text, b.as.text));
    }
    return 0;
}

bool val_equal(Value a, Value b)
{
    /* A missing value equals nothing, not even another missing value. */
    if (a.kind != b.kind || a.kind == VAL_NULL)
        return false;
    if (a.kind == VAL_NUM)
        return mpq_equal(a.as.num, b.as.num) != 0;
    return val_compare(a, b) == 0;
}
