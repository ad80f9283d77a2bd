/* kpicount.c — see kpicount.h. */
#include "domain/kpicount.h"
#include "core/grow.h"
#include "domain/casefile.h"
#include "domain/clockstore.h"
#include "domain/advice.h"
#include "domain/qa.h"
#include "domain/engagement.h"
#include "core/qa.h"
#include "domain/survey.h"
#include "core/codes.h"
#include "core/phase.h"
#include "core/review.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the children, as at the date --------------------------------------------------- */

enum { PF_PLACED = 1, PF_OOA = 2, PF_EHE = 4, PF_CME = 8, PF_AWAIT = 16, PF_NEET = 32 };

struct person {
	int64_t id;
	day_t dob, last_visit;
	int user;                  /* index into users, -1 = not allocated */
	unsigned char need, sex;   /* index + 1 into codes_sen_type / codes_sex, 0 = not recorded */
	unsigned char setting;     /* index into codes_kpi_setting */
	unsigned char res;         /* index + 1 into codes_residential, 0 = not residential */
	unsigned char flags;
};

struct user {
	int64_t id;
	char name[129], team[256];   /* users.display_name ≤ 128 bytes, users.team ≤ 60 characters */
};

struct people {
	struct person *v;
	int n, cap;
	struct user *u;
	int nu;
};

static day_t col_day(db_stmt *s, int c)
{
	day_t d = DATE_NONE;
	if (!db_col_is_null(s, c))
		date_parse_iso(db_col_text(s, c), &d);
	return d;
}

static unsigned char code_index(const struct code_list *l, const char *c)
{
	for (size_t i = 0; i < l->n && i < 254; i++)
		if (!strcmp(l->codes[i].code, c))
			return (unsigned char)(i + 1);
	return 0;
}

/* The dashboard's setting category of a placement (codes_kpi_setting). */
static int setting_category(int placed, const char *scode, const char *stype, int ehe)
{
	static const struct { const char *code, *cat; } map[] = {
		{"MS", "mainstream"}, {"IND", "mainstream"}, {"SP", "special"}, {"ISP", "special"}, {"FE", "post16"},
		{"SPI", "post16"}, {"AP", "ap"}, {"EHE", "ehe"}, {"NEET", "neet"}, {"NIEC", "neet"}, {"NIEO", "neet"},
		{"AWAIT", "awaiting"},
	};
	const char *cat = !placed ? "none" : "other";
	if (ehe)
		cat = "ehe";
	else
		for (size_t i = 0; placed && i < sizeof map / sizeof map[0]; i++)
			if (!strcmp(map[i].code, *scode ? scode : stype))
				cat = map[i].cat;
	int k = code_index(&codes_kpi_setting, cat);
	return k ? k - 1 : 0;
}

static const char q_people[] =
	"SELECT p.id, p.dob, COALESCE(p.sex,''), p.ehe, p.cme, COALESCE(n.sen_type,''), COALESCE(c.setting_code,''), "
	"COALESCE(e.setting_type,''), COALESCE(e.la_code,''), COALESCE(c.residential,''), c.id IS NOT NULL, "
	"COALESCE((SELECT a.user_id FROM allocations a WHERE a.person_id=p.id AND a.start_date<=?1 "
	"AND (a.end_date IS NULL OR a.end_date>?1) ORDER BY a.start_date DESC, a.id DESC LIMIT 1),0), "
	"(SELECT MAX(v.visit_date) FROM visits v WHERE v.person_id=p.id AND v.visit_date<=?1) "
	"FROM people p LEFT JOIN needs n ON n.person_id=p.id AND n.rank=1 "
	"LEFT JOIN placements c ON c.id=(SELECT y.id FROM placements y WHERE y.person_id=p.id AND y.start_date<=?1 "
	"AND (y.end_date IS NULL OR y.end_date>=?1) ORDER BY y.rank, y.start_date DESC, y.id DESC LIMIT 1) "
	"LEFT JOIN establishments e ON e.id=c.establishment_id ORDER BY p.id";

static int user_index(const struct people *pp, int64_t id)
{
	for (int i = 0; id && i < pp->nu; i++)
		if (pp->u[i].id == id)
			return i;
	return -1;
}

static int people_load(db *d, const struct kpi_query *q, struct people *pp)
{
	memset(pp, 0, sizeof *pp);
	db_stmt *s = db_prepare(d, "SELECT id, display_name, COALESCE(team,'') FROM users ORDER BY id");
	if (!s)
		return -1;
	int rc, cap = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(pp->u, cap, pp->nu + 1, 32) < 0) {
			rc = DB_ERROR;
			break;
		}
		struct user *u = &pp->u[pp->nu++];
		u->id = db_col_int(s, 0);
		snprintf(u->name, sizeof u->name, "%s", db_col_text(s, 1));
		snprintf(u->team, sizeof u->team, "%s", db_col_text(s, 2));
	}
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	char asof[11];
	date_format_iso(q->as_of, asof);
	s = db_prepare_walk(d, q_people);
	if (!s)
		return -1;
	db_bind_text(s, 1, asof);
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(pp->v, pp->cap, pp->n + 1, 1024) < 0) {
			rc = DB_ERROR;
			break;
		}
		struct person *p = &pp->v[pp->n++];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(s, 0);
		p->dob = col_day(s, 1);
		p->sex = code_index(&codes_sex, db_col_text(s, 2));
		p->need = code_index(&codes_sen_type, db_col_text(s, 5));
		const char *scode = db_col_text(s, 6), *la = db_col_text(s, 8);
		int placed = db_col_int(s, 10) != 0, ehe = db_col_int(s, 3) != 0 || !strcmp(scode, "EHE");
		p->setting = (unsigned char)setting_category(placed, scode, db_col_text(s, 7), ehe);
		p->res = code_index(&codes_residential, db_col_text(s, 9));
		p->user = user_index(pp, db_col_int(s, 11));
		p->last_visit = col_day(s, 12);
		p->flags = (unsigned char)((placed ? PF_PLACED : 0) | (*la && q->la_code && strcmp(la, q->la_code) ? PF_OOA : 0) |
		                           (ehe ? PF_EHE : 0) | (db_col_int(s, 4) ? PF_CME : 0) |
		                           (!strcmp(scode, "AWAIT") ? PF_AWAIT : 0) |
		                           (!strcmp(scode, "NEET") || !strcmp(scode, "NIEC") || !strcmp(scode, "NIEO") ? PF_NEET : 0));
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

static void people_free(struct people *pp)
{
	free(pp->v);
	free(pp->u);
}

