/* advice.c — see advice.h. */
#include "domain/advice.h"
#include "core/grow.h"
#include "domain/casefile.h"
#include "domain/change.h"
#include "domain/outbox.h"
#include "core/clock.h"
#include "core/codes.h"
#include "core/kpi.h"
#include "core/rules.h"
#include "domain/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct advice_kind_def advice_kinds[ADVICE_KINDS] = {
	[ADVICE_ASSESSMENT] = {"assessment_advice", "Assessment advice", R_ADVICE,
	                       "advice_request", "advice_reminder", "advice_overdue", "advice_escalation"},
	[ADVICE_REVIEW] = {"review_contribution", "Annual review contributions", R_REVIEW_ADVICE,
	                   "review_invitation", "review_contribution_reminder", "review_contribution_overdue",
	                   "review_contribution_escalation"},
};

day_t advice_contributions_due(day_t meeting, int lead_days)
{
	const struct rule *r = rule_get(R_REVIEW_ADVICE);
	return date_add_days(rule_due(casefile_settings(), r, meeting, r->amount), -lead_days);
}

static int due_of(db *d, int64_t request_id, int64_t meeting_id, const char *requested, char out[11])
{
	day_t req;
	out[0] = 0;
	if (meeting_id) {
		db_stmt *s = db_prepare(d, "SELECT contributions_due FROM review_meetings WHERE id=?");
		if (!s)
			return -1;
		db_bind_int(s, 1, meeting_id);
		if (db_step(s) == DB_ROW)
			snprintf(out, 11, "%s", db_col_text(s, 0));
		db_done(s);
		return 0;
	}
	if (date_parse_iso(requested, &req) < 0)
		return 0;
	const struct rule *r = rule_get(R_ADVICE);
	date_format_iso(rule_due(casefile_settings(), r, req, r->amount), out);
	return 0;
}

int advice_refresh_due(db *d, int64_t id)
{
	const char *sql = id > 0 ? "SELECT id, COALESCE(request_id,0), COALESCE(meeting_id,0), requested_date, COALESCE(due_date,'') "
	                           "FROM advice_requests WHERE id=?"
	                : id == 0 ? "SELECT id, COALESCE(request_id,0), COALESCE(meeting_id,0), requested_date, COALESCE(due_date,'') "
	                            "FROM advice_requests ORDER BY id"
	                          : "SELECT id, COALESCE(request_id,0), COALESCE(meeting_id,0), requested_date, COALESCE(due_date,'') "
	                            "FROM advice_requests WHERE due_date IS NULL ORDER BY id";
	struct row { int64_t id, rq, mt; char req[11], have[11]; } *rows = NULL;
	int n = 0, cap = 0;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	if (id > 0)
		db_bind_int(s, 1, id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(rows, cap, n + 1, 64) < 0) {
			rc = DB_ERROR;
			break;
		}
		rows[n].id = db_col_int(s, 0);
		rows[n].rq = db_col_int(s, 1);
		rows[n].mt = db_col_int(s, 2);
		snprintf(rows[n].req, sizeof rows[n].req, "%s", db_col_text(s, 3));
		snprintf(rows[n].have, sizeof rows[n].have, "%s", db_col_text(s, 4));
		n++;
	}
	db_done(s);
	int changed = 0;
	for (int i = 0; rc == DB_DONE && i < n; i++) {
		char due[11];
		if (due_of(d, rows[i].rq, rows[i].mt, rows[i].req, due) < 0) {
			rc = DB_ERROR;
			break;
		}
		if (!strcmp(due, rows[i].have))
			continue;
		db_stmt *u = db_prepare(d, "UPDATE advice_requests SET due_date=? WHERE id=?");
		if (!u) {
			rc = DB_ERROR;
			break;
		}
		db_bind_opt_text(u, 1, due);
		db_bind_int(u, 2, rows[i].id);
		if (db_step(u) != DB_DONE)
			rc = DB_ERROR;
		db_done(u);
		changed++;
	}
	free(rows);
	return rc == DB_DONE ? changed : -1;
}

static void fmt_day(day_t d, char *out, size_t n)
{
	if (d == DATE_NONE)
		snprintf(out, n, "%s", "");
	else
		date_format_long(d, out, n);
}

