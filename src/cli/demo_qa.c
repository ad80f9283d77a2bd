/* demo_qa.c — a year of plan quality audits for the demo area (demo_qa.h).
 *
 * DESIGN: everything through the domain's own functions (qa.h), each one
 * change with its audit row, as a QA lead would make them, dated as the
 * months went by (the actor's instant; derived data as at today).  Deterministic from the demo's seed.
 * Each month draws 5% of the plans finalised that month and 6 other active
 * plans, and the last three months 5 case files each; the cost is the
 * fifteen draws (each reads every active plan or open case) and a few
 * changes per audit (which refresh nothing of the child's: qa.c), about 4 to
 * 8 s on 20,000 plans on a shared machine.  Synthetic only.
 */
#include "cli/demo_qa.h"
#include "core/date.h"
#include "core/grow.h"
#include "core/qa.h"
#include "domain/qa.h"
#include "domain/user.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#define QA_PASSWORD "sendmis-demo"

struct aud { int64_t id; };
struct ids { int64_t *v; int n, cap; };

static int collect(void *ctx, const struct qa_audit_row *a)
{
	struct ids *x = ctx;
	if (x->n == x->cap) {
		int cap = x->cap ? x->cap * 2 : 64;
		int64_t *v = realloc(x->v, (size_t)cap * sizeof *v);
		if (!v)
			return 1;
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n++] = a->id;
	return 0;
}

struct crit { int64_t id; char section[8]; };
struct crits { struct crit v[64]; int n; };

static int take_crit(void *ctx, const struct qa_criterion_row *c)
{
	struct crits *x = ctx;
	if (x->n < 64) {
		x->v[x->n].id = c->id;
		snprintf(x->v[x->n].section, sizeof x->v[x->n].section, "%s", c->section);
		x->n++;
	}
	return 0;
}

static int64_t caseworker_of(db *d, int64_t person)
{
	db_stmt *s = db_prepare(d, "SELECT user_id FROM allocations WHERE person_id = ? AND end_date IS NULL");
	if (!s)
		return 0;
	db_bind_int(s, 1, person);
	int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	return id;
}

/* The month `back` months before today's: "YYYY-MM" in month[16], *mi its
 * number (year * 12 + month), and the day it is sampled on: that day of the
 * next month, or today if that is later. */
static day_t month_back(day_t today, int back, int day, char *month, int *mi)
{
	int y, m, dd;
	date_to_ymd(today, &y, &m, &dd);
	int t = y * 12 + (m - 1) - back, n = t + 1;
	*mi = t / 12 * 12 + t % 12 + 1;
	snprintf(month, 16, "%04d-%02d", (t / 12) % 10000, t % 12 + 1);
	day_t on;
	if (date_from_ymd(n / 12, n % 12 + 1, day, &on) < 0 || on > today)
		on = today;
	return on;
}

/* Grades an audit: a plan's quality q (1..4) give or take one. */
static int grade_audit(db *d, struct actor *who, int64_t id, int q, uint64_t *rng, char *msg, size_t n)
{
	struct qa_audit a;
	if (qa_audit_load(d, id, &a) != QA_OK)
		return -1;
	struct crits cr = {.n = 0};
	struct qa_grade_in g[64];
	int ng = 0;
	int rc = qa_criteria_each(d, id, take_crit, &cr);
	for (int i = 0; rc == 0 && i < cr.n; i++) {
		if (!qa_service_grades(a.auditor_service, cr.v[i].section))
			continue;
		int x = q + (int)qa_rand_below(rng, 3) - 1;
		if (strcmp(cr.v[i].section, "F") == 0 && a.prov_findings > 2)
			x--;   /* provision not specified: the auditors see it too */
		g[ng++] = (struct qa_grade_in){cr.v[i].id, x < 1 ? 1 : x > 4 ? 4 : x, NULL};
	}
	const char *strengths = q >= 3 ? "The child's views are clear and in their own words; outcomes are well linked to needs."
	                               : "The plan records the child's views.";
	const char *improve = q >= 3 ? "Check that every provision says how often and for how long."
	                             : "Provision in section F is not specified or quantified; outcomes are not time-bound.";
	if (rc == 0)
		rc = qa_audit_save(d, who, id, a.version, g, ng, strengths, improve, 1, msg, n);
	qa_audit_free(&a);
	return rc;
}

/* One rating of a request: 'yes' when (id * mul + k) % 10 < base + days / 120 (days: from the
 * start of the year to its receipt, so better as the year goes on), else 'no' when
 * (id + k) % no_mod = 0, else 'partly'.  Compared in whole numbers (times 120): exact. */
static const char *advice_rating(int64_t id, int mul, int base, int no_mod, int64_t k, int dated, long long days)
{
	if (dated && ((id * mul + k) % 10) * 120 < base * 120 + days)
		return "yes";
	return (id + k) % no_mod == 0 ? "no" : "partly";
}

/* Rates every request received on or after `from` not rated yet (k: the seed's own), in one
 * transaction; the ratings are computed here, not in SQL (no date arithmetic SQLite and
 * PostgreSQL share).  0, or -1. */
