/* db_pg.c — db.h on PostgreSQL (libpq).
 *
 * DESIGN: one libpq connection per handle.  The domain's SQL is the common
 * subset of the two stores; what differs is kept here, so domain code never
 * asks which store it is on:
 *  - placeholders: `?` and `?N` become `$n`, numbered as SQLite numbers them
 *    (a bare `?` is one more than the largest so far); a `$n` the text never
 *    uses (SQLite counts up to the largest) is declared text;
 *  - a row's address: SQLite's `rowid` is `ctid`, and `rowid IN (SELECT …)`
 *    is `ctid = ANY(ARRAY(SELECT …))` (kpicount.c reads the steps that count
 *    in the table's order that way: on PostgreSQL a TID scan of the sorted
 *    addresses, where ctid IN would be joined by reading the whole table);
 *  - results: booleans read as 1/0 (SQLite has no booleans), bytea as bytes;
 *  - one writer at a time: db_begin takes a transaction-scoped advisory lock,
 *    as SQLite's BEGIN IMMEDIATE takes the file's write lock;
 *  - a failed statement leaves the transaction usable, as in SQLite: inside a
 *    transaction each INSERT, UPDATE or DELETE runs under a savepoint, sent
 *    with it in one round trip (libpq's pipeline mode);
 *  - db_changes counts what the last INSERT, UPDATE or DELETE changed;
 *  - bulk writes (db_defer_writes): a write that returns no rows is sent
 *    in a pipeline without waiting, and the outcomes are read a thousand
 *    at a time, or before anything that needs an answer (a read, a
 *    RETURNING, db_changes, commit); no savepoints, since a failure fails
 *    the whole transaction.
 * Each statement is prepared on the server once per connection (the cache is
 * keyed by the text, as in db_sqlite.c).  A step runs the statement and keeps
 * its whole result, so several statements can be walked at once on one
 * connection, as SQLite allows.
 *
 * A bulk copy (copy.c) defers every reference to the end of its
 * transaction and turns the domain's guard triggers off for it.
 *
 * Errors are logged with PostgreSQL's primary message only: its detail can
 * quote a row's values, which could be personal data; a data exception
 * (class 22) can quote the value in its primary message, so only its code is
 * kept.  The connection address is never printed (it may hold a password).
 */
#include "store/db_impl.h"
#include "core/buf.h"
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 512

/* PostgreSQL's type oids (catalog/pg_type.h, which is the server's header) */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25 };

/* advisory lock keys: one writer at a time, one migration at a time */
#define LOCK_WRITER 0x53454e4401LL
#define LOCK_MIGRATE 0x53454e4402LL
#define LOCK_LEAD 0x53454e4410LL

struct pg_stmt {
	struct db_stmt base;
	char *sql;           /* the caller's text, the cache key */
	char name[16];       /* the server's prepared statement */
	int prepared;        /* on the server */
	int in_use;
	int write;           /* INSERT, UPDATE or DELETE: under a savepoint in a transaction */
	int returns;         /* a write with RETURNING: its rows are wanted, so it is never deferred */
	int replanned;       /* db_prepare_replanned: not in the cache, and planned at each run */
	int walk;            /* db_prepare_walk: not in the cache, read through a cursor */
	char cursor[24];     /* a walk's cursor, named once per connection */
	int cursor_open;     /* declared and not yet closed (as far as this run knows) */
	int cursor_tx;       /* declared inside a transaction, so it ends with it */
	unsigned cursor_gen; /* the transaction (pg_db.txgen) and connection (conngen) it was declared in */
	unsigned cursor_conn;
	int more;            /* the last fetch was full: there may be more rows */
	int nparams;
	Oid *types;          /* 0 (inferred) or text for an unused number */
	char *translated;    /* the text with $n */
	char **vals;         /* bound values, as text (blobs as bytes) */
	int *lens, *fmts;
	PGresult *res;       /* the current result, kept until the next run */
	int row, nrows;      /* row: -1 before the first */
	int ran;             /* res holds this binding's result (walked to its end: ran 2) */
	unsigned char *blob; /* a bytea column's bytes, until the next step */
};

struct pg_db {
	struct db base;
	PGconn *c;
	char *uri;     /* for pg_dump (never printed: it may hold a password) */
	int changes;
	int in_tx;    /* a transaction was open at the last statement (see reconnect) */
	unsigned lead; /* the leads (1 << enum db_lead) this session holds */
	int bulk;      /* a bulk copy: writes without a savepoint each (one failure fails it all) */
	int defer;     /* db_defer_writes: how many callers asked */
	int queued;    /* deferred writes sent and not yet answered (the connection is in pipeline mode) */
	int qrc;       /* the first failure among them (DB_OK none), until the transaction ends */
	struct reserved { char table[64]; int64_t next, end; } ids[16];   /* db_new_id's, per table */
	db_append *appends;   /* open appenders, in the order opened (db_append_open) */
	unsigned walks;       /* cursors named so far (db_prepare_walk) */
	unsigned txgen;       /* transactions ended, and connections made, so far: a */
	unsigned conngen;     /* walk's cursor lives until the one it was declared in ends */
	char err[512];
	struct pg_stmt cache[STMT_CACHE];
};

static const struct db_ops pg_ops;

static struct pg_db *PG(db *d) { return (struct pg_db *)d; }
static struct pg_stmt *ST(db_stmt *s) { return (struct pg_stmt *)s; }

/* Keeps a failed result's message for db_errmsg and logs it under what
 * (see DESIGN); what NULL: kept, not logged. */
static void note_error(struct pg_db *p, const char *what, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (state && strncmp(state, "22", 2) == 0)
		snprintf(p->err, sizeof p->err, "a value is not valid for its column (SQLSTATE %s)", state);
	else if (msg)
		snprintf(p->err, sizeof p->err, "%s", msg);
	else {
		const char *m = PQerrorMessage(p->c);
		snprintf(p->err, sizeof p->err, "%.*s", (int)strcspn(m, "\n"), m);
	}
	/* a constraint failure is the caller's to report (as on SQLite) */
	if (what)
		fprintf(stderr, "db: %s: %s%s%s%s\n", what, p->err, state ? " (SQLSTATE " : "", state ? state : "", state ? ")" : "");
}

