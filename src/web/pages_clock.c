/* pages_clock.c — the statutory clock on the page: a child's timeline, the
 * caseworker's work queue, the manager's team view, the annual reviews list
 * and the phase-transfer cohorts.
 *
 * DESIGN: every deadline here comes from the core clock through
 * casefile.c; these pages only choose which steps to show and how.  The
 * queues walk the area with casefile_each (one query per table for the
 * whole area), filter the steps, sort and page them in memory.  Each list
 * has a CSV of exactly the rows its filter selects.
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

/* ---- naming and tagging a step ------------------------------------------------------ */

static const char *service_label(const char *service)
{
	const char *l = code_label(&codes_advice_service, service);
	return l ? l : service;
}

void step_title(const struct case_step *cs, char *out, size_t n)
{
	const struct clock_step *st = &cs->st;
	const struct rule *r = st->rule;
	if (strcmp(r->step, "advice") == 0) {
		const char *svc = strchr(st->id, ':');
		snprintf(out, n, "Advice from %s", service_label(svc ? svc + 1 : ""));
	} else if (st->review > 0) {
		snprintf(out, n, "Review %d: %s", st->review, r->title);
	} else if (st->phase > 0) {
		snprintf(out, n, "%s: %s, September %d", r->title, phase_kind_label(cs->phase_kind), cs->phase_year);
	} else {
		snprintf(out, n, "%s", r->title);
	}
}

void step_status_words(const struct case_step *cs, day_t today, char *out, size_t n)
{
	const struct clock_step *st = &cs->st;
	int d = st->due != DATE_NONE ? date_diff_days(today, st->due) : 0;
	switch (st->status) {
	case ST_MET:
		snprintf(out, n, "met");
		break;
	case ST_LATE:
		if (st->inside_comment)
			snprintf(out, n, "final plan issued inside the comment period");
		else
			snprintf(out, n, "late by %d day%s", date_diff_days(st->due, st->done), date_diff_days(st->due, st->done) == 1 ? "" : "s");
		break;
	case ST_DUE:
		if (st->rule->advisory)
			snprintf(out, n, "recommended by this date");
		else if (d == 0)
			snprintf(out, n, "due today");
		else
			snprintf(out, n, "due in %d day%s", d, d == 1 ? "" : "s");
		break;
	case ST_OVERDUE:
		if (st->superseded)
			snprintf(out, n, "not done before the next review");
		else if (st->rule->advisory)
			snprintf(out, n, "recommended date passed %d day%s ago", -d, d == -1 ? "" : "s");
		else
			snprintf(out, n, "overdue by %d day%s", -d, d == -1 ? "" : "s");
		break;
	case ST_EXCUSED:
		snprintf(out, n, "excused by an exception");
		break;
	case ST_NA:
		snprintf(out, n, st->history_unknown ? "not known: earlier reviews are not on record" : "not applicable");
		break;
	case ST_UNDATED:
		snprintf(out, n, "done (date not recorded)");
		break;
	}
}

void step_tag(struct req *r, const struct case_step *cs)
{
	char words[80];
	step_status_words(cs, r->today, words, sizeof words);
	words[0] = (char)(words[0] >= 'a' && words[0] <= 'z' ? words[0] - 32 : words[0]);
	const char *colour = "";
	switch (cs->st.status) {
	case ST_MET: colour = "green"; break;
	case ST_LATE: colour = "red"; break;
	case ST_DUE: colour = cs->st.rule->advisory ? "purple" : "blue"; break;
	case ST_OVERDUE: colour = cs->st.rule->advisory ? "purple" : "red"; break;
	case ST_EXCUSED: colour = "grey"; break;
	case ST_NA: colour = "grey"; break;
	case ST_UNDATED: colour = "grey"; break;
	}
	tag(r, colour, words);
}

void step_action_href(const struct case_episode *ep, const struct case_step *cs, buf *out)
{
	const char *step = cs->st.rule->step;
	if (strcmp(step, "request_decision") == 0)
		link_child_edit(out, "requests", ep->request_id);
	else if (strcmp(step, "advice") == 0)
		link_child_edit(out, "advice", cs->advice_id);
	else if (strcmp(step, "not_issue_decision") == 0)
		link_request_assessment(out, ep->request_id);
	else if (strcmp(step, "draft_comment_end") == 0 || strcmp(step, "final_plan") == 0) {
		if (ep->plan_id)
			link_child_edit(out, "plans", ep->plan_id);
		else if (ep->issue_agreed)
			link_request_new_child(out, ep->request_id, "plan");
		else if (ep->request_id && ep->request_decided)
			link_request_assessment(out, ep->request_id);
	} else if (cs->review_id)
		link_child_edit(out, "reviews", cs->review_id);
	else if (strcmp(step, "review_due") == 0 || strcmp(step, "under5_review") == 0 ||
	         strcmp(step, "phase_transfer_meeting") == 0)
		link_plan_new_child(out, ep->plan_id, "reviews");
	else if (strcmp(step, "transfer_in_letter") == 0)
		link_child_edit(out, "plans", ep->plan_id);
	else if (strcmp(step, "phase_transfer_final") == 0) {
		if (cs->phase_id)
			link_child_edit(out, "phase", cs->phase_id);
		else
			link_plan_new_child(out, ep->plan_id, "phase");
	}
}

