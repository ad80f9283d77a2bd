/* kpi.c — see kpi.h. */
#include "domain/kpi.h"
#include "domain/casefile.h"
#include <stdlib.h>
#include <string.h>

struct period {
	day_t as_of, from, to;   /* the year: [from, to]; events also ≤ as_of */
};

/* d was set, is in the year and had happened by the as-of date */
static int in_year(const struct period *p, day_t d)
{
	return d != DATE_NONE && d >= p->from && d <= p->to && d <= p->as_of;
}

static int by(const struct period *p, day_t d)
{
	return d != DATE_NONE && d <= p->as_of;
}

static int within(day_t from, day_t to, int days)
{
	return from != DATE_NONE && to != DATE_NONE && date_diff_days(from, to) <= days;
}

static day_t col_day(db_stmt *s, int c)
{
	day_t d = DATE_NONE;
	if (!db_col_is_null(s, c))
		date_parse_iso(db_col_text(s, c), &d);
	return d;
}

/* ---- SEN2 Week20, per request, from the clock ------------------------------------ */

struct w20_pair {
	int64_t request_id;
	int excused;
};

struct w20 {
	struct w20_pair *v;
	int n, cap, failed;
};

static int w20_take(void *ctx, const struct casefile *cf)
{
	struct w20 *w = ctx;
	for (int i = 0; i < cf->nsteps; i++) {
		const struct case_step *cs = &cf->steps[i];
		if (strcmp(cs->st.rule->step, "final_plan") || cf->ep[cs->episode].kind != EP_ASSESSMENT)
			continue;
		if (w->n == w->cap) {
			int cap = w->cap ? w->cap * 2 : 1024;
			struct w20_pair *nv = realloc(w->v, (size_t)cap * sizeof *nv);
			if (!nv) {
				w->failed = 1;
				return 1;
			}
			w->v = nv;
			w->cap = cap;
		}
		w->v[w->n].request_id = cf->ep[cs->episode].request_id;
		w->v[w->n].excused = cs->st.exception_applies != 0;
		w->n++;
	}
	return 0;
}

static int by_request(const void *a, const void *b)
{
	int64_t x = ((const struct w20_pair *)a)->request_id, y = ((const struct w20_pair *)b)->request_id;
	return (x > y) - (x < y);
}

static int w20_lookup(const struct w20 *w, int64_t request_id)
{
	struct w20_pair key = {request_id, 0};
	const struct w20_pair *f = w->n ? bsearch(&key, w->v, (size_t)w->n, sizeof key, by_request) : NULL;
	return f ? f->excused : 0;
}

/* ---- the tables, each walked once -------------------------------------------------- */

struct walk {
	const struct period *p;
	struct kpi_value *out;        /* counting, or */
	enum kpi_id only;             /* with fn: the one KPI listed */
	kpi_member_fn fn;
	void *ctx;
	struct w20 w20;
	int need_w20, stop;
};

static void hit(struct walk *w, enum kpi_id k, int64_t person, int64_t id, int den, int num)
{
	if (!den)
		return;
	if (w->fn) {
		if (k == w->only && !w->stop)
			w->stop = w->fn(w->ctx, person, id, kpi_defs[k].kind == KPI_RATE ? num : 1);
		return;
	}
	if (kpi_defs[k].kind == KPI_COUNT)
		w->out[k].numerator++;
	else {
		w->out[k].denominator++;
		w->out[k].numerator += num != 0;
	}
}

static int wants(const struct walk *w, enum kpi_id a, enum kpi_id b)
{
	return !w->fn || (w->only >= a && w->only <= b);
}

static int walk_plans(db *d, struct walk *w)
{
	db_stmt *s = db_prepare(d,
		"SELECT p.id, p.person_id, p.issue_date, p.cease_date, COALESCE(p.request_id,0), COALESCE(p.transfer_in_la,''), "
		"q.received_date, COALESCE(q.mediation,0)+COALESCE(q.tribunal,0)+COALESCE(a.mediation,0)+COALESCE(a.tribunal,0) "
		"FROM plans p LEFT JOIN requests q ON q.id=p.request_id LEFT JOIN assessments a ON a.request_id=q.id ORDER BY p.id");
	if (!s)
		return -1;
	const struct period *p = w->p;
	int rc;
	while (!w->stop && (rc = db_step(s)) == DB_ROW) {
		int64_t id = db_col_int(s, 0), person = db_col_int(s, 1), rq = db_col_int(s, 4);
		day_t issued = col_day(s, 2), ceased = col_day(s, 3), received = col_day(s, 6);
		int disputed = db_col_int(s, 7) != 0, transferred = db_col_text(s, 5)[0] != 0;
		hit(w, K_ACTIVE_PLANS, person, id, by(p, issued) && !by(p, ceased), 1);
		int is_new = rq && !transferred && in_year(p, issued);
		hit(w, K_NEW_PLANS_ISSUED, person, id, is_new, 1);
		int timed = is_new && !disputed && received != DATE_NONE;
		int on_time = timed && within(received, issued, kpi_defs[K_NEW_PLANS_20WK_INCL].days);
		hit(w, K_NEW_PLANS_20WK_INCL, person, id, timed, on_time);
		if (w->need_w20) {
			int excused = timed && w20_lookup(&w->w20, rq);
			hit(w, K_NEW_PLANS_20WK_EXCL, person, id, timed && !excused, on_time && !excused);
		}
		hit(w, K_PLANS_CEASED, person, id, in_year(p, ceased), 1);
	}
	db_done(s);
	return w->stop || rc == DB_DONE ? 0 : -1;
}

