/* date.c — see date.h
 *
 * DESIGN: conversions use Howard Hinnant's days_from_civil / civil_from_days
 * (eras of 400 years, March-based years so the leap day is last), which are
 * exact for the whole proleptic Gregorian calendar and need no tables.
 * Every function accepts any day_t, including DATE_NONE and values far
 * outside 1800..2200 that arithmetic may produce: they never overflow, and
 * a result that cannot be represented is DATE_NONE (arithmetic) or "" (the
 * formatters, which never truncate).  date_from_ymd() alone enforces the
 * 1800..2200 window, because it is the gate for dates typed by people.
 *
 * The GOV.UK three-field parser checks in the order the Design System's
 * date input guidance gives: nothing entered, then incomplete, then not a
 * number, then a year without 4 digits, then a date that cannot exist.  The
 * page shows one message per date, so the first problem found is the one
 * reported.
 */
#include "core/date.h"
#include <limits.h>
#include <string.h>
#include <time.h>

/* Years beyond this are rejected by the arithmetic (still far inside what a
 * day_t can hold: 2^31 days is about 5.8 million years). */
#define YEAR_LIMIT 1000000L

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int dim(long y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01; caller keeps |y| <= YEAR_LIMIT, m 1..12, d valid. */
static long long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;                                 /* 0..399 */
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* 0..146096 */
	return (long long)era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = (long)(z - era * 146097);                      /* 0..146096 */
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);       /* 0..365 */
	long mp = (5 * doy + 2) / 153;                            /* 0..11 */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (long)(yoe + era * 400) + (*m <= 2);
}

static day_t to_day(long long z)
{
	if (z <= INT32_MIN || z > INT32_MAX)
		return DATE_NONE;
	return (day_t)z;
}

int date_from_ymd(int y, int m, int d, day_t *out)
{
	if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > dim(y, m))
		return -1;
	if (out)
		*out = (day_t)days_from_civil(y, m, d);
	return 0;
}

void date_to_ymd(day_t day, int *y, int *m, int *d)
{
	long ly = 0;
	int lm = 0, ld = 0;
	if (day != DATE_NONE)
		civil_from_days(day, &ly, &lm, &ld);
	/* |year| < 6 million for any int32 day, so it fits an int. */
	if (y)
		*y = (int)ly;
	if (m)
		*m = lm;
	if (d)
		*d = ld;
}

int date_days_in_month(int y, int m)
{
	return dim(y, m);
}

int date_weekday(day_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	long long w = ((long long)day + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static int digits(const char *s, int n, int *val)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*val = v;
	return 0;
}

int date_parse_iso(const char *s, day_t *out)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) < 0 || digits(s + 5, 2, &m) < 0 || digits(s + 8, 2, &d) < 0)
		return -1;
	return date_from_ymd(y, m, d, out);
}

void date_format_iso(day_t day, char *out)
{
	long y;
	int m, d;
	out[0] = 0;
	if (day == DATE_NONE)
		return;
	civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		return;         /* would not be YYYY: refuse rather than mangle */
	char *p = out;
	*p++ = (char)('0' + y / 1000);
	*p++ = (char)('0' + y / 100 % 10);
	*p++ = (char)('0' + y / 10 % 10);
	*p++ = (char)('0' + y % 10);
	*p++ = '-';
	*p++ = (char)('0' + m / 10);
	*p++ = (char)('0' + m % 10);
	*p++ = '-';
	*p++ = (char)('0' + d / 10);
	*p++ = (char)('0' + d % 10);
	*p = 0;
}

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* Append s to out (capacity n, current length *len); -1 if it will not fit. */
static int put(char *out, size_t n, size_t *len, const char *s)
{
	size_t k = strlen(s);
	if (k >= n - *len)
		return -1;
	memcpy(out + *len, s, k + 1);
	*len += k;
	return 0;
}

/* Decimal text of v (v >= 0) into a small buffer. */
static const char *utoa_small(long v, char buf[24])
{
	char *p = buf + 23;
	*p = 0;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p;
}

