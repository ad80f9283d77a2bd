/* survey.h — questionnaires, invitations with single-use links, answers
 * and results (migration 0023; docs/surveys.md).
 *
 * DESIGN: a questionnaire's questions belong to one of its versions.
 * survey_question_save edits the current version while it has no answers;
 * once it has, the edit copies the questions to a new version first, so
 * every response keeps the questions it answered.  A link is a random
 * token (libsodium) kept only as its SHA-256; it works once, until it
 * expires.  An anonymous questionnaire's responses are written without
 * the invitation or the child (and with a random id and the month only):
 * the invitation is marked used by a separate statement, so no row links
 * the two.  Every write is one struct change with its audit row.
 */
#ifndef SENDMIS_SURVEY_H
#define SENDMIS_SURVEY_H
#include "core/date.h"
#include "core/errs.h"
#include "core/survey.h"

/* The survey links a response rate counts, over survey_invitations i: those
 * emailed (a paper copy's invitation is made when it is typed in, answered
 * already, so was never sent).  The results' rates and the dashboard's
 * survey_response_rate (kpicount.c) alike. */
#define SURVEY_LINKS_SENT_SQL "i.channel = 'email'"
#include "store/db.h"
#include <stdint.h>

struct actor;

enum { SURVEY_OK = 0, SURVEY_INVALID = 1, SURVEY_STALE = 2, SURVEY_NOT_FOUND = 3, SURVEY_ERROR = -1 };

struct sq_form {                 /* a questionnaire's own details */
	int64_t id, version;
	char name[404];
	char audience[16];           /* parent young_person setting */
	int anonymous;
	char trigger[16];            /* manual plan_issued annual_review yearly */
	int expiry_days;
	int yearly_day, yearly_month;  /* trigger yearly: the day it is sent each year (default 1 October) */
	int qversion;                /* current version of its questions */
	char ready_made[32];
	long invitations, responses; /* over every version */
	long responses_now;          /* answers to the current version */
};

struct sq_question {
	int64_t id, version;
	int position, kind, required;
	char *statement, *wording, *easy_read, *options;
};
struct sq_questions { struct sq_question *q; int n; };
void sq_questions_free(struct sq_questions *qs);

/* The audiences and triggers, as pages offer them. */
extern const char *const survey_audiences[3][2];   /* code, label */
extern const char *const survey_triggers[4][2];

/* Every questionnaire (an area has a handful: at most 200), by name. */
typedef void (*survey_each_fn)(void *ctx, const struct sq_form *f);
int survey_each(db *d, survey_each_fn fn, void *ctx);
int survey_load(db *d, int64_t id, struct sq_form *f);             /* SURVEY_OK, SURVEY_NOT_FOUND, -1 */
int survey_load_questions(db *d, int64_t qid, int qversion, struct sq_questions *out);

/* Adds (f->id 0) or changes a questionnaire's details (f->version: what the
 * editor saw).  Errors name name, audience, anonymous, trigger, expiry_days.
 * Whether it is anonymous cannot change once it has been sent. */
int survey_save(db *d, const struct actor *who, struct sq_form *f, struct errs *err);

/* Adds (question_id 0, at the end) or changes a question of the current
 * version; *copied set when the edit made a new version.  question_version:
 * what the editor saw.  Errors name kind, wording, statement, options. */
struct sq_edit {
	int kind, required;
	const char *wording, *easy_read, *statement, *options;
};
int survey_question_save(db *d, const struct actor *who, int64_t qid, int64_t question_id, int64_t question_version,
                         const struct sq_edit *q, struct errs *err, int *copied);
int survey_question_remove(db *d, const struct actor *who, int64_t qid, int64_t question_id, int64_t question_version,
                           int *copied);

/* Moves a question of the current version up (dir -1) or down (+1): it
 * changes places with its neighbour.  The first up or the last down does
 * nothing (SURVEY_OK, *moved 0).  A version with answers is copied first,
 * as for any edit (*copied). */
int survey_question_move(db *d, const struct actor *who, int64_t qid, int64_t question_id, int64_t question_version,
                         int dir, int *moved, int *copied);

/* The ready-made questionnaires (docs/surveys.md), built with
 * the builder's tables.  Loads `key` once: *id the questionnaire (new or
 * loaded before).  Keys: "thurrock_parent", "young_people",
 * "young_people_easy", "settings", "annual_parent". */
extern const char *const survey_ready_made_keys[5][2];   /* key, name */
int survey_ready_made(db *d, const struct actor *who, const char *key, int64_t *id);
/* The same inside the caller's transaction, without an audit row (the
 * demo): SURVEY_OK made, 1 loaded before, SURVEY_NOT_FOUND, SURVEY_ERROR. */
int survey_ready_made_insert(db *d, const char *key, const char *created_at, int64_t *id);

