/* sen2export.c — see sen2export.h. */
#include "domain/sen2export.h"
#include "domain/casefile.h"
#include "core/sen2.h"
#include "core/phase.h"
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- writing a person ------------------------------------------------------------ */

struct out {
	xmlTextWriterPtr w;
	int year, failed;
};

static void set_int(struct sen2_person *p, int node, enum sen2_item i, long long n)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", n);
	sen2_set(p, node, i, v);
}

static void set_day(struct sen2_person *p, int node, enum sen2_item i, day_t d)
{
	if (d == DATE_NONE)
		return;
	char v[11];
	date_format_iso(d, v);
	sen2_set(p, node, i, v);
}

/* A block's items that have a value and are in the collection year, in table order. */
static void items(struct out *o, enum sen2_block b, const char *const *v)
{
	for (int i = 0; i < sen2_elements_n; i++) {
		const struct sen2_element *e = &sen2_elements[i];
		if (e->block != b || !sen2_in_year(e, o->year) || !v[e->item] || !*v[e->item])
			continue;
		if (xmlTextWriterWriteElement(o->w, BAD_CAST e->tag, BAD_CAST v[e->item]) < 0)
			o->failed = 1;
	}
}

/* Node k and, after its items, its children in order. */
static void write_node(struct out *o, const struct sen2_person *p, int k)
{
	const struct sen2_node *nd = &p->node[k];
	if (xmlTextWriterStartElement(o->w, BAD_CAST sen2_block_tags[nd->block]) < 0)
		o->failed = 1;
	items(o, nd->block, nd->v);
	for (int c = k + 1; c < p->n; c++)
		if (p->node[c].parent == k)
			write_node(o, p, c);
	if (xmlTextWriterEndElement(o->w) < 0)
		o->failed = 1;
}

/* ---- reading a child's records ------------------------------------------------------ */

static day_t col_day(db_stmt *s, int c)
{
	day_t d = DATE_NONE;
	if (!db_col_is_null(s, c))
		date_parse_iso(db_col_text(s, c), &d);
	return d;
}

enum { Q_PERSON, Q_REQUESTS, Q_PLANS, Q_NAMED, Q_REVIEW, Q_LAST_REVIEW, Q_PHASE, Q_PLACEMENTS, Q_NEEDS, Q_N };

static const char *const q_sql[Q_N] = {
	"SELECT surname, forename, dob, COALESCE(sex,''), COALESCE(ethnicity,''), COALESCE(postcode,''), COALESCE(upn,''), "
	"COALESCE(uln,''), COALESCE(upn_unknown,'') FROM people WHERE id=?",
	"SELECT r.id, r.received_date, COALESCE(r.source,''), r.rya, COALESCE(r.outcome,''), r.outcome_date, r.mediation, "
	"r.tribunal, COALESCE(a.id,0), COALESCE(a.outcome,''), a.outcome_date, COALESCE(a.mediation,0), "
	"COALESCE(a.tribunal,0), COALESCE(a.other_mediation,0), COALESCE(a.other_tribunal,0), "
	"COALESCE(r.decided_period,0), COALESCE(a.decided_period,0) "
	"FROM requests r LEFT JOIN assessments a ON a.request_id=r.id WHERE r.person_id=? ORDER BY r.received_date, r.id",
	"SELECT id, COALESCE(request_id,0), issue_date, COALESCE(start_date, issue_date), cease_date, "
	"COALESCE(cease_reason,''), COALESCE(transfer_in_la,''), transfer_in_date, personal_budget, pb_organised, "
	"pb_direct_payment, COALESCE(transfer_in_year,0) FROM plans WHERE person_id=? AND issue_date IS NOT NULL ORDER BY issue_date, id",
	"SELECT COALESCE(e.urn,''), COALESCE(e.ukprn,''), COALESCE(n.setting_code,''), n.rank, n.sen_unit, "
	"n.resourced_provision FROM named_settings n LEFT JOIN establishments e ON e.id=n.establishment_id "
	"WHERE n.plan_id=? ORDER BY n.rank, n.id",
	"SELECT meeting_date, decision_date, COALESCE(outcome,''), amendments_sent FROM reviews "
	"WHERE plan_id=? AND meeting_date<=? ORDER BY meeting_date DESC, id DESC LIMIT 1",
	"SELECT MAX(decision_date) FROM reviews WHERE plan_id=? AND decision_date<=?",
	"SELECT kind, final_date FROM phase_transfers WHERE plan_id=? AND transfer_year=?",
	/* attended in the activity period, up to the census or the day the plan ceased */
	"SELECT COALESCE(e.urn,''), COALESCE(e.ukprn,''), COALESCE(c.setting_code,''), c.rank, c.start_date, c.end_date, "
	"c.sen_unit, c.resourced_provision, COALESCE(c.residential,''), COALESCE(c.work_based,'') FROM placements c "
	"LEFT JOIN establishments e ON e.id=c.establishment_id WHERE c.person_id=? AND c.start_date<=? "
	"AND (c.end_date IS NULL OR c.end_date>=?) ORDER BY c.start_date, c.rank, c.id",
	"SELECT sen_type, rank FROM needs WHERE person_id=? AND rank<=2 ORDER BY rank",
};

