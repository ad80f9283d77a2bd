/* codes.c — see codes.h
 *
 * DESIGN: each list is a static array of {code, label, from_year, to_year}
 * wrapped in a struct code_list whose length is taken from the array, so a
 * new code is one line and nothing else needs to change.  Lists are short
 * (at most 20 entries), so lookup is a linear scan; that is faster than
 * anything cleverer at this size and keeps the tables readable.
 *
 * Sources: SEN2 lists from the team's SEN2 reference (sen2.md, section 4,
 * itself from the DfE guide via secondary sources); ethnicity is the 20 CBDS
 * main codes; the rest are sendmis's own.  Codes are matched exactly
 * (case-sensitive): they arrive from select boxes and radios, not typing.
 * Collection years are SEN2 collection years (the January census year).
 */
#include "core/codes.h"
#include <string.h>

#define LIST(var, nm, arr) \
	const struct code_list var = {nm, arr, sizeof arr / sizeof arr[0]}

static const struct code sen_type[] = {
	{"SPLD", "Specific learning difficulty (SpLD)", 0, 0},
	{"MLD", "Moderate learning difficulty (MLD)", 0, 0},
	{"SLD", "Severe learning difficulty (SLD)", 0, 0},
	{"PMLD", "Profound and multiple learning difficulty (PMLD)", 0, 0},
	{"SEMH", "Social, emotional and mental health (SEMH)", 0, 0},
	{"SLCN", "Speech, language and communication needs (SLCN)", 0, 0},
	{"HI", "Hearing impairment (HI)", 0, 0},
	{"VI", "Vision impairment (VI)", 0, 0},
	{"MSI", "Multi-sensory impairment (MSI)", 0, 0},
	{"PD", "Physical disability (PD)", 0, 0},
	{"ASD", "Autistic spectrum disorder (ASD)", 0, 0},
	{"DS", "Down syndrome (DS)", 2025, 0},
	{"OTH", "Other difficulty", 0, 0},
};
LIST(codes_sen_type, "sen_type", sen_type);

static const struct code sen_setting[] = {
	{"OLA", "Other arrangements made by the local authority (education otherwise than at school)", 0, 0},
	{"OPA", "Other arrangements made by parents or the young person (not elective home education)", 0, 0},
	{"EHE", "Elective home education", 0, 0},
	{"EYP", "Early years provider with no URN (such as a private nursery or childminder)", 0, 0},
	{"OTH", "Other (including a type of setting with no specific setting named)", 0, 0},
	{"NEET", "Not in education, employment or training (aged 16 to 25)", 0, 0},
	{"NIEC", "Not in education or training – notice to cease issued", 0, 0},
	{"NIEO", "Not in education or training – other", 0, 0},
	/* sendmis only: reported to SEN2 as NIEO at extract time */
	{"AWAIT", "Awaiting specialist provision (reported to SEN2 as NIEO)", 0, 0},
};
LIST(codes_sen_setting, "sen_setting", sen_setting);

static const struct code ethnicity[] = {
	{"WBRI", "White British", 0, 0},
	{"WIRI", "White Irish", 0, 0},
	{"WIRT", "Traveller of Irish heritage", 0, 0},
	{"WOTH", "Any other White background", 0, 0},
	{"WROM", "Gypsy/Roma", 0, 0},
	{"MWBC", "White and Black Caribbean", 0, 0},
	{"MWBA", "White and Black African", 0, 0},
	{"MWAS", "White and Asian", 0, 0},
	{"MOTH", "Any other mixed background", 0, 0},
	{"AIND", "Indian", 0, 0},
	{"APKN", "Pakistani", 0, 0},
	{"ABAN", "Bangladeshi", 0, 0},
	{"AOTH", "Any other Asian background", 0, 0},
	{"BCRB", "Black Caribbean", 0, 0},
	{"BAFR", "Black African", 0, 0},
	{"BOTH", "Any other Black background", 0, 0},
	{"CHNE", "Chinese", 0, 0},
	{"OOTH", "Any other ethnic group", 0, 0},
	{"REFU", "Refused", 0, 0},
	{"NOBT", "Information not yet obtained", 0, 0},
};
LIST(codes_ethnicity, "ethnicity", ethnicity);

static const struct code sex[] = {
	{"M", "Male", 0, 0},
	{"F", "Female", 0, 0},
};
LIST(codes_sex, "sex", sex);

static const struct code cease_reason[] = {
	{"1", "Reached maximum age", 0, 0},
	{"2", "Needs met without an EHC plan", 0, 0},
	{"3", "Moved on to higher education", 0, 0},
	{"4", "Moved on to paid employment (not an apprenticeship)", 0, 0},
	{"5", "Transferred to another local authority in England", 0, 0},
	{"6", "Young person no longer wishes to engage in education or training", 0, 0},
	{"7", "Moved outside England", 0, 0},
	{"8", "Deceased", 0, 0},
	{"9", "Other", 0, 0},
};
LIST(codes_cease_reason, "cease_reason", cease_reason);

