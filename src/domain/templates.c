/* templates.c — see templates.h. */
#include "domain/templates.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_ADVICE "service_name,contact_name,sent_date,due_date,duty"
#define EMAIL_CONTRIBUTION EMAIL_ADVICE ",meeting_date"

const char *const template_email_common = "la_name,case_ref,link,caseworker_name,caseworker_email,today";
const char *const template_letter_common =
	"la_name,case_ref,today,child_name,child_dob,caseworker_name,caseworker_email,recipient_name";
const char *const template_email_forbidden =
	"child_name,child_dob,forename,surname,dob,name,address,postcode,needs,sen_type,upn,uln,nhs_number";

const struct template_def template_defs[] = {
	{"email", "advice_request", "Advice requested (reg 6, 8)", EMAIL_ADVICE},
	{"email", "advice_reminder", "Reminder before the advice deadline", EMAIL_ADVICE ",days_left"},
	{"email", "advice_overdue", "Advice overdue, to the contact", EMAIL_ADVICE ",days_overdue"},
	{"email", "advice_escalation", "Advice overdue, to the service manager", EMAIL_ADVICE ",manager_name,days_overdue"},
	{"email", "review_invitation", "Annual review meeting: contributions asked for (reg 20)",
	 "service_name,contact_name,meeting_date,due_date,duty"},
	{"email", "review_contribution_reminder", "Reminder before a contribution to an annual review is due",
	 EMAIL_CONTRIBUTION ",days_left"},
	{"email", "review_contribution_overdue", "Contribution to an annual review overdue, to the contact",
	 EMAIL_CONTRIBUTION ",days_overdue"},
	{"email", "review_contribution_escalation", "Contribution to an annual review overdue, to the service manager",
	 EMAIL_CONTRIBUTION ",manager_name,days_overdue"},
	{"email", "review_due_notice", "Annual review falling due, to the setting", "contact_name,review_due"},
	{"email", "weekly_caseworker", "Weekly summary for a caseworker", "user_name,overdue_count,due_count,due_days,summary_lines"},
	{"email", "weekly_manager", "Weekly summary for a manager", "user_name,summary_lines,reviews_lines"},
	{"letters", "decision_to_assess", "Decision to assess", "request_date,decision_date,final_due"},
	{"email", "survey_invitation", "A survey's single-use link, to a family contact who consented (docs/surveys.md)",
	 "contact_name,survey_name,expires,anonymous"},
	{"letters", "decision_not_to_assess", "Decision not to assess", "request_date,decision_date"},
	{"letters", "advice_request", "Advice request to a professional", "service_name,contact_name,sent_date,due_date"},
	{"letters", "review_invitation", "Annual review invitation", "meeting_date,due_date"},
	{"letters", "review_decision", "Decision after an annual review", "meeting_date,decision_date,review_outcome"},
	{"letters", "proposed_amendments", "Notice of proposed amendments", "decision_date,comments_due,final_due"},
};
const int template_defs_n = (int)(sizeof template_defs / sizeof template_defs[0]);

static const struct { const char *field, *value; } samples[] = {
	{"la_name", "Exampleshire County Council"}, {"case_ref", "SM-000123"},
	{"link", "https://sendmis.example.gov.uk/people/123"}, {"caseworker_name", "Sam Caseworker"},
	{"caseworker_email", "sen.team@example.gov.uk"}, {"today", "1 December 2026"},
	{"service_name", "Educational psychology (North)"}, {"contact_name", "Dr Alex Example"},
	{"sent_date", "1 December 2026"}, {"due_date", "12 January 2027"},
	{"duty", "SEND Regulations 2014, regulation 8(1)"}, {"days_left", "10"}, {"days_overdue", "3"},
	{"manager_name", "Jo Manager"}, {"meeting_date", "3 February 2027"}, {"review_due", "28 February 2027"},
	{"user_name", "Sam Caseworker"}, {"overdue_count", "4"}, {"due_count", "7"}, {"due_days", "14"},
	{"summary_lines", "- 4 steps overdue\n- 7 steps due in the next 14 days"},
	{"reviews_lines", "- 120 active plans\n- 6 annual reviews overdue by up to 4 weeks"},
	{"child_name", "Alex Sample"}, {"child_dob", "4 May 2015"}, {"request_date", "2 September 2026"},
	{"decision_date", "14 October 2026"}, {"final_due", "20 January 2027"}, {"review_outcome", "to amend the plan"},
	{"comments_due", "29 October 2026"}, {"recipient_name", "Ms Alex Parent"},
	{"survey_name", "Parents' and carers' feedback on the EHC plan"}, {"expires", "4 January 2027"},
	{"anonymous", "Your answers are anonymous: we cannot tell who gave them."},
};

