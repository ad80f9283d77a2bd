/* forms.c — the generic add / change / remove pages for entities.
 *
 * DESIGN: a route row names the entity (route->ent); these handlers render
 * its field table as a GOV.UK form, hand a submission to the domain engine
 * (entity.c) and either redirect to the record's page with a success
 * banner, or show the form again with the error summary and every value as
 * typed.  Every write runs in one transaction with its audit row, so a
 * change is never stored without its audit event.  A stale version (someone
 * else saved first) writes nothing and says so; the form then carries the
 * current version so a second Save is a deliberate overwrite.
 */
#include "web/forms.h"
#include "core/grow.h"
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/change.h"
#include "domain/entity.h"
#include "domain/engagement.h"
#include "domain/qa.h"
#include "domain/establishments.h"
#include "domain/family.h"
#include "domain/panels.h"
#include "domain/personview.h"
#include "domain/register.h"
#include "domain/plancontent.h"
#include "web/pages.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A parameter's value; "name*": every value of name, comma separated (a
 * group of checkboxes: entity.h FT_REFS_*), or "\x01" (never valid) when
 * they are too many to hold, so the field is refused, never cut short. */
static const char *get_param(void *ctx, const char *name)
{
	struct req *r = ctx;
	size_t n = strlen(name);
	if (!n || name[n - 1] != '*')
		return req_param(r, name);
	static _Thread_local char joined[2048];
	size_t len = 0;
	int any = 0;
	for (int i = 0; i < r->nparams; i++) {
		if (strlen(r->params[i].name) != n - 1 || strncmp(r->params[i].name, name, n - 1))
			continue;
		size_t vl = strlen(r->params[i].value);
		if (len + vl + 2 > sizeof joined)
			return "\x01";
		if (any)
			joined[len++] = ',';
		memcpy(joined + len, r->params[i].value, vl);
		len += vl;
		any = 1;
	}
	joined[len] = 0;
	return any ? joined : NULL;
}

static const char *width_for(enum ftype t)
{
	switch (t) {
	case FT_UPN: return "govuk-input--width-20";
	case FT_ULN: case FT_NHS: case FT_UKPRN: return "govuk-input--width-10";
	case FT_POSTCODE: case FT_URN: return "govuk-input--width-10";
	case FT_LA: return "govuk-input--width-4";
	case FT_PHONE: return "govuk-input--width-20";
	case FT_EMAIL: return "govuk-input--width-30";
	case FT_INT: return "govuk-input--width-2";
	default: return NULL;
	}
}

/* Options gathered from a domain list: values and labels copied, freed by options_free. */
struct options {
	struct option *v;
	int n, cap;
	int failed;
};

static void options_add(struct options *o, const char *value, const char *label)
{
	if (ARRAY_RESERVE(o->v, o->cap, o->n + 1, 64) < 0) {
		o->failed = 1;
		return;
	}
	char *v = strdup(value), *l = strdup(label);
	if (!v || !l) {
		free(v);
		free(l);
		o->failed = 1;
		return;
	}
	o->v[o->n].value = v;
	o->v[o->n].label = l;
	o->n++;
}

static void options_free(struct options *o)
{
	for (int i = 0; i < o->n; i++) {
		free((char *)o->v[i].value);
		free((char *)o->v[i].label);
	}
	free(o->v);
	memset(o, 0, sizeof *o);
}

static int estab_option(void *ctx, const struct estab_row *e)
{
	char v[24], l[SETTING_BYTES + 64];   /* a setting's name (the longest) and its URN, whole */
	snprintf(v, sizeof v, "%lld", (long long)e->id);
	snprintf(l, sizeof l, "%s (%s)", e->name, e->urn);
	options_add(ctx, v, l);
	return 0;
}

void estab_select(struct req *r, const char *name, const char *label, const char *hint,
                  const char *value, const char *blank, const struct errs *err)
{
	struct options o = {0};
	estab_options_each(r->db, estab_option, &o);
	form_select(r, name, label, hint, o.v, o.n, value, blank, err);
	options_free(&o);
}

