/* clocklists.c — see clocklists.h. */
#include "domain/clocklists.h"
#include "core/grow.h"
#include "domain/clockstore.h"
#include "domain/change.h"
#include "domain/kept.h"
#include "core/review.h"
#include "core/phase.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of a row (read by read_row, in this order), and the joins
 * that give the child, their caseworker, and the step's episode. */
#define ROW_COLS \
	"s.person_id, p.forename, p.surname, COALESCE(a.user_id,0), COALESCE(u.display_name,''), " CLOCK_STEP_COLS
#define ROW_JOINS "JOIN people p ON p.id=s.person_id LEFT JOIN users u ON u.id=a.user_id "
#define ALLOC_JOIN "LEFT JOIN allocations a ON a.person_id=s.person_id AND a.end_date IS NULL "
/* One caseworker's (?1) children first, then their steps by the key: CROSS JOIN keeps SQLite
 * from starting at a step index and looking up every step's allocation.  A CROSS JOIN takes no
 * ON in PostgreSQL, so the join's terms open the WHERE (CASELOAD_ON): the same rows, and the
 * same plan in SQLite, which reads an inner join's ON as WHERE terms. */
#define CASELOAD_FROM "FROM allocations a CROSS JOIN clock_steps s "
#define CASELOAD_ON "s.person_id=a.person_id AND a.end_date IS NULL AND a.user_id=?1"
#define ROW_ORDER " ORDER BY s.due, p.forename, p.surname, s.person_id, s.seq"

static int read_row(db_stmt *s, day_t today, struct clock_row *w)
{
	memset(w, 0, sizeof *w);
	w->person_id = db_col_int(s, 0);
	snprintf(w->name, sizeof w->name, "%s %s", db_col_text(s, 1), db_col_text(s, 2));
	w->caseworker_id = db_col_int(s, 3);
	snprintf(w->caseworker, sizeof w->caseworker, "%s", db_col_text(s, 4));
	return clockstore_read_step(s, 5, today, &w->cs, &w->ep);
}

struct clocklist_it {
	db_stmt *s;
	day_t today;
	int phase;                 /* a phase list: the four dates after the step */
	struct phase_row row;      /* .c is the clock_row of the other lists */
};

/* whole: every row (a download), so a walk */
static int it_open(db *d, const char *sql, day_t today, int phase, int whole, struct clocklist_it **out)
{
	*out = NULL;
	struct clocklist_it *it = calloc(1, sizeof *it);
	if (!it)
		return -1;
	if (!(it->s = whole ? db_prepare_walk(d, sql) : db_prepare(d, sql))) {
		free(it);
		return -1;
	}
	it->today = today;
	it->phase = phase;
	*out = it;
	return 0;
}

static int read_row(db_stmt *s, day_t today, struct clock_row *w);

static int it_step(struct clocklist_it *it)
{
	for (;;) {
		int rc = db_step(it->s);
		if (rc == DB_DONE)
			return 0;
		if (rc != DB_ROW)
			return -1;
		if (read_row(it->s, it->today, &it->row.c) < 0)
			continue;   /* a rule no longer in the table: rebuilt at start */
		if (it->phase) {
			int c = 5 + CLOCK_STEP_NCOLS;
			day_t *dates[4] = {&it->row.dob, &it->row.latest_meeting, &it->row.meeting, &it->row.decision};
			for (int k = 0; k < 4; k++)
				*dates[k] = date_iso_or_none(db_col_text(it->s, c + k));
		}
		return 1;
	}
}

int clocklist_next(struct clocklist_it *it, const struct clock_row **row)
{
	int rc = it_step(it);
	*row = rc == 1 ? &it->row.c : NULL;
	return rc;
}

int clocklist_phase_next(struct clocklist_it *it, const struct phase_row **row)
{
	int rc = it_step(it);
	*row = rc == 1 ? &it->row : NULL;
	return rc;
}

