/* pages_ask_partners.c — asking partners (services, and the SENCOs of the
 * child's setting) for advice for an assessment, arranging an annual
 * review meeting that asks them for contributions, and what an advice
 * request asked of whom.
 *
 * DESIGN: one form asks several partners at once (for an assessment, or
 * for an annual review meeting).  That form is a GOV.UK checkbox list of
 * services, each revealing a choice of contact, plus the SENCOs of the
 * child's current setting; advice_ask() and review_meeting_arrange()
 * record every request, queue every email and write their audit rows as
 * one change.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/advice.h"
#include "domain/change.h"
#include "domain/emails.h"
#include "domain/partners.h"
#include "domain/personview.h"
#include "core/codes.h"
#include "core/validate.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pick_service {
	int64_t id;
	char name[484], kind[16], email[256];
	int chosen;
	int64_t contact;   /* chosen contact, 0 = the team address */
};
struct pick_senco {
	int64_t id;
	char name[404], job[404], setting[484], off[16];
	int chosen;
};
#define PICK_MAX 200
struct picker {
	struct pick_service sv[PICK_MAX];
	int nsv;
	struct pick_senco se[40];
	int nse;
	int64_t person_id;
};

static int pick_service_add(void *ctx, const struct partner_service *v)
{
	struct picker *p = ctx;
	if (p->nsv == PICK_MAX)
		return 1;
	struct pick_service *x = &p->sv[p->nsv++];
	x->id = v->id;
	snprintf(x->name, sizeof x->name, "%s", v->name);
	snprintf(x->kind, sizeof x->kind, "%s", v->kind);
	snprintf(x->email, sizeof x->email, "%s", v->email);
	return 0;
}

static int pick_senco_add(void *ctx, const struct partner_contact *c)
{
	struct picker *p = ctx;
	if (p->nse == 40)
		return 1;
	struct pick_senco *x = &p->se[p->nse++];
	x->id = c->id;
	snprintf(x->name, sizeof x->name, "%s", c->name);
	snprintf(x->job, sizeof x->job, "%s", c->job_title);
	snprintf(x->setting, sizeof x->setting, "%s", c->setting);
	snprintf(x->off, sizeof x->off, "%s", c->email_off);
	return 0;
}

static int picker_load(struct req *r, struct picker *p, int64_t person_id)
{
	memset(p, 0, sizeof *p);
	p->person_id = person_id;
	if (partners_open_services_each(r->db, pick_service_add, p) < 0)
		return -1;
	return partners_sencos_each(r->db, person_id, r->today, pick_senco_add, p);
}

static int pick_involved(void *ctx, int64_t service_id, int64_t contact_id)
{
	struct picker *p = ctx;
	for (int i = 0; i < p->nsv; i++)
		if (p->sv[i].id == service_id) {
			p->sv[i].chosen = 1;
			p->sv[i].contact = contact_id;
		}
	return 0;
}

/* Ticks the services that already advised on this child, and the SENCOs (a review's invitees). */
static void picker_preselect_involved(struct req *r, struct picker *p)
{
	if (partners_involved_each(r->db, p->person_id, pick_involved, p) < 0)
		return;
	for (int i = 0; i < p->nse; i++)
		p->se[i].chosen = !p->se[i].off[0];
}

