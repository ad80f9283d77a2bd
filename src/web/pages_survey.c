/* pages_survey.c — questionnaires: the list, the question builder, sending
 * by hand and on paper, the answer pages at /s/TOKEN, and the results.
 *
 * DESIGN: the builder is plain GOV.UK forms (no JavaScript): a
 * questionnaire's details, then one question at a time.  An edit to a
 * questionnaire that has answers makes a new version (survey.c), and the
 * page says so.  The answer page is one short form of every question, so
 * it works on a phone without JavaScript; the same form serves staff
 * typing in a paper copy.  The link's token is its own protection: a form
 * posted to /s/TOKEN can only come from someone holding the link, so the
 * route is public without a session's CSRF token.  Results suppress any
 * figure from fewer than 5 answers (core/survey.h).
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "web/chart.h"
#include "domain/change.h"
#include "domain/survey.h"
#include "domain/person.h"
#include "domain/outbox.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *label_of(const char *const (*l)[2], int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(l[i][0], code))
			return l[i][1];
	return code;
}

static void server_error(struct req *r) {
	resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
}

/* The questionnaire of ids[0], or NULL with a 404 answered. */
static int load_form(struct req *r, struct sq_form *f)
{
	int rc = survey_load(r->db, r->ids[0], f);
	if (rc == SURVEY_NOT_FOUND)
		resp_error(r, 404, "Page not found", "There is no such questionnaire.");
	else if (rc)
		server_error(r);
	return rc;
}

/* A choice question's options, split (core/survey.h). */
struct opts { char buf[SQ_MAX_OPTIONS * (SQ_OPTION_MAX * 4 + 2) + 64]; const char *o[SQ_MAX_OPTIONS]; int n; };
static void split_opts(const struct sq_question *q, struct opts *o)
{
	struct errs tmp = {0};
	o->n = sq_options_split(q->options, o->buf, sizeof o->buf, o->o, &tmp);
	if (o->n < 0)
		o->n = 0;
}

/* The questionnaire of ids[0] and its current questions, or -1 with the error answered. */
static int load_with_questions(struct req *r, struct sq_form *f, struct sq_questions *qs)
{
	if (load_form(r, f))
		return -1;
	if (survey_load_questions(r->db, f->id, f->qversion, qs) < 0) {
		server_error(r);
		return -1;
	}
	return 0;
}

/* ---- the list ------------------------------------------------------------------------------ */

static void list_row(void *ctx, const struct sq_form *f)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_survey(f->id).s);
	html_lit(b, "\">");
	html_text(b, f->name);
	html_lit(b, "</a></td>");
	td_text(r, label_of(survey_audiences, 3, f->audience));
	td_text(r, label_of(survey_triggers, 4, f->trigger));
	td_text(r, f->anonymous ? "Anonymous" : "Linked to the child");
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, f->qversion);
	html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, f->invitations);
	html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, f->responses);
	html_lit(b, "</td></tr>");
}

void h_surveys(struct req *r)
{
	page_begin(r, "Surveys");
	html *b = &r->out;
	const char *saved = req_param(r, "saved");
	if (saved && !strcmp(saved, "ready-made"))
		page_success(r, "The ready-made questionnaire is loaded");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Surveys</h1><p class=\"govuk-body\">Questionnaires for families, "
	            "children and young people, and settings. Each is sent by email with a link that works once, or on paper.</p>");
	if (req_may(r, "GET", "/surveys/new")) {
		html_lit(b, "<a class=\"govuk-button\" href=\"/surveys/new\">Create a questionnaire</a>");
	}
	static const char *const cols[] = {"Questionnaire", "Who answers", "Sent", "Answers are", "Version", "Sent to",
	                                   "Answers"};
	table_begin_numeric(r, "Questionnaires", cols, 7, 4);
	if (survey_each(r->db, list_row, r) < 0) {
		server_error(r);
		return;
	}
	table_end(r);
	if (req_may(r, "POST", "/surveys/ready-made")) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Ready-made questionnaires</h2><p class=\"govuk-body\">Load one to "
		            "send it as it is, or change it with the builder first.</p>");
		form_begin(r, "/surveys/ready-made");
		struct option o[5];
		for (int i = 0; i < 5; i++)
			o[i] = (struct option){survey_ready_made_keys[i][0], survey_ready_made_keys[i][1]};
		form_radios(r, "key", "Which questionnaire?", NULL, o, 5, "", NULL);
		form_button(r, "Load it");
		form_end(r);
	}
	page_end(r);
}

void h_survey_ready_made(struct req *r)
{
	struct actor who;
	req_actor(r, &who);
	int64_t id;
	int rc = survey_ready_made(r->db, &who, req_param_or(r, "key", ""), &id);
	if (rc == SURVEY_NOT_FOUND) {
		resp_error(r, 400, "Select a questionnaire", "Go back and select one of the ready-made questionnaires.");
		return;
	}
	if (rc) {
		server_error(r);
		return;
	}
	char loc[160];
	snprintf(loc, sizeof loc, "%s?saved=ready-made", link_survey(id).s);
	resp_redirect(r, loc);
}

/* ---- a questionnaire's details -------------------------------------------------------------- */

