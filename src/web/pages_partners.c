/* pages_partners.c — the directory of partners, asking them for advice, and
 * arranging review meetings.
 *
 * DESIGN: services and contacts are edited through the generic entity
 * forms; these pages list them, import contacts from CSV, and hold the one
 * form that asks several partners at once (for an assessment, or for an
 * annual review meeting).  That form is a GOV.UK checkbox list of services,
 * each revealing a choice of contact, plus the SENCOs of the child's current
 * setting; advice_ask_create() records every request and queues every email
 * in one transaction.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/advice.h"
#include "domain/directory.h"
#include "domain/entity.h"
#include "core/codes.h"
#include "core/validate.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the directory ---------------------------------------------------------------------- */

void h_services(struct req *r)
{
	page_begin(r, "Partners");
	buf *b = &r->out;
	if (req_param(r, "saved"))
		page_success(r, "Service saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Partners</h1><p class=\"govuk-body\">The services asked for advice and "
	            "information for assessments and reviews (SEND Regulations 2014 reg 6(1)), their contacts, and the "
	            "manager late advice is escalated to. Schools' and settings' SENCOs are on each setting's page.</p>");
	if (req_has_role(r, ROLE_ADMIN | ROLE_MANAGER))
		html_lit(b, "<div class=\"govuk-button-group\"><a class=\"govuk-button\" data-module=\"govuk-button\" "
		            "href=\"/services/new\">Add a service</a><a class=\"govuk-button govuk-button--secondary\" "
		            "data-module=\"govuk-button\" href=\"/services/import\">Import contacts from a CSV file</a></div>");
	db_stmt *s = db_prepare(r->db,
		"SELECT sv.id, sv.name, sv.kind, COALESCE(sv.manager_name,''), sv.closed, COUNT(c.id), "
		"SUM(CASE WHEN c.email_off IS NOT NULL THEN 1 ELSE 0 END) FROM services sv "
		"LEFT JOIN contacts c ON c.service_id=sv.id GROUP BY sv.id ORDER BY sv.closed, sv.name");
	int any = 0;
	while (s && db_step(s) == DB_ROW) {
		if (!any) {
			static const char *const cols[] = {"Service", "Type", "Service manager", "Contacts", "Status"};
			table_begin(r, "Services", cols, 5);
			any = 1;
		}
		html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
		link_service(b, db_col_int(s, 0));
		html_lit(b, "\">");
		html_text(b, db_col_text(s, 1));
		html_lit(b, "</a></td>");
		td_text(r, code_or(&codes_advice_service, db_col_text(s, 2), db_col_text(s, 2)));
		td_text(r, db_col_text(s, 3));
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_int(b, db_col_int(s, 5));
		if (db_col_int(s, 6)) {
			html_lit(b, " (");
			html_int(b, db_col_int(s, 6));
			html_lit(b, " not emailed)");
		}
		html_lit(b, "</td><td class=\"govuk-table__cell\">");
		tag(r, db_col_int(s, 4) ? "grey" : "green", db_col_int(s, 4) ? "Closed" : "Taking requests");
		html_lit(b, "</td></tr>");
	}
	db_done(s);
	if (any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No services yet.</p>");
	page_end(r);
}

static void contact_status(struct req *r, const char *off)
{
	if (!off || !*off)
		tag(r, "green", "Emailed");
	else {
		char t[80];
		snprintf(t, sizeof t, "Not emailed: %s", code_or(&codes_email_off, off, off));
		tag(r, "grey", t);
	}
}

/* The contacts of a service (kind "service") or setting ("setting"), as a table. */
void contacts_table(struct req *r, int setting, int64_t id, int editor)
{
	buf *b = &r->out;
	db_stmt *s = db_prepare(r->db, setting ? "SELECT id, name, COALESCE(job_title,''), email, COALESCE(phone,''), "
	                                         "COALESCE(email_off,'') FROM contacts WHERE establishment_id=? ORDER BY name, id"
	                                       : "SELECT id, name, COALESCE(job_title,''), email, COALESCE(phone,''), "
	                                         "COALESCE(email_off,'') FROM contacts WHERE service_id=? ORDER BY name, id");
	int any = 0;
	if (s)
		db_bind_int(s, 1, id);
	while (s && db_step(s) == DB_ROW) {
		if (!any) {
			static const char *const cols[] = {"Name", "Job title", "Email address", "Phone", "Email", ""};
			table_begin(r, "Contacts", cols, 6);
			any = 1;
		}
		html_lit(b, "<tr class=\"govuk-table__row\">");
		td_text(r, db_col_text(s, 1));
		td_text(r, db_col_text(s, 2));
		td_text(r, db_col_text(s, 3));
		td_text(r, db_col_text(s, 4));
		html_lit(b, "<td class=\"govuk-table__cell\">");
		contact_status(r, db_col_text(s, 5));
		html_lit(b, "</td><td class=\"govuk-table__cell\">");
		if (editor) {
			html_lit(b, "<a class=\"govuk-link\" href=\"");
			link_child_edit(b, setting ? "setting-contacts" : "contacts", db_col_int(s, 0));
			html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> ");
			html_text(b, db_col_text(s, 1));
			html_lit(b, "</span></a>");
		}
		html_lit(b, "</td></tr>");
	}
	db_done(s);
	if (any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No contacts yet.</p>");
}

void h_service(struct req *r)
{
	struct record rec;
	if (entity_load(r->db, &ent_service, r->ids[0], &rec) != ENT_OK) {
		resp_error(r, 404, "Page not found", "There is no service with this number.");
		return;
	}
	const char *name = record_get(&ent_service, &rec, "name");
	page_begin(r, name);
	buf *b = &r->out;
	page_back_link(r, "/services");
	if (req_param(r, "saved"))
		page_success(r, "Saved");
	html_lit(b, "<span class=\"govuk-caption-l\">Partner service</span><h1 class=\"govuk-heading-l\">");
	html_text(b, name);
	html_lit(b, "</h1>");
	int lead = req_has_role(r, ROLE_ADMIN | ROLE_MANAGER);
	summary_begin(r);
	char tmp[160];
	for (int i = 1; i < ent_service.nfields; i++)
		summary_row(r, ent_service.fields[i].label, field_display(r->db, &ent_service.fields[i], rec.v[i], tmp, sizeof tmp));
	summary_end(r);
	if (lead) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		link_child_edit(b, "services", rec.id);
		html_lit(b, "\">Change the service's details</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Contacts</h2>");
	contacts_table(r, 0, rec.id, lead);
	if (lead) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/services/");
		html_int(b, rec.id);
		html_lit(b, "/contacts/new\">Add a contact</a></p>");
	}
	page_end(r);
	record_free(&rec);
}

void h_contacts_import(struct req *r)
{
	struct errs e = {0};
	const char *csv = req_param(r, "csv"), *file = req_param(r, "file");
	const char *data = file && *file ? file : csv;
	int dry = req_param(r, "dry_run") != NULL, posted = strcmp(r->method, "POST") == 0;
	struct import_report rep;
	int rc = -2;
	if (posted) {
		if (!data || !*data)
			errs_add(&e, "file", "Choose a CSV file, or paste the contacts into the box");
		else {
			rc = contacts_import_csv(r->db, data, strlen(data), dry, &rep);
			if (rc < 0) {
				resp_error(r, 500, "Sorry, there is a problem with the service", "The contacts were not imported.");
				return;
			}
			if (rc == 1)
				errs_add(&e, file && *file ? "file" : "csv", "The file has %d error%s: nothing was imported",
				         rep.nerr + rep.more_errors, rep.nerr + rep.more_errors == 1 ? "" : "s");
			else if (!dry) {
				char f[80];
				snprintf(f, sizeof f, "created=%d,updated=%d", rep.created, rep.updated);
				req_audit(r, "import", "contacts", 0, 0, f, NULL);
			}
		}
	}
	if (e.n)
		r->status = 422;
	page_begin_err(r, "Import contacts", &e);
	buf *b = &r->out;
	page_back_link(r, "/services");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	if (rc == 0) {
		buf msg = BUF_INIT;
		import_report_text(&rep, dry, &msg);
		page_success(r, buf_cstr(&msg));
		buf_free(&msg);
	}
	html_lit(b, "<h1 class=\"govuk-heading-l\">Import contacts</h1>"
	            "<p class=\"govuk-body\">A CSV file whose first row names the columns: <code>name</code>, "
	            "<code>email</code>, and either <code>service</code> (the service's name as listed under Partners) or "
	            "<code>setting_urn</code> (a school's or setting's URN or UKPRN, for SENCOs). <code>job_title</code> and "
	            "<code>phone</code> are optional. A contact already listed for the same service or setting with the "
	            "same email address is updated, so importing a file again changes nothing.</p>"
	            "<p class=\"govuk-body\">If any row has an error, nothing is imported and every error is listed.</p>");
	if (rc == 1) {
		static const char *const cols[] = {"Row", "Column", "Problem"};
		html_lit(b, "<h2 class=\"govuk-heading-m\">Errors in the file</h2>");
		table_begin(r, "Errors in the file", cols, 3);
		for (int i = 0; i < rep.nerr; i++) {
			html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
			html_int(b, rep.err[i].row);
			html_lit(b, "</td>");
			td_text(r, rep.err[i].column);
			td_text(r, rep.err[i].msg);
			html_lit(b, "</tr>");
		}
		table_end(r);
		if (rep.more_errors) {
			html_lit(b, "<p class=\"govuk-body\">and ");
			html_int(b, rep.more_errors);
			html_lit(b, " more.</p>");
		}
	}
	html_lit(b, "<form method=\"post\" action=\"/services/import\" enctype=\"multipart/form-data\" novalidate>");
	form_hidden(r, "csrf", r->csrf);
	const char *ferr = errs_for(&e, "file");
	if (ferr)
		html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
	else
		html_lit(b, "<div class=\"govuk-form-group\">");
	html_lit(b, "<label class=\"govuk-label\" for=\"file\">CSV file</label>");
	if (ferr) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"file-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, ferr);
		html_lit(b, "</p>");
	}
	html_lit(b, "<input class=\"govuk-file-upload");
	if (ferr)
		html_lit(b, " govuk-file-upload--error");
	html_lit(b, "\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\"");
	if (ferr)
		html_lit(b, " aria-describedby=\"file-error\"");
	html_lit(b, "></div>");
	/* a file is never echoed back; pasted text is kept to correct, and cleared once imported */
	form_textarea(r, "csv", "Or paste the contacts", "Including the first row of column names",
	              (file && *file) || (rc == 0 && !dry) ? NULL : csv, &e);
	html_lit(b, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
	form_checkbox(r, "dry_run", "Check the file only: import nothing", NULL, dry, NULL);
	html_lit(b, "</div></div>");
	form_button(r, "Import contacts");
	html_lit(b, "</form></div></div>");
	page_end(r);
}

/* ---- asking partners ---------------------------------------------------------------------- */

struct pick_service {
	int64_t id;
	char name[121], kind[16], email[256];
	int chosen;
	int64_t contact;   /* chosen contact, 0 = the team address */
};
struct pick_senco {
	int64_t id;
	char name[101], job[101], setting[121], off[16];
	int chosen;
};
#define PICK_MAX 200
struct picker {
	struct pick_service sv[PICK_MAX];
	int nsv;
	struct pick_senco se[40];
	int nse;
	int64_t person_id;
};

static int picker_load(struct req *r, struct picker *p, int64_t person_id)
{
	memset(p, 0, sizeof *p);
	p->person_id = person_id;
	db_stmt *s = db_prepare(r->db, "SELECT id, name, kind, COALESCE(email,'') FROM services WHERE closed=0 ORDER BY name, id");
	if (!s)
		return -1;
	while (db_step(s) == DB_ROW && p->nsv < PICK_MAX) {
		struct pick_service *v = &p->sv[p->nsv++];
		v->id = db_col_int(s, 0);
		snprintf(v->name, sizeof v->name, "%s", db_col_text(s, 1));
		snprintf(v->kind, sizeof v->kind, "%s", db_col_text(s, 2));
		snprintf(v->email, sizeof v->email, "%s", db_col_text(s, 3));
	}
	db_done(s);
	char today[11];
	date_format_iso(r->today, today);
	s = db_prepare(r->db, "SELECT DISTINCT c.id, c.name, COALESCE(c.job_title,''), e.name, COALESCE(c.email_off,'') "
	                      "FROM placements pl JOIN establishments e ON e.id=pl.establishment_id "
	                      "JOIN contacts c ON c.establishment_id=e.id WHERE pl.person_id=? AND pl.start_date<=? "
	                      "AND (pl.end_date IS NULL OR pl.end_date>=?2) ORDER BY e.name, c.name, c.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, today);
	while (db_step(s) == DB_ROW && p->nse < 40) {
		struct pick_senco *v = &p->se[p->nse++];
		v->id = db_col_int(s, 0);
		snprintf(v->name, sizeof v->name, "%s", db_col_text(s, 1));
		snprintf(v->job, sizeof v->job, "%s", db_col_text(s, 2));
		snprintf(v->setting, sizeof v->setting, "%s", db_col_text(s, 3));
		snprintf(v->off, sizeof v->off, "%s", db_col_text(s, 4));
	}
	db_done(s);
	return 0;
}

/* Ticks the services that already advised on this child, and the SENCOs (a review's invitees). */
static void picker_preselect_involved(struct req *r, struct picker *p)
{
	db_stmt *s = db_prepare(r->db, "SELECT DISTINCT service_id, COALESCE(contact_id,0) FROM advice_requests "
	                               "WHERE person_id=? AND service_id IS NOT NULL");
	if (!s)
		return;
	db_bind_int(s, 1, p->person_id);
	while (db_step(s) == DB_ROW)
		for (int i = 0; i < p->nsv; i++)
			if (p->sv[i].id == db_col_int(s, 0)) {
				p->sv[i].chosen = 1;
				p->sv[i].contact = db_col_int(s, 1);
			}
	db_done(s);
	for (int i = 0; i < p->nse; i++)
		p->se[i].chosen = !p->se[i].off[0];
}

/* Reads the submission into p: 0, or errors in e. */
static void picker_parse(struct req *r, struct picker *p, struct errs *e)
{
	for (int i = 0; i < r->nparams; i++) {
		long long id;
		const char *nm = r->params[i].name, *v = r->params[i].value;
		if (strcmp(nm, "svc") && strcmp(nm, "senco"))
			continue;
		int found = 0;
		if (parse_int64(v, 1, INT64_MAX, &id) == 0) {
			if (!strcmp(nm, "svc")) {
				for (int k = 0; k < p->nsv; k++)
					if (p->sv[k].id == id)
						p->sv[k].chosen = found = 1;
			} else {
				for (int k = 0; k < p->nse; k++)
					if (p->se[k].id == id && !p->se[k].off[0])
						p->se[k].chosen = found = 1;
			}
		}
		if (!found)
			errs_add(e, "svc", "Select services from the list (one chosen is no longer available)");
	}
	int any = 0;
	for (int k = 0; k < p->nsv; k++) {
		char nm[40];
		snprintf(nm, sizeof nm, "contact_%" PRId64, p->sv[k].id);
		const char *v = req_param(r, nm);
		long long c = 0;
		if (v && *v && parse_int64(v, 1, INT64_MAX, &c) < 0)
			c = -1;
		p->sv[k].contact = c;
		if (!p->sv[k].chosen)
			continue;
		any = 1;
		int ok = c == 0;
		if (c > 0) {
			db_stmt *s = db_prepare(r->db, "SELECT 1 FROM contacts WHERE id=? AND service_id=? AND email_off IS NULL");
			if (s) {
				db_bind_int(s, 1, c);
				db_bind_int(s, 2, p->sv[k].id);
				ok = db_step(s) == DB_ROW;
				db_done(s);
			}
		}
		if (!ok)
			errs_add(e, nm, "Select a contact at %s from the list", p->sv[k].name);
		else if (c == 0 && !p->sv[k].email[0])
			errs_add(e, nm, "Select a contact at %s: the service has no team email address", p->sv[k].name);
	}
	for (int k = 0; k < p->nse; k++)
		any |= p->se[k].chosen;
	if (!any && !e->n)
		errs_add(e, "svc", "Select at least one service or the setting's SENCO");
}

static void picker_render(struct req *r, const struct picker *p, const struct errs *e, const char *legend)
{
	buf *b = &r->out;
	const char *err = errs_for(e, "svc");
	if (err)
		html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
	else
		html_lit(b, "<div class=\"govuk-form-group\">");
	html_lit(b, "<fieldset class=\"govuk-fieldset\" aria-describedby=\"svc-hint");
	if (err)
		html_lit(b, " svc-error");
	html_lit(b, "\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\"><h2 class=\"govuk-fieldset__heading\">");
	html_text(b, legend);
	html_lit(b, "</h2></legend><div class=\"govuk-hint\" id=\"svc-hint\">Select all that apply. Each is sent its own "
	            "email with the deadline; it names no child, only the case reference.</div>");
	if (err) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"svc-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, err);
		html_lit(b, "</p>");
	}
	html_lit(b, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">");
	int first = 1;   /* the first box takes the field's id: the error summary links to it */
	for (int i = 0; i < p->nse; i++) {
		const struct pick_senco *v = &p->se[i];
		char id[40], label[300];
		snprintf(id, sizeof id, "senco-%" PRId64, v->id);
		if (first && !v->off[0])
			snprintf(id, sizeof id, "svc"), first = 0;
		snprintf(label, sizeof label, "%s, SENCO contact at %s", v->name, v->setting);
		html_lit(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"senco\" type=\"checkbox\" value=\"");
		html_int(b, v->id);
		html_lit(b, "\"");
		if (v->chosen)
			html_lit(b, " checked");
		if (v->off[0])
			html_lit(b, " disabled");
		html_lit(b, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">");
		html_text(b, label);
		html_lit(b, "</label>");
		if (v->off[0]) {
			html_lit(b, "<div class=\"govuk-hint govuk-checkboxes__hint\">Not emailed: ");
			html_text(b, code_or(&codes_email_off, v->off, v->off));
			html_lit(b, "</div>");
		}
		html_lit(b, "</div>");
	}
	for (int i = 0; i < p->nsv; i++) {
		const struct pick_service *v = &p->sv[i];
		char id[40], cid[40], cname[40];
		snprintf(id, sizeof id, "svc-%" PRId64, v->id);
		if (first)
			snprintf(id, sizeof id, "svc"), first = 0;
		snprintf(cid, sizeof cid, "conditional-svc-%" PRId64, v->id);
		snprintf(cname, sizeof cname, "contact_%" PRId64, v->id);
		html_lit(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"svc\" type=\"checkbox\" value=\"");
		html_int(b, v->id);
		html_lit(b, "\" data-aria-controls=\"");
		html_attr(b, cid);
		html_lit(b, "\"");
		if (v->chosen)
			html_lit(b, " checked");
		html_lit(b, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">");
		html_text(b, v->name);
		html_lit(b, "</label><div class=\"govuk-hint govuk-checkboxes__hint\">");
		html_text(b, code_or(&codes_advice_service, v->kind, v->kind));
		html_lit(b, "</div></div><div class=\"govuk-checkboxes__conditional govuk-checkboxes__conditional--hidden\" id=\"");
		html_attr(b, cid);
		html_lit(b, "\">");
		/* its contacts */
		struct option opts[64];
		char vals[64][24], labs[64][240];
		size_t n = 0;
		snprintf(vals[n], sizeof vals[n], "%s", "");
		snprintf(labs[n], sizeof labs[n], "%.200s%s", v->email[0] ? "The team's address, " : "No team address: choose a contact",
		         v->email[0] ? v->email : "");
		opts[n].value = vals[n];
		opts[n].label = labs[n];
		n++;
		db_stmt *s = db_prepare(r->db, "SELECT id, name, COALESCE(job_title,'') FROM contacts WHERE service_id=? "
		                               "AND email_off IS NULL ORDER BY name, id");
		if (s)
			db_bind_int(s, 1, v->id);
		while (s && db_step(s) == DB_ROW && n < 64) {
			snprintf(vals[n], sizeof vals[n], "%" PRId64, db_col_int(s, 0));
			snprintf(labs[n], sizeof labs[n], "%.100s%s%.100s", db_col_text(s, 1), db_col_text(s, 2)[0] ? ", " : "",
			         db_col_text(s, 2));
			opts[n].value = vals[n];
			opts[n].label = labs[n];
			n++;
		}
		db_done(s);
		char cur[24] = "";
		if (v->contact > 0)
			snprintf(cur, sizeof cur, "%" PRId64, v->contact);
		char lab[200];
		snprintf(lab, sizeof lab, "Who at %s", v->name);
		form_select(r, cname, lab, NULL, opts, n, cur, NULL, e);
		html_lit(b, "</div>");
	}
	html_lit(b, "</div></fieldset></div>");
	if (!p->nsv && !p->nse)
		html_lit(b, "<p class=\"govuk-body\">There are no partners to ask yet: add services under "
		            "<a class=\"govuk-link\" href=\"/services\">Partners</a>, or a SENCO on the child's setting.</p>");
}

static int picker_targets(const struct picker *p, struct advice_target *t, int max)
{
	int n = 0;
	for (int i = 0; i < p->nse && n < max; i++)
		if (p->se[i].chosen)
			t[n].service_id = 0, t[n].contact_id = p->se[i].id, n++;
	for (int i = 0; i < p->nsv && n < max; i++)
		if (p->sv[i].chosen)
			t[n].service_id = p->sv[i].id, t[n].contact_id = p->sv[i].contact > 0 ? p->sv[i].contact : 0, n++;
	return n;
}

static void day_parts(day_t d, char dd[4], char mm[4], char yy[6])
{
	int y, m, x;
	date_to_ymd(d, &y, &m, &x);
	snprintf(dd, 4, "%d", x % 100);
	snprintf(mm, 4, "%d", m % 100);
	snprintf(yy, 6, "%d", y % 10000);
}

/* Records the requests and queues their emails, inside the caller's
 * transaction: 0, 1 with the reason in e (the caller rolls back), -1. */
static int ask_save(struct req *r, struct advice_ask *a, const struct picker *p, struct errs *e)
{
	struct advice_target t[PICK_MAX + 40];
	int64_t ids[PICK_MAX + 40];
	a->t = t;
	a->n = picker_targets(p, t, PICK_MAX + 40);
	char err[300];
	if (advice_ask_create(r->db, a, r->now, ids, err, sizeof err) < 0) {
		errs_add(e, "svc", "%s", err);
		return 1;
	}
	for (int i = 0; i < a->n; i++)
		if (req_audit(r, "create", "advice", ids[i], a->person_id, "service,contact,requested_date", NULL) < 0)
			return -1;   /* not audited: the caller rolls back */
	return 0;
}

/* ask_save in its own transaction. */
static int ask_save_tx(struct req *r, struct advice_ask *a, const struct picker *p, struct errs *e)
{
	if (db_begin(r->db) < 0)
		return -1;
	int rc = ask_save(r, a, p, e);
	if (rc == 0 && db_commit(r->db) == 0)
		return 0;
	db_rollback(r->db);
	return rc ? rc : -1;
}

/* The record asked about (a request or a plan: sql gives its person and two
 * texts) and the partners to offer; NULL once an error page is written. */
static struct picker *ask_open(struct req *r, const char *sql, const char *missing, int64_t *pid, char *a, size_t an,
                               char *b2, size_t bn)
{
	db_stmt *s = db_prepare(r->db, sql);
	if (s) {
		db_bind_int(s, 1, r->ids[0]);
		if (db_step(s) == DB_ROW) {
			*pid = db_col_int(s, 0);
			snprintf(a, an, "%s", db_col_text(s, 1));
			snprintf(b2, bn, "%s", db_col_text(s, 2));
		}
		db_done(s);
	}
	if (!*pid) {
		resp_error(r, 404, "Page not found", missing);
		return NULL;
	}
	struct picker *p = malloc(sizeof *p);
	if (!p || picker_load(r, p, *pid) < 0) {
		free(p);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The partners could not be listed.");
		return NULL;
	}
	return p;
}

/* After saving (rc from ask_save): back to the child's page with `after`,
 * or an error page; 1 once the response is written (p is freed), 0 when the
 * form is shown again with the reason (rc 1). */
static int ask_done(struct req *r, int rc, int64_t pid, const char *after, const char *failed, struct picker *p)
{
	if (rc == 1)
		return 0;
	free(p);
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", failed);
		return 1;
	}
	buf loc = BUF_INIT;
	link_person(&loc, pid);
	buf_puts(&loc, after);
	resp_redirect(r, buf_cstr(&loc));
	buf_free(&loc);
	return 1;
}

