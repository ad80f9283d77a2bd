/* pages_admin.c — settings (establishments) list and page, and the audit trail.
 *
 * DESIGN: read-only views over the store; edits to establishments go
 * through the generic entity forms.  The audit page filters on bound
 * parameters only and shows field NAMES; the before/after values stay in
 * the table for investigators with database access.  People filter it by
 * name — a child through the register's search (one match is the filter;
 * several are offered to choose from), a user from a list — and read its
 * actions in words (domain/audit.c: audit_actions) and its times as GOV.UK
 * dates.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "web/forms.h"
#include "domain/entity.h"
#include "domain/establishments.h"
#include "domain/panels.h"
#include "domain/queries.h"
#include "domain/register.h"
#include "domain/audit.h"
#include "domain/person.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static int estab_row(void *ctx, const struct estab_row *e)
{
	struct req *r = ctx;
	buf *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	link_establishment(b, e->id);
	html_lit(b, "\">");
	html_text(b, e->name);
	html_lit(b, "</a></td><td class=\"govuk-table__cell\">");
	html_text(b, *e->urn ? e->urn : e->ukprn);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	const char *tl = code_label(&codes_setting_type, e->setting_type);
	html_text(b, tl ? tl : e->setting_type);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	html_text(b, e->la_code);
	if (e->out_of_area) {
		html_lit(b, " ");
		tag(r, "orange", "Out of area");
	}
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	const char *ol = code_label(&codes_ofsted, e->ofsted_grade);
	html_text(b, ol ? ol : "—");
	html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, e->placed_now);
	html_lit(b, "</td></tr>");
	return 0;
}

void h_establishments(struct req *r)
{
	struct errs e = {0};
	const char *q = req_param_or(r, "q", ""), *type = req_param_or(r, "setting_type", ""), *area = req_param_or(r, "area", "");
	long long page = 1;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &page) < 0) {
		errs_add(&e, "page", "Page must be a whole number from 1");
		page = 1;
	}
	if (strlen(q) > 100)
		errs_add(&e, "q", "Search must be 100 characters or fewer");
	if (*type && !code_find(&codes_setting_type, type, 0))
		errs_add(&e, "setting_type", "Select a type of setting from the list");
	if (*area && strcmp(area, "in") && strcmp(area, "out"))
		errs_add(&e, "area", "Select in area or out of area");
	if (e.n) {
		q = type = area = "";
		r->status = 400;
	}
	struct estab_filter f = {q, type, area, r->cfg->la_code, r->today, (int)page, r->cfg->page_size};
	int64_t total = 0;
	if (estab_count(r->db, &f, &total) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The settings could not be listed.");
		return;
	}
	page_begin_err(r, "Settings", &e);
	buf *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Settings</h1><p class=\"govuk-body\">Schools, colleges and other providers "
	            "that children and young people attend or that plans name.</p>");
	if (req_may(r, "GET", "/establishments/new"))
		html_lit(b, "<a href=\"/establishments/new\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" "
		            "data-module=\"govuk-button\">Add a setting</a>");
	form_begin_get(r, "/establishments", "");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
	form_text(r, "q", "Name, URN or UKPRN", NULL, q, &e, NULL);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-third\">");
	form_select_codes(r, "setting_type", "Type of setting", NULL, &codes_setting_type, type, "Any", &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-third\">");
	static const struct option areas[] = {{"in", "In area"}, {"out", "Out of area"}};
	form_select(r, "area", "In or out of area", NULL, areas, 2, area, "Any", &e);
	html_lit(b, "</div></div>");
	form_button(r, "Search");
	form_end(r);
	html_lit(b, "<p class=\"govuk-body\"><strong>");
	html_int(b, total);
	html_lit(b, "</strong> settings</p>");
	table_wrap_begin(r, "Settings");
	html_lit(b, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	            "<th scope=\"col\" class=\"govuk-table__header\">Name</th><th scope=\"col\" class=\"govuk-table__header\">URN or UKPRN</th>"
	            "<th scope=\"col\" class=\"govuk-table__header\">Type</th><th scope=\"col\" class=\"govuk-table__header\">LA</th>"
	            "<th scope=\"col\" class=\"govuk-table__header\">Ofsted</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Placed now</th>"
	            "</tr></thead><tbody class=\"govuk-table__body\">");
	estab_page_each(r->db, &f, estab_row, r);
	html_lit(b, "</tbody></table></div>");
	buf base = BUF_INIT;
	buf_puts(&base, "/establishments?");
	const struct { const char *k, *v; } kv[] = {{"q", q}, {"setting_type", type}, {"area", area}};
	for (size_t i = 0; i < 3; i++)
		html_qs(&base, kv[i].k, kv[i].v);
	pagination(r, buf_cstr(&base), (int)page, (int)((total + r->cfg->page_size - 1) / r->cfg->page_size));
	buf_free(&base);
	page_end(r);
}

struct estab_ctx {
	struct req *r;
	int n, editor;
};

static int estab_closure(void *ctx, const struct closure_row *c)
{
	struct estab_ctx *x = ctx;
	buf *b = &x->r->out;
	if (!x->n++)
		html_lit(b, "<ul class=\"govuk-list\">");
	html_lit(b, "<li>");
	html_date(b, c->start_date, "");
	html_lit(b, " to ");
	html_date(b, c->end_date, "");
	if (*c->description) {
		html_lit(b, ": ");
		html_text(b, c->description);
	}
	if (x->editor) {
		html_lit(b, " <a class=\"govuk-link\" href=\"");
		link_child_edit(b, "closures", c->id);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> closure period</span></a>");
	}
	html_lit(b, "</li>");
	return 0;
}

static int estab_pupil(void *ctx, const struct estab_pupil *p)
{
	struct estab_ctx *x = ctx;
	buf *b = &x->r->out;
	x->n++;
	html_lit(b, "<li><a class=\"govuk-link\" href=\"");
	link_person(b, p->person_id);
	html_lit(b, "\">");
	html_text(b, p->forename);
	html_lit(b, " ");
	html_text(b, p->surname);
	html_lit(b, "</a>, since ");
	html_date(b, p->start_date, "");
	html_lit(b, "</li>");
	return 0;
}

void h_establishment(struct req *r)
{
	struct record rec;
	if (entity_load(r->db, &ent_establishment, r->ids[0], &rec) != ENT_OK) {
		resp_error(r, 404, "Page not found", "There is no setting with this number.");
		return;
	}
	const char *name = record_get(&ent_establishment, &rec, "name");
	page_begin(r, name);
	buf *b = &r->out;
	page_back_link(r, "/establishments");
	if (req_param(r, "saved"))
		page_success(r, strcmp(req_param(r, "saved"), "closures") == 0 ? "Closure period saved" : "Setting saved");
	if (req_param(r, "removed"))
		page_success(r, "Closure period removed");
	html_lit(b, "<span class=\"govuk-caption-l\">Setting</span><h1 class=\"govuk-heading-l\">");
	html_text(b, name);
	html_lit(b, "</h1>");
	summary_begin(r);
	char tmp[512];
	for (int i = 1; i < ent_establishment.nfields; i++) {
		const struct field *f = &ent_establishment.fields[i];
		summary_row(r, f->label, field_display(r->db, f, rec.v[i], tmp, sizeof tmp));
	}
	const char *la = record_get(&ent_establishment, &rec, "la_code");
	summary_row(r, "In or out of area", la && strcmp(la, r->cfg->la_code) == 0 ? "In area" : "Out of area");
	summary_end(r);
	if (req_may(r, "GET", "/establishments/#/edit")) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		link_establishment_edit(b, rec.id);
		html_lit(b, "\">Change details</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Closure periods</h2>");
	struct estab_ctx cx = {r, 0, req_may(r, "GET", "/closures/#/edit")};
	closures_each(r->db, rec.id, estab_closure, &cx);
	if (cx.n)
		html_lit(b, "</ul>");
	else
		html_lit(b, "<p class=\"govuk-body\">None recorded for this setting (the area's closures are on the "
		            "<a class=\"govuk-link\" href=\"/closures\">closure periods</a> page).</p>");
	if (req_may(r, "GET", "/establishments/#/closures/new")) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		link_establishment_new_closure(b, rec.id);
		html_lit(b, "\">Add a closure period</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">SENCO and setting contacts</h2><p class=\"govuk-body\">Asked for advice "
	            "for the children placed here, invited to their annual reviews and told when a review falls due.</p>");
	contacts_table(r, 1, rec.id, req_may(r, "GET", "/setting-contacts/#/edit"));
	if (req_may(r, "GET", "/establishments/#/contacts/new")) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/establishments/");
		html_int(b, rec.id);
		html_lit(b, "/contacts/new\">Add a contact</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Children and young people placed here now</h2><ul class=\"govuk-list\">");
	struct estab_ctx px = {r, 0, 0};
	estab_pupils_each(r->db, rec.id, r->today, estab_pupil, &px);
	html_lit(b, "</ul>");
	if (!px.n)
		html_lit(b, "<p class=\"govuk-body\">Nobody is placed here now.</p>");
	page_end(r);
	record_free(&rec);
}


/* The first instant of a local day, as the audit table stores instants (UTC). */
static void day_start_utc(day_t d, char out[21])
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = dd;
	tm.tm_isdst = -1;
	date_instant_iso((long long)mktime(&tm), out);
}

