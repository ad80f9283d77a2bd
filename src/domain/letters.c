/* letters.c — see letters.h. */
#include "domain/letters.h"
#include "domain/advice.h"
#include "domain/casefile.h"
#include "domain/change.h"
#include "domain/family.h"
#include "domain/log.h"
#include "domain/outbox.h"
#include "domain/templates.h"
#include "core/clock.h"
#include "core/codes.h"
#include "core/rules.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void long_date(const char *iso, char *out, size_t n)
{
	day_t d;
	if (iso && date_parse_iso(iso, &d) == 0)
		date_format_long(d, out, n);
	else
		snprintf(out, n, "%s", "");
}

/* The next free choice (NULL when full), with its template and record set. */
static struct letter_choice *push(struct letter_choice *out, int max, int *n, const char *t, int64_t id)
{
	if (*n >= max)
		return NULL;
	out[*n].template = t;
	out[*n].related_id = id;
	out[*n].label[0] = 0;
	return &out[(*n)++];
}
#define LABEL(c, ...) do { struct letter_choice *c_ = (c); if (c_) snprintf(c_->label, sizeof c_->label, __VA_ARGS__); } while (0)

int letter_choices(db *d, int64_t person_id, struct letter_choice *out, int max)
{
	int n = 0;
	char a[40], b[200];
	db_stmt *s = db_prepare(d, "SELECT id, received_date, COALESCE(outcome,'') FROM requests WHERE person_id=? "
	                           "ORDER BY received_date DESC, id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	while (db_step(s) == DB_ROW) {
		long_date(db_col_text(s, 1), a, sizeof a);
		const char *oc = db_col_text(s, 2);
		if (!strcmp(oc, "Y"))
			LABEL(push(out, max, &n, "decision_to_assess", db_col_int(s, 0)), "Decision to assess: request received %s", a);
		else if (!strcmp(oc, "N"))
			LABEL(push(out, max, &n, "decision_not_to_assess", db_col_int(s, 0)),
			      "Decision not to assess: request received %s", a);
	}
	db_done(s);
	s = db_prepare(d, "SELECT a.id, a.requested_date, COALESCE(sv.name, e.name || ' (SENCO)', a.service) FROM advice_requests a "
	                  "LEFT JOIN services sv ON sv.id=a.service_id LEFT JOIN contacts c ON c.id=a.contact_id "
	                  "LEFT JOIN establishments e ON e.id=c.establishment_id "
	                  "WHERE a.person_id=? AND a.request_id IS NOT NULL ORDER BY a.requested_date DESC, a.id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	while (db_step(s) == DB_ROW) {
		long_date(db_col_text(s, 1), a, sizeof a);
		const char *svc = db_col_text(s, 2);
		const struct code *c = code_find(&codes_advice_service, svc, 0);
		snprintf(b, sizeof b, "%.120s", c ? c->label : svc);
		LABEL(push(out, max, &n, "advice_request", db_col_int(s, 0)), "Advice request to %.120s, sent %s", b, a);
	}
	db_done(s);
	s = db_prepare(d, "SELECT m.id, m.meeting_date FROM review_meetings m JOIN plans p ON p.id=m.plan_id "
	                  "WHERE p.person_id=? ORDER BY m.meeting_date DESC, m.id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	while (db_step(s) == DB_ROW) {
		long_date(db_col_text(s, 1), a, sizeof a);
		LABEL(push(out, max, &n, "review_invitation", db_col_int(s, 0)), "Annual review invitation: meeting on %s", a);
	}
	db_done(s);
	s = db_prepare(d, "SELECT v.id, v.meeting_date, COALESCE(v.decision_date,''), COALESCE(v.outcome,''), "
	                  "COALESCE(v.amendments_sent,'') FROM reviews v JOIN plans p ON p.id=v.plan_id "
	                  "WHERE p.person_id=? ORDER BY v.meeting_date DESC, v.id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	while (db_step(s) == DB_ROW) {
		long_date(db_col_text(s, 1), a, sizeof a);
		if (db_col_text(s, 2)[0] && db_col_text(s, 3)[0])
			LABEL(push(out, max, &n, "review_decision", db_col_int(s, 0)), "Decision after the review meeting on %s", a);
		if (!strcmp(db_col_text(s, 3), "A") && (db_col_text(s, 4)[0] || db_col_text(s, 2)[0]))
			LABEL(push(out, max, &n, "proposed_amendments", db_col_int(s, 0)),
			      "Notice of proposed amendments after the review on %s", a);
	}
	db_done(s);
	return n;
}

