/* test_tmpl.c — cmocka tests for core/tmpl.c, the template files and the
 * scheduler's small pure helpers.
 *
 * DESIGN: the merge is tested on hand-written templates (fields, comments,
 * errors naming the line, values never interpreted); then every template
 * file compiled into sendmis is rendered with exactly the fields its row in
 * template_defs allows, so a misspelt field fails here, not in a live email;
 * and the privacy rule is checked two ways: no email row names a forbidden
 * field, and rendering each email with a child's name, date of birth and
 * needs passed in anyway never puts them in the subject or body.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/tmpl.h"
#include "core/date.h"
#include "domain/templates.h"
#include "domain/jobs.h"

static void test_merge(void **state)
{
	struct tmpl_val v[] = {{"name", "Sam"}, {"n", "3"}, {"empty", NULL}, {"tricky", "{{name}} <b>&</b>"}};
	char err[200];
	buf b;
	buf_init(&b, 4096);
	assert_int_equal(tmpl_merge("Hello {{name}}, {{n}} days.{{empty}}", v, 4, TM_TEXT, 1, &b, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&b), "Hello Sam, 3 days.");
	/* values are text: a value containing {{…}} or markup is inserted as is, never merged again */
	buf_reset(&b);
	assert_int_equal(tmpl_merge("[{{tricky}}]", v, 4, TM_TEXT, 1, &b, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&b), "[{{name}} <b>&</b>]");
	/* comments dropped; line breaks kept in TM_TEXT, made spaces in TM_LINE */
	buf_reset(&b);
	assert_int_equal(tmpl_merge("#! a comment\none\n\ntwo", v, 4, TM_TEXT, 1, &b, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&b), "one\n\ntwo");
	struct tmpl_val nl[] = {{"x", "a\r\nb\nc"}};
	buf_reset(&b);
	assert_int_equal(tmpl_merge("{{x}}", nl, 1, TM_LINE, 1, &b, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&b), "a b c");
	/* errors name the line and the field */
	buf_reset(&b);
	assert_int_equal(tmpl_merge("ok\n#! c\nhi {{nmae}}", v, 4, TM_TEXT, 1, &b, err, sizeof err), -1);
	assert_string_equal(err, "line 3: unknown field {{nmae}}");
	buf_reset(&b);
	assert_int_equal(tmpl_merge("{{Name}}", v, 4, TM_TEXT, 1, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 1"));
	buf_reset(&b);
	assert_int_equal(tmpl_merge("open {{name", v, 4, TM_TEXT, 1, &b, err, sizeof err), -1);
	buf_reset(&b);
	assert_int_equal(tmpl_merge("single { brace } fine", v, 4, TM_TEXT, 1, &b, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&b), "single { brace } fine");
	buf_free(&b);
}

static void test_email_shape(void **state)
{
	struct tmpl_val v[] = {{"ref", "SM-000001"}, {"x", "evil\r\nBcc: someone@example.org"}};
	char err[200];
	buf s, b;
	buf_init(&s, 4096);
	buf_init(&b, 4096);
	assert_int_equal(tmpl_email("#! about\nSubject: Case {{ref}} {{x}}\n\nBody {{ref}}\n", v, 2, &s, &b, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&s), "Case SM-000001 evil Bcc: someone@example.org");
	assert_null(strchr(buf_cstr(&s), '\n'));
	assert_string_equal(buf_cstr(&b), "Body SM-000001");
	buf_reset(&s);
	buf_reset(&b);
	assert_int_equal(tmpl_email("Subject: x\nno blank line", v, 2, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 2"));
	buf_reset(&s);
	assert_int_equal(tmpl_email("Hello\n\nbody", v, 2, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "Subject:"));
	buf_reset(&s);
	assert_int_equal(tmpl_email("Subject: \n\nbody", v, 2, &s, &b, err, sizeof err), -1);
	buf_free(&s);
	buf_free(&b);
}

static void test_letter_blocks(void **state)
{
	struct tmpl_val v[] = {{"name", "Sam\n# not a heading"}};
	char err[200];
	struct tmpl_letter l;
	const char *src = "Title: To {{name}}\nLegal: reg 5\n\n# Heading\nFirst line\njoined {{name}}\n\n- one\n- two\n\nLast";
	assert_int_equal(tmpl_letter(src, v, 1, &l, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&l.title), "To Sam # not a heading");
	assert_string_equal(buf_cstr(&l.legal), "reg 5");
	assert_int_equal(l.n, 5);
	assert_int_equal(l.b[0].kind, TB_HEADING);
	assert_string_equal(buf_cstr(&l.b[0].text), "Heading");
	assert_int_equal(l.b[1].kind, TB_PARA);
	/* a value cannot start a new block: its line break became a space */
	assert_string_equal(buf_cstr(&l.b[1].text), "First line joined Sam # not a heading");
	assert_int_equal(l.b[2].kind, TB_BULLET);
	assert_int_equal(l.b[3].kind, TB_BULLET);
	assert_string_equal(buf_cstr(&l.b[3].text), "two");
	assert_int_equal(l.b[4].kind, TB_PARA);
	tmpl_letter_free(&l);
	assert_int_equal(tmpl_letter("Legal: x\n\nbody", v, 1, &l, err, sizeof err), -1);
	assert_non_null(strstr(err, "Title:"));
}

/* The values a row allows, each set to its sample. */
static int row_values(const struct template_def *d, struct tmpl_val *v, char names[][32], int cap)
{
	int n = 0;
	const char *lists[2] = {!strcmp(d->kind, "email") ? template_email_common : template_letter_common, d->fields};
	for (int l = 0; l < 2; l++)
		for (const char *p = lists[l]; *p && n < cap;) {
			const char *c = strchr(p, ',');
			size_t k = c ? (size_t)(c - p) : strlen(p);
			snprintf(names[n], 32, "%.*s", (int)k, p);
			v[n].name = names[n];
			v[n].value = template_sample(names[n]);
			n++;
			p = c ? c + 1 : p + k;
		}
	return n;
}

static void test_every_template_renders(void **state)
{
	assert_true(template_defs_n >= 14);
	for (int i = 0; i < template_defs_n; i++) {
		const struct template_def *d = &template_defs[i];
		char *src = template_source(d->kind, d->name);
		if (!src)
			fail_msg("template %s/%s has no file", d->kind, d->name);
		struct tmpl_val v[64];
		char names[64][32], err[300];
		int n = row_values(d, v, names, 64);
		/* every field the file uses is one its row allows */
		buf used;
		buf_init(&used, 4096);
		tmpl_fields_used(src, &used);
		for (const char *p = buf_cstr(&used); *p;) {
			const char *c = strchr(p, ',');
			char f[64];
			snprintf(f, sizeof f, "%.*s", (int)(c ? c - p : (long)strlen(p)), p);
			int ok = template_list_has(d->fields, f) ||
			         template_list_has(!strcmp(d->kind, "email") ? template_email_common : template_letter_common, f);
			if (!ok)
				fail_msg("%s/%s uses {{%s}}, which its row does not allow", d->kind, d->name, f);
			p = c ? c + 1 : p + strlen(p);
		}
		buf_free(&used);
		if (!strcmp(d->kind, "email")) {
			buf s, b;
			buf_init(&s, 4096);
			buf_init(&b, 256 << 10);
			if (template_email(d->name, v, n, &s, &b, err, sizeof err) < 0)
				fail_msg("%s", err);
			assert_true(s.len > 10 && s.len < 200);
			assert_true(b.len > 100);
			buf_free(&s);
			buf_free(&b);
		} else {
			struct tmpl_letter l;
			if (template_letter(d->name, v, n, &l, err, sizeof err) < 0)
				fail_msg("%s", err);
			assert_true(l.n >= 3);
			assert_true(l.title.len > 5 && l.legal.len > 5);
			tmpl_letter_free(&l);
		}
		free(src);
	}
}

static void test_emails_never_name_the_child(void **state)
{
	for (int i = 0; i < template_defs_n; i++) {
		const struct template_def *d = &template_defs[i];
		if (strcmp(d->kind, "email"))
			continue;
		for (const char *p = template_email_forbidden; *p;) {
			const char *c = strchr(p, ',');
			char f[64];
			snprintf(f, sizeof f, "%.*s", (int)(c ? c - p : (long)strlen(p)), p);
			if (template_list_has(d->fields, f) || template_list_has(template_email_common, f))
				fail_msg("email %s may use the forbidden field %s", d->name, f);
			p = c ? c + 1 : p + strlen(p);
		}
		/* pass the child's details anyway: they must not reach the text */
		struct tmpl_val v[80];
		char names[64][32], err[300];
		int n = row_values(d, v, names, 64);
		struct tmpl_val extra[] = {{"child_name", "Zebedee Quartermaine"}, {"child_dob", "4 May 2015"},
		                           {"forename", "Zebedee"}, {"surname", "Quartermaine"}, {"needs", "Autism"}};
		for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++)
			v[n++] = extra[k];
		buf s, b;
		buf_init(&s, 4096);
		buf_init(&b, 256 << 10);
		assert_int_equal(template_email(d->name, v, n, &s, &b, err, sizeof err), 0);
		const char *bad[] = {"Zebedee", "Quartermaine", "4 May 2015", "Autism"};
		for (size_t k = 0; k < 4; k++) {
			assert_null(strstr(buf_cstr(&s), bad[k]));
			assert_null(strstr(buf_cstr(&b), bad[k]));
		}
		buf_free(&s);
		buf_free(&b);
	}
}

static void test_offsets_and_weeks(void **state)
{
	struct jobs_settings js;
	char why[120];
	assert_int_equal(jobs_parse_offsets("10, 3", &js, why, sizeof why), 0);
	assert_int_equal(js.nreminders, 2);
	assert_int_equal(js.reminder_days[0], 10);
	assert_int_equal(js.reminder_days[1], 3);
	assert_int_equal(jobs_parse_offsets("", &js, why, sizeof why), 0);
	assert_int_equal(js.nreminders, 0);
	assert_int_equal(jobs_parse_offsets("10,x", &js, why, sizeof why), -1);
	assert_non_null(strstr(why, "'x'"));
	assert_int_equal(jobs_parse_offsets("0", &js, why, sizeof why), -1);
	assert_int_equal(jobs_parse_offsets("1,2,3,4,5,6,7,8,9", &js, why, sizeof why), -1);
	/* ISO 8601 weeks, including the year boundaries */
	static const struct { int y, m, d; const char *w; } wk[] = {
		{2026, 12, 1, "2026-W49"}, {2026, 1, 1, "2026-W01"}, {2021, 1, 3, "2020-W53"}, {2024, 12, 30, "2025-W01"},
		{2027, 1, 3, "2026-W53"}, {2027, 1, 4, "2027-W01"}, {2019, 12, 30, "2020-W01"},
	};
	for (size_t i = 0; i < sizeof wk / sizeof wk[0]; i++) {
		day_t d;
		char out[12];
		date_from_ymd(wk[i].y, wk[i].m, wk[i].d, &d);
		date_iso_week(d, out);
		assert_string_equal(out, wk[i].w);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_email_shape),
		cmocka_unit_test(test_letter_blocks),
		cmocka_unit_test(test_every_template_renders),
		cmocka_unit_test(test_emails_never_name_the_child),
		cmocka_unit_test(test_offsets_and_weeks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
