/* casefile.c — see casefile.h.
 *
 * Every query below selects the same person set (?1 person, ?2 caseworker)
 * and is ordered by person id first, so the loader walks them side by side
 * like a merge: each cursor's rows for the current person are consumed,
 * then the next person is read.  Rows are copied out as they are read;
 * nothing from one person outlives the callback.
 */
#include "domain/casefile.h"
#include "core/grow.h"
#include "core/phase.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct clock_settings g_settings;
static int g_settings_set;

void casefile_set_settings(const struct clock_settings *s)
{
	g_settings = *s;
	g_settings_set = 1;
}

const struct clock_settings *casefile_settings(void)
{
	if (!g_settings_set) {
		clock_settings_default(&g_settings);
		g_settings_set = 1;
	}
	return &g_settings;
}

/* The person set, as four spellings of one filter so that each is a plain
 * indexed lookup (SQLite cannot use an index through "?1=0 OR col=?1"):
 * one person (?1), one caseworker's cases (?2 > 0), every allocated person
 * (?2 = 0), everyone (?2 < 0).  Each spelling mentions ?1 and ?2, so the
 * same binds serve all four. */
#define F_ONE(c) c "=?1 AND ?2=?2"
#define F_CW(c) "?1=0 AND " c " IN (SELECT person_id FROM allocations WHERE end_date IS NULL AND user_id=?2)"
#define F_ALLOC(c) "?1=0 AND ?2=0 AND " c " IN (SELECT person_id FROM allocations WHERE end_date IS NULL)"
#define F_ALL(c) "?1=0 AND ?2<0"
#define F_ACTIVE(c) "?1=0 AND ?2<0 AND " c " IN (SELECT person_id FROM plans WHERE status='active')"
enum { M_ONE, M_CW, M_ALLOC, M_ALL, M_ACTIVE, M_N };
#define MODES(Q) {Q(F_ONE), Q(F_CW), Q(F_ALLOC), Q(F_ALL), Q(F_ACTIVE)}

#define Q_PEOPLE(F) \
	"SELECT p.id, p.forename, p.surname, " CASEFILE_COHORT_COLS ", COALESCE(u.id,0), COALESCE(u.display_name,''), " \
	"COALESCE(u.team,''), COALESCE(e.id,0), " \
	"COALESCE((SELECT MIN(z.start_date) FROM placements z WHERE z.person_id=p.id AND z.start_date>?3),''), " \
	"COALESCE((SELECT MIN(z.end_date) FROM placements z WHERE z.person_id=p.id AND z.end_date>=?3),'') " \
	"FROM people p LEFT JOIN allocations a ON a.person_id=p.id AND a.end_date IS NULL " \
	"LEFT JOIN users u ON u.id=a.user_id " \
	"LEFT JOIN placements c ON c.id=(SELECT y.id FROM placements y WHERE y.person_id=p.id " \
	"AND (y.end_date IS NULL OR y.end_date>=?3) AND y.start_date<=?3 ORDER BY y.rank, y.start_date DESC, y.id DESC LIMIT 1) " \
	"LEFT JOIN establishments e ON e.id=c.establishment_id " \
	"WHERE " F("p.id") " ORDER BY p.id"

#define Q_REQUESTS(F) \
	"SELECT q.person_id, q.id, q.received_date, COALESCE(q.outcome,''), COALESCE(q.outcome_date,''), " \
	"COALESCE(a.id,0), COALESCE(a.outcome,''), COALESCE(a.outcome_date,'') " \
	"FROM requests q LEFT JOIN assessments a ON a.request_id=q.id " \
	"WHERE " F("q.person_id") " ORDER BY q.person_id, q.received_date, q.id"

#define Q_ADVICE(F) \
	"SELECT person_id, request_id, id, service, requested_date, COALESCE(received_date,'') FROM advice_requests " \
	"WHERE " F("person_id") " AND request_id IS NOT NULL ORDER BY person_id, request_id, requested_date, id"

#define Q_PLANS(F) \
	"SELECT person_id, id, COALESCE(request_id,0), status, COALESCE(draft_date,''), COALESCE(issue_date,''), " \
	"COALESCE(transfer_in_date,''), COALESCE(transfer_letter_date,''), COALESCE(cease_date,''), " \
	"earlier_reviews_unknown FROM plans " \
	"WHERE " F("person_id") " ORDER BY person_id, id"

#define Q_REVIEWS(F) \
	"SELECT p.person_id, v.plan_id, v.id, v.meeting_date, COALESCE(v.decision_date,''), COALESCE(v.outcome,''), " \
	"COALESCE(v.invitations_sent,''), COALESCE(v.advice_circulated,''), COALESCE(v.amendments_sent,''), " \
	"COALESCE(v.final_amended_date,'') FROM reviews v JOIN plans p ON p.id=v.plan_id " \
	"WHERE " F("p.person_id") " ORDER BY p.person_id, v.plan_id, v.meeting_date, v.id"

