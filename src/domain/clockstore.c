/* clockstore.c — see clockstore.h.
 *
 * A row is written from a computed step (struct case_step) by one function
 * (bind_row), and read back for comparison by one other (read_row), both
 * over the column list below, so the writer and `clock verify` cannot
 * disagree about what a row holds.
 */
#include "domain/clockstore.h"
#include "core/grow.h"
#include "core/phase.h"
#include "core/rules.h"
#include "domain/advice.h"
#include "domain/casefile.h"
#include "domain/childnow.h"
#include "domain/change.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What changes here without a change of the rules table or the settings
 * (what a row holds, how it is computed) bumps this. */
#define CLOCKSTORE_FORMAT "clockstore-2"   /* 2: where the child is today (migration 0015) */

#define COLS "seq,episode,episode_kind,request_id,plan_id,step,kind,rule,advisory,anchor,due,done,undated," \
             "not_applicable,superseded,history_unknown,covered,exception_id,exception_reason,review_n,review_id," \
             "advice_id,phase_id,phase_kind,phase_year,ep_date,plan_status,issue_agreed,request_decided"
enum { NCOLS = 29 };

static const char q_insert[] =
	"INSERT INTO clock_steps(person_id," COLS ",computed_for) "
	"VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char q_delete[] = "DELETE FROM clock_steps WHERE person_id=?";
static const char q_people_row[] =
	"INSERT INTO clock_people(person_id,computed_for,valid_until,truncated) VALUES(?,?,?,?) "
	"ON CONFLICT(person_id) DO UPDATE SET computed_for=excluded.computed_for, valid_until=excluded.valid_until, "
	"truncated=excluded.truncated";
static const char q_people_gone[] = "DELETE FROM clock_people WHERE person_id=?";
/* where the child is today (childnow.h), beside their clock: WHO the person,
 * T today; for one child (?1, ?2) or, after every child's rows are in, for
 * all at once (?1 today) */
#define PEOPLE_NOW(WHO, T) \
	"UPDATE clock_people SET (status, placement_id, setting, la_code, awaiting) = " \
	"(SELECT " CHILDNOW_VALUES " FROM people p " CHILDNOW_JOIN(T) "WHERE p.id=" WHO ")"
static const char q_people_now[] = PEOPLE_NOW("?1", "?2") " WHERE person_id=?1";
static const char q_people_now_all[] = PEOPLE_NOW("clock_people.person_id", "?1");
/* a plan not issued yet has no review dates: one child's (?1), or every plan's */
#define UNISSUED_UNDATED \
	"UPDATE plans SET last_review_date=NULL, next_review_due=NULL WHERE issue_date IS NULL " \
	"AND (last_review_date IS NOT NULL OR next_review_due IS NOT NULL)"
static const char q_unissued[] = UNISSUED_UNDATED " AND person_id=?1";

/* One stored row, as text (what verify compares; the writer binds the same). */
struct row {
	char v[NCOLS][64];
};

static void set_int(struct row *w, int col, int64_t v, int null_if_zero)
{
	if (null_if_zero && v == 0)
		w->v[col][0] = 0;
	else
		snprintf(w->v[col], sizeof w->v[col], "%lld", (long long)v);
}

static void set_text(struct row *w, int col, const char *s)
{
	snprintf(w->v[col], sizeof w->v[col], "%s", s ? s : "");
}

static void set_date(struct row *w, int col, day_t d)
{
	if (d == DATE_NONE)
		w->v[col][0] = 0;
	else
		date_format_iso(d, w->v[col]);
}

