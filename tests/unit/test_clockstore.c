/* test_clockstore.c — the stored statutory clock stays the clock.
 *
 * A property test: random sequences of writes through the domain's one
 * write path (entity_save / entity_remove: the row, its audit row and the
 * stored clock of every child it reaches, in one change) — children,
 * requests and their decisions, advice, plans, reviews, phase transfers,
 * exceptions, placements, settings and closures (a setting's and the
 * area's), removals — with the days passing now and then (the daily
 * refresh), and after every one `clock verify`'s comparison finds no
 * difference; every 25 writes, while no record is dated after today, the
 * KPIs for today counted from the stored clock are those of the clock run
 * over the records (every figure, month, breakdown row and drill-down
 * case).  The dates are random and often out of order: the forms'
 * cross-field checks are not run, so the store holds what the clock must
 * cope with anyway.  The seeds are fixed, so a failure repeats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/codes.h"
#include "core/phase.h"
#include "core/rules.h"
#include "domain/casefile.h"
#include "domain/change.h"
#include "domain/clockstore.h"
#include "domain/entity.h"
#include "domain/kpicount.h"
#include "cli/demo.h"
#include "unit_db.h"

/* A small reproducible generator (xorshift64*): the same seed, the same writes. */
static uint64_t rng;
static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}
static int pick(int n)
{
	return n > 0 ? (int)(next() % (uint64_t)n) : 0;
}

static day_t today_;

static void set(const struct entity *e, struct record *r, const char *name, const char *v)
{
	int k = entity_field_index(e, name);
	assert_true(k >= 0);
	free(r->v[k]);
	r->v[k] = v ? strdup(v) : NULL;
}

static void set_day(const struct entity *e, struct record *r, const char *name, day_t d)
{
	char iso[11];
	date_format_iso(d, iso);
	set(e, r, name, d == DATE_NONE ? NULL : iso);
}

static void set_int(const struct entity *e, struct record *r, const char *name, long long v)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", v);
	set(e, r, name, s);
}

static const char *code_of(const struct code_list *l)
{
	return l->codes[pick((int)l->n)].code;
}

/* A day: mostly the last three months (so that steps, exceptions, closures
 * and the days passing meet), else up to three years ago, now and then a
 * few weeks ahead; sometimes none. */
static day_t some_day(int maybe_none)
{
	if (maybe_none && pick(4) == 0)
		return DATE_NONE;
	int back = pick(5) < 3 ? pick(90) : pick(3 * 365);
	return date_add_days(today_, -back + (pick(8) == 0 ? pick(60) : 0));
}

static int64_t nth_id(db *d, const char *table_sql, int64_t n)
{
	db_stmt *s = db_prepare(d, table_sql);
	assert_non_null(s);
	db_bind_int(s, 1, n);
	int64_t id = 0;
	if (db_step(s) == DB_ROW)
		id = db_col_int(s, 0);
	db_done(s);
	return id;
}

/* A random row's id of a table, by offset. */
#define RANDOM_ROW(d, table) random_row(d, "SELECT COUNT(*) FROM " table, "SELECT id FROM " table " ORDER BY id LIMIT 1 OFFSET ?")
static int64_t random_row(db *d, const char *count_sql, const char *nth_sql)
{
	int64_t n = db_scalar_int(d, count_sql, 0);
	return n > 0 ? nth_id(d, nth_sql, pick((int)n)) : 0;
}

static int64_t person_of(db *d, const struct entity *e, int64_t parent)
{
	return e->parent ? entity_parent_person(d, e, parent) : 0;
}

/* Saves a new record of e under parent; the store may refuse it (a second active plan): fine. */
static void save_new(db *d, const struct entity *e, struct record *r, int64_t parent)
{
	struct actor who = {0, 1700000000, today_, NULL};
	/* a flag the form leaves unticked is "0", as entity_parse makes it */
	for (int i = 0; i < e->nfields; i++)
		if (e->fields[i].type == FT_FLAG && !r->v[i])
			r->v[i] = strdup("0");
	r->parent_id = parent;
	r->person_id = person_of(d, e, parent);
	if (r->person_id < 0)
		r->person_id = 0;
	int rc = entity_save(d, &who, e, NULL, r, 1);
	assert_true(rc == ENT_OK || rc == ENT_CONSTRAINT);
	record_free(r);
}

/* Changes a random record of e: loads it, lets f change it, saves it. */
static void save_changed(db *d, const struct entity *e, int64_t id, void (*f)(const struct entity *, struct record *))
{
	if (!id)
		return;
	struct record old, nw;
	if (entity_load(d, e, id, &old) != ENT_OK)
		return;
	memset(&nw, 0, sizeof nw);
	for (int i = 0; i < e->nfields; i++)
		nw.v[i] = old.v[i] ? strdup(old.v[i]) : NULL;
	nw.id = old.id;
	nw.parent_id = old.parent_id;
	nw.person_id = old.person_id;
	nw.version = old.version;
	f(e, &nw);
	struct actor who = {0, 1700000000, today_, NULL};
	int rc = entity_save(d, &who, e, &old, &nw, 0);
	assert_true(rc == ENT_OK || rc == ENT_CONSTRAINT);
	record_free(&old);
	record_free(&nw);
}

