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
#include "core/codes.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void h_panels(struct req *r)
{
	page_begin(r, "Panels");
	buf *b = &r->out;
	if (req_param(r, "saved"))
		page_success(r, "Panel saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Decision panels</h1><p class=\"govuk-body\">Panels that decide whether to "
	            "assess, whether to issue a plan, and placements, with the cases brought to each.</p>");
	if (req_has_role(r, ROLE_EDITORS))
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/panels/new\">Add a panel</a></p>");
	db_stmt *s = db_prepare(r->db,
		"SELECT n.id, n.kind, n.meeting_date, COALESCE(n.title,''), COUNT(c.id), SUM(CASE WHEN c.decision IS NOT NULL THEN 1 ELSE 0 END) "
		"FROM panels n LEFT JOIN panel_cases c ON c.panel_id=n.id GROUP BY n.id ORDER BY n.meeting_date DESC, n.id DESC LIMIT 200");
	int any = 0;
	while (s && db_step(s) == DB_ROW) {
		if (!any) {
			static const char *const cols[] = {"Date", "Panel", "Name", "Cases", "Decided"};
			table_begin(r, "Panels", cols, 5);
			any = 1;
		}
		html_lit(b, "<tr class=\"govuk-table__row\">");
		td_date(r, db_col_text(s, 2), "");
		html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
		link_panel(b, db_col_int(s, 0));
		html_lit(b, "\">");
		const char *k = code_label(&codes_panel_kind, db_col_text(s, 1));
		html_text(b, k ? k : db_col_text(s, 1));
		html_lit(b, "</a></td>");
		td_text(r, db_col_text(s, 3));
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_int(b, db_col_int(s, 4));
		html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_int(b, db_col_int(s, 5));
		html_lit(b, "</td></tr>");
	}
	db_done(s);
	if (any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No panels yet.</p>");
	page_end(r);
}

/* Requests waiting for the decision this kind of panel makes, not already on it. */
static const char q_waiting_assess[] =
	"SELECT q.id, p.id, p.forename, p.surname, q.received_date FROM requests q JOIN people p ON p.id=q.person_id "
	"WHERE q.outcome IS NULL AND NOT EXISTS(SELECT 1 FROM panel_cases c WHERE c.panel_id=?1 AND c.person_id=p.id) "
	"ORDER BY q.received_date, q.id LIMIT 50";
static const char q_waiting_issue[] =
	"SELECT q.id, p.id, p.forename, p.surname, q.received_date FROM requests q JOIN people p ON p.id=q.person_id "
	"JOIN assessments a ON a.request_id=q.id WHERE q.outcome='Y' AND a.outcome IS NULL "
	"AND NOT EXISTS(SELECT 1 FROM panel_cases c WHERE c.panel_id=?1 AND c.person_id=p.id) "
	"ORDER BY q.received_date, q.id LIMIT 50";

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
	buf *b = &r->out;
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
	int editor = req_has_role(r, ROLE_EDITORS);
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		link_child_edit(b, "panels", rec.id);
		html_lit(b, "\">Change the panel's details</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Cases</h2>");
	db_stmt *s = db_prepare(r->db,
		"SELECT c.id, p.id, p.forename, p.surname, COALESCE(q.received_date,''), COALESCE(c.decision,''), COALESCE(c.notes,'') "
		"FROM panel_cases c JOIN people p ON p.id=c.person_id LEFT JOIN requests q ON q.id=c.request_id "
		"WHERE c.panel_id=? ORDER BY p.surname, p.forename, c.id");
	int any = 0;
	if (s)
		db_bind_int(s, 1, rec.id);
	while (s && db_step(s) == DB_ROW) {
		if (!any) {
			static const char *const cols[] = {"Child or young person", "Request received", "Decision", "Notes", ""};
			table_begin(r, "Cases for the panel", cols, 5);
			any = 1;
		}
		html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
		link_person(b, db_col_int(s, 1));
		html_lit(b, "#clock\">");
		html_text(b, db_col_text(s, 2));
		html_lit(b, " ");
		html_text(b, db_col_text(s, 3));
		html_lit(b, "</a></td>");
		td_date(r, db_col_text(s, 4), "—");
		const char *d = code_label(&codes_panel_decision, db_col_text(s, 5));
		td_text(r, d ? d : "Not recorded");
		html_lit(b, "<td class=\"govuk-table__cell app-pre-wrap\">");
		html_text(b, db_col_text(s, 6));
		html_lit(b, "</td><td class=\"govuk-table__cell\">");
		if (editor) {
			html_lit(b, "<a class=\"govuk-link\" href=\"");
			link_child_edit(b, "panel-cases", db_col_int(s, 0));
			html_lit(b, "\">Record decision<span class=\"govuk-visually-hidden\"> for ");
			html_text(b, db_col_text(s, 2));
			html_lit(b, " ");
			html_text(b, db_col_text(s, 3));
			html_lit(b, "</span></a>");
		}
		html_lit(b, "</td></tr>");
	}
	db_done(s);
	if (any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No cases yet.</p>");

	const char *wq = kind && strcmp(kind, "assess") == 0 ? q_waiting_assess : kind && strcmp(kind, "issue") == 0 ? q_waiting_issue : NULL;
	if (editor && wq) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Waiting for this decision</h2><p class=\"govuk-body\">");
		html_text(b, strcmp(kind, "assess") == 0 ? "Requests with no decision whether to assess yet, oldest first."
		                                         : "Assessments with no decision whether to issue a plan yet, oldest first.");
		html_lit(b, "</p>");
		s = db_prepare(r->db, wq);
		any = 0;
		if (s)
			db_bind_int(s, 1, rec.id);
		while (s && db_step(s) == DB_ROW) {
			if (!any) {
				static const char *const cols[] = {"Child or young person", "Request received", ""};
				table_begin(r, "Requests that could go to this panel", cols, 3);
				any = 1;
			}
			html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
			link_person(b, db_col_int(s, 1));
			html_lit(b, "\">");
			html_text(b, db_col_text(s, 2));
			html_lit(b, " ");
			html_text(b, db_col_text(s, 3));
			html_lit(b, "</a></td>");
			td_date(r, db_col_text(s, 4), "");
			html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
			link_request_new_child(b, db_col_int(s, 0), "panel");
			buf_printf(b, "?panel_id=%lld", (long long)rec.id);
			html_lit(b, "\">Add to this panel<span class=\"govuk-visually-hidden\">: ");
			html_text(b, db_col_text(s, 2));
			html_lit(b, " ");
			html_text(b, db_col_text(s, 3));
			html_lit(b, "</span></a></td></tr>");
		}
		db_done(s);
		if (any)
			table_end(r);
		else
			html_lit(b, "<p class=\"govuk-body\">None.</p>");
	}
	record_free(&rec);
	page_end(r);
}

