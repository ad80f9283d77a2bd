/* page.c — GOV.UK template and components; see page.h. */
#include "web/page.h"
#include "web/links.h"
#include "domain/outbox.h"
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The main navigation: seven groups, so it fits one row at 1,280 px.  Each
 * group's link goes to the first of its pages the user may see; a group with
 * more than one of those shows them as a sub-navigation on each of them.  A
 * group is marked current on its pages and on every page under them, and on
 * the pages under `also` (space-separated path prefixes: a child's record
 * and its forms are Children's). */
struct navpage { const char *href; const char *label; unsigned roles; };
#define NAV_PAGES 7
struct navgroup { const char *label; const char *also; struct navpage pages[NAV_PAGES]; };
static const struct navgroup nav[] = {
	{"Children", "/people /plans /needs /placements /visits /notes /requests /advice /exceptions /phase /named "
	             "/panel-cases /letters /merges /plan-versions /plan-comments /section-a /section-b /section-c /section-d "
	             "/section-e /section-f /section-g /section-h1 /section-h2 /section-j /section-k /family-contacts /consents "
	             "/views", {
		{"/people", "Children and young people", ROLE_ALL},
		{"/search", "Find a child", ROLE_ALL},
		{"/oversight", "Oversight", ROLE_ALL},
		{"/duplicates", "Likely duplicates", ROLE_ADMIN | ROLE_MANAGER},
	}},
	{"Work", "", {
		{"/", "My caseload", ROLE_CASEWORKER},   /* the roles whose home (routes.c) is "/" */
		{"/work", "My work", ROLE_CASEWORKER},   /* a manager opens each caseworker's queue from the team view */
		{"/team", "Team", ROLE_ADMIN | ROLE_MANAGER},
		{"/reviews", "Reviews", ROLE_ALL},
		{"/phase-transfers", "Phase transfers", ROLE_ALL},
		{"/panels", "Panels", ROLE_ALL},
	}},
	{"Partners", "/contacts /setting-contacts", {
		{"/services", "Partners", ROLE_ALL},
		{"/establishments", "Settings", ROLE_ALL},
		{"/closures", "Closures", ROLE_ALL},
		{"/reports/advice", "Advice", ROLE_ALL},
		{"/outbox", "Outbox", ROLE_ADMIN | ROLE_MANAGER | ROLE_CASEWORKER},
		{"/templates", "Templates", ROLE_ALL},
	}},
	{"Performance", "/kpi-references /survey-paper /engagement-actions", {
		{"/dashboard", "Dashboard", ROLE_ALL | ROLE_BOARD},
		{"/qa", "Quality assurance", ROLE_ADMIN | ROLE_MANAGER | ROLE_CASEWORKER | ROLE_QA},
		{"/qa/reports", "Plan quality", ROLE_READONLY | ROLE_BOARD},
		{"/surveys", "Surveys", ROLE_ALL | ROLE_BOARD},
		{"/engagement", "Co-production", ROLE_ALL | ROLE_BOARD},
	}},
	{"Returns", "", {
		{"/returns/sen2", "SEN2 return", ROLE_ADMIN | ROLE_MANAGER},
	}},
	{"Improvement plan", "", {
		{"/improvement-plans", "Improvement plan", ROLE_ALL | ROLE_BOARD},
	}},
	{"Admin", "", {
		{"/admin/audit", "Audit", ROLE_ADMIN | ROLE_MANAGER},
	}},
};

static int nav_active(const char *href, const char *path)
{
	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	size_t n = strlen(href);
	return strncmp(path, href, n) == 0 && (path[n] == 0 || path[n] == '/' || path[n] == '.');
}

/* Whether path is under one of the space-separated prefixes of `also`. */
static int nav_also(const char *also, const char *path)
{
	while (*also) {
		const char *e = strchr(also, ' ');
		size_t n = e ? (size_t)(e - also) : strlen(also);
		if (strncmp(path, also, n) == 0 && (path[n] == 0 || path[n] == '/' || path[n] == '.'))
			return 1;
		also += n;
		while (*also == ' ')
			also++;
	}
	return 0;
}

static int nav_visible(const struct navpage *p, unsigned role)
{
	return p->href && (p->roles & role);
}

/* The group path belongs to (-1: none): a page of its own first (one the
 * role's list leaves out too: a manager opens /work from the team view),
 * then the prefixes. */
static int nav_group_of(const char *path, unsigned role)
{
	(void)role;
	for (size_t g = 0; g < sizeof nav / sizeof nav[0]; g++)
		for (int i = 0; i < NAV_PAGES; i++)
			if (nav[g].pages[i].href && nav_active(nav[g].pages[i].href, path))
				return (int)g;
	for (size_t g = 0; g < sizeof nav / sizeof nav[0]; g++)
		if (nav_also(nav[g].also, path))
			return (int)g;
	return -1;
}

/* A group's pages as MOJ sub-navigation, on the group's own pages only
 * (a page under them, such as a child's record, has its own). */
static void nav_sub(struct req *r, int g, unsigned role)
{
	int n = 0, here = -1, own = 0;   /* own: one of the group's pages, if not one in the role's list (a manager's /work) */
	for (int i = 0; i < NAV_PAGES; i++) {
		own |= nav[g].pages[i].href && !strcmp(nav[g].pages[i].href, r->path);
		if (nav_visible(&nav[g].pages[i], role)) {
			n++;
			if (!strcmp(nav[g].pages[i].href, r->path))
				here = i;
		}
	}
	if (n < 2 || !own)
		return;
	html *b = &r->out;
	html_lit(b, "<nav class=\"moj-sub-navigation app-group-nav\" aria-label=\"");
	html_attr(b, nav[g].label);
	html_lit(b, "\"><ul class=\"moj-sub-navigation__list\">");
	for (int i = 0; i < NAV_PAGES; i++) {
		if (!nav_visible(&nav[g].pages[i], role))
			continue;
		html_lit(b, "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\" ");
		if (i == here)
			html_lit(b, "aria-current=\"page\" ");
		html_lit(b, "href=\"");
		html_attr(b, nav[g].pages[i].href);
		html_lit(b, "\">");
		html_text(b, nav[g].pages[i].label);
		html_lit(b, "</a></li>");
	}
	html_lit(b, "</ul></nav>");
}

/* The search box in the header, for staff (the route table's answer for /search). */
static void header_search(struct req *r)
{
	html *b = &r->out;
	html_lit(b, "<form method=\"get\" action=\"/search\" class=\"app-header__search\" role=\"search\" "
	            "aria-label=\"Find a child or young person\"><label class=\"govuk-visually-hidden\" for=\"header-search\">"
	            "Find a child or young person by name, date of birth, case reference, UPN, ULN, NHS number or postcode"
	            "</label><input class=\"govuk-input app-header__search-input\" id=\"header-search\" name=\"q\" type=\"search\" "
	            "spellcheck=\"false\" autocomplete=\"off\" placeholder=\"Find a child\" value=\"");
	const char *q = !strcmp(r->path, "/search") ? req_param(r, "q") : NULL;
	html_attr(b, q ? q : "");
	html_lit(b, "\"><button type=\"submit\" class=\"app-header__search-button\">Search</button></form>");
}

static void begin(struct req *r, const char *title, int error)
{
	html *b = &r->out;
	if (!r->content_type)
		r->content_type = "text/html; charset=utf-8";
	html_lit(b, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template govuk-template--rebranded\">\n<head>\n"
	            "<meta charset=\"utf-8\">\n<title>");
	if (error)
		html_lit(b, "Error: ");
	html_text(b, title);
	html_lit(b, " – sendmis</title>\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n"
	            "<meta name=\"theme-color\" content=\"#1d70b8\">\n"
	            "<link rel=\"icon\" href=\"/assets/rebrand/images/favicon.ico\" sizes=\"48x48\">\n"
	            "<link rel=\"stylesheet\" href=\"/assets/govuk-frontend.min.css\">\n"
	            "<link rel=\"stylesheet\" href=\"/assets/moj-frontend.min.css\">\n"
	            "<link rel=\"stylesheet\" href=\"/assets/sendmis.css\">\n"
	            "</head>\n<body class=\"govuk-template__body\">\n"
	            "<script src=\"/assets/body-class.js\"></script>\n"
	            "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">Skip to main content</a>\n"
	            "<header class=\"govuk-header\" data-module=\"govuk-header\">"
	            "<div class=\"govuk-header__container govuk-width-container\"><div class=\"govuk-header__logo\">"
	            "<a href=\"/\" class=\"govuk-header__link govuk-header__link--homepage\">"
	            "<span class=\"govuk-header__product-name\">sendmis</span></a></div>");
	if (r->signed_in) {   /* who is signed in, and signing out: in the header's landmark */
		html_lit(b, "<div class=\"govuk-header__content app-header__account\"><p class=\"app-header__user\">Signed in as ");
		html_text(b, r->user.display_name);
		html_lit(b, " (");
		html_text(b, role_name(r->user.role));
		html_lit(b, ")</p> <form method=\"post\" action=\"/sign-out\" class=\"app-inline-form\">"
		            "<input type=\"hidden\" name=\"csrf\" value=\"");
		html_attr(b, r->csrf);
		html_lit(b, "\"><button type=\"submit\" class=\"app-header__sign-out\">Sign out</button></form>");
		if (req_may(r, "GET", "/search"))
			header_search(r);
		html_lit(b, "</div>");
	}
	html_lit(b, "</div></header>\n"
	            "<section class=\"govuk-service-navigation\" aria-label=\"Service information\" data-module=\"govuk-service-navigation\">"
	            "<div class=\"govuk-width-container\"><div class=\"govuk-service-navigation__container\">"
	            "<span class=\"govuk-service-navigation__service-name\"><a href=\"/\" class=\"govuk-service-navigation__link\">");
	html_text(b, r->cfg->la_name);
	html_lit(b, " SEND</a></span>");
	if (r->signed_in) {
		html_lit(b, "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
		            "<button type=\"button\" class=\"govuk-service-navigation__toggle govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" hidden>Menu</button>"
		            "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
		unsigned role = (unsigned)r->user.role;
		int cur = nav_group_of(r->path, role);
		for (size_t g = 0; g < sizeof nav / sizeof nav[0]; g++) {
			const char *href = NULL;
			for (int i = 0; i < NAV_PAGES && !href; i++)
				if (nav_visible(&nav[g].pages[i], role))
					href = nav[g].pages[i].href;
			if (!href)
				continue;
			int act = (int)g == cur;
			if (act && !strcmp(href, r->path))   /* the group's first page is this page */
				html_lit(b, "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
				            "<a class=\"govuk-service-navigation__link\" aria-current=\"page\" href=\"");
			else if (act)
				html_lit(b, "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
				            "<a class=\"govuk-service-navigation__link\" aria-current=\"true\" href=\"");
			else
				html_lit(b, "<li class=\"govuk-service-navigation__item\"><a class=\"govuk-service-navigation__link\" href=\"");
			html_attr(b, href);
			html_lit(b, "\">");
			if (act)
				html_lit(b, "<strong class=\"govuk-service-navigation__active-fallback\">");
			html_text(b, nav[g].label);
			if (act)
				html_lit(b, "</strong>");
			html_lit(b, "</a></li>");
		}
		html_lit(b, "</ul></nav>");
	}
	html_lit(b, "</div></div></section>\n<div class=\"govuk-width-container\">\n"
	            "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n");
	if (r->signed_in) {
		int g = nav_group_of(r->path, (unsigned)r->user.role);
		if (g >= 0)
			nav_sub(r, g, (unsigned)r->user.role);
	}
}

void page_begin(struct req *r, const char *title)
{
	begin(r, title, 0);
}

void page_begin_err(struct req *r, const char *title, const struct errs *e)
{
	begin(r, title, e && e->n > 0);
}

void page_end(struct req *r)
{
	html_lit(&r->out, "\n</main>\n</div>\n<footer class=\"govuk-footer\"><div class=\"govuk-width-container\">"
	                  "<div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">"
	                  "<p class=\"govuk-body-s\">sendmis: the SEND case register. Records here are about children: "
	                  "every view and change is recorded.</p></div></div></div></footer>\n"
	                  "<script type=\"module\" src=\"/assets/init.js\"></script>\n</body>\n</html>\n");
}

/* The error page: whatever was written is dropped (a download's name too). */
void resp_error(struct req *r, int status, const char *title, const char *message)
{
	html_reset(&r->out);
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	r->filename[0] = 0;
	page_begin(r, title);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1><p class=\"govuk-body\">");
	html_text(&r->out, message);
	html_lit(&r->out, "</p>");
	page_end(r);
}

void page_back_link(struct req *r, const char *href)
{
	html_lit(&r->out, "<a href=\"");
	html_attr(&r->out, href);
	html_lit(&r->out, "\" class=\"govuk-back-link\">Back</a>");
}

void page_error_summary(struct req *r, const struct errs *e)
{
	if (!e || e->n == 0)
		return;
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
	            "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
	            "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">");
	for (int i = 0; i < e->n; i++) {
		html_lit(b, "<li><a href=\"#");
		html_attr(b, errs_anchor_of(e, i));
		html_lit(b, "\">");
		html_text(b, e->e[i].msg);
		html_lit(b, "</a></li>");
	}
	html_lit(b, "</ul>");
	/* an error about another child's record (a UPN already theirs): a link to it, for those who may open it */
	for (int i = 0; i < e->n; i++) {
		if (!e->e[i].person || !req_may(r, "GET", "/people/#"))
			continue;
		char ref[24];
		case_ref(e->e[i].person, ref, sizeof ref);
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
		html_attr(b, link_person(e->e[i].person).s);
		html_lit(b, "\">Open the record ");
		html_text(b, ref);
		html_lit(b, "</a></p>");
	}
	html_lit(b, "</div></div></div>");
}

void page_success(struct req *r, const char *message)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
	            "aria-labelledby=\"govuk-notification-banner-title\" data-module=\"govuk-notification-banner\">"
	            "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
	            "id=\"govuk-notification-banner-title\">Success</h2></div><div class=\"govuk-notification-banner__content\">"
	            "<p class=\"govuk-notification-banner__heading\">");
	html_text(b, message);
	html_lit(b, "</p></div></div>");
}

