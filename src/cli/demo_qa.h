/* demo_qa.h — a year of plan quality audits for the demo area (demo_qa.c). */
#ifndef SENDMIS_DEMO_QA_H
#define SENDMIS_DEMO_QA_H
#include "cli/demo.h"

/* After the area is committed: three QA-only auditors (education, health,
 * social care), and for each of the last twelve months its sample drawn,
 * assigned, graded and completed, one audit in five moderated, and
 * actions for plans below good.  0, or -1 with a message in err. */
int demo_qa(db *d, const struct demo_opts *o, char *err, size_t errlen);

#endif
