/* Unit tests: the store (migrations, statement cache, append-only audit)
 * and the entity engine (validation, insert, optimistic locking,
 * constraints, change lists). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/db.h"
#include "domain/entity.h"
#include "domain/change.h"
#include "domain/audit.h"
#include "domain/user.h"
#include "unit_db.h"

struct kv { const char *k, *v; };
struct form { struct kv kv[40]; int n; };

static const char *get(void *ctx, const char *name)
{
	struct form *f = ctx;
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->kv[i].k, name) == 0)
			return f->kv[i].v;
	return NULL;
}

static void put(struct form *f, const char *k, const char *v)
{
	f->kv[f->n++] = (struct kv){k, v};
}

static char dbpath[64];

static int setup(void **state)
{
	db *d;
	if (unit_db_open(&d, dbpath) < 0)
		return -1;
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	unit_db_remove(*state, dbpath);
	return 0;
}

static day_t today(void)
{
	day_t t;
	date_parse_iso("2026-11-22", &t);
	return t;
}

static void person_form(struct form *f, const char *upn)
{
	f->n = 0;
	put(f, "forename", " Ada ");
	put(f, "surname", "Example");
	put(f, "dob-day", "3");
	put(f, "dob-month", "Feb");
	put(f, "dob-year", "2015");
	put(f, "sex", "F");
	put(f, "upn", upn);
	put(f, "postcode", "sw1a1aa");
	put(f, "looked_after", "1");
}

static void test_migrate_twice_is_noop(void **state)
{
	char err[256];
	assert_int_equal(db_migrate(*state, err, sizeof err), 0);
	assert_true(db_schema_version(*state) >= 1);
}

static void test_person_validation_and_insert(void **state)
{
	db *d = *state;
	struct form f;
	struct record r = {0};
	struct errs e = {0};
	/* wrong check letter */
	person_form(&f, "A801200001001"); /* H801200001001 with a wrong check letter */
	put(&f, "nhs_number", "943 476 5918");
	assert_int_equal(entity_parse(d, &ent_person, &r, get, &f, today(), &e), ENT_INVALID);
	assert_non_null(errs_for(&e, "upn"));
	assert_non_null(strstr(errs_for(&e, "nhs_number"), "NHS number"));
	record_free(&r);
	/* a real date is required */
	memset(&e, 0, sizeof e);
	person_form(&f, "");
	put(&f, "upn_unknown", "UN2");
	f.kv[2].v = "31";
	f.kv[3].v = "2";
	assert_int_equal(entity_parse(d, &ent_person, &r, get, &f, today(), &e), ENT_INVALID);
	assert_string_equal(errs_for(&e, "dob"), "Date of birth must be a real date");
	/* typed values are kept for the form */
	assert_string_equal(r.typed[2][0], "31");
	assert_string_equal(r.typed[0][0], " Ada ");
	record_free(&r);
	/* valid: canonical values, then insert */
	memset(&e, 0, sizeof e);
	person_form(&f, "");
	put(&f, "upn_unknown", "UN2");
	assert_int_equal(entity_parse(d, &ent_person, &r, get, &f, today(), &e), ENT_OK);
	assert_string_equal(record_get(&ent_person, &r, "forename"), "Ada");
	assert_string_equal(record_get(&ent_person, &r, "dob"), "2015-02-03");
	assert_string_equal(record_get(&ent_person, &r, "postcode"), "SW1A 1AA");
	assert_string_equal(record_get(&ent_person, &r, "looked_after"), "1");
	assert_string_equal(record_get(&ent_person, &r, "cme"), "0");
	buf fields = BUF_INIT, changes = BUF_INIT;
	assert_int_equal(entity_insert(d, &ent_person, &r, 0, "2026-11-22T10:00:00Z", &fields, &changes), ENT_OK);
	assert_true(r.id > 0);
	assert_non_null(strstr(buf_cstr(&fields), "forename"));
	assert_null(strstr(buf_cstr(&fields), "uln"));   /* empty fields are not "given" */
	assert_non_null(strstr(buf_cstr(&changes), "\"Ada\""));
	buf_free(&fields);
	buf_free(&changes);
	record_free(&r);
}

static void test_dob_age_range(void **state)
{
	struct form f;
	struct record r = {0};
	struct errs e = {0};
	person_form(&f, "");
	put(&f, "upn_unknown", "UN2");
	f.kv[4].v = "1990";
	assert_int_equal(entity_parse(*state, &ent_person, &r, get, &f, today(), &e), ENT_INVALID);
	assert_non_null(strstr(errs_for(&e, "dob"), "aged 0 to 25"));
	record_free(&r);
	memset(&e, 0, sizeof e);
	person_form(&f, "");
	put(&f, "upn_unknown", "UN2");
	f.kv[4].v = "2027";
	assert_int_equal(entity_parse(*state, &ent_person, &r, get, &f, today(), &e), ENT_INVALID);
	assert_non_null(strstr(errs_for(&e, "dob"), "today or in the past"));
	record_free(&r);
}