static void change_request(const struct entity *e, struct record *r)
{
	static const char *const outcome[] = {NULL, "Y", "N", "W"};
	const char *o = outcome[pick(4)];
	set(e, r, "outcome", o);
	set_day(e, r, "outcome_date", o ? some_day(1) : DATE_NONE);
}

static void change_assessment(const struct entity *e, struct record *r)
{
	static const char *const outcome[] = {NULL, "Y", "N", "W"};
	const char *o = outcome[pick(4)];
	set(e, r, "outcome", o);
	set_day(e, r, "outcome_date", o ? some_day(1) : DATE_NONE);
}

static void change_plan(const struct entity *e, struct record *r)
{
	switch (pick(4)) {
	case 0:
		set(e, r, "status", "ceased");
		set_day(e, r, "cease_date", some_day(0));
		break;
	case 1:
		set_day(e, r, "transfer_in_date", some_day(0));
		set_day(e, r, "transfer_letter_date", some_day(1));
		break;
	case 2:
		set_day(e, r, "issue_date", some_day(0));
		break;
	default:
		set(e, r, "status", "active");
		set_day(e, r, "cease_date", DATE_NONE);
		break;
	}
}

static void change_review(const struct entity *e, struct record *r)
{
	static const char *const outcome[] = {NULL, "M", "A", "C"};
	const char *o = outcome[pick(4)];
	set(e, r, "outcome", o);
	set_day(e, r, "decision_date", o ? some_day(1) : DATE_NONE);
	set_day(e, r, "amendments_sent", some_day(1));
	set_day(e, r, "final_amended_date", some_day(1));
}

static void change_advice(const struct entity *e, struct record *r)
{
	set_day(e, r, "received_date", some_day(1));
}

static void change_exception(const struct entity *e, struct record *r)
{
	set_day(e, r, "end_date", some_day(1));
}

static void change_placement(const struct entity *e, struct record *r)
{
	set_day(e, r, "end_date", pick(2) ? some_day(0) : DATE_NONE);
}

static void change_setting(const struct entity *e, struct record *r)
{
	set(e, r, "phase", code_of(&codes_phase));
	if (pick(2))
		set_int(e, r, "top_year", pick(16) - 1);
	else
		set(e, r, "top_year", NULL);
}

static int64_t person_with_dob(db *d)
{
	return RANDOM_ROW(d, "people");
}

