/* kpicache.c — see kpicache.h. */
#include "domain/kpicache.h"
#include "core/grow.h"
#include "domain/change.h"
#include "domain/kept.h"
#include "domain/clockstore.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What decides a count (the filters whole: a team is ≤ 60 characters). */
static void make_key(struct kept_key *k, int64_t version, const struct kpi_query *q, const char *extra)
{
	kept_key_make(k, version, "as_of=%d|year=%d|la=%s|visits=%d|stored=%d|team=%s|age=%s|need=%s|setting=%s|%s",
	              (int)q->as_of, q->year, q->la_code ? q->la_code : "", q->visit_overdue_months, q->stored_clock,
	              q->team ? q->team : "", q->age_band ? q->age_band : "", q->need ? q->need : "",
	              q->setting ? q->setting : "", extra ? extra : "");
}

static void dash_free(void *v)
{
	if (v)
		kpi_dashboard_free(v);
	free(v);
}

/* A deep copy of a dashboard; -1 when memory runs out (dst freed). */
static int dash_copy(struct kpi_dashboard *dst, const struct kpi_dashboard *src)
{
	*dst = *src;
	for (int t = 0; t < KT_N; t++) {
		dst->t[t].g = NULL;
		dst->t[t].cap = 0;
	}
	for (int t = 0; t < KT_N; t++) {
		if (!src->t[t].n)
			continue;
		dst->t[t].g = malloc((size_t)src->t[t].n * sizeof *src->t[t].g);
		if (!dst->t[t].g) {
			kpi_dashboard_free(dst);
			return -1;
		}
		memcpy(dst->t[t].g, src->t[t].g, (size_t)src->t[t].n * sizeof *src->t[t].g);
		dst->t[t].cap = src->t[t].n;
	}
	return 0;
}

static struct kept_slot dash_slots[8], values_slots[64], members_slots[8];
static struct kept_set dash = KEPT_SET(dash_slots, dash_free), values = KEPT_SET(values_slots, free),
                       members = KEPT_SET(members_slots, free);

static int copy_dash(void *dst, const struct kept_slot *s)
{
	return dash_copy(dst, s->v);
}

int kpi_dashboard_cached(db *d, const struct kpi_query *q, struct kpi_dashboard *out, int *previous)
{
	int64_t version = change_data_version(d);
	struct kept_key k;
	make_key(&k, version, q, "dashboard");
	if (kept_find_or_previous(&dash, &k, version, copy_dash, out, previous) == 0)
		return 0;
	int rc = kpi_dashboard(d, q, out);
	struct kpi_dashboard *keep = NULL;
	if (rc == 0 && (keep = malloc(sizeof *keep)) && dash_copy(keep, out) < 0) {
		free(keep);
		keep = NULL;
	}
	kept_store(&dash, &k, version, keep, 1);
	return rc;
}

struct compute_ask {
	db *d;
	const struct kpi_query *q;
};

static int compute_kept(void *ctx, void *out)
{
	const struct compute_ask *a = ctx;
	return kpi_compute(a->d, a->q, out);
}

int kpi_compute_cached(db *d, const struct kpi_query *q, struct kpi_value out[K_N])
{
	int64_t version = change_data_version(d);
	struct kept_key k;
	make_key(&k, version, q, "values");
	struct compute_ask a = {d, q};
	return kept_flat(&values, &k, version, out, sizeof(struct kpi_value) * K_N, compute_kept, &a);
}

struct gather {
	struct kpi_case *v;
	int n, cap;
	int failed;
};

static int gather(void *ctx, const struct kpi_case *c)
{
	struct gather *g = ctx;
	if (ARRAY_RESERVE(g->v, g->cap, g->n + 1, 256) < 0) {
		g->failed = 1;
		return 1;
	}
	g->v[g->n++] = *c;
	return 0;
}

/* A drill-down's cases, copied out of a kept list. */
struct members_out {
	struct kpi_case **v;
	long *n;
};

static int copy_members(void *dst, const struct kept_slot *s)
{
	struct members_out *o = dst;
	*o->v = malloc((size_t)(s->n ? s->n : 1) * sizeof **o->v);
	if (!*o->v)
		return -1;
	if (s->n)
		memcpy(*o->v, s->v, (size_t)s->n * sizeof **o->v);
	*o->n = s->n;
	return 0;
}

