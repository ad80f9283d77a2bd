/* pages_dashboard.c — the performance dashboard: KPI tiles for a year with
 * their trend and the national figure, monthly trend charts, breakdown
 * tables, each number linked to exactly the cases behind it, filters, and
 * the board pack (the same, to print).  What a dashboard link asks for
 * (struct dash) is read here for the drill-down (pages_drilldown.c) and the
 * exports (pages_dashboard_export.c) too: dashboard.h.  The definitions and
 * reference values are pages_measures.c.
 *
 * DESIGN: the numbers come from one walk (domain/kpicount.c kpi_dashboard) as at
 * a date (today unless an as-at date is given); a number's link opens the
 * drill-down, which walks the same rows with the same predicate and the same
 * filters (kpi_members), so the list is the count.  Every chart is drawn
 * from the numbers of the table shown with it (web/chart.c).  Every rate is
 * a word and a number, never colour alone.  The board role sees the figures
 * but no links to cases: the drill-down route is not theirs.
 */
#include "web/dashboard.h"
#include "web/pages.h"
#include "web/page.h"
#include "web/chart.h"
#include "domain/kpicache.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const month_short[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- what was asked for: the year, the as-at date and the filters ------------------- */

#define MAX_TEAMS 128
struct team_list {
	char v[MAX_TEAMS][256];
	int n;
	const char *want;
	int found;
};

static void take_team(void *ctx, const char *team)
{
	struct team_list *t = ctx;
	if (t->want && !strcmp(t->want, team))
		t->found = 1;
	if (t->n < MAX_TEAMS)
		snprintf(t->v[t->n++], sizeof t->v[0], "%s", team);
}

static int year_of(day_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return y;
}

void dash_parse(struct req *r, struct dash *s, struct errs *e)
{
	memset(s, 0, sizeof *s);
	s->q.as_of = r->today;
	day_t at;
	int before = e->n;
	if (form_date_read_opt(r, "as_of", "The as-at date", &at, e, &s->dd, &s->mm, &s->yy)) {
		if (e->n == before && at > r->today) {
			errs_add(e, "as_of", "The as-at date must be today or in the past");
			errs_anchor(e, "as_of", "-day");
		} else if (e->n == before) {
			s->q.as_of = at;
			s->custom_as_of = 1;
		}
	}
	/* a year is offered, and accepted, once it has begun by the as-at date */
	int y = year_of(s->q.as_of);
	long long year = y;
	const char *v = req_param(r, "year");
	if (v && *v && parse_int64(v, 2000, y, &year) < 0) {
		errs_add(e, "year", "Year must be a year from 2000 to %d: a later year has not started by %s", y,
		         s->custom_as_of ? "the as-at date" : "today");
		year = y;
	}
	s->q.year = (int)year;
	snprintf(s->year_s, sizeof s->year_s, "%d", s->q.year % 10000);
	s->q.la_code = r->cfg->la_code;
	s->q.visit_overdue_months = r->cfg->visit_overdue_months;
	/* today's figures read the statutory clock as stored */
	s->q.stored_clock = s->q.as_of == r->today;
	const char *team = req_param_or(r, "team", "");
	if (*team) {
		struct team_list *tl = calloc(1, sizeof *tl);
		if (tl) {
			tl->want = team;
			kpi_teams(r->db, take_team, tl);
		}
		if (!tl || !tl->found)
			errs_add(e, "team", "Choose a team from the list");
		else {
			snprintf(s->team, sizeof s->team, "%s", team);
			s->q.team = s->team;
		}
		free(tl);
	}
	static const struct { const char *name, *msg; const struct code_list *l; } f[] = {
		{"age_band", "Choose an age band from the list", &codes_kpi_age},
		{"need", "Choose a primary need from the list", &codes_sen_type},
		{"setting", "Choose a setting type from the list", &codes_kpi_setting},
	};
	const char **out[] = {&s->age, &s->need, &s->setting};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		const char *x = req_param_or(r, f[i].name, "");
		*out[i] = NULL;
		if (!*x)
			continue;
		if (!code_find(f[i].l, x, 0) && !(f[i].l == &codes_sen_type && !strcmp(x, "none")))
			errs_add(e, f[i].name, "%s", f[i].msg);
		else
			*out[i] = x;
	}
	s->q.age_band = s->age;
	s->q.need = s->need;
	s->q.setting = s->setting;
}

