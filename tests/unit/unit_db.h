/* unit_db.h — a unit test's database, on the store the run asks for: with
 * SENDMIS_TEST_PG set (a libpq URI for a cluster's admin database, as
 * scripts/with-pg gives), a new PostgreSQL database in that cluster, else a
 * fresh SQLite file in /tmp; every migration applied; and its removal.
 * Included by the tests that need a store; everything here is static inline. */
#ifndef SENDMIS_UNIT_DB_H
#define SENDMIS_UNIT_DB_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/db.h"

static inline const char *unit_db_pg(void)
{
	const char *u = getenv("SENDMIS_TEST_PG");
	return u && *u ? u : NULL;
}

static inline int unit_db_is_sqlite(void) { return !unit_db_pg(); }

/* The cluster's URI with its database named name (the admin URI's path
 * replaced, its query kept). */
static inline void unit_db_pg_uri(const char *name, char *out, size_t n)
{
	const char *u = unit_db_pg(), *path = strstr(u, "://");
	path = path ? strchr(path + 3, '/') : NULL;
	if (!path) {
		snprintf(out, n, "%s", u);
		return;
	}
	const char *q = strchr(path, '?');
	snprintf(out, n, "%.*s/%s%s", (int)(path - u), u, name, q ? q : "");
}

/* The address another handle opens the same database by (path as
 * unit_db_open gave it). */
static inline void unit_db_address(const char *path, char *out, size_t n)
{
	if (unit_db_pg())
		unit_db_pg_uri(path, out, n);
	else
		snprintf(out, n, "%s", path);
}

/* Runs one statement on the cluster's admin database.  0 or -1. */
static inline int unit_db_pg_admin(const char *sql)
{
	db *a;
	char err[256];
	if (db_open(&a, unit_db_pg(), err, sizeof err) < 0) {
		fprintf(stderr, "unit_db: %s\n", err);
		return -1;
	}
	int rc = db_exec(a, sql);
	db_close(a);
	return rc < 0 ? -1 : 0;
}

/* Opens a new empty database (no migrations); its file name, or its
 * PostgreSQL database's name, goes in path.  0 or -1. */
static inline int unit_db_open_empty(db **d, char path[64])
{
	char err[256];
	if (unit_db_pg()) {
		static unsigned seq;
		char sql[160], uri[1024];
		snprintf(path, 64, "sendmis_unit_%ld_%u", (long)getpid(), ++seq);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", path);
		if (unit_db_pg_admin(sql) < 0)
			return -1;
		unit_db_pg_uri(path, uri, sizeof uri);
		if (db_open(d, uri, err, sizeof err) < 0) {
			fprintf(stderr, "unit_db: %s\n", err);
			return -1;
		}
		return 0;
	}
	snprintf(path, 64, "/tmp/sendmis-unit-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return db_open(d, path, err, sizeof err) < 0 ? -1 : 0;
}

/* Opens a new migrated database.  0 or -1. */
static inline int unit_db_open(db **d, char path[64])
{
	char err[512];
	if (unit_db_open_empty(d, path) < 0)
		return -1;
	if (db_migrate(*d, err, sizeof err) < 1) {
		fprintf(stderr, "unit_db: %s\n", err);
		return -1;
	}
	return 0;
}

static inline void unit_db_remove(db *d, const char *path)
{
	db_close(d);
	if (unit_db_pg()) {
		char sql[160];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", path);
		unit_db_pg_admin(sql);
		return;
	}
	char p[300];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

#endif
