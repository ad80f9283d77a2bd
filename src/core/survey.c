/* survey.c — questionnaires' rules and results' statistics (survey.h). */
#include "core/survey.h"
#include "core/validate.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_codes[SQ_KINDS] = {"likert", "yesno", "single", "multiple", "text"};
static const char *const kind_labels[SQ_KINDS] = {
	"Agree or disagree (5 points, strongly agree to strongly disagree)", "Yes or no", "One choice from a list",
	"Any choices from a list", "Free text"};
static const char *const likert[SQ_LIKERT_N] = {"Strongly agree", "Agree", "Neither agree nor disagree", "Disagree",
                                                 "Strongly disagree"};

int sq_kind_parse(const char *s)
{
	for (int i = 0; s && i < SQ_KINDS; i++)
		if (!strcmp(s, kind_codes[i]))
			return i;
	return -1;
}

const char *sq_kind_code(enum sq_kind k) { return (unsigned)k < SQ_KINDS ? kind_codes[k] : ""; }
const char *sq_kind_label(enum sq_kind k) { return (unsigned)k < SQ_KINDS ? kind_labels[k] : ""; }
const char *sq_likert_label(int point) { return point >= 1 && point <= SQ_LIKERT_N ? likert[point - 1] : NULL; }

int sq_agrees(enum sq_kind k, const char *v)
{
	if (!v)
		return 0;
	if (k == SQ_LIKERT)
		return !strcmp(v, "1") || !strcmp(v, "2");
	if (k == SQ_YESNO)
		return !strcmp(v, "1");
	return 0;
}