static void one_write(db *d)
{
	struct record r;
	memset(&r, 0, sizeof r);
	int op = pick(20);
	switch (op) {
	case 0:
	case 1: {   /* a child, born 0 to 24 years ago (a few children, so that writes meet on them) */
		if (db_scalar_int(d, "SELECT COUNT(*) FROM people", 0) >= 30)
			break;
		static int n;
		char name[32];
		snprintf(name, sizeof name, "Child%d", ++n);
		set(&ent_person, &r, "forename", name);
		set(&ent_person, &r, "surname", "Example");
		set_day(&ent_person, &r, "dob", date_add_days(today_, -pick(24 * 365)));
		set(&ent_person, &r, "sex", pick(2) ? "F" : "M");
		save_new(d, &ent_person, &r, 0);
		break;
	}
	case 2:
	case 3: {   /* a request */
		int64_t p = person_with_dob(d);
		if (!p)
			break;
		set_day(&ent_request, &r, "received_date", some_day(0));
		set(&ent_request, &r, "source", code_of(&codes_request_source));
		save_new(d, &ent_request, &r, p);
		break;
	}
	case 4:
		save_changed(d, &ent_request, RANDOM_ROW(d, "requests"), change_request);
		break;
	case 5: {   /* an assessment decision, or a change of it */
		int64_t q = RANDOM_ROW(d, "requests");
		if (!q)
			break;
		int64_t a = nth_id(d, "SELECT id FROM assessments WHERE request_id=?", q);
		if (a) {
			save_changed(d, &ent_assessment, a, change_assessment);
		} else {
			change_assessment(&ent_assessment, &r);
			save_new(d, &ent_assessment, &r, q);
		}
		break;
	}
	case 6: {   /* advice for an assessment */
		int64_t q = RANDOM_ROW(d, "requests");
		if (!q)
			break;
		/* the school's advice (SENCO) is what a closure can excuse */
		set(&ent_advice, &r, "service", pick(2) ? "SENCO" : code_of(&codes_advice_service));
		set_day(&ent_advice, &r, "requested_date", some_day(0));
		set_day(&ent_advice, &r, "received_date", some_day(1));
		save_new(d, &ent_advice, &r, q);
		break;
	}
	case 7:
		save_changed(d, &ent_advice, RANDOM_ROW(d, "advice_requests"), change_advice);
		break;
	case 8: {   /* a plan: from a request (a draft, then issued) or for a child */
		day_t draft = some_day(1), issue = some_day(1);
		int from_request = pick(2);
		const struct entity *e = from_request ? &ent_request_plan : &ent_plan;
		int64_t parent = from_request ? RANDOM_ROW(d, "requests") : person_with_dob(d);
		if (!parent)
			break;
		set(e, &r, "status", issue != DATE_NONE ? "active" : "draft");
		set_day(e, &r, "draft_date", draft);
		set_day(e, &r, "issue_date", issue);
		save_new(d, e, &r, parent);
		break;
	}
	case 9:
		save_changed(d, &ent_plan, RANDOM_ROW(d, "plans"), change_plan);
		break;
	case 10:
	case 11: {   /* a review */
		int64_t p = RANDOM_ROW(d, "plans");
		if (!p)
			break;
		set_day(&ent_review, &r, "meeting_date", some_day(0));
		set_day(&ent_review, &r, "invitations_sent", some_day(1));
		set_day(&ent_review, &r, "advice_circulated", some_day(1));
		save_new(d, &ent_review, &r, p);
		break;
	}
	case 12:
		save_changed(d, &ent_review, RANDOM_ROW(d, "reviews"), change_review);
		break;
	case 13: {   /* an exception */
		int64_t p = person_with_dob(d);
		if (!p)
			break;
		set(&ent_exception, &r, "reason", code_of(&codes_exception_reason));
		set_day(&ent_exception, &r, "start_date", some_day(0));
		set_day(&ent_exception, &r, "end_date", some_day(1));
		save_new(d, &ent_exception, &r, p);
		break;
	}
	case 14:
		save_changed(d, &ent_exception, RANDOM_ROW(d, "clock_exceptions"), change_exception);
		break;
	case 15: {   /* a placement at a setting, or a change of one */
		int64_t p = person_with_dob(d), est = RANDOM_ROW(d, "establishments");
		if (!p || !est)
			break;
		if (pick(3) == 0) {
			save_changed(d, &ent_placement, RANDOM_ROW(d, "placements"), change_placement);
			break;
		}
		set_int(&ent_placement, &r, "establishment_id", est);
		set_day(&ent_placement, &r, "start_date", date_add_days(some_day(0), pick(8) == 0 ? 400 : 0));
		set(&ent_placement, &r, "rank", "1");
		save_new(d, &ent_placement, &r, p);
		break;
	}
	case 16:   /* a setting's phase and last year taught: its children's phase transfers */
		save_changed(d, &ent_establishment, RANDOM_ROW(d, "establishments"), change_setting);
		break;
	case 17: {   /* a closure of a setting, or of the whole area */
		int area = pick(3) == 0;
		const struct entity *e = area ? &ent_area_closure : &ent_closure;
		int64_t est = area ? 0 : RANDOM_ROW(d, "establishments");
		if (!area && !est)
			break;
		day_t start = some_day(0);
		/* mostly where it matters: the setting of a child asked for the school's advice,
		 * closed about when it was asked (reg 5(4)(a)) */
		int64_t adv = random_row(d, "SELECT COUNT(*) FROM advice_requests WHERE service='SENCO'",
		                         "SELECT id FROM advice_requests WHERE service='SENCO' ORDER BY id LIMIT 1 OFFSET ?");
		if (adv && pick(3)) {
			int64_t at = nth_id(d, "SELECT COALESCE(MAX(p.establishment_id),0) FROM placements p JOIN advice_requests a "
			                       "ON a.person_id=p.person_id WHERE a.id=?", adv);
			db_stmt *q = db_prepare(d, "SELECT requested_date FROM advice_requests WHERE id=?");
			assert_non_null(q);
			db_bind_int(q, 1, adv);
			if (db_step(q) == DB_ROW && date_parse_iso(db_col_text(q, 0), &start) == 0)
				start = date_add_days(start, pick(12) - 4);
			db_done(q);
			if (!area && at)
				est = at;
		}
		set_day(e, &r, "start_date", start);
		set_day(e, &r, "end_date", date_add_days(start, 25 + pick(40)));
		save_new(d, e, &r, est);
		break;
	}
	case 18: {   /* a phase transfer recorded */
		int64_t p = RANDOM_ROW(d, "plans");
		if (!p)
			break;
		int y, m, dd;
		date_to_ymd(today_, &y, &m, &dd);
		set(&ent_phase, &r, "kind", code_of(&codes_phase_kind));
		set_int(&ent_phase, &r, "transfer_year", y - 1 + pick(3));
		set_day(&ent_phase, &r, "final_date", some_day(1));
		save_new(d, &ent_phase, &r, p);
		break;
	}
	default: {   /* a removal */
		static const struct {
			const struct entity *e;
			const char *count, *nth;
		} kinds[] = {
			{&ent_review, "SELECT COUNT(*) FROM reviews", "SELECT id FROM reviews ORDER BY id LIMIT 1 OFFSET ?"},
			{&ent_exception, "SELECT COUNT(*) FROM clock_exceptions",
			 "SELECT id FROM clock_exceptions ORDER BY id LIMIT 1 OFFSET ?"},
			{&ent_closure, "SELECT COUNT(*) FROM closures", "SELECT id FROM closures ORDER BY id LIMIT 1 OFFSET ?"},
			{&ent_placement, "SELECT COUNT(*) FROM placements", "SELECT id FROM placements ORDER BY id LIMIT 1 OFFSET ?"},
		};
		int k = pick(4);
		int64_t id = random_row(d, kinds[k].count, kinds[k].nth);
		if (!id || !kinds[k].e->sql_delete)
			break;
		struct record old;
		if (entity_load(d, kinds[k].e, id, &old) != ENT_OK)
			break;
		struct actor who = {0, 1700000000, today_, NULL};
		int rc = entity_remove(d, &who, kinds[k].e, &old);
		assert_true(rc == ENT_OK || rc == ENT_CONSTRAINT);
		record_free(&old);
		break;
	}
	}
}

