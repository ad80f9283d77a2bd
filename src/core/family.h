/* family.h — the rules about the people around the child, pure.
 *
 * DESIGN: when the right to make requests and decisions passes from the
 * parent to the young person is a function of the date of birth alone (one
 * function here, unit-tested on its edges in tests/unit/test_family.c); a
 * telephone number is checked here like the other identifiers of
 * validate.h.  No I/O: the domain (domain/family.c) and the pages call these.
 */
#ifndef SENDMIS_CORE_FAMILY_H
#define SENDMIS_CORE_FAMILY_H
#include "core/date.h"
#include <stddef.h>

/* The last day of compulsory school age for a child born on dob: the school
 * leaving date (the last Friday in June) of the academic year (1 September
 * to 31 August) in which they turn 16.  Education Act 1996 s.8(3), (4) and the
 * Education (School Leaving Date) Order 1997; a child who turns 16 in July or
 * August leaves on that June's date too.  From the day after, they are a
 * "young person" (Children and Families Act 2014 s.83(2)) and the right to
 * make requests and decisions under Part 3 is theirs, not their parent's
 * (SEND Code of Practice 8.13, "the end of the academic year in which they
 * turn 16"). */
day_t family_school_age_end(day_t dob);
/* 1 when, on `on`, the child born on dob is over compulsory school age. */
int family_is_young_person(day_t dob, day_t on);

/* A telephone number: 10 to 15 digits, with spaces, brackets, hyphens and one
 * leading "+" allowed; out gets it with runs of spaces made one.  0, or -1
 * with a reason (finishing "Phone number …") in why. */
int family_validate_phone(const char *in, char *out, size_t outlen, char *why, size_t whylen);

#endif
