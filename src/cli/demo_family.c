/* demo_family.c — see demo_family.h.
 *
 * DESIGN: one pass over the people the demo made, in id order; every choice is
 * an integer draw from a splitmix64 stream of its own (so adding this left
 * every earlier row of the demo as it was).  Proportions are assumed (there is
 * no national figure): a mother on 85% of records, a father on 60% (or a
 * carer or foster carer when the child is looked after-like 5%), a grandparent
 * on 8%; a young person over compulsory school age is their own contact on
 * 60%; 7% of parents prefer a language other than English, most of them with
 * an interpreter; 5% have access needs.  Consent to share with all partners on
 * 70% of records (4% of those withdrawn), views of the child on 80% and of a
 * parent on 70%.  Surnames are the child's (from the demo's lists); the rest
 * come from the short lists below.  Per child: a few inserts, no reads.
 */
#include "cli/demo_family.h"
#include "cli/demo_rng.h"
#include "core/family.h"
#include <stdio.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))


static const char *const mothers[] = {
	"Sarah", "Emma", "Laura", "Rachel", "Claire", "Nicola", "Gemma", "Kelly", "Aisha", "Fatima",
	"Agnieszka", "Priya", "Joanne", "Leanne", "Hayley", "Amina", "Grace", "Michelle", "Nadia", "Zainab",
};
static const char *const fathers[] = {
	"David", "Mark", "Paul", "Andrew", "Richard", "Daniel", "Imran", "Tomasz", "Kwame", "Gary",
	"Lee", "Wayne", "Craig", "Mohammed", "Ravi", "Piotr", "Steven", "Jamal", "Chris", "Neil",
};
static const char *const grans[] = {"Margaret", "Patricia", "Jean", "Brenda", "Irene", "Shirley"};
static const char *const streets[] = {
	"Mill Lane", "Church Street", "Station Road", "Park Avenue", "Victoria Road", "Queens Drive",
	"Orchard Close", "Meadow View", "Chapel Row", "Willow Crescent", "Market Street", "Elm Grove",
};
static const char *const towns[] = {"Exampleton", "Samplebury", "Testford", "Demoby", "Fauxley"};
/* the languages other than English a demo parent prefers (codes_language) */
static const char *const languages[] = {"pl", "ur", "pa", "ar", "ro", "so", "bn", "cy", "bfi"};
static const char *const access[] = {
	"Large print, please.", "Easy read versions of letters.", "Step-free access to meetings.",
	"Prefers meetings in the afternoon because of shift work.", "Uses a hearing loop.",
};
static const char *const child_views[] = {
	"I like drawing and playing football at break. I find it hard when the classroom is noisy.",
	"I want to go to college and work with animals. I like my teaching assistant.",
	"Maths is my favourite. I don't like it when the plans change without telling me.",
	"I want to have more friends. I feel calm in the quiet room.",
	"I would like to learn to cook and travel on the bus on my own.",
	"(A drawing of the child at school with a friend, smiling, beside the quiet area.)",
};
static const char *const parent_views[] = {
	"We want them to be in a smaller class with staff who understand autism.",
	"They have come on well this year; we worry about the move to secondary school.",
	"Speech and language therapy has helped; we would like it to continue weekly.",
	"We hope they can go to the local college with support and make friends nearby.",
	"Mornings are very hard at home; we would like the school to help with transitions.",
};
static const char *const gatherers[] = {
	"SEND caseworker", "Class teacher", "SENCO", "Independent advocate", "Educational psychologist",
};
static const char *const how_views[] = {"meeting", "form", "drawing", "advocate", "phone", "meeting"};
static const char *const how_consent[] = {"written", "written", "verbal", "portal"};

struct fam {
	db *d;
	uint64_t x;
	day_t today;
	char *err;
	size_t errlen;
};

static int failed(struct fam *f, const char *what)
{
	snprintf(f->err, f->errlen, "demo: %s failed: %s", what, db_errmsg(f->d));
	return -1;
}

static void iso(day_t d, char out[11])
{
	date_format_iso(d, out);
}

