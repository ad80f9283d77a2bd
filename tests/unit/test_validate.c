/* test_validate.c — cmocka tests for core/validate.c
 *
 * DESIGN: each identifier is tested three ways: worked examples verified
 * by hand (the arithmetic is in the comments) and taken from the published
 * guidance; numbers made by a small generator written here independently of
 * the implementation (deterministic PRNG, so failures reproduce); and
 * known-bad inputs, including every single wrong check character.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/validate.h"

typedef int (*validator)(const char *, char *, char *, size_t);

static uint32_t rng = 0x2545F491u;

static uint32_t next(void)
{
	/* xorshift32; shifts done in 64 bits so no bits are lost by design */
	rng ^= (uint32_t)((uint64_t)rng << 13);
	rng ^= rng >> 17;
	rng ^= (uint32_t)((uint64_t)rng << 5);
	return rng;
}

static void ok(validator v, const char *in, const char *want)
{
	char out[64], why[64];
	memset(out, 'x', sizeof out);
	why[0] = 0;
	if (v(in, out, why, sizeof why) != 0)
		fail_msg("rejected \"%s\": %s", in, why);
	assert_string_equal(out, want);
}

static void bad(validator v, const char *in, const char *want_why)
{
	char out[64] = "untouched", why[64] = "";
	if (v(in, out, why, sizeof why) != -1)
		fail_msg("accepted \"%s\" as \"%s\"", in ? in : "NULL", out);
	assert_string_equal(out, "untouched");
	if (want_why)
		assert_string_equal(why, want_why);
	else
		assert_true(why[0] != 0);
}

/* ---- UPN --------------------------------------------------------------- */

/* Independent generator: characters 2..13 weighted 2..13, each valued by
 * its index in "ABCDEFGHJKLMNPQRTUVWXYZ0123456789" (so digit d is 23 + d,
 * congruent to d mod 23), sum mod 23 indexes the same alphabet. */
static const char upn_chars[] = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789";

static char upn_check(const char *tail12)
{
	int sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (int)(strchr(upn_chars, tail12[i]) - upn_chars) * (i + 2);
	return upn_chars[sum % 23];
}

static void make_upn(char out[14], int temporary)
{
	for (int i = 1; i <= 12; i++)
		out[i] = (char)('0' + next() % 10);
	if (temporary)
		out[12] = upn_chars[next() % 23];
	out[13] = 0;
	out[0] = upn_check(out + 1);
}

static void test_upn_worked_examples(void **state)
{
	(void)state;
	/* DfE UPN guidance examples.
	 * H801200001001: 8*2+0*3+1*4+2*5+0+0+0+0+1*10+0+0+1*13 = 53;
	 *   53 mod 23 = 7 -> H.
	 * G80120000101A: 16+4+10+1*10+1*12+A(0)*13 = 52; 52 mod 23 = 6 -> G. */
	ok(validate_upn, "H801200001001", "H801200001001");
	ok(validate_upn, "G80120000101A", "G80120000101A");
	/* B801200005001: 16+4+10+5*10+13 = 93; 93 mod 23 = 1 -> B. */
	ok(validate_upn, "B801200005001", "B801200005001");
	/* Synthetic LA 999: B999000025001:
	 *   9*2+9*3+9*4+2*9+5*10+1*13 = 162; 162 mod 23 = 1 -> B. */
	ok(validate_upn, "B999000025001", "B999000025001");
	/* Temporary with Z (22): 999000025 00Z:
	 *   18+27+36+18+50+22*13(286) = 435; 435 mod 23 = 21 -> Y. */
	ok(validate_upn, "Y99900002500Z", "Y99900002500Z");
	/* normalised: upper case, spaces removed */
	ok(validate_upn, "b999 0000 25001", "B999000025001");
	ok(validate_upn, "  h8012 0000 1001 ", "H801200001001");
	ok(validate_upn, "g80120000101a", "G80120000101A");
}

