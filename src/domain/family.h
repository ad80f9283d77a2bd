/* family.h — the people around the child: contacts, the young person's
 * capacity and who acts for them, consent to share information, and views.
 *
 * DESIGN: every one of these is an editable record (entities_family.c:
 * ent_kin, ent_capacity, ent_consent, ent_consent_withdraw, ent_view), so
 * adding and changing them goes through the entity engine, with its audit
 * rows and optimistic locking.  This module reads them for the "Family and
 * views" tab, for the letters (who receives a copy, their address block and
 * language) and for the plan's section A (person_views_each).  Each reader
 * hands rows to a callback one at a time (strings valid during the call;
 * a nonzero return stops) and returns 0, or -1 on a store error.  Every
 * query reads one child's rows by an index on person_id (migration 0018).
 */
#ifndef SENDMIS_FAMILY_H
#define SENDMIS_FAMILY_H
#include "core/date.h"
#include "store/db.h"
#include <stdint.h>

/* A contact's name as shown and as a letter's "Dear …": the title, first and last
 * name; for the young person as their own contact, their name from the record
 * (SQL over person_contacts c JOIN people p). */
#define KIN_NAME_SQL "CASE WHEN c.relationship='self' THEN p.forename||' '||p.surname " \
	"ELSE TRIM(COALESCE(NULLIF(c.title,'')||' ','')||COALESCE(NULLIF(c.forename,'')||' ','')||COALESCE(c.surname,'')) END"

struct kin_row {
	int64_t id, version;
	const char *name, *relationship, *title;
	int parental_resp, interpreter, receives_letters;
	const char *address_line1, *address_line2, *town, *postcode, *phone, *email;
	const char *contact_method, *language, *access_needs;
};
typedef int (*kin_fn)(void *ctx, const struct kin_row *k);
/* The child's contacts: the young person themself first, then by relationship as
 * entered (oldest first). */
int kin_each(db *d, int64_t person_id, kin_fn fn, void *ctx);
/* Only those marked to receive copies of letters, in the same order. */
int kin_letter_recipients_each(db *d, int64_t person_id, kin_fn fn, void *ctx);
/* A contact of person_id by id: 0 with *k's strings valid during fn. */
int kin_one(db *d, int64_t person_id, int64_t contact_id, kin_fn fn, void *ctx);

/* Who decides: the young person's capacity record, if any (0 and *c filled;
 * 1 if none recorded; -1 on error). */
struct capacity {
	int64_t id;
	int lacks_capacity;
	char assessed_date[11], assessed_by[404], acting_name[600], note[8004];
};
int capacity_load(db *d, int64_t person_id, struct capacity *c);

struct consent_row {
	int64_t id, version;
	const char *given_by, *scope, *partners, *detail, *given_date, *given_how, *withdrawn_date, *withdrawn_reason;
};
typedef int (*consent_fn)(void *ctx, const struct consent_row *c);
/* Current consents (not withdrawn) newest first, then the withdrawn, newest withdrawal first. */
int consents_each(db *d, int64_t person_id, consent_fn fn, void *ctx);

/* A view of the child or young person, or of a parent or carer. */
struct view_row {
	int64_t id, version;
	const char *whose;          /* "child" or "parent" (codes_view_whose) */
	const char *contact_name;   /* the parent or carer ("" for the child's own views) */
	const char *view_date;      /* YYYY-MM-DD */
	const char *how;            /* codes_view_how */
	const char *gathered_by;
	const char *text;
};
typedef int (*view_fn)(void *ctx, const struct view_row *v);
/* The views recorded for a child, newest first (the tab; section A of the plan). */
int person_views_each(db *d, int64_t person_id, view_fn fn, void *ctx);

#endif
