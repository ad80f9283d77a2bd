/* pages_plancontent.c — the EHC plan as content: a version's sections A–K
 * with the provision check beside each item, sending the draft, the
 * family's comments, finalising, comparing two versions, the plan as a PDF,
 * and an annual review's progress per outcome (docs/plan-content.md).
 *
 * The sections are edited through the generic entity forms (forms.c,
 * entities_plan.c); these pages show them and make the steps between
 * versions (plancontent.h), which hold every rule.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/plancontent.h"
#include "domain/provterms.h"
#include "domain/entity.h"
#include "domain/outbox.h"
#include "domain/personview.h"
#include "domain/documents.h"
#include "domain/change.h"
#include "core/codes.h"
#include "core/rules.h"
#include "core/date.h"
#include "core/grow.h"
#include "render/letter.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const all_sections[] = {"A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"};
#define NSECTIONS (sizeof all_sections / sizeof all_sections[0])

static void lower_id(const char *section, char out[16])
{
	snprintf(out, 16, "section-%c%s", section[0] + ('a' - 'A'), section + 1);
}

/* The area's table of terms for the provision check, loaded once for the
 * process (provterms.h); *problem says why an area file was left out. */
static const struct prov_terms *terms_of(struct req *r, const char **problem)
{
	return provision_terms_shared(r->cfg->provision_terms, problem);
}

/* The child's name, for headings and the PDF. */
static int child_name(struct req *r, int64_t person_id, char *name, size_t n, char *dob, size_t dn)
{
	struct record p;
	if (entity_load(r->db, &ent_person, person_id, &p) != ENT_OK)
		return -1;
	snprintf(name, n, "%s %s", record_get(&ent_person, &p, "forename"), record_get(&ent_person, &p, "surname"));
	if (dob)
		snprintf(dob, dn, "%s", record_get(&ent_person, &p, "dob") ? record_get(&ent_person, &p, "dob") : "");
	record_free(&p);
	return 0;
}

static void version_title(const struct pc_version *v, char *out, size_t n)
{
	snprintf(out, n, "%s (version %lld)", pc_version_kind(v->amendment, v->final_date != NULL), (long long)v->seq);
}

static void row_text(struct req *r, const char *key, const char *value)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
	html_text(b, key);
	html_lit(b, "</dt><dd class=\"govuk-summary-list__value app-pre-wrap\">");
	html_text(b, value && *value ? value : "—");
	html_lit(b, "</dd></div>");
}

/* ---- the provision check beside an item -------------------------------------------- */

/* The check's verdict as tags and its findings as a list (a provision item:
 * specified, quantified; an outcome: only vague words count). */
static void verdict_html(html *b, const struct prov_result *res, int provision)
{
	if (provision) {
		if (res->specified && res->quantified)
			html_lit(b, "<strong class=\"govuk-tag govuk-tag--green\">Specified and quantified</strong> ");
		if (!res->specified)
			html_lit(b, "<strong class=\"govuk-tag govuk-tag--red\">Not specified</strong> ");
		if (!res->quantified)
			html_lit(b, "<strong class=\"govuk-tag govuk-tag--orange\">Not quantified</strong> ");
	} else if (!res->nf) {
		html_lit(b, "<strong class=\"govuk-tag govuk-tag--green\">No vague words</strong>");
	}
	if (res->nf) {
		html_lit(b, "<ul class=\"govuk-list govuk-list--bullet govuk-!-margin-top-2\">");
		for (int i = 0; i < res->nf; i++) {
			html_lit(b, "<li data-finding=\"");
			html_attr(b, res->f[i].id);
			html_lit(b, "\">");
			html_text(b, res->f[i].text);
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul>");
	}
}

static void check_row(struct req *r, const struct prov_terms *t, const struct pc_item *it)
{
	struct prov_result res;
	if (pc_item_check(t, it, &res) < 0)
		return;
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Provision check</dt>"
	            "<dd class=\"govuk-summary-list__value\" data-check=\"");
	html_text(b, res.specified && res.quantified && !res.nf ? "ok" : "findings");
	html_lit(b, "\">");
	verdict_html(b, &res, pc_section_is_provision(it->section));
	html_lit(b, "</dd></div>");
}

/* An item from the words of a form or a query (absent: ""). */
static void item_from_values(struct pc_item *it, const char *section, const char *const v[6])
{
	memset(it, 0, sizeof *it);
	it->section = section;
	it->text = v[0];
	it->who = v[1];
	it->how_often = v[2];
	it->how_long = v[3];
	it->group_size = v[4];
	it->measure = v[5];
	it->area = it->timescale = it->links = it->item_date = "";
}

void plan_check_live(struct req *r, const struct entity *e, const struct record *rec)
{
	const char *section = plan_entity_section(e);
	if (!section || (!pc_section_is_provision(section) && strcmp(section, "E")))
		return;
	static const char *const names[6] = {"text", "who", "how_often", "how_long", "group_size", "measure"};
	const char *v[6];
	for (int i = 0; i < 6; i++) {
		int k = entity_field_index(e, names[i]);
		v[i] = k < 0 ? "" : rec->typed[k][0] ? rec->typed[k][0] : rec->v[k] ? rec->v[k] : "";
	}
	struct pc_item it;
	item_from_values(&it, section, v);
	const char *problem;
	const struct prov_terms *terms = terms_of(r, &problem);
	struct prov_result res;
	html *b = &r->out;
	/* the same verdict the version's page shows; with JavaScript it follows the typing
	   (provision-check.js asks GET /provision-check) */
	html_lit(b, "<div class=\"govuk-inset-text\" id=\"provision-check\" aria-live=\"polite\" data-provision-check=\"");
	html_attr(b, section);
	html_lit(b, "\"><h2 class=\"govuk-heading-s\">Provision check</h2><div id=\"provision-check-result\">");
	if (!*v[0])
		html_lit(b, "<p class=\"govuk-body\">Type the provision to see whether it is specified and quantified.</p>");
	else if (pc_item_check(terms, &it, &res) == 0)
		verdict_html(b, &res, pc_section_is_provision(section));
	html_lit(b, "</div></div>");
}

/* The check of words being typed, for provision-check.js: JSON, no record read
 * or written, so no audit row. */
