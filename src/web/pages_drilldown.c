/* pages_drilldown.c — the cases behind a dashboard number: the list (paged,
 * filtered to those within or outside the limit, in a chosen order) and
 * its CSV.
 *
 * DESIGN: the link names the measure, the month and the breakdown row as
 * well as the dashboard's own filters (dashboard.h); the list walks the
 * same rows with the same predicate (kpi_members), so it is the count.
 */
#include "web/dashboard.h"
#include "web/pages.h"
#include "web/page.h"
#include "domain/kpicache.h"
#include "domain/person.h"
#include "domain/register.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the link asks for: the measure, the month, the breakdown row, and the
 * list's own choices (which cases, in what order, which page). */
struct cases_ask {
	const struct kpi_def *k;
	long long month;
	enum kpi_dim dim;
	const char *cat;
	const char *show;          /* "", "in", "out" (rates) */
	const char *sort;          /* "", "newest", "longest" (averages), "caseworker" */
	int page;
};

static const struct option cases_shows[] = {
	{"", "Every case"}, {"in", "Only those within the limit"}, {"out", "Only those outside the limit"},
};
static const struct option cases_sorts[] = {
	{"", "Oldest first"}, {"newest", "Newest first"}, {"longest", "Longest first"}, {"caseworker", "By caseworker"},
};

/* 0, or -1 once an error page is written. */
static int cases_parse(struct req *r, struct dash *s, struct cases_ask *a)
{
	struct errs e = {0};
	memset(a, 0, sizeof *a);
	dash_parse(r, s, &e);
	if (!req_param(r, "kpi")) {
		resp_redirect(r, "/dashboard");
		return -1;
	}
	a->k = kpi_by_id(req_param(r, "kpi"));
	if (!a->k) {
		resp_error(r, 404, "Page not found", "There is no such measure.");
		return -1;
	}
	const char *mv = req_param_or(r, "month", "");
	if (*mv && (a->k->period != KPI_YEAR || parse_int64(mv, 1, 12, &a->month) < 0)) {
		errs_add(&e, "month", "Month must be a month from 1 to 12 of a measure counted by year");
		a->month = 0;
	}
	a->dim = D_NONE;
	const char *by = req_param_or(r, "by", "");
	a->cat = req_param_or(r, "cat", "");
	if (*by && (a->dim = kpi_dim_by_id(by)) == D_NONE)
		errs_add(&e, "by", "Breakdown must be one of the dashboard's (age, need, sex, setting, area, residential, "
		                   "team, caseworker, record)");
	a->show = req_param_or(r, "show", "");
	if (strcmp(a->show, "") && (a->k->kind != KPI_RATE || (strcmp(a->show, "in") && strcmp(a->show, "out"))))
		errs_add(&e, "show", "Show must be every case, or for a rate those within or outside the limit");
	a->sort = req_param_or(r, "sort", "");
	if (strcmp(a->sort, "") && strcmp(a->sort, "newest") && strcmp(a->sort, "caseworker") &&
	    (strcmp(a->sort, "longest") || a->k->kind != KPI_WEEKS))
		errs_add(&e, "sort", "Order must be oldest or newest first, longest first for an average, or by caseworker");
	long long pg = 1;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &pg) < 0)
		errs_add(&e, "page", "Page must be a whole number from 1");
	a->page = (int)pg;
	if (e.n) {   /* this page's choices are all in the link: what is wrong is in the link itself */
		resp_error(r, 400, "This link to the cases is not valid", e.e[0].msg);
		return -1;
	}
	return 0;
}

static int by_when(const void *x, const void *y)
{
	const struct kpi_case *a = x, *b = y;
	return a->when != b->when ? (a->when < b->when ? -1 : 1) : (a->record_id > b->record_id) - (a->record_id < b->record_id);
}
static int by_newest(const void *x, const void *y)
{
	return by_when(y, x);
}
static int by_longest(const void *x, const void *y)
{
	const struct kpi_case *a = x, *b = y;
	return a->days != b->days ? (a->days > b->days ? -1 : 1) : by_when(x, y);
}
static int by_caseworker(const void *x, const void *y)
{
	const struct kpi_case *a = x, *b = y;
	/* the not allocated last */
	if (!*a->caseworker != !*b->caseworker)
		return *a->caseworker ? -1 : 1;
	int c = strcmp(a->caseworker, b->caseworker);
	return c ? c : by_when(x, y);
}

