/* improve.c — see improve.h. */
#include "domain/improve.h"
#include "core/grow.h"
#include "domain/change.h"
#include "core/kpi.h"
#include "core/validate.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an arena: a loaded plan is freed at once ---------------------------------------- */

struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

static void *arena_alloc(void **arena, size_t n)
{
	struct block *b = *arena;
	n = (n + 15) & ~(size_t)15;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		struct block *nb = malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->next = b;
		nb->used = 0;
		nb->cap = cap;
		*arena = b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

static const char *arena_str(void **arena, db_stmt *s, int col, int *oom)
{
	if (db_col_is_null(s, col))
		return NULL;
	const char *v = db_col_text(s, col);
	char *c = arena_alloc(arena, strlen(v) + 1);
	if (!c) {
		*oom = 1;
		return NULL;
	}
	strcpy(c, v);
	return c;
}

static void arena_free(void *arena)
{
	for (struct block *b = arena, *n; b; b = n) {
		n = b->next;
		free(b);
	}
}

static day_t col_day(db_stmt *s, int c)
{
	day_t d = DATE_NONE;
	if (!db_col_is_null(s, c))
		date_parse_iso(db_col_text(s, c), &d);
	return d;
}

/* ---- loading ------------------------------------------------------------------------- */

enum {
	L_PLAN, L_RAG, L_PERIODS, L_BODIES, L_MEETINGS, L_AREAS, L_ACTIONS, L_SUBS, L_RATINGS, L_EVIDENCE, L_KPIS, L_N
};
static const char *const l_sql[L_N] = {
	"SELECT title, local_area, answers, author, doc_version, status, version FROM ip_plans WHERE id=?",
	"SELECT code, word, meaning, colour FROM ip_rag WHERE plan_id=? ORDER BY position, id",
	"SELECT id, name, as_at FROM ip_periods WHERE plan_id=? ORDER BY as_at, id",
	"SELECT id, name, kind FROM ip_bodies WHERE plan_id=? ORDER BY id",
	"SELECT m.body_id, m.meeting_date FROM ip_meetings m JOIN ip_bodies b ON b.id=m.body_id WHERE b.plan_id=? "
	"ORDER BY m.body_id, m.meeting_date",
	"SELECT id, number, title, aim, kpis FROM ip_areas WHERE plan_id=? ORDER BY position, id",
	"SELECT a.id, a.area_id, a.code, a.title, a.focus, a.outcomes, a.evidence, a.impact, a.governance, a.lead "
	"FROM ip_actions a JOIN ip_areas r ON r.id=a.area_id WHERE a.plan_id=? ORDER BY r.position, r.id, a.position, a.id",
	"SELECT s.action_id, s.id, s.letter, s.text, s.due, s.due_text, s.revised_due, s.revised_by, s.revised_on, s.lead, "
	"s.done, s.version FROM ip_subactions s JOIN ip_actions a ON a.id=s.action_id WHERE a.plan_id=? "
	"ORDER BY s.action_id, s.position, s.id",
	"SELECT g.action_id, g.period_id, g.id, g.version, g.rag, g.update_text, g.presented_to, g.source, g.meeting "
	"FROM ip_ratings g JOIN ip_actions a ON a.id=g.action_id WHERE a.plan_id=?",
	"SELECT g.action_id, g.period_id, e.ref FROM ip_evidence e JOIN ip_ratings g ON g.id=e.rating_id "
	"JOIN ip_actions a ON a.id=g.action_id WHERE a.plan_id=? ORDER BY e.rating_id, e.position, e.id",
	"SELECT k.action_id, k.kpi, k.baseline, k.baseline_date, k.target, k.target_date FROM ip_action_kpis k "
	"JOIN ip_actions a ON a.id=k.action_id WHERE a.plan_id=? ORDER BY k.action_id, k.position, k.id",
};

int ip_period_index(const struct ip_plan *p, int64_t period_id)
{
	for (int i = 0; i < p->nperiods; i++)
		if (p->periods[i].id == period_id)
			return i;
	return -1;
}

int ip_action_index(const struct ip_plan *p, int64_t action_id)
{
	for (int i = 0; i < p->nactions; i++)
		if (p->actions[i].id == action_id)
			return i;
	return -1;
}

int ip_rag_index(const struct ip_plan *p, const char *code)
{
	for (int i = 0; code && i < p->nrag; i++)
		if (!strcmp(p->rag[i].code, code))
			return i;
	return -1;
}

int ip_latest_rated(const struct ip_plan *p, const struct ip_action *a, int upto)
{
	for (int i = upto < p->nperiods ? upto : p->nperiods - 1; i >= 0; i--)
		if (a->ratings[i].rag)
			return i;
	return -1;
}

const char *ip_body_kind_label(const char *kind)
{
	static const char *const kinds[][2] = {{"board", "Board"}, {"operational", "Operational group"},
	                                       {"qa", "Quality assurance group"}, {"other", "Other"}};
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i][0], kind))
			return kinds[i][1];
	return NULL;
}

int ip_sub_revised_at(const struct ip_sub *s, day_t as_at)
{
	return s->revised_due != DATE_NONE && (s->revised_on == DATE_NONE || s->revised_on <= as_at);
}

day_t ip_sub_due(const struct ip_sub *s, day_t as_at)
{
	return ip_sub_revised_at(s, as_at) ? s->revised_due : s->due;
}

/* Counts the rows of a query (each list is sized before it is filled). */
static int count_rows(db_stmt *s, int64_t id)
{
	int n = 0;
	db_bind_int(s, 1, id);
	while (db_step(s) == DB_ROW)
		n++;
	db_reset(s);
	return n;
}

struct ip_plan *ip_load(db *d, int64_t id, int *found)
{
	*found = 0;
	db_stmt *q[L_N] = {0};
	struct ip_plan *p = NULL;
	void *arena = NULL;
	int ok = 1, oom = 0;
	for (int i = 0; i < L_N && ok; i++)
		ok = (q[i] = db_prepare(d, l_sql[i])) != NULL;
	if (!ok)
		goto fail;
	db_stmt *s = q[L_PLAN];
	db_bind_int(s, 1, id);
	if (db_step(s) != DB_ROW) {
		db_reset(s);
		goto fail;
	}
	*found = 1;
	p = arena_alloc(&arena, sizeof *p);
	if (!p)
		goto fail_reset;
	p->id = id;
	p->title = arena_str(&arena, s, 0, &oom);
	p->local_area = arena_str(&arena, s, 1, &oom);
	p->answers = arena_str(&arena, s, 2, &oom);
	p->author = arena_str(&arena, s, 3, &oom);
	p->doc_version = arena_str(&arena, s, 4, &oom);
	p->status = arena_str(&arena, s, 5, &oom);
	p->version = db_col_int(s, 6);
	db_reset(s);

	int nrag = count_rows(q[L_RAG], id), nper = count_rows(q[L_PERIODS], id), nbod = count_rows(q[L_BODIES], id),
	    nmeet = count_rows(q[L_MEETINGS], id), nar = count_rows(q[L_AREAS], id), nact = count_rows(q[L_ACTIONS], id),
	    nsub = count_rows(q[L_SUBS], id), nev = count_rows(q[L_EVIDENCE], id), nkpi = count_rows(q[L_KPIS], id);
	struct ip_rag *rag = arena_alloc(&arena, sizeof *rag * (size_t)(nrag + 1));
	struct ip_period *per = arena_alloc(&arena, sizeof *per * (size_t)(nper + 1));
	struct ip_body *bod = arena_alloc(&arena, sizeof *bod * (size_t)(nbod + 1));
	day_t *meet = arena_alloc(&arena, sizeof *meet * (size_t)(nmeet + 1));
	struct ip_area *ar = arena_alloc(&arena, sizeof *ar * (size_t)(nar + 1));
	struct ip_action *act = arena_alloc(&arena, sizeof *act * (size_t)(nact + 1));
	struct ip_sub *sub = arena_alloc(&arena, sizeof *sub * (size_t)(nsub + 1));
	struct ip_rating *rat = arena_alloc(&arena, sizeof *rat * (size_t)(nact * nper + 1));
	const char **ev = arena_alloc(&arena, sizeof *ev * (size_t)(nev + 1));
	struct ip_kpi *kp = arena_alloc(&arena, sizeof *kp * (size_t)(nkpi + 1));
	if (!rag || !per || !bod || !meet || !ar || !act || !sub || !rat || !ev || !kp)
		goto fail_reset;

