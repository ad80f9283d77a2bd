/* register.c — see register.h.
 *
 * The queries are literals assembled only from other literals (C string
 * concatenation), so a list's walks, its count and its rows ask the same
 * questions in the same words.  Numbered placeholders (?1 …) let one value
 * be compared more than once; PostgreSQL's $n has the same meaning.
 */
#include "domain/register.h"
#include "domain/listing.h"
#include "domain/childnow.h"
#include "domain/change.h"
#include "domain/kept.h"
#include "core/validate.h"
#include "core/searchq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The people a search names, found through indexes (migration 0012), never
 * by reading the whole area: ?3 the search as typed, normalised; ?12 the id a case reference names (0
 * none); ?13 UPN, ?14 NHS number, ?15 postcode, ?30 ULN, ?31 date of birth,
 * each in its stored form ('' none: core/searchq.h); ?17 a surname prefix, ?18 a forename prefix, and (?19,?20) …
 * (?25,?26) surname and forename prefixes together, all lower case (''
 * none); ?16 the highest character, so a prefix P is the range
 * [P, P || ?16).  Every statement of the register starts with it (SQLite and
 * PostgreSQL do not run a CTE nothing reads), so all number ?1 … ?31 alike. */
#define NAME_RANGE(col, p) "lower(y." col ")>=?" #p " AND lower(y." col ")<?" #p "||?16"
#define NAME_PAIR(s, f) \
	"UNION SELECT y.id FROM people y WHERE ?" #s "<>'' AND " NAME_RANGE("surname", s) " AND " NAME_RANGE("forename", f) " "
#define PEOPLE_HITS \
	"WITH hit(id) AS (SELECT h.id FROM (" \
	"SELECT y.id FROM people y WHERE y.id=?12 " \
	"UNION SELECT y.id FROM people y WHERE ?13<>'' AND y.upn=?13 " \
	"UNION SELECT y.id FROM people y WHERE ?14<>'' AND y.nhs_number=?14 " \
	"UNION SELECT y.id FROM people y WHERE ?15<>'' AND y.postcode=?15 " \
	"UNION SELECT y.id FROM people y WHERE ?30<>'' AND y.uln=?30 " \
	"UNION SELECT y.id FROM people y WHERE ?31<>'' AND y.dob=?31 " \
	"UNION SELECT y.id FROM people y WHERE ?17<>'' AND " NAME_RANGE("surname", 17) " " \
	"UNION SELECT y.id FROM people y WHERE ?18<>'' AND " NAME_RANGE("forename", 18) " " \
	NAME_PAIR(19, 20) NAME_PAIR(21, 22) NAME_PAIR(23, 24) NAME_PAIR(25, 26) \
	") h WHERE ?3<>'') "

/* The filters, checked on each person a walk passes (an unset filter costs
 * nothing: its "?='' OR" is true).  ?1 LA code, ?4 caseworker, ?5 status,
 * ?6 need, ?7 setting type, ?8 area, ?9/?10 dob bounds, ?11 flag.  Status,
 * setting and area are where the child is today, as stored beside their
 * clock (childnow.h, clock_people): one probe of its key. */
#define NOW_HAS(cond) "EXISTS(SELECT 1 FROM clock_people w1 WHERE w1.person_id=p.id AND " cond ")"
#define PEOPLE_MATCH \
	"(?4=0 OR EXISTS(SELECT 1 FROM allocations a1 WHERE a1.person_id=p.id AND a1.end_date IS NULL AND a1.user_id=?4)) " \
	"AND (?5='' OR " NOW_HAS("w1.status=?5") ") " \
	"AND (?6='' OR EXISTS(SELECT 1 FROM needs n1 WHERE n1.person_id=p.id AND n1.rank=1 AND n1.sen_type=?6)) " \
	"AND (?7='' OR " NOW_HAS("w1.setting=?7") ") " \
	"AND (?8='' OR (?8='out')=" NOW_HAS("w1.la_code<>?1") ") " \
	"AND (?9='' OR (p.dob>?9 AND p.dob<=?10)) " \
	"AND (?11='' OR (?11='looked_after' AND p.looked_after=1) OR (?11='child_in_need' AND p.child_in_need=1) " \
	"OR (?11='child_protection' AND p.child_protection=1) OR (?11='care_leaver' AND p.care_leaver=1) " \
	"OR (?11='youth_justice' AND p.youth_justice=1) OR (?11='ehe' AND p.ehe=1) OR (?11='cme' AND p.cme=1))"

/* ---- the walks of the whole area: one index each, ?27 the limit ---------- */

#define BY_NAME(D) " ORDER BY p.surname " D ", p.forename " D ", p.id " D " LIMIT ?27"
#define EVERYONE(ORDER) PEOPLE_HITS "SELECT p.id FROM people p WHERE " PEOPLE_MATCH ORDER
/* people_name; people_dob_name */
#define WALK_NAME(D) EVERYONE(BY_NAME(D))
#define WALK_DOB(D) EVERYONE(" ORDER BY p.dob " D ", p.surname " D ", p.forename " D ", p.id " D " LIMIT ?27")
/* the active plans with a next review date by plans_review_due (the people
 * on the same day by name), then everyone else by name */
#define WALK_REVIEW_DUE(D) \
	PEOPLE_HITS "SELECT p.id FROM plans pl CROSS JOIN people p WHERE pl.status='active' AND pl.next_review_due>'' " \
	"AND p.id=pl.person_id AND " PEOPLE_MATCH " ORDER BY pl.next_review_due " D ", p.surname " D ", p.forename " D \
	", p.id " D " LIMIT ?27"
#define WALK_REVIEW_NONE(D) \
	PEOPLE_HITS "SELECT p.id FROM people p WHERE NOT EXISTS(SELECT 1 FROM plans x WHERE x.person_id=p.id " \
	"AND x.status='active' AND x.next_review_due>'') AND " PEOPLE_MATCH BY_NAME(D)
/* the unallocated by name, then the caseworkers by name (users_display_name)
 * with each one's caseload (allocations_user) by name */
