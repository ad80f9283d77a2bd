/* Unit tests: the lists (issue 15, "every page costs the page").
 *
 * listing.c's walk gives exactly the rows from `offset`, `limit` of them,
 * across segments, and its capped count says when it stopped.  Then every
 * statement a list runs is held, with EXPLAIN QUERY PLAN on a migrated
 * database, to what its list says of it (listing.h, enum list_query_kind):
 * a walk is served in order by an index (no sort of the whole result), a
 * few rows are found through an index (no table read whole), one row is
 * found by its key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "domain/listing.h"
#include "domain/register.h"
#include "domain/outbox.h"
#include "domain/audit.h"
#include "domain/clockstore.h"
#include "unit_db.h"

static char dbpath[64];
/* the EXPLAIN texts: the statement cache keys on their pointers, so they
 * live until the database is closed */
static char *explained[512];
static int nexplained;

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
	for (int i = 0; i < nexplained; i++)
		free(explained[i]);
	return 0;
}

/* ---- the walk -------------------------------------------------------------------- */

static int no_bind(db_stmt *s, const void *ctx)
{
	return 0;
}

static const char *const segs[] = {
	"SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3) AS s ORDER BY x LIMIT ?1",
	"SELECT x FROM (SELECT 4 AS x UNION ALL SELECT 5) AS s ORDER BY x LIMIT ?1",
	"SELECT x FROM (SELECT 6 AS x) AS s WHERE x < 0 LIMIT ?1",   /* an empty part */
	"SELECT x FROM (SELECT 7 AS x UNION ALL SELECT 8) AS s ORDER BY x LIMIT ?1",
};

/* The rows of a walk from offset, limit of them, as "3,4". */
static const char *walked(db *d, int64_t offset, int64_t limit)
{
	static char out[64];
	struct list_walk w;
	list_walk_init(&w, d, segs, 4, 1, no_bind, NULL, offset, limit);
	out[0] = 0;
	int rc;
	while ((rc = list_walk_step(&w)) == DB_ROW)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", out[0] ? "," : "", (long long)db_col_int(w.s, 0));
	assert_int_equal(rc, DB_DONE);
	list_walk_end(&w);
	return out;
}

static void test_walk_pages_across_segments(void **state)
{
	db *d = *state;
	assert_string_equal(walked(d, 0, LIST_ALL), "1,2,3,4,5,7,8");
	assert_string_equal(walked(d, 0, 2), "1,2");
	assert_string_equal(walked(d, 2, 2), "3,4");        /* a page across two parts */
	assert_string_equal(walked(d, 3, 3), "4,5,7");      /* and across an empty one */
	assert_string_equal(walked(d, 5, LIST_ALL), "7,8");
	assert_string_equal(walked(d, 6, 10), "8");
	assert_string_equal(walked(d, 7, 10), "");
	assert_string_equal(walked(d, 100, 1), "");
	assert_string_equal(walked(d, 0, 0), "");
}

static void test_walk_error_ends_it(void **state)
{
	db *d = *state;
	static const char *const bad[] = {"SELECT x FROM no_such_table LIMIT ?1"};
	struct list_walk w;
	list_walk_init(&w, d, bad, 1, 1, no_bind, NULL, 0, LIST_ALL);
	assert_int_equal(list_walk_step(&w), DB_ERROR);
	assert_int_equal(list_walk_step(&w), DB_ERROR);   /* and stays ended */
	list_walk_end(&w);
}