static const char *action_words(const struct case_episode *ep, const struct case_step *cs)
{
	const char *step = cs->st.rule->step;
	int open = cs->st.done == DATE_NONE;
	if (open && (strcmp(step, "final_plan") == 0 || strcmp(step, "draft_comment_end") == 0))
		return ep->plan_id ? "Record the final plan" : ep->issue_agreed ? "Record the draft plan"
		                                                                 : "Record the decision whether to issue";
	if (strcmp(step, "review_due") == 0 || strcmp(step, "under5_review") == 0 || strcmp(step, "phase_transfer_meeting") == 0)
		return "Record a review";
	if (strcmp(step, "phase_transfer_final") == 0)
		return cs->phase_id ? "Change the phase transfer" : "Record the phase transfer";
	return open ? "Record this step" : "Change";
}

/* ---- the person page's timeline ---------------------------------------------------------- */

static void exc_label(const struct casefile *cf, int64_t id, int derived, char *out, size_t n)
{
	snprintf(out, n, "an exception");
	for (int i = 0; i < cf->nexc; i++)
		if ((id && cf->exc[i].id == id) || (!id && derived && cf->exc[i].id == 0)) {
			const struct exc_def *d = exc_by_code(cf->exc[i].reason);
			snprintf(out, n, "%s%s", d ? d->label : cf->exc[i].reason, cf->exc[i].id ? "" : " (from the recorded closure)");
			return;
		}
}

static void timeline_item(struct req *r, const struct casefile *cf, const struct case_step *cs, int editor)
{
	buf *b = &r->out;
	const struct clock_step *st = &cs->st;
	char title[300];
	step_title(cs, title, sizeof title);
	html_lit(b, "<div class=\"moj-timeline__item\" data-step=\"");
	html_attr(b, st->id);
	html_lit(b, "\" data-status=\"");
	html_attr(b, st->rule->advisory ? "advice" : step_status_code(st->status));
	html_lit(b, "\"><div class=\"moj-timeline__header\"><h4 class=\"moj-timeline__title\">");
	html_text(b, title);
	html_lit(b, "</h4> <p class=\"moj-timeline__byline\">");   /* the space: MOJ's title and byline are inline */
	html_text(b, st->rule->citation);
	html_lit(b, "</p></div><p class=\"moj-timeline__date\">");
	char iso[11];
	date_format_iso(st->due, iso);
	if (st->rule->advisory)
		html_lit(b, "Recommended by ");
	else if (strcmp(st->rule->step, "draft_comment_end") == 0)
		html_lit(b, "Comment period ends ");
	else if (st->rule->unit == RU_WEEKS_BEFORE)
		html_lit(b, "At the latest on ");
	else
		html_lit(b, "Due by ");
	html_date(b, iso, "—");
	html_lit(b, "</p><div class=\"moj-timeline__description\"><p class=\"govuk-body\">");
	step_tag(r, cs);
	if (st->done != DATE_NONE) {
		date_format_iso(st->done, iso);
		html_lit(b, " Done ");
		html_date(b, iso, "");
		html_lit(b, ".");
	} else if (st->status != ST_NA) {
		html_lit(b, " Not done yet.");
	}
	if (st->status == ST_EXCUSED) {
		char why[200];
		exc_label(cf, cs->exception_id, cs->exception_derived, why, sizeof why);
		html_lit(b, " Excused: ");
		html_text(b, why);
		html_lit(b, ".");
	}
	if (st->rule->advisory)
		html_lit(b, " This is guidance, not a legal time limit.");
	html_lit(b, "</p>");
	if (editor) {
		buf href = BUF_INIT;
		step_action_href(&cf->ep[cs->episode], cs, &href);
		if (href.len) {
			html_lit(b, "<p class=\"govuk-body-s\"><a class=\"govuk-link\" href=\"");
			html_attr(b, buf_cstr(&href));
			html_lit(b, "\">");
			html_text(b, action_words(&cf->ep[cs->episode], cs));
			html_lit(b, "<span class=\"govuk-visually-hidden\">: ");
			html_text(b, title);
			html_lit(b, "</span></a></p>");
		}
		buf_free(&href);
	}
	html_lit(b, "</div></div>");
}

