/* kpi.h — counting the KPIs (core/kpi.h) from the records, as at a date.
 *
 * DESIGN: every KPI is a predicate over the rows of one table (plans,
 * requests, assessments or reviews): for a row it says whether the row is
 * in the denominator and whether in the numerator.  kpi_compute() counts by
 * walking each table once and asking every KPI of that table; kpi_members()
 * walks the same rows with the same predicates and hands over the rows of
 * one KPI — so a drill-down list is, by construction, exactly the cases
 * counted.  Only what had happened by the as-of date counts (an event dated
 * after it is ignored), so last January's figures can be reproduced today.
 * The 20-week measure excluding exceptions needs SEN2 Week20, which the
 * statutory clock derives from exception episodes: the area's clocks are
 * run once (casefile_each) when that KPI is asked for.
 */
#ifndef SENDMIS_DOMAIN_KPI_H
#define SENDMIS_DOMAIN_KPI_H
#include "core/date.h"
#include "core/kpi.h"
#include "store/db.h"
#include <stdint.h>

struct kpi_value {
	long long numerator, denominator;   /* a count: numerator only */
};

/* Counts every KPI.  year: the calendar year of the flow KPIs.  0 or -1. */
int kpi_compute(db *d, day_t as_of, int year, struct kpi_value out[K_N]);

/* A rate as a percentage to one decimal place; -1 when the denominator is 0. */
double kpi_percent(const struct kpi_value *v);

/* Calls fn for every row in KPI k's denominator (for a count: every row
 * counted), with in_numerator set for those above the line; fn returns
 * non-zero to stop.  0 or -1. */
typedef int (*kpi_member_fn)(void *ctx, int64_t person_id, int64_t record_id, int in_numerator);
int kpi_members(db *d, enum kpi_id k, day_t as_of, int year, kpi_member_fn fn, void *ctx);

#endif