static void add_settings(db *d)
{
	/* as `sendmis serve` and every command do at start */
	assert_true(clockstore_ensure(d, today_, NULL) >= 0);
	static const char *const phases[][2] = {{"PR", "Primary"}, {"SE", "Secondary"}, {"MS", "Middle"}, {"PS", "Post-16"}};
	for (int i = 0; i < 4; i++) {
		struct record r;
		memset(&r, 0, sizeof r);
		set(&ent_establishment, &r, "name", phases[i][1]);
		set(&ent_establishment, &r, "phase", code_of(&codes_phase));
		set(&ent_establishment, &r, "setting_type", code_of(&codes_setting_type));
		set(&ent_establishment, &r, "la_code", "202");
		set_int(&ent_establishment, &r, "urn", 100001 + i);
		save_new(d, &ent_establishment, &r, 0);
	}
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM establishments", 0) >= 1);
}

static void same_dashboard(const struct kpi_dashboard *a, const struct kpi_dashboard *b, const char *what)
{
	for (int k = 0; k < K_N; k++) {
		if (a->year[k].numerator != b->year[k].numerator || a->year[k].denominator != b->year[k].denominator ||
		    a->prev[k].numerator != b->prev[k].numerator || a->prev[k].denominator != b->prev[k].denominator)
			fail_msg("%s: %s differs: %lld of %lld (the year before %lld of %lld) stored, %lld of %lld (%lld of %lld) "
			         "over the records", what, kpi_defs[k].id, a->year[k].numerator, a->year[k].denominator,
			         a->prev[k].numerator, a->prev[k].denominator, b->year[k].numerator, b->year[k].denominator,
			         b->prev[k].numerator, b->prev[k].denominator);
		for (int m = 0; m < 12; m++)
			if (a->month[k][m].numerator != b->month[k][m].numerator ||
			    a->month[k][m].denominator != b->month[k][m].denominator)
				fail_msg("%s: %s month %d differs", what, kpi_defs[k].id, m + 1);
	}
	for (int t = 0; t < KT_N; t++) {
		if (a->t[t].n != b->t[t].n)
			fail_msg("%s: table %d has %d rows stored, %d over the records", what, t, a->t[t].n, b->t[t].n);
		for (int i = 0; i < a->t[t].n; i++)
			if (strcmp(a->t[t].g[i].key, b->t[t].g[i].key) || a->t[t].g[i].v.numerator != b->t[t].g[i].v.numerator ||
			    a->t[t].g[i].v.denominator != b->t[t].g[i].v.denominator)
				fail_msg("%s: table %d row %s differs", what, t, a->t[t].g[i].key);
	}
}

struct cases {
	struct kpi_case *v;
	int n, cap;
};

static int gather_case(void *ctx, const struct kpi_case *c)
{
	struct cases *g = ctx;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = realloc(g->v, (size_t)g->cap * sizeof *g->v);
		assert_non_null(g->v);
	}
	g->v[g->n++] = *c;
	return 0;
}

static int by_case(const void *a, const void *b)
{
	const struct kpi_case *x = a, *y = b;
	if (x->person_id != y->person_id)
		return x->person_id < y->person_id ? -1 : 1;
	if (x->record_id != y->record_id)
		return x->record_id < y->record_id ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	if (x->in_numerator != y->in_numerator)
		return x->in_numerator < y->in_numerator ? -1 : 1;
	return strcmp(x->caseworker, y->caseworker);
}

/* The drill-downs of the clock's measures (and of one category of each
 * breakdown by record) list the same cases both ways. */
static void same_members(db *d, struct kpi_query q, const char *what)
{
	static const enum kpi_id clock_kpis[] = {K_NEW_PLANS_20WK_EXCL, K_REVIEWS_IN_TIME, K_REVIEWS_OVERDUE, K_PHASE_ON_TIME};
	for (size_t i = 0; i < sizeof clock_kpis / sizeof clock_kpis[0]; i++)
		for (int month = 0; month <= 12; month += 6) {
			struct cases a = {NULL, 0, 0}, b = {NULL, 0, 0};
			q.stored_clock = 1;
			assert_int_equal(kpi_members(d, &q, clock_kpis[i], month, D_NONE, NULL, gather_case, &a), 0);
			q.stored_clock = 0;
			assert_int_equal(kpi_members(d, &q, clock_kpis[i], month, D_NONE, NULL, gather_case, &b), 0);
			if (a.n != b.n)
				fail_msg("%s: %s month %d lists %d cases stored, %d over the records", what, kpi_defs[clock_kpis[i]].id,
				         month, a.n, b.n);
			if (a.n) {
				qsort(a.v, (size_t)a.n, sizeof *a.v, by_case);
				qsort(b.v, (size_t)b.n, sizeof *b.v, by_case);
			}
			for (int k = 0; k < a.n; k++)
				if (by_case(&a.v[k], &b.v[k]))
					fail_msg("%s: %s month %d: case %d differs (person %lld record %lld stored, person %lld record %lld)",
					         what, kpi_defs[clock_kpis[i]].id, month, k, (long long)a.v[k].person_id,
					         (long long)a.v[k].record_id, (long long)b.v[k].person_id, (long long)b.v[k].record_id);
			free(a.v);
			free(b.v);
		}
}

