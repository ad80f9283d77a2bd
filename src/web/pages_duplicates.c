/* pages_duplicates.c — one record per child: the search page (what the
 * header's box asks), likely duplicates, merging two records and undoing a
 * merge.  The domain does the work (merge.h, search.h, register.h); these
 * pages parse, call one function, and show what it returns.
 *
 * The header search goes straight to the record when the text is an
 * identifier (a case reference, UPN, ULN or NHS number) that names exactly
 * one child; a name, a date of birth or a postcode shows the list, even of
 * one, so the person can check it is the child they mean.
 */
#include "web/pages.h"
#include "web/forms.h"
#include "web/links.h"
#include "web/page.h"
#include "core/searchq.h"
#include "core/validate.h"
#include "domain/change.h"
#include "domain/entity.h"
#include "domain/merge.h"
#include "domain/outbox.h"
#include "domain/register.h"
#include "domain/search.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECENT_MAX 10

static void name_ref(struct req *r, int64_t id, const char *forename, const char *surname)
{
	html *b = &r->out;
	char ref[24];
	case_ref(id, ref, sizeof ref);
	html_lit(b, "<a class=\"govuk-link\" href=\"");
	html_attr(b, link_person(id).s);
	html_lit(b, "\">");
	html_text(b, forename);
	html_lit(b, " ");
	html_text(b, surname);
	html_lit(b, "</a> <span class=\"govuk-body-s app-secondary\">");
	html_text(b, ref);
	html_lit(b, "</span>");
}

/* ---- the search page ----------------------------------------------------------- */

static void search_kinds(struct req *r, unsigned kinds)
{
	static const struct { unsigned bit; const char *words; } k[] = {
		{SQ_NAME, "a name"}, {SQ_DOB, "a date of birth"}, {SQ_CASE_REF, "a case reference"}, {SQ_UPN, "a UPN"},
		{SQ_ULN, "a ULN"}, {SQ_NHS, "an NHS number"}, {SQ_POSTCODE, "a postcode"},
	};
	html *b = &r->out;
	html_lit(b, "<p class=\"govuk-body-s\" id=\"search-kinds\">Looked for ");
	int n = 0;
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (kinds & k[i].bit) {
			if (n++)
				html_lit(b, ", or ");
			html_text(b, k[i].words);
		}
	if (!n)
		html_lit(b, "nothing: type a name, a date of birth or a number");
	html_lit(b, ".</p>");
}

static void recent_list(struct req *r)
{
	struct recent_row rec[RECENT_MAX];
	int n = recent_views(r->db, r->user.id, RECENT_MAX, rec);
	html *b = &r->out;
	html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"recent\">Recently viewed</h2>");
	if (n < 0) {
		html_lit(b, "<p class=\"govuk-body\">The children you viewed recently could not be listed.</p>");
		return;
	}
	if (n == 0) {
		html_lit(b, "<p class=\"govuk-body\">You have not opened a child's record yet.</p>");
		return;
	}
	html_lit(b, "<ul class=\"govuk-list\" id=\"recent-list\">");
	for (int i = 0; i < n; i++) {
		html_lit(b, "<li>");
		name_ref(r, rec[i].id, rec[i].forename, rec[i].surname);
		html_lit(b, " <span class=\"govuk-body-s\">born ");
		html_date(b, rec[i].dob, "");
		html_lit(b, "</span>");
		if (rec[i].merged_into) {
			html_lit(b, " ");
			tag(r, "grey", "Merged");
		}
		html_lit(b, "</li>");
	}
	html_lit(b, "</ul>");
}