void h_provision_check(struct req *r)
{
	const char *section = req_param_or(r, "section", "F");
	if (!pc_section_is_provision(section) && strcmp(section, "E")) {
		resp_error(r, 400, "Bad request", "section must be E, F, G, H1 or H2.");
		return;
	}
	static const char *const names[6] = {"text", "who", "how_often", "how_long", "group_size", "measure"};
	const char *v[6];
	for (int i = 0; i < 6; i++)
		v[i] = req_param_or(r, names[i], "");
	struct pc_item it;
	item_from_values(&it, section, v);
	const char *problem;
	const struct prov_terms *terms = terms_of(r, &problem);
	struct prov_result res;
	int rc = pc_item_check(terms, &it, &res);
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	/* the page's own HTML for the verdict: the script puts it in place as the server wrote it */
	html h = HTML_INIT;
	verdict_html(&h, &res, pc_section_is_provision(section));
	json_t *o = json_pack("{s:b,s:b,s:s}", "specified", res.specified, "quantified", res.quantified, "html",
	                      html_cstr(&h));
	json_t *f = json_array();
	for (int i = 0; o && f && i < res.nf; i++)
		json_array_append_new(f, json_pack("{s:s,s:s}", "id", res.f[i].id, "text", res.f[i].text));
	char *out = NULL;
	if (o && f && json_object_set_new(o, "findings", f) == 0) {
		f = NULL;
		out = json_dumps(o, JSON_COMPACT);
	}
	json_decref(f);
	json_decref(o);
	html_free(&h);
	if (!out) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	buf *b = resp_body(r, "application/json", NULL);
	buf_puts(b, out);
	free(out);
}

/* ---- a version's page ---------------------------------------------------------------- */

struct items_ctx {
	struct req *r;
	const struct prov_terms *terms;
	int editable;
	const char *section;
	int any;
};

static void refs_text(html *b, const char *links)
{
	if (!links || !*links) {
		html_lit(b, "—");
		return;
	}
	for (const char *p = links; *p; p++)
		if (*p == ',')
			html_lit(b, ", ");
		else
			html_textn(b, p, 1);
}

/* Section K: the document the advice carries, if any (documents.h). */
static int document_row(void *ctx, const struct advice_document *a)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Document</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	if (a->document_id) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_document(a->document_id).s);
		html_lit(b, "\" data-document>");
		html_text(b, a->file_name);
		html_lit(b, "</a>");
	} else {
		html_lit(b, "None attached to the advice");
	}
	html_lit(b, "</dd></div>");
	return 0;
}

static int item_card(void *ctx, const struct pc_item *it)
{
	struct items_ctx *x = ctx;
	if (strcmp(it->section, x->section))
		return 0;
	struct req *r = x->r;
	html *b = &r->out;
	x->any = 1;
	const struct entity *e = plan_section_entity(it->section);
	html_lit(b, "<div class=\"govuk-summary-card\" data-ref=\"");
	html_attr(b, it->ref);
	html_lit(b, "\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">");
	html_text(b, it->ref);
	if (*it->area) {
		const char *l = code_label(!strcmp(it->section, "B") ? &codes_need_area : &codes_pfa, it->area);
		html_lit(b, ": ");
		html_text(b, l ? l : it->area);
	}
	html_lit(b, "</h3>");
	if (x->editable && e) {
		html_lit(b, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit(e->name, it->id).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> ");
		html_text(b, it->ref);
		html_lit(b, "</span></a></li><li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_delete(e->name, it->id).s);
		html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> ");
		html_text(b, it->ref);
		html_lit(b, "</span></a></li></ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">");
	const char *s = it->section;
	if (!strcmp(s, "B") || !strcmp(s, "C") || !strcmp(s, "D")) {
		row_text(r, "Need", it->text);
	} else if (!strcmp(s, "E")) {
		row_text(r, "Outcome", it->text);
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Needs it addresses</dt>"
		            "<dd class=\"govuk-summary-list__value\">");
		refs_text(b, it->links);
		html_lit(b, "</dd></div>");
		row_text(r, "By when", it->timescale);
		row_text(r, "How progress will be measured", it->measure);
		check_row(r, x->terms, it);
	} else if (pc_section_is_provision(s)) {
		row_text(r, "What", it->text);
		row_text(r, "Who delivers it", it->who);
		row_text(r, "How often", it->how_often);
		row_text(r, "For how long", it->how_long);
		row_text(r, "Group size", it->group_size);
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Outcomes it serves</dt>"
		            "<dd class=\"govuk-summary-list__value\">");
		refs_text(b, it->links);
		html_lit(b, "</dd></div>");
		check_row(r, x->terms, it);
	} else {   /* K */
		row_text(r, "Advice or information", it->text);
		row_text(r, "From", it->who);
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Date</dt>"
		            "<dd class=\"govuk-summary-list__value\">");
		html_date(b, it->item_date, "—");
		html_lit(b, "</dd></div>");
		if (it->advice_id)
			advice_document_get(r->db, it->advice_id, document_row, r);
	}
	html_lit(b, "</dl></div></div>");
	return 0;
}

static int count_pfa(void *ctx, const struct pc_item *it)
{
	int *n = ctx;
	*n += *it->area != 0;
	return 0;
}

static void section_head(struct req *r, const char *section, const struct pc_version *v, int editable)
{
	html *b = &r->out;
	char id[16];
	lower_id(section, id);
	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"");
	html_attr(b, id);
	html_lit(b, "\">Section ");
	html_text(b, section);
	html_lit(b, ": ");
	html_text(b, plan_section_title(section));
	html_lit(b, "</h2>");
	const struct entity *e = plan_section_entity(section);
	if (editable && e) {
		char what[40];
		snprintf(what, sizeof what, "%s/new", e->name);
		html_lit(b, "<a class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-4\" href=\"");
		html_attr(b, link_plan_version_part(v->id, what).s);
		html_lit(b, "\">Add ");
		html_text(b, strchr("aeiou", e->noun[0]) ? "an " : "a ");
		html_text(b, e->noun);
		html_lit(b, "</a>");
	}
}

/* A card of the version's own fields (A, J) with its Change link. */
static void fields_card(struct req *r, const struct pc_version *v, const struct entity *e, const char *title,
                        int editable, const char *const *keys, const char *const *values, int n)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
	            "<h3 class=\"govuk-summary-card__title\">");
	html_text(b, title);
	html_lit(b, "</h3>");
	if (editable) {
		html_lit(b, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit(e->name, v->id).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> ");
		html_text(b, e->noun);
		html_lit(b, "</span></a></li></ul>");
	}
	html_lit(b, "</div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">");
	for (int i = 0; i < n; i++)
		row_text(r, keys[i], values[i]);
	html_lit(b, "</dl></div></div>");
}

static void status_summary(struct req *r, const struct pc_version *v, const struct pc_counts *counts)
{
	html *b = &r->out;
	html_lit(b, "<dl class=\"govuk-summary-list\">");
	row_text(r, "Version", pc_version_kind(v->amendment, v->final_date != NULL));
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Sent to the family</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	if (v->sent_date) {
		html_date(b, v->sent_date, "");
		const struct rule *cr = rule_get(R_DRAFT_COMMENT_END);
		html_lit(b, "<br><span class=\"govuk-hint\">They have ");
		html_int(b, cr->amount);
		html_lit(b, " days to comment and to ask for a setting to be named (");
		html_text(b, cr->citation);
		html_lit(b, "): <a class=\"govuk-link\" href=\"");
		html_attr(b, link_person_tab(v->person_id, "/timeline").s);
		html_lit(b, "#clock\">see the timeline</a></span>");
	} else {
		html_lit(b, "Not yet");
	}
	html_lit(b, "</dd></div>");
	if (v->sent_date) {
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Their comments</dt>"
		            "<dd class=\"govuk-summary-list__value app-pre-wrap\">");
		if (v->comments_date) {
			html_lit(b, "Received ");
			html_date(b, v->comments_date, "");
			html_lit(b, "\n");
			html_text(b, v->comments);
			if (v->setting_requested && *v->setting_requested) {
				html_lit(b, "\nSetting asked for: ");
				html_text(b, v->setting_requested);
			}
		} else {
			html_lit(b, "None recorded");
		}
		html_lit(b, "</dd></div>");
	}
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Issued final</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	html_date(b, v->final_date, "Not yet");
	html_lit(b, "</dd></div>");
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Provision check</dt>"
	            "<dd class=\"govuk-summary-list__value\" id=\"provision-check\">");
	html_int(b, counts->items);
	html_text(b, counts->items == 1 ? " provision item: " : " provision items: ");
	html_int(b, counts->unspecified);
	html_lit(b, " not specified, ");
	html_int(b, counts->unquantified);
	html_lit(b, " not quantified, ");
	html_int(b, counts->findings);
	html_text(b, counts->findings == 1 ? " finding" : " findings");
	if (v->final_date && v->prov_items >= 0)
		html_lit(b, "<br><span class=\"govuk-hint\">Counted when it was issued, and kept for quality assurance</span>");
	html_lit(b, "</dd></div></dl>");
}

