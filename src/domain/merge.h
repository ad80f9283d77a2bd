/* merge.h — one record per child: likely duplicates, merging two records,
 * and undoing a merge.
 *
 * DESIGN.  Likely duplicates are derived data: a pair of children with the
 * same date of birth and either the same name (surname and forename, any
 * case) or the same postcode is a row of dup_pairs (migration 0021).
 * change_commit refreshes the pairs of every child a change touched
 * (dup_refresh: two probes of people_dup_name and people_dup_postcode), so
 * the list is a walk of dup_pairs' primary key with a limit, never a
 * search of the area.  A bulk writer (the demo, the SEN2 import, a change
 * of every child) rebuilds them whole (dup_rebuild).  A pair an admin says
 * is not the same child is kept in dup_not_same and never listed again.
 *
 * A merge keeps one record and absorbs the other: every row of the absorbed
 * child in a table of merge_tables[] marked MERGE_MOVE is moved to the kept
 * child, one change (change.h) with an audit row on each child.  Audit rows
 * are never rewritten (MERGE_KEEP): the kept child's record links to the
 * absorbed one's history through the merge.  Derived rows (MERGE_DERIVED:
 * the stored clock) are not moved but recomputed for both by change_commit.
 * The absorbed record is kept, marked merged_into the kept one, so its
 * links say where it went.  What a move cannot do plainly is done and
 * recorded: the absorbed child's needs are ranked after the kept child's
 * (merge_rows.old_rank), and if both have a caseworker the absorbed child's
 * allocation is ended on the day (merge_rows.ended).  A merge is refused,
 * with the reason, when both have an active EHC plan or are on the same
 * panel, or when there would be more than nine needs.
 *
 * merge_rows names each row moved, so an undo moves exactly those back,
 * restores ranks and allocations, and restores the absorbed record (not
 * merged, its version as before).  An undo is refused once either child
 * has changed since the merge: any audit row naming either child after the
 * merge's own, other than a view or an export.
 *
 * Every table with a person_id column is named in merge_tables[] (the unit
 * test test_merge.c reads the store's catalogue and fails if one is not).
 */
#ifndef SENDMIS_MERGE_H
#define SENDMIS_MERGE_H
#include "core/errs.h"
#include "domain/listing.h"
#include "domain/register.h"
#include "store/db.h"
#include <stdint.h>

struct actor;

enum merge_how {
	MERGE_MOVE,      /* the absorbed child's rows move to the kept child */
	MERGE_DERIVED,   /* recomputed for both by change_commit */
	MERGE_KEEP,      /* never rewritten (the audit trail) */
};

struct merge_table {
	const char *table;
	const char *label;         /* what its rows are, plural, for the confirmation page */
	enum merge_how how;
	const char *select_ids;    /* MERGE_MOVE: "SELECT id FROM t WHERE person_id=? ORDER BY id" */
	const char *move;          /* MERGE_MOVE: "UPDATE t SET person_id=?1 WHERE id=?2 AND person_id=?3" (needs: rank=?4 too) */
};
extern const struct merge_table merge_tables[];
extern const size_t merge_tables_n;
#define MERGE_TABLES_MAX 32

enum { MERGE_OK = 0, MERGE_REFUSED = 1, MERGE_STALE = 2, MERGE_NOT_FOUND = 3 };

/* ---- likely duplicates ----------------------------------------------------- */

/* Replaces the pairs of one child (inside the caller's transaction).  0 or -1. */
int dup_refresh(db *d, int64_t person_id);
/* Replaces every pair (inside the caller's transaction).  0 or -1. */
int dup_rebuild(db *d);

struct dup_row {
	int64_t lo, hi;
	int same_name, same_postcode;
	char lo_forename[NAME_BYTES], lo_surname[NAME_BYTES], lo_postcode[16];
	char hi_forename[NAME_BYTES], hi_surname[NAME_BYTES], hi_postcode[16];
	char dob[11];
};
/* The pairs, counted up to cap.  0 or -1. */
int dup_count(db *d, int64_t cap, struct list_count *c);
/* The pairs from row `offset`, `limit` of them, in the order of their ids:
 * fn once each (nonzero stops).  0 or -1. */
int dup_each(db *d, int64_t offset, int64_t limit, int (*fn)(void *ctx, const struct dup_row *r), void *ctx);
/* Says a and b are not the same child: the pair is no longer listed.
 * Audited on both.  MERGE_OK, MERGE_NOT_FOUND (no such pair listed), -1. */
int dup_not_same(db *d, const struct actor *who, int64_t a, int64_t b);

/* ---- merging ---------------------------------------------------------------- */

struct merge_preview {
	int64_t kept_version, absorbed_version;
	int64_t kept_merged_into, absorbed_merged_into;   /* nonzero: already merged into another */
	int moving[MERGE_TABLES_MAX];                     /* per merge_tables[] row: the absorbed child's rows */
	int kept_rows[MERGE_TABLES_MAX];                  /* and the kept child's */
	int moving_total;
	int nproblems;
	char problems[6][240];                            /* why the merge cannot be made now */
};
/* What merging `absorbed` into `kept` would move, and what stops it.
 * MERGE_OK, MERGE_NOT_FOUND (either child missing, or the same), -1. */
int merge_preview(db *d, int64_t kept, int64_t absorbed, struct merge_preview *p);

/* Merges `absorbed` into `kept`, as previewed with those versions of the two
 * records.  MERGE_OK and *merge_id; MERGE_STALE (either changed since),
 * MERGE_REFUSED (the preview's problems, in e under "merge"),
 * MERGE_NOT_FOUND, or -1 (nothing written). */
int merge_people(db *d, const struct actor *who, int64_t kept, int64_t absorbed, int64_t kept_version,
                 int64_t absorbed_version, int64_t *merge_id, struct errs *e);

struct merge_info {
	int64_t id, kept_id, absorbed_id, merged_by, undone_by;
	char merged_at[21], undone_at[21], merged_by_name[USERNAME_BYTES];
	char kept_name[2 * NAME_BYTES], absorbed_name[2 * NAME_BYTES];
	int rows_moved;
	int changed_since;   /* either child changed after the merge: it cannot be undone */
};
/* One merge.  1 found, 0 none, -1 a store error. */
int merge_load(db *d, int64_t id, struct merge_info *m);
/* The merge (not undone) that absorbed person_id.  1, 0 none, -1. */
int merge_absorbing(db *d, int64_t person_id, struct merge_info *m);
/* The merges (not undone) that person_id absorbed others by, newest first,
 * at most max into out.  The number, or -1. */
int merge_kept_by(db *d, int64_t person_id, struct merge_info *out, int max);
/* Undoes a merge.  MERGE_OK; MERGE_REFUSED (already undone, or either
 * child changed since: e under "undo" says which); MERGE_NOT_FOUND; -1. */
int merge_undo(db *d, const struct actor *who, int64_t merge_id, struct errs *e);

#endif
