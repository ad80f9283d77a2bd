/* test_kpi.c — cmocka tests for the KPI engine (core/kpi.c, domain/kpicount.c).
 *
 * DESIGN: a small area is built row by row in a fresh database, each row
 * made for one edge of one definition: a plan issued exactly 140 days after
 * its request and one 141 days after, one with a tribunal, one with an
 * exception episode (SEN2 Week20), one transferred in, one ceased on the
 * census date, a request received in one year and decided in the next,
 * review decisions 28 and 29 days after the meeting, not-issue decisions at
 * 112 and 113 days.  The expected values are worked out here by hand from
 * that list (the comments say why each row counts), not by the engine's
 * predicates; and every drill-down (kpi_members) must be exactly the rows
 * counted, numerator and denominator.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "domain/kpicount.h"
#include "core/date.h"
#include "core/kpi.h"
#include "store/db.h"
#include "unit_db.h"

static char dbpath[64];

static void exec1(db *d, const char *sql)
{
	if (db_exec(d, sql) < 0)
		fail_msg("%s: %s", sql, db_errmsg(d));
}

/* Steps an INSERT … RETURNING id; the new row's id. */
static int64_t step_id(db_stmt *s)
{
	assert_int_equal(db_step(s), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_done(s);
	return id;
}

/* A person with a request received on `received` and, if outcome, decided on
 * `decided`; returns the request id. */
static int64_t request(db *d, const char *received, const char *outcome, const char *decided, int tribunal)
{
	db_stmt *s = db_prepare(d, "INSERT INTO people(surname,forename,dob,created_at) VALUES('Test','Kpi','2015-05-05',"
	                           "'2020-01-01T00:00:00Z') RETURNING id");
	int64_t pid = step_id(s);
	s = db_prepare(d, "INSERT INTO requests(person_id,received_date,outcome,outcome_date,tribunal) VALUES(?,?,?,?,?) "
	                  "RETURNING id");
	db_bind_int(s, 1, pid);
	db_bind_text(s, 2, received);
	db_bind_text(s, 3, outcome);
	db_bind_text(s, 4, decided);
	db_bind_int(s, 5, tribunal);
	return step_id(s);
}

static int64_t assessment(db *d, int64_t rq, const char *outcome, const char *decided)
{
	db_stmt *s = db_prepare(d, "INSERT INTO assessments(request_id,outcome,outcome_date) VALUES(?,?,?) RETURNING id");
	db_bind_int(s, 1, rq);
	db_bind_text(s, 2, outcome);
	db_bind_text(s, 3, decided);
	return step_id(s);
}

static int64_t plan(db *d, int64_t rq, const char *issued, const char *ceased, const char *transfer_la)
{
	db_stmt *s = db_prepare(d, "INSERT INTO plans(person_id,request_id,status,issue_date,start_date,cease_date,cease_reason,"
	                           "transfer_in_la) VALUES((SELECT person_id FROM requests WHERE id=?1),?1,?,?,?3,?,?,?) RETURNING id");
	db_bind_int(s, 1, rq);
	db_bind_text(s, 2, ceased ? "ceased" : "active");
	db_bind_text(s, 3, issued);
	db_bind_text(s, 4, ceased);
	db_bind_text(s, 5, ceased ? "1" : NULL);
	db_bind_text(s, 6, transfer_la);
	return step_id(s);
}

static void review(db *d, int64_t plan_id, const char *met, const char *decided)
{
	db_stmt *s = db_prepare(d, "INSERT INTO reviews(plan_id,meeting_date,decision_date,outcome) VALUES(?,?,?,'M')");
	db_bind_int(s, 1, plan_id);
	db_bind_text(s, 2, met);
	db_bind_text(s, 3, decided);
	assert_int_equal(db_step(s), DB_DONE);
	db_done(s);
}

struct ids { int64_t plans[64]; int n, nnum; int64_t num[64]; };

static int collect(void *ctx, const struct kpi_case *c)
{
	struct ids *x = ctx;
	x->plans[x->n++] = c->record_id;
	if (c->in_numerator)
		x->num[x->nnum++] = c->record_id;
	return 0;
}

static int64_t P140, P141, PTRIB, PEXC, PXFER, PCEASED, POLD;
static int64_t RQ_LATE_YEAR;

static int setup(void **state)
{
	db *d;
	if (unit_db_open(&d, dbpath) < 0)
		return -1;
	exec1(d, "BEGIN");
	/* 2025 requests */
	int64_t r1 = request(d, "2025-01-06", "Y", "2025-02-17", 0);   /* decided day 42: in time */
	assessment(d, r1, "Y", "2025-05-26");
	P140 = plan(d, r1, "2025-05-26", NULL, NULL);                  /* issued day 140: within 20 weeks */
	int64_t r2 = request(d, "2025-01-06", "Y", "2025-02-18", 0);   /* decided day 43: late */
	assessment(d, r2, "Y", "2025-05-27");
	P141 = plan(d, r2, "2025-05-27", NULL, NULL);                  /* issued day 141: late */
	int64_t r3 = request(d, "2025-02-03", "Y", "2025-03-10", 1);   /* a tribunal: out of both 20-week measures */
	assessment(d, r3, "Y", "2025-06-02");
	PTRIB = plan(d, r3, "2025-06-02", NULL, NULL);
	int64_t r4 = request(d, "2025-03-03", "Y", "2025-04-07", 0);
	assessment(d, r4, "Y", "2025-09-01");
	PEXC = plan(d, r4, "2025-09-01", NULL, NULL);                  /* late, but an exception applies */
	db_stmt *s = db_prepare(d, "INSERT INTO clock_exceptions(person_id,reason,start_date,end_date,told_date) "
	                           "VALUES((SELECT person_id FROM requests WHERE id=?),'personal_circumstances','2025-04-01','2025-06-30','2025-04-02')");
	db_bind_int(s, 1, r4);
	assert_int_equal(db_step(s), DB_DONE);
	db_done(s);
	int64_t r5 = request(d, "2025-04-07", "N", "2025-05-12", 0);   /* refused, day 35 */
	(void)r5;
	int64_t r6 = request(d, "2025-05-05", "Y", "2025-06-09", 0);   /* not to issue at day 112, and at day 113 below */
	assessment(d, r6, "N", "2025-08-25");
	int64_t r7 = request(d, "2025-05-05", "Y", "2025-06-09", 0);
	assessment(d, r7, "N", "2025-08-26");
	RQ_LATE_YEAR = request(d, "2025-12-15", "Y", "2026-01-20", 0); /* received 2025, decided 2026: day 36 */
	int64_t r9 = request(d, "2025-06-02", NULL, NULL, 0);         /* no decision yet */
	(void)r9;
	/* a plan transferred in during 2025: not new */
	int64_t r10 = request(d, "2024-01-08", "Y", "2024-02-12", 0);
	PXFER = plan(d, r10, "2025-07-01", NULL, "998");
	/* an older plan, ceased on the census date 2026-01-15 */
	int64_t r11 = request(d, "2023-01-09", "Y", "2023-02-13", 0);
	assessment(d, r11, "Y", "2023-05-22");
	PCEASED = plan(d, r11, "2023-05-22", "2026-01-15", NULL);
	int64_t r12 = request(d, "2022-01-10", "Y", "2022-02-14", 0);
	assessment(d, r12, "Y", "2022-05-30");
	POLD = plan(d, r12, "2022-05-30", "2025-03-31", NULL);          /* ceased in 2025 */
	/* reviews of the 140-day plan in 2025: decided 28 and 29 days after; one in 2026 */
	review(d, PCEASED, "2025-05-01", "2025-05-29");
	review(d, PCEASED, "2025-10-01", "2025-10-30");
	review(d, P140, "2026-01-05", "2026-01-09");
	exec1(d, "COMMIT");
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	unit_db_remove(*state, dbpath);
	return 0;
}

static day_t day(const char *iso)
{
	day_t d;
	assert_int_equal(date_parse_iso(iso, &d), 0);
	return d;
}

static int compute(db *d, day_t as_of, int year, struct kpi_value v[K_N])
{
	struct kpi_query q = {.as_of = as_of, .year = year, .la_code = "999"};
	return kpi_compute(d, &q, v);
}

static int members(db *d, enum kpi_id k, day_t as_of, int year, void *x)
{
	struct kpi_query q = {.as_of = as_of, .year = year, .la_code = "999"};
	return kpi_members(d, &q, k, 0, D_NONE, NULL, collect, x);
}

static void expect(const struct kpi_value *v, enum kpi_id k, long long num, long long den)
{
	if (v[k].numerator != num || v[k].denominator != den)
		fail_msg("%s: %lld of %lld, expected %lld of %lld", kpi_defs[k].id, v[k].numerator, v[k].denominator, num, den);
}

static void test_census_2026(void **state)
{
	db *d = *state;
	struct kpi_value v[K_N];
	assert_int_equal(compute(d, day("2026-01-15"), 2025, v), 0);
	/* active on 2026-01-15: P140, P141, PTRIB, PEXC, PXFER (PCEASED ceased that day, POLD in 2025) */
	expect(v, K_ACTIVE_PLANS, 5, 0);
	/* received in 2025: r1..r9 = 9 (r10-r12 earlier) */
	expect(v, K_REQUESTS_RECEIVED, 9, 0);
	expect(v, K_REQUESTS_REFUSED, 1, 0);
	/* decided of the 2025 requests by the census: r1 r2 r3 r4 r5 r6 r7 and RQ_LATE_YEAR (decided 2026-01-20 > census: not yet) = 7;
	 * within 42 days: all but r2 = 6 */
	expect(v, K_REQUEST_DECISIONS_6WK, 6, 7);
	/* new in 2025: P140 P141 PTRIB PEXC (PXFER transferred in) */
	expect(v, K_NEW_PLANS_ISSUED, 4, 0);
	/* no tribunal: P140 P141 PEXC; within 140 days: P140 */
	expect(v, K_NEW_PLANS_20WK_INCL, 1, 3);
	/* PEXC's exception removes it from both lines */
	expect(v, K_NEW_PLANS_20WK_EXCL, 1, 2);
	/* not to issue in 2025: r6 at day 112 (in time), r7 at day 113 */
	expect(v, K_NOT_ISSUE_16WK, 1, 2);
	/* reviews met in 2025 with a decision: two; within 28 days: one */
	expect(v, K_REVIEW_DECISIONS_4WK, 1, 2);
	/* ceased in 2025: POLD (PCEASED ceased in 2026) */
	expect(v, K_PLANS_CEASED, 1, 0);
	assert_true(kpi_percent(&v[K_NEW_PLANS_20WK_EXCL]) == 50.0);
	assert_true(kpi_percent(&v[K_NEW_PLANS_20WK_INCL]) == 33.3);
}

static void test_as_of_reproduces_the_past(void **state)
{
	db *d = *state;
	struct kpi_value v[K_N];
	/* as at 2025-06-30: P141 (issued 27 May) and PTRIB (2 June) exist, PEXC does not yet */
	assert_int_equal(compute(d, day("2025-06-30"), 2025, v), 0);
	expect(v, K_NEW_PLANS_ISSUED, 3, 0);
	expect(v, K_ACTIVE_PLANS, 4, 0);   /* P140 P141 PTRIB PCEASED; POLD ceased in March */
	expect(v, K_REQUESTS_RECEIVED, 8, 0);   /* all but the December one */
	/* a later year, as at later: the 2026 decision of the December request counts for 2025's requests */
	assert_int_equal(compute(d, day("2026-12-31"), 2025, v), 0);
	expect(v, K_REQUEST_DECISIONS_6WK, 7, 8);
	expect(v, K_ACTIVE_PLANS, 5, 0);
	expect(v, K_PLANS_CEASED, 1, 0);
	assert_int_equal(compute(d, day("2026-12-31"), 2026, v), 0);
	expect(v, K_PLANS_CEASED, 1, 0);          /* PCEASED */
	expect(v, K_REVIEW_DECISIONS_4WK, 1, 1);  /* P140's review in January 2026 */
	expect(v, K_REQUESTS_RECEIVED, 0, 0);
	assert_true(kpi_percent(&v[K_NEW_PLANS_20WK_INCL]) < 0);   /* 0 of 0: no value */
}

static int has(const int64_t *v, int n, int64_t x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static void test_drill_down_is_the_count(void **state)
{
	db *d = *state;
	struct kpi_value v[K_N];
	day_t census = day("2026-01-15");
	assert_int_equal(compute(d, census, 2025, v), 0);
	for (int k = 0; k < K_N; k++) {
		struct ids x;
		memset(&x, 0, sizeof x);
		assert_int_equal(members(d, (enum kpi_id)k, census, 2025, &x), 0);
		if (kpi_defs[k].kind == KPI_COUNT)
			assert_int_equal(x.n, v[k].numerator);
		else if (kpi_defs[k].kind == KPI_WEEKS)
			assert_int_equal(x.n, v[k].denominator);
		else {
			assert_int_equal(x.n, v[k].denominator);
			assert_int_equal(x.nnum, v[k].numerator);
		}
	}
	struct ids x;
	memset(&x, 0, sizeof x);
	members(d, K_NEW_PLANS_20WK_EXCL, census, 2025, &x);
	assert_int_equal(x.n, 2);
	assert_true(has(x.plans, x.n, P140) && has(x.plans, x.n, P141));
	assert_true(x.nnum == 1 && x.num[0] == P140);
	memset(&x, 0, sizeof x);
	members(d, K_ACTIVE_PLANS, census, 2025, &x);
	assert_false(has(x.plans, x.n, PCEASED));
	assert_true(has(x.plans, x.n, PXFER));
	(void)POLD;
	(void)PTRIB;
	(void)RQ_LATE_YEAR;
}

static void test_table(void **state)
{
	for (int i = 0; i < K_N; i++) {
		assert_int_equal(kpi_defs[i].k, i);
		assert_ptr_equal(kpi_by_id(kpi_defs[i].id), &kpi_defs[i]);
		assert_true(strlen(kpi_defs[i].definition) > 20);
		assert_true((kpi_defs[i].kind != KPI_COUNT) == (kpi_defs[i].denominator != NULL));
	}
	assert_null(kpi_by_id("nope"));
}

/* ---- a second area: every other measure, the oversight counts, filters and breakdowns ----
 *
 * Built row by row for the census 15 January 2026 and the calendar year 2025
 * (the area's LA code is 999).  Each row is one edge of one definition; the
 * expected values in the tests below are counted by hand from this list.
 *
 * Settings: E_IN (LA 999, mainstream MS), E_OUT (LA 888, special SP),
 * E_FE (LA 999, further education FE).  Caseworkers: Nora (North team), Sam
 * (South team), Xavier (no team).
 *
 * T: new plans, each a request, an assessment to issue and a plan:
 *   T1 received 2025-01-06, decided Y 2025-02-10 (35 d), plan 2025-05-26 (140 d)  ASD F 10  E_IN  Nora
 *   T2 received 2025-01-06, decided Y 2025-02-17 (42 d), plan 2025-05-27 (141 d)  ASD M 13  E_IN  Sam
 *   T3 received 2024-06-03, decided Y 2024-07-15, plan 2025-06-02 (364 d)       SEMH M 16 E_FE  Nora
 *   T4 received 2024-06-03, decided Y 2024-07-15, plan 2025-06-03 (365 d)       SLCN F 6  E_IN
 *   T5 received 2025-02-03, decided Y 2025-03-10 (35 d), assessment with a
 *      tribunal, plan 2025-06-23: new but not timed                           (no need) M 12 E_IN Xavier
 *   T8 received 2024-01-08, decided Y 2024-02-12, plan 2024-05-20 (133 d, 2024)  ASD F 9  E_IN  Nora
 *   T9 received 2025-09-01, decided Y 2025-10-06 (35 d), plan 2026-01-10 (2026)   MLD M 9  E_IN  Sam
 * Q: requests only (born 2016-01-01, aged 10):
 *   Q1 2025-04-07 withdrawn 2025-04-22                    ASD  Nora
 *   Q2 2025-11-03 withdrawn 2026-02-02 (after the census) MLD
 *   Q3 2025-05-05 refused 2025-06-02 (28 d)               ASD  Sam
 *   Q4 2025-06-02 no decision
 *   Q5 2025-07-07 Y 2025-08-18 (42 d); not to issue 2025-10-27 (112 d)
 *   Q6 2025-08-04 Y 2025-09-16 (43 d); assessment ended (W) 2025-10-01
 *   Q8 2024-12-20 Y 2025-01-27; not to issue 2025-04-14 (115 d)
 *   Q9 2026-01-10 no decision (a 2026 request)
 * O: plans issued 2023-09-01 with no request (not new), where the child is:
 *   O1  E_IN                               ASD  F 10  Nora
 *   O2  E_OUT, visited 2025-10-01          SEMH M 12  Sam
 *   O3  E_OUT, never visited               ASD  M 12  Nora
 *   O4  E_OUT, visited 2025-07-15 (exactly 6 months before)  MLD F 12  (Nora until 2025-12-31)
 *   O5  E_OUT, visited 2025-07-14          MLD  F 12  (Nora from 2026-02-01)
 *   O6  E_OUT, visited only 2026-01-20 (after the census)  ASD M 12  Sam
 *   O7  E_IN, residential 52 weeks, never visited  SLD M 14  Nora
 *   O8  elective home education (flag and EHE), never visited  ASD F 11
 *   O9  AWAIT                               ASD  M 13
 *   O10 no placement                        SLCN F 7
 *   O11 E_OUT until 2025-12-31, none since  SEMH M 13  Sam
 *   O12 E_OUT from 2026-02-01, none before  SEMH F 13  Sam
 *   O13 E_IN, missing education (CME)       SEMH M 14
 *   O14 E_OUT, plan issued 2022-01-10, ceased 2025-06-30 (reason 2)
 *   C1  E_IN, plan issued 2021-03-01, ceased on the census date (reason 1)   born 2009-09-01
 *   C2  E_IN, plan issued 2021-03-01, ceased 2025-12-31 (no reason)          born 2009-09-01
 *   D1  E_IN, a draft plan (no issue date)
 * N: plans issued 2023-09-01, not in education, employment or training:
 *   N1 NEET born 2010-01-16 (15 on the census)  SEMH M
 *   N2 NEET born 2010-01-15 (16 that day)       SEMH F  Nora
 *   N3 NEET born 2007-01-16 (18)                ASD  M  Nora
 *   N4 NEET born 2007-01-15 (19 that day)       ASD  F  Sam
 *   N5 NEET born 2000-01-16 (25)                (no need) M
 *   N6 NEET born 2000-01-15 (26 that day)       (no need) F
 *   N7 NIEC born 2008-06-01 (17)                MLD  M
 * Reviews (meeting, decision, outcome, final amended plan):
 *   R1 O1 2025-03-03, 2025-03-20 (17 d), amend, final 2025-05-26 (84 d)
 *   R2 O2 2025-03-03, 2025-04-07 (35 d), amend, final 2025-05-27 (85 d)
 *   R3 O3 2025-04-01, 2025-04-10 (9 d),  amend, no final plan yet
 *   R4 O4 2025-11-03, 2025-11-20 (17 d), amend, final 2026-02-02 (91 d, after the census)
 *   R5 O5 2025-06-02, 2025-06-30 (28 d), maintain
 *   R6 O6 2025-12-15, 2026-01-20 (after the census), amend
 * Advice for an assessment (request, service, due, received):
 *   A1 T1 EP   due 2025-02-17, received 2025-02-17 (on the deadline)
 *   A2 T2 EP   due 2025-02-17, received 2025-02-18 (the day after)
 *   A3 T5 SALT due 2025-03-17, not received
 *   A4 T9 EP   due 2025-12-22, not received
 *   A5 Q5 SALT due 2025-08-18, received 2026-02-01 (after the census)
 *   A6 Q4 EP   due 2026-01-12 (a 2026 deadline)
 *   A7 T3 EP   due 2024-07-15, received 2024-07-01 (2024)
 */
struct area {
	int64_t est_in, est_out, est_fe, u_n, u_s, u_x;
	int64_t T[10], Tq[10], O[15], N[8], C1, C2, D1, Q[10];
};
static struct area A;

/* An INSERT with n text parameters (NULL binds NULL); the new row's id. */
static int64_t row(db *d, const char *sql, int n, ...)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		fail_msg("%s: %s", sql, db_errmsg(d));
	va_list ap;
	va_start(ap, n);
	for (int i = 1; i <= n; i++)
		db_bind_text(s, i, va_arg(ap, const char *));
	va_end(ap);
	if (db_step(s) != DB_ROW)
		fail_msg("%s: %s", sql, db_errmsg(d));
	int64_t id = db_col_int(s, 0);
	db_done(s);
	return id;
}

static const char *id_s(int64_t id)
{
	static char b[8][24];
	static int i;
	i = (i + 1) % 8;
	snprintf(b[i], sizeof b[i], "%lld", (long long)id);
	return b[i];
}

/* A child: born, sex, primary need (NULL: none), flags. */
static int64_t child(db *d, const char *dob, const char *sex, const char *need, int ehe, int cme)
{
	int64_t id = row(d, "INSERT INTO people(surname,forename,dob,sex,ehe,cme,created_at) VALUES('Area','Kpi',?,?,?,?,"
	                    "'2020-01-01T00:00:00Z') RETURNING id", 4, dob, sex, ehe ? "1" : "0", cme ? "1" : "0");
	if (need)
		row(d, "INSERT INTO needs(person_id,rank,sen_type) VALUES(?,1,?) RETURNING id", 2, id_s(id), need);
	return id;
}

static int64_t place(db *d, int64_t pid, int64_t est, const char *code, const char *start, const char *end, const char *res)
{
	return row(d, "INSERT INTO placements(person_id,establishment_id,setting_code,start_date,end_date,residential) "
	              "VALUES(?,?,?,?,?,?) RETURNING id", 6, id_s(pid), est ? id_s(est) : NULL, code, start, end, res);
}

static void visit(db *d, int64_t pid, int64_t placement, const char *on)
{
	row(d, "INSERT INTO visits(placement_id,person_id,visit_date,visit_type,outcome) VALUES(?,?,?,'monitoring','none') RETURNING id",
	    3, id_s(placement), id_s(pid), on);
}

static void allocate_to(db *d, int64_t pid, int64_t user, const char *from, const char *to)
{
	row(d, "INSERT INTO allocations(person_id,user_id,start_date,end_date) VALUES(?,?,?,?) RETURNING id", 4, id_s(pid), id_s(user),
	    from, to);
}

static int64_t req2(db *d, int64_t pid, const char *received, const char *outcome, const char *decided)
{
	return row(d, "INSERT INTO requests(person_id,received_date,outcome,outcome_date) VALUES(?,?,?,?) RETURNING id", 4, id_s(pid),
	           received, outcome, decided);
}

static void assess2(db *d, int64_t rq, const char *outcome, const char *decided, int tribunal)
{
	row(d, "INSERT INTO assessments(request_id,outcome,outcome_date,tribunal) VALUES(?,?,?,?) RETURNING id", 4, id_s(rq), outcome,
	    decided, tribunal ? "1" : "0");
}

/* A plan: issued (NULL: a draft), ceased (NULL: not), with its request (0: none). */
static int64_t plan2(db *d, int64_t pid, int64_t rq, const char *issued, const char *ceased, const char *reason)
{
	return row(d, "INSERT INTO plans(person_id,request_id,status,issue_date,start_date,cease_date,cease_reason) "
	              "VALUES(?,?,?,?,?4,?,?) RETURNING id", 6, id_s(pid), rq ? id_s(rq) : NULL,
	           !issued ? "draft" : ceased ? "ceased" : "active", issued, ceased, reason);
}

static void review2(db *d, int64_t plan_id, const char *met, const char *decided, const char *outcome, const char *final)
{
	row(d, "INSERT INTO reviews(plan_id,meeting_date,decision_date,outcome,final_amended_date) VALUES(?,?,?,?,?) RETURNING id", 5,
	    id_s(plan_id), met, decided, outcome, final);
}

static void advice2(db *d, int64_t rq, const char *service, const char *due, const char *received)
{
	/* asked six weeks before the deadline; the deadline is stored as the domain stores it */
	day_t due_day;
	char asked[11];
	assert_int_equal(date_parse_iso(due, &due_day), 0);
	date_format_iso(date_add_days(due_day, -42), asked);
	row(d, "INSERT INTO advice_requests(request_id,person_id,service,requested_date,due_date,received_date) "
	       "VALUES(?1,(SELECT person_id FROM requests WHERE id=?1),?2,?5,?3,?4) RETURNING id",
	    5, id_s(rq), service, due, received, asked);
}

static int64_t user2(db *d, const char *username, const char *name, const char *team)
{
	return row(d, "INSERT INTO users(username,display_name,role,password_hash,created_at,team) "
	              "VALUES(?,?,'caseworker','x','2020-01-01T00:00:00Z',?) RETURNING id", 3, username, name, team);
}

/* A child with a new plan: request, assessment to issue, plan; returns the plan, the request in *rq. */
static int64_t new_plan(db *d, int64_t pid, const char *received, const char *decided, const char *issued, int tribunal,
                        int64_t *rq)
{
	*rq = req2(d, pid, received, "Y", decided);
	assess2(d, *rq, "Y", issued, tribunal);
	return plan2(d, pid, *rq, issued, NULL, NULL);
}

static int setup_area(void **state)
{
	db *d;
	if (unit_db_open(&d, dbpath) < 0)
		return -1;
	memset(&A, 0, sizeof A);
	exec1(d, "BEGIN");
	A.est_in = row(d, "INSERT INTO establishments(urn,name,phase,setting_type,la_code) VALUES('900001','In School','PRI','MS','999') RETURNING id", 0);
	A.est_out = row(d, "INSERT INTO establishments(urn,name,phase,setting_type,la_code) VALUES('900002','Out Special','ALL','SP','888') RETURNING id", 0);
	A.est_fe = row(d, "INSERT INTO establishments(urn,name,phase,setting_type,la_code) VALUES('900003','In College','P16','FE','999') RETURNING id", 0);
	A.u_n = user2(d, "nora", "Nora North", "North team");
	A.u_s = user2(d, "sam", "Sam South", "South team");
	A.u_x = user2(d, "xavier", "Xavier Nobody", NULL);
	const char *IN_FROM = "2020-09-01";
	int64_t p;
	/* T */
	p = child(d, "2015-05-05", "F", "ASD", 0, 0), place(d, p, A.est_in, NULL, IN_FROM, NULL, NULL), allocate_to(d, p, A.u_n, "2025-01-06", NULL);
	A.T[1] = new_plan(d, p, "2025-01-06", "2025-02-10", "2025-05-26", 0, &A.Tq[1]);
	p = child(d, "2012-09-01", "M", "ASD", 0, 0), place(d, p, A.est_in, NULL, IN_FROM, NULL, NULL), allocate_to(d, p, A.u_s, "2025-01-06", NULL);
	A.T[2] = new_plan(d, p, "2025-01-06", "2025-02-17", "2025-05-27", 0, &A.Tq[2]);
	p = child(d, "2009-03-01", "M", "SEMH", 0, 0), place(d, p, A.est_fe, NULL, IN_FROM, NULL, NULL), allocate_to(d, p, A.u_n, "2024-06-03", NULL);
	A.T[3] = new_plan(d, p, "2024-06-03", "2024-07-15", "2025-06-02", 0, &A.Tq[3]);
	p = child(d, "2019-02-01", "F", "SLCN", 0, 0), place(d, p, A.est_in, NULL, IN_FROM, NULL, NULL);
	A.T[4] = new_plan(d, p, "2024-06-03", "2024-07-15", "2025-06-03", 0, &A.Tq[4]);
	p = child(d, "2014-01-01", "M", NULL, 0, 0), place(d, p, A.est_in, NULL, IN_FROM, NULL, NULL), allocate_to(d, p, A.u_x, "2025-02-03", NULL);
	A.T[5] = new_plan(d, p, "2025-02-03", "2025-03-10", "2025-06-23", 1, &A.Tq[5]);
	p = child(d, "2016-07-01", "F", "ASD", 0, 0), place(d, p, A.est_in, NULL, IN_FROM, NULL, NULL), allocate_to(d, p, A.u_n, "2024-01-08", NULL);
	A.T[8] = new_plan(d, p, "2024-01-08", "2024-02-12", "2024-05-20", 0, &A.Tq[8]);
	p = child(d, "2017-01-01", "M", "MLD", 0, 0), place(d, p, A.est_in, NULL, IN_FROM, NULL, NULL), allocate_to(d, p, A.u_s, "2025-09-01", NULL);
	A.T[9] = new_plan(d, p, "2025-09-01", "2025-10-06", "2026-01-10", 0, &A.Tq[9]);
	/* Q */
	p = child(d, "2016-01-01", "F", "ASD", 0, 0), allocate_to(d, p, A.u_n, "2025-04-07", NULL);
	A.Q[1] = req2(d, p, "2025-04-07", "W", "2025-04-22");
	p = child(d, "2016-01-01", "F", "MLD", 0, 0);
	A.Q[2] = req2(d, p, "2025-11-03", "W", "2026-02-02");
	p = child(d, "2016-01-01", "F", "ASD", 0, 0), allocate_to(d, p, A.u_s, "2025-05-05", NULL);
	A.Q[3] = req2(d, p, "2025-05-05", "N", "2025-06-02");
	A.Q[4] = req2(d, child(d, "2016-01-01", "F", NULL, 0, 0), "2025-06-02", NULL, NULL);
	A.Q[5] = req2(d, child(d, "2016-01-01", "F", NULL, 0, 0), "2025-07-07", "Y", "2025-08-18");
	assess2(d, A.Q[5], "N", "2025-10-27", 0);
	A.Q[6] = req2(d, child(d, "2016-01-01", "F", NULL, 0, 0), "2025-08-04", "Y", "2025-09-16");
	assess2(d, A.Q[6], "W", "2025-10-01", 0);
	A.Q[8] = req2(d, child(d, "2016-01-01", "F", NULL, 0, 0), "2024-12-20", "Y", "2025-01-27");
	assess2(d, A.Q[8], "N", "2025-04-14", 0);
	A.Q[9] = req2(d, child(d, "2016-01-01", "F", NULL, 0, 0), "2026-01-10", NULL, NULL);
	/* O */
	const char *ISSUED = "2023-09-01";
	int64_t pl;
	p = child(d, "2015-05-05", "F", "ASD", 0, 0), place(d, p, A.est_in, NULL, ISSUED, NULL, NULL), allocate_to(d, p, A.u_n, ISSUED, NULL);
	A.O[1] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2013-03-01", "M", "SEMH", 0, 0), pl = place(d, p, A.est_out, NULL, ISSUED, NULL, NULL), visit(d, p, pl, "2025-10-01");
	allocate_to(d, p, A.u_s, ISSUED, NULL);
	A.O[2] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2013-03-01", "M", "ASD", 0, 0), place(d, p, A.est_out, NULL, ISSUED, NULL, NULL), allocate_to(d, p, A.u_n, ISSUED, NULL);
	A.O[3] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2013-03-01", "F", "MLD", 0, 0), pl = place(d, p, A.est_out, NULL, ISSUED, NULL, NULL), visit(d, p, pl, "2025-07-15");
	allocate_to(d, p, A.u_n, ISSUED, "2025-12-31");
	A.O[4] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2013-03-01", "F", "MLD", 0, 0), pl = place(d, p, A.est_out, NULL, ISSUED, NULL, NULL), visit(d, p, pl, "2025-07-14");
	allocate_to(d, p, A.u_n, "2026-02-01", NULL);
	A.O[5] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2013-03-01", "M", "ASD", 0, 0), pl = place(d, p, A.est_out, NULL, ISSUED, NULL, NULL), visit(d, p, pl, "2026-01-20");
	allocate_to(d, p, A.u_s, ISSUED, NULL);
	A.O[6] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2011-02-01", "M", "SLD", 0, 0), place(d, p, A.est_in, NULL, ISSUED, NULL, "52"), allocate_to(d, p, A.u_n, ISSUED, NULL);
	A.O[7] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2014-04-01", "F", "ASD", 1, 0), place(d, p, 0, "EHE", ISSUED, NULL, NULL);
	A.O[8] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2012-05-01", "M", "ASD", 0, 0), place(d, p, 0, "AWAIT", ISSUED, NULL, NULL);
	A.O[9] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2018-05-01", "F", "SLCN", 0, 0);
	A.O[10] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2012-05-01", "M", "SEMH", 0, 0), place(d, p, A.est_out, NULL, ISSUED, "2025-12-31", NULL), allocate_to(d, p, A.u_s, ISSUED, NULL);
	A.O[11] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2012-05-01", "F", "SEMH", 0, 0), place(d, p, A.est_out, NULL, "2026-02-01", NULL, NULL), allocate_to(d, p, A.u_s, ISSUED, NULL);
	A.O[12] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2011-06-01", "M", "SEMH", 0, 1), place(d, p, A.est_in, NULL, ISSUED, NULL, NULL);
	A.O[13] = plan2(d, p, 0, ISSUED, NULL, NULL);
	p = child(d, "2012-05-01", "M", "SEMH", 0, 0), place(d, p, A.est_out, NULL, "2022-01-10", NULL, NULL);
	A.O[14] = plan2(d, p, 0, "2022-01-10", "2025-06-30", "2");
	p = child(d, "2009-09-01", "M", NULL, 0, 0), place(d, p, A.est_in, NULL, "2021-03-01", NULL, NULL);
	A.C1 = plan2(d, p, 0, "2021-03-01", "2026-01-15", "1");
	p = child(d, "2009-09-01", "F", NULL, 0, 0), place(d, p, A.est_in, NULL, "2021-03-01", NULL, NULL);
	A.C2 = plan2(d, p, 0, "2021-03-01", "2025-12-31", NULL);
	p = child(d, "2015-01-01", "F", NULL, 0, 0), place(d, p, A.est_in, NULL, IN_FROM, NULL, NULL);
	A.D1 = plan2(d, p, 0, NULL, NULL, NULL);
	/* N */
	static const struct { const char *dob, *sex, *need, *code; int user; } nn[8] = {
		{0}, {"2010-01-16", "M", "SEMH", "NEET", 0}, {"2010-01-15", "F", "SEMH", "NEET", 'n'}, {"2007-01-16", "M", "ASD", "NEET", 'n'},
		{"2007-01-15", "F", "ASD", "NEET", 's'}, {"2000-01-16", "M", NULL, "NEET", 0}, {"2000-01-15", "F", NULL, "NEET", 0},
		{"2008-06-01", "M", "MLD", "NIEC", 0},
	};
	for (int i = 1; i <= 7; i++) {
		p = child(d, nn[i].dob, nn[i].sex, nn[i].need, 0, 0), place(d, p, 0, nn[i].code, ISSUED, NULL, NULL);
		if (nn[i].user)
			allocate_to(d, p, nn[i].user == 'n' ? A.u_n : A.u_s, ISSUED, NULL);
		A.N[i] = plan2(d, p, 0, ISSUED, NULL, NULL);
	}
	/* reviews */
	review2(d, A.O[1], "2025-03-03", "2025-03-20", "A", "2025-05-26");
	review2(d, A.O[2], "2025-03-03", "2025-04-07", "A", "2025-05-27");
	review2(d, A.O[3], "2025-04-01", "2025-04-10", "A", NULL);
	review2(d, A.O[4], "2025-11-03", "2025-11-20", "A", "2026-02-02");
	review2(d, A.O[5], "2025-06-02", "2025-06-30", "M", NULL);
	review2(d, A.O[6], "2025-12-15", "2026-01-20", "A", NULL);
	/* advice */
	advice2(d, A.Tq[1], "EP", "2025-02-17", "2025-02-17");
	advice2(d, A.Tq[2], "EP", "2025-02-17", "2025-02-18");
	advice2(d, A.Tq[5], "SALT", "2025-03-17", NULL);
	advice2(d, A.Tq[9], "EP", "2025-12-22", NULL);
	advice2(d, A.Q[5], "SALT", "2025-08-18", "2026-02-01");
	advice2(d, A.Q[4], "EP", "2026-01-12", NULL);
	advice2(d, A.Tq[3], "EP", "2024-07-15", "2024-07-01");
	exec1(d, "COMMIT");
	*state = d;
	return 0;
}

static struct kpi_query area_q(const char *as_of, int year)
{
	struct kpi_query q = {.as_of = day(as_of), .year = year, .la_code = "999", .visit_overdue_months = 6};
	return q;
}

static void area_compute(db *d, const char *as_of, int year, struct kpi_value v[K_N])
{
	struct kpi_query q = area_q(as_of, year);
	assert_int_equal(kpi_compute(d, &q, v), 0);
}

/* The record ids kpi_members lists for q (all of it, or those above the line). */
static void area_members(db *d, const struct kpi_query *q, enum kpi_id k, int month, enum kpi_dim dim, const char *cat,
                         struct ids *x)
{
	memset(x, 0, sizeof *x);
	assert_int_equal(kpi_members(d, q, k, month, dim, cat, collect, x), 0);
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The listed ids are exactly want[0..n) (in any order). */
static void expect_ids(const char *what, const int64_t *got, int ngot, const int64_t *want, int n)
{
	int64_t g[64], w[64];
	assert_true(ngot <= 64 && n <= 64);
	memcpy(g, got, (size_t)ngot * sizeof *g);
	memcpy(w, want, (size_t)n * sizeof *w);
	qsort(g, (size_t)ngot, sizeof *g, cmp64);
	qsort(w, (size_t)n, sizeof *w, cmp64);
	if (ngot != n || memcmp(g, w, (size_t)n * sizeof *g)) {
		char gs[512] = "", ws[512] = "";
		for (int i = 0; i < ngot; i++)
			snprintf(gs + strlen(gs), sizeof gs - strlen(gs), " %lld", (long long)g[i]);
		for (int i = 0; i < n; i++)
			snprintf(ws + strlen(ws), sizeof ws - strlen(ws), " %lld", (long long)w[i]);
		fail_msg("%s: listed [%s ], expected [%s ]", what, gs, ws);
	}
}

static void test_area_requests_and_assessments(void **state)
{
	db *d = *state;
	struct kpi_value v[K_N];
	area_compute(d, "2026-01-15", 2025, v);
	/* received in 2025 by the census: T1 T2 T5 T9 Q1 Q2 Q3 Q4 Q5 Q6 (T3 T4 T8 Q8 in 2024, Q9 in 2026) */
	expect(v, K_REQUESTS_RECEIVED, 10, 0);
	/* decided to assess: T1 T2 T5 T9 Q5 Q6 */
	expect(v, K_REQUESTS_AGREED, 6, 0);
	expect(v, K_REQUESTS_REFUSED, 1, 0);        /* Q3 */
	expect(v, K_REQUESTS_WITHDRAWN, 1, 0);      /* Q1; Q2 was withdrawn after the census */
	expect(v, K_REQUESTS_OUTSTANDING, 2, 0);    /* Q2 (not yet, as at the census) and Q4 */
	/* decided to assess or not: the six agreed and Q3; all within 42 days but Q6 (43) */
	expect(v, K_REQUEST_DECISIONS_6WK, 6, 7);
	/* assessments decided Y or N in 2025: T1 T2 T3 T4 T5 (Y), Q5 Q8 (N); Q6 ended (W), T9's in 2026 */
	expect(v, K_ASSESSMENT_DECISIONS, 7, 0);
	/* not to issue: Q5 at 112 days (in time), Q8 at 115 */
	expect(v, K_NOT_ISSUE_16WK, 1, 2);
	/* as at 1 March 2026 Q2's withdrawal has happened */
	area_compute(d, "2026-03-01", 2025, v);
	expect(v, K_REQUESTS_WITHDRAWN, 2, 0);
	expect(v, K_REQUESTS_OUTSTANDING, 1, 0);
	expect(v, K_REQUESTS_RECEIVED, 10, 0);
	/* 2024: T3 T4 T8 Q8 received; T8's plan (133 days) was 2024's only new plan */
	area_compute(d, "2026-01-15", 2024, v);
	expect(v, K_REQUESTS_RECEIVED, 4, 0);
	expect(v, K_NEW_PLANS_ISSUED, 1, 0);
	expect(v, K_NEW_PLANS_20WK_INCL, 1, 1);
	expect(v, K_ASSESSMENT_DECISIONS, 1, 0);   /* T8's */
}

static void test_area_timeliness_buckets(void **state)
{
	db *d = *state;
	struct kpi_value v[K_N];
	area_compute(d, "2026-01-15", 2025, v);
	/* new in 2025: T1 T2 T3 T4 T5 (T8 in 2024, T9 in 2026); timed: T1-T4 (T5's assessment had a tribunal) */
	expect(v, K_NEW_PLANS_ISSUED, 5, 0);
	expect(v, K_NEW_PLANS_20WK_INCL, 1, 4);   /* T1 at 140 days */
	expect(v, K_NEW_PLANS_20WK_EXCL, 1, 4);   /* no exception anywhere */
	expect(v, K_NEW_PLANS_20_52WK, 2, 4);     /* T2 at 141, T3 at 364 */
	expect(v, K_NEW_PLANS_OVER_52WK, 1, 4);   /* T4 at 365 */
	/* 140 + 141 + 364 + 365 = 1010 days over 4 plans: 1010 / 28 = 36.07 weeks */
	expect(v, K_NEW_PLANS_AVG_WEEKS, 1010, 4);
	assert_true(kpi_value_of(K_NEW_PLANS_AVG_WEEKS, &v[K_NEW_PLANS_AVG_WEEKS]) == 36.1);
	assert_true(kpi_value_of(K_NEW_PLANS_20_52WK, &v[K_NEW_PLANS_20_52WK]) == 50.0);
	assert_true(kpi_value_of(K_NEW_PLANS_OVER_52WK, &v[K_NEW_PLANS_OVER_52WK]) == 25.0);
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct ids x;
	area_members(d, &q, K_NEW_PLANS_20_52WK, 0, D_NONE, NULL, &x);
	int64_t timed[] = {A.T[1], A.T[2], A.T[3], A.T[4]}, mid[] = {A.T[2], A.T[3]}, over[] = {A.T[4]};
	expect_ids("new_plans_20_to_52_weeks, all", x.plans, x.n, timed, 4);
	expect_ids("new_plans_20_to_52_weeks, within", x.num, x.nnum, mid, 2);
	area_members(d, &q, K_NEW_PLANS_OVER_52WK, 0, D_NONE, NULL, &x);
	expect_ids("new_plans_over_52_weeks, within", x.num, x.nnum, over, 1);
	area_members(d, &q, K_NEW_PLANS_AVG_WEEKS, 0, D_NONE, NULL, &x);
	expect_ids("new_plans_average_weeks", x.plans, x.n, timed, 4);
	area_members(d, &q, K_NEW_PLANS_ISSUED, 0, D_NONE, NULL, &x);
	int64_t issued[] = {A.T[1], A.T[2], A.T[3], A.T[4], A.T[5]};
	expect_ids("new_plans_issued", x.plans, x.n, issued, 5);
	/* by month: May T1 T2; June T3 T4 T5 */
	area_members(d, &q, K_NEW_PLANS_ISSUED, 5, D_NONE, NULL, &x);
	assert_int_equal(x.n, 2);
	area_members(d, &q, K_NEW_PLANS_ISSUED, 6, D_NONE, NULL, &x);
	assert_int_equal(x.n, 3);
	/* by time taken (the record's own category) */
	static const struct { const char *cat; int n; } band[] = {
		{"a_within_20", 1}, {"b_20_to_52", 2}, {"c_over_52", 1}, {"untimed", 1},
	};
	for (size_t i = 0; i < sizeof band / sizeof band[0]; i++) {
		area_members(d, &q, K_NEW_PLANS_ISSUED, 0, D_RECORD, band[i].cat, &x);
		if (x.n != band[i].n)
			fail_msg("new plans %s: %d, expected %d", band[i].cat, x.n, band[i].n);
	}
	area_members(d, &q, K_NEW_PLANS_ISSUED, 0, D_RECORD, "untimed", &x);
	expect_ids("untimed (tribunal)", x.plans, x.n, &A.T[5], 1);
}

static void test_area_reviews_and_advice(void **state)
{
	db *d = *state;
	struct kpi_value v[K_N];
	area_compute(d, "2026-01-15", 2025, v);
	/* amend, met in 2025, decided and finalised by the census: R1 (84 days, in time), R2 (85); R3 has no
	 * final plan, R4's came after the census, R5 maintained, R6 not decided by the census */
	expect(v, K_AMENDED_12WK, 1, 2);
	/* met in 2025 and decided by the census: R1 (17) R2 (35) R3 (9) R4 (17) R5 (28); R6 decided after */
	expect(v, K_REVIEW_DECISIONS_4WK, 4, 5);
	/* advice deadlines in 2025, passed by the census: A1 (on the day: in time) A2 (a day late) A3 A4 (never)
	 * A5 (after the census); A6's deadline is in 2026, A7's in 2024 */
	expect(v, K_ADVICE_6WK, 1, 5);
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct ids x;
	area_members(d, &q, K_ADVICE_6WK, 0, D_RECORD, "EP", &x);
	assert_int_equal(x.n, 3);     /* A1 A2 A4 */
	assert_int_equal(x.nnum, 1);  /* A1 */
	area_members(d, &q, K_ADVICE_6WK, 0, D_RECORD, "SALT", &x);
	assert_int_equal(x.n, 2);     /* A3 A5 */
	assert_int_equal(x.nnum, 0);
	area_members(d, &q, K_ADVICE_6WK, 2, D_NONE, NULL, &x);
	assert_int_equal(x.n, 2);     /* February: A1 A2 */
	/* on 22 December A4's deadline is today, not passed: not counted; the next day it is */
	area_compute(d, "2025-12-22", 2025, v);
	expect(v, K_ADVICE_6WK, 1, 4);
	area_compute(d, "2025-12-23", 2025, v);
	expect(v, K_ADVICE_6WK, 1, 5);
	/* as at 1 March 2026: R4's final plan (91 days) has come; R6 is decided (36 days), no final plan */
	area_compute(d, "2026-03-01", 2025, v);
	expect(v, K_AMENDED_12WK, 1, 3);
	expect(v, K_REVIEW_DECISIONS_4WK, 4, 6);
	/* A5 received after the census and after its deadline: still not in time */
	expect(v, K_ADVICE_6WK, 1, 5);
}

static void test_area_oversight_as_at(void **state)
{
	db *d = *state;
	struct kpi_value v[K_N];
	area_compute(d, "2026-01-15", 2025, v);
	/* active on the census: T1-T5 T8 T9 (7), O1-O13 (13), N1-N7 (7); not O14 (ceased), C1 (ceased that
	 * day), C2 (ceased 2025-12-31), D1 (a draft) */
	expect(v, K_ACTIVE_PLANS, 27, 0);
	/* in another area's setting on the census: O2-O6; O11's ended, O12's not begun, O14's plan ceased */
	expect(v, K_OUT_OF_AREA, 5, 0);
	/* need a visit: O2-O6 (out of area), O7 (residential), O8 (EHE); none within 6 months (on or after
	 * 2025-07-15): O3 (never), O5 (14 July), O6 (only after the census), O7, O8 */
	expect(v, K_VISITS_OVERDUE, 5, 0);
	/* no setting on the census or AWAIT: O9 (AWAIT), O10 (none), O11 (ended), O12 (not begun) */
	expect(v, K_AWAITING, 4, 0);
	/* CME or NEET/NIEC/NIEO: O13, N1-N7 */
	expect(v, K_MISSING_EDUCATION, 8, 0);
	/* NEET aged 16-18 on the census: N2 (16 that day), N3 (18, 19 tomorrow), N7 (17); not N1 (15, 16
	 * tomorrow) or N4 (19 that day) */
	expect(v, K_NEET_16_18, 3, 0);
	/* aged 16-25: N2 N3 N4 N5 (25, 26 tomorrow) N7; not N6 (26 that day) */
	expect(v, K_NEET_16_25, 5, 0);
	/* ceased in 2025: O14 (reason 2) and C2 (no reason); C1 ceased in 2026 */
	expect(v, K_PLANS_CEASED, 2, 0);
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct ids x;
	area_members(d, &q, K_OUT_OF_AREA, 0, D_NONE, NULL, &x);
	int64_t ooa[] = {A.O[2], A.O[3], A.O[4], A.O[5], A.O[6]};
	expect_ids("out_of_area_placements", x.plans, x.n, ooa, 5);
	area_members(d, &q, K_VISITS_OVERDUE, 0, D_NONE, NULL, &x);
	int64_t vis[] = {A.O[3], A.O[5], A.O[6], A.O[7], A.O[8]};
	expect_ids("visits_overdue", x.plans, x.n, vis, 5);
	area_members(d, &q, K_AWAITING, 0, D_NONE, NULL, &x);
	int64_t aw[] = {A.O[9], A.O[10], A.O[11], A.O[12]};
	expect_ids("awaiting_provision", x.plans, x.n, aw, 4);
	area_members(d, &q, K_NEET_16_18, 0, D_NONE, NULL, &x);
	int64_t n18[] = {A.N[2], A.N[3], A.N[7]};
	expect_ids("neet_16_18", x.plans, x.n, n18, 3);
	area_members(d, &q, K_NEET_16_25, 0, D_NONE, NULL, &x);
	int64_t n25[] = {A.N[2], A.N[3], A.N[4], A.N[5], A.N[7]};
	expect_ids("neet_16_25", x.plans, x.n, n25, 5);
	area_members(d, &q, K_PLANS_CEASED, 0, D_RECORD, "none", &x);
	expect_ids("plans ceased with no reason", x.plans, x.n, &A.C2, 1);
	area_members(d, &q, K_PLANS_CEASED, 0, D_RECORD, "2", &x);
	expect_ids("plans ceased, reason 2", x.plans, x.n, &A.O[14], 1);

	/* as at 1 December 2025: O11 is still out of area (and never visited), O12 not placed, T9 not issued;
	 * C1 and C2 are active; cutoff for visits 2025-06-01, so O5 (14 July) is in time.
	 * Ages: N2 15, N3 18, N4 18, N5 25, N6 25. */
	area_compute(d, "2025-12-01", 2025, v);
	expect(v, K_ACTIVE_PLANS, 28, 0);          /* T1-T5 T8, O1-O13, N1-N7, C1, C2 */
	expect(v, K_OUT_OF_AREA, 6, 0);            /* O2-O6, O11 */
	expect(v, K_VISITS_OVERDUE, 5, 0);         /* O3 O6 O7 O8 O11 */
	expect(v, K_AWAITING, 3, 0);               /* O9 O10 O12 */
	q = area_q("2025-12-01", 2025);
	area_members(d, &q, K_NEET_16_18, 0, D_NONE, NULL, &x);
	int64_t d18[] = {A.N[3], A.N[4], A.N[7]};
	expect_ids("neet_16_18 on 1 December", x.plans, x.n, d18, 3);
	area_members(d, &q, K_NEET_16_25, 0, D_NONE, NULL, &x);
	int64_t d25[] = {A.N[3], A.N[4], A.N[5], A.N[6], A.N[7]};
	expect_ids("neet_16_25 on 1 December", x.plans, x.n, d25, 5);
	/* a visit overdue after 12 months instead: O6 (none by the date), O3 O7 O8 (never) */
	q = area_q("2026-01-15", 2025);
	q.visit_overdue_months = 12;
	struct kpi_dashboard *kd = malloc(sizeof *kd);
	assert_non_null(kd);
	assert_int_equal(kpi_dashboard(d, &q, kd), 0);
	if (kd->year[K_VISITS_OVERDUE].numerator != 4)
		fail_msg("visits overdue after 12 months: %lld, expected 4", kd->year[K_VISITS_OVERDUE].numerator);
	kpi_dashboard_free(kd);
	free(kd);
}

/* kpi_dashboard with one query; the caller frees. */
static struct kpi_dashboard *dash_of(db *d, const struct kpi_query *q)
{
	struct kpi_dashboard *kd = malloc(sizeof *kd);
	assert_non_null(kd);
	assert_int_equal(kpi_dashboard(d, q, kd), 0);
	return kd;
}

static void dash_free(struct kpi_dashboard *kd)
{
	kpi_dashboard_free(kd);
	free(kd);
}

static void expect_dash(const char *filter, const struct kpi_dashboard *kd, enum kpi_id k, long long num, long long den)
{
	const struct kpi_value *v = &kd->year[k];
	if (v->numerator != num || v->denominator != den)
		fail_msg("%s: %s: %lld of %lld, expected %lld of %lld", filter, kpi_defs[k].id, v->numerator, v->denominator,
		         num, den);
}

static void test_area_filters(void **state)
{
	db *d = *state;
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct kpi_dashboard *kd;
	struct ids x;

	/* primary need ASD: active T1 T2 T8 O1 O3 O6 O8 O9 N3 N4; requests T1 T2 Q1 Q3; new T1 T2; out of area O3 O6 */
	q.need = "ASD";
	kd = dash_of(d, &q);
	expect_dash("need=ASD", kd, K_ACTIVE_PLANS, 10, 0);
	expect_dash("need=ASD", kd, K_REQUESTS_RECEIVED, 4, 0);
	expect_dash("need=ASD", kd, K_NEW_PLANS_ISSUED, 2, 0);
	expect_dash("need=ASD", kd, K_NEW_PLANS_20WK_INCL, 1, 2);
	expect_dash("need=ASD", kd, K_OUT_OF_AREA, 2, 0);
	expect_dash("need=ASD", kd, K_ADVICE_6WK, 1, 2);    /* A1 A2 */
	dash_free(kd);
	area_members(d, &q, K_ACTIVE_PLANS, 0, D_NONE, NULL, &x);
	int64_t asd[] = {A.T[1], A.T[2], A.T[8], A.O[1], A.O[3], A.O[6], A.O[8], A.O[9], A.N[3], A.N[4]};
	expect_ids("active plans, need=ASD", x.plans, x.n, asd, 10);
	/* no primary need recorded: T5 N5 N6 */
	q.need = "none";
	kd = dash_of(d, &q);
	expect_dash("need=none", kd, K_ACTIVE_PLANS, 3, 0);
	expect_dash("need=none", kd, K_NEW_PLANS_ISSUED, 1, 0);   /* T5 */
	dash_free(kd);
	q.need = NULL;

	/* age on the census 16 to 19: T3 (16), N2 (16), N3 (18), N4 (19), N7 (17) */
	q.age_band = "16-19";
	kd = dash_of(d, &q);
	expect_dash("age_band=16-19", kd, K_ACTIVE_PLANS, 5, 0);
	expect_dash("age_band=16-19", kd, K_NEET_16_25, 4, 0);
	expect_dash("age_band=16-19", kd, K_NEW_PLANS_OVER_52WK, 0, 1);   /* T3 only, at 364 days */
	expect_dash("age_band=16-19", kd, K_REQUESTS_RECEIVED, 0, 0);
	dash_free(kd);
	q.age_band = "26+";
	kd = dash_of(d, &q);
	expect_dash("age_band=26+", kd, K_ACTIVE_PLANS, 1, 0);    /* N6 */
	dash_free(kd);
	q.age_band = "5-10";   /* T1 (10) T4 (6) T8 (9) T9 (9) O1 (10) O10 (7); Q1-Q9's children are 10 */
	kd = dash_of(d, &q);
	expect_dash("age_band=5-10", kd, K_ACTIVE_PLANS, 6, 0);
	expect_dash("age_band=5-10", kd, K_REQUESTS_RECEIVED, 8, 0);   /* T1 T9 Q1-Q6 */
	dash_free(kd);
	q.age_band = NULL;

	/* setting type on the census */
	static const struct { const char *setting; long long active; } st[] = {
		{"mainstream", 9},   /* T1 T2 T4 T5 T8 T9, O1 O7 O13 */
		{"special", 5},      /* O2-O6 */
		{"post16", 1},       /* T3 */
		{"ehe", 1},          /* O8 */
		{"awaiting", 1},     /* O9 */
		{"none", 3},         /* O10 O11 O12 */
		{"neet", 7},         /* N1-N7 (NIEC too) */
		{"ap", 0}, {"other", 0},
	};
	for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
		q.setting = st[i].setting;
		kd = dash_of(d, &q);
		char f[40];
		snprintf(f, sizeof f, "setting=%s", st[i].setting);
		expect_dash(f, kd, K_ACTIVE_PLANS, st[i].active, 0);
		dash_free(kd);
	}
	q.setting = NULL;

	/* team, through the caseworker allocated on the census: North (Nora) T1 T3 T8 O1 O3 O7 N2 N3, and Q1's
	 * request; not O4 (allocation ended 2025-12-31) or O5 (from 2026-02-01) */
	q.team = "North team";
	kd = dash_of(d, &q);
	expect_dash("team=North team", kd, K_ACTIVE_PLANS, 8, 0);
	expect_dash("team=North team", kd, K_REQUESTS_RECEIVED, 2, 0);   /* T1 Q1 */
	expect_dash("team=North team", kd, K_OUT_OF_AREA, 1, 0);        /* O3 */
	expect_dash("team=North team", kd, K_VISITS_OVERDUE, 2, 0);     /* O3 O7 */
	dash_free(kd);
	area_members(d, &q, K_ACTIVE_PLANS, 0, D_NONE, NULL, &x);
	int64_t north[] = {A.T[1], A.T[3], A.T[8], A.O[1], A.O[3], A.O[7], A.N[2], A.N[3]};
	expect_ids("active plans, team=North team", x.plans, x.n, north, 8);
	q.team = "South team";   /* T2 T9 O2 O6 O11 O12 N4 */
	kd = dash_of(d, &q);
	expect_dash("team=South team", kd, K_ACTIVE_PLANS, 7, 0);
	expect_dash("team=South team", kd, K_AWAITING, 2, 0);   /* O11 O12 */
	dash_free(kd);

	/* two filters at once: North and ASD: T1 T8 O1 O3 N3 */
	q.team = "North team";
	q.need = "ASD";
	kd = dash_of(d, &q);
	expect_dash("team=North team&need=ASD", kd, K_ACTIVE_PLANS, 5, 0);
	dash_free(kd);
	/* kpi_compute ignores the filters (the sendmis kpi contract) */
	struct kpi_value v[K_N];
	assert_int_equal(kpi_compute(d, &q, v), 0);
	expect(v, K_ACTIVE_PLANS, 27, 0);
}

static void test_area_breakdowns(void **state)
{
	db *d = *state;
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct kpi_dashboard *kd = dash_of(d, &q);
	/* hand-counted rows */
	static const struct { const char *table, *key; long long n; } want[] = {
		{"caseload_need", "ASD", 10}, {"caseload_need", "SEMH", 7}, {"caseload_need", "none", 3},
		{"caseload_area", "out", 5}, {"caseload_area", "none", 3}, {"caseload_area", "in", 19},
		{"caseload_team", "North team", 8}, {"caseload_team", "South team", 7}, {"caseload_team", "none", 12},
		{"caseload_residential", "52", 1}, {"caseload_residential", "no", 26},
		{"caseload_age", "16-19", 5}, {"caseload_age", "20-25", 1}, {"caseload_age", "26+", 1},
		{"caseload_sex", "F", 12}, {"caseload_sex", "M", 15},
		{"requests_outcome", "Y", 6}, {"requests_outcome", "N", 1}, {"requests_outcome", "W", 1},
		{"requests_outcome", "outstanding", 2},
		{"assessments_decision", "Y", 5}, {"assessments_decision", "N", 2},
		{"new_plans_weeks", "a_within_20", 1}, {"new_plans_weeks", "b_20_to_52", 2},
		{"new_plans_weeks", "c_over_52", 1}, {"new_plans_weeks", "untimed", 1},
		{"ceased_reason", "2", 1}, {"ceased_reason", "none", 1},
		{"advice_service", "EP", 3}, {"advice_service", "SALT", 2},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct kpi_table *t = kpi_table_by_id(want[i].table);
		assert_non_null(t);
		const struct kpi_table_result *r = &kd->t[t - kpi_tables];
		long long got = -1;
		for (int j = 0; j < r->n; j++)
			if (!strcmp(r->g[j].key, want[i].key))
				got = kpi_defs[t->k].kind == KPI_COUNT ? r->g[j].v.numerator : r->g[j].v.denominator;
		if (got != want[i].n)
			fail_msg("%s row %s: %lld, expected %lld", want[i].table, want[i].key, got, want[i].n);
	}
	/* caseworkers: Nora 8, Sam 7, Xavier 1 (T5), not allocated 11 */
	const struct kpi_table_result *cw = &kd->t[kpi_table_by_id("caseload_caseworker") - kpi_tables];
	long long nora = -1, xavier = -1, none = -1;
	for (int j = 0; j < cw->n; j++) {
		if (!strcmp(cw->g[j].key, id_s(A.u_n)))
			nora = cw->g[j].v.numerator;
		if (!strcmp(cw->g[j].key, id_s(A.u_x)))
			xavier = cw->g[j].v.numerator;
		if (!strcmp(cw->g[j].key, "none"))
			none = cw->g[j].v.numerator;
	}
	if (nora != 8 || xavier != 1 || none != 11)
		fail_msg("caseload per caseworker: Nora %lld, Xavier %lld, none %lld; expected 8, 1, 11", nora, xavier, none);
	/* every table: its rows add up to the measure, and each row's drill-down is exactly that row */
	for (int t = 0; t < KT_N; t++) {
		const struct kpi_table *bt = &kpi_tables[t];
		const struct kpi_table_result *r = &kd->t[t];
		long long num = 0, den = 0;
		for (int j = 0; j < r->n; j++) {
			num += r->g[j].v.numerator;
			den += r->g[j].v.denominator;
			struct ids x;
			memset(&x, 0, sizeof x);
			assert_int_equal(kpi_members(d, &q, bt->k, 0, bt->dim, r->g[j].key, collect, &x), 0);
			long long n = kpi_defs[bt->k].kind == KPI_COUNT ? r->g[j].v.numerator : r->g[j].v.denominator;
			if (x.n != n)
				fail_msg("%s row %s: the drill-down lists %d, the row counts %lld", bt->id, r->g[j].key, x.n, n);
			if (kpi_defs[bt->k].kind == KPI_RATE && x.nnum != r->g[j].v.numerator)
				fail_msg("%s row %s: the drill-down has %d within, the row %lld", bt->id, r->g[j].key, x.nnum,
				         r->g[j].v.numerator);
			/* keys are unique within a table */
			for (int k = 0; k < j; k++)
				if (!strcmp(r->g[k].key, r->g[j].key))
					fail_msg("%s: the key %s twice", bt->id, r->g[j].key);
		}
		if (num != kd->year[bt->k].numerator || den != kd->year[bt->k].denominator)
			fail_msg("%s: rows add up to %lld of %lld, the measure is %lld of %lld", bt->id, num, den,
			         kd->year[bt->k].numerator, kd->year[bt->k].denominator);
	}
	/* a category nobody is in lists nobody */
	struct ids x;
	memset(&x, 0, sizeof x);
	assert_int_equal(kpi_members(d, &q, K_ACTIVE_PLANS, 0, D_NEED, "VI", collect, &x), 0);
	assert_int_equal(x.n, 0);
	dash_free(kd);
}

static void test_area_months_and_previous_year(void **state)
{
	db *d = *state;
	for (int pass = 0; pass < 2; pass++) {
		/* the census, and a date inside the year (months after it are empty) */
		const char *as_of = pass ? "2025-08-31" : "2026-01-15";
		struct kpi_query q = area_q(as_of, 2025);
		struct kpi_dashboard *kd = dash_of(d, &q);
		struct kpi_value before[K_N], plain[K_N];
		assert_int_equal(kpi_compute(d, &q, plain), 0);
		struct kpi_query q1 = area_q(as_of, 2024);
		assert_int_equal(kpi_compute(d, &q1, before), 0);
		for (int k = 0; k < K_N; k++) {
			if (kd->year[k].numerator != plain[k].numerator || kd->year[k].denominator != plain[k].denominator)
				fail_msg("%s as at %s: the dashboard %lld of %lld, kpi_compute %lld of %lld", kpi_defs[k].id, as_of,
				         kd->year[k].numerator, kd->year[k].denominator, plain[k].numerator, plain[k].denominator);
			if (kpi_defs[k].period != KPI_YEAR)
				continue;
			long long num = 0, den = 0;
			for (int m = 0; m < 12; m++) {
				num += kd->month[k][m].numerator;
				den += kd->month[k][m].denominator;
				struct ids x;
				memset(&x, 0, sizeof x);
				assert_int_equal(kpi_members(d, &q, (enum kpi_id)k, m + 1, D_NONE, NULL, collect, &x), 0);
				long long n = kpi_defs[k].kind == KPI_COUNT ? kd->month[k][m].numerator : kd->month[k][m].denominator;
				if (x.n != n)
					fail_msg("%s, month %d: the drill-down lists %d, the month counts %lld", kpi_defs[k].id, m + 1, x.n, n);
				if (pass && m >= 8 && n)
					fail_msg("%s: %lld in month %d, after the as-of date", kpi_defs[k].id, n, m + 1);
			}
			if (num != kd->year[k].numerator || den != kd->year[k].denominator)
				fail_msg("%s as at %s: the months add up to %lld of %lld, the year is %lld of %lld", kpi_defs[k].id,
				         as_of, num, den, kd->year[k].numerator, kd->year[k].denominator);
			if (kd->prev[k].numerator != before[k].numerator || kd->prev[k].denominator != before[k].denominator)
				fail_msg("%s as at %s: the year before shows %lld of %lld, kpi_compute for 2024 %lld of %lld",
				         kpi_defs[k].id, as_of, kd->prev[k].numerator, kd->prev[k].denominator, before[k].numerator,
				         before[k].denominator);
		}
		dash_free(kd);
	}
	/* hand-counted months: requests received in January (T1 T2), June (Q4), November (Q2) */
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct kpi_dashboard *kd = dash_of(d, &q);
	assert_int_equal(kd->month[K_REQUESTS_RECEIVED][0].numerator, 2);
	assert_int_equal(kd->month[K_REQUESTS_RECEIVED][5].numerator, 1);
	assert_int_equal(kd->month[K_REQUESTS_RECEIVED][10].numerator, 1);
	/* the year before: T3 T4 T8 Q8 received in 2024, T8 the only new plan */
	assert_int_equal(kd->prev[K_REQUESTS_RECEIVED].numerator, 4);
	assert_int_equal(kd->prev[K_NEW_PLANS_ISSUED].numerator, 1);
	dash_free(kd);
}

/* Reviews overdue as at the census, by the definition: active plans whose
 * review fell due before the date with no review decided by it.  T8 (issued
 * 2024-05-20: due 2025-05-20, no review); O7-O13 and N1-N7 (issued
 * 2023-09-01, never reviewed: due 2024-09-01); and O6: its only review met
 * on 2025-12-15 but was decided on 2026-01-20, after the census, so on the
 * census the review due 2024-09-01 had not been decided.  Not O1-O5
 * (reviews decided in 2025), not the plans issued in 2025 or 2026. */
static void test_area_review_decided_after_the_date(void **state)
{
	db *d = *state;
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct ids x;
	area_members(d, &q, K_REVIEWS_OVERDUE, 0, D_NONE, NULL, &x);
	int64_t want[] = {A.T[8], A.O[6], A.O[7], A.O[8], A.O[9], A.O[10], A.O[11], A.O[12], A.O[13],
	                  A.N[1], A.N[2], A.N[3], A.N[4], A.N[5], A.N[6], A.N[7]};
	if (!has(x.plans, x.n, A.O[6]))
		fail_msg("reviews_overdue as at 2026-01-15 leaves out plan %lld (O6), whose only review was decided on "
		         "2026-01-20, after the as-of date: a review dated after the date moved the next review's due date "
		         "(%d listed, expected 16)", (long long)A.O[6], x.n);
	expect_ids("reviews_overdue as at 2026-01-15", x.plans, x.n, want, 16);
}

/* A plan ceased after the as-of date was active on it: C1 (ceased on the
 * census) and C2 (ceased 2025-12-31), both issued 2021-03-01 and never
 * reviewed, had reviews overdue on 1 December 2025, as O7 (never reviewed,
 * still active) has.  Likewise a phase transfer finalised on time in
 * February 2025 for a plan that ceased later in 2025 counts for 2025 as at
 * 30 June 2025, as the same transfer of a plan still active does. */
static void test_area_plan_ceased_after_the_date(void **state)
{
	db *d = *state;
	/* two children in Year 6 in 2024/25 (born 2013-10-01) at a primary school: the secondary transfer of
	 * September 2025 (deadline 15 February 2025), finalised on 10 February 2025 */
	exec1(d, "BEGIN");
	int64_t still = 0, later = 0;
	for (int i = 0; i < 2; i++) {
		int64_t p = child(d, "2013-10-01", "F", "ASD", 0, 0);
		place(d, p, A.est_in, NULL, "2018-09-01", NULL, NULL);
		int64_t pl = plan2(d, p, 0, "2020-09-01", i ? "2025-12-31" : NULL, i ? "5" : NULL);
		/* a transfer's record is its phase_transfers row */
		*(i ? &later : &still) = row(d, "INSERT INTO phase_transfers(plan_id,kind,transfer_year,final_date) "
		                                "VALUES(?,'secondary',2025,'2025-02-10') RETURNING id", 1, id_s(pl));
	}
	exec1(d, "COMMIT");
	struct kpi_query q = area_q("2025-06-30", 2025);
	struct ids x;
	area_members(d, &q, K_PHASE_ON_TIME, 0, D_NONE, NULL, &x);
	assert_true(has(x.num, x.nnum, still));   /* the control: the same transfer of an active plan */
	char msg[1024] = "";
	if (!has(x.num, x.nnum, later))
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
		         "\n  phase_transfers_on_time as at 2025-06-30 leaves out transfer %lld, finalised on 2025-02-10, of a "
		         "plan active that day (ceased 2025-12-31)", (long long)later);
	q = area_q("2025-12-01", 2025);
	area_members(d, &q, K_REVIEWS_OVERDUE, 0, D_NONE, NULL, &x);
	assert_true(has(x.plans, x.n, A.O[7]));   /* the control */
	if (!has(x.plans, x.n, A.C1))
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "\n  reviews_overdue as at 2025-12-01 leaves out C1 "
		         "(plan %lld, active that day, ceased 2026-01-15, never reviewed since 2021)", (long long)A.C1);
	if (!has(x.plans, x.n, A.C2))
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "\n  reviews_overdue as at 2025-12-01 leaves out C2 "
		         "(plan %lld, active that day, ceased 2025-12-31, never reviewed since 2021)", (long long)A.C2);
	if (*msg)
		fail_msg("the plan's status today, not on the as-of date, decides the clock's measures:%s", msg);
}

