/* validate.c — see validate.h
 *
 * DESIGN: every validator first copies the input, minus the separators it
 * tolerates, into a small local buffer, counting every character even once
 * the buffer is full; so over-long input is reported as the wrong length,
 * never cut down to something that passes.  Only then are the shape and the
 * check character tested, and `out` is written only on success (so a caller
 * may pass the input buffer as `out`, and a failed value is left as typed
 * for the page to show again).  `why` is filled only when the whole reason
 * fits; a caller that passes a tiny buffer gets "" rather than half a word.
 *
 * Sizes of `out`: UPN 14, NHS number 13, ULN 11, postcode 9, URN 7,
 * UKPRN 9, LA code 4 bytes.
 *
 * Choices the header leaves open: UPN, ULN and postcode drop spaces and
 * tabs anywhere, NHS numbers also hyphens; URN, UKPRN and LA code only have
 * surrounding whitespace trimmed.  Postcodes are checked for shape only
 * (not the Royal Mail rules on which letters may appear where), so a
 * well-formed but unissued postcode passes.  text_is_clean() always allows
 * \t; allow_newlines decides \n and \r; DEL and the C1 controls
 * (U+0080..U+009F) count as control characters; overlong forms,
 * surrogates and code points above U+10FFFF are not valid UTF-8.
 *
 * Check-character algorithms and where they were confirmed:
 *   UPN  DfE "Unique Pupil Numbers" guidance, as restated by DfE validation
 *        rule 1510 (school census / CIN): characters 2..13 weighted 2..13,
 *        sum mod 23 indexes ABCDEFGHJKLMNPQRTUVWXYZ; a letter in position 13
 *        counts as its index in that alphabet.  DfE worked examples
 *        H801200001001 and G80120000101A (temporary) check out.
 *   NHS  NHS CFH "NHS number check digit" note (tech_nn_check_digit), as
 *        widely restated: digits 1..9 weighted 10..2, check = 11 - sum
 *        mod 11, 11 means 0, 10 means the number is invalid.
 *   ULN  DfE/ESFA "ULN validation" (CBDS rule 1575; HESA ULN field): digits
 *        1..9 weighted 10..2, r = sum mod 11, r = 0 is invalid, otherwise
 *        check = 10 - r.  HESA states the same test as "digits 1..10
 *        weighted 10..1, sum mod 11 must be 10"; the two are equivalent.
 */
#include "core/validate.h"
#include <limits.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define GATHER_MAX 32

static const char upn_alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

static void set_why(char *why, size_t whylen, const char *msg)
{
	size_t k;
	if (!why || whylen == 0)
		return;
	k = strlen(msg);
	if (k >= whylen) {
		why[0] = 0;
		return;
	}
	memcpy(why, msg, k + 1);
}

