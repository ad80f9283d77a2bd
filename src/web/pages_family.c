/* pages_family.c — the "Family and views" tab of a child's record, and the
 * page that adds or changes the young person's mental capacity record.
 *
 * DESIGN: the tab reads through family.h (no SQL here) and shows, in order:
 * the contacts as GOV.UK summary cards; who makes requests and decisions
 * (the child's parents until the end of compulsory school age, then the
 * young person: core/family.h) and, where recorded, the young person's
 * capacity and who acts for them; consent to share information, current then
 * withdrawn (a withdrawal is recorded, never deleted); and the views of the
 * child or young person and of the parents, newest first.  Every change goes
 * through the generic entity forms (forms.c), which return here
 * (entity.person_tab = "/family").
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "web/forms.h"
#include "core/family.h"
#include "domain/entity.h"
#include "domain/family.h"
#include "domain/register.h"
#include <stdio.h>
#include <string.h>

struct tab_ctx {
	struct req *r;
	int editor, any, self;
};

static void link_to(struct req *r, const char *href, const char *text, const char *hidden)
{
	html_lit(&r->out, "<a class=\"govuk-link\" href=\"");
	html_attr(&r->out, href);
	html_lit(&r->out, "\">");
	html_text(&r->out, text);
	if (hidden && *hidden) {
		html_lit(&r->out, "<span class=\"govuk-visually-hidden\"> ");
		html_text(&r->out, hidden);
		html_lit(&r->out, "</span>");
	}
	html_lit(&r->out, "</a>");
}

static void card_action(struct req *r, const char *href, const char *text, const char *hidden)
{
	html_lit(&r->out, "<li class=\"govuk-summary-card__action\">");
	link_to(r, href, text, hidden);
	html_lit(&r->out, "</li>");
}

/* ---- contacts ------------------------------------------------------------------------------- */