/* The query string that asks for the same again (no trailing '&'). */
void dash_qs(buf *b, const struct dash *s)
{
	html_qs(b, "year", s->year_s);
	if (s->custom_as_of) {
		html_qs(b, "as_of-day", s->dd);
		html_qs(b, "as_of-month", s->mm);
		html_qs(b, "as_of-year", s->yy);
	}
	html_qs(b, "team", s->q.team);
	html_qs(b, "age_band", s->age);
	html_qs(b, "need", s->need);
	html_qs(b, "setting", s->setting);
}

void dash_href(buf *b, const char *path, const struct dash *s)
{
	buf_puts(b, path);
	buf_putc(b, '?');
	dash_qs(b, s);
	html_qs_end(b);
}

static void cases_href(buf *b, const struct dash *s, enum kpi_id k, int month, enum kpi_dim dim, const char *cat)
{
	buf_puts(b, "/dashboard/cases?");
	html_qs(b, "kpi", kpi_defs[k].id);
	if (month) {
		char mo[4];
		snprintf(mo, sizeof mo, "%d", month % 100);
		html_qs(b, "month", mo);
	}
	if (dim != D_NONE) {
		html_qs(b, "by", kpi_dim_ids[dim]);
		buf_puts(b, "cat=");
		html_urlc(b, cat);
		buf_putc(b, '&');
	}
	dash_qs(b, s);
	html_qs_end(b);
}

/* The same two addresses as attribute values on a page. */
static void dash_href_attr(html *h, const char *path, const struct dash *s)
{
	buf u = BUF_INIT;
	dash_href(&u, path, s);
	html_attr(h, buf_cstr(&u));
	buf_free(&u);
}

static void cases_href_attr(html *h, const struct dash *s, enum kpi_id k, int month, enum kpi_dim dim,
                            const char *cat)
{
	buf u = BUF_INIT;
	cases_href(&u, s, k, month, dim, cat);
	html_attr(h, buf_cstr(&u));
	buf_free(&u);
}

/* What the figures are: "2026, as at 1 December 2026; team: North team". */
void dash_describe(html *b, const struct dash *s)
{
	char on[40];
	date_format_long(s->q.as_of, on, sizeof on);
	char line[400];
	int n = snprintf(line, sizeof line, "Calendar year %d, counted as at %s", s->q.year % 10000, on);
	if (s->q.team && n > 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, "; team: %s", s->q.team);
	if (s->age && n > 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, "; age: %s", code_or(&codes_kpi_age, s->age, s->age));
	if (s->need && n > 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, "; primary need: %s",
		              code_or(&codes_sen_type, s->need, "Not recorded"));
	if (s->setting && n > 0 && (size_t)n < sizeof line)
		snprintf(line + n, sizeof line - (size_t)n, "; setting: %s", code_or(&codes_kpi_setting, s->setting, s->setting));
	html_text(b, line);
}

int dash_kpi_run(struct req *r, const struct dash *s, struct kpi_dashboard *out, int *previous)
{
	if (kpi_dashboard_cached(r->db, &s->q, out, previous) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The figures could not be counted.");
		return -1;
	}
	return 0;
}

