/* jobs.h — the scheduler: reminders, overdue notices, escalations, review
 * notices and weekly summaries.
 *
 * DESIGN: a run looks at the records as at one day and queues every notice
 * due by then that has not been queued before; each notice's outbox key
 * names what it is about and when (the request and the reminder offset,
 * the plan and its due date, the user and the ISO week), so a run is
 * idempotent — the scheduler in `sendmis serve` and `sendmis jobs run-once`
 * can run as often as they like, or die part way, and each notice is
 * queued once.  Reminders: of the configured offsets before a deadline,
 * only the nearest one that has been reached is sent, so a request asked
 * late never gets a stale "10 days left".  Assessment advice and
 * contributions to an annual review are chased by the same rule, each kind
 * with its own emails (advice.h: advice_kinds).  Nothing in a notice names
 * a child (templates.h).
 */
#ifndef SENDMIS_JOBS_H
#define SENDMIS_JOBS_H
#include "core/date.h"
#include "store/db.h"
#include <stdint.h>

#define JOBS_MAX_OFFSETS 8
struct jobs_settings {
	int reminder_days[JOBS_MAX_OFFSETS];   /* days before the deadline, e.g. 10, 3 */
	int nreminders;
	int summary_weekday;                   /* 0 = Monday … 6 = Sunday */
	int review_notice_days;                /* tell the setting this long before a review is due; 0 = off */
	int work_due_days;                     /* "due soon" in the weekly summaries */
};

struct jobs_report {
	int reminders, overdue, escalations, review_notices, weekly, cancelled, errors;
	int clocks;   /* children whose stored clock the calendar moved on (clockstore_due) */
};

/* Queues what is due as at `as_of` (now: the instant, for the outbox).  0,
 * or -1 on a store error (what was queued before it stays queued). */
int jobs_run(db *d, const struct jobs_settings *js, day_t as_of, int64_t now, struct jobs_report *rep);

struct outbox_report;
/* The one log line of a scheduler run (log_level info): what it queued and
 * what the sending after it did, counts only. */
void jobs_log_run(day_t as_of, const struct jobs_report *j, const struct outbox_report *o);

/* "10,3" -> offsets; 0 or -1 with why. */
int jobs_parse_offsets(const char *s, struct jobs_settings *js, char *why, size_t n);

/* ISO 8601 week of d, e.g. "2026-W49". */
void date_iso_week(day_t d, char out[12]);

#endif
