/* test_merge.c — cmocka tests for core/searchq.c (what a search names) and
 * domain/merge.c (the table list against the store's catalogue; a merge and
 * its undo leave every row as it was; duplicate pairs kept by each change).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/searchq.h"
#include "core/buf.h"
#include "core/validate.h"
#include "domain/clockstore.h"
#include "domain/change.h"
#include "domain/merge.h"
#include "unit_db.h"

/* ---- the search's parser ------------------------------------------------------ */

static void parse(const char *text, struct search_query *k)
{
	search_parse(text, "SM", k);
}

static void test_dates(void **state)
{
	(void)state;
	static const char *const same[] = {"3/4/2015", "03/04/2015", "3-4-2015", "3.4.2015", "3 April 2015",
	                                   "3 april 2015", "3rd April 2015", "3 Apr 2015", "3 Apr, 2015", "2015-04-03",
	                                   "  3/4/2015  "};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		struct search_query k;
		parse(same[i], &k);
		if (!(k.kinds & SQ_DOB))
			fail_msg("\"%s\" is not read as a date", same[i]);
		assert_string_equal(k.dob, "2015-04-03");
		assert_false(k.kinds & SQ_NAME);   /* a date names nobody */
	}
	static const char *const not_dates[] = {"31/2/2015", "3/4/15", "3 Aprill 2015", "2015-4-3x", "3/4", "April 2015",
	                                        "2015", "3 // 4 2015", "13/13/2015"};
	for (size_t i = 0; i < sizeof not_dates / sizeof not_dates[0]; i++) {
		char out[11];
		if (search_parse_date(not_dates[i], out) == 0)
			fail_msg("\"%s\" was read as the date %s", not_dates[i], out);
	}
	char out[11];
	assert_int_equal(search_parse_date("29 February 2016", out), 0);
	assert_string_equal(out, "2016-02-29");
	assert_int_equal(search_parse_date("1 Sept 2019", out), 0);
	assert_string_equal(out, "2019-09-01");
}

static void test_names(void **state)
{
	(void)state;
	struct search_query k;
	parse("Leo Murray", &k);
	assert_true(k.kinds & SQ_NAME);
	assert_string_equal(k.sur, "leo murray");
	/* split at the space both ways: forename Leo + surname Murray, and surname Leo + forename Murray */
	assert_string_equal(k.pair[0][0], "murray");
	assert_string_equal(k.pair[0][1], "leo");
	assert_string_equal(k.pair[1][0], "leo");
	assert_string_equal(k.pair[1][1], "murray");
	struct search_query a, b;
	parse("Murray, Leo", &a);
	parse("murray   leo", &b);
	assert_string_equal(a.q, "Murray Leo");
	assert_string_equal(a.pair[1][0], "murray");
	assert_string_equal(a.pair[1][1], "leo");
	assert_string_equal(b.pair[1][0], "murray");
	parse("", &k);
	assert_int_equal(k.kinds, 0);
	assert_string_equal(k.q, "");
	parse(NULL, &k);
	assert_int_equal(k.kinds, 0);
}

static void test_identifiers(void **state)
{
	(void)state;
	struct search_query k;
	parse("SM-000123", &k);
	assert_true(k.kinds & SQ_CASE_REF);
	assert_int_equal(k.id, 123);
	parse("sm 42", &k);
	assert_int_equal(k.id, 42);
	parse("943 476 5919", &k);   /* an NHS number, spaced */
	assert_true(k.kinds & SQ_NHS);
	assert_string_equal(k.nhs, "943 476 5919");
	parse("9434765919", &k);
	assert_true(k.kinds & SQ_NHS);
	assert_string_equal(k.nhs, "943 476 5919");
	assert_false(k.kinds & SQ_NAME);
	parse("sw1a1aa", &k);   /* a postcode without its space */
	assert_true(k.kinds & SQ_POSTCODE);
	assert_string_equal(k.postcode, "SW1A 1AA");
	parse("SW1A 1AA", &k);
	assert_string_equal(k.postcode, "SW1A 1AA");
	/* a ULN (validate_uln's rule): 1000000009 → weights 10..2 give 10, 10 mod 11 = 10, check 10 - 10 = 0: no;
	 * the parser says a ULN exactly when validate_uln accepts it */
	static const char *const ulns[] = {"1000000009", "1000000001", "9999999999", "1234567890", "1234567891"};
	int seen = 0;
	for (size_t i = 0; i < sizeof ulns / sizeof ulns[0]; i++) {
		char why[64], uln[11];
		parse(ulns[i], &k);
		int ok = validate_uln(ulns[i], uln, why, sizeof why) == 0;
		assert_int_equal(!!(k.kinds & SQ_ULN), ok);
		if (ok)
			assert_string_equal(k.uln, uln);
		seen += ok;
	}
	parse("A123456789012", &k);
	assert_string_equal(k.upn, "A123456789012");
}