#define MAX_ROWS 24   /* requests or plans per child (casefile.h CASE_MAX_EPISODES) */

struct req_row {
	int64_t id, assessment_id;
	day_t received, decided, a_decided;
	char source[4], outcome[2], a_outcome[2];
	int rya, mediation, tribunal, a_mediation, a_tribunal, o_mediation, o_tribunal;
	int period, a_period;    /* the collection an undated decision fell in (imported), 0 */
};

struct plan_row {
	int64_t id, request_id;
	day_t issued, start, ceased, transfer_in;
	char cease_reason[4], transfer_la[8];
	int pb, oa, dp, transfer_year;   /* the year of transfer_in, else the year alone (imported) */
};

struct ctx {
	db *d;
	db_stmt *q[Q_N];
	struct out o;
	struct sen2_summary *sum;
	struct sen2_person *p;   /* the one being built */
	day_t census, from, to;  /* the activity period: 1 January of the year before .. the census; to: its 31 December */
	char census_iso[11], from_iso[11];
	int failed;
	sen2_person_fn fn;       /* each person built, before it is written */
	void *fn_ctx;
};

static int in_period(const struct ctx *c, day_t d)
{
	return d != DATE_NONE && d >= c->from && d <= c->census;
}

static int by(const struct ctx *c, day_t d)
{
	return d != DATE_NONE && d <= c->census;
}

/* Decided by the census: an outcome recorded on or before it, or with no day
 * recorded (imported from a return, where H and W carry no date). */
static int decided_by(const struct ctx *c, const char *code, day_t decided)
{
	return *code && (decided == DATE_NONE || by(c, decided));
}

/* Decided in the activity period: on a day in it, or undated and imported from
 * this collection's return (period). */
static int decided_in(const struct ctx *c, day_t decided, int period)
{
	return decided == DATE_NONE ? period == c->o.year : in_period(c, decided);
}

/* An outcome as at the census: the code, H when decided before the period
 * (undated: unless imported from this collection), A when not yet decided. */
static const char *outcome_at(const struct ctx *c, const char *code, day_t decided, int period)
{
	if (!decided_by(c, code, decided))
		return "A";
	if (decided == DATE_NONE)
		return period == c->o.year ? code : "H";
	return decided < c->from ? "H" : code;
}

static void setting_vals(struct sen2_person *p, int k, db_stmt *s)
{
	const char *urn = db_col_text(s, 0), *ukprn = db_col_text(s, 1), *code = db_col_text(s, 2);
	if (*urn)
		sen2_set(p, k, SI_URN, urn);
	else if (*ukprn)
		sen2_set(p, k, SI_UKPRN, ukprn);
	else   /* AWAIT is sendmis's own: SEN2 has NIEO for it */
		sen2_set(p, k, SI_SEN_SETTING, !strcmp(code, "AWAIT") ? "NIEO" : code);
}

