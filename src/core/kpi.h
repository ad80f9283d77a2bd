/* kpi.h — the key performance indicators, each defined once (pure data).
 *
 * DESIGN: a KPI is one row: id (the `sendmis kpi` contract's key), title,
 * plain-English definition, what is counted above and below the line, its
 * period (as at a date, or a calendar year), the day limit it tests (the
 * DfE's day arithmetic is unconfirmed, so the limit is data here, not code)
 * and the DfE variable it corresponds to.  The domain (domain/kpicount.c) counts
 * each from the records; docs/kpi.md is generated from this table.
 */
#ifndef SENDMIS_KPI_H
#define SENDMIS_KPI_H
#include <stdio.h>
#include "core/codes.h"
#include "core/date.h"

/* KPI_WEEKS: an average in weeks (numerator: total days, denominator: cases).
 * KPI_MEAN: an average of a count per case (numerator: the total,
 * denominator: cases), in kpi_def.unit ("per plan"). */
enum kpi_kind { KPI_COUNT, KPI_RATE, KPI_WEEKS, KPI_MEAN };
enum kpi_period { KPI_AS_AT, KPI_YEAR };

enum kpi_id {
	K_ACTIVE_PLANS, K_REQUESTS_RECEIVED, K_REQUESTS_REFUSED, K_REQUEST_DECISIONS_6WK, K_NEW_PLANS_ISSUED,
	K_NEW_PLANS_20WK_INCL, K_NEW_PLANS_20WK_EXCL, K_NOT_ISSUE_16WK, K_REVIEW_DECISIONS_4WK, K_PLANS_CEASED,
	/* beyond the contract's ten */
	K_REQUESTS_AGREED, K_REQUESTS_WITHDRAWN, K_REQUESTS_OUTSTANDING, K_ASSESSMENT_DECISIONS,
	K_NEW_PLANS_20_52WK, K_NEW_PLANS_OVER_52WK, K_NEW_PLANS_AVG_WEEKS,
	K_REVIEWS_IN_TIME, K_AMENDED_12WK, K_REVIEWS_OVERDUE, K_PHASE_ON_TIME, K_ADVICE_6WK,
	K_OUT_OF_AREA, K_VISITS_OVERDUE, K_AWAITING, K_MISSING_EDUCATION, K_NEET_16_18, K_NEET_16_25,
	/* quality and voice (issue 17) */
	K_QA_AUDITS_COMPLETED, K_QA_GOOD_OR_BETTER, K_QA_MODERATION_AGREEMENT, K_QA_PROVISION_FINDINGS,
	K_SURVEY_RESPONSES, K_SURVEY_RESPONSE_RATE, K_SURVEY_AGREEMENT, K_ENGAGEMENT_EVENTS,
	K_N
};

/* What a KPI's cases can be broken down by: the child's attributes as at the
 * date, or (D_RECORD) the counted record's own category, which each KPI
 * names in kpi_def.record_dim (outcome, cease reason, weeks taken, …). */
enum kpi_dim { D_NONE, D_AGE, D_NEED, D_SEX, D_SETTING, D_AREA, D_RESIDENTIAL, D_TEAM, D_CASEWORKER, D_RECORD, D_N };
extern const char *const kpi_dim_ids[D_N];     /* "", "age", "need", … "record" */
extern const char *const kpi_dim_titles[D_N];  /* "", "Age", "Primary need", … */
enum kpi_dim kpi_dim_by_id(const char *id);    /* D_NONE if unknown */

/* Age bands and setting categories (keys and labels), for breakdowns and filters. */
#define KPI_AGE_BANDS 6
extern const struct code_list codes_kpi_age;      /* 0-4 5-10 11-15 16-19 20-25 26+ */
extern const struct code_list codes_kpi_setting;  /* mainstream special post16 ap ehe neet awaiting other none */
int kpi_age_band(int age);                        /* index into codes_kpi_age */

struct kpi_def {
	enum kpi_id k;
	const char *id;          /* "new_plans_20wk_excl_exceptions" */
	const char *title;
	const char *definition;  /* plain English, for the definitions page */
	const char *numerator, *denominator;   /* NULL denominator: a count */
	enum kpi_kind kind;
	enum kpi_period period;
	int days;                /* the limit tested (≤ days), 0 = none */
	const char *dfe;         /* the DfE variable(s), "" if none */
	const char *record_dim;  /* what D_RECORD breaks it down by ("Outcome"), NULL if nothing */
	const char *unit;        /* KPI_MEAN: what the average is per ("per plan"); else NULL */
	int suppress_below;      /* a rate over fewer cases than this is shown as "fewer than N", never a
	                            percentage (family surveys: SQ_SUPPRESS_BELOW); 0 = never */
};

/* A table on the dashboard: one KPI broken down by one dimension. */
struct kpi_table {
	const char *id;          /* "caseload_age": the CSV name and the XLSX sheet */
	const char *title;
	enum kpi_id k;
	enum kpi_dim dim;
};
#define KT_N 20
extern const struct kpi_table kpi_tables[KT_N];
const struct kpi_table *kpi_table_by_id(const char *id);

extern const struct kpi_def kpi_defs[K_N];
const struct kpi_def *kpi_by_id(const char *id);   /* NULL if unknown */
/* The rate KPIs as a code list (forms: a reference value's KPI), and the scopes. */
extern const struct code_list codes_kpi_rate;
extern const struct code_list codes_kpi_scope;

/* Advice asked for by a deadline, as at a day: the rule of the advice KPI
 * (K_ADVICE_6WK: received by the deadline, of those whose deadline has
 * passed) and of the advice timeliness report, which counts assessment
 * advice and annual review contributions each on its own the same way.  A
 * request whose deadline is not set or not yet passed (due >= as_of) is not
 * counted; one whose deadline has passed was on time if received on or
 * before it, late if received after it (by as_of), else it is awaited. */
enum kpi_advice_timing { KA_NOT_DUE, KA_ON_TIME, KA_LATE, KA_AWAITED };
enum kpi_advice_timing kpi_advice_timing(day_t due, day_t received, day_t as_of);

/* A KPI's value for people to read: "46.4%", "12", "17.3 weeks", "2.1 per
 * plan", "Fewer than 5 answers" (suppressed) or "No cases" (value < 0).
 * value: kpi_value_of's; cases: the denominator (rates and averages). */
void kpi_format(enum kpi_id k, double value, long long cases, char *out, size_t n);
/* Whether a rate over `cases` is suppressed (kpi_def.suppress_below): from
 * 1 case to one fewer than that; none at all is "No cases", not suppressed. */
int kpi_suppressed(enum kpi_id k, long long cases);

/* The definitions as a Markdown table (docs/kpi.md). */
void kpi_defs_markdown(FILE *f);

#endif
