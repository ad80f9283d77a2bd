/* unit_db.h — a unit test's database: a fresh file in /tmp with every
 * migration applied, and its removal (with SQLite's -wal and -shm files).
 * Included by the tests that need a store; everything here is static inline. */
#ifndef SENDMIS_UNIT_DB_H
#define SENDMIS_UNIT_DB_H
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "store/db.h"

/* Opens a new migrated database; its file name goes in path.  0 or -1. */
static inline int unit_db_open(db **d, char path[64])
{
	snprintf(path, 64, "/tmp/sendmis-unit-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	char err[256];
	if (db_open(d, path, err, sizeof err) < 0)
		return -1;
	return db_migrate(*d, err, sizeof err) < 1 ? -1 : 0;
}

static inline void unit_db_remove(db *d, const char *path)
{
	db_close(d);
	char p[300];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

#endif