/* The cases behind the number (kept: kpicache.h), chosen and ordered as asked;
 * *all the number before "show"; *above those inside the limit. */
static int cases_load(struct req *r, const struct dash *s, const struct cases_ask *a, struct kpi_case **v, long *n,
                      long *all, long *above)
{
	if (kpi_members_cached(r->db, &s->q, a->k->k, (int)a->month, a->dim, a->cat, v, n) < 0)
		return -1;
	*all = *n;
	*above = 0;
	long kept = 0;
	for (long i = 0; i < *n; i++) {
		*above += (*v)[i].in_numerator;
		if ((!strcmp(a->show, "in") && !(*v)[i].in_numerator) || (!strcmp(a->show, "out") && (*v)[i].in_numerator))
			continue;
		(*v)[kept++] = (*v)[i];
	}
	*n = kept;
	int (*cmp)(const void *, const void *) = !strcmp(a->sort, "newest") ? by_newest : !strcmp(a->sort, "longest")
	                                       ? by_longest : !strcmp(a->sort, "caseworker") ? by_caseworker : by_when;
	if (*n > 1)
		qsort(*v, (size_t)*n, sizeof **v, cmp);
	return 0;
}

/* The drill-down's query string without the page (for the pages' and the CSV's links). */
static void cases_qs(buf *b, const struct dash *s, const struct cases_ask *a)
{
	html_qs(b, "kpi", a->k->id);
	if (a->month) {
		char mo[4];
		snprintf(mo, sizeof mo, "%lld", a->month % 100);
		html_qs(b, "month", mo);
	}
	if (a->dim != D_NONE) {
		html_qs(b, "by", kpi_dim_ids[a->dim]);
		buf_puts(b, "cat=");
		html_urlc(b, a->cat);
		buf_putc(b, '&');
	}
	html_qs(b, "show", a->show);
	html_qs(b, "sort", a->sort);
	dash_qs(b, s);
}

