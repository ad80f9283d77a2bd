/* survey.c — questionnaires, invitations, answers and results (survey.h). */
#include "domain/survey.h"
#include "domain/change.h"
#include "domain/outbox.h"
#include "domain/log.h"
#include "core/grow.h"
#include "core/date.h"
#include "core/tmpl.h"
#include "core/validate.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const survey_audiences[3][2] = {
	{"parent", "Parents and carers"}, {"young_person", "Children and young people"}, {"setting", "Education settings"}};
const char *const survey_triggers[4][2] = {
	{"manual", "Sent by hand to a chosen group"},
	{"plan_issued", "When an EHC plan is issued"},
	{"annual_review", "After an annual review"},
	{"yearly", "Once a year"}};

static int in_list(const char *v, const char *const (*l)[2], int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v, l[i][0]))
			return 1;
	return 0;
}

static char *dupz(const char *s) { return strdup(s ? s : ""); }

static void now_iso(int64_t now, char out[32])
{
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sq_questions_free(struct sq_questions *qs)
{
	for (int i = 0; i < qs->n; i++) {
		free(qs->q[i].statement);
		free(qs->q[i].wording);
		free(qs->q[i].easy_read);
		free(qs->q[i].options);
	}
	free(qs->q);
	qs->q = NULL;
	qs->n = 0;
}

#define FORM_COLS "q.id,q.version,q.name,q.audience,q.anonymous,q.send_trigger,q.expiry_days,q.current_qversion," \
	"COALESCE(q.ready_made,''),(SELECT count(*) FROM survey_invitations i WHERE i.questionnaire_id=q.id)," \
	"(SELECT count(*) FROM survey_responses s WHERE s.questionnaire_id=q.id)," \
	"(SELECT count(*) FROM survey_responses s WHERE s.questionnaire_id=q.id AND s.qversion=q.current_qversion),q.yearly_day,q.yearly_month"

static void form_row(db_stmt *s, struct sq_form *f)
{
	memset(f, 0, sizeof *f);
	f->id = db_col_int(s, 0);
	f->version = db_col_int(s, 1);
	snprintf(f->name, sizeof f->name, "%s", db_col_text(s, 2));
	snprintf(f->audience, sizeof f->audience, "%s", db_col_text(s, 3));
	f->anonymous = (int)db_col_int(s, 4);
	snprintf(f->trigger, sizeof f->trigger, "%s", db_col_text(s, 5));
	f->expiry_days = (int)db_col_int(s, 6);
	f->qversion = (int)db_col_int(s, 7);
	snprintf(f->ready_made, sizeof f->ready_made, "%s", db_col_text(s, 8));
	f->invitations = (long)db_col_int(s, 9);
	f->responses = (long)db_col_int(s, 10);
	f->responses_now = (long)db_col_int(s, 11);
	f->yearly_day = (int)db_col_int(s, 12);
	f->yearly_month = (int)db_col_int(s, 13);
}

int survey_each(db *d, survey_each_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " FORM_COLS " FROM questionnaires q ORDER BY q.name, q.id LIMIT 200");
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct sq_form f;
		form_row(s, &f);
		fn(ctx, &f);
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int survey_load(db *d, int64_t id, struct sq_form *f)
{
	db_stmt *s = db_prepare(d, "SELECT " FORM_COLS " FROM questionnaires q WHERE q.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		form_row(s, f);
	db_done(s);
	return rc == DB_ROW ? SURVEY_OK : rc == DB_DONE ? SURVEY_NOT_FOUND : -1;
}

int survey_load_questions(db *d, int64_t qid, int qversion, struct sq_questions *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = db_prepare(d, "SELECT id,version,position,kind,required,statement,wording,COALESCE(easy_read,''),"
	                           "COALESCE(options,'') FROM survey_questions WHERE questionnaire_id=? AND qversion=? "
	                           "ORDER BY position LIMIT 200");
	if (!s)
		return -1;
	db_bind_int(s, 1, qid);
	db_bind_int(s, 2, qversion);
	int rc, cap = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(out->q, cap, out->n + 1, 16) < 0) {
			rc = -1;
			break;
		}
		struct sq_question *q = &out->q[out->n++];
		q->id = db_col_int(s, 0);
		q->version = db_col_int(s, 1);
		q->position = (int)db_col_int(s, 2);
		q->kind = sq_kind_parse(db_col_text(s, 3));
		q->required = (int)db_col_int(s, 4);
		q->statement = dupz(db_col_text(s, 5));
		q->wording = dupz(db_col_text(s, 6));
		q->easy_read = dupz(db_col_text(s, 7));
		q->options = dupz(db_col_text(s, 8));
	}
	db_done(s);
	if (rc != DB_DONE) {
		sq_questions_free(out);
		return -1;
	}
	return 0;
}

/* ---- the questionnaire's details ----------------------------------------------------------- */

int survey_save(db *d, const struct actor *who, struct sq_form *f, struct errs *err)
{
	if (!f->name[0])
		errs_add(err, "name", "Enter the questionnaire's name");
	else if (utf8_chars(f->name) > 100)
		errs_add(err, "name", "Name must be 100 characters or fewer");
	if (!in_list(f->audience, survey_audiences, 3))
		errs_add(err, "audience", "Select who answers it");
	if (!in_list(f->trigger, survey_triggers, 4))
		errs_add(err, "trigger", "Select when it is sent");
	if (f->expiry_days < 1 || f->expiry_days > 365)
		errs_add(err, "expiry_days", "Days a link works must be a whole number from 1 to 365");
	if (f->anonymous != 0 && f->anonymous != 1)
		errs_add(err, "anonymous", "Select whether answers are anonymous");
	day_t probe;
	if (f->yearly_month < 1 || f->yearly_month > 12)
		errs_add(err, "yearly_month", "Select the month it is sent each year");
	else if (f->yearly_day < 1 || date_from_ymd(2025, f->yearly_month, f->yearly_day, &probe) != 0)
		errs_add(err, "yearly_day", "Day it is sent each year must be a day of that month (not 29 February)");
	if (f->id) {
		struct sq_form old;
		int rc = survey_load(d, f->id, &old);
		if (rc)
			return rc;
		if (old.anonymous != f->anonymous && old.invitations > 0)
			errs_add(err, "anonymous", "Whether answers are anonymous cannot change once it has been sent: "
			         "make a new questionnaire instead");
	}
	if (err->n)
		return SURVEY_INVALID;
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return SURVEY_ERROR;
	char at[32];
	now_iso(who->now, at);
	db_stmt *s = f->id ? db_prepare(d, "UPDATE questionnaires SET name=?1,audience=?2,anonymous=?3,send_trigger=?4,"
	                                   "expiry_days=?5,yearly_day=?8,yearly_month=?9,version=version+1 WHERE id=?6 AND version=?7")
	                   : db_prepare(d, "INSERT INTO questionnaires(name,audience,anonymous,send_trigger,expiry_days,"
	                                   "ready_made,created_at,yearly_day,yearly_month) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) RETURNING id");
	if (!s) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	db_bind_text(s, 1, f->name);
	db_bind_text(s, 2, f->audience);
	db_bind_int(s, 3, f->anonymous);
	db_bind_text(s, 4, f->trigger);
	db_bind_int(s, 5, f->expiry_days);
	db_bind_int(s, 8, f->yearly_day);
	db_bind_int(s, 9, f->yearly_month);
	if (f->id) {
		db_bind_int(s, 6, f->id);
		db_bind_int(s, 7, f->version);
	} else {
		db_bind_opt_text(s, 6, f->ready_made[0] ? f->ready_made : NULL);
		db_bind_text(s, 7, at);
	}
	int rc = db_step(s);
	if (!f->id && rc == DB_ROW)
		f->id = db_col_int(s, 0);
	db_done(s);
	if (f->id && rc == DB_DONE && db_changes(d) == 0 && f->version) {
		change_rollback(&c);
		return SURVEY_STALE;
	}
	if (rc != DB_ROW && rc != DB_DONE) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	change_audit(&c, f->version ? "update" : "create", "questionnaires", f->id, 0,
	             "name,audience,anonymous,trigger,expiry_days,yearly_day,yearly_month", NULL);
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}

/* ---- questions, versioned ------------------------------------------------------------------ */

/* Copies the current version's questions to a new one: 0 (and *map_to the
 * copy of question `map`), -1. */
static int copy_version(db *d, int64_t qid, int from, int64_t map, int64_t *map_to)
{
	db_stmt *s = db_prepare(d, "INSERT INTO survey_questions(questionnaire_id,qversion,position,kind,statement,wording,"
	                           "easy_read,options,required) SELECT questionnaire_id,?2+1,position,kind,statement,wording,"
	                           "easy_read,options,required FROM survey_questions WHERE questionnaire_id=?1 AND qversion=?2 "
	                           "ORDER BY position");
	if (!s)
		return -1;
	db_bind_int(s, 1, qid);
	db_bind_int(s, 2, from);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	s = db_prepare(d, "UPDATE questionnaires SET current_qversion=?2, version=version+1 WHERE id=?1");
	if (!s)
		return -1;
	db_bind_int(s, 1, qid);
	db_bind_int(s, 2, from + 1);
	rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	*map_to = 0;
	if (!map)
		return 0;
	s = db_prepare(d, "SELECT n.id FROM survey_questions o JOIN survey_questions n ON n.questionnaire_id=o.questionnaire_id "
	                  "AND n.qversion=o.qversion+1 AND n.position=o.position WHERE o.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, map);
	rc = db_step(s);
	if (rc == DB_ROW)
		*map_to = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

/* The question's questionnaire version, or 0 when it is not the current
 * version's question of qid; -1 on error. */
static int question_current(db *d, int64_t qid, int64_t question_id, int64_t *version)
{
	db_stmt *s = db_prepare(d, "SELECT s.version FROM survey_questions s JOIN questionnaires q ON q.id=s.questionnaire_id "
	                           "AND q.current_qversion=s.qversion WHERE s.id=? AND q.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, question_id);
	db_bind_int(s, 2, qid);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*version = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Begins the change of a questionnaire's questions: copies them to a new
 * version first when the current one has answers.  *question_id follows the
 * copy.  SURVEY_OK with the change open, or a refusal with it closed. */
static int begin_edit(db *d, const struct actor *who, struct change *c, int64_t qid, int64_t *question_id,
                      int64_t question_version, int *copied)
{
	*copied = 0;
	struct sq_form f;
	int rc = survey_load(d, qid, &f);
	if (rc)
		return rc;
	if (*question_id) {
		int64_t v = 0;
		int k = question_current(d, qid, *question_id, &v);
		if (k < 0)
			return SURVEY_ERROR;
		if (!k)
			return SURVEY_NOT_FOUND;
		if (v != question_version)
			return SURVEY_STALE;
	}
	if (change_begin_beside(c, d, who) < 0)
		return SURVEY_ERROR;
	if (f.responses_now > 0) {
		int64_t to = 0;
		if (copy_version(d, qid, f.qversion, *question_id, &to) < 0) {
			change_rollback(c);
			return SURVEY_ERROR;
		}
		*question_id = to;
		*copied = 1;
	}
	return SURVEY_OK;
}

int survey_question_save(db *d, const struct actor *who, int64_t qid, int64_t question_id, int64_t question_version,
                         const struct sq_edit *q, struct errs *err, int *copied)
{
	*copied = 0;
	sq_question_check(q->kind, q->wording, q->statement, q->options, err);
	if (q->easy_read && utf8_chars(q->easy_read) > SQ_WORDING_MAX)
		errs_add(err, "easy_read", "Easy-read wording must be %d characters or fewer", SQ_WORDING_MAX);
	if (err->n)
		return SURVEY_INVALID;
	struct change c;
	int64_t id = question_id;
	int rc = begin_edit(d, who, &c, qid, &id, question_version, copied);
	if (rc)
		return rc;
	const char *statement = q->statement && *q->statement ? q->statement : q->wording;
	int choice = q->kind == SQ_SINGLE || q->kind == SQ_MULTIPLE;
	db_stmt *s;
	if (id)
		s = db_prepare(d, "UPDATE survey_questions SET kind=?1,statement=?2,wording=?3,easy_read=?4,options=?5,"
		                  "required=?6,version=version+1 WHERE id=?7");
	else
		s = db_prepare(d, "INSERT INTO survey_questions(kind,statement,wording,easy_read,options,required,"
		                  "questionnaire_id,qversion,position) SELECT ?1,?2,?3,?4,?5,?6,q.id,q.current_qversion,"
		                  "COALESCE((SELECT max(position) FROM survey_questions s WHERE s.questionnaire_id=q.id AND "
		                  "s.qversion=q.current_qversion),0)+1 FROM questionnaires q WHERE q.id=?7 RETURNING id");
	if (!s) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	db_bind_text(s, 1, sq_kind_code(q->kind));
	db_bind_text(s, 2, statement);
	db_bind_text(s, 3, q->wording);
	db_bind_opt_text(s, 4, q->easy_read && *q->easy_read ? q->easy_read : NULL);
	db_bind_opt_text(s, 5, choice ? q->options : NULL);
	db_bind_int(s, 6, q->required ? 1 : 0);
	db_bind_int(s, 7, id ? id : qid);
	int step = db_step(s);
	if (!id && step == DB_ROW)
		id = db_col_int(s, 0);
	db_done(s);
	if (step != DB_ROW && step != DB_DONE) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	change_audit(&c, question_id ? "update" : "create", "survey-questions", id, 0,
	             *copied ? "kind,statement,wording,easy_read,options,required,qversion" :
	                       "kind,statement,wording,easy_read,options,required", NULL);
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}

/* The question next to question_id in its version (dir -1 before, +1 after): 1 and its id, 0 none, -1. */
static int neighbour(db *d, int64_t question_id, int dir, int64_t *other, int *pos, int *other_pos)
{
	db_stmt *s = db_prepare(d, dir < 0 ?
		"SELECT o.id, o.position, m.position FROM survey_questions m JOIN survey_questions o ON o.questionnaire_id="
		"m.questionnaire_id AND o.qversion=m.qversion AND o.position<m.position WHERE m.id=? ORDER BY o.position DESC LIMIT 1" :
		"SELECT o.id, o.position, m.position FROM survey_questions m JOIN survey_questions o ON o.questionnaire_id="
		"m.questionnaire_id AND o.qversion=m.qversion AND o.position>m.position WHERE m.id=? ORDER BY o.position LIMIT 1");
	if (!s)
		return -1;
	db_bind_int(s, 1, question_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*other = db_col_int(s, 0);
		*other_pos = (int)db_col_int(s, 1);
		*pos = (int)db_col_int(s, 2);
	}
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int set_position(db *d, int64_t id, int pos)
{
	db_stmt *s = db_prepare(d, "UPDATE survey_questions SET position=?, version=version+1 WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, pos);
	db_bind_int(s, 2, id);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int survey_question_move(db *d, const struct actor *who, int64_t qid, int64_t question_id, int64_t question_version,
                         int dir, int *moved, int *copied)
{
	*moved = *copied = 0;
	int64_t id = question_id, other = 0;
	int pos = 0, opos = 0;
	if (!id)
		return SURVEY_NOT_FOUND;
	/* nothing to change places with: no change (and no new version) */
	int64_t v = 0;
	int k = question_current(d, qid, id, &v);
	if (k <= 0)
		return k < 0 ? SURVEY_ERROR : SURVEY_NOT_FOUND;
	if (v != question_version)
		return SURVEY_STALE;
	k = neighbour(d, id, dir, &other, &pos, &opos);
	if (k <= 0)
		return k < 0 ? SURVEY_ERROR : SURVEY_OK;
	struct change c;
	int rc = begin_edit(d, who, &c, qid, &id, question_version, copied);
	if (rc)
		return rc;
	/* in a copied version the neighbour is its copy: found again by position */
	if (neighbour(d, id, dir, &other, &pos, &opos) != 1) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	/* positions are unique in a version: one past the last while they swap */
	int64_t top = db_scalar_int(d, "SELECT max(position) FROM survey_questions", 0);
	if (set_position(d, id, (int)top + 1) < 0 || set_position(d, other, pos) < 0 || set_position(d, id, opos) < 0) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	change_audit(&c, "update", "survey-questions", id, 0, "position", NULL);
	*moved = 1;
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}

int survey_question_remove(db *d, const struct actor *who, int64_t qid, int64_t question_id, int64_t question_version,
                           int *copied)
{
	struct change c;
	int64_t id = question_id;
	if (!id)
		return SURVEY_NOT_FOUND;
	int rc = begin_edit(d, who, &c, qid, &id, question_version, copied);
	if (rc)
		return rc;
	/* positions keep their gaps: pages number the questions in order */
	db_stmt *s = db_prepare(d, "DELETE FROM survey_questions WHERE id=?");
	int ok = s != NULL;
	if (s) {
		db_bind_int(s, 1, id);
		ok = db_step(s) == DB_DONE;
		db_done(s);
	}
	if (!ok) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	change_audit(&c, "delete", "survey-questions", id, 0, NULL, NULL);
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}

/* ---- ready-made questionnaires ---------------------------------------------------------- */

const char *const survey_ready_made_keys[5][2] = {
	{"thurrock_parent", "Parents' and carers' feedback on the EHC plan (five statements)"},
	{"young_people", "Young people's survey"},
	{"young_people_easy", "Young people's survey (easy read)"},
	{"settings", "Education settings' feedback on the EHC plan"},
	{"annual_parent", "Annual parent and carer survey"},
};

struct rm_q { int kind; const char *statement, *wording, *easy, *options; int required; };
struct rm { const char *key, *audience, *trigger; int anonymous; const struct rm_q *q; int n; };

/* Thurrock's SEND improvement plan: "% of parents/carers who report on the
 * feedback form that" these five (docs/surveys.md). */
static const struct rm_q thurrock[] = {
	{SQ_LIKERT, "Fully involved in the process", "I felt fully involved in the process", NULL, NULL, 1},
	{SQ_LIKERT, "Communication was good", "I felt the communication was good", NULL, NULL, 1},
	{SQ_LIKERT, "Plan reflects needs", "I felt the EHC plan accurately reflected my child's or young person's needs", NULL, NULL, 1},
	{SQ_LIKERT, "Outcomes were good", "I felt the outcomes were good", NULL, NULL, 1},
	{SQ_LIKERT, "Provision will meet needs", "I felt the provision would meet my child's or young person's needs", NULL, NULL, 1},
	{SQ_TEXT, "Anything else", "Is there anything else you would like to tell us?", NULL, NULL, 0},
};
static const struct rm_q young[] = {
	{SQ_LIKERT, "Listened to", "People listened to what I had to say about my plan", "People listened to me", NULL, 1},
	{SQ_LIKERT, "Plan is about me", "My plan describes me, what I am good at and what I find hard", "My plan is about me", NULL, 1},
	{SQ_LIKERT, "Help is working", "The help in my plan is helping me", "The help I get is good", NULL, 1},
	{SQ_YESNO, "Know who to ask", "Do you know who to ask if you want something in your plan to change?",
	 "Do you know who to ask for help?", NULL, 1},
	{SQ_MULTIPLE, "Who helped", "Who helped you answer these questions?", "Who helped you?",
	 "Nobody, I answered myself\nA parent or carer\nSomeone at school or college\nSomeone else", 0},
	{SQ_TEXT, "Anything else", "What else would you like to tell us?", "Tell us anything else", NULL, 0},
};
static const struct rm_q settings_q[] = {
	{SQ_LIKERT, "Plan reflects needs", "The EHC plan accurately reflected the child's or young person's needs", NULL, NULL, 1},
	{SQ_LIKERT, "Outcomes were clear", "The outcomes in the EHC plan were clear", NULL, NULL, 1},
	{SQ_LIKERT, "Improves access and progress",
	 "The EHC plan will improve access to teaching and learning, and improve progress", NULL, NULL, 1},
	{SQ_SINGLE, "Setting type", "What kind of setting are you?", NULL,
	 "Early years\nMainstream school\nSpecial school\nFurther education college\nOther", 1},
	{SQ_TEXT, "Anything else", "Is there anything else you would like to tell us about the plan?", NULL, NULL, 0},
};
static const struct rm_q annual[] = {
	{SQ_LIKERT, "Fully involved in the review", "I was fully involved in the annual review", NULL, NULL, 1},
	{SQ_LIKERT, "Satisfied with the outcome", "I was satisfied with the outcome of the review", NULL, NULL, 1},
	{SQ_LIKERT, "Involved in preparing for adulthood",
	 "I was fully involved in planning the move to adult life (from year 9)", NULL, NULL, 0},
	{SQ_LIKERT, "Communication was good", "Communication with the SEND service was good this year", NULL, NULL, 1},
	{SQ_YESNO, "Know who the caseworker is", "Do you know who your child's SEND caseworker is?", NULL, NULL, 1},
	{SQ_TEXT, "What would improve", "What one thing would most improve the service for your family?", NULL, NULL, 0},
};

#define RM(k, aud, trig, anon, arr) {k, aud, trig, anon, arr, (int)(sizeof arr / sizeof arr[0])}
static const struct rm ready[] = {
	RM("thurrock_parent", "parent", "plan_issued", 0, thurrock),
	RM("young_people", "young_person", "annual_review", 1, young),
	RM("young_people_easy", "young_person", "annual_review", 1, young),
	RM("settings", "setting", "plan_issued", 0, settings_q),
	RM("annual_parent", "parent", "yearly", 1, annual),
};

static int rm_index(const char *key)
{
	for (int i = 0; i < 5; i++)
		if (!strcmp(key, ready[i].key))
			return i;
	return -1;
}

int survey_ready_made_insert(db *d, const char *key, const char *created_at, int64_t *id)
{
	*id = 0;
	int k = rm_index(key);
	if (k < 0)
		return SURVEY_NOT_FOUND;
	db_stmt *s = db_prepare(d, "SELECT id FROM questionnaires WHERE ready_made=?");
	if (!s)
		return SURVEY_ERROR;
	db_bind_text(s, 1, key);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	if (rc == DB_ROW)
		return 1;
	if (rc != DB_DONE)
		return SURVEY_ERROR;
	s = db_prepare(d, "INSERT INTO questionnaires(name,audience,anonymous,send_trigger,expiry_days,ready_made,created_at) "
	                  "VALUES(?,?,?,?,28,?,?) RETURNING id");
	if (!s)
		return SURVEY_ERROR;
	db_bind_text(s, 1, survey_ready_made_keys[k][1]);
	db_bind_text(s, 2, ready[k].audience);
	db_bind_int(s, 3, ready[k].anonymous);
	db_bind_text(s, 4, ready[k].trigger);
	db_bind_text(s, 5, key);
	db_bind_text(s, 6, created_at);
	rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	if (rc != DB_ROW)
		return SURVEY_ERROR;
	int easy = !strcmp(key, "young_people_easy");
	for (int i = 0; i < ready[k].n; i++) {
		const struct rm_q *q = &ready[k].q[i];
		s = db_prepare(d, "INSERT INTO survey_questions(questionnaire_id,qversion,position,kind,statement,wording,easy_read,"
		                  "options,required) VALUES(?,1,?,?,?,?,?,?,?)");
		if (!s)
			return SURVEY_ERROR;
		db_bind_int(s, 1, *id);
		db_bind_int(s, 2, i + 1);
		db_bind_text(s, 3, sq_kind_code(q->kind));
		db_bind_text(s, 4, q->statement);
		db_bind_text(s, 5, easy && q->easy ? q->easy : q->wording);
		db_bind_opt_text(s, 6, easy ? NULL : q->easy);
		db_bind_opt_text(s, 7, q->options);
		db_bind_int(s, 8, q->required);
		rc = db_step(s);
		db_done(s);
		if (rc != DB_DONE)
			return SURVEY_ERROR;
	}
	return SURVEY_OK;
}

int survey_ready_made(db *d, const struct actor *who, const char *key, int64_t *id)
{
	if (rm_index(key) < 0)
		return SURVEY_NOT_FOUND;
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return SURVEY_ERROR;
	char at[32];
	now_iso(who->now, at);
	int rc = survey_ready_made_insert(d, key, at, id);
	if (rc == 1) {   /* loaded before */
		change_rollback(&c);
		return SURVEY_OK;
	}
	if (rc) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	change_audit(&c, "create", "questionnaires", *id, 0, "ready_made", NULL);
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}

/* ---- sending -------------------------------------------------------------------------------- */

static void hash_token(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* One invitation (token NULL: paper).  0 made, 1 made before (dedupe), -1. */
static int invite(db *d, const struct actor *who, const struct sq_form *f, int64_t person, int64_t contact,
                  const char *reason, const char *key, const char *token, int64_t *id)
{
	/* a settings' questionnaire goes to a setting's contact (contacts), not a family contact */
	int setting = !strcmp(f->audience, "setting");
	char sent[11], exp[11], th[65];
	date_format_iso(who->today, sent);
	date_format_iso(date_add_days(who->today, f->expiry_days), exp);
	if (token)
		hash_token(token, th);
	db_stmt *s = db_prepare(d, "INSERT INTO survey_invitations(questionnaire_id,qversion,person_id,contact_id,channel,"
	                           "reason,dedupe_key,token_hash,sent_on,expires_on,created_by,setting_contact_id) "
	                           "VALUES(?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(dedupe_key) DO NOTHING RETURNING id");
	if (!s)
		return -1;
	db_bind_int(s, 1, f->id);
	db_bind_int(s, 2, f->qversion);
	if (person)
		db_bind_int(s, 3, person);
	else
		db_bind_null(s, 3);
	if (contact && !setting)
		db_bind_int(s, 4, contact);
	else
		db_bind_null(s, 4);
	if (contact && setting)
		db_bind_int(s, 12, contact);
	else
		db_bind_null(s, 12);
	db_bind_text(s, 5, token ? "email" : "paper");
	db_bind_text(s, 6, reason);
	db_bind_text(s, 7, key);
	db_bind_opt_text(s, 8, token ? th : NULL);
	db_bind_text(s, 9, sent);
	db_bind_text(s, 10, exp);
	if (who->user_id)
		db_bind_int(s, 11, who->user_id);
	else
		db_bind_null(s, 11);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* Sends to one child's consenting contacts inside the open change c. */
static int send_child(db *d, struct change *c, const struct sq_form *f, int64_t person, const char *reason,
                      const char *event, int *sent)
{
	db_stmt *s = db_prepare(d, !strcmp(f->audience, "setting") ?
		/* the child's current setting's contact: a SENCO first, then the first recorded */
		"SELECT k.id,k.email,k.name,'' FROM placements pl JOIN contacts k ON k.establishment_id=pl.establishment_id "
		"WHERE pl.id=(SELECT id FROM placements WHERE person_id=? AND end_date IS NULL ORDER BY rank LIMIT 1) "
		"AND k.email_off IS NULL AND k.email<>'' ORDER BY (lower(k.name || ' ' || COALESCE(k.job_title,'')) LIKE '%senco%' OR "
		"lower(COALESCE(k.job_title,'')) LIKE '%needs co-ordinator%') DESC, k.id LIMIT 1" :
		"SELECT k.id,k.email,COALESCE(k.forename,''),COALESCE(k.surname,'') FROM person_contacts k "
		"WHERE k.person_id=? AND k.email IS NOT NULL AND k.email<>'' AND EXISTS (SELECT 1 FROM "
		"person_consents g WHERE g.person_id=k.person_id AND g.given_by_contact_id=k.id AND g.withdrawn_date IS NULL) "
		"ORDER BY k.id LIMIT 20");
	if (!s)
		return -1;
	db_bind_int(s, 1, person);
	struct { int64_t id; char email[256], name[128]; } to[20];
	int n = 0, rc;
	while ((rc = db_step(s)) == DB_ROW && n < 20) {
		to[n].id = db_col_int(s, 0);
		snprintf(to[n].email, sizeof to[n].email, "%s", db_col_text(s, 1));
		snprintf(to[n].name, sizeof to[n].name, "%s%s%s", db_col_text(s, 2), *db_col_text(s, 3) ? " " : "",
		         db_col_text(s, 3));
		n++;
	}
	db_done(s);
	if (rc != DB_DONE && rc != DB_ROW)
		return -1;
	for (int i = 0; i < n; i++) {
		char key[160], token[SQ_TOKEN_LEN + 1];
		unsigned char rnd[32];
		randombytes_buf(rnd, sizeof rnd);
		sq_token_encode(rnd, token);
		snprintf(key, sizeof key, "survey:%lld:%s:%s:%s%lld", (long long)f->id, reason, event,
		         strcmp(f->audience, "setting") ? "" : "s", (long long)to[i].id);
		int64_t inv = 0;
		int k = invite(d, &c->who, f, person, to[i].id, reason, key, token, &inv);
		if (k < 0)
			return -1;
		if (k == 1)
			continue;
		char path[64], link[512], ref[32], exp[40], okey[180];
		snprintf(path, sizeof path, "/s/%s", token);
		mail_link(path, link, sizeof link);
		case_ref(person, ref, sizeof ref);
		date_format_long(date_add_days(c->who.today, f->expiry_days), exp, sizeof exp);
		struct tmpl_val v[] = {{"contact_name", to[i].name}, {"survey_name", f->name}, {"link", link},
		                       {"expires", exp}, {"anonymous", f->anonymous ? "Your answers are anonymous: we cannot tell who gave them." :
		                                       !strcmp(f->audience, "setting") ? "Your answers are kept with the child's record, so we can act on them." :
		                                                                      "Your answers are kept with your child's record, so we can act on them."}};
		snprintf(okey, sizeof okey, "survey-invitation:%lld", (long long)inv);
		char err[300];
		struct outbox_msg m = {okey, "survey_invitation", to[i].email, to[i].name, 0, 0, person, 0};
		if (outbox_queue(d, &m, v, (int)(sizeof v / sizeof v[0]), c->who.now, err, sizeof err) == OUTBOX_ERROR) {
			log_info("survey: %s (invitation %lld)", err, (long long)inv);
			return -1;
		}
		if (change_audit(c, "create", "survey-invitations", inv, person, "questionnaire,reason,channel", NULL) < 0)
			return -1;
		(*sent)++;
	}
	return 0;
}

int survey_send_child(db *d, const struct actor *who, int64_t qid, int64_t person_id, const char *reason,
                      const char *event, int *sent)
{
	*sent = 0;
	struct sq_form f;
	int rc = survey_load(d, qid, &f);
	if (rc)
		return rc;
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return SURVEY_ERROR;
	if (send_child(d, &c, &f, person_id, reason, event, sent) < 0) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}

/* ---- a chosen group ------------------------------------------------------------------------- */

int survey_group_children(db *d, const struct sq_group_filter *f, int cap, int64_t **ids, int *n)
{
	*ids = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, "SELECT p.person_id FROM plans p "
	                           "LEFT JOIN allocations a ON a.person_id=p.person_id AND a.end_date IS NULL "
	                           "LEFT JOIN users u ON u.id=a.user_id "
	                           "LEFT JOIN needs n ON n.person_id=p.person_id AND n.rank=1 "
	                           "LEFT JOIN placements pl ON pl.id=(SELECT id FROM placements WHERE person_id=p.person_id "
	                           "AND end_date IS NULL ORDER BY rank LIMIT 1) "
	                           "LEFT JOIN establishments e ON e.id=pl.establishment_id "
	                           "WHERE p.status='active' AND (?1='' OR u.team=?1) AND (?2='' OR e.phase=?2) "
	                           "AND (?3='' OR n.sen_type=?3) ORDER BY p.person_id LIMIT ?4");
	if (!s)
		return -1;
	db_bind_text(s, 1, f->team);
	db_bind_text(s, 2, f->phase);
	db_bind_text(s, 3, f->need);
	db_bind_int(s, 4, (int64_t)cap + 1);
	int rc, have = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(*ids, have, *n + 1, 256) < 0) {
			rc = -1;
			break;
		}
		(*ids)[(*n)++] = db_col_int(s, 0);
	}
	db_done(s);
	if (rc != DB_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* A group send's dedupe keys for questionnaire qid start with this. */
static void group_prefix(int64_t qid, char *out, size_t n)
{
	snprintf(out, n, "survey:%lld:manual:group:%%", (long long)qid);
}

int survey_group_preview(db *d, int64_t qid, const int64_t *ids, int n, struct sq_send_plan *p)
{
	memset(p, 0, sizeof *p);
	p->children = n;
	char prefix[80];
	group_prefix(qid, prefix, sizeof prefix);
	struct sq_form f;
	int rc = survey_load(d, qid, &f);
	if (rc)
		return rc;
	db_stmt *s = db_prepare(d, !strcmp(f.audience, "setting") ?
		"SELECT EXISTS (SELECT 1 FROM survey_invitations WHERE person_id=?1 AND questionnaire_id=?2 AND dedupe_key LIKE ?3), "
		"EXISTS (SELECT 1 FROM placements pl JOIN contacts k ON k.establishment_id=pl.establishment_id WHERE pl.id="
		"(SELECT id FROM placements WHERE person_id=?1 AND end_date IS NULL ORDER BY rank LIMIT 1) AND "
		"k.email_off IS NULL AND k.email<>'')" :
		"SELECT EXISTS (SELECT 1 FROM survey_invitations WHERE person_id=?1 AND questionnaire_id=?2 "
		"AND dedupe_key LIKE ?3), (SELECT count(*) FROM person_contacts k WHERE k.person_id=?1 AND "
		"k.email IS NOT NULL AND k.email<>'' AND EXISTS (SELECT 1 FROM person_consents g WHERE "
		"g.person_id=k.person_id AND g.given_by_contact_id=k.id AND g.withdrawn_date IS NULL))");
	if (!s)
		return -1;
	for (int i = 0; i < n; i++) {
		db_reset(s);
		db_bind_int(s, 1, ids[i]);
		db_bind_int(s, 2, qid);
		db_bind_text(s, 3, prefix);
		if (db_step(s) != DB_ROW) {
			db_done(s);
			return -1;
		}
		long k = (long)db_col_int(s, 1);
		if (db_col_int(s, 0))
			p->before++;
		else if (!k)
			p->unreachable++;
		else {
			p->reached++;
			p->emails += k > 20 ? 20 : k;
		}
	}
	db_done(s);
	return 0;
}

int survey_send_group(db *d, const struct actor *who, int64_t qid, const int64_t *ids, int n, int *children, int *sent)
{
	*children = *sent = 0;
	struct sq_form f;
	int rc = survey_load(d, qid, &f);
	if (rc)
		return rc;
	char prefix[80];
	group_prefix(qid, prefix, sizeof prefix);
	for (int at = 0; at < n; at += 100) {
		struct change c;
		if (change_begin_beside(&c, d, who) < 0)
			return SURVEY_ERROR;
		c.quiet = 1;
		for (int i = at; i < n && i < at + 100; i++) {
			/* once per child: a child sent it by a group send before is left out */
			db_stmt *s = db_prepare(d, "SELECT 1 FROM survey_invitations WHERE person_id=? AND questionnaire_id=? AND "
			                           "dedupe_key LIKE ?");
			if (!s) {
				change_rollback(&c);
				return SURVEY_ERROR;
			}
			db_bind_int(s, 1, ids[i]);
			db_bind_int(s, 2, qid);
			db_bind_text(s, 3, prefix);
			int before = db_step(s);
			db_done(s);
			if (before == DB_ROW)
				continue;
			int k = 0;
			if (before != DB_DONE || send_child(d, &c, &f, ids[i], "manual", "group", &k) < 0) {
				change_rollback(&c);
				return SURVEY_ERROR;
			}
			*sent += k;
			*children += k > 0;
		}
		if (change_commit(&c) < 0)
			return SURVEY_ERROR;
	}
	return SURVEY_OK;
}

/* Yearly questionnaires whose day this year is within the `days` days up to
 * today: every child with an active plan not yet sent it this year (event
 * "yYEAR"), 200 children a change.  Invitations made, or -1. */
static int send_yearly(db *d, const struct actor *who, int days)
{
	int64_t qids[50];
	int nq = 0, rc, total = 0;
	db_stmt *s = db_prepare(d, "SELECT id FROM questionnaires WHERE send_trigger='yearly' ORDER BY id LIMIT 50");
	if (!s)
		return -1;
	while ((rc = db_step(s)) == DB_ROW)
		qids[nq++] = db_col_int(s, 0);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	int year, m, dd;
	date_to_ymd(who->today, &year, &m, &dd);
	for (int q = 0; q < nq; q++) {
		struct sq_form f;
		if (survey_load(d, qids[q], &f))
			return -1;
		day_t on;
		if (date_from_ymd(year, f.yearly_month, f.yearly_day, &on) != 0)
			continue;   /* 29 February is refused when saved; a day that is not this year's is skipped */
		if (on > who->today || on < date_add_days(who->today, -days))
			continue;
		char event[16], like[80];
		snprintf(event, sizeof event, "y%d", year);
		snprintf(like, sizeof like, "survey:%lld:yearly:%s:%%", (long long)f.id, event);
		/* the children not sent it this year, 200 a change, walked by id */
		int64_t after = 0;
		for (;;) {
			/* only children with someone to send to, so a later run in the window finds none left */
			s = db_prepare(d, !strcmp(f.audience, "setting") ?
				"SELECT p.person_id FROM plans p WHERE p.status='active' AND p.person_id>?3 AND NOT EXISTS "
				"(SELECT 1 FROM survey_invitations i WHERE i.person_id=p.person_id AND i.questionnaire_id=?1 "
				"AND i.dedupe_key LIKE ?2) AND EXISTS (SELECT 1 FROM placements pl JOIN contacts k ON "
				"k.establishment_id=pl.establishment_id WHERE pl.id=(SELECT id FROM placements WHERE "
				"person_id=p.person_id AND end_date IS NULL ORDER BY rank LIMIT 1) AND k.email_off IS NULL AND "
				"k.email<>'') ORDER BY p.person_id LIMIT 200" :
				"SELECT p.person_id FROM plans p WHERE p.status='active' AND p.person_id>?3 AND NOT EXISTS "
				"(SELECT 1 FROM survey_invitations i WHERE i.person_id=p.person_id AND i.questionnaire_id=?1 "
				"AND i.dedupe_key LIKE ?2) AND EXISTS (SELECT 1 FROM person_contacts k JOIN person_consents g ON "
				"g.person_id=k.person_id AND g.given_by_contact_id=k.id AND g.withdrawn_date IS NULL WHERE "
				"k.person_id=p.person_id AND k.email IS NOT NULL AND k.email<>'') ORDER BY p.person_id LIMIT 200");
			if (!s)
				return -1;
			db_bind_int(s, 1, f.id);
			db_bind_text(s, 2, like);
			db_bind_int(s, 3, after);
			int64_t kids[200];
			int n = 0;
			while ((rc = db_step(s)) == DB_ROW && n < 200)
				kids[n++] = db_col_int(s, 0);
			db_done(s);
			if (rc != DB_DONE && rc != DB_ROW)
				return -1;
			if (!n)
				break;
			after = kids[n - 1];
			struct change c;
			if (change_begin_beside(&c, d, who) < 0)
				return -1;
			c.quiet = 1;
			for (int i = 0; i < n; i++)
				if (send_child(d, &c, &f, kids[i], "yearly", event, &total) < 0) {
					change_rollback(&c);
					return -1;
				}
			if (change_commit(&c) < 0)
				return -1;
		}
	}
	return total;
}

int survey_send_due(db *d, const struct actor *who, int days)
{
	char from[11], to[11];
	date_format_iso(date_add_days(who->today, -days), from);
	date_format_iso(who->today, to);
	/* each triggered questionnaire, then the events since `from` */
	static const char *const events[2][2] = {
		/* a plan issued (finalised, or recorded as issued: plans.issue_date), or an amended plan
		 * finalised (plan_versions.final_date; its id negative); each part in its index's order, said
		 * (SQLite's plan is the same, with no sort), so every store sends in the same order */
		{"plan_issued", "SELECT id, person_id FROM (SELECT id, person_id FROM plans WHERE issue_date BETWEEN ?1 AND ?2 "
		                "ORDER BY issue_date, id) AS i UNION ALL SELECT id, person_id FROM (SELECT -v.id AS id, p.person_id "
		                "FROM plan_versions v JOIN plans p ON p.id=v.plan_id WHERE v.final_date BETWEEN ?1 AND ?2 "
		                "AND v.amendment=1 ORDER BY v.final_date, v.id) AS a LIMIT 5000"},
		{"annual_review", "SELECT r.id, p.person_id FROM reviews r JOIN plans p ON p.id=r.plan_id "
		                  "WHERE r.decision_date BETWEEN ?1 AND ?2 ORDER BY r.decision_date, r.id LIMIT 5000"}};
	int total = 0;
	for (int e = 0; e < 2; e++) {
		int64_t qids[50];
		int nq = 0, rc;
		db_stmt *s = db_prepare(d, "SELECT id FROM questionnaires WHERE send_trigger=? ORDER BY id LIMIT 50");
		if (!s)
			return -1;
		db_bind_text(s, 1, events[e][0]);
		while ((rc = db_step(s)) == DB_ROW)
			qids[nq++] = db_col_int(s, 0);
		db_done(s);
		if (rc != DB_DONE)
			return -1;
		if (!nq)
			continue;
		s = db_prepare(d, events[e][1]);
		if (!s)
			return -1;
		db_bind_text(s, 1, from);
		db_bind_text(s, 2, to);
		int64_t *ev = NULL;
		int n = 0, cap = 0;
		while ((rc = db_step(s)) == DB_ROW) {
			if (ARRAY_RESERVE(ev, cap, n + 2, 64) < 0) {
				rc = -1;
				break;
			}
			ev[n++] = db_col_int(s, 0);
			ev[n++] = db_col_int(s, 1);
		}
		db_done(s);
		if (rc != DB_DONE) {
			free(ev);
			return -1;
		}
		for (int q = 0; q < nq; q++) {
			struct sq_form f;
			if (survey_load(d, qids[q], &f)) {
				free(ev);
				return -1;
			}
			struct change c;
			if (change_begin_beside(&c, d, who) < 0) {
				free(ev);
				return -1;
			}
			c.quiet = 1;
			for (int i = 0; i < n; i += 2) {
				char event[32];
				snprintf(event, sizeof event, "%s%lld", ev[i] < 0 ? "v" : e ? "r" : "p", (long long)(ev[i] < 0 ? -ev[i] : ev[i]));
				if (send_child(d, &c, &f, ev[i + 1], events[e][0], event, &total) < 0) {
					change_rollback(&c);
					free(ev);
					return -1;
				}
			}
			if (change_commit(&c) < 0) {
				free(ev);
				return -1;
			}
		}
		free(ev);
	}
	int y = send_yearly(d, who, days);
	return y < 0 ? -1 : total + y;
}

int survey_paper(db *d, const struct actor *who, int64_t qid, int64_t person_id, int64_t *invitation_id)
{
	struct sq_form f;
	int rc = survey_load(d, qid, &f);
	if (rc)
		return rc;
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return SURVEY_ERROR;
	char key[96];
	unsigned char rnd[8];
	randombytes_buf(rnd, sizeof rnd);
	char hex[17];
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	snprintf(key, sizeof key, "survey:%lld:paper:%s", (long long)qid, hex);
	if (invite(d, who, &f, person_id, 0, "manual", key, NULL, invitation_id) != 0) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	change_audit(&c, "create", "survey-invitations", *invitation_id, person_id, "questionnaire,channel", NULL);
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}

/* ---- answering ------------------------------------------------------------------------------ */

static int open_where(db *d, const char *sql, int64_t id, const char *hash, day_t today, struct sq_open *o)
{
	memset(o, 0, sizeof *o);
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	if (hash)
		db_bind_text(s, 1, hash);
	else
		db_bind_int(s, 1, id);
	int rc = db_step(s), used = 0;
	if (rc == DB_ROW) {
		o->invitation_id = db_col_int(s, 0);
		o->qid = db_col_int(s, 1);
		o->qversion = (int)db_col_int(s, 2);
		o->person_id = db_col_int(s, 3);
		used = (int)db_col_int(s, 4);
		snprintf(o->expires_on, sizeof o->expires_on, "%s", db_col_text(s, 5));
		o->anonymous = (int)db_col_int(s, 6);
		snprintf(o->name, sizeof o->name, "%s", db_col_text(s, 7));
		snprintf(o->audience, sizeof o->audience, "%s", db_col_text(s, 8));
	}
	db_done(s);
	if (rc == DB_DONE)
		return TOKEN_UNKNOWN;
	if (rc != DB_ROW)
		return -1;
	if (used)
		return TOKEN_USED;
	char t[11];
	date_format_iso(today, t);
	if (strcmp(t, o->expires_on) > 0)
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}

#define OPEN_SQL "SELECT i.id,i.questionnaire_id,i.qversion,COALESCE(i.person_id,0),i.used,i.expires_on,q.anonymous," \
	"q.name,q.audience FROM survey_invitations i JOIN questionnaires q ON q.id=i.questionnaire_id "

int survey_token_open(db *d, const char *token, day_t today, struct sq_open *o)
{
	memset(o, 0, sizeof *o);
	if (!sq_token_shape(token))
		return TOKEN_UNKNOWN;
	char h[65];
	hash_token(token, h);
	return open_where(d, OPEN_SQL "WHERE i.token_hash=?", 0, h, today, o);
}

int survey_paper_open(db *d, int64_t invitation_id, day_t today, struct sq_open *o)
{
	return open_where(d, OPEN_SQL "WHERE i.id=? AND i.channel='paper'", invitation_id, NULL, today, o);
}

int survey_respond(db *d, const struct actor *who, const struct sq_open *o, const struct sq_questions *qs,
                   char *const *answers, int paper)
{
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return SURVEY_ERROR;
	char day[11];
	date_format_iso(who->today, day);
	/* the invitation, used: its own statement, naming no response */
	db_stmt *s = db_prepare(d, "UPDATE survey_invitations SET used=1, used_on=? WHERE id=? AND used=0");
	if (!s)
		goto fail;
	db_bind_text(s, 1, day);
	db_bind_int(s, 2, o->invitation_id);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		goto fail;
	if (db_changes(d) == 0) {
		change_rollback(&c);
		return TOKEN_USED;
	}
	/* the response: anonymous ones with a random id, no invitation, no child, the month only */
	int64_t rid = 0;
	if (o->anonymous) {
		uint64_t r;
		randombytes_buf(&r, sizeof r);
		rid = (int64_t)(r >> 12) + 1;   /* 52 bits */
	}
	char month[8];
	snprintf(month, sizeof month, "%.7s", day);
	/* with the random id, or (?7 NULL) the highest so far and one: SQLite's own choice of a rowid,
	 * said, so PostgreSQL (whose identity refuses a NULL id, and counts on its own) gives the same */
	s = db_prepare(d, "INSERT INTO survey_responses(id,questionnaire_id,qversion,invitation_id,person_id,answered_month,"
	                  "paper) VALUES(COALESCE(?7,(SELECT COALESCE(MAX(id),0)+1 FROM survey_responses)),?1,?2,?3,?4,?5,?6) "
	                  "RETURNING id");
	if (!s)
		goto fail;
	if (rid)
		db_bind_int(s, 7, rid);
	else
		db_bind_null(s, 7);
	db_bind_int(s, 1, o->qid);
	db_bind_int(s, 2, o->qversion);
	if (o->anonymous || !o->invitation_id) {
		db_bind_null(s, 3);
		db_bind_null(s, 4);
	} else {
		db_bind_int(s, 3, o->invitation_id);
		if (o->person_id)
			db_bind_int(s, 4, o->person_id);
		else
			db_bind_null(s, 4);
	}
	db_bind_text(s, 5, month);
	db_bind_int(s, 6, paper ? 1 : 0);
	rc = db_step(s);
	if (rc == DB_ROW)
		rid = db_col_int(s, 0);
	db_done(s);
	if (rc != DB_ROW)
		goto fail;
	for (int i = 0; i < qs->n; i++) {
		if (!answers[i] || !*answers[i])
			continue;
		s = db_prepare(d, "INSERT INTO survey_answers(response_id,question_id,value) VALUES(?,?,?)");
		if (!s)
			goto fail;
		db_bind_int(s, 1, rid);
		db_bind_int(s, 2, qs->q[i].id);
		db_bind_text(s, 3, answers[i]);
		rc = db_step(s);
		db_done(s);
		if (rc != DB_DONE)
			goto fail;
	}
	/* the audit row names the invitation (used), never the anonymous response */
	change_audit(&c, paper ? "paper" : "answer", "survey-invitations", o->invitation_id,
	             o->anonymous ? 0 : o->person_id, "used", NULL);
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
fail:
	change_rollback(&c);
	return SURVEY_ERROR;
}

/* ---- results -------------------------------------------------------------------------------- */

#define AGREE_SUM "sum(" SQ_AGREES_SQL ")"
#define ANSWERS_FROM "FROM survey_responses r JOIN survey_answers a ON a.response_id=r.id " \
	"JOIN survey_questions q ON q.id=a.question_id "
/* linked responses only: anonymous ones have no person_id */
#define LINKED_WHERE "WHERE r.questionnaire_id=? AND r.person_id IS NOT NULL AND q.kind IN ('likert','yesno') " \
	"GROUP BY q.statement, q.kind, 3 ORDER BY 6, q.statement, 3 LIMIT 2000"

int survey_results(db *d, int64_t qid, struct sq_results *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = db_prepare(d, "SELECT q.statement, q.kind, substr(r.answered_month,1,4), "
	                           "(CAST(substr(r.answered_month,6,2) AS INTEGER)+2)/3, count(*), " AGREE_SUM ", min(q.position) "
	                           ANSWERS_FROM "WHERE r.questionnaire_id=? AND q.kind IN ('likert','yesno') "
	                           "GROUP BY q.statement, q.kind, 3, 4 ORDER BY 7, q.statement, 3, 4 LIMIT 2000");
	if (!s)
		return -1;
	db_bind_int(s, 1, qid);
	int rc, cap = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(out->cells, cap, out->ncells + 1, 32) < 0) {
			rc = -1;
			break;
		}
		struct sq_cell *x = &out->cells[out->ncells++];
		snprintf(x->statement, sizeof x->statement, "%s", db_col_text(s, 0));
		x->kind = sq_kind_parse(db_col_text(s, 1));
		snprintf(x->quarter, sizeof x->quarter, "%.4s-Q%d", db_col_text(s, 2), (int)db_col_int(s, 3));
		x->n = (long)db_col_int(s, 4);
		x->agree = (long)db_col_int(s, 5);
	}
	db_done(s);
	if (rc != DB_DONE)
		goto fail;
	/* response rates: links emailed in a quarter, and how many of them were used */
	s = db_prepare(d, "SELECT substr(i.sent_on,1,4), (CAST(substr(i.sent_on,6,2) AS INTEGER)+2)/3, count(*), sum(i.used) "
	                  "FROM survey_invitations i WHERE i.questionnaire_id=? AND " SURVEY_LINKS_SENT_SQL " "
	                  "GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 400");
	if (!s)
		goto fail;
	db_bind_int(s, 1, qid);
	cap = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(out->rates, cap, out->nrates + 1, 16) < 0) {
			rc = -1;
			break;
		}
		struct sq_rate *x = &out->rates[out->nrates++];
		snprintf(x->quarter, sizeof x->quarter, "%.4s-Q%d", db_col_text(s, 0), (int)db_col_int(s, 1));
		x->sent = (long)db_col_int(s, 2);
		x->answered = (long)db_col_int(s, 3);
	}
	db_done(s);
	if (rc != DB_DONE)
		goto fail;
	s = db_prepare(d, "SELECT count(*) FROM survey_responses WHERE questionnaire_id=?");
	if (!s)
		goto fail;
	db_bind_int(s, 1, qid);
	if (db_step(s) == DB_ROW)
		out->responses = (long)db_col_int(s, 0);
	db_done(s);
	return 0;
fail:
	survey_results_free(out);
	return -1;
}

void survey_results_free(struct sq_results *r)
{
	free(r->cells);
	free(r->rates);
	memset(r, 0, sizeof *r);
}

int survey_breakdown(db *d, int64_t qid, int by, struct sq_groups *out)
{
	memset(out, 0, sizeof *out);
	static const char *const sql[2] = {
		"SELECT q.statement, q.kind, COALESCE(e.phase,''), count(*), " AGREE_SUM ", min(q.position) " ANSWERS_FROM
		"LEFT JOIN placements pl ON pl.id=(SELECT id FROM placements WHERE person_id=r.person_id AND end_date IS NULL "
		"ORDER BY rank LIMIT 1) LEFT JOIN establishments e ON e.id=pl.establishment_id " LINKED_WHERE,
		"SELECT q.statement, q.kind, COALESCE(n.sen_type,''), count(*), " AGREE_SUM ", min(q.position) " ANSWERS_FROM
		"LEFT JOIN needs n ON n.person_id=r.person_id AND n.rank=1 " LINKED_WHERE};
	db_stmt *s = db_prepare(d, sql[by == SQ_BY_NEED]);
	if (!s)
		return -1;
	db_bind_int(s, 1, qid);
	int rc, cap = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(out->g, cap, out->n + 1, 32) < 0) {
			rc = -1;
			break;
		}
		struct sq_group *x = &out->g[out->n++];
		snprintf(x->statement, sizeof x->statement, "%s", db_col_text(s, 0));
		x->kind = sq_kind_parse(db_col_text(s, 1));
		snprintf(x->group, sizeof x->group, "%s", db_col_text(s, 2));
		x->n = (long)db_col_int(s, 3);
		x->agree = (long)db_col_int(s, 4);
	}
	db_done(s);
	if (rc != DB_DONE) {
		sq_groups_free(out);
		return -1;
	}
	return 0;
}

void sq_groups_free(struct sq_groups *g)
{
	free(g->g);
	memset(g, 0, sizeof *g);
}

int survey_texts(db *d, int64_t qid, int limit, survey_text_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT a.response_id, a.question_id, q.statement, r.answered_month, a.value, "
	                           "COALESCE(a.theme,'') FROM survey_questions q JOIN survey_answers a ON a.question_id=q.id "
	                           "JOIN survey_responses r ON r.id=a.response_id WHERE q.questionnaire_id=? AND q.kind='text' "
	                           "ORDER BY r.answered_month DESC, q.position LIMIT ?");
	if (!s)
		return -1;
	db_bind_int(s, 1, qid);
	db_bind_int(s, 2, limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		fn(ctx, db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3), db_col_text(s, 4),
		   db_col_text(s, 5));
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int survey_tag(db *d, const struct actor *who, int64_t qid, int64_t response_id, int64_t question_id, const char *theme,
               struct errs *err)
{
	if (theme && utf8_chars(theme) > 60)
		errs_add(err, "theme", "Theme must be 60 characters or fewer");
	if (err->n)
		return SURVEY_INVALID;
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return SURVEY_ERROR;
	db_stmt *s = db_prepare(d, "UPDATE survey_answers SET theme=?1 WHERE response_id=?2 AND question_id=?3 AND question_id IN "
	                           "(SELECT id FROM survey_questions WHERE questionnaire_id=?4 AND kind='text')");
	if (!s) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	db_bind_opt_text(s, 1, theme && *theme ? theme : NULL);
	db_bind_int(s, 2, response_id);
	db_bind_int(s, 3, question_id);
	db_bind_int(s, 4, qid);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE) {
		change_rollback(&c);
		return SURVEY_ERROR;
	}
	if (db_changes(d) == 0) {
		change_rollback(&c);
		return SURVEY_NOT_FOUND;
	}
	change_audit(&c, "update", "survey-answers", question_id, 0, "theme", NULL);
	return change_commit(&c) == 0 ? SURVEY_OK : SURVEY_ERROR;
}
