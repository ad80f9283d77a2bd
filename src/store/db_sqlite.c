/* db_sqlite.c — db.h on SQLite.
 *
 * DESIGN: one sqlite3 connection per handle, WAL journal, foreign keys on,
 * a busy timeout so concurrent writers queue instead of failing.  Prepared
 * statements are cached in a small open-addressed table keyed by the SQL
 * text (a copy: one caller formats its text in a buffer of its own).  Errors are logged with the SQLite message only — never with a
 * bound value, which could be personal data.
 */
#include "store/db_impl.h"
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* every literal the application prepares fits, with room: the lists alone
 * have about seventy (a statement per order and filter, issue 15) */
#define STMT_CACHE 512

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	char *sql;       /* the cache's own copy (a caller's text may be a buffer of its own) */
	int in_use;
};

struct sq_db {
	struct db base;
	sqlite3 *h;
	char *path;
	int lead_fd;     /* the file open again, flock()ed while this handle leads; -1 */
	struct db_saved_indexes triggers;  /* dropped for a bulk copy, made again at its end */
	struct sq_stmt cache[STMT_CACHE];
};

static const struct db_ops sqlite_ops;

static struct sq_db *SQ(db *d) { return (struct sq_db *)d; }
static struct sq_stmt *ST(db_stmt *s) { return (struct sq_stmt *)s; }

static void log_err(db *d, const char *what)
{
	fprintf(stderr, "db: %s: %s\n", what, sqlite3_errmsg(SQ(d)->h));
}

static void sq_close(db *d);
static int sq_exec(db *d, const char *sql);

int db_sqlite_open(db **out, const char *path, char *err, size_t errlen)
{
	*out = NULL;
	struct sq_db *q = calloc(1, sizeof *q);
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return DB_ERROR;
	}
	q->base.ops = &sqlite_ops;
	q->lead_fd = -1;
	db *d = &q->base;
	if (!(q->path = strdup(path))) {
		snprintf(err, errlen, "out of memory");
		free(q);
		return DB_ERROR;
	}
	int rc = sqlite3_open_v2(path, &q->h,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		         q->h ? sqlite3_errmsg(q->h) : sqlite3_errstr(rc));
		sqlite3_close(q->h);
		free(q->path);
		free(q);
		return DB_ERROR;
	}
	sqlite3_busy_timeout(q->h, 5000);
	sqlite3_extended_result_codes(q->h, 1);
	if (sq_exec(d, "PRAGMA journal_mode=WAL") < 0 || sq_exec(d, "PRAGMA foreign_keys=ON") < 0 ||
	    sq_exec(d, "PRAGMA synchronous=NORMAL") < 0 ||
	    /* truncate the write-ahead log back to 64 MiB after a checkpoint */
	    sq_exec(d, "PRAGMA journal_size_limit=67108864") < 0 ||
	    /* sorts in memory; a 2 MiB page cache a connection (the server keeps nine:
	     * 8 MiB each held 120 MiB resident after load; the walks read the area
	     * once, from the kernel's cache, and took about 10% longer with 2 MiB:
	     * docs/performance.md) */
	    sq_exec(d, "PRAGMA temp_store=MEMORY") < 0 || sq_exec(d, "PRAGMA cache_size=-2048") < 0) {
		snprintf(err, errlen, "cannot configure database %s: %s", path, sqlite3_errmsg(q->h));
		sq_close(d);
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

static int sq_tune_for_bulk(db *d)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", BULK_CACHE_KIB);
	return sq_exec(d, sql) == DB_OK && sq_exec(d, "PRAGMA temp_store=FILE") == DB_OK ? DB_OK : DB_ERROR;
}

static int64_t sq_new_id(db *d, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(id), 0) + 1 FROM %s", table);
	return db_scalar_int(d, sql, -1);
}

