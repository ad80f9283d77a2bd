/* plan.h — EHC plan derived data. */
#ifndef SENDMIS_PLAN_H
#define SENDMIS_PLAN_H
#include "store/db.h"
#include <stdint.h>

/* Recomputes plans.last_review_date and plans.next_review_due from the
 * plan's issue date and its latest review decision (core/review.h). */
void plan_refresh_reviews(db *d, int64_t plan_id);

#endif
