/* sen2export.h — the SEN2 return written from the register (export).
 *
 * DESIGN: the return is derived at extract time, never stored: for the
 * collection whose census date is given, each child's records are read as
 * they stood on the census date, the SEN2 values derived from sendmis's own
 * (outcomes A and H, Week20 from the statutory clock, TransferLA, the latest
 * review on or before the census, residential A/B by year, AWAIT reported as
 * NIEO), and written with libxml2's streaming writer in the order and with
 * the tags of core/sen2.c's element table.  People are written in id order,
 * which an import preserves, so export → import → export gives the same
 * bytes for the same generation time.
 *
 * Inclusion (sen2.md §1): a person is in the return when they have a plan
 * active on the census date, a plan ceased in the activity period (1
 * January of the year before to the census date), or a request received,
 * decided or still open in that period.  Under a person: every request in
 * scope (and a request marked H for a plan with none on the record); an
 * assessment for every request agreed; the named plan of every plan in
 * scope; and ActivePlans for every plan active at some time in the
 * collection year: the plan active on the census date, with its placements
 * attended at any time in the period, and a plan ceased in the period, with
 * the placements attended in the period up to the day it ceased (sen2.md
 * §3.7); each with its latest review by the census and up to two needs.
 */
#ifndef SENDMIS_SEN2EXPORT_H
#define SENDMIS_SEN2EXPORT_H
#include "core/buf.h"
#include "core/sen2.h"
#include "core/date.h"
#include "store/db.h"
#include <stdio.h>

/* Called for each person of the return, as built, before it is written. */
typedef void (*sen2_person_fn)(void *ctx, const struct sen2_person *p);

struct sen2_export_opts {
	day_t census;              /* a census date of core/sen2.c's table */
	const char *la;            /* the 3-digit LA code */
	const char *generated;     /* DateTime, "YYYY-MM-DDTHH:MM:SS" */
	const char *release;       /* sendmis's version, for Release */
	sen2_person_fn each;       /* NULL, or called per person (with f and out NULL: no file at all) */
	void *each_ctx;
};

struct sen2_summary {
	/* active_plans: on the census date; ceased: NamedPlans ceased in the period (each also has an
	 * ActivePlans block, so the file's ActivePlans number active_plans + ceased) */
	long long persons, requests, assessments, named_plans, active_plans, placements, needs, ceased;
	int year;
	long long overflow_person;   /* the person whose records did not fit, when that failed the export */
};

/* SEN2 Week20 of a request: whether an exception covers its 20-week step in
 * the child's clock (the final plan, or for N the decision not to issue). */
struct casefile;
int sen2_week20(const struct casefile *cf, int64_t request_id);

/* The header's DateTime for now, local time: "YYYY-MM-DDTHH:MM:SS". */
void sen2_generated_now(char out[20]);

/* Writes the return to f (or, with f NULL, to out; with both NULL, only
 * counts it into *sum).  0, or -1 with a
 * message in err (a store error, or a census date not in the table). */
int sen2_export(db *d, const struct sen2_export_opts *o, FILE *f, buf *out, struct sen2_summary *sum, char *err,
                size_t errlen);

#endif
