/* searchq.h — what a search for a child names (pure, no I/O).
 *
 * DESIGN: the header search and the register's search box take one line
 * of text.  search_parse works out every key it could be, each in the form
 * the records store it, so the domain looks each up whole through its
 * index (register.c, PEOPLE_HITS): a case reference (PREFIX-000123), a
 * UPN, a ULN, an NHS number (with or without spaces), a postcode (with or
 * without the space), a date of birth ("3/4/2015", "03-04-2015",
 * "3 April 2015", "3rd Apr 2015", "2015-04-03": day before month, as in
 * England), or a name: the start of a surname or a forename, or of both in
 * either order ("Leo Mur", "Murray Leo", "Murray, Leo").  One text may be
 * several kinds at once (ten digits can be an NHS number and a ULN); the
 * `kinds` bits say which were recognised, for the page to say what it
 * looked for.  A date is looked up as a date only: it is no name.
 */
#ifndef SENDMIS_SEARCHQ_H
#define SENDMIS_SEARCHQ_H
#include <stddef.h>

enum search_kind {
	SQ_NAME = 1 << 0,
	SQ_CASE_REF = 1 << 1,
	SQ_UPN = 1 << 2,
	SQ_ULN = 1 << 3,
	SQ_NHS = 1 << 4,
	SQ_POSTCODE = 1 << 5,
	SQ_DOB = 1 << 6,
};

struct search_query {
	char q[256];                 /* trimmed, commas as spaces, one space between words; "" = no search */
	unsigned kinds;              /* enum search_kind bits recognised */
	long long id;                /* a case reference's person id, 0 none */
	char upn[64];                /* upper case, spaces removed: looked up whole (a name never matches one) */
	char uln[11], nhs[13], postcode[9], dob[11];   /* stored forms, "" none */
	char sur[256], fore[256];    /* the whole search as a surname prefix, a forename prefix (lower case ASCII) */
	char pair[4][2][256];        /* [i][0] surname and [i][1] forename prefixes, split at the first and the last space, both ways */
};

/* Parses `text` (NULL or "" is no search).  case_ref_prefix: the area's
 * case reference prefix ("SM"; NULL or "": none).  Never fails: what is
 * not recognised is simply not a key. */
void search_parse(const char *text, const char *case_ref_prefix, struct search_query *k);

/* A date typed as a person writes it: "3/4/2015", "3.4.2015", "3-4-2015"
 * (day, month, four-digit year), "3 April 2015", "3rd Apr, 2015", or ISO
 * "2015-04-03".  0 and "YYYY-MM-DD" in out (11 bytes), or -1. */
int search_parse_date(const char *s, char out[11]);

#endif
