/* calendar.h — working days, bank holidays and closure periods (pure).
 *
 * DESIGN: bank holidays in England and Wales are data: a built-in table of
 * the dates GOV.UK published (2014 to 2027, with the one-off days such as
 * the 2022 state funeral and the 2023 coronation), and an area may add more
 * (config `bank_holidays`) for years the table does not reach yet.  A
 * working day is a Monday to Friday that is not a bank holiday.  Closure
 * periods (a school's or the whole area's holidays) are plain date ranges
 * supplied by the caller from its data; this module only does the
 * arithmetic the statutory exceptions need.
 */
#ifndef SENDMIS_CALENDAR_H
#define SENDMIS_CALENDAR_H
#include "core/date.h"

#define CAL_MAX_EXTRA 64

struct calendar {
	day_t extra[CAL_MAX_EXTRA];   /* bank holidays added by the area, any order */
	int nextra;
};

/* The first and last years the built-in table covers. */
int cal_table_first_year(void);
int cal_table_last_year(void);

/* Parses "YYYY-MM-DD,YYYY-MM-DD,…" (spaces allowed around commas; "" = none)
 * into cal->extra.  0 ok; -1 with a message naming the bad item. */
int cal_parse_extra(struct calendar *cal, const char *list, char *err, size_t errlen);

int cal_is_bank_holiday(const struct calendar *cal, day_t d);
int cal_is_working_day(const struct calendar *cal, day_t d);
/* The n-th working day after d (d itself not counted); n >= 0. */
day_t cal_add_working_days(const struct calendar *cal, day_t d, int n);
/* d if it is a working day, else the working day before it (DATE_NONE if
 * none within a year, which only an area's extra holidays could cause). */
day_t cal_working_day_on_or_before(const struct calendar *cal, day_t d);

/* A closure period: the setting (or area) is closed from `start` to `end`
 * inclusive, reopening the day after `end`. */
struct closure {
	day_t start, end;
};
/* Whether a request for advice sent on `sent` falls in the window of
 * SEND Regs 2014 reg 5(4)(a)/(b): the closure lasts at least 4 weeks and the
 * request was made in the period beginning 1 week before the closure and
 * ending 1 week before the setting reopens. */
int closure_excuses_request(const struct closure *c, day_t sent);

#endif
