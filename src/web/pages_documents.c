/* pages_documents.c — the Documents tab of a child's record, uploading,
 * downloading and removing a document, and advice's document.
 *
 * DESIGN: the file comes in as bytes beside the form's fields (RF_DOCUMENT:
 * r->upload, kept up to document_max_kib by the server); its metadata is
 * parsed by the entity engine (ent_document) so its errors read as every
 * other form's, and the file's own (none chosen, empty, too large, not a
 * kind kept) come from the domain, which found them from the bytes.  A
 * refused upload shows the form again with the error summary and the
 * fields as typed (a browser never lets a page fill in a file).  Changing
 * a document's metadata is the generic form (forms.c, ent_document).  A
 * download is audited before a byte is sent and always goes as an
 * attachment of the type found in the bytes (resp_file: a sandboxing
 * Content-Security-Policy, nosniff).
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/change.h"
#include "domain/documents.h"
#include "domain/entity.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *get_param(void *ctx, const char *name)
{
	return req_param((struct req *)ctx, name);
}

static void redirect_to(struct req *r, const char *path, const char *query)
{
	buf loc = BUF_INIT;
	buf_puts(&loc, path);
	buf_puts(&loc, query);
	resp_redirect(r, buf_cstr(&loc));
	buf_free(&loc);
}

static void sorry(struct req *r, const char *what)
{
	resp_error(r, 500, "Sorry, there is a problem with the service", what);
}

/* ---- the upload form ------------------------------------------------------------------------------ */

/* The GOV.UK file upload component, named "file". */
static void file_input(struct req *r, const char *label, const struct errs *e)
{
	html *b = &r->out;
	const char *ferr = errs_for(e, "file");
	if (ferr)
		html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
	else
		html_lit(b, "<div class=\"govuk-form-group\">");
	html_lit(b, "<label class=\"govuk-label govuk-label--s\" for=\"file\">");
	html_text(b, label);
	html_lit(b, "</label><div id=\"file-hint\" class=\"govuk-hint\">");
	char hint[200], lim[32];
	document_size_text((int64_t)r->cfg->document_max_kib * 1024, lim, sizeof lim);
	snprintf(hint, sizeof hint, "A %s file, smaller than %s", document_kinds_text, lim);
	html_text(b, hint);
	html_lit(b, "</div>");
	if (ferr) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"file-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, ferr);
		html_lit(b, "</p>");
	}
	if (ferr)
		html_lit(b, "<input class=\"govuk-file-upload govuk-file-upload--error\"");
	else
		html_lit(b, "<input class=\"govuk-file-upload\"");
	html_lit(b, " id=\"file\" name=\"file\" type=\"file\" accept=\".pdf,.docx,.odt,.rtf,.txt,.jpg,.jpeg,.png\" aria-describedby=\"file-hint");
	if (ferr)
		html_lit(b, " file-error");
	html_lit(b, "\"></div>");
}

/* The metadata's fields (ent_document), as typed or as stored. */
static void meta_fields(struct req *r, const struct record *rec, const struct errs *e)
{
	const struct entity *en = &ent_document;
	for (int i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		const char *val = rec->typed[i][0] ? rec->typed[i][0] : rec->v[i];
		if (f->type == FT_DATE)
			form_date(r, f->name, f->label, f->hint, rec->typed[i][0], rec->typed[i][1], rec->typed[i][2], e);
		else if (f->type == FT_CODE)
			form_select_codes(r, f->name, f->label, f->hint, f->codes, val, "Select…", e);
		else if (f->type == FT_TEXTAREA)
			form_textarea(r, f->name, f->label, f->hint, val, e);
		else
			form_text(r, f->name, f->label, f->hint, val, e, NULL);
	}
}

/* The whole upload form, posting to action; extra hidden fields from `version` when given. */
static void upload_form(struct req *r, const char *action, const struct record *rec, const struct errs *e,
                        const char *version, const char *button)
{
	html *b = &r->out;
	html_lit(b, "<form method=\"post\" action=\"");
	html_attr(b, action);
	html_lit(b, "\" enctype=\"multipart/form-data\" novalidate>");
	form_hidden(r, "csrf", r->csrf);
	if (version)
		form_hidden(r, "version", version);
	file_input(r, "File", e);
	meta_fields(r, rec, e);
	form_button(r, button);
	form_end(r);
}

