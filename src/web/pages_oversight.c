/* pages_oversight.c — the oversight list: every child or young person with
 * an active EHC plan, where they are, when their review is due, when they
 * were last visited, and who is awaiting provision or missing education.
 *
 * DESIGN: this is the seeds' "the system at any time can produce this
 * information readily".  The counts at the top are links that filter the
 * list; the CSV is the same query with the same filter and no page limit.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "web/forms.h"
#include "domain/register.h"
#include "domain/queries.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *key, *label, *hint; } cats[] = {
	{"", "Active EHC plans", "everyone"},
	{"ooa", "Placed out of area", NULL},
	{"residential", "In residential settings", NULL},
	{"ehe", "Electively home educated", NULL},
	{"visit_overdue", "Monitoring visit overdue", NULL},
	{"review_overdue", "Annual review overdue", NULL},
	{"awaiting", "Awaiting specialist provision", "no placement, or awaiting provision"},
	{"missing", "Missing education or NEET", NULL},
};
#define NCATS (sizeof cats / sizeof cats[0])

static int parse(struct req *r, struct oversight_filter *f, struct errs *e, int paged)
{
	memset(f, 0, sizeof *f);
	f->category = req_param_or(r, "category", "");
	f->today = r->today;
	f->visit_overdue_months = r->cfg->visit_overdue_months;
	f->la_code = r->cfg->la_code;
	f->page_size = paged ? r->cfg->page_size : 0;
	f->page = 1;
	int ok = 0;
	for (size_t i = 0; i < NCATS; i++)
		ok |= strcmp(cats[i].key, f->category) == 0;
	if (!ok) {
		errs_add(e, "category", "Select a category from the list");
		f->category = "";
	}
	long long v;
	const char *cw = req_param(r, "caseworker");
	if (cw && *cw) {
		if (parse_int64(cw, 0, INT64_MAX, &v) < 0)
			errs_add(e, "caseworker", "Select a caseworker from the list");
		else
			f->caseworker = v;
	}
	if (req_param(r, "page")) {
		if (req_param_int(r, "page", 1, 1000000, &v) < 0)
			errs_add(e, "page", "Page must be a whole number from 1");
		else
			f->page = (int)v;
	}
	return e->n;
}

static void qs(buf *b, const char *category, int64_t caseworker)
{
	html_qs(b, "category", category);
	if (caseworker)
		buf_printf(b, "caseworker=%lld&", (long long)caseworker);
}

static int64_t count_for(const struct oversight_counts *c, const char *key)
{
	if (!*key) return c->active;
	if (!strcmp(key, "ooa")) return c->ooa;
	if (!strcmp(key, "residential")) return c->residential;
	if (!strcmp(key, "ehe")) return c->ehe;
	if (!strcmp(key, "visit_overdue")) return c->visit_overdue;
	if (!strcmp(key, "review_overdue")) return c->review_overdue;
	if (!strcmp(key, "awaiting")) return c->awaiting;
	return c->missing;
}

static const char *where_label(const struct oversight_row *o)
{
	if (*o->setting)
		return o->setting;
	if (*o->setting_code) {
		const char *l = code_label(&codes_sen_setting, o->setting_code);
		return l ? l : o->setting_code;
	}
	return "No current placement";
}

void h_oversight(struct req *r)
{
	struct oversight_filter f;
	struct errs e = {0};
	parse(r, &f, &e, 1);
	struct oversight_counts c;
	struct oversight_row *rows;
	int n, total;
	if (oversight_load(r->db, &f, &c, &rows, &n, &total) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The oversight list could not be loaded.");
		return;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, "Oversight list", &e);
	buf *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Oversight list</h1><p class=\"govuk-body\">Every child or young person with an "
	            "active EHC plan: where they are placed, when their plan was last reviewed and is next due, and, for those placed "
	            "out of area, in residential settings or home educated, when they were last visited. A visit is overdue after ");
	html_int(b, r->cfg->visit_overdue_months);
	html_lit(b, " months. Figures are as at ");
	char today[11];
	date_format_iso(r->today, today);
	html_date(b, today, "");
	html_lit(b, ".</p>");
	form_begin_get(r, "/oversight", "");
	{
		struct option copts[NCATS];
		for (size_t i = 0; i < NCATS; i++) {
			copts[i].value = cats[i].key;
			copts[i].label = cats[i].label;
		}
		html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
		form_select(r, "category", "Show", NULL, copts, NCATS, f.category, NULL, &e);
		html_lit(b, "</div><div class=\"govuk-grid-column-one-third\">");
		caseworker_select(r, "caseworker", "Caseworker", f.caseworker, "All caseworkers", &e);
		html_lit(b, "</div><div class=\"govuk-grid-column-one-third app-filter-button\">");
		form_button(r, "Show");
		html_lit(b, "</div></div>");
	}
	form_end(r);
	html_lit(b, "<div class=\"app-count-grid\">");
	for (size_t i = 0; i < NCATS; i++) {
		int current = strcmp(cats[i].key, f.category) == 0;
		html_lit(b, "<div class=\"app-count\"><a class=\"govuk-link govuk-link--no-visited-state\" href=\"/oversight?");
		buf q = BUF_INIT;
		qs(&q, cats[i].key, f.caseworker);
		html_attr(b, buf_cstr(&q));
		buf_free(&q);
		html_lit(b, "\"");
		if (current)
			html_lit(b, " aria-current=\"true\"");
		html_lit(b, "><span class=\"app-count__number\" data-count=\"");
		html_attr(b, *cats[i].key ? cats[i].key : "active");
		html_lit(b, "\">");
		html_int(b, count_for(&c, cats[i].key));
		html_lit(b, "</span><span class=\"app-count__label\">");
		html_text(b, cats[i].label);
		html_lit(b, "</span></a>");
		if (current)
			html_lit(b, " <strong class=\"govuk-tag\">Showing</strong>");
		html_lit(b, "</div>");
	}
	html_lit(b, "</div>");
	const char *label = cats[0].label;
	for (size_t i = 0; i < NCATS; i++)
		if (strcmp(cats[i].key, f.category) == 0)
			label = cats[i].label;
	html_lit(b, "<h2 class=\"govuk-heading-m\">");
	html_text(b, label);
	html_lit(b, ": ");
	html_int(b, total);
	html_lit(b, "</h2><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/oversight.csv?");
	buf q = BUF_INIT;
	qs(&q, f.category, f.caseworker);
	html_attr(b, buf_cstr(&q));
	html_lit(b, "\">Download these ");
	html_int(b, total);
	html_lit(b, " as CSV</a></p>");
	table_wrap_begin(r, "Active EHC plans");
	html_lit(b, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	            "<th scope=\"col\" class=\"govuk-table__header\">Name</th><th scope=\"col\" class=\"govuk-table__header\">Placed at</th>"
	            "<th scope=\"col\" class=\"govuk-table__header\">Last review</th><th scope=\"col\" class=\"govuk-table__header\">Next review due</th>"
	            "<th scope=\"col\" class=\"govuk-table__header\">Last monitoring visit</th><th scope=\"col\" class=\"govuk-table__header\">Caseworker</th>"
	            "</tr></thead><tbody class=\"govuk-table__body\">");
	for (int i = 0; i < n; i++) {
		const struct oversight_row *o = &rows[i];
		html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
		link_person(b, o->id);
		html_lit(b, "\">");
		html_text(b, o->forename);
		html_lit(b, " ");
		html_text(b, o->surname);
		html_lit(b, "</a></td><td class=\"govuk-table__cell\">");
		html_text(b, where_label(o));
		if (o->out_of_area) {
			html_lit(b, " ");
			tag(r, "orange", "Out of area");
		}
		if (*o->residential) {
			html_lit(b, " ");
			tag(r, "purple", "Residential");
		}
		if (o->ehe) {
			html_lit(b, " ");
			tag(r, "blue", "Home educated");
		}
		if (o->awaiting) {
			html_lit(b, " ");
			tag(r, "red", "Awaiting provision");
		}
		if (o->missing) {
			html_lit(b, " ");
			tag(r, "red", o->cme ? "Missing education" : "Not in education");
		}
		html_lit(b, "</td><td class=\"govuk-table__cell app-nowrap\">");
		html_date(b, o->last_review, "None yet");
		html_lit(b, "</td><td class=\"govuk-table__cell app-nowrap\">");
		html_date(b, o->next_review, "—");
		if (o->review_overdue) {
			html_lit(b, " ");
			tag(r, "red", "Overdue");
		}
		html_lit(b, "</td><td class=\"govuk-table__cell app-nowrap\">");
		if (o->needs_visit) {
			html_date(b, o->last_visit, "Never visited");
			if (o->visit_overdue) {
				html_lit(b, " ");
				tag(r, "red", "Overdue");
			}
		} else {
			html_lit(b, "Not required");
		}
		html_lit(b, "</td><td class=\"govuk-table__cell\">");
		html_text(b, *o->caseworker ? o->caseworker : "Not allocated");
		html_lit(b, "</td></tr>");
	}
	html_lit(b, "</tbody></table></div>");
	buf base = BUF_INIT;
	buf_puts(&base, "/oversight?");
	buf_puts(&base, buf_cstr(&q));
	pagination(r, buf_cstr(&base), f.page, (total + f.page_size - 1) / f.page_size);
	buf_free(&base);
	buf_free(&q);
	free(rows);
	page_end(r);
}

void h_oversight_csv(struct req *r)
{
	struct oversight_filter f;
	struct errs e = {0};
	if (parse(r, &f, &e, 0)) {
		resp_error(r, 400, "The filter is not valid", e.e[0].msg);
		return;
	}
	struct oversight_counts c;
	struct oversight_row *rows;
	int n, total;
	if (oversight_load(r->db, &f, &c, &rows, &n, &total) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	buf *b = &r->out;
	r->content_type = "text/csv; charset=utf-8";
	snprintf(r->filename, sizeof r->filename, "oversight%s%s.csv", *f.category ? "-" : "", f.category);
	buf_puts(b, "Person ID,First name,Last name,Date of birth,Placed at,Out of area,Residential,Home educated,"
	            "Awaiting provision,Missing education or NEET,Last review decision,Next review due,Review overdue,"
	            "Last monitoring visit,Visit required,Visit overdue,Caseworker\r\n");
	for (int i = 0; i < n; i++) {
		const struct oversight_row *o = &rows[i];
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)o->id);
		const char *cells[] = {
			id, o->forename, o->surname, o->dob, where_label(o), o->out_of_area ? "Yes" : "No",
			*o->residential ? "Yes" : "No", o->ehe ? "Yes" : "No", o->awaiting ? "Yes" : "No",
			o->missing ? "Yes" : "No", o->last_review, o->next_review, o->review_overdue ? "Yes" : "No",
			o->last_visit, o->needs_visit ? "Yes" : "No", o->visit_overdue ? "Yes" : "No", o->caseworker,
		};
		for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
			if (k)
				buf_putc(b, ',');
			csv_cell(b, cells[k]);
		}
		buf_puts(b, "\r\n");
	}
	char fields[48];
	snprintf(fields, sizeof fields, "rows=%d", n);
	req_audit(r, "export", "oversight", 0, 0, fields, NULL);
	free(rows);
}
