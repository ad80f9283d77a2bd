/* pages_sen2.c — the SEN2 statutory return for managers: choose the
 * collection, see what the return holds, download the XML.
 *
 * DESIGN: the page runs the export once without keeping the bytes (only the
 * counts), so what it says is in the file is what the download writes; the
 * download is the same call into the response.  The file carries children's
 * names and UPNs: admins and managers only (routes.c), and each download is
 * audited with its counts, never its content.
 */
#include "web/pages.h"
#include "web/page.h"
#include "domain/sen2export.h"
#include "domain/sen2dq.h"
#include "core/sen2.h"
#include "core/sen2check.h"
#include "web/links.h"
#include <stdlib.h>
#include "core/version.h"
#include <stdio.h>
#include <string.h>

/* The census asked for (default: the latest on or before today), or an error in e. */
static day_t census_param(struct req *r, struct errs *e, char iso[11])
{
	day_t best = DATE_NONE;
	for (int i = 0; i < sen2_census_n; i++) {
		day_t d;
		if (date_parse_iso(sen2_census_dates[i].date, &d) == 0 && d <= r->today)
			best = d;
	}
	const char *v = req_param_or(r, "census", "");
	if (*v) {
		day_t d;
		if (date_parse_iso(v, &d) < 0 || sen2_year_of_census(d) < 0)
			errs_add(e, "census", "Choose a collection from the list");
		else
			best = d;
	}
	iso[0] = 0;
	if (best != DATE_NONE)
		date_format_iso(best, iso);
	return best;
}

void h_sen2(struct req *r)
{
	struct errs e = {0};
	char iso[11];
	day_t census = census_param(r, &e, iso);
	struct sen2_summary sum;
	memset(&sum, 0, sizeof sum);
	char err[200] = "", now[20];
	sen2_generated_now(now);
	struct sen2_export_opts o = {census, r->cfg->la_code, now, SENDMIS_RELEASE, NULL, NULL};
	if (!e.n && census != DATE_NONE && sen2_export(r->db, &o, NULL, NULL, &sum, err, sizeof err) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The return could not be made.");
		return;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, "SEN2 return", &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">SEN2 statutory return</h1><p class=\"govuk-body\">The DfE's "
	            "person-level return for a collection, made from the records as they stood on its census date: the "
	            "plans active that day, the requests, assessments, plans issued and ceased since 1 January of the "
	            "year before, and the work still open. <a class=\"govuk-link\" href=\"#how\">How it is made</a>.</p>");
	struct option opts[32];
	char labels[32][64];
	size_t n = 0;
	for (int i = sen2_census_n - 1; i >= 0 && n < 32; i--) {
		day_t d;
		if (date_parse_iso(sen2_census_dates[i].date, &d) < 0)
			continue;
		char on[32];
		date_format_long(d, on, sizeof on);
		snprintf(labels[n], sizeof labels[n], "SEN2 %d (census %s)", sen2_census_dates[i].year % 10000, on);
		opts[n].value = sen2_census_dates[i].date;
		opts[n].label = labels[n];
		n++;
	}
	form_begin_get(r, "/returns/sen2", NULL);
	form_select(r, "census", "Collection", "Its census date: the third Thursday of January", opts, n,
	            req_param_or(r, "census", iso), NULL, &e);
	html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
	            "Show</button></form>");
	if (!e.n && census != DATE_NONE) {
		char title[64];
		snprintf(title, sizeof title, "SEN2 %d: what the return holds", sum.year % 10000);
		html_lit(b, "<h2 class=\"govuk-heading-m\">");
		html_text(b, title);
		html_lit(b, "</h2>");
		summary_begin(r);
		char v[32];
		static const char *const keys[] = {"Children and young people", "Requests", "Assessments",
		                                   "Named plans (issued or ceased in the period, or active)",
		                                   "Of which ceased", "Active plans on the census date", "Placements",
		                                   "Needs"};
		long long vals[] = {sum.persons, sum.requests, sum.assessments, sum.named_plans, sum.ceased,
		                    sum.active_plans, sum.placements, sum.needs};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			snprintf(v, sizeof v, "%lld", vals[i]);
			summary_row(r, keys[i], v);
		}
		summary_row(r, "LA code", r->cfg->la_code);
		summary_end(r);
		buf qs = BUF_INIT;
		html_qs(&qs, "census", iso);
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" "
		            "href=\"/returns/sen2.xml?");
		html_attr_qs(b, buf_cstr(&qs));
		html_lit(b, "\">Download the return (XML)</a> <a class=\"govuk-button govuk-button--secondary\" "
		            "data-module=\"govuk-button\" href=\"/returns/sen2/checks?");
		html_attr_qs(b, buf_cstr(&qs));
		buf_free(&qs);
		html_lit(b, "\">Check the data first</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"how\">How it is made</h2><p class=\"govuk-body\">The values "
	            "are worked out when the file is made, from sendmis's own records: outcomes not yet decided are A, "
	            "those decided before the period H; Week20 comes from the statutory clock; the residential codes A "
	            "and B follow the collection year's meaning; awaiting provision is reported as NIEO. Every plan "
	            "active at any time in the collection year has its active-plan block: a plan that ceased in the "
	            "year keeps one, with its last review and the placements attended while it was active, so the "
	            "file's active-plan blocks are the active plans and the ceased ones together. The tags and "
	            "their order follow the best reconstruction of the DfE's file available, not the DfE's schema "
	            "itself: check the file against the DfE's technical specification for the year before "
	            "submitting.</p>"
	            "<h2 class=\"govuk-heading-m\" id=\"import\">Moving a register into sendmis</h2>"
	            "<p class=\"govuk-body\">Every council's case system can produce a SEN2 return. An administrator "
	            "imports one on the server with <code>sendmis sen2 import FILE.xml</code> (first with "
	            "<code>--dry-run</code> to see what it would do). The import is all or nothing: a file with "
	            "errors imports nothing and every error is listed. Children already in sendmis are matched by "
	            "UPN, ULN, or name and date of birth, and importing the same file again changes nothing. "
	            "Decisions the return gives without a date show on a child's timeline as done, date not "
	            "recorded.</p>");
	page_end(r);
}

