/* sen2import.c — see sen2import.h. */
#include "domain/sen2import.h"
#include "domain/sen2read.h"
#include "domain/audit.h"
#include "domain/casefile.h"
#include "domain/outbox.h"
#include "domain/clockstore.h"
#include "domain/merge.h"
#include "domain/change.h"
#include "domain/sen2export.h"
#include "core/codes.h"
#include "core/grow.h"
#include "core/hash.h"
#include "core/phase.h"
#include "core/sen2.h"
#include "core/sen2check.h"
#include "core/validate.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sen2_import_kind_names[IK_N] = {
	"people", "requests", "assessments", "plans", "named_settings", "placements", "needs", "reviews",
	"phase_transfers", "clock_exceptions", "establishments",
};

/* ---- merging one record on its natural key ---------------------------------------- */

#define MAX_COLS 10
#define STORED_MAX 512   /* names are at most 60 characters (240 bytes) */

/* find: SELECT id, <cols> … WHERE <keys>; a new row: its id (db_new_id), the first
 * ins_keys keys (key_cols), the values (cols; where the file gives none, dflt, ""
 * for NULL), and `extra` (merge() gives it: now, the exception's reason, or the plan's
 * earlier reviews not known), added to the kind's appender (store/db.h:
 * on PostgreSQL, loaded by COPY); update: SET <cols>=?…, version=version+1 WHERE id=? */
struct imp;
/* Whether the stored value of column c stands for what the file says, though it is not
 * the same text (a date where the file has only the period, 51 weeks for B). */
typedef int (*same_fn)(const struct imp *im, int c, const char *const *stored, const char *const *val);

struct kind {
	const char *table;
	const char *find, *update;
	int nkeys, ins_keys, ncols;
	const char *key_cols[3];
	const char *cols[MAX_COLS];
	const char *dflt[MAX_COLS];
	const char *extra;
	same_fn same;
	enum sen2_import_kind count_as;
};

static int decided_same(const struct imp *im, int c, const char *const *stored, const char *const *val);
static int plan_same(const struct imp *im, int c, const char *const *stored, const char *const *val);
static int weeks_same(const struct imp *im, int c, const char *const *stored, const char *const *val);
static int setting_same(const struct imp *im, int c, const char *const *stored, const char *const *val);

/* the earlier review whose decision is the return's LastReview: found by that day */
#define IK_DECIDED_REVIEW IK_N

static const struct kind kinds[IK_N + 1] = {
	[IK_PERSON] = {
		"people",
		"SELECT id, surname, forename, dob, sex, ethnicity, postcode, upn, uln, upn_unknown FROM people WHERE id=?",
		"UPDATE people SET surname=?, forename=?, dob=?, sex=?, ethnicity=?, postcode=?, upn=?, uln=?, upn_unknown=?, "
		"version=version+1 WHERE id=?",
		1, 0, 9, {NULL},
		{"surname", "forename", "dob", "sex", "ethnicity", "postcode", "upn", "uln", "upn_unknown"}, {NULL},
		"created_at", NULL, IK_PERSON},
	[IK_REQUEST] = {
		"requests",
		"SELECT id, source, rya, outcome, outcome_date, mediation, tribunal, decided_period FROM requests "
		"WHERE person_id=? AND received_date=? ORDER BY id LIMIT 1 OFFSET ?",
		"UPDATE requests SET source=?, rya=?, outcome=?, outcome_date=?, mediation=?, tribunal=?, decided_period=?, "
		"version=version+1 WHERE id=?",
		3, 2, 7, {"person_id", "received_date"},
		{"source", "rya", "outcome", "outcome_date", "mediation", "tribunal", "decided_period"},
		{NULL, "0", NULL, NULL, "0", "0", NULL}, NULL, decided_same, IK_REQUEST},
	[IK_ASSESSMENT] = {
		"assessments",
		"SELECT id, outcome, outcome_date, mediation, tribunal, other_mediation, other_tribunal, decided_period "
		"FROM assessments WHERE request_id=?",
		"UPDATE assessments SET outcome=?, outcome_date=?, mediation=?, tribunal=?, other_mediation=?, "
		"other_tribunal=?, decided_period=?, version=version+1 WHERE id=?",
		1, 1, 7, {"request_id"},
		{"outcome", "outcome_date", "mediation", "tribunal", "other_mediation", "other_tribunal", "decided_period"},
		{NULL, NULL, "0", "0", "0", "0", NULL}, NULL, decided_same, IK_ASSESSMENT},
	[IK_PLAN] = {
		"plans",
		"SELECT id, request_id, status, cease_date, cease_reason, transfer_in_la, transfer_in_year, personal_budget, "
		"pb_organised, pb_direct_payment, transfer_in_date FROM plans WHERE person_id=? AND issue_date IS NOT NULL "
		"AND COALESCE(start_date, issue_date)=? ORDER BY id LIMIT 1 OFFSET ?",
		"UPDATE plans SET request_id=?, status=?, cease_date=?, cease_reason=?, transfer_in_la=?, transfer_in_year=?, "
		"personal_budget=?, pb_organised=?, pb_direct_payment=?, transfer_in_date=?, version=version+1 WHERE id=?",
		3, 2, 10, {"person_id", "issue_date"},
		{"request_id", "status", "cease_date", "cease_reason", "transfer_in_la", "transfer_in_year", "personal_budget",
		 "pb_organised", "pb_direct_payment", "transfer_in_date"},
		{NULL, "active", NULL, NULL, NULL, NULL, "0", "0", "0", NULL}, "earlier_reviews_unknown", plan_same, IK_PLAN},
	[IK_NAMED] = {
		"named_settings",
		"SELECT id, establishment_id, setting_code, sen_unit, resourced_provision FROM named_settings "
		"WHERE plan_id=? AND rank=? ORDER BY id LIMIT 1",
		"UPDATE named_settings SET establishment_id=?, setting_code=?, sen_unit=?, resourced_provision=?, "
		"version=version+1 WHERE id=?",
		2, 2, 4, {"plan_id", "rank"}, {"establishment_id", "setting_code", "sen_unit", "resourced_provision"},
		{NULL, NULL, "0", "0"}, NULL, setting_same, IK_NAMED},
	[IK_PLACEMENT] = {
		"placements",
		"SELECT id, establishment_id, setting_code, end_date, residential, work_based, sen_unit, resourced_provision "
		"FROM placements WHERE person_id=? AND start_date=? AND rank=? ORDER BY id LIMIT 1",
		"UPDATE placements SET establishment_id=?, setting_code=?, end_date=?, residential=?, work_based=?, sen_unit=?, "
		"resourced_provision=?, version=version+1 WHERE id=?",
		3, 3, 7, {"person_id", "start_date", "rank"},
		{"establishment_id", "setting_code", "end_date", "residential", "work_based", "sen_unit",
		 "resourced_provision"},
		{NULL, NULL, NULL, NULL, NULL, "0", "0"}, NULL, weeks_same, IK_PLACEMENT},
	[IK_NEED] = {
		"needs",
		"SELECT id, sen_type FROM needs WHERE person_id=? AND rank=?",
		"UPDATE needs SET sen_type=?, version=version+1 WHERE id=?",
		2, 2, 1, {"person_id", "rank"}, {"sen_type"}, {NULL}, NULL, NULL, IK_NEED},
	[IK_REVIEW] = {
		"reviews",
		"SELECT id, decision_date, outcome, amendments_sent FROM reviews WHERE plan_id=? AND meeting_date=? "
		"ORDER BY id LIMIT 1",
		"UPDATE reviews SET decision_date=?, outcome=?, amendments_sent=?, version=version+1 WHERE id=?",
		2, 2, 3, {"plan_id", "meeting_date"}, {"decision_date", "outcome", "amendments_sent"}, {NULL}, NULL, NULL,
		IK_REVIEW},
	/* a new one met the day of its decision unless the file says (merge()) */
	[IK_DECIDED_REVIEW] = {
		"reviews",
		"SELECT id, meeting_date FROM reviews WHERE plan_id=? AND decision_date=? ORDER BY id LIMIT 1",
		"UPDATE reviews SET meeting_date=?, version=version+1 WHERE id=?",
		2, 2, 1, {"plan_id", "decision_date"}, {"meeting_date"}, {NULL}, NULL, NULL, IK_REVIEW},
	[IK_PHASE] = {
		"phase_transfers",
		"SELECT id, kind, final_date FROM phase_transfers WHERE plan_id=? AND transfer_year=?",
		"UPDATE phase_transfers SET kind=?, final_date=?, version=version+1 WHERE id=?",
		2, 2, 2, {"plan_id", "transfer_year"}, {"kind", "final_date"}, {NULL}, NULL, NULL, IK_PHASE},
	[IK_EXCEPTION] = {
		"clock_exceptions",
		"SELECT id, end_date, note FROM clock_exceptions WHERE person_id=? AND reason='sen2_week20' AND start_date=?",
		"UPDATE clock_exceptions SET end_date=?, note=?, version=version+1 WHERE id=?",
		2, 2, 2, {"person_id", "start_date"}, {"end_date", "note"}, {NULL}, "reason", NULL, IK_EXCEPTION},
	[IK_ESTABLISHMENT] = {NULL, NULL, NULL, 0, 0, 0, {NULL}, {NULL}, {NULL}, NULL, NULL, IK_ESTABLISHMENT},   /* setting_of() */
};

/* the appenders' order: each table after those it refers to (store/db.h) */
static const int append_order[] = {IK_PERSON, IK_REQUEST, IK_ASSESSMENT, IK_PLAN, IK_NAMED, IK_PLACEMENT, IK_NEED,
                                   IK_REVIEW, IK_DECIDED_REVIEW, IK_PHASE, IK_EXCEPTION};

enum { Q_BY_URN, Q_BY_UKPRN, Q_ACTIVE_PLAN, Q_N };
static const char *const q_sql[Q_N] = {
	"SELECT id FROM establishments WHERE urn=?",
	"SELECT id FROM establishments WHERE ukprn=?",
	/* the store's one active plan a person (plans_one_active) */
	"SELECT id FROM plans WHERE person_id=? AND status='active'",
};
static const char *const establishment_cols[] = {"id", "urn", "ukprn", "name", "phase", "setting_type", "la_code"};

/* People are read BATCH at a time before they are written, and the store asked at
 * once, MATCH_CHUNK people a question, for everyone they may match (by UPN, ULN, or
 * name and date of birth); the answers, and the people the import makes or changes,
 * are the view that matching reads (match_person), so that matching asks nothing of
 * the store person by person. */
#define BATCH 256
#define MATCH_CHUNK 32