static int rc_of(const PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (!state)
		return DB_ERROR;
	if (strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	/* serialization failure, deadlock, lock not available (lock_timeout) */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_BUSY;
	return DB_ERROR;
}

static void note_changes(struct pg_db *p, const PGresult *r)
{
	const char *cmd = PQcmdStatus((PGresult *)r);
	if (!strncmp(cmd, "INSERT", 6) || !strncmp(cmd, "UPDATE", 6) || !strncmp(cmd, "DELETE", 6))
		p->changes = atoi(PQcmdTuples((PGresult *)r));
}

static void after(struct pg_db *p);
static int configure(struct pg_db *p);

#define DEFER_MAX 1000   /* deferred writes sent before their outcomes are read */

/* Reads the outcomes of the deferred writes sent (db_defer_writes) and
 * leaves pipeline mode: DB_OK, or the first failure's code, kept (with its
 * message) until the transaction ends. */
static int drain_pipeline(struct pg_db *p)
{
	if (!p->queued)
		return p->qrc;
	int synced = PQpipelineSync(p->c) == 1, ends = 0;
	while (synced) {
		PGresult *r = PQgetResult(p->c);
		if (!r) {
			if (++ends > p->queued + 1) {   /* the connection went: no sync will come */
				synced = 0;
				break;
			}
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (st == PGRES_COMMAND_OK)
			note_changes(p, r);
		else if (st != PGRES_PIPELINE_ABORTED && p->qrc == DB_OK) {
			p->qrc = rc_of(r);
			note_error(p, "step", r);
		}
		PQclear(r);
	}
	if (!synced && p->qrc == DB_OK) {
		p->qrc = DB_ERROR;
		note_error(p, "step", NULL);
	}
	p->queued = 0;
	PQexitPipelineMode(p->c);
	after(p);
	return p->qrc;
}

#define APPEND_HELD_MAX ((size_t)4 << 20)   /* bytes of rows an appender holds before they are sent */

/* Starts a COPY … FROM STDIN (held rows and deferred writes already settled by the
 * caller): 0, or -1 with the failure noted. */
static int copy_begin(struct pg_db *p, const char *sql)
{
	PGresult *r = PQexec(p->c, sql);
	after(p);
	int ok = PQresultStatus(r) == PGRES_COPY_IN;
	if (!ok)
		note_error(p, "copy", r);
	PQclear(r);
	return ok ? 0 : -1;
}

/* Ends a COPY (failure: why the client gave it up, NULL if it did not) and reads its
 * outcome: DB_OK, or the failure's code with it noted. */
static int copy_end(struct pg_db *p, const char *failure)
{
	PQputCopyEnd(p->c, failure);
	int rc = failure ? DB_ERROR : DB_OK;
	PGresult *r;
	while ((r = PQgetResult(p->c))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == DB_OK) {
			rc = rc_of(r);
			note_error(p, "copy", r);
		}
		PQclear(r);
	}
	after(p);
	return rc;
}

/* Sends every appender's held rows, in the order they were opened, each by
 * one COPY (after the deferred writes sent before them): DB_OK or the
 * failure's code, kept as a deferred write's is. */
static int flush_appends(struct pg_db *p)
{
	int any = 0;
	for (db_append *a = p->appends; a && !any; a = a->next)
		any = a->held > 0;
	if (!any || drain_pipeline(p) != DB_OK)
		return p->qrc;
	for (db_append *a = p->appends; a; a = a->next) {
		if (!a->held)
			continue;
		if (a->rows.err && p->qrc == DB_OK) {
			p->qrc = DB_ERROR;
			snprintf(p->err, sizeof p->err, "out of memory holding rows to load");
		} else if (p->qrc == DB_OK) {
			if (copy_begin(p, a->copy_sql) < 0)
				p->qrc = DB_ERROR;
			else {
				int sent = 1;
				for (size_t off = 0; off < a->rows.len && sent; off += 256 * 1024) {
					size_t n = a->rows.len - off < 256 * 1024 ? a->rows.len - off : 256 * 1024;
					sent = PQputCopyData(p->c, a->rows.p + off, (int)n) == 1;
				}
				p->qrc = copy_end(p, sent ? NULL : "the rows could not be sent");
			}
		}
		buf_reset(&a->rows);
		a->held = 0;
	}
	return p->qrc;
}

/* Before a statement that must see every write: held rows sent, deferred
 * writes answered.  DB_OK or the first failure's code. */
static int settle(struct pg_db *p)
{
	flush_appends(p);
	return drain_pipeline(p);
}

static void drop_appends(struct pg_db *p)
{
	for (db_append *a = p->appends; a; a = a->next) {
		buf_reset(&a->rows);
		a->held = 0;
	}
}

/* A lost connection (the server restarted, a failover) is made again before
 * the next statement, its statements prepared again as they are used; but
 * not while the caller's transaction was open when it was lost: that
 * transaction is gone, and its caller must see its statements fail until it
 * rolls back, never later ones committed one by one.  0 or -1. */
static int reconnect(struct pg_db *p)
{
	if (PQstatus(p->c) == CONNECTION_OK)
		return 0;
	if (p->in_tx) {
		snprintf(p->err, sizeof p->err, "the connection to the database was lost during a transaction, which was rolled back");
		return -1;
	}
	PQreset(p->c);
	if (PQstatus(p->c) != CONNECTION_OK || configure(p) < 0) {
		const char *m = PQerrorMessage(p->c);
		snprintf(p->err, sizeof p->err, "the connection to the database was lost: %.*s", (int)strcspn(m, "\n"), m);
		return -1;
	}
	for (int i = 0; i < STMT_CACHE; i++)
		p->cache[i].prepared = 0;
	p->lead = 0;
	p->conngen++;
	p->txgen++;
	fprintf(stderr, "db: the connection to the database was lost and has been made again\n");
	return 0;
}

static void after(struct pg_db *p)
{
	PGTransactionStatusType t = PQtransactionStatus(p->c);
	if (t != PQTRANS_UNKNOWN) {
		int was = p->in_tx;
		p->in_tx = t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
		if (was && !p->in_tx)
			p->txgen++;   /* the cursors declared in it are gone */
	}
}

/* A statement with no parameters; DB_OK or the failure's code. */
static int run(struct pg_db *p, const char *what, const char *sql)
{
	if (reconnect(p) < 0) {
		fprintf(stderr, "db: %s: %s\n", what, p->err);
		return DB_ERROR;
	}
	int q = settle(p);
	if (q != DB_OK)
		return q;
	PGresult *r = PQexec(p->c, sql);
	after(p);
	ExecStatusType st = PQresultStatus(r);
	int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? DB_OK : rc_of(r);
	if (rc != DB_OK)
		note_error(p, what, r);
	PQclear(r);
	return rc;
}

static void pg_close(db *d);

/* UTF-8 text; notices (CREATE … IF NOT EXISTS) not printed; a writer waits
 * for another this long (SQLite's busy timeout is 5 s), then DB_BUSY.  0 or -1. */
static int configure(struct pg_db *p)
{
	if (PQsetClientEncoding(p->c, "UTF8") != 0)
		return -1;
	/* cursor_tuple_fraction: a walk (db_prepare_walk) reads all its rows, so
	 * its plan is the one for the whole result, as an ordinary query's is */
	PGresult *r = PQexec(p->c, "SET client_min_messages = warning; SET lock_timeout = '30s'; SET TIME ZONE 'UTC'; "
	                           "SET cursor_tuple_fraction = 1");
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		note_error(p, "open", r);
	PQclear(r);
	return ok ? 0 : -1;
}

void db_pg_describe(const char *uri, char *out, size_t n)
{
	char *err = NULL;
	PQconninfoOption *o = PQconninfoParse(uri, &err), *k;
	const char *dbname = NULL, *host = NULL, *user = NULL;
	for (k = o; k && k->keyword; k++) {
		if (!strcmp(k->keyword, "dbname"))
			dbname = k->val;
		else if (!strcmp(k->keyword, "host"))
			host = k->val;
		else if (!strcmp(k->keyword, "user"))
			user = k->val;
	}
	if (!o)
		snprintf(out, n, "a PostgreSQL database (its address cannot be read)");
	else
		snprintf(out, n, "PostgreSQL database %s on %s", dbname && *dbname ? dbname : user && *user ? user : "(default)",
		         host && *host ? host : "the local server");
	PQconninfoFree(o);
	PQfreemem(err);
}

int db_pg_open(db **out, const char *uri, char *err, size_t errlen)
{
	*out = NULL;
	struct pg_db *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return DB_ERROR;
	}
	p->base.ops = &pg_ops;
	if (!(p->uri = strdup(uri))) {
		snprintf(err, errlen, "out of memory");
		free(p);
		return DB_ERROR;
	}
	p->c = PQconnectdb(uri);
	if (PQstatus(p->c) != CONNECTION_OK) {
		const char *m = PQerrorMessage(p->c);
		snprintf(err, errlen, "cannot connect to the PostgreSQL database: %.*s", (int)strcspn(m, "\n"), m);
		pg_close(&p->base);
		return DB_ERROR;
	}
	if (PQserverVersion(p->c) < 120000) {
		snprintf(err, errlen, "the PostgreSQL server is version %d; sendmis needs 12 or later", PQserverVersion(p->c) / 10000);
		pg_close(&p->base);
		return DB_ERROR;
	}
	/* ordering and lower() as in SQLite: byte order, ASCII case (docs/operations.md) */
	PGresult *r = PQexec(p->c, "SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()");
	int one = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	const char *collate = one ? PQgetvalue(r, 0, 0) : "unknown", *ctype = one ? PQgetvalue(r, 0, 1) : "unknown";
	if (!(!strcmp(collate, "C") || !strcmp(collate, "POSIX")) || !(!strcmp(ctype, "C") || !strcmp(ctype, "POSIX"))) {
		snprintf(err, errlen, "the PostgreSQL database's collation is %s and its character type %s; sendmis needs a "
		         "database made with LC_COLLATE 'C' and LC_CTYPE 'C' (CREATE DATABASE … TEMPLATE template0 ENCODING "
		         "'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'; docs/operations.md)", collate, ctype);
		PQclear(r);
		pg_close(&p->base);
		return DB_ERROR;
	}
	PQclear(r);
	if (configure(p) < 0) {
		snprintf(err, errlen, "cannot configure the PostgreSQL connection: %s", p->err);
		pg_close(&p->base);
		return DB_ERROR;
	}
	*out = &p->base;
	return DB_OK;
}