/* Reads the submission into p: 0, or errors in e. */
static void picker_parse(struct req *r, struct picker *p, struct errs *e)
{
	for (int i = 0; i < r->nparams; i++) {
		long long id;
		const char *nm = r->params[i].name, *v = r->params[i].value;
		if (strcmp(nm, "svc") && strcmp(nm, "senco"))
			continue;
		int found = 0;
		if (parse_int64(v, 1, INT64_MAX, &id) == 0) {
			if (!strcmp(nm, "svc")) {
				for (int k = 0; k < p->nsv; k++)
					if (p->sv[k].id == id)
						p->sv[k].chosen = found = 1;
			} else {
				for (int k = 0; k < p->nse; k++)
					if (p->se[k].id == id && !p->se[k].off[0])
						p->se[k].chosen = found = 1;
			}
		}
		if (!found)
			errs_add(e, "svc", "Select services from the list (one chosen is no longer available)");
	}
	int any = 0;
	for (int k = 0; k < p->nsv; k++) {
		char nm[40];
		snprintf(nm, sizeof nm, "contact_%" PRId64, p->sv[k].id);
		const char *v = req_param(r, nm);
		long long c = 0;
		if (v && *v && parse_int64(v, 1, INT64_MAX, &c) < 0)
			c = -1;
		p->sv[k].contact = c;
		if (!p->sv[k].chosen)
			continue;
		any = 1;
		int ok = c == 0 || (c > 0 && partners_contact_emailed(r->db, c, p->sv[k].id) == 1);
		if (!ok)
			errs_add(e, nm, "Select a contact at %s from the list", p->sv[k].name);
		else if (c == 0 && !p->sv[k].email[0])
			errs_add(e, nm, "Select a contact at %s: the service has no team email address", p->sv[k].name);
	}
	for (int k = 0; k < p->nse; k++)
		any |= p->se[k].chosen;
	if (!any && !e->n)
		errs_add(e, "svc", "Select at least one service or the setting's SENCO");
}

/* A service's contacts as the options of a <select>, after its first. */
struct contact_opts {
	struct option *opts;
	char (*vals)[24], (*labs)[240];
	size_t n;
};

static int contact_opt(void *ctx, const struct partner_contact *c)
{
	struct contact_opts *x = ctx;
	if (x->n >= 64)
		return 1;
	snprintf(x->vals[x->n], sizeof x->vals[x->n], "%" PRId64, c->id);
	snprintf(x->labs[x->n], sizeof x->labs[x->n], "%.100s%s%.100s", c->name, c->job_title[0] ? ", " : "",
	         c->job_title);
	x->opts[x->n].value = x->vals[x->n];
	x->opts[x->n].label = x->labs[x->n];
	x->n++;
	return 0;
}

