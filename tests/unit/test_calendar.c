/* test_calendar.c — cmocka tests for core/calendar.c
 *
 * DESIGN: the bank holidays are checked against this file's own copy of
 * GOV.UK's England and Wales list for 2014 to 2027 (written out by hand,
 * with the substitute days and one-off days), by walking every day of
 * those years; the working-day arithmetic against the statutory-timescales
 * reference (§4.2, the 15 working days of reg 15(2)); the closure window
 * against SEND Regs 2014 reg 5(4)(a)/(b) (at least 4 weeks; from 1 week
 * before the closure to 1 week before reopening).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/date.h"

static day_t D(int y, int m, int d)
{
	day_t out = DATE_NONE;
	assert_int_equal(date_from_ymd(y, m, d, &out), 0);
	return out;
}

static day_t ISO(const char *s)
{
	day_t out = DATE_NONE;
	assert_int_equal(date_parse_iso(s, &out), 0);
	return out;
}

static void assert_day(day_t got, const char *want)
{
	char g[11];
	date_format_iso(got, g);
	assert_string_equal(g, want);
}

/* GOV.UK "UK bank holidays", England and Wales, 2014-2027 */
static const char *const govuk[] = {
	"2014-01-01", "2014-04-18", "2014-04-21", "2014-05-05", "2014-05-26", "2014-08-25", "2014-12-25", "2014-12-26",
	"2015-01-01", "2015-04-03", "2015-04-06", "2015-05-04", "2015-05-25", "2015-08-31", "2015-12-25",
	"2015-12-28", /* substitute: Boxing Day on Saturday */
	"2016-01-01", "2016-03-25", "2016-03-28", "2016-05-02", "2016-05-30", "2016-08-29", "2016-12-26",
	"2016-12-27", /* substitute: Christmas Day on Sunday */
	"2017-01-02", /* substitute: New Year's Day on Sunday */
	"2017-04-14", "2017-04-17", "2017-05-01", "2017-05-29", "2017-08-28", "2017-12-25", "2017-12-26",
	"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26",
	"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26",
	"2020-01-01", "2020-04-10", "2020-04-13",
	"2020-05-08", /* early May bank holiday moved to VE Day (Friday) */
	"2020-05-25", "2020-08-31", "2020-12-25",
	"2020-12-28", /* substitute: Boxing Day on Saturday */
	"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30",
	"2021-12-27", "2021-12-28", /* substitutes: Christmas Saturday, Boxing Day Sunday */
	"2022-01-03", /* substitute: New Year's Day on Saturday */
	"2022-04-15", "2022-04-18", "2022-05-02",
	"2022-06-02", "2022-06-03", /* spring bank holiday moved; Platinum Jubilee */
	"2022-08-29",
	"2022-09-19", /* state funeral of Queen Elizabeth II */
	"2022-12-26",
	"2022-12-27", /* substitute: Christmas Day on Sunday */
	"2023-01-02", /* substitute: New Year's Day on Sunday */
	"2023-04-07", "2023-04-10", "2023-05-01",
	"2023-05-08", /* coronation of King Charles III */
	"2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26",
	"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26",
	"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
	"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
	"2026-12-28", /* substitute: Boxing Day on Saturday */
	"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
	"2027-12-27", "2027-12-28", /* substitutes: Christmas Saturday, Boxing Day Sunday */
};
#define NGOVUK ((int)(sizeof govuk / sizeof govuk[0]))

static int in_govuk(day_t d)
{
	char s[11];
	date_format_iso(d, s);
	for (int i = 0; i < NGOVUK; i++)
		if (strcmp(govuk[i], s) == 0)
			return 1;
	return 0;
}

static void test_table_years(void **state)
{
	(void)state;
	assert_int_equal(cal_table_first_year(), 2014);
	assert_int_equal(cal_table_last_year(), 2027);
}

/* Every day of 2014-2027: a bank holiday exactly when GOV.UK lists it, a
 * working day exactly when Monday to Friday and not listed. */
