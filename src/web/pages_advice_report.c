/* pages_advice_report.c — the advice timeliness report: advice and
 * contributions returned on time, by service and month, its CSV, and the
 * requests still outstanding.
 *
 * DESIGN: the report counts the advice requests whose deadline fell in each
 * month, each kind (assessment advice, annual review contributions:
 * advice_kinds) on its own, by the advice KPI's rule (core/kpi.c:
 * kpi_advice_timing; advice_timeliness_load): on time = received on or
 * before the deadline; the drill-down list is the same requests.
 */
#include "web/pages.h"
#include "web/page.h"
#include "domain/advice.h"
#include "core/kpi.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each kind of request (advice_kinds) is reported on its own: the same
 * counting, its own rows, so neither kind's figures hide the other's. */
static const char *const kind_what[ADVICE_KINDS] = {
	[ADVICE_ASSESSMENT] = "Advice for EHC needs assessments, due 6 weeks after it was asked for (SEND Regulations 2014 "
	                      "reg 8(1)).",
	[ADVICE_REVIEW] = "Advice and information asked for annual review meetings, due by the date the invitation gives, "
	                  "so that it can be circulated at least 2 weeks before the meeting (SEND Regulations 2014 reg 20(4)).",
};

#define REPORT_MAX_MONTHS ADVICE_REPORT_MAX_MONTHS

int report_month_parse(const char *s, int *y, int *m)
{
	long long yy, mm;
	char tmp[8];
	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	memcpy(tmp, s, 4);
	tmp[4] = 0;
	if (parse_int64(tmp, 2000, 2100, &yy) < 0 || parse_int64(s + 5, 1, 12, &mm) < 0)
		return -1;
	*y = (int)yy;
	*m = (int)mm;
	return 0;
}

/* from/to months (defaults: the last 6 months to this one); errors in e. */
static int report_range(struct req *r, struct errs *e, char from[8], char to[8], int *nmonths)
{
	int ty, tm, td, fy, fm, uy, um;
	date_to_ymd(r->today, &ty, &tm, &td);
	const char *f = req_param_or(r, "from_month", ""), *t = req_param_or(r, "to_month", "");
	uy = ty, um = tm;
	fy = ty, fm = tm - 5;
	while (fm < 1)
		fm += 12, fy--;
	if (*t && report_month_parse(t, &uy, &um) < 0)
		errs_add(e, "to_month", "Select the last month from the list");
	if (*f && report_month_parse(f, &fy, &fm) < 0)
		errs_add(e, "from_month", "Select the first month from the list");
	int n = (uy - fy) * 12 + (um - fm) + 1;
	if (!e->n && n < 1)
		errs_add(e, "to_month", "To month must be the same month as From month or later");
	else if (!e->n && n > REPORT_MAX_MONTHS)
		errs_add(e, "from_month", "Choose at most %d months", REPORT_MAX_MONTHS);
	if (e->n)
		return -1;
	snprintf(from, 8, "%04d-%02d", (fy % 10000 + 10000) % 10000, (fm % 100 + 100) % 100);
	snprintf(to, 8, "%04d-%02d", (uy % 10000 + 10000) % 10000, (um % 100 + 100) % 100);
	*nmonths = n;
	return 0;
}

/* A month chosen from a list: "June 2026" in words, "2026-06" underneath.
 * The months of the last five years, newest first, and the one asked for. */
void report_month_select(struct req *r, const char *name, const char *label, const char *value, const struct errs *e)
{
	enum { N = 61 };
	struct option opts[N + 1];
	char vals[N + 1][16], labels[N + 1][24];
	int y, m, d, n = 0, vy, vm, have = 0;
	date_to_ymd(r->today, &y, &m, &d);
	int want = value && report_month_parse(value, &vy, &vm) == 0;
	for (int k = 0; k < N; k++, n++) {
		day_t first;
		int t = y * 12 + (m - 1) - k, my = t / 12, mm = t % 12 + 1;   /* k months before this one */
		if (date_from_ymd(my, mm, 1, &first) < 0)
			break;
		snprintf(vals[n], sizeof vals[n], "%04d-%02d", my % 10000, mm % 100);
		date_format_month(first, labels[n], sizeof labels[n]);
		opts[n] = (struct option){vals[n], labels[n]};
		have |= want && my == vy && mm == vm;
	}
	day_t first;
	if (want && !have && date_from_ymd(vy, vm, 1, &first) == 0) {   /* a month from a link, further back */
		snprintf(vals[n], sizeof vals[n], "%04d-%02d", vy % 10000, vm % 100);
		date_format_month(first, labels[n], sizeof labels[n]);
		opts[n] = (struct option){vals[n], labels[n]};
		n++;
	}
	form_select(r, name, label, NULL, opts, (size_t)n, value, NULL, e);
}

