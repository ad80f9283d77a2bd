/* copy.c — a whole area from one database into another, on either store
 * (`sendmis db copy`, and restoring a backup).
 *
 * DESIGN: the schema is the migrations' (both stores at the same version,
 * and tests/store/schema.test.mjs holds their tables and columns alike), so
 * the copy needs no list of tables: it reads the source's catalogue, and
 * each table's rows as SELECT * gives them, inserting each value as the kind
 * it is.  The source is read in one snapshot, so a server may go on writing
 * to it; the target is written in one transaction, its references checked at
 * the end (rows go in table by table, in name order, not in the order the
 * references need), and it commits only when every table holds as many rows
 * as the source's.  Statements are made per table from catalogue names (not
 * from anyone's input), quoted. */
#include "store/db_impl.h"
#include "core/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the records a used area always has: a target holding any is not empty */
static const char *const RECORD_TABLES[] = {"users", "people", "audit_events"};

static int has(char **names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

/* One table's rows from one to the other.  Rows copied, or -1. */
static int64_t copy_table(db *from, db *to, const char *table, FILE *progress, int tty, char *err, size_t errlen)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
	db_stmt *s = db_prepare_walk(from, sql);
	if (!s) {
		snprintf(err, errlen, "cannot read %s: %s", table, db_errmsg(from));
		return -1;
	}
	if (to->ops->bulk_load) {
		int64_t n = to->ops->bulk_load(to, table, s, tty ? progress : NULL, err, errlen);
		db_done(s);
		if (n >= 0 && progress)
			fprintf(progress, tty ? "\r  %-32s %lld rows\n" : "  %s: %lld rows\n", table, (long long)n);
		return n;
	}
	buf ins = BUF_INIT;
	db_stmt *w = NULL;
	int64_t rows = 0;
	int rc, cols = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (!w) {
			cols = db_col_count(s);
			buf_printf(&ins, "INSERT INTO \"%s\"(", table);
			for (int c = 0; c < cols; c++)
				buf_printf(&ins, "%s\"%s\"", c ? ", " : "", db_col_name(s, c));
			buf_puts(&ins, ") VALUES(");
			for (int c = 0; c < cols; c++)
				buf_printf(&ins, "%s?%d", c ? ", " : "", c + 1);
			buf_puts(&ins, ")");
			if (ins.err || !(w = db_prepare(to, buf_cstr(&ins)))) {
				snprintf(err, errlen, "cannot write %s: %s", table, ins.err ? "out of memory" : db_errmsg(to));
				break;
			}
		}
		for (int c = 0; c < cols; c++) {
			size_t n;
			const void *b;
			switch (db_col_type(s, c)) {
			case DB_T_NULL: db_bind_null(w, c + 1); break;
			case DB_T_INT: db_bind_int(w, c + 1, db_col_int(s, c)); break;
			case DB_T_BLOB:
				b = db_col_blob(s, c, &n);
				db_bind_blob(w, c + 1, b, n);
				break;
			default: db_bind_text(w, c + 1, db_col_text(s, c)); break;
			}
		}
		if (db_step(w) != DB_DONE) {
			snprintf(err, errlen, "cannot write a row of %s: %s", table, db_errmsg(to));
			rc = DB_ERROR;
			break;
		}
		db_reset(w);
		if (++rows % 10000 == 0 && tty) {
			fprintf(progress, "\r  %-32s %lld rows", table, (long long)rows);
			fflush(progress);
		}
	}
	db_done(w);
	db_done(s);
	buf_free(&ins);
	if (rc != DB_DONE) {
		if (!err[0])
			snprintf(err, errlen, "cannot read %s: %s", table, db_errmsg(from));
		return -1;
	}
	if (progress) {
		if (tty)
			fprintf(progress, "\r  %-32s %lld rows\n", table, (long long)rows);
		else
			fprintf(progress, "  %s: %lld rows\n", table, (long long)rows);
	}
	return rows;
}

int db_copy(db *from, db *to, FILE *progress, char *err, size_t errlen)
{
	err[0] = 0;
	int vf = db_schema_version(from), vt = db_schema_version(to);
	if (vf < 1 || vf != vt) {
		snprintf(err, errlen, "the source is at schema version %d and the target at %d: migrate both with this sendmis first",
		         vf, vt);
		return -1;
	}
	char **tf = NULL, **tt = NULL;
	int nf = 0, nt = 0, rc = -1;
	if (db_tables(from, &tf, &nf) < 0 || db_tables(to, &tt, &nt) < 0) {
		snprintf(err, errlen, "cannot list the tables: %s", db_errmsg(nf ? to : from));
		goto out;
	}
	for (int i = 0; i < nf; i++)
		if (!has(tt, nt, tf[i])) {
			snprintf(err, errlen, "the target has no table %s", tf[i]);
			goto out;
		}
	for (int i = 0; i < nt; i++)
		if (!has(tf, nf, tt[i])) {
			snprintf(err, errlen, "the source has no table %s", tt[i]);
			goto out;
		}
	for (size_t i = 0; i < sizeof RECORD_TABLES / sizeof *RECORD_TABLES; i++) {
		int64_t n = has(tt, nt, RECORD_TABLES[i]) ? db_table_rows(to, RECORD_TABLES[i]) : 0;
		if (n != 0) {
			snprintf(err, errlen, "the target is not empty (%s has %lld rows): copy into a new, migrated database",
			         RECORD_TABLES[i], (long long)n);
			goto out;
		}
	}
	int tty = progress && isatty(fileno(progress));
	if (db_begin_snapshot(from) < 0) {
		snprintf(err, errlen, "cannot read the source: %s", db_errmsg(from));
		goto out;
	}
	if (db_begin(to) < 0 || to->ops->copy_references(to, 0) < 0) {
		snprintf(err, errlen, "cannot write the target: %s", db_errmsg(to));
		db_rollback(to);
		db_rollback(from);
		goto out;
	}
	int failed = 0;
	for (int i = 0; i < nf && !failed; i++) {
		if (!strcmp(tf[i], "schema_migrations"))
			continue;
		char sql[200];
		/* the target's seed rows (a migration's) give way to the source's */
		snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", tf[i]);
		if (db_exec(to, sql) < 0) {
			snprintf(err, errlen, "cannot empty %s in the target: %s", tf[i], db_errmsg(to));
			failed = 1;
			break;
		}
		int64_t rows = copy_table(from, to, tf[i], progress, tty, err, errlen);
		int64_t want = db_table_rows(from, tf[i]), got = db_table_rows(to, tf[i]);
		if (rows < 0)
			failed = 1;
		else if (want != rows || got != rows) {
			snprintf(err, errlen, "%s: the source has %lld rows and the target %lld after copying %lld", tf[i],
			         (long long)want, (long long)got, (long long)rows);
			failed = 1;
		}
	}
	if (!failed && to->ops->copy_references(to, 1) < 0) {
		snprintf(err, errlen, "the copy's references do not hold: %s", db_errmsg(to));
		failed = 1;
	}
	if (!failed && db_commit(to) < 0) {
		snprintf(err, errlen, "cannot commit the copy: %s", db_errmsg(to));
		failed = 1;
	}
	if (failed)
		db_rollback(to);
	db_rollback(from);
	rc = failed ? -1 : 0;
out:
	db_tables_free(tf, nf);
	db_tables_free(tt, nt);
	return rc;
}
