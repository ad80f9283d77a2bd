/* test_demo.c — the synthetic local area: sizes, identifiers, shares,
 * determinism and refusal to fill a non-empty database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/demo.h"
#include "core/codes.h"
#include "core/date.h"
#include "core/review.h"
#include "domain/casefile.h"
#include "core/validate.h"
#include "store/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PLANS 500
#define TODAY "2026-11-22"
/* TODAY less 16 and 26 years, for SQL both stores run (they share no date arithmetic);
 * test_sizes checks them against date_add_months */
#define TODAY_LESS_16Y "2010-11-22"
#define TODAY_LESS_26Y "2000-11-22"

struct fixture {
	char dir[64];
	char path[2][96];
	db *d[2];
	day_t today;
};

/* The demo's own tests run on SQLite (a file each); the same demo on both
 * stores is tests/store/operations.test.mjs's. */
static void remove_db(db *d, const char *path)
{
	char p[300];
	db_close(d);
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static db *open_db(const char *path)
{
	char err[256];
	db *d = NULL;
	assert_int_equal(db_open(&d, path, err, sizeof err), DB_OK);
	assert_true(db_migrate(d, err, sizeof err) >= 1);
	return d;
}

static int generate(db *d, uint64_t seed, day_t today, char *err, size_t errlen)
{
	struct demo_opts o = {.plans = PLANS, .seed = seed, .la_code = NULL, .today = today, .quiet = 1};
	return demo_generate(d, &o, err, errlen);
}

/* Two databases filled with seed 1, shared by the tests (Argon2 makes each
 * run cost a second or so). */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[256];
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/sendmis-test-demo-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(date_parse_iso(TODAY, &f->today), 0);
	for (int i = 0; i < 2; i++) {
		char dir[sizeof f->dir];
		memcpy(dir, f->dir, sizeof dir);
		snprintf(f->path[i], sizeof f->path[i], "%s/demo%d.db", dir, i);
		f->d[i] = open_db(f->path[i]);
		if (generate(f->d[i], 1, f->today, err, sizeof err) != 0)
			fail_msg("demo_generate: %s", err);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 2; i++) {
		remove_db(f->d[i], f->path[i]);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t scalar(db *d, const char *sql)
{
	int64_t v = db_scalar_int(d, sql, -1);
	assert_true(v >= 0);
	return v;
}

static void test_sizes(void **state)
{
	struct fixture *f = *state;
	db *d = f->d[0];
	day_t today;
	char less16[11], less26[11];
	assert_int_equal(date_parse_iso(TODAY, &today), 0);
	date_format_iso(date_add_months(today, -16 * 12), less16);
	date_format_iso(date_add_months(today, -26 * 12), less26);
	assert_string_equal(less16, TODAY_LESS_16Y);
	assert_string_equal(less26, TODAY_LESS_26Y);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM plans WHERE status='active'"), PLANS);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM plans WHERE status='ceased'"), PLANS * 21 / 100);
	/* plus demo_records.c's records opened twice and twins: 2 + n/1500 and 1 + n/3000 at most (likely duplicates) */
	int64_t base = PLANS + PLANS * 35 / 100 + PLANS * 21 / 100, people = scalar(d, "SELECT COUNT(*) FROM people");
	assert_true(people > base && people <= base + 2 + base / 1500 + 1 + base / 3000);
	assert_true(scalar(d, "SELECT COUNT(*) FROM dup_pairs") >= people - base);
	/* users: admin, manager, readonly, board + max(4, plans/250) caseworkers + three QA-only auditors (demo_qa.c) */
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM users"), 4 + 4 + 3);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM users WHERE role='qa' AND qa_service IS NOT NULL"), 3);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM users WHERE role='caseworker'"), 4);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM users WHERE username IN ('admin','manager','readonly','board')"), 4);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM users WHERE role='board'"), 1);
	assert_true(scalar(d, "SELECT COUNT(*) FROM establishments") >= 40);
	/* every person allocated; everyone without a ceased plan still is */
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM people WHERE id NOT IN (SELECT person_id FROM allocations)"), 0);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM plans WHERE status='active' AND person_id NOT IN "
	                           "(SELECT person_id FROM allocations WHERE end_date IS NULL)"),
	                 0);
	/* every plan has its request and assessment; the decision to issue lies
	 * between the decision to assess and the draft */
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM plans p JOIN assessments a ON a.request_id=p.request_id "
	                           "JOIN requests q ON q.id=p.request_id WHERE a.outcome='Y' "
	                           "AND a.outcome_date>=q.outcome_date AND a.outcome_date<=p.draft_date"),
	                 scalar(d, "SELECT COUNT(*) FROM plans"));
	/* requests only: some awaiting, refused, assessing, withdrawn */
	assert_true(scalar(d, "SELECT COUNT(*) FROM requests WHERE outcome IS NULL") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM requests WHERE outcome='N'") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM requests WHERE outcome='W'") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM assessments WHERE outcome IS NULL") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM assessments WHERE outcome='N'") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM reviews") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM visits") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM notes") > 0);
	/* each active plan has a rank 1 need */
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM plans WHERE status='active' AND person_id NOT IN "
	                           "(SELECT person_id FROM needs WHERE rank=1)"),
	                 0);
}

