/* plan.c — see plan.h.
 *
 * next_review_due is the one deadline stored, so that the register and the
 * oversight list can sort and filter on it in SQL; it is always the clock's
 * own answer (casefile.c), never restated here.
 */
#include "domain/plan.h"
#include "domain/advice.h"
#include "domain/casefile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static day_t today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	day_t d = DATE_NONE;
	localtime_r(&t, &tm);
	date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}

struct due {
	int64_t plan_id;
	day_t last, next;
};

struct dues {
	struct due *v;
	int n, cap, failed;
	int64_t only_plan;   /* 0 = every plan */
};

/* The plan's latest review decision and its review_due step, from a casefile. */
static int take(void *ctx, const struct casefile *cf)
{
	struct dues *ds = ctx;
	for (int e = 0; e < cf->nep; e++) {
		const struct case_episode *ep = &cf->ep[e];
		if (ep->kind != EP_PLAN || (ds->only_plan && ep->plan_id != ds->only_plan))
			continue;
		struct due du = {ep->plan_id, DATE_NONE, DATE_NONE};
		for (int i = ep->first; i < ep->first + ep->n; i++) {
			const struct clock_step *st = &cf->steps[i].st;
			if (strcmp(st->rule->step, "review_due") == 0 && st->status != ST_NA)
				du.next = st->due;
			if (strncmp(st->id, "review_decision:", 16) == 0 && st->done != DATE_NONE &&
			    (du.last == DATE_NONE || st->done > du.last))
				du.last = st->done;
		}
		if (ds->n == ds->cap) {
			int nc = ds->cap ? ds->cap * 2 : 256;
			struct due *nv = realloc(ds->v, (size_t)nc * sizeof *nv);
			if (!nv) {
				ds->failed = 1;
				return 1;
			}
			ds->v = nv;
			ds->cap = nc;
		}
		ds->v[ds->n++] = du;
	}
	return 0;
}

static int store(db *d, const struct dues *ds)
{
	for (int i = 0; i < ds->n; i++) {
		char last[11], next[11];
		date_format_iso(ds->v[i].last, last);
		date_format_iso(ds->v[i].next, next);
		db_stmt *s = db_prepare(d, "UPDATE plans SET last_review_date=?, next_review_due=? WHERE id=?");
		if (!s)
			return -1;
		db_bind_opt_text(s, 1, last);
		db_bind_opt_text(s, 2, next);
		db_bind_int(s, 3, ds->v[i].plan_id);
		int rc = db_step(s);
		db_done(s);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

void plan_refresh_reviews(db *d, int64_t plan_id)
{
	int64_t pid = 0;
	db_stmt *s = db_prepare(d, "SELECT person_id FROM plans WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, plan_id);
	if (db_step(s) == DB_ROW)
		pid = db_col_int(s, 0);
	db_done(s);
	if (!pid)
		return;
	struct dues ds = {NULL, 0, 0, 0, plan_id};
	struct case_filter f = {pid, -1, 0, 0};
	if (casefile_each(d, &f, today(), take, &ds) == 0 && !ds.failed) {
		if (ds.n == 0) {   /* a draft plan: no review is due yet */
			struct due none = {plan_id, DATE_NONE, DATE_NONE};
			struct dues one = {&none, 1, 1, 0, plan_id};
			store(d, &one);
		} else {
			store(d, &ds);
		}
	}
	free(ds.v);
}

int plan_refresh_all(db *d)
{
	struct dues ds = {NULL, 0, 0, 0, 0};
	struct case_filter f = {0, -1, 0, 0};
	int rc = casefile_each(d, &f, today(), take, &ds);
	if (rc == 0 && !ds.failed)
		rc = store(d, &ds);
	int n = ds.n;
	free(ds.v);
	return rc == 0 && !ds.failed ? n : -1;
}

static void fingerprint(char *out, size_t n)
{
	const struct clock_settings *s = casefile_settings();
	snprintf(out, n, "weeks=%s;draft=%s;year=%s;anchor=%s;transfer_months=%d", clock_weeks_names()[s->weeks],
	         clock_draft_names()[s->draft], clock_year_names()[s->year], clock_anchor_names()[s->anchor],
	         s->transfer_in_review_months);
}

int plan_refresh_if_settings_changed(db *d)
{
	char want[160], have[160] = "";
	fingerprint(want, sizeof want);
	db_stmt *s = db_prepare(d, "SELECT value FROM meta WHERE key='clock_settings'");
	if (!s)
		return -1;
	if (db_step(s) == DB_ROW)
		snprintf(have, sizeof have, "%s", db_col_text(s, 0));
	db_done(s);
	if (strcmp(want, have) == 0)
		return 0;
	if (db_begin(d) < 0)
		return -1;
	if (plan_refresh_all(d) >= 0 && advice_refresh_due(d, 0) >= 0 && plan_settings_record(d) == 0 && db_commit(d) == 0)
		return 1;
	db_rollback(d);
	return -1;
}

int plan_settings_record(db *d)
{
	char want[160];
	fingerprint(want, sizeof want);
	db_stmt *s = db_prepare(d, "INSERT INTO meta(key,value) VALUES('clock_settings',?) "
	                           "ON CONFLICT(key) DO UPDATE SET value=excluded.value");
	if (!s)
		return -1;
	db_bind_text(s, 1, want);
	int rc = db_step(s) == DB_DONE ? 0 : -1;
	db_done(s);
	return rc;
}