/* Sends the questionnaire about one child to each of the family's contacts
 * who has given consent (not withdrawn) and has an email address (a
 * settings' questionnaire: to the one contact recorded for the child's
 * current setting, a SENCO first, whose emails are not stopped): one
 * invitation each (once per dedupe key: reason, event, contact), an email
 * in the outbox with the link.  *sent: how many invitations were made. */
int survey_send_child(db *d, const struct actor *who, int64_t qid, int64_t person_id, const char *reason,
                      const char *event, int *sent);
/* Sending by hand to a chosen group.  The children with an active plan whose
 * current caseworker's team, current setting's phase (codes_phase) and
 * primary need (codes_sen_type) match f ("" any), by id, at most cap; *n
 * cap + 1 when there are more.  *ids malloc'd (free it). */
struct sq_group_filter { char team[61], phase[8], need[8]; };
int survey_group_children(db *d, const struct sq_group_filter *f, int cap, int64_t **ids, int *n);
/* What a group send would do: of the n children, those sent this
 * questionnaire by a group send before (left out: once per child), those
 * with no contact who has consented and has an email address, and those
 * reached with how many emails. */
struct sq_send_plan { long children, before, unreachable, reached, emails; };
int survey_group_preview(db *d, int64_t qid, const int64_t *ids, int n, struct sq_send_plan *p);
/* Sends it: each child once per questionnaire (dedupe key "group"), an
 * audit row naming each child, one change per 100 children.  *children
 * reached, *sent invitations made.  SURVEY_OK, SURVEY_NOT_FOUND, -1. */
int survey_send_group(db *d, const struct actor *who, int64_t qid, const int64_t *ids, int n, int *children, int *sent);

/* The scheduler's part: questionnaires triggered by plans issued (a final
 * plan version finalised: plan_versions.final_date) within the `days` days
 * up to today (plans.issue_date; an amendment: plan_versions.final_date), and
 * annual reviews decided (reviews.decision_date), sent once per plan, version or
 * review and contact; and yearly ones, when their day this year is within
 * the `days` days up to today, to every child with an active plan not sent
 * it this year.  Returns invitations made, -1. */
int survey_send_due(db *d, const struct actor *who, int days);

/* A paper copy: an invitation with no link, for staff to type in. */
int survey_paper(db *d, const struct actor *who, int64_t qid, int64_t person_id, int64_t *invitation_id);

/* A link as opened: what it is for, or why not. */
enum { TOKEN_OK = 0, TOKEN_UNKNOWN = 1, TOKEN_USED = 2, TOKEN_EXPIRED = 3 };
struct sq_open {
	int64_t invitation_id, qid, person_id;
	int qversion, anonymous;
	char name[404], audience[16], expires_on[11];
};
int survey_token_open(db *d, const char *token, day_t today, struct sq_open *o);   /* TOKEN_*, -1 */
/* A paper copy's invitation, for staff typing it in. */
int survey_paper_open(db *d, int64_t invitation_id, day_t today, struct sq_open *o);

/* Stores one response to o's invitation: answers[i] the canonical value of
 * question i (core/survey.h sq_answer_parse; "" not answered).  paper: typed
 * in by staff.  TOKEN_USED if it was used meanwhile. */
int survey_respond(db *d, const struct actor *who, const struct sq_open *o, const struct sq_questions *qs,
                   char *const *answers, int paper);

/* Results (survey_results): per statement and quarter, those answering and
 * agreeing. */
struct sq_cell { char statement[128]; char quarter[8]; int kind; long n, agree; };
struct sq_rate { char quarter[8]; long sent, answered; };
struct sq_results {
	struct sq_cell *cells; int ncells;
	struct sq_rate *rates; int nrates;
	long responses;
};
int survey_results(db *d, int64_t qid, struct sq_results *out);
void survey_results_free(struct sq_results *r);

/* Results of a linked questionnaire broken down by the child's phase (the
 * establishment of their current first placement: codes_phase, "" none) or
 * primary need (needs rank 1: codes_sen_type, "" none), as recorded now.
 * Only responses that name the child (never anonymous ones) count. */
enum { SQ_BY_PHASE = 0, SQ_BY_NEED = 1 };
struct sq_group { char statement[128]; char group[16]; int kind; long n, agree; };
struct sq_groups { struct sq_group *g; int n; };
int survey_breakdown(db *d, int64_t qid, int by, struct sq_groups *out);
void sq_groups_free(struct sq_groups *g);

/* The free-text answers of a questionnaire, newest month first (limit). */
typedef void (*survey_text_fn)(void *ctx, int64_t response_id, int64_t question_id, const char *statement,
                               const char *month, const char *text, const char *theme);
int survey_texts(db *d, int64_t qid, int limit, survey_text_fn fn, void *ctx);
/* Tags a free-text answer with a theme ("" clears it). */
int survey_tag(db *d, const struct actor *who, int64_t qid, int64_t response_id, int64_t question_id, const char *theme,
               struct errs *err);

#endif
