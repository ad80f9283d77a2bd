/* demo_surveys.h — the demo area's surveys and co-production events. */
#ifndef SENDMIS_DEMO_SURVEYS_H
#define SENDMIS_DEMO_SURVEYS_H
#include "cli/demo.h"
#include "core/date.h"
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

/* In the caller's transaction: the five ready-made questionnaires, a year of
 * invitations to families who consented (answered or not, a few on paper),
 * and a year of engagement events with their actions, from o's seed and day
 * (its cost on stderr unless quiet).  0, or -1 with err. */
int demo_surveys(db *d, const struct demo_opts *o, char *err, size_t errlen);

#endif
