/* test_family.c — cmocka tests for core/family.c: the end of compulsory
 * school age on its edges (Education Act 1996 s.8; CFA 2014 s.83(2); SEND
 * Code of Practice 8.13) and the telephone number check.
 *
 * DESIGN: worked dates are hard-coded from a calendar (the last Friday in
 * June of each year), and the rule is also checked for every birthday over
 * 2000..2030 against a plain day-by-day search that shares no code with it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/family.h"

static day_t D(int y, int m, int d)
{
	day_t out = DATE_NONE;
	assert_int_equal(date_from_ymd(y, m, d, &out), 0);
	return out;
}

static void test_academic_year_edges(void **state)
{
	(void)state;
	/* turns 16 on 31 August 2026: the academic year 2025/26, leaving Friday 26 June 2026 */
	assert_int_equal(family_school_age_end(D(2010, 8, 31)), D(2026, 6, 26));
	/* turns 16 on 1 September 2026: the year 2026/27, leaving Friday 25 June 2027 */
	assert_int_equal(family_school_age_end(D(2010, 9, 1)), D(2027, 6, 25));
	/* turns 16 on 1 September 2025 (the first day of 2025/26): June 2026 too */
	assert_int_equal(family_school_age_end(D(2009, 9, 1)), D(2026, 6, 26));
	/* a July birthday: they leave on the June leaving date, before turning 16 (s.8(3)(b)) */
	assert_int_equal(family_school_age_end(D(2010, 7, 15)), D(2026, 6, 26));
	/* 29 February */
	assert_int_equal(family_school_age_end(D(2008, 2, 29)), D(2024, 6, 28));
	/* 30 June as the last Friday itself (2028: Friday 30 June) */
	assert_int_equal(family_school_age_end(D(2012, 1, 10)), D(2028, 6, 30));
}

static void test_young_person_from_the_day_after(void **state)
{
	(void)state;
	day_t dob = D(2010, 8, 31);
	assert_false(family_is_young_person(dob, D(2026, 6, 25)));
	assert_false(family_is_young_person(dob, D(2026, 6, 26)));   /* the leaving date itself: still of school age */
	assert_true(family_is_young_person(dob, D(2026, 6, 27)));
	assert_false(family_is_young_person(D(2010, 9, 1), D(2026, 9, 1)));   /* 16 today, but in Year 11 */
	assert_true(family_is_young_person(D(2010, 9, 1), D(2027, 6, 26)));
}

/* Against a search: the last Friday on or before 30 June of the year the 16th birthday's academic year ends. */
static void test_every_birthday(void **state)
{
	(void)state;
	for (day_t dob = D(2000, 1, 1); dob <= D(2030, 12, 31); dob++) {
		int y, m, d;
		date_to_ymd(dob, &y, &m, &d);
		int end_year = y + 16;
		if (m >= 9)
			end_year++;
		day_t want = D(end_year, 6, 30);
		while (date_weekday(want) != 4)
			want--;
		assert_int_equal(family_school_age_end(dob), want);
		int wy, wm, wd;
		date_to_ymd(want, &wy, &wm, &wd);
		assert_int_equal(wm, 6);
		assert_true(wd >= 24);
	}
}

static void test_phone(void **state)
{
	(void)state;
	char out[40], why[160];
	assert_int_equal(family_validate_phone("01632 960 001", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "01632 960 001");
	assert_int_equal(family_validate_phone("  07700   900982 ", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "07700 900982");
	assert_int_equal(family_validate_phone("+44 (0)808 157-0192", out, sizeof out, why, sizeof why), 0);
	assert_int_equal(family_validate_phone("0163296000", out, sizeof out, why, sizeof why), 0);   /* 10 digits */
	assert_int_equal(family_validate_phone("016329600", out, sizeof out, why, sizeof why), -1);   /* 9 */
	assert_non_null(strstr(why, "10 to 15 digits"));
	assert_int_equal(family_validate_phone("1234567890123456", out, sizeof out, why, sizeof why), -1);  /* 16 */
	assert_int_equal(family_validate_phone("0163 296 000x", out, sizeof out, why, sizeof why), -1);
	assert_non_null(strstr(why, "only numbers"));
	assert_int_equal(family_validate_phone("44+1632960001", out, sizeof out, why, sizeof why), -1);  /* + inside */
	char tiny[8];
	assert_int_equal(family_validate_phone("01632 960 001", tiny, sizeof tiny, why, sizeof why), -1);
	assert_string_equal(why, "is too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_academic_year_edges),
		cmocka_unit_test(test_young_person_from_the_day_after),
		cmocka_unit_test(test_every_birthday),
		cmocka_unit_test(test_phone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