static void walk_close(struct pg_db *p, struct pg_stmt *c);

static void stmt_clear_result(struct pg_stmt *s)
{
	if (s->walk)
		walk_close(PG(s->base.owner), s);
	PQclear(s->res);
	s->res = NULL;
	PQfreemem(s->blob);
	s->blob = NULL;
	s->row = -1;
	s->nrows = 0;
	s->ran = 0;
}

static void stmt_clear_binds(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = 0;
		s->fmts[i] = 0;
	}
}

static void stmt_free(struct pg_stmt *s)
{
	stmt_clear_result(s);
	stmt_clear_binds(s);
	free(s->vals);
	free(s->lens);
	free(s->fmts);
	free(s->types);
	free(s->translated);
	free(s->sql);
	memset(s, 0, sizeof *s);
}

static void pg_close(db *d)
{
	struct pg_db *p = PG(d);
	for (int i = 0; i < STMT_CACHE; i++)
		if (p->cache[i].sql)
			stmt_free(&p->cache[i]);
	PQfinish(p->c);
	free(p->uri);
	free(p);
}

/* Where `IN (SELECT` follows at sql + i (spaces around IN), the offset
 * just after its parenthesis; 0 if it does not. */
static size_t in_paren_at(const char *sql, size_t i)
{
	size_t k = i;
	while (sql[k] == ' ')
		k++;
	if (k == i || strncasecmp(sql + k, "IN", 2) != 0 || isalnum((unsigned char)sql[k + 2]) || sql[k + 2] == '_')
		return 0;
	k += 2;
	while (sql[k] == ' ')
		k++;
	if (sql[k] != '(')
		return 0;
	size_t q = k + 1;
	while (sql[q] == ' ')
		q++;
	return strncasecmp(sql + q, "SELECT", 6) == 0 && !isalnum((unsigned char)sql[q + 6]) ? k + 1 : 0;
}

/* `?`, `?N` -> `$n` outside quotes (SQLite's numbering); *nparams the
 * largest number; used[n] set for each number the text uses.  `rowid` ->
 * `ctid`, and `rowid IN (SELECT …)` -> `ctid = ANY(ARRAY(SELECT …))`: the
 * same rows, found by a TID scan that reads them in the table's order, as
 * SQLite's rowid IN does (PostgreSQL joins ctid IN (…) by reading the whole
 * table).  NULL when out of memory, a number is out of range or the
 * parentheses nest too deep. */
static char *translate(const char *sql, int *nparams, unsigned char *used, int used_n)
{
	size_t n = strlen(sql);
	char *out = malloc(n * 2 + 16);
	if (!out)
		return NULL;
	size_t j = 0;
	int max = 0;
	int depth = 0, closes[16], nclose = 0;   /* the depths whose ")" also closes an ARRAY( */
	for (size_t i = 0; i < n;) {
		char ch = sql[i];
		if (ch == '\'' || ch == '"') {
			/* a literal or quoted name, its doubled quotes included */
			out[j++] = sql[i++];
			while (i < n) {
				out[j++] = sql[i];
				if (sql[i++] == ch) {
					if (i < n && sql[i] == ch)
						out[j++] = sql[i++];
					else
						break;
				}
			}
		} else if (ch == '-' && i + 1 < n && sql[i + 1] == '-') {
			while (i < n && sql[i] != '\n')
				out[j++] = sql[i++];
		} else if ((ch == 'r' || ch == 'R') && (i == 0 || !(isalnum((unsigned char)sql[i - 1]) || sql[i - 1] == '_')) &&
		           strncasecmp(sql + i, "rowid", 5) == 0 && !isalnum((unsigned char)sql[i + 5]) && sql[i + 5] != '_') {
			/* SQLite's row address is PostgreSQL's ctid: the same row within one statement */
			size_t k = in_paren_at(sql, i + 5);
			if (k && nclose < (int)(sizeof closes / sizeof closes[0])) {
				memcpy(out + j, "ctid = ANY(ARRAY(", 17);
				j += 17;
				closes[nclose++] = ++depth;
				i = k;
			} else {
				memcpy(out + j, "ctid", 4);
				j += 4;
				i += 5;
			}
		} else if (ch == '(') {
			depth++;
			out[j++] = sql[i++];
		} else if (ch == ')') {
			if (nclose && closes[nclose - 1] == depth) {
				out[j++] = ')';
				nclose--;
			}
			depth--;
			out[j++] = sql[i++];
		} else if (ch == '?') {
			i++;
			long k;
			if (isdigit((unsigned char)sql[i])) {
				k = 0;
				while (isdigit((unsigned char)sql[i]) && k < 100000)
					k = k * 10 + (sql[i++] - '0');
			} else
				k = max + 1;
			if (k < 1 || k >= used_n) {
				free(out);
				return NULL;
			}
			if (k > max)
				max = (int)k;
			used[k] = 1;
			j += (size_t)sprintf(out + j, "$%ld", k);
		} else
			out[j++] = sql[i++];
	}
	out[j] = 0;
	*nparams = max;
	return out;
}

static int starts_with_word(const char *s, const char *w)
{
	while (isspace((unsigned char)*s) || *s == '(')
		s++;
	size_t n = strlen(w);
	return strncasecmp(s, w, n) == 0 && !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* Whether w is a word of s (any case), as RETURNING in a write. */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *t = s; *t; t++)
		if ((t == s || !(isalnum((unsigned char)t[-1]) || t[-1] == '_')) && strncasecmp(t, w, n) == 0 &&
		    !isalnum((unsigned char)t[n]) && t[n] != '_')
			return 1;
	return 0;
}