static void test_identifiers(void **state)
{
	struct fixture *f = *state;
	char out[32], why[128];
	int n = 0, nhs = 0;
	db_stmt *s = db_prepare(f->d[0], "SELECT upn, uln, upn_unknown, nhs_number, postcode, sex, ethnicity, "
	                                 "home_la FROM people");
	assert_non_null(s);
	while (db_step(s) == DB_ROW) {
		int any = 0;
		n++;
		if (!db_col_is_null(s, 0)) {
			if (validate_upn(db_col_text(s, 0), out, why, sizeof why) != 0)
				fail_msg("UPN %s: %s", db_col_text(s, 0), why);
			any = 1;
		}
		if (!db_col_is_null(s, 1)) {
			if (validate_uln(db_col_text(s, 1), out, why, sizeof why) != 0)
				fail_msg("ULN %s: %s", db_col_text(s, 1), why);
			any = 1;
		}
		if (!db_col_is_null(s, 2)) {
			assert_non_null(code_find(&codes_upn_unknown, db_col_text(s, 2), 0));
			any = 1;
		}
		assert_true(any);
		if (!db_col_is_null(s, 3)) {
			if (validate_nhs_number(db_col_text(s, 3), out, why, sizeof why) != 0)
				fail_msg("NHS number %s: %s", db_col_text(s, 3), why);
			assert_memory_equal(db_col_text(s, 3), "999", 3);
			nhs++;
		}
		if (validate_postcode(db_col_text(s, 4), out, why, sizeof why) != 0)
			fail_msg("postcode %s: %s", db_col_text(s, 4), why);
		assert_non_null(code_find(&codes_sex, db_col_text(s, 5), 0));
		assert_non_null(code_find(&codes_ethnicity, db_col_text(s, 6), 0));
		assert_string_equal(db_col_text(s, 7), "999");
	}
	db_done(s);
	assert_true(n > 0);
	assert_true(nhs > n * 50 / 100 && nhs < n * 70 / 100);
	/* identifiers are unique */
	assert_int_equal(scalar(f->d[0], "SELECT COUNT(*) - COUNT(DISTINCT upn) FROM people WHERE upn IS NOT NULL"), 0);
	assert_int_equal(scalar(f->d[0], "SELECT COUNT(*) - COUNT(DISTINCT nhs_number) FROM people "
	                                 "WHERE nhs_number IS NOT NULL"),
	                 0);

	s = db_prepare(f->d[0], "SELECT urn, ukprn, postcode, la_code, setting_type, phase FROM establishments");
	assert_non_null(s);
	while (db_step(s) == DB_ROW) {
		if (!db_col_is_null(s, 0)) {
			assert_int_equal(validate_urn(db_col_text(s, 0), out, why, sizeof why), 0);
			assert_true(strcmp(db_col_text(s, 0), "800000") >= 0 && strcmp(db_col_text(s, 0), "899999") <= 0);
		}
		if (!db_col_is_null(s, 1))
			assert_int_equal(validate_ukprn(db_col_text(s, 1), out, why, sizeof why), 0);
		assert_int_equal(validate_postcode(db_col_text(s, 2), out, why, sizeof why), 0);
		const char *la = db_col_text(s, 3);
		assert_true(strcmp(la, "999") == 0 || (strcmp(la, "990") >= 0 && strcmp(la, "998") <= 0));
		assert_non_null(code_find(&codes_setting_type, db_col_text(s, 4), 0));
		assert_non_null(code_find(&codes_phase, db_col_text(s, 5), 0));
	}
	db_done(s);
}