static void add_named_plan(struct ctx *c, int parent, const struct plan_row *pl)
{
	struct sen2_person *p = c->p;
	int k = sen2_add(p, SB_NAMED_PLAN, parent, 0);
	set_day(p, k, SI_START_DATE, pl->start);
	set_int(p, k, SI_PB, pl->pb);
	set_int(p, k, SI_OA, pl->oa);
	set_int(p, k, SI_DP, pl->dp);
	if (by(c, pl->ceased)) {
		set_day(p, k, SI_CEASE_DATE, pl->ceased);
		sen2_set(p, k, SI_CEASE_REASON, pl->cease_reason);
		c->sum->ceased++;
	}
	db_stmt *s = c->q[Q_NAMED];
	db_bind_int(s, 1, pl->id);
	while (db_step(s) == DB_ROW) {
		int d = sen2_add(p, SB_PLAN_DETAIL, k, 0);
		setting_vals(p, d, s);
		set_int(p, d, SI_PLACEMENT_RANK, db_col_int(s, 3));
		set_int(p, d, SI_SEN_UNIT, db_col_int(s, 4));
		set_int(p, d, SI_RESOURCED, db_col_int(s, 5));
	}
	db_reset(s);
	c->sum->named_plans++;
}

static void add_active_plans(struct ctx *c, int parent, int64_t person, const struct plan_row *pl)
{
	struct sen2_person *p = c->p;
	int k = sen2_add(p, SB_ACTIVE_PLANS, parent, 0);
	if (*pl->transfer_la && pl->transfer_year == c->o.year - 1 && (pl->transfer_in == DATE_NONE || by(c, pl->transfer_in)))
		sen2_set(p, k, SI_TRANSFER_LA, pl->transfer_la);
	db_stmt *s = c->q[Q_REVIEW];
	db_bind_int(s, 1, pl->id);
	db_bind_text(s, 2, c->census_iso);
	if (db_step(s) == DB_ROW) {
		set_day(p, k, SI_REVIEW_MEETING, col_day(s, 0));
		if (decided_by(c, db_col_text(s, 2), col_day(s, 1)))
			sen2_set(p, k, SI_REVIEW_OUTCOME, db_col_text(s, 2));
		if (by(c, col_day(s, 3)))
			set_day(p, k, SI_REVIEW_DRAFT, col_day(s, 3));
	}
	db_reset(s);
	s = c->q[Q_LAST_REVIEW];
	db_bind_int(s, 1, pl->id);
	db_bind_text(s, 2, c->census_iso);
	if (db_step(s) == DB_ROW)
		set_day(p, k, SI_LAST_REVIEW, col_day(s, 0));
	db_reset(s);
	/* the transfer whose deadline fell in the activity year (sen2.md §7: unconfirmed) */
	s = c->q[Q_PHASE];
	db_bind_int(s, 1, pl->id);
	db_bind_int(s, 2, c->o.year - 1);
	if (db_step(s) == DB_ROW) {
		set_day(p, k, SI_PHASE_DUE,
		        phase_deadline(casefile_settings(), phase_kind_by_code(db_col_text(s, 0)), c->o.year - 1));
		if (by(c, col_day(s, 1)))
			set_day(p, k, SI_PHASE_FINAL, col_day(s, 1));
	}
	db_reset(s);
	/* a plan ceased in the year: the placements attended while it was active (sen2.md §3.7) */
	char until[11];
	date_format_iso(by(c, pl->ceased) ? pl->ceased : c->census, until);
	s = c->q[Q_PLACEMENTS];
	db_bind_int(s, 1, person);
	db_bind_text(s, 2, until);
	db_bind_text(s, 3, c->from_iso);
	while (db_step(s) == DB_ROW) {
		int d = sen2_add(p, SB_PLACEMENT, k, 0);
		setting_vals(p, d, s);
		set_int(p, d, SI_PLACEMENT_RANK, db_col_int(s, 3));
		set_day(p, d, SI_ENTRY_DATE, col_day(s, 4));
		if (by(c, col_day(s, 5)))
			set_day(p, d, SI_LEAVING_DATE, col_day(s, 5));
		set_int(p, d, SI_SEN_UNIT, db_col_int(s, 6));
		set_int(p, d, SI_RESOURCED, db_col_int(s, 7));
		sen2_set(p, d, SI_RES, sen2_residential(db_col_text(s, 8), c->o.year));
		sen2_set(p, d, SI_WBP, db_col_text(s, 9));
		c->sum->placements++;
	}
	db_reset(s);
	s = c->q[Q_NEEDS];
	db_bind_int(s, 1, person);
	while (db_step(s) == DB_ROW) {
		int d = sen2_add(p, SB_NEED, k, 0);
		sen2_set(p, d, SI_SEN_TYPE, db_col_text(s, 0));
		set_int(p, d, SI_SEN_TYPE_RANK, db_col_int(s, 1));
		c->sum->needs++;
	}
	db_reset(s);
	if (!by(c, pl->ceased))
		c->sum->active_plans++;   /* on the census date; a ceased plan's block is counted as ceased */
}

