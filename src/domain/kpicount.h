/* kpicount.h — counting the KPIs (core/kpi.h) from the records, as at a date.
 *
 * DESIGN: every KPI is a predicate over the rows of one source (plans,
 * requests, assessments, reviews, advice requests, or the statutory clock
 * of each child): for a row it says whether the row is in the denominator,
 * whether in the numerator, and the date that puts it in a year.  One walk
 * over the sources hands every such case to a consumer:
 *  - kpi_dashboard() adds them up: the selected year, the year before (for
 *    the trend), each month of the selected year, and the breakdown tables
 *    (core/kpi.h kpi_tables);
 *  - kpi_members() passes on the cases of one KPI, and of one month or one
 *    breakdown category — so a drill-down list is, by construction, exactly
 *    the cases counted.
 * Only what had happened by the as-of date counts (an event dated after it
 * is ignored), so last January's figures can be reproduced today.  A
 * child's age, current setting and caseworker are read as at the as-of
 * date; their needs, sex and their caseworker's team as they are now.
 * Filters (team, age band, primary need, setting type) apply to every KPI
 * alike, before counting.  The 20-week measure excluding exceptions (SEN2
 * Week20), reviews in time and overdue, and phase transfers come from the
 * statutory clock: for a past date run over the records as they stood
 * (casefile_each), for today read from its stored steps (clockstore.h),
 * only those that can count, found by index; each step and each plan's
 * transfers counted by the same code either way.
 */
#ifndef SENDMIS_KPICOUNT_H
#define SENDMIS_KPICOUNT_H
#include "core/date.h"
#include "core/kpi.h"
#include "store/db.h"
#include <stdint.h>

struct kpi_value {
	long long numerator, denominator;   /* a count: numerator only */
};

/* Where the time goes (seconds), when kpi_query.timing is set: reading the
 * children, running their statutory clocks, walking the tables. */
struct kpi_timing {
	double people, clock, tables;
};

struct kpi_query {
	day_t as_of;
	int year;                  /* the calendar year of the flow KPIs */
	const char *la_code;       /* the area's own LA code (in/out of area) */
	int visit_overdue_months;  /* 0 = 6 */
	/* filters: NULL or "" = all */
	const char *team;          /* a caseworker's team, as users.team */
	const char *age_band;      /* codes_kpi_age */
	const char *need;          /* primary need, codes_sen_type, or "none" */
	const char *setting;       /* codes_kpi_setting */
	struct kpi_timing *timing; /* NULL, or filled in */
	int stored_clock;          /* as_of is today: read the statutory clock as stored (clockstore.h)
	                              instead of running it over the records as they stood */
};

/* One row of a breakdown table. */
struct kpi_group {
	int rank;                 /* the dimension's own order (age bands, code lists); "none" last */
	char key[512];             /* a service's or team's name, whole (up to 120 characters) */
	char label[512];
	struct kpi_value v;
};

struct kpi_table_result {
	struct kpi_group *g;      /* in the dimension's order, then by label */
	int n, cap;
};

struct kpi_dashboard {
	struct kpi_value year[K_N];        /* the selected year (as-at KPIs: at the date) */
	struct kpi_value prev[K_N];        /* the year before (flow KPIs only) */
	struct kpi_value month[K_N][12];   /* the selected year's months (flow KPIs) */
	struct kpi_table_result t[KT_N];
};

/* Counts everything for the dashboard.  0 or -1; free with kpi_dashboard_free. */
int kpi_dashboard(db *d, const struct kpi_query *q, struct kpi_dashboard *out);
void kpi_dashboard_free(struct kpi_dashboard *out);

/* Counts every KPI for the year, no filters (the `sendmis kpi` contract).  0 or -1. */
int kpi_compute(db *d, const struct kpi_query *q, struct kpi_value out[K_N]);

/* A rate as a percentage to one decimal place; -1 when the denominator is 0. */
double kpi_percent(const struct kpi_value *v);
/* A KPI's value: a count; a rate's percentage; an average's weeks or
 * amount per case, to one decimal place.  -1 when there is no figure: no
 * cases, or a rate over fewer cases than it is shown for (kpi_suppressed,
 * core/kpi.h: "fewer than 5", never a percentage). */
double kpi_value_of(enum kpi_id k, const struct kpi_value *v);

/* Calls fn for every case in KPI k's denominator (for a count: every case
 * counted), with in_numerator set for those above the line — of the whole
 * year (month 0) or of one month (1-12), and of every category or only
 * those whose dim key is cat.  fn returns non-zero to stop.  0 or -1. */
/* One case behind a number. */
struct kpi_case {
	int64_t person_id, record_id;
	int in_numerator;          /* a rate: inside the limit; a count or an average: 1 */
	day_t when;                /* the date that puts it in the year (as-at measures: the as-of date) */
	long long days;            /* an average of weeks: the days it took; an average (KPI_MEAN): the case's
	                              amount (findings); else -1 */
	char caseworker[129];      /* as at the as-of date; "" if not allocated */
};
typedef int (*kpi_member_fn)(void *ctx, const struct kpi_case *c);
int kpi_members(db *d, const struct kpi_query *q, enum kpi_id k, int month, enum kpi_dim dim, const char *cat,
                kpi_member_fn fn, void *ctx);

/* What a KPI's record id names ("Plan", "Request", "Review", …). */
const char *kpi_record_noun(enum kpi_id k);

/* The reference figure of a scope ("national", "regional", "neighbours")
 * for a KPI nearest the year (that year, else the latest before it): its
 * value ("46.4") and year.  1 found, 0 none, -1 store error. */
int kpi_reference_for(db *d, const char *scope, const char *kpi, int year, char value[16], int *ref_year);
/* Every reference value, by measure, scope and newest year first. */
struct kpi_reference {
	int64_t id;
	char kpi[64], scope[32], value[16], source[512];
	int year;
};
int kpi_references_each(db *d, int (*fn)(void *ctx, const struct kpi_reference *ref), void *ctx);

/* The teams of the users who hold caseloads, for the filter: fn per team. */
int kpi_teams(db *d, void (*fn)(void *ctx, const char *team), void *ctx);

#endif
