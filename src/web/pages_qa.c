/* pages_qa.c — quality assurance of EHC plans (issue 17; docs/quality-assurance.md):
 * the QA page (this month's sample, drawing it, the audits and who has them,
 * the year's figures, an auditor's own audits) and one audit's page (the
 * plan's content with the provision check's findings beside the grades, the
 * grades, strengths and areas to improve, actions, moderation).
 *
 * DESIGN: the route table lets staff who edit and the QA role open an audit;
 * the page itself shows the audit's content only to its auditor and to leads
 * (admins and managers).  Anyone else is told whose audit it is, with no
 * child's details: a QA-only auditor sees no child beyond their own audits.
 * A moderation's second audit is blind: no page shows one auditor's grades
 * on the other's audit.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/chart.h"
#include "web/links.h"
#include "web/web.h"
#include "core/planref.h"
#include "core/provision.h"
#include "core/codes.h"
#include "core/qa.h"
#include "core/validate.h"
#include "domain/plancontent.h"
#include "domain/provterms.h"
#include "domain/qa.h"
#include "domain/user.h"
#include <inttypes.h>
#include <xlsxwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEAD (ROLE_ADMIN | ROLE_MANAGER)

static void audit_link(html *b, int64_t id)
{
	char href[48];
	snprintf(href, sizeof href, "/qa/audits/%" PRId64, id);
	html_lit(b, "<a class=\"govuk-link\" href=\"");
	html_attr(b, href);
	html_lit(b, "\">Audit ");
	html_int(b, id);
	html_lit(b, "</a>");
}

static const char *grade_text(const char *scale, int g, char tmp[4])
{
	const char *l = qa_grade_label(scale, g, tmp);
	return l ? l : "—";
}

static void user_pick(struct req *r, const char *name, const char *id, const char *label, const char *blank,
                      int64_t sel, int with_service, const struct errs *e);

/* A domain refusal's message, "field|message" or just the message, as an
 * error of that field (or of `field`). */
static void domain_error(struct errs *e, char *msg, const char *field)
{
	char *bar = strchr(msg, '|');
	if (bar) {
		*bar = 0;
		errs_add(e, msg, "%s", bar + 1);
	} else
		errs_add(e, field, "%s", msg);
}

/* ---- the QA page ------------------------------------------------------------------- */

struct list_ctx { struct req *r; int n; };

static int audit_row(void *ctx, const struct qa_audit_row *a)
{
	struct list_ctx *x = ctx;
	html *b = &x->r->out;
	x->n++;
	html_lit(b, "<tr class=\"govuk-table__row\" data-audit=\"");
	html_int(b, a->id);
	html_lit(b, "\" data-version=\"");
	html_int(b, a->plan_version_id);
	html_lit(b, "\" data-person=\"");
	html_int(b, a->person_id);
	html_lit(b, "\"><td class=\"govuk-table__cell\">");
	audit_link(b, a->id);
	if (a->moderates)
		html_lit(b, " (moderation)");
	html_lit(b, "</td>");
	td_text(x->r, strcmp(a->source, "new") == 0 ? "New or amended" : strcmp(a->source, "active") == 0 ? "Active" : "Added by hand");
	td_text(x->r, a->team);
	td_text(x->r, a->need);
	td_text(x->r, a->auditor);
	html_lit(b, "<td class=\"govuk-table__cell\" data-status=\"");
	html_attr(b, a->status);
	html_lit(b, "\">");
	html_text(b, strcmp(a->status, "completed") == 0 ? "Completed" : strcmp(a->status, "assigned") == 0 ? "With the auditor"
	                                                                                                  : "Not assigned");
	html_lit(b, "</td></tr>");
	return 0;
}

static void audits_table(struct req *r, int64_t sample_id, int64_t auditor_id, const char *name)
{
	static const char *const cols[] = {"Audit", "Sample", "Team", "Primary need", "Auditor", "Status"};
	table_begin(r, name, cols, 6);
	struct list_ctx x = {r, 0};
	if (qa_audits_each(r->db, sample_id, auditor_id, 500, audit_row, &x) < 0)
		html_fail(&r->out);
	table_end(r);
	if (!x.n)
		html_lit(&r->out, "<p class=\"govuk-body\">None.</p>");
}

static void percent_or_fewer(html *b, int64_t part, int64_t whole)
{
	if (whole < 5) {
		html_lit(b, "fewer than 5 audits");
		return;
	}
	html_decimal(b, 100.0 * (double)part / (double)whole, 0);
	html_lit(b, "% of ");
	html_int(b, whole);
}

static int stratum_row(void *ctx, const struct qa_stratum_row *x)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\" data-stratum=\"");
	html_attr(b, x->pool);
	html_lit(b, "\" data-eligible=\"");
	html_int(b, x->eligible);
	html_lit(b, "\" data-drawn=\"");
	html_int(b, x->drawn);
	html_lit(b, "\">");
	td_text(r, strcmp(x->pool, "new") == 0 ? "New or amended" : "Active");
	td_text(r, x->team);
	td_text(r, x->phase);
	td_text(r, x->need);
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, x->eligible);
	html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, x->drawn);
	html_lit(b, "</td></tr>");
	return 0;
}

static void strata_table(struct req *r, int64_t sample_id)
{
	static const char *const cols[] = {"Plans", "Team", "Phase", "Primary need", "Eligible", "Drawn"};
	html_lit(&r->out, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
	                  "<span class=\"govuk-details__summary-text\">How the sample was drawn</span></summary>"
	                  "<div class=\"govuk-details__text\">");
	table_begin_numeric(r, "strata", cols, 6, 4);
	if (qa_strata_each(r->db, sample_id, stratum_row, r) < 0)
		html_fail(&r->out);
	table_end(r);
	html_lit(&r->out, "</div></details>");
}

/* "November 2026" for "2026-11" (the value itself if it is no month). */
static void month_text(html *b, const char *month)
{
	int y, m;
	day_t first;
	char label[24];
	if (sscanf(month, "%4d-%2d", &y, &m) == 2 && date_from_ymd(y, m, 1, &first) == 0) {
		date_format_month(first, label, sizeof label);
		html_text(b, label);
	} else
		html_text(b, month);
}

static void draw_form(struct req *r, const char *month, const struct errs *e, const char *pct, const char *nact,
                      const char *seed)
{
	html *b = &r->out;
	html_lit(b, "<h2 class=\"govuk-heading-m\">Draw a month's sample</h2>");
	form_begin(r, "/qa/samples");
	report_month_select(r, "sample_month", "Month of the sample", month, e);
	form_text(r, "pct_new", "Percentage of new and amended plans finalised that month", NULL, pct, e,
	          "govuk-input--width-4");
	form_text(r, "n_active", "Number of other active plans", NULL, nact, e, "govuk-input--width-4");
	form_text(r, "seed", "Seed (optional)", "The same seed draws the same plans again; leave empty for a new one",
	          seed, e, "govuk-input--width-20");
	form_button(r, "Draw the sample");
	form_end(r);
}

static void casefile_draw_form(struct req *r, const char *month, const struct errs *e, const char *n, const char *seed)
{
	html *b = &r->out;
	html_lit(b, "<h3 class=\"govuk-heading-s\">Draw a month's case-file sample</h3><p class=\"govuk-body\">Children and "
	            "young people with a caseworker, stratified by team, phase and primary need, for the check that their "
	            "records are accurate and complete.</p>");
	form_begin(r, "/qa/case-file-samples");
	report_month_select(r, "cf_month", "Month of the case-file sample", month, e);
	form_text(r, "cf_number", "Number of case files", NULL, n, e, "govuk-input--width-4");
	form_text(r, "cf_seed", "Seed (optional)", "The same seed draws the same case files again; leave empty for a new one",
	          seed, e, "govuk-input--width-20");
	form_button(r, "Draw the case-file sample");
	form_end(r);
}

static const struct option services[] = {
	{"", "Every section"}, {"education", "Education (B, E, F, I)"}, {"health", "Health (C, G)"},
	{"social_care", "Social care (D, H1, H2)"},
};

/* The lead's form: the service an auditor audits for. */
static void service_form(struct req *r, const struct errs *e)
{
	html_lit(&r->out, "<h2 class=\"govuk-heading-m\">An auditor's service</h2><p class=\"govuk-body\">An auditor grades "
	                  "the sections for their service, and sections A, J, K and the advice.</p>");
	form_begin(r, "/qa/auditors");
	long long sel = 0;
	if (e)
		parse_int64(req_param_or(r, "auditor", ""), 1, INT64_MAX, &sel);
	user_pick(r, "auditor", "service-auditor", "Auditor", "Choose an auditor", sel, 1, e);
	form_radios(r, "service", "Which sections they audit", NULL, services, sizeof services / sizeof services[0],
	            e ? req_param_or(r, "service", "") : "", e);
	form_button(r, "Save the auditor's service");
	form_end(r);
}

void h_qa_auditor_service(struct req *r)
{
	struct errs e = {0};
	long long uid = 0;
	if (parse_int64(req_param_or(r, "auditor", ""), 1, INT64_MAX, &uid) < 0)
		errs_add(&e, "service-auditor", "Choose an auditor from the list");
	const char *svc = req_param_or(r, "service", "");
	if (*svc && !qa_service_valid(svc))
		errs_add(&e, "service", "Select which sections they audit");
	if (!e.n) {
		struct actor who;
		req_actor(r, &who);
		char msg[200] = "";
		int rc = qa_auditor_set_service(r->db, &who, uid, svc, msg, sizeof msg);
		if (rc == QA_OK) {
			resp_redirect(r, "/qa?saved=service");
			return;
		}
		if (rc < 0) {
			resp_error(r, 500, "Sorry, there is a problem with the service", "The auditor's service could not be saved.");
			return;
		}
		errs_add(&e, "service-auditor", "Choose an auditor from the list");
	}
	r->status = 422;
	page_begin_err(r, "An auditor's service", &e);
	page_back_link(r, "/qa");
	page_error_summary(r, &e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">An auditor's service</h1>");
	service_form(r, &e);
	page_end(r);
}

/* A month's sample of a kind: its seed, its audits and how it was drawn. */
static void sample_section(struct req *r, const char *kind, const char *month)
{
	html *b = &r->out;
	int casefile = strcmp(kind, "casefile") == 0;
	int64_t seed = 0, sid = qa_sample_id(r->db, kind, month, &seed);
	html_lit(b, "<p class=\"govuk-body\">");
	if (sid > 0) {
		html_text(b, casefile ? "Case-file sample for " : "Sample for ");
		month_text(b, month);
		html_text(b, ", drawn with seed ");
		html_int(b, seed);
		html_lit(b, ".</p>");
		audits_table(r, sid, 0, casefile ? "casefile-sample" : "sample");
		strata_table(r, sid);
	} else if (sid == 0) {
		html_text(b, casefile ? "No case-file sample is drawn for " : "No sample is drawn for ");
		month_text(b, month);
		html_lit(b, " yet.</p>");
	} else
		html_lit(b, "</p>");
}

