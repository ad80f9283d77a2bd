/* links.c — see links.h. */
#include "web/links.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

__attribute__((format(printf, 1, 2))) static struct link at(const char *fmt, ...)
{
	struct link l;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l.s, sizeof l.s, fmt, ap);   /* ids and a short segment: far shorter than l.s */
	va_end(ap);
	return l;
}

struct link link_person(int64_t id) { return at("/people/%" PRId64, id); }
struct link link_person_tab(int64_t id, const char *suffix) { return at("/people/%" PRId64 "%s", id, suffix); }
struct link link_person_edit(int64_t id) { return at("/people/%" PRId64 "/edit", id); }
struct link link_person_allocate(int64_t id) { return at("/people/%" PRId64 "/allocate", id); }
struct link link_person_new_child(int64_t id, const char *what) { return at("/people/%" PRId64 "/%s/new", id, what); }
struct link link_child_edit(const char *what, int64_t id) { return at("/%s/%" PRId64 "/edit", what, id); }
struct link link_child_delete(const char *what, int64_t id) { return at("/%s/%" PRId64 "/delete", what, id); }
struct link link_plan_new_child(int64_t id, const char *what) { return at("/plans/%" PRId64 "/%s/new", id, what); }
struct link link_placement_new_visit(int64_t id) { return at("/placements/%" PRId64 "/visits/new", id); }
struct link link_request_assessment(int64_t id) { return at("/requests/%" PRId64 "/assessment", id); }
struct link link_establishment(int64_t id) { return at("/establishments/%" PRId64, id); }
struct link link_establishment_edit(int64_t id) { return at("/establishments/%" PRId64 "/edit", id); }
struct link link_request_new_child(int64_t id, const char *what) { return at("/requests/%" PRId64 "/%s", id, what); }
struct link link_establishment_new_closure(int64_t id) { return at("/establishments/%" PRId64 "/closures/new", id); }
struct link link_closures(void) { return at("/closures"); }
struct link link_panel(int64_t id) { return at("/panels/%" PRId64, id); }
struct link link_panels(void) { return at("/panels"); }
struct link link_service(int64_t id) { return at("/services/%" PRId64, id); }
struct link link_plan_version(int64_t id) { return at("/plan-versions/%" PRId64, id); }
struct link link_plan_version_part(int64_t id, const char *what) { return at("/plan-versions/%" PRId64 "/%s", id, what); }
struct link link_plan_part(int64_t id, const char *what) { return at("/plans/%" PRId64 "/%s", id, what); }
struct link link_review_part(int64_t id, const char *what) { return at("/reviews/%" PRId64 "/%s", id, what); }
struct link link_consent_withdraw(int64_t id) { return at("/consents/%" PRId64 "/withdraw", id); }
struct link link_person_merge(int64_t id) { return at("/people/%" PRId64 "/merge", id); }
struct link link_person_not_same(int64_t id) { return at("/people/%" PRId64 "/not-same", id); }
struct link link_merge(int64_t id) { return at("/merges/%" PRId64, id); }
struct link link_merge_undo(int64_t id) { return at("/merges/%" PRId64 "/undo", id); }
struct link link_duplicates(void) { return at("/duplicates"); }
struct link link_document(int64_t id) { return at("/documents/%" PRId64, id); }
struct link link_advice_document(int64_t id) { return at("/advice/%" PRId64 "/document", id); }
/* surveys and co-production */
struct link link_surveys(void) { return at("/surveys"); }
struct link link_survey(int64_t id) { return at("/surveys/%" PRId64, id); }
struct link link_survey_part(int64_t id, const char *what) { return at("/surveys/%" PRId64 "/%s", id, what); }
struct link link_engagement(void) { return at("/engagement"); }
struct link link_engagement_event(int64_t id) { return at("/engagement/%" PRId64, id); }
