/* codes.h — code lists (SEN2 and sendmis's own), as data.
 *
 * DESIGN: every coded field is validated against one of these tables; a
 * code may carry the collection years it is valid for (from_year/to_year,
 * 0 = open), because SEN2 lists change by year (e.g. SENtype DS from 2025).
 * Labels are what a person sees on a page.  Nothing else in the code base
 * spells out a code list.
 */
#ifndef SENDMIS_CODES_H
#define SENDMIS_CODES_H
#include <stddef.h>

struct code {
	const char *code;
	const char *label;
	int from_year, to_year;   /* SEN2 collection years; 0 = no bound */
};

struct code_list {
	const char *name;
	const struct code *codes;
	size_t n;
};

extern const struct code_list codes_sen_type;        /* SENtype: SPLD MLD ... DS OTH */
extern const struct code_list codes_sen_setting;     /* SENsetting: OLA OPA EHE EYP OTH NEET NIEC NIEO, + sendmis AWAIT */
extern const struct code_list codes_ethnicity;       /* CBDS main codes WBRI ... REFU NOBT */
extern const struct code_list codes_sex;             /* M F */
extern const struct code_list codes_cease_reason;    /* "1".."9" */
extern const struct code_list codes_request_source;  /* "1".."5" */
extern const struct code_list codes_request_outcome; /* Y N W (sendmis stores decided outcomes; A/H derived at extract) */
extern const struct code_list codes_assessment_outcome; /* Y N W */
extern const struct code_list codes_upn_unknown;     /* UN1 UN2 UN3 UN5 UN8 UN9 UN10 */
extern const struct code_list codes_review_outcome;  /* A C M */
extern const struct code_list codes_need_area;      /* plan section B: CI CL SEMH SP */
extern const struct code_list codes_pfa;            /* preparing for adulthood: EMP IL COM HEA */
extern const struct code_list codes_progress;       /* achieved progressing not_progressing */
extern const struct code_list codes_residential;     /* sendmis: "38" up to 38 weeks, "51" 39-51 weeks, "52" 52 weeks (SEN2 A/B derived by year) */
extern const struct code_list codes_work_based;      /* SI supported internship, AP apprenticeship, TR traineeship */
extern const struct code_list codes_setting_type;    /* sendmis establishment types: MS SP ISP FE SPI AP EY IND */
extern const struct code_list codes_phase;           /* EY PRI INF JUN FIR MID SEC ALL P16 NA */
extern const struct code_list codes_ofsted;          /* "1" Outstanding "2" Good "3" Requires improvement "4" Inadequate */
extern const struct code_list codes_visit_type;      /* welfare monitoring qa */
extern const struct code_list codes_visit_outcome;   /* none concerns safeguarding */
extern const struct code_list codes_plan_status;     /* draft active ceased */
extern const struct code_list codes_role;            /* admin manager caseworker readonly */
extern const struct code_list codes_advice_service;  /* EP PAED SALT OT PHYSIO CAMHS SC SENCO P16 DCO OTH */
extern const struct code_list codes_phase_kind;      /* school_entry junior middle secondary post16 */
extern const struct code_list codes_panel_kind;      /* assess issue placement */
extern const struct code_list codes_panel_decision;  /* agree decline defer */
extern const struct code_list codes_exception_reason; /* rules.c: the clock's exception reasons */
extern const struct code_list codes_email_off;       /* bounced left asked other */
extern const struct code_list codes_rating;          /* yes partly no */
extern const struct code_list codes_document_type;   /* advice plan_draft plan_final review letter_in other */
extern const struct code_list codes_weekday;         /* monday … sunday */
/* the people around the child (issue 16) */
extern const struct code_list codes_relationship;    /* mother father parent step_parent carer grandparent relative social_worker advocate other self */
extern const struct code_list codes_contact_method;  /* post email phone */
extern const struct code_list codes_language;        /* ISO 639: en cy ar … other */
extern const struct code_list codes_consent_scope;   /* education health social_care all */
extern const struct code_list codes_consent_how;     /* written verbal portal */
extern const struct code_list codes_view_whose;      /* child parent */
extern const struct code_list codes_view_how;        /* meeting form drawing advocate phone other */

/* The entry for code, or NULL if not in the list.  year 0 = any year. */
const struct code *code_find(const struct code_list *l, const char *code, int year);
/* Label for code, or NULL. */
const char *code_label(const struct code_list *l, const char *code);
/* The label of c; c itself if it is not in the list; dflt if c is empty. */
const char *code_or(const struct code_list *l, const char *c, const char *dflt);

#endif