static void test_upn_bad(void **state)
{
	char big[2000];
	(void)state;
	bad(validate_upn, "Z801200001001", "check letter is wrong");
	bad(validate_upn, "A801200005001", "check letter is wrong");
	bad(validate_upn, "H801200001002", "check letter is wrong");
	bad(validate_upn, "H801200010001", "check letter is wrong");  /* transposed */
	bad(validate_upn, "I801200001001", NULL);       /* not in the alphabet */
	bad(validate_upn, "O801200001001", NULL);
	bad(validate_upn, "1801200001001", "must start with a letter");
	bad(validate_upn, "H80120000100", "must be 13 characters");
	bad(validate_upn, "H8012000010011", "must be 13 characters");
	bad(validate_upn, "X80120000A001", "must have numbers in characters 2 to 12");
	bad(validate_upn, "H8012000010-1", "must have numbers in characters 2 to 12");
	bad(validate_upn, "G80120000101I", NULL);
	bad(validate_upn, "G80120000101O", NULL);
	bad(validate_upn, "G80120000101S", NULL);
	bad(validate_upn, "G80120000101-", NULL);
	bad(validate_upn, "", "is missing");
	bad(validate_upn, "   ", "is missing");
	bad(validate_upn, NULL, "is missing");
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = 0;
	big[0] = 'H';
	bad(validate_upn, big, "must be 13 characters");
	/* a valid UPN followed by more characters is not silently cut */
	bad(validate_upn, "H801200001001H801200001001", "must be 13 characters");
	bad(validate_upn, "H801200001001\n", NULL);
	bad(validate_upn, "H80120000100\xc3\xa9", NULL);
}

static void test_upn_generated(void **state)
{
	(void)state;
	for (int n = 0; n < 2000; n++) {
		char upn[14], why[64];
		make_upn(upn, n % 3 == 0);
		if (validate_upn(upn, NULL, why, sizeof why) != 0)
			fail_msg("generated %s rejected: %s", upn, why);
		/* every other check letter is wrong */
		for (int k = 0; k < 23; k++) {
			char wrong[14];
			memcpy(wrong, upn, sizeof wrong);
			if (upn_chars[k] == upn[0])
				continue;
			wrong[0] = upn_chars[k];
			assert_int_equal(validate_upn(wrong, NULL, NULL, 0), -1);
		}
	}
}

/* ---- NHS number -------------------------------------------------------- */

static int nhs_check(const char *d9)
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (d9[i] - '0') * (10 - i);
	sum = 11 - sum % 11;
	return sum == 11 ? 0 : sum;     /* 10 = no valid number */
}

static void test_nhs_worked_examples(void **state)
{
	(void)state;
	/* 943 476 5919: 90+36+24+28+42+30+20+27+2 = 299; 299 mod 11 = 2;
	 * 11 - 2 = 9. */
	ok(validate_nhs_number, "9434765919", "943 476 5919");
	ok(validate_nhs_number, "943 476 5919", "943 476 5919");
	ok(validate_nhs_number, "943-476-5919", "943 476 5919");
	ok(validate_nhs_number, " 943  4765 919 ", "943 476 5919");
	/* 401 023 2137: 40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4; 11 - 4 = 7. */
	ok(validate_nhs_number, "4010232137", "401 023 2137");
	/* 11 - 0 = 11 means check digit 0: 200 000 001?:
	 * 2*10 + 1*2 = 22; 22 mod 11 = 0 -> 0. */
	ok(validate_nhs_number, "2000000010", "200 000 0010");
}

static void test_nhs_bad(void **state)
{
	(void)state;
	bad(validate_nhs_number, "9434765918", "check digit is wrong");
	bad(validate_nhs_number, "9434765910", "check digit is wrong");
	bad(validate_nhs_number, "4010232138", "check digit is wrong");
	bad(validate_nhs_number, "4010232173", "check digit is wrong");
	bad(validate_nhs_number, "9434675919", "check digit is wrong");  /* transposed */
	/* 0 0 0 0 0 0 0 0 6: 6*2 = 12, 12 mod 11 = 1, 11 - 1 = 10: no number
	 * with these first nine digits is valid */
	for (char c = '0'; c <= '9'; c++) {
		char s[11] = "000000006";
		s[9] = c;
		s[10] = 0;
		bad(validate_nhs_number, s, "check digit is wrong");
	}
	bad(validate_nhs_number, "943476591", "must be 10 digits");
	bad(validate_nhs_number, "94347659190", "must be 10 digits");
	bad(validate_nhs_number, "943476591x", "must only include numbers, spaces and hyphens");
	bad(validate_nhs_number, "943.476.5919", "must only include numbers, spaces and hyphens");
	bad(validate_nhs_number, "94347659199434765919", "must be 10 digits");
	bad(validate_nhs_number, "", "is missing");
	bad(validate_nhs_number, " - ", "is missing");
	bad(validate_nhs_number, NULL, "is missing");
}

