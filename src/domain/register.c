/* register.c — see register.h.
 *
 * The queries are literals assembled only from other literals (C string
 * concatenation) so the count and the page share one WHERE clause.  Numbered
 * placeholders (?1 …) let one value be compared more than once; PostgreSQL's
 * $n has the same meaning.
 */
#include "domain/register.h"
#include "core/validate.h"
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

/* the placement attended today: begun, not ended (a placement that starts next term is not current yet) */
#define CURRENT_PLACEMENT(today) \
	"LEFT JOIN placements c ON c.id=(SELECT y.id FROM placements y WHERE y.person_id=p.id AND y.start_date<=" today " " \
	"AND (y.end_date IS NULL OR y.end_date>=" today ") ORDER BY y.rank, y.start_date DESC, y.id DESC LIMIT 1) " \
	"LEFT JOIN establishments e ON e.id=c.establishment_id "

#define ALLOCATED \
	"LEFT JOIN allocations a ON a.person_id=p.id AND a.end_date IS NULL " \
	"LEFT JOIN users u ON u.id=a.user_id "

/* The people a search names, found through indexes (migration 0012), never
 * by reading the whole area: ?3 the search as typed, normalised; ?12 the id a case reference names (0
 * none); ?13 UPN, ?14 NHS number, ?15 postcode, each in its stored form (''
 * none); ?17 a surname prefix, ?18 a forename prefix, and (?19,?20) …
 * (?25,?26) surname and forename prefixes together, all lower case (''
 * none); ?16 the highest character, so a prefix P is the range
 * [P, P || ?16). */
#define NAME_RANGE(col, p) "lower(y." col ")>=?" #p " AND lower(y." col ")<?" #p "||?16"
#define NAME_PAIR(s, f) \
	"UNION SELECT y.id FROM people y WHERE ?" #s "<>'' AND " NAME_RANGE("surname", s) " AND " NAME_RANGE("forename", f) " "
#define PEOPLE_HITS \
	"WITH hit(id) AS (SELECT h.id FROM (" \
	"SELECT y.id FROM people y WHERE y.id=?12 " \
	"UNION SELECT y.id FROM people y WHERE ?13<>'' AND y.upn=?13 " \
	"UNION SELECT y.id FROM people y WHERE ?14<>'' AND y.nhs_number=?14 " \
	"UNION SELECT y.id FROM people y WHERE ?15<>'' AND y.postcode=?15 " \
	"UNION SELECT y.id FROM people y WHERE ?17<>'' AND " NAME_RANGE("surname", 17) " " \
	"UNION SELECT y.id FROM people y WHERE ?18<>'' AND " NAME_RANGE("forename", 18) " " \
	NAME_PAIR(19, 20) NAME_PAIR(21, 22) NAME_PAIR(23, 24) NAME_PAIR(25, 26) \
	") h WHERE ?3<>'') "

/* ?1 LA code, ?2 today; FROM: every person, or the people a search names (hit) */
#define PEOPLE_BASE(FROM) \
	"SELECT p.id, p.forename, p.surname, p.dob, COALESCE(u.display_name,'') AS cw, COALESCE(u.id,0) AS uid, " \
	"CASE WHEN EXISTS(SELECT 1 FROM plans x WHERE x.person_id=p.id AND x.status='active') THEN 'active' " \
	"WHEN EXISTS(SELECT 1 FROM plans x WHERE x.person_id=p.id AND x.status='draft') THEN 'draft' " \
	"WHEN EXISTS(SELECT 1 FROM requests q LEFT JOIN assessments s ON s.request_id=q.id WHERE q.person_id=p.id " \
	"AND (q.outcome IS NULL OR (q.outcome='Y' AND (s.id IS NULL OR s.outcome IS NULL)))) THEN 'assessment' " \
	"WHEN EXISTS(SELECT 1 FROM plans x WHERE x.person_id=p.id AND x.status='ceased') THEN 'ceased' " \
	"ELSE 'none' END AS status, " \
	"COALESCE(e.name,'') AS setting, COALESCE(e.setting_type, c.setting_code, '') AS stype, " \
	"CASE WHEN e.la_code IS NOT NULL AND e.la_code<>?1 THEN 1 ELSE 0 END AS ooa, " \
	"COALESCE((SELECT x.next_review_due FROM plans x WHERE x.person_id=p.id AND x.status='active'),'') AS next_review, " \
	"COALESCE(n.sen_type,'') AS need, COALESCE(p.upn,'') AS upn, " \
	"p.looked_after, p.child_in_need, p.child_protection, p.care_leaver, p.youth_justice, p.ehe, p.cme " \
	FROM ALLOCATED CURRENT_PLACEMENT("?2") \
	"LEFT JOIN needs n ON n.person_id=p.id AND n.rank=1"

