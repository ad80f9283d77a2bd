/* test_qa_domain.c — cmocka tests for domain/qa.c on a small demo area:
 * the month's sample is stratified (strata counts add up, the new pool at
 * its percentage) and reproducible from its seed; an auditor cannot audit
 * a plan they wrote; grades give the overall grade by the framework's rule;
 * moderation's agreement is counted; stale saves are refused; every write
 * has its audit row. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cli/demo.h"
#include "domain/qa.h"
#include "unit_db.h"

static db *d;
static char path[64];
static struct actor who;

static int setup(void **state)
{
	(void)state;
	if (unit_db_open(&d, path) < 0)
		return -1;
	day_t today;
	date_parse_iso("2026-12-07", &today);
	struct demo_opts o = {.plans = 300, .seed = 7, .la_code = NULL, .today = today, .quiet = 1};
	char err[256];
	if (demo_generate(d, &o, err, sizeof err) < 0)
		return -1;
	who = (struct actor){.user_id = 2, .now = 1796601600, .today = today};
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_db_remove(d, path);
	return 0;
}

static int64_t scalar(const char *sql, int64_t a)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	if (strchr(sql, '?'))
		db_bind_int(s, 1, a);
	int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_done(s);
	return v;
}

static void sample_is_stratified_and_reproducible(void **state)
{
	(void)state;
	char msg[200];
	int64_t id = 0, again = 0;
	assert_int_equal(qa_sample_draw(d, &who, "2026-13", 1, 50, 10, &id, msg, sizeof msg), QA_INVALID);
	assert_int_equal(qa_sample_draw(d, &who, "2026-11", 1, 101, 10, &id, msg, sizeof msg), QA_INVALID);
	/* the demo drew the last twelve months' samples: a month before them */
	assert_int_equal(qa_sample_draw(d, &who, "2025-11", 42, 50, 10, &id, msg, sizeof msg), QA_OK);
	assert_true(id > 0);
	/* the strata: the new pool at half rounded up, the active ones share 10, each stratum within one
	 * of its proportional share */
	assert_int_equal(scalar("SELECT sum(drawn) - (sum(eligible) * 50 + 99) / 100 FROM qa_sample_strata "
	                        "WHERE sample_id = ? AND pool = 'new'", id), 0);
	assert_int_equal(scalar("SELECT count(*) FROM qa_sample_strata t WHERE sample_id = ?1 AND abs(drawn * 1.0 - "
	                        "eligible * (SELECT sum(drawn) * 1.0 / sum(eligible) FROM qa_sample_strata x WHERE "
	                        "x.sample_id = ?1 AND x.pool = t.pool)) >= 1", id), 0);
	assert_int_equal(scalar("SELECT sum(drawn) FROM qa_sample_strata WHERE sample_id = ? AND pool = 'active'", id), 10);
	assert_true(scalar("SELECT sum(drawn) FROM qa_sample_strata WHERE sample_id = ? AND pool = 'new'", id) > 0);
	int64_t drawn = scalar("SELECT sum(drawn) FROM qa_sample_strata WHERE sample_id = ?", id);
	assert_int_equal(scalar("SELECT count(*) FROM qa_audits WHERE sample_id = ?", id), drawn);
	/* the counts per stratum match the audits made */
	assert_int_equal(scalar("SELECT count(*) FROM qa_sample_strata t WHERE sample_id = ?1 AND drawn <> (SELECT "
	                        "count(*) FROM qa_audits a WHERE a.sample_id = ?1 AND a.source = t.pool AND a.team = t.team "
	                        "AND a.phase = t.phase AND a.need = t.need)", id), 0);
	assert_int_equal(scalar("SELECT count(*) FROM audit_events WHERE entity = 'qa_samples' AND entity_id = ?", id), 1);
	/* the month is drawn once */
	assert_int_equal(qa_sample_draw(d, &who, "2025-11", 42, 50, 10, &again, msg, sizeof msg), QA_EXISTS);
	/* the same seed draws the same plans: drawn again for another kind of month after removing it */
	
	
	db_exec(d, "CREATE TEMP TABLE first AS SELECT plan_version_id FROM qa_audits WHERE sample_id = (SELECT id FROM "
	           "qa_samples WHERE month = '2025-11')");
	db_exec(d, "DELETE FROM qa_audits WHERE sample_id = (SELECT id FROM qa_samples WHERE month = '2025-11')");
	db_exec(d, "DELETE FROM qa_sample_strata WHERE sample_id = (SELECT id FROM qa_samples WHERE month = '2025-11')");
	db_exec(d, "DELETE FROM qa_samples WHERE month = '2025-11'");
	assert_int_equal(qa_sample_draw(d, &who, "2025-11", 42, 50, 10, &again, msg, sizeof msg), QA_OK);
	assert_int_equal(scalar("SELECT count(*) FROM qa_audits a WHERE sample_id = ? AND plan_version_id NOT IN "
	                        "(SELECT plan_version_id FROM first)", again), 0);
	assert_int_equal(scalar("SELECT count(*) FROM qa_audits WHERE sample_id = ?", again), drawn);
}

