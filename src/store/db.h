/* db.h — the store's one interface.
 *
 * DESIGN: opaque handles; SQL is only ever a string literal with `?`
 * placeholders and values go through db_bind_*: there is no way to splice a
 * value into SQL.  The SQL dialect used by domain code is the common subset
 * of SQLite and PostgreSQL (INSERT … RETURNING id, CURRENT_TIMESTAMP avoided:
 * times are passed in), so a PostgreSQL backend can implement this header
 * (translating `?` to `$n`) without changing domain code.
 *
 * Two stores implement it (db_impl.h): SQLite, the embedded default, and
 * PostgreSQL for a council's own servers (docs/operations.md).  The address
 * chooses: a libpq URI (postgresql://… or postgres://…) is PostgreSQL,
 * anything else a SQLite file.  The PostgreSQL store translates `?`/`?N` to
 * `$n`, returns booleans as 1/0, and keeps SQLite's transaction behaviour: a
 * writer at a time (db_begin), and a failed statement leaves the transaction
 * usable.  Any other difference is written portably in the SQL itself.
 *
 * Statements are cached per connection, keyed by the SQL text: db_prepare()
 * of the same literal returns the already-prepared statement, reset.  Every
 * db_prepare() must be paired with db_done(), which resets the statement and
 * returns it to the cache.
 *
 * A db handle belongs to one thread at a time; the web server keeps a pool.
 */
#ifndef SENDMIS_DB_H
#define SENDMIS_DB_H
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,        /* db_step: a row is available */
	DB_DONE = 2,       /* db_step: no (more) rows */
	DB_ERROR = -1,
	DB_CONSTRAINT = -2, /* unique / foreign key / check violated */
	DB_BUSY = -3,
};

enum db_store { DB_SQLITE = 1, DB_POSTGRESQL = 2 };

/* Whether an address names a PostgreSQL database (a libpq URI). */
int db_address_is_postgresql(const char *address);
/* Opens the database at address: a SQLite file (created if needed; WAL,
 * foreign keys on) or a PostgreSQL database (which must exist, with C
 * collation).  err never holds the address (a URI may hold a password). */
int db_open(db **out, const char *address, char *err, size_t errlen);
enum db_store db_store_of(db *d);
/* The address as it may be shown to an operator: a SQLite path as it is; a
 * PostgreSQL URI as "PostgreSQL database NAME on HOST", never its password. */
void db_address_describe(const char *address, char *out, size_t n);
void db_close(db *d);
/* A connection that does one job over the whole area (a command: a
 * rebuild, an import, a count), not one of the server's many: a bigger
 * page cache (db_open's is 2 MiB) and sorts that spill to temporary files
 * rather than memory (an index built over millions of rows).  0 or -1. */
int db_tune_for_bulk(db *d);
/* Bulk writes inside a transaction (a rebuild of every clock, an import, a
 * new area): while on, an INSERT, UPDATE or DELETE that returns no rows may
 * be sent without waiting for its outcome (PostgreSQL: libpq's pipeline, so
 * a thousand statements cost one round trip rather than a thousand; SQLite
 * runs in-process and is unchanged).  A failure is then reported by a later
 * step, db_changes, db_commit or the call that turns this off, and fails the
 * whole transaction: only for work that treats any failure as the end of it.
 * Calls nest (on counts up, off down).  Turning off waits for every write
 * sent: 0, or -1 if one failed (db_errmsg says why). */
int db_defer_writes(db *d, int on);
/* An id for a new row of table (its `id` key), for an INSERT that names it
 * and so needs no RETURNING, and can be deferred (db_defer_writes).  The
 * caller inserts the row before asking again.  PostgreSQL reserves ids from
 * the table's sequence a thousand at a time, so other sessions' rows never
 * take them; SQLite, one writer at a time and in-process, gives the largest
 * id plus one.  The id, or -1 on error. */
int64_t db_new_id(db *d, const char *table);

