/* plancontent.c — the EHC plan as content (plancontent.h). */
#include "domain/plancontent.h"
#include "domain/change.h"
#include "domain/entity.h"
#include "domain/family.h"
#include "core/validate.h"
#include "core/codes.h"
#include "core/date.h"
#include "core/grow.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PV_COLS "v.id,v.plan_id,p.person_id,v.seq,COALESCE(v.review_id,0),v.version,v.amendment,v.j_requested," \
	"v.j_direct_payments,COALESCE(v.j_amount,-1),COALESCE(v.prov_items,-1),COALESCE(v.prov_unspecified,-1)," \
	"COALESCE(v.prov_unquantified,-1),COALESCE(v.prov_findings,-1),v.sent_date,v.comments_date,v.comments," \
	"v.setting_requested,v.final_date,v.a_views,v.a_interests,v.a_aspirations,v.i_setting,v.j_arrangements," \
	"v.created_at,p.status"

static char *col_dup(db_stmt *s, int c)
{
	return db_col_is_null(s, c) ? NULL : strdup(db_col_text(s, c));
}

void pc_version_free(struct pc_version *v)
{
	char **s[] = {&v->sent_date, &v->comments_date, &v->comments, &v->setting_requested, &v->final_date,
	              &v->a_views, &v->a_interests, &v->a_aspirations, &v->i_setting, &v->j_arrangements, &v->created_at};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		free(*s[i]);
		*s[i] = NULL;
	}
}

int pc_version_load(db *d, int64_t id, struct pc_version *v)
{
	memset(v, 0, sizeof *v);
	db_stmt *s = db_prepare(d, "SELECT " PV_COLS " FROM plan_versions v JOIN plans p ON p.id=v.plan_id WHERE v.id=?");
	if (!s)
		return ENT_ERROR;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc != DB_ROW) {
		db_done(s);
		return rc == DB_DONE ? ENT_NOT_FOUND : ENT_ERROR;
	}
	v->id = db_col_int(s, 0);
	v->plan_id = db_col_int(s, 1);
	v->person_id = db_col_int(s, 2);
	v->seq = db_col_int(s, 3);
	v->review_id = db_col_int(s, 4);
	v->version = db_col_int(s, 5);
	v->amendment = (int)db_col_int(s, 6);
	v->j_requested = (int)db_col_int(s, 7);
	v->j_direct_payments = (int)db_col_int(s, 8);
	v->j_amount = db_col_int(s, 9);
	v->prov_items = db_col_int(s, 10);
	v->prov_unspecified = db_col_int(s, 11);
	v->prov_unquantified = db_col_int(s, 12);
	v->prov_findings = db_col_int(s, 13);
	char **str[] = {&v->sent_date, &v->comments_date, &v->comments, &v->setting_requested, &v->final_date,
	                &v->a_views, &v->a_interests, &v->a_aspirations, &v->i_setting, &v->j_arrangements, &v->created_at};
	for (int i = 0; i < (int)(sizeof str / sizeof str[0]); i++)
		*str[i] = col_dup(s, 14 + i);
	snprintf(v->plan_status, sizeof v->plan_status, "%s", db_col_text(s, 25));
	db_done(s);
	return ENT_OK;
}

const char *pc_version_kind(int amendment, int is_final)
{
	return amendment ? (is_final ? "Amended final" : "Draft amendment") : (is_final ? "Final" : "Draft");
}

