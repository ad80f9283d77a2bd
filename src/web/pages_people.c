/* pages_people.c — the caseload, the register list, its CSV, and the
 * record of one child or young person.
 *
 * DESIGN: the list and its CSV call the same domain search with the same
 * parsed filter, so the file holds exactly the rows and columns the list
 * shows (all pages of it).  The person page answers first the questions
 * inspectors asked — where is this child, is their plan current, when is
 * the review due — then the detail.  Viewing it writes an audit row.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "web/forms.h"
#include "domain/entity.h"
#include "domain/queries.h"
#include "domain/register.h"
#include "domain/casefile.h"
#include "domain/change.h"
#include "domain/personview.h"
#include "web/clockview.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Due soon" on lists and the caseload: a review due within 8 weeks, the
 * time needed to invite and gather advice 2 weeks before a meeting. */
#define REVIEW_SOON_DAYS 56

/* ---- shared bits --------------------------------------------------------- */

static const struct option status_opts[] = {
	{"active", "Active EHC plan"}, {"draft", "Draft plan"}, {"assessment", "Request or assessment under way"},
	{"ceased", "Plan ceased"}, {"none", "No plan or open request"},
};
static const struct option area_opts[] = {{"in", "In area"}, {"out", "Out of area"}};
static const struct option age_opts[] = {
	{"0-4", "Under 5"}, {"5-10", "5 to 10"}, {"11-15", "11 to 15"}, {"16-19", "16 to 19"}, {"20-25", "20 to 25"},
};
static const struct option flag_opts[] = {
	{"looked_after", "Looked after"}, {"child_in_need", "Child in need"}, {"child_protection", "Child protection plan"},
	{"care_leaver", "Care leaver"}, {"youth_justice", "Known to youth justice"}, {"ehe", "Electively home educated"},
	{"cme", "Missing education"},
};
static const struct option sort_opts[] = {
	{"name", "Name"}, {"dob", "Date of birth"}, {"review", "Next review due"}, {"caseworker", "Caseworker"},
};
static const struct option order_opts[] = {{"asc", "Ascending (A to Z, earliest first)"}, {"desc", "Descending (Z to A, latest first)"}};
/* The order a sort takes when it is first chosen: the youngest first. */
static enum list_order sort_default_order(const char *sort)
{
	return strcmp(sort, "dob") == 0 ? LIST_DESC : LIST_ASC;
}
#define NOPT(a) (sizeof(a) / sizeof((a)[0]))

static int opt_ok(const struct option *o, size_t n, const char *v)
{
	if (!v || !*v)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i].value, v) == 0)
			return 1;
	return 0;
}

static const char *opt_label(const struct option *o, size_t n, const char *v)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(o[i].value, v) == 0)
			return o[i].label;
	return v ? v : "";
}

static void status_tag(struct req *r, const char *status)
{
	if (strcmp(status, "active") == 0)
		tag(r, "green", "Active plan");
	else if (strcmp(status, "draft") == 0)
		tag(r, "yellow", "Draft plan");
	else if (strcmp(status, "assessment") == 0)
		tag(r, "blue", "Under assessment");
	else if (strcmp(status, "ceased") == 0)
		tag(r, "grey", "Plan ceased");
	else
		tag(r, "grey", "No plan");
}

static void review_cell(struct req *r, const char *due)
{
	day_t d;
	if (!due || !*due || date_parse_iso(due, &d) < 0) {
		html_lit(&r->out, "—");
		return;
	}
	html_date(&r->out, due, "");
	if (d < r->today) {
		html_lit(&r->out, " ");
		tag(r, "red", "Overdue");
	} else if (d - r->today <= REVIEW_SOON_DAYS) {
		html_lit(&r->out, " ");
		tag(r, "yellow", "Due soon");
	}
}

static const char *setting_type_label(const char *code)
{
	const char *l = code_label(&codes_setting_type, code);
	if (!l)
		l = code_label(&codes_sen_setting, code);
	return l ? l : code;
}

static void age_text(struct req *r, const char *dob)
{
	day_t d;
	if (date_parse_iso(dob, &d) == 0) {
		int age = date_age_on(d, r->today);
		html_lit(&r->out, " (");
		html_int(&r->out, age);
		html_lit(&r->out, ")");
	}
}

/* ---- filters ---------------------------------------------------------------- */

struct parsed {
	struct people_filter f;
	struct errs e;
	long long cw;
	long long page;
};

static void parse_people_filter(struct req *r, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	struct people_filter *f = &p->f;
	f->q = req_param_or(r, "q", "");
	f->case_ref_prefix = r->cfg->case_ref_prefix;
	f->status = req_param_or(r, "status", "");
	f->need = req_param_or(r, "need", "");
	f->setting_type = req_param_or(r, "setting_type", "");
	f->area = req_param_or(r, "area", "");
	f->age_band = req_param_or(r, "age_band", "");
	f->flag = req_param_or(r, "flag", "");
	f->sort = req_param_or(r, "sort", "name");
	f->today = r->today;
	f->la_code = r->cfg->la_code;
	p->page = 1;
	const char *cw = req_param(r, "caseworker");
	if (cw && *cw && parse_int64(cw, 0, INT64_MAX, &p->cw) < 0)
		errs_add(&p->e, "caseworker", "Select a caseworker from the list");
	f->caseworker = p->cw;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &p->page) < 0)
		errs_add(&p->e, "page", "Page must be a whole number from 1");
	if (strlen(f->q) > 100)
		errs_add(&p->e, "q", "Search must be 100 characters or fewer");
	if (!opt_ok(status_opts, NOPT(status_opts), f->status))
		errs_add(&p->e, "status", "Select a status from the list");
	if (*f->need && !code_find(&codes_sen_type, f->need, 0))
		errs_add(&p->e, "need", "Select a need from the list");
	if (*f->setting_type && !code_find(&codes_setting_type, f->setting_type, 0) &&
	    !code_find(&codes_sen_setting, f->setting_type, 0))
		errs_add(&p->e, "setting_type", "Select a type of setting from the list");
	if (!opt_ok(area_opts, NOPT(area_opts), f->area))
		errs_add(&p->e, "area", "Select in area or out of area");
	if (!opt_ok(age_opts, NOPT(age_opts), f->age_band))
		errs_add(&p->e, "age_band", "Select an age band from the list");
	if (!opt_ok(flag_opts, NOPT(flag_opts), f->flag))
		errs_add(&p->e, "flag", "Select a flag from the list");
	if (!people_sort_valid(f->sort))
		errs_add(&p->e, "sort", "Select a sort order from the list");
	const char *order = req_param(r, "order");
	if (order && *order && list_order_parse(order) < 0)
		errs_add(&p->e, "order", "Select ascending or descending");
	f->order = order && *order && list_order_parse(order) >= 0 ? (enum list_order)list_order_parse(order)
	                                                         : sort_default_order(people_sort_valid(f->sort) ? f->sort : "name");
	if (p->e.n) {
		/* show every row unfiltered rather than a wrong filter; errors explain */
		f->status = f->need = f->setting_type = f->area = f->age_band = f->flag = "";
		f->sort = "name";
		f->order = LIST_ASC;
		f->q = "";
		f->caseworker = 0;
		p->page = 1;
	}
}

