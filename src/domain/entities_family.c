/* entities_family.c — the people around the child as editable records:
 * contacts, the young person's capacity, consents and their withdrawal,
 * and views (migration 0018; read back by family.c).
 *
 * DESIGN: one block per noun, as in entities.c: fields in form order, the
 * SELECT in that order then version, parent id and person id, and the
 * cross-field rules as pure functions.  A contact is chosen from the child's
 * own contacts (FT_KIN: the engine refuses another child's).  Consent is
 * never deleted: ent_consent has no DELETE, and ent_consent_withdraw is the
 * same row's withdrawal date and reason (required, so it cannot be cleared).
 */
#include "domain/entity.h"
#include "domain/family.h"
#include <string.h>

#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define V(name) record_get(e, r, name)

static int has(const char *v) { return v && *v; }
static int is1(const char *v) { return v && strcmp(v, "1") == 0; }
static int is(const char *v, const char *code) { return v && strcmp(v, code) == 0; }

/* ---- contacts ------------------------------------------------------------------ */

static const struct field kin_fields[] = {
	{"relationship", "Relationship to the child or young person", FT_CODE, FO_REQUIRED, &codes_relationship, 0, 0, 0,
	 "Choose \"The young person themself\" to record them as their own contact"},
	{"title", "Title (optional)", FT_TEXT, 0, NULL, 20, 0, 0, "For example, Ms, Mr, Mx or Dr"},
	{"forename", "First name", FT_TEXT, 0, NULL, 60, 0, 0, "Leave the name empty for the young person themself: it is taken from their record"},
	{"surname", "Last name", FT_TEXT, 0, NULL, 60, 0, 0, NULL},
	{"address_line1", "Address line 1", FT_TEXT, 0, NULL, 100, 0, 0, NULL},
	{"address_line2", "Address line 2 (optional)", FT_TEXT, 0, NULL, 100, 0, 0, NULL},
	{"town", "Town or city", FT_TEXT, 0, NULL, 60, 0, 0, NULL},
	{"postcode", "Postcode", FT_POSTCODE, 0, NULL, 0, 0, 0, NULL},
	{"phone", "Phone number", FT_PHONE, 0, NULL, 0, 0, 0, "For international numbers include the country code"},
	{"email", "Email address", FT_EMAIL, 0, NULL, 0, 0, 0, NULL},
	{"contact_method", "Preferred way to be contacted", FT_CODE, 0, &codes_contact_method, 0, 0, 0, NULL},
	{"language", "Preferred language", FT_CODE, 0, &codes_language, 0, 0, 0, "Letters are sent in this language where a translation is held"},
	{"access_needs", "Access needs (optional)", FT_TEXTAREA, 0, NULL, 1000, 0, 0,
	 "For example, large print, easy read, step-free access to meetings"},
	{"parental_resp", "Has parental responsibility", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"interpreter", "Needs an interpreter", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"receives_letters", "Receives copies of letters", FT_FLAG, 0, NULL, 0, 0, 0, "A letter is made for each contact ticked here"},
};

static void kin_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	int self = is(V("relationship"), "self");
	if (self) {
		if (has(V("title")) || has(V("forename")) || has(V("surname")))
			errs_add(err, "forename", "Leave the name empty for the young person themself: their name is taken from their record");
		if (is1(V("parental_resp")))
			errs_add(err, "parental_resp", "Untick parental responsibility: the young person does not hold it for themself");
	} else {
		if (!has(V("forename")))
			errs_add(err, "forename", "Enter first name");
		if (!has(V("surname")))
			errs_add(err, "surname", "Enter last name");
	}
	if (has(V("address_line2")) && !has(V("address_line1")))
		errs_add(err, "address_line1", "Enter address line 1, or move the address into it");
	const char *how = V("contact_method");
	if (is(how, "email") && !has(V("email")))
		errs_add(err, "email", "Enter an email address: email is their preferred way to be contacted");
	if (is(how, "phone") && !has(V("phone")))
		errs_add(err, "phone", "Enter a phone number: phone is their preferred way to be contacted");
	if ((is(how, "post") || is1(V("receives_letters"))) && (!has(V("address_line1")) || !has(V("postcode")))) {
		const char *why = is1(V("receives_letters")) ? "letters are addressed to them" : "post is their preferred way to be contacted";
		if (!has(V("address_line1")))
			errs_add(err, "address_line1", "Enter address line 1: %s", why);
		if (!has(V("postcode")))
			errs_add(err, "postcode", "Enter a postcode: %s", why);
	}
	if (is1(V("interpreter")) && (!has(V("language")) || is(V("language"), "en")))
		errs_add(err, "language", "Select the language they need an interpreter for");
}

