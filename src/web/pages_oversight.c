/* pages_oversight.c — the oversight list: every child or young person with
 * an active EHC plan, where they are, when their review is due, when they
 * were last visited, and who is awaiting provision or missing education.
 *
 * DESIGN: this is the seeds' "the system at any time can produce this
 * information readily".  The counts at the top are links that filter the
 * list; each is counted through the indexes that hold its category
 * (register.h).  The list is one page of an index walk in the order asked
 * for; the CSV streams every row of the same walk.
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

/* The list's choices, parsed once for the page and its CSV. */
struct ov_view {
	struct oversight_filter f;
	long long page;
	struct errs e;
};

static void parse(struct req *r, struct ov_view *v)
{
	memset(v, 0, sizeof *v);
	struct oversight_filter *f = &v->f;
	struct errs *e = &v->e;
	f->category = req_param_or(r, "category", "");
	f->sort = req_param_or(r, "sort", "name");
	f->order = LIST_ASC;
	f->today = r->today;
	f->visit_overdue_months = r->cfg->visit_overdue_months;
	f->la_code = r->cfg->la_code;
	v->page = 1;
	if (!oversight_category_valid(f->category)) {
		errs_add(e, "category", "Select a category from the list");
		f->category = "";
	}
	long long cw;
	const char *cwp = req_param(r, "caseworker");
	if (cwp && *cwp) {
		if (parse_int64(cwp, 0, INT64_MAX, &cw) < 0)
			errs_add(e, "caseworker", "Select a caseworker from the list");
		else
			f->caseworker = cw;
	}
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &v->page) < 0)
		errs_add(e, "page", "Page must be a whole number from 1");
	if (!oversight_sort_valid(f->sort)) {
		errs_add(e, "sort", "Sort by name, next review due or caseworker");
		f->sort = "name";
	}
	const char *order = req_param(r, "order");
	if (order && list_order_parse(order) < 0)
		errs_add(e, "order", "Order must be ascending or descending");
	else if (order)
		f->order = (enum list_order)list_order_parse(order);
	if (e->n) {   /* the valid choices stand; the page starts again */
		v->page = 1;
	}
}

/* The filters as a query string ("k=v&…"), without the sort. */
static void qs(buf *b, const char *category, int64_t caseworker)
{
	html_qs(b, "category", category);
	if (caseworker)
		buf_printf(b, "caseworker=%lld&", (long long)caseworker);
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

static void ov_tr(struct req *r, const struct oversight_row *o)
{
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person(o->id).s);
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

void h_oversight(struct req *r)
{
	struct ov_view v;
	parse(r, &v);
	struct oversight_filter *f = &v.f;
	int size = r->cfg->page_size;
	int64_t cap = r->cfg->list_count_max;
	/* each category's count: through its own indexes, kept between changes (register.h) */
	struct list_count counts[NCATS], total = {0};
	const char *keys[NCATS];
	for (size_t i = 0; i < NCATS; i++)
		keys[i] = cats[i].key;
	if (oversight_counts(r->db, f, keys, (int)NCATS, cap, counts) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The oversight list could not be loaded.");
		return;
	}
	for (size_t i = 0; i < NCATS; i++)
		if (!strcmp(cats[i].key, f->category))
			total = counts[i];
	struct oversight_iter *it;
	if (oversight_open(r->db, f, (v.page - 1) * size, size + 1, &it) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The oversight list could not be loaded.");
		return;
	}
	if (v.e.n)
		r->status = 400;
	page_begin_err(r, "Oversight list", &v.e);
	html *b = &r->out;
	page_error_summary(r, &v.e);
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
		form_select(r, "category", "Show", NULL, copts, NCATS, f->category, NULL, &v.e);
		html_lit(b, "</div><div class=\"govuk-grid-column-one-third\">");
		caseworker_select(r, "caseworker", "Caseworker", f->caseworker, "All caseworkers", &v.e);
		html_lit(b, "</div><div class=\"govuk-grid-column-one-third app-filter-button\">");
		form_hidden(r, "sort", f->sort);
		form_hidden(r, "order", list_order_name(f->order));
		form_button(r, "Show");
		html_lit(b, "</div></div>");
	}
	form_end(r);
	html_lit(b, "<div class=\"app-count-grid\">");
	for (size_t i = 0; i < NCATS; i++) {
		int current = strcmp(cats[i].key, f->category) == 0;
		html_lit(b, "<div class=\"app-count\"><a class=\"govuk-link govuk-link--no-visited-state\" href=\"/oversight?");
		buf q = BUF_INIT;
		qs(&q, cats[i].key, f->caseworker);
		html_attr_qs(b, buf_cstr(&q));
		buf_free(&q);
		html_lit(b, "\"");
		if (current)
			html_lit(b, " aria-current=\"true\"");
		html_lit(b, "><span class=\"app-count__number\" data-count=\"");
		html_attr(b, *cats[i].key ? cats[i].key : "active");
		html_lit(b, "\"");
		if (counts[i].more)
			html_lit(b, " data-more=\"1\"");
		html_lit(b, ">");
		html_int(b, counts[i].n);
		if (counts[i].more)
			html_lit(b, "+");
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
		if (strcmp(cats[i].key, f->category) == 0)
			label = cats[i].label;
	/* the filters (for the sort links), and with the sort (for the CSV and the pages) */
	buf filt = BUF_INIT, q = BUF_INIT;
	qs(&filt, f->category, f->caseworker);
	buf_puts(&q, buf_cstr(&filt));
	html_qs(&q, "sort", f->sort);
	html_qs(&q, "order", list_order_name(f->order));
	html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"result-count\">");
	html_text(b, label);
	html_lit(b, ": ");
	if (total.more)
		html_lit(b, "more than ");
	html_int(b, total.n);
	html_lit(b, "</h2><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/oversight.csv?");
	html_attr_qs(b, buf_cstr(&q));
	html_lit(b, "\">Download these ");
	if (!total.more)
		html_int(b, total.n);
	else
		html_lit(b, "children and young people");
	html_lit(b, " as CSV</a></p>");
	static const struct sort_col cols[] = {
		{"Name", "name", 0, 0}, {"Placed at", NULL, 0, 0}, {"Last review", NULL, 0, 0},
		{"Next review due", "review", 0, 0}, {"Last monitoring visit", NULL, 0, 0}, {"Caseworker", "caseworker", 0, 0},
	};
	table_begin_sortable(r, "Active EHC plans", "/oversight", buf_cstr(&filt), cols, sizeof cols / sizeof cols[0], f->sort,
	                     f->order == LIST_DESC);
	struct oversight_row *row = malloc(sizeof *row);
	int shown = 0, rc = -1;
	while (row && (rc = oversight_next(it, row)) == 1) {
		if (shown == size)   /* the row after the page: there is a next page */
			break;
		ov_tr(r, row);
		shown++;
	}
	free(row);
	oversight_close(it);
	if (rc < 0)
		html_fail(b);   /* a page cut short by a store error is not shown as if whole */
	table_end(r);
	buf base = BUF_INIT;
	buf_puts(&base, "/oversight?");
	buf_puts(&base, buf_cstr(&q));
	list_pagination(r, buf_cstr(&base), (int)v.page, size, total.n, total.more, rc == 1);
	buf_free(&base);
	buf_free(&q);
	buf_free(&filt);
	page_end(r);
}

