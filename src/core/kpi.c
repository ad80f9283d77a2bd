/* kpi.c — the KPI table; see kpi.h. */
#include "core/kpi.h"
#include <string.h>

const struct kpi_def kpi_defs[K_N] = {
	{K_ACTIVE_PLANS, "active_plans", "Active EHC plans",
	 "EHC plans issued on or before the date and not ceased on or before it.",
	 "plans issued on or before the date, not ceased by it", NULL, KPI_COUNT, KPI_AS_AT, 0, "number of EHC plans (census)", NULL, NULL, 0},
	{K_REQUESTS_RECEIVED, "requests_received", "Requests for assessment received",
	 "Requests for an EHC needs assessment received in the year.",
	 "requests received in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "requests (SEN2 module 2)", "Outcome", NULL, 0},
	{K_REQUESTS_REFUSED, "requests_refused", "Requests refused",
	 "Of the requests received in the year, those the local authority decided not to assess (decided by the date).",
	 "requests received in the year with a decision not to assess", NULL, KPI_COUNT, KPI_YEAR, 0, "", NULL, NULL, 0},
	{K_REQUEST_DECISIONS_6WK, "request_decisions_within_6_weeks", "Decisions whether to assess within 6 weeks",
	 "Of the requests received in the year that have a decision (to assess or not), those decided within 6 weeks "
	 "(42 days) of receipt (SEND Regulations 2014 reg 5(1)).",
	 "decided within 42 days of receipt", "requests received in the year with a decision", KPI_RATE, KPI_YEAR, 42,
	 "request_outcome_six_weeks", NULL, NULL, 0},
	{K_NEW_PLANS_ISSUED, "new_plans_issued", "New EHC plans issued",
	 "Plans first issued in the year after an assessment; plans transferred in and plans without a request on "
	 "the record are not new.", "new plans issued in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "plans_issued", "Time taken", NULL, 0},
	{K_NEW_PLANS_20WK_INCL, "new_plans_20wk_incl_exceptions", "New plans issued within 20 weeks, including exceptions",
	 "Of the new plans issued in the year whose request and assessment had no mediation and no tribunal, those "
	 "issued within 20 weeks (140 days) of the request's receipt (reg 13(2)).",
	 "issued within 140 days of the request", "new plans in the year, no mediation or tribunal", KPI_RATE, KPI_YEAR, 140,
	 "inc_exc_20week_rate (plans_issued_den)", NULL, NULL, 0},
	{K_NEW_PLANS_20WK_EXCL, "new_plans_20wk_excl_exceptions", "New plans issued within 20 weeks, excluding exceptions",
	 "The same, after removing from both lines the plans where an exception to the time limit applied "
	 "(SEN2 Week20 = 1; reg 13(3)). The DfE's headline measure.",
	 "issued within 140 days, no exception", "new plans in the year, no mediation or tribunal, no exception", KPI_RATE,
	 KPI_YEAR, 140, "no_exc_20week_rate (plans_issued_den_ex, plans_issued_20_weeks_ex)", NULL, NULL, 0},
	{K_NOT_ISSUE_16WK, "not_issue_decisions_within_16_weeks", "Decisions not to issue within 16 weeks",
	 "Of the decisions not to issue a plan made in the year, those made within 16 weeks (112 days) of the "
	 "request's receipt (reg 10(1)).", "made within 112 days of the request", "decisions not to issue made in the year",
	 KPI_RATE, KPI_YEAR, 112, "outcome_decision_within_time", NULL, NULL, 0},
	{K_REVIEW_DECISIONS_4WK, "review_decisions_within_4_weeks", "Review decisions within 4 weeks of the meeting",
	 "Of the annual reviews whose meeting was in the year and which have a decision, those decided within 4 weeks "
	 "(28 days) of the meeting (reg 20(10)).", "decided within 28 days of the meeting",
	 "reviews with a meeting in the year and a decision", KPI_RATE, KPI_YEAR, 28, "number_decsion_4weeks", NULL, NULL, 0},
	{K_PLANS_CEASED, "plans_ceased", "EHC plans ceased", "Plans ceased in the year (by the date).",
	 "plans with a cease date in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "ceased plans", "Reason", NULL, 0},
	/* ---- flow ---- */
	{K_REQUESTS_AGREED, "requests_agreed", "Requests agreed for assessment",
	 "Of the requests received in the year, those the local authority decided to assess (decided by the date).",
	 "requests received in the year with a decision to assess", NULL, KPI_COUNT, KPI_YEAR, 0, "", NULL, NULL, 0},
	{K_REQUESTS_WITHDRAWN, "requests_withdrawn", "Requests withdrawn",
	 "Of the requests received in the year, those withdrawn or ended before a decision (by the date).",
	 "requests received in the year, withdrawn", NULL, KPI_COUNT, KPI_YEAR, 0, "", NULL, NULL, 0},
	{K_REQUESTS_OUTSTANDING, "requests_outstanding", "Requests awaiting a decision",
	 "Of the requests received in the year, those with no decision by the date.",
	 "requests received in the year with no decision yet", NULL, KPI_COUNT, KPI_YEAR, 0, "", NULL, NULL, 0},
	{K_ASSESSMENT_DECISIONS, "assessment_decisions", "Assessments completed",
	 "EHC needs assessments with a decision whether to issue a plan made in the year.",
	 "assessments decided in the year (to issue or not)", NULL, KPI_COUNT, KPI_YEAR, 0, "assessments (SEN2 module 3)",
	 "Decision", NULL, 0},
	/* ---- timeliness beyond 20 weeks ---- */
	{K_NEW_PLANS_20_52WK, "new_plans_20_to_52_weeks", "New plans taking over 20 and up to 52 weeks",
	 "Of the new plans issued in the year with no mediation and no tribunal, those issued more than 20 weeks "
	 "(140 days) and at most 52 weeks (364 days) after the request.",
	 "issued after 141 to 364 days", "new plans in the year, no mediation or tribunal", KPI_RATE, KPI_YEAR, 364, "",
	 NULL, NULL, 0},
	{K_NEW_PLANS_OVER_52WK, "new_plans_over_52_weeks", "New plans taking over 52 weeks",
	 "Of the new plans issued in the year with no mediation and no tribunal, those issued more than 52 weeks "
	 "(364 days) after the request.",
	 "issued after more than 364 days", "new plans in the year, no mediation or tribunal", KPI_RATE, KPI_YEAR, 364, "",
	 NULL, NULL, 0},
	{K_NEW_PLANS_AVG_WEEKS, "new_plans_average_weeks", "Average time to issue a new plan",
	 "The average number of weeks from the request to the final plan, over the new plans issued in the year with no "
	 "mediation and no tribunal (numerator: total days; denominator: plans).",
	 "total days from request to plan", "new plans in the year, no mediation or tribunal", KPI_WEEKS, KPI_YEAR, 0, "",
	 NULL, NULL, 0},
	/* ---- reviews and phase transfers ---- */
	{K_REVIEWS_IN_TIME, "reviews_in_time", "Annual reviews completed in time",
	 "Of the annual reviews that fell due in the year (by the date), those whose decision was made within 12 months "
	 "of the plan's issue or the previous review, as the statutory clock counts it (CFA 2014 s.44(1)). A review "
	 "still not held counts against.", "decided by the date it was due", "reviews due in the year, by the date",
	 KPI_RATE, KPI_YEAR, 0, "", NULL, NULL, 0},
	{K_AMENDED_12WK, "amended_plans_within_12_weeks", "Amended plans finalised within 12 weeks of the meeting",
	 "Of the annual reviews with a meeting in the year and a decision to amend whose final amended plan has been "
	 "issued, those issued within 12 weeks (84 days) of the meeting (R (L, M and P) v Devon CC [2022]).",
	 "final amended plan within 84 days of the meeting", "amend decisions with a meeting in the year and a final plan",
	 KPI_RATE, KPI_YEAR, 84, "", NULL, NULL, 0},
	{K_REVIEWS_OVERDUE, "reviews_overdue", "Annual reviews overdue",
	 "Active plans whose annual review was due before the date and has not been decided, by how long overdue.",
	 "active plans with a review overdue", NULL, KPI_COUNT, KPI_AS_AT, 0, "", "How long overdue", NULL, 0},
	{K_PHASE_ON_TIME, "phase_transfers_on_time", "Phase transfers finalised by the deadline",
	 "Of the phase transfers whose statutory deadline fell in the year and has passed, those whose amended plan was "
	 "finalised in time: before 15 February (before 31 March for post-16), so by 14 February or 30 March at the "
	 "latest (reg 18(1)).",
	 "finalised by the deadline", "transfers with a deadline in the year that has passed", KPI_RATE, KPI_YEAR, 0, "",
	 "Transfer", NULL, 0},
	{K_ADVICE_6WK, "advice_within_6_weeks", "Advice returned within 6 weeks",
	 "Of the requests for advice for EHC needs assessments whose 6-week deadline fell in the year and has passed, "
	 "those received by the deadline (reg 8(1)).", "received by the deadline",
	 "advice requests with a deadline in the year that has passed", KPI_RATE, KPI_YEAR, 42, "", "Service", NULL, 0},
	/* ---- oversight, as at the date ---- */
	{K_OUT_OF_AREA, "out_of_area_placements", "Placed out of the area",
	 "Active plans whose current setting is in another local authority's area.",
	 "active plans, setting in another area", NULL, KPI_COUNT, KPI_AS_AT, 0, "", NULL, NULL, 0},
	{K_VISITS_OVERDUE, "visits_overdue", "Monitoring visits overdue",
	 "Active plans placed out of area, residentially or in elective home education with no visit within "
	 "`visit_overdue_months` of the date.", "active plans needing a visit with none in time", NULL, KPI_COUNT,
	 KPI_AS_AT, 0, "", NULL, NULL, 0},
	{K_AWAITING, "awaiting_provision", "Awaiting provision",
	 "Active plans with no current setting, or recorded as awaiting specialist provision.",
	 "active plans with no setting, or AWAIT", NULL, KPI_COUNT, KPI_AS_AT, 0, "", NULL, NULL, 0},
	{K_MISSING_EDUCATION, "missing_education", "Missing education",
	 "Active plans of children missing education, or not in education, employment or training (NEET, NIEC, NIEO).",
	 "active plans, CME or NEET/NIEC/NIEO", NULL, KPI_COUNT, KPI_AS_AT, 0, "", NULL, NULL, 0},
	{K_NEET_16_18, "neet_16_18", "Not in education, employment or training, aged 16 to 18",
	 "Active plans of young people aged 16 to 18 on the date whose setting is NEET, NIEC or NIEO.",
	 "active plans, aged 16-18, NEET/NIEC/NIEO", NULL, KPI_COUNT, KPI_AS_AT, 0, "", NULL, NULL, 0},
	{K_NEET_16_25, "neet_16_25", "Not in education, employment or training, aged 16 to 25",
	 "Active plans of young people aged 16 to 25 on the date whose setting is NEET, NIEC or NIEO.",
	 "active plans, aged 16-25, NEET/NIEC/NIEO", NULL, KPI_COUNT, KPI_AS_AT, 0, "", NULL, NULL, 0},
	/* ---- quality and voice (docs/quality-assurance.md, docs/surveys.md, docs/engagement.md) ---- */
	{K_QA_AUDITS_COMPLETED, "qa_audits_completed", "Plan quality audits completed",
	 "Quality audits of EHC plans completed in the year (a moderator's blind second audit of the same plan is "
	 "not another audit; case-file audits are not counted).", "plan audits completed in the year", NULL, KPI_COUNT,
	 KPI_YEAR, 0, "", "Overall grade", NULL, 0},
	{K_QA_GOOD_OR_BETTER, "qa_plans_good_or_better", "Plans rated good or better",
	 "Of the plan audits completed in the year, those whose overall grade is at or above the audit framework's "
	 "\"good\" grade (Good or Outstanding on the four-point scale, 6 to 8 on the eight-point scale).",
	 "overall grade good or better", "plan audits completed in the year", KPI_RATE, KPI_YEAR, 0, "", NULL, NULL, 0},
	{K_QA_MODERATION_AGREEMENT, "qa_moderation_agreement", "Moderation agreement",
	 "Of the moderations agreed in the year, those where the blind second audit gave the same overall grade as the "
	 "first.", "second auditor's overall grade the same as the first's", "moderations agreed in the year", KPI_RATE,
	 KPI_YEAR, 0, "", NULL, NULL, 0},
	{K_QA_PROVISION_FINDINGS, "qa_provision_findings_per_plan", "Provision-check findings per audited plan",
	 "The average number of the provision check's findings (provision not specified or not quantified) in the "
	 "final plan versions audited in the year (numerator: findings; denominator: plans audited).",
	 "the provision check's findings in the audited versions", "plan audits completed in the year, version final",
	 KPI_MEAN, KPI_YEAR, 0, "", NULL, "per plan", 0},
	{K_SURVEY_RESPONSES, "survey_responses", "Survey responses",
	 "Answers to the area's questionnaires received in the year, online or typed in from paper (by the month "
	 "answered: sendmis keeps the month only).", "responses answered in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "",
	 "Questionnaire", NULL, 0},
	{K_SURVEY_RESPONSE_RATE, "survey_response_rate", "Survey response rate",
	 "Of the survey links emailed in the year, those answered by the date (paper copies are typed in as they come "
	 "back, so have no sending to count).", "links answered", "survey links emailed in the year", KPI_RATE, KPI_YEAR,
	 0, "", "Questionnaire", NULL, 5},
	{K_SURVEY_AGREEMENT, "survey_agreement", "Families agreeing with the survey statements",
	 "Of the answers in the year to the agree-or-disagree and yes-or-no statements, those agreeing (strongly "
	 "agree or agree; yes). By statement in the breakdown; a statement with fewer than 5 answers is shown as "
	 "\"fewer than 5\".", "answers agreeing", "answers to statements in the year", KPI_RATE, KPI_YEAR, 0, "",
	 "Statement", NULL, 5},
	{K_ENGAGEMENT_EVENTS, "engagement_events", "Co-production and engagement events",
	 "Engagement events held in the year (parent carer forum, workshops, young people's groups, consultations), "
	 "as logged.", "events held in the year", NULL, KPI_COUNT, KPI_YEAR, 0, "", "Type", NULL, 0},
};

const struct kpi_table kpi_tables[KT_N] = {
	{"caseload_age", "Active plans by age", K_ACTIVE_PLANS, D_AGE},
	{"caseload_need", "Active plans by primary need", K_ACTIVE_PLANS, D_NEED},
	{"caseload_sex", "Active plans by sex", K_ACTIVE_PLANS, D_SEX},
	{"caseload_setting", "Active plans by setting type", K_ACTIVE_PLANS, D_SETTING},
	{"caseload_area", "Active plans in and out of the area", K_ACTIVE_PLANS, D_AREA},
	{"caseload_residential", "Active plans by residential placement", K_ACTIVE_PLANS, D_RESIDENTIAL},
	{"caseload_team", "Active plans by team", K_ACTIVE_PLANS, D_TEAM},
	{"caseload_caseworker", "Caseload per caseworker", K_ACTIVE_PLANS, D_CASEWORKER},
	{"requests_outcome", "Requests received in the year, by outcome", K_REQUESTS_RECEIVED, D_RECORD},
	{"assessments_decision", "Assessments completed in the year, by decision", K_ASSESSMENT_DECISIONS, D_RECORD},
	{"new_plans_weeks", "New plans issued in the year, by time taken", K_NEW_PLANS_ISSUED, D_RECORD},
	{"new_plans_20wk_need", "New plans within 20 weeks (excluding exceptions), by primary need", K_NEW_PLANS_20WK_EXCL,
	 D_NEED},
	{"ceased_reason", "Plans ceased in the year, by reason", K_PLANS_CEASED, D_RECORD},
	{"reviews_overdue_band", "Annual reviews overdue, by how long", K_REVIEWS_OVERDUE, D_RECORD},
	{"phase_transfers_kind", "Phase transfers finalised by the deadline, by transfer", K_PHASE_ON_TIME, D_RECORD},
	{"advice_service", "Advice returned within 6 weeks, by service", K_ADVICE_6WK, D_RECORD},
	{"qa_audits_grade", "Plan quality audits completed in the year, by overall grade", K_QA_AUDITS_COMPLETED,
	 D_RECORD},
	{"survey_rate_questionnaire", "Survey response rate, by questionnaire", K_SURVEY_RESPONSE_RATE, D_RECORD},
	{"survey_agreement_statement", "Agreement with each survey statement", K_SURVEY_AGREEMENT, D_RECORD},
	{"engagement_events_type", "Engagement events in the year, by type", K_ENGAGEMENT_EVENTS, D_RECORD},
};

const struct kpi_table *kpi_table_by_id(const char *id)
{
	for (int i = 0; id && i < KT_N; i++)
		if (!strcmp(kpi_tables[i].id, id))
			return &kpi_tables[i];
	return NULL;
}

const char *const kpi_dim_ids[D_N] = {"", "age", "need", "sex", "setting", "area", "residential", "team", "caseworker",
                                      "record"};
const char *const kpi_dim_titles[D_N] = {"", "Age", "Primary need", "Sex", "Setting type", "Area", "Residential",
                                         "Team", "Caseworker", "Category"};

enum kpi_dim kpi_dim_by_id(const char *id)
{
	for (int i = 1; id && i < D_N; i++)
		if (!strcmp(kpi_dim_ids[i], id))
			return (enum kpi_dim)i;
	return D_NONE;
}

static const struct code age_codes[KPI_AGE_BANDS] = {
	{"0-4", "Under 5", 0, 0}, {"5-10", "5 to 10", 0, 0}, {"11-15", "11 to 15", 0, 0},
	{"16-19", "16 to 19", 0, 0}, {"20-25", "20 to 25", 0, 0}, {"26+", "26 or over", 0, 0},
};
const struct code_list codes_kpi_age = {"kpi_age", age_codes, KPI_AGE_BANDS};

int kpi_age_band(int age)
{
	return age < 5 ? 0 : age <= 10 ? 1 : age <= 15 ? 2 : age <= 19 ? 3 : age <= 25 ? 4 : 5;
}

static const struct code setting_codes[] = {
	{"mainstream", "Mainstream school", 0, 0}, {"special", "Special school", 0, 0},
	{"post16", "Post-16 (college or specialist institution)", 0, 0}, {"ap", "Alternative provision or PRU", 0, 0},
	{"ehe", "Elective home education", 0, 0}, {"neet", "Not in education, employment or training", 0, 0},
	{"awaiting", "Awaiting provision", 0, 0}, {"other", "Other", 0, 0}, {"none", "Not recorded", 0, 0},
};
const struct code_list codes_kpi_setting = {"kpi_setting", setting_codes, sizeof setting_codes / sizeof setting_codes[0]};

static const struct code rate_codes[] = {
	{"request_decisions_within_6_weeks", "Decisions whether to assess within 6 weeks", 0, 0},
	{"new_plans_20wk_incl_exceptions", "New plans issued within 20 weeks, including exceptions", 0, 0},
	{"new_plans_20wk_excl_exceptions", "New plans issued within 20 weeks, excluding exceptions", 0, 0},
	{"not_issue_decisions_within_16_weeks", "Decisions not to issue within 16 weeks", 0, 0},
	{"review_decisions_within_4_weeks", "Review decisions within 4 weeks of the meeting", 0, 0},
	{"new_plans_20_to_52_weeks", "New plans taking over 20 and up to 52 weeks", 0, 0},
	{"new_plans_over_52_weeks", "New plans taking over 52 weeks", 0, 0},
	{"reviews_in_time", "Annual reviews completed in time", 0, 0},
	{"amended_plans_within_12_weeks", "Amended plans finalised within 12 weeks of the meeting", 0, 0},
	{"phase_transfers_on_time", "Phase transfers finalised by the deadline", 0, 0},
	{"advice_within_6_weeks", "Advice returned within 6 weeks", 0, 0},
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

enum kpi_advice_timing kpi_advice_timing(day_t due, day_t received, day_t as_of)
{
	if (due == DATE_NONE || due >= as_of)
		return KA_NOT_DUE;
	if (received == DATE_NONE || received > as_of)
		return KA_AWAITED;
	return received <= due ? KA_ON_TIME : KA_LATE;
}

int kpi_suppressed(enum kpi_id k, long long cases)
{
	return kpi_defs[k].suppress_below > 0 && cases > 0 && cases < kpi_defs[k].suppress_below;
}

void kpi_format(enum kpi_id k, double value, long long cases, char *out, size_t n)
{
	const struct kpi_def *d = &kpi_defs[k];
	if (d->kind == KPI_COUNT)
		snprintf(out, n, "%.0f", value);
	else if (kpi_suppressed(k, cases))
		snprintf(out, n, "Fewer than %d", d->suppress_below);
	else if (value < 0)
		snprintf(out, n, "No cases");
	else if (d->kind == KPI_RATE)
		snprintf(out, n, "%.1f%%", value);
	else if (d->kind == KPI_WEEKS)
		snprintf(out, n, "%.1f weeks", value);
	else
		snprintf(out, n, "%.1f %s", value, d->unit ? d->unit : "");
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