#define Q_EXCEPTIONS(F) \
	"SELECT person_id, id, reason, start_date, COALESCE(end_date,'') FROM clock_exceptions " \
	"WHERE " F("person_id") " ORDER BY person_id, start_date, id"

#define Q_PHASES(F) \
	"SELECT p.person_id, t.plan_id, t.id, t.kind, t.transfer_year, COALESCE(t.final_date,'') " \
	"FROM phase_transfers t JOIN plans p ON p.id=t.plan_id " \
	"WHERE " F("p.person_id") " ORDER BY p.person_id, t.plan_id, t.transfer_year, t.id"

#define Q_PANELS(F) \
	"SELECT c.person_id, c.id, c.panel_id, COALESCE(c.request_id,0), n.kind, n.meeting_date, COALESCE(c.decision,'') " \
	"FROM panel_cases c JOIN panels n ON n.id=c.panel_id " \
	"WHERE " F("c.person_id") " ORDER BY c.person_id, n.meeting_date, c.id"

static const char *const q_people[M_N] = MODES(Q_PEOPLE);
static const char *const q_requests[M_N] = MODES(Q_REQUESTS);
static const char *const q_advice[M_N] = MODES(Q_ADVICE);
static const char *const q_plans[M_N] = MODES(Q_PLANS);
static const char *const q_reviews[M_N] = MODES(Q_REVIEWS);
static const char *const q_exceptions[M_N] = MODES(Q_EXCEPTIONS);
static const char *const q_phases[M_N] = MODES(Q_PHASES);
static const char *const q_panels[M_N] = MODES(Q_PANELS);

static const char q_closures[] =
	"SELECT COALESCE(establishment_id,0), start_date, end_date FROM closures ORDER BY start_date";

enum { C_PEOPLE, C_REQUESTS, C_ADVICE, C_PLANS, C_REVIEWS, C_EXC, C_PHASES, C_PANELS, C_N };

struct cur {
	db_stmt *s;
	int has, err;
};

static void cur_next(struct cur *c)
{
	if (!c->s) {   /* a table this walk does not read */
		c->has = 0;
		return;
	}
	int rc = db_step(c->s);
	c->has = rc == DB_ROW;
	if (rc != DB_ROW && rc != DB_DONE)
		c->err = 1;
}

/* Positions c at the first row of person pid (skipping any before); 1 if there is one. */
static int cur_at(struct cur *c, int64_t pid)
{
	while (c->has && db_col_int(c->s, 0) < pid)
		cur_next(c);
	return c->has && db_col_int(c->s, 0) == pid;
}

/* ---- per-person scratch, reused ------------------------------------------------ */

struct rq {
	int64_t id, assessment_id, plan;   /* plan: index into plans, -1 */
	day_t received, decision, issue_decision;
	char outcome[2], a_outcome[2];
	int has_assessment;
	int first_advice, nadvice;
};

struct pl {
	int64_t id, request_id;
	char status[8];
	day_t draft, issue, transfer_in, letter, cease;
	int first_review, nreviews, first_phase, nphases, used;
	int earlier_reviews_unknown;
};

struct scratch {
	struct rq rq[CASE_MAX_EPISODES];
	int nrq;
	struct pl pl[CASE_MAX_EPISODES];
	int npl;
	struct clock_advice advice[CASE_MAX_EPISODES * 4];
	int64_t advice_id[CASE_MAX_EPISODES * 4];
	int64_t advice_rq[CASE_MAX_EPISODES * 4];
	int nadvice;
	struct clock_review rv[CASE_MAX_EPISODES * 8];
	int64_t rv_id[CASE_MAX_EPISODES * 8], rv_plan[CASE_MAX_EPISODES * 8];
	int nrv;
	struct clock_phase ph[CASE_MAX_EPISODES * 2 + 1];
	int64_t ph_id[CASE_MAX_EPISODES * 2 + 1], ph_plan[CASE_MAX_EPISODES * 2 + 1];
	int nph;
	struct clock_exception exc[CLOCK_MAX_EXCEPTIONS];
	struct clock_result res;
	/* closures: area-wide (establishment 0) and per setting */
	struct { int64_t est; struct closure c; } *closures;
	int nclosures;
	int64_t establishment_id;
	day_t placement_start, placement_end;   /* the next day the current setting changes */
	day_t as_of;
	int history;               /* case_filter.history */
};

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int push_step(struct casefile *cf, const struct clock_step *st, int episode)
{
	if (ARRAY_RESERVE(cf->steps, cf->cap, cf->nsteps + 1, 64) < 0)
		return -1;
	struct case_step *cs = &cf->steps[cf->nsteps++];
	memset(cs, 0, sizeof *cs);
	cs->st = *st;
	cs->episode = episode;
	return 0;
}

