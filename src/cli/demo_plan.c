/* demo_plan.c — the content of the demo area's EHC plans (issue 16).
 *
 * DESIGN: after the people, plans and advice exist, each draft or active
 * plan gets its first version: sections A–K written from short synthetic
 * templates chosen by the child's primary need, so every plan page has real
 * content.  Each active plan's version is final (issued on the plan's
 * issue date), each draft plan's a draft sent on its draft date.  About
 * four items of provision in ten are written the way tribunals send back
 * ("access to", "regular", "as required"), so the provision check has a
 * realistic mix to find; their counts are kept with each final version as
 * the domain keeps them (pc_item_check).  Section K is the advice received
 * for the plan's request.  Deterministic from the seed; one transaction
 * (the caller's).  Cost: about ten rows a plan (docs/performance.md).
 */
#include "cli/demo_plan.h"
#include "domain/plancontent.h"
#include "domain/provterms.h"
#include "core/codes.h"
#include "core/date.h"
#include "core/grow.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A plain 64-bit LCG (Knuth's MMIX constants): reproducible, and enough for
 * choosing templates. */
static uint32_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}
#define PICK(s, arr) (arr[next(s) % (sizeof arr / sizeof arr[0])])

/* Section B by area of need (SEND Code of Practice 6.28). */
static const char *const need_ci[] = {
	"Finds it hard to understand spoken instructions of more than two steps, and to say what they need.",
	"Has difficulty with the social use of language: taking turns in conversation and reading other people's intentions.",
	"Speech is hard for unfamiliar adults to understand; becomes frustrated when not understood.",
};
static const char *const need_cl[] = {
	"Reads and spells well below the level expected for their age; decoding unfamiliar words is slow.",
	"Working memory is weak: loses track of tasks with several parts and needs information repeated.",
	"Number sense is insecure; relies on counting in ones and cannot yet recall number bonds to 10.",
};
static const char *const need_semh[] = {
	"Becomes highly anxious at transitions and in busy spaces, and may leave the classroom.",
	"Finds it hard to regulate emotions when frustrated; incidents are most frequent after lunch.",
	"Low mood and low self-esteem; reluctant to attempt new work for fear of failing.",
};
static const char *const need_sp[] = {
	"Has a moderate hearing loss and uses hearing aids; misses speech in noisy rooms.",
	"Fine motor skills are delayed: handwriting is slow and tiring, and fastenings are difficult.",
	"Has a visual impairment and needs enlarged print and good lighting to access the curriculum.",
};
static const char *const health[] = {
	"Asthma, managed with a reliever inhaler that must be available at all times.",
	"Epilepsy: seizures are infrequent and a care plan is in place.",
	"Sleep is disturbed; the family is supported by the community paediatric team.",
};
static const char *const social[] = {
	"Needs support to take part in clubs and activities outside school.",
	"The family needs short breaks to sustain care at home.",
};
static const char *const outcome_text[] = {
	"Will follow a three-step classroom instruction without adult prompting.",
	"Will read a book at their level aloud with 95% accuracy.",
	"Will use a calm-down plan independently when anxious, on at least 4 out of 5 occasions.",
	"Will take part in a small group activity for 20 minutes with one adult prompt.",
	"Will write three connected sentences independently using a word bank.",
	"Will travel to a familiar place in the community with a trusted adult, planning the route themselves.",
};
static const char *const measure_text[] = {
	"Class teacher records 5 observations each half term",
	"Reading assessment each term by the SENCO",
	"ABC records kept by the teaching assistant, reviewed monthly",
	"Work samples reviewed at each termly SEN support meeting",
};
static const char *const timescale_text[] = {
	"By the end of this academic year", "By the next annual review", "Within 6 months", "By the end of the key stage",
};
/* provision written as it should be: what, who, how often, for how long, group */
static const struct prov { const char *what, *who, *often, *len, *group; } good[] = {
	{"Speech and language therapy programme targeting following instructions", "speech and language therapist",
	 "once a week", "30 minutes", "1 to 1"},
	{"Precision teaching of high-frequency words", "teaching assistant", "daily", "10 minutes", "1 to 1"},
	{"Emotional literacy support sessions using the ELSA programme", "learning support assistant",
	 "twice a week", "30 minutes", "1 to 1"},
	{"Structured phonics intervention", "specialist teacher", "3 times a week", "20 minutes", "a group of 3"},
	{"Fine motor skills programme set by the occupational therapist", "teaching assistant", "daily", "15 minutes",
	 "1 to 1"},
};
/* and as tribunals send it back */
static const struct prov vague[] = {
	{"Access to regular small group support as required", "", "", "", ""},
	{"Opportunities to develop social skills where appropriate", "", "", "", ""},
	{"Support from an adult in class", "adult", "regularly", "", ""},
	{"Speech and language advice may be provided", "speech and language therapist", "as needed", "", ""},
};

