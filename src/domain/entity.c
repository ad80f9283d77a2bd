/* entity.c — the engine behind entity.h.
 *
 * DESIGN: values travel as canonical strings (dates "YYYY-MM-DD", flags
 * "0"/"1", codes, decimal ids) so one comparison finds changed fields and
 * one binder writes them: integer-typed fields bind as integers, everything
 * else as text, empty as NULL.  Validation calls the core validators and
 * writes GOV.UK-style messages that name the field.  Nothing is written
 * unless every field is valid; an update whose version is stale changes no
 * row and reports ENT_STALE, so two editors can never silently overwrite
 * each other.  Before/after values go into the JSON for the audit table
 * only; the names of changed fields are all that reaches a log.
 */
#include "domain/entity.h"
#include "domain/change.h"
#include "domain/family.h"
#include "core/family.h"
#include "core/validate.h"
#include "core/planref.h"
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void record_free(struct record *r)
{
	for (int i = 0; i < ENT_MAX_FIELDS; i++) {
		free(r->v[i]);
		r->v[i] = NULL;
		for (int j = 0; j < 3; j++) {
			free(r->typed[i][j]);
			r->typed[i][j] = NULL;
		}
	}
}

int entity_field_index(const struct entity *e, const char *name)
{
	for (int i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return i;
	return -1;
}

const char *record_get(const struct entity *e, const struct record *r, const char *name)
{
	int i = entity_field_index(e, name);
	return i >= 0 ? r->v[i] : NULL;
}

static int is_ref(enum ftype t)
{
	return t == FT_ESTAB || t == FT_PANEL || t == FT_KIN;
}

static int is_int_type(enum ftype t)
{
	return t == FT_FLAG || t == FT_INT || is_ref(t);
}

const char *ftype_refs_sections(enum ftype t)
{
	return t == FT_REFS_NEEDS ? "B,C,D" : t == FT_REFS_OUTCOMES ? "E" : NULL;
}

const char *ftype_ref_exists_sql(enum ftype t)
{
	return t == FT_ESTAB ? "SELECT 1 FROM establishments WHERE id=?" : t == FT_PANEL ? "SELECT 1 FROM panels WHERE id=?"
	     : t == FT_KIN ? "SELECT 1 FROM person_contacts WHERE id=? AND person_id=?" : NULL;
}

const char *ftype_ref_label_sql(enum ftype t)
{
	return t == FT_ESTAB ? "SELECT name FROM establishments WHERE id=?"
	     : t == FT_PANEL ? "SELECT COALESCE(NULLIF(title,''),kind)||' panel, '||meeting_date FROM panels WHERE id=?"
	     : t == FT_KIN ? "SELECT " KIN_NAME_SQL " FROM person_contacts c JOIN people p ON p.id=c.person_id WHERE c.id=?"
	     : NULL;
}

static char *dup_or_null(const char *s)
{
	return (s && *s) ? strdup(s) : NULL;
}

int entity_load(db *d, const struct entity *e, int64_t id, struct record *r)
{
	memset(r, 0, sizeof *r);
	db_stmt *s = db_prepare(d, e->sql_load);
	if (!s)
		return ENT_ERROR;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		r->id = id;
		for (int i = 0; i < e->nfields; i++)
			r->v[i] = db_col_is_null(s, i) ? NULL : strdup(db_col_text(s, i));
		r->version = db_col_int(s, e->nfields);
		r->parent_id = db_col_int(s, e->nfields + 1);
		r->person_id = db_col_int(s, e->nfields + 2);
	}
	db_done(s);
	return rc == DB_ROW ? ENT_OK : (rc == DB_DONE ? ENT_NOT_FOUND : ENT_ERROR);
}

int64_t entity_parent_person(db *d, const struct entity *e, int64_t parent_id)
{
	db_stmt *s = db_prepare(d, e->sql_person_of_parent);
	if (!s)
		return -1;
	db_bind_int(s, 1, parent_id);
	int64_t pid = -1;
	if (db_step(s) == DB_ROW)
		pid = db_col_int(s, 0);
	db_done(s);
	return pid;
}

/* "Date of birth" -> "date of birth" for "Enter date of birth"; keeps
 * acronyms such as "UPN" or "NHS number" as written. */