/* Closure periods: the area's own, and every setting's. */
void h_closures(struct req *r)
{
	page_begin(r, "Closure periods");
	buf *b = &r->out;
	page_back_link(r, "/establishments");
	if (req_param(r, "saved"))
		page_success(r, "Closure period saved");
	if (req_param(r, "removed"))
		page_success(r, "Closure period removed");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Closure periods</h1><p class=\"govuk-body\">When schools and settings are "
	            "closed for 4 weeks or more (usually the summer holiday), a request for advice sent to them from 1 week "
	            "before they close until 1 week before they reopen lets the assessment's time limits be missed "
	            "(SEND Regulations 2014 reg 5(4)(a) and (b)). Record the area's closures here, and a setting's own on its page.</p>");
	int lead = req_has_role(r, ROLE_ADMIN | ROLE_MANAGER);
	if (lead)
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/closures/new\">Add an area closure</a></p>");
	db_stmt *s = db_prepare(r->db,
		"SELECT c.id, COALESCE(e.id,0), COALESCE(e.name,''), c.start_date, c.end_date, COALESCE(c.description,'') "
		"FROM closures c LEFT JOIN establishments e ON e.id=c.establishment_id ORDER BY c.start_date DESC, c.id DESC LIMIT 500");
	int any = 0;
	while (s && db_step(s) == DB_ROW) {
		if (!any) {
			static const char *const cols[] = {"Setting", "First day closed", "Last day closed", "Description", ""};
			table_begin(r, "Closure periods", cols, 5);
			any = 1;
		}
		html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
		if (db_col_int(s, 1)) {
			html_lit(b, "<a class=\"govuk-link\" href=\"");
			link_establishment(b, db_col_int(s, 1));
			html_lit(b, "\">");
			html_text(b, db_col_text(s, 2));
			html_lit(b, "</a>");
		} else {
			html_lit(b, "The whole area");
		}
		html_lit(b, "</td>");
		td_date(r, db_col_text(s, 3), "");
		td_date(r, db_col_text(s, 4), "");
		td_text(r, db_col_text(s, 5));
		html_lit(b, "<td class=\"govuk-table__cell\">");
		if (lead) {
			html_lit(b, "<a class=\"govuk-link\" href=\"");
			link_child_edit(b, "closures", db_col_int(s, 0));
			html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> closure period</span></a> <a class=\"govuk-link\" href=\"");
			link_child_delete(b, "closures", db_col_int(s, 0));
			html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> closure period</span></a>");
		}
		html_lit(b, "</td></tr>");
	}
	db_done(s);
	if (any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">None recorded.</p>");
	page_end(r);
}
