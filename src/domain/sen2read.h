/* sen2read.h — reading a SEN2 XML file, one person at a time.
 *
 * DESIGN: libxml2's streaming reader (xmlTextReader): the file is never held
 * whole, so a 640,000-person file reads in the memory of one person (core/
 * sen2.h sen2_person).  Elements are recognised through core/sen2.c's
 * table, the same one the export writes with, so what is written can be
 * read back.  A file that declares a DTD is refused before anything in it is
 * expanded (a SEN2 file has none, and entities can expand to gigabytes); a
 * file that is not well-formed or stops short is refused with the line and
 * libxml2's reason.  Problems of structure that leave the file readable (an
 * unknown element, a block in the wrong place, an item twice, an item not in
 * the collection year) are reported, with the person's position and the
 * line, and reading goes on.
 */
#ifndef SENDMIS_SEN2READ_H
#define SENDMIS_SEN2READ_H
#include "core/sen2.h"
#include <stddef.h>

struct sen2_file_header {
	char year[8], reference_date[16], lea[8];
	long long bytes;         /* of the file read so far (progress), as each person is handed over */
};

struct sen2_reader_cb {
	/* each person, after the header; non-zero stops reading */
	int (*person)(void *ctx, const struct sen2_file_header *h, struct sen2_person *p);
	/* a problem of structure: person_index 0 for the header */
	void (*problem)(void *ctx, long person_index, long line, const char *message);
	void *ctx;
};

/* 0 read to the end (or stopped by the callback); -1 the file cannot be
 * read, err saying where and why. */
int sen2_read_file(const char *path, struct sen2_file_header *h, const struct sen2_reader_cb *cb, char *err,
                   size_t errlen);

/* The same, from memory (the fuzz target). */
int sen2_read_memory(const char *data, size_t len, struct sen2_file_header *h, const struct sen2_reader_cb *cb,
                     char *err, size_t errlen);

#endif
