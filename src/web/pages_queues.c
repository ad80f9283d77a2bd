/* pages_queues.c — the lists of statutory steps: the caseworker's work
 * queue, the manager's team view, the annual reviews list and the
 * phase-transfer cohorts.
 *
 * DESIGN: each reads the stored clock (domain/clocklists.c) with an indexed
 * query and a limit: a page of rows, counts by SQL aggregates, and a CSV
 * streamed a row at a time.  A step reads and links the same as on the
 * timeline (clockview.h).
 */
#include "web/clockview.h"
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "web/forms.h"
#include "core/phase.h"
#include "core/review.h"
#include "core/validate.h"
#include "domain/queries.h"
#include "domain/clocklists.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- queues: shared pieces ------------------------------------------------------------------ */

/* A queue row as a page shows it: the stored step (clocklists.h) with its
 * title, law and the form that records it. */
struct qrow {
	int64_t person_id;
	char name[2 * 244 + 2];
	char caseworker[129];
	char title[300];
	char citation[160];
	char href[80];
	struct case_step cs;
};

static void fill_row(struct qrow *row, const struct clock_row *c)
{
	row->person_id = c->person_id;
	snprintf(row->name, sizeof row->name, "%s", c->name);
	snprintf(row->caseworker, sizeof row->caseworker, "%s", c->caseworker);
	step_title(&c->cs, row->title, sizeof row->title);
	snprintf(row->citation, sizeof row->citation, "%s", c->cs.st.rule->citation);
	row->cs = c->cs;
	buf h = BUF_INIT;
	step_action_href(&c->ep, &c->cs, &h);
	snprintf(row->href, sizeof row->href, "%s", buf_cstr(&h));
	buf_free(&h);
}

/* Pagination for a list whose filter is the query string q (built with html_qs). */
static void paged(struct req *r, const char *path, buf *q, int page, int rows, int size)
{
	buf base = BUF_INIT;
	buf_puts(&base, path);
	buf_puts(&base, buf_cstr(q));
	pagination(r, buf_cstr(&base), page, (rows + size - 1) / size);
	buf_free(&base);
}

static void count_box(struct req *r, long long n, const char *label, const char *key)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"app-count\"><span class=\"app-count__number\" data-count=\"");
	html_attr(b, key);
	html_lit(b, "\">");
	html_int(b, n);
	html_lit(b, "</span><span class=\"app-count__label\">");
	html_text(b, label);
	html_lit(b, "</span></div>");
}

/* A caseworker filter value: 0 = everyone (or none given).  -1 on a bad value. */
static int parse_caseworker(struct req *r, int64_t *out, struct errs *e)
{
	*out = 0;
	const char *v = req_param(r, "caseworker");
	long long n;
	if (!v || !*v)
		return 0;
	if (parse_int64(v, 1, INT64_MAX, &n) < 0) {
		errs_add(e, "caseworker", "Select a caseworker from the list");
		return -1;
	}
	*out = n;
	return 0;
}

static int parse_page(struct req *r, int *page, struct errs *e)
{
	long long v;
	*page = 1;
	if (!req_param(r, "page"))
		return 0;
	if (req_param_int(r, "page", 1, 1000000, &v) < 0) {
		errs_add(e, "page", "Page must be a whole number from 1");
		return -1;
	}
	*page = (int)v;
	return 0;
}

/* The last cell of a queue row: a link to record the step, for editors.
 * `what` is the link's words; the hidden text says whose step it is. */
static void td_record(struct req *r, const struct qrow *row, const char *what, int with_title)
{
	html *b = &r->out;
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (row->href[0] && req_has_role(r, ROLE_EDITORS)) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, row->href);
		html_lit(b, "\">");
		html_text(b, what);
		html_lit(b, "<span class=\"govuk-visually-hidden\"> ");
		if (with_title) {
			html_text(b, row->title);
			html_lit(b, " ");
		}
		html_lit(b, "for ");
		html_text(b, row->name);
		html_lit(b, "</span></a>");
	}
	html_lit(b, "</td></tr>");
}

