/* pages_dashboard.c — the performance dashboard: KPI tiles for a year, each
 * number linked to exactly the cases behind it, the national (and other)
 * reference values, and the definitions.
 *
 * DESIGN: the numbers come from domain/kpi.c as at today; a tile's link
 * opens the drill-down, which walks the same rows with the same predicate
 * (kpi_members), so the list is the count.  Every rate is shown as a word and
 * a number, never colour alone, with its numerator and denominator.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/kpi.h"
#include "core/kpi.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The year asked for (default: this year), or an error in e. */
static int dash_year(struct req *r, struct errs *e)
{
	int y, m, d;
	date_to_ymd(r->today, &y, &m, &d);
	long long year = y;
	const char *v = req_param(r, "year");
	if (v && *v && parse_int64(v, 2000, y + 1, &year) < 0) {
		errs_add(e, "year", "Year must be a year from 2000 to %d", y + 1);
		year = y;
	}
	return (int)year;
}

static void year_form(struct req *r, const char *action, int year, const struct errs *e, const char *kpi)
{
	int y, m, d;
	date_to_ymd(r->today, &y, &m, &d);
	struct option opts[40];
	char vals[40][8];
	size_t n = 0;
	for (int k = y; k >= 2019 && n < 40; k--, n++) {
		snprintf(vals[n], sizeof vals[n], "%d", k % 10000);
		opts[n].value = vals[n];
		opts[n].label = vals[n];
	}
	char cur[8];
	snprintf(cur, sizeof cur, "%d", year % 10000);
	form_begin_get(r, action, NULL);
	if (kpi)
		form_hidden(r, "kpi", kpi);
	form_select(r, "year", "Calendar year", "Flow KPIs count what happened in this year, up to today", opts, n, cur,
	            NULL, e);
	html_lit(&r->out, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
	                  "Show</button></form>");
}

/* The national figure for kpi closest to year (that year, else the latest
 * before it): its value ("46.4") and year; 0 if there is none. */
static int national_reference(struct req *r, const char *kpi, int year, char value[16], int *ref_year)
{
	db_stmt *s = db_prepare(r->db, "SELECT value, year FROM kpi_references WHERE kpi_id=? AND scope='national' "
	                               "AND year<=? ORDER BY year DESC LIMIT 1");
	int found = 0;
	value[0] = 0;
	*ref_year = 0;
	if (s) {
		db_bind_text(s, 1, kpi);
		db_bind_int(s, 2, year);
		if (db_step(s) == DB_ROW) {
			snprintf(value, 16, "%s", db_col_text(s, 0));
			*ref_year = (int)db_col_int(s, 1);
			found = 1;
		}
		db_done(s);
	}
	return found;
}

static void cases_link(buf *b, const char *kpi, int year)
{
	buf_puts(b, "/dashboard/cases?");
	html_qs(b, "kpi", kpi);
	char y[8];
	snprintf(y, sizeof y, "%d", year % 10000);
	html_qs(b, "year", y);
	html_qs_end(b);
}

