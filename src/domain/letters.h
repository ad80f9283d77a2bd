/* letters.h — letters generated from the record for the statutory steps.
 *
 * DESIGN: a letter is a template (templates/letters) merged with values
 * read from one record — a request, an advice request, a review meeting or
 * a review — and the child.  The merged letter (title, legal duty, blocks)
 * is stored as JSON with who generated it and when, so what was sent is
 * kept exactly, whatever later happens to the template.  The web layer
 * shows it as HTML and renders the PDF from the same blocks (render/letter.h).
 */
#ifndef SENDMIS_LETTERS_H
#define SENDMIS_LETTERS_H
#include "core/date.h"
#include "core/errs.h"
#include "core/tmpl.h"
#include "store/db.h"
#include <jansson.h>
#include <stdint.h>

/* A letter that can be made for a person now: template and the record it is about. */
struct letter_choice {
	const char *template;
	int64_t related_id;
	char label[200];       /* "Decision to assess: request received 2 September 2026" */
};
#define LETTER_MAX_CHOICES 60
/* Lists the letters person_id's record supports.  Returns how many, -1 on error. */
int letter_choices(db *d, int64_t person_id, struct letter_choice *out, int max);

/* Generates and stores a letter, one change (change.h): the letter and its
 * audit row ("create", "letters") naming the child.  A letter to the family
 * (letter_for_family) is made once for each contact marked to receive
 * letters (family.h), each opening "Dear <their name>" over their address
 * block, in their language where a translation of the template is held
 * (templates.h, template_letter_in); when nobody is marked, one letter to
 * "parent or carer of <child>" with no address.  LETTER_OK with *id (the
 * first letter made; the others are its copies, letter_copies_each);
 * LETTER_REFUSED, nothing written, when the record does not support that
 * letter (the reason on `field` in e); LETTER_ERROR (nothing written). */
struct actor;
enum letter_rc { LETTER_OK = 0, LETTER_REFUSED = 1, LETTER_ERROR = -1 };
int letter_create(db *d, const struct actor *who, int64_t person_id, const char *template, int64_t related_id,
                  const char *field, int64_t *id, struct errs *e);
#define LETTER_MAX_RECIPIENTS 12
/* 1 when template is a letter to the family (every one but the advice request to a professional). */
int letter_for_family(const char *template);

/* A child's letters, newest first: fn once each (strings valid during the
 * call; nonzero stops).  0, or -1 on a store error. */
struct letter_row { int64_t id; const char *title, *generated_at, *generated_by, *recipient; };
typedef int (*letter_row_fn)(void *ctx, const struct letter_row *l);
int letters_of_person_each(db *d, int64_t person_id, letter_row_fn fn, void *ctx);

/* A merged letter as the JSON stored in letters.content (and shown by the
 * template preview): {"title","legal","date","case_ref","blocks":[{"kind","text"}]}. */
json_t *letter_content(const struct tmpl_letter *tl, const char *date, const char *case_ref);

struct letter_stored {
	int64_t id, person_id;
	char template[40], generated_at[24], generated_by[129];
	char *json;            /* malloc'd: {"title","legal","date","case_ref","blocks":[{"kind","text"}]
	                          [,"to":[name, address lines…]][,"language":code of the translation used]} */
	char recipient[600];   /* the contact it was made for ("" when none was named) */
};
/* 0, 1 if there is no such letter, -1 on error.  Free json. */
int letter_load(db *d, int64_t id, struct letter_stored *out);
/* The other copies of l: the same letter made in the same change for the other recipients. */
int letter_copies_each(db *d, const struct letter_stored *l, letter_row_fn fn, void *ctx);

#endif