/* Active at some time in the collection year: issued by the census, and not ceased
 * before the activity period began.  Its NamedPlan is returned, and its ActivePlans:
 * a plan ceased in the year keeps its block, with its last review and the placements
 * attended while it was active (sen2.md §3.7; DC-V1). */
static int plan_in_scope(const struct ctx *c, const struct plan_row *p)
{
	return by(c, p->issued) && (!by(c, p->ceased) || in_period(c, p->ceased));
}

/* SEN2 Week20 of each request, from the child's clock: whether an exception
 * covers its 20-week step (the final plan, or for N the decision not to issue). */
int sen2_week20(const struct casefile *cf, int64_t request_id)
{
	for (int e = 0; e < cf->nep; e++) {
		const struct case_episode *ep = &cf->ep[e];
		if (ep->kind != EP_ASSESSMENT || ep->request_id != request_id)
			continue;
		for (int i = ep->first; i < ep->first + ep->n; i++) {
			const char *step = cf->steps[i].st.rule->step;
			if (!strcmp(step, "final_plan") || !strcmp(step, "not_issue_decision"))
				return cf->steps[i].st.exception_applies != 0;
		}
	}
	return 0;
}

static void add_request(struct ctx *c, const struct casefile *cf, const struct req_row *q, const struct plan_row *pl)
{
	struct sen2_person *p = c->p;
	int k = sen2_add(p, SB_REQUEST, 0, 0);
	const char *oc = q ? outcome_at(c, q->outcome, q->decided, q->period) : "H";
	if (q) {
		set_day(p, k, SI_RECEIVED_DATE, q->received);
		sen2_set(p, k, SI_REQUEST_SOURCE, q->source);
		set_int(p, k, SI_RYA, q->rya);
		if (!strcmp(oc, "Y") || !strcmp(oc, "N"))
			set_day(p, k, SI_REQUEST_OUTCOME_DATE, q->decided);
		set_int(p, k, SI_REQUEST_MEDIATION, q->mediation);
		set_int(p, k, SI_REQUEST_TRIBUNAL, q->tribunal);
	}
	sen2_set(p, k, SI_REQUEST_OUTCOME, oc);
	c->sum->requests++;
	/* an assessment when the request went to assessment (or a historical one, for a plan with
	 * no request on the record) */
	if (!q || (q->outcome[0] == 'Y' && decided_by(c, q->outcome, q->decided))) {
		int a = sen2_add(p, SB_ASSESSMENT, k, 0);
		const char *ao = "H";
		day_t when = DATE_NONE;
		if (q && !q->assessment_id)
			ao = "A";
		else if (q && q->a_outcome[0] == 'Y') {
			/* Y: the date is the plan's issue date; blank while the plan is still to be issued */
			day_t issued = pl ? pl->issued : DATE_NONE;
			if (by(c, issued)) {
				ao = issued < c->from ? "H" : "Y";
				when = issued;
			} else
				ao = decided_by(c, q->a_outcome, q->a_decided) ? "Y" : "A";
		} else if (q) {
			ao = outcome_at(c, q->a_outcome, q->a_decided, q->a_period);
			if (!strcmp(ao, "N"))
				when = q->a_decided;
		}
		if (q && q->assessment_id) {
			set_int(p, a, SI_ASSESSMENT_MEDIATION, q->a_mediation);
			set_int(p, a, SI_ASSESSMENT_TRIBUNAL, q->a_tribunal);
			set_int(p, a, SI_OTHER_MEDIATION, q->o_mediation);
			set_int(p, a, SI_OTHER_TRIBUNAL, q->o_tribunal);
			if (!strcmp(ao, "Y") || !strcmp(ao, "N"))
				set_int(p, a, SI_WEEK20, sen2_week20(cf, q->id));
		}
		sen2_set(p, a, SI_ASSESSMENT_OUTCOME, ao);
		if (ao[0] != 'H')
			set_day(p, a, SI_ASSESSMENT_OUTCOME_DATE, when);
		c->sum->assessments++;
		if (pl && plan_in_scope(c, pl))
			add_named_plan(c, a, pl);
	}
	if (pl && plan_in_scope(c, pl))
		add_active_plans(c, k, cf->person_id, pl);
}

