/* childnow.h — where a child is today, in SQL: one spelling of each.
 *
 * DESIGN (issue 15): a child's status, the placement they attend today and
 * what follows from it (its setting type, its establishment's local
 * authority, whether they are awaiting provision) are derived from several
 * records and, for the placement, from the date.  clockstore.c stores them
 * in clock_people (migration 0015) with the child's clock, in the same
 * transaction as every change that touches the child, and refreshes them
 * on the day a placement begins or ends (casefile's valid_until);
 * clockstore_verify recomputes them with these same expressions and
 * compares.  Lists filter and count by the stored columns, through their
 * indexes; nothing asks these expressions of every child on a request.
 *
 * Each is an expression over people aliased `p`; T is the placeholder that
 * holds today ("?2").
 */
#ifndef SENDMIS_CHILDNOW_H
#define SENDMIS_CHILDNOW_H

/* The placement p attends today: begun, not ended, the first by rank, the
 * latest started among equals (a placement that starts next term is not
 * current yet). */
#define CHILDNOW_PLACEMENT_ID(T) \
	"(SELECT y.id FROM placements y WHERE y.person_id=p.id AND y.start_date<=" T " AND (y.end_date IS NULL " \
	"OR y.end_date>=" T ") ORDER BY y.rank, y.start_date DESC, y.id DESC LIMIT 1)"

/* p's status: an active plan, a draft, a request or assessment open, a
 * ceased plan, or none — the first that holds.  The child's plans are read
 * once, by the child alone (an aggregate gives its one row even when there
 * are none): a condition on the status as well would let a planner without
 * statistics (PostgreSQL inside a bulk import) cross two indexes and read
 * every ceased plan in the area for each child. */
#define CHILDNOW_STATUS \
	"(SELECT CASE WHEN MAX(CASE WHEN x.status='active' THEN 1 ELSE 0 END)=1 THEN 'active' " \
	"WHEN MAX(CASE WHEN x.status='draft' THEN 1 ELSE 0 END)=1 THEN 'draft' " \
	"WHEN EXISTS(SELECT 1 FROM requests q LEFT JOIN assessments s ON s.request_id=q.id WHERE q.person_id=p.id " \
	"AND (q.outcome IS NULL OR (q.outcome='Y' AND (s.id IS NULL OR s.outcome IS NULL)))) THEN 'assessment' " \
	"WHEN MAX(CASE WHEN x.status='ceased' THEN 1 ELSE 0 END)=1 THEN 'ceased' ELSE 'none' END " \
	"FROM plans x WHERE x.person_id=p.id)"

/* The stored columns' values, in order (status, placement_id, setting,
 * la_code, awaiting), for p with today's placement joined as c and its
 * establishment as e (CHILDNOW_JOIN). */
#define CHILDNOW_VALUES \
	CHILDNOW_STATUS ", c.id, COALESCE(e.setting_type, c.setting_code), e.la_code, " \
	"CASE WHEN c.id IS NULL OR c.setting_code='AWAIT' THEN 1 ELSE 0 END"
#define CHILDNOW_JOIN(T) \
	"LEFT JOIN placements c ON c.id=" CHILDNOW_PLACEMENT_ID(T) " LEFT JOIN establishments e ON e.id=c.establishment_id "

#endif
