/* partners.c — the directory of partners as editable nouns: services (with
 * the manager late advice is escalated to), their contacts, and the SENCO
 * contacts of schools and settings.  Same shape as entities.c. */
#include "domain/entity.h"
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
	NULL, NULL, service_check, NULL, "Another service already has this name.", 0, NULL, NULL,
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
	NULL, "SELECT 0 FROM services WHERE id=?", NULL, NULL, "This service already has a contact with this email address.", 0, NULL, NULL,
};

const struct entity ent_senco = {
	"setting-contacts", "SENCO or setting contact", "establishments", contact_fields, NF(contact_fields),
	"SELECT name,job_title,email,phone,email_off,version,establishment_id,0 FROM contacts WHERE id=?",
	"INSERT INTO contacts(establishment_id,name,job_title,email,phone,email_off) VALUES(?,?,?,?,?,?) RETURNING id",
	"UPDATE contacts SET name=?,job_title=?,email=?,phone=?,email_off=?,version=version+1 WHERE id=? AND version=?",
	NULL, "SELECT 0 FROM establishments WHERE id=?", NULL, NULL, "This setting already has a contact with this email address.", 0, NULL, NULL,
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
	"There is already a reference value for this KPI, comparison and year: change that one.", 0, NULL, NULL,
};