/* For today the KPIs read from the stored clock are those of the clock run
 * over the records as they stood: every figure, month and breakdown row,
 * and (without filters) the cases each of the clock's drill-downs lists. */
static void both_routes(db *d, struct kpi_query q, const char *what)
{
	struct kpi_dashboard *x = malloc(sizeof *x), *h = malloc(sizeof *h);
	assert_non_null(x);
	assert_non_null(h);
	q.stored_clock = 1;
	assert_int_equal(kpi_dashboard(d, &q, x), 0);
	q.stored_clock = 0;
	assert_int_equal(kpi_dashboard(d, &q, h), 0);
	same_dashboard(x, h, what);
	kpi_dashboard_free(x);
	kpi_dashboard_free(h);
	free(x);
	free(h);
	if (!q.team && !q.age_band && !q.need && !q.setting)
		same_members(d, q, what);
}

/* Whether a record says something happened after today (the forms refuse
 * such a day; these writes skip the forms).  The KPIs as at today count
 * from the records as they stood (a review met tomorrow has not been), the
 * stored clock from the records as they are: they agree while nothing is
 * dated after today. */
static int dated_after_today(db *d)
{
	db_stmt *s = db_prepare(d,
		"SELECT EXISTS(SELECT 1 FROM requests WHERE received_date>?1 OR outcome_date>?1) "
		"OR EXISTS(SELECT 1 FROM assessments WHERE outcome_date>?1) "
		"OR EXISTS(SELECT 1 FROM plans WHERE draft_date>?1 OR issue_date>?1 OR transfer_in_date>?1 "
		"OR transfer_letter_date>?1 OR cease_date>?1) "
		"OR EXISTS(SELECT 1 FROM reviews WHERE meeting_date>?1 OR decision_date>?1 OR invitations_sent>?1 "
		"OR advice_circulated>?1 OR amendments_sent>?1 OR final_amended_date>?1) "
		"OR EXISTS(SELECT 1 FROM advice_requests WHERE requested_date>?1 OR received_date>?1) "
		"OR EXISTS(SELECT 1 FROM phase_transfers WHERE final_date>?1)");
	assert_non_null(s);
	char day[11];
	date_format_iso(today_, day);
	db_bind_text(s, 1, day);
	assert_int_equal(db_step(s), DB_ROW);
	int later = db_col_int(s, 0) != 0;
	db_done(s);
	return later;
}

static void run(uint64_t seed, int writes)
{
	db *d;
	char path[64];
	assert_int_equal(unit_db_open(&d, path), 0);
	rng = seed;
	assert_int_equal(date_parse_iso("2026-12-07", &today_), 0);
	add_settings(d);
	long checked = 0, compared = 0;
	for (int i = 0; i < writes; i++) {
		one_write(d);
		if (pick(6) == 0) {
			/* days pass: the daily refresh brings on what the calendar changed */
			today_ = date_add_days(today_, 1 + pick(pick(6) == 0 ? 200 : 10));
			assert_true(clockstore_due(d, today_) >= 0);
		}
		long diffs = clockstore_verify(d, today_, stderr);
		if (diffs != 0) {
			char day[11];
			date_format_iso(today_, day);
			fprintf(stderr, "seed %llu, write %d (today %s): %ld differences\n", (unsigned long long)seed, i, day, diffs);
			db_stmt *s = db_prepare(d, "SELECT person_id, computed_for, COALESCE(valid_until,'-') FROM clock_people");
			while (s && db_step(s) == DB_ROW)
				fprintf(stderr, "  person %lld computed for %s, valid until %s\n", (long long)db_col_int(s, 0),
				        db_col_text(s, 1), db_col_text(s, 2));
			db_done(s);
		}
		assert_int_equal(diffs, 0);
		/* what the KPIs for today take for granted: every plan episode has one next review */
		assert_int_equal(db_scalar_int(d, "SELECT COUNT(*) FROM (SELECT 1 FROM clock_steps WHERE episode_kind='plan' "
		                                  "GROUP BY person_id, episode HAVING SUM(CASE WHEN step='review_due' THEN 1 ELSE 0 END)<>1) "
		                                  "AS x", -1), 0);
		checked++;
		if (i % 25 == 24 && !dated_after_today(d)) {
			char what[64];
			snprintf(what, sizeof what, "seed %llu, write %d", (unsigned long long)seed, i);
			int y, m, dd;
			date_to_ymd(today_, &y, &m, &dd);
			for (int k = 0; k < 2; k++)
				both_routes(d, (struct kpi_query){.as_of = today_, .year = y - k, .la_code = "999"}, what);
			compared++;
		}
	}
	assert_true(compared > 0);
	/* the writes did reach the clock */
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps", 0) > 0);
	assert_true(checked == writes);
	unit_db_remove(d, path);
}

static void test_random_writes_keep_the_stored_clock(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {1, 7, 42, 2026, 99991, 3, 11, 123, 4242, 77777};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
		run(seeds[i], 500);
}

