/* db.c — what both stores share: choosing the store by its address, each
 * db.h call passed to the handle's store, and the migration runner.
 *
 * DESIGN: see db_impl.h.  The runner applies each numbered migration not yet
 * applied in its own transaction, with its row in schema_migrations, so a
 * failure leaves the database at the last whole version. */
#include "store/db_impl.h"
#include "core/hash.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int db_address_is_postgresql(const char *a)
{
	return a && (strncmp(a, "postgresql://", 13) == 0 || strncmp(a, "postgres://", 11) == 0);
}

int db_open(db **out, const char *address, char *err, size_t errlen)
{
	*out = NULL;
	if (!address || !*address) {
		snprintf(err, errlen, "no database given (--db, the db setting or SENDMIS_DB)");
		return DB_ERROR;
	}
	return db_address_is_postgresql(address) ? db_pg_open(out, address, err, errlen)
	                                         : db_sqlite_open(out, address, err, errlen);
}

enum db_store db_store_of(db *d) { return d->ops->store; }

void db_address_describe(const char *address, char *out, size_t n)
{
	if (db_address_is_postgresql(address))
		db_pg_describe(address, out, n);
	else
		snprintf(out, n, "%s", address ? address : "");
}

void db_close(db *d)
{
	if (d)
		d->ops->close(d);
}

int db_tune_for_bulk(db *d) { return d->ops->tune_for_bulk(d); }
int db_defer_writes(db *d, int on) { return d->ops->defer_writes ? d->ops->defer_writes(d, on) : 0; }

/* a table's name as the stores' new_id put it into SQL: lower-case letters and _ */
static int plain_name(const char *s)
{
	if (!*s || strlen(s) > 60)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return 0;
	return 1;
}

db_append *db_append_open(db *d, const char *table, const char *const *cols, int ncols)
{
	int ok = plain_name(table) && ncols > 0;
	for (int i = 0; i < ncols && ok; i++)
		ok = plain_name(cols[i]);
	if (!ok) {
		fprintf(stderr, "db: append: not a table or column name\n");
		return NULL;
	}
	db_append *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->d = d;
	a->ncols = ncols;
	a->rows = (buf)BUF_INIT;
	buf ins = BUF_INIT, copy = BUF_INIT;
	buf_printf(&ins, "INSERT INTO %s(", table);
	buf_printf(&copy, "COPY %s(", table);
	for (int i = 0; i < ncols; i++) {
		buf_printf(&ins, "%s%s", i ? ", " : "", cols[i]);
		buf_printf(&copy, "%s%s", i ? ", " : "", cols[i]);
	}
	buf_puts(&ins, ") VALUES(");
	for (int i = 0; i < ncols; i++)
		buf_puts(&ins, i ? ",?" : "?");
	buf_puts(&ins, ")");
	buf_puts(&copy, ") FROM STDIN");
	ok = !ins.err && !copy.err;
	a->insert_sql = buf_detach(&ins, NULL);
	a->copy_sql = buf_detach(&copy, NULL);
	if (ok && d->ops->append_open)
		ok = d->ops->append_open(d, a) == 0;
	else if (ok)
		ok = (a->ins = db_prepare(d, a->insert_sql)) != NULL;
	if (!ok) {
		buf_free(&ins);
		buf_free(&copy);
		db_append_close(a);
		return NULL;
	}
	return a;
}

int db_append_row(db_append *a, const char *const *vals)
{
	if (a->d->ops->append_row)
		return a->d->ops->append_row(a, vals);
	for (int i = 0; i < a->ncols; i++)
		db_bind_text(a->ins, i + 1, vals[i]);
	int rc = db_step(a->ins);
	db_reset(a->ins);
	return rc == DB_DONE ? 0 : -1;
}

int db_append_flush(db *d) { return d->ops->append_flush ? d->ops->append_flush(d) : 0; }

void db_append_close(db_append *a)
{
	if (!a)
		return;
	if (a->d->ops->append_close)
		a->d->ops->append_close(a);
	if (a->ins)
		db_done(a->ins);
	buf_free(&a->rows);
	free(a->insert_sql);
	free(a->copy_sql);
	free(a);
}

int64_t db_new_id(db *d, const char *table)
{
	if (!plain_name(table)) {
		fprintf(stderr, "db: new id: not a table name\n");
		return -1;
	}
	return d->ops->new_id(d, table);
}
int db_indexes_drop(db *d, const char *table, struct db_saved_indexes *s) { return d->ops->indexes_drop(d, table, s); }
db_stmt *db_prepare(db *d, const char *sql) { return d->ops->prepare(d, sql); }
db_stmt *db_prepare_replanned(db *d, const char *sql)
{
	return d->ops->prepare_replanned ? d->ops->prepare_replanned(d, sql) : d->ops->prepare(d, sql);
}
db_stmt *db_prepare_walk(db *d, const char *sql)
{
	return d->ops->prepare_walk ? d->ops->prepare_walk(d, sql) : d->ops->prepare(d, sql);
}

