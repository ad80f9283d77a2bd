/* export.c — everything held about one child or young person (export.h). */
#include "domain/export.h"
#include "domain/audit.h"
#include "core/planref.h"
#include <stdio.h>
#include <string.h>

/* Each row of a query as an object of its columns. */
static json_t *row_object(db_stmt *s)
{
	json_t *o = json_object();
	int n = db_col_count(s);
	for (int c = 0; o && c < n; c++) {
		json_t *v = db_col_is_null(s, c) ? json_null() : db_col_is_int(s, c) ? json_integer(db_col_int(s, c))
		                                                                    : json_string(db_col_text(s, c));
		if (!v || json_object_set_new(o, db_col_name(s, c), v) < 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Every row of sql (one parameter: id) as an array; NULL on failure. */
static json_t *rows(db *d, const char *sql, int64_t id)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return NULL;
	db_bind_int(s, 1, id);
	json_t *a = json_array();
	int rc;
	while (a && (rc = db_step(s)) == DB_ROW) {
		json_t *o = row_object(s);
		if (!o || json_array_append_new(a, o) < 0) {
			json_decref(a);
			a = NULL;
		}
	}
	db_done(s);
	if (a && rc != DB_DONE) {
		json_decref(a);
		a = NULL;
	}
	return a;
}

/* The parts of the document that are rows naming the child. */
static const struct part {
	const char *key, *sql;
} parts[] = {
	{"contacts", "SELECT * FROM person_contacts WHERE person_id=? ORDER BY id"},
	{"capacity", "SELECT * FROM person_capacity WHERE person_id=?"},
	{"consents", "SELECT * FROM person_consents WHERE person_id=? ORDER BY given_date, id"},
	{"views", "SELECT * FROM person_views WHERE person_id=? ORDER BY view_date, id"},
	/* documents: their metadata and checksum, never their bytes (document_blobs) */
	{"documents", "SELECT * FROM documents WHERE person_id=? ORDER BY doc_date, id"},
	{"needs", "SELECT * FROM needs WHERE person_id=? ORDER BY rank"},
	{"requests", "SELECT * FROM requests WHERE person_id=? ORDER BY received_date, id"},
	{"assessments", "SELECT a.* FROM assessments a JOIN requests q ON q.id=a.request_id WHERE q.person_id=? ORDER BY a.id"},
	{"advice", "SELECT * FROM advice_requests WHERE person_id=? ORDER BY requested_date, id"},
	{"placements", "SELECT * FROM placements WHERE person_id=? ORDER BY start_date, id"},
	{"visits", "SELECT v.* FROM visits v WHERE v.person_id=? ORDER BY v.visit_date, v.id"},
	{"allocations", "SELECT * FROM allocations WHERE person_id=? ORDER BY id"},
	{"exceptions", "SELECT * FROM clock_exceptions WHERE person_id=? ORDER BY start_date, id"},
	{"panel_cases", "SELECT * FROM panel_cases WHERE person_id=? ORDER BY id"},
	/* quality assurance of the child's plans and case file (issue 17): the audits, their grades, their actions */
	{"quality_audits", "SELECT * FROM qa_audits WHERE person_id=? ORDER BY id"},
	{"quality_audit_grades", "SELECT g.*, c.section, c.title FROM qa_grades g JOIN qa_audits a ON a.id=g.audit_id "
	                         "JOIN qa_criteria c ON c.id=g.criterion_id WHERE a.person_id=? ORDER BY g.audit_id, g.id"},
	{"quality_actions", "SELECT * FROM qa_actions WHERE person_id=? ORDER BY id"},
	{"notes", "SELECT * FROM notes WHERE person_id=? ORDER BY created_at, id"},
	{"letters", "SELECT * FROM letters WHERE person_id=? ORDER BY id"},
	/* emails about the child, to the professionals asked (their addresses are theirs, not the child's) */
	{"emails", "SELECT id,person_id,template,to_name,subject,body,state,created_at,sent_at FROM outbox "
	           "WHERE person_id=? ORDER BY id"},
	{"timeline", "SELECT * FROM clock_steps WHERE person_id=? ORDER BY seq"},
	/* records merged into this one, or this one into another (docs/records.md) */
	{"merges", "SELECT * FROM merges WHERE kept_id=?1 OR absorbed_id=?1 ORDER BY id"},
	/* who viewed or changed the record, and when */
	{"audit", "SELECT a.id,a.at,a.user_id,u.username,a.action,a.entity,a.entity_id,a.fields FROM audit_events a "
	          "LEFT JOIN users u ON u.id=a.user_id WHERE a.person_id=? ORDER BY a.id"},
};

/* A version's sections keyed A–K: A and J objects, I text, the rest arrays of items. */
static json_t *sections(db *d, json_t *version)
{
	int64_t vid = json_integer_value(json_object_get(version, "id"));
	json_t *sec = json_object();
	if (!sec)
		return NULL;
	json_t *a = json_pack("{s:O,s:O,s:O}", "views", json_object_get(version, "a_views"), "interests",
	                      json_object_get(version, "a_interests"), "aspirations", json_object_get(version, "a_aspirations"));
	json_t *j = json_pack("{s:O,s:O,s:O,s:O}", "requested", json_object_get(version, "j_requested"), "amount",
	                      json_object_get(version, "j_amount"), "arrangements", json_object_get(version, "j_arrangements"),
	                      "direct_payments", json_object_get(version, "j_direct_payments"));
	if (!a || !j || json_object_set_new(sec, "A", a) < 0) {
		json_decref(j);
		json_decref(sec);
		return NULL;
	}
	for (int i = 0; plan_item_sections[i]; i++) {
		/* in plan order: I and J come before K */
		if (!strcmp(plan_item_sections[i], "K") &&
		    (json_object_set(sec, "I", json_object_get(version, "i_setting")) < 0 || json_object_set(sec, "J", j) < 0)) {
			json_decref(j);
			json_decref(sec);
			return NULL;
		}
		db_stmt *s = db_prepare(d, "SELECT * FROM plan_items WHERE version_id=? AND section=? ORDER BY num");
		if (!s) {
			json_decref(sec);
			return NULL;
		}
		db_bind_int(s, 1, vid);
		db_bind_text(s, 2, plan_item_sections[i]);
		json_t *arr = json_array();
		int rc;
		while (arr && (rc = db_step(s)) == DB_ROW) {
			json_t *o = row_object(s);
			char ref[PLAN_REF_MAX];
			plan_ref(plan_item_sections[i], db_col_int(s, 3), ref);
			if (!o || json_object_set_new(o, "ref", json_string(ref)) < 0 || json_array_append_new(arr, o) < 0) {
				json_decref(arr);
				arr = NULL;
			}
		}
		db_done(s);
		if (!arr || rc != DB_DONE || json_object_set_new(sec, plan_item_sections[i], arr) < 0) {
			json_decref(j);
			json_decref(sec);
			return NULL;
		}
	}
	json_decref(j);
	return sec;
}

json_t *person_export(db *d, int64_t person_id, int *found)
{
	*found = 0;
	json_t *people = rows(d, "SELECT * FROM people WHERE id=?", person_id);
	if (!people)
		return NULL;
	if (json_array_size(people) == 0) {
		json_decref(people);
		return NULL;
	}
	*found = 1;
	json_t *doc = json_object();
	int ok = doc && json_object_set(doc, "person", json_array_get(people, 0)) == 0;
	json_decref(people);
	for (size_t i = 0; ok && i < sizeof parts / sizeof parts[0]; i++) {
		json_t *a = rows(d, parts[i].sql, person_id);
		ok = a && json_object_set_new(doc, parts[i].key, a) == 0;
	}
	/* plans, each with its named settings and versions; each version with its sections */
	json_t *plans = ok ? rows(d, "SELECT * FROM plans WHERE person_id=? ORDER BY id", person_id) : NULL;
	ok = plans && json_object_set_new(doc, "plans", plans) == 0;
	size_t i;
	json_t *plan;
	if (ok)
		json_array_foreach(plans, i, plan) {
			int64_t plan_id = json_integer_value(json_object_get(plan, "id"));
			json_t *named = rows(d, "SELECT * FROM named_settings WHERE plan_id=? ORDER BY id", plan_id);
			json_t *versions = rows(d, "SELECT * FROM plan_versions WHERE plan_id=? ORDER BY seq", plan_id);
			ok = named && versions && json_object_set_new(plan, "named_settings", named) == 0 &&
			     json_object_set_new(plan, "versions", versions) == 0;
			size_t k;
			json_t *v;
			if (ok)
				json_array_foreach(versions, k, v) {
					json_t *sec = sections(d, v);
					if (!sec || json_object_set_new(v, "sections", sec) < 0) {
						ok = 0;
						break;
					}
				}
			if (!ok)
				break;
		}
	/* reviews, each with the progress recorded per outcome */
	json_t *reviews = ok ? rows(d, "SELECT r.* FROM reviews r JOIN plans p ON p.id=r.plan_id WHERE p.person_id=? "
	                               "ORDER BY r.meeting_date, r.id", person_id) : NULL;
	ok = reviews && json_object_set_new(doc, "reviews", reviews) == 0;
	json_t *rv;
	if (ok)
		json_array_foreach(reviews, i, rv) {
			json_t *p = rows(d, "SELECT * FROM review_outcomes WHERE review_id=? ORDER BY ref",
			                 json_integer_value(json_object_get(rv, "id")));
			if (!p || json_object_set_new(rv, "progress", p) < 0) {
				ok = 0;
				break;
			}
		}
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int person_export_audit(db *d, int64_t now, int64_t user_id, int64_t person_id)
{
	return audit_write(d, now, user_id, "export", "people", person_id, person_id, "person-export", NULL, NULL);
}
