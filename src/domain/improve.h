/* improve.h — the local area's improvement plan (a Written Statement of
 * Action or priority action plan) held as data.
 *
 * DESIGN: a plan is areas of concern, each with actions, each with lettered
 * sub-actions; review periods ("Jan 2021"); and one RAG rating per action
 * per period with its progress update (migration 0009).  The RAG scale is
 * the plan's own (code, word, meaning, colour), so a status is always shown
 * as its word, never as colour alone.  A period's ratings are rows of their
 * own: opening a period adds rows (carrying each action's latest rating
 * forward, marked so) and never changes an earlier one; an edit names the
 * version it started from, and a stale one is refused.  The plan moves in
 * and out as JSON (docs/plan-json.md) with jansson; every value is
 * validated before anything is written, and the import is one transaction.
 * A plan is small (tens of actions): pages load it whole with ip_load().
 */
#ifndef SENDMIS_IMPROVE_H
#define SENDMIS_IMPROVE_H
#include "core/buf.h"
#include "core/date.h"
#include "core/errs.h"
#include "store/db.h"
#include <stdint.h>

struct actor;

/* The writes below are each one change (change.h): the rows, their audit
 * row and the data version, or nothing.  They return IP_OK; IP_INVALID or
 * IP_STALE (someone saved first), nothing written, with the reason in errs
 * naming the field (ip_import_json: in its errors buffer); IP_ERROR (a
 * store error; nothing written). */
enum ip_rc { IP_OK = 0, IP_INVALID = 1, IP_STALE = 2, IP_ERROR = -1 };

struct ip_rag { const char *code, *word, *meaning, *colour; };
struct ip_period { int64_t id; const char *name; day_t as_at; };
struct ip_body { int64_t id; const char *name, *kind; const day_t *meetings; int nmeetings; };
struct ip_sub {
	int64_t id;
	const char *letter, *text, *due_text, *revised_by, *lead;
	day_t due, revised_due, revised_on, done;
	int64_t version;          /* a stale edit is refused (migration 0010) */
};
struct ip_rating {            /* rag NULL: not rated that period */
	int64_t id, version;
	const char *rag, *update, *presented_to, *source;
	day_t meeting;
	const char *const *evidence;
	int nevidence;
};
struct ip_kpi {
	const char *kpi;
	double baseline, target;
	int has_baseline, has_target;
	day_t baseline_date, target_date;
};
struct ip_action {
	int64_t id;
	int area;                 /* index into areas */
	const char *code, *title, *focus, *outcomes, *evidence, *impact, *governance, *lead;
	const struct ip_sub *subs;
	int nsubs;
	const struct ip_rating *ratings;   /* one per period, in period order */
	const struct ip_kpi *kpis;
	int nkpis;
};
struct ip_area { int64_t id; const char *number, *title, *aim, *kpis; int first_action, nactions; };

struct ip_plan {
	int64_t id, version;
	const char *title, *local_area, *answers, *author, *doc_version, *status;
	const struct ip_rag *rag;
	int nrag;
	const struct ip_period *periods;   /* in date order */
	int nperiods;
	const struct ip_body *bodies;
	int nbodies;
	const struct ip_area *areas;
	int nareas;
	const struct ip_action *actions;   /* in area order, then position */
	int nactions;
	void *arena;
};

/* The whole plan, or NULL (no such plan, out of memory, store error: *found says which). */
struct ip_plan *ip_load(db *d, int64_t id, int *found);
void ip_free(struct ip_plan *p);

/* Lookups in a loaded plan: index, or -1. */
int ip_rag_index(const struct ip_plan *p, const char *code);
int ip_period_index(const struct ip_plan *p, int64_t period_id);
int ip_action_index(const struct ip_plan *p, int64_t action_id);
/* The action's rating in the latest period that has one, or -1. */
int ip_latest_rated(const struct ip_plan *p, const struct ip_action *a, int upto_period);
/* A governance body's kind ("board", "operational", "qa", "other") in words, or NULL
 * for any other value (the JSON import accepts only these). */
const char *ip_body_kind_label(const char *kind);
/* Whether a sub-action's date had been revised as at a day (the revision
 * approved on or before it), and its due date in force that day: the
 * revised one then, else the first.  A report for an earlier period shows
 * the dates as they stood at it. */
int ip_sub_revised_at(const struct ip_sub *s, day_t as_at);
day_t ip_sub_due(const struct ip_sub *s, day_t as_at);

struct ip_plan_row { int64_t id; char title[200], local_area[100], status[12]; int nactions, nperiods; };
/* Every plan, newest first; *rows malloc'd (caller frees).  0, -1. */
int ip_list(db *d, struct ip_plan_row **rows, int *n);

/* JSON (docs/plan-json.md) into the store, one change with its audit row
 * ("import", "ip_plans").  IP_OK and *plan_id; IP_INVALID the file is not
 * valid: nothing written, `errors` has one line per problem, "<path>:
 * <what is wrong>"; IP_ERROR the store failed. */
