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

#endif
