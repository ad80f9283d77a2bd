/* sen2check.c — the checks; see sen2check.h. */
#include "core/sen2check.h"
#include "core/codes.h"
#include "core/validate.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct sen2_check sen2_checks[] = {
	{"DC-H1", SEN2_ERROR, "Header: LEA is a 3-digit LA code; Year and ReferenceDate match the census-date table"},
	{"DC-F1", SEN2_ERROR, "Every date is a real date written YYYY-MM-DD, every flag 0 or 1, every integer code a number"},
	{"DC-P1", SEN2_ERROR, "Date of birth given, not in the future, age 0 to 25 on the census date (25 is a query)"},
	{"DC-P2", SEN2_ERROR, "Sex is M or F (from 2024)"},
	{"DC-P3", SEN2_ERROR, "Ethnicity is in the CBDS list"},
	{"DC-P4", SEN2_ERROR, "UPN valid (format and check letter); with neither UPN nor ULN, a valid UPNunknown reason"},
	{"DC-R1", SEN2_ERROR, "Request received on or before the census date"},
	{"DC-R2", SEN2_ERROR, "RequestOutcome Y, N, A, W or H; for Y or N an outcome date on or after receipt; none for A, W, H"},
	{"DC-R3", SEN2_ERROR, "Outcome Y has an Assessment; N, A and W have none"},
	{"DC-R4", SEN2_ERROR, "RequestSource 1 to 5, given from 2026 (5, Other, is a query)"},
	{"DC-A1", SEN2_ERROR, "AssessmentOutcome Y, N, A, W or H"},
	{"DC-A2", SEN2_ERROR, "For N, and for Y with the plan issued: an outcome date on or after receipt"},
	{"DC-A3", SEN2_ERROR, "Y with the plan issued has a NamedPlan"},
	{"DC-A4", SEN2_ERROR, "Week20 is 0 or 1, given when the outcome is Y or N"},
	{"DC-N1", SEN2_ERROR, "CeaseDate on or after StartDate; CeaseReason exactly when CeaseDate (reason 9, Other, is a query)"},
	{"DC-N3", SEN2_ERROR, "Each setting has exactly one of URN, UKPRN, SENsetting; ranks 1 or 2, one rank 1 (OTH, NIEO are queries)"},
	{"DC-V1", SEN2_ERROR, "An ActivePlans for every plan active on the census date, and only for a plan active at some time in the collection year (one ceased in the year keeps its block: its placements are those attended while it was active)"},
	{"DC-V2", SEN2_ERROR, "One primary need, at most one secondary; SENtype in the year's list (DS from 2025)"},
	{"DC-V3", SEN2_ERROR, "Placement EntryDate on or before LeavingDate"},
	{"DC-V4", SEN2_ERROR, "ReviewOutcome A, C or M, given when LastReview is"},
	{"DC-V5", SEN2_ERROR, "ReviewMeeting on or before the census date, given with LastReview; LastReview and ReviewDraft on or after the meeting"},
	{"DC-V6", SEN2_ERROR, "TransferLA is a 3-digit LA code other than the submitting LA's"},
	{"DC-X1", SEN2_ERROR, "At most one active plan per person on the census date"},
};
const int sen2_checks_n = (int)(sizeof sen2_checks / sizeof sen2_checks[0]);

static const struct sen2_check *check(const char *id)
{
	for (int i = 0; i < sen2_checks_n; i++)
		if (!strcmp(sen2_checks[i].id, id))
			return &sen2_checks[i];
	return &sen2_checks[0];
}

struct run {
	const struct sen2_context *c;
	const struct sen2_person *p;
	sen2_finding_fn fn;
	void *ctx;
	int errors;
};

static void __attribute__((format(printf, 6, 7)))
find(struct run *r, const char *id, enum sen2_severity sev, int node, enum sen2_item item, const char *fmt, ...)
{
	struct sen2_finding f;
	f.check = check(id);
	f.severity = sev;
	f.node = node;
	f.item = item;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f.message, sizeof f.message, fmt, ap);
	va_end(ap);
	if (sev == SEN2_ERROR)
		r->errors++;
	if (r->fn)
		r->fn(r->ctx, r->p, &f);
}

static const char *get(const struct run *r, int k, enum sen2_item i)
{
	return sen2_get(r->p, k, i);
}

