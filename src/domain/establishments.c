/* establishments.c — see establishments.h. */
#include "domain/establishments.h"
#include "domain/queries.h"
#include <string.h>

static void bind_filter(db_stmt *s, const struct estab_filter *f, const char *pat)
{
	db_bind_text(s, 1, pat);
	db_bind_text(s, 2, f->q ? f->q : "");
	db_bind_text(s, 3, f->setting_type ? f->setting_type : "");
	db_bind_text(s, 4, f->area ? f->area : "");
	db_bind_text(s, 5, f->la_code ? f->la_code : "");
}

/* The name pattern (db_like_pattern) for f->q: 0, or -1 if it is too long. */
static int pattern(const struct estab_filter *f, char pat[512])
{
	const char *q = f->q ? f->q : "";
	return strlen(q) > 200 ? -1 : db_like_pattern(q, pat, 512);
}

int estab_count(db *d, const struct estab_filter *f, int64_t *total)
{
	*total = 0;
	char pat[512];
	if (pattern(f, pat) < 0)
		return -1;
	db_stmt *s = db_prepare(d, Q_ESTAB_COUNT);
	if (!s)
		return -1;
	bind_filter(s, f, pat);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*total = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

int estab_page_each(db *d, const struct estab_filter *f, estab_row_fn fn, void *ctx)
{
	char pat[512];
	if (pattern(f, pat) < 0)
		return -1;
	db_stmt *s = db_prepare(d, Q_ESTAB_PAGE);
	if (!s)
		return -1;
	char today[11];
	date_format_iso(f->today, today);
	bind_filter(s, f, pat);
	db_bind_text(s, 6, today);
	db_bind_int(s, 7, f->page_size);
	db_bind_int(s, 8, (int64_t)(f->page > 0 ? f->page - 1 : 0) * f->page_size);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct estab_row e = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                      db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7),
		                      db_col_int(s, 8), f->la_code && strcmp(db_col_text(s, 6), f->la_code) != 0};
		if (fn(ctx, &e))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int estab_pupils_each(db *d, int64_t establishment_id, day_t today, estab_pupil_fn fn, void *ctx)
{
	char day[11];
	date_format_iso(today, day);
	db_stmt *s = db_prepare(d, Q_ESTABLISHMENT_PUPILS);
	if (!s)
		return -1;
	db_bind_int(s, 1, establishment_id);
	db_bind_text(s, 2, day);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct estab_pupil p = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3)};
		if (fn(ctx, &p))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int estab_options_each(db *d, estab_row_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, Q_ESTAB_OPTIONS);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct estab_row e = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), "", "", "", "", "", 0, 0};
		if (fn(ctx, &e))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}
