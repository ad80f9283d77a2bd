/* audit.h — the append-only audit trail. */
#ifndef SENDMIS_AUDIT_H
#define SENDMIS_AUDIT_H
#include "store/db.h"
#include "domain/listing.h"
#include <stdint.h>

/* Appends one event.  `fields` is a comma-separated list of changed field
 * names; `changes` is JSON with before/after values (stored in the database
 * only).  Also writes one log line to stderr with ids and field names only. */
int audit_write(db *d, int64_t now, int64_t user_id, const char *action, const char *entity,
                int64_t entity_id, int64_t person_id, const char *fields, const char *changes,
                const char *ip);

/* Whether audit_write also writes its line to stderr (the server's log):
 * on, unless a bulk command (the demo) turns it off while it writes. */
void audit_echo(int on);

/* Audit rows in bulk (sendmis sen2 import, which logs once for the whole):
 * an appender on the trail (store/db.h), and a row added to it, as
 * audit_write_quiet writes one.  NULL or -1 on error. */
db_append *audit_appender(db *d);
int audit_append(db_append *a, int64_t now, int64_t user_id, const char *action, const char *entity,
                 int64_t entity_id, int64_t person_id, const char *fields, const char *changes);

/* The same without the log line, for bulk changes that log once for the
 * whole (sendmis sen2 import: one line with the counts). */
int audit_write_quiet(db *d, int64_t now, int64_t user_id, const char *action, const char *entity,
                      int64_t entity_id, int64_t person_id, const char *fields, const char *changes);

/* What each action code means, in words, for the people who read the trail
 * (the audit page and its filter): every code a caller writes is here. */
struct audit_action {
	const char *code, *words;
};
extern const struct audit_action audit_actions[];
extern const size_t audit_actions_n;
/* The words for a code; the code itself if it is not in the table. */
const char *audit_action_words(const char *code);

/* ---- the trail as a list (issue 15: every page costs the page) ----------
 *
 * The audit table grows with every view of a child's record, so the trail
 * is never read whole: each filter has an index that holds it with the
 * time (a child: audit_person; a user: audit_user; an action or a record
 * type: migration 0014; none: audit_at), and the list walks the most
 * selective one given — a child, then a user, then an action, then a
 * record type (both: the record type when the action is a view, which
 * outnumber the rest) — over the dates asked for, newest or oldest first,
 * with the other filters checked on the rows it passes.  A page reads its
 * rows and those before it; the count stops at a cap and says "more than
 * N" (counting every view ever made would read the table).  What remains:
 * a filter the chosen index does not hold that matches few of its rows
 * (one rare action among a busy user's views) walks that user's rows. */
#define AUDIT_ACTION_BYTES 32
#define AUDIT_ENTITY_BYTES 48
#define AUDIT_INSTANT_BYTES 24
struct audit_filter {
	int64_t user;                       /* 0 = anyone */
	int64_t person;                     /* 0 = any child, or none */
	char action[AUDIT_ACTION_BYTES];    /* "" = any */
	char entity[AUDIT_ENTITY_BYTES];    /* "" = any */
	char from[AUDIT_INSTANT_BYTES];     /* first instant, "" = open */
	char to[AUDIT_INSTANT_BYTES];       /* instant before which, "" = open */
	enum list_order order;              /* by when */
};
/* One event; the strings are valid until the next audit_list_next. */
struct audit_row {
	int64_t id, entity_id, person_id;
	const char *at, *username, *user_name, *action, *entity, *fields, *ip, *person_name;
};
struct audit_list;
/* The events f selects from row `offset`, `limit` rows (LIST_ALL: every
 * one).  0, or -1 on a store error. */
int audit_list_open(db *d, const struct audit_filter *f, int64_t offset, int64_t limit, struct audit_list **out);
/* 1 a row, 0 the end, -1 a store error. */
int audit_list_next(struct audit_list *it, struct audit_row *row);
void audit_list_close(struct audit_list *it);
/* The events f selects, counted up to cap.  0 or -1. */
int audit_count(db *d, const struct audit_filter *f, int64_t cap, struct list_count *c);
/* Every statement the list runs (ends with a NULL sql): the tests' EXPLAIN. */
const struct list_query *audit_list_queries(void);

#endif