static void address_text(const struct kin_row *k, char *out, size_t n)
{
	const char *parts[4] = {k->address_line1, k->address_line2, k->town, k->postcode};
	size_t len = 0;
	out[0] = 0;
	for (int i = 0; i < 4; i++)
		if (*parts[i] && len < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", parts[i]);
}

static int kin_card(void *ctx, const struct kin_row *k)
{
	struct tab_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	int self = !strcmp(k->relationship, "self");
	x->any = 1;
	x->self |= self;
	html_lit(b, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
	            "<h3 class=\"govuk-summary-card__title\">");
	html_text(b, k->name);
	html_lit(b, " <span class=\"govuk-caption-m\">");
	html_text(b, code_or(&codes_relationship, k->relationship, ""));
	html_lit(b, "</span></h3>");
	if (x->editor) {
		html_lit(b, "<ul class=\"govuk-summary-card__actions\">");
		card_action(r, link_child_edit("family-contacts", k->id).s, "Change", k->name);
		card_action(r, link_child_delete("family-contacts", k->id).s, "Remove", k->name);
		html_lit(b, "</ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\">");
	if (k->receives_letters || k->parental_resp || k->interpreter) {
		html_lit(b, "<p class=\"govuk-body\">");
		if (k->receives_letters)
			tag(r, "green", "Receives letters");
		if (k->parental_resp) {
			html_lit(b, " ");
			tag(r, "blue", "Parental responsibility");
		}
		if (k->interpreter) {
			char t[120];
			snprintf(t, sizeof t, "Interpreter: %s", code_or(&codes_language, k->language, "language not recorded"));
			html_lit(b, " ");
			tag(r, "yellow", t);
		}
		html_lit(b, "</p>");
	}
	char addr[600];
	address_text(k, addr, sizeof addr);
	summary_begin(r);
	if (!self)
		summary_row(r, "Parental responsibility", k->parental_resp ? "Yes" : "No");
	summary_row(r, "Address", *addr ? addr : "Not recorded");
	summary_row(r, "Phone", *k->phone ? k->phone : "Not recorded");
	summary_row(r, "Email", *k->email ? k->email : "Not recorded");
	summary_row(r, "Preferred contact", code_or(&codes_contact_method, k->contact_method, "Not recorded"));
	summary_row(r, "Language", code_or(&codes_language, k->language, "Not recorded"));
	summary_row(r, "Interpreter needed", k->interpreter ? "Yes" : "No");
	if (*k->access_needs)
		summary_row(r, "Access needs", k->access_needs);
	summary_row(r, "Receives copies of letters", k->receives_letters ? "Yes" : "No");
	summary_end(r);
	html_lit(b, "</div></div>");
	return 0;
}

/* ---- who decides ------------------------------------------------------------------------------ */

static void who_decides(struct req *r, int64_t pid, const char *name, const char *dob_iso, int self, int editor)
{
	html *b = &r->out;
	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"decides\">Who makes requests and decisions</h2>");
	day_t dob, end;
	if (date_parse_iso(dob_iso, &dob) < 0 || (end = family_school_age_end(dob)) == DATE_NONE)
		return;
	char from[40];
	date_format_long(date_add_days(end, 1), from, sizeof from);
	int yp = family_is_young_person(dob, r->today);
	if (yp)
		html_lit(b, "<p class=\"govuk-body\" data-young-person=\"yes\">");
	else
		html_lit(b, "<p class=\"govuk-body\" data-young-person=\"no\">");
	if (yp) {
		html_text(b, name);
		html_lit(b, " has been over compulsory school age since ");
		html_text(b, from);
		html_lit(b, ". They are a young person: the right to make requests and decisions about their EHC needs "
		            "assessment and plan is theirs, not their parents' (Children and Families Act 2014, section 83(2); "
		            "SEND Code of Practice 8.13). Write to them, and to their parents only with their agreement.");
	} else {
		html_text(b, name);
		html_lit(b, " is of compulsory school age until the end of the academic year in which they turn 16. Their "
		            "parents make requests and decisions for them until then. From ");
		html_text(b, from);
		html_lit(b, " the right passes to ");
		html_text(b, name);
		html_lit(b, " as a young person (Children and Families Act 2014, section 83(2); SEND Code of Practice 8.13).");
	}
	html_lit(b, "</p>");
	if (yp && !self && editor) {
		html_lit(b, "<p class=\"govuk-body\">");
		buf href = BUF_INIT;
		buf_puts(&href, link_person_new_child(pid, "family-contacts").s);
		buf_puts(&href, "?relationship=self");
		link_to(r, buf_cstr(&href), "Record the young person as their own contact", NULL);
		buf_free(&href);
		html_lit(b, "</p>");
	}
	struct capacity c;
	int rc = capacity_load(r->db, pid, &c);
	if (rc == 0) {
		summary_begin(r);
		summary_row(r, "Mental capacity", c.lacks_capacity ? "Lacks capacity to make these decisions"
		                                                   : "Has capacity to make these decisions");
		summary_row_date_or(r, "Date of the assessment", c.assessed_date, "Not recorded");
		if (*c.assessed_by)
			summary_row(r, "Assessed by", c.assessed_by);
		if (c.lacks_capacity)
			summary_row(r, "Acts for them (Children and Families Act 2014, section 80)",
			            *c.acting_name ? c.acting_name : "Not recorded");
		if (*c.note)
			summary_row(r, "Notes", c.note);
		summary_end(r);
	}
	if (editor && (yp || rc == 0)) {
		html_lit(b, "<p class=\"govuk-body\">");
		link_to(r, link_person_tab(pid, "/capacity").s,
		        rc == 0 ? "Change the mental capacity record" : "Record that the young person lacks mental capacity", NULL);
		html_lit(b, "</p>");
	}
}

/* ---- consent ------------------------------------------------------------------------------------ */

static int consent_row(void *ctx, const struct consent_row *c)
{
	struct tab_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Given by", "What may be shared", "With", "Given", "Status", ""};
		table_begin(r, "Consent to share information", cols, 6);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, c->given_by);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	html_text(b, code_or(&codes_consent_scope, c->scope, ""));
	if (*c->detail) {
		html_lit(b, "<br><span class=\"govuk-body-s app-pre-wrap\">");
		html_text(b, c->detail);
		html_lit(b, "</span>");
	}
	html_lit(b, "</td>");
	td_text(r, c->partners);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	html_date(b, c->given_date, "");
	html_lit(b, ", ");
	html_text(b, code_or(&codes_consent_how, c->given_how, ""));
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	if (*c->withdrawn_date) {
		char when[60];
		day_t d;
		when[0] = 0;
		if (date_parse_iso(c->withdrawn_date, &d) == 0) {
			char day[40];
			date_format_long(d, day, sizeof day);
			snprintf(when, sizeof when, "Withdrawn on %s", day);
		}
		tag(r, "grey", when);
		html_lit(b, "<br><span class=\"govuk-body-s app-pre-wrap\">");
		html_text(b, c->withdrawn_reason);
		html_lit(b, "</span>");
	} else {
		tag(r, "green", "Current");
	}
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	if (x->editor) {
		link_to(r, link_child_edit("consents", c->id).s, "Change", "consent");
		if (!*c->withdrawn_date) {
			html_lit(b, " ");
			link_to(r, link_consent_withdraw(c->id).s, "Record withdrawal", "of consent");
		}
	}
	html_lit(b, "</td></tr>");
	return 0;
}