#define MAX_PARAMS 1000

static int stmt_init(struct pg_db *p, struct pg_stmt *c, const char *sql, int slot)
{
	unsigned char used[MAX_PARAMS] = {0};
	c->sql = strdup(sql);
	c->translated = c->sql ? translate(sql, &c->nparams, used, MAX_PARAMS) : NULL;
	if (!c->translated) {
		snprintf(p->err, sizeof p->err, c->sql ? "a statement has a parameter number out of range" : "out of memory");
		fprintf(stderr, "db: prepare: %s\n", p->err);
		free(c->sql);
		c->sql = NULL;
		return -1;
	}
	int np = c->nparams ? c->nparams : 1;
	c->types = calloc((size_t)np, sizeof *c->types);
	c->vals = calloc((size_t)np, sizeof *c->vals);
	c->lens = calloc((size_t)np, sizeof *c->lens);
	c->fmts = calloc((size_t)np, sizeof *c->fmts);
	if (!c->types || !c->vals || !c->lens || !c->fmts) {
		stmt_free(c);
		snprintf(p->err, sizeof p->err, "out of memory");
		return -1;
	}
	for (int i = 0; i < c->nparams; i++)
		c->types[i] = used[i + 1] ? 0 : OID_TEXT;
	snprintf(c->name, sizeof c->name, "s%d", slot);
	c->write = starts_with_word(sql, "INSERT") || starts_with_word(sql, "UPDATE") || starts_with_word(sql, "DELETE");
	c->returns = c->write && has_word(sql, "RETURNING");
	c->base.owner = &p->base;
	c->row = -1;
	return 0;
}

static int prepare_on_server(struct pg_db *p, struct pg_stmt *c)
{
	if (reconnect(p) < 0) {
		fprintf(stderr, "db: prepare: %s\n", p->err);
		return -1;
	}
	if (settle(p) != DB_OK)
		return -1;
	PGresult *r = PQprepare(p->c, c->name, c->translated, c->nparams, c->types);
	after(p);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		note_error(p, "prepare", r);
	PQclear(r);
	c->prepared = ok;
	return ok ? 0 : -1;
}

static db_stmt *pg_prepare(db *d, const char *sql)
{
	struct pg_db *p = PG(d);
	unsigned h = db_hash_sql(sql) % STMT_CACHE;
	for (unsigned i = 0; i < STMT_CACHE; i++) {
		unsigned slot = (h + i) % STMT_CACHE;
		struct pg_stmt *c = &p->cache[slot];
		if (c->sql && strcmp(c->sql, sql) == 0) {
			if (c->in_use)
				continue; /* same SQL used re-entrantly: look for or make another */
			c->in_use = 1;
			return &c->base;
		}
		if (!c->sql) {
			if (stmt_init(p, c, sql, (int)slot) < 0)
				return NULL;
			if (prepare_on_server(p, c) < 0) {
				stmt_free(c);
				return NULL;
			}
			c->in_use = 1;
			return &c->base;
		}
	}
	fprintf(stderr, "db: statement cache full\n");
	return NULL;
}

static void pg_reset(db_stmt *s)
{
	stmt_clear_result(ST(s));
	stmt_clear_binds(ST(s));
}

static void pg_done(db_stmt *s)
{
	pg_reset(s);
	ST(s)->in_use = 0;
	if (ST(s)->replanned || ST(s)->walk) {
		stmt_free(ST(s));
		free(ST(s));
	}
}

/* A statement outside the cache, never prepared on the server: sent with
 * its text at each run (pg_done frees it). */
static struct pg_stmt *uncached(struct pg_db *p, const char *sql)
{
	struct pg_stmt *c = calloc(1, sizeof *c);
	if (!c || stmt_init(p, c, sql, 0) < 0) {
		free(c);
		return NULL;
	}
	c->prepared = 1;
	c->in_use = 1;
	return c;
}

static db_stmt *pg_prepare_replanned(db *d, const char *sql)
{
	struct pg_stmt *c = uncached(PG(d), sql);
	if (!c)
		return NULL;
	c->replanned = 1;
	return &c->base;
}

static db_stmt *pg_prepare_walk(db *d, const char *sql)
{
	struct pg_db *p = PG(d);
	struct pg_stmt *c = uncached(p, sql);
	if (!c)
		return NULL;
	if (c->write) {
		snprintf(p->err, sizeof p->err, "a walk reads: it cannot be an INSERT, UPDATE or DELETE");
		fprintf(stderr, "db: prepare: %s\n", p->err);
		stmt_free(c);
		free(c);
		return NULL;
	}
	c->walk = 1;   /* declared as a cursor with its text at each run */
	return &c->base;
}

/* ---- walks: a cursor read WALK_ROWS rows at a time ---- */

#define WALK_ROWS 1000

static int walk_alive(struct pg_db *p, struct pg_stmt *c)
{
	return c->cursor_open && c->cursor_conn == p->conngen && (!c->cursor_tx || c->cursor_gen == p->txgen);
}

/* Closes the cursor if it is still open; a failure (the transaction has
 * failed) leaves it to end with its transaction or connection. */
static void walk_close(struct pg_db *p, struct pg_stmt *c)
{
	if (walk_alive(p, c) && PQstatus(p->c) == CONNECTION_OK && settle(p) == DB_OK) {
		char sql[48];
		snprintf(sql, sizeof sql, "CLOSE %s", c->cursor);
		PQclear(PQexec(p->c, sql));
		after(p);
	}
	c->cursor_open = 0;
	c->more = 0;
}

/* The next rows, or a failed result (NULL: out of memory). */
static PGresult *walk_fetch(struct pg_db *p, struct pg_stmt *c)
{
	if (!walk_alive(p, c)) {
		snprintf(p->err, sizeof p->err, c->cursor_conn != p->conngen
		                                     ? "the connection to the database was lost during a walk"
		                                     : "a walk was read after the transaction it began in had ended");
		fprintf(stderr, "db: step: %s\n", p->err);
		return NULL;
	}
	char sql[64];
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", WALK_ROWS, c->cursor);
	PGresult *r = PQexec(p->c, sql);
	after(p);
	return r;
}

/* After a fetch of c->nrows rows: a short one was the last, so the cursor
 * is closed at once. */
static void walk_took(struct pg_db *p, struct pg_stmt *c)
{
	if (!(c->more = c->nrows == WALK_ROWS))
		walk_close(p, c);   /* every row is here */
}

/* Declares the walk's cursor (held past the transaction when none is open)
 * and fetches its first rows. */
static PGresult *walk_open(struct pg_db *p, struct pg_stmt *c)
{
	int hold = PQtransactionStatus(p->c) == PQTRANS_IDLE;
	snprintf(c->cursor, sizeof c->cursor, "sendmis_w%u", ++p->walks);
	buf q = BUF_INIT;
	buf_printf(&q, "DECLARE %s NO SCROLL CURSOR %s FOR %s", c->cursor, hold ? "WITH HOLD" : "WITHOUT HOLD", c->translated);
	if (q.err) {
		buf_free(&q);
		snprintf(p->err, sizeof p->err, "out of memory");
		return NULL;
	}
	PGresult *r = PQexecParams(p->c, q.p, c->nparams, c->types, (const char *const *)c->vals, c->lens, c->fmts, 0);
	buf_free(&q);
	after(p);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return r;
	PQclear(r);
	c->cursor_open = 1;
	c->cursor_tx = !hold;
	c->cursor_gen = p->txgen;
	c->cursor_conn = p->conngen;
	return walk_fetch(p, c);
}