/* The child's age on 31 August before the version's date: from Year 9 (13)
 * the plan prepares for adulthood (SEND Code of Practice 8.9). */
static int from_year9(const char *dob, day_t on)
{
	day_t born;
	if (!dob || date_parse_iso(dob, &born) < 0)
		return 0;
	int y, m, d;
	date_to_ymd(on, &y, &m, &d);
	day_t aug31;
	if (date_from_ymd(m >= 9 ? y : y - 1, 8, 31, &aug31) < 0)
		return 0;
	return date_age_on(born, aug31) >= 13;
}

void h_plan_version(struct req *r)
{
	struct pc_version v;
	int rc = pc_version_load(r->db, r->ids[0], &v);
	if (rc != ENT_OK) {
		if (rc == ENT_NOT_FOUND)
			resp_error(r, 404, "Page not found", "There is no such version of a plan.");
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	char name[256], dob[16], title[400], heading[96];
	if (child_name(r, v.person_id, name, sizeof name, dob, sizeof dob) < 0) {
		pc_version_free(&v);
		resp_error(r, 404, "Page not found", "There is no such version of a plan.");
		return;
	}
	req_audit(r, "view", "plan-versions", v.id, v.person_id, NULL, NULL);
	int editable = !v.final_date && req_may(r, "POST", "/plan-versions/#/send");
	version_title(&v, heading, sizeof heading);
	snprintf(title, sizeof title, "EHC plan %s: %s", heading, name);
	page_begin(r, title);
	page_back_link(r, link_person_tab(v.person_id, "/plan").s);
	html *b = &r->out;
	const char *saved = req_param(r, "saved");
	const struct entity *se = saved ? entity_by_name(saved) : NULL;
	if (se && entity_is_plan_section(se)) {
		char msg[160];
		snprintf(msg, sizeof msg, "%c%s saved", se->noun[0] >= 'a' && se->noun[0] <= 'z' ? se->noun[0] - 32 : se->noun[0],
		         se->noun + 1);
		page_success(r, msg);
	} else if (saved && !strcmp(saved, "advice")) {
		page_success(r, "Section K has the advice received");
	} else if (saved && !strcmp(saved, "views")) {
		page_success(r, "Section A has the views recorded");
	} else if (saved && !strcmp(saved, "sent")) {
		page_success(r, "Draft sent: the family's time to comment is on the timeline");
	} else if (saved && !strcmp(saved, "final")) {
		page_success(r, "Plan issued: this version is final");
	} else if (saved && !strcmp(saved, "started")) {
		page_success(r, "Draft started");
	}
	const char *removed = req_param(r, "removed");
	const struct entity *re = removed ? entity_by_name(removed) : NULL;
	if (re && entity_is_plan_section(re)) {
		char msg[160];
		snprintf(msg, sizeof msg, "%c%s removed", re->noun[0] >= 'a' && re->noun[0] <= 'z' ? re->noun[0] - 32 : re->noun[0],
		         re->noun + 1);
		page_success(r, msg);
	}
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, name);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">EHC plan: ");
	html_text(b, heading);
	html_lit(b, "</h1>");

	const char *problem;
	const struct prov_terms *terms = terms_of(r, &problem);
	if (*problem) {
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "The area's own provision terms could not be read, so only the built-in terms are checked: ");
		html_text(b, problem);
		html_lit(b, "</strong></div>");
	}
	struct pc_counts counts;
	if (pc_version_counts(r->db, v.id, terms, &counts) < 0)
		memset(&counts, 0, sizeof counts);
	status_summary(r, &v, &counts);

	if (v.final_date) {
		html_lit(b, "<div class=\"govuk-inset-text\">This version is final: it cannot change. "
		            "Changes to the plan are made in a draft amendment, after a review or otherwise.</div>");
		/* quality assurance (pages_qa.c): a lead adds a final version to the audits by hand */
		if (req_may(r, "GET", "/qa/audits/new")) {
			char href[64];
			snprintf(href, sizeof href, "/qa/audits/new?plan_version=%lld", (long long)v.id);
			html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" data-qa-add href=\"");
			html_attr(b, href);
			html_lit(b, "\">Add to the quality audits</a></p>");
		}
	}
	/* what can be done next */
	html_lit(b, "<div class=\"govuk-button-group\">");
	if (editable && !v.sent_date) {
		html_lit(b, "<a class=\"govuk-button\" href=\"");
		html_attr(b, link_plan_version_part(v.id, "send").s);
		html_lit(b, "\">Send the draft to the family</a>");
	}
	if (editable && v.sent_date) {
		html_lit(b, "<a class=\"govuk-button\" href=\"");
		html_attr(b, link_plan_version_part(v.id, "finalise").s);
		html_lit(b, "\">Finalise the plan</a><a class=\"govuk-button govuk-button--secondary\" href=\"");
		html_attr(b, link_child_edit("plan-comments", v.id).s);
		html_lit(b, "\">Record the family's comments</a>");
	}
	html_lit(b, "<a class=\"govuk-link\" href=\"");
	html_attr(b, link_plan_version_part(v.id, "pdf").s);
	html_lit(b, "\">Download the plan (PDF)</a>");
	if (v.seq > 1) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_plan_part(v.plan_id, "compare").s);
		html_lit(b, "\">Compare versions</a>");
	}
	html_lit(b, "</div>");

	/* from Year 9, outcomes for adult life */
	int pfa = 0;
	pc_items_each(r->db, v.id, "E", count_pfa, &pfa);
	day_t on = r->today;
	if (v.final_date)
		date_parse_iso(v.final_date, &on);
	if (!pfa && from_year9(dob, on)) {
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		            "<strong class=\"govuk-warning-text__text\" id=\"pfa-warning\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "From Year 9 the plan should include outcomes that prepare for adulthood (employment, independent "
		            "living, community participation and health): none of section E's outcomes says which it prepares for."
		            "</strong></div>");
	}

	for (size_t i = 0; i < NSECTIONS; i++) {
		const char *sec = all_sections[i];
		section_head(r, sec, &v, editable);
		if (!strcmp(sec, "A")) {
			const char *keys[] = {"Their views", "Their interests", "Their aspirations"};
			const char *vals[] = {v.a_views, v.a_interests, v.a_aspirations};
			fields_card(r, &v, &ent_plan_a, "Views, interests and aspirations", editable, keys, vals, 3);
			if (editable) {
				form_begin(r, link_plan_version_part(v.id, "views").s);
				char ver[24];
				snprintf(ver, sizeof ver, "%lld", (long long)v.version);
				form_hidden(r, "version", ver);
				html_lit(b, "<p class=\"govuk-body\">The views of the child or young person and of their parents are "
				            "recorded, dated, on the <a class=\"govuk-link\" href=\"");
				html_attr(b, link_person_tab(v.person_id, "/family").s);
				html_lit(b, "\">Family and views</a> tab. Using them replaces what section A's views say now.</p>"
				            "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
				            "Use the views recorded</button>");
				form_end(r);
			}
		} else if (!strcmp(sec, "I")) {
			html_lit(b, "<p class=\"govuk-body\" id=\"section-i-text\">");
			if (v.final_date)
				html_text(b, v.i_setting && *v.i_setting ? v.i_setting : "No setting was named");
			else
				html_lit(b, "Left blank in a draft: the draft must not name a school or other institution (Children and "
				            "Families Act 2014 s.38(5)). The settings named on the Plan tab go into the final plan.");
			html_lit(b, "</p>");
		} else if (!strcmp(sec, "J")) {
			char amount[32] = "";
			if (v.j_amount >= 0)
				snprintf(amount, sizeof amount, "£%lld a year", v.j_amount);
			const char *keys[] = {"Requested", "Direct payments", "Amount", "How it will be used and managed"};
			const char *vals[] = {v.j_requested ? "Yes" : "No", v.j_direct_payments ? "Yes" : "No", amount, v.j_arrangements};
			fields_card(r, &v, &ent_plan_j, "Personal budget", editable, keys, vals, 4);
		} else {
			if (!strcmp(sec, "K") && editable) {
				form_begin(r, link_plan_version_part(v.id, "advice").s);
				char ver[24];
				snprintf(ver, sizeof ver, "%lld", (long long)v.version);
				form_hidden(r, "version", ver);
				html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
				            "Add the advice received</button>");
				form_end(r);
			}
			struct items_ctx x = {r, terms, editable, sec, 0};
			pc_items_each(r->db, v.id, sec, item_card, &x);
			if (!x.any) {
				html_lit(b, "<p class=\"govuk-body\">Nothing in section ");
				html_text(b, sec);
				html_lit(b, " yet.</p>");
			}
		}
	}
	pc_version_free(&v);
	page_end(r);
}

