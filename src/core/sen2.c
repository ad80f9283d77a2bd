/* sen2.c — the SEN2 tables; see sen2.h. */
#include "core/sen2.h"
#include <string.h>

const char *const sen2_block_tags[SB_N] = {"CollectionDetails", "Source", "Person", "Requests", "Assessment",
                                           "NamedPlan", "PlanDetail", "ActivePlans", "PlacementDetail", "SENneed"};

/* In the order the return carries them, block by block (sen2.md §5.1). */
const struct sen2_element sen2_elements[] = {
	{SB_COLLECTION, SI_COLLECTION, "Collection", 0, 0, 'S', 0},
	{SB_COLLECTION, SI_YEAR, "Year", 0, 0, 'I', 0},
	{SB_COLLECTION, SI_REFERENCE_DATE, "ReferenceDate", 0, 0, 'D', 0},
	{SB_SOURCE, SI_SOURCE_LEVEL, "SourceLevel", 0, 0, 'S', 1},
	{SB_SOURCE, SI_LEA, "LEA", 0, 0, 'S', 0},
	{SB_SOURCE, SI_SOFTWARE_CODE, "SoftwareCode", 0, 0, 'S', 0},
	{SB_SOURCE, SI_RELEASE, "Release", 0, 0, 'S', 0},
	{SB_SOURCE, SI_SERIAL_NO, "SerialNo", 0, 0, 'I', 0},
	{SB_SOURCE, SI_DATE_TIME, "DateTime", 0, 0, 'S', 0},

	{SB_PERSON, SI_SURNAME, "Surname", 0, 0, 'S', 0},
	{SB_PERSON, SI_FORENAME, "Forename", 0, 0, 'S', 0},
	{SB_PERSON, SI_BIRTH_DATE, "PersonBirthDate", 0, 0, 'D', 0},
	{SB_PERSON, SI_SEX, "Sex", 2024, 0, 'S', 0},
	{SB_PERSON, SI_ETHNICITY, "Ethnicity", 0, 0, 'S', 0},
	{SB_PERSON, SI_POSTCODE, "PostCode", 0, 0, 'S', 0},
	{SB_PERSON, SI_UPN, "UPN", 0, 0, 'S', 0},
	{SB_PERSON, SI_ULN, "UniqueLearnerNumber", 0, 0, 'S', 0},
	{SB_PERSON, SI_UPN_UNKNOWN, "UPNunknown", 0, 0, 'S', 0},

	{SB_REQUEST, SI_RECEIVED_DATE, "ReceivedDate", 0, 0, 'D', 0},
	{SB_REQUEST, SI_REQUEST_SOURCE, "RequestSource", 2025, 0, 'I', 0},
	{SB_REQUEST, SI_RYA, "RYA", 0, 0, 'B', 0},
	{SB_REQUEST, SI_REQUEST_OUTCOME_DATE, "RequestOutcomeDate", 0, 0, 'D', 0},
	{SB_REQUEST, SI_REQUEST_OUTCOME, "RequestOutcome", 0, 0, 'S', 0},
	{SB_REQUEST, SI_REQUEST_MEDIATION, "RequestMediation", 2024, 0, 'B', 0},
	{SB_REQUEST, SI_REQUEST_TRIBUNAL, "RequestTribunal", 2024, 0, 'B', 0},
	{SB_REQUEST, SI_EXPORTED, "Exported", 0, 0, 'S', 1},

	{SB_ASSESSMENT, SI_ASSESSMENT_OUTCOME, "AssessmentOutcome", 0, 0, 'S', 0},
	{SB_ASSESSMENT, SI_ASSESSMENT_OUTCOME_DATE, "AssessmentOutcomeDate", 0, 0, 'D', 0},
	{SB_ASSESSMENT, SI_ASSESSMENT_MEDIATION, "AssessmentMediation", 0, 0, 'B', 0},
	{SB_ASSESSMENT, SI_ASSESSMENT_TRIBUNAL, "AssessmentTribunal", 0, 0, 'B', 0},
	{SB_ASSESSMENT, SI_OTHER_MEDIATION, "OtherMediation", 0, 0, 'B', 0},
	{SB_ASSESSMENT, SI_OTHER_TRIBUNAL, "OtherTribunal", 0, 0, 'B', 0},
	{SB_ASSESSMENT, SI_WEEK20, "Week20", 0, 0, 'B', 0},

	{SB_NAMED_PLAN, SI_START_DATE, "StartDate", 0, 0, 'D', 0},
	{SB_NAMED_PLAN, SI_PLAN_RES, "PlanRes", 0, 0, 'S', 0},
	{SB_NAMED_PLAN, SI_PLAN_WBP, "PlanWBP", 0, 0, 'S', 1},
	{SB_NAMED_PLAN, SI_PB, "PB", 0, 0, 'B', 0},
	{SB_NAMED_PLAN, SI_OA, "OA", 0, 0, 'B', 0},
	{SB_NAMED_PLAN, SI_DP, "DP", 0, 0, 'S', 1},
	{SB_NAMED_PLAN, SI_CEASE_DATE, "CeaseDate", 0, 0, 'D', 0},
	{SB_NAMED_PLAN, SI_CEASE_REASON, "CeaseReason", 0, 0, 'I', 0},

	{SB_PLAN_DETAIL, SI_URN, "URN", 0, 0, 'S', 0},
	{SB_PLAN_DETAIL, SI_UKPRN, "UKPRN", 0, 0, 'S', 0},
	{SB_PLAN_DETAIL, SI_SEN_SETTING, "SENsetting", 0, 0, 'S', 0},
	{SB_PLAN_DETAIL, SI_SEN_SETTING_OTHER, "SENsettingOther", 0, 0, 'S', 1},
	{SB_PLAN_DETAIL, SI_PLACEMENT_RANK, "PlacementRank", 0, 0, 'I', 0},
	{SB_PLAN_DETAIL, SI_SEN_UNIT, "SENunitIndicator", 0, 0, 'B', 0},
	{SB_PLAN_DETAIL, SI_RESOURCED, "ResourcedProvisionIndicator", 0, 0, 'B', 0},

	{SB_ACTIVE_PLANS, SI_TRANSFER_LA, "TransferLA", 0, 0, 'S', 0},
	{SB_ACTIVE_PLANS, SI_REVIEW_MEETING, "ReviewMeeting", 2024, 0, 'D', 0},
	{SB_ACTIVE_PLANS, SI_REVIEW_OUTCOME, "ReviewOutcome", 2024, 0, 'S', 0},
	{SB_ACTIVE_PLANS, SI_REVIEW_DRAFT, "ReviewDraft", 2025, 0, 'D', 0},
	{SB_ACTIVE_PLANS, SI_LAST_REVIEW, "LastReview", 0, 0, 'D', 0},
	{SB_ACTIVE_PLANS, SI_PHASE_DUE, "PhaseTransferDueDate", 2025, 0, 'D', 0},
	{SB_ACTIVE_PLANS, SI_PHASE_FINAL, "PhaseTransferFinalDate", 2025, 0, 'D', 0},

	{SB_PLACEMENT, SI_URN, "URN", 0, 0, 'S', 0},
	{SB_PLACEMENT, SI_UKPRN, "UKPRN", 0, 0, 'S', 0},
	{SB_PLACEMENT, SI_SEN_SETTING, "SENsetting", 0, 0, 'S', 0},
	{SB_PLACEMENT, SI_SEN_SETTING_OTHER, "SENsettingOther", 0, 0, 'S', 1},
	{SB_PLACEMENT, SI_PLACEMENT_RANK, "PlacementRank", 0, 0, 'I', 0},
	{SB_PLACEMENT, SI_ENTRY_DATE, "EntryDate", 0, 0, 'D', 0},
	{SB_PLACEMENT, SI_LEAVING_DATE, "LeavingDate", 0, 0, 'D', 0},
	{SB_PLACEMENT, SI_SEN_UNIT, "SENunitIndicator", 0, 0, 'B', 0},
	{SB_PLACEMENT, SI_RESOURCED, "ResourcedProvisionIndicator", 0, 0, 'B', 0},
	{SB_PLACEMENT, SI_RES, "Res", 2024, 0, 'S', 0},
	{SB_PLACEMENT, SI_WBP, "WBP", 2024, 0, 'S', 1},

	{SB_NEED, SI_SEN_TYPE, "SENtype", 0, 0, 'S', 0},
	{SB_NEED, SI_SEN_TYPE_RANK, "SENtypeRank", 0, 0, 'I', 0},
};
const int sen2_elements_n = (int)(sizeof sen2_elements / sizeof sen2_elements[0]);

