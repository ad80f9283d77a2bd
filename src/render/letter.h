/* letter.h — statutory letters rendered to PDF (cairo + pango).
 *
 * DESIGN: the caller describes a letter as a few header fields and a flat
 * list of blocks (heading, paragraph, bullet) of PLAIN UTF-8 text; nothing
 * is ever interpreted as markup, so "<b>" and "&amp;" print as typed.  The
 * renderer lays every block out once, flows the lines down A4 pages
 * (splitting a block line by line where it crosses a page end), counts the
 * pages, then draws them with a footer ("legal" text plus "Page N of M").
 * The PDF is streamed into a buf: no temporary files.  Each call builds its
 * own pango font map, so concurrent calls from server threads share nothing
 * but fontconfig's own (thread-safe) caches.
 */
#ifndef SENDMIS_LETTER_H
#define SENDMIS_LETTER_H
#include <stddef.h>
#include "core/buf.h"   /* the project's growable buffer */

enum letter_block_kind { LB_HEADING, LB_PARA, LB_BULLET };

struct letter_block {
	enum letter_block_kind kind;
	const char *text;         /* plain UTF-8 (NOT markup); '\n' starts a new line */
};

/* Every field may be NULL or "": it is simply left out. */
struct letter_doc {
	const char *la_name;      /* council name, printed top right, bold */
	const char *la_address;   /* several lines separated by '\n', printed under the name */
	const char *date_text;    /* e.g. "1 December 2026" */
	const char *case_ref;     /* e.g. "SM-000123", printed as "Our reference: SM-000123" */
	const char *title;        /* the letter's heading, large bold; also the PDF title */
	const struct letter_block *blocks;
	int nblocks;
	const char *legal;        /* footer on every page, small: the duty (e.g. "SEND
	                           * Regulations 2014, regulation 5") plus "Page N of M" */
	const char *recipient;    /* the address block, left, above the reference: the
	                           * name and address lines separated by '\n' */
};

/* Renders an A4 PDF and appends it to out.  Returns 0, or -1 with a message
 * in err (NULL doc or buffer, text that is not valid UTF-8, out of memory or
 * the buffer's cap reached, a cairo failure); on failure out is put back to
 * the length it had on entry.  Safe to call from several threads at once. */
int letter_pdf(const struct letter_doc *d, buf *out, char *err, size_t errlen);

#endif