static void lower_first(const char *label, char *out, size_t n)
{
	snprintf(out, n, "%s", label);
	if (out[0] && out[1] && isupper((unsigned char)out[0]) && !isupper((unsigned char)out[1]))
		out[0] = (char)tolower((unsigned char)out[0]);
}

/* FT_REFS_*: each value one item of the record's plan version (r->parent_id)
 * in a section the field offers; kept sorted in plan order, each once. */
static int ref_cmp(const void *a, const void *b)
{
	const struct { char sec[3]; long long num; } *x = a, *y = b;
	int ox = plan_section_order(x->sec), oy = plan_section_order(y->sec);
	return ox != oy ? ox - oy : (x->num > y->num) - (x->num < y->num);
}

static void parse_refs(db *d, const struct field *f, struct record *r, int i, param_get_fn get, void *ctx,
                       struct errs *err)
{
	char nm[72];
	snprintf(nm, sizeof nm, "%s*", f->name);
	const char *raw = get(ctx, nm);
	r->typed[i][0] = dup_or_null(raw);
	struct { char sec[3]; long long num; } v[64];
	int n = 0, bad = 0;
	for (const char *p = raw; p && *p && !bad;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char tok[24];
		if (len >= sizeof tok || n == (int)(sizeof v / sizeof v[0]))
			bad = 1;
		else {
			memcpy(tok, p, len);
			tok[len] = 0;
			char sec[3];
			long long num;
			char offered[40];
			snprintf(offered, sizeof offered, ",%s,", ftype_refs_sections(f->type));
			char want[6];
			if (plan_ref_parse(tok, sec, &num) < 0 || (snprintf(want, sizeof want, ",%s,", sec), !strstr(offered, want)))
				bad = 1;
			else {
				db_stmt *s = db_prepare(d, "SELECT 1 FROM plan_items WHERE version_id=? AND section=? AND num=?");
				int found = 0;
				if (s) {
					db_bind_int(s, 1, r->parent_id);
					db_bind_text(s, 2, sec);
					db_bind_int(s, 3, num);
					found = db_step(s) == DB_ROW;
					db_done(s);
				}
				int dup = 0;
				for (int k = 0; k < n; k++)
					dup |= !strcmp(v[k].sec, sec) && v[k].num == num;
				if (!found)
					bad = 1;
				else if (!dup) {
					memcpy(v[n].sec, sec, 3);
					v[n++].num = num;
				}
			}
		}
		p = end ? end + 1 : p + len;
	}
	char lab[128];
	lower_first(f->label, lab, sizeof lab);
	if (bad) {
		errs_add(err, f->name, "Select %s from the list", lab);
		return;
	}
	if (!n) {
		if (f->opts & FO_REQUIRED)
			errs_add(err, f->name, "Select %s", lab);
		return;
	}
	qsort(v, (size_t)n, sizeof v[0], ref_cmp);
	buf out = BUF_INIT;
	for (int k = 0; k < n; k++) {
		char ref[PLAN_REF_MAX];
		plan_ref(v[k].sec, v[k].num, ref);
		buf_printf(&out, "%s%s", k ? "," : "", ref);
	}
	r->v[i] = out.err ? NULL : strdup(buf_cstr(&out));
	buf_free(&out);
}