void h_dashboard(struct req *r)
{
	struct errs e = {0};
	int year = dash_year(r, &e);
	struct kpi_value v[K_N];
	if (kpi_compute(r->db, r->today, year, v) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The figures could not be counted.");
		return;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, "Dashboard", &e);
	buf *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Performance dashboard</h1><p class=\"govuk-body\">Counted from the "
	            "records as they stand today, the way the DfE defines each measure. Every number opens the cases behind "
	            "it. <a class=\"govuk-link\" href=\"/dashboard/definitions\">How each one is defined</a>.</p>");
	year_form(r, "/dashboard", year, &e, NULL);
	html_lit(b, "<div class=\"govuk-grid-row\">");
	for (int i = 0; i < K_N; i++) {
		const struct kpi_def *k = &kpi_defs[i];
		html_lit(b, "<div class=\"govuk-grid-column-one-third\"><div class=\"app-tile\" data-kpi=\"");
		html_attr(b, k->id);
		html_lit(b, "\"><h2 class=\"govuk-heading-s\">");
		html_text(b, k->title);
		html_lit(b, "</h2><p class=\"govuk-body govuk-!-font-size-36 govuk-!-font-weight-bold govuk-!-margin-bottom-1\">"
		            "<a class=\"govuk-link\" href=\"");
		cases_link(b, k->id, year);
		html_lit(b, "\">");
		char num[48];
		double pct = kpi_percent(&v[i]);
		if (k->kind == KPI_COUNT)
			snprintf(num, sizeof num, "%lld", v[i].numerator);
		else if (pct < 0)
			snprintf(num, sizeof num, "No cases");
		else
			snprintf(num, sizeof num, "%.1f%%", pct);
		html_text(b, num);
		html_lit(b, "<span class=\"govuk-visually-hidden\">: the cases</span></a></p><p class=\"govuk-body-s\">");
		if (k->kind == KPI_RATE) {
			html_int(b, v[i].numerator);
			html_lit(b, " of ");
			html_int(b, v[i].denominator);
			char ref[16], shown[64];
			int ref_year;
			if (national_reference(r, k->id, year, ref, &ref_year)) {
				snprintf(shown, sizeof shown, "%s%% (England, %d)", ref, ref_year % 10000);
				html_lit(b, "<br>National: ");
				html_text(b, shown);
			}
		} else
			html_text(b, k->period == KPI_AS_AT ? "Today" : "In the year");
		html_lit(b, "</p></div></div>");
		if (i % 3 == 2 && i + 1 < K_N)
			html_lit(b, "</div><div class=\"govuk-grid-row\">");
	}
	html_lit(b, "</div><p class=\"govuk-body\">Download these figures: <a class=\"govuk-link\" href=\"/dashboard.xlsx?year=");
	html_int(b, year);
	html_lit(b, "\">spreadsheet (XLSX)</a> or <a class=\"govuk-link\" href=\"/dashboard.csv?year=");
	html_int(b, year);
	html_lit(b, "\">CSV</a>.</p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/dashboard/references\">Reference values</a> "
	            "(national, regional, statistical neighbours) and their sources.</p>");
	page_end(r);
}

struct member_row {
	int64_t person, record;
	int in;
};
struct members {
	struct member_row *v;
	int n, cap, failed;
};

static int take_member(void *ctx, int64_t person, int64_t record, int in)
{
	struct members *m = ctx;
	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 256;
		struct member_row *nv = realloc(m->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			m->failed = 1;
			return 1;
		}
		m->v = nv;
		m->cap = cap;
	}
	m->v[m->n++] = (struct member_row){person, record, in};
	return 0;
}

