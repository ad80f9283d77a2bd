/* links.h — typed link builders, one per linked page.
 *
 * DESIGN: pages never spell another page's path; they call link_*(), so a
 * renamed route changes here (and in routes.c) only, and a wrong argument
 * is a compile error.  Each returns the address (a path with its ids, no
 * query string) by value: an address is not HTML, so it reaches a page
 * only through html_attr (html_attr(h, link_person(id).s)) and a redirect
 * or a longer address as text (buf_puts(&loc, link_person(id).s)).
 */
#ifndef SENDMIS_LINKS_H
#define SENDMIS_LINKS_H
#include <stdint.h>

struct link { char s[128]; };

struct link link_person(int64_t person_id);
struct link link_person_edit(int64_t person_id);
/* a tab of the child's record: suffix "" (overview), "/timeline", "/plan", "/family", "/documents", "/history" */
struct link link_person_tab(int64_t person_id, const char *suffix);
struct link link_person_allocate(int64_t person_id);
struct link link_person_new_child(int64_t person_id, const char *what); /* "needs" "placements" "plans" "requests" "notes" */
struct link link_child_edit(const char *what, int64_t id);              /* "/needs/3/edit" */
struct link link_child_delete(const char *what, int64_t id);
struct link link_plan_new_child(int64_t plan_id, const char *what);     /* "reviews" "named" */
struct link link_placement_new_visit(int64_t placement_id);
struct link link_request_assessment(int64_t request_id);
struct link link_establishment(int64_t id);
struct link link_establishment_edit(int64_t id);
struct link link_request_new_child(int64_t request_id, const char *what);  /* "advice/new" "plan" "panel" */
struct link link_establishment_new_closure(int64_t id);
struct link link_closures(void);
struct link link_panel(int64_t id);
struct link link_panels(void);
struct link link_service(int64_t id);
/* an EHC plan's content (pages_plancontent.c) */
struct link link_plan_version(int64_t version_id);                          /* "/plan-versions/5" */
struct link link_plan_version_part(int64_t version_id, const char *what);   /* "send" "finalise" "pdf" "advice" "section-b/new" */
struct link link_plan_part(int64_t plan_id, const char *what);              /* "versions" "compare" */
struct link link_review_part(int64_t review_id, const char *what);          /* "progress" "amend" */
struct link link_consent_withdraw(int64_t consent_id);                 /* "/consents/3/withdraw" */
/* one record per child (pages_duplicates.c) */
struct link link_person_merge(int64_t kept_id);       /* the confirmation page, ?with=absorbed */
struct link link_person_not_same(int64_t person_id);  /* POST, with=the other */
struct link link_merge(int64_t merge_id);
struct link link_merge_undo(int64_t merge_id);
struct link link_duplicates(void);
/* documents (pages_documents.c): a document's bytes, the advice's document */
struct link link_document(int64_t id);
struct link link_advice_document(int64_t advice_id);
/* surveys (pages_survey.c): a questionnaire's page, or one of its pages ("results", "questions/new") */
struct link link_surveys(void);
struct link link_survey(int64_t id);
struct link link_survey_part(int64_t id, const char *what);
/* co-production (pages_engagement.c) */
struct link link_engagement(void);
struct link link_engagement_event(int64_t id);

#endif