void h_qa(struct req *r)
{
	char month[8];
	day_t t = r->today;
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	snprintf(month, sizeof month, "%04d-%02d", y, m);
	const char *want = req_param(r, "month");
	if (want && strlen(want) == 7)
		snprintf(month, sizeof month, "%s", want);
	page_begin(r, "Quality assurance");
	html *b = &r->out;
	html_lit(b, "<h1 class=\"govuk-heading-l\">Quality assurance</h1>");
	const char *saved = req_param(r, "saved");
	if (saved && strcmp(saved, "drawn") == 0)
		page_success(r, "The sample is drawn");
	if (saved && strcmp(saved, "service") == 0)
		page_success(r, "The auditor's service is saved");
	/* the year's figures: April to March */
	char from[24], to[24];
	int fy = m >= 4 ? y : y - 1;
	snprintf(from, sizeof from, "%04d-04-01", fy);
	snprintf(to, sizeof to, "%04d-03-31", fy + 1);
	struct qa_totals tot;
	if (req_has_role(r, LEAD) && qa_totals(r->db, from, to, &tot) == 0) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">This year</h2><dl class=\"govuk-summary-list\">");
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Audits completed</dt>"
		            "<dd class=\"govuk-summary-list__value\" data-figure=\"completed\">");
		html_int(b, tot.completed);
		html_lit(b, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Plans good or "
		            "better</dt><dd class=\"govuk-summary-list__value\" data-figure=\"good\">");
		percent_or_fewer(b, tot.good, tot.completed);
		html_lit(b, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Moderation "
		            "agreement (same overall grade)</dt><dd class=\"govuk-summary-list__value\" data-figure=\"agreement\" "
		            "data-moderated=\"");
		html_int(b, tot.moderated);
		html_lit(b, "\" data-agreed=\"");
		html_int(b, tot.agreed);
		html_lit(b, "\">");
		percent_or_fewer(b, tot.agreed, tot.moderated);
		html_lit(b, "</dd></div></dl>");
	}
	if (req_has_role(r, LEAD)) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Audits by month</h2>");
		form_begin_get(r, "/qa", NULL);
		report_month_select(r, "month", "Month", month, NULL);
		form_button(r, "Show");
		form_end(r);
		sample_section(r, "plan", month);
		if (req_may(r, "POST", "/qa/samples"))
			draw_form(r, month, NULL, "20", "10", "");
		/* the month's case-file sample (Thurrock's monthly checks), drawn the same way */
		html_lit(b, "<h2 class=\"govuk-heading-m\">Case files</h2>");
		sample_section(r, "casefile", month);
		if (req_may(r, "POST", "/qa/case-file-samples"))
			casefile_draw_form(r, month, NULL, "10", "");
		if (req_may(r, "GET", "/qa/reports"))
			html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/qa/reports\">Plan quality "
			            "reports</a></p>");
		if (req_may(r, "POST", "/qa/auditors"))
			service_form(r, NULL);
		if (req_may(r, "GET", "/qa/audits/new"))
			html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/qa/audits/new\">Add a plan to the "
			            "audits by hand</a></p>");
		if (req_may(r, "GET", "/qa/frameworks"))
			html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/qa/frameworks\">Audit "
			            "frameworks</a></p>");
		if (req_may(r, "GET", "/qa/case-files/new"))
			html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/qa/case-files/new\">Audit a "
			            "child's case file</a></p>");
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Your audits</h2>");
	audits_table(r, 0, r->user.id, "mine");
	page_end(r);
}

/* Draws a month's plan sample (casefile 0) or case-file sample: the form's
 * fields, each error naming its field, the values kept. */
static void sample_post(struct req *r, int casefile)
{
	struct errs e = {0};
	const char *mname = casefile ? "cf_month" : "sample_month", *nname = casefile ? "cf_number" : "n_active",
		   *sname = casefile ? "cf_seed" : "seed";
	const char *month = req_param_or(r, mname, ""), *pct = req_param_or(r, "pct_new", ""),
		   *num = req_param_or(r, nname, ""), *seed_s = req_param_or(r, sname, "");
	long long p = 0, n = 0, seed = 0;
	if (!casefile && parse_int64(pct, 0, 100, &p) < 0)
		errs_add(&e, "pct_new", "Enter a percentage of new and amended plans from 0 to 100");
	if (parse_int64(num, 0, 1000, &n) < 0)
		errs_add(&e, nname, casefile ? "Enter a number of case files from 0 to 1000"
		                             : "Enter a number of active plans from 0 to 1000");
	if (*seed_s && parse_int64(seed_s, 1, INT64_MAX, &seed) < 0)
		errs_add(&e, sname, "Enter the seed as a whole number, or leave it empty");
	if (!*seed_s)
		seed = (long long)(((uint64_t)r->now * 2654435761u) % 2147483647u) + 1;
	if (!e.n) {
		struct actor who;
		req_actor(r, &who);
		int64_t sid;
		char msg[200] = "";
		int rc = casefile ? qa_casefile_sample_draw(r->db, &who, month, (uint64_t)seed, (int)n, &sid, msg, sizeof msg)
		                  : qa_sample_draw(r->db, &who, month, (uint64_t)seed, (int)p, (int)n, &sid, msg, sizeof msg);
		if (rc == QA_OK) {
			char loc[64];
			snprintf(loc, sizeof loc, "/qa?month=%s&saved=drawn", month);
			resp_redirect(r, loc);
			return;
		}
		if (rc < 0) {
			resp_error(r, 500, "Sorry, there is a problem with the service", "The sample could not be drawn.");
			return;
		}
		errs_add(&e, rc == QA_EXISTS || strstr(msg, "month") ? mname : strstr(msg, "percentage") ? "pct_new" : nname,
		         "%s", msg);
	}
	const char *title = casefile ? "Draw a month's case-file sample" : "Draw a month's sample";
	r->status = 422;
	page_begin_err(r, title, &e);
	page_back_link(r, "/qa");
	page_error_summary(r, &e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1>");
	if (casefile)
		casefile_draw_form(r, month, &e, num, seed_s);
	else
		draw_form(r, month, &e, pct, num, seed_s);
	page_end(r);
}

void h_qa_sample(struct req *r)
{
	sample_post(r, 0);
}

void h_qa_casefile_sample(struct req *r)
{
	sample_post(r, 1);
}

/* ---- one audit ----------------------------------------------------------------------- */

/* The audit, when the user may see its content: its auditor or a lead.
 * Otherwise the page says whose it is (200, no child's details) and 0. */
static int audit_open(struct req *r, struct qa_audit *a)
{
	int rc = qa_audit_load(r->db, r->ids[0], a);
	if (rc == QA_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There is no such audit.");
		return 0;
	}
	if (rc != QA_OK) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The audit could not be read.");
		return 0;
	}
	if (req_has_role(r, LEAD) || (a->auditor_id && a->auditor_id == r->user.id) ||
	    qa_action_owner(r->db, a->id, r->user.id) == 1)
		return 1;
	qa_audit_free(a);
	page_begin(r, "Audit");
	page_back_link(r, "/qa");
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">Audit ");
	html_int(&r->out, r->ids[0]);
	html_lit(&r->out, "</h1><p class=\"govuk-body\" data-not-yours>This audit is not assigned to you. Your audits are "
	                  "listed on the <a class=\"govuk-link\" href=\"/qa\">quality assurance page</a>.</p>");
	page_end(r);
	return 0;
}

struct items_ctx { struct req *r; struct prov_terms *t; const char *section; };

static int item_html(void *ctx, const struct pc_item *it)
{
	struct items_ctx *x = ctx;
	if (strcmp(it->section, x->section) != 0)
		return 0;
	html *b = &x->r->out;
	html_lit(b, "<li><strong>");
	html_text(b, it->ref);
	html_lit(b, "</strong> ");
	html_text(b, it->text);
	if (it->who && *it->who) {
		html_lit(b, " — ");
		html_text(b, it->who);
	}
	if (it->how_often && *it->how_often) {
		html_lit(b, ", ");
		html_text(b, it->how_often);
	}
	if (it->how_long && *it->how_long) {
		html_lit(b, ", ");
		html_text(b, it->how_long);
	}
	if (x->t && pc_section_is_provision(it->section)) {
		struct prov_result res;
		if (pc_item_check(x->t, it, &res) == 0) {
			if (!res.specified)
				html_lit(b, " <strong class=\"govuk-tag govuk-tag--red\">Not specified</strong>");
			if (!res.quantified)
				html_lit(b, " <strong class=\"govuk-tag govuk-tag--orange\">Not quantified</strong>");
			for (int i = 0; i < res.nf; i++) {
				html_lit(b, "<br><span class=\"govuk-body-s\" data-finding=\"");
				html_attr(b, res.f[i].id);
				html_lit(b, "\">");
				html_text(b, res.f[i].text);
				html_lit(b, "</span>");
			}
		}
	}
	html_lit(b, "</li>");
	return 0;
}

struct crit_ctx {
	struct req *r;
	const struct qa_audit *a;
	struct prov_terms *t;
	const struct errs *e;
	int editable;
	int shown;
};

