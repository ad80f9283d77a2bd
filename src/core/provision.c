/* provision.c — see provision.h. */
#include "core/provision.h"
#include "core/grow.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[PK_N] = {"frequency", "amount", "rate", "role", "vague"};

/* A number in words, as `#` matches it. */
static const char *const number_words[] = {"a", "an", "one", "two", "three", "four", "five", "six", "seven",
                                           "eight", "nine", "ten", "eleven", "twelve"};

/* The words of s, lower case (ASCII; other bytes kept), split at anything
 * but a letter, a digit or a byte of a multi-byte character; a '.' between
 * digits stays in its number ("2.5").  The first max of them into w, each
 * cut to 31 bytes (a term's words are at most 30, so a longer word never
 * equals one); w NULL: only counted.  Returns the number of words in s. */
static int words_of(const char *s, char (*w)[32], int max)
{
	int n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p >= 0x80))
			p++;
		if (!*p)
			break;
		size_t k = 0;
		char tmp[32];
		while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p >= 0x80 ||
		              (*p == '.' && k && tmp[k - 1] >= '0' && tmp[k - 1] <= '9' && p[1] >= '0' && p[1] <= '9'))) {
			unsigned char c = *p++;
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (k < sizeof tmp - 1)
				tmp[k++] = (char)c;
		}
		tmp[k] = 0;
		if (w && n < max)
			memcpy(w[n], tmp, k + 1);
		n++;
	}
	return n;
}

static int is_number(const char *w)
{
	if (*w >= '0' && *w <= '9') {
		for (const char *p = w; *p; p++)
			if (!((*p >= '0' && *p <= '9') || *p == '.'))
				return 0;
		return 1;
	}
	for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++)
		if (!strcmp(w, number_words[i]))
			return 1;
	return 0;
}

