/* jobs.c — see jobs.h. */
#include "domain/jobs.h"
#include "domain/change.h"
#include "domain/survey.h"
#include "core/grow.h"
#include "domain/clockstore.h"
#include "domain/advice.h"
#include "domain/casefile.h"
#include "domain/log.h"
#include "domain/outbox.h"
#include "core/review.h"
#include "core/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void date_iso_week(day_t d, char out[12])
{
	day_t thu = date_add_days(d, 3 - date_weekday(d));
	int y, m, dd;
	date_to_ymd(thu, &y, &m, &dd);
	day_t jan1;
	date_from_ymd(y, 1, 1, &jan1);
	int wk = date_diff_days(jan1, thu) / 7 + 1;   /* 1..53 */
	snprintf(out, 12, "%04d-W%02d", (y % 10000 + 10000) % 10000, (wk % 100 + 100) % 100);
}

int jobs_parse_offsets(const char *s, struct jobs_settings *js, char *why, size_t n)
{
	js->nreminders = 0;
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s", s);
	if (!*str_trim(tmp))
		return 0;
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		long long v;
		if (parse_int64(str_trim(t), 1, 60, &v) < 0) {
			snprintf(why, n, "'%s' is not a number of days from 1 to 60", str_trim(t));
			return -1;
		}
		if (js->nreminders == JOBS_MAX_OFFSETS) {
			snprintf(why, n, "at most %d reminders", JOBS_MAX_OFFSETS);
			return -1;
		}
		js->reminder_days[js->nreminders++] = (int)v;
	}
	return 0;
}

static void count(struct jobs_report *rep, int rc, int *bucket)
{
	if (rc == OUTBOX_QUEUED)
		(*bucket)++;
	else if (rc == OUTBOX_CANCELLED)
		rep->cancelled++;
	else if (rc == OUTBOX_ERROR)
		rep->errors++;
}

static int queue(db *d, const char *key, const char *tmpl, const char *to, const char *to_name, int64_t contact,
                 int64_t user, int64_t person, int64_t advice, const struct tmpl_val *v, int nv, int64_t now)
{
	char err[300];
	struct outbox_msg m = {key, tmpl, to, to_name, contact, user, person, advice};
	int rc = outbox_queue(d, &m, v, nv, now, err, sizeof err);
	if (rc == OUTBOX_ERROR)
		log_info("jobs: %s (%s)", err, key);
	return rc;
}

static int64_t *ids_of(db *d, const char *sql, const char *a1, size_t *n)
{
	*n = 0;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return NULL;
	db_bind_text(s, 1, a1);
	int cap = 0;
	int64_t *v = NULL;
	int rc, failed = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(v, cap, *n + 1, 64) < 0) {
			failed = 1;
			break;
		}
		v[(*n)++] = db_col_int(s, 0);
	}
	if (failed || rc == DB_ERROR) {
		free(v);
		v = NULL;
		*n = 0;
	} else if (!v) {
		v = malloc(sizeof *v);   /* none: an empty list, not a failure */
	}
	db_done(s);
	return v;
}

/* Every advice request asked through sendmis and not yet received, of
 * either kind (assessment advice, review contributions): one rule for both,
 * each kind with its own emails (advice_kinds). */
static int advice_pass(db *d, const struct jobs_settings *js, day_t as_of, int64_t now, struct jobs_report *rep)
{
	char today[11];
	date_format_iso(as_of, today);
	size_t n;
	int64_t *ids = ids_of(d, "SELECT id FROM advice_requests WHERE received_date IS NULL AND due_date IS NOT NULL "
	                         "AND (service_id IS NOT NULL OR contact_id IS NOT NULL) AND requested_date<=? "
	                         "ORDER BY id",
	                      today, &n);
	if (!ids)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct advice_notice nt;
		if (advice_notice_load(d, ids[i], as_of, &nt) != 0 || nt.due == DATE_NONE || !nt.to_email[0])
			continue;
		const struct advice_kind_def *kd = &advice_kinds[nt.kind];
		int left = date_diff_days(as_of, nt.due);
		char key[80];
		if (left > 0) {
			int best = 0;
			for (int k = 0; k < js->nreminders; k++)
				if (left <= js->reminder_days[k] && (!best || js->reminder_days[k] < best))
					best = js->reminder_days[k];
			if (!best || nt.requested >= as_of)
				continue;
			snprintf(key, sizeof key, "advice:%lld:reminder:%d", (long long)nt.id, best);
			count(rep, queue(d, key, kd->reminder, nt.to_email, nt.contact_name, nt.contact_id, 0,
			                 nt.person_id, nt.id, nt.vals, nt.nvals, now), &rep->reminders);
		} else if (left < 0) {
			snprintf(key, sizeof key, "advice:%lld:overdue", (long long)nt.id);
			count(rep, queue(d, key, kd->overdue, nt.to_email, nt.contact_name, nt.contact_id, 0,
			                 nt.person_id, nt.id, nt.vals, nt.nvals, now), &rep->overdue);
			if (nt.manager_email[0]) {
				snprintf(key, sizeof key, "advice:%lld:escalation", (long long)nt.id);
				count(rep, queue(d, key, kd->escalation, nt.manager_email, nt.manager_name, 0, 0,
				                 nt.person_id, nt.id, nt.vals, nt.nvals, now), &rep->escalations);
			}
		}
	}
	free(ids);
	return 0;
}