static const struct person *people_find(const struct people *pp, int64_t id)
{
	int lo = 0, hi = pp->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (pp->v[mid].id == id)
			return &pp->v[mid];
		if (pp->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static int age_on(const struct person *p, day_t on)
{
	return p && p->dob != DATE_NONE ? date_age_on(p->dob, on) : -1;
}

/* ---- SEN2 Week20, per request, from the clock ------------------------------------ */

struct w20_pair {
	int64_t request_id;
	int excused;
};

struct w20 {
	struct w20_pair *v;
	int n, cap;
};

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

/* ---- the walk ------------------------------------------------------------------------ */

/* One counted case. */
struct event {
	enum kpi_id k;
	int64_t person, record;
	day_t when;              /* the date that puts it in a year (as-at KPIs: the as-of date) */
	int in;                  /* above the line */
	long long amount;        /* KPI_WEEKS: days */
	const char *cat, *cat_label;   /* D_RECORD: its category */
	int cat_rank;            /* D_RECORD: the category's place in the breakdown (0: by label) */
};

struct walk;
typedef void (*consume_fn)(struct walk *w, const struct event *ev, const struct person *p);

struct walk {
	const struct kpi_query *q;
	day_t from, to;          /* 1 January of the year before .. 31 December of the year */
	day_t visit_cutoff;      /* a monitoring visit before this is overdue */
	struct people pp;
	struct w20 w20;
	int filtered;
	consume_fn consume;
	/* kpi_dashboard */
	struct kpi_dashboard *dash;
	/* kpi_members */
	enum kpi_id only;
	int month;
	enum kpi_dim dim;
	const char *cat;
	kpi_member_fn fn;
	void *ctx;
	int64_t last_response;   /* row_survey_answered: the response last counted */
	int stop, failed;
};

static int in_period(const struct walk *w, day_t d)
{
	return d != DATE_NONE && d >= w->from && d <= w->to && d <= w->q->as_of;
}

static int by(const struct walk *w, day_t d)
{
	return d != DATE_NONE && d <= w->q->as_of;
}

static int within(day_t from, day_t to, int days)
{
	return from != DATE_NONE && to != DATE_NONE && date_diff_days(from, to) <= days;
}

static int passes(const struct walk *w, const struct person *p)
{
	const struct kpi_query *q = w->q;
	if (q->team && *q->team && (!p || p->user < 0 || strcmp(w->pp.u[p->user].team, q->team)))
		return 0;
	if (q->age_band && *q->age_band) {
		int a = age_on(p, q->as_of);
		if (a < 0 || strcmp(codes_kpi_age.codes[kpi_age_band(a)].code, q->age_band))
			return 0;
	}
	if (q->need && *q->need) {
		const char *n = p && p->need ? codes_sen_type.codes[p->need - 1].code : "none";
		if (strcmp(n, q->need))
			return 0;
	}
	if (q->setting && *q->setting &&
	    strcmp(p ? codes_kpi_setting.codes[p->setting].code : "none", q->setting))
		return 0;
	return 1;
}

static void hit(struct walk *w, const struct event *ev, int den)
{
	if (!den || w->stop)
		return;
	const struct person *p = people_find(&w->pp, ev->person);
	if (w->filtered && !passes(w, p))
		return;
	w->consume(w, ev, p);
}

/* The key and label of a case in a dimension (kbuf holds made-up keys); its rank in the dimension's order. */
static int dim_of(const struct walk *w, enum kpi_dim dim, const struct person *p, const struct event *ev,
                  const char **key, const char **label, char kbuf[48])
{
	*key = "none";
	*label = "Not recorded";
	const struct code *c = NULL;
	const struct code_list *l = NULL;
	switch (dim) {
	case D_AGE: {
		int a = age_on(p, w->q->as_of);
		if (a >= 0)
			c = &codes_kpi_age.codes[kpi_age_band(a)];
		l = &codes_kpi_age;
		break;
	}
	case D_NEED:
		c = p && p->need ? &codes_sen_type.codes[p->need - 1] : NULL;
		l = &codes_sen_type;
		break;
	case D_SEX:
		c = p && p->sex ? &codes_sex.codes[p->sex - 1] : NULL;
		l = &codes_sex;
		break;
	case D_SETTING:
		c = &codes_kpi_setting.codes[p ? p->setting : codes_kpi_setting.n - 1];
		l = &codes_kpi_setting;
		break;
	case D_AREA:
		*key = !p || !(p->flags & PF_PLACED) ? "none" : p->flags & PF_OOA ? "out" : "in";
		*label = !strcmp(*key, "out") ? "Out of the area" : !strcmp(*key, "in") ? "In the area" : "No setting recorded";
		break;
	case D_RESIDENTIAL:
		c = p && p->res ? &codes_residential.codes[p->res - 1] : NULL;
		l = &codes_residential;
		if (!c) {
			*key = "no";
			*label = "Not residential";
		}
		break;
	case D_TEAM:
		if (p && p->user >= 0 && w->pp.u[p->user].team[0])
			*key = *label = w->pp.u[p->user].team;
		else
			*label = "No team";
		break;
	case D_CASEWORKER:
		if (p && p->user >= 0) {
			snprintf(kbuf, 48, "%lld", (long long)w->pp.u[p->user].id);
			*key = kbuf;
			*label = w->pp.u[p->user].name;
		} else
			*label = "Not allocated";
		break;
	case D_RECORD:
		if (ev->cat) {
			*key = ev->cat;
			*label = ev->cat_label ? ev->cat_label : ev->cat;
			if (strcmp(*key, "none"))
				return ev->cat_rank;
		}
		break;
	default:
		break;
	}
	if (c) {
		*key = c->code;
		*label = c->label;
	}
	if (!strcmp(*key, "none") || !strcmp(*key, "no") || !strcmp(*key, "untimed"))
		return 10000;   /* "not recorded" and the like, last */
	return c && l ? (int)(c - l->codes) : 0;
}

static void add(struct kpi_value *v, enum kpi_id k, const struct event *ev)
{
	if (kpi_defs[k].kind == KPI_COUNT)
		v->numerator++;
	else {
		v->denominator++;
		v->numerator += kpi_defs[k].kind == KPI_WEEKS || kpi_defs[k].kind == KPI_MEAN ? ev->amount : ev->in != 0;
	}
}

static void group_add(struct walk *w, struct kpi_table_result *t, int rank, const char *key, const char *label,
                      const struct event *ev)
{
	int lo = 0, hi = t->n - 1, at = t->n;
	while (lo <= hi) {   /* sorted by key: find, or the place to insert */
		int mid = lo + (hi - lo) / 2, c = strcmp(t->g[mid].key, key);
		if (!c) {
			add(&t->g[mid].v, ev->k, ev);
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	at = lo;
	if (ARRAY_RESERVE(t->g, t->cap, t->n + 1, 16) < 0) {
		w->failed = w->stop = 1;
		return;
	}
	memmove(&t->g[at + 1], &t->g[at], (size_t)(t->n - at) * sizeof *t->g);
	t->n++;
	struct kpi_group *g = &t->g[at];
	memset(g, 0, sizeof *g);
	g->rank = rank;
	snprintf(g->key, sizeof g->key, "%s", key);
	snprintf(g->label, sizeof g->label, "%s", label);
	add(&g->v, ev->k, ev);
}

/* Groups are found by key while counting; shown in the dimension's order. */
static int by_rank(const void *a, const void *b)
{
	const struct kpi_group *x = a, *y = b;
	if (x->rank != y->rank)
		return (x->rank > y->rank) - (x->rank < y->rank);
	int c = strcmp(x->label, y->label);
	return c ? c : strcmp(x->key, y->key);
}

static void consume_dashboard(struct walk *w, const struct event *ev, const struct person *p)
{
	struct kpi_dashboard *o = w->dash;
	const struct kpi_def *def = &kpi_defs[ev->k];
	if (def->period == KPI_YEAR) {
		int y, m, d;
		date_to_ymd(ev->when, &y, &m, &d);
		if (y == w->q->year - 1) {
			add(&o->prev[ev->k], ev->k, ev);
			return;
		}
		if (y != w->q->year)
			return;
		add(&o->month[ev->k][m - 1], ev->k, ev);
	}
	add(&o->year[ev->k], ev->k, ev);
	for (int i = 0; i < KT_N; i++)
		if (kpi_tables[i].k == ev->k) {
			const char *key, *label;
			char kbuf[48];
			int rank = dim_of(w, kpi_tables[i].dim, p, ev, &key, &label, kbuf);
			group_add(w, &o->t[i], rank, key, label, ev);
		}
}

static void consume_members(struct walk *w, const struct event *ev, const struct person *p)
{
	if (ev->k != w->only)
		return;
	if (kpi_defs[ev->k].period == KPI_YEAR) {
		int y, m, d;
		date_to_ymd(ev->when, &y, &m, &d);
		if (y != w->q->year || (w->month && m != w->month))
			return;
	}
	if (w->dim != D_NONE) {
		const char *key, *label;
		char kbuf[48];
		dim_of(w, w->dim, p, ev, &key, &label, kbuf);
		if (strcmp(key, w->cat ? w->cat : ""))
			return;
	}
	struct kpi_case c;
	c.person_id = ev->person;
	c.record_id = ev->record;
	c.in_numerator = kpi_defs[ev->k].kind == KPI_RATE ? ev->in : 1;   /* a count or an average: every case counts */
	c.when = ev->when;
	c.days = kpi_defs[ev->k].kind == KPI_WEEKS || kpi_defs[ev->k].kind == KPI_MEAN ? ev->amount : -1;
	snprintf(c.caseworker, sizeof c.caseworker, "%s", p && p->user >= 0 ? w->pp.u[p->user].name : "");
	w->stop = w->fn(w->ctx, &c);
}

/* ---- the sources ------------------------------------------------------------------- */

/* Which source each KPI is counted from. */
enum source {
	S_PLANS = 1, S_REQUESTS = 2, S_ASSESSMENTS = 4, S_REVIEWS = 8, S_ADVICE = 16, S_CLOCK = 32,
	S_QA = 64, S_MODERATION = 128, S_SURVEY_SENT = 256, S_SURVEY_ANSWERED = 512, S_ENGAGEMENT = 1024,
	S_ALL = S_ENGAGEMENT * 2 - 1   /* every source above */
};

static unsigned sources_of(enum kpi_id k)
{
	switch (k) {
	case K_REQUESTS_RECEIVED: case K_REQUESTS_REFUSED: case K_REQUEST_DECISIONS_6WK: case K_REQUESTS_AGREED:
	case K_REQUESTS_WITHDRAWN: case K_REQUESTS_OUTSTANDING:
		return S_REQUESTS;
	case K_NOT_ISSUE_16WK: case K_ASSESSMENT_DECISIONS:
		return S_ASSESSMENTS;
	case K_REVIEW_DECISIONS_4WK: case K_AMENDED_12WK:
		return S_REVIEWS;
	case K_ADVICE_6WK:
		return S_ADVICE;
	case K_QA_AUDITS_COMPLETED: case K_QA_GOOD_OR_BETTER: case K_QA_PROVISION_FINDINGS:
		return S_QA;
	case K_QA_MODERATION_AGREEMENT:
		return S_MODERATION;
	case K_SURVEY_RESPONSE_RATE:
		return S_SURVEY_SENT;
	case K_SURVEY_RESPONSES: case K_SURVEY_AGREEMENT:
		return S_SURVEY_ANSWERED;
	case K_ENGAGEMENT_EVENTS:
		return S_ENGAGEMENT;
	case K_NEW_PLANS_20WK_EXCL:
		return S_PLANS | S_CLOCK;
	case K_REVIEWS_IN_TIME: case K_REVIEWS_OVERDUE: case K_PHASE_ON_TIME:
		return S_CLOCK;
	default:
		return S_PLANS;
	}
}

static const char *weeks_band(int timed, day_t received, day_t issued, const char **label)
{
	if (!timed) {
		*label = "Mediation, tribunal or no request date (not timed)";
		return "untimed";
	}
	int days = date_diff_days(received, issued);
	if (days <= 140) {
		*label = "Within 20 weeks";
		return "a_within_20";
	}
	if (days <= 364) {
		*label = "Over 20 and up to 52 weeks";
		return "b_20_to_52";
	}
	*label = "Over 52 weeks";
	return "c_over_52";
}

static const char q_plans[] =
	"SELECT p.id, p.person_id, p.issue_date, p.cease_date, COALESCE(p.request_id,0), COALESCE(p.transfer_in_la,''), "
	"q.received_date, COALESCE(q.mediation,0)+COALESCE(q.tribunal,0)+COALESCE(a.mediation,0)+COALESCE(a.tribunal,0), "
	"COALESCE(p.cease_reason,'') "
	"FROM plans p LEFT JOIN requests q ON q.id=p.request_id LEFT JOIN assessments a ON a.request_id=q.id ORDER BY p.id";

static void row_plans(struct walk *w, db_stmt *s)
{
	day_t as_of = w->q->as_of, visit_cutoff = w->visit_cutoff;
	int64_t id = db_col_int(s, 0), person = db_col_int(s, 1), rq = db_col_int(s, 4);
	day_t issued = col_day(s, 2), ceased = col_day(s, 3), received = col_day(s, 6);
	int disputed = db_col_int(s, 7) != 0, transferred = db_col_text(s, 5)[0] != 0;
	struct event ev = {K_ACTIVE_PLANS, person, id, as_of, 1, 0, NULL, NULL, 0};
	int active = by(w, issued) && !by(w, ceased);
	hit(w, &ev, active);
	if (active) {
		const struct person *p = people_find(&w->pp, person);
		unsigned f = p ? p->flags : 0;
		int age = age_on(p, as_of), neet = (f & PF_NEET) != 0;
		int needs_visit = (f & PF_OOA) || (p && p->res) || (f & PF_EHE);
		ev.k = K_OUT_OF_AREA, hit(w, &ev, (f & PF_OOA) != 0);
		ev.k = K_VISITS_OVERDUE, hit(w, &ev, needs_visit && (!p || p->last_visit == DATE_NONE ||
		                                                     p->last_visit < visit_cutoff));
		ev.k = K_AWAITING, hit(w, &ev, !(f & PF_PLACED) || (f & PF_AWAIT));
		ev.k = K_MISSING_EDUCATION, hit(w, &ev, (f & PF_CME) || neet);
		ev.k = K_NEET_16_18, hit(w, &ev, neet && age >= 16 && age <= 18);
		ev.k = K_NEET_16_25, hit(w, &ev, neet && age >= 16 && age <= 25);
	}
	int is_new = rq && !transferred && in_period(w, issued);
	int timed = is_new && !disputed && received != DATE_NONE;
	int days = timed ? date_diff_days(received, issued) : 0;
	ev.when = issued;
	ev.k = K_NEW_PLANS_ISSUED;
	ev.cat = weeks_band(timed, received, issued, &ev.cat_label);
	hit(w, &ev, is_new);
	ev.cat = ev.cat_label = NULL;
	ev.in = timed && days <= kpi_defs[K_NEW_PLANS_20WK_INCL].days;
	ev.k = K_NEW_PLANS_20WK_INCL, hit(w, &ev, timed);
	int excused = timed && w20_lookup(&w->w20, rq);
	ev.k = K_NEW_PLANS_20WK_EXCL, hit(w, &ev, timed && !excused);
	ev.in = days > 140 && days <= kpi_defs[K_NEW_PLANS_20_52WK].days;
	ev.k = K_NEW_PLANS_20_52WK, hit(w, &ev, timed);
	ev.in = days > kpi_defs[K_NEW_PLANS_OVER_52WK].days;
	ev.k = K_NEW_PLANS_OVER_52WK, hit(w, &ev, timed);
	ev.amount = days;
	ev.k = K_NEW_PLANS_AVG_WEEKS, hit(w, &ev, timed);
	const char *reason = db_col_text(s, 8);
	ev.k = K_PLANS_CEASED;
	ev.when = ceased;
	ev.cat = *reason ? reason : "none";
	ev.cat_label = *reason ? code_or(&codes_cease_reason, reason, reason) : "No reason recorded";
	hit(w, &ev, in_period(w, ceased));
}

static const char q_requests[] =
	"SELECT id, person_id, received_date, COALESCE(outcome,''), outcome_date FROM requests ORDER BY id";

static void row_requests(struct walk *w, db_stmt *s)
{
	day_t received = col_day(s, 2), decided = col_day(s, 4);
	const char *oc = db_col_text(s, 3);
	/* decided by then; an outcome with no day recorded (imported: H, or W) was decided */
	int in = in_period(w, received), known = *oc && (decided == DATE_NONE || by(w, decided));
	int yes = known && !strcmp(oc, "Y"), no = known && !strcmp(oc, "N"), withdrawn = known && !strcmp(oc, "W");
	struct event ev = {K_REQUESTS_RECEIVED, db_col_int(s, 1), db_col_int(s, 0), received, 1, 0, NULL, NULL, 0};
	ev.cat = yes ? "Y" : no ? "N" : withdrawn ? "W" : "outstanding";
	ev.cat_label = known ? code_or(&codes_request_outcome, oc, oc) : "Awaiting a decision";
	hit(w, &ev, in);
	ev.cat = ev.cat_label = NULL;
	ev.k = K_REQUESTS_REFUSED, hit(w, &ev, in && no);
	ev.k = K_REQUESTS_AGREED, hit(w, &ev, in && yes);
	ev.k = K_REQUESTS_WITHDRAWN, hit(w, &ev, in && withdrawn);
	ev.k = K_REQUESTS_OUTSTANDING, hit(w, &ev, in && !known);
	ev.in = within(received, decided, kpi_defs[K_REQUEST_DECISIONS_6WK].days);
	ev.k = K_REQUEST_DECISIONS_6WK, hit(w, &ev, in && (yes || no));
}

static const char q_assessments[] =
	"SELECT a.id, q.person_id, q.received_date, COALESCE(a.outcome,''), a.outcome_date "
	"FROM assessments a JOIN requests q ON q.id=a.request_id ORDER BY a.id";

static void row_assessments(struct walk *w, db_stmt *s)
{
	day_t received = col_day(s, 2), decided = col_day(s, 4);
	const char *oc = db_col_text(s, 3);
	int in = in_period(w, decided);
	struct event ev = {K_NOT_ISSUE_16WK, db_col_int(s, 1), db_col_int(s, 0), decided,
	                   within(received, decided, kpi_defs[K_NOT_ISSUE_16WK].days), 0, NULL, NULL, 0};
	hit(w, &ev, in && !strcmp(oc, "N"));
	ev.k = K_ASSESSMENT_DECISIONS;
	ev.cat = oc;
	ev.cat_label = code_or(&codes_assessment_outcome, oc, oc);
	hit(w, &ev, in && (!strcmp(oc, "Y") || !strcmp(oc, "N")));
}

static const char q_reviews[] =
	"SELECT v.id, p.person_id, v.meeting_date, v.decision_date, COALESCE(v.outcome,''), "
	"v.final_amended_date FROM reviews v JOIN plans p ON p.id=v.plan_id ORDER BY v.id";

static void row_reviews(struct walk *w, db_stmt *s)
{
	day_t met = col_day(s, 2), decided = col_day(s, 3), final = col_day(s, 5);
	int in = in_period(w, met);
	struct event ev = {K_REVIEW_DECISIONS_4WK, db_col_int(s, 1), db_col_int(s, 0), met,
	                   within(met, decided, kpi_defs[K_REVIEW_DECISIONS_4WK].days), 0, NULL, NULL, 0};
	hit(w, &ev, in && by(w, decided));
	ev.k = K_AMENDED_12WK;
	ev.in = within(met, final, kpi_defs[K_AMENDED_12WK].days);
	hit(w, &ev, in && !strcmp(db_col_text(s, 4), "A") && by(w, decided) && by(w, final));
}

static const char q_advice[] =
	"SELECT a.id, a.person_id, a.due_date, a.received_date, "
	ADVICE_SERVICE_NAME_SQL " "
	"FROM advice_requests a LEFT JOIN services sv ON sv.id=a.service_id "
	"WHERE a.request_id IS NOT NULL AND a.due_date IS NOT NULL ORDER BY a.id";

static void row_advice(struct walk *w, db_stmt *s)
{
	day_t due = col_day(s, 2), got = col_day(s, 3);
	const char *sv = db_col_text(s, 4);
	/* one rule for on time (core/kpi.h), as the advice report counts it */
	enum kpi_advice_timing t = kpi_advice_timing(due, got, w->q->as_of);
	struct event ev = {K_ADVICE_6WK, db_col_int(s, 1), db_col_int(s, 0), due, t == KA_ON_TIME, 0, sv,
	                   code_or(&codes_advice_service, sv, sv), 0};
	hit(w, &ev, in_period(w, due) && t != KA_NOT_DUE);
}

/* ---- quality and voice: each read for the window only (?1 .. ?2, by index) ---- */

/* Completed first audits of plans (qa.h QA_AUDIT_COUNTED_SQL), with their
 * framework's scale and good grade, and the audited version's provision
 * check findings (kept when the version was finalised; NULL before). */
static const char q_qa[] =
	"SELECT a.id, a.person_id, a.completed_date, a.overall, " QA_AUDIT_GOOD_SQL ", f.scale, v.prov_findings "
	"FROM qa_audits a JOIN qa_frameworks f ON f.id = a.framework_id "
	"LEFT JOIN plan_versions v ON v.id = a.plan_version_id "
	"WHERE " QA_AUDIT_COUNTED_SQL " AND a.completed_date BETWEEN ?1 AND ?2 ORDER BY a.id";

static void row_qa(struct walk *w, db_stmt *s)
{
	day_t done = col_day(s, 2);
	int grade = (int)db_col_int(s, 3);
	const char *scale = db_col_text(s, 5);
	char key[16], tmp[4];
	const char *label = qa_grade_label(scale, grade, tmp);
	char shown[48];
	snprintf(key, sizeof key, "%s-%d", scale, grade);
	if (!strcmp(scale, "four"))
		snprintf(shown, sizeof shown, "%s", label ? label : "Not graded");
	else
		snprintf(shown, sizeof shown, "%s on the eight-point scale", label ? label : "?");
	struct event ev = {K_QA_AUDITS_COMPLETED, db_col_int(s, 1), db_col_int(s, 0), done, 1, 0, key, shown,
	                   (!strcmp(scale, "four") ? 100 : 200) - grade};
	int in = in_period(w, done);
	hit(w, &ev, in);
	ev.cat = ev.cat_label = NULL;
	ev.cat_rank = 0;
	ev.in = db_col_int(s, 4) != 0;
	ev.k = K_QA_GOOD_OR_BETTER, hit(w, &ev, in);
	ev.amount = db_col_int(s, 6);
	ev.k = K_QA_PROVISION_FINDINGS, hit(w, &ev, in && !db_col_is_null(s, 6));
}

static const char q_moderation[] =
	"SELECT m.audit_id, a.person_id, m.agreed_date, " QA_MODERATION_AGREED_SQL " FROM " QA_MODERATIONS_SQL " "
	"WHERE m.agreed_date BETWEEN ?1 AND ?2 ORDER BY m.id";

static void row_moderation(struct walk *w, db_stmt *s)
{
	day_t agreed = col_day(s, 2);
	struct event ev = {K_QA_MODERATION_AGREEMENT, db_col_int(s, 1), db_col_int(s, 0), agreed,
	                   db_col_int(s, 3) != 0, 0, NULL, NULL, 0};
	hit(w, &ev, in_period(w, agreed));
}

/* The links emailed (a paper copy is typed in as it comes back: nothing was sent). */
static const char q_survey_sent[] =
	"SELECT i.id, COALESCE(i.person_id, 0), i.sent_on, i.used, i.used_on, q.id, q.name "
	"FROM survey_invitations i JOIN questionnaires q ON q.id = i.questionnaire_id "
	"WHERE " SURVEY_LINKS_SENT_SQL " AND i.sent_on BETWEEN ?1 AND ?2 ORDER BY i.id";

static void row_survey_sent(struct walk *w, db_stmt *s)
{
	day_t sent = col_day(s, 2), used_on = col_day(s, 4);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)db_col_int(s, 5));
	struct event ev = {K_SURVEY_RESPONSE_RATE, db_col_int(s, 1), db_col_int(s, 0), sent,
	                   db_col_int(s, 3) != 0 && by(w, used_on), 0, key, db_col_text(s, 6), 0};
	hit(w, &ev, in_period(w, sent));
}

/* Responses by the month answered (the only date kept), each with its
 * answers to the statements (agree or disagree, yes or no) and whether each
 * agrees (SQ_AGREES_SQL, the rule the survey results count).  A response
 * with no such answer comes once, with a NULL kind. */
static const char q_survey_answered[] =
	"SELECT r.id, COALESCE(r.person_id, 0), r.answered_month, n.id, n.name, q.kind, " SQ_AGREES_SQL ", q.statement "
	"FROM survey_responses r JOIN questionnaires n ON n.id = r.questionnaire_id "
	"LEFT JOIN survey_answers a ON a.response_id = r.id AND a.question_id IN "
	"(SELECT id FROM survey_questions WHERE kind IN ('likert','yesno')) "
	"LEFT JOIN survey_questions q ON q.id = a.question_id "
	"WHERE r.answered_month BETWEEN substr(?1, 1, 7) AND substr(?2, 1, 7) ORDER BY r.id, q.position";

static void row_survey_answered(struct walk *w, db_stmt *s)
{
	char day[11];
	day_t when = DATE_NONE;
	snprintf(day, sizeof day, "%.7s-01", db_col_text(s, 2));
	date_parse_iso(day, &when);
	int64_t rid = db_col_int(s, 0), qid = db_col_int(s, 3);
	int in = in_period(w, when);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)qid);
	struct event ev = {K_SURVEY_RESPONSES, db_col_int(s, 1), rid, when, 1, 0, key, db_col_text(s, 4), 0};
	if (rid != w->last_response) {   /* the response once, whatever its answers */
		w->last_response = rid;
		hit(w, &ev, in);
	}
	if (db_col_is_null(s, 5))
		return;
	/* a statement is the same across the questionnaire's versions: its key is the questionnaire's and its own */
	char skey[sizeof ((struct kpi_group *)0)->key], slabel[sizeof ((struct kpi_group *)0)->label];
	snprintf(skey, sizeof skey, "%lld:%s", (long long)qid, db_col_text(s, 7));
	snprintf(slabel, sizeof slabel, "%s: %s", db_col_text(s, 4), db_col_text(s, 7));
	ev.k = K_SURVEY_AGREEMENT;
	ev.in = db_col_int(s, 6) != 0;
	ev.cat = skey;
	ev.cat_label = slabel;
	hit(w, &ev, in);
}

