/* family.c — see family.h. */
#include "domain/family.h"
#include <stdio.h>
#include <string.h>

#define KIN_COLS "c.id, c.version, " KIN_NAME_SQL ", c.relationship, COALESCE(c.title,''), c.parental_resp, " \
	"c.interpreter, c.receives_letters, COALESCE(c.address_line1,''), COALESCE(c.address_line2,''), " \
	"COALESCE(c.town,''), COALESCE(c.postcode,''), COALESCE(c.phone,''), COALESCE(c.email,''), " \
	"COALESCE(c.contact_method,''), COALESCE(c.language,''), COALESCE(c.access_needs,'') " \
	"FROM person_contacts c JOIN people p ON p.id=c.person_id "

static int kin_rows(db_stmt *s, kin_fn fn, void *ctx)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct kin_row k = {
			db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3), db_col_text(s, 4),
			(int)db_col_int(s, 5), (int)db_col_int(s, 6), (int)db_col_int(s, 7), db_col_text(s, 8),
			db_col_text(s, 9), db_col_text(s, 10), db_col_text(s, 11), db_col_text(s, 12), db_col_text(s, 13),
			db_col_text(s, 14), db_col_text(s, 15), db_col_text(s, 16),
		};
		if (fn(ctx, &k))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int kin_each(db *d, int64_t person_id, kin_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " KIN_COLS "WHERE c.person_id=? "
	                           "ORDER BY c.relationship<>'self', c.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	return kin_rows(s, fn, ctx);
}

int kin_letter_recipients_each(db *d, int64_t person_id, kin_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " KIN_COLS "WHERE c.person_id=? AND c.receives_letters=1 "
	                           "ORDER BY c.relationship<>'self', c.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	return kin_rows(s, fn, ctx);
}

int kin_one(db *d, int64_t person_id, int64_t contact_id, kin_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " KIN_COLS "WHERE c.id=? AND c.person_id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, contact_id);
	db_bind_int(s, 2, person_id);
	return kin_rows(s, fn, ctx);
}

int capacity_load(db *d, int64_t person_id, struct capacity *c)
{
	memset(c, 0, sizeof *c);
	db_stmt *s = db_prepare(d, "SELECT k.id, k.lacks_capacity, COALESCE(k.assessed_date,''), COALESCE(k.assessed_by,''), "
	                           "COALESCE((SELECT " KIN_NAME_SQL " FROM person_contacts c JOIN people p ON p.id=c.person_id "
	                           "WHERE c.id=k.acting_contact_id),''), COALESCE(k.note,'') "
	                           "FROM person_capacity k WHERE k.person_id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		c->id = db_col_int(s, 0);
		c->lacks_capacity = (int)db_col_int(s, 1);
		snprintf(c->assessed_date, sizeof c->assessed_date, "%s", db_col_text(s, 2));
		snprintf(c->assessed_by, sizeof c->assessed_by, "%s", db_col_text(s, 3));
		snprintf(c->acting_name, sizeof c->acting_name, "%s", db_col_text(s, 4));
		snprintf(c->note, sizeof c->note, "%s", db_col_text(s, 5));
	}
	db_done(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int consents_each(db *d, int64_t person_id, consent_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT k.id, k.version, COALESCE((SELECT " KIN_NAME_SQL " FROM person_contacts c "
	                           "JOIN people p ON p.id=c.person_id WHERE c.id=k.given_by_contact_id),''), k.scope, "
	                           "COALESCE(k.partners,''), COALESCE(k.detail,''), k.given_date, k.given_how, "
	                           "COALESCE(k.withdrawn_date,''), COALESCE(k.withdrawn_reason,'') "
	                           "FROM person_consents k WHERE k.person_id=? "
	                           "ORDER BY k.withdrawn_date IS NOT NULL, k.withdrawn_date DESC, k.given_date DESC, k.id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct consent_row c = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                        db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7),
		                        db_col_text(s, 8), db_col_text(s, 9)};
		if (fn(ctx, &c))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int person_views_each(db *d, int64_t person_id, view_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT v.id, v.version, v.whose, COALESCE((SELECT " KIN_NAME_SQL " FROM person_contacts c "
	                           "JOIN people p ON p.id=c.person_id WHERE c.id=v.contact_id),''), v.view_date, "
	                           "v.gathered_how, COALESCE(v.gathered_by,''), v.body "
	                           "FROM person_views v WHERE v.person_id=? ORDER BY v.view_date DESC, v.id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct view_row v = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                     db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7)};
		if (fn(ctx, &v))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}