/* Whom a letter is made for: a contact marked to receive letters (id set), or no one
 * named ("parent or carer of <child>", as before contacts were held). */
struct recipient {
	int64_t id;
	char name[600], lines[4][404], language[8];
};

static int recipient_copy(void *ctx, const struct kin_row *k)
{
	struct recipient **next = ctx;
	struct recipient *to = next[0];
	if (to == next[1])
		return 1;
	to->id = k->id;
	snprintf(to->name, sizeof to->name, "%s", k->name);
	const char *lines[4] = {k->address_line1, k->address_line2, k->town, k->postcode};
	for (int i = 0; i < 4; i++)
		snprintf(to->lines[i], sizeof to->lines[i], "%s", lines[i]);
	snprintf(to->language, sizeof to->language, "%s", k->language);
	next[0]++;
	return 0;
}

int letter_for_family(const char *template)
{
	return template && strcmp(template, "advice_request") != 0;
}

/* Values for the letter, by template.  1 with err when the record does not support it. */
struct lvals {
	char name[260], dob[40], ref[24], today[40], cw[200], cwe[256], dear[640];
	char a[40], b[40], c[40], svc[200], contact[200], outcome[80];
	struct tmpl_val v[20];
	int n;
};

static void add(struct lvals *l, const char *name, const char *value)
{
	l->v[l->n].name = name;
	l->v[l->n].value = value;
	l->n++;
}

static void rule_long(enum rule_id rule_id, const char *anchor_iso, int amount_override, char *out, size_t n)
{
	day_t a;
	const struct rule *r = rule_get(rule_id);
	if (!r || date_parse_iso(anchor_iso, &a) < 0) {
		snprintf(out, n, "%s", "");
		return;
	}
	date_format_long(rule_due(casefile_settings(), r, a, amount_override ? amount_override : r->amount), out, n);
}

