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
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_establishment(e->id).s);
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
	html *b = &r->out;
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
	html *b = &x->r->out;
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
		html_attr(b, link_child_edit("closures", c->id).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> closure period</span></a>");
	}
	html_lit(b, "</li>");
	return 0;
}

static int estab_pupil(void *ctx, const struct estab_pupil *p)
{
	struct estab_ctx *x = ctx;
	html *b = &x->r->out;
	x->n++;
	html_lit(b, "<li><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person(p->person_id).s);
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
	html *b = &r->out;
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
		html_attr(b, link_establishment_edit(rec.id).s);
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
		html_attr(b, link_establishment_new_closure(rec.id).s);
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

/* The trail's choices, parsed once for the page and its CSV. */
struct audit_view {
	struct audit_filter f;
	long long page;
	const char *child;                         /* as typed */
	const char *fd, *fm, *fy, *td, *tm, *ty;   /* the date parts as typed */
	struct child_match m;                      /* what a typed name matched */
	int choosing;                              /* several children match: list them to choose from */
	int person_chosen;                         /* person=ID was given (a child chosen from that list) */
	char chosen[2 * NAME_BYTES];               /* the child's name */
	struct errs e;
};

static void audit_parse(struct req *r, struct audit_view *v)
{
	memset(v, 0, sizeof *v);
	struct audit_filter *f = &v->f;
	struct errs *e = &v->e;
	long long user = 0, person = 0;
	v->page = 1;
	f->order = LIST_DESC;
	const char *action = req_param_or(r, "action", ""), *entity = req_param_or(r, "entity", "");
	v->child = req_param_or(r, "child", "");
	if (*req_param_or(r, "user", "") && req_param_int(r, "user", 1, INT64_MAX, &user) < 0)
		errs_add(e, "user", "Select a user from the list");
	if (*req_param_or(r, "person", "") && req_param_int(r, "person", 1, INT64_MAX, &person) < 0)
		errs_add(e, "child", "Choose a child or young person from the list");
	v->person_chosen = person != 0;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &v->page) < 0)
		errs_add(e, "page", "Page must be a whole number from 1");
	if (strcmp(req_param_or(r, "sort", "when"), "when") != 0)
		errs_add(e, "sort", "Sort by when");
	const char *order = req_param(r, "order");
	if (order && list_order_parse(order) < 0)
		errs_add(e, "order", "Order must be ascending or descending");
	else if (order)
		f->order = (enum list_order)list_order_parse(order);
	int ok = !*action;
	for (size_t i = 0; i < audit_actions_n; i++)
		ok |= strcmp(audit_actions[i].code, action) == 0;
	if (!ok)
		errs_add(e, "action", "Select an action from the list");
	if (strlen(entity) > 40)
		errs_add(e, "entity", "Record type must be 40 characters or fewer");
	if (strlen(v->child) > 100)
		errs_add(e, "child", "Child or young person must be 100 characters or fewer");
	day_t from = DATE_NONE, to = DATE_NONE;
	int before = e->n;
	if (form_date_read_opt(r, "from", "From", &from, e, &v->fd, &v->fm, &v->fy) && e->n == before)
		day_start_utc(from, f->from);
	before = e->n;
	if (form_date_read_opt(r, "to", "To", &to, e, &v->td, &v->tm, &v->ty) && e->n == before)
		day_start_utc(date_add_days(to, 1), f->to);
	if (from != DATE_NONE && to != DATE_NONE && to < from && !e->n) {
		errs_add(e, "to", "To must be the same as or after From");
		errs_anchor(e, "to", "-day");
	}
	/* a name typed: one child is the filter; several, or none, are said so */
	if (!e->n && *v->child && !person) {
		find_children(r, v->child, &v->m);
		if (v->m.total == 1)
			person = v->m.rows[0].id;
		else if (v->m.total == 0)
			errs_add(e, "child", "No child or young person matches what you typed: try their surname, case reference or UPN");
	}
	v->choosing = !e->n && *v->child && !person && v->m.total > 1;
	if (e->n) {   /* every event, newest first, rather than a wrong filter; the errors explain */
		user = person = 0;
		action = entity = "";
		f->from[0] = f->to[0] = 0;
		f->order = LIST_DESC;
		v->page = 1;
	}
	f->user = user;
	f->person = person;
	snprintf(f->action, sizeof f->action, "%s", action);
	snprintf(f->entity, sizeof f->entity, "%s", entity);
	if (person)
		person_name(r->db, person, v->chosen, sizeof v->chosen);
}

/* The trail's filters as a query string ("k=v&…"): for the pages, the sort
 * link, the CSV and the choices of a child. */
