/* clockview.h — how the statutory clock's steps read on a page.
 *
 * DESIGN: every page that shows a step (the person's timeline, the work
 * queues, the phase-transfer list) names it, tags its status and links to
 * the form that records it through these functions, so a step reads the
 * same everywhere.  Status is never carried by colour alone: each tag has
 * its word.
 */
#ifndef SENDMIS_CLOCKVIEW_H
#define SENDMIS_CLOCKVIEW_H
#include "web/web.h"
#include "domain/casefile.h"

/* "Advice from Educational psychology", "Review 2: Review decision …". */
void step_title(const struct case_step *cs, char *out, size_t n);
/* The status tag: "Met", "Late", "Due in 5 days", "Overdue by 12 days", "Excused", … */
void step_tag(struct req *r, const struct case_step *cs);
/* Plain words for CSV: "overdue by 12 days". */
void step_status_words(const struct case_step *cs, day_t today, char *out, size_t n);
/* The form that records the step (empty when there is none). */
void step_action_href(const struct case_episode *ep, const struct case_step *cs, buf *out);

/* The person page's "Statutory timeline" section. */
void person_clock(struct req *r, const struct casefile *cf, int editor);

#endif
