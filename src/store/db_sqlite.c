/* db_sqlite.c — db.h on SQLite.
 *
 * DESIGN: one sqlite3 connection per handle, WAL journal, foreign keys on,
 * a busy timeout so concurrent writers queue instead of failing.  Prepared
 * statements are cached in a small open-addressed table keyed by the SQL
 * text (domain code passes literals, so the pointer is checked first, then
 * the text).  Errors are logged with the SQLite message only — never with a
 * bound value, which could be personal data.
 */
#include "store/db.h"
#include "store/migrations.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* every literal the application prepares fits, with room: the lists alone
 * have about seventy (a statement per order and filter, issue 15) */
#define STMT_CACHE 512

struct db_stmt {
	sqlite3_stmt *st;
	const char *sql;
	db *owner;
	int in_use;
};

struct db {
	sqlite3 *h;
	struct db_stmt cache[STMT_CACHE];
};

static void log_err(db *d, const char *what)
{
	fprintf(stderr, "db: %s: %s\n", what, sqlite3_errmsg(d->h));
}

int db_open(db **out, const char *path, char *err, size_t errlen)
{
	*out = NULL;
	db *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return DB_ERROR;
	}
	int rc = sqlite3_open_v2(path, &d->h,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		         d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
		sqlite3_close(d->h);
		free(d);
		return DB_ERROR;
	}
	sqlite3_busy_timeout(d->h, 5000);
	sqlite3_extended_result_codes(d->h, 1);
	if (db_exec(d, "PRAGMA journal_mode=WAL") < 0 || db_exec(d, "PRAGMA foreign_keys=ON") < 0 ||
	    db_exec(d, "PRAGMA synchronous=NORMAL") < 0 ||
	    /* truncate the write-ahead log back to 64 MiB after a checkpoint */
	    db_exec(d, "PRAGMA journal_size_limit=67108864") < 0 ||
	    /* sorts in memory; a 2 MiB page cache a connection (the server keeps nine:
	     * 8 MiB each held 120 MiB resident after load; the walks read the area
	     * once, from the kernel's cache, and took about 10% longer with 2 MiB:
	     * docs/performance.md) */
	    db_exec(d, "PRAGMA temp_store=MEMORY") < 0 || db_exec(d, "PRAGMA cache_size=-2048") < 0) {
		snprintf(err, errlen, "cannot configure database %s: %s", path, sqlite3_errmsg(d->h));
		db_close(d);
		return DB_ERROR;
	}
	*out = d;
	return DB_OK;
}

/* rebuilding 99,840 children's clocks took 124 s with the server's 2 MiB
 * cache, 61 s with 16 MiB (79 MiB peak), 54 s with 64 MiB (127 MiB peak);
 * with the indexes built after the rows (db_indexes_drop) 39 s, its sorts
 * in files 79 MiB peak (213 MiB in memory) */
#define BULK_CACHE_KIB (16 * 1024)

int db_tune_for_bulk(db *d)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", BULK_CACHE_KIB);
	return db_exec(d, sql) == DB_OK && db_exec(d, "PRAGMA temp_store=FILE") == DB_OK ? DB_OK : DB_ERROR;
}

void db_close(db *d)
{
	if (!d)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		if (d->cache[i].st)
			sqlite3_finalize(d->cache[i].st);
	sqlite3_close(d->h);
	free(d);
}

static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

db_stmt *db_prepare(db *d, const char *sql)
{
	unsigned h = hash_sql(sql) % STMT_CACHE;
	for (unsigned i = 0; i < STMT_CACHE; i++) {
		struct db_stmt *c = &d->cache[(h + i) % STMT_CACHE];
		if (c->st && (c->sql == sql || strcmp(c->sql, sql) == 0)) {
			if (c->in_use)
				continue; /* same SQL used re-entrantly: look for or make another */
			c->in_use = 1;
			return c;
		}
		if (!c->st) {
			if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) != SQLITE_OK) {
				log_err(d, "prepare");
				c->st = NULL;
				return NULL;
			}
			c->sql = sql;
			c->owner = d;
			c->in_use = 1;
			return c;
		}
	}
	fprintf(stderr, "db: statement cache full\n");
	return NULL;
}