void h_dashboard_cases(struct req *r)
{
	struct errs e = {0};
	int year = dash_year(r, &e);
	if (!req_param(r, "kpi")) {
		resp_redirect(r, "/dashboard");
		return;
	}
	const struct kpi_def *k = kpi_by_id(req_param(r, "kpi"));
	if (!k) {
		resp_error(r, 404, "Page not found", "There is no such measure.");
		return;
	}
	struct members m = {0};
	if (!e.n && (kpi_members(r->db, k->k, r->today, year, take_member, &m) < 0 || m.failed)) {
		free(m.v);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The cases could not be listed.");
		return;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, k->title, &e);
	buf *b = &r->out;
	page_back_link(r, "/dashboard");
	page_error_summary(r, &e);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	if (k->period == KPI_YEAR) {
		html_int(b, year);
		html_lit(b, ", up to today");
	} else
		html_lit(b, "Today");
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, k->title);
	html_lit(b, "</h1><p class=\"govuk-body\">");
	html_text(b, k->definition);
	html_lit(b, "</p>");
	if (k->period == KPI_YEAR)
		year_form(r, "/dashboard/cases", year, &e, k->id);
	int above = 0;
	for (int i = 0; i < m.n; i++)
		above += m.v[i].in;
	html_lit(b, "<p class=\"govuk-body\" data-count=\"");
	html_int(b, m.n);
	html_lit(b, "\">");
	if (k->kind == KPI_RATE) {
		html_int(b, above);
		html_lit(b, " of ");
		html_int(b, m.n);
		html_lit(b, " cases: ");
		html_text(b, k->numerator);
		html_lit(b, ".</p>");
	} else {
		html_int(b, m.n);
		html_lit(b, " cases.</p>");
	}
	if (m.n) {
		static const char *const cols_rate[] = {"Child or young person", "Record", "Counted as"};
		table_begin(r, cols_rate, k->kind == KPI_RATE ? 3 : 2);
		for (int i = 0; i < m.n; i++) {
			char name[260] = "";
			db_stmt *s = db_prepare(r->db, "SELECT forename || ' ' || surname FROM people WHERE id=?");
			if (s) {
				db_bind_int(s, 1, m.v[i].person);
				if (db_step(s) == DB_ROW)
					snprintf(name, sizeof name, "%s", db_col_text(s, 0));
				db_done(s);
			}
			html_lit(b, "<tr class=\"govuk-table__row\">");
			td_person(r, m.v[i].person, name);
			char rec[40];
			snprintf(rec, sizeof rec, "%s %lld",
			         k->k == K_REQUESTS_RECEIVED || k->k == K_REQUESTS_REFUSED || k->k == K_REQUEST_DECISIONS_6WK ? "Request"
			         : k->k == K_NOT_ISSUE_16WK ? "Assessment" : k->k == K_REVIEW_DECISIONS_4WK ? "Review" : "Plan",
			         (long long)m.v[i].record);
			td_text(r, rec);
			if (k->kind == KPI_RATE) {
				html_lit(b, "<td class=\"govuk-table__cell\">");
				tag(r, m.v[i].in ? "green" : "grey", m.v[i].in ? "Within the limit" : "Outside the limit");
				html_lit(b, "</td>");
			}
			html_lit(b, "</tr>");
		}
		table_end(r);
	}
	char f[64];
	snprintf(f, sizeof f, "kpi=%s,rows=%d", k->id, m.n);
	req_audit(r, "view", "dashboard", 0, 0, f, NULL);
	free(m.v);
	page_end(r);
}

void h_dashboard_definitions(struct req *r)
{
	page_begin(r, "How the measures are defined");
	buf *b = &r->out;
	page_back_link(r, "/dashboard");
	html_lit(b, "<h1 class=\"govuk-heading-l\">How the measures are defined</h1><p class=\"govuk-body\">Each measure is "
	            "defined once in sendmis; this page, the dashboard and <code>sendmis kpi</code> all read that one table. "
	            "Only what had happened by the date counts.</p>");
	for (int i = 0; i < K_N; i++) {
		const struct kpi_def *k = &kpi_defs[i];
		html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"");
		html_attr(b, k->id);
		html_lit(b, "\">");
		html_text(b, k->title);
		html_lit(b, "</h2><p class=\"govuk-body\">");
		html_text(b, k->definition);
		html_lit(b, "</p>");
		summary_begin(r);
		summary_row(r, "Identifier", k->id);
		summary_row(r, k->kind == KPI_RATE ? "Numerator" : "Counts", k->numerator);
		if (k->denominator)
			summary_row(r, "Denominator", k->denominator);
		summary_row(r, "Period", k->period == KPI_AS_AT ? "As at the date" : "Calendar year");
		summary_row(r, "DfE variable", k->dfe[0] ? k->dfe : "None");
		summary_end(r);
	}
	page_end(r);
}

