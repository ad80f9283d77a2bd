/* errs.c — see errs.h. */
#include "core/errs.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void errs_add(struct errs *e, const char *field, const char *fmt, ...)
{
	if (e->n >= ERRS_MAX || errs_for(e, field))
		return;   /* one message per field: the first problem found */
	snprintf(e->e[e->n].field, sizeof e->e[e->n].field, "%s", field);
	e->e[e->n].anchor[0] = 0;
	e->e[e->n].person = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->e[e->n].msg, sizeof e->e[e->n].msg, fmt, ap);
	va_end(ap);
	e->n++;
}

const char *errs_for(const struct errs *e, const char *field)
{
	if (!e)
		return NULL;
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			return e->e[i].msg;
	return NULL;
}

void errs_anchor(struct errs *e, const char *field, const char *suffix)
{
	for (int i = 0; e && i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			snprintf(e->e[i].anchor, sizeof e->e[i].anchor, "%s%s", field, suffix);
}

void errs_person(struct errs *e, const char *field, long long person)
{
	for (int i = 0; e && i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			e->e[i].person = person;
}

const char *errs_anchor_of(const struct errs *e, int i)
{
	return e->e[i].anchor[0] ? e->e[i].anchor : e->e[i].field;
}
