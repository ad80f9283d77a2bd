/* Unit tests: a change to the records is whole or nothing (change.h).
 *
 * A change whose audit row cannot be written is rolled back with nothing
 * written: the store is made to refuse the audit row by a trigger created
 * in the test database (a real SQLite trigger, not a mock), and the domain
 * writes the web pages call (allocating a caseworker, asking for advice,
 * creating a letter, the generic entity save) are each shown to leave no
 * row, no outbox email, no stored clock change and the data version as it
 * was.  A write that names a child leaves the child's stored statutory
 * clock as `sendmis clock verify` recomputes it (clockstore_verify 0), and
 * the check is shown to catch a write that forgets its child. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "domain/advice.h"
#include "domain/change.h"
#include "domain/clockstore.h"
#include "domain/entity.h"
#include "domain/letters.h"
#include "domain/personview.h"
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

static day_t today(void)
{
	day_t t;
	date_parse_iso("2026-11-22", &t);
	return t;
}

static const struct actor who_system = {0, 1795000000, 0, NULL};

static struct actor actor(void)
{
	struct actor a = who_system;
	a.today = today();
	return a;
}

/* The fixture: a child with a request for assessment (agreed), a
 * caseworker, and a service with a team address. */
struct fixture {
	db *d;
	char path[64];
	int64_t person, request, plan, caseworker, service;
};

static int64_t save(db *d, const struct entity *e, struct form *f, int64_t parent, int64_t person)
{
	struct record r = {0};
	struct errs err = {0};
	if (entity_parse(d, e, &r, get, f, today(), &err) != ENT_OK) {
		for (int i = 0; i < err.n; i++)
			fprintf(stderr, "%s: %s\n", err.e[i].field, err.e[i].msg);
		record_free(&r);
		return 0;
	}
	r.parent_id = parent;
	r.person_id = person;
	struct actor a = actor();
	int rc = entity_save(d, &a, e, NULL, &r, 1);
	int64_t id = rc == ENT_OK ? r.id : 0;
	record_free(&r);
	return id;
}

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof *x);
	if (!x || unit_db_open(&x->d, x->path) < 0)
		return -1;
	char err[200];
	if (user_add(x->d, "cw.one", "CW One", "caseworker", "long enough pw", &x->caseworker, err, sizeof err) < 0)
		return -1;
	struct form f = {0};
	put(&f, "forename", "Ada");
	put(&f, "surname", "Example");
	put(&f, "dob-day", "3");
	put(&f, "dob-month", "2");
	put(&f, "dob-year", "2015");
	put(&f, "sex", "F");
	put(&f, "upn_unknown", "UN2");
	x->person = save(x->d, &ent_person, &f, 0, 0);
	struct form q = {0};
	put(&q, "received_date-day", "2");
	put(&q, "received_date-month", "11");
	put(&q, "received_date-year", "2026");
	put(&q, "source", "1");
	put(&q, "outcome", "Y");
	put(&q, "outcome_date-day", "16");
	put(&q, "outcome_date-month", "11");
	put(&q, "outcome_date-year", "2026");
	x->request = save(x->d, &ent_request, &q, x->person, x->person);
	struct form pl = {0};
	put(&pl, "status", "active");
	put(&pl, "issue_date-day", "20");
	put(&pl, "issue_date-month", "11");
	put(&pl, "issue_date-year", "2025");
	x->plan = save(x->d, &ent_plan, &pl, x->person, x->person);
	if (!x->person || !x->request || !x->plan)
		return -1;
	if (db_exec(x->d, "INSERT INTO services(name, kind, email) VALUES('North EP team', 'EP', 'ep@example.org')") < 0)
		return -1;
	x->service = db_scalar_int(x->d, "SELECT MAX(id) FROM services", 0);
	/* the stored clock made with this process's settings, as `sendmis serve` does at start */
	if (clockstore_ensure(x->d, today(), NULL) < 0)
		return -1;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	unit_db_remove(x->d, x->path);
	free(x);
	return 0;
}

/* The store refuses every audit row from now on: a trigger, in each store's own language
 * (PostgreSQL's raises SQLSTATE 23514, a constraint, as SQLite's RAISE(ABORT) is). */
static void refuse_audit(db *d)
{
	if (unit_db_is_sqlite())
		assert_int_equal(db_exec(d, "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events "
		                            "BEGIN SELECT RAISE(ABORT, 'audit refused by the test'); END"), DB_OK);
	else
		assert_int_equal(db_exec(d, "CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
		                            "$$BEGIN RAISE EXCEPTION 'audit refused by the test' USING ERRCODE = '23514'; END$$; "
		                            "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW "
		                            "EXECUTE FUNCTION test_refuse_audit()"), DB_OK);
}

/* What a change could have written, to compare before and after. */
struct counts { int64_t audit, allocations, advice, outbox, letters, meetings, notes, clock, version; };