/* The row for a computed step (seq: its place in the child's clock). */
static void make_row(const struct casefile *cf, int seq, const struct case_step *cs, struct row *w)
{
	const struct clock_step *st = &cs->st;
	const struct case_episode *ep = &cf->ep[cs->episode];
	int k = 0;
	set_int(w, k++, seq, 0);
	set_int(w, k++, cs->episode, 0);
	set_text(w, k++, ep->kind == EP_ASSESSMENT ? "assessment" : "plan");
	set_int(w, k++, ep->request_id, 1);
	set_int(w, k++, ep->plan_id, 1);
	set_text(w, k++, st->id);
	set_text(w, k++, st->rule->step);
	set_text(w, k++, st->rule->id);
	set_int(w, k++, st->rule->advisory ? 1 : 0, 0);
	set_date(w, k++, st->anchor);
	set_date(w, k++, st->due);
	set_date(w, k++, st->done);
	unsigned fl = clock_step_flags(st);
	set_int(w, k++, (fl & SF_UNDATED) ? 1 : 0, 0);
	set_int(w, k++, (fl & SF_NOT_APPLICABLE) || st->status == ST_NA ? 1 : 0, 0);
	set_int(w, k++, st->superseded ? 1 : 0, 0);
	set_int(w, k++, st->history_unknown ? 1 : 0, 0);
	set_int(w, k++, (fl & SF_COVERED) ? 1 : 0, 0);
	const struct case_exception *x = st->covered_by >= 0 && st->covered_by < cf->nexc ? &cf->exc[st->covered_by] : NULL;
	set_int(w, k++, x ? x->id : 0, 1);
	set_text(w, k++, x ? x->reason : "");
	set_int(w, k++, st->review, 0);
	set_int(w, k++, cs->review_id, 1);
	set_int(w, k++, cs->advice_id, 1);
	set_int(w, k++, cs->phase_id, 1);
	set_text(w, k++, st->phase > 0 ? phase_kind_code(cs->phase_kind) : "");
	set_int(w, k++, st->phase > 0 ? cs->phase_year : 0, 1);
	set_date(w, k++, ep->date);
	set_text(w, k++, ep->plan_status);
	set_int(w, k++, ep->issue_agreed ? 1 : 0, 0);
	set_int(w, k++, ep->request_decided ? 1 : 0, 0);
}

/* Columns bound as integers (the rest as text); "" binds NULL either way. */
static int int_col(int k)
{
	static const char ints[NCOLS] = {1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1,
	                                 0, 0, 1, 1};
	return ints[k];
}