static void test_codes_and_dates(void **state)
{
	struct fixture *f = *state;
	db *d = f->d[0];
	db_stmt *s = db_prepare(d, "SELECT sen_type FROM needs");
	assert_non_null(s);
	while (db_step(s) == DB_ROW)
		assert_non_null(code_find(&codes_sen_type, db_col_text(s, 0), 0));
	db_done(s);
	s = db_prepare(d, "SELECT setting_code FROM placements WHERE setting_code IS NOT NULL "
	                  "UNION ALL SELECT setting_code FROM named_settings WHERE setting_code IS NOT NULL");
	assert_non_null(s);
	while (db_step(s) == DB_ROW)
		assert_non_null(code_find(&codes_sen_setting, db_col_text(s, 0), 0));
	db_done(s);
	s = db_prepare(d, "SELECT cease_reason FROM plans WHERE status='ceased'");
	assert_non_null(s);
	while (db_step(s) == DB_ROW)
		assert_non_null(code_find(&codes_cease_reason, db_col_text(s, 0), 0));
	db_done(s);

	/* no date after today except next_review_due */
	static const char *const dates[] = {
		"SELECT COUNT(*) FROM people WHERE dob > '" TODAY "' OR substr(created_at,1,10) > '" TODAY "'",
		"SELECT COUNT(*) FROM requests WHERE received_date > '" TODAY "' OR outcome_date > '" TODAY "'",
		"SELECT COUNT(*) FROM assessments WHERE outcome_date > '" TODAY "'",
		"SELECT COUNT(*) FROM plans WHERE draft_date > '" TODAY "' OR issue_date > '" TODAY "' "
		"OR cease_date > '" TODAY "' OR last_review_date > '" TODAY "'",
		"SELECT COUNT(*) FROM reviews WHERE meeting_date > '" TODAY "' OR decision_date > '" TODAY "'",
		"SELECT COUNT(*) FROM placements WHERE start_date > '" TODAY "' OR end_date > '" TODAY "'",
		"SELECT COUNT(*) FROM visits WHERE visit_date > '" TODAY "'",
		"SELECT COUNT(*) FROM notes WHERE substr(created_at,1,10) > '" TODAY "'",
		"SELECT COUNT(*) FROM allocations WHERE start_date > '" TODAY "'",
		"SELECT COUNT(*) FROM establishments WHERE ofsted_date > '" TODAY "'",
		/* ordering within a case */
		"SELECT COUNT(*) FROM plans p JOIN requests r ON r.id=p.request_id JOIN people pe ON pe.id=p.person_id "
		"WHERE r.received_date < pe.dob OR r.outcome_date > p.draft_date OR p.draft_date > p.issue_date "
		"OR p.start_date <> p.issue_date OR p.cease_date < p.issue_date",
		"SELECT COUNT(*) FROM reviews v JOIN plans p ON p.id=v.plan_id WHERE v.meeting_date < p.issue_date "
		"OR v.decision_date < v.meeting_date",
		"SELECT COUNT(*) FROM placements pl JOIN people pe ON pe.id=pl.person_id WHERE pl.start_date < pe.dob",
		"SELECT COUNT(*) FROM visits v JOIN placements pl ON pl.id=v.placement_id WHERE v.visit_date < pl.start_date",
		/* a ceased plan leaves no placement open */
		"SELECT COUNT(*) FROM plans p JOIN placements pl ON pl.person_id=p.person_id "
		"WHERE p.status='ceased' AND pl.end_date IS NULL",
		/* at most one current placement per person */
		"SELECT COUNT(*) FROM (SELECT person_id FROM placements WHERE end_date IS NULL "
		"GROUP BY person_id HAVING COUNT(*) > 1) AS x",
		/* NEET only at 16+ */
		"SELECT COUNT(*) FROM placements pl JOIN people pe ON pe.id=pl.person_id WHERE pl.setting_code='NEET' "
		"AND pe.dob > '" TODAY_LESS_16Y "'",
		/* EHE placements and the flag agree */
		"SELECT COUNT(*) FROM people pe WHERE pe.ehe <> CASE WHEN EXISTS(SELECT 1 FROM placements pl WHERE "
		"pl.person_id=pe.id AND pl.end_date IS NULL AND pl.setting_code='EHE') THEN 1 ELSE 0 END",
	};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		int64_t n = scalar(d, dates[i]);
		if (n != 0)
			fail_msg("%lld rows: %s", (long long)n, dates[i]);
	}
	/* created_at is an ISO instant, YYYY-MM-DDTHH:MM:SSZ */
	s = db_prepare(d, "SELECT created_at FROM people");
	assert_non_null(s);
	while (db_step(s) == DB_ROW) {
		const char *at = db_col_text(s, 0);
		static const char form[] = "9999-99-99T99:99:99Z";
		int ok = strlen(at) == sizeof form - 1;
		for (size_t k = 0; ok && k < sizeof form - 1; k++)
			ok = form[k] == '9' ? at[k] >= '0' && at[k] <= '9' : at[k] == form[k];
		if (!ok)
			fail_msg("people.created_at %s is not an ISO instant", at);
	}
	db_done(s);
}