static struct counts count(db *d)
{
	struct counts c = {
		db_scalar_int(d, "SELECT COUNT(*) FROM audit_events", -1),
		db_scalar_int(d, "SELECT COUNT(*) FROM allocations", -1),
		db_scalar_int(d, "SELECT COUNT(*) FROM advice_requests", -1),
		db_scalar_int(d, "SELECT COUNT(*) FROM outbox", -1),
		db_scalar_int(d, "SELECT COUNT(*) FROM letters", -1),
		db_scalar_int(d, "SELECT COUNT(*) FROM review_meetings", -1),
		db_scalar_int(d, "SELECT COUNT(*) FROM notes", -1),
		db_scalar_int(d, "SELECT COUNT(*) * 1000003 + COALESCE(SUM(seq * length(step) + length(COALESCE(due, ''))), 0) "
		                 "FROM clock_steps", -1),
		change_data_version(d),
	};
	return c;
}

static void assert_unchanged(const struct counts *a, const struct counts *b)
{
	assert_int_equal(a->audit, b->audit);
	assert_int_equal(a->allocations, b->allocations);
	assert_int_equal(a->advice, b->advice);
	assert_int_equal(a->outbox, b->outbox);
	assert_int_equal(a->letters, b->letters);
	assert_int_equal(a->meetings, b->meetings);
	assert_int_equal(a->notes, b->notes);
	assert_int_equal(a->clock, b->clock);
	assert_int_equal(a->version, b->version);
}

/* The mechanism itself: a row written, its audit row refused, the change
 * committed: -1, and the row is not there. */
static void test_change_without_audit_is_rolled_back(void **state)
{
	struct fixture *x = *state;
	refuse_audit(x->d);
	struct counts before = count(x->d);
	struct actor a = actor();
	struct change c;
	assert_int_equal(change_begin(&c, x->d, &a), 0);
	db_stmt *s = db_prepare(x->d, "INSERT INTO notes(person_id, author_id, body, created_at) VALUES(?,?,?,?)");
	assert_non_null(s);
	db_bind_int(s, 1, x->person);
	db_bind_int(s, 2, x->caseworker);
	db_bind_text(s, 3, "Synthetic note");
	db_bind_text(s, 4, "2026-11-22T10:00:00Z");
	assert_int_equal(db_step(s), DB_DONE);
	db_done(s);
	assert_int_equal(change_audit(&c, "create", "notes", 1, x->person, "body", NULL), -1);
	assert_int_equal(change_commit(&c), -1);
	struct counts after = count(x->d);
	assert_unchanged(&before, &after);
	/* the connection is usable again: no transaction was left open */
	assert_int_equal(change_begin(&c, x->d, &a), 0);
	change_rollback(&c);
}

/* The writes the pages call, each refused whole when its audit row is. */
static void test_domain_writes_without_audit_write_nothing(void **state)
{
	struct fixture *x = *state;
	refuse_audit(x->d);
	struct counts before = count(x->d);
	struct actor a = actor();
	struct errs e = {0};

	assert_int_equal(person_allocate(x->d, &a, x->person, x->caseworker, "caseworker", &e), PV_ERROR);

	struct advice_target t = {x->service, 0};
	struct advice_ask ask = {x->request, 0, x->person, 0, today(), &t, 1};
	int64_t ids[1];
	assert_int_equal(advice_ask(x->d, &a, &ask, ids, &e), ADVICE_ERROR);

	day_t meeting = date_add_days(today(), 60), contrib = DATE_NONE;
	review_meeting_dates(meeting, &contrib, 0, 0, today(), &e);
	assert_int_equal(e.n, 0);
	struct review_meeting_in m = {x->plan, x->person, meeting, contrib, &t, 1};
	int64_t mid;
	assert_int_equal(review_meeting_arrange(x->d, &a, &m, &mid, &e), ADVICE_ERROR);
	assert_int_equal(mid, 0);

	struct letter_choice ch[LETTER_MAX_CHOICES];
	int n = letter_choices(x->d, x->person, ch, LETTER_MAX_CHOICES);
	assert_true(n > 0);
	int64_t lid;
	struct actor cw = a;   /* a letter is generated by a user */
	cw.user_id = x->caseworker;
	assert_int_equal(letter_create(x->d, &cw, x->person, ch[0].template, ch[0].related_id, "letter", &lid, &e),
	                 LETTER_ERROR);
	assert_int_equal(lid, 0);

	struct form f = {0};
	put(&f, "body", "Synthetic note");
	struct record r = {0};
	assert_int_equal(entity_parse(x->d, &ent_note, &r, get, &f, today(), &e), ENT_OK);
	r.parent_id = r.person_id = x->person;
	assert_int_equal(entity_save(x->d, &cw, &ent_note, NULL, &r, 1), ENT_ERROR);
	record_free(&r);

	assert_int_equal(e.n, 0);   /* a store failure is not a message for the user */
	struct counts after = count(x->d);
	assert_unchanged(&before, &after);
	assert_int_equal(clockstore_verify(x->d, today(), stderr), 0);
}

