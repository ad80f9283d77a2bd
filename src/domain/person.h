/* person.h — one record per child or young person.
 *
 * DESIGN: a child is one record.  A UPN, ULN or NHS number belongs to one
 * person (migration 0011 makes the store refuse a second); the forms ask
 * person_holding() first, so the user is told whose record already holds
 * it (by case reference, and a link for those who may open it) rather than
 * meeting a bare constraint error.  (The SEN2 import learns the same from
 * the lookups it matches people with: sen2import.c match_person.)  The same name and date
 * of birth is not proof of the same child (twins are not, but two entries
 * of one child are), so person_same_name_dob() feeds a question the user
 * answers, not a refusal.  Each query is literal SQL on an indexed column.
 */
#ifndef SENDMIS_PERSON_H
#define SENDMIS_PERSON_H
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

enum person_ident { PI_UPN, PI_ULN, PI_NHS, PI_N };
extern const char *const person_ident_labels[PI_N];   /* "UPN", "ULN", "NHS number" */

struct person_ref {
	int64_t id;
	char forename[241], surname[241], dob[11];
};

/* The person other than `except` (0: none) whose identifier k is `value` (as
 * its validator keeps it).  1 found (into *out), 0 none, -1 store error. */
int person_holding(db *d, enum person_ident k, const char *value, int64_t except, struct person_ref *out);

/* "Forename Surname" of person id into out ("" when there is none).  0, or -1
 * on a store error. */
int person_name(db *d, int64_t id, char *out, size_t n);

/* The first person other than `except` with this forename, surname (either
 * case) and date of birth (YYYY-MM-DD).  1 found, 0 none, -1 store error. */
int person_same_name_dob(db *d, const char *forename, const char *surname, const char *dob, int64_t except,
                         struct person_ref *out);

#endif
