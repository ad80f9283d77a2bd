/* errs.h — a list of user-facing validation errors, each naming its field.
 * Filled by core/domain validation, shown by the web layer as a GOV.UK error
 * summary plus a message beside the field. */
#ifndef SENDMIS_ERRS_H
#define SENDMIS_ERRS_H

#define ERRS_MAX 40
struct errs {
	int n;
	/* anchor: the id the error summary links to; "" = field (date inputs
	 * link to their day box, "<field>-day", which can take focus). */
	/* person: another child's record the error is about (a UPN already
	 * theirs…), which the page links to for users who may open it; 0 none. */
	struct { char field[64]; char anchor[72]; char msg[256]; long long person; } e[ERRS_MAX];
};
void errs_add(struct errs *e, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *errs_for(const struct errs *e, const char *field);
/* Points the summary link of field's error (if any) at field+suffix. */
void errs_anchor(struct errs *e, const char *field, const char *suffix);
/* Says field's error (if any) is about another child's record, `person`. */
void errs_person(struct errs *e, const char *field, long long person);
/* The id the summary links to for error i. */
const char *errs_anchor_of(const struct errs *e, int i);

#endif