/* Rows for one table's columns, loaded in bulk inside a transaction: on
 * PostgreSQL they are held and sent by COPY … FROM STDIN (a round trip for
 * thousands of rows, not one each); on SQLite each is inserted at once.
 * Held rows are sent, every appender's in the order they were opened (open
 * them in the order of their tables' references), before any other
 * statement runs on the connection, so every later statement sees them;
 * and when a few MiB are held, or db_append_flush is called.  A failure in
 * sending is reported as a deferred write's is (db_defer_writes) and fails
 * the transaction.  A rollback drops the rows held.  Names are plain: lower
 * case letters and _. */
typedef struct db_append db_append;
db_append *db_append_open(db *d, const char *table, const char *const *cols, int ncols);
/* A row: one value per column, as text (NULL: NULL).  0 or -1. */
int db_append_row(db_append *a, const char *const *vals);
/* Sends every appender's held rows now.  0 or -1. */
int db_append_flush(db *d);
/* Rows still held are dropped (flush first to keep them). */
void db_append_close(db_append *a);

/* A bulk load (every child's clock rebuilt, a new area made): a table's own
 * indexes (not its key's) are dropped before the rows go in and made again
 * after, inside the caller's transaction, so each index is built once,
 * sorted, instead of updated row by row (at England scale the row-by-row
 * updates rewrote the same index pages into the write-ahead log for longer
 * than the bench would wait).  The definitions are the store's own (its
 * catalogue), so they stay those of the migrations. */
struct db_saved_indexes {
	char **sql;
	int n;
};
/* Drops table's indexes, keeping their definitions in *s.  0 or -1 (s empty). */
int db_indexes_drop(db *d, const char *table, struct db_saved_indexes *s);
/* Makes them again and frees *s (also after a failure: then it only frees, and returns -1). */
int db_indexes_restore(db *d, struct db_saved_indexes *s, int make);
/* Applies numbered migrations not yet applied.  Returns number applied, -1 on error. */
int db_migrate(db *d, char *err, size_t errlen);
/* The number of the last migration applied; -1 when the database cannot be read. */
int db_schema_version(db *d);
/* The number of the last migration this binary has for the store. */
int db_schema_latest(db *d);

db_stmt *db_prepare(db *d, const char *sql);  /* NULL on error (logged, no values) */
/* The same for a question asked again and again of a table that grows fast
 * inside the caller's transaction (a bulk import's matching): its plan is
 * made afresh each run.  PostgreSQL otherwise keeps the plan it made while
 * the table was nearly empty, a full scan, for a table of a million rows;
 * SQLite plans the same either way. */
db_stmt *db_prepare_replanned(db *d, const char *sql);
/* The same for a query whose rows may be the whole area (every child's
 * records, a table copied, a register exported), read a row at a time while
 * other statements run on the connection, even other walks.  SQLite steps
 * through its rows in place.  PostgreSQL would otherwise hold the whole
 * result in this process's memory before the first row (libpq's way), so a
 * walk reads through a cursor a thousand rows at a time: inside a
 * transaction, it sees the transaction's snapshot and ends with it (step
 * after a commit or rollback: DB_ERROR); outside one, it is held (WITH
 * HOLD): the server keeps the result, spilling to disk, and the walk may
 * outlive transactions begun after it.  Read-only statements. */
db_stmt *db_prepare_walk(db *d, const char *sql);
void db_done(db_stmt *s);
/* Ready to bind and step again (the statement stays the caller's). */
void db_reset(db_stmt *s);

int db_bind_int(db_stmt *s, int idx, int64_t v);            /* idx from 1 */
int db_bind_text(db_stmt *s, int idx, const char *v);       /* NULL binds NULL */
int db_bind_null(db_stmt *s, int idx);
/* Binds text, or NULL when v is NULL or "" (optional form fields). */
int db_bind_opt_text(db_stmt *s, int idx, const char *v);
/* Binds n bytes as a blob (PostgreSQL: bytea), copied; n 0 binds an empty blob. */
int db_bind_blob(db_stmt *s, int idx, const void *p, size_t n);

int db_step(db_stmt *s);
int db_col_count(db_stmt *s);
int db_col_is_null(db_stmt *s, int col);                    /* col from 0 */
int64_t db_col_int(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col);               /* "" for NULL; valid until next step */
const char *db_col_name(db_stmt *s, int col);
/* Whether the value in this row's column is an integer (not text, not NULL). */
int db_col_is_int(db_stmt *s, int col);
/* A blob column's bytes and their number in *n (NULL and 0 for NULL or an
 * empty blob); valid until the next step. */