int sen2_in_year(const struct sen2_element *e, int year)
{
	return (!e->from || year >= e->from) && (!e->to || year <= e->to);
}

/* sen2.md §1.1, from each year's guide (the third Thursday in January, 2021 the second) */
const struct sen2_census sen2_census_dates[] = {
	{2015, "2015-01-15"}, {2016, "2016-01-21"}, {2017, "2017-01-19"}, {2018, "2018-01-18"}, {2019, "2019-01-17"},
	{2020, "2020-01-16"}, {2021, "2021-01-14"}, {2022, "2022-01-20"}, {2023, "2023-01-19"}, {2024, "2024-01-18"},
	{2025, "2025-01-16"}, {2026, "2026-01-15"}, {2027, "2027-01-21"},
};
const int sen2_census_n = (int)(sizeof sen2_census_dates / sizeof sen2_census_dates[0]);

int sen2_year_of_census(day_t day)
{
	for (int i = 0; i < sen2_census_n; i++) {
		day_t d;
		if (date_parse_iso(sen2_census_dates[i].date, &d) == 0 && d == day)
			return sen2_census_dates[i].year;
	}
	return -1;
}

const char *sen2_residential(const char *weeks, int year)
{
	if (!weeks || !*weeks)
		return NULL;
	int w = !strcmp(weeks, "38") ? 38 : !strcmp(weeks, "51") ? 51 : !strcmp(weeks, "52") ? 52 : 0;
	if (!w)
		return NULL;
	if (year >= 2026)   /* A up to 38 weeks, B 39 to 52 */
		return w == 38 ? "A" : "B";
	return w == 52 ? "B" : "A";   /* to 2025: A 38 to 51 weeks, B 52 */
}