/* The value for parameter idx, replacing any before; binding starts a new run. */
static int bind_set(db_stmt *s, int idx, char *v, int len, int fmt)
{
	struct pg_stmt *c = ST(s);
	if (idx < 1 || idx > c->nparams) {
		free(v);
		snprintf(PG(s->owner)->err, sizeof PG(s->owner)->err, "column index out of range");
		fprintf(stderr, "db: bind: column index out of range\n");
		return DB_ERROR;
	}
	stmt_clear_result(c);
	free(c->vals[idx - 1]);
	c->vals[idx - 1] = v;
	c->lens[idx - 1] = len;
	c->fmts[idx - 1] = fmt;
	return DB_OK;
}

static int pg_bind_int(db_stmt *s, int idx, int64_t v)
{
	char *t = malloc(24);
	if (!t)
		return DB_ERROR;
	snprintf(t, 24, "%" PRId64, v);
	return bind_set(s, idx, t, 0, 0);
}

static int pg_bind_text(db_stmt *s, int idx, const char *v)
{
	char *t = strdup(v);
	return t ? bind_set(s, idx, t, 0, 0) : DB_ERROR;
}

static int pg_bind_null(db_stmt *s, int idx) { return bind_set(s, idx, NULL, 0, 0); }

static int pg_bind_blob(db_stmt *s, int idx, const void *b, size_t n)
{
	char *t = malloc(n ? n : 1);
	if (!t)
		return DB_ERROR;
	if (n)
		memcpy(t, b, n);
	return bind_set(s, idx, t, (int)n, 1);
}

/* Every result of a pipeline up to its sync; the statement's own result
 * (the second query) kept in *keep. */
static int pipeline_results(struct pg_db *p, PGresult **keep)
{
	int query = 0, synced = 0;
	while (!synced) {
		PGresult *r = PQgetResult(p->c);
		if (!r) {
			query++;   /* the end of one query's results */
			if (query > 3)
				return -1;
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC)
			synced = 1;
		if (query == 1 && !*keep && st != PGRES_PIPELINE_SYNC) {
			*keep = r;
			continue;
		}
		PQclear(r);
	}
	return 0;
}

/* A write inside a transaction, under a savepoint, in one round trip: if it
 * fails, the transaction goes on as it was before it (as in SQLite). */
static PGresult *run_saved(struct pg_db *p, struct pg_stmt *c)
{
	PGresult *mine = NULL;
	if (PQenterPipelineMode(p->c) != 1)
		return NULL;
	int sent = PQsendQueryParams(p->c, "SAVEPOINT sendmis_w", 0, NULL, NULL, NULL, NULL, 0) &&
	           PQsendQueryPrepared(p->c, c->name, c->nparams, (const char *const *)c->vals, c->lens, c->fmts, 0) &&
	           PQsendQueryParams(p->c, "RELEASE SAVEPOINT sendmis_w", 0, NULL, NULL, NULL, NULL, 0) &&
	           PQpipelineSync(p->c);
	if (!sent || pipeline_results(p, &mine) < 0) {
		PQclear(mine);
		mine = NULL;
	}
	PQexitPipelineMode(p->c);
	if (mine && PQresultStatus(mine) != PGRES_COMMAND_OK && PQresultStatus(mine) != PGRES_TUPLES_OK) {
		/* undone to the savepoint; the transaction is usable again */
		PGresult *r = PQexec(p->c, "ROLLBACK TO SAVEPOINT sendmis_w; RELEASE SAVEPOINT sendmis_w");
		PQclear(r);
	}
	return mine;
}

static int pg_step(db_stmt *s)
{
	struct pg_stmt *c = ST(s);
	struct pg_db *p = PG(s->owner);
	if (c->ran == 2)
		stmt_clear_result(c);   /* stepped past its end: runs again, as SQLite's does */
	/* a connection lost since (its statements prepared again as they are used) */
	if (!c->ran && (reconnect(p) < 0 || (!c->prepared && prepare_on_server(p, c) < 0))) {
		c->ran = 2;
		return DB_ERROR;
	}
	if (!c->ran && c->write && !c->returns && !c->replanned && p->defer && (p->queued || PQtransactionStatus(p->c) == PQTRANS_INTRANS)) {
		/* deferred: its outcome is read with the others' (drain_pipeline); rows held
		 * by appenders go first, as they were written first */
		c->ran = 2;
		if (flush_appends(p) != DB_OK)
			return p->qrc;
		if (!p->queued && PQenterPipelineMode(p->c) != 1) {
			note_error(p, "step", NULL);
			return DB_ERROR;
		}
		p->queued++;
		if (!PQsendQueryPrepared(p->c, c->name, c->nparams, (const char *const *)c->vals, c->lens, c->fmts, 0) &&
		    p->qrc == DB_OK) {
			p->qrc = DB_ERROR;
			note_error(p, "step", NULL);
		}
		int rc = p->queued >= DEFER_MAX || p->qrc != DB_OK ? drain_pipeline(p) : DB_OK;
		return rc == DB_OK ? DB_DONE : rc;
	}
	if (!c->ran) {
		int q = settle(p);
		if (q != DB_OK) {
			c->ran = 2;
			return q;
		}
		PGresult *r;
		if (c->walk)
			r = walk_open(p, c);
		else if (c->replanned)
			r = PQexecParams(p->c, c->translated, c->nparams, c->types, (const char *const *)c->vals, c->lens, c->fmts, 0);
		else if (c->write && !p->bulk && !p->defer && PQtransactionStatus(p->c) == PQTRANS_INTRANS)
			r = run_saved(p, c);
		else
			r = PQexecPrepared(p->c, c->name, c->nparams, (const char *const *)c->vals, c->lens, c->fmts, 0);
		after(p);
		ExecStatusType st = PQresultStatus(r);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			int rc = r ? rc_of(r) : DB_ERROR;
			note_error(p, rc == DB_CONSTRAINT ? NULL : "step", r);
			PQclear(r);
			c->ran = 2;
			return rc;
		}
		note_changes(p, r);
		c->res = r;
		c->nrows = st == PGRES_TUPLES_OK ? PQntuples(r) : 0;
		c->ran = 1;
		if (c->walk)
			walk_took(p, c);
	}
	PQfreemem(c->blob);
	c->blob = NULL;
	if (++c->row < c->nrows)
		return DB_ROW;
	if (c->more) {
		/* the walk's next rows */
		PQclear(c->res);
		c->res = NULL;
		c->row = -1;
		c->nrows = 0;
		int q = settle(p);
		PGresult *r = q == DB_OK ? walk_fetch(p, c) : NULL;
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			int rc = q != DB_OK ? q : r ? rc_of(r) : DB_ERROR;
			if (r)
				note_error(p, "step", r);
			PQclear(r);
			c->cursor_open = c->more = 0;
			c->ran = 2;
			return rc;
		}
		c->res = r;
		c->nrows = PQntuples(r);
		walk_took(p, c);
		if (++c->row < c->nrows)
			return DB_ROW;
	}
	c->ran = 2;
	return DB_DONE;
}

static int has_row(struct pg_stmt *c, int col)
{
	return c->res && c->row >= 0 && c->row < c->nrows && col >= 0 && col < PQnfields(c->res);
}

