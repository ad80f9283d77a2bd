/* forms.h — generic entity handlers (route->ent names the entity). */
#ifndef SENDMIS_FORMS_H
#define SENDMIS_FORMS_H
#include "web/web.h"
#include "core/errs.h"

void h_entity_new(struct req *r);     /* GET form, POST create; parent id = ids[0] */
void h_entity_edit(struct req *r);    /* GET form, POST update; id = ids[0] */
void h_entity_delete(struct req *r);  /* GET confirm, POST delete */
void h_assessment(struct req *r);     /* add or change the assessment of request ids[0] */
/* <select> of every user, each labelled "display name (username)". */
void user_select_all(struct req *r, const char *name, const char *label, const char *hint, const char *value,
                     const char *blank, const struct errs *err);
/* <select> of every establishment. */
void estab_select(struct req *r, const char *name, const char *label, const char *hint,
                  const char *value, const char *blank, const struct errs *err);

/* <select> of the users who hold caseloads (queries.c); value 0 = none chosen. */
void caseworker_select(struct req *r, const char *name, const char *label, int64_t value,
                       const char *blank, const struct errs *e);
/* The same, first offering "All caseworkers" (value "all", chosen when value is 0). */
void caseworker_select_all(struct req *r, const char *name, const char *label, int64_t value, const struct errs *e);
/* The same, each label with the size of the caseworker's caseload now (the allocation form). */
void caseworker_select_loads(struct req *r, const char *name, const char *label, const char *hint, int64_t value,
                             const char *blank, const struct errs *e);

#endif