static void details_form(struct req *r, struct sq_form *f, const struct errs *e, int is_new)
{
	if (e->n && !r->status)
		r->status = 422;
	page_begin_err(r, is_new ? "Create a questionnaire" : "Change the questionnaire", e);
	page_back_link(r, is_new ? link_surveys().s : link_survey(f->id).s);
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">");
	html_text(&r->out, is_new ? "Create a questionnaire" : "Change the questionnaire");
	html_lit(&r->out, "</h1>");
	form_begin(r, r->path);
	if (!is_new) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)f->version);
		form_hidden(r, "version", v);
	}
	form_text(r, "name", "Name", "As staff see it, and in the email's subject", f->name, e, NULL);
	struct option aud[3], trig[4];
	for (int i = 0; i < 3; i++)
		aud[i] = (struct option){survey_audiences[i][0], survey_audiences[i][1]};
	for (int i = 0; i < 4; i++)
		trig[i] = (struct option){survey_triggers[i][0], survey_triggers[i][1]};
	form_radios(r, "audience", "Who answers it?", NULL, aud, 3, f->audience, e);
	form_radios(r, "trigger", "When is it sent?", "Families are sent it only by contacts who have given consent", trig, 4,
	            f->trigger, e);
	static const struct option anon[] = {{"1", "Anonymous: no one can tell who answered"},
	                                     {"0", "Linked to the child: results can be broken down by phase and need"}};
	form_radios(r, "anonymous", "Are answers anonymous?", "This cannot change once it has been sent", anon, 2,
	            f->anonymous == 1 ? "1" : f->anonymous == 0 && !is_new ? "0" : (f->anonymous == 0 && e->n ? "0" : ""), e);
	char days[16];
	snprintf(days, sizeof days, "%d", f->expiry_days);
	form_text(r, "expiry_days", "Days a link works", "From 1 to 365", f->expiry_days ? days : "", e,
	          "govuk-input--width-3");
	form_button(r, is_new ? "Create questionnaire" : "Save changes");
	form_end(r);
	html_lit(&r->out, "</div></div>");
	page_end(r);
}

static void read_details(struct req *r, struct sq_form *f)
{
	snprintf(f->name, sizeof f->name, "%s", req_param_or(r, "name", ""));
	snprintf(f->audience, sizeof f->audience, "%s", req_param_or(r, "audience", ""));
	snprintf(f->trigger, sizeof f->trigger, "%s", req_param_or(r, "trigger", ""));
	const char *a = req_param_or(r, "anonymous", "");
	f->anonymous = !strcmp(a, "1") ? 1 : !strcmp(a, "0") ? 0 : -1;
	long long n = 0;
	f->expiry_days = req_param_int(r, "expiry_days", 1, 365, &n) == 0 ? (int)n : 0;
	long long v = 0;
	if (req_param_int(r, "version", 1, INT64_MAX, &v) == 0)
		f->version = v;
}

static void details_save(struct req *r, struct sq_form *f, int is_new)
{
	struct errs e = {0};
	read_details(r, f);
	struct actor who;
	req_actor(r, &who);
	int rc = survey_save(r->db, &who, f, &e);
	if (rc == SURVEY_OK) {
		char loc[160];
		snprintf(loc, sizeof loc, "%s?saved=details", link_survey(f->id).s);
		resp_redirect(r, loc);
		return;
	}
	if (rc == SURVEY_STALE)
		errs_add(&e, "name", "Someone else changed this questionnaire while you were editing it: check it and save again");
	else if (rc == SURVEY_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There is no such questionnaire.");
		return;
	} else if (rc != SURVEY_INVALID) {
		server_error(r);
		return;
	}
	details_form(r, f, &e, is_new);
}

void h_survey_new(struct req *r)
{
	struct sq_form f = {0};
	struct errs e = {0};
	if (!strcmp(r->method, "POST")) {
		details_save(r, &f, 1);
		return;
	}
	f.anonymous = -1;
	f.expiry_days = 28;
	snprintf(f.trigger, sizeof f.trigger, "manual");
	details_form(r, &f, &e, 1);
}

void h_survey_edit(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	struct errs e = {0};
	if (!strcmp(r->method, "POST")) {
		details_save(r, &f, 0);
		return;
	}
	details_form(r, &f, &e, 0);
}

/* ---- a questionnaire's page ----------------------------------------------------------------- */

static void kind_text(const struct sq_question *q, char *out, size_t n)
{
	snprintf(out, n, "%s", sq_kind_label(q->kind));
}

