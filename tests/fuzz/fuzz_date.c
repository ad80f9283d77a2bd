/* fuzz_date.c — libFuzzer target for core/date.c
 *
 * DESIGN: the input is used three ways.  (1) The whole input, as a C
 * string, goes to date_parse_iso().  (2) Split on '\0' or '/', the first
 * three pieces are the GOV.UK day/month/year fields and a fourth, if any,
 * is the label for date_err_message().  (3) The first bytes, read as
 * numbers, are an arbitrary day_t and month count for the arithmetic, which
 * must never crash or overflow whatever it is given.  Beyond "no crash",
 * properties that must always hold are checked and abort() if broken:
 * ISO round trips, period_last_day() is add_months() or the day before it,
 * ages on and around birthdays, and messages that fit their buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 4096

static void check(int ok)
{
	if (!ok)
		abort();
}

static int32_t read_i32(const uint8_t *p, size_t n)
{
	uint32_t v = 0;
	for (size_t i = 0; i < 4 && i < n; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return (int32_t)v;
}

static void arithmetic(day_t day, int months)
{
	char iso[11], lng[40];
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	date_format_iso(day, iso);
	check(strlen(iso) == 0 || strlen(iso) == 10);
	date_format_long(day, lng, sizeof lng);
	check(strlen(lng) < sizeof lng);
	if (day != DATE_NONE) {
		int w = date_weekday(day);
		check(w >= 0 && w <= 6);
		check(m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m));
	}
	(void)date_add_days(day, months);
	(void)date_add_months(day, months);
	(void)date_period_last_day(day, months);
	(void)date_age_on(day, date_add_days(day, months));
	(void)date_diff_days(day, months);
}

static void parsed(day_t day, int k)
{
	char iso[11], lng[40];
	day_t back, a, p;
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	check(y >= 1800 && y <= 2200);
	date_format_iso(day, iso);
	check(date_parse_iso(iso, &back) == 0 && back == day);
	date_format_long(day, lng, sizeof lng);
	check(lng[0] != 0);

	/* a period of k months ends the day before the corresponding date,
	 * or on the clamped date itself where there is none */
	a = date_add_months(day, k);
	p = date_period_last_day(day, k);
	check(a != DATE_NONE && (p == a || p == a - 1));
	check(date_add_months(day, 0) == day);

	/* whole years: k on the day after the k-th anniversary (1 March for a
	 * 29 February birthday in a common year), k - 1 the day before it */
	a = date_add_months(day, 12 * (k % 120));
	check(date_age_on(day, date_add_days(a, 1)) == k % 120);
	if (k % 120)
		check(date_age_on(day, a - 1) == k % 120 - 1);
	check(date_age_on(day, day) == 0);
	check(date_age_on(day, day - 1) == -1);
	check(date_diff_days(day, date_add_days(day, k)) == k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *field[4] = {NULL, NULL, NULL, NULL};
	char msg[96];
	size_t nf = 0, start = 0;
	day_t day;
	enum date_err e;
	int k;

	if (size > MAX_INPUT)
		return 0;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;

	/* (1) whole input as ISO */
	if (date_parse_iso(s, &day) == 0) {
		char iso[11];
		date_format_iso(day, iso);
		check(strcmp(iso, s) == 0);
	}

	/* (2) day / month / year [/ label] */
	for (size_t i = 0; i <= size && nf < 4; i++) {
		if (i == size || s[i] == 0 || (s[i] == '/' && nf < 3)) {
			s[i] = 0;
			field[nf++] = s + start;
			start = i + 1;
		}
	}
	e = date_parse_parts(field[0], field[1], field[2], &day);
	check(e >= DATE_OK && e <= DATE_ERR_NOT_REAL);
	k = size ? data[0] : 0;
	if (e == DATE_OK)
		parsed(day, k);
	for (size_t n = 0; n <= sizeof msg; n += 7) {
		date_err_message(e, field[3], n ? msg : NULL, n);
		if (n)
			check(strlen(msg) < n);
	}
	date_err_message((enum date_err)(k % 16), field[3], msg, sizeof msg);
	check(strlen(msg) < sizeof msg);

	/* (3) arbitrary numbers */
	arithmetic(read_i32(data, size), size > 4 ? read_i32(data + 4, size - 4) : 0);
	arithmetic(DATE_NONE, k);

	free(s);
	return 0;
}