static int pg_col_count(db_stmt *s) { return ST(s)->res ? PQnfields(ST(s)->res) : 0; }

static int pg_col_is_null(db_stmt *s, int col)
{
	struct pg_stmt *c = ST(s);
	return !has_row(c, col) || PQgetisnull(c->res, c->row, col);
}

static const char *pg_col_text(db_stmt *s, int col)
{
	struct pg_stmt *c = ST(s);
	if (pg_col_is_null(s, col))
		return "";
	const char *v = PQgetvalue(c->res, c->row, col);
	if (PQftype(c->res, col) == OID_BOOL)
		return *v == 't' ? "1" : "0";
	return v;
}

static int64_t pg_col_int(db_stmt *s, int col)
{
	return strtoll(pg_col_text(s, col), NULL, 10);
}

static int pg_col_is_int(db_stmt *s, int col)
{
	if (pg_col_is_null(s, col))
		return 0;
	Oid t = PQftype(ST(s)->res, col);
	return t == OID_INT8 || t == OID_INT4 || t == OID_INT2;
}

static const char *pg_col_name(db_stmt *s, int col)
{
	struct pg_stmt *c = ST(s);
	return c->res && col >= 0 && col < PQnfields(c->res) ? PQfname(c->res, col) : "";
}

static const void *pg_col_blob(db_stmt *s, int col, size_t *n)
{
	struct pg_stmt *c = ST(s);
	*n = 0;
	if (pg_col_is_null(s, col))
		return NULL;
	PQfreemem(c->blob);
	c->blob = NULL;
	if (PQftype(c->res, col) != OID_BYTEA) {
		*n = (size_t)PQgetlength(c->res, c->row, col);
		return *n ? PQgetvalue(c->res, c->row, col) : NULL;
	}
	size_t len = 0;
	c->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(c->res, c->row, col), &len);
	*n = c->blob ? len : 0;
	return *n ? c->blob : NULL;
}

static int pg_exec(db *d, const char *sql) { return run(PG(d), "exec", sql); }

static int pg_indexes_drop(db *d, const char *table, struct db_saved_indexes *s)
{
	struct pg_db *p = PG(d);
	s->sql = NULL;
	s->n = 0;
	/* the table's own indexes, not those a key or a unique constraint owns */
	const char *q = "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
	                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
	                "WHERE t.relname = $1 AND pg_table_is_visible(t.oid) "
	                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid) ORDER BY i.relname";
	if (settle(p) != DB_OK)
		return DB_ERROR;
	PGresult *r = PQexecParams(p->c, q, 1, NULL, &table, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		note_error(p, "indexes", r);
		PQclear(r);
		return DB_ERROR;
	}
	int n = PQntuples(r), failed = 0;
	s->sql = calloc((size_t)(n ? n : 1), sizeof *s->sql);
	failed = !s->sql;
	for (int i = 0; i < n && !failed; i++) {
		s->sql[i] = strdup(PQgetvalue(r, i, 1));
		if (!s->sql[i]) {
			failed = 1;
			break;
		}
		s->n++;
		char *name = PQescapeIdentifier(p->c, PQgetvalue(r, i, 0), strlen(PQgetvalue(r, i, 0)));
		char drop[600];
		failed = !name || snprintf(drop, sizeof drop, "DROP INDEX %s", name) >= (int)sizeof drop ||
		         run(p, "indexes", drop) != DB_OK;
		PQfreemem(name);
	}
	PQclear(r);
	if (failed) {
		db_saved_free(s);
		return DB_ERROR;
	}
	return DB_OK;
}

static int pg_tune_for_bulk(db *d)
{
	/* sorts and index builds over the whole area in memory up to this much */
	return run(PG(d), "tune", "SET work_mem = '64MB'; SET maintenance_work_mem = '256MB'");
}

static int pg_begin(db *d)
{
	char sql[96];
	snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%lld)", (long long)LOCK_WRITER);
	PG(d)->qrc = DB_OK;
	int rc = run(PG(d), "begin", sql);
	if (rc != DB_OK && PQtransactionStatus(PG(d)->c) != PQTRANS_IDLE)
		PQclear(PQexec(PG(d)->c, "ROLLBACK"));
	return rc;
}

static int pg_commit(db *d)
{
	struct pg_db *p = PG(d);
	if (PQstatus(p->c) != CONNECTION_OK) {
		snprintf(p->err, sizeof p->err, "the connection to the database was lost during a transaction, which was rolled back");
		p->in_tx = 0;
		p->txgen++;
		p->queued = 0;
		p->qrc = DB_OK;
		return DB_ERROR;
	}
	if (settle(p) != DB_OK) {
		/* a deferred write failed: its message stands */
		PQclear(PQexec(p->c, "ROLLBACK"));
		after(p);
		p->qrc = DB_OK;
		return DB_ERROR;
	}
	PGresult *r = PQexec(p->c, "COMMIT");
	after(p);
	/* COMMIT of a failed transaction rolls back and says so, without an error */
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK && !strcmp(PQcmdStatus(r), "COMMIT");
	if (!ok) {
		if (PQresultStatus(r) == PGRES_COMMAND_OK)
			snprintf(p->err, sizeof p->err, "the transaction failed and was rolled back");
		else
			note_error(p, "commit", r);
	}
	PQclear(r);
	return ok ? DB_OK : DB_ERROR;
}

static int pg_rollback(db *d)
{
	struct pg_db *p = PG(d);
	if (PQstatus(p->c) != CONNECTION_OK) {
		p->in_tx = 0;   /* the server rolled it back when the connection went */
		p->txgen++;
		p->queued = 0;
		p->qrc = DB_OK;
		return DB_OK;
	}
	drop_appends(p);
	drain_pipeline(p);
	p->qrc = DB_OK;
	if (PQtransactionStatus(p->c) == PQTRANS_IDLE)
		return DB_OK;
	return run(PG(d), "rollback", "ROLLBACK");
}

static int pg_changes(db *d)
{
	settle(PG(d));
	return PG(d)->changes;
}

#define ID_BLOCK 1000

static int64_t pg_new_id(db *d, const char *table)
{
	struct pg_db *p = PG(d);
	struct reserved *r = NULL;
	for (size_t i = 0; i < sizeof p->ids / sizeof p->ids[0] && !r; i++)
		if (!strcmp(p->ids[i].table, table) || !p->ids[i].table[0])
			r = &p->ids[i];
	if (!r)   /* all in use: the first table's are given up (a gap in its ids) */
		r = &p->ids[0];
	if (strcmp(r->table, table) || r->next >= r->end) {
		/* the block from the next value on, taken in one statement: no other session gets them */
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
		         "nextval(pg_get_serial_sequence('%s', 'id')) + %d)", table, table, ID_BLOCK - 1);
		if (reconnect(p) < 0 || drain_pipeline(p) != DB_OK)
			return -1;
		PGresult *res = PQexec(p->c, sql);
		after(p);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
			note_error(p, "new id", res);
			PQclear(res);
			return -1;
		}
		int64_t last = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		snprintf(r->table, sizeof r->table, "%s", table);
		r->next = last - (ID_BLOCK - 1);
		r->end = last + 1;
	}
	return r->next++;
}

/* One value in COPY's text format: \N for NULL; backslash, tab, newline and
 * carriage return escaped. */
static void copy_text(buf *b, const char *v)
{
	if (!v) {
		buf_puts(b, "\\N");
		return;
	}
	for (; *v; v++) {
		switch (*v) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: buf_putc(b, *v);
		}
	}
}