/* a person's columns, in IK_PERSON's order (surname, forename, dob, sex, ethnicity,
 * postcode, upn, uln, upn_unknown) */
enum { VP_SURNAME, VP_FORENAME, VP_DOB, VP_UPN = 6, VP_ULN, VP_N = 9 };

struct vperson {
	int64_t id;
	int dead;      /* changed since: a later entry holds its values */
	int written;   /* as the import wrote them (not read from the store) */
	char *v[VP_N]; /* NULL: none */
};

/* a key of an entry: 'I' its id, 'U' UPN, 'L' ULN, 'N' name and date of birth */
struct vslot {
	unsigned h;
	int entry;   /* -1: empty */
	char kind;
};

struct view {
	struct vperson *e;
	int n, cap;
	struct vslot *slot;
	size_t nslot;   /* a power of two, at least twice the keys */
	size_t keys;
};

/* A person's records as the store held them when their batch began, asked for the
 * batch's people already in sendmis, 32 a question (prefetch_records), so that each
 * record is found in memory (find_local); a person the import makes has none.  A row
 * the import has written or changed is asked of the store again, which answers as it
 * always would. */
enum { RT_REQUESTS, RT_ASSESSMENTS, RT_PLANS, RT_NAMED, RT_PLACEMENTS, RT_NEEDS, RT_REVIEWS, RT_PHASES,
       RT_EXCEPTIONS, RT_N };
#define RT_COLS 12

/* a question's text before and after its 32 ?s: the person, the row's id, then cols */
struct rtab {
	const char *before, *after;
	const char *cols[RT_COLS];
};

static const struct rtab rtabs[RT_N] = {
	[RT_REQUESTS] = {"SELECT person_id, id, person_id, received_date, source, rya, outcome, outcome_date, mediation, "
	                 "tribunal, decided_period FROM requests WHERE person_id IN (", ") ORDER BY id",
	                 {"person_id", "received_date", "source", "rya", "outcome", "outcome_date", "mediation", "tribunal",
	                  "decided_period"}},
	[RT_ASSESSMENTS] = {"SELECT r.person_id, a.id, a.request_id, a.outcome, a.outcome_date, a.mediation, a.tribunal, "
	                    "a.other_mediation, a.other_tribunal, a.decided_period FROM assessments a JOIN requests r "
	                    "ON r.id = a.request_id WHERE r.person_id IN (", ") ORDER BY a.id",
	                    {"request_id", "outcome", "outcome_date", "mediation", "tribunal", "other_mediation",
	                     "other_tribunal", "decided_period"}},
	/* found by the day it started: the start or, failing that, the issue date (IK_PLAN's find) */
	[RT_PLANS] = {"SELECT person_id, id, person_id, COALESCE(start_date, issue_date), request_id, status, cease_date, "
	              "cease_reason, transfer_in_la, transfer_in_year, personal_budget, pb_organised, pb_direct_payment, "
	              "transfer_in_date FROM plans WHERE issue_date IS NOT NULL AND person_id IN (", ") ORDER BY id",
	              {"person_id", "plan_start", "request_id", "status", "cease_date", "cease_reason", "transfer_in_la",
	               "transfer_in_year", "personal_budget", "pb_organised", "pb_direct_payment", "transfer_in_date"}},
	[RT_NAMED] = {"SELECT p.person_id, n.id, n.plan_id, n.rank, n.establishment_id, n.setting_code, n.sen_unit, "
	              "n.resourced_provision FROM named_settings n JOIN plans p ON p.id = n.plan_id WHERE p.person_id IN (",
	              ") ORDER BY n.id",
	              {"plan_id", "rank", "establishment_id", "setting_code", "sen_unit", "resourced_provision"}},
	[RT_PLACEMENTS] = {"SELECT person_id, id, person_id, start_date, rank, establishment_id, setting_code, end_date, "
	                   "residential, work_based, sen_unit, resourced_provision FROM placements WHERE person_id IN (",
	                   ") ORDER BY id",
	                   {"person_id", "start_date", "rank", "establishment_id", "setting_code", "end_date", "residential",
	                    "work_based", "sen_unit", "resourced_provision"}},
	[RT_NEEDS] = {"SELECT person_id, id, person_id, rank, sen_type FROM needs WHERE person_id IN (", ") ORDER BY id",
	              {"person_id", "rank", "sen_type"}},
	[RT_REVIEWS] = {"SELECT p.person_id, v.id, v.plan_id, v.meeting_date, v.decision_date, v.outcome, v.amendments_sent "
	                "FROM reviews v JOIN plans p ON p.id = v.plan_id WHERE p.person_id IN (", ") ORDER BY v.id",
	                {"plan_id", "meeting_date", "decision_date", "outcome", "amendments_sent"}},
	[RT_PHASES] = {"SELECT p.person_id, h.id, h.plan_id, h.transfer_year, h.kind, h.final_date FROM phase_transfers h "
	               "JOIN plans p ON p.id = h.plan_id WHERE p.person_id IN (", ") ORDER BY h.id",
	               {"plan_id", "transfer_year", "kind", "final_date"}},
	[RT_EXCEPTIONS] = {"SELECT person_id, id, person_id, start_date, end_date, note FROM clock_exceptions "
	                   "WHERE reason = 'sen2_week20' AND person_id IN (", ") ORDER BY id",
	                   {"person_id", "start_date", "end_date", "note"}},
};

/* each kind's table (-1: the person, found in the view; an establishment: setting_of) */
static const int kind_rt[IK_N + 1] = {
	[IK_PERSON] = -1, [IK_REQUEST] = RT_REQUESTS, [IK_ASSESSMENT] = RT_ASSESSMENTS, [IK_PLAN] = RT_PLANS,
	[IK_NAMED] = RT_NAMED, [IK_PLACEMENT] = RT_PLACEMENTS, [IK_NEED] = RT_NEEDS, [IK_REVIEW] = RT_REVIEWS,
	[IK_PHASE] = RT_PHASES, [IK_EXCEPTION] = RT_EXCEPTIONS, [IK_ESTABLISHMENT] = -1, [IK_DECIDED_REVIEW] = RT_REVIEWS,
};

struct rrow {
	int64_t id;
	int touched;           /* written or changed by the import: asked of the store */
	char *v[RT_COLS];      /* NULL: NULL */
};

struct rset {
	struct rrow *row;
	int n, cap;
};

struct records {
	int64_t person;
	struct rset t[RT_N];
};

/* establishments by URN ("U…") or UKPRN ("K…"), as found or made (id), or asked of
 * the store and not there (-1) */
struct est_slot {
	char key[24];
	int64_t id;
};

struct imp {
	db *d;
	const struct sen2_import_opts *o;
	struct sen2_import_result *r;
	struct sen2_context c;
	char la[8];
	int started, writing, store_failed;
	char store_err[200];
	db_stmt *find[IK_N + 1], *upd[IK_N + 1], *q[Q_N], *match;
	db_append *app[IK_N + 1], *est_app, *audit_app;   /* new rows (store/db.h) */
	char now_iso[21];
	const struct sen2_file_header *h;
	struct sen2_person *batch[BATCH];   /* read, not yet written */
	int nbatch;
	struct view view;
	int plan_earlier;              /* a new plan's earlier reviews are not known (write_person) */
	const struct sen2_person *p;   /* the person being imported */
	int64_t person_id;
	int matched;                   /* they were in the store before */
	struct records *rec;           /* the batch's people's records (prefetch_records) */
	int nrec, rec_cap, rec_made;   /* rec_made: slots made (their tables kept for the next batch) */
	struct records scratch;        /* a new person's: those the import writes */
	struct records *cur;           /* the person's being written; NULL: every find asks the store */
	db_stmt *rq[RT_N];             /* prefetch_records' questions */
	int kkey[IK_N + 1][3], kcol[IK_N + 1][MAX_COLS];   /* each kind's keys and values in its table (-1 none) */
	int klocal[IK_N + 1];          /* the kind's finds can be answered from the records (all mapped) */
	struct est_slot *est;
	size_t est_cap, est_n;
	long touched_created[IK_N], touched_updated[IK_N];
	/* the people written so far, by sendmis id: their position in the file (a child
	 * is one person of the return: two given the same UPN or ULN are refused) */
	int64_t *seen_id;
	long *seen_at;
	size_t seen_cap, seen_n;
};

/* ---- the view of the people a batch may match ---------------------------------------- */

static int entry_key(const struct vperson *v, char kind, char *out, size_t n)
{
	int k;
	switch (kind) {
	case 'I': k = snprintf(out, n, "I%lld", (long long)v->id); break;
	case 'U': if (!v->v[VP_UPN]) return -1; k = snprintf(out, n, "U%s", v->v[VP_UPN]); break;
	case 'L': if (!v->v[VP_ULN]) return -1; k = snprintf(out, n, "L%s", v->v[VP_ULN]); break;
	default:
		if (!v->v[VP_SURNAME] || !v->v[VP_FORENAME] || !v->v[VP_DOB])
			return -1;
		k = snprintf(out, n, "N%s\x1f%s\x1f%s", v->v[VP_SURNAME], v->v[VP_FORENAME], v->v[VP_DOB]);
	}
	return k > 0 && (size_t)k < n ? 0 : -1;
}

#define VKEY 800   /* a name key: two names of at most 60 characters (240 bytes), a date */

static void slot_put(struct view *w, int entry, char kind)
{
	char key[VKEY];
	if (entry_key(&w->e[entry], kind, key, sizeof key) < 0)
		return;
	unsigned h = hash_text(key);
	size_t i = h & (w->nslot - 1);
	while (w->slot[i].entry >= 0)
		i = (i + 1) & (w->nslot - 1);
	w->slot[i] = (struct vslot){h, entry, kind};
	w->keys++;
}

static const char view_kinds[] = "IULN";

/* Room for four more keys: the slots made again, twice as many, when half full. */
static int view_room(struct view *w)
{
	if ((w->keys + 4) * 2 <= w->nslot)
		return 0;
	size_t n = w->nslot ? w->nslot * 2 : 4096;
	while ((w->keys + 4) * 2 > n)
		n *= 2;
	struct vslot *t = malloc(n * sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++)
		t[i].entry = -1;
	free(w->slot);
	w->slot = t;
	w->nslot = n;
	w->keys = 0;
	for (int e = 0; e < w->n; e++)
		if (!w->e[e].dead)
			for (int k = 0; k < 4; k++)
				slot_put(w, e, view_kinds[k]);
	return 0;
}

static char *dup_opt(const char *s, int *failed)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

