/* calendar.c — see calendar.h.
 *
 * The table is GOV.UK's "UK bank holidays" list for England and Wales,
 * substitute days included (a holiday on a weekend moves to the next
 * working day).  Sorted, so lookup is a binary search.
 */
#include "core/calendar.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* yyyymmdd */
static const int bank_holidays[] = {
	20140101, 20140418, 20140421, 20140505, 20140526, 20140825, 20141225, 20141226,
	20150101, 20150403, 20150406, 20150504, 20150525, 20150831, 20151225, 20151228,
	20160101, 20160325, 20160328, 20160502, 20160530, 20160829, 20161226, 20161227,
	20170102, 20170414, 20170417, 20170501, 20170529, 20170828, 20171225, 20171226,
	20180101, 20180330, 20180402, 20180507, 20180528, 20180827, 20181225, 20181226,
	20190101, 20190419, 20190422, 20190506, 20190527, 20190826, 20191225, 20191226,
	20200101, 20200410, 20200413, 20200508, 20200525, 20200831, 20201225, 20201228,
	20210101, 20210402, 20210405, 20210503, 20210531, 20210830, 20211227, 20211228,
	20220103, 20220415, 20220418, 20220502, 20220602, 20220603, 20220829, 20220919, 20221226, 20221227,
	20230102, 20230407, 20230410, 20230501, 20230508, 20230529, 20230828, 20231225, 20231226,
	20240101, 20240329, 20240401, 20240506, 20240527, 20240826, 20241225, 20241226,
	20250101, 20250418, 20250421, 20250505, 20250526, 20250825, 20251225, 20251226,
	20260101, 20260403, 20260406, 20260504, 20260525, 20260831, 20261225, 20261228,
	20270101, 20270326, 20270329, 20270503, 20270531, 20270830, 20271227, 20271228,
};
#define NBH ((int)(sizeof bank_holidays / sizeof bank_holidays[0]))

int cal_table_first_year(void) { return bank_holidays[0] / 10000; }
int cal_table_last_year(void) { return bank_holidays[NBH - 1] / 10000; }

static int ymd_key(day_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return y * 10000 + m * 100 + dd;
}

int cal_is_bank_holiday(const struct calendar *cal, day_t d)
{
	if (d == DATE_NONE)
		return 0;
	int key = ymd_key(d), lo = 0, hi = NBH - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (bank_holidays[mid] == key)
			return 1;
		if (bank_holidays[mid] < key)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	for (int i = 0; cal && i < cal->nextra; i++)
		if (cal->extra[i] == d)
			return 1;
	return 0;
}

int cal_is_working_day(const struct calendar *cal, day_t d)
{
	return d != DATE_NONE && date_weekday(d) < 5 && !cal_is_bank_holiday(cal, d);
}

day_t cal_add_working_days(const struct calendar *cal, day_t d, int n)
{
	if (d == DATE_NONE || n < 0)
		return DATE_NONE;
	while (n > 0) {
		d = date_add_days(d, 1);
		if (d == DATE_NONE)
			return DATE_NONE;
		if (cal_is_working_day(cal, d))
			n--;
	}
	return d;
}

day_t cal_working_day_on_or_before(const struct calendar *cal, day_t d)
{
	/* an area's extra holidays can make a long run; a year back is always enough */
	for (int i = 0; d != DATE_NONE && i < 366 + CAL_MAX_EXTRA; i++, d = date_add_days(d, -1))
		if (cal_is_working_day(cal, d))
			return d;
	return DATE_NONE;
}

int cal_parse_extra(struct calendar *cal, const char *list, char *err, size_t errlen)
{
	cal->nextra = 0;
	const char *p = list ? list : "";
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ')
			e++;
		char item[16];
		size_t len = (size_t)(e - p);
		day_t d;
		if (len >= sizeof item) {
			/* the whole item, unless it is very long */
			int shown = len > 40 ? 40 : (int)len;
			snprintf(err, errlen, "'%.*s%s' is not a date like 2028-12-25", shown, p, len > 40 ? "…" : "");
			return -1;
		}
		memcpy(item, p, len);
		item[len] = 0;
		if (date_parse_iso(item, &d) < 0) {
			snprintf(err, errlen, "'%s' is not a date like 2028-12-25", item);
			return -1;
		}
		if (cal->nextra >= CAL_MAX_EXTRA) {
			snprintf(err, errlen, "at most %d extra bank holidays", CAL_MAX_EXTRA);
			return -1;
		}
		cal->extra[cal->nextra++] = d;
		p = e;
	}
	return 0;
}

int closure_excuses_request(const struct closure *c, day_t sent)
{
	if (!c || c->start == DATE_NONE || c->end == DATE_NONE || sent == DATE_NONE)
		return 0;
	if (date_diff_days(c->start, c->end) + 1 < 28)
		return 0;
	/* from 1 week before it closes to 1 week before it reopens (end + 1) */
	return sent >= date_add_days(c->start, -7) && sent <= date_add_days(c->end, 1 - 7);
}
