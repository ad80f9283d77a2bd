/* test_provision.c — the provision check (core/provision.c) with the
 * compiled-in terms (data/provision-terms.txt, domain/provterms.c): the
 * contract's examples (docs/provision-check.md) and their edges. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/provision.h"
#include "domain/provterms.h"

static struct prov_terms terms;

static int setup(void **state)
{
	char err[300];
	if (provision_terms_load(NULL, &terms, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	prov_terms_free(&terms);
	return 0;
}

/* The findings' ids, in order, as "vague,no_provider". */
static const char *check(const char *item, int *specified, int *quantified)
{
	static char ids[512];
	struct prov_result r;
	assert_int_equal(prov_check(&terms, item, &r), 0);
	ids[0] = 0;
	for (int i = 0; i < r.nf; i++)
		snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", i ? "," : "", r.f[i].id);
	*specified = r.specified;
	*quantified = r.quantified;
	return ids;
}

static void expect(const char *item, int specified, int quantified, const char *ids)
{
	int s, q;
	const char *got = check(item, &s, &q);
	if (s != specified || q != quantified || strcmp(got, ids))
		fprintf(stderr, "\"%s\": specified %d quantified %d findings %s\n", item, s, q, got);
	assert_int_equal(s, specified);
	assert_int_equal(q, quantified);
	assert_string_equal(got, ids);
}

static void test_specified_and_quantified(void **state)
{
	expect("A speech and language therapist will deliver 30 minutes of 1:1 therapy 3 times a week.", 1, 1, "");
	expect("Daily 45-minute sessions with a teaching assistant in a group of no more than 4.", 1, 1, "");
	expect("A teaching assistant for 25 hours per week.", 1, 1, "");          /* a rate is both */
	expect("The class teacher will spend 10 hours a week on it.", 1, 1, "");
	expect("An educational psychologist will see him once per term for 1 hour.", 1, 1, "");
	expect("Twice a week, 20 minutes with the SENCO.", 1, 1, "");
	expect("A TEACHING ASSISTANT for 2 HOURS WEEKLY.", 1, 1, "");              /* any case */
	expect("An occupational therapist, fortnightly, for 2.5 hours.", 1, 1, "");
	expect("A physiotherapist will visit termly for an hour.", 1, 1, "");
}

static void test_missing_parts(void **state)
{
	expect("Access to a quiet room.", 0, 0, "vague,no_frequency,no_amount,no_provider");
	expect("Speech and language therapy weekly.", 0, 0, "no_amount,no_provider");
	expect("30 minutes of reading support from a teaching assistant.", 1, 0, "no_frequency");
	expect("Weekly support from the school nurse.", 1, 0, "no_amount");
	expect("Three 30-minute sessions a week.", 0, 1, "no_provider");
	expect("Regular support from a teaching assistant as required.", 1, 0,
	       "vague,vague,no_frequency,no_amount");   /* "regular" and "as required" */
}

static void test_vague_phrases(void **state)
{
	static const char *const phrases[] = {"access to", "opportunities to", "opportunity to", "regular", "regularly",
	                                      "as required", "as needed", "when needed", "where appropriate", "if appropriate",
	                                      "as appropriate", "up to", "may", "might", "could", "should", "ongoing", "some"};
	for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
		char item[200];
		snprintf(item, sizeof item, "A teaching assistant will provide 30 minutes daily, %s the child's needs.",
		         phrases[i]);
		struct prov_result r;
		assert_int_equal(prov_check(&terms, item, &r), 0);
		int found = 0;
		for (int k = 0; k < r.nf; k++)
			if (!strcmp(r.f[k].id, "vague") && strstr(r.f[k].text, phrases[i]))
				found = 1;
		if (!found)
			fprintf(stderr, "not found: %s\n", phrases[i]);
		assert_true(found);
		assert_true(r.specified && r.quantified);   /* vague words do not undo the rest */
	}
}

static void test_whole_words_only(void **state)
{
	/* "someone", "sometimes", "mayor", "shoulder", "regularity"... are not the vague words */
	expect("Someone, sometimes: a teaching assistant helps with shoulder exercises 15 minutes daily.", 1, 1, "");
	/* "nurse" inside "nursery" is not a nurse */
	expect("Nursery staff, 15 minutes daily.", 0, 1, "no_provider");
	/* "hour" is not in "hourglass"; "a week" needs both words */
	expect("A teaching assistant with an hourglass, weekday mornings.", 1, 0, "no_frequency,no_amount");
}

static void test_findings_say_what_to_do(void **state)
{
	struct prov_result r;
	assert_int_equal(prov_check(&terms, "Access to therapy.", &r), 0);
	assert_true(r.nf >= 1);
	assert_string_equal(r.f[0].id, "vague");
	assert_non_null(strstr(r.f[0].text, "\"access to\" is vague."));
	assert_non_null(strstr(r.f[0].text, "Say what"));
	/* an empty item has nothing: every part missing */
	expect("", 0, 0, "no_frequency,no_amount,no_provider");
	/* a very long item is read whole: the role at its end still counts */
	size_t n = 200000;
	char *long_item = malloc(n + 64);
	assert_non_null(long_item);
	for (size_t i = 0; i < n; i += 5)
		memcpy(long_item + i, "word ", 5);
	strcpy(long_item + n, "daily 30 minutes with a nurse");
	int s, q;
	assert_string_equal(check(long_item, &s, &q), "");
	assert_true(s && q);
	free(long_item);
}

static void test_terms_table(void **state)
{
	struct prov_terms t = {0};
	char err[300];
	/* an area's own terms are checked beside the built-in ones */
	assert_int_equal(prov_terms_parse(&t, "# ours\nrole\tintervention lead\nvague\tsupport as and when\tSay when.\n",
	                                  "area.txt", err, sizeof err), 0);
	assert_int_equal(t.n, 2);
	struct prov_result r;
	assert_int_equal(prov_check(&t, "The Intervention-Lead, support as and when.", &r), 0);
	assert_int_equal(r.specified, 1);
	assert_string_equal(r.f[0].id, "vague");
	assert_string_equal(r.f[0].text, "\"support as and when\" is vague. Say when.");
	/* a bad table names the file and the line, and adds nothing */
	assert_int_equal(prov_terms_parse(&t, "role\tok\nsometimes\tx\n", "area.txt", err, sizeof err), -1);
	assert_non_null(strstr(err, "area.txt line 2"));
	assert_non_null(strstr(err, "\"sometimes\" is not a kind of term"));
	assert_int_equal(t.n, 2);
	assert_int_equal(prov_terms_parse(&t, "role teacher\n", "area.txt", err, sizeof err), -1);
	assert_non_null(strstr(err, "line 1: expected KIND, a tab"));
	assert_int_equal(prov_terms_parse(&t, "role\tx\tadvice\n", "area.txt", err, sizeof err), -1);
	assert_non_null(strstr(err, "only a vague phrase has advice"));
	assert_int_equal(prov_terms_parse(&t, "role\ta b c d e f g h i\n", "area.txt", err, sizeof err), -1);
	assert_non_null(strstr(err, "1 to 8 words"));
	assert_int_equal(t.n, 2);
	prov_terms_free(&t);
	/* an area file that cannot be read is an error naming it */
	assert_int_equal(provision_terms_load("/nonexistent/terms.txt", &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/terms.txt"));
	assert_int_equal(t.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specified_and_quantified),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_vague_phrases),
		cmocka_unit_test(test_whole_words_only),
		cmocka_unit_test(test_findings_say_what_to_do),
		cmocka_unit_test(test_terms_table),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
