/* review.c — see review.h */
#include "core/review.h"
#include "core/rules.h"

day_t review_next_due(const struct clock_settings *s, day_t issue_date, day_t anchor)
{
	day_t from = anchor != DATE_NONE ? anchor : issue_date;
	if (from == DATE_NONE)
		return DATE_NONE;
	return rule_due(s, rule_get(R_REVIEW_DUE), from, 0);
}