static void test_table_matches_govuk(void **state)
{
	(void)state;
	struct calendar empty = {.nextra = 0};
	int holidays = 0;
	for (day_t d = D(2014, 1, 1); d <= D(2027, 12, 31); d++) {
		int want_bh = in_govuk(d);
		int want_wd = date_weekday(d) < 5 && !want_bh;
		if (cal_is_bank_holiday(NULL, d) != want_bh || cal_is_working_day(NULL, d) != want_wd ||
		    cal_is_bank_holiday(&empty, d) != want_bh || cal_is_working_day(&empty, d) != want_wd) {
			char s[11];
			date_format_iso(d, s);
			print_error("%s: bank holiday %d (want %d), working day %d (want %d)\n", s, cal_is_bank_holiday(NULL, d),
			            want_bh, cal_is_working_day(NULL, d), want_wd);
			fail();
		}
		holidays += want_bh;
	}
	assert_int_equal(holidays, NGOVUK);
	/* every listed day is a weekday (a weekend holiday moves to a substitute) */
	for (int i = 0; i < NGOVUK; i++)
		assert_true(date_weekday(ISO(govuk[i])) < 5);
}

static void test_substitute_and_one_off_days(void **state)
{
	(void)state;
	/* substitute days and one-off days: not working days */
	static const char *const subs[] = {
		"2015-12-28", "2016-12-27", "2017-01-02", "2020-05-08", "2020-12-28", "2021-12-27", "2021-12-28",
		"2022-01-03", "2022-06-02", "2022-06-03", "2022-09-19", "2022-12-27", "2023-01-02", "2023-05-08",
		"2026-12-28", "2027-12-27", "2027-12-28",
	};
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		day_t d = ISO(subs[i]);
		if (!cal_is_bank_holiday(NULL, d) || cal_is_working_day(NULL, d)) {
			print_error("%s should be a bank holiday and not a working day\n", subs[i]);
			fail();
		}
	}
	/* the weekend day the holiday fell on is not a working day either way */
	assert_false(cal_is_working_day(NULL, ISO("2026-12-26")));   /* Boxing Day 2026, Saturday */
	assert_false(cal_is_working_day(NULL, ISO("2027-12-25")));   /* Christmas 2027, Saturday */
	assert_false(cal_is_working_day(NULL, ISO("2027-12-26")));   /* Boxing Day 2027, Sunday */
	assert_false(cal_is_working_day(NULL, ISO("2022-01-01")));   /* Saturday */
	/* Christmas Day 2026 is a Friday: a bank holiday */
	assert_int_equal(date_weekday(ISO("2026-12-25")), 4);
	assert_true(cal_is_bank_holiday(NULL, ISO("2026-12-25")));
	assert_false(cal_is_working_day(NULL, ISO("2026-12-25")));
	/* the usual early May Monday of 2020 was an ordinary working day */
	assert_false(cal_is_bank_holiday(NULL, ISO("2020-05-04")));
	assert_true(cal_is_working_day(NULL, ISO("2020-05-04")));
	/* the usual late May Monday of 2022 (30 May) was an ordinary working day */
	assert_true(cal_is_working_day(NULL, ISO("2022-05-30")));
	/* ordinary days around them */
	assert_true(cal_is_working_day(NULL, ISO("2022-09-20")));
	assert_true(cal_is_working_day(NULL, ISO("2026-12-29")));
	assert_true(cal_is_working_day(NULL, ISO("2027-12-29")));
	assert_true(cal_is_working_day(NULL, ISO("2023-05-09")));
}

static void test_working_day_basics(void **state)
{
	(void)state;
	assert_true(cal_is_working_day(NULL, ISO("2025-12-19")));    /* Friday */
	assert_false(cal_is_working_day(NULL, ISO("2025-12-20")));   /* Saturday */
	assert_false(cal_is_working_day(NULL, ISO("2025-12-21")));   /* Sunday */
	assert_false(cal_is_working_day(NULL, DATE_NONE));
	assert_false(cal_is_bank_holiday(NULL, DATE_NONE));
	/* outside the table nothing is a bank holiday unless the area adds it */
	assert_false(cal_is_bank_holiday(NULL, ISO("2013-12-25")));
	assert_true(cal_is_working_day(NULL, ISO("2013-12-25")));    /* Wednesday */
	assert_false(cal_is_bank_holiday(NULL, ISO("2028-12-25")));
	assert_true(cal_is_working_day(NULL, ISO("2028-12-25")));    /* Monday */
	struct calendar cal;
	char err[128];
	assert_int_equal(cal_parse_extra(&cal, "2028-12-25,2028-12-26", err, sizeof err), 0);
	assert_true(cal_is_bank_holiday(&cal, ISO("2028-12-25")));
	assert_false(cal_is_working_day(&cal, ISO("2028-12-25")));
	assert_false(cal_is_working_day(&cal, ISO("2028-12-26")));
	assert_true(cal_is_working_day(&cal, ISO("2028-12-27")));
	/* the table still counts with extras present */
	assert_true(cal_is_bank_holiday(&cal, ISO("2025-12-25")));
}

