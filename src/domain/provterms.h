/* provterms.h — the provision check's table of terms, as an area has it:
 * the one compiled in (data/provision-terms.txt) and the area's own file,
 * named by the `provision_terms` setting, whose terms are checked beside
 * them (docs/provision-check.md). */
#ifndef SENDMIS_PROVTERMS_H
#define SENDMIS_PROVTERMS_H
#include "core/provision.h"

/* Loads both into t (free with prov_terms_free).  area_file NULL or "":
 * only the compiled-in table.  0, or -1 with err naming the file, the line
 * and what is wrong (t then empty). */
int provision_terms_load(const char *area_file, struct prov_terms *t, char *err, size_t errlen);

/* The same, loaded once and kept for the life of the process, for the
 * server's pages (every version page, item form and keystroke's check reads
 * it): never NULL.  When the area's file cannot be used, the table is the
 * compiled-in one alone and *problem says why (else *problem is "").  Safe
 * from several threads; the table is never changed once returned. */
const struct prov_terms *provision_terms_shared(const char *area_file, const char **problem);

#endif