/* A date item, DATE_NONE when not given or not a date. */
static day_t day_of(struct run *r, int k, enum sen2_item i)
{
	const char *v = get(r, k, i);
	day_t d = DATE_NONE;
	if (*v && (strlen(v) != 10 || date_parse_iso(v, &d) < 0))
		return DATE_NONE;   /* reported once, by types() */
	return d;
}

static int in_list(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(v, *list))
			return 1;
	return 0;
}

/* DC-F1 over every item of every block, by the element table's type. */
static void types(struct run *r)
{
	for (int k = 0; k < r->p->n; k++) {
		const struct sen2_node *nd = &r->p->node[k];
		for (int i = 0; i < sen2_elements_n; i++) {
			const struct sen2_element *e = &sen2_elements[i];
			const char *v = nd->v[e->item];
			if (e->block != nd->block || !v)
				continue;
			day_t d;
			if (e->type == 'D' && (strlen(v) != 10 || date_parse_iso(v, &d) < 0))
				find(r, "DC-F1", SEN2_ERROR, k, e->item, "%s '%s' is not a date YYYY-MM-DD", e->tag, v);
			else if (e->type == 'B' && strcmp(v, "0") && strcmp(v, "1"))
				find(r, "DC-F1", SEN2_ERROR, k, e->item, "%s '%s' must be 0 or 1", e->tag, v);
			else if (e->type == 'I') {
				char *end;
				long n = strtol(v, &end, 10);
				if (*end || end == v || n < 0)
					find(r, "DC-F1", SEN2_ERROR, k, e->item, "%s '%s' must be a whole number", e->tag, v);
			}
		}
	}
}

static int first_child(const struct sen2_person *p, int parent, enum sen2_block b)
{
	for (int k = parent + 1; k < p->n; k++)
		if (p->node[k].parent == parent && p->node[k].block == b)
			return k;
	return -1;
}

/* Valid by the identifier's one validator (core/validate.c), and written as it keeps it (no
 * spaces around: a return's values are exact).  why is "" when only the spacing is wrong. */
static int as_written(int (*fn)(const char *, char *, char *, size_t), const char *v, char *out, char *why,
                      size_t whylen)
{
	why[0] = 0;
	return fn(v, out, why, whylen) == 0 && !strcmp(out, v);
}

static void setting(struct run *r, int k)
{
	enum sen2_block b = r->p->node[k].block;
	int n = (*get(r, k, SI_URN) != 0) + (*get(r, k, SI_UKPRN) != 0) + (*get(r, k, SI_SEN_SETTING) != 0);
	if (n != 1)
		find(r, "DC-N3", SEN2_ERROR, k, SI_N, "%s has %s of URN, UKPRN and SENsetting: exactly one is needed",
		     sen2_block_tags[b], n ? "more than one" : "none");
	const char *code = get(r, k, SI_SEN_SETTING);
	if (*code && !code_find(&codes_sen_setting, code, 0))
		find(r, "DC-N3", SEN2_ERROR, k, SI_SEN_SETTING, "SENsetting '%s' is not in the list", code);
	else if (!strcmp(code, "AWAIT"))
		find(r, "DC-N3", SEN2_ERROR, k, SI_SEN_SETTING, "SENsetting 'AWAIT' is sendmis's own: SEN2 has NIEO");
	else if (!strcmp(code, "OTH") || !strcmp(code, "NIEO"))
		find(r, "DC-N3", SEN2_QUERY, k, SI_SEN_SETTING, "SENsetting %s: COLLECT will ask why", code);
	const char *urn = get(r, k, SI_URN), *ukprn = get(r, k, SI_UKPRN);
	char out[16], why[64];
	if (*urn && !as_written(validate_urn, urn, out, why, sizeof why))
		find(r, "DC-N3", SEN2_ERROR, k, SI_URN, "URN '%s' %s", urn, *why ? why : "must be written with no spaces");
	if (*ukprn && !as_written(validate_ukprn, ukprn, out, why, sizeof why))
		find(r, "DC-N3", SEN2_ERROR, k, SI_UKPRN, "UKPRN '%s' %s", ukprn, *why ? why : "must be written with no spaces");
	const char *rank = get(r, k, SI_PLACEMENT_RANK);
	if (*rank && strcmp(rank, "1") && strcmp(rank, "2"))
		find(r, "DC-N3", SEN2_ERROR, k, SI_PLACEMENT_RANK, "PlacementRank '%s' must be 1 or 2", rank);
}