static int user_option(void *ctx, const struct user_option *u)
{
	char v[24], l[USERNAME_BYTES + 80];   /* a display name and a username, whole */
	snprintf(v, sizeof v, "%lld", (long long)u->id);
	snprintf(l, sizeof l, "%s (%s)", u->display_name, u->username);
	options_add(ctx, v, l);
	return 0;
}

void user_select_all(struct req *r, const char *name, const char *label, const char *hint, const char *value,
                     const char *blank, const struct errs *err)
{
	struct options o = {0};
	user_options_each(r->db, USERS_ALL, user_option, &o);
	form_select(r, name, label, hint, o.v, o.n, value, blank, err);
	options_free(&o);
}

static int panel_option(void *ctx, const struct panel_row *p)
{
	char v[24], when[40], l[200];
	day_t d;
	snprintf(v, sizeof v, "%lld", (long long)p->id);
	when[0] = 0;
	if (date_parse_iso(p->meeting_date, &d) == 0)
		date_format_long(d, when, sizeof when);
	const char *kind = code_label(&codes_panel_kind, p->kind);
	snprintf(l, sizeof l, "%s: %.120s%s%s", when, kind ? kind : p->kind, *p->title ? ", " : "", p->title);
	options_add(ctx, v, l);
	struct options *o = ctx;
	return o->n >= 200;
}

/* Panels meeting from 8 weeks ago on (and the one already chosen). */
static void panel_select(struct req *r, const char *name, const char *label, const char *hint, const char *value,
                         const struct errs *err)
{
	struct options o = {0};
	panels_from_each(r->db, date_add_days(r->today, -56), panel_option, &o);
	/* a case already on an older panel keeps it in the list */
	int found = !value || !*value;
	for (int i = 0; i < o.n && !found; i++)
		found = strcmp(o.v[i].value, value) == 0;
	if (!found) {
		char tmp[200];
		const struct field f = {"panel_id", "Panel", FT_PANEL, 0, NULL, 0, 0, 0, NULL};
		options_add(&o, value, field_display(r->db, &f, value, tmp, sizeof tmp));
	}
	form_select(r, name, label, hint, o.v, o.n, value, "Select a panel", err);
	options_free(&o);
}

static int kin_option(void *ctx, const struct kin_row *k)
{
	char v[24], l[800];
	snprintf(v, sizeof v, "%lld", (long long)k->id);
	const char *rel = code_or(&codes_relationship, k->relationship, "");
	if (!strcmp(k->relationship, "self"))
		snprintf(l, sizeof l, "%s (the young person themself)", k->name);
	else
		snprintf(l, sizeof l, "%s (%s)", k->name, rel);
	options_add(ctx, v, l);
	return 0;
}

/* The child's own contacts (family.h), for a field naming one of them. */
static void kin_select(struct req *r, const struct field *f, int64_t person_id, const char *value, const struct errs *err)
{
	struct options o = {0};
	kin_each(r->db, person_id, kin_option, &o);
	form_select(r, f->name, f->label, f->hint, o.v, o.n, value, (f->opts & FO_REQUIRED) ? "Select…" : "None", err);
	options_free(&o);
}

struct caseworker_opts {
	struct options o;
	int loads;
	int max;     /* options at most: 256 caseworkers, and the first */
};

static int caseworker_option(void *ctx, const struct user_option *u)
{
	struct caseworker_opts *x = ctx;
	char v[24], l[USERNAME_BYTES + 64];   /* a name and its caseload, whole */
	snprintf(v, sizeof v, "%lld", (long long)u->id);
	if (x->loads)
		snprintf(l, sizeof l, "%.128s (%lld child%s on their caseload)", u->display_name, (long long)u->caseload,
		         u->caseload == 1 ? "" : "ren");
	else
		snprintf(l, sizeof l, "%.128s", u->display_name);
	options_add(&x->o, v, l);
	return x->o.n >= x->max;
}