static char *trim(char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

int sq_options_split(const char *text, char *buf, size_t bufsz, const char *opts[SQ_MAX_OPTIONS], struct errs *err)
{
	snprintf(buf, bufsz, "%s", text ? text : "");
	int n = 0;
	char *save = NULL;
	for (char *line = strtok_r(buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *t = trim(line);
		if (!*t)
			continue;
		if (n == SQ_MAX_OPTIONS) {
			errs_add(err, "options", "Enter %d options or fewer", SQ_MAX_OPTIONS);
			return -1;
		}
		if (utf8_chars(t) > SQ_OPTION_MAX) {
			errs_add(err, "options", "Option %d must be %d characters or fewer", n + 1, SQ_OPTION_MAX);
			return -1;
		}
		for (int i = 0; i < n; i++)
			if (!strcmp(opts[i], t)) {
				errs_add(err, "options", "Option %d repeats option %d: each option once", n + 1, i + 1);
				return -1;
			}
		opts[n++] = t;
	}
	return n;
}

void sq_question_check(int kind, const char *wording, const char *statement, const char *options, struct errs *err)
{
	if (kind < 0)
		errs_add(err, "kind", "Select the kind of question");
	if (!wording || !*wording)
		errs_add(err, "wording", "Enter the question as people will read it");
	else if (utf8_chars(wording) > SQ_WORDING_MAX)
		errs_add(err, "wording", "Question must be %d characters or fewer", SQ_WORDING_MAX);
	if (statement && utf8_chars(statement) > 100)
		errs_add(err, "statement", "Short name must be 100 characters or fewer");
	if (kind == SQ_SINGLE || kind == SQ_MULTIPLE) {
		char buf[SQ_MAX_OPTIONS * (SQ_OPTION_MAX * 4 + 2) + 64];
		const char *o[SQ_MAX_OPTIONS];
		struct errs tmp = {0};
		int n = sq_options_split(options, buf, sizeof buf, o, &tmp);
		if (n < 0)
			errs_add(err, "options", "%s", tmp.n ? tmp.e[0].msg : "Check the options");
		else if (n < 2)
			errs_add(err, "options", "Enter at least 2 options, one a line");
	} else if (options && options[strspn(options, " \t\r\n")]) {
		errs_add(err, "options", "Only a choice question has options: clear them, or choose a kind with a list");
	}
}

int sq_answer_parse(enum sq_kind k, int nopts, const char *const *values, int nvalues, int required,
                    const char *field, char *out, size_t outsz, struct errs *err)
{
	out[0] = 0;
	const char *v = nvalues > 0 && values[0] ? values[0] : "";
	if (k == SQ_TEXT) {
		char *t = strdup(v);
		if (!t)
			return -1;
		char *s = trim(t);
		if (utf8_chars(s) > SQ_TEXT_ANSWER_MAX) {
			errs_add(err, field, "Your answer must be %d characters or fewer", SQ_TEXT_ANSWER_MAX);
			free(t);
			return -1;
		}
		snprintf(out, outsz, "%s", s);
		free(t);
		if (!*out && required) {
			errs_add(err, field, "Enter your answer");
			return -1;
		}
		return 0;
	}
	if (k == SQ_MULTIPLE) {
		int seen[SQ_MAX_OPTIONS + 1] = {0};
		int any = 0;
		for (int i = 0; i < nvalues; i++) {
			if (!values[i] || !*values[i])
				continue;
			char *end;
			long x = strtol(values[i], &end, 10);
			if (*end || x < 1 || x > nopts) {
				errs_add(err, field, "Select from the options listed");
				return -1;
			}
			seen[x] = 1;
			any = 1;
		}
		if (!any) {
			if (required) {
				errs_add(err, field, "Select all that apply");
				return -1;
			}
			return 0;
		}
		size_t len = 0;
		for (int x = 1; x <= nopts; x++)
			if (seen[x])
				len += (size_t)snprintf(out + len, len < outsz ? outsz - len : 0, "%s%d", len ? "," : "", x);
		return 0;
	}
	if (!*v) {
		if (required) {
			errs_add(err, field, k == SQ_YESNO ? "Select yes or no" : k == SQ_LIKERT ? "Select how much you agree"
			                                                                        : "Select an answer");
			return -1;
		}
		return 0;
	}
	long max = k == SQ_LIKERT ? SQ_LIKERT_N : k == SQ_SINGLE ? nopts : 1;
	long min = k == SQ_YESNO ? 0 : 1;
	char *end;
	long x = strtol(v, &end, 10);
	if (*end || x < min || x > max) {
		errs_add(err, field, "Select from the answers listed");
		return -1;
	}
	snprintf(out, outsz, "%ld", x);
	return 0;
}

void sq_wilson(long x, long n, double *lo, double *hi)
{
	if (n <= 0 || x < 0 || x > n) {
		*lo = *hi = 0;
		return;
	}
	const double z = 1.96, z2 = z * z;
	double p = (double)x / (double)n, nn = (double)n;
	double denom = 1 + z2 / nn;
	double centre = (p + z2 / (2 * nn)) / denom;
	double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
	*lo = centre - half < 0 ? 0 : centre - half;
	*hi = centre + half > 1 ? 1 : centre + half;
}

int sq_suppressed(long n) { return n < SQ_SUPPRESS_BELOW; }

int sq_quarter(const char *s, char out[8])
{
	if (!s || strlen(s) < 7 || s[4] != '-' || !isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[6]))
		return -1;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12)
		return -1;
	snprintf(out, 8, "%.4s-Q%d", s, (m - 1) / 3 + 1);
	return 0;
}

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void sq_token_encode(const unsigned char rnd[32], char out[SQ_TOKEN_LEN + 1])
{
	int o = 0;
	unsigned acc = 0, bits = 0;
	for (int i = 0; i < 32; i++) {
		acc = (acc << 8) | rnd[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = b64url[(acc >> bits) & 63];
		}
	}
	if (bits)
		out[o++] = b64url[(acc << (6 - bits)) & 63];
	out[o] = 0;
}

int sq_token_shape(const char *s)
{
	if (!s || strlen(s) != SQ_TOKEN_LEN)
		return 0;
	for (const char *p = s; *p; p++)
		if (!strchr(b64url, *p) || !*p)
			return 0;
	return 1;
}

static int b64url_char(char c) { return c && strchr(b64url, c) != NULL; }

int sq_mask_links(char *s)
{
	if (!s)
		return 0;
	int n = 0;
	const size_t mlen = sizeof SQ_TOKEN_MASK - 1;
	for (char *p = strstr(s, "/s/"); p; p = strstr(p, "/s/")) {
		char *t = p + 3;
		size_t k = 0;
		while (k <= SQ_TOKEN_LEN && b64url_char(t[k]))
			k++;
		if (k != SQ_TOKEN_LEN) {
			p = t;
			continue;
		}
		/* the mask is no longer than a token: rewrite in place */
		memcpy(t, SQ_TOKEN_MASK, mlen);
		memmove(t + mlen, t + SQ_TOKEN_LEN, strlen(t + SQ_TOKEN_LEN) + 1);
		p = t + mlen;
		n++;
	}
	return n;
}