/* At most one rank 1 among a block's settings of kind b at any one time (placements have
 * dates: one that ended and the one that followed are both primary, in turn). */
static void one_primary(struct run *r, int parent, enum sen2_block b)
{
	int firsts = 0;
	for (int k = parent + 1; k < r->p->n; k++) {
		if (r->p->node[k].parent != parent || r->p->node[k].block != b || strcmp(get(r, k, SI_PLACEMENT_RANK), "1"))
			continue;
		for (int j = parent + 1; j < k; j++) {
			if (r->p->node[j].parent != parent || r->p->node[j].block != b ||
			    strcmp(get(r, j, SI_PLACEMENT_RANK), "1"))
				continue;
			day_t ki = day_of(r, k, SI_ENTRY_DATE), ko = day_of(r, k, SI_LEAVING_DATE);
			day_t ji = day_of(r, j, SI_ENTRY_DATE), jo = day_of(r, j, SI_LEAVING_DATE);
			int overlap = b != SB_PLACEMENT ||
			              ((ko == DATE_NONE || ji == DATE_NONE || ji <= ko) && (jo == DATE_NONE || ki == DATE_NONE || ki <= jo));
			firsts += overlap;
		}
	}
	if (firsts)
		find(r, "DC-N3", SEN2_ERROR, parent, SI_N, "more than one %s with PlacementRank 1 %s", sen2_block_tags[b],
		     b == SB_PLACEMENT ? "at the same time" : "(one is primary)");
}

/* Is node k an ActivePlans block of a plan still active (no CeaseDate)? */
static int open_active_plans(const struct sen2_person *p, int k)
{
	if (p->node[k].block != SB_ACTIVE_PLANS)
		return 0;
	int plan = sen2_active_plan_of(p, k);
	return plan >= 0 && !*sen2_get(p, plan, SI_CEASE_DATE);
}

static int valid_la(const char *v)
{
	char out[4], why[64];
	return as_written(validate_la_code, v, out, why, sizeof why);
}

static void person(struct run *r)
{
	const struct sen2_context *c = r->c;
	int active = 0;   /* an active plan on the census date */
	for (int k = 1; k < r->p->n; k++)
		active |= open_active_plans(r->p, k);
	day_t dob = day_of(r, 0, SI_BIRTH_DATE);
	if (!*get(r, 0, SI_BIRTH_DATE))
		find(r, "DC-P1", SEN2_ERROR, 0, SI_BIRTH_DATE, "PersonBirthDate is missing");
	else if (dob != DATE_NONE) {
		int age = date_age_on(dob, c->census);
		if (age < 0)
			find(r, "DC-P1", SEN2_ERROR, 0, SI_BIRTH_DATE, "PersonBirthDate %s is after the census date",
			     get(r, 0, SI_BIRTH_DATE));
		else if (age > 25 && active)
			find(r, "DC-P1", SEN2_ERROR, 0, SI_BIRTH_DATE, "aged %d on the census date, with an active plan: over 25",
			     age);
		else if (age > 25)
			find(r, "DC-P1", SEN2_QUERY, 0, SI_BIRTH_DATE, "aged %d on the census date: check the plan ceased when it "
			     "should have", age);
		else if (age == 25)
			find(r, "DC-P1", SEN2_QUERY, 0, SI_BIRTH_DATE,
			     "aged 25 on the census date: check the plan runs to the end of that academic year");
	}
	const char *sex = get(r, 0, SI_SEX);
	if (c->year >= 2024 && strcmp(sex, "M") && strcmp(sex, "F"))
		find(r, "DC-P2", SEN2_ERROR, 0, SI_SEX, *sex ? "Sex '%s' must be M or F" : "Sex is missing%s", sex);
	const char *eth = get(r, 0, SI_ETHNICITY);
	if (*eth && !code_find(&codes_ethnicity, eth, 0))
		find(r, "DC-P3", SEN2_ERROR, 0, SI_ETHNICITY, "Ethnicity '%s' is not in the CBDS list", eth);
	const char *upn = get(r, 0, SI_UPN), *uln = get(r, 0, SI_ULN), *why = get(r, 0, SI_UPN_UNKNOWN);
	char out[32], msg[160];
	if (*upn && validate_upn(upn, out, msg, sizeof msg) < 0)
		find(r, "DC-P4", SEN2_ERROR, 0, SI_UPN, "UPN '%s': %s", upn, msg);
	if (*uln && validate_uln(uln, out, msg, sizeof msg) < 0)
		find(r, "DC-P4", SEN2_ERROR, 0, SI_ULN, "UniqueLearnerNumber '%s': %s", uln, msg);
	if (!*upn && !*uln && !*why)
		find(r, "DC-P4", SEN2_ERROR, 0, SI_UPN_UNKNOWN, "neither UPN nor ULN, and no UPNunknown reason");
	else if (*why && !code_find(&codes_upn_unknown, why, 0))
		find(r, "DC-P4", SEN2_ERROR, 0, SI_UPN_UNKNOWN, "UPNunknown '%s' is not one of the reasons", why);
}