/* ?4 caseworker, ?5 status, ?6 need, ?7 setting type, ?8 area, ?9/?10 dob bounds, ?11 flag */
#define PEOPLE_WHERE \
	" WHERE (?4=0 OR t.uid=?4) AND (?5='' OR t.status=?5) AND (?6='' OR t.need=?6) AND (?7='' OR t.stype=?7) " \
	"AND (?8='' OR (?8='out' AND t.ooa=1) OR (?8='in' AND t.ooa=0)) " \
	"AND (?9='' OR (t.dob>?9 AND t.dob<=?10)) " \
	"AND (?11='' OR (?11='looked_after' AND t.looked_after=1) OR (?11='child_in_need' AND t.child_in_need=1) " \
	"OR (?11='child_protection' AND t.child_protection=1) OR (?11='care_leaver' AND t.care_leaver=1) " \
	"OR (?11='youth_justice' AND t.youth_justice=1) OR (?11='ehe' AND t.ehe=1) OR (?11='cme' AND t.cme=1))"

#define EVERYONE "FROM people p "
#define SEARCHED "FROM hit JOIN people p ON p.id=hit.id "
/* The list with no search leaves hit unused (SQLite and PostgreSQL do not run
 * a CTE nothing reads); it is there so both texts number ?1 … ?29 alike. */
#define PEOPLE_COUNT(FROM) PEOPLE_HITS "SELECT COUNT(*) FROM (" PEOPLE_BASE(FROM) ") t" PEOPLE_WHERE
/* ?27 sort, ?28 limit, ?29 offset */
#define PEOPLE_PAGE(FROM) \
	PEOPLE_HITS "SELECT t.id,t.forename,t.surname,t.dob,t.cw,t.status,t.setting,t.stype,t.ooa,t.next_review,t.need,t.upn " \
	"FROM (" PEOPLE_BASE(FROM) ") t" PEOPLE_WHERE \
	" ORDER BY CASE WHEN ?27='dob' THEN t.dob END DESC, " \
	"CASE WHEN ?27='review' THEN (CASE WHEN t.next_review='' THEN '9999-12-31' ELSE t.next_review END) END, " \
	"CASE WHEN ?27='caseworker' THEN t.cw END, t.surname, t.forename, t.id LIMIT ?28 OFFSET ?29"
static const char *const people_count_sql[2] = {PEOPLE_COUNT(EVERYONE), PEOPLE_COUNT(SEARCHED)};
static const char *const people_page_sql[2] = {PEOPLE_PAGE(EVERYONE), PEOPLE_PAGE(SEARCHED)};

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int age_band_bounds(const char *band, day_t today, char min_excl[11], char max_incl[11])
{
	static const struct { const char *name; int lo, hi; } bands[] = {
		{"0-4", 0, 4}, {"5-10", 5, 10}, {"11-15", 11, 15}, {"16-19", 16, 19}, {"20-25", 20, 25},
	};
	min_excl[0] = max_incl[0] = 0;
	if (!band || !*band)
		return 0;
	for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++) {
		if (strcmp(band, bands[i].name) != 0)
			continue;
		/* aged >= lo: born on or before today - lo years; aged <= hi: born after today - (hi+1) years */
		date_format_iso(date_add_months(today, -12 * bands[i].lo), max_incl);
		date_format_iso(date_add_months(today, -12 * (bands[i].hi + 1)), min_excl);
		return 0;
	}
	return -1;
}

