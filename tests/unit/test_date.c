/* test_date.c — cmocka tests for core/date.c
 *
 * DESIGN: worked examples from the statutory-timescales reference (§4) and
 * the GOV.UK date input error wording are hard-coded; the calendar itself
 * is also checked exhaustively over 1800..2200 against a naive day-by-day
 * walk, which shares no code with the implementation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"

static day_t D(int y, int m, int d)
{
	day_t out = DATE_NONE;
	assert_int_equal(date_from_ymd(y, m, d, &out), 0);
	return out;
}

static void assert_ymd(day_t day, int y, int m, int d)
{
	int yy, mm, dd;
	date_to_ymd(day, &yy, &mm, &dd);
	assert_int_equal(yy, y);
	assert_int_equal(mm, m);
	assert_int_equal(dd, d);
}

static void test_from_ymd_known(void **state)
{
	(void)state;
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(D(1970, 1, 2), 1);
	assert_int_equal(D(1969, 12, 31), -1);
	assert_int_equal(D(2000, 1, 1), 10957);
	assert_int_equal(D(2000, 3, 1), 10957 + 31 + 29);
	assert_int_equal(D(1800, 1, 1), -62091);
}

static void test_from_ymd_real_dates(void **state)
{
	day_t out = 12345;
	(void)state;
	/* leap years: every 4, not every 100, but every 400 */
	assert_int_equal(date_from_ymd(2024, 2, 29, &out), 0);
	assert_int_equal(date_from_ymd(2000, 2, 29, &out), 0);
	assert_int_equal(date_from_ymd(2023, 2, 29, NULL), -1);
	assert_int_equal(date_from_ymd(1900, 2, 29, NULL), -1);
	assert_int_equal(date_from_ymd(2100, 2, 29, NULL), -1);
	/* 31 February and friends are not real */
	assert_int_equal(date_from_ymd(2024, 2, 30, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 2, 31, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 4, 31, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 6, 31, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 9, 31, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 11, 31, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 12, 31, NULL), 0);
	assert_int_equal(date_from_ymd(2024, 0, 1, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 13, 1, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 1, 0, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 1, -1, NULL), -1);
	assert_int_equal(date_from_ymd(2024, 1, 32, NULL), -1);
	/* the window */
	assert_int_equal(date_from_ymd(1800, 1, 1, NULL), 0);
	assert_int_equal(date_from_ymd(2200, 12, 31, NULL), 0);
	assert_int_equal(date_from_ymd(1799, 12, 31, NULL), -1);
	assert_int_equal(date_from_ymd(2201, 1, 1, NULL), -1);
	assert_int_equal(date_from_ymd(INT_MIN, 1, 1, NULL), -1);
	assert_int_equal(date_from_ymd(INT_MAX, INT_MAX, INT_MAX, NULL), -1);
	/* out untouched on failure */
	out = 12345;
	assert_int_equal(date_from_ymd(2023, 2, 29, &out), -1);
	assert_int_equal(out, 12345);
}

/* Walk every day from 1800-01-01 to 2200-12-31 with a naive calendar. */
static void test_calendar_exhaustive(void **state)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	day_t expect = D(1800, 1, 1);
	int wd = date_weekday(expect);
	(void)state;
	for (int y = 1800; y <= 2200; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int n = mdays[m - 1] + (m == 2 && leap);
			assert_int_equal(date_days_in_month(y, m), n);
			for (int d = 1; d <= n; d++) {
				day_t got;
				int yy, mm, dd;
				assert_int_equal(date_from_ymd(y, m, d, &got), 0);
				assert_int_equal(got, expect);
				date_to_ymd(got, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("round trip %d-%d-%d", y, m, d);
				assert_int_equal(date_weekday(got), wd);
				expect++;
				wd = (wd + 1) % 7;
			}
			assert_int_equal(date_from_ymd(y, m, n + 1, NULL), -1);
		}
	}
}

static void test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2025, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2025, 4), 30);
	assert_int_equal(date_days_in_month(2025, 12), 31);
	assert_int_equal(date_days_in_month(2025, 0), 0);
	assert_int_equal(date_days_in_month(2025, 13), 0);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 3);                 /* Thu 1 Jan 1970 */
	assert_int_equal(date_weekday(-1), 2);                /* Wed 31 Dec 1969 */
	assert_int_equal(date_weekday(D(2024, 9, 2)), 0);     /* Mon */
	assert_int_equal(date_weekday(D(2026, 2, 14)), 5);    /* Sat */
	assert_int_equal(date_weekday(D(2025, 1, 19)), 6);    /* Sun */
	assert_int_equal(date_weekday(D(1800, 1, 1)), 2);     /* Wed */
}

