/* kpicache.c — see kpicache.h. */
#include "domain/kpicache.h"
#include "core/grow.h"
#include "domain/change.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DASH_KEPT = 8, VALUES_KEPT = 64, MEMBERS_KEPT = 8 };

/* What decides a count, as one string (the filters whole: a team is ≤ 60 characters). */
struct key {
	char s[1024];
};

static void make_key(struct key *k, int64_t version, const struct kpi_query *q, const char *extra)
{
	snprintf(k->s, sizeof k->s, "v=%lld|as_of=%d|year=%d|la=%s|visits=%d|stored=%d|team=%s|age=%s|need=%s|setting=%s|%s",
	         (long long)version, (int)q->as_of, q->year, q->la_code ? q->la_code : "", q->visit_overdue_months,
	         q->stored_clock, q->team ? q->team : "", q->age_band ? q->age_band : "", q->need ? q->need : "",
	         q->setting ? q->setting : "", extra ? extra : "");
}

struct slot {
	struct key k;
	unsigned long used;      /* 0: empty; else when last used (a counter) */
	void *v;                 /* the kept value */
	long n;                  /* members: how many */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t counted = PTHREAD_COND_INITIALIZER;
static unsigned long tick;

/* What is being counted now, by which key: a thread that finds its key here
 * waits for that count instead of counting the same again (64 requests
 * arriving after a change make one count, not 64). */
enum { FLIGHTS = 16 };
static struct key flights[FLIGHTS];
static int nflights;

static int in_flight(const struct key *k)
{
	for (int i = 0; i < nflights; i++)
		if (strcmp(flights[i].s, k->s) == 0)
			return 1;
	return 0;
}

/* Under the lock: 1 if this thread is to count k (it is now in flight), 0
 * after waiting for another thread's count of it (look in the kept again).
 * With every flight slot taken, the thread counts without waiting. */
static int take_flight(const struct key *k)
{
	if (in_flight(k)) {
		pthread_cond_wait(&counted, &lock);
		return 0;
	}
	if (nflights < FLIGHTS)
		flights[nflights++] = *k;
	return 1;
}

/* Under the lock: k is counted (or failed); the waiters look again. */
static void land_flight(const struct key *k)
{
	for (int i = 0; i < nflights; i++)
		if (strcmp(flights[i].s, k->s) == 0) {
			flights[i] = flights[--nflights];
			break;
		}
	pthread_cond_broadcast(&counted);
}
static long hits, misses;
static struct slot dash[DASH_KEPT], values[VALUES_KEPT], members[MEMBERS_KEPT];

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

static struct slot *find(struct slot *v, int n, const struct key *k)
{
	for (int i = 0; i < n; i++)
		if (v[i].used && strcmp(v[i].k.s, k->s) == 0) {
			v[i].used = ++tick;
			return &v[i];
		}
	return NULL;
}

/* The slot to fill: an empty one, else the least recently used (its value freed by fr). */
static struct slot *victim(struct slot *v, int n, void (*fr)(void *))
{
	struct slot *best = &v[0];
	for (int i = 0; i < n; i++) {
		if (!v[i].used) {
			best = &v[i];
			break;
		}
		if (v[i].used < best->used)
			best = &v[i];
	}
	if (best->used)
		fr(best->v);
	memset(best, 0, sizeof *best);
	return best;
}

/* Looks for k among v: 0 with its value copied out by copy() (0, or -1 when
 * memory ran out), 1 when the caller is to count it (after waiting, if
 * another thread was counting it, and finding it was not kept). */
static int kept_find(struct slot *v, int n, const struct key *k, int64_t version,
                     int (*copy)(void *dst, const struct slot *s), void *dst)
{
	pthread_mutex_lock(&lock);
	for (;;) {
		struct slot *s = version >= 0 ? find(v, n, k) : NULL;
		if (s && copy(dst, s) == 0) {
			hits++;
			pthread_mutex_unlock(&lock);
			return 0;
		}
		if (s || version < 0 || take_flight(k))
			break;   /* (kept, but no memory for a copy: count it without waiting) */
	}
	pthread_mutex_unlock(&lock);
	return 1;
}

/* Keeps keep (n items, freed with fr when not kept) as k's value, and lets
 * the threads waiting for k look again. */
static void kept_store(struct slot *v, int nslots, const struct key *k, int64_t version, void *keep, long n,
                       void (*fr)(void *))
{
	pthread_mutex_lock(&lock);
	misses++;
	if (keep && version >= 0 && !find(v, nslots, k)) {
		struct slot *s = victim(v, nslots, fr);
		s->k = *k;
		s->v = keep;
		s->n = n;
		s->used = ++tick;
		keep = NULL;
	}
	if (version >= 0)
		land_flight(k);
	pthread_mutex_unlock(&lock);
	if (keep)
		fr(keep);
}

static int copy_dash(void *dst, const struct slot *s)
{
	return dash_copy(dst, s->v);
}

static int copy_values(void *dst, const struct slot *s)
{
	memcpy(dst, s->v, sizeof(struct kpi_value) * K_N);
	return 0;
}

int kpi_dashboard_cached(db *d, const struct kpi_query *q, struct kpi_dashboard *out)
{
	int64_t version = change_data_version(d);
	struct key k;
	make_key(&k, version, q, "dashboard");
	if (kept_find(dash, DASH_KEPT, &k, version, copy_dash, out) == 0)
		return 0;
	int rc = kpi_dashboard(d, q, out);
	struct kpi_dashboard *keep = NULL;
	if (rc == 0 && (keep = malloc(sizeof *keep)) && dash_copy(keep, out) < 0) {
		free(keep);
		keep = NULL;
	}
	kept_store(dash, DASH_KEPT, &k, version, keep, 1, dash_free);
	return rc;
}

int kpi_compute_cached(db *d, const struct kpi_query *q, struct kpi_value out[K_N])
{
	int64_t version = change_data_version(d);
	struct key k;
	make_key(&k, version, q, "values");
	if (kept_find(values, VALUES_KEPT, &k, version, copy_values, out) == 0)
		return 0;
	int rc = kpi_compute(d, q, out);
	struct kpi_value *keep = rc == 0 ? malloc(sizeof(struct kpi_value) * K_N) : NULL;
	if (keep)
		memcpy(keep, out, sizeof(struct kpi_value) * K_N);
	kept_store(values, VALUES_KEPT, &k, version, keep, K_N, free);
	return rc;
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

static int copy_members(void *dst, const struct slot *s)
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
	struct key key;
	make_key(&key, version, q, extra);
	struct members_out o = {out, n};
	if (kept_find(members, MEMBERS_KEPT, &key, version, copy_members, &o) == 0)
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
	kept_store(members, MEMBERS_KEPT, &key, version, keep, g.n, free);
	return rc;
}

void kpi_cache_stats(long *h, long *m)
{
	pthread_mutex_lock(&lock);
	*h = hits;
	*m = misses;
	pthread_mutex_unlock(&lock);
}