void h_survey(struct req *r)
{
	struct sq_form f;
	struct sq_questions qs;
	if (load_with_questions(r, &f, &qs))
		return;
	page_begin(r, f.name);
	html *b = &r->out;
	page_back_link(r, link_surveys().s);
	const char *saved = req_param(r, "saved");
	if (saved && !strcmp(saved, "new-version"))
		page_success(r, "Saved as a new version: the answers already given keep the questions they answered");
	else if (saved && !strcmp(saved, "sent"))
		page_success(r, "Sent");
	else if (saved)
		page_success(r, "Saved");
	html_lit(b, "<span class=\"govuk-caption-l\">Questionnaire</span><h1 class=\"govuk-heading-l\">");
	html_text(b, f.name);
	html_lit(b, "</h1>");
	summary_begin(r);
	summary_row(r, "Who answers", label_of(survey_audiences, 3, f.audience));
	summary_row(r, "When it is sent", label_of(survey_triggers, 4, f.trigger));
	summary_row(r, "Answers are", f.anonymous ? "Anonymous: no one can tell who answered" : "Linked to the child");
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%d days", f.expiry_days);
	summary_row(r, "A link works for", tmp);
	snprintf(tmp, sizeof tmp, "%d", f.qversion);
	summary_row(r, "Version", tmp);
	snprintf(tmp, sizeof tmp, "%ld sent, %ld answered", f.invitations, f.responses);
	summary_row(r, "So far", tmp);
	summary_end(r);
	int may_edit = req_may(r, "GET", "/surveys/#/edit");
	html_lit(b, "<div class=\"govuk-button-group\">");
	if (may_edit) {
		html_lit(b, "<a class=\"govuk-button govuk-button--secondary\" href=\"");
		html_attr(b, link_survey_part(f.id, "edit").s);
		html_lit(b, "\">Change details</a>");
	}
	if (req_may(r, "GET", "/surveys/#/send")) {
		html_lit(b, "<a class=\"govuk-button govuk-button--secondary\" href=\"");
		html_attr(b, link_survey_part(f.id, "send").s);
		html_lit(b, "\">Send to a child's family</a><a class=\"govuk-button govuk-button--secondary\" href=\"");
		html_attr(b, link_survey_part(f.id, "paper").s);
		html_lit(b, "\">Type in a paper copy</a>");
	}
	html_lit(b, "<a class=\"govuk-button govuk-button--secondary\" href=\"");
	html_attr(b, link_survey_part(f.id, "print").s);
	html_lit(b, "\">Printable version</a><a class=\"govuk-button govuk-button--secondary\" href=\"");
	html_attr(b, link_survey_part(f.id, "results").s);
	html_lit(b, "\">Results</a></div>");
	html_lit(b, "<h2 class=\"govuk-heading-m\">Questions</h2>");
	if (f.responses_now > 0 && may_edit)
		html_lit(b, "<div class=\"govuk-inset-text\">This version has answers: a change to its questions makes a new "
		            "version, and the answers already given keep the questions they answered.</div>");
	static const char *const cols[] = {"Number", "Question", "Kind", "Answer needed", ""};
	table_begin(r, "Questions", cols, may_edit ? 5 : 4);
	for (int i = 0; i < qs.n; i++) {
		char k[128];
		kind_text(&qs.q[i], k, sizeof k);
		html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
		html_int(b, i + 1);
		html_lit(b, "</td><td class=\"govuk-table__cell\">");
		html_text(b, qs.q[i].wording);
		if (qs.q[i].options[0]) {
			html_lit(b, "<br><span class=\"govuk-hint\">");
			html_text(b, qs.q[i].options);
			html_lit(b, "</span>");
		}
		html_lit(b, "</td>");
		td_text(r, k);
		td_text(r, qs.q[i].required ? "Yes" : "No");
		if (may_edit) {
			char part[64];
			html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
			snprintf(part, sizeof part, "questions/%" PRId64 "/edit", qs.q[i].id);
			html_attr(b, link_survey_part(f.id, part).s);
			html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> question ");
			html_int(b, i + 1);
			html_lit(b, "</span></a> <a class=\"govuk-link\" href=\"");
			snprintf(part, sizeof part, "questions/%" PRId64 "/delete", qs.q[i].id);
			html_attr(b, link_survey_part(f.id, part).s);
			html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> question ");
			html_int(b, i + 1);
			html_lit(b, "</span></a></td>");
		}
		html_lit(b, "</tr>");
	}
	table_end(r);
	if (!qs.n)
		html_lit(b, "<p class=\"govuk-body\">No questions yet.</p>");
	if (may_edit) {
		html_lit(b, "<a class=\"govuk-button\" href=\"");
		html_attr(b, link_survey_part(f.id, "questions/new").s);
		html_lit(b, "\">Add a question</a>");
	}
	sq_questions_free(&qs);
	page_end(r);
}

/* ---- the question builder ------------------------------------------------------------------- */

static void question_form(struct req *r, const struct sq_form *f, const char *kind, const char *wording,
                          const char *easy, const char *statement, const char *options, int required, int64_t version,
                          const struct errs *e, int is_new)
{
	if (e->n && !r->status)
		r->status = 422;
	const char *title = is_new ? "Add a question" : "Change the question";
	page_begin_err(r, title, e);
	page_back_link(r, link_survey(f->id).s);
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, e);
	html_lit(&r->out, "<span class=\"govuk-caption-l\">");
	html_text(&r->out, f->name);
	html_lit(&r->out, "</span><h1 class=\"govuk-heading-l\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1>");
	if (f->responses_now > 0)
		html_lit(&r->out, "<div class=\"govuk-inset-text\">This version has answers: saving makes a new version.</div>");
	form_begin(r, r->path);
	if (!is_new) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)version);
		form_hidden(r, "version", v);
	}
	struct option k[SQ_KINDS];
	for (int i = 0; i < SQ_KINDS; i++)
		k[i] = (struct option){sq_kind_code(i), sq_kind_label(i)};
	form_radios(r, "kind", "What kind of question?", NULL, k, SQ_KINDS, kind, e);
	form_textarea(r, "wording", "Question", "As people will read it. For agree or disagree, write a statement, "
	              "for example: I felt fully involved in the process", wording, e);
	form_textarea(r, "easy_read", "Easy-read wording (optional)", "Shorter, plainer words shown beneath the question",
	              easy, e);
	form_text(r, "statement", "Short name (optional)", "Results are grouped by it across versions: keep it the same "
	          "when you reword a question", statement, e, NULL);
	form_textarea(r, "options", "Options (choice questions only)", "One a line, up to 12", options, e);
	static const struct option req[] = {{"1", "Yes"}, {"0", "No, it can be left out"}};
	form_radios(r, "required", "Must it be answered?", NULL, req, 2, required ? "1" : "0", e);
	form_button(r, "Save question");
	form_end(r);
	html_lit(&r->out, "</div></div>");
	page_end(r);
}