void h_advice_ask(struct req *r)
{
	int64_t rq = r->ids[0], pid = 0;
	char received[11] = "", outcome[4] = "";
	struct picker *p = ask_open(r, "SELECT person_id, received_date, COALESCE(outcome,'') FROM requests WHERE id=?",
	                            "There is no request with this number.", &pid, received, sizeof received, outcome,
	                            sizeof outcome);
	if (!p)
		return;
	struct errs e = {0};
	char d0[4], m0[4], y0[6];
	day_parts(r->today, d0, m0, y0);
	const char *dd = d0, *mm = m0, *yy = y0;
	if (!strcmp(r->method, "POST")) {
		day_t sent = DATE_NONE, rec;
		form_date_read(r, "sent", "Date the requests are sent", &sent, &e, &dd, &mm, &yy);
		if (sent != DATE_NONE && sent > r->today)
			errs_add(&e, "sent", "Date the requests are sent must be today or in the past");
		else if (sent != DATE_NONE && date_parse_iso(received, &rec) == 0 && sent < rec)
			errs_add(&e, "sent", "Date the requests are sent must be on or after the date the request was received");
		errs_anchor(&e, "sent", "-day");
		picker_parse(r, p, &e);
		if (!e.n) {
			struct advice_ask a = {rq, 0, pid, r->user.id, sent, NULL, 0};
			if (ask_done(r, ask_save_tx(r, &a, p, &e), pid, "?saved=advice#clock", "The requests were not saved.", p))
				return;
		}
	} else {
		req_audit(r, "view", "requests", rq, pid, NULL, NULL);
	}
	if (e.n)
		r->status = 422;
	page_begin_err(r, "Ask for advice", &e);
	buf *b = &r->out;
	buf back = BUF_INIT;
	link_person(&back, pid);
	page_back_link(r, buf_cstr(&back));
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	html_lit(b, "<span class=\"govuk-caption-l\">Request received ");
	html_date(b, received, "");
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">Ask for advice and information</h1>"
	            "<p class=\"govuk-body\">For the EHC needs assessment (SEND Regulations 2014 reg 6). Each service has 6 "
	            "weeks from the date the request is sent to give its advice (reg 8(1)); sendmis reminds them before the "
	            "deadline and escalates to the service manager the day after it.</p>");
	if (strcmp(outcome, "Y"))
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "No decision to assess is recorded for this request yet.</strong></div>");
	form_begin(r, r->path);
	picker_render(r, p, &e, "Who to ask");
	form_date(r, "sent", "Date the requests are sent", "The 6 weeks run from this date. For example, 27 3 2026", dd, mm, yy, &e);
	form_button(r, "Send the requests");
	form_end(r);
	html_lit(b, "<p class=\"govuk-body\">Asked another way (by post or phone)? <a class=\"govuk-link\" href=\"");
	link_request_new_child(b, rq, "advice/new");
	html_lit(b, "\">Record an advice request made outside sendmis</a>.</p></div></div>");
	page_end(r);
	buf_free(&back);
	free(p);
}