static void assessment(struct run *r, int a, int q, day_t received)
{
	static const char *const outcomes[] = {"Y", "N", "A", "W", "H", NULL};
	const char *ao = get(r, a, SI_ASSESSMENT_OUTCOME);
	day_t when = day_of(r, a, SI_ASSESSMENT_OUTCOME_DATE);
	(void)q;
	if (!in_list(ao, outcomes))
		find(r, "DC-A1", SEN2_ERROR, a, SI_ASSESSMENT_OUTCOME, *ao ? "AssessmentOutcome '%s' must be Y, N, A, W or H"
		                                                           : "AssessmentOutcome is missing%s", ao);
	if (!strcmp(ao, "N") && !*get(r, a, SI_ASSESSMENT_OUTCOME_DATE))
		find(r, "DC-A2", SEN2_ERROR, a, SI_ASSESSMENT_OUTCOME_DATE, "AssessmentOutcome N needs AssessmentOutcomeDate");
	if (when != DATE_NONE && received != DATE_NONE && when < received)
		find(r, "DC-A2", SEN2_ERROR, a, SI_ASSESSMENT_OUTCOME_DATE, "AssessmentOutcomeDate %s is before the request "
		     "was received", get(r, a, SI_ASSESSMENT_OUTCOME_DATE));
	int plan = first_child(r->p, a, SB_NAMED_PLAN);
	if (!strcmp(ao, "Y") && when != DATE_NONE && plan < 0)
		find(r, "DC-A3", SEN2_ERROR, a, SI_N, "the plan was issued (AssessmentOutcome Y with a date) but there is no "
		     "NamedPlan");
	const char *w20 = get(r, a, SI_WEEK20);
	if ((!strcmp(ao, "Y") || !strcmp(ao, "N")) && !*w20)
		find(r, "DC-A4", SEN2_ERROR, a, SI_WEEK20, "Week20 is needed when AssessmentOutcome is %s", ao);
	if (plan < 0)
		return;
	day_t start = day_of(r, plan, SI_START_DATE), cease = day_of(r, plan, SI_CEASE_DATE);
	if (start != DATE_NONE && cease != DATE_NONE && cease < start)
		find(r, "DC-N1", SEN2_ERROR, plan, SI_CEASE_DATE, "CeaseDate %s is before StartDate %s",
		     get(r, plan, SI_CEASE_DATE), get(r, plan, SI_START_DATE));
	const char *reason = get(r, plan, SI_CEASE_REASON);
	if (*get(r, plan, SI_CEASE_DATE) && !*reason)
		find(r, "DC-N1", SEN2_ERROR, plan, SI_CEASE_REASON, "CeaseDate given without a CeaseReason");
	else if (!*get(r, plan, SI_CEASE_DATE) && *reason)
		find(r, "DC-N1", SEN2_ERROR, plan, SI_CEASE_DATE, "CeaseReason %s given without a CeaseDate", reason);
	if (*reason && !code_find(&codes_cease_reason, reason, 0))
		find(r, "DC-N1", SEN2_ERROR, plan, SI_CEASE_REASON, "CeaseReason '%s' must be 1 to 9", reason);
	else if (!strcmp(reason, "9"))
		find(r, "DC-N1", SEN2_QUERY, plan, SI_CEASE_REASON, "CeaseReason 9 (Other): COLLECT asks about heavy use");
	for (int k = plan + 1; k < r->p->n; k++)
		if (r->p->node[k].parent == plan && r->p->node[k].block == SB_PLAN_DETAIL)
			setting(r, k);
	one_primary(r, plan, SB_PLAN_DETAIL);
}

/* DC-V1: the plan the block describes was active at some time in the collection year;
 * a ceased plan's placements were attended while it was active. */
