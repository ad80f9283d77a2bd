/* directory.c — see directory.h. */
#include "domain/directory.h"
#include "core/grow.h"
#include "domain/change.h"
#include "core/validate.h"
#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum col { C_SERVICE, C_SETTING, C_NAME, C_JOB, C_EMAIL, C_PHONE, NCOLS };
static const char *const col_names[NCOLS] = {"service", "setting_urn", "name", "job_title", "email", "phone"};
static const int col_max[NCOLS] = {120, 8, 100, 100, 254, 30};

#define MAX_FIELDS 16
struct parse {
	db *d;
	int dry, row, nf, map[MAX_FIELDS], have_header, failed;
	char *f[MAX_FIELDS];
	int too_many;
	struct import_report *rep;
	/* "s<id>:<email>" or "e<id>:<email>" of every row so far, to find a
	 * contact given twice in the file (each needs its own row) */
	char **seen;
	int nseen, capseen, caprow;
	int *seen_row;
};

/* The row that already gave key, or 0 (and key is remembered). -1 on memory. */
static int seen_before(struct parse *p, const char *key, int row)
{
	for (int i = 0; i < p->nseen; i++)
		if (!strcmp(p->seen[i], key))
			return p->seen_row[i];
	/* two arrays side by side: each with its own capacity, the same size */
	if (ARRAY_RESERVE(p->seen, p->capseen, p->nseen + 1, 64) < 0 ||
	    ARRAY_RESERVE(p->seen_row, p->caprow, p->nseen + 1, 64) < 0)
		return -1;
	if (!(p->seen[p->nseen] = strdup(key)))
		return -1;
	p->seen_row[p->nseen++] = row;
	return 0;
}

static void add_err(struct import_report *rep, int row, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_err(struct import_report *rep, int row, const char *col, const char *fmt, ...)
{
	if (rep->nerr == IMPORT_MAX_ERRORS) {
		rep->more_errors++;
		return;
	}
	rep->err[rep->nerr].row = row;
	snprintf(rep->err[rep->nerr].column, sizeof rep->err[rep->nerr].column, "%s", col);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rep->err[rep->nerr].msg, sizeof rep->err[rep->nerr].msg, fmt, ap);
	va_end(ap);
	rep->nerr++;
}

static void on_field(void *s, size_t n, void *ctx)
{
	struct parse *p = ctx;
	if (p->nf == MAX_FIELDS) {
		p->too_many = 1;
		return;
	}
	char *v = malloc(n + 1);
	if (!v) {
		p->failed = 1;
		return;
	}
	memcpy(v, s ? s : "", n);
	v[n] = 0;
	p->f[p->nf++] = v;
}

static int64_t lookup_id(db *d, const char *sql, const char *v)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return -1;
	db_bind_text(s, 1, v);
	int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	return id;
}