void db_done(db_stmt *s)
{
	if (s)
		s->owner->ops->done(s);
}

void db_reset(db_stmt *s)
{
	if (s)
		s->owner->ops->reset(s);
}

int db_bind_int(db_stmt *s, int idx, int64_t v) { return s->owner->ops->bind_int(s, idx, v); }
int db_bind_null(db_stmt *s, int idx) { return s->owner->ops->bind_null(s, idx); }

int db_bind_text(db_stmt *s, int idx, const char *v)
{
	return v ? s->owner->ops->bind_text(s, idx, v) : db_bind_null(s, idx);
}

int db_bind_opt_text(db_stmt *s, int idx, const char *v)
{
	return (v && *v) ? db_bind_text(s, idx, v) : db_bind_null(s, idx);
}

int db_bind_blob(db_stmt *s, int idx, const void *p, size_t n)
{
	if (n > (size_t)INT32_MAX)
		return DB_ERROR;
	return s->owner->ops->bind_blob(s, idx, p, n);
}

int db_step(db_stmt *s) { return s->owner->ops->step(s); }
int db_col_count(db_stmt *s) { return s->owner->ops->col_count(s); }
int db_col_is_null(db_stmt *s, int col) { return s->owner->ops->col_is_null(s, col); }
int64_t db_col_int(db_stmt *s, int col) { return s->owner->ops->col_int(s, col); }
const char *db_col_text(db_stmt *s, int col) { return s->owner->ops->col_text(s, col); }
const char *db_col_name(db_stmt *s, int col) { return s->owner->ops->col_name(s, col); }
int db_col_is_int(db_stmt *s, int col) { return s->owner->ops->col_is_int(s, col); }
const void *db_col_blob(db_stmt *s, int col, size_t *n) { return s->owner->ops->col_blob(s, col, n); }
int db_exec(db *d, const char *sql) { return d->ops->exec(d, sql); }
int db_begin(db *d) { return d->ops->begin(d); }
int db_commit(db *d) { return d->ops->commit(d); }
int db_rollback(db *d) { return d->ops->rollback(d); }
int db_changes(db *d) { return d->ops->changes(d); }
const char *db_errmsg(db *d) { return d->ops->errmsg(d); }
int db_secure_delete(db *d, int on) { return d->ops->secure_delete(d, on); }
int db_lead(db *d, enum db_lead what) { return d->ops->lead(d, what); }
enum db_type db_col_type(db_stmt *s, int col) { return s->owner->ops->col_type(s, col); }
int db_tables(db *d, char ***names, int *n) { return d->ops->tables(d, names, n); }
int db_begin_snapshot(db *d) { return d->ops->begin_snapshot(d); }
int db_backup_file(db *d, const char *path, struct db_backup_info *info, char *err, size_t errlen)
{
	memset(info, 0, sizeof *info);
	return d->ops->backup_file(d, path, info, err, errlen);
}

int db_restore_pg_dump(const char *file, const char *address, char *err, size_t errlen)
{
	if (!db_address_is_postgresql(address)) {
		snprintf(err, errlen, "this backup is a PostgreSQL dump: restore it into a PostgreSQL database (then `sendmis db copy` "
		         "moves it to SQLite if wanted)");
		return -1;
	}
	return db_pg_restore(file, address, err, errlen);
}

int db_backup_count(db *d, struct db_backup_info *info)
{
	char **names;
	int n;
	info->schema_version = db_schema_version(d);
	if (info->schema_version < 1 || db_tables(d, &names, &n) < 0)
		return -1;
	info->tables = calloc((size_t)(n ? n : 1), sizeof *info->tables);
	int rc = info->tables ? 0 : -1;
	for (int i = 0; i < n && rc == 0; i++) {
		snprintf(info->tables[i].name, sizeof info->tables[i].name, "%s", names[i]);
		info->tables[i].rows = db_table_rows(d, names[i]);
		rc = info->tables[i].rows < 0 ? -1 : 0;
		info->ntables++;
	}
	db_tables_free(names, n);
	return rc;
}

unsigned db_hash_sql(const char *s) { return hash_text(s); }

int db_names(db *d, const char *sql, char ***names, int *n)
{
	*names = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	int rc, cap = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			char **a = realloc(*names, (size_t)cap * sizeof *a);
			if (!a)
				break;
			*names = a;
		}
		if (!((*names)[*n] = strdup(db_col_text(s, 0))))
			break;
		(*n)++;
	}
	db_done(s);
	if (rc != DB_DONE) {
		db_tables_free(*names, *n);
		*names = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int64_t db_table_rows(db *d, const char *table)
{
	char sql[200];
	if (snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\"", table) >= (int)sizeof sql)
		return -1;
	return db_scalar_int(d, sql, -1);
}

