/* qa.h — quality assurance of EHC plans: the pure rules (issue 17;
 * docs/quality-assurance.md).
 *
 * DESIGN: no I/O.  The grading scales, the overall grade by a framework's
 * rule, which plan sections an auditor of each service grades, and the
 * stratified sample drawn from a recorded seed, so the same eligible plans
 * and the same seed always give the same sample (the domain stores the
 * seed and the strata counts; qa.c in src/domain reads the plans).
 */
#ifndef SENDMIS_CORE_QA_H
#define SENDMIS_CORE_QA_H
#include <stddef.h>
#include <stdint.h>

/* ---- scales and the overall grade ------------------------------------------- */

/* "four" (1 Inadequate … 4 Outstanding) or "eight" (1 … 8): the highest
 * grade, 0 if the scale is unknown. */
int qa_scale_top(const char *scale);
/* A grade's label: "Good", or "6" on the eight-point scale; NULL if the
 * grade is not on the scale. */
const char *qa_grade_label(const char *scale, int grade, char tmp[4]);

enum qa_rule { QA_RULE_WEIGHTED_MEAN, QA_RULE_LOWEST, QA_RULE_UNKNOWN };
enum qa_rule qa_rule_by_code(const char *code);   /* "weighted_mean", "lowest" */
/* The overall grade of n grades with their weights (>= 1; NULL: all 1):
 * the weighted mean rounded half up, or the lowest.  0 when n is 0. */
int qa_overall(enum qa_rule rule, const int *grades, const int *weights, int n);

/* ---- services and sections ------------------------------------------------ */

/* An auditor's service: "education", "health", "social_care".  Whether an
 * auditor of that service grades a criterion of `section` ("B", "H1",
 * "advice", "record"): education B E F I, health C G, social care D H1 H2,
 * and every service A J K, the advice and a case file's record.  An
 * auditor with no service (NULL or "") grades every section. */
int qa_service_grades(const char *service, const char *section);
int qa_service_valid(const char *service);
const char *qa_service_label(const char *service);

/* The key stage of a national curriculum year: "EY" (0 or below), "KS1"
 * (1-2), "KS2" (3-6), "KS3" (7-9), "KS4" (10-11), "Post-16" (12 and above). */
const char *qa_key_stage(int ncy);

/* ---- sampling ---------------------------------------------------------------- */

/* A reproducible generator (splitmix64), seeded from the sample's seed. */
uint64_t qa_rand_next(uint64_t *state);
/* Uniform in [0, n), n >= 1, without modulo bias. */
uint64_t qa_rand_below(uint64_t *state, uint64_t n);

/* One eligible plan: its id and its stratum (a small number the caller
 * gives each distinct team, phase and primary need). */
struct qa_candidate {
	int64_t id;
	int stratum;
};
/* How many to draw from each of nstrata strata holding eligible[s] plans.
 * pct >= 0: that percentage of each stratum, rounded up (so that a stratum
 * with plans is never left out when pct > 0).  pct < 0: `total` shared
 * across the strata in proportion to their size by largest remainder
 * (ties to the lower stratum), never more than a stratum holds. */
void qa_allocate(const int *eligible, int nstrata, int pct, int total, int *drawn);
/* Draws from c (n candidates, in any order): sorts c by (stratum, id), then
 * for each stratum picks drawn[stratum] of its plans by a partial
 * Fisher-Yates shuffle from `seed`, and moves the picked plans to the front
 * of c in stratum order.  Returns how many were picked. */
int qa_draw(struct qa_candidate *c, int n, const int *drawn, int nstrata, uint64_t seed);

#endif