void casefile_read_cohort(struct casefile *cf, db_stmt *s, int col)
{
	cf->dob = date_iso_or_none(db_col_text(s, col));
	copy(cf->phase, sizeof cf->phase, db_col_text(s, col + 1));
	cf->top_year = (int)db_col_int(s, col + 2);
	if (cf->top_year < -1 || cf->top_year > 14)
		cf->top_year = NCY_NONE;
}

static void read_person(struct casefile *cf, struct scratch *sc, db_stmt *s)
{
	cf->person_id = db_col_int(s, 0);
	copy(cf->forename, sizeof cf->forename, db_col_text(s, 1));
	copy(cf->surname, sizeof cf->surname, db_col_text(s, 2));
	casefile_read_cohort(cf, s, 3);
	cf->caseworker_id = db_col_int(s, 6);
	copy(cf->caseworker, sizeof cf->caseworker, db_col_text(s, 7));
	copy(cf->team, sizeof cf->team, db_col_text(s, 8));
	sc->establishment_id = db_col_int(s, 9);
	/* the current setting changes when a placement begins, or the day after one ends */
	sc->placement_start = date_iso_or_none(db_col_text(s, 10));
	day_t end = date_iso_or_none(db_col_text(s, 11));
	sc->placement_end = end == DATE_NONE ? DATE_NONE : date_add_days(end, 1);
}

/* Reads this person's rows from every cursor into sc / cf. */
static void read_rows(struct casefile *cf, struct scratch *sc, struct cur *c)
{
	int64_t pid = cf->person_id;
	sc->nrq = sc->npl = sc->nadvice = sc->nrv = sc->nph = 0;
	cf->nexc = cf->npanels = 0;
	for (; cur_at(&c[C_REQUESTS], pid); cur_next(&c[C_REQUESTS])) {
		db_stmt *s = c[C_REQUESTS].s;
		if (sc->nrq == CASE_MAX_EPISODES) {
			cf->truncated = 1;
			continue;
		}
		struct rq *q = &sc->rq[sc->nrq++];
		memset(q, 0, sizeof *q);
		q->id = db_col_int(s, 1);
		q->received = date_iso_or_none(db_col_text(s, 2));
		copy(q->outcome, sizeof q->outcome, db_col_text(s, 3));
		q->decision = date_iso_or_none(db_col_text(s, 4));
		q->assessment_id = db_col_int(s, 5);
		q->has_assessment = q->assessment_id != 0;
		copy(q->a_outcome, sizeof q->a_outcome, db_col_text(s, 6));
		q->issue_decision = date_iso_or_none(db_col_text(s, 7));
		q->plan = -1;
	}
	for (; cur_at(&c[C_ADVICE], pid); cur_next(&c[C_ADVICE])) {
		db_stmt *s = c[C_ADVICE].s;
		if (sc->nadvice == (int)(sizeof sc->advice / sizeof sc->advice[0])) {
			cf->truncated = 1;
			continue;
		}
		int i = sc->nadvice++;
		sc->advice_rq[i] = db_col_int(s, 1);
		sc->advice_id[i] = db_col_int(s, 2);
		copy(sc->advice[i].service, sizeof sc->advice[i].service, db_col_text(s, 3));
		sc->advice[i].requested = date_iso_or_none(db_col_text(s, 4));
		sc->advice[i].received = date_iso_or_none(db_col_text(s, 5));
	}
	for (; cur_at(&c[C_PLANS], pid); cur_next(&c[C_PLANS])) {
		db_stmt *s = c[C_PLANS].s;
		if (sc->npl == CASE_MAX_EPISODES) {
			cf->truncated = 1;
			continue;
		}
		struct pl *p = &sc->pl[sc->npl++];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(s, 1);
		p->request_id = db_col_int(s, 2);
		copy(p->status, sizeof p->status, db_col_text(s, 3));
		p->draft = date_iso_or_none(db_col_text(s, 4));
		p->issue = date_iso_or_none(db_col_text(s, 5));
		p->transfer_in = date_iso_or_none(db_col_text(s, 6));
		p->letter = date_iso_or_none(db_col_text(s, 7));
		p->cease = date_iso_or_none(db_col_text(s, 8));
		p->earlier_reviews_unknown = (int)db_col_int(s, 9);
	}
	for (; cur_at(&c[C_REVIEWS], pid); cur_next(&c[C_REVIEWS])) {
		db_stmt *s = c[C_REVIEWS].s;
		if (sc->nrv == (int)(sizeof sc->rv / sizeof sc->rv[0])) {
			cf->truncated = 1;
			continue;
		}
		int i = sc->nrv++;
		struct clock_review *v = &sc->rv[i];
		memset(v, 0, sizeof *v);
		sc->rv_plan[i] = db_col_int(s, 1);
		sc->rv_id[i] = db_col_int(s, 2);
		v->meeting = date_iso_or_none(db_col_text(s, 3));
		v->decision = date_iso_or_none(db_col_text(s, 4));
		const char *o = db_col_text(s, 5);
		v->outcome = !strcmp(o, "A") ? RV_AMEND : !strcmp(o, "C") ? RV_CEASE : !strcmp(o, "M") ? RV_MAINTAIN : RV_NONE;
		v->undated = v->outcome != RV_NONE && v->decision == DATE_NONE;
		v->invitations_sent = date_iso_or_none(db_col_text(s, 6));
		v->advice_circulated = date_iso_or_none(db_col_text(s, 7));
		v->proposed_amendments_sent = date_iso_or_none(db_col_text(s, 8));
		v->final_amended = date_iso_or_none(db_col_text(s, 9));
		/* the notices before a meeting are tracked for meetings to come or just held,
		 * and for any review whose notice dates were recorded; older reviews
		 * recorded without them are history without that data */
		v->track_notices = v->invitations_sent != DATE_NONE || v->advice_circulated != DATE_NONE ||
		                   (v->meeting != DATE_NONE && sc->as_of != DATE_NONE && v->meeting >= date_add_days(sc->as_of, -28));
	}
	for (; cur_at(&c[C_EXC], pid); cur_next(&c[C_EXC])) {
		db_stmt *s = c[C_EXC].s;
		const struct exc_def *def = exc_by_code(db_col_text(s, 2));
		if (!def)
			continue;
		if (cf->nexc == CLOCK_MAX_EXCEPTIONS) {
			cf->truncated = 1;
			continue;
		}
		struct case_exception *x = &cf->exc[cf->nexc++];
		x->id = db_col_int(s, 1);
		copy(x->reason, sizeof x->reason, def->code);
		x->x.reason = def->reason;
		x->x.start = date_iso_or_none(db_col_text(s, 3));
		x->x.end = date_iso_or_none(db_col_text(s, 4));
		x->x.derived = 0;
	}
	for (; cur_at(&c[C_PHASES], pid); cur_next(&c[C_PHASES])) {
		db_stmt *s = c[C_PHASES].s;
		if (sc->nph >= (int)(sizeof sc->ph / sizeof sc->ph[0]) - 1) {
			cf->truncated = 1;
			continue;
		}
		int i = sc->nph++;
		sc->ph_plan[i] = db_col_int(s, 1);
		sc->ph_id[i] = db_col_int(s, 2);
		sc->ph[i].kind = phase_kind_by_code(db_col_text(s, 3));
		sc->ph[i].year = (int)db_col_int(s, 4);
		sc->ph[i].final = date_iso_or_none(db_col_text(s, 5));
	}
	for (; cur_at(&c[C_PANELS], pid); cur_next(&c[C_PANELS])) {
		db_stmt *s = c[C_PANELS].s;
		if (cf->npanels == CASE_MAX_PANELS) {
			cf->truncated = 1;
			continue;
		}
		struct case_panel *p = &cf->panels[cf->npanels++];
		p->case_id = db_col_int(s, 1);
		p->panel_id = db_col_int(s, 2);
		p->request_id = db_col_int(s, 3);
		copy(p->kind, sizeof p->kind, db_col_text(s, 4));
		p->date = date_iso_or_none(db_col_text(s, 5));
		copy(p->decision, sizeof p->decision, db_col_text(s, 6));
	}
}

