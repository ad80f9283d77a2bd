/* demo_rng.h — the splitmix64 stream the demo's later generators draw from
 * (demo_family.c, demo_surveys.c): each keeps its own state, seeded from the
 * demo's seed, so adding one leaves the rows of the others as they were.
 * Every choice is an integer draw, the same on every machine. */
#ifndef SENDMIS_DEMO_RNG_H
#define SENDMIS_DEMO_RNG_H
#include <stdint.h>

static inline uint64_t demo_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
/* 0 .. n-1 (n > 0). */
static inline int demo_below(uint64_t *x, int n) { return (int)(demo_next(x) % (uint64_t)n); }
/* 1 with probability per100 in 100. */
static inline int demo_chance(uint64_t *x, int per100) { return demo_below(x, 100) < per100; }

#endif