	s = q[L_RAG];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nrag && db_step(s) == DB_ROW; i++) {
		rag[i].code = arena_str(&arena, s, 0, &oom);
		rag[i].word = arena_str(&arena, s, 1, &oom);
		rag[i].meaning = arena_str(&arena, s, 2, &oom);
		rag[i].colour = arena_str(&arena, s, 3, &oom);
	}
	db_reset(s);
	s = q[L_PERIODS];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nper && db_step(s) == DB_ROW; i++) {
		per[i].id = db_col_int(s, 0);
		per[i].name = arena_str(&arena, s, 1, &oom);
		per[i].as_at = col_day(s, 2);
	}
	db_reset(s);
	s = q[L_BODIES];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nbod && db_step(s) == DB_ROW; i++) {
		bod[i].id = db_col_int(s, 0);
		bod[i].name = arena_str(&arena, s, 1, &oom);
		bod[i].kind = arena_str(&arena, s, 2, &oom);
		bod[i].meetings = meet;
	}
	db_reset(s);
	s = q[L_MEETINGS];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nmeet && db_step(s) == DB_ROW; i++) {
		int64_t body = db_col_int(s, 0);
		meet[i] = col_day(s, 1);
		for (int b = 0; b < nbod; b++)
			if (bod[b].id == body) {
				if (!bod[b].nmeetings)
					bod[b].meetings = &meet[i];
				bod[b].nmeetings++;
			}
	}
	db_reset(s);
	s = q[L_AREAS];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nar && db_step(s) == DB_ROW; i++) {
		ar[i].id = db_col_int(s, 0);
		ar[i].number = arena_str(&arena, s, 1, &oom);
		ar[i].title = arena_str(&arena, s, 2, &oom);
		ar[i].aim = arena_str(&arena, s, 3, &oom);
		ar[i].kpis = arena_str(&arena, s, 4, &oom);
		ar[i].first_action = -1;
	}
	db_reset(s);
	s = q[L_ACTIONS];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nact && db_step(s) == DB_ROW; i++) {
		struct ip_action *a = &act[i];
		a->id = db_col_int(s, 0);
		int64_t area = db_col_int(s, 1);
		for (int k = 0; k < nar; k++)
			if (ar[k].id == area) {
				a->area = k;
				if (ar[k].first_action < 0)
					ar[k].first_action = i;
				ar[k].nactions++;
			}
		a->code = arena_str(&arena, s, 2, &oom);
		a->title = arena_str(&arena, s, 3, &oom);
		a->focus = arena_str(&arena, s, 4, &oom);
		a->outcomes = arena_str(&arena, s, 5, &oom);
		a->evidence = arena_str(&arena, s, 6, &oom);
		a->impact = arena_str(&arena, s, 7, &oom);
		a->governance = arena_str(&arena, s, 8, &oom);
		a->lead = arena_str(&arena, s, 9, &oom);
		a->subs = sub;
		a->ratings = &rat[(size_t)i * (size_t)nper];
		a->kpis = kp;
	}
	db_reset(s);
	p->rag = rag, p->nrag = nrag, p->periods = per, p->nperiods = nper, p->bodies = bod, p->nbodies = nbod;
	p->areas = ar, p->nareas = nar, p->actions = act, p->nactions = nact;
	s = q[L_SUBS];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nsub && db_step(s) == DB_ROW; i++) {
		int a = ip_action_index(p, db_col_int(s, 0));
		struct ip_sub *u = &sub[i];
		u->id = db_col_int(s, 1);
		u->letter = arena_str(&arena, s, 2, &oom);
		u->text = arena_str(&arena, s, 3, &oom);
		u->due = col_day(s, 4);
		u->due_text = arena_str(&arena, s, 5, &oom);
		u->revised_due = col_day(s, 6);
		u->revised_by = arena_str(&arena, s, 7, &oom);
		u->revised_on = col_day(s, 8);
		u->lead = arena_str(&arena, s, 9, &oom);
		u->done = col_day(s, 10);
		u->version = db_col_int(s, 11);
		if (a >= 0) {
			if (!act[a].nsubs)
				act[a].subs = u;
			act[a].nsubs++;
		}
	}
	db_reset(s);
	for (int i = 0; i < nact * nper; i++)
		rat[i].meeting = DATE_NONE;
	s = q[L_RATINGS];
	db_bind_int(s, 1, id);
	while (db_step(s) == DB_ROW) {
		int a = ip_action_index(p, db_col_int(s, 0)), k = ip_period_index(p, db_col_int(s, 1));
		if (a < 0 || k < 0)
			continue;
		struct ip_rating *g = &rat[(size_t)a * (size_t)nper + (size_t)k];
		g->id = db_col_int(s, 2);
		g->version = db_col_int(s, 3);
		g->rag = arena_str(&arena, s, 4, &oom);
		g->update = arena_str(&arena, s, 5, &oom);
		g->presented_to = arena_str(&arena, s, 6, &oom);
		g->source = arena_str(&arena, s, 7, &oom);
		g->meeting = col_day(s, 8);
		g->evidence = ev;
	}
	db_reset(s);
	s = q[L_EVIDENCE];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nev && db_step(s) == DB_ROW; i++) {
		int a = ip_action_index(p, db_col_int(s, 0)), k = ip_period_index(p, db_col_int(s, 1));
		ev[i] = arena_str(&arena, s, 2, &oom);
		if (a < 0 || k < 0)
			continue;
		struct ip_rating *g = &rat[(size_t)a * (size_t)nper + (size_t)k];
		if (!g->nevidence)
			g->evidence = &ev[i];
		g->nevidence++;
	}
	db_reset(s);
	s = q[L_KPIS];
	db_bind_int(s, 1, id);
	for (int i = 0; i < nkpi && db_step(s) == DB_ROW; i++) {
		int a = ip_action_index(p, db_col_int(s, 0));
		struct ip_kpi *k = &kp[i];
		k->kpi = arena_str(&arena, s, 1, &oom);
		k->has_baseline = !db_col_is_null(s, 2);
		k->baseline = k->has_baseline ? strtod(db_col_text(s, 2), NULL) : 0;
		k->baseline_date = col_day(s, 3);
		k->has_target = !db_col_is_null(s, 4);
		k->target = k->has_target ? strtod(db_col_text(s, 4), NULL) : 0;
		k->target_date = col_day(s, 5);
		if (a >= 0) {
			if (!act[a].nkpis)
				act[a].kpis = k;
			act[a].nkpis++;
		}
	}
	db_reset(s);
	if (oom)
		goto fail;
	for (int i = 0; i < L_N; i++)
		db_done(q[i]);
	p->arena = arena;
	return p;
fail_reset:
	db_reset(q[L_PLAN]);
fail:
	for (int i = 0; i < L_N; i++)
		db_done(q[i]);
	arena_free(arena);
	return NULL;
}

void ip_free(struct ip_plan *p)
{
	if (p)
		arena_free(p->arena);
}

int ip_list(db *d, struct ip_plan_row **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, "SELECT p.id, p.title, p.local_area, p.status, "
	                           "(SELECT count(*) FROM ip_actions a WHERE a.plan_id=p.id), "
	                           "(SELECT count(*) FROM ip_periods e WHERE e.plan_id=p.id) FROM ip_plans p ORDER BY p.id DESC");
	if (!s)
		return -1;
	int cap = 0, rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(*rows, cap, *n + 1, 8) < 0) {
			db_done(s);
			return -1;
		}
		struct ip_plan_row *r = &(*rows)[(*n)++];
		r->id = db_col_int(s, 0);
		snprintf(r->title, sizeof r->title, "%s", db_col_text(s, 1));
		snprintf(r->local_area, sizeof r->local_area, "%s", db_col_text(s, 2));
		snprintf(r->status, sizeof r->status, "%s", db_col_text(s, 3));
		r->nactions = (int)db_col_int(s, 4);
		r->nperiods = (int)db_col_int(s, 5);
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

/* ---- JSON in ---------------------------------------------------------------------------- */

#define SHORT_TEXT 200      /* characters: titles, names, codes */
#define LONG_TEXT 20000     /* characters: aims, updates, outcomes */
#define MAX_ITEMS 2000      /* of any one list */

struct jin {
	buf *errors;
	int n;
};

static void __attribute__((format(printf, 3, 4))) bad(struct jin *c, const char *path, const char *fmt, ...)
{
	c->n++;
	if (c->n > 200)
		return;   /* enough to act on: the count says how many */
	buf_printf(c->errors, "%s: ", path);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(c->errors, fmt, ap);
	va_end(ap);
	buf_putc(c->errors, '\n');
}

static void only_keys(struct jin *c, json_t *o, const char *path, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		int known = 0;
		for (int i = 0; keys[i] && !known; i++)
			known = !strcmp(keys[i], k);
		if (!known)
			bad(c, path, "unknown key \"%.60s\" (docs/plan-json.md lists the keys)", k);
	}
}