void prov_terms_free(struct prov_terms *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

int prov_terms_parse(struct prov_terms *t, const char *text, const char *source, char *err, size_t errlen)
{
	int first = t->n, line = 0;
	const char *p = text;
	while (*p) {
		line++;
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char buf[512];
		if (len >= sizeof buf) {
			snprintf(err, errlen, "%s line %d: longer than %zu bytes", source, line, sizeof buf - 1);
			goto bad;
		}
		memcpy(buf, p, len);
		buf[len] = 0;
		if (len && buf[len - 1] == '\r')
			buf[--len] = 0;
		p = end ? end + 1 : p + len;
		if (!len || buf[0] == '#')
			continue;
		char *kind = buf, *phrase = strchr(buf, '\t'), *advice = NULL;
		if (!phrase) {
			snprintf(err, errlen, "%s line %d: expected KIND, a tab, then the phrase", source, line);
			goto bad;
		}
		*phrase++ = 0;
		if ((advice = strchr(phrase, '\t')))
			*advice++ = 0;
		int k = -1;
		for (int i = 0; i < PK_N; i++)
			if (!strcmp(kind, kind_names[i]))
				k = i;
		if (k < 0) {
			snprintf(err, errlen, "%s line %d: \"%.40s\" is not a kind of term (frequency, amount, rate, role or vague)",
			         source, line, kind);
			goto bad;
		}
		if (advice && k != PK_VAGUE) {
			snprintf(err, errlen, "%s line %d: only a vague phrase has advice", source, line);
			goto bad;
		}
		struct prov_term term;
		memset(&term, 0, sizeof term);
		term.kind = (enum prov_kind)k;
		if (strlen(phrase) >= sizeof term.phrase || (advice && strlen(advice) >= sizeof term.advice)) {
			snprintf(err, errlen, "%s line %d: the phrase is longer than %zu bytes or the advice than %zu", source,
			         line, sizeof term.phrase - 1, sizeof term.advice - 1);
			goto bad;
		}
		snprintf(term.phrase, sizeof term.phrase, "%s", phrase);
		if (advice)
			snprintf(term.advice, sizeof term.advice, "%s", advice);
		/* the phrase's words: "#" stays a word of its own */
		char spaced[sizeof term.phrase * 3 + 1];   /* each "#" becomes " 0 " */
		size_t j = 0;
		for (const char *q = phrase; *q; q++) {
			if (*q == '#') {
				spaced[j++] = ' ';
				spaced[j++] = '0';
				spaced[j++] = ' ';
			} else {
				spaced[j++] = *q;
			}
		}
		spaced[j] = 0;
		char w[PROV_MAX_WORDS][32];
		int nw = words_of(spaced, w, PROV_MAX_WORDS);
		if (nw == 0 || nw > PROV_MAX_WORDS) {
			snprintf(err, errlen, "%s line %d: a phrase has 1 to %d words", source, line, PROV_MAX_WORDS);
			goto bad;
		}
		for (int i = 0; i < nw; i++) {
			if (strlen(w[i]) >= 31) {
				snprintf(err, errlen, "%s line %d: a word is longer than 30 bytes", source, line);
				goto bad;
			}
			snprintf(term.words[i], sizeof term.words[i], "%s", strcmp(w[i], "0") ? w[i] : "#");
		}
		term.nwords = nw;
		if (ARRAY_RESERVE(t->v, t->cap, t->n + 1, 64) < 0) {
			snprintf(err, errlen, "%s: out of memory", source);
			goto bad;
		}
		t->v[t->n++] = term;
	}
	return 0;
bad:
	t->n = first;
	return -1;
}

/* Whether term matches the words w (n of them) starting at i. */
static int match_at(const struct prov_term *term, char (*w)[32], int n, int i)
{
	if (i + term->nwords > n)
		return 0;
	for (int k = 0; k < term->nwords; k++)
		if (strcmp(term->words[k], "#") ? strcmp(term->words[k], w[i + k]) != 0 : !is_number(w[i + k]))
			return 0;
	return 1;
}

static void finding(struct prov_result *r, const char *id, const char *text)
{
	if (r->nf >= PROV_MAX_FINDINGS)
		return;
	r->f[r->nf].id = id;
	snprintf(r->f[r->nf].text, sizeof r->f[r->nf].text, "%s", text);
	r->nf++;
}

int prov_check(const struct prov_terms *t, const char *item, struct prov_result *out)
{
	memset(out, 0, sizeof *out);
	/* every word of the item, however long it is (a hyphen splits: "45-minute" is "45 minute") */
	int n = words_of(item, NULL, 0);
	char (*w)[32] = malloc((size_t)(n ? n : 1) * sizeof *w);
	if (!w)
		return -1;
	words_of(item, w, n);
	int found[PK_N] = {0};
	for (int k = 0; k < t->n; k++) {
		const struct prov_term *term = &t->v[k];
		int hit = 0;
		for (int i = 0; i < n && !hit; i++)
			hit = match_at(term, w, n, i);
		if (!hit)
			continue;
		found[term->kind] = 1;
		if (term->kind == PK_VAGUE) {
			char text[320];
			snprintf(text, sizeof text, "\"%s\" is vague.%s%s", term->phrase, term->advice[0] ? " " : "", term->advice);
			finding(out, "vague", text);
		}
	}
	int often = found[PK_FREQUENCY] || found[PK_RATE], much = found[PK_AMOUNT] || found[PK_RATE];
	out->quantified = often && much;
	out->specified = found[PK_ROLE];
	if (!often)
		finding(out, "no_frequency", "It does not say how often, for example \"3 times a week\" or \"daily\".");
	if (!much)
		finding(out, "no_amount", "It does not say for how long or how much, for example \"30 minutes\" or \"2 hours\".");
	if (!out->specified)
		finding(out, "no_provider", "It does not say who delivers it, for example \"a speech and language therapist\" or "
		                            "\"a teaching assistant\".");
	free(w);
	return 0;
}