#define WALK_CW_NONE(D) \
	PEOPLE_HITS "SELECT p.id FROM people p WHERE NOT EXISTS(SELECT 1 FROM allocations a0 WHERE a0.person_id=p.id " \
	"AND a0.end_date IS NULL) AND " PEOPLE_MATCH BY_NAME(D)
#define WALK_CW_SOME(D) \
	PEOPLE_HITS "SELECT p.id FROM users u CROSS JOIN allocations a CROSS JOIN people p WHERE a.user_id=u.id " \
	"AND a.end_date IS NULL AND p.id=a.person_id AND " PEOPLE_MATCH " ORDER BY u.display_name " D ", p.surname " D \
	", p.forename " D ", p.id " D " LIMIT ?27"

enum { SORT_NAME, SORT_DOB, SORT_REVIEW, SORT_CASEWORKER, NSORTS };
static const char *const sort_keys[NSORTS] = {"name", "dob", "review", "caseworker"};
/* [sort][order]: the segments walked, in order (descending: each reversed, in reverse order) */
static const char *const walk_sql[NSORTS][2][2] = {
	[SORT_NAME] = {{WALK_NAME("ASC")}, {WALK_NAME("DESC")}},
	[SORT_DOB] = {{WALK_DOB("ASC")}, {WALK_DOB("DESC")}},
	[SORT_REVIEW] = {{WALK_REVIEW_DUE("ASC"), WALK_REVIEW_NONE("ASC")}, {WALK_REVIEW_NONE("DESC"), WALK_REVIEW_DUE("DESC")}},
	[SORT_CASEWORKER] = {{WALK_CW_NONE("ASC"), WALK_CW_SOME("ASC")}, {WALK_CW_SOME("DESC"), WALK_CW_NONE("DESC")}},
};
static const int walk_segments[NSORTS] = {1, 1, 2, 2};

/* ---- the few a search or a caseload names: found by their index, sorted whole -- */

/* The same order as the walks, from keys: ?28 the sort, ?29 1 = descending.
 * k0 the part (review: with a date 0, without 1; caseworker: unallocated 0,
 * allocated 1), then k1…k3 and the id. */
#define FEW(FROM, ON) \
	PEOPLE_HITS "SELECT t.id FROM (SELECT p.id, " \
	"CASE ?28 WHEN 'review' THEN (CASE WHEN pl.next_review_due>'' THEN 0 ELSE 1 END) " \
	"WHEN 'caseworker' THEN (CASE WHEN u.id IS NULL THEN 0 ELSE 1 END) ELSE 0 END AS k0, " \
	"CASE ?28 WHEN 'dob' THEN p.dob WHEN 'review' THEN COALESCE(pl.next_review_due,'') " \
	"WHEN 'caseworker' THEN COALESCE(u.display_name,'') ELSE p.surname END AS k1, " \
	"CASE ?28 WHEN 'name' THEN p.forename ELSE p.surname END AS k2, " \
	"CASE ?28 WHEN 'name' THEN '' ELSE p.forename END AS k3 " \
	FROM " LEFT JOIN plans pl ON pl.person_id=p.id AND pl.status='active' " \
	"LEFT JOIN allocations al ON al.person_id=p.id AND al.end_date IS NULL LEFT JOIN users u ON u.id=al.user_id " \
	"WHERE " ON PEOPLE_MATCH ") t ORDER BY " \
	"CASE WHEN ?29=0 THEN t.k0 END, CASE WHEN ?29=0 THEN t.k1 END, CASE WHEN ?29=0 THEN t.k2 END, " \
	"CASE WHEN ?29=0 THEN t.k3 END, CASE WHEN ?29=0 THEN t.id END, " \
	"CASE WHEN ?29=1 THEN t.k0 END DESC, CASE WHEN ?29=1 THEN t.k1 END DESC, CASE WHEN ?29=1 THEN t.k2 END DESC, " \
	"CASE WHEN ?29=1 THEN t.k3 END DESC, CASE WHEN ?29=1 THEN t.id END DESC LIMIT ?27"
/* the search's people (hit); the caseworker's caseload (allocations_user).
 * CROSS JOIN keeps them first in SQLite's plan (PostgreSQL plans as it
 * likes: it has no such hint, and none is needed). */
#define FROM_HIT "FROM hit h CROSS JOIN people p"
#define ON_HIT "p.id=h.id AND "
#define FROM_CASELOAD "FROM allocations a0 CROSS JOIN people p"
#define ON_CASELOAD "a0.user_id=?4 AND a0.end_date IS NULL AND p.id=a0.person_id AND "
static const char few_hit_sql[] = FEW(FROM_HIT, ON_HIT);
static const char few_caseload_sql[] = FEW(FROM_CASELOAD, ON_CASELOAD);

/* A filter's own people, through its index: each set filter that has one
 * is asked how many it names (as far as FEW_MAX); when one names no more,
 * the list is those people, every filter checked on each and sorted whole,
 * so a rare filter costs its people, never the area.  A filter that names
 * more is walked in the list's order like everyone (its matches are many,
 * so a page is found soon).  Status, setting and area from where each
 * child is today (clock_people, migration 0015); need from needs_type;
 * age from people_dob_name; each flag from its partial index. */
#define FEW_MAX 2000
#define CAND_STATUS "SELECT w0.person_id AS id FROM clock_people w0 WHERE w0.status=?5"
#define CAND_NEED "SELECT n0.person_id AS id FROM needs n0 WHERE n0.sen_type=?6 AND n0.rank=1"
#define CAND_SETTING "SELECT w0.person_id AS id FROM clock_people w0 WHERE w0.setting=?7"
#define CAND_OUT "SELECT w0.person_id AS id FROM clock_people w0 WHERE w0.la_code<?1 OR w0.la_code>?1"
#define CAND_AGE "SELECT y0.id AS id FROM people y0 WHERE y0.dob>?9 AND y0.dob<=?10"
#define CAND_FLAG1(f) "SELECT y0.id AS id FROM people y0 WHERE ?11='" f "' AND y0." f "=1"
#define CAND_FLAG \
	CAND_FLAG1("looked_after") " UNION " CAND_FLAG1("child_in_need") " UNION " CAND_FLAG1("child_protection") \
	" UNION " CAND_FLAG1("care_leaver") " UNION " CAND_FLAG1("youth_justice") " UNION " CAND_FLAG1("ehe") \
	" UNION " CAND_FLAG1("cme")
