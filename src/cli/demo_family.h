/* demo_family.h — the demo area's families: contacts, consents and views. */
#ifndef SENDMIS_DEMO_FAMILY_H
#define SENDMIS_DEMO_FAMILY_H
#include "core/date.h"
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

/* Adds to every child already generated (in the caller's transaction) 1 to 3
 * contacts, consents (a few withdrawn) and views, from its own PRNG seeded
 * from seed, so the same options give the same rows.  0, or -1 with err. */
int demo_family(db *d, uint64_t seed, day_t today, char *err, size_t errlen);

#endif