static const struct code request_source[] = {
	{"1", "Young person or parent", 2025, 0},
	{"2", "School or other education setting", 2025, 0},
	{"3", "Health care professional", 2025, 0},
	{"4", "Social care professional", 2025, 0},
	{"5", "Other", 2025, 0},
};
LIST(codes_request_source, "request_source", request_source);

static const struct code request_outcome[] = {
	{"Y", "Agreed to assess", 0, 0},
	{"N", "Decided not to assess", 0, 0},
	{"W", "Withdrawn or ended before a decision", 0, 0},
};
LIST(codes_request_outcome, "request_outcome", request_outcome);

static const struct code assessment_outcome[] = {
	{"Y", "Decided to issue an EHC plan", 0, 0},
	{"N", "Decided not to issue an EHC plan", 0, 0},
	{"W", "Withdrawn or ended before a decision", 0, 0},
};
LIST(codes_assessment_outcome, "assessment_outcome", assessment_outcome);

static const struct code upn_unknown[] = {
	{"UN1", "Under 6 and not yet given a UPN", 0, 0},
	{"UN2", "Never attended a state-funded school in England", 0, 0},
	{"UN3", "Educated outside England", 0, 0},
	{"UN5", "Records do not agree, so the UPN cannot be matched reliably (for example, a duplicated UPN)", 0, 0},
	{"UN8", "New to the local authority and UPN or ULN not yet known", 0, 0},
	{"UN9", "Young person has never attended a state-funded school or further education in England", 0, 0},
	{"UN10", "Request ended with no further action before the UPN or ULN was known", 0, 0},
};
LIST(codes_upn_unknown, "upn_unknown", upn_unknown);

static const struct code review_outcome[] = {
	{"A", "Amend", 0, 0},
	{"C", "Cease", 0, 0},
	{"M", "Maintain", 0, 0},
};
LIST(codes_review_outcome, "review_outcome", review_outcome);

/* EHC plan content (issue 16): section B's four areas of need (SEND Code of
 * Practice 6.28), the preparing-for-adulthood outcomes from Year 9 (8.9),
 * and an annual review's view of each outcome. */
static const struct code need_area[] = {
	{"CI", "Communication and interaction", 0, 0},
	{"CL", "Cognition and learning", 0, 0},
	{"SEMH", "Social, emotional and mental health", 0, 0},
	{"SP", "Sensory and/or physical", 0, 0},
};
LIST(codes_need_area, "need_area", need_area);

static const struct code pfa[] = {
	{"EMP", "Employment", 0, 0},
	{"IL", "Independent living", 0, 0},
	{"COM", "Community participation", 0, 0},
	{"HEA", "Health", 0, 0},
};
LIST(codes_pfa, "pfa", pfa);

static const struct code progress[] = {
	{"achieved", "Achieved", 0, 0},
	{"progressing", "Progressing", 0, 0},
	{"not_progressing", "Not progressing", 0, 0},
};
LIST(codes_progress, "progress", progress);

static const struct code residential[] = {
	{"38", "Up to 38 weeks a year", 0, 0},
	{"51", "39 to 51 weeks a year", 0, 0},
	{"52", "52 weeks a year", 0, 0},
};
LIST(codes_residential, "residential", residential);

static const struct code work_based[] = {
	{"SI", "Supported internship", 0, 0},
	{"AP", "Apprenticeship", 0, 0},
	{"TR", "Traineeship", 0, 0},
};
LIST(codes_work_based, "work_based", work_based);

static const struct code setting_type[] = {
	{"MS", "Mainstream school", 0, 0},
	{"SP", "Special school (maintained or academy)", 0, 0},
	{"ISP", "Independent or non-maintained special school", 0, 0},
	{"FE", "Further education or sixth form college", 0, 0},
	{"SPI", "Specialist post-16 institution", 0, 0},
	{"AP", "Alternative provision or pupil referral unit", 0, 0},
	{"EY", "Early years provider", 0, 0},
	{"IND", "Independent mainstream school", 0, 0},
};
LIST(codes_setting_type, "setting_type", setting_type);

static const struct code phase[] = {
	{"EY", "Early years", 0, 0},
	{"PRI", "Primary", 0, 0},
	{"INF", "Infant", 0, 0},
	{"JUN", "Junior", 0, 0},
	{"FIR", "First (middle-school system)", 0, 0},
	{"MID", "Middle (middle-school system)", 0, 0},
	{"SEC", "Secondary", 0, 0},
	{"ALL", "All-through", 0, 0},
	{"P16", "Post-16", 0, 0},
	{"NA", "Not applicable", 0, 0},
};
LIST(codes_phase, "phase", phase);