static void active_plan_scope(struct run *r, int k)
{
	const struct sen2_context *c = r->c;
	int plan = sen2_active_plan_of(r->p, k);
	if (plan < 0) {
		find(r, "DC-V1", SEN2_ERROR, k, SI_N, "ActivePlans, but this Request has no NamedPlan for it to describe");
		return;
	}
	day_t start = day_of(r, plan, SI_START_DATE), cease = day_of(r, plan, SI_CEASE_DATE);
	day_t from = sen2_period_start(c->year);
	if (start != DATE_NONE && start > c->census)
		find(r, "DC-V1", SEN2_ERROR, k, SI_N, "ActivePlans for a plan that starts on %s, after the census date",
		     get(r, plan, SI_START_DATE));
	if (cease == DATE_NONE)
		return;
	if (cease < from) {
		char began[11];
		date_format_iso(from, began);
		find(r, "DC-V1", SEN2_ERROR, k, SI_N, "ActivePlans for a plan that ceased on %s, before the collection year "
		     "began (%s): it was not active at any time in the year", get(r, plan, SI_CEASE_DATE), began);
		return;
	}
	if (start != DATE_NONE && cease < start)
		return;   /* DC-N1 says the plan's dates are wrong */
	for (int n = k + 1; n < r->p->n; n++) {
		day_t in = day_of(r, n, SI_ENTRY_DATE);
		if (r->p->node[n].parent == k && r->p->node[n].block == SB_PLACEMENT && in != DATE_NONE && in > cease)
			find(r, "DC-V1", SEN2_QUERY, n, SI_ENTRY_DATE, "EntryDate %s is after the plan ceased (%s): a ceased "
			     "plan's placements are those attended while it was active", get(r, n, SI_ENTRY_DATE),
			     get(r, plan, SI_CEASE_DATE));
	}
}

static void active_plans(struct run *r, int k)
{
	const struct sen2_context *c = r->c;
	active_plan_scope(r, k);
	day_t meeting = day_of(r, k, SI_REVIEW_MEETING), last = day_of(r, k, SI_LAST_REVIEW),
	      draft = day_of(r, k, SI_REVIEW_DRAFT);
	if (meeting != DATE_NONE && meeting > c->census)
		find(r, "DC-V5", SEN2_ERROR, k, SI_REVIEW_MEETING, "ReviewMeeting %s is after the census date",
		     get(r, k, SI_REVIEW_MEETING));
	if (meeting == DATE_NONE && last != DATE_NONE)
		find(r, "DC-V5", SEN2_ERROR, k, SI_REVIEW_MEETING, "LastReview %s is given without a ReviewMeeting: a review "
		     "decided by the census was held by it", get(r, k, SI_LAST_REVIEW));
	if (meeting != DATE_NONE && last != DATE_NONE && last < meeting)
		find(r, "DC-V5", SEN2_QUERY, k, SI_LAST_REVIEW, "LastReview %s is before the latest ReviewMeeting %s: "
		     "check the decision of that meeting", get(r, k, SI_LAST_REVIEW), get(r, k, SI_REVIEW_MEETING));
	if (meeting != DATE_NONE && draft != DATE_NONE && draft < meeting)
		find(r, "DC-V5", SEN2_ERROR, k, SI_REVIEW_DRAFT, "ReviewDraft %s is before ReviewMeeting %s",
		     get(r, k, SI_REVIEW_DRAFT), get(r, k, SI_REVIEW_MEETING));
	static const char *const rv[] = {"A", "C", "M", NULL};
	const char *ro = get(r, k, SI_REVIEW_OUTCOME);
	if (*ro && !in_list(ro, rv))
		find(r, "DC-V4", SEN2_ERROR, k, SI_REVIEW_OUTCOME, "ReviewOutcome '%s' must be A, C or M", ro);
	if (!*ro && *get(r, k, SI_REVIEW_MEETING) && *get(r, k, SI_LAST_REVIEW) && last >= meeting)
		find(r, "DC-V4", SEN2_ERROR, k, SI_REVIEW_OUTCOME, "the review was decided (LastReview) but ReviewOutcome is "
		     "missing");
	const char *tla = get(r, k, SI_TRANSFER_LA);
	if (*tla && !valid_la(tla))
		find(r, "DC-V6", SEN2_ERROR, k, SI_TRANSFER_LA, "TransferLA '%s' is not a 3-digit LA code", tla);
	else if (*tla && c->la && !strcmp(tla, c->la))
		find(r, "DC-V6", SEN2_ERROR, k, SI_TRANSFER_LA, "TransferLA %s is this LA's own code", tla);
	int firsts = 0, seconds = 0;
	for (int n = k + 1; n < r->p->n; n++) {
		const struct sen2_node *nd = &r->p->node[n];
		if (nd->parent != k)
			continue;
		if (nd->block == SB_PLACEMENT) {
			setting(r, n);
			day_t in = day_of(r, n, SI_ENTRY_DATE), out = day_of(r, n, SI_LEAVING_DATE);
			if (in != DATE_NONE && out != DATE_NONE && out < in)
				find(r, "DC-V3", SEN2_ERROR, n, SI_LEAVING_DATE, "LeavingDate %s is before EntryDate %s",
				     get(r, n, SI_LEAVING_DATE), get(r, n, SI_ENTRY_DATE));
			if (!*get(r, n, SI_ENTRY_DATE))
				find(r, "DC-V3", SEN2_ERROR, n, SI_ENTRY_DATE, "EntryDate is missing");
		} else if (nd->block == SB_NEED) {
			const char *t = get(r, n, SI_SEN_TYPE), *rank = get(r, n, SI_SEN_TYPE_RANK);
			const struct code *cd = code_find(&codes_sen_type, t, 0);
			if (!cd)
				find(r, "DC-V2", SEN2_ERROR, n, SI_SEN_TYPE, *t ? "SENtype '%s' is not in the list"
				                                                : "SENtype is missing%s", t);
			else if (!code_find(&codes_sen_type, t, c->year))
				find(r, "DC-V2", SEN2_ERROR, n, SI_SEN_TYPE, "SENtype %s is not in the %d list (from %d)", t, c->year,
				     cd->from_year);
			firsts += !strcmp(rank, "1");
			seconds += !strcmp(rank, "2");
			if (strcmp(rank, "1") && strcmp(rank, "2"))
				find(r, "DC-V2", SEN2_ERROR, n, SI_SEN_TYPE_RANK, "SENtypeRank '%s' must be 1 or 2", rank);
		}
	}
	if (firsts != 1 || seconds > 1)
		find(r, "DC-V2", SEN2_ERROR, k, SI_N, "%d primary and %d secondary needs: one primary and at most one "
		     "secondary are needed", firsts, seconds);
	one_primary(r, k, SB_PLACEMENT);
}

