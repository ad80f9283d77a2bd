/* pages_dashboard_export.c — the dashboard's figures as files: the
 * measures as CSV, one table as CSV, every table as a spreadsheet.
 */
#include "web/dashboard.h"
#include "web/pages.h"
#include "web/page.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static int export_begin(struct req *r, struct dash *s, struct kpi_dashboard **kd)
{
	struct errs e = {0};
	dash_parse(r, s, &e);
	if (e.n) {
		resp_error(r, 400, "The figures cannot be downloaded", e.e[0].msg);
		return -1;
	}
	*kd = malloc(sizeof **kd);
	if (!*kd) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The figures could not be counted.");
		return -1;
	}
	if (dash_kpi_run(r, s, *kd, NULL) < 0) {
		free(*kd);
		return -1;
	}
	return 0;
}

static void export_end(struct kpi_dashboard *kd)
{
	kpi_dashboard_free(kd);
	free(kd);
}

static const char *unit_word(enum kpi_id k)
{
	return kpi_defs[k].kind == KPI_RATE ? "percent" : kpi_defs[k].kind == KPI_WEEKS ? "weeks"
	     : kpi_defs[k].kind == KPI_MEAN ? kpi_defs[k].unit : "count";
}

/* A rate over too few cases to show (core/kpi.h kpi_suppressed): its counts are left out too. */
static int hidden(enum kpi_id k, const struct kpi_value *v)
{
	return kpi_suppressed(k, v->denominator);
}

static const char *const export_cols[] = {"kpi", "measure", "year", "as_of", "value", "numerator", "denominator",
                                          "unit", "national", "national_year", "previous_year_value"};
#define NEXPORT_COLS (sizeof export_cols / sizeof export_cols[0])

static void csv_number(buf *b, enum kpi_id k, const struct kpi_value *v)
{
	double x = kpi_value_of(k, v);
	if (kpi_defs[k].kind == KPI_COUNT)
		buf_printf(b, "%lld", v->numerator);
	else if (hidden(k, v))
		buf_printf(b, "fewer than %d", kpi_defs[k].suppress_below);
	else if (x >= 0)
		buf_printf(b, "%.1f", x);
}

void h_dashboard_csv(struct req *r)
{
	struct dash s;
	struct kpi_dashboard *kd;
	if (export_begin(r, &s, &kd) < 0)
		return;
	char name[96];
	snprintf(name, sizeof name, "sendmis-kpis-%d.csv", s.q.year % 10000);
	buf *b = resp_body(r, CSV_TYPE, name);
	for (size_t c = 0; c < NEXPORT_COLS; c++)
		buf_printf(b, "%s%s", c ? "," : "", export_cols[c]);
	buf_puts(b, "\r\n");
	char asof[11];
	date_format_iso(s.q.as_of, asof);
	for (int i = 0; i < K_N; i++) {
		enum kpi_id k = (enum kpi_id)i;
		const struct kpi_value *v = &kd->year[i];
		buf_printf(b, "%s,", kpi_defs[i].id);
		csv_cell(b, kpi_defs[i].title);
		buf_printf(b, ",%d,%s,", s.q.year, asof);
		csv_number(b, k, v);
		if (kpi_defs[i].kind == KPI_COUNT)
			buf_printf(b, ",%lld,,count,,,", v->numerator);
		else {
			char ref[16] = "";
			int ref_year = 0;
			if (kpi_defs[i].kind == KPI_RATE)
				national_reference(r, kpi_defs[i].id, s.q.year, ref, &ref_year);
			if (hidden(k, v))
				buf_printf(b, ",,,%s,%s,", unit_word(k), ref);
			else
				buf_printf(b, ",%lld,%lld,%s,%s,", v->numerator, v->denominator, unit_word(k), ref);
			if (ref_year)
				buf_printf(b, "%d", ref_year);
			buf_putc(b, ',');
		}
		if (kpi_defs[i].period == KPI_YEAR)
			csv_number(b, k, &kd->prev[i]);
		buf_puts(b, "\r\n");
	}
	req_audit(r, "export", "dashboard", 0, 0, "csv", NULL);
	export_end(kd);
}