/* The <select> of the users who hold caseloads: `first` (value and label)
 * before them when given, else a blank option labelled `blank` when given;
 * with `loads`, each label ends with the size of their caseload now. */
static void caseworkers(struct req *r, const char *name, const char *label, const char *hint, int64_t value,
                        const struct option *first, const char *blank, int loads, const struct errs *e)
{
	struct caseworker_opts x = {{0}, loads, first ? 257 : 256};
	if (first)
		options_add(&x.o, first->value, first->label);
	user_options_each(r->db, loads ? USERS_CASEWORKER_LOADS : USERS_CASEWORKERS, caseworker_option, &x);
	char cur[24] = "";
	if (value)
		snprintf(cur, sizeof cur, "%lld", (long long)value);
	else if (first)
		snprintf(cur, sizeof cur, "%s", first->value);
	form_select(r, name, label, hint, x.o.v, x.o.n, cur, first ? NULL : blank, e);
	options_free(&x.o);
}

void caseworker_select(struct req *r, const char *name, const char *label, int64_t value,
                       const char *blank, const struct errs *e)
{
	caseworkers(r, name, label, NULL, value, NULL, blank, 0, e);
}

void caseworker_select_all(struct req *r, const char *name, const char *label, int64_t value, const struct errs *e)
{
	static const struct option all = {"all", "All caseworkers"};
	caseworkers(r, name, label, NULL, value, &all, NULL, 0, e);
}

void caseworker_select_loads(struct req *r, const char *name, const char *label, const char *hint, int64_t value,
                             const char *blank, const struct errs *e)
{
	caseworkers(r, name, label, hint, value, NULL, blank, 1, e);
}

/* The items of a plan version a FT_REFS_* field offers, as checkboxes
 * ("B2: Communication and interaction: …"). */
static int ref_option(void *ctx, const struct pc_item *it)
{
	struct options *o = ctx;
	char label[200];
	const char *area = *it->area ? code_label(!strcmp(it->section, "B") ? &codes_need_area : &codes_pfa, it->area) : NULL;
	/* the item's first words; the whole item is on the version's page */
	char words[120];
	size_t n = strlen(it->text);
	if (n < sizeof words - 4) {
		memcpy(words, it->text, n + 1);
	} else {
		n = sizeof words - 4;
		while (n && ((unsigned char)it->text[n] & 0xC0) == 0x80)
			n--;
		memcpy(words, it->text, n);
		memcpy(words + n, "\xE2\x80\xA6", 4);   /* … */
	}
	snprintf(label, sizeof label, "%s%s%s: %s", it->ref, area ? " " : "", area ? area : "", words);
	options_add(o, it->ref, label);
	return o->failed;
}

static void refs_checkboxes(struct req *r, const struct field *f, int64_t version_id, const char *val,
                            const struct errs *err)
{
	struct options o = {0};
	if (pc_items_each(r->db, version_id, ftype_refs_sections(f->type), ref_option, &o) < 0 || o.failed) {
		html_fail(&r->out);
		options_free(&o);
		return;
	}
	if (o.n)
		form_checkboxes(r, f->name, f->label, f->hint, o.v, (size_t)o.n, val, err);
	else {
		html_lit(&r->out, "<div class=\"govuk-inset-text\">");
		html_text(&r->out, f->type == FT_REFS_NEEDS ? "There are no needs in sections B, C or D yet: add them first, "
		                                              "then link this outcome to the needs it addresses."
		                                            : "There are no outcomes in section E yet: add them first, "
		                                              "then link this provision to the outcomes it serves.");
		html_lit(&r->out, "</div>");
		if (errs_for(err, f->name))
			form_checkbox_error(r, f->name, errs_for(err, f->name));
	}
	options_free(&o);
}

