/* entity.h — editable records described as data.
 *
 * DESIGN: each editable noun (person, plan, need, placement, named setting,
 * visit, note, request, assessment, review, establishment) is one
 * `struct entity`: its fields in form order, each with a type that picks the
 * core validator, and its literal SQL with `?` placeholders bound in field
 * order.  One engine (entity.c) parses and validates a submission, keeps
 * what was typed for redisplay, saves with optimistic locking (UPDATE …
 * WHERE id=? AND version=?), and reports which fields changed for the
 * audit trail.  The web layer renders the same table as a GOV.UK form.
 * The field tables and SQL live beside their nouns in entities.c.
 */
#ifndef SENDMIS_ENTITY_H
#define SENDMIS_ENTITY_H
#include "core/codes.h"
#include "core/date.h"
#include "core/errs.h"
#include "core/buf.h"
#include "store/db.h"
#include <stdint.h>

enum ftype {
	FT_TEXT, FT_TEXTAREA, FT_DATE, FT_CODE, FT_FLAG, FT_INT, FT_ESTAB, FT_PANEL,
	FT_UPN, FT_ULN, FT_NHS, FT_POSTCODE, FT_URN, FT_UKPRN, FT_LA, FT_EMAIL,
	/* checkboxes: items of the same plan version (planref.h), stored "B1,C2";
	 * read from the form with the field's name and '*' (every value, comma
	 * separated).  The needs (sections B, C and D), or the outcomes (E). */
	FT_REFS_NEEDS, FT_REFS_OUTCOMES,
	FT_KIN,   /* one of the child's own contacts (person_contacts, family.h) */
	FT_PHONE, /* a telephone number (core/family.h) */
};
/* The sections a FT_REFS_* field offers ("B,C,D"); NULL for other types. */
const char *ftype_refs_sections(enum ftype t);

enum field_opts {
	FO_REQUIRED = 1 << 0,
	FO_NOT_FUTURE = 1 << 1,   /* dates: today or earlier */
	FO_DOB = 1 << 2,          /* dates: gives an age of 0 to 25 today */
};

struct field {
	const char *name;     /* form name and audit field name */
	const char *label;    /* as shown; errors use it */
	enum ftype type;
	unsigned opts;
	const struct code_list *codes;  /* FT_CODE */
	int maxlen;           /* FT_TEXT/FT_TEXTAREA characters; 0 = 100 / 5000 */
	long long min, max;   /* FT_INT */
	const char *hint;
};

#define ENT_MAX_FIELDS 24

struct record {
	int64_t id, version, parent_id, person_id;
	char *v[ENT_MAX_FIELDS];         /* canonical values; NULL = empty */
	char *typed[ENT_MAX_FIELDS][3];  /* what was typed (dates: day, month, year) */
};

struct entity;
typedef void (*entity_check_fn)(const struct entity *e, const struct record *r, day_t today, struct errs *err);
struct change;
/* Marks the children a save reaches beyond the record's own child (a
 * setting's children when the setting or its closures change), for the
 * refresh of their derived data (change.h).  -1 on a store error. */
typedef int (*entity_touch_fn)(struct change *c, const struct record *r);
/* Rules against other stored records (a final plan before its request…). */
typedef void (*entity_check_db_fn)(db *d, const struct entity *e, const struct record *r, day_t today,
                                   struct errs *err);


/* A save the user must confirm first: the record may be another's over again
 * (the same name and date of birth as someone already recorded).  The form
 * asks `question` with two answers in the parameter `param`: "yes" (it is
 * the same: nothing is saved, and the user is taken to that record) or "no"
 * (a different one: saved). */
struct entity_warning {
	const char *param;
	char question[720];   /* two names of up to 240 bytes each, and the rest */
	const char *yes_label, *no_label;
	int64_t person_id;       /* the record it may be */
};
/* 1 with *w filled when the save of r (old: the stored record, or an empty one) needs
 * confirming; 0 when not; -1 on a store error. */
typedef int (*entity_warn_db_fn)(db *d, const struct entity *e, const struct record *old, const struct record *r,
                                 struct entity_warning *w);

struct entity {
	const char *name;        /* audit entity name and URL segment, e.g. "placements" */
	const char *noun;        /* "placement" */
	const char *parent;      /* URL segment of the parent: "people", "plans", "placements", "requests" */
	const struct field *fields;
	int nfields;
	const char *sql_load;    /* SELECT <fields…>, version, <parent id>, <person id> FROM … WHERE id=? */
	const char *sql_insert;  /* INSERT … (<parent id>, <fields…>[, extra]) VALUES (…) RETURNING id */
	const char *sql_update;  /* UPDATE … SET <fields…>=?, version=version+1 WHERE id=? AND version=? */
	const char *sql_delete;  /* DELETE FROM … WHERE id=? AND version=?  (NULL: cannot delete) */
	const char *sql_person_of_parent;  /* SELECT <person id> FROM <parent table> WHERE id=? */
	entity_check_fn check;   /* cross-field rules; may be NULL */
	entity_touch_fn touch;   /* other children the save reaches; may be NULL */
	const char *constraint_msg; /* shown when the store refuses (unique rank, one active plan…) */
	unsigned insert_extra;   /* INS_USER, INS_NOW: bound after the fields, in that order */
	entity_check_db_fn check_db; /* after `check` passes; may be NULL */
	entity_warn_db_fn warn_db;   /* after every check passes; may be NULL */
	const char *person_tab;      /* the tab of the child's record it is shown on: "/plan",
	                                "/timeline"… (NULL: the overview) */
};