static void panel_item(struct req *r, const struct case_panel *p, int editor)
{
	buf *b = &r->out;
	const char *kind = code_label(&codes_panel_kind, p->kind);
	const char *dec = *p->decision ? code_label(&codes_panel_decision, p->decision) : NULL;
	char iso[11];
	html_lit(b, "<div class=\"moj-timeline__item\" data-panel=\"");
	html_int(b, p->case_id);
	html_lit(b, "\"><div class=\"moj-timeline__header\"><h4 class=\"moj-timeline__title\">Panel: ");
	html_text(b, kind ? kind : p->kind);
	html_lit(b, "</h4> <p class=\"moj-timeline__byline\"><a class=\"govuk-link\" href=\"");
	link_panel(b, p->panel_id);
	html_lit(b, "\">See the panel</a></p></div><p class=\"moj-timeline__date\">");
	date_format_iso(p->date, iso);
	html_date(b, iso, "");
	html_lit(b, "</p><div class=\"moj-timeline__description\"><p class=\"govuk-body\">");
	if (dec)
		tag(r, strcmp(p->decision, "agree") == 0 ? "green" : strcmp(p->decision, "decline") == 0 ? "red" : "yellow", dec);
	else
		tag(r, "blue", p->date > r->today ? "Booked" : "Decision not recorded");
	html_lit(b, "</p>");
	if (editor) {
		html_lit(b, "<p class=\"govuk-body-s\"><a class=\"govuk-link\" href=\"");
		link_child_edit(b, "panel-cases", p->case_id);
		html_lit(b, "\">Record the panel's decision<span class=\"govuk-visually-hidden\"> for this case</span></a></p>");
	}
	html_lit(b, "</div></div>");
}