int ip_import_json(db *d, const struct actor *who, const char *json, size_t len, int64_t *plan_id, buf *errors);
/* The plan as JSON (the same format, every action's code, every rating with
 * its period).  0; 1 no such plan; -1. */
int ip_export_json(db *d, int64_t plan_id, buf *out);

/* A rating for one action and period: rag a code of the plan's scale, the
 * update text, the body it goes to and the meeting (may be NULL/DATE_NONE).
 * `version` is the rating's version the editor loaded (0: there was none).
 * Audited as "create" or "update", "ip_ratings", with the fields given.
 * IP_OK; IP_INVALID (on "rag"); IP_STALE (someone saved first); IP_ERROR. */
struct ip_rating_in {
	const char *rag, *update, *presented_to;
	day_t meeting;
	int64_t version;
	const char *const *evidence;   /* links or references, replacing the rating's; n of them */
	int nevidence;
};
int ip_rate(db *d, const struct actor *who, const struct ip_plan *p, int action, int period,
            const struct ip_rating_in *in, int64_t *rating_id, struct errs *e);

/* Changes what can move on a sub-action after the plan is written: its
 * revised completion date with who approved the revision and when (all
 * three, or none: clearing the revision), and the day it was done
 * (DATE_NONE: not done).  The first due date is never changed.  `version`
 * is the sub-action's version the editor loaded.  Audited as "update",
 * "ip_subactions", with the fields changed and the dates before and after.
 * IP_OK; IP_INVALID (a revised date without its approver and day, or the
 * reverse; on "revised_due"); IP_STALE (on "revised_due"); IP_ERROR. */
struct ip_sub_in {
	day_t revised_due, revised_on, done;
	const char *revised_by;
	int64_t version;
};
int ip_sub_update(db *d, const struct actor *who, const struct ip_sub *s, const struct ip_sub_in *in, struct errs *e);

/* Opens a review period: name unique in the plan, its day after every
 * existing period's.  Each action's latest rating is carried forward into
 * it (source "carried", no update), so a lead changes only what moved;
 * earlier periods are never touched.  Audited as "create", "ip_periods".
 * IP_OK and *period_id; IP_INVALID (on "name" or "as_at"); IP_ERROR. */
int ip_open_period(db *d, const struct actor *who, const struct ip_plan *p, const char *name, day_t as_at,
                   int64_t *period_id, struct errs *e);

/* The first day anything the measures count happened (the earliest request
 * received or plan started or issued): DATE_NONE when there is none.  0, or
 * -1 on a store error. */
int ip_first_record_day(db *d, day_t *first);

/* Links a sendmis measure (a KPI id, docs/kpi.md) to an action, with an
 * optional baseline and target and their dates (issue 17: "actions can link
 * to any measure").  IP_OK; IP_INVALID with errors naming "kpi",
 * "baseline", "target" (an unknown measure, one already linked, a target
 * without a date…); IP_ERROR. */
struct ip_kpi_in {
	const char *kpi;
	double baseline, target;
	int has_baseline, has_target;
	day_t baseline_date, target_date;   /* DATE_NONE: not given */
};
int ip_kpi_link(db *d, const struct actor *who, const struct ip_plan *p, int action, const struct ip_kpi_in *in,
                struct errs *e);
/* Removes a measure from an action.  IP_OK, IP_INVALID (not linked), IP_ERROR. */
int ip_kpi_unlink(db *d, const struct actor *who, const struct ip_plan *p, int action, const char *kpi,
                  struct errs *e);

#endif

/* ---- measures entered by hand (migration 0025) ------------------------------- */

/* One measure of an action entered by hand, with its value at each of the
 * plan's periods (values[i] for periods[i]; has[i] 0: none recorded). */
struct ip_manual {
	int64_t id, version;
	const char *name, *source, *unit;     /* unit "percent" or "number" */
	int has_baseline, has_target;
	double baseline, target;
	int n;                                /* the plan's periods */
	const double *values;
	const int *has;
	const char *const *notes;             /* NULL entries: none */
	const int64_t *value_versions;        /* 0: none recorded */
};
typedef int (*ip_manual_fn)(void *ctx, const struct ip_manual *m);
/* An action's measures entered by hand, by name; 0 or -1. */
int ip_manual_each(db *d, const struct ip_plan *p, int action, ip_manual_fn fn, void *ctx);

struct ip_manual_in {
	const char *name, *source, *unit;
	double baseline, target;
	int has_baseline, has_target;
};
/* Adds one.  IP_OK, IP_INVALID (errors naming "name", "source", "unit"), IP_ERROR. */
int ip_manual_add(db *d, const struct actor *who, const struct ip_plan *p, int action, const struct ip_manual_in *in,
                  struct errs *e);
/* Records (or changes) its value at a period: seen_version 0 for a first
 * value.  IP_OK, IP_INVALID, IP_STALE, IP_ERROR. */
int ip_manual_value(db *d, const struct actor *who, const struct ip_plan *p, int action, int64_t measure_id, int period,
                    double value, const char *note, int64_t seen_version, struct errs *e);