/* A string member: NULL when absent or null (an error if required). */
static const char *str(struct jin *c, json_t *o, const char *path, const char *key, int required, size_t max)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required)
			bad(c, path, "\"%s\" is required", key);
		return NULL;
	}
	if (!json_is_string(v)) {
		bad(c, path, "\"%s\" must be a string", key);
		return NULL;
	}
	const char *s = json_string_value(v);
	if (!*s) {
		bad(c, path, "\"%s\" is empty: leave it out when it is not known", key);
		return NULL;
	}
	if (utf8_chars(s) > max) {
		bad(c, path, "\"%s\" is %zu characters long: at most %zu", key, utf8_chars(s), max);
		return NULL;
	}
	return s;
}

static day_t date_of(struct jin *c, json_t *o, const char *path, const char *key, int required)
{
	const char *s = str(c, o, path, key, required, 10);
	day_t d = DATE_NONE;
	if (s && date_parse_iso(s, &d) < 0)
		bad(c, path, "\"%s\" is \"%s\": not a date YYYY-MM-DD", key, s);
	return d;
}

static json_t *list(struct jin *c, json_t *o, const char *path, const char *key, int required)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required)
			bad(c, path, "\"%s\" is required", key);
		return NULL;
	}
	if (!json_is_array(v)) {
		bad(c, path, "\"%s\" must be a list", key);
		return NULL;
	}
	if (json_array_size(v) > MAX_ITEMS) {
		bad(c, path, "\"%s\" has %zu items: at most %d", key, json_array_size(v), MAX_ITEMS);
		return NULL;
	}
	return v;
}

static int one_of(const char *v, const char *const *ok)
{
	for (int i = 0; v && ok[i]; i++)
		if (!strcmp(v, ok[i]))
			return 1;
	return 0;
}

static const char *const plan_keys[] = {"title", "local_area", "answers", "author", "version", "status", "rag_scale",
                                        "periods", "bodies", "areas", NULL};
static const char *const rag_keys[] = {"code", "word", "meaning", "colour", NULL};
static const char *const period_keys[] = {"name", "date", NULL};
static const char *const body_keys[] = {"name", "kind", "meetings", NULL};
static const char *const area_keys[] = {"number", "title", "aim", "kpis", "actions", NULL};
static const char *const action_keys[] = {"code", "title", "focus", "outcomes", "evidence", "impact", "governance", "lead",
                                          "sub_actions", "ratings", "kpis", NULL};
static const char *const sub_keys[] = {"letter", "text", "due", "due_text", "revised_due", "revised_by", "revised_on",
                                       "lead", "done", NULL};
static const char *const rating_keys[] = {"period", "rag", "update", "evidence", "presented_to", "meeting", "source", NULL};
static const char *const kpi_keys[] = {"kpi", "baseline", "baseline_date", "target", "target_date", NULL};
static const char *const statuses[] = {"draft", "active", "closed", NULL};
static const char *const colours[] = {"red", "amber", "green", "blue", "pink", "grey", NULL};
static const char *const sources[] = {"colour", "words", "stated", "carried", "recorded", NULL};

/* Is `v` the `key` of one of the objects in array `a`? */
static int named_in(json_t *a, const char *key, const char *v)
{
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) {
		json_t *k = json_is_object(x) ? json_object_get(x, key) : NULL;
		if (k && json_is_string(k) && v && !strcmp(json_string_value(k), v))
			return 1;
	}
	return 0;
}

/* Each object's `key` is unique in the list. */
static void unique(struct jin *c, json_t *a, const char *path, const char *key)
{
	size_t i, k;
	json_t *x, *y;
	json_array_foreach(a, i, x) {
		json_t *v = json_is_object(x) ? json_object_get(x, key) : NULL;
		if (!v || !json_is_string(v))
			continue;
		for (k = 0; k < i; k++) {
			y = json_array_get(a, k);
			json_t *w = json_is_object(y) ? json_object_get(y, key) : NULL;
			if (w && json_is_string(w) && !strcmp(json_string_value(w), json_string_value(v))) {
				bad(c, path, "\"%s\" \"%.60s\" is given twice", key, json_string_value(v));
				break;
			}
		}
	}
}

static int number_of(struct jin *c, json_t *o, const char *path, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v)) {
		bad(c, path, "\"%s\" must be a number", key);
		return 0;
	}
	*out = json_number_value(v);
	return 1;
}

/* The i-th item of a list as an object with known keys (path: "<base>.<what>[i]"), or NULL,
 * reported. */
static json_t *item(struct jin *c, json_t *x, const char *base, const char *what, size_t i, const char *const *keys,
                    char *path, size_t n)
{
	snprintf(path, n, "%s.%s[%zu]", base, what, i);
	if (!json_is_object(x)) {
		bad(c, path, "must be an object");
		return NULL;
	}
	only_keys(c, x, path, keys);
	return x;
}

