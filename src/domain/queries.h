/* queries.h — read-only queries behind the record pages.
 *
 * DESIGN: each is a literal with `?` parameters, owned here with the rest
 * of the domain's SQL; the page that shows it reads the columns in the
 * order documented beside it.  Writes never go through these: they go
 * through entity.c (records) or allocation_set() (caseworker).
 */
#ifndef SENDMIS_QUERIES_H
#define SENDMIS_QUERIES_H
#include "store/db.h"
#include <stdint.h>

/* ?person: id, status, draft_date, issue_date, start_date, cease_date, cease_reason,
 * last_review_date, next_review_due, personal_budget, transfer_in_la */
extern const char Q_PERSON_PLANS[];
/* ?plan: id, meeting_date, decision_date, outcome */
extern const char Q_PLAN_REVIEWS[];
/* ?plan: id, establishment_id, establishment name, setting_code, rank */
extern const char Q_PLAN_NAMED[];
/* ?person: id, rank, sen_type */
extern const char Q_PERSON_NEEDS[];
/* ?LA code, ?person: id, establishment_id, name, setting_type, out_of_area, setting_code, start_date,
 * end_date, rank, residential, work_based */
extern const char Q_PERSON_PLACEMENTS[];
/* ?placement: id, visit_date, visit_type, outcome, visitor */
extern const char Q_PLACEMENT_VISITS[];
/* ?person: id, received_date, source, outcome, outcome_date, assessment id, assessment outcome,
 * assessment outcome_date */
extern const char Q_PERSON_REQUESTS[];
/* ?person: created_at, author, body, id, version */
extern const char Q_PERSON_NOTES[];
/* ?person: at, who, action, entity, fields (changes only, newest first, 100 at most) */
extern const char Q_PERSON_HISTORY[];
/* ?person: user id, display name, start_date */
extern const char Q_PERSON_CASEWORKER[];
/* no params: id, display_name, role — users who hold caseloads (queries.c: HOLDS_CASELOAD) */
extern const char Q_CASEWORKERS[];
/* no params: id, display_name, the number of children allocated to them now — the same users */
extern const char Q_CASEWORKER_LOADS[];
/* ?1 establishment, ?2 today: person id, forename, surname, start_date of current placements */
extern const char Q_ESTABLISHMENT_PUPILS[];

extern const char Q_ESTAB_COUNT[], Q_ESTAB_PAGE[];   /* see queries.c for parameters */
/* no params: id, display_name, username — every user, for the audit trail's filter */
extern const char Q_USER_OPTIONS[];
/* no params: id, name, URN or UKPRN — every establishment, for a <select> */
extern const char Q_ESTAB_OPTIONS[];
/* Panels to add a case to: ?1 = the earliest meeting date offered. */
extern const char Q_PANEL_OPTIONS[];
/* ?request: request outcome, assessment id (0 if none) */
extern const char Q_REQUEST_ASSESSMENT[];
/* ?user: a row if the user can be allocated a caseload */
extern const char Q_USER_ALLOCATABLE[];

/* Ends the current allocation (end_date = today) and starts one with
 * user_id.  0 ok, 1 unchanged (already allocated to that user), -1 error. */
int allocation_set(db *d, int64_t person_id, int64_t user_id, const char *today);

#endif