/* The file as the server kept it. */
static void file_of(struct req *r, struct document_file *f)
{
	f->name = r->upload.filename;
	f->bytes = r->upload.bytes;
	f->len = r->upload.len;
	f->over_limit = r->upload.too_large;
	f->limit = (size_t)r->cfg->document_max_kib * 1024;
}

/* Checks the file and parses the metadata, so every problem is shown at
 * once (the file's first, as on the form).  0 when all is well, 1 with the
 * problems in e, -1 when the file could not be examined. */
static int read_upload(struct req *r, struct record *rec, struct document_file *f, struct errs *e)
{
	file_of(r, f);
	char type[DOC_TYPE_BYTES];
	if (document_check_file(f, "file", type, sizeof type, e) < 0)
		return -1;
	entity_parse(r->db, &ent_document, rec, get_param, r, r->today, e);
	return e->n ? 1 : 0;
}

/* The upload, checked and added to person_id's record (with advice_id, at
 * advice_version, given it): DOC_OK, DOC_REFUSED (the problems in e, the
 * fields as typed in rec), DOC_STALE, DOC_NOT_FOUND or DOC_ERROR. */
static int upload_add(struct req *r, struct record *rec, struct errs *e, int64_t person_id, int64_t advice_id,
                      int64_t advice_version)
{
	struct document_file f;
	int rc = read_upload(r, rec, &f, e);
	if (rc)
		return rc > 0 ? DOC_REFUSED : DOC_ERROR;
	struct actor who;
	req_actor(r, &who);
	int64_t id;
	return document_add(r->db, &who, person_id, rec, &f, advice_id, advice_version, &id, e);
}

/* ---- adding a document to a child's record ---------------------------------------------------------- */

static void new_page(struct req *r, int64_t pid, const struct record *rec, const struct errs *e)
{
	if (e && e->n)
		r->status = 422;
	page_begin_err(r, "Add a document", e);
	page_back_link(r, link_person_tab(pid, "/documents").s);
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">Add a document</h1>");
	upload_form(r, link_person_new_child(pid, "documents").s, rec, e, NULL, "Upload the document");
	html_lit(&r->out, "</div></div>");
	page_end(r);
}

void h_document_new(struct req *r)
{
	int64_t pid = r->ids[0];
	if (entity_parent_person(r->db, &ent_document, pid) != pid) {
		resp_error(r, 404, "Page not found", "There is no child or young person with this number.");
		return;
	}
	struct record rec = {0};
	struct errs e = {0};
	if (strcmp(r->method, "POST") != 0) {
		new_page(r, pid, &rec, NULL);
		return;
	}
	int rc = upload_add(r, &rec, &e, pid, 0, 0);
	if (rc == DOC_OK)
		redirect_to(r, link_person_tab(pid, "/documents").s, "?saved=documents");
	else if (rc == DOC_REFUSED)
		new_page(r, pid, &rec, &e);
	else
		sorry(r, "The document has not been added. Try again later.");
	record_free(&rec);
}

/* ---- the Documents tab --------------------------------------------------------------------------------- */

struct tab_ctx {
	struct req *r;
	int editor, any;
};