/* School closures turn an advice request to the school, made in the window
 * of reg 5(4)(a) (or (b) for an early years setting), into an exception. */
static void derive_closures(struct casefile *cf, struct scratch *sc)
{
	for (int i = 0; i < sc->nadvice; i++) {
		if (strcmp(sc->advice[i].service, "SENCO") != 0)
			continue;
		for (int k = 0; k < sc->nclosures; k++) {
			if (sc->closures[k].est && sc->closures[k].est != sc->establishment_id)
				continue;
			if (!closure_excuses_request(&sc->closures[k].c, sc->advice[i].requested))
				continue;
			int dup = 0;
			for (int j = 0; j < cf->nexc; j++)
				dup |= cf->exc[j].x.start == sc->closures[k].c.start && cf->exc[j].x.end == sc->closures[k].c.end &&
				       cf->exc[j].id == 0;
			if (dup || cf->nexc == CLOCK_MAX_EXCEPTIONS)
				continue;
			struct case_exception *x = &cf->exc[cf->nexc++];
			x->id = 0;
			x->x.reason = strcmp(cf->phase, "EY") == 0 ? EXC_EARLY_YEARS_CLOSURE : EXC_SCHOOL_CLOSURE;
			copy(x->reason, sizeof x->reason, exc_defs[x->x.reason].code);
			x->x.start = sc->closures[k].c.start;
			x->x.end = sc->closures[k].c.end;
			x->x.derived = 1;
		}
	}
}