static const char q_engagement[] =
	"SELECT id, event_date, kind FROM engagement_events WHERE event_date BETWEEN ?1 AND ?2 ORDER BY id";

static void row_engagement(struct walk *w, db_stmt *s)
{
	day_t held = col_day(s, 1);
	const char *kind = db_col_text(s, 2);
	int rank = code_index(&codes_engagement_kind, kind);
	struct event ev = {K_ENGAGEMENT_EVENTS, 0, db_col_int(s, 0), held, 1, 0, kind,
	                   code_or(&codes_engagement_kind, kind, kind), rank};
	hit(w, &ev, in_period(w, held));
}

/* One step of a child's statutory clock: a final plan's Week20 (its
 * request excused or not); a review in time, or against it; a review
 * overdue. */
static void take_step(struct walk *w, int64_t person, const struct case_episode *ep, const struct case_step *st)
{
	day_t as_of = w->q->as_of;
	const char *step = st->st.rule->step;
	if (!strcmp(step, "final_plan") && ep->kind == EP_ASSESSMENT) {
		if (ARRAY_RESERVE(w->w20.v, w->w20.cap, w->w20.n + 1, 1024) < 0) {
			w->failed = w->stop = 1;
			return;
		}
		w->w20.v[w->w20.n].request_id = ep->request_id;
		w->w20.v[w->w20.n++].excused = st->st.exception_applies != 0;
		return;
	}
	if (ep->kind != EP_PLAN)
		return;
	day_t due = st->st.due, done = st->st.done;
	struct event ev = {K_REVIEWS_IN_TIME, person, ep->plan_id, due, 0, 0, NULL, NULL, 0};
	int held = by(w, done);
	if (!strcmp(step, "review_in_time")) {
		ev.record = st->review_id ? st->review_id : ep->plan_id;
		ev.in = held && done <= due;
		hit(w, &ev, in_period(w, due) && (due < as_of || ev.in));
	} else if (!strcmp(step, "review_due") && st->st.status != ST_NA && !held) {
		hit(w, &ev, in_period(w, due) && due < as_of);
		int band = st->st.status == ST_OVERDUE ? review_overdue_band(due, as_of) : -1;
		ev.k = K_REVIEWS_OVERDUE;
		ev.when = as_of;
		char key[4];
		snprintf(key, sizeof key, "%d", band < 0 ? 0 : band % 10);
		ev.cat = key;
		ev.cat_label = band < 0 ? "" : review_band_names[band];
		hit(w, &ev, band >= 0);
	}
}

