/* links.c — see links.h. */
#include "web/links.h"
#include <inttypes.h>

void link_person(buf *b, int64_t id) { buf_printf(b, "/people/%" PRId64, id); }
void link_person_edit(buf *b, int64_t id) { buf_printf(b, "/people/%" PRId64 "/edit", id); }
void link_person_allocate(buf *b, int64_t id) { buf_printf(b, "/people/%" PRId64 "/allocate", id); }
void link_person_new_child(buf *b, int64_t id, const char *what) { buf_printf(b, "/people/%" PRId64 "/%s/new", id, what); }
void link_child_edit(buf *b, const char *what, int64_t id) { buf_printf(b, "/%s/%" PRId64 "/edit", what, id); }
void link_child_delete(buf *b, const char *what, int64_t id) { buf_printf(b, "/%s/%" PRId64 "/delete", what, id); }
void link_plan_new_child(buf *b, int64_t id, const char *what) { buf_printf(b, "/plans/%" PRId64 "/%s/new", id, what); }
void link_placement_new_visit(buf *b, int64_t id) { buf_printf(b, "/placements/%" PRId64 "/visits/new", id); }
void link_request_assessment(buf *b, int64_t id) { buf_printf(b, "/requests/%" PRId64 "/assessment", id); }
void link_establishment(buf *b, int64_t id) { buf_printf(b, "/establishments/%" PRId64, id); }
void link_establishment_edit(buf *b, int64_t id) { buf_printf(b, "/establishments/%" PRId64 "/edit", id); }
void link_request_new_child(buf *b, int64_t id, const char *what) { buf_printf(b, "/requests/%" PRId64 "/%s", id, what); }
void link_establishment_new_closure(buf *b, int64_t id) { buf_printf(b, "/establishments/%" PRId64 "/closures/new", id); }
void link_closures(buf *b) { buf_puts(b, "/closures"); }
void link_panel(buf *b, int64_t id) { buf_printf(b, "/panels/%" PRId64, id); }
void link_panels(buf *b) { buf_puts(b, "/panels"); }
void link_service(buf *b, int64_t id) { buf_printf(b, "/services/%" PRId64, id); }