void db_tables_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void db_saved_free(struct db_saved_indexes *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->sql[i]);
	free(s->sql);
	s->sql = NULL;
	s->n = 0;
}

int db_indexes_restore(db *d, struct db_saved_indexes *s, int make)
{
	int rc = make ? DB_OK : DB_ERROR;
	for (int i = 0; i < s->n && rc == DB_OK; i++)
		rc = db_exec(d, s->sql[i]);
	db_saved_free(s);
	return rc;
}

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
	return (int)db_scalar_int(d, "SELECT COALESCE(MAX(number),0) FROM schema_migrations", -1);
}

int db_schema_latest(db *d)
{
	int n = *d->ops->migrations_n;
	return n ? d->ops->migrations[n - 1].number : 0;
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
		/* prepared once, for this migration: the cache keeps its own copy of the text */
		db_stmt *st = db_prepare(d, sql);
		free(sql);
		if (!st) {
			snprintf(err, errlen, "migration %s: its check cannot run: %s", m->name, db_errmsg(d));
			return -1;
		}
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			if (found++ < REFUSE_SHOWN && used < errlen)
				used += (size_t)snprintf(err + used, errlen - used, "\n  %s", db_col_text(st, 0));
		}
		db_done(st);
		if (rc != DB_DONE) {
			snprintf(err, errlen, "migration %s: its check failed: %s", m->name, db_errmsg(d));
			return -1;
		}
	}
	if (found > REFUSE_SHOWN && used < errlen)
		snprintf(err + used, errlen - used, "\n  … and %ld more", found - REFUSE_SHOWN);
	if (!found)
		err[0] = 0;
	return found ? -1 : 0;
}

/* One migration in its own transaction, recorded in schema_migrations.  0 or -1. */
static int migration_apply(db *d, const struct migration *m, char *err, size_t errlen)
{
	/* A SQLite migration that rebuilds a referenced table asks for foreign
	 * keys off (they cannot be changed inside a transaction); the references
	 * are checked before it commits, and foreign keys are on again after. */
	int fk_off = strncmp(m->sql, FK_OFF_MARK, sizeof FK_OFF_MARK - 1) == 0 && d->ops->foreign_keys;
	if (fk_off && d->ops->foreign_keys(d, 0) < 0) {
		snprintf(err, errlen, "migration %s: cannot turn foreign keys off: %s", m->name, db_errmsg(d));
		return -1;
	}
	char at[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	const char *failed = NULL;
	if (db_begin(d) < 0 || db_exec(d, m->sql) < 0)
		failed = "failed";
	else if (fk_off && d->ops->foreign_key_violations(d) != 0)
		failed = "failed: a row refers to one that no longer exists (PRAGMA foreign_key_check)";
	else {
		db_stmt *s = db_prepare(d, "INSERT INTO schema_migrations(number,name,applied_at) VALUES(?,?,?)");
		int rc = s ? (db_bind_int(s, 1, m->number), db_bind_text(s, 2, m->name), db_bind_text(s, 3, at), db_step(s))
		           : DB_ERROR;
		db_done(s);
		if (rc != DB_DONE || db_commit(d) < 0)
			failed = "cannot be recorded";
	}
	if (failed) {
		if (strchr(failed, ':'))
			snprintf(err, errlen, "migration %s %s", m->name, failed);
		else
			snprintf(err, errlen, "migration %s %s: %s", m->name, failed, db_errmsg(d));
		db_rollback(d);
	}
	if (fk_off && d->ops->foreign_keys(d, 1) < 0 && !failed) {
		snprintf(err, errlen, "migration %s: cannot turn foreign keys on: %s", m->name, db_errmsg(d));
		return -1;
	}
	return failed ? -1 : 0;
}

int db_migrate(db *d, char *err, size_t errlen)
{
	/* several servers starting at once: one migrates, the others wait and find it done */
	if (d->ops->migrate_lock(d, 1) < 0) {
		snprintf(err, errlen, "cannot hold off other migrations: %s", db_errmsg(d));
		return -1;
	}
	int applied = 0;
	if (db_exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations("
	               "number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)") < 0) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", db_errmsg(d));
		applied = -1;
	}
	int have = applied < 0 ? 0 : db_schema_version(d);
	if (have < 0) {
		snprintf(err, errlen, "cannot read schema_migrations: %s", db_errmsg(d));
		applied = -1;
	}
	for (int i = 0; applied >= 0 && i < *d->ops->migrations_n; i++) {
		const struct migration *m = &d->ops->migrations[i];
		if (m->number <= have)
			continue;
		if (migration_refused(d, m, err, errlen) < 0 || migration_apply(d, m, err, errlen) < 0)
			applied = -1;
		else
			applied++;
	}
	d->ops->migrate_lock(d, 0);
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