/* ---- my work ----------------------------------------------------------------------------------- */

static const struct option work_shows[] = {
	{"", "Overdue and due soon"}, {"overdue", "Overdue only"}, {"due", "Due soon only"},
};

/* The query a request asks for (its errors in e). */
static void work_query(struct req *r, struct work_query *q, struct errs *e)
{
	memset(q, 0, sizeof *q);
	q->today = r->today;
	q->days = r->cfg->work_due_days;
	const char *show = req_param_or(r, "show", "");
	q->show = !strcmp(show, "overdue") ? WORK_OVERDUE : !strcmp(show, "due") ? WORK_DUE : WORK_ALL;
	if (*show && q->show == WORK_ALL)
		errs_add(e, "show", "Select what to show from the list");
	int64_t cw;
	parse_caseworker(r, &cw, e);
	/* a caseworker sees their own queue; managers may look at anyone's */
	if (!cw || !req_has_role(r, ROLE_SEES_ANY_CASELOAD))
		cw = r->user.id;
	q->caseworker = cw;
}

static const char *work_show_value(enum work_show s)
{
	return s == WORK_OVERDUE ? "overdue" : s == WORK_DUE ? "due" : "";
}

struct page_rows {
	struct req *r;
	int n;
};

static int work_row(void *ctx, const struct clock_row *c)
{
	struct page_rows *p = ctx;
	struct req *r = p->r;
	struct qrow row;
	fill_row(&row, c);
	html_lit(&r->out, "<tr class=\"govuk-table__row\">");
	td_person(r, row.person_id, row.name);
	td_text(r, row.title);
	td_day(r, row.cs.st.due, "—");
	html_lit(&r->out, "<td class=\"govuk-table__cell\">");
	step_tag(r, &row.cs);
	html_lit(&r->out, "</td>");
	td_text(r, row.citation);
	td_record(r, &row, "Record", 1);
	p->n++;
	return 0;
}

void h_work(struct req *r)
{
	struct work_query q;
	struct errs e = {0};
	int page;
	parse_page(r, &page, &e);
	work_query(r, &q, &e);
	long overdue, soon;
	if (clocklist_work_counts(r->db, &q, &overdue, &soon) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The work queue could not be read.");
		return;
	}
	if (e.n)
		r->status = 400;
	int64_t cw = q.caseworker;
	page_begin_err(r, "My work", &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">");
	html_text(b, cw == r->user.id ? "My work" : "Work queue");
	html_lit(b, "</h1><p class=\"govuk-body\">Every statutory step for ");
	html_text(b, cw == r->user.id ? "your cases" : "this caseworker's cases");
	html_lit(b, " that is overdue, or due in the next ");
	html_int(b, q.days);
	html_lit(b, " days, soonest deadline first.</p>");
	form_begin_get(r, "/work", "");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
	form_select(r, "show", "Show", NULL, work_shows, sizeof work_shows / sizeof work_shows[0], work_show_value(q.show),
	            NULL, &e);
	html_lit(b, "</div>");
	if (req_has_role(r, ROLE_SEES_ANY_CASELOAD)) {
		html_lit(b, "<div class=\"govuk-grid-column-one-third\">");
		/* their own queue is not among the caseworkers': then none is chosen */
		caseworker_select(r, "caseworker", "Caseworker", cw, "Select a caseworker", &e);
		html_lit(b, "</div>");
	}
	html_lit(b, "<div class=\"govuk-grid-column-one-third app-filter-button\">");
	form_button(r, "Show");
	html_lit(b, "</div></div>");
	form_end(r);
	html_lit(b, "<div class=\"app-count-grid\">");
	count_box(r, overdue, "overdue", "overdue");
	count_box(r, soon, "due soon", "due_soon");
	html_lit(b, "</div>");
	buf qs = BUF_INIT;
	html_qs(&qs, "show", work_show_value(q.show));
	if (cw != r->user.id)
		buf_printf(&qs, "caseworker=%lld&", (long long)cw);
	html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work.csv?");
	html_attr(b, buf_cstr(&qs));
	html_lit(b, "\">Download this list (CSV)</a></p>");
	long rows = q.show == WORK_OVERDUE ? overdue : q.show == WORK_DUE ? soon : overdue + soon;
	if (rows == 0) {
		html_lit(b, "<p class=\"govuk-body\">Nothing is overdue or due soon.</p>");
	} else {
		static const char *const cols[] = {"Child or young person", "Step", "Deadline", "Status", "Law", ""};
		table_begin(r, "Steps overdue or due soon", cols, 6);
		int size = r->cfg->page_size;
		q.offset = (long)(page - 1) * size;
		q.limit = size;
		struct page_rows pr = {r, 0};
		int rc = clocklist_work(r->db, &q, work_row, &pr);
		table_end(r);
		if (rc < 0)
			html_fail(&r->out);   /* a half-made page becomes the error page */
		paged(r, "/work?", &qs, page, (int)rows, size);
	}
	buf_free(&qs);
	qa_work_actions(r, cw);   /* issue 17: actions from quality assurance audits (pages_qa.c) */
	page_end(r);
}

