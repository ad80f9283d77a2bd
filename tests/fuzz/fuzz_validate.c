/* fuzz_validate.c — libFuzzer target for core/validate.c
 *
 * DESIGN: the input (up to its first NUL) goes to every validator.  Each
 * `out` is a heap block of exactly the documented minimum size, so the
 * address sanitizer reports a write even one byte too far, and `why` gets a
 * size taken from the input so short reason buffers are exercised too.
 * Properties checked (abort() if broken): a normalised value validates
 * again to itself; a reason always fits its buffer; parse_int64 stays in
 * range and agrees with a plain re-parse; str_trim leaves no edge
 * whitespace; text accepted without newlines is accepted with them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 4096

typedef int (*validator)(const char *, char *, char *, size_t);

static const struct {
	validator fn;
	size_t outlen;
} validators[] = {
	{validate_upn, 14},
	{validate_nhs_number, 13},
	{validate_uln, 11},
	{validate_postcode, 9},
	{validate_urn, 8},
	{validate_ukprn, 9},
	{validate_la_code, 4},
};

static void check(int ok)
{
	if (!ok)
		abort();
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void run_validator(validator fn, size_t outlen, const char *s, size_t whylen)
{
	char *out = malloc(outlen), *why = malloc(whylen ? whylen : 1);
	char again[64], why2[64];
	if (!out || !why)
		goto done;
	if (fn(s, out, why, whylen) == 0) {
		check(strlen(out) < outlen);
		check(fn(out, again, why2, sizeof why2) == 0);
		check(strcmp(out, again) == 0);
	} else if (whylen) {
		check(strlen(why) < whylen);
	}
	/* NULL out and why must be accepted */
	(void)fn(s, NULL, NULL, 0);
done:
	free(out);
	free(why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *t;
	size_t whylen;
	long long v;

	if (size > MAX_INPUT)
		return 0;
	s = malloc(size + 1);
	t = malloc(size + 1);
	if (!s || !t)
		goto out;
	memcpy(s, data, size);
	s[size] = 0;
	whylen = size ? data[size - 1] % 80 : 0;

	for (size_t i = 0; i < sizeof validators / sizeof validators[0]; i++)
		run_validator(validators[i].fn, validators[i].outlen, s, whylen);

	if (parse_int64(s, -1000, 1000, &v) == 0)
		check(v >= -1000 && v <= 1000);
	if (parse_int64(s, INT64_MIN, INT64_MAX, &v) == 0) {
		char back[32];
		long long w;
		snprintf(back, sizeof back, "%lld", v);
		check(parse_int64(back, INT64_MIN, INT64_MAX, &w) == 0 && w == v);
	}

	memcpy(t, s, size + 1);
	{
		size_t n;
		check(str_trim(t) == t);
		n = strlen(t);
		check(n <= strlen(s));
		if (n)
			check(!is_space(t[0]) && !is_space(t[n - 1]));
		check(strstr(s, t) != NULL);
	}

	if (text_is_clean(s, 0))
		check(text_is_clean(s, 1));

out:
	free(s);
	free(t);
	return 0;
}