/* ---- merging ---------------------------------------------------------------- */

/* Every table with a person_id column is named by merge_tables[]: a table
 * added by a migration without a line there fails here.  sqlite only (sqlite_master,
 * pragma_table_info): the schema-parity test holds PostgreSQL's tables to SQLite's. */
static void test_tables_cover_catalogue(void **state)
{
	if (!unit_db_is_sqlite())   /* sqlite only: SQLite's catalogue */
		skip();
	(void)state;
	db *d;
	char path[64];
	assert_int_equal(unit_db_open(&d, path), 0);
	db_stmt *s = db_prepare(d, "SELECT m.name FROM sqlite_master m CROSS JOIN pragma_table_info(m.name) c "
	                           "WHERE m.type='table' AND c.name='person_id' ORDER BY m.name");
	assert_non_null(s);
	int n = 0;
	while (db_step(s) == DB_ROW) {
		const char *t = db_col_text(s, 0);
		int named = 0;
		for (size_t i = 0; i < merge_tables_n; i++)
			named |= !strcmp(merge_tables[i].table, t);
		if (!named)
			fail_msg("table %s has a person_id column but merge.c's merge_tables[] does not name it: "
			         "say whether a merge moves its rows, recomputes them or keeps them", t);
		n++;
	}
	db_done(s);
	assert_true(n >= 10);
	/* and every table named exists, with a person_id */
	for (size_t i = 0; i < merge_tables_n; i++) {
		db_stmt *q = db_prepare(d, "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name='person_id'");
		db_bind_text(q, 1, merge_tables[i].table);
		assert_int_equal(db_step(q), DB_ROW);
		if (db_col_int(q, 0) != 1)
			fail_msg("merge_tables[] names %s, which has no person_id column", merge_tables[i].table);
		db_done(q);
	}
	unit_db_remove(d, path);
}

static int64_t insert(db *d, const char *sql)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_done(s);
	return id;
}

/* Every row of every moved table that names a or b, and both people rows, as text. */
static void dump(db *d, int64_t a, int64_t b, buf *out)
{
	buf_reset(out);
	static const char *const sql[] = {
		"SELECT 'people', id, surname, forename, dob, postcode, version, COALESCE(CAST(merged_into AS TEXT),'') FROM people WHERE id IN (?1,?2) ORDER BY id",
		"SELECT 'requests', id, person_id, received_date FROM requests WHERE person_id IN (?1,?2) ORDER BY id",
		"SELECT 'plans', id, person_id, status, version FROM plans WHERE person_id IN (?1,?2) ORDER BY id",
		"SELECT 'needs', id, person_id, rank, sen_type, version FROM needs WHERE person_id IN (?1,?2) ORDER BY id",
		"SELECT 'notes', id, person_id, body FROM notes WHERE person_id IN (?1,?2) ORDER BY id",
		"SELECT 'allocations', id, person_id, user_id, start_date, COALESCE(end_date,'') FROM allocations WHERE person_id IN (?1,?2) ORDER BY id",
		"SELECT 'clock', person_id, seq, step, COALESCE(due,''), COALESCE(done,'') FROM clock_steps WHERE person_id IN (?1,?2) ORDER BY person_id, seq",
		"SELECT 'now', person_id, status FROM clock_people WHERE person_id IN (?1,?2) ORDER BY person_id",
		"SELECT 'dup', lo, hi, same_name, same_postcode FROM dup_pairs WHERE lo IN (?1,?2) OR hi IN (?1,?2) ORDER BY lo, hi",
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		db_stmt *s = db_prepare(d, sql[i]);
		assert_non_null(s);
		db_bind_int(s, 1, a);
		db_bind_int(s, 2, b);
		while (db_step(s) == DB_ROW) {
			for (int c = 0; c < db_col_count(s); c++) {
				buf_puts(out, db_col_text(s, c));
				buf_puts(out, "|");
			}
			buf_puts(out, "\n");
		}
		db_done(s);
	}
}

