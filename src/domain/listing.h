/* listing.h — what every list shares: a walk over index-ordered SQL that
 * gives one page (or every row, for a download), and a count that says
 * when it stopped counting.
 *
 * DESIGN (issue 15, "every page costs the page"): a list is one or more
 * segments, each a literal SELECT whose ORDER BY an index serves, ending
 * "LIMIT ?n" with n at a placeholder number the list names.  list_walk
 * steps through the segments in order, skips the first `offset` rows in C
 * and stops after `limit`: a page costs the rows before it and on it, never
 * the rows after it, and a list sorted by a column an index holds never
 * sorts the area.  The LIMIT bound is offset + limit, so where SQLite must
 * sort within equal keys (the right part of an ORDER BY) its sorter stays
 * that small.  A list in two parts (people with a next review date, then
 * those without) is two segments: each is an index walk, and neither needs
 * the other's count.
 *
 * Counts: list_count_capped counts the rows of a literal
 * "SELECT COUNT(*) FROM (SELECT … LIMIT ?n)" up to cap + 1 and says `more`
 * when it stopped, so a filter no index can answer is counted as far as
 * the cap and shown honestly ("more than 5,000"), never by reading the
 * whole area to the end.  A count an index answers whole (every person, a
 * caseworker's caseload) is list_count_exact.
 *
 * The walk holds its statement until list_walk_end: a download streams
 * from it while the response is sent (server.c keeps the connection).
 * The bind function and its context must outlive the walk: each list
 * copies its filter into its own iterator.
 */
#ifndef SENDMIS_LISTING_H
#define SENDMIS_LISTING_H
#include "store/db.h"
#include <stdint.h>

#define LIST_ALL ((int64_t)-1)   /* a walk's limit: every row */

/* The sort directions a list accepts: "asc" and "desc". */
enum list_order { LIST_ASC = 0, LIST_DESC = 1 };
/* "asc" → LIST_ASC, "desc" → LIST_DESC; -1 for anything else. */
int list_order_parse(const char *s);
const char *list_order_name(enum list_order o);

struct list_count {
	int64_t n;   /* rows counted */
	int more;    /* 1: counting stopped at n; more rows match */
};

/* Binds a list's filters (never LIMIT: the walk binds that).  0 or -1. */
typedef int (*list_bind_fn)(db_stmt *s, const void *ctx);

struct list_walk {
	db *d;
	const char *const *seg;   /* the segments, walked in order */
	int nseg, at;
	int limit_at;             /* the placeholder number of each segment's LIMIT */
	list_bind_fn bind;
	const void *ctx;
	int64_t skip, left;       /* rows still to skip; rows still to give (LIST_ALL: no end) */
	db_stmt *s;               /* the segment being stepped */
	int failed;
};

/* Prepares a walk of nseg segments from row `offset`, `limit` rows
 * (LIST_ALL: to the end).  Nothing runs until list_walk_step. */
void list_walk_init(struct list_walk *w, db *d, const char *const *seg, int nseg, int limit_at, list_bind_fn bind,
                    const void *ctx, int64_t offset, int64_t limit);
/* DB_ROW: w->s holds the next row (read it with db_col_*); DB_DONE; DB_ERROR
 * (logged by the store, without values). */
int list_walk_step(struct list_walk *w);
/* Releases the statement (safe twice). */
void list_walk_end(struct list_walk *w);

/* Runs a count query of the form "SELECT COUNT(*) FROM (SELECT … LIMIT ?n)"
 * with n = cap + 1 bound at limit_at: c->n the rows up to cap, c->more when
 * there were more.  0, or -1 on a store error. */
int list_count_capped(db *d, const char *sql, int limit_at, int64_t cap, list_bind_fn bind, const void *ctx,
                      struct list_count *c);
/* Runs "SELECT COUNT(*) …" whole (a count an index answers).  0 or -1. */
int list_count_exact(db *d, const char *sql, list_bind_fn bind, const void *ctx, struct list_count *c);

/* Each list names every statement it runs and what it promises, so a test
 * can hold it to that with EXPLAIN QUERY PLAN (tests/unit/test_lists.c). */
enum list_query_kind {
	LQ_WALK,     /* an index in the list's order: no table scanned, no sort of the whole */
	LQ_FEW,      /* the few rows an index finds (a search, a caseload, a category), sorted whole */
	LQ_CAPPED,   /* a count that stops at its LIMIT: it may read rows an index does not choose */
	LQ_KEY,      /* one row by its key */
};
struct list_query {
	const char *sql;
	enum list_query_kind kind;
};

/* A copy of s in out (n bytes), "" for NULL, always terminated. */
void list_copy(char *out, size_t n, const char *s);

#endif
