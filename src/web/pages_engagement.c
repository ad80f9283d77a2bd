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
