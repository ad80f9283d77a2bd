/* clock.c — see clock.h.
 *
 * Steps come out in a fixed order: the assessment (decision whether to
 * assess, each advice request, decision not to issue, the draft's comment
 * period, the final plan), then each review in input order (in time, the
 * invitations and advice before it, the decision, the final amended plan),
 * then the next review due, the under-5 recommendation, the transfer-in
 * letter, and the phase transfer.  Every amount and citation comes from the
 * rules table; this file only knows how the steps hang together.
 */
#include "core/clock.h"
#include "core/codes.h"
#include "core/phase.h"
#include <stdio.h>
#include <string.h>

const char *step_status_code(enum step_status s)
{
	static const char *const names[] = {"met", "late", "due", "overdue", "excused", "not_applicable", "undated"};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "";
}

/* ---- building the list ---------------------------------------------------------- */

static int in_force(const struct rule *r, day_t anchor)
{
	day_t from, to;
	if (r->from && date_parse_iso(r->from, &from) == 0 && anchor != DATE_NONE && anchor < from)
		return 0;
	if (r->to && date_parse_iso(r->to, &to) == 0 && anchor != DATE_NONE && anchor > to)
		return 0;
	return 1;
}

static struct clock_step *add(struct clock_result *out, const struct rule *r, const char *id, day_t anchor,
                              day_t due, day_t done)
{
	if (!r || !in_force(r, anchor))
		return NULL;
	if (out->n >= CLOCK_MAX_STEPS) {
		out->truncated = 1;
		return NULL;
	}
	struct clock_step *st = &out->steps[out->n++];
	memset(st, 0, sizeof *st);
	snprintf(st->id, sizeof st->id, "%s", id);
	st->rule = r;
	st->anchor = anchor;
	st->due = due;
	st->done = done;
	st->advice = -1;
	st->excused_by = -1;
	st->covered_by = -1;
	return st;
}

enum step_status clock_status_on(const struct rule *r, day_t due, day_t done, unsigned flags, day_t today)
{
	if (flags & SF_NOT_APPLICABLE)
		return ST_NA;
	if (flags & SF_UNDATED)
		return ST_UNDATED;
	if (due == DATE_NONE)
		return ST_NA;
	if (r == rule_get(R_DRAFT_COMMENT_END)) {
		/* a final plan on or before the last day was issued inside the
		 * comment period (late); with no final yet the period is running or over */
		if (done != DATE_NONE)
			return done <= due ? ST_LATE : ST_MET;
		return today <= due ? ST_DUE : ST_MET;
	}
	enum step_status st = done != DATE_NONE ? (done <= due ? ST_MET : ST_LATE) : today <= due ? ST_DUE : ST_OVERDUE;
	if ((st == ST_LATE || st == ST_OVERDUE) && (flags & SF_COVERED))
		st = ST_EXCUSED;
	return st;
}

unsigned clock_step_flags(const struct clock_step *st)
{
	return (st->status == ST_UNDATED ? SF_UNDATED : 0u) | (st->not_applicable ? SF_NOT_APPLICABLE : 0u) |
	       (st->covered_by >= 0 ? SF_COVERED : 0u);
}

/* An exception covers a step when its reason excuses the step's rule and
 * its period (open-ended: to as_of; clipped to the reason's in-force
 * window) overlaps the step's anchor .. done (or as_of). */
static int covers(const struct clock_exception *x, const struct rule *r, day_t anchor, day_t until, day_t as_of)
{
	if ((unsigned)x->reason >= EXC_N || !(r->excused_by & EXC_BIT(x->reason)) || x->start == DATE_NONE)
		return 0;
	day_t s = x->start, e = x->end == DATE_NONE ? as_of : x->end, w;
	const struct exc_def *def = &exc_defs[x->reason];
	if (def->from && date_parse_iso(def->from, &w) == 0 && s < w)
		s = w;
	if (def->to && date_parse_iso(def->to, &w) == 0 && e > w)
		e = w;
	return s <= e && s <= until && e >= anchor;
}

/* The step's status on as_of, with the first exception that covers it. */
static void finish(struct clock_step *st, const struct clock_exception *exc, int nexc, int plan, day_t as_of)
{
	if (!st)
		return;
	day_t until = st->done != DATE_NONE ? st->done : as_of;
	for (int i = 0; i < nexc; i++) {
		if (!covers(&exc[i], st->rule, st->anchor, until, as_of))
			continue;
		st->exception_applies = 1;
		st->covered_by = i;
		st->covered_plan = plan;
		break;
	}
	st->status = clock_status_on(st->rule, st->due, st->done, clock_step_flags(st), as_of);
	if (st->status == ST_EXCUSED) {
		st->excused_by = st->covered_by;
		st->excused_plan = plan;
	}
}