/* ---- sending and finalising -------------------------------------------------------- */

/* The form of a step that takes one date: send, finalise. */
static void date_step_form(struct req *r, const struct pc_version *v, const char *field, const char *title,
                           const char *label, const char *hint, const char *intro, const char *button,
                           const struct errs *err)
{
	char name[256];
	child_name(r, v->person_id, name, sizeof name, NULL, 0);
	if (err && err->n)
		r->status = 422;
	page_begin_err(r, title, err);
	page_back_link(r, link_plan_version(v->id).s);
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, err);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, name);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1><p class=\"govuk-body\">");
	html_text(b, intro);
	html_lit(b, "</p>");
	form_begin(r, r->path);
	char ver[24];
	snprintf(ver, sizeof ver, "%lld", (long long)v->version);
	form_hidden(r, "version", ver);
	char dk[40], mk[40], yk[40];
	snprintf(dk, sizeof dk, "%s-day", field);
	snprintf(mk, sizeof mk, "%s-month", field);
	snprintf(yk, sizeof yk, "%s-year", field);
	char td[4], tm[4], ty[8];
	int y, m, d;
	date_to_ymd(r->today, &y, &m, &d);
	snprintf(td, sizeof td, "%d", d);
	snprintf(tm, sizeof tm, "%d", m);
	snprintf(ty, sizeof ty, "%d", y);
	int posted = !strcmp(r->method, "POST");
	form_date(r, field, label, hint, posted ? req_param(r, dk) : td, posted ? req_param(r, mk) : tm,
	          posted ? req_param(r, yk) : ty, err);
	form_button(r, button);
	form_end(r);
	html_lit(b, "</div></div>");
	page_end(r);
}

typedef int (*date_step_fn)(db *d, const struct actor *who, int64_t id, int64_t seen, const char *date,
                            const void *arg, struct errs *err);

static int do_send(db *d, const struct actor *who, int64_t id, int64_t seen, const char *date, const void *arg,
                   struct errs *err)
{
	return pc_send(d, who, id, seen, date, err);
}

static int do_finalise(db *d, const struct actor *who, int64_t id, int64_t seen, const char *date, const void *arg,
                       struct errs *err)
{
	return pc_finalise(d, who, id, seen, date, arg, err);
}

static void date_step(struct req *r, const char *field, const char *title, const char *label, const char *hint,
                      const char *intro, const char *button, date_step_fn fn, const void *arg, const char *saved)
{
	struct pc_version v;
	int rc = pc_version_load(r->db, r->ids[0], &v);
	if (rc != ENT_OK) {
		resp_error(r, rc == ENT_NOT_FOUND ? 404 : 500, rc == ENT_NOT_FOUND ? "Page not found" : "Sorry, there is a problem with the service",
		           rc == ENT_NOT_FOUND ? "There is no such version of a plan." : "Try again later.");
		return;
	}
	struct errs err = {0};
	if (!strcmp(r->method, "POST")) {
		long long seen;
		if (req_param_int(r, "version", 1, INT64_MAX, &seen) < 0) {
			pc_version_free(&v);
			resp_error(r, 400, "Bad request", "The form did not say which version of the plan it changes.");
			return;
		}
		day_t day;
		const char *dd, *mm, *yy;   /* the typed parts: the form shows them again from the request */
		form_date_read(r, field, label, &day, &err, &dd, &mm, &yy);
		if (!err.n) {
			char iso[11];
			date_format_iso(day, iso);
			struct actor who;
			req_actor(r, &who);
			rc = fn(r->db, &who, v.id, seen, iso, arg, &err);
			if (rc == ENT_OK) {
				char loc[160];
				snprintf(loc, sizeof loc, "%s?saved=%s", link_plan_version(v.id).s, saved);
				resp_redirect(r, loc);
				pc_version_free(&v);
				return;
			}
			if (rc == ENT_STALE)
				errs_add(&err, field, "Someone else changed this plan after you opened it: check it, then try again");
			else if (rc != ENT_INVALID) {
				pc_version_free(&v);
				resp_error(r, 500, "Sorry, there is a problem with the service", "Nothing has been saved. Try again later.");
				return;
			}
			errs_anchor(&err, field, "-day");
		}
	} else if (v.final_date) {
		errs_add(&err, field, "This version of the plan is final: it cannot change. Start an amendment to change the plan");
		errs_anchor(&err, field, "-day");
	}
	date_step_form(r, &v, field, title, label, hint, intro, button, &err);
	pc_version_free(&v);
}

