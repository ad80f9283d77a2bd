/* pages_engagement.c — co-production: the log of engagement events, the
 * counts per quarter, and an event's "you said, we did" actions.
 *
 * DESIGN: the forms are the entity engine's (routes.c: ent_engagement_event,
 * ent_engagement_action); these pages list them.  Everyone who sees the
 * dashboard sees the log: it holds counts of who took part, never names.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "web/chart.h"
#include "domain/engagement.h"
#include <xlsxwriter.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EG_PAGE 50

static const char *kind_label(const char *code)
{
	for (size_t i = 0; i < codes_engagement_kind.n; i++)
		if (!strcmp(codes_engagement_kind.codes[i].code, code))
			return codes_engagement_kind.codes[i].label;
	return code;
}

static void num_cell(struct req *r, long v)
{
	html_lit(&r->out, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(&r->out, v);
	html_lit(&r->out, "</td>");
}

static void event_row(void *ctx, const struct eg_event *e)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_date(r, e->date, "");
	html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_engagement_event(e->id).s);
	html_lit(b, "\">");
	html_text(b, e->title);
	html_lit(b, "</a></td>");
	td_text(r, kind_label(e->kind));
	num_cell(r, e->parents);
	num_cell(r, e->young_people);
	num_cell(r, e->professionals + e->others);
	num_cell(r, e->actions);
	html_lit(b, "</tr>");
}

void h_engagement(struct req *r)
{
	long long page = 1;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 100000, &page)) {
		resp_error(r, 400, "Bad request", "Page must be a whole number.");
		return;
	}
	struct eg_quarter q[40];
	int nq = engagement_quarters(r->db, q, 40);
	long total = engagement_count(r->db);
	if (nq < 0 || total < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	page_begin(r, "Co-production");
	html *b = &r->out;
	if (req_param(r, "saved"))
		page_success(r, "Saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Co-production and engagement</h1><p class=\"govuk-body\">Events held with "
	            "parents and carers, children and young people and partners, who took part (numbers, not names), and what "
	            "we did about what they said.</p>");
	if (req_may(r, "GET", "/engagement/new"))
		html_lit(b, "<a class=\"govuk-button\" href=\"/engagement/new\">Record an event</a>");
	html_lit(b, "<p class=\"govuk-body\">Download the whole log, each event with its actions: <a class=\"govuk-link\" "
	            "href=\"/engagement.csv\">CSV</a> or <a class=\"govuk-link\" href=\"/engagement.xlsx\">spreadsheet (XLSX, "
	            "with the counts per quarter)</a>.</p>");
	html_lit(b, "<h2 class=\"govuk-heading-m\">Events per quarter</h2>");
	static const char *const qcols[] = {"Quarter", "Events", "Parents and carers", "Children and young people",
	                                    "Professionals and others", "Actions", "Actions done"};
	table_begin_numeric(r, "Events per quarter", qcols, 7, 1);
	struct chart_point pts[40];
	for (int i = 0; i < nq; i++) {
		html_lit(b, "<tr class=\"govuk-table__row\">");
		td_text(r, q[i].quarter);
		num_cell(r, q[i].events);
		num_cell(r, q[i].parents);
		num_cell(r, q[i].young_people);
		num_cell(r, q[i].professionals + q[i].others);
		num_cell(r, q[i].actions);
		num_cell(r, q[i].done);
		html_lit(b, "</tr>");
		pts[nq - 1 - i] = (struct chart_point){q[i].quarter, (double)q[i].events};
	}
	table_end(r);
	if (nq) {
		double max = 4;
		for (int i = 0; i < nq; i++)
			if (pts[i].value > max)
				max = pts[i].value;
		chart_bars(b, "engagement-quarters", "Engagement events per quarter", pts, nq, max, "");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Events</h2>");
	static const char *const cols[] = {"Date", "Event", "Kind", "Parents and carers", "Children and young people",
	                                   "Professionals and others", "Actions"};
	table_begin_numeric(r, "Engagement events, newest first", cols, 7, 3);
	if (engagement_each(r->db, EG_PAGE, (int)(page - 1) * EG_PAGE, event_row, r) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	table_end(r);
	int pages = (int)((total + EG_PAGE - 1) / EG_PAGE);
	if (pages > 1)
		pagination(r, "/engagement?", (int)page, pages);
	page_end(r);
}

static void action_row(void *ctx, const struct eg_action *a)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, a->you_said);
	td_text(r, a->we_did);
	td_text(r, a->owner);
	td_date(r, a->due_date, "—");
	td_date(r, a->done_date, "Not yet");
	if (req_may(r, "GET", "/engagement-actions/#/edit")) {
		html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/engagement-actions/");
		html_int(b, a->id);
		html_lit(b, "/edit\">Change<span class=\"govuk-visually-hidden\"> action: ");
		html_text(b, a->you_said);
		html_lit(b, "</span></a></td>");
	}
	html_lit(b, "</tr>");
}

void h_engagement_event(struct req *r)
{
	struct eg_event e;
	char *topics = NULL;
	int rc = engagement_load(r->db, r->ids[0], &e, &topics);
	if (rc == 1) {
		resp_error(r, 404, "Page not found", "There is no such engagement event.");
		return;
	}
	if (rc) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	page_begin(r, e.title);
	html *b = &r->out;
	page_back_link(r, link_engagement().s);
	if (req_param(r, "saved"))
		page_success(r, "Saved");
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, kind_label(e.kind));
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, e.title);
	html_lit(b, "</h1>");
	summary_begin(r);
	summary_row_date(r, "Date", e.date);
	char n[32];
	snprintf(n, sizeof n, "%ld", e.parents);
	summary_row(r, "Parents and carers", n);
	snprintf(n, sizeof n, "%ld", e.young_people);
	summary_row(r, "Children and young people", n);
	snprintf(n, sizeof n, "%ld", e.professionals);
	summary_row(r, "Professionals", n);
	snprintf(n, sizeof n, "%ld", e.others);
	summary_row(r, "Others", n);
	summary_row(r, "Topics", *topics ? topics : "—");
	summary_end(r);
	free(topics);
	int may = req_may(r, "GET", "/engagement/#/edit");
	if (may) {
		html_lit(b, "<div class=\"govuk-button-group\"><a class=\"govuk-button govuk-button--secondary\" href=\"");
		html_attr(b, link_engagement_event(e.id).s);
		html_lit(b, "/edit\">Change the event</a><a class=\"govuk-button govuk-button--secondary\" href=\"");
		html_attr(b, link_engagement_event(e.id).s);
		html_lit(b, "/actions/new\">Add a \"you said, we did\" action</a></div>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">You said, we did</h2>");
	static const char *const cols[] = {"You said", "We did", "Owner", "Due", "Done", ""};
	table_begin(r, "You said, we did", cols, may ? 6 : 5);
	if (engagement_actions(r->db, e.id, action_row, r) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	table_end(r);
	if (!e.actions)
		html_lit(b, "<p class=\"govuk-body\">No actions recorded.</p>");
	page_end(r);
}

/* ---- downloads -------------------------------------------------------------------------------- */

