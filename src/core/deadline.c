/* deadline.c — see deadline.h. */
#include "core/deadline.h"
#include <string.h>

static const char *const weeks_names[] = {"exclusive", "day_one", NULL};
static const char *const draft_names[] = {"day_one", "exclusive", NULL};
static const char *const year_names[] = {"starting_with", "anniversary", NULL};
static const char *const anchor_names[] = {"decision", "meeting", NULL};
const char *const *clock_weeks_names(void) { return weeks_names; }
const char *const *clock_draft_names(void) { return draft_names; }
const char *const *clock_year_names(void) { return year_names; }
const char *const *clock_anchor_names(void) { return anchor_names; }

void clock_settings_default(struct clock_settings *s)
{
	memset(s, 0, sizeof *s);
	s->weeks = WEEKS_EXCLUSIVE;
	s->draft = DRAFT_DAY_ONE;
	s->year = YEAR_STARTING_WITH;
	s->anchor = ANCHOR_DECISION;
	s->under5_review_months = rule_get(R_UNDER5_REVIEW)->amount;
	s->transfer_in_review_months = rule_get(R_TRANSFER_REVIEW)->amount;
}

day_t rule_due(const struct clock_settings *s, const struct rule *r, day_t anchor, int amount)
{
	if (!r || anchor == DATE_NONE)
		return DATE_NONE;
	int n = amount > 0 ? amount : r->amount;   /* RU_MONTHS may be negative: months before */
	switch (r->unit) {
	case RU_DAYS:
		return date_add_days(anchor, n);
	case RU_WEEKS:
		/* "within N weeks of X": the event day is not counted (X + 7N), unless
		 * the area counts it as day 1 (one day earlier) */
		return date_add_days(anchor, 7 * n - (r->conv == CONV_WEEKS && s->weeks == WEEKS_DAY_ONE ? 1 : 0));
	case RU_PERIOD_DAYS:
		/* "at least N days beginning with the day it was served": that day is day 1 */
		return date_add_days(anchor, n - (r->conv == CONV_DRAFT && s->draft == DRAFT_EXCLUSIVE ? 0 : 1));
	case RU_PERIOD_MONTHS:
		if (r->conv == CONV_YEAR && s->year == YEAR_ANNIVERSARY)
			return date_add_months(anchor, n);
		return date_period_last_day(anchor, n);
	case RU_MONTHS:
		return date_add_months(anchor, n);
	case RU_WEEKS_BEFORE:
		return date_add_days(anchor, -7 * n);
	case RU_FIXED: {
		int y, m, d;
		day_t out;
		date_to_ymd(anchor, &y, &m, &d);
		return date_from_ymd(y, n / 100, n % 100, &out) == 0 ? out : DATE_NONE;
	}
	}
	return DATE_NONE;
}

