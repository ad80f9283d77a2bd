/* outbox.h — every email sendmis sends, durable before it is sent.
 *
 * DESIGN: a notice is rendered from its template and written to the outbox
 * table in the same transaction as the change that caused it; a worker
 * sends what is due.  Each row's dedupe_key makes a notice once-only: the
 * scheduler can run any number of times, or be killed mid-run, and a
 * reminder is still queued once.  The worker claims a row (queued ->
 * sending) before it speaks to the server and records the result after, so
 * a restart never loses a message; a row left "sending" by a crash becomes
 * "unknown" — it may have arrived — and is only resent by a person
 * (outbox_retry), so nothing is ever sent twice by the system.  Retries back
 * off exponentially from mail_settings.retry_seconds (capped at 6 hours)
 * up to max_attempts; a 5xx reply fails at once.  A contact whose email is
 * turned off gets a "cancelled" row saying so, never an email.  With no
 * smtp_url set nothing is attempted: messages wait, their attempts unspent.
 */
#ifndef SENDMIS_OUTBOX_H
#define SENDMIS_OUTBOX_H
#include "core/tmpl.h"
#include "domain/listing.h"
#include "store/db.h"
#include <signal.h>
#include <stdint.h>

struct mail_settings {
	char smtp_url[256], smtp_tls[16], smtp_user[128], smtp_password[256], smtp_ca_file[512];
	char from[256], from_name[128];
	char public_url[256], case_ref_prefix[8], la_name[128];
	int timeout_seconds, max_attempts, retry_seconds;
};
void mail_set_settings(const struct mail_settings *s);
const struct mail_settings *mail_settings(void);

/* "SM-000123": a case reference that says nothing about the child. */
void case_ref(int64_t person_id, char *out, size_t n);
/* A link for an email: public_url + path ("/people/12").  With public_url
 * not set (email is then off: the config requires it with smtp_url) the
 * path alone, never the address sendmis listens on. */
void mail_link(const char *path, char *out, size_t n);
/* The link to a person's record, public_url + "/people/ID". */
void mail_link_person(int64_t person_id, char *out, size_t n);

struct outbox_msg {
	const char *dedupe_key;     /* unique per notice, e.g. "advice:12:reminder:3" */
	const char *template;       /* templates/email/NAME.txt */
	const char *to_email, *to_name;
	int64_t contact_id, user_id, person_id, advice_id;   /* 0 = none */
};

enum { OUTBOX_QUEUED = 1, OUTBOX_DUPLICATE = 0, OUTBOX_CANCELLED = 2, OUTBOX_ERROR = -1 };
/* Renders and queues m (OUTBOX_QUEUED), or finds it queued before
 * (OUTBOX_DUPLICATE), or records it cancelled because the contact's email is
 * off (OUTBOX_CANCELLED).  OUTBOX_ERROR with err (template or store).  Runs
 * in the caller's transaction, if any. */
int outbox_queue(db *d, const struct outbox_msg *m, const struct tmpl_val *v, int nv, int64_t now,
                 char *err, size_t errlen);

/* At start: rows a stopped worker left "sending" become "unknown".  Returns how many. */
int outbox_recover(db *d);
/* What one sending of the outbox did: sent, to be tried again, failed for
 * good, not sent (the contact's email turned off since it was queued). */
struct outbox_report {
	int sent, retry, failed, cancelled;
};
/* Sends queued rows due at `now`, at most max (0 = all), until *stop; rep
 * (if not NULL) gets the counts.  Returns the number sent, -1 on a store
 * error.  A line per message at log_level debug only (log.h). */
int outbox_drain(db *d, int64_t now, int max, volatile sig_atomic_t *stop, struct outbox_report *rep);
/* A person asks for a failed, unknown or cancelled row to be sent again: 0,
 * or -1 if it is not in such a state. */
int outbox_retry(db *d, int64_t id, int64_t now);

#endif

/* ---- the outbox list (issue 15: every page costs the page) ----------------
 *
 * Every email, newest first or oldest first, all of them or one state: a
 * walk of the primary key, or of outbox(state) (migration 0014) for one
 * state, so a page reads its rows and those before it, and the CSV streams
 * every row from the same walk.  Counts stop at a cap (listing.h): the
 * sent emails of a busy year are many, and "more than N" says so. */

#define OUTBOX_STATE_BYTES 16
struct outbox_filter {
	char state[OUTBOX_STATE_BYTES];   /* queued sending sent failed unknown cancelled; "" = every one */
	int64_t person_id;                /* the emails about one child (outbox_person), any state; 0 = everyone's */
	enum list_order order;            /* by id: the order they were queued */
};
/* Whether s is a state the outbox holds (""= any is not one). */
int outbox_state_valid(const char *s);

/* One email of the list; the strings are valid until the next outbox_list_next. */
struct outbox_row {
	int64_t id, attempts, person_id;
	const char *created_at, *to_email, *to_name, *subject, *state, *last_error, *sent_at, *template;
};
struct outbox_list;
/* Opens the list from row `offset`, `limit` rows (LIST_ALL: every row).
 * 0, or -1 on a store error (nothing to close). */
int outbox_list_open(db *d, const struct outbox_filter *f, int64_t offset, int64_t limit, struct outbox_list **out);
/* 1 a row in *row, 0 at the end, -1 on a store error. */
int outbox_list_next(struct outbox_list *it, struct outbox_row *row);
void outbox_list_close(struct outbox_list *it);
/* The emails f selects, counted up to cap.  0 or -1. */
int outbox_count(db *d, const struct outbox_filter *f, int64_t cap, struct list_count *c);
/* The SQL the list walks and counts with (ends with a NULL sql), for the
 * tests' EXPLAIN QUERY PLAN. */
const struct list_query *outbox_list_queries(void);