void h_references(struct req *r)
{
	page_begin(r, "Reference values");
	buf *b = &r->out;
	page_back_link(r, "/dashboard");
	if (req_param(r, "saved"))
		page_success(r, "Reference value saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Reference values</h1><p class=\"govuk-body\">The figures the dashboard "
	            "compares with, each with its source and year.</p>");
	if (req_has_role(r, ROLE_ADMIN | ROLE_MANAGER))
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" "
		            "href=\"/dashboard/references/new\">Add a reference value</a></p>");
	static const char *const cols[] = {"Measure", "Compared with", "Year", "Value", "Source", ""};
	table_begin(r, cols, 6);
	db_stmt *s = db_prepare(r->db, "SELECT id, kpi_id, scope, year, value, source FROM kpi_references "
	                               "ORDER BY kpi_id, scope, year DESC");
	while (s && db_step(s) == DB_ROW) {
		html_lit(b, "<tr class=\"govuk-table__row\">");
		td_text(r, code_or(&codes_kpi_rate, db_col_text(s, 1), db_col_text(s, 1)));
		td_text(r, code_or(&codes_kpi_scope, db_col_text(s, 2), db_col_text(s, 2)));
		char y[8], val[16];
		snprintf(y, sizeof y, "%lld", (long long)db_col_int(s, 3) % 10000);
		snprintf(val, sizeof val, "%.8s%%", db_col_text(s, 4));
		td_text(r, y);
		td_text(r, val);
		td_text(r, db_col_text(s, 5));
		html_lit(b, "<td class=\"govuk-table__cell\">");
		if (req_has_role(r, ROLE_ADMIN | ROLE_MANAGER)) {
			html_lit(b, "<a class=\"govuk-link\" href=\"");
			link_child_edit(b, "kpi-references", db_col_int(s, 0));
			html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> this value</span></a>");
		}
		html_lit(b, "</td></tr>");
	}
	db_done(s);
	table_end(r);
	page_end(r);
}

/* ---- exports: the dashboard's table, as CSV and as a spreadsheet ------------------------ */

struct export_row {
	const struct kpi_def *k;
	struct kpi_value v;
	double pct;            /* -1: none */
	char ref[16];          /* the national figure, "" if none */
	int ref_year;
};

static int export_rows(struct req *r, int year, struct export_row out[K_N])
{
	struct kpi_value v[K_N];
	if (kpi_compute(r->db, r->today, year, v) < 0)
		return -1;
	for (int i = 0; i < K_N; i++) {
		out[i].k = &kpi_defs[i];
		out[i].v = v[i];
		out[i].pct = kpi_defs[i].kind == KPI_RATE ? kpi_percent(&v[i]) : -1;
		national_reference(r, kpi_defs[i].id, year, out[i].ref, &out[i].ref_year);
	}
	return 0;
}

static int export_begin(struct req *r, int *year, struct export_row rows[K_N])
{
	struct errs e = {0};
	*year = dash_year(r, &e);
	if (e.n) {
		resp_error(r, 400, "The year is not valid", e.e[0].msg);
		return -1;
	}
	if (export_rows(r, *year, rows) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The figures could not be counted.");
		return -1;
	}
	return 0;
}

static const char *const export_cols[] = {"kpi", "measure", "year", "as_of", "value", "numerator", "denominator",
                                          "unit", "national", "national_year"};
#define NEXPORT_COLS (sizeof export_cols / sizeof export_cols[0])

void h_dashboard_csv(struct req *r)
{
	int year;
	struct export_row rows[K_N];
	if (export_begin(r, &year, rows) < 0)
		return;
	r->content_type = "text/csv; charset=utf-8";
	snprintf(r->filename, sizeof r->filename, "sendmis-kpis-%d.csv", year % 10000);
	buf *b = &r->out;
	for (size_t c = 0; c < NEXPORT_COLS; c++)
		buf_printf(b, "%s%s", c ? "," : "", export_cols[c]);
	buf_puts(b, "\r\n");
	char asof[11];
	date_format_iso(r->today, asof);
	for (int i = 0; i < K_N; i++) {
		const struct export_row *x = &rows[i];
		buf_printf(b, "%s,", x->k->id);
		csv_cell(b, x->k->title);
		buf_printf(b, ",%d,%s,", year, asof);
		if (x->k->kind == KPI_COUNT)
			buf_printf(b, "%lld,%lld,,count,,", x->v.numerator, x->v.numerator);
		else {
			if (x->pct >= 0)
				buf_printf(b, "%.1f", x->pct);
			buf_printf(b, ",%lld,%lld,percent,%s,", x->v.numerator, x->v.denominator, x->ref);
			if (x->ref_year)
				buf_printf(b, "%d", x->ref_year);
		}
		buf_puts(b, "\r\n");
	}
	req_audit(r, "export", "dashboard", 0, 0, "csv", NULL);
}

