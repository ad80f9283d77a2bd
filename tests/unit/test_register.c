/* Unit tests: the register's search (register.c, people_search).  What a
 * search can name — a case reference, a UPN, an NHS number, a postcode, a
 * name in either order — and that SQLite answers it from indexes: the plan
 * of the searched list's query never reads the people table whole. */
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
#include "domain/register.h"
#include "unit_db.h"

static char dbpath[64];

static int setup(void **state)
{
	db *d;
	if (unit_db_open(&d, dbpath) < 0)
		return -1;
	static const struct { const char *forename, *surname, *postcode, *upn, *nhs; } people[] = {
		{"Sam", "Robinson", "LS1 4AP", "A123456789012", "943 476 5919"},
		{"Robin", "Samuels", "M1 1AE", NULL, NULL},
		{"Mary Ann", "Van Dyke", "SW1A 1AA", NULL, NULL},
		{"Samira", "Khan", NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		db_stmt *s = db_prepare(d, "INSERT INTO people(forename,surname,dob,postcode,upn,nhs_number,created_at) "
		                           "VALUES(?,?,'2015-01-01',?,?,?,'2026-01-01T00:00:00Z')");
		db_bind_text(s, 1, people[i].forename);
		db_bind_text(s, 2, people[i].surname);
		db_bind_opt_text(s, 3, people[i].postcode);
		db_bind_opt_text(s, 4, people[i].upn);
		db_bind_opt_text(s, 5, people[i].nhs);
		if (db_step(s) != DB_DONE)
			return -1;
		db_done(s);
	}
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	unit_db_remove(*state, dbpath);
	return 0;
}

/* The ids a search finds, in the list's order (by surname), as "1,3". */
static const char *found(db *d, const char *q)
{
	static char out[128];
	struct people_filter f = {0};
	f.q = q;
	f.case_ref_prefix = "SM";
	f.sort = "name";
	f.page_size = 50;
	f.page = 1;
	f.la_code = "999";
	date_parse_iso("2026-06-01", &f.today);
	struct person_row *rows;
	int n, total;
	assert_int_equal(people_search(d, &f, &rows, &n, &total), 0);
	assert_int_equal(n, total);
	out[0] = 0;
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", i ? "," : "", (long long)rows[i].id);
	free(rows);
	return out;
}

static void test_search_names_each_key(void **state)
{
	db *d = *state;
	/* ids: 1 Sam Robinson, 2 Robin Samuels, 3 Mary Ann Van Dyke, 4 Samira Khan; by surname: 4,1,2,3 */
	assert_string_equal(found(d, ""), "4,1,2,3");
	assert_string_equal(found(d, "sam"), "4,1,2");           /* forename Sam, Samira; surname Samuels */
	assert_string_equal(found(d, "ROBINSON"), "1");
	assert_string_equal(found(d, "Sam Robins"), "1");         /* forename surname */
	assert_string_equal(found(d, "Sam Rob"), "1,2");          /* Sam Robinson, and Samuels, Robin */
	assert_string_equal(found(d, "robinson sam"), "1");       /* surname forename */
	assert_string_equal(found(d, "Robinson,  Sam "), "1");
	assert_string_equal(found(d, "Mary Ann Van"), "3");       /* split at either space */
	assert_string_equal(found(d, "van dyke mary"), "3");
	assert_string_equal(found(d, "obinson"), "");             /* from the start of a name, not inside it */
	assert_string_equal(found(d, "SM-000002"), "2");          /* the case reference on every letter */
	assert_string_equal(found(d, "sm 2"), "2");
	assert_string_equal(found(d, "SM000003"), "3");
	assert_string_equal(found(d, "SM-"), "");
	assert_string_equal(found(d, "SM--2"), "");
	assert_string_equal(found(d, "9434765919"), "1");         /* NHS number, with or without its spaces */
	assert_string_equal(found(d, "943 476 5919"), "1");
	assert_string_equal(found(d, "ls14ap"), "1");             /* postcode, any case, with or without the space */
	assert_string_equal(found(d, "sw1a 1aa"), "3");
	assert_string_equal(found(d, "a123456789012"), "1");      /* UPN, whole */
	assert_string_equal(found(d, "A1234567"), "");
	assert_string_equal(found(d, "%"), "");
}

/* Every read of the people table in a search is an index search.  sqlite only (EXPLAIN QUERY PLAN) */
static void test_search_reads_indexes(void **state)
{
	if (!unit_db_is_sqlite())   /* sqlite only: SQLite's plans */
		skip();
	db *d = *state;
	char sql[16384];
	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", people_page_query(1));
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	char plan[16384] = "";
	int surname = 0, forename = 0, nhs = 0, postcode = 0, upn = 0, bad = 0;
	while (db_step(s) == DB_ROW) {
		const char *line = db_col_text(s, 3);
		snprintf(plan + strlen(plan), sizeof plan - strlen(plan), "%s\n", line);
		if (!strncmp(line, "SCAN x", 6) || !strncmp(line, "SCAN y", 6) || !strncmp(line, "SCAN p", 6) ||
		    strstr(line, "SCAN people"))
			bad++;
		surname += (!strncmp(line, "SEARCH y", 8) && strstr(line, "INDEX people_search_surname ") != NULL);
		forename += (!strncmp(line, "SEARCH y", 8) && strstr(line, "INDEX people_search_forename ") != NULL);
		nhs += (!strncmp(line, "SEARCH y", 8) && strstr(line, "INDEX people_nhs_number ") != NULL);
		postcode += (!strncmp(line, "SEARCH y", 8) && strstr(line, "INDEX people_search_postcode ") != NULL);
		upn += (!strncmp(line, "SEARCH y", 8) && strstr(line, "INDEX people_upn ") != NULL);
	}
	db_done(s);
	if (bad || !surname || !forename || !nhs || !postcode || !upn)
		fprintf(stderr, "the plan:\n%s", plan);
	assert_int_equal(bad, 0);
	assert_true(surname >= 1 && forename >= 1 && nhs == 1 && postcode == 1 && upn == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_names_each_key),
		cmocka_unit_test(test_search_reads_indexes),   /* sqlite only: EXPLAIN QUERY PLAN */
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