/* DC-V1: a plan active on the census date (started by it, no CeaseDate) is described by
 * an ActivePlans under its Request. */
static void plan_has_active_plans(struct run *r, int plan)
{
	day_t start = day_of(r, plan, SI_START_DATE);
	if (*get(r, plan, SI_CEASE_DATE) || start == DATE_NONE || start > r->c->census)
		return;
	int a = r->p->node[plan].parent, q = a >= 0 ? r->p->node[a].parent : -1;
	for (int k = q + 1; q >= 0 && k < r->p->n; k++)
		if (r->p->node[k].parent == q && r->p->node[k].block == SB_ACTIVE_PLANS)
			return;
	find(r, "DC-V1", SEN2_ERROR, plan, SI_N, "the plan starting %s is active on the census date, but its Request has "
	     "no ActivePlans", get(r, plan, SI_START_DATE));
}

static void request(struct run *r, int q)
{
	const struct sen2_context *c = r->c;
	static const char *const outcomes[] = {"Y", "N", "A", "W", "H", NULL};
	day_t received = day_of(r, q, SI_RECEIVED_DATE), decided = day_of(r, q, SI_REQUEST_OUTCOME_DATE);
	const char *oc = get(r, q, SI_REQUEST_OUTCOME);
	if (received != DATE_NONE && received > c->census)
		find(r, "DC-R1", SEN2_ERROR, q, SI_RECEIVED_DATE, "ReceivedDate %s is after the census date",
		     get(r, q, SI_RECEIVED_DATE));
	if (!in_list(oc, outcomes))
		find(r, "DC-R2", SEN2_ERROR, q, SI_REQUEST_OUTCOME, *oc ? "RequestOutcome '%s' must be Y, N, A, W or H"
		                                                        : "RequestOutcome is missing%s", oc);
	else if ((!strcmp(oc, "Y") || !strcmp(oc, "N")) && !*get(r, q, SI_REQUEST_OUTCOME_DATE))
		find(r, "DC-R2", SEN2_ERROR, q, SI_REQUEST_OUTCOME_DATE, "RequestOutcome %s needs RequestOutcomeDate", oc);
	else if ((!strcmp(oc, "A") || !strcmp(oc, "W") || !strcmp(oc, "H")) && *get(r, q, SI_REQUEST_OUTCOME_DATE))
		find(r, "DC-R2", SEN2_ERROR, q, SI_REQUEST_OUTCOME_DATE, "RequestOutcome %s takes no RequestOutcomeDate", oc);
	if (decided != DATE_NONE && received != DATE_NONE && decided < received)
		find(r, "DC-R2", SEN2_ERROR, q, SI_REQUEST_OUTCOME_DATE, "RequestOutcomeDate %s is before ReceivedDate %s",
		     get(r, q, SI_REQUEST_OUTCOME_DATE), get(r, q, SI_RECEIVED_DATE));
	if (!*get(r, q, SI_RECEIVED_DATE) && strcmp(oc, "H"))
		find(r, "DC-R1", SEN2_ERROR, q, SI_RECEIVED_DATE, "ReceivedDate is missing");
	int a = first_child(r->p, q, SB_ASSESSMENT);
	if (!strcmp(oc, "Y") && a < 0)
		find(r, "DC-R3", SEN2_ERROR, q, SI_N, "RequestOutcome Y but there is no Assessment");
	if ((!strcmp(oc, "N") || !strcmp(oc, "A") || !strcmp(oc, "W")) && a >= 0)
		find(r, "DC-R3", SEN2_ERROR, q, SI_N, "RequestOutcome %s but there is an Assessment", oc);
	const char *src = get(r, q, SI_REQUEST_SOURCE);
	if (*src && !code_find(&codes_request_source, src, 0))
		find(r, "DC-R4", SEN2_ERROR, q, SI_REQUEST_SOURCE, "RequestSource '%s' must be 1 to 5", src);
	else if (!*src && c->year >= 2026 && strcmp(oc, "H"))
		find(r, "DC-R4", SEN2_ERROR, q, SI_REQUEST_SOURCE, "RequestSource is needed from 2026");
	else if (!strcmp(src, "5"))
		find(r, "DC-R4", SEN2_QUERY, q, SI_REQUEST_SOURCE, "RequestSource 5 (Other): COLLECT asks about heavy use");
	if (a >= 0)
		assessment(r, a, q, received);
}

