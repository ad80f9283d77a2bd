/* backup.h — `sendmis backup` and `sendmis restore`'s files: the backup and
 * its manifest (docs/operations.md). */
#ifndef SENDMIS_BACKUP_H
#define SENDMIS_BACKUP_H
#include "store/db.h"

/* Writes the backup of d to path and its manifest to path.json: the
 * format, the schema version, each table's rows and the backup's SHA-256.
 * Neither may exist already.  0, or -1 with err. */
int backup_write(db *d, const char *path, FILE *msg, char *err, size_t errlen);

struct backup_manifest {
	char format[16];          /* "sqlite" or "pg_dump" */
	int schema_version;
	struct db_backup_table *tables;
	int ntables;
};
/* Reads path.json and checks path's SHA-256 against it.  0, or -1 with err
 * (the manifest missing or malformed, or the file not the one it describes). */
int backup_check(const char *path, struct backup_manifest *m, char *err, size_t errlen);
void backup_manifest_free(struct backup_manifest *m);
/* Every table the manifest counts holds as many rows in d.  0 alike, or the
 * number of tables that differ (each said on msg), -1 on error. */
int backup_compare(db *d, const struct backup_manifest *m, FILE *msg);

#endif
