/* engagement.c — co-production events and their actions (engagement.h). */
#include "domain/engagement.h"
#include "domain/entity.h"
#include "domain/listing.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define V(name) record_get(e, r, name)

static const struct code kinds[] = {
	{"forum", "Parent carer forum", 0, 0},
	{"workshop", "Workshop", 0, 0},
	{"young_people", "Young people's group", 0, 0},
	{"consultation", "Consultation", 0, 0},
	{"other", "Other", 0, 0},
};
const struct code_list codes_engagement_kind = {"engagement_kind", kinds, sizeof kinds / sizeof kinds[0]};

static const struct field event_fields[] = {
	{"event_date", "Date of the event", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0, "For example, 14 3 2026"},
	{"kind", "Kind of event", FT_CODE, FO_REQUIRED, &codes_engagement_kind, 0, 0, 0, NULL},
	{"title", "Title", FT_TEXT, FO_REQUIRED, NULL, 120, 0, 0, "For example, Parent carer forum: preparing for adulthood"},
	{"parents", "Parents and carers who took part", FT_INT, 0, NULL, 0, 0, 100000, "A number: no names"},
	{"young_people", "Children and young people who took part", FT_INT, 0, NULL, 0, 0, 100000, NULL},
	{"professionals", "Professionals who took part", FT_INT, 0, NULL, 0, 0, 100000, NULL},
	{"others", "Others who took part", FT_INT, 0, NULL, 0, 0, 100000, NULL},
	{"topics", "Topics", FT_TEXTAREA, 0, NULL, 2000, 0, 0, "What was discussed"},
};

static void event_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	long total = 0;
	for (int i = 3; i <= 6; i++)
		total += r->v[i] ? atol(r->v[i]) : 0;
	if (!err->n && total == 0)
		errs_add(err, "parents", "Enter how many took part from at least one group");
}

#define EVENT_COLS "event_date,kind,title,parents,young_people,professionals,others,topics"

const struct entity ent_engagement_event = {
	"engagement", "engagement event", NULL, event_fields, NF(event_fields),
	"SELECT event_date,kind,title,parents,young_people,professionals,others,topics,version,0,0 "
	"FROM engagement_events WHERE id=?",
	"INSERT INTO engagement_events(" EVENT_COLS ",created_by) VALUES(?,?,?,COALESCE(?,0),COALESCE(?,0),COALESCE(?,0),"
	"COALESCE(?,0),?,?) RETURNING id",
	"UPDATE engagement_events SET event_date=?,kind=?,title=?,parents=COALESCE(?,0),young_people=COALESCE(?,0),"
	"professionals=COALESCE(?,0),others=COALESCE(?,0),topics=?,version=version+1 WHERE id=? AND version=?",
	NULL, NULL, event_check, NULL, NULL, INS_USER, NULL, NULL, NULL,
};

static const struct field action_fields[] = {
	{"you_said", "You said", FT_TEXTAREA, FO_REQUIRED, NULL, 1000, 0, 0, "What families or young people told us"},
	{"we_did", "We did", FT_TEXTAREA, 0, NULL, 1000, 0, 0, "What changed as a result (fill in when done)"},
	{"owner", "Owner", FT_TEXT, FO_REQUIRED, NULL, 100, 0, 0, "Name and role"},
	{"due_date", "Due date", FT_DATE, 0, NULL, 0, 0, 0, "For example, 30 6 2026"},
	{"done_date", "Date done", FT_DATE, FO_NOT_FUTURE, NULL, 0, 0, 0, NULL},
};

static void action_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	const char *done = V("done_date"), *did = V("we_did");
	if (done && *done && !(did && *did))
		errs_add(err, "we_did", "Enter what we did: the action is marked done");
}

const struct entity ent_engagement_action = {
	"engagement-actions", "\"you said, we did\" action", "engagement", action_fields, NF(action_fields),
	"SELECT you_said,we_did,owner,due_date,done_date,version,event_id,0 FROM engagement_actions WHERE id=?",
	"INSERT INTO engagement_actions(event_id,you_said,we_did,owner,due_date,done_date) VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE engagement_actions SET you_said=?,we_did=?,owner=?,due_date=?,done_date=?,version=version+1 "
	"WHERE id=? AND version=?",
	"DELETE FROM engagement_actions WHERE id=? AND version=?",
	"SELECT 0 FROM engagement_events WHERE id=?", action_check, NULL, NULL, 0, NULL, NULL, NULL,
};

#define EVENT_ROW "SELECT e.id,e.event_date,e.kind,e.title,e.parents,e.young_people,e.professionals,e.others," \
	"(SELECT count(*) FROM engagement_actions a WHERE a.event_id=e.id)," \
	"(SELECT count(*) FROM engagement_actions a WHERE a.event_id=e.id AND a.done_date IS NULL),COALESCE(e.topics,'') " \
	"FROM engagement_events e "

static void event_row(db_stmt *s, struct eg_event *e)
{
	memset(e, 0, sizeof *e);
	e->id = db_col_int(s, 0);
	snprintf(e->date, sizeof e->date, "%s", db_col_text(s, 1));
	snprintf(e->kind, sizeof e->kind, "%s", db_col_text(s, 2));
	snprintf(e->title, sizeof e->title, "%s", db_col_text(s, 3));
	e->parents = (long)db_col_int(s, 4);
	e->young_people = (long)db_col_int(s, 5);
	e->professionals = (long)db_col_int(s, 6);
	e->others = (long)db_col_int(s, 7);
	e->actions = (int)db_col_int(s, 8);
	e->actions_open = (int)db_col_int(s, 9);
}