static int related_vals(db *d, int64_t person_id, const char *t, int64_t rel, struct lvals *l, char *err, size_t errlen)
{
	db_stmt *s;
	int rc = 1;
	if (!strcmp(t, "decision_to_assess") || !strcmp(t, "decision_not_to_assess")) {
		s = db_prepare(d, "SELECT received_date, COALESCE(outcome,''), COALESCE(outcome_date,'') FROM requests "
		                  "WHERE id=? AND person_id=?");
		if (!s)
			return -1;
		db_bind_int(s, 1, rel);
		db_bind_int(s, 2, person_id);
		if (db_step(s) == DB_ROW && !strcmp(db_col_text(s, 1), t[9] == 't' ? "Y" : "N") && db_col_text(s, 2)[0]) {
			long_date(db_col_text(s, 0), l->a, sizeof l->a);
			long_date(db_col_text(s, 2), l->b, sizeof l->b);
			rule_long(R_FINAL_PLAN, db_col_text(s, 0), 0, l->c, sizeof l->c);
			add(l, "request_date", l->a);
			add(l, "decision_date", l->b);
			add(l, "final_due", l->c);
			rc = 0;
		} else
			snprintf(err, errlen, "The request has no matching decision and decision date recorded");
		db_done(s);
	} else if (!strcmp(t, "advice_request")) {
		struct advice_notice nt;
		int k = advice_notice_load(d, rel, DATE_NONE, &nt);
		if (k < 0)
			return -1;
		if (k || nt.person_id != person_id || !nt.request_id) {
			snprintf(err, errlen, "There is no such advice request for an assessment");
			return 1;
		}
		snprintf(l->svc, sizeof l->svc, "%s", nt.service_name);
		snprintf(l->contact, sizeof l->contact, "%s", nt.contact_name[0] ? nt.contact_name : nt.service_name);
		snprintf(l->a, sizeof l->a, "%s", nt.s_sent);
		snprintf(l->b, sizeof l->b, "%s", nt.s_due);
		add(l, "service_name", l->svc);
		add(l, "contact_name", l->contact);
		add(l, "sent_date", l->a);
		add(l, "due_date", l->b);
		rc = 0;
	} else if (!strcmp(t, "review_invitation")) {
		s = db_prepare(d, "SELECT m.meeting_date, m.contributions_due FROM review_meetings m JOIN plans p ON p.id=m.plan_id "
		                  "WHERE m.id=? AND p.person_id=?");
		if (!s)
			return -1;
		db_bind_int(s, 1, rel);
		db_bind_int(s, 2, person_id);
		if (db_step(s) == DB_ROW) {
			long_date(db_col_text(s, 0), l->a, sizeof l->a);
			long_date(db_col_text(s, 1), l->b, sizeof l->b);
			add(l, "meeting_date", l->a);
			add(l, "due_date", l->b);
			rc = 0;
		} else
			snprintf(err, errlen, "There is no such review meeting");
		db_done(s);
	} else if (!strcmp(t, "review_decision") || !strcmp(t, "proposed_amendments")) {
		s = db_prepare(d, "SELECT v.meeting_date, COALESCE(v.decision_date,''), COALESCE(v.outcome,''), "
		                  "COALESCE(v.amendments_sent, v.decision_date, '') FROM reviews v JOIN plans p ON p.id=v.plan_id "
		                  "WHERE v.id=? AND p.person_id=?");
		if (!s)
			return -1;
		db_bind_int(s, 1, rel);
		db_bind_int(s, 2, person_id);
		if (db_step(s) == DB_ROW && db_col_text(s, 1)[0] && db_col_text(s, 2)[0] &&
		    (t[0] == 'r' || !strcmp(db_col_text(s, 2), "A"))) {
			const char *oc = db_col_text(s, 2);
			snprintf(l->outcome, sizeof l->outcome, "%s",
			         !strcmp(oc, "A") ? "to amend the plan" : !strcmp(oc, "C") ? "to cease to maintain the plan"
			                                                                   : "to keep the plan as it is");
			long_date(db_col_text(s, 0), l->a, sizeof l->a);
			long_date(db_col_text(s, 1), l->b, sizeof l->b);
			add(l, "meeting_date", l->a);
			add(l, "decision_date", l->b);
			add(l, "review_outcome", l->outcome);
			/* comments: at least 15 days (reg 22(2)(c)); final: within 8 weeks of the amendments (reg 22(3)) */
			rule_long(R_DRAFT_COMMENT_END, db_col_text(s, 3), 0, l->c, sizeof l->c);
			add(l, "comments_due", l->c);
			rule_long(R_REVIEW_FINAL_AMENDED, db_col_text(s, 3), 0, l->svc, sizeof l->svc);
			add(l, "final_due", l->svc);
			rc = 0;
		} else
			snprintf(err, errlen, "The review has no %s recorded", t[0] == 'r' ? "decision and decision date"
			                                                                   : "decision to amend");
		db_done(s);
	} else
		snprintf(err, errlen, "There is no such letter");
	return rc;
}

/* Generates and stores a letter in the caller's change: 0 (id set), 1 with
 * a message for the user in err (the record does not support that
 * letter), -1 on error. */