#define FROM_CAND(CAND) "FROM (SELECT DISTINCT id FROM (" CAND ") AS cand) d CROSS JOIN people p"
#define ON_CAND "p.id=d.id AND "
#define CAND_FEW(CAND) FEW(FROM_CAND(CAND), ON_CAND)
#define CAND_PROBE(CAND) PEOPLE_HITS "SELECT COUNT(*) FROM (SELECT 1 FROM (" CAND ") AS cand LIMIT ?27) n"
#define CAND_COUNT(CAND) COUNT(FROM_CAND(CAND), ON_CAND)
enum { CAND_BY_STATUS, CAND_BY_NEED, CAND_BY_SETTING, CAND_BY_OUT, CAND_BY_AGE, CAND_BY_FLAG, NCANDS };
#define PEOPLE_CANDS(X) X(CAND_STATUS), X(CAND_NEED), X(CAND_SETTING), X(CAND_OUT), X(CAND_AGE), X(CAND_FLAG)

/* ---- counts ---------------------------------------------------------------- */

static const char count_everyone_sql[] = "SELECT COUNT(*) FROM people";
#define COUNT(FROM, ON) PEOPLE_HITS "SELECT COUNT(*) FROM (SELECT 1 " FROM " WHERE " ON PEOPLE_MATCH " LIMIT ?27) n"
static const char count_all_sql[] = COUNT("FROM people p", "");
static const char count_hit_sql[] = COUNT(FROM_HIT, ON_HIT);
static const char count_caseload_sql[] = COUNT(FROM_CASELOAD, ON_CASELOAD);
static const char *const cand_few_sql[NCANDS] = {PEOPLE_CANDS(CAND_FEW)};
static const char *const cand_probe_sql[NCANDS] = {PEOPLE_CANDS(CAND_PROBE)};
static const char *const cand_count_sql[NCANDS] = {PEOPLE_CANDS(CAND_COUNT)};

/* ---- one person's row (?1 LA code, ?2 today, ?3 the person) -------------- */

static const char person_row_sql[] =
	"SELECT p.id, p.forename, p.surname, p.dob, COALESCE(u.display_name,''), COALESCE(w.status,'none'), "
	"COALESCE(e.name,''), COALESCE(w.setting,''), CASE WHEN w.la_code IS NOT NULL AND w.la_code<>?1 THEN 1 ELSE 0 END, "
	"COALESCE(pl.next_review_due,''), COALESCE(n.sen_type,''), COALESCE(p.upn,'') "
	"FROM people p LEFT JOIN allocations a ON a.person_id=p.id AND a.end_date IS NULL LEFT JOIN users u ON u.id=a.user_id "
	"LEFT JOIN clock_people w ON w.person_id=p.id LEFT JOIN placements c ON c.id=w.placement_id "
	"LEFT JOIN establishments e ON e.id=c.establishment_id "
	"LEFT JOIN plans pl ON pl.person_id=p.id AND pl.status='active' "
	"LEFT JOIN needs n ON n.person_id=p.id AND n.rank=1 WHERE p.id=?3";

const struct list_query *people_queries(void)
{
	static struct list_query all[2 * NSORTS * 2 + 3 * NCANDS + 8];
	if (!all[0].sql) {
		int k = 0;
		for (int i = 0; i < NSORTS; i++)
			for (int o = 0; o < 2; o++)
				for (int j = 0; j < walk_segments[i]; j++)
					all[k++] = (struct list_query){walk_sql[i][o][j], LQ_WALK};
		all[k++] = (struct list_query){few_hit_sql, LQ_FEW};
		all[k++] = (struct list_query){few_caseload_sql, LQ_FEW};
		all[k++] = (struct list_query){count_everyone_sql, LQ_WALK};
		all[k++] = (struct list_query){count_all_sql, LQ_CAPPED};
		all[k++] = (struct list_query){count_hit_sql, LQ_FEW};
		all[k++] = (struct list_query){count_caseload_sql, LQ_FEW};
		all[k++] = (struct list_query){person_row_sql, LQ_KEY};
		for (int i = 0; i < NCANDS; i++) {
			all[k++] = (struct list_query){cand_few_sql[i], LQ_FEW};
			all[k++] = (struct list_query){cand_probe_sql[i], LQ_FEW};
			all[k++] = (struct list_query){cand_count_sql[i], LQ_FEW};
		}
	}
	return all;
}

const char *people_page_query(int searched)
{
	return searched ? few_hit_sql : walk_sql[SORT_NAME][0][0];
}

int people_sort_valid(const char *s)
{
	for (int i = 0; s && i < NSORTS; i++)
		if (!strcmp(s, sort_keys[i]))
			return 1;
	return 0;
}

static int sort_index(const char *s)
{
	for (int i = 0; s && i < NSORTS; i++)
		if (!strcmp(s, sort_keys[i]))
			return i;
	return SORT_NAME;
}

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


/* What a search can name: core/searchq.h works it out from the words typed. */
static void search_keys(const struct people_filter *f, struct search_query *k)
{
	search_parse(f->q, f->case_ref_prefix, k);
}

/* What the register's statements bind, owned: a download reads on after
 * the request (and its parameters) are gone. */
struct people_binds {
	struct search_query k;
	char la_code[8], today[11], lo[11], hi[11];
	char status[16], need[16], setting_type[16], area[8], flag[24], sort[16];
	int64_t caseworker;
	int desc, few_max;
};

static void people_binds_make(const struct people_filter *f, struct people_binds *b)
{
	memset(b, 0, sizeof *b);
	search_keys(f, &b->k);
	list_copy(b->la_code, sizeof b->la_code, f->la_code);
	date_format_iso(f->today, b->today);
	age_band_bounds(f->age_band, f->today, b->lo, b->hi);
	list_copy(b->status, sizeof b->status, f->status);
	list_copy(b->need, sizeof b->need, f->need);
	list_copy(b->setting_type, sizeof b->setting_type, f->setting_type);
	list_copy(b->area, sizeof b->area, f->area);
	list_copy(b->flag, sizeof b->flag, f->flag);
	list_copy(b->sort, sizeof b->sort, people_sort_valid(f->sort) ? f->sort : "name");
	b->caseworker = f->caseworker;
	b->desc = f->order == LIST_DESC;
	b->few_max = f->few_max > 0 ? f->few_max : FEW_MAX;
}