static void test_add_working_days(void **state)
{
	(void)state;
	/* reference §4.2 (reg 15(2)): aware Fri 19 Dec 2025, 15 working days, the
	 * day of awareness not counted, 25, 26 Dec and 1 Jan skipped: Wed 14 Jan 2026 */
	day_t due = cal_add_working_days(NULL, ISO("2025-12-19"), 15);
	assert_day(due, "2026-01-14");
	assert_int_equal(date_weekday(due), 2);
	/* ... or Tue 13 Jan 2026 if the day of awareness is day 1 */
	assert_day(cal_add_working_days(NULL, ISO("2025-12-19"), 14), "2026-01-13");
	/* n = 0: the day itself, whatever it is */
	assert_day(cal_add_working_days(NULL, ISO("2025-12-19"), 0), "2025-12-19");
	assert_day(cal_add_working_days(NULL, ISO("2025-12-25"), 0), "2025-12-25");
	/* one working day */
	assert_day(cal_add_working_days(NULL, ISO("2025-12-19"), 1), "2025-12-22");   /* Fri -> Mon */
	assert_day(cal_add_working_days(NULL, ISO("2025-12-20"), 1), "2025-12-22");   /* Sat -> Mon */
	assert_day(cal_add_working_days(NULL, ISO("2025-12-24"), 1), "2025-12-29");   /* Christmas, Boxing Day, weekend */
	assert_day(cal_add_working_days(NULL, ISO("2026-04-02"), 1), "2026-04-07");   /* Easter 2026 */
	assert_day(cal_add_working_days(NULL, ISO("2022-09-16"), 1), "2022-09-20");   /* state funeral */
	assert_day(cal_add_working_days(NULL, ISO("2023-05-05"), 1), "2023-05-09");   /* coronation */
	assert_day(cal_add_working_days(NULL, ISO("2020-05-07"), 1), "2020-05-11");   /* VE Day */
	assert_day(cal_add_working_days(NULL, ISO("2026-12-24"), 1), "2026-12-29");   /* 25 Fri, 28 Mon substitute */
	assert_day(cal_add_working_days(NULL, ISO("2027-12-24"), 1), "2027-12-29");   /* 27, 28 substitutes */
	assert_day(cal_add_working_days(NULL, ISO("2027-12-24"), 3), "2027-12-31");
	/* a week of working days over no holidays is 7 calendar days */
	assert_day(cal_add_working_days(NULL, ISO("2025-11-03"), 5), "2025-11-10");
	/* an area's extra day is skipped too */
	struct calendar cal;
	char err[128];
	assert_int_equal(cal_parse_extra(&cal, "2028-12-25, 2028-12-26", err, sizeof err), 0);
	assert_day(cal_add_working_days(&cal, ISO("2028-12-22"), 1), "2028-12-27");
	assert_day(cal_add_working_days(NULL, ISO("2028-12-22"), 1), "2028-12-25");
	/* no answer for no date or a negative count */
	assert_int_equal(cal_add_working_days(NULL, DATE_NONE, 3), DATE_NONE);
	assert_int_equal(cal_add_working_days(NULL, ISO("2025-12-19"), -1), DATE_NONE);
}

