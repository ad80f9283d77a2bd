/* sen2check.h — the pre-submission checks of the SEN2 return (pure).
 *
 * DESIGN: each check is a row of sen2_checks (id, severity, what it looks
 * at); sen2_check_person() runs every one over one person of the return
 * (core/sen2.h), as read from a file or built from the register, and hands
 * over each finding with the block and item it concerns, so a caller can
 * name the element and its line, or link to the record to fix.  The checks
 * are those derived in ../shared/reference/sen2.md §8 (not DfE rules; each
 * id is "DC-…" as there), plus the types of every item (dates, flags,
 * integers) and the queries COLLECT is known to raise.
 */
#ifndef SENDMIS_SEN2CHECK_H
#define SENDMIS_SEN2CHECK_H
#include "core/sen2.h"

enum sen2_severity { SEN2_ERROR, SEN2_QUERY };

struct sen2_check {
	const char *id;
	enum sen2_severity severity;
	const char *what;        /* for the docs and the data-quality page */
};
extern const struct sen2_check sen2_checks[];
extern const int sen2_checks_n;

struct sen2_finding {
	const struct sen2_check *check;
	enum sen2_severity severity;   /* a check's row may raise a query where it is not an error */
	int node;                /* the block in the person, -1 for the file */
	enum sen2_item item;     /* SI_N when the block as a whole */
	char message[320];       /* what a data officer reads: the element, the value, what is wrong */
};

typedef void (*sen2_finding_fn)(void *ctx, const struct sen2_person *p, const struct sen2_finding *f);

struct sen2_context {
	int year;                /* the collection */
	day_t census;
	const char *la;          /* the submitting LA's code */
};

/* Runs every check on p; fn for each finding.  Returns the number of errors. */
int sen2_check_person(const struct sen2_context *c, const struct sen2_person *p, sen2_finding_fn fn, void *ctx);

/* The header: Year and ReferenceDate match the census table; LEA a 3-digit code. */
int sen2_check_header(const struct sen2_context *c, const char *year, const char *reference_date, const char *lea,
                      sen2_finding_fn fn, void *ctx);

#endif