static void not_applicable(struct clock_step *st)
{
	st->status = ST_NA;
	st->not_applicable = 1;
	st->excused_by = -1;
	st->covered_by = -1;
	st->exception_applies = 0;
}

/* A decision recorded without its day (decided, so never due or overdue). */
static void undated(struct clock_step *st, int is_undated)
{
	if (st && is_undated && st->done == DATE_NONE) {
		st->status = ST_UNDATED;
		st->excused_by = -1;
	}
}

static void run_assessment(const struct clock_settings *s, const struct clock_assessment *a, day_t as_of,
                           struct clock_result *out)
{
	day_t rq = a->request_received;
	if (rq == DATE_NONE)
		return;
	const struct clock_exception *x = a->exc;
	int nx = a->nexc;
	const struct rule *r = rule_get(R_REQUEST_DECISION);
	struct clock_step *st = add(out, r, r->step, rq, rule_due(s, r, rq, 0),
	                            a->request_outcome == RQ_WITHDRAWN ? DATE_NONE : a->request_decision);
	finish(st, x, nx, 0, as_of);
	undated(st, a->request_undated && (a->request_outcome == RQ_ASSESS || a->request_outcome == RQ_REFUSE));
	if (st && a->request_outcome == RQ_WITHDRAWN)
		not_applicable(st);

	r = rule_get(R_ADVICE);
	for (int i = 0; i < a->nadvice; i++) {
		const struct clock_advice *v = &a->advice[i];
		if (v->requested == DATE_NONE)
			continue;
		char id[48];
		snprintf(id, sizeof id, "%s:%.32s", r->step, v->service);
		st = add(out, r, id, v->requested, rule_due(s, r, v->requested, 0), v->received);
		if (st)
			st->advice = i;
		finish(st, x, nx, 0, as_of);
	}

	if (a->issue_outcome == IS_NOT_ISSUE) {
		r = rule_get(R_NOT_ISSUE_DECISION);
		st = add(out, r, r->step, rq, rule_due(s, r, rq, 0), a->issue_decision);
		finish(st, x, nx, 0, as_of);
		undated(st, a->issue_undated);
	}

	if (a->draft_sent != DATE_NONE) {
		r = rule_get(R_DRAFT_COMMENT_END);
		st = add(out, r, r->step, a->draft_sent, rule_due(s, r, a->draft_sent, 0), a->final_issued);
		if (st) {
			/* no exception excuses the comment period (clock_status_on says how it reads) */
			st->status = clock_status_on(r, st->due, st->done, 0, as_of);
			st->inside_comment = st->status == ST_LATE;
		}
	}

	if (a->request_outcome != RQ_REFUSE && a->issue_outcome != IS_NOT_ISSUE) {
		r = rule_get(R_FINAL_PLAN);
		st = add(out, r, r->step, rq, rule_due(s, r, rq, 0), a->final_issued);
		finish(st, x, nx, 0, as_of);
		if (st && (a->request_outcome == RQ_WITHDRAWN || a->issue_outcome == IS_WITHDRAWN) &&
		    a->final_issued == DATE_NONE)
			not_applicable(st);
	}
}

/* Reg 15(5): after a transfer in, the review is due by the later of the
 * 12-month date and the area's months after the transfer; *r becomes that
 * limb's rule when it is the later. */
static day_t after_transfer(const struct clock_settings *s, const struct clock_plan *p, day_t due,
                            const struct rule **r)
{
	const struct rule *t = rule_get(R_TRANSFER_REVIEW);
	day_t due2 = rule_due(s, t, p->transfer_in, s->transfer_in_review_months);
	if (due2 == DATE_NONE || due2 <= due)
		return due;
	*r = t;
	return due2;
}

static day_t review_anchor_of(const struct clock_settings *s, const struct clock_review *rv)
{
	return s->anchor == ANCHOR_MEETING ? rv->meeting : rv->decision;
}

static void run_plan(const struct clock_settings *s, const struct clock_plan *p, day_t as_of,
                     struct clock_result *out)
{
	const struct clock_exception *x = p->exc;
	int nx = p->nexc;
	const struct rule *r;
	struct clock_step *st;
	char id[48];