int person_caseworker(db *d, int64_t person_id, char *name, size_t nn, char *email, size_t en)
{
	snprintf(name, nn, "The SEN team");
	email[0] = 0;
	db_stmt *s = db_prepare(d, "SELECT u.display_name, COALESCE(u.email,'') FROM allocations al JOIN users u "
	                           "ON u.id=al.user_id WHERE al.person_id=? AND al.end_date IS NULL");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	if (db_step(s) == DB_ROW) {
		snprintf(name, nn, "%s", db_col_text(s, 0));
		snprintf(email, en, "%s", db_col_text(s, 1));
	}
	db_done(s);
	return 0;
}

int advice_notice_load(db *d, int64_t id, day_t today, struct advice_notice *n)
{
	memset(n, 0, sizeof *n);
	db_stmt *s = db_prepare(d,
		"SELECT a.person_id, a.service, COALESCE(sv.name,''), COALESCE(c.name,''), COALESCE(c.email, sv.email, ''), "
		"COALESCE(c.id,0), COALESCE(sv.manager_name,''), COALESCE(sv.manager_email,''), a.requested_date, "
		"COALESCE(a.due_date,''), COALESCE(a.received_date,''), COALESCE(a.meeting_id,0), COALESCE(m.meeting_date,''), "
		"COALESCE(e.name,''), COALESCE(a.request_id,0) "
		"FROM advice_requests a LEFT JOIN services sv ON sv.id=a.service_id LEFT JOIN contacts c ON c.id=a.contact_id "
		"LEFT JOIN establishments e ON e.id=c.establishment_id LEFT JOIN review_meetings m ON m.id=a.meeting_id "
		"WHERE a.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc != DB_ROW) {
		db_done(s);
		return rc == DB_DONE ? 1 : -1;
	}
	n->id = id;
	n->person_id = db_col_int(s, 0);
	snprintf(n->service_code, sizeof n->service_code, "%s", db_col_text(s, 1));
	snprintf(n->service_name, sizeof n->service_name, "%s", db_col_text(s, 2));
	snprintf(n->contact_name, sizeof n->contact_name, "%s", db_col_text(s, 3));
	snprintf(n->to_email, sizeof n->to_email, "%s", db_col_text(s, 4));
	n->contact_id = db_col_int(s, 5);
	snprintf(n->manager_name, sizeof n->manager_name, "%s", db_col_text(s, 6));
	snprintf(n->manager_email, sizeof n->manager_email, "%s", db_col_text(s, 7));
	n->requested = n->due = n->received = n->meeting = DATE_NONE;
	date_parse_iso(db_col_text(s, 8), &n->requested);
	date_parse_iso(db_col_text(s, 9), &n->due);
	date_parse_iso(db_col_text(s, 10), &n->received);
	n->meeting_id = db_col_int(s, 11);
	n->kind = n->meeting_id ? ADVICE_REVIEW : ADVICE_ASSESSMENT;
	date_parse_iso(db_col_text(s, 12), &n->meeting);
	if (!n->service_name[0] && db_col_text(s, 13)[0])
		snprintf(n->service_name, sizeof n->service_name, "%s (SENCO)", db_col_text(s, 13));
	if (!n->service_name[0]) {
		const struct code *c = code_find(&codes_advice_service, n->service_code, 0);
		snprintf(n->service_name, sizeof n->service_name, "%s", c ? c->label : n->service_code);
	}
	n->request_id = db_col_int(s, 14);
	db_done(s);

	if (person_caseworker(d, n->person_id, n->caseworker_name, sizeof n->caseworker_name, n->caseworker_email,
	                      sizeof n->caseworker_email) < 0)
		return -1;

	const struct mail_settings *ms = mail_settings();
	case_ref(n->person_id, n->s_ref, sizeof n->s_ref);
	mail_link_person(n->person_id, n->s_link, sizeof n->s_link);
	fmt_day(n->requested, n->s_sent, sizeof n->s_sent);
	fmt_day(n->due, n->s_due, sizeof n->s_due);
	fmt_day(n->meeting, n->s_meeting, sizeof n->s_meeting);
	fmt_day(today, n->s_today, sizeof n->s_today);
	const struct rule *r = rule_get(advice_kinds[n->kind].rule);
	snprintf(n->s_duty, sizeof n->s_duty, "%s", r->citation);
	int left = n->due != DATE_NONE ? date_diff_days(today, n->due) : 0;
	snprintf(n->s_left, sizeof n->s_left, "%d", left > 0 ? left : 0);
	snprintf(n->s_over, sizeof n->s_over, "%d", left < 0 ? -left : 0);
	struct tmpl_val v[] = {
		{"la_name", ms->la_name}, {"case_ref", n->s_ref}, {"link", n->s_link},
		{"caseworker_name", n->caseworker_name}, {"caseworker_email", n->caseworker_email}, {"today", n->s_today},
		{"service_name", n->service_name}, {"contact_name", n->contact_name[0] ? n->contact_name : n->service_name},
		{"sent_date", n->s_sent}, {"due_date", n->s_due}, {"duty", n->s_duty}, {"meeting_date", n->s_meeting},
		{"days_left", n->s_left}, {"days_overdue", n->s_over},
		{"manager_name", n->manager_name[0] ? n->manager_name : "Service manager"},
	};
	n->nvals = (int)(sizeof v / sizeof v[0]);
	memcpy(n->vals, v, sizeof v);
	return 0;
}

