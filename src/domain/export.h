/* export.h — everything held about one child or young person, as one JSON
 * document: what a council needs to answer a subject access request, or to
 * move a record (docs/person-export.md).
 *
 * DESIGN: one table of parts, each a key of the document and the query
 * that reads its rows (every column, as stored; a value NULL in the store
 * is null, an integer a number, the rest strings).  The plans nest their
 * versions, and each version its sections keyed A–K; the reviews nest the
 * progress recorded per outcome; documents give their metadata and
 * checksum, never their bytes.  A table added for a child's record gets one
 * row here, and tests/http/export.test.mjs checks every kind of record a
 * test creates is in the document.
 */
#ifndef SENDMIS_EXPORT_H
#define SENDMIS_EXPORT_H
#include <jansson.h>
#include <stdint.h>
#include "store/db.h"

/* The document, or NULL: *found 0 when there is no such person, else a
 * store error or memory ran out.  The caller writes the audit row
 * (person_export_audit) and frees the document (json_decref). */
json_t *person_export(db *d, int64_t person_id, int *found);
/* The export's audit row ("export", naming the child).  0 or -1. */
int person_export_audit(db *d, int64_t now, int64_t user_id, int64_t person_id);

#endif
