/* pages_improvement.c — the improvement plan: plans, the RAG grid, an action's
 * history, recording a period's rating, opening a period, the progress
 * report (HTML, PDF), the one-page summary and the exports.
 *
 * DESIGN: every page loads the whole plan (domain/improve.h) and draws from
 * it; a rating is always its word in a tag whose colour is the scale's, so
 * status is never carried by colour alone.  Staff and the board read
 * (R_DASH in routes.c); managers and admins record ratings and open
 * periods, each change audited.  The KPIs behind an action are counted as
 * the dashboard would have shown them on each review point's day: as at
 * that day, for its calendar year to date (domain/kpicount.h).
 */
#include "web/pages.h"
#include "web/page.h"
#include "domain/change.h"
#include "domain/improve.h"
#include "domain/kpicount.h"
#include "domain/kpicache.h"
#include "core/kpi.h"
#include "core/validate.h"
#include "render/letter.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_EVIDENCE 20   /* lines of evidence on one rating */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

/* The plan of r->ids[0], or NULL with a 404 (or 500) answered. */
static struct ip_plan *plan_of(struct req *r)
{
	int found;
	struct ip_plan *p = ip_load(r->db, r->ids[0], &found);
	if (!p)
		resp_error(r, found ? 500 : 404, found ? "Sorry, there is a problem with the service" : "Page not found",
		           found ? "The plan could not be read." : "There is no such improvement plan.");
	return p;
}

static void rag_tag(struct req *r, const struct ip_plan *p, const char *code)
{
	int k = ip_rag_index(p, code);
	if (k < 0) {
		html_lit(&r->out, "<span class=\"govuk-body-s\">Not rated</span>");
		return;
	}
	const char *c = p->rag[k].colour;
	/* GOV.UK tag colours; amber is the yellow tag */
	tag(r, !strcmp(c, "amber") ? "yellow" : !strcmp(c, "grey") ? "grey" : c, p->rag[k].word);
}

static void text_block(struct req *r, const char *s)
{
	html *b = &r->out;
	html_lit(b, "<p class=\"govuk-body\">");
	for (const char *c = s; c && *c; c++) {
		if (*c == '\n') {
			html_lit(b, "<br>");
			continue;
		}
		const char *e = strchr(c, '\n');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		html_textn(b, c, n);
		c += n - 1;
	}
	html_lit(b, "</p>");
}

/* The start of s, at most max bytes cut at a character's start, then "…" if cut. */
static void html_clipped(html *b, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) {
		html_text(b, s);
		return;
	}
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	html_textn(b, s, max);
	html_lit(b, "…");
}

/* A summary-list row whose value keeps its lines ("—" when empty). */
static void summary_lines(struct req *r, const char *key, const char *value)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
	html_text(b, key);
	html_lit(b, "</dt><dd class=\"govuk-summary-list__value app-pre-wrap\">");
	html_text(b, or_dash(value));
	html_lit(b, "</dd></div>");
}

static void plan_link(html *b, const struct ip_plan *p, const char *rest)
{
	html_lit(b, "/improvement-plans/");
	html_int(b, p->id);
	html_text(b, rest);
}

static void action_link(html *b, const struct ip_plan *p, const struct ip_action *a)
{
	plan_link(b, p, "/actions/");
	html_int(b, a->id);
}

/* Sends the browser back to the action's page; `then` ("?saved=measure#manual", or "") follows its path. */
static void action_redirect(struct req *r, const struct ip_plan *p, const struct ip_action *a, const char *then)
{
	char loc[160];
	snprintf(loc, sizeof loc, "/improvement-plans/%lld/actions/%lld%s", (long long)p->id, (long long)a->id, then);
	resp_redirect(r, loc);
}

/* ---- the list ------------------------------------------------------------------------ */

void h_plans(struct req *r)
{
	struct ip_plan_row *rows;
	int n;
	if (ip_list(r->db, &rows, &n) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The plans could not be read.");
		return;
	}
	page_begin(r, "Improvement plans");
	html *b = &r->out;
	html_lit(b, "<h1 class=\"govuk-heading-l\">Improvement plans</h1><p class=\"govuk-body\">The local area's "
	            "Written Statement of Action or priority action plan, action by action, with a RAG rating for every "
	            "review period.</p>");
	if (!n)
		html_lit(b, "<p class=\"govuk-body\">There are no plans yet. An administrator loads one with "
		            "<code>sendmis plan import FILE.json</code> (docs/plan-json.md).</p>");
	else {
		static const char *const cols[] = {"Plan", "Local area", "Status", "Actions", "Review periods"};
		table_begin_numeric(r, "Improvement plans", cols, 5, 3);
		for (int i = 0; i < n; i++) {
			html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
			            "href=\"/improvement-plans/");
			html_int(b, rows[i].id);
			html_lit(b, "\">");
			html_text(b, rows[i].title);
			html_lit(b, "</a></td>");
			td_text(r, rows[i].local_area);
			td_text(r, rows[i].status);
			html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
			html_int(b, rows[i].nactions);
			html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
			html_int(b, rows[i].nperiods);
			html_lit(b, "</td></tr>");
		}
		table_end(r);
	}
	free(rows);
	page_end(r);
}

/* ---- the plan page -------------------------------------------------------------------- */

struct filter {
	const char *area, *rag, *lead;
	int overdue;
};

static int overdue_subs(const struct ip_action *a, day_t today)
{
	int n = 0;
	for (int i = 0; i < a->nsubs; i++) {
		day_t due = ip_sub_due(&a->subs[i], today);
		n += due != DATE_NONE && due < today && a->subs[i].done == DATE_NONE;
	}
	return n;
}

static int lead_of(const struct ip_action *a, const char *lead)
{
	if (a->lead && !strcmp(a->lead, lead))
		return 1;
	for (int i = 0; i < a->nsubs; i++)
		if (a->subs[i].lead && !strcmp(a->subs[i].lead, lead))
			return 1;
	return 0;
}

static int shown(const struct ip_plan *p, const struct ip_action *a, const struct filter *f, day_t today)
{
	if (*f->area && strcmp(p->areas[a->area].number, f->area))
		return 0;
	if (*f->rag) {
		int k = ip_latest_rated(p, a, p->nperiods - 1);
		if (k < 0 || strcmp(a->ratings[k].rag, f->rag))
			return 0;
	}
	if (*f->lead && !lead_of(a, f->lead))
		return 0;
	return !f->overdue || overdue_subs(a, today) > 0;
}

/* The distinct leads of the plan, for the filter (pointers into p). */
static int leads(const struct ip_plan *p, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < p->nactions; i++)
		for (int s = -1; s < p->actions[i].nsubs; s++) {
			const char *l = s < 0 ? p->actions[i].lead : p->actions[i].subs[s].lead;
			int seen = !l;
			for (int k = 0; k < n && !seen; k++)
				seen = !strcmp(out[k], l);
			if (!seen && n < max)
				out[n++] = l;
		}
	return n;
}

