/* grow.h — room for more elements in a growable array, one way for all.
 *
 * DESIGN: every list built in memory (queue rows, a walk's tallies, a
 * parser's items) grows the same way: doubling from a first size, refusing
 * a size that would overflow, and leaving the array as it was when memory
 * runs out, so the caller can free what it has and report the failure.
 *
 *   if (ARRAY_RESERVE(q->v, q->cap, q->n + 1, 64) < 0)
 *           return -1;
 *   q->v[q->n++] = row;
 */
#ifndef SENDMIS_GROW_H
#define SENDMIS_GROW_H
#include <stddef.h>

/* Makes room for `need` elements of `size` bytes in the array whose pointer
 * is at `arrp` (any object pointer type) and whose capacity is *cap: the
 * capacity doubles from `first` until it holds them.  0, or -1 (array and
 * capacity unchanged) when memory runs out or the size would overflow. */
int array_reserve(void *arrp, int *cap, int need, size_t size, int first);
#define ARRAY_RESERVE(arr, cap, need, first) array_reserve(&(arr), &(cap), (need), sizeof *(arr), (first))

#endif