/* Every check, nothing written. */
static void check_plan(struct jin *c, json_t *root)
{
	if (!json_is_object(root)) {
		bad(c, "(file)", "must be an object with \"format\", \"version\" and \"plan\"");
		return;
	}
	static const char *const top[] = {"format", "version", "plan", NULL};
	only_keys(c, root, "(file)", top);
	const char *fmt = str(c, root, "(file)", "format", 1, 60);
	if (fmt && strcmp(fmt, "sendmis-improvement-plan"))
		bad(c, "(file)", "\"format\" is \"%s\": this is not a sendmis improvement plan", fmt);
	json_t *ver = json_object_get(root, "version");
	if (!ver || !json_is_integer(ver) || json_integer_value(ver) != 1)
		bad(c, "(file)", "\"version\" must be 1 (the format docs/plan-json.md describes)");
	json_t *p = json_object_get(root, "plan");
	if (!p || !json_is_object(p)) {
		bad(c, "plan", "is required, and must be an object");
		return;
	}
	only_keys(c, p, "plan", plan_keys);
	str(c, p, "plan", "title", 1, SHORT_TEXT);
	str(c, p, "plan", "local_area", 1, SHORT_TEXT);
	str(c, p, "plan", "answers", 0, LONG_TEXT);
	str(c, p, "plan", "author", 0, SHORT_TEXT);
	str(c, p, "plan", "version", 0, 40);
	const char *st = str(c, p, "plan", "status", 1, 10);
	if (st && !one_of(st, statuses))
		bad(c, "plan", "\"status\" is \"%s\": draft, active or closed", st);
	char path[64];
	size_t i, k;
	json_t *x, *y;
	json_t *rag = list(c, p, "plan", "rag_scale", 1);
	if (rag && !json_array_size(rag))
		bad(c, "plan", "\"rag_scale\" needs at least one rating");
	json_array_foreach(rag, i, x) {
		if (!item(c, x, "plan", "rag_scale", i, rag_keys, path, sizeof path))
			continue;
		str(c, x, path, "code", 1, 8);
		str(c, x, path, "word", 1, 40);
		str(c, x, path, "meaning", 1, SHORT_TEXT);
		const char *col = str(c, x, path, "colour", 1, 10);
		if (col && !one_of(col, colours))
			bad(c, path, "\"colour\" is \"%s\": red, amber, green, blue, pink or grey", col);
	}
	if (rag)
		unique(c, rag, "plan.rag_scale", "code");
	json_t *periods = list(c, p, "plan", "periods", 1);
	day_t last = DATE_NONE;
	json_array_foreach(periods, i, x) {
		if (!item(c, x, "plan", "periods", i, period_keys, path, sizeof path))
			continue;
		str(c, x, path, "name", 1, 40);
		day_t d = date_of(c, x, path, "date", 1);
		if (d != DATE_NONE && last != DATE_NONE && d <= last)
			bad(c, path, "\"date\" must be after the period before it (periods are in date order)");
		if (d != DATE_NONE)
			last = d;
	}
	if (periods)
		unique(c, periods, "plan.periods", "name");
	json_t *bodies = list(c, p, "plan", "bodies", 0);
	json_array_foreach(bodies, i, x) {
		if (!item(c, x, "plan", "bodies", i, body_keys, path, sizeof path))
			continue;
		str(c, x, path, "name", 1, SHORT_TEXT);
		const char *kind = str(c, x, path, "kind", 1, 20);
		if (kind && !ip_body_kind_label(kind))
			bad(c, path, "\"kind\" is \"%s\": board, operational, qa or other", kind);
		json_t *m = list(c, x, path, "meetings", 0);
		json_array_foreach(m, k, y) {
			day_t d;
			if (!json_is_string(y) || date_parse_iso(json_string_value(y), &d) < 0)
				bad(c, path, "\"meetings\"[%zu] is not a date YYYY-MM-DD", k);
		}
	}
	if (bodies)
		unique(c, bodies, "plan.bodies", "name");
	json_t *areas = list(c, p, "plan", "areas", 1);
	json_array_foreach(areas, i, x) {
		if (!item(c, x, "plan", "areas", i, area_keys, path, sizeof path))
			continue;
		str(c, x, path, "number", 1, 20);
		str(c, x, path, "title", 1, LONG_TEXT);
		str(c, x, path, "aim", 0, LONG_TEXT);
		str(c, x, path, "kpis", 0, LONG_TEXT);
		json_t *actions = list(c, x, path, "actions", 1);
		json_array_foreach(actions, k, y) {
			char ap[128];
			if (!item(c, y, path, "actions", k, action_keys, ap, sizeof ap))
				continue;
			str(c, y, ap, "code", 1, 20);
			str(c, y, ap, "title", 1, LONG_TEXT);
			static const char *const texts[] = {"focus", "outcomes", "evidence", "impact", NULL};
			for (int t = 0; texts[t]; t++)
				str(c, y, ap, texts[t], 0, LONG_TEXT);
			str(c, y, ap, "governance", 0, SHORT_TEXT);
			str(c, y, ap, "lead", 0, SHORT_TEXT);
			size_t j;
			json_t *z;
			json_t *subs = list(c, y, ap, "sub_actions", 0);
			json_array_foreach(subs, j, z) {
				char sp[192];
				if (!item(c, z, ap, "sub_actions", j, sub_keys, sp, sizeof sp))
					continue;
				str(c, z, sp, "letter", 1, 8);
				str(c, z, sp, "text", 1, LONG_TEXT);
				date_of(c, z, sp, "due", 0);
				str(c, z, sp, "due_text", 0, SHORT_TEXT);
				day_t rev = date_of(c, z, sp, "revised_due", 0);
				const char *by = str(c, z, sp, "revised_by", 0, SHORT_TEXT);
				day_t on = date_of(c, z, sp, "revised_on", 0);
				if (rev != DATE_NONE && (!by || on == DATE_NONE))
					bad(c, sp, "a \"revised_due\" needs \"revised_by\" (who approved it) and \"revised_on\" (when)");
				else if (rev == DATE_NONE && (by || on != DATE_NONE))
					bad(c, sp, "\"revised_by\" and \"revised_on\" go with a \"revised_due\" (the date they approved)");
				str(c, z, sp, "lead", 0, SHORT_TEXT);
				date_of(c, z, sp, "done", 0);
			}
			if (subs)
				unique(c, subs, ap, "letter");
			json_t *ratings = list(c, y, ap, "ratings", 0);
			json_array_foreach(ratings, j, z) {
				char rp[192];
				if (!item(c, z, ap, "ratings", j, rating_keys, rp, sizeof rp))
					continue;
				const char *per = str(c, z, rp, "period", 1, 40);
				if (per && periods && !named_in(periods, "name", per))
					bad(c, rp, "\"period\" \"%s\" is not one of plan.periods", per);
				const char *code = str(c, z, rp, "rag", 0, 8);
				if (code && rag && !named_in(rag, "code", code))
					bad(c, rp, "\"rag\" \"%s\" is not a code of plan.rag_scale", code);
				json_t *rv = json_object_get(z, "rag");
				if (!str(c, z, rp, "update", 0, LONG_TEXT) && !code && (!rv || json_is_null(rv)))
					bad(c, rp, "needs a \"rag\", an \"update\", or both");
				const char *to = str(c, z, rp, "presented_to", 0, SHORT_TEXT);
				if (to && (!bodies || !named_in(bodies, "name", to)))
					bad(c, rp, "\"presented_to\" \"%s\" is not one of plan.bodies", to);
				date_of(c, z, rp, "meeting", 0);
				const char *src = str(c, z, rp, "source", 0, 20);
				if (src && !one_of(src, sources))
					bad(c, rp, "\"source\" is \"%s\": colour, words, stated, carried or recorded", src);
				json_t *ev = list(c, z, rp, "evidence", 0);
				size_t e;
				json_t *w;
				json_array_foreach(ev, e, w) {
					if (!json_is_string(w) || !*json_string_value(w) || utf8_chars(json_string_value(w)) > SHORT_TEXT * 5)
						bad(c, rp, "\"evidence\"[%zu] must be a non-empty string of at most %d characters", e,
						    SHORT_TEXT * 5);
				}
			}
			if (ratings)
				unique(c, ratings, ap, "period");
			json_t *kpis = list(c, y, ap, "kpis", 0);
			json_array_foreach(kpis, j, z) {
				char kp[192];
				if (!item(c, z, ap, "kpis", j, kpi_keys, kp, sizeof kp))
					continue;
				const char *id = str(c, z, kp, "kpi", 1, 60);
				if (id && !kpi_by_id(id))
					bad(c, kp, "\"kpi\" \"%s\" is not a sendmis measure (docs/kpi.md)", id);
				double num;
				number_of(c, z, kp, "baseline", &num);
				number_of(c, z, kp, "target", &num);
				date_of(c, z, kp, "baseline_date", 0);
				date_of(c, z, kp, "target_date", 0);
			}
			if (kpis)
				unique(c, kpis, ap, "kpi");
		}
	}
	/* codes are unique across the plan, numbers across its areas */
	if (areas) {
		unique(c, areas, "plan.areas", "number");
		json_t *all = json_array();
		json_array_foreach(areas, i, x) {
			json_t *acts = json_is_object(x) ? json_object_get(x, "actions") : NULL;
			if (json_is_array(acts))
				json_array_extend(all, acts);
		}
		unique(c, all, "plan.areas[].actions", "code");
		json_decref(all);
	}
}

/* ---- JSON in: writing (after check_plan found nothing) -------------------------------- */

enum {
	W_PLAN, W_RAG, W_PERIOD, W_BODY, W_MEETING, W_AREA, W_ACTION, W_SUB, W_RATING, W_EVIDENCE, W_KPI, W_N
};
static const char *const w_sql[W_N] = {
	"INSERT INTO ip_plans(title, local_area, answers, author, doc_version, status, created_at) VALUES(?,?,?,?,?,?,?) "
	"RETURNING id",
	"INSERT INTO ip_rag(plan_id, position, code, word, meaning, colour) VALUES(?,?,?,?,?,?)",
	"INSERT INTO ip_periods(plan_id, name, as_at) VALUES(?,?,?) RETURNING id",
	"INSERT INTO ip_bodies(plan_id, name, kind) VALUES(?,?,?) RETURNING id",
	"INSERT INTO ip_meetings(body_id, meeting_date) VALUES(?,?) ON CONFLICT DO NOTHING",
	"INSERT INTO ip_areas(plan_id, position, number, title, aim, kpis) VALUES(?,?,?,?,?,?) RETURNING id",
	"INSERT INTO ip_actions(plan_id, area_id, position, code, title, focus, outcomes, evidence, impact, governance, "
	"lead) VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
	"INSERT INTO ip_subactions(action_id, position, letter, text, due, due_text, revised_due, revised_by, revised_on, "
	"lead, done) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	"INSERT INTO ip_ratings(action_id, period_id, rag, update_text, presented_to, meeting, source, recorded_at) "
	"SELECT ?, id, ?, ?, ?, ?, ?, ? FROM ip_periods WHERE plan_id=? AND name=? RETURNING id",
	"INSERT INTO ip_evidence(rating_id, position, ref) VALUES(?,?,?)",
	"INSERT INTO ip_action_kpis(action_id, position, kpi, baseline, baseline_date, target, target_date) "
	"VALUES(?,?,?,?,?,?,?)",
};

static const char *s_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v && json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

/* Binds the strings of `keys` from o at 1.., then steps; the new id, 0 for none, -1. */
static int64_t put(db_stmt *s, int from, json_t *o, const char *const *keys)
{
	for (int i = 0; keys && keys[i]; i++)
		db_bind_text(s, from + i, s_of(o, keys[i]));
	int rc = db_step(s);
	int64_t id = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	return rc == DB_ROW ? id : rc == DB_DONE ? 0 : -1;
}

