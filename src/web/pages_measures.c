/* pages_measures.c — about the dashboard's measures: how each one is
 * defined (read from the one table in core/kpi.c), and the reference
 * values (national, regional, statistical neighbours) they are compared
 * with.
 */
#include "web/pages.h"
#include "web/page.h"
#include "web/links.h"
#include "domain/kpicount.h"
#include "core/kpi.h"
#include <stdio.h>

void h_dashboard_definitions(struct req *r)
{
	page_begin(r, "How the measures are defined");
	html *b = &r->out;
	page_back_link(r, "/dashboard");
	html_lit(b, "<h1 class=\"govuk-heading-l\">How the measures are defined</h1><p class=\"govuk-body\">Each measure is "
	            "defined once in sendmis; this page, the dashboard and <code>sendmis kpi</code> all read that one table. "
	            "Only what had happened by the as-at date counts. A child's age, setting and caseworker are as at that "
	            "date; their needs, sex and their caseworker's team as they are now.</p>");
	for (int i = 0; i < K_N; i++) {
		const struct kpi_def *k = &kpi_defs[i];
		html_lit(b, "<h2 class=\"govuk-heading-m\" id=\"");
		html_attr(b, k->id);
		html_lit(b, "\">");
		html_text(b, k->title);
		html_lit(b, "</h2><p class=\"govuk-body\">");
		html_text(b, k->definition);
		html_lit(b, "</p>");
		summary_begin(r);
		summary_row(r, "Identifier", k->id);
		summary_row(r, k->kind == KPI_COUNT ? "Counts" : "Numerator", k->numerator);
		if (k->denominator)
			summary_row(r, "Denominator", k->denominator);
		summary_row(r, "Period", k->period == KPI_AS_AT ? "As at the date" : "Calendar year");
		summary_row(r, "DfE variable", k->dfe[0] ? k->dfe : "None");
		summary_end(r);
	}
	page_end(r);
}

static int reference_row(void *ctx, const struct kpi_reference *ref)
{
	struct req *r = ctx;
	html *b = &r->out;
	html_lit(b, "<tr class=\"govuk-table__row\">");
	td_text(r, code_or(&codes_kpi_rate, ref->kpi, ref->kpi));
	td_text(r, code_or(&codes_kpi_scope, ref->scope, ref->scope));
	char y[8], val[16];
	snprintf(y, sizeof y, "%d", ref->year % 10000);
	snprintf(val, sizeof val, "%.8s%%", ref->value);
	td_text(r, y);
	td_text(r, val);
	td_text(r, ref->source);
	html_lit(b, "<td class=\"govuk-table__cell\">");
	if (req_may(r, "GET", "/kpi-references/#/edit")) {
		html_lit(b, "<a class=\"govuk-link\" href=\"");
		html_attr(b, link_child_edit("kpi-references", ref->id).s);
		html_lit(b, "\">Change<span class=\"govuk-visually-hidden\"> this value</span></a>");
	}
	html_lit(b, "</td></tr>");
	return 0;
}

void h_references(struct req *r)
{
	page_begin(r, "Reference values");
	html *b = &r->out;
	page_back_link(r, "/dashboard");
	if (req_param(r, "saved"))
		page_success(r, "Reference value saved");
	html_lit(b, "<h1 class=\"govuk-heading-l\">Reference values</h1><p class=\"govuk-body\">The figures the dashboard "
	            "compares with, each with its source and year.</p>");
	if (req_may(r, "GET", "/dashboard/references/new"))
		html_lit(b, "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" "
		            "href=\"/dashboard/references/new\">Add a reference value</a></p>");
	static const char *const cols[] = {"Measure", "Compared with", "Year", "Value", "Source", ""};
	table_begin(r, "Reference values", cols, 6);
	if (kpi_references_each(r->db, reference_row, r) < 0)
		html_fail(&r->out);
	table_end(r);
	page_end(r);
}