static const struct code ofsted[] = {
	{"1", "Outstanding", 0, 0},
	{"2", "Good", 0, 0},
	{"3", "Requires improvement", 0, 0},
	{"4", "Inadequate", 0, 0},
};
LIST(codes_ofsted, "ofsted", ofsted);

static const struct code visit_type[] = {
	{"welfare", "Welfare visit", 0, 0},
	{"monitoring", "Monitoring visit", 0, 0},
	{"qa", "Quality assurance visit", 0, 0},
};
LIST(codes_visit_type, "visit_type", visit_type);

static const struct code visit_outcome[] = {
	{"none", "No concerns", 0, 0},
	{"concerns", "Concerns raised", 0, 0},
	{"safeguarding", "Safeguarding referral made", 0, 0},
};
LIST(codes_visit_outcome, "visit_outcome", visit_outcome);

static const struct code plan_status[] = {
	{"draft", "Draft plan", 0, 0},
	{"active", "Active", 0, 0},
	{"ceased", "Ceased", 0, 0},
};
LIST(codes_plan_status, "plan_status", plan_status);

static const struct code role[] = {
	{"admin", "Administrator", 0, 0},
	{"manager", "Manager", 0, 0},
	{"caseworker", "Caseworker", 0, 0},
	{"readonly", "Read only", 0, 0},
	{"board", "Board (dashboard and figures only)", 0, 0},
	{"qa", "Quality assurance auditor (audits only)", 0, 0},
};
LIST(codes_role, "role", role);

/* Services asked for advice and information (SEND Regs 2014 reg 6(1)). */
static const struct code advice_service[] = {
	{"EP", "Educational psychology", 0, 0},
	{"PAED", "Paediatrics", 0, 0},
	{"SALT", "Speech and language therapy", 0, 0},
	{"OT", "Occupational therapy", 0, 0},
	{"PHYSIO", "Physiotherapy", 0, 0},
	{"CAMHS", "Child and adolescent mental health services (CAMHS)", 0, 0},
	{"SC", "Social care (children with disabilities)", 0, 0},
	{"SENCO", "School or setting (SENCO)", 0, 0},
	{"P16", "Post-16 and careers", 0, 0},
	{"DCO", "Designated clinical officer", 0, 0},
	{"OTH", "Other", 0, 0},
};
LIST(codes_advice_service, "advice_service", advice_service);

/* Why emails to a contact were turned off (the contact and its history stay). */
static const struct code email_off[] = {
	{"bounced", "Emails bounced", 0, 0},
	{"left", "Has left the service", 0, 0},
	{"asked", "Asked not to be emailed", 0, 0},
	{"other", "Another reason", 0, 0},
};
LIST(codes_email_off, "email_off", email_off);

/* The caseworker's rating of advice received: complete, specific, quantified. */
static const struct code rating[] = {
	{"yes", "Yes", 0, 0},
	{"partly", "Partly", 0, 0},
	{"no", "No", 0, 0},
};
LIST(codes_rating, "rating", rating);

static const struct code weekday[] = {
	{"monday", "Monday", 0, 0}, {"tuesday", "Tuesday", 0, 0}, {"wednesday", "Wednesday", 0, 0},
	{"thursday", "Thursday", 0, 0}, {"friday", "Friday", 0, 0}, {"saturday", "Saturday", 0, 0},
	{"sunday", "Sunday", 0, 0},
};
LIST(codes_weekday, "weekday", weekday);

/* ---- the people around the child (issue 16; domain/entities_family.c) ---- */

static const struct code relationship[] = {
	{"mother", "Mother", 0, 0},
	{"father", "Father", 0, 0},
	{"parent", "Parent", 0, 0},
	{"step_parent", "Step-parent", 0, 0},
	{"carer", "Carer or foster carer", 0, 0},
	{"grandparent", "Grandparent", 0, 0},
	{"relative", "Other relative", 0, 0},
	{"social_worker", "Social worker (corporate parent)", 0, 0},
	{"advocate", "Advocate", 0, 0},
	{"other", "Other", 0, 0},
	{"self", "The young person themself", 0, 0},
};
LIST(codes_relationship, "relationship", relationship);

static const struct code contact_method[] = {
	{"post", "Post", 0, 0},
	{"email", "Email", 0, 0},
	{"phone", "Phone", 0, 0},
};
LIST(codes_contact_method, "contact_method", contact_method);

