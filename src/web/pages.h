/* pages.h — page handlers named in routes.c. */
#ifndef SENDMIS_PAGES_H
#define SENDMIS_PAGES_H
#include "web/web.h"

void h_healthz(struct req *r);        /* /healthz: database reachable, schema version (for a load balancer) */
void h_static(struct req *r);        /* marker: the server sends /assets/ files itself */
void h_sign_in(struct req *r);
void h_sign_out(struct req *r);
void h_home(struct req *r);
void h_people(struct req *r);
void h_people_csv(struct req *r);
void h_person(struct req *r);
void h_person_timeline(struct req *r);
void h_person_plan(struct req *r);
void h_person_history(struct req *r);
/* The top of every tab of a child's record (r->ids[0]): loads the person
 * into *p (the caller frees it), audits the view, begins the page and draws
 * the heading and the MOJ sub-navigation with `tab` current ("overview",
 * "timeline", "plan", "family", "documents", "history").  -1 when there is
 * no such child (a 404 has been sent). */
struct record;
int person_page_begin(struct req *r, const char *tab, struct record *p);
void h_allocate(struct req *r);
/* one record per child (pages_duplicates.c): the search page, likely
 * duplicates, merging and undoing; and on a child's record, where a merged
 * record went and what this one absorbed (person_page_begin calls it). */
void h_search(struct req *r);
void h_duplicates(struct req *r);
void h_not_same(struct req *r);
void h_merge(struct req *r);
void h_merge_record(struct req *r);
void h_merge_undo(struct req *r);
void person_merge_notice(struct req *r, int64_t person_id);
void h_oversight(struct req *r);
void h_oversight_csv(struct req *r);
void h_establishments(struct req *r);
void h_establishment(struct req *r);
void h_audit(struct req *r);
void h_audit_csv(struct req *r);
void h_work(struct req *r);
void h_work_csv(struct req *r);
void h_team(struct req *r);
void h_team_csv(struct req *r);
void h_reviews(struct req *r);
void h_reviews_csv(struct req *r);
void h_phase_transfers(struct req *r);
void h_phase_transfers_csv(struct req *r);
void h_panels(struct req *r);
void h_panel(struct req *r);
void h_closures(struct req *r);

/* the directory of partners (pages_partners.c) */
void h_services(struct req *r);
void h_service(struct req *r);
void h_contacts_import(struct req *r);
void contacts_table(struct req *r, int setting, int64_t id, int editor);
/* asking partners (pages_ask_partners.c) */
void h_advice_ask(struct req *r);
void h_review_meeting(struct req *r);
/* Who an advice request went to, its deadline, and the emails about it. */
void advice_context(struct req *r, int64_t advice_id);
/* documents on a child's record and advice's document (pages_documents.c) */
void h_person_documents(struct req *r);
void h_document_new(struct req *r);
void h_document_download(struct req *r);
void h_document_delete(struct req *r);
void h_advice_document(struct req *r);
void h_advice_document_upload(struct req *r);
/* On the advice's page: its document and a link to attach one. */
void advice_document_context(struct req *r, int64_t advice_id);
/* the dashboard and the board pack (pages_dashboard.c) */
void h_dashboard(struct req *r);
void h_board_pack(struct req *r);
/* the cases behind a number (pages_drilldown.c) */
void h_dashboard_cases(struct req *r);
void h_dashboard_cases_csv(struct req *r);   /* every case behind a number */
/* the dashboard's files (pages_dashboard_export.c) */
void h_dashboard_csv(struct req *r);
void h_dashboard_table_csv(struct req *r);
void h_dashboard_xlsx(struct req *r);
/* the measures' definitions and reference values (pages_measures.c) */
void h_dashboard_definitions(struct req *r);
void h_references(struct req *r);
/* the SEN2 return (pages_sen2.c) */
void h_sen2(struct req *r);
void h_sen2_xml(struct req *r);
void h_sen2_checks(struct req *r);
void h_sen2_checks_csv(struct req *r);   /* the findings, filtered, whole */
/* the improvement plan (pages_improvement.c) */
void h_plans(struct req *r);
void h_plan(struct req *r);
void h_plan_action(struct req *r);
void h_plan_rate(struct req *r);
void h_plan_sub(struct req *r);
void h_plan_period_new(struct req *r);
void h_plan_report(struct req *r);
void h_plan_report_pdf(struct req *r);
void h_plan_summary(struct req *r);
void h_plan_xlsx(struct req *r);
void h_plan_json(struct req *r);
/* the outbox (pages_outbox.c) */
void h_outbox(struct req *r);
void h_outbox_csv(struct req *r);
void h_outbox_message(struct req *r);
void h_outbox_retry(struct req *r);
void person_emails(struct req *r, int64_t pid);
/* templates (pages_templates.c) */
void h_templates(struct req *r);
void h_template_preview(struct req *r);
/* letters (pages_letters.c) */
void h_letter_new(struct req *r);
void h_letter(struct req *r);
void h_letter_pdf(struct req *r);
void person_letters(struct req *r, int64_t pid, int editor);
/* A letter's blocks (letter_content's JSON) shown as HTML, as it prints;
 * la_address's lines are separated by '|'. */