static void render_fields(struct req *r, const struct entity *e, const struct record *rec, const struct errs *err)
{
	html *b = &r->out;
	int in_flags = 0;
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		/* what to show: what was typed if there was a submission, else the stored value */
		const char *val = rec->typed[i][0] ? rec->typed[i][0] : rec->v[i];
		if (f->type == FT_FLAG) {
			if (!in_flags) {
				/* the run of flags is one checkbox group: in error if any box is */
				int j, group_err = 0;
				for (j = i; j < e->nfields && e->fields[j].type == FT_FLAG; j++)
					group_err |= errs_for(err, e->fields[j].name) != NULL;
				if (group_err)
					html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
				else
					html_lit(b, "<div class=\"govuk-form-group\">");
				html_lit(b, "<fieldset class=\"govuk-fieldset\">"
				            "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Select all that apply</legend>");
				for (j = i; j < e->nfields && e->fields[j].type == FT_FLAG; j++)
					if (errs_for(err, e->fields[j].name))
						form_checkbox_error(r, e->fields[j].name, errs_for(err, e->fields[j].name));
				html_lit(b, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
				in_flags = 1;
			}
			form_checkbox(r, f->name, f->label, f->hint, val && strcmp(val, "1") == 0, errs_for(err, f->name));
			continue;
		}
		if (in_flags) {
			html_lit(b, "</div></fieldset></div>");
			in_flags = 0;
		}
		switch (f->type) {
		case FT_TEXTAREA:
			form_textarea(r, f->name, f->label, f->hint, val, err);
			break;
		case FT_DATE: {
			char dd[8] = "", mm[8] = "", yy[8] = "";
			const char *pd = rec->typed[i][0], *pm = rec->typed[i][1], *py = rec->typed[i][2];
			day_t day;
			if (!pd && !pm && !py && rec->v[i] && date_parse_iso(rec->v[i], &day) == 0) {
				int y, m, d;
				date_to_ymd(day, &y, &m, &d);
				snprintf(dd, sizeof dd, "%d", d);
				snprintf(mm, sizeof mm, "%d", m);
				snprintf(yy, sizeof yy, "%d", y);
				pd = dd;
				pm = mm;
				py = yy;
			}
			form_date(r, f->name, f->label, f->hint, pd, pm, py, err);
			break;
		}
		case FT_CODE:
			form_select_codes(r, f->name, f->label, f->hint, f->codes, val,
			                  (f->opts & FO_REQUIRED) ? "Select…" : "None", err);
			break;
		case FT_ESTAB:
			estab_select(r, f->name, f->label, f->hint, val, "None", err);
			break;
		case FT_PANEL:
			panel_select(r, f->name, f->label, f->hint, val, err);
			break;
		case FT_REFS_NEEDS:
		case FT_REFS_OUTCOMES:
			refs_checkboxes(r, f, rec->parent_id, val, err);
			break;
		case FT_KIN:
			kin_select(r, f, rec->person_id, val, err);
			break;
		default:
			form_text(r, f->name, f->label, f->hint, val, err, width_for(f->type));
		}
	}
	if (in_flags)
		html_lit(b, "</div></fieldset></div>");
}

/* The page a record belongs to: where Back leads and a save returns. */
static void home_href(const struct entity *e, const struct record *rec, buf *out)
{
	if (e == &ent_establishment && rec->id)
		buf_puts(out, link_establishment(rec->id).s);
	else if (e == &ent_establishment)
		buf_puts(out, "/establishments");
	else if (e == &ent_closure && rec->parent_id)
		buf_puts(out, link_establishment(rec->parent_id).s);
	else if (e == &ent_closure || e == &ent_area_closure)
		buf_puts(out, link_closures().s);
	else if (e == &ent_kpi_reference)
		buf_puts(out, "/dashboard/references");
	else if (e == &ent_service && rec->id)
		buf_puts(out, link_service(rec->id).s);
	else if (e == &ent_service)
		buf_puts(out, "/services");
	else if (e == &ent_contact && rec->parent_id)
		buf_puts(out, link_service(rec->parent_id).s);
	else if (e == &ent_senco && rec->parent_id)
		buf_puts(out, link_establishment(rec->parent_id).s);
	else if (e == &ent_panel && rec->id)
		buf_puts(out, link_panel(rec->id).s);
	else if (e == &ent_panel)
		buf_puts(out, link_panels().s);
	else if (e == &ent_engagement_event)   /* co-production (pages_engagement.c) */
		buf_puts(out, rec->id ? link_engagement_event(rec->id).s : link_engagement().s);
	else if (e == &ent_engagement_action && rec->parent_id)
		buf_puts(out, link_engagement_event(rec->parent_id).s);
	else if (e == &ent_qa_framework || e == &ent_qa_criterion)   /* audit frameworks (pages_qa.c) */
		buf_puts(out, "/qa/frameworks");
	else if (entity_is_plan_section(e) && rec->parent_id)
		buf_puts(out, link_plan_version(rec->parent_id).s);
	else if (rec->person_id)
		buf_puts(out, link_person_tab(rec->person_id, e->person_tab ? e->person_tab : "").s);
	else
		buf_puts(out, "/");
}

