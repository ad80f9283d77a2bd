/* pages_mail.c — the outbox, template previews, letters and the advice
 * timeliness report.
 *
 * DESIGN: the outbox page is the state of every email (queued with its
 * next attempt and the last failure, sent, failed with the server's reply,
 * unknown, not sent); a manager can send a failed one again.  Template
 * previews render each template with sample values through the same code
 * that renders real notices.  Letters are generated from the record, kept,
 * and shown as HTML or downloaded as PDF from the same stored blocks.  The
 * timeliness report counts the advice requests whose deadline fell in each
 * month, each kind (assessment advice, annual review contributions:
 * advice_kinds) on its own, by the advice KPI's rule (core/kpi.c:
 * kpi_advice_timing; advice_timeliness_load): on time = received on or
 * before the deadline; the drill-down list is the same requests.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/advice.h"
#include "domain/change.h"
#include "domain/emails.h"
#include "domain/letters.h"
#include "domain/outbox.h"
#include "domain/templates.h"
#include "render/letter.h"
#include "core/codes.h"
#include "core/kpi.h"
#include "core/validate.h"
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- outbox -------------------------------------------------------------------------------- */

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
	for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
		if (k)
			buf_putc(b, ',');
		csv_cell(b, cells[k]);
	}
	buf_puts(b, "\r\n");
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

/* ---- templates ------------------------------------------------------------------------------- */

void h_templates(struct req *r)
{
	page_begin(r, "Templates");
	html *b = &r->out;
	html_lit(b, "<h1 class=\"govuk-heading-l\">Email and letter templates</h1><p class=\"govuk-body\">The wording of every "
	            "email and letter, shown with sample values. Emails never carry a child's name, date of birth or needs: "
	            "only the case reference and a link.</p>");
	static const char *const cols[] = {"Template", "Kind", "Fields it may use"};
	table_begin(r, "Templates", cols, 3);
	buf qs = BUF_INIT;
	for (int i = 0; i < template_defs_n; i++) {
		const struct template_def *d = &template_defs[i];
		char t[80];
		snprintf(t, sizeof t, "%s/%s", d->kind, d->name);
		buf_reset(&qs);
		html_qs(&qs, "template", t);
		html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/templates/preview?");
		html_attr_qs(b, buf_cstr(&qs));
		html_lit(b, "\">");
		html_text(b, d->title);
		html_lit(b, "</a></td>");
		td_text(r, !strcmp(d->kind, "email") ? "Email" : "Letter");
		td_text(r, d->fields);
		html_lit(b, "</tr>");
	}
	buf_free(&qs);
	table_end(r);
	page_end(r);
}

static void letter_html(html *b, const char *la_name, const char *la_address, json_t *j)
{
	html_lit(b, "<div class=\"app-letter\"><p class=\"govuk-body govuk-!-text-align-right\"><strong>");
	html_text(b, la_name);
	html_lit(b, "</strong>");
	for (const char *p = la_address; p && *p;) {
		const char *e = strchr(p, '|');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		html_lit(b, "<br>");
		html_textn(b, p, n);
		p = e ? e + 1 : p + n;
	}
	html_lit(b, "</p><p class=\"govuk-body\">Our reference: ");
	html_text(b, json_string_value(json_object_get(j, "case_ref")));
	html_lit(b, "<br>");
	html_text(b, json_string_value(json_object_get(j, "date")));
	html_lit(b, "</p><h2 class=\"govuk-heading-m\">");
	html_text(b, json_string_value(json_object_get(j, "title")));
	html_lit(b, "</h2>");
	json_t *blocks = json_object_get(j, "blocks");
	size_t i;
	json_t *bl;
	int in_list = 0;
	json_array_foreach(blocks, i, bl) {
		const char *k = json_string_value(json_object_get(bl, "kind"));
		const char *t = json_string_value(json_object_get(bl, "text"));
		int bullet = k && !strcmp(k, "bullet");
		if (bullet && !in_list)
			html_lit(b, "<ul class=\"govuk-list govuk-list--bullet\">");
		if (!bullet && in_list)
			html_lit(b, "</ul>");
		in_list = bullet;
		if (bullet) {
			html_lit(b, "<li>");
			html_text(b, t);
			html_lit(b, "</li>");
		} else if (k && !strcmp(k, "heading")) {
			html_lit(b, "<h3 class=\"govuk-heading-s\">");
			html_text(b, t);
			html_lit(b, "</h3>");
		} else {
			html_lit(b, "<p class=\"govuk-body\">");
			html_text(b, t);
			html_lit(b, "</p>");
		}
	}
	if (in_list)
		html_lit(b, "</ul>");
	html_lit(b, "<p class=\"govuk-body-s\">");
	html_text(b, json_string_value(json_object_get(j, "legal")));
	html_lit(b, "</p></div>");
}

