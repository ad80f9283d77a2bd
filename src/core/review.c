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

const char *const review_band_names[REVIEW_BANDS] = {"Up to 1 month", "1 to 3 months", "3 to 6 months",
                                                     "6 to 12 months", "Over 12 months"};

/* the most days overdue in each band but the last */
static const int band_days[4] = {31, 92, 183, 365};

int review_overdue_band(day_t due, day_t today)
{
	if (due == DATE_NONE || due >= today)
		return -1;
	int d = date_diff_days(due, today);
	for (int k = 0; k < 4; k++)
		if (d <= band_days[k])
			return k;
	return 4;
}

day_t review_band_earliest_due(int band, day_t today)
{
	return band >= 0 && band < 4 ? date_add_days(today, -band_days[band]) : DATE_NONE;
}