/* Binds ?1 … ?26 (and ?28, ?29 where a statement has them). */
static int bind_people(db_stmt *s, const void *ctx)
{
	const struct people_binds *b = ctx;
	const struct search_query *k = &b->k;
	int rc = 0;
	rc |= db_bind_text(s, 1, b->la_code);
	rc |= db_bind_text(s, 2, b->today);
	rc |= db_bind_text(s, 3, k->q);
	rc |= db_bind_int(s, 4, b->caseworker);
	rc |= db_bind_text(s, 5, b->status);
	rc |= db_bind_text(s, 6, b->need);
	rc |= db_bind_text(s, 7, b->setting_type);
	rc |= db_bind_text(s, 8, b->area);
	rc |= db_bind_text(s, 9, b->lo);
	rc |= db_bind_text(s, 10, b->hi);
	rc |= db_bind_text(s, 11, b->flag);
	rc |= db_bind_int(s, 12, k->id);
	rc |= db_bind_text(s, 13, k->upn);
	rc |= db_bind_text(s, 14, k->nhs);
	rc |= db_bind_text(s, 15, k->postcode);
	rc |= db_bind_text(s, 30, k->uln);
	rc |= db_bind_text(s, 31, k->dob);
	rc |= db_bind_text(s, 16, "\xf4\x8f\xbf\xbf");   /* U+10FFFF: after every character a name can hold */
	rc |= db_bind_text(s, 17, k->sur);
	rc |= db_bind_text(s, 18, k->fore);
	for (int i = 0; i < 4; i++) {
		rc |= db_bind_text(s, 19 + 2 * i, k->pair[i][0]);
		rc |= db_bind_text(s, 20 + 2 * i, k->pair[i][1]);
	}
	return rc ? -1 : 0;
}

static int bind_few(db_stmt *s, const void *ctx)
{
	const struct people_binds *b = ctx;
	if (bind_people(s, ctx) < 0 || db_bind_text(s, 28, b->sort) < 0 || db_bind_int(s, 29, b->desc) < 0)
		return -1;
	return 0;
}

/* Which index finds the people: a search's, a caseload's, a filter's own
 * (FROM_CAND + which), or the walk's. */
enum { FROM_EVERYONE = -1, FROM_SEARCH = -2, FROM_CASELOAD_ = -3 };

/* The set filter whose own people are fewest, when they are at most
 * `most` (its CAND_BY_*), else FROM_EVERYONE; -4 on a store error. */
static int few_candidates(db *d, const struct people_binds *b, int64_t most)
{
	const int set[NCANDS] = {
		[CAND_BY_STATUS] = b->status[0] != 0, [CAND_BY_NEED] = b->need[0] != 0,
		[CAND_BY_SETTING] = b->setting_type[0] != 0, [CAND_BY_OUT] = !strcmp(b->area, "out"),
		[CAND_BY_AGE] = b->lo[0] != 0, [CAND_BY_FLAG] = b->flag[0] != 0,
	};
	int best = FROM_EVERYONE;
	int64_t fewest = most == INT64_MAX ? most : most + 1;
	for (int i = 0; i < NCANDS; i++) {
		if (!set[i])
			continue;
		struct list_count c;
		if (list_count_capped(d, cand_probe_sql[i], 27, most, bind_people, b, &c) < 0)
			return -4;
		if (!c.more && c.n < fewest) {
			fewest = c.n;
			best = i;
		}
	}
	return best;
}

/* For a list (most: b->few_max, the most it sorts whole) or a count (most:
 * its cap, the most it reads: a filter's own people, up to the cap, are
 * counted exactly). */
static int people_source(db *d, const struct people_binds *b, int64_t most)
{
	if (b->k.q[0])
		return FROM_SEARCH;
	if (b->caseworker)
		return FROM_CASELOAD_;
	return few_candidates(d, b, most);
}

static int filtered(const struct people_binds *b)
{
	return b->caseworker || b->status[0] || b->need[0] || b->setting_type[0] || b->area[0] || b->lo[0] || b->flag[0];
}

int people_count(db *d, const struct people_filter *f, int64_t cap, struct list_count *c)
{
	struct people_binds *b = malloc(sizeof *b);
	if (!b)
		return -1;
	people_binds_make(f, b);
	int rc, src = people_source(d, b, cap);
	switch (src) {
	case -4:
		rc = -1;
		break;
	case FROM_SEARCH:
		rc = list_count_capped(d, count_hit_sql, 27, cap, bind_people, b, c);
		break;
	case FROM_CASELOAD_:
		rc = list_count_capped(d, count_caseload_sql, 27, cap, bind_people, b, c);
		break;
	case FROM_EVERYONE:   /* the table's own count; with a filter, as far as the cap */
		rc = filtered(b) ? list_count_capped(d, count_all_sql, 27, cap, bind_people, b, c)
		                 : list_count_exact(d, count_everyone_sql, NULL, NULL, c);
		break;
	default:   /* a filter's own people */
		rc = list_count_capped(d, cand_count_sql[src], 27, cap, bind_people, b, c);
	}
	free(b);
	return rc;
}

struct people_iter {
	db *d;
	struct people_binds b;
	const char *few[1];
	struct list_walk w;
};

int people_open(db *d, const struct people_filter *f, int64_t offset, int64_t limit, struct people_iter **out)
{
	*out = NULL;
	struct people_iter *it = calloc(1, sizeof *it);
	if (!it)
		return -1;
	it->d = d;
	people_binds_make(f, &it->b);
	int src = people_source(d, &it->b, it->b.few_max);
	if (src == -4) {
		free(it);
		return -1;
	}
	if (src == FROM_EVERYONE) {
		int i = sort_index(it->b.sort);
		list_walk_init(&it->w, d, walk_sql[i][it->b.desc], walk_segments[i], 27, bind_people, &it->b, offset, limit);
	} else {
		it->few[0] = src == FROM_SEARCH ? few_hit_sql : src == FROM_CASELOAD_ ? few_caseload_sql : cand_few_sql[src];
		list_walk_init(&it->w, d, it->few, 1, 27, bind_few, &it->b, offset, limit);
	}
	*out = it;
	return 0;
}