static int document_row(void *ctx, const struct document_row *d)
{
	struct tab_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Type", "Date", "Author", "File", "Size", "Uploaded by", ""};
		table_begin(r, "The child or young person's documents, newest first", cols, x->editor ? 7 : 6);
	}
	x->any = 1;
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, code_or(&codes_document_type, d->doc_type, d->doc_type));
	td_date(r, d->doc_date, "");
	td_text(r, d->author);
	html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_document(d->id).s);
	html_lit(b, "\">");
	html_text(b, d->file_name);
	html_lit(b, "</a>");
	if (*d->note) {
		html_lit(b, "<br><span class=\"govuk-body-s\">");
		html_text(b, d->note);
		html_lit(b, "</span>");
	}
	html_lit(b, "</td>");
	char size[32];
	document_size_text(d->size, size, sizeof size);
	td_text(r, size);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	html_text(b, *d->uploaded_by ? d->uploaded_by : "sendmis");
	html_lit(b, "<br><span class=\"govuk-body-s\">");
	html_instant(b, d->uploaded_at);
	html_lit(b, "</span></td>");
	if (x->editor) {
		html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit("documents", d->id).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> ");
		html_text(b, d->file_name);
		html_lit(b, "</span></a> <a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_delete("documents", d->id).s);
		html_lit(b, "\">Remove<span class=\"govuk-visually-hidden\"> ");
		html_text(b, d->file_name);
		html_lit(b, "</span></a></td>");
	}
	html_lit(b, "</tr>");
	return 0;
}

static int advice_row(void *ctx, const struct advice_document *a)
{
	struct tab_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (!x->any) {
		static const char *const cols[] = {"Advice from", "Received", "Document", "Date", "Author", ""};
		table_begin(r, "Advice and information received, and its document", cols, x->editor ? 6 : 5);
	}
	x->any = 1;
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, a->service);
	td_date(r, a->received, "");
	if (a->document_id) {
		html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_document(a->document_id).s);
		html_lit(b, "\">");
		html_text(b, a->file_name);
		html_lit(b, "</a></td>");
	} else {
		td_text(r, "None attached");
	}
	td_date(r, a->doc_date, "");
	td_text(r, a->author);
	if (x->editor) {
		html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_advice_document(a->advice_id).s);
		if (a->document_id)
			html_lit(b, "\">Change document");
		else
			html_lit(b, "\">Attach a document");
		html_lit(b, "<span class=\"govuk-visually-hidden\"> for the advice from ");
		html_text(b, a->service);
		html_lit(b, "</span></a></td>");
	}
	html_lit(b, "</tr>");
	return 0;
}

/* After a table's rows (rc: what listing them returned): its end, or `none`
 * when it had no rows; -1 with the error page when they could not be read. */
static int table_or_none(struct req *r, int rc, const struct tab_ctx *x, const char *none)
{
	if (rc < 0) {
		sorry(r, "The documents could not be read.");
		return -1;
	}
	if (x->any)
		table_end(r);
	else {
		html_lit(&r->out, "<p class=\"govuk-body\">");
		html_text(&r->out, none);
		html_lit(&r->out, "</p>");
	}
	return 0;
}

void h_person_documents(struct req *r)
{
	struct record p;
	if (person_page_begin(r, "documents", &p) < 0)
		return;
	int64_t pid = r->ids[0];
	html *b = &r->out;
	int uploader = req_may(r, "POST", "/people/#/documents/new");
	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"documents\">Documents</h2>");
	struct tab_ctx x = {r, req_may(r, "GET", "/documents/#/edit"), 0};
	if (table_or_none(r, documents_each(r->db, pid, NULL, document_row, &x), &x, "No documents yet.") < 0)
		goto out;
	html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"advice\">Advice and information received</h2>"
	            "<p class=\"govuk-body\">The advice received for this child or young person's assessments and reviews, "
	            "and the document each came as: the EHC plan's section K lists them.</p>");
	struct tab_ctx ax = {r, req_may(r, "GET", "/advice/#/document"), 0};
	if (table_or_none(r, advice_documents_each(r->db, pid, advice_row, &ax), &ax, "No advice received yet.") < 0)
		goto out;
	if (uploader) {
		html_lit(b, "<h2 class=\"govuk-heading-m govuk-!-margin-top-8\" id=\"add\">Add a document</h2>"
		            "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
		struct record rec = {0};
		upload_form(r, link_person_new_child(pid, "documents").s, &rec, NULL, NULL, "Upload the document");
		html_lit(b, "</div></div>");
	}
	page_end(r);
out:
	record_free(&p);
}

/* ---- downloading ------------------------------------------------------------------------------------------ */

