/* pages_panels.c — decision panels and closure periods.
 *
 * DESIGN: a panel is a dated meeting of one kind (decision whether to
 * assess, whether to issue, placement) with the cases brought to it; each
 * case is added from the child's request (so the panel's decision sits on
 * that request's timeline) and its decision and notes are recorded through
 * the generic entity forms.  The panel page also lists the requests that
 * are waiting for the kind of decision the panel makes, to add them in one
 * click.  Closure periods (an area's school holidays, or one setting's) feed
 * the reg 5(4)(a) exception in the clock.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/entity.h"
#include "domain/panels.h"
#include "core/codes.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct list_ctx {
	struct req *r;
	int any, editor;
};

static int panel_row(void *ctx, const struct panel_row *p)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Date", "Panel", "Name", "Cases", "Decided"};
		table_begin(r, "Panels", cols, 5);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_date(r, p->meeting_date, "");
	html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_panel(p->id).s);
	html_lit(b, "\">");
	const char *k = code_label(&codes_panel_kind, p->kind);
	html_text(b, k ? k : p->kind);
	html_lit(b, "</a></td>");
	td_text(r, p->title);
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, p->cases);
	html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, p->decided);
	html_lit(b, "</td></tr>");
	return 0;
}

/* Ends a list drawn by callbacks: the table, or what to say when there was none. */
static void list_end(struct req *r, const struct list_ctx *x, int rc, const char *none)
{
	if (x->any)
		table_end(r);
	else if (rc < 0)
		html_lit(&r->out, "<p class=\"govuk-body\">This list could not be shown.</p>");
	else {
		html_lit(&r->out, "<p class=\"govuk-body\">");
		html_text(&r->out, none);
		html_lit(&r->out, "</p>");
	}
}

void h_panels(struct req *r)
{
	page_begin(r, "Panels");
	html *b = &r->out;
	if (req_param(r, "saved"))
		page_success(r, "Panel saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Decision panels</h1><p class=\"govuk-body\">Panels that decide whether to "
	            "assess, whether to issue a plan, and placements, with the cases brought to each.</p>");
	if (req_may(r, "GET", "/panels/new"))
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/panels/new\">Add a panel</a></p>");
	struct list_ctx x = {r, 0, 0};
	list_end(r, &x, panels_each(r->db, panel_row, &x), "No panels yet.");
	page_end(r);
}

static int case_row(void *ctx, const struct panel_case_row *c)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Child or young person", "Request received", "Decision", "Notes", ""};
		table_begin(r, "Cases for the panel", cols, 5);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person_tab(c->person_id, "/timeline").s);
	html_lit(b, "#clock\">");
	html_text(b, c->forename);
	html_lit(b, " ");
	html_text(b, c->surname);
	html_lit(b, "</a></td>");
	td_date(r, c->received_date, "—");
	const char *d = code_label(&codes_panel_decision, c->decision);
	td_text(r, d ? d : "Not recorded");
	html_lit(b, "<td class=\"govuk-table__cell app-pre-wrap\">");
	html_text(b, c->notes);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	if (x->editor) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit("panel-cases", c->id).s);
		html_lit(b, "\">Record decision<span class=\"govuk-visually-hidden\"> for ");
		html_text(b, c->forename);
		html_lit(b, " ");
		html_text(b, c->surname);
		html_lit(b, "</span></a>");
	}
	html_lit(b, "</td></tr>");
	return 0;
}

struct waiting_ctx {
	struct list_ctx l;
	int64_t panel_id;
};

static int waiting_row(void *ctx, const struct panel_case_row *c)
{
	struct waiting_ctx *x = ctx;
	struct req *r = x->l.r;
	html *b = &r->out;
	if (!x->l.any) {
		static const char *const cols[] = {"Child or young person", "Request received", ""};
		table_begin(r, "Requests that could go to this panel", cols, 3);
		x->l.any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person(c->person_id).s);
	html_lit(b, "\">");
	html_text(b, c->forename);
	html_lit(b, " ");
	html_text(b, c->surname);
	html_lit(b, "</a></td>");
	td_date(r, c->received_date, "");
	html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_request_new_child(c->id, "panel").s);
	html_lit(b, "?panel_id=");
	html_int(b, x->panel_id);
	html_lit(b, "\">Add to this panel<span class=\"govuk-visually-hidden\">: ");
	html_text(b, c->forename);
	html_lit(b, " ");
	html_text(b, c->surname);
	html_lit(b, "</span></a></td></tr>");
	return 0;
}

