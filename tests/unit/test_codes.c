/* test_codes.c — cmocka tests for core/codes.c
 *
 * DESIGN: the shape of every list is checked generically (unique codes,
 * clean labels, sane year bounds), then each list's exact membership is
 * checked against the reference (sen2.md §4 and the sendmis lists), so a
 * code added or dropped by accident fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/codes.h"
#include "core/validate.h"

struct expect {
	const struct code_list *list;
	const char *name;
	const char *codes;      /* space-separated, in order */
};

static const struct expect lists[] = {
	{&codes_sen_type, "sen_type", "SPLD MLD SLD PMLD SEMH SLCN HI VI MSI PD ASD DS OTH"},
	{&codes_sen_setting, "sen_setting", "OLA OPA EHE EYP OTH NEET NIEC NIEO AWAIT"},
	{&codes_ethnicity, "ethnicity",
	 "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH "
	 "BCRB BAFR BOTH CHNE OOTH REFU NOBT"},
	{&codes_sex, "sex", "M F"},
	{&codes_cease_reason, "cease_reason", "1 2 3 4 5 6 7 8 9"},
	{&codes_request_source, "request_source", "1 2 3 4 5"},
	{&codes_request_outcome, "request_outcome", "Y N W"},
	{&codes_assessment_outcome, "assessment_outcome", "Y N W"},
	{&codes_upn_unknown, "upn_unknown", "UN1 UN2 UN3 UN5 UN8 UN9 UN10"},
	{&codes_review_outcome, "review_outcome", "A C M"},
	{&codes_need_area, "need_area", "CI CL SEMH SP"},
	{&codes_pfa, "pfa", "EMP IL COM HEA"},
	{&codes_progress, "progress", "achieved progressing not_progressing"},
	{&codes_residential, "residential", "38 51 52"},
	{&codes_work_based, "work_based", "SI AP TR"},
	{&codes_setting_type, "setting_type", "MS SP ISP FE SPI AP EY IND"},
	{&codes_phase, "phase", "EY PRI INF JUN FIR MID SEC ALL P16 NA"},
	{&codes_ofsted, "ofsted", "1 2 3 4"},
	{&codes_visit_type, "visit_type", "welfare monitoring qa"},
	{&codes_visit_outcome, "visit_outcome", "none concerns safeguarding"},
	{&codes_plan_status, "plan_status", "draft active ceased"},
	{&codes_role, "role", "admin manager caseworker readonly board qa"},
	{&codes_advice_service, "advice_service", "EP PAED SALT OT PHYSIO CAMHS SC SENCO P16 DCO OTH"},
	{&codes_phase_kind, "phase_kind", "school_entry junior middle secondary post16"},
	{&codes_panel_kind, "panel_kind", "assess issue placement"},
	{&codes_panel_decision, "panel_decision", "agree decline defer"},
	{&codes_exception_reason, "exception_reason",
	 "school_closure early_years_closure personal_circumstances absence_from_area missed_appointment coronavirus"},
};

#define NLISTS (sizeof lists / sizeof lists[0])

static void test_list_shape(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLISTS; i++) {
		const struct code_list *l = lists[i].list;
		assert_non_null(l->name);
		assert_true(l->n > 0);
		for (size_t j = 0; j < l->n; j++) {
			const struct code *c = &l->codes[j];
			size_t len = strlen(c->label);
			assert_true(strlen(c->code) > 0 && strlen(c->code) <= 24);  /* exception reasons are the longest */
			assert_true(len > 0);
			if (!text_is_clean(c->label, 0) || c->label[0] == ' '
			    || c->label[len - 1] == ' ' || c->label[len - 1] == '.')
				fail_msg("%s %s: label \"%s\"", l->name, c->code, c->label);
			assert_true(c->from_year >= 0 && c->to_year >= 0);
			if (c->from_year && c->to_year)
				assert_true(c->from_year <= c->to_year);
			for (size_t k = j + 1; k < l->n; k++)
				if (strcmp(c->code, l->codes[k].code) == 0)
					fail_msg("%s: code %s twice", l->name, c->code);
		}
	}
}