static int generate(db *d, int64_t person_id, const char *t, int64_t rel, int64_t user_id, int64_t now, day_t today,
                    const struct recipient *to, int64_t *id, char *err, size_t errlen)
{
	struct lvals l;
	memset(&l, 0, sizeof l);
	if (!template_def_get("letters", t)) {
		snprintf(err, errlen, "There is no such letter");
		return 1;
	}
	db_stmt *s = db_prepare(d, "SELECT forename || ' ' || surname, dob FROM people WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		snprintf(l.name, sizeof l.name, "%s", db_col_text(s, 0));
		long_date(db_col_text(s, 1), l.dob, sizeof l.dob);
	}
	db_done(s);
	if (rc != DB_ROW) {
		snprintf(err, errlen, "There is no such child or young person");
		return 1;
	}
	if (person_caseworker(d, person_id, l.cw, sizeof l.cw, l.cwe, sizeof l.cwe) < 0)
		return -1;
	case_ref(person_id, l.ref, sizeof l.ref);
	date_format_long(today, l.today, sizeof l.today);
	const struct mail_settings *ms = mail_settings();
	add(&l, "la_name", ms->la_name);
	add(&l, "case_ref", l.ref);
	add(&l, "today", l.today);
	add(&l, "child_name", l.name);
	add(&l, "child_dob", l.dob);
	add(&l, "caseworker_name", l.cw);
	add(&l, "caseworker_email", l.cwe);
	if (to)
		snprintf(l.dear, sizeof l.dear, "%s", to->name);
	else
		snprintf(l.dear, sizeof l.dear, "parent or carer of %s", l.name);
	add(&l, "recipient_name", l.dear);
	rc = related_vals(d, person_id, t, rel, &l, err, errlen);
	if (rc)
		return rc;
	struct tmpl_letter tl;
	int translated = 0;
	if (template_letter_in(t, to ? to->language : NULL, l.v, l.n, &tl, &translated, err, errlen) < 0)
		return -1;
	json_t *j = letter_content(&tl, l.today, l.ref);
	if (to) {   /* the address block: name, then the address lines given */
		json_t *lines = json_array();
		json_array_append_new(lines, json_string(to->name));
		for (int i = 0; i < 4; i++)
			if (to->lines[i][0])
				json_array_append_new(lines, json_string(to->lines[i]));
		json_object_set_new(j, "to", lines);
		if (translated)
			json_object_set_new(j, "language", json_string(to->language));
	}
	char *txt = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	char at[21];
	date_instant_iso(now, at);
	rc = -1;
	s = txt ? db_prepare(d, "INSERT INTO letters(person_id,template,title,content,generated_by,generated_at,"
	                        "recipient_contact_id,recipient_name) VALUES(?,?,?,?,?,?,?,?) RETURNING id") : NULL;
	if (s) {
		db_bind_int(s, 1, person_id);
		db_bind_text(s, 2, t);
		db_bind_text(s, 3, buf_cstr(&tl.title));
		db_bind_text(s, 4, txt);
		if (user_id)
			db_bind_int(s, 5, user_id);
		else
			db_bind_null(s, 5);
		db_bind_text(s, 6, at);
		if (to) {
			db_bind_int(s, 7, to->id);
			db_bind_text(s, 8, to->name);
		} else {
			db_bind_null(s, 7);
			db_bind_null(s, 8);
		}
		if (db_step(s) == DB_ROW) {
			*id = db_col_int(s, 0);
			rc = 0;
		}
		db_done(s);
	}
	if (rc < 0)
		snprintf(err, errlen, "The letter could not be saved");
	free(txt);
	tmpl_letter_free(&tl);
	return rc;
}

json_t *letter_content(const struct tmpl_letter *tl, const char *date, const char *case_ref)
{
	json_t *j = json_object(), *blocks = json_array();
	json_object_set_new(j, "title", json_string(buf_cstr((buf *)&tl->title)));
	json_object_set_new(j, "legal", json_string(buf_cstr((buf *)&tl->legal)));
	json_object_set_new(j, "date", json_string(date));
	json_object_set_new(j, "case_ref", json_string(case_ref));
	for (int i = 0; i < tl->n; i++) {
		json_t *b = json_object();
		json_object_set_new(b, "kind", json_string(tl->b[i].kind == TB_HEADING ? "heading"
		                                           : tl->b[i].kind == TB_BULLET ? "bullet" : "paragraph"));
		json_object_set_new(b, "text", json_string(buf_cstr((buf *)&tl->b[i].text)));
		json_array_append_new(blocks, b);
	}
	json_object_set_new(j, "blocks", blocks);
	return j;
}