/* The phase transfers an active plan's episode e makes in the year and the
 * year before: recorded, or by the cohort rule (casefile_phase_transfer). */
static void take_transfers(struct walk *w, const struct casefile *cf, int e)
{
	const struct case_episode *ep = &cf->ep[e];
	const struct clock_settings *cs = casefile_settings();
	if (ep->kind != EP_PLAN || strcmp(ep->plan_status, "active"))
		return;
	for (int y = w->q->year - 1; y <= w->q->year && !w->stop; y++) {
		const struct case_step *st;
		enum phase_kind kind = casefile_phase_transfer(cf, e, y, &st);
		if (kind == PT_NONE)
			continue;
		day_t deadline = phase_deadline(cs, kind, y), final = st ? st->st.done : DATE_NONE;
		struct event ev = {K_PHASE_ON_TIME, cf->person_id, st && st->phase_id ? st->phase_id : ep->plan_id, deadline,
		                   by(w, final) && final <= deadline, 0, phase_kind_code(kind), phase_kind_label(kind), 0};
		hit(w, &ev, in_period(w, deadline) && deadline < w->q->as_of);
	}
}

/* The statutory clock of each child: Week20, reviews in time and overdue, phase transfers. */
static int take_clock(void *ctx, const struct casefile *cf)
{
	struct walk *w = ctx;
	for (int e = 0; e < cf->nep && !w->stop; e++) {
		const struct case_episode *ep = &cf->ep[e];
		for (int i = ep->first; i < ep->first + ep->n && !w->stop; i++)
			take_step(w, cf->person_id, ep, &cf->steps[i]);
		take_transfers(w, cf, e);
	}
	return w->stop;
}

