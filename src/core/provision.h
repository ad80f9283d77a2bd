/* provision.h — is an EHC plan's provision specified and quantified?
 *
 * DESIGN (issue 16): tribunals send plans back when provision is vague
 * ("access to", "regular", "as required").  An item is checked against a
 * table of terms (data/provision-terms.txt, compiled in, plus an area's own
 * file): how often (frequency), how long or how much (amount), both at once
 * (rate: "25 hours per week"), who delivers it (role), and the vague
 * phrases.  A term is a phrase of whole words, any case, a hyphen read as a
 * space, `#` standing for a number in figures or words.  Pure: no I/O; the
 * caller owns the table.
 *
 * An item is quantified when it says how often and how long or how much (a
 * rate says both), specified when it names who delivers it.  Each finding
 * has an id (vague, no_frequency, no_amount, no_provider) and a sentence a
 * caseworker understands.
 */
#ifndef SENDMIS_PROVISION_H
#define SENDMIS_PROVISION_H
#include <stddef.h>

enum prov_kind { PK_FREQUENCY, PK_AMOUNT, PK_RATE, PK_ROLE, PK_VAGUE, PK_N };

#define PROV_MAX_WORDS 8

struct prov_term {
	enum prov_kind kind;
	char phrase[96];                    /* as written in the table */
	char words[PROV_MAX_WORDS][32];     /* lower case; "#" a number */
	int nwords;
	char advice[200];                   /* vague: what to write instead ("" none) */
};

struct prov_terms {
	struct prov_term *v;
	int n, cap;
};

/* Adds the terms of `text` (the table's format: KIND <TAB> PHRASE [<TAB>
 * ADVICE] a line, # comments, blank lines) to t.  0, or -1 with err naming
 * the source and line and what is wrong (nothing added from a bad table). */
int prov_terms_parse(struct prov_terms *t, const char *text, const char *source, char *err, size_t errlen);
void prov_terms_free(struct prov_terms *t);

#define PROV_MAX_FINDINGS 24

struct prov_finding {
	const char *id;                     /* "vague", "no_frequency", "no_amount", "no_provider" */
	char text[320];
};

struct prov_result {
	int specified, quantified;
	struct prov_finding f[PROV_MAX_FINDINGS];
	int nf;
};

/* Checks one provision item (UTF-8 text; the caller has checked it is),
 * every word of it.  0, or -1 when memory runs out. */
int prov_check(const struct prov_terms *t, const char *item, struct prov_result *out);

#endif