void sen2_person_reset(struct sen2_person *p)
{
	p->id = 0;
	p->index = 0;
	p->n = p->overflow = 0;
	p->used = 0;
}

int sen2_add(struct sen2_person *p, enum sen2_block b, int parent, long line)
{
	if (p->n == SEN2_MAX_NODES) {
		p->overflow = 1;
		return -1;
	}
	struct sen2_node *nd = &p->node[p->n];
	nd->block = b;
	nd->parent = parent;
	nd->line = line;
	for (int i = 0; i < SI_N; i++)
		nd->v[i] = NULL;
	return p->n++;
}

void sen2_set(struct sen2_person *p, int node, enum sen2_item i, const char *s)
{
	if (node < 0 || node >= p->n || !s || !*s)
		return;
	size_t len = strlen(s) + 1;
	if (p->used + len > SEN2_ARENA) {
		p->overflow = 1;
		return;
	}
	memcpy(p->arena + p->used, s, len);
	p->node[node].v[i] = p->arena + p->used;
	p->used += len;
}

const char *sen2_get(const struct sen2_person *p, int node, enum sen2_item i)
{
	if (node < 0 || node >= p->n || !p->node[node].v[i])
		return "";
	return p->node[node].v[i];
}

const struct sen2_element *sen2_element_of(enum sen2_block b, const char *tag)
{
	for (int i = 0; i < sen2_elements_n; i++)
		if (sen2_elements[i].block == b && !strcmp(sen2_elements[i].tag, tag))
			return &sen2_elements[i];
	return NULL;
}

int sen2_active_plan_of(const struct sen2_person *p, int k)
{
	int request = k > 0 && k < p->n ? p->node[k].parent : -1, a = -1, best = -1;
	for (int i = request + 1; request >= 0 && i < p->n && a < 0; i++)
		if (p->node[i].parent == request && p->node[i].block == SB_ASSESSMENT)
			a = i;
	for (int i = a + 1; a >= 0 && i < p->n; i++) {
		if (p->node[i].parent != a || p->node[i].block != SB_NAMED_PLAN)
			continue;
		const char *ceased = sen2_get(p, i, SI_CEASE_DATE);
		if (!*ceased)
			return i;
		/* ISO dates compare as strings; a malformed one is reported by the checks */
		if (best < 0 || strcmp(ceased, sen2_get(p, best, SI_CEASE_DATE)) > 0)
			best = i;
	}
	return best;
}

day_t sen2_period_start(int year)
{
	day_t d = DATE_NONE;
	date_from_ymd(year - 1, 1, 1, &d);
	return d;
}
