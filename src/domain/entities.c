/* entities.c — the editable nouns: fields in form order, SQL, rules.
 *
 * DESIGN: one block per noun.  The SELECT lists the fields in the same
 * order as the field table, then version, parent id and person id; INSERT
 * and UPDATE bind in that order (entity.c).  Cross-field rules are pure
 * functions of the parsed record.  Changing a noun means changing its
 * block and, for a new column, a numbered migration.
 */
#include "domain/entity.h"
#include "domain/engagement.h"
#include "domain/qa.h"
#include "domain/change.h"
#include "domain/advice.h"
#include "domain/documents.h"
#include "domain/outbox.h"
#include "domain/person.h"
#include "core/rules.h"
#include "core/validate.h"
#include <stdio.h>
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

/* A child is one record: a UPN, ULN or NHS number already someone else's is refused,
 * naming that record by its case reference (the page links to it for those who may
 * open it). */
static void person_check_db(db *d, const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	static const char *const fields[PI_N] = {"upn", "uln", "nhs_number"};
	for (int k = 0; k < PI_N; k++) {
		struct person_ref other;
		const char *v = V(fields[k]);
		if (person_holding(d, (enum person_ident)k, v, r->id, &other) != 1)
			continue;
		char ref[24];
		case_ref(other.id, ref, sizeof ref);
		errs_add(err, fields[k], "%s %s is already recorded for another child or young person (%s): a child has one "
		         "record, so open theirs, or correct the %s", person_ident_labels[k], v, ref, person_ident_labels[k]);
		errs_person(err, fields[k], other.id);
	}
}

/* The same name and date of birth as someone already recorded: asked, not refused (twins
 * share a birthday; a child entered twice shares both).  On a change, only when the name or
 * date of birth changes. */