/* The young person is their own contact once. */
static void kin_check_db(db *d, const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (!is(V("relationship"), "self"))
		return;
	db_stmt *s = db_prepare(d, "SELECT 1 FROM person_contacts WHERE person_id=? AND relationship='self' AND id<>?");
	if (!s)
		return;
	db_bind_int(s, 1, r->person_id);
	db_bind_int(s, 2, r->id);
	if (db_step(s) == DB_ROW)
		errs_add(err, "relationship", "The young person is already recorded as their own contact: change that contact instead");
	db_done(s);
}

#define KIN_COLS "relationship,title,forename,surname,address_line1,address_line2,town,postcode,phone,email," \
	"contact_method,language,access_needs,parental_resp,interpreter,receives_letters"

const struct entity ent_kin = {
	"family-contacts", "contact", "people", kin_fields, NF(kin_fields),
	"SELECT " KIN_COLS ",version,person_id,person_id FROM person_contacts WHERE id=?",
	"INSERT INTO person_contacts(person_id," KIN_COLS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
	"UPDATE person_contacts SET relationship=?,title=?,forename=?,surname=?,address_line1=?,address_line2=?,town=?,"
	"postcode=?,phone=?,email=?,contact_method=?,language=?,access_needs=?,parental_resp=?,interpreter=?,"
	"receives_letters=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM person_contacts WHERE id=? AND version=?",
	"SELECT id FROM people WHERE id=?", kin_check, NULL,
	"This contact stays on the record: consent, views, letters or the capacity record name them. "
	"Change their details instead (for example, untick Receives copies of letters).",
	0, kin_check_db, NULL, .person_tab = "/family",
};

/* ---- the young person's capacity (Mental Capacity Act 2005; CFA 2014 s.80) ------------------ */

static const struct field capacity_fields[] = {
	{"lacks_capacity", "The young person lacks capacity to make decisions about their EHC needs assessment or plan", FT_FLAG,
	 0, NULL, 0, 0, 0, "Under the Mental Capacity Act 2005: decided for each decision, after an assessment"},
	{"assessed_date", "Date of the capacity assessment", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, "For example, 14 3 2026"},
	{"assessed_by", "Assessed by", FT_TEXT, 0, NULL, 100, 0, 0, "Name and role"},
	{"acting_contact_id", "Who acts for them", FT_KIN, 0, NULL, 0, 0, 0,
	 "Their representative under section 80 of the Children and Families Act 2014: a deputy, an attorney, or a parent"},
	{"note", "Notes (optional)", FT_TEXTAREA, 0, NULL, 2000, 0, 0, "Which decisions the assessment covers"},
};

static void capacity_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (is1(V("lacks_capacity"))) {
		if (!has(V("assessed_date")))
			errs_add(err, "assessed_date", "Enter the date of the capacity assessment");
		if (!has(V("acting_contact_id")))
			errs_add(err, "acting_contact_id", "Select who acts for them: add them as a contact first if they are not listed");
	} else if (has(V("acting_contact_id"))) {
		errs_add(err, "acting_contact_id", "Only a young person who lacks capacity has someone acting for them: "
		         "tick that they lack capacity, or select None");
	}
}

const struct entity ent_capacity = {
	"capacity", "mental capacity record", "people", capacity_fields, NF(capacity_fields),
	"SELECT lacks_capacity,assessed_date,assessed_by,acting_contact_id,note,version,person_id,person_id "
	"FROM person_capacity WHERE id=?",
	"INSERT INTO person_capacity(person_id,lacks_capacity,assessed_date,assessed_by,acting_contact_id,note) "
	"VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE person_capacity SET lacks_capacity=?,assessed_date=?,assessed_by=?,acting_contact_id=?,note=?,"
	"version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", capacity_check, NULL,
	"A mental capacity record already exists for this young person: change that one.", 0, NULL, NULL,
	.person_tab = "/family",
};

/* ---- consent to share information ------------------------------------------------------------ */

