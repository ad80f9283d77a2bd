/* entities_plan.c — the sections of an EHC plan's version as editable
 * nouns (entity.h): section A's views, section J's personal budget, the
 * family's comments on a draft, and the items of sections B–H2 and K.
 *
 * DESIGN: every one belongs to a plan version (plan_versions; its id is
 * the parent id), and every one refuses a final version: the rule below
 * says so to the user, and each UPDATE and DELETE also says
 * "AND final_date IS NULL" so that a version finalised between the form's
 * load and its save is never changed (the save is then refused as stale).
 * Items are numbered per section as they are added (planref.h); the
 * number never changes, so links to it ("B1,C2") and comparisons hold.
 */
#include "domain/entity.h"
#include "core/codes.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define V(name) record_get(e, r, name)

/* The child of a plan version. */
#define PERSON_OF_VERSION "SELECT p.person_id FROM plan_versions v JOIN plans p ON p.id=v.plan_id WHERE v.id=?"
#define PERSON_OF(col) "(SELECT p.person_id FROM plan_versions v JOIN plans p ON p.id=v.plan_id WHERE v.id=" col ")"
#define DRAFT_ONLY "(SELECT id FROM plan_versions WHERE final_date IS NULL)"

/* Every form of a version: refused once the version is final. */
static void version_is_draft(db *d, const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	db_stmt *s = db_prepare(d, "SELECT final_date IS NOT NULL FROM plan_versions WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, r->parent_id);
	if (db_step(s) == DB_ROW && db_col_int(s, 0))
		errs_add(err, e->fields[0].name,
		         "This version of the plan is final: it cannot change. Start an amendment to change the plan");
	db_done(s);
}

/* ---- section A: views, interests and aspirations ------------------------------ */

static const struct field a_fields[] = {
	{"a_views", "Their views", FT_TEXTAREA, 0, NULL, 10000, 0, 0,
	 "What the child or young person and their parents say about their life, their education and their needs: "
	 "in their own words where you can, saying whose views they are"},
	{"a_interests", "Their interests", FT_TEXTAREA, 0, NULL, 10000, 0, 0, "What they enjoy, what they are good at"},
	{"a_aspirations", "Their aspirations for the future", FT_TEXTAREA, 0, NULL, 10000, 0, 0,
	 "Their hopes for the future: from Year 9, for employment, independent living, community participation and health"},
};

const struct entity ent_plan_a = {
	"section-a", "section A: views, interests and aspirations", NULL, a_fields, NF(a_fields),
	"SELECT a_views,a_interests,a_aspirations,version,id," PERSON_OF("plan_versions.id") " FROM plan_versions WHERE id=?",
	NULL,
	"UPDATE plan_versions SET a_views=?,a_interests=?,a_aspirations=?,version=version+1 "
	"WHERE id=? AND version=? AND final_date IS NULL",
	NULL, NULL, NULL, NULL, NULL, 0, version_is_draft, NULL, .person_tab = "/plan",
};

/* ---- section J: personal budget ---------------------------------------------- */

static const struct field j_fields[] = {
	{"j_requested", "A personal budget was requested", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"j_direct_payments", "Some or all of it is paid as direct payments", FT_FLAG, 0, NULL, 0, 0, 0, NULL},
	{"j_amount", "Amount a year, in pounds", FT_INT, 0, NULL, 0, 0, 10000000,
	 "The estimated value of the personal budget, whole pounds"},
	{"j_arrangements", "How it will be used and managed", FT_TEXTAREA, 0, NULL, 5000, 0, 0,
	 "The provision it pays for, who holds it, and the arrangements for any direct payments"},
};

static void j_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	int requested = V("j_requested") && !strcmp(V("j_requested"), "1");
	if (!requested && V("j_direct_payments") && !strcmp(V("j_direct_payments"), "1"))
		errs_add(err, "j_requested", "Tick that a personal budget was requested if some of it is paid as direct payments");
	else if (!requested && (V("j_amount") || V("j_arrangements")))
		errs_add(err, "j_requested", "Tick that a personal budget was requested, or clear its amount and arrangements");
}