	if (p->issued != DATE_NONE) {
		day_t anchor = p->issued, latest = DATE_NONE;
		int latest_i = -1, reviewed_since_transfer = 0;
		for (int i = 0; i < p->nreviews; i++) {
			const struct clock_review *rv = &p->reviews[i];
			if (rv->meeting == DATE_NONE)
				continue;
			int n = i + 1;
			/* within 12 months; after a transfer in, by the later of that and reg 15(5)'s limb */
			r = rule_get(R_REVIEW_IN_TIME);
			day_t due = rule_due(s, r, anchor, 0);
			if (p->transfer_in != DATE_NONE && !reviewed_since_transfer && rv->meeting >= p->transfer_in) {
				due = after_transfer(s, p, due, &r);
				reviewed_since_transfer = 1;
			}
			snprintf(id, sizeof id, "%s:%d", rule_get(R_REVIEW_IN_TIME)->step, n);
			/* the first review on record after unrecorded ones: its 12 months began on a day not known */
			int unknown = p->earlier_reviews_unknown && n == 1;
			st = add(out, r, id, unknown ? DATE_NONE : anchor, unknown ? DATE_NONE : due, rv->decision);
			if (st) {
				st->review = n;
				st->history_unknown = unknown;
			}
			finish(st, x, nx, 1, as_of);
			undated(st, rv->undated && rv->outcome != RV_NONE);

			if (rv->track_notices) {
				const enum rule_id notice[2] = {R_REVIEW_INVITATIONS, R_REVIEW_ADVICE};
				day_t sent[2] = {rv->invitations_sent, rv->advice_circulated};
				for (int k = 0; k < 2; k++) {
					r = rule_get(notice[k]);
					snprintf(id, sizeof id, "%s:%d", r->step, n);
					st = add(out, r, id, rv->meeting, rule_due(s, r, rv->meeting, 0), sent[k]);
					if (st) {
						st->review = n;
						/* counted back from the meeting: the interval for exceptions ends there */
						st->anchor = st->due;
					}
					finish(st, x, nx, 1, as_of);
				}
			}

			r = rule_get(R_REVIEW_DECISION);
			snprintf(id, sizeof id, "%s:%d", r->step, n);
			st = add(out, r, id, rv->meeting, rule_due(s, r, rv->meeting, 0), rv->decision);
			if (st)
				st->review = n;
			finish(st, x, nx, 1, as_of);
			undated(st, rv->undated && rv->outcome != RV_NONE);

			if (rv->outcome == RV_AMEND && rv->track_notices) {
				/* R (L, M and P) v Devon CC [2022]: the proposed amendments go with the
				 * decision, within the same 4 weeks (web only: the contract's
				 * review_decision is done on the decision date) */
				r = rule_get(R_REVIEW_AMENDMENTS);
				snprintf(id, sizeof id, "%s:%d", r->step, n);
				st = add(out, r, id, rv->meeting, rule_due(s, r, rv->meeting, 0), rv->proposed_amendments_sent);
				if (st)
					st->review = n;
				finish(st, x, nx, 1, as_of);
			}

			if (rv->outcome == RV_AMEND) {
				day_t from = rv->proposed_amendments_sent;
				r = rule_get(from != DATE_NONE ? R_REVIEW_FINAL_AMENDED : R_REVIEW_AMEND_CAP);
				if (from == DATE_NONE)
					from = rv->meeting;
				snprintf(id, sizeof id, "%s:%d", r->step, n);
				st = add(out, r, id, from, rule_due(s, r, from, 0), rv->final_amended);
				if (st)
					st->review = n;
				finish(st, x, nx, 1, as_of);
			}

			day_t next = review_anchor_of(s, rv);
			if (next != DATE_NONE) {
				anchor = next;
				if (latest == DATE_NONE || next >= latest) {
					latest = next;
					latest_i = i;
				}
			}
		}

		/* an undone step of a review that a later review meeting has overtaken */
		for (int i = 0; i < out->n; i++) {
			struct clock_step *o = &out->steps[i];
			if (o->review <= 0 || o->done != DATE_NONE || o->status == ST_UNDATED || o->review > p->nreviews)
				continue;
			for (int k = o->review; k < p->nreviews; k++)
				if (p->reviews[k].meeting != DATE_NONE && p->reviews[k].meeting > p->reviews[o->review - 1].meeting)
					o->superseded = 1;
		}

		day_t base = latest != DATE_NONE ? latest : p->issued;
		r = rule_get(R_REVIEW_DUE);
		day_t due = rule_due(s, r, base, 0);
		if (p->transfer_in != DATE_NONE && !reviewed_since_transfer)
			due = after_transfer(s, p, due, &r);
		st = add(out, r, r->step, base, due, DATE_NONE);
		finish(st, x, nx, 1, as_of);
		int ceased = p->ceased || (latest_i >= 0 && p->reviews[latest_i].outcome == RV_CEASE);
		if (st && ceased)
			not_applicable(st);

		if (!ceased && p->dob != DATE_NONE && s->under5_review_months > 0 && date_age_on(p->dob, as_of) >= 0 &&
		    date_age_on(p->dob, as_of) < 5) {
			r = rule_get(R_UNDER5_REVIEW);
			finish(add(out, r, r->step, base, rule_due(s, r, base, s->under5_review_months), DATE_NONE), NULL, 0, 1,
			       as_of);
		}

		if (p->transfer_in != DATE_NONE) {
			r = rule_get(R_TRANSFER_LETTER);
			finish(add(out, r, r->step, p->transfer_in, rule_due(s, r, p->transfer_in, 0), p->transfer_letter), x,
			       nx, 1, as_of);
		}
	}