const void *db_col_blob(db_stmt *s, int col, size_t *n);

/* Runs a statement with no parameters and no result rows (BEGIN, DDL).
 * DB_OK, DB_CONSTRAINT (a constraint or a guard trigger refused it) or DB_ERROR. */
int db_exec(db *d, const char *sql);
int db_begin(db *d);      /* BEGIN IMMEDIATE */
int db_commit(db *d);
int db_rollback(db *d);
int db_changes(db *d);
const char *db_errmsg(db *d);  /* for operators: no bound values ever appear */
/* What a delete removes is overwritten in the file, not only unlinked (on 1),
 * until turned off again (on 0): for removing a document's bytes.  SQLite:
 * PRAGMA secure_delete; a server database frees and reuses space itself
 * (PostgreSQL: a no-op; VACUUM reclaims).  0 or -1. */
int db_secure_delete(db *d, int on);

/* Work one process at a time does for everyone sharing the database (the
 * scheduler and the mail worker), whichever server it runs on: the lead is
 * held by this handle until it is closed (or, on PostgreSQL, its connection
 * is lost), so when the process holding it stops, another takes it over.
 * SQLite: a lock on the file (several servers on one file are for testing);
 * PostgreSQL: a session advisory lock.  1: this handle leads (now or
 * already); 0: another does; -1: error. */
enum db_lead { DB_LEAD_WORKER = 1 };
int db_lead(db *d, enum db_lead what);

/* ---- moving a whole area (db copy, backup, restore: src/store/copy.c) ---- */

/* A value's kind in this row (what SELECT * gives back, on either store). */
enum db_type { DB_T_NULL = 0, DB_T_INT, DB_T_REAL, DB_T_TEXT, DB_T_BLOB };
enum db_type db_col_type(db_stmt *s, int col);
/* The database's tables (not the store's own), sorted by name; free with
 * db_tables_free.  0 or -1. */
int db_tables(db *d, char ***names, int *n);
/* A table's rows (a name from db_tables); -1 on error. */
int64_t db_table_rows(db *d, const char *table);
void db_tables_free(char **names, int n);
/* A read transaction that sees one moment of the database however long it
 * is read (others go on writing): end it with db_rollback.  Refused
 * (DB_ERROR, nothing changed) inside a transaction. */
int db_begin_snapshot(db *d);
/* Copies every table of from into to, which must be at the same schema
 * version and hold no records (a freshly migrated database: its seed rows
 * are replaced by from's).  Reads from one snapshot; writes in one
 * transaction on to, which commits only when every table's row count
 * matches and every reference holds.  Progress, if wanted, to progress (a
 * terminal: one line rewritten).  0, or -1 with err set (to unchanged). */
int db_copy(db *from, db *to, FILE *progress, char *err, size_t errlen);
/* A backup: the whole database as at one moment into a new file at path,
 * while others go on writing, and each table's rows counted as at that
 * moment.  SQLite: the online backup API (the file is a SQLite database);
 * PostgreSQL: pg_dump in its custom format, sharing the snapshot the rows
 * were counted in.  0, or -1 with err. */
struct db_backup_table {
	char name[64];
	int64_t rows;
};
struct db_backup_info {
	const char *format;            /* "sqlite" or "pg_dump" */
	int schema_version;
	struct db_backup_table *tables;  /* malloc'd: free with free() */
	int ntables;
};
int db_backup_file(db *d, const char *path, struct db_backup_info *info, char *err, size_t errlen);
/* Restores a pg_dump backup (format "pg_dump") into the PostgreSQL database at
 * address, which must have no tables, in one transaction.  0, or -1 with err. */
int db_restore_pg_dump(const char *file, const char *address, char *err, size_t errlen);

/* "%q%" for `col LIKE ? ESCAPE '\'` with q's own % _ \ escaped; "" when q is
 * empty.  -1 (and "") if it does not fit in n: size out as 2*strlen(q)+3. */
int db_like_pattern(const char *q, char *out, size_t n);

/* Convenience: one row, one integer column; returns `dflt` if no row. */
int64_t db_scalar_int(db *d, const char *sql, int64_t dflt);

#endif