/* The filters as a query string ("k=v&…"), without the sort and the page. */
static void query_string(buf *b, const struct people_filter *f)
{
	const struct { const char *k, *v; } kv[] = {
		{"q", f->q}, {"status", f->status}, {"need", f->need}, {"setting_type", f->setting_type},
		{"area", f->area}, {"age_band", f->age_band}, {"flag", f->flag},
	};
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		html_qs(b, kv[i].k, kv[i].v);
	if (f->caseworker)
		buf_printf(b, "caseworker=%lld&", (long long)f->caseworker);
}

/* ---- list ------------------------------------------------------------------- */

static void person_tr(struct req *r, const struct person_row *p)
{
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person(p->id).s);
	html_lit(b, "\">");
	html_text(b, p->forename);
	html_lit(b, " ");
	html_text(b, p->surname);
	html_lit(b, "</a></td><td class=\"govuk-table__cell app-nowrap\">");
	html_date(b, p->dob, "");
	age_text(r, p->dob);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	status_tag(r, p->status);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	html_text(b, *p->need ? p->need : "—");
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	if (*p->setting)
		html_text(b, p->setting);
	else if (*p->setting_type)
		html_text(b, setting_type_label(p->setting_type));
	else
		html_lit(b, "No current placement");
	if (p->out_of_area) {
		html_lit(b, " ");
		tag(r, "orange", "Out of area");
	}
	html_lit(b, "</td><td class=\"govuk-table__cell app-nowrap\">");
	review_cell(r, p->next_review);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	html_text(b, *p->caseworker ? p->caseworker : "Not allocated");
	html_lit(b, "</td></tr>");
}

static const struct sort_col people_cols[] = {
	{"Name", "name", 0, 0}, {"Date of birth (age)", "dob", 1, 0}, {"Status", NULL, 0, 0}, {"Primary need", NULL, 0, 0},
	{"Setting", NULL, 0, 0}, {"Next review due", "review", 0, 0}, {"Caseworker", "caseworker", 0, 0},
};
#define PEOPLE_COLS (sizeof people_cols / sizeof people_cols[0])

/* Rows from it until `size` are shown; 1 if another row follows (a next page), 0 if not, -1 on a store error. */
static int people_rows(struct req *r, struct people_iter *it, int size, int *shown)
{
	struct person_row *row = malloc(sizeof *row);
	int rc = -1;
	*shown = 0;
	while (row && (rc = people_next(it, row)) == 1) {
		if (*shown == size)
			break;
		person_tr(r, row);
		(*shown)++;
	}
	free(row);
	return rc;
}

void h_home(struct req *r)
{
	const char *home = home_path((unsigned)r->user.role);
	if (strcmp(home, "/") != 0) {   /* a role that holds no caseload: its own home (routes.c) */
		resp_redirect(r, home);
		return;
	}
	struct people_filter f = {0};
	f.caseworker = r->user.id;
	f.sort = "review";
	f.order = LIST_ASC;
	f.today = r->today;
	f.la_code = r->cfg->la_code;
	long long pg = 1;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &pg) < 0)
		pg = 1;
	int size = r->cfg->page_size;
	struct list_count total;
	struct people_iter *it = NULL;
	/* a caseload is found through allocations_user: its count is exact */
	if (people_count(r->db, &f, INT64_MAX, &total) < 0 || people_open(r->db, &f, (pg - 1) * size, size, &it) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Your caseload could not be loaded.");
		return;
	}
	int64_t plans = 0, overdue = 0, soon = 0;
	caseload_counts(r->db, r->user.id, r->today, REVIEW_SOON_DAYS, &plans, &overdue, &soon);
	page_begin(r, "My caseload");
	html *b = &r->out;
	html_lit(b, "<h1 class=\"govuk-heading-l\">My caseload</h1>");
	if (total.n == 0) {
		html_lit(b, "<p class=\"govuk-body\">No children or young people are allocated to you.</p>"
		            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people\">Find a child or young person</a> or "
		            "<a class=\"govuk-link\" href=\"/oversight\">see the oversight list</a>.</p>");
	} else {
		html_lit(b, "<div class=\"app-count-grid\"><div class=\"app-count\"><span class=\"app-count__number\">");
		html_int(b, total.n);
		html_lit(b, "</span><span class=\"app-count__label\">allocated to you</span></div>"
		            "<div class=\"app-count\"><span class=\"app-count__number\" data-count=\"plans\">");
		html_int(b, plans);
		html_lit(b, "</span><span class=\"app-count__label\">with an active EHC plan</span></div>"
		            "<div class=\"app-count\"><span class=\"app-count__number\" data-count=\"review_overdue\">");
		html_int(b, overdue);
		html_lit(b, "</span><span class=\"app-count__label\">annual reviews overdue</span></div>"
		            "<div class=\"app-count\"><span class=\"app-count__number\" data-count=\"review_soon\">");
		html_int(b, soon);
		html_lit(b, "</span><span class=\"app-count__label\">reviews due in the next 8 weeks</span></div>");
		html_lit(b, "</div><p class=\"govuk-body\">Sorted by next review due, most urgent first.</p>");
		table_wrap_begin(r, "Children and young people");
		html_lit(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
		            "Children and young people</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
		for (size_t i = 0; i < PEOPLE_COLS; i++) {
			html_lit(b, "<th scope=\"col\" class=\"govuk-table__header\">");
			html_text(b, people_cols[i].label);
			html_lit(b, "</th>");
		}
		html_lit(b, "</tr></thead><tbody class=\"govuk-table__body\">");
		int shown;
		if (people_rows(r, it, size, &shown) < 0)
			html_fail(b);
		table_end(r);
		pagination(r, "/?", (int)pg, (int)((total.n + size - 1) / size));
	}
	people_close(it);
	page_end(r);
}

