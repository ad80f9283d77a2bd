/* review.c — see review.h */
#include "core/review.h"

day_t review_next_due(day_t issue_date, day_t last_decision)
{
	day_t anchor = last_decision != DATE_NONE ? last_decision : issue_date;
	if (anchor == DATE_NONE)
		return DATE_NONE;
	return date_period_last_day(anchor, REVIEW_PERIOD_MONTHS);
}