/* The next live entry after slot *at with key kind+value, or -1. */
static int view_next(const struct view *w, char kind, const char *key, size_t *at)
{
	if (!w->nslot)
		return -1;
	unsigned h = hash_text(key);
	char k[VKEY];
	for (size_t i = *at == (size_t)-1 ? h & (w->nslot - 1) : (*at + 1) & (w->nslot - 1); w->slot[i].entry >= 0;
	     i = (i + 1) & (w->nslot - 1)) {
		const struct vslot *sl = &w->slot[i];
		if (sl->h != h || sl->kind != kind || w->e[sl->entry].dead)
			continue;
		if (entry_key(&w->e[sl->entry], kind, k, sizeof k) == 0 && !strcmp(k, key)) {
			*at = i;
			return sl->entry;
		}
	}
	return -1;
}

/* Adds a person as the store holds them (their stored values, or those the import
 * wrote); one already there by that id is replaced.  0 or -1 (out of memory). */
static int view_put(struct view *w, int64_t id, const char *const *v, int written)
{
	char key[32];
	snprintf(key, sizeof key, "I%lld", (long long)id);
	size_t at = (size_t)-1;
	for (int e; (e = view_next(w, 'I', key, &at)) >= 0;)
		w->e[e].dead = 1;
	if (view_room(w) < 0 || ARRAY_RESERVE(w->e, w->cap, w->n + 1, 256) < 0)
		return -1;
	int failed = 0;
	struct vperson *e = &w->e[w->n];
	e->id = id;
	e->dead = 0;
	e->written = written;
	for (int c = 0; c < VP_N; c++)
		e->v[c] = dup_opt(v[c], &failed);
	for (int k = 0; k < 4; k++)
		slot_put(w, w->n, view_kinds[k]);
	w->n++;
	return failed ? -1 : 0;
}

static void view_clear(struct view *w)
{
	for (int e = 0; e < w->n; e++)
		for (int c = 0; c < VP_N; c++)
			free(w->e[e].v[c]);
	w->n = 0;
	w->keys = 0;
	for (size_t i = 0; i < w->nslot; i++)
		w->slot[i].entry = -1;
}

static void view_free(struct view *w)
{
	view_clear(w);
	free(w->e);
	free(w->slot);
}

/* The person whose UPN ('U') or ULN ('L') is v (the store holds each once), or 0. */
static int64_t view_one(const struct view *w, char kind, const char *v)
{
	char key[VKEY];
	snprintf(key, sizeof key, "%c%s", kind, v);
	size_t at = (size_t)-1;
	int e = view_next(w, kind, key, &at);
	return e >= 0 ? w->e[e].id : 0;
}

/* The file position of the person already written as sendmis person `id`, or 0;
 * else records `at` for it; -1 out of memory.  An open-addressed table that
 * doubles at 70% full. */
static long seen_person(struct imp *im, int64_t id, long at)
{
	if (im->seen_n * 10 >= im->seen_cap * 7) {
		size_t cap = im->seen_cap ? im->seen_cap * 2 : 1024;
		int64_t *ids = calloc(cap, sizeof *ids);
		long *ats = calloc(cap, sizeof *ats);
		if (!ids || !ats) {
			free(ids);
			free(ats);
			return -1;
		}
		for (size_t i = 0; i < im->seen_cap; i++) {
			if (!im->seen_id[i])
				continue;
			size_t h = (size_t)((uint64_t)im->seen_id[i] * 0x9E3779B97F4A7C15ull) & (cap - 1);
			while (ids[h])
				h = (h + 1) & (cap - 1);
			ids[h] = im->seen_id[i];
			ats[h] = im->seen_at[i];
		}
		free(im->seen_id);
		free(im->seen_at);
		im->seen_id = ids;
		im->seen_at = ats;
		im->seen_cap = cap;
	}
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull) & (im->seen_cap - 1);
	for (; im->seen_id[h]; h = (h + 1) & (im->seen_cap - 1))
		if (im->seen_id[h] == id)
			return im->seen_at[h];
	im->seen_id[h] = id;
	im->seen_at[h] = at;
	im->seen_n++;
	return 0;
}

static void __attribute__((format(printf, 6, 7)))
report(struct imp *im, int node, const char *id, int error, long line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const struct sen2_person *p = im->p;
	struct sen2_import_problem pr = {p ? p->index : 0, line, id, error, "", msg};
	if (p && node >= 0 && node < p->n) {
		pr.block = sen2_block_tags[p->node[node].block];
		if (!line)
			pr.line = p->node[node].line;
	}
	if (error) {
		im->r->errors++;
		im->writing = 0;   /* nothing more is written: the whole import is rolled back */
	} else
		im->r->queries++;
	if (im->o->problem)
		im->o->problem(im->o->ctx, &pr);
}

static void store_failed(struct imp *im, int node, const char *what)
{
	report(im, node, "DC-I9", 1, 0, "the store refused the %s (%s)", what, db_errmsg(im->d));
}

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return !strcmp(a, b);
}

/* ---- a person's records, in memory --------------------------------------------------- */

/* A row added to a table of records: its id and values (NULL for those not given). */
static struct rrow *rset_add(struct rset *t, int64_t id, const char *const *v, int nv, int touched)
{
	if (ARRAY_RESERVE(t->row, t->cap, t->n + 1, 16) < 0)
		return NULL;
	struct rrow *w = &t->row[t->n];
	memset(w, 0, sizeof *w);
	w->id = id;
	w->touched = touched;
	int failed = 0;
	for (int c = 0; c < nv && c < RT_COLS; c++)
		w->v[c] = dup_opt(v[c], &failed);
	t->n++;
	return failed ? NULL : w;
}

static void records_clear(struct records *r)
{
	for (int k = 0; k < RT_N; k++) {
		for (int i = 0; i < r->t[k].n; i++)
			for (int c = 0; c < RT_COLS; c++)
				free(r->t[k].row[i].v[c]);
		r->t[k].n = 0;
	}
}

static void records_free(struct records *r)
{
	records_clear(r);
	for (int k = 0; k < RT_N; k++)
		free(r->t[k].row);
}

/* The row a kind's find would give for key, from the person's records: 1 (*out), 0
 * none, -1 ask the store (a row of that key the import has written or changed, or no
 * records held).  As the finds: rows of the key in id order, the OFFSETth (requests,
 * plans) else the first; a NULL key finds none. */
static int find_local(const struct imp *im, int kind, const char *const *key, struct rrow **out)
{
	*out = NULL;
	if (!im->cur || !im->klocal[kind])
		return -1;
	const struct kind *kd = &kinds[kind];
	for (int i = 0; i < kd->ins_keys; i++)
		if (!key[i])
			return 0;
	const struct rset *t = &im->cur->t[kind_rt[kind]];
	long offset = kd->nkeys > kd->ins_keys ? atol(key[kd->ins_keys]) : 0, n = 0;
	for (int r = 0; r < t->n; r++) {
		struct rrow *w = &t->row[r];
		int match = 1;
		for (int i = 0; i < kd->ins_keys && match; i++) {
			const char *v = w->v[im->kkey[kind][i]];
			match = v && !strcmp(v, key[i]);
		}
		if (!match)
			continue;
		if (w->touched)
			return -1;
		if (n++ == offset)
			*out = w;
	}
	return *out ? 1 : 0;
}

/* The row of that id in the person's records, marked written or changed. */
static void touch_row(struct imp *im, int kind, int64_t id)
{
	if (!im->cur || !im->klocal[kind])
		return;
	struct rset *t = &im->cur->t[kind_rt[kind]];
	for (int r = 0; r < t->n; r++)
		if (t->row[r].id == id)
			t->row[r].touched = 1;
}

/* A new row in the person's records, with its keys and values by column (row: as the
 * appender was given it, id first), so that a later find of the same key asks the
 * store.  0 or -1 (out of memory). */
static int note_new_row(struct imp *im, int kind, int64_t id, const char *const *key, const char *const *row)
{
	if (!im->cur || !im->klocal[kind])
		return 0;
	const struct kind *kd = &kinds[kind];
	const char *v[RT_COLS] = {NULL};
	for (int i = 0; i < kd->ins_keys; i++)
		v[im->kkey[kind][i]] = key[i];
	for (int c = 0; c < kd->ncols; c++)
		if (im->kcol[kind][c] >= 0)
			v[im->kcol[kind][c]] = row[1 + kd->ins_keys + c];
	return rset_add(&im->cur->t[kind_rt[kind]], id, v, RT_COLS, 1) ? 0 : -1;
}

/* Each kind's keys and values as columns of its table (the plan's day is plan_start). */
static void map_columns(struct imp *im)
{
	for (int k = 0; k <= IK_N; k++) {
		const struct kind *kd = &kinds[k];
		for (int i = 0; i < 3; i++)
			im->kkey[k][i] = -1;
		for (int c = 0; c < MAX_COLS; c++)
			im->kcol[k][c] = -1;
		im->klocal[k] = 0;
		if (kind_rt[k] < 0)
			continue;
		const struct rtab *t = &rtabs[kind_rt[k]];
		for (int j = 0; j < RT_COLS && t->cols[j]; j++) {
			for (int i = 0; i < kd->ins_keys; i++)
				if (!strcmp(t->cols[j], k == IK_PLAN && i == 1 ? "plan_start" : kd->key_cols[i]))
					im->kkey[k][i] = j;
			for (int c = 0; c < kd->ncols; c++)
				if (!strcmp(t->cols[j], kd->cols[c]))
					im->kcol[k][c] = j;
		}
		/* every key and value a column of the table, else its finds ask the store */
		int all = 1;
		for (int i = 0; i < kd->ins_keys; i++)
			all &= im->kkey[k][i] >= 0;
		for (int c = 0; c < kd->ncols; c++)
			all &= im->kcol[k][c] >= 0;
		im->klocal[k] = all;
	}
}

/* The records of the person id, made if new; NULL out of memory. */
static struct records *records_of(struct imp *im, int64_t person)
{
	for (int i = im->nrec - 1; i >= 0; i--)
		if (im->rec[i].person == person)
			return &im->rec[i];
	if (ARRAY_RESERVE(im->rec, im->rec_cap, im->nrec + 1, 64) < 0)
		return NULL;
	struct records *r = &im->rec[im->nrec];
	if (im->nrec == im->rec_made) {
		memset(r, 0, sizeof *r);
		im->rec_made++;
	}
	im->nrec++;
	r->person = person;
	return r;
}