static int crit_html(void *ctx, const struct qa_criterion_row *c)
{
	struct crit_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	int mine = qa_service_grades(x->a->auditor_service, c->section);
	char name[40], cname[40], tmp[4], val[8];
	snprintf(name, sizeof name, "grade-%" PRId64, c->id);
	snprintf(cname, sizeof cname, "comment-%" PRId64, c->id);
	html_lit(b, "<div class=\"govuk-!-margin-bottom-6\" data-criterion=\"");
	html_attr(b, c->section);
	html_lit(b, "\"><h3 class=\"govuk-heading-s\">");
	if (strcmp(c->section, "advice") == 0)
		html_lit(b, "The advice");
	else if (strcmp(c->section, "record") == 0)
		html_lit(b, "The record");
	else {
		html_lit(b, "Section ");
		html_text(b, c->section);
	}
	html_lit(b, ": ");
	html_text(b, c->title);
	html_lit(b, "</h3><p class=\"govuk-body-s\">");
	html_text(b, c->guidance);
	html_lit(b, "</p>");
	/* the plan's own words for the section, with the provision check beside them */
	if (x->a->plan_version_id && strlen(c->section) <= 2) {
		html_lit(b, "<ul class=\"govuk-list govuk-body-s\">");
		struct items_ctx ic = {r, x->t, c->section};
		if (pc_items_each(r->db, x->a->plan_version_id, c->section, item_html, &ic) < 0)
			html_fail(b);
		html_lit(b, "</ul>");
	}
	if (x->editable && mine) {
		const char *typed = req_param(r, name);
		snprintf(val, sizeof val, "%d", c->grade);
		int top = qa_scale_top(x->a->scale);
		struct option opts[8];
		char vals[8][12];
		const char *labels[8];
		char lt[8][4];
		for (int g = top; g >= 1; g--) {
			int i = top - g;
			snprintf(vals[i], sizeof vals[i], "%d", g);
			labels[i] = qa_grade_label(x->a->scale, g, lt[i]);
			opts[i].value = vals[i];
			opts[i].label = labels[i];
		}
		char legend[64];
		snprintf(legend, sizeof legend, "Grade for %s", c->section);
		form_radios(r, name, legend, NULL, opts, (size_t)top, typed ? typed : c->grade ? val : "", x->e);
		const char *ctyped = req_param(r, cname);
		char clabel[64];
		snprintf(clabel, sizeof clabel, "Comment on %s (optional)", c->section);
		form_textarea(r, cname, clabel, NULL, ctyped ? ctyped : c->comment, x->e);
		x->shown++;
	} else {
		html_lit(b, "<p class=\"govuk-body\">Grade: <strong data-grade=\"");
		html_int(b, c->grade);
		html_lit(b, "\">");
		html_text(b, c->grade ? grade_text(x->a->scale, c->grade, tmp) : mine ? "Not graded" : "Graded by another service");
		html_lit(b, "</strong></p>");
		if (c->comment && *c->comment) {
			html_lit(b, "<p class=\"govuk-body app-pre-wrap\">");
			html_text(b, c->comment);
			html_lit(b, "</p>");
		}
	}
	html_lit(b, "</div>");
	return 0;
}

struct opt_ctx { struct req *r; int64_t sel; int with_service; };

static int auditor_option(void *ctx, const struct qa_auditor *a)
{
	struct opt_ctx *x = ctx;
	html *b = &x->r->out;
	html_lit(b, "<option value=\"");
	html_int(b, a->id);
	if (x->sel == a->id)
		html_lit(b, "\" selected>");
	else
		html_lit(b, "\">");
	html_text(b, a->name);
	if (x->with_service) {
		html_lit(b, " (");
		html_text(b, qa_service_label(a->service));
		html_lit(b, ")");
	}
	html_lit(b, "</option>");
	return 0;
}

/* A list of the users who may audit (qa_auditors_each), sent as `name`; the
 * select's id is `id` (two on one page differ), and its errors are those of
 * field `id`; with their service or not. */
static void user_pick(struct req *r, const char *name, const char *id, const char *label, const char *blank,
                      int64_t sel, int with_service, const struct errs *e)
{
	html *b = &r->out;
	const char *msg = e ? errs_for(e, id) : NULL;   /* errors by the select's id: the summary links to it */
	if (msg)
		html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
	else
		html_lit(b, "<div class=\"govuk-form-group\">");
	html_lit(b, "<label class=\"govuk-label\" for=\"");
	html_attr(b, id);
	html_lit(b, "\">");
	html_text(b, label);
	html_lit(b, "</label>");
	if (msg) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"");
		html_attr(b, id);
		html_lit(b, "-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, msg);
		html_lit(b, "</p>");
	}
	html_lit(b, "<select class=\"govuk-select\" name=\"");
	html_attr(b, name);
	html_lit(b, "\" id=\"");
	html_attr(b, id);
	html_lit(b, "\"><option value=\"\">");
	html_text(b, blank);
	html_lit(b, "</option>");
	struct opt_ctx x = {r, sel, with_service};
	if (qa_auditors_each(r->db, auditor_option, &x) < 0)
		html_fail(b);
	html_lit(b, "</select></div>");
}

struct act_ctx { struct req *r; int n; int audit_col; };

static int action_row(void *ctx, const struct qa_action_row *x)
{
	struct act_ctx *c = ctx;
	struct req *r = c->r;
	html *b = &r->out;
	c->n++;
	html_lit(b, "<tr class=\"govuk-table__row\" data-action=\"");
	html_int(b, x->id);
	html_lit(b, "\">");
	if (c->audit_col) {
		td_person(r, x->person_id, "Child's record");
		html_lit(b, "<td class=\"govuk-table__cell\">");
		audit_link(b, x->audit_id);
		html_lit(b, "</td>");
	}
	td_text(r, qa_action_kind_label(x->kind));
	td_text(r, x->description);
	if (!c->audit_col)
		td_text(r, x->owner);
	td_date(r, x->due_date, "—");
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (*x->done_date) {
		html_lit(b, "Done ");
		html_date(b, x->done_date, "");
	} else if (x->owner_id == r->user.id || req_has_role(r, LEAD)) {
		char action[56], v[24];
		snprintf(action, sizeof action, "/qa/audit-actions/%" PRId64 "/done", x->id);
		snprintf(v, sizeof v, "%" PRId64, x->version);
		form_begin(r, action);
		form_hidden(r, "version", v);
		html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
		            "data-module=\"govuk-button\">Mark done<span class=\"govuk-visually-hidden\"> (action ");
		html_int(b, x->id);
		html_lit(b, ")</span></button>");
		form_end(r);
	} else
		html_lit(b, "Open");
	html_lit(b, "</td></tr>");
	return 0;
}

static void actions_section(struct req *r, const struct qa_audit *a, const struct errs *e)
{
	html *b = &r->out;
	html_lit(b, "<h2 class=\"govuk-heading-m\">Actions</h2>");
	static const char *const cols[] = {"Action", "What is to be done", "Owner", "Due", "Done"};
	table_begin(r, "actions", cols, 5);
	struct act_ctx c = {r, 0, 0};
	if (qa_actions_each(r->db, a->id, 0, 200, action_row, &c) < 0)
		html_fail(b);
	table_end(r);
	if (!c.n)
		html_lit(b, "<p class=\"govuk-body\">No actions yet.</p>");
	if (!(req_has_role(r, LEAD) || a->auditor_id == r->user.id))
		return;
	char action[56];
	snprintf(action, sizeof action, "/qa/audits/%" PRId64 "/actions", a->id);
	html_lit(b, "<h3 class=\"govuk-heading-s\">Add an action</h3>");
	form_begin(r, action);
	struct option kinds[] = {{"feedback", "Feedback to the caseworker"}, {"amend_next_review", "Amend at the next review"},
	                         {"other", "Other"}};
	int posted = e && errs_for(e, "description") ? 1 : e && (errs_for(e, "kind") || errs_for(e, "owner") || errs_for(e, "due"));
	form_radios(r, "kind", "Kind of action", NULL, kinds, 3, posted ? req_param_or(r, "kind", "") : "", e);
	form_textarea(r, "description", "What is to be done", NULL, posted ? req_param_or(r, "description", "") : "", e);
	long long sel = 0;
	if (posted)
		parse_int64(req_param_or(r, "owner", ""), 1, INT64_MAX, &sel);
	user_pick(r, "owner", "owner", "Owner", "Choose who owns it", sel, 0, e);
	form_date(r, "due", "Due by", "For example, 27 3 2027", posted ? req_param_or(r, "due-day", "") : "",
	          posted ? req_param_or(r, "due-month", "") : "", posted ? req_param_or(r, "due-year", "") : "", e);
	form_button(r, "Add the action");
	form_end(r);
}