void db_reset(db_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

void db_done(db_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	s->in_use = 0;
}

static int bind_rc(db_stmt *s, int rc)
{
	if (rc == SQLITE_OK)
		return DB_OK;
	log_err(s->owner, "bind");
	return DB_ERROR;
}

int db_bind_int(db_stmt *s, int idx, int64_t v)
{
	return bind_rc(s, sqlite3_bind_int64(s->st, idx, v));
}

int db_bind_text(db_stmt *s, int idx, const char *v)
{
	if (!v)
		return db_bind_null(s, idx);
	return bind_rc(s, sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT));
}

int db_bind_opt_text(db_stmt *s, int idx, const char *v)
{
	return (v && *v) ? db_bind_text(s, idx, v) : db_bind_null(s, idx);
}

int db_bind_blob(db_stmt *s, int idx, const void *p, size_t n)
{
	if (n > (size_t)INT32_MAX)
		return DB_ERROR;
	return bind_rc(s, n ? sqlite3_bind_blob(s->st, idx, p, (int)n, SQLITE_TRANSIENT) : sqlite3_bind_zeroblob(s->st, idx, 0));
}

int db_bind_null(db_stmt *s, int idx)
{
	return bind_rc(s, sqlite3_bind_null(s->st, idx));
}

int db_step(db_stmt *s)
{
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return DB_CONSTRAINT;
	log_err(s->owner, "step");
	if ((rc & 0xff) == SQLITE_BUSY)
		return DB_BUSY;
	return DB_ERROR;
}

int db_col_count(db_stmt *s) { return sqlite3_column_count(s->st); }
int db_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(s->st, col) == SQLITE_NULL; }
int64_t db_col_int(db_stmt *s, int col) { return sqlite3_column_int64(s->st, col); }
int db_col_is_int(db_stmt *s, int col) { return sqlite3_column_type(s->st, col) == SQLITE_INTEGER; }
const char *db_col_name(db_stmt *s, int col) { return sqlite3_column_name(s->st, col); }

const void *db_col_blob(db_stmt *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(s->st, col);
	int len = sqlite3_column_bytes(s->st, col);
	*n = p && len > 0 ? (size_t)len : 0;
	return *n ? p : NULL;
}

const char *db_col_text(db_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s->st, col);
	return t ? (const char *)t : "";
}

int db_exec(db *d, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(d->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "db: exec: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		return DB_ERROR;
	}
	return DB_OK;
}

static void saved_free(struct db_saved_indexes *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->sql[i]);
	free(s->sql);
	s->sql = NULL;
	s->n = 0;
}

int db_indexes_drop(db *d, const char *table, struct db_saved_indexes *s)
{
	s->sql = NULL;
	s->n = 0;
	sqlite3_stmt *q;
	/* an index with sql: one a migration made (a key's automatic index has none) */
	if (sqlite3_prepare_v2(d->h, "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=?1 "
	                             "AND sql IS NOT NULL ORDER BY name", -1, &q, NULL) != SQLITE_OK) {
		log_err(d, "indexes");
		return DB_ERROR;
	}
	sqlite3_bind_text(q, 1, table, -1, SQLITE_TRANSIENT);
	char **names = NULL;
	int rc, cap = 0, failed = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (s->n == cap) {
			int ncap = cap ? cap * 2 : 8;
			char **a = realloc(s->sql, (size_t)ncap * sizeof *a), **b = a ? realloc(names, (size_t)ncap * sizeof *b) : NULL;
			if (a)
				s->sql = a;
			if (!a || !b) {
				failed = 1;
				break;
			}
			names = b;
			cap = ncap;
		}
		names[s->n] = strdup((const char *)sqlite3_column_text(q, 0));
		s->sql[s->n] = strdup((const char *)sqlite3_column_text(q, 1));
		if (!names[s->n] || !s->sql[s->n]) {
			free(names[s->n]);
			free(s->sql[s->n]);
			failed = 1;
			break;
		}
		s->n++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && !failed) {
		log_err(d, "indexes");
		failed = 1;
	}
	for (int i = 0; i < s->n && !failed; i++) {
		char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		failed = !drop || db_exec(d, drop) != DB_OK;
		sqlite3_free(drop);
	}
	for (int i = 0; i < s->n; i++)
		free(names[i]);
	free(names);
	if (failed) {
		saved_free(s);
		return DB_ERROR;
	}
	return DB_OK;
}