int kpi_members_cached(db *d, const struct kpi_query *q, enum kpi_id k, int month, enum kpi_dim dim, const char *cat,
                       struct kpi_case **out, long *n)
{
	*out = NULL;
	*n = 0;
	int64_t version = change_data_version(d);
	char extra[700];
	snprintf(extra, sizeof extra, "members|k=%d|month=%d|dim=%d|cat=%s", (int)k, month, (int)dim, cat ? cat : "");
	struct kept_key key;
	make_key(&key, version, q, extra);
	struct members_out o = {out, n};
	if (kept_find(&members, &key, version, copy_members, &o) == 0)
		return 0;
	struct gather g = {NULL, 0, 0, 0};
	int rc = kpi_members(d, q, k, month, dim, cat, gather, &g) < 0 || g.failed ? -1 : 0;
	struct kpi_case *keep = NULL;
	if (rc == 0) {
		*out = g.v;
		*n = g.n;
		if ((keep = malloc((size_t)(g.n ? g.n : 1) * sizeof *keep)) && g.n)
			memcpy(keep, g.v, (size_t)g.n * sizeof *keep);
	} else {
		free(g.v);
	}
	kept_store(&members, &key, version, keep, g.n);
	return rc;
}

/* What past figures were counted with: the settings a history walk reads. */
static void past_settings(const struct kpi_query *q, char *out, size_t n)
{
	char fp[65];
	clockstore_fingerprint(fp);
	snprintf(out, n, "la=%s|visits=%d|clock=%s", q->la_code ? q->la_code : "", q->visit_overdue_months, fp);
}

/* The stored figures of q->as_of counted with `settings`: 1 every KPI found, 0 not (all), -1 error. */
static int past_read(db *d, const char *day, const char *settings, struct kpi_value out[K_N])
{
	db_stmt *s = db_prepare(d, "SELECT kpi, numerator, denominator FROM kpi_past WHERE as_of=? AND settings=?");
	if (!s)
		return -1;
	db_bind_text(s, 1, day);
	db_bind_text(s, 2, settings);
	int found = 0, rc;
	memset(out, 0, sizeof(struct kpi_value) * K_N);
	while ((rc = db_step(s)) == DB_ROW) {
		const struct kpi_def *k = kpi_by_id(db_col_text(s, 0));
		if (!k)
			continue;
		out[k->k].numerator = db_col_int(s, 1);
		out[k->k].denominator = db_col_int(s, 2);
		found++;
	}
	db_done(s);
	return rc == DB_DONE ? found == K_N : -1;
}

/* Replaces the stored figures of `day` (one transaction; derived data: no audit row, no data version). */
static int past_store(db *d, const char *day, const char *settings, int64_t now, const struct kpi_value v[K_N])
{
	char at[21];
	date_instant_iso(now, at);
	if (db_begin(d) < 0)
		return -1;
	db_stmt *s = db_prepare(d, "DELETE FROM kpi_past WHERE as_of=?");
	int rc = s ? 0 : -1;
	if (s) {
		db_bind_text(s, 1, day);
		rc = db_step(s) == DB_DONE ? 0 : -1;
		db_done(s);
	}
	for (int k = 0; k < K_N && rc == 0; k++) {
		if (!(s = db_prepare(d, "INSERT INTO kpi_past(as_of,kpi,numerator,denominator,settings,counted_at) "
		                        "VALUES(?,?,?,?,?,?)"))) {
			rc = -1;
			break;
		}
		db_bind_text(s, 1, day);
		db_bind_text(s, 2, kpi_defs[k].id);
		db_bind_int(s, 3, v[k].numerator);
		db_bind_int(s, 4, v[k].denominator);
		db_bind_text(s, 5, settings);
		db_bind_text(s, 6, at);
		rc = db_step(s) == DB_DONE ? 0 : -1;
		db_done(s);
	}
	if (rc < 0 || db_commit(d) < 0) {
		db_rollback(d);
		return -1;
	}
	return 0;
}

int kpi_past_values(db *d, const struct kpi_query *q, int64_t now, struct kpi_value out[K_N])
{
	char day[11], settings[160];
	date_format_iso(q->as_of, day);
	past_settings(q, settings, sizeof settings);
	int rc = past_read(d, day, settings, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct kpi_query plain = *q;
	plain.stored_clock = 0;   /* the records as they stood that day */
	if (kpi_compute_cached(d, &plain, out) < 0)
		return -1;
	/* a second thread may have stored them meanwhile: the same figures,
	 * replaced.  If they cannot be stored (the store busy), they are still
	 * right: the next view counts them again. */
	past_store(d, day, settings, now, out);
	return 0;
}