void h_people(struct req *r)
{
	struct parsed p;
	parse_people_filter(r, &p);
	struct people_filter *f = &p.f;
	int size = r->cfg->page_size;
	struct list_count total;
	struct people_iter *it = NULL;
	if (people_count(r->db, f, r->cfg->list_count_max, &total) < 0 ||
	    people_open(r->db, f, (p.page - 1) * size, size + 1, &it) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The list could not be loaded.");
		return;
	}
	if (p.e.n)
		r->status = 400;
	page_begin_err(r, "Children and young people", &p.e);
	html *b = &r->out;
	page_error_summary(r, &p.e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Children and young people</h1>");
	if (req_may(r, "GET", "/people/new"))
		html_lit(b, "<a href=\"/people/new\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" "
		            "data-module=\"govuk-button\">Add a child or young person</a>");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">"
	            "<h2 class=\"govuk-heading-m\">Filter</h2>");
	form_begin_get(r, "/people", "app-filter-form");
	char hint[120];
	snprintf(hint, sizeof hint, "A name (surname or first name first), case reference (%s-000123), UPN, NHS number or "
	         "postcode", r->cfg->case_ref_prefix);
	form_text(r, "q", "Search", hint, req_param_or(r, "q", ""), &p.e, NULL);
	caseworker_select(r, "caseworker", "Caseworker", p.cw, "Any", &p.e);
	form_select(r, "status", "Status", NULL, status_opts, NOPT(status_opts), f->status, "Any", &p.e);
	form_select_codes(r, "need", "Primary need", NULL, &codes_sen_type, f->need, "Any", &p.e);
	{
		struct option st[64];
		size_t k = 0;
		for (size_t i = 0; i < codes_setting_type.n && k < 64; i++, k++)
			st[k] = (struct option){codes_setting_type.codes[i].code, codes_setting_type.codes[i].label};
		for (size_t i = 0; i < codes_sen_setting.n && k < 64; i++, k++)
			st[k] = (struct option){codes_sen_setting.codes[i].code, codes_sen_setting.codes[i].label};
		form_select(r, "setting_type", "Type of setting", NULL, st, k, f->setting_type, "Any", &p.e);
	}
	form_select(r, "area", "In or out of area", NULL, area_opts, NOPT(area_opts), f->area, "Any", &p.e);
	form_select(r, "age_band", "Age", NULL, age_opts, NOPT(age_opts), f->age_band, "Any", &p.e);
	form_select(r, "flag", "Flag", NULL, flag_opts, NOPT(flag_opts), f->flag, "Any", &p.e);
	form_select(r, "sort", "Sort by", NULL, sort_opts, NOPT(sort_opts), f->sort, NULL, &p.e);
	form_select(r, "order", "Order", NULL, order_opts, NOPT(order_opts), list_order_name(f->order), NULL, &p.e);
	html_lit(b, "<div class=\"govuk-button-group\">");
	form_button(r, "Apply filters");
	html_lit(b, "<a class=\"govuk-link\" href=\"/people\">Clear filters</a></div>");
	form_end(r);
	/* the filters (for the sort links), and with the order (for the CSV and the pages) */
	buf filt = BUF_INIT, q = BUF_INIT;
	query_string(&filt, f);
	buf_puts(&q, buf_cstr(&filt));
	html_qs(&q, "sort", f->sort);
	html_qs(&q, "order", list_order_name(f->order));
	html_lit(b, "</div><div class=\"govuk-grid-column-three-quarters\"><p class=\"govuk-body\" id=\"result-count\">");
	list_count_html(r, total.n, total.more);
	html_lit(b, " ");
	html_text(b, total.n == 1 && !total.more ? "child or young person" : "children and young people");
	html_lit(b, " match. <a class=\"govuk-link\" href=\"/people.csv?");
	html_attr_qs(b, buf_cstr(&q));
	html_lit(b, "\">Download ");
	if (total.more) {
		html_lit(b, "them all");
	} else {
		html_lit(b, "all ");
		html_int(b, total.n);
	}
	html_lit(b, " as CSV</a></p>");
	table_begin_sortable(r, "Children and young people", "/people", buf_cstr(&filt), people_cols, PEOPLE_COLS, f->sort,
	                     f->order == LIST_DESC);
	int shown;
	int more = people_rows(r, it, size, &shown);
	people_close(it);
	if (more < 0)
		html_fail(b);   /* a page cut short by a store error is not shown as if whole */
	table_end(r);
	buf base = BUF_INIT;
	buf_puts(&base, "/people?");
	buf_puts(&base, buf_cstr(&q));
	list_pagination(r, buf_cstr(&base), (int)p.page, size, total.n, total.more, more == 1);
	buf_free(&base);
	buf_free(&q);
	buf_free(&filt);
	html_lit(b, "</div></div>");
	page_end(r);
}

/* The register as CSV: every person the filters select, in the list's
 * order, streamed from the same walk. */
struct people_csv {
	struct people_iter *it;
	struct person_row row;
};

static int people_csv_row(void *ctx, buf *b)
{
	struct people_csv *c = ctx;
	int rc = people_next(c->it, &c->row);
	if (rc <= 0)
		return rc;
	const struct person_row *x = &c->row;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)x->id);
	const char *cells[] = {
		id, x->forename, x->surname, x->dob, opt_label(status_opts, NOPT(status_opts), x->status), x->need, x->setting,
		*x->setting_type ? setting_type_label(x->setting_type) : "", x->out_of_area ? "Yes" : "No", x->next_review,
		x->caseworker,
	};
	csv_row(b, cells, sizeof cells / sizeof cells[0]);
	return 1;
}