void h_template_preview(struct req *r)
{
	const char *t = req_param(r, "template");
	if (!t) {
		resp_redirect(r, "/templates");
		return;
	}
	char kind[16] = "", name[48] = "";
	const char *slash = strchr(t, '/');
	if (slash && (size_t)(slash - t) < sizeof kind && strlen(slash + 1) < sizeof name) {
		memcpy(kind, t, (size_t)(slash - t));
		kind[slash - t] = 0;
		snprintf(name, sizeof name, "%s", slash + 1);
	}
	const struct template_def *d = template_def_get(kind, name);
	if (!d) {
		resp_error(r, 404, "Page not found", "There is no template with this name.");
		return;
	}
	struct tmpl_val v[64];
	int n = 0;
	const char *lists[2] = {!strcmp(kind, "email") ? template_email_common : template_letter_common, d->fields};
	char names[64][32];
	for (int l = 0; l < 2; l++)
		for (const char *p = lists[l]; p && *p && n < 64;) {
			const char *c = strchr(p, ',');
			size_t k = c ? (size_t)(c - p) : strlen(p);
			snprintf(names[n], sizeof names[n], "%.*s", (int)(k < 31 ? k : 31), p);
			v[n].name = names[n];
			v[n].value = template_sample(names[n]);
			n++;
			p = c ? c + 1 : p + k;
		}
	page_begin(r, d->title);
	html *b = &r->out;
	page_back_link(r, "/templates");
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, !strcmp(kind, "email") ? "Email template" : "Letter template");
	html_lit(b, ", with sample values</span><h1 class=\"govuk-heading-l\">");
	html_text(b, d->title);
	html_lit(b, "</h1><p class=\"govuk-body\">File: <code>templates/");
	html_text(b, kind);
	html_lit(b, "/");
	html_text(b, name);
	html_lit(b, ".txt</code></p>");
	char err[300];
	if (!strcmp(kind, "email")) {
		buf subj, body;
		buf_init(&subj, 4096);
		buf_init(&body, 256 << 10);
		if (template_email(name, v, n, &subj, &body, err, sizeof err) < 0) {
			html_lit(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
			            "<h2 class=\"govuk-error-summary__title\">This template cannot be used</h2>"
			            "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">");
			html_text(b, err);
			html_lit(b, "</p></div></div></div>");
		} else {
			summary_begin(r);
			summary_row(r, "Subject", buf_cstr(&subj));
			summary_end(r);
			html_lit(b, "<pre class=\"app-email-body govuk-body govuk-!-padding-4\">");
			html_text(b, buf_cstr(&body));
			html_lit(b, "</pre>");
		}
		buf_free(&subj);
		buf_free(&body);
	} else {
		struct tmpl_letter tl;
		if (template_letter(name, v, n, &tl, err, sizeof err) < 0) {
			html_lit(b, "<p class=\"govuk-error-message\">");
			html_text(b, err);
			html_lit(b, "</p>");
		} else {
			json_t *j = letter_content(&tl, template_sample("today"), template_sample("case_ref"));
			letter_html(b, r->cfg->la_name, r->cfg->la_address, j);
			json_decref(j);
			tmpl_letter_free(&tl);
		}
	}
	page_end(r);
}

/* ---- letters ---------------------------------------------------------------------------------- */

struct letters_ctx {
	struct req *r;
	int any;
};

