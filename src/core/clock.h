/* clock.h — the statutory clock: every timed step of one child's case, its
 * deadline, whether it was met, and what is due next (pure, no I/O).
 *
 * DESIGN: the input is what happened, as dates (struct clock_input: the
 * assessment, the plan with its reviews and phase transfer, the dated
 * exception episodes); the output is a list of steps in a fixed order, each
 * with the rule row it comes from (rules.h), its anchor, deadline, the day
 * it was done and a status.  Deadlines are never stored: they are computed
 * here, from the rules table and the area's counting conventions
 * (struct clock_settings), whenever a page, a queue, `sendmis clock` or a
 * job needs them.  The JSON contract of `sendmis clock` (docs/clock.md) is
 * the subset of steps whose rule has `contract` set.
 *
 * Status: done set -> met if done <= due, else late; not done -> due while
 * as_of <= due, else overdue; a late or overdue step is excused when an
 * exception whose reason excuses that rule overlaps the interval from the
 * step's anchor to done (or as_of).  An exception with no end runs to as_of;
 * a reason with an in-force window (coronavirus) only counts inside it.
 */
#ifndef SENDMIS_CLOCK_H
#define SENDMIS_CLOCK_H
#include "core/date.h"
#include "core/deadline.h"
#include "core/phase.h"
#include "core/rules.h"
#include <stddef.h>

/* ---- what happened ------------------------------------------------------------ */

struct clock_exception {
	enum exc_reason reason;
	day_t start, end;          /* end DATE_NONE = still going */
	int derived;               /* made from closure data, not recorded by a person */
};

struct clock_advice {
	char service[32];
	day_t requested, received;
};

enum request_outcome { RQ_NONE, RQ_ASSESS, RQ_REFUSE, RQ_WITHDRAWN };
enum issue_outcome { IS_NONE, IS_ISSUE, IS_NOT_ISSUE, IS_WITHDRAWN };

struct clock_assessment {
	day_t request_received;
	enum request_outcome request_outcome;
	day_t request_decision;
	const struct clock_advice *advice;
	int nadvice;
	enum issue_outcome issue_outcome;
	day_t issue_decision;
	day_t draft_sent, final_issued;
	/* decisions recorded with no day (an imported SEN2 outcome H): ST_UNDATED.  Set by
	 * the register only (casefile.c); the contract's input always dates a decision. */
	int request_undated, issue_undated;
	const struct clock_exception *exc;
	int nexc;
};

enum review_outcome { RV_NONE, RV_MAINTAIN, RV_AMEND, RV_CEASE };

struct clock_review {
	day_t meeting, decision;
	enum review_outcome outcome;
	day_t invitations_sent, advice_circulated;   /* DATE_NONE: not recorded (web only) */
	day_t proposed_amendments_sent, final_amended;
	int track_notices;         /* produce the invitation and advice steps (web) */
	int undated;               /* decided (outcome set) on a day not recorded: ST_UNDATED (register only) */
};

struct clock_phase {
	enum phase_kind kind;
	int year;                             /* calendar year of the transfer (September) */
	day_t final;                          /* amended plan naming the next setting finalised */
};

struct clock_plan {
	day_t issued;
	const struct clock_review *reviews;   /* in meeting order */
	int nreviews;
	const struct clock_phase *phases;     /* phase transfers tracked, in year order */
	int nphases;
	day_t transfer_in, transfer_letter;   /* reg 15: web only; DATE_NONE if not a transfer in */
	day_t dob;                            /* for the under-5 cadence; DATE_NONE to skip */
	int ceased;                           /* the plan has ceased: no next review */
	int earlier_reviews_unknown;          /* reviews before the first recorded are not known (an import):
	                                         that first review's 12 months are not judged */
	const struct clock_exception *exc;
	int nexc;
};

struct clock_input {
	day_t as_of;
	const struct clock_assessment *assessment;   /* NULL: none */
	const struct clock_plan *plan;               /* NULL: none */
};

/* ---- the answer -------------------------------------------------------------- */

/* ST_UNDATED: done, but the day is not recorded (a decision read from an
 * imported SEN2 return as H, historical; struct clock_assessment's
 * *_undated, clock_review.undated): neither met nor late, never due. */
enum step_status { ST_MET, ST_LATE, ST_DUE, ST_OVERDUE, ST_EXCUSED, ST_NA, ST_UNDATED };
const char *step_status_code(enum step_status s);   /* "met" … "not_applicable", "undated" */

struct clock_step {
	char id[48];               /* "final_plan", "advice:EP", "review_decision:2" */
	const struct rule *rule;
	day_t anchor, due, done;
	enum step_status status;
	int review;                /* 1-based review number, 0 if none */
	int phase;                 /* 1-based phase transfer number, 0 if none */
	int advice;                /* index into the advice, -1 if none */
	int excused_by;            /* index into the exceptions that excused it, -1 */
	int excused_plan;          /* that exception is the plan's (1) or the assessment's (0) */
	int inside_comment;        /* draft_comment_end: final issued inside the comment period */
	int history_unknown;       /* review_in_time of the first review on record, when earlier ones
	                              are not known: not judged (ST_NA, no due date) */
	int superseded;            /* not done, and a later review has been held: a past failure,
	                              no longer something to do (queues leave it out) */
	int exception_applies;     /* an exception covers the step, whatever its status: for
	                              final_plan this is SEN2's Week20 ("exceptions apply") */
	int covered_by;            /* index of the first exception that covers it (excuses it once
	                              late), -1; covered_plan: that exception is the plan's */
	int covered_plan;
	int not_applicable;        /* withdrawn, ceased, or no deadline: ST_NA whatever the day */
};

#define CLOCK_MAX_STEPS 256
#define CLOCK_MAX_ADVICE 40     /* per assessment */
#define CLOCK_MAX_REVIEWS 30    /* per plan */
#define CLOCK_MAX_EXCEPTIONS 40 /* per assessment or plan */

struct clock_result {
	struct clock_step steps[CLOCK_MAX_STEPS];
	int n;
	int truncated;             /* more steps than fit: the input had too many reviews or advice */
};

/* Fills out.  Never fails: an input the sequence check would refuse still
 * gives an answer (check first with clock_check where that matters). */
void clock_run(const struct clock_settings *s, const struct clock_input *in, struct clock_result *out);

/* The first impossible sequence in the input, as the contract's field path
 * ("assessment.final_issued") and a message; 0 if there is none. */
int clock_check(const struct clock_input *in, char *field, size_t fn, char *msg, size_t mn);

/* SEN2 Week20 for an assessment's result: 1 if an exception applies to its
 * final_plan step, 0 if not, -1 if it has none. */
int clock_week20(const struct clock_result *res);

/* A step's status on a day, from what does not depend on the day: its
 * rule, deadline and the day it was done, and the flags below.  The one
 * place a status is worked out: clock_run uses it, and so does every reader
 * of the stored steps (clockstore.h), so a status read from the store is
 * the clock's by construction. */
enum { SF_UNDATED = 1, SF_NOT_APPLICABLE = 2, SF_COVERED = 4 };
enum step_status clock_status_on(const struct rule *r, day_t due, day_t done, unsigned flags, day_t today);
/* The flags of a computed step, for clock_status_on. */
unsigned clock_step_flags(const struct clock_step *st);

/* Is a step open and late (overdue, not excused, not advice, not superseded)?
 * Due within n days? */
int step_is_overdue(const struct clock_step *st);
int step_due_within(const struct clock_step *st, day_t as_of, int days);

#endif