static void question_post(struct req *r, const struct sq_form *f, int64_t qid, int is_new)
{
	struct sq_edit q = {
		sq_kind_parse(req_param_or(r, "kind", "")),
		!strcmp(req_param_or(r, "required", "1"), "1"),
		req_param_or(r, "wording", ""),
		req_param_or(r, "easy_read", ""),
		req_param_or(r, "statement", ""),
		req_param_or(r, "options", ""),
	};
	long long v = 0;
	req_param_int(r, "version", 1, INT64_MAX, &v);
	struct errs e = {0};
	struct actor who;
	req_actor(r, &who);
	int copied = 0;
	int rc = survey_question_save(r->db, &who, f->id, qid, v, &q, &e, &copied);
	if (rc == SURVEY_OK) {
		char loc[160];
		snprintf(loc, sizeof loc, "%s?saved=%s", link_survey(f->id).s, copied ? "new-version" : "question");
		resp_redirect(r, loc);
		return;
	}
	if (rc == SURVEY_STALE)
		errs_add(&e, "wording", "Someone else changed this question while you were editing it: check it and save again");
	else if (rc == SURVEY_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There is no such question in this version of the questionnaire.");
		return;
	} else if (rc != SURVEY_INVALID) {
		server_error(r);
		return;
	}
	question_form(r, f, req_param_or(r, "kind", ""), q.wording, q.easy_read, q.statement, q.options, q.required, v, &e,
	              is_new);
}

void h_survey_question_new(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	if (!strcmp(r->method, "POST")) {
		question_post(r, &f, 0, 1);
		return;
	}
	struct errs e = {0};
	question_form(r, &f, "", "", "", "", "", 1, 0, &e, 1);
}

/* The current version's question ids[1], or -1 with a 404 answered. */
static int find_question(struct req *r, const struct sq_form *f, struct sq_questions *qs)
{
	if (survey_load_questions(r->db, f->id, f->qversion, qs) < 0) {
		server_error(r);
		return -1;
	}
	for (int i = 0; i < qs->n; i++)
		if (qs->q[i].id == r->ids[1])
			return i;
	sq_questions_free(qs);
	resp_error(r, 404, "Page not found", "There is no such question in this version of the questionnaire.");
	return -1;
}

void h_survey_question_edit(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	if (!strcmp(r->method, "POST")) {
		question_post(r, &f, r->ids[1], 0);
		return;
	}
	struct sq_questions qs;
	int i = find_question(r, &f, &qs);
	if (i < 0)
		return;
	struct errs e = {0};
	const struct sq_question *q = &qs.q[i];
	question_form(r, &f, sq_kind_code(q->kind), q->wording, q->easy_read, q->statement, q->options, q->required, q->version,
	              &e, 0);
	sq_questions_free(&qs);
}

void h_survey_question_delete(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	if (!strcmp(r->method, "POST")) {
		long long v = 0;
		req_param_int(r, "version", 1, INT64_MAX, &v);
		struct actor who;
		req_actor(r, &who);
		int copied = 0;
		int rc = survey_question_remove(r->db, &who, f.id, r->ids[1], v, &copied);
		if (rc == SURVEY_NOT_FOUND || rc == SURVEY_STALE) {
			resp_error(r, rc == SURVEY_STALE ? 409 : 404, rc == SURVEY_STALE ? "The question has changed" : "Page not found",
			           rc == SURVEY_STALE ? "Someone else changed this question: go back and check it." :
			                                "There is no such question in this version of the questionnaire.");
			return;
		}
		if (rc) {
			server_error(r);
			return;
		}
		char loc[160];
		snprintf(loc, sizeof loc, "%s?saved=%s", link_survey(f.id).s, copied ? "new-version" : "removed");
		resp_redirect(r, loc);
		return;
	}
	struct sq_questions qs;
	int i = find_question(r, &f, &qs);
	if (i < 0)
		return;
	page_begin(r, "Remove the question");
	page_back_link(r, link_survey(f.id).s);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">Remove this question?</h1><p class=\"govuk-body\">");
	html_text(&r->out, qs.q[i].wording);
	html_lit(&r->out, "</p>");
	if (f.responses_now > 0)
		html_lit(&r->out, "<div class=\"govuk-inset-text\">This version has answers: it stays as it is, and the "
		                  "question is removed from a new version.</div>");
	form_begin(r, r->path);
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)qs.q[i].version);
	form_hidden(r, "version", v);
	html_lit(&r->out, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">"
	                  "Remove question</button>");
	form_end(r);
	sq_questions_free(&qs);
	page_end(r);
}

/* ---- answering: the public link, and paper copies typed in by staff ------------------------ */

/* The answers of questions qs from the request, canonical (into vals[i],
 * malloc'd); errors name "q1", "q2"… */
static void read_answers(struct req *r, const struct sq_questions *qs, char **vals, struct errs *e)
{
	for (int i = 0; i < qs->n; i++) {
		char name[16];
		snprintf(name, sizeof name, "q%d", i + 1);
		const char *v[SQ_MAX_OPTIONS + 1];
		int nv = 0;
		for (int p = 0; p < r->nparams && nv <= SQ_MAX_OPTIONS; p++)
			if (!strcmp(r->params[p].name, name))
				v[nv++] = r->params[p].value;
		struct opts o;
		split_opts(&qs->q[i], &o);
		char out[SQ_TEXT_ANSWER_MAX * 4 + 1];
		sq_answer_parse(qs->q[i].kind, o.n, v, nv, qs->q[i].required, name, out, sizeof out, e);
		vals[i] = strdup(out);
	}
}

/* The value typed for question i, as the form shows it back. */
static const char *typed(struct req *r, int i, char *joined, size_t n)
{
	char name[16];
	snprintf(name, sizeof name, "q%d", i + 1);
	size_t len = 0;
	joined[0] = 0;
	for (int p = 0; p < r->nparams; p++)
		if (!strcmp(r->params[p].name, name))
			len += (size_t)snprintf(joined + len, len < n ? n - len : 0, "%s%s", len ? "," : "", r->params[p].value);
	return joined;
}