/* The question a save must answer first (entity_warning): a warning, a link to the record it
 * may be, for those who may open it, and the radios (just above the button). */
static void warning_top(struct req *r, const struct entity_warning *w)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
	            "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>");
	html_text(b, w->question);
	html_lit(b, "</strong></div>");
	if (w->person_id && req_may(r, "GET", "/people/#")) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" target=\"_blank\" rel=\"noopener\" href=\"");
		html_attr(b, link_person(w->person_id).s);
		html_lit(b, "\">Look at their record (opens in a new tab)</a></p>");
	}
}

static void warning_question(struct req *r, const struct entity_warning *w, const struct errs *err)
{
	char asked[64];
	snprintf(asked, sizeof asked, "%s_asked", w->param);
	form_hidden(r, asked, "1");
	const struct option opts[] = {{"yes", w->yes_label}, {"no", w->no_label}};
	form_radios(r, w->param, w->question, NULL, opts, 2, req_param(r, w->param), err);
}

static void show_form(struct req *r, const struct entity *e, const struct record *rec, const struct errs *err,
                      int is_new, const char *notice, const struct entity_warning *w)
{
	char title[160];
	snprintf(title, sizeof title, "%s %s", is_new ? "Add" : "Change", e->noun);
	if (e == &ent_consent_withdraw)   /* a withdrawal is recorded once, never changed back */
		snprintf(title, sizeof title, "Record a withdrawal of consent");
	else if (is_new && strchr("aeiouAEIOU", e->noun[0]))
		snprintf(title, sizeof title, "Add an %s", e->noun);
	else if (is_new)
		snprintf(title, sizeof title, "Add a %s", e->noun);
	if (err && err->n)
		r->status = 422;
	page_begin_err(r, title, err);
	buf back = BUF_INIT;
	home_href(e, rec, &back);
	page_back_link(r, buf_cstr(&back));
	buf_free(&back);
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, err);
	if (notice) {
		html_lit(&r->out, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		                  "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>");
		html_text(&r->out, notice);
		html_lit(&r->out, "</strong></div>");
	}
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1>");
	if (e == &ent_advice && !is_new)
		advice_context(r, rec->id);
	if (w)
		warning_top(r, w);
	form_begin(r, r->path);
	if (!is_new) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)rec->version);
		form_hidden(r, "version", v);
	}
	render_fields(r, e, rec, err);
	plan_check_live(r, e, rec);
	if (w)
		warning_question(r, w, err);
	form_button(r, is_new ? "Save" : "Save changes");
	form_end(r);
	html_lit(&r->out, "</div></div>");
	page_end(r);
}

static void redirect_saved(struct req *r, const struct entity *e, const struct record *rec)
{
	buf loc = BUF_INIT;
	home_href(e, rec, &loc);
	buf_puts(&loc, "?saved=");
	html_urlc(&loc, e->name);
	resp_redirect(r, buf_cstr(&loc));
	buf_free(&loc);
}

