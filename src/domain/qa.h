/* qa.h — quality assurance of EHC plans and case files: samples, audits,
 * grades, moderation and actions (migration 0022; docs/quality-assurance.md).
 *
 * DESIGN: every write is one struct change with its audit row naming the
 * child (an audit is a reading of a child's plan).  The rules are the
 * core's (core/qa.h): the overall grade by the framework's rule, which
 * sections a service grades, the seeded stratified draw.  An audit keeps
 * the framework version it was made with; a framework in use is never
 * changed: qa_framework_copy makes the next version.
 *
 * Dates recorded (an audit completed, a grade agreed, an action done) are
 * the day of the actor's instant (who->now), which is who->today except
 * for records entered as at an earlier time (the demo's year).
 *
 * Who wrote a plan: the user who created the plan version audited
 * (plan_versions.created_by), and the child's caseworker on the day the
 * version was finalised (allocations).  Neither can audit or moderate it.
 */
#ifndef SENDMIS_QA_H
#define SENDMIS_QA_H
#include "domain/change.h"
#include "store/db.h"
#include <stdint.h>

enum qa_rc {
	QA_OK = 0,
	QA_INVALID = 1,      /* msg says which field */
	QA_STALE = 2,        /* someone else saved first */
	QA_NOT_FOUND = 3,
	QA_OWN_PLAN = 4,     /* the auditor wrote the plan version */
	QA_EXISTS = 5,       /* this month's sample is drawn already */
	QA_ERROR = -1,
};

/* The framework new audits of a kind ("plan", "casefile") take: the newest
 * active version.  0 if none, -1 on a store error. */
int64_t qa_framework_current(db *d, const char *kind);
/* Copies framework `from` (with its criteria) to the next version of its
 * kind, named `name`, as a draft (not active): the lead changes it, then
 * chooses it for new audits (qa_framework_use).  QA_OK with *id. */
int qa_framework_copy(db *d, const struct actor *who, int64_t from, const char *name, int64_t *id);

/* ---- editing a version (qa_frameworks.c) ----
 * A version's settings (name, scale, rule, good_from) and its criteria are
 * entities, edited only while no audit uses the version: the entities'
 * checks refuse it naming the field, and the store's triggers (migration
 * 0027) refuse it too. */
struct entity;
extern const struct entity ent_qa_framework, ent_qa_criterion;
struct code_list;
extern const struct code_list codes_qa_scale, codes_qa_rule, codes_qa_section;
/* How many audits use framework `id`: >= 0, or -1. */
int64_t qa_framework_audits(db *d, int64_t id);
/* Makes version `id` (at `version`) the one new audits of its kind take: it
 * becomes the only active version of its kind.  QA_STALE if it changed,
 * QA_INVALID if it has no criteria, QA_NOT_FOUND. */
int qa_framework_use(db *d, const struct actor *who, int64_t id, int64_t version, char *msg, size_t msglen);

/* Draws the plan sample for `month` ("YYYY-MM"): pct_new percent (rounded
 * up) of the plan versions finalised that month (new and amended), and
 * n_active of the other active plans, each number shared across its pool's
 * strata (team, phase, primary need) in proportion to their size by largest
 * remainder (qa_allocate); from `seed`.  Stores the seed and
 * the strata counts, and an unassigned audit for each plan drawn.
 * QA_OK with *sample_id; QA_EXISTS if that month's is drawn already;
 * QA_INVALID (msg names the field). */
int qa_sample_draw(db *d, const struct actor *who, const char *month, uint64_t seed, int pct_new, int n_active,
                   int64_t *sample_id, char *msg, size_t msglen);

/* Draws the case-file sample for `month`: n of the children and young
 * people with a caseworker now (their case open), shared across the strata
 * (team, phase, primary need) by largest remainder and drawn from `seed`
 * as plans are (Thurrock's monthly checks that records are accurate and
 * complete).  Stored as a plan sample is (kind 'casefile', pool 'active'),
 * an unassigned case-file audit for each child drawn.  QA_OK with
 * *sample_id; QA_EXISTS if that month's is drawn already; QA_INVALID. */