void h_review_meeting(struct req *r)
{
	int64_t plan = r->ids[0], pid = 0;
	char status[12] = "", due[11] = "";
	struct picker *p = ask_open(r, "SELECT person_id, status, COALESCE(next_review_due,'') FROM plans WHERE id=?",
	                            "There is no plan with this number.", &pid, status, sizeof status, due, sizeof due);
	if (!p)
		return;
	db_stmt *s;
	struct errs e = {0};
	const char *md = "", *mm = "", *my = "", *cd = "", *cm = "", *cy = "";
	if (!strcmp(r->method, "POST")) {
		day_t meeting = DATE_NONE, contrib = DATE_NONE;
		form_date_read(r, "meeting", "Meeting date", &meeting, &e, &md, &mm, &my);
		int lead = r->cfg->review_contribution_days;
		if (meeting != DATE_NONE && meeting <= r->today) {
			errs_add(&e, "meeting", "Meeting date must be in the future: record a meeting that has happened as a review");
			errs_anchor(&e, "meeting", "-day");
		}
		if (!form_date_read_opt(r, "contributions", "Date contributions are due", &contrib, &e, &cd, &cm, &cy) &&
		    meeting != DATE_NONE)
			contrib = advice_contributions_due(meeting, lead);
		if (meeting != DATE_NONE && meeting > r->today && contrib != DATE_NONE) {
			day_t latest = advice_contributions_due(meeting, 0);
			if (contrib > latest) {
				char l[40];
				date_format_long(latest, l, sizeof l);
				errs_add(&e, "contributions", "Date contributions are due must be on or before %s, so they can be "
				         "circulated 2 weeks before the meeting (reg 20(4))", l);
			} else if (contrib <= r->today)
				errs_add(&e, "contributions", "Date contributions are due must be in the future: arrange the meeting "
				         "later, or give partners time to reply");
		}
		errs_anchor(&e, "contributions", "-day");
		picker_parse(r, p, &e);
		if (!e.n) {
			char mi[11], ci[11], at[21];
			date_format_iso(meeting, mi);
			date_format_iso(contrib, ci);
			date_instant_iso(r->now, at);
			int rc = -1;
			int64_t mid = 0;
			if (db_begin(r->db) == 0) {
				s = db_prepare(r->db, "INSERT INTO review_meetings(plan_id,meeting_date,contributions_due,created_by,"
				                      "created_at) VALUES(?,?,?,?,?) RETURNING id");
				if (s) {
					db_bind_int(s, 1, plan);
					db_bind_text(s, 2, mi);
					db_bind_text(s, 3, ci);
					db_bind_int(s, 4, r->user.id);
					db_bind_text(s, 5, at);
					if (db_step(s) == DB_ROW)
						mid = db_col_int(s, 0);
					db_done(s);
				}
				if (mid && req_audit(r, "create", "review-meetings", mid, pid, "meeting_date,contributions_due", NULL) == 0) {
					struct advice_ask a = {0, mid, pid, r->user.id, r->today, NULL, 0};
					rc = ask_save(r, &a, p, &e);
				}
				if (rc == 0 && db_commit(r->db) < 0)
					rc = -1;
				if (rc != 0)
					db_rollback(r->db);
			}
			if (ask_done(r, rc, pid, "?saved=review-meetings#plans", "The meeting was not saved.", p))
				return;
		}
	} else {
		req_audit(r, "view", "plans", plan, pid, NULL, NULL);
		picker_preselect_involved(r, p);
	}
	if (e.n)
		r->status = 422;
	page_begin_err(r, "Arrange an annual review meeting", &e);
	buf *b = &r->out;
	buf back = BUF_INIT;
	link_person(&back, pid);
	page_back_link(r, buf_cstr(&back));
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Arrange an annual review meeting</h1><p class=\"govuk-body\">The setting and "
	            "the services you choose are told the meeting date and asked for their advice and information by the "
	            "date that lets it be circulated at least 2 weeks before the meeting (SEND Regulations 2014 reg 20(4)). "
	            "sendmis reminds them before that date and, if a contribution is late, escalates to the service manager "
	            "the day after it.");
	if (due[0]) {
		html_lit(b, " The review is due by ");
		html_date(b, due, "");
		html_lit(b, ".");
	}
	html_lit(b, "</p>");
	if (strcmp(status, "active"))
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "This plan is not active.</strong></div>");
	form_begin(r, r->path);
	form_date(r, "meeting", "Meeting date", "For example, 27 3 2027", md, mm, my, &e);
	form_date(r, "contributions", "Date contributions are due",
	          "Leave empty for the default: 2 weeks and the configured lead time before the meeting", cd, cm, cy, &e);
	picker_render(r, p, &e, "Who to invite and ask for a contribution");
	form_button(r, "Arrange the meeting and send the invitations");
	form_end(r);
	html_lit(b, "</div></div>");
	page_end(r);
	buf_free(&back);
	free(p);
}

