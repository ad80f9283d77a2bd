/* demo_records.c — see demo_records.h.
 *
 * DESIGN: a handful of rows per few thousand children, so the cost is the
 * pairs' rebuild (two index probes per child, merge.c dup_rebuild).  The
 * people copied are chosen by a PRNG of the demo's seed, so the same
 * options give the same rows. */
#include "cli/demo_records.h"
#include "domain/clockstore.h"
#include "domain/merge.h"
#include <stdio.h>
#include <string.h>

static uint64_t mix(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const char *const twin_names[] = {"Ava", "Noah", "Isla", "Leo", "Maya", "Finn", "Ruby", "Theo"};

/* A copy of person `from`: the same surname, date of birth, postcode and
 * details, `forename` (NULL: the same), no identifiers (a reason none is known).  The new id, or -1. */
static int64_t copy_person(db *d, int64_t from, const char *forename, const char *created_at)
{
	/* a copy has no UPN of its own: UN5 (records do not agree), a twin's is not known yet: UN8 */
	db_stmt *s = db_prepare(d, "INSERT INTO people(surname,forename,dob,sex,ethnicity,postcode,home_la,upn_unknown,created_at) "
	                           "SELECT surname, COALESCE(?2, forename), dob, sex, ethnicity, postcode, home_la, "
	                           "CASE WHEN ?2 IS NULL THEN 'UN5' ELSE 'UN8' END, ?3 "
	                           "FROM people WHERE id=?1 AND postcode IS NOT NULL RETURNING id");
	if (!s)
		return -1;
	int64_t id = 0;
	if (db_bind_int(s, 1, from) | db_bind_text(s, 2, forename) | db_bind_text(s, 3, created_at)) {
		db_done(s);
		return -1;
	}
	int rc = db_step(s);
	if (rc == DB_ROW)
		id = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? id : rc == DB_DONE ? 0 : -1;
}

int demo_records(db *d, uint64_t seed, day_t today, char *err, size_t errlen)
{
	uint64_t s = seed ^ 0xd0b1e5ull;
	int64_t maxid = db_scalar_int(d, "SELECT COALESCE(MAX(id),0) FROM people", -1);
	int64_t author = db_scalar_int(d, "SELECT COALESCE(MIN(id),0) FROM users WHERE role='caseworker'", -1);
	if (maxid < 0 || author < 0) {
		snprintf(err, errlen, "demo: likely duplicates: %s", db_errmsg(d));
		return -1;
	}
	char at[21], day[11];
	date_format_iso(today, day);
	snprintf(at, sizeof at, "%sT09:00:00Z", day);
	int copies = maxid ? 2 + (int)(maxid / 1500) : 0, twins = maxid ? 1 + (int)(maxid / 3000) : 0;
	for (int i = 0; i < copies + twins; i++) {
		int64_t from = 1 + (int64_t)(mix(&s) % (uint64_t)maxid);
		const char *fore = i < copies ? NULL : twin_names[mix(&s) % (sizeof twin_names / sizeof twin_names[0])];
		int64_t id = copy_person(d, from, fore, at);
		if (id < 0)
			goto fail;
		if (id == 0)   /* no postcode recorded, or no such id: try no other */
			continue;
		if (i < copies && author) {   /* opened again from a phone call: a note on the new record */
			db_stmt *n = db_prepare(d, "INSERT INTO notes(person_id,author_id,created_at,body) VALUES(?,?,?,?)");
			if (!n)
				goto fail;
			int b = db_bind_int(n, 1, id) | db_bind_int(n, 2, author) | db_bind_text(n, 3, at) |
			        db_bind_text(n, 4, "Parent phoned about a request for an assessment; record opened from the call.");
			int rc = b ? DB_ERROR : db_step(n);
			db_done(n);
			if (rc != DB_DONE)
				goto fail;
		}
		/* allocated, as everyone in the demo is: to the caseworker of the record copied */
		db_stmt *al = db_prepare(d, "INSERT INTO allocations(person_id,user_id,start_date) VALUES(?1, COALESCE((SELECT "
		                            "user_id FROM allocations WHERE person_id=?2 ORDER BY end_date IS NULL DESC, id DESC "
		                            "LIMIT 1), ?3), ?4)");
		if (!al)
			goto fail;
		int ab = db_bind_int(al, 1, id) | db_bind_int(al, 2, from) | db_bind_int(al, 3, author) | db_bind_text(al, 4, day);
		int arc = ab ? DB_ERROR : db_step(al);
		db_done(al);
		if (arc != DB_DONE || clockstore_person(d, id, today) < 0)
			goto fail;
	}
	if (dup_rebuild(d) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "demo: likely duplicates: %s", db_errmsg(d));
	return -1;
}