/* ---- today's clock, as stored ------------------------------------------------------ */

/* For today the clock is not run: its stored steps (clockstore.h) are read
 * and each is counted by take_step and take_transfers, as over the
 * records.  Only the rows that can count are read, each found by an index
 * (the kind's by due, the covered steps', the transfer year's) and fetched
 * in the table's order (rowid IN sorts the rowids: a child's rows sit
 * together), so that the count costs the rows it counts, not the area, and
 * nothing is sorted whole. */

/* Counted one by one: the reviews in time due in the window (?1..?2: 1
 * January of the year before to 31 December of the year), and the final
 * plan steps an exception covers (Week20 lists the excused requests: one
 * not listed was not). */
static const char q_clock_steps[] =
	"SELECT s.person_id, " CLOCK_STEP_COLS "FROM clock_steps s WHERE s.rowid IN ("
	"SELECT rowid FROM clock_steps WHERE kind='review_in_time' AND due BETWEEN ?1 AND ?2 "
	"UNION ALL SELECT rowid FROM clock_steps WHERE kind='final_plan' AND covered=1)";
/* The steps of kind review_due (against in the window, overdue at any
 * date; a review after a transfer in is of that kind too), with the
 * child's cohort facts (today's setting: the placement stored beside the
 * clock).  Among them is each plan episode's next review (step
 * "review_due"), which the clock gives every plan episode once (clock.c,
 * run_plan): it stands for the episode whose transfers are counted. */
