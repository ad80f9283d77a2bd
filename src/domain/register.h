/* register.h — the lists: children and young people, and the oversight list.
 *
 * DESIGN: each list is one literal SQL query whose filters are all bound
 * parameters ("(? = '' OR col = ?)"), so there is no SQL assembly.  Date
 * thresholds (age bands, overdue visits, overdue reviews) are computed in C
 * from the core date functions and passed in, so no rule is restated in
 * SQL.  A list call returns one page of rows plus the total; CSV export
 * uses the same call with no page limit, so the file is exactly the list.
 */
#ifndef SENDMIS_REGISTER_H
#define SENDMIS_REGISTER_H
#include "store/db.h"
#include "core/date.h"
#include <stdint.h>

struct people_filter {
	/* A search: a case reference (case_ref_prefix-000123), a UPN, an NHS
	 * number or a postcode (each whole, any case or spacing), or a name: the
	 * start of a surname or a forename, or of both in either order ("Sam Rob",
	 * "Robinson Sam", "Robinson, Sam").  Found through indexes: the work is
	 * the people it names, never the whole area. */
	const char *q;
	const char *case_ref_prefix;  /* config case_ref_prefix ("SM"); NULL: no case references */
	int64_t caseworker;       /* user id, 0 = any */
	const char *status;       /* active draft assessment ceased none, "" = any */
	const char *need;         /* primary SENtype */
	const char *setting_type; /* setting_type or SENsetting code */
	const char *area;         /* "in" "out" "" */
	const char *age_band;     /* "0-4" "5-10" "11-15" "16-19" "20-25" "" */
	const char *flag;         /* looked_after child_in_need child_protection care_leaver youth_justice ehe cme */
	const char *sort;         /* name dob review caseworker */
	int page, page_size;      /* page_size 0 = all rows */
	day_t today;
	const char *la_code;
};

/* Text columns hold up to their form's limit in characters, 4 bytes each at
 * most in UTF-8 (entities.c: names 60, setting names 120). */
#define NAME_BYTES (60 * 4 + 1)
#define SETTING_BYTES (120 * 4 + 1)
#define USERNAME_BYTES 129  /* user.c: display names are at most 128 bytes */

struct person_row {
	int64_t id;
	char forename[NAME_BYTES], surname[NAME_BYTES], dob[11], caseworker[USERNAME_BYTES], status[12];
	char setting[SETTING_BYTES], setting_type[8], next_review[11], need[8], upn[16];
	int out_of_area;
};

/* Fills *rows (caller frees) and *total.  0 ok, -1 error. */
int people_search(db *d, const struct people_filter *f, struct person_row **rows, int *n, int *total);
/* The text of people_search's page query, with a search or without, for the
 * tests' EXPLAIN QUERY PLAN. */
const char *people_page_query(int searched);
/* Age band bounds: people aged lo..hi today have dob in (min_exclusive, max_inclusive]. */
int age_band_bounds(const char *band, day_t today, char min_excl[11], char max_incl[11]);

/* A caseworker's whole caseload: active plans allocated to user_id, with the
 * next review already past (overdue) or within `soon_days` of today. */
int caseload_counts(db *d, int64_t user_id, day_t today, int soon_days, int64_t *total, int64_t *overdue,
                    int64_t *due_soon);

struct oversight_filter {
	const char *category;     /* ooa residential ehe visit_overdue review_overdue awaiting missing "" */
	int64_t caseworker;
	int page, page_size;
	day_t today;
	int visit_overdue_months;
	const char *la_code;
};

struct oversight_row {
	int64_t id;
	char forename[NAME_BYTES], surname[NAME_BYTES], dob[11], caseworker[USERNAME_BYTES];
	char setting[SETTING_BYTES], setting_type[8], setting_code[8], residential[4];
	char last_review[11], next_review[11], last_visit[11];
	int out_of_area, needs_visit, visit_overdue, review_overdue, awaiting, missing, ehe, cme;
};

struct oversight_counts {
	int64_t active, ooa, residential, ehe, visit_overdue, review_overdue, awaiting, missing;
};

/* One pass over every active plan (for f->caseworker, if set): *c counts each
 * category, *total the rows in f->category, *rows (caller frees; NULL when
 * none) the requested page of them, or all of them when f->page_size is 0.
 * 0 ok, -1 error. */
int oversight_load(db *d, const struct oversight_filter *f, struct oversight_counts *c,
                   struct oversight_row **rows, int *n, int *total);
/* Whether a row belongs to a category key ("" = every row). */
int oversight_in_category(const struct oversight_row *o, const char *category);

#endif