int db_indexes_restore(db *d, struct db_saved_indexes *s, int make)
{
	int rc = make ? DB_OK : DB_ERROR;
	for (int i = 0; i < s->n && rc == DB_OK; i++)
		rc = db_exec(d, s->sql[i]);
	saved_free(s);
	return rc;
}

int db_begin(db *d) { return db_exec(d, "BEGIN IMMEDIATE"); }
int db_commit(db *d) { return db_exec(d, "COMMIT"); }

int db_rollback(db *d)
{
	if (sqlite3_get_autocommit(d->h))
		return DB_OK;
	return db_exec(d, "ROLLBACK");
}

int db_changes(db *d) { return sqlite3_changes(d->h); }
const char *db_errmsg(db *d) { return sqlite3_errmsg(d->h); }
int db_secure_delete(db *d, int on) { return db_exec(d, on ? "PRAGMA secure_delete=ON" : "PRAGMA secure_delete=OFF"); }

int64_t db_scalar_int(db *d, const char *sql, int64_t dflt)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return dflt;
	int64_t v = dflt;
	if (db_step(s) == DB_ROW && !db_col_is_null(s, 0))
		v = db_col_int(s, 0);
	db_done(s);
	return v;
}

int db_schema_version(db *d)
{
	return (int)db_scalar_int(d, "SELECT COALESCE(MAX(number),0) FROM schema_migrations", 0);
}

#define FK_OFF_MARK "-- sendmis: foreign_keys=off"
#define REFUSE_MARK "-- sendmis: refuse-if "
#define REFUSE_WHY_MARK "-- sendmis: refuse-why "
#define REFUSE_SHOWN 10

/* A migration that would fail on data some records hold (a unique index over
 * values two records share) names the records first: each line
 * "-- sendmis: refuse-if SELECT …" is a query whose rows are the clashes, one
 * text column each, and "-- sendmis: refuse-why …" says what to do.  If any
 * query returns a row, the migration is refused before anything is written
 * and err lists the first few rows.  0: none; -1: refused (or a query failed). */
static int migration_refused(db *d, const struct migration *m, char *err, size_t errlen)
{
	char why[640] = "these records must be corrected first";
	const char *w = strstr(m->sql, REFUSE_WHY_MARK);
	if (w) {
		w += sizeof REFUSE_WHY_MARK - 1;
		size_t n = strcspn(w, "\n");
		snprintf(why, sizeof why, "%.*s", (int)(n < sizeof why - 1 ? n : sizeof why - 1), w);
	}
	size_t used = (size_t)snprintf(err, errlen, "migration %s refused, and the database is unchanged: %s", m->name, why);
	long found = 0;
	for (const char *q = strstr(m->sql, REFUSE_MARK); q; q = strstr(q, REFUSE_MARK)) {
		q += sizeof REFUSE_MARK - 1;
		size_t n = strcspn(q, "\n");
		char *sql = malloc(n + 1);
		if (!sql)
			return -1;
		memcpy(sql, q, n);
		sql[n] = 0;
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(d->h, sql, -1, &st, NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			snprintf(err, errlen, "migration %s: its check cannot run: %s", m->name, sqlite3_errmsg(d->h));
			return -1;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (found++ < REFUSE_SHOWN && used < errlen) {
				const unsigned char *t = sqlite3_column_text(st, 0);
				used += (size_t)snprintf(err + used, errlen - used, "\n  %s", t ? (const char *)t : "");
			}
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			snprintf(err, errlen, "migration %s: its check failed: %s", m->name, sqlite3_errmsg(d->h));
			return -1;
		}
	}
	if (found > REFUSE_SHOWN && used < errlen)
		snprintf(err + used, errlen - used, "\n  … and %ld more", found - REFUSE_SHOWN);
	if (!found)
		err[0] = 0;
	return found ? -1 : 0;
}

