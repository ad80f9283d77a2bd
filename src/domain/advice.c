/* advice.c — see advice.h. */
#include "domain/advice.h"
#include "domain/casefile.h"
#include "domain/outbox.h"
#include "core/clock.h"
#include "core/codes.h"
#include "core/rules.h"
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
	size_t n = 0, cap = 0;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	if (id > 0)
		db_bind_int(s, 1, id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct row *nr = realloc(rows, cap * sizeof *rows);
			if (!nr) {
				rc = DB_ERROR;
				break;
			}
			rows = nr;
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
	for (size_t i = 0; rc == DB_DONE && i < n; i++) {
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

int advice_ask_create(db *d, const struct advice_ask *a, int64_t now, int64_t *ids, char *err, size_t errlen)
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
			if (rc != DB_ROW) {
				snprintf(err, errlen, "One of the services chosen is no longer taking requests");
				return -1;
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
			if (rc != DB_ROW) {
				snprintf(err, errlen, "A contact chosen does not belong to its service");
				return -1;
			}
		} else if (!t->service_id) {
			snprintf(err, errlen, "Choose a contact for the setting");
			return -1;
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
			return -1;
		}
		char key[64];
		snprintf(key, sizeof key, "advice:%lld:request", (long long)ids[i]);
		struct outbox_msg m = {key, advice_kinds[nt.kind].request, nt.to_email,
		                       nt.contact_name[0] ? nt.contact_name : nt.service_name, nt.contact_id, 0,
		                       a->person_id, ids[i]};
		if (outbox_queue(d, &m, nt.vals, nt.nvals, now, err, errlen) < 0)
			return -1;
	}
	return 0;
store:
	snprintf(err, errlen, "The advice requests could not be saved: %s", db_errmsg(d));
	return -1;
}