static void episode_heading(struct req *r, const struct casefile *cf, const struct case_episode *ep, int editor)
{
	buf *b = &r->out;
	char iso[11];
	date_format_iso(ep->date, iso);
	html_lit(b, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">");
	if (ep->kind == EP_ASSESSMENT) {
		html_lit(b, "EHC needs assessment: request received ");
		html_date(b, iso, "");
	} else {
		html_lit(b, "EHC plan issued ");
		html_date(b, iso, "");
		const char *l = code_label(&codes_plan_status, ep->plan_status);
		html_lit(b, " (");
		html_text(b, l ? l : ep->plan_status);
		html_lit(b, ")");
	}
	html_lit(b, "</h3>");
	if (editor) {
		html_lit(b, "<ul class=\"govuk-summary-card__actions\">");
		if (ep->kind == EP_ASSESSMENT) {
			html_lit(b, "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
			link_request_new_child(b, ep->request_id, "advice/ask");
			html_lit(b, "\">Ask for advice<span class=\"govuk-visually-hidden\"> for this assessment</span></a></li>"
			            "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
			link_request_new_child(b, ep->request_id, "panel");
			html_lit(b, "\">Add to a panel<span class=\"govuk-visually-hidden\"> (this request)</span></a></li>");
		} else if (strcmp(ep->plan_status, "active") == 0) {
			html_lit(b, "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
			link_plan_new_child(b, ep->plan_id, "reviews");
			html_lit(b, "\">Record a review<span class=\"govuk-visually-hidden\"> of this plan</span></a></li>"
			            "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
			link_plan_new_child(b, ep->plan_id, "phase");
			html_lit(b, "\">Record a phase transfer<span class=\"govuk-visually-hidden\"> for this plan</span></a></li>");
		}
		html_lit(b, "</ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\">");
	(void)cf;
}

void person_clock(struct req *r, const struct casefile *cf, int editor)
{
	buf *b = &r->out;
	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"clock\">Statutory timeline</h2>"
	            "<p class=\"govuk-body\">Every step the law times, worked out from the dates recorded: its deadline, "
	            "whether it was met, and the law that sets it. Newest first.</p>");
	if (!cf) {
		html_lit(b, "<p class=\"govuk-body\">The timeline could not be worked out. Try again later.</p>");
		return;
	}
	if (cf->truncated)
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "This record has more steps than the timeline shows. Ask an administrator to check it.</strong></div>");
	if (cf->nep == 0)
		html_lit(b, "<p class=\"govuk-body\">No request for assessment or EHC plan is recorded yet.</p>");
	/* newest episode first: plans, then assessments, each by date */
	int order[CASE_MAX_EPISODES], n = 0;
	for (int i = 0; i < cf->nep; i++)
		order[n++] = i;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			const struct case_episode *a = &cf->ep[order[j - 1]], *c = &cf->ep[order[j]];
			if (c->date > a->date || (c->date == a->date && c->kind == EP_PLAN && a->kind != EP_PLAN)) {
				int t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		}
	for (int k = 0; k < n; k++) {
		const struct case_episode *ep = &cf->ep[order[k]];
		episode_heading(r, cf, ep, editor);
		/* newest first; a plan's steps before its latest review (when done) go in "Earlier steps" */
		int latest_review = 0;
		for (int i = ep->first; i < ep->first + ep->n; i++)
			if (cf->steps[i].st.review > latest_review)
				latest_review = cf->steps[i].st.review;
		int earlier = 0;
		html_lit(b, "<div class=\"moj-timeline\">");
		for (int i = ep->first + ep->n - 1; i >= ep->first; i--) {
			const struct case_step *cs = &cf->steps[i];
			int old = ep->kind == EP_PLAN && cs->st.review > 0 && cs->st.review < latest_review &&
			          cs->st.status != ST_OVERDUE && cs->st.status != ST_DUE;
			if (old && !earlier) {
				html_lit(b, "</div><details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
				            "<span class=\"govuk-details__summary-text\">Earlier reviews</span></summary>"
				            "<div class=\"govuk-details__text\"><div class=\"moj-timeline\">");
				earlier = 1;
			}
			/* this request's panels come just after (above) the decision whether to assess */
			if (ep->kind == EP_ASSESSMENT && strcmp(cs->st.rule->step, "request_decision") == 0)
				for (int p = cf->npanels - 1; p >= 0; p--)
					if (cf->panels[p].request_id == ep->request_id)
						panel_item(r, &cf->panels[p], editor);
			timeline_item(r, cf, cs, editor);
		}
		html_lit(b, "</div>");
		if (earlier)
			html_lit(b, "</div></details>");
		if (ep->kind == EP_ASSESSMENT)
			for (int i = ep->first; i < ep->first + ep->n; i++)
				if (strcmp(cf->steps[i].st.rule->step, "final_plan") == 0 && cf->steps[i].st.status != ST_NA) {
					html_lit(b, "<p class=\"govuk-body-s\" data-week20=\"");
					html_int(b, cf->steps[i].st.exception_applies);
					html_lit(b, "\">20-week exceptions apply (SEN2 Week20): ");
					html_text(b, cf->steps[i].st.exception_applies ? "Yes" : "No");
					html_lit(b, "</p>");
				}
		if (ep->kind == EP_PLAN && ep->phase_computed && ep->next_phase != PT_NONE) {
			html_lit(b, "<p class=\"govuk-body-s\">The phase transfer is worked out from the date of birth and the current "
			            "setting; record it to name the next setting.</p>");
		}
		html_lit(b, "</div></div>");
	}

	/* exceptions */
	html_lit(b, "<h3 class=\"govuk-heading-s\" id=\"exceptions\">Exceptions to the time limits</h3>");
	if (cf->nexc == 0) {
		html_lit(b, "<p class=\"govuk-body\">None recorded.</p>");
	} else {
		table_wrap_begin(r, "Exceptions to the time limits");
		html_lit(b, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		            "<th scope=\"col\" class=\"govuk-table__header\">Reason</th><th scope=\"col\" class=\"govuk-table__header\">From</th>"
		            "<th scope=\"col\" class=\"govuk-table__header\">To</th><th scope=\"col\" class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Actions</span></th>"
		            "</tr></thead><tbody class=\"govuk-table__body\">");
		for (int i = 0; i < cf->nexc; i++) {
			const struct case_exception *x = &cf->exc[i];
			const struct exc_def *d = exc_by_code(x->reason);
			char iso[11];
			html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
			html_text(b, d ? d->label : x->reason);
			if (!x->id)
				html_lit(b, " (from a recorded closure of the setting or area)");
			html_lit(b, "</td><td class=\"govuk-table__cell app-nowrap\">");
			date_format_iso(x->x.start, iso);
			html_date(b, iso, "—");
			html_lit(b, "</td><td class=\"govuk-table__cell app-nowrap\">");
			date_format_iso(x->x.end, iso);
			html_date(b, iso, "Continuing");
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			if (editor && x->id) {
				html_lit(b, "<a class=\"govuk-link\" href=\"");
				link_child_edit(b, "exceptions", x->id);
				html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> exception</span></a> <a class=\"govuk-link\" href=\"");
				link_child_delete(b, "exceptions", x->id);
				html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> exception</span></a>");
			}
			html_lit(b, "</td></tr>");
		}
		table_end(r);
	}
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		link_person_new_child(b, cf->person_id, "exceptions");
		html_lit(b, "\">Add an exception</a></p>");
	}
}

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
	buf *b = &r->out;
	html_lit(b, "<div class=\"app-count\"><span class=\"app-count__number\" data-count=\"");
	html_attr(b, key);
	html_lit(b, "\">");
	html_int(b, n);
	html_lit(b, "</span><span class=\"app-count__label\">");
	html_text(b, label);
	html_lit(b, "</span></div>");
}

