/* audit.c — see audit.h.  The table refuses UPDATE and DELETE by trigger. */
#include "domain/audit.h"
#include "core/date.h"
#include <stdio.h>
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

int audit_write_quiet(db *d, int64_t now, int64_t user_id, const char *action, const char *entity,
                      int64_t entity_id, int64_t person_id, const char *fields, const char *changes)
{
	return insert(d, now, user_id, action, entity, entity_id, person_id, fields, changes, NULL);
}

int audit_write(db *d, int64_t now, int64_t user_id, const char *action, const char *entity,
                int64_t entity_id, int64_t person_id, const char *fields, const char *changes,
                const char *ip)
{
	int rc = insert(d, now, user_id, action, entity, entity_id, person_id, fields, changes, ip);
	fprintf(stderr, "audit user=%lld action=%s entity=%s id=%lld person=%lld fields=%s\n",
	        (long long)user_id, action, entity, (long long)entity_id, (long long)person_id,
	        fields ? fields : "");
	return rc;
}
