/* db_impl.h — what a store implements behind db.h (not for domain code).
 *
 * DESIGN: db.h is one interface with two stores behind it, SQLite
 * (db_sqlite.c) and PostgreSQL (db_pg.c).  A handle starts with the store's
 * table of operations, so each db_* call is one indirect call; what is the
 * same for both (choosing the store by the address, the migration runner,
 * LIKE patterns, one-integer queries) lives once, in db.c.  Each store
 * embeds `struct db` / `struct db_stmt` as the first member of its own. */
#ifndef SENDMIS_DB_IMPL_H
#define SENDMIS_DB_IMPL_H
#include "store/db.h"
#include "store/migrations.h"
#include "core/buf.h"

struct db_ops {
	enum db_store store;
	const struct migration *migrations;
	const int *migrations_n;
	void (*close)(db *);
	int (*tune_for_bulk)(db *);
	int (*defer_writes)(db *, int on);   /* NULL: never deferred */
	int64_t (*new_id)(db *, const char *table);
	/* appenders (db_append_*): NULL, an INSERT a row (db.c) */
	int (*append_open)(db *, db_append *);
	int (*append_row)(db_append *, const char *const *vals);
	int (*append_flush)(db *);
	void (*append_close)(db_append *);
	int (*indexes_drop)(db *, const char *table, struct db_saved_indexes *);
	db_stmt *(*prepare)(db *, const char *sql);
	db_stmt *(*prepare_replanned)(db *, const char *sql);   /* NULL: prepare */
	db_stmt *(*prepare_walk)(db *, const char *sql);        /* NULL: prepare */
	void (*reset)(db_stmt *);
	void (*done)(db_stmt *);
	int (*bind_int)(db_stmt *, int, int64_t);
	int (*bind_text)(db_stmt *, int, const char *);
	int (*bind_null)(db_stmt *, int);
	int (*bind_blob)(db_stmt *, int, const void *, size_t);
	int (*step)(db_stmt *);
	int (*col_count)(db_stmt *);
	int (*col_is_null)(db_stmt *, int);
	int64_t (*col_int)(db_stmt *, int);
	const char *(*col_text)(db_stmt *, int);
	const char *(*col_name)(db_stmt *, int);
	int (*col_is_int)(db_stmt *, int);
	const void *(*col_blob)(db_stmt *, int, size_t *);
	int (*exec)(db *, const char *);
	int (*begin)(db *);
	int (*commit)(db *);
	int (*rollback)(db *);
	int (*changes)(db *);
	const char *(*errmsg)(db *);
	int (*secure_delete)(db *, int);
	/* the migration runner's store-specific steps (db.c): hold off other
	 * processes' migrations (on 1) and let them go (on 0); a migration that
	 * asks for foreign keys off (SQLite's table rebuilds) around its
	 * transaction, and the references checked before it commits (the number
	 * of broken ones, -1 on error) */
	int (*migrate_lock)(db *, int on);
	int (*foreign_keys)(db *, int on);
	int64_t (*foreign_key_violations)(db *);
	int (*lead)(db *, enum db_lead);
	enum db_type (*col_type)(db_stmt *, int);
	/* the tables' names, as db_tables */
	int (*tables)(db *, char ***, int *);
	int (*begin_snapshot)(db *);
	/* a bulk copy into this database: inside its transaction, references
	 * checked at the end (copy_references(d, 0)); then checked now, and
	 * identity counters moved past the ids copied in (copy_references(d, 1));
	 * 0 or -1 */
	int (*copy_references)(db *, int end);
	/* the rows src walks (from either store, not yet stepped) into table,
	 * in the store's bulk load (PostgreSQL: COPY); NULL: row by row.
	 * Rows loaded, or -1 with err. */
	int64_t (*bulk_load)(db *, const char *table, db_stmt *src, FILE *progress, char *err, size_t errlen);
	int (*backup_file)(db *, const char *, struct db_backup_info *, char *, size_t);
};

struct db {
	const struct db_ops *ops;
};

struct db_append {
	db *d;
	int ncols;
	char *insert_sql;        /* INSERT INTO t(cols) VALUES(?,…) */
	char *copy_sql;          /* COPY t(cols) FROM STDIN */
	db_stmt *ins;            /* the INSERT, where the store has no append_row */
	buf rows;                /* rows held, in COPY's text format */
	long held;
	struct db_append *next;  /* the store's appenders, in the order opened */
};

struct db_stmt {
	db *owner;
};

int db_sqlite_open(db **out, const char *path, char *err, size_t errlen);
int db_pg_open(db **out, const char *uri, char *err, size_t errlen);
/* the saved definitions freed (both stores' db_indexes_drop) */
void db_saved_free(struct db_saved_indexes *s);
/* The statement caches' hash of a text (FNV-1a). */
unsigned db_hash_sql(const char *s);
/* The first column of sql's rows, as db_tables gives them.  0 or -1. */
int db_names(db *d, const char *sql, char ***names, int *n);
void db_pg_describe(const char *uri, char *out, size_t n);
int db_pg_restore(const char *file, const char *uri, char *err, size_t errlen);
/* each table's rows counted now into info (its tables and ntables); 0 or -1 */
int db_backup_count(db *d, struct db_backup_info *info);

#endif