/* A contact; returns its id, or -1. */
static int64_t contact(struct fam *f, int64_t pid, const char *rel, const char *title, const char *forename,
                       const char *surname, int pr, const char *postcode, int letters)
{
	char line1[80], phone[24], email[120], *lang = NULL;
	snprintf(line1, sizeof line1, "%d %s", 1 + demo_below(&f->x, 120), streets[demo_below(&f->x, NELEM(streets))]);
	snprintf(phone, sizeof phone, "07700 900%03d", demo_below(&f->x, 1000));
	int has_email = demo_chance(&f->x, 70);
	if (has_email)
		snprintf(email, sizeof email, "%c.%s%d@example.invalid", forename ? forename[0] : 'y', surname, demo_below(&f->x, 100));
	int other = strcmp(rel, "self") && demo_chance(&f->x, 7);
	if (other)
		lang = (char *)languages[demo_below(&f->x, NELEM(languages))];
	db_stmt *s = db_prepare(f->d,
		"INSERT INTO person_contacts(person_id,relationship,title,forename,surname,parental_resp,address_line1,town,"
		"postcode,phone,email,contact_method,language,interpreter,access_needs,receives_letters) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (!s)
		return failed(f, "adding a contact");
	db_bind_int(s, 1, pid);
	db_bind_text(s, 2, rel);
	db_bind_opt_text(s, 3, title);
	db_bind_opt_text(s, 4, forename);
	db_bind_opt_text(s, 5, forename ? surname : NULL);
	db_bind_int(s, 6, pr);
	db_bind_text(s, 7, line1);
	db_bind_text(s, 8, towns[demo_below(&f->x, NELEM(towns))]);
	db_bind_opt_text(s, 9, postcode && *postcode ? postcode : "ZX1 1AA");
	db_bind_text(s, 10, phone);
	db_bind_opt_text(s, 11, has_email ? email : NULL);
	db_bind_text(s, 12, has_email && demo_chance(&f->x, 60) ? "email" : demo_chance(&f->x, 50) ? "phone" : "post");
	db_bind_text(s, 13, lang ? lang : "en");
	db_bind_int(s, 14, lang && demo_chance(&f->x, 70));
	db_bind_opt_text(s, 15, demo_chance(&f->x, 5) ? access[demo_below(&f->x, NELEM(access))] : NULL);
	db_bind_int(s, 16, letters);
	int64_t id = -1;
	if (db_step(s) == DB_ROW)
		id = db_col_int(s, 0);
	db_done(s);
	return id < 0 ? failed(f, "adding a contact") : id;
}

static int consent(struct fam *f, int64_t pid, int64_t by, day_t lo)
{
	day_t given = lo + demo_below(&f->x, (int)(f->today - lo) + 1);
	char g[11], w[11];
	iso(given, g);
	int withdrawn = demo_chance(&f->x, 4) && given < f->today;
	if (withdrawn)
		iso(given + 1 + demo_below(&f->x, (int)(f->today - given)), w);
	db_stmt *s = db_prepare(f->d,
		"INSERT INTO person_consents(person_id,given_by_contact_id,scope,partners,given_date,given_how,withdrawn_date,"
		"withdrawn_reason) VALUES(?,?,?,?,?,?,?,?)");
	if (!s)
		return failed(f, "adding consent");
	db_bind_int(s, 1, pid);
	db_bind_int(s, 2, by);
	db_bind_text(s, 3, "all");
	db_bind_text(s, 4, "The school, health services and social care");
	db_bind_text(s, 5, g);
	db_bind_text(s, 6, how_consent[demo_below(&f->x, NELEM(how_consent))]);
	db_bind_opt_text(s, 7, withdrawn ? w : NULL);
	db_bind_opt_text(s, 8, withdrawn ? "Asked that health information is no longer shared with the school." : NULL);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : failed(f, "adding consent");
}

static int view(struct fam *f, int64_t pid, int64_t by, day_t lo)
{
	char d[11];
	iso(lo + demo_below(&f->x, (int)(f->today - lo) + 1), d);
	db_stmt *s = db_prepare(f->d,
		"INSERT INTO person_views(person_id,whose,contact_id,view_date,gathered_how,gathered_by,body) VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return failed(f, "adding views");
	db_bind_int(s, 1, pid);
	db_bind_text(s, 2, by ? "parent" : "child");
	if (by)
		db_bind_int(s, 3, by);
	else
		db_bind_null(s, 3);
	db_bind_text(s, 4, d);
	db_bind_text(s, 5, by ? (demo_chance(&f->x, 50) ? "meeting" : "phone") : how_views[demo_below(&f->x, NELEM(how_views))]);
	db_bind_text(s, 6, gatherers[demo_below(&f->x, NELEM(gatherers))]);
	db_bind_text(s, 7, by ? parent_views[demo_below(&f->x, NELEM(parent_views))] : child_views[demo_below(&f->x, NELEM(child_views))]);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : failed(f, "adding views");
}

static int family_of(struct fam *f, int64_t pid, const char *surname, const char *dob_iso, const char *postcode)
{
	day_t dob;
	if (date_parse_iso(dob_iso, &dob) < 0)
		return 0;
	int yp = family_is_young_person(dob, f->today);
	int64_t first = 0, mum = 0, self = 0;
	if (yp && demo_chance(&f->x, 60) && (self = contact(f, pid, "self", NULL, NULL, surname, 0, postcode, 1)) < 0)
		return -1;
	if (demo_chance(&f->x, 85)) {
		mum = contact(f, pid, "mother", demo_chance(&f->x, 50) ? "Ms" : "Mrs", mothers[demo_below(&f->x, NELEM(mothers))], surname,
		              1, postcode, !self);
		if (mum < 0)
			return -1;
		first = mum;
	}
	if (demo_chance(&f->x, 5)) {
		int64_t c = contact(f, pid, "carer", "Mx", mothers[demo_below(&f->x, NELEM(mothers))], "Foster", 0, postcode, !first);
		if (c < 0)
			return -1;
		first = first ? first : c;
	} else if (demo_chance(&f->x, 60) || !first) {
		int64_t c = contact(f, pid, "father", demo_chance(&f->x, 70) ? "Mr" : NULL, fathers[demo_below(&f->x, NELEM(fathers))],
		                    surname, 1, postcode, !self && demo_chance(&f->x, 50));
		if (c < 0)
			return -1;
		first = first ? first : c;
	}
	if (demo_chance(&f->x, 8) && contact(f, pid, "grandparent", "Mrs", grans[demo_below(&f->x, NELEM(grans))], surname, 0, postcode, 0) < 0)
		return -1;
	day_t lo = date_add_months(f->today, -18);
	if (lo < dob)
		lo = dob;
	if (demo_chance(&f->x, 70) && consent(f, pid, self ? self : first, lo) < 0)
		return -1;
	if (demo_chance(&f->x, 80) && view(f, pid, 0, lo) < 0)
		return -1;
	if (demo_chance(&f->x, 70) && view(f, pid, mum ? mum : first, lo) < 0)
		return -1;
	return 0;
}

int demo_family(db *d, uint64_t seed, day_t today, char *err, size_t errlen)
{
	struct fam f = {d, seed ^ 0xfa4117ull, today, err, errlen};
	db_stmt *s = db_prepare(d, "SELECT id, surname, dob, COALESCE(postcode,'') FROM people ORDER BY id");
	if (!s)
		return failed(&f, "reading the people");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char surname[256], dob[11], pc[16];
		snprintf(surname, sizeof surname, "%s", db_col_text(s, 1));
		snprintf(dob, sizeof dob, "%s", db_col_text(s, 2));
		snprintf(pc, sizeof pc, "%s", db_col_text(s, 3));
		if (family_of(&f, db_col_int(s, 0), surname, dob, pc) < 0) {
			db_done(s);
			return -1;
		}
	}
	db_done(s);
	return rc == DB_DONE ? 0 : failed(&f, "reading the people");
}
