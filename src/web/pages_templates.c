/* pages_templates.c — the email and letter templates, each previewed with
 * sample values.
 *
 * DESIGN: a preview renders its template through the same code that
 * renders real notices and letters (letter_html, pages_letters.c).
 */
#include "web/pages.h"
#include "web/page.h"
#include "domain/letters.h"
#include "domain/templates.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

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
