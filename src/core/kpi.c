/* kpi.c — the KPI table; see kpi.h. */
#include "core/kpi.h"
#include <string.h>

const struct kpi_def kpi_defs[K_N] = {
	{K_ACTIVE_PLANS, "active_plans", "Active EHC plans",
	 "EHC plans issued on or before the date and not ceased on or before it.",
	 "plans issued on or before the date, not ceased by it", NULL, KPI_COUNT, KPI_AS_AT, 0, "number of EHC plans (census)"},
	{K_REQUESTS_RECEIVED, "requests_received", "Requests for assessment received",
	 "Requests for an EHC needs assessment received in the year.",
	 "requests received in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "requests (SEN2 module 2)"},
	{K_REQUESTS_REFUSED, "requests_refused", "Requests refused",
	 "Of the requests received in the year, those the local authority decided not to assess (decided by the date).",
	 "requests received in the year with a decision not to assess", NULL, KPI_COUNT, KPI_YEAR, 0, ""},
	{K_REQUEST_DECISIONS_6WK, "request_decisions_within_6_weeks", "Decisions whether to assess within 6 weeks",
	 "Of the requests received in the year that have a decision (to assess or not), those decided within 6 weeks "
	 "(42 days) of receipt (SEND Regulations 2014 reg 5(1)).",
	 "decided within 42 days of receipt", "requests received in the year with a decision", KPI_RATE, KPI_YEAR, 42,
	 "request_outcome_six_weeks"},
	{K_NEW_PLANS_ISSUED, "new_plans_issued", "New EHC plans issued",
	 "Plans first issued in the year after an assessment; plans transferred in and plans without a request on "
	 "the record are not new.", "new plans issued in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "plans_issued"},
	{K_NEW_PLANS_20WK_INCL, "new_plans_20wk_incl_exceptions", "New plans issued within 20 weeks, including exceptions",
	 "Of the new plans issued in the year whose request and assessment had no mediation and no tribunal, those "
	 "issued within 20 weeks (140 days) of the request's receipt (reg 13(2)).",
	 "issued within 140 days of the request", "new plans in the year, no mediation or tribunal", KPI_RATE, KPI_YEAR, 140,
	 "inc_exc_20week_rate (plans_issued_den)"},
	{K_NEW_PLANS_20WK_EXCL, "new_plans_20wk_excl_exceptions", "New plans issued within 20 weeks, excluding exceptions",
	 "The same, after removing from both lines the plans where an exception to the time limit applied "
	 "(SEN2 Week20 = 1; reg 13(3)). The DfE's headline measure.",
	 "issued within 140 days, no exception", "new plans in the year, no mediation or tribunal, no exception", KPI_RATE,
	 KPI_YEAR, 140, "no_exc_20week_rate (plans_issued_den_ex, plans_issued_20_weeks_ex)"},
	{K_NOT_ISSUE_16WK, "not_issue_decisions_within_16_weeks", "Decisions not to issue within 16 weeks",
	 "Of the decisions not to issue a plan made in the year, those made within 16 weeks (112 days) of the "
	 "request's receipt (reg 10(1)).", "made within 112 days of the request", "decisions not to issue made in the year",
	 KPI_RATE, KPI_YEAR, 112, "outcome_decision_within_time"},
	{K_REVIEW_DECISIONS_4WK, "review_decisions_within_4_weeks", "Review decisions within 4 weeks of the meeting",
	 "Of the annual reviews whose meeting was in the year and which have a decision, those decided within 4 weeks "
	 "(28 days) of the meeting (reg 20(10)).", "decided within 28 days of the meeting",
	 "reviews with a meeting in the year and a decision", KPI_RATE, KPI_YEAR, 28, "number_decsion_4weeks"},
	{K_PLANS_CEASED, "plans_ceased", "EHC plans ceased", "Plans ceased in the year (by the date).",
	 "plans with a cease date in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "ceased plans"},
};

static const struct code rate_codes[] = {
	{"request_decisions_within_6_weeks", "Decisions whether to assess within 6 weeks", 0, 0},
	{"new_plans_20wk_incl_exceptions", "New plans issued within 20 weeks, including exceptions", 0, 0},
	{"new_plans_20wk_excl_exceptions", "New plans issued within 20 weeks, excluding exceptions", 0, 0},
	{"not_issue_decisions_within_16_weeks", "Decisions not to issue within 16 weeks", 0, 0},
	{"review_decisions_within_4_weeks", "Review decisions within 4 weeks of the meeting", 0, 0},
};
const struct code_list codes_kpi_rate = {"kpi_rate", rate_codes, sizeof rate_codes / sizeof rate_codes[0]};

static const struct code scope_codes[] = {
	{"national", "England", 0, 0}, {"regional", "Region", 0, 0}, {"neighbours", "Statistical neighbours", 0, 0},
};
const struct code_list codes_kpi_scope = {"kpi_scope", scope_codes, sizeof scope_codes / sizeof scope_codes[0]};

const struct kpi_def *kpi_by_id(const char *id)
{
	for (int i = 0; id && i < K_N; i++)
		if (!strcmp(kpi_defs[i].id, id))
			return &kpi_defs[i];
	return NULL;
}

void kpi_defs_markdown(FILE *f)
{
	fprintf(f, "| id | KPI | definition | numerator | denominator | period | DfE variable |\n|---|---|---|---|---|---|---|\n");
	for (int i = 0; i < K_N; i++) {
		const struct kpi_def *d = &kpi_defs[i];
		fprintf(f, "| `%s` | %s | %s | %s | %s | %s | %s |\n", d->id, d->title, d->definition, d->numerator,
		        d->denominator ? d->denominator : "— (a count)", d->period == KPI_AS_AT ? "as at the date" : "calendar year",
		        d->dfe[0] ? d->dfe : "—");
	}
}
