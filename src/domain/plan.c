/* plan.c — see plan.h. */
#include "domain/plan.h"
#include "core/review.h"
#include <string.h>

void plan_refresh_reviews(db *d, int64_t plan_id)
{
	db_stmt *s = db_prepare(d, "SELECT status, issue_date, (SELECT MAX(decision_date) FROM reviews WHERE plan_id=?) "
	                           "FROM plans WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, plan_id);
	db_bind_int(s, 2, plan_id);
	char last[11] = "", due[11] = "";
	if (db_step(s) == DB_ROW) {
		day_t issue = DATE_NONE, dec = DATE_NONE;
		int active = strcmp(db_col_text(s, 0), "active") == 0;
		if (date_parse_iso(db_col_text(s, 1), &issue) < 0)
			issue = DATE_NONE;
		if (date_parse_iso(db_col_text(s, 2), &dec) < 0)
			dec = DATE_NONE;
		date_format_iso(dec, last);
		if (active)
			date_format_iso(review_next_due(issue, dec), due);
	}
	db_done(s);
	s = db_prepare(d, "UPDATE plans SET last_review_date=?, next_review_due=? WHERE id=?");
	if (!s)
		return;
	db_bind_opt_text(s, 1, last);
	db_bind_opt_text(s, 2, due);
	db_bind_int(s, 3, plan_id);
	db_step(s);
	db_done(s);
}
