/* tools/gen-donnees/random.c: the seeded PRNG (splitmix64 seeding xoshiro256**, separate streams per table) and the calendar arithmetic on dates. */
#include "gen-donnees.h"

/* ====================================================================== */
/* PRNG                                                                   */
/* ====================================================================== */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void gen_rng_seed(Rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(Rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), without modulo bias. */
uint64_t gen_rng_below(Rng *r, uint64_t n)
{
    uint64_t threshold = (0 - n) % n;
    for (;;) {
        uint64_t x = rng_next(r);
        if (x >= threshold)
            return x % n;
    }
}

/* Uniform in [lo, hi]. */
int64_t gen_rng_range(Rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)gen_rng_below(r, (uint64_t)(hi - lo) + 1);
}

bool gen_rng_pct(Rng *r, int pct)
{
    return gen_rng_below(r, 100) < (uint64_t)pct;
}

/* Index drawn with the given integer weights. */
int gen_rng_weighted(Rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = (int)gen_rng_below(r, (uint64_t)total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ====================================================================== */
/* Dates (proleptic Gregorian, day numbers from 1970-01-01)               */
/* ====================================================================== */

long gen_days_from_civil(Date t)
{
    long y = t.y - (t.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (t.m + (t.m > 2 ? -3 : 9)) + 2) / 5 + t.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date gen_civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    Date t;
    t.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    t.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    t.y = (int)(yoe + era * 400 + (t.m <= 2));
    return t;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

Date gen_random_date(Rng *r, Date lo, Date hi)
{
    return gen_civil_from_days(gen_rng_range(r, gen_days_from_civil(lo), gen_days_from_civil(hi)));
}

/* Full years; a 29 February birthday falls on 1 March in non-leap years. */
int gen_age_at(Date birth, Date at)
{
    int bm = birth.m, bd = birth.d;
    if (bm == 2 && bd == 29 && !is_leap(at.y)) {
        bm = 3;
        bd = 1;
    }
    int age = at.y - birth.y;
    if (at.m < bm || (at.m == bm && at.d < bd))
        age--;
    return age;
}

/* The date on which someone born on `birth` turns `years` (1 March for 29 February in a
 * non-leap year). */
Date gen_birthday(Date birth, int years)
{
    Date t = {birth.y + years, birth.m, birth.d};
    if (t.m == 2 && t.d == 29 && !is_leap(t.y)) {
        t.m = 3;
        t.d = 1;
    }
    return t;
}