/* ---- forms ---------------------------------------------------------------- */

void form_begin(struct req *r, const char *action)
{
	html_lit(&r->out, "<form method=\"post\" action=\"");
	html_attr(&r->out, action);
	html_lit(&r->out, "\" novalidate>");
	form_hidden(r, "csrf", r->csrf);
}

void form_begin_get(struct req *r, const char *action, const char *extra_class)
{
	html_lit(&r->out, "<form method=\"get\" action=\"");
	html_attr(&r->out, action);
	html_lit(&r->out, "\" class=\"");
	html_attr(&r->out, extra_class ? extra_class : "");
	html_lit(&r->out, "\" novalidate>");
}

void form_end(struct req *r)
{
	html_lit(&r->out, "</form>");
}

void form_hidden(struct req *r, const char *name, const char *value)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"");
	html_attr(&r->out, name);
	html_lit(&r->out, "\" value=\"");
	html_attr(&r->out, value ? value : "");
	html_lit(&r->out, "\">");
}

static void group_begin(html *b, const char *err)
{
	if (err)
		html_lit(b, "<div class=\"govuk-form-group govuk-form-group--error\">");
	else
		html_lit(b, "<div class=\"govuk-form-group\">");
}

static void label_hint_error(html *b, const char *name, const char *label, const char *hint, const char *err)
{
	html_lit(b, "<label class=\"govuk-label\" for=\"");
	html_attr(b, name);
	html_lit(b, "\">");
	html_text(b, label);
	html_lit(b, "</label>");
	if (hint) {
		html_lit(b, "<div class=\"govuk-hint\" id=\"");
		html_attr(b, name);
		html_lit(b, "-hint\">");
		html_text(b, hint);
		html_lit(b, "</div>");
	}
	if (err) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"");
		html_attr(b, name);
		html_lit(b, "-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, err);
		html_lit(b, "</p>");
	}
}