static const char q_clock_plans[] =
	"SELECT s.person_id, " CLOCK_STEP_COLS ", " CASEFILE_COHORT_COLS " FROM clock_steps s "
	"LEFT JOIN people p ON p.id=s.person_id LEFT JOIN clock_people k ON k.person_id=s.person_id "
	"LEFT JOIN placements c ON c.id=k.placement_id LEFT JOIN establishments e ON e.id=c.establishment_id "
	"WHERE s.rowid IN (SELECT rowid FROM clock_steps WHERE kind='review_due')";
/* The phase transfer steps of the year and the year before (?1, ?2),
 * recorded or computed: beside them the cohort rule gives an active plan's
 * transfer that is not recorded.  By child and step. */
static const char q_clock_transfers[] =
	"SELECT s.person_id, " CLOCK_STEP_COLS "FROM clock_steps s WHERE s.phase_year IN (?1,?2) "
	"AND s.kind='phase_transfer_final' ORDER BY s.person_id, s.seq";

/* Those transfer steps: person[i]'s step[i]. */
struct transfers {
	int64_t *person;
	struct case_step *step;
	int n, cap, pcap;
};

static int transfers_load(db *d, const struct walk *w, struct transfers *t)
{
	db_stmt *s = db_prepare_walk(d, q_clock_transfers);
	if (!s)
		return -1;
	db_bind_int(s, 1, w->q->year - 1);
	db_bind_int(s, 2, w->q->year);
	struct case_episode ep;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(t->person, t->pcap, t->n + 1, 256) < 0 || ARRAY_RESERVE(t->step, t->cap, t->n + 1, 256) < 0) {
			rc = DB_ERROR;
			break;
		}
		if (clockstore_read_step(s, 1, w->q->as_of, &t->step[t->n], &ep) == 0)
			t->person[t->n++] = db_col_int(s, 0);
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