/* The <select> of every user by name and username (the trail keeps disabled users' events). */
static void user_select(struct req *r, int64_t value, const struct errs *e)
{
	char cur[24] = "";
	if (value)
		snprintf(cur, sizeof cur, "%lld", (long long)value);
	user_select_all(r, "user", "User", NULL, cur, "Anyone", e);
}

/* The children a name (or reference) names, for the trail's "Child or young
 * person" filter: one is the filter; several are offered to choose from. */
struct child_match {
	struct person_row *rows;
	int n, total;
};

static void find_children(struct req *r, const char *q, struct child_match *m)
{
	struct people_filter f = {0};
	f.q = q;
	f.case_ref_prefix = r->cfg->case_ref_prefix;
	f.sort = "name";
	f.today = r->today;
	f.la_code = r->cfg->la_code;
	f.page_size = 20;
	f.page = 1;
	memset(m, 0, sizeof *m);
	if (people_search(r->db, &f, &m->rows, &m->n, &m->total) < 0)
		m->n = m->total = 0;
}

/* The trail's filters, bound as Q_AUDIT_COUNT and Q_AUDIT_PAGE number them (?1 … ?6). */
struct audit_filter {
	long long user;
	const char *action, *entity;
	long long person;
	const char *from, *to;   /* instants, "" = open */
};