static void describedby(html *b, const char *name, const char *hint, const char *err)
{
	if (!hint && !err)
		return;
	html_lit(b, " aria-describedby=\"");
	if (hint) {
		html_attr(b, name);
		html_lit(b, "-hint");
	}
	if (err) {
		if (hint)
			html_lit(b, " ");
		html_attr(b, name);
		html_lit(b, "-error");
	}
	html_lit(b, "\"");
}

void form_text(struct req *r, const char *name, const char *label, const char *hint,
               const char *value, const struct errs *e, const char *width_class)
{
	form_text_ac(r, name, label, hint, value, e, width_class, NULL);
}

void form_text_ac(struct req *r, const char *name, const char *label, const char *hint,
                  const char *value, const struct errs *e, const char *width_class, const char *autocomplete)
{
	html *b = &r->out;
	const char *err = errs_for(e, name);
	group_begin(b, err);
	label_hint_error(b, name, label, hint, err);
	html_lit(b, "<input class=\"govuk-input");
	if (width_class) {
		html_lit(b, " ");
		html_attr(b, width_class);
	}
	if (err)
		html_lit(b, " govuk-input--error");
	html_lit(b, "\" id=\"");
	html_attr(b, name);
	html_lit(b, "\" name=\"");
	html_attr(b, name);
	html_lit(b, "\" type=\"text\" spellcheck=\"false\"");
	if (autocomplete) {
		html_lit(b, " autocomplete=\"");
		html_attr(b, autocomplete);
		html_lit(b, "\"");
	}
	html_lit(b, " value=\"");
	html_attr(b, value ? value : "");
	html_lit(b, "\"");
	describedby(b, name, hint, err);
	html_lit(b, "></div>");
}

