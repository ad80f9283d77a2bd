/* planref.h — the numbers of an EHC plan's items: "B2", "E1", "F3", "H1-2".
 *
 * DESIGN: a plan's needs, outcomes and provision are items numbered within
 * their section.  An item keeps its number from version to version, so an
 * outcome says which needs it addresses, and a provision item which
 * outcomes it serves, by these references ("B1,C2"), and two versions
 * compare item by item.  Pure: no I/O.
 */
#ifndef SENDMIS_PLANREF_H
#define SENDMIS_PLANREF_H
#include <stddef.h>

#define PLAN_REF_MAX 12

/* The sections whose content is items, in plan order. */
extern const char *const plan_item_sections[];   /* "B" … "K", NULL-terminated */

/* Whether `section` is one of them. */
int plan_section_valid(const char *section);
/* Its heading: "Special educational needs" for "B". */
const char *plan_section_title(const char *section);
/* Its order in the plan (A 0 … K 11); -1 for no such section. */
int plan_section_order(const char *section);

/* "B2", "H1-2" (a section that ends in a digit takes a hyphen). */
void plan_ref(const char *section, long long num, char out[PLAN_REF_MAX]);
/* Reads one reference (any case, spaces around it allowed): 0 with the
 * section and number, or -1 if it is not one. */
int plan_ref_parse(const char *s, char section[3], long long *num);

/* Whether a comma-separated list of references (as stored) contains `ref`. */
int plan_refs_contain(const char *list, const char *ref);

#endif
