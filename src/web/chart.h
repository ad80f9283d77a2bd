/* chart.h — server-rendered SVG charts (no script), each drawn from the
 * same numbers the page shows in a table beside it.
 *
 * DESIGN: a chart is an <svg role="img"> with a <title> and a <desc> that
 * points to its table, so a screen reader meets the figures once, as a
 * table; text is escaped like all HTML (html.h), numbers written by
 * html_int and html_decimal.  A point with a negative value has no value (no cases that month):
 * the line breaks there rather than dropping to 0.
 */
#ifndef SENDMIS_CHART_H
#define SENDMIS_CHART_H
#include "web/html.h"

struct chart_point {
	const char *label;
	double value;          /* < 0: no value; CHART_FEWER: too few cases to show one */
};
/* A value suppressed as from too few cases: shown as "fewer than 5"
 * (SQ_SUPPRESS_BELOW, core/survey.h; kpi_def.suppress_below). */
#define CHART_FEWER (-2.0)

/* A line over the points (months), y from 0 to max (percent: 100). */
void chart_line(html *b, const char *id, const char *title, const struct chart_point *p, int n, double max,
                const char *unit);
/* Horizontal bars, one per point, the label above each bar. */
void chart_bars(html *b, const char *id, const char *title, const struct chart_point *p, int n, double max,
                const char *unit);

#endif