static void link_plans(struct scratch *sc)
{
	for (int i = 0; i < sc->nrq; i++)
		for (int k = 0; k < sc->npl; k++)
			if (sc->pl[k].request_id == sc->rq[i].id && !sc->pl[k].used) {
				sc->rq[i].plan = k;
				sc->pl[k].used = 1;
				break;
			}
	/* a plan recorded without its request: the earliest unlinked plan drafted
	 * or issued after a request that went on to assessment */
	for (int i = 0; i < sc->nrq; i++) {
		struct rq *q = &sc->rq[i];
		if (q->plan >= 0 || strcmp(q->outcome, "Y") != 0 || strcmp(q->a_outcome, "N") == 0)
			continue;
		int best = -1;
		for (int k = 0; k < sc->npl; k++) {
			struct pl *p = &sc->pl[k];
			day_t d = p->draft != DATE_NONE ? p->draft : p->issue;
			if (p->used || p->request_id || d == DATE_NONE || d < q->received || p->transfer_in != DATE_NONE)
				continue;
			day_t bd = best < 0 ? DATE_NONE : (sc->pl[best].draft != DATE_NONE ? sc->pl[best].draft : sc->pl[best].issue);
			if (best < 0 || d < bd)
				best = k;
		}
		if (best >= 0) {
			q->plan = best;
			sc->pl[best].used = 1;
		}
	}
}

static int add_episode(struct casefile *cf, enum episode_kind kind)
{
	if (cf->nep == CASE_MAX_EPISODES) {
		cf->truncated = 1;
		return -1;
	}
	struct case_episode *e = &cf->ep[cf->nep];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->first = cf->nsteps;
	return cf->nep++;
}

static int collect(struct casefile *cf, struct scratch *sc, int ep, const int64_t *advice_ids, const int64_t *rv_ids,
                   const int64_t *ph_ids, const struct clock_phase *ph)
{
	for (int i = 0; i < sc->res.n; i++) {
		if (push_step(cf, &sc->res.steps[i], ep) < 0)
			return -1;
		struct case_step *cs = &cf->steps[cf->nsteps - 1];
		const struct clock_step *st = &cs->st;
		if (st->advice >= 0 && advice_ids)
			cs->advice_id = advice_ids[st->advice];
		if (st->review > 0 && rv_ids)
			cs->review_id = rv_ids[st->review - 1];
		if (st->phase > 0 && ph_ids) {
			cs->phase_id = ph_ids[st->phase - 1];
			cs->phase_kind = ph[st->phase - 1].kind;
			cs->phase_year = ph[st->phase - 1].year;
		}
		if (st->excused_by >= 0 && st->excused_by < cf->nexc) {
			cs->exception_id = cf->exc[st->excused_by].id;
			cs->exception_derived = cf->exc[st->excused_by].x.derived;
		}
	}
	cf->truncated |= sc->res.truncated;
	cf->ep[ep].n = cf->nsteps - cf->ep[ep].first;
	return 0;
}

static day_t by_then(day_t d, day_t as_of)
{
	return d != DATE_NONE && d > as_of ? DATE_NONE : d;
}

/* case_filter.history: the records as they stood on as_of.  Requests received,
 * advice asked for and reviews met after it are left out where the episodes
 * are built; here, everything else dated after it is made not to have
 * happened yet, and a plan ceased after it is still active. */
static void as_they_stood(struct scratch *sc, day_t as_of)
{
	/* a decision after as_of had not happened; one with no day recorded (an
	 * imported historical outcome) had */
	for (int i = 0; i < sc->nrq; i++) {
		struct rq *q = &sc->rq[i];
		if (q->decision != DATE_NONE && (q->decision = by_then(q->decision, as_of)) == DATE_NONE)
			q->outcome[0] = 0;
		if (q->issue_decision != DATE_NONE && (q->issue_decision = by_then(q->issue_decision, as_of)) == DATE_NONE)
			q->a_outcome[0] = 0;
	}
	for (int i = 0; i < sc->npl; i++) {
		struct pl *p = &sc->pl[i];
		p->draft = by_then(p->draft, as_of);
		p->issue = by_then(p->issue, as_of);
		p->transfer_in = by_then(p->transfer_in, as_of);
		p->letter = by_then(p->letter, as_of);
		if (p->issue == DATE_NONE)
			copy(p->status, sizeof p->status, "draft");
		else if (!strcmp(p->status, "ceased") && p->cease != DATE_NONE && p->cease > as_of)
			copy(p->status, sizeof p->status, "active");
	}
	for (int i = 0; i < sc->nadvice; i++)
		sc->advice[i].received = by_then(sc->advice[i].received, as_of);
	for (int i = 0; i < sc->nrv; i++) {
		struct clock_review *v = &sc->rv[i];
		if (v->decision != DATE_NONE && (v->decision = by_then(v->decision, as_of)) == DATE_NONE)
			v->outcome = RV_NONE;
		v->invitations_sent = by_then(v->invitations_sent, as_of);
		v->advice_circulated = by_then(v->advice_circulated, as_of);
		v->proposed_amendments_sent = by_then(v->proposed_amendments_sent, as_of);
		v->final_amended = by_then(v->final_amended, as_of);
	}
	for (int i = 0; i < sc->nph; i++)
		sc->ph[i].final = by_then(sc->ph[i].final, as_of);
}