static int take_person(void *ctxp, const struct casefile *cf)
{
	struct ctx *c = ctxp;
	struct req_row rq[MAX_ROWS];
	struct plan_row pl[MAX_ROWS];
	int nrq = 0, npl = 0;
	db_stmt *s = c->q[Q_REQUESTS];
	db_bind_int(s, 1, cf->person_id);
	while (db_step(s) == DB_ROW && nrq < MAX_ROWS) {
		struct req_row *q = &rq[nrq];
		memset(q, 0, sizeof *q);
		q->id = db_col_int(s, 0);
		q->received = col_day(s, 1);
		snprintf(q->source, sizeof q->source, "%s", db_col_text(s, 2));
		q->rya = (int)db_col_int(s, 3);
		snprintf(q->outcome, sizeof q->outcome, "%s", db_col_text(s, 4));
		q->decided = col_day(s, 5);
		q->mediation = (int)db_col_int(s, 6);
		q->tribunal = (int)db_col_int(s, 7);
		q->assessment_id = db_col_int(s, 8);
		snprintf(q->a_outcome, sizeof q->a_outcome, "%s", db_col_text(s, 9));
		q->a_decided = col_day(s, 10);
		q->a_mediation = (int)db_col_int(s, 11);
		q->a_tribunal = (int)db_col_int(s, 12);
		q->o_mediation = (int)db_col_int(s, 13);
		q->o_tribunal = (int)db_col_int(s, 14);
		q->period = (int)db_col_int(s, 15);
		q->a_period = (int)db_col_int(s, 16);
		if (by(c, q->received))
			nrq++;
	}
	db_reset(s);
	s = c->q[Q_PLANS];
	db_bind_int(s, 1, cf->person_id);
	while (db_step(s) == DB_ROW && npl < MAX_ROWS) {
		struct plan_row *p = &pl[npl];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(s, 0);
		p->request_id = db_col_int(s, 1);
		p->issued = col_day(s, 2);
		p->start = col_day(s, 3);
		p->ceased = col_day(s, 4);
		snprintf(p->cease_reason, sizeof p->cease_reason, "%s", db_col_text(s, 5));
		snprintf(p->transfer_la, sizeof p->transfer_la, "%s", db_col_text(s, 6));
		p->transfer_in = col_day(s, 7);
		p->pb = (int)db_col_int(s, 8);
		p->oa = (int)db_col_int(s, 9);
		p->dp = (int)db_col_int(s, 10);
		p->transfer_year = (int)db_col_int(s, 11);
		if (p->transfer_in != DATE_NONE) {
			int m, dd;
			date_to_ymd(p->transfer_in, &p->transfer_year, &m, &dd);
		}
		if (by(c, p->issued))
			npl++;
	}
	db_reset(s);
	/* which requests are in scope, and each one's plan */
	int want[MAX_ROWS], plan_of[MAX_ROWS], plan_used[MAX_ROWS], any = 0;
	memset(plan_used, 0, sizeof plan_used);
	for (int i = 0; i < nrq; i++) {
		const struct req_row *q = &rq[i];
		plan_of[i] = -1;
		for (int k = 0; k < npl; k++)
			if (pl[k].request_id == q->id)
				plan_of[i] = k;
		int pending = !decided_by(c, q->outcome, q->decided) ||
		              (q->outcome[0] == 'Y' && !decided_by(c, q->a_outcome, q->a_decided)) ||
		              (q->a_outcome[0] == 'Y' && plan_of[i] < 0);
		want[i] = in_period(c, q->received) || decided_in(c, q->decided, q->period) ||
		          decided_in(c, q->a_decided, q->a_period) || pending ||
		          (plan_of[i] >= 0 && plan_in_scope(c, &pl[plan_of[i]]));
		if (want[i] && plan_of[i] >= 0)
			plan_used[plan_of[i]] = 1;
		any |= want[i];
	}
	for (int k = 0; k < npl; k++)
		any |= !plan_used[k] && plan_in_scope(c, &pl[k]);
	if (!any)
		return 0;
	struct sen2_person *p = c->p;
	sen2_person_reset(p);
	p->id = cf->person_id;
	p->index = c->sum->persons + 1;
	sen2_add(p, SB_PERSON, -1, 0);
	s = c->q[Q_PERSON];
	db_bind_int(s, 1, cf->person_id);
	if (db_step(s) != DB_ROW) {
		db_reset(s);
		c->failed = 1;
		return 1;
	}
	static const enum sen2_item person_items[] = {SI_SURNAME, SI_FORENAME, SI_BIRTH_DATE, SI_SEX, SI_ETHNICITY,
	                                              SI_POSTCODE, SI_UPN, SI_ULN, SI_UPN_UNKNOWN};
	for (size_t i = 0; i < sizeof person_items / sizeof person_items[0]; i++)
		sen2_set(p, 0, person_items[i], db_col_text(s, (int)i));
	db_reset(s);
	for (int i = 0; i < nrq; i++)
		if (want[i])
			add_request(c, cf, &rq[i], plan_of[i] >= 0 ? &pl[plan_of[i]] : NULL);
	for (int k = 0; k < npl; k++)   /* a plan with no request on the record (historical, or transferred in) */
		if (!plan_used[k] && plan_in_scope(c, &pl[k]))
			add_request(c, cf, NULL, &pl[k]);
	if (p->overflow) {   /* more records than a person of the return holds: never cut short silently */
		c->failed = 2;
		c->sum->overflow_person = cf->person_id;
		return 1;
	}
	c->sum->persons++;
	if (c->fn)
		c->fn(c->fn_ctx, p);
	if (c->o.w)
		write_node(&c->o, p, 0);
	return c->o.failed;
}