static void audit_page(struct req *r, struct qa_audit *a, const struct errs *e)
{
	html *b = &r->out;
	char title[64], tmp[4];
	snprintf(title, sizeof title, "Audit %" PRId64, a->id);
	if (e && e->n)
		page_begin_err(r, title, e);
	else
		page_begin(r, title);
	page_back_link(r, "/qa");
	if (e && e->n)
		page_error_summary(r, e);
	const char *saved = req_param(r, "saved");
	if (saved)
		page_success(r, strcmp(saved, "completed") == 0 ? "The audit is completed" : "Saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	if (a->moderates)
		html_lit(b, " (moderation)");
	html_lit(b, "</h1>");
	summary_begin(r);
	summary_row(r, "Status", strcmp(a->status, "completed") == 0 ? "Completed" : strcmp(a->status, "assigned") == 0
	                                                                            ? "With the auditor" : "Not assigned");
	summary_row(r, "What is audited", strcmp(a->kind, "casefile") == 0 ? "The child's case file" : "The EHC plan");
	summary_row(r, "Why it is audited", strcmp(a->source, "hand") == 0 ? a->reason : strcmp(a->source, "new") == 0
	                                                                     ? "New or amended plan in the month's sample"
	                                                                     : "Active plan in the month's sample");
	summary_row(r, "Auditor's service", a->auditor_id ? qa_service_label(a->auditor_service) : "—");
	if (req_may(r, "GET", "/people/#")) {
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Records</dt>"
		            "<dd class=\"govuk-summary-list__value\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_person(a->person_id).s);
		html_lit(b, "\">The child's record</a>");
		if (a->plan_version_id) {
			html_lit(b, ", <a class=\"govuk-link\" href=\"");
			html_attr(b, link_plan_version(a->plan_version_id).s);
			html_lit(b, "\">the plan version audited</a>");
		}
		html_lit(b, "</dd></div>");
	}
	summary_row(r, "Team", a->team);
	summary_row(r, "Primary need", a->need);
	if (strcmp(a->status, "completed") == 0) {
		summary_row(r, "Overall grade", grade_text(a->scale, a->overall, tmp));
		summary_row_date(r, "Completed", a->completed_date);
	}
	summary_end(r);
	/* the provision check's findings for the version, beside the grades */
	if (a->plan_version_id && a->prov_items >= 0) {
		html_lit(b, "<div class=\"govuk-inset-text\" data-prov=\"");
		html_int(b, a->prov_findings);
		html_lit(b, "\">Provision check when the plan was finalised: ");
		html_int(b, a->prov_items);
		html_lit(b, " provision items, ");
		html_int(b, a->prov_unspecified);
		html_lit(b, " not specified, ");
		html_int(b, a->prov_unquantified);
		html_lit(b, " not quantified, ");
		html_int(b, a->prov_findings);
		html_lit(b, " findings.</div>");
	}
	int mine = a->auditor_id == r->user.id;
	int editable = mine && strcmp(a->status, "assigned") == 0;
	struct prov_terms terms = {0};
	char problem[200];
	int have_terms = provision_terms_load(r->cfg->provision_terms, &terms, problem, sizeof problem) == 0;
	struct crit_ctx cx = {r, a, have_terms ? &terms : NULL, e, editable, 0};
	html_lit(b, "<h2 class=\"govuk-heading-m\">Grades</h2>");
	if (editable) {
		char action[48];
		snprintf(action, sizeof action, "/qa/audits/%" PRId64, a->id);
		form_begin(r, action);
		char v[24];
		snprintf(v, sizeof v, "%" PRId64, a->version);
		form_hidden(r, "version", v);
	}
	if (qa_criteria_each(r->db, a->id, crit_html, &cx) < 0)
		html_fail(b);
	prov_terms_free(&terms);
	if (editable) {
		const char *st = req_param(r, "strengths"), *im = req_param(r, "improve");
		form_textarea(r, "strengths", "Strengths", NULL, st ? st : a->strengths, e);
		form_textarea(r, "improve", "Areas to improve", NULL, im ? im : a->improve, e);
		struct option done[] = {{"0", "Save and come back later"}, {"1", "Complete the audit: the overall grade is worked out"}};
		form_radios(r, "complete", "Is the audit finished?", NULL, done, 2, req_param_or(r, "complete", "0"), e);
		form_button(r, "Save the audit");
		form_end(r);
	} else {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Strengths</h2><p class=\"govuk-body app-pre-wrap\">");
		html_text(b, *a->strengths ? a->strengths : "—");
		html_lit(b, "</p><h2 class=\"govuk-heading-m\">Areas to improve</h2><p class=\"govuk-body app-pre-wrap\">");
		html_text(b, *a->improve ? a->improve : "—");
		html_lit(b, "</p>");
	}
	actions_section(r, a, e);
	/* leads: assign, moderate */
	if (req_may(r, "POST", "/qa/audits/#/assign") && strcmp(a->status, "completed") != 0) {
		char action[56];
		snprintf(action, sizeof action, "/qa/audits/%" PRId64 "/assign", a->id);
		html_lit(b, "<h2 class=\"govuk-heading-m\">Auditor</h2>");
		form_begin(r, action);
		char v[24];
		snprintf(v, sizeof v, "%" PRId64, a->version);
		form_hidden(r, "version", v);
		user_pick(r, "auditor", "auditor", "Who audits this plan", "Choose an auditor", a->auditor_id, 1, e);
		form_button(r, "Assign");
		form_end(r);
	}
	struct qa_moderation_view mv = {0};
	if (req_may(r, "POST", "/qa/audits/#/moderate") && !a->moderates && strcmp(a->status, "completed") == 0 &&
	    qa_moderation_get(r->db, a->id, &mv) == 0) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Moderation</h2>");
		if (!mv.second_id) {
			char action[56];
			snprintf(action, sizeof action, "/qa/audits/%" PRId64 "/moderate", a->id);
			form_begin(r, action);
			user_pick(r, "auditor", "moderator", "Second auditor (grades blind)", "Choose an auditor", 0, 1, e);
			form_button(r, "Start a moderation");
			form_end(r);
		} else {
			summary_begin(r);
			html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Second audit</dt>"
			            "<dd class=\"govuk-summary-list__value\">");
			audit_link(b, mv.second_id);
			html_lit(b, "</dd></div>");
			summary_row(r, "Second auditor's overall grade", strcmp(mv.second_status, "completed") == 0
			                                                      ? grade_text(a->scale, mv.second_overall, tmp)
			                                                      : "Not completed yet");
			summary_row(r, "Agreed grade", mv.agreed ? grade_text(a->scale, mv.agreed, tmp) : "Not agreed yet");
			summary_end(r);
			/* shown with its errors too, so the error summary's link reaches the field */
			if (strcmp(mv.second_status, "completed") == 0 || (e && (errs_for(e, "agreed") || errs_for(e, "note")))) {
				char agree[56];
				snprintf(agree, sizeof agree, "/qa/audits/%" PRId64 "/agree", a->id);
				form_begin(r, agree);
				char top[48];
				snprintf(top, sizeof top, "A number from 1 to %d, the scale's highest grade", qa_scale_top(a->scale));
				form_text(r, "agreed", "Agreed overall grade", top, req_param_or(r, "agreed", ""), e,
				          "govuk-input--width-2");
				form_textarea(r, "note", "Moderator's note (optional)", NULL, req_param_or(r, "note", ""), e);
				form_button(r, "Record the agreed grade");
				form_end(r);
			}
		}
	}
	page_end(r);
}

void h_qa_audit(struct req *r)
{
	struct qa_audit a;
	if (!audit_open(r, &a))
		return;
	if (strcmp(r->method, "POST") != 0) {
		req_audit(r, "view", "qa_audits", a.id, a.person_id, NULL, NULL);
		audit_page(r, &a, NULL);
		qa_audit_free(&a);
		return;
	}
	struct errs e = {0};
	long long v;
	if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
		qa_audit_free(&a);
		resp_error(r, 400, "Bad request", "The form did not say which version of the audit it changes.");
		return;
	}
	/* the grades sent, one per criterion field */
	struct qa_grade_in g[64];
	int n = 0;
	for (int i = 0; i < r->nparams && n < 64; i++) {
		const char *name = r->params[i].name;
		if (strncmp(name, "grade-", 6) != 0)
			continue;
		long long cid, grade = 0;
		if (parse_int64(name + 6, 1, INT64_MAX, &cid) < 0)
			continue;
		if (*r->params[i].value && parse_int64(r->params[i].value, 1, 8, &grade) < 0) {
			errs_add(&e, name, "Select a grade from the scale");
			continue;
		}
		char cname[40];
		snprintf(cname, sizeof cname, "comment-%lld", cid);
		g[n++] = (struct qa_grade_in){cid, (int)grade, req_param(r, cname)};
	}
	int complete = strcmp(req_param_or(r, "complete", "0"), "1") == 0;
	int rc = QA_INVALID;
	char msg[200] = "";
	if (!e.n) {
		struct actor who;
		req_actor(r, &who);
		rc = qa_audit_save(r->db, &who, a.id, v, g, n, req_param(r, "strengths"), req_param(r, "improve"), complete, msg,
		                   sizeof msg);
	}
	if (rc == QA_OK) {
		char loc[64];
		snprintf(loc, sizeof loc, "/qa/audits/%" PRId64 "?saved=%s", a.id, complete ? "completed" : "saved");
		qa_audit_free(&a);
		resp_redirect(r, loc);
		return;
	}
	if (rc < 0) {
		qa_audit_free(&a);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The audit could not be saved.");
		return;
	}
	if (!e.n) {
		/* "field|message" names the field; otherwise the form as a whole */
		domain_error(&e, msg, rc == QA_STALE ? "version" : "complete");
	}
	r->status = rc == QA_STALE ? 409 : 422;
	audit_page(r, &a, &e);
	qa_audit_free(&a);
}

/* The lead's forms on an audit: assign, moderate, agree. */
static void lead_answer(struct req *r, int rc, const char *field, char *msg)
{
	if (rc == QA_OK || rc < 0 || rc == QA_NOT_FOUND) {
		if (rc == QA_OK) {
			char loc[64];
			snprintf(loc, sizeof loc, "/qa/audits/%" PRId64 "?saved=saved", r->ids[0]);
			resp_redirect(r, loc);
		} else if (rc == QA_NOT_FOUND)
			resp_error(r, 404, "Page not found", "There is no such audit.");
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The audit could not be saved.");
		return;
	}
	struct errs e = {0};
	domain_error(&e, msg, field);
	/* the moderation form's select is "moderator": its errors link to it */
	for (int i = 0; i < e.n && strcmp(field, "moderator") == 0; i++)
		if (strcmp(e.e[i].field, "auditor") == 0)
			snprintf(e.e[i].field, sizeof e.e[i].field, "moderator");
	struct qa_audit a;
	if (qa_audit_load(r->db, r->ids[0], &a) != QA_OK) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The audit could not be read.");
		return;
	}
	r->status = rc == QA_STALE ? 409 : 422;
	audit_page(r, &a, &e);
	qa_audit_free(&a);
}

void h_qa_assign(struct req *r)
{
	long long v, who_id = 0;
	char msg[200] = "Choose an auditor from the list";
	int rc = QA_INVALID;
	if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
		resp_error(r, 400, "Bad request", "The form did not say which version of the audit it changes.");
		return;
	}
	if (parse_int64(req_param_or(r, "auditor", ""), 1, INT64_MAX, &who_id) == 0) {
		struct actor who;
		req_actor(r, &who);
		rc = qa_audit_assign(r->db, &who, r->ids[0], v, who_id, msg, sizeof msg);
	}
	lead_answer(r, rc, "auditor", msg);
}

void h_qa_moderate(struct req *r)
{
	long long who_id = 0;
	char msg[200] = "Choose a second auditor from the list";
	int rc = QA_INVALID;
	if (parse_int64(req_param_or(r, "auditor", ""), 1, INT64_MAX, &who_id) == 0) {
		struct actor who;
		req_actor(r, &who);
		int64_t second;
		rc = qa_moderation_start(r->db, &who, r->ids[0], who_id, &second, msg, sizeof msg);
	}
	lead_answer(r, rc, "moderator", msg);
}

void h_qa_agree(struct req *r)
{
	long long g = 0;
	char msg[200] = "Enter the agreed grade as a number on the scale";
	int rc = QA_INVALID;
	if (parse_int64(req_param_or(r, "agreed", ""), 1, 8, &g) == 0) {
		struct actor who;
		req_actor(r, &who);
		rc = qa_moderation_agree(r->db, &who, r->ids[0], (int)g, req_param(r, "note"), msg, sizeof msg);
	}
	lead_answer(r, rc, "agreed", msg);
}

/* Adds a final plan version to the audits by hand (after a complaint…). */
void h_qa_audit_new(struct req *r)
{
	struct errs e = {0};
	const char *pv = req_param_or(r, "plan_version", ""), *reason = req_param_or(r, "reason", "");
	long long vid = 0;
	if (strcmp(r->method, "POST") == 0) {
		char msg[200] = "";
		int rc = QA_INVALID;
		if (parse_int64(pv, 1, INT64_MAX, &vid) < 0)
			errs_add(&e, "plan_version", "Enter the plan version's number, as shown on the plan");
		else {
			struct actor who;
			req_actor(r, &who);
			int64_t id;
			rc = qa_audit_add(r->db, &who, vid, reason, &id, msg, sizeof msg);
			if (rc == QA_OK) {
				char loc[48];
				snprintf(loc, sizeof loc, "/qa/audits/%" PRId64 "?saved=added", id);
				resp_redirect(r, loc);
				return;
			}
			if (rc < 0) {
				resp_error(r, 500, "Sorry, there is a problem with the service", "The audit could not be added.");
				return;
			}
			domain_error(&e, msg, rc == QA_NOT_FOUND ? "plan_version" : "reason");
		}
		r->status = 422;
	}
	page_begin_err(r, "Add a plan to the audits", &e);
	page_back_link(r, "/qa");
	if (e.n)
		page_error_summary(r, &e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">Add a plan to the audits</h1>");
	form_begin(r, "/qa/audits/new");
	form_text(r, "plan_version", "Plan version number", "The number in the plan version's address, /plan-versions/…", pv,
	          &e, "govuk-input--width-10");
	form_textarea(r, "reason", "Why it is audited", "For example, after a complaint", reason, &e);
	form_button(r, "Add to the audits");
	form_end(r);
	page_end(r);
}