static void answer_fields(struct req *r, const struct sq_questions *qs, int easy, const struct errs *e)
{
	int post = !strcmp(r->method, "POST");
	for (int i = 0; i < qs->n; i++) {
		const struct sq_question *q = &qs->q[i];
		char name[16], legend[SQ_WORDING_MAX * 4 + 32];
		snprintf(name, sizeof name, "q%d", i + 1);
		snprintf(legend, sizeof legend, "%d. %s%s", i + 1, easy && q->easy_read[0] ? q->easy_read : q->wording,
		         q->required ? "" : " (optional)");
		const char *hint = !easy && q->easy_read[0] ? q->easy_read : NULL;
		char val[4096];
		const char *v = post ? typed(r, i, val, sizeof val) : "";
		struct opts ol;
		split_opts(q, &ol);
		int nopts = q->kind == SQ_SINGLE || q->kind == SQ_MULTIPLE ? ol.n : 0;
		const char *const *o = ol.o;
		struct option opts[SQ_MAX_OPTIONS];
		char nums[SQ_MAX_OPTIONS][12];
		switch (q->kind) {
		case SQ_LIKERT:
			for (int k = 0; k < SQ_LIKERT_N; k++) {
				snprintf(nums[k], sizeof nums[k], "%d", k + 1);
				opts[k] = (struct option){nums[k], sq_likert_label(k + 1)};
			}
			form_radios(r, name, legend, hint, opts, SQ_LIKERT_N, v, e);
			break;
		case SQ_YESNO: {
			static const struct option yn[] = {{"1", "Yes"}, {"0", "No"}};
			form_radios(r, name, legend, hint, yn, 2, v, e);
			break;
		}
		case SQ_SINGLE:
		case SQ_MULTIPLE:
			for (int k = 0; k < nopts; k++) {
				snprintf(nums[k], sizeof nums[k], "%d", k + 1);
				opts[k] = (struct option){nums[k], o[k]};
			}
			if (q->kind == SQ_SINGLE)
				form_radios(r, name, legend, hint, opts, (size_t)nopts, v, e);
			else
				form_checkboxes(r, name, legend, hint ? hint : "Select all that apply", opts, (size_t)nopts, v, e);
			break;
		default:
			form_textarea(r, name, legend, hint, v, e);
		}
	}
}

static void link_problem(struct req *r, int rc)
{
	if (rc == TOKEN_USED)
		resp_error(r, 410, "This survey has already been answered",
		           "Each link works once, and this one has been used. Thank you if it was you who answered. "
		           "If you did not, contact the SEND service.");
	else if (rc == TOKEN_EXPIRED)
		resp_error(r, 410, "This link has expired",
		           "The time to answer this survey has passed. Contact the SEND service if you would still like to answer.");
	else if (rc == TOKEN_UNKNOWN)
		resp_error(r, 404, "This link is not recognised",
		           "Check that you copied the whole link from the email. Contact the SEND service if it still does not work.");
	else
		server_error(r);
}

/* Shows the form of an opened invitation, or stores its answers. */
static void answer_page(struct req *r, const struct sq_open *o, int paper, const char *action)
{
	struct sq_questions qs;
	if (survey_load_questions(r->db, o->qid, o->qversion, &qs) < 0) {
		server_error(r);
		return;
	}
	struct errs e = {0};
	int easy = req_param(r, "easy") != NULL && !strcmp(req_param(r, "easy"), "1");
	if (!strcmp(r->method, "POST")) {
		char **vals = calloc((size_t)qs.n + 1, sizeof *vals);
		if (!vals) {
			sq_questions_free(&qs);
			server_error(r);
			return;
		}
		read_answers(r, &qs, vals, &e);
		int rc = 0;
		if (!e.n) {
			struct actor who;
			req_actor(r, &who);
			rc = survey_respond(r->db, &who, o, &qs, vals, paper);
		}
		for (int i = 0; i < qs.n; i++)
			free(vals[i]);
		free(vals);
		if (!e.n) {
			sq_questions_free(&qs);
			if (rc == TOKEN_USED) {
				link_problem(r, rc);
				return;
			}
			if (rc) {
				server_error(r);
				return;
			}
			if (paper) {
				char loc[160];
				snprintf(loc, sizeof loc, "%s?saved=paper", link_survey(o->qid).s);
				resp_redirect(r, loc);
				return;
			}
			page_begin(r, "Thank you");
			html_lit(&r->out, "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">"
			                  "Thank you</h1><div class=\"govuk-panel__body\">Your answers have been sent</div></div>"
			                  "<p class=\"govuk-body\">We read every answer, and use them to improve the support for "
			                  "children and young people with special educational needs and disabilities.</p>");
			page_end(r);
			return;
		}
		r->status = 422;
	}
	page_begin_err(r, o->name, &e);
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	if (paper)
		html_lit(b, "<span class=\"govuk-caption-l\">A paper copy, typed in by staff</span>");
	html_lit(b, "<h1 class=\"govuk-heading-l\">");
	html_text(b, o->name);
	html_lit(b, "</h1>");
	if (!paper) {
		html_lit(b, "<p class=\"govuk-body\">");
		html_text(b, o->anonymous ? "Your answers are anonymous: we cannot tell who gave them."
		                          : "Your answers are kept with your child's record, so that we can act on them.");
		html_lit(b, " The link works once: answer every question, then send.</p>");
	}
	form_begin(r, action);
	if (easy)
		form_hidden(r, "easy", "1");
	answer_fields(r, &qs, easy || !strcmp(o->audience, "young_person"), &e);
	form_button(r, paper ? "Save the paper copy" : "Send my answers");
	form_end(r);
	html_lit(b, "</div></div>");
	sq_questions_free(&qs);
	page_end(r);
}

