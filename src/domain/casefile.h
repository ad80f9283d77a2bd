/* casefile.h — a child's statutory clock, assembled from the store.
 *
 * DESIGN: the store holds what happened (requests, advice, assessments,
 * plans, reviews, phase transfers, exception episodes, panels); the core
 * clock turns that into deadlines.  This module is the one place that reads
 * those tables for the clock: it streams people in id order with one query
 * per table (each sorted by person), so one child's page and the whole
 * area's work queue go through the same code, and the whole area costs
 * nine queries, not nine per child.  Each request is an assessment episode
 * (with the plan drafted from it); each issued plan is a plan episode (its
 * reviews, phase transfers and any transfer in).  The next phase transfer
 * of an active plan is computed from the child's date of birth and setting
 * (core/phase.c) unless one is recorded for that year.  School closures
 * recorded for the area or the child's setting turn an advice request to
 * the school made in the reg 5(4)(a) window into a derived exception.
 *
 * The area's counting conventions are process settings: set once at start
 * (casefile_set_settings) from the config, read by every caller.
 */
#ifndef SENDMIS_CASEFILE_H
#define SENDMIS_CASEFILE_H
#include "core/clock.h"
#include "store/db.h"
#include <stdint.h>

/* How far ahead an active plan's next phase transfer is shown: from this
 * many months before its deadline. */
#define CASEFILE_PHASE_HORIZON_MONTHS 18

void casefile_set_settings(const struct clock_settings *s);
const struct clock_settings *casefile_settings(void);

enum episode_kind { EP_ASSESSMENT, EP_PLAN };

struct case_step {
	struct clock_step st;
	int episode;               /* index into casefile.ep */
	int64_t advice_id, review_id, phase_id, exception_id;   /* 0 = none */
	int exception_derived;     /* excused by an exception made from closure data */
	enum phase_kind phase_kind;  /* phase steps: the transfer */
	int phase_year;
};

struct case_episode {
	enum episode_kind kind;
	int64_t request_id, assessment_id, plan_id;
	int issue_agreed;          /* assessment episodes: the decision was to issue a plan */
	int request_decided;       /* assessment episodes: the decision whether to assess is recorded, dated */
	char plan_status[8];
	day_t date;                /* request received / plan issued: for headings */
	int first, n;              /* its steps: casefile.steps[first .. first+n) */
	int phase_computed;        /* its next phase transfer was computed, not recorded */
	enum phase_kind next_phase;
	int next_phase_year;
};

struct case_exception {
	int64_t id;                /* 0 = derived from a closure */
	struct clock_exception x;
	char reason[32];
};

struct case_panel {
	int64_t case_id, panel_id, request_id;
	char kind[12], decision[8];
	day_t date;
};

#define CASE_MAX_EPISODES 24
#define CASE_MAX_PANELS 24

struct casefile {
	int64_t person_id;
	char forename[244], surname[244];
	day_t dob;
	int64_t caseworker_id;
	char caseworker[129];
	char team[64];
	char phase[8];             /* current setting's phase code, "" if none */
	int top_year;              /* its last year taught, NCY_NONE if not set */
	struct case_exception exc[CLOCK_MAX_EXCEPTIONS];
	int nexc;
	struct case_episode ep[CASE_MAX_EPISODES];
	int nep;
	struct case_panel panels[CASE_MAX_PANELS];
	int npanels;
	struct case_step *steps;
	int nsteps, cap;
	int truncated;             /* more episodes, exceptions or steps than fit */
	day_t valid_until;         /* the first day after as_of the calendar alone could change
	                              the steps (DATE_NONE: never; not set in history mode) */
};

struct case_filter {
	int64_t person_id;         /* 0 = everyone */
	int64_t caseworker;        /* -1 = no allocation needed; 0 = anyone allocated; else that user's cases */
	int plans_only;            /* with person 0 and caseworker -1: only people with an active plan,
	                              and only their plans' episodes (the reviews and phase lists) */
	int history;               /* as the records stood on as_of: anything dated after it has not
	                              happened yet (a request, a decision, a review, a plan issued or
	                              ceased, advice asked or received, a phase transfer finalised).
	                              Exception episodes are taken as recorded.  The KPIs' view. */
};

/* Calls fn once per person matching f, in id order; fn returns non-zero to
 * stop.  0 ok, -1 on a store error. */
int casefile_each(db *d, const struct case_filter *f, day_t as_of,
                  int (*fn)(void *ctx, const struct casefile *cf), void *ctx);
/* What the cohort rule (core/phase.h) reads of a child: the date of birth,
 * and the current setting's phase and last year taught, as columns over
 * people p and that setting's establishment e; and their reader, from
 * column col into cf (as casefile_each fills them in).  For a caller that
 * puts a child's stored steps together itself (the KPIs for today). */
#define CASEFILE_COHORT_COLS "p.dob, COALESCE(e.phase,''), COALESCE(e.top_year,-99)"
void casefile_read_cohort(struct casefile *cf, db_stmt *s, int col);
/* The phase transfer plan episode `ep` makes in September of `year`: the
 * one recorded for that year (*step set to its step), otherwise the cohort
 * rule (core/phase.c) from the child's date of birth and current setting
 * (*step NULL).  PT_NONE if there is none. */
enum phase_kind casefile_phase_transfer(const struct casefile *cf, int ep, int year, const struct case_step **step);

/* One person (NULL if none or on error); free with casefile_free. */
struct casefile *casefile_load(db *d, int64_t person_id, day_t as_of);
void casefile_free(struct casefile *cf);

#endif
