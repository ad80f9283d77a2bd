/* date.h — civil dates as day numbers (pure, no I/O).
 *
 * DESIGN: a date is an int32 count of days since 1970-01-01 in the proleptic
 * Gregorian calendar, so comparison is `<` and "add N days" is `+`.
 * DATE_NONE marks an absent date.  Calendar-month arithmetic clamps to the
 * end of the month.  Statutory periods ("a period of 12 months starting with
 * D") are in date_period_last_day().  Parsing of the GOV.UK three-field date
 * input returns a specific error so the page can say exactly what is wrong.
 */
#ifndef SENDMIS_DATE_H
#define SENDMIS_DATE_H
#include <stdint.h>
#include <stddef.h>

typedef int32_t day_t;
#define DATE_NONE INT32_MIN

/* 0 on success; -1 if y/m/d is not a real date or y outside 1800..2200. */
int date_from_ymd(int y, int m, int d, day_t *out);
void date_to_ymd(day_t day, int *y, int *m, int *d);
int date_days_in_month(int y, int m);
int date_weekday(day_t day);               /* 0 = Monday … 6 = Sunday */

/* Strict "YYYY-MM-DD" (exactly 10 chars). 0 ok, -1 otherwise. */
int date_parse_iso(const char *s, day_t *out);
/* The day "YYYY-MM-DD" names, or DATE_NONE for NULL, "" or anything else
 * (a stored optional date, read back). */
day_t date_iso_or_none(const char *s);
/* Writes "YYYY-MM-DD" into out (>= 11 bytes); "" for DATE_NONE. */
void date_format_iso(day_t day, char *out);
/* GOV.UK style "5 March 2024" into out; "" for DATE_NONE. */
void date_format_long(day_t day, char *out, size_t n);
/* The month of day the same way: "March 2024"; "" for DATE_NONE. */
void date_format_month(day_t day, char *out, size_t n);

day_t date_add_days(day_t day, int n);
/* Calendar months, clamped: 2024-01-31 + 1 month = 2024-02-29. */
day_t date_add_months(day_t day, int months);
/* The last day of "a period of N months starting with D": the day before the
 * same date N months later, or, where that month has no such date, the last
 * day of that month (2024-03-15 +12 -> 2025-03-14; 2024-02-29 +12 -> 2025-02-28). */
day_t date_period_last_day(day_t start, int months);
/* Whole years of age on `on` for a person born on `dob` (29 Feb birthdays
 * have their birthday on 28 Feb in non-leap years is NOT assumed: they turn a
 * year older on 1 March). Returns -1 if on < dob. */
int date_age_on(day_t dob, day_t on);
/* The local calendar day (the process's time zone) of a Unix time: "today"
 * for every caller that has only the clock on the wall. */
day_t date_local_day(int64_t unix_seconds);
/* Calendar days from a to b (b - a). */
int date_diff_days(day_t a, day_t b);

/* GOV.UK date input ("day", "month", "year" fields) */
enum date_err {
	DATE_OK = 0,
	DATE_ERR_MISSING,         /* all three empty */
	DATE_ERR_MISSING_DAY,
	DATE_ERR_MISSING_MONTH,
	DATE_ERR_MISSING_YEAR,
	DATE_ERR_MISSING_DAY_MONTH,
	DATE_ERR_MISSING_DAY_YEAR,
	DATE_ERR_MISSING_MONTH_YEAR,
	DATE_ERR_NOT_NUMBER,      /* a part is not digits (surrounding spaces allowed) */
	DATE_ERR_YEAR_DIGITS,     /* year is not 4 digits */
	DATE_ERR_NOT_REAL,        /* e.g. 31 February, month 13 */
};
/* Parse the three parts (any may be NULL = empty). Month may also be a month
 * name or 3-letter abbreviation ("Feb", "february"), as GOV.UK allows. */
enum date_err date_parse_parts(const char *d, const char *m, const char *y, day_t *out);
/* GOV.UK error message for err, naming the field, e.g.
 * "Date of birth must include a month", "Date of birth must be a real date".
 * `label` is the field's label as shown on the page. */
void date_err_message(enum date_err err, const char *label, char *out, size_t n);

/* An instant (unix seconds) as 'YYYY-MM-DDTHH:MM:SSZ' (UTC). */
void date_instant_iso(long long unix_seconds, char out[21]);

#endif
