/* base/date.c: proleptic Gregorian day numbers and months, their parsing, arithmetic and text forms. */
#include "date.h"

#include "blank.h"
#include "gc.h"

#include <time.h>

#define YEAR_MIN 1
#define YEAR_MAX 9999

bool date_is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap_year(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil: eras of 400 years make the leap rule regular. */
static int64_t days_from_civil_wide(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Howard Hinnant's civil_from_days, the inverse of days_from_civil_wide. */
static void civil_from_days_wide(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/*
** The same two conversions by Neri and Schneider's Euclidean affine functions
** ("Euclidean affine functions and their application to calendar
** algorithms", 2022): unsigned 32-bit arithmetic shifted by 82 eras of 400
** years so that every year from -32800 on is positive, divisions by constants
** only, no branch on the era's sign. They are the hot ones (every date read,
** every participant's entry month and age); the wide ones above take what
** lies outside their range. tests/unit/test_date.c compares the two on every
** day of years 1..9999.
*/
#define CAL_SHIFT_ERAS 82u
#define CAL_SHIFT_DAYS (719468u + 146097u * CAL_SHIFT_ERAS)
#define CAL_SHIFT_YEARS (400u * CAL_SHIFT_ERAS)
#define CAL_FAST_DAY_MIN (-(int64_t)CAL_SHIFT_DAYS)
#define CAL_FAST_DAY_MAX ((int64_t)1 << 29)   /* 4 × (day + shift) + 3 stays below 2^32 */

static bool fast_year(int64_t y) { return y > -(int64_t)CAL_SHIFT_YEARS + 1 && y < 1000000; }

static int64_t days_from_civil(int64_t y, int m, int d)
{
    if (!fast_year(y))
        return days_from_civil_wide(y, m, d);
    uint32_t jan_feb = m <= 2;
    uint32_t yy = (uint32_t)(y + CAL_SHIFT_YEARS) - jan_feb;
    uint32_t mm = jan_feb ? (uint32_t)m + 12 : (uint32_t)m;
    uint32_t century = yy / 100;
    uint32_t year_days = 1461 * yy / 4 - century + century / 4;
    uint32_t month_days = (979 * mm - 2919) / 32;
    return (int64_t)(year_days + month_days + (uint32_t)d - 1) - CAL_SHIFT_DAYS;
}

static inline __attribute__((always_inline)) void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    if (z < CAL_FAST_DAY_MIN || z > CAL_FAST_DAY_MAX) {
        civil_from_days_wide(z, y, m, d);
        return;
    }
    uint32_t n = (uint32_t)(z + CAL_SHIFT_DAYS);
    uint32_t n1 = 4 * n + 3;
    uint32_t century = n1 / 146097;
    uint32_t n2 = (n1 % 146097) | 3;
    uint64_t p2 = (uint64_t)2939745 * n2;
    uint32_t year_of_century = (uint32_t)(p2 >> 32);
    uint32_t day_of_year = (uint32_t)p2 / 2939745 / 4;
    uint32_t n3 = 2141 * day_of_year + 197913;
    uint32_t month = n3 >> 16, day = (n3 & 0xffff) / 2141;
    uint32_t next_year = day_of_year >= 306;
    *y = (int64_t)(100 * century + year_of_century) - CAL_SHIFT_YEARS + next_year;
    *m = (int)(next_year ? month - 12 : month);
    *d = (int)day + 1;
}

bool date_from_ymd(int y, int m, int d, Date *out)
{
    /* every month has 28 days: the leap rule is asked of the last days only */
    if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 || (d > 28 && d > date_days_in_month(y, m)))
        return false;
    *out = (Date)days_from_civil(y, m, d);
    return true;
}

void date_to_ymd(Date d, int *y, int *m, int *dd)
{
    int64_t year;
    civil_from_days(d, &year, m, dd);
    *y = (int)year;
}

void month_to_ym(Month mo, int *y, int *m)
{
    /* Floor division, so that a month before year 0 still gets m in 1..12. */
    int32_t q = mo / 12, r = mo % 12;
    if (r < 0) {
        r += 12;
        q--;
    }
    *y = q;
    *m = r + 1;
}

Month date_month(Date d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return month_make(y, m);
}

/* ---- parsing ------------------------------------------------------------------------ */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads min..max digits at s[*i]; false when fewer than min. */
static bool read_digits(const char *s, size_t n, size_t *i, int min, int max, int *value)
{
    int count = 0, v = 0;
    while (*i < n && count < max && is_digit(s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        count++;
    }
    *value = v;
    return count >= min;
}

static bool read_char(const char *s, size_t n, size_t *i, char c)
{
    if (*i < n && s[*i] == c) {
        (*i)++;
        return true;
    }
    return false;
}

/* The fields of a date or month text; day is 1 for a month. */
typedef struct {
    int y, m, d;
} Fields;

static bool parse_iso_date(const char *s, size_t n, Fields *f)
{
    size_t i = 0;
    return read_digits(s, n, &i, 4, 4, &f->y) && read_char(s, n, &i, '-')
        && read_digits(s, n, &i, 2, 2, &f->m) && read_char(s, n, &i, '-')
        && read_digits(s, n, &i, 2, 2, &f->d) && i == n;
}

static bool parse_french_date(const char *s, size_t n, Fields *f)
{
    size_t i = 0;
    return read_digits(s, n, &i, 1, 2, &f->d) && read_char(s, n, &i, '/')
        && read_digits(s, n, &i, 1, 2, &f->m) && read_char(s, n, &i, '/')
        && read_digits(s, n, &i, 4, 4, &f->y) && i == n;
}

static bool parse_iso_month(const char *s, size_t n, Fields *f)
{
    size_t i = 0;
    f->d = 1;
    return read_digits(s, n, &i, 4, 4, &f->y) && read_char(s, n, &i, '-')
        && read_digits(s, n, &i, 2, 2, &f->m) && i == n;
}

static bool parse_french_month(const char *s, size_t n, Fields *f)
{
    size_t i = 0;
    f->d = 1;
    return read_digits(s, n, &i, 1, 2, &f->m) && read_char(s, n, &i, '/')
        && read_digits(s, n, &i, 4, 4, &f->y) && i == n;
}

bool date_parse_fields(const char *s, size_t n, int *y, int *m, int *d)
{
    blank_trim(&s, &n);
    Fields f;
    if (!parse_iso_date(s, n, &f) && !parse_french_date(s, n, &f))
        return false;
    *y = f.y;
    *m = f.m;
    *d = f.d;
    return true;
}

bool date_parse(const char *s, size_t n, Date *out)
{
    int y, m, d;
    return date_parse_fields(s, n, &y, &m, &d) && date_from_ymd(y, m, d, out);
}

/* HH:MM or HH:MM:SS, hours 0..23 on one or two digits, seconds maybe with
** a fraction (".000"); *midnight when all of it is zero. */
static bool parse_time_of_day(const char *s, size_t n, bool *midnight)
{
    size_t i = 0;
    int h, mi, sec = 0;
    if (!read_digits(s, n, &i, 1, 2, &h) || h > 23 || !read_char(s, n, &i, ':')
        || !read_digits(s, n, &i, 2, 2, &mi) || mi > 59)
        return false;
    bool zero = h == 0 && mi == 0;
    if (read_char(s, n, &i, ':')) {
        if (!read_digits(s, n, &i, 2, 2, &sec) || sec > 59)
            return false;
        zero = zero && sec == 0;
        if (read_char(s, n, &i, '.')) {
            size_t start = i;
            for (; i < n && is_digit(s[i]); i++)
                zero = zero && s[i] == '0';
            if (i == start)
                return false;
        }
    }
    *midnight = zero;
    return i == n;
}

bool date_parse_with_time(const char *s, size_t n, Date *out, bool *has_time, bool *midnight)
{
    blank_trim(&s, &n);
    *has_time = false;
    *midnight = true;
    size_t k = 0;
    while (k < n && s[k] != ' ' && s[k] != 'T')
        k++;
    if (k == n)
        return date_parse(s, n, out);
    size_t t = k + 1;
    while (s[k] == ' ' && t < n && s[t] == ' ')
        t++;
    if (!parse_time_of_day(s + t, n - t, midnight) || !date_parse(s, k, out))
        return false;
    *has_time = true;
    return true;
}

bool month_parse(const char *s, size_t n, Month *out)
{
    blank_trim(&s, &n);
    Fields f;
    Date unused;
    if (!parse_iso_month(s, n, &f) && !parse_french_month(s, n, &f))
        return false;
    if (!date_from_ymd(f.y, f.m, 1, &unused))
        return false;
    *out = month_make(f.y, f.m);
    return true;
}

/* ---- arithmetic --------------------------------------------------------------------- */

int date_age_years(Date birth, Date at)
{
    if (at < birth)
        return 0;
    int by, bm, bd, ay, am, ad;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(at, &ay, &am, &ad);
    if (bm == 2 && bd == 29 && !date_is_leap_year(ay)) {
        bm = 3;
        bd = 1;
    }
    bool before_birthday = am < bm || (am == bm && ad < bd);
    return ay - by - (before_birthday ? 1 : 0);
}

Date date_add_months(Date d, int n)
{
    if (d == DATE_NONE)
        return DATE_NONE;
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    int64_t target = (int64_t)y * 12 + (m - 1) + n;
    if (target < (int64_t)YEAR_MIN * 12 || target > (int64_t)YEAR_MAX * 12 + 11)
        return DATE_NONE;
    int ty = (int)(target / 12), tm = (int)(target % 12) + 1;
    int last = date_days_in_month(ty, tm);
    return (Date)days_from_civil(ty, tm, dd < last ? dd : last);
}

int date_months_between(Date a, Date b)
{
    /* a + k months is strictly increasing in k, and lands in month(a) + k: the
    ** answer is month(b) - month(a) or one step closer to 0. */
    int k = date_month(b) - date_month(a);
    if (b >= a) {
        if (date_add_months(a, k) > b)
            k--;
    } else {
        Date back = date_add_months(a, k);
        if (back != DATE_NONE && back < b)
            k++;
    }
    return k;
}

/* ---- text --------------------------------------------------------------------------- */

/* v in width decimal digits, zero-padded (v < 10^width). */
static char *put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

/* The four writers below, without printf: a report writes a date for each
** contract (≈ 1 900 instructions each through rt_sprintf). Years are 1..9999. */
static bool in_range(int y, int m, int d)
{
    return y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* a and b, then c when wc > 0, in wa, wb and wc zero-padded digits joined by sep. */
static char *joined(char sep, int a, int wa, int b, int wb, int c, int wc)
{
    char *out = rt_alloc_atomic((size_t)(wa + wb + wc + 3)), *p = out;
    p = put_digits(p, a, wa);
    *p++ = sep;
    p = put_digits(p, b, wb);
    if (wc > 0) {
        *p++ = sep;
        put_digits(p, c, wc);
    }
    return out;
}

char *date_to_iso(Date d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return in_range(y, m, dd) ? joined('-', y, 4, m, 2, dd, 2) : rt_sprintf("%04d-%02d-%02d", y, m, dd);
}

char *date_to_french(Date d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return in_range(y, m, dd) ? joined('/', dd, 2, m, 2, y, 4) : rt_sprintf("%02d/%02d/%04d", dd, m, y);
}

char *month_to_iso(Month mo)
{
    int y, m;
    month_to_ym(mo, &y, &m);
    return in_range(y, m, 1) ? joined('-', y, 4, m, 2, 0, 0) : rt_sprintf("%04d-%02d", y, m);
}

char *month_to_french(Month mo)
{
    int y, m;
    month_to_ym(mo, &y, &m);
    return in_range(y, m, 1) ? joined('/', m, 2, y, 4, 0, 0) : rt_sprintf("%02d/%04d", m, y);
}

Date date_today(void)
{
    time_t now = time(NULL);
    struct tm local;
    Date d = DATE_NONE;
    if (localtime_r(&now, &local) == NULL
        || !date_from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, &d))
        return DATE_NONE;
    return d;
}