static void csv_row(buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		csv_cell(b, cells[i]);
	}
	buf_puts(b, "\r\n");
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
	buf *b = &r->out;
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
	if (!cw || !req_has_role(r, ROLE_ADMIN | ROLE_MANAGER | ROLE_READONLY))
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
	buf *b = &r->out;
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
	if (req_has_role(r, ROLE_ADMIN | ROLE_MANAGER | ROLE_READONLY)) {
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
			r->out.err = 1;   /* a half-made page becomes the error page */
		paged(r, "/work?", &qs, page, (int)rows, size);
	}
	buf_free(&qs);
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

void h_work_csv(struct req *r)
{
	struct work_query q;
	struct errs e = {0};
	work_query(r, &q, &e);
	if (e.n) {
		resp_error(r, 400, "The filter is not valid", e.e[0].msg);
		return;
	}
	if (resp_csv_reserve(r) < 0)
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
	buf *b = &r->out;
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
	int days = r->cfg->work_due_days;
	if (clocklist_team(r->db, r->today, days, team_total, &t) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The team view could not be read.");
		return;
	}
	page_begin(r, "Team work");
	buf *b = &r->out;
	html_lit(b, "<h1 class=\"govuk-heading-l\">Team work</h1><p class=\"govuk-body\">For each team and caseworker: "
	            "their caseload, and the statutory steps overdue or due in the next ");
	html_int(b, days);
	html_lit(b, " days. Select a caseworker to see their queue.</p>"
	            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/team.csv\">Download this table (CSV)</a></p>");
	html_lit(b, "<div class=\"app-count-grid\">");
	count_box(r, t.tot[0], "active plans", "plans");
	count_box(r, t.tot[1], "assessments under way", "assessments");
	count_box(r, t.tot[2], "steps overdue", "overdue");
	count_box(r, t.tot[3], "steps due soon", "due_soon");
	count_box(r, t.tot[4], "annual reviews overdue", "reviews_overdue");
	html_lit(b, "</div>");
	if (clocklist_team(r->db, r->today, days, team_html_row, &t) < 0)
		r->out.err = 1;
	if (t.any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No cases are allocated.</p>");
	page_end(r);
}

static int team_csv_row(void *ctx, const struct team_row *row)
{
	struct req *r = ctx;
	char v[5][24];
	long vals[5] = {row->plans, row->assessments, row->overdue, row->due_soon, row->reviews_overdue};
	for (int k = 0; k < 5; k++)
		snprintf(v[k], sizeof v[k], "%ld", vals[k]);
	const char *cells[] = {row->team, row->name, v[0], v[1], v[2], v[3], v[4]};
	csv_row(&r->out, cells, sizeof cells / sizeof cells[0]);
	return 0;
}

void h_team_csv(struct req *r)
{
	buf *b = &r->out;
	r->content_type = "text/csv; charset=utf-8";
	snprintf(r->filename, sizeof r->filename, "team.csv");
	buf_puts(b, "Team,Caseworker,Active plans,Assessments under way,Steps overdue,Steps due soon,Annual reviews overdue\r\n");
	if (clocklist_team(r->db, r->today, r->cfg->work_due_days, team_csv_row, r) < 0) {
		buf_reset(b);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
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
	*mine = req_has_role(r, ROLE_CASEWORKER) ? r->user.id : 0;
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
	buf *b = &r->out;
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
			r->out.err = 1;
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
	if (e.n) {
		resp_error(r, 400, "The filter is not valid", e.e[0].msg);
		return;
	}
	if (resp_csv_reserve(r) < 0)
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
	buf *b = &r->out;
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
	buf *b = &r->out;
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
			r->out.err = 1;
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
	if (e.n) {
		resp_error(r, 400, "The filter is not valid", e.e[0].msg);
		return;
	}
	if (resp_csv_reserve(r) < 0)
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