/* Saves a new record with the given fields (name, value pairs, NULL-terminated); its id. */
static int64_t add(db *d, const struct entity *e, int64_t parent, ...)
{
	struct record r;
	memset(&r, 0, sizeof r);
	va_list ap;
	va_start(ap, parent);
	const char *name;
	while ((name = va_arg(ap, const char *)) != NULL)
		set(e, &r, name, va_arg(ap, const char *));
	va_end(ap);
	struct actor who = {0, 1700000000, today_, NULL};
	for (int i = 0; i < e->nfields; i++)
		if (e->fields[i].type == FT_FLAG && !r.v[i])
			r.v[i] = strdup("0");
	r.parent_id = parent;
	r.person_id = e->parent ? entity_parent_person(d, e, parent) : 0;
	assert_int_equal(entity_save(d, &who, e, NULL, &r, 1), ENT_OK);
	int64_t id = r.id;
	record_free(&r);
	return id;
}

static const char *day_str_of(day_t d, char out[11])
{
	date_format_iso(d, out);
	return out;
}

static const char *day_str(int offset, char out[11])
{
	return day_str_of(date_add_days(today_, offset), out);
}

/* The days pass, with nothing written: on each, the daily refresh, then clock verify. */
static void days_pass(db *d, int days)
{
	for (int i = 0; i < days; i++) {
		today_ = date_add_days(today_, 1);
		assert_true(clockstore_due(d, today_) >= 0);
		long n = clockstore_verify(d, today_, stderr);
		if (n) {
			char day[11];
			date_format_iso(today_, day);
			fprintf(stderr, "on %s: %ld differences\n", day, n);
		}
		assert_int_equal(n, 0);
	}
}

/* A new area with nothing recorded, today 7 December 2026, its stored clock current. */
static void empty_area(db **d, char path[64])
{
	assert_int_equal(unit_db_open(d, path), 0);
	assert_int_equal(date_parse_iso("2026-12-07", &today_), 0);
	assert_true(clockstore_ensure(*d, today_, NULL) >= 0);
}

/* What the calendar alone changes: a placement beginning or ending changes
 * the setting whose closure excuses the school's advice; the clock is
 * refreshed on the day, with no write. */
static void test_calendar_changes_are_refreshed(void **state)
{
	(void)state;
	db *d;
	char path[64], a[11], b[11], c[11];
	empty_area(&d, path);
	int64_t school = add(d, &ent_establishment, 0, "name", "Primary", "phase", "PR", "setting_type", code_of(&codes_setting_type),
	                     "la_code", "202", "urn", "100001", NULL);
	/* closed from 48 days ago for 40 days (reg 5(4)(a): four weeks or more) */
	add(d, &ent_closure, school, "start_date", day_str(-48, a), "end_date", day_str(-9, b), NULL);
	for (int k = 0; k < 2; k++) {
		int64_t p = add(d, &ent_person, 0, "forename", k ? "Bea" : "Al", "surname", "Example", "dob", "2016-05-01",
		                "sex", "F", NULL);
		int64_t q = add(d, &ent_request, p, "received_date", day_str(-60, a), "source", code_of(&codes_request_source), NULL);
		/* the school asked for advice 50 days ago: due 8 days ago, not received */
		add(d, &ent_advice, q, "service", "SENCO", "requested_date", day_str(-50, a), NULL);
		/* the first attends the school until 3 days from now; the second from 3 days from now */
		if (k == 0)
			add(d, &ent_placement, p, "establishment_id", "1", "start_date", "2020-09-01", "end_date", day_str(3, c),
			    "rank", "1", NULL);
		else
			add(d, &ent_placement, p, "establishment_id", "1", "start_date", day_str(3, c), "rank", "1", NULL);
	}
	assert_int_equal(clockstore_verify(d, today_, stderr), 0);
	/* the school's closure excuses the decision whether to assess (reg 5(4)(a)) when the
	 * school was asked for advice in its window: today the first's, not the second's */
	assert_int_equal(db_scalar_int(d, "SELECT covered FROM clock_steps WHERE person_id=1 AND kind='request_decision'", -1), 1);
	assert_int_equal(db_scalar_int(d, "SELECT covered FROM clock_steps WHERE person_id=2 AND kind='request_decision'", -1), 0);
	days_pass(d, 6);
	/* and then the other way round */
	assert_int_equal(db_scalar_int(d, "SELECT covered FROM clock_steps WHERE person_id=1 AND kind='request_decision'", -1), 0);
	assert_int_equal(db_scalar_int(d, "SELECT covered FROM clock_steps WHERE person_id=2 AND kind='request_decision'", -1), 1);
	unit_db_remove(d, path);
}

/* For today the dashboard read from the stored clock is the dashboard that
 * runs the clock over the records as they stood: every figure, month and
 * breakdown row, with and without filters. */
static void test_dashboard_both_routes(void **state)
{
	(void)state;
	db *d;
	char path[64], err[256];
	assert_int_equal(unit_db_open(&d, path), 0);
	assert_int_equal(date_parse_iso("2026-12-07", &today_), 0);
	struct demo_opts o = {.plans = 400, .seed = 9, .la_code = NULL, .today = today_, .quiet = 1};
	assert_int_equal(demo_generate(d, &o, err, sizeof err), 0);
	assert_int_equal(clockstore_verify(d, today_, stderr), 0);
	static const char *const needs[] = {NULL, "ASD", "SEMH"};
	static const char *const ages[] = {NULL, "11-15"};
	for (int y = 2025; y <= 2026; y++)
		for (size_t n = 0; n < 3; n++)
			for (size_t a = 0; a < 2; a++) {
				struct kpi_query q = {.as_of = today_, .year = y, .la_code = "999", .need = needs[n], .age_band = ages[a]};
				char what[64];
				snprintf(what, sizeof what, "%d %s %s", y, needs[n] ? needs[n] : "-", ages[a] ? ages[a] : "-");
				both_routes(d, q, what);
			}
	unit_db_remove(d, path);
}

