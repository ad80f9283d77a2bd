/* phase.c — see phase.h. */
#include "core/phase.h"
#include "core/rules.h"
#include "core/codes.h"
#include <string.h>

int school_year_of(day_t day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return m >= 9 ? y : y - 1;
}

int ncy_in_year(day_t dob, int year)
{
	if (dob == DATE_NONE)
		return NCY_NONE;
	/* born in the school year starting September Y: Reception in Y + 5 */
	return year - (school_year_of(dob) + 5);
}

int phase_default_top(const char *phase)
{
	static const struct { const char *phase; int top; } tops[] = {
		{"EY", -1}, {"INF", 2}, {"JUN", 6}, {"PRI", 6}, {"FIR", 4}, {"MID", 8}, {"SEC", 11}, {"ALL", 11},
	};
	for (size_t i = 0; phase && i < sizeof tops / sizeof tops[0]; i++)
		if (strcmp(tops[i].phase, phase) == 0)
			return tops[i].top;
	return NCY_NONE;
}

enum phase_kind phase_transfer_for(day_t dob, int T, const char *phase, int top_year)
{
	int now = ncy_in_year(dob, T - 1);   /* the school year before the move */
	if (now == NCY_NONE)
		return PT_NONE;
	int school = phase && *phase && strcmp(phase, "EY") != 0 && strcmp(phase, "NA") != 0 && strcmp(phase, "P16") != 0;
	int top = top_year != NCY_NONE ? top_year : phase_default_top(phase);
	if (now == -1)
		return PT_SCHOOL_ENTRY;
	if (now == 11)
		return PT_POST16;   /* whether or not the school has a sixth form: reviewed by 31 March */
	if (!school)
		return now == 6 ? PT_SECONDARY : PT_NONE;
	if (now != top)
		return PT_NONE;
	if (strcmp(phase, "INF") == 0)
		return PT_JUNIOR;
	if (strcmp(phase, "FIR") == 0 || strcmp(phase, "MID") == 0)
		return PT_MIDDLE;
	return now == 6 ? PT_SECONDARY : PT_NONE;
}

day_t phase_deadline(const struct clock_settings *s, enum phase_kind kind, int year)
{
	day_t jan1;
	if (kind == PT_NONE || date_from_ymd(year, 1, 1, &jan1) < 0)
		return DATE_NONE;
	return rule_due(s, rule_get(kind == PT_POST16 ? R_PHASE_FINAL_POST16 : R_PHASE_FINAL), jan1, 0);
}

day_t phase_window_start(const struct clock_settings *s, day_t deadline)
{
	return rule_due(s, rule_get(R_PHASE_ANCHOR), deadline, 0);
}

day_t phase_latest_meeting(const struct clock_settings *s, day_t deadline)
{
	return cal_working_day_on_or_before(&s->cal, rule_due(s, rule_get(R_PHASE_MEETING), deadline, 0));
}

int phase_next_year(const struct clock_settings *s, day_t today)
{
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	return today <= phase_deadline(s, PT_SECONDARY, y) ? y : y + 1;
}

int phase_next_transfer(const struct clock_settings *s, day_t dob, day_t today, const char *phase, int top_year,
                        int horizon_months, enum phase_kind *kind, int *year)
{
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	/* the transfer happens on 1 September of T: not yet made while today is before it */
	for (int T = m >= 9 ? y + 1 : y; T <= y + 3; T++) {
		enum phase_kind k = phase_transfer_for(dob, T, phase, top_year);
		if (k == PT_NONE)
			continue;
		day_t due = phase_deadline(s, k, T);
		if (due == DATE_NONE || date_add_months(today, horizon_months) < due)
			return -1;
		*kind = k;
		*year = T;
		return 0;
	}
	return -1;
}

/* enum order = codes_phase_kind order (codes.c holds the codes and labels) */
static const enum phase_kind phase_kinds[] = {PT_SCHOOL_ENTRY, PT_JUNIOR, PT_MIDDLE, PT_SECONDARY, PT_POST16};

const char *phase_kind_code(enum phase_kind k)
{
	for (size_t i = 0; i < sizeof phase_kinds / sizeof phase_kinds[0] && i < codes_phase_kind.n; i++)
		if (phase_kinds[i] == k)
			return codes_phase_kind.codes[i].code;
	return "";
}

const char *phase_kind_label(enum phase_kind k)
{
	for (size_t i = 0; i < sizeof phase_kinds / sizeof phase_kinds[0] && i < codes_phase_kind.n; i++)
		if (phase_kinds[i] == k)
			return codes_phase_kind.codes[i].label;
	return "";
}

enum phase_kind phase_kind_by_code(const char *code)
{
	for (size_t i = 0; code && i < sizeof phase_kinds / sizeof phase_kinds[0] && i < codes_phase_kind.n; i++)
		if (strcmp(codes_phase_kind.codes[i].code, code) == 0)
			return phase_kinds[i];
	return PT_NONE;
}