static void test_count_capped(void **state)
{
	db *d = *state;
	const char *sql = "SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 "
	                  "UNION ALL SELECT 4 UNION ALL SELECT 5) AS s LIMIT ?1) AS n";
	struct list_count c;
	assert_int_equal(list_count_capped(d, sql, 1, 2, no_bind, NULL, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.more, 1);
	assert_int_equal(list_count_capped(d, sql, 1, 4, no_bind, NULL, &c), 0);
	assert_true(c.n == 4 && c.more == 1);
	assert_int_equal(list_count_capped(d, sql, 1, 5, no_bind, NULL, &c), 0);
	assert_true(c.n == 5 && c.more == 0);                /* exactly the cap: not "more than" */
	assert_int_equal(list_count_capped(d, sql, 1, INT64_MAX, no_bind, NULL, &c), 0);
	assert_true(c.n == 5 && c.more == 0);
	assert_int_equal(list_order_parse("asc"), LIST_ASC);
	assert_int_equal(list_order_parse("desc"), LIST_DESC);
	assert_int_equal(list_order_parse("DESC"), -1);
	assert_int_equal(list_order_parse(NULL), -1);
}

/* ---- the oversight list's "awaiting provision": the row's flag and the stored filter -- */

static int64_t insert(db *d, const char *sql, const char *const *v, int n)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	for (int i = 0; i < n; i++)
		db_bind_opt_text(s, i + 1, v[i]);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_done(s);
	return id;
}

/* Each child with an active plan and the placements they have (code, start,
 * end, rank) as at 2026-06-01; whether they are awaiting provision. */
static void test_oversight_awaiting_two_ways(void **state)
{
	db *d = *state;
	static const struct {
		const char *name;
		int awaiting;
		struct { const char *code, *start, *end, *rank; } pl[3];
	} kids[] = {
		{"Nonen", 1, {{0}}},                                                            /* no placement at all */
		{"Endeda", 1, {{"MSI", "2020-09-01", "2026-05-31", "1"}}},                       /* ended yesterday */
		{"Futura", 1, {{"MSI", "2026-09-01", NULL, "1"}}},                               /* starts next term */
		{"Awaitly", 1, {{"AWAIT", "2026-01-01", NULL, "1"}}},
		{"Firstawait", 1, {{"AWAIT", "2026-01-01", NULL, "1"}, {"MSI", "2025-09-01", NULL, "2"}}},
		{"Secondawait", 0, {{"MSI", "2025-09-01", NULL, "1"}, {"AWAIT", "2026-01-01", NULL, "2"}}},
		{"Newerawait", 1, {{"MSI", "2025-09-01", NULL, "1"}, {"AWAIT", "2026-01-01", NULL, "1"}}},   /* same rank: the latest */
		{"Olderawait", 0, {{"AWAIT", "2025-09-01", NULL, "1"}, {"MSI", "2026-01-01", NULL, "1"}}},
		{"Placed", 0, {{"MSI", "2025-09-01", NULL, "1"}, {"AWAIT", "2024-01-01", "2025-08-31", "1"}}},
	};
	int64_t ids[sizeof kids / sizeof kids[0]];
	for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) {
		const char *pv[] = {kids[i].name, "Oversight"};
		ids[i] = insert(d, "INSERT INTO people(forename,surname,dob,created_at) VALUES(?,?,'2015-01-01','2026-01-01T00:00:00Z') RETURNING id", pv, 2);
		char pid[24];
		snprintf(pid, sizeof pid, "%lld", (long long)ids[i]);
		const char *plv[] = {pid};
		insert(d, "INSERT INTO plans(person_id,status,issue_date,next_review_due) VALUES(?,'active','2025-06-01','2026-05-31') RETURNING id", plv, 1);
		for (int k = 0; k < 3 && kids[i].pl[k].code; k++) {
			const char *cv[] = {pid, kids[i].pl[k].code, kids[i].pl[k].start, kids[i].pl[k].end, kids[i].pl[k].rank};
			insert(d, "INSERT INTO placements(person_id,setting_code,start_date,end_date,rank) VALUES(?,?,?,?,?) RETURNING id", cv, 5);
		}
	}
	struct oversight_filter f = {0};
	f.sort = "name";
	f.la_code = "999";
	f.visit_overdue_months = 12;
	date_parse_iso("2026-06-01", &f.today);
	/* where each child is today, stored as every change stores it (the filter reads it) */
	assert_true(clockstore_all(d, f.today, NULL, NULL) >= 0);
	/* the row's flag (today's placement found first) and the filter (asked without it) agree with what each child is */
	f.category = "";
	struct oversight_iter *it;
	struct oversight_row row;
	assert_int_equal(oversight_open(d, &f, 0, LIST_ALL, &it), 0);
	int flagged = 0;
	while (oversight_next(it, &row) == 1)
		for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++)
			if (row.id == ids[i]) {
				if (row.awaiting != kids[i].awaiting)
					fprintf(stderr, "%s: the row says %d\n", kids[i].name, row.awaiting);
				assert_int_equal(row.awaiting, kids[i].awaiting);
				flagged += row.awaiting;
			}
	oversight_close(it);
	f.category = "awaiting";
	struct list_count c;
	assert_int_equal(oversight_count(d, &f, 1000, &c), 0);
	assert_int_equal(c.n, flagged);
	assert_int_equal(oversight_open(d, &f, 0, LIST_ALL, &it), 0);
	int listed = 0;
	while (oversight_next(it, &row) == 1) {
		assert_int_equal(row.awaiting, 1);
		listed++;
	}
	oversight_close(it);
	assert_int_equal(listed, flagged);
	assert_int_equal(flagged, 6);
}

