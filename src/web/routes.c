/* routes.c — every route sendmis answers, and who may use it.
 *
 * DESIGN: this table is the whole access policy.  A route not listed is a
 * 404; a role not in a row's `roles` is a 403; the gate (server.c) applies
 * each row before the handler runs.  Read-only users can see everything a
 * caseworker sees but change nothing; managers and admins also see the
 * audit trail.  tests/http/routes.test.mjs walks every row for every role.
 */
#include "web/web.h"
#include "web/pages.h"
#include "web/forms.h"
#include "domain/entity.h"
#include "domain/documents.h"
#include "domain/engagement.h"
#include "domain/qa.h"

#define R_ALL ROLE_ALL
#define R_EDIT ROLE_EDITORS
#define R_LEAD (ROLE_ADMIN | ROLE_MANAGER)
/* the dashboard and its aggregates: staff and the board, who see no child's record */
#define R_DASH (ROLE_ALL | ROLE_BOARD)
/* every signed-in user: signing out, and "/" (which sends each role to its home) */
#define R_SIGNED_IN (R_DASH | ROLE_QA)
/* quality assurance (pages_qa.c): auditors are staff who edit, or QA-only users */
#define R_QA (ROLE_EDITORS | ROLE_QA)

/* the answer to "Is this the same child as …?" (entities.c person_warn_db) */
#define SAME_CHILD "same_child,same_child_asked"
#define MEETING_PARAMS "svc,senco,*contact_,meeting-day,meeting-month,meeting-year,contributions-day,contributions-month,contributions-year"
#define DASH_PARAMS "year,as_of-day,as_of-month,as_of-year,team,age_band,need,setting"
#define DASH_TABLE_PARAMS "year,as_of-day,as_of-month,as_of-year,team,age_band,need,setting,t"
#define DASH_CASES_PARAMS "year,as_of-day,as_of-month,as_of-year,team,age_band,need,setting,kpi,month,by,cat,show,sort,page"
#define PEOPLE_FILTERS "q,caseworker,status,need,setting_type,area,age_band,flag,sort,order,page"
#define SUB_FIELDS "version,revised_by,revised_due-day,revised_due-month,revised_due-year,revised_on-day,revised_on-month,revised_on-year,done-day,done-month,done-year"
#define AUDIT_PARAMS "child,person,user,action,entity,from-day,from-month,from-year,to-day,to-month,to-year,sort,order,page"
#define AUDIT_CSV_PARAMS "child,person,user,action,entity,from-day,from-month,from-year,to-day,to-month,to-year,sort,order"
#define SURVEY_FIELDS "version,name,audience,trigger,anonymous,expiry_days,yearly_day,yearly_month"
#define QUESTION_FIELDS "version,kind,wording,easy_read,statement,options,required"
#define RATE_FIELDS "period,version,rag,update,evidence,presented_to,meeting-day,meeting-month,meeting-year"

#define QA_GRADE_PARAMS "version,complete,strengths,improve,*grade-,*comment-"