void h_plan_version_send(struct req *r)
{
	const struct rule *cr = rule_get(R_DRAFT_COMMENT_END);
	char intro[400];
	snprintf(intro, sizeof intro, "Send the draft to the parent or young person. They have %d days to comment on it and "
	         "to ask for a school, college or other setting to be named (%s); the timeline shows when those days end.",
	         cr->amount, cr->citation);
	date_step(r, "sent", "Send the draft to the family", "Date the draft was sent", "For example, 27 3 2026", intro,
	          "Record the draft as sent", do_send, NULL, "sent");
}

void h_plan_version_finalise(struct req *r)
{
	const char *problem;
	const struct prov_terms *terms = terms_of(r, &problem);
	date_step(r, "final", "Finalise the plan", "Date the final plan was issued", "For example, 27 3 2026",
	          "Issue this version as the final plan. From then on it cannot change: the next change is a draft amendment.",
	          "Issue the final plan", do_finalise, terms, "final");
}

/* ---- starting a version ---------------------------------------------------------------- */

static void started(struct req *r, int rc, int64_t id, const struct errs *err)
{
	if (rc == ENT_OK) {
		char loc[160];
		snprintf(loc, sizeof loc, "%s?saved=started", link_plan_version(id).s);
		resp_redirect(r, loc);
	} else if (rc == ENT_INVALID) {
		resp_error(r, 409, "The draft could not be started", err->e[0].msg);
	} else if (rc == ENT_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There is no such plan.");
	} else if (rc == ENT_STALE) {
		resp_error(r, 409, "The draft could not be started", "Someone else started a draft of this plan at the same time.");
	} else {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Nothing has been saved. Try again later.");
	}
}

void h_plan_versions_start(struct req *r)
{
	struct actor who;
	req_actor(r, &who);
	struct errs err = {0};
	int64_t id = 0;
	int rc = pc_version_start(r->db, &who, r->ids[0], 0, &id, &err);
	started(r, rc, id, &err);
}

void h_review_amend(struct req *r)
{
	struct actor who;
	req_actor(r, &who);
	struct errs err = {0};
	int64_t plan_id, person_id, id = 0;
	if (pc_review_of(r->db, r->ids[0], &plan_id, &person_id) < 0 || !plan_id) {
		resp_error(r, 404, "Page not found", "There is no such review.");
		return;
	}
	int rc = pc_version_start(r->db, &who, plan_id, r->ids[0], &id, &err);
	started(r, rc, id, &err);
}

void h_request_draft_plan(struct req *r)
{
	struct actor who;
	req_actor(r, &who);
	struct errs err = {0};
	int64_t plan_id = 0, id = 0;
	int rc = pc_plan_start(r->db, &who, r->ids[0], &plan_id, &id, &err);
	started(r, rc, id, &err);
}

typedef int (*fill_fn)(db *d, const struct actor *who, int64_t version_id, int64_t seen, int *added, struct errs *err);

/* A button that fills a section from what the record holds (K from the
 * advice received, A from the views recorded), then back to the section. */
static void fill_section(struct req *r, fill_fn fn, const char *saved, const char *anchor, const char *what)
{
	long long seen;
	if (req_param_int(r, "version", 1, INT64_MAX, &seen) < 0) {
		resp_error(r, 400, "Bad request", "The form did not say which version of the plan it changes.");
		return;
	}
	struct actor who;
	req_actor(r, &who);
	struct errs err = {0};
	int added = 0;
	int rc = fn(r->db, &who, r->ids[0], seen, &added, &err);
	char title[80];
	snprintf(title, sizeof title, "The %s could not be added", what);
	if (rc == ENT_OK) {
		char loc[160];
		snprintf(loc, sizeof loc, "%s?saved=%s#%s", link_plan_version(r->ids[0]).s, saved, anchor);
		resp_redirect(r, loc);
	} else if (rc == ENT_INVALID) {
		resp_error(r, 409, title, err.e[0].msg);
	} else if (rc == ENT_STALE) {
		resp_error(r, 409, title, "Someone else changed this plan after you opened it: open it again, then try again.");
	} else if (rc == ENT_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There is no such version of a plan.");
	} else {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Nothing has been saved. Try again later.");
	}
}

void h_plan_version_advice(struct req *r)
{
	fill_section(r, pc_fill_advice, "advice", "section-k", "advice");
}

void h_plan_version_views(struct req *r)
{
	fill_section(r, pc_fill_views, "views", "section-a", "views");
}

/* ---- on the Plan tab: each plan's versions ------------------------------------------- */

struct versions_ctx {
	struct req *r;
	int any;
};

static int version_row(void *ctx, const struct pc_version_row *v)
{
	struct versions_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Version", "Sent to the family", "Issued final", ""};
		html_lit(b, "<h4 class=\"govuk-heading-s\">The plan's content</h4>");
		table_begin(r, "Versions of the plan", cols, 4);
		x->any = 1;
	}
	char label[64];
	snprintf(label, sizeof label, "%lld. %s", (long long)v->seq, pc_version_kind(v->amendment, *v->final_date != 0));
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, label);
	td_date(r, v->sent_date, "—");
	td_date(r, v->final_date, "—");
	html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_plan_version(v->id).s);
	html_lit(b, "\">Open<span class=\"govuk-visually-hidden\"> ");
	html_text(b, label);
	html_lit(b, "</span></a> <a class=\"govuk-link\" href=\"");
	html_attr(b, link_plan_version_part(v->id, "pdf").s);
	html_lit(b, "\">PDF<span class=\"govuk-visually-hidden\"> of ");
	html_text(b, label);
	html_lit(b, "</span></a></td></tr>");
	return 0;
}

void plan_content_block(struct req *r, int64_t plan_id, const char *status, int editor)
{
	struct versions_ctx x = {r, 0};
	pc_versions_each(r->db, plan_id, version_row, &x);
	if (x.any)
		table_end(r);
	int64_t draft = 0, final = 0;
	if (pc_plan_current(r->db, plan_id, &draft, &final) < 0)
		return;
	html *b = &r->out;
	if (draft && editor) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_plan_version(draft).s);
		html_lit(b, "\">Continue the draft</a></p>");
	} else if (!draft && editor && strcmp(status, "ceased")) {
		form_begin(r, link_plan_part(plan_id, "versions").s);
		html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">");
		html_text(b, final || !strcmp(status, "active") ? "Start a draft amendment" : "Write the draft plan");
		html_lit(b, "</button>");
		form_end(r);
	}
}