int pc_versions_each(db *d, int64_t plan_id, pc_version_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT id,seq,COALESCE(review_id,0),amendment,COALESCE(sent_date,''),"
	                           "COALESCE(comments_date,''),COALESCE(final_date,''),created_at "
	                           "FROM plan_versions WHERE plan_id=? ORDER BY seq DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, plan_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pc_version_row r = {db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), (int)db_col_int(s, 3),
		                           db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7)};
		if (fn(ctx, &r))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int pc_plan_current(db *d, int64_t plan_id, int64_t *draft_id, int64_t *final_id)
{
	db_stmt *s = db_prepare(d, "SELECT COALESCE((SELECT id FROM plan_versions WHERE plan_id=?1 AND final_date IS NULL),0),"
	                           "COALESCE((SELECT id FROM plan_versions WHERE plan_id=?1 AND final_date IS NOT NULL "
	                           "ORDER BY seq DESC LIMIT 1),0)");
	if (!s)
		return -1;
	db_bind_int(s, 1, plan_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*draft_id = db_col_int(s, 0);
		*final_id = db_col_int(s, 1);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

/* ---- items ---------------------------------------------------------------------- */

#define ITEM_COLS "id,version_id,num,COALESCE(advice_id,0),version,section,COALESCE(area,''),text,COALESCE(who,'')," \
	"COALESCE(how_often,''),COALESCE(how_long,''),COALESCE(group_size,''),COALESCE(timescale,'')," \
	"COALESCE(measure,''),COALESCE(links,''),COALESCE(item_date,'')"
/* plan order: B C D E F G H1 H2 K, then by number */
#define ITEM_ORDER " ORDER BY CASE section WHEN 'B' THEN 1 WHEN 'C' THEN 2 WHEN 'D' THEN 3 WHEN 'E' THEN 4 " \
	"WHEN 'F' THEN 5 WHEN 'G' THEN 6 WHEN 'H1' THEN 7 WHEN 'H2' THEN 8 ELSE 9 END, num"

static void item_from(db_stmt *s, struct pc_item *it)
{
	it->id = db_col_int(s, 0);
	it->version_id = db_col_int(s, 1);
	it->num = db_col_int(s, 2);
	it->advice_id = db_col_int(s, 3);
	it->version = db_col_int(s, 4);
	it->section = db_col_text(s, 5);
	it->area = db_col_text(s, 6);
	it->text = db_col_text(s, 7);
	it->who = db_col_text(s, 8);
	it->how_often = db_col_text(s, 9);
	it->how_long = db_col_text(s, 10);
	it->group_size = db_col_text(s, 11);
	it->timescale = db_col_text(s, 12);
	it->measure = db_col_text(s, 13);
	it->links = db_col_text(s, 14);
	it->item_date = db_col_text(s, 15);
	plan_ref(it->section, it->num, it->ref);
}

int pc_items_each(db *d, int64_t version_id, const char *sections, pc_item_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " ITEM_COLS " FROM plan_items WHERE version_id=?1 "
	                           "AND (CAST(?2 AS TEXT) IS NULL "
	                           "OR length(replace(','||?2||',', ','||section||',', '')) < length(','||?2||','))" ITEM_ORDER);
	if (!s)
		return -1;
	db_bind_int(s, 1, version_id);
	db_bind_text(s, 2, sections);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct pc_item it;
		item_from(s, &it);
		if (fn(ctx, &it))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int pc_section_is_provision(const char *section)
{
	return section && (!strcmp(section, "F") || !strcmp(section, "G") || !strcmp(section, "H1") || !strcmp(section, "H2"));
}

void pc_item_check_text(const struct pc_item *it, buf *out)
{
	const char *parts[] = {it->text, it->who, it->how_often, it->how_long, it->group_size};
	int first = 1;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		/* one line: the check reads a line an item */
		if (!first)
			buf_puts(out, "; ");
		for (const char *p = parts[i]; *p; p++)
			buf_putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
		first = 0;
	}
}

int pc_item_check(const struct prov_terms *t, const struct pc_item *it, struct prov_result *res)
{
	buf b = BUF_INIT;
	pc_item_check_text(it, &b);
	if (!pc_section_is_provision(it->section)) {
		/* an outcome: its words, then the measure; only vague words count */
		buf_puts(&b, "; ");
		buf_puts(&b, it->measure);
	}
	int rc = b.err ? -1 : prov_check(t, buf_cstr(&b), res);
	buf_free(&b);
	if (rc == 0 && !pc_section_is_provision(it->section)) {
		int k = 0;
		for (int i = 0; i < res->nf; i++)
			if (!strcmp(res->f[i].id, "vague"))
				res->f[k++] = res->f[i];
		res->nf = k;
		res->specified = res->quantified = 1;
	}
	return rc;
}

struct counts_ctx {
	const struct prov_terms *t;
	struct pc_counts *c;
	int failed;
};

static int count_one(void *ctx, const struct pc_item *it)
{
	struct counts_ctx *x = ctx;
	struct prov_result res;
	if (pc_item_check(x->t, it, &res) < 0) {
		x->failed = 1;
		return 1;
	}
	x->c->items++;
	x->c->unspecified += !res.specified;
	x->c->unquantified += !res.quantified;
	x->c->findings += res.nf;
	return 0;
}

int pc_version_counts(db *d, int64_t version_id, const struct prov_terms *t, struct pc_counts *out)
{
	memset(out, 0, sizeof *out);
	struct counts_ctx x = {t, out, 0};
	return pc_items_each(d, version_id, "F,G,H1,H2", count_one, &x) < 0 || x.failed ? -1 : 0;
}

/* ---- writes ------------------------------------------------------------------------ */

static int exec_bound(db *d, const char *sql, int64_t a, int64_t b)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	db_bind_int(s, 1, a);
	db_bind_int(s, 2, b);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

/* Section K: the advice received for the plan (its request's and its review
 * meetings'), not yet in the version, oldest first, each named by its
 * service and author.  Returns how many were added, or -1. */
static int add_advice(db *d, int64_t version_id)
{
	db_stmt *s = db_prepare(d,
		"SELECT a.id,a.service,a.received_date,COALESCE(c.name||COALESCE(', '||NULLIF(c.job_title,''),''),'') "
		"FROM plan_versions v JOIN plans p ON p.id=v.plan_id JOIN advice_requests a ON a.received_date IS NOT NULL "
		"AND (a.request_id=p.request_id OR a.meeting_id IN (SELECT id FROM review_meetings WHERE plan_id=p.id)) "
		"LEFT JOIN contacts c ON c.id=a.contact_id WHERE v.id=?1 "
		"AND a.id NOT IN (SELECT advice_id FROM plan_items WHERE version_id=?1 AND advice_id IS NOT NULL) "
		"ORDER BY a.received_date, a.id LIMIT 200");
	if (!s)
		return -1;
	db_bind_int(s, 1, version_id);
	struct { int64_t id; char text[160], who[240], date[11]; } *rows = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(rows, cap, n + 1, 16) < 0) {
			rc = DB_ERROR;
			break;
		}
		const char *svc = db_col_text(s, 1), *l = code_label(&codes_advice_service, svc);
		rows[n].id = db_col_int(s, 0);
		snprintf(rows[n].text, sizeof rows[n].text, "Advice from %s", l ? l : svc);
		snprintf(rows[n].date, sizeof rows[n].date, "%s", db_col_text(s, 2));
		snprintf(rows[n].who, sizeof rows[n].who, "%s", db_col_text(s, 3));
		n++;
	}
	db_done(s);
	if (rc != DB_DONE) {
		free(rows);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		db_stmt *w = db_prepare(d, "INSERT INTO plan_items(version_id,section,num,text,who,item_date,advice_id) "
		                           "VALUES(?1,'K',(SELECT COALESCE(MAX(num),0)+1 FROM plan_items WHERE version_id=?1 "
		                           "AND section='K'),?2,NULLIF(?3,''),?4,?5)");
		if (!w) {
			free(rows);
			return -1;
		}
		db_bind_int(w, 1, version_id);
		db_bind_text(w, 2, rows[i].text);
		db_bind_text(w, 3, rows[i].who);
		db_bind_text(w, 4, rows[i].date);
		db_bind_int(w, 5, rows[i].id);
		rc = db_step(w);
		db_done(w);
		if (rc != DB_DONE) {
			free(rows);
			return -1;
		}
	}
	free(rows);
	return n;
}