static void sq_close(db *d)
{
	struct sq_db *q = SQ(d);
	for (int i = 0; i < STMT_CACHE; i++) {
		if (q->cache[i].st)
			sqlite3_finalize(q->cache[i].st);
		free(q->cache[i].sql);
	}
	sqlite3_close(q->h);
	if (q->lead_fd >= 0)
		close(q->lead_fd);
	db_saved_free(&q->triggers);
	free(q->path);
	free(q);
}

static db_stmt *sq_prepare(db *d, const char *sql)
{
	struct sq_db *q = SQ(d);
	unsigned h = db_hash_sql(sql) % STMT_CACHE;
	for (unsigned i = 0; i < STMT_CACHE; i++) {
		struct sq_stmt *c = &q->cache[(h + i) % STMT_CACHE];
		if (c->st && strcmp(c->sql, sql) == 0) {
			if (c->in_use)
				continue; /* same SQL used re-entrantly: look for or make another */
			c->in_use = 1;
			return &c->base;
		}
		if (!c->st) {
			if (!(c->sql = strdup(sql))) {
				fprintf(stderr, "db: prepare: out of memory\n");
				return NULL;
			}
			if (sqlite3_prepare_v3(q->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) != SQLITE_OK) {
				log_err(d, "prepare");
				c->st = NULL;
				free(c->sql);
				c->sql = NULL;
				return NULL;
			}
			c->base.owner = d;
			c->in_use = 1;
			return &c->base;
		}
	}
	fprintf(stderr, "db: statement cache full\n");
	return NULL;
}

static void sq_reset(db_stmt *s)
{
	sqlite3_reset(ST(s)->st);
	sqlite3_clear_bindings(ST(s)->st);
}

static void sq_done(db_stmt *s)
{
	sq_reset(s);
	ST(s)->in_use = 0;
}

static int bind_rc(db_stmt *s, int rc)
{
	if (rc == SQLITE_OK)
		return DB_OK;
	log_err(s->owner, "bind");
	return DB_ERROR;
}

static int sq_bind_int(db_stmt *s, int idx, int64_t v) { return bind_rc(s, sqlite3_bind_int64(ST(s)->st, idx, v)); }
static int sq_bind_null(db_stmt *s, int idx) { return bind_rc(s, sqlite3_bind_null(ST(s)->st, idx)); }