/* ---- the register's filters through their own people ------------------------------ */

/* The ids of `mine` (n of them) a register filter lists, in order, as
 * "3,1,4" (the other tests' children share the database); *all the count
 * of every row it listed. */
static const char *listed_people(db *d, const struct people_filter *f, const int64_t *mine, int nmine, char *out,
                                 size_t n, int *all)
{
	struct people_iter *it;
	struct person_row row;
	out[0] = 0;
	assert_int_equal(people_open(d, f, 0, LIST_ALL, &it), 0);
	int rc;
	*all = 0;
	while ((rc = people_next(it, &row)) == 1) {
		++*all;
		for (int i = 0; i < nmine; i++)
			if (row.id == mine[i])
				snprintf(out + strlen(out), n - strlen(out), "%s%lld", out[0] ? "," : "", (long long)row.id);
	}
	assert_int_equal(rc, 0);
	people_close(it);
	return out;
}

/* Each filter, found through its own people (a filter that names few:
 * register.c's FEW_MAX) or walked in the list's order (few_max 1: every
 * filter names more), lists exactly the people it should, in the list's
 * order, and counts what it lists. */
static void test_register_filters_by_their_people(void **state)
{
	db *d = *state;
	insert(d, "INSERT INTO establishments(urn,name,phase,setting_type,la_code) VALUES('900001','Elm','primary','MS','999') RETURNING id", NULL, 0);
	insert(d, "INSERT INTO establishments(urn,name,phase,setting_type,la_code) VALUES('900002','Oak','special','SP','888') RETURNING id", NULL, 0);
	static const struct kid {
		const char *surname, *dob, *plan, *need, *est, *code, *flag;
	} kids[] = {
		{"Filtera", "2012-03-01", "active", "ASD", "900001", NULL, "looked_after"},
		{"Filterb", "2016-05-01", "active", "SLCN", "900002", NULL, NULL},
		{"Filterc", "2019-07-01", "draft", "ASD", NULL, "AWAIT", "care_leaver"},
		{"Filterd", "2008-01-01", "ceased", "SEMH", "900002", NULL, NULL},
		{"Filtere", "2014-09-01", NULL, NULL, NULL, NULL, "looked_after"},
		{"Filterf", "2010-11-01", "active", "SLCN", NULL, "EHE", "ehe"},
	};
	enum { NK = sizeof kids / sizeof kids[0] };
	int64_t ids[NK];
	for (int i = 0; i < NK; i++) {
		const char *pv[] = {kids[i].surname, kids[i].dob};
		ids[i] = insert(d, "INSERT INTO people(forename,surname,dob,created_at) VALUES('Reg',?,?,'2026-01-01T00:00:00Z') RETURNING id", pv, 2);
		char pid[24], sql[160];
		snprintf(pid, sizeof pid, "%lld", (long long)ids[i]);
		const char *v1[] = {pid, kids[i].plan}, *v2[] = {pid, kids[i].need}, *v3[] = {pid, kids[i].est, kids[i].code};
		if (kids[i].plan)
			insert(d, "INSERT INTO plans(person_id,status,issue_date) VALUES(?,?,'2025-06-01') RETURNING id", v1, 2);
		if (kids[i].need)
			insert(d, "INSERT INTO needs(person_id,rank,sen_type) VALUES(?,1,?) RETURNING id", v2, 2);
		if (kids[i].est || kids[i].code)
			insert(d, "INSERT INTO placements(person_id,establishment_id,setting_code,start_date,rank) VALUES(?,"
			          "(SELECT id FROM establishments WHERE urn=?),?,'2025-09-01',1) RETURNING id", v3, 3);
		if (kids[i].flag) {
			snprintf(sql, sizeof sql, "UPDATE people SET %s=1 WHERE id=? RETURNING id", kids[i].flag);
			insert(d, sql, v1, 1);
		}
	}
	day_t today;
	date_parse_iso("2026-06-01", &today);
	assert_true(clockstore_all(d, today, NULL, NULL) >= 0);
	static const struct { const char *status, *need, *setting, *area, *age, *flag; const char *want; } cases[] = {
		{"active", 0, 0, 0, 0, 0, "Filtera,Filterb,Filterf"},
		{"draft", 0, 0, 0, 0, 0, "Filterc"},
		{"ceased", 0, 0, 0, 0, 0, "Filterd"},
		{"none", 0, 0, 0, 0, 0, "Filtere"},
		{0, "SLCN", 0, 0, 0, 0, "Filterb,Filterf"},
		{0, 0, "SP", 0, 0, 0, "Filterb,Filterd"},
		{0, 0, "AWAIT", 0, 0, 0, "Filterc"},
		{0, 0, 0, "out", 0, 0, "Filterb,Filterd"},
		{0, 0, 0, 0, "11-15", 0, "Filtera,Filtere,Filterf"},
		{0, 0, 0, 0, 0, "looked_after", "Filtera,Filtere"},
		{0, 0, 0, 0, 0, "ehe", "Filterf"},
		{"active", "ASD", 0, 0, 0, 0, "Filtera"},
		{"active", 0, 0, "out", 0, 0, "Filterb"},
		{0, 0, "SP", 0, "11-15", 0, ""},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
		for (int desc = 0; desc < 4; desc++) {
			struct people_filter f = {0};
			f.few_max = desc >= 2 ? 1 : 0;
			f.status = cases[c].status;
			f.need = cases[c].need;
			f.setting_type = cases[c].setting;
			f.area = cases[c].area;
			f.age_band = cases[c].age;
			f.flag = cases[c].flag;
			f.la_code = "999";
			f.today = today;
			f.sort = desc % 2 ? "dob" : "name";
			f.order = desc % 2 ? LIST_DESC : LIST_ASC;
			char got[256], want[256] = "";
			int all;
			listed_people(d, &f, ids, NK, got, sizeof got, &all);
			/* what it should be: the names asked for, in the list's order (name: as written; dob descending: youngest first) */
			int order[NK], n = 0;
			for (int i = 0; i < NK; i++)
				if (strstr(cases[c].want, kids[i].surname))
					order[n++] = i;
			for (int a = 0; desc % 2 && a < n; a++)
				for (int b = a + 1; b < n; b++)
					if (strcmp(kids[order[b]].dob, kids[order[a]].dob) > 0) {
						int t = order[a];
						order[a] = order[b];
						order[b] = t;
					}
			for (int i = 0; i < n; i++)
				snprintf(want + strlen(want), sizeof want - strlen(want), "%s%lld", i ? "," : "", (long long)ids[order[i]]);
			if (strcmp(got, want))
				fprintf(stderr, "case %zu (%s): listed %s, want %s\n", c, cases[c].want, got, want);
			assert_string_equal(got, want);
			struct list_count cnt;
			assert_int_equal(people_count(d, &f, 1000, &cnt), 0);
			assert_int_equal(cnt.n, all);
			assert_int_equal(cnt.more, 0);
		}
}

/* ---- every list statement's plan ------------------------------------------------ */

struct plan_line {
	long long id, parent;
	char detail[200];
};

/* Is the name after "SCAN " a CTE or a subquery of the statement's own: the
 * search's hits (h), the candidates (d, and the union they are taken from,
 * cand), the sort keys (t), a count's rows (n), a one-row join (z, or a
 * constant row)? */
static int scans_own(const char *detail)
{
	const char *n = detail + 5;
	return !strncmp(n, "(subquery-", 10) || !strcmp(n, "CONSTANT ROW") || (strchr("hdtnz", n[0]) && (n[1] == 0 || n[1] == ' ')) ||
	       !strcmp(n, "cand");
}

/* Does "SCAN x USING [COVERING] INDEX name" scan a partial index (one that
 * holds only the few rows of its WHERE)?  sqlite only (sqlite_master) */
static int scans_partial_index(db *d, const char *detail)
{
	const char *u = strstr(detail, " INDEX ");
	if (!strstr(detail, " USING ") || !u)
		return 0;
	char name[96];
	snprintf(name, sizeof name, "%s", u + 7);
	name[strcspn(name, " ")] = 0;
	db_stmt *s = db_prepare(d, "SELECT sql FROM sqlite_master WHERE type='index' AND name=?");
	assert_non_null(s);
	db_bind_text(s, 1, name);
	int partial = db_step(s) == DB_ROW && strstr(db_col_text(s, 0), " WHERE ") != NULL;
	db_done(s);
	return partial;
}

/* Holds one statement to its kind; prints the plan when it fails.  sqlite only (EXPLAIN QUERY PLAN) */
static int plan_ok(db *d, const struct list_query *q, const char *list, int i)
{
	size_t n = strlen(q->sql) + 32;
	char *sql = malloc(n);   /* kept: the statement cache keys on this pointer until db_close */
	assert_non_null(sql);
	assert_true(nexplained < 512);
	explained[nexplained++] = sql;
	snprintf(sql, n, "EXPLAIN QUERY PLAN %s", q->sql);
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	struct plan_line lines[400];
	int nl = 0;
	while (db_step(s) == DB_ROW && nl < 400) {
		lines[nl].id = db_col_int(s, 0);
		lines[nl].parent = db_col_int(s, 1);
		snprintf(lines[nl].detail, sizeof lines[nl].detail, "%s", db_col_text(s, 3));
		nl++;
	}
	db_done(s);
	const char *why = NULL;
	int at = -1;
	for (int k = 0; k < nl && !why; k++) {
		at = k;
		const char *t = lines[k].detail;
		int top = lines[k].parent == 0;
		/* a lookup made for each row (inside a correlated subquery) is keyed by that row */
		int per_row = 0;
		for (long long up = lines[k].parent; up && !per_row;) {
			int j = 0;
			while (j < nl && lines[j].id != up)
				j++;
			if (j == nl)
				break;
			per_row = !strncmp(lines[j].detail, "CORRELATED ", 11);
			up = lines[j].parent;
		}
		if (per_row && !strncmp(t, "SEARCH ", 7) && !strstr(t, "(person_id=") && !strstr(t, "(request_id=") &&
		    !strstr(t, "(rowid="))
			why = "a lookup for each row not keyed by the row";
		if (per_row && !strncmp(t, "SCAN ", 5) && !scans_own(t))
			why = "a table scanned for each row";
		if (why)
			break;
		switch (q->kind) {
		case LQ_WALK:   /* in the order asked, stopped by the LIMIT: never a sort of the whole */
			if (top && !strcmp(t, "USE TEMP B-TREE FOR ORDER BY"))
				why = "a walk sorts its whole result";
			break;
		case LQ_FEW:    /* found through an index: no table read whole (a partial index holds only the few) */
			if (!strncmp(t, "SCAN ", 5) && !scans_own(t) && !scans_partial_index(d, t))
				why = "a few rows read by scanning a table";
			break;
		case LQ_KEY:
			if (k == 0 && strncmp(t, "SEARCH ", 7) != 0)
				why = "one row not found by its key";
			if (!strncmp(t, "SCAN ", 5) && !scans_own(t))
				why = "one row's query scans a table";
			break;
		case LQ_CAPPED:
			break;
		}
	}
	if (why) {
		fprintf(stderr, "%s query %d: %s\n%s\n", list, i, why, q->sql);
		for (int k = 0; k < nl; k++)
			fprintf(stderr, "  %lld/%lld %s%s\n", lines[k].id, lines[k].parent, lines[k].detail, k == at ? "   <-- here" : "");
	}
	return why == NULL;
}

static int plans_ok(db *d, const struct list_query *q, const char *list)
{
	int ok = 1, n = 0;
	for (int i = 0; q[i].sql; i++, n++)
		ok &= plan_ok(d, &q[i], list, i);
	assert_true(n > 0);
	return ok;
}

/* The check itself: a sort of the whole, or a table read to find a few, fails it. */
static void test_plan_check_refuses(void **state)
{
	if (!unit_db_is_sqlite())   /* sqlite only: SQLite's plans */
		skip();
	db *d = *state;
	const struct list_query sorts = {"SELECT p.id FROM people p ORDER BY p.sex LIMIT 10", LQ_WALK};
	const struct list_query scans = {"SELECT p.id FROM people p WHERE p.sex='F' ORDER BY p.id LIMIT 10", LQ_FEW};
	const struct list_query fine = {"SELECT p.id FROM people p ORDER BY p.surname, p.forename, p.id LIMIT 10", LQ_WALK};
	fprintf(stderr, "(two plans refused on purpose follow)\n");
	assert_false(plan_ok(d, &sorts, "test", 0));
	assert_false(plan_ok(d, &scans, "test", 1));
	assert_true(plan_ok(d, &fine, "test", 2));
}

static void test_people_plans(void **state)
{
	if (!unit_db_is_sqlite())   /* sqlite only: SQLite's plans */
		skip();
	assert_true(plans_ok(*state, people_queries(), "people"));
}

static void test_outbox_plans(void **state)
{
	if (!unit_db_is_sqlite())   /* sqlite only: SQLite's plans */
		skip();
	assert_true(plans_ok(*state, outbox_list_queries(), "outbox"));
}

static void test_audit_plans(void **state)
{
	if (!unit_db_is_sqlite())   /* sqlite only: SQLite's plans */
		skip();
	assert_true(plans_ok(*state, audit_list_queries(), "audit"));
}

static void test_oversight_plans(void **state)
{
	if (!unit_db_is_sqlite())   /* sqlite only: SQLite's plans */
		skip();
	assert_true(plans_ok(*state, oversight_queries(), "oversight"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_pages_across_segments),
		cmocka_unit_test(test_walk_error_ends_it),
		cmocka_unit_test(test_count_capped),
		cmocka_unit_test(test_oversight_awaiting_two_ways),
		cmocka_unit_test(test_register_filters_by_their_people),
		/* sqlite only: SQLite's plans (EXPLAIN QUERY PLAN, sqlite_master) */
		cmocka_unit_test(test_plan_check_refuses),
		cmocka_unit_test(test_people_plans),
		cmocka_unit_test(test_outbox_plans),
		cmocka_unit_test(test_audit_plans),
		cmocka_unit_test(test_oversight_plans),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
