/* family.c — see family.h. */
#include "core/family.h"
#include <stdio.h>
#include <string.h>

day_t family_school_age_end(day_t dob)
{
	int y, m, d;
	date_to_ymd(dob, &y, &m, &d);
	/* the academic year in which the 16th birthday falls ends in June of: */
	int leave = y + 16 + (m >= 9 ? 1 : 0);
	day_t last;
	if (date_from_ymd(leave, 6, 30, &last) < 0)
		return DATE_NONE;
	/* back from 30 June to the Friday (weekday 4, Monday being 0) */
	return date_add_days(last, -((date_weekday(last) - 4 + 7) % 7));
}

int family_is_young_person(day_t dob, day_t on)
{
	day_t end = family_school_age_end(dob);
	return end != DATE_NONE && on > end;
}

int family_validate_phone(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	size_t n = 0, digits = 0;
	int space = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '\t') {
			space = n > 0;
			continue;
		}
		int ok = (c >= '0' && c <= '9') || c == '(' || c == ')' || c == '-' || (c == '+' && n == 0);
		if (!ok) {
			snprintf(why, whylen, "must contain only numbers, spaces, brackets, hyphens and a leading +, like "
			         "01632 960 001 or +44 808 157 0192");
			return -1;
		}
		if (space && n + 1 < outlen)
			out[n++] = ' ';
		space = 0;
		if (n + 1 >= outlen) {
			snprintf(why, whylen, "is too long");
			return -1;
		}
		out[n++] = c;
		digits += c >= '0' && c <= '9';
	}
	out[n] = 0;
	if (digits < 10 || digits > 15) {
		snprintf(why, whylen, "must have 10 to 15 digits, like 01632 960 001, 07700 900 982 or +44 808 157 0192");
		return -1;
	}
	return 0;
}
