/* tmpl.h — email and letter templates: `{{field}}` merge (pure, no I/O).
 *
 * DESIGN: a template names the fields it uses; the caller passes the fields
 * a kind of message provides.  A field the caller does not provide is an
 * error naming the line — never an empty gap in a sent email — so the set of
 * values a kind can reach is fixed in C: an email's fields never include a
 * child's name (docs/templates.md).  Values are text: the renderer never
 * interprets them, and TM_LINE (subjects, letter blocks) turns line breaks
 * into spaces.  Letters are parsed into blocks before merging, so a value
 * cannot change a letter's structure.  Lines starting "#!" are comments.
 * Format reference: docs/templates.md.
 */
#ifndef SENDMIS_TMPL_H
#define SENDMIS_TMPL_H
#include "core/buf.h"
#include <stddef.h>

struct tmpl_val {
	const char *name;
	const char *value;   /* NULL renders as "" */
};

enum tmpl_mode { TM_TEXT, TM_LINE };

/* Merges src into out.  0, or -1 with "line N: …" in err (out then holds
 * nothing useful). */
int tmpl_merge(const char *src, const struct tmpl_val *v, int nv, enum tmpl_mode mode, int first_line,
               buf *out, char *err, size_t errlen);

/* An email: "Subject: …", a blank line, the body. */
int tmpl_email(const char *src, const struct tmpl_val *v, int nv, buf *subject, buf *body,
               char *err, size_t errlen);

enum tmpl_block_kind { TB_HEADING, TB_PARA, TB_BULLET };
#define TMPL_MAX_BLOCKS 200
struct tmpl_letter {
	buf title, legal;
	int n;
	struct { enum tmpl_block_kind kind; buf text; } b[TMPL_MAX_BLOCKS];
};
/* A letter: "Title: …", "Legal: …", a blank line, blocks separated by blank
 * lines ("# " heading, "- " bullet lines, else a paragraph). */
int tmpl_letter(const char *src, const struct tmpl_val *v, int nv, struct tmpl_letter *out,
                char *err, size_t errlen);
void tmpl_letter_free(struct tmpl_letter *l);

/* Names of the {{fields}} src uses, comma separated, each once, into out. */
void tmpl_fields_used(const char *src, buf *out);

#endif