static const char *area_of(const char *sen_type)
{
	if (!strcmp(sen_type, "ASD") || !strcmp(sen_type, "SLCN"))
		return "CI";
	if (!strcmp(sen_type, "SEMH"))
		return "SEMH";
	if (!strcmp(sen_type, "VI") || !strcmp(sen_type, "HI") || !strcmp(sen_type, "MSI") || !strcmp(sen_type, "PD"))
		return "SP";
	return "CL";
}

static const char *need_for(uint64_t *s, const char *area)
{
	if (!strcmp(area, "CI"))
		return PICK(s, need_ci);
	if (!strcmp(area, "SEMH"))
		return PICK(s, need_semh);
	if (!strcmp(area, "SP"))
		return PICK(s, need_sp);
	return PICK(s, need_cl);
}

struct gen_plan {
	int64_t id, request_id;
	char status[12], draft[11], issue[11], dob[11], need[8];
};

static int item(db *d, int64_t vid, const char *sec, int num, const char *area, const char *text, const char *who,
                const char *often, const char *len, const char *group, const char *timescale, const char *measure,
                const char *links)
{
	db_stmt *s = db_prepare(d, "INSERT INTO plan_items(version_id,section,num,area,text,who,how_often,how_long,"
	                           "group_size,timescale,measure,links) VALUES(?,?,?,NULLIF(?,''),?,NULLIF(?,''),"
	                           "NULLIF(?,''),NULLIF(?,''),NULLIF(?,''),NULLIF(?,''),NULLIF(?,''),NULLIF(?,''))");
	if (!s)
		return -1;
	db_bind_int(s, 1, vid);
	db_bind_text(s, 2, sec);
	db_bind_int(s, 3, num);
	const char *v[] = {area, text, who, often, len, group, timescale, measure, links};
	for (int i = 0; i < 9; i++)
		db_bind_text(s, 4 + i, v[i] ? v[i] : "");
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

/* One plan's first version. */
static int gen_one(db *d, uint64_t *s, const struct gen_plan *p, const struct prov_terms *terms, const char *now)
{
	int final = !strcmp(p->status, "active") && *p->issue;
	const char *sent = *p->draft ? p->draft : final ? p->issue : NULL;
	char a_views[400];
	static const char *const likes[] = {"drawing and Lego", "football and being outside", "music and the computer",
	                                    "animals, especially the family's dog", "swimming and trampolining"};
	static const char *const hopes[] = {"To have a job working with animals", "To go to college and learn to cook",
	                                    "To make friends and feel happy at school", "To live independently one day"};
	snprintf(a_views, sizeof a_views, "They say school is best when adults explain things calmly and give them time. "
	         "Their parents say they want them to be confident and to have friends.");
	int j = next(s) % 10 == 0;
	db_stmt *v = db_prepare(d, "INSERT INTO plan_versions(plan_id,seq,amendment,sent_date,final_date,a_views,a_interests,"
	                           "a_aspirations,j_requested,j_amount,j_arrangements,created_at) "
	                           "VALUES(?,1,0,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (!v)
		return -1;
	db_bind_int(v, 1, p->id);
	db_bind_text(v, 2, sent);
	db_bind_text(v, 3, final ? p->issue : NULL);
	db_bind_text(v, 4, a_views);
	db_bind_text(v, 5, PICK(s, likes));
	db_bind_text(v, 6, PICK(s, hopes));
	db_bind_int(v, 7, j);
	if (j)
		db_bind_int(v, 8, 500 + 100 * (int)(next(s) % 30));
	else
		db_bind_null(v, 8);
	db_bind_text(v, 9, j ? "Direct payments to the family for a personal assistant at weekends" : NULL);
	db_bind_text(v, 10, now);
	int rc = db_step(v);
	int64_t vid = rc == DB_ROW ? db_col_int(v, 0) : 0;
	db_done(v);
	if (!vid)
		return -1;
	/* B: the primary need's area, and a second */
	const char *a1 = area_of(p->need);
	static const char *const areas[] = {"CI", "CL", "SEMH", "SP"};
	const char *a2 = PICK(s, areas);
	if (!strcmp(a2, a1))
		a2 = !strcmp(a1, "SEMH") ? "CL" : "SEMH";
	int has_c = next(s) % 2, has_d = next(s) % 4 == 0;
	if (item(d, vid, "B", 1, a1, need_for(s, a1), NULL, NULL, NULL, NULL, NULL, NULL, NULL) < 0 ||
	    item(d, vid, "B", 2, a2, need_for(s, a2), NULL, NULL, NULL, NULL, NULL, NULL, NULL) < 0 ||
	    (has_c && item(d, vid, "C", 1, NULL, PICK(s, health), NULL, NULL, NULL, NULL, NULL, NULL, NULL) < 0) ||
	    (has_d && item(d, vid, "D", 1, NULL, PICK(s, social), NULL, NULL, NULL, NULL, NULL, NULL, NULL) < 0))
		return -1;
	/* E: outcomes, one for adult life from Year 9 */
	day_t born, on = 0;
	int teen = 0;
	if (date_parse_iso(p->dob, &born) == 0 && date_parse_iso(final ? p->issue : sent ? sent : p->dob, &on) == 0)
		teen = date_age_on(born, on) >= 14;
	static const char *const pfa[] = {"EMP", "IL", "COM", "HEA"};
	int nout = 2 + (int)(next(s) % 2);
	for (int k = 1; k <= nout; k++) {
		const char *links = k == 1 ? "B1" : k == 2 ? (has_c ? "B2,C1" : "B2") : "B1,B2";
		if (item(d, vid, "E", k, teen && k == nout ? PICK(s, pfa) : NULL, PICK(s, outcome_text), NULL, NULL, NULL, NULL,
		         PICK(s, timescale_text), PICK(s, measure_text), links) < 0)
			return -1;
	}
	/* F: two or three items, about four in ten vague */
	int nf = 2 + (int)(next(s) % 2);
	for (int k = 1; k <= nf; k++) {
		const struct prov *pv = next(s) % 10 < 4 ? &vague[next(s) % (sizeof vague / sizeof vague[0])]
		                                         : &good[next(s) % (sizeof good / sizeof good[0])];
		if (item(d, vid, "F", k, NULL, pv->what, pv->who, pv->often, pv->len, pv->group, NULL, NULL,
		         k == 1 ? "E1" : "E2") < 0)
			return -1;
	}
	if (has_c && item(d, vid, "G", 1, NULL, "Review of the care plan with the family and school", "school nurse",
	                  "once per term", "30 minutes", NULL, NULL, NULL, "E2") < 0)
		return -1;
	if (has_d && item(d, vid, "H2", 1, NULL, "Short breaks at a local play scheme", "social worker", "monthly",
	                  "1 day", NULL, NULL, NULL, NULL) < 0)
		return -1;
	/* K: the advice received for the plan's request */
	db_stmt *k = db_prepare(d, "SELECT service,received_date FROM advice_requests WHERE request_id=? "
	                           "AND received_date IS NOT NULL ORDER BY received_date, id");
	if (!k)
		return -1;
	db_bind_int(k, 1, p->request_id);
	struct { char text[96], date[11]; } adv[12];
	int na = 0;
	while (na < 12 && (rc = db_step(k)) == DB_ROW) {
		const char *l = code_label(&codes_advice_service, db_col_text(k, 0));
		snprintf(adv[na].text, sizeof adv[na].text, "Advice from %s", l ? l : db_col_text(k, 0));
		snprintf(adv[na].date, sizeof adv[na].date, "%s", db_col_text(k, 1));
		na++;
	}
	db_done(k);
	for (int i = 0; i < na; i++) {
		db_stmt *w = db_prepare(d, "INSERT INTO plan_items(version_id,section,num,text,item_date) VALUES(?,'K',?,?,?)");
		if (!w)
			return -1;
		db_bind_int(w, 1, vid);
		db_bind_int(w, 2, i + 1);
		db_bind_text(w, 3, adv[i].text);
		db_bind_text(w, 4, adv[i].date);
		rc = db_step(w);
		db_done(w);
		if (rc != DB_DONE)
			return -1;
	}
	if (!final)
		return 0;
	/* the provision check's counts, kept with the final version as finalising keeps them */
	struct pc_counts c;
	if (pc_version_counts(d, vid, terms, &c) < 0)
		return -1;
	db_stmt *u = db_prepare(d, "UPDATE plan_versions SET prov_items=?,prov_unspecified=?,prov_unquantified=?,"
	                           "prov_findings=? WHERE id=?");
	if (!u)
		return -1;
	db_bind_int(u, 1, c.items);
	db_bind_int(u, 2, c.unspecified);
	db_bind_int(u, 3, c.unquantified);
	db_bind_int(u, 4, c.findings);
	db_bind_int(u, 5, vid);
	rc = db_step(u);
	db_done(u);
	return rc == DB_DONE ? 0 : -1;
}

int demo_plan_content(db *d, uint64_t seed, day_t today, int max_plans, char *err, size_t errlen)
{
	struct prov_terms terms = {0};
	char why[200];
	if (provision_terms_load(NULL, &terms, why, sizeof why) < 0) {
		snprintf(err, errlen, "demo: the provision terms: %s", why);
		return -1;
	}
	char now[21];
	date_instant_iso((int64_t)today * 86400 + 9 * 3600, now);
	uint64_t s = seed ^ 0x9e3779b97f4a7c15ull;
	db_stmt *q = db_prepare(d, "SELECT p.id,COALESCE(p.request_id,0),p.status,COALESCE(p.draft_date,''),"
	                           "COALESCE(p.issue_date,''),pe.dob,COALESCE(n.sen_type,'OTH') FROM plans p "
	                           "JOIN people pe ON pe.id=p.person_id LEFT JOIN needs n ON n.person_id=p.person_id AND n.rank=1 "
	                           "WHERE p.status IN ('draft','active') ORDER BY p.id LIMIT ?");
	if (!q) {
		prov_terms_free(&terms);
		snprintf(err, errlen, "demo: reading the plans: %s", db_errmsg(d));
		return -1;
	}
	db_bind_int(q, 1, max_plans);
	/* read them all first: one statement open at a time keeps the store simple */
	struct gen_plan *plans = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = db_step(q)) == DB_ROW) {
		if (ARRAY_RESERVE(plans, cap, n + 1, 1024) < 0) {
			rc = DB_ERROR;
			break;
		}
		struct gen_plan *p = &plans[n++];
		p->id = db_col_int(q, 0);
		p->request_id = db_col_int(q, 1);
		snprintf(p->status, sizeof p->status, "%s", db_col_text(q, 2));
		snprintf(p->draft, sizeof p->draft, "%s", db_col_text(q, 3));
		snprintf(p->issue, sizeof p->issue, "%s", db_col_text(q, 4));
		snprintf(p->dob, sizeof p->dob, "%s", db_col_text(q, 5));
		snprintf(p->need, sizeof p->need, "%s", db_col_text(q, 6));
	}
	db_done(q);
	int out = 0;
	if (rc != DB_DONE) {
		snprintf(err, errlen, "demo: reading the plans: %s", db_errmsg(d));
		out = -1;
	}
	for (int i = 0; !out && i < n; i++)
		if (gen_one(d, &s, &plans[i], &terms, now) < 0) {
			snprintf(err, errlen, "demo: writing plan %lld's content: %s", (long long)plans[i].id, db_errmsg(d));
			out = -1;
		}
	free(plans);
	prov_terms_free(&terms);
	return out;
}
