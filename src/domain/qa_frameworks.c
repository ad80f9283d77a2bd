/* qa_frameworks.c — editing an audit framework's version in the browser
 * (qa.h): its settings and its criteria as entities (entity.h), and the
 * lead's choice of the version new audits take.
 *
 * DESIGN: a version is edited only while no audit uses it.  The entities'
 * check_db refuses the change naming the field; migration 0027's triggers
 * make the store refuse it too (ENT_CONSTRAINT, constraint_msg), so a race
 * with a new audit cannot change a version graded against.  A copy starts
 * as a draft (active 0); qa_framework_use makes one version of a kind the
 * one new audits take (the only active one of its kind).
 */
#include "domain/qa.h"
#include "core/qa.h"
#include "domain/entity.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define V(name) record_get(e, r, name)

static const struct code scales[] = {
	{"four", "Four points: Outstanding, Good, Requires improvement, Inadequate", 0, 0},
	{"eight", "Eight points: 1 to 8", 0, 0},
};
const struct code_list codes_qa_scale = {"qa_scale", scales, sizeof scales / sizeof scales[0]};

static const struct code rules[] = {
	{"weighted_mean", "The weighted mean of the grades, rounded half up", 0, 0},
	{"lowest", "The lowest grade given", 0, 0},
};
const struct code_list codes_qa_rule = {"qa_rule", rules, sizeof rules / sizeof rules[0]};

static const struct code sections[] = {
	{"A", "A: views, interests and aspirations", 0, 0}, {"B", "B: special educational needs", 0, 0},
	{"C", "C: health needs", 0, 0}, {"D", "D: social care needs", 0, 0}, {"E", "E: outcomes", 0, 0},
	{"F", "F: special educational provision", 0, 0}, {"G", "G: health provision", 0, 0},
	{"H1", "H1: social care provision (CSDPA)", 0, 0}, {"H2", "H2: other social care provision", 0, 0},
	{"I", "I: placement", 0, 0}, {"J", "J: personal budget", 0, 0}, {"K", "K: advice and information", 0, 0},
	{"advice", "The advice", 0, 0}, {"record", "The case file's record (case-file frameworks)", 0, 0},
};
const struct code_list codes_qa_section = {"qa_section", sections, sizeof sections / sizeof sections[0]};

/* How many audits use framework `id`: >= 0, or -1. */
int64_t qa_framework_audits(db *d, int64_t id)
{
	db_stmt *s = db_prepare(d, "SELECT count(*) FROM qa_audits WHERE framework_id = ?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_done(s);
	return n;
}

static void frozen_check(db *d, int64_t framework, const char *field, struct errs *err)
{
	int64_t n = qa_framework_audits(d, framework);
	if (n != 0)
		errs_add(err, field, "This version is used by %lld audit%s, so it cannot change: make a new version from it",
		         (long long)(n < 0 ? 0 : n), n == 1 ? "" : "s");
}

/* ---- the version's settings -------------------------------------------------------- */

static const struct field framework_fields[] = {
	{"name", "Name", FT_TEXT, FO_REQUIRED, NULL, 100, 0, 0, NULL},
	{"scale", "Grading scale", FT_CODE, FO_REQUIRED, &codes_qa_scale, 0, 0, 0, NULL},
	{"rule", "Overall grade", FT_CODE, FO_REQUIRED, &codes_qa_rule, 0, 0, 0, NULL},
	{"good_from", "Good from", FT_INT, FO_REQUIRED, NULL, 0, 1, 8,
	 "The lowest grade that counts as good: 3 (Good) on the four-point scale, for example 6 on the eight-point one"},
};

static void framework_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	const char *scale = V("scale"), *g = V("good_from");
	int top = scale ? qa_scale_top(scale) : 0;
	if (top && g && atoi(g) > top)
		errs_add(err, "good_from", "Good from must be a grade on the scale, from 1 to %d", top);
}

static void framework_check_db(db *d, const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	frozen_check(d, r->id, "name", err);
}

const struct entity ent_qa_framework = {
	"qa_frameworks", "audit framework version", NULL, framework_fields, NF(framework_fields),
	"SELECT name,scale,rule,good_from,version,0,0 FROM qa_frameworks WHERE id=?",
	NULL,
	"UPDATE qa_frameworks SET name=?,scale=?,rule=?,good_from=?,version=version+1 WHERE id=? AND version=?",
	NULL, NULL, framework_check, NULL,
	"This version is used by audits, so it cannot change: make a new version from it.", 0, framework_check_db, NULL,
	NULL,
};

/* ---- its criteria ---------------------------------------------------------------- */