#define PHASE_HORIZON_MONTHS CASEFILE_PHASE_HORIZON_MONTHS

/* Brings cf->valid_until forward to d when d is after as_of. */
static void until(struct casefile *cf, day_t as_of, day_t d)
{
	if (d != DATE_NONE && d > as_of && (cf->valid_until == DATE_NONE || d < cf->valid_until))
		cf->valid_until = d;
}

/* The first day after as_of on which the clock built as at as_of could come
 * out differently with the records unchanged: the calendar alone.  Each
 * candidate is no later than the change it stands for (an early one costs a
 * refresh that finds nothing new, a late one a stale row that `clock
 * verify` reports):
 * - an exception beginning or ending (an open one covers steps up to as_of,
 *   and a step not done is judged up to as_of), and any step's anchor;
 * - the current setting changing (a placement beginning or ending): its
 *   phase, and the closures that make exceptions;
 * - a review meeting leaving the 4 weeks in which its notices are tracked;
 * - a 5th birthday (the under-5 cadence);
 * - the next phase transfer coming into view (18 months before its
 *   deadline) or being made (1 September). */
static void find_valid_until(struct casefile *cf, struct scratch *sc, day_t as_of)
{
	const struct clock_settings *s = casefile_settings();
	cf->valid_until = DATE_NONE;
	for (int i = 0; i < cf->nexc; i++) {
		until(cf, as_of, cf->exc[i].x.start);
		if (cf->exc[i].x.end != DATE_NONE)
			until(cf, as_of, date_add_days(cf->exc[i].x.end, 1));
	}
	for (int i = 0; i < cf->nsteps; i++)
		until(cf, as_of, cf->steps[i].st.anchor);
	until(cf, as_of, sc->placement_start);
	until(cf, as_of, sc->placement_end);
	for (int i = 0; i < sc->nrv; i++)
		if (sc->rv[i].meeting != DATE_NONE)
			until(cf, as_of, date_add_days(sc->rv[i].meeting, 29));
	int active = 0;
	for (int k = 0; k < sc->npl; k++)
		active |= strcmp(sc->pl[k].status, "active") == 0;
	if (!active || cf->dob == DATE_NONE)
		return;
	until(cf, as_of, cf->dob);
	until(cf, as_of, date_add_days(date_add_months(cf->dob, 60), -1));
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	day_t sept;
	if (date_from_ymd(m >= 9 ? y + 1 : y, 9, 1, &sept) == 0)
		until(cf, as_of, sept);
	for (int T = y; T <= y + 4; T++) {
		enum phase_kind k = phase_transfer_for(cf->dob, T, cf->phase, cf->top_year);
		day_t due = k == PT_NONE ? DATE_NONE : phase_deadline(s, k, T);
		/* the first day it is within the horizon, if it is not yet (month ends clamp, so search
		 * forward from a few days before the plain subtraction) */
		if (due == DATE_NONE || date_add_months(as_of, PHASE_HORIZON_MONTHS) >= due)
			continue;
		day_t from = date_add_days(date_add_months(due, -PHASE_HORIZON_MONTHS), -4);
		if (from <= as_of)
			from = date_add_days(as_of, 1);
		for (int n = 0; n < 40; n++, from = date_add_days(from, 1))
			if (date_add_months(from, PHASE_HORIZON_MONTHS) >= due) {
				until(cf, as_of, from);
				break;
			}
	}
}

