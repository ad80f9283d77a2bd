/* entities.c — the editable nouns: fields in form order, SQL, rules.
 *
 * DESIGN: one block per noun.  The SELECT lists the fields in the same
 * order as the field table, then version, parent id and person id; INSERT
 * and UPDATE bind in that order (entity.c).  Cross-field rules are pure
 * functions of the parsed record.  Changing a noun means changing its
 * block and, for a new column, a numbered migration.
 */
#include "domain/entity.h"
#include "domain/plan.h"
#include <stdlib.h>
#include <string.h>

#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define V(name) record_get(e, r, name)

static int has(const char *v) { return v && *v; }
static int is1(const char *v) { return v && strcmp(v, "1") == 0; }
/* ISO dates compare as strings. */
static int before(const char *a, const char *b) { return has(a) && has(b) && strcmp(a, b) < 0; }

/* ---- person -------------------------------------------------------------- */

static const struct field person_fields[] = {
	{"forename", "First name", FT_TEXT, FO_REQUIRED, NULL, 60, 0, 0, NULL},
	{"surname", "Last name", FT_TEXT, FO_REQUIRED, NULL, 60, 0, 0, NULL},
	{"dob", "Date of birth", FT_DATE, FO_REQUIRED | FO_DOB, NULL, 0, 0, 0, "For example, 27 3 2015"},
	{"sex", "Sex", FT_CODE, FO_REQUIRED, &codes_sex, 0, 0, 0, NULL},
	{"ethnicity", "Ethnicity", FT_CODE, 0, &codes_ethnicity, 0, 0, 0, NULL},
	{"postcode", "Home postcode", FT_POSTCODE, 0, NULL, 0, 0, 0, NULL},
	{"upn", "UPN", FT_UPN, 0, NULL, 0, 0, 0, "Unique Pupil Number: 13 characters, starting with a letter"},
	{"uln", "ULN", FT_ULN, 0, NULL, 0, 0, 0, "Unique Learner Number: 10 digits"},
	{"upn_unknown", "Reason there is no UPN or ULN", FT_CODE, 0, &codes_upn_unknown, 0, 0, 0, "Only if neither number is known"},
	{"nhs_number", "NHS number", FT_NHS, 0, NULL, 0, 0, 0, "10 digits, for example 943 476 5919"},
	{"home_la", "Home local authority code", FT_LA, 0, NULL, 0, 0, 0, "3 digits"},
	{"looked_after", "Looked after child", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"child_in_need", "Child in need", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"child_protection", "Child protection plan", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"care_leaver", "Care leaver", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"youth_justice", "Known to youth justice", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"ehe", "Electively home educated", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"cme", "Child missing education", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
};

static void person_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	int ids = has(V("upn")) || has(V("uln"));
	if (!ids && !has(V("upn_unknown")))
		errs_add(err, "upn", "Enter a UPN or ULN, or select the reason neither is known");
	if (ids && has(V("upn_unknown")))
		errs_add(err, "upn_unknown", "Leave the reason empty when a UPN or ULN is given");
}

const struct entity ent_person = {
	"people", "child or young person", NULL, person_fields, NF(person_fields),
	"SELECT forename,surname,dob,sex,ethnicity,postcode,upn,uln,upn_unknown,nhs_number,home_la,"
	"looked_after,child_in_need,child_protection,care_leaver,youth_justice,ehe,cme,version,0,id FROM people WHERE id=?",
	"INSERT INTO people(forename,surname,dob,sex,ethnicity,postcode,upn,uln,upn_unknown,nhs_number,home_la,"
	"looked_after,child_in_need,child_protection,care_leaver,youth_justice,ehe,cme,created_at) "
	"VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE people SET forename=?,surname=?,dob=?,sex=?,ethnicity=?,postcode=?,upn=?,uln=?,upn_unknown=?,"
	"nhs_number=?,home_la=?,looked_after=?,child_in_need=?,child_protection=?,care_leaver=?,youth_justice=?,"
	"ehe=?,cme=?,version=version+1 WHERE id=? AND version=?",
	NULL, NULL, person_check, NULL, NULL, INS_NOW,
};

/* ---- EHC plan --------------------------------------------------------------- */