static void picker_render(struct req *r, const struct picker *p, const struct errs *e, const char *legend)
{
	html *b = &r->out;
	const char *err = errs_for(e, "svc");
	if (err)
		html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
	else
		html_lit(b, "<div class=\"govuk-form-group\">");
	html_lit(b, "<fieldset class=\"govuk-fieldset\" aria-describedby=\"svc-hint");
	if (err)
		html_lit(b, " svc-error");
	html_lit(b, "\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\"><h2 class=\"govuk-fieldset__heading\">");
	html_text(b, legend);
	html_lit(b, "</h2></legend><div class=\"govuk-hint\" id=\"svc-hint\">Select all that apply. Each is sent its own "
	            "email with the deadline; it names no child, only the case reference.</div>");
	if (err) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"svc-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, err);
		html_lit(b, "</p>");
	}
	html_lit(b, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">");
	int first = 1;   /* the first box takes the field's id: the error summary links to it */
	for (int i = 0; i < p->nse; i++) {
		const struct pick_senco *v = &p->se[i];
		char id[40], label[300];
		snprintf(id, sizeof id, "senco-%" PRId64, v->id);
		if (first && !v->off[0])
			snprintf(id, sizeof id, "svc"), first = 0;
		snprintf(label, sizeof label, "%s, SENCO contact at %s", v->name, v->setting);
		html_lit(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"senco\" type=\"checkbox\" value=\"");
		html_int(b, v->id);
		html_lit(b, "\"");
		if (v->chosen)
			html_lit(b, " checked");
		if (v->off[0])
			html_lit(b, " disabled");
		html_lit(b, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">");
		html_text(b, label);
		html_lit(b, "</label>");
		if (v->off[0]) {
			html_lit(b, "<div class=\"govuk-hint govuk-checkboxes__hint\">Not emailed: ");
			html_text(b, code_or(&codes_email_off, v->off, v->off));
			html_lit(b, "</div>");
		}
		html_lit(b, "</div>");
	}
	for (int i = 0; i < p->nsv; i++) {
		const struct pick_service *v = &p->sv[i];
		char id[40], cid[40], cname[40];
		snprintf(id, sizeof id, "svc-%" PRId64, v->id);
		if (first)
			snprintf(id, sizeof id, "svc"), first = 0;
		snprintf(cid, sizeof cid, "conditional-svc-%" PRId64, v->id);
		snprintf(cname, sizeof cname, "contact_%" PRId64, v->id);
		html_lit(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"svc\" type=\"checkbox\" value=\"");
		html_int(b, v->id);
		html_lit(b, "\" data-aria-controls=\"");
		html_attr(b, cid);
		html_lit(b, "\"");
		if (v->chosen)
			html_lit(b, " checked");
		html_lit(b, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">");
		html_text(b, v->name);
		html_lit(b, "</label><div class=\"govuk-hint govuk-checkboxes__hint\">");
		html_text(b, code_or(&codes_advice_service, v->kind, v->kind));
		html_lit(b, "</div></div><div class=\"govuk-checkboxes__conditional govuk-checkboxes__conditional--hidden\" id=\"");
		html_attr(b, cid);
		html_lit(b, "\">");
		/* its contacts */
		struct option opts[64];
		char vals[64][24], labs[64][240];
		size_t n = 0;
		snprintf(vals[n], sizeof vals[n], "%s", "");
		snprintf(labs[n], sizeof labs[n], "%.200s%s", v->email[0] ? "The team's address, " : "No team address: choose a contact",
		         v->email[0] ? v->email : "");
		opts[n].value = vals[n];
		opts[n].label = labs[n];
		n++;
		struct contact_opts co = {opts, vals, labs, n};
		partners_contacts_each(r->db, 0, v->id, 1, contact_opt, &co);
		n = co.n;
		char cur[24] = "";
		if (v->contact > 0)
			snprintf(cur, sizeof cur, "%" PRId64, v->contact);
		char lab[200];
		snprintf(lab, sizeof lab, "Who at %s", v->name);
		form_select(r, cname, lab, NULL, opts, n, cur, NULL, e);
		html_lit(b, "</div>");
	}
	html_lit(b, "</div></fieldset></div>");
	if (!p->nsv && !p->nse)
		html_lit(b, "<p class=\"govuk-body\">There are no partners to ask yet: add services under "
		            "<a class=\"govuk-link\" href=\"/services\">Partners</a>, or a SENCO on the child's setting.</p>");
}

static int picker_targets(const struct picker *p, struct advice_target *t, int max)
{
	int n = 0;
	for (int i = 0; i < p->nse && n < max; i++)
		if (p->se[i].chosen)
			t[n].service_id = 0, t[n].contact_id = p->se[i].id, n++;
	for (int i = 0; i < p->nsv && n < max; i++)
		if (p->sv[i].chosen)
			t[n].service_id = p->sv[i].id, t[n].contact_id = p->sv[i].contact > 0 ? p->sv[i].contact : 0, n++;
	return n;
}

static void day_parts(day_t d, char dd[4], char mm[4], char yy[6])
{
	int y, m, x;
	date_to_ymd(d, &y, &m, &x);
	snprintf(dd, 4, "%d", x % 100);
	snprintf(mm, 4, "%d", m % 100);
	snprintf(yy, 6, "%d", y % 10000);
}

/* The partners to offer for a child's record; NULL once an error page is written. */
static struct picker *ask_open(struct req *r, int64_t pid)
{
	struct picker *p = malloc(sizeof *p);
	if (!p || picker_load(r, p, pid) < 0) {
		free(p);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The partners could not be listed.");
		return NULL;
	}
	return p;
}

/* After saving (an enum advice_rc): back to the child's page with `after`,
 * or an error page; 1 once the response is written (p is freed), 0 when the
 * form is shown again with the reason (ADVICE_REFUSED). */
