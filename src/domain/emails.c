/* emails.c — see emails.h. */
#include "domain/emails.h"
#include "domain/change.h"
#include "domain/outbox.h"
#include <stdlib.h>
#include <string.h>

void email_free(struct email *e)
{
	char **f[] = {&e->created_at, &e->to_email, &e->to_name, &e->subject, &e->body, &e->state, &e->last_error,
	              &e->sent_at, &e->template, &e->message_id};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

int email_load(db *d, int64_t id, struct email *o)
{
	memset(o, 0, sizeof *o);
	db_stmt *s = db_prepare(d, "SELECT created_at, to_email, COALESCE(to_name,''), subject, body, state, attempts, "
	                           "COALESCE(last_error,''), COALESCE(sent_at,''), template, COALESCE(person_id,0), "
	                           "message_id FROM outbox WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	int ok = 1;
	if (rc == DB_ROW) {
		o->id = id;
		o->attempts = db_col_int(s, 6);
		o->person_id = db_col_int(s, 10);
		static const int cols[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 11};
		char **f[] = {&o->created_at, &o->to_email, &o->to_name, &o->subject, &o->body, &o->state, &o->last_error,
		              &o->sent_at, &o->template, &o->message_id};
		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			ok &= (*f[i] = strdup(db_col_text(s, cols[i]))) != NULL;
	}
	db_done(s);
	if (rc == DB_ROW && !ok) {
		email_free(o);
		return -1;
	}
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int emails_of_advice(db *d, int64_t advice_id, int64_t *total, int64_t *sent)
{
	*total = *sent = 0;
	db_stmt *s = db_prepare(d, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN state='sent' THEN 1 ELSE 0 END),0) "
	                           "FROM outbox WHERE advice_id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, advice_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*total = db_col_int(s, 0);
		*sent = db_col_int(s, 1);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

int email_send_again(db *d, const struct actor *who, int64_t id)
{
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return EMAIL_ERROR;
	db_stmt *s = db_prepare(d, "SELECT 1 FROM outbox WHERE id=?");
	if (!s) {
		change_rollback(&c);
		return EMAIL_ERROR;
	}
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_ROW) {
		change_rollback(&c);
		return rc == DB_DONE ? EMAIL_NOT_FOUND : EMAIL_ERROR;
	}
	if (outbox_retry(d, id, who->now) < 0) {
		change_rollback(&c);
		return EMAIL_NOT_RETRYABLE;
	}
	change_audit(&c, "retry", "outbox", id, 0, "state", NULL);
	return change_commit(&c) == 0 ? EMAIL_OK : EMAIL_ERROR;
}