/* next_review_due is the core's rule applied to the stored dates; after a
 * transfer in with no review since, the later of that and transfer + 3 months
 * (reg 15(5)). */
static void test_review_due(void **state)
{
	struct fixture *f = *state;
	db_stmt *s = db_prepare(f->d[0], "SELECT p.issue_date, p.last_review_date, p.next_review_due, "
	                                 "(SELECT MAX(decision_date) FROM reviews v WHERE v.plan_id=p.id), "
	                                 "COALESCE(p.transfer_in_date,''), "
	                                 "(SELECT COUNT(*) FROM reviews v WHERE v.plan_id=p.id AND v.meeting_date>=p.transfer_in_date) "
	                                 "FROM plans p WHERE status='active'");
	assert_non_null(s);
	int n = 0, transfers = 0;
	while (db_step(s) == DB_ROW) {
		day_t issue, last = DATE_NONE, due, check, moved;
		assert_int_equal(date_parse_iso(db_col_text(s, 0), &issue), 0);
		if (!db_col_is_null(s, 1))
			assert_int_equal(date_parse_iso(db_col_text(s, 1), &last), 0);
		assert_string_equal(db_col_text(s, 1), db_col_text(s, 3));
		assert_int_equal(date_parse_iso(db_col_text(s, 2), &due), 0);
		check = review_next_due(casefile_settings(), issue, last);
		if (*db_col_text(s, 4) && db_col_int(s, 5) == 0) {
			assert_int_equal(date_parse_iso(db_col_text(s, 4), &moved), 0);
			if (date_add_months(moved, 3) > check)
				check = date_add_months(moved, 3);
			transfers++;
		}
		assert_int_equal(due, check);
		n++;
	}
	db_done(s);
	assert_int_equal(n, PLANS);
	assert_true(transfers > 0);
}

