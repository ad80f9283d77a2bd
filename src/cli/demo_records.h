/* demo_records.h — the demo area's likely duplicates (issue 16). */
#ifndef SENDMIS_DEMO_RECORDS_H
#define SENDMIS_DEMO_RECORDS_H
#include "core/date.h"
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

/* Inside demo_generate's transaction, after the area is made: a few records
 * opened twice (the same name, date of birth and postcode, one with a
 * note) and a few twins (the same surname, date of birth and postcode),
 * their clocks stored, then every likely duplicate pair found
 * (merge.h dup_rebuild).  0, or -1 with a message in err. */
int demo_records(db *d, uint64_t seed, day_t today, char *err, size_t errlen);

#endif