static void test_list_membership(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLISTS; i++) {
		const struct code_list *l = lists[i].list;
		char got[256] = "";
		assert_string_equal(l->name, lists[i].name);
		for (size_t j = 0; j < l->n; j++) {
			if (j)
				strcat(got, " ");
			strcat(got, l->codes[j].code);
		}
		assert_string_equal(got, lists[i].codes);
		/* every member is found, with its own label */
		for (size_t j = 0; j < l->n; j++) {
			assert_ptr_equal(code_find(l, l->codes[j].code, 0), &l->codes[j]);
			assert_string_equal(code_label(l, l->codes[j].code), l->codes[j].label);
		}
	}
	/* list names are unique */
	for (size_t i = 0; i < NLISTS; i++)
		for (size_t j = i + 1; j < NLISTS; j++)
			assert_string_not_equal(lists[i].list->name, lists[j].list->name);
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(code_label(&codes_sen_type, "ASD"), "Autistic spectrum disorder (ASD)");
	assert_string_equal(code_label(&codes_sen_type, "SEMH"),
			    "Social, emotional and mental health (SEMH)");
	assert_string_equal(code_label(&codes_sen_type, "DS"), "Down syndrome (DS)");
	assert_string_equal(code_label(&codes_sen_setting, "AWAIT"),
			    "Awaiting specialist provision (reported to SEN2 as NIEO)");
	assert_string_equal(code_label(&codes_sen_setting, "EHE"), "Elective home education");
	assert_string_equal(code_label(&codes_ethnicity, "WBRI"), "White British");
	assert_string_equal(code_label(&codes_ethnicity, "WROM"), "Gypsy/Roma");
	assert_string_equal(code_label(&codes_ethnicity, "NOBT"), "Information not yet obtained");
	assert_string_equal(code_label(&codes_residential, "51"), "39 to 51 weeks a year");
	assert_string_equal(code_label(&codes_setting_type, "ISP"),
			    "Independent or non-maintained special school");
	assert_string_equal(code_label(&codes_phase, "P16"), "Post-16");
	assert_string_equal(code_label(&codes_ofsted, "3"), "Requires improvement");
	assert_string_equal(code_label(&codes_visit_type, "qa"), "Quality assurance visit");
	assert_string_equal(code_label(&codes_visit_outcome, "safeguarding"),
			    "Safeguarding referral made");
	assert_string_equal(code_label(&codes_plan_status, "draft"), "Draft plan");
	assert_string_equal(code_label(&codes_role, "readonly"), "Read only");
	assert_string_equal(code_label(&codes_review_outcome, "M"), "Maintain");
	assert_string_equal(code_label(&codes_work_based, "SI"), "Supported internship");
	assert_string_equal(code_label(&codes_cease_reason, "8"), "Deceased");
	assert_string_equal(code_label(&codes_request_source, "1"), "Young person or parent");
	assert_string_equal(code_label(&codes_upn_unknown, "UN1"), "Under 6 and not yet given a UPN");
}

static void test_years(void **state)
{
	(void)state;
	/* SENtype DS from the 2025 collection */
	assert_null(code_find(&codes_sen_type, "DS", 2024));
	assert_non_null(code_find(&codes_sen_type, "DS", 2025));
	assert_non_null(code_find(&codes_sen_type, "DS", 2026));
	assert_non_null(code_find(&codes_sen_type, "DS", 0));
	assert_non_null(code_find(&codes_sen_type, "ASD", 2023));
	/* RequestSource from 2025 */
	assert_null(code_find(&codes_request_source, "1", 2024));
	assert_non_null(code_find(&codes_request_source, "1", 2025));
	/* a code may recur with different years; the matching row is found */
	static const struct code twice[] = {
		{"A", "38 to 51 weeks", 0, 2025},
		{"A", "Up to 38 weeks", 2026, 0},
	};
	static const struct code_list l = {"test", twice, 2};
	assert_string_equal(code_find(&l, "A", 2025)->label, "38 to 51 weeks");
	assert_string_equal(code_find(&l, "A", 2026)->label, "Up to 38 weeks");
	assert_string_equal(code_find(&l, "A", 0)->label, "38 to 51 weeks");
	assert_null(code_find(&l, "B", 2026));
}

static void test_not_found(void **state)
{
	(void)state;
	assert_null(code_find(&codes_sen_type, "NSA", 0));      /* census only */
	assert_null(code_find(&codes_sen_type, "asd", 0));      /* exact match */
	assert_null(code_find(&codes_sen_type, "AS", 0));
	assert_null(code_find(&codes_sen_type, "ASDX", 0));
	assert_null(code_find(&codes_sen_type, "", 0));
	assert_null(code_find(&codes_sen_type, NULL, 0));
	assert_null(code_find(NULL, "ASD", 0));
	assert_null(code_find(&codes_request_outcome, "A", 0)); /* derived at extract */
	assert_null(code_find(&codes_request_outcome, "H", 0));
	assert_null(code_find(&codes_assessment_outcome, "A", 0));
	assert_null(code_find(&codes_upn_unknown, "UN4", 0));
	assert_null(code_find(&codes_sex, "U", 0));
	assert_null(code_find(&codes_cease_reason, "10", 0));
	assert_null(code_find(&codes_cease_reason, "0", 0));
	assert_null(code_label(&codes_role, "root"));
	assert_null(code_label(NULL, "admin"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_shape),
		cmocka_unit_test(test_list_membership),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
