/* personview.c — see personview.h. */
#include "domain/personview.h"
#include "domain/change.h"
#include "domain/queries.h"
#include <stdio.h>
#include <string.h>

/* Ends a list: 0 when every row was read or fn stopped it, -1 on an error. */
static int finish(db_stmt *s, int rc)
{
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

static db_stmt *by_id(db *d, const char *sql, int64_t id)
{
	db_stmt *s = db_prepare(d, sql);
	if (s)
		db_bind_int(s, 1, id);
	return s;
}

int person_plans_each(db *d, int64_t person_id, pv_plan_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PERSON_PLANS, person_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_plan p = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                    db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7),
		                    db_col_text(s, 8), db_col_text(s, 10), db_col_int(s, 9) == 1};
		if (fn(ctx, &p))
			break;
	}
	return finish(s, rc);
}

int plan_named_each(db *d, int64_t plan_id, pv_named_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PLAN_NAMED, plan_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_named n = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                     (int)db_col_int(s, 4)};
		if (fn(ctx, &n))
			break;
	}
	return finish(s, rc);
}

int plan_reviews_each(db *d, int64_t plan_id, pv_review_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PLAN_REVIEWS, plan_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_review v = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3)};
		if (fn(ctx, &v))
			break;
	}
	return finish(s, rc);
}

int person_needs_each(db *d, int64_t person_id, pv_need_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PERSON_NEEDS, person_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_need n = {db_col_int(s, 0), (int)db_col_int(s, 1), db_col_text(s, 2)};
		if (fn(ctx, &n))
			break;
	}
	return finish(s, rc);
}

int person_placements_each(db *d, int64_t person_id, const char *la_code, pv_placement_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, Q_PERSON_PLACEMENTS);
	if (!s)
		return -1;
	db_bind_text(s, 1, la_code);
	db_bind_int(s, 2, person_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_placement p = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                         db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7), db_col_text(s, 9),
		                         db_col_text(s, 10), (int)db_col_int(s, 4), (int)db_col_int(s, 8)};
		if (fn(ctx, &p))
			break;
	}
	return finish(s, rc);
}

int placement_visits_each(db *d, int64_t placement_id, pv_visit_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PLACEMENT_VISITS, placement_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_visit v = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                     db_col_text(s, 4)};
		if (fn(ctx, &v))
			break;
	}
	return finish(s, rc);
}

int person_requests_each(db *d, int64_t person_id, pv_request_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PERSON_REQUESTS, person_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_request q = {db_col_int(s, 0), db_col_int(s, 5), db_col_text(s, 1), db_col_text(s, 2),
		                       db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 6), db_col_text(s, 7)};
		if (fn(ctx, &q))
			break;
	}
	return finish(s, rc);
}

int person_notes_each(db *d, int64_t person_id, pv_note_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PERSON_NOTES, person_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_note n = {db_col_int(s, 3), db_col_int(s, 4), db_col_text(s, 0), db_col_text(s, 1),
		                    db_col_text(s, 2)};
		if (fn(ctx, &n))
			break;
	}
	return finish(s, rc);
}

int person_history_each(db *d, int64_t person_id, pv_change_fn fn, void *ctx)
{
	db_stmt *s = by_id(d, Q_PERSON_HISTORY, person_id);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pv_change c = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                      db_col_text(s, 4)};
		if (fn(ctx, &c))
			break;
	}
	return finish(s, rc);
}

int person_status_now(db *d, int64_t person_id, char *status, size_t n)
{
	snprintf(status, n, "none");
	db_stmt *s = by_id(d, "SELECT status FROM clock_people WHERE person_id=?", person_id);
	if (!s)
		return -1;
	int rc = db_step(s);
	if (rc == DB_ROW)
		snprintf(status, n, "%s", db_col_text(s, 0));
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int person_allocation(db *d, int64_t person_id, int64_t *user_id, char *name, size_t n)
{
	*user_id = 0;
	if (n)
		name[0] = 0;
	db_stmt *s = by_id(d, Q_PERSON_CASEWORKER, person_id);
	if (!s)
		return -1;
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*user_id = db_col_int(s, 0);
		snprintf(name, n, "%s", db_col_text(s, 1));
	}
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int request_brief_load(db *d, int64_t request_id, struct request_brief *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = by_id(d, "SELECT q.person_id, q.received_date, COALESCE(q.outcome,''), COALESCE(a.id,0) "
	                      "FROM requests q LEFT JOIN assessments a ON a.request_id=q.id WHERE q.id=?", request_id);
	if (!s)
		return -1;
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->person_id = db_col_int(s, 0);
		snprintf(out->received, sizeof out->received, "%s", db_col_text(s, 1));
		snprintf(out->outcome, sizeof out->outcome, "%s", db_col_text(s, 2));
		out->assessment_id = db_col_int(s, 3);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int plan_brief_load(db *d, int64_t plan_id, struct plan_brief *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = by_id(d, "SELECT person_id, status, COALESCE(next_review_due,'') FROM plans WHERE id=?", plan_id);
	if (!s)
		return -1;
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->person_id = db_col_int(s, 0);
		snprintf(out->status, sizeof out->status, "%s", db_col_text(s, 1));
		snprintf(out->next_review_due, sizeof out->next_review_due, "%s", db_col_text(s, 2));
	}
	db_done(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int person_allocate(db *d, const struct actor *who, int64_t person_id, int64_t user_id, const char *field,
                    struct errs *e)
{
	db_stmt *s = by_id(d, Q_USER_ALLOCATABLE, user_id);
	if (!s)
		return PV_ERROR;
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return PV_ERROR;
	if (rc == DB_DONE) {
		errs_add(e, field, "Select a caseworker");
		return PV_REFUSED;
	}
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return PV_ERROR;
	int64_t current = 0;
	char name[8];
	if (person_allocation(d, person_id, &current, name, sizeof name) < 0) {
		change_rollback(&c);
		return PV_ERROR;
	}
	char today[11];
	date_format_iso(who->today, today);
	rc = allocation_set(d, person_id, user_id, today);
	if (rc == 1) {   /* the caseworker they have already: nothing changes, no audit row */
		change_rollback(&c);
		return PV_OK;
	}
	if (rc == 0) {
		char changes[96];
		snprintf(changes, sizeof changes, "{\"caseworker\":[%lld,%lld]}", (long long)current, (long long)user_id);
		change_audit(&c, "allocate", "allocations", person_id, person_id, "caseworker", changes);
	} else
		change_fail(&c);
	return change_commit(&c) == 0 ? PV_OK : PV_ERROR;
}