void h_search(struct req *r)
{
	const char *q = req_param_or(r, "q", "");
	long long page = 1;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &page) < 0)
		page = 1;
	struct search_query k;
	search_parse(q, r->cfg->case_ref_prefix, &k);
	struct person_row *rows = NULL;
	int n = 0, total = 0, size = r->cfg->page_size;
	if (k.q[0]) {
		struct people_filter f = {.q = q, .case_ref_prefix = r->cfg->case_ref_prefix, .sort = "name",
		                          .page = (int)page, .page_size = size, .today = r->today, .la_code = r->cfg->la_code};
		if (people_search(r->db, &f, &rows, &n, &total) < 0) {
			resp_error(r, 500, "Sorry, there is a problem with the service", "The search could not be made.");
			return;
		}
		if (total == 1 && n == 1 && (k.kinds & (SQ_CASE_REF | SQ_UPN | SQ_ULN | SQ_NHS))) {
			resp_redirect(r, link_person(rows[0].id).s);
			free(rows);
			return;
		}
	}
	page_begin(r, k.q[0] ? "Search results" : "Find a child or young person");
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
	            "<h1 class=\"govuk-heading-l\">Find a child or young person</h1>");
	form_begin_get(r, "/search", NULL);
	char hint[300];
	snprintf(hint, sizeof hint, "A name, either way round (Leo Murray, Murray Leo or Murray, Leo), a date of birth "
	         "(3/4/2015 or 3 April 2015), a case reference (%s-000123), UPN, ULN, NHS number or postcode",
	         r->cfg->case_ref_prefix);
	html_lit(b, "<div class=\"govuk-form-group\"><label class=\"govuk-label govuk-label--s\" for=\"search-q\">Search</label>"
	            "<div class=\"govuk-hint\" id=\"search-q-hint\">");
	html_text(b, hint);
	html_lit(b, "</div><input class=\"govuk-input\" id=\"search-q\" name=\"q\" type=\"search\" spellcheck=\"false\" "
	            "aria-describedby=\"search-q-hint\" value=\"");
	html_attr(b, q);
	html_lit(b, "\"></div>");
	form_button(r, "Search");
	form_end(r);
	if (k.q[0]) {
		html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"result-count\">");
		html_int(b, total);
		html_text(b, total == 1 ? " child or young person matches" : " children and young people match");
		html_lit(b, "</h2>");
		search_kinds(r, k.kinds);
		if (n) {
			static const char *const cols[] = {"Name", "Date of birth", "UPN", "Status"};
			table_begin(r, "Children and young people found", cols, 4);
			for (int i = 0; i < n; i++) {
				html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
				name_ref(r, rows[i].id, rows[i].forename, rows[i].surname);
				html_lit(b, "</td>");
				td_date(r, rows[i].dob, "");
				td_text(r, rows[i].upn);
				td_text(r, rows[i].status);
				html_lit(b, "</tr>");
			}
			table_end(r);
			buf base = BUF_INIT;
			buf_puts(&base, "/search?");
			html_qs(&base, "q", q);
			pagination(r, buf_cstr(&base), (int)page, (total + size - 1) / size);
			buf_free(&base);
		}
	}
	free(rows);
	recent_list(r);
	html_lit(b, "</div></div>");
	page_end(r);
}

/* ---- likely duplicates ------------------------------------------------------- */

struct dup_ctx { struct req *r; int admin, shown, size, more; };

static int dup_tr(void *ctx, const struct dup_row *d)
{
	struct dup_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	if (x->shown == x->size) {   /* the row after the page: there is a next page */
		x->more = 1;
		return 1;
	}
	x->shown++;
	html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
	name_ref(r, d->lo, d->lo_forename, d->lo_surname);
	html_lit(b, "<br><span class=\"govuk-body-s\">");
	html_text(b, d->lo_postcode[0] ? d->lo_postcode : "No postcode");
	html_lit(b, "</span></td><td class=\"govuk-table__cell\">");
	name_ref(r, d->hi, d->hi_forename, d->hi_surname);
	html_lit(b, "<br><span class=\"govuk-body-s\">");
	html_text(b, d->hi_postcode[0] ? d->hi_postcode : "No postcode");
	html_lit(b, "</span></td>");
	td_date(r, d->dob, "");
	td_text(r, d->same_name && d->same_postcode ? "Name and postcode" : d->same_name ? "Name" : "Postcode");
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (x->admin) {
		char with[24];
		snprintf(with, sizeof with, "%lld", (long long)d->hi);
		buf u = BUF_INIT;
		buf_puts(&u, link_person_merge(d->lo).s);
		buf_puts(&u, "?");
		html_qs(&u, "with", with);
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, buf_cstr(&u));
		html_lit(b, "\">Compare and merge<span class=\"govuk-visually-hidden\"> ");
		html_text(b, d->lo_forename);
		html_lit(b, " ");
		html_text(b, d->lo_surname);
		html_lit(b, "</span></a>");
		buf_free(&u);
		html_lit(b, "<form method=\"post\" action=\"");
		html_attr(b, link_person_not_same(d->lo).s);
		html_lit(b, "\" class=\"app-inline-form\">");
		form_hidden(r, "csrf", r->csrf);
		form_hidden(r, "with", with);
		html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0 "
		            "govuk-!-margin-top-2\" data-module=\"govuk-button\">Not the same<span class=\"govuk-visually-hidden\"> child: ");
		html_text(b, d->lo_forename);
		html_lit(b, " ");
		html_text(b, d->lo_surname);
		html_lit(b, "</span></button></form>");
	} else
		html_lit(b, "—");
	html_lit(b, "</td></tr>");
	return 0;
}

