/* demo.h — a deterministic synthetic local area for demos, tests and benches.
 *
 * DESIGN: one call fills an empty, migrated database with users,
 * establishments, people, requests, assessments, plans, placements, reviews,
 * visits and notes whose shapes follow the DfE national statistics (see the
 * DESIGN comment in demo.c).  Everything is derived from the options through
 * the generator's own PRNG, so the same options give the same rows.
 */
#ifndef SENDMIS_DEMO_H
#define SENDMIS_DEMO_H
#include "core/date.h"
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

struct demo_opts {
	int plans;            /* active EHC plans to create (0..1,000,000) */
	uint64_t seed;
	const char *la_code;  /* the demo LA's 3-digit code; NULL = "999" (synthetic) */
	day_t today;          /* every generated date is <= today (except next_review_due) */
	int quiet;            /* 0: progress and a summary on stderr */
};

/* Fills an EMPTY, migrated database with a deterministic synthetic local
 * area, in one transaction.  0 ok; -1 with a message in err (nothing is
 * written).  Refuses (error) if the people table is not empty.  Users get
 * the public demo password "sendmis-demo". */
int demo_generate(db *d, const struct demo_opts *o, char *err, size_t errlen);

#endif
