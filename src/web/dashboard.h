/* dashboard.h — what a dashboard link asks for, shared by the dashboard's
 * pages: the dashboard and board pack (pages_dashboard.c), the drill-down
 * (pages_drilldown.c) and the exports (pages_dashboard_export.c).  Internal
 * to those files; defined in pages_dashboard.c.
 */
#ifndef SENDMIS_DASHBOARD_H
#define SENDMIS_DASHBOARD_H
#include "web/web.h"
#include "core/errs.h"
#include "core/kpi.h"
#include "domain/kpicount.h"

/* The year, the as-at date and the filters. */
struct dash {
	struct kpi_query q;
	char year_s[8];
	const char *dd, *mm, *yy;  /* the as-at date as typed ("" = today) */
	int custom_as_of;
	char team[256];
	const char *age, *need, *setting;
};

extern const char *const month_short[12];

/* Reads the dashboard's query string into s; what is wrong goes to e. */
void dash_parse(struct req *r, struct dash *s, struct errs *e);
/* The query string that asks for the same again (no trailing '&'). */
void dash_qs(buf *b, const struct dash *s);
/* path?<dash_qs>. */
void dash_href(buf *b, const char *path, const struct dash *s);
/* What the figures are: "2026, as at 1 December 2026; team: North team". */
void dash_describe(html *b, const struct dash *s);
/* The figures for s, kept between changes (kpicache); -1 once an error page is written. */
/* previous: NULL for figures as the records stand (the board pack, the
 * downloads); else what was counted before the latest change may be given
 * while it is counted again (*previous 1: kpicache.h). */
int dash_kpi_run(struct req *r, const struct dash *s, struct kpi_dashboard *out, int *previous);
/* The national reference value of kpi for year (value "46.4", its year); 0 if none. */
int national_reference(struct req *r, const char *kpi, int year, char value[16], int *ref_year);
/* A measure counted by year that is a rate or an average: it has a trend chart. */
int is_trend(enum kpi_id k);
/* Months of the selected year up to the as-at date. */
int months_shown(const struct dash *s);

#endif