/* Reference fields: the table a value must be an id of, and its options. */
const char *ftype_ref_exists_sql(enum ftype t);   /* SELECT 1 FROM … WHERE id=? */
const char *ftype_ref_label_sql(enum ftype t);    /* SELECT <label> FROM … WHERE id=? */

enum { INS_USER = 1, INS_NOW = 2 };

enum entity_rc {
	ENT_OK = 0,
	ENT_INVALID = 1,     /* errors in err */
	ENT_STALE = 2,       /* someone else saved first: nothing written */
	ENT_CONSTRAINT = 3,  /* the store refused: constraint_msg */
	ENT_NOT_FOUND = 4,
	ENT_ERROR = -1,
};

void record_free(struct record *r);
int entity_field_index(const struct entity *e, const char *name);
const char *record_get(const struct entity *e, const struct record *r, const char *name);

/* Loads a record; ENT_OK or ENT_NOT_FOUND. */
int entity_load(db *d, const struct entity *e, int64_t id, struct record *r);
/* person id for a new child of parent_id (0 for a parent that is no person's,
 * such as a setting); -1 if the parent does not exist. */
int64_t entity_parent_person(db *d, const struct entity *e, int64_t parent_id);

typedef const char *(*param_get_fn)(void *ctx, const char *name);
/* Parses and validates a submission into r (typed values kept).  Returns
 * ENT_OK or ENT_INVALID. */
int entity_parse(db *d, const struct entity *e, struct record *r, param_get_fn get, void *ctx,
                 day_t today, struct errs *err);

/* Points the error summary's links for date fields at their day box. */
void entity_anchor_errors(const struct entity *e, struct errs *err);

/* Inserts r (r->parent_id set; bound first unless the entity has no parent).  Fills r->id.  `fields` gets the names of
 * the fields given, `changes` their values as JSON. */
int entity_insert(db *d, const struct entity *e, struct record *r, int64_t user_id, const char *now_iso,
                  buf *fields, buf *changes);
/* Updates old -> nw where nw->version is the version the editor loaded. */
int entity_update(db *d, const struct entity *e, const struct record *old, struct record *nw,
                  buf *fields, buf *changes);
int entity_delete(db *d, const struct entity *e, const struct record *r);

struct actor;
/* One whole change (change.h): inserts r (is_new) or updates old -> r, writes
 * the audit row naming the child, refreshes the derived data of every child
 * it reaches and commits; nothing is written unless all of that succeeds.
 * ENT_OK, ENT_STALE, ENT_CONSTRAINT or ENT_ERROR. */
int entity_save(db *d, const struct actor *who, const struct entity *e, const struct record *old, struct record *r,
                int is_new);
/* The same for removing r (r->version: the version the user saw). */
int entity_remove(db *d, const struct actor *who, const struct entity *e, const struct record *r);

/* A value for display: code label for codes, "Yes"/"No" for flags. */
const char *field_display(db *d, const struct field *f, const char *v, char *tmp, size_t n);

/* The entities (entities.c). */
extern const struct entity ent_person, ent_plan, ent_need, ent_placement, ent_named,
	ent_visit, ent_note, ent_request, ent_assessment, ent_review, ent_establishment,
	ent_request_plan, ent_advice, ent_exception, ent_phase, ent_closure, ent_area_closure,
	ent_panel, ent_panel_case, ent_service, ent_contact, ent_senco, ent_kpi_reference;
/* An EHC plan's sections (entities_plan.c): A, J and the family's comments
 * edit the version itself (id: the version's); the others are its items
 * (parent: the version). */
extern const struct entity ent_plan_a, ent_plan_j, ent_plan_comments, ent_plan_b, ent_plan_c, ent_plan_d,
	ent_plan_e, ent_plan_f, ent_plan_g, ent_plan_h1, ent_plan_h2, ent_plan_k;
/* The entity of a section's items ("B" … "K"); NULL for A, I and J. */
const struct entity *plan_section_entity(const char *section);
/* The section of an item entity ("F"); NULL for the others. */
const char *plan_entity_section(const struct entity *e);
/* Whether e is one of them: its record's parent id is the plan version. */
int entity_is_plan_section(const struct entity *e);
/* The people around the child (entities_family.c). */
extern const struct entity ent_kin, ent_capacity, ent_consent, ent_consent_withdraw, ent_view;
const struct entity *entity_by_name(const char *name);

#endif