void h_survey_answer(struct req *r)
{
	const char *token = r->path + strlen("/s/");
	struct sq_open o;
	int rc = survey_token_open(r->db, token, r->today, &o);
	if (rc) {
		link_problem(r, rc);
		return;
	}
	answer_page(r, &o, 0, r->path);
}

void h_survey_paper_entry(struct req *r)
{
	struct sq_open o;
	int rc = survey_paper_open(r->db, r->ids[0], r->today, &o);
	if (rc == TOKEN_UNKNOWN) {
		resp_error(r, 404, "Page not found", "There is no such paper copy.");
		return;
	}
	if (rc == TOKEN_USED) {
		resp_error(r, 410, "Already typed in", "This paper copy's answers have been saved already.");
		return;
	}
	if (rc == TOKEN_EXPIRED) {
		resp_error(r, 410, "Too late to type in", "The time to answer this survey had passed.");
		return;
	}
	if (rc) {
		server_error(r);
		return;
	}
	answer_page(r, &o, 1, r->path);
}

/* ---- sending by hand, paper copies, the printable version ------------------------------------ */

/* A child named by "SM-000123" or their sendmis number; 0 if none. */
static int64_t child_of(struct req *r, const char *v)
{
	if (!v)
		return 0;
	while (*v == ' ')
		v++;
	if ((v[0] == 'S' || v[0] == 's') && (v[1] == 'M' || v[1] == 'm') && v[2] == '-')
		v += 3;
	char *end;
	long long id = strtoll(v, &end, 10);
	while (*end == ' ')
		end++;
	if (*end || id <= 0)
		return 0;
	char name[256];
	if (person_name(r->db, id, name, sizeof name) < 0 || !name[0])
		return 0;
	return id;
}

static void child_form(struct req *r, const struct sq_form *f, const char *title, const char *intro, const char *button,
                       const char *value, const struct errs *e)
{
	if (e->n && !r->status)
		r->status = 422;
	page_begin_err(r, title, e);
	page_back_link(r, link_survey(f->id).s);
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, e);
	html_lit(&r->out, "<span class=\"govuk-caption-l\">");
	html_text(&r->out, f->name);
	html_lit(&r->out, "</span><h1 class=\"govuk-heading-l\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1><p class=\"govuk-body\">");
	html_text(&r->out, intro);
	html_lit(&r->out, "</p>");
	form_begin(r, r->path);
	form_text(r, "person", "Child's case reference", "For example, SM-000123", value, e, "govuk-input--width-10");
	form_button(r, button);
	form_end(r);
	html_lit(&r->out, "</div></div>");
	page_end(r);
}

void h_survey_send(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	struct errs e = {0};
	const char *v = req_param_or(r, "person", "");
	if (!strcmp(r->method, "POST")) {
		int64_t pid = child_of(r, v);
		if (!pid)
			errs_add(&e, "person", *v ? "There is no child with this case reference" : "Enter the child's case reference");
		if (!e.n) {
			struct actor who;
			req_actor(r, &who);
			int sent = 0;
			char event[32];
			snprintf(event, sizeof event, "%s", "");
			date_format_iso(r->today, event);
			int rc = survey_send_child(r->db, &who, f.id, pid, "manual", event, &sent);
			if (rc) {
				server_error(r);
				return;
			}
			if (sent) {
				char loc[160];
				snprintf(loc, sizeof loc, "%s?saved=sent", link_survey(f.id).s);
				resp_redirect(r, loc);
				return;
			}
			errs_add(&e, "person", "Nothing was sent: none of this child's contacts has given consent and has an email "
			         "address, or they were sent it today already. Add consent on the Family tab, or send a paper copy");
		}
	}
	child_form(r, &f, "Send to a child's family",
	           "Each of the child's contacts who has given consent and has an email address is sent a link that works once.",
	           "Send", v, &e);
}

void h_survey_paper(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	struct errs e = {0};
	const char *v = req_param_or(r, "person", "");
	if (!strcmp(r->method, "POST")) {
		int64_t pid = 0;
		if (*v || !f.anonymous) {
			pid = child_of(r, v);
			if (!pid)
				errs_add(&e, "person", *v ? "There is no child with this case reference" : "Enter the child's case reference");
		}
		if (!e.n) {
			struct actor who;
			req_actor(r, &who);
			int64_t inv;
			if (survey_paper(r->db, &who, f.id, pid, &inv)) {
				server_error(r);
				return;
			}
			char loc[96];
			snprintf(loc, sizeof loc, "/survey-paper/%" PRId64, inv);
			resp_redirect(r, loc);
			return;
		}
	}
	child_form(r, &f, "Type in a paper copy",
	           f.anonymous ? "Answers are anonymous: leave the case reference empty unless the copy names the child."
	                       : "The answers are kept with the child's record.",
	           "Continue", v, &e);
}