const char *template_sample(const char *field)
{
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		if (strcmp(samples[i].field, field) == 0)
			return samples[i].value;
	return "(sample)";
}

int template_list_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t ln = c ? (size_t)(c - p) : strlen(p);
		if (ln == n && memcmp(p, name, n) == 0)
			return 1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

const struct template_def *template_def_get(const char *kind, const char *name)
{
	for (int i = 0; kind && name && i < template_defs_n; i++)
		if (!strcmp(template_defs[i].kind, kind) && !strcmp(template_defs[i].name, name))
			return &template_defs[i];
	return NULL;
}

static char tdir[512];

void templates_set_dir(const char *dir)
{
	snprintf(tdir, sizeof tdir, "%s", dir ? dir : "");
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b;
	buf_init(&b, 1 << 20);
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	int bad = ferror(f) || b.err;
	fclose(f);
	if (bad) {
		buf_free(&b);
		return NULL;
	}
	buf_puts(&b, "");
	return buf_detach(&b, NULL);
}

char *template_source(const char *kind, const char *name)
{
	if (!template_def_get(kind, name))
		return NULL;
	if (tdir[0]) {
		char path[800];
		snprintf(path, sizeof path, "%s/%s/%s.txt", tdir, kind, name);
		char *s = read_all(path);
		if (s)
			return s;
	}
	for (int i = 0; i < embedded_templates_n; i++)
		if (!strcmp(embedded_templates[i].kind, kind) && !strcmp(embedded_templates[i].name, name))
			return strdup(embedded_templates[i].src);
	return NULL;
}

/* The caller's values the row allows, in vals (at most cap). */
static int allowed(const struct template_def *d, const char *common, const struct tmpl_val *v, int nv,
                   struct tmpl_val *out, int cap)
{
	int n = 0;
	for (int i = 0; i < nv && n < cap; i++)
		if (template_list_has(common, v[i].name) || template_list_has(d->fields, v[i].name))
			out[n++] = v[i];
	return n;
}

int template_email(const char *name, const struct tmpl_val *v, int nv, buf *subject, buf *body, char *err,
                   size_t errlen)
{
	const struct template_def *d = template_def_get("email", name);
	char *src = d ? template_source("email", name) : NULL;
	if (!src) {
		snprintf(err, errlen, "email template %s: not found", name);
		return -1;
	}
	struct tmpl_val ok[48];
	int n = allowed(d, template_email_common, v, nv, ok, 48);
	char e[200];
	int rc = tmpl_email(src, ok, n, subject, body, e, sizeof e);
	if (rc < 0)
		snprintf(err, errlen, "email template %s: %s", name, e);
	free(src);
	return rc;
}

/* The translation of letter `name` into `lang` (NAME.LANG.txt in template_dir, else compiled in),
 * or NULL when none is held.  lang: 2 or 3 lower-case letters (an ISO 639 code). */
static char *letter_translation(const char *name, const char *lang)
{
	size_t n = lang ? strlen(lang) : 0;
	if (n < 2 || n > 3 || strspn(lang, "abcdefghijklmnopqrstuvwxyz") != n)
		return NULL;
	char tname[96];
	snprintf(tname, sizeof tname, "%s.%s", name, lang);
	if (tdir[0]) {
		char path[800];
		snprintf(path, sizeof path, "%s/letters/%s.txt", tdir, tname);
		char *s = read_all(path);
		if (s)
			return s;
	}
	for (int i = 0; i < embedded_templates_n; i++)
		if (!strcmp(embedded_templates[i].kind, "letters") && !strcmp(embedded_templates[i].name, tname))
			return strdup(embedded_templates[i].src);
	return NULL;
}

int template_letter(const char *name, const struct tmpl_val *v, int nv, struct tmpl_letter *out, char *err,
                    size_t errlen)
{
	return template_letter_in(name, NULL, v, nv, out, NULL, err, errlen);
}

int template_letter_in(const char *name, const char *lang, const struct tmpl_val *v, int nv, struct tmpl_letter *out,
                       int *translated, char *err, size_t errlen)
{
	const struct template_def *d = template_def_get("letters", name);
	char *src = d ? letter_translation(name, lang) : NULL;
	if (translated)
		*translated = src != NULL;
	if (d && !src)
		src = template_source("letters", name);
	if (!src) {
		memset(out, 0, sizeof *out);
		snprintf(err, errlen, "letter template %s: not found", name);
		return -1;
	}
	struct tmpl_val ok[48];
	int n = allowed(d, template_letter_common, v, nv, ok, 48);
	char e[200];
	int rc = tmpl_letter(src, ok, n, out, e, sizeof e);
	if (rc < 0)
		snprintf(err, errlen, "letter template %s: %s", name, e);
	free(src);
	return rc;
}