/* ---- comparing two versions ---------------------------------------------------------------- */

struct flat_item {
	char section[3], ref[PLAN_REF_MAX];
	char *text;
};

struct flat {
	struct flat_item *v;
	int n, cap, failed;
};

static void flat_add(struct flat *f, const char *section, const char *ref, const char *text)
{
	if (ARRAY_RESERVE(f->v, f->cap, f->n + 1, 32) < 0) {
		f->failed = 1;
		return;
	}
	struct flat_item *it = &f->v[f->n];
	snprintf(it->section, sizeof it->section, "%s", section);
	snprintf(it->ref, sizeof it->ref, "%s", ref);
	it->text = strdup(text);
	if (!it->text)
		f->failed = 1;
	else
		f->n++;
}

static void flat_free(struct flat *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
}

static void part(buf *b, const char *label, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, "%s%s: %s", b->len ? "\n" : "", label, v);
}

/* An item's words after its text, one labelled line each (the item's
 * details in the comparison and in the PDF). */
static void item_details(buf *b, const struct pc_item *it)
{
	if (!strcmp(it->section, "E")) {
		part(b, "Needs it addresses", it->links);
		part(b, "By when", it->timescale);
		part(b, "How progress will be measured", it->measure);
	} else if (pc_section_is_provision(it->section)) {
		part(b, "Who delivers it", it->who);
		part(b, "How often", it->how_often);
		part(b, "For how long", it->how_long);
		part(b, "Group size", it->group_size);
		part(b, "Outcomes it serves", it->links);
	} else if (!strcmp(it->section, "K")) {
		part(b, "From", it->who);
		day_t d;
		char long_date[40];
		if (*it->item_date && date_parse_iso(it->item_date, &d) == 0) {
			date_format_long(d, long_date, sizeof long_date);
			part(b, "Date", long_date);
		}
	}
}

/* "B1 (Communication and interaction): the need", then its details. */
static void item_words(buf *b, const struct pc_item *it)
{
	buf_puts(b, it->ref);
	const char *area = *it->area ? code_label(!strcmp(it->section, "B") ? &codes_need_area : &codes_pfa, it->area) : NULL;
	if (area)
		buf_printf(b, " (%s)", area);
	buf_printf(b, ": %s", it->text);
	item_details(b, it);
}

static int flat_item(void *ctx, const struct pc_item *it)
{
	buf b = BUF_INIT;
	item_words(&b, it);
	flat_add(ctx, it->section, it->ref, b.err ? "" : buf_cstr(&b));
	buf_free(&b);
	return 0;
}

/* A version flattened: A, I and J as items of their own, then the items. */
static int flatten(struct req *r, const struct pc_version *v, struct flat *f)
{
	flat_add(f, "A", "Views", v->a_views ? v->a_views : "");
	flat_add(f, "A", "Interests", v->a_interests ? v->a_interests : "");
	flat_add(f, "A", "Aspirations", v->a_aspirations ? v->a_aspirations : "");
	flat_add(f, "I", "Placement", v->final_date ? (v->i_setting ? v->i_setting : "") : "(blank in a draft)");
	char j[80];
	snprintf(j, sizeof j, "Requested: %s; direct payments: %s; amount: %lld", v->j_requested ? "yes" : "no",
	         v->j_direct_payments ? "yes" : "no", v->j_amount < 0 ? 0 : v->j_amount);
	buf jb = BUF_INIT;
	buf_puts(&jb, j);
	part(&jb, "Arrangements", v->j_arrangements);
	flat_add(f, "J", "Personal budget", jb.err ? "" : buf_cstr(&jb));
	buf_free(&jb);
	if (pc_items_each(r->db, v->id, NULL, flat_item, f) < 0)
		return -1;
	return f->failed ? -1 : 0;
}

static const struct flat_item *flat_find(const struct flat *f, const char *section, const char *ref)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].section, section) && !strcmp(f->v[i].ref, ref))
			return &f->v[i];
	return NULL;
}

struct version_opts {
	struct option o[64];
	char labels[64][48], values[64][24];
	int n;
	int64_t newest, previous;
};

static int version_opt(void *ctx, const struct pc_version_row *v)
{
	struct version_opts *x = ctx;
	if (x->n == 64)
		return 1;
	if (x->n == 0)
		x->newest = v->id;
	else if (x->n == 1)
		x->previous = v->id;
	snprintf(x->values[x->n], sizeof x->values[0], "%lld", (long long)v->id);
	snprintf(x->labels[x->n], sizeof x->labels[0], "%lld. %s", (long long)v->seq,
	         pc_version_kind(v->amendment, *v->final_date != 0));
	x->o[x->n].value = x->values[x->n];
	x->o[x->n].label = x->labels[x->n];
	x->n++;
	return 0;
}

