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

#endif