/* The list as CSV: every row of the category (and caseworker), in the
 * list's order, streamed from the same walk. */
struct ov_csv {
	struct oversight_iter *it;
	struct oversight_row row;
};

static int ov_csv_row(void *ctx, buf *b)
{
	struct ov_csv *c = ctx;
	int rc = oversight_next(c->it, &c->row);
	if (rc <= 0)
		return rc;
	const struct oversight_row *o = &c->row;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)o->id);
	const char *cells[] = {
		id, o->forename, o->surname, o->dob, where_label(o), o->out_of_area ? "Yes" : "No",
		*o->residential ? "Yes" : "No", o->ehe ? "Yes" : "No", o->awaiting ? "Yes" : "No",
		o->missing ? "Yes" : "No", o->last_review, o->next_review, o->review_overdue ? "Yes" : "No",
		o->last_visit, o->needs_visit ? "Yes" : "No", o->visit_overdue ? "Yes" : "No", o->caseworker,
	};
	csv_row(b, cells, sizeof cells / sizeof cells[0]);
	return 1;
}

static void ov_csv_close(void *ctx)
{
	struct ov_csv *c = ctx;
	oversight_close(c->it);
	free(c);
}

void h_oversight_csv(struct req *r)
{
	struct ov_view v;
	parse(r, &v);
	if (v.e.n) {
		resp_error(r, 400, "The filter is not valid", v.e.e[0].msg);
		return;
	}
	if (resp_csv_reserve(r) < 0)
		return;
	struct list_count n;
	struct ov_csv *c = calloc(1, sizeof *c);
	/* the rows the file holds, counted as it starts (the whole list is read anyway) */
	if (!c || oversight_count(r->db, &v.f, INT64_MAX, &n) < 0 || oversight_open(r->db, &v.f, 0, LIST_ALL, &c->it) < 0) {
		free(c);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	if (req_audit_export(r, "oversight", 0, n.n) < 0) {
		ov_csv_close(c);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	char name[64];
	snprintf(name, sizeof name, "oversight%s%s.csv", *v.f.category ? "-" : "", v.f.category);
	resp_csv_stream(r, name,
	                "Person ID,First name,Last name,Date of birth,Placed at,Out of area,Residential,Home educated,"
	                "Awaiting provision,Missing education or NEET,Last review decision,Next review due,Review overdue,"
	                "Last monitoring visit,Visit required,Visit overdue,Caseworker\r\n",
	                (struct csv_source){c, ov_csv_row, ov_csv_close});
}
