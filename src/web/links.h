/* links.h — typed link builders, one per linked page.
 *
 * DESIGN: pages never spell another page's path; they call link_*(), so a
 * renamed route changes here (and in routes.c) only, and a wrong argument
 * is a compile error.  Each writes an attribute-safe URL into b.
 */
#ifndef SENDMIS_LINKS_H
#define SENDMIS_LINKS_H
#include "core/buf.h"
#include <stdint.h>

void link_person(buf *b, int64_t person_id);
void link_person_edit(buf *b, int64_t person_id);
void link_person_allocate(buf *b, int64_t person_id);
void link_person_new_child(buf *b, int64_t person_id, const char *what); /* "needs" "placements" "plans" "requests" "notes" */
void link_child_edit(buf *b, const char *what, int64_t id);              /* "/needs/3/edit" */
void link_child_delete(buf *b, const char *what, int64_t id);
void link_plan_new_child(buf *b, int64_t plan_id, const char *what);     /* "reviews" "named" */
void link_placement_new_visit(buf *b, int64_t placement_id);
void link_request_assessment(buf *b, int64_t request_id);
void link_establishment(buf *b, int64_t id);
void link_establishment_edit(buf *b, int64_t id);
void link_request_new_child(buf *b, int64_t request_id, const char *what);  /* "advice/new" "plan" "panel" */
void link_establishment_new_closure(buf *b, int64_t id);
void link_closures(buf *b);
void link_panel(buf *b, int64_t id);
void link_panels(buf *b);
void link_service(buf *b, int64_t id);

#endif