static void people_csv_close(void *ctx)
{
	struct people_csv *c = ctx;
	people_close(c->it);
	free(c);
}

void h_people_csv(struct req *r)
{
	struct parsed p;
	parse_people_filter(r, &p);
	if (p.e.n) {
		resp_error(r, 400, "The filter is not valid", p.e.e[0].msg);
		return;
	}
	if (resp_csv_reserve(r) < 0)
		return;
	struct list_count n;
	struct people_csv *c = calloc(1, sizeof *c);
	/* the rows the file holds, counted as it starts (the whole list is read anyway) */
	if (!c || people_count(r->db, &p.f, INT64_MAX, &n) < 0 || people_open(r->db, &p.f, 0, LIST_ALL, &c->it) < 0) {
		free(c);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	if (req_audit_export(r, "people", 0, n.n) < 0) {
		people_csv_close(c);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	resp_csv_stream(r, "children-and-young-people.csv",
	                "Person ID,First name,Last name,Date of birth,Status,Primary need,Setting,Type of setting,"
	                "Out of area,Next review due,Caseworker\r\n",
	                (struct csv_source){c, people_csv_row, people_csv_close});
}

/* ---- one person --------------------------------------------------------------------------- */

static void section_heading(struct req *r, const char *id, const char *title)
{
	html_lit(&r->out, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"");
	html_attr(&r->out, id);
	html_lit(&r->out, "\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h2>");
}

static void action_link(struct req *r, struct link (*link)(int64_t, const char *), int64_t id, const char *what,
                        const char *text)
{
	html_lit(&r->out, "<a class=\"govuk-link\" href=\"");
	html_attr(&r->out, link(id, what).s);
	html_lit(&r->out, "\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</a>");
}

static void edit_link(struct req *r, const char *what, int64_t id, const char *visually_hidden)
{
	html_lit(&r->out, "<a class=\"govuk-link\" href=\"");
	html_attr(&r->out, link_child_edit(what, id).s);
	html_lit(&r->out, "\">Change<span class=\"govuk-visually-hidden\"> ");
	html_text(&r->out, visually_hidden);
	html_lit(&r->out, "</span></a>");
}

struct now_ctx {
	struct req *r;
	int any;
};

static int now_placement(void *ctx, const struct pv_placement *p)
{
	struct now_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	day_t e;
	if (*p->end_date && date_parse_iso(p->end_date, &e) == 0 && e < r->today)
		return 0;
	x->any = 1;
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
	html_text(b, p->rank == 1 ? "Placed at" : "Also attends");
	html_lit(b, "</dt><dd class=\"govuk-summary-list__value\">");
	if (p->establishment_id) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_establishment(p->establishment_id).s);
		html_lit(b, "\">");
		html_text(b, p->name);
		html_lit(b, "</a> (");
		html_text(b, setting_type_label(p->setting_type));
		html_lit(b, ")");
	} else {
		html_text(b, setting_type_label(p->setting_code));
	}
	if (p->out_of_area) {
		html_lit(b, " ");
		tag(r, "orange", "Out of area");
	}
	if (*p->residential) {
		html_lit(b, " ");
		tag(r, "purple", "Residential");
	}
	html_lit(b, "<br><span class=\"govuk-body-s\">Since ");
	html_date(b, p->start_date, "");
	html_lit(b, "</span></dd></div>");
	return 0;
}

/* The next deadline among the child's open steps: the earliest due date. */
static const struct case_step *next_deadline(const struct casefile *cf)
{
	const struct case_step *best = NULL;
	for (int i = 0; cf && i < cf->nsteps; i++) {
		const struct clock_step *st = &cf->steps[i].st;
		if ((st->status != ST_DUE && st->status != ST_OVERDUE) || st->superseded || st->due == DATE_NONE)
			continue;
		if (!best || st->due < best->st.due)
			best = &cf->steps[i];
	}
	return best;
}

/* The first plan (an active one comes first): its dates, and its review dates when active. */
static int now_plan(void *ctx, const struct pv_plan *p)
{
	struct req *r = ctx;
	html *b = &r->out;
	if (strcmp(p->status, "active") == 0) {
		summary_row_date(r, "Plan issued", p->issue_date);
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Last annual review</dt>"
		            "<dd class=\"govuk-summary-list__value\">");
		html_date(b, p->last_review_date, "No review yet");
		html_lit(b, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Next review due by</dt>"
		            "<dd class=\"govuk-summary-list__value\">");
		review_cell(r, p->next_review_due);
		html_lit(b, "</dd></div>");
	} else if (strcmp(p->status, "draft") == 0) {
		summary_row_date(r, "Draft plan sent", p->draft_date);
	}
	return 1;
}

static int now_need(void *ctx, const struct pv_need *n)
{
	const char **primary = ctx;
	if (n->rank == 1)
		*primary = code_or(&codes_sen_type, n->sen_type, n->sen_type);
	return 1;
}