void h_sen2_xml(struct req *r)
{
	struct errs e = {0};
	char iso[11];
	day_t census = census_param(r, &e, iso);
	if (e.n || census == DATE_NONE) {
		resp_error(r, 400, "The return cannot be made", e.n ? e.e[0].msg : "There is no census date yet.");
		return;
	}
	char err[200], now[20];
	sen2_generated_now(now);
	struct sen2_export_opts o = {census, r->cfg->la_code, now, SENDMIS_RELEASE, NULL, NULL};
	struct sen2_summary sum;
	buf *xml = resp_body(r, "application/xml; charset=utf-8", NULL);
	if (sen2_export(r->db, &o, NULL, xml, &sum, err, sizeof err) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The return could not be made.");
		return;
	}
	snprintf(r->filename, sizeof r->filename, "SEN2-%d-%s.xml", sum.year % 10000, r->cfg->la_code);
	char f[160];
	snprintf(f, sizeof f, "sen2=%d,persons=%lld,active=%lld", sum.year % 10000, sum.persons, sum.active_plans);
	req_audit(r, "export", "sen2", 0, 0, f, NULL);
}

/* ---- data quality: the checks on the live records, each linked to the record to fix ---------- */

/* What the page is asked for: the census, which findings, which page. */
struct dq_ask {
	day_t census;
	char iso[11];
	const char *severity;      /* "", "error", "query" */
	const struct sen2_check *check;   /* NULL: every check */
	int page;
};

