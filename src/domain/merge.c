/* merge.c — see merge.h. */
#include "domain/merge.h"
#include "domain/change.h"
#include "core/date.h"
#include "core/grow.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOVE(t, label) \
	{#t, label, MERGE_MOVE, "SELECT id FROM " #t " WHERE person_id=? ORDER BY id", \
	 "UPDATE " #t " SET person_id=?1 WHERE id=?2 AND person_id=?3"}

/* Every table with a person_id column, and what a merge does with it.  A
 * new table with a person_id must be added here (test_merge.c fails until
 * it is).  Rows reached through another (a plan's reviews, named settings
 * and phase transfers; a request's assessment; a placement's visits carry
 * their own person_id too) follow the row they belong to. */
const struct merge_table merge_tables[] = {
	MOVE(requests, "requests for assessment"),
	MOVE(plans, "EHC plans (with their reviews, named settings and phase transfers)"),
	/* a need moves with its rank: after the kept child's (merge), back to its own (undo) */
	{"needs", "needs", MERGE_MOVE, "SELECT id FROM needs WHERE person_id=? ORDER BY rank, id",
	 "UPDATE needs SET person_id=?1, rank=?4 WHERE id=?2 AND person_id=?3"},
	MOVE(placements, "placements"),
	MOVE(visits, "monitoring visits"),
	MOVE(notes, "notes"),
	MOVE(allocations, "caseworker allocations"),
	MOVE(clock_exceptions, "exceptions to the timescales"),
	MOVE(panel_cases, "panel cases"),
	MOVE(advice_requests, "advice requests"),
	MOVE(letters, "letters"),
	MOVE(outbox, "emails"),
	MOVE(person_contacts, "family contacts"),
	MOVE(person_capacity, "mental capacity records"),
	MOVE(person_consents, "consents to share information"),
	MOVE(person_views, "records of views"),
	MOVE(documents, "documents (with their bytes)"),
	MOVE(qa_audits, "quality assurance audits of the plans"),   /* issue 17: with the plans they audit */
	MOVE(qa_actions, "quality assurance actions"),
	MOVE(survey_invitations, "survey invitations"),
	MOVE(survey_responses, "survey responses linked to the child"),
	{"clock_steps", "statutory timeline steps", MERGE_DERIVED, NULL, NULL},
	{"clock_people", "where the child is today", MERGE_DERIVED, NULL, NULL},
	{"audit_events", "audit rows", MERGE_KEEP, NULL, NULL},
};
const size_t merge_tables_n = sizeof merge_tables / sizeof merge_tables[0];
_Static_assert(sizeof merge_tables / sizeof merge_tables[0] <= MERGE_TABLES_MAX, "MERGE_TABLES_MAX");

/* Reads that do not change a record: they never stop an undo. */
#define READ_ACTIONS "'view','export','download','report'"

static int step_done(db_stmt *s)
{
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

/* Runs a prepared statement whose bindings went as `bound` says (0: all
 * bound), and releases it.  0 done, -1 not. */
static int run(db_stmt *s, int bound)
{
	if (!s)
		return -1;
	if (bound != 0) {
		db_done(s);
		return -1;
	}
	return step_done(s);
}

static db_stmt *prep_ids(db *d, const char *sql, int64_t a, int64_t b)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return NULL;
	if (db_bind_int(s, 1, a) < 0 || (b >= 0 && db_bind_int(s, 2, b) < 0)) {
		db_done(s);
		return NULL;
	}
	return s;
}

/* ---- likely duplicates ------------------------------------------------------ */

/* The other children with ?1's date of birth and name (people_dup_name), or
 * date of birth and postcode (people_dup_postcode), neither merged. */
#define DUP_OF(P) \
	"SELECT q.id AS id, 1 AS n, 0 AS pc FROM people p CROSS JOIN people q WHERE p.id=" P " AND p.merged_into IS NULL " \
	"AND q.dob=p.dob AND lower(q.surname)=lower(p.surname) AND lower(q.forename)=lower(p.forename) " \
	"AND q.id<>p.id AND q.merged_into IS NULL " \
	"UNION ALL SELECT q.id, 0, 1 FROM people p CROSS JOIN people q WHERE p.id=" P " AND p.merged_into IS NULL " \
	"AND p.postcode<>'' AND q.dob=p.dob AND q.postcode=p.postcode AND q.id<>p.id AND q.merged_into IS NULL"
#define LO(a, b) "CASE WHEN " a "<" b " THEN " a " ELSE " b " END"
#define HI(a, b) "CASE WHEN " a "<" b " THEN " b " ELSE " a " END"

int dup_refresh(db *d, int64_t person_id)
{
	db_stmt *s = prep_ids(d, "DELETE FROM dup_pairs WHERE lo=?1 OR hi=?1", person_id, -1);
	if (!s || step_done(s) < 0)
		return -1;
	s = prep_ids(d,
	             "INSERT INTO dup_pairs(lo,hi,same_name,same_postcode) "
	             "SELECT " LO("?1", "x.id") ", " HI("?1", "x.id") ", MAX(x.n), MAX(x.pc) FROM (" DUP_OF("?1") ") x "
	             "WHERE NOT EXISTS(SELECT 1 FROM dup_not_same z WHERE z.lo=" LO("?1", "x.id") " AND z.hi=" HI("?1", "x.id") ") "
	             "GROUP BY x.id",
	             person_id, -1);
	return s ? step_done(s) : -1;
}

int dup_rebuild(db *d)
{
	if (db_exec(d, "DELETE FROM dup_pairs") < 0)
		return -1;
	/* each child's later namesakes: p walks people, the pairs are (p, q) with q later */
	return db_exec(d,
	               "INSERT INTO dup_pairs(lo,hi,same_name,same_postcode) "
	               "SELECT a.id, q.id, MAX(CASE WHEN lower(q.surname)=lower(a.surname) AND lower(q.forename)=lower(a.forename) "
	               "THEN 1 ELSE 0 END), MAX(CASE WHEN q.postcode IS NOT NULL AND q.postcode<>'' AND q.postcode=a.postcode "
	               "THEN 1 ELSE 0 END) "
	               "FROM people a CROSS JOIN people q WHERE a.merged_into IS NULL AND q.merged_into IS NULL AND q.id>a.id "
	               "AND q.dob=a.dob AND ((lower(q.surname)=lower(a.surname) AND lower(q.forename)=lower(a.forename)) "
	               "OR (a.postcode<>'' AND q.postcode=a.postcode)) "
	               "AND NOT EXISTS(SELECT 1 FROM dup_not_same z WHERE z.lo=a.id AND z.hi=q.id) "
	               "GROUP BY a.id, q.id");
}

/* The list has no filter: nothing to bind but its LIMIT (the walk's). */
static int bind_nothing(db_stmt *s, const void *ctx)
{
	(void)s;
	(void)ctx;
	return 0;
}

int dup_count(db *d, int64_t cap, struct list_count *c)
{
	return list_count_capped(d, "SELECT COUNT(*) FROM (SELECT 1 FROM dup_pairs LIMIT ?1) AS n", 1, cap, bind_nothing, NULL,
	                         c);
}

static const char *const dup_list_sql[] = {
	"SELECT d.lo, d.hi, d.same_name, d.same_postcode, a.forename, a.surname, COALESCE(a.postcode,''), "
	"b.forename, b.surname, COALESCE(b.postcode,''), a.dob "
	"FROM dup_pairs d CROSS JOIN people a CROSS JOIN people b WHERE a.id=d.lo AND b.id=d.hi "
	"ORDER BY d.lo, d.hi LIMIT ?1",
};

int dup_each(db *d, int64_t offset, int64_t limit, int (*fn)(void *ctx, const struct dup_row *r), void *ctx)
{
	struct list_walk w;
	list_walk_init(&w, d, dup_list_sql, 1, 1, bind_nothing, NULL, offset, limit);
	int rc;
	while ((rc = list_walk_step(&w)) == DB_ROW) {
		struct dup_row r;
		memset(&r, 0, sizeof r);
		r.lo = db_col_int(w.s, 0);
		r.hi = db_col_int(w.s, 1);
		r.same_name = (int)db_col_int(w.s, 2);
		r.same_postcode = (int)db_col_int(w.s, 3);
		snprintf(r.lo_forename, sizeof r.lo_forename, "%s", db_col_text(w.s, 4));
		snprintf(r.lo_surname, sizeof r.lo_surname, "%s", db_col_text(w.s, 5));
		snprintf(r.lo_postcode, sizeof r.lo_postcode, "%s", db_col_text(w.s, 6));
		snprintf(r.hi_forename, sizeof r.hi_forename, "%s", db_col_text(w.s, 7));
		snprintf(r.hi_surname, sizeof r.hi_surname, "%s", db_col_text(w.s, 8));
		snprintf(r.hi_postcode, sizeof r.hi_postcode, "%s", db_col_text(w.s, 9));
		snprintf(r.dob, sizeof r.dob, "%s", db_col_text(w.s, 10));
		if (fn(ctx, &r))
			break;
	}
	list_walk_end(&w);
	return rc == DB_ERROR ? -1 : 0;
}

int dup_not_same(db *d, const struct actor *who, int64_t a, int64_t b)
{
	int64_t lo = a < b ? a : b, hi = a < b ? b : a;
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return -1;
	db_stmt *s = prep_ids(d, "SELECT 1 FROM dup_pairs WHERE lo=?1 AND hi=?2", lo, hi);
	int rc = s ? db_step(s) : DB_ERROR;
	if (s)
		db_done(s);
	if (rc != DB_ROW) {
		change_rollback(&c);
		return rc == DB_DONE ? MERGE_NOT_FOUND : -1;
	}
	char at[21];
	date_instant_iso(who->now, at);
	s = db_prepare(d, "INSERT INTO dup_not_same(lo,hi,user_id,at) VALUES(?,?,?,?)");
	if (!s || run(s, db_bind_int(s, 1, lo) | db_bind_int(s, 2, hi) |
	                 (who->user_id ? db_bind_int(s, 3, who->user_id) : db_bind_null(s, 3)) | db_bind_text(s, 4, at)) < 0)
		change_fail(&c);
	s = prep_ids(d, "DELETE FROM dup_pairs WHERE lo=?1 AND hi=?2", lo, hi);
	if (!s || step_done(s) < 0)
		change_fail(&c);
	char fields[48];
	snprintf(fields, sizeof fields, "%lld", (long long)hi);
	change_audit(&c, "not_same", "people", lo, lo, fields, NULL);
	snprintf(fields, sizeof fields, "%lld", (long long)lo);
	change_audit(&c, "not_same", "people", hi, hi, fields, NULL);
	return change_commit(&c) == 0 ? MERGE_OK : -1;
}

/* ---- merging ------------------------------------------------------------------ */

/* A person's version and merged_into: 1, 0 none, -1. */
static int person_state(db *d, int64_t id, int64_t *version, int64_t *merged_into)
{
	db_stmt *s = prep_ids(d, "SELECT version, COALESCE(merged_into,0) FROM people WHERE id=?", id, -1);
	if (!s)
		return -1;
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*version = db_col_int(s, 0);
		*merged_into = db_col_int(s, 1);
	}
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int64_t count_rows(db *d, const char *select_ids, int64_t person)
{
	/* the ids are few (one child's); counting them in C keeps one statement per table */
	db_stmt *s = prep_ids(d, select_ids, person, -1);
	if (!s)
		return -1;
	int64_t n = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		n++;
	db_done(s);
	return rc == DB_DONE ? n : -1;
}

static int64_t scalar2(db *d, const char *sql, int64_t a, int64_t b)
{
	db_stmt *s = prep_ids(d, sql, a, b);
	if (!s)
		return -1;
	int64_t v = -1;
	int rc = db_step(s);
	if (rc == DB_ROW)
		v = db_col_int(s, 0);
	else if (rc == DB_DONE)
		v = 0;
	db_done(s);
	return v;
}

static void problem(struct merge_preview *p, const char *msg)
{
	if (p->nproblems < (int)(sizeof p->problems / sizeof p->problems[0]))
		snprintf(p->problems[p->nproblems++], sizeof p->problems[0], "%s", msg);
}

int merge_preview(db *d, int64_t kept, int64_t absorbed, struct merge_preview *p)
{
	memset(p, 0, sizeof *p);
	if (kept == absorbed)
		return MERGE_NOT_FOUND;
	int a = person_state(d, kept, &p->kept_version, &p->kept_merged_into);
	int b = person_state(d, absorbed, &p->absorbed_version, &p->absorbed_merged_into);
	if (a < 0 || b < 0)
		return -1;
	if (!a || !b)
		return MERGE_NOT_FOUND;
	for (size_t i = 0; i < merge_tables_n; i++) {
		if (merge_tables[i].how != MERGE_MOVE)
			continue;
		int64_t n = count_rows(d, merge_tables[i].select_ids, absorbed);
		int64_t k = count_rows(d, merge_tables[i].select_ids, kept);
		if (n < 0 || k < 0)
			return -1;
		p->moving[i] = (int)n;
		p->kept_rows[i] = (int)k;
		p->moving_total += (int)n;
	}
	if (p->kept_merged_into)
		problem(p, "The record to keep has itself been merged into another record.");
	if (p->absorbed_merged_into)
		problem(p, "The other record has already been merged into another record.");
	int64_t v = scalar2(d,
	                    "SELECT COUNT(*) FROM plans x CROSS JOIN plans y WHERE x.person_id=?1 AND x.status='active' "
	                    "AND y.person_id=?2 AND y.status='active'",
	                    kept, absorbed);
	if (v < 0)
		return -1;
	if (v)
		problem(p, "Both records have an active EHC plan. Cease the plan that should not continue, then merge.");
	v = scalar2(d,
	            "SELECT COUNT(*) FROM panel_cases x CROSS JOIN panel_cases y WHERE x.person_id=?1 AND y.person_id=?2 "
	            "AND y.panel_id=x.panel_id",
	            kept, absorbed);
	if (v < 0)
		return -1;
	if (v)
		problem(p, "Both records are on the same panel's list. Remove one of them from the panel, then merge.");
	v = scalar2(d,
	            "SELECT COUNT(*) FROM person_contacts x CROSS JOIN person_contacts y WHERE x.person_id=?1 "
	            "AND x.relationship='self' AND y.person_id=?2 AND y.relationship='self'",
	            kept, absorbed);
	if (v < 0)
		return -1;
	if (v)
		problem(p, "Both records have the young person as their own contact. Remove that contact from the record "
		           "on the right, then merge.");
	v = scalar2(d,
	            "SELECT COUNT(*) FROM person_capacity x CROSS JOIN person_capacity y WHERE x.person_id=?1 AND y.person_id=?2",
	            kept, absorbed);
	if (v < 0)
		return -1;
	if (v)
		problem(p, "Both records have a mental capacity record, and a child has one. Correct the record to keep so "
		           "that its capacity record says what is right; the two cannot be merged while both have one.");
	v = scalar2(d, "SELECT (SELECT COALESCE(MAX(rank),0) FROM needs WHERE person_id=?1) + "
	               "(SELECT COUNT(*) FROM needs WHERE person_id=?2)", kept, absorbed);
	if (v < 0)
		return -1;
	if (v > 9)
		problem(p, "Together the two records have more than 9 needs. Remove the needs recorded twice, then merge.");
	return MERGE_OK;
}

struct moved { const struct merge_table *t; int64_t id; };

int merge_people(db *d, const struct actor *who, int64_t kept, int64_t absorbed, int64_t kept_version,
                 int64_t absorbed_version, int64_t *merge_id, struct errs *e)
{
	struct change c;
	*merge_id = 0;
	if (change_begin(&c, d, who) < 0)
		return -1;
	struct merge_preview p;
	int rc = merge_preview(d, kept, absorbed, &p);
	if (rc != MERGE_OK) {
		change_rollback(&c);
		return rc;
	}
	if (p.kept_version != kept_version || p.absorbed_version != absorbed_version) {
		change_rollback(&c);
		errs_add(e, "merge", "One of the records has been changed since you looked at them. Check them again, then merge.");
		return MERGE_STALE;
	}
	if (p.nproblems) {
		change_rollback(&c);
		for (int i = 0; i < p.nproblems; i++)
			errs_add(e, "merge", "%s", p.problems[i]);
		return MERGE_REFUSED;
	}
	char at[21], today[11];
	date_instant_iso(who->now, at);
	date_format_iso(who->today, today);
	db_stmt *s = db_prepare(d, "INSERT INTO merges(kept_id,absorbed_id,merged_at,merged_by,audit_id,absorbed_version,rows_moved) "
	                           "VALUES(?,?,?,?,0,?,?) RETURNING id");
	if (!s || db_bind_int(s, 1, kept) < 0 || db_bind_int(s, 2, absorbed) < 0 || db_bind_text(s, 3, at) < 0 ||
	    (who->user_id ? db_bind_int(s, 4, who->user_id) : db_bind_null(s, 4)) < 0 ||
	    db_bind_int(s, 5, absorbed_version) < 0 || db_bind_int(s, 6, p.moving_total) < 0 || db_step(s) != DB_ROW) {
		if (s)
			db_done(s);
		change_rollback(&c);
		return -1;
	}
	int64_t mid = db_col_int(s, 0);
	db_done(s);

	int64_t need_rank = scalar2(d, "SELECT COALESCE(MAX(rank),0) FROM needs WHERE person_id=?", kept, -1);
	int64_t kept_open = scalar2(d, "SELECT COUNT(*) FROM allocations WHERE person_id=? AND end_date IS NULL", kept, -1);
	int ok = need_rank >= 0 && kept_open >= 0;
	for (size_t i = 0; ok && i < merge_tables_n; i++) {
		const struct merge_table *t = &merge_tables[i];
		if (t->how != MERGE_MOVE)
			continue;
		/* the ids first: the rows are then changed one by one */
		int64_t *ids = NULL;
		int n = 0, cap = 0;
		db_stmt *q = prep_ids(d, t->select_ids, absorbed, -1);
		int src = q ? DB_ROW : DB_ERROR;
		while (q && (src = db_step(q)) == DB_ROW) {
			if (ARRAY_RESERVE(ids, cap, n + 1, 16) < 0) {
				src = DB_ERROR;
				break;
			}
			ids[n++] = db_col_int(q, 0);
		}
		if (q)
			db_done(q);
		ok = src == DB_DONE;
		int is_needs = !strcmp(t->table, "needs"), is_alloc = !strcmp(t->table, "allocations");
		for (int k = 0; ok && k < n; k++) {
			int64_t old_rank = -1;
			int ended = 0;
			if (is_needs) {
				old_rank = scalar2(d, "SELECT rank FROM needs WHERE id=?", ids[k], -1);
				ok = old_rank > 0;
			} else if (is_alloc && kept_open) {
				db_stmt *u = db_prepare(d, "UPDATE allocations SET end_date=?1 WHERE id=?2 AND end_date IS NULL");
				ok = u && run(u, db_bind_text(u, 1, today) | db_bind_int(u, 2, ids[k])) == 0;
				ended = ok && db_changes(d) == 1;
			}
			db_stmt *m = ok ? db_prepare(d, "INSERT INTO merge_rows(merge_id,tbl,row_id,old_rank,ended) VALUES(?,?,?,?,?)") : NULL;
			ok = ok && m &&
			     run(m, db_bind_int(m, 1, mid) | db_bind_text(m, 2, t->table) | db_bind_int(m, 3, ids[k]) |
			                (old_rank > 0 ? db_bind_int(m, 4, old_rank) : db_bind_null(m, 4)) | db_bind_int(m, 5, ended)) == 0;
			db_stmt *u = ok ? db_prepare(d, t->move) : NULL;
			ok = ok && u &&
			     run(u, db_bind_int(u, 1, kept) | db_bind_int(u, 2, ids[k]) | db_bind_int(u, 3, absorbed) |
			                (is_needs ? db_bind_int(u, 4, ++need_rank) : 0)) == 0 &&
			     db_changes(d) == 1;
		}
		free(ids);
	}
	if (ok) {
		db_stmt *u = db_prepare(d, "UPDATE people SET merged_into=?1, version=version+1 WHERE id=?2 AND version=?3");
		ok = u && run(u, db_bind_int(u, 1, kept) | db_bind_int(u, 2, absorbed) | db_bind_int(u, 3, absorbed_version)) == 0 &&
		     db_changes(d) == 1;
	}
	if (!ok) {
		change_rollback(&c);
		return -1;
	}
	char fields[64];
	snprintf(fields, sizeof fields, "absorbed:%lld,rows:%d", (long long)absorbed, p.moving_total);
	change_audit(&c, "merge", "merges", mid, kept, fields, NULL);
	snprintf(fields, sizeof fields, "kept:%lld,rows:%d", (long long)kept, p.moving_total);
	change_audit(&c, "merge", "merges", mid, absorbed, fields, NULL);
	db_stmt *u = prep_ids(d, "UPDATE merges SET audit_id=(SELECT MAX(id) FROM audit_events) WHERE id=?", mid, -1);
	if (!u || step_done(u) < 0)
		change_fail(&c);
	if (change_commit(&c) < 0)
		return -1;
	*merge_id = mid;
	return MERGE_OK;
}

#define MERGE_COLS \
	"SELECT m.id, m.kept_id, m.absorbed_id, COALESCE(m.merged_by,0), COALESCE(m.undone_by,0), m.merged_at, " \
	"COALESCE(m.undone_at,''), COALESCE(u.display_name,'sendmis'), k.forename || ' ' || k.surname, " \
	"a.forename || ' ' || a.surname, m.rows_moved, m.audit_id " \
	"FROM merges m CROSS JOIN people k CROSS JOIN people a LEFT JOIN users u ON u.id=m.merged_by " \
	"WHERE k.id=m.kept_id AND a.id=m.absorbed_id AND "

/* Whether either child has changed after the merge's last audit row: an
 * audit row naming them since the merge (audit_person: the child's rows
 * from the merge's instant on) that is not a read. */
static int changed_since(db *d, int64_t person, int64_t audit_id, const char *merged_at)
{
	db_stmt *s = db_prepare(d, "SELECT 1 FROM audit_events WHERE person_id=?1 AND at>=?2 AND id>?3 "
	                           "AND action NOT IN (" READ_ACTIONS ") LIMIT 1");
	if (!s || db_bind_int(s, 1, person) < 0 || db_bind_text(s, 2, merged_at) < 0 || db_bind_int(s, 3, audit_id) < 0) {
		if (s)
			db_done(s);
		return -1;
	}
	int rc = db_step(s);
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int read_merge(db *d, db_stmt *s, struct merge_info *m)
{
	memset(m, 0, sizeof *m);
	m->id = db_col_int(s, 0);
	m->kept_id = db_col_int(s, 1);
	m->absorbed_id = db_col_int(s, 2);
	m->merged_by = db_col_int(s, 3);
	m->undone_by = db_col_int(s, 4);
	snprintf(m->merged_at, sizeof m->merged_at, "%s", db_col_text(s, 5));
	snprintf(m->undone_at, sizeof m->undone_at, "%s", db_col_text(s, 6));
	snprintf(m->merged_by_name, sizeof m->merged_by_name, "%s", db_col_text(s, 7));
	snprintf(m->kept_name, sizeof m->kept_name, "%s", db_col_text(s, 8));
	snprintf(m->absorbed_name, sizeof m->absorbed_name, "%s", db_col_text(s, 9));
	m->rows_moved = (int)db_col_int(s, 10);
	int64_t audit_id = db_col_int(s, 11);
	if (m->undone_at[0])
		return 0;
	int a = changed_since(d, m->kept_id, audit_id, m->merged_at);
	int b = a < 0 ? -1 : changed_since(d, m->absorbed_id, audit_id, m->merged_at);
	if (a < 0 || b < 0)
		return -1;
	m->changed_since = a || b;
	return 0;
}

/* The merges the statement s (bound) names, at most max into out: the
 * number, or -1.  Each row's columns are copied before the next statement. */
static int read_merges(db *d, db_stmt *s, struct merge_info *out, int max)
{
	int n = 0, rc;
	while (n < max && (rc = db_step(s)) == DB_ROW)
		if (read_merge(d, s, &out[n++]) < 0) {
			db_done(s);
			return -1;
		}
	if (n < max && rc != DB_DONE) {
		db_done(s);
		return -1;
	}
	db_done(s);
	return n;
}

int merge_load(db *d, int64_t id, struct merge_info *m)
{
	db_stmt *s = prep_ids(d, MERGE_COLS "m.id=?", id, -1);
	return s ? read_merges(d, s, m, 1) : -1;
}

int merge_absorbing(db *d, int64_t person_id, struct merge_info *m)
{
	db_stmt *s = prep_ids(d, MERGE_COLS "m.absorbed_id=? AND m.undone_at IS NULL ORDER BY m.id DESC LIMIT 1", person_id, -1);
	return s ? read_merges(d, s, m, 1) : -1;
}

int merge_kept_by(db *d, int64_t person_id, struct merge_info *out, int max)
{
	db_stmt *s = prep_ids(d, MERGE_COLS "m.kept_id=?1 AND m.undone_at IS NULL ORDER BY m.id DESC LIMIT ?2", person_id, max);
	return s ? read_merges(d, s, out, max) : -1;
}

int merge_undo(db *d, const struct actor *who, int64_t merge_id, struct errs *e)
{
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return -1;
	struct merge_info m;
	int rc = merge_load(d, merge_id, &m);
	if (rc <= 0) {
		change_rollback(&c);
		return rc < 0 ? -1 : MERGE_NOT_FOUND;
	}
	if (m.undone_at[0] || m.changed_since) {
		change_rollback(&c);
		errs_add(e, "undo", "%s", m.undone_at[0] ? "This merge has already been undone."
		         : "This merge cannot be undone: one of the records has been changed since the merge. "
		           "Correct the records by hand instead.");
		return MERGE_REFUSED;
	}
	int64_t absorbed_version = scalar2(d, "SELECT absorbed_version FROM merges WHERE id=?", merge_id, -1);
	int ok = absorbed_version > 0;
	/* each row moved goes back, as it was */
	db_stmt *q = ok ? prep_ids(d, "SELECT tbl, row_id, COALESCE(old_rank,0), ended FROM merge_rows WHERE merge_id=? "
	                              "ORDER BY tbl, row_id", merge_id, -1) : NULL;
	struct back { size_t t; int64_t id, rank; int ended; } *rows = NULL;
	int n = 0, cap = 0;
	int src = q ? DB_ROW : DB_ERROR;
	while (q && (src = db_step(q)) == DB_ROW) {
		size_t t = merge_tables_n;
		for (size_t i = 0; i < merge_tables_n; i++)
			if (merge_tables[i].how == MERGE_MOVE && !strcmp(merge_tables[i].table, db_col_text(q, 0)))
				t = i;
		if (t == merge_tables_n) {   /* a table no longer moved: the merge cannot be reversed here */
			src = DB_ERROR;
			break;
		}
		if (ARRAY_RESERVE(rows, cap, n + 1, 32) < 0) {
			src = DB_ERROR;
			break;
		}
		rows[n++] = (struct back){t, db_col_int(q, 1), db_col_int(q, 2), (int)db_col_int(q, 3)};
	}
	if (q)
		db_done(q);
	ok = ok && src == DB_DONE;
	for (int k = 0; ok && k < n; k++) {
		const struct merge_table *t = &merge_tables[rows[k].t];
		int is_needs = !strcmp(t->table, "needs");
		db_stmt *u = db_prepare(d, t->move);
		ok = u && (!is_needs || rows[k].rank > 0) &&
		     run(u, db_bind_int(u, 1, m.absorbed_id) | db_bind_int(u, 2, rows[k].id) | db_bind_int(u, 3, m.kept_id) |
		                (is_needs ? db_bind_int(u, 4, rows[k].rank) : 0)) == 0 &&
		     db_changes(d) == 1;
		if (ok && rows[k].ended)
			ok = run(prep_ids(d, "UPDATE allocations SET end_date=NULL WHERE id=?", rows[k].id, -1), 0) == 0;
	}
	free(rows);
	if (ok) {
		db_stmt *u = db_prepare(d, "UPDATE people SET merged_into=NULL, version=?1 WHERE id=?2 AND merged_into=?3");
		ok = u && run(u, db_bind_int(u, 1, absorbed_version) | db_bind_int(u, 2, m.absorbed_id) | db_bind_int(u, 3, m.kept_id)) == 0 &&
		     db_changes(d) == 1;
	}
	if (ok) {
		char at[21];
		date_instant_iso(who->now, at);
		db_stmt *u = db_prepare(d, "UPDATE merges SET undone_at=?1, undone_by=?2, version=version+1 WHERE id=?3");
		ok = u && run(u, db_bind_text(u, 1, at) | (who->user_id ? db_bind_int(u, 2, who->user_id) : db_bind_null(u, 2)) |
		                     db_bind_int(u, 3, merge_id)) == 0;
	}
	if (!ok) {
		change_rollback(&c);
		errs_add(e, "undo", "This merge cannot be undone: a row it moved has changed since.");
		return MERGE_REFUSED;
	}
	char fields[64];
	snprintf(fields, sizeof fields, "absorbed:%lld", (long long)m.absorbed_id);
	change_audit(&c, "unmerge", "merges", merge_id, m.kept_id, fields, NULL);
	snprintf(fields, sizeof fields, "kept:%lld", (long long)m.kept_id);
	change_audit(&c, "unmerge", "merges", merge_id, m.absorbed_id, fields, NULL);
	return change_commit(&c) == 0 ? MERGE_OK : -1;
}
