/* test_kept.c — values kept between changes (domain/kept.c): found at
 * their version, counted once by one thread while the others wait, and,
 * for the pages that may, the value counted before a change served while
 * it is counted again. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "domain/kept.h"

static struct kept_slot slots[4];
static struct kept_set set = KEPT_SET(slots, free);

static int copy_int(void *dst, const struct kept_slot *s)
{
	*(int *)dst = *(int *)s->v;
	return 0;
}

static void store(int64_t version, const char *query, int value)
{
	struct kept_key k;
	kept_key_make(&k, version, "%s", query);
	int *keep = malloc(sizeof *keep);
	assert_non_null(keep);
	*keep = value;
	kept_store(&set, &k, version, keep, 1);
}

/* A thread that asks for a key (or_previous or not) and records what it got. */
struct asker {
	int64_t version;
	int previous;
	int rc, value;
	volatile int done;
};

static void *ask(void *arg)
{
	struct asker *a = arg;
	struct kept_key k;
	kept_key_make(&k, a->version, "%s", "dashboard|team=North");
	int was_previous = 0;
	a->rc = a->previous ? kept_find_or_previous(&set, &k, a->version, copy_int, &a->value, &was_previous)
	                    : kept_find(&set, &k, a->version, copy_int, &a->value);
	if (a->previous && a->rc == 0 && was_previous)
		a->rc = 2;   /* served what was counted before the change */
	a->done = 1;
	return NULL;
}

static void test_kept_and_previous(void **state)
{
	struct kept_key k1, k2;
	int v = 0;
	kept_key_make(&k1, 1, "%s", "dashboard|team=North");
	/* nothing kept: the caller counts (the key is now in flight) and stores */
	assert_int_equal(kept_find(&set, &k1, 1, copy_int, &v), 1);
	store(1, "dashboard|team=North", 10);
	assert_int_equal(kept_find(&set, &k1, 1, copy_int, &v), 0);
	assert_int_equal(v, 10);
	/* a change: version 2.  One thread counts it ... */
	kept_key_make(&k2, 2, "%s", "dashboard|team=North");
	assert_int_equal(kept_find(&set, &k2, 2, copy_int, &v), 1);
	/* ... and meanwhile a page that may is served version 1's value at once */
	struct asker p = {2, 1, -1, -1, 0};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, ask, &p), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(p.rc, 2);
	assert_int_equal(p.value, 10);
	/* while one that must have the figures as they stand waits for the count */
	struct asker w = {2, 0, -1, -1, 0};
	assert_int_equal(pthread_create(&t, NULL, ask, &w), 0);
	usleep(100 * 1000);
	assert_int_equal(w.done, 0);
	store(2, "dashboard|team=North", 11);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(w.rc, 0);
	assert_int_equal(w.value, 11);
	/* another query's value is never served for this one */
	struct kept_key k3;
	kept_key_make(&k3, 3, "%s", "dashboard|team=South");
	assert_int_equal(kept_find(&set, &k3, 3, copy_int, &v), 1);   /* counting South at 3 */
	struct kept_key k4;
	kept_key_make(&k4, 3, "%s", "dashboard|team=North");
	/* North at 3 is not in flight: the asker counts it itself (1), not served a previous */
	int prev = -1;
	assert_int_equal(kept_find_or_previous(&set, &k4, 3, copy_int, &v, &prev), 1);
	assert_int_equal(prev, 0);
	kept_store(&set, &k4, 3, NULL, 0);   /* the count failed: nothing kept, the flight lands */
	kept_store(&set, &k3, 3, NULL, 0);
	/* a version that could not be read keeps nothing and waits for nothing */
	assert_int_equal(kept_find_or_previous(&set, &k4, -1, copy_int, &v, &prev), 1);
	long hits, misses;
	kept_stats(&hits, &misses);
	assert_true(hits >= 3 && misses >= 4);
}

/* kept_flat: counted once per version, copied after; a failed count keeps nothing */
static int counted;
static int count_pair(void *ctx, void *out)
{
	long *v = out;
	counted++;
	v[0] = *(long *)ctx;
	v[1] = v[0] * 2;
	return v[0] < 0 ? -1 : 0;
}

static void test_kept_flat(void **state)
{
	static struct kept_slot fslots[2];
	static struct kept_set fset = KEPT_SET(fslots, free);
	struct kept_key k;
	long v[2] = {0, 0}, src = 7;
	kept_key_make(&k, 1, "%s", "flat");
	assert_int_equal(kept_flat(&fset, &k, 1, v, sizeof v, count_pair, &src), 0);
	assert_int_equal(counted, 1);
	src = 9;   /* the same version: the kept copy, not a new count */
	v[0] = v[1] = 0;
	assert_int_equal(kept_flat(&fset, &k, 1, v, sizeof v, count_pair, &src), 0);
	assert_int_equal(counted, 1);
	assert_true(v[0] == 7 && v[1] == 14);
	kept_key_make(&k, 2, "%s", "flat");
	src = -1;   /* a failed count: its error, and nothing kept */
	assert_int_equal(kept_flat(&fset, &k, 2, v, sizeof v, count_pair, &src), -1);
	src = 9;
	assert_int_equal(kept_flat(&fset, &k, 2, v, sizeof v, count_pair, &src), 0);
	assert_int_equal(counted, 3);
	assert_true(v[0] == 9 && v[1] == 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_and_previous),
		cmocka_unit_test(test_kept_flat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