/* A queue's CSV, pulled a row at a time as it is sent (resp_csv_stream). */
enum queue_kind { Q_WORK, Q_REVIEWS, Q_PHASE };
struct queue_csv {
	struct clocklist_it *it;
	day_t today;
	enum queue_kind kind;
};

static void queue_csv_close(void *p)
{
	struct queue_csv *x = p;
	clocklist_close(x->it);
	free(x);
}

static const char *progress_words(const struct phase_row *row);
static const char *overdue_band_name(day_t due, day_t today);

static int queue_csv_row(void *p, buf *b)
{
	struct queue_csv *x = p;
	char id[24], a1[11], a2[11], words[80];
	if (x->kind == Q_PHASE) {
		const struct phase_row *row;
		int rc = clocklist_phase_next(x->it, &row);
		if (rc != 1)
			return rc;
		char dl[11], lm[11], mt[11], dc[11], fn[11];
		snprintf(id, sizeof id, "%lld", (long long)row->c.person_id);
		date_format_iso(row->dob, a1);
		date_format_iso(row->c.cs.st.due, dl);
		date_format_iso(row->latest_meeting, lm);
		date_format_iso(row->meeting, mt);
		date_format_iso(row->decision, dc);
		date_format_iso(row->c.cs.st.done, fn);
		const char *cells[] = {id, row->c.name, a1, phase_kind_label(row->c.cs.phase_kind), dl, lm, mt, dc, fn,
		                       progress_words(row), step_status_code(row->c.cs.st.status), row->c.caseworker};
		csv_row(b, cells, sizeof cells / sizeof cells[0]);
		return 1;
	}
	const struct clock_row *c;
	int rc = clocklist_next(x->it, &c);
	if (rc != 1)
		return rc;
	struct qrow row;
	fill_row(&row, c);
	snprintf(id, sizeof id, "%lld", (long long)row.person_id);
	step_status_words(&row.cs, x->today, words, sizeof words);
	if (x->kind == Q_WORK) {
		date_format_iso(row.cs.st.due, a1);
		const char *cells[] = {id, row.name, row.title, a1, words, row.citation, row.caseworker};
		csv_row(b, cells, sizeof cells / sizeof cells[0]);
	} else {
		date_format_iso(row.cs.st.anchor, a1);
		date_format_iso(row.cs.st.due, a2);
		const char *cells[] = {id, row.name, a1, a2, words, overdue_band_name(row.cs.st.due, x->today), row.caseworker};
		csv_row(b, cells, sizeof cells / sizeof cells[0]);
	}
	return 1;
}