static void test_nhs_generated(void **state)
{
	(void)state;
	for (int n = 0; n < 2000; n++) {
		char s[11];
		int c;
		for (int i = 0; i < 9; i++)
			s[i] = (char)('0' + next() % 10);
		c = nhs_check(s);
		for (int d = 0; d <= 9; d++) {
			s[9] = (char)('0' + d);
			s[10] = 0;
			assert_int_equal(validate_nhs_number(s, NULL, NULL, 0), d == c ? 0 : -1);
		}
	}
}

/* ---- ULN --------------------------------------------------------------- */

/* The HESA statement of the ULN test: all ten digits weighted 10..1, sum
 * mod 11 must be 10.  Used as the independent oracle. */
static int uln_hesa_ok(const char *s)
{
	int sum = 0;
	if (strlen(s) != 10 || s[0] == '0')
		return 0;
	for (int i = 0; i < 10; i++)
		sum += (s[i] - '0') * (10 - i);
	return sum % 11 == 10;
}

static void test_uln_worked_examples(void **state)
{
	(void)state;
	/* HESA example 9276308686: first nine weighted 10..2:
	 * 90+18+56+42+18+0+32+18+16 = 290; 290 mod 11 = 4; 10 - 4 = 6. */
	ok(validate_uln, "9276308686", "9276308686");
	/* 1000102504: 10+6+8+15+0 = 39; 39 mod 11 = 6; 10 - 6 = 4. */
	ok(validate_uln, "1000102504", "1000102504");
	/* remainder 10 gives check digit 0: 1000000000: 10 mod 11 = 10. */
	ok(validate_uln, "1000000000", "1000000000");
	ok(validate_uln, " 92763 08686 ", "9276308686");
	assert_true(uln_hesa_ok("9276308686"));
	assert_true(uln_hesa_ok("1000102504"));
	assert_true(uln_hesa_ok("1000000000"));
}

static void test_uln_bad(void **state)
{
	(void)state;
	bad(validate_uln, "9276308687", "check digit is wrong");
	bad(validate_uln, "9276308668", "check digit is wrong");
	bad(validate_uln, "1000102505", "check digit is wrong");
	bad(validate_uln, "0276308686", "must not start with 0");
	/* 1 0 0 0 0 0 0 0 6: 10 + 12 = 22, remainder 0: always invalid */
	for (char c = '0'; c <= '9'; c++) {
		char s[11] = "100000006";
		s[9] = c;
		s[10] = 0;
		bad(validate_uln, s, "check digit is wrong");
	}
	/* an NHS number is not a ULN (the schemes were made not to collide) */
	bad(validate_uln, "9434765919", "check digit is wrong");
	bad(validate_uln, "927630868", "must be 10 digits");
	bad(validate_uln, "92763086860", "must be 10 digits");
	bad(validate_uln, "927630868A", "must only include numbers");
	bad(validate_uln, "9276-308686", "must only include numbers");
	bad(validate_uln, "", "is missing");
	bad(validate_uln, NULL, "is missing");
}

static void test_uln_generated(void **state)
{
	(void)state;
	for (int n = 0; n < 2000; n++) {
		char s[11];
		s[0] = (char)('1' + next() % 9);
		for (int i = 1; i < 9; i++)
			s[i] = (char)('0' + next() % 10);
		for (int d = 0; d <= 9; d++) {
			s[9] = (char)('0' + d);
			s[10] = 0;
			assert_int_equal(validate_uln(s, NULL, NULL, 0), uln_hesa_ok(s) ? 0 : -1);
		}
	}
}

/* ---- postcode ---------------------------------------------------------- */