void h_dashboard_xlsx(struct req *r)
{
	int year;
	struct export_row rows[K_N];
	if (export_begin(r, &year, rows) < 0)
		return;
	/* libxlsxwriter writes a file: a private temporary one, read back and removed */
	char path[] = "/tmp/sendmis-xlsx-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The spreadsheet could not be made.");
		return;
	}
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = "/tmp"};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	int ok = wb != NULL;
	if (ok) {
		lxw_format *bold = workbook_add_format(wb);
		format_set_bold(bold);
		lxw_format *pct = workbook_add_format(wb);
		format_set_num_format(pct, "0.0");
		lxw_format *datef = workbook_add_format(wb);
		format_set_num_format(datef, "d mmmm yyyy");
		lxw_worksheet *ws = workbook_add_worksheet(wb, "KPIs");
		for (size_t c = 0; c < NEXPORT_COLS; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, export_cols[c], bold);
		int y, m, d;
		date_to_ymd(r->today, &y, &m, &d);
		lxw_datetime when = {y, m, d, 0, 0, 0};
		for (int i = 0; i < K_N; i++) {
			const struct export_row *x = &rows[i];
			lxw_row_t row = (lxw_row_t)(i + 1);
			worksheet_write_string(ws, row, 0, x->k->id, NULL);
			worksheet_write_string(ws, row, 1, x->k->title, NULL);
			worksheet_write_number(ws, row, 2, year, NULL);
			worksheet_write_datetime(ws, row, 3, &when, datef);
			if (x->k->kind == KPI_COUNT) {
				worksheet_write_number(ws, row, 4, (double)x->v.numerator, NULL);
				worksheet_write_number(ws, row, 5, (double)x->v.numerator, NULL);
				worksheet_write_string(ws, row, 7, "count", NULL);
			} else {
				if (x->pct >= 0)
					worksheet_write_number(ws, row, 4, x->pct, pct);
				worksheet_write_number(ws, row, 5, (double)x->v.numerator, NULL);
				worksheet_write_number(ws, row, 6, (double)x->v.denominator, NULL);
				worksheet_write_string(ws, row, 7, "percent", NULL);
				if (x->ref[0]) {
					worksheet_write_number(ws, row, 8, strtod(x->ref, NULL), pct);
					worksheet_write_number(ws, row, 9, x->ref_year, NULL);
				}
			}
		}
		worksheet_set_column(ws, 0, 0, 38, NULL);
		worksheet_set_column(ws, 1, 1, 55, NULL);
		worksheet_set_column(ws, 3, 3, 16, NULL);
		lxw_worksheet *dw = workbook_add_worksheet(wb, "Definitions");
		static const char *const dcols[] = {"kpi", "measure", "definition", "numerator", "denominator", "DfE variable"};
		for (lxw_col_t c = 0; c < 6; c++)
			worksheet_write_string(dw, 0, c, dcols[c], bold);
		for (int i = 0; i < K_N; i++) {
			const struct kpi_def *k = &kpi_defs[i];
			lxw_row_t row = (lxw_row_t)(i + 1);
			worksheet_write_string(dw, row, 0, k->id, NULL);
			worksheet_write_string(dw, row, 1, k->title, NULL);
			worksheet_write_string(dw, row, 2, k->definition, NULL);
			worksheet_write_string(dw, row, 3, k->numerator, NULL);
			worksheet_write_string(dw, row, 4, k->denominator ? k->denominator : "", NULL);
			worksheet_write_string(dw, row, 5, k->dfe, NULL);
		}
		ok = workbook_close(wb) == LXW_NO_ERROR;
	}
	FILE *f = ok ? fopen(path, "rb") : NULL;
	buf_reset(&r->out);
	if (f) {
		char tmp[8192];
		size_t n;
		while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
			buf_add(&r->out, tmp, n);
		ok = !ferror(f) && !r->out.err;
		fclose(f);
	} else
		ok = 0;
	unlink(path);
	if (!ok) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The spreadsheet could not be made.");
		return;
	}
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(r->filename, sizeof r->filename, "sendmis-kpis-%d.xlsx", year % 10000);
	req_audit(r, "export", "dashboard", 0, 0, "xlsx", NULL);
}