/* Streams a queue: the slot, the list opened (open() fills x->it), the export's audit row with its rows, the file. */
static void queue_csv_send(struct req *r, struct queue_csv *x, int opened, long rows, const char *entity,
                           const char *filename, const char *header)
{
	if (opened < 0) {
		free(x);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	if (req_audit_export(r, entity, 0, rows) < 0) {
		queue_csv_close(x);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	resp_csv_stream(r, filename, header, (struct csv_source){x, queue_csv_row, queue_csv_close});
}

/* A queue's download begins: a filter not valid is a 400 naming it; then a
 * download slot (resp_csv_reserve).  0 to go on; -1 once answered. */
static int queue_csv_start(struct req *r, const struct errs *e)
{
	if (e->n) {
		resp_error(r, 400, "The filter is not valid", e->e[0].msg);
		return -1;
	}
	return resp_csv_reserve(r);
}

void h_work_csv(struct req *r)
{
	struct work_query q;
	struct errs e = {0};
	work_query(r, &q, &e);
	if (queue_csv_start(r, &e) < 0)
		return;
	long overdue = 0, soon = 0;
	struct queue_csv *x = calloc(1, sizeof *x);
	int ok = x && clocklist_work_counts(r->db, &q, &overdue, &soon) == 0 && clocklist_work_open(r->db, &q, &x->it) == 0;
	if (x) {
		x->today = r->today;
		x->kind = Q_WORK;
	}
	queue_csv_send(r, x, ok ? 0 : -1, q.show == WORK_OVERDUE ? overdue : q.show == WORK_DUE ? soon : overdue + soon,
	               "work", "work.csv", "Person ID,First name and last name,Step,Deadline,Status,Law,Caseworker\r\n");
}

/* ---- the manager's view: by team and caseworker ----------------------------------------------------- */

struct team_page {
	struct req *r;
	const char *team;
	char team_buf[64];
	int any;
	long tot[5];
};

static int team_total(void *ctx, const struct team_row *row)
{
	struct team_page *t = ctx;
	long vals[5] = {row->plans, row->assessments, row->overdue, row->due_soon, row->reviews_overdue};
	for (int k = 0; k < 5; k++)
		t->tot[k] += vals[k];
	return 0;
}

static int team_html_row(void *ctx, const struct team_row *row)
{
	struct team_page *t = ctx;
	struct req *r = t->r;
	html *b = &r->out;
	if (!t->any || strcmp(t->team_buf, row->team) != 0) {
		if (t->any)
			table_end(r);
		t->any = 1;
		snprintf(t->team_buf, sizeof t->team_buf, "%s", row->team);
		html_lit(b, "<h2 class=\"govuk-heading-m\">");
		html_text(b, row->team);
		html_lit(b, "</h2>");
		static const char *const cols[] = {"Caseworker", "Active plans", "Assessments", "Steps overdue", "Due soon",
		                                   "Reviews overdue"};
		table_begin(r, row->team, cols, 6);
	}
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
	html_lit(b, "<a class=\"govuk-link\" href=\"/work?caseworker=");
	html_int(b, row->user_id);
	html_lit(b, "\">");
	html_text(b, row->name);
	html_lit(b, "</a></td>");
	long vals[5] = {row->plans, row->assessments, row->overdue, row->due_soon, row->reviews_overdue};
	for (int k = 0; k < 5; k++) {
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_int(b, vals[k]);
		html_lit(b, "</td>");
	}
	html_lit(b, "</tr>");
	return 0;
}

void h_team(struct req *r)
{
	struct team_page t;
	memset(&t, 0, sizeof t);
	t.r = r;
	int days = r->cfg->work_due_days, n, previous;
	struct team_row *rows;
	if (clocklist_team(r->db, r->today, days, &rows, &n, &previous) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The team view could not be read.");
		return;
	}
	for (int i = 0; i < n; i++)
		team_total(&t, &rows[i]);
	page_begin(r, "Team work");
	html *b = &r->out;
	html_lit(b, "<h1 class=\"govuk-heading-l\">Team work</h1><p class=\"govuk-body\">For each team and caseworker: "
	            "their caseload, and the statutory steps overdue or due in the next ");
	html_int(b, days);
	html_lit(b, " days. Select a caseworker to see their queue.</p>"
	            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/team.csv\">Download this table (CSV)</a></p>");
	if (previous)
		html_lit(b, "<div class=\"govuk-inset-text\" data-previous>These figures were counted before the latest change "
		            "to the records, which is being counted now. Reload the page in a few seconds for the new "
		            "figures.</div>");
	html_lit(b, "<div class=\"app-count-grid\">");
	count_box(r, t.tot[0], "active plans", "plans");
	count_box(r, t.tot[1], "assessments under way", "assessments");
	count_box(r, t.tot[2], "steps overdue", "overdue");
	count_box(r, t.tot[3], "steps due soon", "due_soon");
	count_box(r, t.tot[4], "annual reviews overdue", "reviews_overdue");
	html_lit(b, "</div>");
	for (int i = 0; i < n; i++)
		team_html_row(&t, &rows[i]);
	free(rows);
	if (t.any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No cases are allocated.</p>");
	page_end(r);
}

static int team_csv_row(void *ctx, const struct team_row *row)
{
	buf *b = ctx;
	char v[5][24];
	long vals[5] = {row->plans, row->assessments, row->overdue, row->due_soon, row->reviews_overdue};
	for (int k = 0; k < 5; k++)
		snprintf(v[k], sizeof v[k], "%ld", vals[k]);
	const char *cells[] = {row->team, row->name, v[0], v[1], v[2], v[3], v[4]};
	csv_row(b, cells, sizeof cells / sizeof cells[0]);
	return 0;
}

void h_team_csv(struct req *r)
{
	buf *b = resp_body(r, CSV_TYPE, "team.csv");
	buf_puts(b, "Team,Caseworker,Active plans,Assessments under way,Steps overdue,Steps due soon,Annual reviews overdue\r\n");
	struct team_row *rows;
	int n;
	if (clocklist_team(r->db, r->today, r->cfg->work_due_days, &rows, &n, NULL) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	for (int i = 0; i < n; i++)
		team_csv_row(b, &rows[i]);
	free(rows);
	req_audit(r, "export", "team", 0, 0, NULL, NULL);
}

/* ---- annual reviews due and overdue ------------------------------------------------------------------ */

static const struct option review_shows[] = {
	{"", "Overdue and due in the next 8 weeks"}, {"overdue", "Overdue only"}, {"due", "Due in the next 8 weeks"},
	{"all", "Every active plan"},
};
#define REVIEW_SOON_WEEKS 8

static const char *overdue_band_name(day_t due, day_t today)
{
	int k = review_overdue_band(due, today);
	return k < 0 ? "" : review_band_names[k];
}

static const char *review_show_value(enum review_show s)
{
	return s == REVIEWS_OVERDUE ? "overdue" : s == REVIEWS_DUE ? "due" : s == REVIEWS_ALL ? "all" : "";
}

/* The query a request asks for; *mine: the list's default caseworker (a
 * caseworker's own caseload; 0 for the other roles). */
static void review_query(struct req *r, struct review_query *q, int64_t *mine, struct errs *e)
{
	memset(q, 0, sizeof *q);
	q->today = r->today;
	q->soon = date_add_days(r->today, 7 * REVIEW_SOON_WEEKS);
	const char *show = req_param_or(r, "show", "");
	q->show = !strcmp(show, "overdue") ? REVIEWS_OVERDUE : !strcmp(show, "due") ? REVIEWS_DUE
	        : !strcmp(show, "all") ? REVIEWS_ALL : REVIEWS_SOON;
	if (*show && q->show == REVIEWS_SOON)
		errs_add(e, "show", "Select what to show from the list");
	/* a caseworker opens on their own caseload, managers and the others on
	 * everyone's; "all" asks for everyone's, a number for one caseworker's */
	*mine = req_has_role(r, ROLE_HOLDS_CASELOAD) ? r->user.id : 0;
	const char *v = req_param_or(r, "caseworker", "");
	if (!*v)
		q->caseworker = *mine;
	else if (strcmp(v, "all") != 0)
		parse_caseworker(r, &q->caseworker, e);
}

static int review_row(void *ctx, const struct clock_row *c)
{
	struct page_rows *p = ctx;
	struct req *r = p->r;
	struct qrow row;
	fill_row(&row, c);
	html_lit(&r->out, "<tr class=\"govuk-table__row\">");
	td_person(r, row.person_id, row.name);
	td_day(r, row.cs.st.anchor, "—");
	td_day(r, row.cs.st.due, "—");
	html_lit(&r->out, "<td class=\"govuk-table__cell\">");
	step_tag(r, &row.cs);
	html_lit(&r->out, "</td>");
	td_text(r, overdue_band_name(row.cs.st.due, r->today));
	td_text(r, *row.caseworker ? row.caseworker : "Not allocated");
	td_record(r, &row, "Record a review", 0);
	p->n++;
	return 0;
}

void h_reviews(struct req *r)
{
	struct review_query q;
	struct errs e = {0};
	int page;
	int64_t mine;
	parse_page(r, &page, &e);
	review_query(r, &q, &mine, &e);
	long rows, bands[5];
	if (clocklist_review_counts(r->db, &q, &rows, bands) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The reviews list could not be read.");
		return;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, "Annual reviews", &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Annual reviews</h1><p class=\"govuk-body\">Every active EHC plan must be "
	            "reviewed within 12 months of being issued and of each review (Children and Families Act 2014 s.44). "
	            "This list shows the plans whose review is overdue or due in the next 8 weeks, soonest first.</p>");
	const char *show = review_show_value(q.show);
	/* the other view, one click away: everyone's, or back to your own */
	if (mine) {
		buf other = BUF_INIT;
		buf_puts(&other, "/reviews?");
		html_qs(&other, "show", show);
		if (q.caseworker == mine)
			buf_puts(&other, "caseworker=all");
		html_qs_end(&other);
		if (other.len && other.p[other.len - 1] == '?')
			other.p[--other.len] = 0;
		html_lit(b, "<p class=\"govuk-body\" id=\"reviews-whose\">");
		html_text(b, q.caseworker == mine ? "Showing the reviews of your caseload. "
		             : q.caseworker ? "Showing one caseworker's reviews. " : "Showing every caseworker's reviews. ");
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, buf_cstr(&other));
		html_lit(b, "\">");
		html_text(b, q.caseworker == mine ? "Show all caseworkers' reviews" : "Show only your caseload");
		html_lit(b, "</a></p>");
		buf_free(&other);
	}
	form_begin_get(r, "/reviews", "");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
	form_select(r, "show", "Show", NULL, review_shows, sizeof review_shows / sizeof review_shows[0], show, NULL, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-third\">");
	caseworker_select_all(r, "caseworker", "Caseworker", q.caseworker, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-third app-filter-button\">");
	form_button(r, "Show");
	html_lit(b, "</div></div>");
	form_end(r);
	html_lit(b, "<h2 class=\"govuk-heading-s\">Overdue reviews by how long overdue</h2><div class=\"app-count-grid\">");
	static const char *const band_keys[5] = {"band1", "band2", "band3", "band4", "band5"};
	for (int i = 0; i < 5; i++)
		count_box(r, bands[i], review_band_names[i], band_keys[i]);
	html_lit(b, "</div>");
	buf qs = BUF_INIT;
	html_qs(&qs, "show", show);
	if (q.caseworker != mine) {   /* the default needs no parameter */
		if (q.caseworker)
			buf_printf(&qs, "caseworker=%lld&", (long long)q.caseworker);
		else
			buf_puts(&qs, "caseworker=all&");
	}
	html_lit(b, "<p class=\"govuk-body\">");
	html_int(b, rows);
	html_lit(b, " plans. <a class=\"govuk-link\" href=\"/reviews.csv?");
	html_attr(b, buf_cstr(&qs));
	html_lit(b, "\">Download this list (CSV)</a></p>");
	if (rows) {
		static const char *const cols[] = {"Child or young person", "Counted from", "Review due by", "Status",
		                                   "How long overdue", "Caseworker", ""};
		table_begin(r, "Annual reviews", cols, 7);
		int size = r->cfg->page_size;
		q.offset = (long)(page - 1) * size;
		q.limit = size;
		struct page_rows pr = {r, 0};
		int rc = clocklist_reviews(r->db, &q, review_row, &pr);
		table_end(r);
		if (rc < 0)
			html_fail(&r->out);
		paged(r, "/reviews?", &qs, page, (int)rows, size);
	} else {
		html_lit(b, "<p class=\"govuk-body\">No plans match.</p>");
	}
	buf_free(&qs);
	page_end(r);
}

void h_reviews_csv(struct req *r)
{
	struct review_query q;
	struct errs e = {0};
	int64_t mine;
	review_query(r, &q, &mine, &e);
	if (queue_csv_start(r, &e) < 0)
		return;
	long rows = 0, bands[5];
	struct queue_csv *x = calloc(1, sizeof *x);
	int ok = x && clocklist_review_counts(r->db, &q, &rows, bands) == 0 && clocklist_reviews_open(r->db, &q, &x->it) == 0;
	if (x) {
		x->today = r->today;
		x->kind = Q_REVIEWS;
	}
	queue_csv_send(r, x, ok ? 0 : -1, rows, "reviews", "reviews.csv",
	               "Person ID,First name and last name,Counted from,Review due by,Status,How long overdue,Caseworker\r\n");
}

/* ---- phase-transfer cohorts ------------------------------------------------------------------------------ */

/* The query a request asks for (its errors in e). */
static void phase_query(struct req *r, struct phase_query *q, struct errs *e)
{
	memset(q, 0, sizeof *q);
	q->today = r->today;
	q->year = phase_next_year(casefile_settings(), r->today);
	long long y;
	if (req_param(r, "year") && *req_param(r, "year")) {
		if (req_param_int(r, "year", 2014, 2100, &y) < 0)
			errs_add(e, "year", "Year of transfer must be a year from 2014 to 2100, for example %d", q->year);
		else
			q->year = (int)y;
	}
	const char *k = req_param_or(r, "kind", "");
	if (*k && (q->kind = phase_kind_by_code(k)) == PT_NONE)
		errs_add(e, "kind", "Select a kind of transfer from the list");
	parse_caseworker(r, &q->caseworker, e);
}

static const char *progress_words(const struct phase_row *row)
{
	if (row->c.cs.st.done != DATE_NONE)
		return "Amended plan finalised";
	if (row->decision != DATE_NONE)
		return "Review decided: final plan to follow";
	if (row->meeting != DATE_NONE)
		return "Review held: decision to follow";
	return "Review not yet held";
}

static int phase_html_row(void *ctx, const struct phase_row *row)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_person(r, row->c.person_id, row->c.name);
	td_text(r, phase_kind_label(row->c.cs.phase_kind));
	td_day(r, row->c.cs.st.due, "—");
	td_day(r, row->latest_meeting, "—");
	td_text(r, progress_words(row));
	html_lit(b, "<td class=\"govuk-table__cell\">");
	step_tag(r, &row->c.cs);
	html_lit(b, "</td>");
	td_text(r, *row->c.caseworker ? row->c.caseworker : "Not allocated");
	html_lit(b, "</tr>");
	return 0;
}

void h_phase_transfers(struct req *r)
{
	struct phase_query q;
	struct errs e = {0};
	int page;
	parse_page(r, &page, &e);
	phase_query(r, &q, &e);
	struct phase_counts c;
	if (clocklist_phase_counts(r->db, &q, &c) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The phase-transfer list could not be read.");
		return;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, "Phase transfers", &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Phase transfers: September ");
	html_int(b, q.year);
	html_lit(b, "</h1><p class=\"govuk-body\">Every child or young person with an active EHC plan due to move to the next "
	            "phase of education in September ");
	html_int(b, q.year);
	html_lit(b, ". Their plan must be reviewed and amended to name the next setting before 15 February (31 March for the "
	            "move from secondary school to post-16) of that year (SEND Regulations 2014 reg 18). The cohort is worked "
	            "out from each child's date of birth and current setting.</p>");
	if (!clocklist_phase_year_whole(q.year, r->today)) {
		/* the cohort rule runs for an active plan's next transfer from 18 months before its deadline */
		html_lit(b, "<div class=\"govuk-inset-text\" id=\"phase-recorded-only\">");
		html_text(b, q.year < phase_next_year(casefile_settings(), r->today)
		                 ? "This September has passed: the list shows the transfers that were recorded."
		                 : "This September is more than 18 months away: the list shows the transfers recorded so far. "
		                   "Each child's transfer is worked out from 18 months before its deadline.");
		html_lit(b, "</div>");
	}
	form_begin_get(r, "/phase-transfers", "");
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	char ybuf[16];
	snprintf(ybuf, sizeof ybuf, "%d", q.year);
	const char *typed = req_param(r, "year");
	form_text(r, "year", "Year of transfer", NULL, e.n && typed ? typed : ybuf, &e, "govuk-input--width-4");
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select_codes(r, "kind", "Transfer", NULL, &codes_phase_kind, req_param_or(r, "kind", ""), "Every transfer", &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	caseworker_select(r, "caseworker", "Caseworker", q.caseworker, "All caseworkers", &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter app-filter-button\">");
	form_button(r, "Show");
	html_lit(b, "</div></div>");
	form_end(r);
	html_lit(b, "<div class=\"app-count-grid\">");
	count_box(r, c.total, "due to transfer", "cohort");
	count_box(r, c.finalised, "amended plans finalised", "finalised");
	count_box(r, c.overdue, "past the deadline without a final plan", "overdue");
	html_lit(b, "</div><ul class=\"govuk-list\">");
	for (int k = PT_SCHOOL_ENTRY; k <= PT_POST16; k++) {
		html_lit(b, "<li>");
		html_text(b, phase_kind_label((enum phase_kind)k));
		html_lit(b, ": <span data-count=\"");
		html_attr(b, phase_kind_code((enum phase_kind)k));
		html_lit(b, "\">");
		html_int(b, c.by_kind[k]);
		html_lit(b, "</span></li>");
	}
	html_lit(b, "</ul>");
	buf qs = BUF_INIT;
	buf_printf(&qs, "year=%d&", q.year);
	html_qs(&qs, "kind", req_param_or(r, "kind", ""));
	if (q.caseworker)
		buf_printf(&qs, "caseworker=%lld&", (long long)q.caseworker);
	html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/phase-transfers.csv?");
	html_attr(b, buf_cstr(&qs));
	html_lit(b, "\">Download this list (CSV)</a></p>");
	if (c.total) {
		static const char *const cols[] = {"Child or young person", "Transfer", "Plan final by", "Latest review meeting",
		                                   "Progress", "Status", "Caseworker"};
		table_begin(r, "Phase transfers", cols, 7);
		int size = r->cfg->page_size;
		q.offset = (long)(page - 1) * size;
		q.limit = size;
		int rc = clocklist_phase(r->db, &q, phase_html_row, r);
		table_end(r);
		if (rc < 0)
			html_fail(&r->out);
		paged(r, "/phase-transfers?", &qs, page, (int)c.total, size);
	} else {
		html_lit(b, "<p class=\"govuk-body\">Nobody with an active plan is due to transfer that year.</p>");
	}
	buf_free(&qs);
	page_end(r);
}

void h_phase_transfers_csv(struct req *r)
{
	struct phase_query q;
	struct errs e = {0};
	phase_query(r, &q, &e);
	if (queue_csv_start(r, &e) < 0)
		return;
	struct phase_counts c;
	struct queue_csv *x = calloc(1, sizeof *x);
	int ok = x && clocklist_phase_counts(r->db, &q, &c) == 0 && clocklist_phase_open(r->db, &q, &x->it) == 0;
	if (x) {
		x->today = r->today;
		x->kind = Q_PHASE;
	}
	char name[48];
	snprintf(name, sizeof name, "phase-transfers-%d.csv", q.year);
	queue_csv_send(r, x, ok ? 0 : -1, ok ? c.total : 0, "phase_transfers", name,
	               "Person ID,First name and last name,Date of birth,Transfer,Plan final by,Latest review meeting,"
	               "Review meeting,Review decision,Amended plan finalised,Progress,Status,Caseworker\r\n");
}