void h_duplicates(struct req *r)
{
	long long page = 1;
	if (req_param(r, "page") && req_param_int(r, "page", 1, 1000000, &page) < 0)
		page = 1;
	int size = r->cfg->page_size;
	struct list_count total;
	if (dup_count(r->db, r->cfg->list_count_max, &total) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The list could not be loaded.");
		return;
	}
	page_begin(r, "Likely duplicates");
	html *b = &r->out;
	const char *saved = req_param(r, "saved");
	if (saved && !strcmp(saved, "not-same"))
		page_success(r, "The two records are no longer listed as likely duplicates");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Likely duplicates</h1>"
	            "<p class=\"govuk-body\">Pairs of records with the same date of birth and either the same name or the same "
	            "postcode. Compare each pair: merge the records of one child, or say they are not the same child "
	            "(twins often share a date of birth and a postcode).</p><p class=\"govuk-body\" id=\"result-count\">");
	list_count_html(r, total.n, total.more);
	html_text(b, total.n == 1 && !total.more ? " pair" : " pairs");
	html_lit(b, "</p>");
	struct dup_ctx x = {r, req_may(r, "POST", "/people/#/not-same"), 0, size, 0};
	static const char *const cols[] = {"Record", "Other record", "Date of birth", "The same", "Action"};
	table_begin(r, "Likely duplicates", cols, 5);
	if (dup_each(r->db, (page - 1) * size, size + 1, dup_tr, &x) < 0)
		html_fail(b);
	table_end(r);
	if (!x.shown)
		html_lit(b, "<p class=\"govuk-body\">No likely duplicates.</p>");
	list_pagination(r, "/duplicates?", (int)page, size, total.n, total.more, x.more);
	page_end(r);
}

void h_not_same(struct req *r)
{
	long long with;
	if (req_param_int(r, "with", 1, INT64_MAX, &with) < 0) {
		resp_error(r, 400, "The other record is missing", "Go back to the list of likely duplicates and try again.");
		return;
	}
	struct actor who;
	req_actor(r, &who);
	int rc = dup_not_same(r->db, &who, r->ids[0], with);
	if (rc == MERGE_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "These two records are not listed as likely duplicates.");
		return;
	}
	if (rc != MERGE_OK) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Nothing has been changed.");
		return;
	}
	buf loc = BUF_INIT;
	buf_puts(&loc, link_duplicates().s);
	buf_puts(&loc, "?saved=not-same");
	resp_redirect(r, buf_cstr(&loc));
	buf_free(&loc);
}

/* ---- merging ----------------------------------------------------------------- */