static int sq_bind_text(db_stmt *s, int idx, const char *v)
{
	return bind_rc(s, sqlite3_bind_text(ST(s)->st, idx, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_blob(db_stmt *s, int idx, const void *p, size_t n)
{
	return bind_rc(s, n ? sqlite3_bind_blob(ST(s)->st, idx, p, (int)n, SQLITE_TRANSIENT)
	                    : sqlite3_bind_zeroblob(ST(s)->st, idx, 0));
}

static int sq_step(db_stmt *s)
{
	int rc = sqlite3_step(ST(s)->st);
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

static int sq_col_count(db_stmt *s) { return sqlite3_column_count(ST(s)->st); }
static int sq_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(ST(s)->st, col) == SQLITE_NULL; }
static int64_t sq_col_int(db_stmt *s, int col) { return sqlite3_column_int64(ST(s)->st, col); }
static int sq_col_is_int(db_stmt *s, int col) { return sqlite3_column_type(ST(s)->st, col) == SQLITE_INTEGER; }
static const char *sq_col_name(db_stmt *s, int col) { return sqlite3_column_name(ST(s)->st, col); }

static const void *sq_col_blob(db_stmt *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(s)->st, col);
	int len = sqlite3_column_bytes(ST(s)->st, col);
	*n = p && len > 0 ? (size_t)len : 0;
	return *n ? p : NULL;
}

static const char *sq_col_text(db_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(ST(s)->st, col);
	return t ? (const char *)t : "";
}

static int sq_exec(db *d, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(SQ(d)->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "db: exec: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		/* as db_step and the PostgreSQL store say it */
		return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
	}
	return DB_OK;
}

static int sq_indexes_drop(db *d, const char *table, struct db_saved_indexes *s)
{
	sqlite3 *h = SQ(d)->h;
	s->sql = NULL;
	s->n = 0;
	sqlite3_stmt *q;
	/* an index with sql: one a migration made (a key's automatic index has none) */
	if (sqlite3_prepare_v2(h, "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=?1 "
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
		failed = !drop || sq_exec(d, drop) != DB_OK;
		sqlite3_free(drop);
	}
	for (int i = 0; i < s->n; i++)
		free(names[i]);
	free(names);
	if (failed) {
		db_saved_free(s);
		return DB_ERROR;
	}
	return DB_OK;
}

static int sq_begin(db *d) { return sq_exec(d, "BEGIN IMMEDIATE"); }
static int sq_commit(db *d) { return sq_exec(d, "COMMIT"); }

static int sq_rollback(db *d)
{
	if (sqlite3_get_autocommit(SQ(d)->h))
		return DB_OK;
	return sq_exec(d, "ROLLBACK");
}

static int sq_changes(db *d) { return sqlite3_changes(SQ(d)->h); }
static const char *sq_errmsg(db *d) { return sqlite3_errmsg(SQ(d)->h); }
static int sq_secure_delete(db *d, int on) { return sq_exec(d, on ? "PRAGMA secure_delete=ON" : "PRAGMA secure_delete=OFF"); }
/* one process migrates a file: BEGIN IMMEDIATE in each migration is enough */
static int sq_migrate_lock(db *d, int on) { return DB_OK; }
static int sq_foreign_keys(db *d, int on) { return sq_exec(d, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF"); }
static int64_t sq_foreign_key_violations(db *d) { return db_scalar_int(d, "SELECT COUNT(*) FROM pragma_foreign_key_check", -1); }

/* flock() is apart from the POSIX locks SQLite takes on the same file, and
 * is held by this open file description alone, until it is closed */
static int sq_lead(db *d, enum db_lead what)
{
	struct sq_db *q = SQ(d);
	if (q->lead_fd >= 0)
		return 1;
	int fd = open(q->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return 0;
	}
	q->lead_fd = fd;
	return 1;
}

static enum db_type sq_col_type(db_stmt *s, int col)
{
	switch (sqlite3_column_type(ST(s)->st, col)) {
	case SQLITE_INTEGER: return DB_T_INT;
	case SQLITE_FLOAT: return DB_T_REAL;
	case SQLITE_TEXT: return DB_T_TEXT;
	case SQLITE_BLOB: return DB_T_BLOB;
	default: return DB_T_NULL;
	}
}

static int sq_tables(db *d, char ***names, int *n)
{
	return db_names(d, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	                   "ORDER BY name", names, n);
}

/* a read transaction's snapshot is taken at its first read */
static int sq_begin_snapshot(db *d)
{
	if (!sqlite3_get_autocommit(SQ(d)->h))
		return DB_ERROR;   /* inside a transaction */
	if (sq_exec(d, "BEGIN") < 0)
		return DB_ERROR;
	if (db_scalar_int(d, "SELECT COUNT(*) FROM sqlite_master", -1) < 0) {
		sq_exec(d, "ROLLBACK");
		return DB_ERROR;
	}
	return DB_OK;
}

/* The rows of a whole area go in as they were, in whatever order: the
 * triggers that guard the domain's own changes (a framework version's
 * criteria frozen once audits use it) are dropped for the copy's
 * transaction and made again from their definitions at its end. */
static int sq_copy_references(db *d, int end)
{
	struct sq_db *q = SQ(d);
	if (!end) {
		db_saved_free(&q->triggers);
		struct db_saved_indexes names = {0};
		db_stmt *s = db_prepare(d, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
		if (!s)
			return DB_ERROR;
		int failed = 0;
		while (!failed && db_step(s) == DB_ROW) {
			int n = q->triggers.n;
			char **a = realloc(q->triggers.sql, (size_t)(n + 1) * sizeof *a), **b = realloc(names.sql, (size_t)(n + 1) * sizeof *b);
			if (a)
				q->triggers.sql = a;
			if (b)
				names.sql = b;
			if (!a || !b) {
				failed = 1;
				break;
			}
			a[n] = strdup(db_col_text(s, 1));
			b[n] = sqlite3_mprintf("DROP TRIGGER \"%w\"", db_col_text(s, 0));
			q->triggers.n += a[n] != NULL;
			names.n += b[n] != NULL;
			failed = !a[n] || !b[n];
		}
		db_done(s);
		for (int i = 0; i < names.n && !failed; i++)
			failed = sq_exec(d, names.sql[i]) != DB_OK;
		for (int i = 0; i < names.n; i++)
			sqlite3_free(names.sql[i]);
		free(names.sql);
		return failed ? DB_ERROR : sq_exec(d, "PRAGMA defer_foreign_keys = ON");
	}
	int64_t broken = sq_foreign_key_violations(d);
	if (broken != 0) {
		fprintf(stderr, "db: copy: %lld row(s) refer to rows that are not there\n", (long long)broken);
		return DB_ERROR;
	}
	int rc = DB_OK;
	for (int i = 0; i < q->triggers.n && rc == DB_OK; i++)
		rc = sq_exec(d, q->triggers.sql[i]);
	db_saved_free(&q->triggers);
	return rc;
}

static int sq_backup_file(db *d, const char *path, struct db_backup_info *info, char *err, size_t errlen)
{
	sqlite3 *to = NULL;
	if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot create %s: %s", path, to ? sqlite3_errmsg(to) : "out of memory");
		sqlite3_close(to);
		return DB_ERROR;
	}
	/* the whole file in one step: a reader in WAL mode, so writers go on */
	sqlite3_backup *b = sqlite3_backup_init(to, "main", SQ(d)->h, "main");
	int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
	if (b)
		sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup to %s failed: %s", path, sqlite3_errmsg(to));
		sqlite3_close(to);
		return DB_ERROR;
	}
	/* a file that stands alone: no write-ahead log beside it */
	sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (sqlite3_close(to) != SQLITE_OK) {
		snprintf(err, errlen, "backup to %s: cannot close it", path);
		return DB_ERROR;
	}
	/* counted in the copy itself: what it holds, as it was when it was made */
	db *copy;
	if (db_sqlite_open(&copy, path, err, errlen) < 0)
		return DB_ERROR;
	info->format = "sqlite";
	rc = db_backup_count(copy, info);
	if (rc < 0)
		snprintf(err, errlen, "backup to %s: cannot count its rows: %s", path, sq_errmsg(copy));
	sq_exec(copy, "PRAGMA journal_mode=DELETE");
	sq_close(copy);
	return rc < 0 ? DB_ERROR : DB_OK;
}

static const struct db_ops sqlite_ops = {
	.store = DB_SQLITE,
	.migrations = sqlite_migrations,
	.migrations_n = &sqlite_migrations_n,
	.close = sq_close,
	.tune_for_bulk = sq_tune_for_bulk,
	.new_id = sq_new_id,
	.indexes_drop = sq_indexes_drop,
	.prepare = sq_prepare,
	.reset = sq_reset,
	.done = sq_done,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.col_count = sq_col_count,
	.col_is_null = sq_col_is_null,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_name = sq_col_name,
	.col_is_int = sq_col_is_int,
	.col_blob = sq_col_blob,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.changes = sq_changes,
	.errmsg = sq_errmsg,
	.secure_delete = sq_secure_delete,
	.migrate_lock = sq_migrate_lock,
	.foreign_keys = sq_foreign_keys,
	.foreign_key_violations = sq_foreign_key_violations,
	.lead = sq_lead,
	.col_type = sq_col_type,
	.tables = sq_tables,
	.begin_snapshot = sq_begin_snapshot,
	.copy_references = sq_copy_references,
	.backup_file = sq_backup_file,
};
