/* audit.h — the append-only audit trail. */
#ifndef SENDMIS_AUDIT_H
#define SENDMIS_AUDIT_H
#include "store/db.h"
#include <stdint.h>

/* Appends one event.  `fields` is a comma-separated list of changed field
 * names; `changes` is JSON with before/after values (stored in the database
 * only).  Also writes one log line to stderr with ids and field names only. */
int audit_write(db *d, int64_t now, int64_t user_id, const char *action, const char *entity,
                int64_t entity_id, int64_t person_id, const char *fields, const char *changes,
                const char *ip);

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

#endif