const struct route routes[] = {
	/* method pattern                    handler          flags              roles   params                 body  entity */
	{"GET",  "/assets/*",                h_static,        RF_PUBLIC,         0,      NULL, 0, NULL},
	{"GET",  "/sign-in",                 h_sign_in,       RF_PUBLIC,         0,      "next", 0, NULL},
	{"GET",  "/healthz",                 h_healthz,       RF_PUBLIC,         0,      NULL, 0, NULL},
	{"POST", "/sign-in",                 h_sign_in,       RF_PUBLIC | RF_NO_CSRF, 0, "username,password,next", 0, NULL},
	{"POST", "/sign-out",                h_sign_out,      0,                 R_SIGNED_IN, NULL, 0, NULL},

	{"GET",  "/",                        h_home,          0,                 R_SIGNED_IN, "page", 0, NULL},
	{"GET",  "/people",                  h_people,        0,                 R_ALL,  PEOPLE_FILTERS, 0, NULL},
	{"GET",  "/people.csv",              h_people_csv,    RF_CSV,            R_ALL,  PEOPLE_FILTERS, 0, NULL},
	{"GET",  "/people/new",              h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_person},
	{"POST", "/people/new",              h_entity_new,    0,                 R_EDIT, SAME_CHILD, 0, &ent_person},
	{"GET",  "/people/#",                h_person,        0,                 R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/people/#/timeline",       h_person_timeline, 0,               R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/people/#/plan",           h_person_plan,   0,                 R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/people/#/history",        h_person_history, 0,                R_ALL,  NULL, 0, NULL},
	/* documents (pages_documents.c): the file is the route's r->upload (RF_DOCUMENT), its metadata ent_document's fields */
	{"GET",  "/people/#/documents",      h_person_documents, 0,              R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/people/#/documents/new",  h_document_new,  0,                 R_EDIT, NULL, 0, NULL},
	{"POST", "/people/#/documents/new",  h_document_new,  RF_UPLOAD | RF_DOCUMENT, R_EDIT, "file", 0, &ent_document},
	{"GET",  "/documents/#",             h_document_download, 0,             R_ALL,  NULL, 0, NULL},
	{"GET",  "/documents/#/edit",        h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_document},
	{"POST", "/documents/#/edit",        h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_document},
	{"GET",  "/documents/#/delete",      h_document_delete, 0,               R_EDIT, NULL, 0, NULL},
	{"POST", "/documents/#/delete",      h_document_delete, 0,               R_EDIT, "version", 0, NULL},
	{"GET",  "/advice/#/document",       h_advice_document, 0,               R_EDIT, NULL, 0, NULL},
	{"POST", "/advice/#/document",       h_advice_document, 0,               R_EDIT, "document_id,version", 0, NULL},
	{"POST", "/advice/#/document/upload", h_advice_document_upload, RF_UPLOAD | RF_DOCUMENT, R_EDIT, "file", 0, &ent_document},
	{"GET",  "/people/#/edit",           h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_person},
	{"POST", "/people/#/edit",           h_entity_edit,   0,                 R_EDIT, SAME_CHILD, 0, &ent_person},
	/* the people around the child (pages_family.c, entities_family.c): consent is never deleted */
	{"GET",  "/people/#/family",         h_person_family, 0,                 R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/people/#/family-contacts/new", h_entity_new, 0,               R_EDIT, "relationship", 0, &ent_kin},
	{"POST", "/people/#/family-contacts/new", h_entity_new, 0,               R_EDIT, NULL, 0, &ent_kin},
	{"GET",  "/family-contacts/#/edit",  h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_kin},
	{"POST", "/family-contacts/#/edit",  h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_kin},
	{"GET",  "/family-contacts/#/delete", h_entity_delete, 0,                R_EDIT, NULL, 0, &ent_kin},
	{"POST", "/family-contacts/#/delete", h_entity_delete, 0,                R_EDIT, NULL, 0, &ent_kin},
	{"GET",  "/people/#/capacity",       h_capacity,      0,                 R_EDIT, NULL, 0, &ent_capacity},
	{"POST", "/people/#/capacity",       h_capacity,      0,                 R_EDIT, NULL, 0, &ent_capacity},
	{"GET",  "/people/#/consents/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_consent},
	{"POST", "/people/#/consents/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_consent},
	{"GET",  "/consents/#/edit",         h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_consent},
	{"POST", "/consents/#/edit",         h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_consent},
	{"GET",  "/consents/#/withdraw",     h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_consent_withdraw},
	{"POST", "/consents/#/withdraw",     h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_consent_withdraw},
	{"GET",  "/people/#/views/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_view},
	{"POST", "/people/#/views/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_view},
	{"GET",  "/views/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_view},
	{"POST", "/views/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_view},

	{"GET",  "/people/#/allocate",       h_allocate,      0,                 R_LEAD | ROLE_CASEWORKER, NULL, 0, NULL},
	{"POST", "/people/#/allocate",       h_allocate,      0,                 R_LEAD | ROLE_CASEWORKER, "caseworker", 0, NULL},

	{"GET",  "/people/#/plans/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan},
	{"POST", "/people/#/plans/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan},
	{"GET",  "/plans/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan},
	{"POST", "/plans/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan},
	{"GET",  "/plans/#/reviews/new",     h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_review},
	{"POST", "/plans/#/reviews/new",     h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_review},
	{"GET",  "/reviews/#/edit",          h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_review},
	{"POST", "/reviews/#/edit",          h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_review},
	{"GET",  "/plans/#/named/new",       h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_named},
	{"POST", "/plans/#/named/new",       h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_named},
	{"GET",  "/named/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_named},
	{"POST", "/named/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_named},
	{"GET",  "/named/#/delete",          h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_named},
	{"POST", "/named/#/delete",          h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_named},

	/* the plan's content (pages_plancontent.c, entities_plan.c) */
	{"GET",  "/plan-versions/#",         h_plan_version,  0,                 R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/plan-versions/#/pdf",     h_plan_version_pdf, RF_PDF,         R_ALL,  NULL, 0, NULL},
	{"GET",  "/plan-versions/#/send",    h_plan_version_send, 0,             R_EDIT, NULL, 0, NULL},
	{"POST", "/plan-versions/#/send",    h_plan_version_send, 0,             R_EDIT, "version,sent-day,sent-month,sent-year", 0, NULL},
	{"GET",  "/plan-versions/#/finalise", h_plan_version_finalise, 0,        R_EDIT, NULL, 0, NULL},
	{"POST", "/plan-versions/#/finalise", h_plan_version_finalise, 0,        R_EDIT, "version,final-day,final-month,final-year", 0, NULL},
	{"POST", "/plan-versions/#/advice",  h_plan_version_advice, 0,           R_EDIT, "version", 0, NULL},
	{"POST", "/plan-versions/#/views",   h_plan_version_views, 0,            R_EDIT, "version", 0, NULL},
	{"POST", "/plans/#/versions",        h_plan_versions_start, 0,           R_EDIT, NULL, 0, NULL},
	{"GET",  "/provision-check",         h_provision_check, RF_JSON,         R_EDIT, "section,text,who,how_often,how_long,group_size,measure", 0, NULL},
	{"GET",  "/plans/#/compare",         h_plan_compare,  0,                 R_ALL,  "a,b", 0, NULL},
	{"POST", "/requests/#/draft-plan",   h_request_draft_plan, 0,            R_EDIT, NULL, 0, NULL},
	{"GET",  "/reviews/#/progress",      h_review_progress, 0,               R_EDIT, NULL, 0, NULL},
	{"POST", "/reviews/#/progress",      h_review_progress, 0,               R_EDIT, "*progress-,*evidence-", 64 * 1024, NULL},
	{"POST", "/reviews/#/amend",         h_review_amend,  0,                 R_EDIT, NULL, 0, NULL},
	{"GET",  "/section-a/#/edit",        h_entity_edit,   0,                 R_EDIT, NULL, 64 * 1024, &ent_plan_a},
	{"POST", "/section-a/#/edit",        h_entity_edit,   0,                 R_EDIT, NULL, 64 * 1024, &ent_plan_a},
	{"GET",  "/section-j/#/edit",        h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_j},
	{"POST", "/section-j/#/edit",        h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_j},
	{"GET",  "/plan-comments/#/edit",    h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_comments},
	{"POST", "/plan-comments/#/edit",    h_entity_edit,   0,                 R_EDIT, NULL, 64 * 1024, &ent_plan_comments},
	{"GET",  "/plan-versions/#/section-b/new",    h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_b},
	{"POST", "/plan-versions/#/section-b/new",    h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_b},
	{"GET",  "/section-b/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_b},
	{"POST", "/section-b/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_b},
	{"GET",  "/section-b/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_b},
	{"POST", "/section-b/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_b},
	{"GET",  "/plan-versions/#/section-c/new",    h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_c},
	{"POST", "/plan-versions/#/section-c/new",    h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_c},
	{"GET",  "/section-c/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_c},
	{"POST", "/section-c/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_c},
	{"GET",  "/section-c/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_c},
	{"POST", "/section-c/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_c},
	{"GET",  "/plan-versions/#/section-d/new",    h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_d},
	{"POST", "/plan-versions/#/section-d/new",    h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_d},
	{"GET",  "/section-d/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_d},
	{"POST", "/section-d/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_d},
	{"GET",  "/section-d/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_d},
	{"POST", "/section-d/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_d},
	{"GET",  "/plan-versions/#/section-e/new",    h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_e},
	{"POST", "/plan-versions/#/section-e/new",    h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_e},
	{"GET",  "/section-e/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_e},
	{"POST", "/section-e/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_e},
	{"GET",  "/section-e/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_e},
	{"POST", "/section-e/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_e},
	{"GET",  "/plan-versions/#/section-f/new",    h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_f},
	{"POST", "/plan-versions/#/section-f/new",    h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_f},
	{"GET",  "/section-f/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_f},
	{"POST", "/section-f/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_f},
	{"GET",  "/section-f/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_f},
	{"POST", "/section-f/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_f},
	{"GET",  "/plan-versions/#/section-g/new",    h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_g},
	{"POST", "/plan-versions/#/section-g/new",    h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_g},
	{"GET",  "/section-g/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_g},
	{"POST", "/section-g/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_g},
	{"GET",  "/section-g/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_g},
	{"POST", "/section-g/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_g},
	{"GET",  "/plan-versions/#/section-h1/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_h1},
	{"POST", "/plan-versions/#/section-h1/new",   h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_h1},
	{"GET",  "/section-h1/#/edit",                h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_h1},
	{"POST", "/section-h1/#/edit",                h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_h1},
	{"GET",  "/section-h1/#/delete",              h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_h1},
	{"POST", "/section-h1/#/delete",              h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_h1},
	{"GET",  "/plan-versions/#/section-h2/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_h2},
	{"POST", "/plan-versions/#/section-h2/new",   h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_h2},
	{"GET",  "/section-h2/#/edit",                h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_h2},
	{"POST", "/section-h2/#/edit",                h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_h2},
	{"GET",  "/section-h2/#/delete",              h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_h2},
	{"POST", "/section-h2/#/delete",              h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_h2},
	{"GET",  "/plan-versions/#/section-k/new",    h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_plan_k},
	{"POST", "/plan-versions/#/section-k/new",    h_entity_new,    0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_k},
	{"GET",  "/section-k/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_plan_k},
	{"POST", "/section-k/#/edit",                 h_entity_edit,   0,                 R_EDIT, NULL, 32 * 1024, &ent_plan_k},
	{"GET",  "/section-k/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_k},
	{"POST", "/section-k/#/delete",               h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_plan_k},

	{"GET",  "/people/#/needs/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_need},
	{"POST", "/people/#/needs/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_need},
	{"GET",  "/needs/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_need},
	{"POST", "/needs/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_need},
	{"GET",  "/needs/#/delete",          h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_need},
	{"POST", "/needs/#/delete",          h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_need},

	{"GET",  "/people/#/placements/new", h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_placement},
	{"POST", "/people/#/placements/new", h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_placement},
	{"GET",  "/placements/#/edit",       h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_placement},
	{"POST", "/placements/#/edit",       h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_placement},
	{"GET",  "/placements/#/visits/new", h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_visit},
	{"POST", "/placements/#/visits/new", h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_visit},
	{"GET",  "/visits/#/edit",           h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_visit},
	{"POST", "/visits/#/edit",           h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_visit},

	{"GET",  "/people/#/notes/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_note},
	{"POST", "/people/#/notes/new",      h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_note},
	{"GET",  "/notes/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_note},
	{"POST", "/notes/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_note},

	{"GET",  "/people/#/requests/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_request},
	{"POST", "/people/#/requests/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_request},
	{"GET",  "/requests/#/edit",         h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_request},
	{"POST", "/requests/#/edit",         h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_request},
	{"GET",  "/requests/#/assessment",   h_assessment,    0,                 R_EDIT, NULL, 0, &ent_assessment},
	{"POST", "/requests/#/assessment",   h_assessment,    0,                 R_EDIT, NULL, 0, &ent_assessment},
	{"GET",  "/requests/#/plan",         h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_request_plan},
	{"POST", "/requests/#/plan",         h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_request_plan},
	{"GET",  "/requests/#/advice/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_advice},
	{"POST", "/requests/#/advice/new",   h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_advice},
	{"GET",  "/advice/#/edit",           h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_advice},
	{"POST", "/advice/#/edit",           h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_advice},
	{"GET",  "/advice/#/delete",         h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_advice},
	{"POST", "/advice/#/delete",         h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_advice},
	{"GET",  "/requests/#/panel",        h_entity_new,    0,                 R_EDIT, "panel_id", 0, &ent_panel_case},
	{"POST", "/requests/#/panel",        h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_panel_case},
	{"GET",  "/panel-cases/#/edit",      h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_panel_case},
	{"POST", "/panel-cases/#/edit",      h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_panel_case},
	{"GET",  "/panel-cases/#/delete",    h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_panel_case},
	{"POST", "/panel-cases/#/delete",    h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_panel_case},

	{"GET",  "/people/#/exceptions/new", h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_exception},
	{"POST", "/people/#/exceptions/new", h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_exception},
	{"GET",  "/exceptions/#/edit",       h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_exception},
	{"POST", "/exceptions/#/edit",       h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_exception},
	{"GET",  "/exceptions/#/delete",     h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_exception},
	{"POST", "/exceptions/#/delete",     h_entity_delete, 0,                 R_EDIT, NULL, 0, &ent_exception},
	{"GET",  "/plans/#/phase/new",       h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_phase},
	{"POST", "/plans/#/phase/new",       h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_phase},
	{"GET",  "/phase/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_phase},
	{"POST", "/phase/#/edit",            h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_phase},

	{"GET",  "/work",                    h_work,          0,                 R_ALL,  "show,caseworker,page", 0, NULL},
	{"GET",  "/work.csv",                h_work_csv,      RF_CSV,            R_ALL,  "show,caseworker", 0, NULL},
	{"GET",  "/team",                    h_team,          0,                 R_LEAD, NULL, 0, NULL},
	{"GET",  "/team.csv",                h_team_csv,      RF_CSV,            R_LEAD, NULL, 0, NULL},
	{"GET",  "/reviews",                 h_reviews,       0,                 R_ALL,  "show,caseworker,page", 0, NULL},
	{"GET",  "/reviews.csv",             h_reviews_csv,   RF_CSV,            R_ALL,  "show,caseworker", 0, NULL},
	{"GET",  "/phase-transfers",         h_phase_transfers, 0,               R_ALL,  "year,kind,caseworker,page", 0, NULL},
	{"GET",  "/phase-transfers.csv",     h_phase_transfers_csv, RF_CSV,      R_ALL,  "year,kind,caseworker", 0, NULL},

	{"GET",  "/panels",                  h_panels,        0,                 R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/panels/new",              h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_panel},
	{"POST", "/panels/new",              h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_panel},
	{"GET",  "/panels/#",                h_panel,         0,                 R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/panels/#/edit",           h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_panel},
	{"POST", "/panels/#/edit",           h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_panel},

	{"GET",  "/oversight",               h_oversight,     0,                 R_ALL,  "category,caseworker,sort,order,page", 0, NULL},
	{"GET",  "/oversight.csv",           h_oversight_csv, RF_CSV,            R_ALL,  "category,caseworker,sort,order", 0, NULL},

	{"GET",  "/establishments",          h_establishments, 0,                R_ALL,  "q,setting_type,area,page", 0, NULL},
	{"GET",  "/establishments/new",      h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_establishment},
	{"POST", "/establishments/new",      h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_establishment},
	{"GET",  "/establishments/#",        h_establishment, 0,                 R_ALL,  "saved", 0, NULL},
	{"GET",  "/establishments/#/edit",   h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_establishment},
	{"POST", "/establishments/#/edit",   h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_establishment},
	{"GET",  "/establishments/#/closures/new", h_entity_new, 0,              R_LEAD, NULL, 0, &ent_closure},
	{"POST", "/establishments/#/closures/new", h_entity_new, 0,              R_LEAD, NULL, 0, &ent_closure},
	{"GET",  "/closures",                h_closures,      0,                 R_ALL,  "saved,removed", 0, NULL},
	{"GET",  "/closures/new",            h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_area_closure},
	{"POST", "/closures/new",            h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_area_closure},
	{"GET",  "/closures/#/edit",         h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_closure},
	{"POST", "/closures/#/edit",         h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_closure},
	{"GET",  "/closures/#/delete",       h_entity_delete, 0,                 R_LEAD, NULL, 0, &ent_closure},
	{"POST", "/closures/#/delete",       h_entity_delete, 0,                 R_LEAD, NULL, 0, &ent_closure},

	{"GET",  "/services",                h_services,      0,                 R_ALL,  "saved", 0, NULL},
	{"GET",  "/services/new",            h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_service},
	{"POST", "/services/new",            h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_service},
	{"GET",  "/services/import",         h_contacts_import, 0,               R_LEAD, NULL, 0, NULL},
	{"POST", "/services/import",         h_contacts_import, RF_UPLOAD,       R_LEAD, "file,csv,dry_run", 4 << 20, NULL},
	{"GET",  "/services/#",              h_service,       0,                 R_ALL,  "saved", 0, NULL},
	{"GET",  "/services/#/edit",         h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_service},
	{"POST", "/services/#/edit",         h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_service},
	{"GET",  "/services/#/contacts/new", h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_contact},
	{"POST", "/services/#/contacts/new", h_entity_new,    0,                 R_LEAD, NULL, 0, &ent_contact},
	{"GET",  "/contacts/#/edit",         h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_contact},
	{"POST", "/contacts/#/edit",         h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_contact},
	{"GET",  "/establishments/#/contacts/new", h_entity_new, 0,              R_LEAD, NULL, 0, &ent_senco},
	{"POST", "/establishments/#/contacts/new", h_entity_new, 0,              R_LEAD, NULL, 0, &ent_senco},
	{"GET",  "/setting-contacts/#/edit", h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_senco},
	{"POST", "/setting-contacts/#/edit", h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_senco},

	{"GET",  "/requests/#/advice/ask",   h_advice_ask,    0,                 R_EDIT, NULL, 0, NULL},
	{"POST", "/requests/#/advice/ask",   h_advice_ask,    0,                 R_EDIT, "svc,senco,*contact_,sent-day,sent-month,sent-year", 0, NULL},
	{"GET",  "/plans/#/meetings/new",    h_review_meeting, 0,                R_EDIT, NULL, 0, NULL},
	{"POST", "/plans/#/meetings/new",    h_review_meeting, 0,                R_EDIT, MEETING_PARAMS, 0, NULL},

	{"GET",  "/outbox",                  h_outbox,        0,                 R_LEAD | ROLE_CASEWORKER, "state,sort,order,page,saved", 0, NULL},
	{"GET",  "/outbox.csv",              h_outbox_csv,    RF_CSV,            R_LEAD | ROLE_CASEWORKER, "state,sort,order", 0, NULL},
	{"GET",  "/outbox/#",                h_outbox_message, 0,                R_LEAD | ROLE_CASEWORKER, NULL, 0, NULL},
	{"POST", "/outbox/#/retry",          h_outbox_retry,  0,                 R_LEAD, NULL, 0, NULL},
	{"GET",  "/templates",               h_templates,     0,                 R_ALL,  NULL, 0, NULL},
	{"GET",  "/templates/preview",       h_template_preview, 0,              R_ALL,  "template", 0, NULL},

	{"GET",  "/people/#/letters/new",    h_letter_new,    0,                 R_EDIT, NULL, 0, NULL},
	{"POST", "/people/#/letters/new",    h_letter_new,    0,                 R_EDIT, "letter", 0, NULL},
	{"GET",  "/letters/#",               h_letter,        0,                 R_ALL,  NULL, 0, NULL},
	{"GET",  "/letters/#/pdf",           h_letter_pdf,    RF_PDF,            R_ALL,  NULL, 0, NULL},

	{"GET",  "/reports/advice",          h_advice_report, 0,                 R_ALL,  "from_month,to_month", 0, NULL},
	{"GET",  "/reports/advice.csv",      h_advice_report_csv, RF_CSV,        R_ALL,  "from_month,to_month", 0, NULL},

	{"GET",  "/dashboard",               h_dashboard,     0,                 R_DASH, DASH_PARAMS, 0, NULL},
	{"GET",  "/dashboard.csv",           h_dashboard_csv, RF_CSV,            R_DASH, DASH_PARAMS, 0, NULL},
	{"GET",  "/dashboard.xlsx",          h_dashboard_xlsx, RF_XLSX,          R_DASH, DASH_PARAMS, 0, NULL},
	{"GET",  "/dashboard/table.csv",     h_dashboard_table_csv, RF_CSV,      R_DASH, DASH_TABLE_PARAMS, 0, NULL},
	{"GET",  "/dashboard/board-pack",    h_board_pack,    0,                 R_DASH, DASH_PARAMS, 0, NULL},
	{"GET",  "/dashboard/cases",         h_dashboard_cases, 0,               R_ALL,  DASH_CASES_PARAMS, 0, NULL},
	{"GET",  "/dashboard/cases.csv",     h_dashboard_cases_csv, RF_CSV,      R_ALL,  DASH_CASES_PARAMS, 0, NULL},
	{"GET",  "/dashboard/definitions",   h_dashboard_definitions, 0,         R_DASH, NULL, 0, NULL},
	{"GET",  "/dashboard/references",    h_references,    0,                 R_DASH, "saved", 0, NULL},
	{"GET",  "/returns/sen2",            h_sen2,          0,                 R_LEAD, "census", 0, NULL},

	/* surveys (pages_survey.c): managers build and load questionnaires; staff send them and type in paper
	 * copies; everyone who sees the dashboard sees the results (small numbers suppressed); the link /s/TOKEN is
	 * public: its token is the only key, so it needs no session CSRF token */
	{"GET",  "/surveys",                 h_surveys,       0,                 R_DASH, "saved", 0, NULL},
	{"POST", "/surveys/ready-made",      h_survey_ready_made, 0,             R_LEAD, "key", 0, NULL},
	{"GET",  "/surveys/new",             h_survey_new,    0,                 R_LEAD, NULL, 0, NULL},
	{"POST", "/surveys/new",             h_survey_new,    0,                 R_LEAD, SURVEY_FIELDS, 0, NULL},
	{"GET",  "/surveys/#",               h_survey,        0,                 R_DASH, "saved", 0, NULL},
	{"GET",  "/surveys/#/edit",          h_survey_edit,   0,                 R_LEAD, NULL, 0, NULL},
	{"POST", "/surveys/#/edit",          h_survey_edit,   0,                 R_LEAD, SURVEY_FIELDS, 0, NULL},
	{"GET",  "/surveys/#/questions/new", h_survey_question_new, 0,           R_LEAD, NULL, 0, NULL},
	{"POST", "/surveys/#/questions/new", h_survey_question_new, 0,           R_LEAD, QUESTION_FIELDS, 0, NULL},
	{"GET",  "/surveys/#/questions/#/edit", h_survey_question_edit, 0,       R_LEAD, NULL, 0, NULL},
	{"POST", "/surveys/#/questions/#/edit", h_survey_question_edit, 0,       R_LEAD, QUESTION_FIELDS, 0, NULL},
	{"POST", "/surveys/#/questions/#/move", h_survey_question_move, 0,       R_LEAD, "version,dir", 0, NULL},
	{"GET",  "/surveys/#/questions/#/delete", h_survey_question_delete, 0,   R_LEAD, NULL, 0, NULL},
	{"POST", "/surveys/#/questions/#/delete", h_survey_question_delete, 0,   R_LEAD, "version", 0, NULL},
	{"GET",  "/surveys/#/send",          h_survey_send,   0,                 R_EDIT, NULL, 0, NULL},
	{"POST", "/surveys/#/send",          h_survey_send,   0,                 R_EDIT, "person", 0, NULL},
	{"GET",  "/surveys/#/send-group",    h_survey_group,  0,                 R_EDIT, NULL, 0, NULL},
	{"POST", "/surveys/#/send-group",    h_survey_group,  0,                 R_EDIT, "team,phase,need,refs,confirm", 0, NULL},
	{"GET",  "/surveys/#/paper",         h_survey_paper,  0,                 R_EDIT, NULL, 0, NULL},
	{"POST", "/surveys/#/paper",         h_survey_paper,  0,                 R_EDIT, "person", 0, NULL},
	{"GET",  "/survey-paper/#",          h_survey_paper_entry, 0,            R_EDIT, NULL, 0, NULL},
	{"POST", "/survey-paper/#",          h_survey_paper_entry, 0,            R_EDIT, "*q", 0, NULL},
	{"GET",  "/surveys/#/print",         h_survey_print,  0,                 R_DASH, NULL, 0, NULL},
	{"GET",  "/surveys/#/results",       h_survey_results, 0,                R_DASH, "saved", 0, NULL},
	{"GET",  "/surveys/#/results.csv",   h_survey_results_csv, RF_CSV,       R_DASH, NULL, 0, NULL},
	{"GET",  "/surveys/#/results.xlsx",  h_survey_results_xlsx, RF_XLSX,     R_DASH, NULL, 0, NULL},
	{"GET",  "/surveys/#/answers",       h_survey_answers, 0,                R_ALL,  "saved", 0, NULL},
	{"POST", "/surveys/#/themes",        h_survey_theme,  0,                 R_EDIT, "response,question,theme", 0, NULL},
	{"GET",  "/s/*",                     h_survey_answer, RF_PUBLIC,         0,      "easy", 0, NULL},
	{"POST", "/s/*",                     h_survey_answer, RF_PUBLIC | RF_NO_CSRF, 0, "easy,*q", 0, NULL},

	/* co-production (pages_engagement.c, engagement.c): staff record events and their actions; the log holds
	 * counts, never names, so the board reads it too */
	{"GET",  "/engagement",              h_engagement,    0,                 R_DASH, "page,saved", 0, NULL},
	{"GET",  "/engagement.csv",          h_engagement_csv, RF_CSV,           R_DASH, NULL, 0, NULL},
	{"GET",  "/engagement.xlsx",         h_engagement_xlsx, RF_XLSX,         R_DASH, NULL, 0, NULL},
	{"GET",  "/engagement/new",          h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_engagement_event},
	{"POST", "/engagement/new",          h_entity_new,    0,                 R_EDIT, NULL, 0, &ent_engagement_event},
	{"GET",  "/engagement/#",            h_engagement_event, 0,              R_DASH, "saved", 0, NULL},
	{"GET",  "/engagement/#/edit",       h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_engagement_event},
	{"POST", "/engagement/#/edit",       h_entity_edit,   0,                 R_EDIT, NULL, 0, &ent_engagement_event},
	{"GET",  "/engagement/#/actions/new", h_entity_new,   0,                 R_EDIT, NULL, 0, &ent_engagement_action},
	{"POST", "/engagement/#/actions/new", h_entity_new,   0,                 R_EDIT, NULL, 0, &ent_engagement_action},
	{"GET",  "/engagement-actions/#/edit", h_entity_edit, 0,                 R_EDIT, NULL, 0, &ent_engagement_action},
	{"POST", "/engagement-actions/#/edit", h_entity_edit, 0,                 R_EDIT, NULL, 0, &ent_engagement_action},
	{"GET",  "/engagement-actions/#/delete", h_entity_delete, 0,             R_EDIT, NULL, 0, &ent_engagement_action},
	{"POST", "/engagement-actions/#/delete", h_entity_delete, 0,             R_EDIT, NULL, 0, &ent_engagement_action},

	/* the improvement plan (pages_improvement.c): staff and the board read; managers and admins record */
	{"GET",  "/improvement-plans",       h_plans,         0,                 R_DASH, NULL, 0, NULL},
	{"GET",  "/improvement-plans/#",     h_plan,          0,                 R_DASH, "area,rag,lead,overdue", 0, NULL},
	{"GET",  "/improvement-plans/#/actions/#", h_plan_action, 0,             R_DASH, "saved,removed", 0, NULL},
	{"GET",  "/improvement-plans/#/actions/#/measures", h_plan_measures, 0,  R_LEAD, NULL, 0, NULL},
	{"POST", "/improvement-plans/#/actions/#/measures", h_plan_measures, 0,  R_LEAD, "kpi,baseline,target,baseline_date-day,baseline_date-month,baseline_date-year,target_date-day,target_date-month,target_date-year", 0, NULL},
	{"POST", "/improvement-plans/#/actions/#/measures/remove", h_plan_measure_remove, 0, R_LEAD, "kpi", 0, NULL},
	{"GET",  "/improvement-plans/#/actions/#/manual", h_plan_manual, 0,      R_LEAD, NULL, 0, NULL},
	{"POST", "/improvement-plans/#/actions/#/manual", h_plan_manual, 0,      R_LEAD, "name,source,unit,baseline,target", 0, NULL},
	{"GET",  "/improvement-plans/#/actions/#/manual/#", h_plan_manual_value, 0, R_LEAD, "period", 0, NULL},
	{"POST", "/improvement-plans/#/actions/#/manual/#", h_plan_manual_value, 0, R_LEAD, "period,version,value,note", 0, NULL},
	{"GET",  "/improvement-plans/#/actions/#/rate", h_plan_rate, 0,          R_LEAD, "period", 0, NULL},
	{"POST", "/improvement-plans/#/actions/#/rate", h_plan_rate, 0,          R_LEAD, RATE_FIELDS, 0, NULL},
	{"GET",  "/improvement-plans/#/actions/#/sub-actions/#", h_plan_sub, 0,  R_LEAD, NULL, 0, NULL},
	{"POST", "/improvement-plans/#/actions/#/sub-actions/#", h_plan_sub, 0,  R_LEAD, SUB_FIELDS, 0, NULL},
	{"GET",  "/improvement-plans/#/periods/new", h_plan_period_new, 0,       R_LEAD, NULL, 0, NULL},
	{"POST", "/improvement-plans/#/periods/new", h_plan_period_new, 0,       R_LEAD, "name,as_at-day,as_at-month,as_at-year", 0, NULL},
	{"GET",  "/improvement-plans/#/report", h_plan_report, 0,                R_DASH, "period", 0, NULL},
	{"GET",  "/improvement-plans/#/report.pdf", h_plan_report_pdf, RF_PDF,   R_DASH, "period", 0, NULL},
	{"GET",  "/improvement-plans/#/summary", h_plan_summary, 0,              R_DASH, "period", 0, NULL},
	{"GET",  "/improvement-plans/#/plan.xlsx", h_plan_xlsx, RF_XLSX,         R_DASH, NULL, 0, NULL},
	{"GET",  "/improvement-plans/#/plan.json", h_plan_json, RF_JSON,         R_DASH, NULL, 0, NULL},
	{"GET",  "/returns/sen2/checks",     h_sen2_checks,   0,                 R_LEAD, "census,severity,check,page", 0, NULL},
	{"GET",  "/returns/sen2/checks.csv", h_sen2_checks_csv, RF_CSV,          R_LEAD, "census,severity,check", 0, NULL},
	{"GET",  "/returns/sen2.xml",        h_sen2_xml,      RF_XML,            R_LEAD, "census", 0, NULL},
	{"GET",  "/dashboard/references/new", h_entity_new,   0,                 R_LEAD, NULL, 0, &ent_kpi_reference},
	{"POST", "/dashboard/references/new", h_entity_new,   0,                 R_LEAD, NULL, 0, &ent_kpi_reference},
	{"GET",  "/kpi-references/#/edit",   h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_kpi_reference},
	{"POST", "/kpi-references/#/edit",   h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_kpi_reference},

	/* one record per child (pages_duplicates.c): the header search, likely duplicates, merge and undo */
	{"GET",  "/search",                  h_search,        0,                 R_ALL,  "q,page", 0, NULL},
	{"GET",  "/duplicates",              h_duplicates,    0,                 R_LEAD, "page,saved", 0, NULL},
	{"POST", "/people/#/not-same",       h_not_same,      0,                 ROLE_ADMIN, "with", 0, NULL},
	{"GET",  "/people/#/merge",          h_merge,         0,                 ROLE_ADMIN, "with", 0, NULL},
	{"POST", "/people/#/merge",          h_merge,         0,                 ROLE_ADMIN, "absorbed,kept_version,absorbed_version", 0, NULL},
	{"GET",  "/merges/#",                h_merge_record,  0,                 R_LEAD, "saved", 0, NULL},
	{"POST", "/merges/#/undo",           h_merge_undo,    0,                 ROLE_ADMIN, NULL, 0, NULL},

	{"GET",  "/admin/audit",             h_audit,         0,                 R_LEAD, AUDIT_PARAMS, 0, NULL},
	{"GET",  "/admin/audit.csv",         h_audit_csv,     RF_CSV,            R_LEAD, AUDIT_CSV_PARAMS, 0, NULL},
	/* quality assurance of plans (pages_qa.c; docs/quality-assurance.md) */
	{"GET",  "/qa",                      h_qa,            0,                 R_QA,   "month,saved", 0, NULL},
	{"GET",  "/qa/frameworks",           h_qa_frameworks, 0,                 R_QA,   "saved,removed", 0, NULL},
	{"POST", "/qa/frameworks/#/copy",    h_qa_framework_copy, 0,             R_LEAD, "name", 0, NULL},
	{"POST", "/qa/frameworks/#/use",     h_qa_framework_use, 0,              R_LEAD, "version", 0, NULL},
	{"GET",  "/qa/frameworks/#/edit",    h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_qa_framework},
	{"POST", "/qa/frameworks/#/edit",    h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_qa_framework},
	{"GET",  "/qa/frameworks/#/criteria/new", h_entity_new, 0,               R_LEAD, NULL, 0, &ent_qa_criterion},
	{"POST", "/qa/frameworks/#/criteria/new", h_entity_new, 0,               R_LEAD, NULL, 0, &ent_qa_criterion},
	{"GET",  "/qa/criteria/#/edit",      h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_qa_criterion},
	{"POST", "/qa/criteria/#/edit",      h_entity_edit,   0,                 R_LEAD, NULL, 0, &ent_qa_criterion},
	{"GET",  "/qa/criteria/#/delete",    h_entity_delete, 0,                 R_LEAD, NULL, 0, &ent_qa_criterion},
	{"POST", "/qa/criteria/#/delete",    h_entity_delete, 0,                 R_LEAD, NULL, 0, &ent_qa_criterion},
	{"POST", "/qa/auditors",             h_qa_auditor_service, 0,            R_LEAD, "auditor,service", 0, NULL},
	{"POST", "/qa/samples",              h_qa_sample,     0,                 R_LEAD, "sample_month,pct_new,n_active,seed", 0, NULL},
	{"POST", "/qa/case-file-samples",    h_qa_casefile_sample, 0,            R_LEAD, "cf_month,cf_number,cf_seed", 0, NULL},
	{"GET",  "/qa/audits/new",           h_qa_audit_new,  0,                 R_LEAD, "plan_version", 0, NULL},
	{"POST", "/qa/audits/new",           h_qa_audit_new,  0,                 R_LEAD, "plan_version,reason", 0, NULL},
	{"GET",  "/qa/case-files/new",       h_qa_casefile_new, 0,               R_LEAD, "person", 0, NULL},
	{"POST", "/qa/case-files/new",       h_qa_casefile_new, 0,               R_LEAD, "person,reason", 0, NULL},
	{"GET",  "/qa/audits/#",             h_qa_audit,      0,                 R_QA,   "saved", 0, NULL},
	{"POST", "/qa/audits/#",             h_qa_audit,      0,                 R_QA,   QA_GRADE_PARAMS, 0, NULL},
	{"POST", "/qa/audits/#/assign",      h_qa_assign,     0,                 R_LEAD, "version,auditor", 0, NULL},
	{"POST", "/qa/audits/#/moderate",    h_qa_moderate,   0,                 R_LEAD, "auditor", 0, NULL},
	{"POST", "/qa/audits/#/agree",       h_qa_agree,      0,                 R_LEAD, "agreed,note", 0, NULL},
	{"POST", "/qa/audits/#/actions",     h_qa_action_add, 0,                 R_QA,   "kind,description,owner,due-day,due-month,due-year", 0, NULL},
	{"GET",  "/qa/reports",              h_qa_reports,    0,                 R_DASH, "by,from_month,to_month", 0, NULL},
	{"GET",  "/qa/reports.csv",          h_qa_reports_csv, RF_CSV,           R_DASH, "from_month,to_month", 0, NULL},
	{"GET",  "/qa/reports.xlsx",         h_qa_reports_xlsx, RF_XLSX,         R_DASH, "from_month,to_month", 0, NULL},
	{"GET",  "/qa/reports/advice.csv",   h_qa_reports_advice_csv, RF_CSV,    R_DASH, "from_month,to_month", 0, NULL},
	{"POST", "/qa/audit-actions/#/done", h_qa_action_done, 0,                R_QA,   "version", 0, NULL},
};
const size_t routes_n = sizeof routes / sizeof routes[0];

/* Caseworkers hold caseloads (queries.c: Q_CASEWORKERS), so "/" is theirs;
 * managers and admins lead the team; read-only users look children up; the
 * board sees figures only. */
const struct home homes[] = {
	{ROLE_CASEWORKER, "/"},
	{ROLE_MANAGER,    "/team"},
	{ROLE_ADMIN,      "/team"},
	{ROLE_READONLY,   "/people"},
	{ROLE_BOARD,      "/dashboard"},
	{ROLE_QA,         "/qa"},
};
const size_t homes_n = sizeof homes / sizeof homes[0];

const char *home_path(unsigned role)
{
	for (size_t i = 0; i < homes_n; i++)
		if (homes[i].role == role)
			return homes[i].path;
	return "/";
}
