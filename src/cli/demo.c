/* demo.c — see demo.h
 *
 * DESIGN
 *
 * Determinism.  One xoshiro256** stream seeded from o->seed through
 * splitmix64; every choice is an integer draw (weights are integers per
 * 10,000), so the same (plans, seed, la_code, today) gives the same rows on
 * any platform.  Nothing reads the clock except the progress timer and
 * user_add's own created_at (and each password hash has its own random
 * salt), so the users table is the one table that differs between runs.
 * Identifiers are made unique by construction (counters run through
 * bijections), not by retrying against the database.
 *
 * Sizes.  o->plans people with an active plan; 35% as many again with a
 * request only; 21% as many with a plan ceased in the last three years (the
 * national ceased count, 44,862 in 2024, is ~7% of the caseload a year,
 * national-statistics.md §1, §6).  Caseworkers: plans/250 clamped to 4..40.
 * Establishments: one per 25 plans, at least 40.
 *
 * Distributions and their sources (all national-statistics.md, reporting
 * year 2025, unless marked "assumed"):
 *   - age at today of people with active plans: §1.2 bands (4.3 / 33.3 /
 *     36.5 / 20.0 / 5.8%), spread over single years by eye (under-5s mostly
 *     3-4; numbers fall away after 17).
 *   - age when the plan was issued: §2.1 (new plans in 2024 by age at
 *     start; ages 4 and 5 the largest single years), truncated to the
 *     person's current age.
 *   - sex: §1.1 (70.6% male) for plans; §4.2 (64% male) for requests only.
 *   - primary need: §1.3 ("not recorded" dropped, "Other" split into OTH
 *     and DS because DS is a code from 2025); a second need for 30% (brief).
 *   - setting of the current placement by age band, tuned so that overall
 *     §1 holds: mainstream ~44%, special ~30%, FE/post-16 ~14%, AP/PRU 0.8%,
 *     EHE 1.1%, NEET 2.8% (16+ only), plus sendmis's AWAIT ~1% and ~1% with
 *     no current placement (§1 "placement not recorded"); CME ~0.5%.
 *   - residential (38 / 51 / 52 weeks): ~3.3% of special placements, ~1% of
 *     plans (§1.5: 2,221 of 638,745 is 0.35%; the brief asks for ~1% so the
 *     demo has enough to look at).  Work-based: 5% of FE placements, split
 *     SI 61 / AP 23 / TR 16 (§1.6).
 *   - out of area (assumed; no national figure): establishments ~15% in LAs
 *     990-998; a placement goes out of area with a probability by setting
 *     (mainstream 1.2%, special 3%, independent special 50%, specialist
 *     post-16 40%, residential 85%) which gives ~6% of active placements.
 *   - timeliness: half of plans within 20 weeks of the request, 43% in
 *     20-52 weeks, 7% over 52 weeks (§3: 46.4% / 46.2% / 7.3% in 2024);
 *     request decisions within 6 weeks for 85% (§4: 84.8%).
 *   - request source (assumed; published from 2025 without a split):
 *     parent/YP 50%, setting 35%, health 7%, social care 5%, other 3%.
 *   - requests with no plan (requests only): awaiting a decision 15%
 *     (received in the last 6 weeks), refused 27% (§4: 25% of requests),
 *     assessment under way 40%, assessment "plan not issued" 12% (§5: 6% of
 *     assessments; 34% of those decided within 16 weeks), withdrawn 6%.
 *     Ages at request: §4.1.
 *   - personal budgets: 3% of plans (§1.4: 19,596 / 638,745); 20% of them
 *     organised arrangements (§1.4: 3,889).  Direct payment half (assumed).
 *   - annual reviews: one a year anchored on the previous decision
 *     (review_next_due); decision within 4 weeks of the meeting 45% (§7:
 *     44.4%); outcome amend 62% / maintain 38% (§7: 219,538 / 135,264).
 *     12% of active plans are left with the latest review overdue (brief;
 *     §7: 70,893 of 524,654 plans due a review had no meeting, 13.5%).
 *   - cease reasons: §6.1 counts as weights; age at ceasing follows the
 *     reason (1: 25; 3: 18-22; 4: 17-24; 6: 16-24; others as the caseload).
 *   - visits (assumed): people with an active plan placed out of area,
 *     residentially or EHE; 5% never visited, 20% last visited more than 12
 *     months ago, the rest within 12 months; visits every 3-7 months before.
 *   - flags (brief): looked after 5%, child in need 8% (including the 2%
 *     under a child protection plan) of all people, set on under-18s only
 *     (so drawn at 5.8 / 9.3 / 2.3% of them); care leaver 4% of 18+; youth
 *     justice ~1% (age 10+).
 *   - ethnicity (assumed; approximates the school census for pupils with
 *     an EHC plan): WBRI 66%, then the other CBDS main codes.
 * Identifiers: UPN with the DfE check letter (LA code + a 4-digit
 * establishment number + 2-digit year + serial), a ULN (its mod-11 check
 * digit) for some people aged 16+, UN1 for under-5s; NHS numbers for 60% in
 * 999 000 0000 - 999 999 9999 (reserved for testing, never issued) with the
 * modulus-11 check digit.  Each is passed through the core validator and a
 * failure aborts the run.  Postcodes are in areas that do not exist (ZX for
 * the LA, ZA..ZL for the neighbours).  Everything inserted uses codes that
 * are checked against core/codes.h before anything is written.
 */
#include "cli/demo.h"
#include "cli/demo_plan.h"
#include "cli/demo_family.h"
#include "cli/demo_records.h"
#include "cli/demo_documents.h"
#include "cli/demo_qa.h"
#include "cli/demo_surveys.h"
#include "domain/improve.h"
#include "domain/audit.h"
#include "domain/change.h"
#include "core/codes.h"
#include "core/review.h"
#include "domain/casefile.h"
#include "domain/clockstore.h"
#include "domain/advice.h"
#include "core/phase.h"
#include "core/validate.h"
#include "domain/user.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define DEMO_PASSWORD "sendmis-demo"
#define MAX_CASEWORKERS 40
/* Plans given content (sections A–K) by the demo: all of them in the areas people
 * use; the bench's England-scale area keeps its build time (docs/performance.md). */
#define DEMO_CONTENT_MAX 100000

/* ---- PRNG: splitmix64 seeding xoshiro256** ------------------------------ */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* [0, n) by multiply-shift (bias < 2^-32, irrelevant here, and exact the
 * same everywhere) */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* [lo, hi]; lo when hi <= lo */
static int rng_range(struct rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)rng_below(r, (uint32_t)((int64_t)hi - lo + 1));
}

/* true with probability per10k / 10,000 */
static int rng_p(struct rng *r, int per10k)
{
	return (int)rng_below(r, 10000) < per10k;
}