static void test_postcode(void **state)
{
	static const char *const good[][2] = {
		{"SW1A 1AA", "SW1A 1AA"}, {"EC1A 1BB", "EC1A 1BB"},
		{"W1A 0AX", "W1A 0AX"}, {"M1 1AE", "M1 1AE"},
		{"B33 8TH", "B33 8TH"}, {"CR2 6XH", "CR2 6XH"},
		{"DN55 1PT", "DN55 1PT"}, {"GIR 0AA", "GIR 0AA"},
		{"sw1a1aa", "SW1A 1AA"}, {"  ec1a   1bb ", "EC1A 1BB"},
		{"w1a0ax", "W1A 0AX"}, {"m11ae", "M1 1AE"}, {"gir0aa", "GIR 0AA"},
		{"Dn551pT", "DN55 1PT"}, {"S W 1 A 1 A A", "SW1A 1AA"},
	};
	static const char *const wrong[] = {
		"SW1A 1A", "SW1A1AAA", "1W1A 1AA", "SW1A AAA", "SWAA 1AA",
		"S 1AA", "SW 1AA", "SW1A 11A", "SW1A 1A1", "SW12A 1AA",
		"A1AA 1AA", "GIR 0AB", "SW1A1AA SW1A1AA", "999 9AA",
	};
	char out[9], why[64];
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		ok(validate_postcode, good[i][0], good[i][1]);
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
		bad(validate_postcode, wrong[i], "must be a full UK postcode");
	bad(validate_postcode, "SW1A-1AA", "must only include letters, numbers and spaces");
	bad(validate_postcode, "SW1A 1A\xc3\x89", "must only include letters, numbers and spaces");
	bad(validate_postcode, "", "is missing");
	bad(validate_postcode, NULL, "is missing");
	/* the longest result fits the documented 9 bytes exactly */
	assert_int_equal(validate_postcode("ec1a1bb", out, why, sizeof why), 0);
	assert_string_equal(out, "EC1A 1BB");
}

/* ---- URN, UKPRN, LA code ----------------------------------------------- */

static void test_urn_ukprn_la(void **state)
{
	(void)state;
	ok(validate_urn, "100000", "100000");
	ok(validate_urn, " 123456 ", "123456");
	bad(validate_urn, "1234567", "must be 6 digits");   /* an Ofsted registration number, not a GIAS URN */
	bad(validate_urn, "12345", "must be 6 digits");
	bad(validate_urn, "12345678", "must be 6 digits");
	bad(validate_urn, "12a456", "must only include numbers");
	bad(validate_urn, "123 456", "must only include numbers");
	bad(validate_urn, "", "is missing");

	ok(validate_ukprn, "10012345", "10012345");
	ok(validate_ukprn, "\t10012345\n", "10012345");
	bad(validate_ukprn, "20012345", "must start with 1");
	bad(validate_ukprn, "1001234", "must be 8 digits");
	bad(validate_ukprn, "100123456", "must be 8 digits");
	bad(validate_ukprn, "1001234x", "must only include numbers");
	bad(validate_ukprn, NULL, "is missing");

	ok(validate_la_code, "999", "999");
	ok(validate_la_code, "201", "201");
	bad(validate_la_code, "99", "must be 3 digits");
	bad(validate_la_code, "9999", "must be 3 digits");
	bad(validate_la_code, "9a9", "must only include numbers");
	bad(validate_la_code, "-99", "must only include numbers");
	bad(validate_la_code, "", "is missing");
}

static void test_why_and_out_handling(void **state)
{
	char buf[32], why[8];
	(void)state;
	/* a reason that does not fit is left empty, never cut short */
	memset(why, 'x', sizeof why);
	assert_int_equal(validate_upn("H801200001002", NULL, why, sizeof why), -1);
	assert_string_equal(why, "");
	/* NULL out and why are allowed */
	assert_int_equal(validate_upn("H801200001001", NULL, NULL, 0), 0);
	assert_int_equal(validate_upn("bad", NULL, NULL, 0), -1);
	/* in place: out may be the input buffer */
	snprintf(buf, sizeof buf, "b999 0000 25001");
	assert_int_equal(validate_upn(buf, buf, NULL, 0), 0);
	assert_string_equal(buf, "B999000025001");
	snprintf(buf, sizeof buf, "943-476-5919");
	assert_int_equal(validate_nhs_number(buf, buf, NULL, 0), 0);
	assert_string_equal(buf, "943 476 5919");
	snprintf(buf, sizeof buf, "sw1a1aa");
	assert_int_equal(validate_postcode(buf, buf, NULL, 0), 0);
	assert_string_equal(buf, "SW1A 1AA");
}