static void parse_field(db *d, const struct field *f, struct record *r, int i, param_get_fn get, void *ctx,
                        day_t today, struct errs *err)
{
	char lab[128], why[128], out[256];
	lower_first(f->label, lab, sizeof lab);
	if (f->type == FT_DATE) {
		char nm[96];
		const char *parts[3];
		static const char *suffix[3] = {"-day", "-month", "-year"};
		for (int j = 0; j < 3; j++) {
			snprintf(nm, sizeof nm, "%s%s", f->name, suffix[j]);
			parts[j] = get(ctx, nm);
			r->typed[i][j] = dup_or_null(parts[j]);
		}
		day_t day;
		enum date_err de = date_parse_parts(parts[0], parts[1], parts[2], &day);
		if (de == DATE_ERR_MISSING) {
			if (f->opts & FO_REQUIRED)
				errs_add(err, f->name, "Enter %s", lab);
			return;
		}
		if (de != DATE_OK) {
			char msg[256];
			date_err_message(de, f->label, msg, sizeof msg);
			errs_add(err, f->name, "%s", msg);
			return;
		}
		if ((f->opts & (FO_NOT_FUTURE | FO_DOB)) && day > today) {
			errs_add(err, f->name, "%s must be today or in the past", f->label);
			return;
		}
		if (f->opts & FO_DOB) {
			int age = date_age_on(day, today);
			if (age < 0 || age > 25) {
				errs_add(err, f->name, "%s must be for a child or young person aged 0 to 25", f->label);
				return;
			}
		}
		int y, m, dd;
		date_to_ymd(day, &y, &m, &dd);
		if (y < 1990) {
			errs_add(err, f->name, "%s must be after 1 January 1990", f->label);
			return;
		}
		date_format_iso(day, out);
		r->v[i] = strdup(out);
		return;
	}
	if (ftype_refs_sections(f->type)) {
		parse_refs(d, f, r, i, get, ctx, err);
		return;
	}
	const char *raw = get(ctx, f->name);
	if (f->type == FT_FLAG) {
		if (raw && *raw && strcmp(raw, "1") != 0 && strcmp(raw, "0") != 0) {
			errs_add(err, f->name, "%s must be ticked or not ticked", f->label);
			return;
		}
		r->v[i] = strdup(raw && strcmp(raw, "1") == 0 ? "1" : "0");
		r->typed[i][0] = strdup(r->v[i]);
		return;
	}
	char *t = raw ? strdup(raw) : NULL;
	if (raw && !t)
		return;
	char *val = t ? str_trim(t) : NULL;
	r->typed[i][0] = dup_or_null(raw);
	if (!val || !*val) {
		if (f->opts & FO_REQUIRED) {
			if (f->type == FT_CODE || is_ref(f->type))
				errs_add(err, f->name, "Select %s", lab);
			else
				errs_add(err, f->name, "Enter %s", lab);
		}
		free(t);
		return;
	}
	int ok = 0;
	switch (f->type) {
	case FT_TEXT:
	case FT_TEXTAREA: {
		int max = f->maxlen ? f->maxlen : (f->type == FT_TEXT ? 100 : 5000);
		if (utf8_chars(val) > (size_t)max)
			errs_add(err, f->name, "%s must be %d characters or fewer", f->label, max);
		else if (!text_is_clean(val, f->type == FT_TEXTAREA))
			errs_add(err, f->name, "%s must not contain control characters", f->label);
		else {
			r->v[i] = strdup(val);
			ok = 1;
		}
		break;
	}
	case FT_CODE:
		if (!code_find(f->codes, val, 0))
			errs_add(err, f->name, "Select %s from the list", lab);
		else {
			r->v[i] = strdup(val);
			ok = 1;
		}
		break;
	case FT_INT:
	case FT_ESTAB:
	case FT_PANEL:
	case FT_KIN: {
		long long v;
		long long lo = is_ref(f->type) ? 1 : f->min, hi = is_ref(f->type) ? INT64_MAX : f->max;
		if (parse_int64(val, lo, hi, &v) < 0) {
			if (is_ref(f->type))
				errs_add(err, f->name, "Select %s from the list", lab);
			else
				errs_add(err, f->name, "%s must be a whole number from %lld to %lld", f->label, f->min, f->max);
			break;
		}
		if (is_ref(f->type)) {
			db_stmt *s = db_prepare(d, ftype_ref_exists_sql(f->type));
			int found = 0;
			if (s) {
				db_bind_int(s, 1, v);
				if (f->type == FT_KIN)   /* the child's own contact, no one else's */
					db_bind_int(s, 2, r->person_id);
				found = db_step(s) == DB_ROW;
				db_done(s);
			}
			if (!found) {
				errs_add(err, f->name, "Select %s from the list", lab);
				break;
			}
		}
		snprintf(out, sizeof out, "%lld", v);
		r->v[i] = strdup(out);
		ok = 1;
		break;
	}
	default: {
		int (*fn)(const char *, char *, char *, size_t) = NULL;
		switch (f->type) {
		case FT_UPN: fn = validate_upn; break;
		case FT_ULN: fn = validate_uln; break;
		case FT_NHS: fn = validate_nhs_number; break;
		case FT_POSTCODE: fn = validate_postcode; break;
		case FT_URN: fn = validate_urn; break;
		case FT_UKPRN: fn = validate_ukprn; break;
		case FT_LA: fn = validate_la_code; break;
		case FT_EMAIL: fn = validate_email; break;
		default: break;
		}
		if (f->type == FT_PHONE) {
			if (family_validate_phone(val, out, sizeof out, why, sizeof why) < 0)
				errs_add(err, f->name, "%s %s", f->label, why);
			else
				r->v[i] = strdup(out);
		} else if (!fn || fn(val, out, why, sizeof why) < 0)
			errs_add(err, f->name, "%s %s", f->label, fn ? why : "is not valid");
		else {
			r->v[i] = strdup(out);
			ok = 1;
		}
	}
	}
	(void)ok;
	free(t);
}

