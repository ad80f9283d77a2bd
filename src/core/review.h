/* review.h — when an EHC plan's next annual review is due, for lists and
 * the demo generator (pure).
 *
 * CFA 2014 s.44(1); SEND Code of Practice 9.166, 9.169: the first review is
 * within a period of 12 months starting with the date the plan was issued;
 * each later one within 12 months of the previous review (the area's
 * review_anchor: its decision date by default, SEN2 LastReview).  The
 * amount and the counting come from the rules table (rules.c, row
 * review_due) and the area's settings; the clock (clock.c) is the full rule,
 * with transfers in and ceased plans.
 */
#ifndef SENDMIS_REVIEW_H
#define SENDMIS_REVIEW_H
#include "core/clock.h"

/* The last day on which the next review is in time, counted from `anchor`
 * (the previous review's decision or meeting, per the settings) or, with no
 * review yet, from the issue date; DATE_NONE if neither is known. */
day_t review_next_due(const struct clock_settings *s, day_t issue_date, day_t anchor);

/* How long an annual review is overdue, in the bands a manager asks about
 * (up to 1 month, 1-3, 3-6, 6-12, over 12 months): 0..4, or -1 when it is
 * not overdue.  review_band_names[k] reads the band. */
#define REVIEW_BANDS 5
extern const char *const review_band_names[REVIEW_BANDS];
int review_overdue_band(day_t due, day_t today);
/* The earliest deadline in band 0..3 as at today (a deadline before it is in
 * a later band), for counting the bands in SQL; DATE_NONE for band 4. */
day_t review_band_earliest_due(int band, day_t today);

#endif
