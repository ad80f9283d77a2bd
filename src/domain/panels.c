/* panels.c — see panels.h. */
#include "domain/panels.h"
#include <string.h>

static int finish(db_stmt *s, int rc)
{
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

static int panel_rows(db_stmt *s, panel_row_fn fn, void *ctx)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct panel_row p = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                      db_col_int(s, 4), db_col_int(s, 5)};
		if (fn(ctx, &p))
			break;
	}
	return finish(s, rc);
}

int panels_each(db *d, panel_row_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d,
		"SELECT n.id, n.kind, n.meeting_date, COALESCE(n.title,''), COUNT(c.id), "
		"SUM(CASE WHEN c.decision IS NOT NULL THEN 1 ELSE 0 END) FROM panels n "
		"LEFT JOIN panel_cases c ON c.panel_id=n.id GROUP BY n.id ORDER BY n.meeting_date DESC, n.id DESC LIMIT 200");
	return s ? panel_rows(s, fn, ctx) : -1;
}

int panels_from_each(db *d, day_t from, panel_row_fn fn, void *ctx)
{
	char day[11];
	date_format_iso(from, day);
	db_stmt *s = db_prepare(d, "SELECT id, kind, meeting_date, COALESCE(title,''), 0, 0 FROM panels "
	                           "WHERE meeting_date>=?1 ORDER BY meeting_date, id");
	if (!s)
		return -1;
	db_bind_text(s, 1, day);
	return panel_rows(s, fn, ctx);
}

static int case_rows(db_stmt *s, panel_case_fn fn, void *ctx)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct panel_case_row c = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                           db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6)};
		if (fn(ctx, &c))
			break;
	}
	return finish(s, rc);
}

int panel_cases_each(db *d, int64_t panel_id, panel_case_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d,
		"SELECT c.id, p.id, p.forename, p.surname, COALESCE(q.received_date,''), COALESCE(c.decision,''), "
		"COALESCE(c.notes,'') FROM panel_cases c JOIN people p ON p.id=c.person_id "
		"LEFT JOIN requests q ON q.id=c.request_id WHERE c.panel_id=? ORDER BY p.surname, p.forename, c.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, panel_id);
	return case_rows(s, fn, ctx);
}

/* Requests waiting for the decision this kind of panel makes, not already on it. */
static const char q_waiting_assess[] =
	"SELECT q.id, p.id, p.forename, p.surname, q.received_date, '', '' FROM requests q "
	"JOIN people p ON p.id=q.person_id "
	"WHERE q.outcome IS NULL AND NOT EXISTS(SELECT 1 FROM panel_cases c WHERE c.panel_id=?1 AND c.person_id=p.id) "
	"ORDER BY q.received_date, q.id LIMIT 50";
static const char q_waiting_issue[] =
	"SELECT q.id, p.id, p.forename, p.surname, q.received_date, '', '' FROM requests q "
	"JOIN people p ON p.id=q.person_id "
	"JOIN assessments a ON a.request_id=q.id WHERE q.outcome='Y' AND a.outcome IS NULL "
	"AND NOT EXISTS(SELECT 1 FROM panel_cases c WHERE c.panel_id=?1 AND c.person_id=p.id) "
	"ORDER BY q.received_date, q.id LIMIT 50";

int panel_waiting_each(db *d, int64_t panel_id, const char *kind, panel_case_fn fn, void *ctx)
{
	const char *sql = !kind ? NULL : !strcmp(kind, "assess") ? q_waiting_assess
	                : !strcmp(kind, "issue") ? q_waiting_issue : NULL;
	if (!sql)
		return 0;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	db_bind_int(s, 1, panel_id);
	return case_rows(s, fn, ctx);
}

int closures_each(db *d, int64_t establishment_id, closure_fn fn, void *ctx)
{
	db_stmt *s = establishment_id
		? db_prepare(d, "SELECT c.id, c.establishment_id, '', c.start_date, c.end_date, COALESCE(c.description,'') "
		                "FROM closures c WHERE c.establishment_id=? ORDER BY c.start_date DESC, c.id DESC")
		: db_prepare(d, "SELECT c.id, COALESCE(e.id,0), COALESCE(e.name,''), c.start_date, c.end_date, "
		                "COALESCE(c.description,'') FROM closures c LEFT JOIN establishments e "
		                "ON e.id=c.establishment_id ORDER BY c.start_date DESC, c.id DESC LIMIT 500");
	if (!s)
		return -1;
	if (establishment_id)
		db_bind_int(s, 1, establishment_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct closure_row c = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                        db_col_text(s, 4), db_col_text(s, 5)};
		if (fn(ctx, &c))
			break;
	}
	return finish(s, rc);
}