static int rate_advice(db *d, day_t from, int64_t k)
{
	char f[11];
	date_format_iso(from, f);
	struct row { int64_t id; int dated; long long days; } *v = NULL;
	int n = 0, cap = 0;
	db_stmt *s = db_prepare(d, "SELECT id, received_date FROM advice_requests WHERE received_date >= ?1 "
	                           "AND rating_complete IS NULL AND rating_specific IS NULL AND rating_quantified IS NULL");
	if (!s)
		return -1;
	db_bind_text(s, 1, f);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(v, cap, n + 1, 256) < 0) {
			rc = DB_ERROR;
			break;
		}
		day_t got;
		v[n].id = db_col_int(s, 0);
		v[n].dated = date_parse_iso(db_col_text(s, 1), &got) == 0;
		v[n].days = v[n].dated ? (long long)got - from : 0;
		n++;
	}
	db_done(s);
	if (rc == DB_DONE && db_begin(d) < 0)   /* one commit, not one a row */
		rc = DB_ERROR;
	for (int i = 0; i < n && rc == DB_DONE; i++) {
		s = db_prepare(d, "UPDATE advice_requests SET rating_complete=?2, rating_specific=?3, rating_quantified=?4 "
		                  "WHERE id=?1");
		if (!s) {
			rc = DB_ERROR;
			break;
		}
		db_bind_int(s, 1, v[i].id);
		db_bind_text(s, 2, advice_rating(v[i].id, 7, 6, 3, k, v[i].dated, v[i].days));
		db_bind_text(s, 3, advice_rating(v[i].id, 11, 5, 4, k, v[i].dated, v[i].days));
		db_bind_text(s, 4, advice_rating(v[i].id, 13, 4, 2, k, v[i].dated, v[i].days));
		if (db_step(s) != DB_DONE)
			rc = DB_ERROR;
		db_done(s);
	}
	free(v);
	if (rc == DB_DONE && db_commit(d) == 0)
		return 0;
	db_rollback(d);
	return -1;
}

