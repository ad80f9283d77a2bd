/* search.h — the children a user viewed last (the header search's page).
 *
 * DESIGN: every view of a child's record writes an audit row ("view",
 * "people"), so the trail already says who looked at whom.  The newest of
 * a user's rows are read through audit_user_views (migration 0021: that
 * user's views by id), a bounded number of them, and the first `max`
 * different children kept: no table of its own to keep in step.
 */
#ifndef SENDMIS_SEARCH_H
#define SENDMIS_SEARCH_H
#include "domain/register.h"
#include "store/db.h"
#include <stdint.h>

struct recent_row {
	int64_t id, merged_into;
	char forename[NAME_BYTES], surname[NAME_BYTES], dob[11], at[21];
};
/* At most max children user_id viewed, the latest first, into out.  The
 * number, or -1 on a store error. */
int recent_views(db *d, int64_t user_id, int max, struct recent_row *out);

#endif
