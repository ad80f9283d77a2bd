/* errs.h — a list of user-facing validation errors, each naming its field.
 * Filled by core/domain validation, shown by the web layer as a GOV.UK error
 * summary plus a message beside the field. */
#ifndef SENDMIS_ERRS_H
#define SENDMIS_ERRS_H

#define ERRS_MAX 40
struct errs {
	int n;
	struct { char field[64]; char msg[256]; } e[ERRS_MAX];
};
void errs_add(struct errs *e, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *errs_for(const struct errs *e, const char *field);

#endif