void h_survey_print(struct req *r)
{
	struct sq_form f;
	struct sq_questions qs;
	if (load_with_questions(r, &f, &qs))
		return;
	page_begin(r, f.name);
	html *b = &r->out;
	page_back_link(r, link_survey(f.id).s);
	html_lit(b, "<h1 class=\"govuk-heading-l\">");
	html_text(b, f.name);
	html_lit(b, "</h1><p class=\"govuk-body\">Tick one box for each question, or write your answer. Return it to the SEND "
	            "service in the envelope provided.</p>");
	for (int i = 0; i < qs.n; i++) {
		const struct sq_question *q = &qs.q[i];
		html_lit(b, "<h2 class=\"govuk-heading-s\">");
		html_int(b, i + 1);
		html_lit(b, ". ");
		html_text(b, !strcmp(f.audience, "young_person") && q->easy_read[0] ? q->easy_read : q->wording);
		html_lit(b, "</h2><ul class=\"govuk-list\">");
		if (q->kind == SQ_LIKERT)
			for (int k = 1; k <= SQ_LIKERT_N; k++) {
				html_lit(b, "<li>&#9744; ");
				html_text(b, sq_likert_label(k));
				html_lit(b, "</li>");
			}
		else if (q->kind == SQ_YESNO)
			html_lit(b, "<li>&#9744; Yes</li><li>&#9744; No</li>");
		else if (q->kind == SQ_TEXT)
			html_lit(b, "<li>&nbsp;</li><li>&nbsp;</li><li>&nbsp;</li>");
		else {
			struct opts ol;
			split_opts(q, &ol);
			for (int k = 0; k < ol.n; k++) {
				html_lit(b, "<li>&#9744; ");
				html_text(b, ol.o[k]);
				html_lit(b, "</li>");
			}
		}
		html_lit(b, "</ul>");
	}
	sq_questions_free(&qs);
	page_end(r);
}

/* ---- results -------------------------------------------------------------------------------- */

/* "80% (49% to 94%)" or "fewer than 5". */
static void share_text(long agree, long n, char *out, size_t sz)
{
	if (sq_suppressed(n)) {
		snprintf(out, sz, "fewer than 5");
		return;
	}
	double lo, hi;
	sq_wilson(agree, n, &lo, &hi);
	snprintf(out, sz, "%.0f%% (%.0f%% to %.0f%%)", 100.0 * (double)agree / (double)n, 100 * lo, 100 * hi);
}

static void count_text(long n, char *out, size_t sz)
{
	if (sq_suppressed(n))
		snprintf(out, sz, "fewer than 5");
	else
		snprintf(out, sz, "%ld", n);
}

static void text_row(void *ctx, int64_t response_id, int64_t question_id, const char *statement, const char *month,
                     const char *text, const char *theme)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\">");
	int y = 0, m = 0;
	day_t first;
	char shown[32];
	if (sscanf(month, "%4d-%2d", &y, &m) == 2 && date_from_ymd(y, m, 1, &first) == 0)
		date_format_month(first, shown, sizeof shown);
	else
		snprintf(shown, sizeof shown, "%s", month);
	td_text(r, shown);
	td_text(r, statement);
	td_text(r, text);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (req_may(r, "POST", "/surveys/#/themes")) {
		char id[64];
		form_begin(r, link_survey_part(r->ids[0], "themes").s);
		snprintf(id, sizeof id, "%" PRId64, response_id);
		form_hidden(r, "response", id);
		snprintf(id, sizeof id, "%" PRId64, question_id);
		form_hidden(r, "question", id);
		html_lit(b, "<div class=\"govuk-form-group\"><label class=\"govuk-label govuk-visually-hidden\" for=\"theme-");
		html_int(b, response_id);
		html_lit(b, "-");
		html_int(b, question_id);
		html_lit(b, "\">Theme</label><input class=\"govuk-input govuk-input--width-10\" name=\"theme\" id=\"theme-");
		html_int(b, response_id);
		html_lit(b, "-");
		html_int(b, question_id);
		html_lit(b, "\" value=\"");
		html_attr(b, theme);
		html_lit(b, "\"></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
		            "data-module=\"govuk-button\">Tag<span class=\"govuk-visually-hidden\"> this answer</span></button>");
		form_end(r);
	} else {
		html_text(b, *theme ? theme : "—");
	}
	html_lit(b, "</td></tr>");
}

