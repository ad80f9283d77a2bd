/* sen2import.h — a SEN2 return read into the register (import).
 *
 * DESIGN: the file is read one person at a time (domain/sen2read.h), so a
 * 640,000-person file imports in the memory of one person.  Each person is
 * checked with the pre-submission checks (core/sen2check.h) and the
 * import's own rules (a value the register cannot hold: a name over 60
 * characters, a postcode that is not one, an outcome H with nothing to say
 * what was decided…), then matched to the register (UPN, else ULN, else
 * surname, forename and date of birth) and merged, record by record, on
 * natural keys: a request by its received date, a plan by its start date, a
 * placement by its entry date and rank, a need by its rank, a review by its
 * meeting date.  A value the file gives replaces the stored one; a value it
 * does not give never clears one, so nothing already stored is lost, and a
 * second import of the same file finds every record unchanged.
 *
 * All or nothing: everything happens in one transaction.  After the first
 * error nothing more is written, but reading and checking go on to the end
 * so the report lists every error; then the transaction is rolled back.  A
 * dry run does the whole import and always rolls back, so its counts are
 * exactly what an import would do.
 *
 * What the return does not say is not invented: an outcome H (decided
 * before the collection period) is stored as its decision with no date
 * (the clock shows it "done, date not recorded"); Week20 = 1 becomes a clock
 * exception of reason sen2_week20 over the 20 weeks; TransferLA keeps the
 * year of the transfer (plans.transfer_in_year); a setting known only by
 * URN or UKPRN gets a placeholder establishment, taken to be in the area,
 * for a person to complete.  So export -> import -> export gives the same
 * file (docs/sen2.md, "Import").
 */
#ifndef SENDMIS_SEN2IMPORT_H
#define SENDMIS_SEN2IMPORT_H
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

enum sen2_import_kind {
	IK_PERSON, IK_REQUEST, IK_ASSESSMENT, IK_PLAN, IK_NAMED, IK_PLACEMENT, IK_NEED, IK_REVIEW, IK_PHASE,
	IK_EXCEPTION, IK_ESTABLISHMENT, IK_N
};
extern const char *const sen2_import_kind_names[IK_N];   /* "people", "requests", … (tables) */

struct sen2_import_problem {
	long person;             /* 1-based position in the file, 0 for the header or the file */
	long line;               /* 0 when not known */
	const char *id;          /* "DC-P4" (a check), "DC-S1" (structure), "DC-I1" (the import's own) */
	int error;               /* 1 error, 0 query */
	const char *block;       /* "Request", … or "" */
	const char *message;
};

struct sen2_import_opts {
	int dry_run;
	const char *la;          /* the importing LA's code; NULL or "": the file's LEA */
	long long now;           /* unix seconds: people's created_at, the audit rows */
	int64_t user_id;         /* for the audit rows, 0 for the command line */
	void (*problem)(void *ctx, const struct sen2_import_problem *p);
	void (*progress)(void *ctx, long persons, long long bytes);   /* every 1,000 people; may be NULL */
	void *ctx;
};

struct sen2_import_result {
	long persons, errors, queries;
	long created[IK_N], updated[IK_N], unchanged[IK_N];
	char year[8], census[16], lea[8];
	int written;             /* committed (not a dry run, no errors) */
};

/* 0 imported (a dry run: would import); 1 the file has errors: nothing
 * imported; 2 the file cannot be read (err says where and why): nothing
 * imported; -1 the store failed (err): nothing imported. */
int sen2_import_file(db *d, const char *path, const struct sen2_import_opts *o, struct sen2_import_result *r,
                     char *err, size_t errlen);
/* The same, from memory (the fuzz target). */
int sen2_import_memory(db *d, const char *data, size_t len, const struct sen2_import_opts *o,
                       struct sen2_import_result *r, char *err, size_t errlen);

#endif