static int send_bytes(void *ctx, const struct document_row *d, const void *bytes, size_t len)
{
	struct req *r = ctx;
	/* the audit row first: nothing is sent that is not audited */
	char sent[120];   /* which bytes were sent: their checksum */
	snprintf(sent, sizeof sent, "{\"sha256\":\"%.64s\"}", d->sha256);
	if (req_audit(r, "download", "documents", d->id, d->person_id, NULL, sent) < 0)
		return -1;
	char name[DOC_NAME_BYTES + 16];
	document_download_name(d->file_name, d->content_type, name, sizeof name);
	buf *out = resp_file(r, document_type_kept(d->content_type), name);
	buf_add(out, bytes, len);
	return out->err ? -1 : 0;
}

void h_document_download(struct req *r)
{
	int rc = document_read(r->db, r->ids[0], send_bytes, r);
	if (rc > 0)
		resp_error(r, 404, "Page not found", "There is no such document. It may have been removed.");
	else if (rc < 0)
		sorry(r, "The document could not be read.");
}

/* ---- removing ------------------------------------------------------------------------------------------------ */

static int summary_of(void *ctx, const struct document_row *d)
{
	struct req *r = ctx;
	char size[32];
	summary_begin(r);
	summary_row(r, "Type of document", code_or(&codes_document_type, d->doc_type, d->doc_type));
	summary_row_date(r, "Date of the document", d->doc_date);
	summary_row(r, "Author", *d->author ? d->author : "Not recorded");
	summary_row(r, "File", d->file_name);
	document_size_text(d->size, size, sizeof size);
	summary_row(r, "Size", size);
	summary_row(r, "SHA-256 checksum", d->sha256);
	summary_end(r);
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)d->version);
	form_begin(r, r->path);
	form_hidden(r, "version", v);
	html_lit(&r->out, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
	                  "data-module=\"govuk-button\">Yes, remove it</button><a class=\"govuk-link\" href=\"");
	html_attr(&r->out, link_person_tab(d->person_id, "/documents").s);
	html_lit(&r->out, "\">No, go back</a></div>");
	form_end(r);
	return 0;
}

static int person_of(void *ctx, const struct document_row *d)
{
	*(int64_t *)ctx = d->person_id;
	return 0;
}

void h_document_delete(struct req *r)
{
	int64_t id = r->ids[0], pid = 0;
	int rc = document_get(r->db, id, person_of, &pid);
	if (rc) {
		if (rc > 0)
			resp_error(r, 404, "Page not found", "There is no such document. It may have been removed.");
		else
			sorry(r, "The document could not be read.");
		return;
	}
	if (strcmp(r->method, "POST") == 0) {
		long long v;
		if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
			resp_error(r, 400, "Bad request", "The form did not say which version of the document it removes.");
			return;
		}
		struct actor who;
		req_actor(r, &who);
		rc = document_remove(r->db, &who, id, v);
		if (rc == DOC_OK)
			redirect_to(r, link_person_tab(pid, "/documents").s, "?removed=documents");
		else if (rc == DOC_STALE)
			resp_error(r, 409, "This document has changed",
			           "Someone else changed this document after you opened it, so it has not been removed. Go back and check it.");
		else if (rc == DOC_NOT_FOUND)
			resp_error(r, 404, "Page not found", "There is no such document. It may have been removed.");
		else
			sorry(r, "The document has not been removed.");
		return;
	}
	req_audit(r, "view", "documents", id, pid, NULL, NULL);
	page_begin(r, "Are you sure you want to remove this document?");
	page_back_link(r, link_person_tab(pid, "/documents").s);
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
	                  "<h1 class=\"govuk-heading-l\">Are you sure you want to remove this document?</h1>"
	                  "<p class=\"govuk-body\">The file is deleted from sendmis. The record's history keeps its name, "
	                  "size and checksum.</p>");
	document_get(r->db, id, summary_of, r);
	html_lit(&r->out, "</div></div>");
	page_end(r);
}

/* ---- advice and its document ------------------------------------------------------------------------------------- */

struct advice_page {
	struct req *r;
	struct advice_document a;
	char service[200], file_name[DOC_NAME_BYTES];
	int found;
	struct option *opts;
	int nopts, cap;
};