/* The statutory-clock data: every kind present, every sequence possible. */
static void test_clock_data(void **state)
{
	struct fixture *f = *state;
	db *d = f->d[0];
	assert_true(scalar(d, "SELECT COUNT(*) FROM advice_requests") > PLANS);
	assert_true(scalar(d, "SELECT COUNT(*) FROM advice_requests WHERE received_date IS NULL") > 0);
	/* some advice received after its six weeks */
	db_stmt *s = db_prepare(d, "SELECT requested_date, received_date FROM advice_requests WHERE received_date IS NOT NULL");
	assert_non_null(s);
	int late = 0;
	while (db_step(s) == DB_ROW) {
		day_t asked, got;
		assert_int_equal(date_parse_iso(db_col_text(s, 0), &asked), 0);
		assert_int_equal(date_parse_iso(db_col_text(s, 1), &got), 0);
		late += got > date_add_days(asked, 42);
	}
	db_done(s);
	assert_true(late > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM clock_exceptions") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM phase_transfers WHERE final_date IS NOT NULL") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM panels") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM panel_cases WHERE decision IS NOT NULL") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM closures WHERE establishment_id IS NULL") >= 4);
	assert_true(scalar(d, "SELECT COUNT(*) FROM reviews WHERE amendments_sent IS NOT NULL AND final_amended_date IS NOT NULL") > 0);
	assert_true(scalar(d, "SELECT COUNT(*) FROM reviews WHERE invitations_sent IS NOT NULL") > 0);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM users WHERE role='caseworker' AND team IS NULL"), 0);
	static const char *const never[] = {
		"SELECT COUNT(*) FROM advice_requests a JOIN requests q ON q.id=a.request_id WHERE a.requested_date<q.received_date",
		"SELECT COUNT(*) FROM advice_requests WHERE received_date<requested_date OR received_date>'" TODAY "' "
		"OR requested_date>'" TODAY "'",
		"SELECT COUNT(*) FROM reviews WHERE invitations_sent>meeting_date OR advice_circulated>meeting_date",
		"SELECT COUNT(*) FROM reviews WHERE amendments_sent<meeting_date OR final_amended_date<amendments_sent "
		"OR (outcome<>'A' AND amendments_sent IS NOT NULL) OR final_amended_date>'" TODAY "'",
		"SELECT COUNT(*) FROM clock_exceptions WHERE end_date<start_date OR start_date>'" TODAY "'",
		"SELECT COUNT(*) FROM plans WHERE transfer_in_date<issue_date OR transfer_letter_date<transfer_in_date "
		"OR transfer_in_date>'" TODAY "' OR (transfer_in_date IS NOT NULL AND transfer_in_la IS NULL)",
		"SELECT COUNT(*) FROM phase_transfers WHERE final_date>'" TODAY "'",
		"SELECT COUNT(*) FROM panel_cases c JOIN panels n ON n.id=c.panel_id WHERE c.decision IS NOT NULL "
		"AND n.meeting_date>'" TODAY "'",
	};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		int64_t n = scalar(d, never[i]);
		if (n != 0)
			fail_msg("%lld rows: %s", (long long)n, never[i]);
	}
}

static double share(db *d, const char *sql)
{
	return (double)scalar(d, sql) / PLANS;
}

static void test_shares(void **state)
{
	struct fixture *f = *state;
	db *d = f->d[0];
	double out = share(d, "SELECT COUNT(DISTINCT p.person_id) FROM plans p "
	                      "JOIN placements pl ON pl.person_id=p.person_id AND pl.end_date IS NULL "
	                      "JOIN establishments e ON e.id=pl.establishment_id "
	                      "WHERE p.status='active' AND e.la_code <> '999'");
	double overdue = share(d, "SELECT COUNT(*) FROM plans WHERE status='active' AND next_review_due < '" TODAY "'");
	double male = share(d, "SELECT COUNT(*) FROM plans p JOIN people pe ON pe.id=p.person_id "
	                       "WHERE p.status='active' AND pe.sex='M'");
	double ms = share(d, "SELECT COUNT(*) FROM plans p JOIN placements pl ON pl.person_id=p.person_id "
	                     "AND pl.end_date IS NULL JOIN establishments e ON e.id=pl.establishment_id "
	                     "WHERE p.status='active' AND e.setting_type IN ('MS','EY','IND')");
	double sp = share(d, "SELECT COUNT(*) FROM plans p JOIN placements pl ON pl.person_id=p.person_id "
	                     "AND pl.end_date IS NULL JOIN establishments e ON e.id=pl.establishment_id "
	                     "WHERE p.status='active' AND e.setting_type IN ('SP','ISP')");
	double asd = share(d, "SELECT COUNT(*) FROM plans p JOIN needs n ON n.person_id=p.person_id AND n.rank=1 "
	                      "WHERE p.status='active' AND n.sen_type='ASD'");
	assert_true(out >= 0.03 && out <= 0.10);
	assert_true(overdue >= 0.05 && overdue <= 0.25);
	assert_true(male > 0.62 && male < 0.78);
	assert_true(ms > 0.36 && ms < 0.52);
	assert_true(sp > 0.23 && sp < 0.37);
	assert_true(asd > 0.25 && asd < 0.38);
	/* ages 0-25 */
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM plans p JOIN people pe ON pe.id=p.person_id "
	                           "WHERE p.status='active' AND pe.dob <= '" TODAY_LESS_26Y "'"),
	                 0);
}