static const struct field consent_fields[] = {
	{"given_by_contact_id", "Who gave consent", FT_KIN, FO_REQUIRED, NULL, 0, 0, 0,
	 "A contact on the family tab (record the young person as their own contact to choose them)"},
	{"scope", "What may be shared", FT_CODE, FO_REQUIRED, &codes_consent_scope, 0, 0, 0, NULL},
	{"partners", "With which partners", FT_TEXT, 0, NULL, 200, 0, 0, "For example, the school, the community paediatrician and the social care team"},
	{"detail", "Detail (optional)", FT_TEXTAREA, 0, NULL, 2000, 0, 0, "Anything they asked not to be shared, or any limits"},
	{"given_date", "Date consent was given", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, "For example, 14 3 2026"},
	{"given_how", "How consent was given", FT_CODE, FO_REQUIRED, &codes_consent_how, 0, 0, 0, NULL},
};

const struct entity ent_consent = {
	"consents", "consent", "people", consent_fields, NF(consent_fields),
	"SELECT given_by_contact_id,scope,partners,detail,given_date,given_how,version,person_id,person_id "
	"FROM person_consents WHERE id=?",
	"INSERT INTO person_consents(person_id,given_by_contact_id,scope,partners,detail,given_date,given_how) "
	"VALUES(?,?,?,?,?,?,?) RETURNING id",
	"UPDATE person_consents SET given_by_contact_id=?,scope=?,partners=?,detail=?,given_date=?,given_how=?,"
	"version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", NULL, NULL, NULL, 0, NULL, NULL, .person_tab = "/family",
};

static const struct field withdraw_fields[] = {
	{"withdrawn_date", "Date consent was withdrawn", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, "For example, 14 3 2026"},
	{"withdrawn_reason", "Reason given", FT_TEXTAREA, FO_REQUIRED, NULL, 2000, 0, 0,
	 "What they said, and what may no longer be shared. The consent stays on the record, marked withdrawn"},
};

static void withdraw_check_db(db *d, const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	db_stmt *s = db_prepare(d, "SELECT given_date FROM person_consents WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, r->id);
	const char *w = V("withdrawn_date");
	if (db_step(s) == DB_ROW && has(w) && strcmp(w, db_col_text(s, 0)) < 0)
		errs_add(err, "withdrawn_date", "Date consent was withdrawn must be on or after the date it was given");
	db_done(s);
}

const struct entity ent_consent_withdraw = {
	"consents", "withdrawal of consent", "people", withdraw_fields, NF(withdraw_fields),
	"SELECT withdrawn_date,withdrawn_reason,version,person_id,person_id FROM person_consents WHERE id=?",
	NULL,
	"UPDATE person_consents SET withdrawn_date=?,withdrawn_reason=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", NULL, NULL, NULL, 0, withdraw_check_db, NULL, .person_tab = "/family",
};

/* ---- views of the child or young person, and of the parents (section A) ---------------------- */

static const struct field view_fields[] = {
	{"whose", "Whose views", FT_CODE, FO_REQUIRED, &codes_view_whose, 0, 0, 0, NULL},
	{"contact_id", "Which parent or carer", FT_KIN, 0, NULL, 0, 0, 0, "Only for a parent's or carer's views"},
	{"view_date", "Date the views were given", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, "For example, 14 3 2026"},
	{"gathered_how", "How they were gathered", FT_CODE, FO_REQUIRED, &codes_view_how, 0, 0, 0, NULL},
	{"gathered_by", "Gathered by", FT_TEXT, 0, NULL, 100, 0, 0, "Name and role, for example Sam Patel, SEND caseworker"},
	{"body", "Their views", FT_TEXTAREA, FO_REQUIRED, NULL, 10000, 0, 0,
	 "In their own words where possible: what matters to them, their interests and their hopes for the future"},
};

static void view_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (is(V("whose"), "parent") && !has(V("contact_id")))
		errs_add(err, "contact_id", "Select which parent or carer gave these views: add them as a contact first if they are not listed");
	if (is(V("whose"), "child") && has(V("contact_id")))
		errs_add(err, "contact_id", "Select None: these are the child's or young person's own views");
}

const struct entity ent_view = {
	"views", "record of views", "people", view_fields, NF(view_fields),
	"SELECT whose,contact_id,view_date,gathered_how,gathered_by,body,version,person_id,person_id FROM person_views WHERE id=?",
	"INSERT INTO person_views(person_id,whose,contact_id,view_date,gathered_how,gathered_by,body) "
	"VALUES(?,?,?,?,?,?,?) RETURNING id",
	"UPDATE person_views SET whose=?,contact_id=?,view_date=?,gathered_how=?,gathered_by=?,body=?,version=version+1 "
	"WHERE id=? AND version=?",
	NULL, "SELECT id FROM people WHERE id=?", view_check, NULL, NULL, 0, NULL, NULL, .person_tab = "/family",
};