/* A write that names a child refreshes the child's stored clock in the
 * same change: `sendmis clock verify` finds nothing to report. */
static void test_writes_leave_the_stored_clock_verified(void **state)
{
	struct fixture *x = *state;
	struct actor a = actor();
	struct errs e = {0};
	int64_t version = change_data_version(x->d);
	assert_int_equal(clockstore_verify(x->d, today(), stderr), 0);

	/* asking for advice adds an advice step to the child's clock */
	struct advice_target t = {x->service, 0};
	struct advice_ask ask = {x->request, 0, x->person, 0, today(), &t, 1};
	int64_t ids[1];
	assert_int_equal(advice_ask(x->d, &a, &ask, ids, &e), ADVICE_OK);
	assert_true(ids[0] > 0);
	assert_int_equal(db_scalar_int(x->d, "SELECT COUNT(*) FROM clock_steps WHERE kind='advice'", 0), 1);
	assert_int_equal(db_scalar_int(x->d, "SELECT COUNT(*) FROM outbox", 0), 1);
	assert_int_equal(db_scalar_int(x->d, "SELECT COUNT(*) FROM audit_events WHERE action='create' AND entity='advice'", 0),
	                 1);
	assert_int_equal(clockstore_verify(x->d, today(), stderr), 0);
	assert_true(change_data_version(x->d) > version);

	/* arranging a review meeting: the meeting, and the setting's and services' invitations */
	day_t meeting = date_add_days(today(), 60), contrib = DATE_NONE;
	review_meeting_dates(meeting, &contrib, 0, 0, today(), &e);
	assert_int_equal(e.n, 0);
	assert_true(contrib < meeting && contrib > today());
	struct review_meeting_in m = {x->plan, x->person, meeting, contrib, &t, 1};
	int64_t mid;
	assert_int_equal(review_meeting_arrange(x->d, &a, &m, &mid, &e), ADVICE_OK);
	assert_true(mid > 0);
	assert_int_equal(db_scalar_int(x->d, "SELECT COUNT(*) FROM advice_requests WHERE meeting_id IS NOT NULL", 0), 1);
	assert_int_equal(clockstore_verify(x->d, today(), stderr), 0);
	/* a meeting in the past is refused, naming the field */
	day_t past = DATE_NONE;
	review_meeting_dates(today(), &past, 0, 0, today(), &e);
	assert_non_null(errs_for(&e, "meeting"));
	memset(&e, 0, sizeof e);

	/* allocating a caseworker, once (the same one again writes nothing) */
	assert_int_equal(person_allocate(x->d, &a, x->person, x->caseworker, "caseworker", &e), PV_OK);
	int64_t audits = db_scalar_int(x->d, "SELECT COUNT(*) FROM audit_events", 0);
	assert_int_equal(person_allocate(x->d, &a, x->person, x->caseworker, "caseworker", &e), PV_OK);
	assert_int_equal(db_scalar_int(x->d, "SELECT COUNT(*) FROM audit_events", 0), audits);
	assert_int_equal(db_scalar_int(x->d, "SELECT COUNT(*) FROM allocations", 0), 1);
	/* someone who holds no caseload is refused, naming the field */
	assert_int_equal(person_allocate(x->d, &a, x->person, 999, "caseworker", &e), PV_REFUSED);
	assert_non_null(errs_for(&e, "caseworker"));
	assert_int_equal(clockstore_verify(x->d, today(), stderr), 0);

	/* a letter: the letter and its audit row naming the child */
	struct letter_choice ch[LETTER_MAX_CHOICES];
	int n = letter_choices(x->d, x->person, ch, LETTER_MAX_CHOICES);
	assert_true(n > 0);
	int64_t lid;
	struct actor cw = a;   /* a letter is generated by a user */
	cw.user_id = x->caseworker;
	assert_int_equal(letter_create(x->d, &cw, x->person, ch[0].template, ch[0].related_id, "letter", &lid, &e),
	                 LETTER_OK);
	assert_true(lid > 0);
	assert_int_equal(clockstore_verify(x->d, today(), stderr), 0);

	/* the check catches a write that forgets its child: an advice request
	 * written behind the domain's back leaves the stored clock behind */
	char sql[200];
	snprintf(sql, sizeof sql, "INSERT INTO advice_requests(request_id, person_id, service, requested_date, due_date) "
	                          "VALUES(%lld, %lld, 'PAED', '2026-11-20', '2027-01-01')",
	         (long long)x->request, (long long)x->person);
	assert_int_equal(db_exec(x->d, sql), DB_OK);
	FILE *devnull = fopen("/dev/null", "w");
	assert_true(clockstore_verify(x->d, today(), devnull) > 0);
	fclose(devnull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_change_without_audit_is_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domain_writes_without_audit_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_leave_the_stored_clock_verified, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
