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
#include "core/sen2check.h"
#include <stdlib.h>

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

/* A person with one request whose assessment names plans (start, cease: NULL for
 * none), and an ActivePlans under the request; returns the ActivePlans node. */
static int person_with_plans(struct sen2_person *p, const char *const plans[][2], int n)
{
	sen2_person_reset(p);
	sen2_add(p, SB_PERSON, -1, 0);
	int q = sen2_add(p, SB_REQUEST, 0, 0), a = sen2_add(p, SB_ASSESSMENT, q, 0);
	for (int i = 0; i < n; i++) {
		int k = sen2_add(p, SB_NAMED_PLAN, a, 0);
		sen2_set(p, k, SI_START_DATE, plans[i][0]);
		sen2_set(p, k, SI_CEASE_DATE, plans[i][1]);
	}
	return sen2_add(p, SB_ACTIVE_PLANS, q, 0);
}

static void test_active_plan_of(void **state)
{
	(void)state;
	struct sen2_person *p = malloc(sizeof *p);
	assert_non_null(p);
	/* the open plan, wherever it is among the plans */
	const char *const open_last[][2] = {{"2019-09-01", "2024-03-01"}, {"2024-09-01", NULL}};
	int k = person_with_plans(p, open_last, 2);
	assert_int_equal(sen2_active_plan_of(p, k), 4);
	/* no open plan: the one that ceased last */
	const char *const ceased[][2] = {{"2019-09-01", "2025-06-30"}, {"2015-09-01", "2019-08-31"}};
	k = person_with_plans(p, ceased, 2);
	assert_int_equal(sen2_active_plan_of(p, k), 3);
	/* no plan at all */
	k = person_with_plans(p, ceased, 0);
	assert_int_equal(sen2_active_plan_of(p, k), -1);
	assert_int_equal(sen2_active_plan_of(p, 0), -1);   /* not an ActivePlans: no request above it */
	day_t d;
	date_parse_iso("2025-01-01", &d);
	assert_int_equal(sen2_period_start(2026), d);
	free(p);
}

struct found {
	int n, errors;
	char ids[48][8];
};

static void collect(void *ctx, const struct sen2_person *p, const struct sen2_finding *f)
{
	(void)p;
	struct found *x = ctx;
	if (x->n < 48)
		strcpy(x->ids[x->n], f->check->id);
	x->n++;
	x->errors += f->severity == SEN2_ERROR;
}

static int has_finding(const struct found *x, const char *id)
{
	for (int i = 0; i < x->n && i < 48; i++)
		if (!strcmp(x->ids[i], id))
			return 1;
	return 0;
}

/* DC-V1: an ActivePlans for a plan ceased in the collection year is allowed (and is not a
 * second active plan, DC-X1); one for a plan ceased before the year is an error; so is an
 * open plan with none. */
static void test_active_plans_scope(void **state)
{
	(void)state;
	struct sen2_person *p = malloc(sizeof *p);
	assert_non_null(p);
	day_t census;
	date_parse_iso("2026-01-15", &census);
	struct sen2_context c = {2026, census, "999"};
	const char *const in_year[][2] = {{"2019-09-01", "2025-03-31"}};
	const char *const before_year[][2] = {{"2019-09-01", "2024-12-31"}};
	const char *const open[][2] = {{"2019-09-01", NULL}};

	struct found x = {0};
	int k = person_with_plans(p, in_year, 1);
	sen2_check_person(&c, p, collect, &x);
	assert_false(has_finding(&x, "DC-V1"));
	assert_false(has_finding(&x, "DC-X1"));
	/* a second request whose plan is active: one active plan, two blocks */
	int q = sen2_add(p, SB_REQUEST, 0, 0), a = sen2_add(p, SB_ASSESSMENT, q, 0), np = sen2_add(p, SB_NAMED_PLAN, a, 0);
	sen2_set(p, np, SI_START_DATE, "2025-09-01");
	sen2_add(p, SB_ACTIVE_PLANS, q, 0);
	memset(&x, 0, sizeof x);
	sen2_check_person(&c, p, collect, &x);
	assert_false(has_finding(&x, "DC-X1"));
	assert_false(has_finding(&x, "DC-V1"));
	/* a placement entered after the plan ceased: a query */
	int pl = sen2_add(p, SB_PLACEMENT, k, 0);
	sen2_set(p, pl, SI_ENTRY_DATE, "2025-04-01");
	memset(&x, 0, sizeof x);
	sen2_check_person(&c, p, collect, &x);
	assert_true(has_finding(&x, "DC-V1"));

	memset(&x, 0, sizeof x);
	person_with_plans(p, before_year, 1);
	sen2_check_person(&c, p, collect, &x);
	assert_true(has_finding(&x, "DC-V1"));

	/* an open plan with no ActivePlans: build it without the block */
	memset(&x, 0, sizeof x);
	person_with_plans(p, open, 1);
	p->n--;   /* drop the ActivePlans just added (the last node) */
	sen2_check_person(&c, p, collect, &x);
	assert_true(has_finding(&x, "DC-V1"));
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_census_dates),
		cmocka_unit_test(test_residential_by_year),
		cmocka_unit_test(test_element_table),
		cmocka_unit_test(test_active_plan_of),
		cmocka_unit_test(test_active_plans_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