static void header(struct parse *p)
{
	for (int i = 0; i < MAX_FIELDS; i++)
		p->map[i] = -1;
	int seen[NCOLS] = {0};
	for (int i = 0; i < p->nf; i++) {
		char *h = str_trim(p->f[i]);
		if (i == 0 && (unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB && (unsigned char)h[2] == 0xBF)
			h += 3;   /* a UTF-8 byte order mark from a spreadsheet */
		int k = -1;
		for (int c = 0; c < NCOLS; c++)
			if (!strcasecmp(h, col_names[c]))
				k = c;
		if (k < 0)
			add_err(p->rep, 1, h, "is not a column sendmis knows: use service, setting_urn, name, job_title, email, phone");
		else if (seen[k]++)
			add_err(p->rep, 1, h, "appears twice");
		else
			p->map[i] = k;
	}
	if (!seen[C_NAME] || !seen[C_EMAIL] || (!seen[C_SERVICE] && !seen[C_SETTING]))
		add_err(p->rep, 1, "", "The first row must name the columns: name, email, and service or setting_urn");
	p->have_header = 1;
}

static int same(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

static void data_row(struct parse *p)
{
	const char *v[NCOLS] = {0};
	int empty = 1;
	for (int i = 0; i < p->nf; i++) {
		char *t = str_trim(p->f[i]);
		if (*t)
			empty = 0;
		if (p->map[i] >= 0)
			v[p->map[i]] = t;
	}
	if (empty)
		return;
	p->rep->rows++;
	int row = p->row, bad = 0;
	for (int c = 0; c < NCOLS; c++) {
		if (!v[c] || !*v[c]) {
			v[c] = NULL;
			continue;
		}
		if (!text_is_clean(v[c], 0)) {
			add_err(p->rep, row, col_names[c], "has characters that are not allowed (control characters or invalid UTF-8)");
			bad = 1;
		} else if (utf8_chars(v[c]) > (size_t)col_max[c]) {
			add_err(p->rep, row, col_names[c], "must be %d characters or fewer", col_max[c]);
			bad = 1;
		}
	}
	if (bad)
		return;
	if (!v[C_NAME])
		add_err(p->rep, row, "name", "Enter the contact's name");
	char email[256] = "", why[120];
	if (!v[C_EMAIL])
		add_err(p->rep, row, "email", "Enter the contact's email address");
	else if (validate_email(v[C_EMAIL], email, why, sizeof why) < 0)
		add_err(p->rep, row, "email", "Email address %s", why);
	int64_t service = 0, setting = 0;
	if (!!v[C_SERVICE] == !!v[C_SETTING])
		add_err(p->rep, row, v[C_SERVICE] ? "setting_urn" : "service",
		        "Give either a service or a setting's URN, not %s", v[C_SERVICE] ? "both" : "neither");
	else if (v[C_SERVICE]) {
		service = lookup_id(p->d, "SELECT id FROM services WHERE name=?", v[C_SERVICE]);
		if (service == 0)
			add_err(p->rep, row, "service", "There is no service called '%s': add it under Partners first", v[C_SERVICE]);
	} else {
		/* a URN or a UKPRN, by their one rule each (core/validate.c) */
		char id[16];
		int is_urn = validate_urn(v[C_SETTING], id, why, sizeof why) == 0;
		if (!is_urn && validate_ukprn(v[C_SETTING], id, why, sizeof why) < 0)
			add_err(p->rep, row, "setting_urn", "'%s' is neither a URN (6 digits) nor a UKPRN (8 digits starting with 1)",
			        v[C_SETTING]);
		else {
			setting = lookup_id(p->d, is_urn ? "SELECT id FROM establishments WHERE urn=?"
			                                 : "SELECT id FROM establishments WHERE ukprn=?", id);
			if (setting == 0)
				add_err(p->rep, row, "setting_urn", "There is no setting with %s %s", is_urn ? "URN" : "UKPRN", id);
		}
	}
	if (service < 0 || setting < 0) {
		p->failed = 1;
		return;
	}
	if ((service || setting) && email[0]) {
		char key[300];
		snprintf(key, sizeof key, "%c%lld:%s", service ? 's' : 'e', (long long)(service ? service : setting), email);
		int first = seen_before(p, key, row);
		if (first < 0) {
			p->failed = 1;
			return;
		}
		if (first > 0)
			add_err(p->rep, row, "email", "Row %d already gives this email address for the same %s: each contact once",
			        first, service ? "service" : "setting");
	}
	if (p->rep->nerr || p->rep->more_errors)
		return;   /* once there are errors, only check: nothing will be written */
	/* match an existing contact by its service or setting and email */
	db_stmt *s = db_prepare(p->d, service ? "SELECT id, name, COALESCE(job_title,''), COALESCE(phone,'') FROM contacts "
	                                        "WHERE service_id=? AND email=?"
	                                      : "SELECT id, name, COALESCE(job_title,''), COALESCE(phone,'') FROM contacts "
	                                        "WHERE establishment_id=? AND email=?");
	if (!s) {
		p->failed = 1;
		return;
	}
	db_bind_int(s, 1, service ? service : setting);
	db_bind_text(s, 2, email);
	int64_t id = 0;
	int changed = 0;
	if (db_step(s) == DB_ROW) {
		id = db_col_int(s, 0);
		changed = !same(db_col_text(s, 1), v[C_NAME]) || !same(db_col_text(s, 2), v[C_JOB]) ||
		          !same(db_col_text(s, 3), v[C_PHONE]);
	}
	db_done(s);
	if (id && !changed) {
		p->rep->unchanged++;
		return;
	}
	if (id) {
		s = db_prepare(p->d, "UPDATE contacts SET name=?, job_title=?, phone=?, version=version+1 WHERE id=?");
		if (s) {
			db_bind_text(s, 1, v[C_NAME]);
			db_bind_opt_text(s, 2, v[C_JOB]);
			db_bind_opt_text(s, 3, v[C_PHONE]);
			db_bind_int(s, 4, id);
		}
		p->rep->updated++;
	} else {
		s = db_prepare(p->d, "INSERT INTO contacts(service_id, establishment_id, name, job_title, email, phone) "
		                     "VALUES(?,?,?,?,?,?)");
		if (s) {
			if (service) db_bind_int(s, 1, service); else db_bind_null(s, 1);
			if (setting) db_bind_int(s, 2, setting); else db_bind_null(s, 2);
			db_bind_text(s, 3, v[C_NAME]);
			db_bind_opt_text(s, 4, v[C_JOB]);
			db_bind_text(s, 5, email);
			db_bind_opt_text(s, 6, v[C_PHONE]);
		}
		p->rep->created++;
	}
	if (!s) {
		p->failed = 1;
		return;
	}
	int rc = db_step(s);
	db_done(s);
	if (rc == DB_CONSTRAINT)
		add_err(p->rep, row, "email", "The file has this email address twice for the same service or setting");
	else if (rc != DB_DONE)
		p->failed = 1;
}

static void on_row(int c, void *ctx)
{
	struct parse *p = ctx;
	p->row++;
	if (p->too_many)
		add_err(p->rep, p->row, "", "has more than %d columns", MAX_FIELDS);
	else if (!p->have_header)
		header(p);
	else if (!p->failed)
		data_row(p);
	for (int i = 0; i < p->nf; i++)
		free(p->f[i]);
	p->nf = 0;
	p->too_many = 0;
}

int contacts_import_csv(db *d, const struct actor *who, const char *data, size_t len, int dry_run,
                        struct import_report *rep)
{
	memset(rep, 0, sizeof *rep);
	struct parse p = {0};
	p.d = d;
	p.dry = dry_run;
	p.rep = rep;
	struct csv_parser cp;
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	struct change c;
	if (change_begin(&c, d, who) < 0) {
		csv_free(&cp);
		return -1;
	}
	if (csv_parse(&cp, data, len, on_field, on_row, &p) != len || csv_fini(&cp, on_field, on_row, &p) != 0)
		add_err(rep, p.row + 1, "", "The file is not valid CSV (%s): check its quotes", csv_strerror(csv_error(&cp)));
	for (int i = 0; i < p.nf; i++)
		free(p.f[i]);
	for (int i = 0; i < p.nseen; i++)
		free(p.seen[i]);
	free(p.seen);
	free(p.seen_row);
	csv_free(&cp);
	if (!p.have_header && !rep->nerr)
		add_err(rep, 1, "", "The file is empty: the first row must name the columns");
	if (p.failed) {
		change_rollback(&c);
		return -1;
	}
	if (rep->nerr || rep->more_errors || dry_run) {
		change_rollback(&c);
		if (rep->nerr || rep->more_errors)
			rep->created = rep->updated = rep->unchanged = 0;
		return rep->nerr || rep->more_errors ? 1 : 0;
	}
	/* contacts are no child's record: the audit row names none */
	char f[80];
	snprintf(f, sizeof f, "created=%d,updated=%d", rep->created, rep->updated);
	change_audit(&c, "import", "contacts", 0, 0, f, NULL);
	return change_commit(&c) == 0 ? 0 : -1;
}

void import_report_text(const struct import_report *rep, int dry_run, buf *out)
{
	if (rep->nerr || rep->more_errors) {
		buf_printf(out, "The file has %d error%s; nothing was imported.\n", rep->nerr + rep->more_errors,
		           rep->nerr + rep->more_errors == 1 ? "" : "s");
		for (int i = 0; i < rep->nerr; i++)
			buf_printf(out, "Row %d%s%s: %s\n", rep->err[i].row, rep->err[i].column[0] ? ", " : "",
			           rep->err[i].column, rep->err[i].msg);
		if (rep->more_errors)
			buf_printf(out, "… and %d more\n", rep->more_errors);
		return;
	}
	buf_printf(out, "%s %d contact%s: %d new, %d updated, %d unchanged.\n", dry_run ? "Would import" : "Imported",
	           rep->rows, rep->rows == 1 ? "" : "s", rep->created, rep->updated, rep->unchanged);
}
