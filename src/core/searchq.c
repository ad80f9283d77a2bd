/* searchq.c — see searchq.h. */
#include "core/searchq.h"
#include "core/date.h"
#include "core/validate.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Digits at *s (at least 1, at most max) into *v; advances *s.  0 or -1. */
static int digits(const char **s, int max, int *v)
{
	int n = 0, x = 0;
	while (is_digit(**s) && n < max) {
		x = x * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	if (n == 0 || is_digit(**s))
		return -1;
	*v = x;
	return n;
}

static const char *const months[12] = {"january", "february", "march", "april", "may", "june",
                                       "july", "august", "september", "october", "november", "december"};

/* A month's name, whole or its first three letters ("sept" too), at *s. */
static int month_name(const char **s)
{
	char w[16];
	size_t n = 0;
	while (is_alpha((*s)[n]) && n + 1 < sizeof w) {
		w[n] = (*s)[n];
		n++;
	}
	if (is_alpha((*s)[n]) || n < 3)
		return 0;
	w[n] = 0;
	lower_ascii(w);
	for (int m = 0; m < 12; m++)
		if (!strcmp(w, months[m]) || (n == 3 && !strncmp(w, months[m], 3)) || (m == 8 && !strcmp(w, "sept"))) {
			*s += n;
			return m + 1;
		}
	return 0;
}

static int out_date(int y, int m, int d, char out[11])
{
	day_t day;
	if (date_from_ymd(y, m, d, &day) < 0)
		return -1;
	date_format_iso(day, out);
	return 0;
}

int search_parse_date(const char *s, char out[11])
{
	int y, m, d;
	const char *p = s;
	while (*p == ' ')
		p++;
	int n = digits(&p, 4, &d);
	if (n == 4) {   /* ISO: YYYY-MM-DD */
		y = d;
		if (*p++ != '-' || digits(&p, 2, &m) < 0 || *p++ != '-' || digits(&p, 2, &d) < 0)
			return -1;
	} else if (n > 0 && n <= 2) {
		char sep = *p;
		if (sep == '/' || sep == '.' || sep == '-') {   /* d/m/yyyy */
			p++;
			if (digits(&p, 2, &m) < 0 || *p++ != sep || digits(&p, 4, &y) != 4)
				return -1;
		} else {   /* d Month yyyy, the day perhaps "3rd" */
			if (!strncasecmp(p, "st", 2) || !strncasecmp(p, "nd", 2) || !strncasecmp(p, "rd", 2) || !strncasecmp(p, "th", 2))
				p += 2;
			if (*p != ' ')
				return -1;
			while (*p == ' ')
				p++;
			if (!(m = month_name(&p)))
				return -1;
			if (*p == ',')
				p++;
			if (*p != ' ')
				return -1;
			while (*p == ' ')
				p++;
			if (digits(&p, 4, &y) != 4)
				return -1;
		}
	} else
		return -1;
	while (*p == ' ')
		p++;
	if (*p)
		return -1;
	return out_date(y, m, d, out);
}

/* "SM-000123", "sm 123", "SM000123": PREFIX-%06d of the person's id, any
 * case, with or without the hyphen. */
static long long case_ref_id(const char *prefix, const char *q)
{
	size_t n = prefix ? strlen(prefix) : 0;
	if (!n || strncasecmp(q, prefix, n) != 0)
		return 0;
	q += n;
	if (*q == '-' || *q == ' ')
		q++;
	long long id;   /* digits only (parse_int64 refuses a sign here: a '-' was the separator) */
	return *q != '-' && parse_int64(q, 1, 999999999999LL, &id) == 0 ? id : 0;
}

void search_parse(const char *text, const char *case_ref_prefix, struct search_query *k)
{
	memset(k, 0, sizeof *k);
	/* words: commas are spaces ("Murray, Leo"), runs of space are one */
	size_t j = 0;
	for (const char *p = text ? text : ""; *p && j + 1 < sizeof k->q; p++) {
		char c = *p == ',' || *p == '\t' || *p == '\r' || *p == '\n' ? ' ' : *p;
		if (c == ' ' && (j == 0 || k->q[j - 1] == ' '))
			continue;
		k->q[j++] = c;
	}
	while (j && k->q[j - 1] == ' ')
		j--;
	k->q[j] = 0;
	if (!*k->q)
		return;
	char why[80];
	if ((k->id = case_ref_id(case_ref_prefix, k->q)))
		k->kinds |= SQ_CASE_REF;
	if (validate_nhs_number(k->q, k->nhs, why, sizeof why) == 0)
		k->kinds |= SQ_NHS;
	else
		k->nhs[0] = 0;
	if (validate_uln(k->q, k->uln, why, sizeof why) == 0)
		k->kinds |= SQ_ULN;
	else
		k->uln[0] = 0;
	if (validate_postcode(k->q, k->postcode, why, sizeof why) == 0)
		k->kinds |= SQ_POSTCODE;
	else
		k->postcode[0] = 0;
	size_t u = 0;   /* a UPN matches whole: upper case, spaces removed */
	for (const char *p = k->q; *p && u + 1 < sizeof k->upn; p++)
		if (*p != ' ')
			k->upn[u++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	k->upn[u] = 0;
	char upn[16];
	if (validate_upn(k->q, upn, why, sizeof why) == 0)
		k->kinds |= SQ_UPN;
	/* the date as typed: "3 April 2015" is a date of birth, not a name; so is "3/4/2015" */
	if (search_parse_date(text, k->dob) == 0 || search_parse_date(k->q, k->dob) == 0) {
		k->kinds |= SQ_DOB;
		return;
	}
	k->dob[0] = 0;
	int letter = 0;
	for (const char *p = k->q; *p; p++)
		letter |= is_alpha(*p) || (unsigned char)*p >= 0x80;
	if (!letter)   /* digits and punctuation name nobody */
		return;
	k->kinds |= SQ_NAME;
	snprintf(k->sur, sizeof k->sur, "%s", k->q);
	lower_ascii(k->sur);
	snprintf(k->fore, sizeof k->fore, "%s", k->sur);
	const char *first = strchr(k->sur, ' '), *last = strrchr(k->sur, ' ');
	if (!first)
		return;
	const char *at[2] = {first, last};
	for (int i = 0; i < 2; i++) {
		size_t before = (size_t)(at[i] - k->sur);
		/* "forename surname", then "surname forename" */
		snprintf(k->pair[2 * i][1], sizeof k->pair[0][1], "%.*s", (int)before, k->sur);
		snprintf(k->pair[2 * i][0], sizeof k->pair[0][0], "%s", at[i] + 1);
		snprintf(k->pair[2 * i + 1][0], sizeof k->pair[0][0], "%.*s", (int)before, k->sur);
		snprintf(k->pair[2 * i + 1][1], sizeof k->pair[0][1], "%s", at[i] + 1);
	}
}
