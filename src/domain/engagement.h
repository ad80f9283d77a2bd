/* engagement.h — co-production: the log of engagement events and their
 * "you said, we did" actions (migration 0024; docs/engagement.md).
 *
 * DESIGN: an event and an action are entities (entity.h), so their forms,
 * checks, versions and audit rows are the engine's; this file adds the
 * reads: the events newest first, an event's actions, and the counts per
 * quarter the improvement plan reports.
 */
#ifndef SENDMIS_ENGAGEMENT_H
#define SENDMIS_ENGAGEMENT_H
#include "core/codes.h"
#include "store/db.h"
#include <stdint.h>

struct entity;
extern const struct entity ent_engagement_event, ent_engagement_action;
extern const struct code_list codes_engagement_kind;  /* forum workshop young_people consultation other */

struct eg_event {
	int64_t id;
	char date[11], kind[16], title[404];
	long parents, young_people, professionals, others;
	int actions, actions_open;
};
/* Events newest first, at most limit, from offset. */
typedef void (*eg_event_fn)(void *ctx, const struct eg_event *e);
int engagement_each(db *d, int limit, int offset, eg_event_fn fn, void *ctx);
long engagement_count(db *d);
int engagement_load(db *d, int64_t id, struct eg_event *e, char **topics);   /* 0, 1 not found, -1 */

struct eg_action {
	int64_t id;
	const char *you_said, *we_did, *owner, *due_date, *done_date;
};
typedef void (*eg_action_fn)(void *ctx, const struct eg_action *a);
int engagement_actions(db *d, int64_t event_id, eg_action_fn fn, void *ctx);

/* Events per quarter ("2026-Q3"), with those taking part, newest first (at most 40 quarters). */
struct eg_quarter { char quarter[8]; long events, parents, young_people, professionals, others, actions, done; };
int engagement_quarters(db *d, struct eg_quarter *out, int max);

/* The whole log for a download: each event with each of its actions (one
 * row an action; an event without actions once, its action fields ""),
 * newest event first, read as the download is sent (listing.h). */
struct eg_log_row {
	int64_t id;
	const char *date, *kind, *title, *topics, *you_said, *we_did, *owner, *due_date, *done_date;
	long parents, young_people, professionals, others;
};
struct eg_log;
int engagement_log_open(db *d, struct eg_log **out);                  /* 0 or -1 */
int engagement_log_next(struct eg_log *it, struct eg_log_row *row);  /* 1 a row, 0 the end, -1 */
void engagement_log_close(struct eg_log *it);
long engagement_log_rows(db *d);                                      /* the rows the log has, -1 */

#endif