void h_qa_action_add(struct req *r)
{
	struct qa_audit a;
	if (!audit_open(r, &a))
		return;
	struct errs e = {0};
	day_t due = DATE_NONE;
	const char *dd, *mm, *yy;
	form_date_read(r, "due", "Due by", &due, &e, &dd, &mm, &yy);
	long long owner = 0;
	if (parse_int64(req_param_or(r, "owner", ""), 1, INT64_MAX, &owner) < 0)
		errs_add(&e, "owner", "Select who owns the action");
	int rc = QA_INVALID;
	char msg[200] = "";
	if (!(req_has_role(r, LEAD) || a.auditor_id == r->user.id))
		errs_add(&e, "kind", "Only the audit's auditor or a manager can add its actions");
	if (!e.n) {
		char iso[11];
		date_format_iso(due, iso);
		struct actor who;
		req_actor(r, &who);
		int64_t id;
		rc = qa_action_add(r->db, &who, a.id, req_param_or(r, "kind", ""), req_param_or(r, "description", ""), owner,
		                   iso, &id, msg, sizeof msg);
		if (rc == QA_OK) {
			char loc[64];
			snprintf(loc, sizeof loc, "/qa/audits/%" PRId64 "?saved=action", a.id);
			qa_audit_free(&a);
			resp_redirect(r, loc);
			return;
		}
		if (rc < 0) {
			qa_audit_free(&a);
			resp_error(r, 500, "Sorry, there is a problem with the service", "The action could not be saved.");
			return;
		}
		domain_error(&e, msg, "kind");
	} else {
		/* the domain's checks of the other fields, so every error shows at once */
		const char *k = req_param_or(r, "kind", ""), *d = req_param_or(r, "description", "");
		if (strcmp(k, "feedback") != 0 && strcmp(k, "amend_next_review") != 0 && strcmp(k, "other") != 0)
			errs_add(&e, "kind", "Select the kind of action");
		if (!*d)
			errs_add(&e, "description", "Enter what is to be done");
	}
	r->status = 422;
	audit_page(r, &a, &e);
	qa_audit_free(&a);
}

void h_qa_action_done(struct req *r)
{
	long long v;
	if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
		resp_error(r, 400, "Bad request", "The form did not say which version of the action it changes.");
		return;
	}
	struct actor who;
	req_actor(r, &who);
	char msg[200] = "";
	int64_t audit = 0;
	int rc = qa_action_done(r->db, &who, r->ids[0], v, req_has_role(r, LEAD), &audit, msg, sizeof msg);
	if (rc == QA_OK) {
		char loc[64];
		snprintf(loc, sizeof loc, "/qa/audits/%" PRId64 "?saved=done", audit);
		resp_redirect(r, loc);
		return;
	}
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The action could not be saved.");
		return;
	}
	resp_error(r, 409, "The action has changed", msg);
}

/* The open actions a user owns, for their work queue ("My work"). */
void qa_work_actions(struct req *r, int64_t owner)
{
	html *b = &r->out;
	html_lit(b, "<h2 class=\"govuk-heading-m\">Quality assurance actions</h2>");
	static const char *const cols[] = {"Child or young person", "Audit", "Action", "What is to be done", "Due", "Done"};
	table_begin(r, "qa-actions", cols, 6);
	struct act_ctx c = {r, 0, 1};
	if (qa_actions_each(r->db, 0, owner, 200, action_row, &c) < 0)
		html_fail(b);
	table_end(r);
	if (!c.n)
		html_lit(b, "<p class=\"govuk-body\">No quality assurance actions are open.</p>");
}

/* ---- reports ------------------------------------------------------------------------ */

#define REPORT_MONTHS 12       /* the default period: the twelve months to this one */
#define REPORT_MAX_MONTHS 36

/* The reports' period: from_month to to_month (default the twelve months
 * to this one), at most REPORT_MAX_MONTHS.  first/last 'YYYY-MM', *n months,
 * from the first's first day and to the last's "day 31" (an inclusive bound
 * on ISO dates).  -1 with the errors in e (the default period filled). */
struct period { char first[16], last[16], from[24], to[24]; int n; };

static void period_fill(struct period *p, int fy, int fm, int n)
{
	int t = fy * 12 + fm - 1, u = t + n - 1;
	p->n = n;
	snprintf(p->first, sizeof p->first, "%04d-%02d", (t / 12) % 10000, t % 12 + 1);
	snprintf(p->last, sizeof p->last, "%04d-%02d", (u / 12) % 10000, u % 12 + 1);
	snprintf(p->from, sizeof p->from, "%s-01", p->first);
	snprintf(p->to, sizeof p->to, "%s-31", p->last);
}

static int report_period(struct req *r, struct errs *e, struct period *p)
{
	int ty, tm, td, fy, fm, uy, um;
	date_to_ymd(r->today, &ty, &tm, &td);
	int dt = ty * 12 + tm - 1 - (REPORT_MONTHS - 1);
	period_fill(p, dt / 12, dt % 12 + 1, REPORT_MONTHS);
	const char *f = req_param_or(r, "from_month", ""), *t = req_param_or(r, "to_month", "");
	uy = ty, um = tm;
	fy = dt / 12, fm = dt % 12 + 1;
	int before = e->n;
	if (*f && report_month_parse(f, &fy, &fm) < 0)
		errs_add(e, "from_month", "Select the first month from the list");
	if (*t && report_month_parse(t, &uy, &um) < 0)
		errs_add(e, "to_month", "Select the last month from the list");
	int n = (uy - fy) * 12 + (um - fm) + 1;
	if (e->n == before && n < 1)
		errs_add(e, "to_month", "The last month must be the same as the first month or later");
	else if (e->n == before && n > REPORT_MAX_MONTHS)
		errs_add(e, "from_month", "Choose at most %d months", REPORT_MAX_MONTHS);
	if (e->n != before)
		return -1;
	period_fill(p, fy, fm, n);
	return 0;
}

/* The period's months, malloc'd (free it), or NULL on a store error. */
static struct qa_month *report_load(struct req *r, const struct period *p)
{
	struct qa_month *m = calloc((size_t)p->n, sizeof *m);
	if (m && qa_report_months(r->db, p->first, p->n, m) < 0) {
		free(m);
		m = NULL;
	}
	return m;
}

/* "June 2026" for m->month. */
static void month_label(const char *month, char *out, size_t n)
{
	int y, mo;
	day_t first;
	if (sscanf(month, "%4d-%2d", &y, &mo) == 2 && date_from_ymd(y, mo, 1, &first) == 0)
		date_format_month(first, out, n);
	else
		snprintf(out, n, "%s", month);
}

/* A count as people who cannot see the children may see it: 1 to 4 is "fewer than 5". */
static void count_cell(struct req *r, int64_t n)
{
	html *b = &r->out;
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	if (n > 0 && n < 5 && !req_has_role(r, ROLE_ALL))
		html_lit(b, "fewer than 5");
	else
		html_int(b, n);
	html_lit(b, "</td>");
}

static void share_cell(struct req *r, int64_t part, int64_t whole)
{
	html *b = &r->out;
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	if (whole < 5)
		html_text(b, whole ? "fewer than 5" : "—");
	else {
		html_decimal(b, 100.0 * (double)part / (double)whole, 0);
		html_lit(b, "%");
	}
	html_lit(b, "</td>");
}

struct weak_ctx { struct req *r; int n; };

static int weakness_row(void *ctx, const struct qa_weakness *w)
{
	struct weak_ctx *x = ctx;
	struct req *r = x->r;
	x->n++;
	html_lit(&r->out, "<tr class=\"govuk-table__row\">");
	char sec[32];
	snprintf(sec, sizeof sec, "%s%s", strlen(w->section) <= 2 ? "Section " : "", strcmp(w->section, "advice") == 0 ? "The advice" : w->section);
	td_text(r, sec);
	td_text(r, w->title);
	count_cell(r, w->below);
	share_cell(r, w->below, w->graded);
	html_lit(&r->out, "</tr>");
	return 0;
}

static const struct option breakdowns[] = {
	{"section", "Plan section"}, {"team", "Team"}, {"need", "Primary need"}, {"key_stage", "Key stage"},
	{"setting_type", "Setting type"},
};

static int break_row(void *ctx, const struct qa_break *x)
{
	struct weak_ctx *c = ctx;
	struct req *r = c->r;
	c->n++;
	html_lit(&r->out, "<tr class=\"govuk-table__row\">");
	td_text(r, *x->key ? x->key : "Not recorded");
	count_cell(r, x->n);
	share_cell(r, x->good, x->n);
	html_lit(&r->out, "</tr>");
	return 0;
}

struct adv_ctx {
	struct req *r;              /* NULL: only add up the months */
	const struct period *p;
	int64_t *rated, *all3;      /* by month (by_month rows): per month of the period, every service */
	int n;
};

/* A row of advice quality by service, or by month and service (a->month set). */
static int advice_row(void *ctx, const struct qa_advice_row *a)
{
	struct adv_ctx *x = ctx;
	struct req *r = x->r;
	int fy, fm, y, m;
	if (*a->month && x->p && sscanf(x->p->first, "%4d-%2d", &fy, &fm) == 2 && sscanf(a->month, "%4d-%2d", &y, &m) == 2) {
		int i = (y - fy) * 12 + (m - fm);
		if (i >= 0 && i < x->p->n) {
			x->rated[i] += a->rated;
			x->all3[i] += a->all3;
		}
	}
	if (!r)
		return 0;
	x->n++;
	if (*a->month) {
		char label[24];
		month_label(a->month, label, sizeof label);
		html_lit(&r->out, "<tr class=\"govuk-table__row\" data-advice-month=\"");
		html_attr(&r->out, a->month);
		html_lit(&r->out, "\">");
		td_text(r, label);
	} else
		html_lit(&r->out, "<tr class=\"govuk-table__row\">");
	const char *service = code_label(&codes_advice_service, a->service);
	td_text(r, service ? service : a->service);
	count_cell(r, a->rated);
	share_cell(r, a->complete, a->rated);
	share_cell(r, a->specific, a->rated);
	share_cell(r, a->quantified, a->rated);
	html_lit(&r->out, "</tr>");
	return 0;
}