void h_survey_results(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	struct sq_results res;
	if (survey_results(r->db, f.id, &res) < 0) {
		server_error(r);
		return;
	}
	page_begin(r, "Results");
	html *b = &r->out;
	page_back_link(r, link_survey(f.id).s);
	if (req_param(r, "saved"))
		page_success(r, "Theme saved");
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, f.name);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">Results</h1><p class=\"govuk-body\">The share agreeing counts "
	            "strongly agree and agree (or yes), with its 95% confidence interval (Wilson). A figure from fewer than 5 "
	            "answers is shown as \"fewer than 5\".</p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_survey_part(f.id, "results.csv").s);
	html_lit(b, "\">Download as CSV</a></p>");
	/* response rates */
	html_lit(b, "<h2 class=\"govuk-heading-m\">Response rates</h2>");
	static const char *const rc_cols[] = {"Quarter sent", "Sent", "Answered", "Response rate"};
	table_begin_numeric(r, "Response rates by quarter", rc_cols, 4, 1);
	for (int i = 0; i < res.nrates; i++) {
		char sent[32], ans[32], rate[48];
		count_text(res.rates[i].sent, sent, sizeof sent);
		count_text(res.rates[i].answered, ans, sizeof ans);
		if (sq_suppressed(res.rates[i].sent))
			snprintf(rate, sizeof rate, "fewer than 5");
		else
			share_text(res.rates[i].answered, res.rates[i].sent, rate, sizeof rate);
		html_lit(b, "<tr class=\"govuk-table__row\">");
		td_text(r, res.rates[i].quarter);
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_text(b, sent);
		html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_text(b, ans);
		html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_text(b, rate);
		html_lit(b, "</td></tr>");
	}
	table_end(r);
	if (!res.nrates)
		html_lit(b, "<p class=\"govuk-body\">Not sent yet.</p>");
	/* agreement by statement and quarter */
	html_lit(b, "<h2 class=\"govuk-heading-m\">Agreement by statement</h2>");
	static const char *const cols[] = {"Statement", "Quarter", "Answers (n)", "Agreeing", "Share agreeing (95% interval)"};
	table_begin_numeric(r, "Agreement by statement and quarter", cols, 5, 2);
	struct chart_point pts[64];
	char labels[64][160];
	int np = 0;
	for (int i = 0; i < res.ncells; i++) {
		const struct sq_cell *c = &res.cells[i];
		char n[32], ag[32], sh[64];
		count_text(c->n, n, sizeof n);
		if (sq_suppressed(c->n))
			snprintf(ag, sizeof ag, "fewer than 5");
		else
			snprintf(ag, sizeof ag, "%ld", c->agree);
		share_text(c->agree, c->n, sh, sizeof sh);
		html_lit(b, "<tr class=\"govuk-table__row\">");
		td_text(r, c->statement);
		td_text(r, c->quarter);
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\" data-n=\"");
		html_attr(b, n);
		html_lit(b, "\">");
		html_text(b, n);
		html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_text(b, ag);
		html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\" data-share=\"");
		html_attr(b, sh);
		html_lit(b, "\">");
		html_text(b, sh);
		html_lit(b, "</td></tr>");
		/* the chart: each statement's latest quarter */
		int last = i + 1 == res.ncells || strcmp(res.cells[i + 1].statement, c->statement) != 0;
		if (last && np < 64) {
			snprintf(labels[np], sizeof labels[np], "%s (%s)", c->statement, c->quarter);
			pts[np] = (struct chart_point){labels[np], sq_suppressed(c->n) ? CHART_FEWER : 100.0 * (double)c->agree / (double)c->n};
			np++;
		}
	}
	table_end(r);
	if (np)
		chart_bars(b, "survey-agree", "Share agreeing, latest quarter of each statement", pts, np, 100, "%");
	/* free text */
	if (req_may(r, "GET", "/surveys/#/answers")) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">What people wrote</h2><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_survey_part(f.id, "answers").s);
		html_lit(b, "\">Read and tag the free-text answers</a></p>");
	}
	survey_results_free(&res);
	page_end(r);
}

void h_survey_answers(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	page_begin(r, "Free-text answers");
	html *b = &r->out;
	page_back_link(r, link_survey_part(f.id, "results").s);
	if (req_param(r, "saved"))
		page_success(r, "Theme saved");
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, f.name);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">Free-text answers</h1><p class=\"govuk-body\">The newest 200. Tag "
	            "each with a theme to count them.</p>");
	static const char *const cols[] = {"Month", "Question", "Answer", "Theme"};
	table_begin(r, "Free-text answers", cols, 4);
	if (survey_texts(r->db, f.id, 200, text_row, r) < 0) {
		server_error(r);
		return;
	}
	table_end(r);
	req_audit(r, "view", "survey-answers", f.id, 0, NULL, NULL);
	page_end(r);
}

void h_survey_theme(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	long long resp = 0, q = 0;
	struct errs e = {0};
	if (req_param_int(r, "response", 1, INT64_MAX, &resp) || req_param_int(r, "question", 1, INT64_MAX, &q)) {
		resp_error(r, 400, "Bad request", "The answer to tag was not named.");
		return;
	}
	struct actor who;
	req_actor(r, &who);
	int rc = survey_tag(r->db, &who, f.id, resp, q, req_param_or(r, "theme", ""), &e);
	if (rc == SURVEY_INVALID) {
		resp_error(r, 422, "Theme too long", e.e[0].msg);
		return;
	}
	if (rc == SURVEY_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There is no such answer.");
		return;
	}
	if (rc) {
		server_error(r);
		return;
	}
	char loc[160];
	snprintf(loc, sizeof loc, "%s?saved=theme", link_survey_part(f.id, "answers").s);
	resp_redirect(r, loc);
}

void h_survey_results_csv(struct req *r)
{
	struct sq_form f;
	if (load_form(r, &f))
		return;
	struct sq_results res;
	if (survey_results(r->db, f.id, &res) < 0) {
		server_error(r);
		return;
	}
	char fn[80];
	snprintf(fn, sizeof fn, "survey-%" PRId64 "-results.csv", f.id);
	buf *o = resp_body(r, CSV_TYPE, fn);
	static const char *const head[] = {"statement", "quarter", "n", "agreeing", "share_agreeing", "ci95_low", "ci95_high"};
	csv_row(o, head, 7);
	for (int i = 0; i < res.ncells; i++) {
		const struct sq_cell *c = &res.cells[i];
		char n[32], ag[32], sh[32] = "", lo_s[32] = "", hi_s[32] = "";
		count_text(c->n, n, sizeof n);
		if (sq_suppressed(c->n))
			snprintf(ag, sizeof ag, "fewer than 5");
		else {
			double lo, hi;
			sq_wilson(c->agree, c->n, &lo, &hi);
			snprintf(ag, sizeof ag, "%ld", c->agree);
			snprintf(sh, sizeof sh, "%.4f", (double)c->agree / (double)c->n);
			snprintf(lo_s, sizeof lo_s, "%.4f", lo);
			snprintf(hi_s, sizeof hi_s, "%.4f", hi);
		}
		const char *row[] = {c->statement, c->quarter, n, ag, sh, lo_s, hi_s};
		csv_row(o, row, 7);
	}
	req_audit_export(r, "survey-results", 0, res.ncells);
	survey_results_free(&res);
}