static int letter_row(void *ctx, const struct letter_row *l)
{
	struct letters_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Letter", "Generated", "By", ""};
		table_begin(r, "Letters", cols, 4);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/letters/");
	html_int(b, l->id);
	html_lit(b, "\">");
	html_text(b, l->title);
	html_lit(b, "</a></td><td class=\"govuk-table__cell\">");
	html_instant(b, l->generated_at);
	html_lit(b, "</td>");
	td_text(r, l->generated_by);
	html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/letters/");
	html_int(b, l->id);
	html_lit(b, "/pdf\">Download PDF<span class=\"govuk-visually-hidden\">: ");
	html_text(b, l->title);
	html_lit(b, "</span></a></td></tr>");
	return 0;
}

void person_letters(struct req *r, int64_t pid, int editor)
{
	html *b = &r->out;
	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"letters\">Letters</h2>");
	struct letters_ctx x = {r, 0};
	letters_of_person_each(r->db, pid, letter_row, &x);
	if (x.any)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No letters generated.</p>");
	if (editor) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_person_new_child(pid, "letters").s);
		html_lit(b, "\">Create a letter</a></p>");
	}
}

void h_letter_new(struct req *r)
{
	int64_t pid = r->ids[0];
	struct letter_choice *ch = malloc(LETTER_MAX_CHOICES * sizeof *ch);
	int n = ch ? letter_choices(r->db, pid, ch, LETTER_MAX_CHOICES) : -1;
	if (n < 0) {
		free(ch);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The letters could not be listed.");
		return;
	}
	struct errs e = {0};
	const char *pick = req_param_or(r, "letter", "");
	if (!strcmp(r->method, "POST")) {
		int k = -1;
		for (int i = 0; i < n; i++) {
			char v[80];
			snprintf(v, sizeof v, "%s:%" PRId64, ch[i].template, ch[i].related_id);
			if (!strcmp(v, pick))
				k = i;
		}
		if (k < 0)
			errs_add(&e, "letter", "Select the letter to create");
		else {
			int64_t id = 0;
			struct actor who;
			req_actor(r, &who);
			int rc = letter_create(r->db, &who, pid, ch[k].template, ch[k].related_id, "letter", &id, &e);
			if (rc == LETTER_OK) {
				char loc[64];
				snprintf(loc, sizeof loc, "/letters/%" PRId64, id);
				resp_redirect(r, loc);
				free(ch);
				return;
			}
			if (rc == LETTER_ERROR) {
				free(ch);
				resp_error(r, 500, "Sorry, there is a problem with the service", "The letter was not created.");
				return;
			}
		}
	}
	if (e.n)
		r->status = 422;
	page_begin_err(r, "Create a letter", &e);
	html *b = &r->out;
	buf back = BUF_INIT;
	buf_puts(&back, link_person(pid).s);
	page_back_link(r, buf_cstr(&back));
	buf_free(&back);
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	form_begin(r, r->path);
	const char *err = errs_for(&e, "letter");
	if (err)
		html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
	else
		html_lit(b, "<div class=\"govuk-form-group\">");
	html_lit(b, "<fieldset class=\"govuk-fieldset\"");
	if (err)
		html_lit(b, " aria-describedby=\"letter-error\"");
	html_lit(b, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\"><h1 class=\"govuk-fieldset__heading\">"
	            "Which letter?</h1></legend>");
	if (err) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"letter-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, err);
		html_lit(b, "</p>");
	}
	html_lit(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
	for (int i = 0; i < n; i++) {
		char v[80], id[32] = "letter";
		snprintf(v, sizeof v, "%s:%" PRId64, ch[i].template, ch[i].related_id);
		if (i)   /* the first radio takes the field's name: the error summary links to it */
			snprintf(id, sizeof id, "letter-%d", i + 1);
		html_lit(b, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"letter\" type=\"radio\" value=\"");
		html_attr(b, v);
		html_lit(b, "\"");
		if (!strcmp(v, pick))
			html_lit(b, " checked");
		html_lit(b, "><label class=\"govuk-label govuk-radios__label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">");
		html_text(b, ch[i].label);
		html_lit(b, "</label></div>");
	}
	html_lit(b, "</div></fieldset></div>");
	if (!n)
		html_lit(b, "<p class=\"govuk-body\">Nothing on this record needs a letter yet: letters follow a decision on a "
		            "request, an advice request, a review meeting arranged, or a review decision.</p>");
	else
		form_button(r, "Create the letter");
	form_end(r);
	html_lit(b, "</div></div>");
	page_end(r);
	free(ch);
}

static int load_letter(struct req *r, struct letter_stored *l, json_t **j)
{
	int rc = letter_load(r->db, r->ids[0], l);
	if (rc) {
		if (rc > 0)
			resp_error(r, 404, "Page not found", "There is no letter with this number.");
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The letter could not be read.");
		return -1;
	}
	json_error_t je;
	*j = json_loads(l->json, 0, &je);
	if (!*j) {
		free(l->json);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The letter could not be read.");
		return -1;
	}
	return 0;
}

void h_letter(struct req *r)
{
	struct letter_stored l;
	json_t *j;
	if (load_letter(r, &l, &j) < 0)
		return;
	req_audit(r, "view", "letters", l.id, l.person_id, NULL, NULL);
	const char *title = json_string_value(json_object_get(j, "title"));
	page_begin(r, title ? title : "Letter");
	html *b = &r->out;
	buf back = BUF_INIT;
	buf_puts(&back, link_person(l.person_id).s);
	page_back_link(r, buf_cstr(&back));
	buf_free(&back);
	html_lit(b, "<span class=\"govuk-caption-l\">Letter generated ");
	html_instant(b, l.generated_at);
	html_lit(b, " by ");
	html_text(b, l.generated_by);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1><p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/letters/");
	html_int(b, l.id);
	html_lit(b, "/pdf\">Download PDF</a></p>");
	letter_html(b, r->cfg->la_name, r->cfg->la_address, j);
	page_end(r);
	json_decref(j);
	free(l.json);
}

void h_letter_pdf(struct req *r)
{
	struct letter_stored l;
	json_t *j;
	if (load_letter(r, &l, &j) < 0)
		return;
	json_t *blocks = json_object_get(j, "blocks");
	size_t n = json_array_size(blocks), i;
	struct letter_block *lb = calloc(n ? n : 1, sizeof *lb);
	json_t *bl;
	json_array_foreach(blocks, i, bl) {
		const char *k = json_string_value(json_object_get(bl, "kind"));
		lb[i].kind = k && !strcmp(k, "heading") ? LB_HEADING : k && !strcmp(k, "bullet") ? LB_BULLET : LB_PARA;
		lb[i].text = json_string_value(json_object_get(bl, "text"));
	}
	char addr[256];
	snprintf(addr, sizeof addr, "%s", r->cfg->la_address);
	for (char *p = addr; *p; p++)
		if (*p == '|')
			*p = '\n';
	struct letter_doc doc = {r->cfg->la_name, addr, json_string_value(json_object_get(j, "date")),
	                         json_string_value(json_object_get(j, "case_ref")),
	                         json_string_value(json_object_get(j, "title")), lb, (int)n,
	                         json_string_value(json_object_get(j, "legal"))};
	char err[200], name[48];
	snprintf(name, sizeof name, "letter-%lld.pdf", (long long)l.id);
	buf *pdf = resp_body(r, "application/pdf", name);
	if (!lb || letter_pdf(&doc, pdf, err, sizeof err) < 0) {
		fprintf(stderr, "letters: pdf failed id=%lld: %s\n", (long long)l.id, lb ? err : "out of memory");
		resp_error(r, 500, "Sorry, there is a problem with the service", "The PDF could not be made.");
	} else {
		req_audit(r, "download", "letters", l.id, l.person_id, NULL, NULL);
	}
	free(lb);
	json_decref(j);
	free(l.json);
}

/* ---- advice timeliness ------------------------------------------------------------------------ */

/* Each kind of request (advice_kinds) is reported on its own: the same
 * counting, its own rows, so neither kind's figures hide the other's. */
static const char *const kind_what[ADVICE_KINDS] = {
	[ADVICE_ASSESSMENT] = "Advice for EHC needs assessments, due 6 weeks after it was asked for (SEND Regulations 2014 "
	                      "reg 8(1)).",
	[ADVICE_REVIEW] = "Advice and information asked for annual review meetings, due by the date the invitation gives, "
	                  "so that it can be circulated at least 2 weeks before the meeting (SEND Regulations 2014 reg 20(4)).",
};

#define REPORT_MAX_MONTHS ADVICE_REPORT_MAX_MONTHS

static int parse_month(const char *s, int *y, int *m)
{
	long long yy, mm;
	char tmp[8];
	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	memcpy(tmp, s, 4);
	tmp[4] = 0;
	if (parse_int64(tmp, 2000, 2100, &yy) < 0 || parse_int64(s + 5, 1, 12, &mm) < 0)
		return -1;
	*y = (int)yy;
	*m = (int)mm;
	return 0;
}

/* from/to months (defaults: the last 6 months to this one); errors in e. */
static int report_range(struct req *r, struct errs *e, char from[8], char to[8], int *nmonths)
{
	int ty, tm, td, fy, fm, uy, um;
	date_to_ymd(r->today, &ty, &tm, &td);
	const char *f = req_param_or(r, "from_month", ""), *t = req_param_or(r, "to_month", "");
	uy = ty, um = tm;
	fy = ty, fm = tm - 5;
	while (fm < 1)
		fm += 12, fy--;
	if (*t && parse_month(t, &uy, &um) < 0)
		errs_add(e, "to_month", "Select the last month from the list");
	if (*f && parse_month(f, &fy, &fm) < 0)
		errs_add(e, "from_month", "Select the first month from the list");
	int n = (uy - fy) * 12 + (um - fm) + 1;
	if (!e->n && n < 1)
		errs_add(e, "to_month", "To month must be the same month as From month or later");
	else if (!e->n && n > REPORT_MAX_MONTHS)
		errs_add(e, "from_month", "Choose at most %d months", REPORT_MAX_MONTHS);
	if (e->n)
		return -1;
	snprintf(from, 8, "%04d-%02d", (fy % 10000 + 10000) % 10000, (fm % 100 + 100) % 100);
	snprintf(to, 8, "%04d-%02d", (uy % 10000 + 10000) % 10000, (um % 100 + 100) % 100);
	*nmonths = n;
	return 0;
}

/* A month chosen from a list: "June 2026" in words, "2026-06" underneath.
 * The months of the last five years, newest first, and the one asked for. */
static void month_select(struct req *r, const char *name, const char *label, const char *value, const struct errs *e)
{
	enum { N = 61 };
	struct option opts[N + 1];
	char vals[N + 1][16], labels[N + 1][24];
	int y, m, d, n = 0, vy, vm, have = 0;
	date_to_ymd(r->today, &y, &m, &d);
	int want = value && parse_month(value, &vy, &vm) == 0;
	for (int k = 0; k < N; k++, n++) {
		day_t first;
		int t = y * 12 + (m - 1) - k, my = t / 12, mm = t % 12 + 1;   /* k months before this one */
		if (date_from_ymd(my, mm, 1, &first) < 0)
			break;
		snprintf(vals[n], sizeof vals[n], "%04d-%02d", my % 10000, mm % 100);
		date_format_month(first, labels[n], sizeof labels[n]);
		opts[n] = (struct option){vals[n], labels[n]};
		have |= want && my == vy && mm == vm;
	}
	day_t first;
	if (want && !have && date_from_ymd(vy, vm, 1, &first) == 0) {   /* a month from a link, further back */
		snprintf(vals[n], sizeof vals[n], "%04d-%02d", vy % 10000, vm % 100);
		date_format_month(first, labels[n], sizeof labels[n]);
		opts[n] = (struct option){vals[n], labels[n]};
		n++;
	}
	form_select(r, name, label, NULL, opts, (size_t)n, value, NULL, e);
}

/* Both kinds, t[ADVICE_KINDS]: 0, or -1 (a store error). */
static int load_timeliness_all(struct req *r, const char *from, int nmonths, const char *to, struct advice_timeliness *t)
{
	for (int k = 0; k < ADVICE_KINDS; k++)
		if (advice_timeliness_load(r->db, (enum advice_kind)k, from, nmonths, to, r->today, &t[k]) < 0)
			return -1;
	return 0;
}

static void pct(char *out, size_t n, const struct advice_month *c)
{
	if (!c->due)
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%d%%", (int)((c->on_time * 100 + c->due / 2) / c->due));
}

/* One kind's table: a row per service, a column per month and the total. */
static void timeliness_table(struct req *r, const char *name, const struct advice_timeliness *t, const char *const *cols)
{
	html *b = &r->out;
	int nm = t->nmonths;
	if (!t->nsv) {
		html_lit(b, "<p class=\"govuk-body\">No deadlines fell in these months.</p>");
		return;
	}
	table_begin(r, name, cols, (size_t)nm + 2);
	for (int k = 0; k < t->nsv; k++) {
		html_lit(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">");
		html_text(b, t->sv[k].name);
		html_lit(b, "</th>");
		for (int i = 0; i <= nm; i++) {
			const struct advice_month *c = i < nm ? &t->sv[k].m[i] : &t->sv[k].total;
			char p[8];
			pct(p, sizeof p, c);
			html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
			if (c->due) {
				html_text(b, p);
				html_lit(b, "<br><span class=\"govuk-body-s\">");
				html_int(b, c->on_time);
				html_lit(b, " of ");
				html_int(b, c->due);
				if (c->waiting) {
					html_lit(b, ", ");
					html_int(b, c->waiting);
					html_lit(b, " still awaited");
				}
				html_lit(b, "</span>");
			} else
				html_lit(b, "—");
			html_lit(b, "</td>");
		}
		html_lit(b, "</tr>");
	}
	table_end(r);
}

struct outstanding_ctx {
	struct req *r;
	int editor, kind, open;
};

/* Closes the table of the kinds before `next` and heads each kind up to
 * it ("none" for a kind with no rows); next ADVICE_KINDS: the end. */
static void outstanding_to(struct outstanding_ctx *x, int next)
{
	html *b = &x->r->out;
	while (x->kind < next) {
		if (x->open)
			table_end(x->r);
		else if (x->kind >= 0)
			html_lit(b, "<p class=\"govuk-body\">None outstanding.</p>");
		x->open = 0;
		if (++x->kind >= ADVICE_KINDS)
			break;
		html_lit(b, "<h3 class=\"govuk-heading-s\">");
		html_text(b, advice_kinds[x->kind].label);
		html_lit(b, "</h3>");
	}
}

static int outstanding_row(void *ctx, const struct advice_outstanding *o)
{
	struct outstanding_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	outstanding_to(x, (int)o->kind);
	if (!x->open) {
		static const char *const cols[] = {"Service", "Contact", "Child or young person", "Requested", "Deadline",
		                                   "Days overdue", ""};
		char name[120];
		snprintf(name, sizeof name, "%s outstanding", advice_kinds[x->kind].label);
		table_begin(r, name, cols, x->editor ? 7 : 6);
		x->open = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, o->service);
	td_text(r, o->contact);
	char nm2[2 * 244 + 2];
	snprintf(nm2, sizeof nm2, "%s %s", o->forename, o->surname);
	td_person(r, o->person_id, nm2);
	td_date(r, o->requested, "");
	td_date(r, o->due, "");
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	if (o->days_overdue > 0) {
		char w[24];
		snprintf(w, sizeof w, "%d", o->days_overdue);
		tag(r, "red", w);
	} else
		html_lit(b, "Not yet due");
	html_lit(b, "</td>");
	if (x->editor) {
		html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/advice/");
		html_int(b, o->id);
		html_lit(b, "/edit\">Record it received<span class=\"govuk-visually-hidden\">: ");
		html_text(b, o->service);
		html_lit(b, ", ");
		html_text(b, nm2);
		html_lit(b, "</span></a></td>");
	}
	html_lit(b, "</tr>");
	return 0;
}

/* Every request still awaited, each kind under its own heading; for those
 * who may record it, a link to record it received (which stops its
 * reminders). */
static void outstanding_tables(struct req *r)
{
	html_lit(&r->out, "<h2 class=\"govuk-heading-m\" id=\"outstanding\">Advice and contributions outstanding</h2>");
	struct outstanding_ctx x = {r, req_may(r, "GET", "/advice/#/edit"), -1, 0};
	advice_outstanding_each(r->db, r->today, outstanding_row, &x);
	outstanding_to(&x, ADVICE_KINDS);
}

void h_advice_report(struct req *r)
{
	struct errs e = {0};
	char from[8], to[8];
	int nm = 0;
	struct advice_timeliness *t = malloc(ADVICE_KINDS * sizeof *t);
	if (!t) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The report could not be made.");
		return;
	}
	int bad = report_range(r, &e, from, to, &nm) < 0;
	if (!bad && load_timeliness_all(r, from, nm, to, t) < 0) {
		free(t);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The report could not be made.");
		return;
	}
	if (bad)
		r->status = 400;
	page_begin_err(r, "Advice timeliness", &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Advice and contributions returned on time</h1><p class=\"govuk-body\">For "
	            "each service, the requests whose deadline fell in each month and has passed, and the percentage "
	            "received on or before the deadline: advice for EHC needs assessments and contributions to annual "
	            "reviews, each on its own.</p>");
	form_begin_get(r, "/reports/advice", NULL);
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	month_select(r, "from_month", "From", bad ? req_param_or(r, "from_month", "") : from, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	month_select(r, "to_month", "To", bad ? req_param_or(r, "to_month", "") : to, &e);
	html_lit(b, "</div></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
	            "data-module=\"govuk-button\">Show</button></form>");
	if (!bad) {
		buf qs = BUF_INIT;
		html_qs(&qs, "from_month", from);
		html_qs(&qs, "to_month", to);
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reports/advice.csv?");
		html_attr_qs(b, buf_cstr(&qs));
		buf_free(&qs);
		html_lit(b, "\">Download these tables (CSV)</a></p>");
		const char *cols[REPORT_MAX_MONTHS + 2];
		char labels[REPORT_MAX_MONTHS][24];
		cols[0] = "Service";
		for (int i = 0; i < nm; i++) {
			int y, m;
			parse_month(t[0].month[i], &y, &m);
			static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
			snprintf(labels[i], sizeof labels[i], "%s %d", mon[(m - 1) % 12], y % 10000);
			cols[i + 1] = labels[i];
		}
		cols[nm + 1] = "All months";
		for (int k = 0; k < ADVICE_KINDS; k++) {
			html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"");
			html_attr(b, advice_kinds[k].code);
			html_lit(b, "\">");
			html_text(b, advice_kinds[k].label);
			html_lit(b, "</h2><p class=\"govuk-body\">");
			html_text(b, kind_what[k]);
			html_lit(b, "</p>");
			timeliness_table(r, advice_kinds[k].label, &t[k], cols);
		}
	}
	outstanding_tables(r);
	req_audit(r, "view", "reports", 0, 0, "advice", NULL);
	page_end(r);
	free(t);
}