/* The period's links: "from_month=…&to_month=…". */
static void period_qs(buf *qs, const struct period *p)
{
	html_qs(qs, "from_month", p->first);
	html_qs(qs, "to_month", p->last);
	html_qs_end(qs);
}

static void download_link(html *b, const char *path, const struct period *p, const char *what)
{
	buf qs = BUF_INIT;
	period_qs(&qs, p);
	html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
	html_attr(b, path);
	html_lit(b, "?");
	html_attr_qs(b, buf_cstr(&qs));
	html_lit(b, "\">");
	html_text(b, what);
	html_lit(b, "</a></p>");
	buf_free(&qs);
}

void h_qa_reports(struct req *r)
{
	struct errs e = {0};
	struct period p;
	int bad_period = report_period(r, &e, &p) < 0;
	struct qa_month *m = report_load(r, &p);
	int64_t *rated = calloc((size_t)p.n, sizeof *rated), *all3 = calloc((size_t)p.n, sizeof *all3);
	struct chart_point *pts = calloc((size_t)p.n, sizeof *pts);
	char (*labels)[24] = calloc((size_t)p.n, sizeof *labels);
	if (!m || !rated || !all3 || !pts || !labels) {
		free(m), free(rated), free(all3), free(pts), free(labels);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The report could not be made.");
		return;
	}
	req_audit(r, "report", "qa_audits", 0, 0, "qa", NULL);
	/* grades by section, team, need, key stage or setting type */
	const char *by = req_param_or(r, "by", "section");
	const char *by_label = NULL;
	for (size_t i = 0; i < sizeof breakdowns / sizeof breakdowns[0]; i++)
		if (strcmp(by, breakdowns[i].value) == 0)
			by_label = breakdowns[i].label;
	if (!by_label) {
		errs_add(&e, "by", "Select what to show the grades by from the list");
		by = "section";
		by_label = breakdowns[0].label;
	}
	if (e.n)
		r->status = 400;
	page_begin_err(r, "Plan quality reports", &e);
	page_back_link(r, "/qa");
	if (e.n)
		page_error_summary(r, &e);
	html *b = &r->out;
	char first_label[24], last_label[24];
	month_label(p.first, first_label, sizeof first_label);
	month_label(p.last, last_label, sizeof last_label);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Plan quality reports</h1><p class=\"govuk-body\">Plan audits completed from ");
	html_text(b, first_label);
	html_lit(b, " to ");
	html_text(b, last_label);
	html_lit(b, " (first audits; moderations are not counted again). Figures from fewer than 5 audits are shown as "
	            "\"fewer than 5\".</p>");
	form_begin_get(r, "/qa/reports", NULL);
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	report_month_select(r, "from_month", "From", bad_period ? req_param_or(r, "from_month", "") : p.first, &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	report_month_select(r, "to_month", "To", bad_period ? req_param_or(r, "to_month", "") : p.last, &e);
	html_lit(b, "</div></div>");
	form_hidden(r, "by", by);
	form_button(r, "Show");
	form_end(r);
	/* the share good or better by month, as a chart and a table */
	int any_eight = 0;
	for (int i = 0; i < p.n; i++) {
		month_label(m[i].month, labels[i], sizeof labels[i]);
		pts[i].label = labels[i];
		pts[i].value = m[i].completed >= 5 ? 100.0 * (double)m[i].good / (double)m[i].completed : -1;
		any_eight |= m[i].eight > 0;
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Grades by month</h2>");
	chart_line(b, "qa-good-chart", "Plans good or better, by month (%)", pts, p.n, 100, "%");
	static const char *const cols[] = {"Month", "Audits completed", "Outstanding", "Good", "Requires improvement",
	                                   "Inadequate", "Good or better", "Provision findings per plan"};
	if (any_eight)
		html_lit(b, "<p class=\"govuk-body\">Audits made with an eight-point framework are counted in the audits "
		            "completed and good or better, and their grades are in the eight-point table below.</p>");
	table_begin_numeric(r, "qa-months", cols, 8, 1);
	for (int i = 0; i < p.n; i++) {
		html_lit(b, "<tr class=\"govuk-table__row\" data-month=\"");
		html_attr(b, m[i].month);
		html_lit(b, "\">");
		td_text(r, labels[i]);
		count_cell(r, m[i].completed);
		for (int g = 3; g >= 0; g--)
			count_cell(r, m[i].g[g]);
		share_cell(r, m[i].good, m[i].completed);
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		if (m[i].checked >= 5)
			html_decimal(b, (double)m[i].findings / (double)m[i].checked, 1);
		else
			html_text(b, m[i].checked ? "fewer than 5" : "—");
		html_lit(b, "</td></tr>");
	}
	table_end(r);
	if (any_eight) {
		/* the eight-point scale's grades in their own columns, never binned into the four */
		html_lit(b, "<h2 class=\"govuk-heading-m\">Grades on the eight-point scale by month</h2>");
		static const char *const ecols[] = {"Month", "Audits (eight-point)", "8", "7", "6", "5", "4", "3", "2", "1"};
		table_begin_numeric(r, "qa-months-eight", ecols, 10, 1);
		for (int i = 0; i < p.n; i++) {
			html_lit(b, "<tr class=\"govuk-table__row\" data-month-eight=\"");
			html_attr(b, m[i].month);
			html_lit(b, "\">");
			td_text(r, labels[i]);
			count_cell(r, m[i].eight);
			for (int g = 7; g >= 0; g--)
				count_cell(r, m[i].g8[g]);
			html_lit(b, "</tr>");
		}
		table_end(r);
	}
	/* by quarter: the months' sums, three at a time from the first */
	html_lit(b, "<h2 class=\"govuk-heading-m\">Good or better by quarter</h2>");
	static const char *const qcols[] = {"Quarter", "Audits completed", "Good or better"};
	table_begin_numeric(r, "qa-quarters", qcols, 3, 1);
	for (int q = 0; q * 3 < p.n; q++) {
		int64_t c = 0, g = 0;
		int last = q * 3 + 2 < p.n ? q * 3 + 2 : p.n - 1;
		for (int i = q * 3; i <= last; i++) {
			c += m[i].completed;
			g += m[i].good;
		}
		char label[64];
		snprintf(label, sizeof label, "%.24s to %.24s", labels[q * 3], labels[last]);
		html_lit(b, "<tr class=\"govuk-table__row\">");
		td_text(r, label);
		count_cell(r, c);
		share_cell(r, g, c);
		html_lit(b, "</tr>");
	}
	table_end(r);
	/* moderation: the second auditors' agreement with the first, and the grades the moderators agreed */
	int64_t nmod = 0, nsame = 0;
	if (qa_agreement(r->db, p.from, p.to, &nmod, &nsame) < 0)
		html_fail(b);
	html_lit(b, "<h2 class=\"govuk-heading-m\">Moderation</h2><p class=\"govuk-body\">Audits moderated blind by a "
	            "second auditor whose grade the moderator agreed in the period, and how often the two auditors gave "
	            "the same overall grade.</p>");
	static const char *const modcols[] = {"Period", "Moderations agreed", "Same overall grade"};
	table_begin_numeric(r, "qa-moderation", modcols, 3, 1);
	html_lit(b, "<tr class=\"govuk-table__row\" data-moderated=\"");
	html_int(b, nmod);
	html_lit(b, "\" data-agreed=\"");
	html_int(b, nsame);
	html_lit(b, "\">");
	char plabel[64];
	snprintf(plabel, sizeof plabel, "%.24s to %.24s", first_label, last_label);
	td_text(r, plabel);
	count_cell(r, nmod);
	share_cell(r, nsame, nmod);
	html_lit(b, "</tr>");
	table_end(r);
	html_lit(b, "<h2 class=\"govuk-heading-m\">Most common weaknesses</h2><p class=\"govuk-body\">The criteria most often "
	            "graded below good.</p>");
	static const char *const wcols[] = {"Section", "Criterion", "Graded below good", "Share of its grades"};
	table_begin_numeric(r, "qa-weaknesses", wcols, 4, 2);
	struct weak_ctx wx = {r, 0};
	if (qa_weaknesses_each(r->db, p.from, p.to, 10, weakness_row, &wx) < 0)
		html_fail(b);
	table_end(r);
	html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"grades-by\">Grades by ");
	html_text(b, by_label);
	html_lit(b, "</h2>");
	form_begin_get(r, "/qa/reports", NULL);
	form_hidden(r, "from_month", p.first);
	form_hidden(r, "to_month", p.last);
	form_select(r, "by", "Show the grades by", NULL, breakdowns, sizeof breakdowns / sizeof breakdowns[0],
	            errs_for(&e, "by") ? req_param_or(r, "by", "") : by, NULL, &e);
	form_button(r, "Show");
	form_end(r);
	const char *bcols[] = {by_label, strcmp(by, "section") == 0 ? "Grades given" : "Audits completed", "Good or better"};
	table_begin_numeric(r, "qa-by", bcols, 3, 1);
	struct weak_ctx bx = {r, 0};
	if (qa_breakdown_each(r->db, by, p.from, p.to, break_row, &bx) < 0)
		html_fail(b);
	table_end(r);
	html_lit(b, "<h2 class=\"govuk-heading-m\">Advice quality by service</h2><p class=\"govuk-body\">Advice received in the "
	            "period and rated by the caseworker: the share rated complete, specific and quantified.</p>");
	static const char *const acols[] = {"Service", "Advice rated", "Complete", "Specific", "Quantified"};
	table_begin_numeric(r, "qa-advice", acols, 5, 1);
	struct adv_ctx ax = {r, NULL, NULL, NULL, 0};
	if (qa_advice_quality_each(r->db, p.from, p.to, 0, advice_row, &ax) < 0)
		html_fail(b);
	table_end(r);
	/* per month: the chart first (every service: the share rated yes for all three), then the table */
	html_lit(b, "<h2 class=\"govuk-heading-m\">Advice quality by service and month</h2>");
	struct adv_ctx cx = {NULL, &p, rated, all3, 0};
	if (qa_advice_quality_each(r->db, p.from, p.to, 1, advice_row, &cx) < 0)
		html_fail(b);
	for (int i = 0; i < p.n; i++)
		pts[i].value = rated[i] >= 5 ? 100.0 * (double)all3[i] / (double)rated[i] : -1;
	chart_line(b, "qa-advice-chart", "Advice rated complete, specific and quantified, every service, by month (%)", pts,
	           p.n, 100, "%");
	for (int i = 0; i < p.n; i++)
		rated[i] = all3[i] = 0;
	static const char *const amcols[] = {"Month", "Service", "Advice rated", "Complete", "Specific", "Quantified"};
	table_begin_numeric(r, "qa-advice-months", amcols, 6, 2);
	cx.r = r;
	if (qa_advice_quality_each(r->db, p.from, p.to, 1, advice_row, &cx) < 0)
		html_fail(b);
	table_end(r);
	if (!cx.n)
		html_lit(b, "<p class=\"govuk-body\">No advice received in the period was rated.</p>");
	download_link(b, "/qa/reports/advice.csv", &p, "Download the advice quality by service and month (CSV)");
	download_link(b, "/qa/reports.csv", &p, "Download the grades by month (CSV)");
	download_link(b, "/qa/reports.xlsx", &p, "Download every table (XLSX)");
	page_end(r);
	free(m), free(rated), free(all3), free(pts), free(labels);
}

