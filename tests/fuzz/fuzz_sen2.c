/* fuzz_sen2.c — libFuzzer target for the SEN2 reader (domain/sen2read.c)
 * and the checks (core/sen2check.c)
 *
 * DESIGN: the input is a SEN2 file.  Properties checked (abort() if
 * broken): reading either succeeds or fails with a message; every person
 * handed over starts with its Person block, has at most SEN2_MAX_NODES
 * blocks, each block's parent is an earlier block of the kind it may sit
 * in, and every value is a NUL-terminated string inside the person's arena;
 * the checks run on every person without crashing, and each finding names a
 * check of the table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sen2check.h"
#include "domain/sen2read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (256 * 1024)

static void finding(void *ctx, const struct sen2_person *p, const struct sen2_finding *f)
{
	(void)ctx;
	(void)p;
	if (!f->check || f->check < sen2_checks || f->check >= sen2_checks + sen2_checks_n || !f->message[0])
		abort();
}

static int person(void *ctx, const struct sen2_file_header *h, struct sen2_person *p)
{
	(void)ctx;
	if (p->n < 1 || p->n > SEN2_MAX_NODES || p->node[0].block != SB_PERSON || p->node[0].parent != -1)
		abort();
	for (int k = 1; k < p->n; k++)
		if (p->node[k].parent < 0 || p->node[k].parent >= k)
			abort();
	for (int k = 0; k < p->n; k++)
		for (int i = 0; i < SI_N; i++) {
			const char *v = p->node[k].v[i];
			if (v && (v < p->arena || v >= p->arena + SEN2_ARENA || !memchr(v, 0, (size_t)(p->arena + SEN2_ARENA - v))))
				abort();
		}
	day_t census = DATE_NONE;
	date_parse_iso("2026-01-15", &census);
	struct sen2_context c = {atoi(h->year), census, "999"};
	sen2_check_person(&c, p, finding, NULL);
	return 0;
}

static void problem(void *ctx, long person_index, long line, const char *message)
{
	(void)ctx;
	(void)person_index;
	(void)line;
	if (!message || !*message)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	struct sen2_file_header h;
	struct sen2_reader_cb cb = {person, problem, NULL};
	char err[500] = "";
	int rc = sen2_read_memory((const char *)data, size, &h, &cb, err, sizeof err);
	if (rc < 0 && !err[0])
		abort();
	if (rc != 0 && rc != -1)
		abort();
	return 0;
}