/* One table of the page as CSV: ?t=<breakdown id> or trend_<kpi id>. */
void h_dashboard_table_csv(struct req *r)
{
	const char *t = req_param_or(r, "t", "");
	if (!*t) {
		resp_redirect(r, "/dashboard");
		return;
	}
	const struct kpi_table *bt = kpi_table_by_id(t);
	const struct kpi_def *trend = !strncmp(t, "trend_", 6) ? kpi_by_id(t + 6) : NULL;
	if (!bt && !(trend && is_trend(trend->k))) {
		resp_error(r, 404, "Page not found", "There is no such table on the dashboard.");
		return;
	}
	struct dash s;
	struct kpi_dashboard *kd;
	if (export_begin(r, &s, &kd) < 0)
		return;
	char name[96];
	snprintf(name, sizeof name, "sendmis-%.60s-%d.csv", t, s.q.year % 10000);
	buf *b = resp_body(r, CSV_TYPE, name);
	enum kpi_id k = bt ? bt->k : trend->k;
	buf_printf(b, "%s,cases,within,value,unit\r\n", bt ? "category_key,category" : "month");
	if (bt) {
		const struct kpi_table_result *res = &kd->t[bt - kpi_tables];
		for (int i = 0; i < res->n; i++) {
			const struct kpi_value *v = &res->g[i].v;
			csv_cell(b, res->g[i].key);
			buf_putc(b, ',');
			csv_cell(b, res->g[i].label);
			if (kpi_defs[k].kind == KPI_COUNT)
				buf_printf(b, ",%lld,,", v->numerator);
			else if (hidden(k, v))
				buf_puts(b, ",,,");
			else
				buf_printf(b, ",%lld,%lld,", v->denominator, v->numerator);
			csv_number(b, k, v);
			buf_printf(b, ",%s\r\n", unit_word(k));
		}
	} else
		for (int m = 0; m < months_shown(&s); m++) {
			const struct kpi_value *v = &kd->month[k][m];
			if (hidden(k, v))
				buf_printf(b, "%04d-%02d,,,", s.q.year % 10000, m + 1);
			else
				buf_printf(b, "%04d-%02d,%lld,%lld,", s.q.year % 10000, m + 1, v->denominator, v->numerator);
			csv_number(b, k, v);
			buf_printf(b, ",%s\r\n", unit_word(k));
		}
	char f[96];
	snprintf(f, sizeof f, "csv,table=%.60s", t);
	req_audit(r, "export", "dashboard", 0, 0, f, NULL);
	export_end(kd);
}

static void xlsx_value(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, enum kpi_id k, const struct kpi_value *v,
                       lxw_format *one_dp)
{
	double x = kpi_value_of(k, v);
	if (hidden(k, v)) {
		char few[32];
		snprintf(few, sizeof few, "fewer than %d", kpi_defs[k].suppress_below);
		worksheet_write_string(ws, row, col, few, NULL);
	} else if (x >= 0)
		worksheet_write_number(ws, row, col, x, kpi_defs[k].kind == KPI_COUNT ? NULL : one_dp);
}

static void xlsx_header(lxw_worksheet *ws, const char *const *cols, int n, lxw_format *bold)
{
	for (int c = 0; c < n; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], bold);
}