static int advice_found(void *ctx, const struct advice_document *a)
{
	struct advice_page *x = ctx;
	x->a = *a;
	snprintf(x->service, sizeof x->service, "%s", a->service);
	snprintf(x->file_name, sizeof x->file_name, "%s", a->file_name);
	x->a.service = x->service;
	x->a.file_name = x->file_name;
	x->a.requested = x->a.received = x->a.doc_date = x->a.author = "";
	x->found = 1;
	return 0;
}

/* The child's documents to choose from: advice reports first, then the rest. */
static int doc_option(void *ctx, const struct document_row *d)
{
	struct advice_page *x = ctx;
	if (x->nopts >= x->cap) {
		int cap = x->cap ? 2 * x->cap : 16;
		struct option *n = realloc(x->opts, (size_t)cap * sizeof *n);
		if (!n)
			return 1;
		x->opts = n;
		x->cap = cap;
	}
	char v[24], date[40] = "", label[DOC_NAME_BYTES + 200];
	snprintf(v, sizeof v, "%lld", (long long)d->id);
	day_t day;
	if (date_parse_iso(d->doc_date, &day) == 0)
		date_format_long(day, date, sizeof date);
	snprintf(label, sizeof label, "%s (%s, %s%s%.120s)", d->file_name, code_or(&codes_document_type, d->doc_type, ""),
	         date, *d->author ? ", " : "", d->author);
	x->opts[x->nopts].value = strdup(v);
	x->opts[x->nopts].label = strdup(label);
	if (!x->opts[x->nopts].value || !x->opts[x->nopts].label) {
		free((char *)x->opts[x->nopts].value);
		free((char *)x->opts[x->nopts].label);
		return 1;
	}
	x->nopts++;
	return 0;
}

static void advice_page_free(struct advice_page *x)
{
	for (int i = 0; i < x->nopts; i++) {
		free((char *)x->opts[i].value);
		free((char *)x->opts[i].label);
	}
	free(x->opts);
}

static void advice_page(struct req *r, struct advice_page *x, const struct errs *e, const struct record *rec,
                        const char *chosen)
{
	html *b = &r->out;
	if (e && e->n)
		r->status = 422;
	page_begin_err(r, "The advice's document", e);
	page_back_link(r, link_child_edit("advice", x->a.advice_id).s);
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, e);
	html_lit(b, "<span class=\"govuk-caption-l\">Advice from ");
	html_text(b, x->a.service);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">The advice's document</h1><p class=\"govuk-body\">");
	if (x->a.document_id) {
		html_lit(b, "This advice came as <a class=\"govuk-link\" href=\"");
		html_attr(b, link_document(x->a.document_id).s);
		html_lit(b, "\">");
		html_text(b, x->a.file_name);
		html_lit(b, "</a>.");
	} else {
		html_lit(b, "No document is attached to this advice yet.");
	}
	html_lit(b, "</p>");
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)x->a.advice_version);
	/* choose one of the child's documents (advice reports first) */
	x->nopts = 0;
	documents_each(r->db, x->a.person_id, "advice", doc_option, x);
	int advice_n = x->nopts;
	if (advice_n || x->a.document_id) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Choose one of the child or young person's advice reports</h2>");
		form_begin(r, r->path);
		form_hidden(r, "version", v);
		char cur[24] = "";
		if (chosen)
			snprintf(cur, sizeof cur, "%s", chosen);
		else if (x->a.document_id)
			snprintf(cur, sizeof cur, "%lld", (long long)x->a.document_id);
		form_select(r, "document_id", "Document", "Documents of the type \"Advice or report\" on the Documents tab",
		            x->opts, (size_t)x->nopts, cur, "None", e);
		form_button(r, "Save");
		form_end(r);
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">Or upload it</h2>");
	struct record blank = {0};
	if (!rec) {   /* a new advice report, from the advice's service */
		blank.typed[0][0] = (char *)"advice";
		blank.typed[2][0] = x->service;
		rec = &blank;
	}
	char action[160];
	snprintf(action, sizeof action, "%s/upload", link_advice_document(x->a.advice_id).s);
	upload_form(r, action, rec, e, v, "Upload and attach");
	html_lit(b, "</div></div>");
	page_end(r);
}

