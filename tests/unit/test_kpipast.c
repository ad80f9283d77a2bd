/* test_kpipast.c — a past day's measures are counted once and kept
 * (kpicache.c, kpi_past_values; migration 0016).
 *
 * The first ask counts them from the records as they stood that day and
 * stores them; a later ask reads what was stored, even after a record is
 * entered with an earlier date (what the records said of that day when
 * first counted); figures counted with other settings are counted again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/kpicache.h"
#include "store/db.h"
#include "unit_db.h"

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

/* A person with a request received on `received` (no decision yet). */
static void request(db *d, const char *received)
{
	db_stmt *s = db_prepare(d, "INSERT INTO people(surname,forename,dob,created_at) VALUES('Past','Kpi','2015-05-05',"
	                           "'2020-01-01T00:00:00Z') RETURNING id");
	assert_int_equal(db_step(s), DB_ROW);
	int64_t person = db_col_int(s, 0);
	db_done(s);
	s = db_prepare(d, "INSERT INTO requests(person_id,received_date) VALUES(?,?)");
	db_bind_int(s, 1, person);
	db_bind_text(s, 2, received);
	assert_int_equal(db_step(s), DB_DONE);
	db_done(s);
}

static void test_past_values_are_kept(void **state)
{
	db *d = *state;
	request(d, "2025-02-03");
	request(d, "2025-03-03");
	struct kpi_query q = {0};
	date_parse_iso("2025-06-30", &q.as_of);
	q.year = 2025;
	q.la_code = "999";
	q.visit_overdue_months = 6;
	struct kpi_value v[K_N], w[K_N];
	assert_int_equal(db_scalar_int(d, "SELECT COUNT(*) FROM kpi_past", -1), 0);
	assert_int_equal(kpi_past_values(d, &q, 1760000000, v), 0);
	assert_int_equal(v[K_REQUESTS_RECEIVED].numerator, 2);
	assert_int_equal(db_scalar_int(d, "SELECT COUNT(*) FROM kpi_past WHERE as_of='2025-06-30'", -1), K_N);
	/* a request entered now, dated before the day: the count as it is says 3; the kept figures, 2 */
	request(d, "2025-04-07");
	assert_int_equal(kpi_compute(d, &q, w), 0);
	assert_int_equal(w[K_REQUESTS_RECEIVED].numerator, 3);
	assert_int_equal(kpi_past_values(d, &q, 1760000001, v), 0);
	assert_int_equal(v[K_REQUESTS_RECEIVED].numerator, 2);
	/* counted with another LA code: counted again, and stored in their place */
	q.la_code = "998";
	assert_int_equal(kpi_past_values(d, &q, 1760000002, v), 0);
	assert_int_equal(v[K_REQUESTS_RECEIVED].numerator, 3);
	assert_int_equal(db_scalar_int(d, "SELECT COUNT(*) FROM kpi_past WHERE as_of='2025-06-30'", -1), K_N);
	assert_int_equal(db_scalar_int(d, "SELECT COUNT(DISTINCT counted_at) FROM kpi_past", -1), 1);
	/* another day is its own */
	date_parse_iso("2025-02-28", &q.as_of);
	assert_int_equal(kpi_past_values(d, &q, 1760000003, v), 0);
	assert_int_equal(v[K_REQUESTS_RECEIVED].numerator, 1);
	assert_int_equal(db_scalar_int(d, "SELECT COUNT(DISTINCT as_of) FROM kpi_past", -1), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_past_values_are_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
