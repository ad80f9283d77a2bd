/* sen2.h — the DfE SEN2 person-level return as data (pure).
 *
 * DESIGN: every element the return can carry is one row of sen2_elements:
 * the block it belongs to, its tag, the first and last collection year it
 * is in, and its type.  The writer (domain/sen2export.c) writes a block's items
 * in table order and skips those not in the collection year, so a
 * correction from the DfE technical specification (a tag, an order, a
 * year) or next year's changes are edits to this table, not to code.  The
 * census dates are a table too (../shared/reference/sen2.md §1.1: "hold
 * them as a configurable table; do not compute them").  Tags and order
 * follow the reconstructed skeleton of sen2.md §5.1, which is not the XSD:
 * rows marked unconfirmed there are marked so here.
 */
#ifndef SENDMIS_SEN2_H
#define SENDMIS_SEN2_H
#include "core/date.h"

enum sen2_block {
	SB_COLLECTION, SB_SOURCE, SB_PERSON, SB_REQUEST, SB_ASSESSMENT, SB_NAMED_PLAN, SB_PLAN_DETAIL,
	SB_ACTIVE_PLANS, SB_PLACEMENT, SB_NEED, SB_N
};

/* Every item, across the blocks; a block's values are an array indexed by these. */
enum sen2_item {
	/* header */
	SI_COLLECTION, SI_YEAR, SI_REFERENCE_DATE, SI_SOURCE_LEVEL, SI_LEA, SI_SOFTWARE_CODE, SI_RELEASE, SI_SERIAL_NO,
	SI_DATE_TIME,
	/* person */
	SI_SURNAME, SI_FORENAME, SI_BIRTH_DATE, SI_SEX, SI_ETHNICITY, SI_POSTCODE, SI_UPN, SI_ULN, SI_UPN_UNKNOWN,
	/* request */
	SI_RECEIVED_DATE, SI_REQUEST_SOURCE, SI_RYA, SI_REQUEST_OUTCOME_DATE, SI_REQUEST_OUTCOME, SI_REQUEST_MEDIATION,
	SI_REQUEST_TRIBUNAL, SI_EXPORTED,
	/* assessment */
	SI_ASSESSMENT_OUTCOME, SI_ASSESSMENT_OUTCOME_DATE, SI_ASSESSMENT_MEDIATION, SI_ASSESSMENT_TRIBUNAL,
	SI_OTHER_MEDIATION, SI_OTHER_TRIBUNAL, SI_WEEK20,
	/* named plan */
	SI_START_DATE, SI_PLAN_RES, SI_PLAN_WBP, SI_PB, SI_OA, SI_DP, SI_CEASE_DATE, SI_CEASE_REASON,
	/* plan detail and placement detail (the setting) */
	SI_URN, SI_UKPRN, SI_SEN_SETTING, SI_SEN_SETTING_OTHER, SI_PLACEMENT_RANK, SI_ENTRY_DATE, SI_LEAVING_DATE,
	SI_SEN_UNIT, SI_RESOURCED, SI_RES, SI_WBP,
	/* active plans */
	SI_TRANSFER_LA, SI_REVIEW_MEETING, SI_REVIEW_OUTCOME, SI_REVIEW_DRAFT, SI_LAST_REVIEW, SI_PHASE_DUE,
	SI_PHASE_FINAL,
	/* SEN need */
	SI_SEN_TYPE, SI_SEN_TYPE_RANK,
	SI_N
};

struct sen2_element {
	enum sen2_block block;
	enum sen2_item item;
	const char *tag;
	int from, to;            /* collection years it is in; 0 = open-ended */
	char type;               /* 'D' date, 'B' flag 0/1, 'S' string or code, 'I' integer code */
	int unconfirmed;         /* sen2.md marks the tag, its place or its codes unconfirmed */
};

extern const struct sen2_element sen2_elements[];
extern const int sen2_elements_n;
extern const char *const sen2_block_tags[SB_N];   /* "CollectionDetails", "Source", "Person", "Requests", … */

/* Is the element in the collection year? */
int sen2_in_year(const struct sen2_element *e, int year);

/* The census dates (collection year, reference date). */
struct sen2_census {
	int year;
	const char *date;
};
extern const struct sen2_census sen2_census_dates[];
extern const int sen2_census_n;
/* The collection year whose census date is `day`, or -1. */
int sen2_year_of_census(day_t day);

/* sendmis's residential code (codes_residential: 38, 51, 52 weeks a year)
 * as the return's A/B for the collection year (RFC 1299: the meaning of A
 * and B changed in 2026); NULL when not residential or unknown. */
const char *sen2_residential(const char *weeks, int year);

/* ---- one person of the return, in memory ------------------------------------------
 * The export builds it from the register and the reader from a file; the
 * writer and the checks read it.  Blocks in document order, each with its
 * parent (the Person is node 0); values are copied into the person's arena.
 * Too many blocks or too much text sets `overflow` (never truncated
 * silently): the caller reports it. */
#define SEN2_MAX_NODES 160
#define SEN2_ARENA 32768

struct sen2_node {
	enum sen2_block block;
	int parent;              /* node index, -1 for the person */
	long line;               /* in the file it was read from, 0 if none */
	const char *v[SI_N];     /* NULL = not given */
};

struct sen2_person {
	long long id;            /* sendmis's person id (export), 0 */
	long index;              /* 1-based position in the file */
	int n, overflow;
	size_t used;
	struct sen2_node node[SEN2_MAX_NODES];
	char arena[SEN2_ARENA];
};

void sen2_person_reset(struct sen2_person *p);
/* A new block under parent (-1: the person); its index, or -1 with overflow set. */
int sen2_add(struct sen2_person *p, enum sen2_block b, int parent, long line);
/* Sets an item of a block; NULL or "" leaves it not given. */
void sen2_set(struct sen2_person *p, int node, enum sen2_item i, const char *s);
/* An item's value, "" when not given. */
const char *sen2_get(const struct sen2_person *p, int node, enum sen2_item i);
/* The NamedPlan an ActivePlans block (node k, under a Request) describes: the
 * one under the request's assessment with no CeaseDate, else the one that
 * ceased last (a plan ceased in the collection year still has its block, with
 * the placements attended while it was active: sen2.md §3.7); -1 if none. */
int sen2_active_plan_of(const struct sen2_person *p, int k);
/* The first day of the collection year's activity period: 1 January of the
 * year before the census. */
day_t sen2_period_start(int year);

/* The element row of a block's tag, or NULL. */
const struct sen2_element *sen2_element_of(enum sen2_block b, const char *tag);

#endif
