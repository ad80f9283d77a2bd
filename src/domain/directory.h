/* directory.h — loading partners' contacts from a CSV file.
 *
 * DESIGN: libcsv parses (strict quoting); each row is validated with the
 * same validators the contact form uses, against the services and settings
 * already in the register (a service by its name, a setting by its URN or
 * UKPRN).  All or nothing: a file with any error changes nothing and the
 * report lists every error with its row and column.  A contact is matched
 * by its service or setting and email address, so importing the same file
 * again changes nothing.  Columns: docs/partners.md.
 */
#ifndef SENDMIS_DIRECTORY_H
#define SENDMIS_DIRECTORY_H
#include "core/buf.h"
#include "store/db.h"
#include <stddef.h>

#define IMPORT_MAX_ERRORS 50
struct import_report {
	int rows, created, updated, unchanged;
	int nerr, more_errors;
	struct { int row; char column[24]; char msg[200]; } err[IMPORT_MAX_ERRORS];
};

/* Imports (or with dry_run only checks) data, one change (change.h): the
 * contacts and the audit row ("import", "contacts", the counts).  0 when
 * it was imported (or would be), 1 when the file has errors (nothing
 * changed; every error in rep), -1 on a store error (nothing changed). */
struct actor;
int contacts_import_csv(db *d, const struct actor *who, const char *data, size_t len, int dry_run,
                        struct import_report *rep);
/* The report as plain lines. */
void import_report_text(const struct import_report *rep, int dry_run, buf *out);

#endif