static int build(struct casefile *cf, struct scratch *sc, day_t as_of)
{
	const struct clock_settings *s = casefile_settings();
	cf->nsteps = cf->nep = 0;
	if (sc->history)
		as_they_stood(sc, as_of);
	derive_closures(cf, sc);
	for (int i = 0; i < cf->nexc; i++)
		sc->exc[i] = cf->exc[i].x;
	link_plans(sc);

	for (int i = 0; i < sc->nrq; i++) {
		struct rq *q = &sc->rq[i];
		if (sc->history && q->received != DATE_NONE && q->received > as_of)
			continue;
		int ep = add_episode(cf, EP_ASSESSMENT);
		if (ep < 0)
			break;
		cf->ep[ep].request_id = q->id;
		cf->ep[ep].assessment_id = q->assessment_id;
		cf->ep[ep].issue_agreed = strcmp(q->a_outcome, "Y") == 0;
		cf->ep[ep].request_decided = (!strcmp(q->outcome, "Y") || !strcmp(q->outcome, "N")) && q->decision != DATE_NONE;
		cf->ep[ep].date = q->received;
		struct clock_assessment a;
		memset(&a, 0, sizeof a);
		a.request_received = q->received;
		a.request_outcome = !strcmp(q->outcome, "Y") ? RQ_ASSESS : !strcmp(q->outcome, "N") ? RQ_REFUSE
		                  : !strcmp(q->outcome, "W") ? RQ_WITHDRAWN : RQ_NONE;
		a.request_decision = q->decision;
		/* only an import leaves a decision undated: the forms ask for the day */
		a.request_undated = *q->outcome && q->decision == DATE_NONE;
		a.issue_outcome = !strcmp(q->a_outcome, "Y") ? IS_ISSUE : !strcmp(q->a_outcome, "N") ? IS_NOT_ISSUE
		                : !strcmp(q->a_outcome, "W") ? IS_WITHDRAWN : IS_NONE;
		a.issue_decision = q->issue_decision;
		a.issue_undated = *q->a_outcome && q->issue_decision == DATE_NONE;
		a.draft_sent = a.final_issued = DATE_NONE;
		if (q->plan >= 0) {
			cf->ep[ep].plan_id = sc->pl[q->plan].id;
			a.draft_sent = sc->pl[q->plan].draft;
			a.final_issued = sc->pl[q->plan].issue;
		}
		/* this request's advice, contiguous in request order after a stable pick */
		struct clock_advice adv[CLOCK_MAX_ADVICE];
		int64_t adv_id[CLOCK_MAX_ADVICE];
		int na = 0;
		for (int k = 0; k < sc->nadvice && na < CLOCK_MAX_ADVICE; k++)
			if (sc->advice_rq[k] == q->id &&
			    !(sc->history && sc->advice[k].requested != DATE_NONE && sc->advice[k].requested > as_of)) {
				adv[na] = sc->advice[k];
				adv_id[na++] = sc->advice_id[k];
			}
		a.advice = adv;
		a.nadvice = na;
		a.exc = sc->exc;
		a.nexc = cf->nexc;
		struct clock_input in = {as_of, &a, NULL};
		clock_run(s, &in, &sc->res);
		if (collect(cf, sc, ep, adv_id, NULL, NULL, NULL) < 0)
			return -1;
	}

	for (int k = 0; k < sc->npl; k++) {
		struct pl *p = &sc->pl[k];
		if (p->issue == DATE_NONE)
			continue;   /* a draft: its steps are the assessment's */
		int ep = add_episode(cf, EP_PLAN);
		if (ep < 0)
			break;
		struct case_episode *e = &cf->ep[ep];
		e->plan_id = p->id;
		e->request_id = p->request_id;
		copy(e->plan_status, sizeof e->plan_status, p->status);
		e->date = p->issue;
		struct clock_review rv[CLOCK_MAX_REVIEWS];
		int64_t rv_id[CLOCK_MAX_REVIEWS];
		int nr = 0;
		for (int i = 0; i < sc->nrv && nr < CLOCK_MAX_REVIEWS; i++)
			if (sc->rv_plan[i] == p->id && !(sc->history && sc->rv[i].meeting > as_of)) {
				rv[nr] = sc->rv[i];
				rv_id[nr++] = sc->rv_id[i];
			}
		struct clock_phase ph[CASE_MAX_EPISODES * 2 + 1];
		int64_t ph_id[CASE_MAX_EPISODES * 2 + 1];
		int np = 0;
		for (int i = 0; i < sc->nph; i++)
			if (sc->ph_plan[i] == p->id) {
				ph[np] = sc->ph[i];
				ph_id[np++] = sc->ph_id[i];
			}
		int active = strcmp(p->status, "active") == 0;
		if (active) {
			enum phase_kind kind;
			int year;
			/* the next transfer, up to 18 months before its deadline */
			if (phase_next_transfer(s, cf->dob, as_of, cf->phase, cf->top_year, PHASE_HORIZON_MONTHS, &kind, &year) == 0) {
				e->next_phase = kind;
				e->next_phase_year = year;
				int recorded = 0;
				for (int i = 0; i < np; i++)
					recorded |= ph[i].year == year;
				if (!recorded) {
					ph[np].kind = kind;
					ph[np].year = year;
					ph[np].final = DATE_NONE;
					ph_id[np++] = 0;
					e->phase_computed = 1;
				}
			}
		}
		struct clock_plan cp;
		memset(&cp, 0, sizeof cp);
		cp.issued = p->issue;
		cp.reviews = rv;
		cp.nreviews = nr;
		cp.phases = ph;
		cp.nphases = np;
		cp.transfer_in = p->transfer_in;
		cp.transfer_letter = p->letter;
		cp.dob = active ? cf->dob : DATE_NONE;
		cp.ceased = !active;
		cp.earlier_reviews_unknown = p->earlier_reviews_unknown;
		cp.exc = sc->exc;
		cp.nexc = cf->nexc;
		struct clock_input in = {as_of, NULL, &cp};
		clock_run(s, &in, &sc->res);
		if (collect(cf, sc, ep, NULL, rv_id, ph_id, ph) < 0)
			return -1;
	}
	if (!sc->history)
		find_valid_until(cf, sc, as_of);
	return 0;
}

