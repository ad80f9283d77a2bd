/* search.c — see search.h. */
#include "domain/search.h"
#include <stdio.h>
#include <string.h>

/* the rows read for `max` children: a record's tabs are several views each */
#define VIEWS_READ 200

int recent_views(db *d, int64_t user_id, int max, struct recent_row *out)
{
	db_stmt *s = db_prepare(d, "SELECT v.person_id, v.at, p.forename, p.surname, p.dob, COALESCE(p.merged_into,0) "
	                           "FROM (SELECT person_id, at, id FROM audit_events WHERE user_id=?1 AND action='view' "
	                           "AND entity='people' ORDER BY id DESC LIMIT ?2) v CROSS JOIN people p "
	                           "WHERE p.id=v.person_id ORDER BY v.id DESC");
	if (!s)
		return -1;
	if (db_bind_int(s, 1, user_id) | db_bind_int(s, 2, VIEWS_READ)) {
		db_done(s);
		return -1;
	}
	int n = 0, rc;
	while (n < max && (rc = db_step(s)) == DB_ROW) {
		int64_t id = db_col_int(s, 0);
		int seen = 0;
		for (int i = 0; i < n && !seen; i++)
			seen = out[i].id == id;
		if (seen)
			continue;
		struct recent_row *r = &out[n++];
		memset(r, 0, sizeof *r);
		r->id = id;
		snprintf(r->at, sizeof r->at, "%s", db_col_text(s, 1));
		snprintf(r->forename, sizeof r->forename, "%s", db_col_text(s, 2));
		snprintf(r->surname, sizeof r->surname, "%s", db_col_text(s, 3));
		snprintf(r->dob, sizeof r->dob, "%s", db_col_text(s, 4));
		r->merged_into = db_col_int(s, 5);
	}
	db_done(s);
	return n < max && rc != DB_DONE ? -1 : n;
}
