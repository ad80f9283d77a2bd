/* demo_surveys.c — see demo_surveys.h.
 *
 * DESIGN: the questionnaires are loaded as an area loads them
 * (survey_ready_made_insert); the rest are plain inserts from a splitmix64
 * stream of its own, so the earlier rows of the demo stay as they were.
 * Assumed proportions (no national figure): the parents' five statements go
 * to one consenting contact with an email address of each plan issued in the
 * last year (at most 4,000); the anonymous annual survey to one in ten
 * families (at most 2,000), the young people's survey to one in twenty over
 * 14s' families, the settings' questionnaire to the SENCO of the current
 * setting of each plan issued in the last year (at most 1,000); 35% answer
 * (4 in 100 invitations are paper copies), agreeing with 60-80%
 * odds by statement.  Demo links have no token: their hash is of a string
 * that is not a token, so none can be opened.  Six engagement events a
 * quarter, each with one or two "you said, we did" actions.
 */
#include "cli/demo_surveys.h"
#include "cli/demo_rng.h"
#include "domain/survey.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>


static int fail(char *err, size_t n, db *d, const char *what)
{
	snprintf(err, n, "demo surveys: %s: %s", what, db_errmsg(d));
	return -1;
}

struct qinfo { int64_t id; int anonymous; int nq; int64_t qid[8]; int kind[8]; int nopts[8]; };

static int load_q(db *d, const char *key, const char *at, struct qinfo *q)
{
	memset(q, 0, sizeof *q);
	if (survey_ready_made_insert(d, key, at, &q->id) < 0)
		return -1;
	struct sq_form f;
	struct sq_questions qs;
	if (survey_load(d, q->id, &f) || survey_load_questions(d, q->id, 1, &qs) < 0)
		return -1;
	q->anonymous = f.anonymous;
	for (int i = 0; i < qs.n && i < 8; i++) {
		q->qid[i] = qs.q[i].id;
		q->kind[i] = qs.q[i].kind;
		q->nopts[i] = 0;
		for (const char *p = qs.q[i].options; *p; p++)
			q->nopts[i] += *p == '\n';
		if (qs.q[i].options[0])
			q->nopts[i]++;
		q->nq++;
	}
	sq_questions_free(&qs);
	return 0;
}

static const char *const texts[] = {
	"The caseworker kept us informed at every step.", "It took too long to hear back after the meeting.",
	"We felt listened to at the annual review.", "The plan still does not mention the speech therapy.",
	"Please send letters by email as well as post.", "The school and the council did not talk to each other.",
	"Thank you for the help with transport.", "We did not know who to contact when things changed.",
};

