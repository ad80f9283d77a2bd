/* audit.c — see audit.h.  The table refuses UPDATE and DELETE by trigger. */
#include "domain/audit.h"
#include "core/date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The codes written by the domain's changes (change_audit), the web pages'
 * views and exports (req_audit), sign-in (session.c), the command line
 * (main.c) and the SEN2 import (sen2import.c). */
const struct audit_action audit_actions[] = {
	{"view", "Viewed"},
	{"create", "Added"},
	{"update", "Changed"},
	{"delete", "Removed"},
	{"allocate", "Allocated a caseworker"},
	{"export", "Exported"},
	{"download", "Downloaded"},
	{"report", "Made a report"},
	{"import", "Imported"},
	{"import_create", "Added by an import"},
	{"import_update", "Changed by an import"},
	{"retry", "Sent an email again"},
	{"merge", "Merged two records"},
	{"unmerge", "Undid a merge"},
	{"not_same", "Said two records are not the same child"},
	{"sign_in", "Signed in"},
	{"sign_in_failed", "Failed to sign in"},
	{"sign_out", "Signed out"},
};
const size_t audit_actions_n = sizeof audit_actions / sizeof audit_actions[0];

const char *audit_action_words(const char *code)
{
	for (size_t i = 0; code && i < audit_actions_n; i++)
		if (strcmp(audit_actions[i].code, code) == 0)
			return audit_actions[i].words;
	return code ? code : "";
}