#define LOG_HEADER "Event ID,Date,Kind,Title,Parents and carers,Children and young people,Professionals,Others,Topics," \
	"You said,We did,Owner,Due,Done"
static const char *const log_cols[] = {"Event ID", "Date", "Kind", "Title", "Parents and carers",
                                       "Children and young people", "Professionals", "Others", "Topics", "You said",
                                       "We did", "Owner", "Due", "Done"};

static int log_csv_row(void *ctx, buf *b)
{
	struct eg_log_row x;
	int rc = engagement_log_next(ctx, &x);
	if (rc <= 0)
		return rc;
	char id[24], n[4][24];
	snprintf(id, sizeof id, "%lld", (long long)x.id);
	snprintf(n[0], sizeof n[0], "%ld", x.parents);
	snprintf(n[1], sizeof n[1], "%ld", x.young_people);
	snprintf(n[2], sizeof n[2], "%ld", x.professionals);
	snprintf(n[3], sizeof n[3], "%ld", x.others);
	const char *cells[] = {id, x.date, kind_label(x.kind), x.title, n[0], n[1], n[2], n[3], x.topics,
	                       x.you_said, x.we_did, x.owner, x.due_date, x.done_date};
	csv_row(b, cells, sizeof cells / sizeof cells[0]);
	return 1;
}

