/* clock_json.c — see clock_json.h. */
#include "cli/clock_json.h"
#include "core/codes.h"
#include "core/validate.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLOCK_FIRST_YEAR 1990
#define CLOCK_LAST_YEAR 2100

struct parsed {
	struct clock_assessment a;
	struct clock_advice advice[CLOCK_MAX_ADVICE];
	struct clock_exception aexc[CLOCK_MAX_EXCEPTIONS];
	struct clock_plan p;
	struct clock_review reviews[CLOCK_MAX_REVIEWS];
	struct clock_phase phase;
	struct clock_input in;
};

struct ctx {
	char *err;
	size_t errlen;
	int failed;
};

static int fail(struct ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	if (c->failed)
		return -1;
	c->failed = 1;
	int n = snprintf(c->err, c->errlen, "%s: ", path);
	if (n > 0 && (size_t)n < c->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void path_key(char *out, size_t n, const char *base, const char *key)
{
	snprintf(out, n, "%s%s%s", base, *base ? "." : "", key);
}

/* Every key of obj must be in the NULL-terminated list. */
static int only_keys(struct ctx *c, json_t *obj, const char *path, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		int ok = 0;
		for (int i = 0; keys[i]; i++)
			ok |= strcmp(keys[i], k) == 0;
		if (!ok) {
			char p[160];
			path_key(p, sizeof p, path, k);
			return fail(c, p, "is not a field of the clock's input (see docs/clock.md)");
		}
	}
	return 0;
}

static int need_object(struct ctx *c, json_t *v, const char *path)
{
	return json_is_object(v) ? 0 : fail(c, path, "must be an object");
}

/* A date or null/absent (DATE_NONE). */
static int get_date(struct ctx *c, json_t *obj, const char *path, const char *key, day_t *out)
{
	char p[160];
	*out = DATE_NONE;
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	path_key(p, sizeof p, path, key);
	if (!json_is_string(v) || date_parse_iso(json_string_value(v), out) < 0) {
		*out = DATE_NONE;
		return fail(c, p, "must be a real date as YYYY-MM-DD, or null");
	}
	/* the statutory scheme began in 2014; keep every computed deadline a real date */
	int y, m, d;
	date_to_ymd(*out, &y, &m, &d);
	if (y < CLOCK_FIRST_YEAR || y > CLOCK_LAST_YEAR) {
		*out = DATE_NONE;
		return fail(c, p, "must be a date in the years %d to %d", CLOCK_FIRST_YEAR, CLOCK_LAST_YEAR);
	}
	return 0;
}

/* A code from the list, or null/absent (-1).  Returns the index. */
static int get_code(struct ctx *c, json_t *obj, const char *path, const char *key, const char *const *codes, int *out)
{
	char p[160];
	*out = -1;
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	path_key(p, sizeof p, path, key);
	if (json_is_string(v))
		for (int i = 0; codes[i]; i++)
			if (strcmp(codes[i], json_string_value(v)) == 0) {
				*out = i;
				return 0;
			}
	char list[200] = "";
	for (int i = 0; codes[i]; i++) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", codes[i]);
	}
	return fail(c, p, "must be one of %s", list);
}

static int get_array(struct ctx *c, json_t *obj, const char *path, const char *key, size_t max, json_t **out)
{
	char p[160];
	*out = NULL;
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	path_key(p, sizeof p, path, key);
	if (!json_is_array(v))
		return fail(c, p, "must be a list");
	if (json_array_size(v) > max)
		return fail(c, p, "has more than %zu entries, the most the clock takes", max);
	*out = v;
	return 0;
}

static int parse_exceptions(struct ctx *c, json_t *obj, const char *path, struct clock_exception *x, int *n)
{
	static const char *const keys[] = {"reason", "start", "end", NULL};
	const char *reasons[EXC_N + 1];
	for (int i = 0; i < EXC_N; i++)
		reasons[i] = exc_defs[i].code;
	reasons[EXC_N] = NULL;
	json_t *arr;
	*n = 0;
	if (get_array(c, obj, path, "exceptions", CLOCK_MAX_EXCEPTIONS, &arr) < 0 || !arr)
		return c->failed ? -1 : 0;
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		char p[160];
		snprintf(p, sizeof p, "%s.exceptions[%zu]", path, i);
		if (need_object(c, e, p) < 0 || only_keys(c, e, p, keys) < 0)
			return -1;
		int reason;
		if (get_code(c, e, p, "reason", reasons, &reason) < 0)
			return -1;
		if (reason < 0) {
			char q[180];
			path_key(q, sizeof q, p, "reason");
			return fail(c, q, "is required");
		}
		x[i].reason = (enum exc_reason)reason;
		x[i].derived = 0;
		if (get_date(c, e, p, "start", &x[i].start) < 0 || get_date(c, e, p, "end", &x[i].end) < 0)
			return -1;
		if (x[i].start == DATE_NONE) {
			char q[180];
			path_key(q, sizeof q, p, "start");
			return fail(c, q, "is required: the day the exception began");
		}
		(*n)++;
	}
	return 0;
}