static void dq_parse(struct req *r, struct dq_ask *a, struct errs *e)
{
	memset(a, 0, sizeof *a);
	a->census = census_param(r, e, a->iso);
	a->severity = req_param_or(r, "severity", "");
	if (*a->severity && strcmp(a->severity, "error") && strcmp(a->severity, "query")) {
		errs_add(e, "severity", "Select errors, queries or both from the list");
		a->severity = "";
	}
	const char *c = req_param_or(r, "check", "");
	for (int i = 0; *c && i < sen2_checks_n; i++)
		if (!strcmp(sen2_checks[i].id, c))
			a->check = &sen2_checks[i];
	if (*c && !a->check)
		errs_add(e, "check", "Select a check from the list");
	long long pg = 1;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &pg) < 0)
		errs_add(e, "page", "Page must be a whole number from 1");
	a->page = (int)pg;
}

static int dq_wanted(const struct dq_ask *a, const struct sen2_dq_row *x)
{
	if (!strcmp(a->severity, "error") && x->severity != SEN2_ERROR)
		return 0;
	if (!strcmp(a->severity, "query") && x->severity == SEN2_ERROR)
		return 0;
	return !a->check || x->check == a->check;
}

static void dq_qs(buf *b, const struct dq_ask *a)
{
	html_qs(b, "census", a->iso);
	html_qs(b, "severity", a->severity);
	html_qs(b, "check", a->check ? a->check->id : "");
}

void h_sen2_checks(struct req *r)
{
	struct errs e = {0};
	struct dq_ask a;
	dq_parse(r, &a, &e);
	struct sen2_dq q;
	memset(&q, 0, sizeof q);
	if (a.census != DATE_NONE && sen2_dq_load(r->db, a.census, r->cfg->la_code, &q) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The checks could not be run.");
		return;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, "SEN2 data quality", &e);
	html *b = &r->out;
	page_back_link(r, "/returns/sen2");
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">SEN2 data quality</h1><p class=\"govuk-body\">The pre-submission "
	            "checks on the records as they would go into the return: errors stop a clean submission; queries are "
	            "what COLLECT will ask about. Each opens the record to fix. These are sendmis's checks, derived from "
	            "the DfE's field definitions, not the DfE's own validation rules.</p>");
	html_lit(b, "<p class=\"govuk-body\" data-findings=\"");
	html_int(b, q.n);
	html_lit(b, "\">");
	char line[160];
	snprintf(line, sizeof line, "SEN2 %d: %lld children and young people checked; %ld errors, %ld queries.",
	         q.year % 10000, q.people, q.errors, q.queries);
	html_text(b, line);
	html_lit(b, "</p>");
	/* which findings: a GET form keeping the census */
	form_begin_get(r, "/returns/sen2/checks", "");
	form_hidden(r, "census", a.iso);
	static const struct option sev[] = {{"", "Errors and queries"}, {"error", "Errors only"}, {"query", "Queries only"}};
	struct option checks[64];
	size_t nc = 0;
	checks[nc++] = (struct option){"", "Every check"};
	for (int i = 0; i < sen2_checks_n && nc < 64; i++)
		checks[nc++] = (struct option){sen2_checks[i].id, sen2_checks[i].id};
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
	form_select(r, "severity", "Show", NULL, sev, 3, a.severity, NULL, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-third\">");
	form_select(r, "check", "Check", NULL, checks, nc, a.check ? a.check->id : "", NULL, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-third app-filter-button\">");
	form_button(r, "Show");
	html_lit(b, "</div></div>");
	form_end(r);
	long shown = 0;
	for (long i = 0; i < q.n; i++)
		shown += dq_wanted(&a, &q.v[i]);
	buf qs = BUF_INIT;
	dq_qs(&qs, &a);
	html_lit(b, "<p class=\"govuk-body\" data-shown=\"");
	html_int(b, shown);
	html_lit(b, "\">");
	html_int(b, shown);
	html_lit(b, " shown. <a class=\"govuk-link\" href=\"/returns/sen2/checks.csv?");
	html_attr(b, buf_cstr(&qs));
	html_lit(b, "\">Download these findings (CSV)</a></p>");
	int size = r->cfg->page_size;
	long from = (long)(a.page - 1) * size, k = 0;
	if (shown) {
		static const char *const cols[] = {"Child or young person", "Check", "Severity", "In", "What is wrong"};
		table_begin(r, "Findings", cols, 5);
		for (long i = 0; i < q.n; i++) {
			const struct sen2_dq_row *x = &q.v[i];
			if (!dq_wanted(&a, x) || k++ < from || k > from + size)
				continue;
			html_lit(b, "<tr class=\"govuk-table__row\">");
			td_person(r, x->person, x->name);
			html_lit(b, "<td class=\"govuk-table__cell\">");
			html_text(b, x->check->id);
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			tag(r, x->severity == SEN2_ERROR ? "red" : "yellow", x->severity == SEN2_ERROR ? "Error" : "Query");
			html_lit(b, "</td>");
			td_text(r, x->block);
			html_lit(b, "<td class=\"govuk-table__cell\">");
			html_text_dates(b, x->message);   /* the checks' messages name the file's dates as it holds them */
			html_lit(b, "</td></tr>");
		}
		table_end(r);
		buf base = BUF_INIT;
		buf_puts(&base, "/returns/sen2/checks?");
		buf_puts(&base, buf_cstr(&qs));
		pagination(r, buf_cstr(&base), a.page, (int)((shown + size - 1) / size));
		buf_free(&base);
	}
	buf_free(&qs);
	html_lit(b, "<h2 class=\"govuk-heading-m\">The checks</h2>");
	summary_begin(r);
	for (int i = 0; i < sen2_checks_n; i++)
		summary_row(r, sen2_checks[i].id, sen2_checks[i].what);
	summary_end(r);
	char f[96];
	snprintf(f, sizeof f, "sen2_checks=%d,findings=%ld,page=%d", q.year % 10000, q.n, a.page);
	req_audit(r, "view", "sen2", 0, 0, f, NULL);
	sen2_dq_free(&q);
	page_end(r);
}