static int write_plan(db *d, db_stmt **w, json_t *p, const char *now_iso, int64_t *plan_id)
{
	db_stmt *s = w[W_PLAN];
	static const char *const pk[] = {"title", "local_area", "answers", "author", "version", "status", NULL};
	db_bind_text(s, 7, now_iso);
	int64_t plan = put(s, 1, p, pk);
	if (plan <= 0)
		return -1;
	*plan_id = plan;
	size_t i, k, j;
	json_t *x, *y, *z;
	json_array_foreach(json_object_get(p, "rag_scale"), i, x) {
		static const char *const rk[] = {"code", "word", "meaning", "colour", NULL};
		db_bind_int(w[W_RAG], 1, plan);
		db_bind_int(w[W_RAG], 2, (int64_t)i);
		if (put(w[W_RAG], 3, x, rk) < 0)
			return -1;
	}
	json_array_foreach(json_object_get(p, "periods"), i, x) {
		static const char *const ek[] = {"name", "date", NULL};
		db_bind_int(w[W_PERIOD], 1, plan);
		if (put(w[W_PERIOD], 2, x, ek) <= 0)
			return -1;
	}
	json_t *bodies = json_object_get(p, "bodies");
	json_array_foreach(bodies, i, x) {
		static const char *const bk[] = {"name", "kind", NULL};
		db_bind_int(w[W_BODY], 1, plan);
		int64_t body = put(w[W_BODY], 2, x, bk);
		if (body <= 0)
			return -1;
		json_array_foreach(json_object_get(x, "meetings"), k, y) {
			db_bind_int(w[W_MEETING], 1, body);
			db_bind_text(w[W_MEETING], 2, json_string_value(y));
			if (put(w[W_MEETING], 3, NULL, NULL) < 0)
				return -1;
		}
	}
	json_array_foreach(json_object_get(p, "areas"), i, x) {
		static const char *const ak[] = {"number", "title", "aim", "kpis", NULL};
		db_bind_int(w[W_AREA], 1, plan);
		db_bind_int(w[W_AREA], 2, (int64_t)i);
		int64_t area = put(w[W_AREA], 3, x, ak);
		if (area <= 0)
			return -1;
		json_array_foreach(json_object_get(x, "actions"), k, y) {
			static const char *const ck[] = {"code", "title", "focus", "outcomes", "evidence", "impact", "governance",
			                                 "lead", NULL};
			db_bind_int(w[W_ACTION], 1, plan);
			db_bind_int(w[W_ACTION], 2, area);
			db_bind_int(w[W_ACTION], 3, (int64_t)k);
			int64_t action = put(w[W_ACTION], 4, y, ck);
			if (action <= 0)
				return -1;
			json_array_foreach(json_object_get(y, "sub_actions"), j, z) {
				static const char *const sk[] = {"letter", "text", "due", "due_text", "revised_due", "revised_by",
				                                 "revised_on", "lead", "done", NULL};
				db_bind_int(w[W_SUB], 1, action);
				db_bind_int(w[W_SUB], 2, (int64_t)j);
				if (put(w[W_SUB], 3, z, sk) < 0)
					return -1;
			}
			json_array_foreach(json_object_get(y, "ratings"), j, z) {
				static const char *const gk[] = {"rag", "update", "presented_to", "meeting", "source", NULL};
				db_stmt *g = w[W_RATING];
				db_bind_int(g, 1, action);
				db_bind_text(g, 7, now_iso);
				db_bind_int(g, 8, plan);
				db_bind_text(g, 9, s_of(z, "period"));
				int64_t rating = put(g, 2, z, gk);
				if (rating <= 0)
					return -1;
				size_t e;
				json_t *v;
				json_array_foreach(json_object_get(z, "evidence"), e, v) {
					db_bind_int(w[W_EVIDENCE], 1, rating);
					db_bind_int(w[W_EVIDENCE], 2, (int64_t)e);
					db_bind_text(w[W_EVIDENCE], 3, json_string_value(v));
					if (put(w[W_EVIDENCE], 4, NULL, NULL) < 0)
						return -1;
				}
			}
			json_array_foreach(json_object_get(y, "kpis"), j, z) {
				db_stmt *q = w[W_KPI];
				db_bind_int(q, 1, action);
				db_bind_int(q, 2, (int64_t)j);
				db_bind_text(q, 3, s_of(z, "kpi"));
				json_t *b = json_object_get(z, "baseline"), *t = json_object_get(z, "target");
				char nb[32], nt[32];
				snprintf(nb, sizeof nb, "%.17g", json_is_number(b) ? json_number_value(b) : 0);
				snprintf(nt, sizeof nt, "%.17g", json_is_number(t) ? json_number_value(t) : 0);
				db_bind_text(q, 4, json_is_number(b) ? nb : NULL);
				db_bind_text(q, 5, s_of(z, "baseline_date"));
				db_bind_text(q, 6, json_is_number(t) ? nt : NULL);
				db_bind_text(q, 7, s_of(z, "target_date"));
				if (put(q, 8, NULL, NULL) < 0)
					return -1;
			}
		}
	}
	(void)d;
	return 0;
}

int ip_import_json(db *d, const struct actor *who, const char *json, size_t len, int64_t *plan_id, buf *errors)
{
	*plan_id = 0;
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		buf_printf(errors, "(file): not JSON: line %d, column %d: %s\n", je.line, je.column, je.text);
		return IP_INVALID;
	}
	struct jin c = {errors, 0};
	check_plan(&c, root);
	if (c.n) {
		if (c.n > 200)
			buf_printf(errors, "(and %d more)\n", c.n - 200);
		json_decref(root);
		return IP_INVALID;
	}
	db_stmt *w[W_N] = {0};
	int ok = 1;
	for (int i = 0; i < W_N && ok; i++)
		ok = (w[i] = db_prepare(d, w_sql[i])) != NULL;
	char now_iso[21];
	date_instant_iso(who->now, now_iso);
	int rc = IP_ERROR;
	struct change ch;
	if (ok && change_begin(&ch, d, who) == 0) {
		if (write_plan(d, w, json_object_get(root, "plan"), now_iso, plan_id) == 0 &&
		    change_audit(&ch, "import", "ip_plans", *plan_id, 0, "plan", NULL) == 0 && change_commit(&ch) == 0)
			rc = IP_OK;
		else {
			change_rollback(&ch);
			*plan_id = 0;
		}
	}
	for (int i = 0; i < W_N; i++)
		db_done(w[i]);
	json_decref(root);
	return rc;
}

/* ---- JSON out ------------------------------------------------------------------------- */

static void set_s(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_string(v));
}

static void set_d(json_t *o, const char *key, day_t d)
{
	if (d == DATE_NONE)
		return;
	char iso[11];
	date_format_iso(d, iso);
	json_object_set_new(o, key, json_string(iso));
}

int ip_export_json(db *d, int64_t plan_id, buf *out)
{
	int found;
	struct ip_plan *p = ip_load(d, plan_id, &found);
	if (!p)
		return found ? -1 : 1;
	json_t *root = json_object(), *jp = json_object();
	json_object_set_new(root, "format", json_string("sendmis-improvement-plan"));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "plan", jp);
	set_s(jp, "title", p->title);
	set_s(jp, "local_area", p->local_area);
	set_s(jp, "answers", p->answers);
	set_s(jp, "author", p->author);
	set_s(jp, "version", p->doc_version);
	set_s(jp, "status", p->status);
	json_t *rag = json_array(), *per = json_array(), *bod = json_array(), *areas = json_array();
	for (int i = 0; i < p->nrag; i++) {
		json_t *x = json_object();
		set_s(x, "code", p->rag[i].code);
		set_s(x, "word", p->rag[i].word);
		set_s(x, "meaning", p->rag[i].meaning);
		set_s(x, "colour", p->rag[i].colour);
		json_array_append_new(rag, x);
	}
	for (int i = 0; i < p->nperiods; i++) {
		json_t *x = json_object();
		set_s(x, "name", p->periods[i].name);
		set_d(x, "date", p->periods[i].as_at);
		json_array_append_new(per, x);
	}
	for (int i = 0; i < p->nbodies; i++) {
		json_t *x = json_object();
		set_s(x, "name", p->bodies[i].name);
		set_s(x, "kind", p->bodies[i].kind);
		if (p->bodies[i].nmeetings) {
			json_t *m = json_array();
			for (int k = 0; k < p->bodies[i].nmeetings; k++) {
				char iso[11];
				date_format_iso(p->bodies[i].meetings[k], iso);
				json_array_append_new(m, json_string(iso));
			}
			json_object_set_new(x, "meetings", m);
		}
		json_array_append_new(bod, x);
	}
	json_object_set_new(jp, "rag_scale", rag);
	json_object_set_new(jp, "periods", per);
	if (p->nbodies)
		json_object_set_new(jp, "bodies", bod);
	else
		json_decref(bod);
	for (int i = 0; i < p->nareas; i++) {
		const struct ip_area *ar = &p->areas[i];
		json_t *x = json_object(), *acts = json_array();
		set_s(x, "number", ar->number);
		set_s(x, "title", ar->title);
		set_s(x, "aim", ar->aim);
		set_s(x, "kpis", ar->kpis);
		for (int k = ar->first_action; k >= 0 && k < ar->first_action + ar->nactions; k++) {
			const struct ip_action *a = &p->actions[k];
			json_t *y = json_object();
			set_s(y, "code", a->code);
			set_s(y, "title", a->title);
			set_s(y, "focus", a->focus);
			set_s(y, "outcomes", a->outcomes);
			set_s(y, "evidence", a->evidence);
			set_s(y, "impact", a->impact);
			set_s(y, "governance", a->governance);
			set_s(y, "lead", a->lead);
			if (a->nsubs) {
				json_t *subs = json_array();
				for (int j = 0; j < a->nsubs; j++) {
					const struct ip_sub *s = &a->subs[j];
					json_t *z = json_object();
					set_s(z, "letter", s->letter);
					set_s(z, "text", s->text);
					set_d(z, "due", s->due);
					set_s(z, "due_text", s->due_text);
					set_d(z, "revised_due", s->revised_due);
					set_s(z, "revised_by", s->revised_by);
					set_d(z, "revised_on", s->revised_on);
					set_s(z, "lead", s->lead);
					set_d(z, "done", s->done);
					json_array_append_new(subs, z);
				}
				json_object_set_new(y, "sub_actions", subs);
			}
			json_t *rats = json_array();
			for (int j = 0; j < p->nperiods; j++) {
				const struct ip_rating *g = &a->ratings[j];
				if (!g->id)
					continue;   /* no row for that period */
				json_t *z = json_object();
				set_s(z, "period", p->periods[j].name);
				set_s(z, "rag", g->rag);
				set_s(z, "update", g->update);
				if (g->nevidence) {
					json_t *ev = json_array();
					for (int e = 0; e < g->nevidence; e++)
						json_array_append_new(ev, json_string(g->evidence[e]));
					json_object_set_new(z, "evidence", ev);
				}
				set_s(z, "presented_to", g->presented_to);
				set_d(z, "meeting", g->meeting);
				set_s(z, "source", g->source);
				json_array_append_new(rats, z);
			}
			if (json_array_size(rats))
				json_object_set_new(y, "ratings", rats);
			else
				json_decref(rats);
			if (a->nkpis) {
				json_t *kp = json_array();
				for (int j = 0; j < a->nkpis; j++) {
					const struct ip_kpi *q = &a->kpis[j];
					json_t *z = json_object();
					set_s(z, "kpi", q->kpi);
					if (q->has_baseline)
						json_object_set_new(z, "baseline", json_real(q->baseline));
					set_d(z, "baseline_date", q->baseline_date);
					if (q->has_target)
						json_object_set_new(z, "target", json_real(q->target));
					set_d(z, "target_date", q->target_date);
					json_array_append_new(kp, z);
				}
				json_object_set_new(y, "kpis", kp);
			}
			json_array_append_new(acts, y);
		}
		json_object_set_new(x, "actions", acts);
		json_array_append_new(areas, x);
	}
	json_object_set_new(jp, "areas", areas);
	ip_free(p);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s)
		return -1;
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	return out->err ? -1 : 0;
}