int qa_casefile_sample_draw(db *d, const struct actor *who, const char *month, uint64_t seed, int n,
                            int64_t *sample_id, char *msg, size_t msglen);

/* Adds a plan version's audit by hand (after a complaint…), reason required.
 * The version must be final. */
int qa_audit_add(db *d, const struct actor *who, int64_t plan_version_id, const char *reason, int64_t *audit_id,
                 char *msg, size_t msglen);

/* Adds a case-file audit of a child's record (their records accurate and
 * complete), with the case-file framework; reason required.  QA_NOT_FOUND
 * when there is no such child. */
int qa_casefile_add(db *d, const struct actor *who, int64_t person_id, const char *reason, int64_t *audit_id,
                    char *msg, size_t msglen);

/* Assigns an audit to an auditor (a user with a service, or any staff
 * user).  QA_OWN_PLAN when they wrote the version; QA_INVALID when they
 * made the audit a moderation is of. */
int qa_audit_assign(db *d, const struct actor *who, int64_t audit_id, int64_t version, int64_t auditor_id,
                    char *msg, size_t msglen);

/* One criterion's grade as entered: 0 = not graded. */
struct qa_grade_in {
	int64_t criterion_id;
	int grade;
	const char *comment;
};
/* Saves the auditor's grades, strengths and areas to improve; when
 * `complete`, every criterion their service grades must be graded, and the
 * overall grade is worked out by the framework's rule.  QA_INVALID names
 * the criterion ("grade-<id>"). */
int qa_audit_save(db *d, const struct actor *who, int64_t audit_id, int64_t version, const struct qa_grade_in *g,
                  int n, const char *strengths, const char *improve, int complete, char *msg, size_t msglen);

/* Starts a blind moderation of a completed audit by a second auditor
 * (another user, not the version's writer).  QA_OK with *second_id. */
int qa_moderation_start(db *d, const struct actor *who, int64_t audit_id, int64_t auditor_id, int64_t *second_id,
                        char *msg, size_t msglen);
/* The moderator's agreed grade, once both audits are completed. */
int qa_moderation_agree(db *d, const struct actor *who, int64_t audit_id, int agreed, const char *note, char *msg,
                        size_t msglen);
/* Moderations agreed between two dates ('YYYY-MM-DD', inclusive): how
 * many, and how many where the two auditors' overall grades were the same.
 * 0, or -1. */
int qa_agreement(db *d, const char *from, const char *to, int64_t *n, int64_t *agreed);

/* An action from an audit: kind "feedback", "amend_next_review" or
 * "other", with its owner and due date; shown in the owner's work queue. */
int qa_action_add(db *d, const struct actor *who, int64_t audit_id, const char *kind, const char *description,
                  int64_t owner_id, const char *due, int64_t *action_id, char *msg, size_t msglen);

/* Marks an action done (today) by its owner (who->user_id), or by anyone
 * when `any_owner` (a lead); *audit_id says whose audit it came from.
 * QA_STALE if it changed since `version` or is not theirs. */
int qa_action_done(db *d, const struct actor *who, int64_t action_id, int64_t version, int any_owner,
                   int64_t *audit_id, char *msg, size_t msglen);

struct qa_action_row {
	int64_t id, version, audit_id, person_id, owner_id;
	const char *kind, *description, *owner, *due_date, *done_date;
};
typedef int (*qa_action_fn)(void *ctx, const struct qa_action_row *a);
/* An audit's actions (audit_id > 0), or an owner's open ones, soonest due
 * first; at most `limit`. */
int qa_actions_each(db *d, int64_t audit_id, int64_t owner_id, int limit, qa_action_fn fn, void *ctx);
const char *qa_action_kind_label(const char *kind);
/* Whether the user owns an action of the audit: 1, 0, or -1. */
int qa_action_owner(db *d, int64_t audit_id, int64_t user_id);