/* The record a case is: linked to its page where it has one the user may open. */
static void td_record(struct req *r, const struct kpi_def *k, int64_t id)
{
	const char *noun = kpi_record_noun(k->k);
	char rec[48];
	snprintf(rec, sizeof rec, "%s %lld", noun, (long long)id);
	const char *page = NULL;
	if (!strcmp(noun, "Audit") && req_may(r, "GET", "/qa/audits/#"))
		page = "/qa/audits/";
	else if (!strcmp(noun, "Event") && req_may(r, "GET", "/engagement/#"))
		page = "/engagement/";
	if (!page) {
		td_text(r, rec);
		return;
	}
	char href[64];
	snprintf(href, sizeof href, "%s%lld", page, (long long)id);
	html_lit(&r->out, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(&r->out, href);
	html_lit(&r->out, "\">");
	html_text(&r->out, rec);
	html_lit(&r->out, "</a></td>");
}

static void weeks_text(long long days, char *out, size_t n)
{
	if (days < 0)
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%lld weeks %lld day%s", days / 7, days % 7, days % 7 == 1 ? "" : "s");
}

void h_dashboard_cases(struct req *r)
{
	struct dash s;
	struct cases_ask a;
	if (cases_parse(r, &s, &a) < 0)
		return;
	const struct kpi_def *k = a.k;
	struct kpi_case *v = NULL;
	long n, all, above;
	if (cases_load(r, &s, &a, &v, &n, &all, &above) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The cases could not be listed.");
		return;
	}
	page_begin(r, k->title);
	html *b = &r->out;
	buf back = BUF_INIT;
	dash_href(&back, "/dashboard", &s);
	page_back_link(r, back.p ? back.p : "/dashboard");
	buf_free(&back);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	if (k->period == KPI_YEAR && a.month) {
		html_text(b, month_short[(a.month - 1) % 12]);
		html_lit(b, " ");
	}
	dash_describe(b, &s);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, k->title);
	html_lit(b, "</h1><p class=\"govuk-body\">");
	html_text(b, k->definition);
	html_lit(b, "</p>");
	if (a.dim != D_NONE) {
		html_lit(b, "<p class=\"govuk-body\" data-breakdown>Only the cases in one row of a breakdown: ");
		html_text(b, a.dim == D_RECORD && k->record_dim ? k->record_dim : kpi_dim_titles[a.dim]);
		html_lit(b, " ");
		html_text(b, *a.cat ? a.cat : "(none)");
		html_lit(b, ".</p>");
	}
	html_lit(b, "<p class=\"govuk-body\" data-count=\"");
	html_int(b, all);
	html_lit(b, "\">");
	if (k->kind != KPI_COUNT) {
		html_int(b, above);
		html_lit(b, " of ");
		html_int(b, all);
		html_lit(b, " cases: ");
		html_text(b, k->kind == KPI_RATE ? k->numerator : "counted in the average");
		html_lit(b, ".</p>");
	} else {
		html_int(b, all);
		html_lit(b, " cases.</p>");
	}
	/* which cases and in what order: a GET form that keeps the rest of the link */
	form_begin_get(r, "/dashboard/cases", "");
	form_hidden(r, "kpi", k->id);
	if (a.month) {
		char mo[4];
		snprintf(mo, sizeof mo, "%lld", a.month % 100);
		form_hidden(r, "month", mo);
	}
	if (a.dim != D_NONE) {
		form_hidden(r, "by", kpi_dim_ids[a.dim]);
		form_hidden(r, "cat", a.cat);
	}
	static const char *const dash_keys[] = {"year", "team", "age_band", "need", "setting"};
	for (size_t i = 0; i < sizeof dash_keys / sizeof dash_keys[0]; i++)
		if (req_param(r, dash_keys[i]) && *req_param(r, dash_keys[i]))
			form_hidden(r, dash_keys[i], req_param(r, dash_keys[i]));
	if (s.custom_as_of) {
		form_hidden(r, "as_of-day", s.dd);
		form_hidden(r, "as_of-month", s.mm);
		form_hidden(r, "as_of-year", s.yy);
	}
	html_lit(b, "<div class=\"govuk-grid-row\">");
	if (k->kind == KPI_RATE) {
		html_lit(b, "<div class=\"govuk-grid-column-one-third\">");
		form_select(r, "show", "Show", NULL, cases_shows, 3, a.show, NULL, NULL);
		html_lit(b, "</div>");
	}
	html_lit(b, "<div class=\"govuk-grid-column-one-third\">");
	struct option sorts[4];
	size_t ns = 0;
	for (size_t i = 0; i < 4; i++)
		if (strcmp(cases_sorts[i].value, "longest") || k->kind == KPI_WEEKS)
			sorts[ns++] = cases_sorts[i];
	form_select(r, "sort", "Order", NULL, sorts, ns, a.sort, NULL, NULL);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-third app-filter-button\">");
	form_button(r, "Show");
	html_lit(b, "</div></div>");
	form_end(r);
	buf qs = BUF_INIT;
	cases_qs(&qs, &s, &a);
	html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/dashboard/cases.csv?");
	html_attr(b, buf_cstr(&qs));
	html_lit(b, "\">Download these cases (CSV)</a></p>");
	int size = r->cfg->page_size;
	long from = (long)(a.page - 1) * size;
	if (n) {
		const char *cols[6];
		int nc = 0;
		cols[nc++] = "Child or young person";
		cols[nc++] = "Record";
		cols[nc++] = k->period == KPI_AS_AT ? "As at" : "Date";
		if (k->kind == KPI_WEEKS)
			cols[nc++] = "Time taken";
		if (k->kind == KPI_MEAN)
			cols[nc++] = "Number counted";
		cols[nc++] = "Caseworker";
		if (k->kind == KPI_RATE)
			cols[nc++] = "Counted as";
		table_begin(r, "The cases", cols, nc);
		for (long i = from; i < n && i < from + size; i++) {
			char name[2 * NAME_BYTES];
			html_lit(b, "<tr class=\"govuk-table__row\">");
			if (v[i].person_id) {   /* an anonymous answer or an engagement event is about no one child */
				person_name(r->db, v[i].person_id, name, sizeof name);
				td_person(r, v[i].person_id, name);
			} else
				td_text(r, "Not about one child");
			td_record(r, k, v[i].record_id);
			td_day(r, v[i].when, "—");
			if (k->kind == KPI_WEEKS) {
				char w[48];
				weeks_text(v[i].days, w, sizeof w);
				td_text(r, w);
			}
			if (k->kind == KPI_MEAN) {
				char w[24];
				snprintf(w, sizeof w, "%lld", v[i].days);
				td_text(r, w);
			}
			td_text(r, *v[i].caseworker ? v[i].caseworker : "Not allocated");
			if (k->kind == KPI_RATE) {
				html_lit(b, "<td class=\"govuk-table__cell\">");
				tag(r, v[i].in_numerator ? "green" : "grey", v[i].in_numerator ? "Within the limit" : "Outside the limit");
				html_lit(b, "</td>");
			}
			html_lit(b, "</tr>");
		}
		table_end(r);
		buf base = BUF_INIT;
		buf_puts(&base, "/dashboard/cases?");
		buf_puts(&base, buf_cstr(&qs));
		pagination(r, buf_cstr(&base), a.page, (int)((n + size - 1) / size));
		buf_free(&base);
	} else {
		html_lit(b, "<p class=\"govuk-body\">No cases.</p>");
	}
	buf_free(&qs);
	char f[200];
	snprintf(f, sizeof f, "kpi=%s,year=%d,month=%lld,by=%s,rows=%ld,page=%d", k->id, s.q.year % 10000, a.month,
	         a.dim != D_NONE ? kpi_dim_ids[a.dim] : "", n < from ? 0 : n - from < size ? n - from : size, a.page);
	req_audit(r, "view", "dashboard", 0, 0, f, NULL);
	free(v);
	page_end(r);
}

