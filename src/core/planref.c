/* planref.c — the numbers of an EHC plan's items (planref.h). */
#include "core/planref.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const plan_item_sections[] = {"B", "C", "D", "E", "F", "G", "H1", "H2", "K", NULL};

static const struct {
	const char *id, *title;
} sections[] = {
	{"A", "The views, interests and aspirations of the child or young person and their parents"},
	{"B", "Special educational needs"},
	{"C", "Health needs related to their special educational needs"},
	{"D", "Social care needs related to their special educational needs or disability"},
	{"E", "Outcomes"},
	{"F", "Special educational provision"},
	{"G", "Health provision"},
	{"H1", "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"},
	{"H2", "Other social care provision"},
	{"I", "Placement"},
	{"J", "Personal budget"},
	{"K", "Advice and information"},
};

int plan_section_order(const char *section)
{
	for (size_t i = 0; section && i < sizeof sections / sizeof sections[0]; i++)
		if (strcmp(sections[i].id, section) == 0)
			return (int)i;
	return -1;
}

const char *plan_section_title(const char *section)
{
	int i = plan_section_order(section);
	return i < 0 ? "" : sections[i].title;
}

int plan_section_valid(const char *section)
{
	for (int i = 0; plan_item_sections[i]; i++)
		if (section && strcmp(plan_item_sections[i], section) == 0)
			return 1;
	return 0;
}

void plan_ref(const char *section, long long num, char out[PLAN_REF_MAX])
{
	size_t n = strlen(section);
	int hyphen = n && isdigit((unsigned char)section[n - 1]);
	snprintf(out, PLAN_REF_MAX, "%.2s%s%lld", section, hyphen ? "-" : "", num);
}

int plan_ref_parse(const char *s, char section[3], long long *num)
{
	while (*s == ' ')
		s++;
	char sec[3] = {0};
	if (!isalpha((unsigned char)s[0]))
		return -1;
	sec[0] = (char)toupper((unsigned char)*s++);
	if (sec[0] == 'H' && (s[0] == '1' || s[0] == '2') && s[1] == '-')
		sec[1] = *s, s += 2;
	if (!plan_section_valid(sec) || !isdigit((unsigned char)*s))
		return -1;
	long long v = 0;
	while (isdigit((unsigned char)*s)) {
		if (v > 100000)
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	while (*s == ' ')
		s++;
	if (*s || v < 1)
		return -1;
	memcpy(section, sec, 3);
	*num = v;
	return 0;
}

int plan_refs_contain(const char *list, const char *ref)
{
	size_t n = strlen(ref);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, ref, n) == 0)
			return 1;
		p = end ? end + 1 : p + len;
	}
	return 0;
}
