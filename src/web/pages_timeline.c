/* pages_timeline.c — the statutory clock on a child's page: how a step is
 * named, tagged and linked to the form that records it (clockview.h, used
 * by every page that shows a step), and the person page's timeline.
 *
 * DESIGN: every deadline here comes from the core clock through
 * casefile.c; this file only chooses how a step reads.
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
		buf_puts(out, link_child_edit("requests", ep->request_id).s);
	else if (strcmp(step, "advice") == 0)
		buf_puts(out, link_child_edit("advice", cs->advice_id).s);
	else if (strcmp(step, "not_issue_decision") == 0)
		buf_puts(out, link_request_assessment(ep->request_id).s);
	else if (strcmp(step, "draft_comment_end") == 0 || strcmp(step, "final_plan") == 0) {
		if (ep->plan_id)
			buf_puts(out, link_child_edit("plans", ep->plan_id).s);
		else if (ep->issue_agreed)
			buf_puts(out, link_request_new_child(ep->request_id, "plan").s);
		else if (ep->request_id && ep->request_decided)
			buf_puts(out, link_request_assessment(ep->request_id).s);
	} else if (cs->review_id)
		buf_puts(out, link_child_edit("reviews", cs->review_id).s);
	else if (strcmp(step, "review_due") == 0 || strcmp(step, "under5_review") == 0 ||
	         strcmp(step, "phase_transfer_meeting") == 0)
		buf_puts(out, link_plan_new_child(ep->plan_id, "reviews").s);
	else if (strcmp(step, "transfer_in_letter") == 0)
		buf_puts(out, link_child_edit("plans", ep->plan_id).s);
	else if (strcmp(step, "phase_transfer_final") == 0) {
		if (cs->phase_id)
			buf_puts(out, link_child_edit("phase", cs->phase_id).s);
		else
			buf_puts(out, link_plan_new_child(ep->plan_id, "phase").s);
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
	html *b = &r->out;
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
	html *b = &r->out;
	const char *kind = code_label(&codes_panel_kind, p->kind);
	const char *dec = *p->decision ? code_label(&codes_panel_decision, p->decision) : NULL;
	char iso[11];
	html_lit(b, "<div class=\"moj-timeline__item\" data-panel=\"");
	html_int(b, p->case_id);
	html_lit(b, "\"><div class=\"moj-timeline__header\"><h4 class=\"moj-timeline__title\">Panel: ");
	html_text(b, kind ? kind : p->kind);
	html_lit(b, "</h4> <p class=\"moj-timeline__byline\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_panel(p->panel_id).s);
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
		html_attr(b, link_child_edit("panel-cases", p->case_id).s);
		html_lit(b, "\">Record the panel's decision<span class=\"govuk-visually-hidden\"> for this case</span></a></p>");
	}
	html_lit(b, "</div></div>");
}

static void episode_heading(struct req *r, const struct casefile *cf, const struct case_episode *ep, int editor)
{
	html *b = &r->out;
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
			html_attr(b, link_request_new_child(ep->request_id, "advice/ask").s);
			html_lit(b, "\">Ask for advice<span class=\"govuk-visually-hidden\"> for this assessment</span></a></li>"
			            "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
			html_attr(b, link_request_new_child(ep->request_id, "panel").s);
			html_lit(b, "\">Add to a panel<span class=\"govuk-visually-hidden\"> (this request)</span></a></li>");
		} else if (strcmp(ep->plan_status, "active") == 0) {
			html_lit(b, "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
			html_attr(b, link_plan_new_child(ep->plan_id, "reviews").s);
			html_lit(b, "\">Record a review<span class=\"govuk-visually-hidden\"> of this plan</span></a></li>"
			            "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
			html_attr(b, link_plan_new_child(ep->plan_id, "phase").s);
			html_lit(b, "\">Record a phase transfer<span class=\"govuk-visually-hidden\"> for this plan</span></a></li>");
		}
		html_lit(b, "</ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\">");
	if (editor && ep->kind == EP_ASSESSMENT && ep->issue_agreed && !ep->plan_id) {
		/* the decision to issue is made: the draft is written in sendmis, from the advice */
		form_begin(r, link_request_new_child(ep->request_id, "draft-plan").s);
		html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
		            "Write the draft plan</button>");
		form_end(r);
	}
	(void)cf;
}

void person_clock(struct req *r, const struct casefile *cf, int editor)
{
	html *b = &r->out;
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
				html_attr(b, link_child_edit("exceptions", x->id).s);
				html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> exception</span></a> <a class=\"govuk-link\" href=\"");
				html_attr(b, link_child_delete("exceptions", x->id).s);
				html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> exception</span></a>");
			}
			html_lit(b, "</td></tr>");
		}
		table_end(r);
	}
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_person_new_child(cf->person_id, "exceptions").s);
		html_lit(b, "\">Add an exception</a></p>");
	}
}