void form_password(struct req *r, const char *name, const char *label, const char *autocomplete,
                   const struct errs *e)
{
	html *b = &r->out;
	const char *err = errs_for(e, name);
	group_begin(b, err);
	label_hint_error(b, name, label, NULL, err);
	html_lit(b, "<input class=\"govuk-input govuk-!-width-one-half");
	if (err)
		html_lit(b, " govuk-input--error");
	html_lit(b, "\" id=\"");
	html_attr(b, name);
	html_lit(b, "\" name=\"");
	html_attr(b, name);
	html_lit(b, "\" type=\"password\" autocomplete=\"");
	html_attr(b, autocomplete);
	html_lit(b, "\"");
	describedby(b, name, NULL, err);
	html_lit(b, "></div>");
}

void form_textarea(struct req *r, const char *name, const char *label, const char *hint,
                   const char *value, const struct errs *e)
{
	html *b = &r->out;
	const char *err = errs_for(e, name);
	group_begin(b, err);
	label_hint_error(b, name, label, hint, err);
	html_lit(b, "<textarea class=\"govuk-textarea");
	if (err)
		html_lit(b, " govuk-textarea--error");
	html_lit(b, "\" id=\"");
	html_attr(b, name);
	html_lit(b, "\" name=\"");
	html_attr(b, name);
	html_lit(b, "\" rows=\"5\"");
	describedby(b, name, hint, err);
	html_lit(b, ">");
	html_text(b, value ? value : "");
	html_lit(b, "</textarea></div>");
}