/* cf: child `person`'s episode ep (stored as number `episode`) with its transfer steps. */
static void transfers_of(const struct transfers *t, int64_t person, const struct case_episode *ep, int episode,
                         struct casefile *cf)
{
	int lo = 0, hi = t->n;
	while (lo < hi) {   /* the child's first */
		int mid = lo + (hi - lo) / 2;
		if (t->person[mid] < person)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < t->n && t->person[lo] == person && t->step[lo].episode != episode)
		lo++;
	int n = 0;
	while (lo + n < t->n && t->person[lo + n] == person && t->step[lo + n].episode == episode)
		n++;
	cf->person_id = person;
	cf->steps = n ? &t->step[lo] : NULL;
	cf->nsteps = n;
	cf->ep[0] = *ep;
	cf->ep[0].first = 0;
	cf->ep[0].n = n;
	cf->nep = 1;
}

/* Counts each step s reads; with t, each plan episode's transfers too (in
 * cf, its scratch).  Finalises s. */
static int take_rows(struct walk *w, db_stmt *s, const struct transfers *t, struct casefile *cf)
{
	int rc = s ? DB_ROW : DB_ERROR;
	struct case_step cs;
	struct case_episode ep;
	while (rc == DB_ROW && !w->stop && (rc = db_step(s)) == DB_ROW) {
		if (clockstore_read_step(s, 1, w->q->as_of, &cs, &ep) < 0)
			continue;
		int64_t person = db_col_int(s, 0);
		take_step(w, person, &ep, &cs);
		if (t && !strcmp(cs.st.id, "review_due")) {
			transfers_of(t, person, &ep, cs.episode, cf);
			casefile_read_cohort(cf, s, 1 + CLOCK_STEP_NCOLS);
			take_transfers(w, cf, 0);
		}
	}
	db_done(s);
	return rc == DB_ERROR ? -1 : 0;
}

