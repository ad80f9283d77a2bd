/* pages_outbox.c — the outbox: every email sendmis sends, its state, one
 * message, sending a failed one again, the list as CSV, and the emails
 * about one child (on their page).
 *
 * DESIGN: the outbox page is the state of every email (queued with its
 * next attempt and the last failure, sent, failed with the server's reply,
 * unknown, not sent); a manager can send a failed one again.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/change.h"
#include "domain/emails.h"
#include "domain/outbox.h"
#include "domain/templates.h"
#include "core/survey.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *state, *label, *colour; } states[] = {
	{"queued", "Queued", "blue"}, {"sending", "Sending", "light-blue"}, {"sent", "Sent", "green"},
	{"failed", "Failed", "red"}, {"unknown", "May not have arrived", "orange"}, {"cancelled", "Not sent", "grey"},
};

static void state_tag(struct req *r, const char *st)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (!strcmp(states[i].state, st)) {
			tag(r, states[i].colour, states[i].label);
			return;
		}
	tag(r, "grey", st);
}

/* The banner when mail cannot go anywhere yet, and when the emails written
 * meanwhile have links without sendmis's address (public_url not set; the
 * config requires it once smtp_url is set). */
static void no_server_warning(struct req *r)
{
	if (r->cfg->smtp_url[0])
		return;
	html_lit(&r->out, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
	                  "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
	                  "No SMTP server is configured (smtp_url), so no email is sent: they wait here, and go once one is "
	                  "set.");
	if (!r->cfg->public_url[0])
		html_lit(&r->out, " The address people reach sendmis at (public_url) is not set either, so the links in these "
		                  "emails give only the page, such as /people/12: set public_url before smtp_url.");
	html_lit(&r->out, "</strong></div>");
}

/* One email as a row of the table (Queued, To, Subject, State, Last
 * attempt); To is the address, or the person's name where there is one. */
static void outbox_tr(struct req *r, const struct outbox_row *x, int name)
{
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
	html_instant(b, x->created_at);
	html_lit(b, "</td><td class=\"govuk-table__cell\">");
	html_text(b, name && *x->to_name ? x->to_name : x->to_email);
	html_lit(b, "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/outbox/");
	html_int(b, x->id);
	html_lit(b, "\">");
	html_text(b, x->subject);
	html_lit(b, "</a></td><td class=\"govuk-table__cell\">");
	state_tag(r, x->state);
	html_lit(b, "</td>");
	td_text(r, x->last_error);
	html_lit(b, "</tr>");
}

/* The outbox list's choices: a state, the order queued (the one sortable
 * column), a page. */
struct outbox_view {
	struct outbox_filter f;
	long long page;
	struct errs e;
};

static void outbox_parse(struct req *r, struct outbox_view *v)
{
	memset(v, 0, sizeof *v);
	v->page = 1;
	v->f.order = LIST_DESC;
	const char *st = req_param_or(r, "state", "");
	if (*st && !outbox_state_valid(st))
		errs_add(&v->e, "state", "Select a state from the list");
	else
		snprintf(v->f.state, sizeof v->f.state, "%s", st);
	const char *sort = req_param_or(r, "sort", "queued");
	if (strcmp(sort, "queued") != 0)
		errs_add(&v->e, "sort", "Sort by the date queued");
	const char *order = req_param(r, "order");
	if (order && list_order_parse(order) < 0)
		errs_add(&v->e, "order", "Order must be ascending or descending");
	else if (order)
		v->f.order = (enum list_order)list_order_parse(order);
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &v->page) < 0)
		errs_add(&v->e, "page", "Page must be a whole number from 1");
	if (v->e.n) {   /* every email, newest first, rather than a wrong filter; the errors explain */
		v->f.state[0] = 0;
		v->f.order = LIST_DESC;
		v->page = 1;
	}
}

