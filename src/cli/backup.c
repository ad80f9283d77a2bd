/* backup.c — a backup file and its manifest.
 *
 * DESIGN: the backup itself is the store's (db_backup_file: a SQLite file
 * made by the online backup API, or pg_dump's custom format); beside it,
 * FILE.json says what it is and what it holds: its format, the schema
 * version it was made at, each table's rows as at the moment it was made,
 * and the SHA-256 of its bytes.  A restore refuses a file whose bytes do not
 * match, and checks the restored database's rows against the counts.  Both
 * files are written under a temporary name and renamed when whole, so a
 * backup cut short never looks like a finished one. */
#include "cli/backup.h"
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int sha256_file(const char *path, char hex[65], char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char b[65536];
	size_t n;
	while ((n = fread(b, 1, sizeof b, f)) > 0)
		crypto_hash_sha256_update(&st, b, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "cannot read %s", path);
		return -1;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
	return 0;
}

static char *with_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s", path, suffix);
	return s;
}

int backup_write(db *d, const char *path, FILE *msg, char *err, size_t errlen)
{
	char *manifest = with_suffix(path, ".json"), *part = with_suffix(path, ".partial"),
	     *mpart = with_suffix(path, ".json.partial");
	struct db_backup_info info = {0};
	json_t *doc = NULL;
	int rc = -1;
	if (!manifest || !part || !mpart) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (access(path, F_OK) == 0 || access(manifest, F_OK) == 0) {
		snprintf(err, errlen, "%s or its manifest %s exists already: choose a new name", path, manifest);
		goto out;
	}
	unlink(part);
	if (db_backup_file(d, part, &info, err, errlen) < 0)
		goto out;
	char hex[65];
	if (sha256_file(part, hex, err, errlen) < 0)
		goto out;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	json_t *tables = json_object();
	doc = json_object();
	if (!tables || !doc) {
		json_decref(tables);
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	json_object_set_new(doc, "sendmis_backup", json_integer(1));
	json_object_set_new(doc, "format", json_string(info.format));
	json_object_set_new(doc, "schema_version", json_integer(info.schema_version));
	json_object_set_new(doc, "made_at", json_string(at));
	json_object_set_new(doc, "sha256", json_string(hex));
	for (int i = 0; i < info.ntables; i++)
		json_object_set_new(tables, info.tables[i].name, json_integer(info.tables[i].rows));
	json_object_set_new(doc, "rows", tables);
	if (json_dump_file(doc, mpart, JSON_INDENT(2) | JSON_SORT_KEYS) < 0) {
		snprintf(err, errlen, "cannot write %s", mpart);
		goto out;
	}
	if (rename(part, path) < 0 || rename(mpart, manifest) < 0) {
		snprintf(err, errlen, "cannot name the backup %s: %s", path, strerror(errno));
		goto out;
	}
	int64_t rows = 0;
	for (int i = 0; i < info.ntables; i++)
		rows += info.tables[i].rows;
	fprintf(msg, "sendmis backup: %s (%s, schema version %d, %d tables, %lld rows, sha256 %s)\n", path, info.format,
	        info.schema_version, info.ntables, (long long)rows, hex);
	fprintf(msg, "sendmis backup: its manifest is %s; keep the two together\n", manifest);
	rc = 0;
out:
	if (rc < 0 && part) {
		unlink(part);
		if (mpart)
			unlink(mpart);
	}
	json_decref(doc);
	free(info.tables);
	free(manifest);
	free(part);
	free(mpart);
	return rc;
}

void backup_manifest_free(struct backup_manifest *m)
{
	free(m->tables);
	m->tables = NULL;
	m->ntables = 0;
}

int backup_check(const char *path, struct backup_manifest *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	char *manifest = with_suffix(path, ".json");
	if (!manifest) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	json_error_t je;
	json_t *doc = json_load_file(manifest, 0, &je);
	int rc = -1;
	if (!doc) {
		snprintf(err, errlen, "cannot read the backup's manifest %s: %s", manifest, je.text);
		goto out;
	}
	json_t *fmt = json_object_get(doc, "format"), *ver = json_object_get(doc, "schema_version"),
	       *sha = json_object_get(doc, "sha256"), *rows = json_object_get(doc, "rows");
	if (!json_is_string(fmt) || (strcmp(json_string_value(fmt), "sqlite") && strcmp(json_string_value(fmt), "pg_dump"))) {
		snprintf(err, errlen, "%s: format must be \"sqlite\" or \"pg_dump\"", manifest);
		goto out;
	}
	if (!json_is_integer(ver) || json_integer_value(ver) < 1 || json_integer_value(ver) > 100000) {
		snprintf(err, errlen, "%s: schema_version must be a whole number from 1", manifest);
		goto out;
	}
	if (!json_is_string(sha) || strlen(json_string_value(sha)) != 64) {
		snprintf(err, errlen, "%s: sha256 must be 64 hexadecimal digits", manifest);
		goto out;
	}
	if (!json_is_object(rows)) {
		snprintf(err, errlen, "%s: rows must be an object of table names and counts", manifest);
		goto out;
	}
	snprintf(m->format, sizeof m->format, "%s", json_string_value(fmt));
	m->schema_version = (int)json_integer_value(ver);
	m->tables = calloc(json_object_size(rows) + 1, sizeof *m->tables);
	if (!m->tables) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	const char *k;
	json_t *v;
	json_object_foreach(rows, k, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 || strlen(k) >= sizeof m->tables[0].name) {
			snprintf(err, errlen, "%s: rows.%.64s must be a count of 0 or more", manifest, k);
			goto out;
		}
		snprintf(m->tables[m->ntables].name, sizeof m->tables[0].name, "%s", k);
		m->tables[m->ntables++].rows = json_integer_value(v);
	}
	char hex[65];
	if (sha256_file(path, hex, err, errlen) < 0)
		goto out;
	if (strcmp(hex, json_string_value(sha)) != 0) {
		snprintf(err, errlen, "%s does not match its manifest's SHA-256 (it is damaged, or not the file %s describes)", path,
		         manifest);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		backup_manifest_free(m);
	json_decref(doc);
	free(manifest);
	return rc;
}

int backup_compare(db *d, const struct backup_manifest *m, FILE *msg)
{
	int differ = 0;
	for (int i = 0; i < m->ntables; i++) {
		if (!strcmp(m->tables[i].name, "schema_migrations"))
			continue;
		int64_t n = db_table_rows(d, m->tables[i].name);
		if (n != m->tables[i].rows) {
			fprintf(msg, "  %s: the backup holds %lld rows, the restored database %lld\n", m->tables[i].name,
			        (long long)m->tables[i].rows, (long long)n);
			differ++;
		}
	}
	return differ;
}
