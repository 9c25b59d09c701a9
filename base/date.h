/* base/date.h: civil dates and months (proleptic Gregorian), parsed as French exports write them. */
#ifndef CHARTE_DATE_H
#define CHARTE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
** A Date is a day number (days since 1970-01-01, may be negative); a Month
** is year*12 + (month-1). Years 1..9999 only. Both are plain integers so
** that comparisons and differences are integer operations.
*/

typedef int32_t Date;
typedef int32_t Month;

#define DATE_NONE INT32_MIN

bool date_from_ymd(int y, int m, int d, Date *out);     /* false if not a calendar date */
bool date_is_leap_year(int y);
int  date_days_in_month(int y, int m);                  /* 0 when m is not in 1..12 */
void date_to_ymd(Date d, int *y, int *m, int *dd);

/* "2024-03-31" or "31/03/2024" (also "1/3/2024"); surrounding ASCII spaces ok. */
bool date_parse(const char *s, size_t n, Date *out);
/* The year, month and day date_parse reads, before the calendar is asked
** whether they make a day: to say which of them does not. */
bool date_parse_fields(const char *s, size_t n, int *y, int *m, int *d);
/* The same, or followed by a time of day as spreadsheets write date-times:
** "15/03/2022 00:00", "15/03/2022 00:00:00", "2022-03-15T00:00:00(.000)";
** the time is read (and checked) but not kept: *has_time says there was
** one, *midnight that it was 00:00(:00). */
bool date_parse_with_time(const char *s, size_t n, Date *out, bool *has_time, bool *midnight);
/* "2024-03" or "03/2024" (also "3/2024"). */
bool month_parse(const char *s, size_t n, Month *out);

Month date_month(Date d);
static inline Month month_make(int y, int m) { return (Month)(y * 12 + (m - 1)); }   /* m in 1..12; inline: a month per hour line */
void  month_to_ym(Month mo, int *y, int *m);

/* Full years between birth and at (0 if at < birth); someone born on
** 29 February has their birthday on 1 March in non-leap years. */
int date_age_years(Date birth, Date at);
/* Whole months from a to b: the number of month boundaries such that
** a + k months <= b (day-of-month clamped to the month's end). When b < a the
** result is <= 0: the most negative k such that a + k months >= b. */
int date_months_between(Date a, Date b);
/* d plus n months; the day is clamped to the end of the target month.
** DATE_NONE when d is DATE_NONE or the result falls outside years 1..9999. */
Date date_add_months(Date d, int n);

/* Text forms; result is GC memory. */
char *date_to_iso(Date d);        /* 2024-03-31 */
char *date_to_french(Date d);     /* 31/03/2024 */
char *month_to_iso(Month m);      /* 2024-03 */
char *month_to_french(Month m);   /* 03/2024 */

/* Today, in local time (DATE_NONE if the clock cannot be read). */
Date date_today(void);

#endif