/* ---- reading ---------------------------------------------------------------- */

struct qa_audit {
	int64_t id, version, person_id, plan_version_id, framework_id, sample_id, moderates, auditor_id;
	char kind[10], source[8], status[12], scale[8], rule[16], auditor_service[16];
	int overall, good_from;
	char completed_date[11], team[61], phase[31], need[11];
	char *strengths, *improve, *reason;   /* malloc'd; qa_audit_free */
	/* the provision check's counts for the version (-1: not made) */
	int64_t prov_items, prov_unspecified, prov_unquantified, prov_findings;
	int64_t written_by;   /* plan_versions.created_by; 0 if unknown */
	int64_t caseworker_at_final;   /* allocated on the version's final date; 0 if none */
};
/* QA_OK, QA_NOT_FOUND or QA_ERROR. */
int qa_audit_load(db *d, int64_t id, struct qa_audit *a);
void qa_audit_free(struct qa_audit *a);

struct qa_criterion_row {
	int64_t id;
	const char *section, *title, *guidance, *comment;
	int num, weight, grade;   /* grade 0: not graded */
};
typedef int (*qa_criterion_fn)(void *ctx, const struct qa_criterion_row *c);
/* The criteria of an audit's framework, in section order, with its grades. */
int qa_criteria_each(db *d, int64_t audit_id, qa_criterion_fn fn, void *ctx);

struct qa_audit_row {
	int64_t id, person_id, plan_version_id, auditor_id, moderates;
	const char *status, *source, *auditor, *team, *phase, *need, *completed_date;
	int overall;
};
typedef int (*qa_audit_fn)(void *ctx, const struct qa_audit_row *r);
/* The audits of a month's sample (and those added by hand that month), or
 * (auditor_id > 0) an auditor's open ones; at most `limit`. */
int qa_audits_each(db *d, int64_t sample_id, int64_t auditor_id, int limit, qa_audit_fn fn, void *ctx);

/* The sample of a kind ("plan", "casefile") for a month ("YYYY-MM"): its
 * id and seed; 0 if none is drawn, -1 on a store error. */
int64_t qa_sample_id(db *d, const char *kind, const char *month, int64_t *seed);

/* A sample's strata: pool ("new", "active"), team, phase, need, how many
 * eligible and drawn. */
struct qa_stratum_row { const char *pool, *team, *phase, *need; int64_t eligible, drawn; };
typedef int (*qa_stratum_fn)(void *ctx, const struct qa_stratum_row *s);
int qa_strata_each(db *d, int64_t sample_id, qa_stratum_fn fn, void *ctx);

/* The users who may audit (staff who edit, and the QA role), by name, with
 * their service ("" for none); at most 500. */
struct qa_auditor { int64_t id; const char *name, *service, *role; };
typedef int (*qa_auditor_fn)(void *ctx, const struct qa_auditor *a);
int qa_auditors_each(db *d, qa_auditor_fn fn, void *ctx);

/* Sets the service an auditor audits for ("education", "health",
 * "social_care"; NULL or "" for every section). */
int qa_auditor_set_service(db *d, const struct actor *who, int64_t user_id, const char *service, char *msg,
                           size_t msglen);

/* The plan audits that count (the KPIs qa_audits_completed,
 * qa_plans_good_or_better, qa_provision_findings_per_plan: kpicount.c, and
 * qa_totals): completed first audits of plans, not a moderation's second
 * audit.  A condition on qa_audits a (with its framework f for good). */
#define QA_AUDIT_COUNTED_SQL "a.kind = 'plan' AND a.status = 'completed' AND a.moderates IS NULL"
#define QA_AUDIT_GOOD_SQL "CASE WHEN a.overall >= f.good_from THEN 1 ELSE 0 END"   /* 1 or 0 in any SQL */
/* The moderations (the KPI qa_moderation_agreement and qa_agreement): m,
 * its first audit a and second b, agreed when their overall grades are the same. */