/* Both kinds, t[ADVICE_KINDS]: 0, or -1 (a store error). */
static int load_timeliness_all(struct req *r, const char *from, int nmonths, const char *to, struct advice_timeliness *t)
{
	for (int k = 0; k < ADVICE_KINDS; k++)
		if (advice_timeliness_load(r->db, (enum advice_kind)k, from, nmonths, to, r->today, &t[k]) < 0)
			return -1;
	return 0;
}

static void pct(char *out, size_t n, const struct advice_month *c)
{
	if (!c->due)
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%d%%", (int)((c->on_time * 100 + c->due / 2) / c->due));
}

/* One kind's table: a row per service, a column per month and the total. */
static void timeliness_table(struct req *r, const char *name, const struct advice_timeliness *t, const char *const *cols)
{
	html *b = &r->out;
	int nm = t->nmonths;
	if (!t->nsv) {
		html_lit(b, "<p class=\"govuk-body\">No deadlines fell in these months.</p>");
		return;
	}
	table_begin(r, name, cols, (size_t)nm + 2);
	for (int k = 0; k < t->nsv; k++) {
		html_lit(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">");
		html_text(b, t->sv[k].name);
		html_lit(b, "</th>");
		for (int i = 0; i <= nm; i++) {
			const struct advice_month *c = i < nm ? &t->sv[k].m[i] : &t->sv[k].total;
			char p[8];
			pct(p, sizeof p, c);
			html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
			if (c->due) {
				html_text(b, p);
				html_lit(b, "<br><span class=\"govuk-body-s\">");
				html_int(b, c->on_time);
				html_lit(b, " of ");
				html_int(b, c->due);
				if (c->waiting) {
					html_lit(b, ", ");
					html_int(b, c->waiting);
					html_lit(b, " still awaited");
				}
				html_lit(b, "</span>");
			} else
				html_lit(b, "—");
			html_lit(b, "</td>");
		}
		html_lit(b, "</tr>");
	}
	table_end(r);
}

struct outstanding_ctx {
	struct req *r;
	int editor, kind, open;
};

/* Closes the table of the kinds before `next` and heads each kind up to
 * it ("none" for a kind with no rows); next ADVICE_KINDS: the end. */
static void outstanding_to(struct outstanding_ctx *x, int next)
{
	html *b = &x->r->out;
	while (x->kind < next) {
		if (x->open)
			table_end(x->r);
		else if (x->kind >= 0)
			html_lit(b, "<p class=\"govuk-body\">None outstanding.</p>");
		x->open = 0;
		if (++x->kind >= ADVICE_KINDS)
			break;
		html_lit(b, "<h3 class=\"govuk-heading-s\">");
		html_text(b, advice_kinds[x->kind].label);
		html_lit(b, "</h3>");
	}
}

static int outstanding_row(void *ctx, const struct advice_outstanding *o)
{
	struct outstanding_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	outstanding_to(x, (int)o->kind);
	if (!x->open) {
		static const char *const cols[] = {"Service", "Contact", "Child or young person", "Requested", "Deadline",
		                                   "Days overdue", ""};
		char name[120];
		snprintf(name, sizeof name, "%s outstanding", advice_kinds[x->kind].label);
		table_begin(r, name, cols, x->editor ? 7 : 6);
		x->open = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, o->service);
	td_text(r, o->contact);
	char nm2[2 * 244 + 2];
	snprintf(nm2, sizeof nm2, "%s %s", o->forename, o->surname);
	td_person(r, o->person_id, nm2);
	td_date(r, o->requested, "");
	td_date(r, o->due, "");
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	if (o->days_overdue > 0) {
		char w[24];
		snprintf(w, sizeof w, "%d", o->days_overdue);
		tag(r, "red", w);
	} else
		html_lit(b, "Not yet due");
	html_lit(b, "</td>");
	if (x->editor) {
		html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/advice/");
		html_int(b, o->id);
		html_lit(b, "/edit\">Record it received<span class=\"govuk-visually-hidden\">: ");
		html_text(b, o->service);
		html_lit(b, ", ");
		html_text(b, nm2);
		html_lit(b, "</span></a></td>");
	}
	html_lit(b, "</tr>");
	return 0;
}

/* Every request still awaited, each kind under its own heading; for those
 * who may record it, a link to record it received (which stops its
 * reminders). */