void clocklist_close(struct clocklist_it *it)
{
	if (!it)
		return;
	db_done(it->s);
	free(it);
}

/* Walks an open list to fn; 0, or -1 on a store error. */
static int it_each(struct clocklist_it *it, clock_row_fn fn, void *ctx)
{
	const struct clock_row *row;
	int rc;
	while ((rc = clocklist_next(it, &row)) == 1)
		if (fn(ctx, row))
			break;
	clocklist_close(it);
	return rc < 0 ? -1 : 0;
}

static void bind_page(db_stmt *s, int at, long offset, long limit)
{
	db_bind_int(s, at, limit > 0 ? limit : INT64_MAX);   /* every row (PostgreSQL refuses LIMIT -1) */
	db_bind_int(s, at + 1, offset > 0 ? offset : 0);
}

/* ---- the work queue ----------------------------------------------------------------------- */

/* ?1 the caseworker, ?2 today, ?3 the end of "due soon", ?4 ?5 limit and offset */
#define WORK_FROM CASELOAD_FROM ROW_JOINS
#define W_OVERDUE CLOCK_SQL_QUEUE_OVERDUE("?2")
#define W_DUE CLOCK_SQL_QUEUE_DUE("?2", "?3")
static const char *const q_work[3] = {
	"SELECT " ROW_COLS WORK_FROM "WHERE " CASELOAD_ON " AND (" W_OVERDUE " OR " W_DUE ")" ROW_ORDER " LIMIT ?4 OFFSET ?5",
	"SELECT " ROW_COLS WORK_FROM "WHERE " CASELOAD_ON " AND " W_OVERDUE ROW_ORDER " LIMIT ?4 OFFSET ?5",
	"SELECT " ROW_COLS WORK_FROM "WHERE " CASELOAD_ON " AND " W_DUE ROW_ORDER " LIMIT ?4 OFFSET ?5",
};
static const char q_work_counts[] =
	"SELECT COALESCE(SUM(CASE WHEN " W_OVERDUE " THEN 1 ELSE 0 END),0), "
	"COALESCE(SUM(CASE WHEN " W_DUE " THEN 1 ELSE 0 END),0) "
	CASELOAD_FROM
	"WHERE " CASELOAD_ON " AND " CLOCK_SQL_OPEN " AND s.due<=?3";

static void bind_work(db_stmt *s, const struct work_query *q)
{
	char today[11], soon[11];
	date_format_iso(q->today, today);
	date_format_iso(date_add_days(q->today, q->days), soon);
	db_bind_int(s, 1, q->caseworker);
	db_bind_text(s, 2, today);
	db_bind_text(s, 3, soon);
}

int clocklist_work_open(db *d, const struct work_query *q, struct clocklist_it **it)
{
	if (it_open(d, q_work[q->show == WORK_OVERDUE ? 1 : q->show == WORK_DUE ? 2 : 0], q->today, 0, q->limit <= 0, it) < 0)
		return -1;
	bind_work((*it)->s, q);
	bind_page((*it)->s, 4, q->offset, q->limit);
	return 0;
}

int clocklist_work(db *d, const struct work_query *q, clock_row_fn fn, void *ctx)
{
	struct clocklist_it *it;
	return clocklist_work_open(d, q, &it) < 0 ? -1 : it_each(it, fn, ctx);
}

