/* partners.c — the directory of partners as editable nouns: services (with
 * the manager late advice is escalated to), their contacts, and the SENCO
 * contacts of schools and settings.  Same shape as entities.c.  Below them,
 * the lists the pages read (partners.h). */
#include "domain/entity.h"
#include "domain/partners.h"
#include "core/kpi.h"
#include <stdlib.h>
#include <string.h>

#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define V(name) record_get(e, r, name)

static int has(const char *v) { return v && *v; }

static const struct field service_fields[] = {
	{"name", "Name", FT_TEXT, FO_REQUIRED, NULL, 120, 0, 0, "As partners know it, for example North educational psychology team"},
	{"kind", "Type of service", FT_CODE, FO_REQUIRED, &codes_advice_service, 0, 0, 0, "The kind of advice it gives (SEND Regulations 2014 reg 6(1))"},
	{"email", "Team email address", FT_EMAIL, 0, NULL, 0, 0, 0, "Used when a request names no contact"},
	{"manager_name", "Service manager", FT_TEXT, 0, NULL, 100, 0, 0, "Late advice is escalated to them"},
	{"manager_email", "Service manager's email address", FT_EMAIL, 0, NULL, 0, 0, 0, NULL},
	{"closed", "No longer taking requests", FT_FLAG, 0, NULL, 0, 0, 0, "It is not offered for new requests; its history stays"},
};

static void service_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	if (has(V("manager_name")) && !has(V("manager_email")))
		errs_add(err, "manager_email", "Enter the service manager's email address, so late advice can be escalated");
}

const struct entity ent_service = {
	"services", "service", NULL, service_fields, NF(service_fields),
	"SELECT name,kind,email,manager_name,manager_email,closed,version,0,0 FROM services WHERE id=?",
	"INSERT INTO services(name,kind,email,manager_name,manager_email,closed) VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE services SET name=?,kind=?,email=?,manager_name=?,manager_email=?,closed=?,version=version+1 "
	"WHERE id=? AND version=?",
	NULL, NULL, service_check, NULL, "Another service already has this name.", 0, NULL, NULL, NULL,
};

static const struct field contact_fields[] = {
	{"name", "Name", FT_TEXT, FO_REQUIRED, NULL, 100, 0, 0, NULL},
	{"job_title", "Job title", FT_TEXT, 0, NULL, 100, 0, 0, NULL},
	{"email", "Email address", FT_EMAIL, FO_REQUIRED, NULL, 0, 0, 0, "A work address: requests, reminders and notices go here"},
	{"phone", "Phone number", FT_TEXT, 0, NULL, 30, 0, 0, NULL},
	{"email_off", "Stop emails to this contact", FT_CODE, 0, &codes_email_off, 0, 0, 0,
	 "Leave as None while emails reach them. The contact and what was sent to them stay"},
};

const struct entity ent_contact = {
	"contacts", "contact", "services", contact_fields, NF(contact_fields),
	"SELECT name,job_title,email,phone,email_off,version,service_id,0 FROM contacts WHERE id=?",
	"INSERT INTO contacts(service_id,name,job_title,email,phone,email_off) VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE contacts SET name=?,job_title=?,email=?,phone=?,email_off=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT 0 FROM services WHERE id=?", NULL, NULL, "This service already has a contact with this email address.", 0, NULL, NULL, NULL,
};

const struct entity ent_senco = {
	"setting-contacts", "SENCO or setting contact", "establishments", contact_fields, NF(contact_fields),
	"SELECT name,job_title,email,phone,email_off,version,establishment_id,0 FROM contacts WHERE id=?",
	"INSERT INTO contacts(establishment_id,name,job_title,email,phone,email_off) VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE contacts SET name=?,job_title=?,email=?,phone=?,email_off=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT 0 FROM establishments WHERE id=?", NULL, NULL, "This setting already has a contact with this email address.", 0, NULL, NULL, NULL,
};

/* ---- reference values for the KPIs (the dashboard's comparisons) ------------------------ */

static const struct field kpi_reference_fields[] = {
	{"kpi_id", "KPI", FT_CODE, FO_REQUIRED, &codes_kpi_rate, 0, 0, 0, NULL},
	{"scope", "Compared with", FT_CODE, FO_REQUIRED, &codes_kpi_scope, 0, 0, 0, NULL},
	{"year", "Calendar year", FT_INT, FO_REQUIRED, NULL, 0, 2000, 2100, NULL},
	{"value", "Percentage", FT_TEXT, FO_REQUIRED, NULL, 6, 0, 0, "As published, to one decimal place, for example 46.4"},
	{"source", "Source", FT_TEXT, FO_REQUIRED, NULL, 200, 0, 0, "The publication and release it comes from"},
};