static int load_closures(db *d, struct scratch *sc)
{
	db_stmt *s = db_prepare(d, q_closures);
	if (!s)
		return -1;
	int cap = 0, rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(sc->closures, cap, sc->nclosures + 1, 16) < 0) {
			rc = DB_ERROR;
			break;
		}
		sc->closures[sc->nclosures].est = db_col_int(s, 0);
		sc->closures[sc->nclosures].c.start = date_iso_or_none(db_col_text(s, 1));
		sc->closures[sc->nclosures].c.end = date_iso_or_none(db_col_text(s, 2));
		sc->nclosures++;
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int casefile_each(db *d, const struct case_filter *f, day_t as_of,
                  int (*fn)(void *ctx, const struct casefile *cf), void *ctx)
{
	static const char *const *const sql[C_N] = {q_people, q_requests, q_advice, q_plans, q_reviews, q_exceptions,
	                                            q_phases, q_panels};
	int mode = f->person_id > 0 ? M_ONE : f->caseworker > 0 ? M_CW : f->caseworker == 0 ? M_ALLOC
	         : f->plans_only ? M_ACTIVE : M_ALL;
	/* plans only: the requests and their advice and panels are not needed */
	int skip = mode == M_ACTIVE;
	struct cur c[C_N];
	memset(c, 0, sizeof c);
	struct scratch *sc = calloc(1, sizeof *sc);
	struct casefile *cf = calloc(1, sizeof *cf);
	int rc = -1;
	char today[11];
	date_format_iso(as_of, today);
	if (!sc || !cf || load_closures(d, sc) < 0)
		goto out;
	sc->as_of = as_of;
	sc->history = f->history;
	for (int i = 0; i < C_N; i++) {
		if (skip && (i == C_REQUESTS || i == C_ADVICE || i == C_PANELS))
			continue;
		/* one child: a few rows; otherwise up to the whole area */
		c[i].s = mode == M_ONE ? db_prepare(d, sql[i][mode]) : db_prepare_walk(d, sql[i][mode]);
		if (!c[i].s)
			goto out;
		db_bind_int(c[i].s, 1, mode == M_ONE ? f->person_id : 0);
		db_bind_int(c[i].s, 2, f->caseworker);
		if (i == C_PEOPLE)
			db_bind_text(c[i].s, 3, today);
		cur_next(&c[i]);
	}
	rc = 0;
	for (; c[C_PEOPLE].has; cur_next(&c[C_PEOPLE])) {
		cf->truncated = 0;
		read_person(cf, sc, c[C_PEOPLE].s);
		read_rows(cf, sc, c);
		if (build(cf, sc, as_of) < 0) {
			rc = -1;
			break;
		}
		if (fn(ctx, cf))
			break;
	}
	for (int i = 0; i < C_N; i++)
		if (c[i].err)
			rc = -1;
out:
	for (int i = 0; i < C_N; i++)
		if (c[i].s)
			db_done(c[i].s);
	if (sc)
		free(sc->closures);
	free(sc);
	if (cf)
		free(cf->steps);
	free(cf);
	return rc;
}

struct one {
	struct casefile *out;
	int failed;
};

static int take_one(void *ctx, const struct casefile *cf)
{
	struct one *o = ctx;
	o->out = malloc(sizeof *o->out);
	if (!o->out) {
		o->failed = 1;
		return 1;
	}
	*o->out = *cf;
	o->out->steps = NULL;
	if (cf->nsteps) {
		o->out->steps = malloc((size_t)cf->nsteps * sizeof *cf->steps);
		if (!o->out->steps) {
			free(o->out);
			o->out = NULL;
			o->failed = 1;
			return 1;
		}
		memcpy(o->out->steps, cf->steps, (size_t)cf->nsteps * sizeof *cf->steps);
	}
	o->out->cap = cf->nsteps;
	return 1;
}

struct casefile *casefile_load(db *d, int64_t person_id, day_t as_of)
{
	if (person_id <= 0)
		return NULL;
	struct one o = {NULL, 0};
	struct case_filter f = {person_id, -1, 0, 0};
	if (casefile_each(d, &f, as_of, take_one, &o) < 0 || o.failed) {
		casefile_free(o.out);
		return NULL;
	}
	return o.out;
}

void casefile_free(struct casefile *cf)
{
	if (!cf)
		return;
	free(cf->steps);
	free(cf);
}

enum phase_kind casefile_phase_transfer(const struct casefile *cf, int ep, int year, const struct case_step **step)
{
	const struct case_episode *e = &cf->ep[ep];
	*step = NULL;
	for (int i = e->first; i < e->first + e->n; i++) {
		const struct case_step *cs = &cf->steps[i];
		if (strcmp(cs->st.rule->step, "phase_transfer_final") == 0 && cs->phase_year == year)
			*step = cs;
	}
	if (*step)
		return (*step)->phase_kind;
	return phase_transfer_for(cf->dob, year, cf->phase, cf->top_year);
}