static void filter_form(struct req *r, const char *action, const struct dash *s, const struct errs *e)
{
	html *b = &r->out;
	struct option years[40];
	char yv[40][8];
	size_t ny = 0;
	for (int k = year_of(s->q.as_of); k >= 2019 && ny < 40; k--, ny++) {   /* the years begun by the as-at date */
		snprintf(yv[ny], sizeof yv[ny], "%d", k % 10000);
		years[ny].value = years[ny].label = yv[ny];
	}
	struct team_list *tl = calloc(1, sizeof *tl);
	struct option teams[MAX_TEAMS];
	int nteams = 0;
	if (tl)
		kpi_teams(r->db, take_team, tl);
	for (int i = 0; tl && i < tl->n; i++, nteams++)
		teams[i].value = teams[i].label = tl->v[i];
	form_begin_get(r, action, "app-filter-form");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
	form_select(r, "year", "Calendar year", "Flow measures count what happened in this year", years, ny, s->year_s,
	            NULL, e);
	html_lit(b, "</div><div class=\"govuk-grid-column-two-thirds\">");
	form_date(r, "as_of", "Counted as at (optional)", "Leave blank for today. For example, 31 1 2026",
	          s->dd, s->mm, s->yy, e);
	html_lit(b, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(r, "team", "Team", NULL, teams, (size_t)nteams, req_param_or(r, "team", ""), "All teams", e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select_codes(r, "age_band", "Age", NULL, &codes_kpi_age, req_param_or(r, "age_band", ""), "All ages", e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select_codes(r, "need", "Primary need", NULL, &codes_sen_type, req_param_or(r, "need", ""), "All needs", e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select_codes(r, "setting", "Setting type", NULL, &codes_kpi_setting, req_param_or(r, "setting", ""),
	                  "All settings", e);
	html_lit(b, "</div></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
	            "data-module=\"govuk-button\">Show</button></form>");
	free(tl);
}

/* ---- numbers ---------------------------------------------------------------------- */

/* "46.4%", "12", "17.3 weeks", "2.1 per plan", "Fewer than 5" or "No cases" (core/kpi.h). */
static void fmt_value(char *out, size_t n, enum kpi_id k, const struct kpi_value *v)
{
	kpi_format(k, kpi_value_of(k, v), v->denominator, out, n);
}

/* The reference figure of a scope (national, regional, neighbours) for kpi
 * closest to year (that year, else the latest before it): its value
 * ("46.4") and year; 0 if there is none. */
static int scope_reference(struct req *r, const char *scope, const char *kpi, int year, char value[16], int *ref_year)
{
	return kpi_reference_for(r->db, scope, kpi, year, value, ref_year) > 0;
}

int national_reference(struct req *r, const char *kpi, int year, char value[16], int *ref_year)
{
	return scope_reference(r, "national", kpi, year, value, ref_year);
}

/* Whether the records hold anything for the year before (under the filters):
 * any case counted by any of its flow measures.  A register that begins
 * this year counts 0 of everything last year, which is no figure, not a 0. */
static int prev_year_has_figures(const struct kpi_dashboard *kd)
{
	for (int k = 0; k < K_N; k++)
		if (kpi_defs[k].period == KPI_YEAR && (kd->prev[k].numerator || kd->prev[k].denominator))
			return 1;
	return 0;
}

/* "Up from 41.2% in 2025" / "Down from …" / "The same as in 2025": words, the arrow only
 * decorates; last year's figure links to its own cases.  "No figure for 2025"
 * when the year before has none for the measure (no cases for a rate, no
 * records at all for a count). */
static void trend_text(html *b, const struct dash *s, enum kpi_id k, const struct kpi_dashboard *kd, int links)
{
	if (kpi_defs[k].period != KPI_YEAR)
		return;
	double now = kpi_value_of(k, &kd->year[k]), then = kpi_value_of(k, &kd->prev[k]);
	if (now < 0)
		return;
	char was[32], year[8];
	snprintf(year, sizeof year, "%d", (s->q.year - 1) % 10000);
	if (then < 0 || !prev_year_has_figures(kd)) {
		html_lit(b, "<span class=\"app-tile__trend\">No figure for ");
		html_text(b, year);
		html_lit(b, "</span>");
		return;
	}
	fmt_value(was, sizeof was, k, &kd->prev[k]);
	html_lit(b, "<span class=\"app-tile__trend\"><span aria-hidden=\"true\">");
	if (now > then)
		html_lit(b, "\xe2\x96\xb2 </span>Up from ");
	else if (now < then)
		html_lit(b, "\xe2\x96\xbc </span>Down from ");
	else
		html_lit(b, "</span>The same as ");
	if (links) {
		struct dash before = *s;   /* the same view, a year earlier */
		before.q.year--;
		snprintf(before.year_s, sizeof before.year_s, "%s", year);
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		cases_href_attr(b, &before, k, 0, D_NONE, NULL);
		html_lit(b, "\">");
	}
	html_text(b, was);
	if (links)
		html_lit(b, "<span class=\"govuk-visually-hidden\">: the cases</span></a>");
	html_lit(b, " in ");
	html_text(b, year);
	html_lit(b, "</span>");
}

static void tile(struct req *r, const struct dash *s, const struct kpi_dashboard *kd, enum kpi_id k, int links)
{
	html *b = &r->out;
	const struct kpi_def *def = &kpi_defs[k];
	const struct kpi_value *v = &kd->year[k];
	html_lit(b, "<div class=\"govuk-grid-column-one-third\"><div class=\"app-tile\" data-kpi=\"");
	html_attr(b, def->id);
	html_lit(b, "\"><h3 class=\"govuk-heading-s\">");
	html_text(b, def->title);
	html_lit(b, "</h3><p class=\"govuk-body govuk-!-font-size-36 govuk-!-font-weight-bold govuk-!-margin-bottom-1\">");
	char num[48];
	fmt_value(num, sizeof num, k, v);
	if (links) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		cases_href_attr(b, s, k, 0, D_NONE, NULL);
		html_lit(b, "\">");
		html_text(b, num);
		html_lit(b, "<span class=\"govuk-visually-hidden\">: the cases</span></a>");
	} else
		html_text(b, num);
	html_lit(b, "</p><p class=\"govuk-body-s\">");
	if (def->kind == KPI_RATE && kpi_suppressed(k, v->denominator)) {
		html_lit(b, "Fewer than ");
		html_int(b, def->suppress_below);
		html_lit(b, " cases in the year");
	} else if (def->kind == KPI_RATE) {
		html_int(b, v->numerator);
		html_lit(b, " of ");
		html_int(b, v->denominator);
	} else if (def->kind == KPI_WEEKS || def->kind == KPI_MEAN) {
		html_lit(b, "Over ");
		html_int(b, v->denominator);
		html_lit(b, " plans");
	} else
		html_text(b, def->period == KPI_AS_AT ? "On the as-at date" : "In the year");
	trend_text(b, s, k, kd, links);
	for (size_t i = 0; def->kind == KPI_RATE && i < codes_kpi_scope.n; i++) {   /* England, region, neighbours */
		char ref[16], shown[160];
		int ref_year;
		const struct code *sc = &codes_kpi_scope.codes[i];
		if (!scope_reference(r, sc->code, def->id, s->q.year, ref, &ref_year))
			continue;
		snprintf(shown, sizeof shown, "%s: %s%% (%d)", sc->label, ref, ref_year % 10000);
		html_lit(b, "<br>");
		html_text(b, shown);
	}
	html_lit(b, "</p></div></div>");
}

/* The dashboard's sections: every KPI once. */
static const struct section {
	const char *id, *title;   /* id: the heading's anchor */
	enum kpi_id k[8];
	int n;
} sections[] = {
	{"new-ehc-plans", "New EHC plans",
	 {K_NEW_PLANS_ISSUED, K_NEW_PLANS_20WK_EXCL, K_NEW_PLANS_20WK_INCL, K_NEW_PLANS_20_52WK, K_NEW_PLANS_OVER_52WK,
	  K_NEW_PLANS_AVG_WEEKS}, 6},
	{"requests-and-assessments", "Requests and assessments",
	 {K_REQUESTS_RECEIVED, K_REQUESTS_AGREED, K_REQUESTS_REFUSED, K_REQUESTS_WITHDRAWN, K_REQUESTS_OUTSTANDING,
	  K_REQUEST_DECISIONS_6WK, K_ASSESSMENT_DECISIONS, K_NOT_ISSUE_16WK}, 8},
	{"caseload", "Caseload", {K_ACTIVE_PLANS, K_PLANS_CEASED}, 2},
	{"reviews-and-phase-transfers", "Reviews and phase transfers",
	 {K_REVIEWS_IN_TIME, K_REVIEW_DECISIONS_4WK, K_AMENDED_12WK, K_REVIEWS_OVERDUE, K_PHASE_ON_TIME}, 5},
	{"advice-from-partners", "Advice from partners", {K_ADVICE_6WK}, 1},
	{"oversight", "Oversight",
	 {K_OUT_OF_AREA, K_VISITS_OVERDUE, K_AWAITING, K_MISSING_EDUCATION, K_NEET_16_18, K_NEET_16_25}, 6},
	{"quality-of-plans", "Quality of plans",
	 {K_QA_AUDITS_COMPLETED, K_QA_GOOD_OR_BETTER, K_QA_MODERATION_AGREEMENT, K_QA_PROVISION_FINDINGS}, 4},
	{"families-voice", "Families' and young people's voice",
	 {K_SURVEY_RESPONSES, K_SURVEY_RESPONSE_RATE, K_SURVEY_AGREEMENT, K_ENGAGEMENT_EVENTS}, 4},
};

/* ---- the trend and breakdown tables ------------------------------------------------ */

int is_trend(enum kpi_id k)
{
	return kpi_defs[k].period == KPI_YEAR && kpi_defs[k].kind != KPI_COUNT;
}

static double chart_max(enum kpi_id k, const struct chart_point *p, int n)
{
	if (kpi_defs[k].kind == KPI_RATE)
		return 100;
	double m = 0;
	for (int i = 0; i < n; i++)
		if (p[i].value > m)
			m = p[i].value;
	if (m <= 4)
		return 4;
	/* a round top, 1, 2 or 5 × 10^k per gridline, four gridlines */
	for (double p10 = 1;; p10 *= 10)
		for (int i = 0; i < 3; i++) {
			static const double f[] = {1, 2, 5};
			if (f[i] * p10 * 4 >= m)
				return f[i] * p10 * 4;
		}
}

/* A point of a chart: the value, or CHART_FEWER for a rate over too few cases. */
static double chart_value(enum kpi_id k, const struct kpi_value *v)
{
	return kpi_suppressed(k, v->denominator) ? CHART_FEWER : kpi_value_of(k, v);
}

static const char *unit_of(enum kpi_id k)
{
	return kpi_defs[k].kind == KPI_RATE ? "%" : kpi_defs[k].kind == KPI_WEEKS ? " weeks" : "";   /* a KPI_MEAN: a number */
}

/* A number linked to its cases (or plain, for the board). */
static void td_linked(struct req *r, long long n, const struct dash *s, enum kpi_id k, int month, enum kpi_dim dim,
                      const char *cat, int links)
{
	html *b = &r->out;
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	if (links) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		cases_href_attr(b, s, k, month, dim, cat);
		html_lit(b, "\">");
	}
	html_int(b, n);
	if (links)
		html_lit(b, "</a>");
	html_lit(b, "</td>");
}

static void td_right(struct req *r, const char *text)
{
	html_lit(&r->out, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</td>");
}

static void td_value(struct req *r, enum kpi_id k, const struct kpi_value *v)
{
	char num[48];
	fmt_value(num, sizeof num, k, v);
	td_right(r, num);
}

/* The columns of a table of kpi k: Category, Cases[, Within the limit, Rate]. */
static void value_table_head(struct req *r, const char *name, enum kpi_id k, const char *first)
{
	const char *cols[4] = {first, "Cases", "Within the limit", "Rate"};
	if (kpi_defs[k].kind == KPI_WEEKS) {
		cols[2] = "Total days";
		cols[3] = "Average";
	} else if (kpi_defs[k].kind == KPI_MEAN) {
		cols[2] = "Total";
		cols[3] = "Average";
	}
	table_begin_numeric(r, name, cols, kpi_defs[k].kind == KPI_COUNT ? 2 : 4, 1);
}

static void value_row(struct req *r, const struct dash *s, enum kpi_id k, const char *label, const struct kpi_value *v,
                      int month, enum kpi_dim dim, const char *cat, int links)
{
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">");
	html_text(b, label);
	html_lit(b, "</th>");
	if (kpi_defs[k].kind == KPI_COUNT) {
		td_linked(r, v->numerator, s, k, month, dim, cat, links);
	} else if (kpi_suppressed(k, v->denominator)) {
		/* fewer than kpi_def.suppress_below: neither the counts nor the share (staff can follow the link) */
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		if (links) {
			html_lit(b, "<a class=\"govuk-link\" href=\"");
			cases_href_attr(b, s, k, month, dim, cat);
			html_lit(b, "\">");
		}
		html_lit(b, "Fewer than ");
		html_int(b, kpi_defs[k].suppress_below);
		if (links)
			html_lit(b, "</a>");
		html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">\xe2\x80\x94</td>");
		td_value(r, k, v);
	} else {
		td_linked(r, v->denominator, s, k, month, dim, cat, links);
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_int(b, v->numerator);
		html_lit(b, "</td>");
		td_value(r, k, v);
	}
	html_lit(b, "</tr>");
}

static void csv_link(struct req *r, const struct dash *s, const char *table, const char *what)
{
	html *b = &r->out;
	buf u = BUF_INIT;
	html_qs(&u, "t", table);
	dash_qs(&u, s);
	html_lit(b, "<p class=\"govuk-body-s app-no-print\"><a class=\"govuk-link\" href=\"/dashboard/table.csv?");
	html_attr_qs(b, buf_cstr(&u));
	buf_free(&u);
	html_lit(b, "\">Download this table (CSV)<span class=\"govuk-visually-hidden\">: ");
	html_text(b, what);
	html_lit(b, "</span></a></p>");
}

/* A chart's heading, id "<id>-h". */
static void block_heading(html *b, const char *id, const char *title)
{
	html_lit(b, "<h3 class=\"govuk-heading-s\" id=\"");
	html_attr(b, id);
	html_lit(b, "-h\">");
	html_text(b, title);
	html_lit(b, "</h3>");
}

/* Months of the selected year up to the as-at date. */
int months_shown(const struct dash *s)
{
	int y, m, d;
	date_to_ymd(s->q.as_of, &y, &m, &d);
	return s->q.year < y ? 12 : s->q.year > y ? 0 : m;
}

/* `open`: the figures by month shown open (the board pack prints them, with or without JavaScript). */
static void trend_block(struct req *r, const struct dash *s, const struct kpi_dashboard *kd, enum kpi_id k, int links,
                        int with_csv, int open)
{
	html *b = &r->out;
	const struct kpi_def *def = &kpi_defs[k];
	struct chart_point p[12];
	int shown = months_shown(s);
	for (int m = 0; m < 12; m++) {
		p[m].label = month_short[m];
		p[m].value = m < shown ? chart_value(k, &kd->month[k][m]) : -1;
	}
	char id[64], title[200];
	snprintf(id, sizeof id, "trend-%s", def->id);
	snprintf(title, sizeof title, "%s, by month of %d", def->title, s->q.year % 10000);
	block_heading(b, id, title);
	chart_line(b, id, title, p, 12, chart_max(k, p, 12), unit_of(k));
	if (open)
		html_lit(b, "<details class=\"govuk-details\" open>");
	else
		html_lit(b, "<details class=\"govuk-details\">");
	html_lit(b, "<summary class=\"govuk-details__summary\"><span "
	            "class=\"govuk-details__summary-text\">The figures by month<span class=\"govuk-visually-hidden\">: ");
	html_text(b, def->title);
	html_lit(b, "</span></span></summary><div class=\"govuk-details__text\">");
	value_table_head(r, title, k, "Month");
	for (int m = 0; m < shown; m++)
		value_row(r, s, k, month_short[m], &kd->month[k][m], m + 1, D_NONE, NULL, links);
	table_end(r);
	html_lit(b, "</div></details>");
	if (with_csv) {
		char t[64];
		snprintf(t, sizeof t, "trend_%s", def->id);
		csv_link(r, s, t, title);
	}
}

/* Trend charts two to a row. */
static void trend_grid(struct req *r, const struct dash *s, const struct kpi_dashboard *kd, const enum kpi_id *k, int n,
                       int links, int with_csv, int open)
{
	for (int i = 0; i < n; i++) {
		if (i % 2 == 0)
			html_lit(&r->out, "<div class=\"govuk-grid-row\">");
		html_lit(&r->out, "<div class=\"govuk-grid-column-one-half\">");
		trend_block(r, s, kd, k[i], links, with_csv, open);
		html_lit(&r->out, "</div>");
		if (i % 2 == 1 || i + 1 == n)
			html_lit(&r->out, "</div>");
	}
}

static void breakdown_block(struct req *r, const struct dash *s, const struct kpi_dashboard *kd, int ti, int links,
                            int with_csv)
{
	html *b = &r->out;
	const struct kpi_table *t = &kpi_tables[ti];
	const struct kpi_table_result *res = &kd->t[ti];
	block_heading(b, t->id, t->title);
	if (!res->n) {
		html_lit(b, "<p class=\"govuk-body\">No cases.</p>");
		return;
	}
	struct chart_point *p = malloc((size_t)res->n * sizeof *p);
	if (p) {
		for (int i = 0; i < res->n; i++) {
			p[i].label = res->g[i].label;
			p[i].value = chart_value(t->k, &res->g[i].v);
		}
		chart_bars(b, t->id, t->title, p, res->n, chart_max(t->k, p, res->n), unit_of(t->k));
		free(p);
	}
	value_table_head(r, t->title, t->k, t->dim == D_RECORD && kpi_defs[t->k].record_dim ? kpi_defs[t->k].record_dim
	                                                                            : kpi_dim_titles[t->dim]);
	for (int i = 0; i < res->n; i++)
		value_row(r, s, t->k, res->g[i].label, &res->g[i].v, 0, t->dim, res->g[i].key, links);
	table_end(r);
	if (t->dim == D_CASEWORKER) {   /* caseload per caseworker: the allocated plans over the caseworkers holding them */
		long long plans = 0, people = 0;
		for (int i = 0; i < res->n; i++)
			if (strcmp(res->g[i].key, "none")) {
				plans += res->g[i].v.numerator;
				people++;
			}
		html_lit(b, "<p class=\"govuk-body\" data-average-caseload>Average caseload: ");
		if (people)
			html_decimal(b, (double)plans / (double)people, 1);
		else
			html_lit(b, "none");
		html_lit(b, " active plans per caseworker (");
		html_int(b, plans);
		html_lit(b, " allocated plans, ");
		html_int(b, people);
		html_lit(b, " caseworkers).</p>");
	}
	if (with_csv)
		csv_link(r, s, t->id, t->title);
}

static int links_for(struct req *r)
{
	return req_has_role(r, ROLE_ALL);
}

void h_dashboard(struct req *r)
{
	struct errs e = {0};
	struct dash s;
	dash_parse(r, &s, &e);
	struct kpi_dashboard *kd = malloc(sizeof *kd);
	int previous = 0;
	if (!kd || dash_kpi_run(r, &s, kd, &previous) < 0) {
		if (!kd)
			resp_error(r, 500, "Sorry, there is a problem with the service", "The figures could not be counted.");
		free(kd);
		return;
	}
	if (e.n)
		r->status = 400;
	int links = links_for(r);
	page_begin_err(r, "Dashboard", &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Performance dashboard</h1><p class=\"govuk-body\">Counted from the "
	            "records, the way the DfE defines each measure.");
	if (links)
		html_lit(b, " Every number opens the cases behind it.");
	html_lit(b, " <a class=\"govuk-link\" href=\"/dashboard/definitions\">How each one is defined</a>.</p>");
	if (previous)
		html_lit(b, "<div class=\"govuk-inset-text\" data-previous>These figures were counted before the latest change "
		            "to the records, which is being counted now. Reload the page in a few seconds for the new "
		            "figures.</div>");
	filter_form(r, "/dashboard", &s, &e);
	html_lit(b, "<p class=\"govuk-body\" data-showing>");
	dash_describe(b, &s);
	html_lit(b, ".</p><p class=\"govuk-body app-no-print\">Download: <a class=\"govuk-link\" href=\"");
	dash_href_attr(b, "/dashboard.xlsx", &s);
	html_lit(b, "\">every table (XLSX)</a>, <a class=\"govuk-link\" href=\"");
	dash_href_attr(b, "/dashboard.csv", &s);
	html_lit(b, "\">the measures (CSV)</a>, or open the <a class=\"govuk-link\" href=\"");
	dash_href_attr(b, "/dashboard/board-pack", &s);
	html_lit(b, "\">board pack</a> to print. <a class=\"govuk-link\" href=\"/dashboard/references\">Reference values</a> "
	            "(national, regional, statistical neighbours) and their sources.</p>");
	html_lit(b, "<nav class=\"app-on-this-page govuk-body app-no-print\" aria-label=\"On this page\">");
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		html_lit(b, "<a class=\"govuk-link\" href=\"#");
		html_attr(b, sections[i].id);
		html_lit(b, "\">");
		html_text(b, sections[i].title);
		html_lit(b, "</a>");
	}
	html_lit(b, "<a class=\"govuk-link\" href=\"#trends\">Trends by month</a>"
	            "<a class=\"govuk-link\" href=\"#breakdowns\">Breakdowns</a></nav>");
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"");
		html_attr(b, sections[i].id);
		html_lit(b, "\">");
		html_text(b, sections[i].title);
		html_lit(b, "</h2><div class=\"govuk-grid-row\">");
		for (int j = 0; j < sections[i].n; j++) {
			tile(r, &s, kd, sections[i].k[j], links);
			if (j % 3 == 2 && j + 1 < sections[i].n)
				html_lit(b, "</div><div class=\"govuk-grid-row\">");
		}
		html_lit(b, "</div>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"trends\">Trends by month</h2><p class=\"govuk-body\">Each rate for "
	            "the cases of each month of the year (the month of the date that puts a case in the year: the plan's "
	            "issue, the request's receipt, the meeting, the deadline).</p>");
	enum kpi_id tk[K_N];
	int nt = 0;
	for (int k = 0; k < K_N; k++)
		if (is_trend((enum kpi_id)k))
			tk[nt++] = (enum kpi_id)k;
	trend_grid(r, &s, kd, tk, nt, links, 1, 0);
	html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"breakdowns\">Breakdowns</h2>");
	for (int i = 0; i < KT_N; i++)
		breakdown_block(r, &s, kd, i, links, 1);
	char f[96];
	snprintf(f, sizeof f, "year=%d,filtered=%d", s.q.year % 10000,
	         s.q.team || s.age || s.need || s.setting || s.custom_as_of);
	req_audit(r, "view", "dashboard", 0, 0, f, NULL);
	kpi_dashboard_free(kd);
	free(kd);
	page_end(r);
}