static const struct field criterion_fields[] = {
	{"section", "Section", FT_CODE, FO_REQUIRED, &codes_qa_section, 0, 0, 0, NULL},
	{"title", "Criterion", FT_TEXT, FO_REQUIRED, NULL, 200, 0, 0, "For example, Outcomes SMART"},
	{"guidance", "What good looks like", FT_TEXTAREA, FO_REQUIRED, NULL, 2000, 0, 0, NULL},
	{"weight", "Weight", FT_INT, FO_REQUIRED, NULL, 0, 1, 10, "From 1 to 10: how much it counts in a weighted mean"},
};

static void criterion_check_db(db *d, const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	frozen_check(d, r->parent_id, "section", err);
	if (err->n)
		return;
	db_stmt *s = db_prepare(d, "SELECT kind FROM qa_frameworks WHERE id = ?");
	if (!s)
		return;
	db_bind_int(s, 1, r->parent_id);
	int casefile = db_step(s) == DB_ROW && strcmp(db_col_text(s, 0), "casefile") == 0;
	db_done(s);
	const char *sec = V("section");
	if (sec && casefile != (strcmp(sec, "record") == 0))
		errs_add(err, "section", casefile ? "Select The case file's record: this is a case-file framework"
		                                  : "Select a plan section or the advice: this is a plan framework");
}

const struct entity ent_qa_criterion = {
	"qa_criteria", "criterion", "qa-frameworks", criterion_fields, NF(criterion_fields),
	"SELECT section,title,guidance,weight,version,framework_id,0 FROM qa_criteria WHERE id=?",
	/* num: the next in its section */
	"INSERT INTO qa_criteria(framework_id,section,title,guidance,weight,num) VALUES(?1,?2,?3,?4,?5,"
	"(SELECT COALESCE(max(num),0)+1 FROM qa_criteria WHERE framework_id=?1 AND section=?2)) RETURNING id",
	"UPDATE qa_criteria SET num=CASE WHEN section=?1 THEN num ELSE (SELECT COALESCE(max(x.num),0)+1 FROM qa_criteria x "
	"WHERE x.framework_id=qa_criteria.framework_id AND x.section=?1) END,section=?1,title=?2,guidance=?3,weight=?4,"
	"version=version+1 WHERE id=?5 AND version=?6",
	"DELETE FROM qa_criteria WHERE id=? AND version=?",
	"SELECT 0 FROM qa_frameworks WHERE id=?", NULL, NULL,
	"This version's criteria cannot change: it is used by audits (make a new version from it), or this is its only "
	"criterion.", 0, criterion_check_db, NULL, NULL,
};

/* ---- the version new audits take ----------------------------------------------------- */

int qa_framework_use(db *d, const struct actor *who, int64_t id, int64_t version, char *msg, size_t msglen)
{
	db_stmt *s = db_prepare(d, "SELECT f.version, (SELECT count(*) FROM qa_criteria c WHERE c.framework_id = f.id) "
	                           "FROM qa_frameworks f WHERE f.id = ?");
	if (!s)
		return QA_ERROR;
	db_bind_int(s, 1, id);
	int st = db_step(s);
	int64_t v = st == DB_ROW ? db_col_int(s, 0) : 0, ncrit = st == DB_ROW ? db_col_int(s, 1) : 0;
	db_done(s);
	if (st == DB_DONE)
		return QA_NOT_FOUND;
	if (st != DB_ROW)
		return QA_ERROR;
	if (v != version) {
		snprintf(msg, msglen, "Someone else changed this version: check it and choose again");
		return QA_STALE;
	}
	if (ncrit == 0) {
		snprintf(msg, msglen, "Add a criterion to this version before new audits use it");
		return QA_INVALID;
	}
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return QA_ERROR;
	/* the chosen version active, every other version of its kind not */
	s = db_prepare(d, "UPDATE qa_frameworks SET active = CASE WHEN id = ?1 THEN 1 ELSE 0 END, version = version + 1 WHERE kind = "
	                  "(SELECT kind FROM qa_frameworks WHERE id = ?1) AND (active = 1 OR id = ?1) AND "
	                  "EXISTS (SELECT 1 FROM qa_frameworks WHERE id = ?1 AND version = ?2)");
	int rc = QA_ERROR;
	if (s) {
		db_bind_int(s, 1, id);
		db_bind_int(s, 2, version);
		st = db_step(s);
		db_done(s);
		if (st == DB_DONE && db_changes(d) == 0) {
			change_rollback(&c);
			snprintf(msg, msglen, "Someone else changed this version: check it and choose again");
			return QA_STALE;
		}
		if (st == DB_DONE && change_audit(&c, "update", "qa_frameworks", id, 0, "active", NULL) == 0 &&
		    change_commit(&c) == 0)
			rc = QA_OK;
	}
	if (rc != QA_OK)
		change_rollback(&c);
	return rc;
}