/* Creates the requests and queues their emails, in the caller's change:
 * ADVICE_OK (ids[i] set), ADVICE_REFUSED with a message for the user in
 * err, ADVICE_ERROR. */
static int ask_rows(db *d, const struct advice_ask *a, int64_t now, int64_t *ids, char *err, size_t errlen)
{
	char sent[11];
	date_format_iso(a->sent, sent);
	for (int i = 0; i < a->n; i++) {
		const struct advice_target *t = &a->t[i];
		char kind[16] = "SENCO";
		if (t->service_id) {
			db_stmt *s = db_prepare(d, "SELECT kind FROM services WHERE id=? AND closed=0");
			if (!s)
				goto store;
			db_bind_int(s, 1, t->service_id);
			int rc = db_step(s);
			if (rc == DB_ROW)
				snprintf(kind, sizeof kind, "%s", db_col_text(s, 0));
			db_done(s);
			if (rc == DB_ERROR || rc == DB_BUSY)
				goto store;
			if (rc != DB_ROW) {
				snprintf(err, errlen, "One of the services chosen is no longer taking requests");
				return ADVICE_REFUSED;
			}
		}
		if (t->contact_id) {
			db_stmt *s = db_prepare(d, "SELECT 1 FROM contacts WHERE id=? AND "
			                           "(service_id=? OR (? = 0 AND establishment_id IS NOT NULL))");
			if (!s)
				goto store;
			db_bind_int(s, 1, t->contact_id);
			db_bind_int(s, 2, t->service_id);
			db_bind_int(s, 3, t->service_id);
			int rc = db_step(s);
			db_done(s);
			if (rc == DB_ERROR || rc == DB_BUSY)
				goto store;
			if (rc != DB_ROW) {
				snprintf(err, errlen, "A contact chosen does not belong to its service");
				return ADVICE_REFUSED;
			}
		} else if (!t->service_id) {
			snprintf(err, errlen, "Choose a contact for the setting");
			return ADVICE_REFUSED;
		}
		db_stmt *s = db_prepare(d, "INSERT INTO advice_requests(request_id,meeting_id,person_id,service,service_id,"
		                           "contact_id,requested_date,created_by) VALUES(?,?,?,?,?,?,?,?) RETURNING id");
		if (!s)
			goto store;
		if (a->request_id) db_bind_int(s, 1, a->request_id); else db_bind_null(s, 1);
		if (a->meeting_id) db_bind_int(s, 2, a->meeting_id); else db_bind_null(s, 2);
		db_bind_int(s, 3, a->person_id);
		db_bind_text(s, 4, kind);
		if (t->service_id) db_bind_int(s, 5, t->service_id); else db_bind_null(s, 5);
		if (t->contact_id) db_bind_int(s, 6, t->contact_id); else db_bind_null(s, 6);
		db_bind_text(s, 7, sent);
		if (a->user_id) db_bind_int(s, 8, a->user_id); else db_bind_null(s, 8);
		int rc = db_step(s);
		ids[i] = rc == DB_ROW ? db_col_int(s, 0) : 0;
		db_done(s);
		if (!ids[i] || advice_refresh_due(d, ids[i]) < 0)
			goto store;
		struct advice_notice nt;
		if (advice_notice_load(d, ids[i], a->sent, &nt) != 0)
			goto store;
		if (!nt.to_email[0]) {
			snprintf(err, errlen, "%s has no email address: add a contact or the team's address first", nt.service_name);
			return ADVICE_REFUSED;
		}
		char key[64];
		snprintf(key, sizeof key, "advice:%lld:request", (long long)ids[i]);
		struct outbox_msg m = {key, advice_kinds[nt.kind].request, nt.to_email,
		                       nt.contact_name[0] ? nt.contact_name : nt.service_name, nt.contact_id, 0,
		                       a->person_id, ids[i]};
		if (outbox_queue(d, &m, nt.vals, nt.nvals, now, err, errlen) < 0) {
			log_info("advice: queueing the request's email failed advice=%lld template=%s", (long long)ids[i],
			         m.template);
			return ADVICE_ERROR;
		}
	}
	return ADVICE_OK;
store:
	snprintf(err, errlen, "The advice requests could not be saved");
	return ADVICE_ERROR;
}