static int review_pass(db *d, const struct jobs_settings *js, day_t as_of, int64_t now, struct jobs_report *rep)
{
	if (!js->review_notice_days)
		return 0;
	char today[11], until[11];
	date_format_iso(as_of, today);
	date_format_iso(date_add_days(as_of, js->review_notice_days), until);
	db_stmt *s = db_prepare(d,
		"SELECT p.id, p.person_id, p.next_review_due, c.id, c.name, c.email FROM plans p "
		"JOIN placements pl ON pl.person_id=p.person_id AND pl.rank=1 AND pl.start_date<=?1 "
		" AND (pl.end_date IS NULL OR pl.end_date>=?1) AND pl.establishment_id IS NOT NULL "
		"JOIN contacts c ON c.establishment_id=pl.establishment_id AND c.email_off IS NULL "
		"WHERE p.status='active' AND p.next_review_due>=?1 AND p.next_review_due<=?2 "
		"AND NOT EXISTS (SELECT 1 FROM review_meetings m WHERE m.plan_id=p.id AND m.meeting_date>=?1) "
		"ORDER BY p.id, c.id");
	if (!s)
		return -1;
	db_bind_text(s, 1, today);
	db_bind_text(s, 2, until);
	struct row { int64_t plan, person, contact; char due[11], name[101], email[256]; } *rows = NULL;
	int n = 0, cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(rows, cap, n + 1, 32) < 0) {
			rc = DB_ERROR;
			break;
		}
		rows[n].plan = db_col_int(s, 0);
		rows[n].person = db_col_int(s, 1);
		snprintf(rows[n].due, sizeof rows[n].due, "%s", db_col_text(s, 2));
		rows[n].contact = db_col_int(s, 3);
		snprintf(rows[n].name, sizeof rows[n].name, "%s", db_col_text(s, 4));
		snprintf(rows[n].email, sizeof rows[n].email, "%s", db_col_text(s, 5));
		n++;
	}
	db_done(s);
	const struct mail_settings *ms = mail_settings();
	for (int i = 0; rc == DB_DONE && i < n; i++) {
		char ref[24], link[400], due[40], on[40], key[96], cw[200] = "The SEN team", cwe[256] = "";
		day_t dd;
		if (date_parse_iso(rows[i].due, &dd) < 0)
			continue;
		date_format_long(dd, due, sizeof due);
		date_format_long(as_of, on, sizeof on);
		case_ref(rows[i].person, ref, sizeof ref);
		mail_link_person(rows[i].person, link, sizeof link);
		person_caseworker(d, rows[i].person, cw, sizeof cw, cwe, sizeof cwe);
		struct tmpl_val v[] = {
			{"la_name", ms->la_name}, {"case_ref", ref}, {"link", link}, {"caseworker_name", cw},
			{"caseworker_email", cwe}, {"today", on}, {"contact_name", rows[i].name}, {"review_due", due},
		};
		snprintf(key, sizeof key, "review-due:%lld:%s:%lld", (long long)rows[i].plan, rows[i].due,
		         (long long)rows[i].contact);
		count(rep, queue(d, key, "review_due_notice", rows[i].email, rows[i].name, rows[i].contact, 0,
		                 rows[i].person, 0, v, (int)(sizeof v / sizeof v[0]), now), &rep->review_notices);
	}
	free(rows);
	return rc == DB_DONE ? 0 : -1;
}

/* ---- weekly summaries ------------------------------------------------------- */

struct cw_tally {
	int64_t user;
	int people, overdue, due, reviews_overdue;
};

struct week_ctx {
	struct cw_tally *t;
	int n, cap, failed;
	day_t today;
	int days;
	int plans, bands[REVIEW_BANDS];
};

static struct cw_tally *tally_for(struct week_ctx *w, int64_t user)
{
	for (int i = 0; i < w->n; i++)
		if (w->t[i].user == user)
			return &w->t[i];
	if (ARRAY_RESERVE(w->t, w->cap, w->n + 1, 16) < 0)
		return NULL;
	memset(&w->t[w->n], 0, sizeof w->t[w->n]);
	w->t[w->n].user = user;
	return &w->t[w->n++];
}

