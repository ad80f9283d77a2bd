/* plancontent.h — the EHC plan as content: versions, sections A–K, sending
 * the draft, finalising, and an annual review's progress per outcome.
 *
 * DESIGN (docs/plan-content.md): a plan (the `plans` row the clock reads)
 * has versions (plan_versions).  The first is the draft; sending it to the
 * family sets the plan's draft date, so the clock shows their 15 days to
 * comment (reg 13(1)); finalising it issues the plan (status active, issue
 * date: the clock's final-plan step).  After a review a draft amendment
 * starts from the final version: sending it is the review's "proposed
 * amendments sent" (reg 22(2)), finalising it the "final amended plan
 * issued" (reg 22(3)).  Those dates are written through the plan's and
 * the review's own entities (entities.c), so their rules apply unchanged.
 *
 * A final version never changes: every write here and every section form
 * (entities_plan.c) refuses one.  Sections A, I and J are columns of the
 * version; the rest are items numbered per section (planref.h).
 *
 * Lists call fn once per row with strings valid only during the call; fn
 * returns nonzero to stop.  Writes are one change each (change.h) and
 * return enum entity_rc: ENT_OK, ENT_INVALID (errors in err, naming the
 * field), ENT_STALE (someone saved first), ENT_NOT_FOUND or ENT_ERROR.
 */
#ifndef SENDMIS_PLANCONTENT_H
#define SENDMIS_PLANCONTENT_H
#include "core/buf.h"
#include "core/errs.h"
#include "core/planref.h"
#include "core/provision.h"
#include "store/db.h"
#include <stdint.h>

struct actor;

struct pc_version {
	int64_t id, plan_id, person_id, seq, review_id, version;
	int amendment, j_requested, j_direct_payments;
	long long j_amount;                  /* pounds a year; -1: none given */
	long long prov_items, prov_unspecified, prov_unquantified, prov_findings;  /* -1 until final */
	char *sent_date, *comments_date, *comments, *setting_requested, *final_date;
	char *a_views, *a_interests, *a_aspirations, *i_setting, *j_arrangements, *created_at;
	char plan_status[12];
};
/* ENT_OK, ENT_NOT_FOUND or ENT_ERROR; free with pc_version_free. */
int pc_version_load(db *d, int64_t id, struct pc_version *v);
void pc_version_free(struct pc_version *v);
/* "Draft", "Final", "Draft amendment" or "Amended final". */
const char *pc_version_kind(int amendment, int is_final);

struct pc_version_row {
	int64_t id, seq, review_id;
	int amendment;
	const char *sent_date, *comments_date, *final_date, *created_at;
};
typedef int (*pc_version_fn)(void *ctx, const struct pc_version_row *v);
/* A plan's versions, newest first. */
int pc_versions_each(db *d, int64_t plan_id, pc_version_fn fn, void *ctx);
/* The plan's draft now (0: none) and its newest final version (0: none). */
int pc_plan_current(db *d, int64_t plan_id, int64_t *draft_id, int64_t *final_id);

struct pc_item {
	int64_t id, version_id, num, advice_id, version;
	const char *section, *area, *text, *who, *how_often, *how_long, *group_size;
	const char *timescale, *measure, *links, *item_date;
	char ref[PLAN_REF_MAX];
};
typedef int (*pc_item_fn)(void *ctx, const struct pc_item *it);
/* A version's items in plan order; sections NULL for all, or a comma-
 * separated list ("B,C,D"). */
int pc_items_each(db *d, int64_t version_id, const char *sections, pc_item_fn fn, void *ctx);

/* Whether the section is provision (F, G, H1, H2): the provision check
 * reads it. */
int pc_section_is_provision(const char *section);
/* The text the provision check reads for an item: what, who, how often,
 * for how long and in what group, as one line. */
void pc_item_check_text(const struct pc_item *it, buf *out);
/* The provision check of one item (an outcome: only its vague words).
 * 0, or -1 when memory runs out. */
int pc_item_check(const struct prov_terms *t, const struct pc_item *it, struct prov_result *res);

/* The provision check of a version's provision items (F, G, H1, H2):
 * how many, how many not specified, not quantified, and the findings. */
struct pc_counts {
	long long items, unspecified, unquantified, findings;
};
/* 0, or -1 on a store error or when memory runs out. */
int pc_version_counts(db *d, int64_t version_id, const struct prov_terms *t, struct pc_counts *out);

/* Starts the plan's next version: its first draft (the sections empty but
 * K, filled from the advice received for its request), or a draft
 * amendment copied from the newest final version (review_id: the review
 * that proposed it, or 0).  Refused (ENT_INVALID, err on "plan") while a
 * draft is open or when the plan has ceased.  *out_id: the version. */
int pc_version_start(db *d, const struct actor *who, int64_t plan_id, int64_t review_id, int64_t *out_id,
                     struct errs *err);
/* Drafts the plan for a request with a decision to issue: the plan (a
 * draft, not yet sent) and its first version, as one change.  Refused
 * (ENT_INVALID, err on "plan") when the request may not have a plan or
 * already has one. */
int pc_plan_start(db *d, const struct actor *who, int64_t request_id, int64_t *plan_id, int64_t *out_id,
                  struct errs *err);
/* Adds to section K of a draft each advice received for the plan (its
 * request's, its review meetings') not already listed.  *added: how many. */
int pc_fill_advice(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, int *added,
                   struct errs *err);
/* Section A's views written from the views recorded for the child (the
 * Family and views tab), replacing what it says now.  Refused (err on
 * "views") when none are recorded.  *added: how many views. */
int pc_fill_views(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, int *added,
                  struct errs *err);
/* The draft sent to the family on `date` ("YYYY-MM-DD"; field "sent"). */
int pc_send(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, const char *date,
            struct errs *err);
/* The version issued final on `date` (field "final"): section I and the
 * provision check's counts are kept with it, and from then on it never
 * changes. */
int pc_finalise(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, const char *date,
                const struct prov_terms *terms, struct errs *err);

/* An annual review's progress per outcome: the outcomes of the newest
 * final version issued on or before the review meeting, each with what
 * was recorded (progress "" when nothing yet). */
struct pc_progress {
	const char *ref, *outcome, *progress, *evidence;
};
typedef int (*pc_progress_fn)(void *ctx, const struct pc_progress *p);
/* 0, 1 when there is no final version to review against, -1 on a store error. */
int pc_review_progress_each(db *d, int64_t review_id, pc_progress_fn fn, void *ctx);
/* Saves it: n outcomes (refs), each with progress (codes_progress; "" to
 * leave it unrecorded) and evidence.  Errors name "progress-REF". */
int pc_review_progress_save(db *d, const struct actor *who, int64_t review_id, int n, const char *const *refs,
                            const char *const *progress, const char *const *evidence, struct errs *err);
/* The review's plan and child (0 when there is no such review). */
int pc_review_of(db *d, int64_t review_id, int64_t *plan_id, int64_t *person_id);

#endif