static void outstanding_tables(struct req *r)
{
	html_lit(&r->out, "<h2 class=\"govuk-heading-m\" id=\"outstanding\">Advice and contributions outstanding</h2>");
	struct outstanding_ctx x = {r, req_may(r, "GET", "/advice/#/edit"), -1, 0};
	advice_outstanding_each(r->db, r->today, outstanding_row, &x);
	outstanding_to(&x, ADVICE_KINDS);
}

void h_advice_report(struct req *r)
{
	struct errs e = {0};
	char from[8], to[8];
	int nm = 0;
	struct advice_timeliness *t = malloc(ADVICE_KINDS * sizeof *t);
	if (!t) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The report could not be made.");
		return;
	}
	int bad = report_range(r, &e, from, to, &nm) < 0;
	if (!bad && load_timeliness_all(r, from, nm, to, t) < 0) {
		free(t);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The report could not be made.");
		return;
	}
	if (bad)
		r->status = 400;
	page_begin_err(r, "Advice timeliness", &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Advice and contributions returned on time</h1><p class=\"govuk-body\">For "
	            "each service, the requests whose deadline fell in each month and has passed, and the percentage "
	            "received on or before the deadline: advice for EHC needs assessments and contributions to annual "
	            "reviews, each on its own.</p>");
	form_begin_get(r, "/reports/advice", NULL);
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	report_month_select(r, "from_month", "From", bad ? req_param_or(r, "from_month", "") : from, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	report_month_select(r, "to_month", "To", bad ? req_param_or(r, "to_month", "") : to, &e);
	html_lit(b, "</div></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
	            "data-module=\"govuk-button\">Show</button></form>");
	if (!bad) {
		buf qs = BUF_INIT;
		html_qs(&qs, "from_month", from);
		html_qs(&qs, "to_month", to);
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reports/advice.csv?");
		html_attr_qs(b, buf_cstr(&qs));
		buf_free(&qs);
		html_lit(b, "\">Download these tables (CSV)</a></p>");
		const char *cols[REPORT_MAX_MONTHS + 2];
		char labels[REPORT_MAX_MONTHS][24];
		cols[0] = "Service";
		for (int i = 0; i < nm; i++) {
			int y, m;
			report_month_parse(t[0].month[i], &y, &m);
			static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
			snprintf(labels[i], sizeof labels[i], "%s %d", mon[(m - 1) % 12], y % 10000);
			cols[i + 1] = labels[i];
		}
		cols[nm + 1] = "All months";
		for (int k = 0; k < ADVICE_KINDS; k++) {
			html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"");
			html_attr(b, advice_kinds[k].code);
			html_lit(b, "\">");
			html_text(b, advice_kinds[k].label);
			html_lit(b, "</h2><p class=\"govuk-body\">");
			html_text(b, kind_what[k]);
			html_lit(b, "</p>");
			timeliness_table(r, advice_kinds[k].label, &t[k], cols);
		}
	}
	outstanding_tables(r);
	req_audit(r, "view", "reports", 0, 0, "advice", NULL);
	page_end(r);
	free(t);
}

void h_advice_report_csv(struct req *r)
{
	struct errs e = {0};
	char from[8], to[8];
	int nm = 0;
	struct advice_timeliness *t = malloc(ADVICE_KINDS * sizeof *t);
	if (!t || report_range(r, &e, from, to, &nm) < 0 || load_timeliness_all(r, from, nm, to, t) < 0) {
		free(t);
		if (e.n)
			resp_error(r, 400, "The filter is not valid", e.e[0].msg);
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	char name[96];
	snprintf(name, sizeof name, "advice-timeliness-%s-to-%s.csv", from, to);
	buf *b = resp_body(r, CSV_TYPE, name);
	buf_puts(b, "kind,service,month,deadlines_passed,received_on_time,received_late,still_awaited,percent_on_time\r\n");
	for (int kd = 0; kd < ADVICE_KINDS; kd++)
		for (int k = 0; k < t[kd].nsv; k++)
			for (int i = 0; i < nm; i++) {
				const struct advice_month *c = &t[kd].sv[k].m[i];
				if (!c->due)
					continue;
				char p[8];
				pct(p, sizeof p, c);
				p[strlen(p) ? strlen(p) - 1 : 0] = 0;
				buf_printf(b, "%s,", advice_kinds[kd].code);
				csv_cell(b, t[kd].sv[k].name);
				buf_printf(b, ",%s,%d,%d,%d,%d,%s\r\n", t[kd].month[i], c->due, c->on_time, c->late, c->waiting, p);
			}
	req_audit(r, "export", "reports", 0, 0, "advice", NULL);
	free(t);
}