static void test_working_day_on_or_before(void **state)
{
	(void)state;
	assert_day(cal_working_day_on_or_before(NULL, ISO("2025-11-21")), "2025-11-21");   /* Friday: itself */
	assert_day(cal_working_day_on_or_before(NULL, ISO("2025-11-22")), "2025-11-21");   /* Saturday (reference §6.3) */
	assert_day(cal_working_day_on_or_before(NULL, ISO("2025-11-23")), "2025-11-21");   /* Sunday */
	assert_day(cal_working_day_on_or_before(NULL, ISO("2026-04-06")), "2026-04-02");   /* Easter Monday */
	assert_day(cal_working_day_on_or_before(NULL, ISO("2026-12-28")), "2026-12-24");   /* substitute Monday */
	assert_day(cal_working_day_on_or_before(NULL, ISO("2026-12-29")), "2026-12-29");
	assert_day(cal_working_day_on_or_before(NULL, ISO("2027-01-03")), "2026-12-31");   /* Sun; 1 Jan Fri */
	assert_day(cal_working_day_on_or_before(NULL, ISO("2027-12-28")), "2027-12-24");
	assert_day(cal_working_day_on_or_before(NULL, ISO("2022-09-19")), "2022-09-16");
	assert_day(cal_working_day_on_or_before(NULL, ISO("2023-01-02")), "2022-12-30");   /* substitute Monday */
	assert_day(cal_working_day_on_or_before(NULL, ISO("2022-12-27")), "2022-12-23");   /* Tue, Mon, Sun, Sat */
	assert_int_equal(cal_working_day_on_or_before(NULL, DATE_NONE), DATE_NONE);
	struct calendar cal;
	char err[128];
	assert_int_equal(cal_parse_extra(&cal, "2025-11-21", err, sizeof err), 0);
	assert_day(cal_working_day_on_or_before(&cal, ISO("2025-11-22")), "2025-11-20");
}

/* Was a bug (fixed): cal_working_day_on_or_before stops after 14 days and returns a
 * day that is not a working day.  Input: extra bank holidays every weekday
 * 2028-12-04 .. 2028-12-22 (an area's config), d = 2028-12-22: expected
 * Fri 2028-12-01 (the working day before), actual 2028-12-08. */
static void test_working_day_on_or_before_long_run(void **state)
{
	(void)state;
	struct calendar cal;
	char err[128];
	assert_int_equal(cal_parse_extra(&cal,
	                                 "2028-12-04,2028-12-05,2028-12-06,2028-12-07,2028-12-08,"
	                                 "2028-12-11,2028-12-12,2028-12-13,2028-12-14,2028-12-15,"
	                                 "2028-12-18,2028-12-19,2028-12-20,2028-12-21,2028-12-22",
	                                 err, sizeof err),
	                 0);
	day_t got = cal_working_day_on_or_before(&cal, ISO("2028-12-22"));
	assert_true(cal_is_working_day(&cal, got));
	assert_day(got, "2028-12-01");
}

static void test_parse_extra_good(void **state)
{
	(void)state;
	struct calendar cal;
	char err[128] = "";
	assert_int_equal(cal_parse_extra(&cal, "2028-12-25,2028-12-26", err, sizeof err), 0);
	assert_int_equal(cal.nextra, 2);
	assert_int_equal(cal.extra[0], ISO("2028-12-25"));
	assert_int_equal(cal.extra[1], ISO("2028-12-26"));
	/* any order, spaces around commas, leading and trailing spaces */
	assert_int_equal(cal_parse_extra(&cal, "  2029-01-01 ,2028-12-25 ,  2028-12-26  ", err, sizeof err), 0);
	assert_int_equal(cal.nextra, 3);
	assert_int_equal(cal.extra[0], ISO("2029-01-01"));
	assert_int_equal(cal.extra[2], ISO("2028-12-26"));
	assert_true(cal_is_bank_holiday(&cal, ISO("2029-01-01")));
	/* one item */
	assert_int_equal(cal_parse_extra(&cal, "2028-05-01", err, sizeof err), 0);
	assert_int_equal(cal.nextra, 1);
	/* empty, spaces only, NULL: none, and a previous list is cleared */
	assert_int_equal(cal_parse_extra(&cal, "", err, sizeof err), 0);
	assert_int_equal(cal.nextra, 0);
	assert_false(cal_is_bank_holiday(&cal, ISO("2028-05-01")));
	assert_int_equal(cal_parse_extra(&cal, "2028-05-01", err, sizeof err), 0);
	assert_int_equal(cal_parse_extra(&cal, "   ", err, sizeof err), 0);
	assert_int_equal(cal.nextra, 0);
	assert_int_equal(cal_parse_extra(&cal, NULL, err, sizeof err), 0);
	assert_int_equal(cal.nextra, 0);
	/* exactly the maximum */
	char list[CAL_MAX_EXTRA * 12 + 1] = "";
	day_t d = ISO("2030-01-01");
	for (int i = 0; i < CAL_MAX_EXTRA; i++) {
		char s[11];
		date_format_iso(d + i, s);
		if (i)
			strcat(list, ",");
		strcat(list, s);
	}
	assert_int_equal(cal_parse_extra(&cal, list, err, sizeof err), 0);
	assert_int_equal(cal.nextra, CAL_MAX_EXTRA);
	assert_int_equal(cal.extra[CAL_MAX_EXTRA - 1], d + CAL_MAX_EXTRA - 1);
}