static int take_stored(db *d, struct walk *w)
{
	struct transfers t = {NULL, NULL, 0, 0, 0};
	struct casefile *cf = calloc(1, sizeof *cf);
	int rc = cf ? transfers_load(d, w, &t) : -1;
	db_stmt *s = rc ? NULL : db_prepare_walk(d, q_clock_steps);
	char from[11], to[11];
	date_format_iso(w->from, from);
	date_format_iso(w->to, to);
	if (s) {
		db_bind_text(s, 1, from);
		db_bind_text(s, 2, to);
	}
	if (!rc)
		rc = take_rows(w, s, NULL, NULL);
	if (!rc && !w->stop)
		rc = take_rows(w, db_prepare_walk(d, q_clock_plans), &t, cf);
	free(cf);
	free(t.person);
	free(t.step);
	return rc;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int walk_all(db *d, struct walk *w, const struct kpi_query *q, unsigned sources);

/* Every count from one moment of the area, whoever writes meanwhile: a
 * snapshot of its own, unless the caller's transaction is open (then its).
 * On PostgreSQL the walks' cursors then stream, rather than each being
 * kept whole by the server first. */
static int run(db *d, struct walk *w, const struct kpi_query *q, unsigned sources)
{
	int snapshot = db_begin_snapshot(d) == DB_OK;
	int rc = walk_all(d, w, q, sources);
	if (snapshot)
		db_rollback(d);
	return rc;
}

static int walk_all(db *d, struct walk *w, const struct kpi_query *q, unsigned sources)
{
	double t0 = now_s(), t1 = t0, t2 = t0;
	w->q = q;
	if (date_from_ymd(q->year - 1, 1, 1, &w->from) < 0 || date_from_ymd(q->year, 12, 31, &w->to) < 0)
		return -1;
	w->visit_cutoff = date_add_months(q->as_of, -(q->visit_overdue_months > 0 ? q->visit_overdue_months : 6));
	w->filtered = (q->team && *q->team) || (q->age_band && *q->age_band) || (q->need && *q->need) ||
	              (q->setting && *q->setting);
	int rc = people_load(d, q, &w->pp);
	t1 = t2 = now_s();
	if (!rc && (sources & S_CLOCK)) {
		struct case_filter f = {0, -1, 0, 1};   /* as the records stood on the date */
		int crc = q->stored_clock ? take_stored(d, w) : casefile_each(d, &f, q->as_of, take_clock, w);
		if (crc < 0 || w->failed)
			rc = -1;
		else if (w->w20.n > 1)
			qsort(w->w20.v, (size_t)w->w20.n, sizeof *w->w20.v, by_request);
		t2 = now_s();
	}
	/* each table once, row by row */
	/* windowed: the query takes the window's first and last days as ?1, ?2 */
	static const struct { unsigned src; const char *sql; void (*row)(struct walk *, db_stmt *); int windowed; } walks[] = {
		{S_PLANS, q_plans, row_plans, 0}, {S_REQUESTS, q_requests, row_requests, 0},
		{S_ASSESSMENTS, q_assessments, row_assessments, 0}, {S_REVIEWS, q_reviews, row_reviews, 0},
		{S_ADVICE, q_advice, row_advice, 0}, {S_QA, q_qa, row_qa, 1}, {S_MODERATION, q_moderation, row_moderation, 1},
		{S_SURVEY_SENT, q_survey_sent, row_survey_sent, 1}, {S_SURVEY_ANSWERED, q_survey_answered, row_survey_answered, 1},
		{S_ENGAGEMENT, q_engagement, row_engagement, 1},
	};
	char wfrom[11], wto[11];
	date_format_iso(w->from, wfrom);
	date_format_iso(w->to, wto);
	for (size_t i = 0; i < sizeof walks / sizeof walks[0] && !rc && !w->stop; i++) {
		if (!(sources & walks[i].src))
			continue;
		db_stmt *s = db_prepare_walk(d, walks[i].sql);
		if (s && walks[i].windowed) {
			db_bind_text(s, 1, wfrom);
			db_bind_text(s, 2, wto);
		}
		int step = DB_ERROR;
		while (s && !w->stop && (step = db_step(s)) == DB_ROW)
			walks[i].row(w, s);
		db_done(s);
		if (!w->stop && step != DB_DONE)
			rc = -1;
	}
	if (w->failed)
		rc = -1;
	if (q->timing) {
		q->timing->people = t1 - t0;
		q->timing->clock = t2 - t1;
		q->timing->tables = now_s() - t2;
	}
	free(w->w20.v);
	people_free(&w->pp);
	return rc;
}

int kpi_dashboard(db *d, const struct kpi_query *q, struct kpi_dashboard *out)
{
	memset(out, 0, sizeof *out);
	struct walk w;
	memset(&w, 0, sizeof w);
	w.dash = out;
	w.consume = consume_dashboard;
	int rc = run(d, &w, q, S_ALL);
	if (rc < 0)
		kpi_dashboard_free(out);
	for (int i = 0; !rc && i < KT_N; i++)
		if (out->t[i].n > 1)
			qsort(out->t[i].g, (size_t)out->t[i].n, sizeof *out->t[i].g, by_rank);
	return rc;
}

void kpi_dashboard_free(struct kpi_dashboard *out)
{
	for (int i = 0; i < KT_N; i++) {
		free(out->t[i].g);
		out->t[i].g = NULL;
		out->t[i].n = out->t[i].cap = 0;
	}
}

int kpi_compute(db *d, const struct kpi_query *q, struct kpi_value out[K_N])
{
	struct kpi_query plain = *q;
	plain.team = plain.age_band = plain.need = plain.setting = NULL;
	struct kpi_dashboard *dash = malloc(sizeof *dash);
	if (!dash)
		return -1;
	int rc = kpi_dashboard(d, &plain, dash);
	if (!rc)
		memcpy(out, dash->year, sizeof dash->year);
	kpi_dashboard_free(dash);
	free(dash);
	return rc;
}

int kpi_members(db *d, const struct kpi_query *q, enum kpi_id k, int month, enum kpi_dim dim, const char *cat,
                kpi_member_fn fn, void *ctx)
{
	struct walk w;
	memset(&w, 0, sizeof w);
	w.consume = consume_members;
	w.only = k;
	w.month = month;
	w.dim = dim;
	w.cat = cat;
	w.fn = fn;
	w.ctx = ctx;
	return run(d, &w, q, sources_of(k));
}

double kpi_percent(const struct kpi_value *v)
{
	if (v->denominator <= 0)
		return -1;
	long long tenths = (v->numerator * 1000 + v->denominator / 2) / v->denominator;
	return (double)tenths / 10.0;
}

double kpi_value_of(enum kpi_id k, const struct kpi_value *v)
{
	if (kpi_defs[k].kind == KPI_COUNT)
		return (double)v->numerator;
	if (kpi_defs[k].kind == KPI_RATE)
		return kpi_suppressed(k, v->denominator) ? -1 : kpi_percent(v);
	if (v->denominator <= 0)
		return -1;
	if (kpi_defs[k].kind == KPI_MEAN) {
		long long tenths = (v->numerator * 10 + v->denominator / 2) / v->denominator;
		return (double)tenths / 10.0;
	}
	long long tenths = (v->numerator * 10 + v->denominator * 7 / 2) / (v->denominator * 7);
	return (double)tenths / 10.0;
}

const char *kpi_record_noun(enum kpi_id k)
{
	switch (sources_of(k) & ~(unsigned)S_CLOCK ? sources_of(k) & ~(unsigned)S_CLOCK : S_CLOCK) {
	case S_REQUESTS: return "Request";
	case S_ASSESSMENTS: return "Assessment";
	case S_REVIEWS: return "Review";
	case S_ADVICE: return "Advice request";
	case S_QA: return "Audit";
	case S_MODERATION: return "Audit";   /* the first audit of the plan, which the moderation agreed */
	case S_SURVEY_SENT: return "Survey link";
	case S_SURVEY_ANSWERED: return "Survey response";
	case S_ENGAGEMENT: return "Event";
	case S_CLOCK: return k == K_PHASE_ON_TIME ? "Transfer" : k == K_REVIEWS_IN_TIME ? "Review" : "Plan";
	default: return "Plan";
	}
}

int kpi_teams(db *d, void (*fn)(void *ctx, const char *team), void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT DISTINCT team FROM users WHERE team IS NOT NULL AND team<>'' ORDER BY team");
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		fn(ctx, db_col_text(s, 0));
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int kpi_reference_for(db *d, const char *scope, const char *kpi, int year, char value[16], int *ref_year)
{
	value[0] = 0;
	*ref_year = 0;
	db_stmt *s = db_prepare(d, "SELECT value, year FROM kpi_references WHERE kpi_id=? AND scope=? "
	                           "AND year<=? ORDER BY year DESC LIMIT 1");
	if (!s)
		return -1;
	db_bind_text(s, 1, kpi);
	db_bind_text(s, 2, scope);
	db_bind_int(s, 3, year);
	int rc = db_step(s), found = 0;
	if (rc == DB_ROW) {
		snprintf(value, 16, "%s", db_col_text(s, 0));
		*ref_year = (int)db_col_int(s, 1);
		found = 1;
	}
	db_done(s);
	return rc == DB_ERROR ? -1 : found;
}

int kpi_references_each(db *d, int (*fn)(void *ctx, const struct kpi_reference *ref), void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT id, kpi_id, scope, year, value, COALESCE(source,'') FROM kpi_references "
	                           "ORDER BY kpi_id, scope, year DESC");
	if (!s)
		return -1;
	struct kpi_reference ref;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		memset(&ref, 0, sizeof ref);
		ref.id = db_col_int(s, 0);
		snprintf(ref.kpi, sizeof ref.kpi, "%s", db_col_text(s, 1));
		snprintf(ref.scope, sizeof ref.scope, "%s", db_col_text(s, 2));
		ref.year = (int)db_col_int(s, 3);
		snprintf(ref.value, sizeof ref.value, "%s", db_col_text(s, 4));
		snprintf(ref.source, sizeof ref.source, "%s", db_col_text(s, 5));
		if (fn(ctx, &ref))
			break;
	}
	db_done(s);
	return rc == DB_ERROR ? -1 : 0;
}
