/* register.h — the lists: children and young people, and the oversight list.
 *
 * DESIGN (issue 15, "every page costs the page"): each list is a walk of
 * an index in the order asked for (listing.h), so a page reads its rows and
 * those before it, never the whole area, and its CSV streams every row
 * from the same walk.  All SQL is literal, its filters bound parameters
 * ("(? = '' OR …)"), chosen from a fixed table by which filters are set:
 *
 *  - the register (people_*) walks people by name (people_name), date of
 *    birth (people_dob_name), next review (the active plans by
 *    plans_review_due, then everyone without one by name) or caseworker
 *    (users by name, migration 0014, then each one's allocations; the
 *    unallocated first, by name).  A search or a caseworker's caseload is
 *    found through its own indexes and sorted whole: it is the people it
 *    names, never the area.  The other filters are checked on each person
 *    the walk passes.
 *  - a filter with an index of its own (status, setting type and area from
 *    where each child is today, stored beside their clock in clock_people,
 *    migration 0015; need from needs_type; age from people_dob_name; each
 *    flag from its partial index) that names few people (at most
 *    register.c's FEW_MAX) is answered from those people, every other
 *    filter checked on each, sorted whole: a rare filter costs its people.
 *    A filter that names more is walked in the list's order (its matches
 *    are many, so a page fills soon).
 *  - its count is exact when an index holds it (everyone; a search; a
 *    caseload; a filter whose own people are no more than the cap, counted
 *    through them); otherwise it counts matching people up to the cap and
 *    says "more than N".  So a count reads at most the cap's worth of
 *    people, except when two or more common filters together match few:
 *    then the walk reads on to the end.
 *
 * Date thresholds (age bands, overdue visits and reviews) are computed in C
 * from the core date functions and bound, so no rule is restated in SQL.
 */
#ifndef SENDMIS_REGISTER_H
#define SENDMIS_REGISTER_H
#include "store/db.h"
#include "core/date.h"
#include "domain/listing.h"
#include <stdint.h>

struct people_filter {
	/* A search (core/searchq.h): a case reference (case_ref_prefix-000123),
	 * a UPN, a ULN, an NHS number or a postcode (each whole, any case or
	 * spacing), a date of birth ("3/4/2015", "3 April 2015"), or a name: the
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
	enum list_order order;    /* descending is the ascending list reversed, ties and all */
	int page, page_size;      /* people_search only: page_size 0 = all rows */
	day_t today;
	const char *la_code;
	int few_max;              /* the most people a filter's own index may name for the list to be those
	                           * people, sorted (0: register.c's FEW_MAX); a test sets 1 to walk */
};

/* The register's sort keys: 1 if s is one ("name", "dob", "review", "caseworker"). */
int people_sort_valid(const char *s);

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

/* The people f selects, counted: exactly where an index holds the count,
 * else up to cap (c->more: there are more).  0, or -1 on a store error. */
int people_count(db *d, const struct people_filter *f, int64_t cap, struct list_count *c);
/* The people f selects in f's order from row `offset`, `limit` of them
 * (LIST_ALL: every one).  The iterator keeps its own copy of f.  0, or -1
 * on a store error (nothing to close). */
struct people_iter;
int people_open(db *d, const struct people_filter *f, int64_t offset, int64_t limit, struct people_iter **out);
/* 1 the next person in *row, 0 at the end, -1 on a store error. */
int people_next(struct people_iter *it, struct person_row *row);
void people_close(struct people_iter *it);

/* One page (f->page, f->page_size; page_size 0: every row) into *rows
 * (caller frees) and the exact count in *total: for the small lists a
 * search or a caseload names (the caseload, the audit trail's choice of a
 * child).  0 ok, -1 error. */
int people_search(db *d, const struct people_filter *f, struct person_row **rows, int *n, int *total);
/* Every statement the register runs (ends with a NULL sql), and the one a
 * search walks: for the tests' EXPLAIN QUERY PLAN. */
const struct list_query *people_queries(void);
const char *people_page_query(int searched);
/* Age band bounds: people aged lo..hi today have dob in (min_exclusive, max_inclusive]. */
int age_band_bounds(const char *band, day_t today, char min_excl[11], char max_incl[11]);

/* A caseworker's whole caseload: active plans allocated to user_id, with the
 * next review already past (overdue) or within `soon_days` of today (the
 * caseload's rows through allocations_user). */
int caseload_counts(db *d, int64_t user_id, day_t today, int soon_days, int64_t *total, int64_t *overdue,
                    int64_t *due_soon);

/* ---- the oversight list: every active plan ----------------------------------
 *
 * Each category is a question about a child's current placement, visits,
 * flags or review date, asked as literal SQL on each row (OV_* in
 * register.c) and answered the same way for the list, its count and the
 * row's own flags.  The list walks the active plans by name (people_name),
 * next review (plans_review_due) or caseworker (users_display_name, then
 * allocations_user).  A category is found from the few children who could
 * be in it, through indexes (migration 0014): out of area from the
 * establishments in other areas (establishments_la) and their placements;
 * residential from placements_residential; home educated and missing
 * education from the people flagged (people_ehe, people_cme) and the
 * placements with those settings (placements_setting_code); monitoring
 * visits overdue from those three; reviews overdue from plans_review_due.
 * A caseworker's filter starts from their caseload; "awaiting provision"
 * (no placement today, or one awaiting provision) from where each child is
 * today (clock_people.awaiting, migration 0015).  So every count is exact
 * and costs its category; oversight_counts keeps a page's counts between
 * changes. */
struct oversight_filter {
	const char *category;     /* ooa residential ehe visit_overdue review_overdue awaiting missing "" */
	int64_t caseworker;
	const char *sort;         /* name review caseworker */
	enum list_order order;
	day_t today;
	int visit_overdue_months;
	const char *la_code;
};

/* Whether a category or a sort key is one the list knows ("" is every active plan). */
int oversight_category_valid(const char *c);
int oversight_sort_valid(const char *s);

struct oversight_row {
	int64_t id;
	char forename[NAME_BYTES], surname[NAME_BYTES], dob[11], caseworker[USERNAME_BYTES];
	char setting[SETTING_BYTES], setting_type[8], setting_code[8], residential[4];
	char last_review[11], next_review[11], last_visit[11];
	int out_of_area, needs_visit, visit_overdue, review_overdue, awaiting, missing, ehe, cme;
};

/* The rows of f's category (and caseworker) counted: exact, except as
 * above, stopped at cap (c->more).  0 or -1. */
int oversight_count(db *d, const struct oversight_filter *f, int64_t cap, struct list_count *c);
/* The counts of n categories (their keys, as oversight_filter.category)
 * under f's caseworker, into out[0 … n-1]: kept for the data version and
 * the day (kept.h), as the page shows them all every time.  0 or -1. */
int oversight_counts(db *d, const struct oversight_filter *f, const char *const *categories, int n, int64_t cap,
                     struct list_count *out);
/* The rows of f's category in f's order from row `offset`, `limit` of them
 * (LIST_ALL: every one); the iterator keeps a copy of f.  0 or -1. */
struct oversight_iter;
int oversight_open(db *d, const struct oversight_filter *f, int64_t offset, int64_t limit, struct oversight_iter **out);
/* 1 a row, 0 the end, -1 a store error. */
int oversight_next(struct oversight_iter *it, struct oversight_row *row);
void oversight_close(struct oversight_iter *it);
/* Every statement the list runs (ends with a NULL sql): the tests' EXPLAIN. */
const struct list_query *oversight_queries(void);

#endif