static void person_column(struct req *r, const char *caption, int64_t id, const struct record *p,
                          const struct merge_preview *pv, int kept)
{
	html *b = &r->out;
	char ref[24], tmp[160];
	case_ref(id, ref, sizeof ref);
	html_lit(b, "<div class=\"govuk-grid-column-one-half\"><span class=\"govuk-caption-m\">");
	html_text(b, caption);
	html_lit(b, "</span><h2 class=\"govuk-heading-m\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person(id).s);
	html_lit(b, "\">");
	html_text(b, record_get(&ent_person, p, "forename"));
	html_lit(b, " ");
	html_text(b, record_get(&ent_person, p, "surname"));
	html_lit(b, "</a> <span class=\"govuk-body-s\">");
	html_text(b, ref);
	html_lit(b, "</span></h2>");
	summary_begin(r);
	for (int i = 0; i < ent_person.nfields; i++) {
		const struct field *f = &ent_person.fields[i];
		if (f->type == FT_FLAG)
			continue;
		summary_row(r, f->label, field_display(r->db, f, p->v[i], tmp, sizeof tmp));
	}
	for (size_t i = 0; i < merge_tables_n; i++) {
		if (merge_tables[i].how != MERGE_MOVE)
			continue;
		snprintf(tmp, sizeof tmp, "%d", kept ? pv->kept_rows[i] : pv->moving[i]);
		char label[96];
		snprintf(label, sizeof label, "%c%s", merge_tables[i].label[0] - 32, merge_tables[i].label + 1);
		summary_row(r, label, tmp);
	}
	summary_end(r);
	html_lit(b, "</div>");
}

static void merge_page(struct req *r, int64_t kept, int64_t absorbed, const struct errs *e)
{
	struct merge_preview pv;
	int rc = merge_preview(r->db, kept, absorbed, &pv);
	struct record pk, pa;
	if (rc == MERGE_OK && entity_load(r->db, &ent_person, kept, &pk) != ENT_OK)
		rc = MERGE_NOT_FOUND;
	if (rc == MERGE_OK && entity_load(r->db, &ent_person, absorbed, &pa) != ENT_OK) {
		record_free(&pk);
		rc = MERGE_NOT_FOUND;
	}
	if (rc == MERGE_NOT_FOUND) {
		resp_error(r, 404, "Page not found", "There are not two different records with these numbers.");
		return;
	}
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The records could not be compared.");
		return;
	}
	req_audit(r, "view", "people", kept, kept, NULL, NULL);
	req_audit(r, "view", "people", absorbed, absorbed, NULL, NULL);
	page_begin_err(r, "Merge two records", e);
	html *b = &r->out;
	page_back_link(r, link_duplicates().s);
	page_error_summary(r, e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Merge two records</h1>"
	            "<p class=\"govuk-body\">Everything recorded on the record on the right moves to the record on the left. "
	            "The record on the right is kept, marked as merged, and its page says where it went. The audit trail of "
	            "both is kept. You can undo the merge until either record is changed again.</p>");
	buf sw = BUF_INIT;
	buf_puts(&sw, link_person_merge(absorbed).s);
	buf_puts(&sw, "?");
	char with[24];
	snprintf(with, sizeof with, "%lld", (long long)kept);
	html_qs(&sw, "with", with);
	html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
	html_attr(b, buf_cstr(&sw));
	html_lit(b, "\">Keep the record on the right instead</a></p>");
	buf_free(&sw);
	html_lit(b, "<div class=\"govuk-grid-row\">");
	person_column(r, "Keep this record", kept, &pk, &pv, 1);
	person_column(r, "Merge this record into it", absorbed, &pa, &pv, 0);
	html_lit(b, "</div><h2 class=\"govuk-heading-m\">What will move</h2>");
	if (pv.moving_total == 0)
		html_lit(b, "<p class=\"govuk-body\">Nothing is recorded on the record on the right beyond its details: "
		            "only the record is marked as merged.</p>");
	else {
		html_lit(b, "<ul class=\"govuk-list govuk-list--bullet\" id=\"moving\">");
		for (size_t i = 0; i < merge_tables_n; i++)
			if (merge_tables[i].how == MERGE_MOVE && pv.moving[i]) {
				html_lit(b, "<li>");
				html_int(b, pv.moving[i]);
				html_lit(b, " ");
				html_text(b, merge_tables[i].label);
				html_lit(b, "</li>");
			}
		html_lit(b, "</ul><p class=\"govuk-body\">The details on the left stay as they are: copy any identifier you "
		            "need from the right after the merge. The statutory timeline of the kept record is worked out "
		            "again from everything it then holds.</p>");
	}
	if (pv.nproblems) {
		html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
		            "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
		            "These records cannot be merged yet:</strong></div><ul class=\"govuk-list govuk-list--bullet\" id=\"problems\">");
		for (int i = 0; i < pv.nproblems; i++) {
			html_lit(b, "<li>");
			html_text(b, pv.problems[i]);
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul>");
	} else {
		form_begin(r, link_person_merge(kept).s);
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)absorbed);
		form_hidden(r, "absorbed", v);
		snprintf(v, sizeof v, "%lld", (long long)pv.kept_version);
		form_hidden(r, "kept_version", v);
		snprintf(v, sizeof v, "%lld", (long long)pv.absorbed_version);
		form_hidden(r, "absorbed_version", v);
		html_lit(b, "<span id=\"merge\"></span>");
		form_button(r, "Merge the records");
		form_end(r);
	}
	page_end(r);
	record_free(&pk);
	record_free(&pa);
}