static void date_part(html *b, const char *name, const char *part, const char *label, const char *value,
                      const char *width, int err)
{
	html_lit(b, "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
	            "<label class=\"govuk-label govuk-date-input__label\" for=\"");
	html_attr(b, name);
	html_lit(b, "-");
	html_attr(b, part);
	html_lit(b, "\">");
	html_text(b, label);
	html_lit(b, "</label><input class=\"govuk-input govuk-date-input__input ");
	html_attr(b, width);
	if (err)
		html_lit(b, " govuk-input--error");
	html_lit(b, "\" id=\"");
	html_attr(b, name);
	html_lit(b, "-");
	html_attr(b, part);
	html_lit(b, "\" name=\"");
	html_attr(b, name);
	html_lit(b, "-");
	html_attr(b, part);
	html_lit(b, "\" type=\"text\" inputmode=\"numeric\" value=\"");
	html_attr(b, value ? value : "");
	html_lit(b, "\"></div></div>");
}

/* A form group opening a fieldset: its legend (a question, `question`: medium size; else a
 * group of inputs, role=group), hint and error message, each with the ids describedby names. */
static void fieldset_head(html *b, const char *name, const char *legend, int question, const char *hint,
                          const char *err)
{
	group_begin(b, err);
	if (question)
		html_lit(b, "<fieldset class=\"govuk-fieldset\"");
	else
		html_lit(b, "<fieldset class=\"govuk-fieldset\" role=\"group\"");
	describedby(b, name, hint, err);
	if (question)
		html_lit(b, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">");
	else
		html_lit(b, "><legend class=\"govuk-fieldset__legend\">");
	html_text(b, legend);
	html_lit(b, "</legend>");
	if (hint) {
		html_lit(b, "<div class=\"govuk-hint\" id=\"");
		html_attr(b, name);
		html_lit(b, "-hint\">");
		html_text(b, hint);
		html_lit(b, "</div>");
	}
	if (err) {
		html_lit(b, "<p class=\"govuk-error-message\" id=\"");
		html_attr(b, name);
		html_lit(b, "-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
		html_text(b, err);
		html_lit(b, "</p>");
	}
}

void form_date(struct req *r, const char *name, const char *label, const char *hint,
               const char *dd, const char *mm, const char *yy, const struct errs *e)
{
	html *b = &r->out;
	const char *err = errs_for(e, name);
	fieldset_head(b, name, label, 0, hint, err);
	/* The error summary links to #name-day (errs_anchor), the first box, which takes focus. */
	html_lit(b, "<div class=\"govuk-date-input\" id=\"");
	html_attr(b, name);
	html_lit(b, "\">");
	date_part(b, name, "day", "Day", dd, "govuk-input--width-2", err != NULL);
	date_part(b, name, "month", "Month", mm, "govuk-input--width-2", err != NULL);
	date_part(b, name, "year", "Year", yy, "govuk-input--width-4", err != NULL);
	html_lit(b, "</div></fieldset></div>");
}

void form_select(struct req *r, const char *name, const char *label, const char *hint,
                 const struct option *opts, size_t n, const char *value, const char *blank_label,
                 const struct errs *e)
{
	html *b = &r->out;
	const char *err = errs_for(e, name);
	group_begin(b, err);
	label_hint_error(b, name, label, hint, err);
	html_lit(b, "<select class=\"govuk-select");
	if (err)
		html_lit(b, " govuk-select--error");
	html_lit(b, "\" id=\"");
	html_attr(b, name);
	html_lit(b, "\" name=\"");
	html_attr(b, name);
	html_lit(b, "\"");
	describedby(b, name, hint, err);
	html_lit(b, ">");
	if (blank_label) {
		html_lit(b, "<option value=\"\">");
		html_text(b, blank_label);
		html_lit(b, "</option>");
	}
	for (size_t i = 0; i < n; i++) {
		html_lit(b, "<option value=\"");
		html_attr(b, opts[i].value);
		html_lit(b, "\"");
		if (value && strcmp(value, opts[i].value) == 0)
			html_lit(b, " selected");
		html_lit(b, ">");
		html_text(b, opts[i].label);
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></div>");
}

/* Whether a comma-separated list holds value exactly. */
static int csv_has(const char *list, const char *value)
{
	size_t n = strlen(value);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, value, n))
			return 1;
		p = end ? end + 1 : p + len;
	}
	return 0;
}

/* Radios (one value) or checkboxes (`value`: those ticked, comma
 * separated) in a fieldset whose legend asks the question. */