/* ---- views ------------------------------------------------------------------------------------------ */

static int view_item(void *ctx, const struct view_row *v)
{
	struct tab_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	x->any = 1;
	int child = !strcmp(v->whose, "child");
	html_lit(b, "<div class=\"govuk-summary-card\" data-whose=\"");
	html_attr(b, v->whose);
	html_lit(b, "\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">");
	if (child) {
		html_lit(b, "Views of the child or young person");
	} else {
		html_lit(b, "Views of ");
		html_text(b, *v->contact_name ? v->contact_name : "a parent or carer");
		html_lit(b, " (parent or carer)");
	}
	html_lit(b, "</h3>");
	if (x->editor) {
		html_lit(b, "<ul class=\"govuk-summary-card__actions\">");
		card_action(r, link_child_edit("views", v->id).s, "Change", child ? "the child's views" : "the parent's views");
		html_lit(b, "</ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\">");
	summary_begin(r);
	summary_row_date(r, "Date", v->view_date);
	summary_row(r, "How gathered", code_or(&codes_view_how, v->how, ""));
	summary_row(r, "Gathered by", *v->gathered_by ? v->gathered_by : "Not recorded");
	summary_end(r);
	html_lit(b, "<p class=\"govuk-body app-pre-wrap\">");
	html_text(b, v->text);
	html_lit(b, "</p></div></div>");
	return 0;
}

static void add_link(struct req *r, int64_t pid, const char *what, const char *text)
{
	html_lit(&r->out, "<p class=\"govuk-body\">");
	link_to(r, link_person_new_child(pid, what).s, text, NULL);
	html_lit(&r->out, "</p>");
}

void h_person_family(struct req *r)
{
	struct record p;
	if (person_page_begin(r, "family", &p) < 0)
		return;
	int64_t pid = r->ids[0];
	int editor = req_may(r, "GET", "/people/#/edit");
	html *b = &r->out;
	html_lit(b, "<nav aria-label=\"On this page\"><ul class=\"govuk-list govuk-body-s app-on-this-page\">"
	            "<li><a class=\"govuk-link\" href=\"#contacts\">Contacts</a></li>"
	            "<li><a class=\"govuk-link\" href=\"#decides\">Who makes requests and decisions</a></li>"
	            "<li><a class=\"govuk-link\" href=\"#consent\">Consent to share information</a></li>"
	            "<li><a class=\"govuk-link\" href=\"#views\">Views</a></li></ul></nav>");

	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"contacts\">Contacts</h2>");
	struct tab_ctx k = {r, editor, 0, 0};
	if (kin_each(r->db, pid, kin_card, &k) < 0 && !k.any) {
		html_lit(b, "<p class=\"govuk-body\">The contacts could not be read.</p>");
	} else if (!k.any) {
		html_lit(b, "<p class=\"govuk-body\">No contacts recorded. Letters open \"Dear parent or carer of …\" "
		            "with no address until a contact is marked to receive them.</p>");
	}
	if (editor)
		add_link(r, pid, "family-contacts", "Add a contact");

	char name[2 * NAME_BYTES];
	snprintf(name, sizeof name, "%s %s", record_get(&ent_person, &p, "forename"), record_get(&ent_person, &p, "surname"));
	who_decides(r, pid, name, record_get(&ent_person, &p, "dob"), k.self, editor);

	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"consent\">Consent to share information</h2>");
	struct tab_ctx c = {r, editor, 0, 0};
	consents_each(r->db, pid, consent_row, &c);
	if (c.any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No consent recorded.</p>");
	if (editor)
		add_link(r, pid, "consents", "Record consent");

	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"views\">Views</h2>"
	            "<p class=\"govuk-body\">The views, wishes and feelings of the child or young person and of their "
	            "parents, recorded separately, newest first (Children and Families Act 2014, section 19). They "
	            "inform section A of the EHC plan.</p>");
	if (editor)
		add_link(r, pid, "views", "Record views");
	struct tab_ctx v = {r, editor, 0, 0};
	person_views_each(r->db, pid, view_item, &v);
	if (!v.any)
		html_lit(b, "<p class=\"govuk-body\">No views recorded.</p>");
	page_end(r);
	record_free(&p);
}

/* The young person's capacity record: one a child, added or changed on one page. */
void h_capacity(struct req *r)
{
	struct capacity c;
	int rc = capacity_load(r->db, r->ids[0], &c);
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The record could not be read.");
		return;
	}
	if (rc == 0) {
		r->ids[0] = c.id;
		h_entity_edit(r);
	} else {
		h_entity_new(r);
	}
}