int letter_load(db *d, int64_t id, struct letter_stored *o)
{
	memset(o, 0, sizeof *o);
	db_stmt *s = db_prepare(d, "SELECT l.person_id, l.template, l.generated_at, COALESCE(u.display_name,''), l.content, "
	                           "COALESCE(l.recipient_name,'') FROM letters l LEFT JOIN users u ON u.id=l.generated_by "
	                           "WHERE l.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		o->id = id;
		o->person_id = db_col_int(s, 0);
		snprintf(o->template, sizeof o->template, "%s", db_col_text(s, 1));
		snprintf(o->generated_at, sizeof o->generated_at, "%s", db_col_text(s, 2));
		snprintf(o->generated_by, sizeof o->generated_by, "%s", db_col_text(s, 3));
		o->json = strdup(db_col_text(s, 4));
		snprintf(o->recipient, sizeof o->recipient, "%s", db_col_text(s, 5));
	}
	db_done(s);
	if (rc == DB_ROW && !o->json)
		return -1;
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int letter_create(db *d, const struct actor *who, int64_t person_id, const char *template, int64_t related_id,
                  const char *field, int64_t *id, struct errs *e)
{
	*id = 0;
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return LETTER_ERROR;
	char err[300];
	/* a letter to the family: one for each contact marked to receive letters, else one as before */
	struct recipient to[LETTER_MAX_RECIPIENTS];
	struct recipient *next[2] = {to, to + LETTER_MAX_RECIPIENTS};
	int rc = letter_for_family(template) ? kin_letter_recipients_each(d, person_id, recipient_copy, next) : 0;
	int nto = (int)(next[0] - to);
	for (int i = 0; rc == 0 && i < (nto ? nto : 1); i++) {
		int64_t made = 0;
		rc = generate(d, person_id, template, related_id, who->user_id, who->now, who->today, nto ? &to[i] : NULL,
		              &made, err, sizeof err);
		if (rc == 0 && !i)
			*id = made;
		if (rc == 0)
			change_audit(&c, "create", "letters", made, person_id, nto ? "template,recipient" : "template", NULL);
	}
	if (rc != 0) {
		change_rollback(&c);
		*id = 0;
		if (rc > 0) {
			errs_add(e, field, "%s", err);
			return LETTER_REFUSED;
		}
		log_info("letters: generating failed person=%lld template=%s", (long long)person_id, template);
		return LETTER_ERROR;
	}
	if (change_commit(&c) < 0) {
		*id = 0;
		return LETTER_ERROR;
	}
	return LETTER_OK;
}

/* Hands each row of s (id, title, generated_at, by, recipient) to fn; releases s. */
static int letter_rows(db_stmt *s, letter_row_fn fn, void *ctx)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct letter_row l = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                       db_col_text(s, 4)};
		if (fn(ctx, &l))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int letters_of_person_each(db *d, int64_t person_id, letter_row_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT l.id, l.title, l.generated_at, COALESCE(u.display_name,''), "
	                           "COALESCE(l.recipient_name,'') FROM letters l "
	                           "LEFT JOIN users u ON u.id=l.generated_by WHERE l.person_id=? ORDER BY l.id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	return letter_rows(s, fn, ctx);
}

int letter_copies_each(db *d, const struct letter_stored *l, letter_row_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT l.id, l.title, l.generated_at, '', COALESCE(l.recipient_name,'') FROM letters l "
	                           "WHERE l.person_id=? AND l.template=? AND l.generated_at=? AND l.id<>? ORDER BY l.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, l->person_id);
	db_bind_text(s, 2, l->template);
	db_bind_text(s, 3, l->generated_at);
	db_bind_int(s, 4, l->id);
	return letter_rows(s, fn, ctx);
}