static int fail(char *why, size_t whylen, const char *msg)
{
	set_why(why, whylen, msg);
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static char to_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Copy `in` into buf (GATHER_MAX bytes) upper-cased, skipping any character
 * in `skip`.  Returns the number of characters kept, which may exceed what
 * was stored (only GATHER_MAX - 1 are stored); the caller checks length
 * before looking at the contents. */
static size_t gather(const char *in, const char *skip, char buf[GATHER_MAX])
{
	size_t n = 0;
	buf[0] = 0;
	if (!in)
		return 0;
	for (; *in; in++) {
		if (strchr(skip, *in))
			continue;
		if (n < GATHER_MAX - 1) {
			buf[n] = to_upper(*in);
			buf[n + 1] = 0;
		}
		n++;
	}
	return n;
}

/* As gather(), keeping inner characters but dropping surrounding
 * whitespace. */
static size_t gather_trimmed(const char *in, char buf[GATHER_MAX])
{
	size_t n, len;
	buf[0] = 0;
	if (!in)
		return 0;
	while (is_space(*in))
		in++;
	len = strlen(in);
	while (len && is_space(in[len - 1]))
		len--;
	n = len < GATHER_MAX - 1 ? len : GATHER_MAX - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = to_upper(in[i]);
	buf[n] = 0;
	return len;
}

/* How many of n gathered characters are actually held in the buffer. */
static size_t held(size_t n)
{
	return n < GATHER_MAX - 1 ? n : GATHER_MAX - 1;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static int upn_index(char c)
{
	const char *p;
	if (!is_upper(c))
		return -1;
	p = strchr(upn_alphabet, c);
	return p ? (int)(p - upn_alphabet) : -1;
}

int validate_upn(const char *in, char *out, char *why, size_t whylen)
{
	char b[GATHER_MAX];
	size_t n = gather(in, " \t", b);
	int sum = 0;

	if (n == 0)
		return fail(why, whylen, "is missing");
	if (n != 13)
		return fail(why, whylen, "must be 13 characters");
	if (!is_upper(b[0]))
		return fail(why, whylen, "must start with a letter");
	if (!all_digits(b + 1, 11))
		return fail(why, whylen, "must have numbers in characters 2 to 12");
	if (!is_digit(b[12]) && upn_index(b[12]) < 0)
		return fail(why, whylen, "must end with a number or a letter other than I, O or S");
	for (int i = 1; i < 13; i++) {
		int v = is_digit(b[i]) ? b[i] - '0' : upn_index(b[i]);
		sum += v * (i + 1);
	}
	if (b[0] != upn_alphabet[sum % 23])
		return fail(why, whylen, "check letter is wrong");
	if (out)
		memcpy(out, b, 14);
	return 0;
}

int validate_nhs_number(const char *in, char *out, char *why, size_t whylen)
{
	char b[GATHER_MAX];
	size_t n = gather(in, " \t-", b);
	int sum = 0, check;

	if (n == 0)
		return fail(why, whylen, "is missing");
	if (!all_digits(b, held(n)))
		return fail(why, whylen, "must only include numbers, spaces and hyphens");
	if (n != 10)
		return fail(why, whylen, "must be 10 digits");
	for (int i = 0; i < 9; i++)
		sum += (b[i] - '0') * (10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10 || check != b[9] - '0')
		return fail(why, whylen, "check digit is wrong");
	if (out) {
		memcpy(out, b, 3);
		out[3] = ' ';
		memcpy(out + 4, b + 3, 3);
		out[7] = ' ';
		memcpy(out + 8, b + 6, 4);
		out[12] = 0;
	}
	return 0;
}

int validate_uln(const char *in, char *out, char *why, size_t whylen)
{
	char b[GATHER_MAX];
	size_t n = gather(in, " \t", b);
	int sum = 0, r;

	if (n == 0)
		return fail(why, whylen, "is missing");
	if (!all_digits(b, held(n)))
		return fail(why, whylen, "must only include numbers");
	if (n != 10)
		return fail(why, whylen, "must be 10 digits");
	if (b[0] == '0')
		return fail(why, whylen, "must not start with 0");
	for (int i = 0; i < 9; i++)
		sum += (b[i] - '0') * (10 - i);
	r = sum % 11;
	if (r == 0 || 10 - r != b[9] - '0')
		return fail(why, whylen, "check digit is wrong");
	if (out)
		memcpy(out, b, 11);
	return 0;
}

/* Outward code shapes: A9, A99, AA9, AA99, A9A, AA9A ('A' letter, '9' digit). */
static int outward_ok(const char *s, size_t n)
{
	static const char *const shapes[] = {"A9", "A99", "AA9", "AA99", "A9A", "AA9A"};
	for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
		const char *sh = shapes[k];
		size_t i;
		if (strlen(sh) != n)
			continue;
		for (i = 0; i < n; i++)
			if (sh[i] == 'A' ? !is_upper(s[i]) : !is_digit(s[i]))
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

int validate_postcode(const char *in, char *out, char *why, size_t whylen)
{
	char b[GATHER_MAX];
	size_t n = gather(in, " \t", b);

	if (n == 0)
		return fail(why, whylen, "is missing");
	for (size_t i = 0; i < held(n); i++)
		if (!is_upper(b[i]) && !is_digit(b[i]))
			return fail(why, whylen, "must only include letters, numbers and spaces");
	if (n < 5 || n > 7)
		return fail(why, whylen, "must be a full UK postcode");
	if (!(n == 6 && memcmp(b, "GIR0AA", 6) == 0)) {
		const char *inw = b + n - 3;
		if (!outward_ok(b, n - 3) || !is_digit(inw[0]) || !is_upper(inw[1])
		    || !is_upper(inw[2]))
			return fail(why, whylen, "must be a full UK postcode");
	}
	if (out) {
		memcpy(out, b, n - 3);
		out[n - 3] = ' ';
		memcpy(out + n - 2, b + n - 3, 4);
	}
	return 0;
}

/* Shared by the plain digit-string identifiers. */
static int digits_id(const char *in, size_t lo, size_t hi, const char *lenmsg,
		     char *b, char *why, size_t whylen)
{
	size_t n = gather_trimmed(in, b);
	if (n == 0)
		return fail(why, whylen, "is missing");
	if (!all_digits(b, held(n)))
		return fail(why, whylen, "must only include numbers");
	if (n < lo || n > hi)
		return fail(why, whylen, lenmsg);
	return 0;
}

/* URN: 6 digits.  GIAS allocates every establishment a six-digit Unique
 * Reference Number (100000 upwards; the "URN" column of its establishment
 * extract, edubasealldata), and the SEN2 guide's URN items are the GIAS URN
 * (../shared/reference/sen2.md §3.6: "6 digits").  Ofsted's registration
 * numbers for childminders and nurseries (7 digits, or "EY…") are not GIAS
 * URNs: SEN2 returns such settings as SENsetting EYP. */
int validate_urn(const char *in, char *out, char *why, size_t whylen)
{
	char b[GATHER_MAX];
	if (digits_id(in, 6, 6, "must be 6 digits", b, why, whylen) < 0)
		return -1;
	if (out)
		memcpy(out, b, 7);
	return 0;
}

int validate_ukprn(const char *in, char *out, char *why, size_t whylen)
{
	char b[GATHER_MAX];
	if (digits_id(in, 8, 8, "must be 8 digits", b, why, whylen) < 0)
		return -1;
	if (b[0] != '1')
		return fail(why, whylen, "must start with 1");
	if (out)
		memcpy(out, b, 9);
	return 0;
}

int validate_la_code(const char *in, char *out, char *why, size_t whylen)
{
	char b[GATHER_MAX];
	if (digits_id(in, 3, 3, "must be 3 digits", b, why, whylen) < 0)
		return -1;
	if (out)
		memcpy(out, b, 4);
	return 0;
}

int parse_int64(const char *s, long long min, long long max, long long *out)
{
	unsigned long long v = 0, limit;
	int neg = 0;
	long long r;

	if (!s)
		return -1;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (!*s)
		return -1;
	/* magnitude limit: LLONG_MAX, or |LLONG_MIN| when negative */
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (; *s; s++) {
		unsigned d;
		if (!is_digit(*s))
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (neg)
		r = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
	else
		r = (long long)v;
	if (r < min || r > max)
		return -1;
	if (out)
		*out = r;
	return 0;
}

char *str_trim(char *s)
{
	size_t len, start = 0;
	if (!s)
		return s;
	len = strlen(s);
	while (len && is_space(s[len - 1]))
		len--;
	while (start < len && is_space(s[start]))
		start++;
	if (start)
		memmove(s, s + start, len - start);
	s[len - start] = 0;
	return s;
}

int text_is_clean(const char *s, int allow_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!s)
		return 0;
	while (*p) {
		unsigned c = *p;
		unsigned long cp;
		int extra;
		if (c < 0x80) {
			if (c == '\t' || ((c == '\n' || c == '\r') && allow_newlines)) {
				p++;
				continue;
			}
			if (c < 0x20 || c == 0x7f)
				return 0;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			cp = c & 0x1f;
			extra = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			cp = c & 0x0f;
			extra = 2;
		} else if (c >= 0xf0 && c <= 0xf4) {
			cp = c & 0x07;
			extra = 3;
		} else {
			return 0;       /* continuation byte, C0/C1 overlong lead, > F4 */
		}
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return 0;       /* includes the terminating NUL */
			cp = (cp << 6) | (*p & 0x3f);
		}
		if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000)
		    || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;       /* overlong, out of range, or a surrogate */
		if (cp >= 0x80 && cp <= 0x9f)
			return 0;       /* C1 control characters */
	}
	return 1;
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

int validate_email(const char *in, char *out, char *why, size_t whylen)
{
	size_t n = strlen(in);
	while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	while (n && (*in == ' ' || *in == '\t'))
		in++, n--;
	if (n > 254) {
		snprintf(why, whylen, "must be 254 characters or fewer");
		return -1;
	}
	const char *at = memchr(in, '@', n);
	if (!at || memchr(at + 1, '@', n - (size_t)(at - in) - 1)) {
		snprintf(why, whylen, "must be an address like name@example.org, with one @");
		return -1;
	}
	size_t local = (size_t)(at - in), dom = n - local - 1;
	if (local == 0 || local > 64) {
		snprintf(why, whylen, "must have 1 to 64 characters before the @");
		return -1;
	}
	for (size_t i = 0; i < local; i++) {
		char c = in[i];
		int ok = isalnum((unsigned char)c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c)) ||
		         (c == '.' && i > 0 && i + 1 < local && in[i - 1] != '.');
		if (!ok || (unsigned char)c >= 0x80) {
			snprintf(why, whylen, "has a character that cannot be used before the @");
			return -1;
		}
	}
	int labels = 0;
	size_t lab = 0;
	for (size_t i = 0; i <= dom; i++) {
		char c = i < dom ? at[1 + i] : '.';
		if (c == '.') {
			if (lab == 0 || lab > 63 || at[i] == '-') {
				snprintf(why, whylen, "must have a domain like example.org after the @");
				return -1;
			}
			labels++;
			lab = 0;
		} else if (isalnum((unsigned char)c) && (unsigned char)c < 0x80) {
			lab++;
		} else if (c == '-' && lab > 0) {
			lab++;
		} else {
			snprintf(why, whylen, "must have a domain like example.org after the @");
			return -1;
		}
	}
	if (labels < 2) {
		snprintf(why, whylen, "must have a domain like example.org after the @");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[n] = 0;
	return 0;
}

int validate_public_url(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	size_t n = strlen(in);
	while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	while (n && (*in == ' ' || *in == '\t'))
		in++, n--;
	if (n + 1 > outlen) {
		snprintf(why, whylen, "is too long");
		return -1;
	}
	if (!n) {
		out[0] = 0;
		return 0;
	}
	size_t scheme = n >= 8 && !strncasecmp(in, "https://", 8) ? 8 : n >= 7 && !strncasecmp(in, "http://", 7) ? 7 : 0;
	if (!scheme) {
		snprintf(why, whylen, "must start http:// or https://, for example https://sendmis.example.gov.uk");
		return -1;
	}
	while (n > scheme && in[n - 1] == '/')
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '?' || c == '#') {
			snprintf(why, whylen, "must not have a %s (the part from '%c'): links are made by adding a path to it",
			         c == '?' ? "query" : "fragment", c);
			return -1;
		}
		if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c)) {
			snprintf(why, whylen, "must be a web address of printable characters, with no spaces");
			return -1;
		}
	}
	size_t host = scheme, end = host;
	while (end < n && in[end] != '/')
		end++;
	if (memchr(in + host, '@', end - host)) {
		snprintf(why, whylen, "must not hold a user name or password");
		return -1;
	}
	size_t colon = end;
	if (in[host] == '[') {
		const char *close = memchr(in + host, ']', end - host);
		colon = close ? (size_t)(close - in) + 1 : end;
		for (size_t i = host + 1; close && i < colon - 1; i++)
			if (!isxdigit((unsigned char)in[i]) && in[i] != ':' && in[i] != '.')
				close = NULL;
		if (!close || colon - host < 3 || (colon < end && in[colon] != ':')) {
			snprintf(why, whylen, "has an IPv6 address that is not valid");
			return -1;
		}
	} else {
		for (size_t i = host; i < end && colon == end; i++)
			if (in[i] == ':')
				colon = i;
		for (size_t i = host; i < colon; i++)
			if (!isalnum((unsigned char)in[i]) && in[i] != '.' && in[i] != '-') {
				snprintf(why, whylen, "must have a host name like sendmis.example.gov.uk after %.*s", (int)scheme, in);
				return -1;
			}
	}
	if (colon == host) {
		snprintf(why, whylen, "must have a host name like sendmis.example.gov.uk after %.*s", (int)scheme, in);
		return -1;
	}
	if (colon < end) {
		char port[8];
		long long p;
		size_t pl = end - colon - 1;
		snprintf(port, sizeof port, "%.*s", (int)(pl < 7 ? pl : 7), in + colon + 1);
		if (pl == 0 || pl > 5 || parse_int64(port, 1, 65535, &p) < 0) {
			snprintf(why, whylen, "has a port that is not a number from 1 to 65535");
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++)
		out[i] = i < end ? (char)tolower((unsigned char)in[i]) : in[i];
	out[n] = 0;
	return 0;
}
