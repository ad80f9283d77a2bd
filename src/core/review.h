/* review.h — when an EHC plan's annual review is due (pure).
 *
 * CFA 2014 s.44(1); SEND Code of Practice 9.166, 9.169: the first review is
 * within a period of 12 months starting with the date the plan was issued;
 * each later one within 12 months of the previous review.  sendmis anchors
 * later reviews on the previous review DECISION date (SEN2 LastReview).
 * The statutory clock (issue 3) will move this into the rules table; until
 * then this is the only place the 12 months is written down.
 */
#ifndef SENDMIS_REVIEW_H
#define SENDMIS_REVIEW_H
#include "core/date.h"

#define REVIEW_PERIOD_MONTHS 12

/* The last day on which the next review decision is in time, or DATE_NONE if
 * there is no anchor (plan not issued). */
day_t review_next_due(day_t issue_date, day_t last_decision);

#endif