void h_merge(struct req *r)
{
	int64_t kept = r->ids[0];
	long long absorbed, kv, av;
	struct errs e = {0};
	if (strcmp(r->method, "POST") != 0) {
		if (req_param_int(r, "with", 1, INT64_MAX, &absorbed) < 0) {
			resp_error(r, 400, "Choose the other record", "Open this page from the list of likely duplicates.");
			return;
		}
		merge_page(r, kept, absorbed, NULL);
		return;
	}
	if (req_param_int(r, "absorbed", 1, INT64_MAX, &absorbed) < 0 ||
	    req_param_int(r, "kept_version", 1, INT64_MAX, &kv) < 0 ||
	    req_param_int(r, "absorbed_version", 1, INT64_MAX, &av) < 0) {
		resp_error(r, 400, "The form is incomplete", "Open the merge page again from the list of likely duplicates.");
		return;
	}
	struct actor who;
	req_actor(r, &who);
	int64_t mid;
	int rc = merge_people(r->db, &who, kept, absorbed, kv, av, &mid, &e);
	if (rc == MERGE_OK) {
		buf loc = BUF_INIT;
		buf_puts(&loc, link_merge(mid).s);
		buf_puts(&loc, "?saved=merged");
		resp_redirect(r, buf_cstr(&loc));
		buf_free(&loc);
		return;
	}
	if (rc < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The records have not been merged.");
		return;
	}
	r->status = rc == MERGE_NOT_FOUND ? 404 : 409;
	merge_page(r, kept, absorbed, &e);
}

/* A summary list row (left open after the value) naming a child: a link to the record and its case reference. */
static void summary_person(struct req *r, const char *key, int64_t id, const char *name)
{
	html *b = &r->out;
	char ref[24];
	case_ref(id, ref, sizeof ref);
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
	html_text(b, key);
	html_lit(b, "</dt><dd class=\"govuk-summary-list__value\"><a class=\"govuk-link\" href=\"");
	html_attr(b, link_person(id).s);
	html_lit(b, "\">");
	html_text(b, name);
	html_lit(b, "</a> ");
	html_text(b, ref);
}

static void merge_record_page(struct req *r, const struct merge_info *m, const struct errs *e)
{
	page_begin_err(r, "Merged records", e);
	html *b = &r->out;
	const char *saved = req_param(r, "saved");
	if (saved && !strcmp(saved, "merged"))
		page_success(r, "The records have been merged");
	else if (saved && !strcmp(saved, "undone"))
		page_success(r, "The merge has been undone");
	page_error_summary(r, e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">Merged records</h1><dl class=\"govuk-summary-list\">");
	summary_person(r, "Kept", m->kept_id, m->kept_name);
	html_lit(b, "</dd></div>");
	summary_person(r, "Merged into it", m->absorbed_id, m->absorbed_name);
	html_lit(b, " (<a class=\"govuk-link\" href=\"");
	html_attr(b, link_person_tab(m->absorbed_id, "/history").s);
	html_lit(b, "\">its history</a>)</dd></div>");
	summary_row(r, "Merged by", m->merged_by_name);
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Merged on</dt>"
	            "<dd class=\"govuk-summary-list__value\">");
	html_instant(b, m->merged_at);
	html_lit(b, "</dd></div>");
	char n[24];
	snprintf(n, sizeof n, "%d", m->rows_moved);
	summary_row(r, "Rows moved", n);
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Status</dt>"
	            "<dd class=\"govuk-summary-list__value\" id=\"merge-status\">");
	if (m->undone_at[0]) {
		html_lit(b, "Undone on ");
		html_instant(b, m->undone_at);
	} else if (m->changed_since)
		html_lit(b, "Merged. It can no longer be undone: a record has been changed since.");
	else
		html_lit(b, "Merged. It can be undone until either record is changed.");
	html_lit(b, "</dd></div></dl>");
	if (!m->undone_at[0] && !m->changed_since && req_may(r, "POST", "/merges/#/undo")) {
		form_begin(r, link_merge_undo(m->id).s);
		html_lit(b, "<span id=\"undo\"></span><button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
		            "data-module=\"govuk-button\">Undo the merge</button>");
		form_end(r);
	}
	page_end(r);
}