/* "5 March 2024" (with_day) or "March 2024". */
static void format_words(day_t day, int with_day, char *out, size_t n)
{
	long y;
	int m, d;
	size_t len = 0;
	char b1[24], b2[24];
	if (!out || n == 0)
		return;
	out[0] = 0;
	if (day == DATE_NONE)
		return;
	civil_from_days(day, &y, &m, &d);
	if (y < 0)
		return;
	if ((with_day && (put(out, n, &len, utoa_small(d, b1)) < 0 || put(out, n, &len, " ") < 0))
	    || put(out, n, &len, month_names[m - 1]) < 0 || put(out, n, &len, " ") < 0
	    || put(out, n, &len, utoa_small(y, b2)) < 0)
		out[0] = 0;     /* too small: empty, never a truncated date */
}

void date_format_long(day_t day, char *out, size_t n)
{
	format_words(day, 1, out, n);
}

void date_format_month(day_t day, char *out, size_t n)
{
	format_words(day, 0, out, n);
}

day_t date_add_days(day_t day, int n)
{
	if (day == DATE_NONE)
		return DATE_NONE;
	return to_day((long long)day + n);
}

/* Year and month `months` after day's month; -1 if beyond YEAR_LIMIT. */
static int shift_month(day_t day, int months, long *y, int *m, int *d)
{
	civil_from_days(day, y, m, d);
	long long t = (long long)*y * 12 + (*m - 1) + months;
	long long ny = t >= 0 ? t / 12 : -((-t + 11) / 12);
	if (ny > YEAR_LIMIT || ny < -YEAR_LIMIT)
		return -1;
	*y = (long)ny;
	*m = (int)(t - ny * 12) + 1;
	return 0;
}

day_t date_add_months(day_t day, int months)
{
	long y;
	int m, d;
	if (day == DATE_NONE || shift_month(day, months, &y, &m, &d) < 0)
		return DATE_NONE;
	if (d > dim(y, m))
		d = dim(y, m);
	return to_day(days_from_civil(y, m, d));
}

day_t date_period_last_day(day_t start, int months)
{
	long y;
	int m, d;
	if (start == DATE_NONE || shift_month(start, months, &y, &m, &d) < 0)
		return DATE_NONE;
	if (d > dim(y, m))
		return to_day(days_from_civil(y, m, dim(y, m)));
	return to_day(days_from_civil(y, m, d) - 1);
}

int date_age_on(day_t dob, day_t on)
{
	long y1, y2;
	int m1, d1, m2, d2;
	if (dob == DATE_NONE || on == DATE_NONE || on < dob)
		return -1;
	civil_from_days(dob, &y1, &m1, &d1);
	civil_from_days(on, &y2, &m2, &d2);
	long age = y2 - y1;
	/* Compare month and day as written: someone born on 29 February has
	 * not had their birthday on 28 February of a common year. */
	if (m2 < m1 || (m2 == m1 && d2 < d1))
		age--;
	return (int)age;
}

int date_diff_days(day_t a, day_t b)
{
	long long r = (long long)b - a;
	if (r > INT_MAX)
		return INT_MAX;
	if (r < INT_MIN)
		return INT_MIN;
	return (int)r;
}

/* ---- GOV.UK date input ------------------------------------------------ */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* A field with surrounding whitespace removed, as [p, p+n). */
struct field {
	const char *p;
	size_t n;
};

static struct field field_of(const char *s)
{
	struct field f = {"", 0};
	if (!s)
		return f;
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n && is_space(s[n - 1]))
		n--;
	f.p = s;
	f.n = n;
	return f;
}

/* Digits only.  *val stops growing past 100000 (more than any real part),
 * so a long run of digits cannot overflow. */