static int parse_assessment(struct ctx *c, json_t *a, struct parsed *out)
{
	static const char *const keys[] = {"request_received", "request_decision", "advice", "issue_decision",
	                                   "draft_sent", "final_issued", "exceptions", NULL};
	static const char *const dkeys[] = {"date", "outcome", NULL};
	static const char *const request_outcomes[] = {"assess", "refuse", NULL};
	static const char *const issue_outcomes[] = {"issue", "not_issue", NULL};
	static const char *const akeys[] = {"service", "requested", "received", NULL};
	const char *P = "assessment";
	struct clock_assessment *x = &out->a;
	memset(x, 0, sizeof *x);
	if (need_object(c, a, P) < 0 || only_keys(c, a, P, keys) < 0)
		return -1;
	if (get_date(c, a, P, "request_received", &x->request_received) < 0)
		return -1;
	x->request_decision = x->issue_decision = DATE_NONE;
	const char *dk[2] = {"request_decision", "issue_decision"};
	for (int k = 0; k < 2; k++) {
		json_t *d = json_object_get(a, dk[k]);
		if (!d || json_is_null(d))
			continue;
		char p[64];
		snprintf(p, sizeof p, "%s.%s", P, dk[k]);
		int o;
		day_t day;
		if (need_object(c, d, p) < 0 || only_keys(c, d, p, dkeys) < 0 || get_date(c, d, p, "date", &day) < 0 ||
		    get_code(c, d, p, "outcome", k == 0 ? request_outcomes : issue_outcomes, &o) < 0)
			return -1;
		if (k == 0) {
			x->request_decision = day;
			x->request_outcome = o == 0 ? RQ_ASSESS : o == 1 ? RQ_REFUSE : RQ_NONE;
		} else {
			x->issue_decision = day;
			x->issue_outcome = o == 0 ? IS_ISSUE : o == 1 ? IS_NOT_ISSUE : IS_NONE;
		}
	}
	json_t *arr;
	if (get_array(c, a, P, "advice", CLOCK_MAX_ADVICE, &arr) < 0)
		return -1;
	if (arr) {
		size_t i;
		json_t *e;
		json_array_foreach(arr, i, e) {
			char p[64], q[96];
			snprintf(p, sizeof p, "%s.advice[%zu]", P, i);
			if (need_object(c, e, p) < 0 || only_keys(c, e, p, akeys) < 0)
				return -1;
			struct clock_advice *v = &out->advice[i];
			json_t *svc = json_object_get(e, "service");
			path_key(q, sizeof q, p, "service");
			if (!svc || !json_is_string(svc) || !*json_string_value(svc))
				return fail(c, q, "is required: the service asked, e.g. \"EP\"");
			if (strlen(json_string_value(svc)) >= sizeof v->service)
				return fail(c, q, "must be %zu characters or fewer", sizeof v->service - 1);
			if (!text_is_clean(json_string_value(svc), 0) || strchr(json_string_value(svc), ':'))
				return fail(c, q, "must not contain control characters or ':'");
			snprintf(v->service, sizeof v->service, "%s", json_string_value(svc));
			if (get_date(c, e, p, "requested", &v->requested) < 0 || get_date(c, e, p, "received", &v->received) < 0)
				return -1;
		}
		x->nadvice = (int)json_array_size(arr);
		x->advice = out->advice;
	}
	if (get_date(c, a, P, "draft_sent", &x->draft_sent) < 0 || get_date(c, a, P, "final_issued", &x->final_issued) < 0)
		return -1;
	if (parse_exceptions(c, a, P, out->aexc, &x->nexc) < 0)
		return -1;
	x->exc = out->aexc;
	return 0;
}