void advice_sent_check(day_t sent, const char *received, day_t today, struct errs *e)
{
	day_t rec;
	if (sent != DATE_NONE && sent > today)
		errs_add(e, "sent", "Date the requests are sent must be today or in the past");
	else if (sent != DATE_NONE && received && date_parse_iso(received, &rec) == 0 && sent < rec)
		errs_add(e, "sent", "Date the requests are sent must be on or after the date the request was received");
	errs_anchor(e, "sent", "-day");
}

/* The requests of a, their emails and audit rows, in the change c. */
static int ask_in(struct change *c, const struct advice_ask *a, int64_t *ids, struct errs *e)
{
	char err[300];
	int rc = ask_rows(c->d, a, c->who.now, ids, err, sizeof err);
	if (rc == ADVICE_REFUSED)
		errs_add(e, "svc", "%s", err);
	if (rc != ADVICE_OK)
		return rc;
	for (int i = 0; i < a->n; i++)
		if (change_audit(c, "create", "advice", ids[i], a->person_id, "service,contact,requested_date", NULL) < 0)
			return ADVICE_ERROR;
	return ADVICE_OK;
}

int advice_ask(db *d, const struct actor *who, const struct advice_ask *a, int64_t *ids, struct errs *e)
{
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return ADVICE_ERROR;
	int rc = ask_in(&c, a, ids, e);
	if (rc != ADVICE_OK) {
		change_rollback(&c);
		return rc;
	}
	return change_commit(&c) == 0 ? ADVICE_OK : ADVICE_ERROR;
}

void review_meeting_dates(day_t meeting, day_t *contrib, int contrib_given, int lead_days, day_t today,
                          struct errs *e)
{
	if (meeting != DATE_NONE && meeting <= today) {
		errs_add(e, "meeting", "Meeting date must be in the future: record a meeting that has happened as a review");
		errs_anchor(e, "meeting", "-day");
	}
	if (!contrib_given && meeting != DATE_NONE)
		*contrib = advice_contributions_due(meeting, lead_days);
	if (meeting != DATE_NONE && meeting > today && *contrib != DATE_NONE) {
		day_t latest = advice_contributions_due(meeting, 0);
		if (*contrib > latest) {
			char l[40];
			date_format_long(latest, l, sizeof l);
			errs_add(e, "contributions", "Date contributions are due must be on or before %s, so they can be "
			         "circulated 2 weeks before the meeting (reg 20(4))", l);
		} else if (*contrib <= today)
			errs_add(e, "contributions", "Date contributions are due must be in the future: arrange the meeting "
			         "later, or give partners time to reply");
	}
	errs_anchor(e, "contributions", "-day");
}

static int64_t insert_meeting(struct change *c, const struct review_meeting_in *m)
{
	char mi[11], ci[11], at[21];
	date_format_iso(m->meeting, mi);
	date_format_iso(m->contributions, ci);
	date_instant_iso(c->who.now, at);
	db_stmt *s = db_prepare(c->d, "INSERT INTO review_meetings(plan_id,meeting_date,contributions_due,created_by,"
	                              "created_at) VALUES(?,?,?,?,?) RETURNING id");
	if (!s)
		return 0;
	db_bind_int(s, 1, m->plan_id);
	db_bind_text(s, 2, mi);
	db_bind_text(s, 3, ci);
	if (c->who.user_id)
		db_bind_int(s, 4, c->who.user_id);
	else
		db_bind_null(s, 4);
	db_bind_text(s, 5, at);
	int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	return id;
}

int review_meeting_arrange(db *d, const struct actor *who, const struct review_meeting_in *m, int64_t *meeting_id,
                           struct errs *e)
{
	*meeting_id = 0;
	int64_t *ids = calloc(m->n ? (size_t)m->n : 1, sizeof *ids);
	struct change c;
	if (!ids || change_begin(&c, d, who) < 0) {
		free(ids);
		return ADVICE_ERROR;
	}
	int rc = ADVICE_ERROR;
	int64_t mid = insert_meeting(&c, m);
	if (mid && change_audit(&c, "create", "review-meetings", mid, m->person_id, "meeting_date,contributions_due",
	                        NULL) == 0) {
		struct advice_ask a = {0, mid, m->person_id, who->user_id, who->today, m->t, m->n};
		rc = ask_in(&c, &a, ids, e);
	}
	free(ids);
	if (rc != ADVICE_OK) {
		change_rollback(&c);
		return rc;
	}
	if (change_commit(&c) < 0)
		return ADVICE_ERROR;
	*meeting_id = mid;
	return ADVICE_OK;
}