void h_panel(struct req *r)
{
	struct record rec;
	if (entity_load(r->db, &ent_panel, r->ids[0], &rec) != ENT_OK) {
		resp_error(r, 404, "Page not found", "There is no panel with this number.");
		return;
	}
	const char *kind = record_get(&ent_panel, &rec, "kind"), *date = record_get(&ent_panel, &rec, "meeting_date");
	const char *kl = code_label(&codes_panel_kind, kind);
	char title[200];
	snprintf(title, sizeof title, "Panel: %s", kl ? kl : kind);
	page_begin(r, title);
	html *b = &r->out;
	page_back_link(r, "/panels");
	if (req_param(r, "saved"))
		page_success(r, "Panel saved");
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_date(b, date, "");
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1>");
	const char *name = record_get(&ent_panel, &rec, "title");
	if (name && *name) {
		html_lit(b, "<p class=\"govuk-body\">");
		html_text(b, name);
		html_lit(b, "</p>");
	}
	int editor = req_may(r, "GET", "/panels/#/edit");
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit("panels", rec.id).s);
		html_lit(b, "\">Change the panel's details</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Cases</h2>");
	struct list_ctx x = {r, 0, req_may(r, "GET", "/panel-cases/#/edit")};
	list_end(r, &x, panel_cases_each(r->db, rec.id, case_row, &x), "No cases yet.");

	int waits = kind && (strcmp(kind, "assess") == 0 || strcmp(kind, "issue") == 0);
	if (req_may(r, "GET", "/requests/#/panel") && waits) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Waiting for this decision</h2><p class=\"govuk-body\">");
		html_text(b, strcmp(kind, "assess") == 0 ? "Requests with no decision whether to assess yet, oldest first."
		                                         : "Assessments with no decision whether to issue a plan yet, oldest first.");
		html_lit(b, "</p>");
		struct waiting_ctx w = {{r, 0, 1}, rec.id};
		list_end(r, &w.l, panel_waiting_each(r->db, rec.id, kind, waiting_row, &w), "None.");
	}
	record_free(&rec);
	page_end(r);
}

static int closure_row(void *ctx, const struct closure_row *c)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Setting", "First day closed", "Last day closed", "Description", ""};
		table_begin(r, "Closure periods", cols, 5);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
	if (c->establishment_id) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_establishment(c->establishment_id).s);
		html_lit(b, "\">");
		html_text(b, c->name);
		html_lit(b, "</a>");
	} else {
		html_lit(b, "The whole area");
	}
	html_lit(b, "</td>");
	td_date(r, c->start_date, "");
	td_date(r, c->end_date, "");
	td_text(r, c->description);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (x->editor) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit("closures", c->id).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> closure period</span></a> <a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_delete("closures", c->id).s);
		html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> closure period</span></a>");
	}
	html_lit(b, "</td></tr>");
	return 0;
}

/* Closure periods: the area's own, and every setting's. */
void h_closures(struct req *r)
{
	page_begin(r, "Closure periods");
	html *b = &r->out;
	page_back_link(r, "/establishments");
	if (req_param(r, "saved"))
		page_success(r, "Closure period saved");
	if (req_param(r, "removed"))
		page_success(r, "Closure period removed");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Closure periods</h1><p class=\"govuk-body\">When schools and settings are "
	            "closed for 4 weeks or more (usually the summer holiday), a request for advice sent to them from 1 week "
	            "before they close until 1 week before they reopen lets the assessment's time limits be missed "
	            "(SEND Regulations 2014 reg 5(4)(a) and (b)). Record the area's closures here, and a setting's own on its page.</p>");
	if (req_may(r, "GET", "/closures/new"))
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/closures/new\">Add an area closure</a></p>");
	struct list_ctx x = {r, 0, req_may(r, "GET", "/closures/#/edit")};
	list_end(r, &x, closures_each(r->db, 0, closure_row, &x), "None recorded.");
	page_end(r);
}