static int pg_append_open(db *d, db_append *a)
{
	db_append **end = &PG(d)->appends;
	while (*end)
		end = &(*end)->next;
	*end = a;
	return 0;
}

static int pg_append_row(db_append *a, const char *const *vals)
{
	struct pg_db *p = PG(a->d);
	for (int i = 0; i < a->ncols; i++) {
		if (i)
			buf_putc(&a->rows, '\t');
		copy_text(&a->rows, vals[i]);
	}
	buf_putc(&a->rows, '\n');
	a->held++;
	if (a->rows.err) {
		snprintf(p->err, sizeof p->err, "out of memory holding rows to load");
		return -1;
	}
	return a->rows.len >= APPEND_HELD_MAX && flush_appends(p) != DB_OK ? -1 : 0;
}

static int pg_append_flush(db *d) { return settle(PG(d)) == DB_OK ? 0 : -1; }

static void pg_append_close(db_append *a)
{
	for (db_append **q = &PG(a->d)->appends; *q; q = &(*q)->next)
		if (*q == a) {
			*q = a->next;
			break;
		}
}

static int pg_defer_writes(db *d, int on)
{
	struct pg_db *p = PG(d);
	if (on) {
		p->defer++;
		return 0;
	}
	if (p->defer > 0)
		p->defer--;
	return settle(p) == DB_OK ? 0 : -1;
}
static const char *pg_errmsg(db *d) { return PG(d)->err[0] ? PG(d)->err : "not an error"; }
/* the server frees and reuses a deleted row's space itself (VACUUM) */
static int pg_secure_delete(db *d, int on) { return DB_OK; }

static int pg_migrate_lock(db *d, int on)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT %s(%lld)", on ? "pg_advisory_lock" : "pg_advisory_unlock", (long long)LOCK_MIGRATE);
	return run(PG(d), "migrate", sql);
}

static int pg_lead(db *d, enum db_lead what)
{
	struct pg_db *p = PG(d);
	if ((p->lead & (1u << what)) && PQstatus(p->c) == CONNECTION_OK)
		return 1;
	if (reconnect(p) < 0)
		return -1;
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT pg_try_advisory_lock(%lld)", (long long)(LOCK_LEAD + what));
	PGresult *r = PQexec(p->c, sql);
	after(p);
	int rc = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		rc = *PQgetvalue(r, 0, 0) == 't';
	if (rc == 1)
		p->lead |= 1u << what;
	else if (rc < 0)
		note_error(p, "lead", r);   /* another leading (0) is no error: the others ask each second */
	PQclear(r);
	return rc;
}