/* The findings, sent a row at a time from the kept list. */
struct dq_csv {
	struct dq_ask a;
	struct sen2_dq q;
	long i;
};

static void dq_csv_close(void *p)
{
	struct dq_csv *x = p;
	sen2_dq_free(&x->q);
	free(x);
}

static int dq_csv_row(void *p, buf *b)
{
	struct dq_csv *x = p;
	while (x->i < x->q.n && !dq_wanted(&x->a, &x->q.v[x->i]))
		x->i++;
	if (x->i >= x->q.n)
		return 0;
	const struct sen2_dq_row *f = &x->q.v[x->i++];
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)f->person);
	const char *cells[] = {f->person ? id : "", f->name, f->check->id, f->severity == SEN2_ERROR ? "Error" : "Query",
	                       f->block, f->message};
	for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
		if (c)
			buf_putc(b, ',');
		csv_cell(b, cells[c]);
	}
	buf_puts(b, "\r\n");
	return 1;
}

void h_sen2_checks_csv(struct req *r)
{
	struct errs e = {0};
	struct dq_csv *x = calloc(1, sizeof *x);
	if (!x) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The checks could not be run.");
		return;
	}
	dq_parse(r, &x->a, &e);
	if (e.n) {
		free(x);
		resp_error(r, 400, "The filter is not valid", e.e[0].msg);
		return;
	}
	if (resp_csv_reserve(r) < 0) {
		free(x);
		return;
	}
	if (x->a.census == DATE_NONE || sen2_dq_load(r->db, x->a.census, r->cfg->la_code, &x->q) < 0) {
		free(x);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The checks could not be run.");
		return;
	}
	long rows = 0;
	for (long i = 0; i < x->q.n; i++)
		rows += dq_wanted(&x->a, &x->q.v[i]);
	char f[96];
	snprintf(f, sizeof f, "sen2_checks=%d,rows=%ld", x->q.year % 10000, rows);
	if (req_audit(r, "export", "sen2", 0, 0, f, NULL) < 0) {
		dq_csv_close(x);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	char name[48];
	snprintf(name, sizeof name, "sen2-%d-checks.csv", x->q.year % 10000);
	resp_csv_stream(r, name, "Person ID,First name and last name,Check,Severity,In,What is wrong\r\n",
	                (struct csv_source){x, dq_csv_row, dq_csv_close});
}