int db_migrate(db *d, char *err, size_t errlen)
{
	if (db_exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations("
	               "number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)") < 0) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", sqlite3_errmsg(d->h));
		return -1;
	}
	int have = db_schema_version(d), applied = 0;
	for (int i = 0; i < sqlite_migrations_n; i++) {
		const struct migration *m = &sqlite_migrations[i];
		if (m->number <= have)
			continue;
		if (migration_refused(d, m, err, errlen) < 0)
			return -1;
		char *msg = NULL;
		/* A migration that rebuilds a referenced table asks for foreign keys
		 * off (they cannot be changed inside a transaction); the references
		 * are checked before it commits, and foreign keys are on again after. */
		int fk_off = strncmp(m->sql, FK_OFF_MARK, sizeof FK_OFF_MARK - 1) == 0;
		if (fk_off && db_exec(d, "PRAGMA foreign_keys=OFF") < 0) {
			snprintf(err, errlen, "migration %s: cannot turn foreign keys off: %s", m->name, sqlite3_errmsg(d->h));
			return -1;
		}
		int failed = db_begin(d) < 0 || sqlite3_exec(d->h, m->sql, NULL, NULL, &msg) != SQLITE_OK;
		const char *why = msg ? msg : sqlite3_errmsg(d->h);
		if (!failed && fk_off && db_scalar_int(d, "SELECT COUNT(*) FROM pragma_foreign_key_check", -1) != 0) {
			failed = 1;
			why = "a row refers to one that no longer exists (PRAGMA foreign_key_check)";
		}
		if (failed) {
			snprintf(err, errlen, "migration %s failed: %s", m->name, why);
			sqlite3_free(msg);
			db_rollback(d);
			if (fk_off)
				db_exec(d, "PRAGMA foreign_keys=ON");
			return -1;
		}
		db_stmt *s = db_prepare(d, "INSERT INTO schema_migrations(number,name,applied_at) "
		                           "VALUES(?,?,strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
		int rc = s ? (db_bind_int(s, 1, m->number), db_bind_text(s, 2, m->name), db_step(s)) : DB_ERROR;
		db_done(s);
		if (rc != DB_DONE || db_commit(d) < 0) {
			snprintf(err, errlen, "migration %s: cannot record: %s", m->name, sqlite3_errmsg(d->h));
			db_rollback(d);
			if (fk_off)
				db_exec(d, "PRAGMA foreign_keys=ON");
			return -1;
		}
		if (fk_off && db_exec(d, "PRAGMA foreign_keys=ON") < 0) {
			snprintf(err, errlen, "migration %s: cannot turn foreign keys on: %s", m->name, sqlite3_errmsg(d->h));
			return -1;
		}
		applied++;
	}
	return applied;
}

int db_like_pattern(const char *q, char *out, size_t n)
{
	size_t need = 3;
	out[0] = 0;
	if (!q || !*q)
		return 0;
	for (const char *c = q; *c; c++)
		need += (*c == '%' || *c == '_' || *c == '\\') ? 2 : 1;
	if (need > n)
		return -1;   /* never a cut-down pattern: callers bound the search text */
	size_t j = 0;
	out[j++] = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[j++] = '\\';
		out[j++] = *q;
	}
	out[j++] = '%';
	out[j] = 0;
	return 0;
}