static void test_parse_iso(void **state)
{
	static const char *const bad[] = {
		"", "2024-2-29", "2024-02-30", "2023-02-29", "2024/02/29",
		"2024-02-29 ", " 2024-02-29", "+024-02-29", "2024-02-2x",
		"2024-02-290", "20240229", "2024-13-01", "2024-00-10",
		"2024-01-00", "1799-12-31", "2201-01-01", "2024-02-29T00:00",
		"2024--2-29", "-024-02-29", "2024-02-29\n", "2024-0\xd9\xa9-01",
	};
	day_t out = 777;
	(void)state;
	assert_int_equal(date_parse_iso("2024-02-29", &out), 0);
	assert_int_equal(out, D(2024, 2, 29));
	assert_int_equal(date_parse_iso("1970-01-01", &out), 0);
	assert_int_equal(out, 0);
	assert_int_equal(date_parse_iso("2200-12-31", NULL), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		out = 777;
		if (date_parse_iso(bad[i], &out) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(out, 777);
	}
	assert_int_equal(date_parse_iso(NULL, &out), -1);
}

static void test_format_iso(void **state)
{
	char b[11];
	day_t day;
	(void)state;
	date_format_iso(D(2024, 2, 29), b);
	assert_string_equal(b, "2024-02-29");
	date_format_iso(D(1800, 1, 1), b);
	assert_string_equal(b, "1800-01-01");
	date_format_iso(DATE_NONE, b);
	assert_string_equal(b, "");
	/* round trip */
	for (day = D(1999, 12, 1); day < D(2001, 3, 1); day++) {
		day_t back;
		date_format_iso(day, b);
		assert_int_equal(date_parse_iso(b, &back), 0);
		assert_int_equal(back, day);
	}
	/* years that are not 4 digits are refused, not mangled */
	date_format_iso(INT32_MAX, b);
	assert_string_equal(b, "");
	date_format_iso(INT32_MIN + 1, b);
	assert_string_equal(b, "");
	date_format_iso(D(2200, 1, 1) + 3000000, b);    /* year ~10413 */
	assert_string_equal(b, "");
}

static void test_format_long(void **state)
{
	char b[32];
	(void)state;
	date_format_long(D(2024, 3, 5), b, sizeof b);
	assert_string_equal(b, "5 March 2024");
	date_format_long(D(2024, 2, 29), b, sizeof b);
	assert_string_equal(b, "29 February 2024");
	date_format_long(D(2025, 12, 31), b, sizeof b);
	assert_string_equal(b, "31 December 2025");
	date_format_long(DATE_NONE, b, sizeof b);
	assert_string_equal(b, "");
	/* exactly enough room, and one byte short: never truncated */
	date_format_long(D(2024, 3, 5), b, 13);
	assert_string_equal(b, "5 March 2024");
	memset(b, 'x', sizeof b);
	date_format_long(D(2024, 3, 5), b, 12);
	assert_string_equal(b, "");
	date_format_long(D(2024, 3, 5), b, 1);
	assert_string_equal(b, "");
	date_format_long(D(2024, 3, 5), NULL, 0);       /* must not crash */
	/* the month alone, as a month picker or a report's column says it */
	date_format_month(D(2024, 3, 5), b, sizeof b);
	assert_string_equal(b, "March 2024");
	date_format_month(D(2026, 12, 31), b, sizeof b);
	assert_string_equal(b, "December 2026");
	date_format_month(DATE_NONE, b, sizeof b);
	assert_string_equal(b, "");
	date_format_month(D(2024, 3, 5), b, 11);
	assert_string_equal(b, "March 2024");
	date_format_month(D(2024, 3, 5), b, 10);
	assert_string_equal(b, "");
}

static void test_add_days(void **state)
{
	day_t rec = D(2024, 9, 2);      /* Mon 2 September 2024 */
	(void)state;
	/* statutory-timescales §4.2: event day not counted, +7N days */
	assert_int_equal(date_add_days(rec, 6 * 7), D(2024, 10, 14));
	assert_int_equal(date_add_days(rec, 16 * 7), D(2024, 12, 23));
	assert_int_equal(date_add_days(rec, 20 * 7), D(2025, 1, 20));
	/* 15 days beginning with service day: +14 */
	assert_int_equal(date_add_days(D(2025, 1, 6), 14), D(2025, 1, 20));
	assert_int_equal(date_add_days(D(2024, 2, 28), 1), D(2024, 2, 29));
	assert_int_equal(date_add_days(D(2024, 3, 1), -1), D(2024, 2, 29));
	assert_int_equal(date_add_days(DATE_NONE, 5), DATE_NONE);
	assert_int_equal(date_add_days(INT32_MAX, 1), DATE_NONE);
	assert_int_equal(date_add_days(INT32_MIN + 1, -1), DATE_NONE);
	assert_ymd(date_add_days(D(2025, 12, 31), 1), 2026, 1, 1);
	assert_ymd(DATE_NONE, 0, 0, 0);
}

static void test_add_months(void **state)
{
	(void)state;
	/* clamped to the end of the month */
	assert_int_equal(date_add_months(D(2024, 1, 31), 1), D(2024, 2, 29));
	assert_int_equal(date_add_months(D(2023, 1, 31), 1), D(2023, 2, 28));
	assert_int_equal(date_add_months(D(2024, 3, 31), -1), D(2024, 2, 29));
	assert_int_equal(date_add_months(D(2024, 5, 31), 1), D(2024, 6, 30));
	assert_int_equal(date_add_months(D(2024, 12, 31), 2), D(2025, 2, 28));
	assert_int_equal(date_add_months(D(2024, 2, 29), 12), D(2025, 2, 28));
	assert_int_equal(date_add_months(D(2024, 2, 29), 48), D(2028, 2, 29));
	/* corresponding dates (timescales §4.2) */
	assert_int_equal(date_add_months(D(2025, 3, 5), 2), D(2025, 5, 5));
	assert_int_equal(date_add_months(D(2025, 3, 12), 2), D(2025, 5, 12));
	assert_int_equal(date_add_months(D(2025, 5, 2), 1), D(2025, 6, 2));
	assert_int_equal(date_add_months(D(2025, 6, 16), 2), D(2025, 8, 16));
	assert_int_equal(date_add_months(D(2025, 10, 27), 2), D(2025, 12, 27));
	/* across years, both ways */
	assert_int_equal(date_add_months(D(2025, 11, 15), 3), D(2026, 2, 15));
	assert_int_equal(date_add_months(D(2025, 2, 15), -3), D(2024, 11, 15));
	assert_int_equal(date_add_months(D(2025, 1, 15), -13), D(2023, 12, 15));
	assert_int_equal(date_add_months(D(2025, 1, 15), -24), D(2023, 1, 15));
	assert_int_equal(date_add_months(D(2025, 1, 15), 0), D(2025, 1, 15));
	assert_int_equal(date_add_months(DATE_NONE, 1), DATE_NONE);
	assert_int_equal(date_add_months(D(2025, 1, 15), INT_MAX), DATE_NONE);
	assert_int_equal(date_add_months(D(2025, 1, 15), INT_MIN), DATE_NONE);
}

static void test_period_last_day(void **state)
{
	(void)state;
	assert_int_equal(date_period_last_day(D(2024, 3, 15), 12), D(2025, 3, 14));
	assert_int_equal(date_period_last_day(D(2024, 2, 29), 12), D(2025, 2, 28));
	assert_int_equal(date_period_last_day(D(2023, 3, 1), 12), D(2024, 2, 29));
	assert_int_equal(date_period_last_day(D(2022, 3, 1), 12), D(2023, 2, 28));
	assert_int_equal(date_period_last_day(D(2023, 1, 1), 12), D(2023, 12, 31));
	assert_int_equal(date_period_last_day(D(2024, 1, 31), 1), D(2024, 2, 29));
	assert_int_equal(date_period_last_day(D(2024, 1, 30), 1), D(2024, 2, 29));
	assert_int_equal(date_period_last_day(D(2024, 1, 29), 1), D(2024, 2, 28));
	assert_int_equal(date_period_last_day(D(2024, 8, 31), 1), D(2024, 9, 30));
	assert_int_equal(date_period_last_day(D(2024, 2, 29), 48), D(2028, 2, 28));
	assert_int_equal(date_period_last_day(DATE_NONE, 12), DATE_NONE);
	assert_int_equal(date_period_last_day(D(2024, 1, 1), INT_MAX), DATE_NONE);
}

static void test_age_on(void **state)
{
	day_t dob = D(2010, 6, 15);
	day_t leap = D(2008, 2, 29);
	(void)state;
	assert_int_equal(date_age_on(dob, D(2020, 6, 15)), 10);   /* birthday */
	assert_int_equal(date_age_on(dob, D(2020, 6, 14)), 9);    /* day before */
	assert_int_equal(date_age_on(dob, D(2020, 6, 16)), 10);
	assert_int_equal(date_age_on(dob, D(2021, 1, 1)), 10);
	assert_int_equal(date_age_on(dob, dob), 0);
	assert_int_equal(date_age_on(dob, dob - 1), -1);
	/* 29 February birthdays turn a year older on 1 March */
	assert_int_equal(date_age_on(leap, D(2025, 2, 28)), 16);
	assert_int_equal(date_age_on(leap, D(2025, 3, 1)), 17);
	assert_int_equal(date_age_on(leap, D(2024, 2, 28)), 15);
	assert_int_equal(date_age_on(leap, D(2024, 2, 29)), 16);
	/* 25th birthday (plan ceasing age) */
	assert_int_equal(date_age_on(D(2000, 9, 1), D(2025, 8, 31)), 24);
	assert_int_equal(date_age_on(D(2000, 9, 1), D(2025, 9, 1)), 25);
	assert_int_equal(date_age_on(DATE_NONE, D(2025, 9, 1)), -1);
	assert_int_equal(date_age_on(dob, DATE_NONE), -1);
}

static void test_diff_days(void **state)
{
	(void)state;
	assert_int_equal(date_diff_days(D(2024, 9, 2), D(2025, 1, 20)), 140);
	assert_int_equal(date_diff_days(D(2025, 1, 20), D(2024, 9, 2)), -140);
	assert_int_equal(date_diff_days(D(2024, 1, 1), D(2025, 1, 1)), 366);
	assert_int_equal(date_diff_days(D(2023, 1, 1), D(2024, 1, 1)), 365);
	assert_int_equal(date_diff_days(5, 5), 0);
	assert_int_equal(date_diff_days(INT32_MIN, INT32_MAX), INT_MAX);
	assert_int_equal(date_diff_days(INT32_MAX, INT32_MIN), INT_MIN);
}

struct parts_case {
	const char *d, *m, *y;
	enum date_err err;
	int yy, mm, dd;
};

static void test_parse_parts(void **state)
{
	static const struct parts_case cases[] = {
		{"5", "3", "2024", DATE_OK, 2024, 3, 5},
		{" 05 ", "03", " 2024 ", DATE_OK, 2024, 3, 5},
		{"29", "2", "2024", DATE_OK, 2024, 2, 29},
		{"1", "feb", "2024", DATE_OK, 2024, 2, 1},
		{"1", "Feb", "2024", DATE_OK, 2024, 2, 1},
		{"1", "FEB", "2024", DATE_OK, 2024, 2, 1},
		{"1", "February", "2024", DATE_OK, 2024, 2, 1},
		{"1", "february", "2024", DATE_OK, 2024, 2, 1},
		{"1", "2", "2024", DATE_OK, 2024, 2, 1},
		{"1", "02", "2024", DATE_OK, 2024, 2, 1},
		{"1", "may", "2024", DATE_OK, 2024, 5, 1},
		{"1", "Sept", "2024", DATE_OK, 2024, 9, 1},
		{"1", "sep", "2024", DATE_OK, 2024, 9, 1},
		{"31", "dec", "2200", DATE_OK, 2200, 12, 31},
		{"1", "jan", "1800", DATE_OK, 1800, 1, 1},
		/* nothing / incomplete */
		{NULL, NULL, NULL, DATE_ERR_MISSING, 0, 0, 0},
		{"", " ", "\t", DATE_ERR_MISSING, 0, 0, 0},
		{NULL, "3", "2024", DATE_ERR_MISSING_DAY, 0, 0, 0},
		{"5", "", "2024", DATE_ERR_MISSING_MONTH, 0, 0, 0},
		{"5", "3", " ", DATE_ERR_MISSING_YEAR, 0, 0, 0},
		{"", "", "2024", DATE_ERR_MISSING_DAY_MONTH, 0, 0, 0},
		{"", "3", "", DATE_ERR_MISSING_DAY_YEAR, 0, 0, 0},
		{"5", "", "", DATE_ERR_MISSING_MONTH_YEAR, 0, 0, 0},
		{"x", "", "", DATE_ERR_MISSING_MONTH_YEAR, 0, 0, 0},
		/* not numbers */
		{"5a", "3", "2024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"5", "3", "20x4", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"5", "Febr", "2024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"5", "Februaryy", "2024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"5", "fe", "2024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"-1", "3", "2024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"+1", "3", "2024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"5.0", "3", "2024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"5", "3", "2 024", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		{"5", "3", "24a", DATE_ERR_NOT_NUMBER, 0, 0, 0},
		/* year digits */
		{"5", "3", "24", DATE_ERR_YEAR_DIGITS, 0, 0, 0},
		{"5", "3", "02024", DATE_ERR_YEAR_DIGITS, 0, 0, 0},
		{"5", "13", "24", DATE_ERR_YEAR_DIGITS, 0, 0, 0},
		/* not real */
		{"31", "2", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"29", "2", "2023", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"31", "april", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"1", "13", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"0", "1", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"1", "0", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"32", "1", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"99999999999999999999", "1", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"1", "99999999999999999999", "2024", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"1", "1", "1799", DATE_ERR_NOT_REAL, 0, 0, 0},
		{"1", "1", "0000", DATE_ERR_NOT_REAL, 0, 0, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct parts_case *c = &cases[i];
		day_t out = 4242;
		enum date_err e = date_parse_parts(c->d, c->m, c->y, &out);
		if (e != c->err)
			fail_msg("case %zu (%s/%s/%s): got %d, want %d", i,
				 c->d ? c->d : "NULL", c->m ? c->m : "NULL",
				 c->y ? c->y : "NULL", (int)e, (int)c->err);
		if (c->err == DATE_OK)
			assert_int_equal(out, D(c->yy, c->mm, c->dd));
		else
			assert_int_equal(out, 4242);
	}
	assert_int_equal(date_parse_parts("1", "1", "2024", NULL), DATE_OK);
}

static void test_err_message(void **state)
{
	static const struct {
		enum date_err err;
		const char *msg;
	} cases[] = {
		{DATE_OK, ""},
		{DATE_ERR_MISSING, "Enter date of birth"},
		{DATE_ERR_MISSING_DAY, "Date of birth must include a day"},
		{DATE_ERR_MISSING_MONTH, "Date of birth must include a month"},
		{DATE_ERR_MISSING_YEAR, "Date of birth must include a year"},
		{DATE_ERR_MISSING_DAY_MONTH, "Date of birth must include a day and month"},
		{DATE_ERR_MISSING_DAY_YEAR, "Date of birth must include a day and year"},
		{DATE_ERR_MISSING_MONTH_YEAR, "Date of birth must include a month and year"},
		{DATE_ERR_NOT_NUMBER, "Date of birth must be a real date"},
		{DATE_ERR_YEAR_DIGITS, "Date of birth year must include 4 numbers"},
		{DATE_ERR_NOT_REAL, "Date of birth must be a real date"},
	};
	char b[80];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(b, 'x', sizeof b);
		date_err_message(cases[i].err, "Date of birth", b, sizeof b);
		assert_string_equal(b, cases[i].msg);
	}
	/* label capitalised at the start of a sentence */
	date_err_message(DATE_ERR_MISSING_MONTH, "date of birth", b, sizeof b);
	assert_string_equal(b, "Date of birth must include a month");
	/* an acronym keeps its capitals after "Enter" */
	date_err_message(DATE_ERR_MISSING, "EHC plan issue date", b, sizeof b);
	assert_string_equal(b, "Enter EHC plan issue date");
	date_err_message(DATE_ERR_MISSING, "Review meeting date", b, sizeof b);
	assert_string_equal(b, "Enter review meeting date");
	date_err_message(DATE_ERR_NOT_REAL, NULL, b, sizeof b);
	assert_string_equal(b, "Date must be a real date");
	/* exact fit, one short: empty rather than truncated */
	date_err_message(DATE_ERR_MISSING_DAY, "Date of birth", b,
			 strlen("Date of birth must include a day") + 1);
	assert_string_equal(b, "Date of birth must include a day");
	date_err_message(DATE_ERR_MISSING_DAY, "Date of birth", b,
			 strlen("Date of birth must include a day"));
	assert_string_equal(b, "");
	date_err_message(DATE_ERR_MISSING, "Date of birth", b, strlen("Enter date of birth"));
	assert_string_equal(b, "");
	date_err_message(DATE_ERR_MISSING, "Date of birth", b, 1);
	assert_string_equal(b, "");
	date_err_message(DATE_ERR_MISSING, "Date of birth", NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_ymd_known),
		cmocka_unit_test(test_from_ymd_real_dates),
		cmocka_unit_test(test_calendar_exhaustive),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_format_long),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_period_last_day),
		cmocka_unit_test(test_age_on),
		cmocka_unit_test(test_diff_days),
		cmocka_unit_test(test_parse_parts),
		cmocka_unit_test(test_err_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