/* The case-file sample: the same mechanism, children with a caseworker now, reproducible. */
static void casefile_sample(void **state)
{
	(void)state;
	char msg[200];
	int64_t id = 0, again = 0;
	assert_int_equal(qa_casefile_sample_draw(d, &who, "2025-10", 5, 1001, &id, msg, sizeof msg), QA_INVALID);
	assert_int_equal(qa_casefile_sample_draw(d, &who, "2025-10", 5, 12, &id, msg, sizeof msg), QA_OK);
	assert_int_equal(scalar("SELECT sum(eligible) FROM qa_sample_strata WHERE sample_id = ?", id),
	                 scalar("SELECT count(DISTINCT p.id) FROM people p JOIN allocations a ON a.person_id = p.id AND "
	                        "a.end_date IS NULL WHERE p.merged_into IS NULL AND ? > 0", 1));
	assert_int_equal(scalar("SELECT sum(drawn) FROM qa_sample_strata WHERE sample_id = ?", id), 12);
	assert_int_equal(scalar("SELECT count(*) FROM qa_sample_strata WHERE sample_id = ? AND pool <> 'active'", id), 0);
	/* each stratum within one of its share */
	assert_int_equal(scalar("SELECT count(*) FROM qa_sample_strata t WHERE sample_id = ?1 AND abs(drawn * 1.0 - "
	                        "eligible * 12.0 / (SELECT sum(eligible) FROM qa_sample_strata WHERE sample_id = ?1)) >= 1",
	                        id), 0);
	assert_int_equal(scalar("SELECT count(*) FROM qa_audits WHERE sample_id = ? AND kind = 'casefile' AND "
	                        "plan_version_id IS NULL AND status = 'unassigned'", id), 12);
	assert_int_equal(qa_casefile_sample_draw(d, &who, "2025-10", 5, 12, &again, msg, sizeof msg), QA_EXISTS);
	/* drawn again from the same seed: the same children */
	db_exec(d, "CREATE TEMP TABLE cf_first AS SELECT person_id FROM qa_audits WHERE sample_id = (SELECT id FROM "
	           "qa_samples WHERE kind = 'casefile' AND month = '2025-10')");
	db_exec(d, "DELETE FROM qa_audits WHERE sample_id = (SELECT id FROM qa_samples WHERE kind = 'casefile' AND "
	           "month = '2025-10')");
	db_exec(d, "DELETE FROM qa_sample_strata WHERE sample_id = (SELECT id FROM qa_samples WHERE kind = 'casefile' AND "
	           "month = '2025-10')");
	db_exec(d, "DELETE FROM qa_samples WHERE kind = 'casefile' AND month = '2025-10'");
	assert_int_equal(qa_casefile_sample_draw(d, &who, "2025-10", 5, 12, &again, msg, sizeof msg), QA_OK);
	assert_int_equal(scalar("SELECT count(*) FROM qa_audits WHERE sample_id = ? AND person_id NOT IN "
	                        "(SELECT person_id FROM cf_first)", again), 0);
}