static void choices(struct req *r, int multi, const char *name, const char *legend, const char *hint,
                    const struct option *opts, size_t n, const char *value, const struct errs *e)
{
	html *b = &r->out;
	const char *err = errs_for(e, name);
	fieldset_head(b, name, legend, 1, hint, err);
	if (multi)
		html_lit(b, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
	else
		html_lit(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
	for (size_t i = 0; i < n; i++) {
		char id[96];
		/* the first takes the field's name: the error summary links to it */
		if (i)
			snprintf(id, sizeof id, "%s-%zu", name, i + 1);
		else
			snprintf(id, sizeof id, "%s", name);
		if (multi)
			html_lit(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"");
		else
			html_lit(b, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"");
		html_attr(b, id);
		html_lit(b, "\" name=\"");
		html_attr(b, name);
		if (multi)
			html_lit(b, "\" type=\"checkbox\" value=\"");
		else
			html_lit(b, "\" type=\"radio\" value=\"");
		html_attr(b, opts[i].value);
		html_lit(b, "\"");
		if (multi ? csv_has(value, opts[i].value) : value && !strcmp(value, opts[i].value))
			html_lit(b, " checked");
		if (multi)
			html_lit(b, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"");
		else
			html_lit(b, "><label class=\"govuk-label govuk-radios__label\" for=\"");
		html_attr(b, id);
		html_lit(b, "\">");
		html_text(b, opts[i].label);
		html_lit(b, "</label></div>");
	}
	html_lit(b, "</div></fieldset></div>");
}

void form_radios(struct req *r, const char *name, const char *legend, const char *hint,
                 const struct option *opts, size_t n, const char *value, const struct errs *e)
{
	choices(r, 0, name, legend, hint, opts, n, value, e);
}

void form_checkboxes(struct req *r, const char *name, const char *legend, const char *hint,
                     const struct option *opts, size_t n, const char *checked, const struct errs *e)
{
	choices(r, 1, name, legend, hint, opts, n, checked, e);
}

void form_select_codes(struct req *r, const char *name, const char *label, const char *hint,
                       const struct code_list *l, const char *value, const char *blank_label,
                       const struct errs *e)
{
	struct option opts[128];
	size_t n = 0;
	for (size_t i = 0; i < l->n && n < sizeof opts / sizeof opts[0]; i++, n++) {
		opts[n].value = l->codes[i].code;
		opts[n].label = l->codes[i].label;
	}
	form_select(r, name, label, hint, opts, n, value, blank_label, e);
}

void form_checkbox_error(struct req *r, const char *name, const char *err)
{
	html *b = &r->out;
	html_lit(b, "<p class=\"govuk-error-message\" id=\"");
	html_attr(b, name);
	html_lit(b, "-error\"><span class=\"govuk-visually-hidden\">Error:</span> ");
	html_text(b, err);
	html_lit(b, "</p>");
}

void form_checkbox(struct req *r, const char *name, const char *label, const char *hint, int checked,
                   const char *err)
{
	html *b = &r->out;
	html_lit(b, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"");
	html_attr(b, name);
	html_lit(b, "\" name=\"");
	html_attr(b, name);
	html_lit(b, "\" type=\"checkbox\" value=\"1\"");
	if (checked)
		html_lit(b, " checked");
	describedby(b, name, hint, err);
	html_lit(b, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"");
	html_attr(b, name);
	html_lit(b, "\">");
	html_text(b, label);
	html_lit(b, "</label>");
	if (hint) {
		html_lit(b, "<div class=\"govuk-hint govuk-checkboxes__hint\" id=\"");
		html_attr(b, name);
		html_lit(b, "-hint\">");
		html_text(b, hint);
		html_lit(b, "</div>");
	}
	html_lit(b, "</div>");
}

void form_button(struct req *r, const char *text)
{
	html_lit(&r->out, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</button>");
}

/* ---- summary list, tags, pagination ------------------------------------------ */

void summary_begin(struct req *r)
{
	html_lit(&r->out, "<dl class=\"govuk-summary-list\">");
}

static void row_key(html *b, const char *key)
{
	html_lit(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
	html_text(b, key);
	html_lit(b, "</dt><dd class=\"govuk-summary-list__value\">");
}

void summary_row(struct req *r, const char *key, const char *value)
{
	row_key(&r->out, key);
	html_text(&r->out, value && *value ? value : "Not recorded");
	html_lit(&r->out, "</dd></div>");
}

void summary_row_date_or(struct req *r, const char *key, const char *iso, const char *empty)
{
	row_key(&r->out, key);
	html_date(&r->out, iso, empty);
	html_lit(&r->out, "</dd></div>");
}

void summary_row_date(struct req *r, const char *key, const char *iso)
{
	summary_row_date_or(r, key, iso, "Not recorded");
}

void summary_end(struct req *r)
{
	html_lit(&r->out, "</dl>");
}

void table_wrap_begin(struct req *r, const char *name)
{
	/* a table wider than the window scrolls inside this, never the page: keyboard
	 * users can focus it to scroll, and screen readers hear what it holds */
	html_lit(&r->out, "<div class=\"app-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	html_attr(&r->out, name);
	html_lit(&r->out, "\">");
}

void table_begin(struct req *r, const char *name, const char *const *cols, size_t n)
{
	table_begin_numeric(r, name, cols, n, n);
}

void table_begin_numeric(struct req *r, const char *name, const char *const *cols, size_t n, size_t first_numeric)
{
	table_wrap_begin(r, name);
	html_lit(&r->out, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
	for (size_t i = 0; i < n; i++) {
		if (i >= first_numeric)
			html_lit(&r->out, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">");
		else
			html_lit(&r->out, "<th scope=\"col\" class=\"govuk-table__header\">");
		if (*cols[i])
			html_text(&r->out, cols[i]);
		else   /* a column of links: named for screen readers, blank on the screen */
			html_lit(&r->out, "<span class=\"govuk-visually-hidden\">Actions</span>");
		html_lit(&r->out, "</th>");
	}
	html_lit(&r->out, "</tr></thead><tbody class=\"govuk-table__body\">");
}

void table_end(struct req *r)
{
	html_lit(&r->out, "</tbody></table></div>");
}

void td_text(struct req *r, const char *s)
{
	html_lit(&r->out, "<td class=\"govuk-table__cell\">");
	html_text(&r->out, s && *s ? s : "—");
	html_lit(&r->out, "</td>");
}

void td_date(struct req *r, const char *iso, const char *empty)
{
	html_lit(&r->out, "<td class=\"govuk-table__cell app-nowrap\">");
	html_date(&r->out, iso, empty);
	html_lit(&r->out, "</td>");
}

void td_day(struct req *r, day_t d, const char *empty)
{
	char iso[11];
	date_format_iso(d, iso);
	td_date(r, iso, empty);
}

void td_person(struct req *r, int64_t id, const char *name)
{
	html_lit(&r->out, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"");
	html_attr(&r->out, link_person(id).s);
	html_lit(&r->out, "\">");
	html_text(&r->out, name);
	html_lit(&r->out, "</a></td>");
}

void tag(struct req *r, const char *colour, const char *text)
{
	html_lit(&r->out, "<strong class=\"govuk-tag");
	if (colour && *colour) {
		html_lit(&r->out, " govuk-tag--");
		html_attr(&r->out, colour);
	}
	html_lit(&r->out, "\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</strong>");
}

static void page_link(html *b, const char *base, int page)
{
	html_attr(b, base);
	html_lit(b, "page=");
	html_int(b, page);
}

void pagination(struct req *r, const char *base, int page, int pages)
{
	pagination_more(r, base, page, pages, 0);
}

void list_pagination(struct req *r, const char *base, int page, int size, long long n, int stopped, int next)
{
	long long pages = (n + size - 1) / size;
	if (!stopped) {   /* an exact count knows the last page */
		pagination(r, base, page, (int)pages);
		return;
	}
	if (page > pages)   /* past the pages counted, reached by Next: this page is one too */
		pages = page;
	pagination_more(r, base, page, (int)pages, next);
}

void pagination_more(struct req *r, const char *base, int page, int pages, int more)
{
	if (pages <= 1 && !more)
		return;
	html *b = &r->out;
	html_lit(b, "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">");
	if (page > 1) {
		html_lit(b, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" href=\"");
		page_link(b, base, page - 1);
		html_lit(b, "\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">Previous<span class=\"govuk-visually-hidden\"> page</span></span></a></div>");
	}
	html_lit(b, "<ul class=\"govuk-pagination__list\">");
	for (int p = 1; p <= pages; p++) {
		/* the first page, the last known one (unless more follow), and two either side of this one */
		if (p != 1 && (p != pages || more) && (p < page - 2 || p > page + 2)) {
			if (p == page - 3 || p == page + 3)
				html_lit(b, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipses\">&ctdot;</li>");
			continue;
		}
		if (p == page)
			html_lit(b, "<li class=\"govuk-pagination__item govuk-pagination__item--current\"><a class=\"govuk-link govuk-pagination__link\" aria-current=\"page\" href=\"");
		else
			html_lit(b, "<li class=\"govuk-pagination__item\"><a class=\"govuk-link govuk-pagination__link\" href=\"");
		page_link(b, base, p);
		html_lit(b, "\" aria-label=\"Page ");
		html_int(b, p);
		html_lit(b, "\">");
		html_int(b, p);
		html_lit(b, "</a></li>");
	}
	if (more && pages < page + 3)   /* pages after the last known one (the loop wrote no ellipsis) */
		html_lit(b, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipses\">&ctdot;</li>");
	html_lit(b, "</ul>");
	if (page < pages || more) {
		html_lit(b, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" href=\"");
		page_link(b, base, page + 1);
		html_lit(b, "\" rel=\"next\"><span class=\"govuk-pagination__link-title\">Next<span class=\"govuk-visually-hidden\"> page</span></span></a></div>");
	}
	html_lit(b, "</nav>");
}

static void sort_link(html *b, const char *path, const char *query, const char *key, int desc)
{
	buf u = BUF_INIT;
	buf_puts(&u, path);
	buf_putc(&u, '?');
	buf_puts(&u, query);
	html_qs(&u, "sort", key);
	html_qs(&u, "order", desc ? "desc" : "asc");
	html_attr_qs(b, buf_cstr(&u));
	buf_free(&u);
}

void table_begin_sortable(struct req *r, const char *name, const char *path, const char *query,
                          const struct sort_col *cols, size_t n, const char *sort, int desc)
{
	html *b = &r->out;
	table_wrap_begin(r, name);
	html_lit(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">");
	html_text(b, name);
	html_lit(b, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
	for (size_t i = 0; i < n; i++) {
		const struct sort_col *c = &cols[i];
		int current = c->key && sort && !strcmp(c->key, sort);
		html_lit(b, "<th scope=\"col\" class=\"govuk-table__header");
		if (c->numeric)
			html_lit(b, " govuk-table__header--numeric");
		html_lit(b, "\"");
		if (c->key) {
			if (!current)
				html_lit(b, " aria-sort=\"none\"");
			else if (desc)
				html_lit(b, " aria-sort=\"descending\"");
			else
				html_lit(b, " aria-sort=\"ascending\"");
		}
		html_lit(b, ">");
		if (!c->key) {
			if (*c->label)
				html_text(b, c->label);
			else
				html_lit(b, "<span class=\"govuk-visually-hidden\">Actions</span>");
			html_lit(b, "</th>");
			continue;
		}
		int next_desc = current ? !desc : c->first_desc;
		html_lit(b, "<a class=\"govuk-link app-sort-link\" href=\"");
		sort_link(b, path, query, c->key, next_desc);
		html_lit(b, "\">");
		html_text(b, c->label);
		/* what the link does, for screen readers (aria-sort says what the table is now) */
		if (next_desc)
			html_lit(b, "<span class=\"govuk-visually-hidden\"> (sort descending)</span>");
		else
			html_lit(b, "<span class=\"govuk-visually-hidden\"> (sort ascending)</span>");
		html_lit(b, "</a></th>");
	}
	html_lit(b, "</tr></thead><tbody class=\"govuk-table__body\">");
}

void list_count_html(struct req *r, long long n, int more)
{
	if (more)
		html_lit(&r->out, "more than ");
	html_lit(&r->out, "<strong");
	if (more)
		html_lit(&r->out, " data-more=\"1\"");
	html_lit(&r->out, ">");
	html_int(&r->out, n);
	html_lit(&r->out, "</strong>");
}

/* The date inputs of `name`: typed parts kept; *out set when valid. */
void form_date_read(struct req *r, const char *name, const char *label, day_t *out, struct errs *e,
                       const char **dd, const char **mm, const char **yy)
{
	char k[3][48];
	snprintf(k[0], sizeof k[0], "%s-day", name);
	snprintf(k[1], sizeof k[1], "%s-month", name);
	snprintf(k[2], sizeof k[2], "%s-year", name);
	*dd = req_param_or(r, k[0], "");
	*mm = req_param_or(r, k[1], "");
	*yy = req_param_or(r, k[2], "");
	enum date_err de = date_parse_parts(*dd, *mm, *yy, out);
	if (de != DATE_OK) {
		char msg[200];
		date_err_message(de, label, msg, sizeof msg);
		errs_add(e, name, "%s", msg);
		errs_anchor(e, name, "-day");
	}
}

int form_date_read_opt(struct req *r, const char *name, const char *label, day_t *out, struct errs *e,
                       const char **dd, const char **mm, const char **yy)
{
	char k[3][48];
	snprintf(k[0], sizeof k[0], "%s-day", name);
	snprintf(k[1], sizeof k[1], "%s-month", name);
	snprintf(k[2], sizeof k[2], "%s-year", name);
	*out = DATE_NONE;
	if (!*req_param_or(r, k[0], "") && !*req_param_or(r, k[1], "") && !*req_param_or(r, k[2], "")) {
		*dd = *mm = *yy = "";
		return 0;
	}
	form_date_read(r, name, label, out, e, dd, mm, yy);
	return 1;
}


int resp_take_file(struct req *r, const char *path, int ok, const char *what, const char *content_type,
                   const char *filename)
{
	FILE *f = ok ? fopen(path, "rb") : NULL;
	buf *b = resp_body(r, content_type, filename);
	if (f) {
		char tmp[8192];
		size_t n;
		while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
			buf_add(b, tmp, n);
		ok = !ferror(f) && !b->err;
		fclose(f);
	} else
		ok = 0;
	if (*path)
		unlink(path);
	if (!ok) {
		char msg[120];
		snprintf(msg, sizeof msg, "%s could not be made.", what);
		resp_error(r, 500, "Sorry, there is a problem with the service", msg);
		return -1;
	}
	return 0;
}

struct lxw_workbook *xlsx_begin(char path[32])
{
	snprintf(path, 32, "/tmp/sendmis-xlsx-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		path[0] = 0;
		return NULL;
	}
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = "/tmp"};
	return workbook_new_opt(path, &opt);
}
