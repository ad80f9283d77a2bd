/* test_sen2.c — cmocka tests for the SEN2 tables (core/sen2.c): the census
 * dates are the reference's (each the third Thursday of January but 2021's,
 * the second), the residential codes change meaning in 2026, and the
 * element table is well formed (each block's items once, years ordered). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/sen2.h"

static void test_census_dates(void **state)
{
	(void)state;
	assert_true(sen2_census_n >= 13);
	for (int i = 0; i < sen2_census_n; i++) {
		day_t d;
		assert_int_equal(date_parse_iso(sen2_census_dates[i].date, &d), 0);
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		assert_int_equal(y, sen2_census_dates[i].year);
		assert_int_equal(m, 1);
		assert_int_equal(date_weekday(d), 3);   /* a Thursday */
		int nth = (dd - 1) / 7 + 1;
		assert_int_equal(nth, y == 2021 ? 2 : 3);
		assert_int_equal(sen2_year_of_census(d), y);
		assert_int_equal(sen2_year_of_census(date_add_days(d, 1)), -1);
	}
}

static void test_residential_by_year(void **state)
{
	(void)state;
	/* RFC 1299: to 2025 A = 38-51 weeks, B = 52; from 2026 A = up to 38, B = 39-52 */
	assert_string_equal(sen2_residential("38", 2025), "A");
	assert_string_equal(sen2_residential("51", 2025), "A");
	assert_string_equal(sen2_residential("52", 2025), "B");
	assert_string_equal(sen2_residential("38", 2026), "A");
	assert_string_equal(sen2_residential("51", 2026), "B");
	assert_string_equal(sen2_residential("52", 2026), "B");
	assert_null(sen2_residential("", 2026));
	assert_null(sen2_residential("40", 2026));
	assert_null(sen2_residential(NULL, 2026));
}

static void test_element_table(void **state)
{
	(void)state;
	for (int i = 0; i < sen2_elements_n; i++) {
		const struct sen2_element *e = &sen2_elements[i];
		assert_true(e->tag && *e->tag);
		assert_true(e->block >= 0 && e->block < SB_N);
		assert_true(e->item >= 0 && e->item < SI_N);
		assert_true(!e->to || !e->from || e->from <= e->to);
		assert_non_null(strchr("DBSI", e->type));
		for (int k = 0; k < i; k++)   /* each item once per block */
			assert_false(sen2_elements[k].block == e->block && sen2_elements[k].item == e->item);
	}
	/* the year columns: Sex from 2024, RequestSource from 2025 */
	for (int i = 0; i < sen2_elements_n; i++) {
		if (!strcmp(sen2_elements[i].tag, "Sex")) {
			assert_false(sen2_in_year(&sen2_elements[i], 2023));
			assert_true(sen2_in_year(&sen2_elements[i], 2024));
		}
		if (!strcmp(sen2_elements[i].tag, "RequestSource")) {
			assert_false(sen2_in_year(&sen2_elements[i], 2024));
			assert_true(sen2_in_year(&sen2_elements[i], 2026));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_census_dates),
		cmocka_unit_test(test_residential_by_year),
		cmocka_unit_test(test_element_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