enum { OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

static enum db_type pg_col_type(db_stmt *s, int col)
{
	if (pg_col_is_null(s, col))
		return DB_T_NULL;
	switch (PQftype(ST(s)->res, col)) {
	case OID_INT2: case OID_INT4: case OID_INT8: case OID_BOOL: return DB_T_INT;
	case OID_FLOAT4: case OID_FLOAT8: case OID_NUMERIC: return DB_T_REAL;
	case OID_BYTEA: return DB_T_BLOB;
	default: return DB_T_TEXT;
	}
}

static int pg_tables(db *d, char ***names, int *n)
{
	return db_names(d, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", names, n);
}

static int pg_begin_snapshot(db *d)
{
	if (PQtransactionStatus(PG(d)->c) != PQTRANS_IDLE) {
		/* BEGIN would only warn, and the caller's rollback end the outer transaction */
		snprintf(PG(d)->err, sizeof PG(d)->err, "a snapshot cannot begin inside a transaction");
		return DB_ERROR;
	}
	return run(PG(d), "snapshot", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

/* every reference deferrable, and deferred, for this transaction only: put
 * back (and so checked) at its end */
#define FK_EACH "DO $$ DECLARE r record; BEGIN FOR r IN SELECT conrelid::regclass::text AS t, conname FROM pg_constraint " \
                "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace LOOP EXECUTE " \
                "format('ALTER TABLE %s ALTER CONSTRAINT %I "
#define FK_END "', r.t, r.conname); END LOOP; END $$"
/* the triggers that guard the domain's own changes (a framework version's
 * criteria frozen once audits use it), off while the rows go in as they were */
#define TRIGGERS_EACH "DO $$ DECLARE r record; BEGIN FOR r IN SELECT DISTINCT tgrelid::regclass::text AS t FROM pg_trigger g " \
                      "JOIN pg_class c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal AND c.relnamespace = " \
                      "current_schema()::regnamespace LOOP EXECUTE format('ALTER TABLE %s "
#define TRIGGERS_END " TRIGGER USER', r.t); END LOOP; END $$"

static int pg_copy_references(db *d, int end)
{
	struct pg_db *p = PG(d);
	if (!end) {
		p->bulk = 1;
		return run(p, "copy", FK_EACH "DEFERRABLE INITIALLY DEFERRED" FK_END "; SET CONSTRAINTS ALL DEFERRED; "
		           TRIGGERS_EACH "DISABLE" TRIGGERS_END);
	}
	p->bulk = 0;
	return run(p, "copy", "SET CONSTRAINTS ALL IMMEDIATE; " FK_EACH "NOT DEFERRABLE" FK_END "; "
	           TRIGGERS_EACH "ENABLE" TRIGGERS_END "; "
	           /* identity counters past the ids copied in */
	           "DO $$ DECLARE r record; BEGIN FOR r IN SELECT table_name, column_name FROM information_schema.columns "
	           "WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP EXECUTE "
	           "format('SELECT setval(pg_get_serial_sequence(%L, %L), COALESCE((SELECT max(%I) FROM %I), 0) + 1, false)', "
	           "r.table_name, r.column_name, r.column_name, r.table_name); END LOOP; END $$");
}

extern char **environ;

/* Runs a PostgreSQL client program (pg_dump, pg_restore) against the
 * database at uri: the connection's settings go to it as libpq's environment
 * variables (PGHOST, PGPASSWORD, …), never on its command line, where other
 * users of the machine could read a password.  0, or -1 with err. */
static int run_client(const char *uri, char *const argv[], char *err, size_t errlen)
{
	char *perr = NULL;
	PQconninfoOption *o = PQconninfoParse(uri, &perr);
	if (!o) {
		snprintf(err, errlen, "the database address cannot be read");
		PQfreemem(perr);
		return -1;
	}
	int n = 0;
	while (environ[n])
		n++;
	int extra = 0;
	for (PQconninfoOption *k = o; k->keyword; k++)
		extra++;
	char **env = calloc((size_t)(n + extra + 1), sizeof *env);
	int m = 0, own = 0, rc = -1;
	if (!env)
		goto out;
	for (int i = 0; i < n; i++)
		if (strncmp(environ[i], "PG", 2) != 0)   /* the address's settings alone */
			env[m++] = environ[i];
	own = m;
	for (PQconninfoOption *k = o; k->keyword; k++) {
		if (!k->val || !k->envvar)
			continue;
		size_t len = strlen(k->envvar) + strlen(k->val) + 2;
		if (!(env[m] = malloc(len)))
			goto out;
		snprintf(env[m++], len, "%s=%s", k->envvar, k->val);
	}
	pid_t pid;
	int e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, env);
	if (e != 0) {
		snprintf(err, errlen, "cannot run %s: %s (install postgresql-client)", argv[0], strerror(e));
		goto out;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else
		snprintf(err, errlen, "%s failed (exit status %d): its message is above", argv[0],
		         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
out:
	if (env)
		for (int i = own; i < m; i++)
			free(env[i]);
	free(env);
	PQconninfoFree(o);
	return rc;
}

/* One value in COPY's text format: \N for NULL, bytea as \\x and hex
 * digits, and text with backslash, tab, newline and carriage return escaped. */
static void copy_value(buf *b, db_stmt *s, int col)
{
	static const char hexd[] = "0123456789abcdef";
	size_t n;
	const unsigned char *p;
	switch (db_col_type(s, col)) {
	case DB_T_NULL: buf_puts(b, "\\N"); return;
	case DB_T_BLOB:
		p = db_col_blob(s, col, &n);
		buf_puts(b, "\\\\x");
		for (size_t i = 0; i < n; i++) {
			buf_putc(b, hexd[p[i] >> 4]);
			buf_putc(b, hexd[p[i] & 15]);
		}
		return;
	default:
		copy_text(b, db_col_text(s, col));
	}
}

/* A whole table's rows by COPY … FROM STDIN, sent in 256 KiB pieces: one
 * statement for the table, not a round trip for each row. */
static int64_t pg_bulk_load(db *d, const char *table, db_stmt *src, FILE *progress, char *err, size_t errlen)
{
	struct pg_db *p = PG(d);
	buf b = BUF_INIT;
	int64_t rows = 0;
	int rc, started = 0, failed = 0;
	while (!failed && (rc = db_step(src)) == DB_ROW) {
		int cols = db_col_count(src);
		if (!started) {
			buf_printf(&b, "COPY \"%s\"(", table);
			for (int c = 0; c < cols; c++)
				buf_printf(&b, "%s\"%s\"", c ? ", " : "", db_col_name(src, c));
			buf_puts(&b, ") FROM STDIN");
			if (b.err || settle(p) != DB_OK || copy_begin(p, buf_cstr(&b)) < 0) {
				snprintf(err, errlen, "cannot load %s: %s", table, p->err);
				buf_free(&b);
				return -1;
			}
			started = 1;
			buf_reset(&b);
		}
		for (int c = 0; c < cols; c++) {
			if (c)
				buf_putc(&b, '\t');
			copy_value(&b, src, c);
		}
		buf_putc(&b, '\n');
		rows++;
		if (b.err)
			failed = 1;
		else if (b.len >= 256 * 1024) {
			failed = PQputCopyData(p->c, b.p, (int)b.len) != 1;
			buf_reset(&b);
		}
		if (progress && rows % 100000 == 0) {
			fprintf(progress, "\r  %-32s %lld rows", table, (long long)rows);
			fflush(progress);
		}
	}
	if (!started) {
		buf_free(&b);
		if (rc != DB_DONE) {
			snprintf(err, errlen, "cannot read %s", table);
			return -1;
		}
		return 0;
	}
	if (rc != DB_DONE && !failed)
		failed = 1;
	if (!failed && b.len)
		failed = PQputCopyData(p->c, b.p, (int)b.len) != 1;
	buf_free(&b);
	if (copy_end(p, failed ? "the source could not be read" : NULL) != DB_OK) {
		snprintf(err, errlen, "cannot load %s: %s", table, p->err[0] ? p->err : "the source could not be read");
		return -1;
	}
	return rows;
}

static int pg_backup_file(db *d, const char *path, struct db_backup_info *info, char *err, size_t errlen)
{
	struct pg_db *p = PG(d);
	/* the rows counted and pg_dump's copy in one snapshot */
	if (run(p, "backup", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") != DB_OK) {
		snprintf(err, errlen, "cannot start the backup: %s", p->err);
		return DB_ERROR;
	}
	PGresult *r = PQexec(p->c, "SELECT pg_export_snapshot()");
	char snap[96] = "";
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		snprintf(snap, sizeof snap, "--snapshot=%s", PQgetvalue(r, 0, 0));
	else
		note_error(p, "backup", r);
	PQclear(r);
	info->format = "pg_dump";
	int rc = -1;
	if (!snap[0])
		snprintf(err, errlen, "cannot share the backup's snapshot: %s", p->err);
	else if (db_backup_count(d, info) < 0)
		snprintf(err, errlen, "cannot count the rows: %s", p->err);
	else {
		size_t n = strlen(path) + 8;
		char *file = malloc(n);
		if (file) {
			snprintf(file, n, "--file=%s", path);
			char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--no-privileges", snap, file, NULL};
			rc = run_client(p->uri, argv, err, errlen);
			free(file);
		}
	}
	run(p, "backup", "ROLLBACK");
	return rc < 0 ? DB_ERROR : DB_OK;
}

int db_pg_restore(const char *file, const char *uri, char *err, size_t errlen)
{
	db *d;
	if (db_pg_open(&d, uri, err, errlen) < 0)
		return -1;
	char **names;
	int n;
	int rc = pg_tables(d, &names, &n);
	pg_close(d);
	if (rc < 0) {
		snprintf(err, errlen, "cannot list the target's tables");
		return -1;
	}
	db_tables_free(names, n);
	if (n) {
		snprintf(err, errlen, "the target database already has %d tables: restore into a new, empty database", n);
		return -1;
	}
	char *argv[] = {"pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
	                (char *)file, NULL};
	char *arg = NULL;
	/* the database to restore into is the address's (PGDATABASE): --dbname is needed to restore at all */
	PQconninfoOption *o = PQconninfoParse(uri, NULL);
	for (PQconninfoOption *k = o; k && k->keyword; k++)
		if (!strcmp(k->keyword, "dbname") && k->val) {
			size_t len = strlen(k->val) + 10;
			if ((arg = malloc(len)))
				snprintf(arg, len, "--dbname=%s", k->val);
		}
	PQconninfoFree(o);
	if (!arg) {
		snprintf(err, errlen, "the target address names no database");
		return -1;
	}
	char *argv2[] = {argv[0], argv[1], argv[2], argv[3], argv[4], arg, argv[5], NULL};
	rc = run_client(uri, argv2, err, errlen);
	free(arg);
	return rc;
}

static const struct db_ops pg_ops = {
	.store = DB_POSTGRESQL,
	.migrations = postgresql_migrations,
	.migrations_n = &postgresql_migrations_n,
	.close = pg_close,
	.tune_for_bulk = pg_tune_for_bulk,
	.defer_writes = pg_defer_writes,
	.new_id = pg_new_id,
	.prepare_replanned = pg_prepare_replanned,
	.prepare_walk = pg_prepare_walk,
	.append_open = pg_append_open,
	.append_row = pg_append_row,
	.append_flush = pg_append_flush,
	.append_close = pg_append_close,
	.indexes_drop = pg_indexes_drop,
	.prepare = pg_prepare,
	.reset = pg_reset,
	.done = pg_done,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_is_null = pg_col_is_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_name = pg_col_name,
	.col_is_int = pg_col_is_int,
	.col_blob = pg_col_blob,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.changes = pg_changes,
	.errmsg = pg_errmsg,
	.secure_delete = pg_secure_delete,
	.migrate_lock = pg_migrate_lock,
	.foreign_keys = NULL,
	.foreign_key_violations = NULL,
	.lead = pg_lead,
	.col_type = pg_col_type,
	.tables = pg_tables,
	.begin_snapshot = pg_begin_snapshot,
	.copy_references = pg_copy_references,
	.backup_file = pg_backup_file,
	.bulk_load = pg_bulk_load,
};