static int ask_done(struct req *r, int rc, int64_t pid, const char *after, const char *failed, struct picker *p)
{
	if (rc == ADVICE_REFUSED)
		return 0;
	free(p);
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", failed);
		return 1;
	}
	buf loc = BUF_INIT;
	buf_puts(&loc, link_person(pid).s);
	buf_puts(&loc, after);
	resp_redirect(r, buf_cstr(&loc));
	buf_free(&loc);
	return 1;
}

void h_advice_ask(struct req *r)
{
	int64_t rq = r->ids[0];
	struct request_brief q;
	int found = request_brief_load(r->db, rq, &q);
	if (found != 0) {
		if (found > 0)
			resp_error(r, 404, "Page not found", "There is no request with this number.");
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The request could not be read.");
		return;
	}
	int64_t pid = q.person_id;
	const char *received = q.received, *outcome = q.outcome;
	struct picker *p = ask_open(r, pid);
	if (!p)
		return;
	struct errs e = {0};
	char d0[4], m0[4], y0[6];
	day_parts(r->today, d0, m0, y0);
	const char *dd = d0, *mm = m0, *yy = y0;
	if (!strcmp(r->method, "POST")) {
		day_t sent = DATE_NONE;
		form_date_read(r, "sent", "Date the requests are sent", &sent, &e, &dd, &mm, &yy);
		advice_sent_check(sent, received, r->today, &e);
		picker_parse(r, p, &e);
		if (!e.n) {
			struct advice_target t[PICK_MAX + 40];
			int64_t ids[PICK_MAX + 40];
			struct advice_ask a = {rq, 0, pid, r->user.id, sent, t, picker_targets(p, t, PICK_MAX + 40)};
			struct actor who;
			req_actor(r, &who);
			if (ask_done(r, advice_ask(r->db, &who, &a, ids, &e), pid, "/timeline?saved=advice#clock",
			             "The requests were not saved.", p))
				return;
		}
	} else {
		req_audit(r, "view", "requests", rq, pid, NULL, NULL);
	}
	if (e.n)
		r->status = 422;
	page_begin_err(r, "Ask for advice", &e);
	html *b = &r->out;
	buf back = BUF_INIT;
	buf_puts(&back, link_person_tab(pid, "/timeline").s);
	page_back_link(r, buf_cstr(&back));
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	html_lit(b, "<span class=\"govuk-caption-l\">Request received ");
	html_date(b, received, "");
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">Ask for advice and information</h1>"
	            "<p class=\"govuk-body\">For the EHC needs assessment (SEND Regulations 2014 reg 6). Each service has 6 "
	            "weeks from the date the request is sent to give its advice (reg 8(1)); sendmis reminds them before the "
	            "deadline and escalates to the service manager the day after it.</p>");
	if (strcmp(outcome, "Y"))
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "No decision to assess is recorded for this request yet.</strong></div>");
	form_begin(r, r->path);
	picker_render(r, p, &e, "Who to ask");
	form_date(r, "sent", "Date the requests are sent", "The 6 weeks run from this date. For example, 27 3 2026", dd, mm, yy, &e);
	form_button(r, "Send the requests");
	form_end(r);
	html_lit(b, "<p class=\"govuk-body\">Asked another way (by post or phone)? <a class=\"govuk-link\" href=\"");
	html_attr(b, link_request_new_child(rq, "advice/new").s);
	html_lit(b, "\">Record an advice request made outside sendmis</a>.</p></div></div>");
	page_end(r);
	buf_free(&back);
	free(p);
}

