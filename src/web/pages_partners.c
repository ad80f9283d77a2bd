/* pages_partners.c — the directory of partners: the services asked for
 * advice, their contacts (a service's or a setting's), and importing
 * contacts from CSV.
 *
 * DESIGN: services and contacts are edited through the generic entity
 * forms; these pages list them and import contacts from CSV.  Asking them
 * for advice is pages_ask_partners.c.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/change.h"
#include "domain/directory.h"
#include "domain/entity.h"
#include "domain/partners.h"
#include "core/codes.h"
#include <stdio.h>
#include <string.h>

/* ---- the directory ---------------------------------------------------------------------- */

struct services_ctx {
	struct req *r;
	int any;
};

static int service_row(void *ctx, const struct partner_service *v)
{
	struct services_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Service", "Type", "Service manager", "Contacts", "Status"};
		table_begin(r, "Services", cols, 5);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_service(v->id).s);
	html_lit(b, "\">");
	html_text(b, v->name);
	html_lit(b, "</a></td>");
	td_text(r, code_or(&codes_advice_service, v->kind, v->kind));
	td_text(r, v->manager_name);
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, v->contacts);
	if (v->not_emailed) {
		html_lit(b, " (");
		html_int(b, v->not_emailed);
		html_lit(b, " not emailed)");
	}
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	tag(r, v->closed ? "grey" : "green", v->closed ? "Closed" : "Taking requests");
	html_lit(b, "</td></tr>");
	return 0;
}

void h_services(struct req *r)
{
	page_begin(r, "Partners");
	html *b = &r->out;
	if (req_param(r, "saved"))
		page_success(r, "Service saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Partners</h1><p class=\"govuk-body\">The services asked for advice and "
	            "information for assessments and reviews (SEND Regulations 2014 reg 6(1)), their contacts, and the "
	            "manager late advice is escalated to. Schools' and settings' SENCOs are on each setting's page.</p>");
	if (req_may(r, "GET", "/services/new"))
		html_lit(b, "<div class=\"govuk-button-group\"><a class=\"govuk-button\" data-module=\"govuk-button\" "
		            "href=\"/services/new\">Add a service</a><a class=\"govuk-button govuk-button--secondary\" "
		            "data-module=\"govuk-button\" href=\"/services/import\">Import contacts from a CSV file</a></div>");
	struct services_ctx x = {r, 0};
	int rc = partners_services_each(r->db, service_row, &x);
	if (x.any)
		table_end(r);
	else if (rc < 0)
		html_lit(b, "<p class=\"govuk-body\">The services could not be listed.</p>");
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

struct contacts_ctx {
	struct req *r;
	int setting, editor, any;
};

static int contact_row(void *ctx, const struct partner_contact *c)
{
	struct contacts_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Name", "Job title", "Email address", "Phone", "Email", ""};
		table_begin(r, "Contacts", cols, 6);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, c->name);
	td_text(r, c->job_title);
	td_text(r, c->email);
	td_text(r, c->phone);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	contact_status(r, c->email_off);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	if (x->editor) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit(x->setting ? "setting-contacts" : "contacts", c->id).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> ");
		html_text(b, c->name);
		html_lit(b, "</span></a>");
	}
	html_lit(b, "</td></tr>");
	return 0;
}

/* The contacts of a service (setting 0) or setting (setting 1), as a table;
 * editor: with a link to change each. */
void contacts_table(struct req *r, int setting, int64_t id, int editor)
{
	struct contacts_ctx x = {r, setting, editor, 0};
	int rc = partners_contacts_each(r->db, setting, id, 0, contact_row, &x);
	if (x.any)
		table_end(r);
	else if (rc < 0)
		html_lit(&r->out, "<p class=\"govuk-body\">The contacts could not be listed.</p>");
	else
		html_lit(&r->out, "<p class=\"govuk-body\">No contacts yet.</p>");
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
	html *b = &r->out;
	page_back_link(r, "/services");
	if (req_param(r, "saved"))
		page_success(r, "Saved");
	html_lit(b, "<span class=\"govuk-caption-l\">Partner service</span><h1 class=\"govuk-heading-l\">");
	html_text(b, name);
	html_lit(b, "</h1>");
	int lead = req_may(r, "GET", "/services/#/edit");
	summary_begin(r);
	char tmp[160];
	for (int i = 1; i < ent_service.nfields; i++)
		summary_row(r, ent_service.fields[i].label, field_display(r->db, &ent_service.fields[i], rec.v[i], tmp, sizeof tmp));
	summary_end(r);
	if (lead) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit("services", rec.id).s);
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
			struct actor who;
			req_actor(r, &who);
			rc = contacts_import_csv(r->db, &who, data, strlen(data), dry, &rep);
			if (rc < 0) {
				resp_error(r, 500, "Sorry, there is a problem with the service", "The contacts were not imported.");
				return;
			}
			if (rc == 1)
				errs_add(&e, file && *file ? "file" : "csv", "The file has %d error%s: nothing was imported",
				         rep.nerr + rep.more_errors, rep.nerr + rep.more_errors == 1 ? "" : "s");
		}
	}
	if (e.n)
		r->status = 422;
	page_begin_err(r, "Import contacts", &e);
	html *b = &r->out;
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