/* Whether the person already has an active plan, which the store holds one of. */
static int has_active_plan(struct imp *im, const char *person)
{
	db_stmt *s = im->q[Q_ACTIVE_PLAN];
	db_bind_text(s, 1, person);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The stored person a find by id gives, from the view (their values as the batch
 * began): 1, 0 none (a new person), -1 ask the store (the import has written them). */
static int person_local(const struct imp *im, const char *const *key, const char **stored, int64_t *id)
{
	if (!im->matched)
		return 0;
	char k[32];
	snprintf(k, sizeof k, "I%s", key[0]);
	size_t at = (size_t)-1;
	int e = view_next(&im->view, 'I', k, &at);
	if (e < 0 || im->view.e[e].written)
		return -1;
	*id = im->view.e[e].id;
	for (int c = 0; c < VP_N; c++)
		stored[c] = im->view.e[e].v[c];
	return 1;
}

/* Merges one record: the values the file gives (NULL: none; `exact` bits: set even when
 * NULL) onto the stored one found by its key, or a new one.  *id its id; 0 or -1. */
static int merge(struct imp *im, int kind, const char *const *key, const char *const *val, unsigned exact,
                 int node, int64_t *id)
{
	const struct kind *kd = &kinds[kind];
	enum sen2_import_kind k = kd->count_as;
	db_stmt *s = im->find[kind];
	*id = 0;
	char text[MAX_COLS][STORED_MAX];
	const char *stored[MAX_COLS], *merged[MAX_COLS];
	/* the stored record: from the person's records, else asked of the store */
	struct rrow *found = NULL;
	int rc, local = kind == IK_PERSON ? person_local(im, key, stored, id) : find_local(im, kind, key, &found);
	if (local == 1 && found) {
		*id = found->id;
		for (int c = 0; c < kd->ncols; c++)
			stored[c] = found->v[im->kcol[kind][c]];
	}
	if (local >= 0)
		rc = local ? DB_ROW : DB_DONE;
	else {
		for (int i = 0; i < kd->nkeys; i++)
			db_bind_text(s, i + 1, key[i]);
		rc = db_step(s);
		if (rc == DB_ROW) {
			*id = db_col_int(s, 0);
			for (int c = 0; c < kd->ncols; c++) {
				snprintf(text[c], sizeof text[c], "%s", db_col_text(s, c + 1));
				stored[c] = db_col_is_null(s, c + 1) ? NULL : text[c];
			}
		}
		db_reset(s);
	}
	if (rc == DB_ROW) {
		int changed = 0;
		for (int c = 0; c < kd->ncols; c++) {
			int keep = !val[c] && !(exact >> c & 1u);
			merged[c] = keep || (kd->same && kd->same(im, c, stored, val)) ? stored[c] : val[c];
			changed |= !same(merged[c], stored[c]);
		}
		if (!changed) {
			im->r->unchanged[k]++;
			return 0;
		}
		touch_row(im, kind, *id);   /* asked of the store from now on */
		db_stmt *u = im->upd[kind];
		for (int c = 0; c < kd->ncols; c++)
			db_bind_text(u, c + 1, merged[c]);
		db_bind_int(u, kd->ncols + 1, *id);
		rc = db_step(u);
		db_reset(u);
		if (rc != DB_DONE) {
			store_failed(im, node, sen2_import_kind_names[k]);
			return -1;
		}
		if (kind == IK_PERSON && view_put(&im->view, *id, merged, 1) < 0) {
			report(im, node, "DC-I9", 1, 0, "out of memory");
			return -1;
		}
		im->r->updated[k]++;
		im->touched_updated[k]++;
		return 0;
	}
	if (rc != DB_DONE) {
		store_failed(im, node, sen2_import_kind_names[k]);
		return -1;
	}
	/* a new active plan (no status: the default) beside one the store holds */
	int active = kind == IK_PLAN && !val[1] && im->matched ? has_active_plan(im, key[0]) : 0;
	if (active) {
		if (active > 0)
			report(im, node, "DC-I8", 1, 0, "this person already has an active EHC plan in sendmis that starts on "
			       "another day: cease it there, or correct the file, before the plan starting %s can be active",
			       key[1]);
		else
			store_failed(im, node, sen2_import_kind_names[k]);
		return -1;
	}
	/* the new row: its id, keys, values (or their defaults) and the kind's extra column */
	int64_t made = db_new_id(im->d, kd->table);
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)made);
	const char *row[1 + 3 + MAX_COLS + 1];
	int b = 0;
	row[b++] = idtext;
	for (int i = 0; i < kd->ins_keys; i++)
		row[b++] = key[i];
	for (int c = 0; c < kd->ncols; c++)
		row[b++] = val[c] ? val[c] : kind == IK_DECIDED_REVIEW ? key[1] : kd->dflt[c];
	if (kd->extra)
		row[b++] = kind == IK_PERSON ? im->now_iso : kind == IK_EXCEPTION ? "sen2_week20" : im->plan_earlier ? "1" : "0";
	if (made <= 0 || db_append_row(im->app[kind], row) < 0) {
		store_failed(im, node, sen2_import_kind_names[k]);
		return -1;
	}
	/* matching sees the person as written (IK_PERSON's columns: names, dob, …, upn, uln) */
	if ((kind == IK_PERSON && view_put(&im->view, made, val, 1) < 0) || note_new_row(im, kind, made, key, row) < 0) {
		report(im, node, "DC-I9", 1, 0, "out of memory");
		return -1;
	}
	*id = made;
	im->r->created[k]++;
	im->touched_created[k]++;
	return 0;
}

/* ---- the values of a person -------------------------------------------------------- */

static const char *val(const struct sen2_person *p, int node, enum sen2_item i)
{
	const char *v = node >= 0 ? sen2_get(p, node, i) : "";
	return *v ? v : NULL;
}

static int child(const struct sen2_person *p, int parent, enum sen2_block b, int after)
{
	for (int k = after + 1; k < p->n; k++)
		if (p->node[k].parent == parent && p->node[k].block == b)
			return k;
	return -1;
}

static day_t day(const struct sen2_person *p, int node, enum sen2_item i)
{
	day_t d = DATE_NONE;
	const char *v = val(p, node, i);
	if (v)
		date_parse_iso(v, &d);
	return d;
}

/* decided_period says only that an undated decision fell in the period: a stored day says more */
static int decided_same(const struct imp *im, int c, const char *const *stored, const char *const *val)
{
	return c == 6 && stored[3] != NULL;
}

/* transfer_in_year says only the year of a transfer whose stored day says more */
static int plan_same(const struct imp *im, int c, const char *const *stored, const char *const *val)
{
	if (c != 5 || !stored[9] || !val[5])
		return 0;
	return !strncmp(stored[9], val[5], 4);
}

/* sendmis's AWAIT is the return's NIEO (domain/sen2export.c): a stored AWAIT stands */
static int setting_same(const struct imp *im, int c, const char *const *stored, const char *const *val)
{
	return c == 1 && same(stored[1], "AWAIT") && same(val[1], "NIEO");
}

/* the return's band (A, B) read back as weeks: a stored code in the same band stands */
static int weeks_same(const struct imp *im, int c, const char *const *stored, const char *const *val)
{
	if (c != 3 || !stored[3] || !val[3])
		return setting_same(im, c, stored, val);
	return same(sen2_residential(stored[3], im->c.year), sen2_residential(val[3], im->c.year));
}

/* The ActivePlans whose needs (and placements, where two blocks give the same one) are
 * kept: sendmis holds one set of needs and one list of placements per child.  The
 * block of the plan active on the census date, else of the plan that ceased last. */
static int kept_block(const struct sen2_person *p)
{
	int best = -1, best_plan = -1;
	for (int k = 1; k < p->n; k++) {
		if (p->node[k].block != SB_ACTIVE_PLANS)
			continue;
		int plan = sen2_active_plan_of(p, k);
		if (plan < 0)
			continue;
		if (!val(p, plan, SI_CEASE_DATE))
			return k;
		if (best < 0 || strcmp(sen2_get(p, plan, SI_CEASE_DATE), sen2_get(p, best_plan, SI_CEASE_DATE)) > 0) {
			best = k;
			best_plan = plan;
		}
	}
	return best;
}

static int same_node(const struct sen2_person *p, int a, int b)
{
	for (int i = 0; i < SI_N; i++)
		if (!same(p->node[a].v[i], p->node[b].v[i]))
			return 0;
	return 1;
}

/* The placement node that stands for placement c's key (EntryDate and rank) in the
 * person: the one in the kept block, else the first in the file. */
static int placement_kept(const struct sen2_person *p, int c, int kept)
{
	int first = -1;
	for (int k = 1; k < p->n; k++) {
		if (p->node[k].block != SB_PLACEMENT || !same(val(p, k, SI_ENTRY_DATE), val(p, c, SI_ENTRY_DATE)) ||
		    !same(val(p, k, SI_PLACEMENT_RANK), val(p, c, SI_PLACEMENT_RANK)))
			continue;
		if (p->node[k].parent == kept)
			return k;
		if (first < 0)
			first = k;
	}
	return first;
}

/* Do two ActivePlans give the same needs (type and rank, in order)? */
static int same_needs(const struct sen2_person *p, int a, int b)
{
	int i = child(p, a, SB_NEED, a), j = child(p, b, SB_NEED, b);
	for (; i >= 0 && j >= 0; i = child(p, a, SB_NEED, i), j = child(p, b, SB_NEED, j))
		if (!same_node(p, i, j))
			return 0;
	return i < 0 && j < 0;
}

/* The phase-transfer kind whose deadline in `year` is `due`: post-16 by its own date;
 * the school moves share one, so the child's usual move that year, else secondary. */
static enum phase_kind phase_kind_for(const struct sen2_person *p, int year, day_t due)
{
	const struct clock_settings *s = casefile_settings();
	if (due == phase_deadline(s, PT_POST16, year))
		return PT_POST16;
	if (due != phase_deadline(s, PT_SECONDARY, year))
		return PT_NONE;
	enum phase_kind k = phase_transfer_for(day(p, 0, SI_BIRTH_DATE), year, NULL, NCY_NONE);
	return k != PT_NONE && k != PT_POST16 ? k : PT_SECONDARY;
}

/* The register's residential code for a return's A/B (core/sen2.c sen2_residential, read
 * back): the top of the band, the only code the band names for sure in its year. */
static const char *weeks_of(const char *res, int year)
{
	if (!res)
		return NULL;
	if (!strcmp(res, "A"))
		return year >= 2026 ? "38" : "51";
	return !strcmp(res, "B") ? "52" : NULL;
}