static int64_t add_person(db *d)
{
	struct form f;
	struct record r = {0};
	struct errs e = {0};
	person_form(&f, "");
	put(&f, "upn_unknown", "UN2");
	assert_int_equal(entity_parse(d, &ent_person, &r, get, &f, today(), &e), ENT_OK);
	buf a = BUF_INIT, b = BUF_INIT;
	assert_int_equal(entity_insert(d, &ent_person, &r, 0, "2026-11-22T10:00:00Z", &a, &b), ENT_OK);
	buf_free(&a);
	buf_free(&b);
	record_free(&r);
	return r.id;
}

static void test_stale_update_refused(void **state)
{
	db *d = *state;
	int64_t id = add_person(d);
	struct record old, a = {0}, b = {0};
	assert_int_equal(entity_load(d, &ent_person, id, &old), ENT_OK);
	assert_int_equal(old.version, 1);
	struct form f;
	struct errs e = {0};
	buf fl = BUF_INIT, ch = BUF_INIT;
	/* editor A changes the surname */
	person_form(&f, "");
	put(&f, "upn_unknown", "UN2");
	f.kv[1].v = "Changed";
	assert_int_equal(entity_parse(d, &ent_person, &a, get, &f, today(), &e), ENT_OK);
	a.version = 1;
	assert_int_equal(entity_update(d, &ent_person, &old, &a, &fl, &ch), ENT_OK);
	assert_string_equal(buf_cstr(&fl), "surname");
	assert_non_null(strstr(buf_cstr(&ch), "[\"Example\",\"Changed\"]"));
	/* editor B, who also loaded version 1, is refused */
	f.kv[1].v = "Other";
	assert_int_equal(entity_parse(d, &ent_person, &b, get, &f, today(), &e), ENT_OK);
	b.version = 1;
	buf_reset(&fl);
	buf_reset(&ch);
	assert_int_equal(entity_update(d, &ent_person, &old, &b, &fl, &ch), ENT_STALE);
	struct record now;
	assert_int_equal(entity_load(d, &ent_person, id, &now), ENT_OK);
	assert_string_equal(record_get(&ent_person, &now, "surname"), "Changed");
	assert_int_equal(now.version, 2);
	record_free(&old);
	record_free(&a);
	record_free(&b);
	record_free(&now);
	buf_free(&fl);
	buf_free(&ch);
}

static void test_need_rank_constraint_and_plan_rules(void **state)
{
	db *d = *state;
	int64_t pid = add_person(d);
	struct form f = {0};
	struct errs e = {0};
	struct record r = {0};
	buf fl = BUF_INIT, ch = BUF_INIT;
	put(&f, "rank", "1");
	put(&f, "sen_type", "ASD");
	assert_int_equal(entity_parse(d, &ent_need, &r, get, &f, today(), &e), ENT_OK);
	r.parent_id = pid;
	assert_int_equal(entity_insert(d, &ent_need, &r, 0, "", &fl, &ch), ENT_OK);
	record_free(&r);
	memset(&r, 0, sizeof r);
	assert_int_equal(entity_parse(d, &ent_need, &r, get, &f, today(), &e), ENT_OK);
	r.parent_id = pid;
	assert_int_equal(entity_insert(d, &ent_need, &r, 0, "", &fl, &ch), ENT_CONSTRAINT);
	record_free(&r);
	/* an unknown code is refused by validation */
	memset(&r, 0, sizeof r);
	f.kv[1].v = "NSA";
	assert_int_equal(entity_parse(d, &ent_need, &r, get, &f, today(), &e), ENT_INVALID);
	assert_non_null(errs_for(&e, "sen_type"));
	record_free(&r);
	/* plan: active needs an issue date; issue date drives next review due */
	struct form pf = {0};
	memset(&e, 0, sizeof e);
	memset(&r, 0, sizeof r);
	put(&pf, "status", "active");
	assert_int_equal(entity_parse(d, &ent_plan, &r, get, &pf, today(), &e), ENT_INVALID);
	assert_non_null(errs_for(&e, "issue_date"));
	record_free(&r);
	memset(&e, 0, sizeof e);
	memset(&r, 0, sizeof r);
	put(&pf, "issue_date-day", "15");
	put(&pf, "issue_date-month", "3");
	put(&pf, "issue_date-year", "2024");
	assert_int_equal(entity_parse(d, &ent_plan, &r, get, &pf, today(), &e), ENT_OK);
	r.parent_id = pid;
	r.person_id = pid;
	/* the whole change: the row, its audit row, and the child's stored clock (entity_save) */
	struct actor who = {0, 1700000000, today(), NULL};
	assert_int_equal(entity_save(d, &who, &ent_plan, NULL, &r, 1), ENT_OK);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE kind='review_due'", 0) == 1);
	db_stmt *s = db_prepare(d, "SELECT next_review_due FROM plans WHERE id=?");
	db_bind_int(s, 1, r.id);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "2025-03-14");
	db_done(s);
	int64_t plan_id = r.id;
	record_free(&r);
	/* a second active plan for the same person is refused by the store */
	memset(&r, 0, sizeof r);
	assert_int_equal(entity_parse(d, &ent_plan, &r, get, &pf, today(), &e), ENT_OK);
	r.parent_id = pid;
	assert_int_equal(entity_insert(d, &ent_plan, &r, 0, "", &fl, &ch), ENT_CONSTRAINT);
	record_free(&r);
	/* a review decision moves the next review date */
	struct form rf = {0};
	memset(&r, 0, sizeof r);
	put(&rf, "meeting_date-day", "1"); put(&rf, "meeting_date-month", "2"); put(&rf, "meeting_date-year", "2025");
	put(&rf, "decision_date-day", "20"); put(&rf, "decision_date-month", "2"); put(&rf, "decision_date-year", "2025");
	put(&rf, "outcome", "M");
	assert_int_equal(entity_parse(d, &ent_review, &r, get, &rf, today(), &e), ENT_OK);
	r.parent_id = plan_id;
	r.person_id = pid;
	assert_int_equal(entity_save(d, &who, &ent_review, NULL, &r, 1), ENT_OK);
	s = db_prepare(d, "SELECT last_review_date, next_review_due FROM plans WHERE id=?");
	db_bind_int(s, 1, plan_id);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "2025-02-20");
	assert_string_equal(db_col_text(s, 1), "2026-02-19");
	db_done(s);
	record_free(&r);
	buf_free(&fl);
	buf_free(&ch);
}

