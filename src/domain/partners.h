/* partners.h — the directory of partners as the pages read it: services,
 * their contacts and settings' SENCOs, and who may be asked for advice
 * about a child.
 *
 * DESIGN: the editable nouns (ent_service, ent_contact, ent_senco) are in
 * partners.c with the other entities; these are the lists.  Each calls fn
 * once per row with a struct whose strings are valid only during the call;
 * fn returns nonzero to stop.  Each returns 0, or -1 on a store error.
 */
#ifndef SENDMIS_PARTNERS_H
#define SENDMIS_PARTNERS_H
#include "core/date.h"
#include "store/db.h"
#include <stdint.h>

/* Every service, open ones first, by name: with its contacts counted. */
struct partner_service {
	int64_t id;
	const char *name, *kind, *email, *manager_name;
	int closed;
	int64_t contacts, not_emailed;   /* contacts, and those whose emails are turned off */
};
typedef int (*partner_service_fn)(void *ctx, const struct partner_service *s);
int partners_services_each(db *d, partner_service_fn fn, void *ctx);
/* The services taking requests (closed = 0), by name: id, name, kind, email. */
int partners_open_services_each(db *d, partner_service_fn fn, void *ctx);

/* The contacts of a service (setting 0) or a setting (setting 1), by name;
 * emailed_only: only those whose emails are not turned off. */
struct partner_contact {
	int64_t id;
	const char *name, *job_title, *email, *phone;
	const char *email_off;   /* "" while they are emailed, else the reason's code */
	const char *setting;     /* partners_sencos_each: the setting's name */
};
typedef int (*partner_contact_fn)(void *ctx, const struct partner_contact *c);
int partners_contacts_each(db *d, int setting, int64_t id, int emailed_only, partner_contact_fn fn, void *ctx);

/* The contacts of the settings a child is placed at on `today`: their
 * SENCOs, to ask and invite. */
int partners_sencos_each(db *d, int64_t person_id, day_t today, partner_contact_fn fn, void *ctx);

/* The services (and the contact at each, 0 = the team's address) already
 * asked for advice about a child. */
typedef int (*partner_involved_fn)(void *ctx, int64_t service_id, int64_t contact_id);
int partners_involved_each(db *d, int64_t person_id, partner_involved_fn fn, void *ctx);

/* 1 if contact_id is a contact of service_id whose emails are not turned
 * off, 0 if not, -1 on a store error. */
int partners_contact_emailed(db *d, int64_t contact_id, int64_t service_id);

#endif
