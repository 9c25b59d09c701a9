/* runtime/eval_rationals.c: the exact products, quotients, sums and differences of a contract's figures, in native integers when their terms fit, else GMP's. */
#include "eval_impl.h"

#include <stdint.h>

/*
** A contract's figures are small rationals (10 %, 3 200 h, 80 % × 100 000 € ÷
** 25 €/h): GMP spends about 1 000 instructions on each operation, for its two
** gcds and the limbs a product needs. Here the terms are read as 64-bit integers
** and the result is built canonical, as GMP builds it (the gcds taken before the
** products, as in Knuth's algorithms); a term or a result past 63 bits goes to GMP.
*/

typedef struct {
    int64_t n, d;    /* d > 0, gcd(|n|, d) = 1 */
} Small;

static bool small_of(mpq_srcptr q, Small *s)
{
    if (!mpz_fits_slong_p(mpq_numref(q)) || !mpz_fits_slong_p(mpq_denref(q)))
        return false;
    s->n = mpz_get_si(mpq_numref(q));
    s->d = mpz_get_si(mpq_denref(q));
    return s->n != INT64_MIN;    /* its absolute value is a term too */
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t magnitude(int64_t n) { return n < 0 ? 0 - (uint64_t)n : (uint64_t)n; }

static void set(mpq_ptr r, Small s)
{
    mpq_set_si(r, s.n, (unsigned long)s.d);
}

/* a × b, false when a product passes 63 bits. */
static bool mul_small(Small a, Small b, Small *r)
{
    if (a.n == 0 || b.n == 0) {
        *r = (Small){ 0, 1 };
        return true;
    }
    int64_t g1 = (int64_t)gcd(magnitude(a.n), (uint64_t)b.d), g2 = (int64_t)gcd(magnitude(b.n), (uint64_t)a.d);
    return !__builtin_mul_overflow(a.n / g1, b.n / g2, &r->n) && !__builtin_mul_overflow(a.d / g2, b.d / g1, &r->d);
}

/* a + b, false when a term passes 63 bits. */
static bool add_small(Small a, Small b, Small *r)
{
    int64_t g = (int64_t)gcd((uint64_t)a.d, (uint64_t)b.d), x, y, t;
    if (__builtin_mul_overflow(a.n, b.d / g, &x) || __builtin_mul_overflow(b.n, a.d / g, &y)
        || __builtin_add_overflow(x, y, &t) || t == INT64_MIN)
        return false;
    if (t == 0) {
        *r = (Small){ 0, 1 };
        return true;
    }
    int64_t g2 = (int64_t)gcd(magnitude(t), (uint64_t)g);
    r->n = t / g2;
    return !__builtin_mul_overflow(a.d / g2, b.d / g, &r->d);
}

/* a ÷ b as a × (1 / b), the sign of 1 / b on its numerator; false when b is 0. */
static bool div_small(Small a, Small b, Small *r)
{
    if (b.n == 0)
        return false;
    return mul_small(a, (Small){ b.n < 0 ? -b.d : b.d, b.n < 0 ? -b.n : b.n }, r);
}

static bool sub_small(Small a, Small b, Small *r)
{
    b.n = -b.n;    /* not INT64_MIN: small_of refuses it */
    return add_small(a, b, r);
}

typedef bool SmallOp(Small, Small, Small *);
typedef void GmpOp(mpq_ptr, mpq_srcptr, mpq_srcptr);

static void apply(mpq_ptr r, mpq_srcptr a, mpq_srcptr b, SmallOp *small, GmpOp *gmp)
{
    Small x, y, z;
    if (small_of(a, &x) && small_of(b, &y) && small(x, y, &z))
        set(r, z);
    else
        gmp(r, a, b);
}

void eval_rationals_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { apply(r, a, b, mul_small, mpq_mul); }
void eval_rationals_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { apply(r, a, b, div_small, mpq_div); }
void eval_rationals_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { apply(r, a, b, add_small, mpq_add); }
void eval_rationals_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { apply(r, a, b, sub_small, mpq_sub); }