static int parse_plan(struct ctx *c, json_t *pl, struct parsed *out)
{
	static const char *const keys[] = {"issued", "reviews", "phase_transfer", NULL};
	static const char *const rkeys[] = {"meeting", "decision", "outcome", "proposed_amendments_sent", "final_amended", NULL};
	static const char *const outcomes[] = {"maintain", "amend", "cease", NULL};
	static const char *const tkeys[] = {"kind", "year", "final", NULL};
	const char *kinds[8];
	size_t nk = 0;
	for (; nk < codes_phase_kind.n && nk < 7; nk++)
		kinds[nk] = codes_phase_kind.codes[nk].code;
	kinds[nk] = NULL;
	const char *P = "plan";
	struct clock_plan *p = &out->p;
	memset(p, 0, sizeof *p);
	p->transfer_in = p->transfer_letter = p->dob = DATE_NONE;
	if (need_object(c, pl, P) < 0 || only_keys(c, pl, P, keys) < 0 || get_date(c, pl, P, "issued", &p->issued) < 0)
		return -1;
	json_t *arr;
	if (get_array(c, pl, P, "reviews", CLOCK_MAX_REVIEWS, &arr) < 0)
		return -1;
	if (arr) {
		size_t i;
		json_t *e;
		json_array_foreach(arr, i, e) {
			char q[64];
			snprintf(q, sizeof q, "%s.reviews[%zu]", P, i);
			struct clock_review *rv = &out->reviews[i];
			memset(rv, 0, sizeof *rv);
			rv->invitations_sent = rv->advice_circulated = DATE_NONE;
			int o;
			if (need_object(c, e, q) < 0 || only_keys(c, e, q, rkeys) < 0 || get_date(c, e, q, "meeting", &rv->meeting) < 0 ||
			    get_date(c, e, q, "decision", &rv->decision) < 0 || get_code(c, e, q, "outcome", outcomes, &o) < 0 ||
			    get_date(c, e, q, "proposed_amendments_sent", &rv->proposed_amendments_sent) < 0 ||
			    get_date(c, e, q, "final_amended", &rv->final_amended) < 0)
				return -1;
			rv->outcome = o == 0 ? RV_MAINTAIN : o == 1 ? RV_AMEND : o == 2 ? RV_CEASE : RV_NONE;
			if (rv->meeting == DATE_NONE) {
				char r[96];
				path_key(r, sizeof r, q, "meeting");
				return fail(c, r, "is required: the date of the review meeting");
			}
		}
		p->nreviews = (int)json_array_size(arr);
		p->reviews = out->reviews;
	}
	json_t *t = json_object_get(pl, "phase_transfer");
	if (t && !json_is_null(t)) {
		const char *q = "plan.phase_transfer";
		int k;
		if (need_object(c, t, q) < 0 || only_keys(c, t, q, tkeys) < 0 || get_code(c, t, q, "kind", kinds, &k) < 0 ||
		    get_date(c, t, q, "final", &out->phase.final) < 0)
			return -1;
		if (k < 0)
			return fail(c, "plan.phase_transfer.kind", "is required");
		json_t *y = json_object_get(t, "year");
		if (!y || !json_is_integer(y) || json_integer_value(y) < 2014 || json_integer_value(y) > CLOCK_LAST_YEAR)
			return fail(c, "plan.phase_transfer.year", "must be the calendar year of the transfer, a whole number from 2014 to 2100");
		out->phase.kind = phase_kind_by_code(kinds[k]);
		out->phase.year = (int)json_integer_value(y);
		p->phases = &out->phase;
		p->nphases = 1;
	}
	return 0;
}