/* A count or share in a CSV, suppressed as on the page. */
static void csv_count(buf *b, int64_t n, int staff)
{
	if (n > 0 && n < 5 && !staff)
		buf_puts(b, ",fewer than 5");
	else
		buf_printf(b, ",%lld", (long long)n);
}

static void csv_share(buf *b, int64_t part, int64_t whole)
{
	if (whole >= 5)
		buf_printf(b, ",%.0f", 100.0 * (double)part / (double)whole);
	else
		buf_puts(b, whole ? ",fewer than 5" : ",");
}

/* The CSV and XLSX: the period asked for, or 400 naming what is wrong. */
static int download_period(struct req *r, struct period *p)
{
	struct errs e = {0};
	if (report_period(r, &e, p) == 0)
		return 0;
	resp_error(r, 400, "Choose the months again", e.e[0].msg);
	return -1;
}

void h_qa_reports_csv(struct req *r)
{
	struct period p;
	if (download_period(r, &p) < 0)
		return;
	struct qa_month *m = report_load(r, &p);
	if (!m) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	buf *b = resp_body(r, CSV_TYPE, "plan-quality-by-month.csv");
	buf_puts(b, "month,audits_completed,outstanding,good,requires_improvement,inadequate,good_or_better_percent,"
	            "provision_findings_per_plan,eight_point_audits,grade8,grade7,grade6,grade5,grade4,grade3,grade2,grade1\r\n");
	int staff = req_has_role(r, ROLE_ALL);
	for (int i = 0; i < p.n; i++) {
		buf_printf(b, "%s", m[i].month);
		int64_t v[5] = {m[i].completed, m[i].g[3], m[i].g[2], m[i].g[1], m[i].g[0]};
		for (int k = 0; k < 5; k++)
			csv_count(b, v[k], staff);
		csv_share(b, m[i].good, m[i].completed);
		if (m[i].checked >= 5)
			buf_printf(b, ",%.1f", (double)m[i].findings / (double)m[i].checked);
		else
			buf_puts(b, m[i].checked ? ",fewer than 5" : ",");
		csv_count(b, m[i].eight, staff);
		for (int g = 7; g >= 0; g--)
			csv_count(b, m[i].g8[g], staff);
		buf_puts(b, "\r\n");
	}
	free(m);
	req_audit(r, "export", "reports", 0, 0, "qa", NULL);
}

struct adv_csv { buf *csv; int staff; };

static int advice_month_csv(void *ctx, const struct qa_advice_row *a)
{
	struct adv_csv *x = ctx;
	buf_printf(x->csv, "%s,", a->month);
	const char *service = code_label(&codes_advice_service, a->service);
	csv_cell(x->csv, service ? service : a->service);
	csv_count(x->csv, a->rated, x->staff);
	csv_share(x->csv, a->complete, a->rated);
	csv_share(x->csv, a->specific, a->rated);
	csv_share(x->csv, a->quantified, a->rated);
	buf_puts(x->csv, "\r\n");
	return 0;
}

/* Advice quality by service and month, as on the page. */
void h_qa_reports_advice_csv(struct req *r)
{
	struct period p;
	if (download_period(r, &p) < 0)
		return;
	buf *b = resp_body(r, CSV_TYPE, "advice-quality-by-month.csv");
	buf_puts(b, "month,service,advice_rated,complete_percent,specific_percent,quantified_percent\r\n");
	struct adv_csv x = {b, req_has_role(r, ROLE_ALL)};
	if (qa_advice_quality_each(r->db, p.from, p.to, 1, advice_month_csv, &x) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	req_audit(r, "export", "reports", 0, 0, "qa-advice", NULL);
}

/* The reports as a workbook: the grades by month, each breakdown, the
 * weaknesses and the advice quality, a sheet each.  Small numbers as on the
 * page: counts from 1 to 4 for users who cannot see the children, and every
 * share from fewer than 5, are the words "fewer than 5". */
struct xl { lxw_worksheet *ws; int row, staff; };

static void xl_count(struct xl *x, int col, int64_t n)
{
	if (n > 0 && n < 5 && !x->staff)
		worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)col, "fewer than 5", NULL);
	else
		worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)col, (double)n, NULL);
}

static void xl_share(struct xl *x, int col, int64_t part, int64_t whole)
{
	if (whole >= 5)
		worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)col, 100.0 * (double)part / (double)whole, NULL);
	else if (whole)
		worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)col, "fewer than 5", NULL);
}

static void xl_header(lxw_worksheet *ws, const char *const *cols, int n, lxw_format *bold)
{
	for (int c = 0; c < n; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], bold);
}

static int xl_break(void *ctx, const struct qa_break *b)
{
	struct xl *x = ctx;
	x->row++;
	worksheet_write_string(x->ws, (lxw_row_t)x->row, 0, *b->key ? b->key : "Not recorded", NULL);
	xl_count(x, 1, b->n);
	xl_share(x, 2, b->good, b->n);
	return 0;
}

static int xl_weak(void *ctx, const struct qa_weakness *w)
{
	struct xl *x = ctx;
	x->row++;
	worksheet_write_string(x->ws, (lxw_row_t)x->row, 0, w->section, NULL);
	worksheet_write_string(x->ws, (lxw_row_t)x->row, 1, w->title, NULL);
	xl_count(x, 2, w->below);
	xl_share(x, 3, w->below, w->graded);
	return 0;
}

/* A row of advice quality by service, or by month (the first column) and service. */
static int xl_advice(void *ctx, const struct qa_advice_row *a)
{
	struct xl *x = ctx;
	x->row++;
	int c = 0;
	if (*a->month)
		worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)c++, a->month, NULL);
	const char *label = code_label(&codes_advice_service, a->service);
	worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)c, label ? label : a->service, NULL);
	xl_count(x, c + 1, a->rated);
	xl_share(x, c + 2, a->complete, a->rated);
	xl_share(x, c + 3, a->specific, a->rated);
	xl_share(x, c + 4, a->quantified, a->rated);
	return 0;
}

void h_qa_reports_xlsx(struct req *r)
{
	struct period p;
	if (download_period(r, &p) < 0)
		return;
	struct qa_month *m = report_load(r, &p);
	if (!m) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The spreadsheet could not be made.");
		return;
	}
	char path[32];
	lxw_workbook *wb = xlsx_begin(path);
	int ok = wb != NULL;
	if (ok) {
		lxw_format *bold = workbook_add_format(wb);
		format_set_bold(bold);
		struct xl x = {workbook_add_worksheet(wb, "Grades by month"), 0, req_has_role(r, ROLE_ALL)};
		static const char *const mcols[] = {"Month", "Audits completed", "Outstanding", "Good", "Requires improvement",
		                                    "Inadequate", "Good or better (%)", "Provision findings per plan"};
		xl_header(x.ws, mcols, 8, bold);
		for (int i = 0; i < p.n; i++) {
			x.row = i + 1;
			worksheet_write_string(x.ws, (lxw_row_t)x.row, 0, m[i].month, NULL);
			xl_count(&x, 1, m[i].completed);
			for (int g = 3; g >= 0; g--)
				xl_count(&x, 5 - g, m[i].g[g]);
			xl_share(&x, 6, m[i].good, m[i].completed);
			if (m[i].checked >= 5)
				worksheet_write_number(x.ws, (lxw_row_t)x.row, 7, (double)m[i].findings / (double)m[i].checked, NULL);
			else if (m[i].checked)
				worksheet_write_string(x.ws, (lxw_row_t)x.row, 7, "fewer than 5", NULL);
		}
		/* the eight-point scale's grades, in their own columns */
		x.ws = workbook_add_worksheet(wb, "Eight-point grades");
		static const char *const ecols[] = {"Month", "Audits (eight-point)", "8", "7", "6", "5", "4", "3", "2", "1"};
		xl_header(x.ws, ecols, 10, bold);
		for (int i = 0; i < p.n; i++) {
			x.row = i + 1;
			worksheet_write_string(x.ws, (lxw_row_t)x.row, 0, m[i].month, NULL);
			xl_count(&x, 1, m[i].eight);
			for (int g = 7; g >= 0; g--)
				xl_count(&x, 9 - g, m[i].g8[g]);
		}
		for (size_t k = 0; ok && k < sizeof breakdowns / sizeof breakdowns[0]; k++) {
			char sheet[32];
			snprintf(sheet, sizeof sheet, "By %s", breakdowns[k].label);
			x.ws = workbook_add_worksheet(wb, sheet);
			x.row = 0;
			const char *cols[] = {breakdowns[k].label, k == 0 ? "Grades given" : "Audits completed", "Good or better (%)"};
			xl_header(x.ws, cols, 3, bold);
			ok = qa_breakdown_each(r->db, breakdowns[k].value, p.from, p.to, xl_break, &x) == 0;
		}
		x.ws = workbook_add_worksheet(wb, "Weaknesses");
		x.row = 0;
		static const char *const wcols[] = {"Section", "Criterion", "Graded below good", "Share of its grades (%)"};
		xl_header(x.ws, wcols, 4, bold);
		ok = ok && qa_weaknesses_each(r->db, p.from, p.to, 50, xl_weak, &x) == 0;
		x.ws = workbook_add_worksheet(wb, "Advice quality");
		x.row = 0;
		static const char *const acols[] = {"Service", "Advice rated", "Complete (%)", "Specific (%)", "Quantified (%)"};
		xl_header(x.ws, acols, 5, bold);
		ok = ok && qa_advice_quality_each(r->db, p.from, p.to, 0, xl_advice, &x) == 0;
		x.ws = workbook_add_worksheet(wb, "Advice quality by month");
		x.row = 0;
		static const char *const amcols[] = {"Month", "Service", "Advice rated", "Complete (%)", "Specific (%)",
		                                     "Quantified (%)"};
		xl_header(x.ws, amcols, 6, bold);
		ok = ok && qa_advice_quality_each(r->db, p.from, p.to, 1, xl_advice, &x) == 0;
		ok = workbook_close(wb) == LXW_NO_ERROR && ok;
	}
	free(m);
	if (resp_take_file(r, path, ok, "The spreadsheet", XLSX_TYPE, "plan-quality.xlsx") < 0)
		return;
	req_audit(r, "export", "reports", 0, 0, "qa", NULL);
}