/* The cases behind a number, sent a row at a time from the kept list (the
 * names read as each row goes, on the connection the download holds). */
struct cases_csv {
	db *d;
	const struct kpi_def *k;
	struct kpi_case *v;
	long n, i;
};

static void cases_csv_close(void *p)
{
	struct cases_csv *x = p;
	free(x->v);
	free(x);
}

static int cases_csv_row(void *p, buf *b)
{
	struct cases_csv *x = p;
	if (x->i >= x->n)
		return 0;
	const struct kpi_case *c = &x->v[x->i++];
	char name[2 * NAME_BYTES], pid[24], rid[24], when[11], days[24];
	if (c->person_id && person_name(x->d, c->person_id, name, sizeof name) < 0)
		return -1;
	snprintf(pid, sizeof pid, "%lld", (long long)c->person_id);
	snprintf(rid, sizeof rid, "%lld", (long long)c->record_id);
	date_format_iso(c->when, when);
	char counted[40] = "";
	if (c->days >= 0 && x->k->kind == KPI_WEEKS)
		snprintf(days, sizeof days, "%lld", c->days);
	else
		days[0] = 0;
	if (x->k->kind == KPI_MEAN)   /* an average's amount: "3 counted" */
		snprintf(counted, sizeof counted, "%lld counted", c->days);
	if (!c->person_id)
		name[0] = 0;
	const char *cells[] = {c->person_id ? pid : "", name, kpi_record_noun(x->k->k), rid, when, days, c->caseworker,
	                       x->k->kind == KPI_MEAN ? counted : x->k->kind != KPI_RATE ? "" : c->in_numerator
	                       ? "Within the limit" : "Outside the limit"};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		if (i)
			buf_putc(b, ',');
		csv_cell(b, cells[i]);
	}
	buf_puts(b, "\r\n");
	return 1;
}

void h_dashboard_cases_csv(struct req *r)
{
	struct dash s;
	struct cases_ask a;
	if (cases_parse(r, &s, &a) < 0)
		return;
	if (resp_csv_reserve(r) < 0)
		return;
	struct cases_csv *x = calloc(1, sizeof *x);
	long all, above;
	if (!x || cases_load(r, &s, &a, &x->v, &x->n, &all, &above) < 0) {
		free(x);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	x->d = r->db;
	x->k = a.k;
	char f[200];
	snprintf(f, sizeof f, "kpi=%s,year=%d,month=%lld,by=%s,rows=%ld", a.k->id, s.q.year % 10000, a.month,
	         a.dim != D_NONE ? kpi_dim_ids[a.dim] : "", x->n);
	if (req_audit(r, "export", "dashboard", 0, 0, f, NULL) < 0) {
		cases_csv_close(x);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	char name[96];
	snprintf(name, sizeof name, "cases-%s.csv", a.k->id);
	resp_csv_stream(r, name, "Person ID,First name and last name,Record,Record ID,Date,Days taken,Caseworker,Counted as\r\n",
	                (struct csv_source){x, cases_csv_row, cases_csv_close});
}
