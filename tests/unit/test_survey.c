/* test_survey.c — cmocka tests for core/survey.c: answers' canonical form,
 * the builder's checks, the quarter, tokens' shape, and Wilson's 95%
 * interval against values worked out by hand:
 *   8 of 10:  p = 0.8, z^2 = 3.8416, denominator 1 + z^2/n = 1.38416,
 *             centre (0.8 + 0.19208) / 1.38416 = 0.716738,
 *             half 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.226582,
 *             so 0.490157 to 0.943319;
 *   0 of 5:   centre = half = 0.38416 / 1.76832 = 0.217246: 0 to 0.434491;
 *   1 of 2:   centre 0.5, half 1.96 * sqrt(0.125 + 0.2401) / 2.9208 = 0.405471: 0.094529 to 0.905471. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/survey.h"
#include "unit_db.h"

#define NEAR(a, b) assert_true((a) - (b) < 1e-5 && (b) - (a) < 1e-5)

static void wilson_by_hand(void **state)
{
	(void)state;
	double lo, hi;
	sq_wilson(8, 10, &lo, &hi);
	NEAR(lo, 0.490157);
	NEAR(hi, 0.943319);
	sq_wilson(0, 5, &lo, &hi);
	NEAR(lo, 0.0);
	NEAR(hi, 0.434491);
	sq_wilson(1, 2, &lo, &hi);
	NEAR(lo, 0.094529);
	NEAR(hi, 0.905471);
	sq_wilson(5, 5, &lo, &hi);   /* clamped to 1 */
	NEAR(hi, 1.0);
	sq_wilson(0, 0, &lo, &hi);
	NEAR(lo, 0.0);
	NEAR(hi, 0.0);
	assert_true(sq_suppressed(4));
	assert_false(sq_suppressed(5));
}

static void answers(void **state)
{
	(void)state;
	char out[64];
	struct errs e = {0};
	const char *v1[] = {"2"};
	assert_int_equal(sq_answer_parse(SQ_LIKERT, 0, v1, 1, 1, "q1", out, sizeof out, &e), 0);
	assert_string_equal(out, "2");
	assert_true(sq_agrees(SQ_LIKERT, out));
	const char *v6[] = {"6"};
	assert_int_equal(sq_answer_parse(SQ_LIKERT, 0, v6, 1, 1, "q1", out, sizeof out, &e), -1);
	assert_string_equal(errs_for(&e, "q1"), "Select from the answers listed");
	struct errs e2 = {0};
	assert_int_equal(sq_answer_parse(SQ_YESNO, 0, NULL, 0, 1, "q2", out, sizeof out, &e2), -1);
	assert_string_equal(errs_for(&e2, "q2"), "Select yes or no");
	const char *m[] = {"3", "1", "3"};
	assert_int_equal(sq_answer_parse(SQ_MULTIPLE, 3, m, 3, 1, "q3", out, sizeof out, &e2), 0);
	assert_string_equal(out, "1,3");
	const char *m4[] = {"4"};
	assert_int_equal(sq_answer_parse(SQ_MULTIPLE, 3, m4, 1, 1, "q3", out, sizeof out, &e2), -1);
	const char *t[] = {"  fine  "};
	assert_int_equal(sq_answer_parse(SQ_TEXT, 0, t, 1, 0, "q4", out, sizeof out, &e2), 0);
	assert_string_equal(out, "fine");
	assert_int_equal(sq_answer_parse(SQ_TEXT, 0, NULL, 0, 0, "q4", out, sizeof out, &e2), 0);
	assert_string_equal(out, "");
}

static void builder(void **state)
{
	(void)state;
	struct errs e = {0};
	sq_question_check(SQ_SINGLE, "Which?", "which", "One\n\nTwo\n", &e);
	assert_int_equal(e.n, 0);
	sq_question_check(SQ_SINGLE, "Which?", "which", "One\nOne\n", &e);
	assert_non_null(errs_for(&e, "options"));
	struct errs e2 = {0};
	sq_question_check(SQ_LIKERT, "", "s", "x", &e2);
	assert_non_null(errs_for(&e2, "wording"));
	assert_non_null(errs_for(&e2, "options"));
	struct errs e3 = {0};
	sq_question_check(-1, "Q", "s", "", &e3);
	assert_non_null(errs_for(&e3, "kind"));
}

static void quarters_and_tokens(void **state)
{
	(void)state;
	char q[8];
	assert_int_equal(sq_quarter("2026-08", q), 0);
	assert_string_equal(q, "2026-Q3");
	assert_int_equal(sq_quarter("2026-12-31", q), 0);
	assert_string_equal(q, "2026-Q4");
	assert_int_equal(sq_quarter("2026-13", q), -1);
	unsigned char r[32];
	memset(r, 0xff, sizeof r);
	char tok[SQ_TOKEN_LEN + 1];
	sq_token_encode(r, tok);
	assert_int_equal(strlen(tok), SQ_TOKEN_LEN);
	assert_true(sq_token_shape(tok));
	assert_false(sq_token_shape("abc"));
	tok[3] = '/';
	assert_false(sq_token_shape(tok));
}

static void masking(void **state)
{
	(void)state;
	char tok[SQ_TOKEN_LEN + 1];
	unsigned char r[32];
	for (int i = 0; i < 32; i++)
		r[i] = (unsigned char)(i * 37 + 5);
	sq_token_encode(r, tok);
	char body[512];
	snprintf(body, sizeof body, "Open https://x.example/s/%s before 1 May.\nAgain: /s/%s\n/s/short /s/", tok, tok);
	assert_int_equal(sq_mask_links(body), 2);
	assert_null(strstr(body, tok));
	assert_string_equal(body, "Open https://x.example/s/" SQ_TOKEN_MASK " before 1 May.\nAgain: /s/" SQ_TOKEN_MASK
	                          "\n/s/short /s/");
	/* one character too long is not a token */
	char longer[128];
	snprintf(longer, sizeof longer, "/s/%sA", tok);
	assert_int_equal(sq_mask_links(longer), 0);
	assert_int_equal(sq_mask_links(NULL), 0);
}

/* The agreement rule in SQL (SQ_AGREES_SQL: the results and the dashboard)
 * gives what sq_agrees gives, for every kind and every value an answer can hold. */
static void agrees_in_sql(void **state)
{
	(void)state;
	db *d;
	char path[64];
	assert_int_equal(unit_db_open(&d, path), 0);
	db_stmt *s = db_prepare(d, "SELECT " SQ_AGREES_SQL " FROM (SELECT ?1 AS kind) q, (SELECT ?2 AS value) a");
	assert_non_null(s);
	static const char *const values[] = {"1", "2", "3", "4", "5", "0", "1,2", "", "yes", "Strongly agree"};
	int agreeing = 0;
	for (int k = 0; k < SQ_KINDS; k++)
		for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
			db_reset(s);
			db_bind_text(s, 1, sq_kind_code((enum sq_kind)k));
			db_bind_text(s, 2, values[i]);
			assert_int_equal(db_step(s), DB_ROW);
			int want = sq_agrees((enum sq_kind)k, values[i]) != 0;
			assert_int_equal((int)db_col_int(s, 0), want);
			agreeing += want;
		}
	assert_int_equal(agreeing, 3);   /* Likert 1 and 2, yes */
	db_done(s);
	unit_db_remove(d, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wilson_by_hand),
		cmocka_unit_test(answers),
		cmocka_unit_test(agrees_in_sql),
		cmocka_unit_test(builder),
		cmocka_unit_test(quarters_and_tokens),
		cmocka_unit_test(masking),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