static int64_t count(db *d, const char *sql)
{
	return db_scalar_int(d, sql, -1);
}

static void test_merge_and_undo(void **state)
{
	(void)state;
	db *d;
	char path[64];
	assert_int_equal(unit_db_open(&d, path), 0);
	struct actor who = {0, 1767225600, 20454, NULL};   /* 2026-01-01 */
	assert_true(clockstore_ensure(d, who.today, NULL) >= 0);
	struct change c;
	/* two records of one child, and a twin: the same date of birth and postcode */
	assert_int_equal(change_begin(&c, d, &who), 0);
	int64_t uid = insert(d, "INSERT INTO users(username,display_name,role,password_hash,created_at) "
	                        "VALUES('cw','Caseworker','caseworker','x','2026-01-01T00:00:00Z') RETURNING id");
	int64_t a = insert(d, "INSERT INTO people(surname,forename,dob,postcode,created_at) "
	                      "VALUES('Murray','Leo','2015-04-03','LE1 1AA','2026-01-01T00:00:00Z') RETURNING id");
	int64_t b = insert(d, "INSERT INTO people(surname,forename,dob,postcode,created_at) "
	                      "VALUES('MURRAY','leo','2015-04-03','LE2 2BB','2026-01-01T00:00:00Z') RETURNING id");
	int64_t t = insert(d, "INSERT INTO people(surname,forename,dob,postcode,created_at) "
	                      "VALUES('Murray','Ava','2015-04-03','LE1 1AA','2026-01-01T00:00:00Z') RETURNING id");
	char sql[400];
	snprintf(sql, sizeof sql, "INSERT INTO needs(person_id,rank,sen_type) VALUES(%lld,1,'ASD'),(%lld,1,'SLCN'),"
	         "(%lld,2,'MLD') RETURNING id", (long long)a, (long long)b, (long long)b);
	insert(d, sql);
	snprintf(sql, sizeof sql, "INSERT INTO requests(person_id,received_date) VALUES(%lld,'2025-10-01') RETURNING id",
	         (long long)b);
	insert(d, sql);
	snprintf(sql, sizeof sql, "INSERT INTO notes(person_id,author_id,created_at,body) VALUES(%lld,%lld,'x','a note') "
	         "RETURNING id", (long long)b, (long long)uid);
	insert(d, sql);
	snprintf(sql, sizeof sql, "INSERT INTO allocations(person_id,user_id,start_date) VALUES(%lld,%lld,'2025-01-01'),"
	         "(%lld,%lld,'2025-02-01') RETURNING id", (long long)a, (long long)uid, (long long)b, (long long)uid);
	insert(d, sql);
	change_audit(&c, "create", "people", a, a, NULL, NULL);
	change_audit(&c, "create", "people", b, b, NULL, NULL);
	change_audit(&c, "create", "people", t, t, NULL, NULL);
	assert_int_equal(change_commit(&c), 0);
	/* the pairs: a-b by name, a-t by postcode; b and t share neither */
	assert_int_equal(count(d, "SELECT COUNT(*) FROM dup_pairs"), 2);
	snprintf(sql, sizeof sql, "SELECT same_name*10+same_postcode FROM dup_pairs WHERE lo=%lld AND hi=%lld", (long long)a,
	         (long long)t);
	assert_int_equal(count(d, sql), 1);

	buf before = BUF_INIT, after = BUF_INIT;
	dump(d, a, b, &before);
	struct merge_preview p;
	assert_int_equal(merge_preview(d, a, b, &p), MERGE_OK);
	assert_int_equal(p.nproblems, 0);
	assert_int_equal(p.moving_total, 5);   /* two needs, a request, a note, an allocation */
	struct errs e = {0};
	int64_t mid;
	/* a stale version is refused */
	assert_int_equal(merge_people(d, &who, a, b, p.kept_version, p.absorbed_version + 1, &mid, &e), MERGE_STALE);
	e.n = 0;
	assert_int_equal(merge_people(d, &who, a, b, p.kept_version, p.absorbed_version, &mid, &e), MERGE_OK);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM needs WHERE person_id=%lld", (long long)a);
	assert_int_equal(count(d, sql), 3);
	snprintf(sql, sizeof sql, "SELECT MAX(rank) FROM needs WHERE person_id=%lld", (long long)a);
	assert_int_equal(count(d, sql), 3);   /* the absorbed child's needs ranked after the kept child's */
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM allocations WHERE person_id=%lld AND end_date IS NULL", (long long)a);
	assert_int_equal(count(d, sql), 1);   /* the absorbed child's caseworker allocation was ended */
	snprintf(sql, sizeof sql, "SELECT merged_into FROM people WHERE id=%lld", (long long)b);
	assert_int_equal(count(d, sql), a);
	assert_int_equal(count(d, "SELECT COUNT(*) FROM audit_events WHERE action='merge'"), 2);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM dup_pairs WHERE lo=%lld OR hi=%lld", (long long)b, (long long)b);
	assert_int_equal(count(d, sql), 0);   /* a merged record is no one's duplicate */
	assert_int_equal(clockstore_verify(d, who.today, stderr), 0);
	/* the undo restores every row */
	assert_int_equal(merge_undo(d, &who, mid, &e), MERGE_OK);
	dump(d, a, b, &after);
	assert_string_equal(buf_cstr(&before), buf_cstr(&after));
	assert_int_equal(merge_undo(d, &who, mid, &e), MERGE_REFUSED);   /* once */
	assert_int_equal(count(d, "SELECT COUNT(*) FROM audit_events WHERE action='unmerge'"), 2);

	/* merged again, then a change to the kept record: the undo is refused */
	assert_int_equal(merge_preview(d, a, b, &p), MERGE_OK);
	assert_int_equal(merge_people(d, &who, a, b, p.kept_version, p.absorbed_version, &mid, &e), MERGE_OK);
	who.now += 60;
	assert_int_equal(change_begin(&c, d, &who), 0);
	change_audit(&c, "update", "people", a, a, "postcode", NULL);
	assert_int_equal(change_commit(&c), 0);
	e.n = 0;
	assert_int_equal(merge_undo(d, &who, mid, &e), MERGE_REFUSED);
	assert_int_equal(e.n, 1);
	assert_non_null(strstr(e.e[0].msg, "changed since the merge"));

	/* not the same: the twin's pair is no longer listed, and stays so after a change */
	assert_int_equal(dup_not_same(d, &who, t, a), MERGE_OK);
	assert_int_equal(count(d, "SELECT COUNT(*) FROM dup_pairs"), 0);
	assert_int_equal(change_begin(&c, d, &who), 0);
	change_audit(&c, "update", "people", t, t, "sex", NULL);
	assert_int_equal(change_commit(&c), 0);
	assert_int_equal(count(d, "SELECT COUNT(*) FROM dup_pairs"), 0);
	assert_int_equal(dup_rebuild(d), 0);
	assert_int_equal(count(d, "SELECT COUNT(*) FROM dup_pairs"), 0);
	/* namesakes, the first with no postcode: listed by name, not by postcode (the
	 * whole-area rebuild once stored NULL there, which the table refuses: the
	 * rebuild failed) */
	int64_t n1 = insert(d, "INSERT INTO people(surname,forename,dob,created_at) "
	                       "VALUES('Nopost','Ada','2016-02-02','2026-01-01T00:00:00Z') RETURNING id");
	int64_t n2 = insert(d, "INSERT INTO people(surname,forename,dob,postcode,created_at) "
	                       "VALUES('NOPOST','ada','2016-02-02','LE3 3CC','2026-01-01T00:00:00Z') RETURNING id");
	assert_true(n1 > 0 && n2 > n1);
	assert_int_equal(dup_rebuild(d), 0);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM dup_pairs WHERE lo=%lld AND hi=%lld AND same_name=1 AND same_postcode=0",
	         (long long)n1, (long long)n2);
	assert_int_equal(count(d, sql), 1);
	buf_free(&before);
	buf_free(&after);
	unit_db_remove(d, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_tables_cover_catalogue),   /* sqlite only: the catalogue */
		cmocka_unit_test(test_merge_and_undo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