const char *people_page_query(int searched)
{
	return people_page_sql[searched != 0];
}

/* What a search can name, worked out from the words typed (see people_filter.q). */
struct search_keys {
	char q[256];                 /* trimmed, one space between words; "" = no search */
	long long id;                /* a case reference's person, 0 none */
	char upn[64], nhs[16], postcode[16];
	char sur[256], fore[256];    /* the whole search as a surname prefix, a forename prefix */
	char pair[4][2][256];        /* surname and forename prefixes split at the first and the last space, both ways */
};

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* "SM-000123", "sm 123", "SM000123": the case reference of outbox.c's case_ref()
 * (PREFIX-%06d of the person's id), any case, with or without the hyphen. */
static long long case_ref_id(const char *prefix, const char *q)
{
	size_t n = prefix ? strlen(prefix) : 0;
	if (!n || strncasecmp(q, prefix, n) != 0)
		return 0;
	q += n;
	if (*q == '-' || *q == ' ')
		q++;
	long long id;   /* digits only (parse_int64 refuses a sign here: a '-' was the separator) */
	return *q != '-' && parse_int64(q, 1, INT64_MAX, &id) == 0 ? id : 0;
}

static void search_keys(const struct people_filter *f, struct search_keys *k)
{
	memset(k, 0, sizeof *k);
	/* words: commas are spaces ("Robinson, Sam"), runs of space are one */
	size_t j = 0;
	for (const char *p = f->q ? f->q : ""; *p && j + 1 < sizeof k->q; p++) {
		char c = *p == ',' || *p == '\t' || *p == '\r' || *p == '\n' ? ' ' : *p;
		if (c == ' ' && (j == 0 || k->q[j - 1] == ' '))
			continue;
		k->q[j++] = c;
	}
	while (j && k->q[j - 1] == ' ')
		j--;
	k->q[j] = 0;
	if (!*k->q)
		return;
	char why[80];
	k->id = case_ref_id(f->case_ref_prefix, k->q);
	if (validate_nhs_number(k->q, k->nhs, why, sizeof why) < 0)
		k->nhs[0] = 0;
	if (validate_postcode(k->q, k->postcode, why, sizeof why) < 0)
		k->postcode[0] = 0;
	size_t u = 0;   /* a UPN matches whole: upper case, spaces removed */
	for (const char *p = k->q; *p && u + 1 < sizeof k->upn; p++)
		if (*p != ' ')
			k->upn[u++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	k->upn[u] = 0;
	snprintf(k->sur, sizeof k->sur, "%s", k->q);
	lower_ascii(k->sur);
	snprintf(k->fore, sizeof k->fore, "%s", k->sur);
	const char *first = strchr(k->sur, ' '), *last = strrchr(k->sur, ' ');
	if (!first)
		return;
	const char *at[2] = {first, last};
	for (int i = 0; i < 2; i++) {
		size_t before = (size_t)(at[i] - k->sur);
		/* "forename surname", then "surname forename" */
		snprintf(k->pair[2 * i][1], sizeof k->pair[0][1], "%.*s", (int)before, k->sur);
		snprintf(k->pair[2 * i][0], sizeof k->pair[0][0], "%s", at[i] + 1);
		snprintf(k->pair[2 * i + 1][0], sizeof k->pair[0][0], "%.*s", (int)before, k->sur);
		snprintf(k->pair[2 * i + 1][1], sizeof k->pair[0][1], "%s", at[i] + 1);
	}
}

static void bind_people(db_stmt *s, const struct people_filter *f, const struct search_keys *k)
{
	char today[11], lo[11], hi[11];
	date_format_iso(f->today, today);
	age_band_bounds(f->age_band, f->today, lo, hi);
	db_bind_text(s, 1, f->la_code);
	db_bind_text(s, 2, today);
	db_bind_text(s, 3, k->q);
	db_bind_int(s, 4, f->caseworker);
	db_bind_text(s, 5, f->status ? f->status : "");
	db_bind_text(s, 6, f->need ? f->need : "");
	db_bind_text(s, 7, f->setting_type ? f->setting_type : "");
	db_bind_text(s, 8, f->area ? f->area : "");
	db_bind_text(s, 9, lo);
	db_bind_text(s, 10, hi);
	db_bind_text(s, 11, f->flag ? f->flag : "");
	db_bind_int(s, 12, k->id);
	db_bind_text(s, 13, k->upn);
	db_bind_text(s, 14, k->nhs);
	db_bind_text(s, 15, k->postcode);
	db_bind_text(s, 16, "\xf4\x8f\xbf\xbf");   /* U+10FFFF: after every character a name can hold */
	db_bind_text(s, 17, k->sur);
	db_bind_text(s, 18, k->fore);
	for (int i = 0; i < 4; i++) {
		db_bind_text(s, 19 + 2 * i, k->pair[i][0]);
		db_bind_text(s, 20 + 2 * i, k->pair[i][1]);
	}
}

int people_search(db *d, const struct people_filter *f, struct person_row **rows, int *n, int *total)
{
	*rows = NULL;
	*n = *total = 0;
	struct search_keys k;
	search_keys(f, &k);
	int searched = k.q[0] != 0;
	db_stmt *s = db_prepare(d, people_count_sql[searched]);
	if (!s)
		return -1;
	bind_people(s, f, &k);
	if (db_step(s) == DB_ROW)
		*total = (int)db_col_int(s, 0);
	db_done(s);
	s = db_prepare(d, people_page_sql[searched]);
	if (!s)
		return -1;
	bind_people(s, f, &k);
	db_bind_text(s, 27, f->sort ? f->sort : "name");
	int limit = f->page_size > 0 ? f->page_size : (*total > 0 ? *total : 1);
	db_bind_int(s, 28, limit);
	db_bind_int(s, 29, f->page_size > 0 ? (int64_t)(f->page - 1) * f->page_size : 0);
	struct person_row *out = calloc((size_t)limit, sizeof *out);
	if (!out) {
		db_done(s);
		return -1;
	}
	int i = 0, rc;
	while (i < limit && (rc = db_step(s)) == DB_ROW) {
		struct person_row *p = &out[i++];
		p->id = db_col_int(s, 0);
		copy(p->forename, sizeof p->forename, db_col_text(s, 1));
		copy(p->surname, sizeof p->surname, db_col_text(s, 2));
		copy(p->dob, sizeof p->dob, db_col_text(s, 3));
		copy(p->caseworker, sizeof p->caseworker, db_col_text(s, 4));
		copy(p->status, sizeof p->status, db_col_text(s, 5));
		copy(p->setting, sizeof p->setting, db_col_text(s, 6));
		copy(p->setting_type, sizeof p->setting_type, db_col_text(s, 7));
		p->out_of_area = (int)db_col_int(s, 8);
		copy(p->next_review, sizeof p->next_review, db_col_text(s, 9));
		copy(p->need, sizeof p->need, db_col_text(s, 10));
		copy(p->upn, sizeof p->upn, db_col_text(s, 11));
	}
	db_done(s);
	*rows = out;
	*n = i;
	return 0;
}

int caseload_counts(db *d, int64_t user_id, day_t today, int soon_days, int64_t *total, int64_t *overdue,
                    int64_t *due_soon)
{
	char t[11], soon[11];
	date_format_iso(today, t);
	date_format_iso(date_add_days(today, soon_days), soon);
	*total = *overdue = *due_soon = 0;
	db_stmt *s = db_prepare(d,
		"SELECT COUNT(*), COALESCE(SUM(CASE WHEN pl.next_review_due<?2 THEN 1 ELSE 0 END),0), "
		"COALESCE(SUM(CASE WHEN pl.next_review_due>=?2 AND pl.next_review_due<=?3 THEN 1 ELSE 0 END),0) "
		"FROM allocations a JOIN plans pl ON pl.person_id=a.person_id AND pl.status='active' "
		"WHERE a.user_id=?1 AND a.end_date IS NULL");
	if (!s)
		return -1;
	db_bind_int(s, 1, user_id);
	db_bind_text(s, 2, t);
	db_bind_text(s, 3, soon);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*total = db_col_int(s, 0);
		*overdue = db_col_int(s, 1);
		*due_soon = db_col_int(s, 2);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

/* ---- oversight ----------------------------------------------------------------- */

/* ?1 LA code, ?2 today, ?3 today (review), ?4 visit cutoff */
#define OVERSIGHT_BASE \
	"SELECT p.id, p.forename, p.surname, p.dob, COALESCE(u.display_name,'') AS cw, COALESCE(u.id,0) AS uid, " \
	"COALESCE(e.name,'') AS setting, COALESCE(e.setting_type,'') AS stype, COALESCE(c.setting_code,'') AS scode, " \
	"COALESCE(c.residential,'') AS res, COALESCE(pl.last_review_date,'') AS last_review, " \
	"COALESCE(pl.next_review_due,'') AS next_review, " \
	"COALESCE(lv.last_visit,'') AS last_visit, " \
	"CASE WHEN e.la_code IS NOT NULL AND e.la_code<>?1 THEN 1 ELSE 0 END AS ooa, " \
	"p.ehe AS ehe_flag, p.cme AS cme, c.id AS cid " \
	"FROM plans pl JOIN people p ON p.id=pl.person_id " ALLOCATED CURRENT_PLACEMENT("?2") \
	"LEFT JOIN (SELECT v.person_id, MAX(v.visit_date) AS last_visit FROM visits v GROUP BY v.person_id) lv " \
	"ON lv.person_id=p.id " \
	"WHERE pl.status='active'"

#define OVERSIGHT_DERIVED \
	"SELECT t.*, " \
	"CASE WHEN t.ooa=1 OR t.res<>'' OR t.ehe_flag=1 OR t.scode='EHE' THEN 1 ELSE 0 END AS needs_visit, " \
	"CASE WHEN t.ehe_flag=1 OR t.scode='EHE' THEN 1 ELSE 0 END AS ehe, " \
	"CASE WHEN t.cid IS NULL OR t.scode='AWAIT' THEN 1 ELSE 0 END AS awaiting, " \
	"CASE WHEN t.cme=1 OR t.scode IN ('NEET','NIEC','NIEO') THEN 1 ELSE 0 END AS missing, " \
	"CASE WHEN t.next_review<>'' AND t.next_review<?3 THEN 1 ELSE 0 END AS review_overdue " \
	"FROM (" OVERSIGHT_BASE ") t"

#define OVERSIGHT_ALL \
	"SELECT w.*, CASE WHEN w.needs_visit=1 AND (w.last_visit='' OR w.last_visit<?4) THEN 1 ELSE 0 END AS visit_overdue " \
	"FROM (" OVERSIGHT_DERIVED ") w"

/* ?5 caseworker.  The category filter, the counts and the page are applied
 * in C over this one ordered pass (oversight_load), so the whole-area query
 * runs once per request, not once each for the counts, the total and the page. */
static const char oversight_sql[] =
	"SELECT o.id,o.forename,o.surname,o.dob,o.cw,o.setting,o.stype,o.scode,o.res,o.last_review,o.next_review,"
	"o.last_visit,o.ooa,o.needs_visit,o.visit_overdue,o.review_overdue,o.awaiting,o.missing,o.ehe,o.cme "
	"FROM (" OVERSIGHT_ALL ") o WHERE (?5=0 OR o.uid=?5) ORDER BY o.surname, o.forename, o.id";

static void bind_oversight(db_stmt *s, const struct oversight_filter *f)
{
	char today[11], cutoff[11];
	date_format_iso(f->today, today);
	date_format_iso(date_add_months(f->today, -f->visit_overdue_months), cutoff);
	db_bind_text(s, 1, f->la_code);
	db_bind_text(s, 2, today);
	db_bind_text(s, 3, today);
	db_bind_text(s, 4, cutoff);
	db_bind_int(s, 5, f->caseworker);
}

int oversight_in_category(const struct oversight_row *o, const char *category)
{
	if (!category || !*category) return 1;
	if (!strcmp(category, "ooa")) return o->out_of_area;
	if (!strcmp(category, "residential")) return o->residential[0] != 0;
	if (!strcmp(category, "ehe")) return o->ehe;
	if (!strcmp(category, "visit_overdue")) return o->visit_overdue;
	if (!strcmp(category, "review_overdue")) return o->review_overdue;
	if (!strcmp(category, "awaiting")) return o->awaiting;
	if (!strcmp(category, "missing")) return o->missing;
	return 0;
}

int oversight_load(db *d, const struct oversight_filter *f, struct oversight_counts *c,
                   struct oversight_row **rows, int *n, int *total)
{
	memset(c, 0, sizeof *c);
	*rows = NULL;
	*n = *total = 0;
	db_stmt *s = db_prepare(d, oversight_sql);
	if (!s)
		return -1;
	bind_oversight(s, f);
	int64_t first = f->page_size > 0 ? (int64_t)(f->page - 1) * f->page_size : 0;
	int cap = 0, rc, i = 0;
	struct oversight_row *out = NULL, o;
	while ((rc = db_step(s)) == DB_ROW) {
		memset(&o, 0, sizeof o);
		o.id = db_col_int(s, 0);
		copy(o.residential, sizeof o.residential, db_col_text(s, 8));
		o.out_of_area = (int)db_col_int(s, 12);
		o.needs_visit = (int)db_col_int(s, 13);
		o.visit_overdue = (int)db_col_int(s, 14);
		o.review_overdue = (int)db_col_int(s, 15);
		o.awaiting = (int)db_col_int(s, 16);
		o.missing = (int)db_col_int(s, 17);
		o.ehe = (int)db_col_int(s, 18);
		o.cme = (int)db_col_int(s, 19);
		c->active++;
		c->ooa += o.out_of_area;
		c->residential += o.residential[0] != 0;
		c->ehe += o.ehe;
		c->visit_overdue += o.visit_overdue;
		c->review_overdue += o.review_overdue;
		c->awaiting += o.awaiting;
		c->missing += o.missing;
		if (!oversight_in_category(&o, f->category))
			continue;
		int64_t k = (*total)++;
		if (k < first || (f->page_size > 0 && k >= first + f->page_size))
			continue;
		copy(o.forename, sizeof o.forename, db_col_text(s, 1));
		copy(o.surname, sizeof o.surname, db_col_text(s, 2));
		copy(o.dob, sizeof o.dob, db_col_text(s, 3));
		copy(o.caseworker, sizeof o.caseworker, db_col_text(s, 4));
		copy(o.setting, sizeof o.setting, db_col_text(s, 5));
		copy(o.setting_type, sizeof o.setting_type, db_col_text(s, 6));
		copy(o.setting_code, sizeof o.setting_code, db_col_text(s, 7));
		copy(o.last_review, sizeof o.last_review, db_col_text(s, 9));
		copy(o.next_review, sizeof o.next_review, db_col_text(s, 10));
		copy(o.last_visit, sizeof o.last_visit, db_col_text(s, 11));
		if (i == cap) {
			int nc = cap ? cap * 2 : 64;
			struct oversight_row *no = realloc(out, (size_t)nc * sizeof *out);
			if (!no) {
				rc = DB_ERROR;
				break;
			}
			out = no;
			cap = nc;
		}
		out[i++] = o;
	}
	db_done(s);
	if (rc != DB_DONE) {
		free(out);
		return -1;
	}
	*rows = out;
	*n = i;
	return 0;
}