static int person_warn_db(db *d, const struct entity *e, const struct record *old, const struct record *r,
                          struct entity_warning *w)
{
	const char *fn = V("forename"), *sn = V("surname"), *dob = V("dob");
	if (old->id && !strcmp(record_get(e, old, "forename") ? record_get(e, old, "forename") : "", fn ? fn : "") &&
	    !strcmp(record_get(e, old, "surname") ? record_get(e, old, "surname") : "", sn ? sn : "") &&
	    !strcmp(record_get(e, old, "dob") ? record_get(e, old, "dob") : "", dob ? dob : ""))
		return 0;
	struct person_ref other;
	int rc = person_same_name_dob(d, fn, sn, dob, r->id, &other);
	if (rc != 1)
		return rc;
	day_t born;
	char when[40] = "", ref[24];
	if (date_parse_iso(other.dob, &born) == 0)
		date_format_long(born, when, sizeof when);
	case_ref(other.id, ref, sizeof ref);
	w->param = "same_child";
	snprintf(w->question, sizeof w->question, "Is this the same child or young person as %s %s, born %s (%s)?",
	         other.forename, other.surname, when, ref);
	w->yes_label = "Yes, it is the same child: open their record (nothing here is saved)";
	w->no_label = "No, this is a different child or young person: save";
	w->person_id = other.id;
	return 1;
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
	NULL, NULL, person_check, NULL,
	"This UPN, ULN or NHS number is already recorded for another child or young person",
	INS_NOW, person_check_db, person_warn_db, NULL,
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
	{"transfer_in_date", "Date the plan transferred in", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "Starts the 6 weeks to write to the family (reg 15(4))"},
	{"transfer_letter_date", "Date the family was written to about the transfer", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "Saying the plan has transferred, whether you will assess, and when you will review"},
	{"personal_budget", "Personal budget taken up", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"pb_organised", "Personal budget through organised arrangements", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"pb_direct_payment", "Personal budget through direct payments", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"mediation", "Mediation about the plan", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"tribunal", "Tribunal appeal about the plan", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
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
	if ((has(V("transfer_in_date")) || has(V("transfer_letter_date"))) && !has(V("transfer_in_la")))
		errs_add(err, "transfer_in_la", "Enter the local authority the plan transferred in from");
	if (has(V("transfer_letter_date")) && !has(V("transfer_in_date")))
		errs_add(err, "transfer_in_date", "Enter the date the plan transferred in");
	if (before(V("transfer_letter_date"), V("transfer_in_date")))
		errs_add(err, "transfer_letter_date", "Date the family was written to must be on or after the date the plan transferred in");
}

/* The request the plan follows: its received and decision dates.  For a new
 * plan made from a request the parent is the request; otherwise the plan's
 * stored request_id. */
static void plan_check_db(db *d, const struct entity *e, const struct record *r, day_t today,
                            struct errs *err)
{
	db_stmt *s = db_prepare(d, e == &ent_request_plan ?
		"SELECT q.received_date, COALESCE(q.outcome_date,''), COALESCE(a.outcome_date,''), COALESCE(q.outcome,''), "
		"COALESCE(a.outcome,'') FROM requests q LEFT JOIN assessments a ON a.request_id=q.id WHERE q.id=?" :
		"SELECT q.received_date, COALESCE(q.outcome_date,''), COALESCE(a.outcome_date,''), COALESCE(q.outcome,''), "
		"COALESCE(a.outcome,'') FROM plans p JOIN requests q ON q.id=p.request_id "
		"LEFT JOIN assessments a ON a.request_id=q.id WHERE p.id=?");
	if (!s)
		return;
	db_bind_int(s, 1, e == &ent_request_plan ? r->parent_id : r->id);
	if (db_step(s) == DB_ROW) {
		const char *received = db_col_text(s, 0), *assess = db_col_text(s, 1), *issue = db_col_text(s, 2);
		/* a plan follows a decision to assess and a decision to issue, never a refusal */
		if (strcmp(db_col_text(s, 3), "Y") != 0)
			errs_add(err, "status", "The local authority did not agree to assess on this request, so no plan can follow it");
		else if (strcmp(db_col_text(s, 4), "N") == 0 || strcmp(db_col_text(s, 4), "W") == 0)
			errs_add(err, "status", "The assessment decided not to issue a plan (or ended), so no plan can follow it");
		const char *fields[2] = {"draft_date", "issue_date"};
		const char *labels[2] = {"Date the draft plan was sent", "Date the final plan was issued"};
		for (int i = 0; i < 2; i++) {
			if (before(V(fields[i]), received))
				errs_add(err, fields[i], "%s must be on or after the date the request was received", labels[i]);
			else if (before(V(fields[i]), assess))
				errs_add(err, fields[i], "%s must be on or after the decision to assess", labels[i]);
			else if (before(V(fields[i]), issue))
				errs_add(err, fields[i], "%s must be on or after the decision to issue a plan", labels[i]);
		}
	}
	db_done(s);
}

#define PLAN_COLS "status,draft_date,issue_date,start_date,cease_date,cease_reason,transfer_in_la,transfer_in_date," \
	"transfer_letter_date,personal_budget,pb_organised,pb_direct_payment,mediation,tribunal"
#define PLAN_UPDATE "UPDATE plans SET status=?,draft_date=?,issue_date=?,start_date=?,cease_date=?,cease_reason=?," \
	"transfer_in_la=?,transfer_in_date=?,transfer_letter_date=?,personal_budget=?,pb_organised=?,pb_direct_payment=?," \
	"mediation=?,tribunal=?,version=version+1 WHERE id=? AND version=?"
#define ONE_ACTIVE "This child or young person already has an active EHC plan. Cease that plan before making another active."

const struct entity ent_plan = {
	"plans", "EHC plan", "people", plan_fields, NF(plan_fields),
	"SELECT status,draft_date,issue_date,start_date,cease_date,cease_reason,transfer_in_la,transfer_in_date,"
	"transfer_letter_date,personal_budget,pb_organised,pb_direct_payment,mediation,tribunal,version,person_id,person_id "
	"FROM plans WHERE id=?",
	"INSERT INTO plans(person_id," PLAN_COLS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
	PLAN_UPDATE, NULL, "SELECT id FROM people WHERE id=?", plan_check, NULL, ONE_ACTIVE, 0, plan_check_db, NULL, .person_tab = "/plan",
};

/* A plan made from a request (the draft after a decision to issue): linked
 * to it, so the clock counts its draft and final from that request. */
const struct entity ent_request_plan = {
	"plans", "EHC plan", "requests", plan_fields, NF(plan_fields),
	"SELECT status,draft_date,issue_date,start_date,cease_date,cease_reason,transfer_in_la,transfer_in_date,"
	"transfer_letter_date,personal_budget,pb_organised,pb_direct_payment,mediation,tribunal,version,"
	"COALESCE(request_id,0),person_id FROM plans WHERE id=?",
	"INSERT INTO plans(request_id,person_id," PLAN_COLS ") "
	"VALUES(?1,(SELECT person_id FROM requests WHERE id=?1),?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
	PLAN_UPDATE, NULL, "SELECT person_id FROM requests WHERE id=?", plan_check, NULL, ONE_ACTIVE, 0,
	plan_check_db, NULL, .person_tab = "/plan",
};

/* ---- annual review ------------------------------------------------------------ */

static const struct field review_fields[] = {
	{"meeting_date", "Review meeting date", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
	{"invitations_sent", "Date the invitations were sent", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "At least 2 weeks before the meeting (reg 20(3))"},
	{"advice_circulated", "Date advice and information were circulated", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "To everyone invited, at least 2 weeks before the meeting (reg 20(4))"},
	{"decision_date", "Decision date", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "When the local authority wrote to the family with its decision: within 4 weeks of the meeting"},
	{"outcome", "Decision", FT_CODE, 0, &codes_review_outcome, 0, 0, 0, NULL},
	{"amendments_sent", "Date the proposed amendments were sent", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "When amending: sent with the decision (reg 22(2))"},
	{"final_amended_date", "Date the final amended plan was issued", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "Within 8 weeks of the proposed amendments (reg 22(3))"},
};

static void review_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (before(V("decision_date"), V("meeting_date")))
		errs_add(err, "decision_date", "Decision date must be on or after the review meeting date");
	if (has(V("decision_date")) != has(V("outcome")))
		errs_add(err, has(V("outcome")) ? "decision_date" : "outcome",
		         has(V("outcome")) ? "Enter the decision date for this decision" : "Select the decision made on this date");
	if (before(V("meeting_date"), V("invitations_sent")))
		errs_add(err, "invitations_sent", "Date the invitations were sent must be before the review meeting");
	if (before(V("meeting_date"), V("advice_circulated")))
		errs_add(err, "advice_circulated", "Date advice was circulated must be before the review meeting");
	int amend = has(V("outcome")) && strcmp(V("outcome"), "A") == 0;
	if (!amend && (has(V("amendments_sent")) || has(V("final_amended_date"))))
		errs_add(err, has(V("amendments_sent")) ? "amendments_sent" : "final_amended_date",
		         "Only a decision to amend the plan has proposed amendments and a final amended plan");
	if (before(V("amendments_sent"), V("meeting_date")))
		errs_add(err, "amendments_sent", "Date the proposed amendments were sent must be on or after the review meeting");
	if (before(V("final_amended_date"), V("amendments_sent")))
		errs_add(err, "final_amended_date", "Date the final amended plan was issued must be on or after the date the proposed amendments were sent");
	else if (before(V("final_amended_date"), V("meeting_date")))
		errs_add(err, "final_amended_date", "Date the final amended plan was issued must be on or after the review meeting");
}

static void review_check_db(db *d, const struct entity *e, const struct record *r, day_t today,
                            struct errs *err)
{
	db_stmt *s = db_prepare(d, "SELECT COALESCE(issue_date,'') FROM plans WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, r->parent_id);
	if (db_step(s) == DB_ROW) {
		if (!*db_col_text(s, 0))
			errs_add(err, "meeting_date", "This plan has not been issued yet: an annual review follows the final plan");
		else if (before(V("meeting_date"), db_col_text(s, 0)))
			errs_add(err, "meeting_date", "Review meeting date must be on or after the date the plan was issued");
	}
	db_done(s);
}

const struct entity ent_review = {
	"reviews", "annual review", "plans", review_fields, NF(review_fields),
	"SELECT v.meeting_date,v.invitations_sent,v.advice_circulated,v.decision_date,v.outcome,v.amendments_sent,"
	"v.final_amended_date,v.version,v.plan_id,p.person_id FROM reviews v JOIN plans p ON p.id=v.plan_id WHERE v.id=?",
	"INSERT INTO reviews(plan_id,meeting_date,invitations_sent,advice_circulated,decision_date,outcome,amendments_sent,"
	"final_amended_date) VALUES(?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE reviews SET meeting_date=?,invitations_sent=?,advice_circulated=?,decision_date=?,outcome=?,amendments_sent=?,"
	"final_amended_date=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT person_id FROM plans WHERE id=?", review_check, NULL, NULL, 0, review_check_db, NULL, .person_tab = "/plan",
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
	"There is already a need with this rank. Choose a different rank or change the other need first.", 0, NULL, NULL, NULL,
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
	NULL, "SELECT id FROM people WHERE id=?", setting_check, NULL, NULL, 0, NULL, NULL, NULL,
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
	"SELECT person_id FROM plans WHERE id=?", setting_check, NULL, NULL, 0, NULL, NULL, .person_tab = "/plan",
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
	NULL, "SELECT person_id FROM placements WHERE id=?", NULL, NULL, NULL, 0, NULL, NULL, NULL,
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
	NULL, "SELECT id FROM people WHERE id=?", NULL, NULL, NULL, INS_USER | INS_NOW, NULL, NULL, NULL,
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
	NULL, "SELECT id FROM people WHERE id=?", request_check, NULL, NULL, 0, NULL, NULL, .person_tab = "/timeline",
};

static const struct field assessment_fields[] = {
	{"outcome", "Decision whether to issue a plan", FT_CODE, 0, &codes_assessment_outcome, 0, 0, 0, "Leave empty while the assessment is under way"},
	{"outcome_date", "Date of the decision", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "Not to issue: when the family was told (within 16 weeks of the request). To issue: when the local authority decided"},
	{"mediation", "Mediation about this decision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"tribunal", "Tribunal appeal about this decision", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"other_mediation", "Mediation for other reasons", FT_FLAG, 0, NULL, 0, 0, 0, "For example, about the content of the plan"},
	{"other_tribunal", "Tribunal appeal for other reasons", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
};

static void assessment_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	outcome_check(e, r, NULL, NULL, err);
}

static void assessment_check_db(db *d, const struct entity *e, const struct record *r, day_t today,
                            struct errs *err)
{
	db_stmt *s = db_prepare(d, "SELECT received_date, COALESCE(outcome_date,'') FROM requests WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, r->parent_id);
	if (db_step(s) == DB_ROW) {
		if (before(V("outcome_date"), db_col_text(s, 0)))
			errs_add(err, "outcome_date", "Date of the decision must be on or after the date the request was received");
		else if (before(V("outcome_date"), db_col_text(s, 1)))
			errs_add(err, "outcome_date", "Date of the decision must be on or after the decision to assess");
	}
	db_done(s);
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
	"This request already has an assessment.", 0, assessment_check_db, NULL, .person_tab = "/timeline",
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
	{"top_year", "Last year group taught", FT_INT, 0, NULL, 0, -1, 14, "For phase transfers: Reception is 0, nursery -1. Leave empty for the usual last year of the phase"},
};

static void establishment_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (!has(V("urn")) && !has(V("ukprn")))
		errs_add(err, "urn", "Enter a URN or a UKPRN");
	if (has(V("ofsted_grade")) != has(V("ofsted_date")))
		errs_add(err, "ofsted_date", "Enter both the Ofsted grade and the inspection date, or neither");
}

/* Every child ever placed at setting `est` (a superset of those it is the
 * current setting of, whose clocks its phase and closures reach). */
static int touch_children_at(struct change *c, int64_t est)
{
	db_stmt *s = db_prepare(c->d, "SELECT DISTINCT person_id FROM placements WHERE establishment_id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, est);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		change_touch(c, db_col_int(s, 0));
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

static int touch_setting(struct change *c, const struct record *r)
{
	return touch_children_at(c, r->id);
}

/* A setting's closure reaches its children; the area's, every child. */
static int touch_closure(struct change *c, const struct record *r)
{
	if (r->parent_id <= 0) {
		change_touch_all(c);
		return 0;
	}
	return touch_children_at(c, r->parent_id);
}

const struct entity ent_establishment = {
	"establishments", "setting", NULL, establishment_fields, NF(establishment_fields),
	"SELECT name,urn,ukprn,phase,setting_type,la_code,postcode,ofsted_grade,ofsted_date,top_year,version,0,0 "
	"FROM establishments WHERE id=?",
	"INSERT INTO establishments(name,urn,ukprn,phase,setting_type,la_code,postcode,ofsted_grade,ofsted_date,top_year) "
	"VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE establishments SET name=?,urn=?,ukprn=?,phase=?,setting_type=?,la_code=?,postcode=?,ofsted_grade=?,"
	"ofsted_date=?,top_year=?,version=version+1 WHERE id=? AND version=?",
	NULL, NULL, establishment_check, touch_setting, "Another setting already has this URN or UKPRN.", 0, NULL, NULL, NULL,
};

/* ---- advice and information for an assessment (regs 6, 8) ---------------------------------- */

static const struct field advice_fields[] = {
	{"service", "Service asked", FT_CODE, FO_REQUIRED, &codes_advice_service, 0, 0, 0, NULL},
	{"requested_date", "Date the advice was requested", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, "Assessment advice is due 6 weeks from this date (reg 8(1)); a contribution to an annual review by the date the invitation gave"},
	{"received_date", "Date the advice was received", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "Leave empty until it arrives"},
	{"rating_complete", "Was the advice complete?", FT_CODE, 0, &codes_rating, 0, 0, 0, "Covers the needs, provision and outcomes asked for"},
	{"rating_specific", "Was it specific?", FT_CODE, 0, &codes_rating, 0, 0, 0, "Says exactly what provision is needed, not \"would benefit from\""},
	{"rating_quantified", "Was it quantified?", FT_CODE, 0, &codes_rating, 0, 0, 0, "Says how much, how often and by whom (Code of Practice 9.69)"},
};

static void advice_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (before(V("received_date"), V("requested_date")))
		errs_add(err, "received_date", "Date the advice was received must be on or after the date it was requested");
	const char *ratings[] = {"rating_complete", "rating_specific", "rating_quantified"};
	for (int i = 0; i < 3; i++)
		if (has(V(ratings[i])) && !has(V("received_date")))
			errs_add(err, ratings[i], "Enter the date the advice was received before rating it");
}

/* the advice's own due date (advice.h) is derived data too */
static int advice_touch(struct change *c, const struct record *r)
{
	return advice_refresh_due(c->d, r->id) < 0 ? -1 : 0;
}

static void advice_check_db(db *d, const struct entity *e, const struct record *r, day_t today,
                            struct errs *err)
{
	db_stmt *s = db_prepare(d, "SELECT received_date FROM requests WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, r->parent_id);
	if (db_step(s) == DB_ROW && before(V("requested_date"), db_col_text(s, 0)))
		errs_add(err, "requested_date", "Date the advice was requested must be on or after the date the request was received");
	db_done(s);
}

const struct entity ent_advice = {
	"advice", "advice request", "requests", advice_fields, NF(advice_fields),
	"SELECT service,requested_date,received_date,rating_complete,rating_specific,rating_quantified,version,"
	"COALESCE(request_id,0),person_id FROM advice_requests WHERE id=?",
	"INSERT INTO advice_requests(request_id,person_id,service,requested_date,received_date,rating_complete,"
	"rating_specific,rating_quantified) VALUES(?1,(SELECT person_id FROM requests WHERE id=?1),?,?,?,?,?,?) RETURNING id",
	"UPDATE advice_requests SET service=?,requested_date=?,received_date=?,rating_complete=?,rating_specific=?,"
	"rating_quantified=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM advice_requests WHERE id=? AND version=?",
	"SELECT person_id FROM requests WHERE id=?", advice_check, advice_touch,
	"Emails were sent about this request, so it stays on the record: correct its dates instead.", 0, advice_check_db, NULL, .person_tab = "/timeline",
};

/* ---- exceptions to the time limits ------------------------------------------------------------ */

static const struct field exception_fields[] = {
	{"reason", "Reason", FT_CODE, FO_REQUIRED, &codes_exception_reason, 0, 0, 0, NULL},
	{"start_date", "Start date", FT_DATE, FO_REQUIRED, NULL, 0, 0, 0, "When the circumstance began"},
	{"end_date", "End date", FT_DATE, 0, NULL, 0, 0, 0, "Leave empty while it continues"},
	{"told_date", "Date the family was told the time limit does not apply", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "SEND Code of Practice 9.42"},
	{"note", "Evidence", FT_TEXTAREA, 0, NULL, 2000, 0, 0, "What shows the exception applies"},
};

static void exception_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (before(V("end_date"), V("start_date"))) {
		errs_add(err, "end_date", "End date must be on or after the start date");
		return;
	}
	const struct exc_def *x = exc_by_code(V("reason"));
	day_t s, t, w;
	if (!x || date_parse_iso(V("start_date"), &s) < 0)
		return;
	int ended = has(V("end_date")) && date_parse_iso(V("end_date"), &t) == 0;
	if (x->min_days && ended && date_diff_days(s, t) + 1 < x->min_days)
		errs_add(err, "end_date", "This exception needs a period of at least 4 weeks (%d days): the dates give %d",
		         x->min_days, date_diff_days(s, t) + 1);
	if (x->from && date_parse_iso(x->from, &w) == 0 && ended && t < w)
		errs_add(err, "start_date", "The coronavirus exception applied only from 1 May to 25 September 2020");
	else if (x->to && date_parse_iso(x->to, &w) == 0 && s > w)
		errs_add(err, "start_date", "The coronavirus exception applied only from 1 May to 25 September 2020");
}

const struct entity ent_exception = {
	"exceptions", "exception", "people", exception_fields, NF(exception_fields),
	"SELECT reason,start_date,end_date,told_date,note,version,person_id,person_id FROM clock_exceptions WHERE id=?",
	"INSERT INTO clock_exceptions(person_id,reason,start_date,end_date,told_date,note) VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE clock_exceptions SET reason=?,start_date=?,end_date=?,told_date=?,note=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM clock_exceptions WHERE id=? AND version=?",
	"SELECT id FROM people WHERE id=?", exception_check, NULL, NULL, 0, NULL, NULL, .person_tab = "/timeline",
};

/* ---- phase transfer (reg 18) -------------------------------------------------------------------- */

static const struct field phase_fields[] = {
	{"kind", "Transfer", FT_CODE, FO_REQUIRED, &codes_phase_kind, 0, 0, 0, NULL},
	{"transfer_year", "Year of transfer", FT_INT, FO_REQUIRED, NULL, 0, 2014, 2100, "The September the child or young person moves, for example 2027"},
	{"final_date", "Date the amended plan was finalised", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "Naming the next setting: before 15 February (31 March for post-16) of the year of transfer"},
	{"next_establishment_id", "Next setting", FT_ESTAB, 0, NULL, 0, 0, 0, "The school or college named for the transfer"},
};

const struct entity ent_phase = {
	"phase", "phase transfer", "plans", phase_fields, NF(phase_fields),
	"SELECT t.kind,t.transfer_year,t.final_date,t.next_establishment_id,t.version,t.plan_id,p.person_id "
	"FROM phase_transfers t JOIN plans p ON p.id=t.plan_id WHERE t.id=?",
	"INSERT INTO phase_transfers(plan_id,kind,transfer_year,final_date,next_establishment_id) VALUES(?,?,?,?,?) RETURNING id",
	"UPDATE phase_transfers SET kind=?,transfer_year=?,final_date=?,next_establishment_id=?,version=version+1 "
	"WHERE id=? AND version=?",
	NULL, "SELECT person_id FROM plans WHERE id=?", NULL, NULL,
	"This plan already has a phase transfer for that year. Change that one instead.", 0, NULL, NULL, .person_tab = "/plan",
};

/* ---- closure periods (reg 5(4)(a), (b)) ------------------------------------------------------------ */

static const struct field closure_fields[] = {
	{"start_date", "First day closed", FT_DATE, FO_REQUIRED, NULL, 0, 0, 0, NULL},
	{"end_date", "Last day closed", FT_DATE, FO_REQUIRED, NULL, 0, 0, 0, "The day before it reopens"},
	{"description", "Description", FT_TEXT, 0, NULL, 100, 0, 0, "For example, Summer holiday 2026"},
};

static void closure_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (before(V("end_date"), V("start_date")))
		errs_add(err, "end_date", "Last day closed must be on or after the first day closed");
}

const struct entity ent_closure = {
	"closures", "closure period", "establishments", closure_fields, NF(closure_fields),
	"SELECT start_date,end_date,description,version,COALESCE(establishment_id,0),0 FROM closures WHERE id=?",
	"INSERT INTO closures(establishment_id,start_date,end_date,description) VALUES(?,?,?,?) RETURNING id",
	"UPDATE closures SET start_date=?,end_date=?,description=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM closures WHERE id=? AND version=?",
	"SELECT 0 FROM establishments WHERE id=?", closure_check, touch_closure, NULL, 0, NULL, NULL, NULL,
};

/* The whole area's closures (school holidays for every maintained school). */
const struct entity ent_area_closure = {
	"closures", "closure period", NULL, closure_fields, NF(closure_fields),
	"SELECT start_date,end_date,description,version,COALESCE(establishment_id,0),0 FROM closures WHERE id=?",
	"INSERT INTO closures(start_date,end_date,description) VALUES(?,?,?) RETURNING id",
	"UPDATE closures SET start_date=?,end_date=?,description=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM closures WHERE id=? AND version=?",
	NULL, closure_check, touch_closure, NULL, 0, NULL, NULL, NULL,
};

/* ---- decision panels ------------------------------------------------------------------------------- */

static const struct field panel_fields[] = {
	{"kind", "Type of panel", FT_CODE, FO_REQUIRED, &codes_panel_kind, 0, 0, 0, NULL},
	{"meeting_date", "Date of the panel", FT_DATE, FO_REQUIRED, NULL, 0, 0, 0, NULL},
	{"title", "Name", FT_TEXT, 0, NULL, 100, 0, 0, "For example, SEN panel (north)"},
};

const struct entity ent_panel = {
	"panels", "panel", NULL, panel_fields, NF(panel_fields),
	"SELECT kind,meeting_date,title,version,0,0 FROM panels WHERE id=?",
	"INSERT INTO panels(kind,meeting_date,title) VALUES(?,?,?) RETURNING id",
	"UPDATE panels SET kind=?,meeting_date=?,title=?,version=version+1 WHERE id=? AND version=?",
	NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL,
};

static const struct field panel_case_fields[] = {
	{"panel_id", "Panel", FT_PANEL, FO_REQUIRED, NULL, 0, 0, 0, NULL},
	{"decision", "Panel's decision", FT_CODE, 0, &codes_panel_decision, 0, 0, 0, "Leave empty until the panel has met"},
	{"notes", "Notes", FT_TEXTAREA, 0, NULL, 5000, 0, 0, "The panel's reasons and any actions"},
};

static void panel_case_check_db(db *d, const struct entity *e, const struct record *r, day_t today,
                            struct errs *err)
{
	if (!has(V("decision")) || !has(V("panel_id")))
		return;
	db_stmt *s = db_prepare(d, "SELECT meeting_date FROM panels WHERE id=?");
	if (!s)
		return;
	long long id = 0;
	parse_int64(V("panel_id"), 1, INT64_MAX, &id);
	db_bind_int(s, 1, id);
	char t[11];
	date_format_iso(today, t);
	if (db_step(s) == DB_ROW && strcmp(db_col_text(s, 0), t) > 0)
		errs_add(err, "decision", "The panel has not met yet: record its decision on or after the day it meets");
	db_done(s);
}

const struct entity ent_panel_case = {
	"panel-cases", "case for panel", "requests", panel_case_fields, NF(panel_case_fields),
	"SELECT panel_id,decision,notes,version,COALESCE(request_id,0),person_id FROM panel_cases WHERE id=?",
	"INSERT INTO panel_cases(request_id,person_id,panel_id,decision,notes) "
	"VALUES(?1,(SELECT person_id FROM requests WHERE id=?1),?,?,?) RETURNING id",
	"UPDATE panel_cases SET panel_id=?,decision=?,notes=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM panel_cases WHERE id=? AND version=?",
	"SELECT person_id FROM requests WHERE id=?", NULL, NULL,
	"This child or young person is already on that panel.", 0, panel_case_check_db, NULL, .person_tab = "/timeline",
};

static const struct entity *const all[] = {
	&ent_person, &ent_plan, &ent_review, &ent_need, &ent_placement, &ent_named,
	&ent_visit, &ent_note, &ent_request, &ent_assessment, &ent_establishment,
	&ent_advice, &ent_exception, &ent_phase, &ent_closure, &ent_panel, &ent_panel_case,
	&ent_service, &ent_contact, &ent_senco, &ent_kpi_reference,
	&ent_plan_a, &ent_plan_j, &ent_plan_comments, &ent_plan_b, &ent_plan_c, &ent_plan_d, &ent_plan_e,
	&ent_plan_f, &ent_plan_g, &ent_plan_h1, &ent_plan_h2, &ent_plan_k,
	&ent_kin, &ent_capacity, &ent_consent, &ent_view,   /* entities_family.c */
	&ent_document,
	&ent_engagement_event, &ent_engagement_action,   /* engagement.c */
	&ent_qa_framework, &ent_qa_criterion,   /* qa_frameworks.c */
};

const struct entity *entity_by_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}