void h_plan_compare(struct req *r)
{
	int64_t plan_id = r->ids[0];
	struct version_opts vo = {0};
	if (pc_versions_each(r->db, plan_id, version_opt, &vo) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	if (!vo.n) {
		resp_error(r, 404, "Page not found", "This plan has no versions to compare.");
		return;
	}
	long long a = vo.previous ? vo.previous : vo.newest, bb = vo.newest;
	struct errs err = {0};
	if (req_param(r, "a") && req_param_int(r, "a", 1, INT64_MAX, &a) < 0)
		errs_add(&err, "a", "Select the first version from the list");
	if (req_param(r, "b") && req_param_int(r, "b", 1, INT64_MAX, &bb) < 0)
		errs_add(&err, "b", "Select the second version from the list");
	struct pc_version va, vb;
	int ra = pc_version_load(r->db, a, &va), rb = pc_version_load(r->db, bb, &vb);
	if (!err.n && (ra != ENT_OK || va.plan_id != plan_id))
		errs_add(&err, "a", "Select the first version from the list");
	if (!err.n && (rb != ENT_OK || vb.plan_id != plan_id))
		errs_add(&err, "b", "Select the second version from the list");
	int64_t person_id = ra == ENT_OK ? va.person_id : rb == ENT_OK ? vb.person_id : 0;
	if (!person_id) {
		/* the plan's child, for the page even when both choices are wrong */
		struct pc_version any;
		if (pc_version_load(r->db, vo.newest, &any) == ENT_OK)
			person_id = any.person_id;
		pc_version_free(&any);
	}
	char name[256] = "";
	child_name(r, person_id, name, sizeof name, NULL, 0);
	req_audit(r, "view", "plans", plan_id, person_id, "compare", NULL);
	if (err.n)
		r->status = 422;
	char title[320];
	snprintf(title, sizeof title, "Compare versions of the plan: %s", name);
	page_begin_err(r, title, &err);
	page_back_link(r, link_person_tab(person_id, "/plan").s);
	html *b = &r->out;
	page_error_summary(r, &err);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, name);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">Compare versions of the plan</h1>");
	form_begin_get(r, r->path, NULL);
	char sa[24], sb[24];
	snprintf(sa, sizeof sa, "%lld", a);
	snprintf(sb, sizeof sb, "%lld", bb);
	form_select(r, "a", "First version", NULL, vo.o, (size_t)vo.n, req_param_or(r, "a", sa), NULL, &err);
	form_select(r, "b", "Second version", NULL, vo.o, (size_t)vo.n, req_param_or(r, "b", sb), NULL, &err);
	form_button(r, "Compare");
	form_end(r);
	if (!err.n) {
		struct flat fa = {0}, fb = {0};
		if (flatten(r, &va, &fa) < 0 || flatten(r, &vb, &fb) < 0) {
			html_fail(b);
		} else {
			char ha[96], hb[96];
			version_title(&va, ha, sizeof ha);
			version_title(&vb, hb, sizeof hb);
			for (size_t s = 0; s < NSECTIONS; s++) {
				const char *sec = all_sections[s];
				char id[16];
				lower_id(sec, id);
				html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"");
				html_attr(b, id);
				html_lit(b, "\">Section ");
				html_text(b, sec);
				html_lit(b, ": ");
				html_text(b, plan_section_title(sec));
				html_lit(b, "</h2>");
				const char *cols[] = {"Item", ha, hb, "Change"};
				char caption[40];
				snprintf(caption, sizeof caption, "Section %s", sec);
				table_begin(r, caption, cols, 4);
				int rows = 0;
				/* every item of either version, in the first's order, then the second's new ones */
				for (int pass = 0; pass < 2; pass++) {
					const struct flat *from = pass ? &fb : &fa, *other = pass ? &fa : &fb;
					for (int i = 0; i < from->n; i++) {
						const struct flat_item *it = &from->v[i];
						if (strcmp(it->section, sec))
							continue;
						const struct flat_item *o = flat_find(other, sec, it->ref);
						if (pass && o)
							continue;
						const struct flat_item *x1 = pass ? NULL : it, *x2 = pass ? it : o;
						const char *change = !x1 ? "Added" : !x2 ? "Removed" : strcmp(x1->text, x2->text) ? "Changed" : "No change";
						html_lit(b, "<tr class=\"govuk-table__row\" data-change=\"");
						html_attr(b, change);
						html_lit(b, "\">");
						td_text(r, it->ref);
						html_lit(b, "<td class=\"govuk-table__cell app-pre-wrap\">");
						html_text(b, x1 && *x1->text ? x1->text : "—");
						html_lit(b, "</td><td class=\"govuk-table__cell app-pre-wrap\">");
						html_text(b, x2 && *x2->text ? x2->text : "—");
						html_lit(b, "</td>");
						if (!strcmp(change, "No change"))
							td_text(r, change);
						else {
							html_lit(b, "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--");
							html_text(b, !strcmp(change, "Added") ? "green" : !strcmp(change, "Removed") ? "red" : "yellow");
							html_lit(b, "\">");
							html_text(b, change);
							html_lit(b, "</strong></td>");
						}
						html_lit(b, "</tr>");
						rows++;
					}
				}
				if (!rows)
					html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"4\">Nothing in this section in either version</td></tr>");
				table_end(r);
			}
		}
		flat_free(&fa);
		flat_free(&fb);
	}
	if (ra == ENT_OK)
		pc_version_free(&va);
	if (rb == ENT_OK)
		pc_version_free(&vb);
	page_end(r);
}

/* ---- the plan as a PDF ---------------------------------------------------------------------- */

struct pdf_ctx {
	struct letter_block *v;
	int n, cap, failed;
	char **owned;
	int nowned, capowned;
};

static void pdf_add(struct pdf_ctx *x, enum letter_block_kind kind, const char *text)
{
	if (x->failed)
		return;
	if (ARRAY_RESERVE(x->v, x->cap, x->n + 1, 64) < 0 || ARRAY_RESERVE(x->owned, x->capowned, x->nowned + 1, 64) < 0) {
		x->failed = 1;
		return;
	}
	char *t = strdup(text);
	if (!t) {
		x->failed = 1;
		return;
	}
	x->owned[x->nowned++] = t;
	x->v[x->n].kind = kind;
	x->v[x->n++].text = t;
}

static int pdf_item(void *ctx, const struct pc_item *it)
{
	buf b = BUF_INIT;
	item_words(&b, it);
	pdf_add(ctx, LB_PARA, b.err ? "" : buf_cstr(&b));
	buf_free(&b);
	return 0;
}

void h_plan_version_pdf(struct req *r)
{
	struct pc_version v;
	int rc = pc_version_load(r->db, r->ids[0], &v);
	if (rc != ENT_OK) {
		resp_error(r, rc == ENT_NOT_FOUND ? 404 : 500, rc == ENT_NOT_FOUND ? "Page not found" : "Sorry, there is a problem with the service",
		           rc == ENT_NOT_FOUND ? "There is no such version of a plan." : "Try again later.");
		return;
	}
	char name[256], dob[16] = "", ref[24], heading[96], title[400], legal[600], date_text[64] = "";
	child_name(r, v.person_id, name, sizeof name, dob, sizeof dob);
	case_ref(v.person_id, ref, sizeof ref);
	version_title(&v, heading, sizeof heading);
	snprintf(title, sizeof title, "Education, Health and Care plan: %s", name);
	day_t d;
	if (v.final_date && date_parse_iso(v.final_date, &d) == 0)
		date_format_long(d, date_text, sizeof date_text);
	else
		snprintf(date_text, sizeof date_text, "DRAFT: not yet final");
	char born[40] = "";
	if (date_parse_iso(dob, &d) == 0)
		date_format_long(d, born, sizeof born);
	snprintf(legal, sizeof legal, "EHC plan for %s, born %s (%s). %s. Children and Families Act 2014 s.37; "
	         "SEND Regulations 2014 reg 12", name, born, ref, heading);
	struct pdf_ctx x = {0};
	char line[512];
	snprintf(line, sizeof line, "Name: %s\nDate of birth: %s\nReference: %s\nThis version: %s", name, born, ref, heading);
	pdf_add(&x, LB_PARA, line);
	for (size_t i = 0; i < NSECTIONS; i++) {
		const char *sec = all_sections[i];
		snprintf(line, sizeof line, "Section %s: %s", sec, plan_section_title(sec));
		pdf_add(&x, LB_HEADING, line);
		if (!strcmp(sec, "A")) {
			buf a = BUF_INIT;
			part(&a, "Their views", v.a_views);
			part(&a, "Their interests", v.a_interests);
			part(&a, "Their aspirations", v.a_aspirations);
			pdf_add(&x, LB_PARA, a.len && !a.err ? buf_cstr(&a) : "None recorded.");
			buf_free(&a);
		} else if (!strcmp(sec, "I")) {
			pdf_add(&x, LB_PARA, v.final_date ? (v.i_setting && *v.i_setting ? v.i_setting : "No setting was named.")
			                                  : "Left blank in a draft (Children and Families Act 2014 s.38(5)).");
		} else if (!strcmp(sec, "J")) {
			buf j = BUF_INIT;
			buf_printf(&j, "A personal budget was %srequested.", v.j_requested ? "" : "not ");
			if (v.j_requested && v.j_amount >= 0)
				buf_printf(&j, "\nAmount: £%lld a year.", v.j_amount);
			if (v.j_requested)
				buf_printf(&j, "\nDirect payments: %s.", v.j_direct_payments ? "yes" : "no");
			part(&j, "Arrangements", v.j_arrangements);
			pdf_add(&x, LB_PARA, j.err ? "" : buf_cstr(&j));
			buf_free(&j);
		} else {
			int before = x.n;
			pc_items_each(r->db, v.id, sec, pdf_item, &x);
			if (x.n == before)
				pdf_add(&x, LB_PARA, "None.");
		}
	}
	char addr[256];
	snprintf(addr, sizeof addr, "%s", r->cfg->la_address);
	for (char *p = addr; *p; p++)
		if (*p == '|')
			*p = '\n';
	struct letter_doc doc = {r->cfg->la_name, addr, date_text, ref, title, x.v, x.n, legal, NULL};
	char err[200], fname[64];
	snprintf(fname, sizeof fname, "ehc-plan-%s-v%lld.pdf", ref, (long long)v.seq);
	buf *pdf = resp_body(r, "application/pdf", fname);
	if (x.failed || letter_pdf(&doc, pdf, err, sizeof err) < 0) {
		fprintf(stderr, "plan: pdf failed version=%lld: %s\n", (long long)v.id, x.failed ? "out of memory" : err);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The PDF could not be made.");
	} else {
		req_audit(r, "download", "plan-versions", v.id, v.person_id, NULL, NULL);
	}
	for (int i = 0; i < x.nowned; i++)
		free(x.owned[i]);
	free(x.owned);
	free(x.v);
	pc_version_free(&v);
}