/* The version itself, inside change c (rolled back by the caller on failure). */
static int start_version(struct change *cp, int64_t plan_id, int64_t review_id, int64_t *out_id, struct errs *err)
{
	db *d = cp->d;
	char now[21];
	date_instant_iso(cp->who.now, now);
	db_stmt *s = db_prepare(d, "SELECT p.person_id,p.status,"
	                           "(SELECT COUNT(*) FROM plan_versions WHERE plan_id=p.id AND final_date IS NULL),"
	                           "COALESCE((SELECT id FROM plan_versions WHERE plan_id=p.id AND final_date IS NOT NULL "
	                           "ORDER BY seq DESC LIMIT 1),0),"
	                           "COALESCE((SELECT MAX(seq) FROM plan_versions WHERE plan_id=p.id),0),"
	                           "(?2 = 0 OR EXISTS (SELECT 1 FROM reviews WHERE id=?2 AND plan_id=p.id)) "
	                           "FROM plans p WHERE p.id=?1");
	if (!s)
		return ENT_ERROR;
	db_bind_int(s, 1, plan_id);
	db_bind_int(s, 2, review_id);
	int rc = db_step(s);
	if (rc != DB_ROW) {
		db_done(s);
		return rc == DB_DONE ? ENT_NOT_FOUND : ENT_ERROR;
	}
	int64_t person_id = db_col_int(s, 0);
	char status[12];
	snprintf(status, sizeof status, "%s", db_col_text(s, 1));
	int64_t drafts = db_col_int(s, 2), final_id = db_col_int(s, 3), seq = db_col_int(s, 4) + 1;
	int review_ok = (int)db_col_int(s, 5);
	db_done(s);
	if (!review_ok)
		return ENT_NOT_FOUND;
	if (drafts)
		errs_add(err, "plan", "This plan already has a draft: finish or send that one first");
	else if (!strcmp(status, "ceased"))
		errs_add(err, "plan", "This plan has ceased: its content cannot change");
	if (err->n)
		return ENT_INVALID;
	int amendment = final_id || !strcmp(status, "active");
	db_stmt *ins = db_prepare(d,
		"INSERT INTO plan_versions(plan_id,seq,amendment,review_id,a_views,a_interests,a_aspirations,j_requested,"
		"j_amount,j_arrangements,j_direct_payments,created_at,created_by) "
		"SELECT ?1,?2,?3,NULLIF(?4,0),f.a_views,f.a_interests,f.a_aspirations,COALESCE(f.j_requested,0),f.j_amount,"
		"f.j_arrangements,COALESCE(f.j_direct_payments,0),?6,NULLIF(?7,0) "
		"FROM (SELECT 1) AS one LEFT JOIN plan_versions f ON f.id=?5 RETURNING id");
	if (!ins)
		return ENT_ERROR;
	db_bind_int(ins, 1, plan_id);
	db_bind_int(ins, 2, seq);
	db_bind_int(ins, 3, amendment);
	db_bind_int(ins, 4, review_id);
	db_bind_int(ins, 5, final_id);
	db_bind_text(ins, 6, now);
	db_bind_int(ins, 7, cp->who.user_id);
	rc = db_step(ins);
	int64_t id = rc == DB_ROW ? db_col_int(ins, 0) : 0;
	db_done(ins);
	if (!id)
		return rc == DB_CONSTRAINT ? ENT_STALE : ENT_ERROR;
	/* an amendment starts from the final version's items, numbers kept */
	if (final_id && exec_bound(d,
		"INSERT INTO plan_items(version_id,section,num,area,text,who,how_often,how_long,group_size,timescale,measure,"
		"links,item_date,advice_id) SELECT ?1,section,num,area,text,who,how_often,how_long,group_size,timescale,measure,"
		"links,item_date,advice_id FROM plan_items WHERE version_id=?2 ORDER BY section, num", id, final_id) < 0)
		return ENT_ERROR;
	if (add_advice(d, id) < 0)
		return ENT_ERROR;
	char fields[96];
	snprintf(fields, sizeof fields, "plan_id=%lld seq=%lld%s", (long long)plan_id, (long long)seq,
	         amendment ? " amendment" : "");
	if (change_audit(cp, "create", "plan-versions", id, person_id, fields, NULL) < 0)
		return ENT_ERROR;
	*out_id = id;
	return ENT_OK;
}