static int walk_requests(db *d, struct walk *w)
{
	db_stmt *s = db_prepare(d, "SELECT id, person_id, received_date, COALESCE(outcome,''), outcome_date FROM requests ORDER BY id");
	if (!s)
		return -1;
	const struct period *p = w->p;
	int rc;
	while (!w->stop && (rc = db_step(s)) == DB_ROW) {
		int64_t id = db_col_int(s, 0), person = db_col_int(s, 1);
		day_t received = col_day(s, 2), decided = col_day(s, 4);
		const char *oc = db_col_text(s, 3);
		int in = in_year(p, received), has = by(p, decided) && (!strcmp(oc, "Y") || !strcmp(oc, "N"));
		hit(w, K_REQUESTS_RECEIVED, person, id, in, 1);
		hit(w, K_REQUESTS_REFUSED, person, id, in && has && !strcmp(oc, "N"), 1);
		hit(w, K_REQUEST_DECISIONS_6WK, person, id, in && has,
		    within(received, decided, kpi_defs[K_REQUEST_DECISIONS_6WK].days));
	}
	db_done(s);
	return w->stop || rc == DB_DONE ? 0 : -1;
}

static int walk_assessments(db *d, struct walk *w)
{
	db_stmt *s = db_prepare(d, "SELECT a.id, q.person_id, q.received_date, COALESCE(a.outcome,''), a.outcome_date "
	                           "FROM assessments a JOIN requests q ON q.id=a.request_id ORDER BY a.id");
	if (!s)
		return -1;
	int rc;
	while (!w->stop && (rc = db_step(s)) == DB_ROW) {
		day_t received = col_day(s, 2), decided = col_day(s, 4);
		int not_issue = !strcmp(db_col_text(s, 3), "N") && in_year(w->p, decided);
		hit(w, K_NOT_ISSUE_16WK, db_col_int(s, 1), db_col_int(s, 0), not_issue,
		    within(received, decided, kpi_defs[K_NOT_ISSUE_16WK].days));
	}
	db_done(s);
	return w->stop || rc == DB_DONE ? 0 : -1;
}

static int walk_reviews(db *d, struct walk *w)
{
	db_stmt *s = db_prepare(d, "SELECT v.id, p.person_id, v.meeting_date, v.decision_date FROM reviews v "
	                           "JOIN plans p ON p.id=v.plan_id ORDER BY v.id");
	if (!s)
		return -1;
	int rc;
	while (!w->stop && (rc = db_step(s)) == DB_ROW) {
		day_t met = col_day(s, 2), decided = col_day(s, 3);
		hit(w, K_REVIEW_DECISIONS_4WK, db_col_int(s, 1), db_col_int(s, 0), in_year(w->p, met) && by(w->p, decided),
		    within(met, decided, kpi_defs[K_REVIEW_DECISIONS_4WK].days));
	}
	db_done(s);
	return w->stop || rc == DB_DONE ? 0 : -1;
}

static int run(db *d, struct walk *w, day_t as_of, int year)
{
	struct period p = {as_of, DATE_NONE, DATE_NONE};
	if (date_from_ymd(year, 1, 1, &p.from) < 0 || date_from_ymd(year, 12, 31, &p.to) < 0)
		return -1;
	w->p = &p;
	int rc = 0;
	if (w->need_w20) {
		struct case_filter f = {0, -1, 0};
		if (casefile_each(d, &f, as_of, w20_take, &w->w20) < 0 || w->w20.failed)
			rc = -1;
		else if (w->w20.n > 1)
			qsort(w->w20.v, (size_t)w->w20.n, sizeof *w->w20.v, by_request);
	}
	if (!rc && wants(w, K_ACTIVE_PLANS, K_ACTIVE_PLANS) + wants(w, K_NEW_PLANS_ISSUED, K_NEW_PLANS_20WK_EXCL) +
	               wants(w, K_PLANS_CEASED, K_PLANS_CEASED))
		rc = walk_plans(d, w);
	if (!rc && !w->stop && wants(w, K_REQUESTS_RECEIVED, K_REQUEST_DECISIONS_6WK))
		rc = walk_requests(d, w);
	if (!rc && !w->stop && wants(w, K_NOT_ISSUE_16WK, K_NOT_ISSUE_16WK))
		rc = walk_assessments(d, w);
	if (!rc && !w->stop && wants(w, K_REVIEW_DECISIONS_4WK, K_REVIEW_DECISIONS_4WK))
		rc = walk_reviews(d, w);
	free(w->w20.v);
	return rc;
}

int kpi_compute(db *d, day_t as_of, int year, struct kpi_value out[K_N])
{
	memset(out, 0, K_N * sizeof *out);
	struct walk w;
	memset(&w, 0, sizeof w);
	w.out = out;
	w.need_w20 = 1;
	return run(d, &w, as_of, year);
}

int kpi_members(db *d, enum kpi_id k, day_t as_of, int year, kpi_member_fn fn, void *ctx)
{
	struct walk w;
	memset(&w, 0, sizeof w);
	w.only = k;
	w.fn = fn;
	w.ctx = ctx;
	w.need_w20 = k == K_NEW_PLANS_20WK_EXCL;
	return run(d, &w, as_of, year);
}

double kpi_percent(const struct kpi_value *v)
{
	if (v->denominator <= 0)
		return -1;
	long long tenths = (v->numerator * 1000 + v->denominator / 2) / v->denominator;
	return (double)tenths / 10.0;
}