static void kpi_reference_check(const struct entity *e, const struct record *r, day_t today, struct errs *err)
{
	const char *v = V("value");
	char *end = NULL;
	double x = v ? strtod(v, &end) : -1;
	int dp = 0, seen_point = 0, bad = !v || !*v || (end && *end) || !(x >= 0 && x <= 100);
	for (const char *p = v; !bad && *p; p++) {
		if (*p == '.')
			seen_point = 1;
		else if (*p < '0' || *p > '9')
			bad = 1;
		else if (seen_point)
			dp++;
	}
	if (bad || dp > 1)
		errs_add(err, "value", "Percentage must be a number from 0 to 100 with at most one decimal place, like 46.4");
}

const struct entity ent_kpi_reference = {
	"kpi-references", "reference value", NULL, kpi_reference_fields, NF(kpi_reference_fields),
	"SELECT kpi_id,scope,year,value,source,version,0,0 FROM kpi_references WHERE id=?",
	"INSERT INTO kpi_references(kpi_id,scope,year,value,source) VALUES(?,?,?,?,?) RETURNING id",
	"UPDATE kpi_references SET kpi_id=?,scope=?,year=?,value=?,source=?,version=version+1 WHERE id=? AND version=?",
	"DELETE FROM kpi_references WHERE id=? AND version=?", NULL, kpi_reference_check, NULL,
	"There is already a reference value for this KPI, comparison and year: change that one.", 0, NULL, NULL, NULL,
};

/* ---- the lists (partners.h) --------------------------------------------------------------- */

int partners_services_each(db *d, partner_service_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d,
		"SELECT sv.id, sv.name, sv.kind, COALESCE(sv.email,''), COALESCE(sv.manager_name,''), sv.closed, COUNT(c.id), "
		"SUM(CASE WHEN c.email_off IS NOT NULL THEN 1 ELSE 0 END) FROM services sv "
		"LEFT JOIN contacts c ON c.service_id=sv.id GROUP BY sv.id ORDER BY sv.closed, sv.name");
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct partner_service v = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                            db_col_text(s, 4), (int)db_col_int(s, 5), db_col_int(s, 6), db_col_int(s, 7)};
		if (fn(ctx, &v))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int partners_open_services_each(db *d, partner_service_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT id, name, kind, COALESCE(email,'') FROM services WHERE closed=0 ORDER BY name, id");
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct partner_service v = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3), "",
		                            0, 0, 0};
		if (fn(ctx, &v))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

static int contacts_run(db_stmt *s, partner_contact_fn fn, void *ctx)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct partner_contact c = {db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		                            db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6)};
		if (fn(ctx, &c))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int partners_contacts_each(db *d, int setting, int64_t id, int emailed_only, partner_contact_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, setting ? "SELECT id, name, COALESCE(job_title,''), email, COALESCE(phone,''), "
	                                     "COALESCE(email_off,''), '' FROM contacts WHERE establishment_id=?1 "
	                                     "AND (?2=0 OR email_off IS NULL) ORDER BY name, id"
	                                   : "SELECT id, name, COALESCE(job_title,''), email, COALESCE(phone,''), "
	                                     "COALESCE(email_off,''), '' FROM contacts WHERE service_id=?1 "
	                                     "AND (?2=0 OR email_off IS NULL) ORDER BY name, id");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, emailed_only ? 1 : 0);
	return contacts_run(s, fn, ctx);
}

int partners_sencos_each(db *d, int64_t person_id, day_t today, partner_contact_fn fn, void *ctx)
{
	char day[11];
	date_format_iso(today, day);
	db_stmt *s = db_prepare(d, "SELECT DISTINCT c.id, c.name, COALESCE(c.job_title,''), c.email, COALESCE(c.phone,''), "
	                           "COALESCE(c.email_off,''), e.name "
	                           "FROM placements pl JOIN establishments e ON e.id=pl.establishment_id "
	                           "JOIN contacts c ON c.establishment_id=e.id WHERE pl.person_id=? AND pl.start_date<=? "
	                           "AND (pl.end_date IS NULL OR pl.end_date>=?2) ORDER BY e.name, c.name, c.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, day);
	return contacts_run(s, fn, ctx);
}

int partners_involved_each(db *d, int64_t person_id, partner_involved_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT DISTINCT service_id, COALESCE(contact_id,0) FROM advice_requests "
	                           "WHERE person_id=? AND service_id IS NOT NULL");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		if (fn(ctx, db_col_int(s, 0), db_col_int(s, 1)))
			break;
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int partners_contact_emailed(db *d, int64_t contact_id, int64_t service_id)
{
	db_stmt *s = db_prepare(d, "SELECT 1 FROM contacts WHERE id=? AND service_id=? AND email_off IS NULL");
	if (!s)
		return -1;
	db_bind_int(s, 1, contact_id);
	db_bind_int(s, 2, service_id);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}
