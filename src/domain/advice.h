/* advice.h — asking partners for advice, and what the notices say.
 *
 * DESIGN: one step asks several services at once: each target becomes an
 * advice request (for an assessment, reg 6 and 8; or for an annual review
 * meeting, reg 20(4)) and its email is queued in the same transaction, so a
 * request is never recorded without its notice or the reverse.  The
 * deadline of each request is derived here from the rules table (6 weeks
 * for assessment advice, the meeting's contributions date for a review),
 * and stored so lists, reminders and the timeliness report share it.  The
 * values a notice may use are gathered in one place (advice_notice_load)
 * for the first request, the reminders, the overdue notice and the
 * escalation alike, of either kind; none names the child.
 */
#ifndef SENDMIS_ADVICE_H
#define SENDMIS_ADVICE_H
#include "core/date.h"
#include "core/rules.h"
#include "core/errs.h"
#include "core/tmpl.h"
#include "store/db.h"
#include <stdint.h>

struct actor;

/* What an advice request is for, one row each: advice for an EHC needs
 * assessment (regs 6, 8: due 6 weeks after it is asked for) or a
 * contribution to an annual review meeting (reg 20(4): due by the date the
 * invitation gives, so it can be circulated 2 weeks before the meeting).
 * Both are chased the same way by the scheduler (jobs.c), each with its
 * own emails, and reported as their own kind. */
enum advice_kind { ADVICE_ASSESSMENT = 0, ADVICE_REVIEW = 1, ADVICE_KINDS };
struct advice_kind_def {
	const char *code;       /* in CSV: "assessment_advice", "review_contribution" */
	const char *label;      /* "Assessment advice", "Annual review contributions" */
	enum rule_id rule;      /* its duty's row in the rules table (core/rules.h) */
	const char *request, *reminder, *overdue, *escalation;   /* email templates */
};
extern const struct advice_kind_def advice_kinds[ADVICE_KINDS];
/* SQL: the enum advice_kind of a row "advice_requests a" (0 or 1). */
#define ADVICE_KIND_SQL "(a.meeting_id IS NOT NULL)"

/* Recomputes due_date: id > 0 one row, 0 every row, -1 rows without one.
 * Returns rows updated or -1. */
int advice_refresh_due(db *d, int64_t id);

/* The contributions date for a review meeting: at least 2 weeks before it
 * (reg 20(4)) less lead_days for circulating. */
day_t advice_contributions_due(day_t meeting, int lead_days);

struct advice_target {
	int64_t service_id;    /* 0 for a setting's SENCO (contact_id then required) */
	int64_t contact_id;    /* 0 = the service's team address */
};

struct advice_ask {
	int64_t request_id, meeting_id;   /* exactly one */
	int64_t person_id, user_id;
	day_t sent;
	const struct advice_target *t;
	int n;
};

/* Refusals of the writes below (the reason is in errs, naming the field). */
enum advice_rc { ADVICE_OK = 0, ADVICE_REFUSED = 1, ADVICE_ERROR = -1 };

/* The date requests for assessment advice are sent: today or earlier, and
 * not before the request was received (received: ISO, "" if unknown).
 * Errors in e on the field "sent". */
void advice_sent_check(day_t sent, const char *received, day_t today, struct errs *e);

/* Asking for advice, one change (change.h): each request, its email and its
 * audit row ("create", "advice"), the child's statutory clock refreshed.
 * ADVICE_OK with ids[i] set; ADVICE_REFUSED (nothing written) with the
 * reason on "svc"; ADVICE_ERROR (store; nothing written). */
int advice_ask(db *d, const struct actor *who, const struct advice_ask *a, int64_t *ids, struct errs *e);

/* An annual review meeting's dates (reg 20(4)): the meeting after today;
 * the date contributions are due, when not given (contrib_given 0), the
 * latest that lets them be circulated 2 weeks before it less lead_days
 * (advice_contributions_due), and when given, no later than that with no
 * lead time, and after today.  meeting or *contrib DATE_NONE: not a date
 * (its error already given).  Errors in e on "meeting" and "contributions". */