static void bind_audit(db_stmt *s, const struct audit_filter *f)
{
	db_bind_int(s, 1, f->user);
	db_bind_text(s, 2, f->action);
	db_bind_text(s, 3, f->entity);
	db_bind_int(s, 4, f->person);
	db_bind_text(s, 5, f->from);
	db_bind_text(s, 6, f->to);
}

void h_audit(struct req *r)
{
	struct errs e = {0};
	long long user = 0, person = 0, page = 1;
	const char *action = req_param_or(r, "action", ""), *entity = req_param_or(r, "entity", "");
	const char *child = req_param_or(r, "child", "");
	char from_i[24] = "", to_i[24] = "";
	if (*req_param_or(r, "user", "") && req_param_int(r, "user", 1, INT64_MAX, &user) < 0)
		errs_add(&e, "user", "Select a user from the list");
	if (*req_param_or(r, "person", "") && req_param_int(r, "person", 1, INT64_MAX, &person) < 0)
		errs_add(&e, "child", "Choose a child or young person from the list");
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &page) < 0)
		errs_add(&e, "page", "Page must be a whole number from 1");
	int ok = !*action;
	for (size_t i = 0; i < audit_actions_n; i++)
		ok |= strcmp(audit_actions[i].code, action) == 0;
	if (!ok)
		errs_add(&e, "action", "Select an action from the list");
	if (strlen(entity) > 40)
		errs_add(&e, "entity", "Record type must be 40 characters or fewer");
	if (strlen(child) > 100)
		errs_add(&e, "child", "Child or young person must be 100 characters or fewer");
	const char *fd, *fm, *fy, *td, *tm, *ty;
	day_t from = DATE_NONE, to = DATE_NONE;
	int before = e.n;
	if (form_date_read_opt(r, "from", "From", &from, &e, &fd, &fm, &fy) && e.n == before)
		day_start_utc(from, from_i);
	before = e.n;
	if (form_date_read_opt(r, "to", "To", &to, &e, &td, &tm, &ty) && e.n == before)
		day_start_utc(date_add_days(to, 1), to_i);
	if (from != DATE_NONE && to != DATE_NONE && to < from && !e.n) {
		errs_add(&e, "to", "To must be the same as or after From");
		errs_anchor(&e, "to", "-day");
	}
	/* a name typed: one child is the filter; several, or none, are said so */
	struct child_match m = {0};
	if (!e.n && *child && !person) {
		find_children(r, child, &m);
		if (m.total == 1)
			person = m.rows[0].id;
		else if (m.total == 0)
			errs_add(&e, "child", "No child or young person matches what you typed: try their surname, case reference or UPN");
	}
	int choosing = !e.n && *child && !person && m.total > 1;
	if (e.n) {
		user = person = 0;
		action = entity = "";
		from_i[0] = to_i[0] = 0;
		page = 1;
		r->status = 400;
	}
	char chosen[2 * NAME_BYTES] = "";
	if (person)
		person_name(r->db, person, chosen, sizeof chosen);
	int64_t total = 0;
	const struct audit_filter af = {user, action, entity, person, from_i, to_i};
	db_stmt *s = choosing ? NULL : db_prepare(r->db, Q_AUDIT_COUNT);
	if (s) {
		bind_audit(s, &af);
		if (db_step(s) == DB_ROW)
			total = db_col_int(s, 0);
		db_done(s);
	}
	page_begin_err(r, "Audit trail", &e);
	buf *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Audit trail</h1><p class=\"govuk-body\">Every view and change of a child's record, "
	            "every export and every sign-in. The trail cannot be changed or deleted.</p>");
	form_begin_get(r, "/admin/audit", "");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	form_text(r, "child", "Child or young person", "Their name, case reference, UPN, NHS number or postcode",
	          *child ? child : chosen, &e, NULL);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-half\">");
	user_select(r, user, &e);
	html_lit(b, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	{
		struct option acts[64];
		size_t na = 0;
		for (size_t i = 0; i < audit_actions_n && na < 64; i++, na++)
			acts[na] = (struct option){audit_actions[i].code, audit_actions[i].words};
		form_select(r, "action", "Action", NULL, acts, na, action, "Any", &e);
	}
	html_lit(b, "</div><div class=\"govuk-grid-column-one-half\">");
	form_text(r, "entity", "Record type", "For example, people or placements", entity, &e, NULL);
	html_lit(b, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	form_date(r, "from", "From (optional)", "For example, 27 3 2026", fd, fm, fy, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-half\">");
	form_date(r, "to", "To (optional)", NULL, td, tm, ty, &e);
	html_lit(b, "</div></div>");
	form_button(r, "Filter");
	form_end(r);

	/* the query string of this view (pagination, the choices of a child) */
	buf base = BUF_INIT;
	const struct { const char *k, *v; } kv[] = {
		{"child", child}, {"action", action}, {"entity", entity}, {"from-day", fd}, {"from-month", fm},
		{"from-year", fy}, {"to-day", td}, {"to-month", tm}, {"to-year", ty},
	};
	if (!e.n) {
		for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
			html_qs(&base, kv[i].k, kv[i].v);
		if (user)
			buf_printf(&base, "user=%lld&", user);
	}
	if (choosing) {
		html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"choose\">");
		html_int(b, m.total);
		html_lit(b, " children and young people match: choose one</h2><ul class=\"govuk-list\">");
		for (int i = 0; i < m.n; i++) {
			html_lit(b, "<li><a class=\"govuk-link\" href=\"/admin/audit?");
			html_attr(b, buf_cstr(&base));
			buf_printf(b, "person=%lld", (long long)m.rows[i].id);
			html_lit(b, "\">");
			html_text(b, m.rows[i].forename);
			html_lit(b, " ");
			html_text(b, m.rows[i].surname);
			html_lit(b, "</a>, born ");
			html_date(b, m.rows[i].dob, "");
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul>");
		if (m.total > m.n)
			html_lit(b, "<p class=\"govuk-body\">Only the first 20 are listed: type more of the name.</p>");
	} else {
		html_lit(b, "<p class=\"govuk-body\"><strong>");
		html_int(b, total);
		html_lit(b, "</strong> events");
		if (*chosen) {
			html_lit(b, " about ");
			html_text(b, chosen);
		}
		html_lit(b, "</p>");
		table_wrap_begin(r, "Audit events");
		html_lit(b, "<table class=\"govuk-table govuk-body-s\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		            "<th scope=\"col\" class=\"govuk-table__header\">When</th><th scope=\"col\" class=\"govuk-table__header\">User</th>"
		            "<th scope=\"col\" class=\"govuk-table__header\">Action</th><th scope=\"col\" class=\"govuk-table__header\">Record</th>"
		            "<th scope=\"col\" class=\"govuk-table__header\">Child or young person</th><th scope=\"col\" class=\"govuk-table__header\">Fields</th>"
		            "<th scope=\"col\" class=\"govuk-table__header\">Address</th></tr></thead><tbody class=\"govuk-table__body\">");
		s = db_prepare(r->db, Q_AUDIT_PAGE);
		if (s) {
			bind_audit(s, &af);
			db_bind_int(s, 7, r->cfg->page_size);
			db_bind_int(s, 8, (page - 1) * r->cfg->page_size);
			while (db_step(s) == DB_ROW) {
				/* the codes behind the words, for scripts that read the page (the tests) */
				html_lit(b, "<tr class=\"govuk-table__row\" data-action=\"");
				html_attr(b, db_col_text(s, 3));
				html_lit(b, "\" data-user=\"");
				html_attr(b, db_col_text(s, 2));
				html_lit(b, "\" data-person=\"");
				if (db_col_int(s, 6))
					html_int(b, db_col_int(s, 6));
				html_lit(b, "\"><td class=\"govuk-table__cell\">");
				html_instant(b, db_col_text(s, 1));
				html_lit(b, "</td><td class=\"govuk-table__cell\">");
				if (*db_col_text(s, 2)) {
					html_text(b, db_col_text(s, 10));
					html_lit(b, " (");
					html_text(b, db_col_text(s, 2));
					html_lit(b, ")");
				} else
					html_lit(b, "—");
				html_lit(b, "</td><td class=\"govuk-table__cell\">");
				html_text(b, audit_action_words(db_col_text(s, 3)));
				html_lit(b, "</td><td class=\"govuk-table__cell\">");
				html_text(b, db_col_text(s, 4));
				if (db_col_int(s, 5)) {
					html_lit(b, " ");
					html_int(b, db_col_int(s, 5));
				}
				html_lit(b, "</td><td class=\"govuk-table__cell\">");
				if (db_col_int(s, 6)) {
					html_lit(b, "<a class=\"govuk-link\" href=\"");
					link_person(b, db_col_int(s, 6));
					html_lit(b, "\">");
					html_text(b, *db_col_text(s, 9) ? db_col_text(s, 9) : "A record since removed");
					html_lit(b, "</a>");
				}
				html_lit(b, "</td><td class=\"govuk-table__cell\">");
				html_text(b, db_col_text(s, 7));
				html_lit(b, "</td><td class=\"govuk-table__cell\">");
				html_text(b, db_col_text(s, 8));
				html_lit(b, "</td></tr>");
			}
			db_done(s);
		}
		html_lit(b, "</tbody></table></div>");
		if (person && *req_param_or(r, "person", ""))   /* a child chosen from a list stays chosen */
			buf_printf(&base, "person=%lld&", person);
		buf page_base = BUF_INIT;
		buf_puts(&page_base, "/admin/audit?");
		buf_puts(&page_base, buf_cstr(&base));
		pagination(r, buf_cstr(&page_base), (int)page, (int)((total + r->cfg->page_size - 1) / r->cfg->page_size));
		buf_free(&page_base);
	}
	buf_free(&base);
	free(m.rows);
	page_end(r);
}