/* What the register cannot hold, or the file does not say well enough to import. */
static void import_rules(struct imp *im)
{
	const struct sen2_person *p = im->p;
	static const enum sen2_item names[] = {SI_SURNAME, SI_FORENAME};
	static const char *const tags[] = {"PersonSurname", "PersonForename"};
	for (int i = 0; i < 2; i++) {
		const char *v = val(p, 0, names[i]);
		if (!v)
			report(im, 0, "DC-I1", 1, 0, "%s is missing: sendmis needs a name for every child", tags[i]);
		else if (utf8_chars(v) > 60)
			report(im, 0, "DC-I1", 1, 0, "%s is %zu characters long: sendmis holds at most 60", tags[i], utf8_chars(v));
	}
	const char *pc = val(p, 0, SI_POSTCODE);
	char norm[16], why[120];
	if (pc && validate_postcode(pc, norm, why, sizeof why) < 0)
		report(im, 0, "DC-I1", 1, 0, "PostCode '%s': %s", pc, why);
	int open_plans = 0;
	for (int q = 1; q < p->n; q++) {
		if (p->node[q].block == SB_NAMED_PLAN) {
			if (!val(p, q, SI_START_DATE))
				report(im, q, "DC-I2", 1, 0, "StartDate is missing: sendmis keeps a plan by the day it started");
			open_plans += !val(p, q, SI_CEASE_DATE);
			continue;
		}
		if (p->node[q].block == SB_PLACEMENT) {
			const char *res = val(p, q, SI_RES), *wbp = val(p, q, SI_WBP);
			if (res && !weeks_of(res, im->c.year))
				report(im, q, "DC-I3", 1, 0, "ResidentialSetting '%s' must be A or B", res);
			if (wbp && !code_find(&codes_work_based, wbp, 0))
				report(im, q, "DC-I3", 1, 0, "WorkBasedPlacement '%s' must be SI, AP or TR", wbp);
			continue;
		}
		if (p->node[q].block == SB_ACTIVE_PLANS) {
			const char *due = val(p, q, SI_PHASE_DUE);
			if (due && phase_kind_for(p, im->c.year - 1, day(p, q, SI_PHASE_DUE)) == PT_NONE) {
				char school[11], post16[11];
				date_format_iso(phase_deadline(casefile_settings(), PT_SECONDARY, im->c.year - 1), school);
				date_format_iso(phase_deadline(casefile_settings(), PT_POST16, im->c.year - 1), post16);
				report(im, q, "DC-I4", 1, 0, "PhaseTransferDueDate %s is not a phase-transfer deadline of %d: those "
				       "are %s (school moves) and %s (post-16)", due, im->c.year - 1, school, post16);
			}
			if (!due && val(p, q, SI_PHASE_FINAL))
				report(im, q, "DC-I4", 1, 0, "PhaseTransferFinalDate is given without a PhaseTransferDueDate");
			/* one set of needs and one of each placement per child: what another block says is kept once */
			int kept = kept_block(p), plan = sen2_active_plan_of(p, q);
			if (kept >= 0 && kept != q && plan >= 0 && child(p, q, SB_NEED, q) >= 0 && !same_needs(p, q, kept))
				report(im, q, "DC-I10", 0, 0, "the needs given for the plan that ceased on %s differ from those of the %s: "
				       "sendmis keeps one set of needs per child, and keeps those", sen2_get(p, plan, SI_CEASE_DATE),
				       val(p, sen2_active_plan_of(p, kept), SI_CEASE_DATE) ? "plan that ceased last"
				                                                           : "plan active on the census date");
			for (int c = child(p, q, SB_PLACEMENT, q); c >= 0; c = child(p, q, SB_PLACEMENT, c)) {
				int keep = placement_kept(p, c, kept);
				if (keep != c && !same_node(p, c, keep))
					report(im, c, "DC-I10", 0, 0, "the placement entered on %s (rank %s) is given again, on line %ld, "
					       "with other details: sendmis keeps one of each placement, and keeps that one",
					       sen2_get(p, c, SI_ENTRY_DATE), sen2_get(p, c, SI_PLACEMENT_RANK), p->node[keep].line);
			}
			continue;
		}
		if (p->node[q].block != SB_REQUEST)
			continue;
		const char *oc = val(p, q, SI_REQUEST_OUTCOME);
		int a = child(p, q, SB_ASSESSMENT, q);
		if (oc && !strcmp(oc, "H") && a < 0)
			report(im, q, "DC-I6", 1, 0, "RequestOutcome H with no Assessment: sendmis cannot tell whether this "
			       "historical request was agreed");
		const char *ao = a >= 0 ? val(p, a, SI_ASSESSMENT_OUTCOME) : NULL;
		if (ao && !strcmp(ao, "H") && child(p, a, SB_NAMED_PLAN, a) < 0)
			report(im, a, "DC-I6", 1, 0, "AssessmentOutcome H with no NamedPlan: sendmis cannot tell whether a plan "
			       "was issued");
		if (!val(p, q, SI_RECEIVED_DATE)) {
			/* a plan with no request on record: only the plan is kept */
			static const enum sen2_item flags[] = {SI_RYA, SI_REQUEST_MEDIATION, SI_REQUEST_TRIBUNAL};
			for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
				if (val(p, q, flags[i]) && strcmp(val(p, q, flags[i]), "0"))
					report(im, q, "DC-I7", 0, 0, "a Request with no ReceivedDate is kept as its plan alone: "
					       "its flags (RYA, mediation, tribunal) are not kept");
		}
	}
	if (open_plans > 1)
		report(im, 0, "DC-I5", 1, 0, "%d NamedPlans with no CeaseDate: sendmis holds one active plan per person",
		       open_plans);
}

/* ---- writing a person ------------------------------------------------------------------ */

/* The slot of an establishment's URN (kind 'U') or UKPRN ('K'): its id once found or
 * made, else 0; NULL out of memory.  An open-addressed table that doubles at 70% full. */
static struct est_slot *est_slot(struct imp *im, char kind, const char *code)
{
	char key[sizeof im->est->key];
	snprintf(key, sizeof key, "%c%s", kind, code);
	if (im->est_n * 10 >= im->est_cap * 7) {
		size_t cap = im->est_cap ? im->est_cap * 2 : 256;
		struct est_slot *t = calloc(cap, sizeof *t);
		if (!t)
			return NULL;
		for (size_t i = 0; i < im->est_cap; i++) {
			if (!im->est[i].key[0])
				continue;
			size_t h = hash_text(im->est[i].key) & (cap - 1);
			while (t[h].key[0])
				h = (h + 1) & (cap - 1);
			t[h] = im->est[i];
		}
		free(im->est);
		im->est = t;
		im->est_cap = cap;
	}
	size_t h = hash_text(key) & (im->est_cap - 1);
	for (; im->est[h].key[0]; h = (h + 1) & (im->est_cap - 1))
		if (!strcmp(im->est[h].key, key))
			return &im->est[h];
	memcpy(im->est[h].key, key, sizeof key);
	im->est_n++;
	return &im->est[h];
}

/* The establishment of a setting's URN or UKPRN, made as a placeholder when unknown. */
static int setting_of(struct imp *im, int node, char id_out[24])
{
	const struct sen2_person *p = im->p;
	const char *urn = val(p, node, SI_URN), *ukprn = val(p, node, SI_UKPRN);
	id_out[0] = 0;
	if (!urn && !ukprn)
		return 0;
	struct est_slot *e = est_slot(im, urn ? 'U' : 'K', urn ? urn : ukprn);
	if (!e) {
		report(im, node, "DC-I9", 1, 0, "out of memory");
		return -1;
	}
	if (e->id > 0) {
		snprintf(id_out, 24, "%lld", (long long)e->id);
		return 0;   /* found: not counted (the counts are of what the import made) */
	}
	if (!e->id) {   /* not asked with the batch (prefetch): asked now */
		db_stmt *s = im->q[urn ? Q_BY_URN : Q_BY_UKPRN];
		db_bind_text(s, 1, urn ? urn : ukprn);
		int rc = db_step(s);
		if (rc == DB_ROW) {
			e->id = db_col_int(s, 0);
			snprintf(id_out, 24, "%lld", (long long)e->id);
			db_reset(s);
			return 0;
		}
		db_reset(s);
		if (rc != DB_DONE) {
			store_failed(im, node, "establishment");
			return -1;
		}
	}
	char name[120];
	snprintf(name, sizeof name, "Setting with %s %s (from a SEN2 import: enter its details)", urn ? "URN" : "UKPRN",
	         urn ? urn : ukprn);
	int64_t made = db_new_id(im->d, "establishments");
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)made);
	const char *row[] = {idtext, urn, urn ? NULL : ukprn, name, "", "", im->la};
	if (made <= 0 || db_append_row(im->est_app, row) < 0) {
		store_failed(im, node, "establishment");
		return -1;
	}
	e->id = made;
	snprintf(id_out, 24, "%lld", (long long)made);
	im->r->created[IK_ESTABLISHMENT]++;
	return 0;
}

/* A person's UPN and ULN as the forms keep them: upper case, no spaces (the checks
 * have passed them); NULL where the file gives none. */
static void person_ids(const struct sen2_person *p, char upn_n[16], char uln_n[16], const char **upn, const char **uln)
{
	char why[120];
	*upn = val(p, 0, SI_UPN);
	*uln = val(p, 0, SI_ULN);
	if (*upn && validate_upn(*upn, upn_n, why, sizeof why) == 0)
		*upn = upn_n;
	if (*uln && validate_uln(*uln, uln_n, why, sizeof why) == 0)
		*uln = uln_n;
}

/* The sendmis person the file's person is (the view: the store as the batch began, and
 * what the import has written since), 0 for a new one, -1 refused (reported). */
static int64_t match_person(struct imp *im, const char *upn, const char *uln)
{
	const struct sen2_person *p = im->p;
	/* one person at most each: the store holds each UPN and ULN once (migration 0011) */
	int64_t by[2] = {0, 0};
	for (int w = 0; w < 2; w++) {
		const char *v = w ? uln : upn;
		if (v)
			by[w] = view_one(&im->view, w ? 'L' : 'U', v);
	}
	/* one record per child: a ULN already another child's than the UPN's is refused (a UPN
	 * another's would have matched them) */
	if (by[0] && by[1] && by[0] != by[1]) {
		char ref[24];
		case_ref(by[1], ref, sizeof ref);
		report(im, 0, "DC-I8", 1, 0, "UniqueLearnerNumber %s is already recorded in sendmis for another child (%s), whom "
		       "the rest of this person does not match: correct the file or that record", uln, ref);
		return -1;
	}
	if (by[0] || by[1])
		return by[0] ? by[0] : by[1];
	/* by name and date of birth: someone with no UPN or ULN the file does not give (a UPN
	 * or ULN in sendmis that the file does not confirm says it is another child) */
	const char *surname = val(p, 0, SI_SURNAME), *forename = val(p, 0, SI_FORENAME), *dob = val(p, 0, SI_BIRTH_DATE);
	if (!surname || !forename || !dob)
		return 0;
	struct vperson probe = {0, 0, 0, {(char *)surname, (char *)forename, (char *)dob}};
	char key[VKEY];
	if (entry_key(&probe, 'N', key, sizeof key) < 0)
		return 0;
	int64_t ids[2];
	int n = 0;
	size_t at = (size_t)-1;
	for (int e; n < 2 && (e = view_next(&im->view, 'N', key, &at)) >= 0;) {
		const struct vperson *v = &im->view.e[e];
		if ((v->v[VP_UPN] && !same(v->v[VP_UPN], upn)) || (v->v[VP_ULN] && !same(v->v[VP_ULN], uln)))
			continue;
		ids[n++] = v->id;
	}
	if (n > 1) {
		report(im, 0, "DC-I8", 1, 0, "more than one person in sendmis has this name and date of birth, and the file "
		       "gives no UPN or ULN that tells them apart");
		return -1;
	}
	return n ? ids[0] : 0;
}