/* The save, its audit row and the derived data, as one change (entity_save). */
static int save(struct req *r, const struct entity *e, struct record *old, struct record *rec, int is_new)
{
	struct actor who;
	req_actor(r, &who);
	return entity_save(r->db, &who, e, old, rec, is_new);
}

static void handle_submit(struct req *r, const struct entity *e, struct record *old, struct record *rec, int is_new)
{
	struct errs err = {0};
	if (!is_new) {
		long long v;
		if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
			resp_error(r, 400, "Bad request", "The form did not say which version of the record it changes.");
			return;
		}
		rec->version = v;
	}
	if (entity_parse(r->db, e, rec, get_param, r, r->today, &err) != ENT_OK) {
		show_form(r, e, rec, &err, is_new, NULL, NULL);
		return;
	}
	/* a save the user must confirm first (the same name and date of birth as someone recorded) */
	struct entity_warning w = {0};
	int wr = e->warn_db ? e->warn_db(r->db, e, old, rec, &w) : 0;
	if (wr < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "Your changes have not been saved. Try again later.");
		return;
	}
	if (wr > 0) {
		char asked[64];
		snprintf(asked, sizeof asked, "%s_asked", w.param);
		const char *ans = req_param(r, w.param);
		if (ans && !strcmp(ans, "yes")) {   /* the same: nothing saved; their record instead */
			buf loc = BUF_INIT;
			buf_puts(&loc, link_person(w.person_id).s);
			resp_redirect(r, buf_cstr(&loc));
			buf_free(&loc);
			return;
		}
		if (!ans || strcmp(ans, "no")) {
			if (ans || req_param(r, asked)) {
				errs_add(&err, w.param, "Select yes if this is the same child or young person, or no if it is a "
				         "different one");
				r->status = 422;
			}
			show_form(r, e, rec, &err, is_new, NULL, &w);
			return;
		}
	}
	int rc = save(r, e, old, rec, is_new);
	switch (rc) {
	case ENT_OK:
		redirect_saved(r, e, rec);
		return;
	case ENT_STALE:
		rec->version = old->version;
		errs_add(&err, e->fields[0].name,
		         "Someone else saved changes to this %s after you opened it, so your changes have not been saved",
		         e->noun);
		entity_anchor_errors(e, &err);
		show_form(r, e, rec, &err, is_new,
		          "Your changes are shown below. To see the other changes, open the record in a new tab. "
		          "Select Save changes again to replace them with yours.", NULL);
		return;
	case ENT_CONSTRAINT:
		errs_add(&err, e->fields[0].name, "%s", e->constraint_msg ? e->constraint_msg : "This would conflict with another record.");
		entity_anchor_errors(e, &err);
		show_form(r, e, rec, &err, is_new, NULL, NULL);
		return;
	default:
		resp_error(r, 500, "Sorry, there is a problem with the service", "Your changes have not been saved. Try again later.");
	}
}

void h_entity_new(struct req *r)
{
	const struct entity *e = r->route->ent;
	struct record rec = {0}, none = {0};
	if (e->parent) {
		rec.parent_id = r->ids[0];
		rec.person_id = entity_parent_person(r->db, e, rec.parent_id);
		if (rec.person_id < 0) {
			resp_error(r, 404, "Page not found", "The record this would be added to does not exist.");
			return;
		}
	}
	if (strcmp(r->method, "POST") == 0) {
		handle_submit(r, e, &none, &rec, 1);
	} else {
		/* a link may choose a value (the route's allowlist says which), e.g. ?panel_id= */
		for (int i = 0; i < r->nparams; i++) {
			int k = entity_field_index(e, r->params[i].name);
			if (k >= 0 && e->fields[k].type != FT_DATE && !rec.typed[k][0])
				rec.typed[k][0] = strdup(r->params[i].value);
		}
		show_form(r, e, &rec, NULL, 1, NULL, NULL);
	}
	record_free(&rec);
}

