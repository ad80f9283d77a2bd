/* deadline.h — the area's counting conventions, and one rule's deadline
 * from its anchor (pure).
 *
 * DESIGN: what a row of the rules table (rules.h) gives for an anchor date,
 * under the conventions an area may set (weeks counted from the day after
 * or the day itself, the draft's 15 days, a year "starting with" a day, the
 * review's anchor).  Below both the clock (clock.h), which strings the
 * steps of a case together, and the phase-transfer cohorts (phase.h), which
 * need the deadline of a transfer: neither needs the other for it.
 */
#ifndef SENDMIS_DEADLINE_H
#define SENDMIS_DEADLINE_H
#include "core/calendar.h"
#include "core/date.h"
#include "core/rules.h"

/* ---- the area's counting conventions ---------------------------------------- */

enum weeks_count { WEEKS_EXCLUSIVE, WEEKS_DAY_ONE };      /* event day not counted / is day 1 */
enum draft_count { DRAFT_DAY_ONE, DRAFT_EXCLUSIVE };      /* service day is day 1 / is not */
enum year_count { YEAR_STARTING_WITH, YEAR_ANNIVERSARY }; /* s.44: day before the anniversary / the anniversary */
enum review_anchor { ANCHOR_DECISION, ANCHOR_MEETING };   /* later reviews count from the previous decision / meeting */

struct clock_settings {
	enum weeks_count weeks;
	enum draft_count draft;
	enum year_count year;
	enum review_anchor anchor;
	int under5_review_months;      /* recommended cadence under 5; 0 = not shown */
	int transfer_in_review_months; /* reg 15(5) limb (b) */
	struct calendar cal;
};
void clock_settings_default(struct clock_settings *s);
/* Names used by the config table and docs ("exclusive", "day_one", …). */
const char *const *clock_weeks_names(void);   /* NULL-terminated, in enum order */
const char *const *clock_draft_names(void);
const char *const *clock_year_names(void);
const char *const *clock_anchor_names(void);

/* The deadline a rule gives for an anchor date (amount <= 0: the row's own). */
day_t rule_due(const struct clock_settings *s, const struct rule *r, day_t anchor, int amount);

#endif