const struct entity ent_plan_j = {
	"section-j", "section J: personal budget", NULL, j_fields, NF(j_fields),
	"SELECT j_requested,j_direct_payments,j_amount,j_arrangements,version,id," PERSON_OF("plan_versions.id")
	" FROM plan_versions WHERE id=?",
	NULL,
	"UPDATE plan_versions SET j_requested=?,j_direct_payments=?,j_amount=?,j_arrangements=?,version=version+1 "
	"WHERE id=? AND version=? AND final_date IS NULL",
	NULL, NULL, j_check, NULL, NULL, 0, version_is_draft, NULL, .person_tab = "/plan",
};

/* ---- the family's comments on a draft (reg 13(1), reg 22(2)) ------------------------ */

static const struct field comments_fields[] = {
	{"comments_date", "Date the comments were received", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
	{"comments", "Their comments", FT_TEXTAREA, FO_REQUIRED, NULL, 10000, 0, 0,
	 "What the parent or young person said about the draft, and what will change because of it"},
	{"setting_requested", "The school, college or other setting they asked to be named", FT_TEXT, 0, NULL, 200, 0, 0,
	 "Leave blank if they did not ask for one"},
};

static void comments_check_db(db *d, const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	version_is_draft(d, e, r, today, err);
	if (err->n)
		return;
	db_stmt *s = db_prepare(d, "SELECT COALESCE(sent_date,'') FROM plan_versions WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, r->parent_id);
	if (db_step(s) == DB_ROW) {
		const char *sent = db_col_text(s, 0);
		if (!*sent)
			errs_add(err, "comments_date", "Send the draft to the family before recording their comments on it");
		else if (V("comments_date") && strcmp(V("comments_date"), sent) < 0)
			errs_add(err, "comments_date", "Date the comments were received must be on or after the date the draft was sent");
	}
	db_done(s);
}

const struct entity ent_plan_comments = {
	"plan-comments", "comments on the draft", NULL, comments_fields, NF(comments_fields),
	"SELECT comments_date,comments,setting_requested,version,id," PERSON_OF("plan_versions.id")
	" FROM plan_versions WHERE id=?",
	NULL,
	"UPDATE plan_versions SET comments_date=?,comments=?,setting_requested=?,version=version+1 "
	"WHERE id=? AND version=? AND final_date IS NULL AND sent_date IS NOT NULL",
	NULL, NULL, NULL, NULL, NULL, 0, comments_check_db, NULL, .person_tab = "/plan",
};

/* ---- items ---------------------------------------------------------------------- */

/* The load, insert, update and delete of a section's items; `cols` are the
 * item's columns in field order, `qs` as many "?," for the insert. */
#define ITEM_LOAD(cols, sec) "SELECT " cols ",version,version_id," PERSON_OF("plan_items.version_id") \
	" FROM plan_items WHERE id=? AND section='" sec "'"
#define ITEM_INSERT(cols, sec, qs) "INSERT INTO plan_items(version_id,section,num," cols ") VALUES(?1,'" sec "'," \
	"(SELECT COALESCE(MAX(num),0)+1 FROM plan_items WHERE version_id=?1 AND section='" sec "')," qs ") RETURNING id"
#define ITEM_DELETE "DELETE FROM plan_items WHERE id=? AND version=? AND version_id IN " DRAFT_ONLY

/* B: special educational needs, by area (SEND Code of Practice 6.28). */
static const struct field b_fields[] = {
	{"area", "Area of need", FT_CODE, FO_REQUIRED, &codes_need_area, 0, 0, 0, NULL},
	{"text", "The need", FT_TEXTAREA, FO_REQUIRED, NULL, 5000, 0, 0,
	 "What they find hard and what helps, from the advice: specific enough to plan provision for"},
};

const struct entity ent_plan_b = {
	"section-b", "special educational need", "plan-versions", b_fields, NF(b_fields),
	ITEM_LOAD("area,text", "B"), ITEM_INSERT("area,text", "B", "?2,?3"),
	"UPDATE plan_items SET area=?,text=?,version=version+1 WHERE id=? AND version=? AND version_id IN " DRAFT_ONLY,
	ITEM_DELETE, PERSON_OF_VERSION, NULL, NULL, NULL, 0, version_is_draft, NULL, .person_tab = "/plan",
};

/* C and D: health and social care needs. */
static const struct field need_fields[] = {
	{"text", "The need", FT_TEXTAREA, FO_REQUIRED, NULL, 5000, 0, 0, "From the health or social care advice"},
};

#define NEED_ENTITY(var, seg, sec, noun) \
	const struct entity var = { \
		seg, noun, "plan-versions", need_fields, NF(need_fields), \
		ITEM_LOAD("text", sec), ITEM_INSERT("text", sec, "?2"), \
		"UPDATE plan_items SET text=?,version=version+1 WHERE id=? AND version=? AND version_id IN " DRAFT_ONLY, \
		ITEM_DELETE, PERSON_OF_VERSION, NULL, NULL, NULL, 0, version_is_draft, NULL, .person_tab = "/plan", \
	}
NEED_ENTITY(ent_plan_c, "section-c", "C", "health need");
NEED_ENTITY(ent_plan_d, "section-d", "D", "social care need");

/* E: outcomes, each linked to the needs it addresses, with a timescale and a
 * measure; from Year 9, preparing for adulthood (SEND Code of Practice 8.9). */
static const struct field e_fields[] = {
	{"text", "The outcome", FT_TEXTAREA, FO_REQUIRED, NULL, 5000, 0, 0,
	 "The benefit or difference the provision should make: specific and measurable, not a description of the provision"},
	{"needs", "The needs it addresses", FT_REFS_NEEDS, FO_REQUIRED, NULL, 0, 0, 0, "Select all that apply"},
	{"timescale", "By when", FT_TEXT, FO_REQUIRED, NULL, 100, 0, 0, "For example, by the end of Key Stage 2, or by July 2027"},
	{"measure", "How progress will be measured", FT_TEXTAREA, FO_REQUIRED, NULL, 2000, 0, 0,
	 "What will be seen or counted, by whom and how often"},
	{"area", "Preparing for adulthood", FT_CODE, 0, &codes_pfa, 0, 0, 0,
	 "From Year 9: the area of adult life it prepares them for, if any"},
};

const struct entity ent_plan_e = {
	"section-e", "outcome", "plan-versions", e_fields, NF(e_fields),
	ITEM_LOAD("text,links,timescale,measure,area", "E"),
	ITEM_INSERT("text,links,timescale,measure,area", "E", "?2,?3,?4,?5,?6"),
	"UPDATE plan_items SET text=?,links=?,timescale=?,measure=?,area=?,version=version+1 "
	"WHERE id=? AND version=? AND version_id IN " DRAFT_ONLY,
	ITEM_DELETE, PERSON_OF_VERSION, NULL, NULL, NULL, 0, version_is_draft, NULL, .person_tab = "/plan",
};

/* F, G, H1, H2: provision, each item what, who, how often, for how long, in
 * what group, and the outcomes it serves. */
static const struct field prov_fields[] = {
	{"text", "What the provision is", FT_TEXTAREA, FO_REQUIRED, NULL, 5000, 0, 0,
	 "Specific: what will be done, not \"access to\" or \"opportunities to\""},
	{"who", "Who delivers it", FT_TEXT, 0, NULL, 200, 0, 0,
	 "By role: for example, a speech and language therapist, or a teaching assistant trained in…"},
	{"how_often", "How often", FT_TEXT, 0, NULL, 100, 0, 0, "For example, 3 times a week, or daily"},
	{"how_long", "For how long", FT_TEXT, 0, NULL, 100, 0, 0, "Each session, for example 30 minutes; or hours a week"},
	{"group_size", "Group size", FT_TEXT, 0, NULL, 100, 0, 0, "For example, 1 to 1, or a group of up to 4"},
	{"outcomes", "The outcomes it serves", FT_REFS_OUTCOMES, 0, NULL, 0, 0, 0, "Select all that apply"},
};

#define PROV_COLS "text,who,how_often,how_long,group_size,links"
#define PROV_ENTITY(var, seg, sec, noun) \
	const struct entity var = { \
		seg, noun, "plan-versions", prov_fields, NF(prov_fields), \
		ITEM_LOAD(PROV_COLS, sec), ITEM_INSERT(PROV_COLS, sec, "?2,?3,?4,?5,?6,?7"), \
		"UPDATE plan_items SET text=?,who=?,how_often=?,how_long=?,group_size=?,links=?,version=version+1 " \
		"WHERE id=? AND version=? AND version_id IN " DRAFT_ONLY, \
		ITEM_DELETE, PERSON_OF_VERSION, NULL, NULL, NULL, 0, version_is_draft, NULL, .person_tab = "/plan", \
	}
PROV_ENTITY(ent_plan_f, "section-f", "F", "special educational provision");
PROV_ENTITY(ent_plan_g, "section-g", "G", "health provision");
PROV_ENTITY(ent_plan_h1, "section-h1", "H1", "social care provision (H1)");
PROV_ENTITY(ent_plan_h2, "section-h2", "H2", "social care provision (H2)");

/* K: advice and information (filled from the advice received; more by hand). */
static const struct field k_fields[] = {
	{"text", "The advice or information", FT_TEXT, FO_REQUIRED, NULL, 200, 0, 0,
	 "For example, Advice from Educational psychology, or the parents' written views"},
	{"who", "Who gave it", FT_TEXT, 0, NULL, 200, 0, 0, "Their name and role"},
	{"item_date", "Date of the advice", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
};

const struct entity ent_plan_k = {
	"section-k", "item of advice or information", "plan-versions", k_fields, NF(k_fields),
	ITEM_LOAD("text,who,item_date", "K"), ITEM_INSERT("text,who,item_date", "K", "?2,?3,?4"),
	"UPDATE plan_items SET text=?,who=?,item_date=?,version=version+1 WHERE id=? AND version=? AND version_id IN " DRAFT_ONLY,
	ITEM_DELETE, PERSON_OF_VERSION, NULL, NULL, NULL, 0, version_is_draft, NULL, .person_tab = "/plan",
};

/* The entity of a section's items ("B" … "K"); NULL for A, I and J. */
const struct entity *plan_section_entity(const char *section)
{
	static const struct { const char *sec; const struct entity *e; } by[] = {
		{"B", &ent_plan_b}, {"C", &ent_plan_c}, {"D", &ent_plan_d}, {"E", &ent_plan_e}, {"F", &ent_plan_f},
		{"G", &ent_plan_g}, {"H1", &ent_plan_h1}, {"H2", &ent_plan_h2}, {"K", &ent_plan_k},
	};
	for (size_t i = 0; section && i < sizeof by / sizeof by[0]; i++)
		if (!strcmp(by[i].sec, section))
			return by[i].e;
	return NULL;
}

int entity_is_plan_section(const struct entity *e)
{
	return e == &ent_plan_a || e == &ent_plan_j || e == &ent_plan_comments || (e->parent && !strcmp(e->parent, "plan-versions"));
}

const char *plan_entity_section(const struct entity *e)
{
	static const char *const secs[] = {"B", "C", "D", "E", "F", "G", "H1", "H2", "K"};
	for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++)
		if (plan_section_entity(secs[i]) == e)
			return secs[i];
	return NULL;
}
