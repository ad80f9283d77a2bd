/* clockstore.h — the statutory clock as stored rows, kept current.
 *
 * DESIGN: a child's clock (casefile.c running the pure clock) is stored as
 * rows of clock_steps, one per step per episode, with dates and the flags
 * that do not depend on the day; a status is worked out when read
 * (clock_status_on).  clockstore_person replaces one child's rows; it runs
 * in the transaction of every change that can alter them (change.c calls
 * it for every child a change touched).  Beside the rows, clock_people
 * records the day they were computed for and the first day the calendar
 * alone could change them (valid_until): clockstore_due refreshes the
 * children whose day has come, found by that index.  The rows also record
 * what they were computed with (the area's counting conventions and the
 * rules table, as one fingerprint in meta): clockstore_ensure rebuilds
 * them all when that differs, as at start.  clockstore_verify recomputes
 * every child and compares, the way `git fsck` does.
 *
 * Errors: 0 (or a count) on success, -1 on a store error.
 */
#ifndef SENDMIS_CLOCKSTORE_H
#define SENDMIS_CLOCKSTORE_H
#include "core/date.h"
#include "store/db.h"
#include <stdint.h>
#include <stdio.h>

/* A stored step's status in SQL, over clock_steps aliased `s`, for lists
 * and counts that select by it (T: the placeholder that holds today, as
 * "?3").  They say what clock_status_on says of the row; clockstore_verify
 * checks every row both ways, so they cannot drift apart. */
#define CLOCK_SQL_OPEN "(s.done IS NULL AND s.undated=0 AND s.not_applicable=0 AND s.due IS NOT NULL)"
/* status overdue: open, past its deadline, no exception covering it (else
 * excused); the end of the draft comment period is over, not overdue */
#define CLOCK_SQL_OVERDUE(T) \
	"(" CLOCK_SQL_OPEN " AND s.due<" T " AND s.covered=0 AND s.kind<>'draft_comment_end')"
/* status due: open, its deadline today or later */
#define CLOCK_SQL_DUE(T) "(" CLOCK_SQL_OPEN " AND s.due>=" T ")"
/* step_is_overdue and step_due_within (clock.h): what a queue counts */
#define CLOCK_SQL_ACTIONABLE "(s.advisory=0 AND s.superseded=0)"
#define CLOCK_SQL_QUEUE_OVERDUE(T) "(" CLOCK_SQL_OVERDUE(T) " AND " CLOCK_SQL_ACTIONABLE ")"
#define CLOCK_SQL_QUEUE_DUE(T, U) "(" CLOCK_SQL_DUE(T) " AND s.due<=" U " AND " CLOCK_SQL_ACTIONABLE ")"

/* The columns of a stored step over clock_steps aliased `s`, with its
 * episode's own facts (kind, ids, date, plan status, decisions): what
 * clockstore_read_step reads, from column `col` on, into a step and its
 * episode.  One reader of a row, for every list, count and walk of the
 * stored clock. */
#define CLOCK_STEP_COLS \
	"s.episode, s.episode_kind, COALESCE(s.request_id,0), COALESCE(s.plan_id,0), s.step, s.rule, " \
	"COALESCE(s.anchor,''), COALESCE(s.due,''), COALESCE(s.done,''), s.undated, s.not_applicable, s.superseded, " \
	"s.history_unknown, s.covered, COALESCE(s.exception_id,0), s.review_n, COALESCE(s.review_id,0), " \
	"COALESCE(s.advice_id,0), COALESCE(s.phase_id,0), COALESCE(s.phase_kind,''), COALESCE(s.phase_year,0), " \
	"COALESCE(s.ep_date,''), COALESCE(s.plan_status,''), s.issue_agreed, s.request_decided "
#define CLOCK_STEP_NCOLS 25
struct case_step;
struct case_episode;
/* Reads a stored step (CLOCK_STEP_COLS from column col) as a computed one,
 * its status as at today (clock_status_on); its episode's kind, ids, plan
 * status, date and decisions into *ep.  0, or -1 if its rule is no longer in
 * the rules table (clockstore_ensure rebuilds such rows at start). */
int clockstore_read_step(db_stmt *s, int col, day_t today, struct case_step *cs, struct case_episode *ep);

/* Replaces one child's stored clock with the clock as at today (inside the
 * caller's transaction).  A person who no longer exists has none. */
int clockstore_person(db *d, int64_t person_id, day_t today);

/* Progress for the long runs: called now and then with done of total. */
typedef void (*clockstore_progress_fn)(void *ctx, long done, long total);

/* Replaces every child's (inside the caller's transaction).  Returns the
 * number of children, -1 on error. */
long clockstore_all(db *d, day_t today, clockstore_progress_fn progress, void *ctx);

/* The daily refresh: recomputes the children whose rows the calendar has
 * overtaken (valid_until <= today), in transactions of its own.  Returns
 * the number refreshed, -1 on error. */
long clockstore_due(db *d, day_t today);

/* Recomputes and stores every child's clock (and each advice request's due
 * date) in one transaction, records the fingerprint and advances the data
 * version; progress on `tty` when it is a terminal (NULL: none).  Returns
 * the number of children, -1 on error (nothing changed). */
long clockstore_rebuild(db *d, day_t today, FILE *tty);

/* At start: when the stored rows were made with other settings or another
 * rules table (or never), rebuilds them all in one transaction and records
 * the fingerprint; progress on `tty` when it is a terminal (NULL: none).
 * Returns the number of children rebuilt (0 when current), -1 on error. */
long clockstore_ensure(db *d, day_t today, FILE *tty);

/* Records the current fingerprint as what the stored rows were made with
 * (inside the caller's transaction, after clockstore_all).  -1 on error. */
int clockstore_record(db *d);

/* The fingerprint of the area's counting conventions and the rules table,
 * as stored rows record it (64 hex digits and a NUL). */
void clockstore_fingerprint(char out[65]);

/* Recomputes every child's clock as at today and compares it with the
 * stored rows, all read in one snapshot (a read transaction of its own,
 * or the caller's when one is open); writes each difference to out (ids only).
 * Returns the number of differences, -1 on error. */
long clockstore_verify(db *d, day_t today, FILE *out);

#endif