void h_merge_record(struct req *r)
{
	struct merge_info m;
	int rc = merge_load(r->db, r->ids[0], &m);
	if (rc <= 0) {
		resp_error(r, rc < 0 ? 500 : 404, rc < 0 ? "Sorry, there is a problem with the service" : "Page not found",
		           rc < 0 ? "The merge could not be loaded." : "There is no merge with this number.");
		return;
	}
	req_audit(r, "view", "people", m.kept_id, m.kept_id, NULL, NULL);
	merge_record_page(r, &m, NULL);
}

void h_merge_undo(struct req *r)
{
	struct actor who;
	req_actor(r, &who);
	struct errs e = {0};
	int rc = merge_undo(r->db, &who, r->ids[0], &e);
	if (rc == MERGE_OK) {
		buf loc = BUF_INIT;
		buf_puts(&loc, link_merge(r->ids[0]).s);
		buf_puts(&loc, "?saved=undone");
		resp_redirect(r, buf_cstr(&loc));
		buf_free(&loc);
		return;
	}
	struct merge_info m;
	int found = rc < 0 ? -1 : merge_load(r->db, r->ids[0], &m);
	if (found <= 0) {
		resp_error(r, found < 0 ? 500 : 404, found < 0 ? "Sorry, there is a problem with the service" : "Page not found",
		           found < 0 ? "The merge has not been undone." : "There is no merge with this number.");
		return;
	}
	r->status = 409;
	merge_record_page(r, &m, &e);
}

/* ---- on a child's record: where a merged record went, and what this one absorbed ---- */

void person_merge_notice(struct req *r, int64_t pid)
{
	html *b = &r->out;
	struct merge_info m;
	if (merge_absorbing(r->db, pid, &m) == 1) {
		char ref[24];
		case_ref(m.kept_id, ref, sizeof ref);
		html_lit(b, "<div class=\"govuk-notification-banner\" role=\"region\" aria-labelledby=\"merged-title\" "
		            "data-module=\"govuk-notification-banner\" id=\"merged-into\"><div class=\"govuk-notification-banner__header\">"
		            "<h2 class=\"govuk-notification-banner__title\" id=\"merged-title\">Important</h2></div>"
		            "<div class=\"govuk-notification-banner__content\"><p class=\"govuk-notification-banner__heading\">"
		            "This record has been merged into <a class=\"govuk-notification-banner__link\" href=\"");
		html_attr(b, link_person(m.kept_id).s);
		html_lit(b, "\">");
		html_text(b, m.kept_name);
		html_lit(b, " ");
		html_text(b, ref);
		html_lit(b, "</a>.</p><p class=\"govuk-body\">Record anything new there. <a class=\"govuk-notification-banner__link\" href=\"");
		html_attr(b, link_merge(m.id).s);
		html_lit(b, "\">About the merge</a></p></div></div>");
	}
	struct merge_info kept[3];
	int n = merge_kept_by(r->db, pid, kept, 3);
	for (int i = 0; i < n; i++) {
		char ref[24];
		case_ref(kept[i].absorbed_id, ref, sizeof ref);
		html_lit(b, "<div class=\"govuk-inset-text app-merged-here\">The record ");
		html_text(b, ref);
		html_lit(b, " (");
		html_text(b, kept[i].absorbed_name);
		html_lit(b, ") was merged into this one on ");
		html_instant(b, kept[i].merged_at);
		html_lit(b, ". <a class=\"govuk-link\" href=\"");
		html_attr(b, link_person_tab(kept[i].absorbed_id, "/history").s);
		html_lit(b, "\">Its history</a> · <a class=\"govuk-link\" href=\"");
		html_attr(b, link_merge(kept[i].id).s);
		html_lit(b, "\">About the merge</a></div>");
	}
}