/* ---- the file ------------------------------------------------------------------------- */

struct sink {
	FILE *f;
	buf *b;
};

static int sink_write(void *ctx, const char *p, int n)
{
	struct sink *k = ctx;
	if (k->f)
		return fwrite(p, 1, (size_t)n, k->f) == (size_t)n ? n : -1;
	if (!k->b)
		return n;   /* counting only (the summary) */
	buf_add(k->b, p, (size_t)n);
	return k->b->err ? -1 : n;
}

static int sink_close(void *ctx)
{
	(void)ctx;
	return 0;
}

int sen2_export(db *d, const struct sen2_export_opts *o, FILE *f, buf *out, struct sen2_summary *sum, char *err,
                size_t errlen)
{
	memset(sum, 0, sizeof *sum);
	int year = sen2_year_of_census(o->census);
	if (year < 0) {
		snprintf(err, errlen, "the census date is not one of the SEN2 census dates (docs/sen2.md)");
		return -1;
	}
	sum->year = year;
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.d = d;
	c.sum = sum;
	c.census = o->census;
	c.o.year = year;
	c.fn = o->each;
	c.fn_ctx = o->each_ctx;
	date_from_ymd(year - 1, 1, 1, &c.from);
	date_from_ymd(year - 1, 12, 31, &c.to);
	date_format_iso(c.census, c.census_iso);
	date_format_iso(c.from, c.from_iso);
	c.p = malloc(sizeof *c.p);
	if (!c.p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 0; i < Q_N; i++)
		if (!(c.q[i] = db_prepare(d, q_sql[i]))) {
			for (int k = 0; k < i; k++)
				db_done(c.q[k]);
			free(c.p);
			snprintf(err, errlen, "the store failed");
			return -1;
		}
	/* the file, unless only the people are wanted (the checks) */
	struct sink k = {f, out};
	xmlOutputBufferPtr ob = NULL;
	if (f || out || !o->each) {
		ob = xmlOutputBufferCreateIO(sink_write, sink_close, &k, NULL);
		c.o.w = ob ? xmlNewTextWriter(ob) : NULL;
		if (!c.o.w) {
			if (ob)
				xmlOutputBufferClose(ob);
			for (int i = 0; i < Q_N; i++)
				db_done(c.q[i]);
			free(c.p);
			snprintf(err, errlen, "cannot start the XML writer");
			return -1;
		}
		xmlTextWriterSetIndent(c.o.w, 1);
		xmlTextWriterSetIndentString(c.o.w, BAD_CAST "  ");
		if (xmlTextWriterStartDocument(c.o.w, "1.0", "UTF-8", NULL) < 0)
			c.o.failed = 1;
		/* root element name not confirmed (sen2.md §5.2): believed <Message>, as other COLLECT returns */
		xmlTextWriterStartElement(c.o.w, BAD_CAST "Message");
		xmlTextWriterStartElement(c.o.w, BAD_CAST "Header");
		struct sen2_person *h = c.p;
		sen2_person_reset(h);
		int cd = sen2_add(h, SB_COLLECTION, -1, 0), so = sen2_add(h, SB_SOURCE, -1, 0);
		sen2_set(h, cd, SI_COLLECTION, "SEN2");
		set_int(h, cd, SI_YEAR, year);
		sen2_set(h, cd, SI_REFERENCE_DATE, c.census_iso);
		sen2_set(h, so, SI_SOURCE_LEVEL, "L");
		sen2_set(h, so, SI_LEA, o->la);
		sen2_set(h, so, SI_SOFTWARE_CODE, "sendmis");
		sen2_set(h, so, SI_RELEASE, o->release);
		sen2_set(h, so, SI_SERIAL_NO, "1");
		sen2_set(h, so, SI_DATE_TIME, o->generated);
		write_node(&c.o, h, cd);
		write_node(&c.o, h, so);
		xmlTextWriterEndElement(c.o.w);   /* Header */
		xmlTextWriterStartElement(c.o.w, BAD_CAST "Persons");
	}
	/* as the records stood on the census date; each child's clock gives Week20 */
	struct case_filter cf = {0, -1, 0, 1};
	if (casefile_each(d, &cf, o->census, take_person, &c) < 0 && !c.failed)
		c.failed = 1;
	if (c.o.w) {
		if (xmlTextWriterEndDocument(c.o.w) < 0)
			c.o.failed = 1;
		xmlFreeTextWriter(c.o.w);   /* flushes and closes the output buffer */
	}
	for (int i = 0; i < Q_N; i++)
		db_done(c.q[i]);
	free(c.p);
	if (c.failed == 2) {
		snprintf(err, errlen, "person %lld has more records than one person of the return can hold (%d blocks)",
		         sum->overflow_person, SEN2_MAX_NODES);
		return -1;
	}
	if (c.failed || c.o.failed) {
		snprintf(err, errlen, c.failed ? "the store failed" : "the file could not be written");
		return -1;
	}
	return 0;
}

void sen2_generated_now(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm);
}