/* ISO 639 codes: a letter template translated into one is NAME.CODE.txt (docs/family.md) */
static const struct code language[] = {
	{"en", "English", 0, 0},
	{"cy", "Welsh", 0, 0},
	{"ar", "Arabic", 0, 0},
	{"bn", "Bengali", 0, 0},
	{"bfi", "British Sign Language", 0, 0},
	{"bg", "Bulgarian", 0, 0},
	{"zh", "Chinese", 0, 0},
	{"fa", "Persian (Farsi)", 0, 0},
	{"fr", "French", 0, 0},
	{"gu", "Gujarati", 0, 0},
	{"hu", "Hungarian", 0, 0},
	{"it", "Italian", 0, 0},
	{"ku", "Kurdish", 0, 0},
	{"lt", "Lithuanian", 0, 0},
	{"pa", "Panjabi", 0, 0},
	{"ps", "Pashto", 0, 0},
	{"pl", "Polish", 0, 0},
	{"pt", "Portuguese", 0, 0},
	{"ro", "Romanian", 0, 0},
	{"so", "Somali", 0, 0},
	{"es", "Spanish", 0, 0},
	{"ta", "Tamil", 0, 0},
	{"ti", "Tigrinya", 0, 0},
	{"tr", "Turkish", 0, 0},
	{"uk", "Ukrainian", 0, 0},
	{"ur", "Urdu", 0, 0},
	{"other", "Another language", 0, 0},
};
LIST(codes_language, "language", language);

static const struct code consent_scope[] = {
	{"education", "Education", 0, 0},
	{"health", "Health", 0, 0},
	{"social_care", "Social care", 0, 0},
	{"all", "All partners", 0, 0},
};
LIST(codes_consent_scope, "consent_scope", consent_scope);

static const struct code consent_how[] = {
	{"written", "In writing", 0, 0},
	{"verbal", "Verbally", 0, 0},
	{"portal", "Through the online portal", 0, 0},
};
LIST(codes_consent_how, "consent_how", consent_how);

static const struct code view_whose[] = {
	{"child", "The child or young person", 0, 0},
	{"parent", "A parent or carer", 0, 0},
};
LIST(codes_view_whose, "view_whose", view_whose);

static const struct code view_how[] = {
	{"meeting", "At a meeting", 0, 0},
	{"form", "On a form", 0, 0},
	{"drawing", "Through a drawing", 0, 0},
	{"advocate", "Through an advocate", 0, 0},
	{"phone", "By phone", 0, 0},
	{"other", "Another way", 0, 0},
};
LIST(codes_view_how, "view_how", view_how);

/* Phase transfers (SEND Regs 2014 reg 2(1), 18); the codes are the clock's. */
static const struct code phase_kind[] = {
	{"school_entry", "Early years to school (Reception)", 0, 0},
	{"junior", "Infant to junior school (Year 2 to 3)", 0, 0},
	{"middle", "First, middle or upper school (middle-school system)", 0, 0},
	{"secondary", "Primary to secondary (Year 6 to 7)", 0, 0},
	{"post16", "Secondary to post-16 (Year 11 onwards)", 0, 0},
};
LIST(codes_phase_kind, "phase_kind", phase_kind);

static const struct code panel_kind[] = {
	{"assess", "Decision whether to assess", 0, 0},
	{"issue", "Decision whether to issue a plan", 0, 0},
	{"placement", "Placement", 0, 0},
};
LIST(codes_panel_kind, "panel_kind", panel_kind);

static const struct code panel_decision[] = {
	{"agree", "Agreed", 0, 0},
	{"decline", "Declined", 0, 0},
	{"defer", "Deferred to a later panel", 0, 0},
};
LIST(codes_panel_decision, "panel_decision", panel_decision);

/* documents on a child's record (domain/documents.h) */
static const struct code document_type[] = {
	{"advice", "Advice or report", 0, 0},
	{"plan_draft", "Draft EHC plan", 0, 0},
	{"plan_final", "Final EHC plan", 0, 0},
	{"review", "Annual review paperwork", 0, 0},
	{"letter_in", "Letter received", 0, 0},
	{"other", "Other", 0, 0},
};
LIST(codes_document_type, "document_type", document_type);

const struct code *code_find(const struct code_list *l, const char *code, int year)
{
	if (!l || !code)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct code *c = &l->codes[i];
		if (strcmp(c->code, code) != 0)
			continue;
		/* a code may recur with other years (e.g. a redefined code) */
		if (year && c->from_year && year < c->from_year)
			continue;
		if (year && c->to_year && year > c->to_year)
			continue;
		return c;
	}
	return NULL;
}

const char *code_label(const struct code_list *l, const char *code)
{
	const struct code *c = code_find(l, code, 0);
	return c ? c->label : NULL;
}

const char *code_or(const struct code_list *l, const char *c, const char *dflt)
{
	const char *x = (c && *c) ? code_label(l, c) : NULL;
	return x ? x : (c && *c ? c : dflt);
}
