/* fuzz_sen2import.c — libFuzzer target for the SEN2 import (domain/sen2import.c)
 *
 * DESIGN: the input is a SEN2 file, imported into an in-memory register
 * (migrated once, made afresh every 200 inputs so it stays small).
 * Properties checked (abort() if broken): the import answers 0, 1 or 2
 * (never -1: an in-memory store does not fail); every problem it reports
 * has an id and a message; all or nothing: when it answers 1 or 2, or runs
 * dry, the register holds exactly the rows it held before; when it imports,
 * a second import of the same input creates nothing (idempotent).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/sen2import.h"
#include "store/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (128 * 1024)

static db *store;
static int uses;

static void problem(void *ctx, const struct sen2_import_problem *p)
{
	(void)ctx;
	if (!p->id || !*p->id || !p->message || !*p->message || !p->block)
		abort();
}

static int64_t rows(void)
{
	return db_scalar_int(store, "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM requests) + "
	                            "(SELECT count(*) FROM plans) + (SELECT count(*) FROM placements) + "
	                            "(SELECT count(*) FROM establishments) + (SELECT count(*) FROM audit_events)", -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	if (!store || ++uses % 200 == 0) {
		char err[200];
		if (store)
			db_close(store);
		if (db_open(&store, ":memory:", err, sizeof err) != 0 || db_migrate(store, err, sizeof err) < 0)
			abort();
	}
	int64_t before = rows();
	struct sen2_import_opts o = {0, "999", 1767225600, 0, problem, NULL, NULL};
	struct sen2_import_result r;
	char err[500] = "";
	o.dry_run = size % 2;   /* half dry runs */
	int rc = sen2_import_memory(store, (const char *)data, size, &o, &r, err, sizeof err);
	if (rc != 0 && rc != 1 && rc != 2)
		abort();
	if (rc == 2 && !err[0])
		abort();
	if ((rc != 0 || o.dry_run) && rows() != before)
		abort();
	if (rc == 0 && !o.dry_run) {
		struct sen2_import_result again;
		if (sen2_import_memory(store, (const char *)data, size, &o, &again, err, sizeof err) != 0)
			abort();
		for (int k = 0; k < IK_N; k++)
			if (again.created[k])
				abort();
	}
	return 0;
}
