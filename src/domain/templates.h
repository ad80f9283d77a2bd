/* templates.h — the email and letter templates sendmis renders.
 *
 * DESIGN: the template files (templates/email, templates/letters) are
 * compiled in (scripts/embed-templates); `template_dir` in the config points
 * at replacements.  Each template's row below fixes the fields it may use:
 * rendering passes only those of the caller's values to the merge, so a
 * value the row does not name can never reach the text — and no email row
 * names a child's name, date of birth or needs (docs/templates.md; the unit
 * tests render every template with its row and check the privacy rule).
 */
#ifndef SENDMIS_TEMPLATES_H
#define SENDMIS_TEMPLATES_H
#include "core/tmpl.h"

struct template_file {
	const char *kind;    /* "email" or "letters" */
	const char *name;
	const char *src;
};
extern const struct template_file embedded_templates[];
extern const int embedded_templates_n;

struct template_def {
	const char *kind, *name;
	const char *title;       /* what it is, for the preview page */
	const char *fields;      /* its own fields, comma separated (plus the kind's common ones) */
};
extern const struct template_def template_defs[];
extern const int template_defs_n;
extern const char *const template_email_common;    /* "la_name,case_ref,…" */
extern const char *const template_letter_common;
/* Names never allowed in an email's fields. */
extern const char *const template_email_forbidden;

const struct template_def *template_def_get(const char *kind, const char *name);
/* 1 if name is one of the comma-separated list. */
int template_list_has(const char *list, const char *name);

/* Process setting: a directory of replacement files ("" = none). */
void templates_set_dir(const char *dir);
/* The source of kind/name (malloc'd), or NULL if there is none. */
char *template_source(const char *kind, const char *name);

/* Render with only the row's fields taken from v.  0, or -1 with err. */
int template_email(const char *name, const struct tmpl_val *v, int nv, buf *subject, buf *body,
                   char *err, size_t errlen);
int template_letter(const char *name, const struct tmpl_val *v, int nv, struct tmpl_letter *out,
                    char *err, size_t errlen);
/* The same in a language: the translation NAME.LANG.txt (template_dir, else compiled in) when
 * one is held for lang (an ISO 639 code, codes_language), else the English; *translated
 * (may be NULL) says which.  The translation takes the same fields. */
int template_letter_in(const char *name, const char *lang, const struct tmpl_val *v, int nv, struct tmpl_letter *out,
                       int *translated, char *err, size_t errlen);
/* A sample value for a field (previews and tests). */
const char *template_sample(const char *field);

#endif