void review_meeting_dates(day_t meeting, day_t *contrib, int contrib_given, int lead_days, day_t today,
                          struct errs *e);

/* Arranging a review meeting for a plan, one change: the meeting, its audit
 * row ("create", "review-meetings"), and an invitation asking each target
 * for a contribution (as advice_ask), the child's clock refreshed.
 * ADVICE_OK with *meeting_id; ADVICE_REFUSED with the reason in e;
 * ADVICE_ERROR. */
struct review_meeting_in {
	int64_t plan_id, person_id;
	day_t meeting, contributions;
	const struct advice_target *t;
	int n;
};
int review_meeting_arrange(db *d, const struct actor *who, const struct review_meeting_in *m, int64_t *meeting_id,
                           struct errs *e);

/* The advice timeliness report: for one kind, the requests whose deadline
 * fell in the months from .. to ("YYYY-MM") and had passed as at as_of,
 * counted by kpi_advice_timing (core/kpi.h: the advice KPI's rule), per
 * service and month.  0, or -1 on a store error. */
#define ADVICE_REPORT_MAX_SERVICES 200
#define ADVICE_REPORT_MAX_MONTHS 24
struct advice_month { int due, on_time, late, waiting; };
struct advice_timeliness {
	int nmonths, nsv;
	char month[ADVICE_REPORT_MAX_MONTHS][8];
	struct {
		char name[484];   /* a service's name (120 characters) in full */
		struct advice_month m[ADVICE_REPORT_MAX_MONTHS], total;
	} sv[ADVICE_REPORT_MAX_SERVICES];
};
int advice_timeliness_load(db *d, enum advice_kind kind, const char *from, int nmonths, const char *to, day_t as_of,
                           struct advice_timeliness *t);

/* Every request still awaited (its deadline set), by kind, then service,
 * then deadline; strings valid during the call.  fn returns nonzero to
 * stop.  0, or -1 on a store error. */
struct advice_outstanding {
	int64_t id, person_id;
	enum advice_kind kind;
	const char *service;      /* the name it is reported under, in words */
	const char *contact, *forename, *surname, *requested, *due;
	int days_overdue;         /* as at as_of; 0 or less: not yet due */
};
typedef int (*advice_outstanding_fn)(void *ctx, const struct advice_outstanding *o);
int advice_outstanding_each(db *d, day_t as_of, advice_outstanding_fn fn, void *ctx);

/* The caseworker allocated to a person now: name ("The SEN team" when there
 * is none) and email ("" when none).  0, or -1 on a store error. */
int person_caseworker(db *d, int64_t person_id, char *name, size_t nn, char *email, size_t en);

/* Everything a notice about advice request `id` may say, and where it goes. */
struct advice_notice {
	int64_t id, person_id, contact_id, meeting_id, request_id;
	enum advice_kind kind;
	char service_code[16], service_name[200], contact_name[200], to_email[256];
	char manager_name[200], manager_email[256];
	day_t requested, due, received, meeting;
	char caseworker_name[200], caseworker_email[256];
	/* formatted values, pointed to by vals[] */
	char s_ref[24], s_link[400], s_sent[40], s_due[40], s_meeting[40], s_today[40], s_duty[120];
	char s_left[16], s_over[16];
	struct tmpl_val vals[20];
	int nvals;
};
/* 0, 1 if there is no such request, -1 on a store error. */
int advice_notice_load(db *d, int64_t id, day_t today, struct advice_notice *n);

/* SQL: the name an advice request's service is reported under, for rows
 * "advice_requests a LEFT JOIN services sv ON sv.id=a.service_id": the
 * service's own name, else "Schools and settings (SENCO)", else the code. */
#define ADVICE_SERVICE_NAME_SQL \
	"COALESCE(sv.name, CASE WHEN a.service='SENCO' THEN 'Schools and settings (SENCO)' ELSE a.service END)"

#endif