static int pick(struct rng *r, const int *w, int n)
{
	int tot = 0;
	for (int i = 0; i < n; i++)
		tot += w[i];
	if (tot <= 0)
		return 0;
	int x = (int)rng_below(r, (uint32_t)tot);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

struct wcode {
	const char *code;
	int w;
};

static int pick_wcode(struct rng *r, const struct wcode *t, int n)
{
	int w[32];
	for (int i = 0; i < n && i < 32; i++)
		w[i] = t[i].w;
	return pick(r, w, n < 32 ? n : 32);
}

/* ---- tables ---------------------------------------------------------------- */

/* Caseload by single year of age at today, per 10,000 (§1.2). */
static const int w_age_caseload[26] = {
	5, 15, 60, 130, 220,
	400, 500, 560, 600, 620, 650,
	710, 730, 740, 740, 730,
	690, 610, 440, 260,
	170, 130, 100, 80, 60, 40,
};

/* New plans by age at start (§2.1). */
static const int w_age_new_plan[26] = {
	10, 25, 60, 140, 1355,
	1351, 716, 716, 716, 716, 716,
	564, 564, 564, 564, 564,
	155, 155, 155, 155,
	10, 6, 5, 4, 3, 2,
};

/* Requests by age at request (§4.1). */
static const int w_age_request[26] = {
	50, 150, 400, 840, 1050,
	900, 800, 720, 680, 640, 610,
	650, 600, 550, 500, 450,
	160, 100, 70, 50,
	10, 7, 5, 4, 2, 2,
};

/* Ages 16..24 at ceasing for "no longer wishes to engage" (assumed shape). */
static const int w_age_cease6[9] = {1000, 1500, 2500, 2000, 1200, 800, 500, 300, 200};

static const struct wcode w_need[] = {
	{"ASD", 3150}, {"SLCN", 2130}, {"SEMH", 2070}, {"MLD", 1060}, {"SLD", 400},
	{"PD", 390}, {"SPLD", 230}, {"HI", 140}, {"PMLD", 130}, {"OTH", 70},
	{"DS", 50}, {"VI", 80}, {"MSI", 30},
};

static const struct wcode w_ethnicity[] = {
	{"WBRI", 6600}, {"WIRI", 30}, {"WIRT", 20}, {"WROM", 60}, {"WOTH", 400},
	{"MWBC", 200}, {"MWBA", 80}, {"MWAS", 130}, {"MOTH", 250}, {"AIND", 200},
	{"APKN", 400}, {"ABAN", 150}, {"AOTH", 150}, {"BCRB", 150}, {"BAFR", 350},
	{"BOTH", 80}, {"CHNE", 30}, {"OOTH", 180}, {"REFU", 120}, {"NOBT", 200},
};

static const struct wcode w_source[] = {
	{"1", 5000}, {"2", 3500}, {"3", 700}, {"4", 500}, {"5", 300},
};

static const struct wcode w_cease[] = {
	{"6", 16091}, {"5", 13953}, {"4", 4053}, {"2", 3955}, {"3", 2579},
	{"1", 1990}, {"7", 928}, {"9", 837}, {"8", 475},
};

static const struct wcode w_residential[] = {{"38", 3000}, {"51", 4000}, {"52", 3000}};
static const struct wcode w_work_based[] = {{"SI", 6100}, {"AP", 2300}, {"TR", 1600}};
static const struct wcode w_ofsted[] = {{"1", 1500}, {"2", 6500}, {"3", 1500}, {"4", 500}};
static const struct wcode w_visit_type[] = {{"welfare", 6500}, {"monitoring", 3500}};
static const struct wcode w_visit_outcome[] = {{"none", 9000}, {"concerns", 850}, {"safeguarding", 150}};

/* Establishment kinds. */
enum {
	ET_PRI, ET_SEC, ET_ALL, ET_EY, ET_IND, ET_SP, ET_ISP, ET_FE, ET_SPI, ET_AP, ET_N
};

static const char *const suf_pri[] = {"Primary School", "Primary Academy", "Community Primary School",
                                      "CofE Primary School", "Infant and Junior School"};
static const char *const suf_sec[] = {"Academy", "High School", "School", "Secondary School"};
static const char *const suf_all[] = {"All-Through School", "All-Through Academy"};
static const char *const suf_ey[] = {"Nursery School", "Early Years Centre"};
static const char *const suf_ind[] = {"Preparatory School", "House School", "Hall School"};
static const char *const suf_sp[] = {"Special School", "Special Academy"};
static const char *const suf_isp[] = {"Independent Special School", "Manor School", "Lodge School"};
static const char *const suf_fe[] = {"College", "College of Further Education"};
static const char *const suf_spi[] = {"Specialist College", "Specialist Post-16 College"};
static const char *const suf_ap[] = {"Pupil Referral Unit", "Learning Centre", "Alternative Provision Academy"};

static const struct est_kind {
	const char *setting_type, *phase;
	int share;      /* per 10,000 of establishments */
	int out_share;  /* per 10,000 of this kind located in another LA */
	int urn, ukprn; /* 0 never, 1 always, 2 for half */
	const char *const *suf;
	int nsuf;
} est_kinds[ET_N] = {
	[ET_PRI] = {"MS", "PRI", 4200, 600, 1, 0, suf_pri, NELEM(suf_pri)},
	[ET_SEC] = {"MS", "SEC", 1200, 600, 1, 0, suf_sec, NELEM(suf_sec)},
	[ET_ALL] = {"MS", "ALL", 200, 0, 1, 0, suf_all, NELEM(suf_all)},
	[ET_EY] = {"EY", "EY", 800, 0, 1, 0, suf_ey, NELEM(suf_ey)},
	[ET_IND] = {"IND", "NA", 400, 2000, 1, 0, suf_ind, NELEM(suf_ind)},
	[ET_SP] = {"SP", "ALL", 1000, 1500, 1, 0, suf_sp, NELEM(suf_sp)},
	[ET_ISP] = {"ISP", "NA", 1000, 6500, 1, 0, suf_isp, NELEM(suf_isp)},
	[ET_FE] = {"FE", "P16", 400, 2000, 2, 1, suf_fe, NELEM(suf_fe)},
	[ET_SPI] = {"SPI", "P16", 400, 5000, 1, 1, suf_spi, NELEM(suf_spi)},
	[ET_AP] = {"AP", "NA", 400, 1000, 1, 0, suf_ap, NELEM(suf_ap)},
};

static const char *const place_root[] = {
	"Elm", "Oak", "Ash", "Birch", "Thorn", "Fox", "Lark", "Kings", "Queens", "Mill",
	"Church", "North", "South", "East", "West", "High", "Brook", "Stone", "Hazel", "Willow",
	"Cedar", "Holly", "Maple", "Rowan", "Fern", "Heath", "Bramble", "Cross", "River", "Moor",
};
static const char *const place_end[] = {
	"field", "wood", "gate", "side", "brook", "dale", "mead", "bury", "ford", "ley",
	"combe", "hurst", "well", "bridge", "hill", "stead", "croft", "worth", "ton", "lands",
};

/* Settings of a placement. */
enum {
	S_NONE, S_EY, S_EYP, S_MS, S_IND, S_SP, S_ISP, S_FE, S_SPI, S_AP,
	S_EHE, S_NEET, S_AWAIT, S_OLA, S_OPA, S_N
};

static const struct setting_info {
	const char *code;  /* setting_code when there is no establishment */
	int min_age;       /* earliest age at which such a placement starts */
	int p_out;         /* per 10,000 placed out of area */
} settings[S_N] = {
	[S_NONE] = {NULL, 0, 0},
	[S_EY] = {NULL, 2, 0},
	[S_EYP] = {"EYP", 0, 0},
	[S_MS] = {NULL, 3, 120},
	[S_IND] = {NULL, 3, 1500},
	[S_SP] = {NULL, 2, 300},
	[S_ISP] = {NULL, 5, 5000},
	[S_FE] = {NULL, 16, 300},
	[S_SPI] = {NULL, 16, 4000},
	[S_AP] = {NULL, 5, 500},
	[S_EHE] = {"EHE", 5, 0},
	[S_NEET] = {"NEET", 16, 0},
	[S_AWAIT] = {"AWAIT", 2, 0},
	[S_OLA] = {"OLA", 5, 0},
	[S_OPA] = {"OPA", 4, 0},
};

/* Current setting by age band (under 5, 5-15, 16-19, 20-25), per 10,000. */
static const int w_set_active[4][S_N] = {
	{[S_NONE] = 300, [S_EY] = 3800, [S_EYP] = 1200, [S_MS] = 2800, [S_IND] = 100,
	 [S_SP] = 1500, [S_AWAIT] = 200, [S_OPA] = 100},
	{[S_NONE] = 100, [S_MS] = 5600, [S_IND] = 100, [S_SP] = 2950, [S_ISP] = 780,
	 [S_AP] = 115, [S_EHE] = 140, [S_AWAIT] = 120, [S_OLA] = 60, [S_OPA] = 35},
	{[S_NONE] = 150, [S_MS] = 1000, [S_SP] = 1300, [S_ISP] = 400, [S_FE] = 5400,
	 [S_SPI] = 600, [S_NEET] = 900, [S_EHE] = 50, [S_AWAIT] = 100, [S_OLA] = 100},
	{[S_NONE] = 300, [S_FE] = 6000, [S_SPI] = 1300, [S_NEET] = 1800, [S_AWAIT] = 100,
	 [S_OLA] = 300, [S_OPA] = 200},
};

/* Requests only: no plan, so no special or EHE placements, all in area. */
static const int w_set_request[4][S_N] = {
	{[S_NONE] = 200, [S_EY] = 4500, [S_EYP] = 2000, [S_MS] = 3300},
	{[S_NONE] = 100, [S_MS] = 9200, [S_IND] = 150, [S_AP] = 350, [S_OPA] = 200},
	{[S_NONE] = 500, [S_MS] = 2500, [S_FE] = 6000, [S_NEET] = 1000},
	{[S_NONE] = 1000, [S_FE] = 6000, [S_NEET] = 3000},
};

static const char *const male_names[] = {
	"Oliver", "Jack", "Harry", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar",
	"Leo", "Thomas", "Joshua", "James", "William", "Henry", "Archie", "Ethan", "Lucas", "Max",
	"Mohammed", "Muhammad", "Isaac", "Logan", "Dylan", "Riley", "Theo", "Arthur", "Jayden", "Kai",
	"Reuben", "Daniel", "Samuel", "Joseph", "Tyler", "Callum", "Lewis", "Adam", "Ryan", "Liam",
	"Kacper", "Aarav", "Yusuf", "Ibrahim", "Zain", "Kofi", "Tomasz", "Ravi", "Finley", "Harvey",
	"Mason", "Jenson", "Toby", "Elliot", "Ollie", "Louie", "Luca", "Ezra", "Rory", "Caleb",
};
static const char *const female_names[] = {
	"Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Grace", "Mia", "Poppy", "Ella",
	"Lily", "Evie", "Isabella", "Sophie", "Ivy", "Freya", "Harper", "Willow", "Charlotte", "Jessica",
	"Chloe", "Ruby", "Daisy", "Phoebe", "Florence", "Sienna", "Matilda", "Maya", "Aisha", "Amira",
	"Zara", "Hannah", "Lucy", "Megan", "Holly", "Katie", "Niamh", "Layla", "Fatima", "Maryam",
	"Zofia", "Priya", "Esme", "Erin", "Rosie", "Millie", "Imogen", "Scarlett", "Eliza", "Hallie",
};
static const char *const surnames[] = {
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
	"Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
	"Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
	"Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
	"James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
	"Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy",
	"Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
	"Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali",
	"Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight",
	"Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey",
	"Nowak", "Okafor", "Mensah", "Kowalski", "Ahmed", "Rahman", "Chen", "Nguyen", "O'Brien", "Doyle",
};
static const char *const staff_first[] = {
	"Sam", "Alex", "Jordan", "Priya", "Tom", "Hannah", "Chris", "Nadia", "Ben", "Grace",
	"Imran", "Laura", "Dan", "Sophie", "Kwame", "Ellen", "Marek", "Joanne", "Farah", "Owen",
};

static const char *const note_bodies[] = {
	"Telephone call with parent to discuss transport arrangements.",
	"Email sent to the setting asking for current attendance information.",
	"Annual review paperwork received from the setting.",
	"Parent called to ask about the timeline for the draft plan.",
	"Advice requested from the educational psychology service.",
	"Consultation sent to the proposed setting.",
	"Visit to the setting arranged for next month.",
	"Contact details updated after a call with the family.",
	"Meeting with the SENCo to discuss the provision in section F.",
	"Preparing for adulthood discussed with the young person and parent.",
	"Copy of the final plan sent to the family and the setting.",
	"Health advice received and added to the file.",
};
static const char *const visit_summaries[] = {
	"Observed in class; placement meeting needs set out in the plan.",
	"Met the young person and key worker; settled and making progress.",
	"Reviewed attendance and provision records with the setting.",
	"Spoke with the young person about their views; no issues raised.",
	"Checked the provision in section F is being delivered.",
};

/* Inward-code letters (the standard excludes C I K M O V). */
static const char pc_letters[] = "ABDEFGHJLNPQRSTUWXYZ";
/* Outward areas that do not exist: ZX for the LA, ZA.. for neighbours. */
static const char *const out_areas[9] = {"ZA", "ZB", "ZC", "ZD", "ZF", "ZG", "ZH", "ZK", "ZL"};

/* ---- generator state ------------------------------------------------------- */

struct est {
	int64_t id;
	int kind;
	int out;
};

struct stats {
	int active, requests, ceased, people, users;
	int active_out, active_placed, residential;
	int overdue, issued3y, within20;
	int visitable, visit_never, visit_old;
};

struct gen {
	db *d;
	struct rng r;
	struct rng c;          /* a second stream for the statutory-clock data, so adding it left
	                          every earlier row as it was */
	day_t today, year_ago;
	char la[4];
	char ola[9][4];
	int nola;
	int64_t cw_id[MAX_CASEWORKERS];
	char cw_name[MAX_CASEWORKERS][64];
	int ncw;
	struct est *est;
	int nest;
	int *bucket[ET_N][2];
	int nbucket[ET_N][2];
	uint32_t upn_seq, uln_seq, nhs_seq;
	int failed;
	char *err;
	size_t errlen;
	struct stats st;
};

static int fail(struct gen *g, const char *what)
{
	if (!g->failed) {
		snprintf(g->err, g->errlen, "demo: %s failed: %s", what, db_errmsg(g->d));
		g->failed = 1;
	}
	return -1;
}

static int failmsg(struct gen *g, const char *msg)
{
	if (!g->failed) {
		snprintf(g->err, g->errlen, "demo: %s", msg);
		g->failed = 1;
	}
	return -1;
}

/* Steps s once and releases it.  With want_id, the statement has RETURNING
 * id and that id is returned; otherwise 0.  -1 on error. */
static int64_t run(struct gen *g, db_stmt *s, const char *what, int want_id)
{
	if (!s)
		return fail(g, what);
	int rc = db_step(s);
	int64_t id = 0;
	if (want_id && rc == DB_ROW)
		id = db_col_int(s, 0);
	db_done(s);
	if (rc != (want_id ? DB_ROW : DB_DONE))
		return fail(g, what);
	return id;
}

static void bind_date(db_stmt *s, int idx, day_t day)
{
	char iso[16];
	if (day == DATE_NONE) {
		db_bind_null(s, idx);
		return;
	}
	date_format_iso(day, iso);
	db_bind_text(s, idx, iso);
}

/* "YYYY-MM-DDTHH:MM:SSZ" at a working-hours time on `day`. */
static void timestamp(struct gen *g, day_t day, char *out, size_t n)
{
	char iso[16];
	int secs = rng_range(&g->r, 8 * 3600 + 30 * 60, 17 * 3600 + 30 * 60);
	date_format_iso(day, iso);
	snprintf(out, n, "%sT%02d:%02d:%02dZ", iso, secs / 3600, secs / 60 % 60, secs % 60);
}

static day_t years_after(day_t day, int years)
{
	return date_add_months(day, 12 * years);
}

static day_t rand_day(struct gen *g, day_t lo, day_t hi)
{
	return (day_t)rng_range(&g->r, lo, hi);
}

/* A birth date giving exactly `age` at `on`, no later than `latest`. */
static day_t dob_for_age(struct gen *g, day_t on, int age, day_t latest)
{
	day_t hi = years_after(on, -age);
	day_t lo = years_after(on, -(age + 1)) + 1;
	if (hi > latest)
		hi = latest;
	if (lo > hi)
		lo = hi;
	return rand_day(g, lo, hi);
}

static int age_band(int age)
{
	return age < 5 ? 0 : age <= 15 ? 1 : age <= 19 ? 2 : 3;
}

/* 1 September on or before `day`, if not before lb; else `day`. */
static day_t snap_september(day_t day, day_t lb)
{
	int y, m, dd;
	day_t s;
	date_to_ymd(day, &y, &m, &dd);
	if (m < 9)
		y--;
	if (date_from_ymd(y, 9, 1, &s) < 0 || s < lb)
		return day;
	return s;
}

/* ---- identifiers ----------------------------------------------------------- */

static const char upn_alpha[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

static int make_upn(struct gen *g, day_t dob, char out[16])
{
	char raw[40], why[128];
	/* a bijection of the counter on 0..7,999,999 (7919 is prime to 8e6),
	 * split into a 4-digit establishment number and a serial: unique */
	uint32_t x = (uint32_t)(((uint64_t)g->upn_seq++ * 7919u + 123457u) % 8000000u);
	unsigned estab = 2000 + x / 1000, serial = x % 1000;
	int y, m, dd, ty;
	date_to_ymd(dob, &y, &m, &dd);
	date_to_ymd(g->today, &ty, &m, &dd);
	y += 4;  /* allocated when the child starts school */
	if (y > ty)
		y = ty;
	snprintf(raw, sizeof raw, "?%s%04u%02d%03u", g->la, estab, y % 100, serial);
	unsigned sum = 0;
	for (int i = 2; i <= 13; i++)
		sum += (unsigned)(raw[i - 1] - '0') * (unsigned)i;
	raw[0] = upn_alpha[sum % 23];
	if (validate_upn(raw, out, why, sizeof why) != 0)
		return failmsg(g, "generated UPN failed validate_upn");
	return 0;
}

static int make_uln(struct gen *g, char out[16])
{
	char raw[40], why[128];
	for (;;) {
		uint32_t seq = g->uln_seq++;
		/* 100000000..999999999: a bijection of the counter (7919 is prime to 9e8) */
		uint64_t body = 100000000u + ((uint64_t)seq * 7919u + 4242u) % 900000000u;
		snprintf(raw, sizeof raw, "%09llu", (unsigned long long)body);
		unsigned sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (unsigned)(raw[i] - '0') * (unsigned)(10 - i);
		if (sum % 11 == 0)
			continue;  /* no valid check digit for this body */
		raw[9] = (char)('0' + 10 - sum % 11);
		raw[10] = 0;
		break;
	}
	if (validate_uln(raw, out, why, sizeof why) != 0)
		return failmsg(g, "generated ULN failed validate_uln");
	return 0;
}

static int make_nhs(struct gen *g, char out[16])
{
	char raw[40], why[128];
	for (;;) {
		uint32_t seq = g->nhs_seq++;
		unsigned mid = (unsigned)(((uint64_t)seq * 7919u + 1234u) % 1000000u);
		snprintf(raw, sizeof raw, "999%06u", mid);
		unsigned sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (unsigned)(raw[i] - '0') * (unsigned)(10 - i);
		unsigned c = 11 - sum % 11;
		if (c == 11)
			c = 0;
		if (c == 10)
			continue;  /* invalid: never issued */
		raw[9] = (char)('0' + c);
		raw[10] = 0;
		break;
	}
	if (validate_nhs_number(raw, out, why, sizeof why) != 0)
		return failmsg(g, "generated NHS number failed validate_nhs_number");
	return 0;
}

static int make_postcode(struct gen *g, const char *area, int district, char out[16])
{
	char raw[40], why[128];
	snprintf(raw, sizeof raw, "%s%d %d%c%c", area, district, rng_range(&g->r, 0, 9),
	         pc_letters[rng_below(&g->r, sizeof pc_letters - 1)],
	         pc_letters[rng_below(&g->r, sizeof pc_letters - 1)]);
	if (validate_postcode(raw, out, why, sizeof why) != 0)
		return failmsg(g, "generated postcode failed validate_postcode");
	return 0;
}

/* ---- codes ------------------------------------------------------------------ */

static int check_list(struct gen *g, const struct code_list *l, const struct wcode *t, size_t n)
{
	char msg[160];
	for (size_t i = 0; i < n; i++)
		if (!code_find(l, t[i].code, 0)) {
			snprintf(msg, sizeof msg, "code %s is not in the %s list", t[i].code, l->name);
			return failmsg(g, msg);
		}
	return 0;
}

static int check_one(struct gen *g, const struct code_list *l, const char *code)
{
	struct wcode w = {code, 1};
	return check_list(g, l, &w, 1);
}

/* Every code this file writes must be in the core's lists. */
static int check_codes(struct gen *g)
{
	int rc = 0;
	rc |= check_list(g, &codes_sen_type, w_need, NELEM(w_need));
	rc |= check_list(g, &codes_ethnicity, w_ethnicity, NELEM(w_ethnicity));
	rc |= check_list(g, &codes_request_source, w_source, NELEM(w_source));
	rc |= check_list(g, &codes_cease_reason, w_cease, NELEM(w_cease));
	rc |= check_list(g, &codes_residential, w_residential, NELEM(w_residential));
	rc |= check_list(g, &codes_work_based, w_work_based, NELEM(w_work_based));
	rc |= check_list(g, &codes_ofsted, w_ofsted, NELEM(w_ofsted));
	rc |= check_list(g, &codes_visit_type, w_visit_type, NELEM(w_visit_type));
	rc |= check_list(g, &codes_visit_outcome, w_visit_outcome, NELEM(w_visit_outcome));
	for (int i = 0; i < S_N; i++)
		if (settings[i].code)
			rc |= check_one(g, &codes_sen_setting, settings[i].code);
	for (int i = 0; i < ET_N; i++) {
		rc |= check_one(g, &codes_setting_type, est_kinds[i].setting_type);
		rc |= check_one(g, &codes_phase, est_kinds[i].phase);
	}
	static const char *const misc[][2] = {
		{"sex", "M"}, {"sex", "F"}, {"upn", "UN1"}, {"req", "Y"}, {"req", "N"}, {"req", "W"},
		{"ass", "Y"}, {"ass", "N"}, {"rev", "A"}, {"rev", "M"}, {"rev", "C"},
		{"status", "active"}, {"status", "ceased"},
	};
	for (size_t i = 0; i < NELEM(misc); i++) {
		const struct code_list *l =
			strcmp(misc[i][0], "sex") == 0 ? &codes_sex :
			strcmp(misc[i][0], "upn") == 0 ? &codes_upn_unknown :
			strcmp(misc[i][0], "req") == 0 ? &codes_request_outcome :
			strcmp(misc[i][0], "ass") == 0 ? &codes_assessment_outcome :
			strcmp(misc[i][0], "rev") == 0 ? &codes_review_outcome : &codes_plan_status;
		rc |= check_one(g, l, misc[i][1]);
	}
	return rc ? -1 : 0;
}

/* ---- users ------------------------------------------------------------------ */

static int gen_users(struct gen *g, int plans)
{
	static const char *const fixed[][3] = {
		{"admin", "Ada Admin", "admin"},
		{"manager", "Morgan Manager", "manager"},
		{"readonly", "Riley Reader", "readonly"},
		{"board", "Bea Board", "board"},
	};
	char uerr[256];
	for (size_t i = 0; i < NELEM(fixed); i++) {
		if (user_add(g->d, fixed[i][0], fixed[i][1], fixed[i][2], DEMO_PASSWORD, NULL, uerr, sizeof uerr) < 0)
			return failmsg(g, uerr);
		g->st.users++;
	}
	int n = plans / 250;
	g->ncw = n < 4 ? 4 : n > MAX_CASEWORKERS ? MAX_CASEWORKERS : n;
	for (int i = 0; i < g->ncw; i++) {
		char uname[32];
		snprintf(uname, sizeof uname, "caseworker%d", i + 1);
		/* distinct names: first names cycle, surnames step by a prime */
		snprintf(g->cw_name[i], sizeof g->cw_name[i], "%s %s", staff_first[i % NELEM(staff_first)],
		         surnames[(size_t)(i * 37 + 11) % NELEM(surnames)]);
		if (user_add(g->d, uname, g->cw_name[i], "caseworker", DEMO_PASSWORD, &g->cw_id[i], uerr,
		             sizeof uerr) < 0)
			return failmsg(g, uerr);
		g->st.users++;
		static const char *const teams[] = {"North team", "South team", "East team", "Post-16 team"};
		db_stmt *s = db_prepare(g->d, "UPDATE users SET team=? WHERE id=?");
		if (s) {
			db_bind_text(s, 1, teams[i % NELEM(teams)]);
			db_bind_int(s, 2, g->cw_id[i]);
		}
		if (run(g, s, "set team", 0) < 0)
			return -1;
	}
	return 0;
}

/* ---- partners --------------------------------------------------------------- */

/* The directory: one service of each kind with two contacts and a manager,
 * a SENCO for every setting in the area, staff email addresses (all on the
 * reserved example.invalid domain), and the advice requests already made
 * linked to them, so the scheduler has real work on `make run`. */
static int gen_partners(struct gen *g)
{
	static const struct { const char *kind, *name, *slug; } sv[] = {
		{"EP", "Educational psychology service", "ep"}, {"PAED", "Community paediatrics", "paediatrics"},
		{"SALT", "Speech and language therapy", "salt"}, {"OT", "Children's occupational therapy", "ot"},
		{"PHYSIO", "Children's physiotherapy", "physio"}, {"CAMHS", "CAMHS", "camhs"},
		{"SC", "Children with disabilities team", "cwd"}, {"P16", "Post-16 and careers service", "post16"},
		{"DCO", "Designated clinical officer", "dco"},
	};
	char a[160], b[160], c[160];
	for (size_t i = 0; i < NELEM(sv); i++) {
		const char *mf = staff_first[(i * 5 + 3) % NELEM(staff_first)], *ms = surnames[(i * 41 + 7) % NELEM(surnames)];
		snprintf(a, sizeof a, "%s@partners.example.invalid", sv[i].slug);
		snprintf(b, sizeof b, "%s %s", mf, ms);
		snprintf(c, sizeof c, "%s.manager@partners.example.invalid", sv[i].slug);
		db_stmt *s = db_prepare(g->d, "INSERT INTO services(kind,name,email,manager_name,manager_email) VALUES(?,?,?,?,?) "
		                              "RETURNING id");
		if (s) {
			db_bind_text(s, 1, sv[i].kind);
			db_bind_text(s, 2, sv[i].name);
			db_bind_text(s, 3, a);
			db_bind_text(s, 4, b);
			db_bind_text(s, 5, c);
		}
		int64_t id = run(g, s, "insert service", 1);
		if (id < 0)
			return -1;
		for (int k = 0; k < 2; k++) {
			const char *f = staff_first[(i * 7 + (size_t)k * 3 + 1) % NELEM(staff_first)];
			const char *l = surnames[(i * 53 + (size_t)k * 29 + 3) % NELEM(surnames)];
			snprintf(a, sizeof a, "%s %s", f, l);
			snprintf(b, sizeof b, "%s.%d@partners.example.invalid", sv[i].slug, k + 1);
			s = db_prepare(g->d, "INSERT INTO contacts(service_id,name,job_title,email) VALUES(?,?,?,?)");
			if (s) {
				db_bind_int(s, 1, id);
				db_bind_text(s, 2, a);
				db_bind_text(s, 3, k ? "Duty officer" : "Lead practitioner");
				db_bind_text(s, 4, b);
			}
			if (run(g, s, "insert contact", 0) < 0)
				return -1;
		}
	}
	db_stmt *s = db_prepare(g->d, "INSERT INTO contacts(establishment_id,name,job_title,email) "
	                              "SELECT id, 'SENCO', 'Special educational needs co-ordinator', "
	                              "'senco.' || id || '@schools.example.invalid' FROM establishments WHERE la_code=? "
	                              "ORDER BY id");
	if (s)
		db_bind_text(s, 1, g->la);
	if (run(g, s, "insert SENCO contacts", 0) < 0)
		return -1;
	s = db_prepare(g->d, "UPDATE users SET email=username || '@sen.example.invalid' WHERE role IN ('caseworker','manager')");
	if (run(g, s, "set staff email", 0) < 0)
		return -1;
	s = db_prepare(g->d, "UPDATE advice_requests SET service_id=(SELECT id FROM services sv WHERE sv.kind=advice_requests.service) "
	                     "WHERE service<>'SENCO'");
	if (run(g, s, "link advice to services", 0) < 0)
		return -1;
	s = db_prepare(g->d, "UPDATE advice_requests SET contact_id=(SELECT c.id FROM placements pl JOIN contacts c "
	                     "ON c.establishment_id=pl.establishment_id WHERE pl.person_id=advice_requests.person_id "
	                     "ORDER BY pl.start_date DESC, pl.id DESC LIMIT 1) WHERE service='SENCO'");
	if (run(g, s, "link advice to SENCOs", 0) < 0)
		return -1;
	if (advice_refresh_due(g->d, 0) < 0)
		return fail(g, "computing advice deadlines");
	return 0;
}

/* ---- establishments ------------------------------------------------------- */

static int gen_establishments(struct gen *g, int plans)
{
	int total = plans / 25 < 40 ? 40 : plans / 25;
	int count[ET_N], nout[ET_N], sum = 0;
	for (int k = 0; k < ET_N; k++) {
		count[k] = (total * est_kinds[k].share + 5000) / 10000;
		int min = est_kinds[k].out_share ? 2 : 1;
		if (count[k] < min)
			count[k] = min;
		nout[k] = (count[k] * est_kinds[k].out_share + 5000) / 10000;
		if (est_kinds[k].out_share && nout[k] < 1)
			nout[k] = 1;
		if (nout[k] > count[k] - 1)
			nout[k] = count[k] - 1;
		sum += count[k];
	}
	g->nest = sum;
	g->est = calloc((size_t)sum, sizeof *g->est);
	if (!g->est)
		return failmsg(g, "out of memory");
	for (int k = 0; k < ET_N; k++)
		for (int b = 0; b < 2; b++) {
			g->bucket[k][b] = calloc((size_t)count[k], sizeof(int));
			if (!g->bucket[k][b])
				return failmsg(g, "out of memory");
		}
	/* The list of kinds, shuffled so ids are not grouped by kind. */
	int *order = malloc((size_t)sum * 2 * sizeof(int));
	if (!order)
		return failmsg(g, "out of memory");
	int n = 0;
	for (int k = 0; k < ET_N; k++)
		for (int j = 0; j < count[k]; j++) {
			order[2 * n] = k;
			order[2 * n + 1] = j < nout[k];
			n++;
		}
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rng_below(&g->r, (uint32_t)i + 1);
		int tk = order[2 * i], to = order[2 * i + 1];
		order[2 * i] = order[2 * j];
		order[2 * i + 1] = order[2 * j + 1];
		order[2 * j] = tk;
		order[2 * j + 1] = to;
	}
	int seen[ET_N] = {0};
	const int nplaces = (int)(NELEM(place_root) * NELEM(place_end));
	for (int i = 0; i < n && !g->failed; i++) {
		int k = order[2 * i], out = order[2 * i + 1];
		const struct est_kind *ek = &est_kinds[k];
		/* place names unique within a kind for the first 600 of it */
		int p = (seen[k]++ * 211 + k * 37) % nplaces;
		char name[128], urn[16], ukprn[16], pc[16];
		const char *la = g->la, *area = "ZX";
		snprintf(name, sizeof name, "%s%s %s", place_root[p / (int)NELEM(place_end)],
		         place_end[p % (int)NELEM(place_end)], ek->suf[rng_below(&g->r, (uint32_t)ek->nsuf)]);
		snprintf(urn, sizeof urn, "%u", 800000u + (unsigned)(((uint64_t)i * 7919u + 5555u) % 100000u));
		snprintf(ukprn, sizeof ukprn, "%u", 19000000u + (unsigned)(((uint64_t)i * 7919u + 333u) % 1000000u));
		int has_urn = ek->urn == 1 || (ek->urn == 2 && rng_p(&g->r, 5000));
		int has_ukprn = ek->ukprn == 1;
		if (!has_urn && !has_ukprn)
			has_urn = 1;
		if (out) {
			int o = (int)rng_below(&g->r, (uint32_t)g->nola);
			la = g->ola[o];
			area = out_areas[o];
		}
		if (make_postcode(g, area, rng_range(&g->r, 1, 19), pc) < 0)
			break;
		int grade = pick_wcode(&g->r, w_ofsted, NELEM(w_ofsted));
		db_stmt *s = db_prepare(g->d, "INSERT INTO establishments(urn,ukprn,name,phase,setting_type,la_code,"
		                              "postcode,ofsted_grade,ofsted_date) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id");
		if (s) {
			db_bind_text(s, 1, has_urn ? urn : NULL);
			db_bind_text(s, 2, has_ukprn ? ukprn : NULL);
			db_bind_text(s, 3, name);
			db_bind_text(s, 4, ek->phase);
			db_bind_text(s, 5, ek->setting_type);
			db_bind_text(s, 6, la);
			db_bind_text(s, 7, pc);
			db_bind_text(s, 8, w_ofsted[grade].code);
			bind_date(s, 9, g->today - rng_range(&g->r, 30, 1825));
		}
		int64_t id = run(g, s, "insert establishment", 1);
		if (id < 0)
			break;
		struct est *e = &g->est[i];
		e->id = id;
		e->kind = k;
		e->out = out;
		g->bucket[k][out][g->nbucket[k][out]++] = i;
	}
	free(order);
	return g->failed ? -1 : 0;
}

/* An establishment of kind k, out of area with probability p_out. */
static int choose_est(struct gen *g, int k, int p_out)
{
	int out = rng_p(&g->r, p_out);
	if (g->nbucket[k][out] == 0)
		out = !out;
	if (g->nbucket[k][out] == 0)
		return -1;
	return g->bucket[k][out][rng_below(&g->r, (uint32_t)g->nbucket[k][out])];
}

/* ---- placements ------------------------------------------------------------- */

struct slot {
	int setting;           /* S_* */
	int est;               /* index into g->est, or -1 for a setting code */
	const char *residential;
	const char *work_based;
	int sen_unit, rp;
	int64_t id;            /* placements.id once inserted */
};

static int est_kind_for(struct gen *g, int setting, int age)
{
	switch (setting) {
	case S_EY: return ET_EY;
	case S_MS:
		if (rng_p(&g->r, 1000))
			return ET_ALL;
		return age < 11 ? ET_PRI : ET_SEC;
	case S_IND: return ET_IND;
	case S_SP: return ET_SP;
	case S_ISP: return ET_ISP;
	case S_FE: return ET_FE;
	case S_SPI: return ET_SPI;
	case S_AP: return ET_AP;
	default: return -1;
	}
}

/* Fills sl for a placement in `setting` of someone aged `age`.  in_area
 * forces an establishment in the LA; special placements may be residential. */
static void fill_slot(struct gen *g, struct slot *sl, int setting, int age, int in_area, int may_res)
{
	memset(sl, 0, sizeof *sl);
	sl->est = -1;
	if (age < settings[setting].min_age)
		setting = age < settings[S_EY].min_age ? S_EYP : S_EY;
	sl->setting = setting;
	int k = est_kind_for(g, setting, age);
	if (k < 0)
		return;
	int p_out = in_area ? 0 : settings[setting].p_out;
	if (may_res && (setting == S_SP || setting == S_ISP || setting == S_SPI) && rng_p(&g->r, 330)) {
		sl->residential = w_residential[pick_wcode(&g->r, w_residential, NELEM(w_residential))].code;
		p_out = 8500;
	}
	if (setting == S_FE && age >= 16 && rng_p(&g->r, 500))
		sl->work_based = w_work_based[pick_wcode(&g->r, w_work_based, NELEM(w_work_based))].code;
	if (setting == S_MS) {
		int r = (int)rng_below(&g->r, 10000);
		sl->rp = r < 700;
		sl->sen_unit = r >= 700 && r < 1000;
	}
	sl->est = choose_est(g, k, p_out);
	if (sl->est < 0) {
		sl->setting = S_OLA;  /* cannot happen: every kind has an establishment */
		sl->residential = sl->work_based = NULL;
	}
}

static int slot_out(struct gen *g, const struct slot *sl)
{
	return sl->est >= 0 && g->est[sl->est].out;
}

/* Earliest start of a placement in this setting for someone born on dob. */
static day_t slot_min_start(const struct slot *sl, const struct gen *g, day_t dob)
{
	int min = settings[sl->setting].min_age;
	if (sl->est >= 0 && (g->est[sl->est].kind == ET_SEC))
		min = 11;
	day_t lb = years_after(dob, min);
	return lb < dob + 30 ? dob + 30 : lb;
}

static int insert_placement(struct gen *g, int64_t pid, struct slot *sl, day_t start, day_t end)
{
	db_stmt *s = db_prepare(g->d, "INSERT INTO placements(person_id,establishment_id,setting_code,start_date,"
	                              "end_date,rank,residential,work_based,sen_unit,resourced_provision) "
	                              "VALUES(?,?,?,?,?,1,?,?,?,?) RETURNING id");
	if (s) {
		db_bind_int(s, 1, pid);
		if (sl->est >= 0) {
			db_bind_int(s, 2, g->est[sl->est].id);
			db_bind_null(s, 3);
		} else {
			db_bind_null(s, 2);
			db_bind_text(s, 3, settings[sl->setting].code);
		}
		bind_date(s, 4, start);
		bind_date(s, 5, end);
		db_bind_text(s, 6, sl->residential);
		db_bind_text(s, 7, sl->work_based);
		db_bind_int(s, 8, sl->sen_unit);
		db_bind_int(s, 9, sl->rp);
	}
	sl->id = run(g, s, "insert placement", 1);
	return sl->id < 0 ? -1 : 0;
}

/* Setting of an earlier placement by the age then. */
static int earlier_setting(struct gen *g, int age)
{
	int r = (int)rng_below(&g->r, 100);
	if (age < 3)
		return r < 50 ? S_EYP : S_EY;
	if (age < 5)
		return r < 40 ? S_EY : S_MS;
	if (age <= 10)
		return r < 80 ? S_MS : r < 95 ? S_SP : S_IND;
	if (age <= 15)
		return r < 75 ? S_MS : r < 90 ? S_SP : S_AP;
	return r < 50 ? S_MS : r < 80 ? S_FE : S_SP;
}

/* Inserts, for ~40%, an earlier placement ending the day before `next`
 * (or on `end_by` when there is no current placement).  *out gets it (id 0
 * when none was made). */
static int earlier_placement(struct gen *g, int64_t pid, day_t dob, day_t end_by, struct slot *out)
{
	memset(out, 0, sizeof *out);
	out->est = -1;
	day_t pend = end_by;
	day_t guess = pend - 400;
	int age = date_age_on(dob, guess > dob ? guess : dob);
	if (age < 0)
		age = 0;
	fill_slot(g, out, earlier_setting(g, age), age, 0, 0);
	day_t lb = slot_min_start(out, g, dob);
	day_t hi = pend - 60;
	day_t lo = pend - 1400 > lb ? pend - 1400 : lb;
	if (lo > hi) {
		memset(out, 0, sizeof *out);  /* none: too young for one */
		out->est = -1;
		return 0;
	}
	day_t start = rand_day(g, lo, hi);
	if (out->est >= 0 && rng_p(&g->r, 7000))
		start = snap_september(start, lb);
	return insert_placement(g, pid, out, start, pend);
}

/* ---- person pieces ------------------------------------------------------- */

struct person {
	int kind;              /* 0 active, 1 request only, 2 ceased */
	int64_t id;
	day_t dob;
	int age;               /* at today */
	int male;
	day_t first;           /* first request received */
	int setting;
	int cw;                /* caseworker index */
};

static int insert_person(struct gen *g, struct person *p)
{
	char pc[16], upn[16], uln[16], nhs[16], created[48];
	const char *forename = p->male ? male_names[rng_below(&g->r, NELEM(male_names))]
	                               : female_names[rng_below(&g->r, NELEM(female_names))];
	const char *surname = surnames[rng_below(&g->r, NELEM(surnames))];
	int eth = pick_wcode(&g->r, w_ethnicity, NELEM(w_ethnicity));
	int has_upn = 0, has_uln = 0;
	const char *unknown = NULL;
	if (make_postcode(g, "ZX", rng_range(&g->r, 1, 19), pc) < 0)
		return -1;
	if (p->age < 5) {
		unknown = "UN1";
	} else if (p->age >= 16) {
		int r = (int)rng_below(&g->r, 10000);
		has_upn = r >= 1000;
		has_uln = r < 3500;
	} else {
		has_upn = 1;
	}
	if (has_upn && make_upn(g, p->dob, upn) < 0)
		return -1;
	if (has_uln && make_uln(g, uln) < 0)
		return -1;
	int has_nhs = rng_p(&g->r, 6000);
	if (has_nhs && make_nhs(g, nhs) < 0)
		return -1;
	int lac = 0, cin = 0, cp = 0, cl = 0, yj = 0;
	if (p->age < 18) {
		int r = (int)rng_below(&g->r, 10000);
		/* per 10,000 under-18s, which are ~86% of people: 5% / 2% / 8% overall */
		lac = r < 580;
		cp = r >= 580 && r < 810;
		cin = r >= 580 && r < 1510;
	} else {
		cl = rng_p(&g->r, 400);
	}
	if (p->age >= 10)
		yj = rng_p(&g->r, 150);
	int cme = p->setting == S_NONE && p->age >= 5 && p->age <= 15 && p->kind != 2 && rng_p(&g->r, 7000);
	timestamp(g, p->first, created, sizeof created);

	db_stmt *s = db_prepare(g->d, "INSERT INTO people(surname,forename,dob,sex,ethnicity,postcode,upn,uln,"
	                              "upn_unknown,nhs_number,home_la,looked_after,child_in_need,child_protection,"
	                              "care_leaver,youth_justice,ehe,cme,created_at) "
	                              "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (s) {
		db_bind_text(s, 1, surname);
		db_bind_text(s, 2, forename);
		bind_date(s, 3, p->dob);
		db_bind_text(s, 4, p->male ? "M" : "F");
		db_bind_text(s, 5, w_ethnicity[eth].code);
		db_bind_text(s, 6, pc);
		db_bind_text(s, 7, has_upn ? upn : NULL);
		db_bind_text(s, 8, has_uln ? uln : NULL);
		db_bind_text(s, 9, unknown);
		db_bind_text(s, 10, has_nhs ? nhs : NULL);
		db_bind_text(s, 11, g->la);
		db_bind_int(s, 12, lac);
		db_bind_int(s, 13, cin);
		db_bind_int(s, 14, cp);
		db_bind_int(s, 15, cl);
		db_bind_int(s, 16, yj);
		db_bind_int(s, 17, p->setting == S_EHE && p->kind != 2);
		db_bind_int(s, 18, cme);
		db_bind_text(s, 19, created);
	}
	p->id = run(g, s, "insert person", 1);
	g->st.people++;
	return p->id < 0 ? -1 : 0;
}

static int64_t insert_request(struct gen *g, int64_t pid, day_t received, const char *outcome, day_t odate)
{
	db_stmt *s = db_prepare(g->d, "INSERT INTO requests(person_id,received_date,source,outcome,outcome_date) "
	                              "VALUES(?,?,?,?,?) RETURNING id");
	if (s) {
		db_bind_int(s, 1, pid);
		bind_date(s, 2, received);
		db_bind_text(s, 3, w_source[pick_wcode(&g->r, w_source, NELEM(w_source))].code);
		db_bind_text(s, 4, outcome);
		bind_date(s, 5, outcome ? odate : DATE_NONE);
	}
	return run(g, s, "insert request", 1);
}

static int insert_assessment(struct gen *g, int64_t rid, const char *outcome, day_t odate)
{
	db_stmt *s = db_prepare(g->d, "INSERT INTO assessments(request_id,outcome,outcome_date) VALUES(?,?,?)");
	if (s) {
		db_bind_int(s, 1, rid);
		db_bind_text(s, 2, outcome);
		bind_date(s, 3, outcome ? odate : DATE_NONE);
	}
	return run(g, s, "insert assessment", 0) < 0 ? -1 : 0;
}

static int gen_needs(struct gen *g, int64_t pid, int setting)
{
	int n1 = pick_wcode(&g->r, w_need, NELEM(w_need));
	if (setting == S_AP && rng_p(&g->r, 7000))
		n1 = 2;  /* SEMH: most AP placements */
	int n2 = -1;
	if (rng_p(&g->r, 3000)) {
		struct wcode rest[NELEM(w_need)];
		int idx[NELEM(w_need)], m = 0;
		for (int i = 0; i < (int)NELEM(w_need); i++)
			if (i != n1) {
				rest[m] = w_need[i];
				idx[m++] = i;
			}
		n2 = idx[pick_wcode(&g->r, rest, m)];
	}
	for (int rank = 1; rank <= 2; rank++) {
		int n = rank == 1 ? n1 : n2;
		if (n < 0)
			break;
		db_stmt *s = db_prepare(g->d, "INSERT INTO needs(person_id,rank,sen_type) VALUES(?,?,?)");
		if (s) {
			db_bind_int(s, 1, pid);
			db_bind_int(s, 2, rank);
			db_bind_text(s, 3, w_need[n].code);
		}
		if (run(g, s, "insert need", 0) < 0)
			return -1;
	}
	return 0;
}

/* Plan timeline: received -> request decision -> draft -> issue. */
struct plan_dates {
	day_t received, req_outcome, draft, issue;
};

static void plan_dates(struct gen *g, day_t dob, int age_cap, day_t latest_issue, struct plan_dates *pd)
{
	int w[26];
	int cap = age_cap < 0 ? 0 : age_cap > 25 ? 25 : age_cap;
	for (int i = 0; i < 26; i++)
		w[i] = i <= cap ? w_age_new_plan[i] : 0;
	int ai = pick(&g->r, w, cap + 1);
	day_t lo = years_after(dob, ai), hi = years_after(dob, ai + 1) - 1;
	if (lo < dob + 100)
		lo = dob + 100;
	if (hi > latest_issue)
		hi = latest_issue;
	if (lo > hi)
		lo = hi;
	pd->issue = rand_day(g, lo, hi);
	int r = (int)rng_below(&g->r, 10000), span;
	if (r < 5000)
		span = rng_range(&g->r, 56, 140);
	else if (r < 9300)
		span = rng_range(&g->r, 141, 364);
	else
		span = rng_range(&g->r, 365, 500);
	pd->received = pd->issue - span;
	if (pd->received < dob + 28)
		pd->received = dob + 28;
	span = pd->issue - pd->received;
	int dec = rng_p(&g->r, 8500) ? rng_range(&g->r, 14, 42) : rng_range(&g->r, 43, 84);
	if (dec > span / 2)
		dec = span / 2;
	pd->req_outcome = pd->received + dec;
	pd->draft = pd->issue - rng_range(&g->r, 10, 35);
	if (pd->draft <= pd->req_outcome)
		pd->draft = pd->req_outcome + (pd->issue - pd->req_outcome) / 2;
}

/* The decision to issue a plan: a few days before the draft, never before
 * the decision to assess. */
static day_t issue_decision(struct gen *g, const struct plan_dates *pd)
{
	day_t d = pd->draft - rng_range(&g->c, 1, 10);
	return d < pd->req_outcome ? pd->req_outcome : d;
}

static int64_t insert_plan(struct gen *g, int64_t pid, int64_t rid, const struct plan_dates *pd,
                           day_t cease, const char *reason)
{
	int pb = rng_p(&g->r, 300);
	int org = pb && rng_p(&g->r, 2000);
	int dp = pb && rng_p(&g->r, 5000);
	db_stmt *s = db_prepare(g->d, "INSERT INTO plans(person_id,request_id,status,draft_date,issue_date,start_date,"
	                              "cease_date,cease_reason,personal_budget,pb_organised,pb_direct_payment) "
	                              "VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (s) {
		db_bind_int(s, 1, pid);
		db_bind_int(s, 2, rid);
		db_bind_text(s, 3, cease == DATE_NONE ? "active" : "ceased");
		bind_date(s, 4, pd->draft);
		bind_date(s, 5, pd->issue);
		bind_date(s, 6, pd->issue);
		bind_date(s, 7, cease);
		db_bind_text(s, 8, reason);
		db_bind_int(s, 9, pb);
		db_bind_int(s, 10, org);
		db_bind_int(s, 11, dp);
	}
	return run(g, s, "insert plan", 1);
}

static int insert_review(struct gen *g, int64_t plan, day_t meeting, day_t decision, const char *outcome)
{
	/* second stream: invitations and advice before recent meetings (85% at
	 * least 2 weeks ahead); for amendments, the proposed amendments with the
	 * decision (80%) or later, the final amended plan mostly within 8 weeks */
	day_t inv = DATE_NONE, adv = DATE_NONE, amend = DATE_NONE, final = DATE_NONE;
	if (meeting >= g->today - 730) {
		inv = meeting - (rng_p(&g->c, 8500) ? rng_range(&g->c, 14, 35) : rng_range(&g->c, 3, 13));
		adv = meeting - (rng_p(&g->c, 8000) ? rng_range(&g->c, 14, 21) : rng_range(&g->c, 2, 13));
		if (inv > g->today)
			inv = DATE_NONE;
		if (adv > g->today)
			adv = DATE_NONE;
	}
	if (outcome && outcome[0] == 'A' && decision != DATE_NONE) {
		amend = rng_p(&g->c, 8000) ? decision : decision + rng_range(&g->c, 1, 20);
		int r = (int)rng_below(&g->c, 10000);
		final = amend + (r < 7000 ? rng_range(&g->c, 15, 56) : r < 9500 ? rng_range(&g->c, 57, 120) : 100000);
		if (amend > g->today)
			amend = final = DATE_NONE;
		if (final > g->today)
			final = DATE_NONE;
	}
	db_stmt *s = db_prepare(g->d, "INSERT INTO reviews(plan_id,meeting_date,decision_date,outcome,invitations_sent,"
	                              "advice_circulated,amendments_sent,final_amended_date) VALUES(?,?,?,?,?,?,?,?)");
	if (s) {
		db_bind_int(s, 1, plan);
		bind_date(s, 2, meeting);
		bind_date(s, 3, decision);
		db_bind_text(s, 4, outcome);
		bind_date(s, 5, inv);
		bind_date(s, 6, adv);
		bind_date(s, 7, amend);
		bind_date(s, 8, final);
	}
	return run(g, s, "insert review", 0) < 0 ? -1 : 0;
}

/* Advice for an assessment (regs 6, 8): the services asked, each within 6
 * weeks of the request for it 60% of the time (assumed; Kingston's impact
 * report shows 40-90% by service), later 35%, not yet back 5% (only
 * recent).  Nothing arrives after `by` (the draft), or today. */
static int gen_advice(struct gen *g, int64_t rid, int64_t pid, day_t from, day_t by)
{
	static const struct { const char *svc; int per10k; } asked[] = {
		{"EP", 10000}, {"SENCO", 9000}, {"PAED", 8000}, {"SALT", 5000}, {"SC", 4000}, {"OT", 2000}, {"CAMHS", 1000},
	};
	if (from == DATE_NONE || from > g->today)
		return 0;
	for (size_t i = 0; i < NELEM(asked); i++) {
		if (!rng_p(&g->c, asked[i].per10k))
			continue;
		day_t req = from + rng_range(&g->c, 0, 7), got;
		if (req > g->today)
			req = g->today;
		int r = (int)rng_below(&g->c, 10000);
		got = req + (r < 6000 ? rng_range(&g->c, 14, 42) : rng_range(&g->c, 43, 90));
		if (by != DATE_NONE && got > by)
			got = by > req ? by : req;
		if (got > g->today || (r >= 9500 && req > g->today - 120))
			got = DATE_NONE;
		db_stmt *s = db_prepare(g->d, "INSERT INTO advice_requests(request_id,person_id,service,requested_date,received_date) "
		                              "VALUES(?,?,?,?,?)");
		if (s) {
			db_bind_int(s, 1, rid);
			db_bind_int(s, 2, pid);
			db_bind_text(s, 3, asked[i].svc);
			bind_date(s, 4, req);
			bind_date(s, 5, got);
		}
		if (run(g, s, "insert advice request", 0) < 0)
			return -1;
	}
	return 0;
}

/* An exception episode inside an assessment (assumed: 10% of late assessments). */
static int gen_exception(struct gen *g, int64_t pid, day_t received, day_t until)
{
	if (until == DATE_NONE || until - received < 60)
		return 0;
	int personal = rng_p(&g->c, 6000);
	day_t start = received + rng_range(&g->c, 10, (until - received) / 2);
	day_t end = start + (personal ? rng_range(&g->c, 14, 60) : rng_range(&g->c, 28, 56));
	if (start > g->today)
		return 0;
	if (end > g->today)
		end = DATE_NONE;
	db_stmt *s = db_prepare(g->d, "INSERT INTO clock_exceptions(person_id,reason,start_date,end_date,told_date,note) "
	                              "VALUES(?,?,?,?,?,?)");
	if (s) {
		db_bind_int(s, 1, pid);
		db_bind_text(s, 2, personal ? "personal_circumstances" : "absence_from_area");
		bind_date(s, 3, start);
		bind_date(s, 4, end);
		bind_date(s, 5, start + 7 > g->today ? g->today : start + 7);
		db_bind_text(s, 6, personal ? "Family bereavement; the family asked for the assessment to pause"
		                            : "Family abroad for more than 4 weeks");
	}
	return run(g, s, "insert exception", 0) < 0 ? -1 : 0;
}

/* Phase transfers for an active plan: the one just made (recorded, final on
 * time 85%) and the next (recorded for 35%, finalised early for some). */
static int gen_phase(struct gen *g, int64_t plan, day_t dob, day_t issue, const char *phase)
{
	const struct clock_settings *cs = casefile_settings();
	int next = phase_next_year(cs, g->today);
	for (int T = next - 2; T <= next; T++) {   /* two past years (the dashboard's year and the one before), and the next */
		enum phase_kind k = T < next ? phase_transfer_for(dob, T, NULL, NCY_NONE) : phase_transfer_for(dob, T, phase, NCY_NONE);
		if (k == PT_NONE)
			continue;
		day_t due = phase_deadline(cs, k, T), final = DATE_NONE;
		if (due == DATE_NONE || issue > due - 30)
			continue;
		if (T < next) {
			if (!rng_p(&g->c, 9000))
				continue;
			final = due - (rng_p(&g->c, 8500) ? rng_range(&g->c, 0, 60) : -rng_range(&g->c, 1, 60));
		} else {
			if (!rng_p(&g->c, 3500))
				continue;
			if (rng_p(&g->c, 3000) && g->today - 45 > due - 365)
				final = g->today - rng_range(&g->c, 0, 45);
		}
		if (final != DATE_NONE && final > g->today)
			final = g->today;
		db_stmt *s = db_prepare(g->d, "INSERT INTO phase_transfers(plan_id,kind,transfer_year,final_date) VALUES(?,?,?,?)");
		if (s) {
			db_bind_int(s, 1, plan);
			db_bind_text(s, 2, phase_kind_code(k));
			db_bind_int(s, 3, T);
			bind_date(s, 4, final);
		}
		if (run(g, s, "insert phase transfer", 0) < 0)
			return -1;
	}
	return 0;
}

/* 3% of active plans came from another LA (reg 15): the date, and the
 * letter to the family, within 6 weeks 80% of the time (assumed). */
static int gen_transfer_in(struct gen *g, int64_t plan, day_t issue)
{
	if (!rng_p(&g->c, 300) || g->nola == 0 || issue > g->today - 60)
		return 0;
	day_t t = issue + rng_range(&g->c, 30, 700);
	if (t > g->today - 1)
		t = g->today - 1;
	int r = (int)rng_below(&g->c, 10000);
	day_t letter = r < 8000 ? t + rng_range(&g->c, 7, 42) : r < 9500 ? t + rng_range(&g->c, 43, 80) : DATE_NONE;
	if (letter != DATE_NONE && letter > g->today)
		letter = DATE_NONE;
	db_stmt *s = db_prepare(g->d, "UPDATE plans SET transfer_in_la=?, transfer_in_date=?, transfer_letter_date=? WHERE id=?");
	if (s) {
		db_bind_text(s, 1, g->ola[rng_below(&g->c, (uint32_t)g->nola)]);
		bind_date(s, 2, t);
		bind_date(s, 3, letter);
		db_bind_int(s, 4, plan);
	}
	return run(g, s, "set transfer in", 0) < 0 ? -1 : 0;
}

/* The area's summer closures (schools closed 23 July to 2 September), and
 * weekly panels to decide whether to assess and fortnightly ones to decide
 * whether to issue, with the cases decided at each. */
static int gen_closures_and_panels(struct gen *g)
{
	int y, m, d;
	date_to_ymd(g->today, &y, &m, &d);
	for (int yr = y - 3; yr <= y; yr++) {
		day_t a, b;
		if (date_from_ymd(yr, 7, 23, &a) < 0 || date_from_ymd(yr, 9, 2, &b) < 0)
			continue;
		char desc[40];
		snprintf(desc, sizeof desc, "Summer holiday %d", yr);
		db_stmt *s = db_prepare(g->d, "INSERT INTO closures(establishment_id,start_date,end_date,description) VALUES(NULL,?,?,?)");
		if (s) {
			bind_date(s, 1, a);
			bind_date(s, 2, b);
			db_bind_text(s, 3, desc);
		}
		if (run(g, s, "insert closure", 0) < 0)
			return -1;
	}
	/* Thursdays from 10 weeks ago to 2 weeks ahead */
	day_t thu = g->today - ((date_weekday(g->today) - 3 + 7) % 7) - 70;
	for (int w = 0; w <= 12; w++, thu += 7) {
		for (int k = 0; k < 2; k++) {
			if (k == 1 && w % 2)
				continue;
			db_stmt *s = db_prepare(g->d, "INSERT INTO panels(kind,meeting_date,title) VALUES(?,?,?) RETURNING id");
			if (s) {
				db_bind_text(s, 1, k ? "issue" : "assess");
				bind_date(s, 2, thu);
				db_bind_text(s, 3, k ? "EHC plan panel" : "SEN assessment panel");
			}
			int64_t pid = run(g, s, "insert panel", 1);
			if (pid < 0)
				return -1;
			char from[11], to[11], booked[11];
			date_format_iso(thu, from);
			date_format_iso(thu + 6, to);
			date_format_iso(thu - 21, booked);
			/* each in its table's order, said (SQLite's scan), so the cases' ids are the same in every store */
			if (thu <= g->today) {
				/* decided at this panel: the family told within the week after it */
				s = db_prepare(g->d, k ?
					"INSERT INTO panel_cases(panel_id,person_id,request_id,decision) "
					"SELECT ?1, q.person_id, q.id, CASE a.outcome WHEN 'Y' THEN 'agree' ELSE 'decline' END "
					"FROM assessments a JOIN requests q ON q.id=a.request_id WHERE a.outcome IN ('Y','N') "
					"AND a.outcome_date BETWEEN ?2 AND ?3 ORDER BY a.id ON CONFLICT DO NOTHING" :
					"INSERT INTO panel_cases(panel_id,person_id,request_id,decision) "
					"SELECT ?1, q.person_id, q.id, CASE q.outcome WHEN 'Y' THEN 'agree' ELSE 'decline' END "
					"FROM requests q WHERE q.outcome IN ('Y','N') AND q.outcome_date BETWEEN ?2 AND ?3 "
					"ORDER BY q.id ON CONFLICT DO NOTHING");
			} else if (k == 0) {
				/* booked: requests waiting three weeks or more for a decision */
				s = db_prepare(g->d,
					"INSERT INTO panel_cases(panel_id,person_id,request_id) SELECT ?1, q.person_id, q.id FROM requests q "
					"WHERE q.outcome IS NULL AND q.received_date<=?4 AND NOT EXISTS(SELECT 1 FROM panel_cases c "
					"WHERE c.request_id=q.id) ORDER BY q.id ON CONFLICT DO NOTHING");
			} else {
				continue;
			}
			if (s) {
				db_bind_int(s, 1, pid);
				if (thu <= g->today) {
					db_bind_text(s, 2, from);
					db_bind_text(s, 3, to);
				} else {
					db_bind_text(s, 4, booked);
				}
			}
			if (run(g, s, "insert panel cases", 0) < 0)
				return -1;
		}
	}
	return 0;
}

/* Annual reviews up to `end`.  An overdue plan stops before the review that
 * would bring it up to date (sometimes with that meeting held but no
 * decision yet).  With cease_c the last review before `end` decides C.
 * Returns the last decision date (DATE_NONE if none) in *last. */
static int gen_reviews(struct gen *g, int64_t plan, day_t issue, day_t end, int overdue, int cease_c, day_t *last)
{
	*last = DATE_NONE;
	for (;;) {
		day_t due = review_next_due(casefile_settings(), issue, *last);
		if (due == DATE_NONE || due >= end)
			return 0;
		day_t prev = *last != DATE_NONE ? *last : issue;
		day_t meeting = due - rng_range(&g->r, 7, 56);
		if (meeting < prev + 150)
			meeting = prev + 150;
		day_t decision = meeting + (rng_p(&g->r, 4500) ? rng_range(&g->r, 2, 28) : rng_range(&g->r, 29, 100));
		if (decision > end)
			decision = end;
		int final = review_next_due(casefile_settings(), issue, decision) >= end;
		if (final && overdue) {
			if (meeting <= end && rng_p(&g->r, 3500))
				return insert_review(g, plan, meeting, DATE_NONE, NULL);
			return 0;
		}
		const char *outcome = final && cease_c ? "C" : rng_p(&g->r, 6200) ? "A" : "M";
		if (insert_review(g, plan, meeting, decision, outcome) < 0)
			return -1;
		*last = decision;
	}
}

static int set_plan_reviews(struct gen *g, int64_t plan, day_t last, day_t next)
{
	db_stmt *s = db_prepare(g->d, "UPDATE plans SET last_review_date=?, next_review_due=? WHERE id=?");
	if (s) {
		bind_date(s, 1, last);
		bind_date(s, 2, next);
		db_bind_int(s, 3, plan);
	}
	return run(g, s, "update plan reviews", 0) < 0 ? -1 : 0;
}

static int insert_named(struct gen *g, int64_t plan, const struct slot *sl)
{
	db_stmt *s = db_prepare(g->d, "INSERT INTO named_settings(plan_id,establishment_id,setting_code,rank,sen_unit,"
	                              "resourced_provision) VALUES(?,?,?,1,?,?)");
	if (s) {
		db_bind_int(s, 1, plan);
		if (sl->est >= 0) {
			db_bind_int(s, 2, g->est[sl->est].id);
			db_bind_null(s, 3);
		} else {
			db_bind_null(s, 2);
			db_bind_text(s, 3, settings[sl->setting].code);
		}
		db_bind_int(s, 4, sl->sen_unit);
		db_bind_int(s, 5, sl->rp);
	}
	return run(g, s, "insert named setting", 0) < 0 ? -1 : 0;
}

static int insert_allocation(struct gen *g, const struct person *p, day_t start, day_t end)
{
	db_stmt *s = db_prepare(g->d, "INSERT INTO allocations(person_id,user_id,start_date,end_date) VALUES(?,?,?,?)");
	if (s) {
		db_bind_int(s, 1, p->id);
		db_bind_int(s, 2, g->cw_id[p->cw]);
		bind_date(s, 3, start);
		bind_date(s, 4, end);
	}
	return run(g, s, "insert allocation", 0) < 0 ? -1 : 0;
}

static int gen_notes(struct gen *g, const struct person *p)
{
	if (!rng_p(&g->r, 3500))
		return 0;
	int n = rng_range(&g->r, 1, 3);
	day_t days[3];
	for (int i = 0; i < n; i++)
		days[i] = rand_day(g, p->first, g->today);
	for (int i = 1; i < n; i++)  /* chronological ids */
		for (int j = i; j > 0 && days[j] < days[j - 1]; j--) {
			day_t t = days[j];
			days[j] = days[j - 1];
			days[j - 1] = t;
		}
	for (int i = 0; i < n; i++) {
		char ts[48];
		timestamp(g, days[i], ts, sizeof ts);
		db_stmt *s = db_prepare(g->d, "INSERT INTO notes(person_id,author_id,created_at,body) VALUES(?,?,?,?)");
		if (s) {
			db_bind_int(s, 1, p->id);
			db_bind_int(s, 2, g->cw_id[p->cw]);
			db_bind_text(s, 3, ts);
			db_bind_text(s, 4, note_bodies[rng_below(&g->r, NELEM(note_bodies))]);
		}
		if (run(g, s, "insert note", 0) < 0)
			return -1;
	}
	return 0;
}

enum { VISIT_RECENT, VISIT_OLD, VISIT_NEVER };

static int gen_visits(struct gen *g, const struct person *p, const struct slot *sl, day_t start, int cat)
{
	if (cat == VISIT_NEVER)
		return 0;
	day_t last;
	if (cat == VISIT_OLD) {
		day_t lo = g->today - 900 > start ? g->today - 900 : start;
		last = rand_day(g, lo, g->year_ago - 5);
	} else {
		day_t lo = g->year_ago + 1 > start ? g->year_ago + 1 : start;
		last = rand_day(g, lo, g->today);
	}
	if (last < start)
		last = start;
	day_t days[8];
	int n = 0;
	for (day_t v = last; v >= start && n < 8; v -= rng_range(&g->r, 90, 210))
		days[n++] = v;
	for (int i = n - 1; i >= 0; i--) {
		db_stmt *s = db_prepare(g->d, "INSERT INTO visits(placement_id,person_id,visit_date,visit_type,outcome,"
		                              "visitor,summary) VALUES(?,?,?,?,?,?,?)");
		if (s) {
			db_bind_int(s, 1, sl->id);
			db_bind_int(s, 2, p->id);
			bind_date(s, 3, days[i]);
			db_bind_text(s, 4, w_visit_type[pick_wcode(&g->r, w_visit_type, NELEM(w_visit_type))].code);
			db_bind_text(s, 5, w_visit_outcome[pick_wcode(&g->r, w_visit_outcome, NELEM(w_visit_outcome))].code);
			db_bind_text(s, 6, g->cw_name[p->cw]);
			db_bind_text(s, 7, visit_summaries[rng_below(&g->r, NELEM(visit_summaries))]);
		}
		if (run(g, s, "insert visit", 0) < 0)
			return -1;
	}
	if (days[0] < g->year_ago)
		g->st.visit_old++;
	return 0;
}

/* Current (or, for a ceased plan, last) placement and the one before it.
 * end = DATE_NONE for a current placement.  ub = latest start. */
static int gen_placements(struct gen *g, const struct person *p, struct slot *cur, struct slot *prev,
                          day_t ub, day_t end, day_t *cur_start)
{
	memset(prev, 0, sizeof *prev);
	prev->est = -1;
	*cur_start = DATE_NONE;
	if (cur->setting == S_NONE) {
		/* no current placement; most had one that ended */
		day_t ended = end != DATE_NONE ? end : g->today - rng_range(&g->r, 14, 200);
		if (ended > p->dob + 400 && rng_p(&g->r, 6000))
			return earlier_placement(g, p->id, p->dob, ended, prev);
		return 0;
	}
	day_t lb = slot_min_start(cur, g, p->dob);
	if (lb > ub)
		lb = p->dob + (ub - p->dob) / 2;
	day_t lo = ub - 2500 > lb ? ub - 2500 : lb;
	day_t start = rand_day(g, lo, ub);
	if (cur->est >= 0 && rng_p(&g->r, 7000))
		start = snap_september(start, lb);
	*cur_start = start;
	if (rng_p(&g->r, 4000) && start - 60 > p->dob + 400)
		if (earlier_placement(g, p->id, p->dob, start - 1, prev) < 0)
			return -1;
	return insert_placement(g, p->id, cur, start, end);
}

/* ---- the three kinds of people ----------------------------------------- */

static int gen_active(struct gen *g, struct person *p)
{
	p->kind = 0;
	p->age = pick(&g->r, w_age_caseload, 26);
	p->dob = dob_for_age(g, g->today, p->age, g->today - 200);
	p->male = rng_p(&g->r, 7060);
	p->cw = (int)rng_below(&g->r, (uint32_t)g->ncw);
	struct slot cur;
	fill_slot(g, &cur, pick(&g->r, w_set_active[age_band(p->age)], S_N), p->age, 0, 1);
	p->setting = cur.setting;
	int visitable = slot_out(g, &cur) || cur.residential || cur.setting == S_EHE;
	int vcat = VISIT_RECENT;
	if (visitable) {
		int r = (int)rng_below(&g->r, 10000);
		/* 23% drawn: some placements are too recent, which leaves ~20% */
		vcat = r < 500 ? VISIT_NEVER : r < 2800 ? VISIT_OLD : VISIT_RECENT;
		/* a last visit over a year ago needs a placement that old */
		if (vcat == VISIT_OLD && slot_min_start(&cur, g, p->dob) > g->today - 400)
			vcat = VISIT_RECENT;
	}
	struct plan_dates pd;
	plan_dates(g, p->dob, p->age, g->today - 1, &pd);
	p->first = pd.received;
	if (insert_person(g, p) < 0 || gen_needs(g, p->id, cur.setting) < 0)
		return -1;
	int64_t rid = insert_request(g, p->id, pd.received, "Y", pd.req_outcome);
	if (rid < 0 || insert_assessment(g, rid, "Y", issue_decision(g, &pd)) < 0)
		return -1;
	int64_t plan = insert_plan(g, p->id, rid, &pd, DATE_NONE, NULL);
	if (plan < 0)
		return -1;
	if (pd.received > g->today - 3 * 365 && gen_advice(g, rid, p->id, pd.req_outcome, pd.draft) < 0)
		return -1;
	if (pd.issue - pd.received > 140 && pd.received > g->today - 3 * 365 && rng_p(&g->c, 1000) &&
	    gen_exception(g, p->id, pd.received, pd.issue) < 0)
		return -1;
	if (gen_transfer_in(g, plan, pd.issue) < 0)
		return -1;
	if (pd.issue > years_after(g->today, -3)) {
		g->st.issued3y++;
		g->st.within20 += pd.issue - pd.received <= 140;
	}

	/* placements: an old-visit placement must have started over a year ago */
	struct slot prev;
	day_t start, ub = g->today - 1;
	if (vcat == VISIT_OLD)
		ub = g->today - 400;
	if (gen_placements(g, p, &cur, &prev, ub, DATE_NONE, &start) < 0)
		return -1;
	if (gen_phase(g, plan, p->dob, pd.issue, cur.est >= 0 ? est_kinds[g->est[cur.est].kind].phase : NULL) < 0)
		return -1;
	g->st.active_placed += cur.setting != S_NONE;
	g->st.active_out += slot_out(g, &cur);
	g->st.residential += cur.residential != NULL;
	if (visitable) {
		g->st.visitable++;
		g->st.visit_never += vcat == VISIT_NEVER;
		if (gen_visits(g, p, &cur, start, vcat) < 0)
			return -1;
	}

	/* named setting: the current placement; AWAIT names the special school
	 * awaited; no placement names the last one, if any */
	struct slot named = cur;
	if (cur.setting == S_AWAIT) {
		named.est = choose_est(g, ET_SP, 0);
		named.sen_unit = named.rp = 0;
	} else if (cur.setting == S_NONE) {
		named = prev;
	}
	if ((named.setting != S_NONE || named.est >= 0) && (named.est >= 0 || settings[named.setting].code))
		if (insert_named(g, plan, &named) < 0)
			return -1;

	/* reviews: overdue for ~12% of all plans, i.e. ~14.5% of those with a
	 * review already due */
	day_t first_due = review_next_due(casefile_settings(), pd.issue, DATE_NONE);
	int overdue = first_due < g->today && rng_p(&g->r, 1450);
	day_t last;
	if (gen_reviews(g, plan, pd.issue, g->today, overdue, 0, &last) < 0)
		return -1;
	day_t next = review_next_due(casefile_settings(), pd.issue, last);
	if (set_plan_reviews(g, plan, last, next) < 0)
		return -1;
	g->st.overdue += next < g->today;

	day_t astart = pd.received + rng_range(&g->r, 0, 10);
	if (insert_allocation(g, p, astart > g->today ? g->today : astart, DATE_NONE) < 0)
		return -1;
	g->st.active++;
	return gen_notes(g, p);
}

enum { DK_AWAITING, DK_REFUSED, DK_ASSESSING, DK_NOT_ISSUED, DK_WITHDRAWN };
static const int w_request_kind[] = {1500, 2700, 4000, 1200, 600};

static int gen_request_only(struct gen *g, struct person *p)
{
	p->kind = 1;
	int k = pick(&g->r, w_request_kind, NELEM(w_request_kind));
	day_t received;
	switch (k) {
	case DK_AWAITING: received = g->today - rng_range(&g->r, 0, 41); break;
	case DK_REFUSED: received = g->today - rng_range(&g->r, 50, 1095); break;
	case DK_ASSESSING: received = g->today - rng_range(&g->r, 43, 200); break;
	case DK_NOT_ISSUED: received = g->today - rng_range(&g->r, 140, 1095); break;
	default: received = g->today - rng_range(&g->r, 20, 1095); break;
	}
	int age_req = pick(&g->r, w_age_request, 26);
	p->dob = dob_for_age(g, received, age_req, received - 60);
	p->age = date_age_on(p->dob, g->today);
	p->male = rng_p(&g->r, 6430);
	p->cw = (int)rng_below(&g->r, (uint32_t)g->ncw);
	p->first = received;
	struct slot cur;
	int band = age_band(p->age);
	fill_slot(g, &cur, pick(&g->r, w_set_request[band], S_N), p->age, 1, 0);
	p->setting = cur.setting;
	if (insert_person(g, p) < 0)
		return -1;

	day_t dec = received + (rng_p(&g->r, 8500) ? rng_range(&g->r, 14, 42) : rng_range(&g->r, 43, 84));
	if (dec > g->today)
		dec = g->today;
	int64_t rid;
	switch (k) {
	case DK_AWAITING:
		rid = insert_request(g, p->id, received, NULL, DATE_NONE);
		break;
	case DK_REFUSED:
		rid = insert_request(g, p->id, received, "N", dec);
		break;
	case DK_WITHDRAWN: {
		day_t w = received + rng_range(&g->r, 5, 60);
		rid = insert_request(g, p->id, received, "W", w > g->today ? g->today : w);
		break;
	}
	case DK_ASSESSING:
		if (dec > g->today - 1)
			dec = g->today - 1;
		rid = insert_request(g, p->id, received, "Y", dec);
		if (rid >= 0 && insert_assessment(g, rid, NULL, DATE_NONE) < 0)
			return -1;
		if (rid >= 0 && gen_advice(g, rid, p->id, dec, DATE_NONE) < 0)
			return -1;
		if (rid >= 0 && rng_p(&g->c, 500) && gen_exception(g, p->id, received, g->today) < 0)
			return -1;
		break;
	default: {
		day_t a = received + (rng_p(&g->r, 3400) ? rng_range(&g->r, 84, 112) : rng_range(&g->r, 113, 200));
		if (a > g->today)
			a = g->today;
		if (dec > a)
			dec = a;
		rid = insert_request(g, p->id, received, "Y", dec);
		if (rid >= 0 && insert_assessment(g, rid, "N", a) < 0)
			return -1;
		if (rid >= 0 && gen_advice(g, rid, p->id, dec, a) < 0)
			return -1;
		break;
	}
	}
	if (rid < 0)
		return -1;
	struct slot prev;
	day_t start;
	if (gen_placements(g, p, &cur, &prev, g->today - 1, DATE_NONE, &start) < 0)
		return -1;
	day_t astart = received + rng_range(&g->r, 0, 10);
	if (insert_allocation(g, p, astart > g->today ? g->today : astart, DATE_NONE) < 0)
		return -1;
	g->st.requests++;
	return gen_notes(g, p);
}

static int gen_ceased(struct gen *g, struct person *p)
{
	p->kind = 2;
	day_t cease = g->today - rng_range(&g->r, 1, 3 * 365);
	int ri = pick_wcode(&g->r, w_cease, NELEM(w_cease));
	const char *reason = w_cease[ri].code;
	int age;
	switch (reason[0]) {
	case '1': age = 25; break;
	case '3': age = rng_range(&g->r, 18, 22); break;
	case '4': age = rng_range(&g->r, 17, 24); break;
	case '6': age = 16 + pick(&g->r, w_age_cease6, NELEM(w_age_cease6)); break;
	default:
		age = pick(&g->r, w_age_caseload, 26);
		if (age < 1)
			age = 1;
		break;
	}
	p->dob = dob_for_age(g, cease, age, cease - 365);
	p->age = date_age_on(p->dob, g->today);
	p->male = rng_p(&g->r, 7060);
	p->cw = (int)rng_below(&g->r, (uint32_t)g->ncw);
	struct slot cur;
	fill_slot(g, &cur, pick(&g->r, w_set_active[age_band(age)], S_N), age, 0, 1);
	p->setting = cur.setting;
	struct plan_dates pd;
	plan_dates(g, p->dob, age, cease - 90, &pd);
	p->first = pd.received;
	if (insert_person(g, p) < 0 || gen_needs(g, p->id, cur.setting) < 0)
		return -1;
	int64_t rid = insert_request(g, p->id, pd.received, "Y", pd.req_outcome);
	if (rid < 0 || insert_assessment(g, rid, "Y", issue_decision(g, &pd)) < 0)
		return -1;
	int64_t plan = insert_plan(g, p->id, rid, &pd, cease, reason);
	if (plan < 0)
		return -1;
	struct slot prev;
	day_t start;
	if (gen_placements(g, p, &cur, &prev, cease - 30, cease, &start) < 0)
		return -1;
	struct slot named = cur.setting == S_NONE ? prev : cur;
	if (named.setting == S_AWAIT) {
		named.est = choose_est(g, ET_SP, 0);
		named.sen_unit = named.rp = 0;
	}
	if ((named.setting != S_NONE || named.est >= 0) && (named.est >= 0 || settings[named.setting].code))
		if (insert_named(g, plan, &named) < 0)
			return -1;
	int cease_c = strchr("12346", reason[0]) != NULL && rng_p(&g->r, 6000);
	day_t last;
	if (gen_reviews(g, plan, pd.issue, cease, 0, cease_c, &last) < 0)
		return -1;
	if (set_plan_reviews(g, plan, last, DATE_NONE) < 0)
		return -1;
	day_t astart = pd.received + rng_range(&g->r, 0, 10);
	if (insert_allocation(g, p, astart, cease) < 0)
		return -1;
	g->st.ceased++;
	return gen_notes(g, p);
}

/* ---- entry point ------------------------------------------------------------ */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double pct(int n, int of)
{
	return of ? 100.0 * n / of : 0.0;
}

static int generate(struct gen *g, const struct demo_opts *o)
{
	double t0 = now_s();
	if (check_codes(g) < 0)
		return -1;
	int64_t n = db_scalar_int(g->d, "SELECT COUNT(*) FROM people", -1);
	if (n < 0)
		return fail(g, "reading the people table (is the database migrated?)");
	if (n > 0)
		return failmsg(g, "the database already has people in it; demo data goes only into an empty database");
	if (gen_users(g, o->plans) < 0)
		return -1;
	if (!o->quiet)
		fprintf(stderr, "demo: %d users (password \"%s\") in %.1f s\n", g->st.users, DEMO_PASSWORD,
		        now_s() - t0);
	if (gen_establishments(g, o->plans) < 0)
		return -1;

	int nreq = (int)((int64_t)o->plans * 35 / 100), nceased = (int)((int64_t)o->plans * 21 / 100);
	int total = o->plans + nreq + nceased;
	unsigned char *kinds = malloc(total > 0 ? (size_t)total : 1);
	if (!kinds)
		return failmsg(g, "out of memory");
	for (int i = 0; i < total; i++)
		kinds[i] = i < o->plans ? 0 : i < o->plans + nreq ? 1 : 2;
	for (int i = total - 1; i > 0; i--) {
		int j = (int)rng_below(&g->r, (uint32_t)i + 1);
		unsigned char t = kinds[i];
		kinds[i] = kinds[j];
		kinds[j] = t;
	}
	for (int i = 0; i < total; i++) {
		struct person p;
		memset(&p, 0, sizeof p);
		int rc = kinds[i] == 0 ? gen_active(g, &p) : kinds[i] == 1 ? gen_request_only(g, &p) : gen_ceased(g, &p);
		if (rc < 0 || g->failed) {
			free(kinds);
			return failmsg(g, "generation failed");
		}
		if (!o->quiet && (i + 1) % 10000 == 0)
			fprintf(stderr, "demo: %d of %d people\n", i + 1, total);
	}
	free(kinds);
	if (gen_closures_and_panels(g) < 0 || gen_partners(g) < 0)
		return -1;
	/* the plans' content (demo_plan.c): every plan's in an area of up to DEMO_CONTENT_MAX plans */
	double tc = now_s();
	if (demo_plan_content(g->d, o->seed, g->today, DEMO_CONTENT_MAX, g->err, g->errlen) < 0) {
		g->failed = 1;
		return -1;
	}
	if (!o->quiet)
		fprintf(stderr, "demo: the plans' content (sections A-K) in %.1f s\n", now_s() - tc);
	/* the stored review dates are the clock's (transfers in, the area's conventions) */
	if (clockstore_all(g->d, g->today, NULL, NULL) < 0 || clockstore_record(g->d) < 0)
		return fail(g, "storing the statutory clock");
	if (!o->quiet) {
		const struct stats *st = &g->st;
		fprintf(stderr,
		        "demo: %d active plans, %d requests only, %d ceased plans, %d people, %d establishments, "
		        "%d users in %.1f s\n"
		        "demo: out of area %.1f%% of active plans, residential %.1f%%, reviews overdue %.1f%%, "
		        "issued within 20 weeks %.1f%% (last 3 years), visits: %d due, %.1f%% last over 12 months ago, "
		        "%.1f%% never\n",
		        st->active, st->requests, st->ceased, st->people, g->nest, st->users, now_s() - t0,
		        pct(st->active_out, st->active), pct(st->residential, st->active), pct(st->overdue, st->active),
		        pct(st->within20, st->issued3y), st->visitable, pct(st->visit_old, st->visitable),
		        pct(st->visit_never, st->visitable));
	}
	return 0;
}

/* The example improvement plan (data/plans/thurrock-wsoa.json, compiled in), and
 * one review point in the demo area's own time, January of this year (or last),
 * its ratings carried forward: the plan's measures then have records to count. */
extern const char plan_example[];
extern const unsigned long plan_example_len;

static int demo_plan(db *d, day_t today, char *err, size_t errlen)
{
	buf errs = BUF_INIT;
	int64_t id;
	long long now = (long long)today * 86400 + 9 * 3600;
	struct actor who = {0, now, today, NULL};
	int rc = ip_import_json(d, &who, plan_example, plan_example_len, &id, &errs);
	if (rc) {
		snprintf(err, errlen, "demo: the example improvement plan did not load: %.200s",
		         rc > 0 ? buf_cstr(&errs) : db_errmsg(d));
		buf_free(&errs);
		return -1;
	}
	buf_free(&errs);
	int y, m, dd;
	date_to_ymd(today, &y, &m, &dd);
	day_t jan;
	date_from_ymd(y, 1, 31, &jan);
	if (jan > today)
		date_from_ymd(--y, 1, 31, &jan);
	char name[16];
	struct errs pe = {0};
	snprintf(name, sizeof name, "Jan %d", y % 10000);
	int found;
	struct ip_plan *p = ip_load(d, id, &found);
	int64_t period;
	rc = p ? ip_open_period(d, &who, p, name, jan, &period, &pe) : -1;
	ip_free(p);
	if (rc) {
		snprintf(err, errlen, "demo: the example plan's review point %s could not be opened (%s)", name,
		         rc > 0 && pe.n ? pe.e[0].msg : db_errmsg(d));
		return -1;
	}
	return 0;
}

int demo_generate(db *d, const struct demo_opts *o, char *err, size_t errlen)
{
	struct gen g;
	char why[128];
	memset(&g, 0, sizeof g);
	g.d = d;
	g.err = err;
	g.errlen = errlen;
	if (errlen)
		err[0] = 0;
	if (!o || o->plans < 0 || o->plans > 1000000) {
		snprintf(err, errlen, "demo: plans must be 0 to 1,000,000");
		return -1;
	}
	if (o->today == DATE_NONE) {
		snprintf(err, errlen, "demo: today is not set");
		return -1;
	}
	if (validate_la_code(o->la_code ? o->la_code : "999", g.la, why, sizeof why) != 0) {
		snprintf(err, errlen, "demo: LA code %s", why);
		return -1;
	}
	for (int c = 990; c <= 998; c++) {
		char code[16];
		snprintf(code, sizeof code, "%d", c % 1000);
		if (strcmp(code, g.la) != 0)
			memcpy(g.ola[g.nola++], code, 4);
	}
	g.today = o->today;
	g.year_ago = date_add_months(o->today, -12);
	rng_seed(&g.r, o->seed);
	rng_seed(&g.c, o->seed ^ 0x5eed5c10c4ull);

	int rc = -1;
	if (db_begin(d) < 0) {
		snprintf(err, errlen, "demo: cannot start a transaction: %s", db_errmsg(d));
	} else if (generate(&g, o) < 0 || demo_family(d, o->seed, o->today, err, errlen) < 0 ||
	           demo_documents(d, o, err, errlen) < 0 || demo_surveys(d, o, err, errlen) < 0) {
		db_rollback(d);
	} else if (demo_records(d, o->seed, o->today, err, errlen) < 0) {   /* likely duplicates (issue 16) */
		db_rollback(d);
	} else if (db_commit(d) < 0) {
		snprintf(err, errlen, "demo: commit failed: %s", db_errmsg(d));
		db_rollback(d);
	} else {
		rc = demo_plan(d, o->today, err, errlen);
		if (rc == 0) {
			audit_echo(0);   /* a year of audits through the domain: their rows are written, not logged a line each */
			rc = demo_qa(d, o, err, errlen);   /* plan quality audits (issue 17): after the area is committed */
			audit_echo(1);
		}
	}
	free(g.est);
	for (int k = 0; k < ET_N; k++)
		for (int b = 0; b < 2; b++)
			free(g.bucket[k][b]);
	return rc;
}