struct json_t;
void letter_html(html *b, const char *la_name, const char *la_address, struct json_t *j);
/* the people around the child (pages_family.c): the "Family and views" tab, and the
 * young person's mental capacity record (added or changed on one page) */
void h_person_family(struct req *r);
void h_capacity(struct req *r);
/* the advice timeliness report (pages_advice_report.c) */
void h_advice_report(struct req *r);
void h_advice_report_csv(struct req *r);
/* linking measures to an improvement plan's action (pages_improvement.c) */
void h_plan_measures(struct req *r);
void h_plan_measure_remove(struct req *r);
void h_plan_manual(struct req *r);
void h_plan_manual_value(struct req *r);
/* the EHC plan's content (pages_plancontent.c) */
void h_plan_version(struct req *r);
void h_plan_version_send(struct req *r);
void h_plan_version_finalise(struct req *r);
void h_plan_version_advice(struct req *r);
void h_plan_version_views(struct req *r);
void h_plan_version_pdf(struct req *r);
void h_plan_versions_start(struct req *r);
void h_plan_compare(struct req *r);
void h_request_draft_plan(struct req *r);
void h_review_progress(struct req *r);
void h_review_amend(struct req *r);
/* On the Plan tab, inside a plan's card: its versions, and the button that
 * starts the next (for editors). */
void plan_content_block(struct req *r, int64_t plan_id, const char *status, int editor);
/* On the form of an outcome or a provision item: the provision check of
 * what the form holds, which provision-check.js keeps current as it is typed. */
struct entity;
struct record;
void plan_check_live(struct req *r, const struct entity *e, const struct record *rec);
void h_provision_check(struct req *r);

/* A <select> of months, this one and the 60 before it, shown "November 2026"
 * (value "2026-11"); a month further back given as value is added
 * (pages_advice_report.c; the QA pages use it too). */
struct errs;
void report_month_select(struct req *r, const char *name, const char *label, const char *value, const struct errs *e);
/* A month of that list, "2026-06" (years 2000 to 2100): 0 with *y, *m, or -1. */
int report_month_parse(const char *s, int *y, int *m);

/* quality assurance (pages_qa.c) */
void h_qa(struct req *r);
void h_qa_sample(struct req *r);
void h_qa_casefile_sample(struct req *r);
void h_qa_audit(struct req *r);
void h_qa_audit_new(struct req *r);
void h_qa_casefile_new(struct req *r);
void h_qa_assign(struct req *r);
void h_qa_moderate(struct req *r);
void h_qa_agree(struct req *r);
void h_qa_action_add(struct req *r);
void h_qa_action_done(struct req *r);
void h_qa_reports(struct req *r);
void h_qa_auditor_service(struct req *r);
void h_qa_frameworks(struct req *r);
void h_qa_framework_copy(struct req *r);
void h_qa_framework_use(struct req *r);
void h_qa_reports_csv(struct req *r);
void h_qa_reports_xlsx(struct req *r);
void h_qa_reports_advice_csv(struct req *r);
/* The open QA actions a user owns: a section of their work queue. */
void qa_work_actions(struct req *r, int64_t owner);
/* surveys (pages_survey.c) */
void h_surveys(struct req *r);
void h_survey_ready_made(struct req *r);
void h_survey_new(struct req *r);
void h_survey_edit(struct req *r);
void h_survey(struct req *r);
void h_survey_question_new(struct req *r);
void h_survey_question_edit(struct req *r);
void h_survey_question_delete(struct req *r);
void h_survey_question_move(struct req *r);
void h_survey_send(struct req *r);
void h_survey_group(struct req *r);
void h_survey_paper(struct req *r);
void h_survey_paper_entry(struct req *r);
void h_survey_print(struct req *r);
void h_survey_answer(struct req *r);
void h_survey_results(struct req *r);
void h_survey_results_csv(struct req *r);
void h_survey_results_xlsx(struct req *r);
void h_survey_answers(struct req *r);
void h_survey_theme(struct req *r);

/* co-production (pages_engagement.c) */
void h_engagement_csv(struct req *r);
void h_engagement_xlsx(struct req *r);
void h_engagement(struct req *r);
void h_engagement_event(struct req *r);

#endif
