/* html.c — see html.h.  The only file that writes an html's bytes. */
#include "web/html.h"
#include "core/date.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void html_free(html *h)
{
	buf_free(&h->b);
}

void html_reset(html *h)
{
	buf_reset(&h->b);
}

void html_fail(html *h)
{
	h->b.err = 1;
}

int html_failed(const html *h)
{
	return h->b.err;
}

const char *html_cstr(html *h)
{
	return buf_cstr(&h->b);
}

void html_lit_(html *h, const char *s, size_t n)
{
	buf_add(&h->b, s, n);
}

void html_textn(html *h, const char *s, size_t n)
{
	buf *b = &h->b;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

void html_text(html *h, const char *s)
{
	if (s)
		html_textn(h, s, strlen(s));
}

void html_attr(html *h, const char *s)
{
	html_text(h, s);
}

void html_urlc(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 3);
		}
	}
}

void html_qs(buf *b, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	buf_puts(b, key);
	buf_putc(b, '=');
	html_urlc(b, value);
	buf_putc(b, '&');
}

void html_qs_end(buf *b)
{
	if (b->len && b->p[b->len - 1] == '&')
		b->p[--b->len] = 0;
}

void html_attr_qs(html *h, const char *qs)
{
	size_t n = strlen(qs);
	if (n && qs[n - 1] == '&')
		n--;
	html_textn(h, qs, n);   /* html_text's escapes are html_attr's */
}

void html_int(html *h, long long v)
{
	buf_printf(&h->b, "%lld", v);
}

void html_decimal(html *h, double v, int places)
{
	if (places < 0)
		places = 0;
	if (places > 6)
		places = 6;
	buf_printf(&h->b, "%.*f", places, isfinite(v) ? v : 0.0);
}

void html_date(html *h, const char *iso, const char *empty)
{
	day_t d;
	char out[32];
	if (iso && *iso && date_parse_iso(iso, &d) == 0) {
		date_format_long(d, out, sizeof out);
		html_text(h, out);
	} else {
		html_text(h, empty);
	}
}

void html_text_dates(html *h, const char *s)
{
	size_t start = 0, n = s ? strlen(s) : 0;
	for (size_t i = 0; i + 10 <= n; i++) {
		char iso[11];
		day_t d;
		int bounded = (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
		              (i + 10 == n || !isalnum((unsigned char)s[i + 10]));
		if (!bounded || !isdigit((unsigned char)s[i]))
			continue;
		memcpy(iso, s + i, 10);
		iso[10] = 0;
		if (date_parse_iso(iso, &d) < 0)
			continue;
		html_textn(h, s + start, i - start);
		html_date(h, iso, "");
		start = i + 10;
		i += 9;
	}
	html_textn(h, s + start, n - start);
}

void html_instant(html *h, const char *iso)
{
	int y, mo, d, hr, mi, se;
	char tail;
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &hr, &mi, &se, &tail) != 7 || tail != 'Z') {
		html_text(h, iso ? iso : "");
		return;
	}
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = hr;
	tm.tm_min = mi;
	tm.tm_sec = se;
	time_t t = timegm(&tm);
	struct tm lt;
	localtime_r(&t, &lt);
	char day[11], out[64];
	day_t dn;
	if (date_from_ymd(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday, &dn) < 0) {
		html_text(h, iso);
		return;
	}
	date_format_iso(dn, day);
	html_date(h, day, "");
	int h12 = lt.tm_hour % 12 ? lt.tm_hour % 12 : 12;
	snprintf(out, sizeof out, " at %d:%02d%s", h12, lt.tm_min, lt.tm_hour < 12 ? "am" : "pm");
	html_text(h, out);
}

void csv_cell(buf *b, const char *s)
{
	if (!s)
		s = "";
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int formula = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	if (quote || formula)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	if (quote || formula)
		buf_putc(b, '"');
}

void csv_row(buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		csv_cell(b, cells[i]);
	}
	buf_puts(b, "\r\n");
}