/* ---- ratings and periods ------------------------------------------------------------- */

int ip_rate(db *d, const struct actor *who, const struct ip_plan *p, int action, int period,
            const struct ip_rating_in *in, int64_t *rating_id, struct errs *e)
{
	*rating_id = 0;
	if (action < 0 || action >= p->nactions || period < 0 || period >= p->nperiods) {
		errs_add(e, "rag", "There is no such action or review period in this plan");
		return IP_INVALID;
	}
	if (ip_rag_index(p, in->rag) < 0) {
		errs_add(e, "rag", "Select the RAG rating for %s", p->periods[period].name);
		return IP_INVALID;
	}
	const struct ip_action *a = &p->actions[action];
	const struct ip_rating *g = &a->ratings[period];
	static const char stale[] = "Someone else saved a rating for this action and period after you opened this page. "
	                            "Go back to the action to see it, then record yours again";
	/* a form opened at a version when there is no rating at all: not what is stored */
	if (!g->id && in->version != 0) {
		errs_add(e, "rag", "%s", stale);
		return IP_STALE;
	}
	char now_iso[21], meeting[11];
	date_instant_iso(who->now, now_iso);
	date_format_iso(in->meeting, meeting);
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return IP_ERROR;
	db_stmt *s;
	if (g->id)
		s = db_prepare(d, "UPDATE ip_ratings SET rag=?, update_text=?, presented_to=?, meeting=?, source='recorded', "
		                  "recorded_by=?, recorded_at=?, version=version+1 WHERE id=? AND version=? RETURNING id");
	else
		s = db_prepare(d, "INSERT INTO ip_ratings(rag, update_text, presented_to, meeting, source, recorded_by, "
		                  "recorded_at, action_id, period_id) VALUES(?,?,?,?,'recorded',?,?,?,?) ON CONFLICT DO NOTHING "
		                  "RETURNING id");
	if (!s) {
		change_rollback(&c);
		return IP_ERROR;
	}
	db_bind_text(s, 1, in->rag);
	db_bind_opt_text(s, 2, in->update);
	db_bind_opt_text(s, 3, in->presented_to);
	db_bind_opt_text(s, 4, meeting);
	if (who->user_id)
		db_bind_int(s, 5, who->user_id);
	else
		db_bind_null(s, 5);
	db_bind_text(s, 6, now_iso);
	if (g->id) {
		db_bind_int(s, 7, g->id);
		db_bind_int(s, 8, in->version);
	} else {
		db_bind_int(s, 7, a->id);
		db_bind_int(s, 8, p->periods[period].id);
	}
	int rc = db_step(s);
	int64_t id = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	/* no row written: saved by someone else since the form was opened (the version it names
	 * is not the stored one, or a rating was made meanwhile) */
	if (rc != DB_ROW) {
		change_rollback(&c);
		if (rc != DB_DONE)
			return IP_ERROR;
		errs_add(e, "rag", "%s", stale);
		return IP_STALE;
	}
	/* its evidence: the list given replaces the list there was */
	db_stmt *del = db_prepare(d, "DELETE FROM ip_evidence WHERE rating_id=?");
	db_stmt *ins = db_prepare(d, "INSERT INTO ip_evidence(rating_id, position, ref) VALUES(?,?,?)");
	int ok = del && ins;
	if (ok) {
		db_bind_int(del, 1, id);
		ok = db_step(del) == DB_DONE;
	}
	for (int i = 0; ok && i < in->nevidence; i++) {
		db_bind_int(ins, 1, id);
		db_bind_int(ins, 2, i);
		db_bind_text(ins, 3, in->evidence[i]);
		ok = db_step(ins) == DB_DONE;
		db_reset(ins);
	}
	db_done(del);
	db_done(ins);
	char fields[64];
	snprintf(fields, sizeof fields, "rag,update%s%s%s", in->presented_to && *in->presented_to ? ",presented_to" : "",
	         in->meeting != DATE_NONE ? ",meeting" : "", in->nevidence ? ",evidence" : "");
	if (!ok)
		change_fail(&c);
	else
		change_audit(&c, g->id ? "update" : "create", "ip_ratings", id, 0, fields, NULL);
	if (change_commit(&c) < 0)
		return IP_ERROR;
	*rating_id = id;
	return IP_OK;
}

/* {"field":["before","after"],…} for the dates that changed: the audit's record of the change
 * (the approver's name is not copied there: the field list says it changed). */
static void sub_changes(buf *out, const char *const names[], const day_t before[], const day_t after[], int n,
                        buf *fields)
{
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (before[i] == after[i])
			continue;
		char x[11], y[11];
		date_format_iso(before[i], x);
		date_format_iso(after[i], y);
		buf_printf(out, "%s\"%s\":[", any ? "," : "{", names[i]);
		buf_printf(out, *x ? "\"%s\"," : "null,", x);
		buf_printf(out, *y ? "\"%s\"]" : "null]", y);
		buf_printf(fields, "%s%s", fields->len ? "," : "", names[i]);
		any = 1;
	}
	if (any)
		buf_puts(out, "}");
}