/* Where they are now: status, placement, primary need, plan dates, caseworker and the next deadline. */
static void person_now(struct req *r, int64_t pid, const char *la, const struct casefile *cf)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
	            "<h2 class=\"govuk-summary-card__title\">Where they are now</h2></div><div class=\"govuk-summary-card__content\">"
	            "<dl class=\"govuk-summary-list\">");
	char status[16];
	person_status_now(r->db, pid, status, sizeof status);
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Status</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	status_tag(r, status);
	html_lit(b, "</dd></div>");
	struct now_ctx x = {r, 0};
	person_placements_each(r->db, pid, la, now_placement, &x);
	if (!x.any)
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Placed at</dt>"
		            "<dd class=\"govuk-summary-list__value\"><strong class=\"govuk-tag govuk-tag--red\">No current placement</strong></dd></div>");
	const char *primary = NULL;
	person_needs_each(r->db, pid, now_need, &primary);
	summary_row(r, "Primary need", primary ? primary : "Not recorded");
	person_plans_each(r->db, pid, now_plan, r);
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Caseworker</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	int64_t cw;
	char name[USERNAME_BYTES];
	if (person_allocation(r->db, pid, &cw, name, sizeof name) == 1)
		html_text(b, name);
	else
		html_lit(b, "Not allocated");
	html_lit(b, "</dd><dd class=\"govuk-summary-list__actions\">");
	if (req_may(r, "GET", "/people/#/allocate")) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_person_allocate(pid).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> caseworker</span></a>");
	}
	html_lit(b, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Next deadline</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	const struct case_step *next = next_deadline(cf);
	if (next) {
		char iso[11];
		date_format_iso(next->st.due, iso);
		html_text(b, next->st.rule->title);
		html_lit(b, ": ");
		html_date(b, iso, "");
		if (next->st.status == ST_OVERDUE) {
			html_lit(b, " ");
			tag(r, "red", "Overdue");
		}
		html_lit(b, " <a class=\"govuk-link\" href=\"");
		html_attr(b, link_person_tab(pid, "/timeline").s);
		html_lit(b, "#clock\">See the timeline</a>");
	} else {
		html_lit(b, "None open");
	}
	html_lit(b, "</dd></div></dl></div></div>");
}

/* A list drawn by callbacks: the request, whether the user may edit, and
 * whether a row has been drawn yet. */
struct list_ctx {
	struct req *r;
	int editor, any;
};

static int named_row(void *ctx, const struct pv_named *n)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		html_lit(b, "<h4 class=\"govuk-heading-s\">Settings named in the plan</h4><ul class=\"govuk-list\">");
		x->any = 1;
	}
	html_lit(b, "<li>");
	if (n->establishment_id)
		html_text(b, n->name);
	else
		html_text(b, setting_type_label(n->setting_code));
	if (n->rank == 2)
		html_lit(b, " (second setting)");
	if (x->editor) {
		html_lit(b, " ");
		edit_link(r, "named", n->id, "named setting");
		html_lit(b, " <a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_delete("named", n->id).s);
		html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> named setting</span></a>");
	}
	html_lit(b, "</li>");
	return 0;
}

static int review_row(void *ctx, const struct pv_review *v)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Review meeting", "Decision date", "Decision", ""};
		html_lit(b, "<h4 class=\"govuk-heading-s\">Annual reviews</h4>");
		table_begin(r, "Annual reviews", cols, 4);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_date(r, v->meeting_date, "—");
	td_date(r, v->decision_date, "—");
	td_text(r, code_or(&codes_review_outcome, v->outcome, "Not yet decided"));
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (x->editor) {
		edit_link(r, "reviews", v->id, "review");
		html_lit(b, " <a class=\"govuk-link\" href=\"");
		html_attr(b, link_review_part(v->id, "progress").s);
		html_lit(b, "\">Progress on outcomes<span class=\"govuk-visually-hidden\"> at this review</span></a>");
	}
	html_lit(b, "</td></tr>");
	return 0;
}

static int plan_card(void *ctx, const struct pv_plan *p)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	x->any = 1;
	const char *status = p->status;
	html_lit(b, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
	            "<h3 class=\"govuk-summary-card__title\">EHC plan: ");
	html_text(b, code_or(&codes_plan_status, status, status));
	html_lit(b, "</h3>");
	if (x->editor) {
		html_lit(b, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">");
		edit_link(r, "plans", p->id, "plan");
		html_lit(b, "</li><li class=\"govuk-summary-card__action\">");
		action_link(r, link_plan_new_child, p->id, "reviews", "Add a review");
		html_lit(b, "</li><li class=\"govuk-summary-card__action\">");
		action_link(r, link_plan_new_child, p->id, "meetings", "Arrange a review meeting");
		html_lit(b, "</li><li class=\"govuk-summary-card__action\">");
		action_link(r, link_plan_new_child, p->id, "named", "Add a named setting");
		html_lit(b, "</li></ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\">");
	summary_begin(r);
	summary_row_date(r, "Draft sent", p->draft_date);
	summary_row_date(r, "Final plan issued", p->issue_date);
	summary_row_date(r, "Start date", p->start_date);
	if (strcmp(status, "ceased") == 0) {
		summary_row_date(r, "Ceased", p->cease_date);
		summary_row(r, "Reason ceased", code_or(&codes_cease_reason, p->cease_reason, ""));
	} else {
		summary_row_date(r, "Last review decision", p->last_review_date);
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Next review due by</dt>"
		            "<dd class=\"govuk-summary-list__value\">");
		review_cell(r, p->next_review_due);
		html_lit(b, "</dd></div>");
	}
	summary_row(r, "Personal budget", p->personal_budget ? "Yes" : "No");
	if (*p->transfer_in_la)
		summary_row(r, "Transferred in from LA", p->transfer_in_la);
	summary_end(r);
	plan_content_block(r, p->id, status, x->editor);
	struct list_ctx named = {r, x->editor, 0};
	plan_named_each(r->db, p->id, named_row, &named);
	if (named.any)
		html_lit(b, "</ul>");
	struct list_ctx reviews = {r, x->editor, 0};
	plan_reviews_each(r->db, p->id, review_row, &reviews);
	if (reviews.any)
		table_end(r);
	html_lit(b, "</div></div>");
	return 0;
}

static void person_plans(struct req *r, int64_t pid, int editor)
{
	html *b = &r->out;
	section_heading(r, "plans", "EHC plans");
	struct list_ctx x = {r, editor, 0};
	if (person_plans_each(r->db, pid, plan_card, &x) < 0 && !x.any)
		return;
	if (!x.any)
		html_lit(b, "<p class=\"govuk-body\">No EHC plan.</p>");
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\">");
		action_link(r, link_person_new_child, pid, "plans", "Add an EHC plan");
		html_lit(b, "</p>");
	}
}

static int need_row(void *ctx, const struct pv_need *n)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Rank", "Need", ""};
		table_begin(r, "Special educational needs", cols, 3);
		x->any = 1;
	}
	char rank[24];
	snprintf(rank, sizeof rank, "%d", n->rank);
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, n->rank == 1 ? "Primary" : n->rank == 2 ? "Secondary" : rank);
	td_text(r, code_or(&codes_sen_type, n->sen_type, ""));
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (x->editor) {
		edit_link(r, "needs", n->id, "need");
		html_lit(b, " <a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_delete("needs", n->id).s);
		html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> need</span></a>");
	}
	html_lit(b, "</td></tr>");
	return 0;
}

