/* panels.h — decision panels and closure periods as their pages read them.
 *
 * DESIGN: panels, their cases and closure periods are edited through the
 * generic entity forms (entities.c: ent_panel, ent_panel_case,
 * ent_closure, ent_area_closure); these are the lists.  Each calls fn once
 * per row with a struct whose strings are valid only during the call; fn
 * returns nonzero to stop.  Each returns 0, or -1 on a store error.
 */
#ifndef SENDMIS_PANELS_H
#define SENDMIS_PANELS_H
#include "core/date.h"
#include "store/db.h"
#include <stdint.h>

/* The latest 200 panels, newest first, with their cases counted. */
struct panel_row {
	int64_t id;
	const char *kind, *meeting_date, *title;
	int64_t cases, decided;
};
typedef int (*panel_row_fn)(void *ctx, const struct panel_row *p);
int panels_each(db *d, panel_row_fn fn, void *ctx);
/* Panels meeting on `from` or later, soonest first: the ones a case may be
 * added to (cases, decided: 0). */
int panels_from_each(db *d, day_t from, panel_row_fn fn, void *ctx);

/* A panel's cases, by the child's name. */
struct panel_case_row {
	int64_t id, person_id;
	const char *forename, *surname, *received_date, *decision, *notes;
};
typedef int (*panel_case_fn)(void *ctx, const struct panel_case_row *c);
int panel_cases_each(db *d, int64_t panel_id, panel_case_fn fn, void *ctx);

/* The requests waiting for the decision a kind of panel makes ("assess":
 * no decision whether to assess yet; "issue": an assessment with no
 * decision whether to issue), not already on the panel, oldest first (50 at
 * most).  Other kinds make no such decision: no rows.  The case's request
 * id is in panel_case_row.id. */
int panel_waiting_each(db *d, int64_t panel_id, const char *kind, panel_case_fn fn, void *ctx);

/* Closure periods, latest first: every one (establishment_id 0; 500 at most;
 * the area's have establishment_id 0 and name ""), or one setting's. */
struct closure_row {
	int64_t id, establishment_id;
	const char *name, *start_date, *end_date, *description;
};
typedef int (*closure_fn)(void *ctx, const struct closure_row *c);
int closures_each(db *d, int64_t establishment_id, closure_fn fn, void *ctx);

#endif