void h_outbox(struct req *r)
{
	struct outbox_view v;
	outbox_parse(r, &v);
	if (v.e.n)
		r->status = 400;
	int size = r->cfg->page_size;
	int64_t cap = r->cfg->list_count_max;
	struct list_count total;
	struct outbox_list *it = NULL;
	if (outbox_count(r->db, &v.f, cap, &total) < 0 ||
	    outbox_list_open(r->db, &v.f, (v.page - 1) * size, size + 1, &it) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The outbox could not be shown.");
		return;
	}
	page_begin_err(r, "Outbox", &v.e);
	html *b = &r->out;
	page_error_summary(r, &v.e);
	if (req_param(r, "saved"))
		page_success(r, "The email will be sent again");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Outbox</h1><p class=\"govuk-body\">Every email sendmis sends is written "
	            "here first, then sent by the background worker, which retries with increasing waits when the mail "
	            "server does not answer.</p>");
	no_server_warning(r);
	/* counts by state: each an index range, stopped at the cap */
	html_lit(b, "<ul class=\"govuk-list\">");
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		struct outbox_filter one = {.order = v.f.order};
		snprintf(one.state, sizeof one.state, "%s", states[i].state);
		struct list_count n = {0};
		outbox_count(r->db, &one, cap, &n);
		html_lit(b, "<li><a class=\"govuk-link\" href=\"/outbox?state=");
		html_attr(b, states[i].state);
		html_lit(b, "\">");
		html_text(b, states[i].label);
		html_lit(b, "</a>: <span data-count=\"");
		html_attr(b, states[i].state);
		html_lit(b, "\">");
		if (n.more)
			html_lit(b, "more than ");
		html_int(b, n.n);
		html_lit(b, "</span></li>");
	}
	html_lit(b, "</ul>");
	struct option opts[8];
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		opts[i].value = states[i].state, opts[i].label = states[i].label;
	form_begin_get(r, "/outbox", NULL);
	form_select(r, "state", "State", NULL, opts, sizeof states / sizeof states[0], v.f.state, "All", &v.e);
	form_hidden(r, "order", list_order_name(v.f.order));
	html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Show</button></form>");
	/* the filter as a query string: for the CSV, the sort links and the pages */
	buf filt = BUF_INIT, q = BUF_INIT;
	html_qs(&filt, "state", v.f.state);
	buf_puts(&q, buf_cstr(&filt));
	html_qs(&q, "sort", "queued");
	html_qs(&q, "order", list_order_name(v.f.order));
	html_lit(b, "<p class=\"govuk-body\" id=\"result-count\">");
	list_count_html(r, total.n, total.more);
	html_text(b, total.n == 1 && !total.more ? " email" : " emails");
	html_lit(b, ". <a class=\"govuk-link\" href=\"/outbox.csv?");
	html_attr_qs(b, buf_cstr(&q));
	html_lit(b, "\">Download ");
	html_text(b, v.f.state[0] ? "these" : "every email");
	html_lit(b, " as CSV</a></p>");
	static const struct sort_col cols[] = {
		{"Queued", "queued", 1, 0}, {"To", NULL, 0, 0}, {"Subject", NULL, 0, 0}, {"State", NULL, 0, 0},
		{"Last attempt", NULL, 0, 0},
	};
	int shown = 0, more = 0, rc;
	struct outbox_row row;
	while ((rc = outbox_list_next(it, &row)) == 1) {
		if (shown == size) {   /* the row after the page: there is a next page */
			more = 1;
			break;
		}
		if (!shown++)
			table_begin_sortable(r, "Emails", "/outbox", buf_cstr(&filt), cols, sizeof cols / sizeof cols[0], "queued",
			                     v.f.order == LIST_DESC);
		outbox_tr(r, &row, 0);
	}
	outbox_list_close(it);
	if (shown)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No emails.</p>");
	if (rc < 0)
		html_fail(b);   /* a page cut short by a store error is not shown as if whole */
	buf_reset(&filt);
	buf_puts(&filt, "/outbox?");
	buf_puts(&filt, buf_cstr(&q));
	list_pagination(r, buf_cstr(&filt), (int)v.page, size, total.n, total.more, more);
	buf_free(&filt);
	buf_free(&q);
	page_end(r);
}

/* The outbox as CSV: every email the filter selects, streamed. */
struct outbox_csv {
	struct outbox_list *it;
};

static int outbox_csv_row(void *ctx, buf *b)
{
	struct outbox_csv *c = ctx;
	struct outbox_row x;
	int rc = outbox_list_next(c->it, &x);
	if (rc <= 0)
		return rc;
	char id[24], attempts[24];
	snprintf(id, sizeof id, "%lld", (long long)x.id);
	snprintf(attempts, sizeof attempts, "%lld", (long long)x.attempts);
	const char *cells[] = {id, x.created_at, x.to_email, x.to_name, x.subject, x.template, x.state, attempts, x.sent_at,
	                       x.last_error};
	csv_row(b, cells, sizeof cells / sizeof cells[0]);
	return 1;
}

static void outbox_csv_close(void *ctx)
{
	struct outbox_csv *c = ctx;
	outbox_list_close(c->it);
	free(c);
}