static void log_csv_close(void *ctx) { engagement_log_close(ctx); }

static void download_error(struct req *r)
{
	resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
}

void h_engagement_csv(struct req *r)
{
	if (resp_csv_reserve(r) < 0)
		return;
	long rows = engagement_log_rows(r->db);
	struct eg_log *it;
	if (rows < 0 || req_audit_export(r, "engagement", 0, rows) < 0 || engagement_log_open(r->db, &it) < 0) {
		download_error(r);
		return;
	}
	resp_csv_stream(r, "engagement.csv", LOG_HEADER "\r\n", (struct csv_source){it, log_csv_row, log_csv_close});
}

void h_engagement_xlsx(struct req *r)
{
	struct eg_quarter q[40];
	int nq = engagement_quarters(r->db, q, 40);
	if (nq < 0) {
		download_error(r);
		return;
	}
	char path[32];
	lxw_workbook *wb = xlsx_begin(path);
	int ok = wb != NULL;
	long rows = 0;
	if (ok) {
		lxw_format *bold = workbook_add_format(wb);
		format_set_bold(bold);
		lxw_worksheet *ws = workbook_add_worksheet(wb, "Per quarter");
		static const char *const qcols[] = {"Quarter", "Events", "Parents and carers", "Children and young people",
		                                    "Professionals", "Others", "Actions", "Actions done"};
		for (int c = 0; c < 8; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, qcols[c], bold);
		for (int i = 0; i < nq; i++) {
			lxw_row_t row = (lxw_row_t)(i + 1);
			worksheet_write_string(ws, row, 0, q[i].quarter, NULL);
			long v[] = {q[i].events, q[i].parents, q[i].young_people, q[i].professionals, q[i].others, q[i].actions,
			            q[i].done};
			for (int c = 0; c < 7; c++)
				worksheet_write_number(ws, row, (lxw_col_t)(c + 1), (double)v[c], NULL);
		}
		ws = workbook_add_worksheet(wb, "Events and actions");
		for (int c = 0; c < 14; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, log_cols[c], bold);
		worksheet_set_column(ws, 3, 3, 40, NULL);
		worksheet_set_column(ws, 8, 10, 50, NULL);
		struct eg_log *it;
		ok = engagement_log_open(r->db, &it) == 0;
		struct eg_log_row x;
		int rc = 0;
		while (ok && (rc = engagement_log_next(it, &x)) == 1) {
			lxw_row_t row = (lxw_row_t)++rows;
			worksheet_write_number(ws, row, 0, (double)x.id, NULL);
			const char *t[] = {x.date, kind_label(x.kind), x.title};
			for (int c = 0; c < 3; c++)
				worksheet_write_string(ws, row, (lxw_col_t)(c + 1), t[c], NULL);
			long v[] = {x.parents, x.young_people, x.professionals, x.others};
			for (int c = 0; c < 4; c++)
				worksheet_write_number(ws, row, (lxw_col_t)(c + 4), (double)v[c], NULL);
			const char *u[] = {x.topics, x.you_said, x.we_did, x.owner, x.due_date, x.done_date};
			for (int c = 0; c < 6; c++)
				if (*u[c])
					worksheet_write_string(ws, row, (lxw_col_t)(c + 8), u[c], NULL);
		}
		if (ok)
			engagement_log_close(it);
		ok = ok && rc == 0;
		ok = workbook_close(wb) == LXW_NO_ERROR && ok;
	}
	if (resp_take_file(r, path, ok, "The spreadsheet", XLSX_TYPE, "engagement.xlsx") < 0)
		return;
	req_audit_export(r, "engagement", 0, rows);
}