void h_entity_edit(struct req *r)
{
	const struct entity *e = r->route->ent;
	struct record old, rec = {0};
	if (entity_load(r->db, e, r->ids[0], &old) != ENT_OK) {
		resp_error(r, 404, "Page not found", "There is no such record.");
		return;
	}
	if (strcmp(r->method, "POST") == 0) {
		rec.id = old.id;
		rec.parent_id = old.parent_id;
		rec.person_id = old.person_id;
		handle_submit(r, e, &old, &rec, 0);
		record_free(&rec);
	} else {
		if (old.person_id)
			req_audit(r, "view", e->name, old.id, old.person_id, NULL, NULL);
		show_form(r, e, &old, NULL, 0, NULL, NULL);
	}
	record_free(&old);
}

void h_entity_delete(struct req *r)
{
	const struct entity *e = r->route->ent;
	struct record old;
	if (entity_load(r->db, e, r->ids[0], &old) != ENT_OK) {
		resp_error(r, 404, "Page not found", "There is no such record.");
		return;
	}
	if (strcmp(r->method, "POST") == 0) {
		long long v;
		if (req_param_int(r, "version", 1, INT64_MAX, &v) < 0) {
			resp_error(r, 400, "Bad request", "The form did not say which version of the record it removes.");
		} else {
			old.version = v;
			struct actor who;
			req_actor(r, &who);
			int rc = entity_remove(r->db, &who, e, &old);
			if (rc == ENT_OK) {
				buf loc = BUF_INIT;
				home_href(e, &old, &loc);
				buf_puts(&loc, "?removed=");
				html_urlc(&loc, e->name);
				resp_redirect(r, buf_cstr(&loc));
				buf_free(&loc);
			} else if (rc == ENT_CONSTRAINT && e->constraint_msg) {
				resp_error(r, 409, "This record cannot be removed", e->constraint_msg);
			} else if (rc == ENT_STALE) {
				resp_error(r, 409, "This record has changed",
				           "Someone else changed this record after you opened it, so it has not been removed. Go back and check it.");
			} else {
				resp_error(r, 500, "Sorry, there is a problem with the service", "The record has not been removed.");
			}
		}
		record_free(&old);
		return;
	}
	char title[160], tmp[512];  /* tmp: an establishment name, up to 120 characters of UTF-8 */
	snprintf(title, sizeof title, "Are you sure you want to remove this %s?", e->noun);
	page_begin(r, title);
	buf back = BUF_INIT;
	home_href(e, &old, &back);
	page_back_link(r, buf_cstr(&back));
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1>");
	summary_begin(r);
	for (int i = 0; i < e->nfields; i++)
		summary_row(r, e->fields[i].label, field_display(r->db, &e->fields[i], old.v[i], tmp, sizeof tmp));
	summary_end(r);
	form_begin(r, r->path);
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)old.version);
	form_hidden(r, "version", v);
	html_lit(&r->out, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
	                  "data-module=\"govuk-button\">Yes, remove it</button><a class=\"govuk-link\" href=\"");
	html_attr(&r->out, buf_cstr(&back));
	buf_free(&back);
	html_lit(&r->out, "\">No, go back</a></div>");
	form_end(r);
	page_end(r);
	record_free(&old);
}

/* The assessment for a request: one page that adds it or changes it. */
void h_assessment(struct req *r)
{
	struct request_brief q;
	int rc = request_brief_load(r->db, r->ids[0], &q);
	if (rc != 0) {
		if (rc > 0)
			resp_error(r, 404, "Page not found", "There is no such request for assessment.");
		else
			resp_error(r, 500, "Sorry, there is a problem with the service", "The request could not be read.");
		return;
	}
	if (strcmp(q.outcome, "Y") != 0 && !q.assessment_id) {
		resp_error(r, 409, "The local authority has not agreed to assess",
		           "An assessment can only be recorded once the request's decision is to assess. Change the request first.");
		return;
	}
	if (q.assessment_id) {
		r->ids[0] = q.assessment_id;
		h_entity_edit(r);
	} else {
		h_entity_new(r);
	}
}