static const struct field plan_fields[] = {
	{"status", "Plan status", FT_CODE, FO_REQUIRED, &codes_plan_status, 0, 0, 0, NULL},
	{"draft_date", "Date the draft plan was sent", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
	{"issue_date", "Date the final plan was issued", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "Needed once the plan is active"},
	{"start_date", "Plan start date", FT_DATE, 0, NULL, 0, 0, 0, "The date of the current plan; may be earlier than a transfer in"},
	{"cease_date", "Date the plan ceased", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "The date it ended or transferred, not the date of the decision"},
	{"cease_reason", "Reason the plan ceased", FT_CODE, 0, &codes_cease_reason, 0, 0, 0, NULL},
	{"transfer_in_la", "Transferred in from local authority", FT_LA, 0, NULL, 0, 0, 0, "3-digit code, if the plan came from another local authority"},
	{"personal_budget", "Personal budget taken up", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"pb_organised", "Personal budget through organised arrangements", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"pb_direct_payment", "Personal budget through direct payments", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
};

static void plan_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	const char *st = V("status");
	if (st && strcmp(st, "active") == 0 && !has(V("issue_date")))
		errs_add(err, "issue_date", "Enter the date the final plan was issued: an active plan has been issued");
	if (st && strcmp(st, "draft") == 0 && !has(V("draft_date")))
		errs_add(err, "draft_date", "Enter the date the draft plan was sent");
	if (st && strcmp(st, "ceased") == 0) {
		if (!has(V("cease_date")))
			errs_add(err, "cease_date", "Enter the date the plan ceased");
		if (!has(V("cease_reason")))
			errs_add(err, "cease_reason", "Select the reason the plan ceased");
	} else if (has(V("cease_date")) || has(V("cease_reason"))) {
		errs_add(err, "cease_date", "Only a ceased plan has a cease date and reason: change the status to ceased or clear them");
	}
	if (before(V("issue_date"), V("draft_date")))
		errs_add(err, "issue_date", "Date the final plan was issued must be on or after the date the draft was sent");
	if (before(V("cease_date"), V("issue_date")))
		errs_add(err, "cease_date", "Date the plan ceased must be on or after the date it was issued");
	if ((is1(V("pb_organised")) || is1(V("pb_direct_payment"))) && !is1(V("personal_budget")))
		errs_add(err, "personal_budget", "Tick personal budget taken up if it is delivered through organised arrangements or direct payments");
}

static void plan_after(db *d, const struct record *r)
{
	plan_refresh_reviews(d, r->id);
}

const struct entity ent_plan = {
	"plans", "EHC plan", "people", plan_fields, NF(plan_fields),
	"SELECT status,draft_date,issue_date,start_date,cease_date,cease_reason,transfer_in_la,personal_budget,"
	"pb_organised,pb_direct_payment,version,person_id,person_id FROM plans WHERE id=?",
	"INSERT INTO plans(person_id,status,draft_date,issue_date,start_date,cease_date,cease_reason,transfer_in_la,"
	"personal_budget,pb_organised,pb_direct_payment) VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE plans SET status=?,draft_date=?,issue_date=?,start_date=?,cease_date=?,cease_reason=?,transfer_in_la=?,"
	"personal_budget=?,pb_organised=?,pb_direct_payment=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", plan_check, plan_after,
	"This child or young person already has an active EHC plan. Cease that plan before making another active.", 0,
};

/* ---- annual review ------------------------------------------------------------ */

static const struct field review_fields[] = {
	{"meeting_date", "Review meeting date", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
	{"decision_date", "Decision date", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "When the local authority wrote to the family with its decision"},
	{"outcome", "Decision", FT_CODE, 0, &codes_review_outcome, 0, 0, 0, NULL},
};

static void review_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (before(V("decision_date"), V("meeting_date")))
		errs_add(err, "decision_date", "Decision date must be on or after the review meeting date");
	if (has(V("decision_date")) != has(V("outcome")))
		errs_add(err, has(V("outcome")) ? "decision_date" : "outcome",
		         has(V("outcome")) ? "Enter the decision date for this decision" : "Select the decision made on this date");
}

static void review_after(db *d, const struct record *r)
{
	plan_refresh_reviews(d, r->parent_id);
}

const struct entity ent_review = {
	"reviews", "annual review", "plans", review_fields, NF(review_fields),
	"SELECT v.meeting_date,v.decision_date,v.outcome,v.version,v.plan_id,p.person_id FROM reviews v "
	"JOIN plans p ON p.id=v.plan_id WHERE v.id=?",
	"INSERT INTO reviews(plan_id,meeting_date,decision_date,outcome) VALUES(?,?,?,?) RETURNING id",
	"UPDATE reviews SET meeting_date=?,decision_date=?,outcome=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT person_id FROM plans WHERE id=?", review_check, review_after, NULL, 0,
};

/* ---- SEN need ------------------------------------------------------------------ */

static const struct field need_fields[] = {
	{"rank", "Rank", FT_INT, FO_REQUIRED, NULL, 0, 1, 9, "1 is the primary need, 2 the secondary need"},
	{"sen_type", "Type of need", FT_CODE, FO_REQUIRED, &codes_sen_type, 0, 0, 0, NULL},
};

const struct entity ent_need = {
	"needs", "need", "people", need_fields, NF(need_fields),
	"SELECT rank,sen_type,version,person_id,person_id FROM needs WHERE id=?",
	"INSERT INTO needs(person_id,rank,sen_type) VALUES(?,?,?) RETURNING id",
	"UPDATE needs SET rank=?,sen_type=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM needs WHERE id=? AND version=?",
	"SELECT id FROM people WHERE id=?", NULL, NULL,
	"There is already a need with this rank. Choose a different rank or change the other need first.", 0,
};

/* ---- settings: attended (placement) and named in the plan ----------------------- */

static void setting_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	int est = has(V("establishment_id")), code = has(V("setting_code"));
	if (est == code)
		errs_add(err, "establishment_id", est ? "Select either a setting or a type of arrangement, not both"
		                                      : "Select a setting, or a type of arrangement if there is no setting");
	if (entity_field_index(e, "end_date") >= 0 && before(V("end_date"), V("start_date")))
		errs_add(err, "end_date", "End date must be on or after the start date");
}

