/* demo_plan.h — the content of the demo area's EHC plans (demo_plan.c). */
#ifndef SENDMIS_DEMO_PLAN_H
#define SENDMIS_DEMO_PLAN_H
#include "core/date.h"
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

/* Gives each draft and active plan (the first max_plans, by id) its first
 * version with sections A–K, inside the caller's transaction.  0, or -1
 * with a message in err. */
int demo_plan_content(db *d, uint64_t seed, day_t today, int max_plans, char *err, size_t errlen);

#endif
