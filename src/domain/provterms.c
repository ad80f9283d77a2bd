/* provterms.c — see provterms.h. */
#include "domain/provterms.h"
#include "core/validate.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* data/provision-terms.txt, compiled in (scripts/embed-file) */
extern const char provision_terms_default[];

#define AREA_FILE_MAX (1024 * 1024)

int provision_terms_load(const char *area_file, struct prov_terms *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	if (prov_terms_parse(t, provision_terms_default, "data/provision-terms.txt", err, errlen) < 0)
		return -1;
	if (!area_file || !*area_file)
		return 0;
	FILE *f = fopen(area_file, "rb");
	if (!f) {
		snprintf(err, errlen, "provision_terms: cannot open %s: %s", area_file, strerror(errno));
		prov_terms_free(t);
		return -1;
	}
	char *text = malloc(AREA_FILE_MAX + 1);
	size_t n = text ? fread(text, 1, AREA_FILE_MAX + 1, f) : 0;
	int bad = !text || ferror(f);
	fclose(f);
	if (bad || n > AREA_FILE_MAX) {
		snprintf(err, errlen, "provision_terms: %s %s", area_file,
		         bad ? "could not be read" : "is larger than 1 MiB");
		free(text);
		prov_terms_free(t);
		return -1;
	}
	text[n] = 0;
	if (strlen(text) != n || !text_is_clean(text, 1)) {
		snprintf(err, errlen, "provision_terms: %s is not UTF-8 text (or holds a control character)", area_file);
		free(text);
		prov_terms_free(t);
		return -1;
	}
	int rc = prov_terms_parse(t, text, area_file, err, errlen);
	free(text);
	if (rc < 0)
		prov_terms_free(t);
	return rc;
}

/* One table for each area file a process asks for (a server has one); kept,
 * never freed, so a pointer handed out stays good. */
static struct shared_terms {
	char path[512];
	struct prov_terms t;
	char problem[300];
	int used;
} shared[4];
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

const struct prov_terms *provision_terms_shared(const char *area_file, const char **problem)
{
	const char *path = area_file ? area_file : "";
	pthread_mutex_lock(&shared_lock);
	struct shared_terms *hit = NULL;
	for (size_t i = 0; !hit && i < sizeof shared / sizeof shared[0]; i++)
		if (shared[i].used && !strcmp(shared[i].path, path))
			hit = &shared[i];
	for (size_t i = 0; !hit && i < sizeof shared / sizeof shared[0]; i++)
		if (!shared[i].used) {
			hit = &shared[i];
			snprintf(hit->path, sizeof hit->path, "%s", path);
			if (provision_terms_load(path, &hit->t, hit->problem, sizeof hit->problem) < 0) {
				fprintf(stderr, "provision check: the area's terms could not be read; using the built-in table\n");
				char ignored[8];
				provision_terms_load(NULL, &hit->t, ignored, sizeof ignored);
			} else {
				hit->problem[0] = 0;
			}
			hit->used = 1;
		}
	if (!hit)   /* more files than slots: the last slot's (a server never asks for a second) */
		hit = &shared[sizeof shared / sizeof shared[0] - 1];
	pthread_mutex_unlock(&shared_lock);
	*problem = hit->problem;
	return &hit->t;
}