/* One invitation, answered or not.  0, -1. */
static int invite(db *d, uint64_t *x, const struct qinfo *q, int64_t person, int64_t contact, int64_t setting_contact,
                  const char *reason, day_t sent, day_t today, long *answered, long *serial_p)
{
	long serial = ++*serial_p;
	char sent_s[11], exp_s[11], used_s[11], key[96], pre[64], hash[65];
	day_t exp = date_add_days(sent, 28);
	date_format_iso(sent, sent_s);
	date_format_iso(exp, exp_s);
	snprintf(key, sizeof key, "demo:%lld:%ld", (long long)q->id, serial);
	snprintf(pre, sizeof pre, "demo-link-%ld", serial);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)pre, strlen(pre));
	sodium_bin2hex(hash, sizeof hash, h, sizeof h);
	int paper = demo_chance(x, 4);
	day_t used = date_add_days(sent, 1 + demo_below(x, 20));
	int answers = demo_chance(x, 35) && used <= today;
	date_format_iso(used, used_s);
	db_stmt *s = db_prepare(d, "INSERT INTO survey_invitations(questionnaire_id,qversion,person_id,contact_id,channel,reason,"
	                           "dedupe_key,token_hash,sent_on,expires_on,used,used_on,setting_contact_id) "
	                           "VALUES(?,1,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (!s)
		return -1;
	db_bind_int(s, 1, q->id);
	db_bind_int(s, 2, person);
	if (contact && !paper)
		db_bind_int(s, 3, contact);
	else
		db_bind_null(s, 3);
	db_bind_text(s, 4, paper ? "paper" : "email");
	db_bind_text(s, 5, reason);
	db_bind_text(s, 6, key);
	db_bind_opt_text(s, 7, paper ? NULL : hash);
	db_bind_text(s, 8, sent_s);
	db_bind_text(s, 9, exp_s);
	db_bind_int(s, 10, answers);
	db_bind_opt_text(s, 11, answers ? used_s : NULL);
	if (setting_contact && !paper)
		db_bind_int(s, 12, setting_contact);
	else
		db_bind_null(s, 12);
	int64_t inv = 0;
	if (db_step(s) == DB_ROW)
		inv = db_col_int(s, 0);
	db_done(s);
	if (!inv)
		return -1;
	if (!answers)
		return 0;
	char month[8];
	snprintf(month, sizeof month, "%.7s", used_s);
	/* an anonymous response has a random id; another (?6 NULL) the highest so far and one, as
	 * survey.c gives it (SQLite's choice of a rowid, said, so PostgreSQL gives the same) */
	s = db_prepare(d, "INSERT INTO survey_responses(id,questionnaire_id,qversion,invitation_id,person_id,answered_month,paper) "
	                  "VALUES(COALESCE(?6,(SELECT COALESCE(MAX(id),0)+1 FROM survey_responses)),?1,1,?2,?3,?4,?5) "
	                  "RETURNING id");
	if (!s)
		return -1;
	if (q->anonymous)
		db_bind_int(s, 6, (int64_t)(demo_next(x) >> 12) + 1);
	else
		db_bind_null(s, 6);
	db_bind_int(s, 1, q->id);
	if (q->anonymous) {
		db_bind_null(s, 2);
		db_bind_null(s, 3);
	} else {
		db_bind_int(s, 2, inv);
		db_bind_int(s, 3, person);
	}
	db_bind_text(s, 4, month);
	db_bind_int(s, 5, paper);
	int64_t rid = 0;
	if (db_step(s) == DB_ROW)
		rid = db_col_int(s, 0);
	db_done(s);
	if (!rid)
		return -1;
	(*answered)++;
	for (int i = 0; i < q->nq; i++) {
		char v[160];
		int agree = 60 + 5 * i % 20;
		switch (q->kind[i]) {
		case SQ_LIKERT:
			snprintf(v, sizeof v, "%d", demo_chance(x, agree) ? 1 + demo_below(x, 2) : 3 + demo_below(x, 3));
			break;
		case SQ_YESNO:
			snprintf(v, sizeof v, "%d", demo_chance(x, agree) ? 1 : 0);
			break;
		case SQ_SINGLE:
		case SQ_MULTIPLE:
			snprintf(v, sizeof v, "%d", 1 + demo_below(x, q->nopts[i] > 0 ? q->nopts[i] : 1));
			break;
		default:
			if (!demo_chance(x, 30))
				continue;
			snprintf(v, sizeof v, "%s", texts[demo_below(x, (int)(sizeof texts / sizeof texts[0]))]);
		}
		s = db_prepare(d, "INSERT INTO survey_answers(response_id,question_id,value) VALUES(?,?,?)");
		if (!s)
			return -1;
		db_bind_int(s, 1, rid);
		db_bind_int(s, 2, q->qid[i]);
		db_bind_text(s, 3, v);
		int rc = db_step(s);
		db_done(s);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

static const char *const event_kinds[] = {"forum", "workshop", "young_people", "consultation"};
static const char *const event_titles[] = {
	"Parent carer forum: the EHC needs assessment", "Workshop: writing outcomes with families",
	"Young people's group: preparing for adulthood", "Consultation: the local offer website",
	"Parent carer forum: annual reviews", "Workshop: transport to school",
};
static const char *const said[] = {
	"Families did not know who their caseworker was", "Letters were hard to understand",
	"Young people wanted to chair part of their review", "The local offer was hard to search",
	"Parents wanted updates while the assessment was under way",
};
static const char *const did[] = {
	"Every letter now names the caseworker and how to reach them", "Rewrote the decision letters in plain English",
	"Review meetings now offer the young person a part to lead", "Rebuilt the local offer search with families testing it",
	"Families now get an update every four weeks",
};

static int events(db *d, uint64_t *x, day_t today, char *err, size_t errlen)
{
	for (int w = 0; w < 24; w++) {   /* about six a quarter over a year */
		day_t day = date_add_days(today, -7 - w * 15 - demo_below(x, 7));
		char ds[11], due[11], done[11];
		date_format_iso(day, ds);
		int k = demo_below(x, 4);
		db_stmt *s = db_prepare(d, "INSERT INTO engagement_events(event_date,kind,title,parents,young_people,professionals,"
		                           "others,topics) VALUES(?,?,?,?,?,?,?,?) RETURNING id");
		if (!s)
			return fail(err, errlen, d, "event");
		db_bind_text(s, 1, ds);
		db_bind_text(s, 2, event_kinds[k]);
		db_bind_text(s, 3, event_titles[demo_below(x, 6)]);
		db_bind_int(s, 4, k == 2 ? demo_below(x, 3) : 6 + demo_below(x, 30));
		db_bind_int(s, 5, k == 2 ? 5 + demo_below(x, 15) : demo_below(x, 4));
		db_bind_int(s, 6, 2 + demo_below(x, 8));
		db_bind_int(s, 7, demo_below(x, 3));
		db_bind_text(s, 8, "What works well, what does not, and what we should change first.");
		int64_t id = 0;
		if (db_step(s) == DB_ROW)
			id = db_col_int(s, 0);
		db_done(s);
		if (!id)
			return fail(err, errlen, d, "event");
		for (int a = 0, n = 1 + demo_below(x, 2); a < n; a++) {
			int j = demo_below(x, 5);
			date_format_iso(date_add_days(day, 60), due);
			int is_done = date_add_days(day, 45) <= today && demo_chance(x, 70);
			date_format_iso(date_add_days(day, 20 + demo_below(x, 25)), done);
			s = db_prepare(d, "INSERT INTO engagement_actions(event_id,you_said,we_did,owner,due_date,done_date) "
			                  "VALUES(?,?,?,?,?,?)");
			if (!s)
				return fail(err, errlen, d, "action");
			db_bind_int(s, 1, id);
			db_bind_text(s, 2, said[j]);
			db_bind_opt_text(s, 3, is_done ? did[j] : NULL);
			db_bind_text(s, 4, demo_below(x, 2) ? "Head of SEND" : "Parent carer forum chair");
			db_bind_text(s, 5, due);
			db_bind_opt_text(s, 6, is_done ? done : NULL);
			int rc = db_step(s);
			db_done(s);
			if (rc != DB_DONE)
				return fail(err, errlen, d, "action");
		}
	}
	return 0;
}

int demo_surveys(db *d, const struct demo_opts *o, char *err, size_t errlen)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	day_t today = o->today;
	uint64_t x = o->seed ^ 0x5ce7a11ed5u;
	char at[32], from[11];
	date_format_iso(today, at);
	strcat(at, "T09:00:00Z");
	date_format_iso(date_add_days(today, -365), from);
	struct qinfo parent, annual, young;
	int64_t other;
	if (load_q(d, "thurrock_parent", at, &parent) < 0 || load_q(d, "annual_parent", at, &annual) < 0 ||
	    load_q(d, "young_people", at, &young) < 0 || survey_ready_made_insert(d, "young_people_easy", at, &other) < 0 ||
	    survey_ready_made_insert(d, "settings", at, &other) < 0)
		return fail(err, errlen, d, "questionnaires");
	/* each family's first consenting contact with an email, and the plan's issue date */
	db_stmt *s = db_prepare(d, "SELECT p.person_id, (SELECT min(k.id) FROM person_contacts k WHERE k.person_id=p.person_id "
	                           "AND k.email IS NOT NULL AND EXISTS (SELECT 1 FROM person_consents g WHERE "
	                           "g.person_id=k.person_id AND g.given_by_contact_id=k.id AND g.withdrawn_date IS NULL)), COALESCE(p.issue_date,'') "
	                           "FROM plans p WHERE p.status='active' ORDER BY p.id");
	if (!s)
		return fail(err, errlen, d, "families");
	long sent[3] = {0}, answered = 0, serial = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (db_col_is_null(s, 1))
			continue;
		int64_t person = db_col_int(s, 0), contact = db_col_int(s, 1);
		day_t issued = date_iso_or_none(db_col_text(s, 2));
		if (issued != DATE_NONE && strcmp(db_col_text(s, 2), from) >= 0 && sent[0] < 4000) {
			if (invite(d, &x, &parent, person, contact, 0, "plan_issued", issued, today, &answered, &serial) < 0)
				break;
			sent[0]++;
		}
		if (demo_chance(&x, 10) && sent[1] < 2000) {
			if (invite(d, &x, &annual, person, contact, 0, "yearly", date_add_days(today, -demo_below(&x, 330) - 30), today,
			           &answered, &serial) < 0)
				break;
			sent[1]++;
		}
		if (demo_chance(&x, 5) && sent[2] < 1000) {
			if (invite(d, &x, &young, person, contact, 0, "annual_review", date_add_days(today, -demo_below(&x, 330) - 30), today,
			           &answered, &serial) < 0)
				break;
			sent[2]++;
		}
	}
	db_done(s);
	if (rc != DB_DONE)
		return fail(err, errlen, d, "invitations");
	/* the settings' questionnaire: to the SENCO of the current setting of each plan issued in the last year (at most 1,000) */
	struct qinfo setting;
	if (load_q(d, "settings", at, &setting) < 0)
		return fail(err, errlen, d, "settings questionnaire");
	s = db_prepare(d, "SELECT p.person_id, (SELECT k.id FROM placements pl JOIN contacts k ON "
	                  "k.establishment_id=pl.establishment_id WHERE pl.id=(SELECT id FROM placements WHERE "
	                  "person_id=p.person_id AND end_date IS NULL ORDER BY rank LIMIT 1) AND k.email_off IS NULL "
	                  "ORDER BY k.id LIMIT 1), p.issue_date FROM plans p WHERE p.status='active' AND p.issue_date>=? "
	                  "ORDER BY p.id LIMIT 1000");
	if (!s)
		return fail(err, errlen, d, "settings");
	db_bind_text(s, 1, from);
	long to_settings = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (db_col_is_null(s, 1))
			continue;
		if (invite(d, &x, &setting, db_col_int(s, 0), 0, db_col_int(s, 1), "plan_issued",
		           date_iso_or_none(db_col_text(s, 2)), today, &answered, &serial) < 0)
			break;
		to_settings++;
	}
	db_done(s);
	if (rc != DB_DONE)
		return fail(err, errlen, d, "settings invitations");
	if (events(d, &x, today, err, errlen) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet)
		fprintf(stderr, "demo: %ld survey invitations (%ld answered), 24 engagement events in %.2f s\n",
		        sent[0] + sent[1] + sent[2] + to_settings, answered, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
