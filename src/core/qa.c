/* qa.c — quality assurance's pure rules (qa.h). */
#include "core/qa.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int qa_scale_top(const char *scale)
{
	if (!scale)
		return 0;
	if (strcmp(scale, "four") == 0)
		return 4;
	if (strcmp(scale, "eight") == 0)
		return 8;
	return 0;
}

const char *qa_grade_label(const char *scale, int grade, char tmp[4])
{
	int top = qa_scale_top(scale);
	if (grade < 1 || grade > top)
		return NULL;
	if (top == 4) {
		static const char *const four[] = {"Inadequate", "Requires improvement", "Good", "Outstanding"};
		return four[grade - 1];
	}
	snprintf(tmp, 4, "%d", grade);
	return tmp;
}

enum qa_rule qa_rule_by_code(const char *code)
{
	if (code && strcmp(code, "weighted_mean") == 0)
		return QA_RULE_WEIGHTED_MEAN;
	if (code && strcmp(code, "lowest") == 0)
		return QA_RULE_LOWEST;
	return QA_RULE_UNKNOWN;
}

int qa_overall(enum qa_rule rule, const int *grades, const int *weights, int n)
{
	if (n <= 0)
		return 0;
	if (rule == QA_RULE_LOWEST) {
		int lo = grades[0];
		for (int i = 1; i < n; i++)
			if (grades[i] < lo)
				lo = grades[i];
		return lo;
	}
	/* the weighted mean, rounded half up, in integers: (2*sum + W) / (2*W) */
	long long sum = 0, w = 0;
	for (int i = 0; i < n; i++) {
		int wi = weights && weights[i] > 0 ? weights[i] : 1;
		sum += (long long)grades[i] * wi;
		w += wi;
	}
	return (int)((2 * sum + w) / (2 * w));
}

static const char *const edu[] = {"B", "E", "F", "I", NULL};
static const char *const health[] = {"C", "G", NULL};
static const char *const social[] = {"D", "H1", "H2", NULL};
static const char *const every[] = {"A", "J", "K", "advice", "record", NULL};

static int in(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

int qa_service_valid(const char *service)
{
	return service && (strcmp(service, "education") == 0 || strcmp(service, "health") == 0 ||
	                   strcmp(service, "social_care") == 0);
}

const char *qa_service_label(const char *service)
{
	if (!service || !*service)
		return "Every service";
	if (strcmp(service, "education") == 0)
		return "Education";
	if (strcmp(service, "health") == 0)
		return "Health";
	if (strcmp(service, "social_care") == 0)
		return "Social care";
	return "Unknown";
}

int qa_service_grades(const char *service, const char *section)
{
	if (!section)
		return 0;
	if (!service || !*service || in(every, section))
		return 1;
	if (strcmp(service, "education") == 0)
		return in(edu, section);
	if (strcmp(service, "health") == 0)
		return in(health, section);
	if (strcmp(service, "social_care") == 0)
		return in(social, section);
	return 0;
}

const char *qa_key_stage(int ncy)
{
	if (ncy <= 0)
		return "EY";
	if (ncy <= 2)
		return "KS1";
	if (ncy <= 6)
		return "KS2";
	if (ncy <= 9)
		return "KS3";
	if (ncy <= 11)
		return "KS4";
	return "Post-16";
}

uint64_t qa_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint64_t qa_rand_below(uint64_t *state, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = qa_rand_next(state);
	while (x >= limit);
	return x % n;
}

void qa_allocate(const int *eligible, int nstrata, int pct, int total, int *drawn)
{
	long long sum = 0;
	for (int s = 0; s < nstrata; s++) {
		drawn[s] = 0;
		sum += eligible[s];
	}
	if (pct >= 0) {
		for (int s = 0; s < nstrata; s++)
			drawn[s] = (int)(((long long)eligible[s] * pct + 99) / 100);
		return;
	}
	if (total <= 0 || sum == 0)
		return;
	if (total >= sum) {
		for (int s = 0; s < nstrata; s++)
			drawn[s] = eligible[s];
		return;
	}
	/* floors, then the remaining one at a time to the largest remainders */
	int given = 0;
	for (int s = 0; s < nstrata; s++) {
		drawn[s] = (int)((long long)eligible[s] * total / sum);
		given += drawn[s];
	}
	while (given < total) {
		int best = -1;
		long long best_rem = -1;
		for (int s = 0; s < nstrata; s++) {
			if (drawn[s] >= eligible[s])
				continue;
			long long rem = (long long)eligible[s] * total - (long long)drawn[s] * sum;
			if (rem > best_rem) {
				best_rem = rem;
				best = s;
			}
		}
		if (best < 0)
			break;
		drawn[best]++;
		given++;
	}
}

static int by_stratum_id(const void *a, const void *b)
{
	const struct qa_candidate *x = a, *y = b;
	if (x->stratum != y->stratum)
		return x->stratum < y->stratum ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int qa_draw(struct qa_candidate *c, int n, const int *drawn, int nstrata, uint64_t seed)
{
	if (n <= 0)
		return 0;
	qsort(c, (size_t)n, sizeof *c, by_stratum_id);
	uint64_t st = seed;
	int out = 0;
	for (int i = 0; i < n;) {
		int s = c[i].stratum, j = i;
		while (j < n && c[j].stratum == s)
			j++;
		int size = j - i, want = (s >= 0 && s < nstrata) ? drawn[s] : 0;
		if (want > size)
			want = size;
		/* partial Fisher-Yates within [i, j) */
		for (int k = 0; k < want; k++) {
			int r = i + k + (int)qa_rand_below(&st, (uint64_t)(size - k));
			struct qa_candidate t = c[i + k];
			c[i + k] = c[r];
			c[r] = t;
		}
		/* move the picked ones to the front */
		for (int k = 0; k < want; k++) {
			struct qa_candidate t = c[out];
			c[out] = c[i + k];
			c[i + k] = t;
			out++;
		}
		i = j;
	}
	return out;
}
