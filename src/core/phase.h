/* phase.h — national curriculum years and phase-transfer cohorts (pure).
 *
 * DESIGN: a child's national curriculum year (NCY) follows from the date of
 * birth alone: children born from 1 September of year Y to 31 August of
 * Y+1 start Reception (NCY 0) in September of Y+5; nursery is NCY -1.  The
 * transfer a child makes in September of year T (SEND Regs 2014 reg 2(1),
 * reg 18) follows from their NCY in the school year before it and from the
 * setting they attend: its phase and the last year it teaches (an
 * establishment's own `top_year`, or the usual year for its phase).
 * National pattern with no setting data: nursery -> Reception, Year 6 ->
 * Year 7, Year 11 -> post-16.  Post-16 moves at other times (reg 18(2)) are
 * not cohorts: they are dated by the caseworker.
 */
#ifndef SENDMIS_PHASE_H
#define SENDMIS_PHASE_H
#include "core/date.h"
#include "core/deadline.h"

#define NCY_NONE (-99)

enum phase_kind { PT_NONE, PT_SCHOOL_ENTRY, PT_JUNIOR, PT_MIDDLE, PT_SECONDARY, PT_POST16 };
const char *phase_kind_code(enum phase_kind k);   /* "secondary" */
const char *phase_kind_label(enum phase_kind k);  /* "Primary to secondary (Year 6 to 7)" */
enum phase_kind phase_kind_by_code(const char *code);  /* PT_NONE if unknown */


/* NCY in the school year that starts in September of `year`. */
int ncy_in_year(day_t dob, int year);
/* The school year (its September's calendar year) that `day` falls in. */
int school_year_of(day_t day);
/* The usual last NCY taught for an establishment phase code (codes_phase),
 * NCY_NONE when the phase has no transfer (post-16, not applicable). */
int phase_default_top(const char *phase);

/* The transfer, if any, a child born on dob makes in September of year T,
 * from a setting of this phase (NULL/"" = no school setting) and last year
 * taught (NCY_NONE = the phase's usual year). */
enum phase_kind phase_transfer_for(day_t dob, int T, const char *phase, int top_year);

/* The next transfer not yet made on `today` whose statutory deadline is at
 * most `horizon_months` away (the deadline itself may have passed: the
 * transfer is still to come in September).  0 and kind/year set, or -1. */
int phase_next_transfer(const struct clock_settings *s, day_t dob, day_t today, const char *phase, int top_year,
                        int horizon_months, enum phase_kind *kind, int *year);

/* The statutory deadline for a transfer of this kind in year T (reg 18(1)). */
day_t phase_deadline(const struct clock_settings *s, enum phase_kind kind, int year);
/* The 12 months before a deadline (its anchor for exceptions, and where the
 * review that meets it is held): the first day of that window. */
day_t phase_window_start(const struct clock_settings *s, day_t deadline);
/* The latest review meeting that still meets the deadline by the longest
 * route, on a working day (rules row phase_transfer_meeting). */
day_t phase_latest_meeting(const struct clock_settings *s, day_t deadline);
/* The transfer year a planner means by "next": the first whose 15 February
 * deadline (the last compliant day, 14 February) has not passed on today. */
int phase_next_year(const struct clock_settings *s, day_t today);

#endif