static void expect_bad(const char *list, const char *want)
{
	struct calendar cal;
	char err[128] = "";
	if (cal_parse_extra(&cal, list, err, sizeof err) != -1) {
		print_error("'%s' was accepted\n", list);
		fail();
	}
	assert_string_equal(err, want);
}

static void test_parse_extra_bad(void **state)
{
	(void)state;
	/* each kind of bad item, named in the message */
	expect_bad("2028-13-01", "'2028-13-01' is not a date like 2028-12-25");                 /* month 13 */
	expect_bad("2027-02-29", "'2027-02-29' is not a date like 2028-12-25");                 /* not a real date */
	expect_bad("2028-1-05", "'2028-1-05' is not a date like 2028-12-25");                   /* not zero-padded */
	expect_bad("28-12-25", "'28-12-25' is not a date like 2028-12-25");                     /* 2-digit year */
	expect_bad("2028/12/25", "'2028/12/25' is not a date like 2028-12-25");                 /* separators */
	expect_bad("25-12-2028", "'25-12-2028' is not a date like 2028-12-25");                 /* day first */
	expect_bad("christmas", "'christmas' is not a date like 2028-12-25");                   /* words */
	expect_bad("2028-12-25x", "'2028-12-25x' is not a date like 2028-12-25");               /* trailing junk */
	expect_bad("1799-12-25", "'1799-12-25' is not a date like 2028-12-25");                 /* outside 1800..2200 */
	/* the bad item among good ones, wherever it is */
	expect_bad("2028-12-25,2028-12-32,2028-12-26", "'2028-12-32' is not a date like 2028-12-25");
	expect_bad("2028-12-25, nope", "'nope' is not a date like 2028-12-25");
	expect_bad("x,2028-12-25", "'x' is not a date like 2028-12-25");
	/* semicolons are not separators */
	expect_bad("2028-12-25;2028-12-26", "'2028-12-25;2028-12-26' is not a date like 2028-12-25");
	/* a long item is cut in the message */
	expect_bad("2028-12-25-2028-12-26-2028-12-27", "'2028-12-25-2028-12-26-2028-12-27' is not a date like 2028-12-25");
	/* over 40 characters: the first 40 and an ellipsis */
	expect_bad("2028-12-25-2028-12-26-2028-12-27-2028-12-28",
	           "'2028-12-25-2028-12-26-2028-12-27-2028-12…' is not a date like 2028-12-25");

	/* too many */
	char list[(CAL_MAX_EXTRA + 1) * 12 + 1] = "";
	day_t d = ISO("2030-01-01");
	for (int i = 0; i < CAL_MAX_EXTRA + 1; i++) {
		char s[11];
		date_format_iso(d + i, s);
		if (i)
			strcat(list, ", ");
		strcat(list, s);
	}
	expect_bad(list, "at most 64 extra bank holidays");

	/* a small buffer is cut, not overrun */
	struct calendar cal;
	char small[8];
	assert_int_equal(cal_parse_extra(&cal, "nope", small, sizeof small), -1);
	assert_int_equal(strlen(small), sizeof small - 1);
}

/* Was a bug (fixed): a bad item of 16 to 20 characters followed by more items is
 * named together with the start of the next item, and an item of 16 to 20
 * characters at the end gets a "…" as though it had been cut.  Input
 * "2028-12-25T00:00,2029-01-01": expected the message to name
 * '2028-12-25T00:00' only; actual "'2028-12-25T00:00,202…' is not a date
 * like 2028-12-25". */