/* The breakdown rows a long name makes: a partner service's name (up to 120
 * characters) and a team's (up to 60) are a row's key; the row's link must
 * still open exactly its cases. */
static void test_area_long_names_in_breakdowns(void **state)
{
	db *d = *state;
	static const char service[] = "Educational psychology and early intervention service of the county"; /* 67 */
	static const char team[] = "Special educational needs and disabilities east locality"; /* 56 */
	assert_true(strlen(service) > 60 && strlen(team) > 50 && strlen(team) <= 60);
	exec1(d, "BEGIN");
	int64_t sv = row(d, "INSERT INTO services(kind,name) VALUES('EP',?) RETURNING id", 1, service);
	/* A1 and A2 (EP) now go to that service */
	row(d, "UPDATE advice_requests SET service_id=? WHERE request_id IN (?,?) RETURNING id", 3, id_s(sv), id_s(A.Tq[1]), id_s(A.Tq[2]));
	int64_t u = user2(d, "lena", "Lena Long", team);
	/* O10 (not allocated) to Lena */
	row(d, "INSERT INTO allocations(person_id,user_id,start_date) VALUES((SELECT person_id FROM plans WHERE id=?),?,'2024-01-01') RETURNING id",
	    2, id_s(A.O[10]), id_s(u));
	exec1(d, "COMMIT");
	struct kpi_query q = area_q("2026-01-15", 2025);
	struct kpi_dashboard *kd = dash_of(d, &q);
	static const char *const tables[] = {"advice_service", "caseload_team"};
	static const char *const names[] = {service, team};
	char msg[2048] = "";
	for (int i = 0; i < 2; i++) {
		const struct kpi_table *bt = kpi_table_by_id(tables[i]);
		const struct kpi_table_result *r = &kd->t[bt - kpi_tables];
		int found = 0;
		for (int j = 0; j < r->n; j++) {
			if (!strncmp(r->g[j].label, names[i], 20) || !strncmp(r->g[j].key, names[i], 20))
				found = 1;
			struct ids x;
			memset(&x, 0, sizeof x);
			assert_int_equal(kpi_members(d, &q, bt->k, 0, bt->dim, r->g[j].key, collect, &x), 0);
			long long n = kpi_defs[bt->k].kind == KPI_COUNT ? r->g[j].v.numerator : r->g[j].v.denominator;
			if (x.n != n)
				snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
				         "\n  %s row \"%s\" (key \"%s\", %zu characters): the drill-down lists %d cases, the row counts %lld",
				         bt->id, r->g[j].label, r->g[j].key, strlen(r->g[j].key), x.n, n);
			for (int k = 0; k < j; k++)
				if (!strcmp(r->g[k].key, r->g[j].key))
					snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "\n  %s: two rows with the key \"%s\"",
					         bt->id, r->g[j].key);
		}
		if (!found)
			snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "\n  %s: no row for \"%s\"", bt->id, names[i]);
		/* the whole name's cases: A1 A2 for the service, O10 for the team */
		struct ids x;
		memset(&x, 0, sizeof x);
		assert_int_equal(kpi_members(d, &q, bt->k, 0, bt->dim, names[i], collect, &x), 0);
		if (x.n != (i ? 1 : 2))
			snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "\n  %s by the whole name: %d cases, expected %d",
			         bt->id, x.n, i ? 1 : 2);
	}
	dash_free(kd);
	if (*msg)
		fail_msg("a long name breaks its breakdown row:%s", msg);
}