/* Loads the advice for its page: 0, or -1 with the error page sent. */
static int advice_load(struct req *r, struct advice_page *x)
{
	int rc = advice_document_get(r->db, r->ids[0], advice_found, x);
	if (rc > 0)
		resp_error(r, 404, "Page not found", "There is no such advice request.");
	else if (rc < 0)
		sorry(r, "The advice could not be read.");
	return rc ? -1 : 0;
}

static void advice_saved(struct req *r, struct advice_page *x)
{
	redirect_to(r, link_person_tab(x->a.person_id, "/documents").s, "?saved=advice#advice");
}

/* What a change to the advice's document answers: back to the tab, or the
 * page again with the errors (and the upload's fields as typed, or the
 * document chosen). */
static void advice_answer(struct req *r, struct advice_page *x, int rc, const struct errs *e, const struct record *rec,
                          const char *chosen)
{
	if (rc == DOC_OK)
		advice_saved(r, x);
	else if (rc == DOC_STALE)
		resp_error(r, 409, "This advice has changed",
		           "Someone else changed this advice after you opened it, so its document has not been changed. "
		           "Go back and check it.");
	else if (rc == DOC_REFUSED)
		advice_page(r, x, e, rec, chosen);
	else if (rc == DOC_NOT_FOUND)
		resp_error(r, 404, "Page not found", "There is no such advice request.");
	else
		sorry(r, "The advice's document has not been changed. Try again later.");
}

void h_advice_document(struct req *r)
{
	struct advice_page x = {.r = r};
	if (advice_load(r, &x) < 0)
		return;
	struct errs e = {0};
	if (strcmp(r->method, "POST") != 0) {
		req_audit(r, "view", "advice", x.a.advice_id, x.a.person_id, NULL, NULL);
		advice_page(r, &x, NULL, NULL, NULL);
		advice_page_free(&x);
		return;
	}
	long long v, doc = 0;
	const char *chosen = req_param_or(r, "document_id", "");
	if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
		resp_error(r, 400, "Bad request", "The form did not say which version of the advice it changes.");
		return;
	}
	if (*chosen && parse_int64(chosen, 1, INT64_MAX, &doc) < 0)
		errs_add(&e, "document_id", "Select one of this child or young person's documents");
	int rc = DOC_REFUSED;
	if (!e.n) {
		struct actor who;
		req_actor(r, &who);
		rc = advice_document_set(r->db, &who, x.a.advice_id, v, doc, &e);
	}
	advice_answer(r, &x, rc, &e, NULL, chosen);
	advice_page_free(&x);
}

void h_advice_document_upload(struct req *r)
{
	struct advice_page x = {.r = r};
	if (advice_load(r, &x) < 0)
		return;
	long long v;
	if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
		resp_error(r, 400, "Bad request", "The form did not say which version of the advice it changes.");
		return;
	}
	struct record rec = {0};
	struct errs e = {0};
	advice_answer(r, &x, upload_add(r, &rec, &e, x.a.person_id, x.a.advice_id, v), &e, &rec, NULL);
	record_free(&rec);
	advice_page_free(&x);
}

/* On the advice's own page: its document, and where to attach one. */
void advice_document_context(struct req *r, int64_t advice_id)
{
	struct advice_page x = {.r = r};
	if (advice_document_get(r->db, advice_id, advice_found, &x) != 0)
		return;
	html *b = &r->out;
	html_lit(b, "<p class=\"govuk-body\">");
	if (x.a.document_id) {
		html_lit(b, "Document: <a class=\"govuk-link\" href=\"");
		html_attr(b, link_document(x.a.document_id).s);
		html_lit(b, "\">");
		html_text(b, x.a.file_name);
		html_lit(b, "</a>. ");
	}
	if (req_may(r, "GET", "/advice/#/document")) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_advice_document(advice_id).s);
		if (x.a.document_id)
			html_lit(b, "\">Change the advice's document</a>");
		else
			html_lit(b, "\">Attach the advice's document</a>");
	}
	html_lit(b, "</p>");
}