int demo_qa(db *d, const struct demo_opts *o, char *err, size_t errlen)
{
	double t0 = now_s();
	uint64_t rng = o->seed ^ 0x9a11e5u;
	int64_t auditor[3] = {0, 0, 0};
	static const char *const names[3][3] = {
		{"qa-education", "Eden Auditor (education)", "education"},
		{"qa-health", "Hana Auditor (health)", "health"},
		{"qa-social", "Sol Auditor (social care)", "social_care"},
	};
	long long now = (long long)o->today * 86400 + 9 * 3600;
	struct actor lead = {2, now, o->today, NULL};   /* the demo's manager */
	char msg[200], uerr[200];
	for (int i = 0; i < 3; i++) {
		if (user_add(d, names[i][0], names[i][1], "qa", QA_PASSWORD, &auditor[i], uerr, sizeof uerr) < 0 ||
		    qa_auditor_set_service(d, &lead, auditor[i], names[i][2], msg, sizeof msg) != QA_OK) {
			snprintf(err, errlen, "demo: QA auditor %s: %s", names[i][0], uerr);
			return -1;
		}
	}
	int audits = 0, moderated = 0;
	for (int back = 12; back >= 1; back--) {
		char month[16];
		int mi;
		/* drawn on the 3rd of the next month, graded through it */
		day_t drawn_on = month_back(o->today, back, 3, month, &mi);
		struct actor at = {2, (long long)drawn_on * 86400 + 9 * 3600, o->today, NULL};
		int64_t sid;
		if (qa_sample_draw(d, &at, month, o->seed * 1000 + (uint64_t)mi, 5, 6, &sid, msg, sizeof msg) != QA_OK) {
			snprintf(err, errlen, "demo: the QA sample for %s: %s", month, msg);
			return -1;
		}
		struct ids x = {0};
		if (qa_audits_each(d, sid, 0, 10000, collect, &x) < 0) {
			free(x.v);
			snprintf(err, errlen, "demo: the QA sample for %s could not be read", month);
			return -1;
		}
		/* quality improving over the year: a plan's quality 2..4 */
		for (int i = 0; i < x.n; i++) {
			int64_t id = x.v[i];
			struct qa_audit a;
			if (qa_audit_load(d, id, &a) != QA_OK)
				break;
			int64_t version = a.version, person = a.person_id;
			qa_audit_free(&a);
			int who_i = (int)qa_rand_below(&rng, 10) < 6 ? 0 : (int)qa_rand_below(&rng, 2) + 1;
			int open = back == 1 && (i < 2 || (int)qa_rand_below(&rng, 3) == 0);
			if (back == 1 && i < 2)
				who_i = 0;   /* the education auditor always has audits to do */
			if (qa_audit_assign(d, &at, id, version, auditor[who_i], msg, sizeof msg) != QA_OK)
				continue;
			/* the most recent month is still in progress: some audits left with their auditors */
			if (open)
				continue;
			day_t done_on = drawn_on + 7 + (int)qa_rand_below(&rng, 18);
			if (done_on > o->today)
				done_on = o->today;
			struct actor ad = {auditor[who_i], (long long)done_on * 86400 + 11 * 3600, o->today, NULL};
			int q = 2 + (int)qa_rand_below(&rng, 2) + ((int)qa_rand_below(&rng, 12) < 12 - back ? 1 : 0);
			if (q > 4)
				q = 4;
			if (grade_audit(d, &ad, id, q, &rng, msg, sizeof msg) != QA_OK)
				continue;
			audits++;
			struct qa_audit done;
			if (qa_audit_load(d, id, &done) != QA_OK)
				continue;
			int overall = done.overall;
			qa_audit_free(&done);
			/* below good: feedback to the caseworker, done if it was due before today */
			int64_t cw = caseworker_of(d, person);
			if (overall < 3 && cw) {
				char due[11];
				date_format_iso(done_on + 28, due);
				int64_t act;
				if (qa_action_add(d, &ad, id, "feedback", "Go through the audit with the caseworker: specify and "
				                  "quantify the provision in section F", cw, due, &act, msg, sizeof msg) == QA_OK &&
				    done_on + 20 <= o->today) {
					struct actor ac = {cw, (long long)(done_on + 20) * 86400 + 10 * 3600, o->today, NULL};
					int64_t aud;
					qa_action_done(d, &ac, act, 1, 0, &aud, msg, sizeof msg);
				}
			}
			/* one in five moderated blind by another service's auditor, the same service's when education */
			if ((int)qa_rand_below(&rng, 5) == 0 && done_on + 10 <= o->today) {
				int other = (who_i + 1 + (int)qa_rand_below(&rng, 2)) % 3;
				if (who_i != 0)
					other = 0;
				/* the second auditor needs the first's scope to grade the same criteria */
				int64_t second;
				if (qa_moderation_start(d, &ad, id, auditor[other], &second, msg, sizeof msg) != QA_OK)
					continue;
				struct actor am = {auditor[other], (long long)(done_on + 7) * 86400 + 11 * 3600, o->today, NULL};
				/* the same plan: its quality, their own judgement */
				if (grade_audit(d, &am, second, q, &rng, msg, sizeof msg) != QA_OK)
					continue;
				struct actor al = {2, (long long)(done_on + 10) * 86400 + 14 * 3600, o->today, NULL};
				if (qa_moderation_agree(d, &al, id, overall, "Agreed at the monthly moderation meeting", msg,
				                        sizeof msg) == QA_OK)
					moderated++;
			}
		}
		free(x.v);
	}
	/* the last three months' case-file samples (Thurrock's monthly checks): 5 each, graded but the latest */
	int casefiles = 0;
	for (int back = 3; back >= 1; back--) {
		char month[16];
		int mi;
		day_t drawn_on = month_back(o->today, back, 5, month, &mi);
		struct actor at = {2, (long long)drawn_on * 86400 + 9 * 3600, o->today, NULL};
		int64_t sid;
		if (qa_casefile_sample_draw(d, &at, month, o->seed * 7000 + (uint64_t)mi, 5, &sid, msg,
		                            sizeof msg) != QA_OK) {
			snprintf(err, errlen, "demo: the case-file sample for %s: %s", month, msg);
			return -1;
		}
		struct ids x = {0};
		if (qa_audits_each(d, sid, 0, 100, collect, &x) < 0) {
			free(x.v);
			snprintf(err, errlen, "demo: the case-file sample for %s could not be read", month);
			return -1;
		}
		for (int i = 0; i < x.n; i++) {
			struct qa_audit a;
			if (qa_audit_load(d, x.v[i], &a) != QA_OK)
				break;
			int64_t version = a.version;
			qa_audit_free(&a);
			int who_i = i % 3;
			if (qa_audit_assign(d, &at, x.v[i], version, auditor[who_i], msg, sizeof msg) != QA_OK || back == 1)
				continue;
			day_t done_on = drawn_on + 5 + (int)qa_rand_below(&rng, 10);
			if (done_on > o->today)
				done_on = o->today;
			struct actor ad = {auditor[who_i], (long long)done_on * 86400 + 11 * 3600, o->today, NULL};
			if (grade_audit(d, &ad, x.v[i], 3, &rng, msg, sizeof msg) == QA_OK)
				casefiles++;
		}
		free(x.v);
	}
	/* the caseworkers' ratings of the advice received in the year (complete, specific, quantified), for
	 * the advice quality report: better as the year goes on; deterministic from the seed and the request */
	if (rate_advice(d, o->today - 365, (int64_t)(o->seed % 10)) < 0) {
		snprintf(err, errlen, "demo: rating the advice received");
		return -1;
	}
	if (!o->quiet)
		fprintf(stderr, "demo: %d plan quality audits, %d moderated, %d case files audited, in %.1f s\n", audits,
		        moderated, casefiles, now_s() - t0);
	return 0;
}