static int week_take(void *ctx, const struct casefile *cf)
{
	struct week_ctx *w = ctx;
	struct cw_tally *t = tally_for(w, cf->caseworker_id);
	if (!t) {
		w->failed = 1;
		return 1;
	}
	t->people++;
	int active = 0;
	for (int i = 0; i < cf->nep; i++)
		active |= cf->ep[i].kind == EP_PLAN && !strcmp(cf->ep[i].plan_status, "active");
	w->plans += active;
	for (int i = 0; i < cf->nsteps; i++) {
		const struct case_step *cs = &cf->steps[i];
		if (step_is_overdue(&cs->st))
			t->overdue++;
		else if (step_due_within(&cs->st, w->today, w->days))
			t->due++;
		if (!strcmp(cs->st.rule->step, "review_due") && cs->st.status == ST_OVERDUE &&
		    !strcmp(cf->ep[cs->episode].plan_status, "active")) {
			t->reviews_overdue++;
			int b = review_overdue_band(cs->st.due, w->today);
			if (b >= 0)
				w->bands[b]++;
		}
	}
	return 0;
}

struct staff {
	int64_t id;
	char name[129], email[256], role[16], team[64];
};

static struct staff *staff_load(db *d, int *n)
{
	*n = 0;
	db_stmt *s = db_prepare(d, "SELECT id, display_name, email, role, COALESCE(team,'') FROM users WHERE disabled=0 "
	                           "AND email IS NOT NULL AND email<>'' AND role IN ('caseworker','manager') ORDER BY id");
	if (!s)
		return NULL;
	int cap = 16;
	struct staff *v = malloc((size_t)cap * sizeof *v);
	while (v && db_step(s) == DB_ROW) {
		if (ARRAY_RESERVE(v, cap, *n + 1, 16) < 0) {
			free(v);
			v = NULL;
			break;
		}
		struct staff *u = &v[(*n)++];
		u->id = db_col_int(s, 0);
		snprintf(u->name, sizeof u->name, "%s", db_col_text(s, 1));
		snprintf(u->email, sizeof u->email, "%s", db_col_text(s, 2));
		snprintf(u->role, sizeof u->role, "%s", db_col_text(s, 3));
		snprintf(u->team, sizeof u->team, "%s", db_col_text(s, 4));
	}
	db_done(s);
	return v;
}