/* ---- the board pack: the headline measures and the key charts, to print ----------- */

void h_board_pack(struct req *r)
{
	struct errs e = {0};
	struct dash s;
	dash_parse(r, &s, &e);
	if (e.n) {
		resp_error(r, 400, "The board pack cannot be made", e.e[0].msg);
		return;
	}
	struct kpi_dashboard *kd = malloc(sizeof *kd);
	if (!kd || dash_kpi_run(r, &s, kd, NULL) < 0) {
		if (!kd)
			resp_error(r, 500, "Sorry, there is a problem with the service", "The figures could not be counted.");
		free(kd);
		return;
	}
	page_begin(r, "Board pack");
	html *b = &r->out;
	buf back = BUF_INIT;
	dash_href(&back, "/dashboard", &s);
	page_back_link(r, back.p ? back.p : "/dashboard");
	buf_free(&back);
	html_lit(b, "<div class=\"app-board-pack\"><span class=\"govuk-caption-l\">");
	html_text(b, r->cfg->la_name);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">SEND performance: board pack</h1><p class=\"govuk-body\">");
	dash_describe(b, &s);
	html_lit(b, ". Counted from the records by sendmis, the way the DfE defines each measure; the definitions are at "
	            "the end.</p><p class=\"govuk-body app-no-print\">Print this page, or save it as a PDF, from your "
	            "browser's print menu: the navigation is left out.</p>");
	html_lit(b, "<h2 class=\"govuk-heading-m\">Headline measures</h2>");
	static const char *const cols[] = {"Measure", "This year", "Cases", "The year before", "England"};
	table_begin_numeric(r, "Headline measures", cols, 5, 1);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		for (int j = 0; j < sections[i].n; j++) {
			enum kpi_id k = sections[i].k[j];
			const struct kpi_def *def = &kpi_defs[k];
			html_lit(b, "<tr class=\"govuk-table__row\" data-kpi=\"");
			html_attr(b, def->id);
			html_lit(b, "\"><th scope=\"row\" class=\"govuk-table__header\">");
			html_text(b, def->title);
			html_lit(b, "</th>");
			td_value(r, k, &kd->year[k]);
			html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
			if (def->kind == KPI_COUNT)
				html_lit(b, "—");
			else if (kpi_suppressed(k, kd->year[k].denominator)) {
				html_lit(b, "Fewer than ");
				html_int(b, def->suppress_below);
			} else if (def->kind == KPI_WEEKS || def->kind == KPI_MEAN) {
				html_int(b, kd->year[k].denominator);
				html_lit(b, " plans");
			} else {
				html_int(b, kd->year[k].numerator);
				html_lit(b, " of ");
				html_int(b, kd->year[k].denominator);
			}
			html_lit(b, "</td>");
			if (def->period == KPI_YEAR && prev_year_has_figures(kd))
				td_value(r, k, &kd->prev[k]);
			else
				td_right(r, def->period == KPI_YEAR ? "No figure" : "—");
			char ref[16], shown[40];
			int ref_year;
			if (def->kind == KPI_RATE && national_reference(r, def->id, s.q.year, ref, &ref_year)) {
				snprintf(shown, sizeof shown, "%s%% (%d)", ref, ref_year % 10000);
				td_right(r, shown);
			} else
				td_right(r, "—");
			html_lit(b, "</tr>");
		}
	table_end(r);
	html_lit(b, "<div class=\"app-page-break\"></div><h2 class=\"govuk-heading-m\">Timeliness through the year</h2>");
	static const enum kpi_id trends[] = {K_NEW_PLANS_20WK_EXCL, K_REQUEST_DECISIONS_6WK, K_REVIEWS_IN_TIME,
	                                     K_ADVICE_6WK};
	trend_grid(r, &s, kd, trends, (int)(sizeof trends / sizeof trends[0]), 0, 0, 1);
	html_lit(b, "<div class=\"app-page-break\"></div><h2 class=\"govuk-heading-m\">Caseload, reviews, quality and "
	            "families' views</h2>");
	static const char *const tables[] = {"caseload_need", "caseload_setting", "caseload_age", "new_plans_weeks",
	                                     "reviews_overdue_band", "advice_service", "qa_audits_grade",
	                                     "survey_agreement_statement"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		breakdown_block(r, &s, kd, (int)(kpi_table_by_id(tables[i]) - kpi_tables), 0, 0);
	html_lit(b, "<div class=\"app-page-break\"></div><h2 class=\"govuk-heading-m\">Definitions</h2>"
	            "<dl class=\"govuk-body-s\">");
	for (int i = 0; i < K_N; i++) {
		html_lit(b, "<dt class=\"govuk-!-font-weight-bold\">");
		html_text(b, kpi_defs[i].title);
		html_lit(b, "</dt><dd class=\"govuk-!-margin-left-0 govuk-!-margin-bottom-2\">");
		html_text(b, kpi_defs[i].definition);
		html_lit(b, "</dd>");
	}
	html_lit(b, "</dl></div>");
	req_audit(r, "view", "dashboard", 0, 0, "board_pack", NULL);
	kpi_dashboard_free(kd);
	free(kd);
	page_end(r);
}