void advice_context(struct req *r, int64_t id)
{
	struct advice_notice n;
	if (advice_notice_load(r->db, id, r->today, &n) != 0)
		return;
	summary_begin(r);
	summary_row(r, n.meeting_id ? "Contribution asked of" : "Advice asked of", n.service_name);
	if (n.contact_name[0])
		summary_row(r, "Contact", n.contact_name);
	if (n.meeting != DATE_NONE)
		summary_row(r, "Review meeting", n.s_meeting);
	summary_row(r, "Deadline", n.due != DATE_NONE ? n.s_due : "Not set");
	const char *when = n.due == DATE_NONE ? "—"
	                 : n.received != DATE_NONE ? (n.received <= n.due ? "Yes: received by the deadline" : "No: received after the deadline")
	                 : r->today > n.due ? "No: still awaited after the deadline" : "Not yet due";
	summary_row(r, "On time", when);
	summary_end(r);
	db_stmt *s = db_prepare(r->db, "SELECT COUNT(*), SUM(CASE WHEN state='sent' THEN 1 ELSE 0 END) FROM outbox WHERE advice_id=?");
	if (s) {
		db_bind_int(s, 1, id);
		if (db_step(s) == DB_ROW && db_col_int(s, 0)) {
			html_lit(&r->out, "<p class=\"govuk-body\">Emails about this request: ");
			html_int(&r->out, db_col_int(s, 0));
			html_lit(&r->out, " (");
			html_int(&r->out, db_col_int(s, 1));
			html_lit(&r->out, " sent). They are listed under Emails to partners on the child's page.</p>");
		}
		db_done(s);
	}
}