int ip_sub_update(db *d, const struct actor *who, const struct ip_sub *s, const struct ip_sub_in *in, struct errs *e)
{
	int revised = in->revised_due != DATE_NONE;
	if (revised != (in->revised_by && *in->revised_by) || revised != (in->revised_on != DATE_NONE)) {
		errs_add(e, "revised_due", "Enter the revised completion date with who approved it and when, or clear all three");
		errs_anchor(e, "revised_due", "-day");
		return IP_INVALID;
	}
	char rev[11], on[11], done[11];
	date_format_iso(in->revised_due, rev);
	date_format_iso(in->revised_on, on);
	date_format_iso(in->done, done);
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return IP_ERROR;
	db_stmt *q = db_prepare(d, "UPDATE ip_subactions SET revised_due=?, revised_by=?, revised_on=?, done=?, "
	                           "version=version+1 WHERE id=? AND version=? RETURNING id");
	if (!q) {
		change_rollback(&c);
		return IP_ERROR;
	}
	db_bind_opt_text(q, 1, rev);
	db_bind_opt_text(q, 2, revised ? in->revised_by : NULL);
	db_bind_opt_text(q, 3, on);
	db_bind_opt_text(q, 4, done);
	db_bind_int(q, 5, s->id);
	db_bind_int(q, 6, in->version);
	int rc = db_step(q);
	db_done(q);
	if (rc != DB_ROW) {
		change_rollback(&c);
		if (rc != DB_DONE)
			return IP_ERROR;
		errs_add(e, "revised_due", "Someone else changed this sub-action after you opened this page. Go back to "
		                           "the action to see it, then make your change again");
		errs_anchor(e, "revised_due", "-day");
		return IP_STALE;
	}
	static const char *const names[] = {"revised_due", "revised_on", "done"};
	const day_t before[] = {s->revised_due, s->revised_on, s->done};
	const day_t after[] = {in->revised_due, in->revised_on, in->done};
	buf changes = BUF_INIT, fields = BUF_INIT;
	sub_changes(&changes, names, before, after, 3, &fields);
	if (strcmp(s->revised_by ? s->revised_by : "", revised ? in->revised_by : ""))
		buf_printf(&fields, "%srevised_by", fields.len ? "," : "");
	change_audit(&c, "update", "ip_subactions", s->id, 0, buf_cstr(&fields), changes.len ? buf_cstr(&changes) : NULL);
	if (changes.err || fields.err)
		change_fail(&c);
	buf_free(&changes);
	buf_free(&fields);
	return change_commit(&c) == 0 ? IP_OK : IP_ERROR;
}

int ip_open_period(db *d, const struct actor *who, const struct ip_plan *p, const char *name, day_t as_at,
                   int64_t *period_id, struct errs *e)
{
	*period_id = 0;
	if (!name || !*name) {
		errs_add(e, "name", "Enter the period's name, for example Apr 2021");
		return IP_INVALID;
	}
	if (utf8_chars(name) > 40) {
		errs_add(e, "name", "Name must be 40 characters or fewer");
		return IP_INVALID;
	}
	for (int i = 0; i < p->nperiods; i++) {
		if (!strcmp(p->periods[i].name, name)) {
			errs_add(e, "name", "This plan already has a period called %s", name);
			return IP_INVALID;
		}
		if (p->periods[i].as_at >= as_at) {
			errs_add(e, "as_at", "Date the ratings are as at must be after the latest period's (%s)",
			         p->periods[p->nperiods - 1].name);
			errs_anchor(e, "as_at", "-day");
			return IP_INVALID;
		}
	}
	char now_iso[21], day[11];
	date_instant_iso(who->now, now_iso);
	date_format_iso(as_at, day);
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return IP_ERROR;
	db_stmt *s = db_prepare(d, "INSERT INTO ip_periods(plan_id, name, as_at, opened_at, opened_by) VALUES(?,?,?,?,?) "
	                           "RETURNING id");
	if (!s) {
		change_rollback(&c);
		return IP_ERROR;
	}
	db_bind_int(s, 1, p->id);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, day);
	db_bind_text(s, 4, now_iso);
	if (who->user_id)
		db_bind_int(s, 5, who->user_id);
	else
		db_bind_null(s, 5);
	int rc = db_step(s);
	int64_t pid = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	if (!pid) {
		change_rollback(&c);
		return IP_ERROR;
	}
	/* each action's latest rating, carried forward: the lead changes what moved */
	s = db_prepare(d, "INSERT INTO ip_ratings(action_id, period_id, rag, source, recorded_at) VALUES(?,?,?,'carried',?)");
	if (!s) {
		change_rollback(&c);
		return IP_ERROR;
	}
	for (int i = 0; i < p->nactions; i++) {
		int k = ip_latest_rated(p, &p->actions[i], p->nperiods - 1);
		if (k < 0)
			continue;
		db_bind_int(s, 1, p->actions[i].id);
		db_bind_int(s, 2, pid);
		db_bind_text(s, 3, p->actions[i].ratings[k].rag);
		db_bind_text(s, 4, now_iso);
		rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE) {
			change_fail(&c);
			break;
		}
	}
	db_done(s);
	change_audit(&c, "create", "ip_periods", pid, 0, "name,as_at", NULL);
	if (change_commit(&c) < 0)
		return IP_ERROR;
	*period_id = pid;
	return IP_OK;
}

int ip_first_record_day(db *d, day_t *first)
{
	*first = DATE_NONE;
	db_stmt *s = db_prepare(d, "SELECT MIN(d) FROM (SELECT MIN(received_date) AS d FROM requests UNION ALL "
	                           "SELECT MIN(COALESCE(start_date, issue_date)) FROM plans) AS m");
	if (!s)
		return -1;
	int rc = db_step(s);
	if (rc == DB_ROW && !db_col_is_null(s, 0))
		date_parse_iso(db_col_text(s, 0), first);
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

int ip_kpi_link(db *d, const struct actor *who, const struct ip_plan *p, int action, const struct ip_kpi_in *in,
                struct errs *e)
{
	if (action < 0 || action >= p->nactions) {
		errs_add(e, "kpi", "There is no such action in this plan");
		return IP_INVALID;
	}
	const struct ip_action *a = &p->actions[action];
	if (!in->kpi || !kpi_by_id(in->kpi))
		errs_add(e, "kpi", "Select the measure from the list");
	else
		for (int j = 0; j < a->nkpis; j++)
			if (!strcmp(a->kpis[j].kpi, in->kpi))
				errs_add(e, "kpi", "This measure is already linked to action %s", a->code);
	if (in->has_target && in->baseline_date != DATE_NONE && in->target_date != DATE_NONE &&
	    in->target_date < in->baseline_date)
		errs_add(e, "target_date", "Date of the target must be on or after the date of the baseline");
	if (!in->has_baseline && in->baseline_date != DATE_NONE)
		errs_add(e, "baseline", "Enter the baseline, or clear its date");
	if (!in->has_target && in->target_date != DATE_NONE)
		errs_add(e, "target", "Enter the target, or clear its date");
	if (e->n)
		return IP_INVALID;
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return IP_ERROR;
	db_stmt *s = db_prepare(d, "INSERT INTO ip_action_kpis(action_id, position, kpi, baseline, baseline_date, target, "
	                           "target_date) VALUES(?1,(SELECT COALESCE(MAX(position),0)+1 FROM ip_action_kpis "
	                           "WHERE action_id=?1),?2,?3,?4,?5,?6) ON CONFLICT DO NOTHING RETURNING id");
	if (!s) {
		change_rollback(&c);
		return IP_ERROR;
	}
	char bd[11], td[11], nb[32], nt[32];
	/* numbers kept as the import keeps them (text, %.17g) */
	snprintf(nb, sizeof nb, "%.17g", in->baseline);
	snprintf(nt, sizeof nt, "%.17g", in->target);
	db_bind_int(s, 1, a->id);
	db_bind_text(s, 2, in->kpi);
	db_bind_text(s, 3, in->has_baseline ? nb : NULL);
	if (in->baseline_date != DATE_NONE) {
		date_format_iso(in->baseline_date, bd);
		db_bind_text(s, 4, bd);
	} else {
		db_bind_null(s, 4);
	}
	db_bind_text(s, 5, in->has_target ? nt : NULL);
	if (in->target_date != DATE_NONE) {
		date_format_iso(in->target_date, td);
		db_bind_text(s, 6, td);
	} else {
		db_bind_null(s, 6);
	}
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_ROW) {
		change_rollback(&c);
		if (rc == DB_DONE) {   /* linked by someone else meanwhile */
			errs_add(e, "kpi", "This measure is already linked to action %s", a->code);
			return IP_INVALID;
		}
		return IP_ERROR;
	}
	char fields[120];
	snprintf(fields, sizeof fields, "kpi=%s", in->kpi);
	change_audit(&c, "update", "ip_actions", a->id, 0, fields, NULL);
	return change_commit(&c) < 0 ? IP_ERROR : IP_OK;
}

int ip_kpi_unlink(db *d, const struct actor *who, const struct ip_plan *p, int action, const char *kpi, struct errs *e)
{
	if (action < 0 || action >= p->nactions || !kpi) {
		errs_add(e, "kpi", "There is no such action in this plan");
		return IP_INVALID;
	}
	const struct ip_action *a = &p->actions[action];
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return IP_ERROR;
	db_stmt *s = db_prepare(d, "DELETE FROM ip_action_kpis WHERE action_id=? AND kpi=?");
	if (!s) {
		change_rollback(&c);
		return IP_ERROR;
	}
	db_bind_int(s, 1, a->id);
	db_bind_text(s, 2, kpi);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE) {
		change_rollback(&c);
		return IP_ERROR;
	}
	if (db_changes(d) != 1) {
		change_rollback(&c);
		errs_add(e, "kpi", "That measure is not linked to action %s", a->code);
		return IP_INVALID;
	}
	char fields[120];
	snprintf(fields, sizeof fields, "kpi_removed=%.100s", kpi);
	change_audit(&c, "update", "ip_actions", a->id, 0, fields, NULL);
	return change_commit(&c) < 0 ? IP_ERROR : IP_OK;
}