/* The advice rule the KPI and the timeliness report share (core/kpi.c). */
static void test_advice_timing(void **state)
{
	(void)state;
	day_t due, as_of;
	date_parse_iso("2026-06-30", &due);
	date_parse_iso("2026-07-10", &as_of);
	assert_int_equal(kpi_advice_timing(DATE_NONE, DATE_NONE, as_of), KA_NOT_DUE);
	assert_int_equal(kpi_advice_timing(as_of, DATE_NONE, as_of), KA_NOT_DUE);          /* due today: not passed */
	assert_int_equal(kpi_advice_timing(due, due, as_of), KA_ON_TIME);                   /* on the day */
	assert_int_equal(kpi_advice_timing(due, due - 3, as_of), KA_ON_TIME);
	assert_int_equal(kpi_advice_timing(due, due + 1, as_of), KA_LATE);
	assert_int_equal(kpi_advice_timing(due, DATE_NONE, as_of), KA_AWAITED);
	assert_int_equal(kpi_advice_timing(due, as_of + 1, as_of), KA_AWAITED);             /* received after the day asked about */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_advice_timing),
		cmocka_unit_test_setup_teardown(test_census_2026, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_of_reproduces_the_past, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drill_down_is_the_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_area_requests_and_assessments, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_timeliness_buckets, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_reviews_and_advice, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_oversight_as_at, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_filters, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_breakdowns, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_months_and_previous_year, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_review_decided_after_the_date, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_plan_ceased_after_the_date, setup_area, teardown),
		cmocka_unit_test_setup_teardown(test_area_long_names_in_breakdowns, setup_area, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