void entity_anchor_errors(const struct entity *e, struct errs *err)
{
	for (int i = 0; i < e->nfields; i++)
		if (e->fields[i].type == FT_DATE)
			errs_anchor(err, e->fields[i].name, "-day");
}

int entity_parse(db *d, const struct entity *e, struct record *r, param_get_fn get, void *ctx,
                 day_t today, struct errs *err)
{
	int before = err->n;
	for (int i = 0; i < e->nfields; i++)
		parse_field(d, &e->fields[i], r, i, get, ctx, today, err);
	if (err->n == before && e->check)
		e->check(e, r, today, err);
	if (err->n == before && e->check_db)
		e->check_db(d, e, r, today, err);
	entity_anchor_errors(e, err);
	return err->n == before ? ENT_OK : ENT_INVALID;
}

static void bind_fields(db_stmt *s, const struct entity *e, const struct record *r, int first)
{
	for (int i = 0; i < e->nfields; i++) {
		const char *v = r->v[i];
		if (v && is_int_type(e->fields[i].type)) {
			long long n = 0;
			parse_int64(v, INT64_MIN + 1, INT64_MAX, &n);
			db_bind_int(s, first + i, n);
		} else {
			db_bind_opt_text(s, first + i, v);
		}
	}
}

static int same(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

static void json_into(buf *out, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (s) {
		buf_puts(out, s);
		free(s);
	}
}

int entity_insert(db *d, const struct entity *e, struct record *r, int64_t user_id, const char *now_iso,
                  buf *fields, buf *changes)
{
	db_stmt *s = db_prepare(d, e->sql_insert);
	if (!s)
		return ENT_ERROR;
	int n = 1;
	if (e->parent)
		db_bind_int(s, n++, r->parent_id);
	bind_fields(s, e, r, n);
	n += e->nfields;
	if (e->insert_extra & INS_USER)
		db_bind_int(s, n++, user_id);
	if (e->insert_extra & INS_NOW)
		db_bind_text(s, n++, now_iso);
	int rc = db_step(s);
	if (rc == DB_ROW)
		r->id = db_col_int(s, 0);
	db_done(s);
	if (rc == DB_CONSTRAINT)
		return ENT_CONSTRAINT;
	if (rc != DB_ROW)
		return ENT_ERROR;
	r->version = 1;
	json_t *j = json_object();
	for (int i = 0; i < e->nfields; i++) {
		if (!r->v[i])
			continue;
		if (fields->len)
			buf_putc(fields, ',');
		buf_puts(fields, e->fields[i].name);
		json_object_set_new(j, e->fields[i].name, json_string(r->v[i]));
	}
	json_into(changes, j);
	json_decref(j);
	return ENT_OK;
}

int entity_update(db *d, const struct entity *e, const struct record *old, struct record *nw,
                  buf *fields, buf *changes)
{
	db_stmt *s = db_prepare(d, e->sql_update);
	if (!s)
		return ENT_ERROR;
	bind_fields(s, e, nw, 1);
	db_bind_int(s, e->nfields + 1, old->id);
	db_bind_int(s, e->nfields + 2, nw->version);
	int rc = db_step(s);
	db_done(s);
	if (rc == DB_CONSTRAINT)
		return ENT_CONSTRAINT;
	if (rc != DB_DONE)
		return ENT_ERROR;
	if (db_changes(d) != 1)
		return ENT_STALE;
	nw->id = old->id;
	nw->parent_id = old->parent_id;
	nw->person_id = old->person_id;
	nw->version++;
	json_t *j = json_object();
	for (int i = 0; i < e->nfields; i++) {
		if (same(old->v[i], nw->v[i]))
			continue;
		if (fields->len)
			buf_putc(fields, ',');
		buf_puts(fields, e->fields[i].name);
		json_t *pair = json_array();
		json_array_append_new(pair, old->v[i] ? json_string(old->v[i]) : json_null());
		json_array_append_new(pair, nw->v[i] ? json_string(nw->v[i]) : json_null());
		json_object_set_new(j, e->fields[i].name, pair);
	}
	json_into(changes, j);
	json_decref(j);
	return ENT_OK;
}

int entity_delete(db *d, const struct entity *e, const struct record *r)
{
	if (!e->sql_delete)
		return ENT_ERROR;
	db_stmt *s = db_prepare(d, e->sql_delete);
	if (!s)
		return ENT_ERROR;
	db_bind_int(s, 1, r->id);
	db_bind_int(s, 2, r->version);
	int rc = db_step(s);
	db_done(s);
	if (rc == DB_CONSTRAINT)
		return ENT_CONSTRAINT;
	if (rc != DB_DONE)
		return ENT_ERROR;
	if (db_changes(d) != 1)
		return ENT_STALE;
	return ENT_OK;
}

int entity_save(db *d, const struct actor *who, const struct entity *e, const struct record *old, struct record *r,
                int is_new)
{
	buf fields = BUF_INIT, changes = BUF_INIT;
	char now[21];
	date_instant_iso(who->now, now);
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return ENT_ERROR;
	int rc = is_new ? entity_insert(d, e, r, who->user_id, now, &fields, &changes)
	                : entity_update(d, e, old, r, &fields, &changes);
	if (rc == ENT_OK) {
		if (e == &ent_person)
			r->person_id = r->id;
		change_audit(&c, is_new ? "create" : "update", e->name, r->id, r->person_id, buf_cstr(&fields),
		             buf_cstr(&changes));
		if (e->touch && e->touch(&c, r) < 0)
			change_fail(&c);
		if (change_commit(&c) < 0)
			rc = ENT_ERROR;
	} else {
		change_rollback(&c);
	}
	buf_free(&fields);
	buf_free(&changes);
	return rc;
}

int entity_remove(db *d, const struct actor *who, const struct entity *e, const struct record *r)
{
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return ENT_ERROR;
	int rc = entity_delete(d, e, r);
	if (rc == ENT_OK) {
		change_audit(&c, "delete", e->name, r->id, r->person_id, NULL, NULL);
		if (e->touch && e->touch(&c, r) < 0)
			change_fail(&c);
		if (change_commit(&c) < 0)
			rc = ENT_ERROR;
	} else {
		change_rollback(&c);
	}
	return rc;
}

const char *field_display(db *d, const struct field *f, const char *v, char *tmp, size_t n)
{
	if (!v || !*v)
		return "";
	switch (f->type) {
	case FT_FLAG:
		return strcmp(v, "1") == 0 ? "Yes" : "No";
	case FT_CODE: {
		const char *l = code_label(f->codes, v);
		return l ? l : v;
	}
	case FT_DATE: {
		day_t day;
		if (date_parse_iso(v, &day) == 0) {
			date_format_long(day, tmp, n);
			return tmp;
		}
		return v;
	}
	case FT_ESTAB:
	case FT_PANEL:
	case FT_KIN: {
		long long id;
		if (parse_int64(v, 1, INT64_MAX, &id) < 0)
			return v;
		db_stmt *s = db_prepare(d, ftype_ref_label_sql(f->type));
		if (!s)
			return v;
		db_bind_int(s, 1, id);
		snprintf(tmp, n, "%s", v);
		if (db_step(s) == DB_ROW)
			snprintf(tmp, n, "%s", db_col_text(s, 0));
		db_done(s);
		return tmp;
	}
	default:
		return v;
	}
}
