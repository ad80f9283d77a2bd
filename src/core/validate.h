/* validate.h — identifiers and formats (pure, no I/O).
 *
 * DESIGN: each validator takes the raw string as typed and either writes a
 * normalised form into `out` and returns 0, or returns -1 and writes a short
 * reason into `why` ("must be 13 characters", "check letter is wrong") that
 * the caller prefixes with the field label.  No validator trusts length:
 * over-long input is an error, never silently truncated.
 */
#ifndef SENDMIS_VALIDATE_H
#define SENDMIS_VALIDATE_H
#include <stddef.h>

/* Unique Pupil Number: 13 characters, check letter first (DfE algorithm:
 * weights 2..13 over characters 2..13, sum mod 23 indexes
 * "ABCDEFGHJKLMNPQRTUVWXYZ"); characters 2..12 digits; last is a digit or,
 * for a temporary UPN, a letter from the same alphabet.  Upper-cased,
 * spaces removed. out >= 14 bytes. */
int validate_upn(const char *in, char *out, char *why, size_t whylen);
/* NHS number: 10 digits (spaces/hyphens allowed in input), modulus 11 check
 * digit; check 10 is invalid.  out = "NNN NNN NNNN" (>= 13 bytes). */
int validate_nhs_number(const char *in, char *out, char *why, size_t whylen);
/* Unique Learner Number: 10 digits, first digit 1-9, with the ULN check
 * digit.  out >= 11 bytes. */
int validate_uln(const char *in, char *out, char *why, size_t whylen);
/* UK postcode: the standard format (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA,
 * A9A 9AA, AA9A 9AA, plus GIR 0AA), any case and spacing in; out is upper
 * case with one space before the inward code (>= 9 bytes). */
int validate_postcode(const char *in, char *out, char *why, size_t whylen);
/* URN: the unique reference number of an establishment in Get Information
 * about Schools (GIAS): 6 digits.  UKPRN: the UK Register of Learning
 * Providers number, 8 digits starting with 1.  The one rule for each, used
 * by the forms, the contacts import, and the SEN2 checks and import (see
 * validate.c for the sources).  out >= 7 / 9 bytes. */
int validate_urn(const char *in, char *out, char *why, size_t whylen);
int validate_ukprn(const char *in, char *out, char *why, size_t whylen);
/* DfE 3-digit LA code (e.g. "999" synthetic): exactly 3 digits. */
int validate_la_code(const char *in, char *out, char *why, size_t whylen);
/* Strict integer parse: optional leading '-', digits only, no spaces, in
 * [min,max]. 0 ok. (Never atoi.) */
int parse_int64(const char *s, long long min, long long max, long long *out);
/* Trim leading/trailing ASCII whitespace in place; returns s. */
char *str_trim(char *s);
/* 1 if s is valid UTF-8 with no control characters other than \n \r \t. */
int text_is_clean(const char *s, int allow_newlines);
/* Characters (Unicode code points) in a UTF-8 string: what a length limit
 * shown to a user counts.  Continuation bytes are not counted. */
size_t utf8_chars(const char *s);

/* Email address for sending to: local@domain, at most 254 characters, the
 * local part of letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~
 * with single dots inside, the domain two or more dot-separated labels of
 * letters, digits and inner hyphens.  No quoted local parts, IP literals or
 * spaces (a deliberately strict subset of RFC 5321 that every mail server
 * accepts).  out is lower-cased (>= 255 bytes). */
int validate_email(const char *in, char *out, char *why, size_t whylen);

/* The address people reach sendmis at, the start of links in emails:
 * http:// or https://, a host (name, IPv4 or [IPv6]) with an optional
 * :port, then an optional path; no user name or password, query (?) or
 * fragment (#), nothing but printable ASCII.  out (>= strlen(in) + 1
 * bytes) has the scheme and host lower-cased and no trailing "/", so a
 * link is out + "/people/12".  "" is valid (not set). */
int validate_public_url(const char *in, char *out, size_t outlen, char *why, size_t whylen);

#endif