static int insert(db *d, int64_t now, int64_t user_id, const char *action, const char *entity, int64_t entity_id,
                  int64_t person_id, const char *fields, const char *changes, const char *ip)
{
	char at[21];
	date_instant_iso(now, at);
	db_stmt *s = db_prepare(d, "INSERT INTO audit_events(at,user_id,action,entity,entity_id,person_id,fields,changes,ip) "
	                           "VALUES(?,?,?,?,?,?,?,?,?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, at);
	if (user_id) db_bind_int(s, 2, user_id); else db_bind_null(s, 2);
	db_bind_text(s, 3, action);
	db_bind_text(s, 4, entity);
	if (entity_id) db_bind_int(s, 5, entity_id); else db_bind_null(s, 5);
	if (person_id) db_bind_int(s, 6, person_id); else db_bind_null(s, 6);
	db_bind_opt_text(s, 7, fields);
	db_bind_opt_text(s, 8, changes);
	db_bind_opt_text(s, 9, ip);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

static const char *const audit_cols[] = {"at", "user_id", "action", "entity", "entity_id", "person_id", "fields",
                                           "changes", "ip"};

db_append *audit_appender(db *d)
{
	return db_append_open(d, "audit_events", audit_cols, (int)(sizeof audit_cols / sizeof audit_cols[0]));
}

int audit_append(db_append *a, int64_t now, int64_t user_id, const char *action, const char *entity,
                 int64_t entity_id, int64_t person_id, const char *fields, const char *changes)
{
	char at[21], user[24], eid[24], pid[24];
	date_instant_iso(now, at);
	snprintf(user, sizeof user, "%lld", (long long)user_id);
	snprintf(eid, sizeof eid, "%lld", (long long)entity_id);
	snprintf(pid, sizeof pid, "%lld", (long long)person_id);
	/* as insert() binds them: no user, entity or person is NULL; "" fields NULL */
	const char *v[] = {at, user_id ? user : NULL, action, entity, entity_id ? eid : NULL, person_id ? pid : NULL,
	                   fields && *fields ? fields : NULL, changes && *changes ? changes : NULL, NULL};
	return db_append_row(a, v);
}

int audit_write_quiet(db *d, int64_t now, int64_t user_id, const char *action, const char *entity,
                      int64_t entity_id, int64_t person_id, const char *fields, const char *changes)
{
	return insert(d, now, user_id, action, entity, entity_id, person_id, fields, changes, NULL);
}

static int echo = 1;

void audit_echo(int on)
{
	echo = on;
}

int audit_write(db *d, int64_t now, int64_t user_id, const char *action, const char *entity,
                int64_t entity_id, int64_t person_id, const char *fields, const char *changes,
                const char *ip)
{
	int rc = insert(d, now, user_id, action, entity, entity_id, person_id, fields, changes, ip);
	if (echo)
		fprintf(stderr, "audit user=%lld action=%s entity=%s id=%lld person=%lld fields=%s\n",
	        (long long)user_id, action, entity, (long long)entity_id, (long long)person_id,
	        fields ? fields : "");
	return rc;
}

/* ---- the trail as a list -------------------------------------------------------- */

/* ?1 user (0 any), ?2 action, ?3 entity ('' any), ?4 person (0 any), ?5 from
 * and ?6 before (instants: '' and '~' when open, so every walk is a range on
 * its index's time), ?7 the limit.  Each driver is an index with the time
 * after its key, so the ORDER BY is the index's own order. */
#define AUDIT_COLS \
	"SELECT a.id,a.at,COALESCE(u.username,''),COALESCE(u.display_name,''),a.action,a.entity,COALESCE(a.entity_id,0)," \
	"COALESCE(a.person_id,0),COALESCE(a.fields,''),COALESCE(a.ip,''),COALESCE(p.forename||' '||p.surname,'') " \
	"FROM audit_events a LEFT JOIN users u ON u.id=a.user_id LEFT JOIN people p ON p.id=a.person_id "
#define AUDIT_REST \
	" AND a.at>=?5 AND a.at<?6 AND (?1=0 OR a.user_id=?1) AND (?2='' OR a.action=?2) AND (?3='' OR a.entity=?3) " \
	"AND (?4=0 OR a.person_id=?4)"
#define AUDIT_PAGE(WHERE) \
	{AUDIT_COLS "WHERE " WHERE AUDIT_REST " ORDER BY a.at, a.id LIMIT ?7", \
	 AUDIT_COLS "WHERE " WHERE AUDIT_REST " ORDER BY a.at DESC, a.id DESC LIMIT ?7"}
#define AUDIT_COUNT(WHERE) "SELECT COUNT(*) FROM (SELECT 1 FROM audit_events a WHERE " WHERE AUDIT_REST " LIMIT ?7) AS n"

enum { BY_PERSON, BY_USER, BY_ACTION, BY_ENTITY, BY_TIME, AUDIT_DRIVERS };
#define AUDIT_DRIVE(X) X("a.person_id=?4"), X("a.user_id=?1"), X("a.action=?2"), X("a.entity=?3"), X("?4=0")
static const char *const audit_page_sql[AUDIT_DRIVERS][2] = {AUDIT_DRIVE(AUDIT_PAGE)};
static const char *const audit_count_sql[AUDIT_DRIVERS] = {AUDIT_DRIVE(AUDIT_COUNT)};

const struct list_query *audit_list_queries(void)
{
	static struct list_query all[3 * AUDIT_DRIVERS + 1];
	if (!all[0].sql)
		for (int i = 0; i < AUDIT_DRIVERS; i++) {
			all[3 * i] = (struct list_query){audit_page_sql[i][0], LQ_WALK};
			all[3 * i + 1] = (struct list_query){audit_page_sql[i][1], LQ_WALK};
			all[3 * i + 2] = (struct list_query){audit_count_sql[i], LQ_WALK};
		}
	return all;
}

/* The index that holds the most selective filter given. */
static int audit_driver(const struct audit_filter *f)
{
	if (f->person)
		return BY_PERSON;
	if (f->user)
		return BY_USER;
	/* an action and a record type: views outnumber everything else, so a
	 * record type with views is walked by the record type, any other action by
	 * the action (one index less on the table every view writes to) */
	if (f->action[0] && f->entity[0])
		return strcmp(f->action, "view") == 0 ? BY_ENTITY : BY_ACTION;
	if (f->action[0])
		return BY_ACTION;
	if (f->entity[0])
		return BY_ENTITY;
	return BY_TIME;
}

static int bind_audit(db_stmt *s, const void *ctx)
{
	const struct audit_filter *f = ctx;
	int rc = db_bind_int(s, 1, f->user);
	rc |= db_bind_text(s, 2, f->action);
	rc |= db_bind_text(s, 3, f->entity);
	rc |= db_bind_int(s, 4, f->person);
	rc |= db_bind_text(s, 5, f->from);
	rc |= db_bind_text(s, 6, f->to[0] ? f->to : "~");   /* after every instant ("YYYY-…") */
	return rc ? -1 : 0;
}

struct audit_list {
	struct audit_filter f;   /* a copy: a download reads on after the request is gone */
	struct list_walk w;
};

int audit_list_open(db *d, const struct audit_filter *f, int64_t offset, int64_t limit, struct audit_list **out)
{
	*out = NULL;
	struct audit_list *it = calloc(1, sizeof *it);
	if (!it)
		return -1;
	it->f = *f;
	list_walk_init(&it->w, d, &audit_page_sql[audit_driver(f)][f->order == LIST_DESC], 1, 7, bind_audit, &it->f,
	               offset, limit);
	*out = it;
	return 0;
}

int audit_list_next(struct audit_list *it, struct audit_row *row)
{
	int rc = list_walk_step(&it->w);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	db_stmt *s = it->w.s;
	row->id = db_col_int(s, 0);
	row->at = db_col_text(s, 1);
	row->username = db_col_text(s, 2);
	row->user_name = db_col_text(s, 3);
	row->action = db_col_text(s, 4);
	row->entity = db_col_text(s, 5);
	row->entity_id = db_col_int(s, 6);
	row->person_id = db_col_int(s, 7);
	row->fields = db_col_text(s, 8);
	row->ip = db_col_text(s, 9);
	row->person_name = db_col_text(s, 10);
	return 1;
}

void audit_list_close(struct audit_list *it)
{
	if (!it)
		return;
	list_walk_end(&it->w);
	free(it);
}

int audit_count(db *d, const struct audit_filter *f, int64_t cap, struct list_count *c)
{
	return list_count_capped(d, audit_count_sql[audit_driver(f)], 7, cap, bind_audit, f, c);
}