static const struct field placement_fields[] = {
	{"establishment_id", "Setting", FT_ESTAB, 0, NULL, 0, 0, 0, "The school, college or other provider attended"},
	{"setting_code", "Type of arrangement", FT_CODE, 0, &codes_sen_setting, 0, 0, 0, "Only when there is no setting: home education, NEET, awaiting provision…"},
	{"start_date", "Start date", FT_DATE, FO_REQUIRED, NULL, 0, 0, 0, NULL},
	{"end_date", "End date", FT_DATE, 0, NULL, 0, 0, 0, "Leave empty while the placement continues"},
	{"rank", "Rank", FT_INT, FO_REQUIRED, NULL, 0, 1, 2, "1 for the main placement, 2 for a second one attended at the same time"},
	{"residential", "Residential", FT_CODE, 0, &codes_residential, 0, 0, 0, "Only for a residential placement"},
	{"work_based", "Work-based learning", FT_CODE, 0, &codes_work_based, 0, 0, 0, NULL},
	{"sen_unit", "In a SEN unit", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"resourced_provision", "In resourced provision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
};

const struct entity ent_placement = {
	"placements", "placement", "people", placement_fields, NF(placement_fields),
	"SELECT establishment_id,setting_code,start_date,end_date,rank,residential,work_based,sen_unit,"
	"resourced_provision,version,person_id,person_id FROM placements WHERE id=?",
	"INSERT INTO placements(person_id,establishment_id,setting_code,start_date,end_date,rank,residential,work_based,"
	"sen_unit,resourced_provision) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE placements SET establishment_id=?,setting_code=?,start_date=?,end_date=?,rank=?,residential=?,"
	"work_based=?,sen_unit=?,resourced_provision=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", setting_check, NULL, NULL, 0,
};

static const struct field named_fields[] = {
	{"establishment_id", "Setting", FT_ESTAB, 0, NULL, 0, 0, 0, "The school or college named in section I"},
	{"setting_code", "Type of arrangement", FT_CODE, 0, &codes_sen_setting, 0, 0, 0, "Only when the plan names no setting"},
	{"rank", "Rank", FT_INT, FO_REQUIRED, NULL, 0, 1, 2, "1 for the main setting"},
	{"sen_unit", "In a SEN unit", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"resourced_provision", "In resourced provision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
};

const struct entity ent_named = {
	"named", "named setting", "plans", named_fields, NF(named_fields),
	"SELECT n.establishment_id,n.setting_code,n.rank,n.sen_unit,n.resourced_provision,n.version,n.plan_id,p.person_id "
	"FROM named_settings n JOIN plans p ON p.id=n.plan_id WHERE n.id=?",
	"INSERT INTO named_settings(plan_id,establishment_id,setting_code,rank,sen_unit,resourced_provision) "
	"VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE named_settings SET establishment_id=?,setting_code=?,rank=?,sen_unit=?,resourced_provision=?,"
	"version=version+1 WHERE id=? AND version=?",
	"DELETE FROM named_settings WHERE id=? AND version=?",
	"SELECT person_id FROM plans WHERE id=?", setting_check, NULL, NULL, 0,
};

/* ---- visits ------------------------------------------------------------------------- */

static const struct field visit_fields[] = {
	{"visit_date", "Date of visit", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
	{"visit_type", "Type of visit", FT_CODE, FO_REQUIRED, &codes_visit_type, 0, 0, 0, NULL},
	{"outcome", "Outcome", FT_CODE, FO_REQUIRED, &codes_visit_outcome, 0, 0, 0, NULL},
	{"visitor", "Visited by", FT_TEXT, 0, NULL, 100, 0, 0, "Name and role of the officer who visited"},
	{"summary", "Summary", FT_TEXTAREA, 0, NULL, 5000, 0, 0, "What was seen, and any actions agreed"},
};

const struct entity ent_visit = {
	"visits", "visit", "placements", visit_fields, NF(visit_fields),
	"SELECT visit_date,visit_type,outcome,visitor,summary,version,placement_id,person_id FROM visits WHERE id=?",
	"INSERT INTO visits(placement_id,person_id,visit_date,visit_type,outcome,visitor,summary) "
	"VALUES(?1,(SELECT person_id FROM placements WHERE id=?1),?,?,?,?,?) RETURNING id",
	"UPDATE visits SET visit_date=?,visit_type=?,outcome=?,visitor=?,summary=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT person_id FROM placements WHERE id=?", NULL, NULL, NULL, 0,
};

/* ---- notes (changes are audited with the earlier text kept in the audit table) ------------------------------------- */

static const struct field note_fields[] = {
	{"body", "Note", FT_TEXTAREA, FO_REQUIRED, NULL, 5000, 0, 0, "Notes are part of the child's record and can be read by the family on request"},
};

const struct entity ent_note = {
	"notes", "note", "people", note_fields, NF(note_fields),
	"SELECT body,version,person_id,person_id FROM notes WHERE id=?",
	"INSERT INTO notes(person_id,body,author_id,created_at) VALUES(?,?,?,?) RETURNING id",
	"UPDATE notes SET body=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", NULL, NULL, NULL, INS_USER | INS_NOW,
};

/* ---- request for assessment, and the assessment ----------------------------------------- */

static void outcome_check(const struct entity *e, const struct record *r, const char *after_field,
                          const char *after_label, struct errs *err)
{
	if (has(V("outcome")) && !has(V("outcome_date")) && strcmp(V("outcome"), "W") != 0)
		errs_add(err, "outcome_date", "Enter the date of the decision");
	if (has(V("outcome_date")) && !has(V("outcome")))
		errs_add(err, "outcome", "Select the decision made on this date");
	if (after_field && before(V("outcome_date"), V(after_field)))
		errs_add(err, "outcome_date", "Date of the decision must be on or after the %s", after_label);
}

static const struct field request_fields[] = {
	{"received_date", "Date the request was received", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, "This starts the 20-week clock"},
	{"source", "Who made the request", FT_CODE, FO_REQUIRED, &codes_request_source, 0, 0, 0, NULL},
	{"rya", "Made while in relevant youth accommodation", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"outcome", "Decision whether to assess", FT_CODE, 0, &codes_request_outcome, 0, 0, 0, "Leave empty until the decision is made"},
	{"outcome_date", "Date of the decision", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "When the family was told"},
	{"mediation", "Mediation about this decision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"tribunal", "Tribunal appeal about this decision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
};

static void request_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	outcome_check(e, r, "received_date", "date the request was received", err);
}

const struct entity ent_request = {
	"requests", "request for assessment", "people", request_fields, NF(request_fields),
	"SELECT received_date,source,rya,outcome,outcome_date,mediation,tribunal,version,person_id,person_id FROM requests WHERE id=?",
	"INSERT INTO requests(person_id,received_date,source,rya,outcome,outcome_date,mediation,tribunal) "
	"VALUES(?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE requests SET received_date=?,source=?,rya=?,outcome=?,outcome_date=?,mediation=?,tribunal=?,"
	"version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", request_check, NULL, NULL, 0,
};

static const struct field assessment_fields[] = {
	{"outcome", "Decision whether to issue a plan", FT_CODE, 0, &codes_assessment_outcome, 0, 0, 0, "Leave empty while the assessment is under way"},
	{"outcome_date", "Date of the decision", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "For a plan, the date the final plan was issued"},
	{"mediation", "Mediation about this decision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"tribunal", "Tribunal appeal about this decision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"other_mediation", "Mediation for other reasons", FT_FLAG, 0, NULL, 0, 0, 0, "For example, about the content of the plan"},
	{"other_tribunal", "Tribunal appeal for other reasons", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
};

static void assessment_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	outcome_check(e, r, NULL, NULL, err);
}

const struct entity ent_assessment = {
	"assessments", "assessment", "requests", assessment_fields, NF(assessment_fields),
	"SELECT a.outcome,a.outcome_date,a.mediation,a.tribunal,a.other_mediation,a.other_tribunal,a.version,"
	"a.request_id,q.person_id FROM assessments a JOIN requests q ON q.id=a.request_id WHERE a.id=?",
	"INSERT INTO assessments(request_id,outcome,outcome_date,mediation,tribunal,other_mediation,other_tribunal) "
	"VALUES(?,?,?,?,?,?,?) RETURNING id",
	"UPDATE assessments SET outcome=?,outcome_date=?,mediation=?,tribunal=?,other_mediation=?,other_tribunal=?,"
	"version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT person_id FROM requests WHERE id=?", assessment_check, NULL,
	"This request already has an assessment.", 0,
};

/* ---- establishments ------------------------------------------------------------------------ */

static const struct field establishment_fields[] = {
	{"name", "Name", FT_TEXT, FO_REQUIRED, NULL, 120, 0, 0, NULL},
	{"urn", "URN", FT_URN, 0, NULL, 0, 0, 0, "Unique reference number from Get information about schools"},
	{"ukprn", "UKPRN", FT_UKPRN, 0, NULL, 0, 0, 0, "UK provider reference number, for colleges and providers without a URN"},
	{"phase", "Phase", FT_CODE, FO_REQUIRED, &codes_phase, 0, 0, 0, NULL},
	{"setting_type", "Type of setting", FT_CODE, FO_REQUIRED, &codes_setting_type, 0, 0, 0, NULL},
	{"la_code", "Local authority code", FT_LA, FO_REQUIRED, NULL, 0, 0, 0, "The 3-digit code of the local authority the setting is in"},
	{"postcode", "Postcode", FT_POSTCODE, 0, NULL, 0, 0, 0, NULL},
	{"ofsted_grade", "Latest Ofsted grade", FT_CODE, 0, &codes_ofsted, 0, 0, 0, NULL},
	{"ofsted_date", "Date of latest Ofsted inspection", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
};

static void establishment_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (!has(V("urn")) && !has(V("ukprn")))
		errs_add(err, "urn", "Enter a URN or a UKPRN");
	if (has(V("ofsted_grade")) != has(V("ofsted_date")))
		errs_add(err, "ofsted_date", "Enter both the Ofsted grade and the inspection date, or neither");
}

const struct entity ent_establishment = {
	"establishments", "setting", NULL, establishment_fields, NF(establishment_fields),
	"SELECT name,urn,ukprn,phase,setting_type,la_code,postcode,ofsted_grade,ofsted_date,version,0,0 "
	"FROM establishments WHERE id=?",
	"INSERT INTO establishments(name,urn,ukprn,phase,setting_type,la_code,postcode,ofsted_grade,ofsted_date) "
	"VALUES(?,?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE establishments SET name=?,urn=?,ukprn=?,phase=?,setting_type=?,la_code=?,postcode=?,ofsted_grade=?,"
	"ofsted_date=?,version=version+1 WHERE id=? AND version=?",
	NULL, NULL, establishment_check, NULL, "Another setting already has this URN or UKPRN.", 0,
};

static const struct entity *const all[] = {
	&ent_person, &ent_plan, &ent_review, &ent_need, &ent_placement, &ent_named,
	&ent_visit, &ent_note, &ent_request, &ent_assessment, &ent_establishment,
};

const struct entity *entity_by_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}
