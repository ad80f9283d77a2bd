/* clocklists.h — the lists and counts read from the stored statutory clock.
 *
 * DESIGN: the work queue, the annual reviews list and the team view read
 * the stored steps (clockstore.h) with indexed queries: a page of rows in
 * order with a LIMIT, and counts by SQL aggregates, never a walk of the
 * area.  A step's status comes from clock_status_on on the row, and the
 * rows a list selects by status from the CLOCK_SQL_* spellings that `clock
 * verify` checks against it.  Each row carries the step as a struct
 * case_step and its episode as a struct case_episode, the same shapes a
 * child's casefile has, so a step reads and links the same on every page.
 *
 * Errors: 0 on success, -1 on a store error.
 */
#ifndef SENDMIS_CLOCKLISTS_H
#define SENDMIS_CLOCKLISTS_H
#include "domain/casefile.h"
#include "store/db.h"

struct clock_row {
	int64_t person_id;
	char name[2 * 244 + 2];      /* "Forename Surname" */
	int64_t caseworker_id;       /* 0: not allocated */
	char caseworker[129];
	struct case_episode ep;      /* the step's episode (first and n not set) */
	struct case_step cs;         /* the step, its status as at the list's day */
};
typedef int (*clock_row_fn)(void *ctx, const struct clock_row *row);

/* ---- the work queue: one caseworker's steps overdue or due soon ---- */

enum work_show { WORK_ALL, WORK_OVERDUE, WORK_DUE };
struct work_query {
	int64_t caseworker;          /* whose allocated children */
	day_t today;
	int days;                    /* "due soon": within this many days */
	enum work_show show;
	long offset, limit;          /* limit 0: every row (the CSV) */
};
/* Rows soonest deadline first (then name), from offset. */
int clocklist_work(db *d, const struct work_query *q, clock_row_fn fn, void *ctx);
/* How many are overdue and due soon (whatever q->show, offset and limit). */
int clocklist_work_counts(db *d, const struct work_query *q, long *overdue, long *due_soon);

/* ---- annual reviews: active plans' review_due steps ---- */

enum review_show { REVIEWS_SOON, REVIEWS_OVERDUE, REVIEWS_DUE, REVIEWS_ALL };
struct review_query {
	int64_t caseworker;          /* 0: everyone's */
	day_t today, soon;           /* "due soon": a deadline from today to soon */
	enum review_show show;
	long offset, limit;          /* limit 0: every row */
};
int clocklist_reviews(db *d, const struct review_query *q, clock_row_fn fn, void *ctx);
/* The rows the query selects, and the overdue ones by how long overdue
 * (core/review.h's bands), whatever q->show. */
int clocklist_review_counts(db *d, const struct review_query *q, long *rows, long bands[5]);

/* ---- phase transfers: one September's cohort ---- */

/* The transfers stored for a year: every one recorded, and each active
 * plan's next transfer worked out from the date of birth and current
 * setting from 18 months before its deadline (casefile.c), so the coming
 * Septembers' cohorts are whole; a later year's holds only what is
 * recorded until then, and a past year's only what was recorded. */
struct phase_query {
	int year;
	enum phase_kind kind;        /* PT_NONE: every kind */
	int64_t caseworker;          /* 0: everyone's */
	day_t today;
	long offset, limit;          /* limit 0: every row */
};
struct phase_row {
	struct clock_row c;          /* the phase_transfer_final step */
	day_t dob;
	day_t latest_meeting;        /* the latest review meeting that still meets the deadline */
	day_t meeting, decision;     /* the first review meeting in the window, and its decision */
};
/* By kind (the enum's order), then name. */
int clocklist_phase(db *d, const struct phase_query *q, int (*fn)(void *ctx, const struct phase_row *row), void *ctx);
struct phase_counts {
	long total, by_kind[PT_POST16 + 1], finalised, overdue;
};
int clocklist_phase_counts(db *d, const struct phase_query *q, struct phase_counts *out);
/* Whether every active plan's transfer in September `year` is stored (the
 * year is within the horizon and still to come). */
int clocklist_phase_year_whole(int year, day_t today);

/* ---- the same lists pulled a row at a time (a streamed CSV) ---- */

struct clocklist_it;
/* Open a list as its callback function would walk it (q's limit and offset
 * apply).  0, or -1 on a store error. */
int clocklist_work_open(db *d, const struct work_query *q, struct clocklist_it **it);
int clocklist_reviews_open(db *d, const struct review_query *q, struct clocklist_it **it);
int clocklist_phase_open(db *d, const struct phase_query *q, struct clocklist_it **it);
/* The next row (valid until the next call): 1, 0 at the end, -1 on a store
 * error.  A phase list's rows are phase_rows; the others' clock_rows. */
int clocklist_next(struct clocklist_it *it, const struct clock_row **row);
int clocklist_phase_next(struct clocklist_it *it, const struct phase_row **row);
void clocklist_close(struct clocklist_it *it);

/* ---- the team view: per caseworker ---- */

struct team_row {
	int64_t user_id;
	char name[129], team[64];
	long plans, assessments, overdue, due_soon, reviews_overdue;
};
/* One row per caseworker with children allocated, by team and name, into
 * *rows (n of them; the caller frees it).  previous: as for the dashboard
 * (kpicache.h): NULL, the rows as the records stand; else, while another
 * request is counting them after a change, the rows counted before it, and
 * *previous set to 1.  0 or -1. */
int clocklist_team(db *d, day_t today, int days, struct team_row **rows, int *n, int *previous);

#endif
