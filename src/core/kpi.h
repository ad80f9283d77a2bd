/* kpi.h — the key performance indicators, each defined once (pure data).
 *
 * DESIGN: a KPI is one row: id (the `sendmis kpi` contract's key), title,
 * plain-English definition, what is counted above and below the line, its
 * period (as at a date, or a calendar year), the day limit it tests (the
 * DfE's day arithmetic is unconfirmed, so the limit is data here, not code)
 * and the DfE variable it corresponds to.  The domain (domain/kpi.c) counts
 * each from the records; docs/kpi.md is generated from this table.
 */
#ifndef SENDMIS_KPI_H
#define SENDMIS_KPI_H
#include <stdio.h>

enum kpi_kind { KPI_COUNT, KPI_RATE };
enum kpi_period { KPI_AS_AT, KPI_YEAR };

enum kpi_id {
	K_ACTIVE_PLANS, K_REQUESTS_RECEIVED, K_REQUESTS_REFUSED, K_REQUEST_DECISIONS_6WK, K_NEW_PLANS_ISSUED,
	K_NEW_PLANS_20WK_INCL, K_NEW_PLANS_20WK_EXCL, K_NOT_ISSUE_16WK, K_REVIEW_DECISIONS_4WK, K_PLANS_CEASED,
	K_N
};

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
};

extern const struct kpi_def kpi_defs[K_N];
const struct kpi_def *kpi_by_id(const char *id);   /* NULL if unknown */
/* The rate KPIs as a code list (forms: a reference value's KPI), and the scopes. */
#include "core/codes.h"
extern const struct code_list codes_kpi_rate;
extern const struct code_list codes_kpi_scope;

/* The definitions as a Markdown table (docs/kpi.md). */
void kpi_defs_markdown(FILE *f);

#endif