static void audit_grade_moderate(void **state)
{
	(void)state;
	char msg[200];
	int64_t aid = scalar("SELECT min(id) FROM qa_audits WHERE sample_id = (SELECT id FROM qa_samples WHERE "
	                     "month = '2025-11') AND ?1 = ?1", 0);
	assert_true(aid > 0);
	struct qa_audit a;
	assert_int_equal(qa_audit_load(d, aid, &a), QA_OK);
	int64_t version = a.version;
	/* the caseworker of the child when the plan was finalised wrote it */
	int64_t writer = a.caseworker_at_final ? a.caseworker_at_final : 5;
	if (!a.caseworker_at_final)
		db_exec(d, "UPDATE plan_versions SET created_by = 5");
	qa_audit_free(&a);
	assert_int_equal(qa_audit_assign(d, &who, aid, version, writer, msg, sizeof msg), QA_OWN_PLAN);
	/* a caseworker who did not write it */
	int64_t auditor = scalar("SELECT min(id) FROM users WHERE role = 'caseworker' AND id <> ?", writer);
	int64_t second = scalar("SELECT max(id) FROM users WHERE role = 'caseworker' AND id <> ?", writer);
	assert_true(auditor != second);
	assert_int_equal(qa_audit_assign(d, &who, aid, version + 5, auditor, msg, sizeof msg), QA_STALE);
	assert_int_equal(qa_audit_assign(d, &who, aid, version, auditor, msg, sizeof msg), QA_OK);
	assert_int_equal(qa_audit_load(d, aid, &a), QA_OK);
	version = a.version;
	qa_audit_free(&a);
	/* the default framework: 13 criteria, weights B 2, E 2, F 3; grade all Good, F Inadequate */
	struct qa_grade_in g[13];
	int n = 0;
	db_stmt *s = db_prepare(d, "SELECT id, section FROM qa_criteria WHERE framework_id = 1 ORDER BY id");
	while (db_step(s) == DB_ROW) {
		g[n].criterion_id = db_col_int(s, 0);
		g[n].grade = strcmp(db_col_text(s, 1), "F") == 0 ? 1 : 3;
		g[n].comment = NULL;
		n++;
	}
	db_done(s);
	assert_int_equal(n, 13);
	/* incomplete: one missing grade names its criterion */
	g[2].grade = 0;
	assert_int_equal(qa_audit_save(d, &who, aid, version, g, n, "Clear", "F", 1, msg, sizeof msg), QA_INVALID);
	assert_non_null(strstr(msg, "grade-"));
	g[2].grade = 3;
	/* (12 criteria x 3 with weights 1,2,1,1,2,·,1,1,1,1,1,1 = 14 weight, 42) + F 1 x 3 = 45 / 17 = 2.65 -> 3 */
	assert_int_equal(qa_audit_save(d, &who, aid, version, g, n, "Clear", "F", 1, msg, sizeof msg), QA_OK);
	assert_int_equal(qa_audit_load(d, aid, &a), QA_OK);
	assert_int_equal(a.overall, 3);
	assert_string_equal(a.status, "completed");
	qa_audit_free(&a);
	assert_int_equal(scalar("SELECT count(*) FROM audit_events WHERE entity = 'qa_audits' AND entity_id = ? AND "
	                        "action = 'complete'", aid), 1);
	/* moderation: blind second audit, a different auditor */
	int64_t mid = 0;
	assert_int_equal(qa_moderation_start(d, &who, aid, auditor, &mid, msg, sizeof msg), QA_INVALID);
	assert_int_equal(qa_moderation_start(d, &who, aid, writer, &mid, msg, sizeof msg), QA_OWN_PLAN);
	assert_int_equal(qa_moderation_agree(d, &who, aid, 3, NULL, msg, sizeof msg), QA_INVALID);
	assert_int_equal(qa_moderation_start(d, &who, aid, second, &mid, msg, sizeof msg), QA_OK);
	assert_int_equal(qa_audit_load(d, mid, &a), QA_OK);
	version = a.version;
	qa_audit_free(&a);
	for (int i = 0; i < n; i++)
		g[i].grade = 2;   /* Requires improvement throughout: disagrees */
	assert_int_equal(qa_audit_save(d, &who, mid, version, g, n, NULL, NULL, 1, msg, sizeof msg), QA_OK);
	assert_int_equal(qa_moderation_agree(d, &who, aid, 9, NULL, msg, sizeof msg), QA_INVALID);
	assert_int_equal(qa_moderation_agree(d, &who, aid, 3, "Agreed at panel", msg, sizeof msg), QA_OK);
	int64_t mn, ma;
	/* the demo's moderations, and this one (agreed today: 0 of 1) */
	int64_t before_n = scalar("SELECT count(*) FROM qa_moderations WHERE id < (SELECT max(id) FROM qa_moderations) AND ?1 = ?1", 0);
	int64_t before_a = scalar("SELECT count(*) FROM qa_moderations m JOIN qa_audits a ON a.id = m.audit_id JOIN qa_audits b "
	                          "ON b.id = m.second_id WHERE a.overall = b.overall AND m.id < (SELECT max(id) FROM "
	                          "qa_moderations) AND ?1 = ?1", 0);
	assert_int_equal(qa_agreement(d, "2000-01-01", "2099-12-31", &mn, &ma), 0);
	assert_int_equal(mn, before_n + 1);
	assert_int_equal(ma, before_a);
	/* an action for the caseworker */
	int64_t act = 0;
	assert_int_equal(qa_action_add(d, &who, aid, "feedback", "", writer, "2026-12-20", &act, msg, sizeof msg), QA_INVALID);
	assert_int_equal(qa_action_add(d, &who, aid, "feedback", "Specify F", writer, "2026-12-32", &act, msg, sizeof msg), QA_INVALID);
	assert_int_equal(qa_action_add(d, &who, aid, "feedback", "Specify F", writer, "2026-12-20", &act, msg, sizeof msg), QA_OK);
	assert_int_equal(scalar("SELECT count(*) FROM qa_actions WHERE audit_id = ? AND done_date IS NULL", aid), 1);
}