static int insert_row(db *d, int64_t pid, const struct row *w, const char *computed_for)
{
	db_stmt *s = db_prepare(d, q_insert);
	if (!s)
		return -1;
	db_bind_int(s, 1, pid);
	for (int k = 0; k < NCOLS; k++) {
		const char *v = w->v[k];
		if (!*v)
			db_bind_null(s, k + 2);
		else if (int_col(k))
			db_bind_int(s, k + 2, strtoll(v, NULL, 10));
		else
			db_bind_text(s, k + 2, v);
	}
	db_bind_text(s, NCOLS + 2, computed_for);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

static int exec_id(db *d, const char *sql, int64_t id)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

/* plans.next_review_due and last_review_date: one reading of the plan's steps
 * (its review_due step, unless ceased; its latest review decision). */
struct plan_dates {
	int64_t plan_id;
	day_t last, next;
};

/* Each issued plan's dates into out (CASE_MAX_EPISODES at most); how many. */
static int plan_dates_of(const struct casefile *cf, struct plan_dates *out)
{
	int n = 0;
	for (int e = 0; e < cf->nep; e++) {
		const struct case_episode *ep = &cf->ep[e];
		if (ep->kind != EP_PLAN)
			continue;
		day_t last = DATE_NONE, next = DATE_NONE;
		for (int i = ep->first; i < ep->first + ep->n; i++) {
			const struct clock_step *st = &cf->steps[i].st;
			if (strcmp(st->rule->step, "review_due") == 0 && st->status != ST_NA)
				next = st->due;
			if (strncmp(st->id, "review_decision:", 16) == 0 && st->done != DATE_NONE && (last == DATE_NONE || st->done > last))
				last = st->done;
		}
		out[n++] = (struct plan_dates){ep->plan_id, last, next};
	}
	return n;
}

/* Writes a plan's dates where they differ.  0 or -1. */
static int write_plan_dates(db *d, const struct plan_dates *pd)
{
	char l[11], n[11];
	date_format_iso(pd->last, l);
	date_format_iso(pd->next, n);
	db_stmt *s = db_prepare(d, "UPDATE plans SET last_review_date=?, next_review_due=? WHERE id=? "
	                           "AND (last_review_date IS DISTINCT FROM ? OR next_review_due IS DISTINCT FROM ?)");
	if (!s)
		return -1;
	db_bind_opt_text(s, 1, l);
	db_bind_opt_text(s, 2, n);
	db_bind_int(s, 3, pd->plan_id);
	db_bind_opt_text(s, 4, l);
	db_bind_opt_text(s, 5, n);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

static int store_plan_dates(db *d, const struct casefile *cf)
{
	struct plan_dates pd[CASE_MAX_EPISODES];
	int n = plan_dates_of(cf, pd);
	for (int i = 0; i < n; i++)
		if (write_plan_dates(d, &pd[i]) < 0)
			return -1;
	return exec_id(d, q_unissued, cf->person_id);
}

/* Writes a computed child's rows, replacing what was stored. */
static int store(db *d, const struct casefile *cf, day_t today)
{
	char day[11], until[11];
	date_format_iso(today, day);
	date_format_iso(cf->valid_until, until);
	if (exec_id(d, q_delete, cf->person_id) < 0)
		return -1;
	struct row w;
	for (int i = 0; i < cf->nsteps; i++) {
		make_row(cf, i + 1, &cf->steps[i], &w);
		if (insert_row(d, cf->person_id, &w, day) < 0)
			return -1;
	}
	db_stmt *s = db_prepare(d, q_people_row);
	if (!s)
		return -1;
	db_bind_int(s, 1, cf->person_id);
	db_bind_text(s, 2, day);
	db_bind_opt_text(s, 3, until);
	db_bind_int(s, 4, cf->truncated ? 1 : 0);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE || !(s = db_prepare(d, q_people_now)))
		return -1;
	db_bind_int(s, 1, cf->person_id);
	db_bind_text(s, 2, day);
	rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	return store_plan_dates(d, cf);
}

struct walk {
	db *d;
	day_t today;
	long n, total;
	clockstore_progress_fn progress;
	void *ctx;
	int failed;
	/* every child at once (clockstore_all): new rows by appenders, and the
	 * plans' dates held until every row is in */
	db_append *steps, *people;
	struct plan_dates *pd;
	int npd, pdcap;
};

/* clock_steps' columns in an appender's form: names, a copy of
 * STEP_NAMES, split in place into v (the caller's, so threads share nothing) */
#define STEP_NAMES "person_id," COLS ",computed_for"
static void step_columns(char *names, const char *v[NCOLS + 2])
{
	int k = 0;
	for (char *c = names, *e; k < NCOLS + 2; c = e + 1) {
		v[k++] = c;
		if (!(e = strchr(c, ',')))
			break;
		*e = 0;
	}
}

/* A child's rows appended (the table was emptied first), their plans' dates held. */
static int store_new(struct walk *w, const struct casefile *cf)
{
	char day[11], until[11], pid[24];
	date_format_iso(w->today, day);
	date_format_iso(cf->valid_until, until);
	snprintf(pid, sizeof pid, "%lld", (long long)cf->person_id);
	struct row r;
	const char *v[NCOLS + 2];
	v[0] = pid;
	v[NCOLS + 1] = day;
	for (int i = 0; i < cf->nsteps; i++) {
		make_row(cf, i + 1, &cf->steps[i], &r);
		for (int k = 0; k < NCOLS; k++)
			v[k + 1] = r.v[k][0] ? r.v[k] : NULL;
		if (db_append_row(w->steps, v) < 0)
			return -1;
	}
	const char *pv[] = {pid, day, until[0] ? until : NULL, cf->truncated ? "1" : "0"};
	if (db_append_row(w->people, pv) < 0)
		return -1;
	if (ARRAY_RESERVE(w->pd, w->pdcap, w->npd + CASE_MAX_EPISODES, 4096) < 0)
		return -1;
	w->npd += plan_dates_of(cf, w->pd + w->npd);
	return 0;
}

static int take_store(void *ctx, const struct casefile *cf)
{
	struct walk *w = ctx;
	if ((w->steps ? store_new(w, cf) : store(w->d, cf, w->today)) < 0) {
		w->failed = 1;
		return 1;
	}
	w->n++;
	if (w->progress && (w->n % 500 == 0 || w->n == w->total))
		w->progress(w->ctx, w->n, w->total);
	return 0;
}

int clockstore_person(db *d, int64_t person_id, day_t today)
{
	if (person_id <= 0)
		return -1;
	struct walk w = {.d = d, .today = today, .total = 1};
	struct case_filter f = {person_id, -1, 0, 0};
	if (casefile_each(d, &f, today, take_store, &w) < 0 || w.failed)
		return -1;
	if (w.n == 0)   /* removed: the cascade took the rows; nothing to keep */
		return exec_id(d, q_delete, person_id) < 0 || exec_id(d, q_people_gone, person_id) < 0 ? -1 : 0;
	return 0;
}

long clockstore_all(db *d, day_t today, clockstore_progress_fn progress, void *ctx)
{
	struct walk w = {.d = d, .today = today, .progress = progress, .ctx = ctx};
	w.total = (long)db_scalar_int(d, "SELECT COUNT(*) FROM people", 0);
	/* every row is replaced: emptied at once, the new rows loaded in bulk
	 * (db_append_*), and the indexes built once after they are in
	 * (store/db.h, db_indexes_drop) */
	struct db_saved_indexes steps_ix, people_ix;
	if (db_exec(d, "DELETE FROM clock_steps") < 0 || db_exec(d, "DELETE FROM clock_people") < 0 ||
	    db_indexes_drop(d, "clock_steps", &steps_ix) < 0)
		return -1;
	if (db_indexes_drop(d, "clock_people", &people_ix) < 0) {
		db_indexes_restore(d, &steps_ix, 0);
		return -1;
	}
	static const char *const people_cols[] = {"person_id", "computed_for", "valid_until", "truncated"};
	char step_names[] = STEP_NAMES;
	const char *step_cols[NCOLS + 2];
	step_columns(step_names, step_cols);
	w.steps = db_append_open(d, "clock_steps", step_cols, NCOLS + 2);
	w.people = db_append_open(d, "clock_people", people_cols, 4);
	struct case_filter f = {0, -1, 0, 0};
	/* every write one whose outcome need not be waited for (db.h) */
	db_defer_writes(d, 1);
	int ok = w.steps && w.people && casefile_each(d, &f, today, take_store, &w) == 0 && !w.failed &&
	         db_append_flush(d) == 0;
	/* then what follows from the rows: each plan's review dates, where
	 * each child is today, every plan not yet issued undated */
	for (int i = 0; ok && i < w.npd; i++)
		ok = write_plan_dates(d, &w.pd[i]) == 0;
	ok = db_defer_writes(d, 0) == 0 && ok;
	db_append_close(w.steps);
	db_append_close(w.people);
	free(w.pd);
	if (ok) {
		char day[11];
		date_format_iso(today, day);
		db_stmt *s = db_prepare(d, q_people_now_all);
		ok = s && db_bind_text(s, 1, day) == DB_OK && db_step(s) == DB_DONE;
		db_done(s);
		ok = ok && db_exec(d, UNISSUED_UNDATED) == DB_OK;
	}
	ok = db_indexes_restore(d, &steps_ix, ok) == 0 && ok;
	ok = db_indexes_restore(d, &people_ix, ok) == 0 && ok;
	return ok ? w.n : -1;
}

long clockstore_due(db *d, day_t today)
{
	char day[11];
	date_format_iso(today, day);
	long n = 0;
	for (;;) {
		/* a batch per transaction, so writers wait a moment at most */
		int64_t ids[200];
		int k = 0;
		db_stmt *s = db_prepare(d, "SELECT person_id FROM clock_people WHERE valid_until IS NOT NULL AND valid_until<=? "
		                           "ORDER BY valid_until, person_id LIMIT 200");
		if (!s)
			return -1;
		db_bind_text(s, 1, day);
		int rc;
		while ((rc = db_step(s)) == DB_ROW && k < 200)
			ids[k++] = db_col_int(s, 0);
		db_done(s);
		if (rc == DB_ERROR)
			return -1;
		if (k == 0)
			return n;
		if (db_begin(d) < 0)
			return -1;
		for (int i = 0; i < k; i++)
			if (clockstore_person(d, ids[i], today) < 0) {
				db_rollback(d);
				return -1;
			}
		if (change_advance_version(d) < 0 || db_commit(d) < 0) {
			db_rollback(d);
			return -1;
		}
		n += k;
	}
}

/* ---- reading a row back ---------------------------------------------------------- */

int clockstore_read_step(db_stmt *s, int col, day_t today, struct case_step *cs, struct case_episode *ep)
{
	memset(cs, 0, sizeof *cs);
	memset(ep, 0, sizeof *ep);
	struct clock_step *st = &cs->st;
	int c = col;
	cs->episode = (int)db_col_int(s, c++);
	ep->kind = strcmp(db_col_text(s, c++), "plan") == 0 ? EP_PLAN : EP_ASSESSMENT;
	ep->request_id = db_col_int(s, c++);
	ep->plan_id = db_col_int(s, c++);
	snprintf(st->id, sizeof st->id, "%s", db_col_text(s, c++));
	st->rule = rule_by_id(db_col_text(s, c++));
	st->anchor = date_iso_or_none(db_col_text(s, c++));
	st->due = date_iso_or_none(db_col_text(s, c++));
	st->done = date_iso_or_none(db_col_text(s, c++));
	unsigned fl = db_col_int(s, c++) ? SF_UNDATED : 0u;
	fl |= db_col_int(s, c++) ? SF_NOT_APPLICABLE : 0u;
	st->superseded = (int)db_col_int(s, c++);
	st->history_unknown = (int)db_col_int(s, c++);
	fl |= db_col_int(s, c++) ? SF_COVERED : 0u;
	cs->exception_id = db_col_int(s, c++);
	st->review = (int)db_col_int(s, c++);
	cs->review_id = db_col_int(s, c++);
	cs->advice_id = db_col_int(s, c++);
	cs->phase_id = db_col_int(s, c++);
	const char *pk = db_col_text(s, c++);
	int year = (int)db_col_int(s, c++);
	if (*pk) {
		cs->phase_kind = phase_kind_by_code(pk);
		cs->phase_year = year;
		st->phase = 1;
	}
	ep->date = date_iso_or_none(db_col_text(s, c++));
	snprintf(ep->plan_status, sizeof ep->plan_status, "%s", db_col_text(s, c++));
	ep->issue_agreed = (int)db_col_int(s, c++);
	ep->request_decided = (int)db_col_int(s, c++);
	st->exception_applies = (fl & SF_COVERED) != 0;
	st->not_applicable = (fl & SF_NOT_APPLICABLE) != 0;
	st->covered_by = st->excused_by = -1;
	st->advice = -1;
	cs->exception_derived = st->exception_applies && !cs->exception_id;
	if (!st->rule) {
		st->status = ST_NA;
		return -1;
	}
	st->status = clock_status_on(st->rule, st->due, st->done, fl, today);
	st->inside_comment = strcmp(st->rule->step, "draft_comment_end") == 0 && st->status == ST_LATE;
	return 0;
}

/* ---- what the rows were made with ------------------------------------------------ */

void clockstore_fingerprint(char out[65])
{
	const struct clock_settings *s = casefile_settings();
	crypto_generichash_state h;
	unsigned char md[32];
	char line[512];
	crypto_generichash_init(&h, NULL, 0, sizeof md);
#define ADD(...)                                                                                         \
	do {                                                                                                 \
		int n_ = snprintf(line, sizeof line, __VA_ARGS__);                                               \
		crypto_generichash_update(&h, (const unsigned char *)line, (size_t)(n_ < 0 ? 0 : n_ < (int)sizeof line ? n_ : (int)sizeof line - 1)); \
	} while (0)
	ADD("%s\n", CLOCKSTORE_FORMAT);
	ADD("weeks=%s draft=%s year=%s anchor=%s under5=%d transfer=%d\n", clock_weeks_names()[s->weeks],
	    clock_draft_names()[s->draft], clock_year_names()[s->year], clock_anchor_names()[s->anchor],
	    s->under5_review_months, s->transfer_in_review_months);
	for (int i = 0; i < s->cal.nextra; i++)
		ADD("holiday=%d\n", (int)s->cal.extra[i]);
	for (int i = 0; i < rules_n; i++) {
		const struct rule *r = &rules[i];
		ADD("rule %s %s %d %d %d %u %s %s %d %d\n", r->id, r->step, r->amount, (int)r->unit, (int)r->conv,
		    r->excused_by, r->from ? r->from : "-", r->to ? r->to : "-", r->contract, r->advisory);
	}
	for (int i = 0; i < EXC_N; i++)
		ADD("exception %s %d %s %s\n", exc_defs[i].code, exc_defs[i].min_days, exc_defs[i].from ? exc_defs[i].from : "-",
		    exc_defs[i].to ? exc_defs[i].to : "-");
#undef ADD
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(out, 65, md, sizeof md);
}

int clockstore_record(db *d)
{
	char want[65];
	clockstore_fingerprint(want);
	db_stmt *s = db_prepare(d, "INSERT INTO meta(key,value) VALUES('clock_fingerprint',?) "
	                           "ON CONFLICT(key) DO UPDATE SET value=excluded.value");
	if (!s)
		return -1;
	db_bind_text(s, 1, want);
	int rc = db_step(s) == DB_DONE ? 0 : -1;
	db_done(s);
	return rc;
}

static void tty_progress(void *ctx, long done, long total)
{
	FILE *tty = ctx;
	fprintf(tty, "\rRebuilding the stored statutory clock: %ld of %ld children", done, total);
	fflush(tty);
}

/* Whether the stored rows were made with the current fingerprint: 1 yes, 0 no, -1 on error. */
static int fingerprint_current(db *d)
{
	char want[65], have[80] = "";
	clockstore_fingerprint(want);
	db_stmt *s = db_prepare(d, "SELECT value FROM meta WHERE key='clock_fingerprint'");
	if (!s)
		return -1;
	if (db_step(s) == DB_ROW)
		snprintf(have, sizeof have, "%s", db_col_text(s, 0));
	db_done(s);
	return strcmp(want, have) == 0;
}

long clockstore_rebuild(db *d, day_t today, FILE *tty)
{
	int show = tty && isatty(fileno(tty));
	if (db_begin(d) < 0)
		return -1;
	long n = clockstore_all(d, today, show ? tty_progress : NULL, tty);
	if (show)
		fputc('\n', tty);
	if (n >= 0 && advice_refresh_due(d, 0) >= 0 && clockstore_record(d) == 0 && change_advance_version(d) == 0 &&
	    db_commit(d) == 0)
		return n;
	db_rollback(d);
	return -1;
}

long clockstore_ensure(db *d, day_t today, FILE *tty)
{
	int current = fingerprint_current(d);
	if (current < 0)
		return -1;
	return current ? 0 : clockstore_rebuild(d, today, tty);
}

/* ---- verify ---------------------------------------------------------------------- */

static const char *const col_names[NCOLS] = {
	"seq", "episode", "episode_kind", "request_id", "plan_id", "step", "kind", "rule", "advisory", "anchor", "due",
	"done", "undated", "not_applicable", "superseded", "history_unknown", "covered", "exception_id",
	"exception_reason", "review_n", "review_id", "advice_id", "phase_id", "phase_kind", "phase_year", "ep_date",
	"plan_status", "issue_agreed", "request_decided"};

/* the "due within" window the SQL spelling is checked with */
enum { NOW_COLS = 5 };
#define VERIFY_SOON_DAYS 28

struct stored {
	struct row w;
	int sql[4];          /* what the CLOCK_SQL_* spellings say of it */
	int used;
};

struct check {
	db *d;
	day_t today;
	char day[11];        /* today, as the rows hold dates */
	FILE *out;
	db_stmt *rows;       /* the stored steps, by person and seq */
	int has;
	db_stmt *people;     /* clock_people, by person */
	int phas;
	long diffs;
	int failed;
	struct stored *stored;   /* one child's stored rows */
	int nstored, cap;
};

static void next_row(struct check *c)
{
	int rc = db_step(c->rows);
	c->has = rc == DB_ROW;
	if (rc == DB_ERROR)
		c->failed = 1;
}

static void next_person(struct check *c)
{
	int rc = db_step(c->people);
	c->phas = rc == DB_ROW;
	if (rc == DB_ERROR)
		c->failed = 1;
}

static void read_row(db_stmt *s, struct row *w)
{
	for (int k = 0; k < NCOLS; k++)
		snprintf(w->v[k], sizeof w->v[k], "%s", db_col_text(s, k + 1));
}

static void diff(struct check *c, int64_t pid, const char *what)
{
	c->diffs++;
	if (c->out)
		fprintf(c->out, "person %lld: %s\n", (long long)pid, what);
}

/* Stored rows of people before pid that no child computed matches. */
static void skip_orphans(struct check *c, int64_t pid)
{
	while (c->phas && db_col_int(c->people, 0) < pid) {
		char m[120];
		snprintf(m, sizeof m, "a stored clock for a person not recorded");
		diff(c, db_col_int(c->people, 0), m);
		next_person(c);
	}
	while (c->has && db_col_int(c->rows, 0) < pid) {
		diff(c, db_col_int(c->rows, 0), "a stored step for a person not recorded");
		next_row(c);
	}
}

/* clock_people with where each child is today as stored (columns 3 … 7)
 * and as the records say (8 … 12): ?1 today */
static const char *const now_names[NOW_COLS] = {"status", "placement_id", "setting", "la_code", "awaiting"};
static const char q_verify_people[] =
	"SELECT cp.person_id, cp.computed_for, COALESCE(cp.valid_until,''), cp.status, cp.placement_id, cp.setting, "
	"cp.la_code, cp.awaiting, " CHILDNOW_VALUES " FROM clock_people cp LEFT JOIN people p ON p.id=cp.person_id "
	CHILDNOW_JOIN("?1") "ORDER BY cp.person_id";

/* Where the child is today, stored and computed (the current row of c->people). */
static void check_now(struct check *c, int64_t pid)
{
	for (int k = 0; k < NOW_COLS; k++) {
		const char *have = db_col_text(c->people, 3 + k), *want = db_col_text(c->people, 3 + NOW_COLS + k);
		if (strcmp(have, want) != 0) {
			char m[200];
			snprintf(m, sizeof m, "today's %s is %s stored, %s computed", now_names[k], *have ? have : "empty",
			         *want ? want : "empty");
			diff(c, pid, m);
		}
	}
}

static int take_check(void *ctx, const struct casefile *cf)
{
	struct check *c = ctx;
	int64_t pid = cf->person_id;
	skip_orphans(c, pid);
	if (!c->phas || db_col_int(c->people, 0) != pid) {
		diff(c, pid, "no stored clock");
	} else {
		const char *stored_until = db_col_text(c->people, 2);
		if (strcmp(stored_until, "") && strcmp(stored_until, c->day) <= 0) {
			char m[160];
			snprintf(m, sizeof m, "stale: computed for %s, and the calendar changed it on %s (the daily refresh has "
			         "not run since)", db_col_text(c->people, 1), stored_until);
			diff(c, pid, m);
		}
		check_now(c, pid);
		next_person(c);
	}
	/* the stored steps of this child, matched to the computed ones by episode and step */
	c->nstored = 0;
	for (; c->has && db_col_int(c->rows, 0) == pid; next_row(c)) {
		if (ARRAY_RESERVE(c->stored, c->cap, c->nstored + 1, 64) < 0) {
			c->failed = 1;
			return 1;
		}
		struct stored *x = &c->stored[c->nstored++];
		read_row(c->rows, &x->w);
		for (int k = 0; k < 4; k++)
			x->sql[k] = (int)db_col_int(c->rows, NCOLS + 1 + k);
		x->used = 0;
	}
	struct row want;
	for (int i = 0; i < cf->nsteps; i++) {
		make_row(cf, i + 1, &cf->steps[i], &want);
		struct stored *x = NULL;
		for (int j = 0; j < c->nstored && !x; j++) {
			struct stored *y = &c->stored[j];
			if (!y->used && !strcmp(y->w.v[2], want.v[2]) && !strcmp(y->w.v[3], want.v[3]) &&
			    !strcmp(y->w.v[4], want.v[4]) && !strcmp(y->w.v[5], want.v[5]))
				x = y;
		}
		char m[320];
		if (!x) {
			snprintf(m, sizeof m, "step %s (request %s, plan %s, due %s) is not stored", want.v[5],
			         want.v[3][0] ? want.v[3] : "-", want.v[4][0] ? want.v[4] : "-", want.v[10][0] ? want.v[10] : "-");
			diff(c, pid, m);
			continue;
		}
		x->used = 1;
		const struct row *have = &x->w;
		for (int k = 0; k < NCOLS; k++)
			if (strcmp(want.v[k], have->v[k]) != 0) {
				snprintf(m, sizeof m, "step %s: %s is %s stored, %s computed", want.v[5], col_names[k],
				         have->v[k][0] ? have->v[k] : "empty", want.v[k][0] ? want.v[k] : "empty");
				diff(c, pid, m);
			}
		/* the status read from the row is the clock's */
		const struct clock_step *st = &cf->steps[i].st;
		unsigned fl = (have->v[12][0] == '1' ? SF_UNDATED : 0u) | (have->v[13][0] == '1' ? SF_NOT_APPLICABLE : 0u) |
		              (have->v[16][0] == '1' ? SF_COVERED : 0u);
		const struct rule *r = rule_by_id(have->v[7]);
		enum step_status got = clock_status_on(r, date_iso_or_none(have->v[10]), date_iso_or_none(have->v[11]),
		                                       fl, c->today);
		if (got != st->status) {
			snprintf(m, sizeof m, "step %s: reads as %s stored, %s computed", want.v[5], step_status_code(got),
			         step_status_code(st->status));
			diff(c, pid, m);
		}
		/* and so do the SQL spellings of the status */
		int cw[4] = {st->status == ST_OVERDUE, st->status == ST_DUE, step_is_overdue(st),
		             step_due_within(st, c->today, VERIFY_SOON_DAYS)};
		static const char *const sql_names[4] = {"CLOCK_SQL_OVERDUE", "CLOCK_SQL_DUE", "CLOCK_SQL_QUEUE_OVERDUE",
		                                         "CLOCK_SQL_QUEUE_DUE"};
		for (int k = 0; k < 4; k++)
			if (x->sql[k] != cw[k]) {
				snprintf(m, sizeof m, "step %s: %s says %d, the clock %d", want.v[5], sql_names[k], x->sql[k], cw[k]);
				diff(c, pid, m);
			}
	}
	for (int j = 0; j < c->nstored; j++)
		if (!c->stored[j].used) {
			char m[320];
			snprintf(m, sizeof m, "stored step %s (request %s, plan %s) is not in the clock", c->stored[j].w.v[5],
			         c->stored[j].w.v[3][0] ? c->stored[j].w.v[3] : "-", c->stored[j].w.v[4][0] ? c->stored[j].w.v[4] : "-");
			diff(c, pid, m);
		}
	return c->failed;
}

static long verify(db *d, day_t today, FILE *out);

long clockstore_verify(db *d, day_t today, FILE *out)
{
	/* one moment of the area, however long it takes and whoever writes
	 * meanwhile: the stored rows and the records they are compared with
	 * read as they stood together (on PostgreSQL, the walks' cursors then
	 * stream, rather than each being kept whole by the server); inside the
	 * caller's transaction, its */
	int snapshot = db_begin_snapshot(d) == DB_OK;
	long n = verify(d, today, out);
	if (snapshot)
		db_rollback(d);
	return n;
}

static long verify(db *d, day_t today, FILE *out)
{
	struct check c;
	memset(&c, 0, sizeof c);
	c.d = d;
	c.today = today;
	date_format_iso(today, c.day);
	c.out = out;
	int current = fingerprint_current(d);
	if (current < 0)
		return -1;
	if (!current) {
		c.diffs++;
		if (out)
			fprintf(out, "the stored clock was made with other settings or another rules table "
			             "(sendmis serve or migrate rebuilds it)\n");
	}
	/* with what the SQL spellings of the status say of each row, as at today */
	c.rows = db_prepare_walk(d, "SELECT s.person_id," COLS ", " CLOCK_SQL_OVERDUE("?1") ", " CLOCK_SQL_DUE("?1") ", "
	                       CLOCK_SQL_QUEUE_OVERDUE("?1") ", " CLOCK_SQL_QUEUE_DUE("?1", "?2")
	                       " FROM clock_steps s ORDER BY s.person_id, s.seq");
	c.people = db_prepare_walk(d, q_verify_people);
	if (!c.rows || !c.people) {
		if (c.rows)
			db_done(c.rows);
		if (c.people)
			db_done(c.people);
		return -1;
	}
	char day[11], soon[11];
	date_format_iso(today, day);
	date_format_iso(date_add_days(today, VERIFY_SOON_DAYS), soon);
	db_bind_text(c.rows, 1, day);
	db_bind_text(c.rows, 2, soon);
	db_bind_text(c.people, 1, day);
	next_row(&c);
	next_person(&c);
	struct case_filter f = {0, -1, 0, 0};
	int rc = casefile_each(d, &f, today, take_check, &c);
	if (rc == 0 && !c.failed)
		skip_orphans(&c, INT64_MAX);
	db_done(c.rows);
	db_done(c.people);
	free(c.stored);
	return rc < 0 || c.failed ? -1 : c.diffs;
}