static void audit_query(buf *q, const struct audit_view *v, int with_person)
{
	if (v->e.n)
		return;
	const struct { const char *k, *v; } kv[] = {
		{"child", v->child}, {"action", v->f.action}, {"entity", v->f.entity}, {"from-day", v->fd},
		{"from-month", v->fm}, {"from-year", v->fy}, {"to-day", v->td}, {"to-month", v->tm}, {"to-year", v->ty},
	};
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		html_qs(q, kv[i].k, kv[i].v);
	if (v->f.user)
		buf_printf(q, "user=%lld&", (long long)v->f.user);
	if (with_person && v->person_chosen)   /* a child chosen from a list stays chosen */
		buf_printf(q, "person=%lld&", (long long)v->f.person);
}

void h_audit(struct req *r)
{
	struct audit_view v;
	audit_parse(r, &v);
	if (v.e.n)
		r->status = 400;
	int size = r->cfg->page_size;
	struct list_count total = {0};
	struct audit_list *it = NULL;
	if (!v.choosing && (audit_count(r->db, &v.f, r->cfg->list_count_max, &total) < 0 ||
	                    audit_list_open(r->db, &v.f, (v.page - 1) * size, size + 1, &it) < 0)) {
		free(v.m.rows);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The audit trail could not be shown.");
		return;
	}
	page_begin_err(r, "Audit trail", &v.e);
	html *b = &r->out;
	page_error_summary(r, &v.e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Audit trail</h1><p class=\"govuk-body\">Every view and change of a child's record, "
	            "every export and every sign-in. The trail cannot be changed or deleted.</p>");
	form_begin_get(r, "/admin/audit", "");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	form_text(r, "child", "Child or young person", "Their name, case reference, UPN, NHS number or postcode",
	          *v.child ? v.child : v.chosen, &v.e, NULL);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-half\">");
	user_select(r, v.f.user, &v.e);
	html_lit(b, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	{
		struct option acts[64];
		size_t na = 0;
		for (size_t i = 0; i < audit_actions_n && na < 64; i++, na++)
			acts[na] = (struct option){audit_actions[i].code, audit_actions[i].words};
		form_select(r, "action", "Action", NULL, acts, na, v.f.action, "Any", &v.e);
	}
	html_lit(b, "</div><div class=\"govuk-grid-column-one-half\">");
	form_text(r, "entity", "Record type", "For example, people or placements", req_param_or(r, "entity", ""), &v.e, NULL);
	html_lit(b, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	form_date(r, "from", "From (optional)", "For example, 27 3 2026", v.fd, v.fm, v.fy, &v.e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-half\">");
	form_date(r, "to", "To (optional)", NULL, v.td, v.tm, v.ty, &v.e);
	html_lit(b, "</div></div>");
	form_hidden(r, "order", list_order_name(v.f.order));
	form_button(r, "Filter");
	form_end(r);

	buf base = BUF_INIT;
	if (v.choosing) {
		audit_query(&base, &v, 0);
		html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"choose\">");
		html_int(b, v.m.total);
		html_lit(b, " children and young people match: choose one</h2><ul class=\"govuk-list\">");
		for (int i = 0; i < v.m.n; i++) {
			html_lit(b, "<li><a class=\"govuk-link\" href=\"/admin/audit?");
			html_attr(b, buf_cstr(&base));
			html_lit(b, "person=");
			html_int(b, v.m.rows[i].id);
			html_lit(b, "\">");
			html_text(b, v.m.rows[i].forename);
			html_lit(b, " ");
			html_text(b, v.m.rows[i].surname);
			html_lit(b, "</a>, born ");
			html_date(b, v.m.rows[i].dob, "");
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul>");
		if (v.m.total > v.m.n)
			html_lit(b, "<p class=\"govuk-body\">Only the first 20 are listed: type more of the name.</p>");
	} else {
		audit_query(&base, &v, 1);
		buf q = BUF_INIT;   /* the filters with the order: the pages and the CSV */
		buf_puts(&q, buf_cstr(&base));
		html_qs(&q, "sort", "when");
		html_qs(&q, "order", list_order_name(v.f.order));
		html_lit(b, "<p class=\"govuk-body\" id=\"result-count\">");
		list_count_html(r, total.n, total.more);
		html_lit(b, " events");
		if (*v.chosen) {
			html_lit(b, " about ");
			html_text(b, v.chosen);
		}
		html_lit(b, ". <a class=\"govuk-link\" href=\"/admin/audit.csv?");
		html_attr_qs(b, buf_cstr(&q));
		html_lit(b, "\">Download them as CSV</a></p>");
		static const struct sort_col cols[] = {
			{"When", "when", 1, 0}, {"User", NULL, 0, 0}, {"Action", NULL, 0, 0}, {"Record", NULL, 0, 0},
			{"Child or young person", NULL, 0, 0}, {"Fields", NULL, 0, 0}, {"Address", NULL, 0, 0},
		};
		table_begin_sortable(r, "Audit events", "/admin/audit", buf_cstr(&base), cols, sizeof cols / sizeof cols[0],
		                     "when", v.f.order == LIST_DESC);
		int shown = 0, more = 0, rc;
		struct audit_row x;
		while ((rc = audit_list_next(it, &x)) == 1) {
			if (shown++ == size) {   /* the row after the page: a next page */
				more = 1;
				break;
			}
			/* the codes behind the words, for scripts that read the page (the tests) */
			html_lit(b, "<tr class=\"govuk-table__row\" data-action=\"");
			html_attr(b, x.action);
			html_lit(b, "\" data-user=\"");
			html_attr(b, x.username);
			html_lit(b, "\" data-person=\"");
			if (x.person_id)
				html_int(b, x.person_id);
			html_lit(b, "\"><td class=\"govuk-table__cell\">");
			html_instant(b, x.at);
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			if (*x.username) {
				html_text(b, x.user_name);
				html_lit(b, " (");
				html_text(b, x.username);
				html_lit(b, ")");
			} else
				html_lit(b, "—");
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			html_text(b, audit_action_words(x.action));
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			html_text(b, x.entity);
			if (x.entity_id) {
				html_lit(b, " ");
				html_int(b, x.entity_id);
			}
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			if (x.person_id) {
				html_lit(b, "<a class=\"govuk-link\" href=\"");
				html_attr(b, link_person(x.person_id).s);
				html_lit(b, "\">");
				html_text(b, *x.person_name ? x.person_name : "A record since removed");
				html_lit(b, "</a>");
			}
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			html_text(b, x.fields);
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			html_text(b, x.ip);
			html_lit(b, "</td></tr>");
		}
		if (rc < 0)
			html_fail(b);   /* a page cut short by a store error is not shown as if whole */
		table_end(r);
		buf page_base = BUF_INIT;
		buf_puts(&page_base, "/admin/audit?");
		buf_puts(&page_base, buf_cstr(&q));
		list_pagination(r, buf_cstr(&page_base), (int)v.page, size, total.n, total.more, more);
		buf_free(&page_base);
		buf_free(&q);
	}
	audit_list_close(it);
	buf_free(&base);
	free(v.m.rows);
	page_end(r);
}

/* The trail as CSV: every event the filters select, streamed. */
static int audit_csv_row(void *ctx, buf *b)
{
	struct audit_row x;
	int rc = audit_list_next(ctx, &x);
	if (rc <= 0)
		return rc;
	char id[24], eid[24] = "", pid[24] = "";
	snprintf(id, sizeof id, "%lld", (long long)x.id);
	if (x.entity_id)
		snprintf(eid, sizeof eid, "%lld", (long long)x.entity_id);
	if (x.person_id)
		snprintf(pid, sizeof pid, "%lld", (long long)x.person_id);
	const char *cells[] = {id, x.at, x.username, x.user_name, x.action, audit_action_words(x.action), x.entity, eid,
	                       pid, x.person_name, x.fields, x.ip};
	csv_row(b, cells, sizeof cells / sizeof cells[0]);
	return 1;
}

static void audit_csv_close(void *ctx)
{
	audit_list_close(ctx);
}

void h_audit_csv(struct req *r)
{
	struct audit_view v;
	audit_parse(r, &v);
	free(v.m.rows);
	if (v.e.n || v.choosing) {
		resp_error(r, 400, "The filter is not valid",
		           v.e.n ? v.e.e[0].msg : "More than one child or young person matches: choose one on the audit trail first");
		return;
	}
	if (resp_csv_reserve(r) < 0)
		return;
	struct audit_list *it;
	if (audit_list_open(r->db, &v.f, 0, LIST_ALL, &it) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	/* the rows the file holds (counted as it starts: the whole file is read
	 * anyway), and the child it is about; never what was typed, which the log
	 * line would carry */
	struct list_count n;
	if (audit_count(r->db, &v.f, INT64_MAX, &n) < 0 || req_audit_export(r, "audit", v.f.person, n.n) < 0) {
		audit_list_close(it);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	resp_csv_stream(r, "audit-trail.csv",
	                "Event ID,When,Username,User,Action,Action in words,Record,Record ID,Person ID,Child or young person,"
	                "Fields,Address\r\n",
	                (struct csv_source){it, audit_csv_row, audit_csv_close});
}
