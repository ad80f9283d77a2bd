/* pages_letters.c — statutory letters: a child's letters, generating one,
 * showing it and downloading it as PDF.
 *
 * DESIGN: letters are generated from the record, kept, and shown as HTML
 * (letter_html, also the templates' preview) or downloaded as PDF from the
 * same stored blocks.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/change.h"
#include "domain/family.h"
#include "domain/letters.h"
#include "render/letter.h"
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void letter_html(html *b, const char *la_name, const char *la_address, json_t *j)
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
	html_lit(b, "</p>");
	json_t *to = json_object_get(j, "to");
	if (json_array_size(to)) {   /* the recipient's name and address */
		html_lit(b, "<p class=\"govuk-body\" data-recipient>");
		size_t k;
		json_t *line;
		json_array_foreach(to, k, line) {
			if (k)
				html_lit(b, "<br>");
			html_text(b, json_string_value(line));
		}
		html_lit(b, "</p>");
	}
	html_lit(b, "<p class=\"govuk-body\">Our reference: ");
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
		static const char *const cols[] = {"Letter", "To", "Generated", "By", ""};
		table_begin(r, "Letters", cols, 5);
		x->any = 1;
	}
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/letters/");
	html_int(b, l->id);
	html_lit(b, "\">");
	html_text(b, l->title);
	html_lit(b, "</a></td>");
	td_text(r, *l->recipient ? l->recipient : "Parent or carer (no contact named)");
	html_lit(b, "<td class=\"govuk-table__cell\">");
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

struct names_ctx {
	struct req *r;
	int n;
};

static int recipient_item(void *ctx, const struct kin_row *k)
{
	struct names_ctx *x = ctx;
	html *b = &x->r->out;
	if (!x->n++)
		html_lit(b, "<ul class=\"govuk-list govuk-list--bullet\" data-recipients>");
	html_lit(b, "<li>");
	html_text(b, k->name);
	if (*k->language && strcmp(k->language, "en") != 0) {
		html_lit(b, " (");
		html_text(b, code_or(&codes_language, k->language, k->language));
		html_lit(b, ": in that language where a translation of the letter is held, otherwise in English)");
	}
	html_lit(b, "</li>");
	return 0;
}

/* Whom a letter to the family will be made for: each contact marked to receive letters, or,
 * when nobody is, "parent or carer of …" with no address, as before contacts were held. */
static void letter_recipients_note(struct req *r, int64_t pid)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-inset-text\">");
	struct names_ctx x = {r, 0};
	if (kin_letter_recipients_each(r->db, pid, recipient_item, &x) < 0 && !x.n) {
		html_lit(b, "<p class=\"govuk-body\">The family's contacts could not be read.</p></div>");
		return;
	}
	if (x.n) {
		html_lit(b, "</ul><p class=\"govuk-body\">A letter to the family is made for each of the contacts above, "
		            "marked to receive letters: one letter each, opening with their name, with their address block.</p>");
	} else {
		html_lit(b, "<p class=\"govuk-body\" data-no-recipients>Nobody on the family tab is marked to receive letters, "
		            "so a letter to the family will open \"Dear parent or carer of …\" with no address block.</p>");
	}
	html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person_tab(pid, "/family").s);
	html_lit(b, "\">Change who receives letters on the Family and views tab</a></p>"
	            "<p class=\"govuk-body\">An advice request goes to the professional asked, not to the family.</p></div>");
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
	buf_puts(&back, link_person_tab(pid, "/timeline").s);
	page_back_link(r, buf_cstr(&back));
	buf_free(&back);
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	letter_recipients_note(r, pid);
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

/* A copy of the same letter made for another recipient at the same time. */
static int letter_copy(void *ctx, const struct letter_row *l)
{
	struct letters_ctx *x = ctx;
	html *b = &x->r->out;
	if (!x->any++)
		html_lit(b, "<p class=\"govuk-body\">Copies made at the same time for the other recipients:</p>"
		            "<ul class=\"govuk-list\" data-copies>");
	html_lit(b, "<li><a class=\"govuk-link\" href=\"/letters/");
	html_int(b, l->id);
	html_lit(b, "\">");
	html_text(b, *l->recipient ? l->recipient : l->title);
	html_lit(b, "</a></li>");
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
	buf_puts(&back, link_person_tab(l.person_id, "/timeline").s);
	page_back_link(r, buf_cstr(&back));
	buf_free(&back);
	html_lit(b, "<span class=\"govuk-caption-l\">Letter generated ");
	html_instant(b, l.generated_at);
	html_lit(b, " by ");
	html_text(b, l.generated_by);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1>");
	if (*l.recipient) {
		html_lit(b, "<p class=\"govuk-body\">To ");
		html_text(b, l.recipient);
		html_lit(b, "</p>");
	}
	struct letters_ctx copies = {r, 0};
	letter_copies_each(r->db, &l, letter_copy, &copies);
	if (copies.any)
		html_lit(b, "</ul>");
	html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/letters/");
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
	/* the recipient's address block: its lines, one a line */
	buf to = BUF_INIT;
	json_t *line;
	json_array_foreach(json_object_get(j, "to"), i, line) {
		if (i)
			buf_putc(&to, '\n');
		buf_puts(&to, json_string_value(line) ? json_string_value(line) : "");
	}
	struct letter_doc doc = {r->cfg->la_name, addr, json_string_value(json_object_get(j, "date")),
	                         json_string_value(json_object_get(j, "case_ref")),
	                         json_string_value(json_object_get(j, "title")), lb, (int)n,
	                         json_string_value(json_object_get(j, "legal")), to.len ? buf_cstr(&to) : NULL};
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
	buf_free(&to);
	json_decref(j);
	free(l.json);
}