void h_dashboard_xlsx(struct req *r)
{
	struct dash s;
	struct kpi_dashboard *kd;
	if (export_begin(r, &s, &kd) < 0)
		return;
	/* libxlsxwriter writes a file: a private temporary one, read back and removed */
	char path[32];
	lxw_workbook *wb = xlsx_begin(path);
	int ok = wb != NULL;
	if (ok) {
		lxw_format *bold = workbook_add_format(wb);
		format_set_bold(bold);
		lxw_format *pct = workbook_add_format(wb);
		format_set_num_format(pct, "0.0");
		lxw_format *datef = workbook_add_format(wb);
		format_set_num_format(datef, "d mmmm yyyy");
		lxw_format *monthf = workbook_add_format(wb);
		format_set_num_format(monthf, "mmm yyyy");
		int y, m, d;
		date_to_ymd(s.q.as_of, &y, &m, &d);
		lxw_datetime when = {y, m, d, 0, 0, 0};

		lxw_worksheet *ws = workbook_add_worksheet(wb, "KPIs");
		xlsx_header(ws, export_cols, (int)NEXPORT_COLS, bold);
		for (int i = 0; i < K_N; i++) {
			enum kpi_id k = (enum kpi_id)i;
			const struct kpi_value *v = &kd->year[i];
			lxw_row_t row = (lxw_row_t)(i + 1);
			worksheet_write_string(ws, row, 0, kpi_defs[i].id, NULL);
			worksheet_write_string(ws, row, 1, kpi_defs[i].title, NULL);
			worksheet_write_number(ws, row, 2, s.q.year, NULL);
			worksheet_write_datetime(ws, row, 3, &when, datef);
			xlsx_value(ws, row, 4, k, v, pct);
			if (!hidden(k, v))
				worksheet_write_number(ws, row, 5, (double)v->numerator, NULL);
			if (kpi_defs[i].kind != KPI_COUNT && !hidden(k, v))
				worksheet_write_number(ws, row, 6, (double)v->denominator, NULL);
			worksheet_write_string(ws, row, 7, unit_word(k), NULL);
			char ref[16];
			int ref_year;
			if (kpi_defs[i].kind == KPI_RATE && national_reference(r, kpi_defs[i].id, s.q.year, ref, &ref_year)) {
				worksheet_write_number(ws, row, 8, strtod(ref, NULL), pct);
				worksheet_write_number(ws, row, 9, ref_year, NULL);
			}
			if (kpi_defs[i].period == KPI_YEAR)
				xlsx_value(ws, row, 10, k, &kd->prev[i], pct);
		}
		worksheet_set_column(ws, 0, 0, 38, NULL);
		worksheet_set_column(ws, 1, 1, 55, NULL);
		worksheet_set_column(ws, 3, 3, 16, NULL);

		/* the monthly series, one row per measure and month, the month a real date */
		lxw_worksheet *mw = workbook_add_worksheet(wb, "Monthly");
		static const char *const mcols[] = {"kpi", "measure", "month", "cases", "within", "value", "unit"};
		xlsx_header(mw, mcols, 7, bold);
		lxw_row_t row = 1;
		for (int i = 0; i < K_N; i++) {
			enum kpi_id k = (enum kpi_id)i;
			if (!is_trend(k))
				continue;
			for (int mo = 0; mo < months_shown(&s); mo++, row++) {
				const struct kpi_value *v = &kd->month[i][mo];
				lxw_datetime first = {s.q.year, mo + 1, 1, 0, 0, 0};
				worksheet_write_string(mw, row, 0, kpi_defs[i].id, NULL);
				worksheet_write_string(mw, row, 1, kpi_defs[i].title, NULL);
				worksheet_write_datetime(mw, row, 2, &first, monthf);
				if (!hidden(k, v)) {
					worksheet_write_number(mw, row, 3, (double)v->denominator, NULL);
					worksheet_write_number(mw, row, 4, (double)v->numerator, NULL);
				}
				xlsx_value(mw, row, 5, k, v, pct);
				worksheet_write_string(mw, row, 6, unit_word(k), NULL);
			}
		}
		worksheet_set_column(mw, 0, 1, 40, NULL);

		/* each breakdown, a sheet named by its table id */
		for (int t = 0; t < KT_N; t++) {
			const struct kpi_table *bt = &kpi_tables[t];
			const struct kpi_table_result *res = &kd->t[t];
			lxw_worksheet *tw = workbook_add_worksheet(wb, bt->id);
			static const char *const tcols[] = {"category_key", "category", "cases", "within", "value", "unit"};
			worksheet_write_string(tw, 0, 0, bt->title, bold);
			for (int c = 0; c < 6; c++)
				worksheet_write_string(tw, 1, (lxw_col_t)c, tcols[c], bold);
			for (int i = 0; i < res->n; i++) {
				const struct kpi_value *v = &res->g[i].v;
				lxw_row_t tr = (lxw_row_t)(i + 2);
				worksheet_write_string(tw, tr, 0, res->g[i].key, NULL);
				worksheet_write_string(tw, tr, 1, res->g[i].label, NULL);
				if (kpi_defs[bt->k].kind == KPI_COUNT)
					worksheet_write_number(tw, tr, 2, (double)v->numerator, NULL);
				else if (!hidden(bt->k, v)) {
					worksheet_write_number(tw, tr, 2, (double)v->denominator, NULL);
					worksheet_write_number(tw, tr, 3, (double)v->numerator, NULL);
				}
				xlsx_value(tw, tr, 4, bt->k, v, pct);
				worksheet_write_string(tw, tr, 5, unit_word(bt->k), NULL);
			}
			worksheet_set_column(tw, 1, 1, 50, NULL);
		}

		lxw_worksheet *dw = workbook_add_worksheet(wb, "Definitions");
		static const char *const dcols[] = {"kpi", "measure", "definition", "numerator", "denominator", "DfE variable"};
		xlsx_header(dw, dcols, 6, bold);
		for (int i = 0; i < K_N; i++) {
			const struct kpi_def *k = &kpi_defs[i];
			lxw_row_t dr = (lxw_row_t)(i + 1);
			worksheet_write_string(dw, dr, 0, k->id, NULL);
			worksheet_write_string(dw, dr, 1, k->title, NULL);
			worksheet_write_string(dw, dr, 2, k->definition, NULL);
			worksheet_write_string(dw, dr, 3, k->numerator, NULL);
			worksheet_write_string(dw, dr, 4, k->denominator ? k->denominator : "", NULL);
			worksheet_write_string(dw, dr, 5, k->dfe, NULL);
		}
		ok = workbook_close(wb) == LXW_NO_ERROR;
	}
	export_end(kd);
	char name[96];
	snprintf(name, sizeof name, "sendmis-kpis-%d.xlsx", s.q.year % 10000);
	if (resp_take_file(r, path, ok, "The spreadsheet", XLSX_TYPE, name) < 0)
		return;
	req_audit(r, "export", "dashboard", 0, 0, "xlsx", NULL);
}