/* The stored rows the KPIs for today find by index, at their edges: reviews
 * due on either side of the window's first day and of today, decided in
 * time, late or not at all; a plan's next review due today, days ago, and
 * years ago; a ceased plan's (not applicable); a review after a transfer
 * in (a review_due kind of step); a final plan an exception covers; phase
 * transfers recorded (on a plan whose child's first request was refused,
 * so its episode is not the child's first), by the cohort rule (secondary,
 * school entry, post-16, an infant school's junior transfer), on a ceased
 * plan, and the next one computed.  Both routes, every figure and case. */
static void test_dashboard_edges_both_routes(void **state)
{
	(void)state;
	db *d;
	char path[64], a[11], b[11], c[11];
	empty_area(&d, path);
	const char *src = codes_request_source.codes[0].code, *ceased = codes_cease_reason.codes[0].code;
	const char *secondary = phase_kind_code(PT_SECONDARY);
	int64_t primary = add(d, &ent_establishment, 0, "name", "Primary", "phase", "PR", "setting_type", "MS", "la_code", "202",
	                      "urn", "200001", NULL);
	int64_t infant = add(d, &ent_establishment, 0, "name", "Infant", "phase", "INF", "top_year", "2", "setting_type", "MS",
	                     "la_code", "202", "urn", "200002", NULL);
	char est[2][24];
	snprintf(est[0], sizeof est[0], "%lld", (long long)primary);
	snprintf(est[1], sizeof est[1], "%lld", (long long)infant);
#define CHILD(dob) add(d, &ent_person, 0, "forename", "Edge", "surname", "Example", "dob", dob, "sex", "F", NULL)
#define PLAN(p, issued) add(d, &ent_plan, p, "status", "active", "issue_date", issued, NULL)
	day_t jan1, now = today_;
	assert_int_equal(date_parse_iso("2024-01-01", &jan1), 0);
	for (int k = -4; k <= 4; k++) {
		/* the first review due about 1 January 2025, the window's first day (or the day before) */
		int64_t p = CHILD("2012-05-01");
		int64_t plan = PLAN(p, day_str_of(date_add_days(jan1, k), a));
		add(d, &ent_review, plan, "meeting_date", day_str_of(date_add_days(jan1, k + 350), b), "decision_date",
		    day_str_of(date_add_days(jan1, k + 366), c), "outcome", "M", NULL);
		/* due about today: the next review, none held */
		p = CHILD("2013-05-01");
		PLAN(p, day_str_of(date_add_days(date_add_months(now, -12), k), a));
		/* due about today: the first review, decided before today, or not yet */
		for (int decided = 0; decided < 2; decided++) {
			p = CHILD("2011-05-01");
			plan = PLAN(p, day_str_of(date_add_days(date_add_months(now, -12), k), a));
			add(d, &ent_review, plan, "meeting_date", day_str(-20, b), "decision_date", decided ? day_str(-6, c) : NULL,
			    "outcome", decided ? "A" : NULL, NULL);
		}
	}
	/* a next review overdue for years; a ceased plan's, not applicable, due in the window */
	PLAN(CHILD("2008-02-01"), "2018-03-01");
	add(d, &ent_plan, CHILD("2008-03-01"), "status", "ceased", "issue_date", "2024-05-01", "cease_date", "2025-09-01",
	    "cease_reason", ceased, NULL);
	/* a review after a transfer in: due by the later limb (rule transfer_in_review) */
	int64_t tin = add(d, &ent_plan, CHILD("2010-02-01"), "status", "active", "issue_date", "2023-02-01", "transfer_in_la",
	                  "202", "transfer_in_date", "2025-03-01", "transfer_letter_date", "2025-03-20", NULL);
	add(d, &ent_review, tin, "meeting_date", "2025-06-01", "decision_date", "2025-06-20", "outcome", "M", NULL);
	/* new plans in the year: one late whose final plan an exception covers, one late not excused */
	for (int excused = 0; excused < 2; excused++) {
		int64_t p = CHILD("2016-04-01");
		if (excused)
			add(d, &ent_exception, p, "reason", "personal_circumstances", "start_date", "2025-09-10", "end_date",
			    "2025-10-20", NULL);
		int64_t q = add(d, &ent_request, p, "received_date", "2025-09-01", "source", src, "outcome", "Y", "outcome_date",
		                "2025-10-10", NULL);
		add(d, &ent_assessment, q, "outcome", "Y", "outcome_date", "2025-12-15", NULL);
		add(d, &ent_request_plan, q, "status", "active", "draft_date", "2026-01-20", "issue_date", "2026-03-10", NULL);
	}
	/* phase transfers */
	static const struct {
		const char *dob, *issued, *recorded, *final;
		int at, refused_first, ceased;
	} kids[] = {
		{"2014-10-15", "2020-01-10", NULL, NULL, 0, 0, 0},              /* secondary 2026, by the cohort rule */
		{"2013-10-15", "2019-06-01", "2025", "2025-02-01", 0, 0, 0},    /* secondary 2025, recorded, on time */
		{"2014-11-20", "2020-05-01", "2026", "2026-03-01", -1, 1, 0},   /* recorded, late; a refused request first */
		{"2018-10-15", "2022-05-01", NULL, NULL, 1, 0, 0},              /* junior 2026 from an infant school */
		{"2014-12-01", "2020-01-01", NULL, NULL, 0, 0, 1},              /* in the cohort, the plan ceased */
		{"2021-10-15", "2024-06-01", NULL, NULL, -1, 0, 0},             /* school entry 2026 */
		{"2009-10-15", "2015-01-01", NULL, NULL, -1, 0, 0},             /* post-16 2026 */
		{"2015-10-15", "2021-01-01", NULL, NULL, 0, 0, 0},              /* secondary 2027: computed, next */
	};
	for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) {
		int64_t p = CHILD(kids[i].dob);
		if (kids[i].at >= 0)
			add(d, &ent_placement, p, "establishment_id", est[kids[i].at], "start_date", "2019-09-01", "rank", "1", NULL);
		if (kids[i].refused_first)
			add(d, &ent_request, p, "received_date", "2019-01-10", "source", src, "outcome", "N", "outcome_date",
			    "2019-02-10", NULL);
		int64_t plan = kids[i].ceased ? add(d, &ent_plan, p, "status", "ceased", "issue_date", kids[i].issued, "cease_date",
		                                    "2024-01-01", "cease_reason", ceased, NULL)
		                              : PLAN(p, kids[i].issued);
		if (kids[i].recorded)
			add(d, &ent_phase, plan, "kind", secondary, "transfer_year", kids[i].recorded, "final_date", kids[i].final, NULL);
	}