	for (int k = 0; k < p->nphases; k++) {
		const struct clock_phase *ph = &p->phases[k];
		day_t due = phase_deadline(s, ph->kind, ph->year);
		if (due == DATE_NONE)
			continue;
		r = rule_get(ph->kind == PT_POST16 ? R_PHASE_FINAL_POST16 : R_PHASE_FINAL);
		day_t window = phase_window_start(s, due);
		st = add(out, r, r->step, window, due, ph->final);
		if (st)
			st->phase = k + 1;
		finish(st, x, nx, 1, as_of);
		/* web only (not in the contract): the latest meeting that still meets it */
		const struct rule *m = rule_get(R_PHASE_MEETING);
		day_t latest_meeting = phase_latest_meeting(s, due);
		day_t held = DATE_NONE;
		for (int i = 0; i < p->nreviews; i++)
			if (p->reviews[i].meeting != DATE_NONE && p->reviews[i].meeting >= window &&
			    p->reviews[i].meeting <= due && (held == DATE_NONE || p->reviews[i].meeting < held))
				held = p->reviews[i].meeting;
		st = add(out, m, m->step, window, latest_meeting, held);
		if (st)
			st->phase = k + 1;
		finish(st, NULL, 0, 1, as_of);
	}
}

void clock_run(const struct clock_settings *s, const struct clock_input *in, struct clock_result *out)
{
	out->n = 0;
	out->truncated = 0;
	if (in->assessment)
		run_assessment(s, in->assessment, in->as_of, out);
	if (in->plan)
		run_plan(s, in->plan, in->as_of, out);
}

int clock_week20(const struct clock_result *res)
{
	for (int i = 0; i < res->n; i++)
		if (strcmp(res->steps[i].rule->step, "final_plan") == 0)
			return res->steps[i].exception_applies;
	return -1;
}

int step_is_overdue(const struct clock_step *st)
{
	return st->status == ST_OVERDUE && !st->rule->advisory && !st->superseded;
}

int step_due_within(const struct clock_step *st, day_t as_of, int days)
{
	return st->status == ST_DUE && !st->rule->advisory && !st->superseded && st->due != DATE_NONE &&
	       st->due <= date_add_days(as_of, days);
}

/* ---- impossible sequences ------------------------------------------------------------ */

#define FAIL(f, ...) do { snprintf(field, fn, "%s", f); snprintf(msg, mn, __VA_ARGS__); return 1; } while (0)

static int before(day_t a, day_t b)
{
	return a != DATE_NONE && b != DATE_NONE && a < b;
}