/* FNV-1a over every column of every row of a query, with separators. */
static uint64_t checksum(db *d, const char *sql)
{
	uint64_t h = 1469598103934665603u;
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	while (db_step(s) == DB_ROW) {
		for (int c = 0; c < db_col_count(s); c++) {
			const char *t = db_col_is_null(s, c) ? "\x01NULL" : db_col_text(s, c);
			for (; *t; t++)
				h = (h ^ (unsigned char)*t) * 1099511628211u;
			h = (h ^ 0x1f) * 1099511628211u;
		}
		h = (h ^ 0x1e) * 1099511628211u;
	}
	db_done(s);
	return h;
}

static uint64_t db_checksum(db *d)
{
	static const char *const q[] = {
		"SELECT * FROM people ORDER BY id",
		"SELECT * FROM placements ORDER BY id",
		"SELECT * FROM establishments ORDER BY id",
		"SELECT * FROM requests ORDER BY id",
		"SELECT * FROM assessments ORDER BY id",
		"SELECT * FROM plans ORDER BY id",
		"SELECT * FROM reviews ORDER BY id",
		"SELECT * FROM needs ORDER BY id",
		"SELECT * FROM named_settings ORDER BY id",
		"SELECT * FROM allocations ORDER BY id",
		"SELECT * FROM visits ORDER BY id",
		"SELECT * FROM notes ORDER BY id",
		"SELECT id, username, display_name, role FROM users ORDER BY id",
	};
	uint64_t h = 0;
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		h = h * 31 + checksum(d, q[i]);
	return h;
}

static void test_deterministic(void **state)
{
	struct fixture *f = *state;
	assert_true(db_checksum(f->d[0]) == db_checksum(f->d[1]));
	assert_true(checksum(f->d[0], "SELECT * FROM people ORDER BY id") ==
	            checksum(f->d[1], "SELECT * FROM people ORDER BY id"));
}

static void test_other_seed_differs(void **state)
{
	struct fixture *f = *state;
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/seed2.db", f->dir);
	db *d = open_db(path);
	if (generate(d, 2, f->today, err, sizeof err) != 0)
		fail_msg("demo_generate: %s", err);
	assert_true(db_checksum(d) != db_checksum(f->d[0]));
	remove_db(d, path);
}

static void test_refuses_non_empty(void **state)
{
	struct fixture *f = *state;
	char err[256] = "";
	int64_t before = scalar(f->d[0], "SELECT COUNT(*) FROM people");
	uint64_t sum = db_checksum(f->d[0]);
	assert_int_equal(generate(f->d[0], 1, f->today, err, sizeof err), -1);
	assert_true(err[0] != 0);
	assert_int_equal(scalar(f->d[0], "SELECT COUNT(*) FROM people"), before);
	assert_true(db_checksum(f->d[0]) == sum);
}

static void test_bad_options(void **state)
{
	struct fixture *f = *state;
	char path[128], err[256] = "";
	snprintf(path, sizeof path, "%s/bad.db", f->dir);
	db *d = open_db(path);
	struct demo_opts o = {.plans = 10, .seed = 1, .la_code = "12", .today = f->today, .quiet = 1};
	assert_int_equal(demo_generate(d, &o, err, sizeof err), -1);
	assert_true(err[0] != 0);
	o.la_code = "999";
	o.plans = -1;
	assert_int_equal(demo_generate(d, &o, err, sizeof err), -1);
	o.plans = 10;
	o.today = DATE_NONE;
	assert_int_equal(demo_generate(d, &o, err, sizeof err), -1);
	assert_int_equal(scalar(d, "SELECT COUNT(*) FROM users"), 0);
	remove_db(d, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_codes_and_dates),
		cmocka_unit_test(test_review_due),
		cmocka_unit_test(test_clock_data),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_other_seed_differs),
		cmocka_unit_test(test_refuses_non_empty),
		cmocka_unit_test(test_bad_options),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