static int weekly_pass(db *d, const struct jobs_settings *js, day_t as_of, int64_t now, struct jobs_report *rep)
{
	if (date_weekday(as_of) < js->summary_weekday)
		return 0;
	char week[12];
	date_iso_week(as_of, week);
	int nstaff;
	struct staff *st = staff_load(d, &nstaff);
	if (!st)
		return -1;
	struct week_ctx w = {0};
	w.today = as_of;
	w.days = js->work_due_days;
	struct case_filter f = {0, 0, 0, 0};
	int rc = nstaff ? casefile_each(d, &f, as_of, week_take, &w) : 0;
	if (rc < 0 || w.failed) {
		free(st);
		free(w.t);
		return -1;
	}
	const struct mail_settings *ms = mail_settings();
	char on[40], link[400], key[96];
	date_format_long(as_of, on, sizeof on);
	for (int i = 0; i < nstaff; i++) {
		const struct staff *u = &st[i];
		buf lines;
		buf_init(&lines, 64 << 10);
		char c1[16], c2[16], c3[16];
		if (!strcmp(u->role, "caseworker")) {
			struct cw_tally zero = {0}, *t = &zero;
			for (int k = 0; k < w.n; k++)
				if (w.t[k].user == u->id)
					t = &w.t[k];
			if (!t->people) {
				buf_free(&lines);
				continue;
			}
			snprintf(c1, sizeof c1, "%d", t->overdue);
			snprintf(c2, sizeof c2, "%d", t->due);
			snprintf(c3, sizeof c3, "%d", js->work_due_days);
			buf_printf(&lines, "- Children and young people allocated to you: %d\n", t->people);
			buf_printf(&lines, "- Statutory steps overdue: %d\n", t->overdue);
			buf_printf(&lines, "- Steps due in the next %d days: %d\n", js->work_due_days, t->due);
			buf_printf(&lines, "- Annual reviews overdue: %d", t->reviews_overdue);
			mail_link("/work", link, sizeof link);
			struct tmpl_val v[] = {
				{"la_name", ms->la_name}, {"case_ref", ""}, {"link", link}, {"caseworker_name", u->name},
				{"caseworker_email", u->email}, {"today", on}, {"user_name", u->name}, {"overdue_count", c1},
				{"due_count", c2}, {"due_days", c3}, {"summary_lines", buf_cstr(&lines)},
			};
			snprintf(key, sizeof key, "weekly:%lld:%s", (long long)u->id, week);
			count(rep, queue(d, key, "weekly_caseworker", u->email, u->name, 0, u->id, 0, 0, v,
			                 (int)(sizeof v / sizeof v[0]), now), &rep->weekly);
		} else {
			/* the team position: each caseworker (of the manager's team, if they have one) */
			int shown = 0;
			for (int k = 0; k < nstaff; k++) {
				const struct staff *c = &st[k];
				if (strcmp(c->role, "caseworker") || (u->team[0] && strcmp(c->team, u->team)))
					continue;
				struct cw_tally zero = {0}, *t = &zero;
				for (int j = 0; j < w.n; j++)
					if (w.t[j].user == c->id)
						t = &w.t[j];
				buf_printf(&lines, "%s- %s%s%s%s: %d allocated, %d overdue, %d due in %d days, %d reviews overdue",
				           shown ? "\n" : "", c->name, c->team[0] ? " (" : "", c->team, c->team[0] ? ")" : "",
				           t->people, t->overdue, t->due, js->work_due_days, t->reviews_overdue);
				shown++;
			}
			for (int j = 0; j < w.n; j++)
				if (w.t[j].user == 0 && w.t[j].people)
					buf_printf(&lines, "%s- Not allocated: %d, %d overdue, %d due in %d days", shown++ ? "\n" : "",
					           w.t[j].people, w.t[j].overdue, w.t[j].due, js->work_due_days);
			if (!shown)
				buf_puts(&lines, "- No caseworkers in the team have an email address recorded");
			buf rv;
			buf_init(&rv, 8 << 10);
			int over = 0;
			for (int b = 0; b < REVIEW_BANDS; b++)
				over += w.bands[b];
			buf_printf(&rv, "- Active EHC plans: %d\n- Annual reviews overdue: %d", w.plans, over);
			for (int b = 0; b < REVIEW_BANDS; b++)
				buf_printf(&rv, "\n- Overdue %s: %d", review_band_names[b], w.bands[b]);
			mail_link("/reviews", link, sizeof link);
			struct tmpl_val v[] = {
				{"la_name", ms->la_name}, {"case_ref", ""}, {"link", link}, {"caseworker_name", u->name},
				{"caseworker_email", u->email}, {"today", on}, {"user_name", u->name},
				{"summary_lines", buf_cstr(&lines)}, {"reviews_lines", buf_cstr(&rv)},
			};
			snprintf(key, sizeof key, "weekly:%lld:%s", (long long)u->id, week);
			count(rep, queue(d, key, "weekly_manager", u->email, u->name, 0, u->id, 0, 0, v,
			                 (int)(sizeof v / sizeof v[0]), now), &rep->weekly);
			buf_free(&rv);
		}
		buf_free(&lines);
	}
	free(st);
	free(w.t);
	return 0;
}

int jobs_run(db *d, const struct jobs_settings *js, day_t as_of, int64_t now, struct jobs_report *rep)
{
	memset(rep, 0, sizeof *rep);
	int rc = 0;
	/* first the clocks the calendar has moved on (a 5th birthday, a phase
	 * transfer coming into view): the passes below read them */
	long n = clockstore_due(d, as_of);
	if (n < 0)
		rc = -1;
	else
		rep->clocks = (int)n;
	if (advice_pass(d, js, as_of, now, rep) < 0)
		rc = -1;
	if (review_pass(d, js, as_of, now, rep) < 0)
		rc = -1;
	if (weekly_pass(d, js, as_of, now, rep) < 0)
		rc = -1;
	/* surveys triggered by plans issued and reviews decided in the last week, and yearly ones in the week after
	 * their day (survey.h: once each) */
	struct actor sys = {0, now, as_of, NULL};
	if (survey_send_due(d, &sys, 7) < 0)
		rc = -1;
	return rc;
}

void jobs_log_run(day_t as_of, const struct jobs_report *j, const struct outbox_report *o)
{
	char day[11];
	date_format_iso(as_of, day);
	log_info("jobs run as_of=%s clocks_refreshed=%d queued=%d reminders=%d overdue=%d escalations=%d review_notices=%d weekly=%d "
	         "not_sent=%d errors=%d sent=%d retry=%d failed=%d",
	         day, j->clocks, j->reminders + j->overdue + j->escalations + j->review_notices + j->weekly, j->reminders, j->overdue,
	         j->escalations, j->review_notices, j->weekly, j->cancelled + o->cancelled, j->errors, o->sent, o->retry,
	         o->failed);
}