static int field_number(struct field f, long *val)
{
	long v = 0;
	if (f.n == 0)
		return -1;
	for (size_t i = 0; i < f.n; i++) {
		if (f.p[i] < '0' || f.p[i] > '9')
			return -1;
		if (v < 100000)
			v = v * 10 + (f.p[i] - '0');
	}
	*val = v;
	return 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Month as a number, a full name or a 3-letter abbreviation (and "Sept"),
 * any case.  Returns 1..12, a larger number for a numeric month that
 * cannot be real, or -1 if it is neither a number nor a month name. */
static long field_month(struct field f)
{
	long v;
	if (field_number(f, &v) == 0)
		return v;
	for (int i = 0; i < 12; i++) {
		const char *name = month_names[i];
		size_t len = strlen(name);
		if (f.n != len && f.n != 3 && !(i == 8 && f.n == 4))
			continue;
		if (f.n > len)
			continue;
		size_t j = 0;
		while (j < f.n && lower(f.p[j]) == lower(name[j]))
			j++;
		if (j == f.n)
			return i + 1;
	}
	return -1;
}

enum date_err date_parse_parts(const char *d, const char *m, const char *y, day_t *out)
{
	struct field fd = field_of(d), fm = field_of(m), fy = field_of(y);
	int nd = fd.n == 0, nm = fm.n == 0, ny = fy.n == 0;
	long vd, vm, vy;
	day_t day;

	if (nd && nm && ny)
		return DATE_ERR_MISSING;
	if (nd && nm)
		return DATE_ERR_MISSING_DAY_MONTH;
	if (nd && ny)
		return DATE_ERR_MISSING_DAY_YEAR;
	if (nm && ny)
		return DATE_ERR_MISSING_MONTH_YEAR;
	if (nd)
		return DATE_ERR_MISSING_DAY;
	if (nm)
		return DATE_ERR_MISSING_MONTH;
	if (ny)
		return DATE_ERR_MISSING_YEAR;
	vm = field_month(fm);
	if (field_number(fd, &vd) < 0 || vm < 0 || field_number(fy, &vy) < 0)
		return DATE_ERR_NOT_NUMBER;
	if (fy.n != 4)
		return DATE_ERR_YEAR_DIGITS;
	if (date_from_ymd((int)vy, (int)(vm > 12 ? 13 : vm), (int)(vd > 31 ? 32 : vd), &day) < 0)
		return DATE_ERR_NOT_REAL;
	if (out)
		*out = day;
	return DATE_OK;
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

void date_err_message(enum date_err err, const char *label, char *out, size_t n)
{
	const char *tail;
	size_t len = 0;
	if (!out || n == 0)
		return;
	out[0] = 0;
	if (!label || !*label)
		label = "Date";
	switch (err) {
	case DATE_OK:
		return;
	case DATE_ERR_MISSING:
		/* "Enter date of birth": lower-case the label's first letter
		 * unless it starts an acronym ("EHC plan date"). */
		if (put(out, n, &len, "Enter ") < 0 || len + 1 >= n)
			goto toolong;
		out[len] = (label[1] >= 'A' && label[1] <= 'Z') ? label[0] : lower(label[0]);
		out[++len] = 0;
		if (put(out, n, &len, label + 1) < 0)
			goto toolong;
		return;
	case DATE_ERR_MISSING_DAY:        tail = " must include a day"; break;
	case DATE_ERR_MISSING_MONTH:      tail = " must include a month"; break;
	case DATE_ERR_MISSING_YEAR:       tail = " must include a year"; break;
	case DATE_ERR_MISSING_DAY_MONTH:  tail = " must include a day and month"; break;
	case DATE_ERR_MISSING_DAY_YEAR:   tail = " must include a day and year"; break;
	case DATE_ERR_MISSING_MONTH_YEAR: tail = " must include a month and year"; break;
	case DATE_ERR_YEAR_DIGITS:        tail = " year must include 4 numbers"; break;
	case DATE_ERR_NOT_NUMBER:         /* GOV.UK has no separate wording */
	case DATE_ERR_NOT_REAL:           tail = " must be a real date"; break;
	default:                          tail = " must be a real date"; break;
	}
	if (n < 2)
		goto toolong;
	out[0] = upper(label[0]);
	out[1] = 0;
	len = 1;
	if (put(out, n, &len, label + 1) < 0 || put(out, n, &len, tail) < 0)
		goto toolong;
	return;
toolong:
	out[0] = 0;
}

void date_instant_iso(long long unix_seconds, char out[21])
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

day_t date_local_day(int64_t unix_seconds)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	day_t d = DATE_NONE;
	if (localtime_r(&t, &tm))
		date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}

day_t date_iso_or_none(const char *s)
{
	day_t d;
	return s && *s && date_parse_iso(s, &d) == 0 ? d : DATE_NONE;
}
