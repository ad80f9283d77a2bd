/* test_qa.c — cmocka tests for core/qa.c: the overall grade by each rule,
 * which sections each service grades, and the stratified draw: reproducible
 * from its seed, and the counts per stratum. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/qa.h"

static void overall_grades(void **state)
{
	(void)state;
	int g[] = {3, 2, 4, 3}, w[] = {1, 2, 1, 3};
	/* (3 + 4 + 4 + 9) / 7 = 20/7 = 2.86 -> 3 */
	assert_int_equal(qa_overall(QA_RULE_WEIGHTED_MEAN, g, w, 4), 3);
	/* unweighted 12/4 = 3 */
	assert_int_equal(qa_overall(QA_RULE_WEIGHTED_MEAN, g, NULL, 4), 3);
	/* half rounds up: (2 + 3) / 2 = 2.5 -> 3 */
	int h[] = {2, 3};
	assert_int_equal(qa_overall(QA_RULE_WEIGHTED_MEAN, h, NULL, 2), 3);
	/* just below a half: (2*2 + 3) / 3 = 2.33 -> 2 */
	int hw[] = {2, 1};
	assert_int_equal(qa_overall(QA_RULE_WEIGHTED_MEAN, h, hw, 2), 2);
	assert_int_equal(qa_overall(QA_RULE_LOWEST, g, w, 4), 2);
	assert_int_equal(qa_overall(QA_RULE_LOWEST, g, w, 0), 0);
	assert_int_equal(qa_rule_by_code("lowest"), QA_RULE_LOWEST);
	assert_int_equal(qa_rule_by_code("mean"), QA_RULE_UNKNOWN);
	char tmp[4];
	assert_string_equal(qa_grade_label("four", 3, tmp), "Good");
	assert_string_equal(qa_grade_label("eight", 6, tmp), "6");
	assert_null(qa_grade_label("four", 5, tmp));
	assert_null(qa_grade_label("four", 0, tmp));
}

static void services_and_sections(void **state)
{
	(void)state;
	const char *edu[] = {"A", "B", "E", "F", "I", "J", "K", "advice"};
	for (size_t i = 0; i < sizeof edu / sizeof *edu; i++)
		assert_true(qa_service_grades("education", edu[i]));
	assert_false(qa_service_grades("education", "C"));
	assert_false(qa_service_grades("education", "H1"));
	assert_true(qa_service_grades("health", "C"));
	assert_true(qa_service_grades("health", "G"));
	assert_false(qa_service_grades("health", "F"));
	assert_true(qa_service_grades("social_care", "H2"));
	assert_true(qa_service_grades("social_care", "D"));
	assert_false(qa_service_grades("social_care", "B"));
	assert_true(qa_service_grades(NULL, "F"));
	assert_true(qa_service_grades("", "H1"));
	assert_false(qa_service_valid("police"));
	assert_true(qa_service_valid("social_care"));
}

static void allocation(void **state)
{
	(void)state;
	int el[] = {10, 3, 0, 7}, d[4];
	qa_allocate(el, 4, 20, 0, d);   /* 20%, rounded up */
	assert_int_equal(d[0], 2);
	assert_int_equal(d[1], 1);
	assert_int_equal(d[2], 0);
	assert_int_equal(d[3], 2);
	qa_allocate(el, 4, -1, 5, d);   /* 5 of 20 in proportion: 2.5, 0.75, 0, 1.75 */
	assert_int_equal(d[0] + d[1] + d[2] + d[3], 5);
	assert_int_equal(d[0], 2);
	assert_int_equal(d[1], 1);
	assert_int_equal(d[3], 2);
	qa_allocate(el, 4, -1, 50, d);  /* more than there are: everything */
	assert_int_equal(d[0], 10);
	assert_int_equal(d[3], 7);
}

static void draw_is_reproducible_and_stratified(void **state)
{
	(void)state;
	struct qa_candidate a[40], b[40];
	for (int i = 0; i < 40; i++) {
		a[i].id = 1000 - i * 7;
		a[i].stratum = i % 3;
	}
	memcpy(b, a, sizeof a);
	/* b in another order: the same sample */
	for (int i = 0; i < 20; i++) {
		struct qa_candidate t = b[i];
		b[i] = b[39 - i];
		b[39 - i] = t;
	}
	int drawn[3] = {4, 0, 2};
	assert_int_equal(qa_draw(a, 40, drawn, 3, 12345), 6);
	assert_int_equal(qa_draw(b, 40, drawn, 3, 12345), 6);
	int per[3] = {0, 0, 0};
	for (int i = 0; i < 6; i++) {
		assert_true(a[i].id == b[i].id);
		per[a[i].stratum]++;
		for (int j = 0; j < i; j++)
			assert_true(a[i].id != a[j].id);
	}
	assert_int_equal(per[0], 4);
	assert_int_equal(per[1], 0);
	assert_int_equal(per[2], 2);
	/* another seed, another sample (for these ids and seeds) */
	struct qa_candidate c[40];
	memcpy(c, b, sizeof b);
	qa_draw(c, 40, drawn, 3, 99);
	int same = 1;
	for (int i = 0; i < 6; i++)
		same &= c[i].id == a[i].id;
	assert_false(same);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overall_grades),
		cmocka_unit_test(services_and_sections),
		cmocka_unit_test(allocation),
		cmocka_unit_test(draw_is_reproducible_and_stratified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
