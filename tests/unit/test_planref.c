/* test_planref.c — cmocka tests for core/planref.c: the numbers of an EHC
 * plan's items ("B2", "H1-2"), read back, and the section titles. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/planref.h"

static void refs_are_written_and_read_back(void **state)
{
	(void)state;
	char out[PLAN_REF_MAX], sec[3];
	long long num;
	for (int i = 0; plan_item_sections[i]; i++)
		for (long long n = 1; n <= 120; n += 7) {
			plan_ref(plan_item_sections[i], n, out);
			assert_int_equal(plan_ref_parse(out, sec, &num), 0);
			assert_string_equal(sec, plan_item_sections[i]);
			assert_true(num == n);
		}
	plan_ref("H1", 2, out);
	assert_string_equal(out, "H1-2");
	plan_ref("B", 12, out);
	assert_string_equal(out, "B12");
	/* any case, spaces around */
	assert_int_equal(plan_ref_parse(" e3 ", sec, &num), 0);
	assert_string_equal(sec, "E");
	assert_true(num == 3);
	assert_int_equal(plan_ref_parse("h2-1", sec, &num), 0);
	assert_string_equal(sec, "H2");
}

static void what_is_not_a_ref(void **state)
{
	(void)state;
	char sec[3];
	long long num;
	const char *bad[] = {"", "B", "B0", "A1", "I1", "J1", "Z9", "H1", "H3-1", "H-1", "1B", "B1x", "B-1", "B 1",
	                     "B99999999999999999999", "E1,E2"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(plan_ref_parse(bad[i], sec, &num), -1);
}

static void lists_and_sections(void **state)
{
	(void)state;
	assert_true(plan_refs_contain("B1,C2,E10", "C2"));
	assert_true(plan_refs_contain("B1,C2,E10", "E10"));
	assert_false(plan_refs_contain("B1,C2,E10", "E1"));
	assert_false(plan_refs_contain("", "B1"));
	assert_false(plan_refs_contain(NULL, "B1"));
	assert_string_equal(plan_section_title("B"), "Special educational needs");
	assert_string_equal(plan_section_title("K"), "Advice and information");
	assert_int_equal(plan_section_order("A"), 0);
	assert_int_equal(plan_section_order("K"), 11);
	assert_int_equal(plan_section_order("Q"), -1);
	assert_true(plan_section_valid("H2"));
	assert_false(plan_section_valid("A"));
	assert_false(plan_section_valid("J"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refs_are_written_and_read_back),
		cmocka_unit_test(what_is_not_a_ref),
		cmocka_unit_test(lists_and_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