/* Adds a child's case file to the audits (their records accurate and complete). */
void h_qa_casefile_new(struct req *r)
{
	struct errs e = {0};
	const char *pid = req_param_or(r, "person", ""), *reason = req_param_or(r, "reason", "");
	if (strcmp(r->method, "POST") == 0) {
		long long id = 0;
		char msg[200] = "";
		if (parse_int64(pid, 1, INT64_MAX, &id) < 0)
			errs_add(&e, "person", "Enter the number of a child or young person's record");
		if (!*reason)
			errs_add(&e, "reason", "Enter why the case file is audited");
		if (!e.n) {
			struct actor who;
			req_actor(r, &who);
			int64_t aid;
			int rc = qa_casefile_add(r->db, &who, id, reason, &aid, msg, sizeof msg);
			if (rc == QA_OK) {
				char loc[48];
				snprintf(loc, sizeof loc, "/qa/audits/%" PRId64 "?saved=added", aid);
				resp_redirect(r, loc);
				return;
			}
			if (rc < 0) {
				resp_error(r, 500, "Sorry, there is a problem with the service", "The audit could not be added.");
				return;
			}
			domain_error(&e, msg, "reason");
		}
		r->status = 422;
	}
	page_begin_err(r, "Audit a case file", &e);
	page_back_link(r, "/qa");
	if (e.n)
		page_error_summary(r, &e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">Audit a case file</h1><p class=\"govuk-body\">A check that the "
	                  "child's records are accurate and complete, against the case-file framework.</p>");
	form_begin(r, "/qa/case-files/new");
	form_text(r, "person", "Record number", "The number in the address of the child's record, /people/…", pid, &e,
	          "govuk-input--width-10");
	form_textarea(r, "reason", "Why it is audited", "For example, the monthly case-file check", reason, &e);
	form_button(r, "Add to the audits");
	form_end(r);
	page_end(r);
}

/* ---- the frameworks ----------------------------------------------------------------- */

struct fw_ctx { struct req *r; int editable; };

static int fw_crit_row(void *ctx, const struct qa_criterion_row *c)
{
	struct fw_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\" data-criterion-id=\"");
	html_int(b, c->id);
	html_lit(b, "\">");
	td_text(r, c->section);
	td_text(r, c->title);
	td_text(r, c->guidance);
	html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
	html_int(b, c->weight);
	html_lit(b, "</td>");
	if (x->editable) {
		char href[64];
		html_lit(b, "<td class=\"govuk-table__cell\">");
		snprintf(href, sizeof href, "/qa/criteria/%" PRId64 "/edit", c->id);
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, href);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> ");
		html_text(b, c->title);
		html_lit(b, "</span></a> <a class=\"govuk-link\" href=\"");
		snprintf(href, sizeof href, "/qa/criteria/%" PRId64 "/delete", c->id);
		html_attr(b, href);
		html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> ");
		html_text(b, c->title);
		html_lit(b, "</span></a></td>");
	}
	html_lit(b, "</tr>");
	return 0;
}

static int fw_row(void *ctx, const struct qa_framework_row *f)
{
	struct req *r = ctx;
	html *b = &r->out;
	int lead = req_may(r, "POST", "/qa/frameworks/#/edit"), editable = lead && f->audits == 0;
	char href[64], v[24], n[24];
	snprintf(v, sizeof v, "%" PRId64, f->version);
	html_lit(b, "<div class=\"govuk-summary-card\" id=\"framework-");
	html_int(b, f->id);
	html_lit(b, "\" data-framework=\"");
	html_int(b, f->id);
	html_lit(b, "\" data-active=\"");
	html_int(b, f->active);
	html_lit(b, "\"><div class=\"govuk-summary-card__title-wrapper\"><h2 class=\"govuk-summary-card__title\">");
	html_text(b, f->name);
	html_lit(b, " (version ");
	html_int(b, f->seq);
	html_lit(b, ")</h2>");
	if (editable) {
		snprintf(href, sizeof href, "/qa/frameworks/%" PRId64 "/edit", f->id);
		html_lit(b, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
		            "<a class=\"govuk-link\" href=\"");
		html_attr(b, href);
		html_lit(b, "\">Change the scale and rule<span class=\"govuk-visually-hidden\"> of ");
		html_text(b, f->name);
		html_lit(b, "</span></a></li></ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\">");
	summary_begin(r);
	summary_row(r, "Audits of", strcmp(f->kind, "plan") == 0 ? "EHC plans" : "Case files");
	summary_row(r, "Used for new audits", f->active ? "Yes" : f->audits ? "No: an earlier version" : "No: a draft");
	summary_row(r, "Scale", strcmp(f->scale, "four") == 0 ? "Outstanding, Good, Requires improvement, Inadequate" : "1 to 8");
	summary_row(r, "Overall grade", strcmp(f->rule, "lowest") == 0 ? "The lowest grade given"
	                                                               : "The weighted mean of the grades, rounded half up");
	char tmp[4];
	summary_row(r, "Good from", grade_text(f->scale, f->good_from, tmp));
	snprintf(n, sizeof n, "%d", f->audits);
	summary_row(r, "Audits made with it", n);
	summary_end(r);
	char cap[24];
	snprintf(cap, sizeof cap, "criteria-%" PRId64, f->id);
	static const char *const cols[] = {"Section", "Criterion", "What good looks like", "Weight", "Change"};
	table_begin_numeric(r, cap, cols, editable ? 5 : 4, 3);
	struct fw_ctx x = {r, editable};
	if (qa_framework_criteria_each(r->db, f->id, fw_crit_row, &x) < 0)
		html_fail(b);
	table_end(r);
	if (editable) {
		snprintf(href, sizeof href, "/qa/frameworks/%" PRId64 "/criteria/new", f->id);
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, href);
		html_lit(b, "\">Add a criterion<span class=\"govuk-visually-hidden\"> to ");
		html_text(b, f->name);
		html_lit(b, "</span></a></p>");
	} else if (lead)
		html_lit(b, "<p class=\"govuk-body\">Audits use this version, so it does not change: make a new version to "
		            "change it.</p>");
	if (lead && !f->active) {
		snprintf(href, sizeof href, "/qa/frameworks/%" PRId64 "/use", f->id);
		form_begin(r, href);
		form_hidden(r, "version", v);
		html_lit(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Use this version "
		            "for new audits<span class=\"govuk-visually-hidden\"> (");
		html_text(b, f->name);
		html_lit(b, ")</span></button>");
		form_end(r);
	}
	if (req_may(r, "POST", "/qa/frameworks/#/copy")) {
		char action[56], id[40];
		snprintf(action, sizeof action, "/qa/frameworks/%" PRId64 "/copy", f->id);
		snprintf(id, sizeof id, "name-%" PRId64, f->id);
		form_begin(r, action);
		html_lit(b, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">Name of the new version</label><input class=\"govuk-input govuk-input--width-20\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"name\" type=\"text\" value=\"");
		html_attr(b, f->name);
		html_lit(b, "\"></div>");
		html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
		            "Make a new version from this one<span class=\"govuk-visually-hidden\"> (");
		html_text(b, f->name);
		html_lit(b, ")</span></button>");
		form_end(r);
	}
	html_lit(b, "</div></div>");
	return 0;
}

void h_qa_frameworks(struct req *r)
{
	page_begin(r, "Audit frameworks");
	page_back_link(r, "/qa");
	html *b = &r->out;
	html_lit(b, "<h1 class=\"govuk-heading-l\">Audit frameworks</h1><p class=\"govuk-body\">New audits use the version "
	            "chosen for them; an audit keeps the version it was made with. A version changes only until an audit "
	            "uses it: make a new version, change it, then choose it for new audits.</p>");
	const char *saved = req_param(r, "saved"), *removed = req_param(r, "removed");
	if (removed)
		page_success(r, "The criterion is removed");
	else if (saved && strcmp(saved, "qa_criteria") == 0)
		page_success(r, "The criterion is saved");
	else if (saved && strcmp(saved, "qa_frameworks") == 0)
		page_success(r, "The version's scale and rule are saved");
	else if (saved && strcmp(saved, "used") == 0)
		page_success(r, "New audits now use the version chosen");
	else if (saved)
		page_success(r, "The new version is made: change it, then choose it for new audits");
	if (qa_frameworks_each(r->db, fw_row, r) < 0)
		html_fail(b);
	page_end(r);
}

void h_qa_framework_use(struct req *r)
{
	long long v;
	if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
		resp_error(r, 400, "Bad request", "The form did not say which version of the framework it chooses.");
		return;
	}
	struct actor who;
	req_actor(r, &who);
	char msg[200] = "";
	int rc = qa_framework_use(r->db, &who, r->ids[0], v, msg, sizeof msg);
	if (rc == QA_OK)
		resp_redirect(r, "/qa/frameworks?saved=used");
	else if (rc == QA_NOT_FOUND)
		resp_error(r, 404, "Page not found", "There is no such framework.");
	else if (rc == QA_STALE)
		resp_error(r, 409, "The framework has changed", msg);
	else if (rc == QA_INVALID)
		resp_error(r, 422, "This version has no criteria", msg);
	else
		resp_error(r, 500, "Sorry, there is a problem with the service", "The version could not be chosen.");
}

void h_qa_framework_copy(struct req *r)
{
	const char *name = req_param_or(r, "name", "");
	struct actor who;
	req_actor(r, &who);
	int64_t id;
	int rc = qa_framework_copy(r->db, &who, r->ids[0], name, &id);
	if (rc == QA_OK) {
		resp_redirect(r, "/qa/frameworks?saved=1");
		return;
	}
	if (rc == QA_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There is no such framework.");
		return;
	}
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The new version could not be made.");
		return;
	}
	resp_error(r, 422, "Enter a name for the new version", "Enter a name of 100 characters or fewer for the new version.");
}