int pc_version_start(db *d, const struct actor *who, int64_t plan_id, int64_t review_id, int64_t *out_id,
                     struct errs *err)
{
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return ENT_ERROR;
	int rc = start_version(&c, plan_id, review_id, out_id, err);
	if (rc == ENT_OK && change_commit(&c) < 0)
		rc = ENT_ERROR;
	if (rc != ENT_OK)
		change_rollback(&c);
	return rc;
}

int pc_plan_start(db *d, const struct actor *who, int64_t request_id, int64_t *plan_id, int64_t *out_id,
                  struct errs *err)
{
	/* the request's own rules for a plan that follows it (entities.c) */
	struct record r = {0};
	r.parent_id = request_id;
	int k = entity_field_index(&ent_request_plan, "status");
	r.v[k] = strdup("draft");
	if (ent_request_plan.check_db)
		ent_request_plan.check_db(d, &ent_request_plan, &r, who->today, err);
	record_free(&r);
	int64_t person_id = 0;
	db_stmt *s = db_prepare(d, "SELECT person_id,(SELECT COUNT(*) FROM plans WHERE request_id=?1) FROM requests WHERE id=?1");
	if (!s)
		return ENT_ERROR;
	db_bind_int(s, 1, request_id);
	int st = db_step(s);
	int64_t plans = 0;
	if (st == DB_ROW) {
		person_id = db_col_int(s, 0);
		plans = db_col_int(s, 1);
	}
	db_done(s);
	if (st != DB_ROW)
		return st == DB_DONE ? ENT_NOT_FOUND : ENT_ERROR;
	if (plans)
		errs_add(err, "plan", "This request already has a plan: open it from the Plan tab");
	for (int i = 0; i < err->n; i++)
		snprintf(err->e[i].field, sizeof err->e[i].field, "plan");
	if (err->n)
		return ENT_INVALID;
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return ENT_ERROR;
	int rc = ENT_ERROR;
	s = db_prepare(d, "INSERT INTO plans(person_id,request_id,status) VALUES(?,?,'draft') RETURNING id");
	if (s) {
		db_bind_int(s, 1, person_id);
		db_bind_int(s, 2, request_id);
		if (db_step(s) == DB_ROW) {
			*plan_id = db_col_int(s, 0);
			rc = ENT_OK;
		}
		db_done(s);
	}
	if (rc == ENT_OK) {
		char fields[48];
		snprintf(fields, sizeof fields, "status=draft request_id=%lld", (long long)request_id);
		if (change_audit(&c, "create", "plans", *plan_id, person_id, fields, NULL) < 0)
			rc = ENT_ERROR;
	}
	if (rc == ENT_OK)
		rc = start_version(&c, *plan_id, 0, out_id, err);
	if (rc == ENT_OK && change_commit(&c) < 0)
		rc = ENT_ERROR;
	if (rc != ENT_OK)
		change_rollback(&c);
	return rc;
}