/* ---- parse_int64, str_trim, text_is_clean ------------------------------- */

static void test_parse_int64(void **state)
{
	static const char *const wrong[] = {
		"", "-", "12a", " 1", "1 ", "+1", "0x10", "1e3", "--1", "1-",
		"9223372036854775808", "-9223372036854775809",
		"99999999999999999999999", "\xef\xbc\x91",
	};
	long long v;
	(void)state;
	assert_int_equal(parse_int64("0", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == 0);
	assert_int_equal(parse_int64("-0", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == 0);
	assert_int_equal(parse_int64("007", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == 7);
	assert_int_equal(parse_int64("-123", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == -123);
	assert_int_equal(parse_int64("9223372036854775807", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(parse_int64("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MIN);
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		v = 42;
		if (parse_int64(wrong[i], LLONG_MIN, LLONG_MAX, &v) != -1)
			fail_msg("accepted \"%s\"", wrong[i]);
		assert_true(v == 42);
	}
	/* range */
	assert_int_equal(parse_int64("10", 0, 10, &v), 0);
	assert_int_equal(parse_int64("0", 0, 10, &v), 0);
	assert_int_equal(parse_int64("11", 0, 10, &v), -1);
	assert_int_equal(parse_int64("-1", 0, 10, &v), -1);
	assert_int_equal(parse_int64("-0", 0, 10, &v), 0);
	assert_int_equal(parse_int64(NULL, 0, 10, &v), -1);
	assert_int_equal(parse_int64("5", 0, 10, NULL), 0);
}

static void test_str_trim(void **state)
{
	char a[] = "  a b \t\n", b[] = "", c[] = "   ", d[] = "x", e[] = "\r\nx y\v\f";
	(void)state;
	assert_string_equal(str_trim(a), "a b");
	assert_ptr_equal(str_trim(a), a);
	assert_string_equal(str_trim(b), "");
	assert_string_equal(str_trim(c), "");
	assert_string_equal(str_trim(d), "x");
	assert_string_equal(str_trim(e), "x y");
	assert_null(str_trim(NULL));
}

static void test_text_is_clean(void **state)
{
	static const char *const good[] = {
		"", "Zoë", "Zo\xc3\xab", "Siobhán O'Neill-Smith", "€10",
		"\xf0\x9f\x98\x80", "tab\there", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf",
	};
	static const char *const wrong[] = {
		"\xc3\x28", "a\001b", "a\x7f", "\x1b[31m", "\xc0\xaf",
		"\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
		"\xc2\x85", "\xe2\x82", "\x80", "\xff", "abc\xc3",
		"\xf0\x9f\x98", "\xf8\x88\x80\x80\x80",
	};
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!text_is_clean(good[i], 0) || !text_is_clean(good[i], 1))
			fail_msg("rejected good[%zu]", i);
	}
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		if (text_is_clean(wrong[i], 0) || text_is_clean(wrong[i], 1))
			fail_msg("accepted wrong[%zu]", i);
	}
	assert_false(text_is_clean("line1\nline2", 0));
	assert_true(text_is_clean("line1\nline2", 1));
	assert_false(text_is_clean("line1\r\nline2", 0));
	assert_true(text_is_clean("line1\r\nline2", 1));
	assert_false(text_is_clean(NULL, 1));
}

static void test_email(void **state)
{
	char out[256], why[128];
	static const char *const good[][2] = {
		{"Alex.Example@Example.ORG", "alex.example@example.org"},
		{"  senco@school.example.invalid ", "senco@school.example.invalid"},
		{"a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"},
		{"o'neil@example.org", "o'neil@example.org"},
		{"x@a-b.example", "x@a-b.example"},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(validate_email(good[i][0], out, why, sizeof why), 0);
		assert_string_equal(out, good[i][1]);
	}
	static const char *const bad[] = {
		"", "no-at-sign", "@example.org", "a@", "a@b", "a@@example.org", "a@b@example.org", ".a@example.org",
		"a.@example.org", "a..b@example.org", "a b@example.org", "a@exa mple.org", "a@-example.org",
		"a@example-.org", "a@example..org", "a@.example.org", "a@example.org.", "zo\xc3\xab@example.org",
		"a@ex\xc3\xa4mple.org", "a\r\nBcc: x@example.org", "a@example.org\nBcc: y@example.org", "\"quoted\"@example.org",
		"a@[127.0.0.1]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(validate_email(bad[i], out, why, sizeof why), -1);
	/* limits: 64 before the @, 254 in all */
	char local[80], addr[300];
	memset(local, 'a', 64);
	local[64] = 0;
	snprintf(addr, sizeof addr, "%s@example.org", local);
	assert_int_equal(validate_email(addr, out, why, sizeof why), 0);
	snprintf(addr, sizeof addr, "%sa@example.org", local);
	assert_int_equal(validate_email(addr, out, why, sizeof why), -1);
	assert_non_null(strstr(why, "64"));
	char longdom[300] = "a@";
	while (strlen(longdom) < 250)
		strcat(longdom, "abcdefghi.");
	strcat(longdom, "org");
	assert_int_equal(validate_email(longdom, out, why, sizeof why), -1);
	assert_non_null(strstr(why, "254"));
}

static void test_public_url(void **state)
{
	char out[256], why[200];
	static const char *const good[][2] = {
		{"", ""},
		{"https://sendmis.example.gov.uk", "https://sendmis.example.gov.uk"},
		{"https://sendmis.example.gov.uk/", "https://sendmis.example.gov.uk"},
		{" http://10.0.0.5:8080/sendmis// ", "http://10.0.0.5:8080/sendmis"},
		{"HTTPS://SEND.Example.GOV.UK/SendMIS/", "https://send.example.gov.uk/SendMIS"},
		{"https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"},
		{"http://localhost:1", "http://localhost:1"},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(validate_public_url(good[i][0], out, sizeof out, why, sizeof why), 0);
		assert_string_equal(out, good[i][1]);
	}
	static const char *const bad[][2] = {
		{"sendmis.example.gov.uk", "must start http:// or https://"},
		{"ftp://sendmis.example.gov.uk", "must start http:// or https://"},
		{"javascript:alert(1)", "must start http:// or https://"},
		{"https://", "must have a host name"},
		{"https:///people", "must have a host name"},
		{"https://send_mis.example", "must have a host name"},
		{"https://sendmis.example/?a=1", "must not have a query"},
		{"https://sendmis.example/#top", "must not have a fragment"},
		{"https://user:pass@sendmis.example", "must not hold a user name or password"},
		{"https://sendmis.example:0", "port"},
		{"https://sendmis.example:65536", "port"},
		{"https://sendmis.example:", "port"},
		{"https://sendmis.example:80x", "port"},
		{"https://[fe80::1%eth0]", "IPv6"},
		{"https://[::1", "IPv6"},
		{"https://sendmis.example/a b", "no spaces"},
		{"https://sendmis.example/\r\nBcc: x", "no spaces"},
		{"https://sendmis.example/<script>", "printable"},
		{"https://s\xc3\xa9ndmis.example", "printable"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why[0] = 0;
		assert_int_equal(validate_public_url(bad[i][0], out, sizeof out, why, sizeof why), -1);
		if (!strstr(why, bad[i][1]))
			fail_msg("%s: \"%s\" does not say \"%s\"", bad[i][0], why, bad[i][1]);
	}
	/* too long for the setting: refused, never cut short */
	char small[16];
	assert_int_equal(validate_public_url("https://sendmis.example.gov.uk", small, sizeof small, why, sizeof why), -1);
	assert_non_null(strstr(why, "too long"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_public_url),
		cmocka_unit_test(test_upn_worked_examples),
		cmocka_unit_test(test_upn_bad),
		cmocka_unit_test(test_upn_generated),
		cmocka_unit_test(test_nhs_worked_examples),
		cmocka_unit_test(test_nhs_bad),
		cmocka_unit_test(test_nhs_generated),
		cmocka_unit_test(test_uln_worked_examples),
		cmocka_unit_test(test_uln_bad),
		cmocka_unit_test(test_uln_generated),
		cmocka_unit_test(test_postcode),
		cmocka_unit_test(test_urn_ukprn_la),
		cmocka_unit_test(test_why_and_out_handling),
		cmocka_unit_test(test_parse_int64),
		cmocka_unit_test(test_str_trim),
		cmocka_unit_test(test_text_is_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
