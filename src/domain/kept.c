/* kept.c — see kept.h. */
#include "domain/kept.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t counted = PTHREAD_COND_INITIALIZER;
static unsigned long tick;
static long hits, misses;

void kept_key_make(struct kept_key *k, int64_t version, const char *fmt, ...)
{
	int n = snprintf(k->s, sizeof k->s, "v=%lld|", (long long)version);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(k->s + n, sizeof k->s - (size_t)n, fmt, ap);
	va_end(ap);
}

/* What is being counted now, by which key. */
enum { FLIGHTS = 16 };
static struct kept_key flights[FLIGHTS];
static int nflights;

static int in_flight(const struct kept_key *k)
{
	for (int i = 0; i < nflights; i++)
		if (strcmp(flights[i].s, k->s) == 0)
			return 1;
	return 0;
}

/* Under the lock: 1 if this thread is to count k (it is now in flight), 0
 * after waiting for another thread's count of it (look in the kept again).
 * With every flight slot taken, the thread counts without waiting. */
static int take_flight(const struct kept_key *k)
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
static void land_flight(const struct kept_key *k)
{
	for (int i = 0; i < nflights; i++)
		if (strcmp(flights[i].s, k->s) == 0) {
			flights[i] = flights[--nflights];
			break;
		}
	pthread_cond_broadcast(&counted);
}

static struct kept_slot *find(struct kept_set *set, const struct kept_key *k)
{
	for (int i = 0; i < set->nslots; i++)
		if (set->slot[i].used && strcmp(set->slot[i].k.s, k->s) == 0) {
			set->slot[i].used = ++tick;
			return &set->slot[i];
		}
	return NULL;
}

/* The slot to fill: an empty one, else the least recently used (its value freed). */
static struct kept_slot *victim(struct kept_set *set)
{
	struct kept_slot *best = &set->slot[0];
	for (int i = 0; i < set->nslots; i++) {
		if (!set->slot[i].used) {
			best = &set->slot[i];
			break;
		}
		if (set->slot[i].used < best->used)
			best = &set->slot[i];
	}
	if (best->used)
		set->free_value(best->v);
	memset(best, 0, sizeof *best);
	return best;
}

/* The query of a key: what follows its version ("v=N|"). */
static const char *query_of(const char *key)
{
	const char *bar = strchr(key, '|');
	return bar ? bar + 1 : key;
}

/* Under the lock: the newest value of k's query kept at an older version, or NULL. */
static struct kept_slot *find_previous(struct kept_set *set, const struct kept_key *k)
{
	struct kept_slot *best = NULL;
	const char *q = query_of(k->s);
	for (int i = 0; i < set->nslots; i++) {
		struct kept_slot *s = &set->slot[i];
		if (s->used && strcmp(query_of(s->k.s), q) == 0 && (!best || s->used > best->used))
			best = s;
	}
	return best;
}

static int find_kept(struct kept_set *set, const struct kept_key *k, int64_t version,
                     int (*copy)(void *dst, const struct kept_slot *s), void *dst, int previous)
{
	pthread_mutex_lock(&lock);
	for (;;) {
		struct kept_slot *s = version >= 0 ? find(set, k) : NULL;
		if (s && copy(dst, s) == 0) {
			hits++;
			pthread_mutex_unlock(&lock);
			return 0;
		}
		if (!s && version >= 0 && previous && in_flight(k)) {
			struct kept_slot *p = find_previous(set, k);
			if (p && copy(dst, p) == 0) {
				hits++;
				pthread_mutex_unlock(&lock);
				return 2;
			}
		}
		if (s || version < 0 || take_flight(k))
			break;   /* (kept, but no memory for a copy: count it without waiting) */
	}
	pthread_mutex_unlock(&lock);
	return 1;
}

int kept_find(struct kept_set *set, const struct kept_key *k, int64_t version,
              int (*copy)(void *dst, const struct kept_slot *s), void *dst)
{
	return find_kept(set, k, version, copy, dst, 0);
}

int kept_find_or_previous(struct kept_set *set, const struct kept_key *k, int64_t version,
                          int (*copy)(void *dst, const struct kept_slot *s), void *dst, int *previous)
{
	int found = find_kept(set, k, version, copy, dst, previous != NULL);
	if (previous)
		*previous = found == 2;
	return found == 2 ? 0 : found;
}

void kept_store(struct kept_set *set, const struct kept_key *k, int64_t version, void *keep, long n)
{
	pthread_mutex_lock(&lock);
	misses++;
	if (keep && version >= 0 && !find(set, k)) {
		struct kept_slot *s = victim(set);
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
		set->free_value(keep);
}

/* A flat value: s->n is its size in bytes. */
static int copy_flat(void *dst, const struct kept_slot *s)
{
	memcpy(dst, s->v, (size_t)s->n);
	return 0;
}

int kept_flat(struct kept_set *set, const struct kept_key *k, int64_t version, void *out, size_t size,
              int (*count)(void *ctx, void *out), void *ctx)
{
	if (kept_find(set, k, version, copy_flat, out) == 0)
		return 0;
	int rc = count(ctx, out);
	void *keep = rc == 0 ? malloc(size ? size : 1) : NULL;
	if (keep)
		memcpy(keep, out, size);
	kept_store(set, k, version, keep, (long)size);
	return rc < 0 ? -1 : 0;
}

void kept_stats(long *h, long *m)
{
	pthread_mutex_lock(&lock);
	*h = hits;
	*m = misses;
	pthread_mutex_unlock(&lock);
}