/* Loads the version for a write: it must be the draft the user saw. */
static int draft_for_write(db *d, int64_t id, int64_t seen_version, struct pc_version *v, const char *field,
                           struct errs *err)
{
	int rc = pc_version_load(d, id, v);
	if (rc != ENT_OK)
		return rc;
	if (v->final_date) {
		errs_add(err, field, "This version of the plan is final: it cannot change. Start an amendment to change the plan");
		return ENT_INVALID;
	}
	if (v->version != seen_version)
		return ENT_STALE;
	return ENT_OK;
}

/* Bumps the version's own version (optimistic lock) with one more column. */
static int version_set(db *d, int64_t id, int64_t seen, const char *col, const char *value)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE plan_versions SET %s=?, version=version+1 WHERE id=? AND version=? "
	         "AND final_date IS NULL", col);
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return ENT_ERROR;
	db_bind_text(s, 1, value);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, seen);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return ENT_ERROR;
	return db_changes(d) == 1 ? ENT_OK : ENT_STALE;
}

int pc_fill_advice(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, int *added,
                   struct errs *err)
{
	struct pc_version v;
	int rc = draft_for_write(d, version_id, seen_version, &v, "advice", err);
	if (rc != ENT_OK) {
		pc_version_free(&v);
		return rc;
	}
	struct change c;
	if (change_begin(&c, d, who) < 0) {
		pc_version_free(&v);
		return ENT_ERROR;
	}
	int n = add_advice(d, version_id);
	rc = n < 0 ? ENT_ERROR : ENT_OK;
	if (rc == ENT_OK && exec_bound(d, "UPDATE plan_versions SET version=version+1 WHERE id=?1 AND version=?2",
	                               version_id, seen_version) < 0)
		rc = ENT_ERROR;
	if (rc == ENT_OK) {
		char fields[48];
		snprintf(fields, sizeof fields, "advice_added=%d", n);
		change_audit(&c, "update", "plan-versions", version_id, v.person_id, fields, NULL);
		if (change_commit(&c) < 0)
			rc = ENT_ERROR;
		else
			*added = n;
	} else {
		change_rollback(&c);
	}
	pc_version_free(&v);
	return rc;
}

/* Section A's views, written from the views recorded on the Family and views
 * tab: each whose, when, how gathered and by whom, then its words. */
struct views_text {
	buf *b;
	int n;
};

static int view_line(void *ctx, const struct view_row *v)
{
	struct views_text *x = ctx;
	day_t d;
	char when[40] = "";
	if (date_parse_iso(v->view_date, &d) == 0)
		date_format_long(d, when, sizeof when);
	const char *label = code_label(&codes_view_how, v->how);
	char how_buf[80];
	const char *how = NULL;
	if (label) {   /* mid-sentence: "through a drawing" */
		snprintf(how_buf, sizeof how_buf, "%s", label);
		if (how_buf[0] >= 'A' && how_buf[0] <= 'Z')
			how_buf[0] = (char)(how_buf[0] - 'A' + 'a');
		how = how_buf;
	}
	buf_printf(x->b, "%s%s", x->n ? "\n\n" : "",
	           !strcmp(v->whose, "child") ? "The child or young person" : *v->contact_name ? v->contact_name : "A parent or carer");
	buf_printf(x->b, " (%s%s%s%s%s):\n%s", when, how ? ", " : "", how ? how : "", *v->gathered_by ? ", gathered by " : "",
	           v->gathered_by, v->text);
	x->n++;
	return 0;
}

int pc_fill_views(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, int *added, struct errs *err)
{
	struct pc_version v;
	int rc = draft_for_write(d, version_id, seen_version, &v, "views", err);
	if (rc != ENT_OK) {
		pc_version_free(&v);
		return rc;
	}
	buf b = BUF_INIT;
	struct views_text x = {&b, 0};
	if (person_views_each(d, v.person_id, view_line, &x) < 0 || b.err) {
		buf_free(&b);
		pc_version_free(&v);
		return ENT_ERROR;
	}
	if (!x.n) {
		errs_add(err, "views", "No views are recorded for this child yet: record them on the Family and views tab first");
		buf_free(&b);
		pc_version_free(&v);
		return ENT_INVALID;
	}
	if (utf8_chars(buf_cstr(&b)) > 10000) {
		errs_add(err, "views", "The views recorded are longer than section A holds (10,000 characters): copy them in by hand");
		buf_free(&b);
		pc_version_free(&v);
		return ENT_INVALID;
	}
	struct change c;
	if (change_begin(&c, d, who) < 0) {
		buf_free(&b);
		pc_version_free(&v);
		return ENT_ERROR;
	}
	rc = version_set(d, version_id, seen_version, "a_views", buf_cstr(&b));
	if (rc == ENT_OK)
		change_audit(&c, "update", "section-a", version_id, v.person_id, "a_views", NULL);
	if (rc == ENT_OK && change_commit(&c) < 0)
		rc = ENT_ERROR;
	if (rc != ENT_OK)
		change_rollback(&c);
	else
		*added = x.n;
	buf_free(&b);
	pc_version_free(&v);
	return rc;
}