int clock_check(const struct clock_input *in, char *field, size_t fn, char *msg, size_t mn)
{
	char f[96];
	const struct clock_assessment *a = in->assessment;
	if (a) {
		int later = a->request_decision != DATE_NONE || a->nadvice > 0 || a->issue_decision != DATE_NONE ||
		            a->draft_sent != DATE_NONE || a->final_issued != DATE_NONE;
		if (a->request_received == DATE_NONE && later)
			FAIL("assessment.request_received", "is required when later steps of the assessment are given");
		if (before(a->request_decision, a->request_received))
			FAIL("assessment.request_decision.date", "is before the request was received (assessment.request_received)");
		for (int i = 0; i < a->nadvice; i++) {
			const struct clock_advice *v = &a->advice[i];
			if (v->requested == DATE_NONE) {
				snprintf(f, sizeof f, "assessment.advice[%d].requested", i);
				FAIL(f, "is required: the date the advice was asked for");
			}
			if (before(v->requested, a->request_received)) {
				snprintf(f, sizeof f, "assessment.advice[%d].requested", i);
				FAIL(f, "is before the request was received (assessment.request_received)");
			}
			if (before(v->received, v->requested)) {
				snprintf(f, sizeof f, "assessment.advice[%d].received", i);
				FAIL(f, "is before the advice was requested");
			}
		}
		if (before(a->issue_decision, a->request_received))
			FAIL("assessment.issue_decision.date", "is before the request was received (assessment.request_received)");
		if (before(a->issue_decision, a->request_decision))
			FAIL("assessment.issue_decision.date", "is before the decision whether to assess (assessment.request_decision.date)");
		if (before(a->draft_sent, a->request_received))
			FAIL("assessment.draft_sent", "is before the request was received (assessment.request_received)");
		if (before(a->draft_sent, a->request_decision))
			FAIL("assessment.draft_sent", "is before the decision whether to assess (assessment.request_decision.date)");
		if (before(a->draft_sent, a->issue_decision))
			FAIL("assessment.draft_sent", "is before the decision to issue a plan (assessment.issue_decision.date)");
		if (before(a->final_issued, a->request_received))
			FAIL("assessment.final_issued", "is before the request was received (assessment.request_received)");
		if (before(a->final_issued, a->draft_sent))
			FAIL("assessment.final_issued", "is before the draft plan was sent (assessment.draft_sent)");
		if (before(a->final_issued, a->issue_decision))
			FAIL("assessment.final_issued", "is before the decision to issue a plan (assessment.issue_decision.date)");
		for (int i = 0; i < a->nexc; i++) {
			if (a->exc[i].start == DATE_NONE) {
				snprintf(f, sizeof f, "assessment.exceptions[%d].start", i);
				FAIL(f, "is required: the day the exception began");
			}
			if (before(a->exc[i].end, a->exc[i].start)) {
				snprintf(f, sizeof f, "assessment.exceptions[%d].end", i);
				FAIL(f, "is before its start");
			}
		}
	}
	const struct clock_plan *p = in->plan;
	if (p) {
		if (p->issued == DATE_NONE && p->nreviews > 0)
			FAIL("plan.issued", "is required when reviews are given");
		for (int i = 0; i < p->nreviews; i++) {
			const struct clock_review *rv = &p->reviews[i];
			int later = rv->decision != DATE_NONE || rv->proposed_amendments_sent != DATE_NONE ||
			            rv->final_amended != DATE_NONE;
			if (rv->meeting == DATE_NONE && later) {
				snprintf(f, sizeof f, "plan.reviews[%d].meeting", i);
				FAIL(f, "is required when the review has a decision");
			}
			if (before(rv->meeting, p->issued)) {
				snprintf(f, sizeof f, "plan.reviews[%d].meeting", i);
				FAIL(f, "is before the plan was issued (plan.issued)");
			}
			if (before(rv->decision, rv->meeting)) {
				snprintf(f, sizeof f, "plan.reviews[%d].decision", i);
				FAIL(f, "is before the review meeting (plan.reviews[%d].meeting)", i);
			}
			if (before(rv->proposed_amendments_sent, rv->meeting)) {
				snprintf(f, sizeof f, "plan.reviews[%d].proposed_amendments_sent", i);
				FAIL(f, "is before the review meeting (plan.reviews[%d].meeting)", i);
			}
			if (before(rv->final_amended, rv->proposed_amendments_sent)) {
				snprintf(f, sizeof f, "plan.reviews[%d].final_amended", i);
				FAIL(f, "is before the proposed amendments were sent (plan.reviews[%d].proposed_amendments_sent)", i);
			}
			if (before(rv->final_amended, rv->meeting)) {
				snprintf(f, sizeof f, "plan.reviews[%d].final_amended", i);
				FAIL(f, "is before the review meeting (plan.reviews[%d].meeting)", i);
			}
		}
		for (int i = 0; i < p->nexc; i++) {
			if (p->exc[i].start == DATE_NONE) {
				snprintf(f, sizeof f, "plan.exceptions[%d].start", i);
				FAIL(f, "is required: the day the exception began");
			}
			if (before(p->exc[i].end, p->exc[i].start)) {
				snprintf(f, sizeof f, "plan.exceptions[%d].end", i);
				FAIL(f, "is before its start");
			}
		}
	}
	return 0;
}