int engagement_each(db *d, int limit, int offset, eg_event_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, EVENT_ROW "ORDER BY e.event_date DESC, e.id DESC LIMIT ? OFFSET ?");
	if (!s)
		return -1;
	db_bind_int(s, 1, limit);
	db_bind_int(s, 2, offset);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct eg_event e;
		event_row(s, &e);
		fn(ctx, &e);
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

long engagement_count(db *d) { return (long)db_scalar_int(d, "SELECT count(*) FROM engagement_events", -1); }

int engagement_load(db *d, int64_t id, struct eg_event *e, char **topics)
{
	*topics = NULL;
	db_stmt *s = db_prepare(d, EVENT_ROW "WHERE e.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		event_row(s, e);
		*topics = strdup(db_col_text(s, 10));
	}
	db_done(s);
	return rc == DB_ROW ? (*topics ? 0 : -1) : rc == DB_DONE ? 1 : -1;
}

int engagement_actions(db *d, int64_t event_id, eg_action_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT id,you_said,COALESCE(we_did,''),owner,COALESCE(due_date,''),COALESCE(done_date,'') "
	                           "FROM engagement_actions WHERE event_id=? ORDER BY id LIMIT 200");
	if (!s)
		return -1;
	db_bind_int(s, 1, event_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct eg_action a = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                      db_col_text(s, 4), db_col_text(s, 5)};
		fn(ctx, &a);
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int engagement_quarters(db *d, struct eg_quarter *out, int max)
{
	db_stmt *s = db_prepare(d, "SELECT substr(e.event_date,1,4), (CAST(substr(e.event_date,6,2) AS INTEGER)+2)/3, count(*), "
	                           "sum(parents), sum(young_people), sum(professionals), sum(others), "
	                           "sum((SELECT count(*) FROM engagement_actions a WHERE a.event_id=e.id)), "
	                           "sum((SELECT count(*) FROM engagement_actions a WHERE a.event_id=e.id AND a.done_date IS NOT NULL)) "
	                           "FROM engagement_events e GROUP BY 1, 2 ORDER BY 1 DESC, 2 DESC LIMIT ?");
	if (!s)
		return -1;
	db_bind_int(s, 1, max);
	int n = 0, rc;
	while ((rc = db_step(s)) == DB_ROW && n < max) {
		struct eg_quarter *q = &out[n++];
		snprintf(q->quarter, sizeof q->quarter, "%.4s-Q%d", db_col_text(s, 0), (int)db_col_int(s, 1));
		q->events = (long)db_col_int(s, 2);
		q->parents = (long)db_col_int(s, 3);
		q->young_people = (long)db_col_int(s, 4);
		q->professionals = (long)db_col_int(s, 5);
		q->others = (long)db_col_int(s, 6);
		q->actions = (long)db_col_int(s, 7);
		q->done = (long)db_col_int(s, 8);
	}
	db_done(s);
	return rc == DB_DONE || rc == DB_ROW ? n : -1;
}

/* ---- the log, for a download ---------------------------------------------------------------- */

static const char *const log_sql[1] = {
	"SELECT e.id, e.event_date, e.kind, e.title, e.parents, e.young_people, e.professionals, e.others, "
	"COALESCE(e.topics,''), COALESCE(a.you_said,''), COALESCE(a.we_did,''), COALESCE(a.owner,''), "
	"COALESCE(a.due_date,''), COALESCE(a.done_date,'') FROM engagement_events e "
	"LEFT JOIN engagement_actions a ON a.event_id=e.id ORDER BY e.event_date DESC, e.id DESC, a.id LIMIT ?1"};

struct eg_log { struct list_walk w; };

static int bind_nothing(db_stmt *s, const void *ctx) { return 0; }

int engagement_log_open(db *d, struct eg_log **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return -1;
	list_walk_init(&(*out)->w, d, log_sql, 1, 1, bind_nothing, NULL, 0, LIST_ALL);
	return 0;
}

int engagement_log_next(struct eg_log *it, struct eg_log_row *row)
{
	int rc = list_walk_step(&it->w);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	db_stmt *s = it->w.s;
	*row = (struct eg_log_row){
		.id = db_col_int(s, 0), .date = db_col_text(s, 1), .kind = db_col_text(s, 2), .title = db_col_text(s, 3),
		.parents = (long)db_col_int(s, 4), .young_people = (long)db_col_int(s, 5),
		.professionals = (long)db_col_int(s, 6), .others = (long)db_col_int(s, 7), .topics = db_col_text(s, 8),
		.you_said = db_col_text(s, 9), .we_did = db_col_text(s, 10), .owner = db_col_text(s, 11),
		.due_date = db_col_text(s, 12), .done_date = db_col_text(s, 13)};
	return 1;
}

void engagement_log_close(struct eg_log *it)
{
	if (!it)
		return;
	list_walk_end(&it->w);
	free(it);
}

long engagement_log_rows(db *d)
{
	return (long)db_scalar_int(d, "SELECT (SELECT count(*) FROM engagement_events e WHERE NOT EXISTS (SELECT 1 FROM "
	                              "engagement_actions a WHERE a.event_id=e.id)) + (SELECT count(*) FROM engagement_actions)", -1);
}