/* Copies a rule's errors from a plan or review field to the form's field. */
static void errs_move(struct errs *from, struct errs *to, const char *field)
{
	for (int i = 0; i < from->n; i++)
		errs_add(to, field, "%s", from->e[i].msg);
}

/* Sets fields of a plan or review record through its entity, so that its
 * own rules (entities.c) judge the new dates, inside change c.  names and
 * values: n pairs.  ENT_OK, ENT_INVALID (errors moved to `field`),
 * ENT_STALE or ENT_ERROR. */
static int entity_set(struct change *c, const struct entity *e, int64_t id, int n, const char *const *names,
                      const char *const *values, day_t today, const char *field, struct errs *err)
{
	struct record old, nw;
	if (entity_load(c->d, e, id, &old) != ENT_OK)
		return ENT_ERROR;
	if (entity_load(c->d, e, id, &nw) != ENT_OK) {
		record_free(&old);
		return ENT_ERROR;
	}
	for (int i = 0; i < n; i++) {
		int k = entity_field_index(e, names[i]);
		if (k < 0)
			continue;
		free(nw.v[k]);
		nw.v[k] = values[i] ? strdup(values[i]) : NULL;
	}
	struct errs rule = {0};
	if (e->check)
		e->check(e, &nw, today, &rule);
	if (!rule.n && e->check_db)
		e->check_db(c->d, e, &nw, today, &rule);
	int rc;
	if (rule.n) {
		errs_move(&rule, err, field);
		rc = ENT_INVALID;
	} else {
		buf fields = BUF_INIT, changes = BUF_INIT;
		rc = entity_update(c->d, e, &old, &nw, &fields, &changes);
		if (rc == ENT_OK)
			change_audit(c, "update", e->name, id, old.person_id, buf_cstr(&fields), buf_cstr(&changes));
		else if (rc == ENT_CONSTRAINT) {
			errs_add(err, field, "%s", e->constraint_msg ? e->constraint_msg : "This would conflict with another record");
			rc = ENT_INVALID;
		}
		buf_free(&fields);
		buf_free(&changes);
	}
	record_free(&old);
	record_free(&nw);
	return rc;
}

static int check_date(const char *date, const char *field, const char *label, day_t today, struct errs *err, day_t *out)
{
	if (!date || date_parse_iso(date, out) < 0) {
		errs_add(err, field, "Enter %s", label);
		return -1;
	}
	if (*out > today) {
		errs_add(err, field, "%s must be today or in the past", label);
		return -1;
	}
	return 0;
}

int pc_send(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, const char *date,
            struct errs *err)
{
	day_t day;
	if (check_date(date, "sent", "the date the draft was sent", who->today, err, &day) < 0)
		return ENT_INVALID;
	struct pc_version v;
	int rc = draft_for_write(d, version_id, seen_version, &v, "sent", err);
	if (rc == ENT_OK && v.sent_date)
		errs_add(err, "sent", "This draft was sent on %s: record the family's comments, or finalise it", v.sent_date),
		rc = ENT_INVALID;
	if (rc != ENT_OK) {
		pc_version_free(&v);
		return rc;
	}
	struct change c;
	if (change_begin(&c, d, who) < 0) {
		pc_version_free(&v);
		return ENT_ERROR;
	}
	rc = version_set(d, version_id, seen_version, "sent_date", date);
	if (rc == ENT_OK)
		change_audit(&c, "update", "plan-versions", version_id, v.person_id, "sent_date", NULL);
	if (rc == ENT_OK && !v.amendment) {
		/* the first draft: the plan's draft date starts the family's 15 days (reg 13(1)) */
		const char *names[] = {"status", "draft_date"}, *values[] = {"draft", date};
		int keep_status = strcmp(v.plan_status, "draft") != 0;
		rc = entity_set(&c, &ent_plan, v.plan_id, keep_status ? 1 : 2, keep_status ? names + 1 : names,
		                keep_status ? values + 1 : values, who->today, "sent", err);
	} else if (rc == ENT_OK && v.review_id) {
		/* a draft amendment after a review: the proposed amendments sent (reg 22(2)) */
		const char *names[] = {"amendments_sent"}, *values[] = {date};
		rc = entity_set(&c, &ent_review, v.review_id, 1, names, values, who->today, "sent", err);
	}
	if (rc == ENT_OK && change_commit(&c) < 0)
		rc = ENT_ERROR;
	if (rc != ENT_OK)
		change_rollback(&c);
	pc_version_free(&v);
	return rc;
}

