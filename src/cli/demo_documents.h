/* demo_documents.h — documents for the demo area (demo_documents.c). */
#ifndef SENDMIS_DEMO_DOCUMENTS_H
#define SENDMIS_DEMO_DOCUMENTS_H
#include "cli/demo.h"

/* Adds a few documents to about one child in twenty of the area
 * demo_generate has just made, inside its transaction: an advice report
 * (a small PDF) carried by the child's first advice received, and for
 * some a letter received (text) or a plan from before sendmis (PDF).
 * 0, or -1 with a message in err. */
int demo_documents(db *d, const struct demo_opts *o, char *err, size_t errlen);

#endif
