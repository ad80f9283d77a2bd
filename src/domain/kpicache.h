/* kpicache.h — counted figures kept while the records are unchanged.
 *
 * DESIGN: counting the KPIs walks the area (kpi.h), so the figures a page
 * shows are kept in the process, keyed on everything that decides them —
 * the query (as-of date, year, filters, the area's settings) and the data
 * version (change.h), which every committed change advances.  The first
 * view after a change counts afresh; the rest are copies of what it
 * counted.  A dashboard, a set of KPI values and a drill-down's members are
 * kept the same way, a few of each (kept.h).
 *
 * Errors: 0 on success, -1 on a store error (as kpi.h).
 */
#ifndef SENDMIS_KPICACHE_H
#define SENDMIS_KPICACHE_H
#include "domain/kpicount.h"

/* kpi_dashboard, kept (out: a copy the caller frees with kpi_dashboard_free).
 * previous NULL: the figures as the records stand (waiting for a count in
 * flight); else, while another request is counting them after a change,
 * the figures counted before it, and *previous set to 1 (kept.h,
 * kept_find_or_previous): what an interactive page shows, saying so. */
int kpi_dashboard_cached(db *d, const struct kpi_query *q, struct kpi_dashboard *out, int *previous);
/* kpi_compute, kept. */
int kpi_compute_cached(db *d, const struct kpi_query *q, struct kpi_value out[K_N]);

/* kpi_compute for a day before today (q->as_of; no filters, its calendar
 * year to that day): counted the first time it is asked for and stored
 * (table kpi_past, migration 0016), read from there after, so a review
 * point's figures cost their rows on every later view.  They are what the
 * records said of that day when first counted: a record entered later
 * with an earlier date does not change them (docs/improvement-plans.md).
 * `now` is the instant, for counted_at.  0 or -1. */
int kpi_past_values(db *d, const struct kpi_query *q, int64_t now, struct kpi_value out[K_N]);

/* kpi_members, kept: the cases in the order the walk gives them, in an
 * array the caller frees with free().  *n their number. */
int kpi_members_cached(db *d, const struct kpi_query *q, enum kpi_id k, int month, enum kpi_dim dim, const char *cat,
                       struct kpi_case **out, long *n);

#endif