int sen2_check_person(const struct sen2_context *c, const struct sen2_person *p, sen2_finding_fn fn, void *ctx)
{
	struct run r = {c, p, fn, ctx, 0};
	if (p->n < 1 || p->node[0].block != SB_PERSON)
		return 0;
	types(&r);
	person(&r);
	int active = 0;
	for (int k = 1; k < p->n; k++) {
		if (p->node[k].block == SB_REQUEST)
			request(&r, k);
		else if (p->node[k].block == SB_ACTIVE_PLANS) {
			active_plans(&r, k);
			active += open_active_plans(p, k);
		} else if (p->node[k].block == SB_NAMED_PLAN)
			plan_has_active_plans(&r, k);
	}
	if (active > 1)
		find(&r, "DC-X1", SEN2_ERROR, 0, SI_N, "%d active plans on the census date: at most one", active);
	return r.errors;
}

int sen2_check_header(const struct sen2_context *c, const char *year, const char *reference_date, const char *lea,
                      sen2_finding_fn fn, void *ctx)
{
	struct run r = {c, NULL, fn, ctx, 0};
	day_t d;
	if (!lea || !valid_la(lea))
		find(&r, "DC-H1", SEN2_ERROR, -1, SI_LEA, "LEA '%s' is not a 3-digit LA code", lea ? lea : "");
	if (!reference_date || date_parse_iso(reference_date, &d) < 0 || sen2_year_of_census(d) < 0)
		find(&r, "DC-H1", SEN2_ERROR, -1, SI_REFERENCE_DATE, "ReferenceDate '%s' is not a SEN2 census date",
		     reference_date ? reference_date : "");
	else if (!year || atoi(year) != sen2_year_of_census(d))
		find(&r, "DC-H1", SEN2_ERROR, -1, SI_YEAR, "Year '%s' is not the year of the census date %s", year ? year : "",
		     reference_date);
	return r.errors;
}