#undef CHILD
#undef PLAN
	assert_int_equal(clockstore_verify(d, today_, stderr), 0);
	/* the edges are there */
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE kind='review_in_time' AND due='2025-01-01'", 0) > 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE kind='review_in_time' AND due='2024-12-31'", 0) > 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE kind='review_in_time' AND due='2026-12-07'", 0) > 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE step='review_due' AND due='2026-12-07'", 0) > 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE step='review_due' AND due<'2020-01-01'", 0) > 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE step='review_due' AND not_applicable=1 "
	                             "AND due BETWEEN '2025-01-01' AND '2026-12-31'", 0) > 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE step LIKE 'review_in_time:%' AND kind='review_due'", 0) > 0);
	assert_int_equal(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE kind='final_plan' AND covered=1", 0), 1);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE kind='phase_transfer_final' AND phase_year=2027", 0) > 0);
	for (int y = 2025; y <= 2027; y++) {
		char what[32];
		snprintf(what, sizeof what, "edges %d", y);
		both_routes(d, (struct kpi_query){.as_of = today_, .year = y, .la_code = "999"}, what);
	}
	/* and they count */
	struct kpi_query q = {.as_of = today_, .year = 2026, .la_code = "999", .stored_clock = 1};
	struct kpi_value v[K_N];
	assert_int_equal(kpi_compute(d, &q, v), 0);
	assert_int_equal(v[K_NEW_PLANS_20WK_INCL].denominator, 2);
	assert_int_equal(v[K_NEW_PLANS_20WK_EXCL].denominator, 1);
	assert_true(v[K_REVIEWS_OVERDUE].numerator >= 5);
	assert_true(v[K_REVIEWS_IN_TIME].denominator > v[K_REVIEWS_IN_TIME].numerator);
	assert_true(v[K_PHASE_ON_TIME].denominator >= 5);
	unit_db_remove(d, path);
}

/* A row changed behind the domain's back is found, and named. */
static void test_verify_finds_a_difference(void **state)
{
	(void)state;
	db *d;
	char path[64];
	assert_int_equal(unit_db_open(&d, path), 0);
	rng = 5;
	assert_int_equal(date_parse_iso("2026-12-07", &today_), 0);
	add_settings(d);
	for (int i = 0; i < 200; i++)
		one_write(d);
	assert_int_equal(clockstore_verify(d, today_, NULL), 0);
	assert_true(db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps WHERE due IS NOT NULL", 0) > 0);
	assert_int_equal(db_exec(d, "UPDATE clock_steps SET due='2000-01-01' WHERE (person_id, seq)=(SELECT person_id, seq "
	                            "FROM clock_steps WHERE due IS NOT NULL ORDER BY person_id, seq LIMIT 1)"), 0);
	assert_true(clockstore_verify(d, today_, NULL) > 0);
	/* a step lost */
	assert_int_equal(db_exec(d, "UPDATE clock_steps SET due=(SELECT due FROM clock_steps LIMIT 0)"), 0);
	assert_true(clockstore_verify(d, today_, NULL) > 0);
	unit_db_remove(d, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_writes_keep_the_stored_clock),
		cmocka_unit_test(test_verify_finds_a_difference),
		cmocka_unit_test(test_calendar_changes_are_refreshed),
		cmocka_unit_test(test_dashboard_both_routes),
		cmocka_unit_test(test_dashboard_edges_both_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