void h_review_meeting(struct req *r)
{
	int64_t plan = r->ids[0];
	struct plan_brief pb;
	int found = plan_brief_load(r->db, plan, &pb);
	if (found != 0) {
		if (found > 0)
			resp_error(r, 404, "Page not found", "There is no plan with this number.");
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The plan could not be read.");
		return;
	}
	int64_t pid = pb.person_id;
	const char *status = pb.status, *due = pb.next_review_due;
	struct picker *p = ask_open(r, pid);
	if (!p)
		return;
	struct errs e = {0};
	const char *md = "", *mm = "", *my = "", *cd = "", *cm = "", *cy = "";
	if (!strcmp(r->method, "POST")) {
		day_t meeting = DATE_NONE, contrib = DATE_NONE;
		form_date_read(r, "meeting", "Meeting date", &meeting, &e, &md, &mm, &my);
		int given = form_date_read_opt(r, "contributions", "Date contributions are due", &contrib, &e, &cd, &cm, &cy);
		review_meeting_dates(meeting, &contrib, given, r->cfg->review_contribution_days, r->today, &e);
		picker_parse(r, p, &e);
		if (!e.n) {
			struct advice_target t[PICK_MAX + 40];
			struct review_meeting_in m = {plan, pid, meeting, contrib, t, picker_targets(p, t, PICK_MAX + 40)};
			struct actor who;
			req_actor(r, &who);
			int64_t mid;
			if (ask_done(r, review_meeting_arrange(r->db, &who, &m, &mid, &e), pid, "/plan?saved=review-meetings",
			             "The meeting was not saved.", p))
				return;
		}
	} else {
		req_audit(r, "view", "plans", plan, pid, NULL, NULL);
		picker_preselect_involved(r, p);
	}
	if (e.n)
		r->status = 422;
	page_begin_err(r, "Arrange an annual review meeting", &e);
	html *b = &r->out;
	buf back = BUF_INIT;
	buf_puts(&back, link_person_tab(pid, "/plan").s);
	page_back_link(r, buf_cstr(&back));
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Arrange an annual review meeting</h1><p class=\"govuk-body\">The setting and "
	            "the services you choose are told the meeting date and asked for their advice and information by the "
	            "date that lets it be circulated at least 2 weeks before the meeting (SEND Regulations 2014 reg 20(4)). "
	            "sendmis reminds them before that date and, if a contribution is late, escalates to the service manager "
	            "the day after it.");
	if (due[0]) {
		html_lit(b, " The review is due by ");
		html_date(b, due, "");
		html_lit(b, ".");
	}
	html_lit(b, "</p>");
	if (strcmp(status, "active"))
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "This plan is not active.</strong></div>");
	form_begin(r, r->path);
	form_date(r, "meeting", "Meeting date", "For example, 27 3 2027", md, mm, my, &e);
	form_date(r, "contributions", "Date contributions are due",
	          "Leave empty for the default: 2 weeks and the configured lead time before the meeting", cd, cm, cy, &e);
	picker_render(r, p, &e, "Who to invite and ask for a contribution");
	form_button(r, "Arrange the meeting and send the invitations");
	form_end(r);
	html_lit(b, "</div></div>");
	page_end(r);
	buf_free(&back);
	free(p);
}

void advice_context(struct req *r, int64_t id)
{
	struct advice_notice n;
	if (advice_notice_load(r->db, id, r->today, &n) != 0)
		return;
	summary_begin(r);
	summary_row(r, n.meeting_id ? "Contribution asked of" : "Advice asked of", n.service_name);
	if (n.contact_name[0])
		summary_row(r, "Contact", n.contact_name);
	if (n.meeting != DATE_NONE)
		summary_row(r, "Review meeting", n.s_meeting);
	summary_row(r, "Deadline", n.due != DATE_NONE ? n.s_due : "Not set");
	const char *when = n.due == DATE_NONE ? "—"
	                 : n.received != DATE_NONE ? (n.received <= n.due ? "Yes: received by the deadline" : "No: received after the deadline")
	                 : r->today > n.due ? "No: still awaited after the deadline" : "Not yet due";
	summary_row(r, "On time", when);
	summary_end(r);
	advice_document_context(r, id);
	int64_t total, sent;
	if (emails_of_advice(r->db, id, &total, &sent) == 0 && total) {
		html_lit(&r->out, "<p class=\"govuk-body\">Emails about this request: ");
		html_int(&r->out, total);
		html_lit(&r->out, " (");
		html_int(&r->out, sent);
		html_lit(&r->out, " sent). They are listed under Emails to partners on the child's page.</p>");
	}
}