static void framework_versions(void **state)
{
	(void)state;
	int64_t id = 0;
	assert_int_equal(qa_framework_current(d, "plan"), 1);
	assert_int_equal(qa_framework_copy(d, &who, 1, "", &id), QA_INVALID);
	assert_int_equal(qa_framework_copy(d, &who, 1, "Our plan audit 2027", &id), QA_OK);
	/* a draft until chosen */
	assert_int_equal(qa_framework_current(d, "plan"), 1);
	assert_int_equal(scalar("SELECT seq FROM qa_frameworks WHERE id = ?", id), 2);
	assert_int_equal(scalar("SELECT count(*) FROM qa_criteria WHERE framework_id = ?", id), 13);
	/* the draft changes; the version in use does not, in the store too (migration 0027) */
	/* refused (SQLite's db_exec says DB_ERROR, PostgreSQL's the trigger's constraint) */
	assert_true(db_exec(d, "UPDATE qa_criteria SET weight = 5 WHERE framework_id = 1") < 0);
	assert_true(db_exec(d, "UPDATE qa_frameworks SET scale = 'eight' WHERE id = 1") < 0);
	assert_true(db_exec(d, "DELETE FROM qa_criteria WHERE framework_id = 1") < 0);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE qa_frameworks SET scale = 'eight', good_from = 6 WHERE id = %lld", (long long)id);
	assert_int_equal(db_exec(d, sql), 0);
	assert_int_equal(qa_framework_audits(d, id), 0);
	char msg[200];
	assert_int_equal(qa_framework_use(d, &who, id, 99, msg, sizeof msg), QA_STALE);
	assert_int_equal(qa_framework_use(d, &who, id, scalar("SELECT version FROM qa_frameworks WHERE id = ?", id), msg,
	                                  sizeof msg), QA_OK);
	assert_int_equal(qa_framework_current(d, "plan"), id);
	assert_int_equal(scalar("SELECT count(*) FROM qa_frameworks WHERE kind = 'plan' AND active = 1 AND id <> ?", id), 0);
	/* the audits made keep version 1 */
	assert_int_equal(scalar("SELECT count(*) FROM qa_audits WHERE kind = 'plan' AND framework_id <> ?", 1), 0);
	assert_true(scalar("SELECT count(*) FROM qa_audits WHERE framework_id = ?", 1) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sample_is_stratified_and_reproducible),
		cmocka_unit_test(casefile_sample),
		cmocka_unit_test(audit_grade_moderate),
		cmocka_unit_test(framework_versions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