/* ---- an annual review's progress per outcome ----------------------------------------------- */

struct prog_ctx {
	struct req *r;
	const struct errs *err;
	int posted, n;
	char refs[64][PLAN_REF_MAX];
};

static const struct option progress_opts[] = {
	{"achieved", "Achieved"}, {"progressing", "Progressing"}, {"not_progressing", "Not progressing"},
};

static int prog_collect(void *ctx, const struct pc_progress *p)
{
	struct prog_ctx *x = ctx;
	if (x->n == 64)
		return 1;
	snprintf(x->refs[x->n++], PLAN_REF_MAX, "%s", p->ref);
	return 0;
}

static int prog_row(void *ctx, const struct pc_progress *p)
{
	struct prog_ctx *x = ctx;
	struct req *r = x->r;
	char pk[40], ek[40], legend[5200];
	snprintf(pk, sizeof pk, "progress-%s", p->ref);
	snprintf(ek, sizeof ek, "evidence-%s", p->ref);
	snprintf(legend, sizeof legend, "%s: %s", p->ref, p->outcome);
	const char *pv = x->posted ? req_param(r, pk) : p->progress;
	const char *ev = x->posted ? req_param(r, ek) : p->evidence;
	form_radios(r, pk, legend, NULL, progress_opts, 3, pv, x->err);
	char label[64];
	snprintf(label, sizeof label, "Evidence for %s", p->ref);
	form_textarea(r, ek, label, "What shows the progress: observations, assessments, the views of the child and family",
	              ev, x->err);
	return 0;
}

void h_review_progress(struct req *r)
{
	int64_t plan_id, person_id;
	if (pc_review_of(r->db, r->ids[0], &plan_id, &person_id) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	if (!plan_id) {
		resp_error(r, 404, "Page not found", "There is no such review.");
		return;
	}
	struct errs err = {0};
	struct prog_ctx x = {r, &err, 0, 0, {{0}}};
	int has_final = pc_review_progress_each(r->db, r->ids[0], prog_collect, &x);
	if (has_final < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Try again later.");
		return;
	}
	if (!strcmp(r->method, "POST") && has_final == 0) {
		const char *prog[64], *evid[64], *refs[64];
		for (int i = 0; i < x.n; i++) {
			char pk[40], ek[40];
			snprintf(pk, sizeof pk, "progress-%s", x.refs[i]);
			snprintf(ek, sizeof ek, "evidence-%s", x.refs[i]);
			refs[i] = x.refs[i];
			prog[i] = req_param_or(r, pk, "");
			evid[i] = req_param_or(r, ek, "");
		}
		struct actor who;
		req_actor(r, &who);
		int rc = pc_review_progress_save(r->db, &who, r->ids[0], x.n, refs, prog, evid, &err);
		if (rc == ENT_OK) {
			char loc[160];
			snprintf(loc, sizeof loc, "%s?saved=progress", link_person_tab(person_id, "/plan").s);
			resp_redirect(r, loc);
			return;
		}
		if (rc != ENT_INVALID) {
			resp_error(r, 500, "Sorry, there is a problem with the service", "Nothing has been saved. Try again later.");
			return;
		}
		x.posted = 1;
		r->status = 422;
	} else {
		req_audit(r, "view", "reviews", r->ids[0], person_id, "progress", NULL);
	}
	char name[256] = "";
	child_name(r, person_id, name, sizeof name, NULL, 0);
	char title[320];
	snprintf(title, sizeof title, "Progress towards the outcomes: %s", name);
	page_begin_err(r, title, &err);
	page_back_link(r, link_person_tab(person_id, "/plan").s);
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &err);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, name);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">Progress towards the outcomes</h1>");
	if (has_final == 1) {
		html_lit(b, "<p class=\"govuk-body\">The plan has no final version issued before this review's meeting, so "
		            "there are no outcomes in sendmis to review. Record the plan's content first.</p>");
	} else if (!x.n) {
		html_lit(b, "<p class=\"govuk-body\">The plan reviewed has no outcomes in section E.</p>");
	} else {
		html_lit(b, "<p class=\"govuk-body\">For each outcome of the plan reviewed, say how far it has been met, and "
		            "what shows it.</p>");
		form_begin(r, r->path);
		pc_review_progress_each(r->db, r->ids[0], prog_row, &x);
		form_button(r, "Save progress");
		form_end(r);
	}
	if (req_may(r, "POST", "/reviews/#/amend")) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Amending the plan</h2><p class=\"govuk-body\">If the review proposes "
		            "amendments, start the draft amendment: it begins as a copy of the final plan.</p>");
		form_begin(r, link_review_part(r->ids[0], "amend").s);
		html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
		            "Start the draft amendment</button>");
		form_end(r);
	}
	html_lit(b, "</div></div>");
	page_end(r);
}
