/* grow.c — see grow.h. */
#include "core/grow.h"
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int array_reserve(void *arrp, int *cap, int need, size_t size, int first)
{
	if (need <= *cap)
		return 0;
	if (need < 0 || size == 0)
		return -1;
	long nc = *cap > 0 ? *cap : (first > 0 ? first : 8);
	while (nc < need)
		nc *= 2;
	if (nc > INT_MAX || (size_t)nc > SIZE_MAX / size)
		return -1;
	void *p;   /* the caller's pointer, read and written as bytes: its type is the caller's */
	memcpy(&p, arrp, sizeof p);
	void *n = realloc(p, (size_t)nc * size);
	if (!n)
		return -1;
	memcpy(arrp, &n, sizeof n);
	*cap = (int)nc;
	return 0;
}