int clock_json_answer(const struct clock_settings *s, const char *text, size_t len, char **out,
                      char *err, size_t errlen)
{
	static const char *const keys[] = {"as_of", "assessment", "plan", NULL};
	struct ctx c = {err, errlen, 0};
	*out = NULL;
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(err, errlen, "input: not valid JSON (line %d, column %d: %s)", je.line, je.column, je.text);
		return 2;
	}
	struct parsed *ps = calloc(1, sizeof *ps);
	struct clock_result *res = calloc(1, sizeof *res);
	int rc = 2;
	if (!ps || !res) {
		snprintf(err, errlen, "input: out of memory");
		goto out;
	}
	if (need_object(&c, root, "input") < 0 || only_keys(&c, root, "", keys) < 0)
		goto out;
	if (get_date(&c, root, "", "as_of", &ps->in.as_of) < 0)
		goto out;
	if (ps->in.as_of == DATE_NONE) {
		fail(&c, "as_of", "is required: the date to report the clock at, as YYYY-MM-DD");
		goto out;
	}
	json_t *a = json_object_get(root, "assessment"), *p = json_object_get(root, "plan");
	if (a && !json_is_null(a)) {
		if (parse_assessment(&c, a, ps) < 0)
			goto out;
		ps->in.assessment = &ps->a;
	}
	if (p && !json_is_null(p)) {
		if (parse_plan(&c, p, ps) < 0)
			goto out;
		ps->in.plan = &ps->p;
	}
	/* the contract has one list of exceptions, the case's: they apply to the
	 * plan's steps too (reviews and phase transfer: coronavirus only) */
	if (ps->in.assessment && ps->in.plan) {
		ps->p.exc = ps->a.exc;
		ps->p.nexc = ps->a.nexc;
	}
	char field[96], msg[200];
	if (clock_check(&ps->in, field, sizeof field, msg, sizeof msg)) {
		fail(&c, field, "%s", msg);
		goto out;
	}
	clock_run(s, &ps->in, res);
	json_t *steps = json_array();
	for (int i = 0; i < res->n; i++) {
		const struct clock_step *st = &res->steps[i];
		if (!st->rule->contract)
			continue;
		char due[11], done[11];
		date_format_iso(st->due, due);
		date_format_iso(st->done, done);
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(st->id));
		json_object_set_new(o, "due", *due ? json_string(due) : json_null());
		json_object_set_new(o, "done", *done ? json_string(done) : json_null());
		json_object_set_new(o, "status", json_string(step_status_code(st->status)));
		json_object_set_new(o, "citation", json_string(st->rule->citation));
		json_array_append_new(steps, o);
	}
	json_t *answer = json_object();
	json_object_set_new(answer, "steps", steps);
	*out = json_dumps(answer, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(answer);
	if (!*out)
		snprintf(err, errlen, "output: out of memory");
	rc = *out ? 0 : 2;
out:
	json_decref(root);
	free(ps);
	free(res);
	return rc;
}

static const char *unit_words(const struct rule *r, char *out, size_t n)
{
	switch (r->unit) {
	case RU_DAYS: snprintf(out, n, "%d days after", r->amount); break;
	case RU_WEEKS: snprintf(out, n, "within %d weeks of", r->amount); break;
	case RU_PERIOD_DAYS: snprintf(out, n, "at least %d days beginning with", r->amount); break;
	case RU_PERIOD_MONTHS: snprintf(out, n, "within the %d months starting with", r->amount); break;
	case RU_MONTHS:
		if (r->amount < 0)
			snprintf(out, n, "%d months before", -r->amount);
		else
			snprintf(out, n, "%d months after", r->amount);
		break;
	case RU_WEEKS_BEFORE: snprintf(out, n, "at least %d weeks before", r->amount); break;
	case RU_FIXED: snprintf(out, n, "on or before %d/%d of", r->amount % 100, r->amount / 100); break;
	}
	return out;
}

void clock_rules_markdown(FILE *f)
{
	static const char *const conv[] = {"", "`clock_weeks`", "`clock_draft`", "`clock_year`"};
	fprintf(f, "| row | step | limit | counted from | law | area setting | excused by | in contract |\n"
	           "|---|---|---|---|---|---|---|---|\n");
	for (int i = 0; i < rules_n; i++) {
		const struct rule *r = &rules[i];
		char limit[80], ex[200] = "";
		for (int k = 0; k < EXC_N; k++)
			if (r->excused_by & EXC_BIT(k)) {
				size_t len = strlen(ex);
				snprintf(ex + len, sizeof ex - len, "%s`%s`", len ? ", " : "", exc_defs[k].code);
			}
		fprintf(f, "| `%s` | `%s` | %s | %s | %s | %s | %s | %s |\n", r->id, r->step, unit_words(r, limit, sizeof limit),
		        r->anchor, r->citation, conv[r->conv], *ex ? ex : "none", r->contract ? "yes" : (r->advisory ? "no (advice)" : "no"));
	}
	fprintf(f, "\n| reason | what it is | law | at least | in force |\n|---|---|---|---|---|\n");
	for (int k = 0; k < EXC_N; k++) {
		const struct exc_def *d = &exc_defs[k];
		char least[24] = "any length";
		if (d->min_days)
			snprintf(least, sizeof least, "%d days", d->min_days);
		fprintf(f, "| `%s` | %s | %s | %s | %s%s%s |\n", d->code, d->label, d->citation, least,
		        d->from ? d->from : "always", d->from ? " to " : "", d->to ? d->to : "");
	}
}