/* ---- a batch's questions, asked at once ------------------------------------------------- */

/* The question: everyone with one of MATCH_CHUNK UPNs, ULNs, or names and dates of
 * birth (parameters 1–32, 33–64, then three each; NULL for none). */
static char *match_sql(void)
{
	buf b = BUF_INIT;
	buf_puts(&b, "SELECT id, surname, forename, dob, sex, ethnicity, postcode, upn, uln, upn_unknown FROM people "
	             "WHERE upn IN (");
	for (int i = 0; i < MATCH_CHUNK; i++)
		buf_puts(&b, i ? ",?" : "?");
	buf_puts(&b, ") OR uln IN (");
	for (int i = 0; i < MATCH_CHUNK; i++)
		buf_puts(&b, i ? ",?" : "?");
	buf_puts(&b, ")");
	for (int i = 0; i < MATCH_CHUNK; i++)
		buf_puts(&b, " OR (surname=? AND forename=? AND dob=?)");
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* The establishments a batch names that are not yet known, asked before any of its
 * people is written (so each question finds no rows waiting to be sent): each once
 * in the import, found (its id) or not there (-1). */
static int prefetch_settings(struct imp *im)
{
	for (int b = 0; b < im->nbatch; b++) {
		const struct sen2_person *p = im->batch[b];
		for (int k = 1; k < p->n; k++) {
			if (p->node[k].block != SB_PLAN_DETAIL && p->node[k].block != SB_PLACEMENT)
				continue;
			const char *urn = val(p, k, SI_URN), *ukprn = val(p, k, SI_UKPRN);
			if (!urn && !ukprn)
				continue;
			struct est_slot *e = est_slot(im, urn ? 'U' : 'K', urn ? urn : ukprn);
			if (!e)
				return -1;
			if (e->id)
				continue;
			db_stmt *s = im->q[urn ? Q_BY_URN : Q_BY_UKPRN];
			db_bind_text(s, 1, urn ? urn : ukprn);
			int rc = db_step(s);
			e->id = rc == DB_ROW ? db_col_int(s, 0) : -1;
			db_reset(s);
			if (rc != DB_ROW && rc != DB_DONE)
				return -1;
		}
	}
	return 0;
}

/* Everyone the batch's people may match, as the store holds them now, into the view. */
static int prefetch_people(struct imp *im)
{
	view_clear(&im->view);
	db_stmt *s = im->match;
	for (int b0 = 0; b0 < im->nbatch; b0 += MATCH_CHUNK) {
		char ids[MATCH_CHUNK][2][16];
		for (int i = 0; i < MATCH_CHUNK; i++) {
			const struct sen2_person *p = b0 + i < im->nbatch ? im->batch[b0 + i] : NULL;
			const char *upn = NULL, *uln = NULL;
			if (p && !p->overflow)
				person_ids(p, ids[i][0], ids[i][1], &upn, &uln);
			else
				p = NULL;
			db_bind_text(s, 1 + i, upn);
			db_bind_text(s, 1 + MATCH_CHUNK + i, uln);
			db_bind_text(s, 1 + 2 * MATCH_CHUNK + 3 * i, p ? val(p, 0, SI_SURNAME) : NULL);
			db_bind_text(s, 2 + 2 * MATCH_CHUNK + 3 * i, p ? val(p, 0, SI_FORENAME) : NULL);
			db_bind_text(s, 3 + 2 * MATCH_CHUNK + 3 * i, p ? val(p, 0, SI_BIRTH_DATE) : NULL);
		}
		int rc;
		while ((rc = db_step(s)) == DB_ROW) {
			const char *c[VP_N];
			for (int k = 0; k < VP_N; k++)
				c[k] = db_col_is_null(s, k + 1) ? NULL : db_col_text(s, k + 1);
			char key[32];
			snprintf(key, sizeof key, "I%lld", (long long)db_col_int(s, 0));
			size_t at = (size_t)-1;
			if (view_next(&im->view, 'I', key, &at) < 0 &&   /* once: another question may find them too */
			    view_put(&im->view, db_col_int(s, 0), c, 0) < 0) {
				rc = DB_ERROR;
				break;
			}
		}
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

#define MAX_WEEK20 24
struct week20 {
	int64_t request_id;
	int node;
	const char *received, *until;
};

struct week20_ctx {
	const struct week20 *w;
	int n;
	int covered[MAX_WEEK20];
};

static int take_week20(void *ctx, const struct casefile *cf)
{
	struct week20_ctx *x = ctx;
	for (int i = 0; i < x->n; i++)
		x->covered[i] = sen2_week20(cf, x->w[i].request_id);
	return 0;
}

/* Week20 = 1 where sendmis's own clock does not already say so (an exception recorded
 * or derived from closures): an exception over the 20 weeks, to the decision (N) or the
 * plan's issue (Y: with no date, the plan is still to come). */
static int write_week20(struct imp *im, int64_t person_id, const char *person, const struct week20 *w, int n)
{
	struct week20_ctx x = {w, n, {0}};
	struct case_filter f = {person_id, -1, 0, 1};
	if (casefile_each(im->d, &f, im->c.census, take_week20, &x) < 0) {
		store_failed(im, 0, "statutory clock");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (x.covered[i]) {
			im->r->unchanged[IK_EXCEPTION]++;
			continue;
		}
		const char *xk[] = {person, w[i].received}, *xv[] = {w[i].until, "Week20 = 1 in an imported SEN2 return"};
		int64_t xid;
		if (merge(im, IK_EXCEPTION, xk, xv, 0, w[i].node, &xid) < 0)
			return -1;
	}
	return 0;
}

static int write_person(struct imp *im)
{
	const struct sen2_person *p = im->p;
	struct week20 w20s[MAX_WEEK20];
	int nw20 = 0;
	char idbuf[24], upn_n[16], uln_n[16], why[120];
	const char *upn, *uln;
	person_ids(p, upn_n, uln_n, &upn, &uln);
	int64_t pid = match_person(im, upn, uln);
	if (pid < 0)
		return -1;
	/* one record per child: not in the file twice (match_person has refused a ULN another's) */
	long earlier = pid ? seen_person(im, pid, p->index) : 0;
	if (earlier < 0) {
		report(im, 0, "DC-I9", 1, 0, "out of memory");
		return -1;
	}
	if (earlier) {
		report(im, 0, "DC-I8", 1, 0, "this is the same child as person %ld of the file (the same UPN, ULN, or name and "
		       "date of birth): a child is one person of the return", earlier);
		return -1;
	}
	int64_t matched = pid;
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)pid);
	char postcode[16];
	const char *pc = val(p, 0, SI_POSTCODE);
	if (pc && validate_postcode(pc, postcode, why, sizeof why) == 0)
		pc = postcode;
	const char *ids = upn ? upn : uln;
	const char *pv[] = {val(p, 0, SI_SURNAME), val(p, 0, SI_FORENAME), val(p, 0, SI_BIRTH_DATE), val(p, 0, SI_SEX),
	                    val(p, 0, SI_ETHNICITY), pc, upn, uln, ids ? NULL : val(p, 0, SI_UPN_UNKNOWN)};
	const char *key[1] = {idbuf};
	im->matched = matched != 0;
	/* the person's records: as prefetched, or none for a new one */
	records_clear(&im->scratch);
	im->cur = &im->scratch;
	if (matched) {
		im->cur = NULL;
		for (int i = 0; i < im->nrec; i++)
			if (im->rec[i].person == matched)
				im->cur = &im->rec[i];
	}
	/* with a UPN or ULN, no reason for having neither */
	if (merge(im, IK_PERSON, key, pv, ids ? 1u << 8 : 0, 0, &pid) < 0)
		return -1;
	/* a new person: the next in the file to match them is a second copy */
	if (!matched && seen_person(im, pid, p->index) < 0) {
		report(im, 0, "DC-I9", 1, 0, "out of memory");
		return -1;
	}
	im->person_id = pid;
	char person[24];
	snprintf(person, sizeof person, "%lld", (long long)pid);
	int year = im->c.year, kept = kept_block(p);
	char prev_year[12], this_year[12];
	snprintf(prev_year, sizeof prev_year, "%d", year - 1);
	snprintf(this_year, sizeof this_year, "%d", year);

	for (int q = 1; q < p->n; q++) {
		if (p->node[q].block != SB_REQUEST)
			continue;
		const char *received = val(p, q, SI_RECEIVED_DATE), *oc = val(p, q, SI_REQUEST_OUTCOME);
		int a = child(p, q, SB_ASSESSMENT, q);
		const char *ao = a >= 0 ? val(p, a, SI_ASSESSMENT_OUTCOME) : NULL;
		int64_t rid = 0;
		char rids[24] = "";
		if (received) {
			/* the nth request received that day in the file is the nth in the store */
			int nth = 0;
			for (int k = 1; k < q; k++)
				nth += p->node[k].block == SB_REQUEST && same(val(p, k, SI_RECEIVED_DATE), received);
			char off[12];
			snprintf(off, sizeof off, "%d", nth);
			/* H: decided before the period, on a day the return does not give */
			const char *outcome = !oc || !strcmp(oc, "A") ? NULL : !strcmp(oc, "H") ? "Y" : oc;
			/* W carries no date: withdrawn in this collection's period */
			const char *rv[] = {val(p, q, SI_REQUEST_SOURCE), val(p, q, SI_RYA), outcome,
			                    val(p, q, SI_REQUEST_OUTCOME_DATE), val(p, q, SI_REQUEST_MEDIATION),
			                    val(p, q, SI_REQUEST_TRIBUNAL), same(oc, "W") ? this_year : NULL};
			const char *rk[] = {person, received, off};
			if (merge(im, IK_REQUEST, rk, rv, 0, q, &rid) < 0)
				return -1;
			snprintf(rids, sizeof rids, "%lld", (long long)rid);
			/* an assessment not begun and with nothing recorded is no assessment yet */
			int any = 0;
			for (int i = 0; a >= 0 && i < SI_N; i++)
				any |= i != SI_ASSESSMENT_OUTCOME && p->node[a].v[i] != NULL;
			if (a >= 0 && (any || (ao && strcmp(ao, "A")))) {
				/* Y: the return's date is the plan's issue date, not the decision's; H: Y, undated */
				const char *aoc = !ao || !strcmp(ao, "A") ? NULL : !strcmp(ao, "H") ? "Y" : ao;
				const char *when = ao && !strcmp(ao, "N") ? val(p, a, SI_ASSESSMENT_OUTCOME_DATE) : NULL;
				const char *av[] = {aoc, when, val(p, a, SI_ASSESSMENT_MEDIATION), val(p, a, SI_ASSESSMENT_TRIBUNAL),
				                    val(p, a, SI_OTHER_MEDIATION), val(p, a, SI_OTHER_TRIBUNAL),
				                    same(ao, "W") ? this_year : NULL};
				const char *ak[] = {rids};
				int64_t aid;
				if (merge(im, IK_ASSESSMENT, ak, av, 0, a, &aid) < 0)
					return -1;
			}
			/* Week20 = 1: an exception applied over the 20 weeks, reason not given, to the
			 * decision (N) or the plan's issue (Y: its date; with none, the plan is still to come) */
			const char *w20 = a >= 0 ? val(p, a, SI_WEEK20) : NULL;
			const char *until = val(p, a, SI_ASSESSMENT_OUTCOME_DATE);
			if (w20 && !strcmp(w20, "1") && (same(ao, "Y") || same(ao, "N")) && nw20 < MAX_WEEK20)
				w20s[nw20++] = (struct week20){rid, a, received, until};
		}
		/* the plan its ActivePlans describes: active on the census date, or ceased in the year */
		int active = child(p, q, SB_ACTIVE_PLANS, q), described = active >= 0 ? sen2_active_plan_of(p, active) : -1;
		for (int np = a >= 0 ? child(p, a, SB_NAMED_PLAN, a) : -1; np >= 0; np = child(p, a, SB_NAMED_PLAN, np)) {
			const char *start = val(p, np, SI_START_DATE), *ceased = val(p, np, SI_CEASE_DATE);
			int nth = 0;
			for (int k = 1; k < np; k++)
				nth += p->node[k].block == SB_NAMED_PLAN && same(val(p, k, SI_START_DATE), start);
			char off[12];
			snprintf(off, sizeof off, "%d", nth);
			const char *tla = np == described ? val(p, active, SI_TRANSFER_LA) : NULL;
			const char *pv2[] = {rid ? rids : NULL, ceased ? "ceased" : NULL, ceased, val(p, np, SI_CEASE_REASON), tla,
			                     tla ? prev_year : NULL, val(p, np, SI_PB), val(p, np, SI_OA), val(p, np, SI_DP),
			                     NULL};
			const char *pk[] = {person, start, off};
			/* the plan of the ActivePlans, if new: its first review on record came more than a
			 * year after it began, the reviews before it are not known, and the clock does not
			 * judge that one's 12 months */
			const char *meeting = np == described ? val(p, active, SI_REVIEW_MEETING) : NULL,
			           *last = np == described ? val(p, active, SI_LAST_REVIEW) : NULL;
			const char *first = last && (!meeting || strcmp(last, meeting) < 0) ? last : meeting;
			day_t first_day, began;
			im->plan_earlier = first && date_parse_iso(first, &first_day) == 0 && date_parse_iso(start, &began) == 0 &&
			                   first_day > date_period_last_day(began, 12);
			int64_t plan;
			if (merge(im, IK_PLAN, pk, pv2, 0, np, &plan) < 0)
				return -1;
			char plans[24];
			snprintf(plans, sizeof plans, "%lld", (long long)plan);
			for (int d = child(p, np, SB_PLAN_DETAIL, np); d >= 0; d = child(p, np, SB_PLAN_DETAIL, d)) {
				char est[24];
				if (setting_of(im, d, est) < 0)
					return -1;
				const char *nv[] = {*est ? est : NULL, *est ? NULL : val(p, d, SI_SEN_SETTING), val(p, d, SI_SEN_UNIT),
				                    val(p, d, SI_RESOURCED)};
				const char *nk[] = {plans, val(p, d, SI_PLACEMENT_RANK)};
				int64_t nid;
				if (merge(im, IK_NAMED, nk, nv, 3u, d, &nid) < 0)
					return -1;
			}
			if (np != described)
				continue;
			/* the plan of the ActivePlans: its reviews, phase transfer, placements and needs */
			const char *ro = val(p, active, SI_REVIEW_OUTCOME), *draft = val(p, active, SI_REVIEW_DRAFT);
			int64_t vid;
			if (meeting && last && ro && strcmp(last, meeting) >= 0) {
				const char *vk[] = {plans, meeting}, *vv[] = {last, ro, draft};
				if (merge(im, IK_REVIEW, vk, vv, 0, active, &vid) < 0)
					return -1;
			} else {
				/* the latest decision was an earlier review's: kept as that review, met that day */
				if (last) {
					/* a new one is taken to have met that day too */
					const char *vk[] = {plans, last}, *vv[] = {NULL};
					if (merge(im, IK_DECIDED_REVIEW, vk, vv, 0, active, &vid) < 0)
						return -1;
				}
				if (meeting) {
					const char *vk[] = {plans, meeting}, *vv[] = {NULL, ro, draft};
					if (merge(im, IK_REVIEW, vk, vv, 0, active, &vid) < 0)
						return -1;
				}
			}
			const char *due = val(p, active, SI_PHASE_DUE);
			if (due) {
				enum phase_kind kind = phase_kind_for(p, year - 1, day(p, active, SI_PHASE_DUE));
				const char *hk[] = {plans, prev_year}, *hv[] = {phase_kind_code(kind), val(p, active, SI_PHASE_FINAL)};
				int64_t hid;
				if (merge(im, IK_PHASE, hk, hv, 0, active, &hid) < 0)
					return -1;
			}
			for (int c = child(p, active, SB_PLACEMENT, active); c >= 0; c = child(p, active, SB_PLACEMENT, c)) {
				if (placement_kept(p, c, kept) != c)
					continue;   /* given again elsewhere: kept once (DC-I10) */
				char est[24];
				if (setting_of(im, c, est) < 0)
					return -1;
				const char *cv[] = {*est ? est : NULL, *est ? NULL : val(p, c, SI_SEN_SETTING),
				                    val(p, c, SI_LEAVING_DATE), weeks_of(val(p, c, SI_RES), year), val(p, c, SI_WBP),
				                    val(p, c, SI_SEN_UNIT), val(p, c, SI_RESOURCED)};
				const char *ck[] = {person, val(p, c, SI_ENTRY_DATE), val(p, c, SI_PLACEMENT_RANK)};
				int64_t cid;
				if (merge(im, IK_PLACEMENT, ck, cv, 3u, c, &cid) < 0)
					return -1;
			}
			for (int n = active == kept ? child(p, active, SB_NEED, active) : -1; n >= 0; n = child(p, active, SB_NEED, n)) {
				const char *vk[] = {person, val(p, n, SI_SEN_TYPE_RANK)}, *vv[] = {val(p, n, SI_SEN_TYPE)};
				int64_t nid;
				if (merge(im, IK_NEED, vk, vv, 0, n, &nid) < 0)
					return -1;
			}
		}
	}
	return nw20 ? write_week20(im, pid, person, w20s, nw20) : 0;
}

/* One audit row per person the import created or changed: what, by table. */
static int audit_person(struct imp *im)
{
	char fields[300] = "", changes[600];
	size_t fl = 0, cl = 0;
	int any = 0;
	cl += (size_t)snprintf(changes, sizeof changes, "{\"source\":\"sen2 import\"");
	for (int w = 0; w < 2; w++) {
		const long *t = w ? im->touched_updated : im->touched_created;
		int first = 1;
		for (int k = 0; k < IK_N; k++) {
			if (!t[k])
				continue;
			if (!strstr(fields, sen2_import_kind_names[k]) && fl < sizeof fields)
				fl += (size_t)snprintf(fields + fl, sizeof fields - fl, "%s%s", fl ? "," : "", sen2_import_kind_names[k]);
			if (cl < sizeof changes)
				cl += (size_t)snprintf(changes + cl, sizeof changes - cl, "%s\"%s\":%ld", first ? (w ? ",\"updated\":{" :
				                       ",\"created\":{") : ",", sen2_import_kind_names[k], t[k]);
			first = 0;
			any = 1;
		}
		if (!first && cl < sizeof changes)
			cl += (size_t)snprintf(changes + cl, sizeof changes - cl, "}");
	}
	if (cl < sizeof changes)
		snprintf(changes + cl, sizeof changes - cl, "}");
	if (!any)
		return 0;
	const char *action = im->touched_created[IK_PERSON] ? "import_create" : "import_update";
	if (audit_append(im->audit_app, im->o->now, im->o->user_id, action, "people", im->person_id, im->person_id, fields,
	                 changes) < 0) {
		store_failed(im, 0, "audit row");
		return -1;
	}
	return 0;
}

/* ---- the file ----------------------------------------------------------------------- */

static void finding(void *ctx, const struct sen2_person *p, const struct sen2_finding *f)
{
	struct imp *im = ctx;
	report(im, f->node, f->check->id, f->severity == SEN2_ERROR, 0, "%s", f->message);
}

static void begin_file(struct imp *im, const struct sen2_file_header *h)
{
	im->started = 1;
	snprintf(im->r->year, sizeof im->r->year, "%s", h->year);
	snprintf(im->r->census, sizeof im->r->census, "%s", h->reference_date);
	snprintf(im->r->lea, sizeof im->r->lea, "%s", h->lea);
	day_t d;
	im->c.year = atoi(h->year);
	im->c.census = date_parse_iso(h->reference_date, &d) == 0 ? d : DATE_NONE;
	snprintf(im->la, sizeof im->la, "%s", h->lea);
	im->c.la = im->la;
	const struct sen2_person *keep = im->p;
	im->p = NULL;
	sen2_check_header(&im->c, h->year, h->reference_date, h->lea, finding, im);
	if (im->o->la && *im->o->la && strcmp(im->o->la, h->lea))
		report(im, -1, "DC-I1", 0, 0, "the file is LA %s's return; this sendmis is set up for LA %s", h->lea,
		       im->o->la);
	im->p = keep;
}

/* A person's checks, then (while there are no errors) their writing. */
static void import_person(struct imp *im, const struct sen2_person *p)
{
	im->p = p;
	im->r->persons++;
	if (p->overflow)
		report(im, 0, "DC-S1", 1, 0, "this person has more records than sendmis reads for one person");
	else {
		sen2_check_person(&im->c, p, finding, im);
		import_rules(im);
	}
	if (im->writing) {
		memset(im->touched_created, 0, sizeof im->touched_created);
		memset(im->touched_updated, 0, sizeof im->touched_updated);
		if (write_person(im) == 0)
			audit_person(im);
	}
	im->p = NULL;
	if (im->o->progress && im->r->persons % 1000 == 0)
		im->o->progress(im->o->ctx, im->r->persons, im->h->bytes);
}

/* The records of everyone the batch's people may match (the view's people, as the
 * store holds them), MATCH_CHUNK people a question for each table. */
static int prefetch_records(struct imp *im)
{
	for (int i = 0; i < im->nrec; i++)
		records_clear(&im->rec[i]);
	im->nrec = 0;
	int64_t ids[MATCH_CHUNK];
	int n = 0;
	for (int e = 0; e <= im->view.n; e++) {
		if (e < im->view.n) {
			const struct vperson *v = &im->view.e[e];
			if (v->dead || v->written)
				continue;
			if (!records_of(im, v->id))
				return -1;
			ids[n++] = v->id;
			if (n < MATCH_CHUNK)
				continue;
		}
		if (!n)
			break;
		for (int t = 0; t < RT_N; t++) {
			db_stmt *s = im->rq[t];
			for (int i = 0; i < MATCH_CHUNK; i++) {
				if (i < n)
					db_bind_int(s, i + 1, ids[i]);
				else
					db_bind_null(s, i + 1);
			}
			int rc;
			while ((rc = db_step(s)) == DB_ROW) {
				struct records *r = records_of(im, db_col_int(s, 0));
				const char *v[RT_COLS];
				int nv = db_col_count(s) - 2;
				for (int c = 0; c < nv && c < RT_COLS; c++)
					v[c] = db_col_is_null(s, c + 2) ? NULL : db_col_text(s, c + 2);
				if (!r || !rset_add(&r->t[t], db_col_int(s, 1), v, nv < RT_COLS ? nv : RT_COLS, 0)) {
					rc = DB_ERROR;
					break;
				}
			}
			db_reset(s);
			if (rc != DB_DONE)
				return -1;
		}
		n = 0;
	}
	return 0;
}

/* The people read so far, in the file's order, after the batch's questions (prefetch_*). */
static void import_batch(struct imp *im)
{
	if (!im->nbatch)
		return;
	if (im->writing && (prefetch_settings(im) < 0 || prefetch_people(im) < 0 || prefetch_records(im) < 0)) {
		im->p = im->batch[0];
		store_failed(im, 0, "people");
	}
	for (int b = 0; b < im->nbatch; b++)
		import_person(im, im->batch[b]);
	im->nbatch = 0;
}

/* A copy of the reader's person (whose struct it reuses), its values moved with its
 * arena; only the nodes and bytes in use are copied.  0 or -1. */
static int hold(struct imp *im, const struct sen2_person *p)
{
	struct sen2_person **slot = &im->batch[im->nbatch];
	if (!*slot && !(*slot = malloc(sizeof **slot)))
		return -1;
	struct sen2_person *c = *slot;
	c->id = p->id;
	c->index = p->index;
	c->n = p->n;
	c->overflow = p->overflow;
	c->used = p->used;
	memcpy(c->node, p->node, (size_t)p->n * sizeof p->node[0]);
	memcpy(c->arena, p->arena, p->used);
	for (int k = 0; k < p->n; k++)
		for (int i = 0; i < SI_N; i++)
			if (p->node[k].v[i])
				c->node[k].v[i] = c->arena + (p->node[k].v[i] - p->arena);
	im->nbatch++;
	return 0;
}

static int on_person(void *ctx, const struct sen2_file_header *h, struct sen2_person *p)
{
	struct imp *im = ctx;
	if (!im->started) {
		begin_file(im, h);
		im->h = h;
	}
	if (hold(im, p) < 0) {
		import_batch(im);
		im->p = p;
		report(im, 0, "DC-I9", 1, 0, "out of memory");
		im->p = NULL;
		return 0;
	}
	if (im->nbatch == BATCH)
		import_batch(im);
	return 0;
}

static void on_problem(void *ctx, long person, long line, const char *message)
{
	struct imp *im = ctx;
	import_batch(im);   /* the people before it first, as the file has them */
	struct sen2_import_problem pr = {person, line, "DC-S1", 1, "", message};
	im->r->errors++;
	im->writing = 0;
	if (im->o->problem)
		im->o->problem(im->o->ctx, &pr);
}

typedef int (*read_fn)(const void *src, size_t len, struct sen2_file_header *h, const struct sen2_reader_cb *cb,
                       char *err, size_t errlen);

static int read_path(const void *src, size_t len, struct sen2_file_header *h, const struct sen2_reader_cb *cb,
                     char *err, size_t errlen)
{
	(void)len;
	return sen2_read_file(src, h, cb, err, errlen);
}

static int read_mem(const void *src, size_t len, struct sen2_file_header *h, const struct sen2_reader_cb *cb,
                    char *err, size_t errlen)
{
	return sen2_read_memory(src, len, h, cb, err, errlen);
}

static int run(db *d, read_fn rd, const void *src, size_t len, const struct sen2_import_opts *o,
               struct sen2_import_result *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	struct imp *im = calloc(1, sizeof *im);
	if (!im) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	im->d = d;
	im->o = o;
	im->r = r;
	im->writing = 1;
	date_instant_iso(o->now, im->now_iso);
	char *msql = match_sql();
	int ok = msql && (im->match = db_prepare_replanned(d, msql)) != NULL;
	free(msql);
	map_columns(im);
	for (int t = 0; t < RT_N && ok; t++) {
		buf b = BUF_INIT;
		buf_puts(&b, rtabs[t].before);
		for (int i = 0; i < MATCH_CHUNK; i++)
			buf_puts(&b, i ? ",?" : "?");
		buf_puts(&b, rtabs[t].after);
		/* planned at each run: the tables grow as the import writes (db_prepare_replanned) */
		ok = !b.err && (im->rq[t] = db_prepare_replanned(d, buf_cstr(&b))) != NULL;
		buf_free(&b);
	}
	for (int k = 0; k <= IK_N && ok; k++)
		if (kinds[k].find)
			ok = (im->find[k] = db_prepare(d, kinds[k].find)) && (im->upd[k] = db_prepare(d, kinds[k].update));
	for (int i = 0; i < Q_N && ok; i++)
		ok = (im->q[i] = db_prepare(d, q_sql[i])) != NULL;
	/* new rows, table by table, each after those it refers to */
	ok = ok && (im->est_app = db_append_open(d, "establishments", establishment_cols,
	                                         (int)(sizeof establishment_cols / sizeof establishment_cols[0])));
	for (size_t i = 0; i < sizeof append_order / sizeof append_order[0] && ok; i++) {
		const struct kind *kd = &kinds[append_order[i]];
		const char *cols[1 + 3 + MAX_COLS + 1];
		int n = 0;
		cols[n++] = "id";
		for (int k = 0; k < kd->ins_keys; k++)
			cols[n++] = kd->key_cols[k];
		for (int c = 0; c < kd->ncols; c++)
			cols[n++] = kd->cols[c];
		if (kd->extra)
			cols[n++] = kd->extra;
		ok = (im->app[append_order[i]] = db_append_open(d, kd->table, cols, n)) != NULL;
	}
	ok = ok && (im->audit_app = audit_appender(d));
	int rc = -1;
	if (!ok || db_begin(d) != 0) {
		snprintf(err, errlen, "the store failed: %s", db_errmsg(d));
		goto out;
	}
	/* all or nothing: no write need be waited for (store/db.h) */
	db_defer_writes(d, 1);
	struct sen2_file_header h;
	struct sen2_reader_cb cb = {on_person, on_problem, im};
	int read = rd(src, len, &h, &cb, err, errlen);
	import_batch(im);   /* the last people read */
	if (read < 0) {
		db_defer_writes(d, 0);
		db_rollback(d);
		rc = 2;
		goto out;
	}
	if (!im->started) {   /* no people: the header alone */
		begin_file(im, &h);
		if (!r->errors)
			report(im, -1, "DC-S1", 1, 0, "the file holds no <Person>: there is nothing to import");
	}
	if (db_defer_writes(d, 0) < 0 && !r->errors) {
		report(im, -1, "DC-I9", 1, 0, "the store refused a write (%s)", db_errmsg(d));
	}
	if (r->errors || o->dry_run) {
		db_rollback(d);
		rc = r->errors ? 1 : 0;
		goto out;
	}
	/* the derived review dates the lists sort on, then everything at once */
	if (clockstore_all(d, date_local_day(o->now), NULL, NULL) < 0 || dup_rebuild(d) < 0 || change_advance_version(d) < 0 ||
	    db_commit(d) != 0) {
		snprintf(err, errlen, "the store failed: %s", db_errmsg(d));
		db_rollback(d);
		goto out;
	}
	r->written = 1;
	rc = 0;
out:
	for (int k = 0; k <= IK_N; k++) {
		db_done(im->find[k]);
		db_done(im->upd[k]);
		db_append_close(im->app[k]);
	}
	for (int i = 0; i < Q_N; i++)
		db_done(im->q[i]);
	db_done(im->match);
	for (int t = 0; t < RT_N; t++)
		db_done(im->rq[t]);
	for (int i = 0; i < im->nrec; i++)
		records_clear(&im->rec[i]);
	for (int i = 0; i < im->rec_made; i++)
		for (int k = 0; k < RT_N; k++)
			free(im->rec[i].t[k].row);
	free(im->rec);
	records_free(&im->scratch);
	db_append_close(im->est_app);
	db_append_close(im->audit_app);
	for (int b = 0; b < BATCH; b++)
		free(im->batch[b]);
	view_free(&im->view);
	free(im->seen_id);
	free(im->seen_at);
	free(im->est);
	free(im);
	return rc;
}

int sen2_import_file(db *d, const char *path, const struct sen2_import_opts *o, struct sen2_import_result *r,
                     char *err, size_t errlen)
{
	return run(d, read_path, path, 0, o, r, err, errlen);
}

int sen2_import_memory(db *d, const char *data, size_t len, const struct sen2_import_opts *o,
                       struct sen2_import_result *r, char *err, size_t errlen)
{
	return run(d, read_mem, data, len, o, r, err, errlen);
}
