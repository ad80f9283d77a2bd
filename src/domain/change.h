/* change.h — one change to the records: begin, write, audit, refresh what
 * is derived, commit.
 *
 * DESIGN: every write to the records goes through a struct change, held by
 * the domain function that makes it.  The function begins the change,
 * writes its rows, writes its audit row with change_audit (which also marks
 * the child named for refreshing), and ends with change_commit, which
 * refreshes the derived data of every child the change touched (their
 * statutory clock: clockstore.h; their likely duplicates: merge.h), advances the data version (what cached
 * counts are made from), and commits.  If any of that fails, nothing is
 * written: a change whose audit row or derived data cannot be written is
 * rolled back, never committed without them.
 *
 * A change that touches many children (a closure for the whole area) says
 * so with change_touch_all.
 *
 * Errors: the functions return 0 on success and -1 on failure; a failure
 * also marks the change failed, so that change_commit rolls back and
 * returns -1.  A caller may therefore run several steps and check once.
 */
#ifndef SENDMIS_CHANGE_H
#define SENDMIS_CHANGE_H
#include "core/date.h"
#include "store/db.h"
#include <stdint.h>

/* Who makes a change, and when. */
struct actor {
	int64_t user_id;     /* 0: the system (an import, the scheduler, the command line) */
	int64_t now;         /* Unix time, for the audit row */
	day_t today;         /* the day derived data is computed as at */
	const char *ip;      /* the client's address for the audit row; NULL if none */
};

struct change {
	db *d;
	struct actor who;
	int64_t *people;     /* children touched, for the refresh */
	int npeople, cap;
	int all;             /* every child (change_touch_all) */
	int failed;
	int open;
	int quiet;           /* audit rows without a log line each (bulk changes) */
	int beside;          /* change_begin_beside: nothing derived is made from what it writes */
};

/* Begins a transaction.  -1 if it cannot (nothing to roll back). */
int change_begin(struct change *c, db *d, const struct actor *who);
/* Begins a change to records that nothing derived is made from (a
 * survey's invitations and answers, a quality audit): its audit rows name
 * the child, and the data version advances, but no child's statutory clock
 * or likely duplicates are refreshed, since none of their inputs changed
 * (`sendmis clock verify` would find it if one had).  As change_begin. */
int change_begin_beside(struct change *c, db *d, const struct actor *who);
/* Writes one audit row (person_id 0: no child) and marks that child for the
 * refresh.  -1, and the change failed, if the row cannot be written. */
int change_audit(struct change *c, const char *action, const char *entity, int64_t entity_id, int64_t person_id,
                 const char *fields, const char *changes);
/* Marks a child for the refresh without an audit row of its own (a child a
 * change reaches through another record). */
void change_touch(struct change *c, int64_t person_id);
/* Marks every child (an area-wide closure, a change of the rules). */
void change_touch_all(struct change *c);
/* Marks the change failed: change_commit will roll back. */
void change_fail(struct change *c);
/* Refreshes the derived data of the children touched, advances the data
 * version and commits.  0 if committed; -1 if anything failed (everything
 * rolled back). */
int change_commit(struct change *c);
/* Rolls back and releases the change (safe after a commit, or twice). */
void change_rollback(struct change *c);

/* Advances the data version inside the caller's transaction (change_commit
 * does it; so does every other writer of derived data: the daily refresh,
 * a rebuild, an import).  0, or -1 on a store error. */
int change_advance_version(db *d);
/* The data version: advanced by every committed change. */
int64_t change_data_version(db *d);

#endif
