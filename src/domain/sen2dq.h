/* sen2dq.h — the SEN2 checks on the live records, for the data-quality page.
 *
 * DESIGN: the checks (core/sen2check.h) run over the return as it would be
 * made for a census date (sen2_export with no file), which reads the whole
 * register; so the findings are kept in the process per census date and
 * data version (change.h), as the dashboard's figures are (kpicache.h):
 * the first view after a change runs the checks, the rest page, filter and
 * download what they found.
 *
 * Errors: 0 on success, -1 on a store error.
 */
#ifndef SENDMIS_SEN2DQ_H
#define SENDMIS_SEN2DQ_H
#include "core/date.h"
#include "core/sen2check.h"
#include "store/db.h"

struct sen2_dq_row {
	int64_t person;            /* 0: the file's header */
	char name[200];
	const struct sen2_check *check;
	enum sen2_severity severity;
	char block[24];            /* the return's block, "Header" */
	char message[320];
};

struct sen2_dq {
	int year;                  /* the collection */
	long long people;          /* checked */
	long errors, queries;
	struct sen2_dq_row *v;     /* errors first, then queries, each in the return's order */
	long n;
};

/* The findings for a census date (kept: the caller's copy, freed with
 * sen2_dq_free).  0, or -1 on a store error. */
int sen2_dq_load(db *d, day_t census, const char *la, struct sen2_dq *out);
void sen2_dq_free(struct sen2_dq *q);

#endif
