/* emails.h — the emails in the outbox as the pages about a child, an advice
 * request and one email read them, and a person sending one again.
 *
 * DESIGN: outbox.c queues and sends; this is what people see of it and the
 * one thing they may do to it.  The outbox list itself (its filter and
 * pages) is outbox.c's.  Sending an email again is a change (change.h):
 * the state and its audit row ("retry", "outbox") together.
 */
#ifndef SENDMIS_EMAILS_H
#define SENDMIS_EMAILS_H
#include "store/db.h"
#include <stdint.h>

struct actor;

/* One email, whole (strings valid until email_free). */
struct email {
	int64_t id, person_id, attempts;
	char *created_at, *to_email, *to_name, *subject, *body, *state, *last_error, *sent_at, *template, *message_id;
};
/* 0, 1 no such email, -1 on a store error. */
int email_load(db *d, int64_t id, struct email *out);
void email_free(struct email *e);


/* The emails about one advice request: how many, and how many were sent.
 * 0, or -1 on a store error. */
int emails_of_advice(db *d, int64_t advice_id, int64_t *total, int64_t *sent);

/* A failed, unknown or unsent email queued to go again, with its audit row:
 * EMAIL_OK; EMAIL_NOT_FOUND; EMAIL_NOT_RETRYABLE (another state: nothing
 * written); EMAIL_ERROR. */
enum email_rc { EMAIL_OK = 0, EMAIL_NOT_FOUND = 1, EMAIL_NOT_RETRYABLE = 2, EMAIL_ERROR = -1 };
int email_send_again(db *d, const struct actor *who, int64_t id);

#endif