int clocklist_work_counts(db *d, const struct work_query *q, long *overdue, long *due_soon)
{
	*overdue = *due_soon = 0;
	db_stmt *s = db_prepare(d, q_work_counts);
	if (!s)
		return -1;
	bind_work(s, q);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*overdue = (long)db_col_int(s, 0);
		*due_soon = (long)db_col_int(s, 1);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

/* ---- annual reviews --------------------------------------------------------------------- */

/* ?1 the caseworker (unused by the everyone spelling), ?2 today, ?3 the end of "soon", ?4 ?5 limit and offset */
#define RV_BASE "s.kind='review_due' AND s.not_applicable=0 AND s.due IS NOT NULL AND ?1=?1"
/* a caseload's reviews: its children's steps by the key (kind || '' keeps SQLite off the
 * kind's index, which it would otherwise walk whole for each child) */
#define RV_BASE_CW CASELOAD_ON " AND s.kind || ''='review_due' AND s.not_applicable=0 AND s.due IS NOT NULL AND ?1=?1"
#define RV_OVERDUE CLOCK_SQL_OVERDUE("?2")
#define RV_DUE "(" CLOCK_SQL_DUE("?2") " AND s.due<=?3)"
#define RV_PAGE ROW_ORDER " LIMIT ?4 OFFSET ?5"
/* the open ones (overdue, due soon, either) say so at the top, so SQLite walks the open steps
 * of the kind by deadline (clock_steps_open_kind), not every review ever held; "either" is one
 * range (due by the end of "soon") with the choice asked of each row ("IS TRUE": not split into
 * two index searches whose rows would then be sorted whole) */
#define RV_SHOW(BASE)                                                                                           \
	{                                                                                                           \
		BASE " AND " CLOCK_SQL_OPEN " AND s.due<=?3 AND (" RV_OVERDUE " OR " RV_DUE ") IS TRUE" RV_PAGE,        \
		BASE " AND " CLOCK_SQL_OPEN " AND " RV_OVERDUE RV_PAGE, BASE " AND " CLOCK_SQL_OPEN " AND " RV_DUE RV_PAGE, \
		BASE RV_PAGE                                                                                            \
	}
static const char *const q_reviews[2][4] = {
	RV_SHOW("SELECT " ROW_COLS "FROM clock_steps s " ALLOC_JOIN ROW_JOINS "WHERE " RV_BASE),
	RV_SHOW("SELECT " ROW_COLS CASELOAD_FROM ROW_JOINS "WHERE " RV_BASE_CW),
};
#define RV_COUNT(SHOW, FROM, BASE) \
	"SELECT COUNT(*) " FROM "WHERE " BASE " AND " SHOW
static const char *const q_review_rows[2][4] = {
	{RV_COUNT("(" RV_OVERDUE " OR " RV_DUE ")", "FROM clock_steps s ", RV_BASE),
	 RV_COUNT(RV_OVERDUE, "FROM clock_steps s ", RV_BASE), RV_COUNT(RV_DUE, "FROM clock_steps s ", RV_BASE),
	 RV_COUNT("1=1", "FROM clock_steps s ", RV_BASE)},
	{RV_COUNT("(" RV_OVERDUE " OR " RV_DUE ")", CASELOAD_FROM, RV_BASE_CW),
	 RV_COUNT(RV_OVERDUE, CASELOAD_FROM, RV_BASE_CW), RV_COUNT(RV_DUE, CASELOAD_FROM, RV_BASE_CW),
	 RV_COUNT("1=1", CASELOAD_FROM, RV_BASE_CW)},
};
/* the overdue by band: ?4..?7 the earliest deadline of bands 1..4 (core/review.c's edges) */
#define RV_BANDS(FROM, BASE)                                                                                 \
	"SELECT COALESCE(SUM(CASE WHEN s.due>=?4 THEN 1 ELSE 0 END),0), "                                       \
	"COALESCE(SUM(CASE WHEN s.due<?4 AND s.due>=?5 THEN 1 ELSE 0 END),0), "                                 \
	"COALESCE(SUM(CASE WHEN s.due<?5 AND s.due>=?6 THEN 1 ELSE 0 END),0), "                                 \
	"COALESCE(SUM(CASE WHEN s.due<?6 AND s.due>=?7 THEN 1 ELSE 0 END),0), "                                 \
	"COALESCE(SUM(CASE WHEN s.due<?7 THEN 1 ELSE 0 END),0) " FROM "WHERE " BASE " AND " RV_OVERDUE " AND ?3=?3"
static const char *const q_review_bands[2] = {
	RV_BANDS("FROM clock_steps s ", RV_BASE),
	RV_BANDS(CASELOAD_FROM, RV_BASE_CW),
};

static void bind_reviews(db_stmt *s, const struct review_query *q)
{
	char today[11], soon[11];
	date_format_iso(q->today, today);
	date_format_iso(q->soon, soon);
	db_bind_int(s, 1, q->caseworker);
	db_bind_text(s, 2, today);
	db_bind_text(s, 3, soon);
}

int clocklist_reviews_open(db *d, const struct review_query *q, struct clocklist_it **it)
{
	if (it_open(d, q_reviews[q->caseworker > 0][q->show], q->today, 0, q->limit <= 0, it) < 0)
		return -1;
	bind_reviews((*it)->s, q);
	bind_page((*it)->s, 4, q->offset, q->limit);
	return 0;
}

int clocklist_reviews(db *d, const struct review_query *q, clock_row_fn fn, void *ctx)
{
	struct clocklist_it *it;
	return clocklist_reviews_open(d, q, &it) < 0 ? -1 : it_each(it, fn, ctx);
}

static int review_count(db *d, const struct review_query *q, long *rows, long bands[5])
{
	int cw = q->caseworker > 0;
	*rows = 0;
	for (int i = 0; i < 5; i++)
		bands[i] = 0;
	db_stmt *s = db_prepare(d, q_review_rows[cw][q->show]);
	if (!s)
		return -1;
	bind_reviews(s, q);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*rows = (long)db_col_int(s, 0);
	db_done(s);
	if (rc != DB_ROW)
		return -1;
	s = db_prepare(d, q_review_bands[cw]);
	if (!s)
		return -1;
	bind_reviews(s, q);
	for (int k = 0; k < 4; k++) {
		char edge[11];
		date_format_iso(review_band_earliest_due(k, q->today), edge);
		db_bind_text(s, 4 + k, edge);
	}
	rc = db_step(s);
	if (rc == DB_ROW)
		for (int i = 0; i < 5; i++)
			bands[i] = (long)db_col_int(s, i);
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

/* The counts read every review of the area (or the caseload), so they are
 * kept for the data version and the day (kept.h), as the team view's are:
 * rows, then the five bands. */
static struct kept_slot review_slots[8];
static struct kept_set review_kept = KEPT_SET(review_slots, free);

struct review_ask {
	db *d;
	const struct review_query *q;
};

static int review_count_kept(void *ctx, void *out)
{
	const struct review_ask *a = ctx;
	long *v = out;
	return review_count(a->d, a->q, &v[0], &v[1]);
}

int clocklist_review_counts(db *d, const struct review_query *q, long *rows, long bands[5])
{
	int64_t version = change_data_version(d);
	struct kept_key k;
	kept_key_make(&k, version, "reviews|today=%d|soon=%d|cw=%lld|show=%d", (int)q->today, (int)q->soon,
	              (long long)q->caseworker, (int)q->show);
	long v[6];
	struct review_ask a = {d, q};
	if (kept_flat(&review_kept, &k, version, v, sizeof v, review_count_kept, &a) < 0)
		return -1;
	*rows = v[0];
	for (int i = 0; i < 5; i++)
		bands[i] = v[1 + i];
	return 0;
}

/* ---- the team view ----------------------------------------------------------------------- */

/* ?1 today, ?2 the end of "due soon".  The caseworkers by id (SQLite's order by its index,
 * asked of every store, so the sort by team and name meets ties alike) */
static const char q_team_people[] =
	"SELECT a.user_id, COALESCE(MIN(u.display_name),''), COALESCE(MIN(u.team),'') FROM allocations a "
	"JOIN users u ON u.id=a.user_id WHERE a.end_date IS NULL GROUP BY a.user_id ORDER BY a.user_id";
static const char q_team_plans[] =
	"SELECT a.user_id, COUNT(*) FROM allocations a JOIN plans p ON p.person_id=a.person_id AND p.status='active' "
	"WHERE a.end_date IS NULL GROUP BY a.user_id";
static const char q_team_steps[] =
	"SELECT a.user_id, "
	"COALESCE(SUM(CASE WHEN " CLOCK_SQL_QUEUE_OVERDUE("?1") " THEN 1 ELSE 0 END),0), "
	"COALESCE(SUM(CASE WHEN " CLOCK_SQL_QUEUE_DUE("?1", "?2") " THEN 1 ELSE 0 END),0), "
	"COALESCE(SUM(CASE WHEN s.kind='review_due' AND " CLOCK_SQL_QUEUE_OVERDUE("?1") " THEN 1 ELSE 0 END),0), "
	"COUNT(DISTINCT CASE WHEN s.episode_kind='assessment' AND s.kind IN ('request_decision','not_issue_decision',"
	"'final_plan') THEN s.person_id END) "
	"FROM allocations a JOIN clock_steps s ON s.person_id=a.person_id "
	"WHERE a.end_date IS NULL AND " CLOCK_SQL_OPEN " GROUP BY a.user_id";

struct team {
	struct team_row *v;
	int n, cap;
};

static struct team_row *team_find(struct team *t, int64_t user)
{
	for (int i = 0; i < t->n; i++)
		if (t->v[i].user_id == user)
			return &t->v[i];
	return NULL;
}

static int by_team(const void *a, const void *b)
{
	const struct team_row *x = a, *y = b;
	int c = strcmp(x->team, y->team);
	return c ? c : strcmp(x->name, y->name);
}

/* The team view's rows are counted over every allocated child's open steps,
 * so they are kept for the data version and the day (kept.h), as the
 * dashboard's figures are. */
static struct kept_slot team_slots[2];
static struct kept_set team_kept = KEPT_SET(team_slots, free);

static int team_count(db *d, day_t today, int days, struct team *t);

static int copy_team(void *dst, const struct kept_slot *s)
{
	struct team *t = dst;
	if (!(t->v = malloc((size_t)(s->n ? s->n : 1) * sizeof *t->v)))
		return -1;
	if (s->n)
		memcpy(t->v, s->v, (size_t)s->n * sizeof *t->v);
	t->n = t->cap = (int)s->n;
	return 0;
}

int clocklist_team(db *d, day_t today, int days, struct team_row **rows, int *n, int *previous)
{
	int64_t version = change_data_version(d);
	struct kept_key k;
	kept_key_make(&k, version, "team|today=%d|days=%d", (int)today, days);
	struct team t = {NULL, 0, 0};
	*rows = NULL;
	*n = 0;
	if (kept_find_or_previous(&team_kept, &k, version, copy_team, &t, previous) != 0) {
		int rc = team_count(d, today, days, &t);
		struct team_row *keep = rc == 0 ? malloc((size_t)(t.n ? t.n : 1) * sizeof *keep) : NULL;
		if (keep && t.n)
			memcpy(keep, t.v, (size_t)t.n * sizeof *keep);
		kept_store(&team_kept, &k, version, keep, t.n);
		if (rc < 0) {
			free(t.v);
			return -1;
		}
	}
	*rows = t.v;
	*n = t.n;
	return 0;
}

/* Counts the team view's rows into *t (by team and name).  0, or -1. */
static int team_count(db *d, day_t today, int days, struct team *out)
{
	struct team t = {NULL, 0, 0};
	char day[11], soon[11];
	date_format_iso(today, day);
	date_format_iso(date_add_days(today, days), soon);
	int rc = -1;
	db_stmt *s = db_prepare(d, q_team_people);
	if (!s)
		return -1;
	int st;
	while ((st = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(t.v, t.cap, t.n + 1, 32) < 0)
			break;
		struct team_row *row = &t.v[t.n++];
		memset(row, 0, sizeof *row);
		row->user_id = db_col_int(s, 0);
		snprintf(row->name, sizeof row->name, "%s", db_col_text(s, 1));
		snprintf(row->team, sizeof row->team, "%s", *db_col_text(s, 2) ? db_col_text(s, 2) : "No team");
	}
	db_done(s);
	if (st != DB_DONE)
		goto out;
	if (!(s = db_prepare(d, q_team_plans)))
		goto out;
	while ((st = db_step(s)) == DB_ROW) {
		struct team_row *row = team_find(&t, db_col_int(s, 0));
		if (row)
			row->plans = (long)db_col_int(s, 1);
	}
	db_done(s);
	if (st != DB_DONE || !(s = db_prepare(d, q_team_steps)))
		goto out;
	db_bind_text(s, 1, day);
	db_bind_text(s, 2, soon);
	while ((st = db_step(s)) == DB_ROW) {
		struct team_row *row = team_find(&t, db_col_int(s, 0));
		if (!row)
			continue;
		row->overdue = (long)db_col_int(s, 1);
		row->due_soon = (long)db_col_int(s, 2);
		row->reviews_overdue = (long)db_col_int(s, 3);
		row->assessments = (long)db_col_int(s, 4);
	}
	db_done(s);
	if (st != DB_DONE)
		goto out;
	if (t.n > 1)
		qsort(t.v, (size_t)t.n, sizeof *t.v, by_team);
	*out = t;
	t.v = NULL;
	rc = 0;
out:
	free(t.v);
	return rc;
}

/* ---- phase transfers ------------------------------------------------------------------------- */

/* ?1 the year, ?2 the kind ("" every kind), ?3 the caseworker (0 everyone's), ?4 ?5 limit and offset */
#define PH_WHERE                                                                                           \
	"WHERE s.phase_year=?1 AND s.kind='phase_transfer_final' AND s.plan_status='active' "                     \
	"AND (?2='' OR s.phase_kind=?2) AND (?3=0 OR a.user_id=?3) "
#define PH_KIND_ORDER                                                                                      \
	"CASE s.phase_kind WHEN 'school_entry' THEN 1 WHEN 'junior' THEN 2 WHEN 'middle' THEN 3 "              \
	"WHEN 'secondary' THEN 4 ELSE 5 END"
/* the first review meeting in the window (anchor .. deadline) and its decision, as the clock's steps hold them */
#define PH_REVIEW(COL)                                                                                     \
	"(SELECT " COL " FROM clock_steps v WHERE v.person_id=s.person_id AND v.plan_id=s.plan_id "            \
	"AND v.kind='review_decision' AND v.anchor>=s.anchor AND v.anchor<=s.due ORDER BY v.anchor, v.seq LIMIT 1)"
/* the page's keys first (by index on the year, sorted, limited), then each row whole with the
 * review it looks up: the lookups cost the page, not the year's cohort */
#define PH_ORDER "ORDER BY " PH_KIND_ORDER ", p.forename, p.surname, s.person_id"
static const char q_phase[] =
	"SELECT " ROW_COLS ", COALESCE(p.dob,''), "
	/* the meeting among the child's own steps (by the key: "|| ''" and "+" keep SQLite off the
	 * kind's and the year's indexes, which would read every meeting of the year for each row) */
	"COALESCE((SELECT m.due FROM clock_steps m WHERE m.person_id=s.person_id AND m.plan_id=s.plan_id "
	"AND m.kind || ''='phase_transfer_meeting' AND +m.phase_year=s.phase_year LIMIT 1),''), "
	"COALESCE(" PH_REVIEW("v.anchor") ",''), COALESCE(" PH_REVIEW("v.done") ",'') "
	"FROM (SELECT s.person_id AS k_person, s.seq AS k_seq FROM clock_steps s JOIN people p ON p.id=s.person_id "
	ALLOC_JOIN PH_WHERE PH_ORDER " LIMIT ?4 OFFSET ?5) k "
	"JOIN clock_steps s ON s.person_id=k.k_person AND s.seq=k.k_seq " ALLOC_JOIN ROW_JOINS PH_ORDER;
static const char q_phase_counts[] =
	"SELECT s.phase_kind, COUNT(*), SUM(CASE WHEN s.done IS NOT NULL THEN 1 ELSE 0 END), "
	"SUM(CASE WHEN " CLOCK_SQL_OVERDUE("?4") " THEN 1 ELSE 0 END) "
	"FROM clock_steps s " ALLOC_JOIN PH_WHERE "GROUP BY s.phase_kind";

static void bind_phase(db_stmt *s, const struct phase_query *q)
{
	db_bind_int(s, 1, q->year);
	db_bind_text(s, 2, q->kind != PT_NONE ? phase_kind_code(q->kind) : "");
	db_bind_int(s, 3, q->caseworker);
}

int clocklist_phase_open(db *d, const struct phase_query *q, struct clocklist_it **it)
{
	if (it_open(d, q_phase, q->today, 1, q->limit <= 0, it) < 0)
		return -1;
	bind_phase((*it)->s, q);
	bind_page((*it)->s, 4, q->offset, q->limit);
	return 0;
}

int clocklist_phase(db *d, const struct phase_query *q, int (*fn)(void *ctx, const struct phase_row *row), void *ctx)
{
	struct clocklist_it *it;
	if (clocklist_phase_open(d, q, &it) < 0)
		return -1;
	const struct phase_row *row;
	int rc;
	while ((rc = clocklist_phase_next(it, &row)) == 1)
		if (fn(ctx, row))
			break;
	clocklist_close(it);
	return rc < 0 ? -1 : 0;
}

static int phase_count(db *d, const struct phase_query *q, struct phase_counts *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = db_prepare(d, q_phase_counts);
	if (!s)
		return -1;
	bind_phase(s, q);
	char today[11];
	date_format_iso(q->today, today);
	db_bind_text(s, 4, today);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		enum phase_kind k = phase_kind_by_code(db_col_text(s, 0));
		long n = (long)db_col_int(s, 1);
		if (k != PT_NONE && k <= PT_POST16)
			out->by_kind[k] += n;
		out->total += n;
		out->finalised += (long)db_col_int(s, 2);
		out->overdue += (long)db_col_int(s, 3);
	}
	db_done(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* The counts read the year's whole cohort: kept for the data version and the day. */
static struct kept_slot phase_slots[8];
static struct kept_set phase_kept = KEPT_SET(phase_slots, free);

struct phase_ask {
	db *d;
	const struct phase_query *q;
};

static int phase_count_kept(void *ctx, void *out)
{
	const struct phase_ask *a = ctx;
	return phase_count(a->d, a->q, out);
}

int clocklist_phase_counts(db *d, const struct phase_query *q, struct phase_counts *out)
{
	int64_t version = change_data_version(d);
	struct kept_key k;
	kept_key_make(&k, version, "phase|today=%d|year=%d|kind=%d|cw=%lld", (int)q->today, q->year, (int)q->kind,
	              (long long)q->caseworker);
	struct phase_ask a = {d, q};
	return kept_flat(&phase_kept, &k, version, out, sizeof *out, phase_count_kept, &a);
}

int clocklist_phase_year_whole(int year, day_t today)
{
	const struct clock_settings *s = casefile_settings();
	day_t sept, last = DATE_NONE;
	for (int k = PT_SCHOOL_ENTRY; k <= PT_POST16; k++) {
		day_t due = phase_deadline(s, (enum phase_kind)k, year);
		if (due != DATE_NONE && (last == DATE_NONE || due > last))
			last = due;
	}
	if (date_from_ymd(year, 9, 1, &sept) < 0 || last == DATE_NONE)
		return 0;
	/* still to come, and every kind's deadline within the horizon casefile.c shows transfers in */
	return today < sept && date_add_months(today, CASEFILE_PHASE_HORIZON_MONTHS) >= last;
}