void h_plan(struct req *r)
{
	struct ip_plan *p = plan_of(r);
	if (!p)
		return;
	struct errs e = {0};
	struct filter f = {req_param_or(r, "area", ""), req_param_or(r, "rag", ""), req_param_or(r, "lead", ""), 0};
	const char *od = req_param_or(r, "overdue", "");
	f.overdue = !strcmp(od, "1");
	if (*od && !f.overdue)
		errs_add(&e, "overdue", "Overdue sub-actions only is a tick box: tick it, or leave it empty");
	int area_ok = !*f.area;
	for (int i = 0; i < p->nareas && !area_ok; i++)
		area_ok = !strcmp(p->areas[i].number, f.area);
	if (!area_ok)
		errs_add(&e, "area", "Choose an area of concern from the list");
	if (*f.rag && ip_rag_index(p, f.rag) < 0)
		errs_add(&e, "rag", "Choose a rating from the list");
	const char *ls[256];
	int nl = leads(p, ls, 256), lead_ok = !*f.lead;
	for (int i = 0; i < nl && !lead_ok; i++)
		lead_ok = !strcmp(ls[i], f.lead);
	if (!lead_ok)
		errs_add(&e, "lead", "Choose a lead from the list");
	if (e.n) {
		r->status = 400;
		f.area = area_ok ? f.area : "";
		f.rag = ip_rag_index(p, f.rag) >= 0 ? f.rag : "";
		f.lead = lead_ok ? f.lead : "";
	}
	page_begin_err(r, p->title, &e);
	html *b = &r->out;
	page_error_summary(r, &e);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, p->local_area);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, p->title);
	html_lit(b, "</h1>");
	summary_begin(r);
	summary_row(r, "Answers", or_dash(p->answers));
	summary_row(r, "Author", or_dash(p->author));
	summary_row(r, "Version", or_dash(p->doc_version));
	summary_row(r, "Status", p->status);
	summary_end(r);

	/* actions */
	const struct ip_period *last = p->nperiods ? &p->periods[p->nperiods - 1] : NULL;
	html_lit(b, "<p class=\"govuk-body\">");
	if (last) {
		html_lit(b, "<a class=\"govuk-button govuk-!-margin-bottom-0\" data-module=\"govuk-button\" href=\"");
		plan_link(b, p, "/report?period=");
		html_int(b, last->id);
		html_lit(b, "\">Progress report</a> <a class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
		            "data-module=\"govuk-button\" href=\"");
		plan_link(b, p, "/summary?period=");
		html_int(b, last->id);
		html_lit(b, "\">One-page summary</a> ");
	}
	html_lit(b, "<a class=\"govuk-link\" href=\"");
	plan_link(b, p, "/plan.xlsx");
	html_lit(b, "\">Download (XLSX)</a> · <a class=\"govuk-link\" href=\"");
	plan_link(b, p, "/plan.json");
	html_lit(b, "\">Download (JSON)</a>");
	if (req_may(r, "GET", "/improvement-plans/#/periods/new")) {
		html_lit(b, " · <a class=\"govuk-link\" href=\"");
		plan_link(b, p, "/periods/new");
		html_lit(b, "\">Open a new review period</a>");
	}
	html_lit(b, "</p>");

	/* the key: every rating's word and meaning */
	html_lit(b, "<h2 class=\"govuk-heading-m\">RAG key</h2><dl class=\"govuk-summary-list\">");
	for (int i = 0; i < p->nrag; i++) {
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
		rag_tag(r, p, p->rag[i].code);
		html_lit(b, "</dt><dd class=\"govuk-summary-list__value\">");
		html_text(b, p->rag[i].meaning);
		html_lit(b, "</dd></div>");
	}
	html_lit(b, "</dl>");

	/* filters: a GET form, so every view is a link */
	html_lit(b, "<h2 class=\"govuk-heading-m\">Actions</h2>");
	form_begin_get(r, "", "");
	struct option ao[64], ro[16], lo[256];
	char alabel[64][80];
	size_t na = 0, nr = 0;
	for (int i = 0; i < p->nareas && na < 64; i++, na++) {
		/* the title's start, cut at a character's start: the select shows one line */
		size_t cut = strlen(p->areas[i].title) > 60 ? 60 : strlen(p->areas[i].title);
		while (cut && ((unsigned char)p->areas[i].title[cut] & 0xC0) == 0x80)
			cut--;
		snprintf(alabel[na], sizeof alabel[na], "%.8s. %.*s%s", p->areas[i].number, (int)cut, p->areas[i].title,
		         cut < strlen(p->areas[i].title) ? "…" : "");
		ao[na].value = p->areas[i].number;
		ao[na].label = alabel[na];
	}
	for (int i = 0; i < p->nrag && nr < 16; i++, nr++) {
		ro[nr].value = p->rag[i].code;
		ro[nr].label = p->rag[i].word;
	}
	for (int i = 0; i < nl; i++)
		lo[i].value = lo[i].label = ls[i];
	html_lit(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(r, "area", "Area of concern", NULL, ao, na, f.area, "All", &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(r, "rag", "Rating now", NULL, ro, nr, f.rag, "Any", &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(r, "lead", "Lead", NULL, lo, (size_t)nl, f.lead, "Anyone", &e);
	html_lit(b, "</div><div class=\"govuk-grid-column-one-quarter\"><div class=\"govuk-form-group\">"
	            "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
	form_checkbox(r, "overdue", "Overdue sub-actions only", NULL, f.overdue, NULL);
	html_lit(b, "</div></div></div></div>");
	form_button(r, "Filter");
	form_end(r);

	/* the grid: periods across, actions down */
	table_wrap_begin(r, "RAG rating by review period");
	html_lit(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
	            "govuk-table__caption--s\">RAG rating by review period</caption><thead class=\"govuk-table__head\">"
	            "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Action</th>");
	for (int k = 0; k < p->nperiods; k++) {
		html_lit(b, "<th scope=\"col\" class=\"govuk-table__header\">");
		html_text(b, p->periods[k].name);
		html_lit(b, "</th>");
	}
	html_lit(b, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Sub-actions overdue</th>"
	            "</tr></thead><tbody class=\"govuk-table__body\">");
	int listed = 0;
	for (int i = 0; i < p->nactions; i++) {
		const struct ip_action *a = &p->actions[i];
		if (!shown(p, a, &f, r->today))
			continue;
		listed++;
		html_lit(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\"><a class=\"govuk-link\" "
		            "href=\"");
		action_link(b, p, a);
		html_lit(b, "\">");
		html_text(b, a->code);
		html_lit(b, "</a> <span class=\"govuk-body-s\">");
		html_clipped(b, a->title, 90);
		html_lit(b, "</span></th>");
		for (int k = 0; k < p->nperiods; k++) {
			html_lit(b, "<td class=\"govuk-table__cell\">");
			rag_tag(r, p, a->ratings[k].rag);
			html_lit(b, "</td>");
		}
		html_lit(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_int(b, overdue_subs(a, r->today));
		html_lit(b, "</td></tr>");
	}
	html_lit(b, "</tbody></table></div>");
	if (!listed)
		html_lit(b, "<p class=\"govuk-body\">No actions match these filters.</p>");

	/* the areas, in full */
	for (int i = 0; i < p->nareas; i++) {
		const struct ip_area *ar = &p->areas[i];
		html_lit(b, "<h2 class=\"govuk-heading-m\">Area of concern ");
		html_text(b, ar->number);
		html_lit(b, "</h2><p class=\"govuk-body govuk-!-font-weight-bold\">");
		html_text(b, ar->title);
		html_lit(b, "</p>");
		summary_begin(r);
		summary_lines(r, "Aim", ar->aim);
		summary_lines(r, "KPIs and targets", ar->kpis);
		summary_end(r);
	}
	/* who the updates go to */
	if (p->nbodies) {
		html_lit(b, "<h2 class=\"govuk-heading-m\">Governance</h2>");
		static const char *const cols[] = {"Body", "Kind", "Meetings"};
		table_begin(r, "Governance", cols, 3);
		for (int i = 0; i < p->nbodies; i++) {
			const struct ip_body *bd = &p->bodies[i];
			const char *kind = ip_body_kind_label(bd->kind);
			html_lit(b, "<tr class=\"govuk-table__row\">");
			td_text(r, bd->name);
			td_text(r, kind ? kind : bd->kind);
			html_lit(b, "<td class=\"govuk-table__cell\">");
			for (int m = 0; m < bd->nmeetings; m++) {
				char on[40];
				date_format_long(bd->meetings[m], on, sizeof on);
				if (m)
					html_lit(b, ", ");
				html_text(b, on);
			}
			if (!bd->nmeetings)
				html_lit(b, "None recorded");
			html_lit(b, "</td></tr>");
		}
		table_end(r);
	}
	req_audit(r, "view", "ip_plans", p->id, 0, NULL, NULL);
	ip_free(p);
	page_end(r);
}

/* ---- an action ---------------------------------------------------------------------------- */

/* The action of r->ids[1] in p, or -1 with a 404 answered. */
static int action_of(struct req *r, const struct ip_plan *p)
{
	int a = ip_action_index(p, r->ids[1]);
	if (a < 0)
		resp_error(r, 404, "Page not found", "There is no such action in this plan.");
	return a;
}

/* The plan and the action a link names (*ai its index); NULL, with a 404
 * written, if either is not there. */
static struct ip_plan *plan_action_of(struct req *r, int *ai)
{
	struct ip_plan *p = plan_of(r);
	*ai = p ? action_of(r, p) : -1;
	if (p && *ai < 0) {
		ip_free(p);
		p = NULL;
	}
	return p;
}

/* The action and the review period (?period=ID) a link names: the action's
 * index and *pid; else -1 with a 404 written and p freed. */
static int action_period_of(struct req *r, struct ip_plan *p, long long *pid)
{
	int ai = action_of(r, p);
	*pid = 0;
	if (ai >= 0 && (req_param_int(r, "period", 1, INT64_MAX, pid) < 0 || ip_period_index(p, *pid) < 0)) {
		resp_error(r, 404, "Page not found", "There is no such review period in this plan.");
		ai = -1;
	}
	if (ai < 0)
		ip_free(p);
	return ai;
}

static void sub_due(struct req *r, const struct ip_sub *s, day_t as_at)
{
	html *b = &r->out;
	char on[40];
	if (ip_sub_revised_at(s, as_at)) {
		date_format_long(s->revised_due, on, sizeof on);
		html_text(b, on);
		html_lit(b, " <span class=\"govuk-body-s\">(revised from ");
		if (s->due != DATE_NONE) {
			date_format_long(s->due, on, sizeof on);
			html_text(b, on);
		} else
			html_text(b, or_dash(s->due_text));
		html_lit(b, "; approved by ");
		html_text(b, or_dash(s->revised_by));
		if (s->revised_on != DATE_NONE) {
			date_format_long(s->revised_on, on, sizeof on);
			html_lit(b, " on ");
			html_text(b, on);
		}
		html_lit(b, ")</span>");
	} else if (s->due_text)
		html_text(b, s->due_text);
	else if (s->due != DATE_NONE) {
		date_format_long(s->due, on, sizeof on);
		html_text(b, on);
	} else
		html_lit(b, "—");
}

/* The sub-actions, each one's status as at `as_at` (today, or a report's period);
 * with `edit` (the action page, for those who may) a link to update each. */
static void subs_table(struct req *r, const struct ip_plan *p, const struct ip_action *a, day_t as_at, int edit)
{
	html *b = &r->out;
	if (!a->nsubs) {
		html_lit(b, "<p class=\"govuk-body\">No sub-actions.</p>");
		return;
	}
	static const char *const cols[] = {"Ref", "Sub-action", "Completion date", "Responsible officer", "Status", "Update"};
	table_begin(r, "Sub-actions", cols, edit ? 6 : 5);
	for (int i = 0; i < a->nsubs; i++) {
		const struct ip_sub *s = &a->subs[i];
		day_t due = ip_sub_due(s, as_at);
		html_lit(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
		html_text(b, s->letter);
		html_lit(b, "</td>");
		td_text(r, s->text);
		html_lit(b, "<td class=\"govuk-table__cell\">");
		sub_due(r, s, as_at);
		html_lit(b, "</td>");
		td_text(r, s->lead);
		html_lit(b, "<td class=\"govuk-table__cell\">");
		if (s->done != DATE_NONE && s->done <= as_at)
			tag(r, "green", "Done");
		else if (due != DATE_NONE && due < as_at)
			tag(r, "red", "Past due date");
		else
			html_lit(b, "<span class=\"govuk-body-s\">Open</span>");
		html_lit(b, "</td>");
		if (edit) {
			html_lit(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
			action_link(b, p, a);
			html_lit(b, "/sub-actions/");
			html_int(b, s->id);
			html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> ");
			html_text(b, a->code);
			html_lit(b, " ");
			html_text(b, s->letter);
			html_lit(b, "</span></a></td>");
		}
		html_lit(b, "</tr>");
	}
	table_end(r);
}

/* The measures at each day asked for, counted once a day per page.  Every measure
 * counts plans or requests, so before the first of either every one is nothing: those
 * days need no count at all. */
#define MEMO_DAYS 64
struct kpi_memo {
	int n, have_first;
	day_t first;
	day_t at[MEMO_DAYS];
	struct kpi_value v[MEMO_DAYS][K_N];
};

/* The measure at a review point: as the dashboard showed it that day (year to date). */
static int kpi_at(struct req *r, struct kpi_memo *m, enum kpi_id k, day_t as_of, struct kpi_value *out)
{
	if (!m->have_first) {
		m->have_first = 1;
		if (ip_first_record_day(r->db, &m->first) < 0)
			return -1;
	}
	if (m->first == DATE_NONE || as_of < m->first) {
		memset(out, 0, sizeof *out);
		return 0;
	}
	for (int i = 0; i < m->n; i++)
		if (m->at[i] == as_of) {
			*out = m->v[i][k];
			return 0;
		}
	struct kpi_value v[K_N];
	int y, mo, d;
	date_to_ymd(as_of, &y, &mo, &d);
	struct kpi_query q = {.as_of = as_of, .year = y, .la_code = r->cfg->la_code,
	                      .visit_overdue_months = r->cfg->visit_overdue_months, .stored_clock = as_of == r->today};
	/* a past day's figures are counted once and stored; today's are kept between changes */
	if ((as_of < r->today ? kpi_past_values(r->db, &q, r->now, v) : kpi_compute_cached(r->db, &q, v)) < 0)
		return -1;
	if (m->n < MEMO_DAYS) {
		m->at[m->n] = as_of;
		memcpy(m->v[m->n++], v, sizeof v);
	}
	*out = v[k];
	return 0;
}

static void kpi_cell(struct req *r, enum kpi_id k, const struct kpi_value *v)
{
	html *b = &r->out;
	char s[64];
	kpi_format(k, kpi_value_of(k, v), v->denominator, s, sizeof s);
	html_text(b, s);
	if (kpi_defs[k].kind != KPI_COUNT && v->denominator && !kpi_suppressed(k, v->denominator)) {
		snprintf(s, sizeof s, " (%lld of %lld)", v->numerator, v->denominator);
		html_lit(b, "<span class=\"govuk-body-s\">");
		html_text(b, s);
		html_lit(b, "</span>");
	}
}

static void kpi_history(struct req *r, const struct ip_plan *p, const struct ip_action *a, struct kpi_memo *memo)
{
	html *b = &r->out;
	int lead = req_may(r, "POST", "/improvement-plans/#/actions/#/measures");
	html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"measures\">Measures</h2>");
	if (lead) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		action_link(b, p, a);
		html_lit(b, "/measures\">Link a measure to this action</a></p>");
	}
	if (!a->nkpis) {
		html_lit(b, "<p class=\"govuk-body\">No sendmis measure is linked to this action.</p>");
		return;
	}
	html_lit(b, "<p class=\"govuk-body\">Each value is counted from the records as they stood on the review "
	            "point's day, for its calendar year to that day: what the dashboard showed then. "
	            "<a class=\"govuk-link\" href=\"/dashboard/definitions\">How each is counted</a>.</p>");
	for (int j = 0; j < a->nkpis; j++) {
		const struct ip_kpi *q = &a->kpis[j];
		const struct kpi_def *kd = kpi_by_id(q->kpi);
		if (!kd)
			continue;
		enum kpi_id k = kd->k;
		table_wrap_begin(r, kpi_defs[k].title);
		html_lit(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">");
		html_text(b, kpi_defs[k].title);
		char line[160] = "";
		if (q->has_target)
			snprintf(line, sizeof line, " — target %.1f%s", q->target, kpi_defs[k].kind == KPI_RATE ? "%" : "");
		if (q->has_baseline)
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s baseline %.1f%s", *line ? ";" : " —",
			         q->baseline, kpi_defs[k].kind == KPI_RATE ? "%" : "");
		html_text(b, line);
		html_lit(b, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
		            "class=\"govuk-table__header\">Review point</th><th scope=\"col\" class=\"govuk-table__header\">"
		            "Value</th></tr></thead><tbody class=\"govuk-table__body\">");
		for (int i = 0; i <= p->nperiods; i++) {
			day_t at = i < p->nperiods ? p->periods[i].as_at : r->today;
			if (i < p->nperiods && at > r->today)
				continue;
			struct kpi_value v;
			html_lit(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">");
			if (i < p->nperiods)
				html_text(b, p->periods[i].name);
			else
				html_lit(b, "Today");
			html_lit(b, "</th><td class=\"govuk-table__cell\">");
			if (kpi_at(r, memo, k, at, &v) < 0)
				html_lit(b, "could not be counted");
			else
				kpi_cell(r, k, &v);
			html_lit(b, "</td></tr>");
		}
		html_lit(b, "</tbody></table></div>");
		if (lead) {
			buf act = BUF_INIT;
			buf_printf(&act, "/improvement-plans/%lld/actions/%lld/measures/remove", (long long)p->id, (long long)a->id);
			form_begin(r, buf_cstr(&act));
			buf_free(&act);
			form_hidden(r, "kpi", q->kpi);
			html_lit(b, "<button type=\"submit\" class=\"govuk-button govuk-button--warning govuk-button--secondary\" "
			            "data-module=\"govuk-button\">Remove<span class=\"govuk-visually-hidden\"> ");
			html_text(b, kpi_defs[k].title);
			html_lit(b, "</span> from this action</button>");
			form_end(r);
		}
	}
}

/* ---- measures entered by hand (migration 0025) ---------------------------------- */

static void number_html(html *b, double v, const char *unit)
{
	html_decimal(b, v, v == (double)(long long)v ? 0 : 1);
	if (!strcmp(unit, "percent"))
		html_lit(b, "%");
}

struct manual_ctx {
	struct req *r;
	const struct ip_plan *p;
	const struct ip_action *a;
	int lead, any;
};

static int manual_table(void *ctx, const struct ip_manual *m)
{
	struct manual_ctx *x = ctx;
	struct req *r = x->r;
	html *b = &r->out;
	x->any = 1;
	table_wrap_begin(r, m->name);
	html_lit(b, "<table class=\"govuk-table\" data-manual=\"");
	html_int(b, m->id);
	html_lit(b, "\"><caption class=\"govuk-table__caption govuk-table__caption--s\">");
	html_text(b, m->name);
	if (m->has_target) {
		html_lit(b, " — target ");
		number_html(b, m->target, m->unit);
	}
	if (m->has_baseline) {
		html_text(b, m->has_target ? "; baseline " : " — baseline ");
		number_html(b, m->baseline, m->unit);
	}
	html_lit(b, "<br><span class=\"govuk-body-s\">Entered by hand. Source: ");
	html_text(b, m->source);
	html_lit(b, "</span></caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
	            "class=\"govuk-table__header\">Review point</th><th scope=\"col\" class=\"govuk-table__header\">Value</th>"
	            "<th scope=\"col\" class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Action</span></th>"
	            "</tr></thead><tbody class=\"govuk-table__body\">");
	for (int i = 0; i < m->n; i++) {
		html_lit(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">");
		html_text(b, x->p->periods[i].name);
		html_lit(b, "</th><td class=\"govuk-table__cell\">");
		if (m->has[i]) {
			number_html(b, m->values[i], m->unit);
			if (m->notes[i]) {
				html_lit(b, "<br><span class=\"govuk-body-s\">");
				html_text(b, m->notes[i]);
				html_lit(b, "</span>");
			}
		} else {
			html_lit(b, "Not recorded");
		}
		html_lit(b, "</td><td class=\"govuk-table__cell\">");
		if (x->lead) {
			html_lit(b, "<a class=\"govuk-link\" href=\"");
			action_link(b, x->p, x->a);
			html_lit(b, "/manual/");
			html_int(b, m->id);
			html_lit(b, "?period=");
			html_int(b, x->p->periods[i].id);
			html_lit(b, "\">");
			html_lit(b, "Record<span class=\"govuk-visually-hidden\"> the value for ");
			html_text(b, x->p->periods[i].name);
			html_lit(b, "</span></a>");
		}
		html_lit(b, "</td></tr>");
	}
	html_lit(b, "</tbody></table></div>");
	return 0;
}

static void manual_history(struct req *r, const struct ip_plan *p, int ai)
{
	html *b = &r->out;
	const struct ip_action *a = &p->actions[ai];
	struct manual_ctx x = {r, p, a, req_may(r, "POST", "/improvement-plans/#/actions/#/manual"), 0};
	html_lit(b, "<h3 class=\"govuk-heading-s\" id=\"manual\">Measures entered by hand</h3>");
	if (ip_manual_each(r->db, p, ai, manual_table, &x) < 0)
		html_lit(b, "<p class=\"govuk-body\">The measures entered by hand could not be read.</p>");
	else if (!x.any)
		html_lit(b, "<p class=\"govuk-body\">None.</p>");
	if (x.lead) {
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		action_link(b, p, a);
		html_lit(b, "/manual\">Add a measure entered by hand</a></p>");
	}
}

void h_plan_action(struct req *r)
{
	int ai;
	struct ip_plan *p = plan_action_of(r, &ai);
	if (!p)
		return;
	const struct ip_action *a = &p->actions[ai];
	char title[160];
	snprintf(title, sizeof title, "Action %s", a->code);
	page_begin(r, title);
	html *b = &r->out;
	const char *saved = req_param(r, "saved"), *removed = req_param(r, "removed");
	if (saved && !strcmp(saved, "measure"))
		page_success(r, "Measure linked to the action");
	else if (removed && !strcmp(removed, "measure"))
		page_success(r, "Measure removed from the action");
	html_lit(b, "<a class=\"govuk-back-link\" href=\"");
	plan_link(b, p, "");
	html_lit(b, "\">Back to the plan</a><span class=\"govuk-caption-l\">Area of concern ");
	html_text(b, p->areas[a->area].number);
	html_lit(b, ": ");
	html_text(b, p->areas[a->area].title);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1>");
	text_block(r, a->title);
	summary_begin(r);
	summary_lines(r, "Focus", a->focus);
	summary_lines(r, "Outcomes and measures", a->outcomes);
	summary_lines(r, "Evidence", a->evidence);
	summary_lines(r, "Impact measures", a->impact);
	summary_row(r, "Governed by", or_dash(a->governance));
	summary_row(r, "Lead", or_dash(a->lead));
	summary_end(r);
	html_lit(b, "<h2 class=\"govuk-heading-m\">Sub-actions</h2>");
	subs_table(r, p, a, r->today, req_may(r, "GET", "/improvement-plans/#/actions/#/sub-actions/#"));

	html_lit(b, "<h2 class=\"govuk-heading-m\">Ratings and updates</h2>");
	for (int k = p->nperiods - 1; k >= 0; k--) {
		const struct ip_rating *g = &a->ratings[k];
		html_lit(b, "<h3 class=\"govuk-heading-s\">");
		html_text(b, p->periods[k].name);
		html_lit(b, "</h3><p class=\"govuk-body\">");
		rag_tag(r, p, g->rag);
		if (g->source && !strcmp(g->source, "carried"))
			html_lit(b, " <span class=\"govuk-body-s\">carried forward from the period before: not yet reviewed</span>");
		html_lit(b, "</p>");
		if (g->update)
			text_block(r, g->update);
		if (g->presented_to) {
			html_lit(b, "<p class=\"govuk-body-s\">Presented to ");
			html_text(b, g->presented_to);
			if (g->meeting != DATE_NONE) {
				char on[40];
				date_format_long(g->meeting, on, sizeof on);
				html_lit(b, " on ");
				html_text(b, on);
			}
			html_lit(b, "</p>");
		}
		if (g->nevidence) {
			html_lit(b, "<ul class=\"govuk-list govuk-list--bullet\">");
			for (int e = 0; e < g->nevidence; e++) {
				html_lit(b, "<li>");
				html_text(b, g->evidence[e]);
				html_lit(b, "</li>");
			}
			html_lit(b, "</ul>");
		}
		if (req_may(r, "GET", "/improvement-plans/#/actions/#/rate")) {
			html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
			action_link(b, p, a);
			html_lit(b, "/rate?period=");
			html_int(b, p->periods[k].id);
			html_lit(b, "\">Record the rating for ");
			html_text(b, p->periods[k].name);
			html_lit(b, "</a></p>");
		}
	}
	struct kpi_memo *memo = calloc(1, sizeof *memo);
	if (memo)
		kpi_history(r, p, a, memo);
	else
		html_lit(b, "<p class=\"govuk-body\">The measures could not be counted.</p>");
	free(memo);
	manual_history(r, p, ai);
	req_audit(r, "view", "ip_actions", a->id, 0, NULL, NULL);
	ip_free(p);
	page_end(r);
}

/* ---- recording a rating ---------------------------------------------------------------- */

/* The top of a form about one action: the page with its title, back to the action, the
 * error summary, the plan as caption and the title as heading. */
static void form_page_head(struct req *r, const struct ip_plan *p, const struct ip_action *a, const char *title,
                           const struct errs *e)
{
	html *b = &r->out;
	page_begin_err(r, title, e);
	html_lit(b, "<a class=\"govuk-back-link\" href=\"");
	action_link(b, p, a);
	html_lit(b, "\">Back to the action</a>");
	page_error_summary(r, e);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, p->title);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1>");
}

/* A stored date as the three parts a date input shows ("" for none). */
static void date_parts(day_t day, char dd[4], char mm[4], char yy[6])
{
	dd[0] = mm[0] = yy[0] = 0;
	if (day == DATE_NONE)
		return;
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(dd, 4, "%d", d % 100);
	snprintf(mm, 4, "%d", m % 100);
	snprintf(yy, 6, "%d", y % 10000);
}

struct rate_typed {           /* what the form shows: the stored rating, or what was typed */
	const char *rag, *update, *to, *evidence, *dd, *mm, *yy;
	long long version;
};

static void rate_form(struct req *r, const struct ip_plan *p, const struct ip_action *a, int k, const struct errs *e,
                      const struct rate_typed *t)
{
	html *b = &r->out;
	char title[200];
	snprintf(title, sizeof title, "Rating for %s, %s", a->code, p->periods[k].name);
	form_page_head(r, p, a, title, e);
	text_block(r, a->title);
	form_begin(r, "");
	char ver[24], per[24];
	snprintf(ver, sizeof ver, "%lld", t->version);
	snprintf(per, sizeof per, "%lld", (long long)p->periods[k].id);
	form_hidden(r, "version", ver);
	form_hidden(r, "period", per);
	/* the scale as radios: each with its word and its meaning */
	const char *err = errs_for(e, "rag");
	html_lit(b, "<div class=\"govuk-form-group");
	if (err)
		html_lit(b, " govuk-form-group--error");
	html_lit(b, "\"><fieldset class=\"govuk-fieldset\" aria-describedby=\"rag-hint");
	if (err)
		html_lit(b, " rag-error");
	html_lit(b, "\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">RAG rating</legend>"
	            "<div id=\"rag-hint\" class=\"govuk-hint\">As at ");
	char on[40];
	date_format_long(p->periods[k].as_at, on, sizeof on);
	html_text(b, on);
	html_lit(b, "</div>");
	if (err) {
		html_lit(b, "<p id=\"rag-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:"
		            "</span> ");
		html_text(b, err);
		html_lit(b, "</p>");
	}
	html_lit(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
	for (int i = 0; i < p->nrag; i++) {
		char id[24];
		snprintf(id, sizeof id, i ? "rag-%d" : "rag", i);
		html_lit(b, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"rag\" type=\"radio\" value=\"");
		html_attr(b, p->rag[i].code);
		html_lit(b, "\" aria-describedby=\"");
		html_attr(b, id);
		html_lit(b, "-item-hint\"");
		if (t->rag && !strcmp(t->rag, p->rag[i].code))
			html_lit(b, " checked");
		html_lit(b, "><label class=\"govuk-label govuk-radios__label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">");
		html_text(b, p->rag[i].word);
		html_lit(b, "</label><div id=\"");
		html_attr(b, id);
		html_lit(b, "-item-hint\" class=\"govuk-hint govuk-radios__hint\">");
		html_text(b, p->rag[i].meaning);
		html_lit(b, "</div></div>");
	}
	html_lit(b, "</div></fieldset></div>");
	form_textarea(r, "update", "Progress update", "What has been done this period, and what is still to do", t->update,
	              e);
	form_textarea(r, "evidence", "Evidence", "Links or document references, one a line", t->evidence, e);
	struct option bo[64];
	size_t nb = 0;
	for (int i = 0; i < p->nbodies && nb < 64; i++, nb++)
		bo[nb].value = bo[nb].label = p->bodies[i].name;
	if (nb)
		form_select(r, "presented_to", "Presented to", NULL, bo, nb, t->to, "Not yet presented", e);
	form_date(r, "meeting", "Meeting", "The meeting the update goes to, for example 27 1 2021", t->dd, t->mm, t->yy, e);
	form_button(r, "Save the rating");
	form_end(r);
	page_end(r);
}

void h_plan_rate(struct req *r)
{
	struct ip_plan *p = plan_of(r);
	if (!p)
		return;
	long long pid = 0;
	int ai = action_period_of(r, p, &pid);
	if (ai < 0)
		return;
	const struct ip_action *a = &p->actions[ai];
	int k = ip_period_index(p, pid);
	const struct ip_rating *g = &a->ratings[k];
	struct errs e = {0};
	if (strcmp(r->method, "POST")) {
		char dd[4], mm[4], yy[6];
		date_parts(g->meeting, dd, mm, yy);
		buf ev = BUF_INIT;
		for (int i = 0; i < g->nevidence; i++)
			buf_printf(&ev, "%s%s", i ? "\n" : "", g->evidence[i]);
		struct rate_typed t = {g->rag, g->update, g->presented_to, buf_cstr(&ev), dd, mm, yy, g->id ? g->version : 0};
		rate_form(r, p, a, k, &e, &t);
		buf_free(&ev);
		ip_free(p);
		return;
	}
	const char *rag = req_param_or(r, "rag", ""), *update = req_param_or(r, "update", ""),
	           *to = req_param_or(r, "presented_to", ""), *evidence = req_param_or(r, "evidence", "");
	/* the evidence, one a line (blank lines dropped): copied so the form can show what was typed */
	char *evcopy = strdup(evidence);
	if (!evcopy) {
		ip_free(p);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The rating could not be saved.");
		return;
	}
	const char *refs[MAX_EVIDENCE];
	int nrefs = 0;
	for (char *line = evcopy, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = 0;
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			continue;
		if (nrefs == MAX_EVIDENCE) {
			errs_add(&e, "evidence", "Evidence can have at most %d lines", MAX_EVIDENCE);
			break;
		}
		if (utf8_chars(line) > 1000) {
			errs_add(&e, "evidence", "Each line of evidence must be 1,000 characters or fewer (line %d is longer)",
			         nrefs + 1);
			break;
		}
		refs[nrefs++] = line;
	}
	long long version = -1;
	if (req_param_int(r, "version", 0, INT64_MAX, &version) < 0)
		version = -1;
	if (ip_rag_index(p, rag) < 0)
		errs_add(&e, "rag", "Select the RAG rating for %s", p->periods[k].name);
	if (utf8_chars(update) > 20000)
		errs_add(&e, "update", "Progress update must be 20,000 characters or fewer");
	int body_ok = !*to;
	for (int i = 0; i < p->nbodies && !body_ok; i++)
		body_ok = !strcmp(p->bodies[i].name, to);
	if (!body_ok)
		errs_add(&e, "presented_to", "Choose the body from the list");
	day_t meeting;
	const char *dd, *mm, *yy;
	form_date_read_opt(r, "meeting", "Meeting", &meeting, &e, &dd, &mm, &yy);
	if (version < 0)
		errs_add(&e, "rag", "The form was not complete: open it again from the action");
	if (!e.n) {
		struct ip_rating_in in = {rag, *update ? update : NULL, *to ? to : NULL, meeting, version, refs, nrefs};
		int64_t rid;
		struct actor who;
		req_actor(r, &who);
		int rc = ip_rate(r->db, &who, p, ai, k, &in, &rid, &e);
		if (rc == IP_OK) {
			action_redirect(r, p, a, "");
			free(evcopy);
			ip_free(p);
			return;
		}
		if (rc == IP_ERROR) {
			free(evcopy);
			ip_free(p);
			resp_error(r, 500, "Sorry, there is a problem with the service", "The rating could not be saved.");
			return;
		}
		r->status = rc == IP_STALE ? 409 : 400;
	} else
		r->status = 400;
	struct rate_typed t = {rag, update, to, evidence, dd, mm, yy, version < 0 ? 0 : version};
	rate_form(r, p, a, k, &e, &t);
	free(evcopy);
	ip_free(p);
}

/* ---- updating a sub-action ----------------------------------------------------------------- */

struct sub_typed {            /* what the form shows: the stored sub-action, or what was typed */
	const char *rev[3], *by, *on[3], *done[3];
	long long version;
};

static void sub_form(struct req *r, const struct ip_plan *p, const struct ip_action *a, const struct ip_sub *s,
                     const struct errs *e, const struct sub_typed *t)
{
	html *b = &r->out;
	char title[120];
	snprintf(title, sizeof title, "Sub-action %s %s", a->code, s->letter);
	form_page_head(r, p, a, title, e);
	text_block(r, s->text);
	summary_begin(r);
	char on[40] = "";
	if (s->due != DATE_NONE)
		date_format_long(s->due, on, sizeof on);
	summary_row(r, "Completion date in the plan", *on ? on : or_dash(s->due_text));
	summary_row(r, "Responsible officer", or_dash(s->lead));
	summary_end(r);
	form_begin(r, "");
	char ver[24];
	snprintf(ver, sizeof ver, "%lld", t->version);
	form_hidden(r, "version", ver);
	html_lit(b, "<h2 class=\"govuk-heading-m\">A revised completion date</h2><p class=\"govuk-body\">The date in the "
	            "plan stays as it was; a revised date is shown beside it, with who approved it and when. Clear all "
	            "three to remove a revision entered by mistake.</p>");
	form_date(r, "revised_due", "Revised completion date", "For example 31 3 2021", t->rev[0], t->rev[1], t->rev[2], e);
	form_text(r, "revised_by", "Approved by", "The person or body that agreed the new date, for example the SEND "
	          "Improvement Board", t->by, e, NULL);
	form_date(r, "revised_on", "Date approved", "For example 27 1 2021", t->on[0], t->on[1], t->on[2], e);
	html_lit(b, "<h2 class=\"govuk-heading-m\">Completion</h2>");
	form_date(r, "done", "Date completed", "Leave blank while the sub-action is still open", t->done[0], t->done[1],
	          t->done[2], e);
	form_button(r, "Save the sub-action");
	form_end(r);
	page_end(r);
}

void h_plan_sub(struct req *r)
{
	struct ip_plan *p = plan_of(r);
	if (!p)
		return;
	int ai = action_of(r, p);
	const struct ip_sub *s = NULL;
	for (int i = 0; ai >= 0 && i < p->actions[ai].nsubs && !s; i++)
		if (p->actions[ai].subs[i].id == r->ids[2])
			s = &p->actions[ai].subs[i];
	if (ai >= 0 && !s)
		resp_error(r, 404, "Page not found", "There is no such sub-action in this action.");
	if (!s) {
		ip_free(p);
		return;
	}
	const struct ip_action *a = &p->actions[ai];
	struct errs e = {0};
	if (strcmp(r->method, "POST")) {
		char rv[3][6], on[3][6], dn[3][6];
		date_parts(s->revised_due, rv[0], rv[1], rv[2]);
		date_parts(s->revised_on, on[0], on[1], on[2]);
		date_parts(s->done, dn[0], dn[1], dn[2]);
		struct sub_typed t = {{rv[0], rv[1], rv[2]}, s->revised_by ? s->revised_by : "", {on[0], on[1], on[2]},
		                      {dn[0], dn[1], dn[2]}, s->version};
		sub_form(r, p, a, s, &e, &t);
		ip_free(p);
		return;
	}
	struct sub_typed t = {0};
	t.by = req_param_or(r, "revised_by", "");
	day_t rev, on, done;
	int rev_typed = form_date_read_opt(r, "revised_due", "Revised completion date", &rev, &e, &t.rev[0], &t.rev[1],
	                                   &t.rev[2]);
	int on_typed = form_date_read_opt(r, "revised_on", "Date approved", &on, &e, &t.on[0], &t.on[1], &t.on[2]);
	form_date_read_opt(r, "done", "Date completed", &done, &e, &t.done[0], &t.done[1], &t.done[2]);
	if (rev_typed) {
		if (!*t.by)
			errs_add(&e, "revised_by", "Enter who approved the revised completion date");
		if (!on_typed) {
			errs_add(&e, "revised_on", "Enter the date the revised completion date was approved");
			errs_anchor(&e, "revised_on", "-day");
		}
	} else if (*t.by || on_typed) {
		errs_add(&e, "revised_due", "Enter the revised completion date, or clear who approved it and when");
		errs_anchor(&e, "revised_due", "-day");
	}
	if (utf8_chars(t.by) > 200)
		errs_add(&e, "revised_by", "Approved by must be 200 characters or fewer");
	if (on != DATE_NONE && on > r->today) {
		errs_add(&e, "revised_on", "Date approved must be today or in the past");
		errs_anchor(&e, "revised_on", "-day");
	}
	if (done != DATE_NONE && done > r->today) {
		errs_add(&e, "done", "Date completed must be today or in the past");
		errs_anchor(&e, "done", "-day");
	}
	long long version = -1;
	if (req_param_int(r, "version", 1, INT64_MAX, &version) < 0) {
		version = 0;
		errs_add(&e, "revised_due", "The form was not complete: open it again from the action");
		errs_anchor(&e, "revised_due", "-day");
	}
	t.version = version;
	if (!e.n) {
		struct ip_sub_in in = {rev, on, done, t.by, version};
		struct actor who;
		req_actor(r, &who);
		int rc = ip_sub_update(r->db, &who, s, &in, &e);
		if (rc == IP_OK) {
			action_redirect(r, p, a, "");
			ip_free(p);
			return;
		}
		if (rc == IP_ERROR) {
			ip_free(p);
			resp_error(r, 500, "Sorry, there is a problem with the service", "The sub-action could not be saved.");
			return;
		}
		/* IP_INVALID cannot happen after the checks above; IP_STALE: saved by someone else since */
		r->status = rc == IP_STALE ? 409 : 400;
	} else
		r->status = 400;
	sub_form(r, p, a, s, &e, &t);
	ip_free(p);
}

/* ---- opening a period ------------------------------------------------------------------- */

void h_plan_period_new(struct req *r)
{
	struct ip_plan *p = plan_of(r);
	if (!p)
		return;
	struct errs e = {0};
	const char *name = "", *dd = "", *mm = "", *yy = "";
	if (!strcmp(r->method, "POST")) {
		name = req_param_or(r, "name", "");
		day_t as_at = DATE_NONE;
		form_date_read(r, "as_at", "Date the ratings are as at", &as_at, &e, &dd, &mm, &yy);
		if (!*name)
			errs_add(&e, "name", "Enter the period's name, for example Apr 2021");
		else if (utf8_chars(name) > 40)
			errs_add(&e, "name", "Name must be 40 characters or fewer");
		if (!e.n) {
			int64_t id;
			struct actor who;
			req_actor(r, &who);
			int rc = ip_open_period(r->db, &who, p, name, as_at, &id, &e);
			if (rc == IP_OK) {
				char loc[96];
				snprintf(loc, sizeof loc, "/improvement-plans/%lld", (long long)p->id);
				resp_redirect(r, loc);
				ip_free(p);
				return;
			}
			if (rc == IP_ERROR) {
				ip_free(p);
				resp_error(r, 500, "Sorry, there is a problem with the service", "The period could not be opened.");
				return;
			}
		}
		r->status = 400;
	}
	page_begin_err(r, "Open a new review period", &e);
	html *b = &r->out;
	html_lit(b, "<a class=\"govuk-back-link\" href=\"");
	plan_link(b, p, "");
	html_lit(b, "\">Back to the plan</a>");
	page_error_summary(r, &e);
	html_lit(b, "<span class=\"govuk-caption-l\">");
	html_text(b, p->title);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">Open a new review period</h1><p class=\"govuk-body\">Each "
	            "action's latest rating is carried forward into the new period, marked as not yet reviewed, for "
	            "its lead to confirm or change. Earlier periods keep their ratings and updates as they are.</p>");
	form_begin(r, "");
	form_text(r, "name", "Name", "As the plan's reports name it, for example Apr 2021", name, &e, "govuk-input--width-10");
	form_date(r, "as_at", "Date the ratings are as at", "Usually the last day of the period, for example 30 4 2021", dd,
	          mm, yy, &e);
	form_button(r, "Open the period");
	form_end(r);
	ip_free(p);
	page_end(r);
}

/* ---- the progress report ------------------------------------------------------------------ */

/* The period of ?period= (default: the latest), or -1 with a 404 answered. */
static int period_of(struct req *r, const struct ip_plan *p)
{
	const char *v = req_param(r, "period");
	long long id = 0;
	if (!v && p->nperiods)
		return p->nperiods - 1;
	int k = v && req_param_int(r, "period", 1, INT64_MAX, &id) == 0 ? ip_period_index(p, id) : -1;
	if (k < 0)
		resp_error(r, 404, "Page not found", "There is no such review period in this plan.");
	return k;
}

/* A formatted string in memory of its own size (never cut short), or NULL. */
static char *__attribute__((format(printf, 1, 2))) fmt_alloc(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s) {
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return s;
}

/* The plan, and the period of ?period= in *k: or NULL, the page answered. */
static struct ip_plan *plan_at_period(struct req *r, int *k)
{
	struct ip_plan *p = plan_of(r);
	if (p && (*k = period_of(r, p)) < 0) {
		ip_free(p);
		return NULL;
	}
	return p;
}

/* The RAG of every period up to k, as words: "Oct 2019 Green; Jan 2020 Blue; …" (in b). */
static void history_words(const struct ip_plan *p, const struct ip_action *a, int k, buf *b)
{
	for (int i = 0; i <= k; i++) {
		int g = ip_rag_index(p, a->ratings[i].rag);
		buf_printf(b, "%s%s %s", i ? "; " : "", p->periods[i].name, g >= 0 ? p->rag[g].word : "not rated");
	}
}

void h_plan_report(struct req *r)
{
	int k;
	struct ip_plan *p = plan_at_period(r, &k);
	if (!p)
		return;
	char title[200];
	snprintf(title, sizeof title, "Progress report, %s", p->periods[k].name);
	page_begin(r, title);
	html *b = &r->out;
	html_lit(b, "<div class=\"app-board-pack\"><span class=\"govuk-caption-l\">");
	html_text(b, p->local_area);
	html_lit(b, ": ");
	html_text(b, p->title);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1><p class=\"govuk-body app-no-print\"><a class=\"govuk-link\" href=\"");
	plan_link(b, p, "/report.pdf?period=");
	html_int(b, p->periods[k].id);
	html_lit(b, "\">Download as PDF</a>, or print this page.</p>");
	for (int ai = 0; ai < p->nareas; ai++) {
		const struct ip_area *ar = &p->areas[ai];
		html_lit(b, "<h2 class=\"govuk-heading-m\">Area of concern ");
		html_text(b, ar->number);
		html_lit(b, ": ");
		html_text(b, ar->title);
		html_lit(b, "</h2>");
		if (ar->aim) {
			html_lit(b, "<h3 class=\"govuk-heading-s\">Aim</h3>");
			text_block(r, ar->aim);
		}
		for (int i = ar->first_action; i >= 0 && i < ar->first_action + ar->nactions; i++) {
			const struct ip_action *a = &p->actions[i];
			html_lit(b, "<div class=\"app-report-action\" data-action=\"");
			html_attr(b, a->code);
			html_lit(b, "\"><h3 class=\"govuk-heading-s\">");
			html_text(b, a->code);
			html_lit(b, ": ");
			html_text(b, a->title);
			html_lit(b, "</h3>");
			subs_table(r, p, a, p->periods[k].as_at, 0);
			/* the RAG of every period so far, as a row of tags, each its word */
			table_wrap_begin(r, "RAG rating");
			html_lit(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
			            "RAG rating</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
			for (int j = 0; j <= k; j++) {
				html_lit(b, "<th scope=\"col\" class=\"govuk-table__header\">");
				html_text(b, p->periods[j].name);
				html_lit(b, "</th>");
			}
			html_lit(b, "</tr></thead><tbody class=\"govuk-table__body\"><tr class=\"govuk-table__row\">");
			for (int j = 0; j <= k; j++) {
				html_lit(b, "<td class=\"govuk-table__cell\" data-period=\"");
				html_attr(b, p->periods[j].name);
				html_lit(b, "\">");
				rag_tag(r, p, a->ratings[j].rag);
				html_lit(b, "</td>");
			}
			html_lit(b, "</tr></tbody></table></div><h4 class=\"govuk-heading-s\">Progress update, ");
			html_text(b, p->periods[k].name);
			html_lit(b, "</h4>");
			text_block(r, a->ratings[k].update ? a->ratings[k].update : "No update recorded for this period.");
			html_lit(b, "</div>");
		}
	}
	html_lit(b, "<h2 class=\"govuk-heading-m\">RAG key</h2><dl class=\"govuk-summary-list\">");
	for (int i = 0; i < p->nrag; i++) {
		html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
		html_text(b, p->rag[i].word);
		html_lit(b, "</dt><dd class=\"govuk-summary-list__value\">");
		html_text(b, p->rag[i].meaning);
		html_lit(b, "</dd></div>");
	}
	html_lit(b, "</dl></div>");
	req_audit(r, "report", "ip_plans", p->id, 0, p->periods[k].name, NULL);
	ip_free(p);
	page_end(r);
}

void h_plan_report_pdf(struct req *r)
{
	int k;
	struct ip_plan *p = plan_at_period(r, &k);
	if (!p)
		return;
	/* the same report as the page, as headings, paragraphs and bullets */
	int max = 4 + p->nrag + p->nareas * 3 + p->nactions * 6;
	for (int i = 0; i < p->nactions; i++)
		max += p->actions[i].nsubs;
	struct letter_block *bl = calloc((size_t)max, sizeof *bl);
	char **owned = calloc((size_t)max, sizeof *owned);
	int n = 0, no = 0;
	if (!bl || !owned) {
		free(bl);
		free(owned);
		ip_free(p);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The PDF could not be made.");
		return;
	}
#define OWN(...) (owned[no] = fmt_alloc(__VA_ARGS__), owned[no++])
	for (int ai = 0; ai < p->nareas; ai++) {
		const struct ip_area *ar = &p->areas[ai];
		bl[n++] = (struct letter_block){LB_HEADING, OWN("Area of concern %s: %s", ar->number, ar->title)};
		if (ar->aim)
			bl[n++] = (struct letter_block){LB_PARA, OWN("Aim: %s", ar->aim)};
		for (int i = ar->first_action; i >= 0 && i < ar->first_action + ar->nactions; i++) {
			const struct ip_action *a = &p->actions[i];
			bl[n++] = (struct letter_block){LB_HEADING, OWN("%s: %s", a->code, a->title)};
			for (int s = 0; s < a->nsubs; s++) {
				const struct ip_sub *u = &a->subs[s];
				/* the date in force, or the document's words for it ("Ongoing", "March 2020") */
				char due[40] = "";
				day_t d = ip_sub_due(u, p->periods[k].as_at);
				if (ip_sub_revised_at(u, p->periods[k].as_at) || !u->due_text)
					date_format_long(d, due, sizeof due);
				bl[n++] = (struct letter_block){LB_BULLET, OWN("%s) %s — %s%s; %s", u->letter, u->text, *due ? "by " : "",
				                                               *due ? due : u->due_text ? u->due_text : "no date",
				                                               u->lead ? u->lead : "no lead")};
			}
			buf hist = BUF_INIT;
			history_words(p, a, k, &hist);
			bl[n++] = (struct letter_block){LB_PARA, OWN("RAG: %s", buf_cstr(&hist))};
			buf_free(&hist);
			bl[n++] = (struct letter_block){LB_PARA, OWN("Progress update, %s: %s", p->periods[k].name,
			                                             a->ratings[k].update ? a->ratings[k].update : "none recorded")};
		}
	}
	bl[n++] = (struct letter_block){LB_HEADING, "RAG key"};
	for (int i = 0; i < p->nrag; i++)
		bl[n++] = (struct letter_block){LB_BULLET, OWN("%s: %s", p->rag[i].word, p->rag[i].meaning)};
#undef OWN
	int oom = 0;
	for (int i = 0; i < no; i++)
		oom |= !owned[i];
	char title[200], date_text[40], err[200], name[96];
	snprintf(title, sizeof title, "%s: progress report, %s", p->title, p->periods[k].name);
	date_format_long(p->periods[k].as_at, date_text, sizeof date_text);
	struct letter_doc doc = {p->local_area, NULL, date_text, NULL, title, bl, n, "sendmis: improvement plan progress "
	                         "report. RAG ratings are given as words.", NULL};
	snprintf(name, sizeof name, "plan-%lld-progress-%lld.pdf", (long long)p->id, (long long)p->periods[k].id);
	buf *pdf = resp_body(r, "application/pdf", name);
	int rc = oom ? -1 : letter_pdf(&doc, pdf, err, sizeof err);
	for (int i = 0; i < no; i++)
		free(owned[i]);
	free(owned);
	free(bl);
	if (rc < 0) {
		ip_free(p);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The PDF could not be made.");
		return;
	}
	req_audit(r, "report", "ip_plans", p->id, 0, "pdf", NULL);
	ip_free(p);
}

/* ---- the one-page summary ------------------------------------------------------------------ */

void h_plan_summary(struct req *r)
{
	int k;
	struct ip_plan *p = plan_at_period(r, &k);
	if (!p)
		return;
	char title[200];
	snprintf(title, sizeof title, "Summary, %s", p->periods[k].name);
	page_begin(r, title);
	html *b = &r->out;
	html_lit(b, "<div class=\"app-board-pack\"><span class=\"govuk-caption-l\">");
	html_text(b, p->title);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1>");
	/* actions by RAG, this period against the one before */
	table_wrap_begin(r, "Actions by rating");
	html_lit(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Actions "
	            "by rating</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
	            "class=\"govuk-table__header\">Rating</th><th scope=\"col\" class=\"govuk-table__header "
	            "govuk-table__header--numeric\">");
	html_text(b, p->periods[k].name);
	html_lit(b, "</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">");
	html_text(b, k > 0 ? p->periods[k - 1].name : "Before");
	html_lit(b, "</th></tr></thead><tbody class=\"govuk-table__body\">");
	for (int g = -1; g < p->nrag; g++) {
		int now = 0, before = 0;
		for (int i = 0; i < p->nactions; i++) {
			int x = ip_rag_index(p, p->actions[i].ratings[k].rag);
			int y = k > 0 ? ip_rag_index(p, p->actions[i].ratings[k - 1].rag) : -1;
			now += x == g;
			before += y == g;
		}
		html_lit(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">");
		if (g < 0)
			html_lit(b, "Not rated");
		else
			rag_tag(r, p, p->rag[g].code);
		html_lit(b, "</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		html_int(b, now);
		html_lit(b, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
		if (k > 0)
			html_int(b, before);
		else
			html_lit(b, "—");
		html_lit(b, "</td></tr>");
	}
	html_lit(b, "</tbody></table></div>");
	/* slipped dates: sub-actions whose date was revised, or past and not done, as at the period */
	html_lit(b, "<h2 class=\"govuk-heading-m\">Dates that slipped</h2>");
	static const char *const cols[] = {"Action", "Sub-action", "First due", "Now due", "Lead"};
	int slipped = 0;
	for (int i = 0; i < p->nactions; i++) {
		const struct ip_action *a = &p->actions[i];
		for (int s = 0; s < a->nsubs; s++) {
			const struct ip_sub *u = &a->subs[s];
			day_t due = ip_sub_due(u, p->periods[k].as_at);
			int late = ip_sub_revised_at(u, p->periods[k].as_at) ||
			           (due != DATE_NONE && due < p->periods[k].as_at && (u->done == DATE_NONE || u->done > due));
			if (!late)
				continue;
			if (!slipped++)
				table_begin(r, "Dates that slipped", cols, 5);
			html_lit(b, "<tr class=\"govuk-table__row\">");
			td_text(r, a->code);
			html_lit(b, "<td class=\"govuk-table__cell\">");
			html_text(b, u->letter);
			html_lit(b, ") ");
			html_clipped(b, u->text, 120);
			html_lit(b, "</td>");
			td_day(r, u->due, u->due_text ? u->due_text : "—");
			td_day(r, due, "—");
			td_text(r, u->lead);
			html_lit(b, "</tr>");
		}
	}
	if (slipped)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">None.</p>");
	/* the measures behind the actions, as at the period's day, against their targets */
	html_lit(b, "<h2 class=\"govuk-heading-m\">Measures against targets</h2>");
	int listed = 0;
	static const char *const kcols[] = {"Action", "Measure", "Value", "Target"};
	struct kpi_memo *memo = calloc(1, sizeof *memo);
	for (int i = 0; i < p->nactions; i++)
		for (int j = 0; j < p->actions[i].nkpis; j++) {
			const struct ip_kpi *q = &p->actions[i].kpis[j];
			const struct kpi_def *kd = kpi_by_id(q->kpi);
			struct kpi_value v;
			if (!kd || p->periods[k].as_at > r->today)
				continue;
			enum kpi_id kid = kd->k;
			if (!listed++)
				table_begin(r, "Measures against targets", kcols, 4);
			html_lit(b, "<tr class=\"govuk-table__row\">");
			td_text(r, p->actions[i].code);
			td_text(r, kpi_defs[kid].title);
			html_lit(b, "<td class=\"govuk-table__cell\">");
			if (!memo || kpi_at(r, memo, kid, p->periods[k].as_at, &v) < 0)
				html_lit(b, "could not be counted");
			else
				kpi_cell(r, kid, &v);
			html_lit(b, "</td><td class=\"govuk-table__cell\">");
			if (q->has_target) {
				char t[32];
				snprintf(t, sizeof t, "%.1f", q->target);
				html_text(b, t);
			} else
				html_lit(b, "none set");
			html_lit(b, "</td></tr>");
		}
	if (listed)
		table_end(r);
	else
		html_lit(b, "<p class=\"govuk-body\">No measure is linked to an action, or the period is still to come.</p>");
	free(memo);
	html_lit(b, "</div>");
	req_audit(r, "report", "ip_plans", p->id, 0, "summary", NULL);
	ip_free(p);
	page_end(r);
}

/* ---- exports ------------------------------------------------------------------------------- */

void h_plan_json(struct req *r)
{
	char name[48];
	snprintf(name, sizeof name, "plan-%lld.json", (long long)r->ids[0]);
	int rc = ip_export_json(r->db, r->ids[0], resp_body(r, "application/json", name));
	if (rc) {
		resp_error(r, rc > 0 ? 404 : 500, rc > 0 ? "Page not found" : "Sorry, there is a problem with the service",
		           rc > 0 ? "There is no such improvement plan." : "The plan could not be written.");
		return;
	}
	req_audit(r, "export", "ip_plans", r->ids[0], 0, "json", NULL);
}

void h_plan_xlsx(struct req *r)
{
	struct ip_plan *p = plan_of(r);
	if (!p)
		return;
	char path[32];
	lxw_workbook *wb = xlsx_begin(path);
	int ok = wb != NULL;
	if (ok) {
		lxw_format *bold = workbook_add_format(wb), *wrap = workbook_add_format(wb), *datef = workbook_add_format(wb);
		format_set_bold(bold);
		format_set_text_wrap(wrap);
		format_set_num_format(datef, "d mmmm yyyy");
		/* the grid: one row per action, one column per period, each cell the rating's word */
		lxw_worksheet *g = workbook_add_worksheet(wb, "RAG by period");
		worksheet_write_string(g, 0, 0, "Area", bold);
		worksheet_write_string(g, 0, 1, "Action", bold);
		worksheet_write_string(g, 0, 2, "Title", bold);
		for (int k = 0; k < p->nperiods; k++)
			worksheet_write_string(g, 0, (lxw_col_t)(3 + k), p->periods[k].name, bold);
		for (int i = 0; i < p->nactions; i++) {
			const struct ip_action *a = &p->actions[i];
			lxw_row_t row = (lxw_row_t)(i + 1);
			worksheet_write_string(g, row, 0, p->areas[a->area].number, NULL);
			worksheet_write_string(g, row, 1, a->code, NULL);
			worksheet_write_string(g, row, 2, a->title, NULL);
			for (int k = 0; k < p->nperiods; k++) {
				int x = ip_rag_index(p, a->ratings[k].rag);
				if (x >= 0)
					worksheet_write_string(g, row, (lxw_col_t)(3 + k), p->rag[x].word, NULL);
			}
		}
		/* the sub-actions, with real dates */
		lxw_worksheet *s = workbook_add_worksheet(wb, "Sub-actions");
		static const char *const sc[] = {"Action", "Letter", "Sub-action", "Due", "Due (as written)", "Revised due",
		                                 "Revised by", "Revised on", "Lead", "Done"};
		for (int c = 0; c < 10; c++)
			worksheet_write_string(s, 0, (lxw_col_t)c, sc[c], bold);
		lxw_row_t row = 1;
		for (int i = 0; i < p->nactions; i++)
			for (int j = 0; j < p->actions[i].nsubs; j++, row++) {
				const struct ip_sub *u = &p->actions[i].subs[j];
				worksheet_write_string(s, row, 0, p->actions[i].code, NULL);
				worksheet_write_string(s, row, 1, u->letter, NULL);
				worksheet_write_string(s, row, 2, u->text, wrap);
				const day_t ds[] = {u->due, u->revised_due, u->revised_on, u->done};
				const lxw_col_t dc[] = {3, 5, 7, 9};
				for (int q = 0; q < 4; q++)
					if (ds[q] != DATE_NONE) {
						int y, m, d;
						date_to_ymd(ds[q], &y, &m, &d);
						lxw_datetime dt = {y, m, d, 0, 0, 0};
						worksheet_write_datetime(s, row, dc[q], &dt, datef);
					}
				if (u->due_text)
					worksheet_write_string(s, row, 4, u->due_text, NULL);
				if (u->revised_by)
					worksheet_write_string(s, row, 6, u->revised_by, NULL);
				if (u->lead)
					worksheet_write_string(s, row, 8, u->lead, NULL);
			}
		/* every update */
		lxw_worksheet *w = workbook_add_worksheet(wb, "Updates");
		static const char *const uc[] = {"Action", "Period", "Rating", "Update", "Presented to"};
		for (int c = 0; c < 5; c++)
			worksheet_write_string(w, 0, (lxw_col_t)c, uc[c], bold);
		row = 1;
		for (int i = 0; i < p->nactions; i++)
			for (int k = 0; k < p->nperiods; k++) {
				const struct ip_rating *t = &p->actions[i].ratings[k];
				if (!t->rag && !t->update)
					continue;
				int x = ip_rag_index(p, t->rag);
				worksheet_write_string(w, row, 0, p->actions[i].code, NULL);
				worksheet_write_string(w, row, 1, p->periods[k].name, NULL);
				if (x >= 0)
					worksheet_write_string(w, row, 2, p->rag[x].word, NULL);
				if (t->update)
					worksheet_write_string(w, row, 3, t->update, wrap);
				if (t->presented_to)
					worksheet_write_string(w, row, 4, t->presented_to, NULL);
				row++;
			}
		lxw_worksheet *key = workbook_add_worksheet(wb, "RAG key");
		for (int i = 0; i < p->nrag; i++) {
			worksheet_write_string(key, (lxw_row_t)i, 0, p->rag[i].word, bold);
			worksheet_write_string(key, (lxw_row_t)i, 1, p->rag[i].meaning, NULL);
		}
		ok = workbook_close(wb) == LXW_NO_ERROR;
	}
	char name[96];
	snprintf(name, sizeof name, "plan-%lld.xlsx", (long long)p->id);
	int64_t id = p->id;
	ip_free(p);
	if (resp_take_file(r, path, ok, "The spreadsheet", XLSX_TYPE, name) < 0)
		return;
	req_audit(r, "export", "ip_plans", id, 0, "xlsx", NULL);
}

/* ---- linking a measure to an action (issue 17) ---------------------------------- */

/* A number as typed ("41.5", "42"): 0, or -1 with the field's error. */
static int number_field(struct req *r, const char *name, const char *label, double *out, int *has, struct errs *e)
{
	const char *v = req_param_or(r, name, "");
	while (*v == ' ')
		v++;
	*has = 0;
	if (!*v)
		return 0;
	char *end;
	double x = strtod(v, &end);
	while (*end == ' ' || *end == '%')
		end++;
	if (*end || x != x || x < -1e9 || x > 1e9) {
		errs_add(e, name, "%s must be a number, like 42 or 41.5", label);
		return -1;
	}
	*out = x;
	*has = 1;
	return 0;
}

static void measure_form(struct req *r, const struct ip_plan *p, const struct ip_action *a, const struct errs *e)
{
	char title[160];
	snprintf(title, sizeof title, "Link a measure to action %s", a->code);
	if (e->n)
		r->status = 422;
	page_begin_err(r, title, e);
	html *b = &r->out;
	html_lit(b, "<a class=\"govuk-back-link\" href=\"");
	action_link(b, p, a);
	html_lit(b, "\">Back to the action</a><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1><p class=\"govuk-body\">The action's page will show the measure at every review point, counted "
	            "from the records as they stood that day (<a class=\"govuk-link\" href=\"/dashboard/definitions\">how "
	            "each is counted</a>).</p>");
	buf action = BUF_INIT;
	buf_printf(&action, "/improvement-plans/%lld/actions/%lld/measures", (long long)p->id, (long long)a->id);
	form_begin(r, buf_cstr(&action));
	buf_free(&action);
	struct option opts[K_N];
	for (int k = 0; k < K_N; k++) {
		opts[k].value = kpi_defs[k].id;
		opts[k].label = kpi_defs[k].title;
	}
	form_select(r, "kpi", "Measure", NULL, opts, K_N, req_param(r, "kpi"), "Select…", e);
	form_text(r, "baseline", "Baseline (optional)", "The value when the action began: a percentage as a number, like 41.5",
	          req_param(r, "baseline"), e, "govuk-input--width-5");
	form_date(r, "baseline_date", "Date of the baseline (optional)", NULL, req_param(r, "baseline_date-day"),
	          req_param(r, "baseline_date-month"), req_param(r, "baseline_date-year"), e);
	form_text(r, "target", "Target (optional)", NULL, req_param(r, "target"), e, "govuk-input--width-5");
	form_date(r, "target_date", "Date of the target (optional)", NULL, req_param(r, "target_date-day"),
	          req_param(r, "target_date-month"), req_param(r, "target_date-year"), e);
	form_button(r, "Link the measure");
	form_end(r);
	html_lit(b, "</div></div>");
	page_end(r);
}

void h_plan_measures(struct req *r)
{
	int ai;
	struct ip_plan *p = plan_action_of(r, &ai);
	if (!p)
		return;
	const struct ip_action *a = &p->actions[ai];
	struct errs e = {0};
	if (!strcmp(r->method, "POST")) {
		struct ip_kpi_in in = {req_param_or(r, "kpi", ""), 0, 0, 0, 0, DATE_NONE, DATE_NONE};
		number_field(r, "baseline", "Baseline", &in.baseline, &in.has_baseline, &e);
		number_field(r, "target", "Target", &in.target, &in.has_target, &e);
		const char *dd, *mm, *yy;
		form_date_read_opt(r, "baseline_date", "Date of the baseline", &in.baseline_date, &e, &dd, &mm, &yy);
		form_date_read_opt(r, "target_date", "Date of the target", &in.target_date, &e, &dd, &mm, &yy);
		if (!e.n) {
			struct actor who;
			req_actor(r, &who);
			int rc = ip_kpi_link(r->db, &who, p, ai, &in, &e);
			if (rc == IP_OK) {
				action_redirect(r, p, a, "?saved=measure#measures");
				ip_free(p);
				return;
			}
			if (rc != IP_INVALID) {
				ip_free(p);
				resp_error(r, 500, "Sorry, there is a problem with the service", "The measure could not be linked.");
				return;
			}
		}
		errs_anchor(&e, "baseline_date", "-day");
		errs_anchor(&e, "target_date", "-day");
	}
	measure_form(r, p, a, &e);
	ip_free(p);
}

void h_plan_measure_remove(struct req *r)
{
	int ai;
	struct ip_plan *p = plan_action_of(r, &ai);
	if (!p)
		return;
	struct errs e = {0};
	struct actor who;
	req_actor(r, &who);
	int rc = ip_kpi_unlink(r->db, &who, p, ai, req_param(r, "kpi"), &e);
	if (rc == IP_OK) {
		action_redirect(r, p, &p->actions[ai], "?removed=measure#measures");
	} else if (rc == IP_INVALID) {
		resp_error(r, 409, "The measure could not be removed", e.e[0].msg);
	} else {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The measure could not be removed.");
	}
	ip_free(p);
}

/* Adding a measure entered by hand. */
void h_plan_manual(struct req *r)
{
	int ai;
	struct ip_plan *p = plan_action_of(r, &ai);
	if (!p)
		return;
	const struct ip_action *a = &p->actions[ai];
	struct errs e = {0};
	if (!strcmp(r->method, "POST")) {
		struct ip_manual_in in = {req_param_or(r, "name", ""), req_param_or(r, "source", ""), req_param_or(r, "unit", ""),
		                          0, 0, 0, 0};
		number_field(r, "baseline", "Baseline", &in.baseline, &in.has_baseline, &e);
		number_field(r, "target", "Target", &in.target, &in.has_target, &e);
		if (!e.n) {
			struct actor who;
			req_actor(r, &who);
			int rc = ip_manual_add(r->db, &who, p, ai, &in, &e);
			if (rc == IP_OK) {
				action_redirect(r, p, a, "?saved=measure#manual");
				ip_free(p);
				return;
			}
			if (rc != IP_INVALID) {
				ip_free(p);
				resp_error(r, 500, "Sorry, there is a problem with the service", "The measure could not be saved.");
				return;
			}
		}
	}
	char title[160];
	snprintf(title, sizeof title, "Add a measure entered by hand to action %s", a->code);
	if (e.n)
		r->status = 422;
	page_begin_err(r, title, &e);
	html *b = &r->out;
	html_lit(b, "<a class=\"govuk-back-link\" href=\"");
	action_link(b, p, a);
	html_lit(b, "\">Back to the action</a><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	html_lit(b, "<h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1><p class=\"govuk-body\">For a figure sendmis does not count itself: a partner's, or a survey "
	            "run elsewhere. Its value is recorded at each review point, with where it came from.</p>");
	form_begin(r, r->path);
	form_text(r, "name", "Name of the measure", "For example, % of parents who say they were listened to",
	          req_param(r, "name"), &e, NULL);
	form_text(r, "source", "Source", "Where the figure comes from: who publishes or collects it", req_param(r, "source"),
	          &e, NULL);
	static const struct option units[] = {{"percent", "A percentage"}, {"number", "A number"}};
	form_radios(r, "unit", "Is it a percentage or a number?", NULL, units, 2, req_param(r, "unit"), &e);
	form_text(r, "baseline", "Baseline (optional)", NULL, req_param(r, "baseline"), &e, "govuk-input--width-5");
	form_text(r, "target", "Target (optional)", NULL, req_param(r, "target"), &e, "govuk-input--width-5");
	form_button(r, "Add the measure");
	form_end(r);
	html_lit(b, "</div></div>");
	page_end(r);
	ip_free(p);
}

struct value_find {
	int64_t id;
	int period;
	int found;
	char name[200], unit[12];
	int has;
	double value;
	char note[2001];
	int64_t version;
};

static int value_find(void *ctx, const struct ip_manual *m)
{
	struct value_find *f = ctx;
	if (m->id != f->id)
		return 0;
	f->found = 1;
	snprintf(f->name, sizeof f->name, "%s", m->name);
	snprintf(f->unit, sizeof f->unit, "%s", m->unit);
	f->has = m->has[f->period];
	f->value = m->values[f->period];
	snprintf(f->note, sizeof f->note, "%s", m->notes[f->period] ? m->notes[f->period] : "");
	f->version = m->value_versions[f->period];
	return 1;
}

/* Recording a measure's value at a review point. */
void h_plan_manual_value(struct req *r)
{
	struct ip_plan *p = plan_of(r);
	if (!p)
		return;
	long long pid = 0;
	int ai = action_period_of(r, p, &pid);
	if (ai < 0)
		return;
	const struct ip_action *a = &p->actions[ai];
	int k = ip_period_index(p, pid);
	struct value_find f = {r->ids[2], k, 0, "", "", 0, 0, "", 0};
	if (ip_manual_each(r->db, p, ai, value_find, &f) < 0 || !f.found) {
		ip_free(p);
		resp_error(r, 404, "Page not found", "There is no such measure on this action.");
		return;
	}
	struct errs e = {0};
	if (!strcmp(r->method, "POST")) {
		double v = 0;
		int has = 0;
		long long seen = 0;
		if (req_param_int(r, "version", 0, INT64_MAX, &seen) < 0) {
			ip_free(p);
			resp_error(r, 400, "Bad request", "The form did not say which version of the value it changes.");
			return;
		}
		number_field(r, "value", "Value", &v, &has, &e);
		if (!e.n && !has)
			errs_add(&e, "value", "Enter the value for %s", p->periods[k].name);
		if (!e.n) {
			struct actor who;
			req_actor(r, &who);
			int rc = ip_manual_value(r->db, &who, p, ai, f.id, k, v, req_param(r, "note"), seen, &e);
			if (rc == IP_OK) {
				action_redirect(r, p, a, "?saved=measure#manual");
				ip_free(p);
				return;
			}
			if (rc == IP_ERROR) {
				ip_free(p);
				resp_error(r, 500, "Sorry, there is a problem with the service", "The value could not be saved.");
				return;
			}
		}
	}
	char title[320];
	snprintf(title, sizeof title, "%s: %s", f.name, p->periods[k].name);
	if (e.n)
		r->status = 422;
	page_begin_err(r, title, &e);
	html *b = &r->out;
	html_lit(b, "<a class=\"govuk-back-link\" href=\"");
	action_link(b, p, a);
	html_lit(b, "\">Back to the action</a><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, &e);
	html_lit(b, "<span class=\"govuk-caption-l\">Action ");
	html_text(b, a->code);
	html_lit(b, "</span><h1 class=\"govuk-heading-l\">");
	html_text(b, title);
	html_lit(b, "</h1>");
	form_begin(r, r->path);
	char per[24], ver[24], val[40];
	snprintf(per, sizeof per, "%lld", pid);
	form_hidden(r, "period", per);
	snprintf(ver, sizeof ver, "%lld", (long long)f.version);
	form_hidden(r, "version", !strcmp(r->method, "POST") ? req_param_or(r, "version", ver) : ver);
	snprintf(val, sizeof val, "%.17g", f.value);
	form_text(r, "value", !strcmp(f.unit, "percent") ? "Value, as a percentage" : "Value", "A number, like 42 or 41.5",
	          !strcmp(r->method, "POST") ? req_param(r, "value") : f.has ? val : NULL, &e, "govuk-input--width-5");
	form_textarea(r, "note", "Note (optional)", "What the figure covers, or why it changed",
	              !strcmp(r->method, "POST") ? req_param(r, "note") : f.note, &e);
	form_button(r, "Save the value");
	form_end(r);
	html_lit(b, "</div></div>");
	page_end(r);
	ip_free(p);
}