void h_advice_report_csv(struct req *r)
{
	struct errs e = {0};
	char from[8], to[8];
	int nm = 0;
	struct advice_timeliness *t = malloc(ADVICE_KINDS * sizeof *t);
	if (!t || report_range(r, &e, from, to, &nm) < 0 || load_timeliness_all(r, from, nm, to, t) < 0) {
		free(t);
		if (e.n)
			resp_error(r, 400, "The filter is not valid", e.e[0].msg);
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	char name[96];
	snprintf(name, sizeof name, "advice-timeliness-%s-to-%s.csv", from, to);
	buf *b = resp_body(r, CSV_TYPE, name);
	buf_puts(b, "kind,service,month,deadlines_passed,received_on_time,received_late,still_awaited,percent_on_time\r\n");
	for (int kd = 0; kd < ADVICE_KINDS; kd++)
		for (int k = 0; k < t[kd].nsv; k++)
			for (int i = 0; i < nm; i++) {
				const struct advice_month *c = &t[kd].sv[k].m[i];
				if (!c->due)
					continue;
				char p[8];
				pct(p, sizeof p, c);
				p[strlen(p) ? strlen(p) - 1 : 0] = 0;
				buf_printf(b, "%s,", advice_kinds[kd].code);
				csv_cell(b, t[kd].sv[k].name);
				buf_printf(b, ",%s,%d,%d,%d,%d,%s\r\n", t[kd].month[i], c->due, c->on_time, c->late, c->waiting, p);
			}
	req_audit(r, "export", "reports", 0, 0, "advice", NULL);
	free(t);
}