static void person_needs(struct req *r, int64_t pid, int editor)
{
	html *b = &r->out;
	section_heading(r, "needs", "Special educational needs");
	struct list_ctx x = {r, editor, 0};
	person_needs_each(r->db, pid, need_row, &x);
	if (!x.any)
		html_lit(b, "<p class=\"govuk-body\">No needs recorded.</p>");
	else
		table_end(r);
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\">");
		action_link(r, link_person_new_child, pid, "needs", "Add a need");
		html_lit(b, "</p>");
	}
}

static int visit_row(void *ctx, const struct pv_visit *v)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Visit date", "Type", "Outcome", "Visited by", ""};
		table_begin(r, "Visits", cols, 5);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_date(r, v->visit_date, "—");
	td_text(r, code_or(&codes_visit_type, v->visit_type, ""));
	td_text(r, code_or(&codes_visit_outcome, v->outcome, ""));
	td_text(r, v->visitor);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (x->editor)
		edit_link(r, "visits", v->id, "visit");
	html_lit(b, "</td></tr>");
	return 0;
}

static int placement_card(void *ctx, const struct pv_placement *p)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	x->any = 1;
	html_lit(b, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">");
	html_text(b, p->establishment_id ? p->name : setting_type_label(p->setting_code));
	html_lit(b, "</h3>");
	if (x->editor) {
		html_lit(b, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">");
		edit_link(r, "placements", p->id, "placement");
		html_lit(b, "</li><li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_placement_new_visit(p->id).s);
		html_lit(b, "\">Record a visit</a></li></ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\">");
	summary_begin(r);
	const char *type = p->establishment_id ? setting_type_label(p->setting_type) : "";
	if (*type)
		summary_row(r, "Type of setting", type);
	summary_row(r, "In or out of area", p->out_of_area ? "Out of area" : "In area");
	summary_row_date(r, "Start date", p->start_date);
	summary_row_date_or(r, "End date", p->end_date, "Continuing");
	const char *res = code_or(&codes_residential, p->residential, "");
	if (*res)
		summary_row(r, "Residential", res);
	if (p->rank == 2)
		summary_row(r, "Rank", "Second placement");
	summary_end(r);
	struct list_ctx visits = {r, x->editor, 0};
	placement_visits_each(r->db, p->id, visit_row, &visits);
	if (!visits.any)
		html_lit(b, "<p class=\"govuk-body\">No visits recorded.</p>");
	else
		table_end(r);
	html_lit(b, "</div></div>");
	return 0;
}

static void person_placements(struct req *r, int64_t pid, int editor)
{
	html *b = &r->out;
	section_heading(r, "placements", "Placements and visits");
	struct list_ctx x = {r, editor, 0};
	if (person_placements_each(r->db, pid, r->cfg->la_code, placement_card, &x) < 0 && !x.any)
		return;
	if (!x.any)
		html_lit(b, "<p class=\"govuk-body\">No placements recorded.</p>");
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\">");
		action_link(r, link_person_new_child, pid, "placements", "Add a placement");
		html_lit(b, "</p>");
	}
}

static int request_row(void *ctx, const struct pv_request *q)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Received", "From", "Decision to assess", "Assessment outcome", ""};
		table_begin(r, "Requests for assessment", cols, 5);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_date(r, q->received_date, "—");
	td_text(r, code_or(&codes_request_source, q->source, ""));
	html_lit(b, "<td class=\"govuk-table__cell\">");
	html_text(b, code_or(&codes_request_outcome, q->outcome, "Awaiting decision"));
	if (*q->outcome_date) {
		html_lit(b, ", ");
		html_date(b, q->outcome_date, "");
	}
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	if (q->assessment_id) {
		html_text(b, code_or(&codes_assessment_outcome, q->assessment_outcome, "Under way"));
		if (*q->assessment_outcome_date) {
			html_lit(b, ", ");
			html_date(b, q->assessment_outcome_date, "");
		}
	} else {
		html_lit(b, "—");
	}
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	if (x->editor) {
		edit_link(r, "requests", q->id, "request");
		if (strcmp(q->outcome, "Y") == 0) {
			html_lit(b, " <a class=\"govuk-link\" href=\"");
			html_attr(b, link_request_assessment(q->id).s);
			html_lit(b, "\">");
			html_text(b, q->assessment_id ? "Change assessment" : "Record assessment");
			html_lit(b, "</a>");
		}
	}
	html_lit(b, "</td></tr>");
	return 0;
}

static void person_requests(struct req *r, int64_t pid, int editor)
{
	html *b = &r->out;
	section_heading(r, "requests", "Requests for assessment");
	struct list_ctx x = {r, editor, 0};
	person_requests_each(r->db, pid, request_row, &x);
	if (!x.any)
		html_lit(b, "<p class=\"govuk-body\">No requests recorded.</p>");
	else
		table_end(r);
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\">");
		action_link(r, link_person_new_child, pid, "requests", "Add a request for assessment");
		html_lit(b, "</p>");
	}
}

static int note_row(void *ctx, const struct pv_note *n)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	x->any = 1;
	html_lit(b, "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s govuk-!-margin-bottom-1\"><strong>");
	html_text(b, n->author);
	html_lit(b, "</strong>, ");
	html_instant(b, n->created_at);
	if (n->version > 1)
		html_lit(b, " (changed since)");
	if (x->editor) {
		html_lit(b, " ");
		edit_link(r, "notes", n->id, "note");
	}
	html_lit(b, "</p><p class=\"govuk-body app-pre-wrap\">");
	html_text(b, n->body);
	html_lit(b, "</p></div>");
	return 0;
}

static void person_notes(struct req *r, int64_t pid, int editor)
{
	html *b = &r->out;
	section_heading(r, "notes", "Notes");
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\">");
		action_link(r, link_person_new_child, pid, "notes", "Add a note");
		html_lit(b, "</p>");
	}
	struct list_ctx x = {r, editor, 0};
	person_notes_each(r->db, pid, note_row, &x);
	if (!x.any)
		html_lit(b, "<p class=\"govuk-body\">No notes.</p>");
}

