/* kept.h — figures kept in the process while the records are unchanged.
 *
 * DESIGN (issue 15): what is counted over many records (the dashboard, a
 * drill-down's cases, the oversight list's category counts, the team
 * view, the SEN2 findings) is kept, keyed on everything that decides it
 * and on the data version (change.h), which every committed change
 * advances: the first view after a change counts afresh, the rest copy
 * what it counted.  One kept set per kind of figure, a few values each,
 * the least recently used going first.  Threads asking for the same key
 * while it is being counted wait for that count (64 requests arriving
 * after a change make one count, not 64).  Safe for the server's threads:
 * one mutex for every set; counting runs outside it.
 *
 * Use:
 *     struct kept_key k;
 *     kept_key_make(&k, version, "oversight|%s|%d", ...);
 *     if (kept_find(&set, &k, version, copy_out, &out) == 0)
 *         return 0;                        // a copy of the kept value
 *     … count into out; make a copy `keep` (NULL: none) …
 *     kept_store(&set, &k, version, keep, n);   // always, even on failure
 *
 * A version < 0 (the version could not be read) keeps nothing and waits
 * for nothing.
 */
#ifndef SENDMIS_KEPT_H
#define SENDMIS_KEPT_H
#include <stddef.h>
#include <stdint.h>

/* What decides a value, as one string (the version first). */
struct kept_key {
	char s[1024];
};

struct kept_slot {
	struct kept_key k;
	unsigned long used;      /* 0: empty; else when last used (a counter) */
	void *v;                 /* the kept value */
	long n;                  /* how many items it holds (for the copy) */
};

/* One kind of figure: its slots (static storage, zeroed) and how a value is freed. */
struct kept_set {
	struct kept_slot *slot;
	int nslots;
	void (*free_value)(void *v);
};
#define KEPT_SET(slots, free_fn) {(slots), (int)(sizeof(slots) / sizeof((slots)[0])), (free_fn)}

/* k = "v=<version>|" and the rest as printf formats it. */
void kept_key_make(struct kept_key *k, int64_t version, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* 0 when k is kept: copy(dst, slot) has copied it out (copy returns 0, or
 * -1 when memory ran out); 1 when the caller is to count it and then call
 * kept_store (after waiting, if another thread was counting it, and
 * finding it was not kept). */
int kept_find(struct kept_set *set, const struct kept_key *k, int64_t version,
              int (*copy)(void *dst, const struct kept_slot *s), void *dst);

/* Keeps `keep` (n items; NULL: nothing to keep, as after a failed count)
 * as k's value, freed with the set's free_value when it is not kept or
 * later pushed out, and lets the threads waiting for k look again. */
void kept_store(struct kept_set *set, const struct kept_key *k, int64_t version, void *keep, long n);

/* The same, except that when previous is not NULL and another thread is
 * counting k, a value of the same query kept at an older version is copied
 * out instead of waiting, and *previous set to 1 (the caller says the
 * figures are being counted again; otherwise *previous is 0).  Only the
 * one thread that counts waits for a count after a change; the others are
 * served what was counted before it.  Without an older value it waits, as
 * kept_find does; previous NULL: it is kept_find.  Returns 0 (copied) or 1
 * (count it), as kept_find. */
int kept_find_or_previous(struct kept_set *set, const struct kept_key *k, int64_t version,
                          int (*copy)(void *dst, const struct kept_slot *s), void *dst, int *previous);

/* For a value of plain bytes (counts, a struct of numbers; a set whose
 * free_value is free): k's kept value copied into out (size bytes), else
 * count(ctx, out) run and a copy of what it counted kept.  0, or count's -1
 * (nothing kept). */
int kept_flat(struct kept_set *set, const struct kept_key *k, int64_t version, void *out, size_t size,
              int (*count)(void *ctx, void *out), void *ctx);

/* How often a value was found kept, and counted, across every set (for the bench). */
void kept_stats(long *hits, long *misses);

#endif
