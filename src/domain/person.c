/* person.c — see person.h. */
#include "domain/person.h"
#include <stdio.h>
#include <string.h>

const char *const person_ident_labels[PI_N] = {"UPN", "ULN", "NHS number"};

/* one literal query per identifier, each on its unique index (migration 0011) */
static const char *const holding_sql[PI_N] = {
	"SELECT id, forename, surname, dob FROM people WHERE upn=? AND id<>? LIMIT 1",
	"SELECT id, forename, surname, dob FROM people WHERE uln=? AND id<>? LIMIT 1",
	"SELECT id, forename, surname, dob FROM people WHERE nhs_number=? AND id<>? LIMIT 1",
};

static int one(db_stmt *s, struct person_ref *out)
{
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->id = db_col_int(s, 0);
		snprintf(out->forename, sizeof out->forename, "%s", db_col_text(s, 1));
		snprintf(out->surname, sizeof out->surname, "%s", db_col_text(s, 2));
		snprintf(out->dob, sizeof out->dob, "%s", db_col_text(s, 3));
	}
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int person_holding(db *d, enum person_ident k, const char *value, int64_t except, struct person_ref *out)
{
	if (k < 0 || k >= PI_N || !value || !*value)
		return 0;
	db_stmt *s = db_prepare(d, holding_sql[k]);
	if (!s)
		return -1;
	db_bind_text(s, 1, value);
	db_bind_int(s, 2, except);
	return one(s, out);
}

int person_name(db *d, int64_t id, char *out, size_t n)
{
	out[0] = 0;
	db_stmt *s = db_prepare(d, "SELECT forename || ' ' || surname FROM people WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		snprintf(out, n, "%s", db_col_text(s, 0));
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int person_same_name_dob(db *d, const char *forename, const char *surname, const char *dob, int64_t except,
                         struct person_ref *out)
{
	if (!forename || !surname || !dob)
		return 0;
	/* by the date of birth (people_dob_name, migration 0011), then the names in either case */
	db_stmt *s = db_prepare(d, "SELECT id, forename, surname, dob FROM people WHERE dob=? AND lower(surname)=lower(?) "
	                           "AND lower(forename)=lower(?) AND id<>? ORDER BY id LIMIT 1");
	if (!s)
		return -1;
	db_bind_text(s, 1, dob);
	db_bind_text(s, 2, surname);
	db_bind_text(s, 3, forename);
	db_bind_int(s, 4, except);
	return one(s, out);
}
