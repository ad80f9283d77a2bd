/* listing.c — see listing.h. */
#include "domain/listing.h"
#include <stdio.h>
#include <string.h>

int list_order_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "asc"))
		return LIST_ASC;
	if (!strcmp(s, "desc"))
		return LIST_DESC;
	return -1;
}

const char *list_order_name(enum list_order o)
{
	return o == LIST_DESC ? "desc" : "asc";
}

void list_copy(char *out, size_t n, const char *s)
{
	snprintf(out, n, "%s", s ? s : "");
}

void list_walk_init(struct list_walk *w, db *d, const char *const *seg, int nseg, int limit_at, list_bind_fn bind,
                    const void *ctx, int64_t offset, int64_t limit)
{
	memset(w, 0, sizeof *w);
	w->d = d;
	w->seg = seg;
	w->nseg = nseg;
	w->limit_at = limit_at;
	w->bind = bind;
	w->ctx = ctx;
	w->skip = offset > 0 ? offset : 0;
	w->left = limit;
}

/* Opens segment w->at, its LIMIT the rows still wanted from it. */
static int open_segment(struct list_walk *w)
{
	/* a download (no end) may be the whole area */
	w->s = w->left < 0 ? db_prepare_walk(w->d, w->seg[w->at]) : db_prepare(w->d, w->seg[w->at]);
	if (!w->s)
		return -1;
	if (w->bind(w->s, w->ctx) < 0)
		return -1;
	/* skip + left rows at most; INT64_MAX when the walk has no end (a
	 * download): LIMIT is then no limit, in SQLite and PostgreSQL alike */
	int64_t n = w->left < 0 || w->skip > INT64_MAX - w->left ? INT64_MAX : w->skip + w->left;
	return db_bind_int(w->s, w->limit_at, n) < 0 ? -1 : 0;
}

int list_walk_step(struct list_walk *w)
{
	if (w->failed)
		return DB_ERROR;
	for (;;) {
		if (w->left == 0 || w->at >= w->nseg) {
			list_walk_end(w);
			return DB_DONE;
		}
		if (!w->s && open_segment(w) < 0) {
			list_walk_end(w);
			w->failed = 1;
			return DB_ERROR;
		}
		int rc = db_step(w->s);
		if (rc == DB_ROW) {
			if (w->skip > 0) {   /* a row before the page: its key only was read */
				w->skip--;
				continue;
			}
			if (w->left > 0)
				w->left--;
			return DB_ROW;
		}
		db_done(w->s);
		w->s = NULL;
		if (rc != DB_DONE) {
			w->failed = 1;
			return DB_ERROR;
		}
		w->at++;   /* the next segment follows on; the rows skipped so far count against the offset */
	}
}

void list_walk_end(struct list_walk *w)
{
	if (w->s) {
		db_done(w->s);
		w->s = NULL;
	}
}

int list_count_capped(db *d, const char *sql, int limit_at, int64_t cap, list_bind_fn bind, const void *ctx,
                      struct list_count *c)
{
	c->n = 0;
	c->more = 0;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	int rc = DB_ERROR;
	if (bind(s, ctx) == 0 && db_bind_int(s, limit_at, cap < INT64_MAX ? cap + 1 : cap) == 0)
		rc = db_step(s);
	if (rc == DB_ROW) {
		int64_t n = db_col_int(s, 0);
		c->more = n > cap;
		c->n = n > cap ? cap : n;
	}
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

int list_count_exact(db *d, const char *sql, list_bind_fn bind, const void *ctx, struct list_count *c)
{
	c->n = 0;
	c->more = 0;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	int rc = DB_ERROR;
	if (!bind || bind(s, ctx) == 0)
		rc = db_step(s);
	if (rc == DB_ROW)
		c->n = db_col_int(s, 0);
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}