static void test_parse_extra_bad_item_named_alone(void **state)
{
	(void)state;
	struct calendar cal;
	char err[128] = "";
	assert_int_equal(cal_parse_extra(&cal, "2028-12-25T00:00,2029-01-01", err, sizeof err), -1);
	assert_non_null(strstr(err, "2028-12-25T00:00"));
	assert_null(strstr(err, "2029"));
	assert_null(strstr(err, "T00:00,"));
	assert_int_equal(cal_parse_extra(&cal, "2028-12-25T00:00", err, sizeof err), -1);
	assert_string_equal(err, "'2028-12-25T00:00' is not a date like 2028-12-25");
}

static struct closure C(const char *start, const char *end)
{
	struct closure c = {ISO(start), ISO(end)};
	return c;
}

static void test_closure_window(void **state)
{
	(void)state;
	/* summer 2025: closed Wed 23 July to Tue 2 September, reopens Wed 3 September */
	struct closure c = C("2025-07-23", "2025-09-02");
	/* the window: 1 week before it closes (16 July) to 1 week before it reopens (27 August) */
	assert_false(closure_excuses_request(&c, ISO("2025-07-15")));
	assert_true(closure_excuses_request(&c, ISO("2025-07-16")));
	assert_true(closure_excuses_request(&c, ISO("2025-07-23")));
	assert_true(closure_excuses_request(&c, ISO("2025-08-15")));
	assert_true(closure_excuses_request(&c, ISO("2025-08-27")));
	assert_false(closure_excuses_request(&c, ISO("2025-08-28")));
	assert_false(closure_excuses_request(&c, ISO("2025-09-02")));
	assert_false(closure_excuses_request(&c, ISO("2025-09-10")));

	/* exactly 4 weeks (28 days: 23 July to 19 August): excuses, window 16 July .. 13 August */
	c = C("2025-07-23", "2025-08-19");
	assert_int_equal(date_diff_days(c.start, c.end) + 1, 28);
	assert_false(closure_excuses_request(&c, ISO("2025-07-15")));
	assert_true(closure_excuses_request(&c, ISO("2025-07-16")));
	assert_true(closure_excuses_request(&c, ISO("2025-08-13")));
	assert_false(closure_excuses_request(&c, ISO("2025-08-14")));

	/* 27 days: excuses nothing, not even inside the closure */
	c = C("2025-07-23", "2025-08-18");
	assert_int_equal(date_diff_days(c.start, c.end) + 1, 27);
	for (day_t d = ISO("2025-07-01"); d <= ISO("2025-09-30"); d++)
		assert_false(closure_excuses_request(&c, d));
	/* a half-term week never does */
	c = C("2025-10-27", "2025-10-31");
	assert_false(closure_excuses_request(&c, ISO("2025-10-27")));

	/* the window is exactly [start - 7, end - 6] for any closure of 28 days or more */
	for (int len = 28; len <= 60; len++) {
		struct closure k = {ISO("2024-07-20"), ISO("2024-07-20") + len - 1};
		for (day_t d = k.start - 20; d <= k.end + 20; d++) {
			int want = d >= k.start - 7 && d <= k.end - 6;
			if (closure_excuses_request(&k, d) != want) {
				print_error("closure of %d days, day %d: got %d\n", len, d - k.start, !want);
				fail();
			}
		}
	}

	/* missing data */
	c = C("2025-07-23", "2025-09-02");
	assert_false(closure_excuses_request(&c, DATE_NONE));
	assert_false(closure_excuses_request(NULL, ISO("2025-08-01")));
	struct closure open = {ISO("2025-07-23"), DATE_NONE};
	assert_false(closure_excuses_request(&open, ISO("2025-08-01")));
	struct closure nostart = {DATE_NONE, ISO("2025-09-02")};
	assert_false(closure_excuses_request(&nostart, ISO("2025-08-01")));
	/* end before start */
	c = C("2025-09-02", "2025-07-23");
	assert_false(closure_excuses_request(&c, ISO("2025-08-01")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_years),
		cmocka_unit_test(test_table_matches_govuk),
		cmocka_unit_test(test_substitute_and_one_off_days),
		cmocka_unit_test(test_working_day_basics),
		cmocka_unit_test(test_add_working_days),
		cmocka_unit_test(test_working_day_on_or_before),
		cmocka_unit_test(test_working_day_on_or_before_long_run),
		cmocka_unit_test(test_parse_extra_good),
		cmocka_unit_test(test_parse_extra_bad),
		cmocka_unit_test(test_parse_extra_bad_item_named_alone),
		cmocka_unit_test(test_closure_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
