/* outbox.c — see outbox.h. */
#include "domain/outbox.h"
#include "domain/templates.h"
#include "domain/log.h"
#include "core/date.h"
#include "mail/smtp.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct mail_settings ms = {
	.smtp_tls = "required", .from = "sendmis@localhost", .public_url = "",
	.case_ref_prefix = "SM", .timeout_seconds = 30, .max_attempts = 8, .retry_seconds = 60,
};

void mail_set_settings(const struct mail_settings *s) { ms = *s; }
const struct mail_settings *mail_settings(void) { return &ms; }

void case_ref(int64_t person_id, char *out, size_t n)
{
	snprintf(out, n, "%s-%06lld", ms.case_ref_prefix, (long long)person_id);
}

void mail_link(const char *path, char *out, size_t n)
{
	snprintf(out, n, "%s%s", ms.public_url, path);
}

void mail_link_person(int64_t person_id, char *out, size_t n)
{
	char path[40];
	snprintf(path, sizeof path, "/people/%lld", (long long)person_id);
	mail_link(path, out, n);
}

static int exists(db *d, const char *key)
{
	db_stmt *s = db_prepare(d, "SELECT 1 FROM outbox WHERE dedupe_key=?");
	if (!s)
		return -1;
	db_bind_text(s, 1, key);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The reason a contact's email is off ("" when it is on). */
static int contact_off(db *d, int64_t contact_id, char *why, size_t n)
{
	why[0] = 0;
	if (!contact_id)
		return 0;
	db_stmt *s = db_prepare(d, "SELECT COALESCE(email_off,'') FROM contacts WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, contact_id);
	if (db_step(s) == DB_ROW)
		snprintf(why, n, "%s", db_col_text(s, 0));
	db_done(s);
	return 0;
}

static void bind_id(db_stmt *s, int i, int64_t v)
{
	if (v)
		db_bind_int(s, i, v);
	else
		db_bind_null(s, i);
}

int outbox_queue(db *d, const struct outbox_msg *m, const struct tmpl_val *v, int nv, int64_t now, char *err,
                 size_t errlen)
{
	int ex = exists(d, m->dedupe_key);
	if (ex != 0) {
		if (ex < 0)
			snprintf(err, errlen, "outbox: %s", db_errmsg(d));
		return ex < 0 ? OUTBOX_ERROR : OUTBOX_DUPLICATE;
	}
	buf subject, body;
	buf_init(&subject, 2048);
	buf_init(&body, 256 << 10);
	if (template_email(m->template, v, nv, &subject, &body, err, errlen) < 0) {
		buf_free(&subject);
		buf_free(&body);
		return OUTBOX_ERROR;
	}
	char off[32], why[120] = "", at[21], mid[200];
	if (contact_off(d, m->contact_id, off, sizeof off) < 0) {
		snprintf(err, errlen, "outbox: %s", db_errmsg(d));
		buf_free(&subject);
		buf_free(&body);
		return OUTBOX_ERROR;
	}
	if (off[0])
		snprintf(why, sizeof why, "Not sent: email to this contact is turned off (%s)", off);
	unsigned char rnd[12];
	char hex[25];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	const char *at_sign = strchr(ms.from, '@');
	snprintf(mid, sizeof mid, "<%s.%lld@%s>", hex, (long long)now, at_sign ? at_sign + 1 : "sendmis.invalid");
	date_instant_iso(now, at);
	db_stmt *s = db_prepare(d,
		"INSERT INTO outbox(dedupe_key,template,to_email,to_name,contact_id,user_id,person_id,advice_id,subject,body,"
		"message_id,state,next_attempt,last_error,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
		"ON CONFLICT(dedupe_key) DO NOTHING");
	if (!s) {
		snprintf(err, errlen, "outbox: %s", db_errmsg(d));
		buf_free(&subject);
		buf_free(&body);
		return OUTBOX_ERROR;
	}
	db_bind_text(s, 1, m->dedupe_key);
	db_bind_text(s, 2, m->template);
	db_bind_text(s, 3, m->to_email);
	db_bind_opt_text(s, 4, m->to_name);
	bind_id(s, 5, m->contact_id);
	bind_id(s, 6, m->user_id);
	bind_id(s, 7, m->person_id);
	bind_id(s, 8, m->advice_id);
	db_bind_text(s, 9, buf_cstr(&subject));
	db_bind_text(s, 10, buf_cstr(&body));
	db_bind_text(s, 11, mid);
	db_bind_text(s, 12, off[0] ? "cancelled" : "queued");
	db_bind_int(s, 13, now);
	db_bind_opt_text(s, 14, why);
	db_bind_text(s, 15, at);
	int rc = db_step(s);
	db_done(s);
	buf_free(&subject);
	buf_free(&body);
	if (rc != DB_DONE) {
		snprintf(err, errlen, "outbox: %s", db_errmsg(d));
		return OUTBOX_ERROR;
	}
	if (db_changes(d) == 0)
		return OUTBOX_DUPLICATE;
	log_debug("outbox queued template=%s person=%lld contact=%lld user=%lld advice=%lld%s", m->template,
	          (long long)m->person_id, (long long)m->contact_id, (long long)m->user_id, (long long)m->advice_id,
	          off[0] ? " not_sent=email_off" : "");
	return off[0] ? OUTBOX_CANCELLED : OUTBOX_QUEUED;
}

int outbox_recover(db *d)
{
	db_stmt *s = db_prepare(d, "UPDATE outbox SET state='unknown', last_error=? WHERE state='sending'");
	if (!s)
		return -1;
	db_bind_text(s, 1, "sendmis stopped while sending this message: it may or may not have arrived. "
	                   "Check with the recipient, then send it again if needed.");
	int rc = db_step(s);
	db_done(s);
	int n = rc == DB_DONE ? db_changes(d) : -1;
	if (n > 0)
		log_info("outbox: %d message(s) left sending by a stopped worker marked unknown", n);
	return n;
}

static int set_state(db *d, int64_t id, const char *state, int64_t next, const char *error, int64_t now)
{
	char at[21];
	date_instant_iso(now, at);
	db_stmt *s = db_prepare(d, "UPDATE outbox SET state=?, next_attempt=?, last_error=?, "
	                           "sent_at=CASE WHEN ?='sent' THEN ? ELSE sent_at END WHERE id=?");
	if (!s)
		return -1;
	db_bind_text(s, 1, state);
	db_bind_int(s, 2, next);
	db_bind_opt_text(s, 3, error);
	db_bind_text(s, 4, state);
	db_bind_text(s, 5, at);
	db_bind_int(s, 6, id);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

struct claimed {
	int64_t id, contact_id;
	int attempts;
	char to[256], to_name[200], subject[1024], mid[200];
	char *body;
};

/* The next due row, claimed: 1, 0 if none, -1 on error. */
static int claim(db *d, int64_t now, struct claimed *c)
{
	db_stmt *s = db_prepare(d, "SELECT id,to_email,COALESCE(to_name,''),subject,body,message_id,attempts,"
	                           "COALESCE(contact_id,0) FROM outbox WHERE state='queued' AND next_attempt<=? "
	                           "ORDER BY next_attempt, id LIMIT 1");
	if (!s)
		return -1;
	db_bind_int(s, 1, now);
	int rc = db_step(s);
	if (rc != DB_ROW) {
		db_done(s);
		return rc == DB_DONE ? 0 : -1;
	}
	c->id = db_col_int(s, 0);
	snprintf(c->to, sizeof c->to, "%s", db_col_text(s, 1));
	snprintf(c->to_name, sizeof c->to_name, "%s", db_col_text(s, 2));
	snprintf(c->subject, sizeof c->subject, "%s", db_col_text(s, 3));
	c->body = strdup(db_col_text(s, 4));
	snprintf(c->mid, sizeof c->mid, "%s", db_col_text(s, 5));
	c->attempts = (int)db_col_int(s, 6) + 1;
	c->contact_id = db_col_int(s, 7);
	db_done(s);
	if (!c->body)
		return -1;
	s = db_prepare(d, "UPDATE outbox SET state='sending', attempts=attempts+1 WHERE id=? AND state='queued'");
	if (!s) {
		free(c->body);
		return -1;
	}
	db_bind_int(s, 1, c->id);
	rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE || db_changes(d) != 1) {
		free(c->body);
		return rc == DB_DONE ? 0 : -1;   /* someone else took it */
	}
	return 1;
}

int outbox_drain(db *d, int64_t now, int max, volatile sig_atomic_t *stop, struct outbox_report *rep)
{
	struct outbox_report mine;
	if (!rep)
		rep = &mine;
	memset(rep, 0, sizeof *rep);
	int sent = 0;
	if (!ms.smtp_url[0])
		return 0;   /* no mail server: everything waits, using none of its attempts */
	for (int n = 0; (!max || n < max) && !(stop && *stop); n++) {
		struct claimed c;
		int rc = claim(d, now, &c);
		if (rc <= 0)
			return rc < 0 ? -1 : sent;
		char off[32];
		contact_off(d, c.contact_id, off, sizeof off);
		if (off[0]) {
			char why[120];
			snprintf(why, sizeof why, "Not sent: email to this contact was turned off (%s)", off);
			set_state(d, c.id, "cancelled", now, why, now);
			free(c.body);
			rep->cancelled++;
			log_debug("outbox not_sent id=%lld reason=email_off", (long long)c.id);
			continue;
		}
		struct smtp_server srv = {ms.smtp_url, ms.smtp_tls, ms.smtp_user, ms.smtp_password, ms.smtp_ca_file,
		                           ms.timeout_seconds};
		struct smtp_message m = {ms.from, ms.from_name, c.to, c.to_name, c.subject, c.body, c.mid, now};
		char reply[512];
		enum smtp_rc r = smtp_send(&srv, &m, reply, sizeof reply);
		free(c.body);
		if (r == SMTP_SENT) {
			set_state(d, c.id, "sent", now, NULL, now);
			rep->sent = ++sent;
			log_debug("outbox sent id=%lld attempt=%d", (long long)c.id, c.attempts);
			continue;
		}
		int give_up = r == SMTP_PERMANENT || c.attempts >= ms.max_attempts;
		long long wait = ms.retry_seconds;
		for (int i = 1; i < c.attempts && wait < 21600; i++)
			wait *= 2;
		if (wait > 21600)
			wait = 21600;
		char msg[700];
		snprintf(msg, sizeof msg, "Attempt %d: %s", c.attempts, reply);
		set_state(d, c.id, give_up ? "failed" : "queued", now + wait, msg, now);
		if (give_up)
			rep->failed++;
		else
			rep->retry++;
		log_debug("outbox %s id=%lld attempt=%d", give_up ? "failed" : "retry", (long long)c.id, c.attempts);
		if (!give_up && r == SMTP_RETRY) {
			/* the server is not answering: the rest wait with the same reason */
			db_stmt *w = db_prepare(d, "UPDATE outbox SET last_error=?, next_attempt=? "
			                           "WHERE state='queued' AND next_attempt<=?");
			if (w) {
				snprintf(msg, sizeof msg, "Waiting: %s", reply);
				db_bind_text(w, 1, msg);
				db_bind_int(w, 2, now + ms.retry_seconds);
				db_bind_int(w, 3, now);
				db_step(w);
				db_done(w);
			}
			return sent;
		}
	}
	return sent;
}

int outbox_retry(db *d, int64_t id, int64_t now)
{
	db_stmt *s = db_prepare(d, "UPDATE outbox SET state='queued', next_attempt=?, attempts=0 "
	                           "WHERE id=? AND state IN ('failed','unknown','cancelled')");
	if (!s)
		return -1;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, id);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE && db_changes(d) == 1 ? 0 : -1;
}

/* ---- the outbox list ---------------------------------------------------------- */

#define OUTBOX_COLS \
	"SELECT o.id, o.created_at, o.to_email, COALESCE(o.to_name,''), o.subject, o.state, o.attempts, " \
	"COALESCE(o.last_error,''), COALESCE(o.sent_at,''), o.template, COALESCE(o.person_id,0) FROM outbox o "
/* ?1 the state ('' = every one: the primary key's order; else outbox_state,
 * whose entries follow the id within a state), ?2 the limit */
static const char *const outbox_page_sql[2][2] = {
	{OUTBOX_COLS "WHERE ?1='' ORDER BY o.id LIMIT ?2", OUTBOX_COLS "WHERE ?1='' ORDER BY o.id DESC LIMIT ?2"},
	{OUTBOX_COLS "WHERE o.state=?1 ORDER BY o.id LIMIT ?2", OUTBOX_COLS "WHERE o.state=?1 ORDER BY o.id DESC LIMIT ?2"},
};
/* one child's: ?1 the child, ?2 the limit (outbox_person: its entries follow the id) */
static const char *const outbox_person_sql[2] = {
	OUTBOX_COLS "WHERE o.person_id=?1 ORDER BY o.id LIMIT ?2", OUTBOX_COLS "WHERE o.person_id=?1 ORDER BY o.id DESC LIMIT ?2",
};
static const char *const outbox_count_sql[2] = {
	"SELECT COUNT(*) FROM (SELECT 1 FROM outbox o WHERE ?1='' LIMIT ?2) AS n",
	"SELECT COUNT(*) FROM (SELECT 1 FROM outbox o WHERE o.state=?1 LIMIT ?2) AS n",
};

const struct list_query *outbox_list_queries(void)
{
	/* a count of one state reads that state's index range as far as the cap */
	static const struct list_query all[] = {
		{outbox_page_sql[0][0], LQ_WALK}, {outbox_page_sql[0][1], LQ_WALK}, {outbox_page_sql[1][0], LQ_WALK},
		{outbox_page_sql[1][1], LQ_WALK}, {outbox_count_sql[0], LQ_CAPPED}, {outbox_count_sql[1], LQ_WALK},
		{outbox_person_sql[0], LQ_WALK}, {outbox_person_sql[1], LQ_WALK},
		{NULL, LQ_WALK},
	};
	return all;
}

int outbox_state_valid(const char *s)
{
	static const char *const states[] = {"queued", "sending", "sent", "failed", "unknown", "cancelled"};
	for (size_t i = 0; s && i < sizeof states / sizeof states[0]; i++)
		if (!strcmp(s, states[i]))
			return 1;
	return 0;
}

struct outbox_list {
	struct outbox_filter f;   /* a copy: a download reads on after the request's parameters are freed */
	struct list_walk w;
};

static int bind_outbox(db_stmt *s, const void *ctx)
{
	const struct outbox_filter *f = ctx;
	return db_bind_text(s, 1, f->state);
}

static int bind_outbox_person(db_stmt *s, const void *ctx)
{
	const struct outbox_filter *f = ctx;
	return db_bind_int(s, 1, f->person_id);
}

int outbox_list_open(db *d, const struct outbox_filter *f, int64_t offset, int64_t limit, struct outbox_list **out)
{
	*out = NULL;
	struct outbox_list *it = calloc(1, sizeof *it);
	if (!it)
		return -1;
	it->f = *f;
	int one = it->f.state[0] != 0, desc = it->f.order == LIST_DESC;
	if (it->f.person_id)
		list_walk_init(&it->w, d, &outbox_person_sql[desc], 1, 2, bind_outbox_person, &it->f, offset, limit);
	else
		list_walk_init(&it->w, d, &outbox_page_sql[one][desc], 1, 2, bind_outbox, &it->f, offset, limit);
	*out = it;
	return 0;
}

int outbox_list_next(struct outbox_list *it, struct outbox_row *row)
{
	int rc = list_walk_step(&it->w);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	db_stmt *s = it->w.s;
	row->id = db_col_int(s, 0);
	row->created_at = db_col_text(s, 1);
	row->to_email = db_col_text(s, 2);
	row->to_name = db_col_text(s, 3);
	row->subject = db_col_text(s, 4);
	row->state = db_col_text(s, 5);
	row->attempts = db_col_int(s, 6);
	row->last_error = db_col_text(s, 7);
	row->sent_at = db_col_text(s, 8);
	row->template = db_col_text(s, 9);
	row->person_id = db_col_int(s, 10);
	return 1;
}

void outbox_list_close(struct outbox_list *it)
{
	if (!it)
		return;
	list_walk_end(&it->w);
	free(it);
}

int outbox_count(db *d, const struct outbox_filter *f, int64_t cap, struct list_count *c)
{
	return list_count_capped(d, outbox_count_sql[f->state[0] != 0], 2, cap, bind_outbox, f, c);
}
