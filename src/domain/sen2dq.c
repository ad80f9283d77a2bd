/* sen2dq.c — see sen2dq.h. */
#include "domain/sen2dq.h"
#include "core/grow.h"
#include "core/sen2.h"
#include "core/version.h"
#include "domain/change.h"
#include "domain/kept.h"
#include "domain/sen2export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gather {
	struct sen2_context c;
	struct sen2_dq *q;
	int cap;
	int failed;
};

static void on_finding(void *ctx, const struct sen2_person *p, const struct sen2_finding *f)
{
	struct gather *g = ctx;
	struct sen2_dq *q = g->q;
	int n = (int)q->n;
	if (ARRAY_RESERVE(q->v, g->cap, n + 1, 64) < 0) {
		g->failed = 1;
		return;
	}
	struct sen2_dq_row *r = &q->v[q->n++];
	r->person = p ? p->id : 0;
	snprintf(r->name, sizeof r->name, "%s %s", p ? sen2_get(p, 0, SI_FORENAME) : "", p ? sen2_get(p, 0, SI_SURNAME) : "");
	r->check = f->check;
	r->severity = f->severity;
	snprintf(r->block, sizeof r->block, "%s",
	         p && f->node >= 0 && f->node < p->n ? sen2_block_tags[p->node[f->node].block] : "Header");
	snprintf(r->message, sizeof r->message, "%s", f->message);
	if (f->severity == SEN2_ERROR)
		q->errors++;
	else
		q->queries++;
}

static void on_person(void *ctx, const struct sen2_person *p)
{
	struct gather *g = ctx;
	g->q->people++;
	sen2_check_person(&g->c, p, on_finding, g);
}

/* Runs the checks (the rows in the return's order, then errors first: a stable merge by hand). */
static int run(db *d, day_t census, const char *la, struct sen2_dq *q)
{
	memset(q, 0, sizeof *q);
	struct gather g;
	memset(&g, 0, sizeof g);
	g.q = q;
	g.c.year = q->year = sen2_year_of_census(census);
	g.c.census = census;
	g.c.la = la;
	struct sen2_export_opts o = {census, la, "", SENDMIS_RELEASE, on_person, &g};
	struct sen2_summary sum;
	char err[200];
	if (sen2_export(d, &o, NULL, NULL, &sum, err, sizeof err) < 0 || g.failed) {
		sen2_dq_free(q);
		return -1;
	}
	/* errors first, each kind in the return's order (qsort is not stable: split instead) */
	struct sen2_dq_row *sorted = malloc((size_t)(q->n ? q->n : 1) * sizeof *sorted);
	if (!sorted) {
		sen2_dq_free(q);
		return -1;
	}
	long k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (long i = 0; i < q->n; i++)
			if ((pass == 0) == (q->v[i].severity == SEN2_ERROR))
				sorted[k++] = q->v[i];
	free(q->v);
	q->v = sorted;
	return 0;
}

void sen2_dq_free(struct sen2_dq *q)
{
	free(q->v);
	q->v = NULL;
	q->n = 0;
}

static int copy(struct sen2_dq *dst, const struct sen2_dq *src)
{
	*dst = *src;
	dst->v = malloc((size_t)(src->n ? src->n : 1) * sizeof *dst->v);
	if (!dst->v)
		return -1;
	if (src->n)
		memcpy(dst->v, src->v, (size_t)src->n * sizeof *dst->v);
	return 0;
}

/* Kept (kept.h): the findings of the last two census dates asked for, at a data version. */
static void dq_free(void *v)
{
	if (v)
		sen2_dq_free(v);
	free(v);
}
static struct kept_slot dq_slots[2];
static struct kept_set dq_kept = KEPT_SET(dq_slots, dq_free);

static int copy_kept(void *dst, const struct kept_slot *s)
{
	return copy(dst, s->v);
}

int sen2_dq_load(db *d, day_t census, const char *la, struct sen2_dq *out)
{
	int64_t version = change_data_version(d);
	struct kept_key k;
	kept_key_make(&k, version, "sen2dq|census=%d|la=%s", (int)census, la ? la : "");
	if (kept_find(&dq_kept, &k, version, copy_kept, out) == 0)
		return 0;
	int rc = run(d, census, la, out);
	struct sen2_dq *keep = rc == 0 ? malloc(sizeof *keep) : NULL;
	if (keep && copy(keep, out) < 0) {
		free(keep);
		keep = NULL;
	}
	kept_store(&dq_kept, &k, version, keep, 1);
	return rc < 0 ? -1 : 0;
}