static void test_audit_is_append_only(void **state)
{
	db *d = *state;
	assert_int_equal(audit_write(d, 1700000000, 0, "view", "people", 1, 1, NULL, NULL, "127.0.0.1"), 0);
	/* refused (SQLite's db_exec says DB_ERROR, PostgreSQL's the trigger's constraint) */
	assert_true(db_exec(d, "UPDATE audit_events SET action='x'") < 0);
	assert_true(db_exec(d, "DELETE FROM audit_events") < 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM audit_events", 0) >= 1);
}

static void test_statement_cache_reentrant(void **state)
{
	db *d = *state;
	static const char q[] = "SELECT id FROM people ORDER BY id";
	db_stmt *a = db_prepare(d, q);
	assert_int_equal(db_step(a), DB_ROW);
	db_stmt *b = db_prepare(d, q);       /* same SQL while the first is open */
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_int_equal(db_step(b), DB_ROW);
	assert_int_equal(db_col_int(a, 0), db_col_int(b, 0));
	db_done(a);
	db_done(b);
}

static void test_user_passwords(void **state)
{
	db *d = *state;
	char err[200];
	int64_t id;
	assert_int_equal(user_add(d, "Bad Name", "X", "caseworker", "long enough pw", &id, err, sizeof err), -1);
	assert_non_null(strstr(err, "Username"));
	assert_int_equal(user_add(d, "cw.one", "CW One", "caseworker", "short", &id, err, sizeof err), -1);
	assert_non_null(strstr(err, "10 characters"));
	assert_int_equal(user_add(d, "cw.one", "CW One", "caseworker", "long enough pw", &id, err, sizeof err), 0);
	db_stmt *s = db_prepare(d, "SELECT password_hash FROM users WHERE id=?");
	db_bind_int(s, 1, id);
	assert_int_equal(db_step(s), DB_ROW);
	assert_memory_equal(db_col_text(s, 0), "$argon2id$", 10);
	db_done(s);
	struct user u;
	assert_int_equal(user_verify(d, "cw.one", "long enough pw", &u), 0);
	assert_int_equal(u.role, ROLE_CASEWORKER);
	assert_int_equal(user_verify(d, "cw.one", "wrong password", &u), -1);
	assert_int_equal(user_verify(d, "nobody", "long enough pw", &u), -1);
	assert_int_equal(user_set_disabled(d, "cw.one", 1, err, sizeof err), 0);
	assert_int_equal(user_verify(d, "cw.one", "long enough pw", &u), -1);
	assert_int_equal(user_add(d, "cw.one", "Again", "caseworker", "long enough pw", &id, err, sizeof err), -1);
	assert_non_null(strstr(err, "already taken"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_twice_is_noop),
		cmocka_unit_test(test_person_validation_and_insert),
		cmocka_unit_test(test_dob_age_range),
		cmocka_unit_test(test_stale_update_refused),
		cmocka_unit_test(test_need_rank_constraint_and_plan_rules),
		cmocka_unit_test(test_audit_is_append_only),
		cmocka_unit_test(test_statement_cache_reentrant),
		cmocka_unit_test(test_user_passwords),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