struct named_ctx {
	buf *b;
};

int pc_finalise(db *d, const struct actor *who, int64_t version_id, int64_t seen_version, const char *date,
                const struct prov_terms *terms, struct errs *err)
{
	day_t day;
	if (check_date(date, "final", "the date the final plan was issued", who->today, err, &day) < 0)
		return ENT_INVALID;
	struct pc_version v;
	int rc = draft_for_write(d, version_id, seen_version, &v, "final", err);
	if (rc == ENT_OK && !v.sent_date)
		errs_add(err, "final", "Send the draft to the family before finalising it: they have 15 days to comment"),
		rc = ENT_INVALID;
	else if (rc == ENT_OK && strcmp(date, v.sent_date) < 0)
		errs_add(err, "final", "Date the final plan was issued must be on or after the date the draft was sent"),
		rc = ENT_INVALID;
	if (rc != ENT_OK) {
		pc_version_free(&v);
		return rc;
	}
	/* the provision check's counts, kept with the final version */
	struct pc_counts counts;
	if (pc_version_counts(d, version_id, terms, &counts) < 0) {
		pc_version_free(&v);
		return ENT_ERROR;
	}
	/* section I: the settings named in the plan now (never in a draft: s.38(5)) */
	buf named = BUF_INIT;
	db_stmt *s = db_prepare(d, "SELECT COALESCE(e.name, n.setting_code) FROM named_settings n "
	                  "LEFT JOIN establishments e ON e.id=n.establishment_id WHERE n.plan_id=? ORDER BY n.id");
	if (!s) {
		pc_version_free(&v);
		return ENT_ERROR;
	}
	db_bind_int(s, 1, v.plan_id);
	while (db_step(s) == DB_ROW) {
		const char *nm = db_col_text(s, 0);
		const char *label = code_label(&codes_sen_setting, nm);
		buf_printf(&named, "%s%s", named.len ? "\n" : "", label ? label : nm);
	}
	db_done(s);
	struct change c;
	if (change_begin(&c, d, who) < 0) {
		buf_free(&named);
		pc_version_free(&v);
		return ENT_ERROR;
	}
	s = db_prepare(d, "UPDATE plan_versions SET final_date=?1,i_setting=NULLIF(?2,''),prov_items=?3,prov_unspecified=?4,"
	                  "prov_unquantified=?5,prov_findings=?6,version=version+1 WHERE id=?7 AND version=?8 "
	                  "AND final_date IS NULL");
	rc = ENT_ERROR;
	if (s) {
		db_bind_text(s, 1, date);
		db_bind_text(s, 2, buf_cstr(&named));
		db_bind_int(s, 3, counts.items);
		db_bind_int(s, 4, counts.unspecified);
		db_bind_int(s, 5, counts.unquantified);
		db_bind_int(s, 6, counts.findings);
		db_bind_int(s, 7, version_id);
		db_bind_int(s, 8, seen_version);
		int st = db_step(s);
		db_done(s);
		rc = st != DB_DONE ? ENT_ERROR : db_changes(d) == 1 ? ENT_OK : ENT_STALE;
	}
	if (rc == ENT_OK)
		change_audit(&c, "update", "plan-versions", version_id, v.person_id, "final_date", NULL);
	if (rc == ENT_OK && !v.amendment) {
		/* the plan is issued: active from this date; its SEN2 personal budget follows section J */
		char start[11];
		snprintf(start, sizeof start, "%s", date);
		const char *names[] = {"status", "issue_date", "start_date", "personal_budget", "pb_organised",
		                       "pb_direct_payment"};
		const char *values[] = {"active", date, start, "1", v.j_direct_payments ? "0" : "1",
		                        v.j_direct_payments ? "1" : "0"};
		int pb = v.j_requested && v.j_amount > 0;
		rc = entity_set(&c, &ent_plan, v.plan_id, pb ? 6 : 3, names, values, who->today, "final", err);
	} else if (rc == ENT_OK && v.review_id) {
		const char *names[] = {"final_amended_date"}, *values[] = {date};
		rc = entity_set(&c, &ent_review, v.review_id, 1, names, values, who->today, "final", err);
	}
	if (rc == ENT_OK && change_commit(&c) < 0)
		rc = ENT_ERROR;
	if (rc != ENT_OK)
		change_rollback(&c);
	buf_free(&named);
	pc_version_free(&v);
	return rc;
}

