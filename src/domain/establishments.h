/* establishments.h — schools, colleges and other settings as their pages
 * read them.
 *
 * DESIGN: a setting is edited through the generic entity forms
 * (entities.c: ent_establishment); these are its lists.  Each calls fn once
 * per row with a struct whose strings are valid only during the call; fn
 * returns nonzero to stop.  Each returns 0, or -1 on a store error.  The
 * search's SQL is queries.c's (Q_ESTAB_*), run here.
 */
#ifndef SENDMIS_ESTABLISHMENTS_H
#define SENDMIS_ESTABLISHMENTS_H
#include "core/date.h"
#include "store/db.h"
#include <stdint.h>

/* The settings list: a name (in part), or a URN or UKPRN whole; a type of
 * setting; "in" or "out" of the area (la_code); "" for any. */
struct estab_filter {
	const char *q, *setting_type, *area, *la_code;
	day_t today;             /* "placed now" counts placements current on it */
	int page, page_size;     /* page from 1 */
};
struct estab_row {
	int64_t id;
	const char *name, *urn, *ukprn, *setting_type, *phase, *la_code, *ofsted_grade;
	int64_t placed_now;
	int out_of_area;         /* la_code is not the filter's */
};
typedef int (*estab_row_fn)(void *ctx, const struct estab_row *e);
/* How many settings the filter finds (all pages). */
int estab_count(db *d, const struct estab_filter *f, int64_t *total);
/* The rows of the page asked for, by name. */
int estab_page_each(db *d, const struct estab_filter *f, estab_row_fn fn, void *ctx);

/* The children placed at a setting on `today`, by name. */
struct estab_pupil { int64_t person_id; const char *forename, *surname, *start_date; };
typedef int (*estab_pupil_fn)(void *ctx, const struct estab_pupil *p);
int estab_pupils_each(db *d, int64_t establishment_id, day_t today, estab_pupil_fn fn, void *ctx);

/* Every setting, by name, for a choice from a list: id, name, its URN (or
 * UKPRN) in `urn`. */
int estab_options_each(db *d, estab_row_fn fn, void *ctx);

#endif
