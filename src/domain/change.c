/* change.c — see change.h. */
#include "domain/change.h"
#include "core/grow.h"
#include "domain/audit.h"
#include "domain/clockstore.h"
#include "domain/merge.h"
#include <stdlib.h>
#include <string.h>

int change_begin(struct change *c, db *d, const struct actor *who)
{
	memset(c, 0, sizeof *c);
	c->d = d;
	c->who = *who;
	if (db_begin(d) < 0)
		return -1;
	c->open = 1;
	return 0;
}

int change_begin_beside(struct change *c, db *d, const struct actor *who)
{
	int rc = change_begin(c, d, who);
	c->beside = 1;
	return rc;
}

void change_fail(struct change *c)
{
	c->failed = 1;
}

void change_touch(struct change *c, int64_t person_id)
{
	if (person_id <= 0 || c->all)
		return;
	for (int i = 0; i < c->npeople; i++)
		if (c->people[i] == person_id)
			return;
	if (ARRAY_RESERVE(c->people, c->cap, c->npeople + 1, 8) < 0) {
		c->failed = 1;
		return;
	}
	c->people[c->npeople++] = person_id;
}

void change_touch_all(struct change *c)
{
	c->all = 1;
}

int change_audit(struct change *c, const char *action, const char *entity, int64_t entity_id, int64_t person_id,
                 const char *fields, const char *changes)
{
	int rc = c->quiet ? audit_write_quiet(c->d, c->who.now, c->who.user_id, action, entity, entity_id, person_id,
	                                      fields, changes)
	                  : audit_write(c->d, c->who.now, c->who.user_id, action, entity, entity_id, person_id, fields,
	                                changes, c->who.ip);
	if (rc < 0) {
		c->failed = 1;
		return -1;
	}
	if (!c->beside)
		change_touch(c, person_id);
	return 0;
}

int change_advance_version(db *d)
{
	db_stmt *s = db_prepare(d, "UPDATE data_version SET n=n+1 WHERE id=1");
	if (!s)
		return -1;
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int64_t change_data_version(db *d)
{
	return db_scalar_int(d, "SELECT n FROM data_version WHERE id=1", -1);
}

static void release(struct change *c)
{
	free(c->people);
	c->people = NULL;
	c->npeople = c->cap = 0;
	c->open = 0;
}

int change_commit(struct change *c)
{
	if (!c->open)
		return -1;
	int ok = !c->failed;
	if (ok && c->all)
		ok = clockstore_all(c->d, c->who.today, NULL, NULL) >= 0 && dup_rebuild(c->d) == 0;
	for (int i = 0; ok && !c->all && i < c->npeople; i++)
		ok = clockstore_person(c->d, c->people[i], c->who.today) == 0 && dup_refresh(c->d, c->people[i]) == 0;
	if (ok)
		ok = change_advance_version(c->d) == 0;
	if (ok && db_commit(c->d) == 0) {
		release(c);
		return 0;
	}
	db_rollback(c->d);
	release(c);
	return -1;
}

void change_rollback(struct change *c)
{
	if (c->open)
		db_rollback(c->d);
	release(c);
}