int people_next(struct people_iter *it, struct person_row *p)
{
	int rc = list_walk_step(&it->w);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	int64_t id = db_col_int(it->w.s, 0);
	db_stmt *s = db_prepare(it->d, person_row_sql);
	if (!s)
		return -1;
	db_bind_text(s, 1, it->b.la_code);
	db_bind_text(s, 2, it->b.today);
	db_bind_int(s, 3, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		memset(p, 0, sizeof *p);
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
	return rc == DB_ROW ? 1 : -1;   /* the walk's person is there: the walk and this read share a snapshot */
}

void people_close(struct people_iter *it)
{
	if (!it)
		return;
	list_walk_end(&it->w);
	free(it);
}

int people_search(db *d, const struct people_filter *f, struct person_row **rows, int *n, int *total)
{
	*rows = NULL;
	*n = *total = 0;
	struct list_count c;
	if (people_count(d, f, INT64_MAX, &c) < 0)
		return -1;
	*total = c.n > INT32_MAX ? INT32_MAX : (int)c.n;
	int64_t off = f->page_size > 0 ? (int64_t)(f->page > 0 ? f->page - 1 : 0) * f->page_size : 0;
	int64_t want = f->page_size > 0 ? f->page_size : c.n;
	if (want > c.n - off)
		want = c.n > off ? c.n - off : 0;
	struct person_row *out = calloc((size_t)(want > 0 ? want : 1), sizeof *out);
	struct people_iter *it = NULL;
	if (!out || people_open(d, f, off, want, &it) < 0) {
		free(out);
		return -1;
	}
	int i = 0, rc;
	while (i < want && (rc = people_next(it, &out[i])) == 1)
		i++;
	people_close(it);
	if (i < want && rc < 0) {
		free(out);
		return -1;
	}
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

/* ?1 LA code, ?2 today, ?4 the visit cutoff (a visit before it is overdue),
 * ?5 the category, ?6 the caseworker (0 any), ?7 the limit; the few also
 * ?8 the sort and ?9 1 = descending.
 *
 * Each category is one question about p (the person), pl (their active
 * plan), c (the placement they attend today: OV_CUR) and e (its
 * establishment), asked in these words by the row (on its joined c and e)
 * and by the filter (on a one-row join of the same). */
#define OV_CUR CHILDNOW_PLACEMENT_ID("?2")
#define OV_OOA "(e.la_code IS NOT NULL AND e.la_code<>?1)"
#define OV_RES "(COALESCE(c.residential,'')<>'')"
#define OV_EHE "(p.ehe=1 OR c.setting_code='EHE')"
#define OV_AWAIT "(c.id IS NULL OR c.setting_code='AWAIT')"   /* no placement today, or awaiting provision */
#define OV_MISSING "(p.cme=1 OR c.setting_code IN ('NEET','NIEC','NIEO'))"
#define OV_NEEDS_VISIT "(" OV_OOA " OR " OV_RES " OR " OV_EHE ")"
#define OV_LAST_VISIT "(SELECT MAX(v.visit_date) FROM visits v WHERE v.person_id=p.id)"
#define OV_VISIT_OVERDUE "(" OV_NEEDS_VISIT " AND COALESCE(" OV_LAST_VISIT ",'')<?4)"
#define OV_REVIEW_OVERDUE "(pl.next_review_due>'' AND pl.next_review_due<?2)"
/* awaiting provision, as stored with where the child is today (childnow.h):
 * OV_AWAIT's answer, which clockstore_verify holds it to */
#define OV_AWAITING "EXISTS(SELECT 1 FROM clock_people w WHERE w.person_id=p.id AND w.awaiting=1)"
/* the filters, on each row a walk passes (unset: true at once; a category:
 * one look at today's placement) */
#define OV_MATCH \
	"(?6=0 OR EXISTS(SELECT 1 FROM allocations a1 WHERE a1.person_id=p.id AND a1.end_date IS NULL AND a1.user_id=?6)) " \
	"AND (?5='' OR (?5='review_overdue' AND " OV_REVIEW_OVERDUE ") OR (?5='awaiting' AND " OV_AWAITING ") " \
	"OR (?5 NOT IN ('review_overdue','awaiting') AND EXISTS(SELECT 1 FROM (SELECT 1) z " \
	"LEFT JOIN placements c ON c.id=" OV_CUR " LEFT JOIN establishments e ON e.id=c.establishment_id " \
	"WHERE (?5='ooa' AND " OV_OOA ") OR (?5='residential' AND " OV_RES ") OR (?5='ehe' AND " OV_EHE ") " \
	"OR (?5='visit_overdue' AND " OV_VISIT_OVERDUE ") OR (?5='missing' AND " OV_MISSING "))))"

/* ---- the walks of every active plan ---- */
#define OV_BY_NAME(D) " ORDER BY p.surname " D ", p.forename " D ", p.id " D " LIMIT ?7"
#define OV_WALK_NAME(D) \
	"SELECT p.id FROM people p CROSS JOIN plans pl WHERE pl.person_id=p.id AND pl.status='active' AND " OV_MATCH \
	OV_BY_NAME(D)
#define OV_WALK_REVIEW_DUE(D) \
	"SELECT p.id FROM plans pl CROSS JOIN people p WHERE pl.status='active' AND pl.next_review_due>'' " \
	"AND p.id=pl.person_id AND " OV_MATCH " ORDER BY pl.next_review_due " D ", p.surname " D ", p.forename " D \
	", p.id " D " LIMIT ?7"
/* the active plans with no review date yet: a few, from plans_review_due */
#define OV_WALK_REVIEW_NONE(D) \
	"SELECT p.id FROM plans pl CROSS JOIN people p WHERE pl.status='active' AND pl.next_review_due IS NULL " \
	"AND p.id=pl.person_id AND " OV_MATCH OV_BY_NAME(D)
#define OV_WALK_CW_NONE(D) \
	"SELECT p.id FROM people p CROSS JOIN plans pl WHERE pl.person_id=p.id AND pl.status='active' " \
	"AND NOT EXISTS(SELECT 1 FROM allocations a0 WHERE a0.person_id=p.id AND a0.end_date IS NULL) AND " OV_MATCH \
	OV_BY_NAME(D)
#define OV_WALK_CW_SOME(D) \
	"SELECT p.id FROM users u CROSS JOIN allocations a CROSS JOIN people p CROSS JOIN plans pl WHERE a.user_id=u.id " \
	"AND a.end_date IS NULL AND p.id=a.person_id AND pl.person_id=p.id AND pl.status='active' AND " OV_MATCH \
	" ORDER BY u.display_name " D ", p.surname " D ", p.forename " D ", p.id " D " LIMIT ?7"

enum { OV_SORT_NAME, OV_SORT_REVIEW, OV_SORT_CASEWORKER, OV_NSORTS };
static const char *const ov_sort_keys[OV_NSORTS] = {"name", "review", "caseworker"};
static const char *const ov_walk_sql[OV_NSORTS][2][2] = {
	[OV_SORT_NAME] = {{OV_WALK_NAME("ASC")}, {OV_WALK_NAME("DESC")}},
	[OV_SORT_REVIEW] = {{OV_WALK_REVIEW_DUE("ASC"), OV_WALK_REVIEW_NONE("ASC")},
	                    {OV_WALK_REVIEW_NONE("DESC"), OV_WALK_REVIEW_DUE("DESC")}},
	[OV_SORT_CASEWORKER] = {{OV_WALK_CW_NONE("ASC"), OV_WALK_CW_SOME("ASC")},
	                        {OV_WALK_CW_SOME("DESC"), OV_WALK_CW_NONE("DESC")}},
};
static const int ov_walk_segments[OV_NSORTS] = {1, 2, 2};

/* ---- the few who could be in a category, through indexes ---- */
#define OV_CURRENT(c) c ".start_date<=?2 AND (" c ".end_date IS NULL OR " c ".end_date>=?2)"
#define CAND_CASELOAD "SELECT a0.person_id AS id FROM allocations a0 WHERE a0.user_id=?6 AND a0.end_date IS NULL"
#define CAND_OOA \
	"SELECT c8.person_id AS id FROM establishments e8 CROSS JOIN placements c8 WHERE (e8.la_code<?1 OR e8.la_code>?1) " \
	"AND c8.establishment_id=e8.id AND " OV_CURRENT("c8")
#define CAND_RES \
	"SELECT c9.person_id AS id FROM placements c9 WHERE c9.residential IS NOT NULL AND c9.residential<>'' AND " \
	OV_CURRENT("c9")
#define CAND_EHE \
	"SELECT y8.id AS id FROM people y8 WHERE y8.ehe=1 UNION SELECT c10.person_id FROM placements c10 " \
	"WHERE c10.setting_code='EHE' AND " OV_CURRENT("c10")
#define CAND_MISSING \
	"SELECT y9.id AS id FROM people y9 WHERE y9.cme=1 UNION SELECT c11.person_id FROM placements c11 " \
	"WHERE c11.setting_code IN ('NEET','NIEC','NIEO') AND " OV_CURRENT("c11")
#define CAND_VISIT CAND_OOA " UNION " CAND_RES " UNION " CAND_EHE
#define CAND_AWAIT "SELECT w0.person_id AS id FROM clock_people w0 WHERE w0.awaiting=1"
#define CAND_REVIEW \
	"SELECT pl0.person_id AS id FROM plans pl0 WHERE pl0.status='active' AND pl0.next_review_due>'' " \
	"AND pl0.next_review_due<?2"
#define OV_FROM_CAND(CAND) \
	"FROM (SELECT DISTINCT id FROM (" CAND ") AS cand) d CROSS JOIN people p CROSS JOIN plans pl "
#define OV_ON_CAND "p.id=d.id AND pl.person_id=p.id AND pl.status='active' AND "
/* the walks' order, from keys (see register's FEW) */
#define OV_FEW(CAND) \
	"SELECT t.id FROM (SELECT p.id, " \
	"CASE ?8 WHEN 'review' THEN (CASE WHEN pl.next_review_due>'' THEN 0 ELSE 1 END) " \
	"WHEN 'caseworker' THEN (CASE WHEN u.id IS NULL THEN 0 ELSE 1 END) ELSE 0 END AS k0, " \
	"CASE ?8 WHEN 'review' THEN COALESCE(pl.next_review_due,'') WHEN 'caseworker' THEN COALESCE(u.display_name,'') " \
	"ELSE p.surname END AS k1, CASE ?8 WHEN 'name' THEN p.forename ELSE p.surname END AS k2, " \
	"CASE ?8 WHEN 'name' THEN '' ELSE p.forename END AS k3 " \
	OV_FROM_CAND(CAND) "LEFT JOIN allocations al ON al.person_id=p.id AND al.end_date IS NULL " \
	"LEFT JOIN users u ON u.id=al.user_id WHERE " OV_ON_CAND OV_MATCH ") t ORDER BY " \
	"CASE WHEN ?9=0 THEN t.k0 END, CASE WHEN ?9=0 THEN t.k1 END, CASE WHEN ?9=0 THEN t.k2 END, " \
	"CASE WHEN ?9=0 THEN t.k3 END, CASE WHEN ?9=0 THEN t.id END, " \
	"CASE WHEN ?9=1 THEN t.k0 END DESC, CASE WHEN ?9=1 THEN t.k1 END DESC, CASE WHEN ?9=1 THEN t.k2 END DESC, " \
	"CASE WHEN ?9=1 THEN t.k3 END DESC, CASE WHEN ?9=1 THEN t.id END DESC LIMIT ?7"
#define OV_COUNT(CAND) "SELECT COUNT(*) FROM (SELECT 1 " OV_FROM_CAND(CAND) "WHERE " OV_ON_CAND OV_MATCH " LIMIT ?7) n"

enum { OV_BY_CASELOAD, OV_BY_OOA, OV_BY_RES, OV_BY_EHE, OV_BY_MISSING, OV_BY_VISIT, OV_BY_REVIEW, OV_BY_AWAIT, OV_NCANDS };
#define OV_CANDS(X) X(CAND_CASELOAD), X(CAND_OOA), X(CAND_RES), X(CAND_EHE), X(CAND_MISSING), X(CAND_VISIT), \
	X(CAND_REVIEW), X(CAND_AWAIT)
static const char *const ov_few_sql[OV_NCANDS] = {OV_CANDS(OV_FEW)};
static const char *const ov_count_sql[OV_NCANDS] = {OV_CANDS(OV_COUNT)};
/* every active plan: plans_one_active; the walk of them for a category no index holds */
static const char ov_count_active_sql[] = "SELECT COUNT(*) FROM plans WHERE status='active'";
/* the reviews overdue: a range of plans_review_due (?1 today) */
static const char ov_count_review_sql[] =
	"SELECT COUNT(*) FROM plans pl WHERE pl.status='active' AND pl.next_review_due>'' AND pl.next_review_due<?1";

/* ---- one row by its person (?1 LA, ?2 today, ?3 the person, ?4 the visit cutoff) ---- */
static const char ov_row_sql[] =
	"SELECT p.id, p.forename, p.surname, p.dob, COALESCE(u.display_name,''), COALESCE(e.name,''), "
	"COALESCE(e.setting_type,''), COALESCE(c.setting_code,''), COALESCE(c.residential,''), "
	"COALESCE(pl.last_review_date,''), COALESCE(pl.next_review_due,''), COALESCE(" OV_LAST_VISIT ",''), "
	"CASE WHEN " OV_OOA " THEN 1 ELSE 0 END, CASE WHEN " OV_NEEDS_VISIT " THEN 1 ELSE 0 END, "
	"CASE WHEN " OV_VISIT_OVERDUE " THEN 1 ELSE 0 END, CASE WHEN " OV_REVIEW_OVERDUE " THEN 1 ELSE 0 END, "
	"CASE WHEN " OV_AWAIT " THEN 1 ELSE 0 END, CASE WHEN " OV_MISSING " THEN 1 ELSE 0 END, "
	"CASE WHEN " OV_EHE " THEN 1 ELSE 0 END, p.cme "
	"FROM plans pl CROSS JOIN people p LEFT JOIN allocations a ON a.person_id=p.id AND a.end_date IS NULL "
	"LEFT JOIN users u ON u.id=a.user_id LEFT JOIN placements c ON c.id=" OV_CUR " "
	"LEFT JOIN establishments e ON e.id=c.establishment_id "
	"WHERE pl.person_id=?3 AND pl.status='active' AND p.id=pl.person_id";

static const char *const ov_categories[] = {"", "ooa", "residential", "ehe", "visit_overdue", "review_overdue", "awaiting",
                                            "missing"};

int oversight_category_valid(const char *c)
{
	for (size_t i = 0; c && i < sizeof ov_categories / sizeof ov_categories[0]; i++)
		if (!strcmp(c, ov_categories[i]))
			return 1;
	return 0;
}

int oversight_sort_valid(const char *s)
{
	for (int i = 0; s && i < OV_NSORTS; i++)
		if (!strcmp(s, ov_sort_keys[i]))
			return 1;
	return 0;
}

const struct list_query *oversight_queries(void)
{
	static struct list_query all[OV_NSORTS * 2 * 2 + 2 * OV_NCANDS + 4];
	if (!all[0].sql) {
		int k = 0;
		for (int i = 0; i < OV_NSORTS; i++)
			for (int o = 0; o < 2; o++)
				for (int j = 0; j < ov_walk_segments[i]; j++) {
					const char *sql = ov_walk_sql[i][o][j];
					/* the plans with no review date yet are found, then sorted */
					int few = i == OV_SORT_REVIEW && ((o == 0 && j == 1) || (o == 1 && j == 0));
					all[k++] = (struct list_query){sql, few ? LQ_FEW : LQ_WALK};
				}
		for (int i = 0; i < OV_NCANDS; i++) {
			all[k++] = (struct list_query){ov_few_sql[i], LQ_FEW};
			all[k++] = (struct list_query){ov_count_sql[i], LQ_FEW};
		}
		all[k++] = (struct list_query){ov_count_active_sql, LQ_WALK};
		all[k++] = (struct list_query){ov_count_review_sql, LQ_FEW};
		all[k++] = (struct list_query){ov_row_sql, LQ_KEY};
	}
	return all;
}

/* What the list binds, owned (a download reads on after the request). */
struct ov_binds {
	char la_code[8], today[11], cutoff[11], category[16], sort[16];
	int64_t caseworker;
	int desc;
};

static void ov_binds_make(const struct oversight_filter *f, struct ov_binds *b)
{
	memset(b, 0, sizeof *b);
	list_copy(b->la_code, sizeof b->la_code, f->la_code);
	date_format_iso(f->today, b->today);
	date_format_iso(date_add_months(f->today, -f->visit_overdue_months), b->cutoff);
	list_copy(b->category, sizeof b->category, oversight_category_valid(f->category) ? f->category : "");
	list_copy(b->sort, sizeof b->sort, oversight_sort_valid(f->sort) ? f->sort : "name");
	b->caseworker = f->caseworker;
	b->desc = f->order == LIST_DESC;
}

static int bind_ov(db_stmt *s, const void *ctx)
{
	const struct ov_binds *b = ctx;
	int rc = db_bind_text(s, 1, b->la_code);
	rc |= db_bind_text(s, 2, b->today);
	rc |= db_bind_text(s, 4, b->cutoff);
	rc |= db_bind_text(s, 5, b->category);
	rc |= db_bind_int(s, 6, b->caseworker);
	return rc ? -1 : 0;
}

static int bind_ov_today(db_stmt *s, const void *ctx)
{
	const struct ov_binds *b = ctx;
	return db_bind_text(s, 1, b->today);
}

static int bind_ov_few(db_stmt *s, const void *ctx)
{
	const struct ov_binds *b = ctx;
	if (bind_ov(s, ctx) < 0 || db_bind_text(s, 8, b->sort) < 0 || db_bind_int(s, 9, b->desc) < 0)
		return -1;
	return 0;
}

/* The candidates that hold the filter: a caseload, a category's, or none (-1: every active plan). */
static int ov_source(const struct ov_binds *b)
{
	if (b->caseworker)
		return OV_BY_CASELOAD;
	static const struct { const char *category; int cand; } by[] = {
		{"ooa", OV_BY_OOA}, {"residential", OV_BY_RES}, {"ehe", OV_BY_EHE}, {"missing", OV_BY_MISSING},
		{"visit_overdue", OV_BY_VISIT}, {"review_overdue", OV_BY_REVIEW}, {"awaiting", OV_BY_AWAIT},
	};
	for (size_t i = 0; i < sizeof by / sizeof by[0]; i++)
		if (!strcmp(b->category, by[i].category))
			return by[i].cand;
	return -1;
}

int oversight_count(db *d, const struct oversight_filter *f, int64_t cap, struct list_count *c)
{
	struct ov_binds b;
	ov_binds_make(f, &b);
	if (!b.caseworker && !strcmp(b.category, "review_overdue"))   /* a range of plans_review_due, whole */
		return list_count_exact(d, ov_count_review_sql, bind_ov_today, &b, c);
	int src = ov_source(&b);
	if (src >= 0)
		return list_count_capped(d, ov_count_sql[src], 7, cap, bind_ov, &b, c);
	return list_count_exact(d, ov_count_active_sql, NULL, NULL, c);   /* every category has its candidates */
}

static struct kept_slot ov_count_slots[8];
static struct kept_set ov_count_kept = KEPT_SET(ov_count_slots, free);

struct ov_counts_ask {
	db *d;
	const struct oversight_filter *f;
	const char *const *categories;
	int n;
	int64_t cap;
};

static int ov_count_each(void *ctx, void *out)
{
	const struct ov_counts_ask *a = ctx;
	struct list_count *c = out;
	for (int i = 0; i < a->n; i++) {
		struct oversight_filter one = *a->f;
		one.category = a->categories[i];
		if (oversight_count(a->d, &one, a->cap, &c[i]) < 0)
			return -1;
	}
	return 0;
}

int oversight_counts(db *d, const struct oversight_filter *f, const char *const *categories, int n, int64_t cap,
                     struct list_count *out)
{
	int64_t version = change_data_version(d);
	struct kept_key k;
	char cats[256] = "";   /* the categories, in order, as part of the key */
	for (int i = 0; i < n; i++)
		snprintf(cats + strlen(cats), sizeof cats - strlen(cats), "%s,", categories[i]);
	kept_key_make(&k, version, "oversight|today=%d|la=%s|visits=%d|cw=%lld|cap=%lld|%s", (int)f->today,
	              f->la_code ? f->la_code : "", f->visit_overdue_months, (long long)f->caseworker, (long long)cap, cats);
	struct ov_counts_ask a = {d, f, categories, n, cap};
	return kept_flat(&ov_count_kept, &k, version, out, (size_t)n * sizeof *out, ov_count_each, &a);
}

struct oversight_iter {
	db *d;
	struct ov_binds b;
	const char *few[1];
	struct list_walk w;
};

int oversight_open(db *d, const struct oversight_filter *f, int64_t offset, int64_t limit, struct oversight_iter **out)
{
	*out = NULL;
	struct oversight_iter *it = calloc(1, sizeof *it);
	if (!it)
		return -1;
	it->d = d;
	ov_binds_make(f, &it->b);
	int src = ov_source(&it->b);
	if (src >= 0) {
		it->few[0] = ov_few_sql[src];
		list_walk_init(&it->w, d, it->few, 1, 7, bind_ov_few, &it->b, offset, limit);
	} else {
		int i = OV_SORT_NAME;
		for (int k = 0; k < OV_NSORTS; k++)
			if (!strcmp(it->b.sort, ov_sort_keys[k]))
				i = k;
		list_walk_init(&it->w, d, ov_walk_sql[i][it->b.desc], ov_walk_segments[i], 7, bind_ov, &it->b, offset, limit);
	}
	*out = it;
	return 0;
}

int oversight_next(struct oversight_iter *it, struct oversight_row *o)
{
	int rc = list_walk_step(&it->w);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	int64_t id = db_col_int(it->w.s, 0);
	db_stmt *s = db_prepare(it->d, ov_row_sql);
	if (!s)
		return -1;
	db_bind_text(s, 1, it->b.la_code);
	db_bind_text(s, 2, it->b.today);
	db_bind_int(s, 3, id);
	db_bind_text(s, 4, it->b.cutoff);
	rc = db_step(s);
	if (rc == DB_ROW) {
		memset(o, 0, sizeof *o);
		o->id = db_col_int(s, 0);
		copy(o->forename, sizeof o->forename, db_col_text(s, 1));
		copy(o->surname, sizeof o->surname, db_col_text(s, 2));
		copy(o->dob, sizeof o->dob, db_col_text(s, 3));
		copy(o->caseworker, sizeof o->caseworker, db_col_text(s, 4));
		copy(o->setting, sizeof o->setting, db_col_text(s, 5));
		copy(o->setting_type, sizeof o->setting_type, db_col_text(s, 6));
		copy(o->setting_code, sizeof o->setting_code, db_col_text(s, 7));
		copy(o->residential, sizeof o->residential, db_col_text(s, 8));
		copy(o->last_review, sizeof o->last_review, db_col_text(s, 9));
		copy(o->next_review, sizeof o->next_review, db_col_text(s, 10));
		copy(o->last_visit, sizeof o->last_visit, db_col_text(s, 11));
		o->out_of_area = (int)db_col_int(s, 12);
		o->needs_visit = (int)db_col_int(s, 13);
		o->visit_overdue = (int)db_col_int(s, 14);
		o->review_overdue = (int)db_col_int(s, 15);
		o->awaiting = (int)db_col_int(s, 16);
		o->missing = (int)db_col_int(s, 17);
		o->ehe = (int)db_col_int(s, 18);
		o->cme = (int)db_col_int(s, 19);
	}
	db_done(s);
	return rc == DB_ROW ? 1 : -1;
}

void oversight_close(struct oversight_iter *it)
{
	if (!it)
		return;
	list_walk_end(&it->w);
	free(it);
}
