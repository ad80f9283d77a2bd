/* hash.h — a string's hash for the in-memory tables (FNV-1a, 32 bits). */
#ifndef SENDMIS_HASH_H
#define SENDMIS_HASH_H

static inline unsigned hash_text(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

#endif