/* ---- annual review progress ------------------------------------------------------ */

int pc_review_of(db *d, int64_t review_id, int64_t *plan_id, int64_t *person_id)
{
	*plan_id = *person_id = 0;
	db_stmt *s = db_prepare(d, "SELECT r.plan_id,p.person_id FROM reviews r JOIN plans p ON p.id=r.plan_id WHERE r.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, review_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*plan_id = db_col_int(s, 0);
		*person_id = db_col_int(s, 1);
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* The final version a review looks back on: the newest issued on or before
 * its meeting (0: none). */
static int64_t reviewed_version(db *d, int64_t review_id)
{
	db_stmt *s = db_prepare(d, "SELECT v.id FROM reviews r JOIN plan_versions v ON v.plan_id=r.plan_id "
	                           "AND v.final_date IS NOT NULL AND v.final_date <= r.meeting_date "
	                           "WHERE r.id=? ORDER BY v.seq DESC LIMIT 1");
	if (!s)
		return -1;
	db_bind_int(s, 1, review_id);
	int rc = db_step(s);
	int64_t id = rc == DB_ROW ? db_col_int(s, 0) : rc == DB_DONE ? 0 : -1;
	db_done(s);
	return id;
}

int pc_review_progress_each(db *d, int64_t review_id, pc_progress_fn fn, void *ctx)
{
	int64_t vid = reviewed_version(d, review_id);
	if (vid <= 0)
		return vid < 0 ? -1 : 1;
	db_stmt *s = db_prepare(d, "SELECT i.num,i.text,COALESCE(o.progress,''),COALESCE(o.evidence,'') FROM plan_items i "
	                           "LEFT JOIN review_outcomes o ON o.review_id=?2 AND o.ref='E'||i.num "
	                           "WHERE i.version_id=?1 AND i.section='E' ORDER BY i.num");
	if (!s)
		return -1;
	db_bind_int(s, 1, vid);
	db_bind_int(s, 2, review_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char ref[PLAN_REF_MAX];
		plan_ref("E", db_col_int(s, 0), ref);
		struct pc_progress p = {ref, db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3)};
		if (fn(ctx, &p))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int pc_review_progress_save(db *d, const struct actor *who, int64_t review_id, int n, const char *const *refs,
                            const char *const *progress, const char *const *evidence, struct errs *err)
{
	int64_t plan_id, person_id;
	if (pc_review_of(d, review_id, &plan_id, &person_id) < 0)
		return ENT_ERROR;
	if (!plan_id)
		return ENT_NOT_FOUND;
	for (int i = 0; i < n; i++) {
		char field[40];
		snprintf(field, sizeof field, "progress-%s", refs[i]);
		if (progress[i] && *progress[i] && !code_find(&codes_progress, progress[i], 0))
			errs_add(err, field, "Select the progress towards outcome %s from the list", refs[i]);
		else if ((!progress[i] || !*progress[i]) && evidence[i] && *evidence[i])
			errs_add(err, field, "Select the progress towards outcome %s, or clear its evidence", refs[i]);
		if (evidence[i] && strlen(evidence[i]) > 5000)
			errs_add(err, field, "Evidence for outcome %s must be 5000 characters or fewer", refs[i]);
	}
	if (err->n)
		return ENT_INVALID;
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return ENT_ERROR;
	int ok = 1;
	for (int i = 0; i < n && ok; i++) {
		db_stmt *s;
		if (progress[i] && *progress[i]) {
			s = db_prepare(d, "INSERT INTO review_outcomes(review_id,ref,progress,evidence) VALUES(?1,?2,?3,NULLIF(?4,'')) "
			                  "ON CONFLICT(review_id,ref) DO UPDATE SET progress=excluded.progress,"
			                  "evidence=excluded.evidence,version=review_outcomes.version+1");
			if (s) {
				db_bind_int(s, 1, review_id);
				db_bind_text(s, 2, refs[i]);
				db_bind_text(s, 3, progress[i]);
				db_bind_text(s, 4, evidence[i] ? evidence[i] : "");
			}
		} else {
			s = db_prepare(d, "DELETE FROM review_outcomes WHERE review_id=?1 AND ref=?2");
			if (s) {
				db_bind_int(s, 1, review_id);
				db_bind_text(s, 2, refs[i]);
			}
		}
		ok = s && db_step(s) == DB_DONE;
		if (s)
			db_done(s);
	}
	if (!ok) {
		change_rollback(&c);
		return ENT_ERROR;
	}
	char fields[48];
	snprintf(fields, sizeof fields, "outcomes=%d", n);
	change_audit(&c, "update", "review-progress", review_id, person_id, fields, NULL);
	return change_commit(&c) < 0 ? ENT_ERROR : ENT_OK;
}