/* ---- measures entered by hand (migration 0025) ------------------------------- */

int ip_manual_each(db *d, const struct ip_plan *p, int action, ip_manual_fn fn, void *ctx)
{
	if (action < 0 || action >= p->nactions)
		return -1;
	db_stmt *s = db_prepare(d, "SELECT id,version,name,source,unit,baseline,target FROM ip_manual_measures "
	                           "WHERE action_id=? ORDER BY name, id");
	if (!s)
		return -1;
	db_bind_int(s, 1, p->actions[action].id);
	/* read the measures first: one statement open at a time */
	struct row { int64_t id, version; char *name, *source, *unit; int hb, ht; double b, t; } *rows = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (ARRAY_RESERVE(rows, cap, n + 1, 8) < 0) {
			rc = DB_ERROR;
			break;
		}
		struct row *w = &rows[n++];
		w->id = db_col_int(s, 0);
		w->version = db_col_int(s, 1);
		w->name = strdup(db_col_text(s, 2));
		w->source = strdup(db_col_text(s, 3));
		w->unit = strdup(db_col_text(s, 4));
		w->hb = !db_col_is_null(s, 5);
		w->b = w->hb ? strtod(db_col_text(s, 5), NULL) : 0;
		w->ht = !db_col_is_null(s, 6);
		w->t = w->ht ? strtod(db_col_text(s, 6), NULL) : 0;
	}
	db_done(s);
	int out = rc == DB_DONE ? 0 : -1;
	int np = p->nperiods;
	double *values = calloc((size_t)(np ? np : 1), sizeof *values);
	int *has = calloc((size_t)(np ? np : 1), sizeof *has);
	char **notes = calloc((size_t)(np ? np : 1), sizeof *notes);
	int64_t *vv = calloc((size_t)(np ? np : 1), sizeof *vv);
	if (!values || !has || !notes || !vv)
		out = -1;
	for (int i = 0; !out && i < n; i++) {
		if (!rows[i].name || !rows[i].source || !rows[i].unit) {
			out = -1;
			break;
		}
		for (int k = 0; k < np; k++) {
			has[k] = 0;
			vv[k] = 0;
			free(notes[k]);
			notes[k] = NULL;
		}
		db_stmt *q = db_prepare(d, "SELECT period_id,value,note,version FROM ip_manual_values WHERE measure_id=?");
		if (!q) {
			out = -1;
			break;
		}
		db_bind_int(q, 1, rows[i].id);
		while ((rc = db_step(q)) == DB_ROW) {
			int k = ip_period_index(p, db_col_int(q, 0));
			if (k < 0)
				continue;
			has[k] = 1;
			values[k] = strtod(db_col_text(q, 1), NULL);
			notes[k] = db_col_is_null(q, 2) ? NULL : strdup(db_col_text(q, 2));
			vv[k] = db_col_int(q, 3);
		}
		db_done(q);
		if (rc != DB_DONE) {
			out = -1;
			break;
		}
		struct ip_manual m = {rows[i].id, rows[i].version, rows[i].name, rows[i].source, rows[i].unit, rows[i].hb,
		                      rows[i].ht, rows[i].b, rows[i].t, np, values, has, (const char *const *)notes, vv};
		if (fn(ctx, &m))
			break;
	}
	for (int k = 0; notes && k < np; k++)
		free(notes[k]);
	free(notes);
	free(values);
	free(has);
	free(vv);
	for (int i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].source);
		free(rows[i].unit);
	}
	free(rows);
	return out;
}

int ip_manual_add(db *d, const struct actor *who, const struct ip_plan *p, int action, const struct ip_manual_in *in,
                  struct errs *e)
{
	if (action < 0 || action >= p->nactions) {
		errs_add(e, "name", "There is no such action in this plan");
		return IP_INVALID;
	}
	if (!in->name || !*in->name)
		errs_add(e, "name", "Enter the name of the measure");
	else if (utf8_chars(in->name) > 200)
		errs_add(e, "name", "Name of the measure must be 200 characters or fewer");
	if (!in->source || !*in->source)
		errs_add(e, "source", "Enter where the figure comes from");
	else if (utf8_chars(in->source) > 500)
		errs_add(e, "source", "Source must be 500 characters or fewer");
	if (!in->unit || (strcmp(in->unit, "percent") && strcmp(in->unit, "number")))
		errs_add(e, "unit", "Select whether the measure is a percentage or a number");
	if (e->n)
		return IP_INVALID;
	const struct ip_action *a = &p->actions[action];
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return IP_ERROR;
	db_stmt *s = db_prepare(d, "INSERT INTO ip_manual_measures(action_id,name,source,unit,baseline,target) "
	                           "VALUES(?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id");
	if (!s) {
		change_rollback(&c);
		return IP_ERROR;
	}
	char nb[32], nt[32];
	snprintf(nb, sizeof nb, "%.17g", in->baseline);
	snprintf(nt, sizeof nt, "%.17g", in->target);
	db_bind_int(s, 1, a->id);
	db_bind_text(s, 2, in->name);
	db_bind_text(s, 3, in->source);
	db_bind_text(s, 4, in->unit);
	db_bind_text(s, 5, in->has_baseline ? nb : NULL);
	db_bind_text(s, 6, in->has_target ? nt : NULL);
	int rc = db_step(s);
	int64_t id = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	if (!id) {
		change_rollback(&c);
		if (rc == DB_DONE) {
			errs_add(e, "name", "Action %s already has a measure with this name", a->code);
			return IP_INVALID;
		}
		return IP_ERROR;
	}
	change_audit(&c, "create", "ip_manual_measures", id, 0, "name,source,unit,baseline,target", NULL);
	return change_commit(&c) < 0 ? IP_ERROR : IP_OK;
}

int ip_manual_value(db *d, const struct actor *who, const struct ip_plan *p, int action, int64_t measure_id, int period,
                    double value, const char *note, int64_t seen_version, struct errs *e)
{
	if (action < 0 || action >= p->nactions || period < 0 || period >= p->nperiods) {
		errs_add(e, "value", "There is no such action or review period in this plan");
		return IP_INVALID;
	}
	if (note && utf8_chars(note) > 2000) {
		errs_add(e, "note", "Note must be 2000 characters or fewer");
		return IP_INVALID;
	}
	/* the measure must be this action's */
	db_stmt *s = db_prepare(d, "SELECT 1 FROM ip_manual_measures WHERE id=? AND action_id=?");
	if (!s)
		return IP_ERROR;
	db_bind_int(s, 1, measure_id);
	db_bind_int(s, 2, p->actions[action].id);
	int found = db_step(s) == DB_ROW;
	db_done(s);
	if (!found) {
		errs_add(e, "value", "There is no such measure on this action");
		return IP_INVALID;
	}
	char now[21], v[32];
	date_instant_iso(who->now, now);
	snprintf(v, sizeof v, "%.17g", value);
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return IP_ERROR;
	if (seen_version)
		s = db_prepare(d, "UPDATE ip_manual_values SET value=?3,note=NULLIF(?4,''),recorded_by=NULLIF(?5,0),"
		                  "recorded_at=?6,version=version+1 WHERE measure_id=?1 AND period_id=?2 AND version=?7 "
		                  "RETURNING id");
	else
		s = db_prepare(d, "INSERT INTO ip_manual_values(measure_id,period_id,value,note,recorded_by,recorded_at) "
		                  "VALUES(?1,?2,?3,NULLIF(?4,''),NULLIF(?5,0),?6) ON CONFLICT DO NOTHING RETURNING id");
	if (!s) {
		change_rollback(&c);
		return IP_ERROR;
	}
	db_bind_int(s, 1, measure_id);
	db_bind_int(s, 2, p->periods[period].id);
	db_bind_text(s, 3, v);
	db_bind_text(s, 4, note ? note : "");
	db_bind_int(s, 5, who->user_id);
	db_bind_text(s, 6, now);
	if (seen_version)
		db_bind_int(s, 7, seen_version);
	int rc = db_step(s);
	int64_t id = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	if (!id) {
		change_rollback(&c);
		if (rc == DB_DONE) {
			errs_add(e, "value", "Someone else recorded this value after you opened the page: go back to see it, "
			         "then record yours again");
			return IP_STALE;
		}
		return IP_ERROR;
	}
	change_audit(&c, seen_version ? "update" : "create", "ip_manual_values", id, 0, "value,note", NULL);
	return change_commit(&c) < 0 ? IP_ERROR : IP_OK;
}