#define QA_MODERATIONS_SQL "qa_moderations m JOIN qa_audits a ON a.id = m.audit_id JOIN qa_audits b ON b.id = m.second_id"
#define QA_MODERATION_AGREED_SQL "CASE WHEN a.overall = b.overall THEN 1 ELSE 0 END"

/* A year's figures for the QA page: audits completed, good or better (by
 * each audit's framework's good_from), moderations and agreements, between
 * two dates inclusive.  0 or -1. */
struct qa_totals { int64_t completed, good, moderated, agreed; };
int qa_totals(db *d, const char *from, const char *to, struct qa_totals *t);

/* An audit's moderation: the second audit (0: none), its status and
 * overall grade, and the agreed grade (0: not agreed yet).  0, or -1. */
struct qa_moderation_view {
	int64_t second_id;
	char second_status[12];
	int second_overall, agreed;
};
int qa_moderation_get(db *d, int64_t audit_id, struct qa_moderation_view *m);

/* The frameworks, newest version of each kind first, and one's criteria. */
struct qa_framework_row { int64_t id, seq, based_on, version; const char *kind, *name, *scale, *rule; int good_from, active, audits; };
typedef int (*qa_framework_fn)(void *ctx, const struct qa_framework_row *f);
int qa_frameworks_each(db *d, qa_framework_fn fn, void *ctx);
/* A framework's criteria (grade 0, no comment), in order. */
int qa_framework_criteria_each(db *d, int64_t framework_id, qa_criterion_fn fn, void *ctx);

/* ---- reports ------------------------------------------------------------- */

/* Plan audits completed (first audits, not moderations) per month from
 * `from` ('YYYY-MM', n months): how many, how many good or better (by each
 * audit's framework), the four-point scale's grades (g[0] Inadequate …
 * g[3] Outstanding), the eight-point scale's audits and grades apart
 * (eight, g8[0] 1 … g8[7] 8: never binned into the four points),
 * and the provision check's findings of the versions audited (their sum,
 * and how many versions had the check made). */
struct qa_month {
	char month[8];
	int64_t completed, good, g[4], findings, checked;
	int64_t eight, g8[8];   /* the eight-point scale's audits, and their grades: g8[0] is 1 … g8[7] is 8 */
};
/* m[n] filled; 0 or -1. */
int qa_report_months(db *d, const char *from, int n, struct qa_month *m);

/* The criteria most often graded below good in plan audits completed
 * between two dates: section, title, how many grades below good, how many
 * graded; most first, at most `limit`. */
struct qa_weakness { const char *section, *title; int64_t below, graded; };
typedef int (*qa_weakness_fn)(void *ctx, const struct qa_weakness *w);
int qa_weaknesses_each(db *d, const char *from, const char *to, int limit, qa_weakness_fn fn, void *ctx);

/* Plan audits completed between two dates broken down by `by`: "section"
 * (grades per criterion's section: how many graded, how many good or
 * better), or "team", "need", "key_stage", "setting_type" (first audits
 * per value kept at sampling: completed, good or better).  Rows by key;
 * QA_INVALID for another `by`. */
struct qa_break { const char *key; int64_t n, good; };
typedef int (*qa_break_fn)(void *ctx, const struct qa_break *b);
int qa_breakdown_each(db *d, const char *by, const char *from, const char *to, qa_break_fn fn, void *ctx);

/* Advice received between two dates by service (advice_requests'
 * service code), or (by_month) per month received ('YYYY-MM' in month,
 * months in order) and service: how many rated, how many rated "yes" for
 * complete, specific and quantified, and for all three (all3).  month is ""
 * when not by month. */
struct qa_advice_row { const char *month, *service; int64_t rated, complete, specific, quantified, all3; };
typedef int (*qa_advice_fn)(void *ctx, const struct qa_advice_row *a);
int qa_advice_quality_each(db *d, const char *from, const char *to, int by_month, qa_advice_fn fn, void *ctx);

#endif