static int history_row(void *ctx, const struct pv_change *c)
{
	struct list_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	x->any = 1;
	const char *action = c->action, *entity = c->entity;
	const struct entity *e = entity_by_name(entity);
	static const struct { const char *entity, *noun; } other[] = {
		{"allocations", "caseworker"}, {"review-meetings", "review meeting"}, {"letters", "letter"},
		{"outbox", "email"}, {"requests", "request"}, {"plan-versions", "version of the plan"},
		{"review-progress", "progress on outcomes"},
	};
	const char *noun = e ? e->noun : entity;
	for (size_t k = 0; !e && k < sizeof other / sizeof other[0]; k++)
		if (!strcmp(entity, other[k].entity))
			noun = other[k].noun;
	const char *verb = strcmp(action, "create") == 0 ? "added" : strcmp(action, "update") == 0 ? "changed"
	                 : strcmp(action, "delete") == 0 ? "removed" : "allocated";
	html_lit(b, "<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\"><h3 class=\"moj-timeline__title\">");
	char title[160];
	snprintf(title, sizeof title, "%c%s %s", noun[0] >= 'a' && noun[0] <= 'z' ? noun[0] - 32 : noun[0], noun + 1, verb);
	html_text(b, title);
	html_lit(b, "</h3> <p class=\"moj-timeline__byline\">by ");
	html_text(b, c->who);
	html_lit(b, "</p></div><p class=\"moj-timeline__date\"><time datetime=\"");
	html_attr(b, c->at);
	html_lit(b, "\">");
	html_instant(b, c->at);
	html_lit(b, "</time></p>");
	if (*c->fields && strcmp(action, "update") == 0) {
		html_lit(b, "<div class=\"moj-timeline__description\">Changed: ");
		/* field names to labels */
		char fields[512];
		snprintf(fields, sizeof fields, "%s", c->fields);
		int firstf = 1;
		char *save = NULL;
		for (char *tok = strtok_r(fields, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			int k = e ? entity_field_index(e, tok) : -1;
			if (!firstf)
				html_lit(b, ", ");
			html_text(b, k >= 0 ? e->fields[k].label : tok);
			firstf = 0;
		}
		html_lit(b, "</div>");
	}
	html_lit(b, "</div>");
	return 0;
}

static void person_history(struct req *r, int64_t pid)
{
	html *b = &r->out;
	section_heading(r, "history", "History");
	html_lit(b, "<div class=\"moj-timeline\">");
	struct list_ctx x = {r, 0, 0};
	person_history_each(r->db, pid, history_row, &x);
	html_lit(b, "</div>");
	if (!x.any)
		html_lit(b, "<p class=\"govuk-body\">No changes recorded yet.</p>");
}

/* The tabs of a child's record (MOJ sub-navigation), each its own page. */
static const struct { const char *tab, *label, *suffix; } person_tabs[] = {
	{"overview", "Overview", ""},
	{"timeline", "Timeline", "/timeline"},
	{"plan", "Plan", "/plan"},
	{"family", "Family and views", "/family"},
	{"documents", "Documents", "/documents"},
	{"history", "History", "/history"},
};

int person_page_begin(struct req *r, const char *tab, struct record *p)
{
	int64_t pid = r->ids[0];
	if (entity_load(r->db, &ent_person, pid, p) != ENT_OK) {
		resp_error(r, 404, "Page not found", "There is no child or young person with this number.");
		return -1;
	}
	req_audit(r, "view", "people", pid, pid, NULL, NULL);
	char name[2 * NAME_BYTES];
	snprintf(name, sizeof name, "%s %s", record_get(&ent_person, p, "forename"), record_get(&ent_person, p, "surname"));
	const char *tab_label = "";
	for (size_t i = 0; i < sizeof person_tabs / sizeof person_tabs[0]; i++)
		if (!strcmp(person_tabs[i].tab, tab))
			tab_label = person_tabs[i].label;
	char title[2 * NAME_BYTES + 64];
	if (!strcmp(tab, "overview"))
		snprintf(title, sizeof title, "%s", name);
	else
		snprintf(title, sizeof title, "%s: %s", tab_label, name);
	page_begin(r, title);
	html *b = &r->out;
	const char *saved = req_param(r, "saved"), *removed = req_param(r, "removed");
	const struct entity *se = entity_by_name(saved ? saved : removed);
	if (saved && !strcmp(saved, "review-meetings"))
		page_success(r, "Review meeting arranged: the invitations are in the outbox");
	if (saved && !strcmp(saved, "progress"))
		page_success(r, "Progress on the outcomes saved");
	if (se) {
		char msg[120];
		snprintf(msg, sizeof msg, "%c%s %s", se->noun[0] >= 'a' && se->noun[0] <= 'z' ? se->noun[0] - 32 : se->noun[0],
		         se->noun + 1, saved ? "saved" : "removed");
		page_success(r, msg);
	}
	person_merge_notice(r, pid);   /* merged into another record, or absorbed others (pages_duplicates.c) */
	html_lit(b, "<span class=\"govuk-caption-l\">Child or young person</span><h1 class=\"govuk-heading-l govuk-!-margin-bottom-2\">");
	html_text(b, name);
	html_lit(b, "</h1><p class=\"govuk-body\">Born ");
	const char *dob = record_get(&ent_person, p, "dob");
	html_date(b, dob, "");
	age_text(r, dob);
	static const struct { const char *field, *label; } flags[] = {
		{"looked_after", "Looked after"}, {"child_in_need", "Child in need"}, {"child_protection", "Child protection plan"},
		{"care_leaver", "Care leaver"}, {"youth_justice", "Youth justice"}, {"ehe", "Home educated"}, {"cme", "Missing education"},
	};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		const char *v = record_get(&ent_person, p, flags[i].field);
		if (v && strcmp(v, "1") == 0) {
			html_lit(b, " ");
			tag(r, strcmp(flags[i].field, "cme") == 0 || strcmp(flags[i].field, "child_protection") == 0 ? "red" : "blue",
			    flags[i].label);
		}
	}
	html_lit(b, "</p><nav class=\"moj-sub-navigation\" aria-label=\"Child's record\"><ul class=\"moj-sub-navigation__list\">");
	for (size_t i = 0; i < sizeof person_tabs / sizeof person_tabs[0]; i++) {
		html_lit(b, "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\" ");
		if (!strcmp(person_tabs[i].tab, tab))
			html_lit(b, "aria-current=\"page\" ");
		html_lit(b, "href=\"");
		html_attr(b, link_person_tab(pid, person_tabs[i].suffix).s);
		html_lit(b, "\">");
		html_text(b, person_tabs[i].label);
		html_lit(b, "</a></li>");
	}
	html_lit(b, "</ul></nav>");
	return 0;
}