void h_outbox_csv(struct req *r)
{
	struct outbox_view v;
	outbox_parse(r, &v);
	if (v.e.n) {
		resp_error(r, 400, "The filter is not valid", v.e.e[0].msg);
		return;
	}
	if (resp_csv_reserve(r) < 0)
		return;
	struct outbox_csv *c = calloc(1, sizeof *c);
	if (!c || outbox_list_open(r->db, &v.f, 0, LIST_ALL, &c->it) < 0) {
		free(c);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	/* the rows the file holds, counted as it starts (the whole file is read anyway) */
	struct list_count n;
	if (outbox_count(r->db, &v.f, INT64_MAX, &n) < 0 || req_audit_export(r, "outbox", 0, n.n) < 0) {
		outbox_csv_close(c);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	char name[64];
	snprintf(name, sizeof name, "outbox%s%s.csv", v.f.state[0] ? "-" : "", v.f.state);
	resp_csv_stream(r, name,
	                "Email ID,Queued,To,Name,Subject,Template,State,Attempts,Sent,Server's reply or reason\r\n",
	                (struct csv_source){c, outbox_csv_row, outbox_csv_close});
}

void h_outbox_message(struct req *r)
{
	struct email m;
	int rc = email_load(r->db, r->ids[0], &m);
	if (rc != 0) {
		if (rc > 0)
			resp_error(r, 404, "Page not found", "There is no email with this number.");
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The email could not be shown.");
		return;
	}
	int64_t pid = m.person_id;
	if (pid)
		req_audit(r, "view", "outbox", r->ids[0], pid, NULL, NULL);
	page_begin(r, m.subject);
	html *b = &r->out;
	page_back_link(r, "/outbox");
	html_lit(b, "<span class=\"govuk-caption-l\">Email</span><h1 class=\"govuk-heading-l\">");
	html_text(b, m.subject);
	html_lit(b, "</h1>");
	if (!strcmp(m.state, "queued"))
		no_server_warning(r);
	summary_begin(r);
	char to[600];
	snprintf(to, sizeof to, "%s%s%s%s", m.to_name, m.to_name[0] ? " <" : "", m.to_email, m.to_name[0] ? ">" : "");
	summary_row(r, "To", to);
	const struct template_def *d = template_def_get("email", m.template);
	summary_row(r, "Kind", d ? d->title : m.template);
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">State</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	state_tag(r, m.state);
	html_lit(b, "</dd></div>");
	char n[32];
	snprintf(n, sizeof n, "%lld", (long long)m.attempts);
	summary_row(r, "Attempts", n);
	summary_row(r, "Server's reply or reason", m.last_error[0] ? m.last_error : "None");
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Queued</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	html_instant(b, m.created_at);
	html_lit(b, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Sent</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	if (m.sent_at[0])
		html_instant(b, m.sent_at);
	else
		html_lit(b, "Not yet");
	html_lit(b, "</dd></div>");
	summary_row(r, "Message-ID", m.message_id);
	summary_end(r);
	if (pid) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_person(pid).s);
		html_lit(b, "\">The record this email is about</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Message</h2><pre class=\"app-email-body govuk-body govuk-!-padding-4\">");
	sq_mask_links(m.body);   /* a survey link is the family's key: staff see it hidden, the email carries it */
	html_text(b, m.body);
	html_lit(b, "</pre>");
	const char *st = m.state;
	if (req_may(r, "POST", "/outbox/#/retry") &&
	    (!strcmp(st, "failed") || !strcmp(st, "unknown") || !strcmp(st, "cancelled"))) {
		char act[64];
		snprintf(act, sizeof act, "/outbox/%" PRId64 "/retry", r->ids[0]);
		form_begin(r, act);
		html_lit(b, "<p class=\"govuk-body\">");
		html_text(b, !strcmp(st, "unknown") ? "Check with the recipient that it did not arrive before sending it again."
		                                    : "Send it again once the problem is fixed.");
		html_lit(b, "</p>");
		form_button(r, "Send again");
		form_end(r);
	}
	email_free(&m);
	page_end(r);
}

void h_outbox_retry(struct req *r)
{
	struct actor who;
	req_actor(r, &who);
	switch (email_send_again(r->db, &who, r->ids[0])) {
	case EMAIL_OK:
		resp_redirect(r, "/outbox?saved=1");
		return;
	case EMAIL_NOT_FOUND:
		resp_error(r, 404, "Page not found", "There is no email with this number.");
		return;
	case EMAIL_NOT_RETRYABLE:
		resp_error(r, 409, "This email cannot be sent again", "Only a failed, unknown or unsent email can be sent again.");
		return;
	default:
		resp_error(r, 500, "Sorry, there is a problem with the service", "The email has not been queued again.");
	}
}

/* The person page's list of emails about them: the newest 50. */
void person_emails(struct req *r, int64_t pid)
{
	html_lit(&r->out, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"emails\">Emails to partners</h2>");
	struct outbox_filter f = {.person_id = pid, .order = LIST_DESC};
	struct outbox_list *it;
	if (outbox_list_open(r->db, &f, 0, 50, &it) < 0) {
		html_fail(&r->out);
		return;
	}
	struct outbox_row x;
	int n = 0, rc;
	while ((rc = outbox_list_next(it, &x)) == 1) {
		if (!n++) {
			static const char *const cols[] = {"Queued", "To", "Subject", "State", "Last attempt"};
			table_begin(r, "Emails", cols, 5);
		}
		outbox_tr(r, &x, 1);
	}
	outbox_list_close(it);
	if (rc < 0)
		html_fail(&r->out);
	if (n)
		table_end(r);
	else
		html_lit(&r->out, "<p class=\"govuk-body\">No emails.</p>");
}