/* ---- the timeliness report ------------------------------------------------------------- */

static const char q_report[] =
	"SELECT " ADVICE_SERVICE_NAME_SQL ", "
	"substr(a.due_date,1,7), a.due_date, COALESCE(a.received_date,'') FROM advice_requests a "
	"LEFT JOIN services sv ON sv.id=a.service_id WHERE " ADVICE_KIND_SQL "=?3 AND a.due_date IS NOT NULL "
	"AND substr(a.due_date,1,7)>=?1 AND substr(a.due_date,1,7)<=?2 ORDER BY 1, 2";

static void count_in(struct advice_month *c, enum kpi_advice_timing t)
{
	c->due++;
	if (t == KA_ON_TIME)
		c->on_time++;
	else if (t == KA_LATE)
		c->late++;
	else
		c->waiting++;
}

int advice_timeliness_load(db *d, enum advice_kind kind, const char *from, int nmonths, const char *to, day_t as_of,
                           struct advice_timeliness *t)
{
	memset(t, 0, sizeof *t);
	int y = 0, m = 0;
	if (nmonths < 0 || nmonths > ADVICE_REPORT_MAX_MONTHS || !from || sscanf(from, "%4d-%2d", &y, &m) != 2)
		return -1;
	t->nmonths = nmonths;
	for (int i = 0; i < nmonths; i++) {
		snprintf(t->month[i], sizeof t->month[i], "%04d-%02d", (y % 10000 + 10000) % 10000, (m % 100 + 100) % 100);
		if (++m > 12)
			m = 1, y++;
	}
	db_stmt *s = db_prepare(d, q_report);
	if (!s)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	db_bind_int(s, 3, kind);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		day_t due = DATE_NONE, got = DATE_NONE;
		date_parse_iso(db_col_text(s, 2), &due);
		date_parse_iso(db_col_text(s, 3), &got);
		enum kpi_advice_timing tm = kpi_advice_timing(due, got, as_of);
		if (tm == KA_NOT_DUE)   /* its deadline has not passed: not counted yet */
			continue;
		const char *name = db_col_text(s, 0);
		const struct code *c = code_find(&codes_advice_service, name, 0);
		if (c)
			name = c->label;
		int k = -1;
		for (int i = 0; i < t->nsv; i++)
			if (!strcmp(t->sv[i].name, name))
				k = i;
		if (k < 0 && t->nsv < ADVICE_REPORT_MAX_SERVICES) {
			k = t->nsv++;
			snprintf(t->sv[k].name, sizeof t->sv[k].name, "%s", name);
		}
		if (k < 0)
			continue;
		int mi = -1;
		for (int i = 0; i < nmonths; i++)
			if (!strcmp(t->month[i], db_col_text(s, 1)))
				mi = i;
		if (mi < 0)
			continue;
		count_in(&t->sv[k].m[mi], tm);
		count_in(&t->sv[k].total, tm);
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

static const char q_outstanding[] =
	"SELECT " ADVICE_SERVICE_NAME_SQL ", "
	"COALESCE(c.name,''), p.id, p.forename, p.surname, a.requested_date, a.due_date, a.id, " ADVICE_KIND_SQL " "
	"FROM advice_requests a "
	"JOIN people p ON p.id=a.person_id LEFT JOIN services sv ON sv.id=a.service_id "
	"LEFT JOIN contacts c ON c.id=a.contact_id WHERE a.received_date IS NULL AND a.due_date IS NOT NULL "
	"ORDER BY 9, 1, a.due_date, a.id";

int advice_outstanding_each(db *d, day_t as_of, advice_outstanding_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, q_outstanding);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const struct code *c = code_find(&codes_advice_service, db_col_text(s, 0), 0);
		day_t due;
		struct advice_outstanding o = {
			db_col_int(s, 7), db_col_int(s, 2), db_col_int(s, 8) ? ADVICE_REVIEW : ADVICE_ASSESSMENT,
			c ? c->label : db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 3), db_col_text(s, 4),
			db_col_text(s, 5), db_col_text(s, 6),
			date_parse_iso(db_col_text(s, 6), &due) == 0 ? date_diff_days(due, as_of) : 0,
		};
		if (fn(ctx, &o))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}