void h_person(struct req *r)
{
	struct record p;
	if (person_page_begin(r, "overview", &p) < 0)
		return;
	int64_t pid = r->ids[0];
	/* the record's parts are changed through the entity forms: who may use them may change it */
	int editor = req_may(r, "GET", "/people/#/edit");
	html *b = &r->out;
	struct casefile *cf = casefile_load(r->db, pid, r->today);
	person_now(r, pid, r->cfg->la_code, cf);
	casefile_free(cf);

	section_heading(r, "details", "Details");
	summary_begin(r);
	char tmp[160];
	for (int i = 2; i < ent_person.nfields; i++) {
		const struct field *f = &ent_person.fields[i];
		if (f->type == FT_FLAG)
			continue;
		summary_row(r, f->label, field_display(r->db, f, p.v[i], tmp, sizeof tmp));
	}
	summary_end(r);
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_person_edit(pid).s);
		html_lit(b, "\">Change details</a></p>");
	}
	person_needs(r, pid, editor);
	person_placements(r, pid, editor);
	person_notes(r, pid, editor);
	page_end(r);
	record_free(&p);
}

/* The statutory clock, the requests for assessment, and what was sent. */
void h_person_timeline(struct req *r)
{
	struct record p;
	if (person_page_begin(r, "timeline", &p) < 0)
		return;
	int64_t pid = r->ids[0];
	int editor = req_may(r, "GET", "/people/#/edit");
	html_lit(&r->out, "<nav aria-label=\"On this page\"><ul class=\"govuk-list govuk-body-s app-on-this-page\">"
	            "<li><a class=\"govuk-link\" href=\"#clock\">Statutory timeline</a></li>"
	            "<li><a class=\"govuk-link\" href=\"#requests\">Requests</a></li>"
	            "<li><a class=\"govuk-link\" href=\"#letters\">Letters</a></li><li><a class=\"govuk-link\" href=\"#emails\">Emails</a></li>"
	            "</ul></nav>");
	struct casefile *cf = casefile_load(r->db, pid, r->today);
	person_clock(r, cf, editor);
	casefile_free(cf);
	person_requests(r, pid, editor);
	person_letters(r, pid, editor);
	person_emails(r, pid);
	page_end(r);
	record_free(&p);
}

/* The EHC plans: their dates, named settings and reviews. */
void h_person_plan(struct req *r)
{
	struct record p;
	if (person_page_begin(r, "plan", &p) < 0)
		return;
	person_plans(r, r->ids[0], req_may(r, "GET", "/people/#/edit"));
	page_end(r);
	record_free(&p);
}

/* Who changed the record, and when. */
void h_person_history(struct req *r)
{
	struct record p;
	if (person_page_begin(r, "history", &p) < 0)
		return;
	person_history(r, r->ids[0]);
	page_end(r);
	record_free(&p);
}

void h_allocate(struct req *r)
{
	int64_t pid = r->ids[0];
	struct record p;
	if (entity_load(r->db, &ent_person, pid, &p) != ENT_OK) {
		resp_error(r, 404, "Page not found", "There is no child or young person with this number.");
		return;
	}
	struct errs e = {0};
	int64_t current = 0;
	char current_name[USERNAME_BYTES] = "";
	person_allocation(r->db, pid, &current, current_name, sizeof current_name);
	long long chosen = current;
	if (strcmp(r->method, "POST") == 0) {
		const char *v = req_param_or(r, "caseworker", "");
		int rc = PV_REFUSED;
		if (*v && parse_int64(v, 1, INT64_MAX, &chosen) == 0) {
			/* the caseworker they have already: nothing changes, no audit row, back to the record */
			struct actor who;
			req_actor(r, &who);
			rc = person_allocate(r->db, &who, pid, chosen, "caseworker", &e);
		} else
			errs_add(&e, "caseworker", "Select a caseworker");
		if (rc == PV_OK) {
			buf loc = BUF_INIT;
			buf_puts(&loc, link_person(pid).s);
			resp_redirect(r, buf_cstr(&loc));
			buf_free(&loc);
			record_free(&p);
			return;
		}
		if (rc == PV_ERROR) {
			resp_error(r, 500, "Sorry, there is a problem with the service", "The caseworker has not been changed.");
			record_free(&p);
			return;
		}
		chosen = current;
	}
	char title[200];
	snprintf(title, sizeof title, "Choose a caseworker for %s %s", record_get(&ent_person, &p, "forename"),
	         record_get(&ent_person, &p, "surname"));
	if (e.n)
		r->status = 422;
	page_begin_err(r, title, &e);
	buf back = BUF_INIT;
	buf_puts(&back, link_person(pid).s);
	page_back_link(r, buf_cstr(&back));
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1>");
	form_begin(r, r->path);
	char hint[USERNAME_BYTES + 160];   /* the name and the sentence about caseloads, whole */
	if (*current_name)
		snprintf(hint, sizeof hint, "Now allocated to %s. Each caseworker's caseload is the number of children "
		         "and young people allocated to them now.", current_name);
	else
		snprintf(hint, sizeof hint, "Not allocated yet. Each caseworker's caseload is the number of children and "
		         "young people allocated to them now.");
	caseworker_select_loads(r, "caseworker", "Caseworker", hint, chosen, "Select…", &e);
	form_button(r, "Save");
	form_end(r);
	html_lit(&r->out, "</div></div>");
	page_end(r);
	buf_free(&back);
	record_free(&p);
}
