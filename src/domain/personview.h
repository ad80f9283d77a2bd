/* personview.h — a child's record as its pages read it, and allocating a
 * caseworker.
 *
 * DESIGN: the person page shows each part of the record (plans with their
 * named settings and reviews, needs, placements with their visits,
 * requests, notes, the history of changes); each list here calls fn once
 * per row, in the order the page shows them, with a struct whose strings
 * are valid only during the call (dates as stored, "YYYY-MM-DD", "" for
 * none).  fn returns nonzero to stop.  The lists return 0, or -1 on a
 * store error.  The SQL is queries.c's (Q_PERSON_*), run here.
 *
 * Allocating a caseworker is a change like any other (change.h): the
 * allocation, its audit row ("allocate") and the child's derived data.
 */
#ifndef SENDMIS_PERSONVIEW_H
#define SENDMIS_PERSONVIEW_H
#include "core/date.h"
#include "core/errs.h"
#include "store/db.h"
#include <stdint.h>

struct actor;

struct pv_plan {
	int64_t id;
	const char *status, *draft_date, *issue_date, *start_date, *cease_date, *cease_reason;
	const char *last_review_date, *next_review_due, *transfer_in_la;
	int personal_budget;
};
typedef int (*pv_plan_fn)(void *ctx, const struct pv_plan *p);
/* Active first, then draft, then the rest, newest first. */
int person_plans_each(db *d, int64_t person_id, pv_plan_fn fn, void *ctx);

struct pv_named { int64_t id, establishment_id; const char *name, *setting_code; int rank; };
typedef int (*pv_named_fn)(void *ctx, const struct pv_named *n);
int plan_named_each(db *d, int64_t plan_id, pv_named_fn fn, void *ctx);

struct pv_review { int64_t id; const char *meeting_date, *decision_date, *outcome; };
typedef int (*pv_review_fn)(void *ctx, const struct pv_review *v);
int plan_reviews_each(db *d, int64_t plan_id, pv_review_fn fn, void *ctx);

struct pv_need { int64_t id; int rank; const char *sen_type; };
typedef int (*pv_need_fn)(void *ctx, const struct pv_need *n);
int person_needs_each(db *d, int64_t person_id, pv_need_fn fn, void *ctx);

struct pv_placement {
	int64_t id, establishment_id;      /* establishment_id 0: a kind of setting, no establishment */
	const char *name, *setting_type, *setting_code, *start_date, *end_date, *residential, *work_based;
	int out_of_area;                   /* the establishment is in another LA than la_code */
	int rank;
};
typedef int (*pv_placement_fn)(void *ctx, const struct pv_placement *p);
/* Current first; la_code: the area's own (for out_of_area). */
int person_placements_each(db *d, int64_t person_id, const char *la_code, pv_placement_fn fn, void *ctx);

struct pv_visit { int64_t id; const char *visit_date, *visit_type, *outcome, *visitor; };
typedef int (*pv_visit_fn)(void *ctx, const struct pv_visit *v);
int placement_visits_each(db *d, int64_t placement_id, pv_visit_fn fn, void *ctx);

struct pv_request {
	int64_t id, assessment_id;         /* assessment_id 0: none recorded */
	const char *received_date, *source, *outcome, *outcome_date, *assessment_outcome, *assessment_outcome_date;
};
typedef int (*pv_request_fn)(void *ctx, const struct pv_request *q);
int person_requests_each(db *d, int64_t person_id, pv_request_fn fn, void *ctx);

struct pv_note { int64_t id, version; const char *created_at, *author, *body; };
typedef int (*pv_note_fn)(void *ctx, const struct pv_note *n);
int person_notes_each(db *d, int64_t person_id, pv_note_fn fn, void *ctx);

/* Changes to the record, newest first (100 at most): the audit trail's
 * creates, updates, deletes and allocations naming the child. */
struct pv_change { const char *at, *who, *action, *entity, *fields; };
typedef int (*pv_change_fn)(void *ctx, const struct pv_change *c);
int person_history_each(db *d, int64_t person_id, pv_change_fn fn, void *ctx);

/* The caseworker allocated now: 1 (user id and display name filled), 0
 * none, -1 on a store error. */
int person_allocation(db *d, int64_t person_id, int64_t *user_id, char *name, size_t n);
/* The child's status today as stored with their clock (clock_people.status:
 * "active", "draft", "assessment", "ceased", "none").  1 found, 0 none
 * stored yet ("none"), -1 store error. */
int person_status_now(db *d, int64_t person_id, char *status, size_t n);

/* What the pages about a request and a plan need to know of it.  0, 1 no
 * such record, -1 on a store error. */
struct request_brief { int64_t person_id, assessment_id; char received[11], outcome[4]; };
int request_brief_load(db *d, int64_t request_id, struct request_brief *out);
struct plan_brief { int64_t person_id; char status[12], next_review_due[11]; };
int plan_brief_load(db *d, int64_t plan_id, struct plan_brief *out);

/* Allocates the child to a caseworker (a user who holds caseloads), one
 * change: the allocation, its audit row ("allocate", "allocations") and the
 * child's derived data.  PV_OK (also when they are allocated to that user
 * already: nothing written); PV_REFUSED, nothing written, when user_id
 * holds no caseload (the error is on `field`); PV_ERROR. */
enum pv_rc { PV_OK = 0, PV_REFUSED = 1, PV_ERROR = -1 };
int person_allocate(db *d, const struct actor *who, int64_t person_id, int64_t user_id, const char *field,
                    struct errs *e);

#endif
