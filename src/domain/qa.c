/* qa.c — samples, audits, grades, moderation and actions (qa.h). */
#include "domain/qa.h"
#include "core/date.h"
#include "core/grow.h"
#include "core/phase.h"
#include "core/qa.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many rows meet c, 0 when none: 1 or 0 by CASE, not a comparison in the
 * select list, in any SQL (as QA_AUDIT_GOOD_SQL). */
#define COUNT_IF(c) "COALESCE(sum(CASE WHEN " c " THEN 1 ELSE 0 END), 0)"

static int say(char *msg, size_t n, int rc, const char *fmt, ...)
{
	if (msg && n) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static void copyz(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

/* The day an audit, a moderation or an action is recorded as made: the
 * actor's today, unless their instant (now) is more than a day from it (a
 * record entered as at an earlier time, as the demo enters a year of them;
 * within a day the two differ only by the area's time zone).  who->today
 * stays the day derived data is computed as at. */
static day_t action_day(const struct actor *who)
{
	long long at = who->now >= 0 ? who->now / 86400 : -((-who->now + 86399) / 86400);
	long long diff = at - (long long)who->today;
	return diff > 1 || diff < -1 ? (day_t)at : who->today;
}

/* A quality audit, a sample, a moderation or an action derives nothing for
 * the child (their clock and their likely duplicates do not read these
 * tables): every QA write is a change_begin_beside, whose audit rows name
 * the child without marking them for change_commit's refresh (before, every
 * QA write refreshed its child's clock: the demo's year of audits took 10 s
 * on 20,000 plans). */
static void bind_user(db_stmt *s, int i, int64_t uid)
{
	if (uid)
		db_bind_int(s, i, uid);
	else
		db_bind_null(s, i);
}

/* Runs one prepared write to its end: 0 or -1. */
static int run(db_stmt *s)
{
	int rc = s ? db_step(s) : DB_ERROR;
	db_done(s);
	return rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

/* Ends a change whose last write is s, an INSERT … RETURNING id already bound:
 * steps it, and with its row writes the audit row (naming the child) and
 * commits, *id set; with no row (the insert's own condition refused it)
 * returns `refused` with its message; otherwise QA_ERROR.  The change is
 * rolled back unless committed, and *id is 0 then. */
static int insert_commit(struct change *c, db_stmt *s, const char *entity, int64_t person, const char *fields,
                         int64_t *id, int refused, const char *refused_msg, char *msg, size_t msglen)
{
	int rc = QA_ERROR;
	*id = 0;
	if (s) {
		int st = db_step(s);
		if (st == DB_ROW)
			*id = db_col_int(s, 0);
		db_done(s);
		if (st == DB_DONE)
			rc = say(msg, msglen, refused, "%s", refused_msg);
		else if (st == DB_ROW && change_audit(c, "create", entity, *id, person, fields, NULL) == 0 &&
		         change_commit(c) == 0)
			rc = QA_OK;
	}
	if (rc != QA_OK) {
		change_rollback(c);
		*id = 0;
	}
	return rc;
}

int64_t qa_framework_current(db *d, const char *kind)
{
	db_stmt *s = db_prepare(d, "SELECT id FROM qa_frameworks WHERE kind=? AND active=1 ORDER BY seq DESC LIMIT 1");
	if (!s)
		return -1;
	db_bind_text(s, 1, kind);
	int rc = db_step(s);
	int64_t id = rc == DB_ROW ? db_col_int(s, 0) : rc == DB_DONE ? 0 : -1;
	db_done(s);
	return id;
}

int qa_framework_copy(db *d, const struct actor *who, int64_t from, const char *name, int64_t *id)
{
	*id = 0;
	if (!name || !*name || strlen(name) > 100)
		return QA_INVALID;
	char now[21];
	date_instant_iso(who->now, now);
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	db_stmt *s = db_prepare(d, "INSERT INTO qa_frameworks(kind, name, seq, based_on, scale, rule, good_from, active, "
	                           "created_at, created_by) SELECT kind, ?2, (SELECT max(seq) + 1 FROM qa_frameworks x "
	                           "WHERE x.kind = f.kind), id, scale, rule, good_from, 0, ?3, ?4 FROM qa_frameworks f "
	                           "WHERE id = ?1 RETURNING id");
	int rc = QA_ERROR;
	if (s) {
		db_bind_int(s, 1, from);
		db_bind_text(s, 2, name);
		db_bind_text(s, 3, now);
		bind_user(s, 4, who->user_id);
		int st = db_step(s);
		if (st == DB_ROW)
			*id = db_col_int(s, 0);
		rc = st == DB_ROW ? QA_OK : st == DB_DONE ? QA_NOT_FOUND : QA_ERROR;
		db_done(s);
	}
	if (rc == QA_OK) {
		s = db_prepare(d, "INSERT INTO qa_criteria(framework_id, section, num, title, guidance, weight) "
		                  "SELECT ?1, section, num, title, guidance, weight FROM qa_criteria WHERE framework_id = ?2 "
		                  "ORDER BY id");
		if (s) {
			db_bind_int(s, 1, *id);
			db_bind_int(s, 2, from);
		}
		if (run(s) < 0 || change_audit(&c, "create", "qa_frameworks", *id, 0, "based_on", NULL) < 0 ||
		    change_commit(&c) < 0)
			rc = QA_ERROR;
	}
	if (rc != QA_OK) {
		change_rollback(&c);
		*id = 0;
	}
	return rc;
}

/* ---- the sample ------------------------------------------------------------------ */

struct stratum {
	char pool[8], team[61], phase[31], need[11];
	int eligible, drawn;
};
struct cand {
	int64_t version_id, person_id;   /* version_id 0: a case file */
	char team[61], phase[31], need[11], ks[8], setting[31];
	int pool;   /* 0 new, 1 active */
};

static const char *const pool_names[] = {"new", "active"};

/* the plan's team, phase, need and setting, for the strata and the reports */
#define CAND_COLS                                                                                                  \
	"pv.id, p.person_id, COALESCE(u.team, ''), COALESCE(e.phase, ''), COALESCE(n.sen_type, ''), "              \
	"COALESCE(e.setting_type, pl.setting_code, ''), pe.dob "                                                   \
	"FROM plan_versions pv JOIN plans p ON p.id = pv.plan_id JOIN people pe ON pe.id = p.person_id "          \
	"LEFT JOIN allocations a ON a.person_id = p.person_id AND a.end_date IS NULL "                             \
	"LEFT JOIN users u ON u.id = a.user_id "                                                                   \
	"LEFT JOIN needs n ON n.person_id = p.person_id AND n.rank = 1 "                                           \
	"LEFT JOIN placements pl ON pl.id = (SELECT id FROM placements WHERE person_id = p.person_id AND "         \
	"end_date IS NULL ORDER BY rank LIMIT 1) "                                                                 \
	"LEFT JOIN establishments e ON e.id = pl.establishment_id "

/* a child's case file: every child or young person with a caseworker now */
static const char casefile_sql[] =
	"SELECT 0, pe.id, COALESCE(u.team, ''), COALESCE(e.phase, ''), COALESCE(n.sen_type, ''), "
	"COALESCE(e.setting_type, pl.setting_code, ''), pe.dob FROM people pe "
	"JOIN allocations a ON a.person_id = pe.id AND a.end_date IS NULL "
	"LEFT JOIN users u ON u.id = a.user_id "
	"LEFT JOIN needs n ON n.person_id = pe.id AND n.rank = 1 "
	"LEFT JOIN placements pl ON pl.id = (SELECT id FROM placements WHERE person_id = pe.id AND "
	"end_date IS NULL ORDER BY rank LIMIT 1) "
	"LEFT JOIN establishments e ON e.id = pl.establishment_id "
	"WHERE pe.merged_into IS NULL AND ?1 <> ?2 "   /* the month's bounds, bound as for plans: unused */
	"ORDER BY a.person_id";

static const char *const cand_sql[2] = {
	/* new and amended: each plan's last version finalised in the month */
	"SELECT " CAND_COLS
	"WHERE pv.final_date >= ?1 AND pv.final_date < ?2 AND pv.seq = (SELECT max(seq) FROM plan_versions x "
	"WHERE x.plan_id = pv.plan_id AND x.final_date >= ?1 AND x.final_date < ?2) ORDER BY pv.final_date, pv.id",
	/* active plans with no version that month: their last final version before it */
	"SELECT " CAND_COLS
	"WHERE p.status = 'active' AND pv.id = (SELECT id FROM plan_versions x WHERE x.plan_id = p.id AND "
	"x.final_date IS NOT NULL AND x.final_date < ?1 ORDER BY seq DESC LIMIT 1) "
	"AND NOT EXISTS (SELECT 1 FROM plan_versions y WHERE y.plan_id = p.id AND y.final_date >= ?1 AND "
	"y.final_date < ?2) ORDER BY p.next_review_due NULLS FIRST, p.id",
};

static int read_cands(db *d, int pool, const char *from, const char *to, int year, struct cand **v, int *n, int *cap,
                      int casefile)
{
	db_stmt *s = db_prepare(d, casefile ? casefile_sql : cand_sql[pool]);
	if (!s)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(*v, *cap, *n + 1, 256) < 0) {
			db_done(s);
			return -1;
		}
		struct cand *c = &(*v)[(*n)++];
		c->version_id = db_col_int(s, 0);
		c->person_id = db_col_int(s, 1);
		copyz(c->team, sizeof c->team, db_col_text(s, 2));
		copyz(c->phase, sizeof c->phase, db_col_text(s, 3));
		copyz(c->need, sizeof c->need, db_col_text(s, 4));
		copyz(c->setting, sizeof c->setting, db_col_text(s, 5));
		day_t dob;
		copyz(c->ks, sizeof c->ks, date_parse_iso(db_col_text(s, 6), &dob) == 0 ? qa_key_stage(ncy_in_year(dob, year)) : "");
		c->pool = pool;
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

/* The strata seen so far, numbered in the order first seen (the store's
 * order, the same for the same records: the draw takes the strata in that
 * order), found by a hash of their key: a linear search per candidate cost
 * O(plans x strata) on every draw. */
struct strata {
	struct stratum *v;
	int n, cap;
	int *slot;   /* index + 1, 0 empty; nslot a power of two, at least twice n */
	int nslot;
};

static uint64_t stratum_hash(int pool, const char *team, const char *phase, const char *need)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)pool;
	const char *parts[3] = {team, phase, need};
	for (int i = 0; i < 3; i++) {
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 1099511628211u;
		h = (h ^ 0x1f) * 1099511628211u;
	}
	return h;
}

static int stratum_same(const struct stratum *x, const struct cand *c)
{
	return strcmp(x->pool, pool_names[c->pool]) == 0 && strcmp(x->team, c->team) == 0 &&
	       strcmp(x->phase, c->phase) == 0 && strcmp(x->need, c->need) == 0;
}

static int strata_rehash(struct strata *t, int nslot)
{
	int *slot = calloc((size_t)nslot, sizeof *slot);
	if (!slot)
		return -1;
	for (int i = 0; i < t->n; i++) {
		const struct stratum *x = &t->v[i];
		int pool = strcmp(x->pool, pool_names[0]) == 0 ? 0 : 1;
		uint64_t h = stratum_hash(pool, x->team, x->phase, x->need) & (uint64_t)(nslot - 1);
		while (slot[h])
			h = (h + 1) & (uint64_t)(nslot - 1);
		slot[h] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	return 0;
}

static int stratum_of(struct strata *t, const struct cand *c)
{
	if ((t->n + 1) * 2 > t->nslot && strata_rehash(t, t->nslot ? t->nslot * 2 : 256) < 0)
		return -1;
	uint64_t h = stratum_hash(c->pool, c->team, c->phase, c->need) & (uint64_t)(t->nslot - 1);
	while (t->slot[h]) {
		if (stratum_same(&t->v[t->slot[h] - 1], c))
			return t->slot[h] - 1;
		h = (h + 1) & (uint64_t)(t->nslot - 1);
	}
	if (ARRAY_RESERVE(t->v, t->cap, t->n + 1, 32) < 0)
		return -1;
	struct stratum *x = &t->v[t->n];
	memset(x, 0, sizeof *x);
	copyz(x->pool, sizeof x->pool, pool_names[c->pool]);
	copyz(x->team, sizeof x->team, c->team);
	copyz(x->phase, sizeof x->phase, c->phase);
	copyz(x->need, sizeof x->need, c->need);
	t->slot[h] = t->n + 1;
	return t->n++;
}

static int insert_audit(db *d, int64_t framework, const struct cand *c, int64_t sample_id, const char *source,
                        const char *reason, const char *now, int64_t uid, int64_t *id)
{
	db_stmt *s = db_prepare(d, "INSERT INTO qa_audits(kind, framework_id, person_id, plan_version_id, sample_id, "
	                           "source, reason, team, phase, need, key_stage, setting_type, created_at, created_by) "
	                           "VALUES(CASE WHEN CAST(?3 AS BIGINT) IS NULL THEN 'casefile' ELSE 'plan' END, "
	                           "?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	                           "?8, ?9, ?10, ?11, ?12, ?13) RETURNING id");
	if (!s)
		return -1;
	db_bind_int(s, 1, framework);
	db_bind_int(s, 2, c->person_id);
	if (c->version_id)
		db_bind_int(s, 3, c->version_id);
	else
		db_bind_null(s, 3);
	if (sample_id)
		db_bind_int(s, 4, sample_id);
	else
		db_bind_null(s, 4);
	db_bind_text(s, 5, source);
	db_bind_opt_text(s, 6, reason);
	db_bind_text(s, 7, c->team);
	db_bind_text(s, 8, c->phase);
	db_bind_text(s, 9, c->need);
	db_bind_text(s, 10, c->ks);
	db_bind_text(s, 11, c->setting);
	db_bind_text(s, 12, now);
	bind_user(s, 13, uid);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

static int sample_draw(db *d, const struct actor *who, const char *kind, const char *month, uint64_t seed,
                       int pct_new, int n_active, int64_t *sample_id, char *msg, size_t msglen)
{
	int casefile = strcmp(kind, "casefile") == 0;
	*sample_id = 0;
	day_t first;
	char from[24], to[24];
	if (!month || strlen(month) != 7 || (snprintf(from, sizeof from, "%s-01", month), date_parse_iso(from, &first)) != 0)
		return say(msg, msglen, QA_INVALID, "Select the month of the sample from the list");
	if (pct_new < 0 || pct_new > 100)
		return say(msg, msglen, QA_INVALID, "Enter a percentage of new and amended plans from 0 to 100");
	if (n_active < 0 || n_active > 1000)
		return say(msg, msglen, QA_INVALID, casefile ? "Enter a number of case files from 0 to 1000"
		                                             : "Enter a number of active plans from 0 to 1000");
	int y = atoi(month), m = atoi(month + 5);
	snprintf(to, sizeof to, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	int school_year = m >= 9 ? y : y - 1;
	int64_t framework = qa_framework_current(d, kind);
	if (framework <= 0)
		return framework < 0 ? QA_ERROR : say(msg, msglen, QA_INVALID, "There is no %s audit framework", kind);

	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	c.quiet = 1;   /* an audit row for each plan drawn, without a log line each */
	int rc = QA_ERROR;
	struct cand *v = NULL;
	int n = 0, cap = 0, nst = 0;
	struct strata strata = {0};
	struct stratum *st = NULL;
	struct qa_candidate *qc = NULL;
	int *eligible = NULL, *drawn = NULL;
	char now[21];
	date_instant_iso(who->now, now);

	{
		db_stmt *s = db_prepare(d, "SELECT 1 FROM qa_samples WHERE kind = ? AND month = ?");
		if (!s)
			goto out;
		db_bind_text(s, 1, kind);
		db_bind_text(s, 2, month);
		int e = db_step(s);
		db_done(s);
		if (e == DB_ROW) {
			rc = say(msg, msglen, QA_EXISTS, "The sample for that month is drawn already: add plans to the audits by hand");
			goto out;
		}
		if (e != DB_DONE)
			goto out;
	}
	if (!casefile && read_cands(d, 0, from, to, school_year, &v, &n, &cap, 0) < 0)
		goto out;
	if (read_cands(d, 1, from, to, school_year, &v, &n, &cap, casefile) < 0)
		goto out;
	qc = calloc((size_t)(n ? n : 1), sizeof *qc);
	if (!qc)
		goto out;
	for (int i = 0; i < n; i++) {
		int k = stratum_of(&strata, &v[i]);
		if (k < 0)
			goto out;
		strata.v[k].eligible++;
		qc[i].id = i;   /* the index into v: v is in the store's order, the same for the same data */
		qc[i].stratum = k;
	}
	st = strata.v;
	nst = strata.n;
	eligible = calloc((size_t)(nst ? nst : 1), sizeof *eligible);
	drawn = calloc((size_t)(nst ? nst : 1), sizeof *drawn);
	int *part = calloc((size_t)(nst ? nst : 1), sizeof *part);
	if (!eligible || !drawn || !part) {
		free(part);
		goto out;
	}
	/* the new pool's strata by percentage, the active pool's by share */
	/* each pool's number shared across its strata in proportion to their size:
	 * the new pool's is pct_new percent of it, rounded up */
	for (int p = 0; p < 2; p++) {
		long long pool_n = 0;
		for (int k = 0; k < nst; k++) {
			eligible[k] = strcmp(st[k].pool, pool_names[p]) == 0 ? st[k].eligible : 0;
			pool_n += eligible[k];
		}
		int total = p == 0 ? (int)((pool_n * pct_new + 99) / 100) : n_active;
		qa_allocate(eligible, nst, -1, total, part);
		for (int k = 0; k < nst; k++)
			if (eligible[k])
				drawn[k] = st[k].drawn = part[k];
	}
	free(part);
	/* ids by version id, so the draw does not depend on the store's order */
	for (int i = 0; i < n; i++)
		qc[i].id = (v[i].version_id ? v[i].version_id : v[i].person_id) * 2 + v[i].pool;
	int picked = qa_draw(qc, n, drawn, nst, seed);

	db_stmt *s = db_prepare(d, "INSERT INTO qa_samples(kind, month, seed, pct_new, n_active, drawn_at, drawn_by) "
	                           "VALUES(?7, ?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
	if (!s)
		goto out;
	db_bind_text(s, 1, month);
	db_bind_int(s, 2, (int64_t)seed);
	db_bind_int(s, 3, pct_new);
	db_bind_int(s, 4, n_active);
	db_bind_text(s, 5, now);
	bind_user(s, 6, who->user_id);
	db_bind_text(s, 7, kind);
	if (db_step(s) == DB_ROW)
		*sample_id = db_col_int(s, 0);
	db_done(s);
	if (!*sample_id)
		goto out;
	for (int k = 0; k < nst; k++) {
		s = db_prepare(d, "INSERT INTO qa_sample_strata(sample_id, pool, team, phase, need, eligible, drawn) "
		                  "VALUES(?, ?, ?, ?, ?, ?, ?)");
		if (!s)
			goto out;
		db_bind_int(s, 1, *sample_id);
		db_bind_text(s, 2, st[k].pool);
		db_bind_text(s, 3, st[k].team);
		db_bind_text(s, 4, st[k].phase);
		db_bind_text(s, 5, st[k].need);
		db_bind_int(s, 6, st[k].eligible);
		db_bind_int(s, 7, st[k].drawn);
		if (run(s) < 0)
			goto out;
	}
	if (change_audit(&c, "create", "qa_samples", *sample_id, 0, "month,seed,pct_new,n_active", NULL) < 0)
		goto out;
	for (int i = 0; i < picked; i++) {
		int64_t key = qc[i].id / 2;
		int pool = (int)(qc[i].id % 2);
		const struct cand *x = NULL;
		for (int j = 0; j < n && !x; j++)
			if ((v[j].version_id ? v[j].version_id : v[j].person_id) == key && v[j].pool == pool)
				x = &v[j];
		int64_t aid = 0;
		if (!x || insert_audit(d, framework, x, *sample_id, pool_names[pool], NULL, now, who->user_id, &aid) < 0 ||
		    change_audit(&c, "create", "qa_audits", aid, x->person_id, "sample", NULL) < 0)
			goto out;
	}
	if (change_commit(&c) == 0)
		rc = QA_OK;
out:
	if (rc != QA_OK) {
		change_rollback(&c);
		if (rc != QA_EXISTS)
			*sample_id = 0;
	}
	free(v);
	free(strata.v);
	free(strata.slot);
	free(qc);
	free(eligible);
	free(drawn);
	return rc;
}

int qa_sample_draw(db *d, const struct actor *who, const char *month, uint64_t seed, int pct_new, int n_active,
                   int64_t *sample_id, char *msg, size_t msglen)
{
	return sample_draw(d, who, "plan", month, seed, pct_new, n_active, sample_id, msg, msglen);
}

int qa_casefile_sample_draw(db *d, const struct actor *who, const char *month, uint64_t seed, int n,
                            int64_t *sample_id, char *msg, size_t msglen)
{
	return sample_draw(d, who, "casefile", month, seed, 0, n, sample_id, msg, msglen);
}

/* ---- one audit ------------------------------------------------------------------------- */

/* An audit added by hand: its reason (required, at most 1000 characters;
 * `why` words the message) and the kind's current framework. */
static int hand_preamble(db *d, const char *kind, const char *reason, const char *why, int64_t *framework, char *msg,
                         size_t msglen)
{
	if (!reason || !*reason)
		return say(msg, msglen, QA_INVALID, "reason|Enter why %s", why);
	if (strlen(reason) > 1000)
		return say(msg, msglen, QA_INVALID, "reason|Why %s must be 1000 characters or fewer", why);
	*framework = qa_framework_current(d, kind);
	if (*framework <= 0)
		return *framework < 0 ? QA_ERROR : say(msg, msglen, QA_INVALID, "reason|There is no %s audit framework", kind);
	return QA_OK;
}

int qa_audit_add(db *d, const struct actor *who, int64_t plan_version_id, const char *reason, int64_t *audit_id,
                 char *msg, size_t msglen)
{
	*audit_id = 0;
	int64_t framework;
	int rc0 = hand_preamble(d, "plan", reason, "the plan is added to the audits", &framework, msg, msglen);
	if (rc0 != QA_OK)
		return rc0;
	db_stmt *s = db_prepare(d, "SELECT " CAND_COLS "WHERE pv.id = ? AND pv.final_date IS NOT NULL");
	if (!s)
		return QA_ERROR;
	db_bind_int(s, 1, plan_version_id);
	struct cand c;
	memset(&c, 0, sizeof c);
	int st = db_step(s);
	if (st == DB_ROW) {
		c.version_id = db_col_int(s, 0);
		c.person_id = db_col_int(s, 1);
		copyz(c.team, sizeof c.team, db_col_text(s, 2));
		copyz(c.phase, sizeof c.phase, db_col_text(s, 3));
		copyz(c.need, sizeof c.need, db_col_text(s, 4));
		copyz(c.setting, sizeof c.setting, db_col_text(s, 5));
		day_t dob, today = action_day(who);
		int y, m, dd;
		date_to_ymd(today, &y, &m, &dd);
		if (date_parse_iso(db_col_text(s, 6), &dob) == 0)
			copyz(c.ks, sizeof c.ks, qa_key_stage(ncy_in_year(dob, m >= 9 ? y : y - 1)));
	}
	db_done(s);
	if (st == DB_DONE)
		return say(msg, msglen, QA_NOT_FOUND, "plan_version|Choose a final version of a plan: a draft cannot be audited");
	if (st != DB_ROW)
		return QA_ERROR;
	char now[21];
	date_instant_iso(who->now, now);
	struct change ch;
	if (change_begin_beside(&ch, d, who) < 0)
		return QA_ERROR;
	if (insert_audit(d, framework, &c, 0, "hand", reason, now, who->user_id, audit_id) < 0 ||
	    change_audit(&ch, "create", "qa_audits", *audit_id, c.person_id, "reason", NULL) < 0 || change_commit(&ch) < 0) {
		change_rollback(&ch);
		*audit_id = 0;
		return QA_ERROR;
	}
	return QA_OK;
}

int qa_casefile_add(db *d, const struct actor *who, int64_t person_id, const char *reason, int64_t *audit_id,
                    char *msg, size_t msglen)
{
	*audit_id = 0;
	int64_t framework;
	int rc0 = hand_preamble(d, "casefile", reason, "the case file is audited", &framework, msg, msglen);
	if (rc0 != QA_OK)
		return rc0;
	char now[21];
	date_instant_iso(who->now, now);
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	db_stmt *s = db_prepare(d, "INSERT INTO qa_audits(kind, framework_id, person_id, source, reason, team, need, "
	                           "created_at, created_by) SELECT 'casefile', ?1, p.id, 'hand', ?2, COALESCE(u.team, ''), "
	                           "COALESCE(n.sen_type, ''), ?3, ?4 FROM people p LEFT JOIN allocations al ON al.person_id = "
	                           "p.id AND al.end_date IS NULL LEFT JOIN users u ON u.id = al.user_id LEFT JOIN needs n ON "
	                           "n.person_id = p.id AND n.rank = 1 WHERE p.id = ?5 AND p.merged_into IS NULL RETURNING id");
	if (s) {
		db_bind_int(s, 1, framework);
		db_bind_text(s, 2, reason);
		db_bind_text(s, 3, now);
		bind_user(s, 4, who->user_id);
		db_bind_int(s, 5, person_id);
	}
	return insert_commit(&c, s, "qa_audits", person_id, "reason", audit_id, QA_NOT_FOUND,
	                     "person|Enter the number of a child or young person's record", msg, msglen);
}

int qa_audit_load(db *d, int64_t id, struct qa_audit *a)
{
	memset(a, 0, sizeof *a);
	db_stmt *s = db_prepare(
		d, "SELECT a.id, a.version, a.person_id, COALESCE(a.plan_version_id, 0), a.framework_id, "
		   "COALESCE(a.sample_id, 0), COALESCE(a.moderates, 0), COALESCE(a.auditor_id, 0), a.kind, a.source, "
		   "a.status, f.scale, f.rule, COALESCE(u.qa_service, ''), COALESCE(a.overall, 0), f.good_from, "
		   "COALESCE(a.completed_date, ''), a.team, a.phase, a.need, a.strengths, a.improve, a.reason, "
		   "COALESCE(pv.prov_items, -1), COALESCE(pv.prov_unspecified, -1), COALESCE(pv.prov_unquantified, -1), "
		   "COALESCE(pv.prov_findings, -1), COALESCE(pv.created_by, 0), COALESCE((SELECT al.user_id FROM allocations al "
		   "WHERE al.person_id = a.person_id AND al.start_date <= pv.final_date AND (al.end_date IS NULL OR "
		   "al.end_date >= pv.final_date) ORDER BY al.start_date DESC LIMIT 1), 0) "
		   "FROM qa_audits a JOIN qa_frameworks f ON f.id = a.framework_id "
		   "LEFT JOIN users u ON u.id = a.auditor_id LEFT JOIN plan_versions pv ON pv.id = a.plan_version_id "
		   "WHERE a.id = ?");
	if (!s)
		return QA_ERROR;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		a->id = db_col_int(s, 0);
		a->version = db_col_int(s, 1);
		a->person_id = db_col_int(s, 2);
		a->plan_version_id = db_col_int(s, 3);
		a->framework_id = db_col_int(s, 4);
		a->sample_id = db_col_int(s, 5);
		a->moderates = db_col_int(s, 6);
		a->auditor_id = db_col_int(s, 7);
		copyz(a->kind, sizeof a->kind, db_col_text(s, 8));
		copyz(a->source, sizeof a->source, db_col_text(s, 9));
		copyz(a->status, sizeof a->status, db_col_text(s, 10));
		copyz(a->scale, sizeof a->scale, db_col_text(s, 11));
		copyz(a->rule, sizeof a->rule, db_col_text(s, 12));
		copyz(a->auditor_service, sizeof a->auditor_service, db_col_text(s, 13));
		a->overall = (int)db_col_int(s, 14);
		a->good_from = (int)db_col_int(s, 15);
		copyz(a->completed_date, sizeof a->completed_date, db_col_text(s, 16));
		copyz(a->team, sizeof a->team, db_col_text(s, 17));
		copyz(a->phase, sizeof a->phase, db_col_text(s, 18));
		copyz(a->need, sizeof a->need, db_col_text(s, 19));
		a->strengths = strdup(db_col_text(s, 20));
		a->improve = strdup(db_col_text(s, 21));
		a->reason = strdup(db_col_text(s, 22));
		a->prov_items = db_col_int(s, 23);
		a->prov_unspecified = db_col_int(s, 24);
		a->prov_unquantified = db_col_int(s, 25);
		a->prov_findings = db_col_int(s, 26);
		a->written_by = db_col_int(s, 27);
		a->caseworker_at_final = db_col_int(s, 28);
	}
	db_done(s);
	if (rc == DB_ROW && (!a->strengths || !a->improve || !a->reason)) {
		qa_audit_free(a);
		return QA_ERROR;
	}
	return rc == DB_ROW ? QA_OK : rc == DB_DONE ? QA_NOT_FOUND : QA_ERROR;
}

void qa_audit_free(struct qa_audit *a)
{
	free(a->strengths);
	free(a->improve);
	free(a->reason);
	a->strengths = a->improve = a->reason = NULL;
}

/* The writer of the version, and for a moderation the first auditor, may not audit it. */
static int may_audit(db *d, const struct qa_audit *a, int64_t auditor_id, char *msg, size_t msglen)
{
	if ((a->written_by && a->written_by == auditor_id) ||
	    (a->caseworker_at_final && a->caseworker_at_final == auditor_id))
		return say(msg, msglen, QA_OWN_PLAN, "Choose another auditor: this auditor wrote the plan");
	if (a->moderates) {
		struct qa_audit first;
		int rc = qa_audit_load(d, a->moderates, &first);
		if (rc != QA_OK)
			return rc;
		int same = first.auditor_id == auditor_id;
		qa_audit_free(&first);
		if (same)
			return say(msg, msglen, QA_INVALID, "Choose another auditor: a moderation is by a second auditor");
	}
	db_stmt *s = db_prepare(d, "SELECT role, disabled FROM users WHERE id = ?");
	if (!s)
		return QA_ERROR;
	db_bind_int(s, 1, auditor_id);
	int rc = db_step(s), ok = 0;
	if (rc == DB_ROW)
		ok = !db_col_int(s, 1) && strcmp(db_col_text(s, 0), "board") != 0 && strcmp(db_col_text(s, 0), "readonly") != 0;
	db_done(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return QA_ERROR;
	if (!ok)
		return say(msg, msglen, QA_INVALID, "Choose an auditor from the list");
	return QA_OK;
}

int qa_audit_assign(db *d, const struct actor *who, int64_t audit_id, int64_t version, int64_t auditor_id,
                    char *msg, size_t msglen)
{
	struct qa_audit a;
	int rc = qa_audit_load(d, audit_id, &a);
	if (rc != QA_OK)
		return rc;
	if (strcmp(a.status, "completed") == 0)
		rc = say(msg, msglen, QA_INVALID, "This audit is completed: it cannot be given to another auditor");
	else
		rc = may_audit(d, &a, auditor_id, msg, msglen);
	int64_t person = a.person_id;
	qa_audit_free(&a);
	if (rc != QA_OK)
		return rc;
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	db_stmt *s = db_prepare(d, "UPDATE qa_audits SET auditor_id = ?, status = 'assigned', version = version + 1 "
	                           "WHERE id = ? AND version = ? RETURNING id");
	if (!s) {
		change_rollback(&c);
		return QA_ERROR;
	}
	db_bind_int(s, 1, auditor_id);
	db_bind_int(s, 2, audit_id);
	db_bind_int(s, 3, version);
	int st = db_step(s);
	db_done(s);
	if (st == DB_DONE) {
		change_rollback(&c);
		return say(msg, msglen, QA_STALE, "Someone else changed this audit: check it and assign again");
	}
	if (st != DB_ROW || change_audit(&c, "update", "qa_audits", audit_id, person, "auditor_id", NULL) < 0 ||
	    change_commit(&c) < 0) {
		change_rollback(&c);
		return QA_ERROR;
	}
	return QA_OK;
}

struct crit { int64_t id; char section[8]; int weight; };

static int load_crits(db *d, int64_t framework, struct crit **v, int *n)
{
	*v = NULL;
	*n = 0;
	int cap = 0;
	db_stmt *s = db_prepare(d, "SELECT id, section, weight FROM qa_criteria WHERE framework_id = ? ORDER BY id");
	if (!s)
		return -1;
	db_bind_int(s, 1, framework);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(*v, cap, *n + 1, 16) < 0) {
			db_done(s);
			return -1;
		}
		(*v)[*n].id = db_col_int(s, 0);
		copyz((*v)[*n].section, sizeof (*v)[*n].section, db_col_text(s, 1));
		(*v)[*n].weight = (int)db_col_int(s, 2);
		(*n)++;
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_audit_save(db *d, const struct actor *who, int64_t audit_id, int64_t version, const struct qa_grade_in *g,
                  int n, const char *strengths, const char *improve, int complete, char *msg, size_t msglen)
{
	struct qa_audit a;
	int rc = qa_audit_load(d, audit_id, &a);
	if (rc != QA_OK)
		return rc;
	struct crit *cr = NULL;
	int ncr = 0, top = qa_scale_top(a.scale);
	int *grades = NULL, *weights = NULL, ng = 0;
	rc = QA_ERROR;
	if (strcmp(a.status, "assigned") != 0) {
		rc = say(msg, msglen, QA_INVALID, strcmp(a.status, "completed") == 0 ? "This audit is completed already"
		                                                                      : "Assign this audit to an auditor first");
		goto out;
	}
	if (load_crits(d, a.framework_id, &cr, &ncr) < 0)
		goto out;
	grades = calloc((size_t)ncr + 1, sizeof *grades);
	weights = calloc((size_t)ncr + 1, sizeof *weights);
	if (!grades || !weights)
		goto out;
	if ((strengths && strlen(strengths) > 5000) || (improve && strlen(improve) > 5000)) {
		rc = say(msg, msglen, QA_INVALID, "Strengths and areas to improve must be 5000 characters or fewer");
		goto out;
	}
	/* each criterion the auditor's service grades: graded (when completing), on the scale */
	for (int k = 0; k < ncr; k++) {
		const struct qa_grade_in *in = NULL;
		for (int i = 0; i < n && !in; i++)
			if (g[i].criterion_id == cr[k].id)
				in = &g[i];
		int grade = in ? in->grade : 0;
		if (grade && !qa_service_grades(a.auditor_service, cr[k].section)) {
			rc = say(msg, msglen, QA_INVALID, "grade-%lld|Section %s is graded by another service's auditor",
			         (long long)cr[k].id, cr[k].section);
			goto out;
		}
		if (grade < 0 || grade > top) {
			rc = say(msg, msglen, QA_INVALID, "grade-%lld|Select a grade for section %s from the scale",
			         (long long)cr[k].id, cr[k].section);
			goto out;
		}
		if (in && in->comment && strlen(in->comment) > 2000) {
			rc = say(msg, msglen, QA_INVALID, "comment-%lld|The comment on section %s must be 2000 characters or fewer",
			         (long long)cr[k].id, cr[k].section);
			goto out;
		}
		if (complete && !grade && qa_service_grades(a.auditor_service, cr[k].section)) {
			rc = say(msg, msglen, QA_INVALID, "grade-%lld|Select a grade for section %s", (long long)cr[k].id,
			         cr[k].section);
			goto out;
		}
		if (grade) {
			grades[ng] = grade;
			weights[ng++] = cr[k].weight;
		}
	}
	int overall = complete ? qa_overall(qa_rule_by_code(a.rule), grades, weights, ng) : 0;
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		goto out;
	for (int i = 0; i < n; i++) {
		db_stmt *s;
		if (g[i].grade) {
			s = db_prepare(d, "INSERT INTO qa_grades(audit_id, criterion_id, grade, comment) VALUES(?1, ?2, ?3, ?4) "
			                  "ON CONFLICT(audit_id, criterion_id) DO UPDATE SET grade = ?3, comment = ?4, "
			                  "version = qa_grades.version + 1");
			if (s) {
				db_bind_int(s, 1, audit_id);
				db_bind_int(s, 2, g[i].criterion_id);
				db_bind_int(s, 3, g[i].grade);
				db_bind_opt_text(s, 4, g[i].comment);
			}
		} else {
			s = db_prepare(d, "DELETE FROM qa_grades WHERE audit_id = ? AND criterion_id = ?");
			if (s) {
				db_bind_int(s, 1, audit_id);
				db_bind_int(s, 2, g[i].criterion_id);
			}
		}
		if (run(s) < 0) {
			change_rollback(&c);
			goto out;
		}
	}
	char today[11];
	date_format_iso(action_day(who), today);
	db_stmt *s = db_prepare(d, "UPDATE qa_audits SET strengths = ?, improve = ?, status = ?, overall = ?, "
	                           "completed_date = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id");
	if (!s) {
		change_rollback(&c);
		goto out;
	}
	db_bind_opt_text(s, 1, strengths);
	db_bind_opt_text(s, 2, improve);
	db_bind_text(s, 3, complete ? "completed" : "assigned");
	if (complete)
		db_bind_int(s, 4, overall);
	else
		db_bind_null(s, 4);
	db_bind_opt_text(s, 5, complete ? today : NULL);
	db_bind_int(s, 6, audit_id);
	db_bind_int(s, 7, version);
	int st = db_step(s);
	db_done(s);
	if (st == DB_DONE) {
		change_rollback(&c);
		rc = say(msg, msglen, QA_STALE, "Someone else saved this audit first: your grades are shown, save again to keep them");
		goto out;
	}
	if (st != DB_ROW ||
	    change_audit(&c, complete ? "complete" : "update", "qa_audits", audit_id, a.person_id, "grades", NULL) < 0 ||
	    change_commit(&c) < 0) {
		change_rollback(&c);
		goto out;
	}
	rc = QA_OK;
out:
	free(cr);
	free(grades);
	free(weights);
	qa_audit_free(&a);
	return rc;
}

/* ---- moderation ---------------------------------------------------------------------- */

int qa_moderation_start(db *d, const struct actor *who, int64_t audit_id, int64_t auditor_id, int64_t *second_id,
                        char *msg, size_t msglen)
{
	*second_id = 0;
	struct qa_audit a;
	int rc = qa_audit_load(d, audit_id, &a);
	if (rc != QA_OK)
		return rc;
	if (a.moderates)
		rc = say(msg, msglen, QA_INVALID, "This audit is a moderation: moderate the first audit");
	else if (strcmp(a.status, "completed") != 0)
		rc = say(msg, msglen, QA_INVALID, "Moderate an audit once it is completed");
	else if (a.auditor_id == auditor_id)
		rc = say(msg, msglen, QA_INVALID, "Choose another auditor: a moderation is by a second auditor");
	else
		rc = may_audit(d, &a, auditor_id, msg, msglen);
	if (rc != QA_OK) {
		qa_audit_free(&a);
		return rc;
	}
	char now[21];
	date_instant_iso(who->now, now);
	struct change c;
	if (change_begin_beside(&c, d, who) < 0) {
		qa_audit_free(&a);
		return QA_ERROR;
	}
	db_stmt *s = db_prepare(d, "INSERT INTO qa_audits(kind, framework_id, person_id, plan_version_id, sample_id, source, "
	                           "moderates, auditor_id, status, team, phase, need, key_stage, setting_type, created_at, "
	                           "created_by) SELECT kind, framework_id, person_id, plan_version_id, sample_id, source, id, "
	                           "?2, 'assigned', team, phase, need, key_stage, setting_type, ?3, ?4 FROM qa_audits "
	                           "WHERE id = ?1 ON CONFLICT DO NOTHING RETURNING id");
	if (s) {
		db_bind_int(s, 1, audit_id);
		db_bind_int(s, 2, auditor_id);
		db_bind_text(s, 3, now);
		bind_user(s, 4, who->user_id);
	}
	int64_t person = a.person_id;
	qa_audit_free(&a);
	return insert_commit(&c, s, "qa_audits", person, "moderates", second_id, QA_EXISTS,
	                     "auditor|This audit is being moderated already", msg, msglen);
}

int qa_moderation_agree(db *d, const struct actor *who, int64_t audit_id, int agreed, const char *note, char *msg,
                        size_t msglen)
{
	struct qa_audit a;
	int rc = qa_audit_load(d, audit_id, &a);
	if (rc != QA_OK)
		return rc;
	int top = qa_scale_top(a.scale);
	int64_t person = a.person_id;
	int done1 = strcmp(a.status, "completed") == 0;
	qa_audit_free(&a);
	if (agreed < 1 || agreed > top)
		return say(msg, msglen, QA_INVALID, "agreed|Select the agreed grade");
	if (note && strlen(note) > 2000)
		return say(msg, msglen, QA_INVALID, "note|The moderator's note must be 2000 characters or fewer");
	db_stmt *s = db_prepare(d, "SELECT id, status FROM qa_audits WHERE moderates = ?");
	if (!s)
		return QA_ERROR;
	db_bind_int(s, 1, audit_id);
	int st = db_step(s);
	int64_t second = st == DB_ROW ? db_col_int(s, 0) : 0;
	int done2 = st == DB_ROW && strcmp(db_col_text(s, 1), "completed") == 0;
	db_done(s);
	if (st != DB_ROW && st != DB_DONE)
		return QA_ERROR;
	if (!second)
		return say(msg, msglen, QA_INVALID, "moderator|Give the audit to a second auditor before agreeing its grade");
	if (!done1 || !done2)
		return say(msg, msglen, QA_INVALID, "agreed|Agree the grade once both auditors have completed their audits");
	char today[11];
	date_format_iso(action_day(who), today);
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	s = db_prepare(d, "INSERT INTO qa_moderations(audit_id, second_id, moderator_id, agreed, agreed_date, note) "
	                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(audit_id) DO UPDATE SET agreed = ?4, note = ?6, "
	                  "moderator_id = ?3, version = qa_moderations.version + 1 RETURNING id");
	rc = QA_ERROR;
	if (s) {
		db_bind_int(s, 1, audit_id);
		db_bind_int(s, 2, second);
		bind_user(s, 3, who->user_id);
		db_bind_int(s, 4, agreed);
		db_bind_text(s, 5, today);
		db_bind_opt_text(s, 6, note);
		st = db_step(s);
		int64_t mid = st == DB_ROW ? db_col_int(s, 0) : 0;
		db_done(s);
		if (mid && change_audit(&c, "create", "qa_moderations", mid, person, "agreed", NULL) == 0 &&
		    change_commit(&c) == 0)
			rc = QA_OK;
	}
	if (rc != QA_OK)
		change_rollback(&c);
	return rc;
}

int qa_agreement(db *d, const char *from, const char *to, int64_t *n, int64_t *agreed)
{
	*n = *agreed = 0;
	db_stmt *s = db_prepare(d, "SELECT count(*), COALESCE(sum(" QA_MODERATION_AGREED_SQL "), 0) FROM "
	                           QA_MODERATIONS_SQL " WHERE m.agreed_date >= ? AND m.agreed_date <= ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*n = db_col_int(s, 0);
		*agreed = db_col_int(s, 1);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

/* ---- actions ------------------------------------------------------------------------- */

int qa_action_add(db *d, const struct actor *who, int64_t audit_id, const char *kind, const char *description,
                  int64_t owner_id, const char *due, int64_t *action_id, char *msg, size_t msglen)
{
	*action_id = 0;
	if (!kind || (strcmp(kind, "feedback") != 0 && strcmp(kind, "amend_next_review") != 0 && strcmp(kind, "other") != 0))
		return say(msg, msglen, QA_INVALID, "kind|Select the kind of action");
	if (!description || !*description)
		return say(msg, msglen, QA_INVALID, "description|Enter what is to be done");
	if (strlen(description) > 1000)
		return say(msg, msglen, QA_INVALID, "description|What is to be done must be 1000 characters or fewer");
	day_t dd;
	if (!due || date_parse_iso(due, &dd) != 0)
		return say(msg, msglen, QA_INVALID, "due|Enter the date it is due by");
	if (owner_id <= 0)
		return say(msg, msglen, QA_INVALID, "owner|Select who owns the action");
	struct qa_audit a;
	int rc = qa_audit_load(d, audit_id, &a);
	if (rc != QA_OK)
		return rc;
	int64_t person = a.person_id;
	qa_audit_free(&a);
	char now[21];
	date_instant_iso(who->now, now);
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	db_stmt *s = db_prepare(d, "INSERT INTO qa_actions(audit_id, person_id, kind, description, owner_id, due_date, "
	                           "created_at, created_by) SELECT ?, ?, ?, ?, id, ?, ?, ? FROM users WHERE id = ? AND "
	                           "disabled = 0 RETURNING id");
	if (s) {
		db_bind_int(s, 1, audit_id);
		db_bind_int(s, 2, person);
		db_bind_text(s, 3, kind);
		db_bind_text(s, 4, description);
		db_bind_text(s, 5, due);
		db_bind_text(s, 6, now);
		bind_user(s, 7, who->user_id);
		db_bind_int(s, 8, owner_id);
	}
	return insert_commit(&c, s, "qa_actions", person, "kind,owner,due", action_id, QA_INVALID,
	                     "owner|Select who owns the action from the list", msg, msglen);
}

/* ---- lists ------------------------------------------------------------------------------ */

int qa_criteria_each(db *d, int64_t audit_id, qa_criterion_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT c.id, c.section, c.num, c.title, c.guidance, c.weight, COALESCE(g.grade, 0), "
	                           "g.comment FROM qa_audits a JOIN qa_criteria c ON c.framework_id = a.framework_id "
	                           "LEFT JOIN qa_grades g ON g.audit_id = a.id AND g.criterion_id = c.id "
	                           "WHERE a.id = ? ORDER BY c.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, audit_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_criterion_row r = {
			.id = db_col_int(s, 0), .section = db_col_text(s, 1), .num = (int)db_col_int(s, 2),
			.title = db_col_text(s, 3), .guidance = db_col_text(s, 4), .weight = (int)db_col_int(s, 5),
			.grade = (int)db_col_int(s, 6), .comment = db_col_text(s, 7),
		};
		if (fn(ctx, &r)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_audits_each(db *d, int64_t sample_id, int64_t auditor_id, int limit, qa_audit_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(
		d, "SELECT a.id, a.person_id, COALESCE(a.plan_version_id, 0), COALESCE(a.auditor_id, 0), "
		   "COALESCE(a.moderates, 0), a.status, a.source, COALESCE(u.display_name, ''), a.team, a.phase, a.need, "
		   "COALESCE(a.completed_date, ''), COALESCE(a.overall, 0) FROM qa_audits a "
		   "LEFT JOIN users u ON u.id = a.auditor_id "
		   "WHERE (?1 > 0 AND a.sample_id = ?1) OR (?2 > 0 AND a.auditor_id = ?2 AND a.status = 'assigned') "
		   "ORDER BY a.id LIMIT ?3");
	if (!s)
		return -1;
	db_bind_int(s, 1, sample_id);
	db_bind_int(s, 2, auditor_id);
	db_bind_int(s, 3, limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_audit_row r = {
			.id = db_col_int(s, 0), .person_id = db_col_int(s, 1), .plan_version_id = db_col_int(s, 2),
			.auditor_id = db_col_int(s, 3), .moderates = db_col_int(s, 4), .status = db_col_text(s, 5),
			.source = db_col_text(s, 6), .auditor = db_col_text(s, 7), .team = db_col_text(s, 8),
			.phase = db_col_text(s, 9), .need = db_col_text(s, 10), .completed_date = db_col_text(s, 11),
			.overall = (int)db_col_int(s, 12),
		};
		if (fn(ctx, &r)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_auditors_each(db *d, qa_auditor_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT id, display_name, COALESCE(qa_service, ''), role FROM users WHERE disabled = 0 "
	                           "AND role IN ('admin','manager','caseworker','qa') ORDER BY display_name, id LIMIT 500");
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_auditor a = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3)};
		if (fn(ctx, &a)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_totals(db *d, const char *from, const char *to, struct qa_totals *t)
{
	memset(t, 0, sizeof *t);
	/* first audits only: a moderation's second audit is not another audit of the plan */
	db_stmt *s = db_prepare(d, "SELECT count(*), COALESCE(sum(" QA_AUDIT_GOOD_SQL "), 0) FROM qa_audits a "
	                           "JOIN qa_frameworks f ON f.id = a.framework_id WHERE " QA_AUDIT_COUNTED_SQL " AND "
	                           "a.completed_date >= ? AND a.completed_date <= ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		t->completed = db_col_int(s, 0);
		t->good = db_col_int(s, 1);
	}
	db_done(s);
	if (rc != DB_ROW)
		return -1;
	return qa_agreement(d, from, to, &t->moderated, &t->agreed);
}

int64_t qa_sample_id(db *d, const char *kind, const char *month, int64_t *seed)
{
	*seed = 0;
	db_stmt *s = db_prepare(d, "SELECT id, seed FROM qa_samples WHERE kind = ? AND month = ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, month);
	int rc = db_step(s);
	int64_t id = 0;
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		*seed = db_col_int(s, 1);
	}
	db_done(s);
	return rc == DB_ROW ? id : rc == DB_DONE ? 0 : -1;
}

int qa_strata_each(db *d, int64_t sample_id, qa_stratum_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT pool, team, phase, need, eligible, drawn FROM qa_sample_strata "
	                           "WHERE sample_id = ? ORDER BY pool DESC, team, phase, need LIMIT 2000");
	if (!s)
		return -1;
	db_bind_int(s, 1, sample_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_stratum_row x = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                           db_col_int(s, 4), db_col_int(s, 5)};
		if (fn(ctx, &x)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

const char *qa_action_kind_label(const char *kind)
{
	if (kind && strcmp(kind, "feedback") == 0)
		return "Feedback to the caseworker";
	if (kind && strcmp(kind, "amend_next_review") == 0)
		return "Amend at the next review";
	return "Other";
}

int qa_action_done(db *d, const struct actor *who, int64_t action_id, int64_t version, int any_owner,
                   int64_t *audit_id, char *msg, size_t msglen)
{
	*audit_id = 0;
	char today[11];
	date_format_iso(action_day(who), today);
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	db_stmt *s = db_prepare(d, "UPDATE qa_actions SET done_date = ?, version = version + 1 WHERE id = ? AND "
	                           "version = ? AND done_date IS NULL AND (owner_id = ? OR ? = 1) RETURNING person_id, audit_id");
	if (!s) {
		change_rollback(&c);
		return QA_ERROR;
	}
	db_bind_text(s, 1, today);
	db_bind_int(s, 2, action_id);
	db_bind_int(s, 3, version);
	db_bind_int(s, 4, who->user_id);
	db_bind_int(s, 5, any_owner ? 1 : 0);
	int st = db_step(s);
	int64_t person = st == DB_ROW ? db_col_int(s, 0) : 0;
	if (st == DB_ROW)
		*audit_id = db_col_int(s, 1);
	db_done(s);
	if (st == DB_DONE) {
		change_rollback(&c);
		return say(msg, msglen, QA_STALE, "This action was changed or done by someone else, or is not yours: check it again");
	}
	if (st != DB_ROW || change_audit(&c, "update", "qa_actions", action_id, person, "done_date", NULL) < 0 ||
	    change_commit(&c) < 0) {
		change_rollback(&c);
		return QA_ERROR;
	}
	return QA_OK;
}

int qa_actions_each(db *d, int64_t audit_id, int64_t owner_id, int limit, qa_action_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT a.id, a.version, a.audit_id, a.person_id, a.owner_id, a.kind, a.description, "
	                           "COALESCE(u.display_name, ''), a.due_date, COALESCE(a.done_date, '') FROM qa_actions a "
	                           "LEFT JOIN users u ON u.id = a.owner_id "
	                           "WHERE (?1 > 0 AND a.audit_id = ?1) OR (?1 = 0 AND a.owner_id = ?2 AND a.done_date IS NULL) "
	                           "ORDER BY a.due_date, a.id LIMIT ?3");
	if (!s)
		return -1;
	db_bind_int(s, 1, audit_id);
	db_bind_int(s, 2, owner_id);
	db_bind_int(s, 3, limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_action_row a = {
			.id = db_col_int(s, 0), .version = db_col_int(s, 1), .audit_id = db_col_int(s, 2),
			.person_id = db_col_int(s, 3), .owner_id = db_col_int(s, 4), .kind = db_col_text(s, 5),
			.description = db_col_text(s, 6), .owner = db_col_text(s, 7), .due_date = db_col_text(s, 8),
			.done_date = db_col_text(s, 9),
		};
		if (fn(ctx, &a)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_action_owner(db *d, int64_t audit_id, int64_t user_id)
{
	db_stmt *s = db_prepare(d, "SELECT 1 FROM qa_actions WHERE audit_id = ? AND owner_id = ? LIMIT 1");
	if (!s)
		return -1;
	db_bind_int(s, 1, audit_id);
	db_bind_int(s, 2, user_id);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int qa_auditor_set_service(db *d, const struct actor *who, int64_t user_id, const char *service, char *msg,
                           size_t msglen)
{
	if (service && *service && !qa_service_valid(service))
		return say(msg, msglen, QA_INVALID, "service|Select education, health or social care, or every section");
	struct change c;
	if (change_begin_beside(&c, d, who) < 0)
		return QA_ERROR;
	db_stmt *s = db_prepare(d, "UPDATE users SET qa_service = ?, version = version + 1 WHERE id = ? RETURNING id");
	if (!s) {
		change_rollback(&c);
		return QA_ERROR;
	}
	db_bind_opt_text(s, 1, service && *service ? service : NULL);
	db_bind_int(s, 2, user_id);
	int st = db_step(s);
	db_done(s);
	if (st == DB_DONE) {
		change_rollback(&c);
		return say(msg, msglen, QA_NOT_FOUND, "service|There is no such user");
	}
	if (st != DB_ROW || change_audit(&c, "update", "users", user_id, 0, "qa_service", NULL) < 0 || change_commit(&c) < 0) {
		change_rollback(&c);
		return QA_ERROR;
	}
	return QA_OK;
}

int qa_report_months(db *d, const char *from, int n, struct qa_month *m)
{
	int y, mo;
	if (sscanf(from, "%4d-%2d", &y, &mo) != 2)
		return -1;
	for (int i = 0; i < n; i++) {
		memset(&m[i], 0, sizeof m[i]);
		int t = y * 12 + (mo - 1) + i;
		char mb[24];
		snprintf(mb, sizeof mb, "%04d-%02d", (t / 12) % 10000, t % 12 + 1);
		memcpy(m[i].month, mb, sizeof m[i].month - 1);
		m[i].month[sizeof m[i].month - 1] = 0;
	}
	char lo[24], hi[24];
	snprintf(lo, sizeof lo, "%s-01", m[0].month);
	int t = y * 12 + (mo - 1) + n;
	snprintf(hi, sizeof hi, "%04d-%02d-01", (t / 12) % 10000, t % 12 + 1);
#define GRADE(scale, g) COUNT_IF("f.scale = '" scale "' AND a.overall = " #g)
	db_stmt *s = db_prepare(d, "SELECT substr(a.completed_date, 1, 7), count(*), COALESCE(sum(" QA_AUDIT_GOOD_SQL "), 0), "
	                           GRADE("four", 1) ", " GRADE("four", 2) ", " GRADE("four", 3) ", " GRADE("four", 4) ", "
	                           "COALESCE(sum(pv.prov_findings), 0), count(pv.prov_findings), "
	                           COUNT_IF("f.scale = 'eight'") ", " GRADE("eight", 1) ", " GRADE("eight", 2) ", "
	                           GRADE("eight", 3) ", " GRADE("eight", 4) ", " GRADE("eight", 5) ", " GRADE("eight", 6) ", "
	                           GRADE("eight", 7) ", " GRADE("eight", 8) " "
	                           "FROM qa_audits a JOIN qa_frameworks f ON f.id = a.framework_id "
	                           "LEFT JOIN plan_versions pv ON pv.id = a.plan_version_id "
	                           "WHERE " QA_AUDIT_COUNTED_SQL " AND a.completed_date >= ? AND a.completed_date < ? GROUP BY 1");
#undef GRADE
	if (!s)
		return -1;
	db_bind_text(s, 1, lo);
	db_bind_text(s, 2, hi);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *mm = db_col_text(s, 0);
		for (int i = 0; i < n; i++)
			if (strcmp(m[i].month, mm) == 0) {
				m[i].completed = db_col_int(s, 1);
				m[i].good = db_col_int(s, 2);
				for (int g = 0; g < 4; g++)
					m[i].g[g] = db_col_int(s, 3 + g);
				m[i].findings = db_col_int(s, 7);
				m[i].checked = db_col_int(s, 8);
				m[i].eight = db_col_int(s, 9);
				for (int g = 0; g < 8; g++)
					m[i].g8[g] = db_col_int(s, 10 + g);
			}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_weaknesses_each(db *d, const char *from, const char *to, int limit, qa_weakness_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT c.section, c.title, SUM(CASE WHEN g.grade < f.good_from THEN 1 ELSE 0 END) AS below, "
	                           "count(*) "
	                           "FROM qa_audits a JOIN qa_frameworks f ON f.id = a.framework_id "
	                           "JOIN qa_grades g ON g.audit_id = a.id JOIN qa_criteria c ON c.id = g.criterion_id "
	                           "WHERE a.kind = 'plan' AND a.status = 'completed' AND a.moderates IS NULL "
	                           "AND a.completed_date >= ? AND a.completed_date <= ? "
	                           "GROUP BY c.section, c.title HAVING SUM(CASE WHEN g.grade < f.good_from THEN 1 ELSE 0 END) > 0 "
	                           "ORDER BY below DESC, c.section LIMIT ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	db_bind_int(s, 3, limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_weakness w = {db_col_text(s, 0), db_col_text(s, 1), db_col_int(s, 2), db_col_int(s, 3)};
		if (fn(ctx, &w)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_moderation_get(db *d, int64_t audit_id, struct qa_moderation_view *m)
{
	memset(m, 0, sizeof *m);
	db_stmt *s = db_prepare(d, "SELECT b.id, b.status, COALESCE(b.overall, 0), COALESCE(m.agreed, 0) FROM qa_audits b "
	                           "LEFT JOIN qa_moderations m ON m.second_id = b.id WHERE b.moderates = ?");
	if (!s)
		return -1;
	db_bind_int(s, 1, audit_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		m->second_id = db_col_int(s, 0);
		copyz(m->second_status, sizeof m->second_status, db_col_text(s, 1));
		m->second_overall = (int)db_col_int(s, 2);
		m->agreed = (int)db_col_int(s, 3);
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

#define BREAK_WHERE "FROM qa_audits a JOIN qa_frameworks f ON f.id = a.framework_id WHERE a.kind = 'plan' AND " \
	"a.status = 'completed' AND a.moderates IS NULL AND a.completed_date >= ?1 AND a.completed_date <= ?2 "
static const struct { const char *by, *sql; } breaks[] = {
	{"section", "SELECT c.section, count(*), SUM(CASE WHEN g.grade >= f.good_from THEN 1 ELSE 0 END) "
	            "FROM qa_audits a JOIN qa_frameworks f "
	            "ON f.id = a.framework_id JOIN qa_grades g ON g.audit_id = a.id JOIN qa_criteria c ON c.id = "
	            "g.criterion_id WHERE a.kind = 'plan' AND a.status = 'completed' AND a.moderates IS NULL AND "
	            "a.completed_date >= ?1 AND a.completed_date <= ?2 GROUP BY c.section ORDER BY min(c.id)"},
	{"team", "SELECT a.team, count(*), SUM(CASE WHEN a.overall >= f.good_from THEN 1 ELSE 0 END) "
	          BREAK_WHERE "GROUP BY 1 ORDER BY 1"},
	{"need", "SELECT a.need, count(*), SUM(CASE WHEN a.overall >= f.good_from THEN 1 ELSE 0 END) "
	          BREAK_WHERE "GROUP BY 1 ORDER BY 1"},
	{"key_stage", "SELECT a.key_stage, count(*), SUM(CASE WHEN a.overall >= f.good_from THEN 1 ELSE 0 END) "
	               BREAK_WHERE "GROUP BY 1 ORDER BY 1"},
	{"setting_type", "SELECT a.setting_type, count(*), SUM(CASE WHEN a.overall >= f.good_from THEN 1 ELSE 0 END) "
	                  BREAK_WHERE "GROUP BY 1 ORDER BY 1"},
};

int qa_breakdown_each(db *d, const char *by, const char *from, const char *to, qa_break_fn fn, void *ctx)
{
	const char *sql = NULL;
	for (size_t i = 0; i < sizeof breaks / sizeof breaks[0]; i++)
		if (by && strcmp(by, breaks[i].by) == 0)
			sql = breaks[i].sql;
	if (!sql)
		return QA_INVALID;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_break b = {db_col_text(s, 0), db_col_int(s, 1), db_col_int(s, 2)};
		if (fn(ctx, &b)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}


int qa_frameworks_each(db *d, qa_framework_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT f.id, f.seq, COALESCE(f.based_on, 0), f.kind, f.name, f.scale, f.rule, f.good_from, "
	                           "f.active, (SELECT count(*) FROM qa_audits a WHERE a.framework_id = f.id), f.version "
	                           "FROM qa_frameworks f ORDER BY f.kind DESC, f.seq DESC LIMIT 200");
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_framework_row f = {db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), db_col_int(s, 10),
		                             db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6),
		                             (int)db_col_int(s, 7), (int)db_col_int(s, 8), (int)db_col_int(s, 9)};
		if (fn(ctx, &f)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_framework_criteria_each(db *d, int64_t framework_id, qa_criterion_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT id, section, num, title, guidance, weight FROM qa_criteria WHERE framework_id = ? "
	                           "ORDER BY id");
	if (!s)
		return -1;
	db_bind_int(s, 1, framework_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_criterion_row r = {
			.id = db_col_int(s, 0), .section = db_col_text(s, 1), .num = (int)db_col_int(s, 2),
			.title = db_col_text(s, 3), .guidance = db_col_text(s, 4), .weight = (int)db_col_int(s, 5),
			.grade = 0, .comment = "",
		};
		if (fn(ctx, &r)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int qa_advice_quality_each(db *d, const char *from, const char *to, int by_month, qa_advice_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT CASE WHEN ?3 = 1 THEN substr(received_date, 1, 7) ELSE '' END, service, count(*), "
	                           COUNT_IF("rating_complete = 'yes'") ", " COUNT_IF("rating_specific = 'yes'") ", "
	                           COUNT_IF("rating_quantified = 'yes'") ", "
	                           COUNT_IF("rating_complete = 'yes' AND rating_specific = 'yes' AND rating_quantified = 'yes'") " "
	                           "FROM advice_requests WHERE received_date >= ?1 AND received_date <= ?2 AND "
	                           "(rating_complete IS NOT NULL OR rating_specific IS NOT NULL OR rating_quantified IS NOT "
	                           "NULL) GROUP BY 1, 2 ORDER BY 1, 2");
	if (!s)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	db_bind_int(s, 3, by_month ? 1 : 0);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct qa_advice_row a = {db_col_text(s, 0), db_col_text(s, 1), db_col_int(s, 2), db_col_int(s, 3),
		                          db_col_int(s, 4), db_col_int(s, 5), db_col_int(s, 6)};
		if (fn(ctx, &a)) {
			rc = DB_DONE;
			break;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}
