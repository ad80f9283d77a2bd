/* plan.h — EHC plan derived data. */
#ifndef SENDMIS_PLAN_H
#define SENDMIS_PLAN_H
#include "store/db.h"
#include <stdint.h>

/* Recomputes plans.last_review_date (the latest review decision, SEN2
 * LastReview) and plans.next_review_due (the clock's review_due step: the
 * rules table with the area's conventions, transfers in, ceased plans). */
void plan_refresh_reviews(db *d, int64_t plan_id);
/* The same for every plan, in one pass (after the demo, or when the area's
 * clock settings change).  Returns the number of plans updated, -1 on error. */
int plan_refresh_all(db *d);
/* Recomputes every plan when the clock settings differ from those the
 * stored dates were made with (recorded in the meta table).  -1 on error. */
int plan_refresh_if_settings_changed(db *d);
/* Records the current settings as those the stored dates were made with
 * (inside the caller's transaction, after plan_refresh_all).  -1 on error. */
int plan_settings_record(db *d);

#endif
